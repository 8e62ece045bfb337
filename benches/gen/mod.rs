//! A deterministic corpus generator for the benchmarks and the
//! `gen_corpus` example. Not a bench target: bench files include it with
//! `mod gen;`, examples with `#[path = "../benches/gen/mod.rs"] mod gen;`.
//!
//! A [`World`] is the ground truth: a few hundred invented cities, each with
//! consistent yearly figures (2009–2026) for metrics the shipped lexicon
//! knows: GDP and its growth, budget and industrial revenue, exports,
//! imports and foreign trade, enterprises above designated scale, champion
//! products, forest coverage, R&D investment and its rank in the province.
//! Articles (about 2 KB, like the seeds: a title, an "Updated :" line,
//! prose with some quantitative sentences) state those figures in the
//! phrasings the extractor reads, so many articles state the same fact and
//! the cross-source rules have real work. A small share of articles gets
//! one known discrepancy ([`Kind`]); [`World::article`] returns what it
//! injected, so a bench can compare what was injected with what was found.
//!
//! Everything is a pure function of the seed and the article number:
//! article `i` is the same whatever the corpus size and whichever thread
//! writes it. Nothing generated is committed.

#![allow(dead_code)] // each bench and example uses a part of it

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// The generator's version, for people; [`fingerprint`] tells machines.
pub const VERSION: u32 = 1;

/// A hash of this file: a corpus kept from an earlier run is reused only
/// when the generator that wrote it is the same, to the byte.
pub fn fingerprint() -> u64 {
    // FNV-1a: stable across Rust versions, unlike the std hasher.
    include_str!("mod.rs")
        .bytes()
        .fold(0xCBF2_9CE4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
        })
}
pub const DEFAULT_SEED: u64 = 0x5EED_C1A1_3C4E_C4A1;
/// Share of articles that get one injected discrepancy.
pub const DEFAULT_INJECTION_RATE: f64 = 0.02;
/// Share of body sentences that state numbers (the rest is prose).
pub const DEFAULT_QUANT_SHARE: f64 = 0.4;

const FIRST_YEAR: i32 = 2009;
const LAST_YEAR: i32 = 2026;
/// Articles are dated in these years (the reference exchange rates cover
/// them) and report figures from 2010 on.
const ARTICLE_YEARS: (i32, i32) = (2013, 2025);
const CITIES: usize = 240;

/// xorshift64*, seeded through splitmix64.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(splitmix(seed) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn stream(seed: u64, a: u64, b: u64) -> Rng {
    Rng::new(splitmix(seed ^ splitmix(a.wrapping_mul(0x100) ^ b)))
}

// ---------------------------------------------------------------------------
// Injected discrepancies

/// The kinds of discrepancy the generator injects, each aimed at one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Growth divided by the new value: (to − from) / to.
    WrongBase,
    /// A growth percent off by a few points.
    WrongPercent,
    /// A year-on-year growth that the previous year's level contradicts.
    YearOnYear,
    /// Total growth and average annual rate that do not compound.
    Compound,
    /// A relative change stated as percentage points.
    Points,
    /// A multiple ("fivefold") that the levels contradict.
    Multiple,
    /// A share of a whole stated in the sentence, miscomputed.
    Share,
    /// R&D investment as a share of the previous year's GDP.
    RdShare,
    /// Exports as a share of foreign trade, miscomputed.
    TradeShare,
    /// Exports and imports that do not add up to foreign trade.
    Sum,
    /// A part larger than its whole (global champions vs champions swapped).
    PartExceedsWhole,
    /// Another article's figure restated with a different value.
    Disagree,
    /// A dollar amount converted at a rate of no year we know.
    Conversion,
    /// A figure for a year after the article's date.
    FuturePeriod,
    /// A stated duration one year too long.
    Duration,
    /// "N major industries:" listing N ± 1.
    Enumeration,
    /// "first for N consecutive years" where a rank of one of those years
    /// (stated beside it) is not first.
    Streak,
}

impl Kind {
    pub const ALL: [Kind; 17] = [
        Kind::WrongBase,
        Kind::WrongPercent,
        Kind::YearOnYear,
        Kind::Compound,
        Kind::Points,
        Kind::Multiple,
        Kind::Share,
        Kind::RdShare,
        Kind::TradeShare,
        Kind::Sum,
        Kind::PartExceedsWhole,
        Kind::Disagree,
        Kind::Conversion,
        Kind::FuturePeriod,
        Kind::Duration,
        Kind::Enumeration,
        Kind::Streak,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::WrongBase => "wrong-base",
            Kind::WrongPercent => "wrong-percent",
            Kind::YearOnYear => "year-on-year",
            Kind::Compound => "compound",
            Kind::Points => "points",
            Kind::Multiple => "multiple",
            Kind::Share => "share",
            Kind::RdShare => "rd-share",
            Kind::TradeShare => "trade-share",
            Kind::Sum => "sum",
            Kind::PartExceedsWhole => "part-exceeds-whole",
            Kind::Disagree => "disagree",
            Kind::Conversion => "conversion",
            Kind::FuturePeriod => "future-period",
            Kind::Duration => "duration",
            Kind::Enumeration => "enumeration",
            Kind::Streak => "streak",
        }
    }

    pub fn from_name(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }

    /// The shipped rule that must flag it.
    pub fn rule(self) -> &'static str {
        match self {
            Kind::WrongBase | Kind::WrongPercent | Kind::YearOnYear => "growth-mismatch",
            Kind::Compound => "compound-mismatch",
            Kind::Points => "points-mismatch",
            Kind::Multiple => "multiple-mismatch",
            Kind::Share => "share-mismatch",
            Kind::RdShare => "rd-share-of-gdp",
            Kind::TradeShare => "trade-share",
            Kind::Sum => "trade-sum",
            Kind::PartExceedsWhole => "part-exceeds-whole",
            Kind::Disagree => "figures-disagree",
            Kind::Conversion => "conversion-rate",
            Kind::FuturePeriod | Kind::Duration => "timeline",
            Kind::Enumeration => "enumeration-count",
            Kind::Streak => "streak-contradicted",
        }
    }
}

/// One injected discrepancy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Injected {
    pub kind: Kind,
    /// The article id as claimcheck reports it ("000/000123.txt").
    pub article: String,
    /// The sentence that carries it.
    pub detail: String,
}

// ---------------------------------------------------------------------------
// The world: cities and their figures

/// One city's figures for one year.
#[derive(Clone, Copy, Debug, Default)]
struct Figures {
    /// Amounts in 0.1 billion yuan (budget and R&D: 0.01 billion).
    gdp: u64,
    budget: u64,
    ind_rev: u64,
    exports: u64,
    imports: u64,
    rd: u64,
    enterprises: u32,
    high_tech: u32,
    top500: u32,
    champions: u32,
    global: u32,
    /// 0.1 percent.
    forest: u32,
    /// Rank of R&D intensity in the province.
    rd_rank: u32,
    /// Growth of high-tech manufacturing, 0.1 percent.
    hitech: i32,
}

pub struct City {
    pub name: String,
    years: Vec<Figures>,
    industries: Vec<&'static str>,
}

impl City {
    fn at(&self, year: i32) -> &Figures {
        &self.years[(year - FIRST_YEAR) as usize]
    }
}

/// Syllables for city names: pinyin-like, none an English word, none
/// making a place of the shipped lexicon (checked in `write_rules`).
const FIRST_SYLLABLES: &[&str] = &[
    "Lan", "He", "Qing", "Xin", "Dong", "Nan", "Jin", "Feng", "Long", "Yun", "Ping", "Shui", "Bao",
    "Rui", "Tai", "Kang", "Yong", "Gao", "Ning", "Xiang", "Zhao", "Luo", "Song", "Chang", "Qian",
    "Hong", "Jia", "Mei", "Ze", "Lu",
];
const SECOND_SYLLABLES: &[&str] = &[
    "zhou", "yang", "cheng", "shan", "ping", "kou", "ling", "xi", "tan", "quan", "lin", "yuan",
    "feng", "he", "ning", "du",
];

