//! Every way the metric lexicon can fail to load, as users see it.

use claimcheck::extract::lexicon::Lexicon;
use claimcheck::yaml::YamlSource;

fn error(text: &str) -> String {
    let src = YamlSource {
        path: "rules/metrics.yaml".into(),
        text: text.into(),
    };
    let err = Lexicon::from_source(&src).expect_err("the lexicon must not load");
    claimcheck::report::diagnostics::render(&err, false)
}

macro_rules! snapshot {
    ($name:expr, $text:expr) => {
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!($name, error($text));
        })
    };
}

#[test]
fn unknown_key() {
    snapshot!(
        "lexicon__unknown_key",
        "metrics:\n  - id: gdp\n    names: [GDP]\n    synonyms: [output]\n"
    );
}

#[test]
fn yaml_syntax() {
    snapshot!(
        "lexicon__yaml_syntax",
        "metrics:\n  - id: gdp\n    names: [GDP\n"
    );
}

#[test]
fn duplicate_metric() {
    snapshot!(
        "lexicon__duplicate_metric",
        "metrics:\n  - id: gdp\n    names: [GDP]\n  - id: gdp\n    names: [gross domestic product]\n"
    );
}

#[test]
fn bad_pattern() {
    snapshot!(
        "lexicon__bad_pattern",
        "metrics:\n  - id: gdp\n    patterns: ['gross (domestic product']\n"
    );
}

#[test]
fn bad_id() {
    snapshot!(
        "lexicon__bad_id",
        "metrics:\n  - id: GDP-total\n    names: [GDP]\n"
    );
}

#[test]
fn unknown_unit_family() {
    snapshot!(
        "lexicon__unknown_unit_family",
        "metrics:\n  - id: gdp\n    names: [GDP]\n    units: [furlongs]\n"
    );
}

#[test]
fn metric_without_names() {
    snapshot!("lexicon__metric_without_names", "metrics:\n  - id: gdp\n");
}

#[test]
fn subject_without_names() {
    snapshot!(
        "lexicon__subject_without_names",
        "subjects:\n  - names: []\n"
    );
}

#[test]
fn the_shipped_lexicon_loads() {
    let l =
        Lexicon::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/metrics.yaml"))
            .unwrap();
    assert!(l.metrics.len() >= 20);
}
