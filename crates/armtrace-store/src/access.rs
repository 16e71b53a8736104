//! The access log of a store: every read of a weapon's record and every change, recorded
//! before the record is shown or the change returned, in a hash chain of its own.
//!
//! Group commit: lines logged at the same time by many threads are appended by one of
//! them in one durable transaction, in the order they were handed in, each sealed onto
//! the one before exactly as if it had been written alone; every caller returns only
//! once its own line is committed. One commit (one `fsync`) then serves every line that
//! arrived while the previous commit was running.

use crate::{Store, StoreError};
use armtrace_domain::access::AccessEntry;
use armtrace_domain::ledger::ChainBreak;
use armtrace_domain::ledger::ChainWalker;
use chrono::{DateTime, Utc};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// A line to append.
struct Line {
    account: String,
    action: String,
    subject: String,
    origin: String,
    outcome: String,
    at: DateTime<Utc>,
}

/// The lines waiting to be appended, and whether a caller is appending a batch.
#[derive(Default)]
pub(crate) struct AccessQueue {
    state: Mutex<QueueState>,
}

#[derive(Default)]
struct QueueState {
    waiting: Vec<(Line, Arc<Slot>)>,
    /// A caller is appending a batch (at most one at a time).
    appending: bool,
}

/// Where a waiting caller is told what became of its line, or that it is to append the
/// next batch.
#[derive(Default)]
struct Slot {
    state: Mutex<SlotState>,
    wake: Condvar,
}

#[derive(Default)]
enum SlotState {
    #[default]
    Waiting,
    /// Append the lines waiting now (this caller's among them).
    Lead,
    Done(Box<Result<AccessEntry, StoreError>>),
}

/// Locks, whatever a panicking thread left: every state here is whole between statements.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Gives each line of the batch its outcome when the appending caller is done (or fails
/// them if it unwinds), then hands the lead to the first caller waiting, so that no
/// caller waits for ever.
struct Appending<'a> {
    queue: &'a AccessQueue,
    slots: Vec<Arc<Slot>>,
    outcomes: Option<Vec<Result<AccessEntry, StoreError>>>,
}

impl Drop for Appending<'_> {
    fn drop(&mut self) {
        let mut outcomes = self.outcomes.take().unwrap_or_default().into_iter();
        for slot in self.slots.drain(..) {
            let outcome = outcomes.next().unwrap_or_else(|| {
                Err(StoreError::Damaged(
                    "the access log writer failed before this line was written".into(),
                ))
            });
            *lock(&slot.state) = SlotState::Done(Box::new(outcome));
            slot.wake.notify_one();
        }
        let next = {
            let mut queue = lock(&self.queue.state);
            let next = queue.waiting.first().map(|(_, slot)| Arc::clone(slot));
            queue.appending = next.is_some();
            next
        };
        if let Some(slot) = next {
            *lock(&slot.state) = SlotState::Lead;
            slot.wake.notify_one();
        }
    }
}

impl Store {
    /// Records that `account` did `action` on `subject` from `origin`, durably, before
    /// the caller shows anything: a read that cannot be logged must not happen.
    ///
    /// Lines logged concurrently through this store are committed together (see the
    /// module documentation); the call returns once this line is durable.
    pub fn log_access(
        &self,
        account: &str,
        action: &str,
        subject: &str,
        origin: &str,
        outcome: &str,
        at: DateTime<Utc>,
    ) -> Result<AccessEntry, StoreError> {
        let queue = &*self.access_queue;
        let slot = Arc::new(Slot::default());
        let line = Line {
            account: account.to_string(),
            action: action.to_string(),
            subject: subject.to_string(),
            origin: origin.to_string(),
            outcome: outcome.to_string(),
            at,
        };
        let lead = {
            let mut state = lock(&queue.state);
            state.waiting.push((line, Arc::clone(&slot)));
            !std::mem::replace(&mut state.appending, true)
        };
        if !lead {
            let mut state = lock(&slot.state);
            loop {
                match std::mem::take(&mut *state) {
                    SlotState::Done(done) => return *done,
                    SlotState::Lead => break,
                    SlotState::Waiting => {
                        state = slot.wake.wait(state).unwrap_or_else(|p| p.into_inner());
                    }
                }
            }
        }
        // This caller appends everything waiting, its own line included.
        let batch = std::mem::take(&mut lock(&queue.state).waiting);
        let (lines, slots): (Vec<Line>, Vec<Arc<Slot>>) = batch.into_iter().unzip();
        let mut appending = Appending {
            queue,
            slots,
            outcomes: None,
        };
        appending.outcomes = Some(self.append_access(&lines));
        drop(appending);
        match std::mem::take(&mut *lock(&slot.state)) {
            SlotState::Done(done) => *done,
            _ => Err(StoreError::Damaged("access entry not written".into())),
        }
    }

    /// Appends `lines` in one transaction, in order; if that fails, each line in a
    /// transaction of its own, so that each gets its own outcome.
    fn append_access(&self, lines: &[Line]) -> Vec<Result<AccessEntry, StoreError>> {
        match self.write_access(lines) {
            Ok(sealed) => sealed.into_iter().map(Ok).collect(),
            Err(e) if lines.len() == 1 => vec![Err(e)],
            Err(_) => lines
                .iter()
                .map(|l| {
                    self.write_access(std::slice::from_ref(l))?
                        .pop()
                        .ok_or_else(|| StoreError::Damaged("access entry not written".into()))
                })
                .collect(),
        }
    }

    fn write_access(&self, lines: &[Line]) -> Result<Vec<AccessEntry>, StoreError> {
        let mut sealed = Vec::with_capacity(lines.len());
        self.backend.write(&mut |tx| {
            sealed.clear();
            let (mut seq, mut hash) = tx.access_head()?;
            for l in lines {
                let e = AccessEntry::seal(
                    seq, hash, l.at, &l.account, &l.action, &l.subject, &l.origin, &l.outcome,
                );
                tx.insert_access(&e)?;
                (seq, hash) = (e.seq, e.hash);
                sealed.push(e);
            }
            Ok(())
        })?;
        if sealed.len() != lines.len() {
            return Err(StoreError::Damaged("access entry not written".into()));
        }
        Ok(sealed)
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