/// Real prefecture-level cities the syllables would make: invented
/// figures should not be pinned on them.
const REAL_CITIES: &[&str] = &[
    "Changzhou",
    "Hezhou",
    "Heyuan",
    "Jincheng",
    "Jinzhou",
    "Lanzhou",
    "Luohe",
    "Luzhou",
    "Meishan",
    "Meizhou",
    "Nanping",
    "Nanyang",
    "Pingxiang",
    "Qingyuan",
    "Songyuan",
    "Taizhou",
    "Xinzhou",
    "Yongzhou",
];

/// The names of the generated cities: the same for every seed, so one rules
/// folder serves every corpus.
pub fn city_names() -> Vec<String> {
    let mut names: Vec<String> = FIRST_SYLLABLES
        .iter()
        .flat_map(|a| {
            SECOND_SYLLABLES
                .iter()
                .filter(move |b| !a.eq_ignore_ascii_case(b))
                .map(move |b| format!("{a}{b}"))
        })
        .filter(|n| !REAL_CITIES.contains(&n.as_str()))
        .collect();
    let mut r = Rng::new(0xC17E5);
    for i in (1..names.len()).rev() {
        names.swap(i, r.below(i as u64 + 1) as usize);
    }
    names.truncate(CITIES);
    names
}

const INDUSTRIES: &[&str] = &[
    "aluminum",
    "textiles",
    "chemicals",
    "equipment manufacturing",
    "new materials",
    "food processing",
    "new energy",
    "biomedicine",
    "electronic information",
    "auto parts",
    "steel",
    "papermaking",
    "logistics",
    "tourism",
    "modern agriculture",
    "petrochemicals",
    "building materials",
    "marine fisheries",
    "furniture",
    "home appliances",
];

/// The shipped reference rates (rules/data/cny_usd.yaml): the annual
/// average, or the middle of the range where no average is given.
fn cny_per_usd(year: i32) -> f64 {
    match year {
        2010 => 6.7695,
        2011 => 6.4588,
        2012 => 6.3125,
        2013 => 6.1932,
        2014 => 6.1428,
        2015 => 6.2284,
        2016 => 6.6423,
        2017 => 6.7518,
        2018 => 6.6174,
        2019 => 6.8985,
        2020 => 6.8976,
        2021 => 6.4515,
        2022 => 6.7261,
        2023 => 7.0467,
        2024 => 7.1217,
        _ => 7.17,
    }
}

fn grow(v: u64, percent: f64) -> u64 {
    ((v as f64) * (1.0 + percent / 100.0)).round().max(1.0) as u64
}

fn make_city(name: String, r: &mut Rng) -> City {
    let n = (LAST_YEAR - FIRST_YEAR + 1) as usize;
    let mut years = Vec::with_capacity(n);
    let trend = r.uniform(4.0, 9.0);
    let mut f = Figures {
        gdp: r.range(600, 9000) as u64,
        ..Default::default()
    };
    f.budget = (f.gdp as f64 * 10.0 * r.uniform(0.06, 0.10)).round() as u64;
    f.ind_rev = (f.gdp as f64 * r.uniform(1.2, 2.5)).round() as u64;
    f.exports = (f.gdp as f64 * r.uniform(0.12, 0.30)).round().max(100.0) as u64;
    f.imports = (f.gdp as f64 * r.uniform(0.06, 0.20)).round().max(100.0) as u64;
    f.enterprises = r.range(300, 3000) as u32;
    let high_tech_share = r.uniform(0.08, 0.25);
    f.top500 = r.range(0, 6) as u32;
    f.champions = r.range(5, 35) as u32;
    f.global = r.range(1, 4) as u32;
    f.forest = r.range(80, 380) as u32;
    let mut intensity = r.uniform(1.0, 3.2);
    let leader_from = if r.chance(0.25) {
        Some(r.range(2011, 2022) as i32)
    } else {
        None
    };
    f.rd_rank = r.range(2, 12) as u32;
    for y in FIRST_YEAR..=LAST_YEAR {
        if y > FIRST_YEAR {
            let covid = if y == 2020 { 4.0 } else { 0.0 };
            let g = (trend + r.uniform(-2.0, 2.0) - covid).max(1.0);
            let last = f;
            f.gdp = grow(f.gdp, g);
            f.budget = grow(f.budget, g + r.uniform(-4.0, 5.0));
            f.ind_rev = grow(f.ind_rev, g + r.uniform(-3.0, 4.0));
            f.exports = grow(f.exports, r.uniform(-8.0, 16.0));
            f.imports = grow(f.imports, r.uniform(-8.0, 14.0));
            // No growth that rounds to 0.0 percent ("grew by 0.0 percent").
            while FLOWS
                .iter()
                .any(|fl| round1(change(fl.amount(&last).0, fl.amount(&f).0)) == 0.0)
            {
                f.gdp += 1;
                f.budget += 1;
                f.ind_rev += 1;
                f.exports += 1;
                f.imports += 2;
            }
            let e = f.enterprises as f64 * (1.0 + r.uniform(-0.03, 0.07));
            f.enterprises = e.round() as u32;
            if r.chance(0.2) {
                f.top500 = (f.top500 + 1).min(9);
            }
            f.champions += r.range(0, 5) as u32;
            f.global = (f.global + r.range(0, 2) as u32).min(f.champions);
            f.forest = (f.forest + r.range(1, 8) as u32).min(650);
            intensity = (intensity + r.uniform(-0.12, 0.2)).clamp(0.6, 6.0);
            let step = r.range(-2, 2);
            f.rd_rank = (f.rd_rank as i64 + step).clamp(2, 14) as u32;
        }
        if leader_from.is_some_and(|s| y >= s) {
            f.rd_rank = 1;
        }
        f.high_tech = (f.enterprises as f64 * high_tech_share).round() as u32;
        // R&D investment in 0.01 billion: the intensity is then what the
        // rounded figures give, so every statement of it agrees.
        f.rd = (f.gdp as f64 * 10.0 * intensity / 100.0).round() as u64;
        f.hitech = r.range(30, 320) as i32;
        years.push(f);
    }
    let mut industries: Vec<&'static str> = Vec::new();
    let k = r.range(3, 8) as usize;
    while industries.len() < k {
        let s = *r.pick(INDUSTRIES);
        if !industries.contains(&s) {
            industries.push(s);
        }
    }
    City {
        name,
        years,
        industries,
    }
}

/// The ground truth and the article writer.
pub struct World {
    pub seed: u64,
    pub cities: Vec<City>,
    /// Share of articles with one injected discrepancy.
    pub injection_rate: f64,
    /// Share of body sentences that state numbers.
    pub quant_share: f64,
}

/// Where article `i` is written, relative to the corpus folder, and its id
/// in claimcheck's reports: folders of 1000 articles.
pub fn article_id(i: usize) -> String {
    format!("{:03}/{:06}.txt", i / 1000, i)
}

struct Header {
    city: usize,
    year: i32,
    month: u32,
    day: u32,
}

impl World {
    pub fn new(seed: u64) -> Self {
        let mut r = stream(seed, u64::MAX, 0);
        let cities = city_names()
            .into_iter()
            .map(|n| make_city(n, &mut r))
            .collect();
        World {
            seed,
            cities,
            injection_rate: DEFAULT_INJECTION_RATE,
            quant_share: DEFAULT_QUANT_SHARE,
        }
    }

    pub fn with_injection_rate(mut self, rate: f64) -> Self {
        self.injection_rate = rate;
        self
    }

