//! `sum`: parts against their stated total — configured metrics (exports +
//! imports = trade) across the corpus, and listed parts of a whole when the
//! rule says the list is complete.

use crate::check::Context;
use crate::claim::{Claim, Kind, Role};
use crate::finding::FindingBuilder;
use crate::interval::Interval;
use crate::report::claims::fmt_num;
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo};
use crate::rules::select::{iv, scale_slip, scale_slip_help};
use crate::rules::{Check, CheckError, Outcome, RuleMeta};
use crate::sym::Sym;
use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::collections::BTreeMap;

pub const KIND: KindInfo = KindInfo {
    name: "sum",
    summary: "parts must add up to their stated total (exports + imports = trade)",
    doc: DOC,
    build,
};

const DOC: &str = r#"# sum

Checks parts against their stated total.

- Configured metrics: `parts: [exports, imports]` and `total: foreign_trade`.
  For every level of the total metric, the rule looks for a level of each
  part metric with the same subject, unit and period anywhere in the corpus
  (claims without a subject or a period only match within their article),
  and checks that the parts add up to the total.
- Listed parts: with `complete: true`, a statement with a whole and two or
  more parts in the same unit ("120 enterprises, of which 70 are private and
  50 state-owned") must add up. This is off by default, because "including"
  lists are usually partial.

The sum is computed by interval arithmetic from the intervals the parts
stand for ("60 billion yuan" is [59.5, 60.5] billion), and the rule fires
only when it cannot meet the stated total. When several claims in the corpus
give the same part, any of them may make the sum right. The help names a
likely cause: a scale slip, or a total that is the difference of two parts
(a balance, not a sum).

Parameters:
- `parts` (list of metric ids): the metrics that add up to `total`.
- `total` (metric id): the metric of the total.
- `complete` (bool, default false): also check listed parts of a whole.

A rule needs `parts` and `total`, or `complete: true`, or both.

Example rule:

```yaml
- id: trade-sum
  kind: sum
  severity: error
  title: Exports and imports must add up to foreign trade
  parts: [exports, imports]
  total: foreign_trade
```

Flags: "In 2021, Binzhou's exports reached 60 billion yuan. Its imports were
40 billion yuan in 2021. Binzhou's foreign trade reached 110 billion yuan in
2021." (60 + 40 is 100 billion.)
"#;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    parts: Vec<String>,
    #[serde(default)]
    total: Option<String>,
    #[serde(default)]
    complete: bool,
}

#[derive(Debug)]
struct Sum {
    parts: Vec<String>,
    total: Option<String>,
    complete: bool,
}

fn build(m: &serde_yaml::Mapping, _: &BuildContext<'_>) -> Result<Box<dyn Check>, BuildError> {
    let p: Params = params(m)?;
    match (&p.total, p.parts.len()) {
        (Some(_), 0) => {
            return Err(BuildError::new("total", "`total` is given without `parts`")
                .help("list the metrics that add up to the total: `parts: [exports, imports]`"))
        }
        (None, n) if n > 0 => {
            return Err(BuildError::new("parts", "`parts` is given without `total`")
                .help("name the metric the parts add up to: `total: foreign_trade`"))
        }
        (None, _) if !p.complete => {
            return Err(BuildError::new(
                "kind",
                "a sum rule needs `parts` and `total`, or `complete: true`",
            )
            .help("e.g. `parts: [exports, imports]` and `total: foreign_trade`"))
        }
        (Some(_), 1) => {
            return Err(BuildError::new(
                "parts",
                "`parts` needs at least two metrics",
            ))
        }
        _ => {}
    }
    if let Some(t) = &p.total {
        if p.parts.contains(t) {
            return Err(BuildError::new(
                "parts",
                format!("`{t}` is both a part and the total"),
            ));
        }
    }
    Ok(Box::new(Sum {
        parts: p.parts,
        total: p.total,
        complete: p.complete,
    }))
}

/// The factor that converts a value in `from` units into `to` units, when
/// they measure the same thing (same unit, or hectares and square
/// kilometres); None when they cannot be compared.
pub fn unit_factor(from: &str, to: &str) -> Option<f64> {
    match (from, to) {
        _ if from == to => Some(1.0),
        ("ha", "km2") => Some(0.01),
        ("km2", "ha") => Some(100.0),
        _ => None,
    }
}

