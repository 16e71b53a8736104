//! The tracing workflow of the International Tracing Instrument
//! (`001_457efa9667c1123e.txt` ITI plan A.3–6; PoA II.36, `002_a5a242391c6e9d2d.txt`).
//!
//! A trace case is one request between two points of contact. On the requesting side
//! an investigator **opens** it (from a weapon record or from markings alone; the
//! domestic trace runs first and proposes whom to ask), the point of contact **sends**
//! it; the requested node's signed receipt makes it **acknowledged**; the **answer**
//! arrives. A follow-up to the next State in the chain is a new case that `follows` the
//! first. On the requested side the case is **received**, an answer **drafted** from the
//! registry, and the point of contact **decides**: approve, restrict, delay (a delayed
//! answer now, the final one later) or decline, with reasons — nothing leaves before.
//!
//! Every step is a record of the trace log (`armtrace_store::TraceRecord`); a case is
//! what [`fold`] makes of its records.

use crate::draft;
use crate::{Node, NodeError};
use armtrace_domain::{CountryCode, WeaponId};
use armtrace_exchange::{
    Body, FollowUp, MAX_LIFETIME_SECONDS, MessageType, NodeId, Outcome, TraceAnswerBody,
    TraceFindings, TraceRequestBody, Verified, sign,
};
use armtrace_store::{NodeTx, Store, StoreError, TraceRecord};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::sync::mpsc;
use uuid::Uuid;

/// The actor of what the node does by itself.
pub const NODE_ACTOR: &str = "node";

/// What a trace-log record records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceKind {
    /// Requesting side: an investigator opened the case.
    Opened,
    /// Requesting side: the point of contact sent the request.
    Sent,
    /// Either side: the peer's signed receipt for what this node sent.
    Acknowledged,
    /// Either side: delivery given up (expired, or refused by the peer).
    DeliveryFailed,
    /// Requesting side: an answer arrived.
    AnswerReceived,
    /// Requesting side: the answer is overdue (recorded once).
    Reminder,
    /// Requested side: the request arrived.
    Received,
    /// Requested side: the node drafted an answer from its records.
    Drafted,
    /// Requested side: the point of contact decided and the answer was sent.
    Decided,
}

impl TraceKind {
    /// The name stored.
    pub fn as_str(self) -> &'static str {
        match self {
            TraceKind::Opened => "opened",
            TraceKind::Sent => "sent",
            TraceKind::Acknowledged => "acknowledged",
            TraceKind::DeliveryFailed => "delivery_failed",
            TraceKind::AnswerReceived => "answer_received",
            TraceKind::Reminder => "reminder",
            TraceKind::Received => "received",
            TraceKind::Drafted => "drafted",
            TraceKind::Decided => "decided",
        }
    }

    fn parse(s: &str) -> Option<TraceKind> {
        serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
    }
}

/// Which side of a trace this node is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// This node asks.
    Outgoing,
    /// This node is asked.
    Incoming,
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceStatus {
    /// Opened, not yet sent by the point of contact.
    Draft,
    /// Sent, no receipt yet.
    Sent,
    /// The peer acknowledged receipt.
    Acknowledged,
    /// A delayed answer came or was sent; the final answer is awaited.
    Delayed,
    /// Answered (found, not found, partial, restricted or declined).
    Answered,
    /// Could not be delivered.
    Failed,
    /// Received, awaiting the point of contact's decision.
    Received,
}

/// The point of contact's decision on an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Send the drafted answer as it is.
    Approve,
    /// Send part of it (the last legal holder withheld unless edited findings are given).
    Restrict,
    /// Send a delayed answer now, with reasons and the date of the final answer.
    Delay,
    /// Decline, with reasons.
    Decline,
}

/// One step of a case, as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Position in the trace log.
    pub seq: u64,
    /// What.
    pub kind: TraceKind,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// The details.
    pub payload: serde_json::Value,
}

