//! Quantity mentions: a number with its qualifier, unit, kind and counted
//! noun, found by one left-to-right pass over a sentence's tokens.

use crate::claim::{Kind, Role};
use crate::extract::number::{self, multiplier_word, ordinal_value, Number};
use crate::extract::time::{year_of, Period};
use crate::extract::token::{TokKind, Token, Vocab};
use crate::extract::unit::{currency_prefix, per_after, unit_after, Unit};
use crate::interval::{Interval, Qualifier};
use crate::sym::Sym;
use std::sync::LazyLock;

/// A quantity mention inside one sentence, before it becomes a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Token range, relative to the sentence.
    pub tok_start: usize,
    pub tok_end: usize,
    /// Byte range in the article.
    pub start: usize,
    pub end: usize,
    pub value: f64,
    pub interval: Interval,
    pub qualifier: Qualifier,
    pub unit: Unit,
    pub kind: Kind,
    pub noun: Option<(usize, usize)>,
    pub noun_text: Option<String>,
    pub metric: Option<usize>,
    /// Which lexicon match gave the metric (byte start), to tell parts from
    /// wholes that name the same statistic once.
    pub metric_at: Option<usize>,
    pub subject: Option<Sym>,
    pub scope: Option<&'static str>,
    pub period: Period,
    pub group: Option<u32>,
    pub role: Option<Role>,
}

const QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["more", "than"], Qualifier::Over),
    (&["in", "excess", "of"], Qualifier::Over),
    (&["over"], Qualifier::Over),
    (&["above"], Qualifier::Over),
    (&["exceeding"], Qualifier::Over),
    (&["exceeded"], Qualifier::Over),
    (&["exceeds"], Qualifier::Over),
    (&["surpassed"], Qualifier::Over),
    (&["surpassing"], Qualifier::Over),
    (&["surpasses"], Qualifier::Over),
    (&["topped"], Qualifier::Over),
    (&["at", "least"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["not", "less", "than"], Qualifier::AtLeast),
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["less", "than"], Qualifier::Under),
    (&["fewer", "than"], Qualifier::Under),
    (&["under"], Qualifier::Under),
    (&["below"], Qualifier::Under),
    (&["at", "most"], Qualifier::AtMost),
    (&["up", "to"], Qualifier::AtMost),
    (&["no", "more", "than"], Qualifier::AtMost),
    (&["not", "more", "than"], Qualifier::AtMost),
    (&["as", "many", "as"], Qualifier::AtMost),
    (&["nearly"], Qualifier::Nearly),
    (&["almost"], Qualifier::Nearly),
    (&["close", "to"], Qualifier::Nearly),
    (&["about"], Qualifier::Approx),
    (&["around"], Qualifier::Approx),
    (&["approximately"], Qualifier::Approx),
    (&["roughly"], Qualifier::Approx),
    (&["some"], Qualifier::Approx),
    (&["an", "estimated"], Qualifier::Approx),
];

/// Words of a decrease (sorted, for reading).
const DECREASE: &[&str] = &[
    "contracted",
    "contraction",
    "cut",
    "decline",
    "declined",
    "declines",
    "declining",
    "decrease",
    "decreased",
    "decreases",
    "decreasing",
    "dipped",
    "down",
    "drop",
    "dropped",
    "drops",
    "eased",
    "fall",
    "fallen",
    "falling",
    "falls",
    "fell",
    "lost",
    "lower",
    "plummeted",
    "plunged",
    "reduced",
    "reduction",
    "shrank",
    "shrink",
    "shrunk",
    "slid",
    "slipped",
    "tumbled",
];

/// Words of an increase (sorted, for reading).
const INCREASE: &[&str] = &[
    "added",
    "boosted",
    "climb",
    "climbed",
    "expanded",
    "expansion",
    "gain",
    "gained",
    "grew",
    "grow",
    "growing",
    "grown",
    "grows",
    "growth",
    "higher",
    "increase",
    "increased",
    "increases",
    "increasing",
    "jump",
    "jumped",
    "outperform",
    "outperformed",
    "outperforms",
    "rise",
    "risen",
    "rises",
    "rising",
    "rose",
    "soared",
    "surge",
    "surged",
    "up",
];

