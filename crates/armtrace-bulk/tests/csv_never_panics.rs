//! No panic on any external input: the CSV importer is fed arbitrary bytes and arbitrary
//! CSV-like text (headers from the real columns plus junk; cells in any script, quotes,
//! very long fields, NULs, CR/LF, a byte-order mark) for each file kind, against one real
//! SQLite store. Whatever comes in, the import ends Ok or with a clean error, every
//! rejected row is reported with its line (≥ 2, the header is line 1) and a reason, every
//! row is accounted for once, and the store still verifies intact.

use armtrace_bulk::marking_cell;
use armtrace_bulk::rows::{EVENTS, HOLDERS, WEAPONS};
use armtrace_bulk::{FileKind, ImportError, ImportOptions, ImportReport, import_file};
use armtrace_domain::vocab::Vocabulary;
use armtrace_domain::{Category, DestructionMethod, DocumentKind, EventKind, HolderKind, Status};
use armtrace_store::Store;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

// ---------------------------------------------------------------------------------------
// The bench: one store with a few holders and weapons, and a checked import.

const WEAPON_1: &str = "0190f3c2-6d1e-7a8b-9c0d-1e2f3a4b5c01";
const WEAPON_2: &str = "0190f3c2-6d1e-7a8b-9c0d-1e2f3a4b5c02";
const WEAPON_3: &str = "0190f3c2-6d1e-7a8b-9c0d-1e2f3a4b5c03";

const FIXTURE_HOLDERS: &str = "\
code,kind,name,parent,country,licence
AGENCY-1,state_agency,Ministry of Interior,,,
DEPOT-1,depot,Central depot,AGENCY-1,,
UNIT-1,agency_unit,1st Battalion,AGENCY-1,,
CIV-1,civilian,A. Person,,,LIC-77
FOREIGN-1,foreign_state,Ministry of Defence of Kenya,,KE,
MAKER-1,manufacturer,Glock GmbH,,AT,M-1
";

fn fixture_weapons() -> String {
    format!(
        "\
category,make,model,calibre,serial,country_of_manufacture,year_of_manufacture,import_marking,import_country,import_year,holder,status,markings,registered_on,id
pistol_revolver,Glock,17,9x19mm,AB 123,AT,2009,,,,DEPOT-1,in_stock,,2020-01-01,{WEAPON_1}
assault_rifle,Izhmash,AK-74M,5.45x39mm,ВА 1234,RU,1998,GB 04 AB,GB,2004,UNIT-1,in_service,,2020-01-01,{WEAPON_2}
pistol_revolver,Makarov,PM,9x18mm,,,,,,,,seized,,2020-01-01,{WEAPON_3}
"
    )
}

/// Panics anywhere in the process, including in the importer's own threads (whose panics
/// `import_file` would otherwise not pass on).
static PANICS: AtomicUsize = AtomicUsize::new(0);

fn count_panics() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // Test threads are named after their test; the importer's are not.
            if std::thread::current().name().is_none() {
                PANICS.fetch_add(1, Ordering::SeqCst);
            }
            previous(info);
        }));
    });
}

struct Bench {
    dir: tempfile::TempDir,
    store: Store,
    files: AtomicUsize,
    /// Whether to check that rejected rows are numbered from line 2 (see the CR/CRLF
    /// tests below for why this can be switched off).
    check_lines: bool,
}

impl Bench {
    fn new() -> Bench {
        count_panics();
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("armtrace.db");
        let store = Store::open(&db.display().to_string(), true).expect("a new SQLite store");
        let bench = Bench {
            dir,
            store,
            files: AtomicUsize::new(0),
            check_lines: true,
        };
        let holders = bench
            .import(FileKind::Holders, FIXTURE_HOLDERS.as_bytes())
            .expect("the holders fixture");
        assert_eq!((holders.written, holders.rejected), (6, 0), "{holders:?}");
        let weapons = bench
            .import(FileKind::Weapons, fixture_weapons().as_bytes())
            .expect("the weapons fixture");
        assert_eq!((weapons.written, weapons.rejected), (3, 0), "{weapons:?}");
        bench
    }