/// A trace case, folded from its records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceCase {
    /// Its id (local to this node).
    pub id: String,
    /// Which side.
    pub direction: Direction,
    /// Where it stands.
    pub status: TraceStatus,
    /// The request.
    pub request: TraceRequestBody,
    /// The weapon record it was opened from (requesting side) or found for it
    /// (requested side).
    pub weapon: Option<WeaponId>,
    /// The investigator who opened it (requesting side).
    pub investigator: Option<String>,
    /// The other node: recipient (requesting side) or sender (requested side).
    pub peer: Option<NodeId>,
    /// The request's message id, once sent or received.
    pub request_message: Option<Uuid>,
    /// The domestic trace's result (requesting side): weapons of this registry that fit.
    pub domestic: Vec<WeaponId>,
    /// Whom to ask, proposed from the markings: State and why.
    pub proposals: Vec<(CountryCode, String)>,
    /// The case this one follows up (the earlier request of the chain).
    pub follows: Option<String>,
    /// The drafted answer (requested side), before the decision.
    pub draft: Option<TraceAnswerBody>,
    /// The answers received (requesting side) or sent (requested side), in order.
    pub answers: Vec<TraceAnswerBody>,
    /// Whether the answer is overdue (requesting side: after `answer_by` without a
    /// final answer).
    pub overdue: bool,
    /// Why the delivery failed, if it did.
    pub failure: Option<String>,
    /// Every step.
    pub steps: Vec<Step>,
}

impl TraceCase {
    /// Whether a final answer (not `delayed`) was received or sent.
    pub fn finally_answered(&self) -> bool {
        self.answers.iter().any(|a| a.outcome != Outcome::Delayed)
    }
}

fn damaged(rec: &TraceRecord, why: impl std::fmt::Display) -> StoreError {
    StoreError::Damaged(format!("trace log record {}: {why}", rec.seq))
}

/// Folds a case's records (in order) into its state; `today` decides overdue.
pub fn fold(records: &[TraceRecord], today: NaiveDate) -> Result<Option<TraceCase>, StoreError> {
    let Some(first) = records.first() else {
        return Ok(None);
    };
    let mut case: Option<TraceCase> = None;
    for rec in records {
        let kind = TraceKind::parse(&rec.kind).ok_or_else(|| damaged(rec, "unknown kind"))?;
        let p: serde_json::Value =
            serde_json::from_str(&rec.payload).map_err(|e| damaged(rec, e))?;
        let get = |k: &str| p.get(k).cloned().unwrap_or(serde_json::Value::Null);
        let parse_req = |v: serde_json::Value| -> Result<TraceRequestBody, StoreError> {
            serde_json::from_value(v).map_err(|e| damaged(rec, e))
        };
        let parse_ans = |v: serde_json::Value| -> Result<TraceAnswerBody, StoreError> {
            serde_json::from_value(v).map_err(|e| damaged(rec, e))
        };
        let opt_str = |k: &str| get(k).as_str().map(str::to_string);
        let uuid = |k: &str| opt_str(k).and_then(|s| s.parse::<Uuid>().ok());
        match kind {
            TraceKind::Opened | TraceKind::Received => {
                let incoming = kind == TraceKind::Received;
                case = Some(TraceCase {
                    id: first.trace_id.clone(),
                    direction: if incoming {
                        Direction::Incoming
                    } else {
                        Direction::Outgoing
                    },
                    status: if incoming {
                        TraceStatus::Received
                    } else {
                        TraceStatus::Draft
                    },
                    request: parse_req(get("request"))?,
                    weapon: uuid("weapon").map(WeaponId),
                    // A follow-up stays the case of the investigator who opened the chain.
                    investigator: (!incoming)
                        .then(|| opt_str("investigator").unwrap_or_else(|| rec.actor.clone())),
                    peer: opt_str("from").and_then(|s| s.parse().ok()),
                    request_message: uuid("message_id"),
                    domestic: serde_json::from_value(get("domestic")).unwrap_or_default(),
                    proposals: serde_json::from_value(get("proposals")).unwrap_or_default(),
                    follows: opt_str("follows"),
                    draft: None,
                    answers: Vec::new(),
                    overdue: false,
                    failure: None,
                    steps: Vec::new(),
                });
            }
            _ => {
                let c = case
                    .as_mut()
                    .ok_or_else(|| damaged(rec, "step before the case was opened"))?;
                match kind {
                    TraceKind::Sent => {
                        c.status = TraceStatus::Sent;
                        c.peer = opt_str("to").and_then(|s| s.parse().ok());
                        c.request_message = uuid("message_id");
                    }
                    TraceKind::Acknowledged => {
                        if matches!(c.status, TraceStatus::Sent) {
                            c.status = TraceStatus::Acknowledged;
                        }
                    }
                    TraceKind::DeliveryFailed => {
                        c.status = TraceStatus::Failed;
                        c.failure = Some(format!(
                            "{}: {}",
                            opt_str("code").unwrap_or_default(),
                            opt_str("reason").unwrap_or_default()
                        ));
                    }
                    TraceKind::AnswerReceived | TraceKind::Decided => {
                        let a = parse_ans(get("answer"))?;
                        c.status = if a.outcome == Outcome::Delayed {
                            TraceStatus::Delayed
                        } else {
                            TraceStatus::Answered
                        };
                        if kind == TraceKind::Decided && a.outcome != Outcome::Delayed {
                            c.draft = None;
                        }
                        c.answers.push(a);
                    }
                    TraceKind::Drafted => {
                        c.draft = Some(parse_ans(get("answer"))?);
                        c.weapon = uuid("weapon").map(WeaponId).or(c.weapon);
                    }
                    TraceKind::Reminder | TraceKind::Opened | TraceKind::Received => {}
                }
            }
        }
        if let Some(c) = case.as_mut() {
            c.steps.push(Step {
                seq: rec.seq,
                kind,
                at: rec.at,
                actor: rec.actor.clone(),
                payload: p,
            });
        }
    }
    if let Some(c) = case.as_mut() {
        c.overdue = c.direction == Direction::Outgoing
            && matches!(
                c.status,
                TraceStatus::Sent | TraceStatus::Acknowledged | TraceStatus::Delayed
            )
            && today > c.request.answer_by;
    }
    Ok(case)
}

