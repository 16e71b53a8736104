//! The signed directory: hub signature, content rules, no downgrade, key lookup.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use armtrace_exchange::{
    Directory, DirectoryError, DirectoryKey, KeyPair, KeyProblem, PublicKey, TrustedHubs,
};
use chrono::Duration;
use common::*;

fn hubs() -> TrustedHubs {
    TrustedHubs::new([hub().public().clone()])
}

#[test]
fn sign_open_import() {
    let signed = directory().sign(&hub()).unwrap();
    let opened = Directory::open(signed.as_str().as_bytes(), &hubs()).unwrap();
    assert_eq!(opened.directory(), &directory());
    assert_eq!(opened.as_str(), signed.as_str());
    let imported = Directory::import(signed.as_str().as_bytes(), &hubs(), None, t0()).unwrap();
    assert_eq!(imported.into_directory(), directory());
}

#[test]
fn newer_versions_replace_older_never_the_reverse() {
    let v1 = directory();
    let mut v2 = directory();
    v2.version = 2;
    v2.issued = v1.issued + Duration::days(1);
    let s1 = v1.sign(&hub()).unwrap();
    let s2 = v2.sign(&hub()).unwrap();
    let current = Directory::import(s2.as_str().as_bytes(), &hubs(), Some(&v1), t0()).unwrap();
    let current = current.into_directory();
    assert_eq!(current.version, 2);
    let e = Directory::import(s1.as_str().as_bytes(), &hubs(), Some(&current), t0()).unwrap_err();
    assert_eq!(
        e,
        DirectoryError::NotNewer {
            current: 2,
            offered: 1
        }
    );
    assert!(
        e.to_string()
            .contains("never replaced by an older or equal one")
    );
    // The same version again is refused too.
    assert!(matches!(
        Directory::import(s2.as_str().as_bytes(), &hubs(), Some(&current), t0()),
        Err(DirectoryError::NotNewer { .. })
    ));
}

#[test]
fn issued_in_the_future_is_refused() {
    let mut d = directory();
    d.issued = t0() + Duration::hours(1);
    let s = d.sign(&hub()).unwrap();
    assert!(matches!(
        Directory::import(s.as_str().as_bytes(), &hubs(), None, t0()),
        Err(DirectoryError::IssuedInFuture { .. })
    ));
    assert!(
        Directory::import(
            s.as_str().as_bytes(),
            &hubs(),
            None,
            t0() + Duration::hours(1)
        )
        .is_ok()
    );
}

#[test]
fn only_trusted_hubs_and_intact_signatures() {
    let rogue = KeyPair::from_seed(&[66; 32]);
    let s = directory().sign(&rogue).unwrap();
    assert!(matches!(
        Directory::open(s.as_str().as_bytes(), &hubs()),
        Err(DirectoryError::UntrustedHub { .. })
    ));
    // A node's key is not a hub key, even a known one.
    let s = directory().sign(&kenya().key).unwrap();
    assert!(matches!(
        Directory::open(s.as_str().as_bytes(), &hubs()),
        Err(DirectoryError::UntrustedHub { .. })
    ));
    // Any byte changed: refused.
    let s = directory().sign(&hub()).unwrap();
    let original = s.as_str().as_bytes();
    for i in (0..original.len()).step_by(7) {
        let mut b = original.to_vec();
        b[i] = if b[i] == b'x' { b'y' } else { b'x' };
        assert!(Directory::open(&b, &hubs()).is_err(), "byte {i}");
    }
    assert!(matches!(
        Directory::open(b"", &hubs()),
        Err(DirectoryError::Malformed(_))
    ));
    // A signed message is not a directory (typ differs).
    let env = armtrace_exchange::sign(&kenya(), &request(1, "UG", t0())).unwrap();
    let trust_kenya = TrustedHubs::new([kenya().key.public().clone()]);
    assert!(matches!(
        Directory::open(env.as_bytes(), &trust_kenya),
        Err(DirectoryError::Malformed(_))
    ));
}

