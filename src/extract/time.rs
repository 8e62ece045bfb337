//! Time expressions: the period a claim is about, resolved against the
//! article's date ("last year", "over the past decade", "since 2019", "the
//! first three quarters of 2022", "for five consecutive years").

use crate::extract::token::{TokKind, Token, Vocab};
use chrono::{Datelike, NaiveDate};
use std::sync::LazyLock;

/// A period; either end may be unknown ("since 2019" in an undated article).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

impl Period {
    pub fn years(first: i32, last: i32) -> Period {
        Period {
            start: NaiveDate::from_ymd_opt(first, 1, 1),
            end: NaiveDate::from_ymd_opt(last, 12, 31),
        }
    }

    pub fn days(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Period {
        Period { start, end }
    }

    pub fn is_known(&self) -> bool {
        self.start.is_some() || self.end.is_some()
    }

    /// The last calendar year the period touches.
    pub fn end_year(&self) -> Option<i32> {
        self.end.map(|d| d.year())
    }
}

/// What a time expression says before it is resolved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TimeKind {
    /// A fixed period: "in 2021", "between 2012 and 2021", "end of 2021".
    Absolute(Period),
    /// "since 2019": from that year to the article's date.
    Since(i32),
    /// "last year" (-1), "this year" (0), "next year" (1).
    RelativeYear(i32),
    /// "over the past decade", "the last 10 years": N whole years ending
    /// with the last full year before the article's date.
    Window(u32),
    /// "in three years", "for five consecutive years": N years ending at the
    /// sentence's other anchor, or at the last full year.
    Span(u32),
    /// "at present", "now", "to date".
    Present,
}

