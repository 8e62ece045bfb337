//! `naming`: one organisation spelled several ways across the corpus
//! ("Weiqiao Pioneering Group" and "Weiqiao Pioneer Group").

use crate::check::Context;
use crate::claim::Claim;
use crate::corpus::Mark;
use crate::extract::lexicon::{Entry, Lexed, Lexicon};
use crate::finding::FindingBuilder;
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo};
use crate::rules::{About, Check, CheckError, Outcome, RuleMeta};
use crate::sym::Sym;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

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
not a different spelling): it scans each text as the corpus is read, so
texts need not stay in memory.

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
    /// Per pattern: (organisation, is a listed variant).
    patterns: Vec<(u32, bool)>,
}

#[derive(Debug)]
struct Naming {
    listed: Option<Listed>,
    lexicon: Option<Lexicon>,
    /// The organisations by number: their canonical names, each once
    /// (a name both listed and in the lexicon is one organisation).
    canonicals: Vec<String>,
    /// The organisation of each lexicon subject.
    subject_ids: Vec<u32>,
}

/// The number of `name` in `canonicals`, added if new.
fn canonical_id(canonicals: &mut Vec<String>, name: &str) -> u32 {
    let i = canonicals
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| {
            canonicals.push(name.to_string());
            canonicals.len() - 1
        });
    u32::try_from(i).unwrap_or(u32::MAX)
}

