//! The handlers of `/api/v1` and the router that documents them: every route is added
//! through `utoipa_axum::routes!`, which takes its method and path from the handler's
//! `#[utoipa::path]`, so the OpenAPI document cannot leave a route out.

use crate::AppState;
use crate::api::{self, ErrorBody};
use crate::auth::{self, Action, Caller, Role, Via, guard};
use crate::error::{ApiError, ErrorCode, blocking};
use crate::extract::{ApiJson, ApiQuery};
use armtrace_domain::WeaponId;
use armtrace_search::parse_query;
use axum::extract::{DefaultBodyLimit, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use std::sync::Arc;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "armtrace API",
        description = "The registry of small arms and light weapons: records, search, \
                       accounts and the access log. See docs/api.md."
    ),
    modifiers(&SecuritySchemes),
    security(("bearer" = []), ("session" = []))
)]
struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(auth::SESSION_COOKIE))),
        );
    }
}

/// The client address, for handlers that run before anyone is authenticated.
struct ClientAddr(String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(auth::client_of(parts)))
    }
}

pub(crate) fn router(state: AppState) -> axum::Router {
    let limit = state.config().body_limit;
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(get_weapon))
        .routes(routes!(find_weapons))
        .routes(routes!(record_event))
        .routes(routes!(register_weapon))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(import_csv))
                .layer(DefaultBodyLimit::max(crate::web::IMPORT_LIMIT)),
        )
        .routes(routes!(search))
        .routes(routes!(stats))
        .routes(routes!(holders))
        .routes(routes!(verify))
        .routes(routes!(access_log))
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(create_account))
        .routes(routes!(create_token))
        .routes(routes!(
            crate::traces::list_traces,
            crate::traces::open_trace
        ))
        .routes(routes!(crate::traces::get_trace))
        .routes(routes!(crate::traces::send_trace))
        .routes(routes!(crate::traces::decide_trace))
        .routes(routes!(crate::traces::follow_up_trace))
        .routes(routes!(crate::traces::trace_chain))
        .routes(routes!(crate::traces::node_status))
        .routes(routes!(openapi_json))
        .split_for_parts();
    openapi.info.version = env!("CARGO_PKG_VERSION").to_string();
    let document = Arc::new(serde_json::to_value(&openapi).unwrap_or_default());
    // The exchange's inbox: the protocol of docs/exchange.md, not the officer API.
    let exchange = axum::Router::new()
        .route(
            "/exchange/v1/inbox",
            axum::routing::post(crate::traces::inbox)
                .layer(DefaultBodyLimit::max(armtrace_exchange::MAX_ENVELOPE_BYTES)),
        )
        .route(
            "/exchange/v1/node",
            axum::routing::get(crate::traces::own_entry),
        );
    router
        .merge(exchange)
        .merge(crate::web::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(Extension(document))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

async fn not_found(page: crate::web::Page) -> Response {
    if page.path.starts_with("/api/") {
        ApiError::new(ErrorCode::NotFound, "no such route").into_response()
    } else {
        crate::web::not_found(page).await
    }
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "this route does not take this method",
    )
}

pub(crate) async fn log_line(
    state: &AppState,
    line: crate::access_log::NewAccess,
) -> Result<(), ApiError> {
    log(state, line).await
}

async fn log(state: &AppState, line: crate::access_log::NewAccess) -> Result<(), ApiError> {
    let s = state.clone();
    blocking(move || Ok(s.log_access(&line).map(|_| ())?)).await
}

pub(crate) fn parse_weapon_id(text: &str) -> Result<WeaponId, ApiError> {
    weapon_id(text)
}

fn weapon_id(text: &str) -> Result<WeaponId, ApiError> {
    text.parse::<WeaponId>().map_err(|_| {
        ApiError::new(
            ErrorCode::InvalidWeaponId,
            format!("'{text}' is not a weapon id (UUID)"),
        )
        .field("id")
    })
}

/// The OpenAPI document of this API.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta", security(()),
    responses((status = 200, description = "The OpenAPI 3.1 document")))]
async fn openapi_json(
    Extension(doc): Extension<Arc<serde_json::Value>>,
) -> Json<serde_json::Value> {
    Json(doc.as_ref().clone())
}

