//! The message log: every envelope sent and received, every receipt and every
//! refusal, append-only and hash-chained like the registry's ledger
//! (`armtrace_domain::ledger`), so that removing, inserting or changing a record breaks
//! the chain where it happened.
//!
//! The hash of record *n* is
//!
//! ```text
//! SHA-256( "armtrace-exchange-log-v1"          (24 ASCII bytes)
//!        ‖ prev_hash                           (32 bytes; 32 zero bytes for record 1)
//!        ‖ u64be(seq)                          (8 bytes; records numbered from 1)
//!        ‖ field(at) ‖ field(kind) ‖ field(payload) )
//! ```
//!
//! where `field(x)` is the UTF-8 bytes of `x` preceded by their length as a u32
//! big-endian, `at` is RFC 3339 in UTC with exactly six fractional digits and `Z`
//! (`2026-05-04T09:30:00.000000Z`), `kind` is the event's name (`sent`, `accepted`,
//! `rejected`, `receipt_received`, `abandoned`) and `payload` is the event's JSON
//! exactly as stored (it repeats the kind as its `event` member). Envelopes are stored
//! in the payload as their compact text, byte for byte, so each record keeps the
//! signature it came with.
//!
//! An envelope this node sent ends either with `receipt_received` or with `abandoned`:
//! the outbox gave up because the envelope expired undelivered (code `expired`) or
//! because the receiver refused it with a code that retrying cannot change
//! (`docs/exchange.md` §10).
//!
//! This module is pure: the node's storage appends records and walks them.

use crate::digest::Sha256Digest;
use crate::envelope::{Envelope, MAX_ENVELOPE_BYTES, Rejection, Verified};
use crate::identity::NodeId;
use crate::message::{MessageType, hyphenated_uuid};
use crate::receipt::ReceiptBody;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use uuid::Uuid;

/// The domain-separation prefix of record hashes.
pub const LOG_HASH_PREFIX: &[u8] = b"armtrace-exchange-log-v1";

/// What one log record records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
pub enum LogEvent {
    /// This node signed and sent (or queued) an envelope.
    Sent {
        /// The message id.
        #[serde(with = "hyphenated_uuid")]
        message_id: Uuid,
        /// The recipient.
        to: NodeId,
        /// The message type.
        message_type: MessageType,
        /// SHA-256 of the envelope.
        sha256: Sha256Digest,
        /// The envelope, compact JWS.
        envelope: String,
    },
    /// This node accepted an envelope and answered with a receipt.
    Accepted {
        /// The message id.
        #[serde(with = "hyphenated_uuid")]
        message_id: Uuid,
        /// The sender.
        from: NodeId,
        /// The message type.
        message_type: MessageType,
        /// SHA-256 of the envelope received.
        sha256: Sha256Digest,
        /// The envelope, exactly as received.
        envelope: String,
        /// The receipt this node signed for it, compact JWS.
        receipt: String,
    },
    /// This node refused what it received.
    Rejected {
        /// SHA-256 of the bytes received.
        sha256: Sha256Digest,
        /// How many bytes.
        size: usize,
        /// The rejection code.
        code: String,
        /// The rejection message.
        reason: String,
        /// The bytes received, when they are text of acceptable size.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        envelope: Option<String>,
    },
    /// A receipt arrived for an envelope this node sent.
    ReceiptReceived {
        /// The id of the message sent.
        #[serde(with = "hyphenated_uuid")]
        message_id: Uuid,
        /// The node that signed the receipt.
        from: NodeId,
        /// SHA-256 of the receipt envelope.
        sha256: Sha256Digest,
        /// The receipt, compact JWS, exactly as received.
        receipt: String,
    },
    /// This node gave up delivering an envelope it sent: it expired undelivered, or
    /// the receiver refused it with a code that retrying cannot change.
    Abandoned {
        /// The id of the message sent.
        #[serde(with = "hyphenated_uuid")]
        message_id: Uuid,
        /// The recipient.
        to: NodeId,
        /// SHA-256 of the envelope.
        sha256: Sha256Digest,
        /// Why: `expired`, or the receiver's refusal code.
        code: String,
        /// The reason in words (the receiver's `detail` for a refusal).
        reason: String,
    },
}

