//! What each database backend provides: consistent read snapshots and atomic write
//! transactions over the ledger and its projections. The registry rules are written once,
//! above this, in [`crate::registry`].

use crate::{BackendKind, StoreError};
use armtrace_domain::access::AccessEntry;
use armtrace_domain::ledger::{Entry, EntryHash};
use armtrace_domain::{
    EntryId, EventId, Holder, HolderId, Marking, Status, WeaponDescription, WeaponId,
};
use std::collections::{HashMap, HashSet};

/// A hash map for a batch's working state (ids, keys and positions of its records), with
/// foldhash seeded at random per map: several times faster than SipHash on the writer's
/// path, and never what decides whether a record is stored (keys are compared in full).
pub(crate) type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The set of [`Map`].
pub(crate) type Set<K> = HashSet<K, foldhash::fast::RandomState>;

/// A weapon's projection row: its registration and current state, as stored for listing
/// and lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeaponRow {
    /// The store's own number for the weapon (0 before it is stored); not part of the
    /// record, and may differ between two stores holding the same records.
    pub num: i64,
    /// The weapon.
    pub id: WeaponId,
    /// The natural key (make + serial + country, folded), if it has a serial.
    pub natural_key: Option<String>,
    /// The description, corrections applied.
    pub description: WeaponDescription,
    /// Every marking now on it.
    pub markings: Vec<Marking>,
    /// Status.
    pub status: Status,
    /// Holder answerable for it.
    pub holder: Option<HolderId>,
    /// Last known location.
    pub location: Option<String>,
    /// Marking deficiencies, comma-separated machine names (empty when adequately marked).
    pub deficiencies: String,
    /// Day it entered the registry (YYYY-MM-DD).
    pub registered_on: String,
    /// When its last event happened (RFC 3339).
    pub last_event: Option<String>,
    /// Events in force.
    pub events_in_force: u32,
}

impl WeaponRow {
    /// Whether it is on the "to be marked or destroyed" list (PoA II.8).
    pub fn to_be_marked_or_destroyed(&self) -> bool {
        !self.deficiencies.is_empty() && self.status != Status::Destroyed
    }
}

/// How much a store holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Ledger entries.
    pub entries: u64,
    /// Weapons.
    pub weapons: u64,
    /// Holders.
    pub holders: u64,
    /// Weapons to be marked or destroyed.
    pub to_be_marked: u64,
    /// Weapons by status.
    pub by_status: Vec<(String, u64)>,
}

/// What the dashboard shows besides [`Counts`]: weapons by category and by holder,
/// events by the month they happened, and the latest entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overview {
    /// Weapons by category (machine name), most first.
    pub by_category: Vec<(String, u64)>,
    /// Weapons by the holder answerable for them (`None`: no holder), most first.
    pub by_holder: Vec<(Option<HolderId>, u64)>,
    /// Events (not registrations) by the month they happened (`YYYY-MM`), for the months
    /// from `since` on, in month order.
    pub events_by_month: Vec<(String, u64)>,
    /// The latest ledger entries, newest first.
    pub recent: Vec<Entry>,
}

/// A value passed to or read from the portable SQL of [`crate::exchange`]: every column
/// there is `TEXT` or a 64-bit integer, so the same statements run on both backends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SqlValue {
    /// NULL (read only: parameters are never NULL, PostgreSQL could not type them).
    Null,
    /// An integer.
    Int(i64),
    /// A text.
    Text(String),
}

impl SqlValue {
    /// The integer, or a damage report naming `what`.
    pub(crate) fn int(&self, what: &str) -> Result<i64, StoreError> {
        match self {
            SqlValue::Int(i) => Ok(*i),
            other => Err(damaged(what, &format!("{other:?}"), "not an integer")),
        }
    }

    /// The text, or a damage report naming `what`.
    pub(crate) fn text(&self, what: &str) -> Result<String, StoreError> {
        match self {
            SqlValue::Text(t) => Ok(t.clone()),
            other => Err(damaged(what, &format!("{other:?}"), "not a text")),
        }
    }
}

