//! End-to-end `claimcheck check` on generated corpora of 10k, 100k and 1M
//! articles (about 2 KB each) with the shipped rules: wall time, MB/s,
//! peak memory of the claimcheck process, findings per rule against the
//! discrepancies the generator injected, and how time and memory grow with
//! the corpus (they must stay close to linear).
//!
//! ```sh
//! cargo bench --bench check
//! CLAIMCHECK_BENCH_SIZES=10000,100000 cargo bench --bench check
//! ```
//!
//! Environment:
//! - `CLAIMCHECK_BENCH_SIZES`: corpus sizes in articles (default
//!   10000,100000,1000000).
//! - `CLAIMCHECK_BENCH_SEED`: the generator's seed.
//! - `CLAIMCHECK_BENCH_DIR`: where corpora are kept (default
//!   target/bench-corpus). A corpus is generated once per size, seed and
//!   generator (a hash of benches/gen/mod.rs) and reused: a million
//!   articles take a while to write. The rules folder is rewritten from
//!   rules/ on every run.
//! - `CLAIMCHECK_BENCH_THREADS`: threads for claimcheck (RAYON_NUM_THREADS
//!   and POLARS_MAX_THREADS), e.g. 2 for the two-core target.
//! - `CLAIMCHECK_BENCH_TIMINGS`: 1 or 0 to force `--timings` on or off
//!   (default: on when `claimcheck check --help` lists it).
//! - `CLAIMCHECK_BENCH_WARM`: 1 to also time a second run that reads the
//!   claims cache the first one wrote (the measured run is cold: it reads
//!   and writes no cache).
//! - `CLAIMCHECK_BENCH_RUNS`: runs per size, of which the median is
//!   reported (default: 3 up to 100,000 articles, 1 above). A single run
//!   of a small corpus says little: the first after a build loads the
//!   binary (10k: 1.12 s, then 0.80 and 0.82 s), and on a shared machine
//!   runs minutes apart differ by a third.
//!
//! claimcheck runs in the corpus's folder (so no claimcheck.yaml or cache
//! of the repository applies); its report and standard error are kept
//! there (report.json, stderr.txt).
//!
//! Under `cargo test --benches` (no `--bench` argument) it only checks a
//! corpus of 500 articles, to show the bench works.

mod gen;

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The targets of the issue "Scale: a million articles on one machine".
const GOAL_MB_S: f64 = 20.0;
const GOAL_SECONDS_1M: f64 = 300.0;
/// 4 GB, in MB of 10⁶ bytes (as every memory figure here: the kernel's
/// kibibytes are converted).
const GOAL_RSS_MB: f64 = 4000.0;

