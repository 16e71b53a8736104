//! The PostgreSQL backend, for production: a connection pool, repeatable-read snapshots
//! for reads, writers serialised by an advisory lock so the hash chain stays one line,
//! and bulk writes as array inserts (one round trip per table per batch).

use crate::backend::{
    Backend, Counts, Filed, Map, Overview, ReadTx, RowWrite, SqlValue, WeaponRow, WriteTx, damaged,
    sameness,
};
use crate::{BackendKind, StoreError, migrate};
use armtrace_domain::access::AccessEntry;
use armtrace_domain::ledger::{Entry, EntryHash};
use armtrace_domain::vocab::Vocabulary;
use armtrace_domain::{
    Category, CountryCode, EntryId, EventId, Holder, HolderId, HolderKind, Status,
    WeaponDescription, WeaponId,
};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{IsolationLevel, NoTls, Row, Transaction};
use r2d2_postgres::PostgresConnectionManager;
use std::collections::{HashMap, HashSet};
use std::str::FromStr;
use tokio_postgres_rustls::MakeRustlsConnect;
use uuid::Uuid;

/// Advisory lock key serialising writers ("ARMT").
const WRITE_LOCK: i64 = 0x4152_4d54;

pub(crate) struct PgBackend {
    /// Always `Some` but while dropping.
    pool: Option<Pool>,
}

impl Drop for PgBackend {
    /// Closes the connections on a thread of its own: the `postgres` client closes with
    /// a `block_on` of its own, which panics when the last handle of a store happens to
    /// be dropped on an async runtime's thread (the server's, a test's).
    fn drop(&mut self) {
        if let Some(pool) = self.pool.take() {
            let closing = std::thread::Builder::new()
                .name("armtrace-pg-close".into())
                .spawn(move || drop(pool));
            if let Ok(t) = closing {
                let _ = t.join();
            }
        }
    }
}

/// Connections without TLS (`sslmode` disable or prefer: local or trusted networks), or
/// with TLS verified by rustls (`sslmode=require`).
enum Pool {
    Plain(r2d2::Pool<Caching<PostgresConnectionManager<NoTls>>>),
    Tls(r2d2::Pool<Caching<PostgresConnectionManager<MakeRustlsConnect>>>),
}

/// A pooled connection of either kind.
type PooledClient = Box<dyn std::ops::DerefMut<Target = Conn>>;

/// The most statements a connection keeps prepared; past it the cache starts again.
const MAX_PREPARED: usize = 256;

/// A connection and the statements prepared on it by [`ReadTx::sql_rows`] and
/// [`WriteTx::sql_exec`]: a prepared statement belongs to its session and outlives the
/// transaction it was prepared in, so a statement run again (the inbox's few, for every
/// message) is sent as Bind/Execute alone, without Parse and its round trip.
pub(crate) struct Conn {
    client: postgres::Client,
    prepared: HashMap<String, postgres::Statement>,
}

/// A connection manager whose connections carry their prepared statements.
#[derive(Debug)]
struct Caching<M>(M);

impl<M> r2d2::ManageConnection for Caching<M>
where
    M: r2d2::ManageConnection<Connection = postgres::Client>,
{
    type Connection = Conn;
    type Error = M::Error;

    fn connect(&self) -> Result<Conn, M::Error> {
        Ok(Conn {
            client: self.0.connect()?,
            prepared: HashMap::new(),
        })
    }

    fn is_valid(&self, conn: &mut Conn) -> Result<(), M::Error> {
        self.0.is_valid(&mut conn.client)
    }

    fn has_broken(&self, conn: &mut Conn) -> bool {
        self.0.has_broken(&mut conn.client)
    }
}

/// The environment variable naming a PEM file of the certificate authorities a PostgreSQL
/// server's certificate may chain to, in addition to the public web roots.
pub(crate) const CA_ENV: &str = "ARMTRACE_PG_CA";

