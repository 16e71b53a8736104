//! armtrace's HTTP server: the JSON API under `/api/v1` with its OpenAPI document
//! (generated from the handlers, served at `/api/v1/openapi.json`), local accounts with
//! roles, browser sessions and API tokens, and a hash-chained access log of every read of
//! a weapon record and every change.
//!
//! Invariants:
//! - every record goes through [`armtrace_store::Store::apply`], exactly as an import does:
//!   the server holds no registry rule of its own;
//! - what goes over HTTP are the wire types of [`api`], converted by hand from domain types;
//! - who may do what is one table, [`auth::MATRIX`]; a handler asks it before it reads or
//!   changes anything;
//! - every error is `{ "error": { "code", "message", "field" } }` with a 4xx status when
//!   the request is at fault; a refused request changes nothing.
//!
//! The store API is blocking: handlers call it inside [`tokio::task::spawn_blocking`].
#![deny(missing_docs)]

pub mod access_log;
pub mod accounts;
pub mod api;
pub mod auth;
mod error;
mod extract;
pub mod recording;
mod routes;
pub mod tls;
pub mod traces;
mod web;

pub use error::{ApiError, ErrorCode};

use accounts::AccountStore;
use armtrace_index::SearchIndex;
use armtrace_store::{Location, Store};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The registry store: a SQLite path, `sqlite:PATH` or a `postgres://` URL.
    pub store: String,
    /// The search index file; beside a SQLite store (`FILE.search`) when `None`, in memory
    /// only for a PostgreSQL store.
    pub index: Option<PathBuf>,
    /// The server's own SQLite file: accounts, API tokens and the access log.
    pub server_db: PathBuf,
    /// A browser session ends after this long without a request (30 minutes).
    pub idle_timeout: Duration,
    /// A browser session ends this long after login, however busy (12 hours).
    pub absolute_timeout: Duration,
    /// Failed logins in a row after which an account name is locked out (5).
    pub max_failed_logins: u32,
    /// How long a lock-out lasts (15 minutes).
    pub lockout: Duration,
    /// The wait after the first failed login, doubled after each further one (1 second).
    pub login_backoff: Duration,
    /// The largest request body accepted, in bytes (64 KiB).
    pub body_limit: usize,
    /// The outbox's first retry delay (doubled each time, up to an hour): 2 seconds.
    pub retry_base: Duration,
    /// A CA certificate file (PEM) to trust for peers' TLS, besides the Web PKI roots.
    pub peer_ca: Option<PathBuf>,
}

impl ServerConfig {
    /// The defaults, for a store and the server's own database file.
    pub fn new(store: &str, server_db: PathBuf) -> ServerConfig {
        ServerConfig {
            store: store.to_string(),
            index: None,
            server_db,
            idle_timeout: Duration::from_secs(30 * 60),
            absolute_timeout: Duration::from_secs(12 * 60 * 60),
            max_failed_logins: 5,
            lockout: Duration::from_secs(15 * 60),
            login_backoff: Duration::from_secs(1),
            body_limit: 64 * 1024,
            retry_base: Duration::from_secs(2),
            peer_ca: None,
        }
    }
}

