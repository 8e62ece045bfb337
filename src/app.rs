//! The application layer: runs a parsed command line and says how it ended.

use crate::baseline::Baseline;
use crate::binfile::Loaded;
use crate::cache::{self, Cache, Claims};
use crate::check::{self, Context};
use crate::claim::Claim;
use crate::claim_store::ClaimStore;
use crate::cli::{
    BaselineArgs, BaselineCommand, CheckArgs, CheckFormat, ClaimsArgs, ClaimsFormat, Cli, Command,
    CorpusArgs, FailOn, RulesArgs, RulesCommand,
};
use crate::corpus::{self, Corpus};
use crate::extract::{
    lexicon::{Lexed, Lexicon},
    Settings,
};
use crate::finding::Severity;
use crate::incremental::State;
use crate::report;
use crate::report::human::{Sources, Totals};
use crate::rules::{inline, kinds, RuleSet};
use crate::timings::Timings;
use miette::{miette, IntoDiagnostic, Result};
use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::Path;
use std::path::PathBuf;
use std::time::{Instant, SystemTime};

/// How a run ended, mapped to the exit code by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above the failure threshold.
    Clean,
    /// Findings at or above the failure threshold (or failed rule tests).
    Findings,
}

/// The extracted corpus: what every command starts from.
pub struct Extracted {
    pub corpus: Corpus,
    pub lexicon: Lexicon,
    /// Every article's claims (cached ones converted when needed).
    pub claims: ClaimStore,
    /// The articles' content hashes (empty without a cache).
    pub hashes: Vec<u64>,
    /// The claims cache of this corpus, when used.
    pub cache: Option<Cache>,
    /// False for claims read from claims files (`check --claims`): the
    /// articles then have no text.
    pub source_text: bool,
}

impl Sources for HashMap<&str, &str> {
    fn text(&self, article: &str) -> &str {
        self.get(article).copied().unwrap_or("")
    }
}

