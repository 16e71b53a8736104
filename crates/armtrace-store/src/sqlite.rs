//! The embedded SQLite backend: one file, write-ahead log, foreign keys on, durable
//! commits (`synchronous = FULL`), one writer at a time and any number of readers. A first
//! bulk load by a program that has the store alone writes through a rollback journal
//! instead (`SqliteBackend::enter_sole_load`).

use crate::backend::{
    Backend, Counts, Filed, Map, Overview, PackedRow, ReadTx, RowWrite, SqlValue, WeaponRow,
    WriteTx, damaged, sameness,
};
use crate::{BackendKind, StoreError, migrate};
use armtrace_domain::access::AccessEntry;
use armtrace_domain::ledger::{Entry, EntryHash};
use armtrace_domain::vocab::Vocabulary;
use armtrace_domain::{
    Category, CountryCode, EntryId, EventId, Holder, HolderId, HolderKind, Status,
    WeaponDescription, WeaponId,
};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, params};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Mutex;
use uuid::Uuid;

/// `PRAGMA application_id` of an armtrace store ("ARMT").
const APPLICATION_ID: i64 = 0x4152_4d54;

/// The page size of a new store, 16 KiB (SQLite's default is 4 KiB). A registry is
/// written mostly in appends and read through indexes over millions of rows: larger pages
/// mean fewer of them to split, cache and write, and shallower indexes. SQLite alone
/// writing a million weapons' rows of armtrace's shape and building their indexes took a
/// fifth to a third less time than with 4 KiB pages; armtrace's whole import gained less,
/// within the noise of the host it was measured on (docs/benchmarks.md). A store keeps the
/// page size it was made with.
const PAGE_SIZE: i64 = 16_384;

/// How long a connection waits for another one's lock before giving up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Reader connections kept open for reuse. A server answers many reads at once (each
/// request in a thread of its own); a connection opened beyond those kept is closed after
/// one read, and opening one costs a schema parse and a cold cache.
const MAX_IDLE_READERS: usize = 64;

/// The page cache of a connection that writes, in KiB (negative: `PRAGMA cache_size`
/// units), 1 GiB, allocated only as pages are used.
const WRITER_CACHE_KIB: i64 = -1_048_576;

/// The page cache while a first bulk load writes ([`WriteTx::suspend_weapon_indexes`]),
/// 128 MiB: more than one batch's pages.
const BULK_LOAD_CACHE_KIB: i64 = -131_072;

/// The page cache while the weapons' unique indexes are built after a first bulk load,
/// 16 MiB: SQLite sorts the keys in runs of this size and merges them, which on a million
/// weapons takes 2.4 s against 4.5 s with the whole sort in a 1 GiB cache (the memory
/// faulted in costs more than the merge saves; docs/benchmarks.md).
const INDEX_BUILD_CACHE_KIB: i64 = -16_384;

/// The page cache of a reader connection, in KiB (negative: `PRAGMA cache_size` units),
/// 64 MiB: 64 kept readers then hold at most 4 GiB.
const READER_CACHE_KIB: i64 = -65_536;

pub(crate) struct SqliteBackend {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    checkpointer: Checkpointer,
}

/// Copies the write-ahead log into the database on a thread of its own, so that writers
/// do not stop for it (SQLite's automatic checkpoint runs inside the committing writer).
struct Checkpointer {
    wake: Mutex<Option<std::sync::mpsc::SyncSender<()>>>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Checkpointer {
    fn start(path: &Path) -> Checkpointer {
        let (wake, thread) = Checkpointer::spawn(path);
        Checkpointer {
            wake: Mutex::new(wake),
            thread: Mutex::new(thread),
        }
    }

    /// A checkpointing thread with its own connection, and the way to wake it (none when
    /// the connection cannot be opened: then nothing copies the log until the next open).
    fn spawn(
        path: &Path,
    ) -> (
        Option<std::sync::mpsc::SyncSender<()>>,
        Option<std::thread::JoinHandle<()>>,
    ) {
        let (wake, asked) = std::sync::mpsc::sync_channel::<()>(1);
        let thread = open_conn(path, false).ok().map(|conn| {
            std::thread::spawn(move || {
                while asked.recv().is_ok() {
                    // PASSIVE: copy what no reader still needs, never block anyone.
                    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                    {
                        tracing::warn!("write-ahead log checkpoint failed: {e}");
                    }
                }
            })
        });
        (thread.is_some().then_some(wake), thread)
    }

    fn poke(&self) {
        if let Ok(wake) = self.wake.lock()
            && let Some(w) = wake.as_ref()
        {
            let _ = w.try_send(());
        }
    }

    /// Ends the thread (after the checkpoint it is running) and closes its connection.
    fn stop(&self) {
        if let Ok(mut wake) = self.wake.lock() {
            wake.take();
        }
        if let Some(t) = self.thread.lock().ok().and_then(|mut t| t.take()) {
            let _ = t.join();
        }
    }

    /// Starts the thread again after [`Checkpointer::stop`].
    fn resume(&self, path: &Path) {
        let (wake, thread) = Checkpointer::spawn(path);
        if let (Ok(mut w), Ok(mut t)) = (self.wake.lock(), self.thread.lock()) {
            *w = wake;
            *t = thread;
        }
    }
}

impl Drop for SqliteBackend {
    fn drop(&mut self) {
        self.checkpointer.stop();
    }
}

fn configure(conn: &Connection) -> Result<(), rusqlite::Error> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Up to 1 GiB of page cache (allocated only as pages are used): the indexes of a
    // national registry of millions of weapons stay in memory, so bulk imports do not
    // thrash. `temp_store` keeps sorting in memory too.
    conn.pragma_update(None, "cache_size", WRITER_CACHE_KIB)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

fn open_conn(path: &Path, create: bool) -> Result<Connection, StoreError> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let conn = Connection::open_with_flags(path, flags).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::CannotOpen => StoreError::NotAStore(format!(
            "no armtrace store at {}: create one with `armtrace init` (or check the path and its permissions)",
            path.display()
        )),
        other => StoreError::Sqlite(other),
    })?;
    configure(&conn).map_err(|e| not_a_store(path, e))?;
    Ok(conn)
}

