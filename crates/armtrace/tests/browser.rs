//! Browser tests: a real `armtrace demo` process (the README's run command, on its own
//! SQLite store and a free port) driven through Debian's Chromium by chromedriver, as a
//! new user would use it: log in with the printed account, register a weapon, find it
//! from a misread serial, open it, record a seizure and see it on the timeline, switch
//! to Arabic (right to left), and be refused an officer's form as an auditor.
//!
//! Needs /usr/bin/chromium and /usr/bin/chromedriver (`scripts/test` installs them).
//! With ARMTRACE_SCREENSHOTS=DIR the main pages are saved there as PNG (the README's
//! screenshots: `ARMTRACE_SCREENSHOTS=docs/screenshots cargo test -p armtrace --test browser`).

use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A child process killed when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The demo server: its address and the accounts it printed.
struct Demo {
    _child: Killed,
    _dir: tempfile::TempDir,
    url: String,
    accounts: Vec<(String, String)>,
}

impl Demo {
    fn password(&self, name: &str) -> &str {
        self.accounts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, p)| p.as_str())
            .unwrap_or_else(|| panic!("no demo account {name}: {:?}", self.accounts))
    }
}

fn start_demo() -> Demo {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("registry.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_armtrace"))
        .args(["--quiet", "--db"])
        .arg(&db)
        .args(["demo", "--weapons", "1500", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("armtrace demo starts");
    let out = child.stdout.take().expect("stdout");
    let child = Killed(child);
    let mut url = None;
    let mut accounts = Vec::new();
    let mut lines = BufReader::new(out).lines();
    for line in lines.by_ref() {
        let line = line.expect("a line of output");
        if let Some(rest) = line.trim().strip_prefix("web application: ") {
            url = Some(rest.trim().trim_end_matches('/').to_string());
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        if let [name, password, role] = words.as_slice()
            && ["officer", "admin", "auditor", "investigator", "contact"].contains(name)
            && armtrace_server::auth::Role::parse(role).is_some()
        {
            accounts.push((name.to_string(), password.to_string()));
        }
        if line.starts_with("Stop with Ctrl-C") {
            break;
        }
    }
    // Keep reading the server's output so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Demo {
        _child: child,
        _dir: dir,
        url: url.expect("the demo printed its address"),
        accounts,
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn browser() -> (Client, Killed, tempfile::TempDir) {
    assert!(
        std::path::Path::new(CHROMIUM).exists() && std::path::Path::new(CHROMEDRIVER).exists(),
        "the browser tests need Debian's chromium and chromium-driver: run scripts/test, \
         which installs them, or apt-get install chromium chromium-driver"
    );
    let port = free_port();
    let driver = Killed(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let profile = tempfile::tempdir().expect("profile dir");
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }
    });
    let caps = match caps {
        serde_json::Value::Object(m) => m,
        _ => unreachable!("an object"),
    };
    let mut last = None;
    for _ in 0..50 {
        match ClientBuilder::native()
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => return (c, driver, profile),
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("chromedriver did not answer: {last:?}");
}

async fn shot(c: &Client, name: &str) {
    let Ok(dir) = std::env::var("ARMTRACE_SCREENSHOTS") else {
        return;
    };
    c.execute("window.scrollTo(0, 0);", vec![])
        .await
        .expect("scroll to the top");
    let png = c.screenshot().await.expect("screenshot");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    std::fs::write(format!("{dir}/{name}.png"), png).expect("screenshot written");
}

async fn text(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .expect("text")
}

async fn fill(c: &Client, id: &str, value: &str) {
    let field = c
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("#{id}: {e}"));
    field.clear().await.expect("clear");
    field.send_keys(value).await.expect("type");
}

async fn login(c: &Client, demo: &Demo, name: &str) {
    c.goto(&format!("{}/login?lang=en", demo.url))
        .await
        .expect("login page");
    fill(c, "username", name).await;
    fill(c, "password", demo.password(name)).await;
    c.find(Locator::Css("form.card button[type=submit]"))
        .await
        .expect("login button")
        .click()
        .await
        .expect("log in");
    // Logged in as `name`: the header names the account. (Only the menu showing is not
    // enough: a page of the account logged in before also has one, and a navigation
    // started before the new session's cookie is set would be answered for the old one.)
    for _ in 0..200 {
        if let Ok(who) = c.find(Locator::Css("header span.who")).await
            && who.text().await.is_ok_and(|t| t.starts_with(name))
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("not logged in as {name} after 10 s");
}

async fn select(c: &Client, id: &str, value: &str) {
    c.find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("#{id}: {e}"))
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("#{id} = {value}: {e}"));
}

