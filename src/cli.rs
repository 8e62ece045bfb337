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
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract the claims and check them against the rules (the default).
    Check(CheckArgs),
    /// Extract the claims and write the claims frame.
    Claims(ClaimsArgs),
    /// List, explain and test the rules.
    Rules(RulesArgs),
    /// Record or prune accepted findings (claimcheck.baseline.yaml).
    Baseline(BaselineArgs),
}

#[derive(Debug, Args)]
pub struct BaselineArgs {
    #[command(subcommand)]
    pub command: BaselineCommand,
}

#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Record the current findings as accepted (keeps reasons already given).
    Write(BaselineFileArgs),
    /// Remove accepted findings that no longer occur.
    Prune(BaselineFileArgs),
}

#[derive(Debug, Args)]
pub struct BaselineFileArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,

    /// The baseline file.
    #[arg(long, default_value = crate::baseline::DEFAULT_FILE)]
    pub baseline: PathBuf,
}

/// Which corpus and which rules.
#[derive(Debug, Clone, Args)]
pub struct CorpusArgs {
    /// Articles or folders of articles (.txt, .md) [default: seeds]
    pub paths: Vec<PathBuf>,

    /// The rules folder; its metrics.yaml is the metric lexicon.
    #[arg(long, default_value = "rules")]
    pub rules: PathBuf,

    /// Relative slack for "about", "nearly" and the like.
    #[arg(long, default_value_t = crate::interval::DEFAULT_APPROX)]
    pub approx: f64,

    /// Print the time of every stage (read, extract, frame, each rule,
    /// report) on standard error after the report.
    #[arg(long)]
    pub timings: bool,

    /// The claims cache: articles unchanged since the last run are not
    /// extracted again.
    #[arg(long, value_name = "DIR", default_value = crate::cache::DEFAULT_DIR)]
    pub cache: PathBuf,

    /// Extract every article; read and write no cache.
    #[arg(long)]
    pub no_cache: bool,
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

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub corpus: CorpusArgs,

    /// Report format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,

    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Findings accepted in this baseline are reported but never fail the run.
    #[arg(long)]
    pub baseline: Option<PathBuf>,

    /// Report only findings that touch these articles (the whole corpus is
    /// still checked: cross-source rules need it).
    #[arg(long, num_args = 1.., conflicts_with = "since")]
    pub changed: Vec<PathBuf>,

    /// Report only findings that touch articles changed since this git revision.
    #[arg(long)]
    pub since: Option<String>,

    /// Check claims extracted earlier (`claimcheck claims --format parquet`)
    /// instead of reading a corpus; several files (shards) are checked as
    /// one corpus. Findings then have byte offsets but no line, column or
    /// source text, and rules that read the text skip that part.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with = "paths")]
    pub claims: Vec<PathBuf>,
}

/// Also the `format` of `claimcheck.yaml` (same names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckFormat {
    /// Diagnostics with the article text, then a summary.
    Human,
    /// One versioned JSON document.
    Json,
    /// One line per finding: path:line:col: severity[rule] message.
    Concise,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// A summary table and a section per finding, for pull requests.
    Markdown,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// One self-contained HTML page for review: articles with their claims
    /// highlighted, the findings and the rules.
    Html,
}

/// Also the `fail_on` of `claimcheck.yaml` (same names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
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

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,

    /// The rules folder.
    #[arg(long, default_value = "rules", global = true)]
    pub rules: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// The catalogue of rules.
    List,
    /// A rule's or a kind's documentation.
    Explain {
        /// A rule id (e.g. growth-mismatch) or a kind (e.g. growth).
        id: String,
    },
    /// Run every rule's inline tests.
    Test,
}
