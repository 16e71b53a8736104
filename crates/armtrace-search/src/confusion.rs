//! The table of stamping and reading confusions.
//!
//! Worn, filed or badly struck markings are misread in known ways: `0` for `O`, `1` for
//! `I`, `5` for `S`, `8` for `B`. Each pair below is a *weighted* alternative, not a merge:
//! a reading that uses one matches the marking, but costs the pair's weight in the score,
//! so an exact reading ranks first and a common misread ranks above a rare one. Pairs are
//! symmetric (the stamp may say either). Weights are penalty points: lower is likelier.
//! The table is on skeleton characters (ASCII upper case), after [`crate::normalize`].

use std::sync::LazyLock;

/// One pair of characters that are read for each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confusion {
    /// One character of the pair.
    pub a: char,
    /// The other character of the pair.
    pub b: char,
    /// Penalty points when the reading has one where the marking has the other (1–20;
    /// lower is likelier).
    pub weight: u8,
}

const fn pair(a: char, b: char, weight: u8) -> Confusion {
    Confusion { a, b, weight }
}

/// The confusion table, most likely first. See `docs/search.md` for the reasons.
pub static CONFUSIONS: &[Confusion] = &[
    // Round shapes: a worn O, a zero and a D differ by a stroke or a corner.
    pair('0', 'O', 4),
    pair('0', 'D', 8),
    pair('O', 'D', 8),
    pair('0', 'Q', 10),
    pair('O', 'Q', 8),
    pair('D', 'Q', 12),
    pair('O', 'C', 12),
    pair('0', 'C', 14),
    // Vertical strokes.
    pair('1', 'I', 4),
    pair('1', 'L', 8),
    pair('I', 'L', 8),
    pair('I', 'J', 10),
    pair('1', '7', 10),
    pair('7', 'T', 12),
    // Letter-digit twins of stamping dies.
    pair('5', 'S', 6),
    pair('8', 'B', 6),
    pair('2', 'Z', 6),
    pair('6', 'G', 8),
    pair('4', 'A', 12),
    pair('3', '8', 12),
    pair('3', 'B', 12),
    pair('6', '8', 12),
    pair('9', 'G', 14),
    // Letters that lose a stroke.
    pair('U', 'V', 6),
    pair('V', 'Y', 14),
    pair('C', 'G', 10),
    pair('E', 'F', 10),
    pair('P', 'R', 10),
    pair('M', 'N', 12),
    pair('H', 'N', 14),
    pair('K', 'X', 14),
];

/// The largest weight in [`CONFUSIONS`].
pub const MAX_WEIGHT: u8 = 14;

static TABLE: LazyLock<[[u8; 128]; 128]> = LazyLock::new(|| {
    let mut t = [[0u8; 128]; 128];
    for c in CONFUSIONS {
        let (a, b) = (c.a as usize, c.b as usize);
        t[a][b] = c.weight;
        t[b][a] = c.weight;
    }
    t
});

/// The weight of reading `read` where the marking has `stored`, if the table has the
/// pair. `None` for equal characters and for pairs outside the table.
pub fn weight(stored: char, read: char) -> Option<u8> {
    if stored == read || !stored.is_ascii() || !read.is_ascii() {
        return None;
    }
    match TABLE[stored as usize][read as usize] {
        0 => None,
        w => Some(w),
    }
}

/// The characters `c` is confused with in the table, with their weights.
pub fn alternatives(c: char) -> impl Iterator<Item = (char, u8)> {
    CONFUSIONS.iter().filter_map(move |p| {
        if p.a == c {
            Some((p.b, p.weight))
        } else if p.b == c {
            Some((p.a, p.weight))
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        let mut seen = std::collections::HashSet::new();
        for c in CONFUSIONS {
            assert!(c.a.is_ascii_uppercase() || c.a.is_ascii_digit(), "{c:?}");
            assert!(c.b.is_ascii_uppercase() || c.b.is_ascii_digit(), "{c:?}");
            assert!(c.a != c.b && (1..=MAX_WEIGHT).contains(&c.weight), "{c:?}");
            assert!(seen.insert((c.a.min(c.b), c.a.max(c.b))), "duplicate {c:?}");
        }
        assert_eq!(CONFUSIONS.iter().map(|c| c.weight).max(), Some(MAX_WEIGHT));
    }

    #[test]
    fn symmetric_lookup() {
        assert_eq!(weight('0', 'O'), Some(4));
        assert_eq!(weight('O', '0'), Some(4));
        assert_eq!(weight('O', 'O'), None);
        assert_eq!(weight('A', 'B'), None);
        assert_eq!(alternatives('S').collect::<Vec<_>>(), vec![('5', 6)]);
    }
}
