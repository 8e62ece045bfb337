//! Claims files: the claims frame as Parquet (`claimcheck claims --format
//! parquet`), read back by `claimcheck check --claims FILE…`.
//!
//! The rules need more than the claims: the articles' dates (timeline,
//! conversion), their paths (reports) and the rest of their metadata (the
//! `articles` table of SQL rules). A claims file therefore carries its
//! articles table in the Parquet file's key-value metadata, under
//! [`ARTICLES_KEY`], as a JSON array of `{article, path, title, date,
//! date_inferred, date_reason, source, url}`. One file is then the whole
//! result of an extraction: it can be written to standard output, copied
//! and renamed without a companion that could go missing, and shards
//! (disjoint sets of articles) concatenate.
//!
//! The articles table lives in the file's footer, which readers load at
//! once: about 200 bytes an article, so 20 MB for a shard of 100,000
//! articles. Polars sets no limit on the footer; pyarrow's default limit
//! on one metadata string (100 MB) is reached near 500,000 articles in one
//! file, a reason more to extract a large corpus as several shards.

use crate::claim::Claim;
use crate::corpus::{Article, Metadata};
use crate::frame;
use chrono::NaiveDate;
use miette::Diagnostic;
use polars::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The key of the articles table in the Parquet key-value metadata.
pub const ARTICLES_KEY: &str = "claimcheck.articles";

/// The key of the claims file's format version.
pub const FORMAT_KEY: &str = "claimcheck.claims_format";

/// The format version; bumped on any incompatible change.
pub const FORMAT: &str = "1";

/// One row of the articles table, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ArticleRecord {
    article: String,
    path: String,
    title: Option<String>,
    /// `YYYY-MM-DD`.
    date: Option<String>,
    date_inferred: bool,
    date_reason: Option<String>,
    source: Option<String>,
    url: Option<String>,
}

impl ArticleRecord {
    fn of(a: &Article) -> Self {
        ArticleRecord {
            article: a.id.clone(),
            path: a.path.display().to_string(),
            title: a.meta.title.clone(),
            date: a.meta.date.map(|d| d.format("%Y-%m-%d").to_string()),
            date_inferred: a.meta.date_inferred,
            date_reason: a.meta.date_reason.clone(),
            source: a.meta.source.clone(),
            url: a.meta.url.clone(),
        }
    }

    /// The article without its text: claims files carry none.
    fn into_article(self) -> Result<Article, String> {
        let date = match &self.date {
            Some(d) => Some(
                NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_err(|_| format!("article `{}` has a bad date `{d}`", self.article))?,
            ),
            None => None,
        };
        Ok(Article::without_text(
            self.article,
            PathBuf::from(self.path),
            Metadata {
                title: self.title,
                date,
                date_inferred: self.date_inferred,
                date_reason: self.date_reason,
                source: self.source,
                url: self.url,
            },
        ))
    }
}

/// The claims of `articles` as a Parquet file with its articles table.
pub fn write(claims: &[Claim], articles: &[Article]) -> PolarsResult<Vec<u8>> {
    let records: Vec<ArticleRecord> = articles.iter().map(ArticleRecord::of).collect();
    let json = serde_json::to_string(&records).map_err(|e| polars_err!(ComputeError: "{e}"))?;
    let metadata = KeyValueMetadata::from_static(vec![
        (FORMAT_KEY.to_string(), FORMAT.to_string()),
        (ARTICLES_KEY.to_string(), json),
    ]);
    let mut df = frame::claims_frame(claims)?;
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf)
        .with_key_value_metadata(Some(metadata))
        .finish(&mut df)?;
    Ok(buf)
}

/// A claims file that cannot be used.
#[derive(Debug, Error, Diagnostic)]
pub enum ClaimsFileError {
    #[error("{}: cannot read the claims file: {message}", path.display())]
    #[diagnostic(
        code(claimcheck::claims_file::unreadable),
        help("give Parquet files written by `claimcheck claims --format parquet --output FILE`")
    )]
    Unreadable { path: PathBuf, message: String },

    #[error("{}: no articles table: not written by `claimcheck claims --format parquet`", path.display())]
    #[diagnostic(
        code(claimcheck::claims_file::no_articles),
        help("the rules need the articles' dates and paths: extract again with `claimcheck claims CORPUS --format parquet --output FILE`")
    )]
    NoArticles { path: PathBuf },

    #[error("{}: claims file format {found}, this claimcheck reads format {FORMAT}", path.display())]
    #[diagnostic(
        code(claimcheck::claims_file::format),
        help("extract again with this version of claimcheck")
    )]
    Format { path: PathBuf, found: String },

    #[error("article `{article}` is in both {} and {}", first.display(), second.display())]
    #[diagnostic(
        code(claimcheck::claims_file::duplicate),
        help(
            "shards must hold disjoint sets of articles: extract each article into one shard only"
        )
    )]
    Duplicate {
        article: String,
        first: PathBuf,
        second: PathBuf,
    },
}

