//! The ledger: every record of the registry, append-only and hash-chained.
//!
//! Records are evidence. PoA II.9 (`002_a5a242391c6e9d2d.txt`) asks for "accurate records
//! … for as long as possible"; ITI plan A.2 (`001_457efa9667c1123e.txt`) for accurate
//! record-keeping. A record is never updated or deleted: a mistake is corrected by a new
//! record ([`crate::event::EventKind::Correction`]). Each entry's hash covers the hash of
//! the entry before it, so changing, inserting or removing any entry behind the
//! application's back breaks the chain at that point.
//!
//! The hash of entry *n* is
//! `SHA-256("armtrace-ledger-v1" ‖ prev_hash ‖ u64be(seq) ‖ entry id (16 bytes) ‖
//! field(recorded_at) ‖ field(recorded_by) ‖ field(kind) ‖ field(payload))`, where
//! `field(x)` is the UTF-8 bytes of `x` preceded by their length as u32 big-endian,
//! `recorded_at` is RFC 3339 UTC with microseconds, and `payload` is the record's JSON
//! exactly as stored. The first entry's `prev_hash` is 32 zero bytes.

use crate::event::WeaponEvent;
use crate::holder::Holder;
use crate::ids::{EntryId, EventId, HolderId, WeaponId};
use crate::state::Status;
use crate::weapon::WeaponDescription;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// A weapon entering the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// The registration's own id: a correction of the registration points at it.
    pub id: EventId,
    /// The weapon's id for all its life.
    pub weapon: WeaponId,
    /// What identifies it.
    pub description: WeaponDescription,
    /// Status on the day it was registered, when the source says (a snapshot of older
    /// records); `None` lets the events alone tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// Holder on the day it was registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<HolderId>,
    /// The day it entered the registry.
    pub registered_on: NaiveDate,
}

/// What one ledger entry records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    /// A holder is registered.
    HolderRegistered(Holder),
    /// A weapon is registered.
    WeaponRegistered(Registration),
    /// Something happened to a weapon.
    WeaponEvent(WeaponEvent),
}

impl Record {
    /// The ledger entry id of this record: the holder's, the registration's or the
    /// event's own id, so that re-importing a record with an id is recognised.
    pub fn entry_id(&self) -> EntryId {
        match self {
            Record::HolderRegistered(h) => EntryId(h.id.0),
            Record::WeaponRegistered(r) => EntryId(r.id.0),
            Record::WeaponEvent(e) => EntryId(e.id.0),
        }
    }

    /// The stable name of the record's type, as stored in the `kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            Record::HolderRegistered(_) => "holder_registered",
            Record::WeaponRegistered(_) => "weapon_registered",
            Record::WeaponEvent(_) => "weapon_event",
        }
    }

    /// The weapon the record is about, if any.
    pub fn weapon(&self) -> Option<WeaponId> {
        match self {
            Record::HolderRegistered(_) => None,
            Record::WeaponRegistered(r) => Some(r.weapon),
            Record::WeaponEvent(e) => Some(e.weapon),
        }
    }

    /// The record's canonical JSON, as stored and hashed.
    pub fn to_payload(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored payload back.
    pub fn from_payload(payload: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(payload)
    }
}

/// A SHA-256 hash of a ledger entry.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EntryHash(pub [u8; 32]);

impl EntryHash {
    /// The hash before the first entry.
    pub const GENESIS: EntryHash = EntryHash([0; 32]);
}

impl fmt::Debug for EntryHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EntryHash({self})")
    }
}

impl EntryHash {
    /// The hash as stored and shown (64 lowercase hexadecimal digits), without allocating.
    pub fn to_hex(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        // 32 bytes always fit 64 digits.
        let _ = hex::encode_to_slice(self.0, &mut out);
        out
    }
}

impl fmt::Display for EntryHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = self.to_hex();
        f.write_str(std::str::from_utf8(&hex).map_err(|_| fmt::Error)?)
    }
}

