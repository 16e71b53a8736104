//! Benchmark of armtrace marking search against PostgreSQL pg_trgm and SQLite FTS5 on the
//! same generated registry and the same corrupted readings with known answers.
//! See docs/benchmarks.md, section "Marking search".

mod peers;
mod queries;
mod registry;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use armtrace_search::{MarkingIndex, Query, parse_query};
use clap::Parser;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use peers::{BuildStats, Fts5, Pg, Searcher};
use queries::{BenchQuery, Kind, corrupt};

/// Marking search benchmark: armtrace-search vs PostgreSQL pg_trgm vs SQLite FTS5.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Weapons in the generated registry.
    #[arg(long, default_value_t = 1_000_000)]
    weapons: usize,
    /// Queries per corruption kind (kept after the determinability filter).
    #[arg(long, default_value_t = 200)]
    queries: usize,
    /// Peers to compare with: a comma-separated list of `pg`, `fts5`, or `none`.
    #[arg(long, default_value = "pg,fts5")]
    peers: String,
    /// PostgreSQL connection string.
    #[arg(
        long,
        env = "ARMTRACE_BENCH_PG",
        default_value = "host=127.0.0.1 port=5432 user=postgres dbname=test"
    )]
    pg: String,
    /// Directory for the SQLite database and the armtrace index file.
    #[arg(long, default_value = "bench-data/search")]
    data_dir: PathBuf,
    /// Seed of the registry and of the queries.
    #[arg(long, default_value_t = 2024)]
    seed: u64,
    /// Threads for the throughput pass.
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Only these corruption kinds (comma-separated numbers 1–14 in the report's order);
    /// all by default.
    #[arg(long)]
    kinds: Option<String>,
    /// Keep the PostgreSQL schema and the SQLite file afterwards.
    #[arg(long)]
    keep: bool,
}

/// One measured query: its kind, whether the answer was in the top 10, microseconds.
type Measured = (Kind, bool, f64);

/// Per kind: queries kept, queries dropped as undeterminable.
type KeptPerKind = BTreeMap<Kind, (usize, usize)>;

/// Results of one engine.
struct EngineReport {
    name: String,
    build: BuildStats,
    ram: String,
    /// Per query: (kind, found in top 10, micros).
    results: Vec<Measured>,
    qps: f64,
}

fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<u64>().ok())
            })
        })
        .map_or(0, |kb| kb * 1024)
}

fn mib(b: u64) -> String {
    format!("{:.0} MiB", b as f64 / (1024.0 * 1024.0))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Runs every query once in order (latency), then all of them on `threads` threads
/// (throughput).
fn measure<S: Searcher>(
    queries: &[BenchQuery],
    threads: usize,
    make: &(dyn Fn() -> Result<S> + Sync),
) -> Result<(Vec<Measured>, f64)> {
    let mut s = make()?;
    // Warm-up: a few queries, not measured.
    for q in queries.iter().take(20) {
        s.top10(q)?;
    }
    let mut results = Vec::with_capacity(queries.len());
    for q in queries {
        let t = Instant::now();
        let docs = s.top10(q)?;
        let micros = t.elapsed().as_secs_f64() * 1e6;
        results.push((q.kind, docs.contains(&q.target), micros));
    }
    drop(s);
    let start = Instant::now();
    std::thread::scope(|scope| -> Result<()> {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || -> Result<()> {
                    let mut s = make()?;
                    for q in queries.iter().skip(t).step_by(threads) {
                        s.top10(q)?;
                    }
                    Ok(())
                })
            })
            .collect();
        for h in handles {
            h.join()
                .map_err(|_| anyhow::anyhow!("a benchmark thread panicked"))??;
        }
        Ok(())
    })?;
    let qps = queries.len() as f64 / start.elapsed().as_secs_f64();
    Ok((results, qps))
}

struct Armtrace<'a> {
    index: &'a MarkingIndex,
}

impl Searcher for Armtrace<'_> {
    fn top10(&mut self, q: &BenchQuery) -> Result<Vec<u64>> {
        let query = parse_query(&q.reading)?;
        Ok(self
            .index
            .search(&query, 10, 0)
            .iter()
            .map(|h| h.doc)
            .collect())
    }
}

