//! The files index: a run skips reading the files that have not changed
//! since the last run, and still reports exactly what a run that reads
//! everything (`--no-cache`) reports, in every format that shows text.

use std::fs;
use std::path::Path;
use std::time::Duration;

mod common;
use common::{check_json, claimcheck, stderr, stdout, workspace};

const SEED_004: &str = "corpus/004_835ad94ba8249fdf.txt";

/// How many articles the run took from the index ("…, N unchanged (not read)").
fn unread(timings: &str) -> usize {
    timings
        .lines()
        .find(|l| l.trim_start().starts_with("read "))
        .and_then(|l| l.split(", ").find(|p| p.ends_with("unchanged (not read)")))
        .and_then(|p| p.split(' ').next())
        .map_or(0, |n| n.parse().expect("a count"))
}

/// The report with the cache and files index, and without: they must agree.
fn agrees(dir: &Path, format: &str) -> (String, String) {
    let args = [
        "check",
        "corpus",
        "--rules",
        "rules",
        "--fail-on",
        "never",
        "--timings",
        "--format",
        format,
    ];
    let cached = claimcheck(&args, dir);
    let mut plain_args = args.to_vec();
    plain_args.push("--no-cache");
    let plain = claimcheck(&plain_args, dir);
    assert_eq!(stdout(&cached), stdout(&plain), "{}", stderr(&cached));
    (stdout(&cached), stderr(&cached))
}

/// Wait until files written now are old enough to be recorded.
fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

#[test]
fn unchanged_files_are_not_read_and_every_change_is_seen() {
    let w = workspace();
    let dir = w.path();
    // Files written a moment ago are not recorded (they could change again
    // within the same timestamp tick; the unit test in corpus::index checks
    // that with a fixed clock). Whether the first run was quick enough to
    // see them as fresh depends on the machine's load, so only the runs
    // after settling are asserted.
    let first = check_json(dir, &[]);
    assert_eq!(unread(&stderr(&first)), 0);
    settle();
    check_json(dir, &[]);
    let (report, timings) = agrees(dir, "json");
    assert_eq!(unread(&timings), 5, "{timings}");
    assert!(report.contains("\"rule\": \"growth-mismatch\""));

    // Snippets need the texts: the human report and SARIF read the cited
    // articles and show what a full run shows.
    let (human, _) = agrees(dir, "human");
    assert!(human.contains("grown by 30 percent"), "{human}");
    agrees(dir, "sarif");
    agrees(dir, "html");

    // An edit that keeps the size: the stamp still changes.
    let path = dir.join(SEED_004);
    let text = fs::read_to_string(&path).unwrap();
    let edited = text.replace("grown by 30 percent", "grown by 43 percent");
    assert_eq!(edited.len(), text.len());
    fs::write(&path, edited).unwrap();
    let (report, timings) = agrees(dir, "json");
    assert_eq!(unread(&timings), 4, "{timings}");
    assert!(
        !report.contains("\"rule\": \"growth-mismatch\""),
        "{report}"
    );
    settle();
    agrees(dir, "json");

    // A manifest is read by every article: changing it reads them all.
    fs::write(
        dir.join("corpus/corpus.yaml"),
        "004_835ad94ba8249fdf.txt: {source: Desk}\n",
    )
    .unwrap();
    let (_, timings) = agrees(dir, "json");
    assert_eq!(unread(&timings), 0, "{timings}");
    settle();
    agrees(dir, "json");
    let (_, timings) = agrees(dir, "json");
    assert_eq!(unread(&timings), 5, "{timings}");

    // A damaged index is reported, never trusted.
    let index = fs::read_dir(dir.join(".claimcheck/cache"))
        .unwrap()
        .flatten()
        .map(|e| e.path().join("files.index"))
        .find(|p| p.exists())
        .expect("an index");
    let mut bytes = fs::read(&index).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    fs::write(&index, bytes).unwrap();
    let (_, timings) = agrees(dir, "json");
    assert!(timings.contains("files index damaged"), "{timings}");
    assert_eq!(unread(&timings), 0, "{timings}");
}

#[test]
fn a_file_that_becomes_unreadable_is_an_error_naming_it() {
    let w = workspace();
    let dir = w.path();
    check_json(dir, &[]);
    settle();
    check_json(dir, &[]);
    // Replaced by a binary file: not an article any more.
    let path = dir.join(SEED_004);
    fs::remove_file(&path).unwrap();
    fs::write(&path, [0u8, 1, 2]).unwrap();
    let o = check_json(dir, &[]);
    assert!(
        stderr(&o).contains("004_835ad94ba8249fdf.txt"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("binary file"), "{}", stderr(&o));
}
