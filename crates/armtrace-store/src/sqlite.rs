//! The embedded SQLite backend: one file, write-ahead log, foreign keys on, durable
//! commits (`synchronous = FULL`), one writer at a time and any number of readers.

use crate::backend::{Backend, Counts, ReadTx, WeaponRow, WriteTx, damaged};
use crate::{BackendKind, StoreError, migrate};
use armtrace_domain::ledger::{Entry, EntryHash};
use armtrace_domain::natural_key::fold;
use armtrace_domain::vocab::Vocabulary;
use armtrace_domain::{Category, CountryCode, EntryId, Holder, HolderId, HolderKind, Status, WeaponDescription, WeaponId};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, params};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Mutex;

/// `PRAGMA application_id` of an armtrace store ("ARMT").
const APPLICATION_ID: i64 = 0x4152_4d54;

pub(crate) struct SqliteBackend {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

fn configure(conn: &Connection) -> Result<(), rusqlite::Error> {
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Up to 1 GiB of page cache (allocated only as pages are used): the indexes of a
    // national registry of millions of weapons stay in memory, so bulk imports do not
    // thrash. `temp_store` keeps sorting in memory too.
    conn.pragma_update(None, "cache_size", -1_048_576)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

fn open_conn(path: &Path, create: bool) -> Result<Connection, StoreError> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
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
            StoreError::NotAStore(format!("{} is not an armtrace store (it is not a SQLite database)", path.display()))
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
        let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| not_a_store(path, e))?;
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))
            .map_err(|e| not_a_store(path, e))?;
        if app_id != APPLICATION_ID && tables > 0 {
            return Err(StoreError::NotAStore(format!(
                "{} is a SQLite database but not an armtrace store; nothing was changed in it",
                path.display()
            )));
        }
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::NotAStore(format!("{}: cannot use write-ahead logging (journal mode {mode})", path.display())));
        }
        migrate_sqlite(&mut conn)?;
        Ok(SqliteBackend { path: path.to_path_buf(), writer: Mutex::new(conn), readers: Mutex::new(Vec::new()) })
    }

    fn reader(&self) -> Result<Connection, StoreError> {
        let pooled = self.readers.lock().map_err(|_| StoreError::Damaged("reader pool poisoned".into()))?.pop();
        match pooled {
            Some(c) => Ok(c),
            None => open_conn(&self.path, false),
        }
    }

    /// Writes a consistent copy of the store to `target` while it stays in use.
    #[allow(dead_code)]
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

fn migrate_sqlite(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")?;
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    for (name, sql) in migrate::SQLITE {
        let done: Option<String> =
            tx.query_row("SELECT name FROM schema_migrations WHERE name = ?1", [name], |r| r.get(0)).optional()?;
        if done.is_none() {
            tx.execute_batch(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (?1, ?2)",
                params![name, chrono::Utc::now().to_rfc3339()],
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}

impl Backend for SqliteBackend {
    fn kind(&self) -> BackendKind {
        BackendKind::Sqlite
    }

    fn read(&self, f: &mut dyn FnMut(&mut dyn ReadTx) -> Result<(), StoreError>) -> Result<(), StoreError> {
        let mut conn = self.reader()?;
        let result = {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Deferred)?;
            let mut t = SqliteTx { tx: &tx };
            let r = f(&mut t);
            drop(t);
            tx.finish()?;
            r
        };
        if let Ok(mut pool) = self.readers.lock() {
            if pool.len() < 8 {
                pool.push(conn);
            }
        }
        result
    }

    fn write(&self, f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<(), StoreError>) -> Result<(), StoreError> {
        let mut conn = self.writer.lock().map_err(|_| StoreError::Damaged("writer poisoned".into()))?;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut t = SqliteTx { tx: &tx };
        f(&mut t)?;
        drop(t);
        tx.commit()?;
        Ok(())
    }

    fn execute_raw(&self, sql: &str) -> Result<(), StoreError> {
        let conn = self.writer.lock().map_err(|_| StoreError::Damaged("writer poisoned".into()))?;
        conn.execute_batch(sql)?;
        Ok(())
    }
}

struct SqliteTx<'a> {
    tx: &'a rusqlite::Transaction<'a>,
}

const WEAPON_COLUMNS: &str = "id, natural_key, category, make, model, calibre, serial, country, year, status, holder_id, location, deficiencies, registered_on, last_event, events_in_force, markings";

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
    let id: String = r.get(0)?;
    let category: String = r.get(2)?;
    let status: String = r.get(9)?;
    let markings: String = r.get(16)?;
    let year: Option<i64> = r.get(8)?;
    Ok(WeaponRow {
        id: parse("weapon id", &id)?,
        natural_key: r.get(1)?,
        description: WeaponDescription {
            category: Category::parse(&category).map_err(|e| damaged("category", &category, e))?,
            make: r.get(3)?,
            model: r.get(4)?,
            calibre: r.get(5)?,
            serial: r.get(6)?,
            country_of_manufacture: opt_parse::<CountryCode>("country", r.get(7)?)?,
            year_of_manufacture: year.map(|y| u16::try_from(y).map_err(|e| damaged("year", &y.to_string(), e))).transpose()?,
            markings: Vec::new(),
        },
        markings: serde_json::from_str(&markings).map_err(|e| damaged("markings", &markings, e))?,
        status: Status::parse(&status).map_err(|e| damaged("status", &status, e))?,
        holder: opt_parse::<HolderId>("holder id", r.get(10)?)?,
        location: r.get(11)?,
        deficiencies: r.get(12)?,
        registered_on: r.get(13)?,
        last_event: r.get(14)?,
        events_in_force: r.get(15)?,
    })
}