/// Load the lexicon and the corpus, report bad articles, extract.
pub fn extract_corpus(
    args: &CorpusArgs,
    scanners: Option<&RuleSet>,
    timings: &Timings,
) -> Result<Extracted> {
    if !(0.0..1.0).contains(&args.approx) {
        return Err(miette!(
            code = "claimcheck::cli::approx",
            help = "give a fraction such as 0.05 for 5 %",
            "--approx must be at least 0 and below 1, not {}",
            args.approx
        ));
    }
    let lexicon_path = args.rules.join("metrics.yaml");
    let lexicon = Lexicon::load(&lexicon_path)?;
    let settings = Settings {
        approx: args.approx,
    };
    let cache = (!args.no_cache).then(|| {
        let key = cache::Key::new(lexicon.fingerprint(), &settings);
        Cache::open(&args.cache, &args.corpus_paths(), key)
    });
    let read_at = SystemTime::now();
    let index = cache.as_ref().and_then(load_index);
    let plan = cache::Plan::open(cache.as_ref());
    let bar = std::sync::OnceLock::new();
    let mut gathered = cache::Gathered::default();
    let found = std::cell::Cell::new(0);
    let started = Instant::now();
    // Each article is extracted (and scanned by the rules that read texts)
    // as it is read, and its text let go: see `corpus::load_visiting`.
    let (corpus, times) = corpus::load_visiting(
        &args.corpus_paths(),
        index.as_ref(),
        |files| {
            found.set(files);
            let _ = bar.set(report::progress::articles(files));
        },
        |article, hash| {
            let lexed = Lexed::new(article.text(), &lexicon);
            let claims = plan.claims_of(article, hash, &lexed, &settings);
            let fresh = match &claims {
                Claims::Fresh(claims) => Some(&claims[..]),
                Claims::Cached(_) => None,
            };
            let marks = scanners.and_then(|rules| rules.scan(&lexed, fresh));
            // `lexed` borrows the text the article is about to let go.
            drop(lexed);
            article.marks = marks;
            if let Some(bar) = bar.get() {
                bar.inc(1);
            }
            (hash, claims)
        },
        |_, article, got| {
            gathered.expect(found.get());
            plan.gather(&mut gathered, article, got)
        },
    )?;
    let elapsed = started.elapsed();
    // The claims are held from here on: see `memory`.
    crate::memory::purge_at_once();
    if let Some(bar) = bar.get() {
        bar.finish_and_clear();
    }
    report::diagnostics::print_all(corpus.problems.iter().map(|p| p as &dyn miette::Diagnostic));
    for s in &corpus.skipped {
        report::diagnostics::note(&format!("skipped {}: {}", s.path.display(), s.reason));
    }
    let x = plan.finish(&corpus.articles, gathered, times.work, &lexicon, &settings);
    for n in &x.notes {
        report::diagnostics::note(n);
    }
    let bytes: usize = corpus.articles.iter().map(|a| a.size()).sum();
    let mut note = format!(
        "{} articles, {}",
        corpus.articles.len(),
        report::timings::megabytes(bytes)
    );
    let unread = corpus.from_index();
    if unread > 0 {
        note.push_str(&format!(", {unread} unchanged (not read)"));
    } else {
        note.push_str(&format!(
            ", {}",
            report::timings::rate(x.extracted_bytes, elapsed)
        ));
    }
    timings.record("read and extract", elapsed, Some(note));
    timings.record_nested(
        "read",
        times.read,
        Some("reading the files, alongside extraction".into()),
        None,
    );
    timings.record_nested(
        "extract",
        x.extract,
        Some(format!(
            "{} articles, {} claims, {}",
            x.extracted,
            x.claims.len(),
            report::timings::rate(x.extracted_bytes, x.extract)
        )),
        None,
    );
    if cache.is_some() {
        let note = format!(
            "{} of {} articles from cache",
            x.cached,
            corpus.articles.len()
        );
        timings.record("cache", x.load, Some(note));
    }
    if x.stored > 0 {
        let note = format!("{} of {} files", x.stored, cache::BUCKETS);
        timings.record("cache write", x.store, Some(note));
    }
    if let Some(cache) = &cache {
        let recorded = index.as_ref().map_or(0, corpus::Index::len);
        let n = corpus.articles.len();
        if unread != n || recorded != n {
            let started = Instant::now();
            let key = cache.key().digest();
            let path = cache.folder().join(corpus::index::FILE);
            let saved = corpus::index::save(
                &path,
                key,
                corpus.manifests,
                &corpus.articles,
                &x.hashes,
                read_at,
            );
            if let Err(e) = saved {
                report::diagnostics::note(&format!(
                    "cannot write the files index {}: {e}",
                    path.display()
                ));
            }
            timings.record("index write", started.elapsed(), None);
        }
    }
    Ok(Extracted {
        corpus,
        lexicon,
        claims: x.claims,
        hashes: x.hashes,
        cache,
        source_text: true,
    })
}

/// Every claim of `x`, timed when the cached ones had to be converted.
fn cached_claims<'x>(x: &'x Extracted, timings: &Timings) -> Result<&'x [Claim]> {
    if x.claims.pending() {
        Ok(timings.time("cached claims", || x.claims.all())?)
    } else {
        Ok(x.claims.all()?)
    }
}

/// The files index of the cache's corpus; None when there
/// is none (a damaged one is noted and ignored: every file is read).
fn load_index(cache: &Cache) -> Option<corpus::Index> {
    let key = cache.key().digest();
    match corpus::Index::load(&cache.folder().join(corpus::index::FILE), key) {
        Loaded::Found(i) => Some(i),
        Loaded::Damaged(why) => {
            report::diagnostics::note(&format!("files index damaged, reading every file: {why}"));
            None
        }
        Loaded::Absent | Loaded::Stale => None,
    }
}

/// Say what went wrong reading texts after the corpus was loaded.
fn report_late_problems(corpus: &Corpus) {
    let late = corpus.late_problems();
    report::diagnostics::print_all(late.into_iter().map(|p| p as &dyn miette::Diagnostic));
}

