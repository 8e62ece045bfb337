//! `timeline`: figures for periods after the article's date, full-year
//! figures for a year that was not over, and stated durations against the
//! years they span.

use crate::check::{group_members, Context, Member};
use crate::claim::{Claim, Kind};
use crate::finding::FindingBuilder;
use crate::interval::Interval;
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo};
use crate::rules::select;
use crate::rules::select::iv;
use crate::rules::{About, Check, CheckError, Outcome, RuleMeta};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::HashMap;

pub const KIND: KindInfo = KindInfo {
    name: "timeline",
    summary: "no figures for periods after the article's date or for unfinished years; stated durations must match their years",
    doc: DOC,
    build,
};

const DOC: &str = r#"# timeline

Three checks on time, each of which can be switched off:

- **Future periods**: a figure whose period begins after the article's
  date ("in 2025", in an article of 2024) reported as done.
- **Unfinished years**: a figure for a whole calendar year that had not
  ended on the article's date ("to six in 2024", in an article of
  February 2024). A full-year figure is known only once the year is over.
- **Durations**: a stated duration ("in just two years") against the years
  of the levels it connects ("from 37 in 2021 to 53 in 2023" is two
  years).

The first two skip sentences that speak of the future or of plans
(`future_words`: "will", "aims", "target", …), and durations
themselves. The article's date comes from its metadata; when it was
inferred, the help says how.

Parameters:
- `future_periods` (bool, default true), `unfinished_years` (bool, default
  true), `durations` (bool, default true): which checks run.
- `count_both_ends` (bool, default false): also accept a duration that
  counts both end years ("three years" for 2021 to 2023).
- `future_words` (list of words): words that mark a sentence as speaking
  of the future; the default is will, shall, would, plan, plans, planned,
  aim, aims, aiming, expect, expects, expected, target, targets, forecast,
  projected, goal.

Example rule:

```yaml
- id: timeline
  kind: timeline
  severity: warning
  title: Figures must be possible at the article's date
```

Flags, in an article dated 2024-02-19: "The textile industry has surged
from two items in 2021 to six in 2024." And: "In three years, the count
rose from 37 in 2021 to 53 in 2023." (2021 to 2023 is two years.)
"#;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "yes")]
    future_periods: bool,
    #[serde(default = "yes")]
    unfinished_years: bool,
    #[serde(default = "yes")]
    durations: bool,
    #[serde(default)]
    count_both_ends: bool,
    #[serde(default = "default_future_words")]
    future_words: Vec<String>,
}

fn yes() -> bool {
    true
}

