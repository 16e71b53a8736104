//! Envelopes and trace bodies (docs/exchange.md §3–4, §11) from any bytes: `verify`
//! and `Envelope::decode_unverified` never panic; the trace body parsers never panic
//! and write back exactly what they accept; and any single-byte change of a valid
//! signed envelope is refused.
#![no_main]

use armtrace_exchange::{
    Body, Contact, Directory, DirectoryEntry, Envelope, KeyPair, MemoryReplayGuard, Message,
    MessageType, NodeId, NodeIdentity, TraceAnswerBody, TraceRequestBody, sign, verify,
};
use chrono::{DateTime, Duration, Utc};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// Two nodes with keys from fixed seeds, the directory listing them, the receiver's
/// id and clock, and a valid envelope from one to the other.
struct World {
    directory: Directory,
    me: NodeId,
    now: DateTime<Utc>,
    valid: Vec<u8>,
}

fn time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("a fixed time")
        .with_timezone(&Utc)
}

fn identity(node: &str, seed: &[u8; 32]) -> NodeIdentity {
    NodeIdentity::new(
        node.parse().expect("a fixed node id"),
        format!("{node} point of contact"),
        Contact::default(),
        KeyPair::from_seed(seed),
    )
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let ke = identity("KE", b"armtrace-fuzz-envelope-kenya-key");
        let ug = identity("UG", b"armtrace-fuzz-envelope-uganda-ky");
        let from = time("2026-01-01T00:00:00Z");
        let directory = Directory {
            version: 1,
            issued: time("2026-05-01T00:00:00Z"),
            issuer: "fuzz hub".into(),
            entries: vec![
                DirectoryEntry::for_identity(&ke, "https://ke.example/exchange/v1/inbox", from),
                DirectoryEntry::for_identity(&ug, "https://ug.example/exchange/v1/inbox", from),
            ],
        };
        let created = time("2026-05-04T09:30:00Z");
        let body: Body = serde_json::from_str(
            r#"{"in_reply_to":"019df252-b5c0-7a3e-9c4d-2f1e8b7a6d50","reference":"UG-1","outcome":"not_found","conditions":""}"#,
        )
        .expect("a fixed body");
        let message = Message {
            id: "019df252-b5c0-7a3e-9c4d-2f1e8b7a6d51".parse().expect("a fixed id"),
            from: ke.node.clone(),
            to: ug.node.clone(),
            kind: MessageType::TraceAnswer,
            created,
            expires: created + Duration::days(7),
            body,
        };
        let valid = sign(&ke, &message).expect("signs").into_string().into_bytes();
        let now = created + Duration::minutes(1);
        let me = ug.node.clone();
        verify(&valid, &directory, &me, now, &mut MemoryReplayGuard::new())
            .expect("the valid envelope verifies");
        World {
            directory,
            me,
            now,
            valid,
        }
    })
}

fn bodies(body: &Body) {
    if let Ok(r) = TraceRequestBody::from_body(body) {
        assert_eq!(
            &r.to_body(),
            body,
            "a request body is not written back as read"
        );
    }
    if let Ok(a) = TraceAnswerBody::from_body(body) {
        assert_eq!(
            &a.to_body(),
            body,
            "an answer body is not written back as read"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let w = world();

    // Arbitrary bytes as an envelope.
    let _ = verify(
        data,
        &w.directory,
        &w.me,
        w.now,
        &mut MemoryReplayGuard::new(),
    );
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Envelope::decode_unverified(text);
    }

    // Arbitrary JSON objects as trace bodies.
    if let Ok(serde_json::Value::Object(body)) = serde_json::from_slice(data) {
        bodies(&body);
    }

    // One byte of the valid envelope changed: refused.
    if let Some((&first, rest)) = data.split_first() {
        let mut at = [0u8; 8];
        let n = rest.len().min(7);
        at[0] = first;
        at[1..=n].copy_from_slice(&rest[..n]);
        let pos = (u64::from_le_bytes(at) % w.valid.len() as u64) as usize;
        let mask = rest.get(7).copied().filter(|m| *m != 0).unwrap_or(0x01);
        let mut bad = w.valid.clone();
        bad[pos] ^= mask;
        let refused = verify(
            &bad,
            &w.directory,
            &w.me,
            w.now,
            &mut MemoryReplayGuard::new(),
        );
        assert!(
            refused.is_err(),
            "byte {pos} xor {mask:#04x} of a valid envelope was accepted"
        );
    }
});
