//! The cheapest alignment of a reading with a stored key, for ranking and for saying why a
//! marking matched. Cost is compared lexicographically: fewest edits, then the lowest
//! confusion weight, then the fewest characters covered by wildcards.

use crate::confusion;
use crate::query::Token;

/// One step of an alignment. Token indices are into the reading, key indices into the
/// stored key (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Same skeleton character.
    Same { token: usize, key: usize },
    /// A confusion-table pair.
    Confused {
        token: usize,
        key: usize,
        weight: u8,
    },
    /// `?` over one key character.
    One { key: usize },
    /// `*` over one key character.
    RunChar { key: usize },
    /// An edit: a different character.
    Substituted { token: usize, key: usize },
    /// An edit: a key character the reading does not have.
    Missed { key: usize },
    /// An edit: a reading character the key does not have (before key index `key`).
    Extra { token: usize, key: usize },
    /// An edit: two neighbours swapped (tokens `token`, `token + 1`; key `key`, `key + 1`).
    Swapped { token: usize, key: usize },
}

/// The cheapest alignment found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Alignment {
    /// Edits used.
    pub edits: u8,
    /// Sum of confusion weights.
    pub weight: u32,
    /// Key characters covered by `?` and `*`.
    pub covered: u32,
    /// The steps, in key order (only filled by [`align_steps`]).
    pub steps: Vec<Step>,
}

const EDIT: u64 = 1 << 40;
const WEIGHT: u64 = 1 << 20;
const COVER: u64 = 1;
const INF: u64 = u64::MAX / 4;

/// What a token costs against a key character, if it may stand there without an edit.
fn token_cost(t: Token, c: char) -> Option<(u64, u8)> {
    match t {
        Token::Lit(a) if a == c => Some((0, 0)),
        Token::Lit(a) => confusion::weight(c, a).map(|w| (u64::from(w) * WEIGHT, w)),
        Token::One => Some((COVER, 0)),
        Token::Run => None,
    }
}

/// The cost of the cheapest alignment with at most `max_edits` edits, without the steps.
pub(crate) fn align(tokens: &[Token], key: &[char], max_edits: u8) -> Option<Alignment> {
    run(tokens, key, max_edits, false)
}

/// As [`align`], with the steps.
pub(crate) fn align_steps(tokens: &[Token], key: &[char], max_edits: u8) -> Option<Alignment> {
    run(tokens, key, max_edits, true)
}

#[derive(Clone, Copy)]
enum Back {
    None,
    Diag,
    Up,
    Left,
    RunSkip,
    RunChar,
    Swap,
}

