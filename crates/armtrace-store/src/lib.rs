//! armtrace storage: the ledger and its projections, on SQLite (embedded, the default) or
//! PostgreSQL (production), chosen at run time by the store location.
//!
//! Invariants:
//! - the ledger is only ever appended to, in one transaction with the projections and the
//!   recorded head, so a crash leaves whole batches or nothing;
//! - every projection row (weapons, holders) is what [`armtrace_domain::state::derive`]
//!   makes of the ledger; [`Store::verify`] derives them again and compares;
//! - the same [`Store`] API and the same tests run on both backends.
#![deny(missing_docs)]

mod access;
mod backend;
pub mod exchange;
mod location;
mod markings;
mod migrate;
mod payload;
mod postgres;
mod projection;
pub mod registry;
mod sqlite;
pub mod verify;

pub use backend::{Counts, Overview, WeaponRow};
pub use exchange::{
    Delivery, ExchangeBreak, ExchangeStore, NodeConfigRow, NodeTx, OutboxItem, TraceRecord,
};
pub use location::{Location, LocationError};
pub use registry::{BatchOutcome, BulkLoad, Prepared, Rejection};
pub use verify::{VerifyProblem, VerifyReport};

use armtrace_domain::ledger::{Entry, EntryHash};
use armtrace_domain::{Holder, HolderId, WeaponId};
use backend::Backend;
use std::sync::Arc;

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The location is not a store location.
    #[error(transparent)]
    Location(#[from] LocationError),
    /// SQLite failed.
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL failed.
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] ::postgres::Error),
    /// No PostgreSQL connection could be had.
    #[error("PostgreSQL connection pool: {0}")]
    Pool(#[from] r2d2::Error),
    /// The file is not an armtrace store.
    #[error("{0}")]
    NotAStore(String),
    /// A stored row cannot be read back (the database was changed behind armtrace's back).
    #[error("stored data is damaged: {0}")]
    Damaged(String),
    /// A record conflicts with what is stored.
    #[error("{0}")]
    Conflict(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The failure.
        source: std::io::Error,
    },
}

/// Which database a store lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL database.
    Postgres,
}

/// An open store. Cheap to clone; safe to share between threads.
#[derive(Clone)]
pub struct Store {
    backend: Arc<dyn Backend>,
    location: Location,
    /// Access-log lines waiting to be appended together (group commit).
    access_queue: Arc<access::AccessQueue>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("location", &self.location)
            .finish()
    }
}

impl Store {
    /// Opens the store at `location` (a SQLite file path, `sqlite:PATH`, or a
    /// `postgres://` URL), creating it when `create` is set, and applies pending migrations.
    pub fn open(location: &str, create: bool) -> Result<Store, StoreError> {
        let location = Location::parse(location)?;
        let backend: Arc<dyn Backend> = match &location {
            Location::Sqlite(path) => Arc::new(sqlite::SqliteBackend::open(path, create)?),
            Location::Postgres(url) => Arc::new(postgres::PgBackend::open(url)?),
        };
        Ok(Store {
            backend,
            location,
            access_queue: Arc::default(),
        })
    }

    /// Where the store is (passwords hidden).
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The backend.
    pub fn backend_kind(&self) -> BackendKind {
        self.backend.kind()
    }

    /// The last entry of the ledger: its position and hash. Record it outside the store
    /// (printed, signed, sent to an auditor) to anchor the chain.
    pub fn head(&self) -> Result<(u64, EntryHash), StoreError> {
        let mut out = (0, EntryHash::GENESIS);
        self.backend.read(&mut |tx| {
            out = tx.head()?;
            Ok(())
        })?;
        Ok(out)
    }

