//! Signed envelopes: a [`Message`] as a JWS compact serialization (RFC 7515 §7.1),
//! `alg` `EdDSA` over Ed25519 (RFC 8037), and the checks a receiving node makes.
//!
//! ```text
//! BASE64URL(UTF8(header)) '.' BASE64URL(UTF8(payload)) '.' BASE64URL(signature)
//! header  = {"alg":"EdDSA","kid":"<sender key thumbprint>","typ":"armtrace-message-v1"}
//! payload = the message JSON (see crate::message)
//! signature = Ed25519(sender private key, ASCII(first two parts joined by '.'))
//! ```
//!
//! The envelope's bytes are exactly this ASCII text, nothing before or after; the
//! receipt's digest is the SHA-256 of these bytes.
//!
//! [`verify`] checks, in this order, and refuses with the first failure (its
//! [`Rejection::code`] is stable and documented in `docs/exchange.md`):
//!
//! 1. size ≤ [`MAX_ENVELOPE_BYTES`] — `oversized`;
//! 2. the JWS form and the protected header — `malformed`;
//! 3. the `kid` is in the directory — `unknown_key`;
//! 4. the signature verifies (strict Ed25519) — `bad_signature`;
//! 5. the payload is a message — `malformed`;
//! 6. the key belongs to the `from` node — `sender_mismatch`;
//! 7. the key is not revoked now — `revoked_key`;
//! 8. the key is within its validity window now — `key_not_valid`;
//! 9. `to` is this node — `wrong_recipient`;
//! 10. `created` < `expires` ≤ `created` + [`MAX_LIFETIME_SECONDS`] — `bad_lifetime`;
//! 11. `created` ≤ now + [`MAX_CLOCK_SKEW_SECONDS`] — `created_in_future`;
//! 12. now < `expires` — `expired`;
//! 13. `(from, id)` not seen before — `replay` (or `replay_store_unavailable`).
//!
//! The signature is checked before the key's status so that a refusal for a revoked
//! or rotated-out key is only ever logged for a message that key really signed.

use crate::digest::Sha256Digest;
use crate::directory::{Directory, KeyProblem};
use crate::identity::{Kid, NodeId, NodeIdentity};
use crate::jws;
use crate::message::{Message, MessageType, rfc3339};
use crate::replay::{ReplayGuard, Sighting};
use chrono::{DateTime, Duration, Utc};
use std::fmt;
use uuid::Uuid;

/// The protected header's `typ` of a message envelope.
pub const MESSAGE_TYP: &str = "armtrace-message-v1";

/// The largest envelope accepted, in bytes (1 MiB).
pub const MAX_ENVELOPE_BYTES: usize = 1024 * 1024;

/// How far in the future `created` may lie, for clocks that disagree (5 minutes).
pub const MAX_CLOCK_SKEW_SECONDS: i64 = 5 * 60;

/// The longest a message may live from `created` to `expires` (30 days). Bounds how
/// long a receiver must remember ids, and how long an outbox may retry.
pub const MAX_LIFETIME_SECONDS: i64 = 30 * 24 * 60 * 60;

/// A signed message, exactly as sent or received.
#[derive(Clone, PartialEq)]
pub struct Envelope {
    compact: String,
    kid: Kid,
    message: Message,
}

impl fmt::Debug for Envelope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The body may be confidential (trace details): show only the routing.
        f.debug_struct("Envelope")
            .field("id", &self.message.id)
            .field("from", &self.message.from.as_str())
            .field("to", &self.message.to.as_str())
            .field("type", &self.message.kind.as_str())
            .field("kid", &self.kid.as_str())
            .field("bytes", &self.compact.len())
            .finish()
    }
}

impl fmt::Display for Envelope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.compact)
    }
}

impl Envelope {
    /// The compact JWS: the bytes to send, store and digest.
    pub fn as_str(&self) -> &str {
        &self.compact
    }