/// A text that is not 64 hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a SHA-256 hash (64 hexadecimal digits)")]
pub struct InvalidHash(pub String);

impl FromStr for EntryHash {
    type Err = InvalidHash;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(s.trim(), &mut out).map_err(|_| InvalidHash(s.to_string()))?;
        Ok(EntryHash(out))
    }
}

impl Serialize for EntryHash {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for EntryHash {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// One entry of the ledger, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Position in the ledger, from 1, without gaps.
    pub seq: u64,
    /// Identifier.
    pub id: EntryId,
    /// When it was written into the registry.
    pub recorded_at: DateTime<Utc>,
    /// Who wrote it (an account name).
    pub recorded_by: String,
    /// The record's type (`holder_registered`, `weapon_registered`, `weapon_event`).
    pub kind: String,
    /// The record as stored (JSON).
    pub payload: String,
    /// The hash of the entry before.
    pub prev_hash: EntryHash,
    /// This entry's hash.
    pub hash: EntryHash,
}

/// Formats `recorded_at` as hashed: RFC 3339, UTC, microseconds.
pub fn format_recorded_at(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Truncates a time to what the ledger keeps (microseconds), so it reads back equal.
pub fn ledger_time(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(t)
}

/// Computes an entry's hash from its fields (see the module documentation).
pub fn entry_hash(
    prev: &EntryHash,
    seq: u64,
    id: &EntryId,
    recorded_at: &DateTime<Utc>,
    recorded_by: &str,
    kind: &str,
    payload: &str,
) -> EntryHash {
    entry_hash_at(
        prev,
        seq,
        id,
        &format_recorded_at(recorded_at),
        recorded_by,
        kind,
        payload,
    )
}

/// [`entry_hash`] with the time of recording already formatted ([`format_recorded_at`]),
/// for writers that seal many entries recorded at one time.
pub fn entry_hash_at(
    prev: &EntryHash,
    seq: u64,
    id: &EntryId,
    recorded_at: &str,
    recorded_by: &str,
    kind: &str,
    payload: &str,
) -> EntryHash {
    let mut h = Sha256::new();
    h.update(b"armtrace-ledger-v1");
    h.update(prev.0);
    h.update(seq.to_be_bytes());
    h.update(id.0.as_bytes());
    for field in [recorded_at, recorded_by, kind, payload] {
        h.update((field.len() as u32).to_be_bytes());
        h.update(field.as_bytes());
    }
    EntryHash(h.finalize().into())
}

impl Entry {
    /// Seals a record as the entry after `prev` (whose hash and seq are given).
    pub fn seal(
        prev_seq: u64,
        prev_hash: EntryHash,
        recorded_at: DateTime<Utc>,
        recorded_by: &str,
        record: &Record,
    ) -> Entry {
        let id = record.entry_id();
        let recorded_at = ledger_time(recorded_at);
        let seq = prev_seq + 1;
        let kind = record.kind().to_string();
        let payload = record.to_payload();
        let hash = entry_hash(
            &prev_hash,
            seq,
            &id,
            &recorded_at,
            recorded_by,
            &kind,
            &payload,
        );
        Entry {
            seq,
            id,
            recorded_at,
            recorded_by: recorded_by.to_string(),
            kind,
            payload,
            prev_hash,
            hash,
        }
    }

    /// The hash this entry should have, computed from its fields and `prev_hash`.
    pub fn computed_hash(&self) -> EntryHash {
        entry_hash(
            &self.prev_hash,
            self.seq,
            &self.id,
            &self.recorded_at,
            &self.recorded_by,
            &self.kind,
            &self.payload,
        )
    }

    /// Parses the payload back into a record.
    pub fn record(&self) -> Result<Record, serde_json::Error> {
        Record::from_payload(&self.payload)
    }
}

/// Where a chain walk found the first break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    /// A position is missing or repeated.
    #[error(
        "ledger position {found} found where {expected} was expected: an entry was removed or inserted"
    )]
    Sequence {
        /// The position expected.
        expected: u64,
        /// The position found.
        found: u64,
    },
    /// The entry's `prev_hash` is not the hash of the entry before.
    #[error(
        "entry {seq} does not link to the entry before it (its prev_hash is {found}, the entry before hashes to {expected})"
    )]
    Link {
        /// Position.
        seq: u64,
        /// What the link should be.
        expected: EntryHash,
        /// What it is.
        found: EntryHash,
    },
    /// The entry's content does not match its hash.
    #[error("entry {seq} was altered: its content hashes to {computed}, but {stored} is recorded")]
    Content {
        /// Position.
        seq: u64,
        /// Hash of the content as found.
        computed: EntryHash,
        /// Hash stored with it.
        stored: EntryHash,
    },
    /// The payload is not a record.
    #[error("entry {seq} holds a payload that is not a valid record: {reason}")]
    Payload {
        /// Position.
        seq: u64,
        /// Why.
        reason: String,
    },
    /// The last entry is not the head the store recorded.
    #[error(
        "the ledger ends at entry {found_seq} ({found_hash}) but its recorded head is entry {head_seq} ({head_hash}): entries were removed from the end or added behind the application's back"
    )]
    Head {
        /// The recorded head's position.
        head_seq: u64,
        /// The recorded head's hash.
        head_hash: EntryHash,
        /// The last entry found.
        found_seq: u64,
        /// Its hash.
        found_hash: EntryHash,
    },
}

