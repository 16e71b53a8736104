//! Signed receipts: the receiver's proof that it received exactly these bytes.
//!
//! A receipt is an ordinary message of type `receipt`, from the receiver to the
//! sender, whose body is
//!
//! ```json
//! {"message_id":"<id of the message received>",
//!  "sha256":"<SHA-256 of the exact envelope bytes received, 64 lower-case hex digits>",
//!  "received_at":"<RFC 3339 time it was accepted>"}
//! ```
//!
//! Because the digest covers the whole envelope (header, payload and signature), the
//! sender holds the receiver's signature over the sender's own signed message: neither
//! can later deny what was sent and received. A receipt is never answered with a
//! receipt.

use crate::digest::Sha256Digest;
use crate::envelope::{Envelope, SignError, Verified, sign};
use crate::identity::{NodeId, NodeIdentity};
use crate::message::{Body, Message, MessageType, hyphenated_uuid, new_id, rfc3339};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How long a receipt stays acceptable (7 days): the sender's outbox verifies it on
/// the spot, in the HTTP response.
pub const RECEIPT_LIFETIME_SECONDS: i64 = 7 * 24 * 60 * 60;

/// The body of a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptBody {
    /// The id of the message received.
    #[serde(with = "hyphenated_uuid")]
    pub message_id: Uuid,
    /// SHA-256 of the exact envelope bytes received.
    pub sha256: Sha256Digest,
    /// When the receiver accepted it.
    #[serde(with = "rfc3339")]
    pub received_at: DateTime<Utc>,
}

impl ReceiptBody {
    fn to_body(&self) -> Body {
        // Inserted in lexicographic order, so that the bytes are the same whether or
        // not serde_json keeps insertion order (its `preserve_order` feature).
        let mut b = Body::new();
        let id = self.message_id.hyphenated().to_string();
        b.insert("message_id".into(), id.into());
        b.insert(
            "received_at".into(),
            rfc3339::format(&self.received_at).into(),
        );
        b.insert("sha256".into(), self.sha256.to_string().into());
        b
    }
}

/// The receipt message for a verified message, from `me`, with the given id, made at
/// `now` (pure: [`issue_receipt`] picks the id and signs).
pub fn receipt_message(me: &NodeId, received: &Verified, id: Uuid, now: DateTime<Utc>) -> Message {
    let body = ReceiptBody {
        message_id: received.message().id,
        sha256: received.sha256(),
        received_at: now,
    };
    Message {
        id,
        from: me.clone(),
        to: received.message().from.clone(),
        kind: MessageType::Receipt,
        created: now,
        expires: now + Duration::seconds(RECEIPT_LIFETIME_SECONDS),
        body: body.to_body(),
    }
}

/// Signs a receipt for a verified message (not for a receipt: receipts are not
/// acknowledged), with a fresh UUIDv7 id.
pub fn issue_receipt(
    identity: &NodeIdentity,
    received: &Verified,
    now: DateTime<Utc>,
) -> Result<Envelope, ReceiptError> {
    if received.kind() == MessageType::Receipt {
        return Err(ReceiptError::ReceiptForReceipt);
    }
    let message = receipt_message(&identity.node, received, new_id(now), now);
    sign(identity, &message).map_err(ReceiptError::Sign)
}

/// Why a receipt does not confirm a sent message, or could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptError {
    /// The message is not a receipt.
    #[error("expected a receipt, got a message of type {0}")]
    NotAReceipt(MessageType),
    /// The receipt is not from the node the message was sent to.
    #[error("the receipt is from {found}, but the message was sent to {expected}")]
    WrongSender {
        /// The node the message was sent to.
        expected: NodeId,
        /// The receipt's `from`.
        found: NodeId,
    },
    /// The receipt's body is not a receipt body.
    #[error("the receipt's body is not valid: {0}")]
    MalformedBody(String),
    /// The receipt is for another message.
    #[error("the receipt is for message {found}, not for {expected}")]
    WrongMessage {
        /// The message sent.
        expected: Uuid,
        /// The message the receipt names.
        found: Uuid,
    },
    /// The receipt is for other bytes than those sent.
    #[error(
        "the receipt acknowledges bytes with SHA-256 {found}, but the envelope sent has {expected}: the receiver got something else"
    )]
    DigestMismatch {
        /// SHA-256 of what was sent.
        expected: Sha256Digest,
        /// SHA-256 in the receipt.
        found: Sha256Digest,
    },
    /// Receipts are not acknowledged with receipts.
    #[error("a receipt is not acknowledged with a receipt")]
    ReceiptForReceipt,
    /// The receipt could not be signed.
    #[error("the receipt could not be signed: {0}")]
    Sign(SignError),
}

impl ReceiptError {
    /// A stable machine code for the reason.
    pub fn code(&self) -> &'static str {
        match self {
            ReceiptError::NotAReceipt(_) => "not_a_receipt",
            ReceiptError::WrongSender { .. } => "receipt_wrong_sender",
            ReceiptError::MalformedBody(_) => "receipt_malformed",
            ReceiptError::WrongMessage { .. } => "receipt_wrong_message",
            ReceiptError::DigestMismatch { .. } => "receipt_digest_mismatch",
            ReceiptError::ReceiptForReceipt => "receipt_for_receipt",
            ReceiptError::Sign(_) => "receipt_sign_failed",
        }
    }
}

/// Checks that a verified receipt confirms the envelope `sent`: it is a receipt, from
/// the node the envelope was sent to, for its id, over its exact bytes. (The receipt
/// itself goes through [`crate::verify`] first, which checks its signature and that it
/// is addressed to this node.)
pub fn verify_receipt(receipt: &Verified, sent: &Envelope) -> Result<ReceiptBody, ReceiptError> {
    let m = receipt.message();
    if m.kind != MessageType::Receipt {
        return Err(ReceiptError::NotAReceipt(m.kind));
    }
    let sent_to = &sent.message().to;
    if &m.from != sent_to {
        return Err(ReceiptError::WrongSender {
            expected: sent_to.clone(),
            found: m.from.clone(),
        });
    }
    let body: ReceiptBody = serde_json::from_value(serde_json::Value::Object(m.body.clone()))
        .map_err(|e| ReceiptError::MalformedBody(e.to_string()))?;
    if body.message_id != sent.message().id {
        return Err(ReceiptError::WrongMessage {
            expected: sent.message().id,
            found: body.message_id,
        });
    }
    let expected = sent.sha256();
    if body.sha256 != expected {
        return Err(ReceiptError::DigestMismatch {
            expected,
            found: body.sha256,
        });
    }
    Ok(body)
}