/// Claims and their articles (without texts), read from claims files.
#[derive(Debug, Default)]
pub struct ClaimsInput {
    /// Articles sorted by id, as a corpus has them; their texts are empty.
    pub articles: Vec<Article>,
    /// Claims in article order (and, within an article, in file order).
    pub claims: Vec<Claim>,
}

/// Read one claims file.
fn read_one(path: &Path) -> Result<(Vec<Claim>, Vec<Article>), ClaimsFileError> {
    let unreadable = |message: String| ClaimsFileError::Unreadable {
        path: path.to_path_buf(),
        message,
    };
    let file = std::fs::File::open(path).map_err(|e| unreadable(e.to_string()))?;
    let mut reader = ParquetReader::new(file);
    let kv = reader
        .get_metadata()
        .map_err(|e| unreadable(e.to_string()))?
        .key_value_metadata()
        .clone()
        .unwrap_or_default();
    let value = |key: &str| {
        kv.iter()
            .find(|k| k.key == key)
            .and_then(|k| k.value.clone())
    };
    match value(FORMAT_KEY) {
        Some(f) if f == FORMAT => {}
        Some(found) => {
            return Err(ClaimsFileError::Format {
                path: path.to_path_buf(),
                found,
            })
        }
        None => {
            return Err(ClaimsFileError::NoArticles {
                path: path.to_path_buf(),
            })
        }
    }
    let Some(json) = value(ARTICLES_KEY) else {
        return Err(ClaimsFileError::NoArticles {
            path: path.to_path_buf(),
        });
    };
    let records: Vec<ArticleRecord> =
        serde_json::from_str(&json).map_err(|e| unreadable(format!("articles table: {e}")))?;
    let articles = records
        .into_iter()
        .map(ArticleRecord::into_article)
        .collect::<Result<Vec<_>, _>>()
        .map_err(unreadable)?;
    let df = reader.finish().map_err(|e| unreadable(e.to_string()))?;
    let claims = frame::claims_from_frame(&df).map_err(|e| unreadable(e.to_string()))?;
    let ids: std::collections::HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    if let Some(c) = claims.iter().find(|c| !ids.contains(c.article.as_str())) {
        return Err(unreadable(format!(
            "a claim of article `{}`, which the articles table does not list",
            c.article
        )));
    }
    Ok((claims, articles))
}

/// Read claims files and put them together as one corpus would have them:
/// articles sorted by id, claims in article order, whatever the order of
/// `paths`. An article in two files is an error.
pub fn read(paths: &[PathBuf]) -> Result<ClaimsInput, ClaimsFileError> {
    let mut from: HashMap<String, PathBuf> = HashMap::new();
    let mut articles = Vec::new();
    let mut claims = Vec::new();
    for path in paths {
        let (c, a) = read_one(path)?;
        for article in &a {
            if let Some(first) = from.insert(article.id.clone(), path.clone()) {
                return Err(ClaimsFileError::Duplicate {
                    article: article.id.clone(),
                    first,
                    second: path.clone(),
                });
            }
        }
        articles.extend(a);
        claims.extend(c);
    }
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    let order: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    // Stable: a file's claims keep their order within each article.
    let mut keyed: Vec<(usize, Claim)> = claims
        .into_iter()
        .map(|c| {
            (
                order.get(c.article.as_str()).copied().unwrap_or(usize::MAX),
                c,
            )
        })
        .collect();
    keyed.sort_by_key(|(k, _)| *k);
    Ok(ClaimsInput {
        articles,
        claims: keyed.into_iter().map(|(_, c)| c).collect(),
    })
}

/// What the rules of kinds that read the articles' text do without it,
/// by kind. Sound means: no finding that the text could have excused.
pub const WITHOUT_TEXT: &[(&str, &str)] = &[
    ("naming", "is skipped: it reads the names in the text"),
    (
        "timeline",
        "skips periods after the article's date and unfinished years (the sentence may excuse them with “will” or “target”); it still checks durations",
    ),
    (
        "enumeration",
        "reads every list as possibly partial (“including”): it reports only lists longer than their count",
    ),
];

