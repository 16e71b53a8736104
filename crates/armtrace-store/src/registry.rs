//! Registry operations: records are checked against the rules of the domain and the
//! records already stored, sealed into the ledger, and projected — all in one transaction
//! per batch. A batch is written whole or not at all; a record that breaks a rule is
//! rejected with its reason and nothing of it is stored; a record already stored is
//! recognised and skipped, so repeating an import adds nothing.

use crate::backend::{
    Filed, Map, PackedRow, RowWrite, Set, WeaponRow, WriteTx, markings_json, sameness,
};
use crate::projection::{new_weapon_row, weapon_row};
use crate::{Store, StoreError};
use armtrace_domain::ledger::{
    ChainWalker, Entry, EntryHash, Record, Registration, entry_hash_at, format_recorded_at,
    ledger_time,
};
use armtrace_domain::natural_key::natural_key;
use armtrace_domain::vocab::Vocabulary;
use armtrace_domain::{
    EntryId, EventId, EventKind, Holder, HolderId, HolderKind, WeaponEvent, WeaponId,
};
use chrono::{DateTime, Datelike, Utc};
use std::borrow::Cow;
use std::sync::Arc;

/// Why a record was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// Position of the record in its batch.
    pub index: usize,
    /// The rule it breaks, in words for the person who gave it.
    pub reason: String,
}

/// What became of a batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    /// Positions of the records written, with their ledger position.
    pub written: Vec<(usize, u64)>,
    /// Positions of records already in the store (nothing written for them).
    pub already_present: Vec<usize>,
    /// Records refused.
    pub rejected: Vec<Rejection>,
}

/// A value borrowed from the batch's own records, or owned (read from the store or
/// derived), boxed: a batch keeps one per weapon, so each stays a pointer wide.
enum Held<'a, T> {
    Borrowed(&'a T),
    Owned(Box<T>),
}

impl<T> std::ops::Deref for Held<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        match self {
            Held::Borrowed(t) => t,
            Held::Owned(t) => t,
        }
    }
}

/// A weapon's history as far as a batch needs it: borrowed from the batch's own records
/// where it is new, read from the store otherwise.
struct WeaponHistory<'a> {
    registration: Held<'a, Registration>,
    events: Vec<WeaponEvent>,
    /// Registered in this batch (no row yet).
    is_new: bool,
    /// Its projection row, derived when it was admitted with no event yet (reused unless
    /// an event joins it), with its values packed when that was done ahead.
    row: Option<(Held<'a, WeaponRow>, Option<&'a PackedRow>)>,
}

/// Every holder of the store, by id and by code.
#[derive(Clone, Default)]
struct Holders {
    by_id: Map<HolderId, Holder>,
    codes: Map<String, HolderId>,
}

/// The working state of one batch inside its transaction.
struct Stage<'a> {
    /// Shared with the bulk load that read them, until the batch registers a holder.
    holders: Arc<Holders>,
    histories: Map<WeaponId, WeaponHistory<'a>>,
    dirty: Vec<WeaponId>,
    dirty_set: Set<WeaponId>,
    current_year: u16,
}