    fn rejects_path(&self) -> PathBuf {
        self.dir.path().join("rejects.csv")
    }

    /// Imports `bytes` as a file of `kind` and checks everything that must hold whatever
    /// the input.
    fn import(&self, kind: FileKind, bytes: &[u8]) -> Result<ImportReport, ImportError> {
        let n = self.files.fetch_add(1, Ordering::SeqCst);
        let path = self.dir.path().join(format!("input-{n}.csv"));
        std::fs::write(&path, bytes).expect("write the input");
        let rejects = self.rejects_path();
        let _ = std::fs::remove_file(&rejects);
        let mut opts = ImportOptions::new("fuzzer");
        opts.rejects = Some(rejects.clone());
        let panics_before = PANICS.load(Ordering::SeqCst);
        let mut last_progress = 0;
        let result = import_file(&self.store, kind, &path, &opts, &mut |b| {
            assert!(b >= last_progress, "progress goes forward");
            last_progress = b;
        });
        assert_eq!(
            PANICS.load(Ordering::SeqCst),
            panics_before,
            "the importer panicked on {kind:?} input {}",
            show(bytes)
        );
        match &result {
            Ok(report) => self.check_report(report, &rejects, bytes),
            Err(e) => assert!(
                !e.to_string().trim().is_empty(),
                "an error must say what is wrong"
            ),
        }
        let verified = self.store.verify(&mut |_| {}).expect("verify runs");
        assert!(
            verified.is_intact(),
            "the store no longer verifies after {kind:?} input {}: {:?}",
            show(bytes),
            verified.problems
        );
        let _ = std::fs::remove_file(&path);
        result
    }

    fn check_report(&self, report: &ImportReport, rejects: &PathBuf, bytes: &[u8]) {
        assert_eq!(
            report.written + report.already_present + report.rejected,
            report.rows,
            "every row is written, already present or rejected, once: {report:?} for {}",
            show(bytes)
        );
        for r in &report.first_rejections {
            assert!(
                !self.check_lines || r.row >= 2,
                "rejected row {} is the header or before it: {r:?}",
                r.row
            );
            assert!(
                !r.reason.trim().is_empty(),
                "a rejected row must say why: {r:?}"
            );
        }
        if report.rejected == 0 {
            assert!(report.rejects_file.is_none());
            assert!(!rejects.exists(), "no rejects, no report");
            return;
        }
        assert_eq!(report.rejects_file.as_ref(), Some(rejects));
        let mut reader = csv::Reader::from_path(rejects).expect("the rejected-row report opens");
        assert_eq!(
            reader
                .headers()
                .expect("a header")
                .iter()
                .collect::<Vec<_>>(),
            ["row", "column", "value", "reason"]
        );
        let mut count = 0;
        for record in reader.records() {
            let record = record.expect("the rejected-row report is well-formed CSV");
            let row: u64 = record[0].parse().expect("a row number");
            assert!(
                !self.check_lines || row >= 2,
                "rejected row {row} is the header or before it: {record:?}"
            );
            assert!(
                !record[1].is_empty(),
                "a rejected row names a column or '-': {record:?}"
            );
            assert!(
                !record[3].trim().is_empty(),
                "a rejected row must say why: {record:?}"
            );
            count += 1;
        }
        assert_eq!(
            count, report.rejected,
            "the report lists every rejected row"
        );
    }

    /// Imports input that must be accepted as a whole (no clean error).
    fn import_ok(&self, kind: FileKind, text: &str) -> ImportReport {
        match self.import(kind, text.as_bytes()) {
            Ok(r) => r,
            Err(e) => panic!("{kind:?} import failed: {e}\n{text}"),
        }
    }
}

/// The input, readable and short enough for a message.
fn show(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out: String = text.chars().take(600).collect();
    if text.chars().count() > 600 {
        out.push('…');
    }
    format!("{out:?}")
}

