//! Article metadata: front matter, the corpus manifest, and what the text itself says.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use chrono::NaiveDate;
use miette::SourceSpan;
use regex::Regex;
use serde::Deserialize;

use super::boilerplate::title_line;
use super::dates::{self, compile, FoundDate};
use super::error::{named_source, yaml_error_span, yaml_message, ArticleError, CorpusError};
use super::lines::lines_from;
use super::Metadata;

/// The keys allowed in front matter and in a manifest entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetaFields {
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub source: Option<String>,
    pub url: Option<String>,
}

/// [`MetaFields`] as written; the date is checked afterwards so that a bad
/// date can be pointed at (serde_yaml would point at the enclosing mapping).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFields {
    title: Option<String>,
    date: Option<String>,
    source: Option<String>,
    url: Option<String>,
}

impl RawFields {
    /// The checked fields, or the date value that is not YYYY-MM-DD.
    fn check(self) -> Result<MetaFields, String> {
        let date = match self.date {
            Some(d) => Some(NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").map_err(|_| d)?),
            None => None,
        };
        Ok(MetaFields {
            title: self.title,
            date,
            source: self.source,
            url: self.url,
        })
    }
}

/// A manifest: file name or id → metadata.
pub type Manifest = BTreeMap<String, MetaFields>;

/// Reason given for a date taken from front matter.
pub const FROM_FRONT_MATTER: &str = "front matter";
/// Reason given for a date taken from the manifest.
pub const FROM_MANIFEST: &str = "manifest corpus.yaml";

/// Why metadata YAML was rejected, and where in the file.
struct YamlProblem {
    message: String,
    span: Option<SourceSpan>,
}

impl YamlProblem {
    fn from_serde(text: &str, yaml_start: usize, err: &serde_yaml::Error) -> Self {
        YamlProblem {
            message: yaml_message(err),
            span: yaml_error_span(text, yaml_start, err),
        }
    }

    /// A bad date: `context` names the manifest key, empty for front matter.
    fn bad_date(text: &str, search_from: usize, context: &str, value: &str) -> Self {
        YamlProblem {
            message: format!("{context}date `{value}` is not a YYYY-MM-DD date"),
            span: date_span(text, search_from, value),
        }
    }
}

/// Where `date: <value>` is written, at or after byte `from`.
fn date_span(text: &str, from: usize, value: &str) -> Option<SourceSpan> {
    let pattern = format!(r#"\bdate\s*:\s*['"]?({})"#, regex::escape(value));
    let found = Regex::new(&pattern)
        .ok()?
        .captures(text.get(from..)?)?
        .get(1)?;
    Some(SourceSpan::new((from + found.start()).into(), found.len()))
}

/// Front matter found at the top of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub fields: MetaFields,
    /// The whole block, both `---` lines included.
    pub range: Range<usize>,
}

/// Parse the front matter of `text`, if it starts with a `---` line.
pub fn front_matter(path: &Path, text: &str) -> Result<Option<FrontMatter>, ArticleError> {
    let mut lines = lines_from(text, 0);
    let Some(first) = lines.next() else {
        return Ok(None);
    };
    if first.content.trim_end() != "---" {
        return Ok(None);
    }
    let Some(closing) = lines.find(|l| matches!(l.content.trim_end(), "---" | "...")) else {
        return Err(ArticleError::FrontMatterUnclosed {
            path: path.to_path_buf(),
            src: named_source(path, text.to_string()),
            span: first.span.into(),
        });
    };
    let fields = parse_fields(text, first.full.end..closing.span.start).map_err(|problem| {
        ArticleError::FrontMatter {
            path: path.to_path_buf(),
            message: problem.message,
            span: problem.span,
            src: named_source(path, text.to_string()),
        }
    })?;
    Ok(Some(FrontMatter {
        fields,
        range: 0..closing.full.end,
    }))
}

/// Parse the YAML at `yaml` in `text`; an empty block means "no metadata".
fn parse_fields(text: &str, yaml: Range<usize>) -> Result<MetaFields, YamlProblem> {
    if text[yaml.clone()].trim().is_empty() {
        return Ok(MetaFields::default());
    }
    let raw: RawFields = serde_yaml::from_str(&text[yaml.clone()])
        .map_err(|err| YamlProblem::from_serde(text, yaml.start, &err))?;
    raw.check()
        .map_err(|value| YamlProblem::bad_date(text, yaml.start, "", &value))
}

/// Read and parse the manifest at `path`; its text too (the files index
/// is keyed by it).
pub fn load_manifest(path: &Path) -> Result<(Manifest, String), CorpusError> {
    let text = std::fs::read_to_string(path).map_err(|source| CorpusError::ManifestUnreadable {
        path: path.to_path_buf(),
        source,
    })?;
    Ok((parse_manifest(path, &text)?, text))
}

/// Parse manifest text; unknown keys and bad dates are errors pointing at their line.
pub fn parse_manifest(path: &Path, text: &str) -> Result<Manifest, CorpusError> {
    let error = |problem: YamlProblem| CorpusError::Manifest {
        path: path.to_path_buf(),
        message: problem.message,
        span: problem.span,
        src: named_source(path, text.to_string()),
    };
    if text.trim().is_empty() {
        return Ok(Manifest::new());
    }
    let raw: BTreeMap<String, RawFields> =
        serde_yaml::from_str(text).map_err(|err| error(YamlProblem::from_serde(text, 0, &err)))?;
    raw.into_iter()
        .map(|(key, fields)| match fields.check() {
            Ok(fields) => Ok((key, fields)),
            Err(value) => {
                let entry = text.find(key.as_str()).unwrap_or(0);
                Err(error(YamlProblem::bad_date(
                    text,
                    entry,
                    &format!("{key}: "),
                    &value,
                )))
            }
        })
        .collect()
}

/// The manifest entry for an article: by id, else by file name.
pub fn manifest_entry<'a>(manifest: &'a Manifest, id: &str) -> Option<&'a MetaFields> {
    manifest.get(id).or_else(|| {
        let name = id.rsplit('/').next()?;
        manifest.get(name)
    })
}