impl<'a> Stage<'a> {
    fn holder_kind(&self) -> impl Fn(HolderId) -> Option<HolderKind> + '_ {
        |id| self.holders.by_id.get(&id).map(|h| h.kind)
    }

    fn touch(&mut self, w: WeaponId) {
        if self.dirty_set.insert(w) {
            self.dirty.push(w);
        }
    }

    fn check_holder(&self, h: Option<HolderId>) -> Result<(), String> {
        match h {
            Some(id) if !self.holders.by_id.contains_key(&id) => {
                Err(format!("holder {id} is not registered"))
            }
            _ => Ok(()),
        }
    }

    /// Checks one record against the rules and the records before it; on success it joins
    /// the stage.
    fn admit(
        &mut self,
        record: &'a Record,
        prepared: Option<&'a PreparedRow>,
    ) -> Result<(), String> {
        match record {
            Record::HolderRegistered(h) => {
                h.validate().map_err(|e| e.to_string())?;
                if let Some(p) = h.parent {
                    let parent = self
                        .holders
                        .by_id
                        .get(&p)
                        .ok_or_else(|| format!("parent holder {p} is not registered"))?;
                    h.validate_parent(parent.kind).map_err(|e| e.to_string())?;
                }
                let holders = Arc::make_mut(&mut self.holders);
                holders.codes.insert(h.code.clone(), h.id);
                holders.by_id.insert(h.id, h.clone());
                Ok(())
            }
            Record::WeaponRegistered(r) => {
                let row = match prepared {
                    // Checked and derived when it was prepared: the holder must still be
                    // one of this store's (holders are never removed and never change kind).
                    Some(p) if p.year == self.current_year => {
                        self.check_holder(r.holder)?;
                        let (row, packed) = p.row.as_ref().map_err(Clone::clone)?;
                        (Held::Borrowed(row), Some(packed))
                    }
                    _ => {
                        r.description
                            .validate(self.current_year)
                            .map_err(|e| e.to_string())?;
                        self.check_holder(r.holder)?;
                        let row =
                            weapon_row(r, &[], &self.holder_kind()).map_err(|e| e.to_string())?;
                        (Held::Owned(Box::new(row)), None)
                    }
                };
                let history = WeaponHistory {
                    registration: Held::Borrowed(r),
                    events: Vec::new(),
                    is_new: true,
                    row: Some(row),
                };
                self.histories.insert(r.weapon, history);
                self.touch(r.weapon);
                Ok(())
            }
            Record::WeaponEvent(e) => {
                self.check_holder(e.holder)?;
                if let Some(m) = &e.marking
                    && let Some(y) = m.year
                {
                    armtrace_domain::weapon::check_year("marking year", y, self.current_year)
                        .map_err(|x| x.to_string())?;
                }
                if let Some(d) = e.correction.as_ref().and_then(|c| c.description.as_ref()) {
                    d.validate(self.current_year).map_err(|x| x.to_string())?;
                }
                let holders = &self.holders.by_id;
                let history = self
                    .histories
                    .get_mut(&e.weapon)
                    .ok_or_else(|| format!("weapon {} is not registered", e.weapon))?;
                history.events.push(e.clone());
                history.row = None;
                if let Err(err) =
                    armtrace_domain::state::derive(&history.registration, &history.events, &|h| {
                        holders.get(&h).map(|x| x.kind)
                    })
                {
                    history.events.pop();
                    return Err(err.to_string());
                }
                self.touch(e.weapon);
                Ok(())
            }
        }
    }

    /// The projection rows of every weapon the batch touched, each with whether it is new
    /// and its values when they were packed ahead.
    fn rows(&self) -> Result<Vec<RowWrite<'_>>, StoreError> {
        let kind = self.holder_kind();
        // Sized up front: collecting results would grow it by doubling, copying each row.
        let mut rows = Vec::with_capacity(self.dirty.len());
        for h in self.dirty.iter().filter_map(|w| self.histories.get(w)) {
            rows.push(match &h.row {
                Some((row, packed)) => RowWrite {
                    row: Cow::Borrowed(&**row),
                    new: h.is_new,
                    packed: *packed,
                },
                None => RowWrite {
                    row: Cow::Owned(weapon_row(&h.registration, &h.events, &kind).map_err(
                        |e| StoreError::Damaged(format!("weapon {}: {e}", h.registration.weapon)),
                    )?),
                    new: h.is_new,
                    packed: None,
                },
            });
        }
        Ok(rows)
    }
}

/// A first bulk load under way (see [`Store::begin_bulk_load`]): the ids and natural keys
/// of the weapons it wrote, which the store's own indexes would otherwise answer for.
///
/// A natural key is kept as a 128-bit tag (two independent SipHash keys of this process)
/// and a sameness as a 64-bit one: about 50 bytes a weapon, so ten million weapons fit in
/// half a gigabyte.
pub struct BulkLoad {
    ids: Set<WeaponId>,
    keys: Map<u128, (WeaponId, u64)>,
    last_num: i64,
    active: bool,
    /// The store is this program's alone for the load ([`Store::begin_bulk_load`]).
    sole: bool,
    /// The holders after the load's last batch, with the ledger position it ended at: the
    /// next batch uses them instead of reading every holder again, unless anything was
    /// written since.
    holders: Option<(u64, Arc<Holders>)>,
}

