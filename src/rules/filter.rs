//! `where:` — which claims a rule looks at.

use crate::claim::Claim;
use serde::Deserialize;

pub const HELP: &str = "`where` takes lists: metric, unit, kind, subject, article (article ids)";

/// A filter on claims: every list given must contain the claim's value.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    #[serde(default)]
    pub metric: Vec<String>,
    #[serde(default)]
    pub unit: Vec<String>,
    #[serde(default)]
    pub kind: Vec<String>,
    #[serde(default)]
    pub subject: Vec<String>,
    #[serde(default)]
    pub article: Vec<String>,
}

impl Filter {
    pub fn matches(&self, c: &Claim) -> bool {
        // Each field's string is looked up only when its list asks for it:
        // an article's is a read far into memory (a million articles'
        // strings), and most rules filter on nothing.
        let any = |list: &Vec<String>, v: &dyn Fn() -> Option<&'static str>| {
            list.is_empty() || v().is_some_and(|v| list.iter().any(|x| x == v))
        };
        any(&self.metric, &|| c.metric.map(|m| m.as_str()))
            && any(&self.unit, &|| Some(c.unit.as_str()))
            && any(&self.kind, &|| Some(c.kind.as_str()))
            && any(&self.subject, &|| c.subject.map(|s| s.as_str()))
            && any(&self.article, &|| Some(c.article.as_str()))
    }

    /// Reject values that can never match: returns the offending value.
    pub fn validate(&self) -> Result<(), (String, String)> {
        for k in &self.kind {
            if !crate::claim::Kind::ALL.iter().any(|x| x.as_str() == k) {
                let kinds: Vec<&str> = crate::claim::Kind::ALL.iter().map(|k| k.as_str()).collect();
                return Err((
                    k.clone(),
                    format!(
                        "`where.kind` has `{k}`, which is not a claim kind ({})",
                        kinds.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }
}
