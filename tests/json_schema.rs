//! The JSON report validates against the schema shipped in docs/.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("docs/report.schema.json")).expect("schema");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn report(args: &[&str]) -> Value {
    let o = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["check", "--format", "json", "--fail-on", "never"])
        .args(args)
        .current_dir(root())
        .output()
        .expect("runs");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON")
}

#[test]
fn the_seeds_report_matches_the_schema() {
    let v = validator();
    let doc = report(&[]);
    let errors: Vec<String> = v
        .iter_errors(&doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert!(doc["findings"].as_array().is_some_and(|f| !f.is_empty()));
}

#[test]
fn every_fixture_report_matches_the_schema() {
    let v = validator();
    for kind in claimcheck::rules::kinds::names() {
        for variant in ["clean", "flawed"] {
            let path = root().join("tests/fixtures").join(kind).join(variant);
            let doc = report(&[path.to_str().expect("utf-8 path")]);
            assert!(
                v.is_valid(&doc),
                "{kind}/{variant}: {:?}",
                v.iter_errors(&doc)
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn the_schema_rejects_what_the_report_never_writes() {
    let v = validator();
    let mut doc = report(&[]);
    doc["version"] = Value::from(2);
    assert!(!v.is_valid(&doc));
    let mut doc = report(&[]);
    doc["findings"][0]["severity"] = Value::from("fatal");
    assert!(!v.is_valid(&doc));
}
