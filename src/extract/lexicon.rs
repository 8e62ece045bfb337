//! The metric lexicon users edit (`rules/metrics.yaml`): which statistic a
//! number is about, which places and organisations claims are about, and
//! which proper names contain numbers that are not quantities.

use crate::extract::unit::Family;
use crate::sym::Sym;
use crate::yaml::{YamlError, YamlSource};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    metrics: Vec<MetricDef>,
    #[serde(default)]
    subjects: Vec<SubjectDef>,
    #[serde(default)]
    names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricDef {
    id: String,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    units: Vec<Family>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SubjectDef {
    names: Vec<String>,
    #[serde(default)]
    scope: bool,
}

/// A metric the lexicon knows.
#[derive(Debug, Clone)]
pub struct Metric {
    pub id: String,
    /// `id`, interned once: every claim of the metric carries it.
    pub sym: Sym,
    /// Unit families the metric takes; empty means any.
    pub units: Vec<Family>,
}

/// A place or organisation.
#[derive(Debug, Clone)]
pub struct Subject {
    pub name: String,
    /// `name`, interned once: every claim about the subject carries it.
    pub sym: Sym,
    pub scope: bool,
}

/// What a lexicon match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Metric(usize),
    Subject(usize),
    /// A proper name: numbers inside it are not quantities.
    Name,
}

/// One match of the lexicon in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LexMatch {
    pub start: usize,
    pub end: usize,
    pub entry: Entry,
}

/// The compiled lexicon.
#[derive(Debug)]
pub struct Lexicon {
    pub metrics: Vec<Metric>,
    pub subjects: Vec<Subject>,
    matcher: AhoCorasick,
    entries: Vec<Entry>,
    patterns: Vec<(Regex, usize)>,
    /// A hash of the source: two lexicons with the same source find the
    /// same matches ([`Lexed`]).
    fingerprint: u64,
}

/// A text and its lexicon matches, found once however many readers ask:
/// extraction and the rules that scan texts (naming) search one text
/// with the same lexicon, and the search is a tenth of extraction.
pub struct Lexed<'a> {
    pub text: &'a str,
    lexicon: &'a Lexicon,
    matches: std::cell::OnceCell<Vec<LexMatch>>,
}

impl<'a> Lexed<'a> {
    pub fn new(text: &'a str, lexicon: &'a Lexicon) -> Self {
        Lexed {
            text,
            lexicon,
            matches: std::cell::OnceCell::new(),
        }
    }

    /// The lexicon the text is searched with by default.
    pub fn lexicon(&self) -> &'a Lexicon {
        self.lexicon
    }

    /// `lex`'s matches in the text ([`Lexicon::find`]): found once for a
    /// lexicon with this text's lexicon's source, afresh for another.
    pub fn matches(&self, lex: &Lexicon) -> std::borrow::Cow<'_, [LexMatch]> {
        if lex.fingerprint == self.lexicon.fingerprint {
            std::borrow::Cow::Borrowed(
                self.matches
                    .get_or_init(|| self.lexicon.find(self.text))
                    .as_slice(),
            )
        } else {
            std::borrow::Cow::Owned(lex.find(self.text))
        }
    }
}

impl Lexicon {
    /// Load and validate a lexicon file.
    pub fn load(path: &Path) -> Result<Lexicon, YamlError> {
        let src = YamlSource::read(path)?;
        Lexicon::from_source(&src)
    }

