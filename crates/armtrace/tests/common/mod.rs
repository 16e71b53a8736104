//! One test story for every backend: each test gets a fresh store on SQLite, and on
//! PostgreSQL when `ARMTRACE_TEST_PG` names a database (each test then gets its own
//! schema in it, dropped afterwards).
#![allow(dead_code)]

use armtrace_store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct TestDb {
    pub url: String,
    pub dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = dir.path().join("armtrace.db").display().to_string();
        TestDb { url, dir, pg: None }
    }

    /// A fresh schema in the PostgreSQL database named by `ARMTRACE_TEST_PG`, or `None`.
    pub fn postgres() -> Option<TestDb> {
        let base = std::env::var("ARMTRACE_TEST_PG")
            .ok()
            .filter(|s| !s.is_empty())?;
        let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
        let mut client = postgres::Client::connect(&base, postgres::NoTls)
            .expect("ARMTRACE_TEST_PG must be reachable");
        client
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .expect("create schema");
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
        let dir = tempfile::tempdir().expect("temp dir");
        Some(TestDb {
            url,
            dir,
            pg: Some((base, schema)),
        })
    }

    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    pub fn store(&self) -> Store {
        Store::open(&self.url, true).expect("store opens")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs the armtrace binary on this store (a PostgreSQL store keeps its search
    /// index in the test's own folder).
    pub fn cli(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_armtrace"));
        if self.is_postgres() {
            cmd.env("ARMTRACE_INDEX", self.dir.path().join("search.idx"));
        }
        cmd.arg("--db")
            .arg(&self.url)
            .arg("--quiet")
            .arg("--as")
            .arg("tester")
            .args(args)
            .output()
            .expect("armtrace runs")
    }

    /// Raw SQL straight into the database, behind armtrace's back.
    pub fn sql(&self, sql: &str) {
        match &self.pg {
            Some((base, schema)) => {
                let mut c = postgres::Client::connect(base, postgres::NoTls).expect("connect");
                c.batch_execute(&format!("SET search_path TO {schema}; {sql}"))
                    .expect("raw sql");
            }
            None => {
                let c = rusqlite::Connection::open(&self.url).expect("open sqlite");
                c.execute_batch(sql).expect("raw sql");
            }
        }
    }

    /// Drops the append-only triggers, as an attacker with database access would.
    pub fn drop_triggers(&self) {
        if self.is_postgres() {
            self.sql("DROP TRIGGER ledger_no_change ON ledger; DROP TRIGGER ledger_no_truncate ON ledger;");
        } else {
            self.sql("DROP TRIGGER ledger_no_update; DROP TRIGGER ledger_no_delete;");
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, schema)) = &self.pg
            && let Ok(mut c) = postgres::Client::connect(base, postgres::NoTls)
        {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        }
    }
}

/// Declares a test that runs once per backend.
#[macro_export]
macro_rules! on_every_backend {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[test]
            fn sqlite() {
                let f: fn(&common::TestDb) = $body;
                f(&common::TestDb::sqlite());
            }

            #[test]
            fn postgres() {
                let f: fn(&common::TestDb) = $body;
                match common::TestDb::postgres() {
                    Some(db) => f(&db),
                    None => eprintln!("PostgreSQL not tested: set ARMTRACE_TEST_PG=postgres://USER@HOST:PORT/DATABASE"),
                }
            }
        }
    };
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// Writes a small generated registry (holders, weapons, events) into `dir`.
pub fn demo_files(dir: &Path, weapons: usize, seed: u64) -> armtrace_demo::DemoFiles {
    let config = armtrace_demo::DemoConfig {
        seed,
        weapons,
        with_events: true,
        ..armtrace_demo::DemoConfig::default()
    };
    armtrace_demo::write_registry(&config, dir).expect("demo files")
}

/// Imports demo files through the CLI, asserting each import is clean.
pub fn import_all(db: &TestDb, files: &armtrace_demo::DemoFiles) {
    for (kind, path) in [
        ("holders", &files.holders),
        ("weapons", &files.weapons),
        ("events", &files.events),
    ] {
        let o = db.cli(&["import", kind, path.to_str().expect("utf-8 path")]);
        assert_eq!(code(&o), 0, "import {kind}: {}{}", stdout(&o), stderr(&o));
    }
}
