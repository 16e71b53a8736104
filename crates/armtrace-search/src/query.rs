//! The query language (see `docs/search.md`).
//!
//! ```text
//! query   = { filter | word } ;  words together are the reading, spaces are separators
//! filter  = name ":" value       ;  value may be "double quoted"; commas give alternatives
//! name    = make | model | calibre | category | country | year | status
//! reading = serial as read, with  ?  one unreadable character
//!                                 *  any run (maybe empty) of unreadable characters
//!           and an optional edit budget suffix  ~1  or  ~2
//! ```
//!
//! Example: `make:glock year:1990-2000 status:seized BKR1?3~1`.

use std::fmt;

use crate::normalize::{normalize, skeleton_char};

/// The largest edit budget a query may ask for (`~2`).
pub const MAX_EDIT_BUDGET: u8 = 2;

/// The longest reading, in characters after normalisation (wildcards count one each).
pub const MAX_READING_CHARS: usize = 48;

/// What is wrong with a query. Each message names the offending part.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// No reading at all (blank, or filters only).
    #[error(
        "the query has no marking to search for: type the serial as read, e.g. `KR1234` or `KR12?4`"
    )]
    Empty,
    /// The reading has wildcards but no readable character.
    #[error(
        "`{reading}` has only wildcards: give at least one readable letter or digit (`?` is one unreadable character, `*` a run of them)"
    )]
    OnlyWildcards {
        /// The reading as typed.
        reading: String,
    },
    /// The edit budget is above [`MAX_EDIT_BUDGET`].
    #[error("edit budget `~{given}` is above the maximum `~{max}`")]
    BudgetTooHigh {
        /// The budget asked for.
        given: u64,
        /// The maximum.
        max: u8,
    },
    /// A `~` that is not a budget suffix.
    #[error(
        "`{text}`: an edit budget is `~1` or `~2` at the very end of the reading (a `~` elsewhere is not allowed)"
    )]
    BadBudget {
        /// The part of the query at fault.
        text: String,
    },
    /// A `name:` that is not a known filter.
    #[error(
        "unknown filter `{name}:`; the filters are make, model, calibre, category, country, year and status"
    )]
    UnknownFilter {
        /// The name as typed.
        name: String,
    },
    /// A filter with nothing after the colon.
    #[error("filter `{name}:` has no value")]
    EmptyFilter {
        /// The filter name.
        name: String,
    },
    /// A `year:` value that is not a year or a range.
    #[error("`year:{value}`: give a year (1990) or a range (1990-2000, 1990-, -2000)")]
    BadYear {
        /// The value as typed.
        value: String,
    },
    /// A year range whose start is after its end.
    #[error("year range {from}-{to} ends before it starts")]
    YearRangeReversed {
        /// Start of the range.
        from: u16,
        /// End of the range.
        to: u16,
    },
    /// A `country:` value that is not a two-letter ISO 3166-1 code.
    #[error("`country:{value}`: give a two-letter ISO 3166-1 code such as BE or RU")]
    BadCountry {
        /// The value as typed.
        value: String,
    },
    /// A double quote that is never closed.
    #[error("a double quote is not closed: `{text}`")]
    UnclosedQuote {
        /// The query text from the opening quote.
        text: String,
    },
    /// The reading is longer than [`MAX_READING_CHARS`].
    #[error("the reading has {len} characters after normalisation; at most {max} are supported")]
    TooLong {
        /// Its length.
        len: usize,
        /// The maximum.
        max: usize,
    },
}

/// One element of a reading, on skeleton characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Token {
    /// A readable character (skeleton form).
    Lit(char),
    /// `?`: exactly one unreadable character.
    One,
    /// `*`: any run, possibly empty, of unreadable characters.
    Run,
}

/// How many misreads beyond the confusion table a search allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditBudget {
    /// No `~N` given: a plain reading is widened to one edit when it finds fewer hits than
    /// asked for; a reading with wildcards only when it finds none.
    Auto,
    /// `~N`: up to N substitutions, insertions, deletions or transpositions.
    Max(u8),
}

/// Filters on the weapon's record. Values compare after [`normalize`] (case, spaces and
/// dashes do not matter: `ak-47` equals `AK 47`); several values of one filter are
/// alternatives; different filters must all hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Manufacturer names.
    pub make: Vec<String>,
    /// Model names.
    pub model: Vec<String>,
    /// Calibres.
    pub calibre: Vec<String>,
    /// Categories.
    pub category: Vec<String>,
    /// Countries of manufacture, ISO 3166-1 alpha-2.
    pub country: Vec<String>,
    /// Year of manufacture, inclusive range.
    pub year: Option<(u16, u16)>,
    /// Record statuses.
    pub status: Vec<String>,
}

