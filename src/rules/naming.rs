//! `naming`: one organisation spelled several ways across the corpus
//! ("Weiqiao Pioneering Group" and "Weiqiao Pioneer Group").

use crate::check::Context;
use crate::extract::lexicon::{Entry, Lexicon};
use crate::finding::FindingBuilder;
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo};
use crate::rules::{About, Check, CheckError, Outcome, RuleMeta};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;

pub const KIND: KindInfo = KindInfo {
    name: "naming",
    summary: "one organisation must be spelled one way across the corpus",
    doc: DOC,
    build,
};

const DOC: &str = r#"# naming

Finds an organisation spelled several ways across the corpus: "Weiqiao
Pioneering Group" in one sentence, "Weiqiao Pioneer Group" in the next. The
claims frame keeps only the canonical subject, so this kind reads the
article texts (whole words, case-insensitive; a difference in case only is
not a different spelling).

The names come from the rule (`names`), from the lexicon's subjects
(`from_lexicon: true`, `rules/metrics.yaml`, whose first name of each
subject is the canonical spelling), or both:

- a variant listed in `names` is flagged wherever it is used, when the
  corpus also spells the organisation another way;
- a lexicon name is flagged only when it differs from the canonical
  spelling (or from a longer form containing it, "Shandong Weiqiao
  Pioneering Group Co") in a single, similar word ("Pioneer" for
  "Pioneering"): abbreviations and longer forms are legitimate.

One finding per article and variant, on its first use there, with every
other use of the variant in the article and the first use of each other
spelling in every article as related spans.

Parameters:
- `names` (list of `{canonical, variants}`): organisations and their
  variant spellings.
- `from_lexicon` (bool, default false): also take the subjects of the
  lexicon.

Example rule:

```yaml
- id: naming-variants
  kind: naming
  severity: info
  title: One organisation, one spelling
  from_lexicon: true
  names:
    - canonical: Weiqiao Pioneering Group
      variants: [Weiqiao Pioneer Group]
```

Flags: "Weiqiao Pioneering Group makes aluminum. … Weiqiao Pioneer Group
supplies automakers."
"#;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct NameDef {
    canonical: String,
    variants: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    names: Vec<NameDef>,
    #[serde(default)]
    from_lexicon: bool,
}

/// The spellings a rule lists: a matcher over every canonical name and
/// variant, and for each pattern its organisation.
#[derive(Debug)]
struct Listed {
    matcher: AhoCorasick,
    /// Per pattern: (canonical, is a listed variant).
    patterns: Vec<(String, bool)>,
}

#[derive(Debug)]
struct Naming {
    listed: Option<Listed>,
    lexicon: Option<Lexicon>,
}

fn build(m: &serde_yaml::Mapping, ctx: &BuildContext<'_>) -> Result<Box<dyn Check>, BuildError> {
    let p: Params = params(m)?;
    if p.names.is_empty() && !p.from_lexicon {
        return Err(BuildError::new("kind:", "a naming rule needs `names` or `from_lexicon: true`")
            .help("list organisations as `names: [{canonical: …, variants: […]}]`, or take the lexicon's subjects with `from_lexicon: true`"));
    }
    let mut spellings = Vec::new();
    let mut patterns = Vec::new();
    for n in &p.names {
        if n.canonical.trim().is_empty() || n.variants.is_empty() {
            return Err(BuildError::new(
                "names:",
                "every entry of `names` needs a `canonical` name and at least one variant",
            ));
        }
        if let Some(v) = n
            .variants
            .iter()
            .find(|v| v.trim().is_empty() || norm(v) == norm(&n.canonical))
        {
            return Err(BuildError::new(
                "names:",
                format!(
                    "the variant `{v}` of `{}` is empty or the canonical name itself",
                    n.canonical
                ),
            ));
        }
        spellings.push(n.canonical.clone());
        patterns.push((n.canonical.clone(), false));
        for v in &n.variants {
            spellings.push(v.clone());
            patterns.push((n.canonical.clone(), true));
        }
    }
    let listed = if spellings.is_empty() {
        None
    } else {
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&spellings)
            .map_err(|e| {
                BuildError::new(
                    "names:",
                    format!("cannot build a matcher for the names: {e}"),
                )
            })?;
        Some(Listed { matcher, patterns })
    };
    let lexicon = if p.from_lexicon {
        let path = ctx.dir.join("metrics.yaml");
        Some(Lexicon::load(&path).map_err(|e| {
            BuildError::new("from_lexicon:", format!("cannot load the lexicon metrics.yaml: {e}"))
                .help("`from_lexicon` reads the subjects of rules/metrics.yaml; fix that file or list the names under `names`")
        })?)
    } else {
        None
    };
    Ok(Box::new(Naming { listed, lexicon }))
}

