//! `share`: "A, accounting for P percent of B" against A / B.

use crate::check::{group_members, Context, Member};
use crate::claim::Claim;
use crate::claim::Kind;
use crate::finding::FindingBuilder;
use crate::interval::Interval;
use crate::report::claims::fmt_num;
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo};
use crate::rules::select::{iv, round, scale_slip, scale_slip_help};
use crate::rules::sum::unit_factor;
use crate::rules::{Check, CheckError, Outcome, RuleMeta};
use crate::sym::Sym;
use chrono::{Datelike, NaiveDate};
use polars::prelude::{PlHashMap, PlHashSet};
use serde::Deserialize;

pub const KIND: KindInfo = KindInfo {
    name: "share",
    summary: "a stated share (\"accounting for P percent of B\") must match its part divided by its whole",
    doc: DOC,
    build,
};

const DOC: &str = r#"# share

Checks a stated share ("A, accounting for P percent of B") against A / B.

The part A is the amount the share belongs to in the same statement. The
whole B is, in order:
1. the whole of the same statement ("1,530 enterprises above designated
   scale, including 300 high-tech enterprises, accounting for 19.6 percent
   of the total");
2. a level of the denominator metric with the same subject, unit and period
   anywhere in the corpus (claims without a subject or a period only match
   within their article). The denominator metric is `whole_metric` when the
   rule names one ("R&D investment … accounting for 3.36 percent of its
   GDP": `whole_metric: gdp`), otherwise the share's own metric when it
   differs from the part's metric. When the share carries the part's own
   metric (or the part has none), the denominator is unknown and the share
   is only checked against a whole of its statement.

Shares without a part, or without a whole found either way, are not checked.
The share is computed by interval arithmetic from the intervals A and B stand
for; when several claims give the whole, any of them may make the share
right. The help names a likely cause: a whole of another period, the part
divided by the rest instead of the whole, or a scale slip.

Parameters:
- `whole_metric` (metric id, optional): the metric of the denominator when
  it differs from the share's metric (a share of GDP).

Example rule:

```yaml
- id: rd-share-of-gdp
  kind: share
  severity: error
  title: R&D investment as a share of GDP must match the GDP reported
  where: { metric: [rd_intensity] }
  whole_metric: gdp
```

Flags: "Binzhou is home to 1,530 enterprises above designated scale,
including 300 high-tech enterprises, accounting for 25 percent of the
total." (300 / 1,530 is 19.6 %.)
"#;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    whole_metric: Option<String>,
}

#[derive(Debug)]
struct Share {
    whole_metric: Option<String>,
}

fn build(m: &serde_yaml::Mapping, _: &BuildContext<'_>) -> Result<Box<dyn Check>, BuildError> {
    let p: Params = params(m)?;
    if p.whole_metric
        .as_deref()
        .is_some_and(|m| m.trim().is_empty())
    {
        return Err(BuildError::new("whole_metric", "`whole_metric` is empty")
            .help("name a metric of rules/metrics.yaml, e.g. `gdp`"));
    }
    Ok(Box::new(Share {
        whole_metric: p.whole_metric,
    }))
}

/// The share in percent a part and a whole imply.
pub fn implied_share(part: Interval, whole: Interval) -> Interval {
    part.div(whole).scale(100.0)
}

/// Levels of the wanted metrics, indexed once for every share: by fact (metric,
/// unit, subject, period), by subject and by article. Per fact and per
/// subject only distinct values are kept (the first claim, in corpus
/// order, of each), so a figure that a thousand articles repeat is one
/// candidate and the rule stays linear in the claims.
#[derive(Default)]
struct Levels<'c> {
    by_fact: PlHashMap<FactKey, Vec<&'c Claim>>,
    by_subject: PlHashMap<(Sym, Sym, Sym), Vec<&'c Claim>>,
    by_article: PlHashMap<(Sym, Sym, Sym), Vec<&'c Claim>>,
}

/// A level's interval, as a key (`-0.0` is `0.0`, as `==` has it).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Bounds(u64, u64);

impl Bounds {
    fn of(c: &Claim) -> Bounds {
        let bits = |x: f64| if x == 0.0 { 0 } else { x.to_bits() };
        Bounds(bits(c.lo), bits(c.hi))
    }
}

