//! Benchmark of the State-to-State exchange inbox (issue 5): how many verified and
//! durably stored messages per second one node receives, and how long a sender waits
//! from starting to post a trace request to holding its signed receipt, verified.
//! See docs/benchmarks.md, section "Exchange: messages received per second".
//!
//! The receiving node is a real, separate `armtrace serve` process on loopback, found
//! next to this executable; build both first:
//!
//! ```sh
//! cargo build --release -p armtrace -p armtrace-exchange-bench
//! target/release/armtrace-exchange-bench                      # temporary SQLite store
//! target/release/armtrace-exchange-bench --db 'postgres://postgres@127.0.0.1:5432/bench_exchange'
//! ```
//!
//! What it does:
//!
//! 1. makes a hub key, a receiving node `UG` (a new store at `--db`, made a node with
//!    `armtrace_node::init`, inbox `http://127.0.0.1:PORT/exchange/v1/inbox`, trusting
//!    the hub, with a directory signed by the hub listing `UG` and a sender `KE`), and
//!    starts `armtrace serve` on it;
//! 2. signs `--messages` distinct `trace_request` envelopes from `KE` to `UG` (and the
//!    `--latency-samples` of step 5) before anything is timed;
//! 3. throughput: posts them all over `--concurrency` HTTP/1.1 keep-alive connections
//!    (one client each), `Content-Type: application/jose`; messages/s is the number of
//!    messages divided by the wall time from the first post to the last response;
//! 4. checks every receipt afterwards (its signature against the directory, and that it
//!    acknowledges exactly the bytes sent) — not while timing, so that the sender's own
//!    checking does not slow the sending; then waits for the node's background drafter
//!    (it drafts an answer for every request received, after the receipt) to finish,
//!    so that step 5 runs at low load;
//! 5. latency: one client, one message at a time: from starting the post to holding the
//!    receipt and having verified it (signature and digest); p50, p90, p99, max;
//! 6. stops the server, checks the node's message log and trace log chains, and prints
//!    a summary and a Markdown table row.

use anyhow::{Context, Result, bail, ensure};
use armtrace_exchange::{
    Contact, Directory, Envelope, KeyPair, MemoryReplayGuard, MessageType, NodeId, NodeIdentity,
    TraceRequestBody, TracedMarking, TracedWeapon, Urgency, sign, verify, verify_receipt,
};
use armtrace_node::NodeConfig;
use armtrace_store::{Location, Store};
use chrono::{Duration as Days, Utc};
use clap::Parser;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Exchange inbox benchmark: messages received per second, and receipt latency.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Trace requests posted in the throughput phase.
    #[arg(long, default_value_t = 20_000)]
    messages: usize,
    /// Concurrent senders (one HTTP/1.1 keep-alive connection each).
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// The receiving node's store: `sqlite` (a new temporary SQLite file), a SQLite file
    /// path that does not exist yet, or a `postgres://` URL of an empty database or
    /// schema.
    #[arg(long, default_value = "sqlite")]
    db: String,
    /// Messages sent one at a time for the latency figures.
    #[arg(long, default_value_t = 2_000)]
    latency_samples: usize,
    /// The `armtrace` executable (default: next to this one).
    #[arg(long)]
    armtrace: Option<PathBuf>,
    /// Port of the server on 127.0.0.1 (default: a free one).
    #[arg(long)]
    port: Option<u16>,
    /// Longest wait for the node's drafter to catch up before the latency phase, seconds.
    #[arg(long, default_value_t = 900)]
    drain_timeout: u64,
    /// Keep the temporary folder (store, key, server log) afterwards.
    #[arg(long)]
    keep: bool,
}

/// The server process; stopped when dropped.
struct Server {
    child: Child,
}

