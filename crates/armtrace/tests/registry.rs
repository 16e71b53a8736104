//! The registry, end to end through the `armtrace` binary, on every backend.

mod common;

use common::{TestDb, code, demo_files, import_all, stderr, stdout};
use std::fs;

fn head(db: &TestDb) -> (u64, String) {
    let (seq, hash) = db.store().head().expect("head");
    (seq, hash.to_string())
}

on_every_backend!(export_then_import_gives_back_the_same_records, |db| {
    let files = demo_files(&db.path("src"), 400, 7);
    import_all(db, &files);
    let a = db.path("a");
    let o = db.cli(&["export", a.to_str().expect("path")]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // CSV round trip into an empty store of the same backend.
    let copy = if db.is_postgres() {
        TestDb::postgres().expect("pg")
    } else {
        TestDb::sqlite()
    };
    for kind in ["holders", "weapons", "events"] {
        let o = copy.cli(&[
            "import",
            kind,
            a.join(format!("{kind}.csv")).to_str().expect("path"),
        ]);
        assert_eq!(code(&o), 0, "{kind}: {}{}", stdout(&o), stderr(&o));
    }
    let b = copy.path("b");
    assert_eq!(code(&copy.cli(&["export", b.to_str().expect("path")])), 0);
    for f in ["holders.csv", "weapons.csv", "events.csv"] {
        let left = fs::read_to_string(a.join(f)).expect("read a");
        let right = fs::read_to_string(b.join(f)).expect("read b");
        assert!(left.lines().count() > 1, "{f} is empty");
        assert_eq!(left, right, "{f} differs after a round trip");
    }
    assert_eq!(code(&copy.cli(&["verify"])), 0);

    // The JSON Lines ledger replays to the very same chain.
    let replica = TestDb::sqlite();
    let o = replica.cli(&[
        "import",
        "ledger",
        a.join("ledger.jsonl").to_str().expect("path"),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(head(&replica), head(db));
    assert_eq!(code(&replica.cli(&["verify"])), 0);
});

on_every_backend!(importing_the_same_files_twice_adds_nothing, |db| {
    let files = demo_files(&db.path("src"), 300, 11);
    import_all(db, &files);
    let before = head(db);
    let counts = db.store().counts().expect("counts");
    for (kind, path) in [
        ("holders", &files.holders),
        ("weapons", &files.weapons),
        ("events", &files.events),
    ] {
        let o = db.cli(&["import", kind, path.to_str().expect("path")]);
        assert_eq!(code(&o), 0);
        assert!(stdout(&o).contains(" 0 stored"), "{kind}: {}", stdout(&o));
    }
    assert_eq!(head(db), before);
    assert_eq!(db.store().counts().expect("counts"), counts);
});

const WEAPONS_HEADER: &str = "category,make,model,calibre,serial,country_of_manufacture,year_of_manufacture,import_marking,import_country,import_year,holder,status";

on_every_backend!(rejected_rows_are_reported_and_valid_rows_stored, |db| {
    let csv = format!(
        "{WEAPONS_HEADER}\n\
         pistol_revolver,Glock,17,9x19mm,BKR123,AT,2004,,,,,in_stock\n\
         pistol_ruger,Glock,17,9x19mm,BKR124,AT,2004,,,,,in_stock\n\
         pistol_revolver,Glock,17,9x19mm,BKR125,XX,2004,,,,,in_stock\n\
         pistol_revolver,Glock,17,9x19mm,BKR126,AT,3004,,,,,in_stock\n\
         pistol_revolver,Glock,17,9x19mm,BKR127,AT,2004,,,,DEPOT-99,in_stock\n\
         pistol_revolver,Glock,17,9x19mm,BKR128,AT,2004,,,,,broken\n\
         pistol_revolver,Glock,17,9x19mm,BKR129\n\
         assault_rifle,Izhmash,AK-74M,5.45x39mm,ХР 1234,RU,1991,KE 04,KE,2004,,\n\
         pistol_revolver,,17,9x19mm,BKR130,AT,2004,,,,,\n\
         pistol_revolver,Glock,17,9x19mm,,AT,2004,,,,,\n"
    );
    let file = db.path("weapons.csv");
    fs::write(&file, csv).expect("write");
    let o = db.cli(&["import", "weapons", file.to_str().expect("path")]);
    assert_eq!(code(&o), 4, "{}{}", stdout(&o), stderr(&o));
    let report =
        fs::read_to_string(db.path("weapons.csv.rejected.csv")).expect("rejected-row report");
    let expected = [
        "3,category,pistol_ruger,",
        "4,country_of_manufacture,XX,",
        "5,year_of_manufacture,3004,",
        "6,holder,DEPOT-99,",
        "7,status,broken,",
        "8,-,,the row has 5 fields but the header has 12",
        "10,make,,make must not be empty",
    ];
    for line in expected {
        assert!(
            report.lines().any(|l| l.starts_with(line)),
            "missing '{line}' in:\n{report}"
        );
    }
    assert_eq!(report.lines().count(), 1 + expected.len(), "{report}");
    let c = db.store().counts().expect("counts");
    assert_eq!(
        c.weapons, 3,
        "the valid rows are stored: BKR123, ХР 1234 and the unmarked one"
    );
    assert_eq!(
        c.to_be_marked, 1,
        "the weapon without a serial is flagged to be marked or destroyed"
    );
    assert_eq!(code(&db.cli(&["verify"])), 0);

    // A misspelt header refuses the whole file, and changes nothing.
    let bad = db.path("bad.csv");
    fs::write(&bad, WEAPONS_HEADER.replace("calibre", "caliber") + "\n").expect("write");
    let before = head(db);
    let o = db.cli(&["import", "weapons", bad.to_str().expect("path")]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("column 'caliber' is not a column of a weapons file"),
        "{}",
        stderr(&o)
    );
    assert_eq!(head(db), before);
});

on_every_backend!(a_weapon_shows_its_markings_and_history, |db| {
    let holders = db.path("holders.csv");
    fs::write(&holders, "code,kind,name,parent\nMOI,state_agency,Ministry of Interior,\nPOL-DEPOT,depot,Police Central Depot,MOI\nPOL-U1,agency_unit,Police Station 1,MOI\n").expect("write");
    assert_eq!(
        code(&db.cli(&["import", "holders", holders.to_str().expect("path")])),
        0
    );
    let weapons = db.path("weapons.csv");
    fs::write(
        &weapons,
        format!("{WEAPONS_HEADER},id\nassault_rifle,Izhmash,AK-74M,5.45x39mm,ХР 1234,RU,1991,KE 04,KE,2004,POL-DEPOT,in_stock,0190f3c2-6d1e-7a8b-9c0d-1e2f3a4b5c6d\n"),
    )
    .expect("write");
    assert_eq!(
        code(&db.cli(&["import", "weapons", weapons.to_str().expect("path")])),
        0
    );
    let events = db.path("events.csv");
    let w = "0190f3c2-6d1e-7a8b-9c0d-1e2f3a4b5c6d";
    fs::write(
        &events,
        format!(
            "id,weapon_id,kind,occurred_at,holder,location,document_kind,document_ref,corrects,reason,method\n\
             0190f3c2-0000-7000-8000-000000000001,{w},issued,2020-03-01,POL-U1,Station 1,,,,,\n\
             0190f3c2-0000-7000-8000-000000000002,{w},reported_stolen,2021-05-02,,Station 1,police_report,PR-77/2021,,,\n\
             0190f3c2-0000-7000-8000-000000000003,{w},returned,2021-06-01,POL-DEPOT,,,,,,\n\
             0190f3c2-0000-7000-8000-000000000004,{w},correction,2021-05-03,,Station 1,police_report,PR-77/2021,0190f3c2-0000-7000-8000-000000000002,wrong date,\n"
        ),
    )
    .expect("write");
    let o = db.cli(&["import", "events", events.to_str().expect("path")]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let o = db.cli(&["show", "xp-1234", "--json"]);
    assert_eq!(
        code(&o),
        5,
        "Latin look-alikes are for the marking search; show folds case and separators only"
    );
    let o = db.cli(&["show", "хр1234", "--json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let w0 = &v[0];
    assert_eq!(
        w0["status"], "in_stock",
        "returned to the depot after the theft"
    );
    assert_eq!(w0["markings"].as_array().map(Vec::len), Some(2));
    let history = w0["history"].as_array().expect("history");
    assert_eq!(history.len(), 5);
    assert_eq!(
        history[2]["superseded"], true,
        "the corrected event is kept, marked as corrected"
    );
    assert_eq!(history[4]["reason"], "wrong date");
    let o = db.cli(&["show", "ХР 1234"]);
    assert!(stdout(&o).contains("reported_stolen"), "{}", stdout(&o));

    // Nothing may follow destruction, and the refusal is explained.
    fs::write(
        &events,
        format!("weapon_id,kind,occurred_at,holder,method,document_kind,document_ref\n{w},destroyed,2022-01-01,,cutting,destruction_certificate,DC-1\n{w},issued,2023-01-01,POL-U1,,,\n"),
    )
    .expect("write");
    let o = db.cli(&["import", "events", events.to_str().expect("path")]);
    assert_eq!(code(&o), 4);
    assert!(
        stdout(&o).contains("only a correction may follow destruction"),
        "{}",
        stdout(&o)
    );
    assert_eq!(code(&db.cli(&["verify"])), 0);
});

on_every_backend!(backup_then_restore_gives_the_same_store, |db| {
    let files = demo_files(&db.path("src"), 300, 3);
    import_all(db, &files);
    let backup = db.path("backup.jsonl");
    let o = db.cli(&["backup", backup.to_str().expect("path")]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let target = if db.is_postgres() {
        TestDb::postgres().expect("pg")
    } else {
        TestDb::sqlite()
    };
    let o = target.cli(&["restore", backup.to_str().expect("path")]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(head(&target), head(db));
    assert_eq!(
        target.store().counts().expect("counts"),
        db.store().counts().expect("counts")
    );
    // A restore refuses a store that already holds records.
    let o = target.cli(&["restore", backup.to_str().expect("path")]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("not empty"), "{}", stderr(&o));
});

#[test]
fn bad_store_locations_are_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("dir");
    let text = dir.path().join("notes.txt");
    fs::write(&text, "these are not records, and must not be changed").expect("write");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_armtrace"))
        .args(["--db", text.to_str().expect("path"), "stats"])
        .output()
        .expect("runs");
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("is not an armtrace store"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(&text).expect("read"),
        "these are not records, and must not be changed"
    );

    let o = std::process::Command::new(env!("CARGO_BIN_EXE_armtrace"))
        .args(["--db", "mysql://root@localhost/armtrace", "stats"])
        .output()
        .expect("runs");
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("is not a store location armtrace can open"),
        "{}",
        stderr(&o)
    );

    let missing = dir.path().join("nothing-here.db");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_armtrace"))
        .args(["--db", missing.to_str().expect("path"), "verify"])
        .output()
        .expect("runs");
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("armtrace init"), "{}", stderr(&o));
    assert!(!missing.exists(), "verify must not create a store");
}

on_every_backend!(the_closed_dealer_example_imports_as_documented, |db| {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/closed-dealer");
    for kind in ["holders", "weapons"] {
        let o = db.cli(&[
            "import",
            kind,
            dir.join(format!("{kind}.csv")).to_str().expect("path"),
        ]);
        assert_eq!(code(&o), 0, "{kind}: {}{}", stdout(&o), stderr(&o));
    }
    let events = db.path("events.csv");
    fs::copy(dir.join("events.csv"), &events).expect("copy");
    let o = db.cli(&["import", "events", events.to_str().expect("path")]);
    assert_eq!(code(&o), 4, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("6 stored, 0 already present, 1 rejected"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("row 5: serial"), "{}", stdout(&o));
    let o = db.cli(&["show", "BKR 451", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v[0]["status"], "stolen");
    let o = db.cli(&["to-mark"]);
    assert!(
        stdout(&o).contains("No weapon is waiting"),
        "{}",
        stdout(&o)
    );
    assert_eq!(code(&db.cli(&["verify"])), 0);
});

on_every_backend!(
    a_different_weapon_under_the_same_markings_is_refused_not_merged,
    |db| {
        let file = db.path("w.csv");
        fs::write(
            &file,
            format!(
                "{WEAPONS_HEADER}\npistol_revolver,Glock,17,9x19mm,BKR 123,AT,2004,,,,,in_stock\n"
            ),
        )
        .expect("write");
        assert_eq!(
            code(&db.cli(&["import", "weapons", file.to_str().expect("path")])),
            0
        );
        // The same weapon typed again (other case and separators): already present.
        // The same marking on another model: refused with its reason, nothing stored.
        fs::write(
            &file,
            format!(
                "{WEAPONS_HEADER}\n\
             pistol_revolver,GLOCK,17,9x19mm,bkr-123,AT,2004,,,,,in_stock\n\
             pistol_revolver,Glock,19,9x19mm,BKR123,AT,2009,,,,,in_stock\n"
            ),
        )
        .expect("write");
        let before = head(db);
        let o = db.cli(&["import", "weapons", file.to_str().expect("path")]);
        assert_eq!(code(&o), 4, "{}", stdout(&o));
        assert!(
            stdout(&o).contains("0 stored, 1 already present, 1 rejected"),
            "{}",
            stdout(&o)
        );
        assert!(
            stdout(&o).contains("another category, model or calibre"),
            "{}",
            stdout(&o)
        );
        assert_eq!(head(db), before);
    }
);

on_every_backend!(an_officer_records_one_event_from_the_command_line, |db| {
    let holders = db.path("holders.csv");
    fs::write(
        &holders,
        "code,kind,name\nPOLICE,state_agency,National Police\n",
    )
    .expect("write");
    assert_eq!(
        code(&db.cli(&["import", "holders", holders.to_str().expect("path")])),
        0
    );
    let weapons = db.path("weapons.csv");
    fs::write(
        &weapons,
        format!(
            "{WEAPONS_HEADER},registered_on\nassault_rifle,Izhmash,AK-74,5.45x39mm,ЦП 0242,RU,1985,,,,,stolen,2020-01-01\n"
        ),
    )
    .expect("write");
    assert_eq!(
        code(&db.cli(&["import", "weapons", weapons.to_str().expect("path")])),
        0
    );
    let o = db.cli(&[
        "record",
        "recovered",
        "--weapon",
        "цп-0242",
        "--on",
        "2026-11-20",
        "--holder",
        "POLICE",
        "--location",
        "Checkpoint 7",
        "--document",
        "police_report:OB-2211/2026",
    ]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("Its status is now recovered."),
        "{}",
        stdout(&o)
    );
    // Refused with the reason; nothing stored.
    let before = head(db);
    let o = db.cli(&[
        "record",
        "recovered",
        "--weapon",
        "ЦП 0242",
        "--on",
        "2026-11-21",
    ]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("needs the weapon to be reported lost or stolen first"),
        "{}",
        stderr(&o)
    );
    let o = db.cli(&[
        "record",
        "seized",
        "--weapon",
        "ЦП 0242",
        "--on",
        "2026-13-01",
    ]);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("--on '2026-13-01'"), "{}", stderr(&o));
    assert_eq!(head(db), before);
    assert_eq!(code(&db.cli(&["verify"])), 0);
});