impl Filters {
    /// True when no filter is set.
    pub fn is_empty(&self) -> bool {
        self.make.is_empty()
            && self.model.is_empty()
            && self.calibre.is_empty()
            && self.category.is_empty()
            && self.country.is_empty()
            && self.year.is_none()
            && self.status.is_empty()
    }
}

/// A parsed query: a reading, an edit budget and filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    reading: String,
    tokens: Vec<Token>,
    normalized: Vec<Option<char>>,
    budget: EditBudget,
    filters: Filters,
}

/// Parses a query string; see the module documentation and `docs/search.md`.
///
/// ```
/// use armtrace_search::{parse_query, EditBudget};
/// let q = parse_query("make:glock year:1990-2000 BKR1?3~1").unwrap();
/// assert_eq!(q.budget(), EditBudget::Max(1));
/// assert_eq!(q.filters().year, Some((1990, 2000)));
/// assert_eq!(q.reading(), "BKR1?3");
/// ```
pub fn parse_query(input: &str) -> Result<Query, QueryError> {
    let mut filters = Filters::default();
    let mut words = Vec::new();
    for word in split_words(input)? {
        match filter_name(&word) {
            Some((name, value)) => add_filter(&mut filters, &name, &value)?,
            None => words.push(word),
        }
    }
    let mut query = Query::from_reading(&words.join(" "))?;
    query.filters = filters;
    Ok(query)
}

