//! `enumeration`: a stated count against the items listed with it
//! ("eight major industries: aluminum, textiles, …").

use crate::check::Context;
use crate::claim::{Claim, Role};
use crate::finding::FindingBuilder;
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo};
use crate::rules::select;
use crate::rules::{Check, CheckError, Outcome, RuleMeta};
use rayon::prelude::*;
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
            .filter(|(_, c)| {
                c.role == Some(Role::Whole) && c.unit == "count" && meta.filter.matches(c)
            })
            .filter_map(|(row, c)| {
                let mut items: Vec<(u32, &Claim)> = ctx
                    .statement(rows, c.group)
                    .filter(|(_, m)| m.role == Some(Role::Item))
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

impl Enumeration {
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

    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError> {
        let lists = lists(ctx, meta);
        // Whether each list is partial, side by side: it reads the
        // article's text, which is not kept (a million articles have
        // hundreds of thousands of lists; only failing ones keep theirs,
        // for their findings).
        let partial: Vec<bool> = lists
            .par_iter()
            .map(|(whole_row, item_rows)| {
                let whole = ctx.claim(*whole_row);
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
