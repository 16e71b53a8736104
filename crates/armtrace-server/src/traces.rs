//! Tracing between States over HTTP: the node's inbox (`/exchange/v1/inbox`, the
//! protocol of `docs/exchange.md`, outside the officer API) and the officer API of trace
//! cases (`/api/v1/traces…`, `/api/v1/node`).
//!
//! Confidentiality (ITI plan A.5): trace details are shown only to points of contact and
//! to the investigator who opened the case; every view is written to the access log.

use crate::AppState;
use crate::api::ErrorBody;
use crate::auth::{Action, Caller, Role, guard};
use crate::error::{ApiError, ErrorCode, blocking};
use crate::extract::ApiJson;
use armtrace_exchange::{NodeId, TraceRequestBody};
use armtrace_node::trace::{self as tr, Decision, Direction, TraceCase};
use armtrace_node::{Node, inbox::InboxReply};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A trace case, as the API shows it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Trace {
    /// The case id (local to this node).
    pub id: String,
    /// `outgoing` (this State asks) or `incoming` (this State is asked).
    pub direction: String,
    /// `draft`, `sent`, `acknowledged`, `delayed`, `answered`, `failed`, `received`.
    pub status: String,
    /// The requesting State's reference.
    pub reference: String,
    /// The other node: recipient or sender.
    pub peer: Option<String>,
    /// The answer is awaited by this date.
    pub answer_by: String,
    /// Whether the answer is overdue.
    pub overdue: bool,
    /// Why the delivery failed, if it did.
    pub failure: Option<String>,
    /// The investigator who opened it (outgoing).
    pub investigator: Option<String>,
    /// The weapon record it is about, in this registry.
    pub weapon: Option<String>,
    /// The earlier case of the chain this one follows up.
    pub follows: Option<String>,
    /// The request (`docs/exchange.md` §11.1).
    #[schema(value_type = Object)]
    pub request: serde_json::Value,
    /// Weapons of this registry that fit (the domestic trace).
    pub domestic: Vec<String>,
    /// Whom to ask: `[State, why]`.
    #[schema(value_type = Vec<Vec<String>>)]
    pub proposals: serde_json::Value,
    /// The drafted answer awaiting the point of contact's decision (incoming).
    #[schema(value_type = Option<Object>)]
    pub draft: Option<serde_json::Value>,
    /// Answers received or sent (§11.2), in order.
    #[schema(value_type = Vec<Object>)]
    pub answers: Vec<serde_json::Value>,
    /// Every step: `{seq, kind, at, actor, payload}`.
    #[schema(value_type = Vec<Object>)]
    pub steps: serde_json::Value,
}

/// The name of a serialised unit enum (`Direction::Outgoing` → `outgoing`).
pub(crate) fn name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A case as the API shows it.
pub fn trace_out(c: &TraceCase) -> Trace {
    let to_json = |v: &dyn erased::Ser| v.json();
    Trace {
        id: c.id.clone(),
        direction: name(&c.direction),
        status: name(&c.status),
        reference: c.request.reference.clone(),
        peer: c.peer.as_ref().map(|p| p.to_string()),
        answer_by: c.request.answer_by.to_string(),
        overdue: c.overdue,
        failure: c.failure.clone(),
        investigator: c.investigator.clone(),
        weapon: c.weapon.map(|w| w.to_string()),
        follows: c.follows.clone(),
        request: to_json(&c.request),
        domestic: c.domestic.iter().map(|w| w.to_string()).collect(),
        proposals: to_json(&c.proposals),
        draft: c.draft.as_ref().map(|d| to_json(d)),
        answers: c.answers.iter().map(|a| to_json(a)).collect(),
        steps: to_json(&c.steps),
    }
}

mod erased {
    /// Anything serialisable, as JSON.
    pub trait Ser {
        fn json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or_default()
        }
    }
}

/// What an investigator sends to open a case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTrace {
    /// The request as it will be sent (`docs/exchange.md` §11.1).
    #[schema(value_type = Object)]
    pub request: serde_json::Value,
    /// The weapon record of this registry it is opened from, if any.
    #[serde(default)]
    pub weapon: Option<String>,
}

/// Where to send, or whom to follow up with.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendTo {
    /// The node id of the point of contact (`UG`, `KE:tracing`).
    pub to: String,
}

