//! The claims cache, run as users run it: each test works in a temporary
//! folder with its own copy of the seeds, so the cache (`.claimcheck/cache`
//! under the folder claimcheck runs in) never touches the repository.

use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::{check_json, claimcheck, stderr, stdout, workspace};

/// `check corpus --rules rules --format json --timings` plus `extra`; the
/// report and the number of articles that came from the cache.
fn check(dir: &Path, extra: &[&str]) -> (String, usize, String) {
    let o = check_json(dir, extra);
    let err = stderr(&o);
    let cached = err
        .lines()
        .find_map(|l| {
            let l = l.trim_start();
            l.strip_prefix("cache ")?;
            let note = l.split("  ").last()?.trim();
            note.strip_suffix(" articles from cache")?
                .split(" of ")
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(usize::MAX);
    (stdout(&o), cached, err)
}

/// The bucket files of every corpus cached under `dir`.
fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(corpora) = fs::read_dir(dir.join(".claimcheck/cache")) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = corpora
        .flatten()
        .filter(|c| c.path().is_dir())
        .flat_map(|c| fs::read_dir(c.path()).into_iter().flatten().flatten())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "cache"))
        .collect();
    out.sort();
    out
}

fn contents(files: &[PathBuf]) -> Vec<Vec<u8>> {
    files.iter().map(|f| fs::read(f).expect("read")).collect()
}

fn growth_findings(report: &str) -> usize {
    let doc: serde_json::Value = serde_json::from_str(report).expect("JSON");
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "growth-mismatch")
        .count()
}

#[test]
fn a_second_run_reads_every_article_from_the_cache_and_reports_the_same() {
    let w = workspace();
    let (first, cached, _) = check(w.path(), &[]);
    assert_eq!(cached, 0);
    let files = cache_files(w.path());
    assert!(!files.is_empty() && files.len() <= 5, "{files:?}");
    // The cache keeps itself out of git and out of backups.
    assert_eq!(
        fs::read_to_string(w.path().join(".claimcheck/cache/.gitignore")).unwrap(),
        "*\n"
    );
    assert!(w.path().join(".claimcheck/cache/CACHEDIR.TAG").is_file());
    let before = contents(&files);
    let (second, cached, err) = check(w.path(), &[]);
    assert_eq!(cached, 5, "{err}");
    assert_eq!(second, first);
    // Nothing changed: the file is not rewritten.
    assert!(!err.contains("cache write"), "{err}");
    assert_eq!(cache_files(w.path()), files);
    assert_eq!(contents(&files), before);
    // And the same as without any cache.
    let (uncached, _, _) = check(w.path(), &["--no-cache"]);
    assert_eq!(uncached, first);
}

#[test]
fn editing_one_article_re_extracts_only_that_article() {
    let w = workspace();
    let (first, _, _) = check(w.path(), &[]);
    assert_eq!(growth_findings(&first), 1);
    let path = w.path().join("corpus/004_835ad94ba8249fdf.txt");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("grown by 30 percent"));
    fs::write(
        &path,
        text.replace("grown by 30 percent", "grown by 43 percent"),
    )
    .unwrap();
    let (second, cached, err) = check(w.path(), &[]);
    assert_eq!(cached, 4, "{err}");
    assert!(
        err.contains("extract") && err.contains("1 articles"),
        "{err}"
    );
    // Only the edited article's file is rewritten.
    assert!(err.contains("1 of 64 files"), "{err}");
    assert_eq!(growth_findings(&second), 0);
    let (uncached, _, _) = check(w.path(), &["--no-cache"]);
    assert_eq!(second, uncached);
    let (_, cached, _) = check(w.path(), &[]);
    assert_eq!(cached, 5);

    // A new article and a deleted one.
    fs::copy(&path, w.path().join("corpus/005_copy.txt")).unwrap();
    fs::remove_file(w.path().join("corpus/000_2c9f31c689dfeb2b.txt")).unwrap();
    let (third, cached, _) = check(w.path(), &[]);
    assert_eq!(cached, 4);
    assert_eq!(third, check(w.path(), &["--no-cache"]).0);
}

#[test]
fn another_lexicon_or_another_approx_invalidates_the_cache() {
    let w = workspace();
    let (first, _, _) = check(w.path(), &[]);
    let lexicon = w.path().join("rules/metrics.yaml");
    let mut text = fs::read_to_string(&lexicon).unwrap();
    text.push_str("\n# an edit\n");
    fs::write(&lexicon, text).unwrap();
    let (second, cached, _) = check(w.path(), &[]);
    assert_eq!(cached, 0);
    assert_eq!(second, first);
    let (_, cached, _) = check(w.path(), &[]);
    assert_eq!(cached, 5);
    let (_, cached, _) = check(w.path(), &["--approx", "0.1"]);
    assert_eq!(cached, 0);
}

#[test]
fn a_damaged_cache_is_rebuilt_with_a_note_never_trusted() {
    let w = workspace();
    let (first, _, _) = check(w.path(), &[]);
    let files = cache_files(w.path());
    let file = files.last().expect("a cache file").clone();
    let bytes = fs::read(&file).unwrap();
    let damages: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", bytes[..bytes.len() / 2].to_vec()),
        ("garbage", b"this is not a cache".to_vec()),
        ("empty", Vec::new()),
        ("flipped", {
            let mut b = bytes.clone();
            let at = b.len() - 100;
            b[at] ^= 1;
            b
        }),
    ];
    for (what, damaged) in damages {
        fs::write(&file, damaged).unwrap();
        let (report, cached, err) = check(w.path(), &[]);
        // The articles of the damaged file are extracted again, the
        // others come from their own files.
        assert!(cached < 5, "{what}: {err}");
        assert!(err.contains("cache damaged, rebuilding: "), "{what}: {err}");
        assert_eq!(report, first, "{what}");
        let (_, cached, err) = check(w.path(), &[]);
        assert_eq!(cached, 5, "{what}: {err}");
    }
    // Every file garbage: one note, not one per file.
    for f in &files {
        fs::write(f, b"garbage").unwrap();
    }
    let (report, cached, err) = check(w.path(), &[]);
    assert_eq!(cached, 0);
    assert_eq!(err.matches("cache damaged").count(), 1, "{err}");
    assert_eq!(report, first);
}

#[test]
fn no_cache_writes_nothing_and_cache_picks_the_folder() {
    let w = workspace();
    check(w.path(), &["--no-cache"]);
    assert!(!w.path().join(".claimcheck").exists());
    let (_, cached, _) = check(w.path(), &["--cache", "elsewhere"]);
    assert_eq!(cached, 0);
    assert!(!w.path().join(".claimcheck").exists());
    assert!(w.path().join("elsewhere").is_dir());
    let (_, cached, _) = check(w.path(), &["--cache", "elsewhere"]);
    assert_eq!(cached, 5);
    // `claims` shares the cache with `check`.
    let o = claimcheck(
        &[
            "claims",
            "corpus",
            "--rules",
            "rules",
            "--cache",
            "elsewhere",
            "--format",
            "csv",
            "--timings",
        ],
        w.path(),
    );
    assert!(
        stderr(&o).contains("5 of 5 articles from cache"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_cache_that_cannot_be_written_is_a_note_not_a_failure() {
    let w = workspace();
    // A file where the cache folder should be.
    fs::write(w.path().join("blocked"), "x").unwrap();
    let (report, _, err) = check(w.path(), &["--cache", "blocked/cache"]);
    assert!(err.contains("cannot write the cache"), "{err}");
    assert_eq!(report, check(w.path(), &["--no-cache"]).0);
}
