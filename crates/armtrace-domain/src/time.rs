//! When something happened. Old paper books give a day, new systems a moment: both are
//! kept as given (RFC 3339), and ordered on one time line.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A date (`2004-05-17`) or an instant (`2004-05-17T09:30:00Z`), as the source gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Occurred {
    /// Only the day is known.
    Date(NaiveDate),
    /// The moment is known.
    Instant(DateTime<Utc>),
}

/// A text that is neither an RFC 3339 date nor an RFC 3339 date-time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a date (YYYY-MM-DD) or an RFC 3339 date-time (YYYY-MM-DDThh:mm:ssZ)")]
pub struct InvalidTime(pub String);

impl Occurred {
    /// The moment used to order records on one time line: a date counts as its midnight UTC.
    pub fn instant(&self) -> DateTime<Utc> {
        match *self {
            Occurred::Date(d) => d.and_time(NaiveTime::MIN).and_utc(),
            Occurred::Instant(t) => t,
        }
    }

    /// The calendar day (UTC).
    pub fn date(&self) -> NaiveDate {
        match *self {
            Occurred::Date(d) => d,
            Occurred::Instant(t) => t.date_naive(),
        }
    }
}

impl FromStr for Occurred {
    type Err = InvalidTime;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            return Ok(Occurred::Date(d));
        }
        DateTime::parse_from_rfc3339(t)
            .map(|x| Occurred::Instant(x.with_timezone(&Utc)))
            .map_err(|_| InvalidTime(s.to_string()))
    }
}

impl fmt::Display for Occurred {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Occurred::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Occurred::Instant(t) => write!(
                f,
                "{}",
                t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
            ),
        }
    }
}

impl From<Occurred> for String {
    fn from(o: Occurred) -> String {
        o.to_string()
    }
}

impl TryFrom<String> for Occurred {
    type Error = InvalidTime;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_dates_and_instants() {
        for s in [
            "2004-05-17",
            "2004-05-17T09:30:00Z",
            "1999-12-31T23:59:59.250Z",
        ] {
            let o: Occurred = s.parse().expect("valid");
            assert_eq!(o.to_string(), s);
        }
        let o: Occurred = "2004-05-17T11:30:00+02:00".parse().expect("valid");
        assert_eq!(o.to_string(), "2004-05-17T09:30:00Z");
    }

    #[test]
    fn rejects_other_forms() {
        for s in ["17/05/2004", "2004-13-01", "", "2004-05-17 09:30"] {
            assert!(s.parse::<Occurred>().is_err(), "{s}");
        }
    }
}
