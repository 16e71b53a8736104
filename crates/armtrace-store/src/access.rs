//! The access log of a store: every read of a weapon's record and every change, recorded
//! before the record is shown or the change returned, in a hash chain of its own.

use crate::{Store, StoreError};
use armtrace_domain::access::AccessEntry;
use armtrace_domain::ledger::ChainBreak;
use armtrace_domain::ledger::ChainWalker;
use chrono::{DateTime, Utc};

impl Store {
    /// Records that `account` did `action` on `subject` from `origin`, durably, before
    /// the caller shows anything: a read that cannot be logged must not happen.
    pub fn log_access(
        &self,
        account: &str,
        action: &str,
        subject: &str,
        origin: &str,
        outcome: &str,
        at: DateTime<Utc>,
    ) -> Result<AccessEntry, StoreError> {
        let mut sealed = None;
        self.backend.write(&mut |tx| {
            let (seq, hash) = tx.access_head()?;
            let e = AccessEntry::seal(seq, hash, at, account, action, subject, origin, outcome);
            tx.insert_access(&e)?;
            sealed = Some(e);
            Ok(())
        })?;
        sealed.ok_or_else(|| StoreError::Damaged("access entry not written".into()))
    }

    /// The last `limit` access-log entries, oldest first.
    pub fn access_log(&self, limit: usize) -> Result<Vec<AccessEntry>, StoreError> {
        let (head, _) = self.access_head()?;
        self.access_log_after(head.saturating_sub(limit as u64), limit)
    }

    /// At most `limit` access-log entries after position `after`, oldest first.
    pub fn access_log_after(
        &self,
        after: u64,
        limit: usize,
    ) -> Result<Vec<AccessEntry>, StoreError> {
        let mut out = Vec::new();
        self.backend.read(&mut |tx| {
            out.clear();
            tx.for_each_access(after.saturating_add(1), limit as u64, &mut |e| {
                out.push(e);
                Ok(())
            })
        })?;
        Ok(out)
    }

    /// The access log's recorded head: position and hash.
    pub fn access_head(&self) -> Result<(u64, armtrace_domain::ledger::EntryHash), StoreError> {
        let mut head = (0, armtrace_domain::ledger::EntryHash::GENESIS);
        self.backend.read(&mut |tx| {
            head = tx.access_head()?;
            Ok(())
        })?;
        Ok(head)
    }

    /// Walks the access log's chain to its recorded head; returns the entries walked, or
    /// the first break.
    pub fn verify_access_log(&self) -> Result<Result<u64, ChainBreak>, StoreError> {
        let mut result = Ok(0);
        self.backend.read(&mut |tx| {
            let (head_seq, head_hash) = tx.access_head()?;
            let mut walker = ChainWalker::default();
            let mut broken: Option<ChainBreak> = None;
            let mut n = 0u64;
            tx.for_each_access(1, u64::MAX, &mut |e| {
                if broken.is_none() {
                    n += 1;
                    if let Err(b) = walker.step(&e) {
                        broken = Some(b);
                    }
                }
                Ok(())
            })?;
            result = match broken {
                Some(b) => Err(b),
                None if walker.head() != (head_seq, head_hash) => Err(ChainBreak::Head {
                    head_seq,
                    head_hash,
                    found_seq: walker.head().0,
                    found_hash: walker.head().1,
                }),
                None => Ok(n),
            };
            Ok(())
        })?;
        Ok(result)
    }
}
