//! Realistic corruptions of a serial, each with its known answer.

use armtrace_search::confusion::{alternatives, weight};
use armtrace_search::normalize::{ascii_digit, normalize, skeleton_char};
use rand::Rng;

/// The corruption kinds of issue 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Exact,
    Separators,
    LowerCase,
    Confusion1,
    Confusion2,
    LookAlike,
    ArabicDigits,
    Unreadable1,
    Unreadable2,
    MissingHead,
    MissingTail,
    Typo,
    Transposition,
    MisreadUnreadable,
}

impl Kind {
    pub const ALL: [Kind; 14] = [
        Kind::Exact,
        Kind::Separators,
        Kind::LowerCase,
        Kind::Confusion1,
        Kind::Confusion2,
        Kind::LookAlike,
        Kind::ArabicDigits,
        Kind::Unreadable1,
        Kind::Unreadable2,
        Kind::MissingHead,
        Kind::MissingTail,
        Kind::Typo,
        Kind::Transposition,
        Kind::MisreadUnreadable,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Exact => "exact",
            Kind::Separators => "separators changed",
            Kind::LowerCase => "lower case",
            Kind::Confusion1 => "1 confusion misread",
            Kind::Confusion2 => "2 confusion misreads",
            Kind::LookAlike => "Cyrillic/Latin look-alikes",
            Kind::ArabicDigits => "Arabic-Indic/ASCII digits",
            Kind::Unreadable1 => "1 unreadable (?)",
            Kind::Unreadable2 => "2 unreadable (??)",
            Kind::MissingHead => "missing head (*…)",
            Kind::MissingTail => "missing tail (…*)",
            Kind::Typo => "1 random typo",
            Kind::Transposition => "1 transposition",
            Kind::MisreadUnreadable => "misread + unreadable",
        }
    }

    /// The edit budget under which the corrupted reading must match at most 10 weapons
    /// for the query to be kept (its answer is determinable).
    pub fn budget(self) -> u8 {
        match self {
            Kind::Typo | Kind::Transposition => 1,
            _ => 0,
        }
    }
}

/// A query with its known answer.
#[derive(Debug, Clone)]
pub struct BenchQuery {
    pub kind: Kind,
    /// What the investigator types (armtrace's query language: `?`, `*`).
    pub reading: String,
    /// The weapon it must find.
    pub target: u64,
}

impl BenchQuery {
    pub fn has_wildcards(&self) -> bool {
        self.reading.contains(['?', '*'])
    }
}

/// The skeleton character of one stored character (`None` for separators).
fn skel(c: char) -> Option<char> {
    let mut buf = [0u8; 4];
    let n = normalize(c.encode_utf8(&mut buf));
    let mut it = n.chars();
    match (it.next(), it.next()) {
        (Some(x), None) => Some(skeleton_char(x)),
        _ => None,
    }
}

fn alnum_positions(chars: &[char]) -> Vec<usize> {
    (0..chars.len())
        .filter(|&i| skel(chars[i]).is_some())
        .collect()
}

/// Positions whose character has confusion-table partners.
fn confusable_positions(chars: &[char]) -> Vec<usize> {
    (0..chars.len())
        .filter(|&i| skel(chars[i]).is_some_and(|s| alternatives(s).next().is_some()))
        .collect()
}

fn confuse(rng: &mut impl Rng, chars: &mut [char], i: usize) {
    if let Some(s) = skel(chars[i]) {
        let alts: Vec<char> = alternatives(s).map(|(c, _)| c).collect();
        if !alts.is_empty() {
            chars[i] = alts[rng.random_range(0..alts.len())];
        }
    }
}

fn pick<T: Copy>(rng: &mut impl Rng, v: &[T]) -> Option<T> {
    (!v.is_empty()).then(|| v[rng.random_range(0..v.len())])
}

/// Two distinct elements.
fn pick2<T: Copy>(rng: &mut impl Rng, v: &[T]) -> Option<(T, T)> {
    if v.len() < 2 {
        return None;
    }
    let a = rng.random_range(0..v.len());
    let mut b = rng.random_range(0..v.len() - 1);
    if b >= a {
        b += 1;
    }
    Some((v[a], v[b]))
}

const LATIN_TO_CYRILLIC: &[(char, char)] = &[
    ('A', 'А'),
    ('B', 'В'),
    ('E', 'Е'),
    ('K', 'К'),
    ('M', 'М'),
    ('H', 'Н'),
    ('O', 'О'),
    ('P', 'Р'),
    ('C', 'С'),
    ('T', 'Т'),
    ('X', 'Х'),
    ('Y', 'У'),
];

const SEPARATORS: &[&str] = &[" ", "-", "/", ".", " - "];
const TYPO_CHARS: &[char] = &[
    'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'T', 'U', 'V',
    'W', 'X', 'Y', 'Z', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
];

