//! The shipped rule set: it loads, and every rule's inline tests pass.

use claimcheck::extract::lexicon::Lexicon;
use claimcheck::rules::{inline, RuleSet};
use std::path::PathBuf;

fn rules_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rules")
}

#[test]
fn every_inline_test_of_the_shipped_rules_passes() {
    let dir = rules_dir();
    let set = RuleSet::load(&dir).expect("the shipped rules load");
    let lex = Lexicon::load(&dir.join("metrics.yaml")).expect("lexicon");
    let mut failures = Vec::new();
    let mut count = 0;
    for rule in &set.rules {
        assert!(
            !rule.meta.tests.is_empty(),
            "rule {} has no inline tests",
            rule.meta.id
        );
        for r in inline::run(rule, &lex, &dir) {
            count += 1;
            if !r.passed {
                failures.push(format!("{} test {}: {}", r.rule, r.index + 1, r.detail));
            }
        }
    }
    assert!(count > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_kind_has_a_shipped_rule() {
    let set = RuleSet::load(&rules_dir()).expect("the shipped rules load");
    for kind in claimcheck::rules::kinds::names() {
        assert!(
            set.rules.iter().any(|r| r.meta.kind == kind),
            "no shipped rule of kind {kind}"
        );
    }
}

/// The findings each kind's inline tests produce, as users would read them.
#[test]
fn inline_test_findings_by_kind() {
    let dir = rules_dir();
    let set = RuleSet::load(&dir).expect("the shipped rules load");
    let lex = Lexicon::load(&dir.join("metrics.yaml")).expect("lexicon");
    for kind in claimcheck::rules::kinds::names() {
        let mut lines = Vec::new();
        for rule in set.rules.iter().filter(|r| r.meta.kind == kind) {
            for r in inline::run(rule, &lex, &dir) {
                lines.push(format!("{} test {}:", r.rule, r.index + 1));
                if r.findings.is_empty() {
                    lines.push("  (no findings)".into());
                }
                for f in &r.findings {
                    lines.push(format!("  {} [{}] {}", f.severity, f.article, f.message));
                    if let Some(h) = &f.help {
                        lines.push(format!("    help: {h}"));
                    }
                    for rel in &f.related {
                        lines.push(format!(
                            "    related: {} “{}” — {}",
                            rel.article, rel.text, rel.label
                        ));
                    }
                }
            }
        }
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("rules__inline_{kind}"), lines.join("\n"));
        });
    }
}

/// `tolerance.approx` gives one rule its own δ for "about" and "nearly".
#[test]
fn a_rule_with_its_own_delta_for_about() {
    let dir = rules_dir();
    let lex = Lexicon::load(&dir.join("metrics.yaml")).expect("lexicon");
    let rule = |approx: &str| {
        let src = claimcheck::yaml::YamlSource {
            path: "mine.yaml".into(),
            text: format!(
                "- id: gdp-agrees\n  kind: agreement\n  title: x\n{approx}  tests:\n    - text: \"Between 2012 and 2021, Binzhou's gross domestic product grew by 88 percent. Between 2012 and 2021, Binzhou's GDP rose about 80 percent.\"\n      date: \"2022-03-01\"\n      expect: []\n"
            ),
        };
        claimcheck::rules::parse_rules(&src, &dir)
            .expect("loads")
            .remove(0)
    };
    // δ = 5 %: "about 80" is [76, 84], which 88 does not meet.
    assert!(!inline::run(&rule(""), &lex, &dir)[0].passed);
    // δ = 10 %: [72, 88] meets 88's [87.5, 88.5].
    assert!(inline::run(&rule("  tolerance: { approx: 0.1 }\n"), &lex, &dir)[0].passed);
}
