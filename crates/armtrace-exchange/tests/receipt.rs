//! Receipts: signed by the receiver, bound to the exact bytes received.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use armtrace_exchange::{
    Envelope, MemoryReplayGuard, MessageType, ReceiptError, Sha256Digest, Verified, issue_receipt,
    receipt_message, sign, verify, verify_receipt,
};
use chrono::{DateTime, Duration, Utc};
use common::*;
use uuid::Uuid;

fn now() -> DateTime<Utc> {
    t0() + Duration::minutes(1)
}

/// Kenya sends `id` to Uganda; Uganda verifies it.
fn delivered(id: u128) -> (Envelope, Verified) {
    let sent = sign(&kenya(), &request(id, "UG", t0())).unwrap();
    let got = verify(
        sent.as_bytes(),
        &directory(),
        &node("UG"),
        now(),
        &mut MemoryReplayGuard::new(),
    )
    .unwrap();
    (sent, got)
}

/// Kenya verifies a receipt envelope from Uganda.
fn at_kenya(receipt: &Envelope) -> Verified {
    verify(
        receipt.as_bytes(),
        &directory(),
        &node("KE"),
        now() + Duration::seconds(1),
        &mut MemoryReplayGuard::new(),
    )
    .unwrap()
}

#[test]
fn receipt_round_trip() {
    let (sent, got) = delivered(1);
    let receipt = issue_receipt(&uganda(), &got, now()).unwrap();
    let m = receipt.message();
    assert_eq!(m.kind, MessageType::Receipt);
    assert_eq!(m.from.as_str(), "UG");
    assert_eq!(m.to.as_str(), "KE");
    assert_eq!(m.id.get_version_num(), 7);
    let verified = at_kenya(&receipt);
    let body = verify_receipt(&verified, &sent).unwrap();
    assert_eq!(body.message_id, Uuid::from_u128(1));
    assert_eq!(body.sha256, Sha256Digest::of(sent.as_bytes()));
    assert_eq!(body.received_at, now());
}

#[test]
fn receipt_message_is_pure_and_documented() {
    let (sent, got) = delivered(1);
    let m = receipt_message(&node("UG"), &got, Uuid::from_u128(2), now());
    assert_eq!(
        serde_json::Value::Object(m.body.clone()),
        serde_json::json!({
            "message_id": "00000000-0000-0000-0000-000000000001",
            "sha256": sent.sha256().to_string(),
            "received_at": "2026-05-04T09:31:00Z",
        })
    );
    assert_eq!(
        m,
        receipt_message(&node("UG"), &got, Uuid::from_u128(2), now())
    );
}

#[test]
fn receipt_is_bound_to_the_exact_bytes() {
    let (sent, got) = delivered(1);
    // Uganda acknowledges; Kenya compares with another envelope of the same id (say, a
    // re-signed copy with other content): the digest differs.
    let receipt = at_kenya(&issue_receipt(&uganda(), &got, now()).unwrap());
    let mut other = request(1, "UG", t0());
    other.body = body(serde_json::json!({"reference": "something else"}));
    let other = sign(&kenya(), &other).unwrap();
    assert!(matches!(
        verify_receipt(&receipt, &other),
        Err(ReceiptError::DigestMismatch { expected, found })
            if expected == other.sha256() && found == sent.sha256()
    ));
    assert!(verify_receipt(&receipt, &sent).is_ok());
}

#[test]
fn receipt_for_another_message() {
    let (_, got) = delivered(1);
    let (sent2, _) = delivered(2);
    let receipt = at_kenya(&issue_receipt(&uganda(), &got, now()).unwrap());
    let e = verify_receipt(&receipt, &sent2).unwrap_err();
    assert_eq!(e.code(), "receipt_wrong_message");
}

#[test]
fn receipt_from_another_node_than_the_recipient() {
    // Kenya sent to Uganda, but a "receipt" comes from Kenya's own other node.
    let (sent, got) = delivered(1);
    let ke2 = armtrace_exchange::NodeIdentity {
        node: node("KE:poa"),
        key: armtrace_exchange::KeyPair::from_seed(&[6; 32]),
        ..kenya()
    };
    let mut dir = directory();
    dir.entries
        .push(armtrace_exchange::DirectoryEntry::for_identity(
            &ke2,
            "https://poa.example.ke/inbox",
            t0() - Duration::days(1),
        ));
    let fake = receipt_message(&ke2.node, &got, Uuid::from_u128(9), now());
    let fake = sign(&ke2, &fake).unwrap();
    let fake = verify(
        fake.as_bytes(),
        &dir,
        &node("KE"),
        now(),
        &mut MemoryReplayGuard::new(),
    )
    .unwrap();
    let e = verify_receipt(&fake, &sent).unwrap_err();
    assert_eq!(e.code(), "receipt_wrong_sender");
}

#[test]
fn not_a_receipt_and_malformed_receipt_bodies() {
    let (sent, _) = delivered(1);
    // An ordinary message from Uganda to Kenya is not a receipt.
    let mut answer = request(5, "KE", t0());
    answer.from = node("UG");
    answer.kind = MessageType::TraceAnswer;
    let answer = at_kenya(&sign(&uganda(), &answer).unwrap());
    assert_eq!(
        verify_receipt(&answer, &sent).unwrap_err().code(),
        "not_a_receipt"
    );
    // A receipt whose body lacks the digest.
    let mut bad = request(6, "KE", t0());
    bad.from = node("UG");
    bad.kind = MessageType::Receipt;
    bad.body = body(serde_json::json!({"message_id": "00000000-0000-0000-0000-000000000001"}));
    let bad = at_kenya(&sign(&uganda(), &bad).unwrap());
    assert_eq!(
        verify_receipt(&bad, &sent).unwrap_err().code(),
        "receipt_malformed"
    );
}

#[test]
fn receipts_are_not_acknowledged() {
    let (_, got) = delivered(1);
    let receipt = at_kenya(&issue_receipt(&uganda(), &got, now()).unwrap());
    assert!(matches!(
        issue_receipt(&kenya(), &receipt, now()),
        Err(ReceiptError::ReceiptForReceipt)
    ));
}

#[test]
fn a_tampered_receipt_is_refused_by_verify() {
    let (_, got) = delivered(1);
    let receipt = issue_receipt(&uganda(), &got, now()).unwrap();
    let mut bytes = receipt.as_bytes().to_vec();
    let mid = bytes.len() / 2;
    bytes[mid] = if bytes[mid] == b'A' { b'B' } else { b'A' };
    assert!(
        verify(
            &bytes,
            &directory(),
            &node("KE"),
            now(),
            &mut MemoryReplayGuard::new()
        )
        .is_err()
    );
}