/// One case.
pub fn get(store: &Store, id: &str) -> Result<TraceCase, NodeError> {
    let recs = store.exchange().trace_records(Some(id))?;
    fold(&recs, Utc::now().date_naive())?.ok_or_else(|| NodeError::NoSuchTrace(id.to_string()))
}

/// Every case, newest first.
pub fn list(store: &Store) -> Result<Vec<TraceCase>, NodeError> {
    let recs = store.exchange().trace_records(None)?;
    let mut by_case: Vec<(String, Vec<TraceRecord>)> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for r in recs {
        let i = *index.entry(r.trace_id.clone()).or_insert_with(|| {
            by_case.push((r.trace_id.clone(), Vec::new()));
            by_case.len() - 1
        });
        by_case[i].1.push(r);
    }
    let today = Utc::now().date_naive();
    let mut out = Vec::new();
    for (_, recs) in by_case.into_iter().rev() {
        if let Some(c) = fold(&recs, today)? {
            out.push(c);
        }
    }
    Ok(out)
}

fn new_trace_id() -> String {
    Uuid::now_v7().hyphenated().to_string()
}

/// What an investigator gives to open a case.
#[derive(Debug, Clone)]
pub struct Opening {
    /// The request as it will be sent.
    pub request: TraceRequestBody,
    /// The weapon record it is opened from, if any.
    pub weapon: Option<WeaponId>,
}

/// Opens a case: validates the request, runs the domestic trace and proposes whom to
/// ask (the country of manufacture, the country of the last import marking). The
/// domestic trace looks up the serial number and markings as given, without the marking
/// search: [`open_searching`] uses it.
pub fn open(store: &Store, opening: Opening, by: &str) -> Result<TraceCase, NodeError> {
    open_searching(store, None, opening, by)
}

/// [`open`], the domestic trace searching the marking search `index` when given
/// ([`draft::find`]): a misread marking still finds the weapon.
pub fn open_searching(
    store: &Store,
    index: Option<&std::sync::Mutex<armtrace_index::SearchIndex>>,
    opening: Opening,
    by: &str,
) -> Result<TraceCase, NodeError> {
    opening
        .request
        .validate()
        .map_err(|e| NodeError::invalid(&e.field, e.reason))?;
    let w = &opening.request.weapon;
    let domestic: Vec<WeaponId> = draft::find(store, index, w)?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let mut proposals: Vec<(CountryCode, String)> = Vec::new();
    let last_import = w
        .markings
        .iter()
        .filter(|m| m.kind == "import" && m.country.is_some())
        .max_by_key(|m| m.year.unwrap_or(0));
    if let Some(c) = last_import.and_then(|m| m.country) {
        proposals.push((c, "last_import".into()));
    }
    if let Some(c) = w.country_of_manufacture
        && !proposals.iter().any(|(p, _)| *p == c)
    {
        proposals.push((c, "manufacture".into()));
    }
    let id = new_trace_id();
    let payload = serde_json::json!({
        "request": opening.request,
        "weapon": opening.weapon.map(|w| w.0.hyphenated().to_string()),
        "domestic": domestic,
        "proposals": proposals,
    });
    store.exchange().write(|tx| {
        tx.trace(
            &id,
            Utc::now(),
            by,
            TraceKind::Opened.as_str(),
            &payload.to_string(),
        )
    })?;
    get(store, &id)
}

