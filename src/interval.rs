//! Interval arithmetic with stated precision.
//!
//! Every number in an article stands for an interval decided by how it was
//! written: its rounding ("6.9" is [6.85, 6.95]) and its qualifier ("more
//! than 47,000" is (47000, ∞)). Checks compare intervals rather than points, so
//! a statement is only flagged when no reading of it can be right.

use serde::Serialize;
use std::fmt;

/// A closed interval `[lo, hi]`; either end may be infinite.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
}

/// How a number was qualified in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    Approx,
    Over,
    AtLeast,
    Under,
    AtMost,
    Nearly,
    /// A stated range such as "5-7 percent": kept as a range, never averaged.
    Range,
}

impl Qualifier {
    pub const ALL: [Qualifier; 8] = [
        Qualifier::Exact,
        Qualifier::Approx,
        Qualifier::Over,
        Qualifier::AtLeast,
        Qualifier::Under,
        Qualifier::AtMost,
        Qualifier::Nearly,
        Qualifier::Range,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::Over => "over",
            Qualifier::AtLeast => "at_least",
            Qualifier::Under => "under",
            Qualifier::AtMost => "at_most",
            Qualifier::Nearly => "nearly",
            Qualifier::Range => "range",
        }
    }
}

impl fmt::Display for Qualifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The default relative slack for "about", "nearly" and friends.
pub const DEFAULT_APPROX: f64 = 0.05;

impl Interval {
    /// An interval from two ends in either order; a NaN end (from ∞ − ∞
    /// or 0 · ∞) means that end is unknown, so it is unbounded.
    pub fn new(lo: f64, hi: f64) -> Self {
        let lo = if lo.is_nan() { f64::NEG_INFINITY } else { lo };
        let hi = if hi.is_nan() { f64::INFINITY } else { hi };
        if lo <= hi {
            Interval { lo, hi }
        } else {
            Interval { lo: hi, hi: lo }
        }
    }

    pub fn point(v: f64) -> Self {
        Interval { lo: v, hi: v }
    }

    /// The interval a number stands for when written to within
    /// `half_width` ("28.73 billion": ±0.005 billion).
    pub fn rounded(value: f64, half_width: f64) -> Self {
        Interval::new(tidy(value - half_width), tidy(value + half_width))
    }

    /// Widen a rounding interval by a qualifier. `value` is the number as
    /// written: "more than X" means above X itself, not above X's rounding.
    pub fn qualified(self, value: f64, q: Qualifier, approx: f64) -> Self {
        let lower = (value - value.abs() * approx).min(self.lo);
        let upper = (value + value.abs() * approx).max(self.hi);
        match q {
            Qualifier::Exact | Qualifier::Range => self,
            // "about X" is [X(1−δ), X(1+δ)], never narrower than X's rounding.
            Qualifier::Approx => Interval::new(lower, upper),
            Qualifier::Over | Qualifier::AtLeast => Interval::new(value, f64::INFINITY),
            Qualifier::Under | Qualifier::AtMost => Interval::new(f64::NEG_INFINITY, value),
            // "nearly X" is [X(1−δ), X].
            Qualifier::Nearly => Interval::new(lower, value),
        }
    }

    pub fn contains(&self, x: f64) -> bool {
        self.lo <= x && x <= self.hi
    }

    pub fn overlaps(&self, other: &Interval) -> bool {
        self.lo <= other.hi && other.lo <= self.hi
    }

    pub fn scale(self, k: f64) -> Self {
        Interval::new(self.lo * k, self.hi * k)
    }
}

impl std::ops::Neg for Interval {
    type Output = Interval;

    fn neg(self) -> Interval {
        Interval::new(-self.hi, -self.lo)
    }
}

/// Drop binary noise from decimal arithmetic: 3.36 + 0.005 is 3.365, not
/// 3.3649999999999998.
pub fn tidy(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    if x == 0.0 {
        return x;
    }
    // Round to 12 significant digits.
    let k = 10f64.powi(11 - x.abs().log10().floor() as i32);
    if !k.is_finite() || k == 0.0 {
        return x;
    }
    (x * k).round() / k
}

