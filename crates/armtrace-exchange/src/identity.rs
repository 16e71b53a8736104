//! Who a node is: its node id, its State, its point-of-contact office and contact
//! details, and its Ed25519 signing key.
//!
//! Keys are JSON Web Keys (RFC 7517) of key type `OKP`, curve `Ed25519` (RFC 8037 §2),
//! so that any JOSE library reads them:
//!
//! - public: `{"kty":"OKP","crv":"Ed25519","x":"<32 bytes, base64url>","kid":"<kid>"}`;
//! - private (the key file): the same with `"d":"<32-byte seed, base64url>"`.
//!
//! A key's id (`kid`) is its JWK thumbprint (RFC 7638 §3): the base64url SHA-256 of
//! `{"crv":"Ed25519","kty":"OKP","x":"<x>"}` (members in that order, no white space).
//! It is therefore derived from the key and checkable by anyone: a directory cannot
//! list a key under somebody else's id.

use crate::jws::{b64, unb64};
use crate::message::{Body, Message, MessageType};
use armtrace_domain::CountryCode;
use chrono::{DateTime, Duration, Utc};
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use std::fmt;
use std::path::Path;
use std::str::FromStr;
use zeroize::Zeroizing;

/// A node's id: the State's ISO 3166-1 alpha-2 code (upper case), optionally followed
/// by `:` and a label of 1–32 characters `a-z`, `0-9`, `-` (not first) when a State
/// runs more than one node (say, one point of contact for tracing and another for the
/// Programme of Action). Examples: `KE`, `KE:tracing`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NodeId {
    text: String,
    state: CountryCode,
}

/// A text that is not a node id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a node id (an ISO 3166-1 alpha-2 State code in upper case such as KE, optionally followed by ':' and a label of a-z, 0-9 and '-', e.g. KE:tracing)"
)]
pub struct InvalidNodeId(pub String);

impl NodeId {
    /// The node id as text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The State the node belongs to.
    pub fn state(&self) -> CountryCode {
        self.state
    }
}

impl FromStr for NodeId {
    type Err = InvalidNodeId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || InvalidNodeId(s.to_string());
        let (code, label) = match s.split_once(':') {
            Some((code, label)) => (code, Some(label)),
            None => (s, None),
        };
        // Exactly one spelling: no trimming, no case folding, as ids are compared as text.
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(bad());
        }
        let state = code.parse::<CountryCode>().map_err(|_| bad())?;
        if let Some(label) = label {
            let ok = (1..=32).contains(&label.len())
                && !label.starts_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !ok {
                return Err(bad());
            }
        }
        Ok(NodeId {
            text: s.to_string(),
            state,
        })
    }
}