/// Opens the follow-up of case `id` to the next State, `to`: the same request, naming
/// the earlier request and the answer that pointed onwards.
pub fn follow_up(store: &Store, id: &str, to: &NodeId, by: &str) -> Result<TraceCase, NodeError> {
    let prev = get(store, id)?;
    let (Some(request_id), Some(peer)) = (prev.request_message, prev.peer.clone()) else {
        return Err(NodeError::WrongState(
            "only a request that was sent can be followed up".into(),
        ));
    };
    let answer_id = prev
        .steps
        .iter()
        .rev()
        .find(|s| s.kind == TraceKind::AnswerReceived)
        .and_then(|s| s.payload.get("message_id"))
        .and_then(|v| v.as_str())
        .and_then(|s| s.parse::<Uuid>().ok())
        .ok_or_else(|| {
            NodeError::WrongState("a follow-up needs the answer that names the next State".into())
        })?;
    let mut request = prev.request.clone();
    request.follows = Some(FollowUp {
        request_id,
        to: peer,
        answer_id,
    });
    let new_id = new_trace_id();
    let payload = serde_json::json!({
        "request": request,
        "weapon": prev.weapon.map(|w| w.0.hyphenated().to_string()),
        "domestic": prev.domestic,
        "proposals": [[to.state(), "named_in_answer"]],
        "follows": prev.id,
        "investigator": prev.investigator,
    });
    store.exchange().write(|tx| {
        tx.trace(
            &new_id,
            Utc::now(),
            by,
            TraceKind::Opened.as_str(),
            &payload.to_string(),
        )
    })?;
    get(store, &new_id)
}

/// The lifetime of a request: until seven days after its answer-by date, within the
/// protocol's maximum.
fn request_expiry(now: DateTime<Utc>, answer_by: NaiveDate) -> DateTime<Utc> {
    let wanted = (answer_by + Duration::days(7))
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc());
    let max = now + Duration::seconds(MAX_LIFETIME_SECONDS);
    wanted
        .filter(|w| *w > now + Duration::hours(1))
        .unwrap_or(max)
        .min(max)
}

impl Node {
    /// Signs a message of `kind` to `to` about case `trace_id`, valid until `expires`
    /// (from now), and queues it in `tx`.
    fn sign_and_queue(
        &self,
        tx: &mut NodeTx<'_>,
        trace_id: &str,
        to: &NodeId,
        (kind, body): (MessageType, Body),
        expires: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let mut m = self
            .identity()
            .message(to.clone(), kind, body, now, Duration::days(7));
        m.expires = expires;
        let envelope =
            sign(&self.identity(), &m).map_err(|e| StoreError::Conflict(e.to_string()))?;
        tx.enqueue(&envelope, trace_id, now)?;
        Ok(m.id)
    }

    /// The point of contact sends an opened case to `to`.
    pub fn send(&self, id: &str, to: &NodeId, by: &str) -> Result<TraceCase, NodeError> {
        let case = get(self.store(), id)?;
        if case.direction != Direction::Outgoing || case.status != TraceStatus::Draft {
            return Err(NodeError::WrongState(format!(
                "trace {id} is {:?}: only an opened request can be sent",
                case.status
            )));
        }
        if to == self.id() {
            return Err(NodeError::invalid(
                "to",
                "a request cannot be sent to this node itself",
            ));
        }
        if self.directory().entry(to).is_none() {
            return Err(NodeError::invalid(
                "to",
                format!(
                    "{to} is not in the directory of points of contact: import a directory that lists it"
                ),
            ));
        }
        let now = Utc::now();
        let expires = request_expiry(now, case.request.answer_by);
        let body = case.request.to_body();
        self.store().exchange().write(|tx| {
            let mid =
                self.sign_and_queue(tx, id, to, (MessageType::TraceRequest, body), expires, now)?;
            let payload = serde_json::json!({"to": to, "message_id": mid, "expires": expires});
            tx.trace(id, now, by, TraceKind::Sent.as_str(), &payload.to_string())?;
            Ok(())
        })?;
        self.wake_outbox();
        get(self.store(), id)
    }