    /// Counts of what the store holds.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        let mut out = Counts::default();
        self.backend.read(&mut |tx| {
            out = tx.counts()?;
            Ok(())
        })?;
        Ok(out)
    }

    /// What the dashboard shows besides the counts: events from month `since`
    /// (`YYYY-MM`) on, and the `recent` latest ledger entries.
    pub fn overview(&self, since: &str, recent: usize) -> Result<Overview, StoreError> {
        let mut out = Overview::default();
        self.backend.read(&mut |tx| {
            out = tx.overview(since, recent)?;
            Ok(())
        })?;
        Ok(out)
    }

    /// Every holder.
    pub fn holders(&self) -> Result<Vec<Holder>, StoreError> {
        let mut out = Vec::new();
        self.backend.read(&mut |tx| {
            out = tx.holders()?;
            Ok(())
        })?;
        Ok(out)
    }

    /// The holders with these ids (those that exist), by code: the few a weapon's record
    /// names, without reading every holder.
    pub fn holders_by_id(&self, ids: &[HolderId]) -> Result<Vec<Holder>, StoreError> {
        let mut out = Vec::new();
        self.backend.read(&mut |tx| {
            out = tx.holders_by_id(ids)?;
            Ok(())
        })?;
        Ok(out)
    }

    /// A weapon's projection row.
    pub fn weapon(&self, id: WeaponId) -> Result<Option<WeaponRow>, StoreError> {
        let mut out = None;
        self.backend.read(&mut |tx| {
            out = tx.weapon(id)?;
            Ok(())
        })?;
        Ok(out)
    }

    /// Weapons whose serial reads the same after folding case and separators.
    pub fn weapons_by_serial(&self, serial: &str) -> Result<Vec<WeaponRow>, StoreError> {
        let folded = armtrace_domain::natural_key::fold(serial);
        if folded.is_empty() {
            return Ok(Vec::new());
        }
        let prefix = armtrace_domain::natural_key::serial_prefix(&folded);
        let mut out = Vec::new();
        self.backend.read(&mut |tx| {
            out = tx.weapons_by_key_prefix(&prefix)?;
            Ok(())
        })?;
        Ok(out)
    }

    /// The weapons registered under these natural keys (see
    /// [`armtrace_domain::natural_key`]).
    pub fn weapon_ids_by_natural_key(
        &self,
        keys: &[String],
    ) -> Result<std::collections::HashMap<String, WeaponId>, StoreError> {
        let mut out = std::collections::HashMap::new();
        self.backend.read(&mut |tx| {
            out = tx
                .weapons_by_natural_key(keys)?
                .into_iter()
                .map(|(k, (id, _))| (k, id))
                .collect();
            Ok(())
        })?;
        Ok(out)
    }

    /// A weapon's ledger entries (registration, events, corrections), in ledger order.
    pub fn history(&self, id: WeaponId) -> Result<Vec<Entry>, StoreError> {
        let mut out = Vec::new();
        self.backend.read(&mut |tx| {
            out = tx.histories(&[id])?;
            Ok(())
        })?;
        Ok(out)
    }

    /// Weapons on the "to be marked or destroyed" list (PoA II.8), at most `limit`.
    pub fn to_be_marked(&self, limit: usize) -> Result<Vec<WeaponRow>, StoreError> {
        let mut out = Vec::new();
        self.backend.read(&mut |tx| {
            out = tx.to_be_marked(limit)?;
            Ok(())
        })?;
        Ok(out)
    }

    /// The hash of the ledger entry at position `seq` (1 is the first), if there is one:
    /// with the first entry's hash it identifies a store, with a later one a point in its
    /// history.
    pub fn hash_at(&self, seq: u64) -> Result<Option<EntryHash>, StoreError> {
        let mut out = None;
        self.backend.read(&mut |tx| {
            out = tx.hash_at(seq)?;
            Ok(())
        })?;
        Ok(out)
    }

    /// Weapon rows by the store's weapon numbers (as kept by indexes such as the marking
    /// search), in the order given; numbers with no weapon are skipped.
    pub fn weapons_by_num(&self, nums: &[i64]) -> Result<Vec<WeaponRow>, StoreError> {
        let mut out = Vec::new();
        self.backend.read(&mut |tx| {
            out = tx.weapons_by_num(nums)?;
            Ok(())
        })?;
        let mut by_num: std::collections::HashMap<i64, WeaponRow> =
            out.into_iter().map(|w| (w.num, w)).collect();
        Ok(nums.iter().filter_map(|n| by_num.remove(n)).collect())
    }

    /// Every weapon with a ledger entry after position `seq`, and the head at the same
    /// moment: what an index built up to `seq` must apply to catch up.
    pub fn weapons_changed_since(&self, seq: u64) -> Result<(Vec<WeaponRow>, u64), StoreError> {
        let mut out = (Vec::new(), 0);
        self.backend.read(&mut |tx| {
            out = (tx.weapons_changed_since(seq)?, tx.head()?.0);
            Ok(())
        })?;
        Ok(out)
    }

    /// Streams the ledger in sequence order from one consistent snapshot.
    pub fn for_each_entry(
        &self,
        f: &mut dyn FnMut(Entry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.backend.read(&mut |tx| tx.for_each_entry(f))
    }

    /// Streams every weapon row from one consistent snapshot, in the order stored;
    /// returns the ledger position of that snapshot.
    pub fn for_each_weapon(
        &self,
        f: &mut dyn FnMut(WeaponRow) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let mut head = 0;
        self.backend.read(&mut |tx| {
            head = tx.head()?.0;
            tx.for_each_weapon(f)
        })?;
        Ok(head)
    }

    /// Resolves a holder id to its code (for display and export).
    pub fn holder_codes(&self) -> Result<std::collections::HashMap<HolderId, String>, StoreError> {
        Ok(self
            .holders()?
            .into_iter()
            .map(|h| (h.id, h.code))
            .collect())
    }

    /// Runs a raw SQL statement (tests and repair tools only: it bypasses every rule).
    #[doc(hidden)]
    pub fn execute_raw(&self, sql: &str) -> Result<(), StoreError> {
        self.backend.execute_raw(sql)
    }
}
