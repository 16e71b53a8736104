//! A store killed with SIGKILL in the middle of a large import opens, verifies, and holds
//! only whole batches.

mod common;

use common::{code, stdout};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

on_every_backend!(a_killed_import_leaves_only_whole_batches, |db| {
    let src = db.path("src");
    let config = armtrace_demo::DemoConfig {
        seed: 9,
        weapons: 60_000,
        with_events: false,
        ..armtrace_demo::DemoConfig::default()
    };
    let files = armtrace_demo::write_registry(&config, &src).expect("demo files");
    assert_eq!(
        code(&db.cli(&["import", "holders", files.holders.to_str().expect("path")])),
        0
    );
    let holders = db.store().counts().expect("counts").entries;

    let batch = 1_000u64;
    let mut child = Command::new(env!("CARGO_BIN_EXE_armtrace"))
        .args([
            "--db",
            &db.url,
            "--quiet",
            "import",
            "weapons",
            files.weapons.to_str().expect("path"),
            "--batch-size",
            "1000",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("import starts");
    // Kill it once a few batches are in, while it is still writing.
    let started = Instant::now();
    loop {
        let n = db.store().counts().map(|c| c.weapons).unwrap_or(0);
        if n >= 3 * batch || started.elapsed() > Duration::from_secs(120) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();

    let c = db.store().counts().expect("the store opens after the kill");
    assert!(
        c.weapons > 0 && c.weapons < 60_000,
        "killed mid-import: {} weapons",
        c.weapons
    );
    assert_eq!(
        c.weapons % batch,
        0,
        "only whole batches: {} weapons",
        c.weapons
    );
    assert_eq!(c.entries, holders + c.weapons);
    if !db.is_postgres() {
        // The load set the weapons' unique indexes aside; opening the store built them.
        let conn = rusqlite::Connection::open(&db.url).expect("open");
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('weapons_id', 'weapons_natural_key')",
                [],
                |r| r.get(0),
            )
            .expect("indexes");
        assert_eq!(n, 2);
    }
    let o = db.cli(&["verify"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));

    // Importing again completes the file without duplicating what was written.
    let o = db.cli(&["import", "weapons", files.weapons.to_str().expect("path")]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert_eq!(db.store().counts().expect("counts").weapons, 60_000);
    assert_eq!(code(&db.cli(&["verify"])), 0);
});
