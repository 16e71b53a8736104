//! Writes a generated registry and prints how long it took.
//!
//! `cargo run --release -p armtrace-demo --example write_registry -- DIR [WEAPONS] [SEED]`

use std::time::Instant;

use armtrace_demo::{DemoConfig, write_registry};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "demo-data".to_string());
    let weapons = args
        .next()
        .map(|w| w.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let seed = args.next().map(|s| s.parse()).transpose()?.unwrap_or(2001);
    let config = DemoConfig {
        seed,
        weapons,
        ..DemoConfig::default()
    };
    let started = Instant::now();
    let files = write_registry(&config, dir.as_ref())?;
    println!(
        "{} holders, {} weapons, {} events in {:.2?} ({})",
        files.holder_count,
        files.weapon_count,
        files.event_count,
        started.elapsed(),
        dir
    );
    Ok(())
}
