//! The bodies of `trace_request` and `trace_answer` messages (`docs/exchange.md` §11).
//!
//! A tracing request asks another State's point of contact what its records show about
//! one illicit weapon; the answer says what they show, or why it is delayed, restricted
//! or declined. States answer tracing requests in time (`001_457efa9667c1123e.txt`
//! ITI plan A.3) and exchange tracing results (A.4) through designated points of
//! contact (A.6), protecting confidential information and ongoing criminal
//! investigations (A.5); the records they consult are those kept for accurate
//! identification (A.2) of weapons marked with their country of manufacture,
//! manufacturer and serial number (`002_a5a242391c6e9d2d.txt` II.7, records II.9).
//!
//! A body is read in three steps by [`TraceRequestBody::from_body`] and
//! [`TraceAnswerBody::from_body`]:
//!
//! 1. its shape: exactly the documented members, each of its JSON type, written in its
//!    one accepted spelling (dates `YYYY-MM-DD`, country codes as two upper-case
//!    letters, UUIDs hyphenated lower case); optional members are left out when there
//!    is nothing to say — `null` and empty lists are refused, so that every body has
//!    one spelling and whatever is accepted is written back byte for byte;
//! 2. the typed value (serde, `deny_unknown_fields` everywhere);
//! 3. the rules ([`TraceRequestBody::validate`], [`TraceAnswerBody::validate`]):
//!    required texts filled in, lengths, no control characters, an identifiable
//!    weapon, plausible years, what each [`Outcome`] requires.
//!
//! Every refusal is a [`BodyError`] naming the member by its JSON path
//! (`weapon.markings[2].text`) and saying the rule in words a point of contact can act
//! on.

use crate::identity::NodeId;
use crate::message::{Body, hyphenated_uuid};
use armtrace_domain::CountryCode;
use chrono::{Datelike as _, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// The longest free text (a description, a legal basis, reasons…), in characters.
pub const MAX_TEXT: usize = 4000;

/// The longest short field (a name, a reference, a make, a serial number…), in
/// characters.
pub const MAX_SHORT: usize = 200;

/// The most markings a traced weapon may list.
pub const MAX_MARKINGS: usize = 32;

/// The earliest year accepted (of manufacture, of a date).
const MIN_YEAR: i32 = 1800;

/// The latest year accepted.
const MAX_YEAR: i32 = 2100;

/// How urgently the requesting State needs the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Answer by the `answer_by` date in the ordinary course.
    Routine,
    /// Needed urgently, e.g. for an ongoing criminal investigation
    /// (`001_457efa9667c1123e.txt` ITI plan A.3, timely responses).
    Urgent,
}

/// What the answering State's records gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The weapon was found in the records; `findings` says what they show.
    Found,
    /// The records hold nothing about the weapon.
    NotFound,
    /// Some of what was asked was found; `findings` says what.
    Partial,
    /// The answer will come later, by `final_answer_by`; `reasons` says why.
    Delayed,
    /// Found, but only part of it is given (for instance to protect an investigation,
    /// `001_457efa9667c1123e.txt` ITI plan A.5); `reasons` says why.
    Restricted,
    /// The request is declined; `reasons` says why.
    Declined,
}

impl Outcome {
    fn name(self) -> &'static str {
        match self {
            Outcome::Found => "found",
            Outcome::NotFound => "not_found",
            Outcome::Partial => "partial",
            Outcome::Delayed => "delayed",
            Outcome::Restricted => "restricted",
            Outcome::Declined => "declined",
        }
    }

    fn needs_reasons(self) -> bool {
        matches!(
            self,
            Outcome::Delayed | Outcome::Restricted | Outcome::Declined
        )
    }

    fn needs_findings(self) -> bool {
        matches!(
            self,
            Outcome::Found | Outcome::Partial | Outcome::Restricted
        )
    }
}

/// One marking on the weapon, as read (`002_a5a242391c6e9d2d.txt` II.7: markings
/// identify the country of manufacture, the manufacturer and the serial number;
/// `001_457efa9667c1123e.txt` ITI plan A.1: import markings, altered markings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TracedMarking {
    /// What kind of marking, e.g. `serial`, `manufacturer`, `import`, `proof`,
    /// `other` (a short text, not a closed list).
    pub kind: String,
    /// The marking exactly as read, in its own script; may span lines.
    pub text: String,
    /// Where on the weapon, e.g. "left side of receiver".
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some"
    )]
    pub place: Option<String>,
    /// The country the marking indicates (of manufacture, of import).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some_country"
    )]
    pub country: Option<CountryCode>,
    /// The year the marking indicates.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some"
    )]
    pub year: Option<i32>,
}

/// The weapon, as the requesting State identified it (`001_457efa9667c1123e.txt` ITI
/// plan A.2, accurate identification), or as the answering State's records describe
/// it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TracedWeapon {
    /// The type of weapon, e.g. "assault rifle", "pistol".
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some"
    )]
    pub category: Option<String>,
    /// The make (manufacturer's name or brand).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some"
    )]
    pub make: Option<String>,
    /// The model.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some"
    )]
    pub model: Option<String>,
    /// The calibre, e.g. "7.62x39mm".
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some"
    )]
    pub calibre: Option<String>,
    /// The serial number as read.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some"
    )]
    pub serial: Option<String>,
    /// The country of manufacture.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some_country"
    )]
    pub country_of_manufacture: Option<CountryCode>,
    /// The year of manufacture.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some"
    )]
    pub year_of_manufacture: Option<i32>,
    /// The markings, as read (at most [`MAX_MARKINGS`]).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "strict::objects"
    )]
    pub markings: Vec<TracedMarking>,
}

