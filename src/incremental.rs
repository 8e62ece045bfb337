//! Incremental checks: after an edit, re-run the rules only where the edit
//! can change their verdicts, and take every other check and finding from
//! the last run.
//!
//! Every check of a rule is about one *part* of the corpus (`rules::parts`):
//! an article for kinds that look at one article ([`Reach::Article`]), a
//! subject, a metric of a subject or an organisation for kinds that compare
//! articles ([`Reach::Shared`]). A check depends only on the claims of its
//! part and on the other claims of the articles those are in (that is the
//! promise a kind makes with its reach). So when some articles change, the
//! checks that can change are those of the parts the changed articles were
//! in (last run) or are in (now); the rule is re-run on the articles of
//! those parts, and only the checks and findings of those parts are taken
//! from the re-run. The last run's checks and findings of every other part
//! stand. A kind that reaches the whole corpus ([`Reach::Corpus`]: an SQL
//! rule that does not say `per_article`) is re-run on everything.
//!
//! The state of the last run is one file in the corpus's cache folder,
//! [`FILE`], written atomically:
//!
//! ```text
//! magic "CCSTATE1"
//! u32 length, header JSON {"key": hex, "articles": n, "rules": [ids]}
//! n × (u32 id length, id bytes, u64 content hash)
//! per rule: u8 1 (by part) or 0 (re-run on everything); when 1:
//!   u32 m, m × (u64 part, u32 checked, u32 failed)       sorted by part
//!   u32 k, k × (u32 article index, u64 part)             shared parts
//! u64 length, JSON: per rule, its findings with their parts
//! u64 XXH3 of every byte before it
//! ```
//!
//! Its key covers the claims cache's key (the build, the lexicon, the
//! settings) and every byte of the rules folder, so a change to any rule,
//! to the lexicon or to claimcheck itself makes the next run a full one. A
//! file that fails any check is ignored (and reported): the run is then a
//! full one, whose state replaces it.

use crate::binfile::{self, Loaded, Writer};
use crate::check::{self, Context, Parts, Report, RuleStats};
use crate::claim::Claim;
use crate::claim_store::ClaimStore;
use crate::corpus::Article;
use crate::extract::offsets;
use crate::finding::{self, Finding};
use crate::rules::{parts, Reach, Rule, RuleSet};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;
use std::time::Instant;
use xxhash_rust::xxh3::Xxh3;

/// The state file in a corpus's cache folder.
pub const FILE: &str = "results.state";

const MAGIC: &[u8; 8] = b"CCSTATE1";

/// The key of a state: the claims cache's key and the rules folder's bytes.
pub fn key(cache_key: &crate::cache::Key, rules_dir: &Path) -> u64 {
    let mut h = Xxh3::new();
    h.update(&cache_key.digest().to_le_bytes());
    let mut files = Vec::new();
    collect_files(rules_dir, &mut files);
    files.sort();
    for f in files {
        h.update(f.to_string_lossy().as_bytes());
        h.update(&[0]);
        // Unreadable now: a key no state has.
        match std::fs::read(&f) {
            Ok(bytes) => h.update(&bytes),
            Err(_) => h.update(b"\xffunreadable"),
        }
    }
    h.digest()
}

fn collect_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// One rule's checks and findings by part, and which articles are in which
/// shared parts.
#[derive(Debug, Clone, PartialEq, Default)]
struct ByPart {
    /// (part, checked, failed), sorted by part.
    counts: Vec<(u64, u32, u32)>,
    /// (article index, part) for the shared parts an article is in.
    members: Vec<(u32, u64)>,
    findings: Vec<(u64, Finding)>,
}

/// What the last run found, by rule.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    key: u64,
    /// (article id, content hash), in corpus order.
    articles: Vec<(String, u64)>,
    /// Per rule (ids in `ids`): None for a rule re-run on everything.
    rules: Vec<Option<ByPart>>,
    ids: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct Header {
    key: String,
    articles: u64,
    rules: Vec<String>,
}

impl State {
    /// Read the state at `path`, made under `key` (rules, lexicon and
    /// claimcheck: another key makes it stale).
    pub fn load(path: &Path, key: u64) -> Loaded<State> {
        binfile::read(path, |bytes| decode(bytes, key))
    }

