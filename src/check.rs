//! Running compiled rules over the claims: the context every check sees
//! (the claims as rows, frames of them for queries), the members of
//! statement groups (one pass over the claims), and the runner.

use crate::claim::{Claim, Kind, Role};
use crate::corpus::{Article, Mark};
use crate::finding::{self, Finding, Severity};
use crate::frame;
use crate::rules::{parts, About, CheckError, Outcome, Reach, RuleSet};
use crate::sym::Sym;
use chrono::NaiveDate;
use polars::prelude::*;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

/// The row index column added to the claims frame for checks.
pub const ROW: &str = "row";

/// What checks see: the claims as rows, frames of them on demand (with a
/// `row` index into `claims`), and the articles with their texts and
/// metadata.
///
/// The built-in kinds read the rows; only queries (the `sql` kind) need a
/// frame, built for the rows they ask about. A frame of every claim held
/// beside the rows for the whole run was 1.6 GB at a million articles.
pub struct Context<'a> {
    pub claims: &'a [Claim],
    /// The corpus's articles, in corpus order.
    pub corpus: &'a [Article],
    /// The articles by id, with their numbers (their index in the corpus;
    /// their texts are read when first used).
    articles: HashMap<&'a str, (u32, &'a Article)>,
    pub data_dir: &'a Path,
    /// Record what every check is about ([`crate::rules::Outcome::tally`]),
    /// for incremental runs.
    pub ledger: bool,
    /// Keep the rows each passing check verified ([`Report::verified`]):
    /// only the HTML report shows them, and at a million articles they
    /// are tens of millions of rows.
    pub verify: bool,
    /// The claims' rows article by article ([`Runs`]), for
    /// [`group_members`].
    runs: Runs,
    /// The claims are in (article, start) order, as extraction gives them
    /// ([`Context::sorted`]).
    sorted: bool,
    /// The rules whose marks the articles carry, in their order
    /// ([`crate::rules::RuleSet::scanners`]); empty when texts were not
    /// scanned.
    pub scanners: Vec<String>,
    /// The rows of each kind and metric, ascending; built when first
    /// asked for ([`Context::rows_of`]).
    by_metric: OnceLock<FxHashMap<(Kind, Sym), Vec<u32>>>,
}