/// What a level is about, for matching levels of two metrics: subject,
/// unit and period, and the article for a level without a subject or a
/// period (only comparable within its article; so no cartesian product of
/// every undated level forms).
type FactKey = (
    Option<Sym>,
    Sym,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<Sym>,
);

fn fact_key(c: &Claim) -> FactKey {
    let article = (c.subject.is_none() || c.period_end.is_none()).then_some(c.article);
    (c.subject, c.unit, c.period_start, c.period_end, article)
}

/// The levels of two metrics about the same fact (same subject, unit and
/// period), one group per fact: its left rows and its right rows. Claims
/// without a subject or a period only meet within their article. A fact
/// that a thousand articles repeat costs a thousand rows, not a million
/// pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactGroup {
    pub left: Vec<u32>,
    pub right: Vec<u32>,
}

/// Every fact both metrics have a level of, in the order of their first
/// left rows; each side's rows ascending.
pub fn same_fact_groups(ctx: &Context<'_>, left: &str, right: &str) -> Vec<FactGroup> {
    // The keys side by side: reading each claim is a trip to memory (a
    // metric's levels are spread over all the claims).
    let keyed = |rows: &[u32]| -> Vec<(u32, FactKey)> {
        rows.par_iter()
            .map(|&r| (r, fact_key(ctx.claim(r))))
            .collect()
    };
    let mut facts: FxHashMap<FactKey, usize> = FxHashMap::default();
    let mut groups: Vec<FactGroup> = Vec::new();
    // Rows ascend, so groups come in the order of their first left row.
    for (r, key) in keyed(ctx.rows_of(Kind::Level, left)) {
        let g = *facts.entry(key).or_insert_with(|| {
            groups.push(FactGroup {
                left: Vec::new(),
                right: Vec::new(),
            });
            groups.len() - 1
        });
        groups[g].left.push(r);
    }
    for (r, key) in keyed(ctx.rows_of(Kind::Level, right)) {
        if let Some(&g) = facts.get(&key) {
            groups[g].right.push(r);
        }
    }
    groups.retain(|g| !g.right.is_empty());
    groups
}

/// The claims that state one side of a fact, summarised once: their hull,
/// the first in corpus order, and the first of each article.
pub struct Candidates<'c> {
    pub hull: Interval,
    first: &'c Claim,
    by_article: FxHashMap<Sym, &'c Claim>,
}

impl<'c> Candidates<'c> {
    /// None for an empty list.
    pub fn new(ctx: &Context<'c>, rows: &[u32]) -> Option<Self> {
        let claims: Vec<&'c Claim> = rows.iter().map(|&r| ctx.claim(r)).collect();
        let first = *claims
            .iter()
            .min_by(|a, b| (&a.article, a.start).cmp(&(&b.article, b.start)))?;
        let mut by_article: FxHashMap<Sym, &'c Claim> = FxHashMap::default();
        for &c in &claims {
            let e = by_article.entry(c.article).or_insert(c);
            if c.start < e.start {
                *e = c;
            }
        }
        Some(Candidates {
            hull: hull(&claims),
            first,
            by_article,
        })
    }

    /// The candidate to show beside `anchor`: from its article if any, else
    /// the first in corpus order.
    pub fn best_for(&self, anchor: &Claim) -> &'c Claim {
        self.by_article
            .get(&anchor.article)
            .copied()
            .unwrap_or(self.first)
    }
}

/// The smallest interval holding every candidate's interval.
pub fn hull(cands: &[&Claim]) -> Interval {
    let lo = cands.iter().map(|c| c.lo).fold(f64::INFINITY, f64::min);
    let hi = cands.iter().map(|c| c.hi).fold(f64::NEG_INFINITY, f64::max);
    Interval::new(lo, hi)
}

/// The sum of part intervals.
pub fn sum_of(parts: &[Interval]) -> Interval {
    parts
        .iter()
        .fold(Interval::point(0.0), |acc, p| acc.add(*p))
}

/// Why parts may not add up to their total, if a known slip explains it.
/// `listed`: the parts are a list of an article (which may miss one).
pub fn likely_cause(parts: &[Interval], total: Interval, listed: bool) -> Option<String> {
    let sum = sum_of(parts);
    if let Some(k) = scale_slip(sum, total) {
        return Some(scale_slip_help(k, "the parts and the total"));
    }
    if let [a, b] = parts {
        if a.sub(*b).overlaps(&total) || b.sub(*a).overlaps(&total) {
            return Some("the total matches the difference of the two parts: a balance (such as exports − imports), not a sum".into());
        }
    }
    if listed && sum.hi < total.lo {
        return Some(
            "the parts fall short of the total: a part may be missing from the list".into(),
        );
    }
    None
}