// `add`, `sub`, `mul`, `div` read like the formulas they implement; the
// operators would hide that division by an interval holding zero is unbounded.
#[allow(clippy::should_implement_trait)]
impl Interval {
    /// The whole real line: what is known of a value with no bounds.
    pub const UNBOUNDED: Interval = Interval {
        lo: f64::NEG_INFINITY,
        hi: f64::INFINITY,
    };

    /// Apply a function monotone in its argument (either direction).
    pub fn map(self, f: impl Fn(f64) -> f64) -> Interval {
        corners(&[f(self.lo), f(self.hi)])
    }

    /// Apply a function monotone in each argument separately: the extremes
    /// lie at the corners of the box.
    pub fn map2(self, other: Interval, f: impl Fn(f64, f64) -> f64) -> Interval {
        corners(&[
            f(self.lo, other.lo),
            f(self.lo, other.hi),
            f(self.hi, other.lo),
            f(self.hi, other.hi),
        ])
    }

    pub fn add(self, o: Interval) -> Interval {
        self.map2(o, |a, b| a + b)
    }

    pub fn sub(self, o: Interval) -> Interval {
        Interval::new(self.lo - o.hi, self.hi - o.lo)
    }

    pub fn mul(self, o: Interval) -> Interval {
        self.map2(o, |a, b| a * b)
    }

    /// Division; a divisor interval that contains zero gives no bound.
    pub fn div(self, o: Interval) -> Interval {
        if o.contains(0.0) {
            return Interval::UNBOUNDED;
        }
        self.map2(o, |a, b| a / b)
    }

    /// The midpoint, or the finite end of a half-open interval.
    pub fn mid(&self) -> f64 {
        match (self.lo.is_finite(), self.hi.is_finite()) {
            (true, true) => (self.lo + self.hi) / 2.0,
            (true, false) => self.lo,
            (false, true) => self.hi,
            (false, false) => 0.0,
        }
    }

    /// How far apart two intervals are (0 when they overlap).
    pub fn gap(&self, o: &Interval) -> f64 {
        if self.overlaps(o) {
            0.0
        } else if self.hi < o.lo {
            o.lo - self.hi
        } else {
            self.lo - o.hi
        }
    }
}

/// The smallest interval holding every finite-or-infinite value; NaN (from
/// ∞ − ∞ or 0 · ∞) widens to unbounded, which never raises a false alarm.
fn corners(values: &[f64]) -> Interval {
    if values.iter().any(|v| v.is_nan()) {
        return Interval::UNBOUNDED;
    }
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Interval { lo, hi }
}