    pub fn with_quant_share(mut self, share: f64) -> Self {
        self.quant_share = share;
        self
    }

    fn header(&self, i: usize) -> Header {
        let mut r = stream(self.seed, i as u64, 1);
        Header {
            city: r.below(self.cities.len() as u64) as usize,
            year: r.range(ARTICLE_YEARS.0 as i64, ARTICLE_YEARS.1 as i64) as i32,
            month: r.range(1, 12) as u32,
            day: r.range(1, 28) as u32,
        }
    }

    /// Article `i`: its text and the discrepancies injected into it.
    pub fn article(&self, i: usize) -> (String, Vec<Injected>) {
        let h = self.header(i);
        let mut w = Writer {
            world: self,
            r: stream(self.seed, i as u64, 2),
            city: h.city,
            year: h.year,
            id: article_id(i),
            injected: Vec::new(),
            used: Vec::new(),
        };
        let inject = if w.r.chance(self.injection_rate) {
            Some(*w.r.pick(&Kind::ALL))
        } else {
            None
        };
        let mut paragraphs: Vec<String> = Vec::new();
        let lead = w.prose(LEADS);
        let headline = w.headline();
        paragraphs.push(format!("{lead} {headline}"));
        if w.r.chance(0.5) {
            paragraphs.push(w.prose(CAPTIONS));
        }
        let target = w.r.range(1700, 2500) as usize;
        let mut size: usize = 120 + paragraphs.iter().map(|p| p.len() + 2).sum::<usize>();
        let second = if w.r.chance(0.3) {
            Some(w.r.below(self.cities.len() as u64) as usize).filter(|c| *c != h.city)
        } else {
            None
        };
        let mut seconds = second.into_iter().collect::<Vec<_>>();
        while size < target {
            let n = w.r.range(1, 3);
            let mut p = String::new();
            for _ in 0..n {
                let s = if let Some(c2) = seconds.pop() {
                    w.second_city(c2)
                } else if w.r.chance(self.quant_share) {
                    w.statement()
                } else {
                    w.prose(PROSE)
                };
                if !p.is_empty() {
                    p.push(' ');
                }
                p.push_str(&s);
            }
            size += p.len() + 2;
            paragraphs.push(p);
        }
        if let Some(kind) = inject {
            if let Some(s) = w.inject(kind, i) {
                let at = 1 + w.r.below(paragraphs.len() as u64) as usize;
                paragraphs.insert(at.min(paragraphs.len()), s);
            }
        }
        if w.r.chance(0.4) {
            paragraphs.push(w.prose(CLOSINGS));
        }
        let title = w.prose(TITLES);
        let mut text = String::with_capacity(size + 256);
        let _ = write!(
            text,
            "{title}\n\n(| Updated : {}-{:02}-{:02}\n\nPrint Print\n\n",
            h.year, h.month, h.day
        );
        for p in &paragraphs {
            text.push_str(p);
            text.push_str("\n\n");
        }
        (text, w.injected)
    }
}

// ---------------------------------------------------------------------------
// Writing

/// The flow metrics: amounts with a year-on-year growth.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Flow {
    Gdp,
    Budget,
    IndRev,
    Exports,
    Imports,
    Trade,
}

const FLOWS: &[Flow] = &[
    Flow::Gdp,
    Flow::Gdp,
    Flow::Budget,
    Flow::IndRev,
    Flow::Exports,
    Flow::Imports,
    Flow::Trade,
];

impl Flow {
    /// The amount in units of 10^-decimals billion yuan.
    fn amount(self, f: &Figures) -> (u64, u32) {
        match self {
            Flow::Gdp => (f.gdp, 1),
            Flow::Budget => (f.budget, 2),
            Flow::IndRev => (f.ind_rev, 1),
            Flow::Exports => (f.exports, 1),
            Flow::Imports => (f.imports, 1),
            Flow::Trade => (f.exports + f.imports, 1),
        }
    }
    /// Whether articles give the amount in dollars too. Not for trade:
    /// the `sum` rule adds dollar amounts of exports and imports converted
    /// at different articles' rates, and they need not add up.
    fn converts(self) -> bool {
        matches!(self, Flow::Gdp | Flow::Budget | Flow::IndRev)
    }

    /// Names of the metric, as the lexicon knows them.
    fn names(self) -> &'static [&'static str] {
        match self {
            Flow::Gdp => &["gross domestic product", "GDP", "economic output"],
            Flow::Budget => &["general public budget revenue", "fiscal revenue"],
            Flow::IndRev => &[
                "revenue of industrial enterprises above designated size",
                "industrial revenue",
            ],
            Flow::Exports => &["exports", "total exports", "export value"],
            Flow::Imports => &["imports", "total imports", "import value"],
            Flow::Trade => &[
                "foreign trade",
                "total foreign trade",
                "foreign trade volume",
            ],
        }
    }
}

fn pct(p: f64, decimals: usize) -> String {
    format!("{:.*}", decimals, p)
}

/// Percent change from `a` to `b`.
fn change(a: u64, b: u64) -> f64 {
    (b as f64 / a as f64 - 1.0) * 100.0
}

/// 1.0 decimal rounding as the articles write it.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// "357.2 billion yuan", "1,020.4 billion yuan", "28.73 billion yuan".
fn billion(v: u64, decimals: u32) -> String {
    let k = 10u64.pow(decimals);
    format!(
        "{}.{:0w$} billion yuan",
        thousands(v / k),
        v % k,
        w = decimals as usize
    )
}

/// An amount, sometimes in trillions when it is that large.
fn amount(r: &mut Rng, v: u64, decimals: u32) -> String {
    let bn = v as f64 / 10f64.powi(decimals as i32);
    if bn >= 1000.0 && r.chance(0.3) {
        format!("{:.2} trillion yuan", bn / 1000.0)
    } else {
        billion(v, decimals)
    }
}

fn usd(v: u64, decimals: u32, rate: f64) -> String {
    let bn = v as f64 / 10f64.powi(decimals as i32) / rate;
    if bn >= 100.0 {
        format!("${bn:.1} billion")
    } else {
        format!("${bn:.2} billion")
    }
}

const WORDS: &[&str] = &[
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
];
const ORDINALS: &[&str] = &[
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
];
const FOLDS: &[&str] = &[
    "",
    "",
    "twofold",
    "threefold",
    "fourfold",
    "fivefold",
    "sixfold",
    "sevenfold",
    "eightfold",
    "ninefold",
    "tenfold",
];

fn word(n: u32) -> String {
    WORDS
        .get(n as usize)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

fn numeric_ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

struct Writer<'w> {
    world: &'w World,
    r: Rng,
    city: usize,
    /// The year of the article's date.
    year: i32,
    id: String,
    injected: Vec<Injected>,
    /// Prose already used.
    used: Vec<&'static str>,
}