impl Sum {
    fn configured(
        &self,
        meta: &RuleMeta,
        ctx: &Context<'_>,
        total_metric: &str,
        out: &mut Outcome,
    ) -> Result<(), CheckError> {
        // For every total claim, the candidates of every part metric: one
        // shared summary per fact, so the work is linear in the claims.
        let mut cands: BTreeMap<u32, Vec<Option<usize>>> = BTreeMap::new();
        let mut summaries: Vec<Vec<Option<Candidates<'_>>>> = Vec::new();
        for (i, part) in self.parts.iter().enumerate() {
            let groups = same_fact_groups(ctx, total_metric, part);
            let mine: Vec<Option<Candidates<'_>>> = groups
                .par_iter()
                .map(|group| Candidates::new(ctx, &group.right))
                .collect();
            for (g, group) in groups.iter().enumerate() {
                for &t in &group.left {
                    cands
                        .entry(t)
                        .or_insert_with(|| vec![None; self.parts.len()])[i] = Some(g);
                }
            }
            summaries.push(mine);
        }
        for (total_row, per_part) in cands {
            let total = ctx.claim(total_row);
            let Some(per_part) = per_part
                .iter()
                .zip(&summaries)
                .map(|(g, s)| g.and_then(|g| s.get(g)?.as_ref()))
                .collect::<Option<Vec<&Candidates<'_>>>>()
            else {
                continue;
            };
            if !meta.filter.matches(total) {
                continue;
            }
            let chosen: Vec<&Claim> = per_part.iter().map(|c| c.best_for(total)).collect();
            out.check(ctx, std::iter::once(total).chain(chosen.iter().copied()));
            let hulls: Vec<Interval> = per_part.iter().map(|c| c.hull).collect();
            let implied = meta.tolerance.widen(sum_of(&hulls));
            if implied.overlaps(&iv(total)) {
                continue;
            }
            out.fail();
            let computed: f64 = chosen.iter().map(|c| c.value).sum();
            let terms: Vec<String> = chosen.iter().map(|c| fmt_num(c.value)).collect();
            let message = format!(
                "stated {} of {} does not match {} = {} = {}",
                total_metric,
                fmt_num(total.value),
                self.parts.join(" + "),
                terms.join(" + "),
                fmt_num(computed)
            );
            let mut f = FindingBuilder::new(meta, total, ctx.text(&total.article), message)
                .label(format!(
                    "stated {}; the parts add up to {}",
                    fmt_num(total.value),
                    fmt_num(computed)
                ))
                .values(Some(total.value), Some(computed))
                .help(likely_cause(&hulls, iv(total), false));
            for (metric, c) in self.parts.iter().zip(&chosen) {
                let label = if c.article == total.article {
                    format!("{metric} {}", fmt_num(c.value))
                } else {
                    format!("{metric} {} (in {})", fmt_num(c.value), c.article)
                };
                f = f.related(c, ctx.text(&c.article), label);
            }
            out.findings.push(f.build());
        }
        Ok(())
    }

