//! `claimcheck.yaml`: project settings at the repository root, so that CI
//! needs only `claimcheck`. Flags given on the command line win.

use crate::cli::{CheckFormat, Cli, Command, FailOn};
use crate::yaml::{YamlError, YamlSource};
use clap::parser::ValueSource;
use clap::ArgMatches;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The config file's name, looked up in the current directory.
pub const FILE: &str = "claimcheck.yaml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Corpus paths.
    #[serde(default)]
    pub paths: Vec<PathBuf>,
    /// The rules folder.
    pub rules: Option<PathBuf>,
    pub fail_on: Option<FailOn>,
    pub baseline: Option<PathBuf>,
    pub format: Option<CheckFormat>,
}

impl Config {
    /// The config in `dir`, if there is one.
    pub fn find(dir: &Path) -> Result<Option<Config>, YamlError> {
        let path = dir.join(FILE);
        if !path.is_file() {
            return Ok(None);
        }
        let src = YamlSource::read(&path)?;
        Ok(Some(src.parse::<Option<Config>>()?.unwrap_or_default()))
    }

    /// Fill in what the command line left at its defaults.
    pub fn apply(&self, cli: &mut Cli, matches: &ArgMatches) {
        let (sub, m) = match matches.subcommand() {
            Some((name, m)) => (Some(name), m),
            None => (None, matches),
        };
        let unset = |m: &ArgMatches, id: &str| {
            m.value_source(id)
                .is_none_or(|s| s != ValueSource::CommandLine)
        };
        let corpus = match (&mut cli.command, sub) {
            (None, _) => Some(&mut cli.check.corpus),
            (Some(Command::Check(a)), _) => Some(&mut a.corpus),
            (Some(Command::Claims(a)), _) => Some(&mut a.corpus),
            (Some(Command::Baseline(_)), _) | (Some(Command::Rules(_)), _) => None,
        };
        if let Some(corpus) = corpus {
            if unset(m, "paths") && !self.paths.is_empty() {
                corpus.paths = self.paths.clone();
            }
            if let (true, Some(r)) = (unset(m, "rules"), &self.rules) {
                corpus.rules = r.clone();
            }
        }
        if let Some(Command::Rules(a)) = &mut cli.command {
            if let (true, Some(r)) = (unset(m, "rules"), &self.rules) {
                a.rules = r.clone();
            }
        }
        if let Some(Command::Baseline(b)) = &mut cli.command {
            let (crate::cli::BaselineCommand::Write(a) | crate::cli::BaselineCommand::Prune(a)) =
                &mut b.command;
            let m = m.subcommand().map_or(m, |(_, m)| m);
            if unset(m, "paths") && !self.paths.is_empty() {
                a.corpus.paths = self.paths.clone();
            }
            if let (true, Some(r)) = (unset(m, "rules"), &self.rules) {
                a.corpus.rules = r.clone();
            }
            if let (true, Some(p)) = (unset(m, "baseline"), &self.baseline) {
                a.baseline = p.clone();
            }
        }
        let check = match &mut cli.command {
            None => Some(&mut cli.check),
            Some(Command::Check(a)) => Some(a),
            _ => None,
        };
        if let Some(check) = check {
            if let (true, Some(f)) = (unset(m, "fail_on"), self.fail_on) {
                check.fail_on = f;
            }
            if let (true, Some(f)) = (unset(m, "format"), self.format) {
                check.format = f;
            }
            if unset(m, "baseline") && check.baseline.is_none() {
                check.baseline = self.baseline.clone();
            }
        }
    }
}
