//! The command line: every command and option, with the help people read.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// armtrace — the registry of small arms and light weapons: every marked weapon and its
/// whole history, kept as tamper-evident evidence.
///
/// Exit codes: 0 done; 1 failed (the message says why); 2 wrong command line;
/// 3 verify found the store altered; 4 import rejected some rows; 5 not found.
#[derive(Debug, Parser)]
#[command(
    name = "armtrace",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The store: a SQLite file path, sqlite:PATH, or postgres://USER@HOST:PORT/DATABASE.
    #[arg(
        long,
        global = true,
        env = "ARMTRACE_DB",
        default_value = "armtrace.db"
    )]
    pub db: String,

    /// Who is recording (stored with every record you write).
    #[arg(
        long = "as",
        global = true,
        env = "ARMTRACE_USER",
        value_name = "ACCOUNT"
    )]
    pub user: Option<String>,

    /// No progress bars (for scripts and logs).
    #[arg(long, global = true)]
    pub quiet: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty store (or check that an existing one opens).
    Init,
    /// Serve the web application and the JSON API (/api/v1, documented at
    /// /api/v1/openapi.json) on this store.
    ///
    /// Accounts, API tokens and the server's access log live in the server database
    /// (--server-db). Create the first administrator with `armtrace user add`.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        /// The server database (default: beside a SQLite store, STORE.server.db;
        /// `armtrace-server.db` in the current folder for PostgreSQL).
        #[arg(long, env = "ARMTRACE_SERVER_DB", value_name = "PATH")]
        server_db: Option<PathBuf>,
        /// A CA certificate (PEM) trusted for other nodes' HTTPS inboxes, besides the Web
        /// PKI roots (when the store is a node: `armtrace node init`).
        #[arg(long, value_name = "FILE")]
        peer_ca: Option<PathBuf>,
        /// The outbox's first retry delay in milliseconds (doubled after each failed
        /// attempt, up to an hour).
        #[arg(long, default_value_t = 2000, value_name = "MS")]
        retry_base_ms: u64,
        /// Serve HTTPS (rustls) with this certificate chain (PEM), with --tls-key.
        #[arg(long, value_name = "FILE", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The private key (PEM) of --tls-cert.
        #[arg(long, value_name = "FILE", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
    },
    /// This store as a node of the State-to-State exchange: identity, keys, directory.
    #[command(subcommand)]
    Node(NodeCommand),
    /// What a hub does: a hub key, and signing the directory of points of contact.
    #[command(subcommand)]
    Hub(HubCommand),
    /// Trace requests between States: open, send, decide, follow up, read the chain.
    #[command(subcommand)]
    Trace(TraceCommand),
    /// Manage the accounts of people and machines who use the server.
    #[command(subcommand)]
    User(UserCommand),
    /// Fill a new store with a generated national registry to try armtrace on, then serve
    /// it (the web application and the API) with demo accounts whose passwords are made
    /// and printed now.
    Demo(DemoArgs),
    /// Import holders, weapons, event histories or a ledger file.
    Import(ImportArgs),
    /// Export everything as CSV and as a JSON Lines ledger, into a folder.
    Export {
        /// The folder to write holders.csv, weapons.csv, events.csv and ledger.jsonl into.
        dir: PathBuf,
    },
    /// Record one event on a weapon: a seizure, a transfer, a loss, a destruction…
    ///
    /// The same checks as `import events` apply; the weapon's history must allow it
    /// (nothing follows destruction, a recovery follows a loss or theft…).
    Record(RecordArgs),
    /// Show a weapon: its markings, status and full history.
    Show {
        /// A serial number as read (any case, any separators) or a weapon id.
        weapon: String,
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
    /// Find weapons from a marking as read: worn, misread, partly filed off, in any script.
    ///
    /// QUERY is the marking as read: `?` stands for one unreadable character, `*` for any
    /// run of them, `~1` or `~2` at the end allows that many misreads beyond the usual
    /// confusions (0/O, 1/I, 5/S, 8/B…). Filters may be written in the query
    /// (`make:glock year:1990-2000 status:seized`) or given as options. See docs/search.md.
    Search(SearchArgs),
    /// Check the store: hash chain, head, and every weapon's state against its records.
    Verify {
        /// Also check that the ledger ends at this head hash (as recorded earlier outside the store).
        #[arg(long, value_name = "HASH")]
        expect_head: Option<String>,
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
    /// Write a consistent backup while the store stays in use.
    Backup {
        /// The backup file to write (a ledger in JSON Lines).
        path: PathBuf,
    },
    /// Restore a backup into an empty store, checking every entry of its chain.
    Restore {
        /// The backup file.
        path: PathBuf,
    },
    /// How much the store holds, by status, and its head hash.
    Stats {
        /// Print JSON for machines.
        #[arg(long)]
        json: bool,
    },
    /// List weapons that must be marked or destroyed (PoA II.8).
    ToMark {
        /// At most this many.
        #[arg(long, default_value_t = 100)]
        limit: usize,
    },
    /// List the holders.
    Holders,
    /// The access log: who read or changed which record, when and from where (auditors).
    AccessLog {
        /// The last this many entries.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Show the retention rules in force and when records may first be released.
    Retention,
}

/// `armtrace user`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is read from standard input (one line), or from
    /// --password-file; at least 12 characters. There is no default account.
    Add {
        /// Account name (letters, digits, '.', '-', '_').
        name: String,
        /// administrator, registry_officer, licensing_officer, stockpile_manager,
        /// investigator, point_of_contact or auditor.
        #[arg(long)]
        role: String,
        /// Read the password from this file instead of standard input.
        #[arg(long, value_name = "PATH")]
        password_file: Option<PathBuf>,
        /// Scope the account to this agency (a holder code): its officer then records only
        /// on weapons held by the agency or its units. Without it: the whole registry.
        #[arg(long, value_name = "CODE")]
        agency: Option<String>,
        /// The server database (as for `armtrace serve`).
        #[arg(long, env = "ARMTRACE_SERVER_DB", value_name = "PATH")]
        server_db: Option<PathBuf>,
    },
    /// Set a new password for an account (read from standard input, one line, or from
    /// --password-file; at least 12 characters).
    Password {
        /// Account name.
        name: String,
        /// Read the password from this file instead of standard input.
        #[arg(long, value_name = "PATH")]
        password_file: Option<PathBuf>,
        /// The server database (as for `armtrace serve`).
        #[arg(long, env = "ARMTRACE_SERVER_DB", value_name = "PATH")]
        server_db: Option<PathBuf>,
    },
}

/// `armtrace demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many weapons to generate.
    #[arg(long, default_value_t = 30_000)]
    pub weapons: usize,
    /// Seed of the generator (the same seed gives the same registry).
    #[arg(long, default_value_t = 2001)]
    pub seed: u64,
    /// Only write the CSV files into this folder; do not fill a store.
    #[arg(long, value_name = "DIR")]
    pub generate_only: Option<PathBuf>,
    /// Generate no events (weapons and holders only).
    #[arg(long)]
    pub no_events: bool,
    /// Only fill the store; do not start the server afterwards.
    #[arg(long)]
    pub no_serve: bool,
    /// Address the server listens on afterwards.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,
}