    pub fn save(&self, path: &Path) -> Result<(), String> {
        // Written as it is encoded: hundreds of megabytes at a million
        // articles.
        crate::output::write_atomic_with(path, |f| encode(self, f).map(drop))
            .map_err(|e| e.to_string())
    }

    /// The state of a full run made with [`Context::ledger`], from its
    /// report's parts (`all`: every claim of `input`); what
    /// [`save_full_run`] writes.
    #[cfg(test)]
    pub fn of_full_run(
        key: u64,
        rules: &RuleSet,
        parts: Vec<Option<Parts>>,
        input: &Input<'_>,
        all: &[Claim],
    ) -> State {
        State {
            key,
            articles: ids_and_hashes(input.articles, input.hashes),
            rules: full_run_rules(rules, parts, input, all).collect(),
            ids: rules.rules.iter().map(|r| r.meta.id.clone()).collect(),
        }
    }
}

/// Write the state of a full run made with [`Context::ledger`] to `path`,
/// from its report's parts, which it takes (`all`: every claim of
/// `input`). Each rule's shared parts are found, written and let go in
/// turn: at a million articles the state is hundreds of megabytes, and
/// the run's claims are still held.
pub fn save_full_run(
    path: &Path,
    key: u64,
    rules: &RuleSet,
    parts: Vec<Option<Parts>>,
    input: &Input<'_>,
    all: &[Claim],
) -> Result<(), String> {
    let ids: Vec<String> = rules.rules.iter().map(|r| r.meta.id.clone()).collect();
    let articles = input
        .articles
        .iter()
        .zip(input.hashes)
        .map(|(a, &h)| (a.id.as_str(), h));
    let by_rule = full_run_rules(rules, parts, input, all);
    crate::output::write_atomic_with(path, |f| {
        encode_parts(key, &ids, articles, by_rule, f).map(drop)
    })
    .map_err(|e| e.to_string())
}

/// Each rule's [`ByPart`] of a full run, made as the iterator is advanced.
fn full_run_rules<'x>(
    rules: &'x RuleSet,
    parts: Vec<Option<Parts>>,
    input: &'x Input<'_>,
    all: &'x [Claim],
) -> impl Iterator<Item = Option<ByPart>> + 'x {
    // Only the rules whose texts name parts need the articles by id.
    let index: OnceLock<HashMap<&str, u32>> = OnceLock::new();
    rules.rules.iter().zip(parts).map(move |(rule, p)| {
        let p = p?;
        let members = all_members(rule, input, all, &p.members, &index);
        Some(by_part(p, members))
    })
}

/// (id, content hash) of every article, as a state keeps them.
fn ids_and_hashes(articles: &[Article], hashes: &[u64]) -> Vec<(String, u64)> {
    articles
        .iter()
        .zip(hashes)
        .map(|(a, &h)| (a.id.clone(), h))
        .collect()
}

fn by_part(p: Parts, members: Vec<(u32, u64)>) -> ByPart {
    ByPart {
        counts: p.counts,
        members,
        findings: p.findings,
    }
}

/// The shared parts an article is in for a rule (beside its own part).
fn shared_parts(rule: &Rule, claims: &[Claim], text: &str) -> Vec<u64> {
    let Reach::Shared(part) = rule.check.reach() else {
        return Vec::new();
    };
    let mut out: Vec<u64> = claims.iter().filter_map(part).collect();
    out.extend(rule.check.text_parts(text));
    out.sort_unstable();
    out.dedup();
    out
}

/// Why an incremental run could not be made (the caller runs in full).
#[derive(Debug, thiserror::Error)]
pub enum Fallback {
    #[error("the rules are not those of the last run")]
    /// The rules are not those of the state.
    OtherRules,
    /// A check or finding could not be put in a part.
    #[error("rule `{0}` made a check that belongs to no part")]
    Unattributed(String),
    #[error(transparent)]
    Check(crate::rules::CheckError),
    #[error(transparent)]
    Claims(#[from] crate::claim_store::Unreadable),
}

/// What an incremental run did, for `--timings`.
#[derive(Debug, Default)]
pub struct Summary {
    /// Articles that changed, appeared or disappeared.
    pub changed: usize,
    /// Articles whose claims the rules saw again.
    pub rechecked: usize,
    /// Rules re-run on the whole corpus.
    pub whole: usize,
}

/// The inputs of a run: the corpus, its claims, and the articles' content
/// hashes.
pub struct Input<'a> {
    pub articles: &'a [Article],
    pub claims: &'a ClaimStore,
    pub hashes: &'a [u64],
    pub rules_dir: &'a Path,
}

