//! Checks a generated registry against the rules of `docs/import-format.md` and the
//! importer's event rules.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::OnceLock;

use armtrace_demo::serial::fold;
use armtrace_demo::vocab;
use armtrace_demo::{DemoConfig, DemoError, DemoFiles, write_registry};

/// One registry of 200,000 weapons shared by the tests of this file, written once under
/// the target directory.
fn big() -> &'static DemoFiles {
    static FILES: OnceLock<DemoFiles> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("armtrace-demo-200k");
        let config = DemoConfig {
            weapons: 200_000,
            ..DemoConfig::default()
        };
        write_registry(&config, &dir).expect("registry written")
    })
}

/// One CSV row, indexed by column name.
struct Row {
    columns: Rc<HashMap<String, usize>>,
    record: csv::StringRecord,
}

impl Row {
    /// The value of `column`.
    fn f(&self, column: &str) -> &str {
        let i = self
            .columns
            .get(column)
            .unwrap_or_else(|| panic!("no column {column}"));
        &self.record[*i]
    }
}

/// The rows of a CSV file.
fn rows(path: &Path) -> impl Iterator<Item = Row> {
    let mut reader = csv::Reader::from_path(path).expect("readable CSV");
    let columns: Rc<HashMap<String, usize>> = Rc::new(
        reader
            .headers()
            .expect("header")
            .iter()
            .enumerate()
            .map(|(i, c)| (c.to_string(), i))
            .collect(),
    );
    reader.into_records().map(move |r| Row {
        columns: Rc::clone(&columns),
        record: r.expect("well-formed row"),
    })
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("file readable")
}

#[test]
fn same_config_gives_identical_files() {
    let config = DemoConfig {
        weapons: 5_000,
        seed: 77,
        ..DemoConfig::default()
    };
    let (a, b) = (
        tempfile::tempdir().expect("temp dir"),
        tempfile::tempdir().expect("temp dir"),
    );
    let fa = write_registry(&config, a.path()).expect("registry written");
    let fb = write_registry(&config, b.path()).expect("registry written");
    assert_eq!(fa.event_count, fb.event_count);
    for (x, y) in [
        (&fa.holders, &fb.holders),
        (&fa.weapons, &fb.weapons),
        (&fa.events, &fb.events),
    ] {
        assert!(
            read(x) == read(y),
            "{} differs between two runs",
            x.display()
        );
    }

    let other = DemoConfig { seed: 78, ..config };
    let c = tempfile::tempdir().expect("temp dir");
    let fc = write_registry(&other, c.path()).expect("registry written");
    assert!(
        read(&fa.weapons) != read(&fc.weapons),
        "the seed changes the weapons"
    );
}

#[test]
fn without_events_the_events_file_is_a_header_and_weapons_do_not_change() {
    let with = DemoConfig {
        weapons: 3_000,
        ..DemoConfig::default()
    };
    let without = DemoConfig {
        with_events: false,
        ..with.clone()
    };
    let (a, b) = (
        tempfile::tempdir().expect("temp dir"),
        tempfile::tempdir().expect("temp dir"),
    );
    let fa = write_registry(&with, a.path()).expect("registry written");
    let fb = write_registry(&without, b.path()).expect("registry written");
    assert_eq!(fb.event_count, 0);
    assert_eq!(rows(&fb.events).count(), 0);
    let header = String::from_utf8(read(&fb.events)).expect("UTF-8");
    assert!(header.starts_with("id,weapon_id,kind,occurred_at,"));
    assert!(read(&fa.weapons) == read(&fb.weapons));
    assert!(read(&fa.holders) == read(&fb.holders));
}

#[test]
fn a_bad_home_country_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    for cc in ["", "K", "ke", "KEN", "K1"] {
        let config = DemoConfig {
            home_country: cc.to_string(),
            weapons: 10,
            ..DemoConfig::default()
        };
        assert!(matches!(
            write_registry(&config, dir.path()),
            Err(DemoError::InvalidConfig(_))
        ));
    }
}