/// Runs `cases` cases of a property against the bench, without failure files.
fn run<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------------------------------
// CSV-like text.

const KINDS: [FileKind; 3] = [FileKind::Holders, FileKind::Weapons, FileKind::Events];

fn columns(kind: FileKind) -> (Vec<&'static str>, Vec<&'static str>) {
    let f = match kind {
        FileKind::Holders => &HOLDERS,
        FileKind::Weapons => &WEAPONS,
        FileKind::Events => &EVENTS,
    };
    (f.required.to_vec(), f.optional.to_vec())
}

fn names<V: Vocabulary>() -> Vec<String> {
    V::ALL.iter().map(|v| v.name().to_string()).collect()
}

/// Values that mean something in a column, good and bad.
fn meaningful(kind: FileKind, column: &str) -> Vec<String> {
    let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut out = match column {
        "code" => v(&["DEPOT-2", "UNIT-2", "NEW-1", "DEPOT-1", "bad code", "Ω-7"]),
        "kind" if kind == FileKind::Holders => names::<HolderKind>(),
        "kind" => names::<EventKind>(),
        "name" | "model" | "calibre" => v(&["Depot two", "17", "9x19mm", "AK-74M"]),
        "make" => v(&["Glock", "GLOCK", "Izhmash", "Makarov"]),
        "parent" | "holder" => v(&[
            "AGENCY-1",
            "DEPOT-1",
            "UNIT-1",
            "CIV-1",
            "FOREIGN-1",
            "MAKER-1",
            "NOPE",
        ]),
        "country" | "country_of_manufacture" | "import_country" => {
            v(&["AT", "RU", "ke", " DE ", "XX", "DEU"])
        }
        "licence" | "document_ref" => v(&["LIC-1", "EUC/2021/7"]),
        "id" | "weapon_id" | "corrects" => v(&[
            WEAPON_1,
            WEAPON_2,
            WEAPON_3,
            "0190f3c2-6d1e-7a8b-9c0d-1e2f3a4b5cff",
            "not-a-uuid",
        ]),
        "category" => names::<Category>(),
        "serial" => v(&["AB 123", "AB-123", "ВА 1234", "٤٥٦٧٨٩", "--", "X 9"]),
        "year_of_manufacture" | "import_year" => {
            v(&["2004", "1799", "1800", "3000", "99", "２００４"])
        }
        "import_marking" => v(&["GB 04 AB", "-"]),
        "status" => names::<Status>(),
        "markings" | "marking" => v(&[
            "import/frame/GB/2004=GB 04 AB;alternative_code/barrel=◇△ 0451",
            "remarking/frame/NG=NG-2021-1",
            r"other/slide=A\;B\\C",
            "manufacture/frame",
            r"other/frame=A\x",
        ]),
        "registered_on" => v(&["2020-01-01", "2020-02-30", "2999-01-01", "01/02/2020"]),
        "occurred_at" => v(&[
            "2021-01-01",
            "2021-06-01T10:00:00Z",
            "2021-06-01T10:00:00+14:00",
            "2999-01-01",
            "yesterday",
        ]),
        "document_kind" => names::<DocumentKind>(),
        "method" => names::<DestructionMethod>(),
        "void" => v(&["true", "false", "yes", "maybe"]),
        _ => v(&["Depot 7, Kaduna", "wrong year"]),
    };
    out.push(String::new());
    out
}

/// A cell: meaningful, or junk of every sort.
fn cell(kind: FileKind, column: &str) -> BoxedStrategy<String> {
    prop_oneof![
        6 => prop::sample::select(meaningful(kind, column)),
        1 => "\\PC{0,12}",
        1 => any::<String>(),
        1 => prop::sample::select(vec![
            "\"".to_string(),
            "\"\"".to_string(),
            "a\"b".to_string(),
            "a,b".to_string(),
            "line\nbreak".to_string(),
            "cr\r\nlf".to_string(),
            "nul\0inside".to_string(),
            "\u{feff}bom".to_string(),
            "\u{202e}rtl".to_string(),
            "🔫".repeat(50),
        ]),
        1 => (prop::sample::select(vec!['A', 'я', '٤', ';', '\\', '"', ',']), 190usize..2100).prop_map(|(c, n)| c.to_string().repeat(n)),
        1 => Just("Z".repeat(70_000)),
    ]
    .boxed()
}