/// Re-run the rules where the changes since `last` can change them.
///
/// Takes the last state: each rule's part of it becomes the rule's part
/// of the next one, not a copy beside it (hundreds of megabytes at a
/// million articles).
pub fn run(
    last: State,
    rules: &RuleSet,
    input: &Input<'_>,
) -> Result<(Report, State, Summary), Fallback> {
    let ids: Vec<String> = rules.rules.iter().map(|r| r.meta.id.clone()).collect();
    if ids != last.ids {
        return Err(Fallback::OtherRules);
    }
    let Input {
        articles,
        claims,
        hashes,
        rules_dir,
    } = *input;
    let old_index: HashMap<&str, usize> = last
        .articles
        .iter()
        .enumerate()
        .map(|(o, (id, _))| (id.as_str(), o))
        .collect();
    let new_index: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    // Where each of the last run's articles is now.
    let old_to_new: Vec<Option<usize>> = last
        .articles
        .iter()
        .map(|(id, _)| new_index.get(id.as_str()).copied())
        .collect();
    // Current articles that are new or changed, and the last run's articles
    // that changed or are gone.
    let changed: Vec<usize> = (0..articles.len())
        .filter(|&i| {
            old_index
                .get(articles[i].id.as_str())
                .is_none_or(|&o| last.articles[o].1 != hashes[i])
        })
        .collect();
    let old_changed: Vec<usize> = (0..last.articles.len())
        .filter(|&o| old_to_new[o].is_none_or(|i| hashes[i] != last.articles[o].1))
        .collect();
    let old_changed_set: HashSet<u32> = old_changed.iter().map(|&o| o as u32).collect();
    let is_changed: HashSet<usize> = changed.iter().copied().collect();
    let changed_claims = claims.select(&changed)?;
    let new_members: HashMap<usize, Vec<Vec<u64>>> = changed
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let per_rule = rules
                .rules
                .iter()
                .map(|r| shared_parts(r, changed_claims.of(k), articles[i].text()))
                .collect();
            (i, per_rule)
        })
        .collect();
    // Per rule: the parts to recompute; and the articles to re-check.
    let mut affected: Vec<HashSet<u64>> = Vec::with_capacity(rules.rules.len());
    let mut region = vec![false; articles.len()];
    for &i in &changed {
        region[i] = true;
    }
    let mut whole = 0;
    for (r, state) in last.rules.iter().enumerate() {
        let Some(state) = state else {
            affected.push(HashSet::new());
            whole += 1;
            continue;
        };
        let mut k: HashSet<u64> = HashSet::new();
        for &i in &changed {
            k.insert(parts::article(&articles[i].id));
            k.extend(new_members[&i][r].iter().copied());
        }
        for &o in &old_changed {
            k.insert(parts::article(&last.articles[o].0));
        }
        for &(o, p) in &state.members {
            if old_changed_set.contains(&o) {
                k.insert(p);
            }
        }
        for &(o, p) in &state.members {
            if k.contains(&p) {
                if let Some(i) = old_to_new.get(o as usize).copied().flatten() {
                    region[i] = true;
                }
            }
        }
        affected.push(k);
    }
    let rechecked: Vec<usize> = (0..articles.len()).filter(|&i| region[i]).collect();
    // Read the texts the files index spared before cloning, so that the
    // corpus keeps them for the report.
    if whole > 0 {
        articles.par_iter().for_each(|a| {
            a.text();
        });
    } else {
        rechecked.par_iter().for_each(|&i| {
            articles[i].text();
        });
    }
    let sub_claims = claims.select(&rechecked)?.claims;
    let sub_articles: Vec<Article> = rechecked.iter().map(|&i| articles[i].clone()).collect();
    let mut sub = Context::new(&sub_claims, &sub_articles, rules_dir);
    sub.ledger = true;
    sub.scanners = rules.scanners();
    let all = if whole > 0 { claims.all()? } else { &[] };
    let full = if whole > 0 {
        let mut c = Context::new(all, articles, rules_dir);
        c.ledger = true;
        c.scanners = rules.scanners();
        Some(c)
    } else {
        None
    };
    let last_rules = last.rules;
    let one = |r: usize,
               state: Option<ByPart>|
     -> Result<(RuleStats, Vec<Finding>, Option<ByPart>), Fallback> {
        let rule = &rules.rules[r];
        let started = Instant::now();
        let reach = rule.check.reach();
        let (ctx, state) = match (state, &full) {
            (Some(state), _) => (&sub, Some(state)),
            (None, Some(full)) => (full, None),
            (None, None) => return Err(Fallback::OtherRules),
        };
        let mut o = check::run_one(rule, ctx).map_err(Fallback::Check)?;
        let p = check::attribute(reach, &mut o, ctx);
        let stats = |checked, failed| RuleStats {
            id: rule.meta.id.clone(),
            kind: rule.meta.kind.clone(),
            severity: rule.meta.severity,
            title: rule.meta.title.clone(),
            checked,
            failed,
            elapsed: started.elapsed(),
            peak: None,
        };
        let Some(state) = state else {
            // Re-run on everything: its findings are the rule's findings.
            let members = match &p {
                Some(p) => all_members(rule, input, all, &p.members, &OnceLock::new()),
                None => Vec::new(),
            };
            let next = p.map(|p| by_part(p, members));
            return Ok((stats(o.checked, o.failed), o.findings, next));
        };
        let Some(p) = p else {
            return Err(Fallback::Unattributed(rule.meta.id.clone()));
        };
        let k = &affected[r];
        // The last run's entries of the parts not re-run (each part once in
        // both: `attribute` merges a run's entries by part), and the re-run
        // ones: edited in place.
        let ByPart {
            mut counts,
            mut members,
            mut findings,
        } = state;
        counts.retain(|(part, ..)| !k.contains(part));
        counts.extend(p.counts.into_iter().filter(|(part, ..)| k.contains(part)));
        counts.sort_unstable();
        findings.retain(|(part, _)| !k.contains(part));
        findings.extend(p.findings.into_iter().filter(|(part, _)| k.contains(part)));
        // Members: the last run's for unchanged articles, anew for changed.
        members.retain_mut(
            |(o, _)| match old_to_new.get(*o as usize).copied().flatten() {
                Some(i) if !is_changed.contains(&i) => {
                    *o = i as u32;
                    true
                }
                _ => false,
            },
        );
        for &i in &changed {
            members.extend(new_members[&i][r].iter().map(|&part| (i as u32, part)));
        }
        members.sort_unstable();
        let (checked, failed) = counts.iter().fold((0usize, 0usize), |a, &(_, c, f)| {
            (a.0 + c as usize, a.1 + f as usize)
        });
        let report_findings = findings.iter().map(|(_, f)| f.clone()).collect();
        let next = ByPart {
            counts,
            members,
            findings,
        };
        Ok((stats(checked, failed), report_findings, Some(next)))
    };
    // Side by side, as `check::run` runs them.
    let results = check::in_lanes(last_rules, one)?;
    let mut report = Report::default();
    let mut next_rules = Vec::with_capacity(results.len());
    for (stats, findings, next) in results {
        report.stats.push(stats);
        report.findings.extend(findings);
        next_rules.push(next);
    }
    finding::sort(&mut report.findings);
    let next = State {
        key: last.key,
        articles: ids_and_hashes(articles, hashes),
        rules: next_rules,
        ids,
    };
    let summary = Summary {
        changed: changed.len() + old_to_new.iter().filter(|i| i.is_none()).count(),
        rechecked: rechecked.len(),
        whole,
    };
    Ok((report, next, summary))
}

