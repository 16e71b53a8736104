//! Tampering and garbage: every single-byte change of an envelope is refused, and
//! `verify` never panics on arbitrary bytes or arbitrary JSON (the fuzz-like properties
//! of this crate; the cargo-fuzz targets live in the repository's `fuzz/` workspace).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use armtrace_exchange::{
    Envelope, KeyPair, MESSAGE_TYP, MemoryReplayGuard, Message, NodeId, sign, verify,
};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chrono::{DateTime, Duration, Utc};
use common::*;
use proptest::prelude::*;
use uuid::Uuid;

fn ug() -> NodeId {
    node("UG")
}

fn now() -> DateTime<Utc> {
    t0() + Duration::minutes(1)
}

fn envelope() -> Envelope {
    let mut m = request(1, "UG", t0());
    m.body = body(serde_json::json!({"serial": "1974 ИЖ 221"}));
    sign(&kenya(), &m).unwrap()
}

const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Changes every byte, one at a time, in two ways: its lowest bit flipped, and replaced
/// by another base64url character (so that the change survives decoding and reaches the
/// signature check). Every variant is refused, none burns the message's id, and the
/// original is accepted afterwards. (All 255 values at every position would take
/// minutes in a debug build; `any_single_byte_change_is_refused` samples them.)
#[test]
fn every_single_byte_change_is_rejected() {
    let env = envelope();
    let original = env.as_bytes();
    let dir = directory();
    let mut guard = MemoryReplayGuard::new();
    for i in 0..original.len() {
        let in_alphabet = B64URL[(i * 7 + 1) % 64];
        let in_alphabet = if in_alphabet == original[i] {
            B64URL[(i * 7 + 2) % 64]
        } else {
            in_alphabet
        };
        for v in [original[i] ^ 0x01, in_alphabet] {
            let mut bytes = original.to_vec();
            bytes[i] = v;
            let r = verify(&bytes, &dir, &ug(), now(), &mut guard);
            assert!(r.is_err(), "byte {i} set to {v:#04x} was accepted");
        }
    }
    assert!(guard.is_empty());
    assert!(verify(original, &dir, &ug(), now(), &mut guard).is_ok());
}

/// Removing or inserting a byte anywhere is refused too.
#[test]
fn every_single_byte_removal_or_insertion_is_rejected() {
    let env = envelope();
    let original = env.as_bytes();
    let dir = directory();
    for i in 0..original.len() {
        let mut cut = original.to_vec();
        cut.remove(i);
        assert!(
            verify(&cut, &dir, &ug(), now(), &mut MemoryReplayGuard::new()).is_err(),
            "without byte {i}"
        );
        let mut grown = original.to_vec();
        grown.insert(i, B64URL[i % 64]);
        assert!(
            verify(&grown, &dir, &ug(), now(), &mut MemoryReplayGuard::new()).is_err(),
            "with a byte at {i}"
        );
    }
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<u64>().prop_map(serde_json::Value::from),
        ".{0,12}".prop_map(serde_json::Value::from),
        prop_oneof![
            Just("KE"),
            Just("UG"),
            Just("UG:x"),
            Just("trace_request"),
            Just("receipt"),
            Just("2026-05-04T09:30:00Z"),
            Just("2026-05-05T09:30:00+03:00"),
            Just("00000000-0000-0000-0000-000000000001"),
        ]
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("id".to_string()),
                    Just("from".to_string()),
                    Just("to".to_string()),
                    Just("type".to_string()),
                    Just("created".to_string()),
                    Just("expires".to_string()),
                    Just("body".to_string()),
                    Just("alg".to_string()),
                    Just("kid".to_string()),
                    Just("typ".to_string()),
                    "[a-z]{1,6}",
                ],
                inner,
                0..8
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn arb_body() -> impl Strategy<Value = armtrace_exchange::Body> {
    prop::collection::btree_map("[a-z_]{1,10}", arb_json(), 0..6)
        .prop_map(|m| m.into_iter().collect())
}

/// Signs arbitrary payload text with Kenya's real key and header.
fn signed_payload(payload: &[u8]) -> String {
    let key = kenya().key;
    let header = format!(
        r#"{{"alg":"EdDSA","kid":"{}","typ":"{MESSAGE_TYP}"}}"#,
        key.kid()
    );
    signed_raw(&key, header.as_bytes(), payload)
}