/// A peak in the kernel's KiB, in MB (10⁶ bytes).
fn peak_mb(kib: u64) -> f64 {
    kib as f64 * 1024.0 / 1e6
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let sizes: Vec<usize> = match std::env::var("CLAIMCHECK_BENCH_SIZES") {
        Ok(s) => s
            .split(',')
            .filter(|x| !x.trim().is_empty())
            .map(|x| {
                x.trim()
                    .replace('_', "")
                    .parse()
                    .expect("CLAIMCHECK_BENCH_SIZES: article counts separated by commas")
            })
            .collect(),
        Err(_) if bench => vec![10_000, 100_000, 1_000_000],
        Err(_) => vec![500],
    };
    let seed = std::env::var("CLAIMCHECK_BENCH_SEED")
        .ok()
        .map(|s| s.parse().expect("CLAIMCHECK_BENCH_SEED: a whole number"))
        .unwrap_or(gen::DEFAULT_SEED);
    let base = std::env::var_os("CLAIMCHECK_BENCH_DIR")
        .map(|d| std::path::absolute(d).expect("CLAIMCHECK_BENCH_DIR: a usable path"))
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus"));
    let threads = std::env::var("CLAIMCHECK_BENCH_THREADS").ok();
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_claimcheck"));
    let help = check_help(&exe);
    let timings = match std::env::var("CLAIMCHECK_BENCH_TIMINGS").as_deref() {
        Ok("1") => true,
        Ok("0") => false,
        _ => help.contains("--timings"),
    };
    let warm = std::env::var("CLAIMCHECK_BENCH_WARM").is_ok_and(|v| v == "1");
    let options = Options {
        timings,
        no_cache: help.contains("--no-cache"),
        threads: threads.clone(),
    };
    let cores = threads.clone().unwrap_or_else(|| {
        std::thread::available_parallelism().map_or("?".into(), |n| n.get().to_string())
    });
    let flags: String = [
        (options.timings, ", --timings"),
        (options.no_cache, ", --no-cache"),
    ]
    .iter()
    .filter(|o| o.0)
    .map(|o| o.1)
    .collect();
    println!(
        "claimcheck check on generated corpora: sizes {sizes:?}, seed {seed}, generator v{}, \
         {cores} threads{flags}",
        gen::VERSION,
    );
    let mut runs = Vec::new();
    for &n in &sizes {
        let dir = base.join(n.to_string());
        let (stats, generated) = corpus(&dir, n, seed);
        let rules = dir.join("rules");
        if rules.exists() {
            std::fs::remove_dir_all(&rules).expect("remove the old rules folder");
        }
        gen::write_rules(&rules).expect("write the rules folder");
        let repeats = std::env::var("CLAIMCHECK_BENCH_RUNS")
            .ok()
            .map(|s| s.parse().expect("CLAIMCHECK_BENCH_RUNS: a whole number"))
            .unwrap_or(if n <= 100_000 { 3 } else { 1 })
            .max(1);
        let mut tries: Vec<Run> = (0..repeats)
            .map(|_| check(&exe, &dir, &stats, &options, Cache::Off))
            .collect();
        let walls: Vec<String> = tries
            .iter()
            .map(|r| format!("{:.2}", r.wall.as_secs_f64()))
            .collect();
        tries.sort_by_key(|r| r.wall);
        let run = tries.swap_remove(tries.len() / 2);
        if repeats > 1 {
            println!(
                "\n{n} articles: {repeats} runs of {} s; the median run follows",
                walls.join(", ")
            );
        }
        print_run(&run, &stats, &dir, generated);
        if warm && options.no_cache {
            let cache = dir.join("cache");
            if cache.exists() {
                std::fs::remove_dir_all(&cache).expect("remove the old cache");
            }
            let fill = check(&exe, &dir, &stats, &options, Cache::In(&cache));
            let again = check(&exe, &dir, &stats, &options, Cache::In(&cache));
            println!(
                "\nwith the claims cache: {:.2} s filling it ({:.0} MB peak), {:.2} s reading it ({:.0} MB peak, {})",
                fill.wall.as_secs_f64(),
                peak_mb(fill.peak_rss_kb),
                again.wall.as_secs_f64(),
                peak_mb(again.peak_rss_kb),
                again.exit
            );
            for line in again.stderr.lines() {
                println!("  | {line}");
            }
        }
        runs.push(run);
    }
    print_summary(&runs);
}