impl<'a> Context<'a> {
    pub fn new(claims: &'a [Claim], articles: &'a [Article], rules_dir: &'a Path) -> Self {
        let articles_by_id: HashMap<&str, (u32, &Article)> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), (i as u32, a)))
            .collect();
        Context {
            runs: runs_of(claims, &articles_by_id),
            sorted: in_order(claims),
            claims,
            corpus: articles,
            articles: articles_by_id,
            data_dir: rules_dir,
            ledger: false,
            verify: true,
            scanners: Vec::new(),
            by_metric: OnceLock::new(),
        }
    }

    /// The same corpus with other claims (a rule's own reading of "about").
    pub fn with_claims<'b>(&self, claims: &'b [Claim]) -> Context<'b>
    where
        'a: 'b,
    {
        Context {
            runs: runs_of(claims, &self.articles),
            sorted: in_order(claims),
            claims,
            corpus: self.corpus,
            articles: self.articles.clone(),
            data_dir: self.data_dir,
            ledger: self.ledger,
            verify: self.verify,
            scanners: self.scanners.clone(),
            by_metric: OnceLock::new(),
        }
    }

    /// Whether the claims are sorted by article and start, as extraction
    /// gives them: rules that list rows in row order then need not sort
    /// them (sorting touches two claims per comparison, cache misses at a
    /// million articles).
    pub fn sorted(&self) -> bool {
        self.sorted
    }

    /// Ranges of rows of about `size` claims (the first whole articles
    /// that reach it) that end where an article's claims do, covering
    /// every claim; one empty range when there are none. None when an
    /// article's claims are not all together (claims put together by
    /// hand, as in rule tests).
    pub fn article_slices(&self, size: usize) -> Option<Vec<std::ops::Range<usize>>> {
        self.runs.slices(size)
    }

    /// `f` of each article's rows (ascending), the articles in parallel,
    /// in article order. For the checks whose statements lie within one
    /// article: each looks at a few rows rather than joining millions.
    pub fn per_article<R: Send>(&self, f: impl Fn(&[u32]) -> R + Sync) -> Vec<R> {
        self.runs
            .articles()
            .map(|rows| f(&rows.collect::<Vec<u32>>()))
            .collect()
    }

    /// The rows among `rows` of the statement `group` (none for None).
    pub fn statement<'r>(
        &'r self,
        rows: &'r [u32],
        group: Option<u32>,
    ) -> impl Iterator<Item = (u32, &'a Claim)> + 'r {
        rows.iter()
            .map(|&r| (r, self.claim(r)))
            .filter(move |(_, c)| group.is_some() && c.group == group)
    }

    /// The `claims` table of SQL rules for the rows `rows`, with the
    /// columns `wanted` names (see [`frame::query_frame`]), after their
    /// [`ROW`] numbers.
    pub fn frame_of(
        &self,
        rows: std::ops::Range<usize>,
        wanted: &dyn Fn(&str) -> bool,
    ) -> PolarsResult<DataFrame> {
        let start = IdxSize::try_from(rows.start)
            .map_err(|_| polars_err!(ComputeError: "row {} is out of range", rows.start))?;
        let claims = self.claims.get(rows.clone()).ok_or_else(
            || polars_err!(ComputeError: "rows {rows:?} of {} claims", self.claims.len()),
        )?;
        frame::query_frame(claims, wanted)?.with_row_index(ROW.into(), Some(start))
    }

    /// The rows of the claims of `kind` about `metric`, ascending. An index
    /// built by one pass over the claims the first time: the kinds that
    /// compare metrics across the corpus (sum, bound, share, streak) each
    /// ask for a few, which are a small part of the claims.
    ///
    /// The pass is on one thread. Rules run side by side, and a thread
    /// that waits for parallel work inside this initialisation may take
    /// up another rule's work, which would wait for this same index: on
    /// the thread that is building it, for ever. The rule beside keeps
    /// the other core busy meanwhile.
    pub fn rows_of(&self, kind: Kind, metric: &str) -> &[u32] {
        let index = self.by_metric.get_or_init(|| {
            let mut index: FxHashMap<(Kind, Sym), Vec<u32>> = FxHashMap::default();
            for (i, c) in self.claims.iter().enumerate() {
                if let Some(metric) = c.metric {
                    index.entry((c.kind, metric)).or_default().push(i as u32);
                }
            }
            index
        });
        index
            .get(&(kind, Sym::intern(metric)))
            .map_or(&[], Vec::as_slice)
    }

    /// The text of an article ("" when unknown, e.g. claims without text).
    pub fn text(&self, article: &str) -> &'a str {
        self.articles.get(article).map_or("", |(_, a)| a.text())
    }

    /// `f` of an article's text, without keeping the text in memory
    /// when it is not already ([`Article::with_text`]).
    pub fn with_text<R>(&self, article: &str, f: impl FnOnce(&str) -> R) -> R {
        match self.articles.get(article) {
            Some((_, a)) => a.with_text(f),
            None => f(""),
        }
    }

    /// The marks `rule` left on an article's text while the corpus was
    /// read (None when it did not scan this one).
    pub fn marks(&self, rule: &str, article: &str) -> Option<&'a [Mark]> {
        let slot = self.scanners.iter().position(|r| r == rule)?;
        let (_, a) = self.articles.get(article)?;
        a.marks.as_ref()?.get(slot)
    }

    pub fn date(&self, article: &str) -> Option<NaiveDate> {
        self.article(article).and_then(|a| a.meta.date)
    }

    /// The article with id `id`, if the corpus has it.
    pub fn article(&self, id: &str) -> Option<&'a Article> {
        self.articles.get(id).map(|&(_, a)| a)
    }

    pub fn claim(&self, row: u32) -> &'a Claim {
        &self.claims[row as usize]
    }

    /// The row of a claim borrowed from this context's claims (None for a
    /// claim from elsewhere, e.g. one a check built itself).
    pub fn row_of(&self, claim: &Claim) -> Option<u32> {
        let base = self.claims.as_ptr() as usize;
        let at = claim as *const Claim as usize;
        let size = std::mem::size_of::<Claim>().max(1);
        let offset = at.checked_sub(base)?;
        let row = offset / size;
        (offset % size == 0 && row < self.claims.len())
            .then(|| u32::try_from(row).ok())
            .flatten()
    }
}

/// Are the claims in (article, start) order? One pass; ids are compared
/// as strings only where the article changes.
fn in_order(claims: &[Claim]) -> bool {
    claims.windows(2).all(|w| {
        let (a, b) = (&w[0], &w[1]);
        if a.article == b.article {
            a.start <= b.start
        } else {
            a.article.as_str() < b.article.as_str()
        }
    })
}