impl Server {
    fn stop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        // Ctrl-C first (the server stops cleanly on SIGINT), then kill.
        let _ = Command::new("kill")
            .arg("-INT")
            .arg(self.child.id().to_string())
            .status();
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One response of the throughput phase.
struct Answer {
    index: usize,
    status: u16,
    jose: bool,
    body: String,
    micros: u64,
}

fn main() -> Result<()> {
    let args = Args::parse();
    ensure!(args.messages > 0, "--messages must be at least 1");
    ensure!(args.concurrency > 0, "--concurrency must be at least 1");
    let dir = tempfile::Builder::new()
        .prefix("armtrace-exchange-bench-")
        .tempdir()
        .context("temporary folder")?;
    let work = dir.path().to_path_buf();
    let db = match args.db.as_str() {
        "sqlite" => work.join("ug.db").display().to_string(),
        other => other.to_string(),
    };
    let location = Location::parse(&db)?;
    if let Location::Sqlite(p) = &location {
        ensure!(
            !p.exists(),
            "--db {}: the file exists; give a new path",
            p.display()
        );
    }
    let armtrace = match &args.armtrace {
        Some(p) => p.clone(),
        None => std::env::current_exe()?.with_file_name("armtrace"),
    };
    ensure!(
        armtrace.exists(),
        "{} not found: build it with `cargo build --release -p armtrace -p armtrace-exchange-bench`",
        armtrace.display()
    );
    let port = match args.port {
        Some(p) => p,
        None => std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port(),
    };
    let addr = format!("127.0.0.1:{port}");
    let inbox = format!("http://{addr}/exchange/v1/inbox");

    // 1. The hub, the receiving node UG and the sender KE.
    let setup = Instant::now();
    let now = Utc::now();
    let hub = KeyPair::generate();
    let ug_config = NodeConfig {
        node: node("UG")?,
        office: "Uganda National Focal Point on SALW (benchmark)".into(),
        contact: Contact::default(),
        inbox: inbox.clone(),
        key_file: work.join("ug.key.jwk"),
        key_valid_from: now - Days::minutes(1),
        retired_keys: Vec::new(),
    };
    let ke_key = KeyPair::generate();
    let ke_config = NodeConfig {
        node: node("KE")?,
        office: "Kenya National Focal Point on SALW (benchmark)".into(),
        contact: Contact::default(),
        inbox: "http://127.0.0.1:9/exchange/v1/inbox".into(),
        key_file: work.join("ke.key.jwk"),
        key_valid_from: now - Days::minutes(1),
        retired_keys: Vec::new(),
    };
    let directory = {
        let store = Store::open(&db, true).with_context(|| format!("creating the store {db}"))?;
        let ug_key = armtrace_node::init(&store, &ug_config, "bench", false)?;
        armtrace_node::trust_hub(&store, &hub.public().to_jwk(), "bench")?;
        let directory = Directory {
            // Seconds since 1970: newer than any directory a reused store may hold.
            version: u64::try_from(now.timestamp()).unwrap_or(1),
            issued: now - Days::seconds(1),
            issuer: "armtrace benchmark hub".into(),
            entries: vec![
                ug_config.entry(ug_key.public()),
                ke_config.entry(ke_key.public()),
            ],
        };
        let signed = directory.sign(&hub)?;
        armtrace_node::import_directory(&store, signed.as_str().as_bytes(), "bench")?;
        directory
    };
    let server_db = work.join("server.db");
    let log_path = work.join("server.log");
    let log = std::fs::File::create(&log_path)?;
    let child = Command::new(&armtrace)
        .arg("--quiet")
        .arg("--db")
        .arg(&db)
        .arg("serve")
        .arg("--listen")
        .arg(&addr)
        .arg("--server-db")
        .arg(&server_db)
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .with_context(|| format!("starting {}", armtrace.display()))?;
    let server_pid = child.id();
    let mut server = Server { child };
    wait_for_port(&mut server, &addr, &log_path)?;
    let setup_time = setup.elapsed();

    // 2. Every envelope signed before anything is timed.
    let ke = NodeIdentity::new(
        ke_config.node.clone(),
        ke_config.office.clone(),
        Contact::default(),
        ke_key,
    );
    let signing = Instant::now();
    let total = args.messages + args.latency_samples;
    let mut envelopes = Vec::with_capacity(total);
    for i in 0..total {
        envelopes.push(request(&ke, &ug_config.node, i)?);
    }
    let signing_time = signing.elapsed();
    let latency_envelopes = envelopes.split_off(args.messages);
    let envelopes = Arc::new(envelopes);
    let size = envelopes[0].as_bytes().len();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;

    println!(
        "armtrace-exchange-bench: {} trace requests ({size} bytes each) over {} connections, then {} one at a time",
        args.messages, args.concurrency, args.latency_samples
    );
    println!(
        "  receiver: armtrace serve (pid {server_pid}) at {addr}, store {}",
        Location::parse(&db)?
    );
    println!(
        "  set-up {:.1} s, signing {total} envelopes {:.1} s (not timed)",
        setup_time.as_secs_f64(),
        signing_time.as_secs_f64()
    );

    // 3. Throughput.
    let (wall, mut answers) = runtime.block_on(throughput(
        envelopes.clone(),
        inbox.clone(),
        args.concurrency,
    ))?;
    let rate = args.messages as f64 / wall.as_secs_f64();
    let not_200 = answers.iter().filter(|a| a.status != 200).count();
    let mut load_latency: Vec<u64> = answers.iter().map(|a| a.micros).collect();
    load_latency.sort_unstable();
    println!(
        "throughput: {} messages in {:.2} s = {rate:.0} messages/s; non-200: {not_200}; latency under load p50 {:.1} ms, p99 {:.1} ms",
        args.messages,
        wall.as_secs_f64(),
        ms(pct(&load_latency, 0.50)),
        ms(pct(&load_latency, 0.99)),
    );
    if not_200 > 0 {
        let mut by_status = std::collections::BTreeMap::new();
        for a in answers.iter().filter(|a| a.status != 200) {
            *by_status.entry(a.status).or_insert(0usize) += 1;
        }
        println!("  non-200 by status: {by_status:?}");
        if let Some(a) = answers.iter().find(|a| a.status != 200) {
            println!("  first: {} {}", a.status, a.body);
        }
    }

    // 4. Every receipt checked, after the timed phase.
    answers.sort_by_key(|a| a.index);
    let checking = Instant::now();
    let mut guard = MemoryReplayGuard::new();
    let mut bad = 0usize;
    let mut first_bad = None;
    for a in answers.iter().filter(|a| a.status == 200) {
        let outcome = check_receipt(
            a.jose,
            &a.body,
            &envelopes[a.index],
            &directory,
            &ke.node,
            &mut guard,
        );
        if let Err(e) = outcome {
            bad += 1;
            first_bad.get_or_insert(e);
        }
    }
    let checked = answers.iter().filter(|a| a.status == 200).count();
    let check_time = checking.elapsed();
    println!(
        "receipts: {checked} checked (signature + SHA-256 of the envelope sent), {bad} bad; {:.0} µs each on the client",
        check_time.as_secs_f64() * 1e6 / checked.max(1) as f64
    );
    if let Some(e) = first_bad {
        println!("  first bad receipt: {e}");
    }

    // The drafter: one draft per request received, after its receipt.
    let drained = Instant::now();
    let wanted = args.messages;
    let mut drafted = 0;
    while drained.elapsed() < Duration::from_secs(args.drain_timeout) {
        drafted = drafted_count(&location)?;
        if drafted >= wanted {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    let drain_time = drained.elapsed();
    println!(
        "drafter: {drafted} of {wanted} answers drafted {:.1} s after the last response (the node drafts after the receipt)",
        drain_time.as_secs_f64()
    );

    // 5. Latency at low load.
    let mut latency = runtime.block_on(latency_phase(
        latency_envelopes,
        inbox,
        directory.clone(),
        ke.node.clone(),
    ))?;
    let latency_errors = latency.iter().filter(|r| r.is_err()).count();
    if let Some(Err(e)) = latency.iter().find(|r| r.is_err()) {
        println!("  first latency failure: {e}");
    }
    let mut lat: Vec<u64> = latency.drain(..).filter_map(Result::ok).collect();
    lat.sort_unstable();
    println!(
        "latency (one sender, post → verified receipt), {} samples: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms; failures {latency_errors}",
        lat.len(),
        ms(pct(&lat, 0.50)),
        ms(pct(&lat, 0.90)),
        ms(pct(&lat, 0.99)),
        ms(lat.last().copied().unwrap_or(0)),
    );

    // 6. Stop, then check what was stored.
    server.stop();
    let store = Store::open(&db, false)?;
    let (log_seq, _) = store.exchange().log_head()?;
    let chains = store.exchange().verify()?;
    println!(
        "stored: message log holds {log_seq} records (expected {}); chains {}",
        total,
        match chains {
            Ok((m, t)) => format!("intact ({m} message records, {t} trace records)"),
            Err(e) => format!("BROKEN: {e:?}"),
        }
    );
    println!("durability: {}", durability(&location));

    let backend = match location {
        Location::Sqlite(_) => "SQLite",
        Location::Postgres(_) => "PostgreSQL",
    };
    println!();
    println!(
        "SUMMARY backend={backend} messages={} concurrency={} messages_per_s={rate:.0} non_200={not_200} bad_receipts={bad} p50_ms={:.2} p90_ms={:.2} p99_ms={:.2} max_ms={:.2}",
        args.messages,
        args.concurrency,
        ms(pct(&lat, 0.50)),
        ms(pct(&lat, 0.90)),
        ms(pct(&lat, 0.99)),
        ms(lat.last().copied().unwrap_or(0)),
    );
    println!(
        "| store | messages | connections | messages/s | non-200 | bad receipts | ack p50 | ack p90 | ack p99 | ack max |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    println!(
        "| {backend} | {} | {} | {rate:.0} | {not_200} | {bad} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms |",
        args.messages,
        args.concurrency,
        ms(pct(&lat, 0.50)),
        ms(pct(&lat, 0.90)),
        ms(pct(&lat, 0.99)),
        ms(lat.last().copied().unwrap_or(0)),
    );
    if args.keep {
        let kept = dir.keep();
        println!("kept {}", kept.display());
    }
    if not_200 > 0 || bad > 0 || latency_errors > 0 {
        bail!("some messages were not acknowledged with a valid receipt");
    }
    Ok(())
}

fn node(id: &str) -> Result<NodeId> {
    id.parse()
        .map_err(|e| anyhow::anyhow!("node id {id}: {e:?}"))
}

/// A valid, distinct trace request from `from` to `to`, signed.
fn request(from: &NodeIdentity, to: &NodeId, i: usize) -> Result<Envelope> {
    let today = Utc::now().date_naive();
    let body = TraceRequestBody {
        reference: format!("KE-TR-BENCH-{i:07}"),
        requesting_authority: "Kenya National Police Service, Firearms Bureau".into(),
        illicit_nature: "Recovered from an arms cache; no licence or registration in Kenya.".into(),
        legal_basis: "Firearms Act (Cap. 114); International Tracing Instrument".into(),
        weapon: TracedWeapon {
            category: Some("assault rifle".into()),
            make: Some("Example Arms".into()),
            model: Some("EA-47".into()),
            calibre: Some("7.62x39mm".into()),
            serial: Some(format!("BX {i:08}")),
            country_of_manufacture: None,
            year_of_manufacture: Some(1998),
            markings: vec![TracedMarking {
                kind: "serial".into(),
                text: format!("BX {i:08}"),
                place: Some("left side of receiver".into()),
                country: None,
                year: None,
            }],
        },
        circumstances: armtrace_exchange::Circumstances {
            date: today - Days::days(20),
            place: "Busia".into(),
            description:
                "Found with two other rifles during a search of a warehouse near the border.".into(),
        },
        intended_use: "Criminal investigation and prosecution of the holders".into(),
        confidentiality: "Restricted: law enforcement and prosecution only".into(),
        urgency: Urgency::Routine,
        answer_by: today + Days::days(20),
        follows: None,
    };
    body.validate()
        .map_err(|e| anyhow::anyhow!("the benchmark's own body is invalid: {e}"))?;
    let message = from.message(
        to.clone(),
        MessageType::TraceRequest,
        body.to_body(),
        Utc::now(),
        Days::days(7),
    );
    sign(from, &message).map_err(|e| anyhow::anyhow!("signing: {e}"))
}

fn wait_for_port(server: &mut Server, addr: &str, log: &Path) -> Result<()> {
    let until = Instant::now() + Duration::from_secs(120);
    while Instant::now() < until {
        if let Some(status) = server.child.try_wait()? {
            bail!(
                "armtrace serve exited ({status}):\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        if std::net::TcpStream::connect(addr).is_ok() {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            if !text.contains("exchange node UG") {
                // The listener is up before the banner is flushed; wait for the banner.
                std::thread::sleep(Duration::from_millis(100));
                let text = std::fs::read_to_string(log).unwrap_or_default();
                if !text.contains("exchange node") {
                    bail!("the server does not serve the node UG:\n{text}");
                }
            }
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("armtrace serve did not listen on {addr} within 120 s")
}

fn client() -> Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(60))
        .build()?)
}

async fn throughput(
    envelopes: Arc<Vec<Envelope>>,
    inbox: String,
    concurrency: usize,
) -> Result<(Duration, Vec<Answer>)> {
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let envelopes = envelopes.clone();
        let next = next.clone();
        let inbox = inbox.clone();
        tasks.push(tokio::spawn(async move {
            let client = client()?;
            let mut out = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(envelope) = envelopes.get(index) else {
                    break;
                };
                let t = Instant::now();
                let response = client
                    .post(&inbox)
                    .header("content-type", "application/jose")
                    .body(envelope.as_str().to_string())
                    .send()
                    .await?;
                let status = response.status().as_u16();
                let jose = is_jose(&response);
                let body = response.text().await?;
                out.push(Answer {
                    index,
                    status,
                    jose,
                    body,
                    micros: u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX),
                });
            }
            anyhow::Ok(out)
        }));
    }
    let mut answers = Vec::with_capacity(envelopes.len());
    for t in tasks {
        answers.extend(t.await??);
    }
    Ok((start.elapsed(), answers))
}

