//! `claimcheck claims --format parquet` as shards, then `claimcheck check
//! --claims FILE…`: the rules run once over claims extracted elsewhere,
//! without the articles' text.

use serde_json::Value;
use std::path::Path;
use std::process::Output;

mod common;
use common::{root, stderr, stdout};

/// Run from the repository root, so paths in reports are `seeds/…`.
fn claimcheck(args: &[&str]) -> Output {
    common::claimcheck(args, &root())
}

fn seeds(prefixes: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root().join("seeds"))
        .expect("seeds")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| prefixes.iter().any(|p| n.starts_with(p)))
        .map(|n| format!("seeds/{n}"))
        .collect();
    out.sort();
    out
}

/// Extract `files` into the Parquet claims file `out`.
fn shard(files: &[String], out: &Path) {
    let mut args: Vec<&str> = vec!["claims", "--no-cache", "--format", "parquet", "--output"];
    let out = out.to_str().expect("utf-8 path");
    args.push(out);
    args.extend(files.iter().map(String::as_str));
    let o = claimcheck(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// The seeds as two shards: 000–002 and 003–004.
struct Shards {
    _dir: tempfile::TempDir,
    a: String,
    b: String,
}

fn shards() -> Shards {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.parquet");
    let b = dir.path().join("b.parquet");
    shard(&seeds(&["000", "001", "002"]), &a);
    shard(&seeds(&["003", "004"]), &b);
    Shards {
        a: a.to_string_lossy().into_owned(),
        b: b.to_string_lossy().into_owned(),
        _dir: dir,
    }
}

fn check_claims(s: &Shards, format: &str) -> Output {
    claimcheck(&[
        "check",
        "--claims",
        &s.a,
        &s.b,
        "--format",
        format,
        "--fail-on",
        "never",
    ])
}

/// What must agree between a check of the corpus and a check of its
/// claims: everything but lines and columns.
fn comparable(f: &Value) -> Value {
    let clear = |span: &mut Value| {
        span["line"] = Value::Null;
        span["column"] = Value::Null;
    };
    let mut f = f.clone();
    clear(&mut f["span"]);
    if let Some(related) = f["related"].as_array_mut() {
        for r in related {
            clear(&mut r["span"]);
        }
    }
    f
}

#[test]
fn two_shards_give_the_findings_of_the_whole_corpus() {
    let s = shards();
    let o = check_claims(&s, "json");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let from_claims: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let o = claimcheck(&[
        "check",
        "seeds",
        "--no-cache",
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    let from_corpus: Value = serde_json::from_str(&stdout(&o)).expect("JSON");

    assert_eq!(from_claims["summary"]["source_text"], false);
    assert!(from_corpus["summary"].get("source_text").is_none());
    for key in ["articles", "claims"] {
        assert_eq!(from_claims["summary"][key], from_corpus["summary"][key]);
    }
    // The naming rule reads the text: skipped without it (with a note).
    let expected: Vec<Value> = from_corpus["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["kind"] != "naming")
        .map(comparable)
        .collect();
    let got: Vec<Value> = from_claims["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(comparable)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(got, expected);
    // Spans keep their offsets and lose their lines.
    let f = &from_claims["findings"][0];
    assert!(f["span"]["start"].as_u64().is_some());
    assert!(f["span"]["line"].is_null());

    // The order of the shards does not matter.
    let o = claimcheck(&[
        "check",
        "--claims",
        &s.b,
        &s.a,
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    assert_eq!(
        stdout(&o),
        serde_json::to_string_pretty(&from_claims).unwrap() + "\n"
    );
}

#[test]
fn the_run_says_which_rules_need_the_text() {
    let s = shards();
    let o = check_claims(&s, "human");
    let err = stderr(&o);
    assert!(
        err.contains("naming rule `naming-variants` is skipped"),
        "{err}"
    );
    assert!(err.contains("timeline rule `timeline`"), "{err}");
    // And the exit code still follows the findings.
    let o = claimcheck(&["check", "--claims", &s.a, &s.b]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn every_format_says_the_text_is_missing() {
    let s = shards();
    for format in [
        "human", "json", "concise", "github", "markdown", "sarif", "html",
    ] {
        let o = check_claims(&s, format);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        let out = stdout(&o);
        let says = match format {
            "sarif" => out.contains("\"sourceText\": false"),
            "json" => out.contains("\"source_text\": false"),
            "github" => {
                out.starts_with("::notice title=claimcheck::findings from extracted claims")
            }
            _ => out
                .contains("findings from extracted claims (check --claims), without the articles"),
        };
        assert!(says, "{format}:\n{out}");
        if format != "html" {
            insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
                insta::assert_snapshot!(format!("check__{format}_claims_input"), out);
            });
        }
    }
}

#[test]
fn the_html_report_shows_no_text_and_links_nowhere_broken() {
    let s = shards();
    let o = check_claims(&s, "html");
    let html = stdout(&o);
    assert!(html.contains("The text of this article is not part of this report"));
    // No article text, so no highlighted claims and no links to them.
    assert!(!html.contains("<mark"));
    assert!(!html.contains("<div class=\"text\">"));
    assert!(html.contains("bytes 1613..1623"), "{html}");
}

#[test]
fn the_json_report_without_text_matches_the_schema() {
    let text = std::fs::read_to_string(root().join("docs/report.schema.json")).expect("schema");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    let v = jsonschema::draft7::options()
        .build(&schema)
        .expect("schema compiles");
    let s = shards();
    let doc: Value = serde_json::from_str(&stdout(&check_claims(&s, "json"))).expect("JSON");
    let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert_eq!(doc["summary"]["source_text"], false);
}

#[test]
fn the_sarif_log_without_text_is_valid_sarif() {
    let text = std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json"))
        .expect("schema file");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    let v = jsonschema::draft4::options()
        .build(&schema)
        .expect("schema compiles");
    let s = shards();
    let log: Value = serde_json::from_str(&stdout(&check_claims(&s, "sarif"))).expect("JSON");
    let errors: Vec<String> = v.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["byteOffset"], 1613);
    assert_eq!(region["byteLength"], 10);
    assert!(region.get("startLine").is_none());
}

#[test]
fn bad_claims_files_stop_the_run_with_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let garbage = dir.path().join("garbage.parquet");
    std::fs::write(&garbage, b"not parquet at all").expect("write");
    let o = claimcheck(&["check", "--claims", garbage.to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read the claims file"),
        "{}",
        stderr(&o)
    );

    // The same article in two shards.
    let s = shards();
    let o = claimcheck(&["check", "--claims", &s.a, &s.a]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is in both"), "{}", stderr(&o));

    // A corpus and claims at once: which one?
    let o = claimcheck(&["check", "seeds", "--claims", &s.a]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