/// `armtrace record`.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// What happened: manufactured, imported, exported, transferred, issued, returned,
    /// reported_lost, reported_stolen, recovered, seized, collected, designated_surplus,
    /// destroyed, marked, correction.
    pub kind: String,
    /// The weapon: its id, or its serial as read (must name one weapon).
    #[arg(long)]
    pub weapon: String,
    /// When it happened: YYYY-MM-DD or an RFC 3339 date-time.
    #[arg(long = "on", value_name = "DATE")]
    pub occurred_at: String,
    /// Code of the holder after the event (the new holder, the seizing agency…).
    #[arg(long)]
    pub holder: Option<String>,
    /// Destination of an export, origin of an import (ISO 3166-1 alpha-2).
    #[arg(long)]
    pub country: Option<String>,
    /// Where it happened or where the weapon is now.
    #[arg(long)]
    pub location: Option<String>,
    /// The document it rests on, as KIND:NUMBER (e.g. court_order:HC-2026-118).
    #[arg(long, value_name = "KIND:NUMBER")]
    pub document: Option<String>,
    /// The marking applied (imported, marked): kind/place[/country[/year]]=text.
    #[arg(long)]
    pub marking: Option<String>,
    /// How it was destroyed (cutting, crushing, smelting, burning, shredding, detonation, other).
    #[arg(long)]
    pub method: Option<String>,
    /// For a correction: the id of the event it corrects.
    #[arg(long)]
    pub corrects: Option<String>,
    /// For a correction: why it is made.
    #[arg(long)]
    pub reason: Option<String>,
    /// For a correction: strike the corrected event out entirely.
    #[arg(long)]
    pub void: bool,
    /// Free notes.
    #[arg(long)]
    pub notes: Option<String>,
}

