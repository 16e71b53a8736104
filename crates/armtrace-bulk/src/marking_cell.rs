//! The `markings` cell of the CSV formats: zero or more markings separated by `;`, each
//! `kind/place[/country[/year]]=text`, with `;` and `\` in the text written `\;` and `\\`
//! (see `docs/import-format.md`).

use armtrace_domain::vocab::Vocabulary;
use armtrace_domain::{CountryCode, Marking, MarkingKind, MarkingPlace};

/// A markings cell that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CellError {
    /// A marking has no `=` between its description and its text.
    #[error("marking {0} has no '=': write kind/place[/country[/year]]=text")]
    NoEquals(usize),
    /// A marking's description has too few or too many parts.
    #[error("marking {0}: '{1}' must be kind/place, kind/place/country or kind/place/country/year")]
    Parts(usize, String),
    /// A part is not valid.
    #[error("marking {0}: {1}")]
    Part(usize, String),
    /// A backslash ends the cell or escapes something other than `;` or `\`.
    #[error("marking {0}: a backslash may only escape ';' or '\\'")]
    Escape(usize),
    /// A marking's text is empty.
    #[error("marking {0} has no text after '='")]
    EmptyText(usize),
}

/// Splits on unescaped `;` and unescapes; each part keeps its 1-based number.
fn split(cell: &str) -> Result<Vec<String>, CellError> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(x @ (';' | '\\')) => cur.push(x),
                _ => return Err(CellError::Escape(parts.len() + 1)),
            },
            ';' => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    Ok(parts)
}

/// Parses one marking `kind/place[/country[/year]]=text` (already unescaped); `n` numbers
/// it in messages.
pub fn parse_one(n: usize, part: &str) -> Result<Marking, CellError> {
    let (head, text) = part.split_once('=').ok_or(CellError::NoEquals(n))?;
    if text.trim().is_empty() {
        return Err(CellError::EmptyText(n));
    }
    let fields: Vec<&str> = head.split('/').map(str::trim).collect();
    if !(2..=4).contains(&fields.len()) {
        return Err(CellError::Parts(n, head.to_string()));
    }
    let kind = MarkingKind::parse(fields[0]).map_err(|e| CellError::Part(n, e.to_string()))?;
    let place = MarkingPlace::parse(fields[1]).map_err(|e| CellError::Part(n, e.to_string()))?;
    let country = match fields.get(2) {
        Some(c) if !c.is_empty() => Some(
            c.parse::<CountryCode>()
                .map_err(|e| CellError::Part(n, e.to_string()))?,
        ),
        _ => None,
    };
    let year = match fields.get(3) {
        Some(y) if !y.is_empty() => Some(
            y.parse::<u16>()
                .ok()
                .filter(|y| *y >= 1000)
                .ok_or_else(|| CellError::Part(n, format!("'{y}' is not a four-digit year")))?,
        ),
        _ => None,
    };
    Ok(Marking {
        kind,
        place,
        text: text.to_string(),
        country,
        year,
    })
}

/// Parses a whole markings cell; an empty cell holds no marking.
pub fn parse(cell: &str) -> Result<Vec<Marking>, CellError> {
    if cell.trim().is_empty() {
        return Ok(Vec::new());
    }
    split(cell)?
        .iter()
        .enumerate()
        .map(|(i, p)| parse_one(i + 1, p))
        .collect()
}

/// Parses a cell that must hold exactly one marking (the events file's `marking`).
pub fn parse_single(cell: &str) -> Result<Option<Marking>, CellError> {
    let mut v = parse(cell)?;
    match v.len() {
        0 => Ok(None),
        1 => Ok(v.pop()),
        _ => Err(CellError::Parts(
            2,
            "only one marking is allowed here".into(),
        )),
    }
}

/// Writes markings in cell syntax.
pub fn format(markings: &[Marking]) -> String {
    markings
        .iter()
        .map(|m| {
            let mut head = format!("{}/{}", m.kind.name(), m.place.name());
            if m.country.is_some() || m.year.is_some() {
                head.push('/');
                if let Some(c) = m.country {
                    head.push_str(c.as_str());
                }
            }
            if let Some(y) = m.year {
                head.push_str(&format!("/{y}"));
            }
            let text = m.text.replace('\\', "\\\\").replace(';', "\\;");
            format!("{head}={text}")
        })
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_the_documented_example() {
        let m =
            parse("import/frame/GB/2004=GB 04 AB;alternative_code/barrel=◇△ 0451").expect("valid");
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].kind, MarkingKind::Import);
        assert_eq!(m[0].country.map(|c| c.to_string()), Some("GB".into()));
        assert_eq!(m[0].year, Some(2004));
        assert_eq!(m[1].text, "◇△ 0451");
        assert_eq!(
            format(&m),
            "import/frame/GB/2004=GB 04 AB;alternative_code/barrel=◇△ 0451"
        );
    }

    #[test]
    fn escapes_separators_in_text() {
        let m = parse(r"other/slide=A\;B\\C").expect("valid");
        assert_eq!(m[0].text, r"A;B\C");
        assert_eq!(format(&m), r"other/slide=A\;B\\C");
    }

    #[test]
    fn says_what_is_wrong() {
        assert_eq!(parse("manufacture/frame"), Err(CellError::NoEquals(1)));
        assert!(matches!(parse("stamp/frame=X"), Err(CellError::Part(1, _))));
        assert!(matches!(
            parse("import/frame/XX=X"),
            Err(CellError::Part(1, _))
        ));
        assert!(matches!(
            parse("import/frame/DE/99=X"),
            Err(CellError::Part(1, _))
        ));
        assert_eq!(parse(r"other/frame=A\x"), Err(CellError::Escape(1)));
        assert_eq!(parse("other/frame="), Err(CellError::EmptyText(1)));
        assert!(matches!(parse("other=A"), Err(CellError::Parts(1, _))));
    }

    fn marking() -> impl Strategy<Value = Marking> {
        (
            prop::sample::select(MarkingKind::ALL.to_vec()),
            prop::sample::select(MarkingPlace::ALL.to_vec()),
            prop::option::of(prop::sample::select(vec!["DE", "RU", "CN", "BR", "KE"])),
            prop::option::of(1000u16..2100),
            "[^\u{0}]{1,20}".prop_filter("text must hold something", |t| !t.trim().is_empty()),
        )
            .prop_map(|(kind, place, country, year, text)| Marking {
                kind,
                place,
                text,
                country: country.and_then(|c| c.parse().ok()),
                year,
            })
    }

    proptest! {
        #[test]
        fn never_panics_on_any_cell(cell in "\\PC{0,60}") {
            let _ = parse(&cell);
        }

        #[test]
        fn format_then_parse_gives_back_the_markings(ms in prop::collection::vec(marking(), 0..4)) {
            prop_assert_eq!(parse(&format(&ms)), Ok(ms));
        }
    }
}