    /// The point of contact of the requested node decides on the drafted answer; the
    /// answer is signed and queued in the same transaction as the decision.
    pub fn decide(
        &self,
        id: &str,
        decision: Decision,
        reasons: Option<String>,
        final_answer_by: Option<NaiveDate>,
        conditions: Option<String>,
        by: &str,
    ) -> Result<TraceCase, NodeError> {
        let case = get(self.store(), id)?;
        if case.direction != Direction::Incoming
            || !matches!(case.status, TraceStatus::Received | TraceStatus::Delayed)
        {
            return Err(NodeError::WrongState(format!(
                "trace {id} is {:?}: only a received request awaiting an answer can be decided",
                case.status
            )));
        }
        let Some(draft) = case.draft.clone() else {
            return Err(NodeError::WrongState(
                "the answer is still being drafted from the registry: try again in a moment".into(),
            ));
        };
        let reasons = reasons.filter(|r| !r.trim().is_empty());
        let mut answer = draft;
        if let Some(c) = conditions.filter(|c| !c.trim().is_empty()) {
            answer.conditions = c;
        }
        answer.final_answer_by = None;
        match decision {
            Decision::Approve => answer.reasons = reasons,
            Decision::Restrict => {
                answer.outcome = Outcome::Restricted;
                answer.reasons = reasons;
                if let Some(f) = answer.findings.as_mut() {
                    f.last_legal_holder = None;
                } else {
                    answer.findings = Some(TraceFindings {
                        weapon: case.request.weapon.clone(),
                        manufacture: None,
                        exports: Vec::new(),
                        imports: Vec::new(),
                        last_legal_holder: None,
                        status: None,
                    });
                }
            }
            Decision::Delay => {
                answer.outcome = Outcome::Delayed;
                answer.reasons = reasons;
                answer.findings = None;
                answer.next_state = None;
                answer.final_answer_by = final_answer_by;
            }
            Decision::Decline => {
                answer.outcome = Outcome::Declined;
                answer.reasons = reasons;
                answer.findings = None;
                answer.next_state = None;
            }
        }
        answer
            .validate()
            .map_err(|e| NodeError::invalid(&e.field, e.reason))?;
        let (Some(peer), Some(_)) = (case.peer.clone(), case.request_message) else {
            return Err(NodeError::WrongState(
                "the case names no requesting node".into(),
            ));
        };
        let now = Utc::now();
        let body = answer.to_body();
        self.store().exchange().write(|tx| {
            let mid = self.sign_and_queue(
                tx,
                id,
                &peer,
                (MessageType::TraceAnswer, body),
                now + Duration::days(7),
                now,
            )?;
            let payload =
                serde_json::json!({"decision": decision, "answer": answer, "message_id": mid});
            tx.trace(
                id,
                now,
                by,
                TraceKind::Decided.as_str(),
                &payload.to_string(),
            )?;
            Ok(())
        })?;
        self.wake_outbox();
        get(self.store(), id)
    }

    /// Drafts the answer of received case `id` from the registry (once).
    pub fn draft(&self, id: &str) -> Result<(), NodeError> {
        match self.draft_all(&[id.to_string()])?.pop() {
            Some((_, e)) => Err(e),
            None => Ok(()),
        }
    }

    /// Drafts the answers of received cases `ids`: each read from the registry on its
    /// own, all recorded in one transaction (a flood of requests is drafted at the pace
    /// of the reads, not of one commit each). Returns the cases that could not be
    /// drafted, with why; an error when the drafts could not be recorded (none was).
    pub fn draft_all(&self, ids: &[String]) -> Result<Vec<(String, NodeError)>, NodeError> {
        let mut failed = Vec::new();
        let mut drafts: Vec<(&str, String)> = Vec::new();
        for id in ids {
            match self.compose_draft(id) {
                Ok(Some(payload)) => drafts.push((id, payload)),
                Ok(None) => {}
                Err(e) => failed.push((id.clone(), e)),
            }
        }
        if drafts.is_empty() {
            return Ok(failed);
        }
        self.store().exchange().write(|tx| {
            for (id, payload) in &drafts {
                // Drafted once, even if two drafters raced.
                let recs = tx.trace_records(Some(id))?;
                if recs.iter().any(|r| r.kind == TraceKind::Drafted.as_str()) {
                    continue;
                }
                tx.trace(
                    id,
                    Utc::now(),
                    NODE_ACTOR,
                    TraceKind::Drafted.as_str(),
                    payload,
                )?;
            }
            Ok(())
        })?;
        Ok(failed)
    }