/// (metric, unit, subject, period): interned, so hashed as numbers.
type FactKey = (Sym, Sym, Sym, Option<NaiveDate>, Option<NaiveDate>);

impl<'c> Levels<'c> {
    fn new(ctx: &Context<'c>, metrics: &PlHashSet<Sym>) -> Self {
        let mut ix = Levels::default();
        // What each list already holds, so that a fact stated by a thousand
        // articles is checked for in constant time, not by scanning the
        // list (which made the rule quadratic in a subject's figures).
        let mut seen: PlHashSet<(FactKey, Bounds)> = PlHashSet::default();
        // Metric by metric, each one's levels ascending: every key holds
        // one metric, so its list is in corpus order as in one pass over
        // the claims (half of the rule's samples at 100,000 articles).
        let levels = metrics.iter().flat_map(|&metric| {
            ctx.rows_of(Kind::Level, metric.as_str())
                .iter()
                .map(move |&r| (metric, ctx.claim(r)))
        });
        for (metric, c) in levels {
            let unit = c.unit;
            ix.by_article
                .entry((metric, unit, c.article))
                .or_default()
                .push(c);
            let Some(subject) = c.subject else {
                continue;
            };
            let bounds = Bounds::of(c);
            let fact = (metric, unit, subject, c.period_start, c.period_end);
            // A figure is the same figure for the same fact and interval
            // (by subject too: the period is part of the fact).
            if seen.insert((fact, bounds)) {
                ix.by_fact.entry(fact).or_default().push(c);
                ix.by_subject
                    .entry((metric, unit, subject))
                    .or_default()
                    .push(c);
            }
        }
        ix
    }

    /// Levels of `metric` in `unit` about the share's subject or in its
    /// article, split into those of the share's fact (same article first,
    /// then corpus order) and those of other periods.
    fn candidates(
        &self,
        metric: Sym,
        unit: Sym,
        share: &Claim,
        part: &Claim,
    ) -> (Vec<&'c Claim>, Vec<&'c Claim>) {
        let subject = share.subject.or(part.subject);
        let start = share.period_start.or(part.period_start);
        let end = share.period_end.or(part.period_end);
        let own = |c: &&Claim| !std::ptr::eq(*c, share) && !std::ptr::eq(*c, part);
        let here = self
            .by_article
            .get(&(metric, unit, share.article))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let (mut this, mut other): (Vec<&'c Claim>, Vec<&'c Claim>) = here
            .iter()
            .copied()
            .filter(own)
            .partition(|c| same_fact(c, share, part));
        if let Some(subject) = subject {
            let elsewhere = |c: &&Claim| c.article != share.article && own(c);
            if let Some(facts) = self.by_fact.get(&(metric, unit, subject, start, end)) {
                if end.is_some() {
                    this.extend(facts.iter().copied().filter(elsewhere));
                }
            }
            if let Some(all) = self.by_subject.get(&(metric, unit, subject)) {
                other.extend(
                    all.iter()
                        .copied()
                        .filter(elsewhere)
                        .filter(|c| !same_fact(c, share, part)),
                );
            }
        }
        (this, other)
    }
}

/// Whether a claim is about the same subject and period as a share
/// (claims without a subject or a period only match within their article).
fn same_fact(c: &Claim, share: &Claim, part: &Claim) -> bool {
    let start = share.period_start.or(part.period_start);
    let end = share.period_end.or(part.period_end);
    let subject = share.subject.as_ref().or(part.subject.as_ref());
    c.subject.as_ref() == subject
        && c.period_start == start
        && c.period_end == end
        && ((subject.is_some() && end.is_some()) || c.article == share.article)
}

/// A whole of another period that the stated share fits, if any.
pub fn other_period_whole<'c>(
    stated: Interval,
    part: Interval,
    other_periods: &[&'c Claim],
    widen: impl Fn(Interval) -> Interval,
) -> Option<&'c Claim> {
    other_periods
        .iter()
        .copied()
        .find(|w| widen(implied_share(part, iv(w))).overlaps(&stated))
}

