//! `agreement`: statements of the same metric, subject, period and unit must
//! agree, across sentences and across articles.

use crate::check::Context;
use crate::claim::{Claim, Kind, Role};
use crate::finding::{Finding, FindingBuilder};
use crate::interval::Interval;
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo};
use crate::rules::select;
use crate::rules::select::{iv, scale_slip, scale_slip_help};
use crate::rules::{Check, CheckError, Outcome, RuleMeta};
use crate::sym::Sym;
use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use std::hash::BuildHasher;

pub const KIND: KindInfo = KindInfo {
    name: "agreement",
    summary: "statements of the same metric, subject, period and unit must agree across sentences and articles",
    doc: DOC,
    build,
};

const DOC: &str = r#"# agreement

Two statements about the same thing must say the same: the same metric,
the same subject (and ranking scope), the same period (start and end), the
same unit and the same kind of figure, wherever in the corpus they stand.

Each statement stands for an interval ("95.5 percent" is [95.45, 95.55],
"more than 500" is (500, ∞)), and a group of statements is flagged only
when their intervals cannot all meet: when the largest lower bound is
above the smallest upper bound. Rounding and qualifiers are therefore
never a disagreement.

Compared are the claims with a metric and a complete period. Parts of a
whole, items of a list and converted amounts ("($3.96 billion)") are left
out: their metric is borrowed from the statement they belong to.

The finding stands on the statement in the first article (by id), and
shows every other figure of the group once: its first statement, labelled
with its article and how many more statements give the same figure (a
city's GDP repeated in a thousand articles is one related span, not a
thousand). At most ten figures are shown, those furthest from the
finding's; the message says when there are more. The help names a likely
cause: a scale slip (million vs billion), or figures from different
releases.

Parameters:
- `across_articles_only` (bool, default false): compare only statements
  of different articles (a group inside one article is then not checked).

Example rule:

```yaml
- id: figures-disagree
  kind: agreement
  severity: warning
  title: The same figure must be the same everywhere
  where: { metric: [gdp] }   # optional
```

Flags, across two articles: "In 2021, the city's GDP grew by 8.1 percent."
and "The city's GDP rose 7.2 percent in 2021."
"#;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    across_articles_only: bool,
}

#[derive(Debug)]
struct Agreement {
    across_articles_only: bool,
}

fn build(m: &serde_yaml::Mapping, _: &BuildContext<'_>) -> Result<Box<dyn Check>, BuildError> {
    let p: Params = params(m)?;
    Ok(Box::new(Agreement {
        across_articles_only: p.across_articles_only,
    }))
}

/// What makes two statements comparable: metric, subject (or, for a
/// claim that names no place, its article), scope, period, unit and kind.
/// Interned strings: the key hashes and compares as numbers.
type Key = (
    Sym,
    Option<Sym>,
    Option<Sym>,
    Option<Sym>,
    (NaiveDate, NaiveDate),
    Sym,
    Kind,
);

/// The groups of comparable statements (two or more), as row lists sorted
/// by article and position, in order of their first row.
///
/// One pass over the claims with a hash map rather than a Polars
/// group_by on eight keys: at a million articles the group_by needed
/// 2.9 GB on top of the frame (its keys encoded row by row, the enum
/// `kind` as a string), the map a few hundred MB.
fn groups(ctx: &Context<'_>, meta: &RuleMeta, across_articles_only: bool) -> Vec<Vec<u32>> {
    // Keys are split into shards by their hash, a shard per thread: each
    // thread reads every claim but keeps only its shard's keys, in a map
    // a fraction of the size (at a million articles the one map of every
    // key missed the caches on nearly every row).
    let shards = rayon::current_num_threads().max(1);
    let mut out: Vec<Vec<u32>> = (0..shards)
        .into_par_iter()
        .flat_map_iter(|shard| shard_groups(ctx, meta, shard, shards))
        .collect();
    // Within a shard groups come in order of their first row; across
    // shards, they are put in that order.
    out.sort_unstable_by_key(|rows| rows.first().copied());
    if !ctx.sorted() {
        for rows in &mut out {
            rows.sort_by(|&a, &b| {
                let (a, b) = (ctx.claim(a), ctx.claim(b));
                (a.article, a.start).cmp(&(b.article, b.start))
            });
        }
        out.sort();
    }
    if across_articles_only {
        out.retain(|rows| {
            let mut articles = rows.iter().map(|&r| &ctx.claim(r).article);
            let first = articles.next();
            articles.any(|a| Some(a) != first)
        });
    }
    out
}

