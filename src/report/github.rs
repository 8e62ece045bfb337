//! `--format github`: GitHub Actions workflow commands, so findings show
//! as annotations on the pull request.

use crate::check::Report;
use crate::finding::{Finding, Severity};
use std::collections::HashMap;
use std::fmt::Write;

/// Escape a command's message (GitHub's rules: %, CR, LF).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value: also `:` and `,`, which delimit properties.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Where the finding's text ends: its line and the column after it.
fn end(f: &Finding, line: u32, column: u32) -> (u32, u32) {
    let lines: Vec<&str> = f.text.split('\n').collect();
    let extra = lines.len() as u32 - 1;
    let last = lines.last().map_or(0, |l| l.chars().count() as u32);
    if extra == 0 {
        (line, column + last)
    } else {
        (line + extra, last + 1)
    }
}

/// Render. Without the articles' text (`source_text` false) findings have
/// no line: their annotations are on the file, the byte range is in the
/// message, and a notice says why.
pub fn render(report: &Report, paths: &HashMap<String, String>, source_text: bool) -> String {
    let mut out = String::new();
    if !source_text {
        let _ = writeln!(
            out,
            "::notice title=claimcheck::{}",
            data(crate::report::NO_SOURCE_TEXT)
        );
    }
    // Accepted findings were reviewed: no annotation for them.
    for f in report.findings.iter().filter(|f| !f.accepted) {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let path = crate::report::path_of(paths, &f.article);
        let mut message = f.message.clone();
        let place = match f.span.line_column() {
            Some((line, column)) => {
                let (end_line, end_column) = end(f, line, column);
                format!(",line={line},col={column},endLine={end_line},endColumn={end_column}")
            }
            None => {
                message.push_str(&format!(" ({})", f.span.position()));
                String::new()
            }
        };
        if let Some(h) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        let _ = writeln!(
            out,
            "::{command} file={}{place},title={}::{}",
            property(path),
            property(&format!("{} ({})", f.rule, f.kind)),
            data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_requires() {
        assert_eq!(data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(property("a,b:c"), "a%2Cb%3Ac");
    }
}