/// The point of contact's decision on a drafted answer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDecision {
    /// `approve`, `restrict`, `delay` or `decline`.
    pub decision: String,
    /// Why (required to restrict, delay or decline).
    #[serde(default)]
    pub reasons: Option<String>,
    /// With `delay`: when the final answer will come (YYYY-MM-DD).
    #[serde(default)]
    pub final_answer_by: Option<String>,
    /// The conditions of use set on the information, replacing the default.
    #[serde(default)]
    pub conditions: Option<String>,
}

/// One link of a weapon's supply chain.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ChainLink {
    /// The State whose records say it.
    pub state: String,
    /// `manufactured`, `imported`, `exported`, `last_legal_holder`, `left_legal_hands`,
    /// `found`.
    pub what: String,
    /// When (YYYY-MM-DD).
    pub date: Option<String>,
    /// Who.
    pub party: Option<String>,
    /// The other State (export destination, import origin).
    pub other_state: Option<String>,
    /// The document.
    pub document: Option<String>,
    /// The case whose answer says it.
    pub source: String,
}

/// This node, as the API shows it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NodeStatus {
    /// The node id.
    pub node: String,
    /// The point-of-contact office.
    pub office: String,
    /// Its inbox URL.
    pub inbox: String,
    /// The key id it signs with.
    pub kid: String,
    /// The directory version in force (0: none imported).
    pub directory_version: u64,
    /// The nodes of the directory.
    pub peers: Vec<String>,
    /// Messages not yet delivered.
    pub pending: usize,
}

pub(crate) fn node_of(state: &AppState) -> Result<Node, ApiError> {
    state
        .node()
        .ok_or_else(|| ApiError::from(armtrace_node::NodeError::NotConfigured))
}

fn node_id(field: &str, text: &str) -> Result<NodeId, ApiError> {
    text.parse::<NodeId>()
        .map_err(|e| ApiError::new(ErrorCode::InvalidField, format!("{field}: {e}")).field(field))
}

/// Whether `caller` may see case `c` (points of contact: all; an investigator: the
/// cases they opened).
pub(crate) fn may_see(caller: &Caller, c: &TraceCase) -> bool {
    match caller.role {
        Role::PointOfContact => true,
        Role::Investigator => {
            c.direction == Direction::Outgoing
                && c.investigator.as_deref() == Some(caller.username.as_str())
        }
        _ => false,
    }
}

async fn load_visible(state: &AppState, caller: &Caller, id: &str) -> Result<TraceCase, ApiError> {
    let s = state.clone();
    let id2 = id.to_string();
    let case = blocking(move || Ok(tr::get(s.store(), &id2)?)).await;
    match case {
        Ok(c) if may_see(caller, &c) => Ok(c),
        Ok(_)
        | Err(ApiError {
            code: ErrorCode::TraceNotFound,
            ..
        }) => {
            crate::routes::log_line(state, caller.access("trace.view", id, "not_found")).await?;
            Err(ApiError::new(
                ErrorCode::TraceNotFound,
                format!("no trace case {id}"),
            ))
        }
        Err(e) => Err(e),
    }
}