/// Where and when the weapon came to the requesting State's attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Circumstances {
    /// When it was found, seized or collected.
    #[serde(deserialize_with = "strict::date")]
    pub date: NaiveDate,
    /// Where (a short place name).
    pub place: String,
    /// How, in words.
    pub description: String,
}

/// The link of a follow-up request to the chain it continues: an answer named another
/// State (`next_state`), and the requesting State now asks that State.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// The id of the earlier request of the chain that this one follows.
    #[serde(with = "hyphenated_uuid")]
    pub request_id: Uuid,
    /// The node that earlier request went to.
    pub to: NodeId,
    /// The id of the answer that named the State now asked.
    #[serde(with = "hyphenated_uuid")]
    pub answer_id: Uuid,
}

/// The body of a `trace_request` message (`docs/exchange.md` §11.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceRequestBody {
    /// The requesting State's own reference for the case; the answer repeats it.
    pub reference: String,
    /// The authority that asks (police unit, court, national commission).
    pub requesting_authority: String,
    /// Why the weapon is considered illicit.
    pub illicit_nature: String,
    /// The law or agreement under which the request is made.
    pub legal_basis: String,
    /// The weapon to trace; it must be identifiable (a serial number or a marking).
    #[serde(deserialize_with = "strict::object")]
    pub weapon: TracedWeapon,
    /// Where and when the weapon was found.
    #[serde(deserialize_with = "strict::object")]
    pub circumstances: Circumstances,
    /// What the information will be used for.
    pub intended_use: String,
    /// How the answer must be protected (`001_457efa9667c1123e.txt` ITI plan A.5).
    pub confidentiality: String,
    /// How urgent the request is.
    pub urgency: Urgency,
    /// The date by which an answer is asked for (`001_457efa9667c1123e.txt` ITI plan
    /// A.3, timely responses).
    #[serde(deserialize_with = "strict::date")]
    pub answer_by: NaiveDate,
    /// When this request continues a chain: the request and the answer it follows.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some_object"
    )]
    pub follows: Option<FollowUp>,
}

/// A transfer (export or import) the answering State recorded
/// (`002_a5a242391c6e9d2d.txt` II.9, records; II.11, licences).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedTransfer {
    /// When.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some_date"
    )]
    pub date: Option<NaiveDate>,
    /// The other State: the State of destination of an export, of origin of an import.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some_country"
    )]
    pub counterpart_state: Option<CountryCode>,
    /// The other party (recipient of an export, exporter of an import).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some"
    )]
    pub counterpart: Option<String>,
    /// The licence, authorisation or end-user certificate number.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some"
    )]
    pub document: Option<String>,
    /// A marking applied at the transfer (e.g. an import marking).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some"
    )]
    pub marking: Option<String>,
}

/// The weapon's manufacture, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manufacture {
    /// The year of manufacture.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some"
    )]
    pub year: Option<i32>,
    /// The date of manufacture, when recorded (in `year`, if both are given).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some_date"
    )]
    pub date: Option<NaiveDate>,
    /// The manufacturer.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some"
    )]
    pub manufacturer: Option<String>,
    /// The country of manufacture.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some_country"
    )]
    pub country: Option<CountryCode>,
}

/// The last legal holder the records show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalHolder {
    /// The holder's name.
    pub name: String,
    /// The holder's State.
    #[serde(deserialize_with = "strict::country")]
    pub state: CountryCode,
    /// Since when it held the weapon.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some_date"
    )]
    pub since: Option<NaiveDate>,
}

/// What the answering State's records show (`001_457efa9667c1123e.txt` ITI plan A.4,
/// exchange of tracing results).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceFindings {
    /// The weapon as the records describe it.
    #[serde(deserialize_with = "strict::object")]
    pub weapon: TracedWeapon,
    /// Its manufacture.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some_object"
    )]
    pub manufacture: Option<Manufacture>,
    /// Exports recorded, oldest first.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "strict::objects"
    )]
    pub exports: Vec<RecordedTransfer>,
    /// Imports recorded, oldest first.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "strict::objects"
    )]
    pub imports: Vec<RecordedTransfer>,
    /// The last legal holder.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some_object"
    )]
    pub last_legal_holder: Option<LegalHolder>,
    /// The weapon's status in the records (e.g. "reported stolen in 2019").
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some"
    )]
    pub status: Option<String>,
}

/// The body of a `trace_answer` message (`docs/exchange.md` §11.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceAnswerBody {
    /// The `id` of the `trace_request` message answered.
    #[serde(with = "hyphenated_uuid")]
    pub in_reply_to: Uuid,
    /// The request's `reference`, repeated exactly (the requesting node checks it).
    pub reference: String,
    /// What the records gave.
    pub outcome: Outcome,
    /// Why the answer is delayed, restricted or declined (required then), or remarks.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some"
    )]
    pub reasons: Option<String>,
    /// Conditions on the use of the information (empty: none beyond the request's
    /// confidentiality).
    pub conditions: String,
    /// What the records show (required for found, partial and restricted; absent
    /// otherwise).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some_object"
    )]
    pub findings: Option<TraceFindings>,
    /// The State to ask next, when the records show the weapon went there.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some_country"
    )]
    pub next_state: Option<CountryCode>,
    /// For a delayed answer, the date by which the final answer will come.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "strict::some_date"
    )]
    pub final_answer_by: Option<NaiveDate>,
}