/// A link of a hash chain: the ledger's entries, the access log's entries.
pub trait ChainLink {
    /// Position, from 1.
    fn seq(&self) -> u64;
    /// The hash of the link before, as recorded.
    fn prev_hash(&self) -> EntryHash;
    /// This link's hash, as recorded.
    fn hash(&self) -> EntryHash;
    /// The hash this link's content gives.
    fn computed_hash(&self) -> EntryHash;
}

impl ChainLink for Entry {
    fn seq(&self) -> u64 {
        self.seq
    }
    fn prev_hash(&self) -> EntryHash {
        self.prev_hash
    }
    fn hash(&self) -> EntryHash {
        self.hash
    }
    fn computed_hash(&self) -> EntryHash {
        Entry::computed_hash(self)
    }
}

/// Walks a chain link by link; feed links in sequence order.
#[derive(Debug, Clone)]
pub struct ChainWalker {
    seq: u64,
    hash: EntryHash,
}

impl Default for ChainWalker {
    fn default() -> Self {
        Self {
            seq: 0,
            hash: EntryHash::GENESIS,
        }
    }
}

impl ChainWalker {
    /// A walk that continues after entry `seq` with hash `hash`.
    pub fn resume(seq: u64, hash: EntryHash) -> Self {
        Self { seq, hash }
    }

    /// Checks the next link and advances.
    pub fn step(&mut self, e: &impl ChainLink) -> Result<(), ChainBreak> {
        let (seq, prev, stored) = (e.seq(), e.prev_hash(), e.hash());
        if seq != self.seq + 1 {
            return Err(ChainBreak::Sequence {
                expected: self.seq + 1,
                found: seq,
            });
        }
        if prev != self.hash {
            return Err(ChainBreak::Link {
                seq,
                expected: self.hash,
                found: prev,
            });
        }
        let computed = e.computed_hash();
        if computed != stored {
            return Err(ChainBreak::Content {
                seq,
                computed,
                stored,
            });
        }
        self.seq = seq;
        self.hash = stored;
        Ok(())
    }

    /// The last position and hash walked.
    pub fn head(&self) -> (u64, EntryHash) {
        (self.seq, self.hash)
    }

    /// Checks the end of the walk against the recorded head.
    pub fn finish(&self, head_seq: u64, head_hash: EntryHash) -> Result<(), ChainBreak> {
        if (head_seq, head_hash) != (self.seq, self.hash) {
            return Err(ChainBreak::Head {
                head_seq,
                head_hash,
                found_seq: self.seq,
                found_hash: self.hash,
            });
        }
        Ok(())
    }
}
