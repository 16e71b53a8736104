//! A store written before migration 0006 (hashes as hexadecimal text, `prev_hash` stored)
//! is moved to the present layout when it is opened, and keeps every entry and hash: it
//! verifies intact, or reports the same tampering it held before. Weapon rows whose
//! markings are kept in the earlier form (armtrace-store::markings) read as before, and a
//! new store has 16 KiB pages. SQLite only: the PostgreSQL layout did not change.

mod common;

use common::{TestDb, code, demo_files, import_all, stdout};

/// Rewrites the store's ledger as migration 0005 left it, computing `prev_hash` and the
/// hexadecimal hashes from the present rows, and marks 0006 as not applied.
fn to_layout_0005(db: &TestDb) {
    db.sql(
        "CREATE TABLE ledger_old (seq INTEGER PRIMARY KEY, id BLOB NOT NULL, recorded_at TEXT NOT NULL, \
           recorded_by TEXT NOT NULL, kind TEXT NOT NULL, weapon_num INTEGER, payload TEXT NOT NULL, \
           prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
         INSERT INTO ledger_old SELECT seq, id, recorded_at, recorded_by, kind, weapon_num, payload,
           lower(hex(coalesce(lag(hash) OVER (ORDER BY seq), zeroblob(32)))), lower(hex(hash)) FROM ledger;
         DROP TABLE ledger;
         ALTER TABLE ledger_old RENAME TO ledger;
         DELETE FROM schema_migrations WHERE name = '0006_ledger_hashes';",
    );
}

fn hashes(db: &TestDb) -> Vec<(i64, Vec<u8>)> {
    let c = rusqlite::Connection::open(&db.url).expect("open sqlite");
    let mut st = c
        .prepare("SELECT seq, hash FROM ledger ORDER BY seq")
        .expect("query");
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("hashes")
}

#[test]
fn an_older_store_moves_to_the_present_layout_with_every_hash() {
    let db = TestDb::sqlite();
    let files = demo_files(&db.path("src"), 150, 3);
    import_all(&db, &files);
    let before = hashes(&db);
    to_layout_0005(&db);
    let o = db.cli(&["verify"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert_eq!(hashes(&db), before);
    // The ledger is append-only again after the move.
    assert!(
        db.store()
            .execute_raw("UPDATE ledger SET recorded_by = 'mallory' WHERE seq = 3")
            .is_err()
    );
}

#[test]
fn tampering_in_an_older_store_is_still_caught_after_the_move() {
    let db = TestDb::sqlite();
    let files = demo_files(&db.path("src"), 150, 4);
    import_all(&db, &files);
    to_layout_0005(&db);
    // A hash replaced by text that is not a hash, and an author changed.
    db.sql(
        "UPDATE ledger SET hash = 'not a hash' WHERE seq = 20;
         UPDATE ledger SET recorded_by = 'someone-else' WHERE seq = 9;",
    );
    let o = db.cli(&["verify"]);
    let out = stdout(&o);
    assert_eq!(code(&o), 3, "{out}");
    assert!(out.contains("entry 9 was altered"), "{out}");
}

#[test]
fn a_changed_stored_hash_is_caught_at_its_position() {
    let db = TestDb::sqlite();
    let files = demo_files(&db.path("src"), 150, 5);
    import_all(&db, &files);
    db.drop_triggers();
    db.sql("UPDATE ledger SET hash = randomblob(32) WHERE seq = 30");
    let o = db.cli(&["verify"]);
    let out = stdout(&o);
    assert_eq!(code(&o), 3, "{out}");
    assert!(out.contains("entry 30 was altered"), "{out}");
}

/// Rewrites every weapon row's markings in the form stores kept before
/// armtrace-store::markings: a JSON object a marking, the implied manufacture marking
/// written out in full.
fn to_object_markings(db: &TestDb) {
    db.sql(
        "UPDATE weapons SET markings = (
           SELECT json_group_array(CASE WHEN j.type = 'integer'
             THEN json_object('kind', 'manufacture', 'place', 'frame', 'text', weapons.serial,
                              'country', weapons.country, 'year', weapons.year)
             ELSE json_object('kind', j.value ->> 0, 'place', j.value ->> 1, 'text', j.value ->> 2,
                              'country', j.value ->> 3, 'year', j.value ->> 4) END)
           FROM json_each(weapons.markings) AS j)",
    );
}

fn markings(db: &TestDb) -> (Vec<String>, Vec<armtrace_store::WeaponRow>) {
    let c = rusqlite::Connection::open(&db.url).expect("open sqlite");
    let mut st = c
        .prepare("SELECT markings FROM weapons ORDER BY num")
        .expect("query");
    let stored = st
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("markings");
    let mut rows = Vec::new();
    db.store()
        .for_each_weapon(&mut |w| {
            rows.push(w);
            Ok(())
        })
        .expect("rows");
    (stored, rows)
}

#[test]
fn markings_kept_in_the_earlier_form_read_and_verify_as_before() {
    let db = TestDb::sqlite();
    let files = demo_files(&db.path("src"), 150, 6);
    import_all(&db, &files);
    let (compact, before) = markings(&db);
    assert!(
        compact.iter().any(|m| m.starts_with("[0")),
        "the implied manufacture marking is kept as 0: {compact:?}"
    );
    to_object_markings(&db);
    let (objects, after) = markings(&db);
    assert!(objects.iter().any(|m| m.starts_with("[{")), "{objects:?}");
    assert_eq!(
        after, before,
        "the same markings, read from the earlier form"
    );
    let o = db.cli(&["verify"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
}

#[test]
fn a_new_store_has_16_kib_pages() {
    let db = TestDb::sqlite();
    drop(db.store());
    let c = rusqlite::Connection::open(&db.url).expect("open sqlite");
    let size: i64 = c
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .expect("page size");
    assert_eq!(size, 16_384);
}
