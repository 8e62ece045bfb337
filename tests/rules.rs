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
