//! Command-line definitions (clap).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Check the numbers in a corpus of news articles.
#[derive(Debug, Parser)]
#[command(name = "claimcheck", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub corpus: CorpusArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract the claims and check them (the default).
    Check(CorpusArgs),
    /// Extract the claims and write the claims frame.
    Claims(ClaimsArgs),
}

/// Which corpus and which rules.
#[derive(Debug, Clone, Args)]
pub struct CorpusArgs {
    /// Articles or folders of articles (.txt, .md) [default: seeds]
    pub paths: Vec<PathBuf>,

    /// The rules folder; its metrics.yaml is the metric lexicon.
    #[arg(long, default_value = "rules", global = true)]
    pub rules: PathBuf,

    /// Relative slack for "about", "nearly" and the like.
    #[arg(long, default_value_t = crate::interval::DEFAULT_APPROX, global = true)]
    pub approx: f64,
}

impl CorpusArgs {
    /// The corpus paths, defaulting to `seeds/`.
    pub fn corpus_paths(&self) -> Vec<PathBuf> {
        if self.paths.is_empty() {
            vec![PathBuf::from("seeds")]
        } else {
            self.paths.clone()
        }
    }
}

#[derive(Debug, Args)]
pub struct ClaimsArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ClaimsFormat::Table)]
    pub format: ClaimsFormat,

    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClaimsFormat {
    /// An aligned table for the terminal.
    Table,
    Csv,
    Json,
    /// Apache Parquet (binary: needs --output or a redirect).
    Parquet,
}
