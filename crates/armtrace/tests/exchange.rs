//! Tracing between States end to end: three separate `armtrace serve` processes on
//! loopback, each with its own store. Kenya (A) seizes a pistol made in Austria (B) and
//! imported by Uganda (C); A traces it to B; B's answer names the export to C; A follows
//! up with C; C answers with the last legal holder; A sees the whole chain. On the way,
//! C's server is killed with SIGKILL before the follow-up reaches it and A's server
//! before C's answer does: each message is delivered once the peer is back, exactly once.
//!
//! On SQLite always, and with every store on PostgreSQL when `ARMTRACE_TEST_PG` is set.

mod common;

use armtrace_server::accounts::AccountStore;
use armtrace_server::auth::Role;
use common::{TestDb, code, stderr, stdout};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Peer {
    name: &'static str,
    db: TestDb,
    port: u16,
    server: Option<Child>,
    /// Further `serve` arguments (TLS).
    serve_args: Vec<String>,
    scheme: &'static str,
    tokens: std::collections::HashMap<&'static str, String>,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn ok(o: &std::process::Output, what: &str) -> String {
    assert_eq!(code(o), 0, "{what}: {}{}", stdout(o), stderr(o));
    stdout(o)
}

impl Peer {
    fn new(name: &'static str, postgres: bool) -> Peer {
        let db = if postgres {
            TestDb::postgres().expect("ARMTRACE_TEST_PG")
        } else {
            TestDb::sqlite()
        };
        db.store();
        Peer {
            name,
            db,
            port: free_port(),
            server: None,
            serve_args: Vec::new(),
            scheme: "http",
            tokens: Default::default(),
        }
    }

    fn cli(&self, args: &[&str]) -> String {
        ok(&self.db.cli(args), &format!("{} {args:?}", self.name))
    }

    fn server_db(&self) -> PathBuf {
        self.db.path("server.db")
    }

    fn base(&self) -> String {
        format!("{}://127.0.0.1:{}", self.scheme, self.port)
    }

    fn account(&mut self, user: &'static str, role: Role) {
        let accounts = AccountStore::open(&self.server_db()).expect("server db");
        accounts
            .create(user, role, "a long enough password")
            .expect("account");
        let token = accounts.issue_token(user, "e2e").expect("token");
        self.tokens.insert(user, token);
    }

