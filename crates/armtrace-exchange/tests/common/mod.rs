//! The world the tests exchange in: Kenya and Uganda as nodes, a hub, a directory.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use armtrace_exchange::{
    Body, Contact, Directory, DirectoryEntry, KeyPair, Message, MessageType, NodeId, NodeIdentity,
};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// RFC 8037 appendix A.1's private key, so that readers can check the worked example.
pub const RFC8037_D: [u8; 32] = [
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
];
pub const UG_SEED: &[u8; 32] = b"armtrace-worked-example-uganda!!";
pub const HUB_SEED: &[u8; 32] = b"armtrace-worked-example-hub-key!";

pub fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The time of the worked example.
pub fn t0() -> DateTime<Utc> {
    t("2026-05-04T09:30:00Z")
}

pub fn node(s: &str) -> NodeId {
    s.parse().unwrap()
}

pub fn kenya() -> NodeIdentity {
    NodeIdentity::new(
        node("KE"),
        "Kenya National Focal Point on Small Arms and Light Weapons",
        Contact {
            email: Some("poc@example.ke".into()),
            phone: Some("+254 20 000 0000".into()),
            address: None,
        },
        KeyPair::from_seed(&RFC8037_D),
    )
}

pub fn uganda() -> NodeIdentity {
    NodeIdentity::new(
        node("UG"),
        "Uganda National Focal Point on Small Arms and Light Weapons",
        Contact {
            email: Some("poc@example.ug".into()),
            phone: None,
            address: None,
        },
        KeyPair::from_seed(UG_SEED),
    )
}

pub fn hub() -> KeyPair {
    KeyPair::from_seed(HUB_SEED)
}

/// The directory of the worked example: Kenya and Uganda, keys valid from 2026-01-01.
pub fn directory() -> Directory {
    let from = t("2026-01-01T00:00:00Z");
    Directory {
        version: 1,
        issued: t("2026-05-01T00:00:00Z"),
        issuer: "Example regional hub".into(),
        entries: vec![
            DirectoryEntry::for_identity(
                &kenya(),
                "https://armtrace.example.ke/exchange/v1/inbox",
                from,
            ),
            DirectoryEntry::for_identity(
                &uganda(),
                "https://armtrace.example.ug/exchange/v1/inbox",
                from,
            ),
        ],
    }
}

pub fn body(json: serde_json::Value) -> Body {
    match json {
        serde_json::Value::Object(m) => m,
        _ => panic!("not an object"),
    }
}

/// A trace request from Kenya to `to`, created `created`, valid 7 days.
pub fn request(id: u128, to: &str, created: DateTime<Utc>) -> Message {
    Message {
        id: Uuid::from_u128(id),
        from: node("KE"),
        to: node(to),
        kind: MessageType::TraceRequest,
        created,
        expires: created + Duration::days(7),
        body: body(serde_json::json!({ "reference": format!("KE-TR-{id}") })),
    }
}