fn default_future_words() -> Vec<String> {
    [
        "will",
        "shall",
        "would",
        "plan",
        "plans",
        "planned",
        "aim",
        "aims",
        "aiming",
        "expect",
        "expects",
        "expected",
        "target",
        "targets",
        "forecast",
        "projected",
        "goal",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[derive(Debug)]
struct Timeline {
    future_periods: bool,
    unfinished_years: bool,
    durations: bool,
    count_both_ends: bool,
    future_words: Vec<String>,
}

fn build(m: &serde_yaml::Mapping, _: &BuildContext<'_>) -> Result<Box<dyn Check>, BuildError> {
    let p: Params = params(m)?;
    if let Some(w) = p
        .future_words
        .iter()
        .find(|w| w.trim().is_empty() || w.contains(char::is_whitespace))
    {
        return Err(
            BuildError::new("future_words:", format!("`{w}` is not a single word"))
                .help("list single words, such as `will` or `plans`"),
        );
    }
    Ok(Box::new(Timeline {
        future_periods: p.future_periods,
        unfinished_years: p.unfinished_years,
        durations: p.durations,
        count_both_ends: p.count_both_ends,
        future_words: p.future_words,
    }))
}

/// Units of levels that are not money: a level in one of them is a
/// stock or count, which "in 2024" can state before the year ends.
const NOT_MONEY: [&str; 12] = [
    "percent", "points", "count", "rank", "times", "ha", "km2", "km", "t", "years", "months",
    "days",
];

/// Claims about a flow over the period: changes, and money amounts.
fn is_flow(c: &Claim) -> bool {
    match c.kind {
        Kind::Growth | Kind::Points | Kind::Change | Kind::Rate | Kind::Multiple => true,
        Kind::Level => !NOT_MONEY.contains(&c.unit.as_str()),
        _ => false,
    }
}

/// A whole calendar year: January 1 to December 31 of one year.
fn is_calendar_year(start: NaiveDate, end: NaiveDate) -> bool {
    (start.month(), start.day(), end.month(), end.day()) == (1, 1, 12, 31)
        && start.year() == end.year()
}

/// A dated claim and what is wrong with its period.
#[derive(Debug, PartialEq)]
struct Dated {
    row: u32,
    future: bool,
    unfinished: bool,
    members: Vec<u32>,
}

/// Claims with a period and an article date (the checked ones), and among
/// them those whose period begins after the date or is a whole calendar
/// year of flows that ends after it, with the other members of their
/// statement; both in row order.
///
/// Article by article, in parallel: each article's date is looked up
/// once, and a flagged claim's statement is found among its article's
/// rows. (A Polars join of the claims to the articles' dates needed 1.5 GB
/// on top of the frame at a million articles.)
fn dated(ctx: &Context<'_>, meta: &RuleMeta) -> (Vec<u32>, Vec<Dated>) {
    let per_article = ctx.per_article(|rows| {
        let (mut checked, mut flagged) = (Vec::new(), Vec::new());
        let date = rows.first().and_then(|&r| ctx.date(&ctx.claim(r).article));
        let Some(date) = date else {
            return (checked, flagged);
        };
        for &row in rows {
            let c = ctx.claim(row);
            let (Some(start), Some(end)) = (c.period_start, c.period_end) else {
                continue;
            };
            if c.kind == Kind::Duration || !meta.filter.matches(c) {
                continue;
            }
            checked.push(row);
            let future = start > date;
            // Only flows (a year's revenue, a year's growth) need the
            // year to end; a count "in 2024" can be a count as of now.
            let unfinished = is_calendar_year(start, end) && end > date && is_flow(c);
            if future || unfinished {
                flagged.push(Dated {
                    row,
                    future,
                    unfinished,
                    members: ctx
                        .statement(rows, c.group)
                        .map(|(r, _)| r)
                        .filter(|&r| r != row)
                        .collect(),
                });
            }
        }
        (checked, flagged)
    });
    let (mut checked, mut flagged): (Vec<u32>, Vec<Dated>) = (Vec::new(), Vec::new());
    for (c, f) in per_article {
        checked.extend(c);
        flagged.extend(f);
    }
    checked.sort_unstable();
    flagged.sort_unstable_by_key(|d| d.row);
    (checked, flagged)
}

/// The single year a claim is about, if its period lies within one.
fn year_of(c: &Claim) -> Option<i32> {
    let (a, b) = (c.period_start?, c.period_end?);
    (a.year() == b.year()).then_some(b.year())
}

/// How the article's date was inferred, when it was, for the help.
fn date_note(ctx: &Context<'_>, article: &str) -> String {
    let meta = ctx.article(article).map(|a| &a.meta);
    match meta.filter(|m| m.date_inferred).and_then(|m| m.date_reason.as_deref()) {
        Some(reason) => format!(" The article's date was {reason}; if it is wrong, give the article a date in its front matter or the corpus manifest."),
        None => String::new(),
    }
}

impl Timeline {
    fn periods(
        &self,
        meta: &RuleMeta,
        ctx: &Context<'_>,
        out: &mut Outcome,
    ) -> Result<(), CheckError> {
        if !self.future_periods && !self.unfinished_years {
            return Ok(());
        }
        let (checked, candidates) = dated(ctx, meta);
        if ctx.ledger {
            // One entry per run of rows of one article (this kind reaches
            // its article only): every dated claim is a check, seventeen
            // million at a million articles.
            let mut at = 0;
            while let Some(&first) = checked.get(at) {
                let article = ctx.claim(first).article;
                let n = checked[at..]
                    .iter()
                    .take_while(|&&r| ctx.claim(r).article == article)
                    .count();
                out.count(ctx, About::Row(first), n, 0);
                at += n;
            }
        } else {
            out.checked += checked.len();
        }
        let mut sentences: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
        for d in candidates {
            let c = ctx.claim(d.row);
            let (Some(date), Some(start), Some(end)) =
                (ctx.date(&c.article), c.period_start, c.period_end)
            else {
                continue;
            };
            let future = d.future && self.future_periods;
            let unfinished = d.unfinished && !d.future && self.unfinished_years;
            if !future && !unfinished {
                continue;
            }
            let text = ctx.text(&c.article);
            if text.is_empty() {
                // Claims without their text: the sentence may say "will" or
                // "target", which excuses the period; we cannot tell, so skip.
                continue;
            }
            let spans = sentences
                .entry(c.article.as_str())
                .or_insert_with(|| select::sentences(text));
            let (a, b) = select::sentence_at(text, spans, c.start as usize);
            if select::has_word(text.get(a..b).unwrap_or(""), &self.future_words) {
                continue;
            }
            out.count(ctx, About::Row(d.row), 0, 1);
            let period = select::period_label(Some(start), Some(end));
            let (message, label, values, help) = if future {
                (
                    format!("“{}” is reported for {period}, which begins after the article's date ({date})", c.text),
                    format!("{period} had not begun on {date}"),
                    (start.year(), date.year()),
                    format!("a figure cannot be reported before its period begins: the year may be a typo, the sentence may describe a plan or target (say so: “will”, “aims to”), or the article's date is wrong.{}", date_note(ctx, &c.article)),
                )
            } else {
                let last = date.year() - 1;
                (
                    format!("“{}” is a figure for the whole of {period}, but the article is dated {date}, before the year ended", c.text),
                    format!("{period} was not over on {date}"),
                    (end.year(), last),
                    format!("a full-year figure is known only after the year ends: if it is the figure for {last}, write {last}; if it is a target or a figure for the year so far, say so.{}", date_note(ctx, &c.article)),
                )
            };
            let mut f = FindingBuilder::new(meta, c, text, message)
                .label(label)
                .values(Some(values.0 as f64), Some(values.1 as f64))
                .help(Some(help));
            for &r in &d.members {
                let m = ctx.claim(r);
                let when = select::period_label(m.period_start, m.period_end);
                f = f.related(
                    m,
                    ctx.text(&m.article),
                    format!("same statement: {} ({when})", m.text),
                );
            }
            out.findings.push(f.build());
        }
        Ok(())
    }

    fn durations(
        &self,
        meta: &RuleMeta,
        ctx: &Context<'_>,
        out: &mut Outcome,
    ) -> Result<(), CheckError> {
        if !self.durations {
            return Ok(());
        }
        let groups = group_members(
            ctx,
            Member::of("stated", "duration"),
            [Member::role("from"), Member::role("to")],
        );
        for (row, members) in groups {
            let stated = ctx.claim(row);
            if !meta.filter.matches(stated) || stated.unit != "years" {
                continue;
            }
            let (Some(from), Some(to)) = (
                members[0].map(|r| ctx.claim(r)),
                members[1].map(|r| ctx.claim(r)),
            ) else {
                continue;
            };
            let (Some(y0), Some(y1)) = (year_of(from), year_of(to)) else {
                continue;
            };
            if y1 <= y0 {
                continue;
            }
            out.check(ctx, [stated, from, to]);
            let span = (y1 - y0) as f64;
            let implied = if self.count_both_ends {
                Interval::new(span, span + 1.0)
            } else {
                Interval::point(span)
            };
            if meta.tolerance.widen(implied).overlaps(&iv(stated)) {
                continue;
            }
            out.fail();
            let help = if iv(stated).contains(span + 1.0) {
                Some(format!(
                    "counting both end years ({}) gives {}, but from {y0} to {y1} is {} years",
                    (y0..=y1)
                        .map(|y| y.to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    span + 1.0,
                    span
                ))
            } else if iv(stated).contains(span - 1.0) {
                Some(format!("{y0} to {y1} is {span} years; the stated figure is one short: is one of the years a typo?"))
            } else {
                Some(format!(
                    "the stated duration or one of the years ({y0}, {y1}) is wrong"
                ))
            };
            let f = FindingBuilder::new(
                meta,
                stated,
                ctx.text(&stated.article),
                format!(
                    "“{}” does not match from {y0} to {y1}, which is {span} years",
                    stated.text
                ),
            )
            .label(format!("stated {}; the years give {span}", stated.text))
            .values(Some(stated.value), Some(span))
            .help(help)
            .related(
                from,
                ctx.text(&from.article),
                format!("from {} ({y0})", from.text),
            )
            .related(to, ctx.text(&to.article), format!("to {} ({y1})", to.text))
            .build();
            out.findings.push(f);
        }
        Ok(())
    }
}

impl Check for Timeline {
    fn reach(&self) -> crate::rules::Reach {
        crate::rules::Reach::Article
    }

    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError> {
        let mut out = Outcome::default();
        self.periods(meta, ctx, &mut out)?;
        self.durations(meta, ctx, &mut out)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_needs_a_period_within_one_year() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let mut c = crate::claim::Claim {
            article: "a".into(),
            sentence: 0,
            start: 0,
            end: 1,
            text: "37".into(),
            value: 37.0,
            lo: 37.0,
            hi: 37.0,
            qualifier: crate::interval::Qualifier::Exact,
            unit: "count".into(),
            kind: crate::claim::Kind::Level,
            metric: None,
            noun: None,
            subject: None,
            scope: None,
            period_start: d("2021-01-01"),
            period_end: d("2021-12-31"),
            group: None,
            role: None,
        };
        assert_eq!(year_of(&c), Some(2021));
        c.period_start = d("2019-01-01");
        assert_eq!(year_of(&c), None);
    }

    #[test]
    fn default_future_words_hold_will() {
        assert!(default_future_words().iter().any(|w| w == "will"));
    }
}

#[cfg(test)]
mod context_tests {
    use super::*;
    use crate::claim::Kind;
    use crate::rules::select::testing::{article, claim, meta};

    fn timeline() -> Timeline {
        Timeline {
            future_periods: true,
            unfinished_years: true,
            durations: true,
            count_both_ends: false,
            future_words: default_future_words(),
        }
    }

    #[test]
    fn future_and_unfinished_periods_are_flagged_unless_the_sentence_is_about_plans() {
        let text = "It rose to 6 in 2024. It reached 8 in 2025. It will reach 9 in 2025. It was 5 in 2023.";
        let articles = [article("a", text, "2024-02-19")];
        let at = |mut c: crate::claim::Claim, start: u32| {
            c.start = start;
            c.end = start + 1;
            c
        };
        let mut revenue = claim("a", Kind::Level, "m", 6.0, (2024, 2024));
        revenue.unit = "CNY".into();
        let claims = vec![
            at(revenue, 11),
            at(claim("a", Kind::Level, "m", 8.0, (2025, 2025)), 33),
            at(claim("a", Kind::Level, "m", 9.0, (2025, 2025)), 58),
            at(claim("a", Kind::Level, "m", 5.0, (2023, 2023)), 78),
        ];
        let ctx = Context::new(&claims, &articles, std::path::Path::new("."));
        let out = timeline().run(&meta("timeline"), &ctx).unwrap();
        assert_eq!((out.checked, out.failed), (4, 2));
        assert!(out.findings[0].message.contains("whole of 2024"));
        assert!(out.findings[1].message.contains("begins after"));
    }
}