fn build(m: &serde_yaml::Mapping, ctx: &BuildContext<'_>) -> Result<Box<dyn Check>, BuildError> {
    let p: Params = params(m)?;
    if p.names.is_empty() && !p.from_lexicon {
        return Err(BuildError::new("kind:", "a naming rule needs `names` or `from_lexicon: true`")
            .help("list organisations as `names: [{canonical: …, variants: […]}]`, or take the lexicon's subjects with `from_lexicon: true`"));
    }
    let mut spellings = Vec::new();
    let mut patterns = Vec::new();
    let mut canonicals = Vec::new();
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
        let id = canonical_id(&mut canonicals, &n.canonical);
        spellings.push(n.canonical.clone());
        patterns.push((id, false));
        for v in &n.variants {
            spellings.push(v.clone());
            patterns.push((id, true));
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
    let subject_ids = lexicon.as_ref().map_or_else(Vec::new, |lex| {
        lex.subjects
            .iter()
            .map(|s| canonical_id(&mut canonicals, &s.name))
            .collect()
    });
    Ok(Box::new(Naming {
        listed,
        lexicon,
        canonicals,
        subject_ids,
    }))
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

/// One use of a name: its organisation, article (a number into the
/// rule's sorted list), bytes and spelling. Small, its spelling shared: a
/// large corpus has tens of millions of uses.
#[derive(Debug, Clone)]
struct Use {
    canonical: u32,
    article: u32,
    start: u32,
    end: u32,
    listed_variant: bool,
    words: Sym,
}

impl Use {
    /// As a mark on its article's text: the tag holds the organisation
    /// and whether the spelling is a listed variant.
    fn mark(&self) -> Mark {
        Mark {
            tag: self.canonical << 1 | u32::from(self.listed_variant),
            start: self.start,
            end: self.end,
            words: self.words,
        }
    }

    fn of_mark(m: &Mark, article: u32) -> Use {
        Use {
            canonical: m.tag >> 1,
            article,
            start: m.start,
            end: m.end,
            listed_variant: m.tag & 1 == 1,
            words: m.words,
        }
    }
}

impl Naming {
    /// The uses of known names in one text (article 0), in text order;
    /// `lexed` shares the text's lexicon matches when extraction has them.
    fn uses_in(&self, text: &str, lexed: Option<&Lexed<'_>>) -> Vec<Use> {
        let mut found: Vec<Use> = Vec::new();
        let at = |canonical, start: usize, end: usize, listed_variant| Use {
            canonical,
            article: 0,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
            listed_variant,
            words: Sym::intern(text.get(start..end).unwrap_or("")),
        };
        if let Some(l) = &self.listed {
            for m in l.matcher.find_iter(text) {
                if whole_word(text, m.start(), m.end()) {
                    if let Some(&(canonical, variant)) = l.patterns.get(m.pattern().as_usize()) {
                        found.push(at(canonical, m.start(), m.end(), variant));
                    }
                }
            }
        }
        if let Some(lex) = &self.lexicon {
            let matches = match lexed {
                Some(l) => l.matches(lex),
                None => std::borrow::Cow::Owned(lex.find(text)),
            };
            for m in matches.iter() {
                if let Entry::Subject(i) = m.entry {
                    if let Some(&id) = self.subject_ids.get(i) {
                        let overlaps = found
                            .iter()
                            .any(|f| (f.start as usize) < m.end && m.start < f.end as usize);
                        if !overlaps {
                            found.push(at(id, m.start, m.end, false));
                        }
                    }
                }
            }
        }
        found.sort_by_key(|f| f.start);
        found
    }

    /// Every place of every known name in `articles`, by organisation,
    /// in article order: from the marks this rule left while the corpus
    /// was read, or else from the texts, read one at a time and let go.
    /// Each article's uses are folded into their places as they are
    /// gathered: a large corpus has tens of millions of uses, and a
    /// finding shows only a place's first few.
    fn places(&self, meta: &RuleMeta, ctx: &Context<'_>, articles: &[&str]) -> Vec<Vec<Place>> {
        let per_article: Vec<Vec<Place>> = articles
            .par_iter()
            .map(|&a| match ctx.marks(&meta.id, a) {
                Some(marks) => Place::fold(marks.iter().map(|m| Use::of_mark(m, 0))),
                None => ctx.with_text(a, |t| Place::fold(self.uses_in(t, None).into_iter())),
            })
            .collect();
        let mut out: Vec<Vec<Place>> = vec![Vec::new(); self.canonicals.len()];
        for (a, found) in per_article.into_iter().enumerate() {
            let article = u32::try_from(a).unwrap_or(u32::MAX);
            for mut p in found {
                p.first.article = article;
                if let Some(v) = out.get_mut(p.first.canonical as usize) {
                    v.push(p);
                }
            }
        }
        out
    }
}

/// The uses of one spelling of one organisation in one article: the
/// first, and the spans of the next few ([`MAX_RELATED`]), in text order.
#[derive(Debug, Clone)]
struct Place {
    first: Use,
    more: [(u32, u32); MAX_RELATED],
    n_more: usize,
}

impl Place {
    fn new(first: Use) -> Place {
        Place {
            first,
            more: [(0, 0); MAX_RELATED],
            n_more: 0,
        }
    }

    fn more(&self) -> &[(u32, u32)] {
        &self.more[..self.n_more]
    }

    fn push(&mut self, span: (u32, u32)) {
        if let Some(slot) = self.more.get_mut(self.n_more) {
            *slot = span;
            self.n_more += 1;
        }
    }

    /// An article's uses (in text order) as places of one raw spelling
    /// each, in the order of their first uses.
    fn fold(uses: impl Iterator<Item = Use>) -> Vec<Place> {
        let mut out: Vec<Place> = Vec::new();
        for u in uses {
            match out
                .iter_mut()
                .find(|p| p.first.canonical == u.canonical && p.first.words == u.words)
            {
                Some(p) => p.push((u.start, u.end)),
                None => out.push(Place::new(u)),
            }
        }
        out
    }

    /// Places of one article whose spellings normalise alike, as one:
    /// the earliest use first, then the next few of any of them.
    fn merge(group: &[&Place]) -> Option<Place> {
        let earliest = group.iter().min_by_key(|p| p.first.start)?;
        let mut spans: Vec<(u32, u32)> = group
            .iter()
            .flat_map(|p| {
                std::iter::once((p.first.start, p.first.end)).chain(p.more().iter().copied())
            })
            .collect();
        spans.sort_unstable();
        let mut out = Place::new(earliest.first.clone());
        for &span in spans.iter().skip(1) {
            out.push(span);
        }
        Some(out)
    }
}

/// Is this spelling of `canonical` a variant to flag, given the spellings
/// the corpus uses? Returns the word pair it differs in, when known.
fn flag(
    spelling: &str,
    listed_variant: bool,
    canonical: &str,
    used: &[&str],
) -> Option<Option<(String, String)>> {
    if norm(spelling) == norm(canonical) {
        return None;
    }
    if listed_variant {
        return Some(one_word_apart(spelling, canonical));
    }
    if contains_words(spelling, canonical) {
        return None;
    }
    std::iter::once(canonical)
        .chain(
            used.iter()
                .copied()
                .filter(|s| contains_words(s, canonical)),
        )
        .find_map(|t| one_word_apart(spelling, t))
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

    fn scans_texts(&self) -> bool {
        true
    }

    /// Only each place's first uses are kept ([`Place::fold`]): a
    /// finding shows no more, and an article names an organisation
    /// many times.
    fn scan(&self, text: &Lexed<'_>, _claims: Option<&[Claim]>) -> Vec<Mark> {
        let mut marks: Vec<Mark> = Place::fold(self.uses_in(text.text, Some(text)).into_iter())
            .iter()
            .flat_map(|p| {
                let first = p.first.mark();
                let more = p.more().iter().map(move |&(start, end)| Mark {
                    start,
                    end,
                    ..first
                });
                std::iter::once(first.clone()).chain(more)
            })
            .collect();
        marks.sort_by_key(|m| m.start);
        marks
    }

    fn text_parts(&self, text: &str) -> Vec<u64> {
        let mut parts: Vec<u64> = self
            .uses_in(text, None)
            .iter()
            .filter_map(|u| self.canonicals.get(u.canonical as usize))
            .map(|canonical| crate::rules::parts::name(canonical))
            .collect();
        parts.sort_unstable();
        parts.dedup();
        parts
    }

    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError> {
        let mut articles: Vec<&str> = ctx.corpus.iter().map(|a| a.id.as_str()).collect();
        articles.sort();
        articles.dedup();
        fn spelling(u: &Use) -> &str {
            &u.words
        }
        let article = |u: &Use| articles.get(u.article as usize).copied().unwrap_or("");
        let mut by_organisation = self.places(meta, ctx, &articles);
        let mut order: Vec<usize> = (0..self.canonicals.len()).collect();
        order.sort_by(|&a, &b| self.canonicals[a].cmp(&self.canonicals[b]));
        let mut out = Outcome::default();
        for c in order {
            let raw_places = std::mem::take(&mut by_organisation[c]);
            let canonical = self.canonicals[c].as_str();
            if raw_places.is_empty()
                || !meta.filter.subject.is_empty()
                    && !meta
                        .filter
                        .subject
                        .iter()
                        .any(|s| norm(s) == norm(canonical))
            {
                continue;
            }
            let part = crate::rules::parts::name(canonical);
            // The spellings, normalised once per distinct raw spelling:
            // normalised → its first raw form (places come in article
            // order, each at its first use), and raw → its rank among the
            // normalised ones.
            let mut normalised: HashMap<&str, String> = HashMap::new();
            let mut spellings: BTreeMap<String, &str> = BTreeMap::new();
            for p in &raw_places {
                let raw = spelling(&p.first);
                let n = normalised.entry(raw).or_insert_with(|| norm(raw));
                spellings.entry(n.clone()).or_insert(raw);
            }
            let rank_of: HashMap<&str, usize> = spellings
                .keys()
                .enumerate()
                .map(|(r, n)| (n.as_str(), r))
                .collect();
            let rank_of_raw: HashMap<&str, usize> = normalised
                .iter()
                .map(|(raw, n)| (*raw, rank_of.get(n.as_str()).copied().unwrap_or(0)))
                .collect();
            let rank = |p: &Place| rank_of_raw.get(spelling(&p.first)).copied().unwrap_or(0);
            let used: Vec<&str> = spellings.values().copied().collect();
            // Places: the uses of one spelling in one article, in article
            // then spelling order; raw spellings that normalise alike in
            // one article are one place.
            let mut by_place: Vec<usize> = (0..raw_places.len()).collect();
            by_place.sort_by_key(|&i| (raw_places[i].first.article, rank(&raw_places[i])));
            let places: Vec<Place> = by_place
                .chunk_by(|&x, &y| {
                    raw_places[x].first.article == raw_places[y].first.article
                        && rank(&raw_places[x]) == rank(&raw_places[y])
                })
                .filter_map(|group| {
                    let group: Vec<&Place> = group.iter().map(|&i| &raw_places[i]).collect();
                    Place::merge(&group)
                })
                .collect();
            let ranks: Vec<usize> = places.iter().map(rank).collect();
            // A few places per spelling, not every article of a large
            // corpus: a finding stays readable and its size bounded.
            let mut first_places: Vec<Vec<usize>> = vec![Vec::new(); spellings.len()];
            for (k, &r) in ranks.iter().enumerate() {
                if let Some(v) = first_places.get_mut(r) {
                    if v.len() < MAX_RELATED {
                        v.push(k);
                    }
                }
            }
            let canonical_used = rank_of.contains_key(norm(canonical).as_str());
            for (place, &rank) in places.iter().zip(&ranks) {
                let first = &place.first;
                let here = article(first);
                out.member(ctx, here, part);
                if !meta.filter.article.is_empty() && !meta.filter.article.iter().any(|a| a == here)
                {
                    continue;
                }
                out.count(ctx, About::Part(part), 1, 0);
                if spellings.len() < 2 {
                    continue;
                }
                let raw = spelling(first);
                let Some(words) = flag(raw, first.listed_variant, canonical, &used) else {
                    continue;
                };
                out.count(ctx, About::Part(part), 0, 1);
                let text = ctx.text(here);
                let message = if canonical_used {
                    format!(
                        "“{raw}” is a variant spelling of “{canonical}”, which the corpus also uses"
                    )
                } else {
                    let others: Vec<String> = used
                        .iter()
                        .enumerate()
                        .filter(|(r, _)| *r != rank)
                        .map(|(_, v)| format!("“{v}”"))
                        .collect();
                    format!(
                        "“{raw}” is a variant spelling of “{canonical}”; the corpus also writes {}",
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
                let mut f = FindingBuilder::at_span(meta, here, text, first.start, first.end, message)
                    .label(format!("spelled “{raw}” here"))
                    .help(Some(format!("one organisation, one spelling{word}: {source}; use it everywhere, or check that this is not a different organisation")));
                for &(start, end) in place.more() {
                    f = f.related_span(here, text, start, end, "the same variant again");
                }
                let mut theirs: Vec<usize> = first_places
                    .iter()
                    .enumerate()
                    .filter(|(r, _)| *r != rank)
                    .flat_map(|(_, v)| v.iter().copied())
                    .collect();
                theirs.sort_unstable();
                for k in theirs {
                    let u = &places[k].first;
                    let there = article(u);
                    f = f.related_span(
                        there,
                        ctx.text(there),
                        u.start,
                        u.end,
                        format!("spelled “{}” in {there}", spelling(u)),
                    );
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
    fn places_keep_the_first_use_and_the_next_few() {
        let at = |start: u32, words: &str| Use {
            canonical: 0,
            article: 0,
            start,
            end: start + 4,
            listed_variant: false,
            words: Sym::intern(words),
        };
        let uses = [0, 10, 20, 30, 40, 50].map(|s| at(s, if s == 10 { "ACME" } else { "Acme" }));
        let places = Place::fold(uses.into_iter());
        assert_eq!(places.len(), 2);
        assert_eq!(places[0].first.start, 0);
        // Capped at MAX_RELATED: the use at 50 is not kept.
        assert_eq!(places[0].more(), &[(20, 24), (30, 34), (40, 44)]);
        assert_eq!((places[1].first.start, places[1].more()), (10, &[][..]));
        // Two spellings of one place: the earliest use leads, whichever
        // spelling it is, and the next few of either follow.
        let merged = Place::merge(&[&places[1], &places[0]]).unwrap();
        assert_eq!(&*merged.first.words, "Acme");
        assert_eq!(merged.more(), &[(10, 14), (20, 24), (30, 34)]);
        assert!(Place::merge(&[]).is_none());
    }

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
        let u = |s: &'static str, listed: bool| (s, listed);
        let flag = |(s, listed): (&str, bool), c: &str, used: &[&str]| flag(s, listed, c, used);
        let c = "Weiqiao Pioneering Group";
        let used = [
            "Shandong Weiqiao Pioneering Group Co",
            "Weiqiao Pioneer Group",
        ];
        assert!(flag(u("Weiqiao Pioneer Group", false), c, &used).is_some());
        assert!(flag(u("Weiqiao", false), c, &used).is_none());
        assert!(flag(u("Shandong Weiqiao Pioneering Group Co", false), c, &used).is_none());
        assert!(flag(u("Shandong Weiqiao Pioneer Group Co", false), c, &used).is_some());
        assert!(flag(u("WPG", true), c, &used).is_some());
    }

    /// The rule over articles `a0.txt`, `a1.txt`, … with these texts.
    fn run_on(names: &str, texts: &[&str]) -> Outcome {
        use crate::rules::select::testing::{article, meta};
        let m: serde_yaml::Mapping = serde_yaml::from_str(names).unwrap();
        let dir = std::path::Path::new("rules");
        let rule = build(&m, &BuildContext { dir }).unwrap();
        let articles: Vec<_> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| article(&format!("a{i}.txt"), t, "2024-01-01"))
            .collect();
        let ctx = Context::new(&[], &articles, dir);
        rule.run(&meta("naming"), &ctx).unwrap()
    }

    #[test]
    fn a_variant_in_many_articles_shows_a_few_places_of_each_spelling() {
        let names = "names:
  - {canonical: Binzhou Medical University, variants: [Binzhou Medicine University]}
  - {canonical: Weiqiao Pioneering Group, variants: [Weiqiao Pioneer Group]}";
        let mut texts =
            vec!["Binzhou Medicine University grew. Binzhou Medicine University hired."];
        texts.extend(["Binzhou Medical University grew. Weiqiao Pioneer Group hired."; 5]);
        let out = run_on(names, &texts);
        // Places: (article, organisation, spelling); only one spelling of
        // Weiqiao is used, so it is not a variant "of" anything used.
        assert_eq!((out.checked, out.failed), (11, 1));
        let f = &out.findings[0];
        assert_eq!(
            (f.article.as_str(), f.text.as_str()),
            ("a0.txt", "Binzhou Medicine University")
        );
        let related: Vec<(&str, &str)> = f
            .related
            .iter()
            .map(|r| (r.article.as_str(), r.label.as_str()))
            .collect();
        assert_eq!(
            related,
            [
                ("a0.txt", "the same variant again"),
                ("a1.txt", "spelled “Binzhou Medical University” in a1.txt"),
                ("a2.txt", "spelled “Binzhou Medical University” in a2.txt"),
                ("a3.txt", "spelled “Binzhou Medical University” in a3.txt"),
            ]
        );
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
