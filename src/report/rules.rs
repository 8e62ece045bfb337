//! `claimcheck rules list | explain | test`, for people.

use crate::rules::inline::TestResult;
use crate::rules::kinds::KindInfo;
use crate::rules::{RuleMeta, RuleSet};
use std::fmt::Write;

/// The catalogue: one line per rule.
pub fn list(set: &RuleSet) -> String {
    let w_id = set
        .rules
        .iter()
        .map(|r| r.meta.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let w_kind = set
        .rules
        .iter()
        .map(|r| r.meta.kind.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = format!(
        "{:w_id$}  {:w_kind$}  {:8}  title\n",
        "id", "kind", "severity"
    );
    for r in &set.rules {
        let _ = writeln!(
            out,
            "{:w_id$}  {:w_kind$}  {:8}  {}",
            r.meta.id,
            r.meta.kind,
            r.meta.severity.as_str(),
            r.meta.title
        );
    }
    let _ = writeln!(out, "\n{} rules in {} kinds", set.rules.len(), {
        let mut k: Vec<&str> = set.rules.iter().map(|r| r.meta.kind.as_str()).collect();
        k.sort_unstable();
        k.dedup();
        k.len()
    });
    out
}

/// A rule: its own explanation, then its kind's documentation.
pub fn explain_rule(meta: &RuleMeta, kind: &KindInfo) -> String {
    let mut out = format!(
        "# {} ({}, {})\n\n{}\n\n",
        meta.id, meta.kind, meta.severity, meta.title
    );
    if !meta.explain.trim().is_empty() {
        out.push_str(meta.explain.trim_end());
        out.push_str("\n\n");
    }
    let _ = writeln!(
        out,
        "Defined in {} line {}; {} inline tests.\n",
        meta.file,
        meta.line,
        meta.tests.len()
    );
    out.push_str(kind.doc);
    out
}

pub fn explain_kind(kind: &KindInfo) -> String {
    kind.doc.to_string()
}

/// Inline test results: one line per test, failures with the detail.
pub fn tests(results: &[TestResult]) -> String {
    let mut out = String::new();
    for r in results {
        let _ = writeln!(
            out,
            "{} {} test {}",
            if r.passed { "ok  " } else { "FAIL" },
            r.rule,
            r.index + 1
        );
        if !r.passed {
            let _ = writeln!(out, "     {}", r.detail);
        }
    }
    let failed = results.iter().filter(|r| !r.passed).count();
    let _ = writeln!(
        out,
        "\n{} passed, {} failed",
        results.len() - failed,
        failed
    );
    out
}
