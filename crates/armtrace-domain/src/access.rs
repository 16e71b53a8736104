//! The access log: who read or changed which record, when and from where — itself a
//! hash chain, so that an auditor can trust it like the registry (the brief: "every read
//! of sensitive records logged"; the tracing instrument's confidentiality, ITI plan A.5,
//! `001_457efa9667c1123e.txt`).
//!
//! The hash of access entry *n* is `SHA-256("armtrace-access-v1" ‖ prev_hash ‖ u64be(seq)
//! ‖ field(at) ‖ field(account) ‖ field(action) ‖ field(subject) ‖ field(origin) ‖
//! field(outcome))`, with
//! `field` as in [`crate::ledger`].

use crate::ledger::{ChainLink, EntryHash, format_recorded_at};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// One access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessEntry {
    /// Position, from 1.
    pub seq: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (an account name).
    pub account: String,
    /// What was done: `show`, `search`, `export`, `record`, `backup`, `verify`…
    pub action: String,
    /// On what: a weapon id, a query, a file.
    pub subject: String,
    /// From where: `cli@HOST`, a client address.
    pub origin: String,
    /// How it ended: `ok`, `denied`, `rejected`, `not_found`…
    pub outcome: String,
    /// Hash of the entry before.
    pub prev_hash: EntryHash,
    /// This entry's hash.
    pub hash: EntryHash,
}

impl AccessEntry {
    /// The entry after `prev` (position and hash), sealed.
    #[allow(clippy::too_many_arguments)]
    pub fn seal(
        prev_seq: u64,
        prev_hash: EntryHash,
        at: DateTime<Utc>,
        account: &str,
        action: &str,
        subject: &str,
        origin: &str,
        outcome: &str,
    ) -> AccessEntry {
        let mut e = AccessEntry {
            seq: prev_seq + 1,
            at: crate::ledger::ledger_time(at),
            account: account.to_string(),
            action: action.to_string(),
            subject: subject.to_string(),
            origin: origin.to_string(),
            outcome: outcome.to_string(),
            prev_hash,
            hash: EntryHash::GENESIS,
        };
        e.hash = e.computed_hash();
        e
    }

    /// The hash this entry should have.
    pub fn computed_hash(&self) -> EntryHash {
        let mut h = Sha256::new();
        h.update(b"armtrace-access-v1");
        h.update(self.prev_hash.0);
        h.update(self.seq.to_be_bytes());
        for field in [
            format_recorded_at(&self.at).as_str(),
            &self.account,
            &self.action,
            &self.subject,
            &self.origin,
            &self.outcome,
        ] {
            h.update((field.len() as u32).to_be_bytes());
            h.update(field.as_bytes());
        }
        EntryHash(h.finalize().into())
    }
}

impl ChainLink for AccessEntry {
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
        AccessEntry::computed_hash(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_walks_and_any_change_breaks_it() {
        let now = Utc::now();
        let a = AccessEntry::seal(
            0,
            EntryHash::GENESIS,
            now,
            "auditor",
            "show",
            "w1",
            "cli@host",
            "ok",
        );
        let b = AccessEntry::seal(
            1, a.hash, now, "auditor", "search", "KR12?4", "cli@host", "ok",
        );
        let mut w = crate::ledger::ChainWalker::default();
        assert!(w.step(&a).is_ok() && w.step(&b).is_ok());
        let mut forged = b.clone();
        forged.subject = "w2".into();
        let mut w = crate::ledger::ChainWalker::default();
        assert!(w.step(&a).is_ok());
        assert!(matches!(
            w.step(&forged),
            Err(crate::ledger::ChainBreak::Content { seq: 2, .. })
        ));
    }
}
