//! `--format html`: one self-contained page for review.
//!
//! The page has a summary, a legend, the findings (each linking to the
//! claims it involves), a table of the rules with their pass/fail counts,
//! and every article with each claim highlighted by its status:
//!
//! - **flagged**: a finding (its primary span or a related one) touches it;
//! - **accepted**: only findings the baseline accepts touch it;
//! - **verified**: a passing check of some rule covered it;
//! - **unchecked**: no rule looked at it.
//!
//! Hovering a claim shows what was extracted (its `title`). A finding span
//! that is not a claim (a name, a phrase) is highlighted as a `span` so the
//! finding can still link to it.
//!
//! The page needs no script and loads nothing: inline CSS only, and a
//! Content-Security-Policy that forbids scripts and every fetch in case
//! anything slipped through. All text, article text included, is escaped
//! (`&`, `<`, `>`, `"`, `'`) in content and attributes alike. Offsets are
//! byte offsets; a span that is out of range, not on a character boundary,
//! empty, or crossing another span is left unhighlighted rather than
//! breaking the page. The output has no timestamps: the same findings give
//! the same bytes.

use crate::check::Report;
use crate::claim::Claim;
use crate::corpus::Article;
use crate::finding::{Finding, Severity};
use crate::report::claims::fmt_num;
use crate::report::human::Totals;
use std::collections::{HashMap, HashSet};
use std::fmt::{self, Write};

/// How a claim fared, from the strongest reason down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// A finding that is not accepted touches it.
    Flagged,
    /// Only findings accepted in the baseline touch it.
    Accepted,
    /// A passing check covered it, and no finding touches it.
    Verified,
    /// No rule looked at it.
    Unchecked,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Flagged,
        Status::Accepted,
        Status::Verified,
        Status::Unchecked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Flagged => "flagged",
            Status::Accepted => "accepted",
            Status::Verified => "verified",
            Status::Unchecked => "unchecked",
        }
    }

    fn explain(self) -> &'static str {
        match self {
            Status::Flagged => "a finding involves this claim",
            Status::Accepted => "only findings accepted in the baseline involve this claim",
            Status::Verified => "a passing check covered this claim",
            Status::Unchecked => "no rule checked this claim",
        }
    }
}

/// Text escaped for HTML content and attribute values: `&`, `<`, `>`,
/// `"`, `'`, and line breaks as character references (so a `title` keeps
/// them and a tag stays on one line).
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escape(f, self.0, true)
    }
}

/// Write `s` escaped; `breaks`: line breaks as references too.
fn escape(w: &mut impl fmt::Write, s: &str, breaks: bool) -> fmt::Result {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b'\n' if breaks => "&#10;",
            b'\r' if breaks => "&#13;",
            _ => continue,
        };
        // Every replaced byte is ASCII, so `i` is a char boundary.
        w.write_str(&s[last..i])?;
        w.write_str(rep)?;
        last = i + 1;
    }
    w.write_str(&s[last..])
}

/// Article text escaped for content: like [`Esc`] but line breaks stay
/// as they are (the text is shown with `white-space: pre-wrap`).
fn push_text(out: &mut String, s: &str) {
    // Writing to a String cannot fail.
    let _ = escape(out, s, false);
}

/// What a highlight or a link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Target {
    /// A claim, by its row in the claims.
    Claim(u32),
    /// A finding span that is no claim, by its index in `Index::anchors`.
    Span(usize),
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Claim(row) => write!(f, "claim-{row}"),
            Target::Span(i) => write!(f, "span-{}", i + 1),
        }
    }
}

/// A finding span that touches no claim.
struct Anchor<'a> {
    article: &'a str,
    start: u32,
    end: u32,
    /// Indices of the findings that involve it, ascending.
    findings: Vec<usize>,
}

/// One highlight in an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    start: usize,
    end: usize,
    target: Target,
}

/// The claims of one article, sorted by start, for overlap queries.
#[derive(Default)]
struct ArticleClaims {
    rows: Vec<u32>,
    /// The longest claim, in bytes: bounds how far back an overlap can start.
    max_len: u64,
}

