//! The peers: PostgreSQL pg_trgm and SQLite FTS5 (trigram tokenizer), loaded with the same
//! markings and asked the same queries, in the way a developer would use each.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::queries::{BenchQuery, peer_fold};
use crate::registry::Weapon;

/// Searches top-10 weapon ids for a query.
pub trait Searcher {
    fn top10(&mut self, q: &BenchQuery) -> Result<Vec<u64>>;
}

/// What building an engine cost.
#[derive(Debug, Clone, Default)]
pub struct BuildStats {
    pub time: Duration,
    /// Index size: on disk for the peers (table and indexes), in memory for armtrace.
    pub bytes: u64,
    /// Extra notes for the report.
    pub note: String,
}

/// `?` → `_`, `*` → `%` on the folded reading (LIKE), `%`/`_` in the data cannot occur.
fn like_pattern(reading: &str) -> String {
    peer_fold(reading)
        .chars()
        .map(|c| match c {
            '?' => '_',
            '*' => '%',
            c => c,
        })
        .collect()
}

pub const PG_SCHEMA: &str = "armtrace_search_bench";

/// PostgreSQL with pg_trgm: a table of (doc, folded marking) with a GIN trigram index.
pub struct Pg {
    url: String,
}

impl Pg {
    pub fn connect(url: &str) -> Result<postgres::Client> {
        postgres::Client::connect(url, postgres::NoTls)
            .with_context(|| format!("connecting to PostgreSQL at `{url}`"))
    }

    /// Loads the registry with COPY and builds the GIN index.
    pub fn build(url: &str, weapons: &[Weapon]) -> Result<(Pg, BuildStats)> {
        let mut c = Pg::connect(url)?;
        c.batch_execute(&format!(
            "CREATE EXTENSION IF NOT EXISTS pg_trgm;
             DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE;
             CREATE SCHEMA {PG_SCHEMA};
             CREATE UNLOGGED TABLE {PG_SCHEMA}.marking (doc bigint NOT NULL, norm text NOT NULL);"
        ))?;
        let start = Instant::now();
        let mut w = c.copy_in(&format!("COPY {PG_SCHEMA}.marking (doc, norm) FROM STDIN"))?;
        let mut buf = Vec::with_capacity(1 << 20);
        for (i, weapon) in weapons.iter().enumerate() {
            for m in &weapon.markings {
                writeln!(buf, "{}\t{}", i + 1, peer_fold(m))?;
            }
            if buf.len() > (1 << 20) {
                w.write_all(&buf)?;
                buf.clear();
            }
        }
        w.write_all(&buf)?;
        w.finish()?;
        let copied = start.elapsed();
        c.batch_execute(&format!(
            "SET maintenance_work_mem = '2GB';
             CREATE INDEX marking_trgm ON {PG_SCHEMA}.marking USING gin (norm gin_trgm_ops);
             ANALYZE {PG_SCHEMA}.marking;"
        ))?;
        let time = start.elapsed();
        let row = c.query_one(
            &format!("SELECT pg_total_relation_size('{PG_SCHEMA}.marking')::bigint, current_setting('shared_buffers')"),
            &[],
        )?;
        let bytes: i64 = row.get(0);
        let shared: String = row.get(1);
        let stats = BuildStats {
            time,
            bytes: bytes as u64,
            note: format!(
                "COPY {:.1} s + GIN index {:.1} s; server shared_buffers {shared}",
                copied.as_secs_f64(),
                (time - copied).as_secs_f64()
            ),
        };
        Ok((
            Pg {
                url: url.to_owned(),
            },
            stats,
        ))
    }

    pub fn searcher(&self) -> Result<PgSearcher> {
        let mut client = Pg::connect(&self.url)?;
        let plain = client.prepare(&format!(
            "SELECT doc FROM {PG_SCHEMA}.marking WHERE norm % $1 ORDER BY similarity(norm, $1) DESC, doc LIMIT 10"
        ))?;
        let like = client.prepare(&format!(
            "SELECT doc FROM {PG_SCHEMA}.marking WHERE norm LIKE $1 ORDER BY doc LIMIT 10"
        ))?;
        Ok(PgSearcher {
            client,
            plain,
            like,
        })
    }

