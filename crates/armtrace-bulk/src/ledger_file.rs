//! The JSON Lines ledger file: one entry a line, exactly as stored and hashed, so that
//! another store (or another implementation) can check and replay the chain.

use armtrace_domain::EntryId;
use armtrace_domain::ledger::{Entry, EntryHash};
use armtrace_store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::Path;

/// One line of `ledger.jsonl` (a wire type; see `docs/import-format.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerLine {
    /// Position.
    pub seq: u64,
    /// Entry id (UUID).
    pub id: String,
    /// RFC 3339, UTC, microseconds.
    pub recorded_at: String,
    /// Account that recorded it.
    pub recorded_by: String,
    /// Record type.
    pub kind: String,
    /// The record's JSON, as a string, byte for byte as hashed.
    pub payload: String,
    /// Hash of the entry before (hex).
    pub prev_hash: String,
    /// This entry's hash (hex).
    pub hash: String,
}

impl From<&Entry> for LedgerLine {
    fn from(e: &Entry) -> Self {
        LedgerLine {
            seq: e.seq,
            id: e.id.to_string(),
            recorded_at: armtrace_domain::ledger::format_recorded_at(&e.recorded_at),
            recorded_by: e.recorded_by.clone(),
            kind: e.kind.clone(),
            payload: e.payload.clone(),
            prev_hash: e.prev_hash.to_string(),
            hash: e.hash.to_string(),
        }
    }
}

impl TryFrom<LedgerLine> for Entry {
    type Error = String;
    fn try_from(l: LedgerLine) -> Result<Self, String> {
        Ok(Entry {
            seq: l.seq,
            id: l.id.parse::<EntryId>().map_err(|e| e.to_string())?,
            recorded_at: chrono::DateTime::parse_from_rfc3339(&l.recorded_at)
                .map_err(|_| {
                    format!(
                        "recorded_at '{}' is not an RFC 3339 date-time",
                        l.recorded_at
                    )
                })?
                .with_timezone(&chrono::Utc),
            recorded_by: l.recorded_by,
            kind: l.kind,
            payload: l.payload,
            prev_hash: l
                .prev_hash
                .parse::<EntryHash>()
                .map_err(|e| e.to_string())?,
            hash: l.hash.parse::<EntryHash>().map_err(|e| e.to_string())?,
        })
    }
}

/// A ledger file that cannot be replayed.
#[derive(Debug, thiserror::Error)]
pub enum LedgerFileError {
    /// Reading or writing failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A line is not a ledger entry.
    #[error("line {line}: {reason}")]
    Line {
        /// Line number (from 1).
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// The store refused the entries (the chain or a rule is broken); nothing of the
    /// refused batch was written.
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// Writes one entry as a line.
pub fn write_line(out: &mut dyn Write, e: &Entry) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &LedgerLine::from(e))?;
    out.write_all(b"\n")
}

/// Replays a ledger file into `store` (which must be empty, or end where the file
/// continues), in batches; returns the number of entries replayed.
pub fn replay_file(
    store: &Store,
    path: &Path,
    batch_size: usize,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, LedgerFileError> {
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut batch = Vec::with_capacity(batch_size);
    let mut total = 0u64;
    for (i, line) in file.lines().enumerate() {
        let line_no = i as u64 + 1;
        let line = line.map_err(|e| LedgerFileError::Line {
            line: line_no,
            reason: e.to_string(),
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed: LedgerLine =
            serde_json::from_str(&line).map_err(|e| LedgerFileError::Line {
                line: line_no,
                reason: e.to_string(),
            })?;
        let entry = Entry::try_from(parsed).map_err(|reason| LedgerFileError::Line {
            line: line_no,
            reason,
        })?;
        batch.push(entry);
        if batch.len() >= batch_size {
            store.replay(&batch)?;
            total += batch.len() as u64;
            batch.clear();
            progress(total);
        }
    }
    store.replay(&batch)?;
    total += batch.len() as u64;
    progress(total);
    Ok(total)
}
