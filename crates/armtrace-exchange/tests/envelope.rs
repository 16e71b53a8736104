//! Signing and verifying envelopes: every check of `verify`, one test each, and that
//! every rejection code is reached and documented.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use armtrace_exchange::{
    DirectoryKey, Envelope, GuardError, KeyPair, MESSAGE_TYP, MemoryReplayGuard, Message,
    MessageType, NodeId, NodeIdentity, Rejection, ReplayGuard, Sighting, SignError, sign, verify,
};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chrono::{DateTime, Duration, Utc};
use common::*;
use std::collections::BTreeSet;
use uuid::Uuid;

fn ug() -> NodeId {
    node("UG")
}

fn now() -> DateTime<Utc> {
    t0() + Duration::minutes(1)
}

/// Verifies at Uganda with a fresh guard.
fn check(bytes: &[u8]) -> Result<armtrace_exchange::Verified, Rejection> {
    verify(
        bytes,
        &directory(),
        &ug(),
        now(),
        &mut MemoryReplayGuard::new(),
    )
}

fn signed(m: &Message) -> Envelope {
    sign(&kenya(), m).expect("sign")
}

/// Builds a compact JWS by hand (for headers and payloads `sign` never writes).
fn hand_made(key: &KeyPair, header: &str, payload: &str) -> String {
    let input = format!("{}.{}", B64.encode(header), B64.encode(payload));
    let sk = ed25519_dalek::SigningKey::from_bytes(&seed_of(key));
    use ed25519_dalek::Signer as _;
    let sig = sk.sign(input.as_bytes());
    format!("{input}.{}", B64.encode(sig.to_bytes()))
}

