//! PostgreSQL over TLS (`sslmode=require`): the server's certificate is verified, against
//! the public roots or the CA file named by `ARMTRACE_PG_CA`.
//!
//! Runs where the PostgreSQL of `ARMTRACE_TEST_PG` has SSL on with Debian's default
//! certificate for `localhost` (as on this project's machines); says so and passes
//! elsewhere.

mod common;

use common::{code, stderr, stdout};
use std::process::Command;

const CERT: &str = "/etc/ssl/certs/ssl-cert-snakeoil.pem";

#[test]
fn a_store_over_tls_verifies_the_server_certificate() {
    let Some(base) = std::env::var("ARMTRACE_TEST_PG")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        eprintln!("PostgreSQL not tested: set ARMTRACE_TEST_PG");
        return;
    };
    let Ok(mut admin) = postgres::Client::connect(&base, postgres::NoTls) else {
        panic!("ARMTRACE_TEST_PG must be reachable");
    };
    let ssl_on = admin
        .query_one("SHOW ssl", &[])
        .map(|r| r.get::<_, String>(0) == "on")
        .unwrap_or(false);
    if !ssl_on || !std::path::Path::new(CERT).exists() {
        eprintln!("TLS not tested: the test server has no SSL, or no {CERT}");
        return;
    }
    let schema = format!("tls_{}", uuid::Uuid::now_v7().simple());
    admin
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .expect("schema");
    // The certificate names `localhost`: connect by that name, over TLS, required.
    let url = format!(
        "postgres://postgres@localhost:5432/test?sslmode=require&connect_timeout=5&options=-c%20search_path%3D{schema}"
    );
    let run = |ca: Option<&str>, args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_armtrace"));
        cmd.env_remove("ARMTRACE_PG_CA");
        if let Some(ca) = ca {
            cmd.env("ARMTRACE_PG_CA", ca);
        }
        cmd.args(["--db", &url, "--quiet"])
            .args(args)
            .output()
            .expect("runs")
    };
    // Not trusted without its CA: refused, and said why.
    let o = run(None, &["init"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(stderr(&o).contains("no TLS connection"), "{}", stderr(&o));
    // Trusted with it: a working store.
    let o = run(Some(CERT), &["init"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = run(Some(CERT), &["verify"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    admin
        .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .expect("drop");
}
