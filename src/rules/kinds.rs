//! The table of rule kinds: one row per kind, pointing at its file.

use crate::rules::{
    agreement, bound, compound, conversion, enumeration, growth, multiple, naming, points, share,
    sql, streak, sum, timeline, Check,
};
use serde::de::DeserializeOwned;
use std::path::Path;

/// What a kind's builder may look at besides its parameters.
pub struct BuildContext<'a> {
    /// The rules folder (data files live under `data/`).
    pub dir: &'a Path,
}

/// A parameter a kind rejected: the key to point at and what is wrong.
#[derive(Debug)]
pub struct BuildError {
    pub key: String,
    pub message: String,
    pub help: Option<String>,
}

impl BuildError {
    pub fn new(key: &str, message: impl Into<String>) -> Self {
        BuildError {
            key: key.to_string(),
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

pub type Build = fn(&serde_yaml::Mapping, &BuildContext<'_>) -> Result<Box<dyn Check>, BuildError>;

/// One rule kind.
pub struct KindInfo {
    pub name: &'static str,
    /// One line: what it checks.
    pub summary: &'static str,
    /// The documentation `claimcheck rules explain KIND` prints (markdown).
    pub doc: &'static str,
    pub build: Build,
}

/// Every kind. Adding a kind: its file under `src/rules/`, and a row here.
pub const KINDS: &[&KindInfo] = &[
    &growth::KIND,
    &multiple::KIND,
    &points::KIND,
    &compound::KIND,
    &share::KIND,
    &sum::KIND,
    &bound::KIND,
    &agreement::KIND,
    &conversion::KIND,
    &timeline::KIND,
    &streak::KIND,
    &enumeration::KIND,
    &naming::KIND,
    &sql::KIND,
];

pub fn find(name: &str) -> Option<&'static KindInfo> {
    KINDS.iter().copied().find(|k| k.name == name)
}

pub fn names() -> Vec<&'static str> {
    KINDS.iter().map(|k| k.name).collect()
}

/// Deserialize a kind's parameters (the keys besides the common ones),
/// rejecting unknown keys.
pub fn params<T: DeserializeOwned>(m: &serde_yaml::Mapping) -> Result<T, BuildError> {
    serde_yaml::from_value(serde_yaml::Value::Mapping(m.clone())).map_err(|e| {
        let msg = e.to_string();
        let key = msg.split('`').nth(1).unwrap_or("").to_string();
        BuildError::new(&key, msg)
    })
}

/// Parameters of kinds that take none.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoParams {}
