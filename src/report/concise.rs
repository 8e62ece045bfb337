//! `--format concise`: one line per finding, `path:line:col: severity[rule] message`,
//! the shape editors and grep understand.

use crate::check::Report;
use std::collections::HashMap;
use std::fmt::Write;

/// Render; `paths` maps article ids to the paths users see.
pub fn render(report: &Report, paths: &HashMap<String, String>) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let path = crate::report::path_of(paths, &f.article);
        let _ = writeln!(
            out,
            "{path}:{}:{}: {}[{}] {}{}",
            f.span.line,
            f.span.column,
            f.severity,
            f.rule,
            f.message.replace('\n', " "),
            if f.accepted { " (accepted)" } else { "" }
        );
    }
    out
}
