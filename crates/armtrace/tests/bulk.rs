//! The first bulk load of weapons into a store that holds none (armtrace-store
//! `Store::begin_bulk_load`): on SQLite the weapons' unique indexes wait until the end and
//! the load checks every row against the keys it wrote itself. What it decides must be
//! exactly what ordinary batches decide, on every backend, and nothing another program
//! does during the load may slip past it.

mod common;

use armtrace_domain::ledger::{Record, Registration};
use armtrace_domain::{Category, EventId, WeaponDescription, WeaponId};
use armtrace_store::Store;
use chrono::{NaiveDate, Utc};
use common::{TestDb, code, stdout};
use uuid::Uuid;

const WEAPONS_HEADER: &str = "category,make,model,calibre,serial,country_of_manufacture,year_of_manufacture,import_marking,import_country,import_year,holder,status";

on_every_backend!(
    a_first_load_checks_its_rows_against_the_batches_before,
    |db| {
        let file = db.path("weapons.csv");
        std::fs::write(
            &file,
            format!(
                "{WEAPONS_HEADER}\n\
             pistol_revolver,Glock,G17,9x19mm,AB001,AT,2001,,,,,\n\
             pistol_revolver,Glock,G17,9x19mm,AB002,AT,2001,,,,,\n\
             pistol_revolver,Glock,G17,9x19mm,AB003,AT,2001,,,,,\n\
             pistol_revolver,GLOCK,G17,9x19mm,ab001,AT,2001,,,,,\n\
             rifle_carbine,Glock,G17,9x19mm,AB002,AT,2001,,,,,\n\
             pistol_revolver,Glock,G17,9x19mm,AB004,AT,2001,,,,,\n"
            ),
        )
        .expect("write");
        // Two rows a batch: the repeated weapon and the conflicting one are in later batches
        // than the rows they meet.
        let o = db.cli(&[
            "import",
            "weapons",
            file.to_str().expect("path"),
            "--batch-size",
            "2",
        ]);
        assert_eq!(code(&o), 4, "{}", stdout(&o));
        let out = stdout(&o);
        assert!(out.contains("4 stored"), "{out}");
        assert!(out.contains("1 already"), "{out}");
        let rejects = std::fs::read_to_string(db.path("weapons.csv.rejected.csv")).expect("report");
        assert!(
            rejects.contains("6,") && rejects.contains("another category, model or calibre"),
            "{rejects}"
        );
        assert_eq!(db.store().counts().expect("counts").weapons, 4);
        assert_eq!(code(&db.cli(&["verify"])), 0);
        if !db.is_postgres() {
            assert_eq!(
                weapon_indexes(db),
                2,
                "the load builds the indexes at its end"
            );
        }
        // The same file again, into a store that now holds weapons: ordinary batches, and the
        // same answers.
        let o = db.cli(&["import", "weapons", file.to_str().expect("path")]);
        assert!(stdout(&o).contains(" 0 stored"), "{}", stdout(&o));
    }
);

#[test]
fn a_load_falls_back_to_ordinary_batches_when_another_writer_registers_a_weapon() {
    let db = TestDb::sqlite();
    let store = db.store();
    let now = Utc::now();
    let prepare = |records: Vec<Record>| -> Vec<_> {
        records
            .into_iter()
            .map(|r| store.prepare(r, &|_| None, now))
            .collect()
    };
    // Alone: the load writes through a rollback journal, and the other program's opening
    // of the store below turns it back to write-ahead logging under the load.
    let mut bulk = store
        .begin_bulk_load(true)
        .expect("store")
        .expect("an empty store starts a bulk load");
    assert!(bulk.is_sole());
    assert_eq!(weapon_indexes(&db), 0, "the indexes wait");
    let first = store
        .apply_prepared(
            &prepare(vec![registration(1, "K-1"), registration(2, "K-2")]),
            "loader",
            now,
            Some(&mut bulk),
        )
        .expect("first batch");
    assert_eq!(first.written.len(), 2);
    assert!(bulk.is_active());

    // Another program registers a weapon between two batches of the load.
    let other = Store::open(&db.url, false).expect("a second handle");
    assert_eq!(
        weapon_indexes(&db),
        2,
        "opening the store builds the indexes"
    );
    let o = other
        .apply(&[registration(3, "K-3")], "officer", now)
        .expect("another writer");
    assert_eq!(o.written.len(), 1);

    // The load's next batch repeats that weapon and one of its own: both are recognised.
    let second = store
        .apply_prepared(
            &prepare(vec![
                registration(3, "K-3"),
                registration(1, "K-1"),
                registration(4, "K-4"),
            ]),
            "loader",
            now,
            Some(&mut bulk),
        )
        .expect("second batch");
    assert!(!bulk.is_active(), "the load went on as ordinary batches");
    assert_eq!(second.already_present, vec![0, 1]);
    assert_eq!(second.written.len(), 1);
    store.finish_bulk_load(bulk).expect("finish");
    assert_eq!(store.counts().expect("counts").weapons, 4);
    assert!(store.verify(&mut |_| {}).expect("verify").is_intact());
    assert_eq!(journal_mode(&db), "wal");
}