impl std::fmt::Debug for BulkLoad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BulkLoad")
            .field("weapons", &self.ids.len())
            .field("active", &self.active)
            .field("sole", &self.sole)
            .finish()
    }
}

impl BulkLoad {
    fn new(last_num: i64) -> Self {
        BulkLoad {
            ids: Set::default(),
            keys: Map::default(),
            last_num,
            active: true,
            sole: false,
            holders: None,
        }
    }

    /// Whether batches are still checked against this load's own keys (false once it fell
    /// back to ordinary batches).
    pub fn is_active(&self) -> bool {
        self.active
    }

    /// Makes room for `weapons` more weapons' keys at once (an estimate from the size of
    /// the file being read), instead of growing the key tables step by step, rehashing
    /// every key each time. At most ten million are reserved ahead (about 500 MB).
    pub fn expect(&mut self, weapons: usize) {
        let n = weapons.min(10_000_000);
        self.ids.reserve(n);
        self.keys.reserve(n);
    }

    /// Whether the load has the store to itself ([`Store::begin_bulk_load`] with `alone`,
    /// and no other connection had the store open).
    pub fn is_sole(&self) -> bool {
        self.sole
    }
}

/// A natural key's 128-bit tag: two SipHash keys drawn at random for this process, so that
/// rows cannot be made to collide (computed where a record is prepared).
fn key_tag(key: &str) -> u128 {
    use std::hash::BuildHasher;
    static TAGS: std::sync::OnceLock<(std::hash::RandomState, std::hash::RandomState)> =
        std::sync::OnceLock::new();
    let (a, b) = TAGS.get_or_init(Default::default);
    (u128::from(a.hash_one(key)) << 64) | u128::from(b.hash_one(key))
}

/// A tag of a sameness (category, model, calibre), to tell apart two weapons with one
/// natural key; fixed within a process, which is all it is compared within.
fn same_tag(same: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(same)
}

/// Loads what a batch needs to be checked: every holder (unless `known`, the holders as
/// they are, is given), and the histories of the weapons its events are about.
fn load_stage<'a>(
    tx: &mut dyn WriteTx,
    records: &[&Record],
    now: DateTime<Utc>,
    known: Option<Arc<Holders>>,
) -> Result<Stage<'a>, StoreError> {
    let holders = match known {
        Some(h) => h,
        None => {
            let holders = tx.holders()?;
            Arc::new(Holders {
                codes: holders.iter().map(|h| (h.code.clone(), h.id)).collect(),
                by_id: holders.into_iter().map(|h| (h.id, h)).collect(),
            })
        }
    };
    let mut stage = Stage {
        holders,
        histories: Map::with_capacity_and_hasher(records.len(), Default::default()),
        dirty: Vec::with_capacity(records.len()),
        dirty_set: Set::with_capacity_and_hasher(records.len(), Default::default()),
        current_year: u16::try_from(now.year()).unwrap_or(u16::MAX),
    };
    let mut wanted: Vec<WeaponId> = records
        .iter()
        .filter_map(|r| match r {
            Record::WeaponEvent(e) => Some(e.weapon),
            _ => None,
        })
        .collect();
    wanted.sort();
    wanted.dedup();
    if wanted.is_empty() {
        return Ok(stage);
    }
    for entry in tx.histories(&wanted)? {
        let record = entry.record().map_err(|e| {
            StoreError::Damaged(format!("ledger entry {} cannot be read: {e}", entry.seq))
        })?;
        match record {
            Record::WeaponRegistered(r) => {
                stage.histories.insert(
                    r.weapon,
                    WeaponHistory {
                        registration: Held::Owned(Box::new(r)),
                        events: Vec::new(),
                        is_new: false,
                        row: None,
                    },
                );
            }
            Record::WeaponEvent(e) => match stage.histories.get_mut(&e.weapon) {
                Some(h) => h.events.push(e),
                None => {
                    return Err(StoreError::Damaged(format!(
                        "ledger entry {} is an event before its weapon's registration",
                        entry.seq
                    )));
                }
            },
            Record::HolderRegistered(_) => {}
        }
    }
    Ok(stage)
}

