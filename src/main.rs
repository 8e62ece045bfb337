//! Parse flags, run the app, map the outcome to an exit code; nothing else.

use claimcheck::app::{self, Outcome};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = claimcheck::cli::Cli::parse();
    match app::run(cli) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}
