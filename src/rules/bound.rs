//! `bound`: a part never exceeds its whole — parts of one statement
//! ("including", "of which") and configured metric pairs across the corpus.

use crate::check::{group_members, Context, Member};
use crate::claim::Claim;
use crate::finding::FindingBuilder;
use crate::interval::Interval;
use crate::report::claims::fmt_num;
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo};
use crate::rules::select::iv;
use crate::rules::sum::{same_fact_groups, unit_factor};
use crate::rules::{Check, CheckError, Outcome, RuleMeta};
use serde::Deserialize;

pub const KIND: KindInfo = KindInfo {
    name: "bound",
    summary:
        "a part must not exceed its whole (\"including\", \"of which\", configured metric pairs)",
    doc: DOC,
    build,
};

const DOC: &str = r#"# bound

Checks that a part never exceeds its whole.

- Statements: a part and the whole of the same statement ("1,530
  enterprises above designated scale, including five in China's top 500
  list", "37 products … Of these, four …"), in the same unit or in units of
  one family (hectares and square kilometres).
- Configured pairs: `pairs: [{part: global_champion_products, whole:
  champion_products}]`. Every level of the part metric is compared with the
  levels of the whole metric with the same subject, unit and period anywhere
  in the corpus (claims without a subject or a period only match within
  their article).

Qualifiers count: "more than 5,600 … of more than 47,000" is a part in
[5600, ∞) and a whole in [47000, ∞), and nothing is wrong; the rule fires
only when the part's lower end exceeds the whole's upper end. When several
claims give the whole, the largest is used.

Parameters:
- `groups` (bool, default true): check the parts and wholes of statements.
- `pairs` (list of `{part, whole}` metric ids, default none): metric pairs
  to compare across the corpus.

Example rule:

```yaml
- id: part-exceeds-whole
  kind: bound
  severity: error
  title: A part cannot exceed its whole
  pairs:
    - { part: global_champion_products, whole: champion_products }
```

Flags: "The city is home to 1,530 enterprises above designated scale,
including 1,600 high-tech enterprises."
"#;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pair {
    part: String,
    whole: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "yes")]
    groups: bool,
    #[serde(default)]
    pairs: Vec<Pair>,
}

fn yes() -> bool {
    true
}

#[derive(Debug)]
struct Bound {
    groups: bool,
    pairs: Vec<Pair>,
}

fn build(m: &serde_yaml::Mapping, _: &BuildContext<'_>) -> Result<Box<dyn Check>, BuildError> {
    let p: Params = params(m)?;
    if !p.groups && p.pairs.is_empty() {
        return Err(
            BuildError::new("groups", "with `groups: false` the rule needs `pairs`").help(
                "e.g. `pairs: [{ part: global_champion_products, whole: champion_products }]`",
            ),
        );
    }
    if let Some(pair) = p.pairs.iter().find(|p| p.part == p.whole) {
        return Err(BuildError::new(
            "pairs",
            format!("`{}` is both the part and the whole of a pair", pair.part),
        ));
    }
    Ok(Box::new(Bound {
        groups: p.groups,
        pairs: p.pairs,
    }))
}

/// Whether a part (already in the whole's unit) can fit in its whole: the
/// part's lower end must not exceed the whole's upper end.
pub fn can_fit(part: Interval, whole: Interval) -> bool {
    part.lo <= whole.hi
}

/// Why a part may exceed its whole, if a known slip explains it.
pub fn likely_cause(part: Interval, whole: Interval) -> Option<String> {
    for k in [1e3, 1e6, 1e9] {
        if can_fit(part.scale(1.0 / k), whole) && part.scale(1.0 / k).hi * 10.0 >= whole.lo {
            return Some("a scale slip: the part is a thousand times or more larger than plausible (million vs billion?)".into());
        }
    }
    None
}

/// What the part and the whole are called in a finding.
struct Names<'n> {
    part: &'n str,
    whole: &'n str,
}

fn finding(
    meta: &RuleMeta,
    ctx: &Context<'_>,
    part: &Claim,
    whole: &Claim,
    factor: f64,
    names: Names<'_>,
) -> crate::finding::Finding {
    let exact = |c: &Claim| c.lo == c.value && c.hi == c.value;
    let mut message = format!(
        "{} “{}” exceeds {} “{}”",
        names.part, part.text, names.whole, whole.text
    );
    if !exact(part) || !exact(whole) {
        message.push_str(&format!(
            ": the part is at least {}, the whole at most {}",
            fmt_num(part.lo),
            fmt_num(whole.hi / factor)
        ));
    }
    let whole_label = if whole.article == part.article {
        format!("the whole, {}", fmt_num(whole.value))
    } else {
        format!("the whole, {} (in {})", fmt_num(whole.value), whole.article)
    };
    FindingBuilder::new(meta, part, ctx.text(&part.article), message)
        .label(format!(
            "part {}; the whole is only {}",
            fmt_num(part.value),
            fmt_num(whole.value / factor)
        ))
        .values(Some(part.value), Some(whole.value / factor))
        .help(likely_cause(iv(part).scale(factor), iv(whole)))
        .related(whole, ctx.text(&whole.article), whole_label)
        .build()
}