impl TryFrom<String> for NodeId {
    type Error = InvalidNodeId;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<NodeId> for String {
    fn from(n: NodeId) -> String {
        n.text
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A key id (`kid`): for keys of this protocol, the key's RFC 7638 thumbprint.
///
/// Any text of 1–128 base64url characters is accepted where a kid is read (a header, a
/// key file); a directory only lists keys whose kid is their thumbprint.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Kid(String);

/// A text that is not a key id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a key id (1 to 128 base64url characters)")]
pub struct InvalidKid(pub String);

impl Kid {
    /// The RFC 7638 thumbprint of an Ed25519 public key.
    pub fn thumbprint(key: &VerifyingKey) -> Kid {
        let x = b64(key.as_bytes());
        let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
        Kid(b64(&Sha256::digest(canonical.as_bytes())))
    }

    /// The kid as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Kid {
    type Err = InvalidKid;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = (1..=128).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(Kid(s.to_string()))
        } else {
            Err(InvalidKid(s.to_string()))
        }
    }
}

impl TryFrom<String> for Kid {
    type Error = InvalidKid;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Kid> for String {
    fn from(k: Kid) -> String {
        k.0
    }
}

impl fmt::Display for Kid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a key or key file was refused.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The JWK is not an Ed25519 key of this protocol.
    #[error("not an Ed25519 JSON Web Key: {0}")]
    Format(String),
    /// The public part `x` does not belong to the private part `d`.
    #[error("the JWK's public key \"x\" is not the public key of its private key \"d\"")]
    Mismatch,
    /// The `kid` is not the key's thumbprint.
    #[error("the JWK's kid {found} is not the key's RFC 7638 thumbprint {expected}")]
    WrongKid {
        /// The kid in the JWK.
        found: String,
        /// The key's thumbprint.
        expected: Kid,
    },
    /// The key file could not be read or written.
    #[error("key file {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// A JWK as read and written (RFC 7517 §4, RFC 8037 §2). Unknown members are ignored
/// (RFC 7517 §4: members not understood MUST be ignored).
#[derive(Serialize, Deserialize)]
struct Jwk {
    kty: String,
    crv: String,
    x: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    d: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kid: Option<String>,
}

impl Drop for Jwk {
    fn drop(&mut self) {
        if let Some(d) = self.d.as_mut() {
            zeroize::Zeroize::zeroize(d);
        }
    }
}

impl Jwk {
    fn public_key(&self) -> Result<PublicKey, KeyError> {
        if self.kty != "OKP" {
            return Err(KeyError::Format(format!(
                "kty must be \"OKP\", found {:?}",
                self.kty
            )));
        }
        if self.crv != "Ed25519" {
            return Err(KeyError::Format(format!(
                "crv must be \"Ed25519\", found {:?}",
                self.crv
            )));
        }
        let x = unb64(&self.x).map_err(|e| KeyError::Format(format!("x: {e}")))?;
        let x: [u8; 32] = x
            .try_into()
            .map_err(|_| KeyError::Format("x must be 32 bytes".into()))?;
        let key = VerifyingKey::from_bytes(&x)
            .map_err(|_| KeyError::Format("x is not a point of Ed25519".into()))?;
        if key.is_weak() {
            return Err(KeyError::Format("x is a weak (small-order) key".into()));
        }
        let kid = Kid::thumbprint(&key);
        if let Some(found) = &self.kid
            && found != kid.as_str()
        {
            return Err(KeyError::WrongKid {
                found: found.clone(),
                expected: kid,
            });
        }
        Ok(PublicKey { kid, key })
    }
}

/// An Ed25519 public key with its kid; read and written as a public JWK.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PublicJwk", into = "PublicJwk")]
pub struct PublicKey {
    kid: Kid,
    key: VerifyingKey,
}

/// The serde form of [`PublicKey`].
#[derive(Serialize, Deserialize)]
struct PublicJwk {
    kty: String,
    crv: String,
    x: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kid: Option<String>,
}

impl TryFrom<PublicJwk> for PublicKey {
    type Error = KeyError;
    fn try_from(j: PublicJwk) -> Result<Self, Self::Error> {
        Jwk {
            kty: j.kty,
            crv: j.crv,
            x: j.x,
            d: None,
            kid: j.kid,
        }
        .public_key()
    }
}

impl From<PublicKey> for PublicJwk {
    fn from(k: PublicKey) -> Self {
        PublicJwk {
            kty: "OKP".into(),
            crv: "Ed25519".into(),
            x: b64(k.key.as_bytes()),
            kid: Some(k.kid.0),
        }
    }
}

impl PublicKey {
    /// Wraps an Ed25519 public key.
    pub fn new(key: VerifyingKey) -> Self {
        PublicKey {
            kid: Kid::thumbprint(&key),
            key,
        }
    }

    /// The key's id (its thumbprint).
    pub fn kid(&self) -> &Kid {
        &self.kid
    }

    /// The Ed25519 public key.
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.key
    }

    /// The public key as a JWK (`kty`, `crv`, `x`, `kid`).
    pub fn to_jwk(&self) -> String {
        let j = PublicJwk::from(self.clone());
        format!(
            r#"{{"kty":"{}","crv":"{}","x":"{}","kid":"{}"}}"#,
            j.kty,
            j.crv,
            j.x,
            j.kid.unwrap_or_default()
        )
    }

    /// Reads a public JWK.
    pub fn from_jwk(json: &str) -> Result<Self, KeyError> {
        let j: PublicJwk =
            serde_json::from_str(json).map_err(|e| KeyError::Format(e.to_string()))?;
        PublicKey::try_from(j)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("kid", &self.kid.as_str())
            .field("x", &b64(self.key.as_bytes()))
            .finish()
    }
}

/// A node's Ed25519 key pair. Its `Debug` shows the kid, never the private key; the
/// private key is wiped from memory when the pair is dropped (ed25519-dalek's
/// `zeroize`).
#[derive(Clone)]
pub struct KeyPair {
    signing: SigningKey,
    public: PublicKey,
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPair")
            .field("kid", &self.public.kid.as_str())
            .field("private", &"<redacted>")
            .finish()
    }
}

impl KeyPair {
    /// A new key from the operating system's random number generator.
    pub fn generate() -> Self {
        Self::from_signing_key(SigningKey::generate(&mut rand_core::OsRng))
    }