/// Everything the page needs to know about claims and findings, computed
/// once: per-claim findings and verifying rules, anchors for the rest.
struct Index<'a> {
    claims: &'a [Claim],
    by_article: HashMap<&'a str, ArticleClaims>,
    /// Findings touching each claim (ascending indices into the findings).
    touched: HashMap<u32, Vec<usize>>,
    /// Rules (indices into `report.stats`) whose passing checks verified each claim.
    verified: HashMap<u32, Vec<u32>>,
    anchors: Vec<Anchor<'a>>,
    /// For each finding: one link target per span (primary, then related).
    links: Vec<Vec<Target>>,
}

impl<'a> Index<'a> {
    fn new(report: &'a Report, claims: &'a [Claim]) -> Self {
        let mut by_article: HashMap<&str, ArticleClaims> = HashMap::new();
        for (row, c) in claims.iter().enumerate() {
            let Ok(row) = u32::try_from(row) else { break };
            let e = by_article.entry(c.article.as_str()).or_default();
            e.rows.push(row);
            e.max_len = e.max_len.max(u64::from(c.end.saturating_sub(c.start)));
        }
        for e in by_article.values_mut() {
            e.rows.sort_by_key(|&r| {
                let c = &claims[r as usize];
                (c.start, c.end, r)
            });
        }
        let mut verified: HashMap<u32, Vec<u32>> = HashMap::new();
        for &(row, rule) in &report.verified {
            verified.entry(row).or_default().push(rule);
        }
        for v in verified.values_mut() {
            v.sort_unstable();
            v.dedup();
        }
        let mut index = Index {
            claims,
            by_article,
            touched: HashMap::new(),
            verified,
            anchors: Vec::new(),
            links: Vec::with_capacity(report.findings.len()),
        };
        let mut anchor_of: HashMap<(&'a str, u32, u32), usize> = HashMap::new();
        for (i, f) in report.findings.iter().enumerate() {
            let spans = std::iter::once((f.article.as_str(), f.span.start, f.span.end)).chain(
                f.related
                    .iter()
                    .map(|r| (r.article.as_str(), r.span.start, r.span.end)),
            );
            let mut links = Vec::with_capacity(1 + f.related.len());
            for (article, start, end) in spans {
                let rows = index.overlapping(article, start, end);
                for &row in &rows {
                    let t = index.touched.entry(row).or_default();
                    if t.last() != Some(&i) {
                        t.push(i);
                    }
                }
                // The claim the span is, else the first it overlaps.
                let exact = rows.iter().copied().find(|&r| {
                    let c = &claims[r as usize];
                    (c.start, c.end) == (start, end)
                });
                let link = if let Some(row) = exact.or_else(|| rows.first().copied()) {
                    Target::Claim(row)
                } else {
                    let next = index.anchors.len();
                    let a = *anchor_of.entry((article, start, end)).or_insert(next);
                    if a == next {
                        index.anchors.push(Anchor {
                            article,
                            start,
                            end,
                            findings: Vec::new(),
                        });
                    }
                    if let Some(anchor) = index.anchors.get_mut(a) {
                        if anchor.findings.last() != Some(&i) {
                            anchor.findings.push(i);
                        }
                    }
                    Target::Span(a)
                };
                links.push(link);
            }
            index.links.push(links);
        }
        index
    }

    /// Rows of the claims of `article` that overlap `start..end` (a
    /// zero-length span touches the claim containing it), by start.
    fn overlapping(&self, article: &str, start: u32, end: u32) -> Vec<u32> {
        let Some(ac) = self.by_article.get(article) else {
            return Vec::new();
        };
        let (s, e) = (u64::from(start), u64::from(end).max(u64::from(start) + 1));
        let claim = |r: u32| &self.claims[r as usize];
        let lo = ac
            .rows
            .partition_point(|&r| u64::from(claim(r).start) + ac.max_len <= s);
        let hi = ac.rows.partition_point(|&r| u64::from(claim(r).start) < e);
        ac.rows
            .get(lo..hi.max(lo))
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(|&r| u64::from(claim(r).end) > s)
            .collect()
    }

    fn status(&self, findings: &[Finding], row: u32) -> Status {
        if let Some(t) = self.touched.get(&row) {
            if t.iter()
                .any(|&i| findings.get(i).is_some_and(|f| !f.accepted))
            {
                return Status::Flagged;
            }
            if !t.is_empty() {
                return Status::Accepted;
            }
        }
        if self.verified.get(&row).is_some_and(|v| !v.is_empty()) {
            Status::Verified
        } else {
            Status::Unchecked
        }
    }

    fn anchor_status(&self, findings: &[Finding], a: &Anchor<'_>) -> Status {
        if a.findings
            .iter()
            .any(|&i| findings.get(i).is_some_and(|f| !f.accepted))
        {
            Status::Flagged
        } else {
            Status::Accepted
        }
    }
}

/// The highlights of one article: valid spans only (in range, on char
/// boundaries, not empty), properly nested. Sorted by start, outer first;
/// a span that starts inside another and ends after it is dropped.
fn plan(text: &str, candidates: &mut Vec<Mark>) -> Vec<Mark> {
    candidates.retain(|m| {
        m.start < m.end
            && m.end <= text.len()
            && text.is_char_boundary(m.start)
            && text.is_char_boundary(m.end)
    });
    candidates.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end), m.target));
    candidates.dedup_by_key(|m| m.target);
    let mut kept = Vec::with_capacity(candidates.len());
    let mut open: Vec<usize> = Vec::new(); // ends of the open marks
    for m in candidates.iter() {
        while open.last().is_some_and(|&end| end <= m.start) {
            open.pop();
        }
        if open.last().is_some_and(|&end| m.end > end) {
            continue; // crosses the enclosing mark
        }
        open.push(m.end);
        kept.push(*m);
    }
    kept
}

