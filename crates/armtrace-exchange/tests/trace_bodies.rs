//! The bodies of trace requests and answers (`docs/exchange.md` §11): complete bodies
//! round-trip, every rule is refused with the member it concerns, unknown members are
//! refused, the examples of the document are valid, and no input makes `from_body`
//! panic or accept something it would write differently.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use armtrace_exchange::{
    Body, BodyError, MAX_MARKINGS, MAX_SHORT, MAX_TEXT, Outcome, TraceAnswerBody, TraceRequestBody,
};
use proptest::prelude::*;
use serde_json::{Value, json};

fn obj(v: Value) -> Body {
    match v {
        Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

/// A request with every member.
fn full_request() -> Value {
    json!({
        "reference": "KE-TR-2026-0001",
        "requesting_authority": "Kenya National Police Service, Firearms Bureau",
        "illicit_nature": "Found in an arms cache; no licence or record in Kenya.",
        "legal_basis": "Firearms Act (Cap. 114); International Tracing Instrument",
        "weapon": {
            "category": "assault rifle",
            "make": "Example Arms",
            "model": "EA-47",
            "calibre": "7.62x39mm",
            "serial": "AB 12345",
            "country_of_manufacture": "UG",
            "year_of_manufacture": 1998,
            "markings": [
                {"kind": "serial", "text": "AB 12345", "place": "left side of receiver"},
                {"kind": "import", "text": "TZ 03\nDSM", "place": "barrel", "country": "TZ", "year": 2003}
            ]
        },
        "circumstances": {
            "date": "2026-04-20",
            "place": "Busia",
            "description": "Recovered at a road check\twith two other rifles."
        },
        "intended_use": "Criminal investigation and prosecution",
        "confidentiality": "Restricted: law enforcement only",
        "urgency": "urgent",
        "answer_by": "2026-06-01",
        "follows": {
            "request_id": "019df252-b5c0-7a3e-9c4d-2f1e8b7a6d50",
            "to": "UG:tracing",
            "answer_id": "019df253-a020-7b1f-8e2a-5c6d7e8f9a0b"
        }
    })
}

/// The smallest request: no optional member, the weapon identified by its serial.
fn small_request() -> Value {
    json!({
        "reference": "KE-TR-2026-0002",
        "requesting_authority": "Kenya National Police Service",
        "illicit_nature": "Seized from an unlicensed holder.",
        "legal_basis": "Firearms Act (Cap. 114)",
        "weapon": {"serial": "123456"},
        "circumstances": {"date": "2026-04-20", "place": "Nairobi", "description": ""},
        "intended_use": "Investigation",
        "confidentiality": "Restricted",
        "urgency": "routine",
        "answer_by": "2026-06-01"
    })
}

/// A found answer with every member.
fn full_answer() -> Value {
    json!({
        "in_reply_to": "019df252-b5c0-7a3e-9c4d-2f1e8b7a6d50",
        "reference": "KE-TR-2026-0001",
        "outcome": "found",
        "reasons": "Records of the import office were consulted.",
        "conditions": "Not to be passed on without Uganda's consent.",
        "findings": {
            "weapon": {"make": "Example Arms", "model": "EA-47", "serial": "AB 12345"},
            "manufacture": {"year": 1998, "date": "1998-03-02", "manufacturer": "Example Arms Ltd", "country": "UG"},
            "exports": [
                {"date": "2003-07-15", "counterpart_state": "TZ", "counterpart": "Ministry of Defence", "document": "EXP-2003-114", "marking": "TZ 03"}
            ],
            "imports": [{"date": "1999-01-10", "counterpart_state": "BE"}],
            "last_legal_holder": {"name": "Tanzania People's Defence Force", "state": "TZ", "since": "2003-07-15"},
            "status": "Exported; no later record."
        },
        "next_state": "TZ"
    })
}

fn answer(outcome: &str) -> Value {
    let mut v = json!({
        "in_reply_to": "019df252-b5c0-7a3e-9c4d-2f1e8b7a6d50",
        "reference": "KE-TR-2026-0001",
        "outcome": outcome,
        "conditions": "",
    });
    let needs_findings = ["found", "partial", "restricted"].contains(&outcome);
    if needs_findings {
        v["findings"] = json!({"weapon": {"serial": "AB 12345"}});
    }
    if ["delayed", "restricted", "declined"].contains(&outcome) {
        v["reasons"] = json!("Because.");
    }
    if outcome == "delayed" {
        v["final_answer_by"] = json!("2026-07-01");
    }
    v
}

#[test]
fn complete_bodies_round_trip() {
    for v in [full_request(), small_request()] {
        let r = TraceRequestBody::from_body(&obj(v.clone())).unwrap();
        assert_eq!(Value::Object(r.to_body()), v);
        assert_eq!(TraceRequestBody::from_body(&r.to_body()).unwrap(), r);
    }
    let a = TraceAnswerBody::from_body(&obj(full_answer())).unwrap();
    assert_eq!(Value::Object(a.to_body()), full_answer());
    assert_eq!(a.outcome, Outcome::Found);
    for o in [
        "found",
        "not_found",
        "partial",
        "delayed",
        "restricted",
        "declined",
    ] {
        let v = answer(o);
        let a = TraceAnswerBody::from_body(&obj(v.clone())).unwrap_or_else(|e| panic!("{o}: {e}"));
        assert_eq!(Value::Object(a.to_body()), v);
    }
}

/// Sets (or, with `None`, removes) the member at a JSON pointer.
fn edit(mut v: Value, pointer: &str, value: Option<Value>) -> Value {
    let (parent, name) = pointer.rsplit_once('/').unwrap();
    let slot = v.pointer_mut(parent).unwrap_or_else(|| panic!("{pointer}"));
    match (slot, value) {
        (Value::Object(m), Some(x)) => {
            m.insert(name.to_string(), x);
        }
        (Value::Object(m), None) => {
            m.remove(name);
        }
        (Value::Array(a), Some(x)) => a[name.parse::<usize>().unwrap()] = x,
        (Value::Array(a), None) => {
            a.remove(name.parse::<usize>().unwrap());
        }
        _ => panic!("{pointer}"),
    }
    v
}

fn request_error(v: Value) -> BodyError {
    TraceRequestBody::from_body(&obj(v)).unwrap_err()
}

fn answer_error(v: Value) -> BodyError {
    TraceAnswerBody::from_body(&obj(v)).unwrap_err()
}

#[test]
fn every_request_rule_names_its_member() {
    let long_short = json!("x".repeat(MAX_SHORT + 1));
    let long_text = json!("x".repeat(MAX_TEXT + 1));
    let many: Vec<Value> = (0..=MAX_MARKINGS)
        .map(|i| json!({"kind": "other", "text": format!("M{i}")}))
        .collect();
    let cases: Vec<(&str, Option<Value>, &str, &str)> = vec![
        // Required texts filled in.
        (
            "/reference",
            Some(json!("  ")),
            "reference",
            "must be filled in",
        ),
        (
            "/requesting_authority",
            Some(json!("")),
            "requesting_authority",
            "must be filled in",
        ),
        (
            "/illicit_nature",
            Some(json!("\n")),
            "illicit_nature",
            "must be filled in",
        ),
        (
            "/legal_basis",
            Some(json!("")),
            "legal_basis",
            "must be filled in",
        ),
        (
            "/intended_use",
            Some(json!(" ")),
            "intended_use",
            "must be filled in",
        ),
        (
            "/confidentiality",
            Some(json!("")),
            "confidentiality",
            "must be filled in",
        ),
        (
            "/circumstances/place",
            Some(json!("")),
            "circumstances.place",
            "must be filled in",
        ),
        // Lengths.
        (
            "/reference",
            Some(long_short.clone()),
            "reference",
            "at most 200",
        ),
        (
            "/requesting_authority",
            Some(long_short.clone()),
            "requesting_authority",
            "at most 200",
        ),
        (
            "/weapon/make",
            Some(long_short.clone()),
            "weapon.make",
            "at most 200",
        ),
        (
            "/weapon/model",
            Some(long_short.clone()),
            "weapon.model",
            "at most 200",
        ),
        (
            "/weapon/calibre",
            Some(long_short.clone()),
            "weapon.calibre",
            "at most 200",
        ),
        (
            "/weapon/serial",
            Some(long_short.clone()),
            "weapon.serial",
            "at most 200",
        ),
        (
            "/weapon/category",
            Some(long_short.clone()),
            "weapon.category",
            "at most 200",
        ),
        (
            "/weapon/markings/1/kind",
            Some(long_short.clone()),
            "weapon.markings[1].kind",
            "at most 200",
        ),
        (
            "/weapon/markings/1/place",
            Some(long_short.clone()),
            "weapon.markings[1].place",
            "at most 200",
        ),
        (
            "/circumstances/place",
            Some(long_short.clone()),
            "circumstances.place",
            "at most 200",
        ),
        (
            "/illicit_nature",
            Some(long_text.clone()),
            "illicit_nature",
            "at most 4000",
        ),
        (
            "/legal_basis",
            Some(long_text.clone()),
            "legal_basis",
            "at most 4000",
        ),
        (
            "/weapon/markings/1/text",
            Some(long_text.clone()),
            "weapon.markings[1].text",
            "at most 4000",
        ),
        (
            "/circumstances/description",
            Some(long_text.clone()),
            "circumstances.description",
            "at most 4000",
        ),
        (
            "/intended_use",
            Some(long_text.clone()),
            "intended_use",
            "at most 4000",
        ),
        (
            "/confidentiality",
            Some(long_text.clone()),
            "confidentiality",
            "at most 4000",
        ),
        // Control characters.
        (
            "/weapon/serial",
            Some(json!("AB\t12345")),
            "weapon.serial",
            "U+0009",
        ),
        ("/reference", Some(json!("KE\u{7}")), "reference", "U+0007"),
        (
            "/legal_basis",
            Some(json!("a\u{0}b")),
            "legal_basis",
            "U+0000",
        ),
        (
            "/legal_basis",
            Some(json!("a\u{85}b")),
            "legal_basis",
            "U+0085",
        ),
        (
            "/weapon/markings/1/text",
            Some(json!("a\rb")),
            "weapon.markings[1].text",
            "U+000D",
        ),
        // Optional members are left out rather than empty.
        (
            "/weapon/model",
            Some(json!("")),
            "weapon.model",
            "must be filled in",
        ),
        // The weapon is identifiable; markings have text; not too many.
        (
            "/weapon/markings/0/text",
            Some(json!(" ")),
            "weapon.markings[0].text",
            "must be filled in",
        ),
        (
            "/weapon/markings/0/kind",
            Some(json!("")),
            "weapon.markings[0].kind",
            "must be filled in",
        ),
        (
            "/weapon/markings",
            Some(Value::Array(many)),
            "weapon.markings",
            "at most 32",
        ),
        // Years.
        (
            "/weapon/year_of_manufacture",
            Some(json!(1799)),
            "weapon.year_of_manufacture",
            "between 1800 and 2100",
        ),
        (
            "/weapon/markings/1/year",
            Some(json!(2101)),
            "weapon.markings[1].year",
            "between 1800 and 2100",
        ),
        (
            "/answer_by",
            Some(json!("2101-01-01")),
            "answer_by",
            "between 1800 and 2100",
        ),
        (
            "/circumstances/date",
            Some(json!("1700-01-01")),
            "circumstances.date",
            "between 1800 and 2100",
        ),
        // Shape.
        (
            "/weapon/colour",
            Some(json!("black")),
            "weapon.colour",
            "not a member",
        ),
        ("/priority", Some(json!(1)), "priority", "not a member"),
        (
            "/weapon/markings/0/script",
            Some(json!("Latn")),
            "weapon.markings[0].script",
            "not a member",
        ),
        (
            "/follows/note",
            Some(json!("x")),
            "follows.note",
            "not a member",
        ),
        (
            "/circumstances/date",
            Some(json!("20/04/2026")),
            "circumstances.date",
            "YYYY-MM-DD",
        ),
        (
            "/weapon/country_of_manufacture",
            Some(json!("uga")),
            "weapon.country_of_manufacture",
            "ISO 3166-1",
        ),
        (
            "/urgency",
            Some(json!("immediate")),
            "urgency",
            "routine, urgent",
        ),
        (
            "/follows/to",
            Some(json!("UG tracing")),
            "follows.to",
            "not a node id",
        ),
        (
            "/follows/answer_id",
            Some(json!("019df253a0207b1f8e2a5c6d7e8f9a0b")),
            "follows.answer_id",
            "UUID",
        ),
        ("/weapon", Some(json!("AK")), "weapon", "must be an object"),
        (
            "/weapon/markings",
            Some(json!({"kind": "serial"})),
            "weapon.markings",
            "must be a list",
        ),
        (
            "/weapon/markings/0",
            Some(json!(null)),
            "weapon.markings[0]",
            "must be an object",
        ),
        (
            "/weapon/serial",
            Some(json!(12345)),
            "weapon.serial",
            "must be a text",
        ),
        (
            "/weapon/serial",
            Some(json!(null)),
            "weapon.serial",
            "is null",
        ),
        ("/follows", Some(json!(null)), "follows", "is null"),
        (
            "/circumstances/description",
            None,
            "circumstances.description",
            "is required",
        ),
        ("/answer_by", None, "answer_by", "is required"),
    ];
    for (pointer, value, field, words) in cases {
        let e = request_error(edit(full_request(), pointer, value.clone()));
        assert_eq!(e.field, field, "{pointer} = {value:?}: {e}");
        assert!(e.reason.contains(words), "{pointer}: {e}");
    }
    // Neither serial nor marking: not identifiable.
    let v = edit(
        edit(full_request(), "/weapon/serial", None),
        "/weapon/markings",
        None,
    );
    let e = request_error(v);
    assert_eq!(
        e.to_string(),
        "weapon: the weapon cannot be identified: give its serial number or at least one marking"
    );
    // A marking alone is enough.
    let v = edit(full_request(), "/weapon/serial", None);
    TraceRequestBody::from_body(&obj(v)).unwrap();
}

#[test]
fn every_answer_rule_names_its_member() {
    for o in ["delayed", "restricted", "declined"] {
        let e = answer_error(edit(answer(o), "/reasons", None));
        assert_eq!(
            e.to_string(),
            format!("reasons: a reason is required when the answer is {o}")
        );
        let e = answer_error(edit(answer(o), "/reasons", Some(json!(" "))));
        assert_eq!(e.field, "reasons");
    }
    for o in ["found", "partial", "restricted"] {
        let e = answer_error(edit(answer(o), "/findings", None));
        assert_eq!(e.field, "findings");
        assert!(
            e.reason
                .starts_with(&format!("findings are required when the answer is {o}")),
            "{e}"
        );
    }
    for o in ["not_found", "delayed", "declined"] {
        let v = edit(
            answer(o),
            "/findings",
            Some(json!({"weapon": {"serial": "1"}})),
        );
        let e = answer_error(v);
        assert_eq!(e.field, "findings");
        assert!(
            e.reason.starts_with(&format!(
                "findings must not be given when the answer is {o}"
            )),
            "{e}"
        );
    }
    let e = answer_error(edit(answer("delayed"), "/final_answer_by", None));
    assert_eq!(
        e.to_string(),
        "final_answer_by: a final answer date is required when the answer is delayed"
    );
    for o in ["found", "not_found", "partial", "restricted", "declined"] {
        let e = answer_error(edit(
            answer(o),
            "/final_answer_by",
            Some(json!("2026-07-01")),
        ));
        assert_eq!(e.field, "final_answer_by", "{o}");
    }
    let long_short = json!("x".repeat(MAX_SHORT + 1));
    let cases: Vec<(&str, Option<Value>, &str)> = vec![
        ("/reference", Some(json!("")), "reference"),
        ("/reference", Some(long_short.clone()), "reference"),
        (
            "/conditions",
            Some(json!("x".repeat(MAX_TEXT + 1))),
            "conditions",
        ),
        ("/conditions", Some(json!("a\u{1b}[31m")), "conditions"),
        ("/conditions", None, "conditions"),
        ("/in_reply_to", Some(json!("not-a-uuid")), "in_reply_to"),
        ("/outcome", Some(json!("unknown")), "outcome"),
        ("/next_state", Some(json!("ZZ")), "next_state"),
        (
            "/findings/weapon/serial",
            Some(json!("")),
            "findings.weapon.serial",
        ),
        (
            "/findings/weapon/year_of_manufacture",
            Some(json!(3000)),
            "findings.weapon.year_of_manufacture",
        ),
        ("/findings/weapon", None, "findings.weapon"),
        (
            "/findings/manufacture/year",
            Some(json!(1750)),
            "findings.manufacture.year",
        ),
        (
            "/findings/manufacture/date",
            Some(json!("1999-03-02")),
            "findings.manufacture.date",
        ),
        (
            "/findings/manufacture/manufacturer",
            Some(long_short.clone()),
            "findings.manufacture.manufacturer",
        ),
        (
            "/findings/manufacture/country",
            Some(json!("Uganda")),
            "findings.manufacture.country",
        ),
        (
            "/findings/exports/0/counterpart",
            Some(long_short.clone()),
            "findings.exports[0].counterpart",
        ),
        (
            "/findings/exports/0/document",
            Some(json!("EXP\n1")),
            "findings.exports[0].document",
        ),
        (
            "/findings/exports/0/marking",
            Some(json!("")),
            "findings.exports[0].marking",
        ),
        (
            "/findings/exports/0/date",
            Some(json!("1799-12-31")),
            "findings.exports[0].date",
        ),
        (
            "/findings/imports/0/counterpart_state",
            Some(json!("be")),
            "findings.imports[0].counterpart_state",
        ),
        ("/findings/imports", Some(json!([])), "findings.imports"),
        (
            "/findings/last_legal_holder/name",
            Some(json!(" ")),
            "findings.last_legal_holder.name",
        ),
        (
            "/findings/last_legal_holder/name",
            Some(long_short),
            "findings.last_legal_holder.name",
        ),
        (
            "/findings/last_legal_holder/state",
            None,
            "findings.last_legal_holder.state",
        ),
        (
            "/findings/last_legal_holder/since",
            Some(json!("2003-7-15")),
            "findings.last_legal_holder.since",
        ),
        ("/findings/status", Some(json!("")), "findings.status"),
        (
            "/findings/weapon/markings",
            Some(json!([{"kind": "serial", "text": ""}])),
            "findings.weapon.markings[0].text",
        ),
        ("/findings/extra", Some(json!(true)), "findings.extra"),
        ("/signature", Some(json!("x")), "signature"),
    ];
    for (pointer, value, field) in cases {
        let e = answer_error(edit(full_answer(), pointer, value.clone()));
        assert_eq!(e.field, field, "{pointer} = {value:?}: {e}");
    }
    // The records' description of the weapon need not identify it on its own.
    let v = edit(
        full_answer(),
        "/findings/weapon",
        Some(json!({"model": "EA-47"})),
    );
    TraceAnswerBody::from_body(&obj(v)).unwrap();
}

#[test]
fn a_request_is_not_an_answer_and_the_reverse() {
    for e in [answer_error(full_request()), request_error(full_answer())] {
        assert!(e.reason.contains("is not a member"), "{e}");
    }
}

#[test]
fn validate_checks_values_built_in_code() {
    let mut r = TraceRequestBody::from_body(&obj(full_request())).unwrap();
    r.weapon.markings[0].text = "bell\u{7}".into();
    let e = r.validate().unwrap_err();
    assert_eq!(e.field, "weapon.markings[0].text");
    // to_body does not validate; from_body refuses what it wrote.
    let e2 = TraceRequestBody::from_body(&r.to_body()).unwrap_err();
    assert_eq!(e, e2);
}

/// The §11 examples of docs/exchange.md are valid bodies, written as the code writes
/// them.
#[test]
fn the_documented_examples_are_valid() {
    let doc = include_str!("../../../docs/exchange.md");
    let start = doc.find("\n## 11.").expect("§11");
    let end = doc[start..]
        .find("\n## 12.")
        .map_or(doc.len(), |e| start + e);
    let section = &doc[start..end];
    let mut blocks = section.split("```json\n").skip(1);
    let (mut requests, mut answers) = (0, 0);
    for block in blocks.by_ref() {
        let json = block.split("```").next().unwrap();
        let v: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
        let body = obj(v.clone());
        if body.contains_key("in_reply_to") {
            let a = TraceAnswerBody::from_body(&body).unwrap_or_else(|e| panic!("{e}: {json}"));
            assert_eq!(Value::Object(a.to_body()), v);
            answers += 1;
        } else {
            let r = TraceRequestBody::from_body(&body).unwrap_or_else(|e| panic!("{e}: {json}"));
            assert_eq!(Value::Object(r.to_body()), v);
            requests += 1;
        }
    }
    assert!(
        requests >= 1 && answers >= 1,
        "{requests} requests, {answers} answers"
    );
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (1700i32..2200).prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        any::<String>().prop_map(Value::String),
        prop::sample::select(vec![
            "KE",
            "ke",
            "XX",
            "UG:tracing",
            "2026-05-04",
            "2026-02-30",
            "found",
            "not_found",
            "delayed",
            "urgent",
            "routine",
            "serial",
            "019df252-b5c0-7a3e-9c4d-2f1e8b7a6d50",
            "",
            " ",
            "\u{0}",
            "line\nbreak",
        ])
        .prop_map(|s| Value::String(s.into())),
    ];
    let names = prop::sample::select(vec![
        "reference",
        "requesting_authority",
        "illicit_nature",
        "legal_basis",
        "weapon",
        "circumstances",
        "intended_use",
        "confidentiality",
        "urgency",
        "answer_by",
        "follows",
        "serial",
        "markings",
        "kind",
        "text",
        "date",
        "place",
        "description",
        "in_reply_to",
        "outcome",
        "reasons",
        "conditions",
        "findings",
        "next_state",
        "final_answer_by",
        "manufacture",
        "exports",
        "imports",
        "last_legal_holder",
        "name",
        "state",
        "x",
    ])
    .prop_map(str::to_string);
    leaf.prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(names.clone(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every path inside `v`, as JSON pointers.
fn pointers(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{at}/{k}");
                out.push(p.clone());
                pointers(x, &p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(x, &p, out);
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(Value),
    Remove,
    Add(String, Value),
    /// Insert a character into a string.
    Insert(usize, char),
    /// Repeat a string until it is long.
    Lengthen(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        arbitrary_json().prop_map(Mutation::Replace),
        Just(Mutation::Remove),
        ("[a-z_]{1,12}", arbitrary_json()).prop_map(|(k, v)| Mutation::Add(k, v)),
        (any::<usize>(), any::<char>()).prop_map(|(i, c)| Mutation::Insert(i, c)),
        prop::sample::select(vec![MAX_SHORT, MAX_SHORT + 1, MAX_TEXT, MAX_TEXT + 1])
            .prop_map(Mutation::Lengthen),
    ]
}

fn apply(v: &mut Value, at: &prop::sample::Index, m: Mutation) {
    let mut ps = Vec::new();
    pointers(v, "", &mut ps);
    if ps.is_empty() {
        return;
    }
    let p = at.get(&ps).clone();
    let (parent, name) = p.rsplit_once('/').unwrap_or(("", ""));
    match m {
        Mutation::Replace(x) => {
            if let Some(slot) = v.pointer_mut(&p) {
                *slot = x;
            }
        }
        Mutation::Remove => match v.pointer_mut(parent) {
            Some(Value::Object(o)) => {
                o.remove(name);
            }
            Some(Value::Array(a)) => {
                if let Ok(i) = name.parse::<usize>()
                    && i < a.len()
                {
                    a.remove(i);
                }
            }
            _ => {}
        },
        Mutation::Add(k, x) => {
            if let Some(Value::Object(o)) = v.pointer_mut(parent) {
                o.insert(k, x);
            }
        }
        Mutation::Insert(i, c) => {
            if let Some(Value::String(s)) = v.pointer_mut(&p) {
                let at = s
                    .char_indices()
                    .map(|(b, _)| b)
                    .chain([s.len()])
                    .nth(i % (s.chars().count() + 1))
                    .unwrap_or(0);
                s.insert(at, c);
            }
        }
        Mutation::Lengthen(n) => {
            if let Some(Value::String(s)) = v.pointer_mut(&p) {
                let unit = if s.is_empty() {
                    "x".to_string()
                } else {
                    s.clone()
                };
                *s = unit.chars().cycle().take(n).collect();
            }
        }
    }
}

/// Whatever is accepted is written back exactly as received, and reads back the same.
fn accepted_round_trips(body: &Body) -> Result<(), TestCaseError> {
    if let Ok(r) = TraceRequestBody::from_body(body) {
        prop_assert_eq!(&r.to_body(), body);
        prop_assert_eq!(TraceRequestBody::from_body(&r.to_body()), Ok(r));
    }
    if let Ok(a) = TraceAnswerBody::from_body(body) {
        prop_assert_eq!(&a.to_body(), body);
        prop_assert_eq!(TraceAnswerBody::from_body(&a.to_body()), Ok(a));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_objects_never_panic(v in arbitrary_json()) {
        if let Value::Object(body) = v {
            accepted_round_trips(&body)?;
            // Inside a valid body's members too.
            for (member, base) in [("weapon", full_request()), ("findings", full_answer())] {
                let mut b = obj(base);
                b.insert(member.into(), Value::Object(body.clone()));
                accepted_round_trips(&b)?;
            }
        }
    }

    #[test]
    fn mutated_bodies_never_panic(
        base in prop_oneof![Just(full_request()), Just(small_request()), Just(full_answer()),
            prop::sample::select(vec!["found", "not_found", "partial", "delayed", "restricted", "declined"]).prop_map(answer)],
        edits in prop::collection::vec((any::<prop::sample::Index>(), mutation()), 1..5),
    ) {
        let mut v = base;
        for (at, m) in edits {
            apply(&mut v, &at, m);
        }
        if let Value::Object(body) = v {
            accepted_round_trips(&body)?;
        }
    }
}