/// A weapon record: description, markings, status, holder and history. Logged.
#[utoipa::path(get, path = "/api/v1/weapons/{id}", tag = "weapons",
    params(("id" = String, Path, format = Uuid, description = "Weapon id (UUID)")),
    responses(
        (status = 200, body = api::Weapon),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_weapon(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<api::Weapon>, ApiError> {
    guard(&state, &caller, Action::ReadWeapon).await?;
    let id = weapon_id(&id)?;
    let s = state.clone();
    let line = |outcome: &str| caller.access("weapon.read", &id.to_string(), outcome);
    let (ok, not_found) = (line("ok"), line("not_found"));
    // Read and logged in one blocking task: the line is durable before the answer.
    let found = blocking(move || {
        let store = s.store();
        let Some(w) = store.weapon(id)? else {
            s.log_access(&not_found)?;
            return Ok(None);
        };
        let entries = store.history(id)?;
        let holders = store.holders_by_id(&api::holders_named(&w, &entries))?;
        let record = api::weapon(&w, &entries, &holders).map_err(ApiError::internal)?;
        s.log_access(&ok)?;
        Ok(Some(record))
    })
    .await?;
    found
        .map(Json)
        .ok_or_else(|| ApiError::new(ErrorCode::WeaponNotFound, format!("no weapon {id}")))
}

/// Weapons with this serial. Logged.
#[utoipa::path(get, path = "/api/v1/weapons", tag = "weapons", params(api::SerialParams),
    responses((status = 200, body = api::WeaponList),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
async fn find_weapons(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(p): ApiQuery<api::SerialParams>,
) -> Result<Json<api::WeaponList>, ApiError> {
    guard(&state, &caller, Action::ReadWeapon).await?;
    let s = state.clone();
    let serial = p.serial.clone();
    let rows = blocking(move || Ok(s.store().weapons_by_serial(&serial)?)).await?;
    let ids: Vec<String> = rows.iter().map(|w| w.id.to_string()).collect();
    let target = format!("serial={} -> [{}]", p.serial, ids.join(","));
    log(&state, caller.access("weapon.lookup", &target, "ok")).await?;
    Ok(Json(api::WeaponList {
        weapons: rows.iter().map(api::summary).collect(),
    }))
}

/// Records one event on a weapon, through the same rules as an import.
#[utoipa::path(post, path = "/api/v1/weapons/{id}/events", tag = "weapons",
    params(("id" = String, Path, format = Uuid, description = "Weapon id (UUID)")),
    request_body = api::NewEvent,
    responses(
        (status = 201, body = api::EventRecorded, description = "Recorded"),
        (status = 200, body = api::EventRecorded, description = "Recorded before; nothing written"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn record_event(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<api::NewEvent>,
) -> Result<Response, ApiError> {
    guard(&state, &caller, Action::RecordEvent).await?;
    let id = weapon_id(&id)?;
    let s = state.clone();
    let author = caller.username.clone();
    let result = blocking(move || {
        let agency = s.accounts().info(&author)?.and_then(|a| a.agency);
        Ok(crate::recording::record_event(
            &s,
            &author,
            agency.as_deref(),
            id,
            &body,
        ))
    })
    .await?;
    let (outcome, target) = match &result {
        Ok(r) if r.already_present => ("already_present", format!("{id} event {}", r.event_id)),
        Ok(r) => ("written", format!("{id} event {}", r.event_id)),
        Err(e) => (e.code.as_str(), id.to_string()),
    };
    log(&state, caller.access("event.record", &target, outcome)).await?;
    let recorded = result?;
    let status = if recorded.already_present {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(recorded)).into_response())
}

/// Registers a weapon, through the same rules as an import. A weapon already registered
/// under the same markings is named, and nothing is written.
#[utoipa::path(post, path = "/api/v1/weapons", tag = "weapons",
    request_body = api::NewWeapon,
    responses(
        (status = 201, body = api::WeaponRegistered, description = "Registered"),
        (status = 200, body = api::WeaponRegistered, description = "Registered before; nothing written"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn register_weapon(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<api::NewWeapon>,
) -> Result<Response, ApiError> {
    guard(&state, &caller, Action::RegisterWeapon).await?;
    let s = state.clone();
    let author = caller.username.clone();
    let result = blocking(move || {
        let agency = s.accounts().info(&author)?.and_then(|a| a.agency);
        let fields = api::weapon_fields(&body);
        let refs: Vec<(&str, &str)> = fields.iter().map(|(c, v)| (*c, v.as_str())).collect();
        Ok(crate::recording::register_weapon(
            &s,
            &author,
            agency.as_deref(),
            &refs,
        ))
    })
    .await?;
    let (outcome, target) = match &result {
        Ok(r) if r.seq.is_none() => ("already_present", r.weapon.to_string()),
        Ok(r) => ("written", r.weapon.to_string()),
        Err(e) => (e.code.as_str(), "-".to_string()),
    };
    log(&state, caller.access("weapon.register", &target, outcome)).await?;
    let r = result?;
    let status = if r.seq.is_some() {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let out = api::WeaponRegistered {
        weapon_id: r.weapon.to_string(),
        seq: r.seq,
        already_present: r.seq.is_none(),
    };
    Ok((status, Json(out)).into_response())
}

/// Imports a CSV file (`holders`, `weapons` or `events`, the formats of
/// docs/import-format.md) with the importer's checks: valid rows are stored, invalid rows
/// are answered with their row, column, value and rule; importing it again adds nothing.
/// For accounts of the whole registry (not scoped to one agency).
#[utoipa::path(post, path = "/api/v1/imports/{kind}", tag = "registry",
    params(("kind" = String, Path, description = "holders, weapons or events")),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = api::ImportOut),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn import_csv(
    State(state): State<AppState>,
    caller: Caller,
    Path(kind): Path<String>,
    headers: axum::http::HeaderMap,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<api::ImportOut>, ApiError> {
    use armtrace_bulk::import::{FileKind, ImportError, ImportOptions, import_file};
    guard(&state, &caller, Action::Import).await?;
    let kind = match kind.as_str() {
        "holders" => FileKind::Holders,
        "weapons" => FileKind::Weapons,
        "events" => FileKind::Events,
        _ => {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!("'{kind}' is not a file kind: use holders, weapons or events"),
            )
            .field("kind"));
        }
    };
    let is_csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("text/csv"));
    if !is_csv {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "send the file as the body with Content-Type: text/csv",
        ));
    }
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                ErrorCode::BodyTooLarge,
                "the file is larger than 256 MiB: split it",
            )
        } else {
            ApiError::new(ErrorCode::InvalidParameter, e.body_text())
        }
    })?;
    let s = state.clone();
    let author = caller.username.clone();
    let report = blocking(move || {
        if s.accounts().info(&author)?.and_then(|a| a.agency).is_some() {
            return Ok(Err(ApiError::new(
                ErrorCode::OutsideAgency,
                "importing is for accounts of the whole registry, not scoped to one agency",
            )));
        }
        let dir = tempfile::tempdir().map_err(ApiError::internal)?;
        let path = dir.path().join("upload.csv");
        std::fs::write(&path, &body).map_err(ApiError::internal)?;
        let mut opts = ImportOptions::new(&author);
        opts.rejects = Some(dir.path().join("rejected.csv"));
        match import_file(s.store(), kind, &path, &opts, &mut |_| {}) {
            Ok(r) => {
                s.index_catch_up()?;
                Ok(Ok(r))
            }
            Err(e @ (ImportError::Header { .. } | ImportError::Csv { .. })) => {
                let message = e
                    .to_string()
                    .replacen(&format!("{}: ", path.display()), "", 1);
                Ok(Err(
                    ApiError::new(ErrorCode::InvalidField, message).field("body")
                ))
            }
            Err(ImportError::Store(e)) => Err(e.into()),
            Err(e) => Err(ApiError::internal(e)),
        }
    })
    .await?;
    let target = match &report {
        Ok(r) => format!(
            "{} rows, {} written, {} already present, {} rejected",
            r.rows, r.written, r.already_present, r.rejected
        ),
        Err(_) => "-".into(),
    };
    let outcome = match &report {
        Ok(_) => "ok",
        Err(e) => e.code.as_str(),
    };
    log(&state, caller.access("import", &target, outcome)).await?;
    Ok(Json(api::import_out(&report?)))
}