async fn latency_phase(
    envelopes: Vec<Envelope>,
    inbox: String,
    directory: Directory,
    me: NodeId,
) -> Result<Vec<Result<u64>>> {
    let client = client()?;
    let mut guard = MemoryReplayGuard::new();
    let mut out = Vec::with_capacity(envelopes.len());
    for envelope in &envelopes {
        let t = Instant::now();
        let result = async {
            let response = client
                .post(&inbox)
                .header("content-type", "application/jose")
                .body(envelope.as_str().to_string())
                .send()
                .await?;
            let status = response.status().as_u16();
            let jose = is_jose(&response);
            let body = response.text().await?;
            ensure!(status == 200, "status {status}: {body}");
            check_receipt(jose, &body, envelope, &directory, &me, &mut guard)?;
            anyhow::Ok(u64::try_from(t.elapsed().as_micros()).unwrap_or(u64::MAX))
        }
        .await;
        out.push(result);
    }
    Ok(out)
}

fn is_jose(response: &reqwest::Response) -> bool {
    response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.eq_ignore_ascii_case("application/jose"))
}

/// A receipt's signature (a known key of the receiver, addressed to the sender, not
/// expired) and that it acknowledges exactly `sent`.
fn check_receipt(
    jose: bool,
    body: &str,
    sent: &Envelope,
    directory: &Directory,
    me: &NodeId,
    guard: &mut MemoryReplayGuard,
) -> Result<()> {
    ensure!(jose, "the receipt is not application/jose");
    let verified = verify(body.as_bytes(), directory, me, Utc::now(), guard)
        .map_err(|e| anyhow::anyhow!("receipt refused: {} ({e})", e.code()))?;
    verify_receipt(&verified, sent)
        .map_err(|e| anyhow::anyhow!("receipt does not confirm the message: {} ({e})", e.code()))?;
    Ok(())
}

