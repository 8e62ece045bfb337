//! The SARIF report: a SARIF 2.1.0 log with one run, in the shape GitHub
//! code scanning accepts.
//!
//! Every rule of the rule set is a `reportingDescriptor`; every finding is
//! a `result` whose primary location is its claim and whose related
//! locations are the other claims involved. Article paths, relative to
//! the repository root (`claimcheck` runs there in CI), become URIs by
//! percent-encoding. Columns
//! count Unicode code points, as `run.columnKind` says. The output has no
//! timestamps or absolute paths, so the same findings give the same bytes.

use crate::check::Report;
use crate::finding::{Finding, Related, Severity, Span};
use crate::report::human::Totals;
use crate::rules::RuleSet;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The schema of the document (the OASIS 2.1.0 schema with errata 01).
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of the fingerprint in `partialFingerprints`; the suffix changes
/// whenever the way fingerprints are computed does.
pub const FINGERPRINT_KEY: &str = "claimcheck/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    properties: RunProperties,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text<'a>,
    full_description: OwnedText,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<OwnedText>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    partial_fingerprints: BTreeMap<&'static str, &'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
    #[serde(skip_serializing_if = "ResultProperties::is_empty")]
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

/// A text region: `endColumn` is the column just after the last character;
/// `charOffset` counts code points from the start of the file. Without the
/// article's text (`check --claims`) a region has only its byte range.
#[derive(Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    char_offset: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    char_length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_offset: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    byte_length: Option<u32>,
}

/// A finding accepted in the baseline: code scanning shows it as dismissed
/// instead of open.
#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    justification: &'static str,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    stated: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    computed: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

impl ResultProperties<'_> {
    fn is_empty(&self) -> bool {
        self.stated.is_none() && self.computed.is_none() && self.help.is_none()
    }
}

/// The counts of the run, as in the JSON report's summary.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties {
    articles: usize,
    claims: usize,
    unreadable: usize,
    checks_run: usize,
    checks_passed: usize,
    /// False when the findings come from extracted claims without the
    /// articles' text (`check --claims`); absent otherwise.
    #[serde(skip_serializing_if = "crate::report::is_true")]
    source_text: bool,
}

/// The SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encode a path for a URI: every byte outside RFC 3986's
/// unreserved characters and `/` (so spaces, `%`, `#`, `?` and non-ASCII
/// characters, as their UTF-8 bytes).
pub fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The region of `text` starting at `span`'s line and column; with the
/// article's source, also its offset in code points. A span without a line
/// (no source text) is a byte range.
fn region(span: &Span, text: &str, source: Option<&str>) -> Region {
    let Some((line, column)) = span.line_column() else {
        return Region {
            start_line: None,
            start_column: None,
            end_line: None,
            end_column: None,
            char_offset: None,
            char_length: None,
            byte_offset: Some(span.start),
            byte_length: Some(span.end.saturating_sub(span.start)),
        };
    };
    let newlines = text.matches('\n').count() as u32;
    let end_column = match text.rfind('\n') {
        Some(p) => text[p + 1..].chars().count() as u32 + 1,
        None => column + text.chars().count() as u32,
    };
    let char_offset = source
        .and_then(|s| s.get(..span.start as usize))
        .map(|before| before.chars().count() as u32);
    Region {
        start_line: Some(line),
        start_column: Some(column),
        end_line: Some(line + newlines),
        end_column: Some(end_column),
        char_offset,
        char_length: char_offset.map(|_| text.chars().count() as u32),
        byte_offset: None,
        byte_length: None,
    }
}

/// Where articles are: their repository paths and their texts.
pub struct Sources<'a> {
    pub paths: &'a HashMap<String, String>,
    pub texts: &'a HashMap<&'a str, &'a str>,
}

impl Sources<'_> {
    fn physical(&self, article: &str, span: &Span, text: &str) -> PhysicalLocation {
        PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: encode_uri_path(crate::report::path_of(self.paths, article)),
            },
            region: region(span, text, self.texts.get(article).copied()),
        }
    }
}

/// Text as YAML folds it in a rule's `explain`, as paragraphs: lines
/// joined with spaces, blank lines kept as paragraph breaks.
pub fn unwrap_paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn non_empty(s: &str) -> Option<Text<'_>> {
    (!s.is_empty()).then_some(Text { text: s })
}

fn related<'a>(sources: &Sources<'_>, id: usize, r: &'a Related) -> Location<'a> {
    let label = if r.label.is_empty() {
        &r.text
    } else {
        &r.label
    };
    Location {
        id: Some(id),
        physical_location: sources.physical(&r.article, &r.span, &r.text),
        message: Some(Text { text: label }),
    }
}