    fn listed(
        &self,
        meta: &RuleMeta,
        ctx: &Context<'_>,
        out: &mut Outcome,
    ) -> Result<(), CheckError> {
        // Each statement's whole (its first) and parts, article by article.
        let per_article = ctx.per_article(|rows| {
            let mut wholes: FxHashMap<u32, u32> = FxHashMap::default();
            let mut parts: Vec<(u32, u32)> = Vec::new();
            for &r in rows {
                let c = ctx.claim(r);
                let Some(g) = c.group else { continue };
                match c.role {
                    // Rows ascend: the first whole is the smallest.
                    Some(Role::Whole) => {
                        wholes.entry(g).or_insert(r);
                    }
                    Some(Role::Part) => parts.push((g, r)),
                    _ => {}
                }
            }
            parts
                .into_iter()
                .filter_map(|(g, part)| Some((*wholes.get(&g)?, part)))
                .collect::<Vec<(u32, u32)>>()
        });
        let mut groups: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for (w, p) in per_article.into_iter().flatten() {
            groups.entry(w).or_default().push(p);
        }
        for (whole_row, part_rows) in groups {
            let whole = ctx.claim(whole_row);
            if part_rows.len() < 2 || !meta.filter.matches(whole) {
                continue;
            }
            let parts: Vec<&Claim> = part_rows.iter().map(|r| ctx.claim(*r)).collect();
            let Some(scaled) = parts
                .iter()
                .map(|c| unit_factor(&c.unit, &whole.unit).map(|k| iv(c).scale(k)))
                .collect::<Option<Vec<Interval>>>()
            else {
                continue;
            };
            out.check(ctx, std::iter::once(whole).chain(parts.iter().copied()));
            let implied = meta.tolerance.widen(sum_of(&scaled));
            if implied.overlaps(&iv(whole)) {
                continue;
            }
            out.fail();
            let computed: f64 = scaled.iter().map(|i| i.mid()).sum();
            let terms: Vec<String> = parts.iter().map(|c| fmt_num(c.value)).collect();
            let message = format!(
                "the whole of {} does not match the sum of the parts listed, {} = {}",
                fmt_num(whole.value),
                terms.join(" + "),
                fmt_num(computed)
            );
            let mut f = FindingBuilder::new(meta, whole, ctx.text(&whole.article), message)
                .label(format!(
                    "stated {}; the parts add up to {}",
                    fmt_num(whole.value),
                    fmt_num(computed)
                ))
                .values(Some(whole.value), Some(computed))
                .help(likely_cause(&scaled, iv(whole), true));
            for c in parts {
                f = f.related(
                    c,
                    ctx.text(&c.article),
                    format!("part {}", fmt_num(c.value)),
                );
            }
            out.findings.push(f.build());
        }
        Ok(())
    }
}