impl<'w> Writer<'w> {
    fn c(&self) -> &'w City {
        &self.world.cities[self.city]
    }
    fn name(&self) -> &'w str {
        &self.c().name
    }

    /// A sentence of `pool`, not one the article already has (while the
    /// pool lasts).
    fn prose(&mut self, pool: &[&'static str]) -> String {
        let mut s = *self.r.pick(pool);
        for _ in 0..4 {
            if !self.used.contains(&s) {
                break;
            }
            s = *self.r.pick(pool);
        }
        self.used.push(s);
        s.replace("{C}", self.name())
    }

    fn record(&mut self, kind: Kind, detail: &str) {
        self.injected.push(Injected {
            kind,
            article: self.id.clone(),
            detail: detail.to_string(),
        });
    }

    /// A year with full-year figures at the article's date, biased to the
    /// latest.
    fn recent_year(&mut self) -> i32 {
        let back = match self.r.below(10) {
            0..=5 => 1,
            6..=7 => 2,
            _ => self.r.range(3, 5) as i32,
        };
        (self.year - back).max(2011)
    }

    /// Two years `y0 < y1 < article year`.
    fn span(&mut self, max_len: i64) -> (i32, i32) {
        let y1 = self.recent_year();
        let y0 = (y1 - self.r.range(1, max_len) as i32).max(2010);
        if y0 == y1 {
            (y1 - 1, y1)
        } else {
            (y0, y1)
        }
    }

    /// "Heyang's" or, for the article's own city, sometimes "the city's".
    fn owner(&mut self, city: usize) -> String {
        if city == self.city && self.r.chance(0.35) {
            "the city's".to_string()
        } else {
            format!("{}'s", self.world.cities[city].name)
        }
    }

    /// "Heyang's GDP" or "the GDP of Heyang".
    fn metric_of(&mut self, city: usize, flow: Flow) -> String {
        let m = *self.r.pick(flow.names());
        if self.r.chance(0.3) {
            format!("the {m} of {}", self.world.cities[city].name)
        } else {
            format!("{} {m}", self.owner(city))
        }
    }

    fn fig(&self, city: usize, year: i32) -> &'w Figures {
        self.world.cities[city].at(year)
    }

    // -- clean statements ---------------------------------------------------

    /// The lead figure of every article: the city's GDP growth last year.
    fn headline(&mut self) -> String {
        let y = self.year - 1;
        let c = self.city;
        let (g, _) = self.yoy(c, Flow::Gdp, y);
        let name = self.name();
        let (a, d) = Flow::Gdp.amount(self.fig(c, y));
        let level = amount(&mut self.r, a, d);
        match self.r.below(4) {
            0 => format!(
                "In {y}, {name}'s gross domestic product reached {level}, an increase of {} percent year-on-year.",
                pct(g, 1)
            ),
            1 => format!(
                "Last year, the economic output of {name} rose {} percent to {level}.",
                pct(g, 1)
            ),
            2 => format!("In {y}, {name}'s GDP grew by {} percent, officials said.", pct(g, 1)),
            _ => format!(
                "{name}'s gross domestic product totaled {level} in {y}, up {} percent over the previous year.",
                pct(g, 1)
            ),
        }
    }

    /// The year-on-year growth of a flow, rounded as stated, and its level.
    fn yoy(&self, city: usize, flow: Flow, y: i32) -> (f64, u64) {
        let (a, _) = flow.amount(self.fig(city, y - 1));
        let (b, _) = flow.amount(self.fig(city, y));
        (round1(change(a, b)), b)
    }

    /// One quantitative sentence (or a few), chosen at random.
    fn statement(&mut self) -> String {
        loop {
            let s = match self.r.below(22) {
                0..=2 => Some(self.level_yoy(None)),
                3 => Some(self.last_year()),
                4..=5 => self.between(None),
                6 => self.compound(None),
                7 => Some(self.level(None)),
                8 => Some(self.growth_only()),
                9 => self.trade(None),
                10 => Some(self.enterprises(None)),
                11 => self.champions(None),
                12 => self.champions_from_to(None),
                13 => self.multiple(None),
                14 => Some(self.enumeration(None)),
                15 => Some(self.rd(None)),
                16 => Some(self.rd_rank()),
                17 => self.rank_series(),
                18 => self.streak(None),
                19 => self.forest(None),
                20 => Some(self.hitech()),
                _ => Some(self.forest_level()),
            };
            if let Some(s) = s {
                return s;
            }
        }
    }

    /// A growth phrase: "an increase of 7.1 percent" / "down 3.2 percent".
    ///
    /// "Over the previous year" is only written of the year before the
    /// article's: claimcheck resolves "the previous year" against the
    /// article's date, not against the year of the sentence.
    fn change_phrase(&mut self, g: f64, y: i32) -> String {
        let tails: &[&str] = if y == self.year - 1 {
            &[" year-on-year", " year on year", " over the previous year"]
        } else {
            &[" year-on-year", " year on year"]
        };
        let tail = *self.r.pick(tails);
        if g >= 0.0 {
            match self.r.below(3) {
                0 => format!("an increase of {} percent{tail}", pct(g, 1)),
                1 => format!("up {} percent{tail}", pct(g, 1)),
                _ => format!("with an increase of {} percent{tail}", pct(g, 1)),
            }
        } else {
            match self.r.below(2) {
                0 => format!("a decrease of {} percent{tail}", pct(-g, 1)),
                _ => format!("down {} percent{tail}", pct(-g, 1)),
            }
        }
    }

    fn pick_flow(&mut self) -> Flow {
        *self.r.pick(FLOWS)
    }

    /// "In 2021, Heyang's GDP reached 357.2 billion yuan ($55.37 billion),
    /// an increase of 7.1 percent year-on-year."
    fn level_yoy(&mut self, wrong: Option<f64>) -> String {
        let flow = if wrong.is_some() {
            Flow::Gdp
        } else {
            self.pick_flow()
        };
        let y = self.recent_year();
        let (g, v) = self.yoy(self.city, flow, y);
        let g = g + wrong.unwrap_or(0.0);
        let d = flow.amount(self.fig(self.city, y)).1;
        let who = self.metric_of(self.city, flow);
        let level = self.with_usd(flow, v, d);
        let verb = *self.r.pick(&["reached", "totaled", "hit"]);
        let ch = self.change_phrase(g, y);
        if self.r.chance(0.5) {
            format!("In {y}, {who} {verb} {level}, {ch}.")
        } else {
            format!("{} {verb} {level} in {y}, {ch}.", capitalize(&who))
        }
    }

    /// A level, with its conversion to dollars a third of the time.
    fn with_usd(&mut self, flow: Flow, v: u64, d: u32) -> String {
        let a = amount(&mut self.r, v, d);
        if flow.converts() && self.r.chance(0.33) {
            format!("{a} ({})", usd(v, d, cny_per_usd(self.year)))
        } else {
            a
        }
    }

    /// "Last year, the economic output of Heyang rose 6.3 percent to …"
    fn last_year(&mut self) -> String {
        let flow = self.pick_flow();
        let y = self.year - 1;
        let (g, v) = self.yoy(self.city, flow, y);
        let d = flow.amount(self.fig(self.city, y)).1;
        let who = self.metric_of(self.city, flow);
        let level = amount(&mut self.r, v, d);
        let verb = if g >= 0.0 { "rose" } else { "fell" };
        format!(
            "Last year, {who} {verb} {} percent to {level}.",
            pct(g.abs(), 1)
        )
    }

    /// "In 2021, Heyang's exports were 60.2 billion yuan." (with a dollar
    /// amount at the rate of the article's year, or a wrong one).
    fn level(&mut self, wrong_rate: Option<f64>) -> String {
        let flow = match wrong_rate {
            Some(_) => *self.r.pick(&[Flow::Gdp, Flow::Budget, Flow::IndRev]),
            None => self.pick_flow(),
        };
        let y = self.recent_year();
        let (v, d) = flow.amount(self.fig(self.city, y));
        let who = self.metric_of(self.city, flow);
        let level = match wrong_rate {
            Some(rate) => format!("{} ({})", amount(&mut self.r, v, d), usd(v, d, rate)),
            None => self.with_usd(flow, v, d),
        };
        match self.r.below(3) {
            0 => format!("In {y}, {who} was {level}."),
            1 => format!("{} reached {level} in {y}.", capitalize(&who)),
            _ => format!("By the end of {y}, {who} had reached {level}."),
        }
    }

    /// "In 2021, Heyang's GDP grew by 7.1 percent."
    fn growth_only(&mut self) -> String {
        let flow = self.pick_flow();
        let y = self.recent_year();
        let c = self.city;
        let (g, _) = self.yoy(c, flow, y);
        let who = self.metric_of(c, flow);
        self.growth_sentence(&who, y, g)
    }

    fn growth_sentence(&mut self, who: &str, y: i32, g: f64) -> String {
        let (verb, g) = if g >= 0.0 {
            ("grew by", g)
        } else {
            ("fell by", -g)
        };
        if self.r.chance(0.5) {
            format!("In {y}, {who} {verb} {} percent.", pct(g, 1))
        } else {
            format!(
                "{} {verb} {} percent in {y}, according to the local statistics bureau.",
                capitalize(who),
                pct(g, 1)
            )
        }
    }

    /// "Heyang's GDP rose from A in 2017 to B in 2021, an increase of P
    /// percent." With `wrong`, the percent is miscomputed.
    fn between(&mut self, wrong: Option<Kind>) -> Option<String> {
        for _ in 0..20 {
            let flow = self.pick_flow();
            let (y0, y1) = self.span(6);
            let c = self.city;
            let (a, d) = flow.amount(self.fig(c, y0));
            let (b, _) = flow.amount(self.fig(c, y1));
            let p = change(a, b);
            let stated = match wrong {
                None => round1(p),
                Some(Kind::WrongBase) => {
                    let q = (b as f64 - a as f64) / b as f64 * 100.0;
                    if (q - p).abs() < 0.5 {
                        continue;
                    }
                    round1(q)
                }
                Some(_) => {
                    let delta = self.r.uniform(1.5, 4.0);
                    round1(if p >= 0.0 { p + delta } else { p - delta })
                }
            };
            if stated == 0.0 {
                continue;
            }
            let who = self.metric_of(c, flow);
            // An injected slip must not hide in the rounding of a level
            // given in trillions (to 0.5 %).
            let (va, vb) = if wrong.is_some() {
                (billion(a, d), billion(b, d))
            } else {
                (amount(&mut self.r, a, d), amount(&mut self.r, b, d))
            };
            let (verb, noun) = if b >= a {
                (*self.r.pick(&["rose", "grew", "increased"]), "an increase")
            } else {
                (*self.r.pick(&["fell", "declined", "dropped"]), "a decrease")
            };
            return Some(format!(
                "{} {verb} from {va} in {y0} to {vb} in {y1}, {noun} of {} percent.",
                capitalize(&who),
                pct(stated.abs(), 1)
            ));
        }
        None
    }

    /// Total growth and average annual rate over a period, or a rate
    /// between two levels. With `wrong`, they do not compound.
    fn compound(&mut self, wrong: Option<Kind>) -> Option<String> {
        let c = self.city;
        let flow = *self
            .r
            .pick(&[Flow::Gdp, Flow::Gdp, Flow::Budget, Flow::IndRev]);
        if self.r.chance(0.5) {
            // "Between 2012 and 2021, GDP increased by T percent, with an
            // average annual growth of R percent" (10 years of growth).
            let y1 = self.recent_year();
            let n = self.r.range(3, 10) as i32;
            let y0 = (y1 - n + 1).max(2010);
            let n = y1 - y0 + 1;
            let (a, _) = flow.amount(self.fig(c, y0 - 1));
            let (b, _) = flow.amount(self.fig(c, y1));
            let t = change(a, b);
            if t <= 0.0 {
                return None;
            }
            let rate = ((1.0 + t / 100.0).powf(1.0 / n as f64) - 1.0) * 100.0;
            let (mut t, mut rate) = (round1(t), round1(rate));
            if wrong.is_some() {
                let linear = round1(rate * n as f64);
                if compounds(rate, n, linear) {
                    rate += self.r.uniform(1.2, 2.0);
                    rate = round1(rate);
                } else {
                    t = linear;
                }
                if compounds(rate, n, t) {
                    return None;
                }
            }
            let who = self.metric_of(c, flow);
            let tail = *self.r.pick(&[
                "with an average annual growth of",
                "an average annual growth of",
                "with an average annual growth rate of",
            ]);
            Some(format!(
                "Between {y0} and {y1}, {who} increased by {} percent, {tail} {} percent.",
                pct(t, 1),
                pct(rate, 1)
            ))
        } else {
            let (y0, y1) = self.span(8);
            let (a, d) = flow.amount(self.fig(c, y0));
            let (b, _) = flow.amount(self.fig(c, y1));
            if b <= a {
                return None;
            }
            let n = (y1 - y0) as f64;
            let exact = ((b as f64 / a as f64).powf(1.0 / n) - 1.0) * 100.0;
            let rate = if wrong.is_some() {
                round1(exact + self.r.uniform(1.2, 2.5))
            } else {
                round1(exact)
            };
            let who = self.metric_of(c, flow);
            let (va, vb) = (amount(&mut self.r, a, d), amount(&mut self.r, b, d));
            Some(format!(
                "{} rose from {va} in {y0} to {vb} in {y1}, an average annual increase of {} percent.",
                capitalize(&who),
                pct(rate, 1)
            ))
        }
    }

    /// Exports, imports and foreign trade of one year, in three sentences;
    /// or exports with their share of trade.
    fn trade(&mut self, wrong: Option<Kind>) -> Option<String> {
        let c = self.city;
        let y = self.recent_year();
        let f = *self.fig(c, y);
        let (e, i) = (f.exports, f.imports);
        let total = e + i;
        let name = self.name();
        if wrong == Some(Kind::TradeShare) || (wrong.is_none() && self.r.chance(0.3)) {
            let share = e as f64 / total as f64 * 100.0;
            let stated = match wrong {
                Some(_) => {
                    let delta = self.r.uniform(4.0, 9.0);
                    if share > 50.0 {
                        share - delta
                    } else {
                        share + delta
                    }
                }
                None => share,
            };
            let first = format!(
                "In {y}, {name}'s exports reached {}, accounting for {} percent of its foreign trade.",
                billion(e, 1),
                pct(stated, 1)
            );
            return Some(if wrong.is_some() || self.r.chance(0.5) {
                format!(
                    "{first} {name}'s foreign trade reached {} in {y}.",
                    billion(total, 1)
                )
            } else {
                first
            });
        }
        let stated_total = match wrong {
            Some(_) if self.r.chance(0.5) && e.abs_diff(i) * 10 > total => e.abs_diff(i),
            Some(_) => total + (total as f64 * self.r.uniform(0.08, 0.2)).round() as u64,
            None => total,
        };
        let (ge, _) = self.yoy(c, Flow::Exports, y);
        let ch = self.change_phrase(ge, y);
        let exports = format!("In {y}, {name}'s exports reached {}, {ch}.", billion(e, 1));
        let imports = format!("Its imports were {} in {y}.", billion(i, 1));
        let m = *self.r.pick(Flow::Trade.names());
        let trade = format!(
            "{name}'s {m} reached {} in {y}.",
            amount(&mut self.r, stated_total, 1)
        );
        Some(format!("{exports} {imports} {trade}"))
    }

    /// Enterprises above designated scale, with a part and its share.
    fn enterprises(&mut self, wrong: Option<f64>) -> String {
        let mut y = self.recent_year();
        // claimcheck reads a round count ("1,000") as rounded to the
        // thousand: an injected share needs exact counts to be wrong.
        for _ in 0..10 {
            let f = self.fig(self.city, y);
            if wrong.is_none() || (f.enterprises % 1000 != 0 && f.high_tech % 1000 != 0) {
                break;
            }
            y = self.recent_year();
        }
        let f = *self.fig(self.city, y);
        let name = self.name();
        let n = thousands(f.enterprises as u64);
        if wrong.is_some() || self.r.chance(0.5) {
            let share = f.high_tech as f64 / f.enterprises as f64 * 100.0 + wrong.unwrap_or(0.0);
            format!(
                "By the end of {y}, {name} was home to {n} enterprises above designated scale, including {} high-tech enterprises, accounting for {} percent of the total.",
                thousands(f.high_tech as u64),
                pct(share, 1)
            )
        } else if f.top500 > 0 && self.r.chance(0.5) {
            format!(
                "By the end of {y}, {name} was home to {n} enterprises above designated scale, including {} in China's top 500 list.",
                word(f.top500)
            )
        } else {
            let floor = (f.enterprises / 100 * 100) as u64;
            format!(
                "{name} was home to more than {} enterprises above designated scale at the end of {y}.",
                thousands(floor.max(100) - if floor == f.enterprises as u64 { 100 } else { 0 })
            )
        }
    }

    /// "In 2021, Heyang had 37 champion products, of which 4 held the top
    /// global position." Swapped with `swap`.
    fn champions(&mut self, swap: Option<Kind>) -> Option<String> {
        let y = self.recent_year();
        let f = *self.fig(self.city, y);
        let (mut n, mut g) = (f.champions, f.global);
        if swap.is_some() {
            if g >= n {
                return None;
            }
            std::mem::swap(&mut n, &mut g);
        }
        let name = self.name();
        Some(format!(
            "In {y}, {name} had {n} champion products, of which {g} held the top global position."
        ))
    }

    /// "The number of champion products in Heyang rose from 37 in 2021 to
    /// 53 in 2023 in just two years, an increase of 43.2 percent."
    fn champions_from_to(&mut self, wrong: Option<Kind>) -> Option<String> {
        let (y0, y1) = self.span(4);
        let c = self.city;
        let (a, b) = (self.fig(c, y0).champions, self.fig(c, y1).champions);
        if b <= a {
            return None;
        }
        let name = self.name();
        let years = (y1 - y0) as u32 + u32::from(wrong == Some(Kind::Duration));
        let within = match self.r.below(3) {
            _ if years < 2 => String::new(),
            0 => format!(" in just {} years", word(years)),
            1 => format!(" in {} years", word(years)),
            _ if wrong.is_some() => format!(" in {} years", word(years)),
            _ => String::new(),
        };
        Some(format!(
            "The number of champion products in {name} rose from {a} in {y0} to {b} in {y1}{within}, an increase of {} percent.",
            pct(change(a as u64, b as u64), 1)
        ))
    }

    /// "From 4 in 2021 to 15 in 2023, the number of global champion
    /// products in Heyang has increased nearly fourfold."
    fn multiple(&mut self, wrong: Option<Kind>) -> Option<String> {
        let (y0, y1) = self.span(8);
        let c = self.city;
        let (a, b) = (self.fig(c, y0).global, self.fig(c, y1).global);
        if a < 2 {
            return None;
        }
        let ratio = b as f64 / a as f64;
        let k = ratio.round() as usize;
        let name = self.name();
        let subject = format!("the number of global champion products in {name}");
        if wrong.is_some() {
            if ratio < 1.5 {
                return None;
            }
            let m = k + 2;
            let fold = FOLDS.get(m)?;
            return Some(format!(
                "From {a} in {y0} to {b} in {y1}, {subject} has increased {fold}."
            ));
        }
        if (ratio - k as f64).abs() <= 0.25 && (2..FOLDS.len()).contains(&k) {
            Some(match k {
                2 => format!(
                    "{} doubled from {a} in {y0} to {b} in {y1}.",
                    capitalize(&subject)
                ),
                3 if self.r.chance(0.5) => format!(
                    "{} tripled from {a} in {y0} to {b} in {y1}.",
                    capitalize(&subject)
                ),
                _ => format!(
                    "{} rose from {a} in {y0} to {b} in {y1}, a {} increase.",
                    capitalize(&subject),
                    FOLDS[k]
                ),
            })
        } else if ratio >= 2.0
            && ratio.ceil() - ratio <= 0.35
            && (ratio.ceil() as usize) < FOLDS.len()
        {
            Some(format!(
                "From {a} in {y0} to {b} in {y1}, {subject} has increased nearly {}.",
                FOLDS[ratio.ceil() as usize]
            ))
        } else {
            None
        }
    }

    /// "The economy of Heyang rests on five pillar industries: a, b, … and
    /// e." With `wrong`, the count is one off.
    fn enumeration(&mut self, wrong: Option<Kind>) -> String {
        let list = self.c().industries.clone();
        let k = list.len() as u32;
        let stated = match wrong {
            Some(_) if self.r.chance(0.5) || k <= 3 => k + 1,
            Some(_) => k - 1,
            None => k,
        };
        let items = format!(
            "{} and {}",
            list[..list.len() - 1].join(", "),
            list[list.len() - 1]
        );
        let name = self.name();
        match self.r.below(2) {
            0 => format!(
                "The economy of {name} rests on {} pillar industries: {items}.",
                word(stated)
            ),
            _ => format!(
                "The champion products of {name} are mainly distributed across {} major industries: {items}.",
                word(stated)
            ),
        }
    }

    /// "The R&D investment of Heyang reached 12.00 billion yuan in 2021,
    /// accounting for 3.36 percent of its GDP." With `wrong`, the share is
    /// of the previous year's GDP, which the article also states.
    fn rd(&mut self, wrong: Option<Kind>) -> String {
        let c = self.city;
        let mut y = self.recent_year();
        // A share of the previous year's GDP must differ by more than a
        // GDP in trillions (to 0.5 %) can hide.
        for _ in 0..10 {
            if wrong.is_none() || self.yoy(c, Flow::Gdp, y).0 >= 3.0 {
                break;
            }
            y = self.recent_year();
        }
        let f = *self.fig(c, y);
        let name = self.name();
        let gdp_base = if wrong.is_some() {
            self.fig(c, y - 1).gdp
        } else {
            f.gdp
        };
        let share = f.rd as f64 / (gdp_base as f64 * 10.0) * 100.0;
        let s = if wrong.is_some() || self.r.chance(0.6) {
            format!(
                "The R&D investment of {name} reached {} in {y}, accounting for {} percent of its GDP.",
                billion(f.rd, 2),
                pct(share, 2)
            )
        } else {
            let rank = f.rd_rank;
            let ord = if self.r.chance(0.5) {
                ORDINALS[rank as usize].to_string()
            } else {
                numeric_ordinal(rank)
            };
            format!(
                "In {y}, {name}'s R&D investment intensity reached {} percent, ranking {ord} in the province.",
                pct(share, 2)
            )
        };
        if wrong.is_some() {
            format!(
                "In {y}, {name}'s gross domestic product was {}. {s}",
                billion(f.gdp, 1)
            )
        } else {
            s
        }
    }

    fn rank_sentence(&mut self, y: i32) -> String {
        let rank = self.fig(self.city, y).rd_rank;
        let name = self.name();
        let ord = if self.r.chance(0.5) {
            ORDINALS[rank as usize].to_string()
        } else {
            numeric_ordinal(rank)
        };
        format!("In {y}, the intensity of {name}'s R&D investment ranked {ord} in the province.")
    }

    fn rd_rank(&mut self) -> String {
        let y = self.recent_year();
        self.rank_sentence(y)
    }

    /// "… moved from 9th place in 2018 to 3rd place in 2019 and to 1st
    /// place in 2020."
    fn rank_series(&mut self) -> Option<String> {
        let y2 = self.recent_year();
        let (y0, y1) = (y2 - 2, y2 - 1);
        if y0 < 2010 {
            return None;
        }
        let c = self.city;
        let [a, b, d] = [y0, y1, y2].map(|y| self.fig(c, y).rd_rank);
        if a == b || b == d {
            return None;
        }
        let name = self.name();
        let verb = if d < a { "jumped" } else { "moved" };
        Some(format!(
            "The intensity of {name}'s R&D investment in the province {verb} from {} place in {y0} to {} place in {y1} and to {} place in {y2}.",
            numeric_ordinal(a),
            numeric_ordinal(b),
            numeric_ordinal(d)
        ))
    }

    /// "Heyang has ranked first in the province for R&D investment intensity
    /// for five consecutive years", when it has. With `wrong`, a streak
    /// that a rank of one of its years contradicts, stated beside it.
    fn streak(&mut self, wrong: Option<Kind>) -> Option<String> {
        let c = self.city;
        let last = self.year - 1;
        let firsts = (0..)
            .take_while(|k| last - k >= 2010 && self.fig(c, last - k).rd_rank == 1)
            .count() as u32;
        let name = self.name();
        let claim = |n: u32| {
            format!(
                "{name} has ranked first in the province for R&D investment intensity for {} consecutive years.",
                word(n)
            )
        };
        match wrong {
            None if firsts >= 2 => Some(claim(firsts.min(8))),
            None => None,
            Some(_) => {
                let n = (firsts + self.r.range(1, 3) as u32).max(3);
                let y = last - n as i32 + 1;
                if y < 2010 {
                    return None;
                }
                let rank = self.rank_sentence(last - firsts as i32);
                Some(format!("{} {rank}", claim(n)))
            }
        }
    }

    /// Forest coverage between two years, in percentage points.
    fn forest(&mut self, wrong: Option<Kind>) -> Option<String> {
        let (y0, y1) = self.span(5);
        let c = self.city;
        let (a, b) = (self.fig(c, y0).forest, self.fig(c, y1).forest);
        if b <= a {
            return None;
        }
        let name = self.name();
        let (pa, pb) = (a as f64 / 10.0, b as f64 / 10.0);
        let points = match wrong {
            Some(_) => round1((pb / pa - 1.0) * 100.0),
            None => (b - a) as f64 / 10.0,
        };
        if wrong.is_none() && y1 - y0 >= 2 && self.r.chance(0.3) {
            let n = y1 - y0;
            return Some(format!(
                "The forest coverage rate of {name} increased by {} percentage points in {} years and reached {} percent in {y1}.",
                pct(points, 1),
                word(n as u32),
                pct(pb, 1)
            ));
        }
        Some(format!(
            "The forest coverage rate of {name} rose from {} percent in {y0} to {} percent in {y1}, an increase of {} percentage points.",
            pct(pa, 1),
            pct(pb, 1),
            pct(points, 1)
        ))
    }

    fn forest_level(&mut self) -> String {
        let y = self.recent_year();
        let f = self.fig(self.city, y).forest as f64 / 10.0;
        let name = self.name();
        if self.r.chance(0.5) {
            format!(
                "By the end of {y}, the forest coverage rate in {name} had reached {} percent.",
                pct(f, 1)
            )
        } else {
            format!(
                "In {y}, the forest coverage rate of {name} was {} percent.",
                pct(f, 1)
            )
        }
    }

    fn hitech(&mut self) -> String {
        let y = self.recent_year();
        let g = self.fig(self.city, y).hitech as f64 / 10.0;
        let name = self.name();
        format!(
            "In {y}, the added value of high-tech manufacturing industries in {name} increased by {} percent.",
            pct(g, 1)
        )
    }

    /// A sentence about a neighbouring city, naming it first.
    fn second_city(&mut self, c2: usize) -> String {
        let other = &self.world.cities[c2].name;
        let y = self.recent_year();
        let (g, v) = self.yoy(c2, Flow::Gdp, y);
        let level = amount(&mut self.r, v, 1);
        match self.r.below(3) {
            0 => format!(
                "Neighbouring {other}'s gross domestic product reached {level} in {y}, an increase of {} percent year-on-year.",
                pct(g, 1)
            ),
            1 => {
                let f = self.fig(c2, y).forest as f64 / 10.0;
                format!(
                    "By comparison, the forest coverage rate of neighbouring {other} was {} percent in {y}.",
                    pct(f, 1)
                )
            }
            _ => format!(
                "In {y}, the economic output of neighbouring {other} grew by {} percent.",
                pct(g, 1)
            ),
        }
    }

    // -- injections ---------------------------------------------------------

    /// The sentence(s) carrying a discrepancy of `kind`, recorded; None
    /// when the article's figures do not allow it.
    fn inject(&mut self, kind: Kind, i: usize) -> Option<String> {
        let s = match kind {
            Kind::WrongBase | Kind::WrongPercent => self.between(Some(kind)),
            Kind::YearOnYear => {
                let delta = self.r.uniform(1.5, 4.0) * if self.r.chance(0.5) { 1.0 } else { -1.0 };
                let y = self.recent_year();
                let prev = self.fig(self.city, y - 1).gdp;
                let name = self.name();
                let s = self.level_yoy_in(y, delta);
                Some(format!(
                    "{name}'s gross domestic product was {} in {}. {s}",
                    billion(prev, 1),
                    y - 1
                ))
            }
            Kind::Compound => (0..10).find_map(|_| self.compound(Some(kind))),
            Kind::Points => (0..10).find_map(|_| self.forest(Some(kind))),
            Kind::Multiple => (0..10).find_map(|_| self.multiple(Some(kind))),
            Kind::Share => {
                let delta = self.r.uniform(4.0, 9.0);
                Some(self.enterprises(Some(delta)))
            }
            Kind::RdShare => Some(self.rd(Some(kind))),
            Kind::TradeShare | Kind::Sum => self.trade(Some(kind)),
            Kind::PartExceedsWhole => (0..10).find_map(|_| self.champions(Some(kind))),
            Kind::Disagree => self.disagree(i),
            Kind::Conversion => {
                let rate = *self.r.pick(&[8.28, 5.6]);
                Some(self.level(Some(rate)))
            }
            Kind::FuturePeriod => {
                let y = self.year + 1;
                let (g, _) = self.yoy(self.city, Flow::Gdp, y);
                let who = self.metric_of(self.city, Flow::Gdp);
                Some(self.growth_sentence(&who, y, g))
            }
            Kind::Duration => (0..10).find_map(|_| self.champions_from_to(Some(kind))),
            Kind::Enumeration => Some(self.enumeration(Some(kind))),
            Kind::Streak => (0..10).find_map(|_| self.streak(Some(kind))),
        }?;
        self.record(kind, &s);
        Some(s)
    }

    /// GDP level and a year-on-year growth off by `delta` points.
    fn level_yoy_in(&mut self, y: i32, delta: f64) -> String {
        let (g, v) = self.yoy(self.city, Flow::Gdp, y);
        let name = self.name();
        let ch = self.change_phrase(round1(g + delta), y);
        format!(
            "In {y}, {name}'s gross domestic product reached {}, {ch}.",
            billion(v, 1)
        )
    }

    /// Restates the headline GDP growth of a nearby article (one dated no
    /// later than this one) with another value: the same fact from two
    /// sources that disagree.
    fn disagree(&mut self, i: usize) -> Option<String> {
        let candidates = (1..=64)
            .filter_map(|k| i.checked_sub(k))
            .chain((1..=64).map(|k| i + k));
        for j in candidates {
            let h = self.world.header(j);
            if h.year > self.year {
                continue;
            }
            let y = h.year - 1;
            let (g, _) = self.yoy(h.city, Flow::Gdp, y);
            let delta = self.r.uniform(1.0, 3.0);
            let wrong = round1(if g > 3.0 && self.r.chance(0.5) {
                g - delta
            } else {
                g + delta
            });
            let other = &self.world.cities[h.city].name;
            let lead = if h.city == self.city {
                String::new()
            } else {
                "Neighbouring ".to_string()
            };
            return Some(format!(
                "{lead}{other}'s GDP grew by {} percent in {y}, a report said.",
                pct(wrong, 1)
            ));
        }
        None
    }
}

