//! The corpus loader on the seed articles and on a corpus of bad files.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use claimcheck::corpus::{self, Article, ArticleError};
use serde::Serialize;

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// Snapshots go to the top-level `snapshots/` directory as `corpus__<case>.snap`.
macro_rules! snapshot {
    ($($body:tt)*) => {
        insta::with_settings!(
            {snapshot_path => "../snapshots", prepend_module_to_snapshot => false},
            { $($body)* }
        )
    };
}

#[test]
fn seeds_load_with_their_dates() {
    let corpus = corpus::load(&[seeds()]).unwrap();
    assert!(corpus.problems.is_empty(), "{:?}", corpus.problems);
    assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
    let got: Vec<(&str, NaiveDate, bool, &str)> = corpus
        .articles
        .iter()
        .map(|a| {
            (
                a.id.as_str(),
                a.meta.date.unwrap(),
                a.meta.date_inferred,
                a.meta.date_reason.as_deref().unwrap(),
            )
        })
        .collect();
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(
        got,
        [
            (
                "000_2c9f31c689dfeb2b.txt",
                ymd(2022, 1, 1),
                true,
                "inferred: latest period reported in the past tense ends 2021-12-31 ('By the end of 2021 … had reached', line 22)",
            ),
            (
                "001_84607ea1f6d02155.txt",
                ymd(2023, 3, 10),
                false,
                "'Updated : 2023-03-10' line 3",
            ),
            (
                "002_f90d12eb6a35088f.txt",
                ymd(2022, 10, 1),
                true,
                "inferred: latest period reported in the past tense ends 2022-09-30 ('increased … during the first three quarters of 2022', line 12)",
            ),
            (
                "003_56bec09c3dd4cb98.txt",
                ymd(2026, 1, 27),
                false,
                "dateline 'Jan. 27, 2026' line 2",
            ),
            (
                "004_835ad94ba8249fdf.txt",
                ymd(2024, 2, 19),
                false,
                "'Updated : 2024-02-19' line 3",
            ),
        ]
    );
}

#[test]
fn seed_text_is_unmodified() {
    let corpus = corpus::load(&[seeds()]).unwrap();
    for article in &corpus.articles {
        assert_eq!(
            article.text(),
            std::fs::read_to_string(&article.path).unwrap()
        );
    }
}

/// A readable view of an article's metadata and what is excluded from extraction.
#[derive(Serialize)]
struct ArticleView<'a> {
    id: &'a str,
    title: Option<&'a str>,
    date: Option<String>,
    date_inferred: bool,
    date_reason: Option<&'a str>,
    source: Option<&'a str>,
    url: Option<&'a str>,
    excluded: Vec<&'a str>,
}

impl<'a> From<&'a Article> for ArticleView<'a> {
    fn from(a: &'a Article) -> Self {
        ArticleView {
            id: &a.id,
            title: a.meta.title.as_deref(),
            date: a.meta.date.map(|d| d.to_string()),
            date_inferred: a.meta.date_inferred,
            date_reason: a.meta.date_reason.as_deref(),
            source: a.meta.source.as_deref(),
            url: a.meta.url.as_deref(),
            excluded: a.excluded.iter().map(|r| &a.text()[r.clone()]).collect(),
        }
    }
}

#[test]
fn seed_metadata() {
    let corpus = corpus::load(&[seeds()]).unwrap();
    let views: Vec<ArticleView> = corpus.articles.iter().map(ArticleView::from).collect();
    snapshot! {
        insta::assert_yaml_snapshot!("corpus__seed_metadata", views);
    }
}

/// Render a diagnostic as a user sees it, with the temporary directory replaced.
fn render(problem: &ArticleError, root: &Path) -> String {
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .render_report(&mut out, problem)
        .unwrap();
    out.replace(&root.display().to_string(), "<corpus>")
}

#[test]
fn bad_files_are_reported_and_the_rest_is_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let files: [(&str, &[u8]); 6] = [
        ("good.txt", b"Title\n\nSales grew 5 percent in 2021.\n"),
        ("empty.txt", b" \n\n"),
        ("latin1.txt", b"Title\n\nCaf\xe9 sales grew 5 percent.\n"),
        ("binary.txt", b"PK\x03\x04\x00\x00binary"),
        ("data.csv", b"a,b\n1,2\n"),
        (
            "bad.md",
            b"---\ntitle: Growth\nauthor: Li\n---\nSales grew.\n",
        ),
    ];
    for (name, bytes) in files {
        std::fs::write(root.join(name), bytes).unwrap();
    }

    let corpus = corpus::load(&[root.to_path_buf()]).unwrap();

    let ids: Vec<&str> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["good.txt"]);
    assert_eq!(corpus.skipped.len(), 1);
    assert!(corpus.skipped[0].path.ends_with("data.csv"));
    assert_eq!(corpus.skipped[0].reason, "not .txt or .md");
    assert_eq!(corpus.problems.len(), 4);
    for (problem, name) in
        corpus
            .problems
            .iter()
            .zip(["bad.md", "binary.txt", "empty.txt", "latin1.txt"])
    {
        assert!(problem.path().ends_with(name));
        assert!(problem.to_string().contains(name), "{problem}");
    }

    let rendered: Vec<String> = corpus.problems.iter().map(|p| render(p, root)).collect();
    snapshot! {
        insta::assert_snapshot!("corpus__bad_articles", rendered.join("\n"));
    }
}

#[test]
fn a_missing_path_is_fatal() {
    let err = corpus::load(&[PathBuf::from("/nonexistent/claimcheck")]).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/claimcheck"));
}

#[test]
fn a_bad_manifest_stops_the_run_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.txt"), "Title\n\nSales grew in 2021.\n").unwrap();
    std::fs::write(
        root.join("corpus.yaml"),
        "a.txt:\n  title: A\n  date: 2021-02-30\n",
    )
    .unwrap();
    let err = corpus::load(&[root.to_path_buf()]).unwrap_err();
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .render_report(&mut out, &err)
        .unwrap();
    let out = out.replace(&root.display().to_string(), "<corpus>");
    snapshot! {
        insta::assert_snapshot!("corpus__bad_manifest", out);
    }
}
