//! Per-stage wall-clock times for `--timings`: what a run spent reading,
//! extracting, grouping the claims, in each rule and in the report.

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
    /// The process's peak resident memory during the stage, in bytes
    /// (Linux only): the high-water mark is reset as each stage ends. Rules
    /// run side by side: a rule's is the highest while it ran, alongside
    /// the rule beside it (`check::run`).
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
        self.push(name, elapsed, note);
    }

    /// Record a stage nested under the last top-level one, with its own
    /// peak memory ([`take_peak`] when it ended); the top-level stage's
    /// peak is the largest of its own and its nested ones'.
    pub fn record_nested(
        &self,
        name: &str,
        elapsed: Duration,
        note: Option<String>,
        peak: Option<u64>,
    ) {
        if !self.enabled {
            return;
        }
        if let Ok(mut stages) = self.stages.lock() {
            if let Some(top) = stages.iter_mut().rev().find(|s| !s.nested) {
                top.peak = top.peak.max(peak);
            }
            stages.push(Stage {
                name: name.to_string(),
                elapsed,
                nested: true,
                note,
                peak,
            });
        }
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

    fn push(&self, name: &str, elapsed: Duration, note: Option<String>) {
        if !self.enabled {
            return;
        }
        if let Ok(mut stages) = self.stages.lock() {
            stages.push(Stage {
                name: name.to_string(),
                elapsed,
                nested: false,
                note,
                peak: take_peak(),
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

/// The peak resident set size of this process since the last call, and
/// start the next stage's: read the high-water mark, then reset it to the
/// current size (`/proc/self/clear_refs`, Linux). Without the reset, the
/// peak of each stage would be the peak so far, and a rule that needs
/// little after one that needed much could not be told apart.
pub fn take_peak() -> Option<u64> {
    let peak = peak_resident();
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    peak
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

    /// The high-water mark is the process's: tests that reset it run one
    /// at a time.
    static PEAKS: Mutex<()> = Mutex::new(());

    #[test]
    fn disabled_timings_record_nothing() {
        let t = Timings::new(false);
        assert_eq!(t.time("read", || 7), 7);
        assert!(t.stages().0.is_empty());
    }

    #[test]
    fn stages_keep_their_order_and_notes() {
        let _one = PEAKS.lock();
        let t = Timings::new(true);
        t.time("read", || ());
        t.record("rules", Duration::from_millis(5), None);
        t.record_nested(
            "growth-mismatch",
            Duration::from_millis(2),
            None,
            Some(u64::MAX),
        );
        t.note("read", "5 files".into());
        let (stages, _) = t.stages();
        let names: Vec<_> = stages.iter().map(|s| (s.name.as_str(), s.nested)).collect();
        assert_eq!(
            names,
            [("read", false), ("rules", false), ("growth-mismatch", true)]
        );
        assert_eq!(stages[0].note.as_deref(), Some("5 files"));
        // A rule's peak is its stage's peak too.
        assert_eq!(stages[1].peak, Some(u64::MAX));
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn each_stage_has_its_own_peak() {
        let _one = PEAKS.lock();
        let t = Timings::new(true);
        t.time("large", || {
            std::hint::black_box(vec![1u8; 200_000_000]).len()
        });
        t.time("small", || ());
        let (stages, _) = t.stages();
        let peak = |i: usize| stages[i].peak.unwrap_or(0);
        assert!(peak(0) > peak(1) + 150_000_000, "{stages:?}");
    }
}