fn entry_from_row(r: &Row<'_>) -> Result<(Entry, Option<String>), StoreError> {
    let seq: i64 = r.get(0)?;
    let id: String = r.get(1)?;
    let at: String = r.get(2)?;
    let prev: String = r.get(7)?;
    let hash: String = r.get(8)?;
    Ok((
        Entry {
            seq: u64::try_from(seq).map_err(|e| damaged("ledger seq", &seq.to_string(), e))?,
            id: parse::<EntryId>("entry id", &id)?,
            recorded_at: chrono::DateTime::parse_from_rfc3339(&at)
                .map_err(|e| damaged("recorded_at", &at, e))?
                .with_timezone(&chrono::Utc),
            recorded_by: r.get(3)?,
            kind: r.get(4)?,
            payload: r.get(6)?,
            prev_hash: parse("prev_hash", &prev)?,
            hash: parse("hash", &hash)?,
        },
        r.get(5)?,
    ))
}

const ENTRY_COLUMNS: &str = "seq, id, recorded_at, recorded_by, kind, weapon_id, payload, prev_hash, hash";

fn holder_from_row(r: &Row<'_>) -> Result<Holder, StoreError> {
    let id: String = r.get(0)?;
    let kind: String = r.get(2)?;
    Ok(Holder {
        id: parse("holder id", &id)?,
        code: r.get(1)?,
        kind: HolderKind::parse(&kind).map_err(|e| damaged("holder kind", &kind, e))?,
        name: r.get(3)?,
        parent: opt_parse("holder parent", r.get(4)?)?,
        country: opt_parse("holder country", r.get(5)?)?,
        licence: r.get(6)?,
    })
}