    /// The same as bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.compact.as_bytes()
    }

    /// The compact JWS, consuming the envelope.
    pub fn into_string(self) -> String {
        self.compact
    }

    /// The signing key's id.
    pub fn kid(&self) -> &Kid {
        &self.kid
    }

    /// The message it carries.
    pub fn message(&self) -> &Message {
        &self.message
    }

    /// SHA-256 of the envelope's bytes: what a receipt for it must carry.
    pub fn sha256(&self) -> Sha256Digest {
        Sha256Digest::of(self.compact.as_bytes())
    }

    /// Reads back an envelope this node signed and stored itself (an outbox entry),
    /// checking its form but **not its signature**: never use it on received bytes,
    /// which go through [`verify`].
    pub fn decode_unverified(text: &str) -> Result<Envelope, Rejection> {
        let parts = jws::parse(text.as_bytes(), MESSAGE_TYP).map_err(Rejection::Malformed)?;
        let message: Message = serde_json::from_slice(&parts.payload)
            .map_err(|e| Rejection::Malformed(format!("payload: {e}")))?;
        Ok(Envelope {
            compact: text.to_string(),
            kid: parts.header.kid,
            message,
        })
    }
}

/// Why a message could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The message's `from` is not the signing node.
    #[error("the message is from {from}, but this node is {node}")]
    NotFromThisNode {
        /// The message's `from`.
        from: NodeId,
        /// The signing node.
        node: NodeId,
    },
    /// `expires` is not after `created`, or too long after.
    #[error(
        "the message expires at {}, which must be after its creation ({}) and at most {MAX_LIFETIME_SECONDS} s later",
        rfc3339::format(.expires), rfc3339::format(.created)
    )]
    BadLifetime {
        /// `created`.
        created: DateTime<Utc>,
        /// `expires`.
        expires: DateTime<Utc>,
    },
    /// The envelope would exceed [`MAX_ENVELOPE_BYTES`].
    #[error("the envelope would be {size} bytes, more than the {limit} a node accepts")]
    Oversized {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The message could not be written as JSON.
    #[error("the message could not be written as JSON: {0}")]
    Encoding(String),
}

/// Signs a message from this node.
pub fn sign(identity: &NodeIdentity, message: &Message) -> Result<Envelope, SignError> {
    if message.from != identity.node {
        return Err(SignError::NotFromThisNode {
            from: message.from.clone(),
            node: identity.node.clone(),
        });
    }
    if !lifetime_ok(message.created, message.expires) {
        return Err(SignError::BadLifetime {
            created: message.created,
            expires: message.expires,
        });
    }
    let payload = serde_json::to_vec(message).map_err(|e| SignError::Encoding(e.to_string()))?;
    let compact = jws::sign(&identity.key, MESSAGE_TYP, &payload)
        .map_err(|e| SignError::Encoding(e.to_string()))?;
    if compact.len() > MAX_ENVELOPE_BYTES {
        return Err(SignError::Oversized {
            size: compact.len(),
            limit: MAX_ENVELOPE_BYTES,
        });
    }
    Ok(Envelope {
        compact,
        kid: identity.kid().clone(),
        message: message.clone(),
    })
}

fn lifetime_ok(created: DateTime<Utc>, expires: DateTime<Utc>) -> bool {
    created < expires && expires <= created + Duration::seconds(MAX_LIFETIME_SECONDS)
}

