//! JWS compact serialization (RFC 7515 §3.1, §7.1) with `alg: EdDSA` over Ed25519
//! (RFC 8037), restricted to what this protocol allows: a protected header of exactly
//! `alg`, `kid` and `typ`, no unprotected header, no detached or unencoded payload.

use crate::identity::{KeyPair, Kid};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::Signature;
use serde::{Deserialize, Serialize};

/// The algorithm written (RFC 8037 §3.1).
pub(crate) const ALG: &str = "EdDSA";

/// RFC 9864's fully-specified name for the same algorithm (Ed25519 only), which
/// deprecates the polymorphic `EdDSA`. Accepted when read, so that peers may move to
/// it; not yet written, as not every JOSE library knows it.
pub(crate) const ALG_FULLY_SPECIFIED: &str = "Ed25519";

/// base64url without padding (RFC 7515 §2).
pub(crate) fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Strict base64url: no padding, no whitespace, unused trailing bits must be zero, so
/// that every value has exactly one spelling.
pub(crate) fn unb64(s: &str) -> Result<Vec<u8>, base64::DecodeError> {
    URL_SAFE_NO_PAD.decode(s)
}

/// The JOSE protected header, members in the order they are written.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Header {
    pub alg: String,
    pub kid: Kid,
    pub typ: String,
}

/// A compact JWS taken apart, signature not yet checked.
#[derive(Debug)]
pub(crate) struct Parts<'a> {
    /// The protected header.
    pub header: Header,
    /// The decoded payload (JSON bytes, not yet parsed).
    pub payload: Vec<u8>,
    /// The decoded signature.
    pub signature: Signature,
    /// `BASE64URL(header) || '.' || BASE64URL(payload)`: exactly what was signed.
    pub signing_input: &'a str,
    /// The whole compact serialization.
    pub compact: &'a str,
}

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Takes a compact JWS apart and checks its header against `typ`.
pub(crate) fn parse<'a>(bytes: &'a [u8], typ: &str) -> Result<Parts<'a>, String> {
    if let Some(at) = bytes.iter().position(|&b| !is_b64url(b) && b != b'.') {
        return Err(format!(
            "byte {at} (0x{:02x}) is neither base64url nor '.'",
            bytes[at]
        ));
    }
    // Only ASCII remains, so this cannot fail.
    let compact = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let parts: Vec<&str> = compact.split('.').collect();
    let [h, p, s] = parts[..] else {
        return Err(format!(
            "a compact JWS has 3 parts separated by '.', found {}",
            parts.len()
        ));
    };
    if h.is_empty() || p.is_empty() || s.is_empty() {
        return Err("a part of the compact JWS is empty".into());
    }
    let header_bytes = unb64(h).map_err(|e| format!("protected header: bad base64url: {e}"))?;
    let header: Header = serde_json::from_slice(&header_bytes)
        .map_err(|e| format!("protected header: not the expected JSON object: {e}"))?;
    if header.alg != ALG && header.alg != ALG_FULLY_SPECIFIED {
        return Err(format!(
            "protected header: alg must be \"{ALG}\" (or \"{ALG_FULLY_SPECIFIED}\"), found {:?}",
            header.alg
        ));
    }
    if header.typ != typ {
        return Err(format!(
            "protected header: typ must be \"{typ}\", found {:?}",
            header.typ
        ));
    }
    let payload = unb64(p).map_err(|e| format!("payload: bad base64url: {e}"))?;
    let sig = unb64(s).map_err(|e| format!("signature: bad base64url: {e}"))?;
    let sig: [u8; 64] = sig.try_into().map_err(|v: Vec<u8>| {
        format!(
            "signature: Ed25519 signatures are 64 bytes, found {}",
            v.len()
        )
    })?;
    Ok(Parts {
        header,
        payload,
        signature: Signature::from_bytes(&sig),
        signing_input: &compact[..h.len() + 1 + p.len()],
        compact,
    })
}

/// Signs `payload` as a compact JWS with the given `typ`.
pub(crate) fn sign(key: &KeyPair, typ: &str, payload: &[u8]) -> Result<String, serde_json::Error> {
    let header = Header {
        alg: ALG.into(),
        kid: key.kid().clone(),
        typ: typ.into(),
    };
    let mut out = b64(&serde_json::to_vec(&header)?);
    out.push('.');
    out.push_str(&b64(payload));
    let signature = key.sign(out.as_bytes());
    out.push('.');
    out.push_str(&b64(&signature.to_bytes()));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8037 appendix A.4: the Ed25519 signature of a JWS, byte for byte.
    #[test]
    fn rfc8037_signing_example() {
        let d = unb64("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A").expect("d");
        let seed: [u8; 32] = d.try_into().expect("32 bytes");
        let key = KeyPair::from_seed(&seed);
        let input = format!(
            "{}.{}",
            b64(br#"{"alg":"EdDSA"}"#),
            b64(b"Example of Ed25519 signing")
        );
        assert_eq!(
            input,
            "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
        );
        assert_eq!(
            b64(&key.sign(input.as_bytes()).to_bytes()),
            "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
        );
    }

    #[test]
    fn base64url_has_one_spelling() {
        // 1 byte: 2 characters, the last carrying 4 unused bits that must be zero.
        assert_eq!(unb64("AA").ok(), Some(vec![0]));
        assert!(unb64("AB").is_err());
        assert!(unb64("AA==").is_err());
        assert!(unb64("A A").is_err());
        assert!(unb64("+/").is_err());
    }
}