fn not_a_store(path: &Path, e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            StoreError::NotAStore(format!(
                "{} is not an armtrace store (it is not a SQLite database)",
                path.display()
            ))
        }
        other => StoreError::Sqlite(other),
    }
}

impl SqliteBackend {
    pub(crate) fn open(path: &Path, create: bool) -> Result<Self, StoreError> {
        if !create && !path.exists() {
            return Err(StoreError::NotAStore(format!(
                "no armtrace store at {}: create one with `armtrace init --db {}`",
                path.display(),
                path.display()
            )));
        }
        let mut conn = open_conn(path, create)?;
        let app_id: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| not_a_store(path, e))?;
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| not_a_store(path, e))?;
        if app_id != APPLICATION_ID && tables > 0 {
            return Err(StoreError::NotAStore(format!(
                "{} is a SQLite database but not an armtrace store; nothing was changed in it",
                path.display()
            )));
        }
        if tables == 0 {
            // Only a file nothing has been written to yet takes a page size (WAL fixes it).
            conn.pragma_update(None, "page_size", PAGE_SIZE)?;
        }
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::NotAStore(format!(
                "{}: cannot use write-ahead logging (journal mode {mode})",
                path.display()
            )));
        }
        migrate_sqlite(&mut conn)?;
        ensure_weapon_indexes(&mut conn)?;
        // The checkpointer thread copies the log into the database instead.
        conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(SqliteBackend {
            path: path.to_path_buf(),
            writer: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
            checkpointer: Checkpointer::start(path),
        })
    }

    fn reader(&self) -> Result<Connection, StoreError> {
        let pooled = self
            .readers
            .lock()
            .map_err(|_| StoreError::Damaged("reader pool poisoned".into()))?
            .pop();
        match pooled {
            Some(c) => Ok(c),
            None => {
                let conn = open_conn(&self.path, false)?;
                // A reader's own page cache stays small: many readers are kept (one per
                // concurrent read), and the operating system caches the file for all.
                conn.pragma_update(None, "cache_size", READER_CACHE_KIB)?;
                Ok(conn)
            }
        }
    }

    /// Writes a consistent copy of the store to `target` while it stays in use.
    #[allow(dead_code)]
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

/// Names of the migrations already applied (none when the store is new).
fn applied_sqlite(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let exists: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        return Ok(Vec::new());
    }
    let mut st = conn.prepare("SELECT name FROM schema_migrations")?;
    let names = st
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(names)
}

/// The weapons' unique indexes (migration 0004), as built after a first bulk load.
const WEAPON_INDEXES: &str = "CREATE UNIQUE INDEX IF NOT EXISTS weapons_id ON weapons (id); \
     CREATE UNIQUE INDEX IF NOT EXISTS weapons_natural_key ON weapons (natural_key);";

/// Builds the weapons' unique indexes if a bulk load left them out: one that was stopped
/// (killed, the machine down), or one still running in another program, which then goes on
/// with the indexes kept up to date. Opening a store that has them only reads.
fn ensure_weapon_indexes(conn: &mut Connection) -> Result<(), StoreError> {
    let present: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('weapons_id', 'weapons_natural_key')",
        [],
        |r| r.get(0),
    )?;
    if present == 2 {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    SqliteTx { tx: &tx }.build_weapon_indexes()?;
    tx.commit()?;
    Ok(())
}

fn migrate_sqlite(conn: &mut Connection) -> Result<(), StoreError> {
    // Opening an up-to-date store only reads: it must not wait for a long import.
    let applied = applied_sqlite(conn)?;
    if migrate::SQLITE
        .iter()
        .all(|(name, _)| applied.iter().any(|a| a == name))
    {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    for (name, sql) in migrate::SQLITE {
        let done: Option<String> = tx
            .query_row(
                "SELECT name FROM schema_migrations WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        if done.is_none() {
            tx.execute_batch(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?1, ?2)",
                params![name, chrono::Utc::now().to_rfc3339()],
            )?;
        }
    }
    for (id, dictionary) in crate::payload::DICTIONARIES {
        tx.execute(
            "INSERT OR IGNORE INTO payload_dictionaries (id, dictionary) VALUES (?1, ?2)",
            params![id, dictionary],
        )?;
    }
    tx.commit()?;
    Ok(())
}