/// A period for people: "2020" for a calendar year.
fn when(c: &Claim) -> String {
    match (c.period_start, c.period_end) {
        (Some(s), Some(e))
            if s.year() == e.year()
                && (s.month(), s.day(), e.month(), e.day()) == (1, 1, 12, 31) =>
        {
            s.year().to_string()
        }
        (Some(s), Some(e)) if s == e => s.to_string(),
        (Some(s), Some(e)) => format!("{s}..{e}"),
        _ => "another period".into(),
    }
}

/// Why a share may be off, if a known slip explains it (a whole of another
/// period is found by [`other_period_whole`]).
pub fn likely_cause(
    stated: Interval,
    part: Interval,
    whole: Interval,
    widen: impl Fn(Interval) -> Interval,
) -> Option<String> {
    let rest = whole.sub(part);
    if rest.lo > 0.0 && widen(part.div(rest).scale(100.0)).overlaps(&stated) {
        return Some("the part was divided by the rest (whole − part) instead of the whole".into());
    }
    let share = implied_share(part, whole);
    scale_slip(widen(share), stated).map(|k| scale_slip_help(k, "the part and the whole"))
}

impl Share {
    /// The metric of the denominator, when it is known.
    fn denominator<'c>(&'c self, share: &'c Claim, part: &'c Claim) -> Option<&'c str> {
        if let Some(m) = &self.whole_metric {
            return Some(m);
        }
        let m = share.metric.as_deref()?;
        (part.metric.is_some() && part.metric.as_deref() != Some(m)).then_some(m)
    }
}