/// The claims' rows article by article.
fn runs_of(claims: &[Claim], articles: &HashMap<&str, (u32, &Article)>) -> Runs {
    // Claims come article by article: look each article up once (its
    // `Sym` is compared, not its id). Claims of an article not in the
    // corpus (rule tests) get numbers after the corpus's, so that their
    // statements still group.
    let mut others: HashMap<Sym, u32> = HashMap::new();
    let mut last: Option<(Sym, u32)> = None;
    let nos: Vec<u32> = claims
        .iter()
        .map(|c| match last {
            Some((a, n)) if a == c.article => n,
            _ => {
                let n = match articles.get(c.article.as_str()) {
                    Some(&(n, _)) => n,
                    None => {
                        let next = (articles.len() + others.len()) as u32;
                        *others.entry(c.article).or_insert(next)
                    }
                };
                last = Some((c.article, n));
                n
            }
        })
        .collect();
    Runs::of(&nos)
}

/// The claims' rows grouped by article, each article's in row order.
/// Extraction gives the claims article by article, so the groups are
/// ranges of rows; claims put together otherwise (rule tests) are sorted
/// into an order first.
#[derive(Debug, Default)]
struct Runs {
    /// Ranges of `order` (or of rows, when there is no order), one per article.
    ranges: Vec<std::ops::Range<u32>>,
    order: Option<Vec<u32>>,
}

impl Runs {
    /// From each claim's article number.
    fn of(nos: &[u32]) -> Runs {
        let ranges = |key: &dyn Fn(usize) -> u32| {
            let mut ranges: Vec<std::ops::Range<u32>> = Vec::new();
            for i in 0..nos.len() {
                let row = i as u32;
                match ranges.last_mut() {
                    Some(r) if key(r.start as usize) == key(i) => r.end = row + 1,
                    _ => ranges.push(row..row + 1),
                }
            }
            ranges
        };
        let contiguous = ranges(&|i| nos[i]);
        let mut seen = rustc_hash::FxHashSet::default();
        if contiguous
            .iter()
            .all(|r| seen.insert(nos[r.start as usize]))
        {
            return Runs {
                ranges: contiguous,
                order: None,
            };
        }
        let mut order: Vec<u32> = (0..nos.len() as u32).collect();
        order.sort_by_key(|&i| nos[i as usize]);
        let ranges = ranges(&|i| nos[order[i] as usize]);
        Runs {
            ranges,
            order: Some(order),
        }
    }

    /// See [`Context::article_slices`].
    fn slices(&self, size: usize) -> Option<Vec<std::ops::Range<usize>>> {
        if self.order.is_some() {
            return None;
        }
        let mut out = Vec::new();
        let mut start = 0;
        for r in &self.ranges {
            let end = r.end as usize;
            if end - start >= size {
                out.push(start..end);
                start = end;
            }
        }
        let total = self.ranges.last().map_or(0, |r| r.end as usize);
        if start < total || out.is_empty() {
            out.push(start..total);
        }
        Some(out)
    }

    /// Each article's rows, ascending.
    fn articles(&self) -> impl IndexedParallelIterator<Item = impl Iterator<Item = u32> + '_> + '_ {
        self.ranges.par_iter().map(move |r| {
            let order = self.order.as_deref();
            r.clone().map(move |i| order.map_or(i, |o| o[i as usize]))
        })
    }
}

/// Picks the members of a group: a role and optionally a kind.
#[derive(Debug, Clone, Copy)]
pub struct Member<'s> {
    pub role: &'s str,
    pub kind: Option<&'s str>,
}

impl<'s> Member<'s> {
    pub fn role(role: &'s str) -> Self {
        Member { role, kind: None }
    }

    pub fn of(role: &'s str, kind: &'s str) -> Self {
        Member {
            role,
            kind: Some(kind),
        }
    }

    /// The enums to compare claims with, once rather than per claim
    /// (None: names no role or kind, so matches nothing).
    fn resolve(&self) -> Option<(Role, Option<Kind>)> {
        let role = Role::ALL.into_iter().find(|r| r.as_str() == self.role)?;
        let kind = match self.kind {
            None => None,
            Some(k) => Some(Kind::ALL.into_iter().find(|x| x.as_str() == k)?),
        };
        Some((role, kind))
    }
}

fn matches(member: Option<(Role, Option<Kind>)>, c: &Claim) -> bool {
    member.is_some_and(|(role, kind)| c.role == Some(role) && kind.is_none_or(|k| c.kind == k))
}

