//! A progress bar on standard error for long runs: only on a terminal,
//! never in CI logs or piped output.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Articles below which a run is quick enough to need no bar.
pub const MIN_ARTICLES: usize = 2000;

/// A bar for `len` articles, or a hidden one when it would only be noise.
pub fn articles(len: usize) -> ProgressBar {
    let in_ci = std::env::var_os("CI").is_some();
    if len < MIN_ARTICLES || in_ci || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} extracting {pos}/{len} articles {wide_bar} {eta}")
    {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_bar_for_small_runs_or_without_a_terminal() {
        assert!(super::articles(10).is_hidden());
        // Test output is captured, never a terminal.
        assert!(super::articles(1_000_000).is_hidden());
    }
}