/// `check --claims FILE…`: claims extracted earlier, with their articles
/// (dates, paths, metadata; no texts).
fn read_claims(files: &[PathBuf], args: &CorpusArgs, timings: &Timings) -> Result<Extracted> {
    let lexicon = Lexicon::load(&args.rules.join("metrics.yaml"))?;
    let input = timings.time("read claims", || crate::claims_file::read(files))?;
    // The claims are held from here on, as after an extraction.
    crate::memory::purge_at_once();
    timings.note(
        "read claims",
        format!(
            "{} files, {} articles, {} claims",
            files.len(),
            input.articles.len(),
            input.claims.len()
        ),
    );
    Ok(Extracted {
        corpus: Corpus {
            articles: input.articles,
            ..Corpus::default()
        },
        lexicon,
        claims: ClaimStore::from_vec(input.claims, Vec::new()),
        hashes: Vec::new(),
        cache: None,
        source_text: false,
    })
}

/// Run the command line; `claimcheck.yaml` in the current directory fills
/// in what the flags (`matches`) leave at their defaults.
pub fn run(mut cli: Cli, matches: &clap::ArgMatches) -> Result<Outcome> {
    if let Some(config) = crate::config::Config::find(Path::new("."))? {
        config.apply(&mut cli, matches);
    }
    match cli.command {
        None => check(&cli.check),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Claims(args)) => claims(&args),
        Some(Command::Rules(args)) => rules(&args),
        Some(Command::Baseline(args)) => baseline(&args),
    }
}

fn fails(severity: Severity, fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Never => false,
        FailOn::Info => true,
        FailOn::Warning => severity >= Severity::Warning,
        FailOn::Error => severity >= Severity::Error,
    }
}

/// What the caller of [`evaluate`] does with the rules' report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// The findings only: with the claims cache, the rules may run
    /// incrementally (see `incremental.rs`).
    Findings,
    /// Every claim with the rules that verified it (the HTML report): a
    /// full run that keeps the verified rows.
    Verified,
}

/// Extract the corpus (or read `claims_files`) and run every rule: what
/// `check` and `baseline` share.
fn evaluate(
    args: &CorpusArgs,
    claims_files: &[PathBuf],
    needs: Needs,
    timings: &Timings,
) -> Result<(Extracted, RuleSet, check::Report)> {
    // Rules first: a broken rule file stops the run before any work.
    let rules = timings.time("load rules", || RuleSet::load(&args.rules))?;
    let mut x = if claims_files.is_empty() {
        extract_corpus(args, Some(&rules), timings)?
    } else {
        let x = read_claims(claims_files, args, timings)?;
        for note in crate::claims_file::without_text_notes(&rules) {
            report::diagnostics::note(&note);
        }
        x
    };
    let scanners = rules.scanners();
    let state = match &x.cache {
        Some(cache) if needs == Needs::Findings => {
            let key = crate::incremental::key(cache.key(), &args.rules);
            Some((key, cache.folder().join(crate::incremental::FILE)))
        }
        _ => None,
    };
    if let Some((key, path)) = &state {
        if let Some(report) = rerun(&x, &rules, args, *key, path, timings) {
            return Ok((x, rules, report));
        }
    }
    // The rules that read texts scanned every text read; the files index
    // spared some: scan those now (read one at a time, and let go).
    if x.corpus.from_index() > 0 && rules.reads_texts() {
        timings.time("scan texts", || {
            x.corpus
                .scan_texts(|t| rules.scan(&Lexed::new(t, &x.lexicon), None))
        });
    }
    let all = cached_claims(&x, timings)?;
    let mut ctx = timings.time("group claims", || {
        Context::new(all, &x.corpus.articles, &args.rules)
    });
    ctx.ledger = state.is_some();
    ctx.verify = needs == Needs::Verified;
    ctx.scanners = scanners;
    let started = Instant::now();
    let mut report = check::run(&rules, &ctx, timings.enabled())?;
    timings.record("rules", started.elapsed(), Some(rules_at_once(&rules)));
    record_rules(timings, &report);
    // The rows' indexes are not needed past the rules.
    drop(ctx);
    if let Some((key, path)) = &state {
        let started = Instant::now();
        let parts = std::mem::take(&mut report.parts);
        let saved =
            crate::incremental::save_full_run(path, *key, &rules, parts, &input(&x, args), all);
        if let Err(e) = saved {
            note_unsaved(path, &e);
        }
        timings.record("state write", started.elapsed(), None);
    }
    Ok((x, rules, report))
}

