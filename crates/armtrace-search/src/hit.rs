//! Search results, their score and why they matched.

use std::fmt;

/// The store's integer weapon number.
pub type DocId = u64;

/// The kind of match, best first. A hit's tier is the worst thing its match needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// The reading is the marking as stored, character for character.
    Exact,
    /// Equal after [`crate::normalize::normalize`] (case, separators, digit forms,
    /// Unicode compatibility forms).
    Normalised,
    /// Equal after [`crate::normalize::skeleton`] (Cyrillic or Greek look-alikes).
    LookAlike,
    /// Equal up to pairs of the [`crate::confusion`] table.
    Confusion,
    /// Matched through `?` or `*`.
    Wildcard,
    /// Needed edits beyond the confusion table (`~1`, `~2` or automatic widening).
    Edit,
}

impl Tier {
    /// The score band of the tier: `(best, worst)`, both inclusive. See [`Hit::score`].
    pub fn band(self) -> (u32, u32) {
        match self {
            Tier::Exact => (1000, 1000),
            Tier::Normalised => (950, 950),
            Tier::LookAlike => (900, 900),
            Tier::Confusion => (800, 601),
            Tier::Wildcard => (600, 401),
            Tier::Edit => (400, 1),
        }
    }

    /// A short lower-case name (`exact`, `normalised`, `look-alike`, `confusion`,
    /// `wildcard`, `edit`).
    pub fn name(self) -> &'static str {
        match self {
            Tier::Exact => "exact",
            Tier::Normalised => "normalised",
            Tier::LookAlike => "look-alike",
            Tier::Confusion => "confusion",
            Tier::Wildcard => "wildcard",
            Tier::Edit => "edit",
        }
    }
}

/// The score of a match (higher is better), documented in `docs/search.md`:
/// the top of the tier's band, less the confusion weights, less one point per character
/// covered by wildcards, less 100 points per edit after the first; clamped to the band.
pub(crate) fn score(tier: Tier, weight: u32, covered: u32, edits: u8) -> u32 {
    let (top, bottom) = tier.band();
    let penalty = weight + covered + 100 * u32::from(edits.saturating_sub(1));
    top.saturating_sub(penalty).max(bottom)
}

/// What was normalised away between the reading and the marking.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Normalisations {
    /// Letter case differs.
    pub case: bool,
    /// Spaces, dashes, dots or other separators differ.
    pub separators: bool,
    /// Digits in another script (Arabic-Indic, Persian, Devanagari …).
    pub digit_forms: bool,
    /// Unicode compatibility forms (full-width letters, ligatures …).
    pub unicode_forms: bool,
}

/// One reason why a marking matched. Positions are 1-based character positions in the
/// marking as stored (separators count).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Reason {
    /// Character for character the stored marking.
    Exact,
    /// Equal after normalisation.
    Normalised(Normalisations),
    /// A letter of another script read as its look-alike.
    LookAlike {
        /// Position in the marking.
        position: usize,
        /// The marking's character.
        stored: char,
        /// The reading's character.
        read: char,
    },
    /// A confusion-table pair.
    Confusion {
        /// Position in the marking.
        position: usize,
        /// The marking's character.
        stored: char,
        /// The reading's character.
        read: char,
        /// The pair's weight.
        weight: u8,
    },
    /// `?` stood for a character.
    Unreadable {
        /// Position in the marking.
        position: usize,
        /// The marking's character.
        stored: char,
    },
    /// `*` stood for a run of characters (possibly empty).
    UnreadableRun {
        /// Position of the first character of the run in the marking (where it would be,
        /// if empty).
        position: usize,
        /// Position of the last character of the run (equal to `position` if empty).
        end: usize,
        /// The characters of the marking under the run.
        stored: String,
    },
    /// An edit: a character read as another, outside the confusion table.
    Misread {
        /// Position in the marking.
        position: usize,
        /// The marking's character.
        stored: char,
        /// The reading's character.
        read: char,
    },
    /// An edit: a character of the marking missing from the reading.
    Missing {
        /// Position in the marking.
        position: usize,
        /// The marking's character.
        stored: char,
    },
    /// An edit: a character in the reading that the marking does not have.
    Extra {
        /// Position in the marking before which it was read.
        position: usize,
        /// The reading's character.
        read: char,
    },
    /// An edit: two neighbouring characters read in the wrong order.
    Transposed {
        /// Position of the first of the two in the marking.
        position: usize,
        /// The marking's two characters.
        stored: [char; 2],
    },
}