/// The server could not start or stopped on a failure.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The store could not be opened.
    #[error("store: {0}")]
    Store(#[from] armtrace_store::StoreError),
    /// The search index could not be opened.
    #[error("search index: {0}")]
    Index(#[from] armtrace_index::IndexError),
    /// The server's own database failed.
    #[error("server database: {0}")]
    Accounts(#[from] accounts::AccountError),
    /// Serving failed.
    #[error("serving: {0}")]
    Io(#[from] std::io::Error),
    /// The exchange node could not be opened.
    #[error("exchange node: {0}")]
    Node(#[from] armtrace_node::NodeError),
    /// A file named in the configuration could not be read.
    #[error("{0}")]
    Config(String),
    /// A blocking task panicked or was cancelled.
    #[error("a background task failed: {0}")]
    Task(String),
}

/// What every request handler shares. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: ServerConfig,
    store: Store,
    index: Arc<Mutex<SearchIndex>>,
    accounts: AccountStore,
    sessions: auth::Sessions,
    logins: auth::LoginThrottle,
    imports: web::ImportJobs,
    /// The one-time link that creates the first administrator, while there is no account.
    setup_token: Mutex<Option<String>>,
    /// The dashboard's figures, for the ledger head they were computed at.
    overview: Mutex<Option<(u64, Arc<armtrace_store::Overview>)>>,
    /// The exchange node, when the store is one (`armtrace node init`).
    node: Option<armtrace_node::Node>,
}

impl AppState {
    /// Opens the store, its search index and the server's database (blocking: call it
    /// before serving or inside `spawn_blocking`).
    pub fn open(config: ServerConfig) -> Result<AppState, ServerError> {
        let store = Store::open(&config.store, false)?;
        let index_path = config.index.clone().or_else(|| match store.location() {
            Location::Sqlite(db) => {
                let mut p = db.as_os_str().to_owned();
                p.push(".search");
                Some(PathBuf::from(p))
            }
            Location::Postgres(_) => None,
        });
        let index = Arc::new(Mutex::new(SearchIndex::open(
            &store,
            index_path.as_deref(),
        )?));
        let accounts = AccountStore::open(&config.server_db)?;
        let peer_ca =
            match &config.peer_ca {
                Some(p) => Some(std::fs::read(p).map_err(|e| {
                    ServerError::Config(format!("peer CA file {}: {e}", p.display()))
                })?),
                None => None,
            };
        let node = armtrace_node::Node::open(
            &store,
            armtrace_node::NodeOptions {
                backoff: armtrace_exchange::Backoff {
                    base: config.retry_base,
                    cap: Duration::from_secs(3600),
                },
                peer_ca,
                index: Some(index.clone()),
            },
        )?;
        Ok(AppState {
            inner: Arc::new(Inner {
                config,
                store,
                index,
                accounts,
                sessions: auth::Sessions::default(),
                logins: auth::LoginThrottle::default(),
                imports: web::ImportJobs::default(),
                setup_token: Mutex::new(None),
                overview: Mutex::new(None),
                node,
            }),
        })
    }

    /// The configuration in force.
    pub fn config(&self) -> &ServerConfig {
        &self.inner.config
    }

    /// The registry store.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Accounts, tokens and the access log.
    pub fn accounts(&self) -> &AccountStore {
        &self.inner.accounts
    }

    /// Appends a line to the access log (in the store).
    pub fn log_access(
        &self,
        line: &access_log::NewAccess,
    ) -> Result<access_log::AccessEntry, armtrace_store::StoreError> {
        access_log::append(self.store(), line)
    }

    pub(crate) fn index(&self) -> &Mutex<SearchIndex> {
        &self.inner.index
    }

    /// Brings the search index up to the ledger head (after a write).
    pub(crate) fn index_catch_up(&self) -> Result<(), ApiError> {
        let mut index = self.index().lock().unwrap_or_else(|p| p.into_inner());
        index.catch_up()?;
        Ok(())
    }

    pub(crate) fn imports(&self) -> &web::ImportJobs {
        &self.inner.imports
    }

    pub(crate) fn overview_cache(&self) -> &Mutex<Option<(u64, Arc<armtrace_store::Overview>)>> {
        &self.inner.overview
    }

    /// While the server has no account: a one-time setup link's secret, made on the first
    /// call, which creates the first administrator (`/setup/SECRET`). `None` once an
    /// account exists.
    pub fn setup_token(&self) -> Result<Option<String>, ServerError> {
        let mut token = self
            .inner
            .setup_token
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if self.accounts().count()? > 0 {
            *token = None;
            return Ok(None);
        }
        Ok(Some(
            token.get_or_insert_with(accounts::random_secret).clone(),
        ))
    }

    /// Whether `given` is the setup link's secret and there is still no account
    /// (blocking: reads the server database).
    pub(crate) fn is_setup_token(&self, given: &str) -> bool {
        let token = self
            .inner
            .setup_token
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        token
            .as_deref()
            .is_some_and(|t| auth::same_secret(t, given))
            && self.accounts().count().is_ok_and(|n| n == 0)
    }

    /// Creates the first administrator through the setup link: only with its secret, only
    /// while there is no account, one request at a time; the link is used up after.
    /// `Ok(false)`: the link is not (or no longer) valid. Blocking.
    pub(crate) fn create_first_admin(
        &self,
        given: &str,
        username: &str,
        password: &str,
    ) -> Result<bool, accounts::AccountError> {
        let mut token = self
            .inner
            .setup_token
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if !token
            .as_deref()
            .is_some_and(|t| auth::same_secret(t, given))
            || self.accounts().count()? > 0
        {
            *token = None;
            return Ok(false);
        }
        self.accounts()
            .create(username, auth::Role::Administrator, password)?;
        *token = None;
        Ok(true)
    }

    /// The exchange node, when the store is one.
    pub fn node(&self) -> Option<armtrace_node::Node> {
        self.inner.node.clone()
    }

    pub(crate) fn sessions(&self) -> &auth::Sessions {
        &self.inner.sessions
    }

    pub(crate) fn logins(&self) -> &auth::LoginThrottle {
        &self.inner.logins
    }
}

/// The application: every route of the API, with its OpenAPI document at
/// `/api/v1/openapi.json`.
pub fn router(state: AppState) -> axum::Router {
    routes::router(state)
}

/// Opens everything `config` names and serves the API on `listener` until the task is
/// dropped or serving fails.
pub async fn serve(
    config: ServerConfig,
    listener: tokio::net::TcpListener,
) -> Result<(), ServerError> {
    let state = tokio::task::spawn_blocking(move || AppState::open(config))
        .await
        .map_err(|e| ServerError::Task(e.to_string()))??;
    serve_state(state, listener).await
}

/// Serves an already opened [`AppState`] on `listener`.
pub async fn serve_state(
    state: AppState,
    listener: tokio::net::TcpListener,
) -> Result<(), ServerError> {
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "armtrace API listening");
    }
    start_background(&state);
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).await?;
    Ok(())
}

/// Starts what runs beside the handlers: for a node, the outbox and, every 30 seconds,
/// the overdue reminders and a directory reload.
pub(crate) fn start_background(state: &AppState) {
    if let Some(node) = state.node() {
        tracing::info!(node = %node.id(), "exchange node: inbox at /exchange/v1/inbox, outbox running");
        tokio::spawn(node.clone().run_outbox());
        // Overdue requests get a reminder (once), and a directory imported by another
        // process is picked up.
        tokio::spawn(async move {
            loop {
                let n = node.clone();
                let _ = tokio::task::spawn_blocking(move || {
                    if let Err(e) = n.reload_directory() {
                        tracing::warn!(error = %e, "directory could not be reloaded");
                    }
                    if let Err(e) = n.remind_overdue() {
                        tracing::warn!(error = %e, "overdue check failed");
                    }
                })
                .await;
                tokio::time::sleep(Duration::from_secs(30)).await;
            }
        });
    }
}