/// How a cell is written: as is, quoted properly, or quoted badly.
#[derive(Debug, Clone, Copy)]
enum Quoting {
    Raw,
    Quoted,
    Broken,
}

fn quoting() -> impl Strategy<Value = Quoting> {
    prop_oneof![4 => Just(Quoting::Raw), 4 => Just(Quoting::Quoted), 1 => Just(Quoting::Broken)]
}

fn write_cell(out: &mut String, text: &str, q: Quoting) {
    match q {
        Quoting::Raw => out.push_str(text),
        Quoting::Quoted => {
            out.push('"');
            out.push_str(&text.replace('"', "\"\""));
            out.push('"');
        }
        Quoting::Broken => {
            out.push('"');
            out.push_str(text);
        }
    }
}

/// A header: usually one the format accepts (any order, any case, spaces, a BOM), else
/// real names mixed with junk, repeated or missing.
fn header(kind: FileKind) -> impl Strategy<Value = Vec<String>> {
    let (required, optional) = columns(kind);
    let all: Vec<String> = required
        .iter()
        .chain(&optional)
        .map(|s| s.to_string())
        .collect();
    let good = (
        Just(required.clone()).prop_shuffle(),
        prop::sample::subsequence(optional.clone(), 0..=optional.len()),
    )
        .prop_flat_map(|(req, opt)| {
            let cols: Vec<String> = req.into_iter().chain(opt).map(String::from).collect();
            Just(cols).prop_shuffle()
        })
        .prop_flat_map(|cols| {
            let n = cols.len();
            (Just(cols), prop::collection::vec(0u8..4, n))
        })
        .prop_map(|(cols, styles)| {
            cols.into_iter()
                .zip(styles)
                .map(|(c, s)| match s {
                    1 => c.to_uppercase(),
                    2 => format!(" {c} "),
                    _ => c,
                })
                .collect::<Vec<_>>()
        });
    let junk = prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(all),
            1 => prop::sample::select(vec!["colour".to_string(), "Serial No.".to_string(), String::new(), "make ".to_string()]),
            1 => "\\PC{0,10}",
        ],
        0..20,
    );
    prop_oneof![5 => good, 1 => junk]
}

/// One CSV-like file of `kind`: header and rows as text, then encoded with line endings
/// drawn from `endings`, random quoting and row widths, and a BOM or not.
fn csv_like(kind: FileKind, endings: &[&'static str]) -> impl Strategy<Value = Vec<u8>> {
    let endings = endings.to_vec();
    header(kind)
        .prop_flat_map(move |head| {
            let cells: Vec<BoxedStrategy<String>> = head
                .iter()
                .map(|c| cell(kind, c.trim().to_ascii_lowercase().as_str()))
                .collect();
            let row = (
                cells,
                -1i8..=1,
                prop::collection::vec(quoting(), head.len() + 1),
            )
                .prop_map(|(mut cells, width, q)| {
                    match width {
                        -1 => {
                            cells.pop();
                        }
                        1 => cells.push("extra".into()),
                        _ => {}
                    }
                    (cells, q)
                });
            (
                Just(head),
                prop::collection::vec((row, prop::sample::select(endings.clone())), 0..8),
                any::<bool>(),
                prop::sample::select(endings.clone()),
            )
        })
        .prop_map(|(head, rows, bom, head_end)| {
            let mut out = String::new();
            if bom {
                out.push('\u{feff}');
            }
            out.push_str(&head.join(","));
            out.push_str(head_end);
            for ((cells, quoting), end) in rows {
                for (i, c) in cells.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_cell(&mut out, c, quoting[i.min(quoting.len() - 1)]);
                }
                out.push_str(end);
            }
            out.into_bytes()
        })
}

