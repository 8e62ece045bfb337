//! The human report: miette's graphical diagnostics, one per finding, with
//! the article text and a label on every claim involved (across files),
//! then a summary.

use crate::check::Report;
use crate::finding::{Finding, Severity};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};
use std::fmt;

/// The source texts findings point into.
pub trait Sources {
    fn text(&self, article: &str) -> &str;
}

/// What the summary counts besides the report itself.
pub struct Totals {
    pub articles: usize,
    pub claims: usize,
    pub unreadable: usize,
}

struct FindingDiagnostic {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    src: NamedSource<String>,
    labels: Vec<LabeledSpan>,
    related: Vec<RelatedDiagnostic>,
}

/// A claim in another article: its own snippet under the finding.
struct RelatedDiagnostic {
    message: String,
    src: NamedSource<String>,
    label: LabeledSpan,
}

impl fmt::Debug for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for FindingDiagnostic {}

impl fmt::Debug for RelatedDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl fmt::Display for RelatedDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for RelatedDiagnostic {}

impl Diagnostic for RelatedDiagnostic {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}

impl Diagnostic for FindingDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
        }
    }
}

fn span(start: u32, end: u32) -> (usize, usize) {
    (start as usize, (end.saturating_sub(start)) as usize)
}

fn diagnostic(f: &Finding, sources: &dyn Sources) -> FindingDiagnostic {
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        Some(f.label.clone()).filter(|l| !l.is_empty()),
        span(f.span.start, f.span.end),
    )];
    let mut related = Vec::new();
    for r in &f.related {
        let label =
            LabeledSpan::new_with_span(Some(r.label.clone()), span(r.span.start, r.span.end));
        if r.article == f.article {
            labels.push(label);
        } else {
            related.push(RelatedDiagnostic {
                message: format!("in {}", r.article),
                src: NamedSource::new(r.article.clone(), sources.text(&r.article).to_string()),
                label,
            });
        }
    }
    FindingDiagnostic {
        message: f.message.clone(),
        code: f.rule.clone(),
        severity: match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        },
        help: f.help.clone(),
        src: NamedSource::new(f.article.clone(), sources.text(&f.article).to_string()),
        labels,
        related,
    }
}

/// Render the whole report.
pub fn render(report: &Report, totals: &Totals, sources: &dyn Sources, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    for f in report.findings.iter().filter(|f| !f.accepted) {
        let d = diagnostic(f, sources);
        let _ = handler.render_report(&mut out, &d);
        out.push('\n');
    }
    // Accepted findings: one line each, so a reviewer still sees them.
    for f in report.findings.iter().filter(|f| f.accepted) {
        out.push_str(&format!(
            "accepted in baseline: {}[{}] {}:{}:{} {}\n",
            f.severity, f.rule, f.article, f.span.line, f.span.column, f.message
        ));
    }
    if !report.stale.is_empty() {
        out.push_str(&format!(
            "{} no longer match any finding: `claimcheck baseline prune` removes them\n",
            plural(report.stale.len(), "baseline entry").replace("entrys", "entries")
        ));
    }
    if report.accepted() > 0 || !report.stale.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(report, totals));
    out
}

/// "5 articles, 78 claims · 12 checks run, 10 passed · 1 error, 1 warning, 0 info"
pub fn summary(report: &Report, totals: &Totals) -> String {
    let mut s = format!(
        "{}, {} · {} run, {} passed · {}, {}, {} info",
        plural(totals.articles, "article"),
        plural(totals.claims, "claim"),
        plural(report.checks_run(), "check"),
        report.checks_passed(),
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        report.count(Severity::Info),
    );
    if report.accepted() > 0 {
        s.push_str(&format!(" · {} accepted", report.accepted()));
    }
    if totals.unreadable > 0 {
        s.push_str(&format!(
            " · {} unreadable",
            plural(totals.unreadable, "article")
        ));
    }
    s.push('\n');
    s
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
