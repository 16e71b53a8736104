//! Header checking and cell access by column name, so columns may come in any order and
//! a misspelt header is refused rather than silently ignored.

// The format's own column names as keys: a fast hash, looked up for every cell.
use foldhash::HashMap;

/// A file's header that does not fit its format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// A column armtrace does not know.
    #[error("column '{column}' is not a column of a {format} file; the columns are: {known}")]
    Unknown {
        /// The column.
        column: String,
        /// The file format.
        format: &'static str,
        /// The known columns.
        known: String,
    },
    /// A required column is missing.
    #[error("a {format} file needs a '{column}' column")]
    Missing {
        /// The column.
        column: &'static str,
        /// The file format.
        format: &'static str,
    },
    /// A column appears twice.
    #[error("column '{0}' appears twice")]
    Twice(String),
}

/// The columns of one file format.
#[derive(Debug, Clone, Copy)]
pub struct Format {
    /// Its name in messages ("weapons").
    pub name: &'static str,
    /// Columns that must be present.
    pub required: &'static [&'static str],
    /// Columns that may be present.
    pub optional: &'static [&'static str],
}

/// Where each column of a file is.
#[derive(Debug, Clone)]
pub struct Columns {
    index: HashMap<&'static str, usize>,
}

impl Columns {
    /// Checks a header against a format.
    pub fn new(format: &Format, header: &csv::StringRecord) -> Result<Columns, HeaderError> {
        let mut index = HashMap::default();
        for (i, raw) in header.iter().enumerate() {
            let name = raw
                .trim()
                .trim_start_matches('\u{feff}')
                .to_ascii_lowercase();
            let known = format
                .required
                .iter()
                .chain(format.optional)
                .find(|c| **c == name);
            match known {
                Some(c) => {
                    if index.insert(*c, i).is_some() {
                        return Err(HeaderError::Twice(name));
                    }
                }
                None => {
                    return Err(HeaderError::Unknown {
                        column: raw.to_string(),
                        format: format.name,
                        known: format
                            .required
                            .iter()
                            .chain(format.optional)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                }
            }
        }
        for c in format.required {
            if !index.contains_key(c) {
                return Err(HeaderError::Missing {
                    column: c,
                    format: format.name,
                });
            }
        }
        Ok(Columns { index })
    }

    /// The trimmed cell of a column, empty when the column is absent.
    pub fn get<'r>(&self, record: &'r csv::StringRecord, column: &str) -> &'r str {
        self.index
            .get(column)
            .and_then(|i| record.get(*i))
            .map(str::trim)
            .unwrap_or("")
    }

    /// The cell, or `None` when empty.
    pub fn opt<'r>(&self, record: &'r csv::StringRecord, column: &str) -> Option<&'r str> {
        Some(self.get(record, column)).filter(|s| !s.is_empty())
    }
}
