//! How long an outbox waits before it tries a delivery again (`docs/exchange.md` §10):
//! exponential backoff with full jitter. After the failed attempt number `attempt`
//! (counted from 0), the wait is drawn uniformly from
//! `[0, min(cap, base × 2^attempt))`, so that many senders retrying after the same
//! outage spread out instead of arriving together.
//!
//! The random draw is the caller's (`unit`, uniform in [0, 1)): this module stays
//! deterministic and testable.

use std::time::Duration;

/// Exponential backoff with full jitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The ceiling of the first wait (attempt 0); it doubles with every attempt.
    pub base: Duration,
    /// The largest ceiling: no wait is longer.
    pub cap: Duration,
}

impl Default for Backoff {
    /// The protocol's default: base 2 s, cap 1 h.
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(2),
            cap: Duration::from_secs(60 * 60),
        }
    }
}

/// The largest `f64` below 1.
const BELOW_ONE: f64 = 1.0 - f64::EPSILON / 2.0;

impl Backoff {
    /// The ceiling after failed attempt `attempt`: `min(cap, base × 2^attempt)`,
    /// saturating instead of overflowing.
    fn ceiling(&self, attempt: u32) -> Duration {
        if self.base.is_zero() {
            return Duration::ZERO;
        }
        let mut d = self.base;
        let mut left = attempt;
        // At most about 95 doublings take any non-zero duration past any cap.
        while left > 0 && d < self.cap {
            d = d.saturating_mul(2);
            left -= 1;
        }
        d.min(self.cap)
    }

    /// The wait after failed attempt `attempt` (0 for the first failure): `unit` ×
    /// `min(cap, base × 2^attempt)` in whole nanoseconds rounded down, with `unit` a
    /// uniform random number in [0, 1) (clamped to it; NaN counts as 0). Never
    /// overflows or panics, is below the ceiling (or zero when the ceiling is), so
    /// never reaches `cap`, and grows with `unit`.
    pub fn delay(&self, attempt: u32, unit: f64) -> Duration {
        let unit = if unit.is_nan() {
            0.0
        } else {
            unit.clamp(0.0, BELOW_ONE)
        };
        let ceiling = self.ceiling(attempt).as_nanos();
        // Whole nanoseconds, rounded down, and strictly below a non-zero ceiling.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let nanos = ((ceiling as f64) * unit) as u128;
        let nanos = nanos.min(ceiling.saturating_sub(1));
        const NANOS_PER_SEC: u128 = 1_000_000_000;
        let secs = u64::try_from(nanos / NANOS_PER_SEC).unwrap_or(u64::MAX);
        // The remainder is below 10^9 and fits.
        let sub = u32::try_from(nanos % NANOS_PER_SEC).unwrap_or(0);
        Duration::new(secs, sub)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn default_doubles_from_two_seconds_to_an_hour() {
        let b = Backoff::default();
        let almost = BELOW_ONE;
        let secs = |a| b.delay(a, almost).as_secs_f64();
        assert!((secs(0) - 2.0).abs() < 1e-6);
        assert!((secs(1) - 4.0).abs() < 1e-6);
        assert!((secs(10) - 2048.0).abs() < 1e-6);
        assert!((secs(11) - 3600.0).abs() < 1e-6);
        assert!((secs(u32::MAX) - 3600.0).abs() < 1e-6);
        assert_eq!(b.delay(5, 0.0), Duration::ZERO);
        assert_eq!(b.delay(3, 0.5), Duration::from_secs(8));
        assert_eq!(b.delay(0, 0.25), Duration::from_millis(500));
    }

    #[test]
    fn unit_is_clamped() {
        let b = Backoff::default();
        assert_eq!(b.delay(0, -3.0), Duration::ZERO);
        assert_eq!(b.delay(0, f64::NAN), Duration::ZERO);
        assert_eq!(b.delay(0, f64::NEG_INFINITY), Duration::ZERO);
        assert!(b.delay(0, 1.0) < Duration::from_secs(2));
        assert!(b.delay(0, f64::INFINITY) < Duration::from_secs(2));
        assert_eq!(b.delay(0, 1.0), b.delay(0, 7.0));
    }

    #[test]
    fn extremes_do_not_overflow() {
        let huge = Backoff {
            base: Duration::MAX,
            cap: Duration::MAX,
        };
        assert!(huge.delay(u32::MAX, BELOW_ONE) > Duration::from_secs(u64::MAX / 2));
        let zero = Backoff {
            base: Duration::ZERO,
            cap: Duration::MAX,
        };
        assert_eq!(zero.delay(u32::MAX, 0.9), Duration::ZERO);
        let tiny = Backoff {
            base: Duration::from_nanos(1),
            cap: Duration::MAX,
        };
        assert!(tiny.delay(u32::MAX, 0.5) > Duration::from_secs(1 << 60));
        let inverted = Backoff {
            base: Duration::from_secs(10),
            cap: Duration::from_secs(1),
        };
        assert!(inverted.delay(0, BELOW_ONE) <= Duration::from_secs(1));
    }

    fn duration() -> impl Strategy<Value = Duration> {
        prop_oneof![
            (0u64..10_000).prop_map(Duration::from_millis),
            any::<u64>().prop_map(Duration::from_nanos),
            (any::<u64>(), 0u32..1_000_000_000).prop_map(|(s, n)| Duration::new(s, n)),
            Just(Duration::MAX),
        ]
    }

    proptest! {
        #[test]
        fn within_the_cap_and_monotone_in_unit(
            base in duration(),
            cap in duration(),
            attempt in prop_oneof![0u32..80, any::<u32>()],
            u in any::<f64>().prop_filter("a number", |x| !x.is_nan()),
            v in any::<f64>().prop_filter("a number", |x| !x.is_nan()),
        ) {
            let b = Backoff { base, cap };
            let (lo, hi) = if u <= v { (u, v) } else { (v, u) };
            let (d_lo, d_hi) = (b.delay(attempt, lo), b.delay(attempt, hi));
            prop_assert!(d_hi <= cap);
            prop_assert!(d_hi < cap || cap.is_zero() || base.is_zero());
            prop_assert!(d_lo <= d_hi, "{d_lo:?} > {d_hi:?} for {lo} <= {hi}");
            // The ceiling grows with the attempt, up to the cap.
            prop_assert!(b.delay(attempt, 0.75) <= b.delay(attempt.saturating_add(1), 0.75));
        }
    }
}
