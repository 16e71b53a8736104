//! One test story for every backend: each test starts the real server on `127.0.0.1:0`
//! against a fresh store filled with a demo registry — SQLite always, and PostgreSQL too
//! when `ARMTRACE_TEST_PG` names a database (each test then gets its own schema in it,
//! dropped afterwards) — and talks to it over HTTP.
#![allow(dead_code)]

use armtrace_bulk::{FileKind, ImportOptions, import_file};
use armtrace_demo::{DemoConfig, write_registry};
use armtrace_server::auth::Role;
use armtrace_server::{AppState, ServerConfig};
use armtrace_store::Store;
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// A store location for one test.
pub struct Backend {
    pub name: &'static str,
    pub url: String,
    pub dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

impl Drop for Backend {
    fn drop(&mut self) {
        if let Some((base, schema)) = self.pg.take() {
            // The blocking PostgreSQL client must not run on an async thread.
            let _ = std::thread::spawn(move || {
                if let Ok(mut c) = postgres::Client::connect(&base, postgres::NoTls) {
                    let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
                }
            })
            .join();
        }
    }
}

pub fn sqlite() -> Backend {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = dir.path().join("armtrace.db").display().to_string();
    Backend {
        name: "sqlite",
        url,
        dir,
        pg: None,
    }
}

fn postgres_backend() -> Option<Backend> {
    let base = std::env::var("ARMTRACE_TEST_PG")
        .ok()
        .filter(|s| !s.is_empty())?;
    let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
    let (b, s) = (base.clone(), schema.clone());
    std::thread::spawn(move || {
        let mut client =
            postgres::Client::connect(&b, postgres::NoTls).expect("ARMTRACE_TEST_PG reachable");
        client
            .batch_execute(&format!("CREATE SCHEMA {s}"))
            .expect("create schema");
    })
    .join()
    .expect("schema created");
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    Some(Backend {
        name: "postgres",
        url,
        dir: tempfile::tempdir().expect("temp dir"),
        pg: Some((base, schema)),
    })
}

/// SQLite, and PostgreSQL when `ARMTRACE_TEST_PG` is set.
pub fn backends() -> Vec<Backend> {
    let mut v = vec![sqlite()];
    v.extend(postgres_backend());
    v
}

/// The password of each role's test account.
pub fn password(role: Role) -> String {
    format!("correct horse battery {}", role.name())
}

/// A running server over a demo registry, with one account and one API token per role.
pub struct Server {
    pub base: String,
    pub http: reqwest::Client,
    pub state: AppState,
    pub tokens: Vec<(Role, String)>,
    pub backend: Backend,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Demo registry size: small enough for a test, large enough for search and history.
const WEAPONS: usize = 150;

impl Server {
    /// Starts a server on `backend`, with the configuration changed by `tweak`.
    pub async fn start(backend: Backend, tweak: impl FnOnce(&mut ServerConfig)) -> Server {
        let url = backend.url.clone();
        let dir = backend.dir.path().to_path_buf();
        let mut config = ServerConfig::new(&url, dir.join("server.db"));
        if backend.pg.is_some() {
            config.index = Some(dir.join("search.idx"));
        }
        tweak(&mut config);
        let (state, tokens) = tokio::task::spawn_blocking(move || {
            let store = Store::open(&url, true).expect("store opens");
            let demo = DemoConfig {
                weapons: WEAPONS,
                ..DemoConfig::default()
            };
            let files = write_registry(&demo, &dir.join("demo")).expect("demo registry");
            let opts = ImportOptions::new("tester");
            for (kind, path) in [
                (FileKind::Holders, &files.holders),
                (FileKind::Weapons, &files.weapons),
                (FileKind::Events, &files.events),
            ] {
                let r = import_file(&store, kind, path, &opts, &mut |_| {}).expect("import");
                assert_eq!(
                    r.rejected, 0,
                    "demo rows rejected: {:?}",
                    r.first_rejections
                );
            }
            let state = AppState::open(config).expect("server state opens");
            let mut tokens = Vec::new();
            for &role in Role::ALL {
                state
                    .accounts()
                    .create(role.name(), role, &password(role))
                    .expect("account");
                let t = state
                    .accounts()
                    .issue_token(role.name(), "tests")
                    .expect("token");
                tokens.push((role, t));
            }
            (state, tokens)
        })
        .await
        .expect("setup");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        let served = state.clone();
        let task = tokio::spawn(async move {
            armtrace_server::serve_state(served, listener)
                .await
                .expect("serves");
        });
        Server {
            base: format!("http://{addr}"),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            state,
            tokens,
            backend,
            task,
        }
    }

    pub fn token(&self, role: Role) -> &str {
        self.tokens
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, t)| t.as_str())
            .expect("token of role")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request as `role` (by its API token), or anonymous with `None`.
    pub async fn call(
        &self,
        role: Option<Role>,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut rq = self.http.request(method, self.url(path));
        if let Some(r) = role {
            rq = rq.bearer_auth(self.token(r));
        }
        if let Some(b) = body {
            rq = rq.json(b);
        }
        let resp = rq.send().await.expect("request sent");
        let status = resp.status();
        let text = resp.text().await.expect("body");
        let json = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
        };
        (status, json)
    }

    /// POSTs a CSV body.
    pub async fn call_csv(&self, role: Option<Role>, path: &str, csv: &str) -> (StatusCode, Value) {
        let mut rq = self
            .http
            .post(self.url(path))
            .header("content-type", "text/csv")
            .body(csv.to_string());
        if let Some(r) = role {
            rq = rq.bearer_auth(self.token(r));
        }
        let resp = rq.send().await.expect("request sent");
        let status = resp.status();
        let text = resp.text().await.expect("body");
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        (status, json)
    }

    pub async fn get(&self, role: Role, path: &str) -> (StatusCode, Value) {
        self.call(Some(role), Method::GET, path, None).await
    }

    /// A stored weapon: (id, serial).
    pub async fn some_weapon(&self, num: i64) -> (String, String) {
        let store = self.state.store().clone();
        tokio::task::spawn_blocking(move || {
            let w = store
                .weapons_by_num(&[num])
                .expect("read")
                .pop()
                .expect("weapon");
            (w.id.to_string(), w.description.serial)
        })
        .await
        .expect("read")
    }

    /// The ledger head position (to prove nothing was written).
    pub async fn head(&self) -> u64 {
        let store = self.state.store().clone();
        tokio::task::spawn_blocking(move || store.head().expect("head").0)
            .await
            .expect("head")
    }

    /// Logs in; returns the session cookie (`name=value`) and the CSRF token.
    pub async fn login(&self, role: Role) -> (String, String) {
        let resp = self
            .http
            .post(self.url("/api/v1/login"))
            .json(&serde_json::json!({"username": role.name(), "password": password(role)}))
            .send()
            .await
            .expect("login sent");
        assert_eq!(resp.status(), StatusCode::OK);
        let cookie = resp
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .expect("session cookie")
            .to_string();
        let body: Value = resp.json().await.expect("login body");
        let pair = cookie.split(';').next().expect("cookie pair").to_string();
        (pair, body["csrf_token"].as_str().expect("csrf").to_string())
    }
}

/// Asserts the error shape and code.
pub fn assert_error(status: StatusCode, body: &Value, want: StatusCode, code: &str) {
    assert_eq!(status, want, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].is_string(), "{body}");
}