/// For every claim matching `primary`, the rows of the first member of its
/// group matching each of `others` (None where the group has none), in
/// row order.
///
/// Article by article, in parallel, with a small map of group to first
/// members, rather than a Polars filter and left join per member: at a
/// million articles the joins needed over a gigabyte on top of the frame.
pub fn group_members<const N: usize>(
    ctx: &Context<'_>,
    primary: Member<'_>,
    others: [Member<'_>; N],
) -> Vec<(u32, [Option<u32>; N])> {
    let primary = primary.resolve();
    // Members as an array, not a vector: no allocation per statement
    // (millions at a million articles).
    let others = others.map(|m| m.resolve());
    if primary.is_none() {
        return Vec::new();
    }
    let none = [None; N];
    // One vector per split of the articles, not per article (a million
    // small vectors at a million articles), joined at their exact size.
    let pieces: Vec<Vec<(u32, [Option<u32>; N])>> = ctx
        .runs
        .articles()
        .fold(
            || (Vec::new(), Vec::new(), rustc_hash::FxHashMap::default()),
            |(mut out, mut found, mut firsts), rows| {
                firsts.clear();
                found.clear();
                for i in rows {
                    let c = &ctx.claims[i as usize];
                    let Some(g) = c.group else { continue };
                    for (k, &m) in others.iter().enumerate() {
                        if matches(m, c) {
                            let members: &mut [Option<u32>; N] = firsts.entry(g).or_insert(none);
                            // Rows ascend: the first seen is the smallest.
                            members[k].get_or_insert(i);
                        }
                    }
                    if matches(primary, c) {
                        found.push((i, g));
                    }
                }
                out.extend(
                    found
                        .iter()
                        .map(|&(i, g)| (i, firsts.get(&g).copied().unwrap_or(none))),
                );
                (out, found, firsts)
            },
        )
        .map(|(out, ..)| out)
        .collect();
    let mut all = Vec::with_capacity(pieces.iter().map(Vec::len).sum());
    for piece in pieces {
        all.extend(piece);
    }
    if ctx.runs.order.is_some() {
        all.sort_unstable_by_key(|(row, _)| *row);
    }
    all
}

/// Run every rule and gather the findings, sorted; with `peaks`, each
/// rule's peak memory (for `--timings`).
///
/// Rules run side by side, two at a time ([`lanes`]: two lanes, each
/// taking the next rule when its last one ends), and each rule's own work
/// is spread over every thread too. One at a time, a rule's sequential
/// parts (grouping, sorting, its last few articles) left a core idle: the
/// rules stage of 10,000 articles used 1.3 of 2 cores and took 0.150-0.175
/// s, side by side 0.092-0.109 s; a million articles 23.7 s, side by side
/// 10.6-14.3 s, peaking 80 MB higher. Lanes rather than a parallel
/// iterator: a thread waiting inside one rule would take up a third and a
/// fourth, and their working memory would add up (a million articles
/// peaked 200 MB higher with every rule free to start).
pub fn run(rules: &RuleSet, ctx: &Context<'_>, peaks: bool) -> Result<Report, CheckError> {
    let watch = peaks.then(|| PeakWatch::new(crate::timings::take_peak));
    let timed = |i: usize, r: &crate::rules::Rule| {
        let t = std::time::Instant::now();
        if let Some(w) = &watch {
            w.start(i);
        }
        let mut o = run_one(r, ctx)?;
        // Into parts as soon as the rule ends: a ledger has an entry per
        // check (tens of millions at a million articles), and every rule's
        // at once was a gigabyte.
        let parts = if ctx.ledger {
            let parts = attribute(r.check.reach(), &mut o, ctx);
            o.tally = Vec::new();
            Some(parts)
        } else {
            None
        };
        let elapsed = t.elapsed();
        let peak = watch.as_ref().and_then(|w| w.end(i));
        Ok::<_, CheckError>((o, parts, elapsed, peak))
    };
    let outcomes = in_lanes(rules.rules.iter().collect(), timed)?;
    let mut report = Report::default();
    for (i, (rule, (o, parts, elapsed, peak))) in rules.rules.iter().zip(outcomes).enumerate() {
        if let Some(parts) = parts {
            report.parts.push(parts);
        }
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        report
            .verified
            .extend(o.verified.into_iter().map(|row| (row, index)));
        report.stats.push(RuleStats {
            id: rule.meta.id.clone(),
            kind: rule.meta.kind.clone(),
            severity: rule.meta.severity,
            title: rule.meta.title.clone(),
            checked: o.checked,
            failed: o.failed,
            elapsed,
            peak,
        });
        report.findings.extend(o.findings);
    }
    finding::sort(&mut report.findings);
    report.verified.sort_unstable();
    report.verified.dedup();
    Ok(report)
}

/// How many rules [`run`] runs at once: two, or one on a pool of one
/// thread. Each rule spreads its own work over every thread already; a
/// second fills what the first leaves idle, and more would only add their
/// working memory to the peak on machines with more cores (measured on 2).
pub fn lanes(rules: usize) -> usize {
    rayon::current_num_threads()
        .min(MAX_LANES)
        .clamp(1, rules.max(1))
}

/// The most rules that run at once.
const MAX_LANES: usize = 2;

thread_local! {
    /// This thread is running an item of [`in_lanes`].
    static IN_ITEM: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `work` on every item (with its index), at most one item per thread at
/// a time, the results in the order of the items. After an error no
/// further item starts, and the error of the lowest failing item is
/// returned (items are started in order, so every item before it ran).
///
/// A lane is a task that takes the next item until none are left. A
/// thread that waits inside an item for parallel work may pick up a lane
/// not started yet (rayon lets a waiting thread take any task): that lane
/// gives up at once rather than run an item on top of the one the thread
/// has open, whose time, memory and locks it would then hold for as long
/// as the lane ran. Whatever no lane took, the calling thread runs.
pub fn in_lanes<T: Send, R: Send, E: Send>(
    items: Vec<T>,
    work: impl Fn(usize, T) -> Result<R, E> + Sync,
) -> Result<Vec<R>, E> {
    in_n_lanes(lanes(items.len()), items, work)
}

/// [`in_lanes`] with `n_lanes` lanes.
fn in_n_lanes<T: Send, R: Send, E: Send>(
    n_lanes: usize,
    items: Vec<T>,
    work: impl Fn(usize, T) -> Result<R, E> + Sync,
) -> Result<Vec<R>, E> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    // Each item is taken once, by the lane that drew its index.
    let items: Vec<std::sync::Mutex<Option<T>>> = items
        .into_iter()
        .map(|t| std::sync::Mutex::new(Some(t)))
        .collect();
    let (next, failed) = (AtomicUsize::new(0), AtomicBool::new(false));
    let lane = |nested_gives_up: bool| {
        let mut mine = Vec::new();
        if nested_gives_up && IN_ITEM.with(std::cell::Cell::get) {
            return mine;
        }
        while !failed.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(slot) = items.get(i) else { break };
            let Some(item) = slot.lock().unwrap_or_else(|e| e.into_inner()).take() else {
                continue;
            };
            let outer = IN_ITEM.with(|f| f.replace(true));
            let done = work(i, item);
            IN_ITEM.with(|f| f.set(outer));
            if done.is_err() {
                failed.store(true, Ordering::Relaxed);
            }
            mine.push((i, done));
        }
        mine
    };
    let done: Vec<Vec<(usize, Result<R, E>)>> =
        (0..n_lanes).into_par_iter().map(|_| lane(true)).collect();
    let mut all: Vec<(usize, Result<R, E>)> = done.into_iter().flatten().collect();
    // Items left when every lane gave up (`in_lanes` called inside an item
    // on a pool of one thread): this thread runs them.
    all.extend(lane(false));
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// Each rule's peak memory while rules run side by side: the highest the
/// process reached while the rule ran, alongside whichever rules ran with
/// it. The kernel's high-water mark is read and reset whenever a rule
/// starts or ends, and each reading goes to every rule that ran through
/// that stretch.
struct PeakWatch {
    /// (rule, its peak so far) for the rules running now.
    running: std::sync::Mutex<Vec<(usize, Option<u64>)>>,
    /// The peak since the last reading ([`crate::timings::take_peak`]).
    reading: fn() -> Option<u64>,
}

impl PeakWatch {
    fn new(reading: fn() -> Option<u64>) -> Self {
        PeakWatch {
            running: std::sync::Mutex::new(Vec::new()),
            reading,
        }
    }

    fn start(&self, rule: usize) {
        if let Ok(mut running) = self.running.lock() {
            self.fold(&mut running);
            running.push((rule, None));
        }
    }

    fn end(&self, rule: usize) -> Option<u64> {
        let mut running = self.running.lock().ok()?;
        self.fold(&mut running);
        let at = running.iter().position(|(r, _)| *r == rule)?;
        running.swap_remove(at).1
    }

    /// The peak since the last reading, to every rule running through it.
    fn fold(&self, running: &mut [(usize, Option<u64>)]) {
        let peak = (self.reading)();
        for (_, p) in running.iter_mut() {
            *p = (*p).max(peak);
        }
    }
}

/// Run one rule; a rule with its own δ for "about" and "nearly" sees the
/// claims requalified with it.
pub fn run_one(
    rule: &crate::rules::Rule,
    ctx: &Context<'_>,
) -> Result<crate::rules::Outcome, CheckError> {
    let Some(approx) = rule.meta.tolerance.approx else {
        return rule.check.run(&rule.meta, ctx);
    };
    let claims: Vec<Claim> = ctx
        .claims
        .iter()
        .map(|c| crate::extract::requalify(c, approx))
        .collect();
    let own = ctx.with_claims(&claims);
    rule.check.run(&rule.meta, &own)
}

/// The checks and findings of one rule by part of the corpus (see
/// `rules::parts`), for incremental runs.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Parts {
    /// (part, checks, failures), sorted by part, one entry per part (a
    /// vector, not a map: a million parts per rule at a million articles).
    pub counts: Vec<(u64, u32, u32)>,
    /// Every finding with its part.
    pub findings: Vec<(u64, Finding)>,
    /// (article, part) for the parts articles are in through their texts.
    pub members: Vec<(String, u64)>,
}

