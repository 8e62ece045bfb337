//! Units: the words and symbols that say what a number counts.

use crate::extract::token::{TokKind, Token};
use serde::Deserialize;
use std::fmt;

/// The unit of a mention, as stored in the claims frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Percent,
    Points,
    /// An ISO 4217 code, optionally per some quantity ("CNY/t").
    Currency(&'static str, Option<&'static str>),
    Count,
    Rank,
    Times,
    Ha,
    Km2,
    Km,
    Tonnes,
    Years,
    Months,
    Days,
}

/// Unit families, as the lexicon names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    Percent,
    Points,
    Currency,
    Count,
    Rank,
    Area,
    Length,
    Mass,
    Multiple,
    Duration,
}

impl Unit {
    pub fn family(self) -> Family {
        match self {
            Unit::Percent => Family::Percent,
            Unit::Points => Family::Points,
            Unit::Currency(..) => Family::Currency,
            Unit::Count => Family::Count,
            Unit::Rank => Family::Rank,
            Unit::Times => Family::Multiple,
            Unit::Ha | Unit::Km2 => Family::Area,
            Unit::Km => Family::Length,
            Unit::Tonnes => Family::Mass,
            Unit::Years | Unit::Months | Unit::Days => Family::Duration,
        }
    }

    pub fn name(self) -> String {
        match self {
            Unit::Currency(code, Some(per)) => format!("{code}/{per}"),
            Unit::Currency(code, None) => code.to_string(),
            other => other.simple_name().to_string(),
        }
    }

    /// [`Unit::name`], interned (without building the name, but for a
    /// currency per something).
    pub fn sym(self) -> crate::sym::Sym {
        use crate::sym::Sym;
        match self {
            Unit::Currency(_, Some(_)) => Sym::intern(&self.name()),
            Unit::Currency(code, None) => Sym::intern(code),
            other => Sym::intern(other.simple_name()),
        }
    }