/// `claimcheck check --help`, to see which flags this build has.
fn check_help(exe: &Path) -> String {
    Command::new(exe)
        .args(["check", "--help"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

struct Options {
    timings: bool,
    /// This build has a claims cache that `--no-cache` turns off.
    no_cache: bool,
    threads: Option<String>,
}

enum Cache<'a> {
    Off,
    In(&'a Path),
}

/// The corpus of `n` articles under `dir/corpus`, generated unless a
/// stamp says it is there already; with how long generation took.
fn corpus(dir: &Path, n: usize, seed: u64) -> (gen::Stats, Option<Duration>) {
    let stamp = format!(
        "generator v{} ({:016x}) seed {seed} articles {n} injection rate {}\n",
        gen::VERSION,
        gen::fingerprint(),
        gen::DEFAULT_INJECTION_RATE
    );
    let stamp_path = dir.join("stamp");
    let injected = dir.join("injected.tsv");
    if std::fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp) {
        if let Ok(stats) = gen::Stats::load(&injected) {
            return (stats, None);
        }
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("remove the old corpus");
    }
    eprint!("generating {n} articles in {} … ", dir.display());
    let t = Instant::now();
    let stats = gen::write_corpus(&dir.join("corpus"), n, seed).expect("write the corpus");
    stats.save(&injected).expect("write injected.tsv");
    std::fs::write(&stamp_path, stamp).expect("write the stamp");
    let took = t.elapsed();
    eprintln!("{:.1} s", took.as_secs_f64());
    (stats, Some(took))
}

/// The run's peak memory by `--timings` (its "total" line), in kB, or 0.
/// --timings resets the kernel's high-water mark at every stage to give
/// each its own peak, so the peak `wait4` reports is only the last
/// stage's; the timings keep the largest.
fn timings_peak_kb(stderr: &str) -> u64 {
    stderr
        .lines()
        .find_map(|l| {
            let rest = l.trim_start().strip_prefix("total")?;
            let mb = rest.split("peak").nth(1)?.trim().strip_suffix("MB")?;
            mb.trim().parse::<u64>().ok()
        })
        .map_or(0, |mb| mb * 1_000_000 / 1024)
}

/// What one run of claimcheck measured.
struct Run {
    articles: usize,
    bytes: u64,
    wall: Duration,
    cpu: Duration,
    peak_rss_kb: u64,
    exit: String,
    stderr: String,
    summary: Option<Summary>,
    /// Findings per rule: (all, touching an article with an injection).
    findings: BTreeMap<String, (usize, usize)>,
    /// Injections of each kind the intended rule found.
    detected: BTreeMap<gen::Kind, usize>,
}

#[derive(Deserialize)]
struct Report {
    summary: Summary,
    findings: Vec<Finding>,
}

#[derive(Deserialize, Clone)]
struct Summary {
    articles: u64,
    claims: u64,
    checks_run: u64,
}

#[derive(Deserialize)]
struct Finding {
    rule: String,
    article: String,
    related: Vec<Related>,
}

#[derive(Deserialize)]
struct Related {
    article: String,
}

fn check(exe: &Path, dir: &Path, stats: &gen::Stats, opt: &Options, cache: Cache<'_>) -> Run {
    let report = dir.join("report.json");
    let _ = std::fs::remove_file(&report);
    let stderr_path = dir.join("stderr.txt");
    let mut cmd = Command::new(exe);
    cmd.arg("check")
        .arg(dir.join("corpus"))
        .arg("--rules")
        .arg(dir.join("rules"))
        .args(["--format", "json", "--fail-on", "never", "--output"])
        .arg(&report)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr_path).expect("create stderr.txt"))
        .current_dir(dir)
        .env_remove("CI");
    if opt.timings {
        cmd.arg("--timings");
    }
    match cache {
        Cache::Off if opt.no_cache => {
            cmd.arg("--no-cache");
        }
        Cache::Off => {}
        Cache::In(path) => {
            cmd.arg("--cache").arg(path);
        }
    }
    if let Some(t) = &opt.threads {
        cmd.env("RAYON_NUM_THREADS", t).env("POLARS_MAX_THREADS", t);
    }
    let m = measure(&mut cmd).expect("run claimcheck");
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    let mut run = Run {
        articles: stats.articles,
        bytes: stats.bytes,
        wall: m.wall,
        cpu: m.cpu,
        peak_rss_kb: m.peak_rss_kb.max(timings_peak_kb(&stderr)),
        exit: m.exit,
        stderr,
        summary: None,
        findings: BTreeMap::new(),
        detected: BTreeMap::new(),
    };
    let Ok(file) = std::fs::File::open(&report) else {
        return run;
    };
    let parsed: Report = match serde_json::from_reader(std::io::BufReader::new(file)) {
        Ok(r) => r,
        Err(e) => {
            run.exit = format!("{} (report unreadable: {e})", run.exit);
            return run;
        }
    };
    // Findings against injections: a finding touches the articles of its
    // claim and of its related claims.
    let injected: HashSet<&str> = stats.injected.iter().map(|i| i.article.as_str()).collect();
    let mut touched: HashSet<(&str, &str)> = HashSet::new();
    for f in &parsed.findings {
        let arts: Vec<&str> = std::iter::once(f.article.as_str())
            .chain(f.related.iter().map(|r| r.article.as_str()))
            .collect();
        let entry = run.findings.entry(f.rule.clone()).or_default();
        entry.0 += 1;
        if arts.iter().any(|a| injected.contains(a)) {
            entry.1 += 1;
        }
        for a in arts {
            if injected.contains(a) {
                touched.insert((f.rule.as_str(), a));
            }
        }
    }
    for i in &stats.injected {
        if touched.contains(&(i.kind.rule(), i.article.as_str())) {
            *run.detected.entry(i.kind).or_default() += 1;
        }
    }
    run.summary = Some(parsed.summary);
    run
}