/// The groups (two rows or more) of the keys in shard `shard` of
/// `shards`, in order of their first row, each in row order.
fn shard_groups(ctx: &Context<'_>, meta: &RuleMeta, shard: usize, shards: usize) -> Vec<Vec<u32>> {
    // Each key gets a number when first seen; rows are listed with their
    // key's number and put in their groups once the sizes are known, so
    // the map holds numbers rather than a list per key (most keys have
    // one row).
    let hasher = rustc_hash::FxBuildHasher;
    let mut ids: FxHashMap<Key, u32> = FxHashMap::default();
    let mut tagged: Vec<(u32, u32)> = Vec::new();
    for (row, c) in ctx.claims.iter().enumerate() {
        let (Some(metric), Some(start), Some(end)) = (c.metric, c.period_start, c.period_end)
        else {
            continue;
        };
        // Parts, items and converted amounts borrow their metric from the
        // statement they belong to.
        if matches!(c.role, Some(Role::Part | Role::Item | Role::Converted))
            || !meta.filter.matches(c)
        {
            continue;
        }
        // A claim that names no place may be about any place: compare it
        // only within its own article.
        let own_article = c.subject.is_none().then_some(c.article);
        let key = (
            metric,
            c.subject,
            own_article,
            c.scope,
            (start, end),
            c.unit,
            c.kind,
        );
        // Not the low bits, which place keys in the map's table.
        if shards > 1 && (hasher.hash_one(key) >> 40) as usize % shards != shard {
            continue;
        }
        let next = ids.len() as u32;
        let id = *ids.entry(key).or_insert(next);
        tagged.push((id, u32::try_from(row).unwrap_or(u32::MAX)));
    }
    drop(ids);
    let mut sizes: Vec<u32> = Vec::new();
    for &(id, _) in &tagged {
        let id = id as usize;
        if id == sizes.len() {
            sizes.push(0);
        }
        sizes[id] += 1;
    }
    // Groups in order of their first row (ids were given in row order).
    let mut slot: Vec<u32> = vec![u32::MAX; sizes.len()];
    let mut out: Vec<Vec<u32>> = Vec::new();
    for (id, &n) in sizes.iter().enumerate() {
        if n > 1 {
            slot[id] = out.len() as u32;
            out.push(Vec::with_capacity(n as usize));
        }
    }
    for (id, row) in tagged {
        if let Some(rows) = out.get_mut(slot[id as usize] as usize) {
            rows.push(row);
        }
    }
    out
}

/// Can the statements' intervals (widened by the rule's tolerance) not all
/// meet? They all meet when the largest lower end is below the smallest
/// upper end.
fn disagree(claims: &[&Claim], tolerance: &crate::rules::Tolerance) -> bool {
    let widened: Vec<Interval> = claims.iter().map(|c| tolerance.widen(iv(c))).collect();
    let max_lo = widened
        .iter()
        .map(|i| i.lo)
        .fold(f64::NEG_INFINITY, f64::max);
    let min_hi = widened.iter().map(|i| i.hi).fold(f64::INFINITY, f64::min);
    max_lo > min_hi
}

