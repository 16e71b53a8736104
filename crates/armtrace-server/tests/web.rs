//! The pages and the new recording endpoints over real HTTP, on SQLite and PostgreSQL:
//! agency scoping, registering and importing through the API, login through the form,
//! CSRF on every form, the pages each role may and may not open, languages.

mod common;

use armtrace_server::auth::Role;
use common::{Server, backends, password};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn today() -> String {
    chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// A weapon held by an agency other than `agency` (id, holder code), and one held by it.
async fn weapons_in_and_out(srv: &Server, agency: &str) -> (String, String) {
    let store = srv.state.store().clone();
    let agency = agency.to_string();
    tokio::task::spawn_blocking(move || {
        let holders = store.holders().expect("holders");
        let mut inside = None;
        let mut outside = None;
        for num in 1..=150 {
            let Some(w) = store.weapons_by_num(&[num]).expect("read").pop() else {
                continue;
            };
            if ["destroyed", "exported"].contains(&w.status.to_string().as_str()) {
                continue;
            }
            let ours = armtrace_server::recording::within_agency(&holders, w.holder, &agency);
            if ours && inside.is_none() {
                inside = Some(w.id.to_string());
            } else if !ours && w.holder.is_some() && outside.is_none() {
                outside = Some(w.id.to_string());
            }
        }
        (
            inside.expect("a weapon of the agency"),
            outside.expect("a weapon of another"),
        )
    })
    .await
    .expect("lookup")
}

async fn post_json(srv: &Server, token: &str, path: &str, body: &Value) -> (StatusCode, Value) {
    let r = srv
        .http
        .post(srv.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("sent");
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The ledger head (read off the async threads: the PostgreSQL client blocks).
async fn head(srv: &Server) -> (u64, String) {
    let store = srv.state.store().clone();
    tokio::task::spawn_blocking(move || {
        let (seq, hash) = store.head().expect("head");
        (seq, hash.to_string())
    })
    .await
    .expect("head read")
}

fn event(location: &str) -> Value {
    json!({"kind": "marked", "occurred_at": today(), "location": location,
           "marking": {"kind": "remarking", "place": "frame", "text": format!("RM-{location}")}})
}

#[tokio::test]
async fn an_officer_scoped_to_an_agency_records_only_on_its_holdings() {
    for backend in backends() {
        let name = backend.name;
        let srv = Server::start(backend, |_| {}).await;
        let accounts = srv.state.accounts();
        accounts
            .create("scoped", Role::StockpileManager, "a long enough password")
            .expect("account");
        accounts
            .set_agency("scoped", Some("POLICE"))
            .expect("scope");
        let token = accounts.issue_token("scoped", "t").expect("token");
        let (inside, outside) = weapons_in_and_out(&srv, "POLICE").await;

        let (s, body) = post_json(
            &srv,
            &token,
            &format!("/api/v1/weapons/{outside}/events"),
            &event("other"),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{name}: {body}");
        assert_eq!(body["error"]["code"], "outside_agency", "{name}");

        let (s, body) = post_json(
            &srv,
            &token,
            &format!("/api/v1/weapons/{inside}/events"),
            &event("own"),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{name}: {body}");

        // A session started through the API's login is just as scoped on the pages.
        let r = srv
            .http
            .post(srv.url("/api/v1/login"))
            .json(&json!({"username": "scoped", "password": "a long enough password"}))
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), StatusCode::OK, "{name}");
        let cookie = r
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|c| c.split(';').next())
            .expect("cookie")
            .to_string();
        let page = |path: String| {
            srv.http
                .get(srv.url(&path))
                .header("cookie", cookie.clone())
                .send()
        };
        let r = page(format!("/weapons/{outside}/events/new"))
            .await
            .expect("sent");
        assert_eq!(
            r.status(),
            StatusCode::FORBIDDEN,
            "{name}: the scope holds on pages"
        );
        let r = page(format!("/weapons/{inside}/events/new"))
            .await
            .expect("sent");
        assert_eq!(r.status(), StatusCode::OK, "{name}");
        let r = page("/import".into()).await.expect("sent");
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{name}");

        // The same officer cannot import (scoped accounts use the forms).
        let r = srv
            .http
            .post(srv.url("/api/v1/imports/holders"))
            .bearer_auth(&token)
            .header("content-type", "text/csv")
            .body("code,kind,name\nX1,depot,X\n")
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{name}");
    }
}

#[tokio::test]
async fn weapons_are_registered_and_files_imported_through_the_api() {
    for backend in backends() {
        let name = backend.name;
        let srv = Server::start(backend, |_| {}).await;
        let officer = srv.token(Role::RegistryOfficer).to_string();
        let weapon = json!({"category": "pistol_revolver", "make": "Glock", "model": "17",
            "calibre": "9x19mm", "serial": "API-77001", "country_of_manufacture": "AT",
            "year_of_manufacture": 2004, "holder": "POLICE"});
        let (s, first) = post_json(&srv, &officer, "/api/v1/weapons", &weapon).await;
        assert_eq!(s, StatusCode::CREATED, "{name}: {first}");
        let (s, again) = post_json(&srv, &officer, "/api/v1/weapons", &weapon).await;
        assert_eq!(s, StatusCode::OK, "{name}: registered twice is recognised");
        assert_eq!(again["weapon_id"], first["weapon_id"], "{name}");
        assert_eq!(again["already_present"], true);

        let mut bad = weapon.clone();
        bad["country_of_manufacture"] = json!("XX");
        bad["serial"] = json!("API-77002");
        let (s, e) = post_json(&srv, &officer, "/api/v1/weapons", &bad).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {e}");
        assert_eq!(e["error"]["field"], "country_of_manufacture", "{e}");

        // The weapon is found by the search at once.
        let (s, found) = srv
            .get(Role::Investigator, "/api/v1/search?q=API77OO1")
            .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(found["hits"][0]["weapon"]["serial"], "API-77001", "{found}");

        let csv = "category,make,model,calibre,serial,country_of_manufacture,year_of_manufacture,import_marking,import_country,import_year,holder,status\n\
                   rifle_carbine,Mauser,98k,7.92x57mm,API-9001,DE,1941,,,,,in_stock\n\
                   rifle_carbine,Mauser,98k,7.92x57mm,API-9002,QQ,1941,,,,,in_stock\n";
        let post = |body: &'static str| {
            srv.http
                .post(srv.url("/api/v1/imports/weapons"))
                .bearer_auth(&officer)
                .header("content-type", "text/csv")
                .body(body)
                .send()
        };
        let r = post(csv).await.expect("sent");
        assert_eq!(r.status(), StatusCode::OK, "{name}");
        let report: Value = r.json().await.expect("json");
        assert_eq!(report["written"], 1, "{report}");
        assert_eq!(report["rejected"], 1, "{report}");
        assert_eq!(report["rejections"][0]["row"], 3, "{report}");
        assert_eq!(report["rejections"][0]["column"], "country_of_manufacture");
        let report: Value = post(csv).await.expect("sent").json().await.expect("json");
        assert_eq!(
            report["written"], 0,
            "importing again adds nothing: {report}"
        );
        assert_eq!(report["already_present"], 1, "{report}");

        let r = post("this is, not\na weapons file\n").await.expect("sent");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let r = srv
            .http
            .post(srv.url("/api/v1/imports/weapons"))
            .bearer_auth(&officer)
            .json(&json!({}))
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let r = srv
            .http
            .post(srv.url("/api/v1/imports/rockets"))
            .bearer_auth(&officer)
            .header("content-type", "text/csv")
            .body("a\n")
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
}

/// A browser-like session: the session cookie, and the CSRF token of the last page.
struct Browser<'a> {
    srv: &'a Server,
    cookie: String,
}

fn csrf_of(page: &str) -> String {
    page.split("name=\"_csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("")
        .to_string()
}

impl<'a> Browser<'a> {
    async fn login(srv: &'a Server, role: Role) -> Browser<'a> {
        let r = srv
            .http
            .post(srv.url("/login"))
            .form(&[
                ("username", role.name().to_string()),
                ("password", password(role)),
                ("next", "/".into()),
            ])
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", role.name());
        let cookie = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("armtrace_session="))
            .expect("session cookie")
            .to_string();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        let cookie = cookie.split(';').next().unwrap_or("").to_string();
        Browser { srv, cookie }
    }

    async fn get(&self, path: &str) -> (StatusCode, String) {
        let r = self
            .srv
            .http
            .get(self.srv.url(path))
            .header("cookie", &self.cookie)
            .send()
            .await
            .expect("sent");
        let s = r.status();
        (s, r.text().await.expect("text"))
    }

    async fn post(&self, path: &str, form: &[(&str, String)]) -> (StatusCode, String, String) {
        let r = self
            .srv
            .http
            .post(self.srv.url(path))
            .header("cookie", &self.cookie)
            .form(form)
            .send()
            .await
            .expect("sent");
        let s = r.status();
        let to = r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        (s, to, r.text().await.expect("text"))
    }
}

/// The pages and whether each role may open them.
const PAGES: &[(&str, &[Role])] = &[
    ("/", Role::ALL),
    ("/search?q=1", Role::ALL),
    ("/holders", Role::ALL),
    ("/weapons/new", &[Role::RegistryOfficer]),
    ("/import", &[Role::RegistryOfficer]),
    ("/users", &[Role::Administrator]),
    ("/access-log", &[Role::Administrator, Role::Auditor]),
    (
        "/integrity",
        &[Role::Administrator, Role::RegistryOfficer, Role::Auditor],
    ),
    ("/traces", &[Role::Investigator, Role::PointOfContact]),
    ("/traces/new", &[Role::Investigator, Role::PointOfContact]),
];

#[tokio::test]
async fn every_page_opens_for_the_roles_that_may_and_is_refused_to_the_others() {
    for backend in backends() {
        let name = backend.name;
        let srv = Server::start(backend, |_| {}).await;
        // Anonymous: every page sends to the login page.
        let r = srv.http.get(srv.url("/")).send().await.expect("sent");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(
            r.headers()["location"]
                .to_str()
                .unwrap_or("")
                .starts_with("/login")
        );
        for &role in Role::ALL {
            let b = Browser::login(&srv, role).await;
            for (path, allowed) in PAGES {
                let (s, body) = b.get(path).await;
                if allowed.contains(&role) {
                    assert_eq!(s, StatusCode::OK, "{name} {} {path}", role.name());
                    assert!(body.starts_with("<!DOCTYPE html>"), "{path}");
                    assert!(body.contains("<main id=\"main\""), "{path}");
                } else {
                    assert_eq!(s, StatusCode::FORBIDDEN, "{name} {} {path}", role.name());
                }
            }
        }
        // An unknown page is an HTML 404, an unknown API route a JSON one.
        let b = Browser::login(&srv, Role::Auditor).await;
        let (s, body) = b.get("/no/such/page").await;
        assert_eq!(s, StatusCode::NOT_FOUND);
        assert!(body.contains("<html"));
        let (s, _) = b.get("/weapons/not-a-uuid").await;
        assert_eq!(s, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn forms_need_the_sessions_token_and_show_messages_beside_fields() {
    for backend in backends() {
        let name = backend.name;
        let srv = Server::start(backend, |_| {}).await;
        let (weapon, _) = weapons_in_and_out(&srv, "POLICE").await;
        let b = Browser::login(&srv, Role::RegistryOfficer).await;
        let (s, form) = b.get(&format!("/weapons/{weapon}/events/new")).await;
        assert_eq!(s, StatusCode::OK);
        let csrf = csrf_of(&form);
        assert_eq!(csrf.len(), 64);
        let before = head(&srv).await;
        let fields = |token: &str| {
            vec![
                ("_csrf", token.to_string()),
                ("kind", "marked".to_string()),
                ("occurred_at", today()),
                ("marking_kind", "remarking".into()),
                ("marking_place", "frame".into()),
                ("marking_text", "WEB-1".into()),
                ("notes", "<script>alert('x')</script> ' OR 1=1 --".into()),
            ]
        };
        // Without the token, or with another: refused, nothing written.
        let path = format!("/weapons/{weapon}/events/new");
        let (s, _, _) = b.post(&path, &fields("")).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{name}");
        let (s, _, _) = b.post(&path, &fields(&"0".repeat(64))).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{name}");
        assert_eq!(head(&srv).await, before);
        // A bad date: the message is beside the field, nothing written.
        let mut bad = fields(&csrf);
        bad[2].1 = "30/11/2026".into();
        let (s, _, page) = b.post(&path, &bad).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert!(page.contains("id=\"occurred_at-error\""), "{page}");
        assert_eq!(head(&srv).await, before);
        // With the token: recorded, and shown on the timeline.
        let (s, to, _) = b.post(&path, &fields(&csrf)).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{name}");
        assert!(to.contains("recorded="), "{to}");
        let (_, page) = b.get(&to).await;
        assert!(page.contains("WEB-1"), "{name}");
        // What was typed is shown as text, never as markup.
        assert!(!page.contains("<script>alert"), "{name}: not escaped");
        assert!(page.contains("&lt;script&gt;alert"), "{name}");
        // Another site's form is refused even with the token.
        let r = srv
            .http
            .post(srv.url(&path))
            .header("cookie", &b.cookie)
            .header("origin", "https://evil.example")
            .form(&fields(&csrf))
            .send()
            .await
            .expect("sent");
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        // Logging out needs the token too; afterwards the session is gone.
        let (s, _, _) = b.post("/logout", &[("_csrf", csrf.clone())]).await;
        assert_eq!(s, StatusCode::SEE_OTHER);
        let (s, _) = b.get("/").await;
        assert_eq!(s, StatusCode::SEE_OTHER, "logged out");
    }
}

#[tokio::test]
async fn pages_speak_the_language_asked_for() {
    let srv = Server::start(common::sqlite(), |_| {}).await;
    for (accept, lang, dir, word) in [
        ("ar-EG,ar;q=0.9", "ar", "rtl", "دخول"),
        ("zh-CN,zh;q=0.9", "zh", "ltr", "登录"),
        ("fr-FR,fr;q=0.9", "fr", "ltr", "Connexion"),
        ("ru-RU", "ru", "ltr", "Вход"),
        ("es-ES", "es", "ltr", "sesión"),
        ("de-DE", "en", "ltr", "Log in"),
    ] {
        let page = srv
            .http
            .get(srv.url("/login"))
            .header("accept-language", accept)
            .send()
            .await
            .expect("sent")
            .text()
            .await
            .expect("text");
        assert!(
            page.contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")),
            "{accept}: {}",
            &page[..200.min(page.len())]
        );
        assert!(page.contains(word), "{accept}: no '{word}'");
    }
    // A chosen language is kept for the account.
    let b = Browser::login(&srv, Role::Investigator).await;
    let (_, home) = b.get("/").await;
    let (s, _, _) = b
        .post(
            "/language",
            &[
                ("_csrf", csrf_of(&home)),
                ("lang", "ru".into()),
                ("next", "/".into()),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, page) = b.get("/").await;
    assert!(page.contains("<html lang=\"ru\""));
    let info = srv
        .state
        .accounts()
        .info("investigator")
        .expect("read")
        .expect("account");
    assert_eq!(info.lang.as_deref(), Some("ru"));
}

#[tokio::test]
async fn the_setup_link_creates_the_first_administrator_once() {
    let backend = common::sqlite();
    let dir = backend.dir.path().to_path_buf();
    let store = armtrace_store::Store::open(&backend.url, true).expect("store");
    drop(store);
    let config = armtrace_server::ServerConfig::new(&backend.url, dir.join("empty-server.db"));
    let state = tokio::task::spawn_blocking(move || armtrace_server::AppState::open(config))
        .await
        .expect("join")
        .expect("opens");
    let token = state.setup_token().expect("read").expect("no account yet");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let served = state.clone();
    let task = tokio::spawn(async move {
        let _ = armtrace_server::serve_state(served, listener).await;
    });
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let r = http
        .get(format!("{base}/setup/wrong"))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = http
        .get(format!("{base}/setup/{token}"))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::OK);
    let weak = http
        .post(format!("{base}/setup/{token}"))
        .form(&[
            ("username", "chief"),
            ("password", "short"),
            ("password_again", "short"),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let ok = http
        .post(format!("{base}/setup/{token}"))
        .form(&[
            ("username", "chief"),
            ("password", "a long enough password"),
            ("password_again", "a long enough password"),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(state.setup_token().expect("read"), None, "used up");
    let r = http
        .get(format!("{base}/setup/{token}"))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "the link works once");
    task.abort();
}

/// The request form's fields for a weapon described by `serial`, as a person fills them.
fn trace_fields(
    csrf: &str,
    weapon: &str,
    serial: &str,
    made_in: &str,
) -> Vec<(&'static str, String)> {
    vec![
        ("_csrf", csrf.to_string()),
        ("weapon", weapon.to_string()),
        ("reference", "KE-DCI-2026-0200".into()),
        (
            "requesting_authority",
            "Directorate of Criminal Investigations".into(),
        ),
        ("illicit_nature", "Seized at a roadblock; no licence".into()),
        (
            "legal_basis",
            "International Tracing Instrument; Firearms Act".into(),
        ),
        ("weapon.category", "".into()),
        ("weapon.make", "".into()),
        ("weapon.serial", serial.to_string()),
        ("weapon.country_of_manufacture", made_in.to_lowercase()),
        ("weapon.year_of_manufacture", "".into()),
        ("weapon.markings[0].kind", "import".into()),
        ("weapon.markings[0].text", "KE 19".into()),
        ("weapon.markings[0].place", "frame".into()),
        ("weapon.markings[0].country", "ke".into()),
        ("weapon.markings[0].year", "2019".into()),
        ("weapon.markings[1].kind", "manufacture".into()),
        ("weapon.markings[1].text", "".into()),
        ("circumstances.date", today()),
        ("circumstances.place", "Mombasa".into()),
        ("circumstances.description", "".into()),
        ("urgency", "urgent".into()),
        ("intended_use", "Criminal investigation".into()),
        ("confidentiality", "Law enforcement only".into()),
        ("answer_by", today()),
    ]
}

#[tokio::test]
async fn an_investigator_opens_a_trace_from_a_weapon_and_only_points_of_contact_and_they_see_it() {
    for backend in backends() {
        let name = backend.name;
        let srv = Server::start(backend, |_| {}).await;
        let (weapon, serial) = srv.some_weapon(7).await;
        let store = srv.state.store().clone();
        let id: armtrace_domain::WeaponId = weapon.parse().expect("weapon id");
        let made_in = tokio::task::spawn_blocking(move || {
            let w = store.weapon(id).expect("read").expect("weapon");
            w.description
                .country_of_manufacture
                .map(|c| c.to_string())
                .expect("a country of manufacture")
        })
        .await
        .expect("read");
        let fields = |csrf: &str| trace_fields(csrf, &weapon, &serial, &made_in);
        let inv = Browser::login(&srv, Role::Investigator).await;
        // The weapon page offers the trace; the form comes filled from the record.
        let (s, page) = inv.get(&format!("/weapons/{weapon}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(
            page.contains(&format!("/traces/new?weapon={weapon}")),
            "{name}"
        );
        let (s, form) = inv.get(&format!("/traces/new?weapon={weapon}")).await;
        assert_eq!(s, StatusCode::OK, "{name}");
        assert!(
            form.contains(&format!("value=\"{serial}\"")),
            "{name}: serial filled in"
        );
        let csrf = csrf_of(&form);
        let before = head(&srv).await;

        // Without the token: refused. Missing and malformed fields: a message beside each,
        // nothing written.
        let (s, _, _) = inv.post("/traces/new", &fields("")).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{name}");
        let mut bad = fields(&csrf);
        for (k, v) in bad.iter_mut() {
            match *k {
                "reference" => v.clear(),
                "answer_by" => *v = "31/12/2026".into(),
                "weapon.markings[0].year" => *v = "19".into(),
                "weapon.serial" => v.clear(),
                _ => {}
            }
        }
        let (s, _, page) = inv.post("/traces/new", &bad).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        for id in [
            "reference-error",
            "answer_by-error",
            "weapon.markings[0].year-error",
        ] {
            assert!(page.contains(&format!("id=\"{id}\"")), "{name}: {id}");
        }
        assert!(
            page.contains("value=\"KE 19\""),
            "{name}: what was typed is kept"
        );
        assert_eq!(head(&srv).await, before);
        let (_, list) = srv.get(Role::PointOfContact, "/api/v1/traces").await;
        assert_eq!(list.as_array().map(Vec::len), Some(0), "{name}");

        // Opened: the domestic trace found the record, and the States to ask are
        // proposed (the import marking's, then the State of manufacture).
        let (s, to, _) = inv.post("/traces/new", &fields(&csrf)).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{name}");
        assert!(
            to.starts_with("/traces/") && to.ends_with("?done=opened"),
            "{to}"
        );
        let (s, page) = inv.get(&to).await;
        assert_eq!(s, StatusCode::OK, "{name}");
        assert!(
            page.contains(&format!("href=\"/weapons/{weapon}\"")),
            "{name}"
        );
        assert!(
            page.contains("<strong>KE</strong>"),
            "{name}: import State proposed"
        );
        if made_in != "KE" {
            let made = format!("<strong>{made_in}</strong>");
            assert!(page.contains(&made), "{name}: State of manufacture");
        }
        assert!(
            !page.contains("action=\"/traces/"),
            "{name}: no point-of-contact form"
        );
        let (s, list) = inv.get("/traces").await;
        assert_eq!(s, StatusCode::OK);
        assert!(list.contains("KE-DCI-2026-0200"), "{name}");

        // The point of contact sees it (this server is no node: nothing to send with);
        // a registry officer is refused the page, an auditor too.
        let poc = Browser::login(&srv, Role::PointOfContact).await;
        let case = to.split('?').next().unwrap_or("").to_string();
        let (s, page) = poc.get(&case).await;
        assert_eq!(s, StatusCode::OK, "{name}");
        assert!(
            page.contains("armtrace node init"),
            "{name}: says how to become a node"
        );
        for role in [Role::RegistryOfficer, Role::Auditor] {
            let b = Browser::login(&srv, role).await;
            let (s, _) = b.get(&case).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{name} {}", role.name());
        }
        let (s, _) = poc.get("/traces/no-such-case").await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{name}");

        // Every view of the case is in the access log.
        let (_, log) = srv
            .get(Role::Auditor, "/api/v1/access-log?limit=1000")
            .await;
        let views = log["entries"]
            .as_array()
            .map(|l| {
                l.iter()
                    .filter(|x| x["action"] == "trace.view" && x["outcome"] == "ok")
                    .count()
            })
            .unwrap_or(0);
        assert_eq!(views, 2, "{name}: {log}");
    }
}
