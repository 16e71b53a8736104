//! `armtrace serve` as a real process on a real port, with an account made by
//! `armtrace user add`.

mod common;

use common::{TestDb, code, stderr};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

fn http(addr: &str, request: &str) -> String {
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.write_all(request.as_bytes()).expect("send");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("read");
    out
}

#[test]
fn the_server_starts_on_the_store_and_answers() {
    let db = TestDb::sqlite();
    assert_eq!(code(&db.cli(&["init"])), 0);
    // No default account: the first one is made from the command line.
    let mut add = Command::new(env!("CARGO_BIN_EXE_armtrace"))
        .args([
            "--db",
            &db.url,
            "user",
            "add",
            "chief",
            "--role",
            "administrator",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("user add");
    add.stdin
        .take()
        .expect("stdin")
        .write_all(b"a long enough passphrase\n")
        .expect("password");
    let o = add.wait_with_output().expect("user add ends");
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    let mut server = Command::new(env!("CARGO_BIN_EXE_armtrace"))
        .args(["--db", &db.url, "serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve");
    let mut out = BufReader::new(server.stdout.take().expect("stdout"));
    let mut first = String::new();
    out.read_line(&mut first).expect("banner");
    // Keep reading what the server prints, so that it never writes into a closed pipe.
    std::thread::spawn(move || for _ in out.lines() {});
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {first}"))
        .to_string();

    let openapi = http(
        &addr,
        "GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(openapi.starts_with("HTTP/1.1 200"), "{openapi}");
    assert!(openapi.contains("\"openapi\""), "{openapi}");
    let body = r#"{"username":"chief","password":"a long enough passphrase"}"#;
    let login = http(
        &addr,
        &format!(
            "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(login.starts_with("HTTP/1.1 200"), "{login}");
    assert!(
        login.contains("HttpOnly; Secure; SameSite=Strict"),
        "{login}"
    );
    let anonymous = http(
        &addr,
        "GET /api/v1/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(anonymous.starts_with("HTTP/1.1 401"), "{anonymous}");
    server.kill().expect("stop");
    let _ = server.wait();
}