/// Re-run the rules only where the articles changed since the last run's
/// state; None when there is no usable state (the caller runs in full).
fn rerun(
    x: &Extracted,
    rules: &RuleSet,
    args: &CorpusArgs,
    key: u64,
    path: &Path,
    timings: &Timings,
) -> Option<check::Report> {
    let started = Instant::now();
    let last = match State::load(path, key) {
        Loaded::Found(s) => s,
        Loaded::Damaged(why) => {
            report::diagnostics::note(&format!("results state damaged, checking in full: {why}"));
            return None;
        }
        Loaded::Absent | Loaded::Stale => return None,
    };
    timings.record("state read", started.elapsed(), None);
    let started = Instant::now();
    let ran = crate::incremental::run(last, rules, &input(x, args));
    let (report, next, summary) = match ran {
        Ok(r) => r,
        Err(why) => {
            report::diagnostics::note(&format!(
                "cannot check incrementally, checking in full: {why}"
            ));
            return None;
        }
    };
    let note = format!(
        "{}; incremental: {} articles changed, {} re-checked, {} rules on everything",
        rules_at_once(rules),
        summary.changed,
        summary.rechecked,
        summary.whole
    );
    timings.record("rules", started.elapsed(), Some(note));
    record_rules(timings, &report);
    let started = Instant::now();
    save_state(&next, path);
    timings.record("state write", started.elapsed(), None);
    Some(report)
}

/// What the results state is made from.
fn input<'a>(x: &'a Extracted, args: &'a CorpusArgs) -> crate::incremental::Input<'a> {
    crate::incremental::Input {
        articles: &x.corpus.articles,
        claims: &x.claims,
        hashes: &x.hashes,
        rules_dir: &args.rules,
    }
}

/// How many rules ran, and how many at once (`check::in_lanes`), for the
/// rules line of `--timings`.
fn rules_at_once(rules: &RuleSet) -> String {
    let n = rules.rules.len();
    format!("{n} rules, up to {} at once", check::lanes(n))
}

/// Each rule's time and counts, nested under "rules".
fn record_rules(timings: &Timings, report: &check::Report) {
    for s in &report.stats {
        timings.record_nested(
            &s.id,
            s.elapsed,
            Some(format!("{} checked, {} failed", s.checked, s.failed)),
            s.peak,
        );
    }
}

/// Write the results state; a state that cannot be written only costs the
/// next run its speed.
fn save_state(state: &State, path: &Path) {
    if let Err(e) = state.save(path) {
        note_unsaved(path, &e);
    }
}

fn note_unsaved(path: &Path, e: &str) {
    report::diagnostics::note(&format!(
        "cannot write the results state {}: {e}",
        path.display()
    ));
}

