//! Findings: what a rule reports, with the spans of every claim involved
//! and a fingerprint that survives edits elsewhere in the article.

use crate::claim::Claim;
use crate::extract::lexicon::fnv1a;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A byte range in an article, with the line and column (1-based, in
/// characters) of its start when the article's text is known (claims
/// checked without their articles, `check --claims`, have offsets only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

impl Span {
    /// The span of `start..end` in `text`; an empty text is an unknown one
    /// (no article is empty), and the span then has no line or column.
    pub fn in_text(text: &str, start: u32, end: u32) -> Span {
        if text.is_empty() {
            return Span::offsets(start, end);
        }
        let mut s = (start as usize).min(text.len());
        while !text.is_char_boundary(s) {
            s -= 1;
        }
        let before = &text[..s];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |p| p + 1);
        let column = before[line_start..].chars().count() as u32 + 1;
        Span {
            start,
            end,
            line: Some(line),
            column: Some(column),
        }
    }

    /// A span known only by its byte offsets.
    pub fn offsets(start: u32, end: u32) -> Span {
        Span {
            start,
            end,
            line: None,
            column: None,
        }
    }

    /// The line and column, when known.
    pub fn line_column(&self) -> Option<(u32, u32)> {
        self.line.zip(self.column)
    }

    /// Where the span is, for people: "22:113", or "bytes 1613..1623"
    /// without the text.
    pub fn position(&self) -> String {
        match self.line_column() {
            Some((line, column)) => format!("{line}:{column}"),
            None => format!("bytes {}..{}", self.start, self.end),
        }
    }
}

/// Another claim a finding involves, possibly in another article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Related {
    pub article: String,
    pub span: Span,
    pub text: String,
    pub label: String,
}

/// One discrepancy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub kind: String,
    pub severity: Severity,
    pub message: String,
    pub article: String,
    pub span: Span,
    /// The text of the primary claim.
    pub text: String,
    /// The label on the primary claim.
    pub label: String,
    pub stated: Option<f64>,
    pub computed: Option<f64>,
    pub related: Vec<Related>,
    pub help: Option<String>,
    pub fingerprint: String,
    /// Accepted in the baseline: reported, but never fails the run.
    pub accepted: bool,
}

/// The normalised text of a claim, for fingerprints: case and spacing do
/// not matter, position does not enter at all.
fn normalised(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A fingerprint from the rule, the article and the claims' texts.
pub fn fingerprint(rule: &str, article: &str, texts: &[&str]) -> String {
    let mut key = format!("{rule}\u{1f}{article}");
    for t in texts {
        key.push('\u{1f}');
        key.push_str(&normalised(t));
    }
    format!("{:016x}", fnv1a(key.as_bytes()))
}

/// Sort findings deterministically: rule, article, span.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.rule, &a.article, a.span.start, a.span.end, &a.message).cmp(&(
            &b.rule,
            &b.article,
            b.span.start,
            b.span.end,
            &b.message,
        ))
    });
}

/// Builds a finding around a primary claim.
pub struct FindingBuilder<'a> {
    finding: Finding,
    texts: Vec<&'a str>,
}

impl<'a> FindingBuilder<'a> {
    pub fn new(
        rule: &crate::rules::RuleMeta,
        primary: &'a Claim,
        text_of_article: &str,
        message: String,
    ) -> Self {
        let span = Span::in_text(text_of_article, primary.start, primary.end);
        Self::start(rule, &primary.article, span, &primary.text, message)
    }

    /// The one place a finding is put together.
    fn start(
        rule: &crate::rules::RuleMeta,
        article: &str,
        span: Span,
        text: &'a str,
        message: String,
    ) -> Self {
        FindingBuilder {
            finding: Finding {
                rule: rule.id.clone(),
                kind: rule.kind.clone(),
                severity: rule.severity,
                message,
                article: article.to_string(),
                span,
                text: text.to_string(),
                label: String::new(),
                stated: None,
                computed: None,
                related: Vec::new(),
                help: None,
                fingerprint: String::new(),
                accepted: false,
            },
            texts: vec![text],
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.finding.label = label.into();
        self
    }

    pub fn values(mut self, stated: Option<f64>, computed: Option<f64>) -> Self {
        self.finding.stated = stated;
        self.finding.computed = computed;
        self
    }

    pub fn help(mut self, help: Option<String>) -> Self {
        self.finding.help = help;
        self
    }

    pub fn related(
        self,
        claim: &'a Claim,
        text_of_article: &str,
        label: impl Into<String>,
    ) -> Self {
        let span = Span::in_text(text_of_article, claim.start, claim.end);
        self.push_related(&claim.article, span, &claim.text, label.into())
    }

    /// The two levels of a change, labelled "from X" and "to Y".
    pub fn levels(self, from: &'a Claim, to: &'a Claim, ctx: &crate::check::Context<'_>) -> Self {
        let fmt = crate::report::claims::fmt_num;
        self.related(
            from,
            ctx.text(&from.article),
            format!("from {}", fmt(from.value)),
        )
        .related(to, ctx.text(&to.article), format!("to {}", fmt(to.value)))
    }

    fn push_related(mut self, article: &str, span: Span, text: &'a str, label: String) -> Self {
        self.finding.related.push(Related {
            article: article.to_string(),
            span,
            text: text.to_string(),
            label,
        });
        self.texts.push(text);
        self
    }

    /// A finding on a span of an article that is not a claim (a name, a
    /// phrase): its text is `text_of_article[start..end]`.
    pub fn at_span(
        rule: &crate::rules::RuleMeta,
        article: &str,
        text_of_article: &'a str,
        start: u32,
        end: u32,
        message: String,
    ) -> Self {
        let text = text_of_article
            .get(start as usize..end as usize)
            .unwrap_or("");
        let span = Span::in_text(text_of_article, start, end);
        Self::start(rule, article, span, text, message)
    }

    /// Another span a finding involves that is not a claim.
    pub fn related_span(
        self,
        article: &str,
        text_of_article: &'a str,
        start: u32,
        end: u32,
        label: impl Into<String>,
    ) -> Self {
        let text = text_of_article
            .get(start as usize..end as usize)
            .unwrap_or("");
        let span = Span::in_text(text_of_article, start, end);
        self.push_related(article, span, text, label.into())
    }

    pub fn build(mut self) -> Finding {
        self.finding.fingerprint =
            fingerprint(&self.finding.rule, &self.finding.article, &self.texts);
        self.finding
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_know_their_line_and_column() {
        let t = "first line\nsecond “line” 42";
        let s = Span::in_text(t, 29, 31);
        assert_eq!(s.line_column(), Some((2, 15)));
        assert_eq!(s.position(), "2:15");
    }

    #[test]
    fn without_the_text_a_span_has_offsets_only() {
        let s = Span::in_text("", 1613, 1623);
        assert_eq!((s.start, s.end, s.line_column()), (1613, 1623, None));
        assert_eq!(s.position(), "bytes 1613..1623");
    }

    #[test]
    fn fingerprints_ignore_position_case_and_spacing() {
        let a = fingerprint("growth-mismatch", "a.txt", &["30  percent", "37"]);
        let b = fingerprint("growth-mismatch", "a.txt", &["30 Percent", "37"]);
        assert_eq!(a, b);
        assert_ne!(
            a,
            fingerprint("growth-mismatch", "b.txt", &["30 percent", "37"])
        );
    }
}