#[test]
fn another_home_country_works() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = DemoConfig {
        home_country: "DE".to_string(),
        weapons: 2_000,
        ..DemoConfig::default()
    };
    let files = write_registry(&config, dir.path()).expect("registry written");
    for w in rows(&files.weapons) {
        if w.f("country_of_manufacture") == "DE" {
            assert_eq!(w.f("import_marking"), "", "made at home, no import marking");
        }
        if !w.f("import_country").is_empty() {
            assert_eq!(w.f("import_country"), "DE");
        }
    }
    assert!(rows(&files.holders).all(|h| h.f("code") != "STATE-DE"));
}

#[test]
fn counts_match_the_files() {
    let files = big();
    assert_eq!(rows(&files.holders).count(), files.holder_count);
    assert_eq!(rows(&files.weapons).count(), files.weapon_count);
    assert_eq!(rows(&files.events).count(), files.event_count);
    assert!(
        (300..=8_000).contains(&files.holder_count),
        "{} holders",
        files.holder_count
    );
    let per_weapon = files.event_count as f64 / files.weapon_count as f64;
    assert!(
        (1.0..=4.0).contains(&per_weapon),
        "{per_weapon} events a weapon"
    );
}

#[test]
fn natural_keys_and_ids_are_unique() {
    let files = big();
    let mut keys = HashSet::new();
    let mut ids = HashSet::new();
    let mut inadequate = 0usize;
    for w in rows(&files.weapons) {
        assert!(uuid::Uuid::parse_str(w.f("id")).is_ok(), "{}", w.f("id"));
        assert!(
            ids.insert(w.f("id").to_string()),
            "weapon id {} repeated",
            w.f("id")
        );
        if w.f("serial").is_empty() || w.f("country_of_manufacture").is_empty() {
            inadequate += 1;
        }
        if w.f("serial").is_empty() {
            continue;
        }
        let key = (
            w.f("make").to_uppercase(),
            fold(w.f("serial")),
            w.f("country_of_manufacture").to_string(),
        );
        assert!(keys.insert(key.clone()), "natural key {key:?} repeated");
    }
    let share = inadequate as f64 / files.weapon_count as f64;
    assert!(
        (0.002..=0.01).contains(&share),
        "{share} inadequately marked"
    );
    for h in rows(&files.holders) {
        assert!(
            ids.insert(h.f("id").to_string()),
            "holder id {} repeated",
            h.f("id")
        );
    }
    for e in rows(&files.events) {
        assert!(
            ids.insert(e.f("id").to_string()),
            "event id {} repeated",
            e.f("id")
        );
    }
}

#[test]
fn values_are_within_the_vocabularies() {
    let files = big();
    let mut light = 0usize;
    let mut categories = HashSet::new();
    for w in rows(&files.weapons) {
        assert!(
            vocab::CATEGORIES.contains(&w.f("category")),
            "{}",
            w.f("category")
        );
        assert!(
            vocab::STATUSES.contains(&w.f("status")),
            "{}",
            w.f("status")
        );
        if vocab::is_light_weapon(w.f("category")) {
            light += 1;
        }
        categories.insert(w.f("category").to_string());
        for field in ["make", "model", "calibre", "registered_on"] {
            assert!(!w.f(field).is_empty(), "{field} empty");
        }
        let cc = &w.f("country_of_manufacture");
        assert!(cc.is_empty() || is_country(cc), "{cc}");
        for year in ["year_of_manufacture", "import_year"] {
            assert!(w.f(year).is_empty() || is_year(w.f(year)), "{}", w.f(year));
        }
        check_markings(w.f("markings"));
        assert!(w.f("registered_on") <= "2025-12-31");
        if !w.f("year_of_manufacture").is_empty() {
            assert!(w.f("registered_on")[..4] >= w.f("year_of_manufacture")[..]);
        }
        if !w.f("import_year").is_empty() {
            assert_eq!(w.f("import_country"), "KE");
            assert!(!w.f("import_marking").is_empty());
            assert!(w.f("import_year") >= w.f("year_of_manufacture"));
            assert!(w.f("registered_on")[..4] >= w.f("import_year")[..]);
        }
    }
    assert_eq!(
        categories.len(),
        vocab::CATEGORIES.len(),
        "every category occurs"
    );
    let share = light as f64 / files.weapon_count as f64;
    assert!((0.01..=0.06).contains(&share), "{share} light weapons");

    for h in rows(&files.holders) {
        assert!(
            vocab::HOLDER_KINDS.contains(&h.f("kind")),
            "{}",
            h.f("kind")
        );
    }
    for e in rows(&files.events) {
        assert!(vocab::EVENT_KINDS.contains(&e.f("kind")), "{}", e.f("kind"));
        let dk = e.f("document_kind");
        assert!(dk.is_empty() || vocab::DOCUMENT_KINDS.contains(&dk), "{dk}");
        assert_eq!(dk.is_empty(), e.f("document_ref").is_empty());
        let method = e.f("method");
        assert!(
            method.is_empty() || vocab::DESTRUCTION_METHODS.contains(&method),
            "{method}"
        );
        if !e.f("marking").is_empty() {
            check_markings(e.f("marking"));
        }
    }
}

