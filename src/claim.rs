//! The claim: one row of the claims frame, one quantity mention.

use crate::interval::Qualifier;
use crate::sym::Sym;
use chrono::NaiveDate;
use compact_str::CompactString;
use serde::Serialize;
use std::fmt;

/// What a quantity says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A level: "28.73 billion yuan", "1,530 enterprises".
    Level,
    /// A percent change: "increased by 95.5 percent".
    Growth,
    /// A percentage-point change: "increased by 30.2 percentage points".
    Points,
    /// An absolute change: "added 5,500 yuan".
    Change,
    /// An average annual growth rate: "an average annual growth of 6.9 percent".
    Rate,
    /// A part of a whole, in percent: "accounted for 3.36 percent of its GDP".
    Share,
    /// An ordinal rank: "ranking fourth in the province".
    Rank,
    /// A multiple: "nearly fourfold", "doubled", "3 times".
    Multiple,
    /// A stated duration: "in three years".
    Duration,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Level,
        Kind::Growth,
        Kind::Points,
        Kind::Change,
        Kind::Rate,
        Kind::Share,
        Kind::Rank,
        Kind::Multiple,
        Kind::Duration,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Level => "level",
            Kind::Growth => "growth",
            Kind::Points => "points",
            Kind::Change => "change",
            Kind::Rate => "rate",
            Kind::Share => "share",
            Kind::Rank => "rank",
            Kind::Multiple => "multiple",
            Kind::Duration => "duration",
        }
    }

    /// Kinds that state a change between two levels.
    pub fn is_change(self) -> bool {
        matches!(
            self,
            Kind::Growth
                | Kind::Points
                | Kind::Change
                | Kind::Rate
                | Kind::Multiple
                | Kind::Duration
        )
    }
}

/// The part a mention plays in a statement that links several mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The level a change starts from ("from 37").
    From,
    /// The level a change arrives at ("to 53", "reaching 28.73 billion").
    To,
    /// A change, rate, multiple, duration or rank the statement asserts.
    Stated,
    /// The amount a conversion converts ("28.73 billion yuan ($3.96 billion)").
    Base,
    /// A part of a whole ("including five").
    Part,
    /// The whole a part belongs to, or the count an enumeration lists.
    Whole,
    /// A converted amount ("($3.96 billion)").
    Converted,
    /// A listed item: a point of a rank series, an item of an enumeration,
    /// one value of a "respectively" list.
    Item,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::From,
        Role::To,
        Role::Stated,
        Role::Base,
        Role::Part,
        Role::Whole,
        Role::Converted,
        Role::Item,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::From => "from",
            Role::To => "to",
            Role::Stated => "stated",
            Role::Base => "base",
            Role::Part => "part",
            Role::Whole => "whole",
            Role::Converted => "converted",
            Role::Item => "item",
        }
    }
}

#[cfg(test)]
impl Claim {
    /// A claim for tests: an exact level of `value` in `unit` at bytes
    /// `start..end` of `article`, with nothing else known; tests set the
    /// fields they need with `Claim { …, ..Claim::level(…) }`.
    pub fn level(article: &str, start: u32, end: u32, value: f64, unit: &str) -> Claim {
        Claim {
            article: article.into(),
            sentence: 0,
            start,
            end,
            text: format!("{value}").into(),
            value,
            lo: value,
            hi: value,
            qualifier: Qualifier::Exact,
            unit: unit.into(),
            kind: Kind::Level,
            metric: None,
            noun: None,
            subject: None,
            scope: None,
            period_start: None,
            period_end: None,
            group: None,
            role: None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One quantity mention, as the claims frame stores it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    pub article: Sym,
    pub sentence: u32,
    pub start: u32,
    pub end: u32,
    /// The claim's words; inline (no allocation) up to 24 bytes.
    pub text: CompactString,
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
    pub qualifier: Qualifier,
    pub unit: Sym,
    pub kind: Kind,
    pub metric: Option<Sym>,
    pub noun: Option<Sym>,
    pub subject: Option<Sym>,
    pub scope: Option<Sym>,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub group: Option<u32>,
    pub role: Option<Role>,
}
