//! `growth`: a stated percent change against its from/to levels.

use crate::check::Context;
use crate::claim::{Claim, Kind};
use crate::finding::FindingBuilder;
use crate::interval::Interval;
use crate::report::claims::fmt_num;
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo};
use crate::rules::select::{changes, iv, round, scale_slip, scale_slip_help, Change};
use crate::rules::{Check, CheckError, Outcome, RuleMeta};
use crate::sym::Sym;
use chrono::Datelike;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

pub const KIND: KindInfo = KindInfo {
    name: "growth",
    summary: "a stated percent change must match its from and to levels",
    doc: DOC,
    build,
};

const DOC: &str = r#"# growth

Checks a stated percent change ("grew by 30 percent") against the levels it
connects. The levels come from the same statement ("from 37 to 53") or,
for a change with only its end level ("reached 995.5 billion yuan, up 11.3
percent year-on-year"), from a level of the same metric, subject and unit
for the previous year reported anywhere in the corpus (a level that names
no place only within its article).

The implied change (to / from − 1) is computed by interval arithmetic from
the intervals the levels stand for, and the rule fires only when that
interval and the stated one cannot meet. The help names a likely cause:
the change divided by the new value instead of the old, percentage points
taken for percent, an average annual rate given as the total.

Parameters:
- `cross_source` (bool, default true): look up missing from-levels in the
  previous year's figures of the corpus.

Example rule:

```yaml
- id: growth-mismatch
  kind: growth
  severity: error
  title: Stated growth must match its start and end values
```

Flags: "In two years, moving from 37 to 53, the number has grown by 30
percent." (53/37 − 1 is 43.2 %; 30.2 % is (53 − 37)/53.)
"#;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "yes")]
    cross_source: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug)]
struct Growth {
    cross_source: bool,
}

fn build(m: &serde_yaml::Mapping, _: &BuildContext<'_>) -> Result<Box<dyn Check>, BuildError> {
    let p: Params = params(m)?;
    Ok(Box::new(Growth {
        cross_source: p.cross_source,
    }))
}

/// The percent change implied by two level intervals.
pub fn implied_growth(from: Interval, to: Interval) -> Interval {
    to.div(from).map(|r| (r - 1.0) * 100.0)
}

/// Why a stated growth may be off, if a known slip explains it.
pub fn likely_cause(stated: &Claim, from: &Claim, to: &Claim) -> Option<String> {
    let s = iv(stated);
    let wrong_base = to.sub_interval_div_new(from);
    if s.overlaps(&wrong_base) {
        return Some(format!(
            "the change was divided by the new value instead of the old: ({} − {}) / {} = {} %, but growth is measured against the starting value: ({} − {}) / {} = {} %",
            fmt_num(to.value),
            fmt_num(from.value),
            fmt_num(to.value),
            fmt_num(round(wrong_base.mid(), 1)),
            fmt_num(to.value),
            fmt_num(from.value),
            fmt_num(from.value),
            fmt_num(round((to.value / from.value - 1.0) * 100.0, 1)),
        ));
    }
    if from.unit == "percent" && to.unit == "percent" {
        let points = iv(to).sub(iv(from));
        if s.overlaps(&points) {
            return Some(format!(
                "percentage points taken for percent: {} − {} is a change of {} percentage points, which is {} % in relative terms",
                fmt_num(to.value),
                fmt_num(from.value),
                fmt_num(round(to.value - from.value, 1)),
                fmt_num(round((to.value / from.value - 1.0) * 100.0, 1)),
            ));
        }
    }
    if let (Some(a), Some(b)) = (stated.period_start, stated.period_end) {
        let years = (b.year() - a.year() + 1) as f64;
        if years >= 2.0 {
            let annual = iv(to)
                .div(iv(from))
                .map(|r| (r.powf(1.0 / years) - 1.0) * 100.0);
            if s.overlaps(&annual) {
                return Some(format!(
                    "the stated figure is the average annual rate over {} years, not the total change",
                    years
                ));
            }
        }
    }
    let computed = Interval::point((to.value / from.value - 1.0) * 100.0);
    scale_slip(computed, s).map(|k| scale_slip_help(k, "the stated and the computed change"))
}

trait WrongBase {
    fn sub_interval_div_new(&self, from: &Claim) -> Interval;
}

impl WrongBase for Claim {
    /// (to − from) / to, in percent: the change divided by the new value.
    fn sub_interval_div_new(&self, from: &Claim) -> Interval {
        iv(self).map2(iv(from), |t, f| (t - f) / t * 100.0)
    }
}

