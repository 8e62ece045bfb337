//! The claims frame of every seed article, as users see it.

use claimcheck::claim::Claim;
use claimcheck::corpus;
use claimcheck::extract::{self, lexicon::Lexicon, Settings};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seeds_claims() -> Vec<Claim> {
    let lex = Lexicon::load(&root().join("rules/metrics.yaml")).expect("lexicon loads");
    let corpus = corpus::load(&[root().join("seeds")]).expect("seeds load");
    assert!(corpus.problems.is_empty());
    extract::extract_all(&corpus.articles, &lex, &Settings::default())
}

macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_yaml_snapshot!($name, $value);
        })
    };
}

fn seed(prefix: &str) -> Vec<Claim> {
    seeds_claims()
        .into_iter()
        .filter(|c| c.article.starts_with(prefix))
        .collect()
}

#[test]
fn seed_000_decade_of_development() {
    snapshot!("claims__seed_000", seed("000_"));
}

#[test]
fn seed_001_modern_socialist_city() {
    snapshot!("claims__seed_001", seed("001_"));
}

#[test]
fn seed_002_innovation() {
    snapshot!("claims__seed_002", seed("002_"));
}

#[test]
fn seed_003_real_economy() {
    snapshot!("claims__seed_003", seed("003_"));
}

#[test]
fn seed_004_champion_products() {
    snapshot!("claims__seed_004", seed("004_"));
}

#[test]
fn table_of_a_seed_is_readable() {
    let table = claimcheck::report::claims::table(&seed("004_"));
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("claims__table_seed_004", table);
    });
}

#[test]
fn the_known_catches_are_extracted_and_linked() {
    let claims = seeds_claims();
    // "moving from 37 to 53 … grown by 30 percent": one group, three roles.
    let growth = claims
        .iter()
        .find(|c| c.text == "30 percent" && c.article.starts_with("004"))
        .expect("30 percent");
    let group: Vec<&Claim> = claims
        .iter()
        .filter(|c| c.article == growth.article && c.group == growth.group)
        .collect();
    let roles: Vec<(String, f64)> = group
        .iter()
        .map(|c| (c.role.map(|r| r.to_string()).unwrap_or_default(), c.value))
        .collect();
    assert!(roles.contains(&("from".into(), 37.0)));
    assert!(roles.contains(&("to".into(), 53.0)));
    assert!(roles.contains(&("stated".into(), 30.0)));
    // Both GDP articles: 95.5 % over 2012–2021 with 6.9 % a year.
    let gdp: Vec<&Claim> = claims
        .iter()
        .filter(|c| c.metric.as_deref() == Some("gdp") && c.value == 95.5)
        .collect();
    assert_eq!(gdp.len(), 2);
    for c in gdp {
        assert_eq!(
            c.period_start.map(|d| d.to_string()).as_deref(),
            Some("2012-01-01")
        );
        assert_eq!(
            c.period_end.map(|d| d.to_string()).as_deref(),
            Some("2021-12-31")
        );
    }
}

#[test]
fn extraction_is_the_same_whatever_the_thread_count() {
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let four = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap();
    assert_eq!(one.install(seeds_claims), four.install(seeds_claims));
}

#[test]
fn spans_point_into_the_original_files() {
    for c in seeds_claims() {
        let text =
            std::fs::read_to_string(Path::new(&root()).join("seeds").join(c.article.as_str()))
                .unwrap();
        assert_eq!(&text[c.start as usize..c.end as usize], c.text);
    }
}