/// Why a body was refused: the member (as a JSON path such as
/// `weapon.markings[2].text`) and the rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct BodyError {
    /// The member, as a JSON path from the body (`weapon.serial`,
    /// `findings.exports[0].date`).
    pub field: String,
    /// The rule, in words.
    pub reason: String,
}

fn err(field: impl Into<String>, reason: impl Into<String>) -> BodyError {
    BodyError {
        field: field.into(),
        reason: reason.into(),
    }
}

fn to_body<T: Serialize>(value: &T) -> Body {
    // Plain data with string keys: serialising cannot fail.
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => Body::new(),
    }
}

fn from_body<T: serde::de::DeserializeOwned>(
    body: &Body,
    members: &'static [Member],
) -> Result<T, BodyError> {
    shape::object(body, members, "")?;
    // The shape check accepts exactly what serde accepts; this is a second guard.
    serde_json::from_value(Value::Object(body.clone())).map_err(|e| err("body", e.to_string()))
}

impl TraceRequestBody {
    /// Checks the rules of `docs/exchange.md` §11.1; the first member that breaks one
    /// is named.
    pub fn validate(&self) -> Result<(), BodyError> {
        rule::short("reference", &self.reference, true)?;
        rule::short("requesting_authority", &self.requesting_authority, true)?;
        rule::text("illicit_nature", &self.illicit_nature, true)?;
        rule::text("legal_basis", &self.legal_basis, true)?;
        rule::weapon("weapon", &self.weapon, true)?;
        let c = &self.circumstances;
        rule::date("circumstances.date", c.date)?;
        rule::short("circumstances.place", &c.place, true)?;
        rule::text("circumstances.description", &c.description, false)?;
        rule::text("intended_use", &self.intended_use, true)?;
        rule::text("confidentiality", &self.confidentiality, true)?;
        rule::date("answer_by", self.answer_by)?;
        Ok(())
    }

    /// The body as sent. Does not validate: call [`TraceRequestBody::validate`] first.
    pub fn to_body(&self) -> Body {
        to_body(self)
    }

    /// Reads a received body: its shape (members, types, spellings), then its rules.
    pub fn from_body(body: &Body) -> Result<Self, BodyError> {
        let parsed: Self = from_body(body, REQUEST)?;
        parsed.validate()?;
        Ok(parsed)
    }
}

impl TraceAnswerBody {
    /// Checks the rules of `docs/exchange.md` §11.2, including what the outcome
    /// requires; the first member that breaks one is named. That `reference` and
    /// `in_reply_to` match the request is checked by the requesting node, which holds
    /// the request.
    pub fn validate(&self) -> Result<(), BodyError> {
        let outcome = self.outcome.name();
        rule::short("reference", &self.reference, true)?;
        match &self.reasons {
            Some(r) => rule::text("reasons", r, true)?,
            None if self.outcome.needs_reasons() => {
                return Err(err(
                    "reasons",
                    format!("a reason is required when the answer is {outcome}"),
                ));
            }
            None => {}
        }
        rule::text("conditions", &self.conditions, false)?;
        match &self.findings {
            Some(_) if !self.outcome.needs_findings() => {
                return Err(err(
                    "findings",
                    format!(
                        "findings must not be given when the answer is {outcome}; they come with found, partial or restricted"
                    ),
                ));
            }
            Some(f) => rule::findings("findings", f)?,
            None if self.outcome.needs_findings() => {
                return Err(err(
                    "findings",
                    format!(
                        "findings are required when the answer is {outcome}: say what the records show"
                    ),
                ));
            }
            None => {}
        }
        match self.final_answer_by {
            Some(_) if self.outcome != Outcome::Delayed => {
                return Err(err(
                    "final_answer_by",
                    format!(
                        "a final answer date is only given when the answer is delayed, not {outcome}"
                    ),
                ));
            }
            Some(d) => rule::date("final_answer_by", d)?,
            None if self.outcome == Outcome::Delayed => {
                return Err(err(
                    "final_answer_by",
                    "a final answer date is required when the answer is delayed",
                ));
            }
            None => {}
        }
        Ok(())
    }

    /// The body as sent. Does not validate: call [`TraceAnswerBody::validate`] first.
    pub fn to_body(&self) -> Body {
        to_body(self)
    }

    /// Reads a received body: its shape (members, types, spellings), then its rules.
    pub fn from_body(body: &Body) -> Result<Self, BodyError> {
        let parsed: Self = from_body(body, ANSWER)?;
        parsed.validate()?;
        Ok(parsed)
    }
}

/// The rules, member by member.
mod rule {
    use super::*;

    /// A short field: one line, at most [`MAX_SHORT`] characters.
    pub(super) fn short(field: &str, value: &str, required: bool) -> Result<(), BodyError> {
        check_text(field, value, required, MAX_SHORT, false)
    }

