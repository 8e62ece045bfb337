//! Helpers the integration tests share: the repository root and the binary,
//! run as users run it.

// Each test crate uses its own subset of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run `claimcheck args` in `dir`, without colours.
pub fn claimcheck(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A temporary folder with `corpus/` (a copy of the seeds) and `rules/` (a
/// copy of the rules): claimcheck's cache (`.claimcheck/cache` under the
/// folder it runs in) then never touches the repository.
pub fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (from, to) in [("seeds", "corpus"), ("rules", "rules")] {
        copy_dir(&root().join(from), &dir.path().join(to));
    }
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy");
        }
    }
}

/// `check corpus --rules rules --format json --fail-on never --timings`
/// plus `extra` in `dir` (a [`workspace`]); it must succeed.
pub fn check_json(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "check",
        "corpus",
        "--rules",
        "rules",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--timings",
    ];
    args.extend_from_slice(extra);
    let o = claimcheck(&args, dir);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    o
}