impl LogEvent {
    /// An envelope sent.
    pub fn sent(envelope: &Envelope) -> Self {
        let m = envelope.message();
        LogEvent::Sent {
            message_id: m.id,
            to: m.to.clone(),
            message_type: m.kind,
            sha256: envelope.sha256(),
            envelope: envelope.as_str().to_string(),
        }
    }

    /// An envelope accepted, with the receipt signed for it.
    pub fn accepted(received: &Verified, receipt: &Envelope) -> Self {
        let m = received.message();
        LogEvent::Accepted {
            message_id: m.id,
            from: m.from.clone(),
            message_type: m.kind,
            sha256: received.sha256(),
            envelope: received.envelope().as_str().to_string(),
            receipt: receipt.as_str().to_string(),
        }
    }

    /// Bytes refused. They are kept when they are UTF-8 text no larger than an
    /// envelope may be; otherwise only their digest and size.
    pub fn rejected(bytes: &[u8], rejection: &Rejection) -> Self {
        let envelope = (bytes.len() <= MAX_ENVELOPE_BYTES)
            .then(|| std::str::from_utf8(bytes).ok().map(str::to_string))
            .flatten();
        LogEvent::Rejected {
            sha256: Sha256Digest::of(bytes),
            size: bytes.len(),
            code: rejection.code().to_string(),
            reason: rejection.to_string(),
            envelope,
        }
    }

    /// A receipt received and checked with [`crate::verify_receipt`].
    pub fn receipt_received(receipt: &Verified, body: &ReceiptBody) -> Self {
        LogEvent::ReceiptReceived {
            message_id: body.message_id,
            from: receipt.message().from.clone(),
            sha256: receipt.sha256(),
            receipt: receipt.envelope().as_str().to_string(),
        }
    }

    /// An envelope given up: `code` is `expired` when it expired undelivered, or the
    /// receiver's refusal code; `reason` says why in words.
    pub fn abandoned(envelope: &Envelope, code: &str, reason: &str) -> Self {
        let m = envelope.message();
        LogEvent::Abandoned {
            message_id: m.id,
            to: m.to.clone(),
            sha256: envelope.sha256(),
            code: code.to_string(),
            reason: reason.to_string(),
        }
    }

    /// The event's name, as stored in the `kind` field.
    pub fn kind(&self) -> &'static str {
        match self {
            LogEvent::Sent { .. } => "sent",
            LogEvent::Accepted { .. } => "accepted",
            LogEvent::Rejected { .. } => "rejected",
            LogEvent::ReceiptReceived { .. } => "receipt_received",
            LogEvent::Abandoned { .. } => "abandoned",
        }
    }

    /// The event's JSON, as stored and hashed.
    pub fn to_payload(&self) -> String {
        // Plain data with string keys: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// One record of the message log, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogRecord {
    /// Position, from 1, without gaps.
    pub seq: u64,
    /// When it was logged (microseconds).
    pub at: DateTime<Utc>,
    /// The event's name.
    pub kind: String,
    /// The event's JSON, exactly as hashed.
    pub payload: String,
    /// The hash of the record before ([`Sha256Digest::ZERO`] for the first).
    pub prev_hash: Sha256Digest,
    /// This record's hash.
    pub hash: Sha256Digest,
}

