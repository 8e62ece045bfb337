//! `conversion`: the exchange rate implied by "A yuan ($B)" against the
//! reference rates of the time (`rules/data/cny_usd.yaml`).

use crate::check::Context;
use crate::claim::Role;
use crate::finding::FindingBuilder;
use crate::interval::Interval;
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo};
use crate::rules::select;
use crate::rules::select::{iv, scale_slip, scale_slip_help};
use crate::rules::{Check, CheckError, Outcome, RuleMeta};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use std::collections::BTreeMap;

pub const KIND: KindInfo = KindInfo {
    name: "conversion",
    summary: "the exchange rate implied by \"A yuan ($B)\" must be the rate of the time",
    doc: DOC,
    build,
};

const DOC: &str = r#"# conversion

Checks a currency conversion written beside an amount, "28.73 billion yuan
($3.96 billion)", against reference exchange rates. The rate the article
implies is A / B, computed by interval arithmetic from the precision both
figures were written to (per-unit prices too: "5,500 yuan ($787.8) per
ton"). It is compared with the reference rate for the article's date
(newsrooms convert at the rate of the day they write), or with `date:
period`, for the end of the amount's period ("in 2021"). The rule fires
when the implied rate is outside the reference range widened by `slack`.

The reference rates are a YAML file under the rules folder (shipped:
`data/cny_usd.yaml`, yuan per US dollar, with each year's low and high and
optional monthly averages). A year the file does not cover is not checked.

The help names a likely cause: a conversion at another date's rate (the
years whose range holds the implied rate, such as the year the article was
written), a conversion the wrong way round, or a scale slip.

Parameters:
- `rates` (path, default `data/cny_usd.yaml`): the reference rates,
  relative to the rules folder. Keys: `source`, `base` (the currency of
  the amount, e.g. CNY), `quote` (the currency of the conversion, e.g.
  USD), `years: {2021: {low, high, average?, note?}}`, `months: {"2021-06":
  6.46}`.
- `slack` (relative, default 0.02): how far outside the reference range an
  implied rate may lie (rates move within a day, and writers round).
- `date` (`article` | `period` | `either`, default `article`): which
  date's rate a conversion must match: the article's date, the amount's
  period, or either of them.

Example rule:

```yaml
- id: conversion-rate
  kind: conversion
  severity: warning
  title: A converted amount must use the exchange rate of its time
  rates: data/cny_usd.yaml
  slack: 0.02
```

Flags: "In 2021 the city's revenue reached 28.73 billion yuan ($3.96
billion)." (7.26 yuan per dollar; the rate in 2021 was 6.35–6.58.)
"#;

/// Which date a conversion's rate must belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateChoice {
    Period,
    Article,
    Either,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_rates")]
    rates: String,
    #[serde(default = "default_slack")]
    slack: f64,
    #[serde(default = "default_date")]
    date: DateChoice,
}

fn default_rates() -> String {
    "data/cny_usd.yaml".into()
}

fn default_slack() -> f64 {
    0.02
}

fn default_date() -> DateChoice {
    DateChoice::Article
}

/// One year of reference rates.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearRange {
    pub low: f64,
    pub high: f64,
    #[serde(default)]
    pub average: Option<f64>,
    /// A free-text remark (how sure the figures are).
    #[serde(default)]
    pub note: Option<String>,
}

/// The reference rates file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RatesFile {
    source: String,
    base: String,
    quote: String,
    years: BTreeMap<i32, YearRange>,
    #[serde(default)]
    months: BTreeMap<String, f64>,
}

/// Reference rates: units of `base` per unit of `quote`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rates {
    pub base: String,
    pub quote: String,
    pub source: String,
    pub years: BTreeMap<i32, YearRange>,
    pub months: BTreeMap<(i32, u32), f64>,
}

