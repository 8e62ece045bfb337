//! Rules: YAML files under `rules/` (a list of rules per file), validated at
//! load with the file and line of every mistake, compiled into checks.
//!
//! Every rule has the common keys below; each kind adds its own parameters
//! (see the kind's file). Adding a kind touches its file and one row in
//! [`kinds::KINDS`].

pub mod filter;
pub mod inline;
pub mod kinds;

pub mod agreement;
pub mod bound;
pub mod compound;
pub mod conversion;
pub mod enumeration;
pub mod growth;
pub mod multiple;
pub mod naming;
pub mod parts;
pub mod points;
pub mod select;
pub mod share;
pub mod sql;
pub mod streak;
pub mod sum;
pub mod timeline;

use crate::check::Context;
use crate::claim::Claim;
use crate::extract::lexicon::Lexed;
use crate::finding::{Finding, Severity};
use crate::yaml::{YamlError, YamlSource};
use filter::Filter;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Keys every rule has.
pub const COMMON_KEYS: &[&str] = &[
    "id",
    "kind",
    "severity",
    "title",
    "explain",
    "where",
    "tolerance",
    "tests",
];

#[derive(Debug, Deserialize)]
struct RuleDef {
    id: String,
    kind: String,
    #[serde(default = "default_severity")]
    severity: Severity,
    title: String,
    #[serde(default)]
    explain: String,
    #[serde(default, rename = "where")]
    filter: Filter,
    #[serde(default)]
    tolerance: Tolerance,
    #[serde(default)]
    tests: Vec<inline::InlineTest>,
    #[serde(flatten)]
    params: serde_yaml::Mapping,
}

fn default_severity() -> Severity {
    Severity::Warning
}

/// Extra slack a rule allows on top of the stated precision: the implied
/// interval is widened by `abs` and by `rel` times its magnitude, and
/// `approx` sets δ for "about X" ([X(1−δ), X(1+δ)]) and "nearly X".
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tolerance {
    #[serde(default)]
    pub abs: f64,
    #[serde(default)]
    pub rel: f64,
    /// δ for "about", "nearly" and the like in this rule, instead of the
    /// run's `--approx`.
    #[serde(default)]
    pub approx: Option<f64>,
}

impl Tolerance {
    /// Widen an implied interval; infinite ends stay infinite.
    pub fn widen(&self, i: crate::interval::Interval) -> crate::interval::Interval {
        let by = |x: f64| {
            if x.is_finite() {
                self.abs + x.abs() * self.rel
            } else {
                0.0
            }
        };
        crate::interval::Interval::new(i.lo - by(i.lo), i.hi + by(i.hi))
    }
}

/// What every rule says about itself.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: String,
    pub kind: String,
    pub severity: Severity,
    pub title: String,
    pub explain: String,
    pub filter: Filter,
    pub tolerance: Tolerance,
    pub tests: Vec<inline::InlineTest>,
    /// Where the rule is defined: file and 1-based line.
    pub file: String,
    pub line: usize,
}

/// How one rule went: how many statements it checked, how many failed,
/// and which claims the passing checks verified.
#[derive(Debug, Default)]
pub struct Outcome {
    pub checked: usize,
    pub failed: usize,
    pub findings: Vec<Finding>,
    /// Rows of the claims that took part in a check that passed.
    pub verified: Vec<u32>,
    /// Where the current check's rows begin in `verified`.
    mark: usize,
    /// What each check was about, in order (only when the context keeps a
    /// ledger, for incremental runs): see [`Tally`].
    pub tally: Vec<Tally>,
    /// (article, part): the parts articles are in through their texts
    /// ([`Check::text_parts`]), said while running (only with a ledger), so
    /// that a full run does not scan every text again for them.
    pub members: Vec<(String, u64)>,
}

/// What a check (or a batch of checks) is about, for incremental runs: a
/// claim (its row in the context) or a part of the corpus named directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    Row(u32),
    Part(u64),
    /// A claim the context does not hold: the check cannot be attributed.
    Unknown,
}

/// Checks and failures about one thing. The findings pushed after this
/// entry (from `findings_at` on, up to the next entry's) are its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub about: About,
    pub checked: u32,
    pub failed: u32,
    pub findings_at: u32,
}