/// `claimcheck check`: extract, run every rule, report.
fn check(args: &CheckArgs) -> Result<Outcome> {
    let timings = Timings::new(args.corpus.timings);
    let needs = if args.format == CheckFormat::Html {
        Needs::Verified
    } else {
        Needs::Findings
    };
    let (x, rules, mut report) = evaluate(&args.corpus, &args.claims, needs, &timings)?;
    let started = Instant::now();
    if let Some(path) = &args.baseline {
        let baseline = Baseline::load(path)?;
        report.stale = baseline.apply(&mut report.findings);
    }
    if let Some(changed) = changed_articles(args, &x.corpus.articles)? {
        report.only_touching(&changed);
    }
    let totals = Totals {
        articles: x.corpus.articles.len(),
        claims: x.claims.len(),
        unreadable: x.corpus.problems.len(),
        source_text: x.source_text,
    };
    // Only the formats that name files need every article's path (a
    // million articles' paths are a few hundred megabytes).
    let named = matches!(
        args.format,
        CheckFormat::Concise | CheckFormat::Github | CheckFormat::Markdown | CheckFormat::Html
    );
    let paths: HashMap<String, String> = if named {
        x.corpus
            .articles
            .iter()
            .map(|a| (a.id.clone(), a.path.display().to_string()))
            .collect()
    } else {
        HashMap::new()
    };
    // The texts findings point into (read now if the files index spared
    // them); html shows every article.
    let cited: HashSet<&str> = report
        .findings
        .iter()
        .flat_map(|f| std::iter::once(&f.article).chain(f.related.iter().map(|r| &r.article)))
        .map(String::as_str)
        .collect();
    let everything = args.format == CheckFormat::Html;
    let snippets = matches!(args.format, CheckFormat::Human | CheckFormat::Sarif);
    x.corpus
        .read_texts(|a| everything || snippets && cited.contains(a.id.as_str()));
    let texts: HashMap<&str, &str> = x
        .corpus
        .articles
        .iter()
        .filter(|a| a.is_read())
        .map(|a| (a.id.as_str(), a.text()))
        .collect();
    report_late_problems(&x.corpus);
    let rendered = match args.format {
        CheckFormat::Human => {
            let color = args.output.is_none() && std::io::stdout().is_terminal();
            report::human::render(&report, &totals, &texts, color)
        }
        CheckFormat::Json => report::json::render(&report, &totals).into_diagnostic()?,
        CheckFormat::Concise => report::concise::render(&report, &paths, x.source_text),
        CheckFormat::Github => report::github::render(&report, &paths, x.source_text),
        CheckFormat::Markdown => report::markdown::render(&report, &totals, &paths),
        CheckFormat::Sarif => {
            let uris: HashMap<String, String> = x
                .corpus
                .articles
                .iter()
                .map(|a| (a.id.clone(), repository_path(&a.path)))
                .collect();
            let sources = report::sarif::Sources {
                paths: &uris,
                texts: &texts,
            };
            report::sarif::render(&report, &rules, &totals, &sources).into_diagnostic()?
        }
        CheckFormat::Html => report::html::render(
            &report,
            &totals,
            &x.corpus.articles,
            x.claims.all()?,
            &paths,
        ),
    };
    write(rendered.as_bytes(), args.output.as_deref())?;
    timings.record("report", started.elapsed(), None);
    report::timings::print(&timings);
    let failing = report
        .findings
        .iter()
        .any(|f| !f.accepted && fails(f.severity, args.fail_on));
    // Millions of claims: freeing them one by one only delays the exit.
    std::mem::forget((x, report));
    Ok(if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// A path as SARIF wants it: relative to where claimcheck runs (the
/// repository root in CI), with `/` separators.
fn repository_path(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let s = relative.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// The ids of the articles `--changed` or `--since` name; None when neither
/// is given (report everything).
fn changed_articles(
    args: &CheckArgs,
    articles: &[crate::corpus::Article],
) -> Result<Option<HashSet<String>>> {
    let files: Vec<PathBuf> = if let Some(rev) = &args.since {
        git_changed_files(rev)?
    } else if !args.changed.is_empty() {
        args.changed.clone()
    } else {
        return Ok(None);
    };
    // Compare canonical paths, so "seeds/a.txt" and "./seeds/a.txt" agree;
    // a deleted file cannot be canonicalised and touches no article.
    let wanted: HashSet<PathBuf> = files.iter().filter_map(|f| f.canonicalize().ok()).collect();
    Ok(Some(
        articles
            .iter()
            .filter(|a| a.path.canonicalize().is_ok_and(|p| wanted.contains(&p)))
            .map(|a| a.id.clone())
            .collect(),
    ))
}

/// Files changed between `rev` and the working tree, as paths from here.
fn git_changed_files(rev: &str) -> Result<Vec<PathBuf>> {
    let run = |args: &[&str]| -> Result<String> {
        let out = std::process::Command::new("git")
            .args(args)
            .output()
            .map_err(|e| {
                miette!(
                    code = "claimcheck::git",
                    help = "--since needs git on PATH and a git checkout",
                    "cannot run git: {e}"
                )
            })?;
        if !out.status.success() {
            return Err(miette!(
                code = "claimcheck::git",
                help = "give a revision git knows, such as origin/main or HEAD~1",
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let top = PathBuf::from(run(&["rev-parse", "--show-toplevel"])?.trim());
    let names = run(&["diff", "--name-only", rev, "--"])?;
    Ok(names
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| top.join(l))
        .collect())
}

/// `claimcheck baseline write | prune`.
fn baseline(args: &BaselineArgs) -> Result<Outcome> {
    let (BaselineCommand::Write(a) | BaselineCommand::Prune(a)) = &args.command;
    let timings = Timings::new(a.corpus.timings);
    let (x, _, report) = evaluate(&a.corpus, &[], Needs::Findings, &timings)?;
    report_late_problems(&x.corpus);
    let previous = if a.baseline.exists() {
        Some(Baseline::load(&a.baseline)?)
    } else {
        None
    };
    let (next, what) = match &args.command {
        BaselineCommand::Write(_) => (
            Baseline::from_findings(&report.findings, previous.as_ref()),
            "recorded",
        ),
        BaselineCommand::Prune(_) => {
            let Some(previous) = previous else {
                return Err(miette!(
                    code = "claimcheck::baseline::missing",
                    help = "create one with `claimcheck baseline write`",
                    "there is no baseline at {}",
                    a.baseline.display()
                ));
            };
            (previous.pruned(&report.findings), "kept")
        }
    };
    let yaml = next.to_yaml().into_diagnostic()?;
    write(yaml.as_bytes(), Some(&a.baseline))?;
    report::diagnostics::note(&format!(
        "{} {} findings in {}",
        what,
        next.accepted.len(),
        a.baseline.display()
    ));
    Ok(Outcome::Clean)
}

fn write(bytes: &[u8], output: Option<&Path>) -> Result<()> {
    report::emit(bytes, output)
        .map_err(|e| miette!(code = "claimcheck::output", "cannot write the output: {e}"))
}

/// `claimcheck claims`: write the claims frame.
fn claims(args: &ClaimsArgs) -> Result<Outcome> {
    if args.format == ClaimsFormat::Parquet
        && args.output.is_none()
        && std::io::stdout().is_terminal()
    {
        return Err(miette!(
            code = "claimcheck::cli::binary_to_terminal",
            help = "add --output claims.parquet, or redirect standard output to a file",
            "parquet is a binary format and standard output is a terminal"
        ));
    }
    let timings = Timings::new(args.corpus.timings);
    let x = extract_corpus(&args.corpus, None, &timings)?;
    let all = cached_claims(&x, &timings)?;
    let bytes = timings
        .time("frame and report", || {
            report::claims::render(all, &x.corpus.articles, args.format)
        })
        .map_err(|e| {
            miette!(
                code = "claimcheck::frame",
                "cannot build the claims frame: {e}"
            )
        })?;
    write(&bytes, args.output.as_deref())?;
    report_late_problems(&x.corpus);
    report::timings::print(&timings);
    Ok(Outcome::Clean)
}

/// `claimcheck rules list | explain | test`.
fn rules(args: &RulesArgs) -> Result<Outcome> {
    let set = RuleSet::load(&args.rules)?;
    match &args.command {
        RulesCommand::List => {
            write(report::rules::list(&set).as_bytes(), None).map(|_| Outcome::Clean)
        }
        RulesCommand::Explain { id } => {
            let text = if let Some(rule) = set.get(id) {
                let kind = kinds::find(&rule.meta.kind)
                    .ok_or_else(|| miette!("unknown kind `{}`", rule.meta.kind))?;
                report::rules::explain_rule(&rule.meta, kind)
            } else if let Some(kind) = kinds::find(id) {
                report::rules::explain_kind(kind)
            } else {
                let help = format!(
                    "`claimcheck rules list` shows the rule ids; the kinds are: {}",
                    kinds::names().join(", ")
                );
                return Err(miette!(
                    code = "claimcheck::rules::unknown",
                    help = help,
                    "no rule or kind named `{id}`"
                ));
            };
            write(text.as_bytes(), None)?;
            Ok(Outcome::Clean)
        }
        RulesCommand::Test => {
            let lexicon = Lexicon::load(&args.rules.join("metrics.yaml"))?;
            let results: Vec<_> = set
                .rules
                .iter()
                .flat_map(|r| inline::run(r, &lexicon, &args.rules))
                .collect();
            write(report::rules::tests(&results).as_bytes(), None)?;
            Ok(if results.iter().all(|r| r.passed) {
                Outcome::Clean
            } else {
                Outcome::Findings
            })
        }
    }
}
