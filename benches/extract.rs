//! Extraction throughput: generates a varied corpus of at least 100 MB in
//! memory (nothing is written or committed), extracts it with all cores and
//! prints MB/s. Run with `cargo bench --bench extract`; set
//! CLAIMCHECK_BENCH_MB to change the corpus size.

use chrono::NaiveDate;
use claimcheck::corpus::Article;
use claimcheck::extract::{self, lexicon::Lexicon, Settings};
use std::path::PathBuf;
use std::time::Instant;

/// A small deterministic generator (xorshift64*), so every run measures the
/// same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
    fn dec(&mut self, lo: u64, hi: u64) -> String {
        let v = lo * 10 + self.below((hi - lo) * 10);
        format!("{}.{}", v / 10, v % 10)
    }
}

const CITIES: &[&str] = &[
    "Binzhou",
    "Weifang",
    "Zibo",
    "Dezhou",
    "Liaocheng",
    "Yantai",
    "Jining",
    "Linyi",
];
const WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine",
];
const NOUNS: &[&str] = &[
    "enterprises",
    "products",
    "parks",
    "laboratories",
    "hospitals",
    "schools",
];

/// Sentences without numbers, as most of a news article is.
const PROSE: &[&str] = &[
    "Officials said the city would continue to deepen reform and promote high-quality development.",
    "Local enterprises have carried out extensive cooperation with colleges and universities across the province.",
    "The city has given top priority to ecological protection along the Yellow River.",
    "Efforts have been made to improve public services, including education, medical care and elderly care.",
    "According to the mayor, the city is working to strengthen science and innovation platforms.",
    "A worker produces auto parts at a workshop in the industrial park.",
    "The achievements are said to be testament to the continuous efforts of all enterprises and entrepreneurs.",
    "Binzhou is also building a strong industrial city with modern agriculture along the river.",
];

fn sentence(r: &mut Rng, city: &str) -> String {
    let y = 2012 + r.below(12);
    match r.below(14) {
        0 => format!("Between {y} and {}, the city's gross domestic product increased by {} percent, with an average annual growth of {} percent, according to officials.", y + 9, r.dec(40, 120), r.dec(3, 9)),
        1 => format!("The general public budget revenue grew at an average annual rate of {} percent in previous years, reaching {} billion yuan (${} billion) in {y}.", r.dec(2, 12), r.dec(10, 90), r.dec(1, 13)),
        2 => format!("{city} is home to {} enterprises above designated scale, including {} in China's top 500 list.", 500 + r.below(3000), r.pick(WORDS)),
        3 => format!("The R&D investment of {city} accounted for {} percent of its GDP, ranking {} in the province.", r.dec(1, 4), r.pick(&["first", "second", "third", "fourth"])),
        4 => format!("In just {} years, moving from {} to {}, the number of products in {city} ranked first nationally has grown by {} percent.", r.pick(WORDS), 10 + r.below(40), 50 + r.below(40), 10 + r.below(60)),
        5 => format!("The proportion of high-end aluminum products increased by {} percentage points in three years and reached {} percent last year.", r.dec(5, 30), r.dec(40, 80)),
        6 => format!("By the end of {y}, the forest coverage rate had reached {} percent and the protection area of wetlands had reached {},000 hectares.", r.dec(10, 40), 50 + r.below(300)),
        7 => format!("Since {y}, the city has introduced more than {} high-end experts, as well as more than {},{:03} college students, including more than {},{:03} with master's degrees.", 100 + r.below(900), 10 + r.below(90), r.below(1000), 1 + r.below(9), r.below(1000)),
        8 => format!("In {y}, the revenue of industrial enterprises above designated size reached {} billion yuan (${} billion), with an increase of {} percent year-on-year.", r.dec(100, 999), r.dec(15, 140), r.dec(1, 15)),
        9 => format!("The added value of high-tech and digital manufacturing industries increased by {} percent and {} percent, respectively, during the first three quarters of {y}.", r.dec(5, 60), r.dec(5, 120)),
        10 => format!("From just {} to {}, the number of global champion products has increased nearly {}fold.", r.pick(WORDS), 10 + r.below(20), r.pick(&["two", "three", "four", "five"])),
        11 => format!("{city} has ranked first in Shandong Province for R&D investment intensity for {} consecutive years.", r.pick(WORDS)),
        12 => format!("These {} champion {} are mainly distributed across {} major industries: aluminum, textiles, chemicals, equipment manufacturing and new materials.", 20 + r.below(80), r.pick(NOUNS), r.pick(&["five"])),
        _ => format!("Exports fell by {} percent to {} million US dollars, while imports were down {} percent over the past decade.", r.dec(1, 9), 100 + r.below(900), r.dec(1, 9)),
    }
}