/// The part a check about `about` is in; None when the check cannot be
/// attributed (a claim the context does not hold).
pub fn part_of(reach: Reach, about: About, ctx: &Context<'_>) -> Option<u64> {
    match (about, reach) {
        (About::Part(p), _) => Some(p),
        (About::Unknown, _) | (_, Reach::Corpus) => None,
        (About::Row(r), Reach::Article) => {
            let c = ctx.claims.get(r as usize)?;
            Some(parts::article(&c.article))
        }
        (About::Row(r), Reach::Shared(part)) => {
            let c = ctx.claims.get(r as usize)?;
            Some(part(c).unwrap_or_else(|| parts::article(&c.article)))
        }
    }
}

/// Put a rule's checks and findings in their parts (the outcome of a run
/// with [`Context::ledger`]); None when the kind reaches the whole corpus
/// or a check or finding cannot be attributed. The parts take the
/// outcome's members (a million articles' worth for `naming`).
pub fn attribute(reach: Reach, o: &mut Outcome, ctx: &Context<'_>) -> Option<Parts> {
    if matches!(reach, Reach::Corpus) {
        return None;
    }
    let mut out = Parts::default();
    // A finding belongs to the last entry pushed before it: entry k has
    // the findings from its `findings_at` to the next entry's.
    if o.tally
        .first()
        .map_or(o.findings.len(), |t| t.findings_at as usize)
        > 0
    {
        return None;
    }
    out.counts.reserve(o.tally.len());
    for (k, t) in o.tally.iter().enumerate() {
        let p = part_of(reach, t.about, ctx)?;
        out.counts.push((p, t.checked, t.failed));
        let end = o
            .tally
            .get(k + 1)
            .map_or(o.findings.len(), |n| n.findings_at as usize);
        let mine = o.findings.get(t.findings_at as usize..end).unwrap_or(&[]);
        out.findings.extend(mine.iter().map(|f| (p, f.clone())));
    }
    out.counts.sort_unstable_by_key(|&(p, ..)| p);
    out.counts.dedup_by(|next, kept| {
        let same = next.0 == kept.0;
        if same {
            kept.1 += next.1;
            kept.2 += next.2;
        }
        same
    });
    out.counts.shrink_to_fit();
    let counted: (usize, usize) = out
        .counts
        .iter()
        .fold((0, 0), |a, c| (a.0 + c.1 as usize, a.1 + c.2 as usize));
    if counted != (o.checked, o.failed) {
        // A kind that counted a check outside the ledger.
        return None;
    }
    out.members = std::mem::take(&mut o.members);
    Some(out)
}