/// The HTML of an article's text with `marks` (from [`plan`]) opened and
/// closed around it; `open` writes a mark's start tag, `close` its end.
fn render_text(
    out: &mut String,
    text: &str,
    marks: &[Mark],
    open: &mut dyn FnMut(&mut String, &Mark),
    close: &mut dyn FnMut(&mut String, &Mark),
) {
    let mut pos = 0;
    let mut stack: Vec<&Mark> = Vec::new();
    for m in marks {
        while let Some(top) = stack.last().filter(|t| t.end <= m.start) {
            push_text(out, text.get(pos..top.end).unwrap_or_default());
            pos = top.end;
            close(out, top);
            stack.pop();
        }
        push_text(out, text.get(pos..m.start).unwrap_or_default());
        pos = m.start;
        open(out, m);
        stack.push(m);
    }
    while let Some(top) = stack.pop() {
        push_text(out, text.get(pos..top.end).unwrap_or_default());
        pos = top.end;
        close(out, top);
    }
    push_text(out, text.get(pos..).unwrap_or_default());
}

fn period(c: &Claim) -> Option<String> {
    match (c.period_start, c.period_end) {
        (None, None) => None,
        (Some(s), Some(e)) if s == e => Some(s.to_string()),
        (s, e) => Some(format!(
            "{}..{}",
            s.map(|d| d.to_string()).unwrap_or_default(),
            e.map(|d| d.to_string()).unwrap_or_default()
        )),
    }
}

