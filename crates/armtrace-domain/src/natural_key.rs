//! The natural key of a weapon: make + serial + country of manufacture, compared after
//! folding what does not distinguish two weapons (case, Unicode compatibility forms,
//! spaces and separators). It makes repeated imports idempotent and finds duplicates.
//! The key is written `serial|make|country`, serial first, so that the same index finds a
//! weapon by its serial alone.

use crate::weapon::WeaponDescription;
use unicode_normalization::UnicodeNormalization;

/// Folds a text for comparison: NFKC, lower case, and only letters and digits kept.
///
/// Folding again changes nothing: removing a separator can bring two combining marks
/// together that normalisation then reorders, so non-ASCII results are folded until they
/// stop changing (twice at most in practice).
pub fn fold(text: &str) -> String {
    // Most markings are ASCII, where normalisation changes nothing and case and
    // letters-or-digits are ASCII's own: the same result, without the Unicode tables (the
    // costliest part of checking an imported row).
    if text.is_ascii() {
        return text
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    let step = |t: &str| -> String {
        t.nfkc()
            .flat_map(char::to_lowercase)
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let mut folded = step(text);
    for _ in 0..4 {
        if folded.is_ascii() {
            break;
        }
        let again = step(&folded);
        if again == folded {
            break;
        }
        folded = again;
    }
    folded
}

/// The natural key of a described weapon, or `None` when it has no serial (an unmarked
/// weapon is identified by its id alone).
pub fn natural_key(d: &WeaponDescription) -> Option<String> {
    let serial = fold(&d.serial);
    if serial.is_empty() {
        return None;
    }
    let country = d
        .country_of_manufacture
        .map(|c| c.to_string())
        .unwrap_or_default();
    Some(format!("{serial}|{}|{country}", fold(&d.make)))
}

/// The part of a natural key that every weapon with this (folded) serial shares: keys
/// start with the serial, so one index finds a weapon by key and by serial alone.
pub fn serial_prefix(folded_serial: &str) -> String {
    format!("{folded_serial}|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folding_twice_changes_nothing_when_combining_marks_meet() {
        // Found by the property below: removing ':' brings two combining marks together.
        let once = fold("\u{1e023}:\u{6ed}");
        assert_eq!(fold(&once), once);
    }

    #[test]
    fn folds_case_width_and_separators() {
        assert_eq!(fold("AB-12 34"), "ab1234");
        assert_eq!(fold("ＡＢ１２"), "ab12");
        assert_eq!(fold("ХР 1234"), "хр1234");
        assert_eq!(fold("Heckler & Koch"), "hecklerkoch");
    }

    /// The folding without its ASCII shortcut.
    fn unicode_fold(t: &str) -> String {
        t.nfkc()
            .flat_map(char::to_lowercase)
            .filter(|c| c.is_alphanumeric())
            .collect()
    }

    proptest! {
        #[test]
        fn the_ascii_shortcut_folds_as_unicode_does(s in "[\\x00-\\x7f]{0,40}") {
            prop_assert_eq!(fold(&s), unicode_fold(&s));
        }

        #[test]
        fn fold_is_idempotent(s in "\\PC{0,40}") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once);
        }
    }
}