/// How one rule fared.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RuleStats {
    pub id: String,
    pub kind: String,
    pub severity: Severity,
    pub title: String,
    pub checked: usize,
    pub failed: usize,
    /// How long the rule ran (for `--timings`; not part of the report).
    #[serde(skip)]
    pub elapsed: std::time::Duration,
    /// The peak resident memory while it ran, for `--timings` (Linux).
    #[serde(skip)]
    pub peak: Option<u64>,
}

/// The findings of a run and the statistics of every rule.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub stats: Vec<RuleStats>,
    /// Baseline entries that no longer match a finding.
    pub stale: Vec<crate::baseline::Entry>,
    /// (claim row, index into `stats`): the claims each rule's passing
    /// checks verified, sorted.
    pub verified: Vec<(u32, u32)>,
    /// Per rule (in the order of `stats`), its checks and findings by part:
    /// only from a run with [`Context::ledger`].
    pub parts: Vec<Option<Parts>>,
}

impl Report {
    pub fn checks_run(&self) -> usize {
        self.stats.iter().map(|s| s.checked).sum()
    }

    pub fn checks_passed(&self) -> usize {
        self.stats
            .iter()
            .map(|s| s.checked.saturating_sub(s.failed))
            .sum()
    }

    /// Findings of `severity` that are not accepted in the baseline.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity && !f.accepted)
            .count()
    }

    pub fn accepted(&self) -> usize {
        self.findings.iter().filter(|f| f.accepted).count()
    }

    /// Keep only findings that touch one of `articles` (their own article
    /// or any related claim's).
    pub fn only_touching(&mut self, articles: &std::collections::HashSet<String>) {
        self.findings.retain(|f| {
            articles.contains(&f.article) || f.related.iter().any(|r| articles.contains(&r.article))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_run_every_item_in_order_never_two_on_one_thread() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        thread_local! {
            static OPEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        }
        // Four threads: a thread waiting inside one item's parallel work
        // can find another thread's lane not started yet.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        // Stealing is up to timing: a few rounds make it likely.
        for _ in 0..5 {
            let (now, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
            let items: Vec<u64> = (0..24).collect();
            let out = pool.install(|| {
                assert_eq!(lanes(items.len()), 2);
                // As many lanes as threads, the most a thread can meet.
                in_n_lanes(4, items, |i, x| {
                    assert!(!OPEN.with(|o| o.replace(true)), "item {i} inside another");
                    let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(n, Ordering::SeqCst);
                    // Parallel work inside the item, as a rule's, long enough
                    // for the other threads to steal some of it.
                    (0..32).into_par_iter().for_each(|_| {
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    });
                    now.fetch_sub(1, Ordering::SeqCst);
                    OPEN.with(|o| o.set(false));
                    Ok::<_, String>((i, x * 2))
                })
            });
            let out = out.unwrap();
            let want: Vec<(usize, u64)> = (0..24).map(|k| (k, 2 * k as u64)).collect();
            assert_eq!(out, want);
            assert!((1..=4).contains(&most.load(Ordering::SeqCst)));
        }
        assert_eq!(lanes(0), 1);
    }

    #[test]
    fn lanes_called_inside_an_item_of_a_one_thread_pool_still_run_everything() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let out = pool.install(|| {
            in_lanes(vec![1, 2], |_, x| {
                in_lanes(vec![10, 20], |_, y| Ok::<_, ()>(x * y)).map(|v| v.iter().sum::<i32>())
            })
        });
        assert_eq!(out, Ok(vec![30, 60]));
    }

    #[test]
    fn lanes_give_the_lowest_items_error_and_start_nothing_after_one() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let started = AtomicUsize::new(0);
        let out = pool.install(|| {
            in_lanes((0..100).collect(), |i, x: u64| {
                started.fetch_add(1, Ordering::SeqCst);
                // Item 1 fails late, item 2 fails first.
                let ms = if i == 1 { 30 } else { 1 };
                std::thread::sleep(std::time::Duration::from_millis(ms));
                if i == 1 || i == 2 {
                    Err(x)
                } else {
                    Ok(x)
                }
            })
        });
        assert_eq!(out, Err(1));
        let started = started.load(Ordering::SeqCst);
        assert!(started < 10, "{started} items started");
    }

    #[test]
    fn a_rules_peak_is_the_highest_reading_while_it_ran() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        // One reading per start and end, in turn.
        const READINGS: [u64; 7] = [100, 5, 50, 3, 9, 1, 0];
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let watch = PeakWatch::new(|| READINGS.get(NEXT.fetch_add(1, Ordering::SeqCst)).copied());
        watch.start(0); // 100: before any rule, nobody's
        watch.start(1); // 5: rule 0's
        let one = watch.end(1); // 50: rules 0 and 1
        watch.start(2); // 3: rule 0's
        let zero = watch.end(0); // 9: rules 0 and 2
        let two = watch.end(2); // 1: rule 2's
        assert_eq!((zero, one, two), (Some(50), Some(50), Some(9)));
        assert_eq!(watch.end(7), None);
    }

    #[test]
    fn runs_are_ranges_when_articles_are_contiguous() {
        let runs = Runs::of(&[0, 0, 1, 2, 2, 2]);
        assert_eq!(runs.ranges, vec![0..2, 2..3, 3..6]);
        assert!(runs.order.is_none());
    }

    #[test]
    fn runs_sort_articles_that_come_back() {
        let runs = Runs::of(&[0, 1, 0, 1, 2]);
        let rows: Vec<Vec<u32>> = runs.articles().map(Iterator::collect).collect();
        assert_eq!(rows, vec![vec![0, 2], vec![1, 3], vec![4]]);
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)] // one slice of rows is meant
    fn slices_end_where_articles_do() {
        // Articles of 3, 1 and 2 claims.
        let runs = Runs::of(&[0, 0, 0, 1, 2, 2]);
        assert_eq!(runs.slices(2), Some(vec![0..3, 3..6]));
        assert_eq!(runs.slices(1), Some(vec![0..3, 3..4, 4..6]));
        assert_eq!(runs.slices(100), Some(vec![0..6]));
        assert_eq!(Runs::of(&[]).slices(100), Some(vec![0..0]));
        // An article whose claims come back: no slices.
        assert_eq!(Runs::of(&[0, 1, 0]).slices(1), None);
    }

    #[test]
    fn claims_are_in_order_by_article_then_start() {
        let at = |a: &str, start: u32| Claim::level(a, start, start + 1, 1.0, "CNY");
        assert!(in_order(&[at("a.txt", 0), at("a.txt", 5), at("b.txt", 0)]));
        assert!(in_order(&[]));
        assert!(!in_order(&[at("a.txt", 5), at("a.txt", 0)]));
        assert!(!in_order(&[at("b.txt", 0), at("a.txt", 5)]));
    }

    fn member(article: &str, group: u32, role: Role, value: f64) -> Claim {
        Claim {
            group: Some(group),
            role: Some(role),
            ..Claim::level(article, 0, 1, value, "CNY")
        }
    }

    #[test]
    fn per_article_gives_each_articles_rows_and_statements() {
        let claims = [
            member("a.txt", 1, Role::Part, 1.0),
            member("b.txt", 1, Role::Whole, 2.0),
            member("a.txt", 2, Role::Whole, 3.0),
            member("a.txt", 1, Role::Whole, 4.0),
        ];
        let ctx = Context::new(&claims, &[], Path::new("rules"));
        let rows = ctx.per_article(|rows| rows.to_vec());
        assert_eq!(rows, vec![vec![0, 2, 3], vec![1]]);
        let group = |g| {
            ctx.statement(&rows[0], g)
                .map(|(r, _)| r)
                .collect::<Vec<u32>>()
        };
        assert_eq!(group(Some(1)), vec![0, 3]);
        assert_eq!(group(Some(2)), vec![2]);
        assert!(group(None).is_empty());
    }

    #[test]
    fn rows_of_a_kind_and_metric_ascend() {
        let with = |metric: Option<&str>, kind: Kind| Claim {
            metric: metric.map(Into::into),
            kind,
            ..Claim::level("a.txt", 0, 1, 1.0, "CNY")
        };
        let claims = [
            with(Some("gdp"), Kind::Level),
            with(Some("gdp"), Kind::Growth),
            with(None, Kind::Level),
            with(Some("exports"), Kind::Level),
            with(Some("gdp"), Kind::Level),
        ];
        let ctx = Context::new(&claims, &[], Path::new("rules"));
        assert_eq!(ctx.rows_of(Kind::Level, "gdp"), [0, 4]);
        assert_eq!(ctx.rows_of(Kind::Growth, "gdp"), [1]);
        assert_eq!(ctx.rows_of(Kind::Level, "exports"), [3]);
        assert!(ctx.rows_of(Kind::Rank, "gdp").is_empty());
        assert!(ctx.rows_of(Kind::Level, "no-such-metric").is_empty());
    }

    #[test]
    fn group_members_stay_within_their_article() {
        // Group 1 in a.txt and group 1 in b.txt are different statements,
        // and a.txt's claims come back after b.txt's.
        let claims = [
            member("a.txt", 1, Role::Part, 1.0),
            member("b.txt", 1, Role::Whole, 2.0),
            member("a.txt", 1, Role::Whole, 3.0),
            member("a.txt", 1, Role::Whole, 4.0),
            member("b.txt", 1, Role::Part, 5.0),
            member("b.txt", 2, Role::Part, 6.0),
        ];
        let ctx = Context::new(&claims, &[], Path::new("rules"));
        let got = group_members(&ctx, Member::role("part"), [Member::role("whole")]);
        assert_eq!(got, vec![(0, [Some(2)]), (4, [Some(1)]), (5, [None])]);
        assert!(group_members(&ctx, Member::role("nonsense"), []).is_empty());
        let by_kind = group_members(&ctx, Member::of("part", "growth"), []);
        assert!(by_kind.is_empty());
    }
}