/// Each record's natural key and sameness (weapon registrations with a serial only).
type Keys<'a> = Vec<Option<&'a (String, String)>>;

/// Each record's natural-key tag and sameness tag ([`key_tag`], [`same_tag`]), beside
/// [`Keys`].
type Tags = Vec<Option<(u128, u64)>>;

/// A weapon registration's projection row derived ahead of its batch, with its values
/// packed for the writer (or the rule it breaks), and the year it was checked against.
struct PreparedRow {
    row: Result<(WeaponRow, PackedRow), String>,
    year: u16,
}

/// A record made ready for the writer on another thread: its payload, its natural key
/// and sameness (folding is the costliest part of checking a row), and for a weapon
/// registration the rules that need no stored record checked and its projection row
/// derived. The writer then only looks it up, chains it and stores it
/// ([`Store::apply_prepared`]); what it decides is the same as for [`Store::apply`].
pub struct Prepared {
    record: Record,
    payload: String,
    key: Option<(String, String)>,
    tags: Option<(u128, u64)>,
    row: Option<PreparedRow>,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("record", &self.record)
            .finish()
    }
}

impl Prepared {
    fn new(
        record: Record,
        holder_kind: &dyn Fn(HolderId) -> Option<HolderKind>,
        now: DateTime<Utc>,
    ) -> Self {
        let mut p = Self::plain(record);
        if let Record::WeaponRegistered(r) = &p.record {
            let year = u16::try_from(now.year()).unwrap_or(u16::MAX);
            let row = r
                .description
                .validate(year)
                .map_err(|e| e.to_string())
                .and_then(|()| {
                    // No event yet: the row's natural key is the registration's, folded above.
                    let key = p.key.as_ref().map(|(k, _)| k.clone());
                    new_weapon_row(r, &[], holder_kind, key).map_err(|e| e.to_string())
                })
                .map(|row| {
                    let packed = PackedRow::new(&row, &markings_json(&row));
                    (row, packed)
                });
            p.row = Some(PreparedRow { row, year });
        }
        p
    }

    /// Only the payload and the keys: the writer checks the rest.
    fn plain(record: Record) -> Self {
        let key = match &record {
            Record::WeaponRegistered(w) => natural_key(&w.description).map(|k| {
                let d = &w.description;
                (k, sameness(d.category.name(), &d.model, &d.calibre))
            }),
            _ => None,
        };
        Prepared {
            payload: record.to_payload(),
            record,
            tags: key.as_ref().map(|(k, same)| (key_tag(k), same_tag(same))),
            key,
            row: None,
        }
    }

    /// The record.
    pub fn record(&self) -> &Record {
        &self.record
    }
}