/// Does an annual rate `rate` over `n` years compound to `total` within
/// the precision both are written to (one decimal)?
fn compounds(rate: f64, n: i32, total: f64) -> bool {
    let lo = ((1.0 + (rate - 0.05) / 100.0).powi(n) - 1.0) * 100.0;
    let hi = ((1.0 + (rate + 0.05) / 100.0).powi(n) - 1.0) * 100.0;
    total + 0.05 >= lo && total - 0.05 <= hi
}

// ---------------------------------------------------------------------------
// Prose

const TITLES: &[&str] = &[
    "{C} posts steady economic growth",
    "{C} reports progress in high-quality development",
    "Industry and innovation drive {C} forward",
    "{C} builds a modern industrial city",
    "Green development pays off in {C}",
    "{C} opens wider to the world",
    "How {C} keeps its factories busy",
    "{C} bets on innovation and talent",
];

const LEADS: &[&str] = &[
    "Significant progress has been made in {C} over the past years in achieving high-quality development, local officials said.",
    "{C} has been implementing its innovation-driven development strategy to serve its high-quality development.",
    "{C} is embarking on a new stage of development, powered by a solid real-economy foundation and growing innovation capacity.",
    "The economy of {C} has kept a steady momentum, according to the municipal government.",
    "{C} is building a modern city in all respects, said the mayor of {C}.",
];

