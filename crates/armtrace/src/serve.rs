//! `armtrace serve` and `armtrace user add`: wiring for the server crate.

use crate::exit;
use anyhow::{Context, Result, bail};
use armtrace_server::accounts::AccountStore;
use armtrace_server::auth::Role;
use armtrace_server::{AppState, ServerConfig};
use armtrace_store::{Location, Store};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// Where the server database is: given, or beside a SQLite store, or in the current folder.
fn server_db(db: &str, given: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(p) = given {
        return Ok(p);
    }
    Ok(match Location::parse(db)? {
        Location::Sqlite(path) => {
            let mut p = path.into_os_string();
            p.push(".server.db");
            PathBuf::from(p)
        }
        Location::Postgres(_) => PathBuf::from("armtrace-server.db"),
    })
}

/// Runs the server until interrupted.
pub fn serve(db: &str, listen: std::net::SocketAddr, given: Option<PathBuf>) -> Result<u8> {
    // The store must exist: the server does not create one.
    Store::open(db, false)?;
    let mut config = ServerConfig::new(db, server_db(db, given)?);
    if let Ok(Location::Sqlite(path)) = Location::parse(db) {
        let mut p = path.into_os_string();
        p.push(".search");
        config.index = Some(PathBuf::from(p));
    }
    let server_db = config.server_db.clone();
    let runtime = tokio::runtime::Runtime::new().context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let state = tokio::task::spawn_blocking(move || AppState::open(config))
            .await
            .context("opening the server")??;
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("cannot listen on {listen}"))?;
        let addr = listener.local_addr()?;
        println!("armtrace is serving the registry {db} at http://{addr}/api/v1");
        println!("  API description: http://{addr}/api/v1/openapi.json");
        println!("  accounts and access log: {}", server_db.display());
        println!(
            "  no account yet? create one: armtrace --db {db} user add NAME --role administrator"
        );
        println!("Stop with Ctrl-C.");
        tokio::select! {
            r = armtrace_server::serve_state(state, listener) => r.context("the server stopped")?,
            _ = tokio::signal::ctrl_c() => println!("Stopped."),
        }
        anyhow::Ok(())
    })?;
    Ok(exit::OK)
}

/// Creates an account.
pub fn add_user(
    db: &str,
    name: &str,
    role: &str,
    password_file: Option<&Path>,
    given: Option<PathBuf>,
) -> Result<u8> {
    let Some(role) = Role::parse(role) else {
        bail!(
            "'{role}' is not a role; the roles are: {}",
            Role::ALL
                .iter()
                .map(|r| r.name())
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    let password = match password_file {
        Some(p) => std::fs::read_to_string(p)
            .with_context(|| format!("cannot read {}", p.display()))?
            .lines()
            .next()
            .unwrap_or_default()
            .to_string(),
        None => {
            eprintln!("Password for {name} (one line, at least 12 characters):");
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .context("cannot read the password")?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let path = server_db(db, given)?;
    let accounts = AccountStore::open(&path)
        .with_context(|| format!("the server database {}", path.display()))?;
    accounts.create(name, role, &password)?;
    println!(
        "Account {name} ({}) created in {}.",
        role.name(),
        path.display()
    );
    Ok(exit::OK)
}