impl fmt::Display for Normalisations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<&str> = [
            (self.case, "case"),
            (self.separators, "separators"),
            (self.digit_forms, "digit forms"),
            (self.unicode_forms, "Unicode forms"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, name)| *name)
        .collect();
        if parts.is_empty() {
            f.write_str("nothing")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Exact => f.write_str("exact reading"),
            Reason::Normalised(n) => write!(f, "equal after normalising {n}"),
            Reason::LookAlike {
                position,
                stored,
                read,
            } => write!(
                f,
                "{stored} read as look-alike {read} at position {position}"
            ),
            Reason::Confusion {
                position,
                stored,
                read,
                weight,
            } => write!(
                f,
                "{stored} read as {read} at position {position} (confusion weight {weight})"
            ),
            Reason::Unreadable { position, stored } => {
                write!(f, "unreadable character at position {position} is {stored}")
            }
            Reason::UnreadableRun {
                position, stored, ..
            } if stored.is_empty() => {
                write!(f, "unreadable run at position {position} is empty")
            }
            Reason::UnreadableRun {
                position,
                end,
                stored,
            } => write!(
                f,
                "unreadable run at positions {position}-{end} is {stored}"
            ),
            Reason::Misread {
                position,
                stored,
                read,
            } => write!(f, "{stored} read as {read} at position {position} (edit)"),
            Reason::Missing { position, stored } => {
                write!(
                    f,
                    "{stored} at position {position} missing from the reading (edit)"
                )
            }
            Reason::Extra { position, read } => write!(
                f,
                "{read} read before position {position} is not on the marking (edit)"
            ),
            Reason::Transposed { position, stored } => write!(
                f,
                "{}{} at position {position} read as {}{} (edit)",
                stored[0], stored[1], stored[1], stored[0]
            ),
        }
    }
}

/// One weapon found by a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The weapon.
    pub doc: DocId,
    /// The marking that matched best, as stored.
    pub marking: String,
    /// The kind of match.
    pub tier: Tier,
    /// 1–1000, higher is better: see [`Tier::band`] and `docs/search.md`.
    pub score: u32,
    /// Why it matched, in marking order after any normalisation note.
    pub why: Vec<Reason>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_are_ordered_and_scores_clamped() {
        let tiers = [
            Tier::Exact,
            Tier::Normalised,
            Tier::LookAlike,
            Tier::Confusion,
            Tier::Wildcard,
            Tier::Edit,
        ];
        for pair in tiers.windows(2) {
            assert!(pair[0].band().1 > pair[1].band().0, "{pair:?}");
        }
        assert_eq!(score(Tier::Confusion, 4, 0, 0), 796);
        assert_eq!(score(Tier::Confusion, 4000, 0, 0), 601);
        assert_eq!(score(Tier::Wildcard, 0, 3, 0), 597);
        assert_eq!(score(Tier::Edit, 6, 0, 1), 394);
        assert_eq!(score(Tier::Edit, 6, 0, 2), 294);
    }

    #[test]
    fn reasons_read_well() {
        let r = Reason::Confusion {
            position: 3,
            stored: 'O',
            read: '0',
            weight: 4,
        };
        assert_eq!(
            r.to_string(),
            "O read as 0 at position 3 (confusion weight 4)"
        );
        let n = Normalisations {
            case: true,
            separators: true,
            ..Default::default()
        };
        assert_eq!(
            Reason::Normalised(n).to_string(),
            "equal after normalising case, separators"
        );
        let run = Reason::UnreadableRun {
            position: 1,
            end: 2,
            stored: "KR".into(),
        };
        assert_eq!(run.to_string(), "unreadable run at positions 1-2 is KR");
        let t = Reason::Transposed {
            position: 4,
            stored: ['1', '2'],
        };
        assert_eq!(t.to_string(), "12 at position 4 read as 21 (edit)");
    }
}
