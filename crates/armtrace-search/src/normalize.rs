//! Normalisation of marking text.
//!
//! Two layers, both documented in `docs/search.md`:
//!
//! 1. [`normalize`]: Unicode NFKC, every Unicode decimal digit form (Arabic-Indic,
//!    Extended Arabic-Indic, Devanagari, …) to its ASCII digit, case folding to upper case
//!    (markings are stamped in capitals) and removal of every separator (anything that is
//!    not a letter or a digit: spaces, dashes, dots, slashes, combining marks, controls).
//!    Two readings that are equal after this are the *same* reading.
//! 2. [`skeleton`]: the normalised text with every non-ASCII letter that looks like an
//!    ASCII letter or digit replaced by it, using the confusables data of Unicode
//!    Technical Standard #39 through the `unicode-security` crate: Cyrillic `К` and Greek
//!    `Κ` become `K`, `Ö` becomes `O`. ASCII characters are never merged with each other
//!    here: `0` and `O` stay apart and are handled by the weighted
//!    [`crate::confusion`] table, so that an exact reading still ranks first.
//!
//! The skeleton is what the index stores. It maps each character of the normalised text to
//! exactly one character, so positions in one are positions in the other.

use unicode_normalization::UnicodeNormalization;

/// Code points of the digit zero of every Unicode block of decimal digits (general category
/// `Nd`) that NFKC leaves alone. Each block holds the digits 0 to 9 in order.
const DIGIT_ZEROS: &[u32] = &[
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The ASCII digit for any Unicode decimal digit (`٣` → `3`, `۷` → `7`, `३` → `3`), or
/// `None` for anything else.
pub fn ascii_digit(c: char) -> Option<char> {
    if c.is_ascii_digit() {
        return Some(c);
    }
    let cp = u32::from(c);
    if cp < 0x0660 {
        return None;
    }
    DIGIT_ZEROS
        .iter()
        .find(|&&zero| (zero..zero + 10).contains(&cp))
        .and_then(|&zero| char::from_digit(cp - zero, 10))
}

/// True for the characters [`normalize`] removes: everything that is neither a letter nor
/// a digit (spaces, punctuation, symbols, combining marks, controls).
pub fn is_separator(c: char) -> bool {
    !(c.is_alphanumeric() || ascii_digit(c).is_some())
}

/// One pass of the pipeline over a string that is already in NFKC.
fn fold_pass(nfkc: impl Iterator<Item = char>, out: &mut String) {
    for c in nfkc {
        if let Some(d) = ascii_digit(c) {
            out.push(d);
        } else if c.is_alphanumeric() {
            if c.is_ascii() {
                out.push(c.to_ascii_uppercase());
            } else {
                out.extend(c.to_uppercase().filter(|u| u.is_alphanumeric()));
            }
        }
    }
}

/// The normalised form of a marking or a reading: NFKC, Unicode digits to ASCII, upper
/// case, separators removed. Idempotent: `normalize(&normalize(s)) == normalize(s)`.
///
/// ```
/// use armtrace_search::normalize::normalize;
/// assert_eq!(normalize("kr 12-٣٤ ５"), "KR12345");
/// ```
pub fn normalize(s: &str) -> String {
    if s.bytes()
        .all(|b| b.is_ascii_alphanumeric() && !b.is_ascii_lowercase())
    {
        return s.to_owned();
    }
    let mut cur = String::with_capacity(s.len());
    fold_pass(s.nfkc(), &mut cur);
    // Upper-casing and separator removal can put characters next to each other that NFKC
    // would compose (Hangul jamo, for one); a few more passes reach the fixed point.
    for _ in 0..4 {
        if cur.is_ascii() {
            break;
        }
        let mut next = String::with_capacity(cur.len());
        fold_pass(cur.nfkc(), &mut next);
        if next == cur {
            break;
        }
        cur = next;
    }
    cur
}

/// The skeleton character of one character of normalised text: itself when it is ASCII;
/// otherwise the ASCII letter or digit UTS #39 says it looks like, when there is exactly
/// one (Cyrillic `Р` → `P`, Greek `Η` → `H`, `Ö` → `O`); otherwise itself.
pub fn skeleton_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let mut buf = [0u8; 4];
    let mut proto =
        unicode_security::skeleton(c.encode_utf8(&mut buf)).filter(|p| p.is_alphanumeric());
    match (proto.next(), proto.next()) {
        // UTS #39 takes lower-case `l` as the prototype of `I`, `l` and `1`; markings are
        // upper case, so the look-alike is `I`.
        (Some('l'), None) => 'I',
        (Some(p), None) if p.is_ascii_alphanumeric() => p.to_ascii_uppercase(),
        _ => c,
    }
}

/// The skeleton of a marking or a reading: [`normalize`], then [`skeleton_char`] on every
/// character. Idempotent, and as long (in characters) as the normalised text.
///
/// ```
/// use armtrace_search::normalize::skeleton;
/// // Cyrillic К and Р, Greek Α, Arabic-Indic digits.
/// assert_eq!(skeleton("КР-Α ١٢٣"), "KPA123");
/// ```
pub fn skeleton(s: &str) -> String {
    let n = normalize(s);
    if n.is_ascii() {
        return n;
    }
    n.chars().map(skeleton_char).collect()
}

/// For each character of `normalize(raw)`, its 1-based character position in `raw`.
/// Used to report positions in a marking as it is stored ("at position 4" counts the
/// dash in `AB-1234`). Falls back to positions in the normalised text when the
/// normalisation of the whole does not equal that of its characters one by one.
pub fn raw_positions(raw: &str) -> Vec<usize> {
    let mut positions = Vec::with_capacity(raw.len());
    for (i, c) in raw.chars().enumerate() {
        let mut buf = [0u8; 4];
        let n = normalize(c.encode_utf8(&mut buf)).chars().count();
        positions.extend(std::iter::repeat_n(i + 1, n));
    }
    if positions.len() != normalize(raw).chars().count() {
        return (1..=normalize(raw).chars().count()).collect();
    }
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_blocks_are_digits() {
        for &zero in DIGIT_ZEROS {
            for d in 0..10 {
                let c = char::from_u32(zero + d).expect("valid code point");
                assert!(c.is_numeric(), "{c:?} U+{:04X}", zero + d);
                assert_eq!(ascii_digit(c), char::from_digit(d, 10));
            }
        }
    }

    #[test]
    fn normalises_case_separators_and_digits() {
        let check = |input: &str, expect: &str| assert_eq!(normalize(input), expect, "{input:?}");
        check("ab-123 45", "AB12345");
        check("ＡＢ１２", "AB12");
        check("١٢٣٤", "1234");
        check("۱۲۳", "123");
        check("१२३", "123");
        check("№ 12/34.5", "NO12345");
        check("  ", "");
        check("straße", "STRASSE");
    }

    #[test]
    fn skeleton_folds_cyrillic_and_greek() {
        let check = |input: &str, expect: &str| assert_eq!(skeleton(input), expect, "{input:?}");
        check("АВЕКМНОРСТХ", "ABEKMHOPCTX");
        check("авекмнорстх", "ABEKMHOPCTX");
        check("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX");
        check("Ö12", "O12");
        // Letters without a Latin look-alike stay.
        check("ЖДЯ", "ЖДЯ");
        // ASCII look-alikes are not merged here.
        check("0O1Il5S", "0O1IL5S");
    }

    #[test]
    fn raw_positions_count_separators() {
        assert_eq!(raw_positions("AB-12"), vec![1, 2, 4, 5]);
        assert_eq!(raw_positions("a b"), vec![1, 3]);
    }
}