fn signed_raw(key: &KeyPair, header: &[u8], payload: &[u8]) -> String {
    use ed25519_dalek::Signer as _;
    let jwk: serde_json::Value = serde_json::from_str(&key.to_private_jwk()).unwrap();
    let seed: [u8; 32] = B64
        .decode(jwk["d"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    let input = format!("{}.{}", B64.encode(header), B64.encode(payload));
    let sig = ed25519_dalek::SigningKey::from_bytes(&seed).sign(input.as_bytes());
    format!("{input}.{}", B64.encode(sig.to_bytes()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Any message Kenya may sign, Uganda accepts unchanged.
    #[test]
    fn sign_verify_round_trip(
        id in any::<u128>(),
        created_offset in -3600i64..300,
        lifetime in 1i64..=armtrace_exchange::MAX_LIFETIME_SECONDS,
        body in arb_body(),
        to_label in prop::option::of("[a-z0-9][a-z0-9-]{0,8}"),
    ) {
        let to: NodeId = match &to_label {
            Some(l) => format!("UG:{l}").parse().unwrap(),
            None => ug(),
        };
        let created = now() + Duration::seconds(created_offset);
        prop_assume!(created + Duration::seconds(lifetime) > now());
        let m = Message {
            id: Uuid::from_u128(id),
            from: node("KE"),
            to: to.clone(),
            kind: armtrace_exchange::MessageType::TraceAnswer,
            created,
            expires: created + Duration::seconds(lifetime),
            body,
        };
        let env = sign(&kenya(), &m).unwrap();
        let v = verify(env.as_bytes(), &directory(), &to, now(), &mut MemoryReplayGuard::new()).unwrap();
        prop_assert_eq!(v.message(), &m);
        prop_assert_eq!(v.sha256(), env.sha256());
    }

    /// One byte set to any other value, anywhere: refused.
    #[test]
    fn any_single_byte_change_is_refused(pos in any::<prop::sample::Index>(), value in any::<u8>()) {
        let env = envelope();
        let mut bytes = env.as_bytes().to_vec();
        let i = pos.index(bytes.len());
        prop_assume!(bytes[i] != value);
        bytes[i] = value;
        prop_assert!(verify(&bytes, &directory(), &ug(), now(), &mut MemoryReplayGuard::new()).is_err());
    }

    /// Arbitrary bytes never panic and are never accepted.
    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        prop_assert!(verify(&bytes, &directory(), &ug(), now(), &mut MemoryReplayGuard::new()).is_err());
    }

    /// Arbitrary text in the JWS alphabet, split in parts, never panics.
    #[test]
    fn arbitrary_compact_like_text(text in "[A-Za-z0-9_.-]{0,400}") {
        prop_assert!(verify(text.as_bytes(), &directory(), &ug(), now(), &mut MemoryReplayGuard::new()).is_err());
    }

    /// Arbitrary JSON: as the whole input, as a header, and as a payload signed with a
    /// real key. Never panics; a signed payload is accepted only if it is a message to
    /// Uganda that passes every check.
    #[test]
    fn arbitrary_json(value in arb_json()) {
        let text = value.to_string();
        let dir = directory();
        prop_assert!(verify(text.as_bytes(), &dir, &ug(), now(), &mut MemoryReplayGuard::new()).is_err());

        let as_header = signed_raw(&kenya().key, text.as_bytes(), br#"{}"#);
        prop_assert!(verify(as_header.as_bytes(), &dir, &ug(), now(), &mut MemoryReplayGuard::new()).is_err());

        let as_payload = signed_payload(text.as_bytes());
        if let Ok(v) = verify(as_payload.as_bytes(), &dir, &ug(), now(), &mut MemoryReplayGuard::new()) {
            let parsed: Message = serde_json::from_value(value).unwrap();
            prop_assert_eq!(v.message(), &parsed);
        }
    }

    /// A real message with one member replaced by arbitrary JSON, signed with the real
    /// key: never panics; accepted only if it still reads as the same kind of message.
    #[test]
    fn real_message_with_one_member_replaced(
        member in prop::sample::select(vec!["id", "from", "to", "type", "created", "expires", "body", "extra"]),
        value in arb_json(),
    ) {
        let mut m = serde_json::to_value(request(1, "UG", t0())).unwrap();
        m[member] = value;
        let bytes = signed_payload(m.to_string().as_bytes());
        if let Ok(v) = verify(bytes.as_bytes(), &directory(), &ug(), now(), &mut MemoryReplayGuard::new()) {
            prop_assert_ne!(member, "extra");
            prop_assert_eq!(&v.message().to, &ug());
        }
    }
}
