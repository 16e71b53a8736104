//! Several writers at once: the ledger stays one unbroken chain, nothing is lost.

mod common;

use common::{code, stderr, stdout};
use std::process::Command;

on_every_backend!(two_imports_at_once_keep_one_unbroken_chain, |db| {
    let a = armtrace_demo::write_registry(
        &armtrace_demo::DemoConfig {
            seed: 41,
            weapons: 3_000,
            with_events: false,
            ..Default::default()
        },
        &db.path("a"),
    )
    .expect("demo a");
    let b = armtrace_demo::write_registry(
        &armtrace_demo::DemoConfig {
            seed: 42,
            weapons: 3_000,
            with_events: false,
            home_country: "GH".into(),
        },
        &db.path("b"),
    )
    .expect("demo b");
    // Holders of both files first (their codes overlap: the second file's are already present).
    for files in [&a, &b] {
        let o = db.cli(&["import", "holders", files.holders.to_str().expect("path")]);
        assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    }
    let spawn = |path: &std::path::Path| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_armtrace"));
        if db.is_postgres() {
            cmd.env("ARMTRACE_INDEX", db.dir.path().join("search.idx"));
        }
        cmd.args([
            "--db",
            &db.url,
            "--quiet",
            "import",
            "weapons",
            path.to_str().expect("path"),
            "--batch-size",
            "250",
        ])
        .output()
    };
    let (ra, rb) = std::thread::scope(|s| {
        let ta = s.spawn(|| spawn(&a.weapons));
        let tb = s.spawn(|| spawn(&b.weapons));
        (ta.join().expect("thread a"), tb.join().expect("thread b"))
    });
    let (ra, rb) = (ra.expect("import a runs"), rb.expect("import b runs"));
    assert_eq!(code(&ra), 0, "{}{}", stdout(&ra), stderr(&ra));
    assert_eq!(code(&rb), 0, "{}{}", stdout(&rb), stderr(&rb));
    // Every row of both files is stored once, or recognised as already present.
    let stored = |o: &std::process::Output| -> u64 {
        let out = stdout(o);
        let n = out
            .split(" stored")
            .next()
            .and_then(|h| h.rsplit(' ').next())
            .unwrap_or("x");
        n.parse().unwrap_or_else(|_| panic!("no count in {out}"))
    };
    let c = db.store().counts().expect("counts");
    assert_eq!(c.weapons, stored(&ra) + stored(&rb));
    assert!(stdout(&ra).contains("0 rejected") && stdout(&rb).contains("0 rejected"));
    assert!(c.weapons >= 5_990, "{} weapons", c.weapons);
    let o = db.cli(&["verify"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
});
