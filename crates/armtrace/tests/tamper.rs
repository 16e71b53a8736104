//! Tamper evidence: rows edited, inserted or deleted directly in the database, behind
//! armtrace's back, are caught by `armtrace verify` — on every backend.

mod common;

use common::{TestDb, code, demo_files, import_all, stdout};

fn loaded() -> impl Fn(&TestDb) {
    |db: &TestDb| {
        let files = demo_files(&db.path("src"), 120, 5);
        import_all(db, &files);
        assert_eq!(code(&db.cli(&["verify"])), 0);
    }
}

/// Runs `verify` and returns its report, asserting it failed with exit code 3.
fn caught(db: &TestDb) -> String {
    let o = db.cli(&["verify"]);
    let out = stdout(&o);
    assert_eq!(code(&o), 3, "verify missed the tampering:\n{out}");
    assert!(out.contains("NOT INTACT"), "{out}");
    out
}

on_every_backend!(the_ledger_refuses_updates_and_deletes, |db| {
    loaded()(db);
    let store = db.store();
    assert!(
        store
            .execute_raw("UPDATE ledger SET recorded_by = 'mallory' WHERE seq = 5")
            .is_err()
    );
    assert!(
        store
            .execute_raw("DELETE FROM ledger WHERE seq = 5")
            .is_err()
    );
    assert_eq!(code(&db.cli(&["verify"])), 0);
});

on_every_backend!(an_edited_entry_is_caught_at_its_position, |db| {
    loaded()(db);
    db.drop_triggers();
    // Payloads are kept as the JSON that was hashed: the attacker edits the text.
    db.sql("UPDATE ledger SET payload = replace(payload, '\"status\":\"in_stock\"', '\"status\":\"destroyed\"') WHERE seq = (SELECT min(seq) FROM ledger WHERE payload LIKE '%\"status\":\"in_stock\"%')");
    let out = caught(db);
    assert!(out.contains("was altered: its content hashes to"), "{out}");
});

/// Rewrites the first weapon registration's payload as armtrace kept registrations on
/// SQLite before 2026-12-05 (a zstd frame made with the dictionary the store keeps), or
/// changed by `forge` before it is framed; returns its ledger position.
fn frame_first_registration(db: &TestDb, forge: &dyn Fn(String) -> String) -> i64 {
    let c = rusqlite::Connection::open(&db.url).expect("open sqlite");
    let dict: Vec<u8> = c
        .query_row("SELECT dictionary FROM payload_dictionaries", [], |r| {
            r.get(0)
        })
        .expect("a dictionary");
    let (seq, json): (i64, String) = c
        .query_row(
            "SELECT seq, payload FROM ledger WHERE kind = 'weapon_registered' ORDER BY seq LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a registration, kept as JSON text");
    let mut z = zstd::bulk::Compressor::with_dictionary(1, &dict).expect("compressor");
    z.include_checksum(true).expect("checksum");
    z.include_dictid(true).expect("dictionary id");
    z.include_contentsize(true).expect("content size");
    let frame = z.compress(forge(json).as_bytes()).expect("compress");
    c.execute(
        "UPDATE ledger SET payload = ?1 WHERE seq = ?2",
        rusqlite::params![frame, seq],
    )
    .expect("update");
    seq
}

