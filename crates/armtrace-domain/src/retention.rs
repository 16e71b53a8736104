//! How long records are kept.
//!
//! The ITI (summarised in `shared/domain.md`; ITI plan A.2 in `001_457efa9667c1123e.txt`
//! asks States to implement its record-keeping commitments) requires manufacturing records
//! to be kept for at least 30 years and all other records (import, export, holding) for at
//! least 20; the PoA (II.9, `002_a5a242391c6e9d2d.txt`) says "for as long as possible".
//! armtrace therefore keeps everything by default, and no record can ever be released
//! before its minimum period has run.

use crate::event::EventKind;
use crate::ledger::Record;
use chrono::{Datelike, NaiveDate};

/// Minimum years a manufacturing record is kept.
pub const MANUFACTURING_YEARS: u16 = 30;
/// Minimum years every other record is kept.
pub const OTHER_YEARS: u16 = 20;

/// The retention class of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetentionClass {
    /// A record of manufacture: the registration (it carries the manufacture marking) and
    /// `manufactured` events. At least 30 years.
    Manufacturing,
    /// Every other record. At least 20 years.
    Other,
}

impl RetentionClass {
    /// The class of a record.
    pub fn of(record: &Record) -> Self {
        match record {
            Record::WeaponRegistered(_) => RetentionClass::Manufacturing,
            Record::WeaponEvent(e) if e.kind == EventKind::Manufactured => {
                RetentionClass::Manufacturing
            }
            _ => RetentionClass::Other,
        }
    }

    /// Minimum years kept.
    pub fn minimum_years(self) -> u16 {
        match self {
            RetentionClass::Manufacturing => MANUFACTURING_YEARS,
            RetentionClass::Other => OTHER_YEARS,
        }
    }
}

/// The retention policy of a registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetentionPolicy {
    /// Nothing is ever released (the default, PoA II.9 "as long as possible").
    #[default]
    KeepForever,
    /// Records may be released once their minimum period has run and the weapon's
    /// history has ended (destroyed or exported) that long ago.
    Minimum,
}

/// The first day a record dated `on` may be released under `class`: never earlier.
pub fn earliest_release(class: RetentionClass, on: NaiveDate) -> NaiveDate {
    let years = i32::from(class.minimum_years());
    on.with_year(on.year() + years)
        .or_else(|| NaiveDate::from_ymd_opt(on.year() + years, 3, 1))
        .unwrap_or(NaiveDate::MAX)
}

/// A release refused by the retention rules.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RetentionError {
    /// The registry keeps everything.
    #[error("this registry keeps every record for ever (retention policy keep-forever)")]
    KeepForever,
    /// The minimum period has not run.
    #[error("a {class:?} record dated {on} must be kept until at least {until}")]
    TooEarly {
        /// The class.
        class: RetentionClass,
        /// The record's date.
        on: NaiveDate,
        /// The earliest release date.
        until: NaiveDate,
    },
}

/// Whether a record dated `on` may be released `today` under `policy`.
pub fn may_release(
    policy: RetentionPolicy,
    class: RetentionClass,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<(), RetentionError> {
    match policy {
        RetentionPolicy::KeepForever => Err(RetentionError::KeepForever),
        RetentionPolicy::Minimum => {
            let until = earliest_release(class, on);
            if today < until {
                Err(RetentionError::TooEarly { class, on, until })
            } else {
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn nothing_is_released_by_default() {
        assert_eq!(
            may_release(
                RetentionPolicy::default(),
                RetentionClass::Other,
                d(1950, 1, 1),
                d(2026, 1, 1)
            ),
            Err(RetentionError::KeepForever)
        );
    }

    #[test]
    fn manufacturing_records_are_kept_thirty_years_others_twenty() {
        let p = RetentionPolicy::Minimum;
        assert!(
            may_release(
                p,
                RetentionClass::Manufacturing,
                d(2000, 6, 1),
                d(2030, 5, 31)
            )
            .is_err()
        );
        assert!(
            may_release(
                p,
                RetentionClass::Manufacturing,
                d(2000, 6, 1),
                d(2030, 6, 1)
            )
            .is_ok()
        );
        assert!(may_release(p, RetentionClass::Other, d(2000, 6, 1), d(2020, 5, 31)).is_err());
        assert!(may_release(p, RetentionClass::Other, d(2000, 6, 1), d(2020, 6, 1)).is_ok());
        assert_eq!(
            earliest_release(RetentionClass::Other, d(2004, 2, 29)),
            d(2024, 2, 29)
        );
        assert_eq!(
            earliest_release(RetentionClass::Manufacturing, d(2004, 2, 29)),
            d(2034, 3, 1)
        );
    }
}