    fn simple_name(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::Points => "points",
            Unit::Currency(..) => "currency",
            Unit::Count => "count",
            Unit::Rank => "rank",
            Unit::Times => "times",
            Unit::Ha => "ha",
            Unit::Km2 => "km2",
            Unit::Km => "km",
            Unit::Tonnes => "t",
            Unit::Years => "years",
            Unit::Months => "months",
            Unit::Days => "days",
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// Currency words after a number: "yuan", "US dollars".
const CURRENCY_WORDS: &[(&[&str], &str)] = &[
    (&["yuan"], "CNY"),
    (&["rmb"], "CNY"),
    (&["renminbi"], "CNY"),
    (&["cny"], "CNY"),
    (&["us", "dollars"], "USD"),
    (&["u", ".", "s", ".", "dollars"], "USD"),
    (&["dollars"], "USD"),
    (&["dollar"], "USD"),
    (&["usd"], "USD"),
    (&["euros"], "EUR"),
    (&["euro"], "EUR"),
    (&["eur"], "EUR"),
    (&["pounds"], "GBP"),
    (&["gbp"], "GBP"),
    (&["yen"], "JPY"),
    (&["jpy"], "JPY"),
    (&["hk", "dollars"], "HKD"),
    (&["hkd"], "HKD"),
];

/// Currency symbols before a number: "$3.96", "US$5", "¥10", "RMB 5".
pub fn currency_prefix(tokens: &[Token<'_>], i: usize) -> Option<(&'static str, usize)> {
    let t = tokens.get(i)?;
    let next_is = |j: usize, s: &str| tokens.get(j).is_some_and(|t| t.text == s);
    match t.text {
        "$" => Some(("USD", i + 1)),
        "¥" | "￥" => Some(("CNY", i + 1)),
        "€" => Some(("EUR", i + 1)),
        "£" => Some(("GBP", i + 1)),
        _ if t.is("us") && next_is(i + 1, "$") => Some(("USD", i + 2)),
        _ if t.is("hk") && next_is(i + 1, "$") => Some(("HKD", i + 2)),
        _ if t.is("rmb") || t.is("cny") => Some(("CNY", i + 1)),
        _ if t.is("usd") => Some(("USD", i + 1)),
        _ if t.is("eur") => Some(("EUR", i + 1)),
        _ => None,
    }
}

/// A unit written after a number, starting at token `i`; returns the unit
/// and the index after it.
pub fn unit_after(tokens: &[Token<'_>], i: usize) -> Option<(Unit, usize)> {
    let t = tokens.get(i)?;
    let w = |j: usize, s: &str| tokens.get(j).is_some_and(|t| t.is(s));
    if t.text == "%" {
        return Some((Unit::Percent, i + 1));
    }
    if t.is("percentage") && (w(i + 1, "points") || w(i + 1, "point")) {
        return Some((Unit::Points, i + 2));
    }
    if t.is("pp") || t.is("ppt") || t.is("ppts") {
        return Some((Unit::Points, i + 1));
    }
    if t.is("percent") || t.is("pct") {
        return Some((Unit::Percent, i + 1));
    }
    if t.is("per") && w(i + 1, "cent") {
        return Some((Unit::Percent, i + 2));
    }
    for (words, code) in CURRENCY_WORDS {
        if words
            .iter()
            .enumerate()
            .all(|(k, s)| tokens.get(i + k).is_some_and(|t| t.is(s)))
        {
            return Some((Unit::Currency(code, None), i + words.len()));
        }
    }
    if t.is("hectares") || t.is("hectare") || t.is("ha") {
        return Some((Unit::Ha, i + 1));
    }
    // "square kilometers", "square-kilometer", "sq km", "km2"
    if t.is("square") || t.is("sq") {
        let mut j = i + 1;
        if tokens.get(j).is_some_and(|t| t.is_punct('-')) {
            j += 1;
        }
        if tokens.get(j).is_some_and(|t| {
            t.is_any(&["kilometers", "kilometer", "kilometres", "kilometre", "km"])
        }) {
            return Some((Unit::Km2, j + 1));
        }
    }
    if t.kind == TokKind::Code && t.text.eq_ignore_ascii_case("km2") {
        return Some((Unit::Km2, i + 1));
    }
    if t.is_any(&["kilometers", "kilometer", "kilometres", "kilometre", "km"]) {
        return Some((Unit::Km, i + 1));
    }
    if t.is("metric") && w(i + 1, "tons") {
        return Some((Unit::Tonnes, i + 2));
    }
    if t.is_any(&["tons", "tonnes", "tonne", "ton"]) {
        return Some((Unit::Tonnes, i + 1));
    }
    if t.is("times") {
        return Some((Unit::Times, i + 1));
    }
    if t.is_punct('-') && w(i + 1, "fold") || t.is("fold") {
        return Some((Unit::Times, if t.is("fold") { i + 1 } else { i + 2 }));
    }
    // "five consecutive years", "two years", "10 years"
    let j = if t.is("consecutive") || t.is("straight") {
        i + 1
    } else {
        i
    };
    let tj = tokens.get(j)?;
    if tj.is_any(&["years", "year"]) {
        return Some((Unit::Years, j + 1));
    }
    if tj.is_any(&["months", "month"]) {
        return Some((Unit::Months, j + 1));
    }
    if tj.is_any(&["days", "day"]) {
        return Some((Unit::Days, j + 1));
    }
    None
}

/// "per metric ton" after a currency amount: the amount is a price.
pub fn per_after(tokens: &[Token<'_>], i: usize) -> Option<(&'static str, usize)> {
    let t = tokens.get(i)?;
    if !(t.is("per") || t.is("a") || t.is("each") || t.is_punct('/')) {
        return None;
    }
    let mut j = i + 1;
    if tokens.get(j).is_some_and(|t| t.is("metric")) {
        j += 1;
    }
    let u = tokens.get(j)?;
    let per = if u.is_any(&["ton", "tonne", "tons", "tonnes", "t"]) {
        "t"
    } else if u.is_any(&["capita", "person", "head"]) {
        "person"
    } else if u.is_any(&["kilogram", "kg"]) {
        "kg"
    } else if u.is_any(&["month"]) {
        "month"
    } else if u.is_any(&["year", "annum"]) && (t.is("per") || t.is("a")) {
        "year"
    } else if u.is("square")
        && tokens
            .get(j + 1)
            .is_some_and(|t| t.is_any(&["meter", "metre", "meters", "metres"]))
    {
        return Some(("m2", j + 2));
    } else {
        return None;
    };
    Some((per, j + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::token::tokenize;

    fn unit(t: &str) -> Option<String> {
        let toks = tokenize(t, 0, t.len());
        unit_after(&toks, 0).map(|(u, _)| u.name())
    }

    #[test]
    fn unit_words() {
        assert_eq!(unit("percent").as_deref(), Some("percent"));
        assert_eq!(unit("per cent").as_deref(), Some("percent"));
        assert_eq!(unit("%").as_deref(), Some("percent"));
        assert_eq!(unit("percentage points").as_deref(), Some("points"));
        assert_eq!(unit("yuan").as_deref(), Some("CNY"));
        assert_eq!(unit("US dollars").as_deref(), Some("USD"));
        assert_eq!(unit("euros").as_deref(), Some("EUR"));
        assert_eq!(unit("hectares").as_deref(), Some("ha"));
        assert_eq!(unit("square-kilometer").as_deref(), Some("km2"));
        assert_eq!(unit("square kilometres").as_deref(), Some("km2"));
        assert_eq!(unit("km2").as_deref(), Some("km2"));
        assert_eq!(unit("metric tons").as_deref(), Some("t"));
        assert_eq!(unit("times").as_deref(), Some("times"));
        assert_eq!(unit("-fold").as_deref(), Some("times"));
        assert_eq!(unit("consecutive years").as_deref(), Some("years"));
        assert_eq!(unit("enterprises"), None);
    }

    #[test]
    fn currency_symbols_and_prices() {
        let t = "US$ 5";
        let toks = tokenize(t, 0, t.len());
        assert_eq!(currency_prefix(&toks, 0), Some(("USD", 2)));
        let t = "per metric ton of wheat";
        let toks = tokenize(t, 0, t.len());
        assert_eq!(per_after(&toks, 0), Some(("t", 3)));
        assert_eq!(Unit::Currency("CNY", Some("t")).name(), "CNY/t");
    }
}