/// Half a unit in the last written digit: "6.9" → 0.05, "1,530" → 0.5.
pub fn half_unit(decimals: u32) -> f64 {
    0.5 * 10f64.powi(-(decimals as i32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_interval_of_decimal() {
        let i = Interval::rounded(6.9, half_unit(1));
        assert!((i.lo - 6.85).abs() < 1e-12 && (i.hi - 6.95).abs() < 1e-12);
    }

    #[test]
    fn qualifiers_widen() {
        let r = Interval::rounded(47000.0, 0.0);
        assert_eq!(
            r.qualified(47000.0, Qualifier::Over, 0.05),
            Interval::new(47000.0, f64::INFINITY)
        );
        let n = Interval::point(5500.0).qualified(5500.0, Qualifier::Nearly, 0.05);
        assert_eq!(n, Interval::new(5225.0, 5500.0));
        let a = Interval::point(100.0).qualified(100.0, Qualifier::Approx, 0.05);
        assert_eq!(a, Interval::new(95.0, 105.0));
        let u = Interval::point(3.0).qualified(3.0, Qualifier::AtMost, 0.05);
        assert_eq!(u.lo, f64::NEG_INFINITY);
    }

    #[test]
    fn arithmetic_at_the_corners() {
        let a = Interval::new(37.0, 37.0);
        let b = Interval::new(53.0, 53.0);
        let growth = b.div(a).map(|r| (r - 1.0) * 100.0);
        assert!((growth.lo - 43.243).abs() < 1e-3);
        assert_eq!(
            Interval::new(1.0, 2.0).sub(Interval::new(0.5, 1.0)),
            Interval::new(0.0, 1.5)
        );
        assert_eq!(
            Interval::new(1.0, 2.0).div(Interval::new(-1.0, 1.0)),
            Interval::UNBOUNDED
        );
        let over = Interval::new(5.0, f64::INFINITY);
        assert_eq!(
            over.mul(Interval::point(2.0)),
            Interval::new(10.0, f64::INFINITY)
        );
        assert_eq!(Interval::new(0.0, 1.0).gap(&Interval::new(3.0, 4.0)), 2.0);
    }

    #[test]
    fn negative_values_widen_outwards() {
        let a = Interval::point(-10.0).qualified(-10.0, Qualifier::Approx, 0.1);
        assert_eq!(a, Interval::new(-11.0, -9.0));
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        fn interval() -> impl Strategy<Value = Interval> {
            (-1e6f64..1e6, 0f64..1e3).prop_map(|(lo, w)| Interval::new(lo, lo + w))
        }

        fn inside(i: Interval) -> impl Strategy<Value = f64> {
            (0f64..=1.0).prop_map(move |t| i.lo + t * (i.hi - i.lo))
        }

        proptest! {
            // Soundness: for any points inside the operands, the result of
            // the operation on the points lies inside the result interval.
            #[test]
            fn operations_contain_every_pointwise_result(
                (a, x) in interval().prop_flat_map(|a| (Just(a), inside(a))),
                (b, y) in interval().prop_flat_map(|b| (Just(b), inside(b))),
            ) {
                let eps = 1e-9 * (1.0 + x.abs() + y.abs()).powi(2);
                let widen = |i: Interval| Interval::new(i.lo - eps, i.hi + eps);
                prop_assert!(widen(a.add(b)).contains(x + y));
                prop_assert!(widen(a.sub(b)).contains(x - y));
                prop_assert!(widen(a.mul(b)).contains(x * y));
                let q = a.div(b);
                if !b.contains(0.0) {
                    prop_assert!(Interval::new(q.lo - eps * q.lo.abs().max(1.0), q.hi + eps * q.hi.abs().max(1.0)).contains(x / y));
                }
            }

            #[test]
            fn infinite_ends_stay_sound(a in interval(), x in -1e6f64..1e6) {
                let over = Interval::new(x, f64::INFINITY);
                for r in [a.add(over), a.sub(over), a.mul(over), over.div(a), a.div(over)] {
                    prop_assert!(!r.lo.is_nan() && !r.hi.is_nan());
                    prop_assert!(r.lo <= r.hi);
                }
                prop_assert!(over.contains(x) && over.overlaps(&Interval::point(x + 1.0)));
            }

            #[test]
            fn overlap_is_symmetric_and_gap_zero_iff_overlap(a in interval(), b in interval()) {
                prop_assert_eq!(a.overlaps(&b), b.overlaps(&a));
                prop_assert_eq!(a.gap(&b) == 0.0, a.overlaps(&b));
                prop_assert!(a.gap(&b) >= 0.0);
            }

            #[test]
            fn qualifiers_only_widen(v in 0.1f64..1e6, half in 0f64..10.0, approx in 0f64..0.5) {
                let r = Interval::rounded(v, half);
                for q in [Qualifier::Exact, Qualifier::Approx, Qualifier::Range] {
                    let w = r.qualified(v, q, approx);
                    prop_assert!(w.lo <= r.lo && w.hi >= r.hi);
                }
                for q in Qualifier::ALL {
                    prop_assert!(r.qualified(v, q, approx).contains(v));
                }
            }
        }
    }
}
