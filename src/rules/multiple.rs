//! `multiple`: "fourfold", "doubled", "3 times" against the ratio of the
//! levels the statement connects.

use crate::check::Context;
use crate::finding::FindingBuilder;
use crate::interval::Interval;
use crate::report::claims::fmt_num;
use crate::rules::kinds::{params, BuildContext, BuildError, KindInfo};
use crate::rules::select::{changes, iv, round};
use crate::rules::{Check, CheckError, Outcome, RuleMeta};
use serde::Deserialize;

pub const KIND: KindInfo = KindInfo {
    name: "multiple",
    summary: "a stated multiple (fourfold, doubled, 3 times) must match the ratio of its levels",
    doc: DOC,
    build,
};

const DOC: &str = r#"# multiple

Checks a stated multiple ("increased nearly fourfold", "doubled", "3 times")
against the ratio of the levels the statement connects ("from four to 15").

"Increased fourfold" is ambiguous: most writers mean the new value is four
times the old (a ratio of 4), but read literally it is an increase of 400 %,
a ratio of 5. By default the rule accepts either reading and fires only when
neither fits. Verbs that can only mean a ratio ("doubled", "tripled",
"quadrupled", "halved") are always read as a ratio.

The ratio to / from is computed by interval arithmetic from the intervals
the levels stand for, and compared with the interval the multiple stands
for: "fourfold" is [3.5, 4.5] (rounded to the nearest whole), "nearly
fourfold" at most 4. The help says which reading was used.

Parameters:
- `reading` (`ratio` | `increase` | `either`, default `either`): how to read
  "N times"/"N-fold": the new value is N times the old (`ratio`), the
  increase is N times the old (`increase`: a ratio of N + 1), or whichever
  fits (`either`).

Example rule:

```yaml
- id: multiple-mismatch
  kind: multiple
  severity: error
  title: A stated multiple must match the ratio of its levels
  reading: either
```

Flags: "From 5 in 2019 to 40 in 2022, the number of firms increased 3
times." (40 / 5 is 8: an eightfold level, an increase of 7 times.)
"#;

/// How "N times" / "N-fold" is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// The new value is N times the old.
    Ratio,
    /// The increase is N times the old: the new value is N + 1 times it.
    Increase,
    /// Whichever fits.
    Either,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "either")]
    reading: Reading,
}

fn either() -> Reading {
    Reading::Either
}

#[derive(Debug)]
struct Multiple {
    reading: Reading,
}

fn build(m: &serde_yaml::Mapping, _: &BuildContext<'_>) -> Result<Box<dyn Check>, BuildError> {
    let p: Params = params(m)?;
    Ok(Box::new(Multiple { reading: p.reading }))
}

/// Whether the words of a multiple can only mean a ratio ("doubled").
pub fn ratio_only(text: &str) -> bool {
    let t = text.to_lowercase();
    ["doubl", "tripl", "quadrupl", "quintupl", "halv", "twice"]
        .iter()
        .any(|w| t.contains(w))
}

/// The multiple a reading implies, given the ratio to / from.
pub fn implied(reading: Reading, ratio: Interval) -> Interval {
    match reading {
        Reading::Ratio | Reading::Either => ratio,
        Reading::Increase => ratio.map(|r| r - 1.0),
    }
}

/// The readings to try for a rule setting and a stated multiple.
pub fn readings(setting: Reading, text: &str) -> &'static [Reading] {
    if ratio_only(text) {
        return &[Reading::Ratio];
    }
    match setting {
        Reading::Ratio => &[Reading::Ratio],
        Reading::Increase => &[Reading::Increase],
        Reading::Either => &[Reading::Ratio, Reading::Increase],
    }
}

/// The first reading under which the stated multiple fits the ratio.
pub fn fitting_reading(
    setting: Reading,
    text: &str,
    stated: Interval,
    ratio: Interval,
    widen: impl Fn(Interval) -> Interval,
) -> Option<Reading> {
    readings(setting, text)
        .iter()
        .copied()
        .find(|r| widen(implied(*r, ratio)).overlaps(&stated))
}

fn describe(r: Reading) -> &'static str {
    match r {
        Reading::Ratio | Reading::Either => "read as a ratio (the new value is N times the old)",
        Reading::Increase => "read as an increase (the increase is N times the old value, so the new value is N + 1 times it)",
    }
}

impl Check for Multiple {
    fn reach(&self) -> crate::rules::Reach {
        crate::rules::Reach::Article
    }