    /// The `drafted` record's payload for case `id`, read from the registry; `None`
    /// when the case needs no draft (not a received request, or drafted already).
    fn compose_draft(&self, id: &str) -> Result<Option<String>, NodeError> {
        let case = get(self.store(), id)?;
        if case.direction != Direction::Incoming || case.draft.is_some() || !case.answers.is_empty()
        {
            return Ok(None);
        }
        let Some(request_id) = case.request_message else {
            return Ok(None);
        };
        let found = draft::find(self.store(), self.index(), &case.request.weapon)?;
        let me = self.id().state();
        let conditions = "For the tracing of the weapon described in the request only; not to be passed on without the consent of the answering State (ITI 1.3, 6).".to_string();
        let (answer, weapon) = match found.first() {
            Some(row) => {
                let (findings, next) = draft::findings(self.store(), row.id, me)?
                    .ok_or_else(|| NodeError::NoSuchTrace(row.id.to_string()))?;
                (
                    TraceAnswerBody {
                        in_reply_to: request_id,
                        reference: case.request.reference.clone(),
                        outcome: Outcome::Found,
                        reasons: (found.len() > 1).then(|| {
                            format!(
                                "{} records fit the description; the first is answered",
                                found.len()
                            )
                        }),
                        conditions,
                        findings: Some(findings),
                        next_state: next,
                        final_answer_by: None,
                    },
                    Some(row.id),
                )
            }
            None => (
                TraceAnswerBody {
                    in_reply_to: request_id,
                    reference: case.request.reference.clone(),
                    outcome: Outcome::NotFound,
                    reasons: Some("no weapon in this State's records fits the description".into()),
                    conditions,
                    findings: None,
                    next_state: None,
                    final_answer_by: None,
                },
                None,
            ),
        };
        let payload = serde_json::json!({
            "answer": answer,
            "weapon": weapon.map(|w| w.0.hyphenated().to_string()),
            "candidates": found.len(),
        });
        Ok(Some(payload.to_string()))
    }

    /// Records a reminder on each overdue request (once per case); returns them.
    pub fn remind_overdue(&self) -> Result<Vec<TraceCase>, NodeError> {
        let mut out = Vec::new();
        for c in list(self.store())? {
            if c.overdue && !c.steps.iter().any(|s| s.kind == TraceKind::Reminder) {
                let payload = serde_json::json!({"answer_by": c.request.answer_by, "peer": c.peer});
                self.store().exchange().write(|tx| {
                    tx.trace(
                        &c.id,
                        Utc::now(),
                        NODE_ACTOR,
                        TraceKind::Reminder.as_str(),
                        &payload.to_string(),
                    )
                })?;
                tracing::warn!(trace = %c.id, reference = %c.request.reference, "trace request overdue");
                out.push(c);
            }
        }
        Ok(out)
    }
}

/// A request arrived (inside the inbox's transaction): a new incoming case. `Err` with
/// the reason when the body cannot be taken.
pub(crate) fn on_request(
    tx: &mut NodeTx<'_>,
    v: &Verified,
    body: &TraceRequestBody,
    now: DateTime<Utc>,
) -> Result<Result<String, String>, StoreError> {
    let m = v.message();
    let id = new_trace_id();
    let payload = serde_json::json!({
        "request": body,
        "from": m.from,
        "message_id": m.id,
        "sha256": v.sha256().to_string(),
    });
    tx.trace(
        &id,
        now,
        NODE_ACTOR,
        TraceKind::Received.as_str(),
        &payload.to_string(),
    )?;
    Ok(Ok(id))
}

/// An answer arrived (inside the inbox's transaction): recorded on the case whose
/// request it answers, which must have been sent to its sender.
pub(crate) fn on_answer(
    tx: &mut NodeTx<'_>,
    v: &Verified,
    body: &TraceAnswerBody,
    now: DateTime<Utc>,
) -> Result<Result<String, String>, StoreError> {
    let m = v.message();
    let asked = tx.outbox_entry(&body.in_reply_to.hyphenated().to_string())?;
    let Some((recipient, trace_id)) = asked else {
        return Ok(Err(format!(
            "in_reply_to: {} is not a request this node sent",
            body.in_reply_to
        )));
    };
    if recipient != m.from.as_str() {
        return Ok(Err(format!(
            "in_reply_to: request {} was sent to {recipient}, not to {}",
            body.in_reply_to, m.from
        )));
    }
    // The answer repeats the request's reference exactly (`docs/exchange.md` §11.2).
    let records = tx.trace_records(Some(&trace_id))?;
    if let Some(case) = fold(&records, now.date_naive())?
        && case.request.reference != body.reference
    {
        return Ok(Err(format!(
            "reference: '{}' is not the reference of request {}, '{}'",
            body.reference, body.in_reply_to, case.request.reference
        )));
    }
    let payload = serde_json::json!({
        "answer": body,
        "from": m.from,
        "message_id": m.id,
        "sha256": v.sha256().to_string(),
    });
    tx.trace(
        &trace_id,
        now,
        NODE_ACTOR,
        TraceKind::AnswerReceived.as_str(),
        &payload.to_string(),
    )?;
    Ok(Ok(trace_id))
}

