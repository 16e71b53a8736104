//! Where a store lives: a SQLite file or a PostgreSQL URL.

use std::fmt;
use std::path::PathBuf;

/// A store location.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

/// A text that is not a store location.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LocationError {
    /// Empty.
    #[error(
        "the store location is empty: give a SQLite file path (armtrace.db), sqlite:PATH, or postgres://USER@HOST:PORT/DATABASE"
    )]
    Empty,
    /// A URL scheme armtrace does not speak.
    #[error(
        "'{0}' is not a store location armtrace can open: use a SQLite file path (armtrace.db), sqlite:PATH, or postgres://USER@HOST:PORT/DATABASE"
    )]
    Scheme(String),
}

impl Location {
    /// Parses `PATH`, `sqlite:PATH`, `sqlite://PATH`, `postgres://…` or `postgresql://…`.
    pub fn parse(text: &str) -> Result<Location, LocationError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(LocationError::Empty);
        }
        if t.starts_with("postgres://") || t.starts_with("postgresql://") {
            return Ok(Location::Postgres(t.to_string()));
        }
        if let Some(rest) = t
            .strip_prefix("sqlite://")
            .or_else(|| t.strip_prefix("sqlite:"))
        {
            if rest.is_empty() {
                return Err(LocationError::Empty);
            }
            return Ok(Location::Sqlite(PathBuf::from(rest)));
        }
        if let Some((scheme, _)) = t.split_once("://")
            && !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '+')
        {
            return Err(LocationError::Scheme(mask(t)));
        }
        Ok(Location::Sqlite(PathBuf::from(t)))
    }
}

/// Hides a password in a URL.
fn mask(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(p) => write!(f, "sqlite:{}", p.display()),
            Location::Postgres(u) => f.write_str(&mask(u)),
        }
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_paths_and_urls() {
        assert_eq!(
            Location::parse("armtrace.db"),
            Ok(Location::Sqlite("armtrace.db".into()))
        );
        assert_eq!(
            Location::parse("sqlite:/tmp/x.db"),
            Ok(Location::Sqlite("/tmp/x.db".into()))
        );
        assert!(matches!(
            Location::parse("postgres://u@127.0.0.1/test"),
            Ok(Location::Postgres(_))
        ));
        assert_eq!(Location::parse(" "), Err(LocationError::Empty));
        assert!(matches!(
            Location::parse("mysql://root@x/db"),
            Err(LocationError::Scheme(_))
        ));
    }

    #[test]
    fn hides_passwords() {
        let l = Location::parse("postgres://app:s3cret@db:5432/armtrace").expect("valid");
        assert_eq!(l.to_string(), "postgres://app:***@db:5432/armtrace");
    }
}