impl Rates {
    /// Parse and validate a rates file.
    pub fn parse(text: &str) -> Result<Rates, String> {
        let f: RatesFile = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        if f.base.trim().is_empty() || f.quote.trim().is_empty() {
            return Err("`base` and `quote` must name currencies (e.g. CNY and USD)".into());
        }
        if f.source.trim().is_empty() {
            return Err("`source` must say where the rates come from".into());
        }
        for (y, r) in &f.years {
            let ok = r.low.is_finite() && r.high.is_finite() && r.low > 0.0 && r.low <= r.high;
            if !ok {
                return Err(format!(
                    "year {y}: `low` and `high` must be positive with low ≤ high"
                ));
            }
            if let Some(a) = r.average {
                if !(r.low..=r.high).contains(&a) {
                    return Err(format!(
                        "year {y}: the average {a} is outside its range {}–{}",
                        r.low, r.high
                    ));
                }
            }
        }
        let mut months = BTreeMap::new();
        for (k, v) in &f.months {
            let month = NaiveDate::parse_from_str(&format!("{k}-01"), "%Y-%m-%d")
                .map_err(|_| format!("month `{k}` is not YYYY-MM"))?;
            if !(v.is_finite() && *v > 0.0) {
                return Err(format!("month {k}: the rate must be positive"));
            }
            months.insert((month.year(), month.month()), *v);
        }
        Ok(Rates {
            base: f.base,
            quote: f.quote,
            source: f.source,
            years: f.years,
            months,
        })
    }

    /// The reference interval for a date, before slack: the month's average
    /// when known, else the year's range.
    pub fn at(&self, d: NaiveDate) -> Option<Interval> {
        if let Some(&m) = self.months.get(&(d.year(), d.month())) {
            return Some(Interval::point(m));
        }
        self.years
            .get(&d.year())
            .map(|r| Interval::new(r.low, r.high))
    }

    /// The years whose range holds some of `implied`.
    pub fn years_matching(&self, implied: Interval) -> Vec<i32> {
        self.years
            .iter()
            .filter(|(_, r)| Interval::new(r.low, r.high).overlaps(&implied))
            .map(|(y, _)| *y)
            .collect()
    }
}

#[derive(Debug)]
struct Conversion {
    rates: Rates,
    slack: f64,
    date: DateChoice,
}

fn build(m: &serde_yaml::Mapping, ctx: &BuildContext<'_>) -> Result<Box<dyn Check>, BuildError> {
    let p: Params = params(m)?;
    if !(p.slack.is_finite() && (0.0..1.0).contains(&p.slack)) {
        return Err(BuildError::new(
            "slack:",
            format!("`slack` is {}, but must be a fraction in [0, 1)", p.slack),
        )
        .help("write the relative slack as a fraction: 0.02 is 2 %"));
    }
    let path = ctx.dir.join(&p.rates);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        BuildError::new(
            "rates:",
            // Named as the rule names it: relative to the rules folder.
            format!("cannot read the rates file {}: {e}", p.rates),
        )
        .help("`rates` is a path relative to the rules folder, such as data/cny_usd.yaml")
    })?;
    let rates = Rates::parse(&text).map_err(|e| {
        BuildError::new("rates:", format!("the rates file {} is not valid: {e}", p.rates))
            .help("a rates file has `source`, `base`, `quote`, `years: {2021: {low: 6.35, high: 6.58}}` and optionally `months: {\"2021-06\": 6.46}`")
    })?;
    Ok(Box::new(Conversion {
        rates,
        slack: p.slack,
        date: p.date,
    }))
}

/// A currency unit split into currency and per-unit part: "CNY/t" →
/// ("CNY", "/t").
fn split_unit(unit: &str) -> (&str, &str) {
    match unit.find('/') {
        Some(i) => (&unit[..i], &unit[i..]),
        None => (unit, ""),
    }
}

fn round(x: f64, digits: i32) -> f64 {
    let k = 10f64.powi(digits);
    (x * k).round() / k
}

fn range_text(r: Interval) -> String {
    if r.lo == r.hi {
        format!("{:.4}", r.lo)
    } else {
        format!("{:.2}–{:.2}", r.lo, r.hi)
    }
}