const CAPTIONS: &[&str] = &[
    "A worker produces auto parts at a workshop in {C}. [Photo/IC]",
    "A view of the industrial park in {C}. [Photo/VCG]",
    "Technicians test equipment at a laboratory in {C}. [Photo/Dazhong News]",
];

const PROSE: &[&str] = &[
    "Officials said the city would continue to deepen reform and promote high-quality development.",
    "Local enterprises have carried out extensive cooperation with colleges and universities across the province.",
    "The city has given top priority to ecological protection along its rivers and coastline.",
    "Efforts have been made to improve public services, including education, medical care and elderly care.",
    "According to the mayor, the city is working to strengthen science and innovation platforms.",
    "The achievements are said to be testament to the continuous efforts of all enterprises and entrepreneurs.",
    "{C} is also building a strong industrial city with modern agriculture along the river.",
    "{C} emphasizes upgrading traditional growth drivers with new ones and developing modern industries.",
    "The city has developed a market-oriented system for technological innovation in which enterprises are the main players.",
    "Innovation has been driving up the economic growth of {C} in various ways, officials said.",
    "A number of global automakers now receive components made by local manufacturers.",
    "The city hosts many smart manufacturing demonstration projects, with rapid growth in the digital economy.",
    "Looking ahead, {C} is advancing a comprehensive quality transformation of its economy.",
    "Comprehensive progress also has been made in employment, education and healthcare.",
    "The municipal government has cut red tape to make it easier for businesses to invest.",
    "Farmers in the surrounding counties have benefited from new cooperatives and better roads.",
    "Local officials said the port and the railway have made the city a logistics hub for the region.",
    "Universities and research institutes have set up joint laboratories with local companies.",
    "The city is working to lure more talents from home and abroad.",
    "New champion products showcased innovative progress, bringing about increased profit margins.",
    "{C} has taken up the mission of boosting ecological conservation in the river basin.",
    "Traditional industries stabilized, resulting in incremental growth for leading enterprises.",
    "Residents now enjoy more parks, cleaner air and better public transport.",
    "The city plans to further open up and attract foreign investment in advanced manufacturing.",
];

