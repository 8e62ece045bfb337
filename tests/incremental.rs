//! Incremental checks, run as users run them: after every edit, a run that
//! re-checks only what the edit can change must report exactly what a full
//! run (`--no-cache`) reports.

use std::fs;
use std::path::Path;

mod common;
use common::{check_json, claimcheck, stderr, stdout, workspace};

/// `check corpus --rules rules --format json --timings` plus `extra`: the
/// report and the timings.
fn check(dir: &Path, extra: &[&str]) -> (String, String) {
    let o = check_json(dir, extra);
    (stdout(&o), stderr(&o))
}

/// The incremental run's note ("incremental: 1 articles changed, …"), if
/// the run was incremental.
fn incremental_note(timings: &str) -> Option<String> {
    timings
        .lines()
        .find_map(|l| l.split("incremental: ").nth(1))
        .map(str::to_string)
}

/// Run incrementally, then in full, and demand the same report.
fn same_as_full(dir: &Path) -> (String, Option<String>) {
    let (incremental, timings) = check(dir, &[]);
    let (full, _) = check(dir, &["--no-cache"]);
    assert_eq!(incremental, full, "{timings}");
    (incremental, incremental_note(&timings))
}

const SEED_004: &str = "corpus/004_835ad94ba8249fdf.txt";
const SEED_000: &str = "corpus/000_2c9f31c689dfeb2b.txt";

#[test]
fn every_edit_is_reported_as_a_full_run_would() {
    let w = workspace();
    let dir = w.path();
    // The first run is a full one and leaves the state.
    let (first, timings) = check(dir, &[]);
    assert_eq!(incremental_note(&timings), None, "{timings}");
    assert!(first.contains("\"rule\": \"growth-mismatch\""));

    // Nothing changed: every check comes from the last run.
    let (report, note) = same_as_full(dir);
    assert_eq!(report, first);
    assert_eq!(
        note.as_deref(),
        Some("0 articles changed, 0 re-checked, 0 rules on everything")
    );

    // Correcting the growth rate removes the finding.
    let path = dir.join(SEED_004);
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replace("grown by 30 percent", "grown by 43 percent"),
    )
    .unwrap();
    let (report, note) = same_as_full(dir);
    assert!(
        !report.contains("\"rule\": \"growth-mismatch\""),
        "{report}"
    );
    assert!(note.unwrap().starts_with("1 articles changed"));

    // An article that disagrees with the seeds about Binzhou's GDP: a
    // finding across articles, in an article that is new.
    fs::write(
        dir.join("corpus/005_other.txt"),
        "BINZHOU, March 1, 2022 -- Between 2012 and 2021, Binzhou's gross domestic product increased by 80.5 percent.\n",
    )
    .unwrap();
    let (report, note) = same_as_full(dir);
    assert!(report.contains("005_other.txt"), "{report}");
    assert!(note.unwrap().starts_with("1 articles changed"));

    // Removing an article removes its findings and those it took part in.
    fs::remove_file(dir.join("corpus/005_other.txt")).unwrap();
    fs::remove_file(dir.join(SEED_000)).unwrap();
    let (report, note) = same_as_full(dir);
    assert!(!report.contains("005_other.txt"));
    assert!(note.unwrap().starts_with("2 articles changed"));

    // And back.
    fs::copy(
        common::root().join("seeds/000_2c9f31c689dfeb2b.txt"),
        dir.join(SEED_000),
    )
    .unwrap();
    fs::write(&path, text).unwrap();
    let (report, _) = same_as_full(dir);
    assert_eq!(report, first);
}

/// The state file of the workspace's corpus.
fn state_file(dir: &Path) -> std::path::PathBuf {
    fs::read_dir(dir.join(".claimcheck/cache"))
        .unwrap()
        .flatten()
        .map(|e| e.path().join("results.state"))
        .find(|p| p.is_file())
        .expect("a results state")
}

#[test]
fn a_damaged_state_is_never_trusted() {
    let w = workspace();
    let dir = w.path();
    let (first, _) = check(dir, &[]);
    let state = state_file(dir);
    let mut bytes = fs::read(&state).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    fs::write(&state, &bytes).unwrap();
    let (report, timings) = check(dir, &[]);
    assert_eq!(report, first);
    assert!(timings.contains("results state damaged"), "{timings}");
    assert!(timings.contains("checksum"), "{timings}");
    assert_eq!(incremental_note(&timings), None);
    // The full run wrote a good state again.
    let (_, timings) = check(dir, &[]);
    assert!(incremental_note(&timings).is_some(), "{timings}");
}

#[test]
fn a_changed_rule_makes_a_full_run() {
    let w = workspace();
    let dir = w.path();
    check(dir, &[]);
    let rules = dir.join("rules/growth.yaml");
    let text = fs::read_to_string(&rules).unwrap();
    fs::write(&rules, text.replace("severity: error", "severity: warning")).unwrap();
    let (report, timings) = check(dir, &[]);
    assert_eq!(incremental_note(&timings), None, "{timings}");
    let (full, _) = check(dir, &["--no-cache"]);
    assert_eq!(report, full);
    assert!(report.contains("\"warning\": 1"), "{report}");
}

#[test]
fn the_html_page_always_comes_from_a_full_run() {
    // It shows which claims every check verified, which only a full run
    // knows.
    let w = workspace();
    let dir = w.path();
    check(dir, &[]);
    let args = [
        "check",
        "corpus",
        "--rules",
        "rules",
        "--format",
        "html",
        "--fail-on",
        "never",
        "--timings",
    ];
    let o = claimcheck(&args, dir);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(incremental_note(&stderr(&o)), None);
    let full = claimcheck(&[&args[..], &["--no-cache"]].concat(), dir);
    assert_eq!(stdout(&o), stdout(&full));
}