/// A name for comparison: lowercase, single spaces.
fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|t| t.chars().next_back());
    let after = text.get(end..).and_then(|t| t.chars().next());
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Do two words look like spellings of one word ("Pioneer", "Pioneering")?
fn similar_words(a: &str, b: &str) -> bool {
    let prefix = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    prefix >= 3 || edit_distance(a, b) <= 2
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The one word two names differ in, if they have the same words but one,
/// and that word is spelled similarly: ("pioneer", "pioneering").
fn one_word_apart(a: &str, b: &str) -> Option<(String, String)> {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    if wa.len() != wb.len() {
        return None;
    }
    let diff: Vec<(&&str, &&str)> = wa
        .iter()
        .zip(wb.iter())
        .filter(|(x, y)| !x.eq_ignore_ascii_case(y))
        .collect();
    match diff.as_slice() {
        [(x, y)] if similar_words(&x.to_lowercase(), &y.to_lowercase()) => {
            Some((x.to_string(), y.to_string()))
        }
        _ => None,
    }
}

/// Does name `a` contain name `b` as a run of whole words?
fn contains_words(a: &str, b: &str) -> bool {
    let (a, b) = (norm(a), norm(b));
    a.match_indices(b.as_str())
        .any(|(i, m)| whole_word(&a, i, i + m.len()))
}

/// One use of a name in an article.
#[derive(Debug, Clone)]
struct Use {
    article: String,
    start: u32,
    end: u32,
    spelling: String,
    listed_variant: bool,
}

impl Naming {
    /// Every use of every known name, by organisation (canonical name).
    fn uses(&self, ctx: &Context<'_>, articles: &[&str]) -> BTreeMap<String, Vec<Use>> {
        // Scanning the texts is the whole cost: articles in parallel, then
        // merged in article order.
        let per_article: Vec<Vec<(String, Use)>> = articles
            .par_iter()
            .map(|&article| self.uses_in(article, ctx.text(article)))
            .collect();
        let mut out: BTreeMap<String, Vec<Use>> = BTreeMap::new();
        for (canonical, u) in per_article.into_iter().flatten() {
            out.entry(canonical).or_default().push(u);
        }
        out
    }

    /// The uses of known names in one article, with their organisations.
    fn uses_in(&self, article: &str, text: &str) -> Vec<(String, Use)> {
        let mut found: Vec<(usize, usize, String, bool)> = Vec::new();
        if let Some(l) = &self.listed {
            for m in l.matcher.find_iter(text) {
                if whole_word(text, m.start(), m.end()) {
                    let (canonical, variant) = &l.patterns[m.pattern().as_usize()];
                    found.push((m.start(), m.end(), canonical.clone(), *variant));
                }
            }
        }
        if let Some(lex) = &self.lexicon {
            for m in lex.find(text) {
                if let Entry::Subject(i) = m.entry {
                    if let Some(s) = lex.subjects.get(i) {
                        if !found.iter().any(|f| f.0 < m.end && m.start < f.1) {
                            found.push((m.start, m.end, s.name.clone(), false));
                        }
                    }
                }
            }
        }
        found.sort_by_key(|f| f.0);
        found
            .into_iter()
            .map(|(start, end, canonical, listed_variant)| {
                let spelling = text.get(start..end).unwrap_or("").to_string();
                let u = Use {
                    article: article.to_string(),
                    start: start as u32,
                    end: end as u32,
                    spelling,
                    listed_variant,
                };
                (canonical, u)
            })
            .collect()
    }
}

/// Is this spelling of `canonical` a variant to flag, given the spellings
/// the corpus uses? Returns the word pair it differs in, when known.
fn flag(u: &Use, canonical: &str, used: &[&str]) -> Option<Option<(String, String)>> {
    if norm(&u.spelling) == norm(canonical) {
        return None;
    }
    if u.listed_variant {
        return Some(one_word_apart(&u.spelling, canonical));
    }
    if contains_words(&u.spelling, canonical) {
        return None;
    }
    std::iter::once(canonical)
        .chain(
            used.iter()
                .copied()
                .filter(|s| contains_words(s, canonical)),
        )
        .find_map(|t| one_word_apart(&u.spelling, t))
        .map(Some)
}

/// How many other places a finding shows per spelling.
const MAX_RELATED: usize = 3;

impl Check for Naming {
    /// A finding weighs every use of its organisation's names in the
    /// corpus: the part of a check is the organisation, and an article is
    /// in the parts of the organisations its text names.
    fn reach(&self) -> crate::rules::Reach {
        crate::rules::Reach::Shared(|_| None)
    }

    fn text_parts(&self, text: &str) -> Vec<u64> {
        let mut parts: Vec<u64> = self
            .uses_in("", text)
            .iter()
            .map(|(canonical, _)| crate::rules::parts::name(canonical))
            .collect();
        parts.sort_unstable();
        parts.dedup();
        parts
    }

    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError> {
        let ids = ctx
            .articles_frame
            .column(crate::frame::article_col::ARTICLE)
            .and_then(|c| c.str().cloned())
            .map_err(|e| crate::rules::select::run_error(meta, e))?;
        let mut articles: Vec<&str> = ids.iter().flatten().collect();
        articles.sort();
        articles.dedup();
        let mut out = Outcome::default();
        for (canonical, uses) in self.uses(ctx, &articles) {
            if !meta.filter.subject.is_empty()
                && !meta
                    .filter
                    .subject
                    .iter()
                    .any(|s| norm(s) == norm(&canonical))
            {
                continue;
            }
            let part = crate::rules::parts::name(&canonical);
            let mut spellings: BTreeMap<String, &str> = BTreeMap::new();
            for u in &uses {
                spellings
                    .entry(norm(&u.spelling))
                    .or_insert(u.spelling.as_str());
            }
            let used: Vec<&str> = spellings.values().copied().collect();
            // (article, spelling) → uses, in order.
            let mut by_place: BTreeMap<(&str, String), Vec<&Use>> = BTreeMap::new();
            for u in &uses {
                by_place
                    .entry((u.article.as_str(), norm(&u.spelling)))
                    .or_default()
                    .push(u);
            }
            for ((article, spelling), here) in &by_place {
                out.member(ctx, article, part);
                if !meta.filter.article.is_empty()
                    && !meta.filter.article.iter().any(|a| a == article)
                {
                    continue;
                }
                out.count(ctx, About::Part(part), 1, 0);
                let Some(first) = here.first() else {
                    continue;
                };
                if spellings.len() < 2 {
                    continue;
                }
                let Some(words) = flag(first, &canonical, &used) else {
                    continue;
                };
                out.count(ctx, About::Part(part), 0, 1);
                let text = ctx.text(article);
                let canonical_used = spellings.contains_key(&norm(&canonical));
                let message = if canonical_used {
                    format!(
                        "“{}” is a variant spelling of “{canonical}”, which the corpus also uses",
                        first.spelling
                    )
                } else {
                    let others: Vec<String> = spellings
                        .iter()
                        .filter(|(k, _)| *k != spelling)
                        .map(|(_, v)| format!("“{v}”"))
                        .collect();
                    format!(
                        "“{}” is a variant spelling of “{canonical}”; the corpus also writes {}",
                        first.spelling,
                        others.join(", ")
                    )
                };
                let source = if first.listed_variant {
                    format!("the rule lists “{canonical}” as the canonical spelling")
                } else {
                    format!(
                        "rules/metrics.yaml lists “{canonical}” first, as the canonical spelling"
                    )
                };
                let word = words
                    .map(|(a, b)| format!(" (“{a}” vs “{b}”)"))
                    .unwrap_or_default();
                let mut f = FindingBuilder::at_span(meta, article, text, first.start, first.end, message)
                    .label(format!("spelled “{}” here", first.spelling))
                    .help(Some(format!("one organisation, one spelling{word}: {source}; use it everywhere, or check that this is not a different organisation")));
                for u in here.iter().skip(1).take(MAX_RELATED) {
                    f = f.related_span(article, text, u.start, u.end, "the same variant again");
                }
                // A few places per other spelling, not every article of a
                // large corpus: the finding stays readable and linear in size.
                let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
                for ((other_article, other_spelling), theirs) in &by_place {
                    if other_spelling == spelling {
                        continue;
                    }
                    let n = shown.entry(other_spelling.as_str()).or_default();
                    *n += 1;
                    if *n > MAX_RELATED {
                        continue;
                    }
                    if let Some(u) = theirs.first() {
                        let t = ctx.text(other_article);
                        f = f.related_span(
                            other_article,
                            t,
                            u.start,
                            u.end,
                            format!("spelled “{}” in {other_article}", u.spelling),
                        );
                    }
                }
                out.findings.push(f.build());
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_similar_word_apart() {
        assert_eq!(
            one_word_apart("Weiqiao Pioneer Group", "Weiqiao Pioneering Group"),
            Some(("Pioneer".into(), "Pioneering".into()))
        );
        assert_eq!(one_word_apart("Binzhou City", "Binzhou County"), None);
        assert_eq!(one_word_apart("Binzhou city", "Binzhou"), None);
        assert_eq!(
            one_word_apart("Weiqiao Pioneering Group", "weiqiao pioneering group"),
            None
        );
    }

    #[test]
    fn longer_forms_contain_the_canonical_name() {
        assert!(contains_words(
            "Shandong Weiqiao Pioneering Group Co",
            "Weiqiao Pioneering Group"
        ));
        assert!(!contains_words(
            "Weiqiao Pioneering Groups",
            "Weiqiao Pioneering Group"
        ));
    }

    #[test]
    fn flags_only_near_misses_from_the_lexicon() {
        let u = |s: &str, listed: bool| Use {
            article: "a".into(),
            start: 0,
            end: 1,
            spelling: s.into(),
            listed_variant: listed,
        };
        let c = "Weiqiao Pioneering Group";
        let used = [
            "Shandong Weiqiao Pioneering Group Co",
            "Weiqiao Pioneer Group",
        ];
        assert!(flag(&u("Weiqiao Pioneer Group", false), c, &used).is_some());
        assert!(flag(&u("Weiqiao", false), c, &used).is_none());
        assert!(flag(&u("Shandong Weiqiao Pioneering Group Co", false), c, &used).is_none());
        assert!(flag(&u("Shandong Weiqiao Pioneer Group Co", false), c, &used).is_some());
        assert!(flag(&u("WPG", true), c, &used).is_some());
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