const RANK_VERBS: &[&str] = &[
    "rank", "ranks", "ranked", "ranking", "placed", "came", "comes", "finished", "stood", "stands",
    "position",
];

/// Scan one sentence for mentions. `blocked[i]` marks tokens that belong to
/// time expressions or proper names and are never quantities.
pub fn scan(tokens: &[Token<'_>], blocked: &[bool], approx: f64) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if blocked[i] {
            i += 1;
            continue;
        }
        let prev_end = out.last().map_or(0, |m| m.tok_end);
        match at(tokens, blocked, i, prev_end, out.last(), approx) {
            Some(m) => {
                i = m.tok_end.max(i + 1);
                out.push(m);
            }
            None => i += 1,
        }
    }
    out
}

fn at(
    tokens: &[Token<'_>],
    blocked: &[bool],
    i: usize,
    prev_end: usize,
    prev: Option<&Mention>,
    approx: f64,
) -> Option<Mention> {
    let (currency, core) = match currency_prefix(tokens, i) {
        Some((code, j)) => (Some(code), j),
        None => (None, i),
    };
    if core >= tokens.len() || blocked[core] {
        return None;
    }
    let t = &tokens[core];
    // Multiplier words stand alone: "increased nearly fourfold", "doubled".
    if currency.is_none() {
        if let Some(v) = multiplier_word(t) {
            // "fourfold" is as round as "4 times": to the nearest whole.
            let rounded = if v >= 1.0 {
                Interval::rounded(v, 0.5)
            } else {
                Interval::point(v)
            };
            return Some(finish(
                tokens,
                i,
                core + 1,
                v,
                rounded,
                Unit::Times,
                None,
                prev_end,
                prev,
                approx,
            ));
        }
        if t.is("number")
            && tokens.get(core + 1).is_some_and(|n| n.is("one"))
            && rank_context(tokens, core)
        {
            return Some(finish(
                tokens,
                i,
                core + 2,
                1.0,
                Interval::point(1.0),
                Unit::Rank,
                None,
                prev_end,
                prev,
                approx,
            ));
        }
    }
    let n = number::parse(tokens, core)?;
    if blocked[core..n.end.min(blocked.len())].iter().any(|b| *b) {
        return None;
    }
    if n.ordinal {
        return rank(tokens, i, core, &n, prev_end, prev, approx);
    }
    if n.words && !word_number_is_quantity(tokens, core, &n) {
        return None;
    }
    let mut end = n.end;
    let mut value = n.value;
    let mut rounded = Interval::rounded(n.value, n.half);
    let mut qualifier_range = None;
    // A stated range: "5-7 percent", never averaged away.
    if tokens
        .get(end)
        .is_some_and(|t| t.text == "-" || t.text == "–")
    {
        // "4-5 trillion yuan": a scale word written once, after the upper
        // end, scales the lower end too.
        let shared_scale = |m: &Number| {
            let lower_plain = !n.words && n.end == core + 1;
            let upper_scaled = !m.words && m.end == end + 3;
            match tokens.get(end + 2).and_then(number::scale_word) {
                Some(s) if lower_plain && upper_scaled => s,
                _ => 1.0,
            }
        };
        if let Some((m, s)) = number::parse(tokens, end + 1)
            .map(|m| (m, shared_scale(&m)))
            .filter(|(m, s)| !m.ordinal && m.value > n.value * s)
        {
            if unit_after(tokens, m.end).is_some() || currency.is_some() {
                let (lo, lo_half) = (n.value * s, n.half * s);
                rounded = Interval::new(lo - lo_half, m.value + m.half);
                value = (lo + m.value) / 2.0;
                end = m.end;
                qualifier_range = Some(Qualifier::Range);
            }
        }
    }
    let (unit, end) = if let Some(code) = currency {
        let (per, e) = per_suffix(tokens, end);
        (Unit::Currency(code, per), e)
    } else if let Some((u, e)) = unit_after(tokens, end) {
        match u {
            Unit::Currency(code, None) => {
                let (per, e2) = per_suffix(tokens, e);
                (Unit::Currency(code, per), e2)
            }
            other => (other, e),
        }
    } else if n.fraction {
        // "a third of the exports": a share, approximately.
        if !tokens.get(end).is_some_and(|t| t.is("of")) {
            return None;
        }
        value *= 100.0;
        rounded = Interval::point(value).qualified(value, Qualifier::Approx, approx);
        let mut m = finish(
            tokens,
            i,
            end,
            value,
            rounded,
            Unit::Percent,
            None,
            prev_end,
            prev,
            approx,
        );
        m.qualifier = Qualifier::Approx;
        return Some(m);
    } else {
        (Unit::Count, end)
    };
    if matches!(unit, Unit::Count | Unit::Years | Unit::Months | Unit::Days)
        && n.half <= 0.5
        && qualifier_range.is_none()
    {
        // Counts of whole things are exact, unless written round: "two
        // million tourists", "700,000 workers" were not counted one by one.
        rounded = Interval::point(value);
    }
    if unit == Unit::Times && n.words && n.half == 0.0 {
        // "four times" is as round as "4 times".
        rounded = Interval::rounded(value, 0.5);
    }
    let mut m = finish(
        tokens,
        i,
        end,
        value,
        rounded,
        unit,
        qualifier_range,
        prev_end,
        prev,
        approx,
    );
    if unit == Unit::Count {
        m.noun = noun_after(tokens, end);
        m.noun_text = m.noun.map(|(a, b)| joined(tokens, a, b));
    }
    Some(m)
}

/// "yuan per metric ton": the per-unit of a price, if any. Skips a
/// parenthesised conversion in between ("yuan ($787.8) per metric ton").
fn per_suffix(tokens: &[Token<'_>], end: usize) -> (Option<&'static str>, usize) {
    if let Some((per, e)) = per_after(tokens, end) {
        return (Some(per), e);
    }
    if tokens.get(end).is_some_and(|t| t.text == "(") {
        if let Some(close) = tokens[end..].iter().take(8).position(|t| t.text == ")") {
            if let Some((per, _)) = per_after(tokens, end + close + 1) {
                // The span stays on the amount; the price unit still applies.
                return (Some(per), end);
            }
        }
    }
    (None, end)
}

/// Word numbers are often not quantities: "one of the pillars", "the one".
fn word_number_is_quantity(tokens: &[Token<'_>], core: usize, n: &Number) -> bool {
    let t = &tokens[core];
    if t.is("one") && n.end == core + 1 {
        let next = tokens.get(core + 1);
        if next.is_none_or(|x| {
            x.is_any(&["of", "another", "by", "day", "hand", "side"]) || x.kind == TokKind::Punct
        }) {
            return false;
        }
        if core > 0
            && tokens[core - 1].is_any(&["the", "no", "any", "each", "every", "this", "that"])
        {
            return false;
        }
    }
    true
}

/// An ordinal is a rank only in a ranking context; "20th National Congress"
/// and "the first three quarters" are not ranks.
fn rank(
    tokens: &[Token<'_>],
    i: usize,
    core: usize,
    n: &Number,
    prev_end: usize,
    prev: Option<&Mention>,
    approx: f64,
) -> Option<Mention> {
    let next = tokens.get(n.end);
    let mut end = n.end;
    let place = next.is_some_and(|t| t.is_any(&["place", "position", "spot"]));
    let superlative = next.is_some_and(|t| {
        t.kind == TokKind::Word
            && (t.text.ends_with("est") && t.text.len() > 4 || t.is_any(&["most", "biggest"]))
    });
    if next.is_some_and(|t| t.is_word() && t.starts_upper()) {
        return None;
    }
    if place {
        end += 1;
    } else if !superlative && !rank_context(tokens, core) {
        return None;
    }
    let v = ordinal_value(&tokens[core])?;
    Some(finish(
        tokens,
        i,
        end,
        v,
        Interval::point(v),
        Unit::Rank,
        None,
        prev_end,
        prev,
        approx,
    ))
}

fn rank_context(tokens: &[Token<'_>], core: usize) -> bool {
    (1..=2).any(|k| {
        core.checked_sub(k)
            .is_some_and(|j| tokens[j].is_any(RANK_VERBS))
    })
}

/// Qualifier words right before `i`: returns the qualifier and where it starts.
/// The longest phrase wins: "no more than 20" is at most 20, not over it.
fn qualifier_before(tokens: &[Token<'_>], i: usize) -> Option<(Qualifier, usize)> {
    // Every qualifier ends in one of these words: a quick test first.
    const LAST: &[&str] = &[
        "than",
        "of",
        "over",
        "above",
        "exceeding",
        "exceeded",
        "exceeds",
        "surpassed",
        "surpassing",
        "surpasses",
        "topped",
        "least",
        "under",
        "below",
        "most",
        "to",
        "as",
        "nearly",
        "almost",
        "about",
        "around",
        "approximately",
        "roughly",
        "some",
        "estimated",
    ];
    if !tokens.get(i.checked_sub(1)?)?.is_any(LAST) {
        return None;
    }
    let mut best: Option<(Qualifier, usize)> = None;
    for (words, q) in QUALIFIERS {
        let n = words.len();
        if i < n {
            continue;
        }
        let s = i - n;
        if words.iter().enumerate().all(|(k, w)| tokens[s + k].is(w)) {
            // "some" only before digits: "some 500 workers", not "some five".
            if *q == Qualifier::Approx && words == &["some"] && tokens[i].kind != TokKind::Number {
                continue;
            }
            if best.is_none_or(|(_, b)| s < b) {
                best = Some((*q, s));
            }
        }
    }
    best
}

#[allow(clippy::too_many_arguments)]
fn finish(
    tokens: &[Token<'_>],
    i: usize,
    end: usize,
    value: f64,
    rounded: Interval,
    unit: Unit,
    range: Option<Qualifier>,
    prev_end: usize,
    prev: Option<&Mention>,
    approx: f64,
) -> Mention {
    let (qualifier, start_tok) = match qualifier_before(tokens, i) {
        Some((q, s)) if s >= prev_end => (q, s),
        _ => (range.unwrap_or(Qualifier::Exact), i),
    };
    let (kind, negative) = kind_of(tokens, unit, start_tok, end, prev_end, prev);
    let mut value = value;
    let mut interval = rounded.qualified(value, qualifier, approx);
    if negative {
        value = -value;
        interval = -interval;
    }
    Mention::new(
        tokens, start_tok, end, value, interval, qualifier, unit, kind,
    )
}

impl Mention {
    /// A mention of tokens `a..z` with nothing attached yet.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        tokens: &[Token<'_>],
        a: usize,
        z: usize,
        value: f64,
        interval: Interval,
        qualifier: Qualifier,
        unit: Unit,
        kind: Kind,
    ) -> Mention {
        Mention {
            tok_start: a,
            tok_end: z,
            start: tokens[a].start,
            end: tokens[z - 1].end,
            value,
            interval,
            qualifier,
            unit,
            kind,
            noun: None,
            noun_text: None,
            metric: None,
            metric_at: None,
            subject: None,
            scope: None,
            period: Period::default(),
            group: None,
            role: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Up,
    Down,
}

/// Whether a word speaks of an increase or a decrease (this runs for
/// every word near every number).
fn direction(t: &Token<'_>) -> Option<Direction> {
    if t.kind != TokKind::Word || t.text.len() < 2 {
        return None;
    }
    DIRECTIONS.get(t)
}

/// Both lists in one map: one hash instead of two binary searches of
/// string comparisons, for every word before every number.
static DIRECTIONS: LazyLock<Vocab<Direction>> = LazyLock::new(|| {
    let down = DECREASE.iter().map(|w| (*w, Direction::Down));
    let up = INCREASE.iter().map(|w| (*w, Direction::Up));
    Vocab::new(down.chain(up))
});

/// What a number says, from the words around it: growth ("increased by"),
/// rate ("average annual growth of"), share (a plain percent), change
/// ("added 5,500 yuan"), and whether it is a decrease.
fn kind_of(
    tokens: &[Token<'_>],
    unit: Unit,
    start: usize,
    end: usize,
    prev_end: usize,
    prev: Option<&Mention>,
) -> (Kind, bool) {
    let lo = prev_end.max(start.saturating_sub(10));
    let before = &tokens[lo..start];
    let after = &tokens[end..tokens.len().min(end + 3)];
    let last = before.last();
    // "54.4 percent and 101.6 percent", "5.2% in 2022 and 4.8 percent in
    // 2021": the second shares the first's kind.
    let joiner = |t: &Token<'_>| t.is_any(&["and", "or", ","]);
    let year_or_joiner = |k: usize| {
        let t = &before[k];
        joiner(t)
            || year_of(t).is_some()
            || t.is_any(&["in", "during"])
                && before.get(k + 1).is_some_and(|n| year_of(n).is_some())
    };
    if let Some(p) = prev {
        if p.unit == unit && before.iter().any(joiner) && (0..before.len()).all(year_or_joiner) {
            return (p.kind, p.value < 0.0);
        }
    }
    let decreasing = before.iter().rev().find_map(direction) == Some(Direction::Down);
    let by = last.is_some_and(|t| t.is("by"));
    let up_down = last.is_some_and(|t| t.is("up") || t.is("down"));
    let verb_directly = last.and_then(direction).is_some();
    let change_noun_of = before.len() >= 2
        && last.is_some_and(|t| t.is("of"))
        && before[..before.len() - 1].iter().rev().take(2).any(|t| {
            t.is_any(&[
                "increase",
                "growth",
                "rise",
                "decline",
                "drop",
                "decrease",
                "gain",
                "fall",
                "rate",
                "expansion",
                "contraction",
                "reduction",
            ])
        });
    let annual = before
        .iter()
        .any(|t| t.is_any(&["annual", "annually", "cagr", "yearly"]))
        || after_says(
            after,
            &[
                &["a", "year"],
                &["annually"],
                &["per", "year"],
                &["per", "annum"],
                &["on", "average"],
            ],
        );
    let yoy = after_says(
        after,
        &[&["year", "-", "on"], &["year", "on", "year"], &["yoy"]],
    );
    let growth_after = after.first().is_some_and(|t| {
        t.is_any(&[
            "growth", "increase", "rise", "decline", "drop", "decrease", "higher", "lower", "more",
            "less", "gain",
        ])
    });
    let change = by || up_down || verb_directly || change_noun_of || yoy || growth_after;
    let negative = change
        && (decreasing
            || last.is_some_and(|t| t.is("down"))
            || after
                .first()
                .is_some_and(|t| t.is_any(&["decline", "drop", "decrease", "lower", "less"])));
    match unit {
        Unit::Percent => {
            if annual
                && (change
                    || change_noun_of
                    || before
                        .iter()
                        .any(|t| t.is_any(&["rate", "average", "growth"])))
            {
                (Kind::Rate, negative)
            } else if change {
                (Kind::Growth, negative)
            } else {
                (Kind::Share, false)
            }
        }
        Unit::Points => (Kind::Points, negative || decreasing),
        Unit::Rank => (Kind::Rank, false),
        Unit::Times => (Kind::Multiple, false),
        Unit::Years | Unit::Months | Unit::Days => (Kind::Duration, false),
        _ if by || up_down || verb_directly || change_noun_of => (Kind::Change, negative),
        _ => (Kind::Level, false),
    }
}

fn after_says(after: &[Token<'_>], phrases: &[&[&str]]) -> bool {
    phrases.iter().any(|p| {
        p.iter()
            .enumerate()
            .all(|(k, w)| after.get(k).is_some_and(|t| t.is(w)))
    })
}

const NOUN_STOP: &[&str] = &[
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "or",
    "as",
    "than",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "have",
    "has",
    "had",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "will",
    "would",
    "can",
    "could",
    "each",
    "per",
    "above",
    "below",
    "including",
    "worth",
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "our",
    "this",
    "these",
    "those",
    "while",
    "but",
    "into",
    "across",
    "over",
    "under",
    "among",
    "between",
    "during",
    "since",
    "after",
    "before",
    "through",
    "generate",
    "generated",
    "generates",
    "make",
    "made",
    "produce",
    "produced",
    "respectively",
    "more",
    "less",
    "then",
    "than",
    "there",
    "here",
    "both",
    "either",
    "neither",
    "all",
    "other",
    "such",
    "like",
    "via",
    "per",
    "of",
];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those",
];

/// The counted noun after a count: "1,530 enterprises above designated
/// scale" → "enterprises"; "eight types of aluminum alloy materials" →
/// "types of aluminum alloy materials".
pub fn noun_after(tokens: &[Token<'_>], start: usize) -> Option<(usize, usize)> {
    let mut j = start;
    let mut words = 0;
    while let Some(t) = tokens.get(j) {
        if words >= 8 {
            break;
        }
        if t.is_punct('-')
            && words > 0
            && tokens.get(j + 1).is_some_and(|n| n.is_word())
            && tokens[j - 1].end == t.start
        {
            j += 1;
            continue;
        }
        if !t.is_word() {
            break;
        }
        let next = tokens.get(j + 1);
        if t.is("of") && words > 0 {
            // "types of aluminum", but not "institutions of the Academy".
            if next.is_some_and(|n| n.is_word() && !n.is_any(DETERMINERS)) {
                j += 1;
                continue;
            }
            break;
        }
        if t.is("and") {
            // "technical and skilled talents": an adjective pair.
            let last = &tokens[j - 1];
            if words > 0
                && !plural(last)
                && next.is_some_and(|n| n.is_word() && !n.is_any(NOUN_STOP))
            {
                j += 1;
                continue;
            }
            break;
        }
        if t.is_any(NOUN_STOP) {
            break;
        }
        // "33 million last year": a time expression, not the counted noun.
        if t.is_any(&["last", "next", "past", "previous"])
            && next.is_some_and(|n| n.is_any(&["year", "decade", "month", "quarter"]))
        {
            break;
        }
        let lower = t.text.to_ascii_lowercase();
        if lower.ends_with("ing") && next.is_none_or(|n| !n.is_word() || n.is_any(DETERMINERS)) {
            break;
        }
        if words > 0 && lower.ends_with("ed") && lower.len() > 4 && !tokens[j - 1].is("and") {
            break;
        }
        if words == 0 && lower.ends_with("ed") && lower.len() > 4 && !lower.ends_with("eed") {
            break;
        }
        words += 1;
        j += 1;
        if plural(t) && !next.is_some_and(|n| n.is("of") || n.is_punct('-')) {
            break;
        }
    }
    (words > 0).then_some((start, j))
}

fn plural(t: &Token<'_>) -> bool {
    let w = t.text.to_ascii_lowercase();
    (w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && w.len() > 2)
        || [
            "people",
            "staff",
            "personnel",
            "children",
            "livestock",
            "cattle",
        ]
        .contains(&w.as_str())
}

/// The text of tokens `a..b`, as written.
pub fn joined(tokens: &[Token<'_>], a: usize, b: usize) -> String {
    let mut s = String::new();
    for k in a..b {
        if k > a && tokens[k - 1].end != tokens[k].start {
            s.push(' ');
        }
        s.push_str(tokens[k].text);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::token::tokenize;

    fn mentions(t: &str) -> Vec<String> {
        let toks = tokenize(t, 0, t.len());
        let blocked = vec![false; toks.len()];
        scan(&toks, &blocked, 0.05)
            .iter()
            .map(|m| {
                format!(
                    "{} | {} [{}, {}] {} {} {}{}",
                    &t[m.start..m.end],
                    m.value,
                    m.interval.lo,
                    m.interval.hi,
                    m.qualifier,
                    m.unit,
                    m.kind,
                    m.noun_text
                        .as_ref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn direction_lists_are_sorted_and_disjoint() {
        assert!(DECREASE.windows(2).all(|w| w[0] < w[1]));
        assert!(INCREASE.windows(2).all(|w| w[0] < w[1]));
        assert!(DECREASE.iter().all(|w| !INCREASE.contains(w)));
        assert_eq!(DIRECTIONS.len(), DECREASE.len() + INCREASE.len());
    }

    #[test]
    fn growth_rate_and_share() {
        assert_eq!(
            mentions("GDP increased by 95.5 percent, with an average annual growth of 6.9 percent, and accounted for 3.36 percent of the total."),
            [
                "95.5 percent | 95.5 [95.45, 95.55] exact percent growth",
                "6.9 percent | 6.9 [6.85, 6.95] exact percent rate",
                "3.36 percent | 3.36 [3.355, 3.365] exact percent share",
            ]
        );
    }

    #[test]
    fn decreases_are_negative() {
        assert_eq!(
            mentions("Exports fell by 3.8 percent, imports were down 2 percent and the share dropped 1.5 percentage points."),
            [
                "3.8 percent | -3.8 [-3.85, -3.75] exact percent growth",
                "2 percent | -2 [-2.5, -1.5] exact percent growth",
                "1.5 percentage points | -1.5 [-1.55, -1.45] exact points points",
            ]
        );
    }

    #[test]
    fn currencies_scales_and_conversions() {
        assert_eq!(
            mentions("reaching 28.73 billion yuan ($3.96 billion) and €5 million"),
            [
                "28.73 billion yuan | 28730000000 [28725000000, 28735000000] exact CNY level",
                "$3.96 billion | 3960000000 [3955000000, 3965000000] exact USD level",
                "€5 million | 5000000 [4500000, 5500000] exact EUR level",
            ]
        );
        assert_eq!(
            mentions("added nearly 5,500 yuan ($787.8) per metric ton of wheat")[0],
            "nearly 5,500 yuan | 5500 [5225, 5500] nearly CNY/t change"
        );
    }

    #[test]
    fn qualifiers_and_counts_with_nouns() {
        assert_eq!(
            mentions("more than 47,000 college students, at least 12 firms, about 300 people and nearly 5,500 items"),
            [
                "more than 47,000 | 47000 [47000, inf] over count level (college students)",
                "at least 12 | 12 [12, inf] at_least count level (firms)",
                "about 300 | 300 [285, 315] approx count level (people)",
                "nearly 5,500 | 5500 [5225, 5500] nearly count level (items)",
            ]
        );
        assert_eq!(
            mentions("1,530 enterprises above designated scale, five in the top list")[0],
            "1,530 | 1530 [1530, 1530] exact count level (enterprises)"
        );
    }

    #[test]
    fn ranks_multiples_and_words() {
        assert_eq!(
            mentions("ranking fourth in the province, from 9th place to 3rd place, China's second longest river, the 20th National Congress"),
            [
                "fourth | 4 [4, 4] exact rank rank",
                "9th place | 9 [9, 9] exact rank rank",
                "3rd place | 3 [3, 3] exact rank rank",
                "second | 2 [2, 2] exact rank rank",
            ]
        );
        assert_eq!(
            mentions("increased nearly fourfold, doubled, 3 times, a 4-fold rise"),
            [
                "nearly fourfold | 4 [3.5, 4] nearly times multiple",
                "doubled | 2 [1.5, 2.5] exact times multiple",
                "3 times | 3 [2.5, 3.5] exact times multiple",
                "4-fold | 4 [3.5, 4.5] exact times multiple",
            ]
        );
        assert_eq!(
            mentions("one of the pillars has surpassed one trillion yuan"),
            ["surpassed one trillion yuan | 1000000000000 [1000000000000, inf] over CNY level"]
        );
    }

    #[test]
    fn ranges_and_fractions() {
        assert_eq!(
            mentions("grew 5-7 percent")[0],
            "5-7 percent | 6 [4.5, 7.5] range percent growth"
        );
        assert_eq!(mentions("a third of exports")[0], "a third | 33.33333333333333 [31.66666666666666, 34.99999999999999] approx percent share");
    }
}
