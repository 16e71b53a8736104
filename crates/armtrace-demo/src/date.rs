//! Calendar dates as days since 1970-01-01 (proleptic Gregorian), written `YYYY-MM-DD`.
//!
//! The generator only needs dates, not times or zones, so it counts days (H. Hinnant's
//! civil-from-days algorithms) instead of pulling in a date library.

/// Days since 1970-01-01 of `year-month-day`.
pub(crate) fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `(year, month, day)` of a day count since 1970-01-01.
pub(crate) fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i32::from(m <= 2);
    (y, m, d)
}

/// The year of a day count.
pub(crate) fn year_of(days: i32) -> i32 {
    civil_from_days(days).0
}

/// First day of `year`.
pub(crate) fn year_start(year: i32) -> i32 {
    days_from_civil(year, 1, 1)
}

/// `YYYY-MM-DD`.
pub(crate) fn format(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(format(0), "1970-01-01");
        assert_eq!(format(days_from_civil(2024, 2, 29)), "2024-02-29");
        for d in -30_000..30_000 {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
    }
}
