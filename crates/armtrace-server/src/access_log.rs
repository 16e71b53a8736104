//! The access log as the server writes and shows it: who read which weapon record or
//! changed what, when, from which client, and how it ended. The log itself lives in the
//! registry store (`armtrace_store::Store::log_access`), hash-chained there
//! (`armtrace_domain::access`), so it is one log for the command line and the server,
//! on SQLite and on PostgreSQL alike, and `armtrace verify` walks it.

use armtrace_store::{Store, StoreError};

/// What is logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccess {
    /// The account (or the user name tried, for a failed login).
    pub actor: String,
    /// What was done (`weapon.read`, `event.record`, `login.failed`…).
    pub action: String,
    /// On what (a weapon id, a query, an account).
    pub target: String,
    /// The client's address.
    pub client: String,
    /// `ok`, `denied`, `rejected`, `not_found`…
    pub outcome: String,
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessEntry {
    /// Position, from 1.
    pub seq: u64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// What was logged.
    pub access: NewAccess,
    /// Hash of the line before.
    pub prev_hash: String,
    /// Hash of this line.
    pub hash: String,
}

/// What a walk of the chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessLogCheck {
    /// Lines walked.
    pub entries: u64,
    /// The recorded head: position and hash.
    pub head: (u64, String),
    /// The first break found, if any.
    pub problem: Option<String>,
}

fn entry(e: armtrace_domain::access::AccessEntry) -> AccessEntry {
    AccessEntry {
        seq: e.seq,
        at: armtrace_domain::ledger::format_recorded_at(&e.at),
        access: NewAccess {
            actor: e.account,
            action: e.action,
            target: e.subject,
            client: e.origin,
            outcome: e.outcome,
        },
        prev_hash: e.prev_hash.to_string(),
        hash: e.hash.to_string(),
    }
}

/// Appends one line, durably, before the answer it concerns is sent.
pub fn append(store: &Store, a: &NewAccess) -> Result<AccessEntry, StoreError> {
    store
        .log_access(
            &a.actor,
            &a.action,
            &a.target,
            &a.client,
            &a.outcome,
            chrono::Utc::now(),
        )
        .map(entry)
}

/// Lines after position `after`, at most `limit`.
pub fn read(store: &Store, after: u64, limit: usize) -> Result<Vec<AccessEntry>, StoreError> {
    Ok(store
        .access_log_after(after, limit)?
        .into_iter()
        .map(entry)
        .collect())
}

/// Walks the whole chain to its recorded head.
pub fn verify(store: &Store) -> Result<AccessLogCheck, StoreError> {
    let (seq, hash) = store.access_head()?;
    let walked = store.verify_access_log()?;
    Ok(AccessLogCheck {
        entries: *walked.as_ref().unwrap_or(&seq),
        head: (seq, hash.to_string()),
        problem: walked.err().map(|b| b.to_string()),
    })
}