const CLOSINGS: &[&str] = &[
    "Source: Information Office of {C} Municipal People's Government",
    "With deep industrial roots and growing vitality, {C} is embracing the world with greater openness.",
];

// ---------------------------------------------------------------------------
// Writing a corpus and its rules

/// What [`write_corpus`] wrote.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub articles: usize,
    pub bytes: u64,
    pub injected: Vec<Injected>,
}

impl Stats {
    /// How many discrepancies of each kind were injected.
    pub fn counts(&self) -> BTreeMap<Kind, usize> {
        let mut m = BTreeMap::new();
        for i in &self.injected {
            *m.entry(i.kind).or_default() += 1;
        }
        m
    }

    /// Saves the stats as TSV: a header line with the totals, then one line
    /// per injection (kind, article, sentence).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let mut s = format!("# articles\t{}\tbytes\t{}\n", self.articles, self.bytes);
        for i in &self.injected {
            let _ = writeln!(s, "{}\t{}\t{}", i.kind.name(), i.article, i.detail);
        }
        std::fs::write(path, s)
    }

    pub fn load(path: &Path) -> std::io::Result<Stats> {
        let text = std::fs::read_to_string(path)?;
        let bad = || std::io::Error::new(std::io::ErrorKind::InvalidData, "bad stats file");
        let mut lines = text.lines();
        let head: Vec<&str> = lines.next().ok_or_else(bad)?.split('\t').collect();
        let (Some(articles), Some(bytes)) = (head.get(1), head.get(3)) else {
            return Err(bad());
        };
        let mut stats = Stats {
            articles: articles.parse().map_err(|_| bad())?,
            bytes: bytes.parse().map_err(|_| bad())?,
            injected: Vec::new(),
        };
        for line in lines {
            let mut f = line.splitn(3, '\t');
            let (Some(kind), Some(article), Some(detail)) = (f.next(), f.next(), f.next()) else {
                return Err(bad());
            };
            stats.injected.push(Injected {
                kind: Kind::from_name(kind).ok_or_else(bad)?,
                article: article.to_string(),
                detail: detail.to_string(),
            });
        }
        Ok(stats)
    }
}