/// The TLS client configuration: the public roots (webpki-roots), plus the CAs of
/// `ARMTRACE_PG_CA` (a national PKI, or a server's own certificate).
fn tls_connector() -> Result<MakeRustlsConnect, StoreError> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = std::env::var_os(CA_ENV) {
        use rustls_pki_types::pem::PemObject;
        let shown = std::path::Path::new(&path).display().to_string();
        let certs = rustls_pki_types::CertificateDer::pem_file_iter(&path).map_err(|e| {
            StoreError::NotAStore(format!("{CA_ENV}={shown}: cannot read the CA file ({e})"))
        })?;
        for cert in certs {
            let cert = cert.map_err(|e| {
                StoreError::NotAStore(format!("{CA_ENV}={shown}: not a PEM certificate ({e})"))
            })?;
            roots.add(cert).map_err(|e| {
                StoreError::NotAStore(format!("{CA_ENV}={shown}: unusable certificate ({e})"))
            })?;
        }
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| StoreError::NotAStore(format!("TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

impl PgBackend {
    pub(crate) fn open(url: &str) -> Result<Self, StoreError> {
        let config = postgres::Config::from_str(url).map_err(|e| {
            StoreError::NotAStore(format!("the PostgreSQL URL cannot be read ({e}); expected postgres://USER@HOST:PORT/DATABASE"))
        })?;
        fn build<M: r2d2::ManageConnection>(manager: M) -> Result<r2d2::Pool<M>, r2d2::Error> {
            r2d2::Pool::builder()
                .max_size(8)
                .connection_timeout(std::time::Duration::from_secs(10))
                .build(manager)
        }
        let pool = if config.get_ssl_mode() == postgres::config::SslMode::Require {
            let manager = Caching(PostgresConnectionManager::new(config, tls_connector()?));
            Pool::Tls(build(manager).map_err(|e| {
                StoreError::NotAStore(format!(
                    "no TLS connection to the PostgreSQL server ({e}); its certificate must name the host \
                     in the URL and chain to a public root or to a CA in the PEM file named by {CA_ENV}"
                ))
            })?)
        } else {
            Pool::Plain(build(Caching(PostgresConnectionManager::new(
                config, NoTls,
            )))?)
        };
        let backend = PgBackend { pool: Some(pool) };
        backend.migrate()?;
        Ok(backend)
    }

    fn client(&self) -> Result<PooledClient, StoreError> {
        let Some(pool) = &self.pool else {
            return Err(StoreError::Damaged("the store is closing".into()));
        };
        Ok(match pool {
            Pool::Plain(p) => Box::new(p.get()?),
            Pool::Tls(p) => Box::new(p.get()?),
        })
    }

    fn migrate(&self) -> Result<(), StoreError> {
        let mut conn = self.client()?;
        let client = &mut conn.client;
        // Opening an up-to-date store only reads: it must not wait for a long import.
        let has_table: bool = client
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations')",
                &[],
            )?
            .get(0);
        if has_table {
            let applied: Vec<String> = client
                .query("SELECT name FROM schema_migrations", &[])?
                .iter()
                .map(|r| r.get(0))
                .collect();
            if migrate::POSTGRES
                .iter()
                .all(|(name, _)| applied.iter().any(|a| a == name))
            {
                return Ok(());
            }
        }
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
        let has_migrations: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations')",
                &[],
            )?
            .get(0);
        if !has_migrations {
            let others: i64 = tx
                .query_one("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()", &[])?
                .get(0);
            if others > 0 {
                return Err(StoreError::NotAStore(
                    "this PostgreSQL schema already holds tables that are not an armtrace store; nothing was changed in it (give armtrace its own database or schema)".into(),
                ));
            }
            tx.batch_execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")?;
        }
        for (name, sql) in migrate::POSTGRES {
            let done = tx
                .query_opt("SELECT 1 FROM schema_migrations WHERE name = $1", &[name])?
                .is_some();
            if !done {
                tx.batch_execute(sql)?;
                tx.execute("INSERT INTO schema_migrations (name) VALUES ($1)", &[name])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

impl Backend for PgBackend {
    fn kind(&self) -> BackendKind {
        BackendKind::Postgres
    }

    fn read(
        &self,
        f: &mut dyn FnMut(&mut dyn ReadTx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut conn = self.client()?;
        let Conn { client, prepared } = &mut **conn;
        let tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let mut t = PgTx { tx, prepared };
        f(&mut t)?;
        t.tx.commit()?;
        Ok(())
    }

    fn write(
        &self,
        f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut conn = self.client()?;
        let Conn { client, prepared } = &mut **conn;
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
        let mut t = PgTx { tx, prepared };
        f(&mut t)?;
        t.tx.commit()?;
        Ok(())
    }

    fn execute_raw(&self, sql: &str) -> Result<(), StoreError> {
        let mut conn = self.client()?;
        conn.client.batch_execute(sql)?;
        Ok(())
    }
}

struct PgTx<'a> {
    tx: Transaction<'a>,
    /// The connection's prepared statements, by SQL text.
    prepared: &'a mut HashMap<String, postgres::Statement>,
}

impl PgTx<'_> {
    /// `sql` prepared on this connection: from the cache, or prepared now and kept.
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement, StoreError> {
        if let Some(s) = self.prepared.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(sql)?;
        if self.prepared.len() >= MAX_PREPARED {
            self.prepared.clear();
        }
        self.prepared.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

const WEAPON_COLUMNS: &str = "num, id, natural_key, category, make, model, calibre, serial, country, year, status, holder_id, location, deficiencies, registered_on, last_event, events_in_force, markings";
const ENTRY_COLUMNS: &str = "l.seq, l.id, l.recorded_at, l.recorded_by, l.kind, l.weapon_num, l.payload, l.prev_hash, l.hash";

fn parse<T: FromStr>(what: &str, v: &str) -> Result<T, StoreError>
where
    T::Err: std::fmt::Display,
{
    v.parse::<T>().map_err(|e| damaged(what, v, e))
}

fn weapon_from_row(r: &Row) -> Result<WeaponRow, StoreError> {
    let category: String = r.try_get(3)?;
    let status: String = r.try_get(10)?;
    let markings: String = r.try_get(17)?;
    let year: Option<i32> = r.try_get(9)?;
    let country: Option<String> = r.try_get(8)?;
    let events: i32 = r.try_get(16)?;
    let description = WeaponDescription {
        category: Category::parse(&category).map_err(|e| damaged("category", &category, e))?,
        make: r.try_get(4)?,
        model: r.try_get(5)?,
        calibre: r.try_get(6)?,
        serial: r.try_get(7)?,
        country_of_manufacture: country
            .map(|c| parse::<CountryCode>("country", &c))
            .transpose()?,
        year_of_manufacture: year
            .map(|y| u16::try_from(y).map_err(|e| damaged("year", &y.to_string(), e)))
            .transpose()?,
        markings: Vec::new(),
    };
    let markings = crate::markings::read(&description, &markings)?;
    Ok(WeaponRow {
        num: r.try_get(0)?,
        id: WeaponId(r.try_get::<_, Uuid>(1)?),
        natural_key: r.try_get(2)?,
        description,
        markings,
        status: Status::parse(&status).map_err(|e| damaged("status", &status, e))?,
        holder: r.try_get::<_, Option<Uuid>>(11)?.map(HolderId),
        location: r.try_get(12)?,
        deficiencies: r.try_get(13)?,
        registered_on: r.try_get(14)?,
        last_event: r.try_get(15)?,
        events_in_force: u32::try_from(events)
            .map_err(|e| damaged("events_in_force", &events.to_string(), e))?,
    })
}

fn entry_from_row(r: &Row) -> Result<Entry, StoreError> {
    let seq: i64 = r.try_get(0)?;
    let at: String = r.try_get(2)?;
    let prev: String = r.try_get(7)?;
    let hash: String = r.try_get(8)?;
    Ok(Entry {
        seq: u64::try_from(seq).map_err(|e| damaged("ledger seq", &seq.to_string(), e))?,
        id: EntryId(r.try_get::<_, Uuid>(1)?),
        recorded_at: chrono::DateTime::parse_from_rfc3339(&at)
            .map_err(|e| damaged("recorded_at", &at, e))?
            .with_timezone(&chrono::Utc),
        recorded_by: r.try_get(3)?,
        kind: r.try_get(4)?,
        payload: r.try_get(6)?,
        prev_hash: parse("prev_hash", &prev)?,
        hash: parse("hash", &hash)?,
    })
}

fn holder_from_row(r: &Row) -> Result<Holder, StoreError> {
    let kind: String = r.try_get(2)?;
    let country: Option<String> = r.try_get(5)?;
    Ok(Holder {
        id: HolderId(r.try_get::<_, Uuid>(0)?),
        code: r.try_get(1)?,
        kind: HolderKind::parse(&kind).map_err(|e| damaged("holder kind", &kind, e))?,
        name: r.try_get(3)?,
        parent: r.try_get::<_, Option<Uuid>>(4)?.map(HolderId),
        country: country.map(|c| parse("holder country", &c)).transpose()?,
        licence: r.try_get(6)?,
    })
}

impl PgTx<'_> {
    fn stream(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
        f: &mut dyn FnMut(&Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut rows = self.tx.query_raw(sql, params.iter().copied())?;
        while let Some(r) = rows.next()? {
            f(&r)?;
        }
        Ok(())
    }

    fn weapons_where(
        &mut self,
        clause: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<WeaponRow>, StoreError> {
        let rows = self.tx.query(
            &format!("SELECT {WEAPON_COLUMNS} FROM weapons {clause}"),
            params,
        )?;
        rows.iter().map(weapon_from_row).collect()
    }
}

fn pg_params(params: &[SqlValue]) -> Vec<Box<dyn ::postgres::types::ToSql + Sync>> {
    params
        .iter()
        .map(|p| -> Box<dyn ::postgres::types::ToSql + Sync> {
            match p {
                SqlValue::Null => Box::new(None::<String>),
                SqlValue::Int(i) => Box::new(*i),
                SqlValue::Text(t) => Box::new(t.clone()),
            }
        })
        .collect()
}

impl ReadTx for PgTx<'_> {
    fn sql_rows(
        &mut self,
        sql: &str,
        params: &[SqlValue],
    ) -> Result<Vec<Vec<SqlValue>>, StoreError> {
        use ::postgres::types::Type;
        let boxed = pg_params(params);
        let refs: Vec<&(dyn ::postgres::types::ToSql + Sync)> =
            boxed.iter().map(|b| b.as_ref()).collect();
        let stmt = self.statement(sql)?;
        let rows = self.tx.query(&stmt, &refs)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut row = Vec::with_capacity(r.len());
            for (i, c) in r.columns().iter().enumerate() {
                let v = match *c.type_() {
                    Type::INT8 => r.try_get::<_, Option<i64>>(i)?.map(SqlValue::Int),
                    Type::INT4 => r
                        .try_get::<_, Option<i32>>(i)?
                        .map(|v| SqlValue::Int(i64::from(v))),
                    Type::INT2 => r
                        .try_get::<_, Option<i16>>(i)?
                        .map(|v| SqlValue::Int(i64::from(v))),
                    Type::BOOL => r
                        .try_get::<_, Option<bool>>(i)?
                        .map(|v| SqlValue::Int(i64::from(v))),
                    _ => r.try_get::<_, Option<String>>(i)?.map(SqlValue::Text),
                };
                row.push(v.unwrap_or(SqlValue::Null));
            }
            out.push(row);
        }
        Ok(out)
    }

    fn head(&mut self) -> Result<(u64, EntryHash), StoreError> {
        let r = self
            .tx
            .query_one("SELECT seq, hash FROM ledger_head WHERE one = 1", &[])?;
        let seq: i64 = r.try_get(0)?;
        let hash: String = r.try_get(1)?;
        Ok((
            u64::try_from(seq).map_err(|e| damaged("head seq", &seq.to_string(), e))?,
            parse("head hash", &hash)?,
        ))
    }

    fn counts(&mut self) -> Result<Counts, StoreError> {
        let mut one = |sql: &str| -> Result<u64, StoreError> {
            let n: i64 = self.tx.query_one(sql, &[])?.try_get(0)?;
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
        for r in self.tx.query(
            "SELECT status, count(*) FROM weapons GROUP BY status ORDER BY status",
            &[],
        )? {
            let n: i64 = r.try_get(1)?;
            c.by_status.push((r.try_get(0)?, n.max(0) as u64));
        }
        Ok(c)
    }

    fn overview(&mut self, since: &str, recent: usize) -> Result<Overview, StoreError> {
        let mut o = Overview::default();
        for r in self.tx.query(
            "SELECT category, count(*) FROM weapons GROUP BY category ORDER BY 2 DESC, 1",
            &[],
        )? {
            let n: i64 = r.try_get(1)?;
            o.by_category.push((r.try_get(0)?, n.max(0) as u64));
        }
        for r in self.tx.query(
            "SELECT holder_id, count(*) FROM weapons GROUP BY holder_id ORDER BY 2 DESC",
            &[],
        )? {
            let n: i64 = r.try_get(1)?;
            let h: Option<Uuid> = r.try_get(0)?;
            o.by_holder.push((h.map(HolderId), n.max(0) as u64));
        }
        for r in self.tx.query(
            "SELECT m, count(*) FROM (SELECT substr(payload::json->>'occurred', 1, 7) AS m
             FROM ledger WHERE kind = 'weapon_event') e WHERE m >= $1 GROUP BY m ORDER BY m",
            &[&since],
        )? {
            let n: i64 = r.try_get(1)?;
            o.events_by_month.push((r.try_get(0)?, n.max(0) as u64));
        }
        let limit = recent as i64;
        for r in self.tx.query(
            &format!("SELECT {ENTRY_COLUMNS} FROM ledger l ORDER BY l.seq DESC LIMIT $1"),
            &[&limit],
        )? {
            o.recent.push(entry_from_row(&r)?);
        }
        Ok(o)
    }

    fn holders(&mut self) -> Result<Vec<Holder>, StoreError> {
        let rows = self.tx.query(
            "SELECT id, code, kind, name, parent, country, licence FROM holders ORDER BY code",
            &[],
        )?;
        rows.iter().map(holder_from_row).collect()
    }

    fn holders_by_id(&mut self, ids: &[HolderId]) -> Result<Vec<Holder>, StoreError> {
        let ids: Vec<Uuid> = ids.iter().map(|h| h.0).collect();
        let rows = self.tx.query(
            "SELECT id, code, kind, name, parent, country, licence FROM holders WHERE id = ANY($1) ORDER BY code",
            &[&ids],
        )?;
        rows.iter().map(holder_from_row).collect()
    }

    fn histories(&mut self, weapons: &[WeaponId]) -> Result<Vec<Entry>, StoreError> {
        let ids: Vec<Uuid> = weapons.iter().map(|w| w.0).collect();
        let rows = self
            .tx
            .query(
                &format!(
                    "SELECT {ENTRY_COLUMNS} FROM ledger l JOIN weapons w ON w.num = l.weapon_num WHERE w.id = ANY($1) ORDER BY l.seq"
                ),
                &[&ids],
            )?;
        rows.iter().map(entry_from_row).collect()
    }

    fn weapons_by_natural_key(
        &mut self,
        keys: &[String],
    ) -> Result<HashMap<String, (WeaponId, String)>, StoreError> {
        let rows = self.tx.query(
            "SELECT natural_key, id, category, model, calibre FROM weapons WHERE natural_key = ANY($1)",
            &[&keys],
        )?;
        rows.iter()
            .map(|r| {
                let (category, model, calibre): (String, String, String) =
                    (r.try_get(2)?, r.try_get(3)?, r.try_get(4)?);
                Ok((
                    r.try_get(0)?,
                    (
                        WeaponId(r.try_get(1)?),
                        sameness(&category, &model, &calibre),
                    ),
                ))
            })
            .collect()
    }

    fn existing_events(&mut self, ids: &[EventId]) -> Result<HashSet<EventId>, StoreError> {
        let ids: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
        let rows = self.tx.query(
            "SELECT id FROM ledger WHERE id = ANY($1) AND kind = 'weapon_event'",
            &[&ids],
        )?;
        rows.iter().map(|r| Ok(EventId(r.try_get(0)?))).collect()
    }

    fn existing_weapons(&mut self, ids: &[WeaponId]) -> Result<HashSet<WeaponId>, StoreError> {
        let ids: Vec<Uuid> = ids.iter().map(|i| i.0).collect();
        let rows = self
            .tx
            .query("SELECT id FROM weapons WHERE id = ANY($1)", &[&ids])?;
        rows.iter().map(|r| Ok(WeaponId(r.try_get(0)?))).collect()
    }

    fn weapon(&mut self, id: WeaponId) -> Result<Option<WeaponRow>, StoreError> {
        Ok(self.weapons_where("WHERE id = $1", &[&id.0])?.pop())
    }

    fn weapons_by_key_prefix(&mut self, prefix: &str) -> Result<Vec<WeaponRow>, StoreError> {
        let end = crate::sqlite::key_prefix_end(prefix);
        self.weapons_where(
            "WHERE natural_key >= $1 AND natural_key < $2 ORDER BY num",
            &[&prefix, &end],
        )
    }

    fn to_be_marked(&mut self, limit: usize) -> Result<Vec<WeaponRow>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.weapons_where(
            "WHERE deficiencies <> '' AND status <> 'destroyed' ORDER BY num LIMIT $1",
            &[&limit],
        )
    }

    fn hash_at(&mut self, seq: u64) -> Result<Option<EntryHash>, StoreError> {
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        let row = self
            .tx
            .query_opt("SELECT hash FROM ledger WHERE seq = $1", &[&seq])?;
        row.map(|r| {
            let h: String = r.try_get(0)?;
            parse("hash", &h)
        })
        .transpose()
    }

    fn weapons_by_num(&mut self, nums: &[i64]) -> Result<Vec<WeaponRow>, StoreError> {
        self.weapons_where("WHERE num = ANY($1)", &[&nums])
    }

    fn weapons_changed_since(&mut self, seq: u64) -> Result<Vec<WeaponRow>, StoreError> {
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        self.weapons_where(
            "WHERE num IN (SELECT DISTINCT weapon_num FROM ledger WHERE seq > $1 AND weapon_num IS NOT NULL) ORDER BY num",
            &[&seq],
        )
    }

    fn for_each_entry(
        &mut self,
        f: &mut dyn FnMut(Entry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.stream(
            &format!("SELECT {ENTRY_COLUMNS} FROM ledger l ORDER BY l.seq"),
            &[],
            &mut |r| f(entry_from_row(r)?),
        )
    }

    fn for_each_weapon_entry(
        &mut self,
        nums: std::ops::Range<i64>,
        f: &mut dyn FnMut(i64, Option<WeaponId>, Entry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.stream(
            &format!(
                "SELECT {ENTRY_COLUMNS}, w.id FROM ledger l LEFT JOIN weapons w ON w.num = l.weapon_num \
                 WHERE l.weapon_num >= $1 AND l.weapon_num < $2 ORDER BY l.weapon_num, l.seq"
            ),
            &[&nums.start, &nums.end],
            &mut |r| {
                let num: i64 = r.try_get(5)?;
                let id: Option<Uuid> = r.try_get(9)?;
                f(num, id.map(WeaponId), entry_from_row(r)?)
            },
        )
    }

    fn for_each_weapon_in(
        &mut self,
        nums: std::ops::Range<i64>,
        f: &mut dyn FnMut(WeaponRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.stream(
            &format!(
                "SELECT {WEAPON_COLUMNS} FROM weapons WHERE num >= $1 AND num < $2 ORDER BY num"
            ),
            &[&nums.start, &nums.end],
            &mut |r| f(weapon_from_row(r)?),
        )
    }

    fn access_head(&mut self) -> Result<(u64, EntryHash), StoreError> {
        let r = self
            .tx
            .query_one("SELECT seq, hash FROM access_head WHERE one = 1", &[])?;
        let seq: i64 = r.try_get(0)?;
        let hash: String = r.try_get(1)?;
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
        let from = i64::try_from(from).unwrap_or(i64::MAX);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.stream(
            "SELECT seq, at, account, action, subject, origin, prev_hash, hash, outcome FROM access_log \
             WHERE seq >= $1 ORDER BY seq LIMIT $2",
            &[&from, &limit],
            &mut |r| {
                let seq: i64 = r.try_get(0)?;
                let at: String = r.try_get(1)?;
                let prev: String = r.try_get(6)?;
                let hash: String = r.try_get(7)?;
                f(AccessEntry {
                    seq: u64::try_from(seq)
                        .map_err(|e| damaged("access seq", &seq.to_string(), e))?,
                    at: chrono::DateTime::parse_from_rfc3339(&at)
                        .map_err(|e| damaged("access time", &at, e))?
                        .with_timezone(&chrono::Utc),
                    account: r.try_get(2)?,
                    action: r.try_get(3)?,
                    subject: r.try_get(4)?,
                    origin: r.try_get(5)?,
                    outcome: r.try_get(8)?,
                    prev_hash: parse("access prev_hash", &prev)?,
                    hash: parse("access hash", &hash)?,
                })
            },
        )
    }

    fn max_weapon_num(&mut self) -> Result<i64, StoreError> {
        Ok(self
            .tx
            .query_one(
                "SELECT greatest(coalesce((SELECT max(num) FROM weapons), 0), \
                                 coalesce((SELECT max(weapon_num) FROM ledger), 0))",
                &[],
            )?
            .try_get(0)?)
    }
}

impl WriteTx for PgTx<'_> {
    fn sql_exec(&mut self, sql: &str, params: &[SqlValue]) -> Result<u64, StoreError> {
        let boxed = pg_params(params);
        let refs: Vec<&(dyn ::postgres::types::ToSql + Sync)> =
            boxed.iter().map(|b| b.as_ref()).collect();
        let stmt = self.statement(sql)?;
        Ok(self.tx.execute(&stmt, &refs)?)
    }

    fn insert_entries(&mut self, entries: &[Filed<'_>]) -> Result<(), StoreError> {
        let mut seq = Vec::with_capacity(entries.len());
        let mut id = Vec::with_capacity(entries.len());
        let mut at = Vec::with_capacity(entries.len());
        let mut by = Vec::with_capacity(entries.len());
        let mut kind = Vec::with_capacity(entries.len());
        let mut weapon: Vec<Option<i64>> = Vec::with_capacity(entries.len());
        let mut payload = Vec::with_capacity(entries.len());
        let mut prev = Vec::with_capacity(entries.len());
        let mut hash = Vec::with_capacity(entries.len());
        for e in entries {
            seq.push(
                i64::try_from(e.seq).map_err(|_| StoreError::Conflict("ledger is full".into()))?,
            );
            id.push(e.id.0);
            at.push(e.recorded_at);
            by.push(e.recorded_by);
            kind.push(e.kind);
            weapon.push(e.weapon_num);
            payload.push(e.payload);
            prev.push(e.prev_hash.to_string());
            hash.push(e.hash.to_string());
        }
        self.tx.execute(
            "INSERT INTO ledger (seq, id, recorded_at, recorded_by, kind, weapon_num, payload, prev_hash, hash) \
             SELECT * FROM UNNEST($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[])",
            &[&seq, &id, &at, &by, &kind, &weapon, &payload, &prev, &hash],
        )?;
        Ok(())
    }

    fn upsert_weapons(&mut self, rows: &[RowWrite<'_>]) -> Result<Map<WeaponId, i64>, StoreError> {
        if rows.is_empty() {
            return Ok(Map::default());
        }
        let n = rows.len();
        let mut id = Vec::with_capacity(n);
        let mut key: Vec<Option<&str>> = Vec::with_capacity(n);
        let mut category = Vec::with_capacity(n);
        let mut make = Vec::with_capacity(n);
        let mut model = Vec::with_capacity(n);
        let mut calibre = Vec::with_capacity(n);
        let mut serial = Vec::with_capacity(n);
        let mut country: Vec<Option<String>> = Vec::with_capacity(n);
        let mut year: Vec<Option<i32>> = Vec::with_capacity(n);
        let mut status = Vec::with_capacity(n);
        let mut holder: Vec<Option<Uuid>> = Vec::with_capacity(n);
        let mut location: Vec<Option<&str>> = Vec::with_capacity(n);
        let mut deficiencies = Vec::with_capacity(n);
        let mut registered = Vec::with_capacity(n);
        let mut last: Vec<Option<&str>> = Vec::with_capacity(n);
        let mut events = Vec::with_capacity(n);
        let mut markings = Vec::with_capacity(n);
        for r in rows {
            let w = &*r.row;
            let d = &w.description;
            id.push(w.id.0);
            key.push(w.natural_key.as_deref());
            category.push(d.category.name());
            make.push(d.make.as_str());
            model.push(d.model.as_str());
            calibre.push(d.calibre.as_str());
            serial.push(d.serial.as_str());
            country.push(d.country_of_manufacture.map(|c| c.to_string()));
            year.push(d.year_of_manufacture.map(i32::from));
            status.push(w.status.name());
            holder.push(w.holder.map(|h| h.0));
            location.push(w.location.as_deref());
            deficiencies.push(w.deficiencies.as_str());
            registered.push(w.registered_on.as_str());
            last.push(w.last_event.as_deref());
            events.push(i32::try_from(w.events_in_force).unwrap_or(i32::MAX));
            markings.push(r.markings_json());
        }
        let returned = self
            .tx
            .query(
                "INSERT INTO weapons (id, natural_key, category, make, model, calibre, serial, country, year, \
                 status, holder_id, location, deficiencies, registered_on, last_event, events_in_force, markings) \
                 SELECT * FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], \
                 $8::text[], $9::int[], $10::text[], $11::uuid[], $12::text[], $13::text[], $14::text[], \
                 $15::text[], $16::int[], $17::text[]) \
                 ON CONFLICT (id) DO UPDATE SET natural_key = excluded.natural_key, category = excluded.category, \
                 make = excluded.make, model = excluded.model, calibre = excluded.calibre, serial = excluded.serial, \
                 country = excluded.country, year = excluded.year, \
                 status = excluded.status, holder_id = excluded.holder_id, location = excluded.location, \
                 deficiencies = excluded.deficiencies, registered_on = excluded.registered_on, \
                 last_event = excluded.last_event, events_in_force = excluded.events_in_force, markings = excluded.markings \
                 RETURNING id, num",
                &[
                    &id, &key, &category, &make, &model, &calibre, &serial, &country, &year, &status, &holder,
                    &location, &deficiencies, &registered, &last, &events, &markings,
                ],
            )
            .map_err(|e| {
                if e.as_db_error().is_some_and(|d| d.constraint() == Some("weapons_natural_key_key")) {
                    StoreError::Conflict("another weapon is already registered with the same make, serial and country of manufacture".into())
                } else {
                    StoreError::Postgres(e)
                }
            })?;
        returned
            .iter()
            .map(|r| Ok((WeaponId(r.try_get(0)?), r.try_get(1)?)))
            .collect()
    }

    fn insert_holders(&mut self, holders: &[(Holder, u64)]) -> Result<(), StoreError> {
        for (h, seq) in holders {
            self.tx.execute(
                "INSERT INTO holders (id, code, kind, name, parent, country, licence, entry_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    &h.id.0,
                    &h.code,
                    &h.kind.name(),
                    &h.name,
                    &h.parent.map(|p| p.0),
                    &h.country.map(|c| c.to_string()),
                    &h.licence,
                    &i64::try_from(*seq).unwrap_or(i64::MAX),
                ],
            )?;
        }
        Ok(())
    }

    fn insert_access(&mut self, e: &AccessEntry) -> Result<(), StoreError> {
        let seq = i64::try_from(e.seq).unwrap_or(i64::MAX);
        self.tx.execute(
            "INSERT INTO access_log (seq, at, account, action, subject, origin, prev_hash, hash, outcome) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &seq,
                &armtrace_domain::ledger::format_recorded_at(&e.at),
                &e.account,
                &e.action,
                &e.subject,
                &e.origin,
                &e.prev_hash.to_string(),
                &e.hash.to_string(),
                &e.outcome,
            ],
        )?;
        self.tx.execute(
            "UPDATE access_head SET seq = $1, hash = $2 WHERE one = 1",
            &[&seq, &e.hash.to_string()],
        )?;
        Ok(())
    }

    fn set_head(&mut self, seq: u64, hash: EntryHash) -> Result<(), StoreError> {
        self.tx.execute(
            "UPDATE ledger_head SET seq = $1, hash = $2 WHERE one = 1",
            &[&i64::try_from(seq).unwrap_or(i64::MAX), &hash.to_string()],
        )?;
        Ok(())
    }
}