#[test]
fn serials_come_in_several_scripts() {
    let files = big();
    let (mut cyrillic, mut arabic_indic, mut persian, mut latin) = (0, 0, 0, 0);
    for w in rows(&files.weapons) {
        let s = &w.f("serial");
        if s.chars().any(|c| ('А'..='Я').contains(&c)) {
            cyrillic += 1;
        }
        if s.chars().any(|c| ('٠'..='٩').contains(&c)) {
            arabic_indic += 1;
        }
        if s.chars().any(|c| ('۰'..='۹').contains(&c)) {
            persian += 1;
        }
        if s.chars().any(|c| c.is_ascii_uppercase()) {
            latin += 1;
        }
    }
    assert!(cyrillic > 1_000 && arabic_indic > 100 && persian > 100 && latin > 10_000);
}

struct Held {
    holder: String,
    registered: String,
    last: String,
    destroyed: bool,
    abroad: bool,
    events: HashSet<String>,
}

#[test]
fn holders_and_events_follow_the_import_rules() {
    let files = big();
    // code -> (kind, parent)
    let mut holders: HashMap<String, (String, String)> = HashMap::new();
    for h in rows(&files.holders) {
        let parent = h.f("parent").to_string();
        assert!(
            parent.is_empty() || holders.contains_key(&parent),
            "parent {parent} first"
        );
        if matches!(h.f("kind"), "agency_unit" | "depot") {
            assert!(!parent.is_empty(), "{} needs a parent", h.f("code"));
        }
        if h.f("kind") == "foreign_state" {
            assert!(is_country(h.f("country")));
        }
        if h.f("kind") == "civilian" {
            assert!(!h.f("licence").is_empty() && h.f("country").is_empty());
        }
        let code = h.f("code").to_string();
        assert!(
            holders
                .insert(code.clone(), (h.f("kind").to_string(), parent))
                .is_none(),
            "holder {code} repeated"
        );
    }

    let mut weapons: HashMap<String, Held> = HashMap::new();
    for w in rows(&files.weapons) {
        let holder = w.f("holder").to_string();
        assert!(
            holder.is_empty() || holders.contains_key(&holder),
            "unknown holder {holder}"
        );
        weapons.insert(
            w.f("id").to_string(),
            Held {
                holder,
                registered: w.f("registered_on").to_string(),
                last: w.f("registered_on").to_string(),
                destroyed: false,
                abroad: false,
                events: HashSet::new(),
            },
        );
    }

    let kind_of = |code: &str| holders.get(code).map(|h| h.0.as_str());
    let parent_of = |code: &str| holders.get(code).map(|h| h.1.as_str());
    let mut corrections = 0usize;
    let mut seen_kinds = HashSet::new();
    for e in rows(&files.events) {
        let w = weapons
            .get_mut(e.f("weapon_id"))
            .expect("event of a known weapon");
        let kind = e.f("kind");
        let date = e.f("occurred_at").to_string();
        seen_kinds.insert(kind.to_string());
        assert!(date >= w.registered, "event before registration");
        assert!(date >= w.last, "events out of order");
        assert!(date.as_str() <= "2026-12-31");
        assert!(!w.destroyed, "event after destroyed");
        if w.abroad {
            assert_eq!(kind, "imported", "only an import may follow an export");
        }
        let holder = e.f("holder");
        if !holder.is_empty() {
            assert!(holders.contains_key(holder), "unknown holder {holder}");
        }
        match kind {
            "transferred" | "issued" | "returned" | "seized" | "collected" | "recovered"
            | "imported" => {
                assert!(!holder.is_empty(), "{kind} needs a holder")
            }
            "reported_lost" | "reported_stolen" | "exported" | "destroyed"
            | "designated_surplus" => {
                assert!(holder.is_empty(), "{kind} takes no holder")
            }
            _ => {}
        }
        match kind {
            "issued" => {
                assert_eq!(kind_of(&w.holder), Some("depot"), "issued from a depot");
                assert_eq!(kind_of(holder), Some("agency_unit"), "issued to a unit");
                assert_eq!(parent_of(&w.holder), parent_of(holder), "same agency");
            }
            "returned" => {
                assert_eq!(
                    kind_of(&w.holder),
                    Some("agency_unit"),
                    "returned from a unit"
                );
                assert_eq!(kind_of(holder), Some("depot"), "returned to a depot");
                assert_eq!(parent_of(&w.holder), parent_of(holder), "same agency");
            }
            "exported" => {
                assert!(is_country(e.f("country")) && e.f("country") != "KE");
                assert_eq!(e.f("document_kind"), "licence");
            }
            "imported" => {
                assert!(w.abroad && is_country(e.f("country")));
                assert!(!e.f("marking").is_empty());
            }
            "destroyed" => {
                assert!(!e.f("method").is_empty());
                assert_eq!(e.f("document_kind"), "destruction_certificate");
            }
            "marked" => assert!(!e.f("marking").is_empty()),
            "correction" => {
                corrections += 1;
                assert!(
                    w.events.contains(e.f("corrects")),
                    "corrects an earlier event"
                );
                assert!(!e.f("reason").is_empty());
            }
            _ => {}
        }
        if kind != "correction" {
            assert!(e.f("corrects").is_empty() && e.f("reason").is_empty());
            match kind {
                "reported_lost" | "reported_stolen" | "exported" => w.holder.clear(),
                _ if !holder.is_empty() => w.holder = holder.to_string(),
                _ => {}
            }
            w.destroyed = kind == "destroyed";
            w.abroad = kind == "exported";
        }
        w.events.insert(e.f("id").to_string());
        w.last = date;
    }
    let share = corrections as f64 / files.event_count as f64;
    assert!(
        corrections > 0 && share < 0.005,
        "{corrections} corrections"
    );
    for kind in vocab::EVENT_KINDS.iter().filter(|k| **k != "manufactured") {
        assert!(seen_kinds.contains(*kind), "no {kind} event");
    }
}