impl Check for Sum {
    fn reach(&self) -> crate::rules::Reach {
        crate::rules::Reach::Shared(crate::rules::parts::subject)
    }

    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError> {
        let mut out = Outcome::default();
        if let Some(total) = &self.total {
            self.configured(meta, ctx, total, &mut out)?;
        }
        if self.complete {
            self.listed(meta, ctx, &mut out)?;
        }
        Ok(out)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::claim::Role;
    use crate::rules::{filter::Filter, Tolerance};

    /// A claim for tests: a level in `unit`, exact, in article a.txt.
    pub fn claim(value: f64, unit: &str, group: Option<u32>, role: Option<Role>) -> Claim {
        Claim {
            text: fmt_num(value).into(),
            group,
            role,
            ..Claim::level("a.txt", 0, 1, value, unit)
        }
    }

    pub fn meta(kind: &str) -> RuleMeta {
        RuleMeta {
            id: format!("{kind}-test"),
            kind: kind.into(),
            severity: crate::finding::Severity::Error,
            title: "test".into(),
            explain: String::new(),
            filter: Filter::default(),
            tolerance: Tolerance::default(),
            tests: Vec::new(),
            file: "test.yaml".into(),
            line: 1,
        }
    }

    fn run(check: &Sum, claims: &[Claim]) -> Outcome {
        let ctx = Context::new(claims, &[], std::path::Path::new("rules"));
        check.run(&meta("sum"), &ctx).unwrap()
    }

    #[test]
    fn complete_lists_must_add_up() {
        let listed = Sum {
            parts: Vec::new(),
            total: None,
            complete: true,
        };
        let ok = [
            claim(120.0, "count", Some(1), Some(Role::Whole)),
            claim(70.0, "count", Some(1), Some(Role::Part)),
            claim(50.0, "count", Some(1), Some(Role::Part)),
        ];
        let o = run(&listed, &ok);
        assert_eq!((o.checked, o.failed), (1, 0));
        let bad = [
            claim(130.0, "count", Some(1), Some(Role::Whole)),
            claim(70.0, "count", Some(1), Some(Role::Part)),
            claim(50.0, "count", Some(1), Some(Role::Part)),
        ];
        let o = run(&listed, &bad);
        assert_eq!((o.checked, o.failed), (1, 1));
        assert_eq!(o.findings[0].computed, Some(120.0));
        assert_eq!(o.findings[0].related.len(), 2);
        // One part is not a list; other units are not added.
        let one = [
            claim(130.0, "count", Some(1), Some(Role::Whole)),
            claim(70.0, "count", Some(1), Some(Role::Part)),
        ];
        assert_eq!(run(&listed, &one).checked, 0);
        let mixed = [
            claim(130.0, "count", Some(1), Some(Role::Whole)),
            claim(70.0, "count", Some(1), Some(Role::Part)),
            claim(50.0, "percent", Some(1), Some(Role::Part)),
        ];
        assert_eq!(run(&listed, &mixed).checked, 0);
    }

    #[test]
    fn levels_meet_on_the_same_fact() {
        let date = |y| chrono::NaiveDate::from_ymd_opt(y, 12, 31);
        let level = |article: &str, metric: &str, subject: Option<&str>, year: Option<i32>| Claim {
            metric: Some(metric.into()),
            subject: subject.map(Into::into),
            period_end: year.and_then(date),
            ..Claim::level(article, 0, 1, 1.0, "CNY")
        };
        let claims = [
            // Rows 0–1: Binzhou 2021 in two articles; row 2 another year.
            level("a.txt", "trade", Some("Binzhou"), Some(2021)),
            level("b.txt", "exports", Some("Binzhou"), Some(2021)),
            level("b.txt", "exports", Some("Binzhou"), Some(2020)),
            // Rows 3–5: undated levels meet only within their article.
            level("c.txt", "trade", Some("Binzhou"), None),
            level("c.txt", "exports", Some("Binzhou"), None),
            level("d.txt", "exports", Some("Binzhou"), None),
            // Row 6: another subject.
            level("d.txt", "exports", Some("Zibo"), Some(2021)),
        ];
        let ctx = Context::new(&claims, &[], std::path::Path::new("rules"));
        assert_eq!(
            same_fact_groups(&ctx, "trade", "exports"),
            [
                FactGroup {
                    left: vec![0],
                    right: vec![1]
                },
                FactGroup {
                    left: vec![3],
                    right: vec![4]
                },
            ]
        );
        assert!(same_fact_groups(&ctx, "trade", "imports").is_empty());
    }

    #[test]
    fn partial_lists_are_not_checked_by_default() {
        let configured = Sum {
            parts: vec!["exports".into(), "imports".into()],
            total: Some("foreign_trade".into()),
            complete: false,
        };
        let bad = [
            claim(130.0, "count", Some(1), Some(Role::Whole)),
            claim(70.0, "count", Some(1), Some(Role::Part)),
            claim(50.0, "count", Some(1), Some(Role::Part)),
        ];
        assert_eq!(run(&configured, &bad).checked, 0);
    }

    #[test]
    fn causes() {
        let p = |v: f64| Interval::point(v);
        assert!(likely_cause(&[p(60.0), p(40.0)], p(20.0), false)
            .unwrap()
            .contains("balance"));
        assert!(likely_cause(&[p(60e6), p(40e6)], p(100e9), false)
            .unwrap()
            .contains("scale"));
        assert!(likely_cause(&[p(60.0), p(30.0)], p(100.0), true)
            .unwrap()
            .contains("missing"));
        assert_eq!(likely_cause(&[p(60.0), p(50.0)], p(100.0), true), None);
        assert_eq!(likely_cause(&[p(60.0), p(30.0)], p(100.0), false), None);
    }

    #[test]
    fn units_compare_within_their_family() {
        assert_eq!(unit_factor("ha", "km2"), Some(0.01));
        assert_eq!(unit_factor("CNY", "CNY"), Some(1.0));
        assert_eq!(unit_factor("CNY", "USD"), None);
    }

    #[test]
    fn rules_need_something_to_add() {
        let m = |y: &str| serde_yaml::from_str::<serde_yaml::Mapping>(y).unwrap();
        let ctx = BuildContext {
            dir: std::path::Path::new("rules"),
        };
        assert!(build(&m("parts: [a, b]\ntotal: c"), &ctx).is_ok());
        assert!(build(&m("complete: true"), &ctx).is_ok());
        assert_eq!(build(&m("{}"), &ctx).unwrap_err().key, "kind");
        assert_eq!(build(&m("parts: [a, b]"), &ctx).unwrap_err().key, "parts");
        assert_eq!(
            build(&m("parts: [a]\ntotal: c"), &ctx).unwrap_err().key,
            "parts"
        );
        assert_eq!(build(&m("total: c"), &ctx).unwrap_err().key, "total");
        assert!(build(&m("parts: [a, b]\ntotal: c\nextra: 1"), &ctx).is_err());
    }
}
