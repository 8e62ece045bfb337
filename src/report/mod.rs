//! Reports: the only module that writes output. Renderers turn data into
//! bytes; `emit` sends them to standard output or, atomically, to a file.

pub mod claims;
pub mod concise;
pub mod diagnostics;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod markdown;
pub mod progress;
pub mod rules;
pub mod sarif;
pub mod timings;

use std::io::Write;
use std::path::Path;

/// The path users see for an article id (the id itself when unknown).
pub fn path_of<'a>(
    paths: &'a std::collections::HashMap<String, String>,
    article: &'a str,
) -> &'a str {
    paths.get(article).map_or(article, String::as_str)
}

/// For `skip_serializing_if`: a field that is written only when false
/// (`source_text`), so reports of the usual kind keep their shape.
pub fn is_true(b: &bool) -> bool {
    *b
}

/// What every report says when its findings come from extracted claims
/// without the articles' text (`check --claims`).
pub const NO_SOURCE_TEXT: &str = "findings from extracted claims (check --claims), without the articles' text: spans are byte offsets, with no line, column or snippet; rules that read the text skipped that part";

/// Write rendered output to `path` (atomically) or to standard output.
pub fn emit(bytes: &[u8], path: Option<&Path>) -> std::io::Result<()> {
    match path {
        Some(p) => crate::output::write_atomic(p, bytes),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()
        }
    }
}
