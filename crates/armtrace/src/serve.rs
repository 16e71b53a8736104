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

/// Settings of `serve` for the exchange.
#[derive(Debug, Clone)]
pub struct Extras {
    /// A CA certificate file trusted for peers' TLS.
    pub peer_ca: Option<PathBuf>,
    /// The outbox's first retry delay.
    pub retry_base: std::time::Duration,
    /// Serve HTTPS with this certificate chain and key (PEM files).
    pub tls: Option<(PathBuf, PathBuf)>,
}

impl Default for Extras {
    fn default() -> Self {
        Extras {
            peer_ca: None,
            retry_base: std::time::Duration::from_secs(2),
            tls: None,
        }
    }
}

/// Runs the server until interrupted.
pub fn serve(
    db: &str,
    listen: std::net::SocketAddr,
    given: Option<PathBuf>,
    extras: &Extras,
) -> Result<u8> {
    serve_with(db, listen, given, &[], extras)
}

/// The accounts `armtrace demo` makes on a server database that has none: a name, a role,
/// and a random password printed once (there is no default password).
const DEMO_ACCOUNTS: &[(&str, Role)] = &[
    ("officer", Role::RegistryOfficer),
    ("admin", Role::Administrator),
    ("auditor", Role::Auditor),
    ("investigator", Role::Investigator),
    ("contact", Role::PointOfContact),
];

/// Makes the demo accounts when the server database has no account yet; returns them
/// with their passwords, or nothing when accounts exist already.
pub fn demo_accounts(db: &str, given: Option<PathBuf>) -> Result<Vec<(String, Role, String)>> {
    let path = server_db(db, given)?;
    let accounts = AccountStore::open(&path)
        .with_context(|| format!("the server database {}", path.display()))?;
    if accounts.count()? > 0 {
        return Ok(Vec::new());
    }
    let mut made = Vec::new();
    for (name, role) in DEMO_ACCOUNTS {
        let password = armtrace_server::accounts::generate_password();
        accounts.create(name, *role, &password)?;
        made.push((name.to_string(), *role, password));
    }
    Ok(made)
}

/// Runs the server until interrupted, first printing `accounts` (name, role, password).
pub fn serve_with(
    db: &str,
    listen: std::net::SocketAddr,
    given: Option<PathBuf>,
    accounts: &[(String, Role, String)],
    extras: &Extras,
) -> Result<u8> {
    // The store must exist: the server does not create one.
    Store::open(db, false)?;
    let mut config = ServerConfig::new(db, server_db(db, given)?);
    config.peer_ca = extras.peer_ca.clone();
    config.retry_base = extras.retry_base;
    if let Ok(Location::Sqlite(path)) = Location::parse(db) {
        let mut p = path.into_os_string();
        p.push(".search");
        config.index = Some(PathBuf::from(p));
    }
    let server_db = config.server_db.clone();
    let tls = match &extras.tls {
        Some((cert, key)) => Some(armtrace_server::tls::tls_config(cert, key)?),
        None => None,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let runtime = tokio::runtime::Runtime::new().context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let state = tokio::task::spawn_blocking(move || AppState::open(config))
            .await
            .context("opening the server")??;
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("cannot listen on {listen}"))?;
        let addr = listener.local_addr()?;
        println!("armtrace is serving the registry {db} at {scheme}://{addr}/");
        println!("  web application: {scheme}://{addr}/");
        println!("  JSON API:        {scheme}://{addr}/api/v1 (described at {scheme}://{addr}/api/v1/openapi.json)");
        if let Some(node) = state.node() {
            println!("  exchange node {}: inbox {scheme}://{addr}/exchange/v1/inbox (published in the directory as {})", node.id(), node.config().inbox);
        }
        println!("  accounts and sessions: {}", server_db.display());
        if !accounts.is_empty() {
            println!();
            println!("Log in with one of these accounts (passwords made now, shown only this once):");
            for (name, role, password) in accounts {
                println!("  {name:<12} {password}   {}", role.name());
            }
            println!("The officer records and registers, the administrator manages accounts, the auditor reads everything;");
            println!("the investigator opens trace requests, the contact (point of contact) sends and answers them.");
        } else if let Some(token) = state.setup_token()? {
            println!();
            println!("There is no account yet. Create the first administrator here (this link works once):");
            println!("  {scheme}://{addr}/setup/{token}");
            println!("  or on the command line: armtrace --db {db} user add NAME --role administrator");
        } else {
            println!("  log in with your account; an administrator creates new ones on the Users page");
            println!("  forgot a password? armtrace --db {db} user password NAME");
        }
        println!();
        println!("Stop with Ctrl-C.");
        let serving = async move {
            match tls {
                Some(config) => armtrace_server::tls::serve_tls(state, listener, config).await,
                None => armtrace_server::serve_state(state, listener).await,
            }
        };
        tokio::select! {
            r = serving => r.context("the server stopped")?,
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
    agency: Option<&str>,
    given: Option<PathBuf>,
) -> Result<u8> {
    if let Some(code) = agency
        && !Store::open(db, false)?
            .holders()?
            .iter()
            .any(|h| h.code == code)
    {
        bail!(
            "no holder has the code '{code}': give the code of an agency in the registry (armtrace holders)"
        );
    }
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
    let password = read_password(name, password_file)?;
    let path = server_db(db, given)?;
    let accounts = AccountStore::open(&path)
        .with_context(|| format!("the server database {}", path.display()))?;
    accounts.create_scoped(name, role, &password, agency)?;
    println!(
        "Account {name} ({}{}) created in {}.",
        role.name(),
        agency.map(|a| format!(", agency {a}")).unwrap_or_default(),
        path.display()
    );
    Ok(exit::OK)
}

/// A password from the first line of a file, or typed on standard input.
fn read_password(name: &str, password_file: Option<&Path>) -> Result<String> {
    Ok(match password_file {
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
    })
}

/// Sets a new password for an account.
pub fn set_password(
    db: &str,
    name: &str,
    password_file: Option<&Path>,
    given: Option<PathBuf>,
) -> Result<u8> {
    let password = read_password(name, password_file)?;
    let path = server_db(db, given)?;
    let accounts = AccountStore::open(&path)
        .with_context(|| format!("the server database {}", path.display()))?;
    accounts.set_password(name, &password)?;
    println!("The password of {name} is changed in {}.", path.display());
    Ok(exit::OK)
}
