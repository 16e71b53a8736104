//! Identifiers. Every record gets a UUIDv7: time-ordered, and unique without a central
//! counter, so that offline field collection and other nodes can create records that
//! never collide when they are merged later (roadmap: "offline first").

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered identifier (UUIDv7).
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim())
                    .map(Self)
                    .map_err(|_| InvalidId { what: $what, value: s.to_string() })
            }
        }
    };
}

id_type!(
    /// Identifies a weapon for its whole life, whatever is later corrected about it.
    WeaponId,
    "weapon id"
);
id_type!(
    /// Identifies a holder.
    HolderId,
    "holder id"
);
id_type!(
    /// Identifies an event on a weapon.
    EventId,
    "event id"
);
id_type!(
    /// Identifies a ledger entry.
    EntryId,
    "entry id"
);

/// A text that is not a UUID where one was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{value}' is not a valid {what}: expected a UUID such as 0190f3c2-6d1e-7a8b-9c0d-1e2f3a4b5c6d"
)]
pub struct InvalidId {
    /// Which identifier was expected.
    pub what: &'static str,
    /// The text given.
    pub value: String,
}

/// A UUID derived from content (UUIDv8 carrying the first bytes of a SHA-256 of it), for
/// records imported without an id: the same content always gets the same id, so that
/// importing the same file twice adds nothing.
pub fn content_uuid(namespace: &str, parts: &[&str]) -> Uuid {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(namespace.as_bytes());
    for p in parts {
        h.update((p.len() as u32).to_be_bytes());
        h.update(p.as_bytes());
    }
    let digest: [u8; 32] = h.finalize().into();
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    Uuid::new_v8(b)
}