    pub fn drop_all(&self) -> Result<()> {
        Pg::connect(&self.url)?
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))?;
        Ok(())
    }
}

pub struct PgSearcher {
    client: postgres::Client,
    plain: postgres::Statement,
    like: postgres::Statement,
}

impl Searcher for PgSearcher {
    fn top10(&mut self, q: &BenchQuery) -> Result<Vec<u64>> {
        let rows = if q.has_wildcards() {
            self.client
                .query(&self.like, &[&like_pattern(&q.reading)])?
        } else {
            self.client.query(&self.plain, &[&peer_fold(&q.reading)])?
        };
        let mut docs: Vec<u64> = Vec::with_capacity(10);
        for r in rows {
            let d: i64 = r.get(0);
            if !docs.contains(&(d as u64)) {
                docs.push(d as u64);
            }
        }
        Ok(docs)
    }
}

/// SQLite FTS5 with the trigram tokenizer.
pub struct Fts5 {
    path: PathBuf,
}

impl Fts5 {
    pub fn build(dir: &Path, weapons: &[Weapon]) -> Result<(Fts5, BuildStats)> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let path = dir.join(format!("fts5-{}.db", weapons.len()));
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let start = Instant::now();
        let mut c = rusqlite::Connection::open(&path)?;
        c.execute_batch(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;
             CREATE VIRTUAL TABLE marking USING fts5(norm, doc UNINDEXED, tokenize = 'trigram case_sensitive 1');",
        )?;
        let tx = c.transaction()?;
        {
            let mut ins = tx.prepare("INSERT INTO marking (norm, doc) VALUES (?1, ?2)")?;
            for (i, weapon) in weapons.iter().enumerate() {
                for m in &weapon.markings {
                    ins.execute(rusqlite::params![peer_fold(m), (i + 1) as i64])?;
                }
            }
        }
        tx.commit()?;
        c.execute_batch("INSERT INTO marking(marking) VALUES ('optimize');")?;
        drop(c);
        let time = start.elapsed();
        let bytes = std::fs::metadata(&path)?.len();
        Ok((
            Fts5 { path },
            BuildStats {
                time,
                bytes,
                note: String::from("one transaction of INSERTs, then FTS5 'optimize'"),
            },
        ))
    }

    pub fn searcher(&self) -> Result<Fts5Searcher> {
        let c = rusqlite::Connection::open_with_flags(
            &self.path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        c.execute_batch("PRAGMA cache_size = -500000;")?;
        Ok(Fts5Searcher { c })
    }

    pub fn remove(&self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

pub struct Fts5Searcher {
    c: rusqlite::Connection,
}

impl Searcher for Fts5Searcher {
    fn top10(&mut self, q: &BenchQuery) -> Result<Vec<u64>> {
        let folded = peer_fold(&q.reading);
        let (sql, arg) = if q.has_wildcards() {
            (
                "SELECT doc FROM marking WHERE norm GLOB ?1 LIMIT 10",
                folded,
            )
        } else {
            // A phrase of the whole reading: trigram FTS5 finds it as a substring.
            (
                "SELECT doc FROM marking WHERE marking MATCH ?1 ORDER BY rank LIMIT 10",
                format!("norm : \"{}\"", folded.replace('"', "\"\"")),
            )
        };
        let mut st = self.c.prepare_cached(sql)?;
        let rows = st.query_map([arg], |r| r.get::<_, i64>(0))?;
        let mut docs = Vec::with_capacity(10);
        for d in rows {
            let d = d? as u64;
            if !docs.contains(&d) {
                docs.push(d);
            }
        }
        Ok(docs)
    }
}
