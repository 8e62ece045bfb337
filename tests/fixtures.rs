//! Each rule kind on a small fixture corpus: the clean version passes, the
//! flawed one is flagged by a rule of that kind. Fixtures live in
//! tests/fixtures/<kind>/{clean,flawed}/ and run with the shipped rules.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn findings_of_kind(corpus: &Path, kind: &str) -> Vec<serde_json::Value> {
    let o = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["check", "--format", "json", "--fail-on", "never", "--rules"])
        .arg(root().join("rules"))
        .arg(corpus)
        .output()
        .expect("the binary runs");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    doc["findings"]
        .as_array()
        .map(|f| f.iter().filter(|f| f["kind"] == kind).cloned().collect())
        .unwrap_or_default()
}

#[test]
fn every_kind_has_a_clean_and_a_flawed_fixture() {
    for kind in claimcheck::rules::kinds::names() {
        let dir = root().join("tests/fixtures").join(kind);
        assert!(dir.join("clean").is_dir(), "no clean fixture for {kind}");
        assert!(dir.join("flawed").is_dir(), "no flawed fixture for {kind}");
        let clean = findings_of_kind(&dir.join("clean"), kind);
        assert!(
            clean.is_empty(),
            "{kind}: the clean fixture was flagged: {clean:#?}"
        );
        let flawed = findings_of_kind(&dir.join("flawed"), kind);
        assert!(
            !flawed.is_empty(),
            "{kind}: the flawed fixture was not flagged"
        );
    }
}
