//! The worked example of `docs/exchange.md`, computed: every value the document shows
//! must be what this implementation produces, so that the document stays true and
//! another implementation can test itself against it.
//!
//! `cargo test -p armtrace-exchange --test worked_example -- --nocapture` prints them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use armtrace_exchange::{
    LogEvent, LogRecord, MemoryReplayGuard, Message, MessageType, Sha256Digest, TrustedHubs,
    receipt_message, sign, verify, verify_receipt,
};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use common::*;
use uuid::Uuid;

fn example() -> Vec<(&'static str, String)> {
    let ke = kenya();
    let ug = uganda();
    let hub = hub();
    let mut out = vec![
        ("Kenya private JWK", ke.key.to_private_jwk().to_string()),
        ("Kenya public JWK", ke.key.public().to_jwk()),
        ("Uganda public JWK", ug.key.public().to_jwk()),
        ("hub public JWK", hub.public().to_jwk()),
    ];

    let message = Message {
        id: Uuid::parse_str("019df252-b5c0-7a3e-9c4d-2f1e8b7a6d50").unwrap(),
        from: node("KE"),
        to: node("UG"),
        kind: MessageType::TraceRequest,
        created: t("2026-05-04T09:30:00Z"),
        expires: t("2026-05-11T09:30:00Z"),
        // Members in lexicographic order: the same bytes whether or not serde_json
        // keeps insertion order.
        body: body(serde_json::json!({
            "note": "illustrative body: trace request bodies are to be specified",
            "reference": "KE-TR-2026-0001"
        })),
    };
    let env = sign(&ke, &message).unwrap();
    let mut parts = env.as_str().split('.');
    let (h, p, s) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    out.push((
        "header JSON",
        String::from_utf8(B64.decode(h).unwrap()).unwrap(),
    ));
    out.push((
        "payload JSON",
        String::from_utf8(B64.decode(p).unwrap()).unwrap(),
    ));
    out.push(("BASE64URL(header)", h.to_string()));
    out.push(("BASE64URL(payload)", p.to_string()));
    out.push(("BASE64URL(signature)", s.to_string()));
    out.push(("envelope", env.as_str().to_string()));
    out.push(("envelope SHA-256", env.sha256().to_string()));

    let now = t("2026-05-04T09:31:00Z");
    let got = verify(
        env.as_bytes(),
        &directory(),
        &node("UG"),
        now,
        &mut MemoryReplayGuard::new(),
    )
    .unwrap();
    let receipt = receipt_message(
        &ug.node,
        &got,
        Uuid::parse_str("019df253-a020-7b1f-8e2a-5c6d7e8f9a0b").unwrap(),
        now,
    );
    let receipt = sign(&ug, &receipt).unwrap();
    let rp = receipt.as_str().split('.').nth(1).unwrap();
    out.push((
        "receipt payload JSON",
        String::from_utf8(B64.decode(rp).unwrap()).unwrap(),
    ));
    out.push(("receipt", receipt.as_str().to_string()));
    let at_ke = verify(
        receipt.as_bytes(),
        &directory(),
        &node("KE"),
        now,
        &mut MemoryReplayGuard::new(),
    )
    .unwrap();
    verify_receipt(&at_ke, &env).unwrap();

    let signed = directory().sign(&hub).unwrap();
    let dp = signed.as_str().split('.').nth(1).unwrap();
    out.push((
        "directory payload JSON",
        String::from_utf8(B64.decode(dp).unwrap()).unwrap(),
    ));
    out.push(("signed directory", signed.as_str().to_string()));
    let hubs = TrustedHubs::new([hub.public().clone()]);
    armtrace_exchange::Directory::import(signed.as_str().as_bytes(), &hubs, None, now).unwrap();

    let record = LogRecord::after(None, now, &LogEvent::accepted(&got, &receipt));
    out.push(("log record payload", record.payload.clone()));
    out.push(("log record hash", record.hash.to_string()));
    assert_eq!(record.prev_hash, Sha256Digest::ZERO);
    out
}

#[test]
fn docs_show_what_the_code_produces() {
    let doc = include_str!("../../../docs/exchange.md");
    let mut missing = Vec::new();
    for (what, value) in example() {
        println!("== {what}\n{value}\n");
        if !doc.contains(&value) {
            missing.push(what);
        }
    }
    assert!(
        missing.is_empty(),
        "docs/exchange.md lacks these worked-example values (run with --nocapture to print them): {missing:?}"
    );
}
