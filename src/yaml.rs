//! Loading YAML files that users write (the metric lexicon, rules) with
//! diagnostics that point at the offending line.

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::de::DeserializeOwned;
use std::path::Path;
use thiserror::Error;

/// A YAML file that users edit failed to load.
#[derive(Debug, Error, Diagnostic)]
pub enum YamlError {
    #[error("cannot read {path}")]
    #[diagnostic(
        code(claimcheck::yaml::read),
        help("check that the file exists and is readable")
    )]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    #[diagnostic(transparent)]
    Invalid(Box<InvalidYaml>),
}

/// A YAML file that parsed badly or says something invalid, with the line.
#[derive(Debug, Error, Diagnostic)]
#[error("{path}: {message}")]
#[diagnostic(code(claimcheck::yaml::invalid))]
pub struct InvalidYaml {
    pub path: String,
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

/// A YAML document kept with its name, so later validation can point into it.
pub struct YamlSource {
    pub path: String,
    pub text: String,
}

impl YamlSource {
    pub fn read(path: &Path) -> Result<Self, YamlError> {
        let text = std::fs::read_to_string(path).map_err(|source| YamlError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Ok(YamlSource {
            path: path.display().to_string(),
            text,
        })
    }

    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, YamlError> {
        serde_yaml::from_str(&self.text).map_err(|e| {
            let span = e.location().map(|l| self.line_span_at(l.index()));
            let message = e.to_string();
            // serde_yaml appends " at line N column M"; the label shows that.
            let short = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            self.error(span, short, "here", help_for(&message))
        })
    }

    /// An error about `needle`, labelled at its first occurrence at or after
    /// `from` (byte offset), or unlabelled when it cannot be found.
    pub fn error_at(
        &self,
        needle: &str,
        from: usize,
        message: String,
        label: &str,
        help: Option<String>,
    ) -> YamlError {
        let span = self
            .text
            .get(from..)
            .and_then(|t| t.find(needle))
            .map(|i| SourceSpan::from((from + i, needle.len().max(1))))
            // Not found (a missing key): point at the entry it is missing from.
            .or_else(|| (from > 0 || !self.text.is_empty()).then(|| self.line_span_at(from)));
        self.error(span, message, label, help)
    }

    /// An error about the entry starting at `from` as a whole (a key it
    /// lacks, say): labelled on its first line.
    pub fn error_at_entry(
        &self,
        from: usize,
        message: String,
        label: &str,
        help: Option<String>,
    ) -> YamlError {
        self.error(Some(self.line_span_at(from)), message, label, help)
    }

    pub fn error(
        &self,
        span: Option<SourceSpan>,
        message: String,
        label: &str,
        help: Option<String>,
    ) -> YamlError {
        YamlError::Invalid(Box::new(InvalidYaml {
            path: self.path.clone(),
            message,
            src: NamedSource::new(self.path.clone(), self.text.clone()),
            span,
            label: label.to_string(),
            help,
        }))
    }

    /// The span of the rest of the line that starts at or contains `index`.
    fn line_span_at(&self, index: usize) -> SourceSpan {
        let index = index.min(self.text.len());
        let end = self.text[index..]
            .find('\n')
            .map_or(self.text.len(), |i| index + i);
        SourceSpan::from((index, (end - index).max(1)))
    }
}

fn help_for(message: &str) -> Option<String> {
    if message.contains("unknown field") {
        Some("remove the key or fix its spelling; the expected keys are listed above".into())
    } else if message.contains("missing field") {
        Some("add the missing key".into())
    } else {
        Some("fix the YAML at the marked line".into())
    }
}