impl Outcome {
    /// Start a check comparing `claims`: they count as verified unless
    /// [`Outcome::fail`] follows before the next check.
    pub fn check<'c>(&mut self, ctx: &Context<'_>, claims: impl IntoIterator<Item = &'c Claim>) {
        self.checked += 1;
        self.mark = self.verified.len();
        let mut first = None;
        for c in claims {
            first.get_or_insert(c);
            if ctx.verify {
                self.verified.extend(ctx.row_of(c));
            }
        }
        if ctx.ledger {
            let about = first
                .and_then(|c| ctx.row_of(c))
                .map_or(About::Unknown, About::Row);
            self.push_tally(about, 1, 0);
        }
    }

    /// The current check failed: its claims are not verified.
    pub fn fail(&mut self) {
        self.failed += 1;
        self.verified.truncate(self.mark);
        if let Some(t) = self.tally.last_mut() {
            t.failed += 1;
        }
    }

    /// Count `checked` checks and `failed` failures about `about` at once
    /// (kinds that do not verify claims one check at a time). Findings of
    /// these failures are pushed after this call.
    pub fn count(&mut self, ctx: &Context<'_>, about: About, checked: usize, failed: usize) {
        self.checked += checked;
        self.failed += failed;
        if ctx.ledger {
            let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
            self.push_tally(about, n(checked), n(failed));
        }
    }

    /// `article` is in `part` through its text.
    pub fn member(&mut self, ctx: &Context<'_>, article: &str, part: u64) {
        if ctx.ledger {
            self.members.push((article.to_string(), part));
        }
    }

    fn push_tally(&mut self, about: About, checked: u32, failed: u32) {
        let findings_at = u32::try_from(self.findings.len()).unwrap_or(u32::MAX);
        self.tally.push(Tally {
            about,
            checked,
            failed,
            findings_at,
        });
    }
}

/// What a check's verdict may depend on, so that an incremental run knows
/// which checks an edit can change (see `incremental.rs`).
#[derive(Debug, Clone, Copy)]
pub enum Reach {
    /// Only its own article: the claims, text and date of the article of
    /// the claim it is about.
    Article,
    /// The claims of one part of the corpus and every other claim of the
    /// articles those are in. `part` names a claim's part; None puts the
    /// claim in its article's own part. A kind whose checks are about no
    /// claim names their parts itself (and its articles' parts with
    /// [`Check::text_parts`]).
    Shared(fn(&Claim) -> Option<u64>),
    /// Anything in the corpus: an incremental run re-runs it on everything.
    Corpus,
}

/// An error while running a check (a Polars query that failed).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("rule `{rule}` could not run: {message}")]
#[diagnostic(
    code(claimcheck::rules::run),
    help("this is a bug in the rule or in claimcheck; please report it")
)]
pub struct CheckError {
    pub rule: String,
    pub message: String,
}

/// A compiled check.
pub trait Check: Send + Sync + std::fmt::Debug {
    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError>;

    /// What its checks may depend on; a kind that does not say is re-run on
    /// the whole corpus by incremental runs.
    fn reach(&self) -> Reach {
        Reach::Corpus
    }

    /// Whether this kind reads article texts beyond their claims: it then
    /// [`Check::scan`]s each text once, while the corpus is read, so
    /// that texts need not stay in memory until the rules run.
    fn scans_texts(&self) -> bool {
        false
    }

    /// Whether this kind notes something in an article's text about its
    /// claims: it then [`Check::scan`]s each article extracted while its
    /// text is in hand, and its run reads the text again only for an
    /// article it has no marks for (whose claims came from the cache).
    fn scans_claims(&self) -> bool {
        false
    }

    /// What a kind that [`Check::scans_texts`] or [`Check::scans_claims`]
    /// notes in one text (with its lexicon matches, shared with
    /// extraction, and the article's `claims` when they were just
    /// extracted); its run finds the marks again with [`Context::marks`].
    fn scan(&self, _text: &Lexed<'_>, _claims: Option<&[Claim]>) -> Vec<crate::corpus::Mark> {
        Vec::new()
    }

