//! `enumeration`: a stated count against the items listed with it
//! ("eight major industries: aluminum, textiles, …").

use crate::check::Context;
use crate::claim::{Claim, Role};
use crate::corpus::Mark;
use crate::extract::lexicon::Lexed;
use crate::finding::FindingBuilder;
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo};
use crate::rules::select;
use crate::rules::{Check, CheckError, Outcome, RuleMeta};
use crate::sym::Sym;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Deserialize;

pub const KIND: KindInfo = KindInfo {
    name: "enumeration",
    summary: "a stated count must match the number of items listed with it",
    doc: DOC,
    build,
};

const DOC: &str = r#"# enumeration

Checks a stated count against the list that spells it out: "eight major
industries: aluminum, textiles, chemicals, … and the medical and health
care sector" must list eight. Items joined inside one list entry ("animal
husbandry and aquaculture") are one item, as the extractor splits them.

A list introduced as a selection ("including", "such as", "among them")
or closed with "etc." or "and others" may name fewer items than the count;
it is flagged only when it names more. A count written with a qualifier
("more than ten") stands for its interval, as everywhere.

Parameters:
- `partial_markers` (list of phrases): words before the first item or after
  the last that mark a list as a selection. Default: including, such as,
  among them, among which, for example, for instance, e.g., like, notably,
  etc, and so on, and others, among others, and more.

Example rule:

```yaml
- id: enumeration-count
  kind: enumeration
  severity: error
  title: A stated count must match the items listed
```

Flags: "The products cover five industries: aluminum, textiles, chemicals
and machinery." (four items listed)
"#;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_markers")]
    partial_markers: Vec<String>,
}