/// Marking search, with the reasons of each hit. Logged (the query).
#[utoipa::path(get, path = "/api/v1/search", tag = "weapons", params(api::SearchParams),
    responses((status = 200, body = api::SearchResult),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
async fn search(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(p): ApiQuery<api::SearchParams>,
) -> Result<Json<api::SearchResult>, ApiError> {
    guard(&state, &caller, Action::Search).await?;
    let limit = p.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(
            ApiError::new(ErrorCode::InvalidParameter, "limit must be 1 to 100").field("limit"),
        );
    }
    let query = parse_query(&p.q)
        .map_err(|e| ApiError::new(ErrorCode::InvalidQuery, e.to_string()).field("q"))?;
    let s = state.clone();
    let offset = p.offset.unwrap_or(0);
    let line = caller.access("search", &format!("q={}", p.q), "ok");
    // Searched and logged in one blocking task: the line is durable before the answer.
    let found = blocking(move || {
        // The index is locked only to catch up (when the ledger has moved) and to be
        // searched; the weapons found are read from the store after.
        let head = s.store().head()?.0;
        let hits = {
            let mut index = s.index().lock().unwrap_or_else(|p| p.into_inner());
            if index.position() != head {
                index.catch_up()?;
            }
            index.hits(&query, limit, offset)
        };
        let found = armtrace_index::found(s.store(), hits)?;
        s.log_access(&line)?;
        Ok(found)
    })
    .await?;
    Ok(Json(api::SearchResult {
        query: p.q,
        hits: found.iter().map(api::hit).collect(),
    }))
}

