//! `points`: a stated percentage-point change against its percent levels.

use crate::check::Context;
use crate::claim::Claim;
use crate::finding::FindingBuilder;
use crate::interval::Interval;
use crate::report::claims::fmt_num;
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo, NoParams};
use crate::rules::select::{changes, iv, round};
use crate::rules::{Check, CheckError, Outcome, RuleMeta};

pub const KIND: KindInfo = KindInfo {
    name: "points",
    summary: "a stated percentage-point change must match the difference of its percent levels",
    doc: DOC,
    build,
};

const DOC: &str = r#"# points

Checks a stated change in percentage points ("increased by 3.3 percentage
points") against the difference of the percent levels it connects ("from
28.5 percent in 2019 to 31.8 percent in 2021"): to − from.

A change in points is a difference, not a ratio. A common slip is to give
the relative change (to / from − 1, in percent) and call it points, or the
other way round; the help says so when the stated figure is the relative
change.

The rule only checks statements whose starting level is known: "increased by
30.2 percentage points in three years and reached 65.2 percent" gives no
starting level and is not checked. Both levels must be in percent.

The difference is computed by interval arithmetic from the intervals the
levels stand for ("28.5 percent" is [28.45, 28.55]), and the rule fires only
when it cannot meet the stated change.

Parameters: none.

Example rule:

```yaml
- id: points-mismatch
  kind: points
  severity: error
  title: A percentage-point change must match its levels
```

Flags: "The forest coverage rate rose from 28.5 percent in 2019 to 31.8
percent in 2021, an increase of 11.6 percentage points." (31.8 − 28.5 is 3.3
points; 11.6 % is the relative change.)
"#;

#[derive(Debug)]
struct Points;

fn build(m: &serde_yaml::Mapping, _: &BuildContext<'_>) -> Result<Box<dyn Check>, BuildError> {
    let _: NoParams = params(m)?;
    Ok(Box::new(Points))
}

/// The change in points two percent levels imply.
pub fn implied_points(from: Interval, to: Interval) -> Interval {
    to.sub(from)
}

/// The relative change of two levels, in percent.
pub fn relative_change(from: Interval, to: Interval) -> Interval {
    to.div(from).map(|r| (r - 1.0) * 100.0)
}

/// Why a stated change in points may be off, if a known slip explains it.
pub fn likely_cause(stated: Interval, from: &Claim, to: &Claim) -> Option<String> {
    let rel = relative_change(iv(from), iv(to));
    if stated.overlaps(&rel) {
        return Some(format!(
            "percent taken for percentage points: {} % is the relative change ({} / {} − 1), but a change in percentage points is the difference {} − {} = {}",
            fmt_num(round((to.value / from.value - 1.0) * 100.0, 2)),
            fmt_num(to.value),
            fmt_num(from.value),
            fmt_num(to.value),
            fmt_num(from.value),
            fmt_num(round(to.value - from.value, 2)),
        ));
    }
    let wrong_base = iv(to).map2(iv(from), |t, f| (t - f) / t * 100.0);
    if stated.overlaps(&wrong_base) {
        return Some(format!(
            "percent taken for percentage points, with the change divided by the new value: ({} − {}) / {} = {} %; the change in points is {}",
            fmt_num(to.value),
            fmt_num(from.value),
            fmt_num(to.value),
            fmt_num(round(wrong_base.mid(), 2)),
            fmt_num(round(to.value - from.value, 2)),
        ));
    }
    if stated.overlaps(&implied_points(iv(from), iv(to)).map(|x| -x)) {
        return Some("the sign is reversed: the levels move the other way".into());
    }
    None
}

impl Check for Points {
    fn reach(&self) -> crate::rules::Reach {
        crate::rules::Reach::Article
    }

    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError> {
        let mut out = Outcome::default();
        for change in changes(ctx, meta, "points")? {
            let stated = change.stated;
            let (Some(from), Some(to)) = (change.from, change.to) else {
                continue;
            };
            if from.unit != "percent" || to.unit != "percent" {
                continue;
            }
            out.check(ctx, [stated, from, to]);
            let implied = meta.tolerance.widen(implied_points(iv(from), iv(to)));
            if implied.overlaps(&iv(stated)) {
                continue;
            }
            out.fail();
            let computed = round(to.value - from.value, 2);
            let message = format!(
                "stated change of {} percentage points does not match {} % → {} %, a change of {} points",
                fmt_num(stated.value),
                fmt_num(from.value),
                fmt_num(to.value),
                fmt_num(computed)
            );
            let f = FindingBuilder::new(meta, stated, ctx.text(&stated.article), message)
                .label(format!(
                    "stated {} points; the levels give {}",
                    fmt_num(stated.value),
                    fmt_num(computed)
                ))
                .values(Some(stated.value), Some(computed))
                .help(likely_cause(iv(stated), from, to))
                .related(
                    from,
                    ctx.text(&from.article),
                    format!("from {} %", fmt_num(from.value)),
                )
                .related(
                    to,
                    ctx.text(&to.article),
                    format!("to {} %", fmt_num(to.value)),
                )
                .build();
            out.findings.push(f);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_a_difference_of_the_rounded_levels() {
        let p = implied_points(Interval::new(28.45, 28.55), Interval::new(31.75, 31.85));
        assert!((p.lo - 3.2).abs() < 1e-9 && (p.hi - 3.4).abs() < 1e-9);
        assert!(p.overlaps(&Interval::new(3.25, 3.35)));
    }

    #[test]
    fn the_relative_change_is_not_points() {
        let from = Interval::new(28.45, 28.55);
        let to = Interval::new(31.75, 31.85);
        let rel = relative_change(from, to);
        assert!(rel.contains(11.6));
        assert!(!implied_points(from, to).overlaps(&Interval::new(11.55, 11.65)));
    }
}
