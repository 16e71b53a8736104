//! Who is calling and what they may do.
//!
//! Two ways in: an API token (`Authorization: Bearer at_…`) for machines, or a browser
//! session (cookie `armtrace_session`, HttpOnly, Secure, SameSite=Strict, 256-bit random
//! id, idle and absolute timeouts). A session's state-changing requests (any method but
//! GET and HEAD) must carry the session's synchronizer token in `X-CSRF-Token`; a token
//! request carries no ambient credential and needs none.
//!
//! What each role may do is [`MATRIX`], one table.

use crate::AppState;
use crate::access_log::NewAccess;
use crate::error::{ApiError, ErrorCode, blocking};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Method, header};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The session cookie.
pub const SESSION_COOKIE: &str = "armtrace_session";
/// The header carrying a session's CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// An account's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Manages accounts; does not record.
    Administrator,
    /// Registers and records events.
    RegistryOfficer,
    /// Records licensing-related events.
    LicensingOfficer,
    /// Records stockpile events (issue, return, surplus, destruction).
    StockpileManager,
    /// Reads and searches, for tracing.
    Investigator,
    /// The national point of contact for tracing requests: reads and searches.
    PointOfContact,
    /// Reads everything, including the access log; changes nothing.
    Auditor,
}

impl Role {
    /// Every role.
    pub const ALL: &'static [Role] = &[
        Role::Administrator,
        Role::RegistryOfficer,
        Role::LicensingOfficer,
        Role::StockpileManager,
        Role::Investigator,
        Role::PointOfContact,
        Role::Auditor,
    ];

    /// The machine name.
    pub fn name(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::RegistryOfficer => "registry_officer",
            Role::LicensingOfficer => "licensing_officer",
            Role::StockpileManager => "stockpile_manager",
            Role::Investigator => "investigator",
            Role::PointOfContact => "point_of_contact",
            Role::Auditor => "auditor",
        }
    }

    /// Reads a machine name.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.name() == name)
    }
}

/// Something a request does, as the authorization matrix knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read one weapon record, or look weapons up by serial.
    ReadWeapon,
    /// Search markings.
    Search,
    /// Read the registry's counts and head.
    ReadStats,
    /// List holders.
    ReadHolders,
    /// Record an event on a weapon.
    RecordEvent,
    /// Register a new weapon.
    RegisterWeapon,
    /// Import CSV files (holders, weapons, events).
    Import,
    /// Verify the ledger and projections.
    Verify,
    /// Read the access log.
    ReadAccessLog,
    /// Create accounts.
    ManageAccounts,
    /// Issue an API token for oneself.
    IssueToken,
    /// Read trace cases (an investigator: only those they opened).
    ReadTraces,
    /// Open a trace request (from a weapon record or from markings).
    OpenTrace,
    /// Send a trace request, follow one up, or decide on an answer: the point of
    /// contact's acts.
    ActAsPointOfContact,
}

use Role::*;

/// The authorization matrix: for each action, the roles allowed. Every other
/// authenticated role gets 403; no credentials, 401. `openapi.json` and `login` are
/// public; `logout` needs any session.
pub const MATRIX: &[(Action, &[Role])] = &[
    (Action::ReadTraces, &[Investigator, PointOfContact]),
    (Action::OpenTrace, &[Investigator, PointOfContact]),
    (Action::ActAsPointOfContact, &[PointOfContact]),
    (
        Action::ReadWeapon,
        &[
            Administrator,
            RegistryOfficer,
            LicensingOfficer,
            StockpileManager,
            Investigator,
            PointOfContact,
            Auditor,
        ],
    ),
    (
        Action::Search,
        &[
            Administrator,
            RegistryOfficer,
            LicensingOfficer,
            StockpileManager,
            Investigator,
            PointOfContact,
            Auditor,
        ],
    ),
    (
        Action::ReadStats,
        &[
            Administrator,
            RegistryOfficer,
            LicensingOfficer,
            StockpileManager,
            Investigator,
            PointOfContact,
            Auditor,
        ],
    ),
    (
        Action::ReadHolders,
        &[
            Administrator,
            RegistryOfficer,
            LicensingOfficer,
            StockpileManager,
            Investigator,
            PointOfContact,
            Auditor,
        ],
    ),
    (
        Action::RecordEvent,
        &[RegistryOfficer, LicensingOfficer, StockpileManager],
    ),
    (Action::RegisterWeapon, &[RegistryOfficer]),
    (Action::Import, &[RegistryOfficer]),
    (Action::Verify, &[Administrator, RegistryOfficer, Auditor]),
    (Action::ReadAccessLog, &[Administrator, Auditor]),
    (Action::ManageAccounts, &[Administrator]),
    (
        Action::IssueToken,
        &[
            Administrator,
            RegistryOfficer,
            LicensingOfficer,
            StockpileManager,
            Investigator,
            PointOfContact,
            Auditor,
        ],
    ),
];