/// Draws the queries: for each kind, random weapons whose serial the corruption applies
/// to, kept when at most 10 weapons match the corrupted reading.
fn draw_queries(
    weapons: &[registry::Weapon],
    index: &MarkingIndex,
    per_kind: usize,
    seed: u64,
) -> Result<(Vec<BenchQuery>, KeptPerKind)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5EA5C4);
    let mut out = Vec::new();
    let mut dropped = BTreeMap::new();
    for kind in Kind::ALL {
        let (mut kept, mut undeterminable) = (0, 0);
        let mut tries = 0;
        while kept < per_kind && tries < per_kind * 50 {
            tries += 1;
            let i = rng.random_range(0..weapons.len());
            let Some(reading) = corrupt(&mut rng, kind, weapons[i].serial()) else {
                continue;
            };
            let Ok(q) = Query::from_reading(&reading) else {
                continue;
            };
            let q = q.with_budget(kind.budget())?;
            let n = index.count(&q);
            if n == 0 {
                bail!(
                    "{kind:?}: `{reading}` (from `{}`) matches nothing",
                    weapons[i].serial()
                );
            }
            if n > 10 {
                undeterminable += 1;
                continue;
            }
            out.push(BenchQuery {
                kind,
                reading,
                target: i as u64 + 1,
            });
            kept += 1;
        }
        dropped.insert(kind, (kept, undeterminable));
    }
    Ok((out, dropped))
}

fn main() -> Result<()> {
    let args = Args::parse();
    let peers: Vec<&str> = args
        .peers
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "none")
        .collect();
    for p in &peers {
        if !matches!(*p, "pg" | "fts5") {
            bail!("unknown peer `{p}`: use pg, fts5 or none");
        }
    }
    eprintln!("generating {} weapons (seed {}) …", args.weapons, args.seed);
    let t = Instant::now();
    let weapons = registry::generate(args.weapons, args.seed);
    let markings: usize = weapons.iter().map(|w| w.markings.len()).sum();
    eprintln!(
        "  {markings} markings in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    eprintln!("building the armtrace index …");
    let rss0 = rss_bytes();
    let t = Instant::now();
    let mut index = MarkingIndex::new();
    index.upsert_many(
        weapons
            .iter()
            .enumerate()
            .map(|(i, w)| (i as u64 + 1, w.facets(), w.markings.clone())),
    )?;
    let build_time = t.elapsed();
    let rss1 = rss_bytes();
    let mem = index.memory_bytes() as u64;
    let breakdown: Vec<String> = index
        .memory_breakdown()
        .iter()
        .map(|(part, b)| format!("{part} {:.1}", *b as f64 / markings as f64))
        .collect();
    eprintln!("  bytes per marking: {}", breakdown.join(", "));
    std::fs::create_dir_all(&args.data_dir)
        .with_context(|| format!("creating {}", args.data_dir.display()))?;
    let file = args.data_dir.join(format!("armtrace-{}.idx", args.weapons));
    let t = Instant::now();
    index.save(&file)?;
    let save = t.elapsed();
    drop(index);
    let t = Instant::now();
    let index = MarkingIndex::load(&file)?;
    let load = t.elapsed();
    let file_bytes = std::fs::metadata(&file)?.len();
    if !args.keep {
        let _ = std::fs::remove_file(&file);
    }
    eprintln!(
        "  built in {:.1} s, {} in memory ({:.1} bytes per marking), file {} saved in {:.1} s, loaded in {:.1} s",
        build_time.as_secs_f64(),
        mib(mem),
        mem as f64 / markings as f64,
        mib(file_bytes),
        save.as_secs_f64(),
        load.as_secs_f64()
    );

    eprintln!("drawing {} queries per kind …", args.queries);
    let (mut queries, kept) = draw_queries(&weapons, &index, args.queries, args.seed)?;
    if let Some(kinds) = &args.kinds {
        let wanted: Vec<usize> = kinds
            .split(',')
            .map(|k| k.trim().parse::<usize>())
            .collect::<Result<_, _>>()
            .context("--kinds takes numbers 1-14")?;
        queries.retain(|q| {
            wanted
                .iter()
                .any(|&w| Kind::ALL.get(w.wrapping_sub(1)) == Some(&q.kind))
        });
    }

    let mut reports = Vec::new();
    eprintln!("measuring armtrace-search …");
    let (results, qps) = measure(&queries, args.threads, &|| Ok(Armtrace { index: &index }))?;
    reports.push(EngineReport {
        name: "armtrace-search".into(),
        build: BuildStats {
            time: build_time,
            bytes: mem,
            note: format!(
                "{:.1} B/marking in RAM; file {} (save {:.1} s, load {:.1} s, no rebuild on restart)",
                mem as f64 / markings as f64,
                mib(file_bytes),
                save.as_secs_f64(),
                load.as_secs_f64()
            ),
        },
        ram: format!("{} index ({} RSS growth while building)", mib(mem), mib(rss1.saturating_sub(rss0))),
        results,
        qps,
    });

    if peers.contains(&"pg") {
        eprintln!("loading PostgreSQL (COPY, GIN gin_trgm_ops) …");
        let (pg, build) = Pg::build(&args.pg, &weapons)?;
        eprintln!("  {:.1} s", build.time.as_secs_f64());
        eprintln!("measuring pg_trgm …");
        let (results, qps) = measure(&queries, args.threads, &|| pg.searcher())?;
        reports.push(EngineReport {
            name: "PostgreSQL pg_trgm".into(),
            ram: "server process (shared_buffers + page cache)".into(),
            build,
            results,
            qps,
        });
        if !args.keep {
            pg.drop_all()?;
        }
    }
    if peers.contains(&"fts5") {
        eprintln!("loading SQLite FTS5 (trigram) …");
        let (fts, build) = Fts5::build(&args.data_dir, &weapons)?;
        eprintln!("  {:.1} s", build.time.as_secs_f64());
        eprintln!("measuring FTS5 …");
        let (results, qps) = measure(&queries, args.threads, &|| fts.searcher())?;
        reports.push(EngineReport {
            name: "SQLite FTS5 trigram".into(),
            ram: "in process (page cache)".into(),
            build,
            results,
            qps,
        });
        if !args.keep {
            fts.remove();
        }
    }
    print_report(&args, markings, &kept, &reports);
    Ok(())
}

