//! Writes a generated corpus to try claimcheck at scale:
//!
//! ```sh
//! cargo run --release --example gen_corpus -- OUT_DIR N [SEED]
//! claimcheck check OUT_DIR/corpus --rules OUT_DIR/rules --fail-on never
//! ```
//!
//! OUT_DIR/corpus holds N articles (about 2 KB each, in folders of 1000)
//! about invented cities, OUT_DIR/rules a copy of the shipped rules whose
//! lexicon knows those cities, and OUT_DIR/injected.tsv the discrepancies
//! injected on purpose (kind, article, sentence), which the shipped rules
//! should find. The same N and SEED always give the same corpus.
//! CLAIMCHECK_GEN_RATE sets the share of articles with a discrepancy
//! (default 0.02).

#[path = "../benches/gen/mod.rs"]
mod gen;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(out), Some(Ok(n))) = (args.first(), args.get(1).map(|s| s.parse::<usize>())) else {
        eprintln!("usage: gen_corpus OUT_DIR N [SEED]");
        return ExitCode::from(2);
    };
    let seed = match args.get(2).map(|s| s.parse::<u64>()) {
        None => gen::DEFAULT_SEED,
        Some(Ok(s)) => s,
        Some(Err(_)) => {
            eprintln!("SEED must be a whole number");
            return ExitCode::from(2);
        }
    };
    let rate = match std::env::var("CLAIMCHECK_GEN_RATE")
        .ok()
        .map(|s| s.parse::<f64>())
    {
        None => gen::DEFAULT_INJECTION_RATE,
        Some(Ok(r)) if (0.0..=1.0).contains(&r) => r,
        Some(_) => {
            eprintln!("CLAIMCHECK_GEN_RATE must be a number between 0 and 1");
            return ExitCode::from(2);
        }
    };
    let out = PathBuf::from(out);
    let corpus = out.join("corpus");
    if corpus.exists() {
        eprintln!(
            "{} exists: remove it first (articles of another run would mix in)",
            corpus.display()
        );
        return ExitCode::from(2);
    }
    let t = Instant::now();
    let world = gen::World::new(seed).with_injection_rate(rate);
    let written = gen::write_world(&world, &corpus, n).and_then(|stats| {
        gen::write_rules(&out.join("rules"))?;
        stats.save(&out.join("injected.tsv"))?;
        Ok(stats)
    });
    let stats = match written {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot write {}: {e}", out.display());
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{} articles, {:.1} MB in {:.1} s (seed {seed}, generator v{}) in {}",
        stats.articles,
        stats.bytes as f64 / 1e6,
        t.elapsed().as_secs_f64(),
        gen::VERSION,
        corpus.display()
    );
    println!("rules: {}", out.join("rules").display());
    println!(
        "injected: {} discrepancies ({}), listed in {}",
        stats.injected.len(),
        if stats.injected.is_empty() {
            "none".to_string()
        } else {
            format!(
                "{:.1} % of articles",
                100.0 * stats.injected.len() as f64 / n.max(1) as f64
            )
        },
        out.join("injected.tsv").display()
    );
    let counts = stats.counts();
    for kind in gen::Kind::ALL {
        println!(
            "  {:<20} {:>7}  → {}",
            kind.name(),
            counts.get(&kind).copied().unwrap_or(0),
            kind.rule()
        );
    }
    ExitCode::SUCCESS
}