    fn start(&mut self) {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_armtrace"));
        if self.db.is_postgres() {
            cmd.env("ARMTRACE_INDEX", self.db.path("search.idx"));
        }
        let child = cmd
            .arg("--db")
            .arg(&self.db.url)
            .arg("serve")
            .arg("--listen")
            .arg(format!("127.0.0.1:{}", self.port))
            .arg("--server-db")
            .arg(self.server_db())
            .arg("--retry-base-ms")
            .arg("100")
            .args(&self.serve_args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("armtrace serve starts");
        self.server = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "{} server did not start",
                self.name
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// SIGKILL: no shutdown, no flush beyond what was committed.
    fn kill(&mut self) {
        if let Some(mut c) = self.server.take() {
            c.kill().expect("kill");
            let _ = c.wait();
        }
    }

    fn call(&self, user: &str, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let client = reqwest::blocking::Client::new();
        let url = format!("{}{path}", self.base());
        let mut req = match method {
            "POST" => client.post(&url),
            _ => client.get(&url),
        };
        req = req.bearer_auth(&self.tokens[user]);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().expect("request");
        let status = resp.status().as_u16();
        let v = resp.json::<Value>().unwrap_or(Value::Null);
        (status, v)
    }

    /// Polls a case until `pred` holds (or fails after 30 s).
    fn wait_case(&self, user: &str, id: &str, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (s, v) = self.call(user, "GET", &format!("/api/v1/traces/{id}"), None);
            if s != 200 {
                let (_, seen) = self.call("poc", "GET", &format!("/api/v1/traces/{id}"), None);
                panic!(
                    "{} case {id} as {user}: {s} {v}; as poc: {seen:#}",
                    self.name
                );
            }
            if pred(&v) {
                return v;
            }
            assert!(
                Instant::now() < deadline,
                "{}: waited in vain for {what}: {v:#}",
                self.name
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits for the one incoming case and returns it with its draft.
    fn wait_incoming(&self, count: usize) -> Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (s, v) = self.call("poc", "GET", "/api/v1/traces", None);
            assert_eq!(s, 200);
            let incoming: Vec<&Value> = v
                .as_array()
                .expect("list")
                .iter()
                .filter(|c| c["direction"] == "incoming")
                .collect();
            assert!(
                incoming.len() <= count,
                "{}: more cases than sent: {v:#}",
                self.name
            );
            if incoming.len() == count && !incoming[0]["draft"].is_null() {
                return incoming[0].clone();
            }
            assert!(
                Instant::now() < deadline,
                "{}: no drafted incoming case: {v:#}",
                self.name
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        self.kill();
    }
}

fn write(p: &Peer, name: &str, text: &str) -> String {
    let path = p.db.path(name);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

/// Each State makes its store a node; a hub signs the directory of them all, which each
/// imports.
fn connect(peers: &[(&Peer, &str)]) {
    let hub_dir = tempfile::tempdir().expect("dir");
    let hub_key = hub_dir.path().join("hub.key");
    let hub_jwk = hub_dir.path().join("hub.jwk");
    let o = Command::new(env!("CARGO_BIN_EXE_armtrace"))
        .args(["hub", "keygen", "--key"])
        .arg(&hub_key)
        .arg("--public")
        .arg(&hub_jwk)
        .output()
        .expect("hub keygen");
    ok(&o, "hub keygen");
    let mut entries = Vec::new();
    for (p, office) in peers {
        let inbox = format!("{}/exchange/v1/inbox", p.base());
        let key = p.db.path("node.key").display().to_string();
        p.cli(&[
            "node", "init", "--node", p.name, "--office", office, "--inbox", &inbox, "--key", &key,
        ]);
        let entry = p.cli(&["node", "entry"]);
        entries.push(write(p, "entry.json", &entry));
    }
    let directory = hub_dir.path().join("directory.jws");
    let mut sign = Command::new(env!("CARGO_BIN_EXE_armtrace"));
    sign.args(["hub", "sign", "--key"])
        .arg(&hub_key)
        .args(["--issuer", "Test hub", "--directory-version", "1", "--out"])
        .arg(&directory)
        .args(&entries);
    ok(&sign.output().expect("hub sign"), "hub sign");
    for (p, _) in peers {
        p.cli(&["node", "trust-hub", hub_jwk.to_str().expect("path")]);
        p.cli(&[
            "node",
            "import-directory",
            directory.to_str().expect("path"),
        ]);
    }
}

/// A trace request about the seized pistol.
fn pistol_request() -> Value {
    json!({
        "reference": "KE-DCI-2026-0117",
        "requesting_authority": "Kenya Directorate of Criminal Investigations",
        "illicit_nature": "Seized from a person without a firearm certificate during a robbery arrest",
        "legal_basis": "Firearms Act (Cap. 114) s. 4; ITI paragraph 14",
        "weapon": {
            "category": "pistol_revolver", "make": "Glock", "model": "17", "calibre": "9x19mm",
            // Misread at the scene (8 for B): the answering States find it by the
            // marking search, not by an exact look-up.
            "serial": "8X1234", "country_of_manufacture": "AT",
            "markings": [{"kind": "import", "text": "UG 15", "country": "UG", "year": 2015}]
        },
        "circumstances": {"date": "2026-11-20", "place": "Nairobi, Eastleigh", "description": "Recovered at arrest"},
        "intended_use": "Criminal investigation and prosecution",
        "confidentiality": "Law enforcement use only",
        "urgency": "urgent",
        "answer_by": "2026-12-31"
    })
}

fn scenario(postgres: bool) {
    let mut a = Peer::new("KE", postgres);
    let mut b = Peer::new("AT", postgres);
    let mut c = Peer::new("UG", postgres);
    connect(&[
        (&a, "Kenya National Focal Point on SALW"),
        (&b, "Austria Federal Ministry of the Interior, tracing"),
        (&c, "Uganda National Focal Point on SALW"),
    ]);

    // Austria's registry: made by Glock, exported to Uganda under licence.
    let h = write(
        &b,
        "h.csv",
        "code,kind,name,licence\nGLOCK-AT,manufacturer,Glock Ges.m.b.H.,AT-MFG-1\n",
    );
    let w = write(
        &b,
        "w.csv",
        "category,make,model,calibre,serial,country_of_manufacture,year_of_manufacture,import_marking,import_country,import_year,holder,status,registered_on\n\
         pistol_revolver,Glock,17,9x19mm,BX1234,AT,2014,,,,GLOCK-AT,in_stock,2014-03-01\n",
    );
    let e = write(
        &b,
        "e.csv",
        "make,serial,country_of_manufacture,kind,occurred_at,holder,country,location,document_kind,document_ref\n\
         Glock,BX1234,AT,exported,2015-06-10,,UG,Kampala Arms Ltd,licence,AT-EXP-2015-0042\n",
    );
    b.cli(&["import", "holders", &h]);
    b.cli(&["import", "weapons", &w]);
    b.cli(&["import", "events", &e]);
    // Uganda's: imported by a dealer, sold to a licensed civilian, reported stolen.
    let h = write(
        &c,
        "h.csv",
        "code,kind,name,licence\nKAL,dealer,Kampala Arms Ltd,UG-DL-77\nCIV-1,civilian,J. Okello,UG-CL-1234\n",
    );
    let w = write(
        &c,
        "w.csv",
        "category,make,model,calibre,serial,country_of_manufacture,year_of_manufacture,import_marking,import_country,import_year,holder,status,registered_on\n\
         pistol_revolver,Glock,17,9x19mm,BX1234,AT,2014,UG 15,UG,2015,,in_stock,2015-06-20\n",
    );
    let e = write(
        &c,
        "e.csv",
        "make,serial,country_of_manufacture,kind,occurred_at,holder,country,document_kind,document_ref\n\
         Glock,BX1234,AT,imported,2015-06-20,KAL,AT,licence,UG-IMP-2015-9\n\
         Glock,BX1234,AT,transferred,2016-02-01,CIV-1,,licence,UG-CL-1234\n\
         Glock,BX1234,AT,reported_stolen,2019-09-09,,,police_report,KLA-CPS-2019-311\n",
    );
    c.cli(&["import", "holders", &h]);
    c.cli(&["import", "weapons", &w]);
    c.cli(&["import", "events", &e]);

    a.account("inv", Role::Investigator);
    for p in [&mut a, &mut b, &mut c] {
        p.account("poc", Role::PointOfContact);
    }
    for p in [&mut a, &mut b, &mut c] {
        p.start();
    }

    // A's investigator opens the trace from the markings of the seized pistol.
    let request = pistol_request();
    let (s, opened) = a.call(
        "inv",
        "POST",
        "/api/v1/traces",
        Some(json!({"request": request})),
    );
    assert_eq!(s, 201, "{opened}");
    let id = opened["id"].as_str().expect("id").to_string();
    let proposed: Vec<String> = opened["proposals"]
        .as_array()
        .expect("proposals")
        .iter()
        .map(|p| p[0].as_str().unwrap_or("").to_string())
        .collect();
    assert!(
        proposed.contains(&"AT".to_string()) && proposed.contains(&"UG".to_string()),
        "{opened}"
    );
    // The investigator may not send: that is the point of contact's act.
    let (s, _) = a.call(
        "inv",
        "POST",
        &format!("/api/v1/traces/{id}/send"),
        Some(json!({"to": "AT"})),
    );
    assert_eq!(s, 403);
    let (s, sent) = a.call(
        "poc",
        "POST",
        &format!("/api/v1/traces/{id}/send"),
        Some(json!({"to": "AT"})),
    );
    assert_eq!(s, 200, "{sent}");
    a.wait_case("inv", &id, "AT's receipt", |v| {
        v["status"] == "acknowledged"
    });

    // B drafts from its records; nothing leaves before its point of contact approves.
    let incoming = b.wait_incoming(1);
    let bid = incoming["id"].as_str().expect("id").to_string();
    assert_eq!(incoming["draft"]["outcome"], "found", "{incoming:#}");
    assert_eq!(incoming["draft"]["next_state"], "UG", "{incoming:#}");
    assert_eq!(incoming["status"], "received");
    let (s, decided) = b.call(
        "poc",
        "POST",
        &format!("/api/v1/traces/{bid}/decision"),
        Some(json!({"decision": "approve"})),
    );
    assert_eq!(s, 200, "{decided}");
    let answered = a.wait_case("inv", &id, "AT's answer", |v| v["status"] == "answered");
    let answer = &answered["answers"][0];
    assert_eq!(answer["outcome"], "found");
    assert_eq!(
        answer["findings"]["exports"][0]["counterpart_state"], "UG",
        "{answer:#}"
    );
    assert_eq!(
        answer["findings"]["exports"][0]["document"],
        "licence AT-EXP-2015-0042"
    );
    b.wait_case("poc", &bid, "KE's receipt of the answer", |v| {
        v["steps"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s["kind"] == "acknowledged"))
    });

    // A follows up with C, while C's server is down (killed): delivered once it is back.
    c.kill();
    let (s, follow) = a.call(
        "poc",
        "POST",
        &format!("/api/v1/traces/{id}/follow-up"),
        Some(json!({"to": "UG"})),
    );
    assert_eq!(s, 201, "{follow}");
    let fid = follow["id"].as_str().expect("id").to_string();
    assert_eq!(follow["follows"], id.as_str());
    let (s, _) = a.call(
        "poc",
        "POST",
        &format!("/api/v1/traces/{fid}/send"),
        Some(json!({"to": "UG"})),
    );
    assert_eq!(s, 200);
    std::thread::sleep(Duration::from_millis(800));
    let (_, status) = a.call("poc", "GET", "/api/v1/node", None);
    assert!(status["pending"].as_u64().unwrap_or(0) >= 1, "{status}");
    c.start();
    a.wait_case("poc", &fid, "UG's receipt", |v| {
        v["status"] == "acknowledged"
    });

    // C answers while A's server is down: delivered once A is back.
    let incoming = c.wait_incoming(1);
    let cid = incoming["id"].as_str().expect("id").to_string();
    assert_eq!(incoming["request"]["follows"]["to"], "AT", "{incoming:#}");
    assert_eq!(
        incoming["draft"]["findings"]["last_legal_holder"]["name"], "J. Okello",
        "{incoming:#}"
    );
    a.kill();
    let (s, _) = c.call(
        "poc",
        "POST",
        &format!("/api/v1/traces/{cid}/decision"),
        Some(json!({"decision": "approve"})),
    );
    assert_eq!(s, 200);
    std::thread::sleep(Duration::from_millis(500));
    a.start();
    let done = a.wait_case("inv", &fid, "UG's answer", |v| v["status"] == "answered");
    assert_eq!(
        done["answers"].as_array().map(Vec::len),
        Some(1),
        "exactly once: {done:#}"
    );
    assert_eq!(done["answers"][0]["findings"]["status"], "stolen");

    // A sees the whole chain: made in AT, exported to UG, imported, last legal holder,
    // where it left legal hands, and where it was found.
    let (s, chain) = a.call("inv", "GET", &format!("/api/v1/traces/{fid}/chain"), None);
    assert_eq!(s, 200, "{chain}");
    let whats: Vec<&str> = chain
        .as_array()
        .expect("links")
        .iter()
        .map(|l| l["what"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        whats,
        [
            "manufactured",
            "exported",
            "imported",
            "last_legal_holder",
            "left_legal_hands",
            "found"
        ],
        "{chain:#}"
    );
    assert_eq!(chain[1]["other_state"], "UG");
    assert_eq!(chain[3]["party"], "J. Okello");
    assert_eq!(chain[5]["state"], "KE");

    // Exactly once everywhere; every store's chains (registry, message log, trace log)
    // are whole.
    let (_, list) = c.call("poc", "GET", "/api/v1/traces", None);
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list:#}");
    let (_, list) = b.call("poc", "GET", "/api/v1/traces", None);
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list:#}");
    for p in [&mut a, &mut b, &mut c] {
        p.kill();
        let out = p.cli(&["verify"]);
        assert!(out.contains("Intact"), "{}: {out}", p.name);
        let log = p.cli(&["node", "log", "--limit", "100"]);
        assert!(
            log.contains("accepted") && log.contains("receipt_received"),
            "{}: {log}",
            p.name
        );
    }
}

#[test]
fn three_states_trace_a_pistol_along_its_supply_chain_on_sqlite() {
    scenario(false);
}

#[test]
fn three_states_trace_a_pistol_along_its_supply_chain_on_postgres() {
    if TestDb::postgres().is_none() {
        eprintln!("PostgreSQL not tested: set ARMTRACE_TEST_PG");
        return;
    }
    scenario(true);
}

/// A node that terminates TLS itself: Austria serves HTTPS with a certificate of a
/// test CA; Kenya trusts that CA (`--peer-ca`) and gets its receipt over HTTPS.
#[test]
fn a_request_travels_over_https_to_a_node_that_terminates_tls() {
    let mut a = Peer::new("KE", false);
    let mut b = Peer::new("AT", false);
    let ca_key = rcgen::KeyPair::generate().expect("key");
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).expect("CA");
    let leaf_key = rcgen::KeyPair::generate().expect("key");
    let leaf = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".into()])
        .expect("params")
        .signed_by(&leaf_key, &ca, &ca_key)
        .expect("leaf");
    let ca_pem = write(&a, "ca.pem", &ca.pem());
    let cert = write(&b, "cert.pem", &leaf.pem());
    let key = write(&b, "key.pem", &leaf_key.serialize_pem());
    b.scheme = "https";
    b.serve_args = vec!["--tls-cert".into(), cert, "--tls-key".into(), key];
    a.serve_args = vec!["--peer-ca".into(), ca_pem];
    connect(&[
        (&a, "Kenya National Focal Point on SALW"),
        (&b, "Austria, tracing"),
    ]);
    a.account("poc", Role::PointOfContact);
    b.account("poc", Role::PointOfContact);
    a.start();
    b.start();
    let (s, opened) = a.call(
        "poc",
        "POST",
        "/api/v1/traces",
        Some(json!({"request": pistol_request()})),
    );
    assert_eq!(s, 201, "{opened}");
    let id = opened["id"].as_str().expect("id").to_string();
    let (s, _) = a.call(
        "poc",
        "POST",
        &format!("/api/v1/traces/{id}/send"),
        Some(json!({"to": "AT"})),
    );
    assert_eq!(s, 200);
    a.wait_case("poc", &id, "AT's receipt over HTTPS", |v| {
        v["status"] == "acknowledged"
    });
    // Plain HTTP to a TLS port gets nowhere.
    let plain = reqwest::blocking::get(format!("http://127.0.0.1:{}/exchange/v1/node", b.port));
    assert!(plain.map(|r| !r.status().is_success()).unwrap_or(true));
}