/// Every article's shared parts for a rule: through its claims, and
/// through its text as the run said (`text_members`: the rule's
/// [`Outcome::members`](crate::rules::Outcome)), so no text is scanned twice.
fn all_members<'x>(
    rule: &Rule,
    input: &Input<'x>,
    all: &[Claim],
    text_members: &[(String, u64)],
    index: &OnceLock<HashMap<&'x str, u32>>,
) -> Vec<(u32, u64)> {
    let Reach::Shared(part) = rule.check.reach() else {
        return Vec::new();
    };
    let offsets = offsets(input.claims.counts());
    // Each article's parts deduplicated as they come: twenty million
    // claims at a million articles, a few parts each.
    let mut out: Vec<(u32, u64)> = (0..input.articles.len())
        .into_par_iter()
        .with_min_len(1024)
        .flat_map_iter(|i| {
            let mut mine: Vec<u64> = all[offsets[i]..offsets[i + 1]]
                .iter()
                .filter_map(part)
                .collect();
            mine.sort_unstable();
            mine.dedup();
            mine.into_iter().map(move |p| (i as u32, p))
        })
        .collect();
    if !text_members.is_empty() {
        let index = index.get_or_init(|| {
            input
                .articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.as_str(), i as u32))
                .collect()
        });
        out.extend(
            text_members
                .iter()
                .filter_map(|(a, p)| Some((*index.get(a.as_str())?, *p))),
        );
        out.par_sort_unstable();
        out.dedup();
    }
    out
}

