//! Inline rule tests: each rule carries texts it must flag and texts it
//! must pass; `claimcheck rules test` runs them all.

use crate::check::Context;
use crate::corpus::Article;
use crate::extract::{self, lexicon::Lexicon, Settings};
use crate::finding::Finding;
use crate::rules::Rule;
use chrono::NaiveDate;
use serde::Deserialize;
use std::path::PathBuf;

pub const HELP: &str = "a test has `text` (or `articles: [{id, text, date}]`), an optional `date` (YYYY-MM-DD) and `expect`: a list of findings such as `{ computed: 43.2 }` or `{ stated: 30, message: \"…\" }`, empty when the text must pass";

/// One inline test.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InlineTest {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub articles: Vec<TestArticle>,
    /// The article date, for texts that speak of "last year".
    #[serde(default)]
    pub date: Option<String>,
    pub expect: Vec<Expect>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestArticle {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub date: Option<String>,
}

/// What a finding must say; every given field must match.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    #[serde(default)]
    pub computed: Option<f64>,
    #[serde(default)]
    pub stated: Option<f64>,
    /// A part of the message.
    #[serde(default)]
    pub message: Option<String>,
}

fn parse_date(s: &Option<String>) -> Result<Option<NaiveDate>, String> {
    match s {
        None => Ok(None),
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| format!("`{d}` is not a date (YYYY-MM-DD)")),
    }
}

impl InlineTest {
    pub fn validate(&self) -> Result<(), String> {
        if self.text.is_none() == self.articles.is_empty() {
            return Err("give either `text` or `articles`".into());
        }
        parse_date(&self.date)?;
        for a in &self.articles {
            parse_date(&a.date)?;
        }
        Ok(())
    }

    /// The test's articles, as the corpus would load them.
    fn build_articles(&self) -> Result<Vec<Article>, String> {
        let default_date = parse_date(&self.date)?;
        let mut specs: Vec<(String, String, Option<NaiveDate>)> = Vec::new();
        if let Some(t) = &self.text {
            specs.push(("test.txt".into(), t.clone(), default_date));
        }
        for a in &self.articles {
            specs.push((
                a.id.clone(),
                a.text.clone(),
                parse_date(&a.date)?.or(default_date),
            ));
        }
        specs
            .into_iter()
            .map(|(id, text, date)| {
                let mut a = Article::from_text(id.clone(), PathBuf::from(&id), text, None)
                    .map_err(|e| e.to_string())?;
                if date.is_some() {
                    a.meta.date = date;
                    a.meta.date_inferred = false;
                }
                Ok(a)
            })
            .collect()
    }
}

/// The result of one inline test.
#[derive(Debug)]
pub struct TestResult {
    pub rule: String,
    pub index: usize,
    pub passed: bool,
    /// What went wrong, for people.
    pub detail: String,
    pub findings: Vec<Finding>,
}

fn matches(e: &Expect, f: &Finding) -> bool {
    let close = |want: f64, got: Option<f64>| {
        got.is_some_and(|g| (g - want).abs() <= 0.051_f64.max(want.abs() * 1e-3))
    };
    e.computed.is_none_or(|c| close(c, f.computed))
        && e.stated.is_none_or(|s| close(s, f.stated))
        && e.message
            .as_ref()
            .is_none_or(|m| f.message.contains(m.as_str()))
}

/// Run one rule's inline tests.
pub fn run(rule: &Rule, lexicon: &Lexicon, rules_dir: &std::path::Path) -> Vec<TestResult> {
    rule.meta
        .tests
        .iter()
        .enumerate()
        .map(|(index, t)| {
            let fail = |detail: String| TestResult {
                rule: rule.meta.id.clone(),
                index,
                passed: false,
                detail,
                findings: Vec::new(),
            };
            let articles = match t.build_articles() {
                Ok(a) => a,
                Err(e) => return fail(e),
            };
            let claims = extract::extract_all(&articles, lexicon, &Settings::default());
            let ctx = Context::new(&claims, &articles, rules_dir);
            let findings = match crate::check::run_one(rule, &ctx) {
                Ok(o) => o.findings,
                Err(e) => return fail(e.to_string()),
            };
            let mut unmatched: Vec<&Finding> = findings.iter().collect();
            let mut missing = Vec::new();
            for e in &t.expect {
                match unmatched.iter().position(|f| matches(e, f)) {
                    Some(i) => {
                        unmatched.remove(i);
                    }
                    None => missing.push(format!("{e:?}")),
                }
            }
            let passed = missing.is_empty() && unmatched.is_empty();
            let mut detail = String::new();
            if !missing.is_empty() {
                detail.push_str(&format!("expected but not found: {}. ", missing.join("; ")));
            }
            if !unmatched.is_empty() {
                let got: Vec<String> = unmatched
                    .iter()
                    .map(|f| {
                        format!(
                            "\"{}\" (stated {:?}, computed {:?})",
                            f.message, f.stated, f.computed
                        )
                    })
                    .collect();
                detail.push_str(&format!("unexpected findings: {}", got.join("; ")));
            }
            TestResult {
                rule: rule.meta.id.clone(),
                index,
                passed,
                detail,
                findings,
            }
        })
        .collect()
}