/// The corrupted reading of `serial`, or `None` when the kind does not apply to it.
pub fn corrupt(rng: &mut impl Rng, kind: Kind, serial: &str) -> Option<String> {
    let mut c: Vec<char> = serial.chars().collect();
    let alnum = alnum_positions(&c);
    if alnum.len() < 4 {
        return None;
    }
    let out = match kind {
        Kind::Exact => serial.to_owned(),
        Kind::Separators => {
            let bare: Vec<String> = c
                .iter()
                .filter(|ch| skel(**ch).is_some())
                .map(|ch| ch.to_string())
                .collect();
            let mut parts = bare;
            let cuts = rng.random_range(0..=2);
            for _ in 0..cuts {
                let i = rng.random_range(0..parts.len() - 1);
                let sep = SEPARATORS[rng.random_range(0..SEPARATORS.len())];
                parts[i].push_str(sep);
            }
            let s = parts.concat();
            if s == serial {
                return None;
            }
            s
        }
        Kind::LowerCase => {
            let s = serial.to_lowercase();
            if s == serial {
                return None;
            }
            s
        }
        Kind::Confusion1 => {
            let i = pick(rng, &confusable_positions(&c))?;
            confuse(rng, &mut c, i);
            c.into_iter().collect()
        }
        Kind::Confusion2 => {
            let (i, j) = pick2(rng, &confusable_positions(&c))?;
            confuse(rng, &mut c, i);
            confuse(rng, &mut c, j);
            c.into_iter().collect()
        }
        Kind::LookAlike => {
            // Cyrillic stamped, Latin typed; or the other way round.
            let mut changed = false;
            for ch in c.iter_mut() {
                if let Some((l, _)) = LATIN_TO_CYRILLIC.iter().find(|(_, cy)| cy == ch) {
                    *ch = *l;
                    changed = true;
                }
            }
            if !changed {
                for ch in c.iter_mut() {
                    if let Some((_, cy)) = LATIN_TO_CYRILLIC.iter().find(|(l, _)| l == ch) {
                        *ch = *cy;
                        changed = true;
                    }
                }
            }
            if !changed {
                return None;
            }
            c.into_iter().collect()
        }
        Kind::ArabicDigits => {
            // Arabic-Indic stamped, ASCII typed; or the other way round.
            let foreign = c
                .iter()
                .any(|ch| !ch.is_ascii_digit() && ascii_digit(*ch).is_some());
            let mut changed = false;
            for ch in c.iter_mut() {
                if foreign {
                    if let Some(d) = ascii_digit(*ch).filter(|_| !ch.is_ascii_digit()) {
                        *ch = d;
                        changed = true;
                    }
                } else if let Some(d) = ch.to_digit(10) {
                    *ch = char::from_u32(0x0660 + d).unwrap_or(*ch);
                    changed = true;
                }
            }
            if !changed {
                return None;
            }
            c.into_iter().collect()
        }
        Kind::Unreadable1 => {
            let i = pick(rng, &alnum)?;
            c[i] = '?';
            c.into_iter().collect()
        }
        Kind::Unreadable2 => {
            let (i, j) = pick2(rng, &alnum)?;
            c[i] = '?';
            c[j] = '?';
            c.into_iter().collect()
        }
        Kind::MissingHead => {
            let lost = rng.random_range(1..=3);
            if alnum.len() < lost + 4 {
                return None;
            }
            let from = alnum[lost];
            format!("*{}", c[from..].iter().collect::<String>().trim_start())
        }
        Kind::MissingTail => {
            let lost = rng.random_range(1..=3);
            if alnum.len() < lost + 4 {
                return None;
            }
            let to = alnum[alnum.len() - lost];
            format!("{}*", c[..to].iter().collect::<String>().trim_end())
        }
        Kind::Typo => {
            let i = pick(rng, &alnum)?;
            let original = skel(c[i])?;
            let typo = loop {
                let t = TYPO_CHARS[rng.random_range(0..TYPO_CHARS.len())];
                if t != original && weight(original, t).is_none() {
                    break t;
                }
            };
            match rng.random_range(0..3) {
                0 => c[i] = typo,
                1 => c.insert(i, typo),
                _ => {
                    c.remove(i);
                }
            }
            c.into_iter().collect()
        }
        Kind::Transposition => {
            let swappable: Vec<usize> = (0..c.len() - 1)
                .filter(|&i| match (skel(c[i]), skel(c[i + 1])) {
                    (Some(a), Some(b)) => a != b && weight(a, b).is_none(),
                    _ => false,
                })
                .collect();
            let i = pick(rng, &swappable)?;
            c.swap(i, i + 1);
            c.into_iter().collect()
        }
        Kind::MisreadUnreadable => {
            let i = pick(rng, &confusable_positions(&c))?;
            let others: Vec<usize> = alnum.iter().copied().filter(|&j| j != i).collect();
            let j = pick(rng, &others)?;
            confuse(rng, &mut c, i);
            c[j] = '?';
            c.into_iter().collect()
        }
    };
    Some(out)
}

/// The reading as a peer sees it: upper case, separators removed (what a developer of a
/// trigram search would store and query: `armtrace_demo::serial::fold`).
pub fn peer_fold(reading: &str) -> String {
    armtrace_demo::serial::fold(reading)
}