    /// The parts (of a [`Reach::Shared`] kind) an article belongs to
    /// through its text rather than its claims.
    fn text_parts(&self, _text: &str) -> Vec<u64> {
        Vec::new()
    }
}

/// A loaded rule.
#[derive(Debug)]
pub struct Rule {
    pub meta: RuleMeta,
    pub check: Box<dyn Check>,
}

/// All rules of a rules folder.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    /// The folder the rules came from; kinds find their data under `data/`.
    pub dir: PathBuf,
}

impl RuleSet {
    /// The ids of the rules that scan texts, in the order of the lists of
    /// marks [`RuleSet::scan`] makes.
    pub fn scanners(&self) -> Vec<String> {
        self.rules
            .iter()
            .filter(|r| scans(r))
            .map(|r| r.meta.id.clone())
            .collect()
    }

    /// Whether a rule needs every text scanned, even those the files
    /// index spared reading ([`Check::scans_texts`]).
    pub fn reads_texts(&self) -> bool {
        self.rules.iter().any(|r| r.check.scans_texts())
    }

    /// The marks of every rule that scans on `text` (and the article's
    /// `claims`, when just extracted), a list per rule in
    /// [`RuleSet::scanners`] order (None when none scans).
    pub fn scan(&self, text: &Lexed<'_>, claims: Option<&[Claim]>) -> Option<crate::corpus::Marks> {
        let marks: Vec<Vec<crate::corpus::Mark>> = self
            .rules
            .iter()
            .filter(|r| scans(r))
            .map(|r| r.check.scan(text, claims))
            .collect();
        (!marks.is_empty()).then(|| crate::corpus::Marks::new(marks))
    }
}

fn scans(rule: &Rule) -> bool {
    rule.check.scans_texts() || rule.check.scans_claims()
}