thread_local! {
    static COST: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn run(tokens: &[Token], key: &[char], max_edits: u8, steps: bool) -> Option<Alignment> {
    COST.with(|cost| match cost.try_borrow_mut() {
        Ok(mut cost) => run_in(&mut cost, tokens, key, max_edits, steps),
        Err(_) => run_in(&mut Vec::new(), tokens, key, max_edits, steps),
    })
}

fn run_in(
    cost: &mut Vec<u64>,
    tokens: &[Token],
    key: &[char],
    max_edits: u8,
    steps: bool,
) -> Option<Alignment> {
    let (m, n) = (tokens.len(), key.len());
    // Without `*`, every edit moves the alignment at most one cell off the diagonal.
    let band = if tokens.contains(&Token::Run) {
        usize::MAX
    } else {
        usize::from(max_edits)
    };
    if band != usize::MAX && m.abs_diff(n) > band {
        return None;
    }
    let w = n + 1;
    cost.clear();
    cost.resize((m + 1) * w, INF);
    let mut back = vec![Back::None; if steps { (m + 1) * w } else { 0 }];
    let at = |i: usize, j: usize| i * w + j;
    cost[0] = 0;
    for i in 0..=m {
        let (lo, hi) = if band == usize::MAX {
            (0, n)
        } else {
            (i.saturating_sub(band), (i + band).min(n))
        };
        for j in lo..=hi {
            if i == 0 && j == 0 {
                continue;
            }
            let mut best = INF;
            let mut how = Back::None;
            let mut consider = |c: u64, b: Back| {
                if c < best {
                    best = c;
                    how = b;
                }
            };
            if i > 0 {
                let t = tokens[i - 1];
                if t == Token::Run {
                    consider(cost[at(i - 1, j)], Back::RunSkip);
                    if j > 0 {
                        consider(cost[at(i, j - 1)].saturating_add(COVER), Back::RunChar);
                    }
                } else {
                    if j > 0 {
                        let diag = cost[at(i - 1, j - 1)];
                        match token_cost(t, key[j - 1]) {
                            Some((c, _)) => consider(diag.saturating_add(c), Back::Diag),
                            None => consider(diag.saturating_add(EDIT), Back::Diag),
                        }
                    }
                    consider(cost[at(i - 1, j)].saturating_add(EDIT), Back::Up);
                }
                if i > 1 && j > 1 && tokens[i - 2] != Token::Run && t != Token::Run {
                    if let (Some((a, _)), Some((b, _))) = (
                        token_cost(tokens[i - 2], key[j - 1]),
                        token_cost(t, key[j - 2]),
                    ) {
                        let c = cost[at(i - 2, j - 2)].saturating_add(EDIT + a + b);
                        consider(c, Back::Swap);
                    }
                }
            }
            if j > 0 {
                consider(cost[at(i, j - 1)].saturating_add(EDIT), Back::Left);
            }
            cost[at(i, j)] = best;
            if steps {
                back[at(i, j)] = how;
            }
        }
    }
    let total = cost[at(m, n)];
    let edits = total / EDIT;
    if total >= INF || edits > u64::from(max_edits) {
        return None;
    }
    let mut out = Alignment {
        edits: edits as u8,
        weight: ((total % EDIT) / WEIGHT) as u32,
        covered: (total % WEIGHT) as u32,
        steps: Vec::new(),
    };
    if steps {
        let (mut i, mut j) = (m, n);
        while i > 0 || j > 0 {
            match back[at(i, j)] {
                Back::Diag => {
                    let t = tokens[i - 1];
                    let s = match (t, token_cost(t, key[j - 1])) {
                        (Token::One, _) => Step::One { key: j - 1 },
                        (_, Some((0, _))) => Step::Same {
                            token: i - 1,
                            key: j - 1,
                        },
                        (_, Some((_, weight))) => Step::Confused {
                            token: i - 1,
                            key: j - 1,
                            weight,
                        },
                        (_, None) => Step::Substituted {
                            token: i - 1,
                            key: j - 1,
                        },
                    };
                    out.steps.push(s);
                    i -= 1;
                    j -= 1;
                }
                Back::Up => {
                    out.steps.push(Step::Extra {
                        token: i - 1,
                        key: j,
                    });
                    i -= 1;
                }
                Back::Left => {
                    out.steps.push(Step::Missed { key: j - 1 });
                    j -= 1;
                }
                Back::RunSkip => i -= 1,
                Back::RunChar => {
                    out.steps.push(Step::RunChar { key: j - 1 });
                    j -= 1;
                }
                Back::Swap => {
                    out.steps.push(Step::Swapped {
                        token: i - 2,
                        key: j - 2,
                    });
                    i -= 2;
                    j -= 2;
                }
                Back::None => break,
            }
        }
        out.steps.reverse();
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::Query;

    fn check(reading: &str, key: &str, k: u8) -> Option<(u8, u32, u32)> {
        let q = Query::from_reading(reading).expect("valid");
        let key: Vec<char> = key.chars().collect();
        align(q.tokens(), &key, k).map(|a| (a.edits, a.weight, a.covered))
    }

    #[test]
    fn costs() {
        assert_eq!(check("AB12", "AB12", 0), Some((0, 0, 0)));
        assert_eq!(check("A812", "AB12", 0), Some((0, 6, 0)));
        assert_eq!(check("A8I2", "AB12", 0), Some((0, 10, 0)));
        assert_eq!(check("AB?2", "AB12", 0), Some((0, 0, 1)));
        assert_eq!(check("*12", "AB12", 0), Some((0, 0, 2)));
        assert_eq!(check("AX12", "AB12", 0), None);
        assert_eq!(check("AX12", "AB12", 1), Some((1, 0, 0)));
        assert_eq!(check("BA12", "AB12", 1), Some((1, 0, 0)));
        assert_eq!(check("8A12", "AB12", 1), Some((1, 6, 0)));
        assert_eq!(check("AB112", "AB12", 1), Some((1, 0, 0)));
        assert_eq!(check("A12", "AB12", 1), Some((1, 0, 0)));
    }

    #[test]
    fn steps() {
        let q = Query::from_reading("A0?2").expect("valid");
        let key: Vec<char> = "AOX2".chars().collect();
        let a = align_steps(q.tokens(), &key, 0).expect("aligns");
        assert_eq!(
            a.steps,
            vec![
                Step::Same { token: 0, key: 0 },
                Step::Confused {
                    token: 1,
                    key: 1,
                    weight: 4
                },
                Step::One { key: 2 },
                Step::Same { token: 3, key: 3 },
            ]
        );
    }
}