/// `dense`: every sentence states numbers; otherwise about one in three
/// does, close to the seed articles (7 claims per KB).
fn article(r: &mut Rng, n: usize, dense: bool) -> Article {
    let city = r.pick(CITIES);
    let mut text = format!(
        "{city} reports progress in economy\n\n(| Updated : 2024-0{}-1{}\n\nPrint Print\n\n",
        1 + r.below(9),
        r.below(10)
    );
    let paragraphs = 6 + r.below(8);
    for _ in 0..paragraphs {
        let sentences = 1 + r.below(3);
        for s in 0..sentences {
            if s > 0 {
                text.push(' ');
            }
            if dense || r.below(3) == 0 {
                text.push_str(&sentence(r, city));
            } else {
                text.push_str(r.pick(PROSE));
            }
        }
        text.push_str("\n\n");
    }
    let mut a = Article::from_text(
        format!("gen/{n:07}.txt"),
        PathBuf::from(format!("gen/{n:07}.txt")),
        text,
        None,
    )
    .expect("generated articles are valid");
    if a.meta.date.is_none() {
        a.meta.date = NaiveDate::from_ymd_opt(2024, 2, 19);
    }
    a
}

fn main() {
    let target_mb: usize = std::env::var("CLAIMCHECK_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let lex = Lexicon::load(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rules/metrics.yaml"))
        .expect("lexicon");
    for (name, dense) in [
        ("news-like (1 in 3 sentences with numbers)", false),
        ("dense (every sentence with numbers)", true),
    ] {
        measure(name, dense, target_mb, &lex);
    }
}

fn measure(name: &str, dense: bool, target_mb: usize, lex: &Lexicon) {
    let mut r = Rng(0x9E3779B97F4A7C15);
    let t0 = Instant::now();
    let mut articles = Vec::new();
    let mut bytes = 0usize;
    while bytes < target_mb * 1_000_000 {
        let a = article(&mut r, articles.len(), dense);
        bytes += a.text.len();
        articles.push(a);
    }
    let generated = t0.elapsed();
    let mb = bytes as f64 / 1e6;
    let threads = rayon::current_num_threads();
    println!(
        "\n{name}: {} articles, {mb:.1} MB (generated in {:.1} s)",
        articles.len(),
        generated.as_secs_f64()
    );
    let mut best = f64::MAX;
    let mut claims = 0;
    for run in 1..=3 {
        let t = Instant::now();
        let c = extract::extract_all(&articles, lex, &Settings::default());
        let s = t.elapsed().as_secs_f64();
        claims = c.len();
        println!("run {run}: {s:.2} s, {:.1} MB/s, {claims} claims", mb / s);
        best = best.min(s);
    }
    let t = Instant::now();
    let c = extract::extract_all(&articles, lex, &Settings::default());
    let frame = claimcheck::frame::claims_frame(&c).expect("frame");
    let with_frame = t.elapsed().as_secs_f64();
    println!(
        "extract: best {best:.2} s = {:.1} MB/s on {threads} threads ({claims} claims, {:.1} claims/KB, {:.0} claims/s)",
        mb / best,
        claims as f64 / (mb * 1000.0),
        claims as f64 / best
    );
    println!(
        "extract + frame ({} rows): {with_frame:.2} s = {:.1} MB/s",
        frame.height(),
        mb / with_frame
    );
}