impl Bound {
    fn statements(
        &self,
        meta: &RuleMeta,
        ctx: &Context<'_>,
        out: &mut Outcome,
    ) -> Result<(), CheckError> {
        let groups = group_members(ctx, Member::role("part"), [Member::role("whole")]);
        for (part_row, members) in groups {
            let part = ctx.claim(part_row);
            let Some(whole) = members[0].map(|r| ctx.claim(r)) else {
                continue;
            };
            if !meta.filter.matches(part) {
                continue;
            }
            let Some(factor) = unit_factor(&part.unit, &whole.unit) else {
                continue;
            };
            out.check(ctx, [part, whole]);
            if can_fit(iv(part).scale(factor), meta.tolerance.widen(iv(whole))) {
                continue;
            }
            out.fail();
            let names = Names {
                part: "part",
                whole: "its whole",
            };
            out.findings
                .push(finding(meta, ctx, part, whole, factor, names));
        }
        Ok(())
    }

    fn configured(
        &self,
        meta: &RuleMeta,
        ctx: &Context<'_>,
        pair: &Pair,
        out: &mut Outcome,
    ) -> Result<(), CheckError> {
        for group in same_fact_groups(ctx, &pair.part, &pair.whole) {
            // The most lenient whole first: the largest upper end (then
            // corpus order). Sorted once per fact, not once per part.
            let mut wholes: Vec<&Claim> = group.right.iter().map(|&r| ctx.claim(r)).collect();
            wholes.sort_by(|a, b| b.hi.total_cmp(&a.hi));
            for &part_row in &group.left {
                let part = ctx.claim(part_row);
                if !meta.filter.matches(part) {
                    continue;
                }
                // A statement's own whole is the statement check's business.
                let in_statement = |w: &Claim| {
                    self.groups
                        && part.group.is_some()
                        && w.group == part.group
                        && w.article == part.article
                };
                let Some(&whole) = wholes.iter().find(|w| !in_statement(w)) else {
                    continue;
                };
                self.compare(meta, ctx, pair, part, whole, out);
            }
        }
        Ok(())
    }

    fn compare(
        &self,
        meta: &RuleMeta,
        ctx: &Context<'_>,
        pair: &Pair,
        part: &Claim,
        whole: &Claim,
        out: &mut Outcome,
    ) {
        out.check(ctx, [part, whole]);
        if can_fit(iv(part), meta.tolerance.widen(iv(whole))) {
            return;
        }
        out.fail();
        let names = Names {
            part: &pair.part,
            whole: &pair.whole,
        };
        out.findings
            .push(finding(meta, ctx, part, whole, 1.0, names));
    }
}

impl Check for Bound {
    fn reach(&self) -> crate::rules::Reach {
        crate::rules::Reach::Shared(crate::rules::parts::subject)
    }

    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError> {
        let mut out = Outcome::default();
        if self.groups {
            self.statements(meta, ctx, &mut out)?;
        }
        for pair in &self.pairs {
            self.configured(meta, ctx, pair, &mut out)?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualified_bounds_only_fail_when_the_part_must_exceed() {
        // "more than 5,600 … of more than 47,000": nothing is wrong.
        let part = Interval::new(5600.0, f64::INFINITY);
        let whole = Interval::new(47000.0, f64::INFINITY);
        assert!(can_fit(part, whole));
        // "more than 50,000 … of nearly 47,000" cannot be.
        assert!(!can_fit(
            Interval::new(50000.0, f64::INFINITY),
            Interval::new(44650.0, 47000.0)
        ));
        // "at most 50,000 of 47,000" can.
        assert!(can_fit(
            Interval::new(f64::NEG_INFINITY, 50000.0),
            Interval::point(47000.0)
        ));
        assert!(!can_fit(Interval::point(1600.0), Interval::point(1530.0)));
    }

    #[test]
    fn scale_slips() {
        assert!(likely_cause(Interval::point(5e9), Interval::point(20e6)).is_some());
        assert!(likely_cause(Interval::point(1600.0), Interval::point(1530.0)).is_none());
    }
}
