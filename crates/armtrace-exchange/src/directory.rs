//! The directory of points of contact: which nodes exist, how to reach them, and which
//! keys speak for them when.
//!
//! A hub (regional or global) publishes the directory as a JWS compact serialization
//! signed with its own key, `typ` `armtrace-directory-v1`. A node trusts the hub keys
//! its administrator configured ([`TrustedHubs`]) and imports a directory only when it
//! is signed by one of them, valid, and newer than the one it holds
//! ([`Directory::import`]).
//!
//! Keys rotate by overlap: the hub lists the new key with `valid_from` and gives the old
//! key a `valid_until` later than that, so both are accepted in between; the node
//! switches to the new key within the overlap. A compromised key gets `revoked_at`:
//! from that instant, nothing signed with it is accepted, whatever its `created` says.

use crate::envelope::MAX_CLOCK_SKEW_SECONDS;
use crate::identity::{Contact, KeyPair, Kid, NodeId, NodeIdentity, PublicKey};
use crate::jws;
use crate::message::rfc3339;
use armtrace_domain::CountryCode;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

/// The protected header's `typ` of a signed directory.
pub const DIRECTORY_TYP: &str = "armtrace-directory-v1";

/// The largest signed directory accepted, in bytes (4 MiB).
pub const MAX_DIRECTORY_BYTES: usize = 4 * 1024 * 1024;

/// The directory: every point of contact a node can exchange with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Directory {
    /// Increases with every directory the hub publishes.
    pub version: u64,
    /// When the hub issued it.
    #[serde(with = "rfc3339")]
    pub issued: DateTime<Utc>,
    /// Who issued it (the hub's name).
    pub issuer: String,
    /// One entry per node.
    pub entries: Vec<DirectoryEntry>,
}

/// One node's point of contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectoryEntry {
    /// The node.
    pub node: NodeId,
    /// Its State (must be the node id's first two letters).
    pub state: CountryCode,
    /// The point-of-contact office.
    pub office: String,
    /// How to reach the office.
    #[serde(default)]
    pub contact: Contact,
    /// The URL of the node's inbox (`https://…`).
    pub inbox: String,
    /// The node's keys, current and past.
    pub keys: Vec<DirectoryKey>,
}

/// One key of a node, with the time it may be used. Written as the public JWK's
/// members (`kty`, `crv`, `x`, `kid`) followed by `valid_from`, `valid_until` and
/// `revoked_at`, so that a JOSE library reads the entry as a JWK.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectoryKey {
    /// The public key and its kid.
    #[serde(flatten)]
    pub public: PublicKey,
    /// From when messages signed with it are accepted.
    #[serde(with = "rfc3339")]
    pub valid_from: DateTime<Utc>,
    /// Until when (exclusive); `None` while it is the current key.
    #[serde(
        default,
        with = "rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub valid_until: Option<DateTime<Utc>>,
    /// When it was revoked; from then on nothing signed with it is accepted.
    #[serde(
        default,
        with = "rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Why a key cannot be used at a given time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyProblem {
    /// No entry lists the key.
    #[error("no point of contact in the directory has key {kid}")]
    Unknown {
        /// The key.
        kid: Kid,
    },
    /// The key was revoked.
    #[error("key {kid} was revoked at {}", rfc3339::format(.revoked_at))]
    Revoked {
        /// The key.
        kid: Kid,
        /// When.
        revoked_at: DateTime<Utc>,
    },
    /// The key is not valid yet.
    #[error("key {kid} is valid only from {}", rfc3339::format(.valid_from))]
    NotYetValid {
        /// The key.
        kid: Kid,
        /// From when it is valid.
        valid_from: DateTime<Utc>,
    },
    /// The key was retired (rotated out).
    #[error("key {kid} was valid only until {}", rfc3339::format(.valid_until))]
    Retired {
        /// The key.
        kid: Kid,
        /// Until when it was valid.
        valid_until: DateTime<Utc>,
    },
}

impl DirectoryKey {
    /// A key valid from `valid_from` on, not yet rotated out or revoked.
    pub fn new(public: PublicKey, valid_from: DateTime<Utc>) -> Self {
        DirectoryKey {
            public,
            valid_from,
            valid_until: None,
            revoked_at: None,
        }
    }

    /// Why the key cannot be used at `at`, if it cannot. Revocation is checked first.
    pub fn problem_at(&self, at: DateTime<Utc>) -> Option<KeyProblem> {
        let kid = self.public.kid().clone();
        if let Some(revoked_at) = self.revoked_at
            && revoked_at <= at
        {
            return Some(KeyProblem::Revoked { kid, revoked_at });
        }
        if at < self.valid_from {
            return Some(KeyProblem::NotYetValid {
                kid,
                valid_from: self.valid_from,
            });
        }
        if let Some(valid_until) = self.valid_until
            && valid_until <= at
        {
            return Some(KeyProblem::Retired { kid, valid_until });
        }
        None
    }
}