/// A message this node sent was acknowledged (inside the outbox's transaction).
pub(crate) fn on_delivered(
    tx: &mut NodeTx<'_>,
    trace_id: &str,
    message_id: &str,
    receipt_sha256: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let payload = serde_json::json!({"message_id": message_id, "receipt_sha256": receipt_sha256});
    tx.trace(
        trace_id,
        now,
        NODE_ACTOR,
        TraceKind::Acknowledged.as_str(),
        &payload.to_string(),
    )?;
    Ok(())
}

/// A message this node sent was given up (inside the outbox's transaction).
pub(crate) fn on_abandoned(
    tx: &mut NodeTx<'_>,
    trace_id: &str,
    message_id: &str,
    code: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let payload = serde_json::json!({"message_id": message_id, "code": code, "reason": reason});
    tx.trace(
        trace_id,
        now,
        NODE_ACTOR,
        TraceKind::DeliveryFailed.as_str(),
        &payload.to_string(),
    )?;
    Ok(())
}

/// One link of a weapon's supply chain, assembled from the answers of a chain of
/// follow-ups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainLink {
    /// The State whose records say it.
    pub state: CountryCode,
    /// `manufactured`, `exported`, `imported`, `last_legal_holder`, `left_legal_hands`,
    /// `found` (the requesting State's own finding).
    pub what: String,
    /// When.
    pub date: Option<NaiveDate>,
    /// Who (manufacturer, recipient, importer, holder).
    pub party: Option<String>,
    /// The other State (export destination, import origin).
    pub other_state: Option<CountryCode>,
    /// The document (licence…).
    pub document: Option<String>,
    /// The case whose answer says it.
    pub source: String,
}

/// The supply chain of the weapon of case `id`: the answers of the whole chain of
/// follow-ups it belongs to, in order, then where it left legal hands and where it was
/// found (in `me`, the requesting State).
pub fn chain(store: &Store, id: &str, me: CountryCode) -> Result<Vec<ChainLink>, NodeError> {
    let all = list(store)?;
    let find = |id: &str| all.iter().find(|c| c.id == id).cloned();
    let mut case = find(id).ok_or_else(|| NodeError::NoSuchTrace(id.to_string()))?;
    // Go back to the first request of the chain…
    while let Some(prev) = case.follows.as_deref().and_then(find) {
        case = prev;
    }
    let first = case.clone();
    // …then forward along the follow-ups.
    let mut cases = vec![case.clone()];
    while let Some(next) = all
        .iter()
        .find(|c| c.follows.as_deref() == Some(case.id.as_str()))
    {
        case = next.clone();
        cases.push(case.clone());
    }
    let mut links = Vec::new();
    let mut left_legal: Option<ChainLink> = None;
    for c in &cases {
        let Some(peer) = c.peer.as_ref().map(|p| p.state()) else {
            continue;
        };
        let Some(a) = c.answers.iter().rev().find(|a| a.findings.is_some()) else {
            continue;
        };
        let Some(f) = &a.findings else { continue };
        // Manufacture is told once: by the first answer that tells it (the State of
        // manufacture is asked first; later answers repeat what they were told).
        if let Some(m) = &f.manufacture
            && !links.iter().any(|l: &ChainLink| l.what == "manufactured")
        {
            links.push(ChainLink {
                state: m.country.unwrap_or(peer),
                what: "manufactured".into(),
                date: m
                    .date
                    .or_else(|| m.year.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1))),
                party: m.manufacturer.clone(),
                other_state: None,
                document: None,
                source: c.id.clone(),
            });
        }
        let mut moves: Vec<ChainLink> = Vec::new();
        for t in &f.imports {
            moves.push(ChainLink {
                state: peer,
                what: "imported".into(),
                date: t.date,
                party: t.counterpart.clone(),
                other_state: t.counterpart_state,
                document: t.document.clone().or_else(|| t.marking.clone()),
                source: c.id.clone(),
            });
        }
        for t in &f.exports {
            moves.push(ChainLink {
                state: peer,
                what: "exported".into(),
                date: t.date,
                party: t.counterpart.clone(),
                other_state: t.counterpart_state,
                document: t.document.clone(),
                source: c.id.clone(),
            });
        }
        moves.sort_by_key(|l| l.date);
        links.extend(moves);
        if let Some(h) = &f.last_legal_holder {
            links.push(ChainLink {
                state: h.state,
                what: "last_legal_holder".into(),
                date: h.since,
                party: Some(h.name.clone()),
                other_state: None,
                document: None,
                source: c.id.clone(),
            });
            left_legal = Some(ChainLink {
                state: h.state,
                what: "left_legal_hands".into(),
                date: None,
                party: f.status.clone(),
                other_state: None,
                document: None,
                source: c.id.clone(),
            });
        }
    }
    links.extend(left_legal);
    links.push(ChainLink {
        state: me,
        what: "found".into(),
        date: Some(first.request.circumstances.date),
        party: Some(first.request.requesting_authority.clone()),
        other_state: None,
        document: Some(first.request.circumstances.place.clone()),
        source: first.id.clone(),
    });
    Ok(links)
}