fn encode<W: std::io::Write>(state: &State, out: W) -> std::io::Result<W> {
    let articles = state.articles.iter().map(|(id, h)| (id.as_str(), *h));
    let rules = state.rules.iter().map(Option::as_ref);
    encode_parts(state.key, &state.ids, articles, rules, out)
}

/// Write a state whose rules (`ids`) come one at a time from `rules`.
fn encode_parts<'s, W: std::io::Write, R: Borrow<ByPart>>(
    key: u64,
    ids: &[String],
    articles: impl ExactSizeIterator<Item = (&'s str, u64)>,
    rules: impl Iterator<Item = Option<R>>,
    out: W,
) -> std::io::Result<W> {
    let header = serde_json::to_vec(&Header {
        key: format!("{key:016x}"),
        articles: articles.len() as u64,
        rules: ids.to_vec(),
    })?;
    let mut w = Writer::to(out, MAGIC, &header);
    for (id, h) in articles {
        w.string(id);
        w.u64(h);
    }
    // The findings go last, one JSON array of each rule's: built as the
    // rules go (they are few beside the parts).
    let mut findings = b"[".to_vec();
    for (n, r) in rules.enumerate() {
        if n > 0 {
            findings.push(b',');
        }
        let Some(r) = r else {
            w.u8(0);
            findings.extend_from_slice(b"[]");
            continue;
        };
        let r = r.borrow();
        serde_json::to_writer(&mut findings, &r.findings)?;
        w.u8(1);
        w.u32(r.counts.len() as u32);
        for &(p, c, f) in &r.counts {
            w.u64(p);
            w.u32(c);
            w.u32(f);
        }
        w.u32(r.members.len() as u32);
        for &(a, p) in &r.members {
            w.u32(a);
            w.u64(p);
        }
    }
    findings.push(b']');
    w.blob(&findings);
    w.seal()
}