impl Backend for SqliteBackend {
    fn kind(&self) -> BackendKind {
        BackendKind::Sqlite
    }

    fn read(
        &self,
        f: &mut dyn FnMut(&mut dyn ReadTx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut conn = self.reader()?;
        let result = {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Deferred)?;
            let mut t = SqliteTx { tx: &tx };
            let r = f(&mut t);
            tx.finish()?;
            r
        };
        if let Ok(mut pool) = self.readers.lock()
            && pool.len() < MAX_IDLE_READERS
        {
            pool.push(conn);
        }
        result
    }

    fn write(
        &self,
        f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut conn = self
            .writer
            .lock()
            .map_err(|_| StoreError::Damaged("writer poisoned".into()))?;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut t = SqliteTx { tx: &tx };
        f(&mut t)?;
        tx.commit()?;
        self.checkpointer.poke();
        Ok(())
    }

    fn execute_raw(&self, sql: &str) -> Result<(), StoreError> {
        let conn = self
            .writer
            .lock()
            .map_err(|_| StoreError::Damaged("writer poisoned".into()))?;
        conn.execute_batch(sql)?;
        Ok(())
    }

    /// Leaves write-ahead logging for a rollback journal (`TRUNCATE`) while a first bulk
    /// load runs alone. In WAL mode every page is written twice, once into the log at
    /// commit and once into the database when the log is copied back; a rollback journal
    /// keeps only the pages a commit changes that were there before, and a first load
    /// mostly appends new pages, so the database file is written once (about half the time
    /// of SQLite's own part of a load, docs/benchmarks.md). Each commit is still whole and
    /// durable (`synchronous = FULL`); a load killed mid-batch leaves a hot journal, which
    /// the next connection to open the store rolls back before it reads anything.
    ///
    /// Leaving WAL needs every other connection closed: this program's checkpointer and
    /// idle readers are closed first; any other connection (another program, or a read of
    /// this one under way) makes the switch fail at once, and the load goes on in WAL.
    /// Another armtrace program that opens the store during the load switches it back to
    /// WAL between two batches ([`SqliteBackend::open`]), and the load goes on in WAL.
    fn enter_sole_load(&self) -> Result<bool, StoreError> {
        let conn = self
            .writer
            .lock()
            .map_err(|_| StoreError::Damaged("writer poisoned".into()))?;
        self.checkpointer.stop();
        if let Ok(mut idle) = self.readers.lock() {
            idle.clear();
        }
        conn.busy_timeout(std::time::Duration::ZERO)?;
        let mode = conn.query_row("PRAGMA journal_mode = TRUNCATE", [], |r| {
            r.get::<_, String>(0)
        });
        conn.busy_timeout(BUSY_TIMEOUT)?;
        match mode {
            Ok(m) if m.eq_ignore_ascii_case("truncate") => Ok(true),
            Ok(_)
            | Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error {
                    code: rusqlite::ErrorCode::DatabaseBusy,
                    ..
                },
                _,
            )) => {
                self.checkpointer.resume(&self.path);
                Ok(false)
            }
            Err(e) => {
                self.checkpointer.resume(&self.path);
                Err(e.into())
            }
        }
    }

    fn leave_sole_load(&self) -> Result<(), StoreError> {
        let conn = self
            .writer
            .lock()
            .map_err(|_| StoreError::Damaged("writer poisoned".into()))?;
        let mode = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
        self.checkpointer.resume(&self.path);
        match mode {
            Ok(m) if m.eq_ignore_ascii_case("wal") => {}
            // What the load wrote is committed either way, and the next program to open
            // the store switches it back to WAL.
            Ok(m) => tracing::warn!("the store stays in journal mode {m} until it is opened again"),
            Err(e) => tracing::warn!(
                "the store stays in rollback-journal mode until it is opened again: {e}"
            ),
        }
        Ok(())
    }
}

struct SqliteTx<'a> {
    tx: &'a rusqlite::Transaction<'a>,
}

const WEAPON_COLUMNS: &str = "num, id, natural_key, category, make, model, calibre, serial, country, year, status, holder_id, location, deficiencies, registered_on, last_event, events_in_force, markings";
/// An entry's columns; its `prev_hash` is the hash of the entry before (the ledger does not
/// store it twice, migration 0006), the genesis hash where there is none.
const ENTRY_COLUMNS: &str = "l.seq, l.id, l.recorded_at, l.recorded_by, l.kind, l.weapon_num, l.payload, \
     (SELECT p.hash FROM ledger p WHERE p.seq = l.seq - 1), l.hash";