fn already_present(
    tx: &mut dyn WriteTx,
    stage: &Stage,
    records: &[&Record],
    keys: &Keys<'_>,
    tags: &Tags,
    bulk: Option<&BulkLoad>,
) -> Result<(Set<usize>, Map<usize, String>), StoreError> {
    let event_ids: Vec<EventId> = records
        .iter()
        .filter_map(|r| match r {
            Record::WeaponEvent(e) => Some(e.id),
            _ => None,
        })
        .collect();
    let existing = tx.existing_events(&event_ids)?;
    let weapon_ids: Vec<WeaponId> = records
        .iter()
        .filter_map(|r| match r {
            Record::WeaponRegistered(r) => Some(r.weapon),
            _ => None,
        })
        .collect();
    // What is taken, with a tag of its sameness: from the store, or during a bulk load
    // from the keys the load wrote (the store had none before it).
    let (existing_weapons, taken): (Set<WeaponId>, Map<&str, (WeaponId, u64)>) = match bulk {
        Some(b) => (
            weapon_ids
                .into_iter()
                .filter(|w| b.ids.contains(w))
                .collect(),
            keys.iter()
                .zip(tags)
                .filter_map(|(k, t)| Some((k.as_ref()?, t.as_ref()?)))
                .filter_map(|((k, _), (tag, _))| b.keys.get(tag).map(|t| (k.as_str(), *t)))
                .collect(),
        ),
        None => {
            let existing = tx.existing_weapons(&weapon_ids)?;
            let wanted: Vec<String> = keys.iter().flatten().map(|(k, _)| k.clone()).collect();
            let found = tx.weapons_by_natural_key(&wanted)?;
            let taken = keys
                .iter()
                .flatten()
                .filter_map(|(k, _)| {
                    found
                        .get(k)
                        .map(|(w, same)| (k.as_str(), (*w, same_tag(same))))
                })
                .collect();
            (existing.into_iter().collect(), taken)
        }
    };
    let mut out = Set::default();
    let mut conflicts = Map::default();
    for (i, r) in records.iter().enumerate() {
        // The same make, serial and country but another category, model or calibre is
        // another weapon, not the same one imported again: refused, never merged.
        if let Record::WeaponRegistered(w) = r
            && !existing_weapons.contains(&w.weapon)
            && let (Some((k, _)), Some((_, mine))) = (&keys[i], &tags[i])
            && let Some((other, same)) = taken.get(k.as_str())
            && same != mine
        {
            conflicts.insert(
                    i,
                    format!(
                        "weapon {other} is already registered with this make, serial and country of manufacture \
                         but another category, model or calibre: if this is the same weapon, correct its record; \
                         if it is another weapon, this registry cannot tell them apart by their markings"
                    ),
                );
            continue;
        }
        let present = match r {
            Record::HolderRegistered(h) => {
                stage.holders.by_id.contains_key(&h.id) || stage.holders.codes.contains_key(&h.code)
            }
            Record::WeaponRegistered(w) => {
                existing_weapons.contains(&w.weapon)
                    || keys[i]
                        .as_ref()
                        .is_some_and(|(k, _)| taken.contains_key(k.as_str()))
            }
            Record::WeaponEvent(e) => existing.contains(&e.id),
        };
        if present {
            out.insert(i);
        }
    }
    Ok((out, conflicts))
}

impl Store {
    /// Checks and writes a batch of new records as `recorded_by`, in one transaction.
    ///
    /// Records are taken in order: a record may depend on one before it in the same batch
    /// (a holder, then a weapon it holds, then an event on that weapon).
    pub fn apply(
        &self,
        records: &[Record],
        recorded_by: &str,
        now: DateTime<Utc>,
    ) -> Result<BatchOutcome, StoreError> {
        let prepared: Vec<Prepared> = records.iter().cloned().map(Prepared::plain).collect();
        self.apply_prepared(&prepared, recorded_by, now, None)
    }

    /// Prepares `record` for [`Store::apply_prepared`], on any thread. `holder_kind`
    /// answers for the holders the store had when the caller looked (a holder unknown to
    /// it is refused by the writer as unregistered); `now` is the time of recording, which
    /// the year checks use.
    pub fn prepare(
        &self,
        record: Record,
        holder_kind: &dyn Fn(HolderId) -> Option<HolderKind>,
        now: DateTime<Utc>,
    ) -> Prepared {
        Prepared::new(record, holder_kind, now)
    }

