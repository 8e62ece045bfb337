//! Reading one article file into text, rejecting what cannot be an article.

use std::path::Path;
use std::sync::OnceLock;

use miette::SourceSpan;

use super::error::{named_source, ArticleError};
use super::lines::line_number;

/// Reads in flight at once. A file read mostly waits for the disk, and a
/// disk (an SSD, a virtual disk) serves many requests at once far faster
/// than two: reading 100,000 uncached articles took 9.1 s with 2 readers
/// and 4.8 s with 16 (`xargs -P N cat`, 2 cores).
const READERS: usize = 16;

/// Run `work` (parallel reads of many files) on a pool of [`READERS`]
/// threads rather than one per core; on the usual pool if that one cannot
/// be made.
pub fn with_readers<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(READERS)
            .thread_name(|i| format!("reader-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// Read the article at `path` and return its full, unmodified text.
pub fn read(path: &Path) -> Result<String, ArticleError> {
    let bytes = std::fs::read(path).map_err(|source| ArticleError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    decode(path, bytes)
}

/// Check the bytes of an article (binary, UTF-8, empty) and turn them into text.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, ArticleError> {
    // NUL first: UTF-16 and binary files would otherwise be reported as bad UTF-8.
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ArticleError::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    let text = String::from_utf8(bytes).map_err(|err| not_utf8(path, err))?;
    if text.trim().is_empty() {
        return Err(ArticleError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(text)
}

fn not_utf8(path: &Path, err: std::string::FromUtf8Error) -> ArticleError {
    let offset = err.utf8_error().valid_up_to();
    // The lossy text is identical up to `offset`, where U+FFFD stands for the bad byte(s).
    let lossy = String::from_utf8_lossy(err.as_bytes()).into_owned();
    ArticleError::NotUtf8 {
        path: path.to_path_buf(),
        line: line_number(&lossy, offset),
        offset,
        span: SourceSpan::new(offset.into(), char::REPLACEMENT_CHARACTER.len_utf8()),
        src: named_source(path, lossy),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_bytes(bytes: &[u8]) -> Result<String, ArticleError> {
        decode(Path::new("a.txt"), bytes.to_vec())
    }

    #[test]
    fn accepts_utf8_text_unmodified() {
        let text = "Title\r\n\nBody – 5 percent.\n";
        assert_eq!(decode_bytes(text.as_bytes()).unwrap(), text);
    }

    #[test]
    fn rejects_empty_and_whitespace_only() {
        for bytes in [&b""[..], b"  \n\t\r\n"] {
            assert!(matches!(
                decode_bytes(bytes),
                Err(ArticleError::Empty { .. })
            ));
        }
    }

    #[test]
    fn rejects_nul_as_binary_with_its_offset() {
        let err = decode_bytes(b"PK\x03\x04\x00\x01").unwrap_err();
        assert!(matches!(err, ArticleError::Binary { offset: 4, .. }));
        assert!(err.to_string().contains("a.txt"));
    }

    #[test]
    fn reports_utf16_as_binary() {
        let utf16: Vec<u8> = "Hi".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(matches!(
            decode_bytes(&utf16),
            Err(ArticleError::Binary { offset: 1, .. })
        ));
    }

    #[test]
    fn rejects_bad_utf8_naming_line_and_offset() {
        let err = decode_bytes(b"Title\n\ncaf\xe9 au lait\n").unwrap_err();
        match &err {
            ArticleError::NotUtf8 {
                line, offset, span, ..
            } => {
                assert_eq!((*line, *offset), (3, 10));
                assert_eq!(span.offset(), 10);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(
            err.to_string(),
            "a.txt: not valid UTF-8 at line 3 (byte 10)"
        );
    }

    #[test]
    fn reports_a_missing_file_as_unreadable() {
        let err = read(Path::new("/nonexistent/claimcheck/a.txt")).unwrap_err();
        assert!(matches!(err, ArticleError::Unreadable { .. }));
    }
}