fn seed_of(key: &KeyPair) -> [u8; 32] {
    let jwk: serde_json::Value = serde_json::from_str(&key.to_private_jwk()).unwrap();
    B64.decode(jwk["d"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap()
}

#[test]
fn sign_then_verify_round_trip() {
    let m = request(1, "UG", t0());
    let env = signed(&m);
    let v = check(env.as_bytes()).expect("accepted");
    assert_eq!(v.message(), &m);
    assert_eq!(v.kid(), kenya().kid());
    assert_eq!(v.sha256(), env.sha256());
    assert_eq!(v.envelope().as_str(), env.as_str());
    assert_eq!(v.kind(), MessageType::TraceRequest);
    // The header is exactly the documented one.
    let header = env.as_str().split('.').next().unwrap();
    let header = String::from_utf8(B64.decode(header).unwrap()).unwrap();
    assert_eq!(
        header,
        format!(
            r#"{{"alg":"EdDSA","kid":"{}","typ":"{MESSAGE_TYP}"}}"#,
            kenya().kid()
        )
    );
}

#[test]
fn signing_is_deterministic() {
    let m = request(1, "UG", t0());
    assert_eq!(signed(&m).as_str(), signed(&m).as_str());
}

#[test]
fn decode_unverified_reads_back_own_envelopes() {
    let env = signed(&request(1, "UG", t0()));
    let back = Envelope::decode_unverified(env.as_str()).expect("own envelope");
    assert_eq!(back, env);
    assert!(Envelope::decode_unverified("a.b").is_err());
}

#[test]
fn debug_hides_the_body() {
    let mut m = request(1, "UG", t0());
    m.body = body(serde_json::json!({"serial": "SECRET-SERIAL-123"}));
    let env = signed(&m);
    assert!(!format!("{env:?}").contains("SECRET-SERIAL-123"));
}

#[test]
fn sign_refuses_what_no_node_would_accept() {
    let mut m = request(1, "UG", t0());
    m.from = node("UG");
    assert!(matches!(
        sign(&kenya(), &m),
        Err(SignError::NotFromThisNode { .. })
    ));
    let mut m = request(1, "UG", t0());
    m.expires = m.created;
    assert!(matches!(
        sign(&kenya(), &m),
        Err(SignError::BadLifetime { .. })
    ));
    let mut m = request(1, "UG", t0());
    m.expires = m.created + Duration::days(31);
    assert!(matches!(
        sign(&kenya(), &m),
        Err(SignError::BadLifetime { .. })
    ));
    let mut m = request(1, "UG", t0());
    m.body = body(serde_json::json!({"blob": "x".repeat(800_000)}));
    assert!(matches!(
        sign(&kenya(), &m),
        Err(SignError::Oversized { .. })
    ));
}

#[test]
fn oversized() {
    let bytes = vec![b'a'; armtrace_exchange::MAX_ENVELOPE_BYTES + 1];
    let r = check(&bytes).unwrap_err();
    assert_eq!(r.code(), "oversized");
}

#[test]
fn malformed_forms() {
    let env = signed(&request(1, "UG", t0()));
    let s = env.as_str();
    let (h, rest) = s.split_once('.').unwrap();
    let (p, sig) = rest.split_once('.').unwrap();
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("two parts", format!("{h}.{p}")),
        ("four parts", format!("{s}.{sig}")),
        ("empty payload", format!("{h}..{sig}")),
        ("padding", format!("{s}==")),
        ("trailing newline", format!("{s}\n")),
        ("leading space", format!(" {s}")),
        (
            "standard base64 alphabet",
            s.replacen('-', "+", 1).replacen('_', "/", 1),
        ),
        ("short signature", format!("{h}.{p}.{}", &sig[..40])),
        (
            "JSON serialization",
            format!(r#"{{"protected":"{h}","payload":"{p}","signature":"{sig}"}}"#),
        ),
    ];
    for (what, bytes) in cases {
        if bytes == s {
            continue;
        }
        let r = check(bytes.as_bytes()).unwrap_err();
        assert_eq!(r.code(), "malformed", "{what}: {r}");
    }
}

#[test]
fn malformed_headers_even_when_signed() {
    let key = kenya().key;
    let kid = key.kid().to_string();
    let payload = serde_json::to_string(&request(1, "UG", t0())).unwrap();
    let headers = [
        r#"{"alg":"none","kid":"KID","typ":"armtrace-message-v1"}"#.to_string(),
        r#"{"alg":"ES256","kid":"KID","typ":"armtrace-message-v1"}"#.to_string(),
        r#"{"alg":"Ed448","kid":"KID","typ":"armtrace-message-v1"}"#.to_string(),
        r#"{"alg":"eddsa","kid":"KID","typ":"armtrace-message-v1"}"#.to_string(),
        r#"{"alg":"EdDSA","kid":"KID","typ":"JWT"}"#.to_string(),
        r#"{"alg":"EdDSA","kid":"KID","typ":"armtrace-directory-v1"}"#.to_string(),
        r#"{"alg":"EdDSA","kid":"KID"}"#.to_string(),
        r#"{"alg":"EdDSA","typ":"armtrace-message-v1"}"#.to_string(),
        r#"{"alg":"EdDSA","kid":"KID","typ":"armtrace-message-v1","crit":["b64"],"b64":false}"#
            .to_string(),
        r#"{"alg":"EdDSA","kid":"KID","typ":"armtrace-message-v1","jku":"https://evil.example"}"#
            .to_string(),
        r#"{"alg":"EdDSA","kid":"KID","kid":"KID","typ":"armtrace-message-v1"}"#.to_string(),
        r#"["EdDSA"]"#.to_string(),
    ];
    for header in headers {
        let header = header.replace("KID", &kid);
        let bytes = hand_made(&key, &header, &payload);
        let r = check(bytes.as_bytes()).unwrap_err();
        assert_eq!(r.code(), "malformed", "{header}: {r}");
    }
    // The same hand-made form with the right header is accepted: the cases above fail
    // for their header alone.
    let good = format!(r#"{{"alg":"EdDSA","kid":"{kid}","typ":"armtrace-message-v1"}}"#);
    assert!(check(hand_made(&key, &good, &payload).as_bytes()).is_ok());
    // RFC 9864's fully-specified "Ed25519" is accepted too.
    let good = format!(r#"{{"alg":"Ed25519","kid":"{kid}","typ":"armtrace-message-v1"}}"#);
    assert!(check(hand_made(&key, &good, &payload).as_bytes()).is_ok());
}

#[test]
fn malformed_payload_after_a_good_signature() {
    let key = kenya().key;
    let header = format!(
        r#"{{"alg":"EdDSA","kid":"{}","typ":"{MESSAGE_TYP}"}}"#,
        key.kid()
    );
    let good = serde_json::to_value(request(1, "UG", t0())).unwrap();
    let mut extra = good.clone();
    extra["cc"] = serde_json::json!("RW");
    let mut no_id = good.clone();
    no_id.as_object_mut().unwrap().remove("id");
    let mut bad_type = good.clone();
    bad_type["type"] = serde_json::json!("gossip");
    for payload in [
        "not json".to_string(),
        "[]".to_string(),
        extra.to_string(),
        no_id.to_string(),
        bad_type.to_string(),
        "\u{feff}{}".to_string(),
    ] {
        let r = check(hand_made(&key, &header, &payload).as_bytes()).unwrap_err();
        assert_eq!(r.code(), "malformed", "{payload}: {r}");
    }
}

#[test]
fn unknown_key() {
    let stranger = NodeIdentity::new(
        node("KE"),
        "Impostor",
        Default::default(),
        KeyPair::from_seed(&[3; 32]),
    );
    let env = sign(&stranger, &request(1, "UG", t0())).unwrap();
    let r = check(env.as_bytes()).unwrap_err();
    assert_eq!(r.code(), "unknown_key");
    assert!(r.to_string().contains(stranger.kid().as_str()), "{r}");
}

#[test]
fn bad_signature_from_another_key_under_a_known_kid() {
    let env = signed(&request(1, "UG", t0()));
    let (input, _) = env.as_str().rsplit_once('.').unwrap();
    let forged = {
        use ed25519_dalek::Signer as _;
        let sig = ed25519_dalek::SigningKey::from_bytes(&[3; 32]).sign(input.as_bytes());
        format!("{input}.{}", B64.encode(sig.to_bytes()))
    };
    assert_eq!(
        check(forged.as_bytes()).unwrap_err().code(),
        "bad_signature"
    );
}

#[test]
fn sender_mismatch_when_a_known_key_claims_another_node() {
    // Uganda's real key signs a message that says it is from Kenya.
    let liar = NodeIdentity::new(node("KE"), "x", Default::default(), uganda().key);
    let env = sign(&liar, &request(1, "UG", t0())).unwrap();
    let r = verify(
        env.as_bytes(),
        &directory(),
        &ug(),
        now(),
        &mut MemoryReplayGuard::new(),
    )
    .unwrap_err();
    assert_eq!(r.code(), "sender_mismatch");
    assert!(
        matches!(r, Rejection::SenderMismatch { ref owner, ref claimed, .. } if owner.as_str() == "UG" && claimed.as_str() == "KE")
    );
}

#[test]
fn revoked_key_with_its_revocation_time() {
    let mut dir = directory();
    let revoked_at = t0() - Duration::hours(1);
    dir.entries[0].keys[0].revoked_at = Some(revoked_at);
    // Even a message that claims to predate the revocation is refused.
    let env = signed(&request(1, "UG", t0() - Duration::days(1)));
    let r = verify(
        env.as_bytes(),
        &dir,
        &ug(),
        now(),
        &mut MemoryReplayGuard::new(),
    )
    .unwrap_err();
    assert_eq!(r.code(), "revoked_key");
    assert_eq!(
        r,
        Rejection::RevokedKey {
            kid: kenya().kid().clone(),
            owner: node("KE"),
            revoked_at
        }
    );
    assert!(r.to_string().contains("2026-05-04T08:30:00Z"), "{r}");
    // A revocation scheduled for later does not apply yet.
    dir.entries[0].keys[0].revoked_at = Some(now() + Duration::hours(1));
    assert!(
        verify(
            env.as_bytes(),
            &dir,
            &ug(),
            now(),
            &mut MemoryReplayGuard::new()
        )
        .is_ok()
    );
}

/// Kenya rotates from its old key to a new one with a two-week overlap.
fn rotated() -> (armtrace_exchange::Directory, NodeIdentity, NodeIdentity) {
    let old = kenya();
    let new = NodeIdentity {
        key: KeyPair::from_seed(&[4; 32]),
        ..kenya()
    };
    let mut dir = directory();
    let switch = t("2026-05-01T00:00:00Z");
    dir.entries[0].keys[0].valid_until = Some(switch + Duration::days(14));
    dir.entries[0]
        .keys
        .push(DirectoryKey::new(new.key.public().clone(), switch));
    (dir, old, new)
}

#[test]
fn rotation_overlap_accepts_old_and_new_keys() {
    let (dir, old, new) = rotated();
    let mut guard = MemoryReplayGuard::new();
    for (i, who) in [&old, &new].into_iter().enumerate() {
        let env = sign(who, &request(10 + i as u128, "UG", t0())).unwrap();
        let v = verify(env.as_bytes(), &dir, &ug(), now(), &mut guard).expect("in overlap");
        assert_eq!(v.kid(), who.kid());
    }
}

#[test]
fn rotated_out_key_is_refused_after_the_overlap() {
    let (dir, old, new) = rotated();
    let later = t("2026-05-20T00:00:00Z");
    let env = sign(&old, &request(1, "UG", later)).unwrap();
    let r = verify(
        env.as_bytes(),
        &dir,
        &ug(),
        later,
        &mut MemoryReplayGuard::new(),
    )
    .unwrap_err();
    assert_eq!(r.code(), "key_not_valid");
    assert!(r.to_string().contains("until 2026-05-15T00:00:00Z"), "{r}");
    let env = sign(&new, &request(2, "UG", later)).unwrap();
    assert!(
        verify(
            env.as_bytes(),
            &dir,
            &ug(),
            later,
            &mut MemoryReplayGuard::new()
        )
        .is_ok()
    );
}

#[test]
fn key_not_yet_valid() {
    let (dir, _, new) = rotated();
    let before = t("2026-04-30T00:00:00Z");
    let env = sign(&new, &request(1, "UG", before)).unwrap();
    let r = verify(
        env.as_bytes(),
        &dir,
        &ug(),
        before,
        &mut MemoryReplayGuard::new(),
    )
    .unwrap_err();
    assert_eq!(r.code(), "key_not_valid");
}

#[test]
fn wrong_recipient() {
    let env = signed(&request(1, "TZ", t0()));
    let r = check(env.as_bytes()).unwrap_err();
    assert_eq!(r.code(), "wrong_recipient");
    assert_eq!(
        r.to_string(),
        "the message is addressed to TZ, not to this node (UG)"
    );
    // Another node of the same State is another recipient too.
    let env = signed(&request(2, "UG:poa", t0()));
    assert_eq!(check(env.as_bytes()).unwrap_err().code(), "wrong_recipient");
}

#[test]
fn bad_lifetime_even_when_signed_by_hand() {
    let key = kenya().key;
    let header = format!(
        r#"{{"alg":"EdDSA","kid":"{}","typ":"{MESSAGE_TYP}"}}"#,
        key.kid()
    );
    for days in [0, 31] {
        let mut m = serde_json::to_value(request(1, "UG", t0())).unwrap();
        m["expires"] = serde_json::json!((t0() + Duration::days(days)).to_rfc3339());
        let r = check(hand_made(&key, &header, &m.to_string()).as_bytes()).unwrap_err();
        assert_eq!(r.code(), "bad_lifetime", "{days}: {r}");
    }
}

#[test]
fn expired() {
    let m = request(1, "UG", t0());
    let env = signed(&m);
    for at in [m.expires, m.expires + Duration::seconds(1)] {
        let r = verify(
            env.as_bytes(),
            &directory(),
            &ug(),
            at,
            &mut MemoryReplayGuard::new(),
        )
        .unwrap_err();
        assert_eq!(r.code(), "expired");
    }
    let just_before = m.expires - Duration::seconds(1);
    assert!(
        verify(
            env.as_bytes(),
            &directory(),
            &ug(),
            just_before,
            &mut MemoryReplayGuard::new()
        )
        .is_ok()
    );
}

#[test]
fn created_in_the_future_beyond_the_skew() {
    let skew = Duration::seconds(armtrace_exchange::MAX_CLOCK_SKEW_SECONDS);
    let within = signed(&request(1, "UG", now() + skew));
    assert!(check(within.as_bytes()).is_ok());
    let beyond = signed(&request(2, "UG", now() + skew + Duration::seconds(1)));
    let r = check(beyond.as_bytes()).unwrap_err();
    assert_eq!(r.code(), "created_in_future");
}

#[test]
fn replay_second_delivery_refused() {
    let env = signed(&request(1, "UG", t0()));
    let mut guard = MemoryReplayGuard::new();
    let dir = directory();
    assert!(verify(env.as_bytes(), &dir, &ug(), now(), &mut guard).is_ok());
    for later in [now(), now() + Duration::hours(5)] {
        let r = verify(env.as_bytes(), &dir, &ug(), later, &mut guard).unwrap_err();
        assert_eq!(
            r,
            Rejection::Replay {
                from: node("KE"),
                id: Uuid::from_u128(1)
            }
        );
    }
    // A new envelope reusing the id (re-signed, other content) is a replay too.
    let mut m = request(1, "UG", t0() + Duration::seconds(1));
    m.body = body(serde_json::json!({"other": true}));
    assert_eq!(
        verify(signed(&m).as_bytes(), &dir, &ug(), now(), &mut guard)
            .unwrap_err()
            .code(),
        "replay"
    );
    // The same id from another sender is another message.
    let rw = NodeIdentity::new(
        node("RW"),
        "Rwanda",
        Default::default(),
        KeyPair::from_seed(&[5; 32]),
    );
    let mut dir2 = dir.clone();
    dir2.entries
        .push(armtrace_exchange::DirectoryEntry::for_identity(
            &rw,
            "https://rw.example/inbox",
            t0() - Duration::days(1),
        ));
    let mut m = request(1, "UG", t0());
    m.from = node("RW");
    assert!(
        verify(
            sign(&rw, &m).unwrap().as_bytes(),
            &dir2,
            &ug(),
            now(),
            &mut guard
        )
        .is_ok()
    );
}

#[test]
fn rejected_messages_do_not_use_up_their_id() {
    let mut guard = MemoryReplayGuard::new();
    let dir = directory();
    let m = request(1, "UG", t0());
    // First arrives early (before a key's window? no: simply too far in the future).
    let env = signed(&m);
    let early = t0() - Duration::hours(1);
    assert_eq!(
        verify(env.as_bytes(), &dir, &ug(), early, &mut guard)
            .unwrap_err()
            .code(),
        "created_in_future"
    );
    assert!(guard.is_empty());
    assert!(verify(env.as_bytes(), &dir, &ug(), now(), &mut guard).is_ok());
}

#[test]
fn reordered_distinct_messages_all_accepted_once() {
    let envs: Vec<Envelope> = (0..12)
        .map(|i| signed(&request(100 + i, "UG", t0())))
        .collect();
    let mut guard = MemoryReplayGuard::new();
    let dir = directory();
    let order = [7, 2, 11, 0, 5, 9, 1, 3, 10, 6, 4, 8];
    for &i in &order {
        assert!(
            verify(envs[i].as_bytes(), &dir, &ug(), now(), &mut guard).is_ok(),
            "{i}"
        );
    }
    for &i in order.iter().rev() {
        assert_eq!(
            verify(envs[i].as_bytes(), &dir, &ug(), now(), &mut guard)
                .unwrap_err()
                .code(),
            "replay"
        );
    }
    assert_eq!(guard.len(), 12);
}

struct BrokenGuard;
impl ReplayGuard for BrokenGuard {
    fn record(&mut self, _: &NodeId, _: Uuid, _: DateTime<Utc>) -> Result<Sighting, GuardError> {
        Err(GuardError("database is locked".into()))
    }
}

#[test]
fn replay_store_unavailable() {
    let env = signed(&request(1, "UG", t0()));
    let r = verify(env.as_bytes(), &directory(), &ug(), now(), &mut BrokenGuard).unwrap_err();
    assert_eq!(r.code(), "replay_store_unavailable");
    assert!(r.to_string().contains("database is locked"));
}

/// Every rejection code is produced by some input (collected here again in one place)
/// and documented in docs/exchange.md.
#[test]
fn every_code_is_reachable_and_documented() {
    let doc = include_str!("../../../docs/exchange.md");
    let mut seen = BTreeSet::new();
    let dir = directory();
    let (rot_dir, old, _) = rotated();
    let good = request(1, "UG", t0());
    let mut revoked = directory();
    revoked.entries[0].keys[0].revoked_at = Some(t0());
    let liar = NodeIdentity::new(node("KE"), "x", Default::default(), uganda().key);
    let stranger = NodeIdentity::new(
        node("KE"),
        "x",
        Default::default(),
        KeyPair::from_seed(&[3; 32]),
    );
    let env = signed(&good);
    let (input, _) = env.as_str().rsplit_once('.').unwrap();
    let bad_sig = format!("{input}.{}", B64.encode([0u8; 64]));
    let key = kenya().key;
    let header = format!(
        r#"{{"alg":"EdDSA","kid":"{}","typ":"{MESSAGE_TYP}"}}"#,
        key.kid()
    );
    let mut long = serde_json::to_value(&good).unwrap();
    long["expires"] = serde_json::json!("2026-07-01T00:00:00Z");
    let long = hand_made(&key, &header, &long.to_string());
    let late = t("2026-05-20T00:00:00Z");
    let cases: Vec<(Vec<u8>, &armtrace_exchange::Directory, DateTime<Utc>)> = vec![
        (
            vec![b'x'; armtrace_exchange::MAX_ENVELOPE_BYTES + 1],
            &dir,
            now(),
        ),
        (b"x".to_vec(), &dir, now()),
        (
            sign(&stranger, &good).unwrap().into_string().into_bytes(),
            &dir,
            now(),
        ),
        (bad_sig.into_bytes(), &dir, now()),
        (
            sign(&liar, &good).unwrap().into_string().into_bytes(),
            &dir,
            now(),
        ),
        (env.as_bytes().to_vec(), &revoked, now()),
        (
            sign(&old, &request(1, "UG", late))
                .unwrap()
                .into_string()
                .into_bytes(),
            &rot_dir,
            late,
        ),
        (
            signed(&request(1, "TZ", t0())).into_string().into_bytes(),
            &dir,
            now(),
        ),
        (long.into_bytes(), &dir, now()),
        (
            signed(&request(1, "UG", t0() + Duration::hours(1)))
                .into_string()
                .into_bytes(),
            &dir,
            now(),
        ),
        (env.as_bytes().to_vec(), &dir, t0() + Duration::days(8)),
    ];
    for (bytes, d, at) in &cases {
        seen.insert(
            verify(bytes, d, &ug(), *at, &mut MemoryReplayGuard::new())
                .unwrap_err()
                .code(),
        );
    }
    let mut guard = MemoryReplayGuard::new();
    verify(env.as_bytes(), &dir, &ug(), now(), &mut guard).unwrap();
    seen.insert(
        verify(env.as_bytes(), &dir, &ug(), now(), &mut guard)
            .unwrap_err()
            .code(),
    );
    seen.insert(
        verify(env.as_bytes(), &dir, &ug(), now(), &mut BrokenGuard)
            .unwrap_err()
            .code(),
    );
    let all: BTreeSet<&str> = Rejection::CODES.into_iter().collect();
    assert_eq!(seen, all);
    for code in Rejection::CODES {
        assert!(
            doc.contains(&format!("`{code}`")),
            "docs/exchange.md does not document {code}"
        );
    }
}