/// The trace cases the caller may see, newest first.
#[utoipa::path(get, path = "/api/v1/traces", tag = "traces",
    responses((status = 200, body = Vec<Trace>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_traces(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<Trace>>, ApiError> {
    guard(&state, &caller, Action::ReadTraces).await?;
    let s = state.clone();
    let cases = blocking(move || Ok(tr::list(s.store())?)).await?;
    let out: Vec<Trace> = cases
        .iter()
        .filter(|c| may_see(&caller, c))
        .map(trace_out)
        .collect();
    crate::routes::log_line(
        &state,
        caller.access("trace.list", &format!("{} cases", out.len()), "ok"),
    )
    .await?;
    Ok(Json(out))
}

/// Opens a trace case: the domestic trace runs first and proposes whom to ask.
#[utoipa::path(post, path = "/api/v1/traces", tag = "traces", request_body = NewTrace,
    responses((status = 201, body = Trace),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn open_trace(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewTrace>,
) -> Result<Response, ApiError> {
    guard(&state, &caller, Action::OpenTrace).await?;
    let request = match body.request {
        serde_json::Value::Object(map) => TraceRequestBody::from_body(&map).map_err(|e| {
            let field = format!("request.{}", e.field);
            ApiError::new(ErrorCode::InvalidField, format!("{field}: {}", e.reason)).field(field)
        })?,
        _ => {
            return Err(
                ApiError::new(ErrorCode::InvalidField, "request: must be an object")
                    .field("request"),
            );
        }
    };
    let weapon = body
        .weapon
        .map(|w| crate::routes::parse_weapon_id(&w).map_err(|e| e.field("weapon")))
        .transpose()?;
    let s = state.clone();
    let by = caller.username.clone();
    let case = blocking(move || {
        if let Some(w) = weapon
            && s.store().weapon(w)?.is_none()
        {
            return Err(
                ApiError::new(ErrorCode::WeaponNotFound, format!("no weapon {w}")).field("weapon"),
            );
        }
        Ok(tr::open_searching(
            s.store(),
            Some(s.index()),
            tr::Opening { request, weapon },
            &by,
        )?)
    })
    .await?;
    crate::routes::log_line(&state, caller.access("trace.open", &case.id, "written")).await?;
    Ok((StatusCode::CREATED, Json(trace_out(&case))).into_response())
}

/// One trace case with every step. Logged.
#[utoipa::path(get, path = "/api/v1/traces/{id}", tag = "traces",
    params(("id" = String, Path, description = "Trace case id")),
    responses((status = 200, body = Trace),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn get_trace(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Trace>, ApiError> {
    guard(&state, &caller, Action::ReadTraces).await?;
    let case = load_visible(&state, &caller, &id).await?;
    crate::routes::log_line(&state, caller.access("trace.view", &id, "ok")).await?;
    Ok(Json(trace_out(&case)))
}

/// The point of contact sends an opened request to another State's point of contact.
#[utoipa::path(post, path = "/api/v1/traces/{id}/send", tag = "traces",
    params(("id" = String, Path, description = "Trace case id")), request_body = SendTo,
    responses((status = 200, body = Trace),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn send_trace(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SendTo>,
) -> Result<Json<Trace>, ApiError> {
    guard(&state, &caller, Action::ActAsPointOfContact).await?;
    let to = node_id("to", &body.to)?;
    load_visible(&state, &caller, &id).await?;
    let node = node_of(&state)?;
    let by = caller.username.clone();
    let id2 = id.clone();
    let case = blocking(move || Ok(node.send(&id2, &to, &by)?)).await?;
    crate::routes::log_line(&state, caller.access("trace.send", &id, "written")).await?;
    Ok(Json(trace_out(&case)))
}

/// The point of contact of the requested State decides on the drafted answer; the
/// answer leaves only then.
#[utoipa::path(post, path = "/api/v1/traces/{id}/decision", tag = "traces",
    params(("id" = String, Path, description = "Trace case id")), request_body = NewDecision,
    responses((status = 200, body = Trace),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn decide_trace(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewDecision>,
) -> Result<Json<Trace>, ApiError> {
    guard(&state, &caller, Action::ActAsPointOfContact).await?;
    let decision: Decision =
        serde_json::from_value(serde_json::Value::String(body.decision.clone())).map_err(|_| {
            ApiError::new(
                ErrorCode::InvalidField,
                format!(
                    "decision: '{}' is not one of approve, restrict, delay, decline",
                    body.decision
                ),
            )
            .field("decision")
        })?;
    let final_by = body
        .final_answer_by
        .as_deref()
        .map(|d| {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                ApiError::new(
                    ErrorCode::InvalidField,
                    format!("final_answer_by: '{d}' is not a date YYYY-MM-DD"),
                )
                .field("final_answer_by")
            })
        })
        .transpose()?;
    load_visible(&state, &caller, &id).await?;
    let node = node_of(&state)?;
    let by = caller.username.clone();
    let id2 = id.clone();
    let case = blocking(move || {
        Ok(node.decide(&id2, decision, body.reasons, final_by, body.conditions, &by)?)
    })
    .await?;
    crate::routes::log_line(&state, caller.access("trace.decide", &id, &body.decision)).await?;
    Ok(Json(trace_out(&case)))
}

/// Opens the follow-up of a case to the next State of the chain (named in its answer).
#[utoipa::path(post, path = "/api/v1/traces/{id}/follow-up", tag = "traces",
    params(("id" = String, Path, description = "Trace case id")), request_body = SendTo,
    responses((status = 201, body = Trace),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn follow_up_trace(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SendTo>,
) -> Result<Response, ApiError> {
    guard(&state, &caller, Action::ActAsPointOfContact).await?;
    let to = node_id("to", &body.to)?;
    load_visible(&state, &caller, &id).await?;
    let s = state.clone();
    let by = caller.username.clone();
    let id2 = id.clone();
    let case = blocking(move || Ok(tr::follow_up(s.store(), &id2, &to, &by)?)).await?;
    crate::routes::log_line(&state, caller.access("trace.follow_up", &id, "written")).await?;
    Ok((StatusCode::CREATED, Json(trace_out(&case))).into_response())
}

/// The weapon's supply chain assembled from the answers of the case's chain of
/// follow-ups, and where it left legal hands. Logged.
#[utoipa::path(get, path = "/api/v1/traces/{id}/chain", tag = "traces",
    params(("id" = String, Path, description = "Trace case id")),
    responses((status = 200, body = Vec<ChainLink>),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn trace_chain(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<ChainLink>>, ApiError> {
    guard(&state, &caller, Action::ReadTraces).await?;
    load_visible(&state, &caller, &id).await?;
    let s = state.clone();
    let id2 = id.clone();
    let me = state.node().map(|n| n.id().state());
    let links = blocking(move || {
        let me = match me {
            Some(m) => m,
            None => return Err(armtrace_node::NodeError::NotConfigured.into()),
        };
        Ok(tr::chain(s.store(), &id2, me)?)
    })
    .await?;
    crate::routes::log_line(&state, caller.access("trace.chain", &id, "ok")).await?;
    Ok(Json(links.into_iter().map(chain_out).collect()))
}

fn chain_out(l: tr::ChainLink) -> ChainLink {
    ChainLink {
        state: l.state.to_string(),
        what: l.what,
        date: l.date.map(|d| d.to_string()),
        party: l.party,
        other_state: l.other_state.map(|c| c.to_string()),
        document: l.document,
        source: l.source,
    }
}

/// This node: identity, key, directory, deliveries pending.
#[utoipa::path(get, path = "/api/v1/node", tag = "traces",
    responses((status = 200, body = NodeStatus),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub(crate) async fn node_status(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<NodeStatus>, ApiError> {
    guard(&state, &caller, Action::ReadTraces).await?;
    let node = node_of(&state)?;
    let n = node.clone();
    let pending = blocking(move || Ok(n.store().exchange().pending()?.len())).await?;
    let dir = node.directory();
    Ok(Json(NodeStatus {
        node: node.id().to_string(),
        office: node.config().office.clone(),
        inbox: node.config().inbox.clone(),
        kid: node.identity().kid().to_string(),
        directory_version: dir.version,
        peers: dir.entries.iter().map(|e| e.node.to_string()).collect(),
        pending,
    }))
}

fn reply(r: InboxReply) -> Response {
    let mut resp = (
        StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        r.body,
    )
        .into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(r.content_type),
    );
    if let Some(s) = r.retry_after
        && let Ok(v) = HeaderValue::from_str(&s.to_string())
    {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    if r.status == 401 {
        resp.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("armtrace-jws"),
        );
    }
    resp
}

/// `POST /exchange/v1/inbox`: an envelope from another node (`docs/exchange.md` §9).
pub(crate) async fn inbox(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let Some(node) = state.node() else {
        return reply(InboxReply::problem(
            503,
            "replay_store_unavailable",
            "this server is not a node of the exchange",
        ));
    };
    let body = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let size = headers
                .get(header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .map(|v| format!("{v} bytes"))
                .unwrap_or_else(|| "a body".into());
            let detail = format!(
                "{size}, larger than the {} bytes accepted: not read",
                armtrace_exchange::MAX_ENVELOPE_BYTES
            );
            return reply(node.refuse_unread(413, "oversized", detail).await);
        }
        Err(e) => {
            return reply(node.refuse_unread(400, "malformed", e.body_text()).await);
        }
    };
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    reply(node.receive(body.to_vec(), ct.as_deref()).await)
}

/// `GET /exchange/v1/node`: this node's directory entry, for the hub.
pub(crate) async fn own_entry(State(state): State<AppState>) -> Response {
    match state.node() {
        Some(node) => {
            let entry = node.entry();
            Json(serde_json::to_value(entry).unwrap_or_default()).into_response()
        }
        None => reply(InboxReply::problem(
            404,
            "not_a_node",
            "this server is not a node of the exchange",
        )),
    }
}