/// A stored hash (32 bytes). Anything else reads as the zero hash (the genesis hash, which
/// no entry has), so that `verify` reports the entry as altered rather than stopping.
fn stored_hash(v: ValueRef<'_>) -> EntryHash {
    match v {
        ValueRef::Blob(b) => <[u8; 32]>::try_from(b).map_or(EntryHash([0; 32]), EntryHash),
        _ => EntryHash([0; 32]),
    }
}

fn parse<T: FromStr>(what: &str, v: &str) -> Result<T, StoreError>
where
    T::Err: std::fmt::Display,
{
    v.parse::<T>().map_err(|e| damaged(what, v, e))
}

fn opt_parse<T: FromStr>(what: &str, v: Option<String>) -> Result<Option<T>, StoreError>
where
    T::Err: std::fmt::Display,
{
    v.map(|v| parse(what, &v)).transpose()
}

fn weapon_from_row(r: &Row<'_>) -> Result<WeaponRow, StoreError> {
    let category: String = r.get(3)?;
    let status: String = r.get(10)?;
    let markings: String = r.get(17)?;
    let year: Option<i64> = r.get(9)?;
    let description = WeaponDescription {
        category: Category::parse(&category).map_err(|e| damaged("category", &category, e))?,
        make: r.get(4)?,
        model: r.get(5)?,
        calibre: r.get(6)?,
        serial: r.get(7)?,
        country_of_manufacture: opt_parse::<CountryCode>("country", r.get(8)?)?,
        year_of_manufacture: year
            .map(|y| u16::try_from(y).map_err(|e| damaged("year", &y.to_string(), e)))
            .transpose()?,
        markings: Vec::new(),
    };
    let markings = crate::markings::read(&description, &markings)?;
    Ok(WeaponRow {
        num: r.get(0)?,
        id: WeaponId(r.get::<_, Uuid>(1)?),
        natural_key: r.get(2)?,
        description,
        markings,
        status: Status::parse(&status).map_err(|e| damaged("status", &status, e))?,
        holder: r.get::<_, Option<Uuid>>(11)?.map(HolderId),
        location: r.get(12)?,
        deficiencies: r.get(13)?,
        registered_on: r.get(14)?,
        last_event: r.get(15)?,
        events_in_force: r.get(16)?,
    })
}

fn entry_from_row(r: &Row<'_>) -> Result<Entry, StoreError> {
    let seq: i64 = r.get(0)?;
    let at: String = r.get(2)?;
    // No entry before: the genesis hash (zero), as for the first entry.
    let prev = stored_hash(r.get_ref(7)?);
    Ok(Entry {
        seq: u64::try_from(seq).map_err(|e| damaged("ledger seq", &seq.to_string(), e))?,
        id: EntryId(r.get::<_, Uuid>(1)?),
        recorded_at: chrono::DateTime::parse_from_rfc3339(&at)
            .map_err(|e| damaged("recorded_at", &at, e))?
            .with_timezone(&chrono::Utc),
        recorded_by: r.get(3)?,
        kind: r.get(4)?,
        payload: crate::payload::read(r.get_ref(6)?)?,
        prev_hash: prev,
        hash: stored_hash(r.get_ref(8)?),
    })
}

fn holder_from_row(r: &Row<'_>) -> Result<Holder, StoreError> {
    let kind: String = r.get(2)?;
    Ok(Holder {
        id: HolderId(r.get::<_, Uuid>(0)?),
        code: r.get(1)?,
        kind: HolderKind::parse(&kind).map_err(|e| damaged("holder kind", &kind, e))?,
        name: r.get(3)?,
        parent: r.get::<_, Option<Uuid>>(4)?.map(HolderId),
        country: opt_parse("holder country", r.get(5)?)?,
        licence: r.get(6)?,
    })
}

impl SqliteTx<'_> {
    fn weapons_where(
        &mut self,
        clause: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<WeaponRow>, StoreError> {
        let mut st = self
            .tx
            .prepare_cached(&format!("SELECT {WEAPON_COLUMNS} FROM weapons {clause}"))?;
        let mut rows = st.query(params)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(weapon_from_row(r)?);
        }
        Ok(out)
    }
}

/// `$1` placeholders as SQLite's `?1`.
fn sqlite_placeholders(sql: &str) -> String {
    sql.replace('$', "?")
}

fn sqlite_params(params: &[SqlValue]) -> Vec<rusqlite::types::Value> {
    params
        .iter()
        .map(|p| match p {
            SqlValue::Null => rusqlite::types::Value::Null,
            SqlValue::Int(i) => rusqlite::types::Value::Integer(*i),
            SqlValue::Text(t) => rusqlite::types::Value::Text(t.clone()),
        })
        .collect()
}