static SOURCE_LINE: LazyLock<Regex> =
    LazyLock::new(|| compile(r"^\s*Source\s*:\s*(?P<source>\S.*?)\s*$"));

/// Everything the text itself says about its metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FromText {
    pub title: Option<String>,
    pub date: Option<FoundDate>,
    pub date_inferred: bool,
    pub source: Option<String>,
}

/// Read metadata from the text (after byte `from`), ignoring `excluded` ranges where
/// they are noise (title, past-tense inference).
pub fn from_text(text: &str, from: usize, excluded: &[Range<usize>]) -> FromText {
    let dateline = dates::dateline(text, from);
    let agency = dateline.as_ref().and_then(|d| d.agency.clone());
    let explicit = dates::updated_line(text, from).or(dateline.map(|d| d.found));
    let (date, date_inferred) = match explicit {
        Some(found) => (Some(found), false),
        None => (dates::infer_from_past_tense(text, from, excluded), true),
    };
    FromText {
        title: title_line(text, from, excluded).map(|l| l.content.trim().to_string()),
        date_inferred: date_inferred && date.is_some(),
        date,
        source: source_line(text, from).or(agency),
    }
}

fn source_line(text: &str, from: usize) -> Option<String> {
    lines_from(text, from).find_map(|line| {
        // The pattern's start, checked before the regex: most lines fail
        // on their first word (`\s` is `char::is_whitespace`).
        if !line.content.trim_start().starts_with("Source") {
            return None;
        }
        let c = SOURCE_LINE.captures(line.content)?;
        Some(c.name("source")?.as_str().to_string())
    })
}