    /// A free text: at most [`MAX_TEXT`] characters, line breaks and tabs allowed.
    pub(super) fn text(field: &str, value: &str, required: bool) -> Result<(), BodyError> {
        check_text(field, value, required, MAX_TEXT, true)
    }

    /// An optional short field: when given, filled in.
    fn opt_short(field: &str, value: &Option<String>) -> Result<(), BodyError> {
        match value {
            Some(v) => check_text(field, v, true, MAX_SHORT, false),
            None => Ok(()),
        }
    }

    fn check_text(
        field: &str,
        value: &str,
        required: bool,
        max: usize,
        multi_line: bool,
    ) -> Result<(), BodyError> {
        if required && value.trim().is_empty() {
            return Err(err(
                field,
                "must be filled in (it is empty or only spaces); leave optional members out instead of sending them empty",
            ));
        }
        let length = value.chars().count();
        if length > max {
            return Err(err(
                field,
                format!("is {length} characters long; at most {max} are allowed"),
            ));
        }
        let bad = value
            .chars()
            .enumerate()
            .find(|(_, c)| c.is_control() && !(multi_line && (*c == '\n' || *c == '\t')));
        if let Some((at, c)) = bad {
            let allowed = if multi_line {
                "only line breaks (\\n) and tabs are allowed in a text"
            } else {
                "names, references, makes, serial numbers and other short fields must be one line without control characters"
            };
            return Err(err(
                field,
                format!(
                    "contains the control character U+{:04X} at character {}: {allowed}",
                    u32::from(c),
                    at + 1
                ),
            ));
        }
        Ok(())
    }

    pub(super) fn year(field: &str, year: i32) -> Result<(), BodyError> {
        if (MIN_YEAR..=MAX_YEAR).contains(&year) {
            Ok(())
        } else {
            Err(err(
                field,
                format!(
                    "{year} is not a plausible year: years must lie between {MIN_YEAR} and {MAX_YEAR}"
                ),
            ))
        }
    }

    pub(super) fn date(field: &str, date: NaiveDate) -> Result<(), BodyError> {
        if (MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
            Ok(())
        } else {
            Err(err(
                field,
                format!(
                    "{date} is not a plausible date: its year must lie between {MIN_YEAR} and {MAX_YEAR}"
                ),
            ))
        }
    }

    fn opt_year(field: &str, year: Option<i32>) -> Result<(), BodyError> {
        year.map_or(Ok(()), |y| self::year(field, y))
    }

    fn opt_date(field: &str, d: Option<NaiveDate>) -> Result<(), BodyError> {
        d.map_or(Ok(()), |d| date(field, d))
    }

    /// A weapon; `identifiable`: it must have a serial number or a marking (the
    /// weapon of a request; the records' description in an answer need not).
    pub(super) fn weapon(
        path: &str,
        w: &TracedWeapon,
        identifiable: bool,
    ) -> Result<(), BodyError> {
        opt_short(&format!("{path}.category"), &w.category)?;
        opt_short(&format!("{path}.make"), &w.make)?;
        opt_short(&format!("{path}.model"), &w.model)?;
        opt_short(&format!("{path}.calibre"), &w.calibre)?;
        opt_short(&format!("{path}.serial"), &w.serial)?;
        opt_year(
            &format!("{path}.year_of_manufacture"),
            w.year_of_manufacture,
        )?;
        if w.markings.len() > MAX_MARKINGS {
            return Err(err(
                format!("{path}.markings"),
                format!(
                    "lists {} markings; at most {MAX_MARKINGS} are allowed",
                    w.markings.len()
                ),
            ));
        }
        for (i, m) in w.markings.iter().enumerate() {
            let at = format!("{path}.markings[{i}]");
            short(&format!("{at}.kind"), &m.kind, true)?;
            text(&format!("{at}.text"), &m.text, true)?;
            opt_short(&format!("{at}.place"), &m.place)?;
            opt_year(&format!("{at}.year"), m.year)?;
        }
        if identifiable && w.serial.is_none() && w.markings.is_empty() {
            return Err(err(
                path,
                "the weapon cannot be identified: give its serial number or at least one marking",
            ));
        }
        Ok(())
    }

    fn transfer(path: &str, t: &RecordedTransfer) -> Result<(), BodyError> {
        opt_date(&format!("{path}.date"), t.date)?;
        opt_short(&format!("{path}.counterpart"), &t.counterpart)?;
        opt_short(&format!("{path}.document"), &t.document)?;
        opt_short(&format!("{path}.marking"), &t.marking)?;
        Ok(())
    }

