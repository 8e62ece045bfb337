//! The application layer: runs a parsed command line and says how it ended.

use crate::claim::Claim;
use crate::cli::{ClaimsArgs, ClaimsFormat, Cli, Command, CorpusArgs};
use crate::corpus::{self, Corpus};
use crate::extract::{self, lexicon::Lexicon, Settings};
use crate::report;
use miette::{miette, IntoDiagnostic, Result};
use std::io::IsTerminal;

/// How a run ended, mapped to the exit code by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above the failure threshold.
    Clean,
    /// Findings at or above the failure threshold.
    Findings,
}

/// The extracted corpus: what every command starts from.
pub struct Extracted {
    pub corpus: Corpus,
    pub lexicon: Lexicon,
    pub claims: Vec<Claim>,
}

/// Load the lexicon and the corpus, report bad articles, extract.
pub fn extract_corpus(args: &CorpusArgs) -> Result<Extracted> {
    if !(0.0..1.0).contains(&args.approx) {
        return Err(miette!(
            code = "claimcheck::cli::approx",
            help = "give a fraction such as 0.05 for 5 %",
            "--approx must be at least 0 and below 1, not {}",
            args.approx
        ));
    }
    let lexicon = Lexicon::load(&args.rules.join("metrics.yaml"))?;
    let corpus = corpus::load(&args.corpus_paths())?;
    report::diagnostics::print_all(corpus.problems.iter().map(|p| p as &dyn miette::Diagnostic));
    for s in &corpus.skipped {
        report::diagnostics::note(&format!("skipped {}: {}", s.path.display(), s.reason));
    }
    let settings = Settings {
        approx: args.approx,
    };
    let claims = extract::extract_all(&corpus.articles, &lexicon, &settings);
    Ok(Extracted {
        corpus,
        lexicon,
        claims,
    })
}

/// Run the command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        None => check(&cli.corpus),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Claims(args)) => claims(&args),
    }
}

/// `claimcheck check`: until the rule engine lands, it shows what was
/// extracted, so a corpus can be reviewed.
fn check(args: &CorpusArgs) -> Result<Outcome> {
    let x = extract_corpus(args)?;
    let mut out = report::claims::table(&x.claims);
    out.push_str(&format!(
        "{} articles, {} claims, {} unreadable\n",
        x.corpus.articles.len(),
        x.claims.len(),
        x.corpus.problems.len()
    ));
    report::emit(out.as_bytes(), None).into_diagnostic()?;
    Ok(Outcome::Clean)
}

/// `claimcheck claims`: write the claims frame.
fn claims(args: &ClaimsArgs) -> Result<Outcome> {
    if args.format == ClaimsFormat::Parquet
        && args.output.is_none()
        && std::io::stdout().is_terminal()
    {
        return Err(miette!(
            code = "claimcheck::cli::binary_to_terminal",
            help = "add --output claims.parquet, or redirect standard output to a file",
            "parquet is a binary format and standard output is a terminal"
        ));
    }
    let x = extract_corpus(&args.corpus)?;
    let bytes = report::claims::render(&x.claims, args.format).map_err(|e| {
        miette!(
            code = "claimcheck::frame",
            "cannot build the claims frame: {e}"
        )
    })?;
    report::emit(&bytes, args.output.as_deref())
        .map_err(|e| miette!(code = "claimcheck::output", "cannot write the output: {e}"))?;
    Ok(Outcome::Clean)
}
