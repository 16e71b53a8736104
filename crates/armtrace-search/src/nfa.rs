//! A bit-parallel automaton that accepts the skeleton keys a reading can match: the
//! confusion table, `?`, `*`, and up to two edits (substitution, insertion, deletion,
//! transposition of neighbours). Bit `i` of a state word means "the first `i` tokens of the
//! reading are consumed"; word `e` holds the states reached with at most `e` edits.
//!
//! Edits can be *protected* over a prefix of the reading: from a state before token
//! `protect_until`, an edit may only lead to a level `≤ protect_edits`. Two protected runs,
//! one over the key and one over the reversed key, together find every match while each
//! prunes the index trie from its first character (see `MarkingIndex::search`).

use crate::confusion;
use crate::query::Token;

/// The most edits an automaton handles.
pub(crate) const MAX_LEVELS: usize = 3;

/// An automaton for one reading, one direction and one budget.
#[derive(Debug, Clone)]
pub(crate) struct Nfa {
    tokens: Vec<Token>,
    m: u32,
    k: usize,
    ascii: [u64; 128],
    one: u64,
    run: u64,
    full: u64,
    /// Edit sources allowed for each level (index by level).
    allowed: [u64; MAX_LEVELS],
}

/// The automaton's state after some characters of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct State {
    d: [u64; MAX_LEVELS],
    t: [u64; MAX_LEVELS],
}

impl Nfa {
    /// An automaton for `tokens` (at most 60) with edit budget `k` (at most 2), edits
    /// restricted before token `protect_until` to levels `≤ protect_edits`.
    pub(crate) fn new(tokens: &[Token], k: u8, protect_until: usize, protect_edits: u8) -> Nfa {
        let m = tokens.len().min(60) as u32;
        let k = usize::from(k).min(MAX_LEVELS - 1);
        let mut ascii = [0u64; 128];
        let (mut one, mut run) = (0u64, 0u64);
        for (i, t) in tokens.iter().take(m as usize).enumerate() {
            let bit = 1u64 << i;
            match *t {
                Token::Lit(c) => {
                    if c.is_ascii() {
                        ascii[c as usize] |= bit;
                        for (alt, _) in confusion::alternatives(c) {
                            ascii[alt as usize] |= bit;
                        }
                    }
                }
                Token::One => one |= bit,
                Token::Run => run |= bit,
            }
        }
        for mask in ascii.iter_mut() {
            *mask |= one;
        }
        let full = (1u64 << (m + 1)) - 1;
        let protected = (1u64 << protect_until.min(m as usize)) - 1;
        let mut allowed = [full; MAX_LEVELS];
        for (e, a) in allowed.iter_mut().enumerate() {
            if e > usize::from(protect_edits) {
                *a = full & !protected;
            }
        }
        Nfa {
            tokens: tokens.to_vec(),
            m,
            k,
            ascii,
            one,
            run,
            full,
            allowed,
        }
    }

    fn mask(&self, c: char) -> u64 {
        if c.is_ascii() {
            return self.ascii[c as usize];
        }
        let mut mask = self.one;
        for (i, t) in self.tokens.iter().take(self.m as usize).enumerate() {
            if *t == Token::Lit(c) {
                mask |= 1 << i;
            }
        }
        mask
    }

    fn closure(&self, x: u64) -> u64 {
        // Consecutive `*` are merged by the parser, so one step reaches the fixed point
        // unless `*` tokens are separated only by other `*` (they are not).
        let x = x | ((x & self.run) << 1);
        (x | ((x & self.run) << 1)) & self.full
    }

    /// The state before any character.
    pub(crate) fn start(&self) -> State {
        let mut d = [0u64; MAX_LEVELS];
        d[0] = self.closure(1);
        for e in 1..=self.k {
            d[e] = self.closure(d[e - 1] | ((d[e - 1] & self.allowed[e]) << 1));
        }
        State {
            d,
            t: [0; MAX_LEVELS],
        }
    }

    /// The state after reading `c`.
    pub(crate) fn step(&self, s: &State, c: char) -> State {
        let mk = self.mask(c);
        let mut d = [0u64; MAX_LEVELS];
        let mut t = [0u64; MAX_LEVELS];
        for e in 0..=self.k {
            let mut x = ((s.d[e] & mk) << 1) | (s.d[e] & self.run) | ((s.t[e] & mk) << 2);
            if e > 0 {
                let src = s.d[e - 1] & self.allowed[e];
                x |= (src << 1) | src | d[e - 1];
                t[e] = src & (mk >> 1);
                x = self.closure(x);
                x |= (d[e - 1] & self.allowed[e]) << 1;
            }
            d[e] = self.closure(x);
        }
        State { d, t }
    }

    /// True when the key read so far is a match.
    pub(crate) fn accepts(&self, s: &State) -> bool {
        s.d[self.k] & (1 << self.m) != 0
    }

    /// True when some continuation of the key read so far could still match.
    pub(crate) fn alive(&self, s: &State) -> bool {
        s.d[..=self.k].iter().any(|&w| w != 0) || s.t[..=self.k].iter().any(|&w| w != 0)
    }

    /// Runs the automaton over a whole key.
    pub(crate) fn matches(&self, key: &str) -> bool {
        let mut s = self.start();
        for c in key.chars() {
            s = self.step(&s, c);
            if !self.alive(&s) {
                return false;
            }
        }
        self.accepts(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Query;

    fn nfa(reading: &str, k: u8) -> Nfa {
        let q = Query::from_reading(reading).expect("valid reading");
        Nfa::new(q.tokens(), k, 0, 0)
    }

    #[test]
    fn exact_confusion_and_wildcards() {
        let n = nfa("AB12", 0);
        assert!(n.matches("AB12"));
        assert!(n.matches("A812"));
        assert!(n.matches("ABIZ"));
        assert!(!n.matches("AB123"));
        assert!(!n.matches("AB1"));
        assert!(!n.matches("AX12"));
        assert!(nfa("A?12", 0).matches("AX12"));
        assert!(!nfa("A?12", 0).matches("A12"));
        assert!(nfa("*12", 0).matches("XYZ12"));
        assert!(nfa("*12", 0).matches("12"));
        assert!(nfa("A*2", 0).matches("AXXX2"));
        assert!(nfa("AB*", 0).matches("AB"));
        assert!(nfa("AB*", 0).matches("ABCDEF"));
        assert!(!nfa("AB*", 0).matches("XAB"));
    }

    #[test]
    fn edits() {
        let n = nfa("ABCD", 1);
        assert!(n.matches("ABCD"));
        assert!(n.matches("AXCD"), "substitution");
        assert!(n.matches("ABXCD"), "insertion");
        assert!(n.matches("ACD"), "deletion");
        assert!(n.matches("BACD"), "transposition at start");
        assert!(n.matches("ABDC"), "transposition at end");
        assert!(!n.matches("BADC"));
        assert!(nfa("ABCD", 2).matches("BADC"));
        assert!(!nfa("ABCD", 2).matches("XXXD"));
        assert!(nfa("ABCD", 1).matches("ABCDX"));
        assert!(nfa("ABCD", 1).matches("XABCD"));
    }

    #[test]
    fn protection() {
        let q = Query::from_reading("ABCDEF").expect("valid");
        let n = Nfa::new(q.tokens(), 1, 3, 0);
        assert!(n.matches("ABCDXF"));
        assert!(!n.matches("AXCDEF"));
        assert!(
            n.matches("ABCEDF"),
            "transposition after the protected part"
        );
        assert!(
            !n.matches("ABDCEF"),
            "transposition touching the protected part"
        );
    }
}