/// The hover text of a claim: what was extracted, and why it has its status.
fn claim_title(
    c: &Claim,
    status: Status,
    findings: &[usize],
    all: &[Finding],
    rules: &[String],
) -> String {
    let mut t = String::with_capacity(256);
    let _ = writeln!(t, "“{}”: {} ({})", c.text, c.kind, status.as_str());
    let _ = writeln!(
        t,
        "value {} {} · interval [{}, {}] ({})",
        fmt_num(c.value),
        c.unit,
        fmt_num(c.lo),
        fmt_num(c.hi),
        c.qualifier
    );
    let mut what = Vec::new();
    if let Some(m) = &c.metric {
        what.push(format!("metric {m}"));
    }
    if let Some(p) = period(c) {
        what.push(format!("period {p}"));
    }
    if !what.is_empty() {
        let _ = writeln!(t, "{}", what.join(" · "));
    }
    let mut about = Vec::new();
    if let Some(s) = &c.subject {
        about.push(format!("subject {s}"));
    }
    if let Some(s) = &c.scope {
        about.push(format!("scope {s}"));
    }
    if let Some(n) = &c.noun {
        about.push(format!("noun {n}"));
    }
    if !about.is_empty() {
        let _ = writeln!(t, "{}", about.join(" · "));
    }
    match (c.role, c.group) {
        (Some(r), Some(g)) => {
            let _ = writeln!(t, "role {r} in statement {g}");
        }
        (Some(r), None) => {
            let _ = writeln!(t, "role {r}");
        }
        _ => {}
    }
    for &i in findings {
        if let Some(f) = all.get(i) {
            let _ = writeln!(
                t,
                "{} {}[{}] (finding {})",
                if f.accepted { "accepted:" } else { "flagged:" },
                f.severity,
                f.rule,
                i + 1
            );
        }
    }
    if !rules.is_empty() {
        let _ = writeln!(t, "verified by {}", rules.join(", "));
    }
    if t.ends_with('\n') {
        t.pop();
    }
    t
}

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1f; background: #fff; margin: 0 auto; max-width: 64rem; padding: 1rem 1.5rem 4rem; }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; overflow-wrap: anywhere; }
a { color: #0b57d0; }
table.rules code { white-space: nowrap; }
code { font: .92em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #d0d0d0; padding: .2rem .55rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.failing td { background: #fff4f4; }
nav ul, .legend ul { padding-left: 1.2rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid #ddd; border-radius: 4px; padding: .8rem 1rem; background: #fcfcfc; }
.meta { color: #555; margin: 0 0 .4rem; }
mark, .swatch { color: inherit; border-radius: 2px; padding: 0 1px; }
mark.claim { cursor: help; }
.flagged { background: #ffd7d5; box-shadow: inset 0 -2px #c5221f; }
.accepted { background: #e8defa; box-shadow: inset 0 -2px #6c4ab6; }
.verified { background: #d4f1d8; box-shadow: inset 0 -2px #1e7e34; }
.unchecked { background: #ececec; box-shadow: inset 0 -2px #9a9a9a; }
mark.span, .swatch.dashed { outline: 1px dashed #777; }
mark:target { outline: 3px solid #0b57d0; outline-offset: 1px; }
a.ref.error { color: #c5221f; }
a.ref.warning { color: #b55400; }
a.ref { font-size: .72em; vertical-align: super; line-height: 0; text-decoration: none; font-weight: 600; }
.sev { display: inline-block; color: #fff; border-radius: 3px; padding: 0 .4rem; font-size: .85em; font-weight: 600; }
.sev.error { background: #c5221f; }
.sev.warning { background: #b55400; }
.sev.info { background: #0b57d0; }
.sev.accepted { background: #6c4ab6; }
.finding { border-left: 4px solid #999; padding: .1rem .9rem; margin: 1rem 0; background: #fafafa; }
.finding.error { border-color: #c5221f; }
.finding.warning { border-color: #b55400; }
.finding.info { border-color: #0b57d0; }
.finding.is-accepted { border-color: #6c4ab6; }
.finding h3 { margin-top: .6rem; }
.finding .help { background: #fff8e1; padding: .3rem .6rem; border-radius: 3px; }
.fingerprint { color: #666; font-size: .85em; }
.unlinked { font-style: italic; }
"#;

/// Render the page. `articles` are shown in order; `claims` are the rows
/// `report.verified` refers to; `paths` maps article ids to the paths shown.
pub fn render(
    report: &Report,
    totals: &Totals,
    articles: &[Article],
    claims: &[Claim],
    paths: &HashMap<String, String>,
) -> String {
    let index = Index::new(report, claims);
    let findings = &report.findings;

    // Plan every article's highlights first: links go only to what is shown.
    let mut anchors_by_article: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, a) in index.anchors.iter().enumerate() {
        anchors_by_article.entry(a.article).or_default().push(i);
    }
    let plans: Vec<Vec<Mark>> = articles
        .iter()
        .map(|a| {
            let mut candidates: Vec<Mark> = Vec::new();
            if let Some(ac) = index.by_article.get(a.id.as_str()) {
                candidates.extend(ac.rows.iter().map(|&r| {
                    let c = &claims[r as usize];
                    Mark {
                        start: c.start as usize,
                        end: c.end as usize,
                        target: Target::Claim(r),
                    }
                }));
            }
            if let Some(list) = anchors_by_article.get(a.id.as_str()) {
                candidates.extend(list.iter().filter_map(|&i| {
                    index.anchors.get(i).map(|an| Mark {
                        start: an.start as usize,
                        end: an.end as usize,
                        target: Target::Span(i),
                    })
                }));
            }
            plan(a.text(), &mut candidates)
        })
        .collect();
    let shown: HashSet<Target> = plans.iter().flatten().map(|m| m.target).collect();
    let article_number: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i + 1))
        .collect();

    let mut status_count: HashMap<Status, usize> = HashMap::new();
    for row in 0..claims.len() {
        if let Ok(row) = u32::try_from(row) {
            *status_count.entry(index.status(findings, row)).or_default() += 1;
        }
    }
    let count = |s: Status| status_count.get(&s).copied().unwrap_or(0);
    let rule_ids: HashSet<&str> = report.stats.iter().map(|s| s.id.as_str()).collect();

    let text_bytes: usize = articles.iter().map(|a| a.text().len()).sum();
    let mut out = String::with_capacity(
        16_384 + text_bytes + text_bytes / 8 + claims.len() * 400 + findings.len() * 2_000,
    );

    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>claimcheck report</title>\n<style>",
    );
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<h1>claimcheck report</h1>\n");

    // Summary.
    out.push_str("<table class=\"summary\">\n<tr><th>articles</th><th>claims</th><th>checks run</th><th>passed</th><th>errors</th><th>warnings</th><th>info</th><th>accepted</th></tr>\n");
    let _ = writeln!(
        out,
        "<tr><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n</table>",
        totals.articles,
        totals.claims,
        report.checks_run(),
        report.checks_passed(),
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info),
        report.accepted(),
    );
    let _ = write!(out, "<p class=\"claims-summary\">Claims: ");
    for (k, s) in Status::ALL.iter().enumerate() {
        let _ = write!(
            out,
            "{}<span class=\"swatch {}\">{} {}</span>",
            if k == 0 { "" } else { ", " },
            s.as_str(),
            count(*s),
            s.as_str()
        );
    }
    out.push('.');
    if totals.unreadable > 0 {
        let _ = write!(
            out,
            " {} unreadable file{} (see the diagnostics on standard error).",
            totals.unreadable,
            if totals.unreadable == 1 { "" } else { "s" }
        );
    }
    out.push_str("</p>\n");
    if !totals.source_text {
        let _ = writeln!(
            out,
            "<p class=\"no-source\"><strong>Note:</strong> {}.</p>",
            Esc(crate::report::NO_SOURCE_TEXT)
        );
    }

    // Contents.
    out.push_str("<nav>\n<ul>\n<li><a href=\"#findings\">Findings</a></li>\n<li><a href=\"#rules\">Rules</a></li>\n<li><a href=\"#articles\">Articles</a>\n<ul>\n");
    for (i, a) in articles.iter().enumerate() {
        let _ = writeln!(
            out,
            "<li><a href=\"#article-{}\">{}</a></li>",
            i + 1,
            Esc(crate::report::path_of(paths, &a.id))
        );
    }
    out.push_str("</ul></li>\n</ul>\n</nav>\n");

    // Legend.
    out.push_str("<section class=\"legend\">\n<h2 id=\"legend\">Legend</h2>\n<ul>\n");
    for s in Status::ALL {
        let _ = writeln!(
            out,
            "<li><span class=\"swatch {0}\">{0}</span>: {1}</li>",
            s.as_str(),
            s.explain()
        );
    }
    out.push_str(
        "<li><span class=\"swatch dashed flagged\">dashed</span>: a span a finding involves that is not a claim (a name, a phrase)</li>\n\
         <li>Hover a claim to see what was extracted: value, interval, metric, period, kind, unit, subject, and the rules that checked it. \
         A superscript number after a highlight links to its finding.</li>\n</ul>\n</section>\n",
    );

    // Findings.
    out.push_str("<section>\n<h2 id=\"findings\">Findings</h2>\n");
    if findings.is_empty() {
        out.push_str("<p>No findings.</p>\n");
    }
    for (i, f) in findings.iter().enumerate() {
        let sev = f.severity.as_str();
        let _ = writeln!(
            out,
            "<div class=\"finding {sev}{}\" id=\"finding-{}\">",
            if f.accepted { " is-accepted" } else { "" },
            i + 1
        );
        let _ = write!(
            out,
            "<h3>{}. <span class=\"sev {sev}\">{sev}</span>{} ",
            i + 1,
            if f.accepted {
                " <span class=\"sev accepted\">accepted in baseline</span>"
            } else {
                ""
            }
        );
        if rule_ids.contains(f.rule.as_str()) {
            let _ = write!(
                out,
                "<a href=\"#rule-{0}\"><code>{0}</code></a>",
                Esc(&f.rule)
            );
        } else {
            let _ = write!(out, "<code>{}</code>", Esc(&f.rule));
        }
        let _ = writeln!(
            out,
            " ({}) in {}</h3>",
            Esc(&f.kind),
            where_link(&article_number, paths, &f.article, &f.span)
        );
        let _ = writeln!(out, "<p class=\"message\">{}</p>", Esc(&f.message));
        out.push_str("<ul class=\"involved\">\n");
        let links = index.links.get(i).map(Vec::as_slice).unwrap_or_default();
        let spans = std::iter::once((
            f.article.as_str(),
            &f.span,
            f.text.as_str(),
            f.label.as_str(),
        ))
        .chain(f.related.iter().map(|r| {
            (
                r.article.as_str(),
                &r.span,
                r.text.as_str(),
                r.label.as_str(),
            )
        }));
        for (k, (article, span, text, label)) in spans.enumerate() {
            out.push_str("<li>");
            match links.get(k).copied().filter(|t| shown.contains(t)) {
                Some(t) => {
                    let _ = write!(out, "<a href=\"#{t}\">“{}”</a>", Esc(text));
                }
                None => {
                    let _ = write!(out, "<span class=\"unlinked\">“{}”</span>", Esc(text));
                }
            }
            if !label.is_empty() {
                let _ = write!(out, " — {}", Esc(label));
            }
            let _ = writeln!(
                out,
                " <span class=\"meta\">({})</span></li>",
                where_link(&article_number, paths, article, span)
            );
        }
        out.push_str("</ul>\n");
        if f.stated.is_some() || f.computed.is_some() {
            let mut parts = Vec::new();
            if let Some(s) = f.stated {
                parts.push(format!("stated {}", fmt_num(s)));
            }
            if let Some(c) = f.computed {
                parts.push(format!("computed {}", fmt_num(c)));
            }
            let _ = writeln!(out, "<p class=\"values\">{}</p>", Esc(&parts.join(" · ")));
        }
        if let Some(h) = &f.help {
            let _ = writeln!(
                out,
                "<p class=\"help\"><strong>help:</strong> {}</p>",
                Esc(h)
            );
        }
        let _ = writeln!(
            out,
            "<p class=\"fingerprint\">fingerprint <code>{}</code></p>\n</div>",
            Esc(&f.fingerprint)
        );
    }
    if !report.stale.is_empty() {
        out.push_str("<h3>Baseline entries that no longer match</h3>\n<ul class=\"stale\">\n");
        for e in &report.stale {
            let _ = writeln!(
                out,
                "<li><code>{}</code> <code>{}</code> in {}: {}{}</li>",
                Esc(&e.fingerprint),
                Esc(&e.rule),
                Esc(crate::report::path_of(paths, &e.article)),
                Esc(&e.message),
                if e.reason.is_empty() {
                    String::new()
                } else {
                    format!(" (reason: {})", Esc(&e.reason))
                }
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");

    // Rules.
    out.push_str("<section>\n<h2 id=\"rules\">Rules</h2>\n");
    if report.stats.is_empty() {
        out.push_str("<p>No rules ran.</p>\n");
    } else {
        out.push_str("<table class=\"rules\">\n<tr><th>rule</th><th>kind</th><th>severity</th><th>title</th><th>checked</th><th>passed</th><th>failed</th></tr>\n");
        for s in &report.stats {
            let _ = writeln!(
                out,
                "<tr id=\"rule-{0}\"{1}><td><code>{0}</code></td><td>{2}</td><td>{3}</td><td>{4}</td><td class=\"n\">{5}</td><td class=\"n\">{6}</td><td class=\"n\">{7}</td></tr>",
                Esc(&s.id),
                if s.failed > 0 { " class=\"failing\"" } else { "" },
                Esc(&s.kind),
                s.severity,
                Esc(&s.title),
                s.checked,
                s.checked.saturating_sub(s.failed),
                s.failed
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</section>\n");

    // Articles.
    out.push_str("<section>\n<h2 id=\"articles\">Articles</h2>\n");
    if articles.is_empty() {
        out.push_str("<p>No articles.</p>\n");
    }
    let rule_names: Vec<String> = report.stats.iter().map(|s| s.id.clone()).collect();
    for (i, (a, marks)) in articles.iter().zip(&plans).enumerate() {
        let _ = writeln!(
            out,
            "<article>\n<h3 id=\"article-{}\">{}</h3>",
            i + 1,
            Esc(crate::report::path_of(paths, &a.id))
        );
        let mut meta = Vec::new();
        if let Some(t) = &a.meta.title {
            meta.push(format!("“{t}”"));
        }
        if let Some(d) = a.meta.date {
            meta.push(if a.meta.date_inferred {
                format!("dated {d} (inferred)")
            } else {
                format!("dated {d}")
            });
        }
        if let Some(s) = &a.meta.source {
            meta.push(format!("source {s}"));
        }
        if let Some(u) = &a.meta.url {
            // As text only: the page links nowhere outside itself.
            meta.push(format!("url {u}"));
        }
        let mut counts: HashMap<Status, usize> = HashMap::new();
        if let Some(ac) = index.by_article.get(a.id.as_str()) {
            for &r in &ac.rows {
                *counts.entry(index.status(findings, r)).or_default() += 1;
            }
        }
        let total: usize = counts.values().sum();
        let mut c = format!("{total} claim{}", if total == 1 { "" } else { "s" });
        for s in Status::ALL {
            if let Some(n) = counts.get(&s) {
                let _ = write!(c, ", {n} {}", s.as_str());
            }
        }
        meta.push(c);
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", Esc(&meta.join(" · ")));
        if a.text().is_empty() {
            out.push_str("<p class=\"meta\">The text of this article is not part of this report (checked from extracted claims).</p>\n</article>\n");
            continue;
        }
        out.push_str("<div class=\"text\">");
        let mut open = |out: &mut String, m: &Mark| match m.target {
            Target::Claim(row) => {
                let Some(c) = claims.get(row as usize) else {
                    out.push_str("<mark>");
                    return;
                };
                let status = index.status(findings, row);
                let touched = index
                    .touched
                    .get(&row)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let verified_by: Vec<String> = index
                    .verified
                    .get(&row)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|&k| rule_names.get(k as usize).cloned())
                    .collect();
                let title = claim_title(c, status, touched, findings, &verified_by);
                let _ = write!(
                    out,
                    "<mark class=\"claim {}\" id=\"{}\" title=\"{}\">",
                    status.as_str(),
                    m.target,
                    Esc(&title)
                );
            }
            Target::Span(k) => {
                let (status, title) = match index.anchors.get(k) {
                    Some(an) => (
                        index.anchor_status(findings, an),
                        an.findings
                            .iter()
                            .filter_map(|&i| findings.get(i).map(|f| (i, f)))
                            .map(|(i, f)| format!("{}[{}] (finding {})", f.severity, f.rule, i + 1))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    ),
                    None => (Status::Flagged, String::new()),
                };
                let _ = write!(
                    out,
                    "<mark class=\"span {}\" id=\"{}\" title=\"{}\">",
                    status.as_str(),
                    m.target,
                    Esc(&title)
                );
            }
        };
        let mut close = |out: &mut String, m: &Mark| {
            out.push_str("</mark>");
            let touched = match m.target {
                Target::Claim(row) => index.touched.get(&row).map(Vec::as_slice),
                Target::Span(k) => index.anchors.get(k).map(|a| a.findings.as_slice()),
            };
            for &i in touched.unwrap_or_default() {
                if let Some(f) = findings.get(i) {
                    let _ = write!(
                        out,
                        "<a class=\"ref {1}\" href=\"#finding-{0}\" title=\"finding {0}: {1}[{2}]\">{0}</a>",
                        i + 1,
                        f.severity,
                        Esc(&f.rule)
                    );
                }
            }
        };
        render_text(&mut out, a.text(), marks, &mut open, &mut close);
        out.push_str("</div>\n</article>\n");
    }
    out.push_str("</section>\n</body>\n</html>\n");
    out
}

/// "path:line:column" (or "path bytes start..end" without the text),
/// linked to the article when it is on the page.
fn where_link(
    numbers: &HashMap<&str, usize>,
    paths: &HashMap<String, String>,
    article: &str,
    span: &crate::finding::Span,
) -> String {
    let path = Esc(crate::report::path_of(paths, article));
    let at = match span.line_column() {
        Some((line, column)) => format!(":{line}:{column}"),
        None => format!(" {}", span.position()),
    };
    match numbers.get(article) {
        Some(n) => format!("<a href=\"#article-{n}\">{path}</a>{at}"),
        None => format!("{path}{at}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str) -> String {
        Esc(s).to_string()
    }

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            esc(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(esc("a\nb"), "a&#10;b");
        assert_eq!(esc("增长 30%"), "增长 30%");
        let mut out = String::new();
        push_text(&mut out, "<b>\n'q'");
        assert_eq!(out, "&lt;b&gt;\n&#39;q&#39;");
    }

    fn mark(start: usize, end: usize, row: u32) -> Mark {
        Mark {
            start,
            end,
            target: Target::Claim(row),
        }
    }

    fn render_marks(text: &str, marks: &mut Vec<Mark>) -> String {
        let kept = plan(text, marks);
        let mut out = String::new();
        render_text(
            &mut out,
            text,
            &kept,
            &mut |o, m| {
                let _ = write!(o, "<m{}>", m.target);
            },
            &mut |o, m| {
                let _ = write!(o, "</m{}>", m.target);
            },
        );
        out
    }

    #[test]
    fn nested_spans_nest_and_crossing_ones_are_dropped() {
        let text = "from 37 to 53 percent";
        // 0: "37 to 53" contains 1: "37" and 2: "53"; 3: "53 percent" crosses 0.
        let mut marks = vec![
            mark(11, 21, 3),
            mark(5, 7, 1),
            mark(5, 13, 0),
            mark(11, 13, 2),
        ];
        assert_eq!(
            render_marks(text, &mut marks),
            "from <mclaim-0><mclaim-1>37</mclaim-1> to <mclaim-2>53</mclaim-2></mclaim-0> percent"
        );
        // Identical spans nest; adjacent ones do not interfere.
        let mut marks = vec![mark(0, 4, 1), mark(0, 4, 0), mark(4, 7, 2)];
        assert_eq!(
            render_marks(text, &mut marks),
            "<mclaim-0><mclaim-1>from</mclaim-1></mclaim-0><mclaim-2> 37</mclaim-2> to 53 percent"
        );
    }

    #[test]
    fn invalid_spans_are_skipped_not_panicked_on() {
        let text = "增长 30% <b>";
        let mut marks = vec![
            mark(1, 3, 0),   // inside a character
            mark(7, 100, 1), // past the end
            mark(5, 5, 2),   // empty
            mark(9, 7, 3),   // reversed
            mark(7, 10, 4),  // "30%"
        ];
        assert_eq!(
            render_marks(text, &mut marks),
            "增长 <mclaim-4>30%</mclaim-4> &lt;b&gt;"
        );
    }

    #[test]
    fn overlap_queries_find_every_touching_claim() {
        let claim = |start: u32, end: u32| Claim::level("a", start, end, 0.0, "count");
        let claims = vec![claim(0, 30), claim(5, 7), claim(10, 12), claim(40, 42)];
        let report = Report::default();
        let index = Index::new(&report, &claims);
        assert_eq!(index.overlapping("a", 6, 11), vec![0, 1, 2]);
        assert_eq!(index.overlapping("a", 12, 40), vec![0]);
        assert_eq!(index.overlapping("a", 41, 41), vec![3]);
        assert_eq!(index.overlapping("a", 42, 50), Vec::<u32>::new());
        assert_eq!(index.overlapping("b", 0, 50), Vec::<u32>::new());

        // A finding on "5..7" touches the enclosing claim too, and links
        // to the claim it is; a span on no claim gets an anchor of its own.
        let span = |start, end| crate::finding::Span {
            start,
            end,
            line: Some(1),
            column: Some(1),
        };
        let finding = Finding {
            rule: "r".into(),
            kind: "k".into(),
            severity: Severity::Error,
            message: String::new(),
            article: "a".into(),
            span: span(5, 7),
            text: String::new(),
            label: String::new(),
            stated: None,
            computed: None,
            related: vec![crate::finding::Related {
                article: "a".into(),
                span: span(32, 36),
                text: String::new(),
                label: String::new(),
            }],
            help: None,
            fingerprint: String::new(),
            accepted: false,
        };
        let report = Report {
            findings: vec![finding],
            verified: vec![(2, 0)],
            ..Report::default()
        };
        let index = Index::new(&report, &claims);
        assert_eq!(index.links[0], vec![Target::Claim(1), Target::Span(0)]);
        let status: Vec<Status> = (0..4).map(|r| index.status(&report.findings, r)).collect();
        assert_eq!(
            status,
            [
                Status::Flagged,
                Status::Flagged,
                Status::Verified,
                Status::Unchecked
            ]
        );
    }
}