impl Conversion {
    /// Why the implied rate (`point` as written, `implied` with the
    /// figures' precision) may be off.
    fn likely_cause(
        &self,
        implied: Interval,
        point: f64,
        year: i32,
        article_year: Option<i32>,
    ) -> Option<String> {
        let others: Vec<i32> = self
            .rates
            .years_matching(implied)
            .into_iter()
            .filter(|y| *y != year)
            .collect();
        if !others.is_empty() {
            let list = year_list(&others);
            let published = match article_year {
                Some(a) if others.contains(&a) && a != year => {
                    format!(" — {a} is the year of the article's date: the figure for {year} was probably converted at the rate of the day the article was written")
                }
                _ => String::new(),
            };
            let which = if others.len() == 1 {
                format!("the rate of {list}, not of {year}")
            } else {
                format!("a rate seen in {list}, not in {year}")
            };
            return Some(format!(
                "a conversion at another date's rate: {} {} per {} is {which}{published}",
                fmt_rate(point),
                self.rates.base,
                self.rates.quote
            ));
        }
        let reference = self
            .rates
            .years
            .get(&year)
            .map(|r| Interval::new(r.low, r.high))?;
        let inverse = implied.map(|r| 1.0 / r);
        if inverse.overlaps(&reference) {
            return Some(format!(
                "the conversion went the wrong way: the amount was multiplied by the {}/{} rate instead of divided",
                self.rates.base, self.rates.quote
            ));
        }
        if let Some(k) = scale_slip(implied, reference) {
            return Some(scale_slip_help(k, "the amount and its conversion"));
        }
        Some(format!(
            "no year's rate gives {} {} per {}: one of the two figures is wrong (a typo, or a converted amount of something else)",
            fmt_rate(point),
            self.rates.base,
            self.rates.quote
        ))
    }
}