    fn run(&self, meta: &RuleMeta, ctx: &Context<'_>) -> Result<Outcome, CheckError> {
        let mut out = Outcome::default();
        for change in changes(ctx, meta, "multiple")? {
            let stated = change.stated;
            let (Some(from), Some(to)) = (change.from, change.to) else {
                continue;
            };
            if from.unit != to.unit {
                continue;
            }
            out.check(ctx, [stated, from, to]);
            let ratio = iv(to).div(iv(from));
            if fitting_reading(self.reading, &stated.text, iv(stated), ratio, |i| {
                meta.tolerance.widen(i)
            })
            .is_some()
            {
                continue;
            }
            out.fail();
            let tried = readings(self.reading, &stated.text);
            let point = to.value / from.value;
            let primary = tried[0];
            let computed = match primary {
                Reading::Increase => point - 1.0,
                _ => point,
            };
            let message = format!(
                "stated multiple of {} × (“{}”) does not match {} → {}, a ratio of {} ×",
                fmt_num(stated.value),
                stated.text,
                fmt_num(from.value),
                fmt_num(to.value),
                fmt_num(round(point, 2))
            );
            let help = if ratio_only(&stated.text) {
                format!(
                    "“{}” can only be read as a ratio: the new value would be {} times the old, but {} / {} = {}",
                    stated.text,
                    fmt_num(stated.value),
                    fmt_num(to.value),
                    fmt_num(from.value),
                    fmt_num(round(point, 2))
                )
            } else {
                let mut h = tried
                    .iter()
                    .map(|r| {
                        let v = match r {
                            Reading::Increase => point - 1.0,
                            _ => point,
                        };
                        format!(
                            "{}, the levels give {} ×",
                            describe(*r),
                            fmt_num(round(v, 2))
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                let other = match self.reading {
                    Reading::Ratio => Some(Reading::Increase),
                    Reading::Increase => Some(Reading::Ratio),
                    Reading::Either => None,
                };
                if let Some(o) = other.filter(|o| {
                    meta.tolerance
                        .widen(implied(*o, ratio))
                        .overlaps(&iv(stated))
                }) {
                    h.push_str(&format!(
                        "; the figure fits if {} — set `reading: either` if the article means that",
                        describe(o)
                    ));
                }
                h
            };
            let f = FindingBuilder::new(meta, stated, ctx.text(&stated.article), message)
                .label(format!(
                    "stated {} ×; the levels give {} ×",
                    fmt_num(stated.value),
                    fmt_num(round(computed, 2))
                ))
                .values(Some(stated.value), Some(round(computed, 2)))
                .help(Some(help))
                .levels(from, to, ctx)
                .build();
            out.findings.push(f);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(i: Interval) -> Interval {
        i
    }

    #[test]
    fn nearly_fourfold_fits_four_to_fifteen() {
        // 15 / 4 = 3.75 lies in "nearly fourfold" = [3.325, 4].
        let ratio = Interval::point(15.0).div(Interval::point(4.0));
        let stated = Interval::new(3.325, 4.0);
        assert_eq!(
            fitting_reading(Reading::Either, "nearly fourfold", stated, ratio, same),
            Some(Reading::Ratio)
        );
        assert_eq!(
            fitting_reading(Reading::Ratio, "nearly fourfold", stated, ratio, same),
            Some(Reading::Ratio)
        );
        assert_eq!(
            fitting_reading(Reading::Increase, "nearly fourfold", stated, ratio, same),
            None
        );
    }

    #[test]
    fn fourfold_increase_may_mean_five_times_the_level() {
        // 20 → 100 is a ratio of 5: an increase of 400 %.
        let ratio = Interval::point(100.0).div(Interval::point(20.0));
        let fourfold = Interval::new(3.5, 4.5);
        assert_eq!(
            fitting_reading(Reading::Ratio, "fourfold", fourfold, ratio, same),
            None
        );
        assert_eq!(
            fitting_reading(Reading::Increase, "fourfold", fourfold, ratio, same),
            Some(Reading::Increase)
        );
        assert_eq!(
            fitting_reading(Reading::Either, "fourfold", fourfold, ratio, same),
            Some(Reading::Increase)
        );
    }

    #[test]
    fn doubled_is_always_a_ratio() {
        // 6 → 18 is an increase of 200 %, but "doubled" never means that.
        let ratio = Interval::point(18.0).div(Interval::point(6.0));
        let doubled = Interval::new(1.5, 2.5);
        assert!(ratio_only("doubled") && ratio_only("Tripled") && !ratio_only("3 times"));
        assert_eq!(
            fitting_reading(Reading::Either, "doubled", doubled, ratio, same),
            None
        );
        assert_eq!(
            fitting_reading(
                Reading::Either,
                "3 times",
                Interval::new(1.5, 2.5),
                ratio,
                same
            ),
            Some(Reading::Increase)
        );
    }

    #[test]
    fn rounding_of_the_levels_counts() {
        // "20 million" is [19.5, 20.5] million: 80 / 20 may be as low as 3.88.
        let ratio = Interval::new(79.5, 80.5).div(Interval::new(19.5, 20.5));
        assert!(ratio.lo < 3.9 && ratio.hi > 4.1);
        assert!(fitting_reading(
            Reading::Ratio,
            "fourfold",
            Interval::new(3.5, 4.5),
            ratio,
            same
        )
        .is_some());
    }
}