    /// The key whose 32-byte private seed is `seed` (RFC 8032 §5.1.5). For tests and
    /// worked examples; real keys come from [`KeyPair::generate`].
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Self::from_signing_key(SigningKey::from_bytes(seed))
    }

    fn from_signing_key(signing: SigningKey) -> Self {
        let public = PublicKey::new(signing.verifying_key());
        KeyPair { signing, public }
    }

    /// The public half.
    pub fn public(&self) -> &PublicKey {
        &self.public
    }

    /// The key's id.
    pub fn kid(&self) -> &Kid {
        &self.public.kid
    }

    /// Signs `input` (crate-internal: everything signed goes through the JWS code).
    pub(crate) fn sign(&self, input: &[u8]) -> Signature {
        self.signing.sign(input)
    }

    /// The private JWK (`kty`, `crv`, `x`, `d`, `kid`), wiped from memory when dropped.
    pub fn to_private_jwk(&self) -> Zeroizing<String> {
        let d = Zeroizing::new(b64(self.signing.as_bytes()));
        Zeroizing::new(format!(
            r#"{{"kty":"OKP","crv":"Ed25519","x":"{}","d":"{}","kid":"{}"}}"#,
            b64(self.public.key.as_bytes()),
            d.as_str(),
            self.public.kid
        ))
    }

    /// Reads a private JWK; `x` must be the public key of `d` and `kid`, when present,
    /// its thumbprint.
    pub fn from_private_jwk(json: &str) -> Result<Self, KeyError> {
        let jwk: Jwk = serde_json::from_str(json)
            // The error text may quote the input: do not pass it on.
            .map_err(|e| {
                KeyError::Format(format!(
                    "not a JSON Web Key (line {}, column {})",
                    e.line(),
                    e.column()
                ))
            })?;
        let public = jwk.public_key()?;
        let Some(d) = jwk.d.as_deref() else {
            return Err(KeyError::Format(
                "no private key \"d\": this is a public key".into(),
            ));
        };
        let seed =
            Zeroizing::new(unb64(d).map_err(|_| KeyError::Format("d is not base64url".into()))?);
        let seed: &[u8; 32] = seed
            .as_slice()
            .try_into()
            .map_err(|_| KeyError::Format("d must be 32 bytes".into()))?;
        let pair = KeyPair::from_seed(seed);
        if pair.public != public {
            return Err(KeyError::Mismatch);
        }
        Ok(pair)
    }

    /// Writes the private JWK to a new file, readable and writable by its owner only
    /// (mode 0600 on Unix). Refuses to overwrite an existing file.
    pub fn write_file(&self, path: &Path) -> Result<(), KeyError> {
        use std::io::Write as _;
        let io = |source| KeyError::Io {
            path: path.display().to_string(),
            source,
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(io)?;
        file.write_all(self.to_private_jwk().as_bytes())
            .and_then(|()| file.write_all(b"\n"))
            .and_then(|()| file.sync_all())
            .map_err(io)
    }

    /// Reads a key file written by [`KeyPair::write_file`] (or any private Ed25519 JWK).
    pub fn read_file(path: &Path) -> Result<Self, KeyError> {
        let text =
            Zeroizing::new(
                std::fs::read_to_string(path).map_err(|source| KeyError::Io {
                    path: path.display().to_string(),
                    source,
                })?,
            );
        Self::from_private_jwk(&text)
    }
}

/// How to reach a point of contact. Every member is optional; unknown members of a
/// directory are ignored so that hubs can add more.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Telephone number, international format (`+254 …`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// This node: who it is and the key it signs with.
#[derive(Debug, Clone)]
pub struct NodeIdentity {
    /// The node's id; its first two letters are the State.
    pub node: NodeId,
    /// The point-of-contact office, e.g. "Kenya National Focus Point on SALW".
    pub office: String,
    /// How to reach the office.
    pub contact: Contact,
    /// The key it signs with now (during a rotation, the new key).
    pub key: KeyPair,
}

impl NodeIdentity {
    /// An identity.
    pub fn new(node: NodeId, office: impl Into<String>, contact: Contact, key: KeyPair) -> Self {
        NodeIdentity {
            node,
            office: office.into(),
            contact,
            key,
        }
    }

    /// The node's State.
    pub fn state(&self) -> CountryCode {
        self.node.state()
    }

    /// The id of the key it signs with.
    pub fn kid(&self) -> &Kid {
        self.key.kid()
    }