/// Merge the three sources of metadata, field by field: front matter, manifest, text.
pub fn merge(
    front: Option<&MetaFields>,
    manifest: Option<&MetaFields>,
    text: FromText,
) -> Metadata {
    let pick =
        |f: fn(&MetaFields) -> Option<String>| front.and_then(f).or_else(|| manifest.and_then(f));
    let explicit_date = front
        .and_then(|m| m.date.map(|d| (d, FROM_FRONT_MATTER)))
        .or_else(|| manifest.and_then(|m| m.date.map(|d| (d, FROM_MANIFEST))));
    let (date, date_inferred, date_reason) = match (explicit_date, text.date) {
        (Some((date, reason)), _) => (Some(date), false, Some(reason.to_string())),
        (None, Some(found)) => (Some(found.date), text.date_inferred, Some(found.reason)),
        (None, None) => (None, false, None),
    };
    Metadata {
        title: pick(|m| m.title.clone()).or(text.title),
        date,
        date_inferred,
        date_reason,
        source: pick(|m| m.source.clone()).or(text.source),
        url: pick(|m| m.url.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_source_gate_keeps_every_line_the_pattern_matches() {
        for line in [
            "Source: Information Office",
            "\u{a0} Source :  China Daily ",
            "Sources: two",
            "source: lowercase",
            "The Source: inside",
            "Source:",
        ] {
            assert_eq!(
                source_line(line, 0),
                SOURCE_LINE
                    .captures(line)
                    .and_then(|c| Some(c.name("source")?.as_str().to_string())),
                "{line:?}"
            );
        }
    }

    #[test]
    fn parses_front_matter_and_its_range() {
        let text = "---\ntitle: Growth\ndate: 2023-03-10\nsource: China Daily\nurl: https://example.com/a\n---\nBody.\n";
        let fm = front_matter(Path::new("a.md"), text).unwrap().unwrap();
        assert_eq!(fm.fields.title.as_deref(), Some("Growth"));
        assert_eq!(fm.fields.date, Some(ymd(2023, 3, 10)));
        assert_eq!(fm.fields.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(&text[fm.range], "---\ntitle: Growth\ndate: 2023-03-10\nsource: China Daily\nurl: https://example.com/a\n---\n");
    }

    #[test]
    fn text_without_front_matter_has_none() {
        assert_eq!(
            front_matter(Path::new("a.md"), "Title\n---\n").unwrap(),
            None
        );
        let fm = front_matter(Path::new("a.md"), "---\n---\nBody")
            .unwrap()
            .unwrap();
        assert_eq!(fm.fields, MetaFields::default());
    }

    #[test]
    fn unknown_front_matter_key_is_an_error_at_its_line() {
        let text = "---\ntitle: Growth\nauthor: Li\n---\nBody.\n";
        let err = front_matter(Path::new("a.md"), text).unwrap_err();
        let ArticleError::FrontMatter { message, span, .. } = &err else {
            panic!("unexpected {err:?}");
        };
        assert!(message.contains("unknown field `author`"), "{message}");
        assert_eq!(span.map(|s| s.offset()), Some(text.find("author").unwrap()));
        assert!(err.to_string().starts_with("a.md: "));
    }

    #[test]
    fn bad_front_matter_date_is_an_error_at_its_line() {
        let text = "---\ndate: 2023-13-45\n---\nBody.\n";
        let err = front_matter(Path::new("a.md"), text).unwrap_err();
        let ArticleError::FrontMatter { message, span, .. } = &err else {
            panic!("unexpected {err:?}");
        };
        assert!(message.contains("not a YYYY-MM-DD date"), "{message}");
        assert_eq!(
            crate::corpus::lines::line_number(text, span.unwrap().offset()),
            2
        );
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = front_matter(Path::new("a.md"), "---\ntitle: x\n").unwrap_err();
        assert!(matches!(err, ArticleError::FrontMatterUnclosed { .. }));
    }

    #[test]
    fn parses_a_manifest_and_finds_entries_by_id_or_name() {
        let text = "a.txt:\n  date: 2021-05-01\nsub/b.txt:\n  title: B\n";
        let manifest = parse_manifest(Path::new("corpus.yaml"), text).unwrap();
        assert_eq!(
            manifest_entry(&manifest, "a.txt").unwrap().date,
            Some(ymd(2021, 5, 1))
        );
        assert_eq!(
            manifest_entry(&manifest, "x/a.txt").unwrap().date,
            Some(ymd(2021, 5, 1))
        );
        assert_eq!(
            manifest_entry(&manifest, "sub/b.txt")
                .unwrap()
                .title
                .as_deref(),
            Some("B")
        );
        assert_eq!(manifest_entry(&manifest, "c.txt"), None);
    }

    #[test]
    fn bad_manifest_is_a_fatal_error_at_its_line() {
        let text = "a.txt:\n  date: 2021-05-01\n  auther: Li\n";
        let err = parse_manifest(Path::new("corpus.yaml"), text).unwrap_err();
        let CorpusError::Manifest { message, span, .. } = &err else {
            panic!("unexpected {err:?}");
        };
        assert!(message.contains("unknown field `auther`"), "{message}");
        assert_eq!(span.map(|s| s.offset()), Some(text.find("auther").unwrap()));
    }

    #[test]
    fn yaml_errors_after_non_ascii_text_point_at_the_right_byte() {
        let text = "---\ntitle: “Growth” – é\nautor: Li\n---\n";
        let err = front_matter(Path::new("a.md"), text).unwrap_err();
        let ArticleError::FrontMatter { span, .. } = &err else {
            panic!("unexpected {err:?}");
        };
        assert_eq!(span.map(|s| s.offset()), text.find("autor"));
    }

    #[test]
    fn bad_manifest_date_is_an_error_at_its_value() {
        let text = "a.txt: {date: 2021-02-30}\nb.txt:\n  title: B\n  date: 2021-02-30\n";
        let err = parse_manifest(Path::new("corpus.yaml"), text).unwrap_err();
        let CorpusError::Manifest { message, span, .. } = &err else {
            panic!("unexpected {err:?}");
        };
        assert_eq!(message, "a.txt: date `2021-02-30` is not a YYYY-MM-DD date");
        assert_eq!(span.map(|s| s.offset()), Some(14));
    }

    fn text_meta(date: Option<(NaiveDate, &str)>, inferred: bool) -> FromText {
        FromText {
            title: Some("Text title".into()),
            date: date.map(|(date, reason)| FoundDate {
                date,
                reason: reason.into(),
            }),
            date_inferred: inferred,
            source: Some("Text source".into()),
        }
    }

    #[test]
    fn front_matter_wins_over_manifest_wins_over_text() {
        let front = MetaFields {
            date: Some(ymd(2020, 1, 1)),
            ..MetaFields::default()
        };
        let manifest = MetaFields {
            title: Some("Manifest title".into()),
            date: Some(ymd(2019, 1, 1)),
            url: Some("https://example.com".into()),
            ..MetaFields::default()
        };
        let text = text_meta(Some((ymd(2022, 1, 1), "inferred: …")), true);
        let meta = merge(Some(&front), Some(&manifest), text.clone());
        assert_eq!(meta.date, Some(ymd(2020, 1, 1)));
        assert_eq!(meta.date_reason.as_deref(), Some(FROM_FRONT_MATTER));
        assert!(!meta.date_inferred);
        assert_eq!(meta.title.as_deref(), Some("Manifest title"));
        assert_eq!(meta.source.as_deref(), Some("Text source"));
        assert_eq!(meta.url.as_deref(), Some("https://example.com"));

        let meta = merge(None, Some(&manifest), text.clone());
        assert_eq!(meta.date, Some(ymd(2019, 1, 1)));
        assert_eq!(meta.date_reason.as_deref(), Some(FROM_MANIFEST));

        let meta = merge(None, None, text);
        assert_eq!(meta.date, Some(ymd(2022, 1, 1)));
        assert!(meta.date_inferred);
        assert_eq!(meta.title.as_deref(), Some("Text title"));
    }

    #[test]
    fn reads_updated_line_before_dateline_before_inference() {
        let text = "Title\nBEIJING, March 3, 2021 (Xinhua) --\n(| Updated : 2023-03-10\nSales grew in 2024.\n";
        let found = from_text(text, 0, &[]);
        assert_eq!(found.date.unwrap().date, ymd(2023, 3, 10));
        assert!(!found.date_inferred);
        assert_eq!(found.source.as_deref(), Some("Xinhua"));

        let found = from_text("Title\nSept. 5, 2022\nSales grew in 2024.\n", 0, &[]);
        assert_eq!(
            found.date.unwrap().reason,
            "dateline 'Sept. 5, 2022' line 2"
        );

        let found = from_text("Title\nSales grew in 2024.\n", 0, &[]);
        assert_eq!(found.date.unwrap().date, ymd(2025, 1, 1));
        assert!(found.date_inferred);
    }

    #[test]
    fn source_line_wins_over_dateline_agency() {
        let text = "Title\nX, Jan. 27, 2026 /Xinhua-AsiaNet/–\nBody.\nSource: Information Office\n";
        assert_eq!(
            from_text(text, 0, &[]).source.as_deref(),
            Some("Information Office")
        );
        assert_eq!(from_text("Title\nBody.\n", 0, &[]).source, None);
    }
}
