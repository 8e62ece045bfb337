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
    pub fn new(lo: f64, hi: f64) -> Self {
        if lo <= hi {
            Interval { lo, hi }
        } else {
            Interval { lo: hi, hi: lo }
        }
    }

    pub fn point(v: f64) -> Self {
        Interval { lo: v, hi: v }
    }

    /// The interval a number written with `decimals` digits after the point
    /// stands for, scaled by `scale` ("28.73 billion": decimals 2, scale 1e9).
    pub fn rounded(value: f64, half_width: f64) -> Self {
        Interval::new(tidy(value - half_width), tidy(value + half_width))
    }

    /// Widen a rounding interval by a qualifier. `value` is the number as
    /// written: "more than X" means above X itself, not above X's rounding.
    pub fn qualified(self, value: f64, q: Qualifier, approx: f64) -> Self {
        let shrink = |x: f64| x - x.abs() * approx;
        let grow = |x: f64| x + x.abs() * approx;
        match q {
            Qualifier::Exact | Qualifier::Range => self,
            Qualifier::Approx => Interval::new(shrink(self.lo), grow(self.hi)),
            Qualifier::Over | Qualifier::AtLeast => Interval::new(value, f64::INFINITY),
            Qualifier::Under | Qualifier::AtMost => Interval::new(f64::NEG_INFINITY, value),
            Qualifier::Nearly => Interval::new(shrink(self.lo), value),
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
    format!("{x:.12e}").parse().unwrap_or(x)
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
    fn negative_values_widen_outwards() {
        let a = Interval::point(-10.0).qualified(-10.0, Qualifier::Approx, 0.1);
        assert_eq!(a, Interval::new(-11.0, -9.0));
    }
}