/// Whether `role` may do `action` (by [`MATRIX`]).
pub fn allows(role: Role, action: Action) -> bool {
    MATRIX
        .iter()
        .any(|(a, roles)| *a == action && roles.contains(&role))
}

/// How the caller proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// An API token.
    Token,
    /// A browser session (hash of its id).
    Session(String),
}

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Account name.
    pub username: String,
    /// Its role.
    pub role: Role,
    /// How.
    pub via: Via,
    /// The client's address.
    pub client: String,
}

/// A browser session.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub username: String,
    pub role: Role,
    /// The language of its pages.
    pub lang: Option<armtrace_i18n::Lang>,
    pub csrf: String,
    pub created: Instant,
    pub last_seen: Instant,
}

/// Live browser sessions, by SHA-256 of their id (a leaked memory dump does not give
/// usable ids). Kept in memory: a restart logs everyone out.
#[derive(Debug, Default)]
pub(crate) struct Sessions(Mutex<HashMap<String, Session>>);

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Starts a session in a language (its pages'); returns its id and CSRF token. What
    /// the account is scoped to is read from the account on every request, not kept here.
    pub fn start(
        &self,
        username: &str,
        role: Role,
        lang: Option<armtrace_i18n::Lang>,
    ) -> (String, String) {
        let id = crate::accounts::random_secret();
        let csrf = crate::accounts::random_secret();
        let now = Instant::now();
        self.lock().insert(
            crate::accounts::digest(&id),
            Session {
                username: username.to_string(),
                role,
                lang,
                csrf: csrf.clone(),
                created: now,
                last_seen: now,
            },
        );
        (id, csrf)
    }

    /// The live session of `key` (an id's hash), touched; expired ones are dropped.
    pub fn get(&self, key: &str, idle: Duration, absolute: Duration) -> Option<Session> {
        let now = Instant::now();
        let mut map = self.lock();
        map.retain(|_, s| {
            now.duration_since(s.last_seen) < idle && now.duration_since(s.created) < absolute
        });
        let s = map.get_mut(key)?;
        s.last_seen = now;
        Some(s.clone())
    }

    /// Changes a session's language.
    pub fn set_lang(&self, key: &str, lang: armtrace_i18n::Lang) {
        if let Some(s) = self.lock().get_mut(key) {
            s.lang = Some(lang);
        }
    }

    /// Ends a session.
    pub fn end(&self, key: &str) {
        self.lock().remove(key);
    }
}

#[derive(Debug, Clone, Copy)]
struct Attempts {
    failures: u32,
    next_try: Instant,
    locked_until: Option<Instant>,
}

/// Failed logins by account name (tried names too, so that probing unknown names is
/// slowed the same way).
#[derive(Debug, Default)]
pub(crate) struct LoginThrottle(Mutex<HashMap<String, Attempts>>);

impl LoginThrottle {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Attempts>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Refuses a login attempt while the name is locked out or backing off.
    pub fn check(&self, name: &str) -> Result<(), ApiError> {
        let now = Instant::now();
        let Some(a) = self.lock().get(&name.to_lowercase()).copied() else {
            return Ok(());
        };
        let wait = |until: Instant| until.saturating_duration_since(now).as_secs().max(1);
        if let Some(until) = a.locked_until
            && until > now
        {
            let mut e = ApiError::new(
                ErrorCode::AccountLocked,
                "too many failed logins: this account is locked for a while",
            );
            e.retry_after = Some(wait(until));
            return Err(e);
        }
        if a.next_try > now {
            let mut e = ApiError::new(
                ErrorCode::LoginBackoff,
                "a login failed just now: wait before trying again",
            );
            e.retry_after = Some(wait(a.next_try));
            return Err(e);
        }
        Ok(())
    }

