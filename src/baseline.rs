//! Baselines: findings a team has reviewed and accepted, by fingerprint, so
//! that CI fails only on new ones (`claimcheck baseline write`, `check
//! --baseline FILE`, `claimcheck baseline prune`).

use crate::finding::Finding;
use crate::yaml::{YamlError, YamlSource};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The default baseline file, at the repository root.
pub const DEFAULT_FILE: &str = "claimcheck.baseline.yaml";

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    pub article: String,
    pub message: String,
    /// Why it is accepted: for a reviewer to fill in.
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    #[serde(default)]
    pub accepted: Vec<Entry>,
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, YamlError> {
        let src = YamlSource::read(path)?;
        let b: Baseline = src.parse()?;
        if b.version != 1 {
            return Err(src.error_at(
                "version",
                0,
                format!("baseline version {} is not supported", b.version),
                "here",
                Some(
                    "this claimcheck writes version 1: run `claimcheck baseline write` again"
                        .into(),
                ),
            ));
        }
        Ok(b)
    }

    /// A baseline accepting `findings`, keeping the reasons already given.
    pub fn from_findings(findings: &[Finding], previous: Option<&Baseline>) -> Baseline {
        let reasons: HashMap<&str, &str> = previous
            .map(|p| {
                p.accepted
                    .iter()
                    .map(|e| (e.fingerprint.as_str(), e.reason.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        let mut seen = HashSet::new();
        let accepted = findings
            .iter()
            .filter(|f| seen.insert(f.fingerprint.clone()))
            .map(|f| Entry {
                fingerprint: f.fingerprint.clone(),
                rule: f.rule.clone(),
                article: f.article.clone(),
                message: f.message.clone(),
                reason: reasons
                    .get(f.fingerprint.as_str())
                    .unwrap_or(&"")
                    .to_string(),
            })
            .collect();
        Baseline {
            version: 1,
            accepted,
        }
    }

    /// Mark the findings the baseline accepts; return the entries that no
    /// longer match any finding.
    pub fn apply(&self, findings: &mut [Finding]) -> Vec<Entry> {
        let known: HashSet<&str> = self
            .accepted
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let mut matched = HashSet::new();
        for f in findings.iter_mut() {
            if known.contains(f.fingerprint.as_str()) {
                f.accepted = true;
                matched.insert(f.fingerprint.clone());
            }
        }
        self.accepted
            .iter()
            .filter(|e| !matched.contains(&e.fingerprint))
            .cloned()
            .collect()
    }

    /// The baseline without entries that match no finding.
    pub fn pruned(&self, findings: &[Finding]) -> Baseline {
        let current: HashSet<&str> = findings.iter().map(|f| f.fingerprint.as_str()).collect();
        Baseline {
            version: 1,
            accepted: self
                .accepted
                .iter()
                .filter(|e| current.contains(e.fingerprint.as_str()))
                .cloned()
                .collect(),
        }
    }

    pub fn to_yaml(&self) -> Result<String, serde_yaml::Error> {
        let body = serde_yaml::to_string(self)?;
        Ok(format!(
            "# Findings accepted after review (claimcheck baseline). `check --baseline`\n# does not fail on these; fill in each `reason`.\n{body}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Severity, Span};

    fn finding(fp: &str) -> Finding {
        Finding {
            rule: "growth-mismatch".into(),
            kind: "growth".into(),
            severity: Severity::Error,
            message: "m".into(),
            article: "a.txt".into(),
            span: Span {
                start: 0,
                end: 1,
                line: Some(1),
                column: Some(1),
            },
            text: "30 percent".into(),
            label: String::new(),
            stated: None,
            computed: None,
            related: Vec::new(),
            help: None,
            fingerprint: fp.into(),
            accepted: false,
        }
    }

    #[test]
    fn accepts_by_fingerprint_and_reports_stale_entries() {
        let mut b = Baseline::from_findings(&[finding("aa"), finding("bb")], None);
        b.accepted[0].reason = "checked with the statistics bureau".into();
        let mut now = vec![finding("aa"), finding("cc")];
        let stale = b.apply(&mut now);
        assert!(now[0].accepted && !now[1].accepted);
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].fingerprint, "bb");
        let pruned = b.pruned(&now);
        assert_eq!(pruned.accepted.len(), 1);
        let rewritten = Baseline::from_findings(&now, Some(&b));
        assert_eq!(
            rewritten.accepted[0].reason,
            "checked with the statistics bureau"
        );
    }

    #[test]
    fn round_trips_through_yaml() {
        let b = Baseline::from_findings(&[finding("aa")], None);
        let text = b.to_yaml().unwrap();
        let back: Baseline = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back, b);
    }
}
