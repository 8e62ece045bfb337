//! `compound`: total growth against the average annual rate over the
//! period's years, and a stated average rate against its levels.

use crate::check::{group_members, Context, Member};
use crate::claim::Claim;
use crate::finding::FindingBuilder;
use crate::interval::Interval;
use crate::report::claims::fmt_num;
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo, NoParams};
use crate::rules::select::{changes, iv, round};
use crate::rules::{Check, CheckError, Outcome, RuleMeta};
use chrono::{Datelike, NaiveDate};

pub const KIND: KindInfo = KindInfo {
    name: "compound",
    summary: "total growth must match the average annual rate compounded over the period, and a stated rate its levels",
    doc: DOC,
    build,
};

const DOC: &str = r#"# compound

Checks average annual growth rates against what they compound to.

1. A total change and an average annual rate of the same statement
   ("between 2012 and 2021, GDP increased by 95.5 percent, with an average
   annual growth of 6.9 percent"): the rate r compounded over the n years of
   the period, (1 + r)^n − 1, must meet the stated total. n is the number of
   whole years of the statement's period: 2012–2021 is 10.
2. An average annual rate and the levels it connects ("rose from 20 billion
   yuan in 2016 to 28.73 billion yuan in 2021, an average annual increase of
   7.5 percent"): the rate the levels imply, (to / from)^(1/n) − 1, must meet
   the stated rate. n is the number of annual steps between the levels'
   years (2016 → 2021 is 5), or the whole years of the period when the
   levels carry no year of their own.

Both sides are intervals (the stated precision of every number), and the
rule fires only when they cannot meet. The help names a likely cause:
compounding over n − 1 (or n + 1) years instead of n, a total given as the
annual rate (or the other way round), or a simple average (the total divided
by the years) given as the compound rate.

Statements whose period is not a whole number of years are not checked.

Parameters: none.

Example rule:

```yaml
- id: compound-mismatch
  kind: compound
  severity: error
  title: Total growth and average annual rate must agree
```

Flags: "Between 2012 and 2021, the city's gross domestic product increased
by 95.5 percent, with an average annual growth of 7.7 percent." (7.7 % a
year for 10 years is 110 %; 95.5 % in total is 6.9 % a year. 7.7 % is 95.5 %
compounded over 9 years.)
"#;

#[derive(Debug)]
struct Compound;

fn build(m: &serde_yaml::Mapping, _: &BuildContext<'_>) -> Result<Box<dyn Check>, BuildError> {
    let _: NoParams = params(m)?;
    Ok(Box::new(Compound))
}

/// The number of whole years from `start` to `end` inclusive
/// (2012-01-01..2021-12-31 is 10), or None when the period is not a whole
/// number of years.
pub fn whole_years(start: NaiveDate, end: NaiveDate) -> Option<u32> {
    let next = end.succ_opt()?;
    if next.month() == start.month() && next.day() == start.day() && next.year() > start.year() {
        u32::try_from(next.year() - start.year()).ok()
    } else {
        None
    }
}

fn period_years(c: &Claim) -> Option<u32> {
    whole_years(c.period_start?, c.period_end?)
}

/// The year a level is about, when its period lies within one year.
fn level_year(c: &Claim) -> Option<i32> {
    let (s, e) = (c.period_start?, c.period_end?);
    (s.year() == e.year()).then_some(e.year())
}

/// The total change, in percent, of an annual rate (percent) over `n` years.
pub fn compounded(rate: Interval, n: u32) -> Interval {
    let n = n as i32;
    // Monotone only for rates above −100 %: a rate cannot lose more than all.
    let clamped = Interval::new(rate.lo.max(-100.0), rate.hi.max(-100.0));
    clamped.map(|r| ((1.0 + r / 100.0).powi(n) - 1.0) * 100.0)
}

/// The average annual rate, in percent, of a total ratio over `n` years.
pub fn annual_rate(ratio: Interval, n: u32) -> Interval {
    if ratio.lo <= 0.0 || n == 0 {
        return Interval::UNBOUNDED;
    }
    let e = 1.0 / n as f64;
    ratio.map(|q| (q.powf(e) - 1.0) * 100.0)
}

/// The ratio new / old of a total change in percent.
fn ratio_of_total(total: Interval) -> Interval {
    total.map(|t| 1.0 + t / 100.0)
}

/// Where the number of compounding years came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// The whole years of the statement's period.
    Period,
    /// The years of the two levels.
    Levels(i32, i32),
}