async fn submit(c: &Client, form: &str) {
    c.find(Locator::Css(&format!("{form} button[type=submit]")))
        .await
        .expect("submit button")
        .click()
        .await
        .expect("submit");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_officer_finds_a_weapon_from_a_misread_serial_and_records_a_seizure() {
    let demo = start_demo();
    let (c, _driver, _profile) = browser().await;
    shot_login(&c, &demo).await;
    login(&c, &demo, "officer").await;
    assert_eq!(text(&c, "h1").await, "Dashboard");
    shot(&c, "dashboard").await;

    // Register a weapon with a Cyrillic serial.
    c.find(Locator::LinkText("Register a weapon"))
        .await
        .expect("menu link")
        .click()
        .await
        .expect("open the form");
    select(&c, "category", "assault_rifle").await;
    fill(&c, "make", "Izhmash").await;
    fill(&c, "model", "AK-74").await;
    fill(&c, "calibre", "5.45x39mm").await;
    fill(&c, "serial", "ЖК 90817").await;
    fill(&c, "country_of_manufacture", "RU").await;
    fill(&c, "year_of_manufacture", "1987").await;
    fill(&c, "holder", "POLICE").await;
    submit(&c, "form.card").await;
    let notice = c
        .wait()
        .for_element(Locator::Css(".notice.ok"))
        .await
        .expect("registered")
        .text()
        .await
        .expect("text");
    assert!(notice.contains("registered"), "{notice}");

    // A bad field gets its message beside it and changes nothing.
    c.goto(&format!("{}/weapons/new", demo.url))
        .await
        .expect("form");
    fill(&c, "make", "Glock").await;
    fill(&c, "model", "17").await;
    fill(&c, "calibre", "9x19mm").await;
    fill(&c, "serial", "ABC123").await;
    fill(&c, "country_of_manufacture", "XX").await;
    submit(&c, "form.card").await;
    let err = c
        .wait()
        .for_element(Locator::Id("country_of_manufacture-error"))
        .await
        .expect("a message beside the field")
        .text()
        .await
        .expect("text");
    assert!(err.contains("XX"), "{err}");

    // Search it as read from a worn marking: first character gone, a digit unreadable,
    // a zero read as the letter O.
    c.goto(&format!("{}/search", demo.url))
        .await
        .expect("search page");
    fill(&c, "q", "*к 9O8?7").await;
    submit(&c, "form.search").await;
    c.wait()
        .for_element(Locator::Css("ol.hits"))
        .await
        .expect("hits");
    let first = text(&c, "ol.hits li.hit .serial").await;
    assert_eq!(first, "ЖК 90817");
    let why = text(&c, "ol.hits li.hit ul.why").await;
    assert!(why.contains("unreadable"), "{why}");
    shot(&c, "search").await;
    c.find(Locator::Css("ol.hits li.hit a.hit-title"))
        .await
        .expect("first hit")
        .click()
        .await
        .expect("open");
    c.wait()
        .for_element(Locator::Css("ol.timeline"))
        .await
        .expect("weapon page");
    assert!(text(&c, "h1").await.contains("ЖК 90817"));

    // Record a seizure.
    c.find(Locator::LinkText("Record an event"))
        .await
        .expect("record button")
        .click()
        .await
        .expect("open the form");
    select(&c, "kind", "seized").await;
    // The date stays today's, the form's default: the weapon was registered today, and an
    // event before its registration is history that does not change its status.
    fill(&c, "holder", "POLICE").await;
    fill(&c, "location", "Mombasa port, container 7").await;
    select(&c, "document_kind", "police_report").await;
    fill(&c, "document_ref", "PR-2026-4471").await;
    shot(&c, "record-event").await;
    submit(&c, "form.card").await;
    c.wait()
        .for_element(Locator::Css(".notice.ok"))
        .await
        .expect("recorded");
    let last = text(&c, "ol.timeline > li:last-child").await;
    assert!(last.contains("Seized"), "{last}");
    assert!(last.contains("PR-2026-4471"), "{last}");
    let today = chrono::Utc::now()
        .date_naive()
        .format("%-d %B %Y")
        .to_string();
    assert!(last.contains(&today), "{last}");
    assert_eq!(
        text(&c, "dl.facts .status").await,
        "Seized",
        "the status follows the event"
    );
    shot(&c, "weapon").await;

    // Arabic: right to left, translated, the same record.
    select(&c, "lang-select", "ar").await;
    c.wait()
        .for_element(Locator::Css("html[dir=rtl]"))
        .await
        .expect("the page turns right to left");
    let lang = c
        .find(Locator::Css("html"))
        .await
        .expect("html")
        .attr("lang")
        .await
        .expect("lang");
    assert_eq!(lang.as_deref(), Some("ar"));
    let direction = c
        .execute("return getComputedStyle(document.body).direction;", vec![])
        .await
        .expect("direction");
    assert_eq!(direction, serde_json::json!("rtl"));
    let heading = text(&c, "#history-title").await;
    assert_ne!(heading, "History", "the page is translated");
    // The serial keeps its own order inside the right-to-left page.
    assert!(text(&c, "h1").await.contains("ЖК 90817"));
    shot(&c, "weapon-ar").await;
    c.goto(&format!("{}/", demo.url)).await.expect("dashboard");
    shot(&c, "dashboard-ar").await;
    c.close().await.expect("browser closed");
}

async fn shot_login(c: &Client, demo: &Demo) {
    c.goto(&format!("{}/login?lang=en", demo.url))
        .await
        .expect("login page");
    shot(c, "login").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_auditor_cannot_reach_an_officers_form() {
    let demo = start_demo();
    let (c, _driver, _profile) = browser().await;
    login(&c, &demo, "auditor").await;
    let menu = text(&c, "header nav").await;
    assert!(menu.contains("Access log"), "{menu}");
    assert!(!menu.contains("Register a weapon"), "{menu}");
    // Open some weapon, then try its "record an event" form by address.
    c.goto(&format!("{}/search?q=*1", demo.url))
        .await
        .expect("search");
    let href = c
        .find(Locator::Css("ol.hits li.hit a.hit-title"))
        .await
        .expect("a hit")
        .attr("href")
        .await
        .expect("href")
        .expect("a link");
    c.goto(&format!("{}{href}", demo.url))
        .await
        .expect("weapon page");
    assert!(
        c.find(Locator::LinkText("Record an event")).await.is_err(),
        "no record button for an auditor"
    );
    c.goto(&format!("{}{href}/events/new", demo.url))
        .await
        .expect("form address");
    assert_eq!(text(&c, "h1").await, "Not allowed");
    c.goto(&format!("{}/weapons/new", demo.url))
        .await
        .expect("form address");
    assert_eq!(text(&c, "h1").await, "Not allowed");
    // The access log shows the refusals.
    c.goto(&format!("{}/access-log?q=denied", demo.url))
        .await
        .expect("log");
    let log = text(&c, "table.log tbody").await;
    assert!(log.contains("auditor"), "{log}");
    shot(&c, "access-log").await;
    c.close().await.expect("browser closed");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_investigator_opens_a_trace_from_a_weapon_record_and_the_contact_sees_it() {
    let demo = start_demo();
    let (c, _driver, _profile) = browser().await;
    login(&c, &demo, "investigator").await;
    let menu = text(&c, "header nav").await;
    assert!(menu.contains("Traces"), "{menu}");
    assert!(!menu.contains("Register a weapon"), "{menu}");
    // Some weapon of the registry, then "Open a trace request" on its page.
    c.goto(&format!("{}/search?q=*1", demo.url))
        .await
        .expect("search");
    c.find(Locator::Css("ol.hits li.hit a.hit-title"))
        .await
        .expect("a hit")
        .click()
        .await
        .expect("open");
    c.wait()
        .for_element(Locator::Css("ol.timeline"))
        .await
        .expect("weapon page");
    let serial = text(&c, "dl.facts .serial").await;
    c.find(Locator::LinkText("Open a trace request"))
        .await
        .expect("trace button")
        .click()
        .await
        .expect("open the form");
    c.wait()
        .for_element(Locator::Id("reference"))
        .await
        .expect("the request form");
    // The form comes filled from the record; the investigator adds the case.
    let filled = c
        .find(Locator::Id("weapon.serial"))
        .await
        .expect("serial field")
        .prop("value")
        .await
        .expect("value");
    assert_eq!(filled.as_deref(), Some(serial.as_str()));
    fill(&c, "reference", "KE-DCI-2026-0117").await;
    fill(
        &c,
        "requesting_authority",
        "Directorate of Criminal Investigations",
    )
    .await;
    fill(
        &c,
        "illicit_nature",
        "Seized at a roadblock from a person without a licence",
    )
    .await;
    fill(
        &c,
        "legal_basis",
        "International Tracing Instrument; Firearms Act",
    )
    .await;
    fill(&c, "circumstances.place", "Mombasa").await;
    fill(&c, "intended_use", "Criminal investigation and prosecution").await;
    shot(&c, "trace-new").await;
    // The date found is missing: the message is beside it.
    submit(&c, "form.card").await;
    let err = c
        .wait()
        .for_element(Locator::Id("circumstances.date-error"))
        .await
        .expect("a message beside the date")
        .text()
        .await
        .expect("text");
    assert!(err.contains("Fill this in"), "{err}");
    let today = chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    c.execute(
        "document.getElementById('circumstances.date').value = arguments[0];",
        vec![serde_json::json!(today)],
    )
    .await
    .expect("date set");
    submit(&c, "form.card").await;
    c.wait()
        .for_element(Locator::Css("#domestic-title"))
        .await
        .expect("the case page");
    assert!(text(&c, "h1").await.contains("KE-DCI-2026-0117"));
    let domestic = text(&c, "section[aria-labelledby=domestic-title]").await;
    assert!(domestic.contains(&serial), "{domestic}");
    shot(&c, "trace").await;

    // The point of contact finds it in the list; this demo server is no exchange node,
    // and the page says how it becomes one.
    c.find(Locator::Css("form[action='/logout'] button"))
        .await
        .expect("log out")
        .click()
        .await
        .expect("logged out");
    login(&c, &demo, "contact").await;
    c.goto(&format!("{}/traces", demo.url))
        .await
        .expect("traces");
    let list = text(&c, "table.traces").await;
    assert!(list.contains("KE-DCI-2026-0117"), "{list}");
    c.find(Locator::LinkText("KE-DCI-2026-0117"))
        .await
        .expect("the case")
        .click()
        .await
        .expect("open");
    let page = c
        .wait()
        .for_element(Locator::Css("main"))
        .await
        .expect("case page")
        .text()
        .await
        .expect("text");
    assert!(page.contains("armtrace node init"), "{page}");
    c.close().await.expect("browser closed");
}