    /// A new message from this node: a fresh UUIDv7 id (time-ordered from `now`, with
    /// random bits), created `now`, expiring after `lifetime`.
    pub fn message(
        &self,
        to: NodeId,
        kind: MessageType,
        body: Body,
        now: DateTime<Utc>,
        lifetime: Duration,
    ) -> Message {
        Message {
            id: crate::message::new_id(now),
            from: self.node.clone(),
            to,
            kind,
            created: now,
            expires: now + lifetime,
            body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8037 appendix A.1 and A.3: the key and its thumbprint.
    const RFC8037_D: &str = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
    const RFC8037_X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    const RFC8037_KID: &str = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";

    #[test]
    fn rfc8037_key_and_thumbprint() {
        let jwk = format!(r#"{{"kty":"OKP","crv":"Ed25519","d":"{RFC8037_D}","x":"{RFC8037_X}"}}"#);
        let pair = KeyPair::from_private_jwk(&jwk).expect("RFC 8037 A.1 key");
        assert_eq!(pair.kid().as_str(), RFC8037_KID);
        assert_eq!(b64(pair.public().verifying_key().as_bytes()), RFC8037_X);
    }

    #[test]
    fn private_jwk_round_trip_and_checks() {
        let pair = KeyPair::from_seed(&[7; 32]);
        let jwk = pair.to_private_jwk();
        let back = KeyPair::from_private_jwk(&jwk).expect("own output");
        assert_eq!(back.public(), pair.public());

        let other = KeyPair::from_seed(&[8; 32]);
        let other_x = b64(other.public().verifying_key().as_bytes());
        let own_x = b64(pair.public().verifying_key().as_bytes());
        let swapped = jwk.replace(&own_x, &other_x);
        assert!(matches!(
            KeyPair::from_private_jwk(&swapped),
            Err(KeyError::WrongKid { .. } | KeyError::Mismatch)
        ));
        let no_kid = format!(
            r#"{{"kty":"OKP","crv":"Ed25519","x":"{other_x}","d":"{}"}}"#,
            b64(&[7; 32])
        );
        assert!(matches!(
            KeyPair::from_private_jwk(&no_kid),
            Err(KeyError::Mismatch)
        ));
        let public_only = pair.public().to_jwk();
        assert!(matches!(
            KeyPair::from_private_jwk(&public_only),
            Err(KeyError::Format(_))
        ));
        assert!(KeyPair::from_private_jwk(&jwk.replace("OKP", "EC")).is_err());
        assert!(KeyPair::from_private_jwk(&jwk.replace("Ed25519", "X25519")).is_err());
    }

    #[test]
    fn public_jwk_round_trip() {
        let pair = KeyPair::from_seed(&[9; 32]);
        let jwk = pair.public().to_jwk();
        assert!(!jwk.contains("\"d\""));
        assert_eq!(
            PublicKey::from_jwk(&jwk).expect("own output"),
            *pair.public()
        );
        let via_serde: PublicKey = serde_json::from_str(&jwk).expect("serde form");
        assert_eq!(via_serde, *pair.public());
        assert_eq!(
            serde_json::to_string(pair.public()).expect("serialise"),
            jwk
        );
    }

    #[test]
    fn debug_never_shows_the_private_key() {
        let pair = KeyPair::from_seed(&[1; 32]);
        let secret = b64(&[1; 32]);
        let identity = NodeIdentity::new(
            "KE".parse().expect("node id"),
            "Office",
            Contact::default(),
            pair.clone(),
        );
        for shown in [
            format!("{pair:?}"),
            format!("{identity:?}"),
            format!("{identity:#?}"),
        ] {
            assert!(!shown.contains(&secret), "{shown}");
            assert!(!shown.contains(&hex::encode([1u8; 32])), "{shown}");
            assert!(shown.contains(pair.kid().as_str()), "{shown}");
        }
    }

    #[test]
    fn key_file_round_trip_private_mode_no_overwrite() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("node.jwk");
        let pair = KeyPair::generate();
        pair.write_file(&path).expect("write");
        assert_eq!(
            KeyPair::read_file(&path).expect("read").public(),
            pair.public()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).expect("stat").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(matches!(
            KeyPair::generate().write_file(&path),
            Err(KeyError::Io { .. })
        ));
        assert_eq!(
            KeyPair::read_file(&path).expect("read").public(),
            pair.public()
        );
    }

    #[test]
    fn node_ids() {
        for good in ["KE", "UG", "KE:tracing", "DE:poa-2", "KE:a"] {
            let id: NodeId = good.parse().expect(good);
            assert_eq!(id.as_str(), good);
        }
        assert_eq!(
            "KE:tracing"
                .parse::<NodeId>()
                .map(|n| n.state().to_string()),
            Ok("KE".into())
        );
        for bad in [
            "",
            "ke",
            "XX",
            "KEN",
            "KE:",
            "KE:-x",
            "KE:Tracing",
            "KE:a b",
            " KE",
            "KE:x:y",
        ] {
            assert!(bad.parse::<NodeId>().is_err(), "{bad}");
        }
        let long = format!("KE:{}", "a".repeat(33));
        assert!(long.parse::<NodeId>().is_err());
    }
}
