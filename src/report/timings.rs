//! `--timings`: the time of every stage, printed on standard error after
//! the report (so a report on standard output stays clean).

use crate::timings::{Stage, Timings};
use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Duration;

/// The timings as a table: one line per stage, rules indented under
/// "rules", the largest rules first.
pub fn render(stages: &[Stage], total: Duration) -> String {
    let width = stages
        .iter()
        .map(|s| s.name.chars().count() + if s.nested { 2 } else { 0 })
        .chain(["total".len()])
        .max()
        .unwrap_or(5);
    let mut out = String::from("timings (wall clock):\n");
    let mut i = 0;
    while i < stages.len() {
        line(&mut out, &stages[i], width);
        // The rules' own times, slowest first.
        let mut j = i + 1;
        while j < stages.len() && stages[j].nested {
            j += 1;
        }
        let mut nested: Vec<&Stage> = stages[i + 1..j].iter().collect();
        nested.sort_by(|a, b| b.elapsed.cmp(&a.elapsed).then(a.name.cmp(&b.name)));
        for s in nested {
            line(&mut out, s, width);
        }
        i = j;
    }
    let peak = stages
        .iter()
        .filter_map(|s| s.peak)
        .max()
        .map(|b| format!("  peak {:>6} MB", b / 1_000_000))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  {:<width$}  {:>9.3} s{peak}",
        "total",
        total.as_secs_f64()
    );
    out
}

fn line(out: &mut String, s: &Stage, width: usize) {
    let name = if s.nested {
        format!("  {}", s.name)
    } else {
        s.name.clone()
    };
    // Each stage's own peak: which stage needs the memory.
    let peak = s
        .peak
        .map(|b| format!("  peak {:>6} MB", b / 1_000_000))
        .unwrap_or_default();
    let note = s
        .note
        .as_deref()
        .map(|n| format!("  {n}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  {name:<width$}  {:>9.3} s{peak}{note}",
        s.elapsed.as_secs_f64()
    );
}

/// A size in megabytes, as the timings show it.
pub fn megabytes(bytes: usize) -> String {
    if bytes < 100_000 {
        format!("{:.1} kB", bytes as f64 / 1e3)
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}

/// A throughput in MB/s.
pub fn rate(bytes: usize, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    if secs <= 0.0 {
        return String::new();
    }
    format!("{:.1} MB/s", bytes as f64 / 1e6 / secs)
}

/// Print the timings on standard error when they were asked for.
pub fn print(timings: &Timings) {
    if !timings.enabled() {
        return;
    }
    let (stages, total) = timings.stages();
    let _ = write!(std::io::stderr().lock(), "{}", render(&stages, total));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(name: &str, ms: u64, nested: bool) -> Stage {
        Stage {
            name: name.into(),
            elapsed: Duration::from_millis(ms),
            nested,
            note: None,
            peak: None,
        }
    }

    #[test]
    fn rules_are_listed_slowest_first_under_rules() {
        let mut read = stage("read", 120, false);
        read.note = Some("5 articles, 0.1 MB".into());
        let text = render(
            &[
                read,
                stage("rules", 40, false),
                stage("naming-variants", 5, true),
                stage("growth-mismatch", 30, true),
                stage("report", 1, false),
            ],
            Duration::from_millis(200),
        );
        assert_eq!(
            text,
            "timings (wall clock):
  read                   0.120 s  5 articles, 0.1 MB
  rules                  0.040 s
    growth-mismatch      0.030 s
    naming-variants      0.005 s
  report                 0.001 s
  total                  0.200 s
"
        );
    }

    #[test]
    fn the_peak_memory_of_a_stage_is_shown_in_megabytes() {
        let mut read = stage("read", 120, false);
        read.peak = Some(377_400_000);
        let text = render(&[read], Duration::from_millis(200));
        assert_eq!(
            text,
            "timings (wall clock):
  read       0.120 s  peak    377 MB
  total      0.200 s  peak    377 MB
"
        );
    }
}