fn is_country(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())
}

fn is_year(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Parses a `markings` cell (`kind/place[/country[/year]]=text;...`, `\;` and `\\`
/// escaped) and checks every marking.
fn check_markings(cell: &str) {
    if cell.is_empty() {
        return;
    }
    let mut markings = vec![String::new()];
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next().expect("escape followed by a character");
                assert!(matches!(next, ';' | '\\'), "bad escape in {cell}");
                markings.last_mut().expect("a marking").push(next);
            }
            ';' => markings.push(String::new()),
            c => markings.last_mut().expect("a marking").push(c),
        }
    }
    for m in markings {
        let (head, text) = m.split_once('=').expect("kind/place=text");
        assert!(!text.is_empty(), "{m}");
        let parts: Vec<&str> = head.split('/').collect();
        assert!((2..=4).contains(&parts.len()), "{m}");
        assert!(vocab::MARKING_KINDS.contains(&parts[0]), "{m}");
        assert!(vocab::MARKING_PLACES.contains(&parts[1]), "{m}");
        if let Some(cc) = parts.get(2) {
            assert!(cc.is_empty() || is_country(cc), "{m}");
        }
        if let Some(year) = parts.get(3) {
            assert!(year.is_empty() || is_year(year), "{m}");
        }
    }
}