    /// Starts a first bulk load: when the store holds no weapon yet (a national registry
    /// moving in from its old system), the weapons' unique indexes are set aside until
    /// [`Store::finish_bulk_load`], and every batch given to [`Store::apply_bulk`] is
    /// checked against the keys this load wrote instead. `None` when the store already
    /// holds weapons or the backend keeps its indexes (PostgreSQL): then use
    /// [`Store::apply`].
    ///
    /// `alone` says this program is the store's only user while the load runs (the
    /// `armtrace import` command, not a server): on SQLite the load then writes each page
    /// once, through a rollback journal instead of the write-ahead log, when no other
    /// connection has the store open (`sqlite::SqliteBackend::enter_sole_load`); commits
    /// are as whole and durable either way.
    ///
    /// A load that never finishes (the program killed) leaves nothing wrong: the next
    /// program to open the store builds the indexes before anything else.
    pub fn begin_bulk_load(&self, alone: bool) -> Result<Option<BulkLoad>, StoreError> {
        let mut started = None;
        self.backend.write(&mut |tx| {
            started = None;
            if tx.suspend_weapon_indexes()? {
                started = Some(tx.last_weapon_num()?);
            }
            Ok(())
        })?;
        let Some(last_num) = started else {
            return Ok(None);
        };
        let mut bulk = BulkLoad::new(last_num);
        bulk.sole = alone && self.backend.enter_sole_load()?;
        Ok(Some(bulk))
    }

    /// Ends a bulk load: builds the weapons' unique indexes, and gives the store back to
    /// shared use if the load had it alone.
    pub fn finish_bulk_load(&self, bulk: BulkLoad) -> Result<(), StoreError> {
        let sole = bulk.sole;
        drop(bulk);
        let built = self.backend.write(&mut |tx| tx.build_weapon_indexes());
        if sole {
            self.backend.leave_sole_load()?;
        }
        built
    }