#[test]
fn a_load_alone_writes_without_the_log_and_gives_the_store_back_in_wal_mode() {
    let db = TestDb::sqlite();
    let store = db.store();
    let now = Utc::now();
    let mut bulk = store.begin_bulk_load(true).expect("store").expect("empty");
    assert!(bulk.is_sole(), "nothing else has the store open");
    let batch: Vec<_> = (1..=50)
        .map(|n| store.prepare(registration(n, &format!("S-{n}")), &|_| None, now))
        .collect();
    let o = store
        .apply_prepared(&batch, "loader", now, Some(&mut bulk))
        .expect("batch");
    assert_eq!(o.written.len(), 50);
    let wal = std::path::PathBuf::from(format!("{}-wal", db.url));
    assert!(
        std::fs::metadata(&wal).map_or(true, |m| m.len() == 0),
        "the batch was written without the write-ahead log"
    );
    assert_ne!(journal_mode(&db), "wal");
    store.finish_bulk_load(bulk).expect("finish");
    assert_eq!(journal_mode(&db), "wal", "the store is shared again");
    assert_eq!(weapon_indexes(&db), 2);
    // Readers and writers work as before.
    store
        .apply(&[registration(51, "S-51")], "officer", now)
        .expect("an ordinary batch");
    assert_eq!(store.counts().expect("counts").weapons, 51);
    assert!(store.verify(&mut |_| {}).expect("verify").is_intact());
}

#[test]
fn a_load_alone_stays_in_wal_mode_while_another_connection_reads() {
    let db = TestDb::sqlite();
    let store = db.store();
    let now = Utc::now();
    let mut reader = rusqlite::Connection::open(&db.url).expect("open");
    let read = reader.transaction().expect("begin");
    let entries: i64 = read
        .query_row("SELECT count(*) FROM ledger", [], |r| r.get(0))
        .expect("a read under way");
    let mut bulk = store.begin_bulk_load(true).expect("store").expect("empty");
    assert!(!bulk.is_sole(), "another connection is reading");
    assert_eq!(journal_mode(&db), "wal");
    let batch: Vec<_> = (1..=20)
        .map(|n| store.prepare(registration(n, &format!("S-{n}")), &|_| None, now))
        .collect();
    store
        .apply_prepared(&batch, "loader", now, Some(&mut bulk))
        .expect("the load goes on in WAL mode beside the reader");
    let again: i64 = read
        .query_row("SELECT count(*) FROM ledger", [], |r| r.get(0))
        .expect("the reader's snapshot");
    assert_eq!(again, entries, "the reader keeps its snapshot");
    read.finish().expect("end the read");
    store.finish_bulk_load(bulk).expect("finish");
    assert_eq!(store.counts().expect("counts").weapons, 20);
    assert!(store.verify(&mut |_| {}).expect("verify").is_intact());
}

/// The journal mode a new connection finds (write-ahead logging is kept in the file).
fn journal_mode(db: &TestDb) -> String {
    let c = rusqlite::Connection::open(&db.url).expect("open");
    c.query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal mode")
}

#[test]
fn a_load_stopped_before_its_end_leaves_a_store_that_builds_its_indexes_when_opened() {
    let db = TestDb::sqlite();
    {
        let store = db.store();
        let now = Utc::now();
        let mut bulk = store.begin_bulk_load(false).expect("store").expect("empty");
        let batch: Vec<_> = (1..=50)
            .map(|n| store.prepare(registration(n, &format!("S-{n}")), &|_| None, now))
            .collect();
        store
            .apply_prepared(&batch, "loader", now, Some(&mut bulk))
            .expect("batch");
        // The program stops here: no finish_bulk_load.
        std::mem::forget(bulk);
    }
    assert_eq!(weapon_indexes(&db), 0);
    let o = db.cli(&["verify"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert_eq!(weapon_indexes(&db), 2);
    let o = db.cli(&["show", "S-7"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
}

fn weapon_indexes(db: &TestDb) -> i64 {
    let c = rusqlite::Connection::open(&db.url).expect("open");
    c.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('weapons_id', 'weapons_natural_key')",
        [],
        |r| r.get(0),
    )
    .expect("count")
}

fn registration(n: u128, serial: &str) -> Record {
    Record::WeaponRegistered(Registration {
        id: EventId(Uuid::from_u128(0x1000 + n)),
        weapon: WeaponId(Uuid::from_u128(0x2000 + n)),
        description: WeaponDescription {
            category: Category::AssaultRifle,
            make: "Izhmash".into(),
            model: "AK-74M".into(),
            calibre: "5.45x39mm".into(),
            serial: serial.to_string(),
            country_of_manufacture: "RU".parse().ok(),
            year_of_manufacture: Some(1998),
            markings: Vec::new(),
        },
        status: None,
        holder: None,
        registered_on: NaiveDate::from_ymd_opt(2020, 1, 1).expect("a date"),
    })
}
