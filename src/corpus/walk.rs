//! Finding the article files under the corpus roots.

use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use super::error::CorpusError;
use super::index::Stamp;
use super::Skipped;

/// File name of the optional manifest in a corpus root.
pub const MANIFEST: &str = "corpus.yaml";

/// Why a file that is not an article was skipped.
pub const NOT_AN_ARTICLE: &str = "not .txt or .md";

/// An article file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkedFile {
    /// Path relative to its root with `/` separators; the file name for a file given directly.
    pub id: String,
    /// The path to open.
    pub path: PathBuf,
    /// The manifest of its root (or, for a file given directly, of its directory), if any.
    pub manifest: Option<std::sync::Arc<Path>>,
    /// What the file looked like when walked (None when it cannot be
    /// stat'ed: reading it will say why).
    pub stamp: Option<Stamp>,
}

/// Everything found under the roots, in a stable order.
#[derive(Debug, Default)]
pub struct Walked {
    /// Articles sorted by id (then path).
    pub files: Vec<WalkedFile>,
    /// Files that are not articles, sorted by path.
    pub skipped: Vec<Skipped>,
}

/// Walk every root (a file or a directory, recursively) and sort what was found.
pub fn walk(roots: &[PathBuf]) -> Result<Walked, CorpusError> {
    let mut walked = Walked::default();
    let mut seen = HashSet::new();
    for root in roots {
        let metadata = std::fs::metadata(root).map_err(|err| root_error(root, err))?;
        let found = if metadata.is_dir() {
            walk_dir(root)?
        } else {
            vec![direct_file(root)]
        };
        // Stat in parallel: for an uncached corpus each stat waits on the disk.
        let stats: Vec<Option<std::fs::Metadata>> = super::read::with_readers(|| {
            found
                .par_iter()
                .map(|(_, path)| std::fs::metadata(path).ok())
                .collect()
        });
        // One manifest per root: looked up once, not once per file (a
        // stat each, a third of the walk), and shared by its files.
        let manifest: Option<std::sync::Arc<Path>> = manifest_for(root, &metadata).map(Into::into);
        walked.files.reserve(found.len());
        seen.reserve(found.len());
        for ((id, path), file) in found.into_iter().zip(stats) {
            // The same file may be reached from two roots (or twice from one
            // via links): the same device and inode, or the same real path.
            let identity = match file.as_ref().and_then(Stamp::identity) {
                Some(id) => Identity::Inode(id),
                None => {
                    Identity::Path(std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone()))
                }
            };
            if !seen.insert(identity) {
                continue;
            }
            if is_article(&path) {
                let stamp = file.as_ref().map(Stamp::of);
                walked.files.push(WalkedFile {
                    id,
                    path,
                    manifest: manifest.clone(),
                    stamp,
                });
            } else {
                walked.skipped.push(Skipped {
                    path,
                    reason: NOT_AN_ARTICLE.to_string(),
                });
            }
        }
    }
    walked
        .files
        .sort_by(|a, b| (&a.id, &a.path).cmp(&(&b.id, &b.path)));
    walked.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(walked)
}

/// What makes a file the same file.
#[derive(PartialEq, Eq, Hash)]
enum Identity {
    Inode((u64, u64)),
    Path(PathBuf),
}

fn root_error(root: &Path, err: std::io::Error) -> CorpusError {
    if err.kind() == std::io::ErrorKind::NotFound {
        CorpusError::NotFound {
            path: root.to_path_buf(),
        }
    } else {
        CorpusError::Walk {
            path: root.to_path_buf(),
            source: Box::new(err.into()),
        }
    }
}

/// `(id, path)` of every file under `root`, except the root manifest and hidden entries.
fn walk_dir(root: &Path) -> Result<Vec<(String, PathBuf)>, CorpusError> {
    let walker = ignore::WalkBuilder::new(root)
        // Articles are data, not source: .gitignore and friends must not hide them.
        .standard_filters(false)
        .follow_links(true)
        // Hidden entries (.git, .DS_Store, editor files) are never articles.
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()))
        .build();
    let mut found = Vec::new();
    for entry in walker {
        let entry = entry.map_err(|err| CorpusError::Walk {
            path: root.to_path_buf(),
            source: Box::new(err),
        })?;
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let id = relative_id(root, entry.path());
        if id != MANIFEST {
            found.push((id, entry.into_path()));
        }
    }
    Ok(found)
}

fn direct_file(path: &Path) -> (String, PathBuf) {
    let id = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    (id, path.to_path_buf())
}

/// The manifest that applies to files found under `root`.
fn manifest_for(root: &Path, metadata: &std::fs::Metadata) -> Option<PathBuf> {
    let dir = if metadata.is_dir() {
        root
    } else {
        root.parent()?
    };
    let manifest = dir.join(MANIFEST);
    manifest.is_file().then_some(manifest)
}

fn relative_id(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn is_article(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| e == "txt" || e == "md")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn corpus() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/deep")).unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        for name in ["z.txt", "a.md", "b/deep/c.TXT", "b/data.csv", "corpus.yaml"] {
            fs::write(root.join(name), "x").unwrap();
        }
        fs::write(root.join(".git/HEAD.txt"), "x").unwrap();
        fs::write(root.join(".hidden.txt"), "x").unwrap();
        dir
    }

    fn ids(walked: &Walked) -> Vec<&str> {
        walked.files.iter().map(|f| f.id.as_str()).collect()
    }

    #[test]
    fn walks_recursively_in_id_order_and_skips_others() {
        let dir = corpus();
        let walked = walk(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(ids(&walked), ["a.md", "b/deep/c.TXT", "z.txt"]);
        assert_eq!(walked.skipped.len(), 1);
        assert!(walked.skipped[0].path.ends_with("b/data.csv"));
        assert_eq!(walked.skipped[0].reason, NOT_AN_ARTICLE);
        let manifest = dir.path().join(MANIFEST);
        assert!(walked
            .files
            .iter()
            .all(|f| f.manifest.as_deref() == Some(manifest.as_path())));
    }

    #[test]
    fn a_file_given_directly_has_its_name_as_id() {
        let dir = corpus();
        let walked = walk(&[dir.path().join("b/deep/c.TXT")]).unwrap();
        assert_eq!(ids(&walked), ["c.TXT"]);
        assert_eq!(walked.files[0].manifest, None);
        let walked = walk(&[dir.path().join("z.txt")]).unwrap();
        assert_eq!(
            walked.files[0].manifest.as_deref(),
            Some(dir.path().join(MANIFEST).as_path())
        );
    }

    #[test]
    fn a_file_reached_twice_is_listed_once() {
        let dir = corpus();
        let roots = [dir.path().join("z.txt"), dir.path().to_path_buf()];
        let walked = walk(&roots).unwrap();
        assert_eq!(ids(&walked), ["a.md", "b/deep/c.TXT", "z.txt"]);
    }

    #[test]
    fn a_missing_root_is_fatal() {
        let err = walk(&[PathBuf::from("/nonexistent/claimcheck")]).unwrap_err();
        assert!(matches!(err, CorpusError::NotFound { .. }));
        assert!(err.to_string().contains("/nonexistent/claimcheck"));
    }
}