impl ReadTx for SqliteTx<'_> {
    fn sql_rows(
        &mut self,
        sql: &str,
        params: &[SqlValue],
    ) -> Result<Vec<Vec<SqlValue>>, StoreError> {
        let mut st = self.tx.prepare_cached(&sqlite_placeholders(sql))?;
        let n = st.column_count();
        let mut rows = st.query(rusqlite::params_from_iter(sqlite_params(params)))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                row.push(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => SqlValue::Null,
                    rusqlite::types::ValueRef::Integer(v) => SqlValue::Int(v),
                    rusqlite::types::ValueRef::Text(t) => {
                        SqlValue::Text(String::from_utf8_lossy(t).into_owned())
                    }
                    rusqlite::types::ValueRef::Real(v) => SqlValue::Text(v.to_string()),
                    rusqlite::types::ValueRef::Blob(b) => {
                        SqlValue::Text(String::from_utf8_lossy(b).into_owned())
                    }
                });
            }
            out.push(row);
        }
        Ok(out)
    }

    fn head(&mut self) -> Result<(u64, EntryHash), StoreError> {
        let (seq, hash): (i64, String) = self
            .tx
            .prepare_cached("SELECT seq, hash FROM ledger_head WHERE one = 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((
            u64::try_from(seq).map_err(|e| damaged("head seq", &seq.to_string(), e))?,
            parse("head hash", &hash)?,
        ))
    }

    fn counts(&mut self) -> Result<Counts, StoreError> {
        let one = |sql: &str| -> Result<u64, StoreError> {
            let n: i64 = self.tx.query_row(sql, [], |r| r.get(0))?;
            Ok(n.max(0) as u64)
        };
        let mut c = Counts {
            entries: one("SELECT count(*) FROM ledger")?,
            weapons: one("SELECT count(*) FROM weapons")?,
            holders: one("SELECT count(*) FROM holders")?,
            to_be_marked: one(
                "SELECT count(*) FROM weapons WHERE deficiencies <> '' AND status <> 'destroyed'",
            )?,
            by_status: Vec::new(),
        };
        let mut st = self
            .tx
            .prepare("SELECT status, count(*) FROM weapons GROUP BY status ORDER BY status")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (s, n) = row?;
            c.by_status.push((s, n.max(0) as u64));
        }
        Ok(c)
    }

    fn overview(&mut self, since: &str, recent: usize) -> Result<Overview, StoreError> {
        let mut o = Overview::default();
        let mut st = self.tx.prepare(
            "SELECT category, count(*) FROM weapons GROUP BY category ORDER BY 2 DESC, 1",
        )?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (c, n) = row?;
            o.by_category.push((c, n.max(0) as u64));
        }
        let mut st = self.tx.prepare(
            "SELECT holder_id, count(*) FROM weapons GROUP BY holder_id ORDER BY 2 DESC",
        )?;
        let rows = st.query_map([], |r| {
            Ok((r.get::<_, Option<Uuid>>(0)?, r.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (h, n) = row?;
            o.by_holder.push((h.map(HolderId), n.max(0) as u64));
        }
        let mut st = self.tx.prepare(
            "SELECT m, count(*) FROM (SELECT substr(json_extract(payload, '$.occurred'), 1, 7) AS m
             FROM ledger WHERE kind = 'weapon_event') WHERE m >= ?1 GROUP BY m ORDER BY m",
        )?;
        let rows = st.query_map([since], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (m, n) = row?;
            o.events_by_month.push((m, n.max(0) as u64));
        }
        let mut st = self.tx.prepare(&format!(
            "SELECT {ENTRY_COLUMNS} FROM ledger l ORDER BY l.seq DESC LIMIT ?1"
        ))?;
        let mut rows = st.query([recent as i64])?;
        while let Some(r) = rows.next()? {
            o.recent.push(entry_from_row(r)?);
        }
        Ok(o)
    }

    fn holders(&mut self) -> Result<Vec<Holder>, StoreError> {
        let mut st = self.tx.prepare_cached(
            "SELECT id, code, kind, name, parent, country, licence FROM holders ORDER BY code",
        )?;
        let mut rows = st.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(holder_from_row(r)?);
        }
        Ok(out)
    }

    fn holders_by_id(&mut self, ids: &[HolderId]) -> Result<Vec<Holder>, StoreError> {
        let mut st = self.tx.prepare_cached(
            "SELECT id, code, kind, name, parent, country, licence FROM holders WHERE id = ?1",
        )?;
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let mut rows = st.query([id.0])?;
            while let Some(r) = rows.next()? {
                out.push(holder_from_row(r)?);
            }
        }
        out.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(out)
    }

    fn histories(&mut self, weapons: &[WeaponId]) -> Result<Vec<Entry>, StoreError> {
        let mut st = self.tx.prepare_cached(&format!(
            "SELECT {ENTRY_COLUMNS} FROM ledger l WHERE l.weapon_num = (SELECT num FROM weapons WHERE id = ?1) ORDER BY l.seq"
        ))?;
        let mut out = Vec::new();
        for w in weapons {
            let mut rows = st.query([w.0])?;
            while let Some(r) = rows.next()? {
                out.push(entry_from_row(r)?);
            }
        }
        out.sort_by_key(|e| e.seq);
        Ok(out)
    }

    fn weapons_by_natural_key(
        &mut self,
        keys: &[String],
    ) -> Result<HashMap<String, (WeaponId, String)>, StoreError> {
        let mut st = self.tx.prepare_cached(
            "SELECT id, category, model, calibre FROM weapons WHERE natural_key = ?1",
        )?;
        let mut out = HashMap::new();
        // In key order each lookup lands next to the one before: far fewer cache misses in
        // an index of millions of keys.
        let mut keys: Vec<&String> = keys.iter().collect();
        keys.sort_unstable();
        for k in keys {
            let found = st
                .query_row([k], |r| {
                    let (category, model, calibre): (String, String, String) =
                        (r.get(1)?, r.get(2)?, r.get(3)?);
                    Ok((r.get::<_, Uuid>(0)?, sameness(&category, &model, &calibre)))
                })
                .optional()?;
            if let Some((id, same)) = found {
                out.insert(k.clone(), (WeaponId(id), same));
            }
        }
        Ok(out)
    }

    fn existing_events(&mut self, ids: &[EventId]) -> Result<HashSet<EventId>, StoreError> {
        let mut st = self
            .tx
            .prepare_cached("SELECT 1 FROM ledger WHERE id = ?1 AND kind = 'weapon_event'")?;
        let mut out = HashSet::new();
        for id in ids {
            if st.exists([id.0])? {
                out.insert(*id);
            }
        }
        Ok(out)
    }

    fn existing_weapons(&mut self, ids: &[WeaponId]) -> Result<HashSet<WeaponId>, StoreError> {
        let mut st = self
            .tx
            .prepare_cached("SELECT 1 FROM weapons WHERE id = ?1")?;
        let mut out = HashSet::new();
        let mut ids: Vec<&WeaponId> = ids.iter().collect();
        ids.sort_unstable();
        for id in ids {
            if st.exists([id.0])? {
                out.insert(*id);
            }
        }
        Ok(out)
    }

    fn weapon(&mut self, id: WeaponId) -> Result<Option<WeaponRow>, StoreError> {
        Ok(self.weapons_where("WHERE id = ?1", &[&id.0])?.pop())
    }

    fn weapons_by_key_prefix(&mut self, prefix: &str) -> Result<Vec<WeaponRow>, StoreError> {
        let end = key_prefix_end(prefix);
        self.weapons_where(
            "WHERE natural_key >= ?1 AND natural_key < ?2 ORDER BY num",
            &[&prefix, &end],
        )
    }

    fn to_be_marked(&mut self, limit: usize) -> Result<Vec<WeaponRow>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.weapons_where(
            "WHERE deficiencies <> '' AND status <> 'destroyed' ORDER BY num LIMIT ?1",
            &[&limit],
        )
    }

    fn hash_at(&mut self, seq: u64) -> Result<Option<EntryHash>, StoreError> {
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        Ok(self
            .tx
            .query_row("SELECT hash FROM ledger WHERE seq = ?1", [seq], |r| {
                Ok(stored_hash(r.get_ref(0)?))
            })
            .optional()?)
    }

    fn weapons_by_num(&mut self, nums: &[i64]) -> Result<Vec<WeaponRow>, StoreError> {
        let mut out = Vec::with_capacity(nums.len());
        for n in nums {
            out.extend(self.weapons_where("WHERE num = ?1", &[n])?);
        }
        Ok(out)
    }

    fn weapons_changed_since(&mut self, seq: u64) -> Result<Vec<WeaponRow>, StoreError> {
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        // `+weapon_num`: walk the ledger from `seq` by its primary key; left to itself the
        // planner walks the whole weapon_num index instead (every search catches up first,
        // so that was 0.2 s per search at a million weapons).
        self.weapons_where(
            "WHERE num IN (SELECT DISTINCT weapon_num FROM ledger WHERE seq > ?1 AND +weapon_num IS NOT NULL) ORDER BY num",
            &[&seq],
        )
    }

    fn for_each_entry(
        &mut self,
        f: &mut dyn FnMut(Entry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut st = self.tx.prepare(&format!(
            "SELECT {ENTRY_COLUMNS} FROM ledger l ORDER BY l.seq"
        ))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            f(entry_from_row(r)?)?;
        }
        Ok(())
    }

    fn for_each_weapon_entry(
        &mut self,
        nums: std::ops::Range<i64>,
        f: &mut dyn FnMut(i64, Option<WeaponId>, Entry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut st = self.tx.prepare(&format!(
            "SELECT {ENTRY_COLUMNS}, w.id FROM ledger l LEFT JOIN weapons w ON w.num = l.weapon_num \
             WHERE l.weapon_num >= ?1 AND l.weapon_num < ?2 ORDER BY l.weapon_num, l.seq"
        ))?;
        let mut rows = st.query([nums.start, nums.end])?;
        while let Some(r) = rows.next()? {
            let num: i64 = r.get(5)?;
            let id: Option<Uuid> = r.get(9)?;
            f(num, id.map(WeaponId), entry_from_row(r)?)?;
        }
        Ok(())
    }

    fn for_each_weapon_in(
        &mut self,
        nums: std::ops::Range<i64>,
        f: &mut dyn FnMut(WeaponRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut st = self.tx.prepare(&format!(
            "SELECT {WEAPON_COLUMNS} FROM weapons WHERE num >= ?1 AND num < ?2 ORDER BY num"
        ))?;
        let mut rows = st.query([nums.start, nums.end])?;
        while let Some(r) = rows.next()? {
            f(weapon_from_row(r)?)?;
        }
        Ok(())
    }

    fn access_head(&mut self) -> Result<(u64, EntryHash), StoreError> {
        let (seq, hash): (i64, String) = self
            .tx
            .prepare_cached("SELECT seq, hash FROM access_head WHERE one = 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((
            u64::try_from(seq).map_err(|e| damaged("access head", &seq.to_string(), e))?,
            parse("access head hash", &hash)?,
        ))
    }

    fn for_each_access(
        &mut self,
        from: u64,
        limit: u64,
        f: &mut dyn FnMut(AccessEntry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut st = self.tx.prepare(
            "SELECT seq, at, account, action, subject, origin, prev_hash, hash, outcome FROM access_log \
             WHERE seq >= ?1 ORDER BY seq LIMIT ?2",
        )?;
        let mut rows = st.query([
            i64::try_from(from).unwrap_or(i64::MAX),
            i64::try_from(limit).unwrap_or(i64::MAX),
        ])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let at: String = r.get(1)?;
            let prev: String = r.get(6)?;
            let hash: String = r.get(7)?;
            f(AccessEntry {
                seq: u64::try_from(seq).map_err(|e| damaged("access seq", &seq.to_string(), e))?,
                at: chrono::DateTime::parse_from_rfc3339(&at)
                    .map_err(|e| damaged("access time", &at, e))?
                    .with_timezone(&chrono::Utc),
                account: r.get(2)?,
                action: r.get(3)?,
                subject: r.get(4)?,
                origin: r.get(5)?,
                outcome: r.get(8)?,
                prev_hash: parse("access prev_hash", &prev)?,
                hash: parse("access hash", &hash)?,
            })?;
        }
        Ok(())
    }

    fn max_weapon_num(&mut self) -> Result<i64, StoreError> {
        Ok(self.tx.query_row(
            "SELECT max(coalesce((SELECT max(num) FROM weapons), 0), \
                        coalesce((SELECT max(weapon_num) FROM ledger), 0))",
            [],
            |r| r.get(0),
        )?)
    }
}