    pub(super) fn findings(path: &str, f: &TraceFindings) -> Result<(), BodyError> {
        weapon(&format!("{path}.weapon"), &f.weapon, false)?;
        if let Some(m) = &f.manufacture {
            let at = format!("{path}.manufacture");
            opt_year(&format!("{at}.year"), m.year)?;
            opt_date(&format!("{at}.date"), m.date)?;
            if let (Some(y), Some(d)) = (m.year, m.date)
                && d.year() != y
            {
                return Err(err(
                    format!("{at}.date"),
                    format!("the date of manufacture {d} is not in the year of manufacture {y}"),
                ));
            }
            opt_short(&format!("{at}.manufacturer"), &m.manufacturer)?;
        }
        for (i, t) in f.exports.iter().enumerate() {
            transfer(&format!("{path}.exports[{i}]"), t)?;
        }
        for (i, t) in f.imports.iter().enumerate() {
            transfer(&format!("{path}.imports[{i}]"), t)?;
        }
        if let Some(h) = &f.last_legal_holder {
            let at = format!("{path}.last_legal_holder");
            short(&format!("{at}.name"), &h.name, true)?;
            opt_date(&format!("{at}.since"), h.since)?;
        }
        if let Some(s) = &f.status {
            text(&format!("{path}.status"), s, true)?;
        }
        Ok(())
    }
}

/// Deserialisers that accept one spelling only.
mod strict {
    use super::*;
    use serde::Deserializer;
    use serde::de::{DeserializeOwned, Error as _};

    /// A present member: its value (so `null` is refused rather than read as absent).
    pub(super) fn some<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        T::deserialize(d).map(Some)
    }

    /// A JSON object read as `T`. Derived struct deserialisers also take a list of
    /// the members' values in order (`[]` for a struct whose members are optional):
    /// only the object form is accepted.
    pub(super) fn object<'de, D: Deserializer<'de>, T: DeserializeOwned>(
        d: D,
    ) -> Result<T, D::Error> {
        let map = serde_json::Map::<String, Value>::deserialize(d)?;
        serde_json::from_value(Value::Object(map)).map_err(D::Error::custom)
    }

    /// A present member holding an object.
    pub(super) fn some_object<'de, D: Deserializer<'de>, T: DeserializeOwned>(
        d: D,
    ) -> Result<Option<T>, D::Error> {
        object(d).map(Some)
    }

    /// A present list of objects: not empty (an empty list is written by leaving the
    /// member out).
    pub(super) fn objects<'de, D: Deserializer<'de>, T: DeserializeOwned>(
        d: D,
    ) -> Result<Vec<T>, D::Error> {
        let list = Vec::<serde_json::Map<String, Value>>::deserialize(d)?;
        if list.is_empty() {
            return Err(D::Error::custom(EMPTY_LIST));
        }
        list.into_iter()
            .map(|m| serde_json::from_value(Value::Object(m)).map_err(D::Error::custom))
            .collect()
    }

    pub(super) fn country<'de, D: Deserializer<'de>>(d: D) -> Result<CountryCode, D::Error> {
        let text = String::deserialize(d)?;
        parse_country(&text).ok_or_else(|| D::Error::custom(bad_country(&text)))
    }

    pub(super) fn some_country<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<CountryCode>, D::Error> {
        country(d).map(Some)
    }

    pub(super) fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(d)?;
        parse_date(&text).ok_or_else(|| D::Error::custom(bad_date(&text)))
    }

    pub(super) fn some_date<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        date(d).map(Some)
    }
}

const EMPTY_LIST: &str = "is an empty list; leave the member out when there is nothing to list";

/// An assigned ISO 3166-1 alpha-2 code in upper case, and nothing else (no spaces, no
/// lower case: one spelling).
fn parse_country(text: &str) -> Option<CountryCode> {
    if text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase()) {
        text.parse().ok()
    } else {
        None
    }
}

fn bad_country(text: &str) -> String {
    format!(
        "{text:?} is not a country code: write the ISO 3166-1 alpha-2 code in upper case, such as KE"
    )
}

/// A calendar date written `YYYY-MM-DD`, exactly.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let form = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !form {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|d| d.format("%Y-%m-%d").to_string() == text)
}

fn bad_date(text: &str) -> String {
    format!("{text:?} is not a date: write a calendar date as YYYY-MM-DD, such as 2026-05-04")
}