/// The statement that disagrees most with `primary`: the largest gap, or,
/// when the primary meets every other, one end of the disjoint pair.
fn counterpart<'a>(primary: &Claim, others: &[&'a Claim]) -> Option<&'a Claim> {
    let p = iv(primary);
    let widest = others
        .iter()
        .copied()
        .max_by(|a, b| p.gap(&iv(a)).total_cmp(&p.gap(&iv(b))))?;
    if p.gap(&iv(widest)) > 0.0 {
        return Some(widest);
    }
    let max_lo = others.iter().copied().max_by(|a, b| a.lo.total_cmp(&b.lo));
    let min_hi = others.iter().copied().min_by(|a, b| a.hi.total_cmp(&b.hi));
    match (max_lo, min_hi) {
        (Some(a), Some(b)) => Some(if a.lo > primary.hi { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// How many distinct figures a finding shows as related spans.
const MAX_FIGURES: usize = 10;

/// One figure of a group other than the primary statement: its first
/// statement and how many more state it.
struct Figure<'a> {
    first: &'a Claim,
    more: usize,
    /// Articles besides the first statement's that state it.
    articles: usize,
}

impl Figure<'_> {
    /// " (stated 3 more times, in 2 more articles)", or nothing.
    fn also(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| {
            format!("{n} more {}", if n == 1 { one } else { many })
        };
        match (self.more, self.articles) {
            (0, _) => String::new(),
            (n, 0) => format!(" (stated {} there)", plural(n, "time", "times")),
            (n, a) => format!(
                " (stated {}, in {})",
                plural(n, "time", "times"),
                plural(a, "article", "articles")
            ),
        }
    }
}

/// The other statements of a group as distinct figures (one interval, one
/// figure), in order of first statement: the `MAX_FIGURES` furthest from
/// the primary, and how many were left out. A group grows with the corpus
/// (a city's GDP in a thousand articles); its distinct figures do not, so
/// neither does the finding.
fn figures<'a>(primary: &Claim, others: &[&'a Claim]) -> (Vec<Figure<'a>>, usize) {
    let mut figures: Vec<(Interval, Figure<'a>)> = Vec::new();
    let mut index: FxHashMap<(u64, u64), usize> = FxHashMap::default();
    let mut seen: FxHashSet<(usize, Sym)> = FxHashSet::default();
    for &c in others {
        let i = iv(c);
        let k = *index
            .entry((i.lo.to_bits(), i.hi.to_bits()))
            .or_insert_with(|| {
                let fig = Figure {
                    first: c,
                    more: 0,
                    articles: 0,
                };
                figures.push((i, fig));
                figures.len() - 1
            });
        let new_article = seen.insert((k, c.article));
        let fig = &mut figures[k].1;
        if !std::ptr::eq(fig.first, c) {
            fig.more += 1;
            fig.articles += usize::from(new_article);
        }
    }
    let omitted = figures.len().saturating_sub(MAX_FIGURES);
    if omitted > 0 {
        let p = iv(primary);
        let mut by_gap: Vec<usize> = (0..figures.len()).collect();
        by_gap.sort_by(|&a, &b| p.gap(&figures[b].0).total_cmp(&p.gap(&figures[a].0)));
        let keep: FxHashSet<usize> = by_gap.into_iter().take(MAX_FIGURES).collect();
        let mut k = 0;
        figures.retain(|_| {
            k += 1;
            keep.contains(&(k - 1))
        });
    }
    (figures.into_iter().map(|(_, f)| f).collect(), omitted)
}

/// Why two statements of one figure may differ.
fn likely_cause(a: &Claim, b: &Claim) -> String {
    if let Some(k) = scale_slip(iv(a), iv(b)) {
        return scale_slip_help(k, "the two figures");
    }
    "the figures may come from different releases (a preliminary estimate and a revised figure), or one was copied wrongly: check the source both cite; if they really measure different things, give them different metrics in rules/metrics.yaml".into()
}

impl Check for Agreement {
    fn reach(&self) -> crate::rules::Reach {
        crate::rules::Reach::Shared(crate::rules::parts::metric_subject)
    }

    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError> {
        let groups = groups(ctx, meta, self.across_articles_only);
        // Side by side: a finding reads the texts of the articles it
        // shows (thousands of files at a million articles).
        let findings: Vec<Option<Finding>> = groups
            .par_iter()
            .map(|rows| finding(meta, ctx, rows))
            .collect();
        // In order, each finding right after its check: an incremental
        // run attributes findings to checks by their place.
        let mut out = Outcome::default();
        for (rows, found) in groups.iter().zip(findings) {
            out.check(ctx, rows.iter().map(|&r| ctx.claim(r)));
            if let Some(f) = found {
                out.fail();
                out.findings.push(f);
            }
        }
        Ok(out)
    }
}

/// The finding of a group of statements, when they disagree.
fn finding(meta: &RuleMeta, ctx: &Context<'_>, rows: &[u32]) -> Option<Finding> {
    let claims: Vec<&Claim> = rows.iter().map(|&r| ctx.claim(r)).collect();
    if !disagree(&claims, &meta.tolerance) {
        return None;
    }
    let (&primary, others) = claims.split_first()?;
    let other = counterpart(primary, others)?;
    let where_other = if other.article == primary.article {
        "elsewhere in this article".to_string()
    } else {
        format!("in {}", other.article)
    };
    let metric = primary.metric.as_deref().unwrap_or("?");
    let subject = primary
        .subject
        .as_deref()
        .map(|s| format!(" for {s}"))
        .unwrap_or_default();
    let count = if claims.len() > 2 {
        format!("{} ", claims.len())
    } else {
        String::new()
    };
    let (shown, omitted) = figures(primary, others);
    let left_out = if omitted > 0 {
        format!(
            " ({} distinct figures; the {MAX_FIGURES} furthest from this one are shown)",
            shown.len() + omitted
        )
    } else {
        String::new()
    };
    let message = format!(
        "{count}statements of {metric}{subject} in {} disagree: “{}” here, “{}” {where_other}{left_out}",
        select::period_label(primary.period_start, primary.period_end),
        primary.text,
        other.text,
    );
    let p = iv(primary);
    let mut f = FindingBuilder::new(meta, primary, ctx.text(&primary.article), message)
        .label(format!("stated as {}", primary.text))
        .values(Some(primary.value), Some(other.value))
        .help(Some(likely_cause(primary, other)));
    for fig in &shown {
        let c = fig.first;
        let place = if c.article == primary.article {
            "this article".to_string()
        } else {
            c.article.to_string()
        };
        let verdict = if p.overlaps(&iv(c)) {
            ""
        } else {
            ", which cannot be reconciled with it"
        };
        f = f.related(
            c,
            ctx.text(&c.article),
            format!("“{}” in {place}{verdict}{}", c.text, fig.also()),
        );
    }
    Some(f.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(article: &str, value: f64, lo: f64, hi: f64) -> Claim {
        Claim {
            lo,
            hi,
            kind: crate::claim::Kind::Growth,
            metric: Some("gdp".into()),
            subject: Some("Binzhou".into()),
            ..Claim::level(article, 0, 4, value, "percent")
        }
    }

    /// The groups as (article, start) lists.
    fn grouped(claims: &[Claim]) -> Vec<Vec<(String, u32)>> {
        let ctx = Context::new(claims, &[], std::path::Path::new("rules"));
        let meta = crate::rules::sum::tests::meta("figures-disagree");
        groups(&ctx, &meta, false)
            .iter()
            .map(|rows| {
                rows.iter()
                    .map(|&r| (ctx.claim(r).article.to_string(), ctx.claim(r).start))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn groups_are_the_same_whatever_the_claims_order() {
        let year = NaiveDate::from_ymd_opt(2021, 1, 1);
        let at = |article: &str, start: u32, metric: &str| Claim {
            start,
            end: start + 4,
            period_start: year,
            period_end: NaiveDate::from_ymd_opt(2021, 12, 31),
            metric: Some(metric.into()),
            ..claim(article, 1.0, 1.0, 1.0)
        };
        let sorted = vec![
            at("a", 0, "gdp"),
            at("a", 10, "exports"),
            at("a", 20, "gdp"),
            at("b", 0, "exports"),
            at("b", 5, "imports"),
            at("c", 0, "gdp"),
        ];
        let expected = vec![
            vec![("a".into(), 0), ("a".into(), 20), ("c".into(), 0)],
            vec![("a".into(), 10), ("b".into(), 0)],
        ];
        assert_eq!(grouped(&sorted), expected);
        let mut shuffled = sorted.clone();
        shuffled.reverse();
        shuffled.swap(0, 3);
        // Within a group by article and start; the groups themselves come
        // in the order of their first rows.
        let mut got = grouped(&shuffled);
        got.sort();
        assert_eq!(got, expected);
    }

    #[test]
    fn repeated_figures_are_one_related_span_with_a_count() {
        let p = claim("a", 8.1, 8.05, 8.15);
        let others = [
            claim("b", 7.2, 7.15, 7.25),
            claim("b", 7.2, 7.15, 7.25),
            claim("c", 8.1, 8.05, 8.15),
            claim("d", 7.2, 7.15, 7.25),
            claim("e", 7.2, 7.15, 7.25),
        ];
        let refs: Vec<&Claim> = others.iter().collect();
        let (shown, omitted) = figures(&p, &refs);
        assert_eq!(omitted, 0);
        let got: Vec<(&str, f64, String)> = shown
            .iter()
            .map(|f| (f.first.article.as_ref(), f.first.value, f.also()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "b",
                    7.2,
                    " (stated 3 more times, in 2 more articles)".into()
                ),
                ("c", 8.1, String::new()),
            ]
        );
        let twice = [claim("b", 7.2, 7.15, 7.25), claim("b", 7.2, 7.15, 7.25)];
        let refs: Vec<&Claim> = twice.iter().collect();
        assert_eq!(
            figures(&p, &refs).0[0].also(),
            " (stated 1 more time there)"
        );
    }

    #[test]
    fn past_ten_figures_the_furthest_are_shown_in_order() {
        let p = claim("a", 100.0, 99.5, 100.5);
        // Figures 1..=12 below the primary: x01 and x02 are the nearest.
        let others: Vec<Claim> = (1..=12)
            .map(|k| {
                let v = 100.0 - f64::from(k);
                claim(&format!("x{k:02}"), v, v - 0.5, v + 0.5)
            })
            .collect();
        let refs: Vec<&Claim> = others.iter().collect();
        let (shown, omitted) = figures(&p, &refs);
        assert_eq!(omitted, 2);
        let articles: Vec<&str> = shown.iter().map(|f| f.first.article.as_ref()).collect();
        assert_eq!(
            articles,
            ["x03", "x04", "x05", "x06", "x07", "x08", "x09", "x10", "x11", "x12"]
        );
    }

    #[test]
    fn the_counterpart_is_the_furthest_statement() {
        let p = claim("a", 8.1, 8.05, 8.15);
        let b = claim("b", 8.1, 8.05, 8.15);
        let c = claim("c", 7.2, 7.15, 7.25);
        assert_eq!(counterpart(&p, &[&b, &c]).map(|c| c.value), Some(7.2));
    }

    #[test]
    fn when_the_primary_meets_all_the_counterpart_is_a_disjoint_end() {
        let p = claim("a", 5.0, 0.0, 10.0);
        let b = claim("b", 2.0, 1.5, 2.5);
        let c = claim("c", 8.0, 7.5, 8.5);
        let got = counterpart(&p, &[&b, &c]).map(|c| c.value);
        assert!(got == Some(2.0) || got == Some(8.0));
    }

    #[test]
    fn disagreement_needs_intervals_that_cannot_all_meet() {
        let a = claim("a", 8.1, 8.05, 8.15);
        let b = claim("b", 8.0, 7.6, 8.4);
        let c = claim("c", 7.2, 7.15, 7.25);
        let none = crate::rules::Tolerance::default();
        assert!(!disagree(&[&a, &b], &none));
        assert!(disagree(&[&a, &b, &c], &none));
        let loose = crate::rules::Tolerance {
            abs: 0.5,
            rel: 0.0,
            approx: None,
        };
        assert!(!disagree(&[&a, &c], &loose));
    }

    #[test]
    fn a_factor_of_a_thousand_is_a_scale_slip() {
        let a = claim("a", 28.73e9, 28.725e9, 28.735e9);
        let b = claim("b", 28.73e6, 28.725e6, 28.735e6);
        assert!(likely_cause(&a, &b).starts_with("a scale slip"));
        let c = claim("c", 7.2, 7.15, 7.25);
        assert!(likely_cause(&a, &c).contains("different releases"));
    }
}