    pub fn from_source(src: &YamlSource) -> Result<Lexicon, YamlError> {
        let file: LexiconFile = src.parse()?;
        let mut seen = HashSet::new();
        let mut names: Vec<String> = Vec::new();
        let mut entries = Vec::new();
        let mut patterns = Vec::new();
        let mut metrics = Vec::new();
        for (i, m) in file.metrics.iter().enumerate() {
            if !valid_id(&m.id) {
                return Err(src.error_at(
                    &m.id,
                    0,
                    format!("metric id `{}` is not snake_case", m.id),
                    "this id",
                    Some(
                        "use lowercase letters, digits and underscores, e.g. `budget_revenue`"
                            .into(),
                    ),
                ));
            }
            if !seen.insert(m.id.clone()) {
                let first = src.text.find(&format!("id: {}", m.id)).map_or(0, |p| p + 1);
                return Err(src.error_at(
                    &format!("id: {}", m.id),
                    first,
                    format!("metric `{}` is defined twice", m.id),
                    "second definition",
                    Some("merge the two entries: give one entry all the names".into()),
                ));
            }
            if m.names.is_empty() && m.patterns.is_empty() {
                return Err(src.error_at(
                    &format!("id: {}", m.id),
                    0,
                    format!("metric `{}` has neither names nor patterns", m.id),
                    "this metric",
                    Some("add `names: [...]` with the ways articles name it".into()),
                ));
            }
            for n in &m.names {
                check_name(src, n)?;
                push_name(&mut names, &mut entries, n, Entry::Metric(i));
            }
            for p in &m.patterns {
                let re = RegexBuilder::new(p)
                    .case_insensitive(true)
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|e| {
                        src.error_at(
                            p,
                            0,
                            format!(
                                "pattern of metric `{}` is not a valid regular expression",
                                m.id
                            ),
                            "this pattern",
                            Some(format!("{e}")),
                        )
                    })?;
                if re.is_match("") {
                    return Err(src.error_at(
                        p,
                        0,
                        format!("pattern of metric `{}` matches the empty text", m.id),
                        "this pattern",
                        Some(
                            "a pattern must match at least one character: check `*` and `?`".into(),
                        ),
                    ));
                }
                patterns.push((re, i));
            }
            metrics.push(Metric {
                id: m.id.clone(),
                sym: Sym::intern(&m.id),
                units: m.units.clone(),
            });
        }
        let mut subjects = Vec::new();
        for (i, s) in file.subjects.iter().enumerate() {
            let Some(first) = s.names.first() else {
                return Err(src.error_at(
                    "names: []",
                    0,
                    "a subject needs at least one name".into(),
                    "empty",
                    Some("list the canonical name first, then its variants".into()),
                ));
            };
            for n in &s.names {
                check_name(src, n)?;
                push_name(&mut names, &mut entries, n, Entry::Subject(i));
            }
            subjects.push(Subject {
                sym: Sym::intern(first),
                name: first.clone(),
                scope: s.scope,
            });
        }
        for n in &file.names {
            check_name(src, n)?;
            push_name(&mut names, &mut entries, n, Entry::Name);
        }
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // A lexicon is small; a full DFA is the fastest scanner for it.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&names)
            .map_err(|e| {
                src.error(
                    None,
                    format!("cannot build the lexicon matcher: {e}"),
                    "",
                    None,
                )
            })?;
        Ok(Lexicon {
            metrics,
            subjects,
            matcher,
            entries,
            patterns,
            fingerprint: xxhash_rust::xxh3::xxh3_64(src.text.as_bytes()),
        })
    }

    /// All matches in `text`, whole words only, non-overlapping, in order; a
    /// longer match wins over a shorter one it overlaps.
    pub fn find(&self, text: &str) -> Vec<LexMatch> {
        let mut found: Vec<LexMatch> = self
            .matcher
            .find_iter(text)
            .filter(|m| whole_word(text, m.start(), m.end()))
            .map(|m| LexMatch {
                start: m.start(),
                end: m.end(),
                entry: self.entries[m.pattern().as_usize()],
            })
            .collect();
        for (re, metric) in &self.patterns {
            found.extend(
                re.find_iter(text)
                    .filter(|m| whole_word(text, m.start(), m.end()))
                    .map(|m| LexMatch {
                        start: m.start(),
                        end: m.end(),
                        entry: Entry::Metric(*metric),
                    }),
            );
        }
        found.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let mut out: Vec<LexMatch> = Vec::with_capacity(found.len());
        for m in found {
            match out.last_mut() {
                Some(last) if m.start < last.end => {
                    if m.end - m.start > last.end - last.start {
                        *last = m;
                    }
                }
                _ => out.push(m),
            }
        }
        out
    }

    /// A hash of the lexicon's source: equal for lexicons that find the
    /// same matches (the claims cache's key holds it).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The interned id of metric `i`.
    pub fn metric_sym(&self, i: usize) -> Sym {
        self.metrics[i].sym
    }
}

/// A name must hold a word: an empty name would match everywhere.
fn check_name(src: &YamlSource, n: &str) -> Result<(), YamlError> {
    if n.chars().any(char::is_alphanumeric) {
        return Ok(());
    }
    Err(src.error_at(
        &format!("\"{n}\""),
        0,
        format!("the name `{n}` has no letters or digits"),
        "this name",
        Some("remove it: a name without a word would match everywhere".into()),
    ))
}

