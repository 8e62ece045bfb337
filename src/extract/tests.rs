//! Article-level tests of every relation and expression family.

use super::{extract, lexicon::Lexicon, Settings};
use crate::claim::Claim;
use crate::corpus::Article;
use crate::yaml::YamlSource;
use chrono::{Datelike, NaiveDate};
use std::path::PathBuf;
use std::sync::OnceLock;

const LEXICON: &str = r#"
metrics:
  - id: gdp
    names: [gross domestic product, GDP, economic output]
    units: [currency, percent]
  - id: exports
    names: [exports, export value]
    units: [currency, percent]
  - id: retail_sales
    names: [retail sales, total retail sales of consumer goods]
    units: [currency, percent]
  - id: tourism_revenue
    names: [tourism revenue]
    units: [currency, percent]
  - id: rd_intensity
    names: [R&D intensity, R&D spending]
    units: [percent, rank, duration]
  - id: port_throughput
    names: [container throughput]
    units: [count, percent, multiple]
  - id: steel_price
    names: [rebar price, price of rebar]
    units: [currency]
  - id: high_tech_manufacturing
    names: [high-tech manufacturing industries, high-tech manufacturing]
    units: [percent, currency]
  - id: digital_manufacturing
    names: [digital manufacturing industries, digital manufacturing]
    units: [percent, currency]
  - id: high_tech_firms
    names: [high-tech enterprises]
    units: [count]
  - id: patents
    names: [invention patents]
    units: [count, multiple]
  - id: fortune_rank
    names: [Fortune Global 500]
    units: [rank]
subjects:
  - names: [Ningbo]
  - names: [Chengdu]
  - names: [Wuxi]
  - names: [Zhejiang, Zhejiang province]
    scope: true
  - names: [China]
    scope: true
names:
  - Fortune Global 500
  - National Congress
  - 6638N
"#;

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        Lexicon::from_source(&YamlSource {
            path: "tests.yaml".into(),
            text: LEXICON.into(),
        })
        .expect("the test lexicon loads")
    })
}

/// The claims of an article dated 2023-03-10.
fn claims(text: &str) -> Vec<Claim> {
    claims_on(text, 2023, 3, 10)
}

fn claims_on(text: &str, y: i32, m: u32, d: u32) -> Vec<Claim> {
    let mut article = Article::from_text("t.txt".into(), PathBuf::from("t.txt"), text.into(), None)
        .expect("article");
    article.meta.date = NaiveDate::from_ymd_opt(y, m, d);
    extract(&article, lexicon(), &Settings::default())
}

fn period(c: &Claim) -> String {
    let whole_years = c
        .period_start
        .is_some_and(|d| d.month() == 1 && d.day() == 1)
        && c.period_end
            .is_some_and(|d| d.month() == 12 && d.day() == 31);
    match (c.period_start, c.period_end) {
        (None, None) => "-".into(),
        (Some(a), Some(b)) if whole_years && a.year() == b.year() => a.year().to_string(),
        (Some(a), Some(b)) if whole_years => format!("{}..{}", a.year(), b.year()),
        (a, b) => format!(
            "{}..{}",
            a.map_or("?".into(), |d| d.to_string()),
            b.map_or("?".into(), |d| d.to_string())
        ),
    }
}

/// One compact line per claim:
/// `text|value|[lo,hi]|qualifier|unit|kind|metric|period|group:role|noun`.
fn row(c: &Claim) -> String {
    format!(
        "{}|{}|[{},{}]|{}|{}|{}|{}|{}|{}|{}",
        c.text,
        c.value,
        c.lo,
        c.hi,
        c.qualifier,
        c.unit,
        c.kind,
        c.metric.as_deref().unwrap_or("-"),
        period(c),
        match (c.group, c.role) {
            (Some(g), Some(r)) => format!("{g}:{r}"),
            _ => "-".into(),
        },
        c.noun.as_deref().unwrap_or("-"),
    )
}

fn rows(text: &str) -> Vec<String> {
    claims(text).iter().map(row).collect()
}

#[test]
fn dump() {
    let texts = std::fs::read_to_string("/tmp/cc/in.txt").unwrap();
    for t in texts.split("\n---\n") {
        println!("== {t}");
        for r in rows(t) {
            println!("   {r}");
        }
    }
}
