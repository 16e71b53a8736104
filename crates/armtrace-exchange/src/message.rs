//! What a message says: the JWS payload of an envelope.
//!
//! The payload is one JSON object with exactly these members (no others):
//!
//! | member | JSON | meaning |
//! |---|---|---|
//! | `id` | string, UUID, hyphenated lower case | the message's identity; a receiver accepts each `(from, id)` once |
//! | `from` | string, node id | the sending node; the signing key must be one of its keys |
//! | `to` | string, node id | the receiving node |
//! | `type` | string | one of [`MessageType`] |
//! | `created` | string, RFC 3339 | when the sender made it |
//! | `expires` | string, RFC 3339 | after this instant no node accepts it |
//! | `body` | object | what the message carries, defined per `type` |

use crate::identity::NodeId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// A message's body: a JSON object whose members depend on the message type.
pub type Body = serde_json::Map<String, serde_json::Value>;

/// What kind of message this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageType {
    /// A tracing request to another State's point of contact; its body is a
    /// [`crate::trace::TraceRequestBody`].
    TraceRequest,
    /// The answer to a tracing request: what the records show, or reasons for
    /// delaying, restricting or declining; its body is a
    /// [`crate::trace::TraceAnswerBody`].
    TraceAnswer,
    /// A signed receipt for a message received (see [`crate::receipt`]).
    Receipt,
    /// A signed directory, pushed by a hub (body: `{"directory": "<compact JWS>"}`).
    Directory,
}

impl MessageType {
    /// The type as written in the payload.
    pub fn as_str(&self) -> &'static str {
        match self {
            MessageType::TraceRequest => "trace_request",
            MessageType::TraceAnswer => "trace_answer",
            MessageType::Receipt => "receipt",
            MessageType::Directory => "directory",
        }
    }
}

impl fmt::Display for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message, as signed in an envelope's payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// The message's id.
    #[serde(with = "hyphenated_uuid")]
    pub id: Uuid,
    /// The sending node.
    pub from: NodeId,
    /// The receiving node.
    pub to: NodeId,
    /// The message type.
    #[serde(rename = "type")]
    pub kind: MessageType,
    /// When the sender made it.
    #[serde(with = "rfc3339")]
    pub created: DateTime<Utc>,
    /// When it stops being acceptable.
    #[serde(with = "rfc3339")]
    pub expires: DateTime<Utc>,
    /// What it carries.
    pub body: Body,
}

/// A new message id: a UUIDv7 whose time is `now` (and whose other bits are random),
/// so that ids sort by creation time.
pub(crate) fn new_id(now: DateTime<Utc>) -> Uuid {
    let secs = u64::try_from(now.timestamp()).unwrap_or(0);
    let ts = uuid::Timestamp::from_unix(uuid::NoContext, secs, now.timestamp_subsec_nanos());
    Uuid::new_v7(ts)
}

/// Times as RFC 3339: written in UTC with `Z` (fractional seconds only when present),
/// read in any RFC 3339 form with an offset.
pub(crate) mod rfc3339 {
    use chrono::{DateTime, SecondsFormat, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    /// The written form.
    pub(crate) fn format(t: &DateTime<Utc>) -> String {
        t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }

    pub(crate) fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format(t))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| serde::de::Error::custom(format!("'{text}' is not an RFC 3339 time: {e}")))
    }

    /// The same for optional times.
    pub(crate) mod option {
        use chrono::{DateTime, Utc};
        use serde::{Deserialize, Deserializer, Serializer};

        pub(crate) fn serialize<S: Serializer>(
            t: &Option<DateTime<Utc>>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => super::serialize(t, s),
                None => s.serialize_none(),
            }
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<DateTime<Utc>>, D::Error> {
            #[derive(Deserialize)]
            struct Wrap(#[serde(with = "super")] DateTime<Utc>);
            Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
        }
    }
}

/// UUIDs in their hyphenated form only (36 characters), so that one id has one
/// spelling on the wire.
pub(crate) mod hyphenated_uuid {
    use serde::{Deserialize, Deserializer, Serializer};
    use uuid::Uuid;

    pub(crate) fn serialize<S: Serializer>(id: &Uuid, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&id.hyphenated().to_string())
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Uuid, D::Error> {
        let text = String::deserialize(d)?;
        let ok = text.len() == 36 && !text.bytes().any(|b| b.is_ascii_uppercase());
        match Uuid::try_parse(&text) {
            Ok(id) if ok => Ok(id),
            _ => Err(serde::de::Error::custom(format!(
                "'{text}' is not a UUID in lower-case hyphenated form"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> serde_json::Value {
        json!({
            "id": "0196a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
            "from": "KE",
            "to": "UG",
            "type": "trace_request",
            "created": "2026-05-04T09:30:00Z",
            "expires": "2026-05-11T09:30:00+00:00",
            "body": {}
        })
    }

    #[test]
    fn reads_and_writes_the_documented_form() {
        let m: Message = serde_json::from_value(sample()).expect("sample");
        assert_eq!(m.kind, MessageType::TraceRequest);
        let text = serde_json::to_string(&m).expect("serialise");
        assert_eq!(
            text,
            r#"{"id":"0196a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b","from":"KE","to":"UG","type":"trace_request","created":"2026-05-04T09:30:00Z","expires":"2026-05-11T09:30:00Z","body":{}}"#
        );
    }

    #[test]
    fn strict_about_members_and_forms() {
        let variants: Vec<(&str, serde_json::Value)> = vec![
            ("extra", json!("x")),
            ("id", json!("0196A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B")),
            ("id", json!("0196a1b2c3d47e5f8a9b0c1d2e3f4a5b")),
            ("from", json!("ke")),
            ("to", json!("XX")),
            ("type", json!("gossip")),
            ("created", json!("2026-05-04")),
            ("expires", json!(1_778_000_000)),
            ("body", json!([1, 2])),
            ("body", json!(null)),
        ];
        for (member, value) in variants {
            let mut v = sample();
            v[member] = value.clone();
            assert!(
                serde_json::from_value::<Message>(v).is_err(),
                "{member} = {value}"
            );
        }
        for member in ["id", "from", "to", "type", "created", "expires", "body"] {
            let mut v = sample();
            v.as_object_mut().map(|o| o.remove(member));
            assert!(
                serde_json::from_value::<Message>(v).is_err(),
                "without {member}"
            );
        }
    }

    #[test]
    fn new_ids_are_v7_and_ordered_by_time() {
        let t = DateTime::parse_from_rfc3339("2026-05-04T09:30:00Z")
            .expect("time")
            .with_timezone(&Utc);
        let a = new_id(t);
        let b = new_id(t + chrono::Duration::seconds(1));
        assert_eq!(a.get_version_num(), 7);
        assert!(a < b);
    }
}