/// The drafting worker: one thread drafting answers of received requests, so that the
/// inbox acknowledges without waiting for registry searches.
#[derive(Debug)]
pub(crate) struct Drafter {
    queue: std::sync::Mutex<Option<mpsc::Sender<String>>>,
}

/// The most drafts recorded in one transaction.
const MAX_DRAFT_GROUP: usize = 256;

impl Drafter {
    pub(crate) fn new() -> Drafter {
        Drafter {
            queue: std::sync::Mutex::new(None),
        }
    }

    /// Starts the worker for `node` and queues every received case not yet drafted.
    pub(crate) fn start(node: &Node) {
        let (tx, rx) = mpsc::channel::<String>();
        let weak = std::sync::Arc::downgrade(&node.inner);
        let spawned = std::thread::Builder::new()
            .name("armtrace-drafter".into())
            .spawn(move || {
                while let Ok(first) = rx.recv() {
                    let Some(inner) = weak.upgrade() else { break };
                    let node = Node { inner };
                    let mut ids = vec![first];
                    while ids.len() < MAX_DRAFT_GROUP {
                        match rx.try_recv() {
                            Ok(id) => ids.push(id),
                            Err(_) => break,
                        }
                    }
                    match node.draft_all(&ids) {
                        Ok(failed) => {
                            for (id, e) in failed {
                                tracing::warn!(trace = %id, error = %e, "drafting the answer failed");
                            }
                        }
                        Err(e) => {
                            tracing::warn!(cases = ids.len(), error = %e, "recording drafted answers failed");
                        }
                    }
                }
            });
        if spawned.is_err() {
            return;
        }
        *node
            .inner
            .drafter
            .queue
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(tx);
        if let Ok(cases) = list(node.store()) {
            for c in cases {
                if c.direction == Direction::Incoming && c.draft.is_none() && c.answers.is_empty() {
                    node.inner.drafter.queue(c.id);
                }
            }
        }
    }

    pub(crate) fn queue(&self, id: String) {
        if let Some(q) = self
            .queue
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            let _ = q.send(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_expires_a_week_after_its_answer_by_date_within_the_maximum() {
        let now = DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        let soon = NaiveDate::from_ymd_opt(2026, 12, 10).expect("date");
        assert_eq!(
            request_expiry(now, soon),
            NaiveDate::from_ymd_opt(2026, 12, 17)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .expect("date")
                .and_utc()
        );
        let late = NaiveDate::from_ymd_opt(2030, 1, 1).expect("date");
        assert_eq!(
            request_expiry(now, late),
            now + Duration::seconds(MAX_LIFETIME_SECONDS)
        );
        let past = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        assert!(request_expiry(now, past) > now);
    }

    #[test]
    fn a_case_folds_from_its_records_and_unknown_kinds_are_damage() {
        let rec = |seq: u64, kind: &str, payload: serde_json::Value| TraceRecord {
            seq,
            trace_id: "t".into(),
            at: Utc::now(),
            actor: "inv".into(),
            kind: kind.into(),
            payload: payload.to_string(),
            prev_hash: armtrace_exchange::Sha256Digest::ZERO,
            hash: armtrace_exchange::Sha256Digest::ZERO,
        };
        let request = serde_json::json!({
            "reference": "R", "requesting_authority": "A", "illicit_nature": "I",
            "legal_basis": "L", "weapon": {"serial": "S1"},
            "circumstances": {"date": "2026-01-01", "place": "P", "description": "D"},
            "intended_use": "U", "confidentiality": "C", "urgency": "routine",
            "answer_by": "2026-02-01"
        });
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).expect("date");
        let opened = rec(1, "opened", serde_json::json!({"request": request}));
        let sent = rec(
            2,
            "sent",
            serde_json::json!({"to": "UG", "message_id": Uuid::nil()}),
        );
        let c = fold(&[opened.clone(), sent], today)
            .expect("fold")
            .expect("case");
        assert_eq!(c.status, TraceStatus::Sent);
        assert_eq!(c.investigator.as_deref(), Some("inv"));
        assert!(c.overdue, "past its answer-by date without an answer");
        assert!(fold(&[opened, rec(2, "bogus", serde_json::json!({}))], today).is_err());
        assert!(fold(&[rec(1, "sent", serde_json::json!({}))], today).is_err());
    }
}