impl DirectoryEntry {
    /// The entry for a node, with its current key valid from `valid_from`.
    pub fn for_identity(
        identity: &NodeIdentity,
        inbox: impl Into<String>,
        valid_from: DateTime<Utc>,
    ) -> Self {
        DirectoryEntry {
            node: identity.node.clone(),
            state: identity.state(),
            office: identity.office.clone(),
            contact: identity.contact.clone(),
            inbox: inbox.into(),
            keys: vec![DirectoryKey::new(identity.key.public().clone(), valid_from)],
        }
    }
}

/// The hub keys a node trusts to sign directories, configured by its administrator.
#[derive(Debug, Clone, Default)]
pub struct TrustedHubs {
    keys: Vec<PublicKey>,
}

impl TrustedHubs {
    /// Trust these hub keys.
    pub fn new(keys: impl IntoIterator<Item = PublicKey>) -> Self {
        TrustedHubs {
            keys: keys.into_iter().collect(),
        }
    }

    /// The trusted key with this kid.
    pub fn get(&self, kid: &Kid) -> Option<&PublicKey> {
        self.keys.iter().find(|k| k.kid() == kid)
    }
}

/// Why a directory was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DirectoryError {
    /// Larger than [`MAX_DIRECTORY_BYTES`].
    #[error("the directory is {size} bytes, more than the {limit} accepted")]
    Oversized {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Not a signed directory.
    #[error("not a signed directory: {0}")]
    Malformed(String),
    /// Signed by a key the node does not trust.
    #[error("the directory is signed by key {kid}, which is not a trusted hub key")]
    UntrustedHub {
        /// The key.
        kid: Kid,
    },
    /// The signature does not verify.
    #[error("the directory's signature does not verify with hub key {kid}")]
    BadSignature {
        /// The key.
        kid: Kid,
    },
    /// The content breaks a rule.
    #[error("the directory is invalid: {0}")]
    Invalid(String),
    /// Not newer than the directory held.
    #[error(
        "directory version {offered} is not newer than version {current}, which this node holds: a directory is never replaced by an older or equal one"
    )]
    NotNewer {
        /// The version held.
        current: u64,
        /// The version offered.
        offered: u64,
    },
    /// Issued in the future.
    #[error("the directory was issued at {}, later than now ({}) beyond the allowed clock skew", rfc3339::format(.issued), rfc3339::format(.now))]
    IssuedInFuture {
        /// When it says it was issued.
        issued: DateTime<Utc>,
        /// The node's time.
        now: DateTime<Utc>,
    },
}

/// A directory with the exact signed bytes it came in, to keep as evidence and to
/// pass on.
#[derive(Clone, PartialEq)]
pub struct SignedDirectory {
    compact: String,
    directory: Directory,
}

impl fmt::Debug for SignedDirectory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedDirectory")
            .field("version", &self.directory.version)
            .field("bytes", &self.compact.len())
            .finish()
    }
}

impl SignedDirectory {
    /// The compact JWS.
    pub fn as_str(&self) -> &str {
        &self.compact
    }

    /// The directory.
    pub fn directory(&self) -> &Directory {
        &self.directory
    }

    /// The directory, dropping the bytes.
    pub fn into_directory(self) -> Directory {
        self.directory
    }
}

fn invalid(msg: String) -> DirectoryError {
    DirectoryError::Invalid(msg)
}

impl Directory {
    /// Checks the rules every directory keeps: an issuer; unique node ids; each
    /// entry's `state` the node id's State; an office; an `https://` (or, for tests on
    /// one machine, `http://`) inbox URL; at least one key; kids unique across the
    /// directory; `valid_until` after `valid_from`.
    pub fn validate(&self) -> Result<(), DirectoryError> {
        if self.issuer.trim().is_empty() {
            return Err(invalid("the issuer is empty".into()));
        }
        let mut nodes = HashSet::new();
        let mut kids = HashSet::new();
        for e in &self.entries {
            let node = &e.node;
            if !nodes.insert(node) {
                return Err(invalid(format!("node {node} is listed twice")));
            }
            if e.state != node.state() {
                return Err(invalid(format!(
                    "node {node} is listed under State {}",
                    e.state
                )));
            }
            if e.office.trim().is_empty() {
                return Err(invalid(format!("node {node} has no office")));
            }
            let url_ok = (e.inbox.starts_with("https://") || e.inbox.starts_with("http://"))
                && e.inbox.len() <= 2048
                && !e.inbox.chars().any(|c| c.is_whitespace() || c.is_control());
            if !url_ok {
                return Err(invalid(format!(
                    "node {node}: inbox {:?} is not an http(s) URL",
                    e.inbox
                )));
            }
            if e.keys.is_empty() {
                return Err(invalid(format!("node {node} has no key")));
            }
            for k in &e.keys {
                let kid = k.public.kid();
                if !kids.insert(kid) {
                    return Err(invalid(format!("key {kid} is listed twice")));
                }
                if let Some(until) = k.valid_until
                    && until <= k.valid_from
                {
                    return Err(invalid(format!(
                        "key {kid} of node {node}: valid_until is not after valid_from"
                    )));
                }
            }
        }
        Ok(())
    }