fn print_report(args: &Args, markings: usize, kept: &KeptPerKind, reports: &[EngineReport]) {
    println!(
        "\n## Marking search: {} weapons, {} markings, {} queries\n",
        args.weapons,
        markings,
        reports.first().map_or(0, |r| r.results.len())
    );
    print!("| kind | kept (dropped: >10 matches) |");
    for r in reports {
        print!(" {} recall@10 | p50 µs | p99 µs |", r.name);
    }
    println!();
    print!("|---|---|");
    for _ in reports {
        print!("---|---|---|");
    }
    println!();
    for kind in Kind::ALL {
        let (k, d) = kept.get(&kind).copied().unwrap_or_default();
        print!("| {} | {k} ({d}) |", kind.name());
        for r in reports {
            let rows: Vec<&Measured> = r.results.iter().filter(|x| x.0 == kind).collect();
            let recall = rows.iter().filter(|x| x.1).count() as f64 / rows.len().max(1) as f64;
            let mut lat: Vec<f64> = rows.iter().map(|x| x.2).collect();
            lat.sort_by(f64::total_cmp);
            print!(
                " {:.3} | {:.0} | {:.0} |",
                recall,
                percentile(&lat, 0.5),
                percentile(&lat, 0.99)
            );
        }
        println!();
    }
    println!();
    println!(
        "| engine | recall@10 (all) | worst kind | p50 µs | p99 µs | max µs | mean µs | QPS ({} threads) | build | index size | RAM |",
        args.threads
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let base_mean = reports.first().map(|r| mean(&r.results)).unwrap_or(1.0);
    for r in reports {
        let recall =
            r.results.iter().filter(|x| x.1).count() as f64 / r.results.len().max(1) as f64;
        let worst = Kind::ALL
            .iter()
            .filter_map(|k| {
                let rows: Vec<_> = r.results.iter().filter(|x| x.0 == *k).collect();
                (!rows.is_empty())
                    .then(|| rows.iter().filter(|x| x.1).count() as f64 / rows.len() as f64)
            })
            .fold(1.0, f64::min);
        let mut lat: Vec<f64> = r.results.iter().map(|x| x.2).collect();
        lat.sort_by(f64::total_cmp);
        println!(
            "| {} | {:.3} | {:.3} | {:.0} | {:.0} | {:.0} | {:.0} ({:.0}×) | {:.0} | {:.1} s | {} | {} |",
            r.name,
            recall,
            worst,
            percentile(&lat, 0.5),
            percentile(&lat, 0.99),
            lat.last().copied().unwrap_or(f64::NAN),
            mean(&r.results),
            mean(&r.results) / base_mean,
            r.qps,
            r.build.time.as_secs_f64(),
            mib(r.build.bytes),
            r.ram
        );
    }
    println!();
    for r in reports {
        println!("- {}: {}", r.name, r.build.note);
    }
}

fn mean(results: &[Measured]) -> f64 {
    results.iter().map(|x| x.2).sum::<f64>() / results.len().max(1) as f64
}