impl Check for Share {
    fn reach(&self) -> crate::rules::Reach {
        crate::rules::Reach::Shared(crate::rules::parts::subject)
    }

    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError> {
        let groups = group_members(
            ctx,
            Member::of("stated", "share"),
            [Member::role("part"), Member::role("whole")],
        );
        let mut out = Outcome::default();
        // The shares to check, with their parts, stated wholes and
        // denominator metrics; then only the levels of those metrics are
        // indexed (a share of GDP needs GDP figures, not every level).
        type ToCheck<'c> = (&'c Claim, &'c Claim, Option<&'c Claim>, Option<&'c str>);
        let shares: Vec<ToCheck<'_>> = groups
            .into_iter()
            .filter_map(|(share_row, members)| {
                let share = ctx.claim(share_row);
                if !meta.filter.matches(share) || share.unit != "percent" {
                    return None;
                }
                let part = ctx.claim(members[0]?);
                let whole = members[1].map(|r| ctx.claim(r));
                Some((share, part, whole, self.denominator(share, part)))
            })
            .collect();
        let wanted: PlHashSet<Sym> = shares
            .iter()
            .filter_map(|&(_, _, _, denominator)| denominator)
            .map(Sym::intern)
            .collect();
        let levels = Levels::new(ctx, &wanted);
        for (share, part, stated_whole, denominator) in shares {
            // The denominator's levels in the part's unit, this period first.
            let (this_period, other_periods) = match denominator {
                Some(m) => levels.candidates(Sym::intern(m), part.unit, share, part),
                None => (Vec::new(), Vec::new()),
            };
            let (wholes, elsewhere) = match stated_whole {
                Some(w) => (vec![w], false),
                None => (this_period, true),
            };
            let wholes: Vec<(&Claim, f64)> = wholes
                .into_iter()
                .filter_map(|w| unit_factor(&part.unit, &w.unit).map(|k| (w, k)))
                .collect();
            let Some(&(whole, factor)) = wholes.first() else {
                continue;
            };
            out.check(ctx, [share, part, whole]);
            let fits = wholes.iter().any(|(w, k)| {
                meta.tolerance
                    .widen(implied_share(iv(part).scale(*k), iv(w)))
                    .overlaps(&iv(share))
            });
            if fits {
                continue;
            }
            out.fail();
            let computed = round(part.value * factor / whole.value * 100.0, 2);
            let message = format!(
                "stated share of {} % does not match {} of {}, which is {} %",
                fmt_num(share.value),
                fmt_num(part.value),
                fmt_num(whole.value),
                fmt_num(computed)
            );
            let whole_label = match (elsewhere, whole.article == share.article) {
                (false, _) => format!("the whole, {}", fmt_num(whole.value)),
                (true, true) => format!(
                    "the whole, {} ({})",
                    fmt_num(whole.value),
                    denominator.unwrap_or("")
                ),
                (true, false) => format!(
                    "the whole, {} ({}, in {})",
                    fmt_num(whole.value),
                    denominator.unwrap_or(""),
                    whole.article
                ),
            };
            let widen = |i| meta.tolerance.widen(i);
            let other =
                other_period_whole(iv(share), iv(part).scale(factor), &other_periods, widen);
            let help = match other {
                Some(w) => Some(format!(
                    "the share matches a whole of another period: {} / {} ({}) = {} %",
                    fmt_num(part.value),
                    fmt_num(w.value),
                    when(w),
                    fmt_num(round(part.value * factor / w.value * 100.0, 2))
                )),
                None => likely_cause(iv(share), iv(part).scale(factor), iv(whole), widen),
            };
            let f = FindingBuilder::new(meta, share, ctx.text(&share.article), message)
                .label(format!(
                    "stated {} %; part / whole gives {} %",
                    fmt_num(share.value),
                    fmt_num(computed)
                ))
                .values(Some(share.value), Some(computed))
                .help(help)
                .related(
                    part,
                    ctx.text(&part.article),
                    format!("the part, {}", fmt_num(part.value)),
                )
                .related(whole, ctx.text(&whole.article), whole_label);
            let f = match other {
                Some(w) => f.related(
                    w,
                    ctx.text(&w.article),
                    format!("the whole of {}, {}", when(w), fmt_num(w.value)),
                ),
                None => f,
            };
            out.findings.push(f.build());
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::{Kind, Role};
    use crate::rules::sum::tests::{claim, meta};

    fn run(check: &Share, claims: &[Claim]) -> Outcome {
        let ctx = Context::new(claims, &[], std::path::Path::new("rules"));
        check.run(&meta("share"), &ctx).unwrap()
    }

    fn stated(v: f64, lo: f64, hi: f64, group: u32) -> Claim {
        let mut c = claim(v, "percent", Some(group), Some(Role::Stated));
        c.kind = Kind::Share;
        c.lo = lo;
        c.hi = hi;
        c
    }

    #[test]
    fn share_of_a_whole_in_the_statement() {
        let check = Share { whole_metric: None };
        // "exports of 40 billion yuan, accounting for 40 percent of the foreign trade of 100 billion yuan"
        let ok = [
            claim(40e9, "CNY", Some(1), Some(Role::Part)),
            stated(40.0, 39.5, 40.5, 1),
            claim(100e9, "CNY", Some(1), Some(Role::Whole)),
        ];
        let o = run(&check, &ok);
        assert_eq!((o.checked, o.failed), (1, 0));
        let bad = [
            claim(40e9, "CNY", Some(1), Some(Role::Part)),
            stated(50.0, 49.5, 50.5, 1),
            claim(100e9, "CNY", Some(1), Some(Role::Whole)),
        ];
        let o = run(&check, &bad);
        assert_eq!((o.checked, o.failed), (1, 1));
        assert_eq!(o.findings[0].computed, Some(40.0));
        assert_eq!(o.findings[0].related.len(), 2);
        // 40 / (100 − 40) is 66.7 %: the part divided by the rest.
        let rest = [
            claim(40e9, "CNY", Some(1), Some(Role::Part)),
            stated(66.7, 66.65, 66.75, 1),
            claim(100e9, "CNY", Some(1), Some(Role::Whole)),
        ];
        let o = run(&check, &rest);
        assert!(
            o.findings[0].help.as_deref().unwrap_or("").contains("rest"),
            "{:?}",
            o.findings[0].help
        );
    }

    #[test]
    fn no_whole_no_check() {
        let check = Share { whole_metric: None };
        let claims = [
            claim(40e9, "CNY", Some(1), Some(Role::Part)),
            stated(40.0, 39.5, 40.5, 1),
        ];
        assert_eq!(run(&check, &claims).checked, 0);
    }

    #[test]
    fn share_arithmetic() {
        let s = implied_share(
            Interval::new(11.5e9, 12.5e9),
            Interval::new(356.5e9, 357.5e9),
        );
        assert!(s.contains(3.36));
        assert!(
            !implied_share(Interval::point(300.0), Interval::point(1530.0))
                .overlaps(&Interval::new(24.5, 25.5))
        );
    }
}