    /// [`Store::apply`] for records prepared on another thread ([`Store::prepare`]),
    /// within a bulk load when one is given. If anything else wrote a weapon since the
    /// last batch of the load, or the batch holds events, the indexes are built first and
    /// the load goes on as ordinary batches: the result is the same either way.
    pub fn apply_prepared(
        &self,
        records: &[Prepared],
        recorded_by: &str,
        now: DateTime<Utc>,
        bulk: Option<&mut BulkLoad>,
    ) -> Result<BatchOutcome, StoreError> {
        if recorded_by.trim().is_empty() {
            return Err(StoreError::Conflict(
                "every record must say who recorded it".into(),
            ));
        }
        let mut outcome = BatchOutcome::default();
        let refs: Vec<&Record> = records.iter().map(|p| &p.record).collect();
        let keys: Keys<'_> = records.iter().map(|p| p.key.as_ref()).collect();
        let tags: Tags = records.iter().map(|p| p.tags).collect();
        let view = bulk.as_deref().filter(|b| b.active);
        let only_registrations = refs.iter().all(|r| !matches!(r, Record::WeaponEvent(_)));
        // Every entry of the batch is recorded at one time, formatted once.
        let at = format_recorded_at(&ledger_time(now));
        // Set when the load falls back to ordinary batches; the last weapon number after.
        let mut fell_back = false;
        let mut last_num = 0;
        // The holders once the batch is written (while the load goes on).
        let mut holders_after = None;
        self.backend.write(&mut |tx| {
            outcome = BatchOutcome::default();
            fell_back = false;
            holders_after = None;
            let mut view = view;
            if let Some(b) = view
                && (!only_registrations || tx.last_weapon_num()? != b.last_num)
            {
                tx.build_weapon_indexes()?;
                view = None;
                fell_back = true;
            }
            let (mut seq, head) = tx.head()?;
            let known = view
                .and_then(|b| b.holders.as_ref())
                .filter(|(at, _)| *at == seq)
                .map(|(_, h)| Arc::clone(h));
            let mut stage = load_stage(tx, &refs, now, known)?;
            let (present, conflicts) = already_present(tx, &stage, &refs, &keys, &tags, view)?;
            let mut seen_ids: Set<EntryId> =
                Set::with_capacity_and_hasher(records.len(), Default::default());
            let mut seen_keys: Map<&str, &str> =
                Map::with_capacity_and_hasher(records.len(), Default::default());
            let mut accepted: Vec<(usize, &Prepared)> = Vec::with_capacity(records.len());
            outcome.written.reserve(records.len());
            for (i, p) in records.iter().enumerate() {
                let r = &p.record;
                if let Some((k, same)) = &keys[i]
                    && seen_keys.get(k.as_str()).is_some_and(|earlier| earlier != same) {
                        outcome.rejected.push(Rejection {
                            index: i,
                            reason: "an earlier row of this batch registers a weapon with the same make, serial \
                                     and country of manufacture but another category, model or calibre"
                                .into(),
                        });
                        continue;
                    }
                let dup_in_batch = !seen_ids.insert(r.entry_id())
                    || match r {
                        Record::WeaponRegistered(_) => keys[i]
                            .as_ref()
                            .is_some_and(|(k, same)| seen_keys.insert(k, same).is_some()),
                        Record::HolderRegistered(h) => {
                            stage.holders.codes.contains_key(&h.code) && !present.contains(&i)
                        }
                        Record::WeaponEvent(_) => false,
                    };
                if let Some(reason) = conflicts.get(&i) {
                    outcome.rejected.push(Rejection {
                        index: i,
                        reason: reason.clone(),
                    });
                    continue;
                }
                if present.contains(&i) || dup_in_batch {
                    outcome.already_present.push(i);
                    continue;
                }
                match stage.admit(r, p.row.as_ref()) {
                    Ok(()) => accepted.push((i, p)),
                    Err(reason) => outcome.rejected.push(Rejection { index: i, reason }),
                }
            }
            let mut entries = Vec::with_capacity(accepted.len());
            for (i, p) in &accepted {
                debug_assert_eq!(p.payload, p.record.to_payload(), "the payload is the record's own");
                seq += 1;
                outcome.written.push((*i, seq));
                entries.push(Filed {
                    seq,
                    id: p.record.entry_id(),
                    recorded_at: &at,
                    recorded_by,
                    kind: p.record.kind(),
                    payload: &p.payload,
                    weapon: p.record.weapon(),
                    weapon_num: None,
                    // Set when the batch is sealed (write_stage).
                    prev_hash: EntryHash::GENESIS,
                    hash: EntryHash::GENESIS,
                });
            }
            write_stage(tx, &stage, &mut entries, Some(head))?;
            if view.is_some() {
                last_num = tx.last_weapon_num()?;
                holders_after = Some((seq, Arc::clone(&stage.holders)));
            }
            Ok(())
        })?;
        if let Some(b) = bulk.filter(|b| b.active) {
            if fell_back {
                b.active = false;
            } else {
                b.last_num = last_num;
                b.holders = holders_after;
                b.ids.reserve(outcome.written.len());
                b.keys.reserve(outcome.written.len());
                for (i, _) in &outcome.written {
                    if let Record::WeaponRegistered(w) = &records[*i].record {
                        b.ids.insert(w.weapon);
                        if let Some((tag, same)) = tags[*i] {
                            b.keys.insert(tag, (w.weapon, same));
                        }
                    }
                }
            }
        }
        Ok(outcome)
    }

    /// Appends entries exported from another store (a ledger file, a backup), keeping
    /// their ids, times, authors and hashes: the chain must continue from this store's head
    /// and every record must pass the same rules as when it was first written.
    pub fn replay(&self, entries: &[Entry]) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        self.backend.write(&mut |tx| {
            let (seq, hash) = tx.head()?;
            if entries[0].seq != seq + 1 || entries[0].prev_hash != hash {
                return Err(StoreError::Conflict(format!(
                    "the ledger being restored starts at entry {} but this store's ledger ends at entry {seq}: restore into an empty store",
                    entries[0].seq
                )));
            }
            // The walk continues from this store's head.
            let mut walker = ChainWalker::resume(seq, hash);
            let mut records = Vec::with_capacity(entries.len());
            for e in entries {
                walker.step(e).map_err(|b| StoreError::Conflict(b.to_string()))?;
                records.push(e.record().map_err(|x| StoreError::Conflict(format!("entry {}: {x}", e.seq)))?);
            }
            let refs: Vec<&Record> = records.iter().collect();
            let now = entries.last().map(|e| e.recorded_at).unwrap_or_else(Utc::now).max(Utc::now());
            let mut stage = load_stage(tx, &refs, now, None)?;
            for (i, r) in records.iter().enumerate() {
                stage
                    .admit(r, None)
                    .map_err(|reason| StoreError::Conflict(format!("entry {}: {reason}", entries[i].seq)))?;
            }
            let times: Vec<String> = entries.iter().map(|e| format_recorded_at(&e.recorded_at)).collect();
            let mut filed: Vec<Filed<'_>> = entries
                .iter()
                .zip(&records)
                .zip(&times)
                .map(|((e, r), at)| Filed::of(e, at, r.weapon()))
                .collect();
            write_stage(tx, &stage, &mut filed, None)
        })
    }
}