/// Why a stated rate and a total ratio (new / old) over `n` years may
/// disagree, if a known slip explains it. `stated_rate` is the stated
/// annual rate; `ratio` what the other side implies.
pub fn likely_cause(
    stated_rate: Interval,
    ratio: Interval,
    n: u32,
    span: &Span,
    widen: impl Fn(Interval) -> Interval,
) -> Option<String> {
    let total = ratio.map(|q| (q - 1.0) * 100.0);
    if n >= 2 && widen(annual_rate(ratio, n - 1)).overlaps(&stated_rate) {
        return Some(match span {
            Span::Period => format!(
                "n versus n − 1: the figures agree over {} compounding years, not {}; a period of {} years has {} annual steps when measured from the level of the year before it, {} when measured from the level of its first year",
                n - 1,
                n,
                n,
                n,
                n - 1
            ),
            Span::Levels(a, b) => format!(
                "n versus n − 1: the stated rate compounds over {} years, but the levels are {} years apart ({} → {})",
                n - 1,
                n,
                a,
                b
            ),
        });
    }
    if widen(annual_rate(ratio, n + 1)).overlaps(&stated_rate) {
        return Some(match span {
            Span::Period => format!(
                "n versus n + 1: the figures agree over {} compounding years, not the period's {}",
                n + 1,
                n
            ),
            Span::Levels(a, b) => format!(
                "n versus n + 1: the stated rate compounds over {} years, but the levels are {} years apart ({} → {})",
                n + 1,
                n,
                a,
                b
            ),
        });
    }
    if n >= 2 && widen(total).overlaps(&stated_rate) {
        return Some(format!(
            "total versus annual rate: the stated annual rate is the total change over all {} years ({} %), not the average per year",
            n,
            fmt_num(round(total.mid(), 1))
        ));
    }
    if n >= 2 && widen(total.scale(1.0 / n as f64)).overlaps(&stated_rate) {
        return Some(format!(
            "the rate is the total divided by the {} years ({} % / {}), a simple average; growth compounds, so the average annual rate is (1 + total)^(1/{}) − 1",
            n,
            fmt_num(round(total.mid(), 1)),
            n,
            n
        ));
    }
    None
}

impl Compound {
    /// A stated total change against the average annual rate of its group.
    fn total_against_rate(
        &self,
        meta: &RuleMeta,
        ctx: &Context<'_>,
        out: &mut Outcome,
    ) -> Result<(), CheckError> {
        let groups = group_members(
            ctx,
            Member::of("stated", "growth"),
            [Member::of("stated", "rate")],
        );
        for (total_row, members) in groups {
            let total = ctx.claim(total_row);
            let Some(rate) = members[0].map(|r| ctx.claim(r)) else {
                continue;
            };
            if !meta.filter.matches(total) {
                continue;
            }
            let Some(n) = period_years(rate).or_else(|| period_years(total)) else {
                continue;
            };
            out.check(ctx, [total, rate]);
            let implied = meta.tolerance.widen(compounded(iv(rate), n));
            if implied.overlaps(&iv(total)) {
                continue;
            }
            out.fail();
            let computed = round(compounded(Interval::point(rate.value), n).lo, 1);
            let rate_of_total = round(
                annual_rate(ratio_of_total(Interval::point(total.value)), n).lo,
                1,
            );
            let message = format!(
                "total growth of {} % does not match an average annual rate of {} % over {} years, which compounds to {} % ({} % in total is {} % a year)",
                fmt_num(total.value),
                fmt_num(rate.value),
                n,
                fmt_num(computed),
                fmt_num(total.value),
                fmt_num(rate_of_total)
            );
            let help = likely_cause(iv(rate), ratio_of_total(iv(total)), n, &Span::Period, |i| {
                meta.tolerance.widen(i)
            });
            let f = FindingBuilder::new(meta, total, ctx.text(&total.article), message)
                .label(format!(
                    "stated {} % in total; {} % a year for {} years gives {} %",
                    fmt_num(total.value),
                    fmt_num(rate.value),
                    n,
                    fmt_num(computed)
                ))
                .values(Some(total.value), Some(computed))
                .help(help)
                .related(
                    rate,
                    ctx.text(&rate.article),
                    format!("average annual rate {} %", fmt_num(rate.value)),
                )
                .build();
            out.findings.push(f);
        }
        Ok(())
    }

