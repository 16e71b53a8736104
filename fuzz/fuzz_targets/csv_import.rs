//! A weapons file of any bytes, imported into a fresh SQLite store: no panic (in any of
//! the importer's threads: libFuzzer's panic hook aborts), a clean error or a report
//! that accounts for every row, and a store that still verifies intact.
#![no_main]

use armtrace_bulk::{FileKind, ImportOptions, import_file};
use armtrace_store::Store;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().expect("a temp dir");
    let input = dir.path().join("weapons.csv");
    std::fs::write(&input, data).expect("write the input");
    let db = dir.path().join("armtrace.db");
    let store = Store::open(&db.display().to_string(), true).expect("a new SQLite store");
    let mut opts = ImportOptions::new("fuzzer");
    opts.rejects = Some(dir.path().join("weapons.rejected.csv"));
    match import_file(&store, FileKind::Weapons, &input, &opts, &mut |_| {}) {
        Ok(report) => {
            assert_eq!(
                report.written + report.already_present + report.rejected,
                report.rows,
                "{report:?}"
            );
            for r in &report.first_rejections {
                assert!(!r.reason.trim().is_empty(), "{r:?}");
            }
        }
        Err(e) => assert!(!e.to_string().trim().is_empty()),
    }
    let verified = store.verify(&mut |_| {}).expect("verify runs");
    assert!(verified.is_intact(), "{:?}", verified.problems);
});
