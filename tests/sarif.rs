//! The SARIF report of the seeds: valid against the OASIS SARIF 2.1.0
//! schema (vendored in tests/data, see its README), consistent where the
//! schema cannot say (rule indices, locations), and snapshot-tested.

use claimcheck::check::{self, Context, Report};
use claimcheck::corpus;
use claimcheck::extract::{self, lexicon::Lexicon, Settings};
use claimcheck::report::human::Totals;
use claimcheck::report::sarif;
use claimcheck::rules::RuleSet;
use serde_json::Value;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seeds' SARIF log, built as `claimcheck check seeds` builds it.
fn seeds_sarif() -> String {
    seeds_sarif_with(|_| {})
}

/// The seeds' SARIF log after `edit` changes the report (e.g. a baseline).
fn seeds_sarif_with(edit: impl FnOnce(&mut Report)) -> String {
    let rules_dir = root().join("rules");
    let rules = RuleSet::load(&rules_dir).expect("rules load");
    let lex = Lexicon::load(&rules_dir.join("metrics.yaml")).expect("lexicon loads");
    let corpus = corpus::load(&[root().join("seeds")]).expect("seeds load");
    assert!(corpus.problems.is_empty());
    let claims = extract::extract_all(&corpus.articles, &lex, &Settings::default());
    let ctx = Context::new(&claims, &corpus.articles, &rules_dir);
    let mut report: Report = check::run(&rules, &ctx, false).expect("checks run");
    edit(&mut report);
    let totals = Totals {
        articles: corpus.articles.len(),
        claims: claims.len(),
        unreadable: corpus.problems.len(),
        source_text: true,
    };
    let paths = corpus
        .articles
        .iter()
        .map(|a| (a.id.clone(), format!("seeds/{}", a.id)))
        .collect();
    let texts = corpus
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.text()))
        .collect();
    let sources = sarif::Sources {
        paths: &paths,
        texts: &texts,
    };
    sarif::render(&report, &rules, &totals, &sources).expect("renders")
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json"))
        .expect("schema file");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn errors(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn seeds_log_is_valid_sarif_2_1_0() {
    let log: Value = serde_json::from_str(&seeds_sarif()).expect("SARIF is JSON");
    let errors = errors(&schema(), &log);
    assert!(
        errors.is_empty(),
        "schema violations:\n{}",
        errors.join("\n")
    );
}

#[test]
fn the_schema_rejects_broken_logs() {
    let validator = schema();
    let log: Value = serde_json::from_str(&seeds_sarif()).unwrap();
    let mut bad = log.clone();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!errors(&validator, &bad).is_empty());
    let mut bad = log.clone();
    bad["runs"][0]["tool"]["driver"]["unknown"] = true.into();
    assert!(!errors(&validator, &bad).is_empty());
    let mut bad = log;
    bad.as_object_mut().unwrap().remove("version");
    assert!(!errors(&validator, &bad).is_empty());
}

#[test]
fn seeds_log_is_consistent() {
    let log: Value = serde_json::from_str(&seeds_sarif()).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty(), "the seeds have findings");
    for r in results {
        let i = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        assert!(r["partialFingerprints"]["claimcheck/v1"].is_string());
        let mut locations = r["locations"].as_array().unwrap().clone();
        locations.extend(
            r["relatedLocations"]
                .as_array()
                .cloned()
                .unwrap_or_default(),
        );
        for l in &locations {
            let p = &l["physicalLocation"];
            let uri = p["artifactLocation"]["uri"].as_str().unwrap();
            assert!(uri.starts_with("seeds/"), "{uri}");
            // The schema's uri-reference check lets spaces through: check
            // for RFC 3986 characters here.
            assert!(
                uri.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~/%".contains(&b)),
                "{uri}"
            );
            assert!(
                root().join(uri).is_file(),
                "{uri} is a file of the repository"
            );
            let g = &p["region"];
            let (sl, sc) = (
                g["startLine"].as_u64().unwrap(),
                g["startColumn"].as_u64().unwrap(),
            );
            let (el, ec) = (
                g["endLine"].as_u64().unwrap(),
                g["endColumn"].as_u64().unwrap(),
            );
            assert!(sl >= 1 && sc >= 1 && (el, ec) > (sl, sc), "{g}");
            // charOffset is the same place as startLine/startColumn, in
            // code points from the start of the file.
            let source = std::fs::read_to_string(root().join(uri)).unwrap();
            let before: usize = source
                .split('\n')
                .take(sl as usize - 1)
                .map(|l| l.chars().count() + 1)
                .sum();
            let offset = g["charOffset"].as_u64().expect("charOffset") as usize;
            assert_eq!(offset, before + sc as usize - 1, "{g}");
            let length = g["charLength"].as_u64().expect("charLength") as usize;
            assert!(length > 0, "{g}");
        }
        assert!(
            r.get("suppressions").is_none(),
            "no baseline, nothing accepted"
        );
    }
}

#[test]
fn accepted_findings_are_suppressed() {
    let log: Value = serde_json::from_str(&seeds_sarif_with(|r| {
        r.findings[0].accepted = true;
    }))
    .unwrap();
    assert!(errors(&schema(), &log).is_empty());
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results[0]["suppressions"][0]["kind"], "external");
    assert_eq!(results[0]["suppressions"][0]["status"], "accepted");
    assert!(results[1..].iter().all(|r| r.get("suppressions").is_none()));
}

#[test]
fn seeds_sarif_snapshot() {
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("sarif__seeds", seeds_sarif());
    });
}