/// What a member holds, for the shape check.
#[derive(Clone, Copy)]
enum Shape {
    /// A JSON string.
    Text,
    /// A JSON integer that fits an i32.
    Integer,
    /// A string `YYYY-MM-DD`.
    Date,
    /// A string, an assigned ISO 3166-1 alpha-2 code in upper case.
    Country,
    /// A string, a UUID hyphenated in lower case.
    Uuid,
    /// A string, a node id.
    Node,
    /// A string, one of these.
    Choice(&'static [&'static str]),
    /// An object with these members.
    Object(&'static [Member]),
    /// A non-empty list of these.
    List(&'static Shape),
}

/// One member of an object.
#[derive(Clone, Copy)]
struct Member {
    name: &'static str,
    required: bool,
    shape: Shape,
}

const fn req(name: &'static str, shape: Shape) -> Member {
    Member {
        name,
        required: true,
        shape,
    }
}

const fn opt(name: &'static str, shape: Shape) -> Member {
    Member {
        name,
        required: false,
        shape,
    }
}

const MARKING: &[Member] = &[
    req("kind", Shape::Text),
    req("text", Shape::Text),
    opt("place", Shape::Text),
    opt("country", Shape::Country),
    opt("year", Shape::Integer),
];

const WEAPON: &[Member] = &[
    opt("category", Shape::Text),
    opt("make", Shape::Text),
    opt("model", Shape::Text),
    opt("calibre", Shape::Text),
    opt("serial", Shape::Text),
    opt("country_of_manufacture", Shape::Country),
    opt("year_of_manufacture", Shape::Integer),
    opt("markings", Shape::List(&Shape::Object(MARKING))),
];

const CIRCUMSTANCES: &[Member] = &[
    req("date", Shape::Date),
    req("place", Shape::Text),
    req("description", Shape::Text),
];

const FOLLOW_UP: &[Member] = &[
    req("request_id", Shape::Uuid),
    req("to", Shape::Node),
    req("answer_id", Shape::Uuid),
];

const REQUEST: &[Member] = &[
    req("reference", Shape::Text),
    req("requesting_authority", Shape::Text),
    req("illicit_nature", Shape::Text),
    req("legal_basis", Shape::Text),
    req("weapon", Shape::Object(WEAPON)),
    req("circumstances", Shape::Object(CIRCUMSTANCES)),
    req("intended_use", Shape::Text),
    req("confidentiality", Shape::Text),
    req("urgency", Shape::Choice(&["routine", "urgent"])),
    req("answer_by", Shape::Date),
    opt("follows", Shape::Object(FOLLOW_UP)),
];

const TRANSFER: &[Member] = &[
    opt("date", Shape::Date),
    opt("counterpart_state", Shape::Country),
    opt("counterpart", Shape::Text),
    opt("document", Shape::Text),
    opt("marking", Shape::Text),
];

const MANUFACTURE: &[Member] = &[
    opt("year", Shape::Integer),
    opt("date", Shape::Date),
    opt("manufacturer", Shape::Text),
    opt("country", Shape::Country),
];

const LEGAL_HOLDER: &[Member] = &[
    req("name", Shape::Text),
    req("state", Shape::Country),
    opt("since", Shape::Date),
];

const FINDINGS: &[Member] = &[
    req("weapon", Shape::Object(WEAPON)),
    opt("manufacture", Shape::Object(MANUFACTURE)),
    opt("exports", Shape::List(&Shape::Object(TRANSFER))),
    opt("imports", Shape::List(&Shape::Object(TRANSFER))),
    opt("last_legal_holder", Shape::Object(LEGAL_HOLDER)),
    opt("status", Shape::Text),
];

const ANSWER: &[Member] = &[
    req("in_reply_to", Shape::Uuid),
    req("reference", Shape::Text),
    req(
        "outcome",
        Shape::Choice(&[
            "found",
            "not_found",
            "partial",
            "delayed",
            "restricted",
            "declined",
        ]),
    ),
    opt("reasons", Shape::Text),
    req("conditions", Shape::Text),
    opt("findings", Shape::Object(FINDINGS)),
    opt("next_state", Shape::Country),
    opt("final_answer_by", Shape::Date),
];

/// The shape check: the members, JSON types and spellings the typed bodies accept,
/// refused with the path of the first member that does not fit.
mod shape {
    use super::*;

    fn join(path: &str, name: &str) -> String {
        if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        }
    }

    fn json_type(v: &Value) -> &'static str {
        match v {
            Value::Null => "null",
            Value::Bool(_) => "true or false",
            Value::Number(_) => "a number",
            Value::String(_) => "a text",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }

    pub(super) fn object(
        map: &serde_json::Map<String, Value>,
        members: &[Member],
        path: &str,
    ) -> Result<(), BodyError> {
        for name in map.keys() {
            if !members.iter().any(|m| m.name == name) {
                let allowed: Vec<&str> = members.iter().map(|m| m.name).collect();
                return Err(err(
                    join(path, name),
                    format!(
                        "is not a member of this protocol here; the members are {}",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        for m in members {
            let at = join(path, m.name);
            match map.get(m.name) {
                None if m.required => return Err(err(at, "is required but missing")),
                None => {}
                Some(Value::Null) => {
                    return Err(err(
                        at,
                        "is null; leave the member out when there is nothing to say",
                    ));
                }
                Some(v) => value(v, m.shape, &at)?,
            }
        }
        Ok(())
    }

    fn value(v: &Value, shape: Shape, path: &str) -> Result<(), BodyError> {
        let text = || {
            v.as_str().ok_or_else(|| {
                err(
                    path,
                    format!("must be a text (a JSON string), not {}", json_type(v)),
                )
            })
        };
        match shape {
            Shape::Text => text().map(|_| ()),
            Shape::Integer => match v.as_i64().map(i32::try_from) {
                Some(Ok(_)) => Ok(()),
                _ => Err(err(
                    path,
                    format!("must be a whole number such as 1998, not {v}"),
                )),
            },
            Shape::Date => {
                let t = text()?;
                parse_date(t)
                    .map(|_| ())
                    .ok_or_else(|| err(path, bad_date(t)))
            }
            Shape::Country => {
                let t = text()?;
                parse_country(t)
                    .map(|_| ())
                    .ok_or_else(|| err(path, bad_country(t)))
            }
            Shape::Uuid => {
                let t = text()?;
                let ok = t.len() == 36
                    && !t.bytes().any(|b| b.is_ascii_uppercase())
                    && Uuid::try_parse(t).is_ok();
                if ok {
                    Ok(())
                } else {
                    Err(err(
                        path,
                        format!(
                            "{t:?} is not a message id: write a UUID in lower-case hyphenated form"
                        ),
                    ))
                }
            }
            Shape::Node => {
                let t = text()?;
                t.parse::<NodeId>()
                    .map(|_| ())
                    .map_err(|e| err(path, e.to_string()))
            }
            Shape::Choice(choices) => {
                let t = text()?;
                if choices.contains(&t) {
                    Ok(())
                } else {
                    Err(err(
                        path,
                        format!("{t:?} is not one of {}", choices.join(", ")),
                    ))
                }
            }
            Shape::Object(members) => match v {
                Value::Object(map) => object(map, members, path),
                _ => Err(err(
                    path,
                    format!("must be an object, not {}", json_type(v)),
                )),
            },
            Shape::List(item) => match v {
                Value::Array(items) if items.is_empty() => Err(err(path, EMPTY_LIST)),
                Value::Array(items) => {
                    for (i, x) in items.iter().enumerate() {
                        value(x, *item, &format!("{path}[{i}]"))?;
                    }
                    Ok(())
                }
                _ => Err(err(path, format!("must be a list, not {}", json_type(v)))),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn request() -> Value {
        json!({
            "reference": "KE-TR-2026-0001",
            "requesting_authority": "Kenya National Police Service, Firearms Bureau",
            "illicit_nature": "Seized from a person without a licence.",
            "legal_basis": "Firearms Act (Cap. 114), s. 4",
            "weapon": {
                "category": "assault rifle",
                "make": "Example Arms",
                "serial": "AB 12345",
                "country_of_manufacture": "UG",
                "year_of_manufacture": 1998,
                "markings": [{"kind": "serial", "text": "AB 12345", "place": "receiver"}]
            },
            "circumstances": {"date": "2026-04-20", "place": "Busia", "description": "Road check."},
            "intended_use": "Criminal investigation",
            "confidentiality": "restricted",
            "urgency": "routine",
            "answer_by": "2026-06-01"
        })
    }

    fn answer() -> Value {
        json!({
            "in_reply_to": "019df252-b5c0-7a3e-9c4d-2f1e8b7a6d50",
            "reference": "KE-TR-2026-0001",
            "outcome": "found",
            "conditions": "",
            "findings": {"weapon": {"serial": "AB 12345"}}
        })
    }

    fn obj(v: Value) -> Body {
        match v {
            Value::Object(m) => m,
            _ => panic!("not an object"),
        }
    }

    /// Whether the shape check and serde agree on `v` (as a request and as an answer).
    fn agree(v: &Body) {
        for (members, serde_ok) in [
            (
                REQUEST,
                serde_json::from_value::<TraceRequestBody>(Value::Object(v.clone())).is_ok(),
            ),
            (
                ANSWER,
                serde_json::from_value::<TraceAnswerBody>(Value::Object(v.clone())).is_ok(),
            ),
        ] {
            let shape_ok = shape::object(v, members, "").is_ok();
            assert_eq!(
                shape_ok, serde_ok,
                "shape check and serde disagree on {v:?}"
            );
        }
    }

    #[test]
    fn samples_are_accepted_and_round_trip() {
        let r = TraceRequestBody::from_body(&obj(request())).unwrap();
        assert_eq!(Value::Object(r.to_body()), request());
        let a = TraceAnswerBody::from_body(&obj(answer())).unwrap();
        assert_eq!(Value::Object(a.to_body()), answer());
    }

    #[test]
    fn one_spelling_only() {
        let cases: Vec<(&str, Value, &str)> = vec![
            ("/weapon/serial", json!(null), "weapon.serial"),
            ("/weapon/markings", json!([]), "weapon.markings"),
            (
                "/weapon/country_of_manufacture",
                json!("ug"),
                "weapon.country_of_manufacture",
            ),
            (
                "/weapon/country_of_manufacture",
                json!(" UG"),
                "weapon.country_of_manufacture",
            ),
            (
                "/weapon/country_of_manufacture",
                json!("XX"),
                "weapon.country_of_manufacture",
            ),
            ("/answer_by", json!("2026-6-01"), "answer_by"),
            ("/answer_by", json!("2026-06-01T00:00:00Z"), "answer_by"),
            ("/answer_by", json!("2026-02-30"), "answer_by"),
            (
                "/weapon/year_of_manufacture",
                json!(1998.0),
                "weapon.year_of_manufacture",
            ),
            (
                "/weapon/year_of_manufacture",
                json!("1998"),
                "weapon.year_of_manufacture",
            ),
            (
                "/weapon/year_of_manufacture",
                json!(1u64 << 40),
                "weapon.year_of_manufacture",
            ),
            ("/urgency", json!("Routine"), "urgency"),
            (
                "/weapon/markings/0/colour",
                json!("red"),
                "weapon.markings[0].colour",
            ),
            (
                "/follows",
                json!({"request_id": "019DF252-B5C0-7A3E-9C4D-2F1E8B7A6D50", "to": "UG", "answer_id": "019df252-b5c0-7a3e-9c4d-2f1e8b7a6d50"}),
                "follows.request_id",
            ),
            (
                "/follows",
                json!({"request_id": "019df252-b5c0-7a3e-9c4d-2f1e8b7a6d50", "to": "ug", "answer_id": "019df252-b5c0-7a3e-9c4d-2f1e8b7a6d50"}),
                "follows.to",
            ),
        ];
        for (pointer, value, field) in cases {
            let mut v = request();
            let (parent, name) = pointer.rsplit_once('/').unwrap();
            v.pointer_mut(parent).unwrap()[name] = value.clone();
            let body = obj(v);
            agree(&body);
            let e = TraceRequestBody::from_body(&body).unwrap_err();
            assert_eq!(e.field, field, "{pointer} = {value}: {e}");
        }
        let mut v = request();
        v.as_object_mut().unwrap().remove("weapon");
        let e = TraceRequestBody::from_body(&obj(v)).unwrap_err();
        assert_eq!(e.to_string(), "weapon: is required but missing");
    }

    #[test]
    fn outcome_rules_read_clearly() {
        let mut v = answer();
        v["outcome"] = json!("declined");
        let e = TraceAnswerBody::from_body(&obj(v)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "reasons: a reason is required when the answer is declined"
        );
        let mut v = answer();
        v["outcome"] = json!("delayed");
        v["reasons"] = json!("Records are archived.");
        v.as_object_mut().unwrap().remove("findings");
        let e = TraceAnswerBody::from_body(&obj(v.clone())).unwrap_err();
        assert_eq!(
            e.to_string(),
            "final_answer_by: a final answer date is required when the answer is delayed"
        );
        v["final_answer_by"] = json!("2026-07-01");
        TraceAnswerBody::from_body(&obj(v)).unwrap();
    }

    #[test]
    fn control_characters_and_lengths() {
        let mut v = request();
        v["legal_basis"] = json!("line one\nline two\tindented");
        TraceRequestBody::from_body(&obj(v.clone())).unwrap();
        v["legal_basis"] = json!("carriage\r\nreturn");
        let e = TraceRequestBody::from_body(&obj(v)).unwrap_err();
        assert_eq!(e.field, "legal_basis");
        assert!(e.reason.contains("U+000D at character 9"), "{e}");
        let mut v = request();
        v["reference"] = json!("two\nlines");
        assert_eq!(
            TraceRequestBody::from_body(&obj(v)).unwrap_err().field,
            "reference"
        );
        let mut v = request();
        v["reference"] = json!("é".repeat(MAX_SHORT));
        TraceRequestBody::from_body(&obj(v.clone())).unwrap();
        v["reference"] = json!("é".repeat(MAX_SHORT + 1));
        let e = TraceRequestBody::from_body(&obj(v)).unwrap_err();
        assert_eq!(e.reason, "is 201 characters long; at most 200 are allowed");
    }

    #[test]
    fn years_between_1800_and_2100() {
        for (year, ok) in [(1799, false), (1800, true), (2100, true), (2101, false)] {
            let mut v = request();
            v["weapon"]["year_of_manufacture"] = json!(year);
            assert_eq!(TraceRequestBody::from_body(&obj(v)).is_ok(), ok, "{year}");
        }
        let mut v = request();
        v["answer_by"] = json!("2101-01-01");
        assert_eq!(
            TraceRequestBody::from_body(&obj(v)).unwrap_err().field,
            "answer_by"
        );
    }

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            (1790i64..2110).prop_map(|n| json!(n)),
            Just(json!(1998.0)),
            "[a-zA-Z0-9 :-]{0,12}".prop_map(Value::String),
            prop_oneof![
                Just("KE"),
                Just("ke"),
                Just("XX"),
                Just("2026-05-04"),
                Just("2026-5-4"),
                Just("found"),
                Just("urgent"),
                Just("019df252-b5c0-7a3e-9c4d-2f1e8b7a6d50")
            ]
            .prop_map(|s| Value::String(s.into())),
            Just(json!([])),
            Just(json!({})),
        ]
    }

    /// Every path to a value inside `v` (as JSON pointers).
    fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    let p = format!("{at}/{k}");
                    out.push(p.clone());
                    pointers(x, p, out);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    let p = format!("{at}/{i}");
                    out.push(p.clone());
                    pointers(x, p, out);
                }
            }
            _ => {}
        }
    }

    proptest! {
        /// The shape check and serde accept exactly the same bodies, so that every
        /// refusal names its member; whatever is accepted is written back unchanged.
        #[test]
        fn shape_and_serde_agree(
            base in prop_oneof![Just(request()), Just(answer())],
            edits in proptest::collection::vec((any::<prop::sample::Index>(), leaf(), 0u8..3), 1..4),
        ) {
            let mut v = base;
            for (index, new, op) in edits {
                let mut ps = Vec::new();
                pointers(&v, String::new(), &mut ps);
                if ps.is_empty() { break; }
                let p = index.get(&ps).clone();
                let (parent, name) = p.rsplit_once('/').unwrap_or(("", ""));
                match (op, v.pointer_mut(parent)) {
                    (0, Some(Value::Object(m))) => { m.remove(name); }
                    (1, Some(Value::Object(m))) => { m.insert(format!("{name}_x"), new); }
                    (_, _) => { if let Some(slot) = v.pointer_mut(&p) { *slot = new; } }
                }
            }
            let Value::Object(body) = v else { return Ok(()) };
            agree(&body);
            if let Ok(r) = TraceRequestBody::from_body(&body) {
                prop_assert_eq!(r.to_body(), body.clone());
            }
            if let Ok(a) = TraceAnswerBody::from_body(&body) {
                prop_assert_eq!(a.to_body(), body);
            }
        }
    }
}