struct Measured {
    wall: Duration,
    cpu: Duration,
    peak_rss_kb: u64,
    exit: String,
}

/// Runs `cmd` and waits for it with wait4, which also returns its peak
/// resident set size and CPU time.
fn measure(cmd: &mut Command) -> std::io::Result<Measured> {
    let t = Instant::now();
    let child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data, zero is a valid value for every field.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, writing into the two locals. The
    // child is reaped here; `child` is dropped without waiting again.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = t.elapsed();
    if r < 0 {
        return Err(std::io::Error::last_os_error());
    }
    drop(child);
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let exit = if libc::WIFEXITED(status) {
        format!("exit {}", libc::WEXITSTATUS(status))
    } else if libc::WIFSIGNALED(status) {
        format!("killed by signal {}", libc::WTERMSIG(status))
    } else {
        format!("status {status}")
    };
    Ok(Measured {
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        // Linux reports kilobytes.
        peak_rss_kb: usage.ru_maxrss as u64,
        exit,
    })
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn print_run(run: &Run, stats: &gen::Stats, dir: &Path, generated: Option<Duration>) {
    let secs = run.wall.as_secs_f64();
    println!(
        "\n== {} articles, {:.1} MB ({}; {})",
        run.articles,
        mb(run.bytes),
        dir.display(),
        match generated {
            Some(t) => format!("generated in {:.1} s", t.as_secs_f64()),
            None => "reused".into(),
        }
    );
    println!(
        "check: {secs:.2} s wall, {:.1} MB/s, peak RSS {:.0} MB, CPU {:.1} s ({:.2} cores busy), {}",
        mb(run.bytes) / secs,
        peak_mb(run.peak_rss_kb),
        run.cpu.as_secs_f64(),
        run.cpu.as_secs_f64() / secs,
        run.exit
    );
    if !run.stderr.trim().is_empty() {
        println!("claimcheck stderr:");
        for line in run.stderr.lines() {
            println!("  | {line}");
        }
    }
    let Some(summary) = &run.summary else {
        println!("no report: see {}", dir.join("stderr.txt").display());
        return;
    };
    let findings: usize = run.findings.values().map(|f| f.0).sum();
    println!(
        "report: {} articles, {} claims ({:.1} per KB), {} checks, {findings} findings",
        summary.articles,
        summary.claims,
        summary.claims as f64 / (run.bytes as f64 / 1000.0),
        summary.checks_run
    );
    let counts = stats.counts();
    println!(
        "\n  {:<20} {:>9} {:>9}  rule",
        "injected kind", "injected", "detected"
    );
    for kind in gen::Kind::ALL {
        let n = counts.get(&kind).copied().unwrap_or(0);
        let d = run.detected.get(&kind).copied().unwrap_or(0);
        println!(
            "  {:<20} {n:>9} {d:>9}  {}{}",
            kind.name(),
            kind.rule(),
            if d < n { "  ← missed some" } else { "" }
        );
    }
    let mut expected: HashMap<&str, usize> = HashMap::new();
    for (kind, n) in &counts {
        *expected.entry(kind.rule()).or_default() += n;
    }
    println!(
        "\n  {:<22} {:>9} {:>9} {:>11} {:>9}",
        "rule", "injected", "findings", "on injected", "elsewhere"
    );
    let mut rules: Vec<&str> = run.findings.keys().map(String::as_str).collect();
    rules.extend(expected.keys().copied());
    rules.sort_unstable();
    rules.dedup();
    for rule in rules {
        let (all, on) = run.findings.get(rule).copied().unwrap_or((0, 0));
        println!(
            "  {rule:<22} {:>9} {all:>9} {on:>11} {:>9}{}",
            expected.get(rule).copied().unwrap_or(0),
            all - on,
            if all > on {
                "  ← findings on clean articles"
            } else {
                ""
            }
        );
    }
    println!(
        "  (a finding is on an injected article when its claim or a related claim is in one; \
         one injection can draw findings from several rules and articles)"
    );
}

fn print_summary(runs: &[Run]) {
    println!(
        "\n{:>10} {:>9} {:>9} {:>8} {:>9} {:>12} {:>12}",
        "articles", "MB", "wall s", "MB/s", "peak MB", "µs/article", "KB/article"
    );
    for r in runs {
        let secs = r.wall.as_secs_f64();
        println!(
            "{:>10} {:>9.1} {:>9.2} {:>8.1} {:>9.0} {:>12.1} {:>12.2}",
            r.articles,
            mb(r.bytes),
            secs,
            mb(r.bytes) / secs,
            peak_mb(r.peak_rss_kb),
            secs * 1e6 / r.articles as f64,
            peak_mb(r.peak_rss_kb) * 1e3 / r.articles as f64
        );
    }
    if runs.len() > 1 {
        println!("\ngrowth from size to size (linear: per-article ratios near 1):");
        for w in runs.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            let k = b.articles as f64 / a.articles as f64;
            let t = b.wall.as_secs_f64() / a.wall.as_secs_f64();
            let m = b.peak_rss_kb as f64 / a.peak_rss_kb as f64;
            println!(
                "  {} → {} articles (×{k:.1}): time ×{t:.2} (per article ×{:.2}), peak memory ×{m:.2} (per article ×{:.2})",
                a.articles,
                b.articles,
                t / k,
                m / k
            );
        }
    }
    if let Some(last) = runs.last().filter(|r| r.articles >= 10_000) {
        let secs = last.wall.as_secs_f64();
        let rss_mb = peak_mb(last.peak_rss_kb);
        let (t1m, m1m, how) = if last.articles == 1_000_000 {
            (secs, rss_mb, "measured")
        } else if let Some((a, b)) = match runs {
            [.., a, b] if b.articles > a.articles => Some((a, b)),
            _ => None,
        } {
            // From the growth between the two largest corpora, so that fixed
            // costs are not scaled up.
            let per = |x: f64, y: f64| (y - x) / (b.articles as f64 - a.articles as f64);
            let rest = 1e6 - b.articles as f64;
            let dt = per(a.wall.as_secs_f64(), secs);
            let dm = per(peak_mb(a.peak_rss_kb), rss_mb);
            (secs + dt * rest, rss_mb + dm * rest, "extrapolated")
        } else {
            let k = 1e6 / last.articles as f64;
            (secs * k, rss_mb * k, "extrapolated")
        };
        println!(
            "\ngoals: ≥ {GOAL_MB_S} MB/s end to end (measured {:.1}); 1M articles within \
             {GOAL_SECONDS_1M} s and {GOAL_RSS_MB} MB ({how}: {t1m:.0} s, {m1m:.0} MB), on 2 cores \
             (CLAIMCHECK_BENCH_THREADS=2)",
            mb(last.bytes) / secs,
        );
    }
}