/// Decode a state file: Ok(None) when made under another key.
fn decode(bytes: &[u8], key: u64) -> Result<Option<State>, String> {
    let (mut r, header) = binfile::open::<Header>(bytes, MAGIC, "state")?;
    if header.key != format!("{key:016x}") {
        return Ok(None);
    }
    let mut articles = Vec::new();
    for _ in 0..header.articles {
        let id = r.string()?;
        articles.push((id, r.u64()?));
    }
    let mut rules = Vec::new();
    for _ in &header.rules {
        match r.u8()? {
            0 => rules.push(None),
            1 => {
                let n = r.u32()?;
                let mut counts = Vec::new();
                for _ in 0..n {
                    counts.push((r.u64()?, r.u32()?, r.u32()?));
                }
                let n = r.u32()?;
                let mut members = Vec::new();
                for _ in 0..n {
                    let a = r.u32()?;
                    if a as usize >= articles.len() {
                        return Err(format!("a member of article {a}, of {}", articles.len()));
                    }
                    members.push((a, r.u64()?));
                }
                rules.push(Some(ByPart {
                    counts,
                    members,
                    findings: Vec::new(),
                }));
            }
            t => return Err(format!("a rule tagged {t}")),
        }
    }
    let findings: Vec<Vec<(u64, Finding)>> =
        serde_json::from_slice(r.blob()?).map_err(|e| format!("bad findings: {e}"))?;
    r.done()?;
    if findings.len() != rules.len() {
        return Err("findings for another number of rules".into());
    }
    for (rule, f) in rules.iter_mut().zip(findings) {
        match rule {
            Some(rule) => rule.findings = f,
            None if f.is_empty() => {}
            None => return Err("findings for a rule re-run on everything".into()),
        }
    }
    Ok(Some(State {
        key,
        articles,
        rules,
        ids: header.rules,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Severity, Span};

    fn state() -> State {
        let finding = Finding {
            rule: "growth-mismatch".into(),
            kind: "growth".into(),
            severity: Severity::Error,
            message: "stated 30 %, the levels give 43.2 %".into(),
            article: "a.txt".into(),
            span: Span::offsets(3, 14),
            text: "30 percent".into(),
            label: String::new(),
            // Values that do not survive a lossy float parser.
            stated: Some(1_097_099_999_999.999_9),
            computed: Some(0.1 + 0.2),
            related: Vec::new(),
            help: None,
            fingerprint: "0123456789abcdef".into(),
            accepted: false,
        };
        State {
            key: 42,
            articles: vec![("a.txt".into(), 7), ("b.txt".into(), 9)],
            rules: vec![
                Some(ByPart {
                    counts: vec![(1, 2, 1), (5, 1, 0)],
                    members: vec![(0, 5), (1, 5)],
                    findings: vec![(1, finding)],
                }),
                None,
            ],
            ids: vec!["growth-mismatch".into(), "a-query".into()],
        }
    }

    #[test]
    fn a_state_round_trips_exactly() {
        let s = state();
        let bytes = encode(&s, Vec::new()).unwrap();
        assert_eq!(decode(&bytes, 42).unwrap(), Some(s));
    }

    #[test]
    fn another_key_is_stale_and_a_damaged_file_is_an_error() {
        let bytes = encode(&state(), Vec::new()).unwrap();
        assert_eq!(decode(&bytes, 43).unwrap(), None);
        for cut in [0, 8, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut], 42).is_err(), "cut at {cut}");
        }
        let mut flipped = bytes.clone();
        flipped[20] ^= 1;
        assert!(decode(&flipped, 42).is_err());
    }

    #[test]
    fn a_full_runs_state_is_written_as_it_is_made() {
        use crate::extract::lexicon::{Lexed, Lexicon};
        use crate::extract::{extract, Settings};
        let rules = RuleSet::load(Path::new("rules")).expect("the shipped rules");
        let lex = Lexicon::load(Path::new("rules/metrics.yaml")).expect("the lexicon");
        let mut corpus = crate::corpus::load(&["seeds".into()]).expect("the seeds");
        let mut claims = Vec::new();
        let mut counts = Vec::new();
        for a in &mut corpus.articles {
            let mine = extract(a, &lex, &Settings::default());
            a.marks = rules.scan(&Lexed::new(a.text(), &lex), Some(&mine));
            counts.push(mine.len());
            claims.extend(mine);
        }
        let hashes: Vec<u64> = corpus.articles.iter().map(|a| a.content_hash()).collect();
        let store = ClaimStore::from_vec(claims, counts);
        let all = store.all().expect("claims in memory");
        let mut ctx = Context::new(all, &corpus.articles, Path::new("rules"));
        ctx.ledger = true;
        ctx.scanners = rules.scanners();
        let report = check::run(&rules, &ctx, false).expect("the rules run");
        let input = Input {
            articles: &corpus.articles,
            claims: &store,
            hashes: &hashes,
            rules_dir: Path::new("rules"),
        };
        let made = State::of_full_run(7, &rules, report.parts.clone(), &input, all);
        // Shared parts through claims and through texts (naming's marks).
        let members = |id: &str| {
            let r = made
                .ids
                .iter()
                .position(|i| i == id)
                .expect("a shipped rule");
            made.rules[r].as_ref().map_or(0, |p| p.members.len())
        };
        assert!(members("figures-disagree") > 0);
        assert!(members("naming-variants") > 0);
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join(FILE);
        save_full_run(&path, 7, &rules, report.parts, &input, all).expect("written");
        let written = std::fs::read(&path).expect("read back");
        assert_eq!(written, encode(&made, Vec::new()).expect("encoded"));
    }

    #[test]
    fn offsets_delimit_each_articles_claims() {
        assert_eq!(offsets(&[2, 0, 3]), vec![0, 2, 2, 5]);
        assert_eq!(offsets(&[]), vec![0]);
    }
}
