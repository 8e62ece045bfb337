//! The two error types of the corpus: fatal ones that stop the run
//! ([`CorpusError`]) and per-article ones that are reported while the other
//! articles are still checked ([`ArticleError`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

/// The corpus as a whole cannot be loaded.
#[derive(Debug, Error, Diagnostic)]
pub enum CorpusError {
    #[error("{}: no such file or directory", path.display())]
    #[diagnostic(
        code(claimcheck::corpus::not_found),
        help("give a directory of .txt/.md articles, or article files")
    )]
    NotFound { path: PathBuf },

    #[error("{}: cannot list the corpus", path.display())]
    #[diagnostic(
        code(claimcheck::corpus::unlistable),
        help("check the permissions of the directory and that no symbolic link loops")
    )]
    Walk {
        path: PathBuf,
        #[source]
        source: Box<ignore::Error>,
    },

    #[error("{}: cannot read the manifest", path.display())]
    #[diagnostic(
        code(claimcheck::corpus::manifest_unreadable),
        help("check that corpus.yaml is a readable UTF-8 file")
    )]
    ManifestUnreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{}: the manifest does not parse: {message}", path.display())]
    #[diagnostic(
        code(claimcheck::corpus::manifest),
        help("corpus.yaml maps a file name to its metadata, e.g. `001.txt: {{title: …, date: 2023-03-10, source: …, url: …}}`; only those four keys are allowed")
    )]
    Manifest {
        path: PathBuf,
        message: String,
        #[source_code]
        src: Arc<NamedSource<String>>,
        #[label("here")]
        span: Option<SourceSpan>,
    },
}

/// One article cannot be used; the others are still checked.
#[derive(Debug, Error, Diagnostic)]
pub enum ArticleError {
    #[error("{}: cannot read the article", path.display())]
    #[diagnostic(
        code(claimcheck::corpus::unreadable),
        help("check that the file exists and is readable")
    )]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{}: the article is empty", path.display())]
    #[diagnostic(
        code(claimcheck::corpus::empty),
        help("add the article text or remove the file from the corpus")
    )]
    Empty { path: PathBuf },

    #[error("{}: binary file (NUL byte at byte {offset})", path.display())]
    #[diagnostic(
        code(claimcheck::corpus::binary),
        help("articles must be plain UTF-8 text; remove the file from the corpus or convert it (UTF-16 text also contains NUL bytes)")
    )]
    Binary { path: PathBuf, offset: usize },

    #[error("{}: not valid UTF-8 at line {line} (byte {offset})", path.display())]
    #[diagnostic(
        code(claimcheck::corpus::not_utf8),
        help("re-encode the file as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`")
    )]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        offset: usize,
        #[source_code]
        src: Arc<NamedSource<String>>,
        #[label("invalid UTF-8 here")]
        span: SourceSpan,
    },

    #[error("{}: the article changed while claimcheck was checking it", path.display())]
    #[diagnostic(
        code(claimcheck::corpus::changed),
        help(
            "its findings may be out of date: run claimcheck again once the corpus is left alone"
        )
    )]
    Changed { path: PathBuf },

    #[error("{}: the front matter does not parse: {message}", path.display())]
    #[diagnostic(
        code(claimcheck::corpus::front_matter),
        help("front matter is YAML between two `---` lines with only the keys title, date (YYYY-MM-DD), source and url")
    )]
    FrontMatter {
        path: PathBuf,
        message: String,
        #[source_code]
        src: Arc<NamedSource<String>>,
        #[label("here")]
        span: Option<SourceSpan>,
    },

    #[error("{}: the front matter is not closed", path.display())]
    #[diagnostic(
        code(claimcheck::corpus::front_matter_unclosed),
        help("end the front matter with a line `---`, or remove the opening `---`")
    )]
    FrontMatterUnclosed {
        path: PathBuf,
        #[source_code]
        src: Arc<NamedSource<String>>,
        #[label("opened here")]
        span: SourceSpan,
    },
}

impl ArticleError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            Self::Unreadable { path, .. }
            | Self::Empty { path }
            | Self::Changed { path }
            | Self::Binary { path, .. }
            | Self::NotUtf8 { path, .. }
            | Self::FrontMatter { path, .. }
            | Self::FrontMatterUnclosed { path, .. } => path,
        }
    }
}

/// A named source for a diagnostic about `path`.
pub(crate) fn named_source(path: &Path, text: String) -> Arc<NamedSource<String>> {
    Arc::new(NamedSource::new(path.display().to_string(), text))
}

/// The span of a YAML error inside `text`, where the YAML starts at byte `yaml_start`.
pub(crate) fn yaml_error_span(
    text: &str,
    yaml_start: usize,
    err: &serde_yaml::Error,
) -> Option<SourceSpan> {
    // The location's index is a byte offset into the YAML (its column counts characters).
    let offset = yaml_start + err.location()?.index();
    let len = text
        .get(offset..)?
        .chars()
        .next()
        .filter(|c| *c != '\n')
        .map_or(0, char::len_utf8);
    Some(SourceSpan::new(offset.into(), len))
}

/// The serde message without serde_yaml's " at line L column C" suffix (the label shows it).
pub(crate) fn yaml_message(err: &serde_yaml::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}
