//! The binary, run as users run it.

use std::path::Path;
use std::process::Command;

mod common;
use common::{claimcheck, root, stderr, stdout};

#[test]
fn no_arguments_checks_the_seeds_with_the_rules() {
    let o = claimcheck(&[], &root());
    // The seeds hold at least one error ("grown by 30 percent"): exit 1.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("5 articles"), "{out}");
    assert!(out.contains("growth-mismatch"), "{out}");
    assert!(out.contains("004_835ad94ba8249fdf.txt"));
}

#[test]
fn human_report_of_the_seeds() {
    let o = claimcheck(&["check", "--fail-on", "never"], &root());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("check__human_seeds", stdout(&o));
    });
}

#[test]
fn fail_on_sets_the_exit_code() {
    let code = |level: &str| {
        claimcheck(&["check", "--fail-on", level], &root())
            .status
            .code()
    };
    assert_eq!(code("never"), Some(0));
    assert_eq!(code("error"), Some(1));
    assert_eq!(code("info"), Some(1));
}

#[test]
fn json_report_is_versioned_and_carries_the_values() {
    let o = claimcheck(
        &["check", "--format", "json", "--fail-on", "never"],
        &root(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["articles"], 5);
    let findings = doc["findings"].as_array().expect("findings");
    let growth = findings
        .iter()
        .find(|f| f["rule"] == "growth-mismatch" && f["article"] == "004_835ad94ba8249fdf.txt")
        .expect("the champion products finding");
    assert_eq!(growth["stated"], 30.0);
    assert_eq!(growth["computed"], 43.2);
    assert_eq!(growth["span"]["line"], 22);
    assert_eq!(growth["related"].as_array().map(Vec::len), Some(2));
    assert_eq!(growth["fingerprint"].as_str().map(str::len), Some(16));
}

#[test]
fn a_broken_rule_file_stops_the_run_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::copy(
        root().join("rules/metrics.yaml"),
        rules.join("metrics.yaml"),
    )
    .unwrap();
    std::fs::write(
        rules.join("mine.yaml"),
        "- id: my-rule\n  kind: growht\n  title: x\n",
    )
    .unwrap();
    let seeds = root().join("seeds");
    let o = claimcheck(&["check", seeds.to_str().unwrap()], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("unknown kind `growht`"), "{err}");
    assert!(err.contains("mine.yaml"), "{err}");
}

#[test]
fn rules_list_explain_and_test() {
    let o = claimcheck(&["rules", "list"], &root());
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("growth-mismatch"));
    let o = claimcheck(&["rules", "explain", "growth-mismatch"], &root());
    assert!(stdout(&o).contains("# growth"), "{}", stdout(&o));
    let o = claimcheck(&["rules", "explain", "growth"], &root());
    assert!(stdout(&o).contains("Parameters"));
    let o = claimcheck(&["rules", "explain", "no-such-rule"], &root());
    assert_eq!(o.status.code(), Some(2));
    let o = claimcheck(&["rules", "test"], &root());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains(" 0 failed"));
}

#[test]
fn csv_of_a_seed() {
    let o = claimcheck(
        &[
            "claims",
            "seeds/003_56bec09c3dd4cb98.txt",
            "--format",
            "csv",
        ],
        &root(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("claims__csv_seed_003", stdout(&o));
    });
}

#[test]
fn json_is_one_array_of_rows() {
    let o = claimcheck(&["claims", "--format", "json"], &root());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    let rows = rows.as_array().expect("an array");
    assert!(rows.len() > 50);
    // Infinite bounds ("more than 520") are null in JSON.
    assert!(rows
        .iter()
        .any(|r| r["qualifier"] == "over" && r["hi"].is_null()));
}