/// Why a received message was refused. Each reason has a stable machine
/// [`code`](Rejection::code) and a message that says what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    /// Larger than [`MAX_ENVELOPE_BYTES`].
    #[error("the envelope is {size} bytes, more than the {limit} accepted")]
    Oversized {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Not a well-formed envelope of this protocol.
    #[error("not a well-formed envelope: {0}")]
    Malformed(String),
    /// Signed with a key no directory entry lists.
    #[error("signed with key {kid}, which no point of contact in the directory has")]
    UnknownKey {
        /// The header's kid.
        kid: Kid,
    },
    /// The signature does not verify: the bytes were altered or forged.
    #[error("the signature does not verify with key {kid}: the envelope was altered or forged")]
    BadSignature {
        /// The header's kid.
        kid: Kid,
    },
    /// The key belongs to another node than `from`.
    #[error("the message says it is from {claimed}, but key {kid} belongs to {owner}")]
    SenderMismatch {
        /// The key.
        kid: Kid,
        /// The node the directory lists the key under.
        owner: NodeId,
        /// The payload's `from`.
        claimed: NodeId,
    },
    /// The key was revoked.
    #[error("key {kid} of {owner} was revoked at {}", rfc3339::format(.revoked_at))]
    RevokedKey {
        /// The key.
        kid: Kid,
        /// Its node.
        owner: NodeId,
        /// When it was revoked.
        revoked_at: DateTime<Utc>,
    },
    /// The key is outside its validity window (not yet valid, or rotated out).
    #[error(
        "key {kid} of {owner} is valid from {} {}, not at {}",
        rfc3339::format(.valid_from),
        .valid_until.map(|t| format!("until {}", rfc3339::format(&t))).unwrap_or_else(|| "on".into()),
        rfc3339::format(.at)
    )]
    KeyNotValid {
        /// The key.
        kid: Kid,
        /// Its node.
        owner: NodeId,
        /// Start of its window.
        valid_from: DateTime<Utc>,
        /// End of its window.
        valid_until: Option<DateTime<Utc>>,
        /// The time of verification.
        at: DateTime<Utc>,
    },
    /// Addressed to another node.
    #[error("the message is addressed to {to}, not to this node ({me})")]
    WrongRecipient {
        /// The payload's `to`.
        to: NodeId,
        /// This node.
        me: NodeId,
    },
    /// `expires` not after `created`, or more than [`MAX_LIFETIME_SECONDS`] later.
    #[error(
        "the message was created at {} and expires at {}: expiry must be after creation and at most {MAX_LIFETIME_SECONDS} s later",
        rfc3339::format(.created), rfc3339::format(.expires)
    )]
    BadLifetime {
        /// `created`.
        created: DateTime<Utc>,
        /// `expires`.
        expires: DateTime<Utc>,
    },
    /// `created` lies in the future beyond [`MAX_CLOCK_SKEW_SECONDS`].
    #[error(
        "the message says it was created at {}, later than now ({}) by more than the {MAX_CLOCK_SKEW_SECONDS} s clock skew allowed",
        rfc3339::format(.created), rfc3339::format(.now)
    )]
    CreatedInFuture {
        /// `created`.
        created: DateTime<Utc>,
        /// The time of verification.
        now: DateTime<Utc>,
    },
    /// The message expired.
    #[error("the message expired at {} (now {})", rfc3339::format(.expires), rfc3339::format(.now))]
    Expired {
        /// `expires`.
        expires: DateTime<Utc>,
        /// The time of verification.
        now: DateTime<Utc>,
    },
    /// Already accepted once: a duplicate delivery or a replay.
    #[error("message {id} from {from} was already received")]
    Replay {
        /// The sender.
        from: NodeId,
        /// The message id.
        id: Uuid,
    },
    /// The store of seen ids failed; the message was not accepted and may be sent
    /// again.
    #[error("the message could not be checked against the messages already received: {0}")]
    ReplayStoreUnavailable(String),
}

impl Rejection {
    /// The stable machine code of the reason (`docs/exchange.md`).
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::Oversized { .. } => "oversized",
            Rejection::Malformed(_) => "malformed",
            Rejection::UnknownKey { .. } => "unknown_key",
            Rejection::BadSignature { .. } => "bad_signature",
            Rejection::SenderMismatch { .. } => "sender_mismatch",
            Rejection::RevokedKey { .. } => "revoked_key",
            Rejection::KeyNotValid { .. } => "key_not_valid",
            Rejection::WrongRecipient { .. } => "wrong_recipient",
            Rejection::BadLifetime { .. } => "bad_lifetime",
            Rejection::CreatedInFuture { .. } => "created_in_future",
            Rejection::Expired { .. } => "expired",
            Rejection::Replay { .. } => "replay",
            Rejection::ReplayStoreUnavailable(_) => "replay_store_unavailable",
        }
    }

    /// Every code, in verification order.
    pub const CODES: [&'static str; 13] = [
        "oversized",
        "malformed",
        "unknown_key",
        "bad_signature",
        "sender_mismatch",
        "revoked_key",
        "key_not_valid",
        "wrong_recipient",
        "bad_lifetime",
        "created_in_future",
        "expired",
        "replay",
        "replay_store_unavailable",
    ];
}