/// What "durably stored" means for this store, as configured by armtrace.
fn durability(location: &Location) -> String {
    match location {
        Location::Sqlite(_) => "SQLite in WAL mode with synchronous = FULL on every connection (crates/armtrace-store/src/sqlite.rs): \
             a receipt is answered only after the inbox's group transaction committed and the WAL was fsync'ed; \
             checkpoints run on a background thread (wal_autocheckpoint = 0, PASSIVE)"
            .to_string(),
        Location::Postgres(url) => {
            let settings = postgres::Client::connect(url, postgres::NoTls)
                .and_then(|mut c| {
                    let mut s = Vec::new();
                    for name in ["synchronous_commit", "fsync", "wal_sync_method"] {
                        let row = c.query_one(&format!("SHOW {name}"), &[])?;
                        s.push(format!("{name} = {}", row.get::<_, String>(0)));
                    }
                    Ok(s.join(", "))
                })
                .unwrap_or_else(|e| format!("(settings unreadable: {e})"));
            format!(
                "PostgreSQL, server settings {settings}: a receipt is answered only after the inbox's group transaction committed"
            )
        }
    }
}

/// How many answers the node's drafter has written (`drafted` trace records), read
/// directly with one cheap query.
fn drafted_count(location: &Location) -> Result<usize> {
    const SQL: &str = "SELECT count(*) FROM trace_log WHERE kind = 'drafted'";
    let n: i64 = match location {
        Location::Sqlite(path) => {
            rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?
                .query_row(SQL, [], |r| r.get(0))?
        }
        Location::Postgres(url) => postgres::Client::connect(url, postgres::NoTls)?
            .query_one(SQL, &[])?
            .get(0),
    };
    Ok(usize::try_from(n).unwrap_or(0))
}

fn pct(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(micros: u64) -> f64 {
    micros as f64 / 1000.0
}