/// Counts and the ledger head.
#[utoipa::path(get, path = "/api/v1/stats", tag = "registry",
    responses((status = 200, body = api::Stats),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn stats(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<api::Stats>, ApiError> {
    guard(&state, &caller, Action::ReadStats).await?;
    let s = state.clone();
    let (c, head) = blocking(move || Ok((s.store().counts()?, s.store().head()?))).await?;
    Ok(Json(api::stats(&c, head)))
}

/// Every holder.
#[utoipa::path(get, path = "/api/v1/holders", tag = "registry",
    responses((status = 200, body = api::HolderList),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn holders(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<api::HolderList>, ApiError> {
    guard(&state, &caller, Action::ReadHolders).await?;
    let s = state.clone();
    let hs = blocking(move || Ok(s.store().holders()?)).await?;
    Ok(Json(api::holders(&hs)))
}

/// Walks the ledger chain and derives every projection again.
#[utoipa::path(get, path = "/api/v1/verify", tag = "registry",
    responses((status = 200, body = api::VerifyOut),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn verify(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<api::VerifyOut>, ApiError> {
    guard(&state, &caller, Action::Verify).await?;
    let s = state.clone();
    let report = blocking(move || Ok(s.store().verify(&mut |_| {})?)).await?;
    let outcome = if report.is_intact() {
        "intact"
    } else {
        "not_intact"
    };
    log(&state, caller.access("verify", "ledger", outcome)).await?;
    Ok(Json(api::verify(&report)))
}

/// The access log, with a check of its whole chain.
#[utoipa::path(get, path = "/api/v1/access-log", tag = "audit", params(api::PageParams),
    responses((status = 200, body = api::AccessLog),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
async fn access_log(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(p): ApiQuery<api::PageParams>,
) -> Result<Json<api::AccessLog>, ApiError> {
    guard(&state, &caller, Action::ReadAccessLog).await?;
    let limit = p.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(
            ApiError::new(ErrorCode::InvalidParameter, "limit must be 1 to 1000").field("limit"),
        );
    }
    let after = p.after.unwrap_or(0);
    log(
        &state,
        caller.access("access_log.read", &format!("after={after}"), "ok"),
    )
    .await?;
    let s = state.clone();
    let (lines, check) = blocking(move || {
        Ok((
            crate::access_log::read(s.store(), after, limit)?,
            crate::access_log::verify(s.store())?,
        ))
    })
    .await?;
    Ok(Json(api::AccessLog {
        intact: check.problem.is_none(),
        problem: check.problem,
        total: check.entries,
        head_hash: check.head.1,
        entries: lines.iter().map(api::access_line).collect(),
    }))
}

fn session_cookie(id: &str, max_age: u64) -> Result<HeaderValue, ApiError> {
    HeaderValue::from_str(&format!(
        "{}={id}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={max_age}",
        auth::SESSION_COOKIE
    ))
    .map_err(ApiError::internal)
}

/// Starts a browser session (cookie) and returns its CSRF token. Failed logins back off
/// and then lock the account name out for a while.
#[utoipa::path(post, path = "/api/v1/login", tag = "auth", security(()),
    request_body = api::LoginIn,
    responses((status = 200, body = api::LoginOut),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<api::LoginIn>,
) -> Result<Response, ApiError> {
    let line = |action: &str, outcome: &str| crate::access_log::NewAccess {
        actor: body.username.clone(),
        action: action.to_string(),
        target: "-".into(),
        client: client.clone(),
        outcome: outcome.to_string(),
    };
    if let Err(e) = state.logins().check(&body.username) {
        log(&state, line("login", e.code.as_str())).await?;
        return Err(e);
    }
    let s = state.clone();
    let (u, p) = (body.username.clone(), body.password.clone());
    let role = blocking(move || Ok(s.accounts().check_password(&u, &p)?)).await?;
    let config = state.config();
    let Some(role) = role else {
        let locked = state.logins().failed(
            &body.username,
            config.max_failed_logins,
            config.login_backoff,
            config.lockout,
        );
        let outcome = if locked { "failed_locked" } else { "failed" };
        log(&state, line("login", outcome)).await?;
        return Err(ApiError::new(
            ErrorCode::InvalidCredentials,
            "wrong account name or password",
        ));
    };
    state.logins().succeeded(&body.username);
    let (id, csrf) = state.sessions().start(&body.username, role, None);
    log(&state, line("login", "ok")).await?;
    let out = api::LoginOut {
        username: body.username.clone(),
        role: role.name().into(),
        csrf_token: csrf,
        idle_timeout_seconds: config.idle_timeout.as_secs(),
        absolute_timeout_seconds: config.absolute_timeout.as_secs(),
    };
    let mut response = Json(out).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(&id, config.absolute_timeout.as_secs())?,
    );
    Ok(response)
}

/// Ends the caller's browser session (needs its CSRF token).
#[utoipa::path(post, path = "/api/v1/logout", tag = "auth",
    responses((status = 204, description = "Logged out"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn logout(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    if let Via::Session(key) = &caller.via {
        state.sessions().end(key);
    }
    log(&state, caller.access("logout", "-", "ok")).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie("", 0)?);
    Ok(response)
}

/// Creates an account (administrators only).
#[utoipa::path(post, path = "/api/v1/accounts", tag = "auth",
    request_body = api::NewAccount,
    responses((status = 201, body = api::AccountOut),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_account(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<api::NewAccount>,
) -> Result<Response, ApiError> {
    guard(&state, &caller, Action::ManageAccounts).await?;
    let role = Role::parse(&body.role).ok_or_else(|| {
        let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
        ApiError::new(
            ErrorCode::InvalidField,
            format!(
                "'{}' is not a role: use one of {}",
                body.role,
                names.join(", ")
            ),
        )
        .field("role")
    })?;
    let s = state.clone();
    let (u, p) = (body.username.clone(), body.password.clone());
    let created = blocking(move || {
        use crate::accounts::AccountError as E;
        match s.accounts().create(&u, role, &p) {
            Ok(()) => Ok(Ok(())),
            Err(e @ E::Exists(_)) => {
                Ok(Err(
                    ApiError::new(ErrorCode::AccountExists, e.to_string()).field("username")
                ))
            }
            Err(e @ E::InvalidName) => {
                Ok(Err(
                    ApiError::new(ErrorCode::InvalidField, e.to_string()).field("username")
                ))
            }
            Err(e @ E::WeakPassword) => {
                Ok(Err(
                    ApiError::new(ErrorCode::InvalidField, e.to_string()).field("password")
                ))
            }
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    let outcome = match &created {
        Ok(()) => "ok",
        Err(e) => e.code.as_str(),
    };
    let target = format!("{} as {}", body.username, role.name());
    log(&state, caller.access("account.create", &target, outcome)).await?;
    created?;
    Ok((
        StatusCode::CREATED,
        Json(api::AccountOut {
            username: body.username,
            role: role.name().into(),
        }),
    )
        .into_response())
}

/// Issues an API token for the caller's own account; the token is shown once.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "auth",
    request_body = api::NewToken,
    responses((status = 201, body = api::TokenOut),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<api::NewToken>,
) -> Result<Response, ApiError> {
    guard(&state, &caller, Action::IssueToken).await?;
    if body.label.trim().is_empty() || body.label.chars().count() > 200 {
        return Err(
            ApiError::new(ErrorCode::InvalidField, "a label is 1 to 200 characters").field("label"),
        );
    }
    let s = state.clone();
    let (u, l) = (caller.username.clone(), body.label.clone());
    let token = blocking(move || Ok(s.accounts().issue_token(&u, &l)?)).await?;
    log(&state, caller.access("token.issue", &body.label, "ok")).await?;
    Ok((
        StatusCode::CREATED,
        Json(api::TokenOut {
            token,
            label: body.label,
        }),
    )
        .into_response())
}