fn accepted_header(kind: FileKind) -> String {
    let (required, optional) = columns(kind);
    required
        .iter()
        .chain(&optional)
        .copied()
        .collect::<Vec<_>>()
        .join(",")
}

// ---------------------------------------------------------------------------------------
// Properties.

#[test]
fn arbitrary_bytes_never_panic() {
    let bench = Bench::new();
    for kind in KINDS {
        run(64, prop::collection::vec(any::<u8>(), 0..1024), |bytes| {
            let _ = bench.import(kind, &bytes);
            Ok(())
        });
    }
}

#[test]
fn arbitrary_bytes_after_an_accepted_header_never_panic() {
    let bench = Bench::new();
    for kind in KINDS {
        let head = accepted_header(kind);
        run(64, prop::collection::vec(any::<u8>(), 0..1024), |bytes| {
            let mut file = format!("{head}\n").into_bytes();
            file.extend(bytes);
            let report = bench.import(kind, &file);
            prop_assert!(
                report.is_ok() || matches!(report, Err(ImportError::Csv { .. })),
                "{:?}",
                report
            );
            Ok(())
        });
    }
}

const LF: &[&str] = &["\n"];
const CRLF_OR_CR: &[&str] = &["\r\n", "\r"];

#[test]
fn csv_like_text_never_panics() {
    let bench = Bench::new();
    for kind in KINDS {
        run(64, csv_like(kind, LF), |bytes| {
            let _ = bench.import(kind, &bytes);
            Ok(())
        });
    }
}

#[test]
fn csv_like_text_with_crlf_or_cr_line_endings_never_panics() {
    // Everything but the line numbers of rejected rows (see the ignored test below).
    let bench = Bench {
        check_lines: false,
        ..Bench::new()
    };
    for kind in KINDS {
        run(64, csv_like(kind, CRLF_OR_CR), |bytes| {
            let _ = bench.import(kind, &bytes);
            Ok(())
        });
    }
}

#[test]
fn csv_like_text_with_crlf_or_cr_line_endings_never_rejects_line_1() {
    let bench = Bench::new();
    for kind in KINDS {
        run(64, csv_like(kind, CRLF_OR_CR), |bytes| {
            let _ = bench.import(kind, &bytes);
            Ok(())
        });
    }
}

#[test]
fn importing_the_same_text_twice_adds_nothing_the_second_time() {
    let bench = Bench::new();
    // Not weapons: a weapon with neither serial nor id has no natural key, so each import
    // registers it again (docs/import-format.md: give it an `id`).
    for kind in [FileKind::Holders, FileKind::Events] {
        run(32, csv_like(kind, LF), |bytes| {
            let first = bench.import(kind, &bytes);
            let entries = bench.store.head().expect("head").0;
            let second = bench.import(kind, &bytes);
            if let (Ok(_), Ok(second)) = (&first, &second) {
                prop_assert_eq!(
                    bench.store.head().expect("head").0,
                    entries,
                    "the second import wrote something: {:?}",
                    second
                );
                prop_assert_eq!(second.written, 0);
            }
            Ok(())
        });
    }
}

