//! The access log under concurrent callers (group commit): every line handed in is
//! written once, durably, in one unbroken chain; each caller gets its own line back.
//! On SQLite, and on PostgreSQL when `ARMTRACE_TEST_PG` names a database (a schema of
//! its own, dropped afterwards).

use armtrace_store::Store;
use std::collections::HashSet;

struct Pg {
    base: String,
    schema: String,
}

impl Drop for Pg {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.base, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "SET client_min_messages = warning; DROP SCHEMA {} CASCADE",
                self.schema
            ));
        }
    }
}

/// A new store on each backend available: its location, and what to drop afterwards.
fn stores(dir: &std::path::Path) -> Vec<(String, Option<Pg>)> {
    let mut out = vec![(dir.join("a.db").display().to_string(), None)];
    match std::env::var("ARMTRACE_TEST_PG") {
        Ok(base) if !base.is_empty() => {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            let schema = format!("t_access_{}_{nanos}", std::process::id());
            let mut c = postgres::Client::connect(&base, postgres::NoTls)
                .expect("ARMTRACE_TEST_PG must be reachable");
            c.batch_execute(&format!("CREATE SCHEMA {schema}"))
                .expect("create schema");
            let sep = if base.contains('?') { '&' } else { '?' };
            let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
            out.push((url, Some(Pg { base, schema })));
        }
        _ => eprintln!("PostgreSQL not tested: set ARMTRACE_TEST_PG"),
    }
    out
}

#[test]
fn concurrent_lines_are_each_written_once_in_one_chain() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (location, _pg) in stores(dir.path()) {
        let store = Store::open(&location, true).expect("store opens");
        // A line before, from another handle (as the command line would).
        Store::open(&location, false)
            .expect("store opens")
            .log_access("cli", "show", "before", "host", "ok", chrono::Utc::now())
            .expect("logged");
        const THREADS: usize = 16;
        const EACH: usize = 25;
        let returned: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..THREADS)
                .map(|t| {
                    let store = store.clone();
                    s.spawn(move || {
                        (0..EACH)
                            .map(|i| {
                                let subject = format!("{t}/{i}");
                                let e = store
                                    .log_access(
                                        &format!("user{t}"),
                                        "weapon.read",
                                        &subject,
                                        "127.0.0.1",
                                        "ok",
                                        chrono::Utc::now(),
                                    )
                                    .expect("logged");
                                assert_eq!(e.subject, subject, "a caller gets its own line");
                                assert_eq!(e.account, format!("user{t}"));
                                e
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("thread"))
                .collect()
        });
        let total = (THREADS * EACH + 1) as u64;
        let seqs: HashSet<u64> = returned.iter().map(|e| e.seq).collect();
        assert_eq!(
            seqs.len(),
            THREADS * EACH,
            "every line has a position of its own"
        );
        assert_eq!(store.verify_access_log().expect("walks"), Ok(total));
        let stored = store.access_log_after(0, 10_000).expect("reads");
        assert_eq!(stored.len() as u64, total);
        assert_eq!(stored[0].subject, "before");
        for e in &returned {
            let s = &stored[(e.seq - 1) as usize];
            assert_eq!(s, e, "the line returned is the line stored");
        }
        // Each thread's lines are in the order it logged them.
        for t in 0..THREADS {
            let mine: Vec<u64> = stored
                .iter()
                .filter(|e| e.account == format!("user{t}"))
                .map(|e| e.seq)
                .collect();
            assert!(mine.windows(2).all(|w| w[0] < w[1]));
            assert_eq!(mine.len(), EACH);
        }
        assert_eq!(store.access_head().expect("head").0, total);
    }
}