/// A time expression in a sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeExpr {
    /// Token range (sentence-relative indexes into the token slice).
    pub start: usize,
    pub end: usize,
    pub kind: TimeKind,
    /// Where "N years" stands inside the expression: a stated duration.
    pub duration: Option<(usize, usize, u32)>,
    pub period: Period,
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A four-digit year written as a plain number.
pub fn year_of(t: &Token<'_>) -> Option<i32> {
    if t.kind != TokKind::Number || t.text.len() != 4 || !t.text.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let y: i32 = t.text.parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

fn month_of(t: &Token<'_>) -> Option<u32> {
    MONTH_WORDS.get(t)
}

/// Month names and their abbreviations of 3 or 4 letters ("Jan",
/// "Sept"), with the month's number.
static MONTH_WORDS: LazyLock<Vocab<u32>> = LazyLock::new(|| {
    let names = MONTHS.iter().zip(1..).map(|(m, n)| (m.to_string(), n));
    let abbreviations = MONTHS
        .iter()
        .zip(1..)
        .flat_map(|(m, n)| [3, 4].map(|k| (m.get(..k).unwrap_or(m).to_string(), n)));
    Vocab::new(names.chain(abbreviations))
});

fn small_number(t: &Token<'_>) -> Option<u32> {
    if t.kind == TokKind::Number {
        return t.text.parse().ok().filter(|n| *n > 0 && *n < 200);
    }
    crate::extract::number::ONES
        .iter()
        .position(|w| t.is(w))
        .map(|i| i as u32)
        .filter(|n| *n > 0)
}

fn quarter_end(year: i32, quarters: u32) -> Option<NaiveDate> {
    let month = quarters * 3;
    last_day_of_month(year, month)
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// Find the time expressions in one sentence's tokens.
pub fn find(tokens: &[Token<'_>]) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match at(tokens, i) {
            Some(e) => {
                i = e.end.max(i + 1);
                out.push(e);
            }
            None => i += 1,
        }
    }
    out
}

fn expr(start: usize, end: usize, kind: TimeKind) -> Option<TimeExpr> {
    Some(TimeExpr {
        start,
        end,
        kind,
        duration: None,
        period: Period::default(),
    })
}

/// Words that can start a time expression; any other word cannot, which
/// saves trying every pattern at every word.
fn starts_time(t: &Token<'_>) -> bool {
    STARTS_TIME.has(t) || (t.starts_upper() && month_of(t).is_some())
}

static STARTS_TIME: LazyLock<Vocab<()>> = LazyLock::new(|| {
    Vocab::new(
        [
            "between",
            "from",
            "since",
            "in",
            "during",
            "for",
            "over",
            "the",
            "by",
            "at",
            "as",
            "end",
            "last",
            "this",
            "next",
            "previous",
            "past",
            "within",
            "to",
            "so",
            "currently",
            "now",
            "first",
            "second",
            "third",
            "fourth",
        ]
        .map(|w| (w, ())),
    )
});

/// A time expression starting at token `i`, if any.
fn at(tokens: &[Token<'_>], i: usize) -> Option<TimeExpr> {
    let t = &tokens[i];
    // Only words of `starts_time`, years and the day of "27 January
    // 2026" start an expression: any other token is ruled out before the
    // patterns are tried (punctuation and numbers are most tokens).
    let may_start = match t.kind {
        TokKind::Word => starts_time(t),
        TokKind::Number => {
            year_of(t).is_some()
                || (t.text.len() <= 2 && tokens.get(i + 1).and_then(month_of).is_some())
        }
        TokKind::Ordinal | TokKind::Code | TokKind::Punct => false,
    };
    if !may_start {
        return None;
    }
    let tok = |j: usize| tokens.get(j);
    let is = |j: usize, w: &str| tokens.get(j).is_some_and(|t| t.is(w));
    let year = |j: usize| tokens.get(j).and_then(year_of);

    // between 2012 and 2021 / from 2012 to 2021
    if (t.is("between") && is(i + 2, "and")) || (t.is("from") && is(i + 2, "to")) {
        if let (Some(a), Some(b)) = (year(i + 1), year(i + 3)) {
            if a <= b {
                return expr(i, i + 4, TimeKind::Absolute(Period::years(a, b)));
            }
        }
    }
    // since 2019
    if t.is("since") {
        if let Some(y) = year(i + 1) {
            return expr(i, i + 2, TimeKind::Since(y));
        }
    }
    // the first three quarters of 2022 / the first half of 2022 / the third quarter of 2022
    if let Some(e) = quarters(tokens, i) {
        return Some(e);
    }
    // (by|at) the end of 2021
    {
        let mut j = i;
        if tok(j).is_some_and(|t| t.is_any(&["by", "at", "as"])) {
            j += 1;
            if is(j, "of") {
                j += 1;
            }
        }
        if is(j, "the") {
            j += 1;
        }
        if is(j, "end") && is(j + 1, "of") {
            if let Some(y) = year(j + 2) {
                let d = NaiveDate::from_ymd_opt(y, 12, 31);
                return expr(i, j + 3, TimeKind::Absolute(Period::days(d, d)));
            }
        }
    }
    // Jan. 27, 2026 / January 2023 / 27 January 2026
    if let Some(e) = calendar_date(tokens, i) {
        return Some(e);
    }
    // 2012-13, 2012–2021
    if let Some(a) = year(i) {
        if tok(i + 1).is_some_and(|t| t.text == "-" || t.text == "–") {
            if let Some(b) = tok(i + 2).filter(|t| t.kind == TokKind::Number) {
                let b = match b.text.len() {
                    2 => b.text.parse::<i32>().ok().map(|yy| a / 100 * 100 + yy),
                    4 => year_of(b),
                    _ => None,
                };
                if let Some(b) = b.filter(|b| *b > a) {
                    return expr(i, i + 3, TimeKind::Absolute(Period::years(a, b)));
                }
            }
        }
        let start = if i > 0 && tokens[i - 1].is_any(&["in", "during", "of", "for", "by", "until"])
        {
            i - 1
        } else {
            i
        };
        return expr(start, i + 1, TimeKind::Absolute(Period::years(a, a)));
    }
    // last year / this year / next year / the previous year
    if is(i + 1, "year") {
        let k = if t.is("last") || t.is("previous") {
            Some(-1)
        } else if t.is("this") {
            Some(0)
        } else if t.is("next") {
            Some(1)
        } else {
            None
        };
        if let Some(k) = k {
            let start = if i > 0 && tokens[i - 1].is("the") {
                i - 1
            } else {
                i
            };
            return expr(start, i + 2, TimeKind::RelativeYear(k));
        }
    }
    // (over|in|during) the (past|last|previous) decade / N years
    {
        let mut j = i;
        if tok(j).is_some_and(|t| t.is_any(&["over", "in", "during", "for", "within"])) {
            j += 1;
        }
        if is(j, "the") {
            j += 1;
        }
        if tok(j).is_some_and(|t| t.is_any(&["past", "last", "previous"])) {
            if is(j + 1, "decade") {
                return expr(i, j + 2, TimeKind::Window(10));
            }
            if let Some(n) = tok(j + 1).and_then(small_number) {
                if is(j + 2, "years") || is(j + 2, "year") {
                    let mut e = expr(i, j + 3, TimeKind::Window(n))?;
                    e.duration = Some((j + 1, j + 3, n));
                    return Some(e);
                }
            }
        }
    }
    // in (just) three years / for five consecutive years / two years in a row
    if t.is_any(&["in", "for", "over", "within"]) {
        let mut j = i + 1;
        if tok(j).is_some_and(|t| t.is_any(&["just", "only", "merely", "the"])) {
            j += 1;
        }
        if let Some(n) = tok(j).and_then(small_number) {
            let mut k = j + 1;
            if tok(k).is_some_and(|t| t.is_any(&["consecutive", "straight", "successive"])) {
                k += 1;
            }
            if is(k, "years") || (n == 1 && is(k, "year")) {
                let mut e = expr(i, k + 1, TimeKind::Span(n))?;
                e.duration = Some((j, k + 1, n));
                return Some(e);
            }
        }
    }
    if t.is("at") && is(i + 1, "present") {
        return expr(i, i + 2, TimeKind::Present);
    }
    if t.is("to") && is(i + 1, "date") {
        return expr(i, i + 2, TimeKind::Present);
    }
    if t.is("so") && is(i + 1, "far") {
        return expr(i, i + 2, TimeKind::Present);
    }
    if t.is("currently") || (t.is("now") && !is(i + 1, "that")) {
        return expr(i, i + 1, TimeKind::Present);
    }
    None
}

fn quarters(tokens: &[Token<'_>], i: usize) -> Option<TimeExpr> {
    let is = |j: usize, w: &str| tokens.get(j).is_some_and(|t| t.is(w));
    let mut j = i;
    if tokens
        .get(j)
        .is_some_and(|t| t.is_any(&["in", "during", "for", "over"]))
    {
        j += 1;
    }
    if is(j, "the") {
        j += 1;
    }
    let ordinal = ["first", "second", "third", "fourth"]
        .iter()
        .position(|w| is(j, w))? as u32
        + 1;
    j += 1;
    let (from_q, to_q) = if is(j, "half") {
        j += 1;
        if ordinal == 1 {
            (1, 2)
        } else {
            (3, 4)
        }
    } else if is(j, "quarter") {
        j += 1;
        (ordinal, ordinal)
    } else if let Some(n) = tokens.get(j).and_then(small_number).filter(|n| *n <= 4) {
        // "the first three quarters"
        if !is(j + 1, "quarters") || ordinal != 1 {
            return None;
        }
        j += 2;
        (1, n)
    } else {
        return None;
    };
    if !is(j, "of") {
        return None;
    }
    let y = tokens.get(j + 1).and_then(year_of)?;
    let start = NaiveDate::from_ymd_opt(y, (from_q - 1) * 3 + 1, 1);
    expr(
        i,
        j + 2,
        TimeKind::Absolute(Period::days(start, quarter_end(y, to_q))),
    )
}

/// "Jan. 27, 2026", "January 27, 2026", "27 January 2026", "March 2022".
fn calendar_date(tokens: &[Token<'_>], i: usize) -> Option<TimeExpr> {
    let tok = |j: usize| tokens.get(j);
    let day = |j: usize| {
        tok(j)
            .filter(|t| t.kind == TokKind::Number && t.text.len() <= 2)
            .and_then(|t| t.text.parse::<u32>().ok())
    };
    // 27 January 2026
    if let (Some(d), Some(m)) = (day(i), tok(i + 1).and_then(month_of)) {
        if let Some(y) = tok(i + 2).and_then(year_of) {
            let date = NaiveDate::from_ymd_opt(y, m, d)?;
            return expr(
                i,
                i + 3,
                TimeKind::Absolute(Period::days(Some(date), Some(date))),
            );
        }
    }
    let m = tok(i)
        .filter(|t| t.kind == TokKind::Word)
        .and_then(month_of)?;
    let mut j = i + 1;
    if tok(j).is_some_and(|t| t.text == ".") {
        j += 1;
    }
    if let Some(d) = day(j) {
        let mut k = j + 1;
        if tok(k).is_some_and(|t| t.text == ",") {
            k += 1;
        }
        let y = tok(k).and_then(year_of)?;
        let date = NaiveDate::from_ymd_opt(y, m, d)?;
        return expr(
            i,
            k + 1,
            TimeKind::Absolute(Period::days(Some(date), Some(date))),
        );
    }
    let y = tok(j).and_then(year_of)?;
    let start = NaiveDate::from_ymd_opt(y, m, 1);
    expr(
        i,
        j + 1,
        TimeKind::Absolute(Period::days(start, last_day_of_month(y, m))),
    )
}

/// Resolve every expression of a sentence (its `tokens`) against the
/// article's date.
pub fn resolve(exprs: &mut [TimeExpr], date: Option<NaiveDate>, tokens: &[Token<'_>]) {
    // Whether the sentence speaks of what will happen matters to "this
    // year" and spans only: most sentences are not searched for it.
    let needs_future = exprs
        .iter()
        .any(|e| matches!(e.kind, TimeKind::RelativeYear(0) | TimeKind::Span(_)));
    let future = needs_future && is_future(tokens);
    let last_full_year = date.map(|d| d.year() - 1);
    for e in exprs.iter_mut() {
        e.period = match e.kind {
            TimeKind::Absolute(p) => p,
            TimeKind::Since(y) => Period::days(NaiveDate::from_ymd_opt(y, 1, 1), date),
            TimeKind::RelativeYear(k) => match date {
                // "this year" is the year so far, not the whole year,
                // unless the sentence looks ahead ("will grow this year").
                Some(d) if k == 0 && !future => {
                    Period::days(NaiveDate::from_ymd_opt(d.year(), 1, 1), Some(d))
                }
                Some(d) => Period::years(d.year() + k, d.year() + k),
                None => Period::default(),
            },
            TimeKind::Window(n) => match last_full_year {
                Some(y) => Period::years(y - n as i32 + 1, y),
                None => Period::default(),
            },
            TimeKind::Present => Period::days(date, date),
            TimeKind::Span(_) => Period::default(),
        };
    }
    // A span ends at the sentence's other anchor ("in three years … last
    // year"), else at the last full year (or starts now, if future).
    let anchors: Vec<(usize, Option<i32>)> = exprs
        .iter()
        .filter(|e| !matches!(e.kind, TimeKind::Span(_)))
        .map(|e| (e.start, e.period.end_year()))
        .collect();
    for e in exprs.iter_mut() {
        if let TimeKind::Span(n) = e.kind {
            let n = n as i32;
            let anchor = anchors
                .iter()
                .min_by_key(|(s, _)| s.abs_diff(e.start))
                .and_then(|(_, y)| *y);
            e.period = match (anchor, future, date) {
                (Some(y), _, _) => Period::years(y - n + 1, y),
                (None, true, Some(d)) => Period::years(d.year(), d.year() + n - 1),
                (None, false, Some(d)) => Period::years(d.year() - n, d.year() - 1),
                _ => Period::default(),
            };
        }
    }
}

/// Does the sentence speak of the future?
pub fn is_future(tokens: &[Token<'_>]) -> bool {
    tokens.iter().any(|t| {
        t.kind == TokKind::Word
            && t.is_any(&[
                "will", "shall", "plans", "aims", "expects", "target", "targets",
            ])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::token::tokenize;

    fn periods(text: &str, date: &str) -> Vec<(String, String, String)> {
        let toks = tokenize(text, 0, text.len());
        let mut e = find(&toks);
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
        resolve(&mut e, date, &toks);
        e.iter()
            .map(|e| {
                let s = e.period.start.map_or("?".into(), |d| d.to_string());
                let t = e.period.end.map_or("?".into(), |d| d.to_string());
                (
                    text[toks[e.start].start..toks[e.end - 1].end].to_string(),
                    s,
                    t,
                )
            })
            .collect()
    }

    fn one(text: &str, date: &str) -> (String, String) {
        let p = periods(text, date);
        assert_eq!(p.len(), 1, "{text}: {p:?}");
        (p[0].1.clone(), p[0].2.clone())
    }

    fn span(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn absolute_periods() {
        assert_eq!(
            one("in 2021 it rose", "2023-01-01"),
            span("2021-01-01", "2021-12-31")
        );
        assert_eq!(
            one("Between 2012 and 2021, GDP", "2023-01-01"),
            span("2012-01-01", "2021-12-31")
        );
        assert_eq!(
            one("during the first three quarters of 2022", "2023-01-01"),
            span("2022-01-01", "2022-09-30")
        );
        assert_eq!(
            one("in the first half of 2022", "2023-01-01"),
            span("2022-01-01", "2022-06-30")
        );
        assert_eq!(
            one("the third quarter of 2022", "2023-01-01"),
            span("2022-07-01", "2022-09-30")
        );
        assert_eq!(
            one("By the end of 2021, the rate", "2023-01-01"),
            span("2021-12-31", "2021-12-31")
        );
        assert_eq!(
            one("in fiscal 2012-13 the", "2023-01-01"),
            span("2012-01-01", "2013-12-31")
        );
        assert_eq!(
            one("in March 2022 the", "2023-01-01"),
            span("2022-03-01", "2022-03-31")
        );
        assert_eq!(
            one("China, Jan. 27, 2026 /Xinhua", "2026-01-27"),
            span("2026-01-27", "2026-01-27")
        );
    }

    #[test]
    fn relative_periods() {
        assert_eq!(
            one("reached 65.2 percent last year", "2022-01-01"),
            span("2021-01-01", "2021-12-31")
        );
        assert_eq!(
            one("over the past decade", "2022-10-01"),
            span("2012-01-01", "2021-12-31")
        );
        assert_eq!(
            one("in the last 10 years of development", "2022-01-01"),
            span("2012-01-01", "2021-12-31")
        );
        assert_eq!(
            one("Since 2019, the city", "2023-03-10"),
            span("2019-01-01", "2023-03-10")
        );
        assert_eq!(
            one("ranked first for five consecutive years", "2026-01-27"),
            span("2021-01-01", "2025-12-31")
        );
        assert_eq!(
            one("At present, more than", "2023-03-10"),
            span("2023-03-10", "2023-03-10")
        );
    }

    #[test]
    fn spans_end_at_the_sentence_anchor() {
        let p = periods(
            "increased by 30.2 percentage points in three years and reached 65.2 percent last year",
            "2022-01-01",
        );
        assert_eq!(
            p[0],
            (
                "in three years".into(),
                "2019-01-01".into(),
                "2021-12-31".into()
            )
        );
        let p = periods("The city will double output in three years", "2023-03-10");
        assert_eq!(
            (p[0].1.as_str(), p[0].2.as_str()),
            ("2023-01-01", "2025-12-31")
        );
    }

    #[test]
    fn undated_articles_leave_relative_periods_open() {
        assert_eq!(one("last year", ""), span("?", "?"));
        assert_eq!(one("since 2019", ""), span("2019-01-01", "?"));
    }
}