/// Formats `at` as hashed: RFC 3339, UTC, microseconds.
pub fn format_at(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A record's hash from its fields (see the module documentation).
pub fn record_hash(
    prev: &Sha256Digest,
    seq: u64,
    at: &DateTime<Utc>,
    kind: &str,
    payload: &str,
) -> Sha256Digest {
    let mut h = Sha256::new();
    h.update(LOG_HASH_PREFIX);
    h.update(prev.0);
    h.update(seq.to_be_bytes());
    for field in [format_at(at).as_str(), kind, payload] {
        // A field longer than 4 GiB cannot be stored; saturate rather than wrap.
        let len = u32::try_from(field.len()).unwrap_or(u32::MAX);
        h.update(len.to_be_bytes());
        h.update(field.as_bytes());
    }
    Sha256Digest(h.finalize().into())
}

impl LogRecord {
    /// Seals an event as the record after `(prev_seq, prev_hash)` (`(0, ZERO)` for the
    /// first), logged at `at` (truncated to microseconds).
    pub fn seal(
        prev_seq: u64,
        prev_hash: Sha256Digest,
        at: DateTime<Utc>,
        event: &LogEvent,
    ) -> Self {
        let at = DateTime::from_timestamp_micros(at.timestamp_micros()).unwrap_or(at);
        let seq = prev_seq + 1;
        let kind = event.kind().to_string();
        let payload = event.to_payload();
        let hash = record_hash(&prev_hash, seq, &at, &kind, &payload);
        LogRecord {
            seq,
            at,
            kind,
            payload,
            prev_hash,
            hash,
        }
    }

    /// Seals an event as the record after `prev` (or as the first).
    pub fn after(prev: Option<&LogRecord>, at: DateTime<Utc>, event: &LogEvent) -> Self {
        match prev {
            Some(p) => Self::seal(p.seq, p.hash, at, event),
            None => Self::seal(0, Sha256Digest::ZERO, at, event),
        }
    }

    /// The hash this record should have.
    pub fn computed_hash(&self) -> Sha256Digest {
        record_hash(
            &self.prev_hash,
            self.seq,
            &self.at,
            &self.kind,
            &self.payload,
        )
    }

    /// The event, read back from the payload.
    pub fn event(&self) -> Result<LogEvent, serde_json::Error> {
        serde_json::from_str(&self.payload)
    }
}

/// Where a walk of the log found the first break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogBreak {
    /// A position is missing or repeated.
    #[error(
        "log position {found} found where {expected} was expected: a record was removed or inserted"
    )]
    Sequence {
        /// The position expected.
        expected: u64,
        /// The position found.
        found: u64,
    },
    /// The record does not link to the one before.
    #[error(
        "log record {seq} does not link to the record before it (its prev_hash is {found}, the record before hashes to {expected})"
    )]
    Link {
        /// Position.
        seq: u64,
        /// What the link should be.
        expected: Sha256Digest,
        /// What it is.
        found: Sha256Digest,
    },
    /// The record's content does not match its hash.
    #[error(
        "log record {seq} was altered: its content hashes to {computed}, but {stored} is recorded"
    )]
    Content {
        /// Position.
        seq: u64,
        /// Hash of the content as found.
        computed: Sha256Digest,
        /// Hash stored with it.
        stored: Sha256Digest,
    },
    /// The payload is not an event of the record's kind.
    #[error("log record {seq} holds a payload that is not a '{kind}' event: {reason}")]
    Payload {
        /// Position.
        seq: u64,
        /// The record's kind.
        kind: String,
        /// Why.
        reason: String,
    },
    /// The log does not end at the head recorded elsewhere.
    #[error(
        "the log ends at record {found_seq} ({found_hash}) but its recorded head is record {head_seq} ({head_hash}): records were removed from the end or added behind the application's back"
    )]
    Head {
        /// The recorded head's position.
        head_seq: u64,
        /// The recorded head's hash.
        head_hash: Sha256Digest,
        /// The last record found.
        found_seq: u64,
        /// Its hash.
        found_hash: Sha256Digest,
    },
}

/// Walks the log record by record; feed records in order of position.
#[derive(Debug, Clone)]
pub struct LogWalker {
    seq: u64,
    hash: Sha256Digest,
}

impl Default for LogWalker {
    fn default() -> Self {
        LogWalker {
            seq: 0,
            hash: Sha256Digest::ZERO,
        }
    }
}

impl LogWalker {
    /// A walk that continues after record `seq` with hash `hash`.
    pub fn resume(seq: u64, hash: Sha256Digest) -> Self {
        LogWalker { seq, hash }
    }