/// Add a name, and its variant with typographic apostrophes, so that
/// "China's" in the lexicon also finds "China’s" in the text.
fn push_name(names: &mut Vec<String>, entries: &mut Vec<Entry>, n: &str, e: Entry) {
    names.push(n.to_string());
    entries.push(e);
    if n.contains('\'') {
        names.push(n.replace('\'', "’"));
        entries.push(e);
    } else if n.contains('’') {
        names.push(n.replace('’', "'"));
        entries.push(e);
    }
}

/// Does `text[start..end]` stand as whole words? (Also false for a match
/// that does not fall on character boundaries.)
pub fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let (Some(head), Some(tail)) = (text.get(..start), text.get(end..)) else {
        return false;
    };
    let before = head.chars().next_back();
    let after = tail.chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && id.as_bytes()[0].is_ascii_lowercase()
}

/// A small stable hash (FNV-1a); not for security, only to tell inputs apart.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(yaml: &str) -> Result<Lexicon, YamlError> {
        Lexicon::from_source(&YamlSource {
            path: "metrics.yaml".into(),
            text: yaml.into(),
        })
    }

    #[test]
    fn finds_longest_whole_word_matches() {
        let l = lex("metrics:\n  - id: gdp\n    names: [GDP, gross domestic product]\n  - id: rd\n    names: [R&D investment, research and development investment in GDP]\n")
            .unwrap();
        let t = "The R&D investment accounted for 3 percent of its GDP; research and development investment in GDP ranked first. GDPs";
        let m = l.find(t);
        let got: Vec<&str> = m.iter().map(|m| &t[m.start..m.end]).collect();
        assert_eq!(
            got,
            [
                "R&D investment",
                "GDP",
                "research and development investment in GDP"
            ]
        );
    }

    #[test]
    fn lexed_text_searches_once_per_lexicon_source() {
        let yaml = "metrics:\n  - id: gdp\n    names: [GDP]\n";
        let (a, same) = (lex(yaml).unwrap(), lex(yaml).unwrap());
        let other = lex("metrics:\n  - id: gdp\n    names: [output]\n").unwrap();
        let t = Lexed::new("GDP and output", &a);
        let first = t.matches(&a);
        assert!(matches!(first, std::borrow::Cow::Borrowed(_)));
        assert_eq!(first.len(), 1);
        // A lexicon built from the same source shares the matches found.
        let shared = t.matches(&same);
        assert!(std::ptr::eq(first.as_ptr(), shared.as_ptr()));
        // Another lexicon searches for itself.
        let own = t.matches(&other);
        assert!(matches!(own, std::borrow::Cow::Owned(_)));
        assert_eq!(own.first().map(|m| m.start), Some(8));
    }

    #[test]
    fn typographic_apostrophes_match() {
        let l = lex("names: [\"China's top 500 list\"]\n").unwrap();
        assert_eq!(l.find("five in China’s top 500 list").len(), 1);
    }

    #[test]
    fn patterns_are_case_insensitive_regexes() {
        let l = lex("metrics:\n  - id: champ\n    patterns: ['number of products (?:in \\w+ )?ranked first']\n").unwrap();
        let m = l.find("The Number of products in Binzhou ranked first nationally");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].entry, Entry::Metric(0));
    }

    #[test]
    fn rejects_unknown_keys_duplicates_and_bad_patterns() {
        assert!(lex("metrics:\n  - id: gdp\n    name: [GDP]\n").is_err());
        assert!(
            lex("metrics:\n  - id: gdp\n    names: [GDP]\n  - id: gdp\n    names: [x]\n").is_err()
        );
        assert!(lex("metrics:\n  - id: gdp\n    patterns: ['(']\n").is_err());
        assert!(lex("metrics:\n  - id: GDP\n    names: [x]\n").is_err());
        assert!(lex("metrics:\n  - id: gdp\n    names: [x]\n    units: [furlongs]\n").is_err());
        assert!(lex("metrics:\n  - id: gdp\n    names: [\"\"]\n").is_err());
        assert!(lex("metrics:\n  - id: gdp\n    patterns: ['x*']\n").is_err());
    }
}
