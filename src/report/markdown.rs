//! `--format markdown`: a summary table and one section per finding, for a
//! pull-request comment or a job summary.

use crate::check::Report;
use crate::finding::{Severity, Span};
use crate::report::claims::fmt_num;
use crate::report::human::Totals;
use std::collections::HashMap;
use std::fmt::Write;

/// Text safe inside a table cell or inline: pipes and newlines would break
/// the table, and `<` would start HTML.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
        .replace(['\n', '\r'], " ")
        .replace('<', "&lt;")
}

fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "🔴 error",
        Severity::Warning => "🟠 warning",
        Severity::Info => "🔵 info",
    }
}

/// "line 22, column 113", or "bytes 1613..1623" without the text.
fn place(span: &Span) -> String {
    match span.line_column() {
        Some((line, column)) => format!("line {line}, column {column}"),
        None => span.position(),
    }
}

pub fn render(report: &Report, totals: &Totals, paths: &HashMap<String, String>) -> String {
    let mut out = String::from("## claimcheck\n\n");
    let _ = writeln!(
        out,
        "| articles | claims | checks run | passed | errors | warnings | info |\n|---:|---:|---:|---:|---:|---:|---:|\n| {} | {} | {} | {} | {} | {} | {} |\n",
        totals.articles,
        totals.claims,
        report.checks_run(),
        report.checks_passed(),
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
    );
    if !totals.source_text {
        let _ = writeln!(out, "> **Note:** {}.\n", crate::report::NO_SOURCE_TEXT);
    }
    if report.findings.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    out.push_str("| | rule | where | finding |\n|---|---|---|---|\n");
    for (i, f) in report.findings.iter().enumerate() {
        let path = crate::report::path_of(paths, &f.article);
        let _ = writeln!(
            out,
            "| {} | `{}` | [{}{}](#finding-{}) | {} |",
            if f.accepted {
                "✅ accepted"
            } else {
                icon(f.severity)
            },
            f.rule,
            cell(path),
            match f.span.line {
                Some(line) => format!(":{line}"),
                None => format!(" {}", f.span.position()),
            },
            i + 1,
            cell(&f.message)
        );
    }
    for (i, f) in report.findings.iter().enumerate() {
        let path = crate::report::path_of(paths, &f.article);
        let _ = writeln!(
            out,
            "\n### Finding {}\n<a id=\"finding-{}\"></a>\n",
            i + 1,
            i + 1
        );
        let _ = writeln!(
            out,
            "**{}** `{}` ({}) in `{}`, {}\n",
            icon(f.severity),
            f.rule,
            f.kind,
            cell(path),
            place(&f.span)
        );
        let _ = writeln!(out, "{}\n", cell(&f.message));
        let _ = writeln!(
            out,
            "- claim: “{}”{}",
            cell(&f.text),
            if f.label.is_empty() {
                String::new()
            } else {
                format!(" — {}", cell(&f.label))
            }
        );
        if let Some(s) = f.stated {
            let _ = writeln!(out, "- stated: {}", fmt_num(s));
        }
        if let Some(c) = f.computed {
            let _ = writeln!(out, "- computed: {}", fmt_num(c));
        }
        for r in &f.related {
            let rp = crate::report::path_of(paths, &r.article);
            let _ = writeln!(
                out,
                "- related: “{}” in `{}`, {} — {}",
                cell(&r.text),
                cell(rp),
                match r.span.line {
                    Some(line) => format!("line {line}"),
                    None => r.span.position(),
                },
                cell(&r.label)
            );
        }
        if let Some(h) = &f.help {
            let _ = writeln!(out, "\n> **help:** {}", cell(h));
        }
        let _ = writeln!(out, "\n<sub>fingerprint `{}`</sub>", f.fingerprint);
    }
    out
}
