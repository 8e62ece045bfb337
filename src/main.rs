//! Set up the allocator, parse flags, run the app, map the outcome to an
//! exit code; nothing else.

use claimcheck::app::{self, Outcome};
use claimcheck::cli::Cli;
use clap::{CommandFactory, FromArgMatches};
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: claimcheck::memory::Allocator = claimcheck::memory::Allocator {};

fn main() -> ExitCode {
    claimcheck::memory::keep_freed();
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match app::run(cli, &matches) {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}