/// Years as people list them: "2019, 2022–2025".
fn year_list(years: &[i32]) -> String {
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for &y in years {
        match runs.last_mut() {
            Some(r) if r.1 + 1 == y => r.1 = y,
            _ => runs.push((y, y)),
        }
    }
    runs.iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn fmt_rate(x: f64) -> String {
    crate::report::claims::fmt_num(round(x, 3))
}

/// Every converted amount with the amount it converts: the member of its
/// statement that ends nearest before it ("from 20 billion yuan ($2.9
/// billion) to 28.73 billion yuan ($3.96 billion)" pairs each conversion
/// with its own amount), in the conversions' row order.
///
/// Article by article, in parallel: a statement's members are in their
/// article. (A Polars join on (article, group) cast every claim's unit to
/// text to find the amounts, 600 MB at a million articles.)
fn pairs(ctx: &Context<'_>, currency: &str) -> Vec<(u32, u32)> {
    let per_article = ctx.per_article(|rows| {
        rows.iter()
            .map(|&row| (row, ctx.claim(row)))
            .filter(|(_, c)| c.role == Some(Role::Converted))
            .filter_map(|(row, c)| {
                let (amount, _) = ctx
                    .statement(rows, c.group)
                    .filter(|(_, a)| {
                        a.role.is_some_and(|r| r != Role::Converted)
                            && a.unit.as_str().starts_with(currency)
                            && a.end <= c.start
                    })
                    .max_by_key(|(_, a)| a.end)?;
                Some((row, amount))
            })
            .collect::<Vec<_>>()
    });
    let mut out: Vec<(u32, u32)> = per_article.into_iter().flatten().collect();
    out.sort_unstable();
    out
}

impl Check for Conversion {
    fn reach(&self) -> crate::rules::Reach {
        crate::rules::Reach::Article
    }

    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError> {
        let pairs = pairs(ctx, &self.rates.base);
        let mut out = Outcome::default();
        for (converted_row, amount_row) in pairs {
            let (converted, amount) = (ctx.claim(converted_row), ctx.claim(amount_row));
            if !meta.filter.matches(amount) && !meta.filter.matches(converted) {
                continue;
            }
            let (base, per_a) = split_unit(&amount.unit);
            let (quote, per_b) = split_unit(&converted.unit);
            if base != self.rates.base || quote != self.rates.quote || per_a != per_b {
                continue;
            }
            let article_date = ctx.date(&amount.article);
            let period_date = amount.period_end;
            let dates: Vec<NaiveDate> = match self.date {
                DateChoice::Period => period_date.or(article_date).into_iter().collect(),
                DateChoice::Article => article_date.or(period_date).into_iter().collect(),
                DateChoice::Either => period_date.into_iter().chain(article_date).collect(),
            };
            let references: Vec<(NaiveDate, Interval)> = dates
                .iter()
                .filter_map(|d| self.rates.at(*d).map(|r| (*d, r)))
                .collect();
            let Some(&(date, reference)) = references.first() else {
                continue;
            };
            out.check(ctx, [amount, converted]);
            let implied = meta.tolerance.widen(iv(amount).div(iv(converted)));
            let widen =
                |r: Interval| Interval::new(r.lo * (1.0 - self.slack), r.hi * (1.0 + self.slack));
            if references.iter().any(|(_, r)| widen(*r).overlaps(&implied)) {
                continue;
            }
            out.fail();
            let year = date.year();
            let point = amount.value / converted.value;
            let expected = self
                .rates
                .months
                .get(&(year, date.month()))
                .copied()
                .or_else(|| self.rates.years.get(&year).and_then(|r| r.average))
                .unwrap_or(reference.mid());
            let when = if self.rates.months.contains_key(&(year, date.month())) {
                format!("in {}", date.format("%Y-%m"))
            } else {
                format!("in {year}")
            };
            let message = format!(
                "{} ({}) implies {} {} per {}, but the rate {when} was {}",
                amount.text,
                converted.text,
                fmt_rate(point),
                self.rates.base,
                self.rates.quote,
                range_text(reference)
            );
            let dated = if period_date.is_some() {
                format!(
                    "the amount converted ({})",
                    select::period_label(amount.period_start, amount.period_end)
                )
            } else {
                "the amount converted (dated by the article)".to_string()
            };
            let f = FindingBuilder::new(meta, converted, ctx.text(&converted.article), message)
                .label(format!(
                    "implies {} {} per {}",
                    fmt_rate(point),
                    self.rates.base,
                    self.rates.quote
                ))
                .values(Some(round(point, 4)), Some(round(expected, 4)))
                .help(self.likely_cause(implied, point, year, article_date.map(|d| d.year())))
                .related(amount, ctx.text(&amount.article), dated)
                .build();
            out.findings.push(f);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "source: test\nbase: CNY\nquote: USD\nyears:\n  2021: { low: 6.35, high: 6.58, average: 6.4515 }\n  2022: { low: 6.30, high: 7.33 }\n  2023: { low: 6.69, high: 7.35, note: a note }\nmonths:\n  \"2022-10\": 7.1\n";

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn parses_years_and_months() {
        let r = Rates::parse(FILE).unwrap();
        assert_eq!(r.at(d("2021-12-31")), Some(Interval::new(6.35, 6.58)));
        assert_eq!(r.at(d("2022-10-05")), Some(Interval::point(7.1)));
        assert_eq!(r.at(d("2022-03-01")), Some(Interval::new(6.30, 7.33)));
        assert_eq!(r.at(d("2030-01-01")), None);
        assert_eq!(
            r.years_matching(Interval::new(7.25, 7.26)),
            vec![2022, 2023]
        );
    }

    #[test]
    fn rejects_bad_files() {
        assert!(Rates::parse(
            "source: x\nbase: CNY\nquote: USD\nyears:\n  2021: { low: 7, high: 6 }\n"
        )
        .is_err());
        assert!(Rates::parse(
            "source: x\nbase: CNY\nquote: USD\nyears: {}\nmonths: { \"2021-13\": 6.4 }\n"
        )
        .is_err());
        assert!(Rates::parse("source: x\nbase: CNY\nquote: USD\nyears: {}\nextra: 1\n").is_err());
        assert!(Rates::parse(
            "source: x\nbase: CNY\nquote: USD\nyears:\n  2021: { low: 6, high: 7, average: 9 }\n"
        )
        .is_err());
    }

    #[test]
    fn the_shipped_rates_load_and_cover_2010_to_2025() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/data/cny_usd.yaml");
        let r = Rates::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        for y in 2010..=2025 {
            assert!(r.years.contains_key(&y), "no rates for {y}");
        }
        // The seeds: 28.73 billion yuan ($3.96 billion) in 2021 is not a 2021 rate.
        let implied = Interval::new(28.725, 28.735).div(Interval::new(3.955, 3.965));
        assert!(!r.at(d("2021-12-31")).unwrap().overlaps(&implied));
        assert!(r.years_matching(implied).contains(&2023));
        // 995.5 billion yuan ($142.95 billion) in 2022 is.
        let ok = Interval::new(995.45, 995.55).div(Interval::new(142.945, 142.955));
        assert!(r.at(d("2022-12-31")).unwrap().overlaps(&ok));
    }

    #[test]
    fn year_lists_join_runs() {
        assert_eq!(year_list(&[2019, 2022, 2023, 2024]), "2019, 2022–2024");
        assert_eq!(year_list(&[2021]), "2021");
    }

    #[test]
    fn units_split_into_currency_and_per_unit() {
        assert_eq!(split_unit("CNY/t"), ("CNY", "/t"));
        assert_eq!(split_unit("USD"), ("USD", ""));
    }
}