/// Dated levels by (metric, subject, unit, year), built once per run so
/// that finding the previous year's figure is a lookup, not a scan.
/// A level without a subject may be about any place: it is only looked up
/// within its own article (the second field is then the article).
/// (metric, place, unit, year), interned: looked up for every level of
/// the corpus, so hashed as numbers.
type LevelKey = (Sym, Place, Sym, i32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Place {
    Subject(Sym),
    Article(Sym),
}

fn place(c: &Claim) -> Place {
    match c.subject {
        Some(s) => Place::Subject(s),
        None => Place::Article(c.article),
    }
}

/// The dated levels of the keys in `wanted`. Only the keys some growth
/// looks up: every level of a large corpus would be millions of entries.
fn levels_by_year<'c>(
    claims: &'c [Claim],
    wanted: &FxHashSet<LevelKey>,
) -> FxHashMap<LevelKey, &'c Claim> {
    let mut index = FxHashMap::default();
    if wanted.is_empty() {
        return index;
    }
    for c in claims {
        let (Some(metric), Some(s), Some(e)) = (c.metric, c.period_start, c.period_end) else {
            continue;
        };
        if c.kind == Kind::Level && c.lo.is_finite() && c.hi.is_finite() && s.year() == e.year() {
            let key = (metric, place(c), c.unit, e.year());
            if wanted.contains(&key) {
                // The first in corpus order, so the choice is deterministic.
                index.entry(key).or_insert(c);
            }
        }
    }
    index
}

/// The key of the level for the year before a growth's period: same
/// metric, subject and unit as its end level, anywhere in the corpus.
fn previous_key(stated: &Claim, to: &Claim) -> Option<LevelKey> {
    Some((
        to.metric?,
        place(to),
        to.unit,
        stated.period_end?.year() - 1,
    ))
}

impl Check for Growth {
    fn reach(&self) -> crate::rules::Reach {
        // A growth without its from-level reads the previous year's level
        // of its to-level's metric and subject: that check is about the
        // to-level (see below), in the part of its metric and subject.
        crate::rules::Reach::Shared(crate::rules::parts::metric_subject)
    }

    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError> {
        let mut out = Outcome::default();
        let changes = changes(ctx, meta, "growth")?;
        let index = if self.cross_source {
            let wanted: FxHashSet<LevelKey> = changes
                .iter()
                .filter(|c| c.from.is_none())
                .filter_map(|c| previous_key(c.stated, c.to?))
                .collect();
            levels_by_year(ctx.claims, &wanted)
        } else {
            FxHashMap::default()
        };
        for Change { stated, from, to } in changes {
            let (from, elsewhere) = match from {
                Some(f) => (Some(f), false),
                None if self.cross_source => (
                    to.and_then(|t| index.get(&previous_key(stated, t)?).copied()),
                    true,
                ),
                None => (None, false),
            };
            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            if elsewhere {
                out.check(ctx, [to, stated, from]);
            } else {
                out.check(ctx, [stated, from, to]);
            }
            let implied = meta.tolerance.widen(implied_growth(iv(from), iv(to)));
            if implied.overlaps(&iv(stated)) {
                continue;
            }
            out.fail();
            let computed = (to.value / from.value - 1.0) * 100.0;
            let message = format!(
                "stated growth of {} % does not match {} → {}, which is {}{} %",
                fmt_num(stated.value),
                fmt_num(from.value),
                fmt_num(to.value),
                if computed >= 0.0 { "+" } else { "" },
                fmt_num(round(computed, 1))
            );
            let from_label = if elsewhere {
                format!(
                    "the previous year's figure, {} (in {})",
                    fmt_num(from.value),
                    from.article
                )
            } else {
                format!("from {}", fmt_num(from.value))
            };
            let f = FindingBuilder::new(meta, stated, ctx.text(&stated.article), message)
                .label(format!(
                    "stated {} %; the levels give {} %",
                    fmt_num(stated.value),
                    fmt_num(round(computed, 1))
                ))
                .values(Some(stated.value), Some(round(computed, 1)))
                .help(likely_cause(stated, from, to))
                .related(from, ctx.text(&from.article), from_label)
                .related(
                    to,
                    ctx.text(&to.article),
                    format!("to {}", fmt_num(to.value)),
                )
                .build();
            out.findings.push(f);
        }
        Ok(out)
    }
}