/// One note per rule of `rules` that does less without the text.
pub fn without_text_notes(rules: &crate::rules::RuleSet) -> Vec<String> {
    rules
        .rules
        .iter()
        .filter_map(|r| {
            WITHOUT_TEXT
                .iter()
                .find(|(kind, _)| *kind == r.meta.kind)
                .map(|(kind, what)| {
                    format!(
                        "without the articles' text, {kind} rule `{}` {what}",
                        r.meta.id
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::{Kind, Role};
    use crate::interval::Qualifier;

    fn article(id: &str, date: Option<NaiveDate>) -> Article {
        Article::without_text(
            id.into(),
            PathBuf::from(format!("corpus/{id}")),
            Metadata {
                title: Some(format!("Title of {id}")),
                date,
                date_inferred: date.is_none(),
                date_reason: Some("front matter".into()),
                source: None,
                url: Some("https://example.invalid/a?b=1".into()),
            },
        )
    }

    fn claim(article: &str, start: u32) -> Claim {
        Claim {
            article: article.into(),
            sentence: 0,
            start,
            end: start + 2,
            text: "37".into(),
            value: 37.0,
            lo: 37.0,
            hi: f64::INFINITY,
            qualifier: Qualifier::Over,
            unit: "count".into(),
            kind: Kind::Level,
            metric: None,
            noun: Some("products".into()),
            subject: None,
            scope: None,
            period_start: None,
            period_end: None,
            group: Some(0),
            role: Some(Role::From),
        }
    }

    fn write_file(dir: &Path, name: &str, claims: &[Claim], articles: &[Article]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, write(claims, articles).unwrap()).unwrap();
        path
    }

    #[test]
    fn shards_come_back_as_one_corpus_in_article_order() {
        let dir = tempfile::tempdir().unwrap();
        let d = NaiveDate::from_ymd_opt(2023, 3, 10);
        let b = write_file(
            dir.path(),
            "b.parquet",
            &[claim("c.txt", 5), claim("c.txt", 1)],
            &[article("c.txt", None), article("empty.txt", d)],
        );
        let a = write_file(
            dir.path(),
            "a.parquet",
            &[claim("a.txt", 9)],
            &[article("a.txt", d)],
        );
        let input = read(&[b, a]).unwrap();
        let ids: Vec<&str> = input.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a.txt", "c.txt", "empty.txt"]);
        let starts: Vec<(&str, u32)> = input
            .claims
            .iter()
            .map(|c| (c.article.as_str(), c.start))
            .collect();
        assert_eq!(starts, [("a.txt", 9), ("c.txt", 5), ("c.txt", 1)]);
        assert_eq!(input.articles[0].meta, article("a.txt", d).meta);
        assert_eq!(input.articles[0].path, PathBuf::from("corpus/a.txt"));
        assert!(input.articles.iter().all(|a| a.text().is_empty()));
        assert_eq!(input.claims[0], claim("a.txt", 9));
    }

    #[test]
    fn an_article_in_two_shards_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let x = write_file(dir.path(), "x.parquet", &[], &[article("a.txt", None)]);
        let y = write_file(dir.path(), "y.parquet", &[], &[article("a.txt", None)]);
        assert!(matches!(
            read(&[x, y]),
            Err(ClaimsFileError::Duplicate { .. })
        ));
    }

    #[test]
    fn other_files_are_errors_not_panics() {
        let dir = tempfile::tempdir().unwrap();
        let garbage = dir.path().join("g.parquet");
        std::fs::write(&garbage, b"PAR1 not really").unwrap();
        assert!(matches!(
            read(&[garbage]),
            Err(ClaimsFileError::Unreadable { .. })
        ));
        // A plain frame without the articles table.
        let plain = dir.path().join("plain.parquet");
        let mut df = frame::claims_frame(&[claim("a.txt", 0)]).unwrap();
        let mut buf = Vec::new();
        ParquetWriter::new(&mut buf).finish(&mut df).unwrap();
        std::fs::write(&plain, buf).unwrap();
        assert!(matches!(
            read(&[plain]),
            Err(ClaimsFileError::NoArticles { .. })
        ));
        // A truncated file.
        let full = write(&[claim("a.txt", 0)], &[article("a.txt", None)]).unwrap();
        let cut = dir.path().join("cut.parquet");
        std::fs::write(&cut, &full[..full.len() / 2]).unwrap();
        assert!(read(&[cut]).is_err());
        assert!(read(&[dir.path().join("missing.parquet")]).is_err());
    }
}
