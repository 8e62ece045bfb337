//! `streak`: "first for five consecutive years" against the ranks the
//! corpus reports for those years.

use crate::check::{group_members, Context, Member};
use crate::claim::{Claim, Kind};
use crate::finding::FindingBuilder;
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo, NoParams};
use crate::rules::{About, Check, CheckError, Outcome, RuleMeta};
use crate::sym::Sym;
use chrono::Datelike;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

pub const KIND: KindInfo = KindInfo {
    name: "streak",
    summary: "\"first for N consecutive years\" must agree with the ranks reported for those years",
    doc: DOC,
    build,
};

const DOC: &str = r#"# streak

Checks a streak ("has ranked first in the province for five consecutive
years") against the rank series of the same metric, subject and scope
anywhere in the corpus. The streak covers the years its duration names,
counted back from the article's date (the extractor resolves "for five
consecutive years" in an article of January 2026 to 2021–2025). Any rank of
the same metric, subject and scope whose period lies inside those years
and whose value differs ("3rd place in 2022") contradicts the streak.

The finding stands on the streak's rank, shows its duration and every
contradicting rank, labelled with its article and year, and the help says
how long a streak the other ranks leave room for.

Parameters: none.

Example rule:

```yaml
- id: streak-contradicted
  kind: streak
  severity: warning
  title: A streak must agree with the ranks reported for its years
```

Flags, across two articles: "The city has ranked first in the province for
R&D intensity for five consecutive years." (dated 2026) and "In 2022, the
city's R&D intensity ranked 3rd in the province."
"#;

#[derive(Debug)]
struct Streak;

fn build(m: &serde_yaml::Mapping, _: &BuildContext<'_>) -> Result<Box<dyn Check>, BuildError> {
    let _: NoParams = params(m)?;
    Ok(Box::new(Streak))
}

/// A streak statement: its rank, its duration and the years it covers.
struct Candidate {
    rank: u32,
    duration: u32,
    first: i32,
    last: i32,
}

/// What a rank is of: metric, subject and scope.
type RankKey = (Sym, Option<Sym>, Option<Sym>);

/// A dated rank, once per distinct value and years (a rank repeated by a
/// thousand articles is compared once): its interval, its years and its
/// first row.
struct Rank {
    lo: f64,
    hi: f64,
    first: i32,
    last: i32,
    row: u32,
}

/// For each streak (by index), the rows of the ranks that contradict it,
/// ascending: the dated ranks of the streaks' metrics that the rule's
/// filter keeps, by (metric, subject, scope), then a filter on years and
/// values.
fn contradictions(
    ctx: &Context<'_>,
    meta: &RuleMeta,
    streaks: &[Candidate],
) -> BTreeMap<u32, Vec<u32>> {
    let mut metrics: Vec<Sym> = streaks
        .iter()
        .filter_map(|s| ctx.claim(s.rank).metric)
        .collect();
    metrics.sort_unstable_by_key(|m| m.as_str());
    metrics.dedup();
    let mut distinct: FxHashMap<(RankKey, u64, u64, i32, i32), u32> = FxHashMap::default();
    for metric in metrics {
        for &row in ctx.rows_of(Kind::Rank, &metric) {
            let c = ctx.claim(row);
            let (Some(start), Some(end)) = (c.period_start, c.period_end) else {
                continue;
            };
            if !meta.filter.matches(c) {
                continue;
            }
            let key = (metric, c.subject, c.scope);
            // Rows ascend: the first seen is the smallest.
            distinct
                .entry((
                    key,
                    c.lo.to_bits(),
                    c.hi.to_bits(),
                    start.year(),
                    end.year(),
                ))
                .or_insert(row);
        }
    }
    let mut ranks: FxHashMap<RankKey, Vec<Rank>> = FxHashMap::default();
    for ((key, lo, hi, first, last), row) in distinct {
        ranks.entry(key).or_default().push(Rank {
            lo: f64::from_bits(lo),
            hi: f64::from_bits(hi),
            first,
            last,
            row,
        });
    }
    let mut out = BTreeMap::new();
    for (i, s) in streaks.iter().enumerate() {
        let c = ctx.claim(s.rank);
        let Some(metric) = c.metric else { continue };
        let Some(candidates) = ranks.get(&(metric, c.subject, c.scope)) else {
            continue;
        };
        let mut others: Vec<u32> = candidates
            .iter()
            .filter(|o| {
                o.row != s.rank
                    && o.first >= s.first
                    && o.last <= s.last
                    && (o.hi < c.lo || o.lo > c.hi)
            })
            .map(|o| o.row)
            .collect();
        if !others.is_empty() {
            others.sort_unstable();
            out.insert(i as u32, others);
        }
    }
    out
}

fn ordinal(n: f64) -> String {
    let n = n.round() as i64;
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

impl Check for Streak {
    fn reach(&self) -> crate::rules::Reach {
        crate::rules::Reach::Shared(crate::rules::parts::rank)
    }

    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError> {
        let pairs = group_members(
            ctx,
            Member::of("stated", "rank"),
            [Member::of("stated", "duration")],
        );
        let mut streaks = Vec::new();
        for (rank, members) in pairs {
            let Some(duration) = members[0] else {
                continue;
            };
            let (r, d) = (ctx.claim(rank), ctx.claim(duration));
            if !meta.filter.matches(r) || r.metric.is_none() {
                continue;
            }
            let start = d.period_start.or(r.period_start);
            let end = d.period_end.or(r.period_end);
            let (Some(start), Some(end)) = (start, end) else {
                continue;
            };
            streaks.push(Candidate {
                rank,
                duration,
                first: start.year(),
                last: end.year(),
            });
        }
        let mut out = Outcome::default();
        for s in &streaks {
            out.count(ctx, About::Row(s.rank), 1, 0);
        }
        if streaks.is_empty() {
            return Ok(out);
        }
        let found = contradictions(ctx, meta, &streaks);
        let mut contradicted = vec![false; streaks.len()];
        for (i, others) in found {
            let Some(s) = streaks.get(i as usize) else {
                continue;
            };
            let (r, d) = (ctx.claim(s.rank), ctx.claim(s.duration));
            let others: Vec<&Claim> = others.iter().map(|&o| ctx.claim(o)).collect();
            let Some(first) = others.first() else {
                continue;
            };
            out.count(ctx, About::Row(s.rank), 0, 1);
            contradicted[i as usize] = true;
            let year = |c: &Claim| c.period_end.map(|e| e.year()).unwrap_or(s.first);
            let scope = r
                .scope
                .as_deref()
                .map(|s| format!(" in the {s}"))
                .unwrap_or_default();
            let message = format!(
                "the streak “{} … {}” ({}–{}) is contradicted by {} in {}{}",
                r.text,
                d.text,
                s.first,
                s.last,
                ordinal(first.value),
                year(first),
                if others.len() > 1 {
                    format!(
                        " and {} other rank{}",
                        others.len() - 1,
                        if others.len() > 2 { "s" } else { "" }
                    )
                } else {
                    String::new()
                }
            );
            let latest = others.iter().map(|c| year(c)).max().unwrap_or(s.first);
            let help = if latest < s.last {
                format!(
                    "the ranks reported elsewhere leave room for at most {} consecutive years ({}–{}): the streak may be shorter than stated, or the other rank is for another measure{scope}",
                    s.last - latest,
                    latest + 1,
                    s.last
                )
            } else {
                format!("the streak cannot include {latest}: the streak or the other rank is wrong, or they measure different things")
            };
            let mut f = FindingBuilder::new(meta, r, ctx.text(&r.article), message)
                .label(format!("{} for {}–{}", ordinal(r.value), s.first, s.last))
                .values(Some(r.value), Some(first.value))
                .help(Some(help))
                .related(
                    d,
                    ctx.text(&d.article),
                    format!("the streak's length: {}", d.text),
                );
            for c in &others {
                f = f.related(
                    c,
                    ctx.text(&c.article),
                    format!("{} in {} ({})", ordinal(c.value), year(c), c.article),
                );
            }
            out.findings.push(f.build());
        }
        if ctx.verify {
            for (s, _) in streaks.iter().zip(&contradicted).filter(|(_, c)| !**c) {
                out.verified.extend([s.rank, s.duration]);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        assert_eq!(ordinal(1.0), "1st");
        assert_eq!(ordinal(2.0), "2nd");
        assert_eq!(ordinal(3.0), "3rd");
        assert_eq!(ordinal(11.0), "11th");
        assert_eq!(ordinal(22.0), "22nd");
        assert_eq!(ordinal(166.0), "166th");
    }
}

#[cfg(test)]
mod context_tests {
    use super::*;
    use crate::claim::{Kind, Role};
    use crate::rules::select::testing::{article, claim, in_group, meta};

    #[test]
    fn ranks_inside_the_streak_contradict_it_and_others_do_not() {
        let articles = [
            article("a", "x", "2026-01-27"),
            article("b", "y", "2024-01-01"),
        ];
        let claims = vec![
            in_group(
                claim("a", Kind::Rank, "rd", 1.0, (2021, 2025)),
                1,
                Role::Stated,
            ),
            in_group(
                claim("a", Kind::Duration, "rd", 5.0, (2021, 2025)),
                1,
                Role::Stated,
            ),
            claim("b", Kind::Rank, "rd", 3.0, (2022, 2022)),
            claim("b", Kind::Rank, "rd", 1.0, (2023, 2023)),
            claim("b", Kind::Rank, "rd", 4.0, (2019, 2019)),
            claim("b", Kind::Rank, "other", 2.0, (2022, 2022)),
        ];
        let ctx = Context::new(&claims, &articles, std::path::Path::new("."));
        let out = Streak.run(&meta("streak"), &ctx).unwrap();
        assert_eq!((out.checked, out.failed), (1, 1));
        let f = &out.findings[0];
        assert_eq!(f.computed, Some(3.0));
        // The duration and the one contradicting rank.
        assert_eq!(f.related.len(), 2);
        assert!(f
            .help
            .as_deref()
            .unwrap_or("")
            .contains("at most 3 consecutive years (2023–2025)"));
    }
}