/// A message that passed every check, with the exact bytes received.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    envelope: Envelope,
    sha256: Sha256Digest,
}

impl Verified {
    /// The message.
    pub fn message(&self) -> &Message {
        &self.envelope.message
    }

    /// The envelope as received.
    pub fn envelope(&self) -> &Envelope {
        &self.envelope
    }

    /// The key that signed it.
    pub fn kid(&self) -> &Kid {
        &self.envelope.kid
    }

    /// SHA-256 of the exact bytes received.
    pub fn sha256(&self) -> Sha256Digest {
        self.sha256
    }

    /// The message type.
    pub fn kind(&self) -> MessageType {
        self.envelope.message.kind
    }
}

/// Verifies a received envelope for node `me` at time `now` against the directory,
/// and records its id in `guard` when every other check passed (see the module
/// documentation for the order of the checks). Never panics, whatever the bytes.
pub fn verify(
    bytes: &[u8],
    directory: &Directory,
    me: &NodeId,
    now: DateTime<Utc>,
    guard: &mut dyn ReplayGuard,
) -> Result<Verified, Rejection> {
    if bytes.len() > MAX_ENVELOPE_BYTES {
        return Err(Rejection::Oversized {
            size: bytes.len(),
            limit: MAX_ENVELOPE_BYTES,
        });
    }
    let parts = jws::parse(bytes, MESSAGE_TYP).map_err(Rejection::Malformed)?;
    let kid = parts.header.kid;
    let Some((entry, key)) = directory.find_key(&kid) else {
        return Err(Rejection::UnknownKey { kid });
    };
    if key
        .public
        .verifying_key()
        .verify_strict(parts.signing_input.as_bytes(), &parts.signature)
        .is_err()
    {
        return Err(Rejection::BadSignature { kid });
    }
    let message: Message = serde_json::from_slice(&parts.payload)
        .map_err(|e| Rejection::Malformed(format!("payload: {e}")))?;
    let owner = entry.node.clone();
    if message.from != owner {
        return Err(Rejection::SenderMismatch {
            kid,
            owner,
            claimed: message.from,
        });
    }
    match key.problem_at(now) {
        None => {}
        Some(KeyProblem::Revoked { revoked_at, .. }) => {
            return Err(Rejection::RevokedKey {
                kid,
                owner,
                revoked_at,
            });
        }
        Some(
            KeyProblem::NotYetValid { .. }
            | KeyProblem::Retired { .. }
            | KeyProblem::Unknown { .. },
        ) => {
            return Err(Rejection::KeyNotValid {
                kid,
                owner,
                valid_from: key.valid_from,
                valid_until: key.valid_until,
                at: now,
            });
        }
    }
    if &message.to != me {
        return Err(Rejection::WrongRecipient {
            to: message.to,
            me: me.clone(),
        });
    }
    if !lifetime_ok(message.created, message.expires) {
        return Err(Rejection::BadLifetime {
            created: message.created,
            expires: message.expires,
        });
    }
    if message.created > now + Duration::seconds(MAX_CLOCK_SKEW_SECONDS) {
        return Err(Rejection::CreatedInFuture {
            created: message.created,
            now,
        });
    }
    if message.expires <= now {
        return Err(Rejection::Expired {
            expires: message.expires,
            now,
        });
    }
    match guard.record(&message.from, message.id, message.expires) {
        Ok(Sighting::First) => {}
        Ok(Sighting::Again) => {
            return Err(Rejection::Replay {
                from: message.from,
                id: message.id,
            });
        }
        Err(e) => return Err(Rejection::ReplayStoreUnavailable(e.0)),
    }
    Ok(Verified {
        sha256: Sha256Digest::of(bytes),
        envelope: Envelope {
            compact: parts.compact.to_string(),
            kid,
            message,
        },
    })
}