#[test]
fn parquet_round_trips_through_polars() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("claims.parquet");
    let o = claimcheck(
        &[
            "claims",
            "--format",
            "parquet",
            "--output",
            out.to_str().unwrap(),
        ],
        &root(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let df = ParquetReader::new(std::fs::File::open(&out).unwrap())
        .finish()
        .unwrap();
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(names, claimcheck::frame::col::ALL);
    assert!(df.height() > 50);
    // Only the output file: the temporary was renamed into place.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn unwritable_output_is_an_error_not_a_panic() {
    let o = claimcheck(
        &[
            "claims",
            "--format",
            "csv",
            "--output",
            "/no/such/dir/claims.csv",
        ],
        &root(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot write the output"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn missing_corpus_exits_2_naming_it() {
    let o = claimcheck(&["claims", "no-such-corpus"], &root());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-corpus"), "{}", stderr(&o));
}

#[test]
fn bad_articles_are_reported_and_the_rest_is_extracted() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("good.txt"),
        "In 2021 exports rose by 12 percent to 5 billion yuan.\n",
    )
    .unwrap();
    std::fs::write(corpus.join("empty.txt"), "").unwrap();
    std::fs::write(
        corpus.join("latin1.txt"),
        b"Caf\xe9 revenue grew 3 percent.\n",
    )
    .unwrap();
    std::fs::write(corpus.join("binary.md"), b"\x00\x01\x02").unwrap();
    std::fs::write(corpus.join("notes.csv"), "a,b\n").unwrap();
    let rules = root().join("rules");
    let o = claimcheck(
        &[
            "claims",
            "corpus",
            "--rules",
            rules.to_str().unwrap(),
            "--format",
            "csv",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    for f in ["empty.txt", "latin1.txt", "binary.md", "notes.csv"] {
        assert!(err.contains(f), "{f} not named in:\n{err}");
    }
    let out = stdout(&o);
    assert!(out.contains("good.txt,0,"), "{out}");
    assert!(out.contains("12 percent"));
}

#[test]
fn a_broken_lexicon_stops_the_run_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    std::fs::write(
        dir.path().join("rules/metrics.yaml"),
        "metrics:\n  - id: gdp\n    names: [GDP]\n    unit: [currency]\n",
    )
    .unwrap();
    let seeds = root().join("seeds");
    let o = claimcheck(&["claims", seeds.to_str().unwrap()], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("unknown field `unit`"), "{err}");
    assert!(err.contains("metrics.yaml"), "{err}");
}

#[test]
fn json_report_of_the_seeds() {
    let o = claimcheck(
        &["check", "--format", "json", "--fail-on", "never"],
        &root(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("check__json_seeds", stdout(&o));
    });
}

#[test]
fn every_text_format_of_the_seeds() {
    for format in ["concise", "github", "markdown"] {
        let o = claimcheck(
            &["check", "--format", format, "--fail-on", "never"],
            &root(),
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("check__{format}_seeds"), stdout(&o));
        });
    }
}

/// A copy of the seeds and rules to change freely.
fn scratch_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["seeds", "rules", "rules/data"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for e in std::fs::read_dir(root().join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                std::fs::copy(&p, dir.path().join(sub).join(p.file_name().unwrap())).unwrap();
            }
        }
    }
    dir
}