    /// A stated average annual rate against the levels of its group.
    fn rate_against_levels(
        &self,
        meta: &RuleMeta,
        ctx: &Context<'_>,
        out: &mut Outcome,
    ) -> Result<(), CheckError> {
        for change in changes(ctx, meta, "rate")? {
            let rate = change.stated;
            let (Some(from), Some(to)) = (change.from, change.to) else {
                continue;
            };
            if from.unit != to.unit {
                continue;
            }
            let (steps, span) = match (level_year(from), level_year(to)) {
                (Some(a), Some(b)) if b > a => (u32::try_from(b - a).ok(), Span::Levels(a, b)),
                _ => (period_years(rate), Span::Period),
            };
            let Some(n) = steps else {
                continue;
            };
            let ratio = iv(to).div(iv(from));
            if ratio.lo <= 0.0 {
                continue;
            }
            out.check(ctx, [rate, from, to]);
            let implied = meta.tolerance.widen(annual_rate(ratio, n));
            if implied.overlaps(&iv(rate)) {
                continue;
            }
            out.fail();
            let computed = round(annual_rate(Interval::point(to.value / from.value), n).lo, 1);
            let message = format!(
                "stated average annual rate of {} % does not match {} → {} over {} years, which is {} % a year",
                fmt_num(rate.value),
                fmt_num(from.value),
                fmt_num(to.value),
                n,
                fmt_num(computed)
            );
            let f = FindingBuilder::new(meta, rate, ctx.text(&rate.article), message)
                .label(format!(
                    "stated {} % a year; the levels give {} %",
                    fmt_num(rate.value),
                    fmt_num(computed)
                ))
                .values(Some(rate.value), Some(computed))
                .help(likely_cause(iv(rate), ratio, n, &span, |i| {
                    meta.tolerance.widen(i)
                }))
                .levels(from, to, ctx)
                .build();
            out.findings.push(f);
        }
        Ok(())
    }
}

impl Check for Compound {
    fn reach(&self) -> crate::rules::Reach {
        crate::rules::Reach::Article
    }

    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError> {
        let mut out = Outcome::default();
        self.total_against_rate(meta, ctx, &mut out)?;
        self.rate_against_levels(meta, ctx, &mut out)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn whole_years_of_a_period() {
        assert_eq!(whole_years(d(2012, 1, 1), d(2021, 12, 31)), Some(10));
        assert_eq!(whole_years(d(2021, 1, 1), d(2021, 12, 31)), Some(1));
        assert_eq!(whole_years(d(2019, 7, 1), d(2022, 6, 30)), Some(3));
        assert_eq!(whole_years(d(2019, 1, 1), d(2022, 1, 1)), None);
        assert_eq!(whole_years(d(2022, 1, 1), d(2022, 9, 30)), None);
    }

    #[test]
    fn seed_gdp_compounds_over_ten_years() {
        // 6.9 % is [6.85, 6.95]: 1.0685^10 − 1 = 93.97 %, 1.0695^10 − 1 = 95.80 %.
        let t = compounded(Interval::new(6.85, 6.95), 10);
        assert!(
            (t.lo - 93.97).abs() < 0.01 && (t.hi - 95.80).abs() < 0.01,
            "{t:?}"
        );
        assert!(t.overlaps(&Interval::new(95.45, 95.55)));
        // Over 9 years it would not fit.
        assert!(!compounded(Interval::new(6.85, 6.95), 9).overlaps(&Interval::new(95.45, 95.55)));
    }

    #[test]
    fn rate_of_levels() {
        // 20 → 28.73 billion over 5 years is 7.5 % a year.
        let r = annual_rate(
            Interval::new(28.725, 28.735).div(Interval::new(19.5, 20.5)),
            5,
        );
        assert!(r.contains(7.5), "{r:?}");
        assert!(!r.contains(9.0));
    }

    #[test]
    fn causes_are_recognised() {
        let same = |i: Interval| i;
        let ratio = ratio_of_total(Interval::new(95.45, 95.55));
        // 7.7 % is 95.5 % spread over 9 years.
        let c = likely_cause(Interval::new(7.65, 7.75), ratio, 10, &Span::Period, same).unwrap();
        assert!(c.contains("over 9 compounding years"), "{c}");
        // 9.6 % is 95.5 % / 10, not compounded.
        let c = likely_cause(Interval::new(9.55, 9.65), ratio, 10, &Span::Period, same).unwrap();
        assert!(c.contains("simple average"), "{c}");
        // 95.5 % a year is the total.
        let c = likely_cause(Interval::new(95.45, 95.55), ratio, 10, &Span::Period, same).unwrap();
        assert!(c.contains("total versus annual"), "{c}");
        assert_eq!(
            likely_cause(Interval::new(2.95, 3.05), ratio, 10, &Span::Period, same),
            None
        );
    }
}
