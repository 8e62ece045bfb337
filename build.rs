//! Build script: a fingerprint of the sources, so the claims cache
//! (`src/cache.rs`) never serves claims that another build of claimcheck
//! extracted. The package version alone does not change while the extractor
//! is being developed; this does, with every edit under `src/` and every
//! change of a dependency's version (`Cargo.lock`).

use std::fs;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// FNV-1a, 64 bits: enough to tell two builds apart, and no dependency.
fn fnv1a(hash: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *hash ^= u64::from(*b);
        *hash = hash.wrapping_mul(0x100000001b3);
    }
}

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut paths = Vec::new();
    files(Path::new("src"), &mut paths);
    paths.push(PathBuf::from("Cargo.lock"));
    paths.sort();
    let mut hash: u64 = 0xcbf29ce484222325;
    for path in &paths {
        let Ok(bytes) = fs::read(path) else {
            continue;
        };
        fnv1a(
            &mut hash,
            path.to_string_lossy().replace('\\', "/").as_bytes(),
        );
        fnv1a(&mut hash, &[0]);
        fnv1a(&mut hash, &bytes);
        fnv1a(&mut hash, &[0]);
    }
    println!("cargo:rustc-env=CLAIMCHECK_SOURCE_HASH={hash:016x}");
}