/// `armtrace search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The marking as read, with any filters (e.g. `make:izhmash *12?4~1`).
    #[arg(required_unless_present = "batch")]
    pub query: Option<String>,
    /// Read one query a line from FILE instead, and write one JSON object a line.
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    pub batch: Option<PathBuf>,
    /// Only this manufacturer.
    #[arg(long)]
    pub make: Option<String>,
    /// Only this model.
    #[arg(long)]
    pub model: Option<String>,
    /// Only this calibre.
    #[arg(long)]
    pub calibre: Option<String>,
    /// Only this category (e.g. assault_rifle).
    #[arg(long)]
    pub category: Option<String>,
    /// Only weapons made in this country (ISO 3166-1 alpha-2).
    #[arg(long)]
    pub country: Option<String>,
    /// Only weapons made in these years: 1990, 1990-2000, 1990- or -2000.
    #[arg(long)]
    pub year: Option<String>,
    /// Only weapons with this status (e.g. seized).
    #[arg(long)]
    pub status: Option<String>,
    /// At most this many weapons.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,
    /// Skip this many weapons first (for the next page).
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
    /// Print JSON for machines (always with --batch).
    #[arg(long)]
    pub json: bool,
    /// The index file (default: next to a SQLite store, `STORE.search`; for PostgreSQL,
    /// `armtrace-search.idx` in the current folder).
    #[arg(long, env = "ARMTRACE_INDEX", value_name = "PATH")]
    pub index: Option<PathBuf>,
}

/// `armtrace import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the file holds.
    #[arg(value_enum)]
    pub kind: ImportKind,
    /// The file (UTF-8 CSV with a header row, or a ledger in JSON Lines).
    pub file: PathBuf,
    /// Where to write the rejected-row report (default: FILE.rejected.csv).
    #[arg(long)]
    pub rejects: Option<PathBuf>,
    /// Rows written per transaction.
    #[arg(long, default_value_t = armtrace_bulk::import::DEFAULT_BATCH as u32, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub batch_size: u32,
}

/// What an import file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportKind {
    /// holders.csv: agencies, units, depots, dealers, civilian licence holders.
    Holders,
    /// weapons.csv: one weapon a row.
    Weapons,
    /// events.csv: histories, e.g. a closed dealer's book.
    Events,
    /// ledger.jsonl from `armtrace export` or `armtrace backup`: replayed entry by entry.
    Ledger,
}

