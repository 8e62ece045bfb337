//! The human report: miette's graphical diagnostics, one per finding, with
//! the article text and a label on every claim involved (across files),
//! then a summary.

use crate::check::Report;
use crate::finding::{Finding, Severity, Span};
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
    /// False when the findings come from extracted claims without the
    /// articles' text (`check --claims`).
    pub source_text: bool,
}

struct FindingDiagnostic {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    /// None without the article's text: no snippet, no labels.
    src: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
    related: Vec<RelatedDiagnostic>,
    /// Without the text: the claims involved, one line each.
    lines: Option<Box<Line>>,
}

/// A claim in another article: its own snippet under the finding (or,
/// without the text, a line naming the claim and where it is).
struct RelatedDiagnostic {
    message: String,
    src: Option<NamedSource<String>>,
    label: Option<LabeledSpan>,
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
impl std::error::Error for FindingDiagnostic {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.lines
            .as_deref()
            .map(|l| l as &(dyn std::error::Error + 'static))
    }
}

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
        self.src.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.label
            .as_ref()
            .map(|l| Box::new(std::iter::once(l.clone())) as Box<dyn Iterator<Item = LabeledSpan>>)
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
        self.src.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        // Empty without the text: labels need a source.
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
    let text = sources.text(&f.article);
    if text.is_empty() {
        return without_text(f);
    }
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        Some(f.label.clone()).filter(|l| !l.is_empty()),
        span(f.span.start, f.span.end),
    )];
    let mut related = Vec::new();
    for r in &f.related {
        let label =
            LabeledSpan::new_with_span(Some(r.label.clone()), span(r.span.start, r.span.end));
        let other = sources.text(&r.article);
        if r.article == f.article {
            labels.push(label);
        } else if other.is_empty() {
            related.push(related_line(&r.article, &r.span, &r.text, &r.label));
        } else {
            related.push(RelatedDiagnostic {
                message: format!("in {}", r.article),
                src: Some(NamedSource::new(r.article.clone(), other.to_string())),
                label: Some(label),
            });
        }
    }
    FindingDiagnostic {
        message: f.message.clone(),
        code: f.rule.clone(),
        severity: severity(f.severity),
        help: f.help.clone(),
        src: Some(NamedSource::new(f.article.clone(), text.to_string())),
        labels,
        related,
        lines: None,
    }
}

fn severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

/// A claim as one line: where it is, what it says, its label.
fn claim_line(article: &str, span: &Span, text: &str, label: &str) -> String {
    let mut line = format!("{article} {}: “{text}”", span.position());
    if !label.is_empty() {
        line.push_str(" — ");
        line.push_str(label);
    }
    line
}

/// A claim in another article without its text: a line of its own.
fn related_line(article: &str, span: &Span, text: &str, label: &str) -> RelatedDiagnostic {
    RelatedDiagnostic {
        message: claim_line(article, span, text, label),
        src: None,
        label: None,
    }
}

/// Lines under a finding without its article's text, one per claim;
/// miette draws them as a chain (`├─▶`) under the message.
struct Line {
    text: String,
    next: Option<Box<Line>>,
}

impl fmt::Debug for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
impl std::error::Error for Line {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.next
            .as_deref()
            .map(|n| n as &(dyn std::error::Error + 'static))
    }
}

/// A finding without its article's text: the message, then every claim
/// involved as a line of its own.
fn without_text(f: &Finding) -> FindingDiagnostic {
    let lines: Vec<String> = std::iter::once(claim_line(&f.article, &f.span, &f.text, &f.label))
        .chain(
            f.related
                .iter()
                .map(|r| claim_line(&r.article, &r.span, &r.text, &r.label)),
        )
        .collect();
    let chain = lines
        .into_iter()
        .rev()
        .fold(None, |next, text| Some(Box::new(Line { text, next })));
    FindingDiagnostic {
        message: f.message.clone(),
        code: f.rule.clone(),
        severity: severity(f.severity),
        help: f.help.clone(),
        src: None,
        labels: Vec::new(),
        related: Vec::new(),
        lines: chain,
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
        let at = match f.span.line_column() {
            Some((line, column)) => format!("{}:{line}:{column}", f.article),
            None => format!("{} {}", f.article, f.span.position()),
        };
        out.push_str(&format!(
            "accepted in baseline: {}[{}] {at} {}\n",
            f.severity, f.rule, f.message
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
    if !totals.source_text {
        out.push_str("note: ");
        out.push_str(crate::report::NO_SOURCE_TEXT);
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
