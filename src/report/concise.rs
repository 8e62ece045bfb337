//! `--format concise`: one line per finding, `path:line:col: severity[rule] message`,
//! the shape editors and grep understand.

use crate::check::Report;
use std::collections::HashMap;
use std::fmt::Write;

/// Render; `paths` maps article ids to the paths users see. Without the
/// articles' text (`source_text` false) a finding has no line and column:
/// `path: severity[rule] message (bytes start..end)`, and a last line says
/// why.
pub fn render(report: &Report, paths: &HashMap<String, String>, source_text: bool) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let path = crate::report::path_of(paths, &f.article);
        let message = f.message.replace('\n', " ");
        let accepted = if f.accepted { " (accepted)" } else { "" };
        let _ = match f.span.line_column() {
            Some((line, column)) => writeln!(
                out,
                "{path}:{line}:{column}: {}[{}] {message}{accepted}",
                f.severity, f.rule,
            ),
            None => writeln!(
                out,
                "{path}: {}[{}] {message} ({}){accepted}",
                f.severity,
                f.rule,
                f.span.position()
            ),
        };
    }
    if !source_text {
        let _ = writeln!(out, "note: {}", crate::report::NO_SOURCE_TEXT);
    }
    out
}