/// Writes articles `0..n` of the world of `seed` under `dir` (folders of
/// 1000: `dir/000/000123.txt`), in parallel.
pub fn write_corpus(dir: &Path, n: usize, seed: u64) -> std::io::Result<Stats> {
    write_world(&World::new(seed), dir, n)
}

/// [`write_corpus`] for a world with its own settings.
pub fn write_world(world: &World, dir: &Path, n: usize) -> std::io::Result<Stats> {
    for k in 0..n.div_ceil(1000) {
        std::fs::create_dir_all(dir.join(format!("{k:03}")))?;
    }
    let parts: Vec<std::io::Result<Stats>> = (0..n.div_ceil(1000))
        .into_par_iter()
        .map(|k| {
            let mut s = Stats::default();
            for i in k * 1000..((k + 1) * 1000).min(n) {
                let (text, injected) = world.article(i);
                std::fs::write(dir.join(article_id(i)), &text)?;
                s.articles += 1;
                s.bytes += text.len() as u64;
                s.injected.extend(injected);
            }
            Ok(s)
        })
        .collect();
    let mut total = Stats::default();
    for p in parts {
        let p = p?;
        total.articles += p.articles;
        total.bytes += p.bytes;
        total.injected.extend(p.injected);
    }
    Ok(total)
}

/// The shipped rules folder.
pub fn shipped_rules() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

/// Writes a rules folder for generated corpora: a copy of the shipped
/// rules (every `.yaml` and `data/`) whose lexicon also knows the
/// generated cities.
pub fn write_rules(dir: &Path) -> std::io::Result<()> {
    copy_dir(&shipped_rules(), dir)?;
    let path = dir.join("metrics.yaml");
    let lexicon = std::fs::read_to_string(&path)?;
    let lower = lexicon.to_lowercase();
    let mut cities = String::new();
    for name in city_names() {
        let n = name.to_lowercase();
        let taken = lower.match_indices(&n).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + n.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        });
        assert!(!taken, "generated city {name} is already in the lexicon");
        let _ = writeln!(cities, "  - names: [{name}]");
    }
    let Some(at) = lexicon.find("\nsubjects:\n") else {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "metrics.yaml has no `subjects:` section",
        ));
    };
    let at = at + "\nsubjects:\n".len();
    let out = format!("{}{cities}{}", &lexicon[..at], &lexicon[at..]);
    std::fs::write(path, out)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&path, &target)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            std::fs::copy(&path, &target)?;
        }
    }
    Ok(())
}