/// Batches of at least this many entries are sealed on a thread of their own while the
/// writer stores the batch's projection rows, which the seal does not depend on.
const SEAL_ALONGSIDE: usize = 1024;

/// Chains `entries` (in sequence order, each with its position, id, time, author, kind and
/// payload set) onto the entry whose hash is `prev`: each gets the hash before it and its
/// own ([`entry_hash_at`]).
fn seal(mut prev: EntryHash, entries: &mut [Filed<'_>]) {
    for e in entries {
        e.prev_hash = prev;
        e.hash = entry_hash_at(
            &prev,
            e.seq,
            &e.id,
            e.recorded_at,
            e.recorded_by,
            e.kind,
            e.payload,
        );
        prev = e.hash;
    }
}

/// Writes a batch: its holders' and weapons' projection rows, its ledger entries and the
/// new head. With `seal_from` (the hash of the entry before the batch) the entries are
/// sealed here first; without, they come sealed (a ledger being restored).
///
/// A large batch is sealed on a second thread while this one stores the projection rows:
/// in a bulk import the SHA-256 of the chain then no longer adds to the writer's time,
/// which is what bounds the import (docs/benchmarks.md). The entries and their hashes are
/// the same either way, and nothing is stored before the seal is done.
fn write_stage(
    tx: &mut dyn WriteTx,
    stage: &Stage<'_>,
    entries: &mut [Filed<'_>],
    seal_from: Option<EntryHash>,
) -> Result<(), StoreError> {
    if entries.is_empty() {
        return Ok(());
    }
    let holders: Vec<(Holder, u64)> = entries
        .iter()
        .filter(|e| e.kind == "holder_registered")
        .filter_map(|e| {
            let id = HolderId(e.id.0);
            stage.holders.by_id.get(&id).map(|h| (h.clone(), e.seq))
        })
        .collect();
    let nums = match seal_from {
        Some(prev) if entries.len() >= SEAL_ALONGSIDE => std::thread::scope(|s| {
            let sealing = s.spawn(|| seal(prev, entries));
            let written = tx
                .insert_holders(&holders)
                .and_then(|()| tx.upsert_weapons(&stage.rows()?));
            if let Err(panic) = sealing.join() {
                std::panic::resume_unwind(panic);
            }
            written
        })?,
        sealed => {
            if let Some(prev) = sealed {
                seal(prev, entries);
            }
            tx.insert_holders(&holders)?;
            tx.upsert_weapons(&stage.rows()?)?
        }
    };
    for e in entries.iter_mut() {
        if let Some(w) = e.weapon {
            e.weapon_num = Some(*nums.get(&w).ok_or_else(|| {
                StoreError::Damaged(format!("weapon {w} has no row after it was written"))
            })?);
        }
    }
    tx.insert_entries(entries)?;
    if let Some(last) = entries.last() {
        tx.set_head(last.seq, last.hash)?;
    }
    Ok(())
}

/// Kinds of event that need a holder (for messages in importers).
pub fn needs_holder(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::Manufactured
            | EventKind::Imported
            | EventKind::Transferred
            | EventKind::Issued
            | EventKind::Returned
    )
}