    /// The entry of a node.
    pub fn entry(&self, node: &NodeId) -> Option<&DirectoryEntry> {
        self.entries.iter().find(|e| &e.node == node)
    }

    /// The key with this kid and the entry that lists it, whatever its validity.
    pub fn find_key(&self, kid: &Kid) -> Option<(&DirectoryEntry, &DirectoryKey)> {
        self.entries.iter().find_map(|e| {
            e.keys
                .iter()
                .find(|k| k.public.kid() == kid)
                .map(|k| (e, k))
        })
    }

    /// The key with this kid, if it may be used at `at`.
    pub fn key_for(
        &self,
        kid: &Kid,
        at: DateTime<Utc>,
    ) -> Result<(&DirectoryEntry, &DirectoryKey), KeyProblem> {
        let (entry, key) = self
            .find_key(kid)
            .ok_or_else(|| KeyProblem::Unknown { kid: kid.clone() })?;
        match key.problem_at(at) {
            Some(problem) => Err(problem),
            None => Ok((entry, key)),
        }
    }

    /// Validates and signs the directory with a hub key (what a hub does).
    pub fn sign(&self, hub: &KeyPair) -> Result<SignedDirectory, DirectoryError> {
        self.validate()?;
        let payload =
            serde_json::to_vec(self).map_err(|e| DirectoryError::Malformed(e.to_string()))?;
        let compact = jws::sign(hub, DIRECTORY_TYP, &payload)
            .map_err(|e| DirectoryError::Malformed(e.to_string()))?;
        if compact.len() > MAX_DIRECTORY_BYTES {
            return Err(DirectoryError::Oversized {
                size: compact.len(),
                limit: MAX_DIRECTORY_BYTES,
            });
        }
        Ok(SignedDirectory {
            compact,
            directory: self.clone(),
        })
    }

    /// Reads a signed directory: size, JWS form, a trusted hub's signature, content
    /// rules. Does not compare versions: see [`Directory::import`].
    pub fn open(bytes: &[u8], hubs: &TrustedHubs) -> Result<SignedDirectory, DirectoryError> {
        if bytes.len() > MAX_DIRECTORY_BYTES {
            return Err(DirectoryError::Oversized {
                size: bytes.len(),
                limit: MAX_DIRECTORY_BYTES,
            });
        }
        let parts = jws::parse(bytes, DIRECTORY_TYP).map_err(DirectoryError::Malformed)?;
        let kid = parts.header.kid;
        let hub = hubs
            .get(&kid)
            .ok_or_else(|| DirectoryError::UntrustedHub { kid: kid.clone() })?;
        hub.verifying_key()
            .verify_strict(parts.signing_input.as_bytes(), &parts.signature)
            .map_err(|_| DirectoryError::BadSignature { kid: kid.clone() })?;
        let directory: Directory = serde_json::from_slice(&parts.payload)
            .map_err(|e| DirectoryError::Malformed(format!("payload: {e}")))?;
        directory.validate()?;
        Ok(SignedDirectory {
            compact: parts.compact.to_string(),
            directory,
        })
    }

    /// Imports a signed directory in place of `current`: [`Directory::open`], then
    /// refuses one issued in the future (beyond the clock skew) or whose version is not
    /// greater than the current one's (no downgrade, no replay of an old directory
    /// that still lists a since-revoked key without its revocation).
    pub fn import(
        bytes: &[u8],
        hubs: &TrustedHubs,
        current: Option<&Directory>,
        now: DateTime<Utc>,
    ) -> Result<SignedDirectory, DirectoryError> {
        let signed = Self::open(bytes, hubs)?;
        let issued = signed.directory.issued;
        if issued > now + Duration::seconds(MAX_CLOCK_SKEW_SECONDS) {
            return Err(DirectoryError::IssuedInFuture { issued, now });
        }
        if let Some(current) = current
            && signed.directory.version <= current.version
        {
            return Err(DirectoryError::NotNewer {
                current: current.version,
                offered: signed.directory.version,
            });
        }
        Ok(signed)
    }
}
