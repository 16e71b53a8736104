//! One test per corruption kind of issue 3, ranking, filters, the index life cycle.

use armtrace_search::{
    DocId, Hit, MarkingIndex, PersistError, Query, Reason, Tier, WeaponFacets, parse_query,
};

fn weapon(make: &str, model: &str, country: &str, year: u16, status: &str) -> WeaponFacets {
    WeaponFacets {
        make: make.into(),
        model: model.into(),
        calibre: "7.62x39".into(),
        category: "assault rifle".into(),
        country: Some(country.into()),
        year: Some(year),
        status: status.into(),
    }
}

/// Weapon id, make, model, country, year, status, markings.
type Row<'a> = (
    DocId,
    &'a str,
    &'a str,
    &'a str,
    u16,
    &'a str,
    &'a [&'a str],
);

/// A small registry with near neighbours of each other.
fn registry() -> MarkingIndex {
    let mut index = MarkingIndex::new();
    let rows: &[Row] = &[
        (
            1,
            "Izhmash",
            "AKM",
            "RU",
            1974,
            "registered",
            &["KO 1234", "IMP BE 1999"],
        ),
        (2, "Izhmash", "AK-74", "RU", 1985, "seized", &["КР 5678"]),
        (3, "Glock", "G17", "AT", 1995, "registered", &["BKR-103"]),
        (4, "Glock", "G19", "AT", 2001, "lost", &["BKR-1O3"]),
        (
            5,
            "FN Herstal",
            "FAL",
            "BE",
            1968,
            "registered",
            &["1234567"],
        ),
        (
            6,
            "FN Herstal",
            "FAL",
            "BE",
            1969,
            "destroyed",
            &["1234568"],
        ),
        (
            7,
            "Zastava",
            "M70",
            "RS",
            1988,
            "registered",
            &["A-58 2916"],
        ),
        (
            8,
            "Norinco",
            "Type 56",
            "CN",
            1979,
            "seized",
            &["56-1-0347219"],
        ),
    ];
    for (doc, make, model, country, year, status, markings) in rows {
        index
            .upsert(*doc, weapon(make, model, country, *year, status), markings)
            .expect("indexed");
    }
    index
}

fn search(index: &MarkingIndex, q: &str) -> Vec<Hit> {
    index.search(&parse_query(q).expect("valid query"), 10, 0)
}

fn top(index: &MarkingIndex, q: &str) -> Hit {
    search(index, q)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no hit for {q:?}"))
}

fn why(hit: &Hit) -> Vec<String> {
    hit.why.iter().map(ToString::to_string).collect()
}

#[test]
fn exact() {
    let h = top(&registry(), "BKR-103");
    assert_eq!((h.doc, h.tier, h.score), (3, Tier::Exact, 1000));
    assert_eq!(why(&h), ["exact reading"]);
}

#[test]
fn exact_reading_ranks_before_its_confusion_twin() {
    let hits = search(&registry(), "BKR-1O3");
    assert_eq!(hits.iter().map(|h| h.doc).collect::<Vec<_>>(), [4, 3]);
    assert_eq!(hits[0].tier, Tier::Exact);
    assert_eq!(hits[1].tier, Tier::Confusion);
    assert_eq!(
        why(&hits[1]),
        ["0 read as O at position 6 (confusion weight 4)"]
    );
}

#[test]
fn separators_changed() {
    let h = top(&registry(), "BKR 1 03");
    assert_eq!((h.doc, h.tier, h.score), (3, Tier::Normalised, 950));
    assert_eq!(why(&h), ["equal after normalising separators"]);
    assert_eq!(top(&registry(), "A582916").doc, 7);
}

#[test]
fn lower_case() {
    let h = top(&registry(), "bkr-103");
    assert_eq!((h.doc, h.tier), (3, Tier::Normalised));
    assert_eq!(why(&h), ["equal after normalising case"]);
}

#[test]
fn one_confusion_misread() {
    let h = top(&registry(), "A-5B 2916");
    assert_eq!((h.doc, h.tier, h.score), (7, Tier::Confusion, 794));
    assert_eq!(why(&h), ["8 read as B at position 4 (confusion weight 6)"]);
}

#[test]
fn two_confusion_misreads() {
    let h = top(&registry(), "A-S8 29I6");
    assert_eq!((h.doc, h.tier), (7, Tier::Confusion));
    assert_eq!(
        why(&h),
        [
            "5 read as S at position 3 (confusion weight 6)",
            "1 read as I at position 8 (confusion weight 4)"
        ]
    );
}

#[test]
fn latin_typed_for_cyrillic() {
    // Doc 2 is stamped in Cyrillic: К, Р.
    let h = top(&registry(), "KP 5678");
    assert_eq!((h.doc, h.tier, h.score), (2, Tier::LookAlike, 900));
    assert_eq!(
        why(&h),
        [
            "К read as look-alike K at position 1",
            "Р read as look-alike P at position 2"
        ]
    );
}

