//! Diagnostics about the corpus (bad articles, skipped files) on standard
//! error, rendered by miette.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use std::io::{IsTerminal, Write};

/// Render a diagnostic as text: colours only on a terminal.
pub fn render(d: &dyn Diagnostic, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut s = String::new();
    let _ = GraphicalReportHandler::new_themed(theme).render_report(&mut s, d);
    s
}

/// Print diagnostics to standard error.
pub fn print_all<'a>(ds: impl IntoIterator<Item = &'a dyn Diagnostic>) {
    let color = std::io::stderr().is_terminal();
    let mut err = std::io::stderr().lock();
    for d in ds {
        let _ = write!(err, "{}", render(d, color));
    }
}

/// Print a one-line note to standard error.
pub fn note(msg: &str) {
    let _ = writeln!(std::io::stderr().lock(), "note: {msg}");
}
