//! Article-level tests of every relation and expression family: each test
//! builds an article from a few sentences (dated 2023-03-10 unless said
//! otherwise), extracts it with a small inline lexicon and compares one
//! compact line per claim:
//! `text|value|[lo,hi]|qualifier|unit|kind|metric|period|group:role|noun`.
//! Periods print as a year ("2021"), a run of whole years ("2019..2021") or
//! dates; "-" is empty. The phrasings are not those of the seed corpus.

use super::{extract, lexicon::Lexicon, Settings};
use crate::claim::Claim;
use crate::corpus::Article;
use crate::yaml::YamlSource;
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};
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
  - id: urbanization_rate
    names: [urbanization rate]
    units: [percent, points]
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
  - Five-Year Plan
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

fn rows_on(text: &str, y: i32, m: u32, d: u32) -> Vec<String> {
    claims_on(text, y, m, d).iter().map(row).collect()
}

/// `text|subject|scope` of each claim.
fn subjects(text: &str) -> Vec<String> {
    claims(text)
        .iter()
        .map(|c| {
            format!(
                "{}|{}|{}",
                c.text,
                c.subject.as_deref().unwrap_or("-"),
                c.scope.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

// ---------------------------------------------------------------- from / to

#[test]
fn from_to_chain_of_counts_takes_each_year() {
    assert_eq!(
        rows("Ningbo's container throughput rose from 120 in 2019 to 150 in 2021."),
        [
            "120|120|[120,120]|exact|count|level|port_throughput|2019|1:from|-",
            "150|150|[150,150]|exact|count|level|port_throughput|2021|1:to|-",
        ]
    );
}

#[test]
fn from_to_chain_shares_its_noun_and_a_stated_growth_joins() {
    assert_eq!(
        rows("The number of museums in Chengdu rose from 85 museums in 2015 to 132 in 2022, up 55 percent."),
        [
            "85|85|[85,85]|exact|count|level|-|2015|1:from|museums",
            "132|132|[132,132]|exact|count|level|-|2022|1:to|museums",
            "55 percent|55|[54.5,55.5]|exact|percent|growth|-|2016..2022|1:stated|-",
        ]
    );
}

#[test]
fn rank_series_with_and_to() {
    let text = "Chengdu's R&D intensity in the province climbed from 7th place in 2017 to 4th place in 2018 and to 2nd place in 2019.";
    assert_eq!(
        rows(text),
        [
            "7th place|7|[7,7]|exact|rank|rank|rd_intensity|2017|1:from|-",
            "4th place|4|[4,4]|exact|rank|rank|rd_intensity|2018|1:item|-",
            "2nd place|2|[2,2]|exact|rank|rank|rd_intensity|2019|1:to|-",
        ]
    );
    assert_eq!(
        subjects(text),
        [
            "7th place|Chengdu|province",
            "4th place|Chengdu|province",
            "2nd place|Chengdu|province",
        ]
    );
}

#[test]
fn series_of_percent_levels() {
    assert_eq!(
        rows("Wuxi's R&D intensity rose from 2.9 percent in 2020 to 3.1 percent in 2021 and to 3.4 percent in 2022."),
        [
            "2.9 percent|2.9|[2.85,2.95]|exact|percent|share|rd_intensity|2020|1:from|-",
            "3.1 percent|3.1|[3.05,3.15]|exact|percent|share|rd_intensity|2021|1:item|-",
            "3.4 percent|3.4|[3.35,3.45]|exact|percent|share|rd_intensity|2022|1:to|-",
        ]
    );
}

#[test]
fn two_chains_split_by_while() {
    // Each clause makes its own group, and each stated change joins only
    // the chain of its clause. The second chain names no year, so its
    // levels stay without a period (a chain never borrows one from another
    // clause). Questionable: "down 11 percent" still takes 2021 from the
    // first clause (a lone mention falls back to the nearest time before it
    // in the sentence), and "imports" is not in the lexicon so the second
    // chain inherits the sentence's metric, `exports`.
    assert_eq!(
        rows("Exports rose from 12 billion yuan in 2019 to 15 billion yuan in 2021, up 25 percent, while imports fell from 9 billion yuan to 8 billion yuan, down 11 percent."),
        [
            "12 billion yuan|12000000000|[11500000000,12500000000]|exact|CNY|level|exports|2019|1:from|-",
            "15 billion yuan|15000000000|[14500000000,15500000000]|exact|CNY|level|exports|2021|1:to|-",
            "25 percent|25|[24.5,25.5]|exact|percent|growth|exports|2020..2021|1:stated|-",
            "9 billion yuan|9000000000|[8500000000,9500000000]|exact|CNY|level|exports|-|2:from|-",
            "8 billion yuan|8000000000|[7500000000,8500000000]|exact|CNY|level|exports|-|2:to|-",
            "11 percent|-11|[-11.5,-10.5]|exact|percent|growth|exports|2021|2:stated|-",
        ]
    );
}

#[test]
fn to_before_from_is_not_a_chain() {
    // Limitation: only "from A to B" is a chain; the reversed "to B … from A"
    // leaves two unlinked levels (each with its own year).
    assert_eq!(
        rows("Exports climbed to 80 billion yuan in 2022 from 62 billion yuan in 2018."),
        [
            "80 billion yuan|80000000000|[79500000000,80500000000]|exact|CNY|level|exports|2022|-|-",
            "62 billion yuan|62000000000|[61500000000,62500000000]|exact|CNY|level|exports|2018|-|-",
        ]
    );
}

// ------------------------------------------------------- changes by X

#[test]
fn growth_and_points_by_x() {
    assert_eq!(
        rows("Ningbo's exports increased by 6.2 percent in 2022. Retail sales grew 4 percent. The urbanization rate rose by 0.8 percentage points. Tourism revenue fell by 2.1 percent last year."),
        [
            "6.2 percent|6.2|[6.15,6.25]|exact|percent|growth|exports|2022|-|-",
            "4 percent|4|[3.5,4.5]|exact|percent|growth|retail_sales|-|-|-",
            "0.8 percentage points|0.8|[0.75,0.85]|exact|points|points|urbanization_rate|-|-|-",
            "2.1 percent|-2.1|[-2.15,-2.05]|exact|percent|growth|tourism_revenue|2022|-|-",
        ]
    );
}

#[test]
fn up_and_down_are_signed() {
    assert_eq!(
        rows("Exports were up 4 percent, while retail sales were down 3.8 percent."),
        [
            "4 percent|4|[3.5,4.5]|exact|percent|growth|exports|-|-|-",
            "3.8 percent|-3.8|[-3.85,-3.75]|exact|percent|growth|retail_sales|-|-|-",
        ]
    );
}

#[test]
fn absolute_changes_by_an_amount() {
    assert_eq!(
        rows("Tourism revenue increased by 2.3 billion yuan last year, and exports fell by 300 million yuan."),
        [
            "2.3 billion yuan|2300000000|[2250000000,2350000000]|exact|CNY|change|tourism_revenue|2022|-|-",
            "300 million yuan|-300000000|[-300500000,-299500000]|exact|CNY|change|exports|2022|-|-",
        ]
    );
}

#[test]
fn a_second_value_after_a_year_keeps_the_kind_of_the_first() {
    // "4.8 per cent" is a growth too, though "in 2022 and" stands between.
    assert_eq!(
        rows("GDP grew 5.2% in 2022 and 4.8 per cent in 2021."),
        [
            "5.2%|5.2|[5.15,5.25]|exact|percent|growth|gdp|2022|-|-",
            "4.8 per cent|4.8|[4.75,4.85]|exact|percent|growth|gdp|2021|-|-",
        ]
    );
}

// ------------------------------------------------------- reaching Y

#[test]
fn reached_with_an_increase_year_on_year() {
    assert_eq!(
        rows("In 2022, Wuxi's tourism revenue reached 48.5 billion yuan, with an increase of 11.3 percent year-on-year."),
        [
            "48.5 billion yuan|48500000000|[48450000000,48550000000]|exact|CNY|level|tourism_revenue|2022|1:to|-",
            "11.3 percent|11.3|[11.25,11.35]|exact|percent|growth|tourism_revenue|2022|1:stated|-",
        ]
    );
}

#[test]
fn growth_then_reaching() {
    assert_eq!(
        rows("Retail sales grew by 8.4 percent year-on-year, reaching 320 billion yuan in 2022."),
        [
            "8.4 percent|8.4|[8.35,8.45]|exact|percent|growth|retail_sales|2022|1:stated|-",
            "320 billion yuan|320000000000|[319500000000,320500000000]|exact|CNY|level|retail_sales|2022|1:to|-",
        ]
    );
}

#[test]
fn annual_rate_then_reaching_ends_with_the_level() {
    // The rate names no years: it covers an open span ending with the level's.
    assert_eq!(
        rows("Exports grew at an average annual rate of 6.4 percent, reaching 75 billion yuan in 2022."),
        [
            "6.4 percent|6.4|[6.35,6.45]|exact|percent|rate|exports|?..2022-12-31|1:stated|-",
            "75 billion yuan|75000000000|[74500000000,75500000000]|exact|CNY|level|exports|2022|1:to|-",
        ]
    );
    // An average annual rate is never about one year: "In 2022" is the
    // level's year, not the rate's.
    assert_eq!(
        rows("In 2022, exports reached 75 billion yuan, with an average annual growth of 6.4 percent."),
        [
            "75 billion yuan|75000000000|[74500000000,75500000000]|exact|CNY|level|exports|2022|1:to|-",
            "6.4 percent|6.4|[6.35,6.45]|exact|percent|rate|exports|?..2022-12-31|1:stated|-",
        ]
    );
}

#[test]
fn annual_rate_over_a_window_then_reaching() {
    // "over the past five years" is both the rate's period and a stated
    // duration of the group.
    assert_eq!(
        rows("Chengdu's tourism revenue grew at an average annual rate of 8.1 percent over the past five years, reaching 310 billion yuan last year."),
        [
            "8.1 percent|8.1|[8.05,8.15]|exact|percent|rate|tourism_revenue|2018..2022|1:stated|-",
            "five years|5|[5,5]|exact|years|duration|-|2018..2022|1:stated|-",
            "310 billion yuan|310000000000|[309500000000,310500000000]|exact|CNY|level|tourism_revenue|2022|1:to|-",
        ]
    );
}

#[test]
fn change_then_to_level() {
    assert_eq!(
        rows("Retail sales grew 12 percent to 5.6 billion yuan in 2022."),
        [
            "12 percent|12|[11.5,12.5]|exact|percent|growth|retail_sales|2022|1:stated|-",
            "5.6 billion yuan|5600000000|[5550000000,5650000000]|exact|CNY|level|retail_sales|2022|1:to|-",
        ]
    );
    assert_eq!(
        rows("The urbanization rate climbed 3.5 percentage points over three years to 68.2 percent last year."),
        [
            "3.5 percentage points|3.5|[3.45,3.55]|exact|points|points|urbanization_rate|2020..2022|1:stated|-",
            "three years|3|[3,3]|exact|years|duration|-|2020..2022|1:stated|-",
            "68.2 percent|68.2|[68.15,68.25]|exact|percent|share|urbanization_rate|2022|1:to|-",
        ]
    );
}

#[test]
fn change_in_three_years_and_reached() {
    // The count's noun stops before "last year".
    assert_eq!(
        rows("Container throughput increased 40 percent in three years and reached 33 million last year."),
        [
            "40 percent|40|[39.5,40.5]|exact|percent|growth|port_throughput|2020..2022|1:stated|-",
            "three years|3|[3,3]|exact|years|duration|-|2020..2022|1:stated|-",
            "33 million|33000000|[32500000,33500000]|exact|count|level|port_throughput|2022|1:to|-",
        ]
    );
}

// ----------------------------------------------- total and annual rate

#[test]
fn total_growth_and_average_annual_growth() {
    assert_eq!(
        rows("From 2013 to 2022, Chengdu's GDP grew by 120 percent, with an average annual growth of 9.2 percent."),
        [
            "120 percent|120|[119.5,120.5]|exact|percent|growth|gdp|2013..2022|1:stated|-",
            "9.2 percent|9.2|[9.15,9.25]|exact|percent|rate|gdp|2013..2022|1:stated|-",
        ]
    );
}

// ------------------------------------------------------- conversions

#[test]
fn yuan_with_dollars_in_brackets() {
    assert_eq!(
        rows("Tourism revenue hit 7.8 billion yuan ($1.12 billion) in 2022."),
        [
            "7.8 billion yuan|7800000000|[7750000000,7850000000]|exact|CNY|level|tourism_revenue|2022|1:base|-",
            "$1.12 billion|1120000000|[1115000000,1125000000]|exact|USD|level|tourism_revenue|2022|1:converted|-",
        ]
    );
}

#[test]
fn euros_with_about_yuan_in_brackets() {
    // "about 94 million yuan" is [94(1 − δ), 94(1 + δ)] million, which
    // contains its rounding, [93.5, 94.5] million.
    assert_eq!(
        rows("Ningbo's exports to Germany totaled €12 million (about 94 million yuan) last year."),
        [
            "€12 million|12000000|[11500000,12500000]|exact|EUR|level|exports|2022|1:base|-",
            "about 94 million yuan|94000000|[89300000,98700000]|approx|CNY|level|exports|2022|1:converted|-",
        ]
    );
}

#[test]
fn price_per_metric_ton_and_its_conversion() {
    assert_eq!(
        rows("The rebar price averaged 4,150 yuan ($580) per metric ton in 2022."),
        [
            "4,150 yuan|4150|[4149.5,4150.5]|exact|CNY/t|level|steel_price|2022|1:base|-",
            "$580|580|[579.5,580.5]|exact|USD/t|level|steel_price|2022|1:converted|-",
        ]
    );
}

// ------------------------------------------------------ part of whole

#[test]
fn including_keeps_the_parts_own_noun() {
    assert_eq!(
        rows("Wuxi has 2,300 high-tech enterprises, including 45 unicorns."),
        [
            "2,300|2300|[2300,2300]|exact|count|level|high_tech_firms|-|1:whole|high-tech enterprises",
            "45|45|[45,45]|exact|count|level|-|-|1:part|unicorns",
        ]
    );
}

#[test]
fn of_which_inherits_the_noun_and_period() {
    assert_eq!(
        rows("Chengdu registered 1,200 new firms in 2021, of which 300 were foreign-funded."),
        [
            "1,200|1200|[1200,1200]|exact|count|level|-|2021|1:whole|new firms",
            "300|300|[300,300]|exact|count|level|-|2021|1:part|new firms",
        ]
    );
}

#[test]
fn with_n_holding() {
    // "holding national accreditation" says what the part does; the part
    // counts research institutes.
    assert_eq!(
        rows("Ningbo hosts 60 research institutes, with 15 holding national accreditation."),
        [
            "60|60|[60,60]|exact|count|level|-|-|1:whole|research institutes",
            "15|15|[15,15]|exact|count|level|-|-|1:part|research institutes",
        ]
    );
}

#[test]
fn with_n_of_them_and_among_them() {
    assert_eq!(
        rows("Chengdu built 18 parks, with 6 of them in the suburbs."),
        [
            "18|18|[18,18]|exact|count|level|-|-|1:whole|parks",
            "6|6|[6,6]|exact|count|level|-|-|1:part|parks",
        ]
    );
    assert_eq!(
        rows("Ningbo has 120 high-tech enterprises, among them 14 unicorns."),
        [
            "120|120|[120,120]|exact|count|level|high_tech_firms|-|1:whole|high-tech enterprises",
            "14|14|[14,14]|exact|count|level|-|-|1:part|unicorns",
        ]
    );
}

#[test]
fn of_these_in_the_next_sentence() {
    // The part inherits the whole's noun and year; the rank in the second
    // sentence is a claim of its own.
    assert_eq!(
        rows("Wuxi had 42 products with leading market share in 2022. Of these, four ranked first worldwide."),
        [
            "42|42|[42,42]|exact|count|level|-|2022|1:whole|products",
            "four|4|[4,4]|exact|count|level|-|2022|1:part|products",
            "first|1|[1,1]|exact|rank|rank|-|-|-|-",
        ]
    );
}

#[test]
fn listed_companies_lose_their_noun() {
    // Limitation: a participle right after a count ("45 listed companies")
    // reads as a verb ("four ranked first"), so the part has no noun of its
    // own and inherits the whole's.
    assert_eq!(
        rows("Wuxi has 2,300 high-tech enterprises, including 45 listed companies."),
        [
            "2,300|2300|[2300,2300]|exact|count|level|high_tech_firms|-|1:whole|high-tech enterprises",
            "45|45|[45,45]|exact|count|level|-|-|1:part|high-tech enterprises",
        ]
    );
}

// ------------------------------------------------------------- shares

#[test]
fn accounting_for_a_share() {
    assert_eq!(
        rows("Exports reached 5.2 billion yuan, accounting for 18.5 percent of the provincial total."),
        [
            "5.2 billion yuan|5200000000|[5150000000,5250000000]|exact|CNY|level|exports|-|1:part|-",
            "18.5 percent|18.5|[18.45,18.55]|exact|percent|share|exports|-|1:stated|-",
        ]
    );
}

// ------------------------------------------------------ respectively

#[test]
fn respectively_distributes_the_head_noun() {
    assert_eq!(
        rows("The output of high-tech and digital manufacturing industries grew by 12.5 percent and 20.3 percent, respectively, in 2022."),
        [
            "12.5 percent|12.5|[12.45,12.55]|exact|percent|growth|high_tech_manufacturing|2022|1:item|high-tech manufacturing industries",
            "20.3 percent|20.3|[20.25,20.35]|exact|percent|growth|digital_manufacturing|2022|1:item|digital manufacturing industries",
        ]
    );
}

#[test]
fn respectively_with_plural_nouns_of_their_own() {
    // "imports" is not in the lexicon: its value gets no metric rather than
    // a neighbour's.
    assert_eq!(
        rows("Exports, imports and retail sales rose by 3 percent, 5 percent and 7 percent respectively."),
        [
            "3 percent|3|[2.5,3.5]|exact|percent|growth|exports|-|1:item|Exports",
            "5 percent|5|[4.5,5.5]|exact|percent|growth|-|-|1:item|imports",
            "7 percent|7|[6.5,7.5]|exact|percent|growth|retail_sales|-|1:item|retail sales",
        ]
    );
}

#[test]
fn respectively_over_subjects_is_not_linked() {
    // Limitation: the listed items are places, before a verb that does not
    // end in -ed ("had"); the values stay unlinked and only the last count
    // gets the noun.
    assert_eq!(
        rows("Ningbo, Wuxi and Chengdu had 30, 42 and 51 high-tech enterprises respectively."),
        [
            "30|30|[30,30]|exact|count|level|high_tech_firms|-|-|-",
            "42|42|[42,42]|exact|count|level|high_tech_firms|-|-|-",
            "51|51|[51,51]|exact|count|level|high_tech_firms|-|-|high-tech enterprises",
        ]
    );
}

// ------------------------------------------------------------- streaks

#[test]
fn ranked_first_for_five_consecutive_years() {
    let text = "Chengdu's R&D intensity ranked first in the province for five consecutive years.";
    assert_eq!(
        rows(text),
        [
            "first|1|[1,1]|exact|rank|rank|rd_intensity|2018..2022|1:stated|-",
            "five consecutive years|5|[5,5]|exact|years|duration|rd_intensity|2018..2022|1:stated|-",
        ]
    );
    assert_eq!(
        subjects(text),
        ["first|Chengdu|province", "five consecutive years|Chengdu|-",]
    );
}

#[test]
fn a_streak_written_before_the_rank_is_not_linked() {
    // Limitation: the streak pattern wants the duration after the rank.
    // Both still get the streak's period.
    assert_eq!(
        rows("For three consecutive years, Wuxi has ranked first in the province."),
        [
            "three consecutive years|3|[3,3]|exact|years|duration|-|2020..2022|-|-",
            "first|1|[1,1]|exact|rank|rank|-|2020..2022|-|-",
        ]
    );
}

// ----------------------------------------------------------- multiples

#[test]
fn multiples_in_words_and_digits() {
    // Multiplier words are as round as "4 times": to the nearest whole.
    assert_eq!(
        rows("Container throughput increased nearly fourfold over the past decade, and invention patents doubled between 2015 and 2020."),
        [
            "nearly fourfold|4|[3.5,4]|nearly|times|multiple|port_throughput|2013..2022|-|-",
            "doubled|2|[1.5,2.5]|exact|times|multiple|patents|2015..2020|-|-",
        ]
    );
    assert_eq!(
        rows("Ningbo's container throughput grew 3 times since 2012, and Wuxi's invention patents tripled last year."),
        [
            "3 times|3|[2.5,3.5]|exact|times|multiple|port_throughput|2012-01-01..2023-03-10|-|-",
            "tripled|3|[2.5,3.5]|exact|times|multiple|patents|2022|-|-",
        ]
    );
}

// -------------------------------------------------------- enumerations

#[test]
fn enumeration_with_as_well_as() {
    assert_eq!(
        rows("The city has built eight major industries: textiles, chemicals, machinery, electronics, food, paper, metals, as well as biomedicine."),
        [
            "eight|8|[8,8]|exact|count|level|-|-|1:whole|major industries",
            "textiles|1|[1,1]|exact|count|level|-|-|1:item|textiles",
            "chemicals|1|[1,1]|exact|count|level|-|-|1:item|chemicals",
            "machinery|1|[1,1]|exact|count|level|-|-|1:item|machinery",
            "electronics|1|[1,1]|exact|count|level|-|-|1:item|electronics",
            "food|1|[1,1]|exact|count|level|-|-|1:item|food",
            "paper|1|[1,1]|exact|count|level|-|-|1:item|paper",
            "metals|1|[1,1]|exact|count|level|-|-|1:item|metals",
            "biomedicine|1|[1,1]|exact|count|level|-|-|1:item|biomedicine",
        ]
    );
}

#[test]
fn enumeration_without_a_serial_comma() {
    assert_eq!(
        rows("Wuxi focuses on three sectors: semiconductors, logistics and tourism."),
        [
            "three|3|[3,3]|exact|count|level|-|-|1:whole|sectors",
            "semiconductors|1|[1,1]|exact|count|level|-|-|1:item|semiconductors",
            "logistics|1|[1,1]|exact|count|level|-|-|1:item|logistics",
            "tourism|1|[1,1]|exact|count|level|-|-|1:item|tourism",
        ]
    );
}

// --------------------------------------------------------------- time

#[test]
fn last_year_against_the_article_date() {
    assert_eq!(
        rows_on("Exports rose 7.3 percent last year.", 2022, 1, 1),
        ["7.3 percent|7.3|[7.25,7.35]|exact|percent|growth|exports|2021|-|-"]
    );
    assert_eq!(
        rows("Exports rose 7.3 percent last year."),
        ["7.3 percent|7.3|[7.25,7.35]|exact|percent|growth|exports|2022|-|-"]
    );
}

#[test]
fn over_the_past_decade_ends_with_the_last_full_year() {
    assert_eq!(
        rows_on(
            "Over the past decade, GDP grew by 120 percent.",
            2022,
            10,
            1
        ),
        ["120 percent|120|[119.5,120.5]|exact|percent|growth|gdp|2012..2021|-|-"]
    );
}

#[test]
fn in_three_years_past_and_future() {
    assert_eq!(
        rows("Exports grew 40 percent in three years."),
        [
            "40 percent|40|[39.5,40.5]|exact|percent|growth|exports|2020..2022|-|-",
            "three years|3|[3,3]|exact|years|duration|-|2020..2022|-|-",
        ]
    );
    // Questionable: "will add 500" is a planned change, but "add" (unlike
    // "added") is not a change verb, so it reads as a level.
    assert_eq!(
        rows("The city will add 500 high-tech enterprises in three years."),
        [
            "500|500|[500,500]|exact|count|level|high_tech_firms|2023..2025|-|high-tech enterprises",
            "three years|3|[3,3]|exact|years|duration|-|2023..2025|-|-",
        ]
    );
}

#[test]
fn since_quarters_end_of_year_and_fiscal_years() {
    assert_eq!(
        rows("Since 2019, Chengdu has attracted 260 high-tech enterprises."),
        ["260|260|[260,260]|exact|count|level|high_tech_firms|2019-01-01..2023-03-10|-|high-tech enterprises"]
    );
    assert_eq!(
        rows("GDP grew by 5.6 percent during the first three quarters of 2022."),
        ["5.6 percent|5.6|[5.55,5.65]|exact|percent|growth|gdp|2022-01-01..2022-09-30|-|-"]
    );
    assert_eq!(
        rows("By the end of 2021, Ningbo had 3,400 high-tech enterprises."),
        ["3,400|3400|[3400,3400]|exact|count|level|high_tech_firms|2021-12-31..2021-12-31|-|high-tech enterprises"]
    );
    assert_eq!(
        rows("In fiscal 2012-13, exports were 8.8 billion yuan."),
        ["8.8 billion yuan|8800000000|[8750000000,8850000000]|exact|CNY|level|exports|2012..2013|-|-"]
    );
}

// ---------------------------------------------------------- qualifiers

#[test]
fn lower_bounds() {
    // "over X" is [X, ∞): above X itself, not above X's rounding.
    assert_eq!(
        rows("Wuxi had more than 4,000 high-tech enterprises, over 900 research centers, above 300 laboratories and at least 25 incubators."),
        [
            "more than 4,000|4000|[4000,inf]|over|count|level|high_tech_firms|-|-|high-tech enterprises",
            "over 900|900|[900,inf]|over|count|level|-|-|-|research centers",
            "above 300|300|[300,inf]|over|count|level|-|-|-|laboratories",
            "at least 25|25|[25,inf]|at_least|count|level|-|-|-|incubators",
        ]
    );
    assert_eq!(
        rows("Exports surpassed 60 billion yuan in 2022."),
        ["surpassed 60 billion yuan|60000000000|[60000000000,inf]|over|CNY|level|exports|2022|-|-"]
    );
}

#[test]
fn nearly_and_about() {
    // nearly X: [X(1 − δ), X]; about X: [X(1 − δ), X(1 + δ)], and never
    // narrower than X's rounding (DESIGN.md, Intervals).
    assert_eq!(
        rows("Nearly 5,200 workers, almost 80 percent of the staff, joined; about 1,500 volunteers and around 320 doctors helped."),
        [
            "Nearly 5,200|5200|[4940,5200]|nearly|count|level|-|-|-|workers",
            "almost 80 percent|80|[76,80]|nearly|percent|share|-|-|-|-",
            "about 1,500|1500|[1425,1575]|approx|count|level|-|-|-|volunteers",
            "around 320|320|[304,336]|approx|count|level|-|-|-|doctors",
        ]
    );
}

#[test]
fn upper_bounds_and_the_longest_qualifier() {
    // "no more than 20" is at most 20, not "more than 20".
    assert_eq!(
        rows("Fewer than 300 firms, no more than 20 banks and up to 15 airlines took part."),
        [
            "Fewer than 300|300|[-inf,300]|under|count|level|-|-|-|firms",
            "no more than 20|20|[-inf,20]|at_most|count|level|-|-|-|banks",
            "up to 15|15|[-inf,15]|at_most|count|level|-|-|-|airlines",
        ]
    );
}

// ------------------------------------------------ numbers, not quantities

#[test]
fn names_codes_years_and_one_of() {
    assert_eq!(
        rows("Ningbo ranked 12th in the Fortune Global 500 list, as the 20th National Congress opened; its 6638N model sold one of the best."),
        ["12th|12|[12,12]|exact|rank|rank|fortune_rank|-|-|-"]
    );
    assert_eq!(
        rows("One of the three plants opened in 2018, and the 2022 plan covers 14 districts."),
        [
            "three|3|[3,3]|exact|count|level|-|2018|-|plants",
            "14|14|[14,14]|exact|count|level|-|2022|-|districts",
        ]
    );
    assert_eq!(
        rows("During the 14th Five-Year Plan period, Wuxi built 25 parks."),
        ["25|25|[25,25]|exact|count|level|-|-|-|parks"]
    );
}

#[test]
fn the_shipped_lexicon_knows_the_names() {
    let lex = Lexicon::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/metrics.yaml"))
        .expect("rules/metrics.yaml loads");
    let text = "At the 20th National Congress, during the 14th Five-Year Plan, the group joined the Fortune Global 500 with its 6638N line.";
    let mut article = Article::from_text("t.txt".into(), PathBuf::from("t.txt"), text.into(), None)
        .expect("article");
    article.meta.date = NaiveDate::from_ymd_opt(2023, 3, 10);
    assert_eq!(extract(&article, &lex, &Settings::default()), []);
}

// ------------------------------------------------- fractions and ranges

#[test]
fn fractions_of_a_whole() {
    // "a quarter to Africa" has no "of": not read as a fraction.
    assert_eq!(
        rows("A third of the exports went to Europe, a quarter to Africa, and half of the firms export."),
        [
            "A third|33.33333333333333|[31.66666666666666,34.99999999999999]|approx|percent|share|exports|-|-|-",
            "half|50|[47.5,52.5]|approx|percent|share|exports|-|-|-",
        ]
    );
}

#[test]
fn ranges_stay_ranges() {
    // The value is the midpoint, but the interval is the whole range, and
    // the qualifier says so.
    assert_eq!(
        rows("Exports will grow 5-7 percent this year."),
        ["5-7 percent|6|[4.5,7.5]|range|percent|growth|exports|2023|-|-"]
    );
    // One scale word covers both ends.
    assert_eq!(
        rows("Retail sales are expected to reach 4-5 trillion yuan."),
        ["4-5 trillion yuan|4500000000000|[3500000000000,5500000000000]|range|CNY|level|retail_sales|-|-|-"]
    );
}

#[test]
fn and_does_not_end_a_clause() {
    // Questionable: ", and" is no clause boundary, so the export growth
    // joins the retail-sales level reached in the next clause.
    assert_eq!(
        rows("Exports will grow 5-7 percent this year, and retail sales are expected to reach 4-5 trillion yuan."),
        [
            "5-7 percent|6|[4.5,7.5]|range|percent|growth|exports|2023|1:stated|-",
            "4-5 trillion yuan|4500000000000|[3500000000000,5500000000000]|range|CNY|level|retail_sales|2023|1:to|-",
        ]
    );
}

#[test]
fn a_rule_may_read_about_and_nearly_with_its_own_delta() {
    let claims = claims(
        "Exports totaled about 94 million yuan, nearly 5,500 yuan per ton, and 20 percent more.",
    );
    let about = claims.iter().find(|c| c.text.starts_with("about")).unwrap();
    let r = super::requalify(about, 0.10);
    assert_eq!((r.lo, r.hi), (84.6e6, 103.4e6));
    let nearly = claims
        .iter()
        .find(|c| c.text.starts_with("nearly"))
        .unwrap();
    let r = super::requalify(nearly, 0.10);
    assert_eq!((r.lo, r.hi), (4950.0, 5500.0));
    let exact = claims.iter().find(|c| c.text == "20 percent").unwrap();
    assert_eq!(&super::requalify(exact, 0.10), exact);
}

mod blocked {
    use super::super::lexicon::{Entry, LexMatch};
    use super::super::token::{tokenize, Token};
    use proptest::prelude::*;

    /// The test it replaced: every token against every match.
    fn oracle(toks: &[Token<'_>], lexm: &[LexMatch]) -> Vec<bool> {
        toks.iter()
            .map(|t| {
                lexm.iter().any(|m| {
                    (t.start >= m.start && t.end <= m.end)
                        || (m.entry == Entry::Name && (t.end + 1 == m.start || t.end == m.start))
                })
            })
            .collect()
    }

    const TEXT: &str = "No.1 Middle School, Binzhou's 3 firms (5G) grew 4.5 percent in 2023 -- a \u{201c}top 10\u{201d} list.";

    proptest! {
        #[test]
        fn tokens_blocked_by_matches_are_those_of_every_token_against_every_match(
            raw in prop::collection::vec((0usize..TEXT.len(), 0usize..12, 0u8..3), 0..6)
        ) {
            let toks = tokenize(TEXT, 0, TEXT.len());
            let lexm: Vec<LexMatch> = raw
                .iter()
                .map(|&(start, len, e)| LexMatch {
                    start,
                    end: (start + len).min(TEXT.len()),
                    entry: match e { 0 => Entry::Name, 1 => Entry::Metric(0), _ => Entry::Subject(0) },
                })
                .collect();
            let got = super::super::blocked_tokens(&toks, &[], &lexm);
            // Without times and years, only the matches block.
            let years: Vec<bool> = super::super::blocked_tokens(&toks, &[], &[]);
            let want: Vec<bool> = oracle(&toks, &lexm).iter().zip(&years).map(|(a, b)| *a || *b).collect();
            prop_assert_eq!(got, want);
        }
    }
}