impl ReadTx for SqliteTx<'_> {
    fn head(&mut self) -> Result<(u64, EntryHash), StoreError> {
        let (seq, hash): (i64, String) =
            self.tx.query_row("SELECT seq, hash FROM ledger_head WHERE one = 1", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((u64::try_from(seq).map_err(|e| damaged("head seq", &seq.to_string(), e))?, parse("head hash", &hash)?))
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
            to_be_marked: one("SELECT count(*) FROM weapons WHERE deficiencies <> '' AND status <> 'destroyed'")?,
            by_status: Vec::new(),
        };
        let mut st = self.tx.prepare("SELECT status, count(*) FROM weapons GROUP BY status ORDER BY status")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (s, n) = row?;
            c.by_status.push((s, n.max(0) as u64));
        }
        Ok(c)
    }

    fn holders(&mut self) -> Result<Vec<Holder>, StoreError> {
        let mut st = self.tx.prepare("SELECT id, code, kind, name, parent, country, licence FROM holders ORDER BY code")?;
        let mut rows = st.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(holder_from_row(r)?);
        }
        Ok(out)
    }

    fn histories(&mut self, weapons: &[WeaponId]) -> Result<Vec<Entry>, StoreError> {
        let mut st =
            self.tx.prepare_cached(&format!("SELECT {ENTRY_COLUMNS} FROM ledger WHERE weapon_id = ?1 ORDER BY seq"))?;
        let mut out = Vec::new();
        for w in weapons {
            let mut rows = st.query([w.to_string()])?;
            while let Some(r) = rows.next()? {
                out.push(entry_from_row(r)?.0);
            }
        }
        out.sort_by_key(|e| e.seq);
        Ok(out)
    }

    fn weapons_by_natural_key(&mut self, keys: &[String]) -> Result<HashMap<String, WeaponId>, StoreError> {
        let mut st = self.tx.prepare_cached("SELECT id FROM weapons WHERE natural_key = ?1")?;
        let mut out = HashMap::new();
        for k in keys {
            if let Some(id) = st.query_row([k], |r| r.get::<_, String>(0)).optional()? {
                out.insert(k.clone(), parse("weapon id", &id)?);
            }
        }
        Ok(out)
    }

    fn existing_entries(&mut self, ids: &[EntryId]) -> Result<HashSet<EntryId>, StoreError> {
        let mut st = self.tx.prepare_cached("SELECT 1 FROM ledger WHERE id = ?1")?;
        let mut out = HashSet::new();
        for id in ids {
            if st.exists([id.to_string()])? {
                out.insert(*id);
            }
        }
        Ok(out)
    }

    fn existing_weapons(&mut self, ids: &[WeaponId]) -> Result<HashSet<WeaponId>, StoreError> {
        let mut st = self.tx.prepare_cached("SELECT 1 FROM weapons WHERE id = ?1")?;
        let mut out = HashSet::new();
        for id in ids {
            if st.exists([id.to_string()])? {
                out.insert(*id);
            }
        }
        Ok(out)
    }

    fn weapon(&mut self, id: WeaponId) -> Result<Option<WeaponRow>, StoreError> {
        let mut st = self.tx.prepare_cached(&format!("SELECT {WEAPON_COLUMNS} FROM weapons WHERE id = ?1"))?;
        let mut rows = st.query([id.to_string()])?;
        rows.next()?.map(weapon_from_row).transpose()
    }

    fn weapons_by_serial(&mut self, folded: &str) -> Result<Vec<WeaponRow>, StoreError> {
        let mut st =
            self.tx.prepare_cached(&format!("SELECT {WEAPON_COLUMNS} FROM weapons WHERE serial_folded = ?1 ORDER BY num"))?;
        let mut rows = st.query([folded])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(weapon_from_row(r)?);
        }
        Ok(out)
    }

    fn to_be_marked(&mut self, limit: usize) -> Result<Vec<WeaponRow>, StoreError> {
        let mut st = self.tx.prepare(&format!(
            "SELECT {WEAPON_COLUMNS} FROM weapons WHERE deficiencies <> '' AND status <> 'destroyed' ORDER BY num LIMIT ?1"
        ))?;
        let mut rows = st.query([i64::try_from(limit).unwrap_or(i64::MAX)])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(weapon_from_row(r)?);
        }
        Ok(out)
    }

    fn for_each_entry(&mut self, f: &mut dyn FnMut(Entry) -> Result<(), StoreError>) -> Result<(), StoreError> {
        let mut st = self.tx.prepare(&format!("SELECT {ENTRY_COLUMNS} FROM ledger ORDER BY seq"))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            f(entry_from_row(r)?.0)?;
        }
        Ok(())
    }

    fn for_each_weapon_entry(
        &mut self,
        f: &mut dyn FnMut(WeaponId, Entry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut st = self.tx.prepare(&format!(
            "SELECT {ENTRY_COLUMNS} FROM ledger WHERE weapon_id IS NOT NULL ORDER BY weapon_id, seq"
        ))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let (e, w) = entry_from_row(r)?;
            let w = w.unwrap_or_default();
            f(parse("ledger weapon_id", &w)?, e)?;
        }
        Ok(())
    }

    fn for_each_weapon(&mut self, f: &mut dyn FnMut(WeaponRow) -> Result<(), StoreError>) -> Result<(), StoreError> {
        let mut st = self.tx.prepare(&format!("SELECT {WEAPON_COLUMNS} FROM weapons ORDER BY id"))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            f(weapon_from_row(r)?)?;
        }
        Ok(())
    }
}