fn default_markers() -> Vec<String> {
    [
        "including",
        "such as",
        "among them",
        "among which",
        "for example",
        "for instance",
        "e.g",
        "like",
        "notably",
        "etc",
        "and so on",
        "and others",
        "among others",
        "and more",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[derive(Debug)]
struct Enumeration {
    partial_markers: Vec<String>,
}

fn build(m: &serde_yaml::Mapping, _: &BuildContext<'_>) -> Result<Box<dyn Check>, BuildError> {
    let p: Params = params(m)?;
    if p.partial_markers.iter().any(|w| w.trim().is_empty()) {
        return Err(BuildError::new("partial_markers:", "a marker is empty")
            .help("list words or phrases such as `including`"));
    }
    Ok(Box::new(Enumeration {
        partial_markers: p.partial_markers,
    }))
}

/// A stated count: what a list is checked against. The run's lists and
/// the scan's marks both pick counts and items with these two.
fn is_count(c: &Claim) -> bool {
    c.role == Some(Role::Whole) && c.unit == "count"
}

/// An item of a list.
fn is_item(c: &Claim) -> bool {
    c.role == Some(Role::Item)
}

/// Every stated count (role whole, unit count) with the items of its
/// statement, as (whole row, item rows in text order), in row order.
///
/// Article by article, in parallel: a statement's members are in their
/// article. (A Polars group_by of every item joined to the wholes needed
/// half a gigabyte at a million articles.)
fn lists(ctx: &Context<'_>, meta: &RuleMeta) -> Vec<(u32, Vec<u32>)> {
    let per_article = ctx.per_article(|rows| {
        rows.iter()
            .map(|&row| (row, ctx.claim(row)))
            .filter(|(_, c)| is_count(c) && meta.filter.matches(c))
            .filter_map(|(row, c)| {
                let mut items: Vec<(u32, &Claim)> = ctx
                    .statement(rows, c.group)
                    .filter(|(_, m)| is_item(m))
                    .collect();
                items.sort_by_key(|(_, m)| m.start);
                (!items.is_empty()).then(|| (row, items.into_iter().map(|(r, _)| r).collect()))
            })
            .collect::<Vec<_>>()
    });
    let mut out: Vec<(u32, Vec<u32>)> = per_article.into_iter().flatten().collect();
    out.sort_unstable_by_key(|(row, _)| *row);
    out
}

/// A mark's tag: the list that starts at the mark's count is a selection.
const PARTIAL: u32 = 1;
/// A mark's tag: the list is meant to be complete.
const COMPLETE: u32 = 0;

impl Enumeration {
    /// Whether the list of the count `whole` is partial, from the marks
    /// its article's scan left; None when the scan did not decide (the
    /// article's claims came from the cache, or from a claims file).
    fn marked(&self, meta: &RuleMeta, ctx: &Context<'_>, whole: &Claim) -> Option<bool> {
        let mut tags = ctx
            .marks(&meta.id, &whole.article)?
            .iter()
            .filter(|m| m.start == whole.start && m.end == whole.end)
            .map(|m| m.tag == PARTIAL);
        let first = tags.next()?;
        // Two counts on one span: trust the marks only if they agree.
        tags.all(|t| t == first).then_some(first)
    }

    /// Is the list a selection: a marker between the count and the first
    /// item, or right after the last item?
    fn partial(&self, text: &str, whole: &Claim, first: &Claim, last: &Claim) -> bool {
        let between = text
            .get(whole.end as usize..first.start as usize)
            .unwrap_or("");
        let after_start = last.end as usize;
        let mut after_end = (after_start + 40).min(text.len());
        while !text.is_char_boundary(after_end) {
            after_end -= 1;
        }
        let after = text.get(after_start..after_end).unwrap_or("");
        let after = after.split(['.', ';', '\n']).next().unwrap_or("");
        select::has_phrase(between, &self.partial_markers)
            || select::has_phrase(after, &self.partial_markers)
    }
}

impl Check for Enumeration {
    fn reach(&self) -> crate::rules::Reach {
        crate::rules::Reach::Article
    }

    fn scans_claims(&self) -> bool {
        true
    }

    /// A mark on each count with a list in `claims` (an article's), tagged
    /// [`PARTIAL`] or [`COMPLETE`]: every count, whatever the rule's
    /// filter, which the run applies.
    fn scan(&self, text: &Lexed<'_>, claims: Option<&[Claim]>) -> Vec<Mark> {
        let Some(claims) = claims else {
            return Vec::new();
        };
        // Most articles state no count: no map for them.
        if !claims.iter().any(is_count) {
            return Vec::new();
        }
        // Each statement's first and last item, as the run sorts them
        // (by start; the earliest claim first among equals).
        let mut ends: FxHashMap<u32, (&Claim, &Claim)> = FxHashMap::default();
        for item in claims.iter().filter(|c| is_item(c)) {
            let Some(group) = item.group else { continue };
            let (first, last) = ends.entry(group).or_insert((item, item));
            if item.start < first.start {
                *first = item;
            }
            if item.start >= last.start {
                *last = item;
            }
        }
        claims
            .iter()
            .filter(|c| is_count(c))
            .filter_map(|whole| {
                let &(first, last) = ends.get(&whole.group?)?;
                let partial = self.partial(text.text, whole, first, last);
                Some(Mark {
                    tag: if partial { PARTIAL } else { COMPLETE },
                    start: whole.start,
                    end: whole.end,
                    words: Sym::intern(&whole.text),
                })
            })
            .collect()
    }

    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError> {
        let lists = lists(ctx, meta);
        // Whether each list is partial: decided by the scan while the
        // article was extracted, or else from the article's text, read
        // again and let go (a million articles have hundreds of thousands
        // of lists; reading them all again was 2.5 s of such a run).
        let partial: Vec<bool> = lists
            .par_iter()
            .map(|(whole_row, item_rows)| {
                let whole = ctx.claim(*whole_row);
                if let Some(partial) = self.marked(meta, ctx, whole) {
                    return partial;
                }
                let (Some(&first), Some(&last)) = (item_rows.first(), item_rows.last()) else {
                    return true;
                };
                ctx.with_text(&whole.article, |text| {
                    // Without the text (claims files), whether the list is
                    // partial is unknown: assume it is, and report only
                    // lists that are too long.
                    text.is_empty() || self.partial(text, whole, ctx.claim(first), ctx.claim(last))
                })
            })
            .collect();
        let mut out = Outcome::default();
        for ((whole_row, item_rows), partial) in lists.into_iter().zip(partial) {
            let whole = ctx.claim(whole_row);
            let items: Vec<&Claim> = item_rows.iter().map(|&r| ctx.claim(r)).collect();
            if items.is_empty() {
                continue;
            }
            out.check(ctx, std::iter::once(whole).chain(items.iter().copied()));
            let n = items.len() as f64;
            let stated = meta
                .tolerance
                .widen(crate::interval::Interval::new(whole.lo, whole.hi));
            let ok = if partial {
                n <= stated.hi
            } else {
                stated.contains(n)
            };
            if ok {
                continue;
            }
            out.fail();
            let noun = whole
                .noun
                .as_deref()
                .map(|s| format!(" {s}"))
                .unwrap_or_default();
            let message = format!(
                "“{}”{noun} are announced, but the list names {}",
                whole.text,
                items.len()
            );
            let joined: Vec<&str> = items
                .iter()
                .filter(|c| c.text.contains(" and "))
                .map(|c| c.text.as_str())
                .collect();
            let help = if n < stated.lo {
                if joined.is_empty() {
                    "an item is missing from the list, or the count is wrong; if the list is only a selection, introduce it with “including” or “such as”".to_string()
                } else {
                    format!(
                        "items joined with “and” count as one here ({}): if they are separate items, separate them with commas; otherwise an item is missing or the count is wrong",
                        joined.iter().map(|t| format!("“{t}”")).collect::<Vec<_>>().join(", ")
                    )
                }
            } else {
                "the list names more items than the count: an item was added without updating the count, or the count is wrong".to_string()
            };
            let text = ctx.text(&whole.article);
            let mut f = FindingBuilder::new(meta, whole, text, message)
                .label(format!("stated {}; {} listed", whole.text, items.len()))
                .values(Some(whole.value), Some(n))
                .help(Some(help));
            for (k, c) in items.iter().enumerate() {
                f = f.related(
                    c,
                    ctx.text(&c.article),
                    format!("item {}: {}", k + 1, c.text),
                );
            }
            out.findings.push(f.build());
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(start: u32, end: u32, text: &str) -> Claim {
        Claim {
            text: text.into(),
            ..Claim::level("a", start, end, 1.0, "count")
        }
    }

    /// "five industries, including a, b and c.": a count of five and its
    /// list of three, a selection.
    fn selection() -> (&'static str, Vec<Claim>) {
        let text = "five industries, including a, b and c.";
        let member = |start, end, t: &str, role| Claim {
            group: Some(1),
            role: Some(role),
            ..claim(start, end, t)
        };
        let mut five = member(0, 4, "five", Role::Whole);
        (five.value, five.lo, five.hi) = (5.0, 5.0, 5.0);
        let claims = vec![
            five,
            member(27, 28, "a", Role::Item),
            member(30, 31, "b", Role::Item),
            member(36, 37, "c", Role::Item),
        ];
        (text, claims)
    }

    #[test]
    fn the_scan_decides_each_list_and_the_run_takes_its_word() {
        let e = Enumeration {
            partial_markers: default_markers(),
        };
        let (text, claims) = selection();
        let lexicon = crate::extract::lexicon::Lexicon::from_source(&crate::yaml::YamlSource {
            path: "metrics.yaml".into(),
            text: "metrics: []\n".into(),
        })
        .unwrap();
        let lexed = Lexed::new(text, &lexicon);
        // Without the article's claims (from the cache) nothing is decided.
        assert!(e.scan(&lexed, None).is_empty());
        let marks = e.scan(&lexed, Some(&claims));
        assert_eq!(marks.len(), 1);
        assert_eq!(
            (marks[0].tag, marks[0].start, marks[0].end),
            (PARTIAL, 0, 4)
        );
        assert_eq!(&*marks[0].words, "five");

        let meta = crate::rules::sum::tests::meta("enumeration");
        let run = |tag: Option<u32>| {
            let mut article =
                crate::corpus::Article::from_text("a".into(), "a.txt".into(), text.into(), None)
                    .unwrap();
            if let Some(tag) = tag {
                let marks = vec![Mark {
                    tag,
                    ..marks[0].clone()
                }];
                article.marks = Some(crate::corpus::Marks::new(vec![marks]));
            }
            let articles = [article];
            let mut ctx = Context::new(&claims, &articles, std::path::Path::new("rules"));
            ctx.scanners = vec![meta.id.clone()];
            let o = e.run(&meta, &ctx).unwrap();
            (o.checked, o.failed)
        };
        // A selection of three may stand for five: from the text, or
        // from the scan's mark.
        assert_eq!(run(None), (1, 0));
        assert_eq!(run(Some(PARTIAL)), (1, 0));
        // The run takes the mark's word without reading the text again.
        assert_eq!(run(Some(COMPLETE)), (1, 1));
    }

    #[test]
    fn selections_are_partial() {
        let e = Enumeration {
            partial_markers: default_markers(),
        };
        let t = "five industries, including a, b and c.";
        assert!(e.partial(
            t,
            &claim(0, 4, "five"),
            &claim(27, 28, "a"),
            &claim(36, 37, "c")
        ));
        let t = "five industries: a, b and c, etc.";
        assert!(e.partial(
            t,
            &claim(0, 4, "five"),
            &claim(17, 18, "a"),
            &claim(26, 27, "c")
        ));
        let t = "five industries: a, b and c. Like it or not.";
        assert!(!e.partial(
            t,
            &claim(0, 4, "five"),
            &claim(17, 18, "a"),
            &claim(26, 27, "c")
        ));
    }
}