/// Splits on whitespace, keeping "double quoted" runs together (quotes removed).
fn split_words(input: &str) -> Result<Vec<String>, QueryError> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_quote: Option<usize> = None;
    for (i, c) in input.char_indices() {
        match c {
            '"' => {
                in_quote = match in_quote {
                    Some(_) => None,
                    None => Some(i),
                }
            }
            c if c.is_whitespace() && in_quote.is_none() => {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if let Some(start) = in_quote {
        return Err(QueryError::UnclosedQuote {
            text: input[start..].to_owned(),
        });
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    Ok(words)
}

/// `name:value` when the word starts with a filter-like name (ASCII letters, then `:`).
fn filter_name(word: &str) -> Option<(String, String)> {
    let (name, value) = word.split_once(':')?;
    (name.len() >= 2 && name.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| (name.to_ascii_lowercase(), value.to_owned()))
}

fn add_filter(f: &mut Filters, name: &str, value: &str) -> Result<(), QueryError> {
    let values: Vec<String> = value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect();
    if values.is_empty() {
        return Err(QueryError::EmptyFilter {
            name: name.to_owned(),
        });
    }
    let target = match name {
        "make" | "manufacturer" => &mut f.make,
        "model" => &mut f.model,
        "calibre" | "caliber" => &mut f.calibre,
        "category" => &mut f.category,
        "status" => &mut f.status,
        "country" => {
            for v in &values {
                check_country(v)?;
            }
            &mut f.country
        }
        "year" => {
            f.year = Some(parse_years(value)?);
            return Ok(());
        }
        _ => {
            return Err(QueryError::UnknownFilter {
                name: name.to_owned(),
            });
        }
    };
    target.extend(values);
    Ok(())
}

fn check_country(v: &str) -> Result<(), QueryError> {
    if v.len() == 2 && v.chars().all(|c| c.is_ascii_alphabetic()) {
        Ok(())
    } else {
        Err(QueryError::BadCountry {
            value: v.to_owned(),
        })
    }
}

fn parse_years(value: &str) -> Result<(u16, u16), QueryError> {
    let bad = || QueryError::BadYear {
        value: value.to_owned(),
    };
    let year = |s: &str| -> Result<u16, QueryError> {
        let s = s.trim();
        if s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) {
            s.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let (from, to) = match value.split_once('-') {
        None => {
            let y = year(value)?;
            (y, y)
        }
        Some((a, b)) if a.trim().is_empty() && b.trim().is_empty() => return Err(bad()),
        Some((a, b)) => (
            if a.trim().is_empty() { 0 } else { year(a)? },
            if b.trim().is_empty() {
                u16::MAX
            } else {
                year(b)?
            },
        ),
    };
    if from > to {
        return Err(QueryError::YearRangeReversed { from, to });
    }
    Ok((from, to))
}

impl Query {
    /// A query of a reading alone (no filters in it): `?`, `*` and a `~N` suffix work as
    /// in [`parse_query`]; `name:value` words are *not* filters here.
    pub fn from_reading(text: &str) -> Result<Query, QueryError> {
        let (reading, budget) = split_budget(text.trim())?;
        let mut tokens = Vec::new();
        let mut normalized = Vec::new();
        let mut literal = String::new();
        let flush =
            |literal: &mut String, tokens: &mut Vec<Token>, norm: &mut Vec<Option<char>>| {
                for c in normalize(literal).chars() {
                    tokens.push(Token::Lit(skeleton_char(c)));
                    norm.push(Some(c));
                }
                literal.clear();
            };
        for c in unicode_normalization::UnicodeNormalization::nfkc(reading.chars()) {
            match c {
                '?' | '*' => {
                    flush(&mut literal, &mut tokens, &mut normalized);
                    let t = if c == '?' { Token::One } else { Token::Run };
                    if !(t == Token::Run && tokens.last() == Some(&Token::Run)) {
                        tokens.push(t);
                        normalized.push(None);
                    }
                }
                c => literal.push(c),
            }
        }
        flush(&mut literal, &mut tokens, &mut normalized);
        if tokens.is_empty() {
            return Err(QueryError::Empty);
        }
        if !tokens.iter().any(|t| matches!(t, Token::Lit(_))) {
            return Err(QueryError::OnlyWildcards {
                reading: reading.to_owned(),
            });
        }
        if tokens.len() > MAX_READING_CHARS {
            return Err(QueryError::TooLong {
                len: tokens.len(),
                max: MAX_READING_CHARS,
            });
        }
        Ok(Query {
            reading: reading.to_owned(),
            tokens,
            normalized,
            budget,
            filters: Filters::default(),
        })
    }

    /// The reading as typed, without the budget suffix and filters.
    pub fn reading(&self) -> &str {
        &self.reading
    }

    /// The pattern on skeleton characters.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The normalised (not skeleton) character of each token; `None` for wildcards.
    pub(crate) fn normalized_chars(&self) -> &[Option<char>] {
        &self.normalized
    }

    /// True when the reading has `?` or `*`.
    pub fn has_wildcards(&self) -> bool {
        self.tokens.iter().any(|t| !matches!(t, Token::Lit(_)))
    }

    /// The edit budget.
    pub fn budget(&self) -> EditBudget {
        self.budget
    }

    /// The filters.
    pub fn filters(&self) -> &Filters {
        &self.filters
    }

    /// The filters, to change.
    pub fn filters_mut(&mut self) -> &mut Filters {
        &mut self.filters
    }

    /// Sets the edit budget (as `~N` would).
    pub fn with_budget(mut self, max_edits: u8) -> Result<Query, QueryError> {
        if max_edits > MAX_EDIT_BUDGET {
            return Err(QueryError::BudgetTooHigh {
                given: max_edits.into(),
                max: MAX_EDIT_BUDGET,
            });
        }
        self.budget = EditBudget::Max(max_edits);
        Ok(self)
    }

    /// Adds a manufacturer (as `make:` would).
    pub fn make(mut self, v: impl Into<String>) -> Query {
        self.filters.make.push(v.into());
        self
    }

    /// Adds a model (as `model:` would).
    pub fn model(mut self, v: impl Into<String>) -> Query {
        self.filters.model.push(v.into());
        self
    }

    /// Adds a calibre (as `calibre:` would).
    pub fn calibre(mut self, v: impl Into<String>) -> Query {
        self.filters.calibre.push(v.into());
        self
    }

    /// Adds a category (as `category:` would).
    pub fn category(mut self, v: impl Into<String>) -> Query {
        self.filters.category.push(v.into());
        self
    }

    /// Adds a country of manufacture (as `country:` would).
    pub fn country(mut self, v: impl Into<String>) -> Result<Query, QueryError> {
        let v = v.into();
        check_country(&v)?;
        self.filters.country.push(v);
        Ok(self)
    }

    /// Restricts the year of manufacture to `from..=to` (as `year:from-to` would).
    pub fn years(mut self, from: u16, to: u16) -> Result<Query, QueryError> {
        if from > to {
            return Err(QueryError::YearRangeReversed { from, to });
        }
        self.filters.year = Some((from, to));
        Ok(self)
    }

    /// Restricts the year of manufacture with the text of a `year:` filter
    /// (`1990`, `1990-2000`, `1990-`, `-2000`).
    pub fn years_text(mut self, value: &str) -> Result<Query, QueryError> {
        self.filters.year = Some(parse_years(value)?);
        Ok(self)
    }

    /// Adds a status (as `status:` would).
    pub fn status(mut self, v: impl Into<String>) -> Query {
        self.filters.status.push(v.into());
        self
    }
}

fn split_budget(text: &str) -> Result<(&str, EditBudget), QueryError> {
    let Some(pos) = text.rfind('~') else {
        return Ok((text, EditBudget::Auto));
    };
    let (reading, suffix) = (&text[..pos], &text[pos + 1..]);
    let bad = || QueryError::BadBudget {
        text: text[pos..].to_owned(),
    };
    if reading.contains('~') || suffix.is_empty() || !suffix.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let given: u64 = suffix.parse().unwrap_or(u64::MAX);
    if given > u64::from(MAX_EDIT_BUDGET) {
        return Err(QueryError::BudgetTooHigh {
            given,
            max: MAX_EDIT_BUDGET,
        });
    }
    // `given` is at most MAX_EDIT_BUDGET here.
    Ok((reading.trim_end(), EditBudget::Max(given as u8)))
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Lit(c) => write!(f, "{c}"),
            Token::One => f.write_str("?"),
            Token::Run => f.write_str("*"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> String {
        parse_query(s)
            .map(|q| q.tokens().iter().map(ToString::to_string).collect())
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn readings() {
        assert_eq!(toks("kr-12 34"), "KR1234");
        assert_eq!(toks("КР١٢"), "KP12");
        assert_eq!(toks("*12??3**"), "*12??3*");
        assert_eq!(toks("AB 1?3 ~1"), "AB1?3");
        assert_eq!(toks("ab\u{FF1F}1"), "AB?1");
    }

    #[test]
    fn filters_and_budget() {
        let q = parse_query("make:glock model:\"G 17\" calibre:9x19 category:pistol country:at year:1990- status:seized,lost BKR1?3~2")
            .expect("valid");
        assert_eq!(q.reading(), "BKR1?3");
        assert_eq!(q.budget(), EditBudget::Max(2));
        let f = q.filters();
        assert_eq!(f.make, vec!["glock"]);
        assert_eq!(f.model, vec!["G 17"]);
        assert_eq!(f.calibre, vec!["9x19"]);
        assert_eq!(f.category, vec!["pistol"]);
        assert_eq!(f.country, vec!["at"]);
        assert_eq!(f.year, Some((1990, u16::MAX)));
        assert_eq!(f.status, vec!["seized", "lost"]);
        assert_eq!(
            parse_query("x1 year:-2000").map(|q| q.filters().year),
            Ok(Some((0, 2000)))
        );
        assert_eq!(
            parse_query("x1 year:1995").map(|q| q.filters().year),
            Ok(Some((1995, 1995)))
        );
    }

    #[test]
    fn builder() {
        let q = Query::from_reading("KR12")
            .and_then(|q| q.make("Izhmash").years(1970, 1980))
            .and_then(|q| q.with_budget(1))
            .expect("valid");
        assert_eq!(q.filters().make, vec!["Izhmash"]);
        assert_eq!(q.budget(), EditBudget::Max(1));
        assert!(
            Query::from_reading("x")
                .and_then(|q| q.with_budget(3))
                .is_err()
        );
    }

    #[test]
    fn errors_have_clear_messages() {
        let err = |s: &str| match parse_query(s) {
            Err(e) => e.to_string(),
            Ok(q) => panic!("{s:?} parsed as {q:?}"),
        };
        assert_eq!(
            err(""),
            "the query has no marking to search for: type the serial as read, e.g. `KR1234` or `KR12?4`"
        );
        assert_eq!(err("  - / "), err(""));
        assert_eq!(err("make:glock"), err(""));
        assert_eq!(
            err("*??*"),
            "`*??*` has only wildcards: give at least one readable letter or digit (`?` is one unreadable character, `*` a run of them)"
        );
        assert_eq!(err("AB12~3"), "edit budget `~3` is above the maximum `~2`");
        assert_eq!(
            err("AB12~99999999999999999999"),
            "edit budget `~18446744073709551615` is above the maximum `~2`"
        );
        assert_eq!(
            err("AB~1 12"),
            "`~1 12`: an edit budget is `~1` or `~2` at the very end of the reading (a `~` elsewhere is not allowed)"
        );
        assert!(err("AB12~").starts_with("`~`: an edit budget"));
        assert_eq!(
            err("colour:red AB12"),
            "unknown filter `colour:`; the filters are make, model, calibre, category, country, year and status"
        );
        assert_eq!(err("make: AB12"), "filter `make:` has no value");
        assert_eq!(
            err("year:19x0 AB12"),
            "`year:19x0`: give a year (1990) or a range (1990-2000, 1990-, -2000)"
        );
        assert_eq!(
            err("year:2000-1990 AB12"),
            "year range 2000-1990 ends before it starts"
        );
        assert_eq!(
            err("country:Russia AB12"),
            "`country:Russia`: give a two-letter ISO 3166-1 code such as BE or RU"
        );
        assert_eq!(
            err("model:\"AK 47 AB12"),
            "a double quote is not closed: `\"AK 47 AB12`"
        );
        assert_eq!(
            err(&"A".repeat(49)),
            "the reading has 49 characters after normalisation; at most 48 are supported"
        );
    }
}