impl WriteTx for SqliteTx<'_> {
    fn insert_entries(&mut self, entries: &[(Entry, Option<WeaponId>)]) -> Result<(), StoreError> {
        let mut st = self.tx.prepare_cached(
            "INSERT INTO ledger (seq, id, recorded_at, recorded_by, kind, weapon_id, payload, prev_hash, hash) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (e, w) in entries {
            st.execute(params![
                i64::try_from(e.seq).map_err(|_| StoreError::Conflict("ledger is full".into()))?,
                e.id.to_string(),
                armtrace_domain::ledger::format_recorded_at(&e.recorded_at),
                e.recorded_by,
                e.kind,
                w.map(|w| w.to_string()),
                e.payload,
                e.prev_hash.to_string(),
                e.hash.to_string(),
            ])?;
        }
        Ok(())
    }

    fn upsert_weapons(&mut self, rows: &[WeaponRow]) -> Result<(), StoreError> {
        let mut st = self.tx.prepare_cached(
            "INSERT INTO weapons (id, natural_key, category, make, model, calibre, serial, serial_folded, country, year, \
             status, holder_id, location, deficiencies, registered_on, last_event, events_in_force, markings) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) \
             ON CONFLICT (id) DO UPDATE SET natural_key = excluded.natural_key, category = excluded.category, \
             make = excluded.make, model = excluded.model, calibre = excluded.calibre, serial = excluded.serial, \
             serial_folded = excluded.serial_folded, country = excluded.country, year = excluded.year, \
             status = excluded.status, holder_id = excluded.holder_id, location = excluded.location, \
             deficiencies = excluded.deficiencies, registered_on = excluded.registered_on, \
             last_event = excluded.last_event, events_in_force = excluded.events_in_force, markings = excluded.markings",
        )?;
        for w in rows {
            let d = &w.description;
            st.execute(params![
                w.id.to_string(),
                w.natural_key,
                d.category.name(),
                d.make,
                d.model,
                d.calibre,
                d.serial,
                fold(&d.serial),
                d.country_of_manufacture.map(|c| c.to_string()),
                d.year_of_manufacture,
                w.status.name(),
                w.holder.map(|h| h.to_string()),
                w.location,
                w.deficiencies,
                w.registered_on,
                w.last_event,
                w.events_in_force,
                serde_json::to_string(&w.markings).unwrap_or_default(),
            ])
            .map_err(|e| unique_conflict(e, w))?;
        }
        Ok(())
    }

    fn insert_holders(&mut self, holders: &[(Holder, u64)]) -> Result<(), StoreError> {
        let mut st = self.tx.prepare_cached(
            "INSERT INTO holders (id, code, kind, name, parent, country, licence, entry_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for (h, seq) in holders {
            st.execute(params![
                h.id.to_string(),
                h.code,
                h.kind.name(),
                h.name,
                h.parent.map(|p| p.to_string()),
                h.country.map(|c| c.to_string()),
                h.licence,
                i64::try_from(*seq).unwrap_or(i64::MAX),
            ])?;
        }
        Ok(())
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
        rusqlite::Error::SqliteFailure(f, Some(msg)) if f.code == rusqlite::ErrorCode::ConstraintViolation && msg.contains("natural_key") => {
            StoreError::Conflict(format!(
                "another weapon is already registered as {} serial '{}' made in {}",
                w.description.make,
                w.description.serial,
                w.description.country_of_manufacture.map(|c| c.to_string()).unwrap_or_else(|| "an unknown country".into())
            ))
        }
        _ => StoreError::Sqlite(e),
    }
}