fn json(args: &[&str], dir: &Path) -> serde_json::Value {
    let mut all = vec!["check", "--format", "json", "--fail-on", "never"];
    all.extend_from_slice(args);
    let o = claimcheck(&all, dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

const CHAMPIONS: &str = "seeds/004_835ad94ba8249fdf.txt";

#[test]
fn baselines_accept_reviewed_findings_and_survive_edits_elsewhere() {
    let dir = scratch_corpus();
    let d = dir.path();
    let o = claimcheck(&["baseline", "write"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let baseline = std::fs::read_to_string(d.join("claimcheck.baseline.yaml")).unwrap();
    assert!(baseline.contains("growth-mismatch") && baseline.contains("reason: ''"));

    // Accepted findings do not fail the run, and are still reported.
    let o = claimcheck(&["check", "--baseline", "claimcheck.baseline.yaml"], d);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("accepted in baseline: error[growth-mismatch]"));

    // An edit elsewhere in the article moves every offset: still accepted.
    let path = d.join(CHAMPIONS);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen(
            "Binzhou city –",
            "A new opening paragraph.\n\nBinzhou city –",
            1,
        ),
    )
    .unwrap();
    let doc = json(&["--baseline", "claimcheck.baseline.yaml"], d);
    assert_eq!(doc["summary"]["accepted"], 2, "{doc:#}");
    assert_eq!(doc["summary"]["findings"]["error"], 0);

    // Fix the slip: its entry no longer matches, and prune removes it.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("has grown by 30 percent", "has grown by 43 percent"),
    )
    .unwrap();
    let doc = json(&["--baseline", "claimcheck.baseline.yaml"], d);
    assert_eq!(doc["stale_baseline"].as_array().map(Vec::len), Some(1));
    assert_eq!(claimcheck(&["baseline", "prune"], d).status.code(), Some(0));
    let pruned = std::fs::read_to_string(d.join("claimcheck.baseline.yaml")).unwrap();
    assert!(!pruned.contains("growth-mismatch") && pruned.contains("naming-variants"));
}

#[test]
fn diff_mode_reports_only_findings_touching_changed_articles() {
    let dir = scratch_corpus();
    let d = dir.path();
    let rules_of = |doc: &serde_json::Value| -> Vec<String> {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        rules_of(&json(&["--changed", CHAMPIONS], d)),
        ["growth-mismatch"]
    );
    assert!(rules_of(&json(&["--changed", "seeds/001_84607ea1f6d02155.txt"], d)).is_empty());
    // The naming finding touches two articles: either one brings it in.
    assert_eq!(
        rules_of(&json(&["--changed", "seeds/003_56bec09c3dd4cb98.txt"], d)),
        ["naming-variants"]
    );

    // --since: what git says changed since a revision.
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args(args)
            .current_dir(d)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["-c", "user.email=t@t", "-c", "user.name=t", "add", "."]);
    git(&[
        "-c",
        "user.email=t@t",
        "-c",
        "user.name=t",
        "commit",
        "-qm",
        "corpus",
    ]);
    assert!(rules_of(&json(&["--since", "HEAD"], d)).is_empty());
    let path = d.join(CHAMPIONS);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nOne more line.\n")).unwrap();
    assert_eq!(
        rules_of(&json(&["--since", "HEAD"], d)),
        ["growth-mismatch"]
    );
    let o = claimcheck(&["check", "--since", "no-such-revision"], d);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn sarif_uses_paths_from_where_claimcheck_runs() {
    let o = claimcheck(
        &["check", "--format", "sarif", "--fail-on", "never"],
        &root(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let log: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert!(
        uri.as_str().is_some_and(|u| u.starts_with("seeds/")),
        "{uri}"
    );
}

#[test]
fn claimcheck_yaml_sets_the_defaults_and_flags_win() {
    let dir = scratch_corpus();
    let d = dir.path();
    std::fs::rename(d.join("seeds"), d.join("corpus")).unwrap();
    std::fs::write(
        d.join("claimcheck.yaml"),
        "paths: [corpus]\nrules: rules\nfail_on: never\nformat: json\n",
    )
    .unwrap();
    let o = claimcheck(&[], d);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("the config chose json");
    assert_eq!(doc["summary"]["articles"], 5);
    let o = claimcheck(&["--format", "concise", "--fail-on", "error"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("error[growth-mismatch]"),
        "{}",
        stdout(&o)
    );
    let o = claimcheck(&["claims", "--format", "csv"], d);
    assert!(stdout(&o).contains("004_835ad94ba8249fdf.txt"));

    std::fs::write(d.join("claimcheck.yaml"), "path: [corpus]\n").unwrap();
    let o = claimcheck(&[], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown field `path`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn timings_go_to_stderr_after_the_report_and_leave_stdout_alone() {
    // A full run: an incremental one has no frame of the whole corpus.
    let args = [
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--no-cache",
    ];
    let plain = claimcheck(&args, &root());
    let timed = claimcheck(&[&args[..], &["--timings"]].concat(), &root());
    assert_eq!(timed.status.code(), Some(0), "{}", stderr(&timed));
    assert_eq!(stdout(&plain), stdout(&timed));
    let err = stderr(&timed);
    let stage = |name: &str| {
        err.lines()
            .position(|l| l.trim_start().starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no stage {name} in:\n{err}"))
    };
    let order = [
        stage("read"),
        stage("extract"),
        stage("group claims"),
        stage("rules"),
        stage("report"),
        stage("total"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{err}");
    // Every rule has its own line under "rules", with what it checked.
    for rule in ["growth-mismatch", "naming-variants", "figures-disagree"] {
        let at = stage(rule);
        assert!(order[3] < at && at < order[4], "{err}");
    }
    assert!(err.contains("1 checked, 1 failed"), "{err}");
    assert!(err.contains("5 articles"), "{err}");
    // Without the flag, nothing.
    assert!(!stderr(&plain).contains("timings"));
}
