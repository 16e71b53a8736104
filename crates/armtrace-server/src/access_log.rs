//! The access log: who read which weapon record or changed what, when, and from where,
//! hash-chained like the registry ledger.
//!
//! Line `n` has `hash = SHA-256(prev_hash ‖ "\n" ‖ JSON [seq, at, actor, action, target,
//! client, outcome])`, hex, where `prev_hash` is the hex hash of line `n − 1` (64 zeros for
//! the first line) and the JSON array is serde_json's compact form. A line changed or
//! removed behind the server's back breaks the chain from there on.

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first line.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

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
    /// The last line's position and hash.
    pub head: (u64, String),
    /// The first break found, if any.
    pub problem: Option<String>,
}

/// The hash of a line.
pub fn line_hash(prev_hash: &str, seq: u64, at: &str, a: &NewAccess) -> String {
    let fields = serde_json::json!([seq, at, a.actor, a.action, a.target, a.client, a.outcome]);
    let mut h = Sha256::new();
    h.update(prev_hash.as_bytes());
    h.update(b"\n");
    h.update(fields.to_string().as_bytes());
    hex::encode(h.finalize())
}

pub(crate) fn append(
    conn: &mut Connection,
    a: &NewAccess,
    at: &str,
) -> Result<AccessEntry, rusqlite::Error> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let head: Option<(i64, String)> = tx
        .query_row(
            "SELECT seq, hash FROM access_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (last, prev_hash) = head.unwrap_or((0, GENESIS.to_string()));
    let seq = u64::try_from(last).unwrap_or(0) + 1;
    let hash = line_hash(&prev_hash, seq, at, a);
    tx.execute(
        "INSERT INTO access_log (seq, at, actor, action, target, client, outcome, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            seq as i64, at, a.actor, a.action, a.target, a.client, a.outcome, prev_hash, hash
        ],
    )?;
    tx.commit()?;
    Ok(AccessEntry {
        seq,
        at: at.to_string(),
        access: a.clone(),
        prev_hash,
        hash,
    })
}

fn row(r: &rusqlite::Row<'_>) -> Result<AccessEntry, rusqlite::Error> {
    let seq: i64 = r.get(0)?;
    Ok(AccessEntry {
        seq: u64::try_from(seq).unwrap_or(0),
        at: r.get(1)?,
        access: NewAccess {
            actor: r.get(2)?,
            action: r.get(3)?,
            target: r.get(4)?,
            client: r.get(5)?,
            outcome: r.get(6)?,
        },
        prev_hash: r.get(7)?,
        hash: r.get(8)?,
    })
}

const COLUMNS: &str = "seq, at, actor, action, target, client, outcome, prev_hash, hash";

pub(crate) fn read(
    conn: &Connection,
    after: u64,
    limit: usize,
) -> Result<Vec<AccessEntry>, rusqlite::Error> {
    let mut st = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM access_log WHERE seq > ?1 ORDER BY seq LIMIT ?2"
    ))?;
    let after = i64::try_from(after).unwrap_or(i64::MAX);
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    st.query_map(params![after, limit], row)?.collect()
}

pub(crate) fn verify(conn: &Connection) -> Result<AccessLogCheck, rusqlite::Error> {
    let mut st = conn.prepare(&format!("SELECT {COLUMNS} FROM access_log ORDER BY seq"))?;
    let mut check = AccessLogCheck {
        entries: 0,
        head: (0, GENESIS.to_string()),
        problem: None,
    };
    for e in st.query_map([], row)? {
        let e = e?;
        check.entries += 1;
        if check.problem.is_none() {
            let (last, prev) = &check.head;
            if e.seq != last + 1 {
                check.problem = Some(format!("line {} follows line {last}", e.seq));
            } else if e.prev_hash != *prev {
                check.problem = Some(format!("line {} does not link to line {last}", e.seq));
            } else if line_hash(prev, e.seq, &e.at, &e.access) != e.hash {
                check.problem = Some(format!("line {} was altered", e.seq));
            }
        }
        check.head = (e.seq, e.hash);
    }
    Ok(check)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(actor: &str) -> NewAccess {
        NewAccess {
            actor: actor.into(),
            action: "weapon.read".into(),
            target: "w".into(),
            client: "127.0.0.1".into(),
            outcome: "ok".into(),
        }
    }

    #[test]
    fn lines_chain_and_a_changed_field_changes_the_hash() {
        let a = line_hash(GENESIS, 1, "2026-01-01T00:00:00.000Z", &line("ann"));
        let b = line_hash(GENESIS, 1, "2026-01-01T00:00:00.000Z", &line("bob"));
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(
            a,
            line_hash(&b, 1, "2026-01-01T00:00:00.000Z", &line("ann"))
        );
    }

    #[test]
    fn an_appended_log_verifies() -> Result<(), rusqlite::Error> {
        let mut conn = Connection::open_in_memory()?;
        conn.execute_batch(crate::accounts::SCHEMA)?;
        for who in ["ann", "bob", "cy"] {
            append(&mut conn, &line(who), "2026-01-01T00:00:00.000Z")?;
        }
        let check = verify(&conn)?;
        assert_eq!(check.entries, 3);
        assert_eq!(check.problem, None);
        assert_eq!(read(&conn, 1, 10)?.len(), 2);
        assert!(conn.execute("DELETE FROM access_log", []).is_err());
        Ok(())
    }
}