#[test]
fn content_rules() {
    type Change = Box<dyn Fn(&mut Directory)>;
    let cases: Vec<(&str, Change)> = vec![
        ("no issuer", Box::new(|d| d.issuer = " ".into())),
        (
            "node twice",
            Box::new(|d| {
                let e = d.entries[0].clone();
                d.entries.push(e)
            }),
        ),
        (
            "state mismatch",
            Box::new(|d| d.entries[0].state = "UG".parse().unwrap()),
        ),
        ("no office", Box::new(|d| d.entries[0].office.clear())),
        (
            "bad inbox",
            Box::new(|d| d.entries[0].inbox = "ftp://x".into()),
        ),
        (
            "inbox with space",
            Box::new(|d| d.entries[0].inbox = "https://x y".into()),
        ),
        ("no key", Box::new(|d| d.entries[0].keys.clear())),
        (
            "kid twice",
            Box::new(|d| {
                let k = d.entries[0].keys[0].clone();
                d.entries[1].keys.push(k)
            }),
        ),
        (
            "window backwards",
            Box::new(|d| d.entries[0].keys[0].valid_until = Some(t("2025-01-01T00:00:00Z"))),
        ),
    ];
    for (what, change) in cases {
        let mut d = directory();
        change(&mut d);
        assert!(
            matches!(d.validate(), Err(DirectoryError::Invalid(_))),
            "{what}"
        );
        assert!(d.sign(&hub()).is_err(), "{what}");
    }
    assert_eq!(directory().validate(), Ok(()));
}

#[test]
fn json_form_is_jwk_compatible_and_kids_are_checked() {
    let json = serde_json::to_value(directory()).unwrap();
    let key = &json["entries"][0]["keys"][0];
    assert_eq!(key["kty"], "OKP");
    assert_eq!(key["crv"], "Ed25519");
    assert_eq!(key["kid"], "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    assert_eq!(key["x"], "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    assert_eq!(key["valid_from"], "2026-01-01T00:00:00Z");
    assert!(key.get("valid_until").is_none());
    // Each key entry is itself a JWK a JOSE library reads (extra members ignored).
    let as_jwk = PublicKey::from_jwk(&key.to_string()).unwrap();
    assert_eq!(&as_jwk, kenya().key.public());
    // A key listed under a kid that is not its thumbprint is refused.
    let mut forged = json.clone();
    forged["entries"][0]["keys"][0]["kid"] = json["entries"][1]["keys"][0]["kid"].clone();
    assert!(serde_json::from_value::<Directory>(forged).is_err());
    // Unknown members (a newer hub) are ignored.
    let mut newer = json.clone();
    newer["entries"][0]["languages"] = serde_json::json!(["en", "sw"]);
    newer["region"] = serde_json::json!("East Africa");
    assert_eq!(
        serde_json::from_value::<Directory>(newer).unwrap(),
        directory()
    );
}

#[test]
fn key_for_reports_why_a_key_cannot_be_used() {
    let mut d = directory();
    let kid = kenya().kid().clone();
    let from = t("2026-01-01T00:00:00Z");
    assert!(d.key_for(&kid, from).is_ok());
    assert!(matches!(
        d.key_for(&kid, from - Duration::seconds(1)),
        Err(KeyProblem::NotYetValid { .. })
    ));
    let until = t("2026-06-01T00:00:00Z");
    d.entries[0].keys[0].valid_until = Some(until);
    assert!(d.key_for(&kid, until - Duration::seconds(1)).is_ok());
    assert_eq!(
        d.key_for(&kid, until).unwrap_err(),
        KeyProblem::Retired {
            kid: kid.clone(),
            valid_until: until
        }
    );
    let revoked_at = t("2026-03-01T00:00:00Z");
    d.entries[0].keys[0].revoked_at = Some(revoked_at);
    assert!(d.key_for(&kid, revoked_at - Duration::seconds(1)).is_ok());
    let e = d.key_for(&kid, until).unwrap_err();
    assert_eq!(
        e,
        KeyProblem::Revoked {
            kid: kid.clone(),
            revoked_at
        }
    );
    assert_eq!(
        e.to_string(),
        format!("key {kid} was revoked at 2026-03-01T00:00:00Z")
    );
    let unknown = KeyPair::from_seed(&[1; 32]).kid().clone();
    assert!(matches!(
        d.key_for(&unknown, t0()),
        Err(KeyProblem::Unknown { .. })
    ));
    assert_eq!(d.entry(&node("UG")).unwrap().office, uganda().office);
    let (entry, key) = d.find_key(&kid).unwrap();
    assert_eq!(entry.node, node("KE"));
    assert_eq!(key.revoked_at, Some(revoked_at));
}

#[test]
fn rotation_entry_round_trips() {
    let mut d = directory();
    let new = KeyPair::from_seed(&[4; 32]);
    d.entries[0].keys[0].valid_until = Some(t("2026-05-15T00:00:00Z"));
    d.entries[0].keys.push(DirectoryKey::new(
        new.public().clone(),
        t("2026-05-01T00:00:00Z"),
    ));
    d.version = 2;
    let s = d.sign(&hub()).unwrap();
    let back = Directory::import(s.as_str().as_bytes(), &hubs(), Some(&directory()), t0()).unwrap();
    assert_eq!(back.directory(), &d);
}