fn result<'a>(
    f: &'a Finding,
    index: &HashMap<&str, usize>,
    sources: &Sources<'_>,
) -> SarifResult<'a> {
    SarifResult {
        rule_id: &f.rule,
        rule_index: index.get(f.rule.as_str()).copied(),
        level: level(f.severity),
        message: Text { text: &f.message },
        locations: vec![Location {
            id: None,
            physical_location: sources.physical(&f.article, &f.span, &f.text),
            message: non_empty(&f.label),
        }],
        related_locations: f
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| related(sources, i + 1, r))
            .collect(),
        partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, f.fingerprint.as_str())]),
        suppressions: if f.accepted {
            vec![Suppression {
                kind: "external",
                status: "accepted",
                justification: "accepted in the claimcheck baseline",
            }]
        } else {
            Vec::new()
        },
        properties: ResultProperties {
            stated: f.stated,
            computed: f.computed,
            help: f.help.as_deref(),
        },
    }
}

/// Render `report` as a SARIF log. `paths` maps article ids to their paths
/// relative to the repository root ("seeds/000_….txt"), which become the
/// artifact URIs; an article missing from it is named by its id. Texts
/// give regions their `charOffset`.
pub fn render(
    report: &Report,
    rules: &RuleSet,
    totals: &Totals,
    sources: &Sources<'_>,
) -> serde_json::Result<String> {
    let descriptors: Vec<Descriptor<'_>> = rules
        .rules
        .iter()
        .map(|r| {
            let m = &r.meta;
            let explain = unwrap_paragraphs(&m.explain);
            Descriptor {
                id: &m.id,
                name: &m.kind,
                short_description: Text { text: &m.title },
                full_description: OwnedText {
                    text: if explain.is_empty() {
                        m.title.clone()
                    } else {
                        explain.clone()
                    },
                },
                help: (!explain.is_empty()).then_some(OwnedText { text: explain }),
                default_configuration: Configuration {
                    level: level(m.severity),
                },
            }
        })
        .collect();
    let index: HashMap<&str, usize> = rules
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.meta.id.as_str(), i))
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "claimcheck",
                    version: env!("CARGO_PKG_VERSION"),
                    rules: descriptors,
                },
            },
            column_kind: "unicodeCodePoints",
            results: report
                .findings
                .iter()
                .map(|f| result(f, &index, sources))
                .collect(),
            properties: RunProperties {
                articles: totals.articles,
                claims: totals.claims,
                unreadable: totals.unreadable,
                checks_run: report.checks_run(),
                checks_passed: report.checks_passed(),
                source_text: totals.source_text,
            },
        }],
    };
    let mut s = serde_json::to_string_pretty(&log)?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(line: u32, column: u32) -> Span {
        Span {
            start: 0,
            end: 0,
            line: Some(line),
            column: Some(column),
        }
    }

    #[test]
    fn regions_end_after_the_last_character() {
        let r = region(&span(3, 5), "30 percent", None);
        assert_eq!((r.end_line, r.end_column), (Some(3), Some(15)));
        // Columns count characters, not bytes.
        let r = region(&span(1, 1), "“Weiqiao”", None);
        assert_eq!((r.end_line, r.end_column), (Some(1), Some(10)));
        // Across lines: the end column counts from the last line's start.
        let r = region(&span(2, 40), "from 37\nto 53", None);
        assert_eq!((r.end_line, r.end_column), (Some(3), Some(6)));
        // Empty text: an insertion point.
        let r = region(&span(2, 40), "", None);
        assert_eq!((r.end_line, r.end_column), (Some(2), Some(40)));
    }

    #[test]
    fn offsets_count_code_points_before_the_span() {
        let source = "“A” rose 30 percent";
        let at = source.find("30").unwrap_or_default() as u32;
        let s = Span {
            start: at,
            end: at + 10,
            line: Some(1),
            column: Some(10),
        };
        let r = region(&s, "30 percent", Some(source));
        assert_eq!((r.char_offset, r.char_length), (Some(9), Some(10)));
        // A span past the text (stale source) gives no offset, not a panic.
        assert_eq!(region(&s, "30 percent", Some("short")).char_offset, None);
    }

    #[test]
    fn without_the_text_a_region_is_a_byte_range() {
        let r = region(&Span::offsets(1613, 1623), "30 percent", None);
        assert_eq!(r.start_line, None);
        assert_eq!((r.byte_offset, r.byte_length), (Some(1613), Some(10)));
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"byteOffset": 1613, "byteLength": 10})
        );
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(encode_uri_path("seeds/000_2c9f.txt"), "seeds/000_2c9f.txt");
        assert_eq!(
            encode_uri_path("news/a b#1%?.txt"),
            "news/a%20b%231%25%3F.txt"
        );
        assert_eq!(
            encode_uri_path("新闻/é.txt"),
            "%E6%96%B0%E9%97%BB/%C3%A9.txt"
        );
    }

    #[test]
    fn explanations_become_paragraphs() {
        assert_eq!(
            unwrap_paragraphs("A percent change is\n(new − old) / old.\n\nSecond  one.\n"),
            "A percent change is (new − old) / old.\n\nSecond one."
        );
        assert_eq!(unwrap_paragraphs(" \n"), "");
    }

    #[test]
    fn levels_follow_severities() {
        assert_eq!(level(Severity::Error), "error");
        assert_eq!(level(Severity::Warning), "warning");
        assert_eq!(level(Severity::Info), "note");
    }
}
