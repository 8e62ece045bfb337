//! The JSON report: one versioned document (see README, "JSON report").

use crate::check::{Report, RuleStats};
use crate::finding::{Finding, Severity};
use crate::report::human::Totals;
use serde::Serialize;

/// The document's version; bumped on any incompatible change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    summary: Summary,
    findings: &'a [Finding],
    rules: &'a [RuleStats],
    stale_baseline: &'a [crate::baseline::Entry],
}

#[derive(Serialize)]
struct Summary {
    articles: usize,
    claims: usize,
    unreadable: usize,
    checks_run: usize,
    checks_passed: usize,
    /// Findings by severity, not counting accepted ones.
    findings: Counts,
    accepted: usize,
    /// False when the findings come from extracted claims without the
    /// articles' text (`check --claims`); absent otherwise.
    #[serde(skip_serializing_if = "crate::report::is_true")]
    source_text: bool,
}

#[derive(Serialize)]
struct Counts {
    error: usize,
    warning: usize,
    info: usize,
}

pub fn render(report: &Report, totals: &Totals) -> serde_json::Result<String> {
    let doc = Document {
        version: VERSION,
        summary: Summary {
            articles: totals.articles,
            claims: totals.claims,
            unreadable: totals.unreadable,
            checks_run: report.checks_run(),
            checks_passed: report.checks_passed(),
            findings: Counts {
                error: report.count(Severity::Error),
                warning: report.count(Severity::Warning),
                info: report.count(Severity::Info),
            },
            accepted: report.accepted(),
            source_text: totals.source_text,
        },
        findings: &report.findings,
        rules: &report.stats,
        stale_baseline: &report.stale,
    };
    let mut s = serde_json::to_string_pretty(&doc)?;
    s.push('\n');
    Ok(s)
}
