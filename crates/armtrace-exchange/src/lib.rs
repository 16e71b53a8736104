//! The transport-independent core of armtrace's State-to-State exchange (issue 5).
//!
//! Each State runs its own armtrace node. Nodes exchange tracing requests, answers and
//! other messages with the points of contact (PoC) of other States: States cooperate in
//! tracing "in a timely and reliable manner" (`002_a5a242391c6e9d2d.txt` II.36), answer
//! tracing requests in time (`001_457efa9667c1123e.txt` ITI plan A.3), keep what they
//! exchange confidential (A.5) through designated points of contact whose details are
//! kept up to date (A.6). This crate holds what every node must agree on, byte for byte,
//! and nothing else: no HTTP, no database, no clock — every function that needs the time
//! takes it as an argument, so everything here is deterministic and testable. The only
//! I/O is reading and writing a key file ([`KeyPair::write_file`]).
//!
//! The protocol is specified in `docs/exchange.md`; this crate is its reference
//! implementation:
//!
//! - [`identity`]: a node's identity ([`NodeIdentity`]: node id, State, office, contact
//!   details) and its Ed25519 key pair ([`KeyPair`]), stored as a JSON Web Key
//!   (RFC 8037) and named by its RFC 7638 thumbprint ([`Kid`]);
//! - [`message`]: what a message says ([`Message`]: id, from, to, type, created,
//!   expires, body);
//! - [`envelope`]: a message signed as a JWS (RFC 7515) in compact serialization with
//!   `alg: EdDSA`, and [`verify`], which checks everything a receiving node must check
//!   and names the first thing that is wrong ([`Rejection`], with a stable code);
//! - [`replay`]: the store of message ids already accepted ([`ReplayGuard`]), so that
//!   every message takes effect exactly once;
//! - [`receipt`]: the signed receipt that binds the receiver to the exact bytes it
//!   received (non-repudiation of receipt);
//! - [`directory`]: the directory of points of contact and their keys, signed by a
//!   hub, with key rotation and revocation;
//! - [`log`]: the hash-chained message log, tamper-evident like the registry's ledger;
//! - [`trace`]: the bodies of tracing requests and answers ([`TraceRequestBody`],
//!   [`TraceAnswerBody`]), read strictly and checked against the protocol's rules;
//! - [`backoff`]: the delay before an outbox tries a delivery again ([`Backoff`]).
#![deny(missing_docs)]

pub mod backoff;
pub mod digest;
pub mod directory;
pub mod envelope;
pub mod identity;
mod jws;
pub mod log;
pub mod message;
pub mod receipt;
pub mod replay;
pub mod trace;

pub use backoff::Backoff;
pub use digest::Sha256Digest;
pub use directory::{
    Directory, DirectoryEntry, DirectoryError, DirectoryKey, KeyProblem, SignedDirectory,
    TrustedHubs,
};
/// The Ed25519 public key type that [`PublicKey`] wraps.
pub use ed25519_dalek::VerifyingKey;
pub use envelope::{
    Envelope, MAX_CLOCK_SKEW_SECONDS, MAX_ENVELOPE_BYTES, MAX_LIFETIME_SECONDS, MESSAGE_TYP,
    Rejection, SignError, Verified, sign, verify,
};
pub use identity::{Contact, KeyError, KeyPair, Kid, NodeId, NodeIdentity, PublicKey};
pub use log::{LogBreak, LogEvent, LogRecord, LogWalker, walk};
pub use message::{Body, Message, MessageType};
pub use receipt::{ReceiptBody, ReceiptError, issue_receipt, receipt_message, verify_receipt};
pub use replay::{GuardError, MemoryReplayGuard, ReplayGuard, Sighting};
pub use trace::{
    BodyError, Circumstances, FollowUp, LegalHolder, MAX_MARKINGS, MAX_SHORT, MAX_TEXT,
    Manufacture, Outcome, RecordedTransfer, TraceAnswerBody, TraceFindings, TraceRequestBody,
    TracedMarking, TracedWeapon, Urgency,
};