#[test]
fn a_payload_kept_as_a_frame_by_an_earlier_version_reads_and_verifies() {
    let db = TestDb::sqlite();
    loaded()(&db);
    db.drop_triggers();
    frame_first_registration(&db, &|json| json);
    let o = db.cli(&["verify"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
}

#[test]
fn a_forged_frame_is_caught() {
    let db = TestDb::sqlite();
    loaded()(&db);
    db.drop_triggers();
    // The attacker decompresses, edits and compresses again, as armtrace itself did.
    let seq = frame_first_registration(&db, &|json| {
        json.replacen("\"serial\":\"", "\"serial\":\"X", 1)
    });
    let out = caught(&db);
    assert!(out.contains(&format!("entry {seq} was altered")), "{out}");
}

#[test]
fn a_changed_byte_in_a_frame_is_caught_without_stopping_verify() {
    let db = TestDb::sqlite();
    loaded()(&db);
    db.drop_triggers();
    let seq = frame_first_registration(&db, &|json| json);
    // A byte in the middle of the frame.
    db.sql(&format!(
        "UPDATE ledger SET payload = substr(payload, 1, 40) || x'5a' || substr(payload, 42) WHERE seq = {seq}"
    ));
    let out = caught(&db);
    assert!(out.contains("was altered"), "{out}");
}

on_every_backend!(an_edited_author_is_caught, |db| {
    loaded()(db);
    db.drop_triggers();
    db.sql("UPDATE ledger SET recorded_by = 'someone-else' WHERE seq = 42");
    let out = caught(db);
    assert!(out.contains("entry 42 was altered"), "{out}");
});

on_every_backend!(a_deleted_entry_is_caught, |db| {
    loaded()(db);
    db.drop_triggers();
    db.sql("DELETE FROM ledger WHERE seq = 77");
    let out = caught(db);
    assert!(
        out.contains("position 78 found where 77 was expected"),
        "{out}"
    );
});

on_every_backend!(a_deleted_last_entry_is_caught, |db| {
    loaded()(db);
    db.drop_triggers();
    db.sql("DELETE FROM ledger WHERE seq = (SELECT max(seq) FROM ledger)");
    let out = caught(db);
    assert!(out.contains("but its recorded head is entry"), "{out}");
});

on_every_backend!(an_inserted_entry_is_caught, |db| {
    loaded()(db);
    let (seq, _) = db.store().head().expect("head");
    // A forged entry appended with a plausible hash, and the head moved to it.
    // SQLite does not store `prev_hash` (it is the hash of the entry before).
    let (new_id, prev_col, prev_val) = if db.is_postgres() {
        ("gen_random_uuid()", "prev_hash, ", "hash, ")
    } else {
        ("randomblob(16)", "", "")
    };
    db.sql(&format!(
        "INSERT INTO ledger (seq, id, recorded_at, recorded_by, kind, weapon_num, payload, {prev_col}hash) \
         SELECT {next}, {new_id}, recorded_at, recorded_by, kind, weapon_num, payload, {prev_val}hash FROM ledger WHERE seq = {seq}; \
         UPDATE ledger_head SET seq = {next}",
        next = seq + 1
    ));
    let out = caught(db);
    assert!(
        out.contains(&format!("entry {} was altered", seq + 1)),
        "{out}"
    );
});

on_every_backend!(an_edited_weapon_row_is_caught, |db| {
    loaded()(db);
    db.sql("UPDATE weapons SET status = 'destroyed' WHERE num = (SELECT min(num) FROM weapons WHERE status <> 'destroyed')");
    let out = caught(db);
    assert!(
        out.contains("the stored row disagrees with its records (status: stored destroyed"),
        "{out}"
    );
});

on_every_backend!(a_deleted_weapon_row_is_caught, |db| {
    loaded()(db);
    db.sql("DELETE FROM weapons WHERE num = (SELECT min(num) FROM weapons)");
    let out = caught(db);
    assert!(out.contains("missing from the weapons table"), "{out}");
});

on_every_backend!(an_edited_holder_is_caught, |db| {
    loaded()(db);
    db.sql("UPDATE holders SET name = 'Shell Company Ltd' WHERE code = (SELECT min(code) FROM holders)");
    let out = caught(db);
    assert!(
        out.contains("the holders table disagrees with the ledger"),
        "{out}"
    );
});

on_every_backend!(
    a_recorded_head_outside_the_store_catches_a_rewritten_chain,
    |db| {
        loaded()(db);
        let (_, head) = db.store().head().expect("head");
        let o = db.cli(&["verify", "--expect-head", &head.to_string()]);
        assert_eq!(code(&o), 0);
        let o = db.cli(&["verify", "--expect-head", &"ab".repeat(32)]);
        assert_eq!(code(&o), 3, "{}", stdout(&o));
    }
);

on_every_backend!(
    every_read_is_logged_and_the_access_log_is_tamper_evident,
    |db| {
        loaded()(db);
        let id = db
            .store()
            .to_be_marked(1)
            .ok()
            .and_then(|v| v.into_iter().next())
            .map(|w| w.id.to_string());
        let id = id.unwrap_or_else(|| {
            let mut first = None;
            db.store()
                .for_each_weapon(&mut |w| {
                    first.get_or_insert(w.id.to_string());
                    Ok(())
                })
                .expect("weapons");
            first.expect("a weapon")
        });
        assert_eq!(code(&db.cli(&["show", &id])), 0);
        let o = db.cli(&["access-log"]);
        assert_eq!(code(&o), 0);
        let log = stdout(&o);
        assert!(
            log.contains("tester") && log.contains("show") && log.contains(&id),
            "{log}"
        );
        db.drop_triggers();
        let drop_access = if db.is_postgres() {
            "DROP TRIGGER access_log_no_change ON access_log;"
        } else {
            "DROP TRIGGER access_log_no_update;"
        };
        db.sql(drop_access);
        db.sql("UPDATE access_log SET account = 'nobody' WHERE action = 'show'");
        let out = caught(db);
        assert!(out.contains("access log: entry"), "{out}");
    }
);