    /// Counts a failure; returns whether the name is now locked out.
    pub fn failed(&self, name: &str, max: u32, backoff: Duration, lockout: Duration) -> bool {
        let now = Instant::now();
        let mut map = self.lock();
        let a = map.entry(name.to_lowercase()).or_insert(Attempts {
            failures: 0,
            next_try: now,
            locked_until: None,
        });
        if a.locked_until.is_some_and(|u| u <= now) {
            a.failures = 0;
            a.locked_until = None;
        }
        a.failures += 1;
        let doubling = 2u32.saturating_pow(a.failures.saturating_sub(1).min(16));
        a.next_try = now + backoff.saturating_mul(doubling);
        if a.failures >= max {
            a.locked_until = Some(now + lockout);
            return true;
        }
        false
    }

    /// Forgets the failures after a successful login.
    pub fn succeeded(&self, name: &str) {
        self.lock().remove(&name.to_lowercase());
    }
}

/// The client address of a request (`unknown` without connection info).
pub(crate) fn client_of(parts: &Parts) -> String {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// The value of cookie `name` in a request's `Cookie` headers.
pub(crate) fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            let (n, value) = c.trim().split_once('=')?;
            (n == name && !value.is_empty()).then(|| value.to_string())
        })
}

/// The session id in a `Cookie` header.
pub(crate) fn session_cookie(parts: &Parts) -> Option<String> {
    cookie(parts, SESSION_COOKIE)
}

/// Compares without stopping at the first difference.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let client = client_of(parts);
        let unauthenticated = |m: &str| ApiError::new(ErrorCode::Unauthenticated, m);
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(|t| t.trim().to_string())
                .ok_or_else(|| unauthenticated("use Authorization: Bearer <token>"))?;
            // A token found before is recognised without reading the tables (a quick check
            // that the server database is unchanged), on this thread.
            let found = match state.accounts().token_account_cached(&token)? {
                Some(found) => Some(found),
                None => {
                    let accounts = state.clone();
                    blocking(move || Ok(accounts.accounts().token_account(&token)?)).await?
                }
            };
            let (username, role) =
                found.ok_or_else(|| unauthenticated("the API token is not valid"))?;
            return Ok(Caller {
                username,
                role,
                via: Via::Token,
                client,
            });
        }
        let id =
            session_cookie(parts).ok_or_else(|| unauthenticated("log in, or send an API token"))?;
        let key = crate::accounts::digest(&id);
        let config = state.config();
        let session = state
            .sessions()
            .get(&key, config.idle_timeout, config.absolute_timeout)
            .ok_or_else(|| unauthenticated("the session has expired: log in again"))?;
        if parts.method != Method::GET && parts.method != Method::HEAD {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !same_secret(sent, &session.csrf) {
                return Err(ApiError::new(
                    ErrorCode::CsrfTokenInvalid,
                    "send the session's CSRF token in the X-CSRF-Token header",
                ));
            }
        }
        Ok(Caller {
            username: session.username,
            role: session.role,
            via: Via::Session(key),
            client,
        })
    }
}

impl Caller {
    /// The access log line of something this caller did.
    pub(crate) fn access(&self, action: &str, target: &str, outcome: &str) -> NewAccess {
        NewAccess {
            actor: self.username.clone(),
            action: action.to_string(),
            target: target.to_string(),
            client: self.client.clone(),
            outcome: outcome.to_string(),
        }
    }
}

/// Refuses `action` to a caller whose role may not do it (the refusal is logged).
pub(crate) async fn guard(
    state: &AppState,
    caller: &Caller,
    action: Action,
) -> Result<(), ApiError> {
    if allows(caller.role, action) {
        return Ok(());
    }
    let line = caller.access(&format!("{action:?}"), "-", "denied");
    let s = state.clone();
    blocking(move || Ok(s.log_access(&line)?)).await?;
    Err(ApiError::new(
        ErrorCode::Forbidden,
        format!(
            "the role {} may not do this ({action:?})",
            caller.role.name()
        ),
    ))
}
