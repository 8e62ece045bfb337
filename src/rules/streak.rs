//! `streak`: "first for five consecutive years" against the ranks the
//! corpus reports for those years.

use crate::check::{group_members, Context, Member, ROW};
use crate::claim::Claim;
use crate::finding::FindingBuilder;
use crate::frame::col;
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo, NoParams};
use crate::rules::select;
use crate::rules::{About, Check, CheckError, Outcome, RuleMeta};
use chrono::Datelike;
use polars::prelude::*;
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

/// For each streak (by index), the rows of the ranks that contradict it:
/// one Polars join of the streaks with the dated ranks on (metric, subject,
/// scope), then a filter on years and values.
fn contradictions(
    ctx: &Context<'_>,
    meta: &RuleMeta,
    streaks: &[Candidate],
) -> PolarsResult<BTreeMap<u32, Vec<u32>>> {
    let claims: Vec<&Claim> = streaks.iter().map(|s| ctx.claim(s.rank)).collect();
    // Categorical like the checks' frame, so that the keys join.
    let strs = |f: fn(&Claim) -> Option<&str>| -> PolarsResult<Column> {
        StringChunked::from_iter_options("".into(), claims.iter().map(|c| f(c)))
            .into_column()
            .cast(&crate::frame::categorical())
    };
    let left = DataFrame::new(
        streaks.len(),
        vec![
            Column::new(
                "streak".into(),
                (0..streaks.len() as u32).collect::<Vec<u32>>(),
            ),
            strs(|c| c.metric.as_deref())?.with_name(col::METRIC.into()),
            strs(|c| c.subject.as_deref())?.with_name(col::SUBJECT.into()),
            strs(|c| c.scope.as_deref())?.with_name(col::SCOPE.into()),
            Column::new(
                "first".into(),
                streaks.iter().map(|s| s.first).collect::<Vec<i32>>(),
            ),
            Column::new(
                "last".into(),
                streaks.iter().map(|s| s.last).collect::<Vec<i32>>(),
            ),
            Column::new(
                "lo".into(),
                claims.iter().map(|c| c.lo).collect::<Vec<f64>>(),
            ),
            Column::new(
                "hi".into(),
                claims.iter().map(|c| c.hi).collect::<Vec<f64>>(),
            ),
            Column::new(
                "own".into(),
                streaks.iter().map(|s| s.rank).collect::<Vec<u32>>(),
            ),
        ],
    )?;
    let ranks = select::filtered(ctx, meta)?
        .filter(
            col(col::KIND)
                .eq(lit("rank"))
                .and(col(col::METRIC).is_not_null())
                .and(col(col::PERIOD_START).is_not_null())
                .and(col(col::PERIOD_END).is_not_null()),
        )
        .select([
            col(col::METRIC),
            col(col::SUBJECT),
            col(col::SCOPE),
            col(ROW).cast(DataType::UInt32).alias("other"),
            col(col::LO).alias("olo"),
            col(col::HI).alias("ohi"),
            col(col::PERIOD_START).dt().year().alias("oy0"),
            col(col::PERIOD_END).dt().year().alias("oy1"),
        ])
        // One row per distinct rank and period: a rank repeated by a
        // thousand articles is compared once, so the join stays linear.
        .group_by([
            col(col::METRIC),
            col(col::SUBJECT),
            col(col::SCOPE),
            col("olo"),
            col("ohi"),
            col("oy0"),
            col("oy1"),
        ])
        .agg([col("other").min()]);
    let keys = [col(col::METRIC), col(col::SUBJECT), col(col::SCOPE)];
    let mut args = JoinArgs::new(JoinType::Inner);
    args.nulls_equal = true;
    let df = left
        .lazy()
        .join(ranks, keys.clone(), keys, args)
        .filter(
            col("other")
                .neq(col("own"))
                .and(col("oy0").gt_eq(col("first")))
                .and(col("oy1").lt_eq(col("last")))
                .and(col("ohi").lt(col("lo")).or(col("olo").gt(col("hi")))),
        )
        .group_by([col("streak")])
        .agg([col("other").sort(SortOptions::default()).alias("others")])
        .sort(["streak"], SortMultipleOptions::default())
        .collect()?;
    let ids = crate::check::u32s(&df, "streak")?;
    let others = select::row_lists(&df, "others")?;
    Ok(ids
        .into_iter()
        .zip(others)
        .filter_map(|(i, o)| i.map(|i| (i, o)))
        .collect())
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
        let err = |e| select::run_error(meta, e);
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
        let found = contradictions(ctx, meta, &streaks).map_err(err)?;
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
        let ctx = Context::new(&claims, &articles, std::path::Path::new(".")).unwrap();
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
