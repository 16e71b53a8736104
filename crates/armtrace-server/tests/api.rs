//! The HTTP API over real HTTP, on every backend.

mod common;

use armtrace_server::auth::{Action, MATRIX, Role, allows};
use common::{Server, assert_error, backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

/// A weapon that can still be marked (not destroyed or exported).
async fn markable_weapon(srv: &Server) -> (String, String) {
    for num in 1..=150 {
        let (id, serial) = srv.some_weapon(num).await;
        let (_, w) = srv
            .get(Role::Auditor, &format!("/api/v1/weapons/{id}"))
            .await;
        let status = w["status"].as_str().unwrap_or("");
        if !["destroyed", "exported"].contains(&status) && !serial.is_empty() {
            return (id, serial);
        }
    }
    panic!("no markable weapon in the demo registry");
}

fn marking_event(text: &str) -> Value {
    json!({
        "kind": "marked",
        "occurred_at": today(),
        "location": "Central depot",
        "marking": {"kind": "remarking", "place": "frame", "text": text},
        "document": {"kind": "certificate", "reference": "CERT-1"},
        "notes": "re-marked under PoA II.8"
    })
}

#[tokio::test]
async fn every_endpoint_answers() {
    for backend in backends() {
        let name = backend.name;
        let srv = Server::start(backend, |_| {}).await;
        let officer = Role::RegistryOfficer;

        let (s, stats) = srv.get(officer, "/api/v1/stats").await;
        assert_eq!(s, StatusCode::OK, "{name}");
        assert_eq!(stats["weapons"], 150, "{name}");
        assert!(stats["head_hash"].as_str().is_some_and(|h| h.len() == 64));

        let (s, holders) = srv.get(officer, "/api/v1/holders").await;
        assert_eq!(s, StatusCode::OK);
        assert!(!holders["holders"].as_array().expect("holders").is_empty());

        let (id, serial) = markable_weapon(&srv).await;
        let (s, w) = srv.get(officer, &format!("/api/v1/weapons/{id}")).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(w["id"], id.as_str());
        assert_eq!(w["serial"], serial.as_str());
        let history_before = w["history"].as_array().expect("history").len();
        assert_eq!(w["history"][0]["record"], "registered");
        assert!(!w["markings"].as_array().expect("markings").is_empty());

        let (s, found) = srv
            .get(
                officer,
                &format!("/api/v1/weapons?serial={}", urlencode(&serial)),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            found["weapons"]
                .as_array()
                .expect("list")
                .iter()
                .any(|x| x["id"] == id.as_str()),
            "{found}"
        );

        let (s, hits) = srv
            .get(
                officer,
                &format!("/api/v1/search?q={}&limit=5", urlencode(&serial)),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{hits}");
        let first = &hits["hits"][0];
        assert!(
            first["why"].as_array().is_some_and(|w| !w.is_empty()),
            "{hits}"
        );
        assert!(first["score"].as_u64().is_some());

        // Record an event: 201 with its ledger position; the same request again is
        // recognised and writes nothing.
        let head = srv.head().await;
        let event = marking_event("ZXQ-API-4711");
        let path = format!("/api/v1/weapons/{id}/events");
        let (s, rec) = srv
            .call(Some(officer), Method::POST, &path, Some(&event))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{name}: {rec}");
        assert_eq!(rec["seq"], head + 1);
        assert_eq!(rec["already_present"], false);
        let (s, again) = srv
            .call(Some(officer), Method::POST, &path, Some(&event))
            .await;
        assert_eq!(s, StatusCode::OK, "{again}");
        assert_eq!(again["already_present"], true);
        assert_eq!(again["event_id"], rec["event_id"]);
        assert_eq!(srv.head().await, head + 1);

        let (_, w) = srv.get(officer, &format!("/api/v1/weapons/{id}")).await;
        let history = w["history"].as_array().expect("history");
        assert_eq!(history.len(), history_before + 1);
        let last = history.last().expect("last");
        assert_eq!(last["record"], "marked");
        assert_eq!(last["recorded_by"], "registry_officer");

        // The index caught up: the new marking is found at once.
        let (_, hits) = srv.get(officer, "/api/v1/search?q=ZXQ-API-4711").await;
        assert_eq!(hits["hits"][0]["weapon"]["id"], id.as_str(), "{hits}");

        let (s, v) = srv.get(Role::Auditor, "/api/v1/verify").await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(v["intact"], true, "{v}");

        let (s, log) = srv
            .get(Role::Auditor, "/api/v1/access-log?limit=1000")
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(log["intact"], true, "{log}");
        let lines = log["entries"].as_array().expect("lines");
        let read = lines
            .iter()
            .find(|l| l["action"] == "weapon.read" && l["target"] == id.as_str())
            .expect("the read is logged");
        assert_eq!(read["actor"], "auditor");
        assert_eq!(read["client"], "127.0.0.1");
        assert!(lines.iter().any(|l| l["action"] == "event.record"
            && l["outcome"] == "written"
            && l["actor"] == "registry_officer"));
        for pair in lines.windows(2) {
            assert_eq!(pair[1]["prev_hash"], pair[0]["hash"]);
        }
    }
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One request standing for each action of the matrix.
async fn request_for(srv: &Server, action: Action, role: Option<Role>, weapon: &str) -> StatusCode {
    let tag = role.map(|r| r.name()).unwrap_or("anonymous");
    let (method, path, body) = match action {
        Action::ReadWeapon => (Method::GET, format!("/api/v1/weapons/{weapon}"), None),
        Action::Search => (Method::GET, "/api/v1/search?q=AK".into(), None),
        Action::ReadStats => (Method::GET, "/api/v1/stats".into(), None),
        Action::ReadHolders => (Method::GET, "/api/v1/holders".into(), None),
        Action::RecordEvent => (
            Method::POST,
            format!("/api/v1/weapons/{weapon}/events"),
            Some(marking_event(&format!("MX-{tag}"))),
        ),
        Action::RegisterWeapon => (
            Method::POST,
            "/api/v1/weapons".into(),
            Some(
                json!({"category": "pistol_revolver", "make": "Glock", "model": "17",
                        "calibre": "9x19mm", "serial": format!("MATRIX-{tag}"),
                        "country_of_manufacture": "AT", "year_of_manufacture": 2001}),
            ),
        ),
        Action::Import => {
            let (status, body) = srv
                .call_csv(
                    role,
                    "/api/v1/imports/holders",
                    "code,kind,name\nMATRIX-H,depot,Matrix depot\n",
                )
                .await;
            if status.is_client_error() || status.is_server_error() {
                assert!(body["error"]["code"].is_string(), "{action:?}: {body}");
            }
            return status;
        }
        Action::Verify => (Method::GET, "/api/v1/verify".into(), None),
        Action::ReadAccessLog => (Method::GET, "/api/v1/access-log".into(), None),
        Action::ManageAccounts => (
            Method::POST,
            "/api/v1/accounts".into(),
            Some(
                json!({"username": format!("new-{tag}"), "role": "investigator",
                        "password": "a long enough password"}),
            ),
        ),
        Action::IssueToken => (
            Method::POST,
            "/api/v1/tokens".into(),
            Some(json!({"label": "matrix"})),
        ),
        Action::ReadTraces => (Method::GET, "/api/v1/traces".into(), None),
        Action::OpenTrace => (
            Method::POST,
            "/api/v1/traces".into(),
            Some(json!({"request": {
                "reference": format!("MX-{tag}"), "requesting_authority": "Police",
                "illicit_nature": "seized", "legal_basis": "Act s. 4",
                "weapon": {"serial": "MX123", "make": "Glock"},
                "circumstances": {"date": "2026-01-02", "place": "Town", "description": "found"},
                "intended_use": "investigation", "confidentiality": "police only",
                "urgency": "routine", "answer_by": "2026-12-31"}})),
        ),
        // A store that is not a node answers the point of contact's act with 409
        // (node_not_configured): allowed, but nothing to act on.
        Action::ActAsPointOfContact => {
            let (status, body) = srv
                .call(
                    role,
                    Method::POST,
                    "/api/v1/traces/none/send",
                    Some(&json!({"to": "UG"})),
                )
                .await;
            if status.is_client_error() {
                assert!(body["error"]["code"].is_string(), "{action:?}: {body}");
            }
            return if status == StatusCode::NOT_FOUND || status == StatusCode::CONFLICT {
                StatusCode::OK
            } else {
                status
            };
        }
    };
    let (status, body) = srv.call(role, method, &path, body.as_ref()).await;
    if status.is_client_error() || status.is_server_error() {
        assert!(body["error"]["code"].is_string(), "{action:?}: {body}");
    }
    status
}

#[tokio::test]
async fn authorization_matrix_holds_for_every_role_and_action() {
    for backend in backends() {
        let srv = Server::start(backend, |_| {}).await;
        let (weapon, _) = markable_weapon(&srv).await;
        for (action, _) in MATRIX {
            let status = request_for(&srv, *action, None, &weapon).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "anonymous {action:?}");
            for &role in Role::ALL {
                let status = request_for(&srv, *action, Some(role), &weapon).await;
                if allows(role, *action) {
                    assert!(
                        status.is_success(),
                        "{} {action:?} should be allowed, got {status}",
                        role.name()
                    );
                } else {
                    assert_eq!(
                        status,
                        StatusCode::FORBIDDEN,
                        "{} {action:?} should be forbidden",
                        role.name()
                    );
                }
            }
        }
    }
}

#[test]
fn the_matrix_names_every_action_once_and_the_auditor_changes_nothing() {
    let actions: Vec<Action> = MATRIX.iter().map(|(a, _)| *a).collect();
    for a in &actions {
        assert_eq!(actions.iter().filter(|x| *x == a).count(), 1, "{a:?}");
    }
    assert!(!allows(Role::Auditor, Action::RecordEvent));
    assert!(!allows(Role::Auditor, Action::ManageAccounts));
    assert!(allows(Role::Auditor, Action::ReadAccessLog));
    assert!(allows(Role::Auditor, Action::Verify));
    assert!(!allows(Role::Administrator, Action::RecordEvent));
    assert!(!allows(Role::Investigator, Action::ReadAccessLog));
}

async fn session_call(
    srv: &Server,
    method: Method,
    path: &str,
    cookie: &str,
    csrf: Option<&str>,
    body: Option<&Value>,
) -> (StatusCode, Value) {
    let mut rq = srv
        .http
        .request(method, srv.url(path))
        .header("cookie", cookie);
    if let Some(t) = csrf {
        rq = rq.header("x-csrf-token", t);
    }
    if let Some(b) = body {
        rq = rq.json(b);
    }
    let resp = rq.send().await.expect("sent");
    let status = resp.status();
    let text = resp.text().await.expect("body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn sessions_need_the_csrf_token_to_change_anything() {
    for backend in backends() {
        let srv = Server::start(backend, |_| {}).await;
        let resp = srv
            .http
            .post(srv.url("/api/v1/login"))
            .json(&json!({"username": "investigator", "password": common::password(Role::Investigator)}))
            .send()
            .await
            .expect("login");
        let cookie = resp
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .expect("cookie")
            .to_string();
        for attr in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
            assert!(cookie.contains(attr), "{cookie}");
        }
        let (cookie, csrf) = srv.login(Role::Investigator).await;
        let id = cookie.split_once('=').expect("pair").1;
        assert!(id.len() >= 32, "at least 128 bits");

        let (s, _) = session_call(&srv, Method::GET, "/api/v1/stats", &cookie, None, None).await;
        assert_eq!(s, StatusCode::OK, "a read needs no CSRF token");

        let body = json!({"label": "laptop"});
        let (s, b) = session_call(
            &srv,
            Method::POST,
            "/api/v1/tokens",
            &cookie,
            None,
            Some(&body),
        )
        .await;
        assert_error(s, &b, StatusCode::FORBIDDEN, "csrf_token_invalid");
        let (s, b) = session_call(
            &srv,
            Method::POST,
            "/api/v1/tokens",
            &cookie,
            Some("0000"),
            Some(&body),
        )
        .await;
        assert_error(s, &b, StatusCode::FORBIDDEN, "csrf_token_invalid");
        let (s, b) = session_call(
            &srv,
            Method::POST,
            "/api/v1/tokens",
            &cookie,
            Some(&csrf),
            Some(&body),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        let token = b["token"].as_str().expect("token").to_string();
        let resp = srv
            .http
            .get(srv.url("/api/v1/stats"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("sent");
        assert_eq!(resp.status(), StatusCode::OK, "the new token works");

        let (s, b) = session_call(&srv, Method::POST, "/api/v1/logout", &cookie, None, None).await;
        assert_error(s, &b, StatusCode::FORBIDDEN, "csrf_token_invalid");
        let (s, _) = session_call(
            &srv,
            Method::POST,
            "/api/v1/logout",
            &cookie,
            Some(&csrf),
            None,
        )
        .await;
        assert_eq!(s, StatusCode::NO_CONTENT);
        let (s, b) = session_call(&srv, Method::GET, "/api/v1/stats", &cookie, None, None).await;
        assert_error(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
    }
}

#[tokio::test]
async fn sessions_expire_when_idle_and_after_their_absolute_time() {
    let backend = backends().remove(0);
    let srv = Server::start(backend, |c| {
        c.idle_timeout = std::time::Duration::from_millis(700);
        c.absolute_timeout = std::time::Duration::from_millis(1500);
    })
    .await;
    let (cookie, _) = srv.login(Role::Auditor).await;
    let (s, _) = session_call(&srv, Method::GET, "/api/v1/stats", &cookie, None, None).await;
    assert_eq!(s, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(900)).await;
    let (s, b) = session_call(&srv, Method::GET, "/api/v1/stats", &cookie, None, None).await;
    assert_error(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");

    // Kept busy, a session still ends at its absolute timeout.
    let (cookie, _) = srv.login(Role::Auditor).await;
    let started = std::time::Instant::now();
    let mut ended = None;
    while started.elapsed() < std::time::Duration::from_secs(3) {
        let (s, _) = session_call(&srv, Method::GET, "/api/v1/stats", &cookie, None, None).await;
        if s == StatusCode::UNAUTHORIZED {
            ended = Some(started.elapsed());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let ended = ended.expect("the session ended");
    assert!(ended >= std::time::Duration::from_millis(1400), "{ended:?}");
}

async fn try_login(
    srv: &Server,
    user: &str,
    password: &str,
) -> (StatusCode, Value, Option<String>) {
    let resp = srv
        .http
        .post(srv.url("/api/v1/login"))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .expect("sent");
    let status = resp.status();
    let retry = resp
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(String::from);
    (status, resp.json().await.unwrap_or(Value::Null), retry)
}

#[tokio::test]
async fn failed_logins_back_off_then_lock_the_account_out() {
    let backend = backends().remove(0);
    let srv = Server::start(backend, |c| {
        c.max_failed_logins = 3;
        c.login_backoff = std::time::Duration::ZERO;
        c.lockout = std::time::Duration::from_secs(600);
    })
    .await;
    let right = common::password(Role::Auditor);
    for _ in 0..3 {
        let (s, b, _) = try_login(&srv, "auditor", "wrong password!").await;
        assert_error(s, &b, StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    let (s, b, retry) = try_login(&srv, "auditor", &right).await;
    assert_error(s, &b, StatusCode::TOO_MANY_REQUESTS, "account_locked");
    assert!(retry.is_some_and(|r| r.parse::<u64>().is_ok_and(|n| n > 0)));
    // Other accounts are not affected.
    let (s, _, _) = try_login(&srv, "investigator", &common::password(Role::Investigator)).await;
    assert_eq!(s, StatusCode::OK);
    // No default account exists.
    let (s, b, _) = try_login(&srv, "admin", "admin").await;
    assert_error(s, &b, StatusCode::UNAUTHORIZED, "invalid_credentials");

    // With a backoff, a retry straight after a failure is refused unchecked.
    let backend = backends().remove(0);
    let srv = Server::start(backend, |c| {
        c.login_backoff = std::time::Duration::from_secs(30);
    })
    .await;
    let (s, _, _) = try_login(&srv, "auditor", "wrong password!").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, b, _) = try_login(&srv, "auditor", &right).await;
    assert_error(s, &b, StatusCode::TOO_MANY_REQUESTS, "login_backoff");
    let (_, log) = srv.get(Role::Auditor, "/api/v1/access-log").await;
    assert!(
        log["entries"]
            .as_array()
            .expect("lines")
            .iter()
            .any(|l| l["action"] == "login" && l["outcome"] == "failed")
    );
}

async fn raw_post(
    srv: &Server,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let resp = srv
        .http
        .post(srv.url(path))
        .bearer_auth(srv.token(Role::RegistryOfficer))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("sent");
    let status = resp.status();
    let text = resp.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}")),
    )
}

#[tokio::test]
async fn bad_requests_are_refused_with_4xx_and_change_nothing() {
    for backend in backends() {
        let srv = Server::start(backend, |_| {}).await;
        let (id, _) = markable_weapon(&srv).await;
        let path = format!("/api/v1/weapons/{id}/events");
        let head = srv.head().await;
        let json_ct = "application/json";

        let (s, b) = raw_post(&srv, &path, json_ct, b"{\"kind\": ".to_vec()).await;
        assert_error(s, &b, StatusCode::BAD_REQUEST, "malformed_json");

        let mut e = marking_event("UNK-1");
        e["colour"] = json!("red");
        let (s, b) = raw_post(&srv, &path, json_ct, e.to_string().into_bytes()).await;
        assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field");
        assert_eq!(b["error"]["field"], "colour");

        let mut e = marking_event("UNK-2");
        e["marking"]["shape"] = json!("round");
        let (s, b) = raw_post(&srv, &path, json_ct, e.to_string().into_bytes()).await;
        assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field");

        let (s, b) = raw_post(
            &srv,
            &path,
            json_ct,
            br#"{"occurred_at": "2020-01-01"}"#.to_vec(),
        )
        .await;
        assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field");
        assert_eq!(b["error"]["field"], "kind");

        let mut e = marking_event("BIG");
        e["notes"] = json!("x".repeat(100 * 1024));
        let (s, b) = raw_post(&srv, &path, json_ct, e.to_string().into_bytes()).await;
        assert_error(s, &b, StatusCode::PAYLOAD_TOO_LARGE, "body_too_large");

        let (s, b) = raw_post(
            &srv,
            &path,
            "text/plain",
            marking_event("T").to_string().into_bytes(),
        )
        .await;
        assert_error(
            s,
            &b,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        );

        let mut e = marking_event("HOLDER");
        e["kind"] = json!("transferred");
        e["holder"] = json!("NO-SUCH-HOLDER");
        let (s, b) = raw_post(&srv, &path, json_ct, e.to_string().into_bytes()).await;
        assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field");
        assert_eq!(b["error"]["field"], "holder");

        let mut e = marking_event("KIND");
        e["kind"] = json!("teleported");
        let (s, b) = raw_post(&srv, &path, json_ct, e.to_string().into_bytes()).await;
        assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field");
        assert_eq!(b["error"]["field"], "kind");

        let mut e = marking_event("DATE");
        e["occurred_at"] = json!("yesterday");
        let (s, b) = raw_post(&srv, &path, json_ct, e.to_string().into_bytes()).await;
        assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field");
        assert_eq!(b["error"]["field"], "occurred_at");

        let (s, b) = raw_post(
            &srv,
            "/api/v1/weapons/not-a-uuid/events",
            json_ct,
            marking_event("X").to_string().into_bytes(),
        )
        .await;
        assert_error(s, &b, StatusCode::BAD_REQUEST, "invalid_weapon_id");

        let missing = format!("/api/v1/weapons/{}/events", uuid::Uuid::now_v7());
        let (s, b) = raw_post(
            &srv,
            &missing,
            json_ct,
            marking_event("X").to_string().into_bytes(),
        )
        .await;
        assert_error(s, &b, StatusCode::NOT_FOUND, "weapon_not_found");

        let (s, b) = srv.get(Role::Auditor, "/api/v1/search?q=AK&limit=0").await;
        assert_error(s, &b, StatusCode::BAD_REQUEST, "invalid_parameter");
        let (s, b) = srv.get(Role::Auditor, "/api/v1/search?limit=5").await;
        assert_error(s, &b, StatusCode::BAD_REQUEST, "invalid_parameter");
        let (s, b) = srv.get(Role::Auditor, "/api/v1/no-such-route").await;
        assert_error(s, &b, StatusCode::NOT_FOUND, "not_found");
        let (s, b) = srv
            .call(Some(Role::Auditor), Method::DELETE, "/api/v1/stats", None)
            .await;
        assert_error(s, &b, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
        let (s, b) = srv.call(None, Method::GET, "/api/v1/stats", None).await;
        assert_error(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
        let resp = srv
            .http
            .get(srv.url("/api/v1/stats"))
            .bearer_auth("at_forged")
            .send()
            .await
            .expect("sent");
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);

        assert_eq!(srv.head().await, head, "nothing was written");
        let (_, v) = srv.get(Role::Auditor, "/api/v1/verify").await;
        assert_eq!(v["intact"], true);
    }
}

#[tokio::test]
async fn a_rule_violation_is_422_and_writes_nothing() {
    for backend in backends() {
        let srv = Server::start(backend, |_| {}).await;
        let (id, _) = markable_weapon(&srv).await;
        let head = srv.head().await;
        // Destroyed, then destroyed again: the second breaks the weapon's history.
        let destroy = |note: &str| json!({"kind": "destroyed", "occurred_at": today(), "method": "cutting", "notes": note});
        let path = format!("/api/v1/weapons/{id}/events");
        let (s, b) = srv
            .call(
                Some(Role::StockpileManager),
                Method::POST,
                &path,
                Some(&destroy("first")),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        let (s, b) = srv
            .call(
                Some(Role::StockpileManager),
                Method::POST,
                &path,
                Some(&destroy("second")),
            )
            .await;
        assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "rule_violation");
        assert_eq!(srv.head().await, head + 1);
    }
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let backend = backends().remove(0);
    let srv = Server::start(backend, |_| {}).await;
    let (s, doc) = srv
        .call(None, Method::GET, "/api/v1/openapi.json", None)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    let routes = [
        ("get", "/api/v1/weapons/{id}"),
        ("get", "/api/v1/weapons"),
        ("post", "/api/v1/weapons"),
        ("post", "/api/v1/weapons/{id}/events"),
        ("post", "/api/v1/imports/{kind}"),
        ("get", "/api/v1/search"),
        ("get", "/api/v1/stats"),
        ("get", "/api/v1/holders"),
        ("get", "/api/v1/verify"),
        ("get", "/api/v1/access-log"),
        ("post", "/api/v1/login"),
        ("post", "/api/v1/logout"),
        ("post", "/api/v1/accounts"),
        ("post", "/api/v1/tokens"),
        ("get", "/api/v1/openapi.json"),
        ("get", "/api/v1/traces"),
        ("post", "/api/v1/traces"),
        ("get", "/api/v1/traces/{id}"),
        ("post", "/api/v1/traces/{id}/send"),
        ("post", "/api/v1/traces/{id}/decision"),
        ("post", "/api/v1/traces/{id}/follow-up"),
        ("get", "/api/v1/traces/{id}/chain"),
        ("get", "/api/v1/node"),
    ];
    let paths = doc["paths"].as_object().expect("paths");
    let listed: usize = paths
        .values()
        .map(|p| p.as_object().map_or(0, |m| m.len()))
        .sum();
    assert_eq!(
        listed,
        routes.len(),
        "{:?}",
        paths.keys().collect::<Vec<_>>()
    );
    for (method, path) in routes {
        assert!(paths[path][method].is_object(), "{method} {path} missing");
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    assert!(doc["components"]["schemas"]["NewEvent"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn the_access_log_shows_tampering() {
    let backend = backends().remove(0);
    // The access log lives in the registry store (here the SQLite one).
    let db = std::path::PathBuf::from(&backend.url);
    let srv = Server::start(backend, |_| {}).await;
    let (id, _) = markable_weapon(&srv).await;
    let (_, _) = srv
        .get(Role::Investigator, &format!("/api/v1/weapons/{id}"))
        .await;
    let (_, log) = srv.get(Role::Auditor, "/api/v1/access-log").await;
    assert_eq!(log["intact"], true);
    let conn = rusqlite::Connection::open(&db).expect("open");
    let refused = conn.execute("UPDATE access_log SET account = 'nobody' WHERE seq = 1", []);
    assert!(refused.is_err(), "the log is append-only");
    conn.execute_batch(
        "DROP TRIGGER access_log_no_update;
         UPDATE access_log SET account = 'nobody' WHERE action = 'weapon.read';",
    )
    .expect("tamper");
    let (_, log) = srv.get(Role::Auditor, "/api/v1/access-log").await;
    assert_eq!(log["intact"], false, "{log}");
    assert!(
        log["problem"]
            .as_str()
            .is_some_and(|p| p.contains("altered"))
    );
}
