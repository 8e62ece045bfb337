//! Every way a rule file can fail to load, as users see it.

use claimcheck::rules::{parse_rules, RuleSet};
use claimcheck::yaml::YamlSource;
use std::path::Path;

fn render(e: &claimcheck::yaml::YamlError) -> String {
    claimcheck::report::diagnostics::render(e, false)
}

fn error(text: &str) -> String {
    let src = YamlSource {
        path: "rules/mine.yaml".into(),
        text: text.into(),
    };
    let err = parse_rules(&src, Path::new("rules")).expect_err("the rules must not load");
    render(&err)
}

macro_rules! snapshot {
    ($name:expr, $value:expr) => {
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

const OK: &str = "- id: growth-mismatch\n  kind: growth\n  title: Growth must match\n";

#[test]
fn the_reference_rule_loads() {
    let src = YamlSource {
        path: "rules/mine.yaml".into(),
        text: OK.into(),
    };
    assert_eq!(parse_rules(&src, Path::new("rules")).unwrap().len(), 1);
}

#[test]
fn yaml_syntax() {
    snapshot!(
        "rules__error_yaml_syntax",
        error("- id: growth-mismatch\n  kind: [growth\n")
    );
}

#[test]
fn not_a_list() {
    snapshot!(
        "rules__error_not_a_list",
        error("id: growth-mismatch\nkind: growth\n")
    );
}

#[test]
fn missing_title() {
    snapshot!(
        "rules__error_missing_title",
        error("- id: growth-mismatch\n  kind: growth\n")
    );
}

#[test]
fn unknown_kind() {
    snapshot!(
        "rules__error_unknown_kind",
        error("- id: growth-mismatch\n  kind: growht\n  title: x\n")
    );
}

#[test]
fn id_not_kebab_case() {
    snapshot!(
        "rules__error_bad_id",
        error("- id: Growth_Mismatch\n  kind: growth\n  title: x\n")
    );
}

#[test]
fn unknown_kind_parameter() {
    snapshot!(
        "rules__error_unknown_parameter",
        error(&format!("{OK}  cross_sources: false\n"))
    );
}

#[test]
fn bad_severity() {
    snapshot!(
        "rules__error_bad_severity",
        error(&format!("{OK}  severity: fatal\n"))
    );
}

#[test]
fn unknown_filter_key() {
    snapshot!(
        "rules__error_unknown_filter_key",
        error(&format!("{OK}  where: {{ metrics: [gdp] }}\n"))
    );
}

#[test]
fn bad_filter_kind() {
    snapshot!(
        "rules__error_bad_filter_kind",
        error(&format!("{OK}  where: {{ kind: [growths] }}\n"))
    );
}

#[test]
fn bad_tolerance() {
    snapshot!(
        "rules__error_bad_tolerance",
        error(&format!("{OK}  tolerance: {{ slack: 0.1 }}\n"))
    );
}

#[test]
fn test_without_text() {
    snapshot!(
        "rules__error_test_without_text",
        error(&format!("{OK}  tests:\n    - expect: []\n"))
    );
}

#[test]
fn test_with_a_bad_date() {
    snapshot!(
        "rules__error_test_bad_date",
        error(&format!("{OK}  tests:\n    - text: \"It rose 5 percent.\"\n      date: 2024-13-01\n      expect: []\n"))
    );
}

#[test]
fn duplicate_ids_across_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), OK).unwrap();
    std::fs::write(
        dir.path().join("b.yaml"),
        format!("- id: other-rule\n  kind: growth\n  title: y\n{OK}"),
    )
    .unwrap();
    let err = RuleSet::load(dir.path()).expect_err("duplicate ids");
    let text = render(&err).replace(&dir.path().display().to_string(), "<dir>");
    snapshot!("rules__error_duplicate_id", text);
}

#[test]
fn missing_rules_folder() {
    let err = RuleSet::load(Path::new("no-such-rules-dir")).expect_err("missing folder");
    snapshot!("rules__error_missing_folder", render(&err));
}

fn kind_error(kind_yaml: &str) -> String {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rules");
    let src = YamlSource {
        path: "rules/mine.yaml".into(),
        text: format!("- id: my-rule\n  title: x\n{kind_yaml}"),
    };
    render(&parse_rules(&src, &dir).expect_err("the rule must not load"))
}

#[test]
fn sql_syntax_error() {
    snapshot!(
        "rules__error_sql_syntax",
        kind_error("  kind: sql\n  query: SELEC article FROM claims\n")
    );
}

#[test]
fn sql_without_the_required_columns() {
    snapshot!(
        "rules__error_sql_columns",
        kind_error("  kind: sql\n  query: SELECT article, start FROM claims\n")
    );
}

#[test]
fn conversion_rates_file_missing() {
    snapshot!(
        "rules__error_conversion_rates",
        kind_error("  kind: conversion\n  rates: data/no-such-rates.yaml\n")
    );
}

#[test]
fn sum_without_parts() {
    snapshot!(
        "rules__error_sum_without_parts",
        kind_error("  kind: sum\n  total: foreign_trade\n")
    );
}

#[test]
fn multiple_with_an_unknown_reading() {
    snapshot!(
        "rules__error_multiple_reading",
        kind_error("  kind: multiple\n  reading: sideways\n")
    );
}

#[test]
fn tolerance_approx_out_of_range() {
    snapshot!(
        "rules__error_tolerance_approx",
        error(&format!("{OK}  tolerance: {{ approx: 5 }}\n"))
    );
}