/// Text that looks like a markings cell: real kinds, places, countries and years, the
/// separators and escapes, and junk.
fn markings_like() -> impl Strategy<Value = String> {
    let tokens: Vec<String> = [
        "manufacture",
        "import",
        "IMPORT",
        "state_transfer",
        "alternative_code",
        "remarking",
        "other",
        "frame",
        "barrel",
        "slide",
        " / ",
        "/",
        "=",
        ";",
        "\\;",
        "\\\\",
        "\\",
        "DE",
        "gb",
        "XX",
        "2004",
        "0999",
        "+2004",
        "20041",
        " ",
        "◇△ 0451",
        "ВА",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    prop::collection::vec(
        prop_oneof![3 => prop::sample::select(tokens), 1 => "\\PC{0,4}"],
        0..16,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// The same property as the `marking_cell` fuzz target, on the stable toolchain.
    #[test]
    fn a_markings_cell_that_parses_is_written_back_to_the_same_markings(cell in markings_like()) {
        let _ = marking_cell::parse_single(&cell);
        if let Ok(markings) = marking_cell::parse(&cell) {
            let written = marking_cell::format(&markings);
            prop_assert_eq!(marking_cell::parse(&written), Ok(markings), "written back as {:?}", written);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Line numbers in the rejected-row report ("row: line of the file, the header is line 1").

/// The lines of the rows a holders file rejects.
fn rejected_lines(bench: &Bench, text: &str) -> Vec<u64> {
    let report = bench.import_ok(FileKind::Holders, text);
    report.first_rejections.iter().map(|r| r.row).collect()
}

#[test]
fn rejected_rows_are_numbered_by_their_line_in_the_file() {
    let bench = Bench::new();
    assert_eq!(
        rejected_lines(&bench, "code,kind,name\n,depot,A\nOK-1,depot,B\n,depot,C\n"),
        [2, 4]
    );
    // A quoted line break makes a row two lines long.
    assert_eq!(
        rejected_lines(&bench, "code,kind,name\n\"A\nB\",depot,A\n,depot,C\n"),
        [2, 4]
    );
    // Blank lines before the header.
    assert_eq!(
        rejected_lines(&bench, "\n\ncode,kind,name\n,depot,A\n"),
        [4]
    );
    // A row of the wrong width.
    assert_eq!(
        rejected_lines(&bench, "code,kind,name\nOK-2,depot,B\n,depot\n"),
        [3]
    );
}

#[test]
fn rejected_rows_are_numbered_by_their_line_with_crlf_or_cr_line_endings() {
    let bench = Bench::new();
    // Excel and most Windows tools write CRLF.
    assert_eq!(
        rejected_lines(
            &bench,
            "code,kind,name\r\n,depot,A\r\nOK-3,depot,B\r\n,depot,C\r\n"
        ),
        [2, 4]
    );
    assert_eq!(
        rejected_lines(&bench, "code,kind,name\r,depot,A\rOK-4,depot,B\r,depot,C\r"),
        [2, 4]
    );
}

#[test]
fn rejected_rows_are_numbered_by_their_line_after_a_blank_line() {
    let bench = Bench::new();
    assert_eq!(
        rejected_lines(&bench, "code,kind,name\n,depot,A\n\n,depot,B\n,depot,C\n"),
        [2, 4, 5]
    );
}

// ---------------------------------------------------------------------------------------
// Mixed files: exactly the valid rows are stored.

#[test]
fn a_holders_file_with_valid_and_invalid_rows_stores_exactly_the_valid_ones() {
    let bench = Bench::new();
    let report = bench.import_ok(
        FileKind::Holders,
        "code,kind,name,parent\n\
         DEPOT-2,depot,Depot two,AGENCY-1\n\
         DEPOT-3,warehouse,Depot three,\n\
         bad code,depot,Depot four,\n\
         UNIT-2,agency_unit,2nd Battalion,AGENCY-1\n\
         DEPOT-5,depot,,\n\
         DEPOT-6,depot,Depot six,NOPE\n\
         DEPOT-7,depot,Depot seven,DEPOT-1\n\
         DEALER-1,dealer,Guns & Co\n",
    );
    assert_eq!(
        (report.rows, report.written, report.rejected),
        (8, 2, 6),
        "{report:?}"
    );
    let rejected: Vec<(u64, &str)> = report
        .first_rejections
        .iter()
        .map(|r| (r.row, r.column.as_str()))
        .collect();
    assert_eq!(
        rejected,
        [
            (3, "kind"),
            (4, "code"),
            (6, "name"),
            (7, "parent"),
            (8, "parent"),
            (9, "-")
        ]
    );
    let mut codes: Vec<String> = bench
        .store
        .holders()
        .expect("holders")
        .into_iter()
        .map(|h| h.code)
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "AGENCY-1",
            "CIV-1",
            "DEPOT-1",
            "DEPOT-2",
            "FOREIGN-1",
            "MAKER-1",
            "UNIT-1",
            "UNIT-2"
        ]
    );
}

#[test]
fn a_weapons_file_with_valid_and_invalid_rows_stores_exactly_the_valid_ones() {
    let bench = Bench::new();
    let head = "category,make,model,calibre,serial,country_of_manufacture,year_of_manufacture,import_marking,import_country,import_year,holder,status,markings";
    let rows = [
        (
            "rifle_carbine,Mauser,98k,7.92x57mm,V-1,DE,1940,,,,DEPOT-1,in_stock,",
            true,
        ),
        (
            "blunderbuss,Mauser,98k,7.92x57mm,V-2,DE,1940,,,,DEPOT-1,in_stock,",
            false,
        ),
        (
            "rifle_carbine,Mauser,98k,7.92x57mm,V-3,XX,1940,,,,DEPOT-1,in_stock,",
            false,
        ),
        (
            "rifle_carbine,Mauser,98k,7.92x57mm,V-4,DE,3000,,,,DEPOT-1,in_stock,",
            false,
        ),
        (
            "rifle_carbine,Mauser,98k,7.92x57mm,V-5,DE,1940,,,,NOPE,in_stock,",
            false,
        ),
        (
            "rifle_carbine,Mauser,98k,7.92x57mm,V-6,DE,1940,,GB,,DEPOT-1,in_stock,",
            false,
        ),
        (
            "rifle_carbine,Mauser,98k,7.92x57mm,V-7,DE,1940,,,,DEPOT-1,in_stock",
            false,
        ),
        (
            "rifle_carbine,,98k,7.92x57mm,V-8,DE,1940,,,,DEPOT-1,in_stock,",
            false,
        ),
        (
            "rifle_carbine,Mauser,98k,7.92x57mm,V-9,DE,1940,,,,DEPOT-1,in_stock,stamp/frame=X",
            false,
        ),
        (
            "mortar,Hirtenberger,M6C-210,60mm,V-10,AT,2015,NG 16,NG,2016,UNIT-1,in_service,remarking/barrel=R 1",
            true,
        ),
        (
            "rifle_carbine,Mauser,98k,7.92x57mm,V-11,DE,1940,,,,DEPOT-1,melted,",
            false,
        ),
        ("rifle_carbine,Mauser,98k,7.92x57mm,,,,,,,,collected,", true),
        // The same weapon as the first row (case and separators folded): already present.
        (
            "rifle_carbine,MAUSER,98k,7.92x57mm,V 1,DE,1940,,,,DEPOT-1,in_stock,",
            true,
        ),
    ];
    let mut text = format!("{head}\n");
    for (r, _) in rows {
        text.push_str(r);
        text.push('\n');
    }
    let before = bench.store.counts().expect("counts").weapons;
    let report = bench.import_ok(FileKind::Weapons, &text);
    assert_eq!(
        (
            report.rows,
            report.written,
            report.already_present,
            report.rejected
        ),
        (13, 3, 1, 9),
        "{report:?}"
    );
    let rejected: Vec<u64> = report.first_rejections.iter().map(|r| r.row).collect();
    let expected: Vec<u64> = rows
        .iter()
        .enumerate()
        .filter(|(_, (_, ok))| !ok)
        .map(|(i, _)| i as u64 + 2)
        .collect();
    assert_eq!(rejected, expected);
    assert_eq!(bench.store.counts().expect("counts").weapons, before + 3);
    for serial in ["V-1", "V-10"] {
        assert_eq!(
            bench.store.weapons_by_serial(serial).expect("lookup").len(),
            1,
            "{serial}"
        );
    }
    for serial in [
        "V-2", "V-3", "V-4", "V-5", "V-6", "V-7", "V-8", "V-9", "V-11",
    ] {
        assert!(
            bench
                .store
                .weapons_by_serial(serial)
                .expect("lookup")
                .is_empty(),
            "{serial} was stored"
        );
    }
}

#[test]
fn an_events_file_with_valid_and_invalid_rows_stores_exactly_the_valid_ones() {
    let bench = Bench::new();
    let text = format!(
        "weapon_id,make,serial,country_of_manufacture,kind,occurred_at,holder,country,method,marking\n\
         {WEAPON_1},,,,reported_stolen,2021-03-01,,,,\n\
         {WEAPON_1},,,,recovered,2021-04-01,AGENCY-1,,,\n\
         {WEAPON_2},,,,recovered,2021-04-01,AGENCY-1,,,\n\
         ,Izhmash,ВА-1234,RU,transferred,2021-05-01,DEPOT-1,,,\n\
         ,Izhmash,ZZ 999,RU,transferred,2021-05-01,DEPOT-1,,,\n\
         {WEAPON_3},,,,marked,2021-05-01,,,,remarking/frame/NG=NG-2021-9\n\
         {WEAPON_3},,,,destroyed,2021-06-01,,,smelting,\n\
         {WEAPON_3},,,,issued,2021-07-01,UNIT-1,,,\n\
         {WEAPON_1},,,,issued,2021-07-01,,,,\n\
         {WEAPON_1},,,,exported,2021-13-01,,KE,,\n\
         {WEAPON_1},,,,exported,2021-08-01,,,,\n\
         not-a-uuid,,,,issued,2021-07-01,UNIT-1,,,\n\
         {WEAPON_1},,,,reported_lost,2999-01-01,,,,\n"
    );
    let report = bench.import_ok(FileKind::Events, &text);
    let rejected: Vec<(u64, &str)> = report
        .first_rejections
        .iter()
        .map(|r| (r.row, r.column.as_str()))
        .collect();
    assert_eq!(
        (report.rows, report.written, report.rejected),
        (13, 5, 8),
        "{report:?}"
    );
    assert_eq!(
        rejected,
        [
            (4, "kind"),
            (6, "serial"),
            (9, "kind"),
            (10, "holder"),
            (11, "occurred_at"),
            (12, "country"),
            (13, "weapon_id"),
            (14, "occurred_at")
        ]
    );
    let row = |id: &str| {
        bench
            .store
            .weapon(id.parse().expect("an id"))
            .expect("read")
            .expect("the weapon")
    };
    let w1 = row(WEAPON_1);
    assert_eq!((w1.status, w1.events_in_force), (Status::Recovered, 2));
    let w2 = row(WEAPON_2);
    assert_eq!((w2.status, w2.events_in_force), (Status::InStock, 1));
    let w3 = row(WEAPON_3);
    assert_eq!(
        (w3.status, w3.events_in_force, w3.deficiencies.as_str()),
        (Status::Destroyed, 2, "")
    );
}

#[test]
fn a_weapons_row_with_a_holder_and_no_status_keeps_its_holder() {
    // docs/import-format.md: `status` may be empty (`in_stock` then); `holder` is a holder
    // already in the store.
    let bench = Bench::new();
    let text = "category,make,model,calibre,serial,country_of_manufacture,year_of_manufacture,import_marking,import_country,import_year,holder,status,id\n\
                pistol_revolver,Glock,19,9x19mm,HX 1,AT,2015,,,,DEPOT-1,,0190f3c2-6d1e-7a8b-9c0d-1e2f3a4b5c09\n";
    let report = bench.import_ok(FileKind::Weapons, text);
    assert_eq!(report.written, 1, "{report:?}");
    let depot = bench
        .store
        .holders()
        .expect("holders")
        .into_iter()
        .find(|h| h.code == "DEPOT-1")
        .expect("DEPOT-1");
    let w = bench
        .store
        .weapon(
            "0190f3c2-6d1e-7a8b-9c0d-1e2f3a4b5c09"
                .parse()
                .expect("an id"),
        )
        .expect("read")
        .expect("stored");
    assert_eq!((w.status, w.holder), (Status::InStock, Some(depot.id)));
}
