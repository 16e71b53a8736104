//! Property tests of issue 3: normalisation is idempotent; a serial always finds itself
//! under any single confusion-table substitution, separator change, case change and
//! script look-alike swap; wildcard semantics match a reference regex.

use armtrace_search::confusion::{CONFUSIONS, alternatives};
use armtrace_search::normalize::{normalize, skeleton};
use armtrace_search::{DocId, MarkingIndex, Query, Token, WeaponFacets};
use proptest::prelude::*;

/// Latin capitals with a Cyrillic or Greek look-alike, and one of those look-alikes.
const LOOK_ALIKES: &[(char, char)] = &[
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
    ('Z', 'Ζ'),
    ('N', 'Ν'),
    ('I', 'Ι'),
    ('Y', 'Υ'),
];

fn index_of(serials: &[String]) -> MarkingIndex {
    let mut index = MarkingIndex::new();
    index
        .upsert_many(
            serials
                .iter()
                .enumerate()
                .map(|(i, s)| (i as DocId, WeaponFacets::default(), vec![s.clone()])),
        )
        .expect("indexed");
    index
}

/// True when the reading finds weapon 0 among the first 100 hits.
fn finds_first(index: &MarkingIndex, reading: &str) -> bool {
    let q = Query::from_reading(reading).expect("valid reading");
    index.search(&q, 100, 0).iter().any(|h| h.doc == 0)
}

fn serial() -> impl Strategy<Value = String> {
    "[A-Z0-9]{2,5}[- /.]?[A-Z0-9]{2,8}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn normalisation_is_idempotent(s in "\\PC{0,24}") {
        let n = normalize(&s);
        prop_assert_eq!(normalize(&n), n.clone());
        let k = skeleton(&s);
        prop_assert_eq!(skeleton(&k), k.clone());
        prop_assert_eq!(k.chars().count(), n.chars().count());
    }

    #[test]
    fn normalisation_is_idempotent_on_marking_like_text(
        s in "[A-Za-z0-9АВЕКМНОРСТХавекмнорстхΑΒΕΖΗΙΚΜΝΟΡΤΥΧ٠-٩۰-۹０-９ -/.ßǰ가가]{0,24}"
    ) {
        let n = normalize(&s);
        prop_assert_eq!(normalize(&n), n.clone());
        prop_assert_eq!(skeleton(&skeleton(&s)), skeleton(&s));
    }

    #[test]
    fn finds_itself_under_one_confusion(
        s in serial(),
        others in proptest::collection::vec(serial(), 0..50),
        at in any::<prop::sample::Index>(),
        pick in any::<prop::sample::Index>(),
    ) {
        let chars: Vec<char> = s.chars().collect();
        let candidates: Vec<usize> = (0..chars.len())
            .filter(|&i| alternatives(chars[i]).next().is_some())
            .collect();
        prop_assume!(!candidates.is_empty());
        let i = candidates[at.index(candidates.len())];
        let alts: Vec<char> = alternatives(chars[i]).map(|(c, _)| c).collect();
        let mut read = chars.clone();
        read[i] = alts[pick.index(alts.len())];
        let read: String = read.into_iter().collect();
        let index = index_of(&std::iter::once(s.clone()).chain(others).collect::<Vec<_>>());
        prop_assert!(finds_first(&index, &read), "{s} read as {read}");
    }

    #[test]
    fn finds_itself_under_a_separator_change(
        s in serial(),
        others in proptest::collection::vec(serial(), 0..50),
        cuts in proptest::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec![" ", "-", "/", ".", "  ", ""])), 0..4),
    ) {
        let mut bare: Vec<String> = s.chars().filter(|c| c.is_alphanumeric()).map(String::from).collect();
        for (at, sep) in cuts {
            let i = at.index(bare.len());
            bare[i].push_str(sep);
        }
        let read = bare.concat();
        let index = index_of(&std::iter::once(s.clone()).chain(others).collect::<Vec<_>>());
        prop_assert!(finds_first(&index, &read), "{s} read as {read}");
    }

    #[test]
    fn finds_itself_under_a_case_change(
        s in serial(),
        others in proptest::collection::vec(serial(), 0..50),
        lower in proptest::collection::vec(any::<bool>(), 16),
    ) {
        let read: String = s
            .chars()
            .zip(lower.iter().cycle())
            .map(|(c, &l)| if l { c.to_ascii_lowercase() } else { c })
            .collect();
        let index = index_of(&std::iter::once(s.clone()).chain(others).collect::<Vec<_>>());
        prop_assert!(finds_first(&index, &read), "{s} read as {read}");
    }

    #[test]
    fn finds_itself_under_a_script_swap(
        s in serial(),
        others in proptest::collection::vec(serial(), 0..50),
        swap in proptest::collection::vec(any::<bool>(), 16),
        stored_cyrillic in any::<bool>(),
    ) {
        let swapped: String = s
            .chars()
            .zip(swap.iter().cycle())
            .map(|(c, &sw)| match LOOK_ALIKES.iter().find(|(l, _)| *l == c) {
                Some((_, other)) if sw => *other,
                _ => c,
            })
            .collect();
        // Either the marking is stamped in the other script and read in Latin, or the
        // other way round.
        let (stored, read) = if stored_cyrillic { (swapped, s) } else { (s, swapped) };
        let index = index_of(&std::iter::once(stored.clone()).chain(others).collect::<Vec<_>>());
        prop_assert!(finds_first(&index, &read), "{stored} read as {read}");
    }

    #[test]
    fn wildcards_match_the_reference_regex(
        serials in proptest::collection::vec("[AB0O18X]{0,3}[-]?[AB0O18X]{1,4}", 1..80),
        pattern in "[AB0O18X?*]{1,6}",
    ) {
        let Ok(q) = Query::from_reading(&pattern) else { return Ok(()) };
        let q = q.with_budget(0).expect("budget 0");
        // Reference: each readable character is the class of itself and its confusion
        // partners, `?` is one character, `*` any run; anchored; on the skeleton.
        let mut re = String::from("^");
        for t in q.tokens() {
            match t {
                Token::Lit(c) => {
                    re.push('[');
                    re.push(*c);
                    for (alt, _) in alternatives(*c) {
                        re.push(alt);
                    }
                    re.push(']');
                }
                Token::One => re.push('.'),
                Token::Run => re.push_str(".*"),
            }
        }
        re.push('$');
        let re = regex::Regex::new(&re).expect("valid regex");
        let expected: std::collections::BTreeSet<DocId> = serials
            .iter()
            .enumerate()
            .filter(|(_, s)| { let k = skeleton(s); !k.is_empty() && re.is_match(&k) })
            .map(|(i, _)| i as DocId)
            .collect();
        let index = index_of(&serials);
        let got: std::collections::BTreeSet<DocId> =
            index.search(&q, usize::MAX, 0).iter().map(|h| h.doc).collect();
        prop_assert_eq!(got, expected, "pattern {} regex {}", pattern, re);
    }
}

#[test]
fn confusion_table_covers_the_issue_pairs() {
    for (a, b) in [
        ('0', 'O'),
        ('0', 'D'),
        ('0', 'Q'),
        ('1', 'I'),
        ('1', 'L'),
        ('5', 'S'),
        ('8', 'B'),
        ('2', 'Z'),
        ('6', 'G'),
        ('U', 'V'),
    ] {
        assert!(
            CONFUSIONS
                .iter()
                .any(|c| (c.a, c.b) == (a, b) || (c.a, c.b) == (b, a)),
            "{a}/{b}"
        );
    }
}