/// `armtrace node …`.
#[derive(Debug, Subcommand)]
pub enum NodeCommand {
    /// Make this store a node: its identity and a new Ed25519 signing key (written to
    /// --key, mode 0600; an existing key file is kept only with --keep-key).
    Init {
        /// The node id: the State's ISO 3166-1 alpha-2 code, optionally `:label` (`KE`,
        /// `KE:tracing`).
        #[arg(long)]
        node: String,
        /// The point-of-contact office.
        #[arg(long)]
        office: String,
        /// The inbox URL other nodes post to: https://HOST/exchange/v1/inbox (http://
        /// only to a loopback address, for tests).
        #[arg(long)]
        inbox: String,
        /// The office's e-mail address.
        #[arg(long)]
        email: Option<String>,
        /// The office's telephone number.
        #[arg(long)]
        phone: Option<String>,
        /// The office's postal address.
        #[arg(long)]
        address: Option<String>,
        /// The private key file (default: beside a SQLite store, STORE.node.key).
        #[arg(long, value_name = "FILE")]
        key: Option<PathBuf>,
        /// Keep the key already in --key instead of refusing to overwrite it.
        #[arg(long)]
        keep_key: bool,
    },
    /// Show the node: identity, key id, directory, deliveries.
    Show,
    /// Print this node's directory entry (JSON) to give to the hub.
    Entry,
    /// Replace the signing key: a new key in a new file beside the current one, which
    /// stays accepted for the overlap. The node signs with the new key once the hub's
    /// directory lists it.
    RotateKey {
        /// How long peers go on accepting the old key, in days.
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=365))]
        overlap_days: u32,
    },
    /// Trust a hub's public key (a JWK file) to sign directories.
    TrustHub {
        /// The hub's public key, as a JWK file.
        file: PathBuf,
    },
    /// Import a signed directory of points of contact (from a trusted hub, newer than
    /// the one in force).
    ImportDirectory {
        /// The signed directory file (compact JWS).
        file: PathBuf,
    },
    /// List the message log: every envelope sent and received, receipts, refusals.
    Log {
        /// How many records, from the newest.
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
}

/// `armtrace hub …`.
#[derive(Debug, Subcommand)]
pub enum HubCommand {
    /// Make a hub signing key (private JWK file, mode 0600) and print its public JWK.
    Keygen {
        /// The private key file to write.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// Also write the public JWK here (what nodes trust).
        #[arg(long, value_name = "FILE")]
        public: Option<PathBuf>,
    },
    /// Sign a directory from nodes' entries (`armtrace node entry` of each).
    Sign {
        /// The hub's private key file.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// The hub's name, written as the issuer.
        #[arg(long)]
        issuer: String,
        /// The directory's version: greater than any published before.
        #[arg(long)]
        directory_version: u64,
        /// Where to write the signed directory.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Entry files (JSON), one per node.
        #[arg(required = true)]
        entries: Vec<PathBuf>,
    },
}

/// `armtrace trace …`.
#[derive(Debug, Subcommand)]
pub enum TraceCommand {
    /// List trace cases, newest first.
    List,
    /// Show one case with every step.
    Show {
        /// The case id.
        id: String,
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
    /// Open a trace request from a JSON file (the request body of docs/exchange.md
    /// §11.1); runs the domestic trace and proposes whom to ask.
    Open {
        /// The request, JSON.
        #[arg(long, value_name = "FILE")]
        request: PathBuf,
        /// The weapon record it is opened from.
        #[arg(long)]
        weapon: Option<String>,
    },
    /// Send an opened request to another node (the point of contact's act).
    Send {
        /// The case id.
        id: String,
        /// The node to ask.
        #[arg(long)]
        to: String,
    },
    /// Decide on the drafted answer of a received request; the answer leaves only then.
    Decide {
        /// The case id.
        id: String,
        /// approve, restrict, delay or decline.
        #[arg(long)]
        decision: String,
        /// Why (required to restrict, delay or decline).
        #[arg(long)]
        reasons: Option<String>,
        /// With delay: the date of the final answer (YYYY-MM-DD).
        #[arg(long)]
        final_answer_by: Option<String>,
    },
    /// Open the follow-up of an answered request to the next State of the chain.
    FollowUp {
        /// The case id.
        id: String,
        /// The node to ask next.
        #[arg(long)]
        to: String,
    },
    /// The weapon's supply chain assembled from the answers.
    Chain {
        /// The case id.
        id: String,
    },
}

#[cfg(test)]
mod tests {
    /// clap's own consistency checks of every command and option.
    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