impl From<&str> for SqlValue {
    fn from(v: &str) -> Self {
        SqlValue::Text(v.to_string())
    }
}

impl From<String> for SqlValue {
    fn from(v: String) -> Self {
        SqlValue::Text(v)
    }
}

impl From<i64> for SqlValue {
    fn from(v: i64) -> Self {
        SqlValue::Int(v)
    }
}

/// Reads from one consistent snapshot.
pub(crate) trait ReadTx {
    /// Runs a portable query (parameters `$1`, `$2`… in order of first use) and returns
    /// its rows.
    fn sql_rows(
        &mut self,
        sql: &str,
        params: &[SqlValue],
    ) -> Result<Vec<Vec<SqlValue>>, StoreError>;
    /// The [`Overview`]: events from month `since` (`YYYY-MM`), `recent` latest entries.
    fn overview(&mut self, since: &str, recent: usize) -> Result<Overview, StoreError>;
    fn head(&mut self) -> Result<(u64, EntryHash), StoreError>;
    fn counts(&mut self) -> Result<Counts, StoreError>;
    fn holders(&mut self) -> Result<Vec<Holder>, StoreError>;
    /// The holders with these ids (those that exist), in code order.
    fn holders_by_id(&mut self, ids: &[HolderId]) -> Result<Vec<Holder>, StoreError>;
    /// Ledger entries of these weapons, in sequence order.
    fn histories(&mut self, weapons: &[WeaponId]) -> Result<Vec<Entry>, StoreError>;
    /// Which of these natural keys are taken: by which weapon, and that weapon's
    /// [`sameness`] (category, model, calibre).
    fn weapons_by_natural_key(
        &mut self,
        keys: &[String],
    ) -> Result<HashMap<String, (WeaponId, String)>, StoreError>;
    /// Which of these event ids are in the ledger.
    fn existing_events(&mut self, ids: &[EventId]) -> Result<HashSet<EventId>, StoreError>;
    /// Which of these weapons are registered.
    fn existing_weapons(&mut self, ids: &[WeaponId]) -> Result<HashSet<WeaponId>, StoreError>;
    fn weapon(&mut self, id: WeaponId) -> Result<Option<WeaponRow>, StoreError>;
    /// Weapons whose natural key starts with this prefix (see
    /// [`armtrace_domain::natural_key::serial_prefix`]).
    fn weapons_by_key_prefix(&mut self, prefix: &str) -> Result<Vec<WeaponRow>, StoreError>;
    fn to_be_marked(&mut self, limit: usize) -> Result<Vec<WeaponRow>, StoreError>;
    /// The hash of the entry at position `seq`, if there is one.
    fn hash_at(&mut self, seq: u64) -> Result<Option<EntryHash>, StoreError>;
    /// Weapon rows by the store's weapon numbers.
    fn weapons_by_num(&mut self, nums: &[i64]) -> Result<Vec<WeaponRow>, StoreError>;
    /// Weapon rows of every weapon with a ledger entry after position `seq`.
    fn weapons_changed_since(&mut self, seq: u64) -> Result<Vec<WeaponRow>, StoreError>;
    /// Every entry in sequence order.
    fn for_each_entry(
        &mut self,
        f: &mut dyn FnMut(Entry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// Every entry filed under a weapon number in `nums`, ordered by that number, then
    /// sequence; with the id of the weapon row of that number, if there is one.
    fn for_each_weapon_entry(
        &mut self,
        nums: std::ops::Range<i64>,
        f: &mut dyn FnMut(i64, Option<WeaponId>, Entry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// Every weapon row, in weapon number order.
    fn for_each_weapon(
        &mut self,
        f: &mut dyn FnMut(WeaponRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.for_each_weapon_in(i64::MIN..i64::MAX, f)
    }
    /// The weapon rows with numbers in `nums`, in number order.
    fn for_each_weapon_in(
        &mut self,
        nums: std::ops::Range<i64>,
        f: &mut dyn FnMut(WeaponRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// The highest weapon number in the weapons table or the ledger (0 when none).
    fn max_weapon_num(&mut self) -> Result<i64, StoreError>;
    /// The highest number in the weapons table (0 when it is empty).
    fn last_weapon_num(&mut self) -> Result<i64, StoreError> {
        let rows = self.sql_rows("SELECT coalesce(max(num), 0) FROM weapons", &[])?;
        rows.first()
            .and_then(|r| r.first())
            .map_or(Ok(0), |v| v.int("max(num)"))
    }
    /// The last access-log entry recorded: position and hash.
    fn access_head(&mut self) -> Result<(u64, EntryHash), StoreError>;
    /// At most `limit` access-log entries from position `from` on, in order.
    fn for_each_access(
        &mut self,
        from: u64,
        limit: u64,
        f: &mut dyn FnMut(AccessEntry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
}

/// A sealed entry on its way into the ledger (the fields of an [`Entry`], borrowed), with
/// the number of the weapon it is filed under.
pub(crate) struct Filed<'a> {
    pub seq: u64,
    pub id: EntryId,
    /// The time of recording as hashed ([`armtrace_domain::ledger::format_recorded_at`]).
    pub recorded_at: &'a str,
    pub recorded_by: &'a str,
    pub kind: &'a str,
    pub payload: &'a str,
    /// The weapon the entry is about, and its number once its row is written.
    pub weapon: Option<WeaponId>,
    pub weapon_num: Option<i64>,
    pub prev_hash: EntryHash,
    pub hash: EntryHash,
}

impl<'a> Filed<'a> {
    /// An entry as read or restored, with its time formatted by the caller.
    pub fn of(e: &'a Entry, recorded_at: &'a str, weapon: Option<WeaponId>) -> Self {
        Filed {
            seq: e.seq,
            id: e.id,
            recorded_at,
            recorded_by: &e.recorded_by,
            kind: &e.kind,
            payload: &e.payload,
            weapon,
            weapon_num: None,
            prev_hash: e.prev_hash,
            hash: e.hash,
        }
    }
}

/// A weapon projection row to write: whether the weapon is new (else its row is
/// replaced), and its values packed ahead when they were ([`PackedRow`]).
pub(crate) struct RowWrite<'a> {
    pub row: std::borrow::Cow<'a, WeaponRow>,
    pub new: bool,
    pub packed: Option<&'a PackedRow>,
}

impl RowWrite<'_> {
    /// The row's markings as stored ([`crate::markings`]).
    pub fn markings_json(&self) -> std::borrow::Cow<'_, str> {
        match self.packed {
            Some(p) => p.text(PackedRow::MARKINGS).unwrap_or_default().into(),
            None => markings_json(&self.row).into(),
        }
    }

    /// The row's values packed: as they were made ahead, or packed now.
    pub fn packed(&self) -> std::borrow::Cow<'_, PackedRow> {
        match self.packed {
            Some(p) => std::borrow::Cow::Borrowed(p),
            None => std::borrow::Cow::Owned(PackedRow::new(&self.row, &markings_json(&self.row))),
        }
    }
}

/// The values of a weapon projection row as a backend writes them, its texts one after
/// another in a single allocation. Made where a record is prepared, on another thread than
/// the writer's: the writer then reads each row from one place in memory instead of a
/// dozen (binding the values had been about a seventh of the writer's time in a bulk
/// import, docs/benchmarks.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PackedRow {
    /// The texts, in the order of the `PackedRow::*` positions.
    texts: String,
    /// Where each text ends in `texts`.
    ends: [u32; PackedRow::TEXTS],
    /// Bit `i` set: text `i` is absent (NULL).
    absent: u16,
    /// The weapon.
    pub id: WeaponId,
    /// Its holder.
    pub holder: Option<HolderId>,
    /// Its country of manufacture.
    pub country: Option<armtrace_domain::CountryCode>,
    /// Its year of manufacture.
    pub year: Option<u16>,
    /// Its category's machine name.
    pub category: &'static str,
    /// Its status's machine name.
    pub status: &'static str,
    /// Events in force.
    pub events_in_force: u32,
}

impl PackedRow {
    /// The natural key's position among the texts (absent without a serial).
    pub const NATURAL_KEY: usize = 0;
    /// The make's position.
    pub const MAKE: usize = 1;
    /// The model's position.
    pub const MODEL: usize = 2;
    /// The calibre's position.
    pub const CALIBRE: usize = 3;
    /// The serial's position.
    pub const SERIAL: usize = 4;
    /// The last known location's position (absent when none is known).
    pub const LOCATION: usize = 5;
    /// The marking deficiencies' position.
    pub const DEFICIENCIES: usize = 6;
    /// The day of registration's position.
    pub const REGISTERED_ON: usize = 7;
    /// The last event's time's position (absent before any event).
    pub const LAST_EVENT: usize = 8;
    /// The markings' position, as stored ([`crate::markings`]).
    pub const MARKINGS: usize = 9;
    /// How many texts a row has.
    const TEXTS: usize = 10;

    /// Packs `row`, with its markings as stored.
    pub fn new(row: &WeaponRow, markings: &str) -> Self {
        let d = &row.description;
        let texts: [Option<&str>; Self::TEXTS] = [
            row.natural_key.as_deref(),
            Some(&d.make),
            Some(&d.model),
            Some(&d.calibre),
            Some(&d.serial),
            row.location.as_deref(),
            Some(&row.deficiencies),
            Some(&row.registered_on),
            row.last_event.as_deref(),
            Some(markings),
        ];
        let mut packed = PackedRow {
            texts: String::with_capacity(texts.iter().flatten().map(|t| t.len()).sum()),
            ends: [0; Self::TEXTS],
            absent: 0,
            id: row.id,
            holder: row.holder,
            country: d.country_of_manufacture,
            year: d.year_of_manufacture,
            category: armtrace_domain::vocab::Vocabulary::name(d.category),
            status: armtrace_domain::vocab::Vocabulary::name(row.status),
            events_in_force: row.events_in_force,
        };
        for (i, t) in texts.into_iter().enumerate() {
            match t {
                Some(t) => packed.texts.push_str(t),
                None => packed.absent |= 1 << i,
            }
            // A row's texts are far below 4 GiB (each is a checked field of a record).
            packed.ends[i] = u32::try_from(packed.texts.len()).unwrap_or(u32::MAX);
        }
        packed
    }

    /// Text `i` (one of the `PackedRow::*` positions), `None` when absent.
    pub fn text(&self, i: usize) -> Option<&str> {
        if self.absent & (1 << i) != 0 {
            return None;
        }
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.texts.get(start..self.ends[i] as usize)
    }
}

/// A row's markings as the weapons projection stores them ([`crate::markings`]).
pub(crate) fn markings_json(row: &WeaponRow) -> String {
    crate::markings::encode(&row.description, &row.markings)
}

/// Writes inside one transaction (which can also read what it wrote).
pub(crate) trait WriteTx: ReadTx {
    /// Runs a portable statement; returns the number of rows it changed.
    fn sql_exec(&mut self, sql: &str, params: &[SqlValue]) -> Result<u64, StoreError>;
    /// Appends entries (already sealed, in sequence order), each filed under the number
    /// of the weapon it is about, with its payload as the JSON text that was hashed.
    fn insert_entries(&mut self, entries: &[Filed<'_>]) -> Result<(), StoreError>;
    /// Inserts (when `new`) or replaces weapon projection rows; returns each weapon's
    /// number.
    fn upsert_weapons(&mut self, rows: &[RowWrite<'_>]) -> Result<Map<WeaponId, i64>, StoreError>;
    /// Inserts holder projection rows with the ledger position of their registration.
    fn insert_holders(&mut self, holders: &[(Holder, u64)]) -> Result<(), StoreError>;
    /// Appends an access-log entry and moves the access-log head to it.
    fn insert_access(&mut self, e: &AccessEntry) -> Result<(), StoreError>;
    /// Records the new head of the ledger.
    fn set_head(&mut self, seq: u64, hash: EntryHash) -> Result<(), StoreError>;
    /// When the store holds no weapon yet, stops keeping the weapons' two unique indexes
    /// (id, natural key) up to date, for a first bulk load; true when it did. The caller
    /// then checks every key itself until [`WriteTx::build_weapon_indexes`]. A backend
    /// that cannot suspend them says false.
    fn suspend_weapon_indexes(&mut self) -> Result<bool, StoreError> {
        Ok(false)
    }
    /// Builds the weapons' unique indexes where they are missing.
    fn build_weapon_indexes(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// A database backend.
pub(crate) trait Backend: Send + Sync {
    fn kind(&self) -> BackendKind;
    /// Runs `f` on one consistent read snapshot.
    fn read(
        &self,
        f: &mut dyn FnMut(&mut dyn ReadTx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// Runs `f` in one write transaction, serialised with every other writer; commits
    /// durably if `f` succeeds, rolls back otherwise.
    fn write(
        &self,
        f: &mut dyn FnMut(&mut dyn WriteTx) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// Raw SQL (tests and repair only).
    fn execute_raw(&self, sql: &str) -> Result<(), StoreError>;
    /// For a first bulk load by a program that is the store's only user: commits that
    /// write each page once where the backend would otherwise write it twice (SQLite: a
    /// rollback journal instead of the write-ahead log, see `sqlite::SqliteBackend`).
    /// True when it did; false leaves the store as it was (another connection has it
    /// open, or the backend has no such mode). Commits stay as durable and whole.
    fn enter_sole_load(&self) -> Result<bool, StoreError> {
        Ok(false)
    }
    /// Back to shared use after [`Backend::enter_sole_load`].
    fn leave_sole_load(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// What must agree for two records with the same natural key to be the same weapon:
/// category, model and calibre, folded.
pub(crate) fn sameness(category: &str, model: &str, calibre: &str) -> String {
    use armtrace_domain::natural_key::fold;
    format!("{}|{}|{}", fold(category), fold(model), fold(calibre))
}

/// Reads a stored weapon row back, or says what is damaged.
pub(crate) fn damaged(what: &str, value: &str, why: impl std::fmt::Display) -> StoreError {
    StoreError::Damaged(format!("{what} '{value}': {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use armtrace_domain::Category;

    fn row() -> WeaponRow {
        WeaponRow {
            num: 0,
            id: WeaponId::new(),
            natural_key: None,
            description: WeaponDescription {
                category: Category::PistolRevolver,
                make: "Иж".into(),
                model: "ПМ".into(),
                calibre: "9x18mm".into(),
                serial: String::new(),
                country_of_manufacture: "RU".parse().ok(),
                year_of_manufacture: Some(1968),
                markings: Vec::new(),
            },
            markings: Vec::new(),
            status: Status::InStock,
            holder: None,
            location: Some("Depot ٣".into()),
            deficiencies: "no_unique_marking".into(),
            registered_on: "2026-12-05".into(),
            last_event: None,
            events_in_force: 0,
        }
    }

    #[test]
    fn a_packed_row_gives_back_every_value_and_every_absence() {
        let r = row();
        let p = PackedRow::new(&r, "[0]");
        let texts: Vec<Option<&str>> = (0..PackedRow::TEXTS).map(|i| p.text(i)).collect();
        assert_eq!(
            texts,
            [
                None,
                Some("Иж"),
                Some("ПМ"),
                Some("9x18mm"),
                Some(""),
                Some("Depot ٣"),
                Some("no_unique_marking"),
                Some("2026-12-05"),
                None,
                Some("[0]"),
            ]
        );
        assert_eq!((p.id, p.holder, p.year), (r.id, None, Some(1968)));
        assert_eq!((p.category, p.status), ("pistol_revolver", "in_stock"));
        assert_eq!(p.country.map(|c| c.to_string()).as_deref(), Some("RU"));
    }

    #[test]
    fn a_row_packed_by_the_writer_is_the_one_packed_ahead() {
        let r = row();
        let ahead = PackedRow::new(&r, &markings_json(&r));
        let given = RowWrite {
            row: std::borrow::Cow::Borrowed(&r),
            new: true,
            packed: Some(&ahead),
        };
        let made = RowWrite {
            packed: None,
            ..given
        };
        assert_eq!(*made.packed(), ahead);
        assert_eq!(made.markings_json(), markings_json(&r));
    }
}