/// The smallest key after every key that starts with `prefix` (which ends in `|`).
pub(crate) fn key_prefix_end(prefix: &str) -> String {
    let mut end = prefix.strip_suffix('|').unwrap_or(prefix).to_string();
    end.push('}');
    end
}

impl WriteTx for SqliteTx<'_> {
    fn sql_exec(&mut self, sql: &str, params: &[SqlValue]) -> Result<u64, StoreError> {
        let mut st = self.tx.prepare_cached(&sqlite_placeholders(sql))?;
        let n = st.execute(rusqlite::params_from_iter(sqlite_params(params)))?;
        Ok(n as u64)
    }

    fn insert_entries(&mut self, entries: &[Filed<'_>]) -> Result<(), StoreError> {
        use rusqlite::types::ToSqlOutput;
        let mut st = self.tx.prepare_cached(
            "INSERT INTO ledger (seq, id, recorded_at, recorded_by, kind, weapon_num, payload, hash) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for e in entries {
            st.execute(params![
                i64::try_from(e.seq).map_err(|_| StoreError::Conflict("ledger is full".into()))?,
                e.id.0,
                e.recorded_at,
                e.recorded_by,
                e.kind,
                e.weapon_num,
                e.payload,
                ToSqlOutput::Borrowed(ValueRef::Blob(&e.hash.0)),
            ])?;
        }
        Ok(())
    }

    fn upsert_weapons(&mut self, rows: &[RowWrite<'_>]) -> Result<Map<WeaponId, i64>, StoreError> {
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO weapons (natural_key, category, make, model, calibre, serial, country, year, \
             status, holder_id, location, deficiencies, registered_on, last_event, events_in_force, markings, id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        )?;
        let mut update = self.tx.prepare_cached(
            "UPDATE weapons SET natural_key = ?1, category = ?2, make = ?3, model = ?4, calibre = ?5, serial = ?6, \
             country = ?7, year = ?8, status = ?9, holder_id = ?10, location = ?11, deficiencies = ?12, \
             registered_on = ?13, last_event = ?14, events_in_force = ?15, markings = ?16 WHERE id = ?17 RETURNING num",
        )?;
        let mut nums = Map::with_capacity_and_hasher(rows.len(), Default::default());
        let packed: Vec<_> = rows.iter().map(|r| (r, r.packed())).collect();
        // Written in weapon-id order, so that the id index's pages are filled one after
        // another; while a first bulk load has set the indexes aside, the table then holds
        // one id-sorted run per batch, and SQLite builds an index from sorted runs about
        // three times faster than from rows in random order (1M weapons in the shell: id
        // 0.33 s instead of 1.19 s, natural key 1.07 s instead of 0.48 s, docs/benchmarks.md).
        // Ids are compared where they lie, without reading the row's texts; the ids armtrace
        // gives (UUIDv7) rise in the order the rows come, which is then already sorted.
        let mut order: Vec<_> = packed.iter().collect();
        order.sort_unstable_by_key(|(_, p)| p.id);
        for (r, p) in order {
            let values = params![
                p.text(PackedRow::NATURAL_KEY),
                p.category,
                p.text(PackedRow::MAKE),
                p.text(PackedRow::MODEL),
                p.text(PackedRow::CALIBRE),
                p.text(PackedRow::SERIAL),
                p.country.as_ref().map(|c| c.as_str()),
                p.year,
                p.status,
                p.holder.map(|h| h.0),
                p.text(PackedRow::LOCATION),
                p.text(PackedRow::DEFICIENCIES),
                p.text(PackedRow::REGISTERED_ON),
                p.text(PackedRow::LAST_EVENT),
                p.events_in_force,
                p.text(PackedRow::MARKINGS),
                p.id.0,
            ];
            let num = if r.new {
                insert
                    .execute(values)
                    .map_err(|e| unique_conflict(e, &r.row))?;
                self.tx.last_insert_rowid()
            } else {
                update
                    .query_row(values, |row| row.get(0))
                    .map_err(|e| unique_conflict(e, &r.row))?
            };
            nums.insert(p.id, num);
        }
        Ok(nums)
    }

    fn insert_holders(&mut self, holders: &[(Holder, u64)]) -> Result<(), StoreError> {
        let mut st = self.tx.prepare_cached(
            "INSERT INTO holders (id, code, kind, name, parent, country, licence, entry_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for (h, seq) in holders {
            st.execute(params![
                h.id.0,
                h.code,
                h.kind.name(),
                h.name,
                h.parent.map(|p| p.0),
                h.country.map(|c| c.to_string()),
                h.licence,
                i64::try_from(*seq).unwrap_or(i64::MAX),
            ])?;
        }
        Ok(())
    }

    fn insert_access(&mut self, e: &AccessEntry) -> Result<(), StoreError> {
        let seq = i64::try_from(e.seq).unwrap_or(i64::MAX);
        // Cached: a group commit appends many lines in one transaction.
        self.tx.prepare_cached(
            "INSERT INTO access_log (seq, at, account, action, subject, origin, prev_hash, hash, outcome) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?.execute(
            params![
                seq,
                armtrace_domain::ledger::format_recorded_at(&e.at),
                e.account,
                e.action,
                e.subject,
                e.origin,
                e.prev_hash.to_string(),
                e.hash.to_string(),
                e.outcome
            ],
        )?;
        self.tx
            .prepare_cached("UPDATE access_head SET seq = ?1, hash = ?2 WHERE one = 1")?
            .execute(params![seq, e.hash.to_string()])?;
        Ok(())
    }

    fn suspend_weapon_indexes(&mut self) -> Result<bool, StoreError> {
        let empty: bool =
            self.tx
                .query_row("SELECT NOT EXISTS (SELECT 1 FROM weapons)", [], |r| {
                    r.get(0)
                })?;
        if empty {
            // A first load appends pages it does not read again: a small cache recycles
            // its pages instead of allocating a new one for every page written.
            self.tx.execute_batch(
                "DROP INDEX IF EXISTS weapons_id; DROP INDEX IF EXISTS weapons_natural_key;",
            )?;
            self.tx
                .pragma_update(None, "cache_size", BULK_LOAD_CACHE_KIB)?;
        }
        Ok(empty)
    }

    fn build_weapon_indexes(&mut self) -> Result<(), StoreError> {
        self.tx
            .pragma_update(None, "cache_size", INDEX_BUILD_CACHE_KIB)?;
        let built = self.tx.execute_batch(WEAPON_INDEXES);
        self.tx
            .pragma_update(None, "cache_size", WRITER_CACHE_KIB)?;
        built
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    StoreError::Damaged(
                        "two rows of the weapons table have the same id or natural key: the projection does not \
                         match the ledger; run `armtrace verify`"
                            .into(),
                    )
                }
                other => StoreError::Sqlite(other),
            })
    }

    fn set_head(&mut self, seq: u64, hash: EntryHash) -> Result<(), StoreError> {
        self.tx.execute(
            "UPDATE ledger_head SET seq = ?1, hash = ?2 WHERE one = 1",
            params![i64::try_from(seq).unwrap_or(i64::MAX), hash.to_string()],
        )?;
        Ok(())
    }
}

fn unique_conflict(e: rusqlite::Error, w: &WeaponRow) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, Some(msg))
            if f.code == rusqlite::ErrorCode::ConstraintViolation
                && msg.contains("natural_key") =>
        {
            StoreError::Conflict(format!(
                "another weapon is already registered as {} serial '{}' made in {}",
                w.description.make,
                w.description.serial,
                w.description
                    .country_of_manufacture
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| "an unknown country".into())
            ))
        }
        _ => StoreError::Sqlite(e),
    }
}