    /// Checks the next record (position, link, hash, payload) and advances.
    pub fn step(&mut self, r: &LogRecord) -> Result<(), LogBreak> {
        if Some(r.seq) != self.seq.checked_add(1) {
            return Err(LogBreak::Sequence {
                expected: self.seq.saturating_add(1),
                found: r.seq,
            });
        }
        if r.prev_hash != self.hash {
            return Err(LogBreak::Link {
                seq: r.seq,
                expected: self.hash,
                found: r.prev_hash,
            });
        }
        let computed = r.computed_hash();
        if computed != r.hash {
            return Err(LogBreak::Content {
                seq: r.seq,
                computed,
                stored: r.hash,
            });
        }
        let payload_problem = match r.event() {
            Err(e) => Some(e.to_string()),
            Ok(ev) if ev.kind() != r.kind => Some(format!("it is a '{}' event", ev.kind())),
            Ok(_) => None,
        };
        if let Some(reason) = payload_problem {
            return Err(LogBreak::Payload {
                seq: r.seq,
                kind: r.kind.clone(),
                reason,
            });
        }
        self.seq = r.seq;
        self.hash = r.hash;
        Ok(())
    }

    /// The last position and hash walked.
    pub fn head(&self) -> (u64, Sha256Digest) {
        (self.seq, self.hash)
    }

    /// Checks the end of the walk against a head recorded elsewhere.
    pub fn finish(&self, head_seq: u64, head_hash: Sha256Digest) -> Result<(), LogBreak> {
        if (head_seq, head_hash) != (self.seq, self.hash) {
            return Err(LogBreak::Head {
                head_seq,
                head_hash,
                found_seq: self.seq,
                found_hash: self.hash,
            });
        }
        Ok(())
    }
}

/// Walks a whole log from its first record and returns its head (last position and
/// hash; `(0, ZERO)` for an empty log), or the first break.
pub fn walk<'a>(
    records: impl IntoIterator<Item = &'a LogRecord>,
) -> Result<(u64, Sha256Digest), LogBreak> {
    let mut walker = LogWalker::default();
    for r in records {
        walker.step(r)?;
    }
    Ok(walker.head())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::identity::{Contact, KeyPair, NodeIdentity};
    use crate::message::{Body, Message};

    fn envelope() -> Envelope {
        let ke = NodeIdentity::new(
            "KE".parse().unwrap(),
            "Kenya",
            Contact::default(),
            KeyPair::from_seed(&[1; 32]),
        );
        let created = DateTime::parse_from_rfc3339("2026-05-04T09:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let m = Message {
            id: Uuid::from_u128(0x019d_f252_b5c0_7a3e_9c4d_2f1e_8b7a_6d50),
            from: ke.node.clone(),
            to: "UG".parse().unwrap(),
            kind: MessageType::TraceRequest,
            created,
            expires: created + chrono::Duration::days(7),
            body: Body::new(),
        };
        crate::envelope::sign(&ke, &m).unwrap()
    }

    #[test]
    fn abandoned_is_logged_and_walks() {
        let env = envelope();
        let e = LogEvent::abandoned(
            &env,
            "expired",
            "expired undelivered at 2026-05-11T09:30:00Z",
        );
        assert_eq!(e.kind(), "abandoned");
        assert_eq!(
            e.to_payload(),
            format!(
                r#"{{"event":"abandoned","message_id":"019df252-b5c0-7a3e-9c4d-2f1e8b7a6d50","to":"UG","sha256":"{}","code":"expired","reason":"expired undelivered at 2026-05-11T09:30:00Z"}}"#,
                env.sha256()
            )
        );
        let at = DateTime::parse_from_rfc3339("2026-05-11T09:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let first = LogRecord::after(None, at, &LogEvent::sent(&env));
        let second = LogRecord::after(Some(&first), at, &e);
        assert_eq!(second.event().unwrap(), e);
        assert_eq!(walk([&first, &second]).unwrap(), (2, second.hash));
        // A payload of another kind under the name `abandoned` is a break.
        let mut wrong = LogRecord::after(Some(&first), at, &LogEvent::sent(&env));
        wrong.kind = "abandoned".into();
        wrong.hash = wrong.computed_hash();
        assert!(matches!(
            walk([&first, &wrong]),
            Err(LogBreak::Payload { seq: 2, .. })
        ));
    }

    #[test]
    fn abandoned_is_strict() {
        let env = envelope();
        let e = LogEvent::abandoned(&env, "body_invalid", "weapon: cannot be identified");
        let mut v: serde_json::Value = serde_json::from_str(&e.to_payload()).unwrap();
        v["extra"] = serde_json::json!(1);
        assert!(serde_json::from_value::<LogEvent>(v).is_err());
    }
}
