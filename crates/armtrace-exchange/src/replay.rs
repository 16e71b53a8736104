//! The ids of messages already accepted, so that every message takes effect once.
//!
//! [`crate::verify`] asks the guard as its very last check, after everything else has
//! passed: only messages that are otherwise acceptable are remembered. A message is
//! remembered by `(from, id)` — one sender cannot spoil another's ids — until its
//! `expires`; after that [`crate::verify`] refuses it as expired anyway, so the guard
//! may forget it.
//!
//! A node must record the sighting in the same transaction as it stores the message
//! (and its log record): a crash between the two would otherwise leave an id marked
//! as seen for a message that never took effect.

use crate::identity::NodeId;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use uuid::Uuid;

/// Whether a message was new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sighting {
    /// Not seen before; now recorded.
    First,
    /// Seen before: a duplicate or a replay.
    Again,
}

/// The guard's store could not answer (a database error); the message was not
/// recorded and the sender should retry later.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the store of seen message ids failed: {0}")]
pub struct GuardError(pub String);

/// A store of the `(from, id)` pairs of accepted messages.
pub trait ReplayGuard {
    /// Records that message `id` from `from` was accepted, to be remembered at least
    /// until `keep_until`, and says whether it had been seen before. Must be atomic:
    /// of two concurrent calls with the same pair, exactly one sees
    /// [`Sighting::First`].
    fn record(
        &mut self,
        from: &NodeId,
        id: Uuid,
        keep_until: DateTime<Utc>,
    ) -> Result<Sighting, GuardError>;
}

/// A guard in memory, for tests and single-process tools.
#[derive(Debug, Clone, Default)]
pub struct MemoryReplayGuard {
    seen: HashMap<(NodeId, Uuid), DateTime<Utc>>,
}

impl MemoryReplayGuard {
    /// An empty guard.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many ids it remembers.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// Whether it remembers nothing.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Forgets the ids whose messages expired at or before `now`.
    pub fn forget_expired(&mut self, now: DateTime<Utc>) {
        self.seen.retain(|_, keep_until| *keep_until > now);
    }
}

impl ReplayGuard for MemoryReplayGuard {
    fn record(
        &mut self,
        from: &NodeId,
        id: Uuid,
        keep_until: DateTime<Utc>,
    ) -> Result<Sighting, GuardError> {
        use std::collections::hash_map::Entry;
        match self.seen.entry((from.clone(), id)) {
            Entry::Occupied(_) => Ok(Sighting::Again),
            Entry::Vacant(v) => {
                v.insert(keep_until);
                Ok(Sighting::First)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn first_then_again_per_sender_and_forgets_after_expiry() {
        let mut g = MemoryReplayGuard::new();
        let ke: NodeId = "KE".parse().expect("node");
        let ug: NodeId = "UG".parse().expect("node");
        let id = Uuid::from_u128(1);
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let until = now + Duration::days(1);
        assert_eq!(g.record(&ke, id, until), Ok(Sighting::First));
        assert_eq!(g.record(&ke, id, until), Ok(Sighting::Again));
        assert_eq!(g.record(&ug, id, until), Ok(Sighting::First));
        g.forget_expired(now);
        assert_eq!(g.len(), 2);
        g.forget_expired(until);
        assert!(g.is_empty());
    }
}
