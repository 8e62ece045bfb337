//! Per-stage wall-clock times for `--timings`: what a run spent reading,
//! extracting, building the frame, in each rule and in the report.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One timed stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub name: String,
    pub elapsed: Duration,
    /// Nested under the previous top-level stage (each rule under "rules").
    pub nested: bool,
    /// What the stage handled, e.g. "12.3 MB" or "1,204 claims".
    pub note: Option<String>,
    /// The process's peak resident memory when the stage ended, in bytes
    /// (Linux only). Under --timings rules run one at a time, so a rule
    /// whose peak is above the previous one's is the one that raised it.
    pub peak: Option<u64>,
}

/// The stages of a run, in the order they ended. Cheap when disabled.
#[derive(Debug, Default)]
pub struct Timings {
    enabled: bool,
    started: Option<Instant>,
    stages: Mutex<Vec<Stage>>,
}

impl Timings {
    pub fn new(enabled: bool) -> Self {
        Timings {
            enabled,
            started: Some(Instant::now()),
            stages: Mutex::new(Vec::new()),
        }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Run `f` as the stage `name`.
    pub fn time<T>(&self, name: &str, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let out = f();
        self.record(name, t.elapsed(), None);
        out
    }

    /// Record a stage that was timed elsewhere.
    pub fn record(&self, name: &str, elapsed: Duration, note: Option<String>) {
        self.push(name, elapsed, note, false);
    }

    /// Record a stage nested under the last top-level one.
    pub fn record_nested(&self, name: &str, elapsed: Duration, note: Option<String>) {
        self.push(name, elapsed, note, true);
    }

    /// Attach a note to the last stage called `name`.
    pub fn note(&self, name: &str, note: String) {
        if !self.enabled {
            return;
        }
        if let Ok(mut stages) = self.stages.lock() {
            if let Some(s) = stages.iter_mut().rev().find(|s| s.name == name) {
                s.note = Some(note);
            }
        }
    }

    fn push(&self, name: &str, elapsed: Duration, note: Option<String>, nested: bool) {
        if !self.enabled {
            return;
        }
        if let Ok(mut stages) = self.stages.lock() {
            stages.push(Stage {
                name: name.to_string(),
                elapsed,
                nested,
                note,
                peak: peak_resident(),
            });
        }
    }

    /// The stages so far and the time since the run started.
    pub fn stages(&self) -> (Vec<Stage>, Duration) {
        let total = self.started.map(|s| s.elapsed()).unwrap_or_default();
        let stages = self.stages.lock().map(|s| s.clone()).unwrap_or_default();
        (stages, total)
    }
}

/// The peak resident set size of this process so far (`VmHWM`).
pub fn peak_resident() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disabled_timings_record_nothing() {
        let t = Timings::new(false);
        assert_eq!(t.time("read", || 7), 7);
        assert!(t.stages().0.is_empty());
    }

    #[test]
    fn stages_keep_their_order_and_notes() {
        let t = Timings::new(true);
        t.time("read", || ());
        t.record("rules", Duration::from_millis(5), None);
        t.record_nested("growth-mismatch", Duration::from_millis(2), None);
        t.note("read", "5 files".into());
        let (stages, _) = t.stages();
        let names: Vec<_> = stages.iter().map(|s| (s.name.as_str(), s.nested)).collect();
        assert_eq!(
            names,
            [("read", false), ("rules", false), ("growth-mismatch", true)]
        );
        assert_eq!(stages[0].note.as_deref(), Some("5 files"));
    }
}