#[test]
fn cyrillic_typed_for_latin() {
    // Doc 1 is stamped in Latin; the reading uses Cyrillic К and О.
    let h = top(&registry(), "КО 1234");
    assert_eq!((h.doc, h.tier), (1, Tier::LookAlike));
}

#[test]
fn arabic_indic_digits() {
    let h = top(&registry(), "١٢٣٤٥٦٧");
    assert_eq!((h.doc, h.tier), (5, Tier::Normalised));
    assert_eq!(why(&h), ["equal after normalising digit forms"]);
    // Extended Arabic-Indic (Persian) digits too.
    assert_eq!(top(&registry(), "۱۲۳۴۵۶۸").doc, 6);
}

#[test]
fn one_unreadable_character() {
    let h = top(&registry(), "A-58 29?6");
    assert_eq!((h.doc, h.tier, h.score), (7, Tier::Wildcard, 599));
    assert_eq!(why(&h), ["unreadable character at position 8 is 1"]);
}

#[test]
fn two_unreadable_characters() {
    let hits = search(&registry(), "12345??");
    let docs: Vec<DocId> = hits.iter().map(|h| h.doc).collect();
    assert_eq!(docs, [5, 6]);
}

#[test]
fn missing_head() {
    let h = top(&registry(), "*0347219");
    assert_eq!((h.doc, h.tier), (8, Tier::Wildcard));
    assert_eq!(why(&h), ["unreadable run at positions 1-4 is 561"]);
}

#[test]
fn missing_tail() {
    let h = top(&registry(), "56-1-03*");
    assert_eq!(h.doc, 8);
    assert_eq!(why(&h), ["unreadable run at positions 8-12 is 47219"]);
}

#[test]
fn run_inside() {
    assert_eq!(top(&registry(), "56*7219").doc, 8);
}

#[test]
fn one_random_typo_widens_automatically() {
    let h = top(&registry(), "56-1-0347X19");
    assert_eq!((h.doc, h.tier), (8, Tier::Edit));
    assert_eq!(why(&h), ["2 read as X at position 10 (edit)"]);
    // Missing and extra characters.
    assert_eq!(top(&registry(), "5610347219").doc, 8);
    assert_eq!(top(&registry(), "56103472199").doc, 8);
}

#[test]
fn one_transposition() {
    let h = top(&registry(), "A-58 2961");
    assert_eq!((h.doc, h.tier), (7, Tier::Edit));
    assert_eq!(why(&h), ["16 at position 8 read as 61 (edit)"]);
}

#[test]
fn misread_plus_unreadable() {
    let h = top(&registry(), "A-S8 ?916");
    assert_eq!((h.doc, h.tier), (7, Tier::Wildcard));
    assert_eq!(
        why(&h),
        [
            "5 read as S at position 3 (confusion weight 6)",
            "unreadable character at position 6 is 2"
        ]
    );
}

#[test]
fn explicit_budget_and_no_widening_when_budget_is_zero() {
    let index = registry();
    assert!(search(&index, "56-1-0347X19~0").is_empty());
    assert_eq!(top(&index, "56-1-0347X19~1").doc, 8);
    assert_eq!(top(&index, "56-1-03X7X19~2").doc, 8);
    assert!(search(&index, "56-1-03X7X19~1").is_empty());
}

#[test]
fn every_marking_is_searchable() {
    let h = top(&registry(), "IMP-BE-1999");
    assert_eq!((h.doc, h.marking.as_str()), (1, "IMP BE 1999"));
}

#[test]
fn filters_run_in_the_index() {
    let index = registry();
    let docs = |q: &str| -> Vec<DocId> { search(&index, q).iter().map(|h| h.doc).collect() };
    assert_eq!(docs("BKR-1?3"), [3, 4]);
    assert_eq!(docs("make:GLOCK model:g-19 BKR-1?3"), [4]);
    assert_eq!(docs("status:lost BKR-1?3"), [4]);
    assert_eq!(docs("status:lost,registered BKR-1?3"), [3, 4]);
    assert_eq!(docs("year:1990-2000 BKR-1?3"), [3]);
    assert_eq!(docs("year:2001 BKR-1?3"), [4]);
    assert_eq!(docs("country:at BKR-1?3"), [3, 4]);
    assert_eq!(docs("country:be BKR-1?3"), Vec::<DocId>::new());
    assert_eq!(docs("make:unknown BKR-1?3"), Vec::<DocId>::new());
    assert_eq!(
        docs("calibre:7.62X39 category:\"Assault Rifle\" BKR-1?3"),
        [3, 4]
    );
    let q = Query::from_reading("BKR-1?3")
        .and_then(|q| q.years(1990, 2000))
        .map(|q| q.make("glock"))
        .expect("valid");
    assert_eq!(
        index
            .search(&q, 10, 0)
            .iter()
            .map(|h| h.doc)
            .collect::<Vec<_>>(),
        [3]
    );
}

