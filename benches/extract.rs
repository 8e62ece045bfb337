//! Extraction throughput: generates a varied corpus of at least 100 MB in
//! memory with the benches' generator (`benches/gen`: invented cities,
//! articles of about 2 KB like the seeds; nothing is written or committed),
//! extracts it with all cores and prints MB/s. Run with `cargo bench --bench
//! extract`; set CLAIMCHECK_BENCH_MB to change the corpus size (under
//! `cargo test --benches` it is 2 MB).

mod gen;

use claimcheck::corpus::Article;
use claimcheck::extract::{self, lexicon::Lexicon, Settings};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    // Under `cargo test --benches` (no `--bench` argument), a small corpus
    // only shows that the bench works.
    let bench = std::env::args().any(|a| a == "--bench");
    let target_mb: usize = std::env::var("CLAIMCHECK_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if bench { 100 } else { 2 });
    // The shipped lexicon, which also knows the generated cities.
    let rules = tempfile::tempdir().expect("temporary folder");
    gen::write_rules(rules.path()).expect("rules folder");
    let lex = Lexicon::load(&rules.path().join("metrics.yaml")).expect("lexicon");
    for (name, quant_share) in [
        (
            "news-like (2 in 5 body sentences with numbers, as in the seeds)",
            gen::DEFAULT_QUANT_SHARE,
        ),
        ("dense (every body sentence with numbers)", 1.0),
    ] {
        let world = gen::World::new(gen::DEFAULT_SEED).with_quant_share(quant_share);
        measure(name, &world, target_mb, &lex);
    }
}

fn measure(name: &str, world: &gen::World, target_mb: usize, lex: &Lexicon) {
    let t0 = Instant::now();
    let mut articles = Vec::new();
    let mut bytes = 0usize;
    while bytes < target_mb * 1_000_000 {
        let id = gen::article_id(articles.len());
        let (text, _) = world.article(articles.len());
        let a = Article::from_text(id.clone(), PathBuf::from(id), text, None)
            .expect("generated articles are valid");
        bytes += a.text().len();
        articles.push(a);
    }
    let generated = t0.elapsed();
    let mb = bytes as f64 / 1e6;
    let threads = rayon::current_num_threads();
    println!(
        "\n{name}: {} articles, {mb:.1} MB (generated in {:.1} s)",
        articles.len(),
        generated.as_secs_f64()
    );
    let mut best = f64::MAX;
    let mut claims = 0;
    for run in 1..=3 {
        let t = Instant::now();
        let c = extract::extract_all(&articles, lex, &Settings::default());
        let s = t.elapsed().as_secs_f64();
        claims = c.len();
        println!("run {run}: {s:.2} s, {:.1} MB/s, {claims} claims", mb / s);
        best = best.min(s);
    }
    // The lexicon's search alone, on one thread (about an eighth of
    // extraction's time).
    let mut best_lex = f64::MAX;
    let mut names = 0;
    for _ in 0..3 {
        let t = Instant::now();
        names = articles.iter().map(|a| lex.find(a.text()).len()).sum();
        best_lex = best_lex.min(t.elapsed().as_secs_f64());
    }
    let t = Instant::now();
    let c = extract::extract_all(&articles, lex, &Settings::default());
    let frame = claimcheck::frame::claims_frame(&c).expect("frame");
    let with_frame = t.elapsed().as_secs_f64();
    println!(
        "extract: best {best:.2} s = {:.1} MB/s on {threads} threads ({claims} claims, {:.1} claims/KB, {:.0} claims/s)",
        mb / best,
        claims as f64 / (mb * 1000.0),
        claims as f64 / best
    );
    println!(
        "lexicon search alone: best {best_lex:.3} s = {:.1} MB/s on one thread ({names} names)",
        mb / best_lex
    );
    println!(
        "extract + frame ({} rows): {with_frame:.2} s = {:.1} MB/s",
        frame.height(),
        mb / with_frame
    );
}