/// The rule files of a folder: every `.yaml`/`.yml` file directly in it
/// except the metric lexicon, in name order.
pub fn rule_files(dir: &Path) -> Result<Vec<PathBuf>, YamlError> {
    let entries = std::fs::read_dir(dir).map_err(|source| YamlError::Read {
        path: dir.display().to_string(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .filter(|p| p.file_name().and_then(|n| n.to_str()) != Some("metrics.yaml"))
        .collect();
    files.sort();
    Ok(files)
}

impl RuleSet {
    /// Load every rule file of `dir`.
    pub fn load(dir: &Path) -> Result<RuleSet, YamlError> {
        let mut set = RuleSet {
            rules: Vec::new(),
            dir: dir.to_path_buf(),
        };
        let mut seen: HashMap<String, String> = HashMap::new();
        for file in rule_files(dir)? {
            let src = YamlSource::read(&file)?;
            for rule in parse_rules(&src, dir)? {
                if let Some(first) = seen.insert(rule.meta.id.clone(), src.path.clone()) {
                    let at = nth_id_offset(
                        &src.text,
                        &rule.meta.id,
                        if first == src.path { 1 } else { 0 },
                    );
                    return Err(src.error_at(
                        &format!("id: {}", rule.meta.id),
                        at,
                        format!(
                            "rule id `{}` is used twice (first in {first})",
                            rule.meta.id
                        ),
                        "second use",
                        Some("rule ids are finding codes and must be unique: rename one".into()),
                    ));
                }
                set.rules.push(rule);
            }
        }
        Ok(set)
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.meta.id == id)
    }
}

fn nth_id_offset(text: &str, id: &str, n: usize) -> usize {
    let needle = format!("id: {id}");
    text.match_indices(&needle).nth(n).map_or(0, |(i, _)| i)
}

/// Parse and compile the rules of one file.
pub fn parse_rules(src: &YamlSource, dir: &Path) -> Result<Vec<Rule>, YamlError> {
    let defs: Vec<serde_yaml::Value> = match src.parse::<Option<Vec<serde_yaml::Value>>>()? {
        Some(d) => d,
        None => return Ok(Vec::new()),
    };
    let mut rules = Vec::new();
    let mut cursor = 0;
    for value in defs {
        let id_hint = value
            .get("id")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        let at = find_rule_start(&src.text, cursor, &id_hint);
        let def: RuleDef = serde_yaml::from_value(value).map_err(|e| {
            let msg = e.to_string();
            let key = msg.split('`').nth(1).unwrap_or("").to_string();
            let what = if id_hint.is_empty() {
                "a rule".to_string()
            } else {
                format!("rule `{id_hint}`")
            };
            let missing = msg.starts_with("missing field");
            let help = Some(format!(
                "a rule has `id`, `kind` and `title`, optionally {}, and its kind's parameters",
                COMMON_KEYS
                    .iter()
                    .filter(|k| !matches!(**k, "id" | "kind" | "title"))
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            let message = format!("{what}: {msg}");
            if key.is_empty() || missing {
                src.error_at_entry(at, message, "here", help)
            } else {
                src.error_at(&key, at, message, "here", help)
            }
        })?;
        cursor = next_boundary(&src.text, at);
        let bad = |needle: &str, message: String, help: String| {
            src.error_at(needle, at, message, "here", Some(help))
        };
        if !valid_id(&def.id) {
            return Err(bad(
                &def.id,
                format!("rule id `{}` is not kebab-case", def.id),
                "use lowercase words joined by hyphens, e.g. `growth-mismatch`".into(),
            ));
        }
        let Some(kind) = kinds::find(&def.kind) else {
            return Err(bad(
                &format!("kind: {}", def.kind),
                format!("rule `{}`: unknown kind `{}`", def.id, def.kind),
                format!("the kinds are: {}", kinds::names().join(", ")),
            ));
        };
        if def.title.trim().is_empty() {
            return Err(bad(
                "title:",
                format!("rule `{}` has an empty title", def.id),
                "say in one line what the rule checks".into(),
            ));
        }
        if let Some(d) = def.tolerance.approx.filter(|d| !(0.0..1.0).contains(d)) {
            return Err(bad(
                "approx",
                format!(
                    "rule `{}`: tolerance.approx is {d}, but it must be at least 0 and below 1",
                    def.id
                ),
                "give δ as a fraction: 0.05 reads \"about 100\" as 95 to 105".into(),
            ));
        }
        def.filter.validate().map_err(|(key, msg)| {
            bad(
                &key,
                format!("rule `{}`: {msg}", def.id),
                filter::HELP.into(),
            )
        })?;
        let build_ctx = kinds::BuildContext { dir };
        let check = (kind.build)(&def.params, &build_ctx).map_err(|e| {
            bad(
                if e.key.is_empty() { "kind:" } else { &e.key },
                format!("rule `{}` (kind {}): {}", def.id, def.kind, e.message),
                e.help.unwrap_or_else(|| {
                    format!(
                        "`claimcheck rules explain {}` lists its parameters",
                        def.kind
                    )
                }),
            )
        })?;
        for (n, t) in def.tests.iter().enumerate() {
            t.validate().map_err(|msg| {
                bad(
                    "tests:",
                    format!("rule `{}`, test {}: {msg}", def.id, n + 1),
                    inline::HELP.into(),
                )
            })?;
        }
        let line = src.text.get(..at).unwrap_or("").matches('\n').count() + 1;
        rules.push(Rule {
            meta: RuleMeta {
                id: def.id,
                kind: def.kind,
                severity: def.severity,
                title: def.title,
                explain: def.explain,
                filter: def.filter,
                tolerance: def.tolerance,
                tests: def.tests,
                file: src.path.clone(),
                line,
            },
            check,
        });
    }
    Ok(rules)
}

/// Where the rule with `id` starts in the file, searching from `from`:
/// its `id:` line, quoted or not; `from` when it cannot be found.
fn find_rule_start(text: &str, from: usize, id: &str) -> usize {
    if id.is_empty() {
        return from;
    }
    let rest = text.get(from..).unwrap_or("");
    [
        format!("id: {id}"),
        format!("id: \"{id}\""),
        format!("id: '{id}'"),
    ]
    .iter()
    .filter_map(|needle| rest.find(needle.as_str()))
    .min()
    .map_or(from, |i| from + i)
}

/// The next character boundary after `at`, so the next search starts past
/// this rule without splitting a character.
fn next_boundary(text: &str, at: usize) -> usize {
    let mut i = (at + 1).min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && id.as_bytes()[0].is_ascii_lowercase()
        && !id.ends_with('-')
        && !id.contains("--")
}