#[test]
fn limit_and_offset() {
    let index = registry();
    let q = parse_query("*").map(|_| ()).err();
    assert!(q.is_some(), "only wildcards is an error");
    let all: Vec<DocId> = search(&index, "*1*").iter().map(|h| h.doc).collect();
    assert!(all.len() >= 5, "{all:?}");
    let q = parse_query("*1*").expect("valid");
    let page: Vec<DocId> = index.search(&q, 2, 1).iter().map(|h| h.doc).collect();
    assert_eq!(page, all[1..3]);
    assert!(index.search(&q, 0, 0).is_empty());
    assert!(index.search(&q, 10, 100).is_empty());
}

#[test]
fn upsert_is_findable_at_once_and_replaces() {
    let mut index = registry();
    assert!(search(&index, "ZZ-999").is_empty());
    index
        .upsert(3, weapon("Glock", "G17", "AT", 1995, "seized"), &["ZZ-999"])
        .expect("indexed");
    assert_eq!(top(&index, "ZZ-999").doc, 3);
    assert_eq!(top(&index, "status:seized ZZ999").doc, 3);
    // The old marking is gone.
    assert!(search(&index, "BKR-103").iter().all(|h| h.doc != 3));
    assert_eq!(index.len(), 8);
    assert!(index.remove(3));
    assert!(!index.remove(3));
    assert!(search(&index, "ZZ-999").is_empty());
    assert_eq!(index.len(), 7);
    assert_eq!(index.facets(4).map(|f| f.model), Some("G19".to_owned()));
    assert_eq!(
        index.markings(1),
        Some(vec!["KO 1234".to_owned(), "IMP BE 1999".to_owned()])
    );
}

#[test]
fn bulk_load_then_upserts() {
    let mut index = MarkingIndex::new();
    let rows = (0..5000u64).map(|i| {
        (
            i,
            weapon("Make", "M", "BE", 2000, "registered"),
            vec![format!("SN{:07}", i * 104_729 % 10_000_000)],
        )
    });
    index.upsert_many(rows).expect("indexed");
    assert_eq!(index.len(), 5000);
    index
        .upsert(5000, WeaponFacets::default(), &["SN-NEW-1"])
        .expect("indexed");
    assert_eq!(top(&index, "sn0104729").doc, 1);
    assert_eq!(top(&index, "SNNEW1").doc, 5000);
}

#[test]
fn save_and_load() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("markings.idx");
    let mut index = registry();
    index.remove(6);
    index.set_generation(42);
    index.save(&path).expect("saved");
    let loaded = MarkingIndex::load(&path).expect("loaded");
    assert_eq!(loaded.generation(), 42);
    assert_eq!(loaded.len(), 7);
    for q in [
        "BKR-1O3",
        "KP 5678",
        "*0347219",
        "12345??",
        "A-58 2961",
        "status:lost BKR-1?3",
    ] {
        assert_eq!(search(&loaded, q), search(&index, q), "{q}");
    }
    // A bulk-loaded, compacted index too.
    index.compact().expect("compacted");
    index.save(&path).expect("saved");
    let loaded = MarkingIndex::load(&path).expect("loaded");
    assert_eq!(search(&loaded, "*0347219"), search(&index, "*0347219"));

    let mut bytes = std::fs::read(&path).expect("read");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(&path, &bytes).expect("write");
    let err = MarkingIndex::load(&path).expect_err("damaged");
    assert!(matches!(err, PersistError::Checksum { .. }), "{err}");
    assert!(
        err.to_string()
            .ends_with("checksum mismatch, the file is damaged; rebuild the index")
    );

    std::fs::write(&path, b"hello").expect("write");
    let err = MarkingIndex::load(&path).expect_err("not an index");
    assert!(
        err.to_string()
            .ends_with("not an armtrace marking index file"),
        "{err}"
    );
    let err = MarkingIndex::load(dir.path().join("missing")).expect_err("missing");
    assert!(matches!(err, PersistError::Io { .. }));
}

#[test]
fn reasons_count_positions_in_the_stored_marking() {
    let h = top(&registry(), "56-I-0347219");
    assert_eq!(why(&h), ["1 read as I at position 4 (confusion weight 4)"]);
    assert!(matches!(
        h.why[0],
        Reason::Confusion {
            position: 4,
            stored: '1',
            read: 'I',
            ..
        }
    ));
}
