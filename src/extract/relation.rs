//! Relations between the mentions of one sentence: each pattern is a small
//! named function that links mentions into a group and gives each a role.
//! Patterns run in order; a mention already in a group keeps it.

use crate::claim::{Kind, Role};
use crate::extract::mention::{joined, Mention};
use crate::extract::token::Token;
use crate::extract::unit::Unit;

/// Hands out group ids, unique within an article.
#[derive(Debug, Default)]
pub struct Groups {
    next: u32,
}

impl Groups {
    pub fn fresh(&mut self) -> u32 {
        self.next += 1;
        self.next
    }
}

/// Link the mentions of one sentence.
pub fn link(
    tokens: &[Token<'_>],
    ms: &mut [Mention],
    groups: &mut Groups,
) -> Vec<RespectivelyItem> {
    conversions(tokens, ms, groups);
    from_to(tokens, ms, groups);
    part_of_whole(tokens, ms, groups);
    streak(ms, groups);
    let items = respectively(tokens, ms, groups);
    reaching(tokens, ms, groups);
    compound(ms, groups);
    items
}

fn set(m: &mut Mention, g: u32, role: Role) {
    m.group = Some(g);
    m.role = Some(role);
}

fn skip_fillers(tokens: &[Token<'_>], mut j: usize) -> usize {
    while tokens
        .get(j)
        .is_some_and(|t| t.is_any(&["just", "only", "merely", "a", "mere"]))
    {
        j += 1;
    }
    j
}

/// The mention that starts at token `j`, if any.
fn mention_at(ms: &[Mention], j: usize) -> Option<usize> {
    ms.iter().position(|m| m.tok_start == j)
}

/// "28.73 billion yuan ($3.96 billion)": an amount and its conversion.
fn conversions(tokens: &[Token<'_>], ms: &mut [Mention], groups: &mut Groups) {
    for k in 1..ms.len() {
        let (a, b) = (&ms[k - 1], &ms[k]);
        let (Unit::Currency(ca, per), Unit::Currency(cb, _)) = (a.unit, b.unit) else {
            continue;
        };
        let opens =
            tokens.get(a.tok_end).is_some_and(|t| t.text == "(") && b.tok_start == a.tok_end + 1;
        let closes = tokens.get(b.tok_end).is_some_and(|t| t.text == ")");
        if ca != cb && opens && closes {
            let g = ms[k - 1].group.unwrap_or_else(|| groups.fresh());
            if ms[k - 1].group.is_none() {
                set(&mut ms[k - 1], g, Role::Base);
            }
            set(&mut ms[k], g, Role::Converted);
            // "5,500 yuan ($787.8) per metric ton": both are prices.
            ms[k].unit = Unit::Currency(cb, per);
        }
    }
}

/// "from 37 to 53", "from 9th place in 2018 to 3rd place in 2019 and to 1st
/// place in 2020": a chain of levels; the first is `from`, the last `to`,
/// any between are `item`s. Stated changes in the same clause join it.
fn from_to(tokens: &[Token<'_>], ms: &mut [Mention], groups: &mut Groups) {
    let mut i = 0;
    while i < tokens.len() {
        if !tokens[i].is("from") {
            i += 1;
            continue;
        }
        // A level may already carry its conversion ("20 billion yuan ($2.9
        // billion)"): that group joins the chain.
        let free = |m: &Mention| m.group.is_none() || m.role == Some(Role::Base);
        let Some(first) = mention_at(ms, skip_fillers(tokens, i + 1)).filter(|k| free(&ms[*k]))
        else {
            i += 1;
            continue;
        };
        let mut chain = vec![first];
        let mut j = after_conversion(ms, first);
        // Within a few tokens ("in 2018"), "to" or "and to" introduces the next.
        while let Some(to) = (j..tokens.len().min(j + 5)).find(|&k| tokens[k].is("to")) {
            let next = mention_at(ms, skip_fillers(tokens, to + 1));
            match next {
                Some(n) if ms[n].unit == ms[first].unit && free(&ms[n]) => {
                    chain.push(n);
                    j = after_conversion(ms, n);
                }
                _ => break,
            }
        }
        if chain.len() < 2 {
            i += 1;
            continue;
        }
        let g = groups.fresh();
        let last = chain.len() - 1;
        for (pos, &k) in chain.iter().enumerate() {
            let role = if pos == 0 {
                Role::From
            } else if pos == last {
                Role::To
            } else {
                Role::Item
            };
            if let Some(old) = ms[k].group {
                for m in ms.iter_mut().filter(|m| m.group == Some(old)) {
                    m.group = Some(g);
                }
            }
            set(&mut ms[k], g, role);
            if ms[k].noun.is_none() {
                ms[k].noun_text = ms[first].noun_text.clone();
            }
        }
        // Changes stated in the same clause: "has grown by 30 percent".
        let (c0, c1) = clause(tokens, ms[chain[0]].tok_start);
        for m in ms.iter_mut() {
            if m.group.is_none() && m.kind.is_change() && m.tok_start >= c0 && m.tok_end <= c1 {
                set(m, g, Role::Stated);
            }
        }
        i = j;
    }
}

/// The token after a level and its bracketed conversion, if it has one.
fn after_conversion(ms: &[Mention], k: usize) -> usize {
    match ms.get(k + 1) {
        Some(c)
            if c.role == Some(Role::Converted) && c.group.is_some() && c.group == ms[k].group =>
        {
            c.tok_end + 1
        }
        _ => ms[k].tok_end,
    }
}

/// The clause around token `at`: ";" and ", while"/", whereas"/", but" end it.
fn clause(tokens: &[Token<'_>], at: usize) -> (usize, usize) {
    let boundary = |k: usize| {
        tokens[k].text == ";"
            || (tokens[k].text == ","
                && tokens
                    .get(k + 1)
                    .is_some_and(|t| t.is_any(&["while", "whereas", "but"])))
    };
    let start = (0..at).rev().find(|&k| boundary(k)).map_or(0, |k| k + 1);
    let end = (at..tokens.len())
        .find(|&k| boundary(k))
        .unwrap_or(tokens.len());
    (start, end)
}

/// "1,530 enterprises …, including five …", "of which", "with 15 holding":
/// a part of a whole. "A, accounting for P percent of …": a part and its share.
fn part_of_whole(tokens: &[Token<'_>], ms: &mut [Mention], groups: &mut Groups) {
    for k in 1..ms.len() {
        if ms[k].group.is_some() {
            continue;
        }
        let w = k - 1;
        let between: Vec<&Token<'_>> = tokens[ms[w].tok_end..ms[k].tok_start]
            .iter()
            .filter(|t| t.text != ",")
            .collect();
        let introduces_part = between
            .last()
            .is_some_and(|t| t.is_any(&["including", "includes", "included"]))
            || ends_with(&between, &["of", "which"])
            || ends_with(&between, &["among", "them"])
            || ends_with(&between, &["of", "them"]);
        let with_holding = between.last().is_some_and(|t| t.is("with"))
            && tokens
                .get(ms[k].tok_end)
                .is_some_and(|t| t.is_any(&["holding", "having", "being", "of", "in"]));
        let same_family = ms[w].unit.family() == ms[k].unit.family();
        if (introduces_part || with_holding) && same_family && ms[k].kind == ms[w].kind {
            let g = ms[w]
                .group
                .filter(|_| ms[w].role == Some(Role::Whole))
                .unwrap_or_else(|| groups.fresh());
            if ms[w].group.is_none() || ms[w].role == Some(Role::Whole) {
                set(&mut ms[w], g, Role::Whole);
                set(&mut ms[k], g, Role::Part);
                // "with 15 holding national accreditation": what follows the
                // part is its predicate, not its noun.
                if ms[k].noun_text.is_none() || with_holding {
                    ms[k].noun = None;
                    ms[k].noun_text = ms[w].noun_text.clone();
                }
            }
        }
        // "…, accounting for 3.36 percent of": the share of the mention before.
        let accounting = between
            .iter()
            .any(|t| t.is_any(&["accounting", "accounted", "accounts", "account"]))
            && between.last().is_some_and(|t| t.is("for"));
        if accounting && ms[k].kind == Kind::Share && ms[w].kind == Kind::Level {
            let g = ms[w].group.unwrap_or_else(|| groups.fresh());
            if ms[w].group.is_none() {
                set(&mut ms[w], g, Role::Part);
            }
            set(&mut ms[k], g, Role::Stated);
        }
    }
}

fn ends_with(between: &[&Token<'_>], words: &[&str]) -> bool {
    between.len() >= words.len()
        && words
            .iter()
            .zip(&between[between.len() - words.len()..])
            .all(|(w, t)| t.is(w))
}

/// "ranked first … for five consecutive years": a rank held for a streak.
fn streak(ms: &mut [Mention], groups: &mut Groups) {
    let Some(r) = ms
        .iter()
        .position(|m| m.kind == Kind::Rank && m.group.is_none())
    else {
        return;
    };
    let Some(d) = ms.iter().position(|m| {
        m.kind == Kind::Duration && m.group.is_none() && m.tok_start > ms[r].tok_start
    }) else {
        return;
    };
    let g = groups.fresh();
    set(&mut ms[r], g, Role::Stated);
    set(&mut ms[d], g, Role::Stated);
}

/// One entry of a "respectively" list, for the caller to tag with a metric.
#[derive(Debug, Clone, PartialEq)]
pub struct RespectivelyItem {
    pub mention: usize,
    pub item: String,
}

/// "The added value of high-tech and digital manufacturing industries
/// increased by 54.4 percent and 101.6 percent, respectively": each value
/// belongs to one item of the coordinated phrase before the verb.
fn respectively(
    tokens: &[Token<'_>],
    ms: &mut [Mention],
    groups: &mut Groups,
) -> Vec<RespectivelyItem> {
    let Some(resp) = tokens.iter().position(|t| t.is("respectively")) else {
        return Vec::new();
    };
    let listed: Vec<usize> = (0..ms.len())
        .filter(|&k| ms[k].group.is_none() && ms[k].tok_end <= resp)
        .collect();
    if listed.len() < 2 {
        return Vec::new();
    }
    let first = ms[listed[0]].tok_start;
    // The coordinated phrase: after the last "of" before the verb that
    // precedes the first value ("increased by"), up to that verb.
    let verb = (0..first).rev().find(|&k| {
        tokens[k].text.ends_with("ed")
            || tokens[k].is_any(&["were", "was", "are", "is", "grew", "rose", "fell"])
    });
    let Some(verb) = verb else {
        return Vec::new();
    };
    let phrase_start = (0..verb)
        .rev()
        .find(|&k| tokens[k].is("of"))
        .map_or(0, |k| k + 1);
    let phrase = joined(tokens, phrase_start, verb);
    let mut items: Vec<String> = phrase
        .split(',')
        .flat_map(|p| p.split(" and "))
        .map(|s| s.trim().trim_start_matches("and ").trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if items.len() != listed.len() {
        return Vec::new();
    }
    // "high-tech and digital manufacturing industries": the head noun of the
    // last item is shared by the others; a lone plural noun ("exports,
    // imports and retail sales") is an item of its own.
    let lone_plural = |w: &str| {
        let w = w.to_ascii_lowercase();
        w.len() > 2 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us")
    };
    if let Some(last) = items.last().cloned() {
        if let Some((_, head)) = last.split_once(' ') {
            for it in items.iter_mut().take(listed.len() - 1) {
                if !it.contains(' ') && !lone_plural(it) {
                    *it = format!("{it} {head}");
                }
            }
        }
    }
    let g = groups.fresh();
    listed
        .iter()
        .zip(items)
        .map(|(&k, item)| {
            set(&mut ms[k], g, Role::Item);
            ms[k].noun_text = Some(item.clone());
            RespectivelyItem { mention: k, item }
        })
        .collect()
}

/// "grew … by 7.5 percent …, reaching 28.73 billion yuan": the level reached
/// and the changes that led to it.
fn reaching(tokens: &[Token<'_>], ms: &mut [Mention], groups: &mut Groups) {
    for k in 0..ms.len() {
        let s = ms[k].tok_start;
        let reached = s > 0
            && tokens[s - 1].is_any(&[
                "reaching", "reached", "reach", "reaches", "hit", "hitting", "totaled", "totalled",
                "totaling",
            ])
            || s > 1
                && tokens[s - 1].is("to")
                && tokens[s - 2].is_any(&[
                    "rose",
                    "risen",
                    "increased",
                    "grew",
                    "grown",
                    "climbed",
                    "jumped",
                    "surged",
                    "fell",
                    "dropped",
                    "declined",
                    "decreased",
                ])
            // "grew 12 percent to 5.6 billion yuan", "climbed 3.5 points
            // over three years to 68.2 percent": a change, then the level.
            || s > 0 && tokens[s - 1].is("to") && change_ends_at(ms, s - 1);
        if !reached || !matches!(ms[k].kind, Kind::Level | Kind::Share) {
            continue;
        }
        let (c0, c1) = clause(tokens, s);
        let changes: Vec<usize> = (0..ms.len())
            .filter(|&j| {
                ms[j].group.is_none()
                    && ms[j].kind.is_change()
                    && ms[j].tok_start >= c0
                    && ms[j].tok_end <= c1
            })
            .collect();
        if changes.is_empty() {
            continue;
        }
        let g = ms[k].group.unwrap_or_else(|| groups.fresh());
        match ms[k].role {
            None | Some(Role::Base) => set(&mut ms[k], g, Role::To),
            _ => continue,
        }
        for j in changes {
            set(&mut ms[j], g, Role::Stated);
        }
    }
}

/// Does a change end at token `at`, maybe followed by the duration it took
/// ("3.5 percentage points over three years")?
fn change_ends_at(ms: &[Mention], at: usize) -> bool {
    let ending = |e: usize| ms.iter().find(|m| m.tok_end == e);
    match ending(at) {
        Some(m) if matches!(m.kind, Kind::Growth | Kind::Points | Kind::Change) => true,
        Some(d) if d.kind == Kind::Duration && d.tok_start >= 1 => ending(d.tok_start - 1)
            .is_some_and(|m| matches!(m.kind, Kind::Growth | Kind::Points | Kind::Change)),
        _ => false,
    }
}

/// "increased by 95.5 percent, with an average annual growth of 6.9
/// percent": a total and its annual rate.
fn compound(ms: &mut [Mention], groups: &mut Groups) {
    let total = ms
        .iter()
        .position(|m| m.kind == Kind::Growth && m.group.is_none());
    let rate = ms
        .iter()
        .position(|m| m.kind == Kind::Rate && m.group.is_none());
    if let (Some(t), Some(r)) = (total, rate) {
        let g = groups.fresh();
        set(&mut ms[t], g, Role::Stated);
        set(&mut ms[r], g, Role::Stated);
    }
}

/// "eight major industries: aluminum, textiles, …, as well as the medical and
/// health care sector": the listed items after a count and a colon.
pub fn enumeration(tokens: &[Token<'_>], ms: &[Mention]) -> Option<(usize, Vec<(usize, usize)>)> {
    let (k, colon) = ms.iter().enumerate().find_map(|(k, m)| {
        let end = m.noun.map_or(m.tok_end, |(_, e)| e);
        (m.unit == Unit::Count && tokens.get(end).is_some_and(|t| t.text == ":"))
            .then_some((k, end))
    })?;
    let first = colon + 1;
    let stop = tokens[first..]
        .iter()
        .position(|t| t.text == "." || t.text == ";")
        .map_or(tokens.len(), |p| first + p);
    let mut items = Vec::new();
    let mut start = first;
    let commas = (first..stop)
        .filter(|&j| tokens[j].text == ",")
        .chain(std::iter::once(stop));
    for j in commas {
        let mut a = start;
        while a < j && tokens[a].is_any(&["and", "or", "as", "well", "the"]) {
            a += 1;
        }
        if a < j {
            items.push((a, j));
        }
        start = j + 1;
    }
    // "a, b and c" without a serial comma: the last item holds two.
    if let Some(&(a, b)) = items.last() {
        let serial = tokens[a.saturating_sub(2)..a]
            .iter()
            .any(|t| t.is_any(&["and", "as"]));
        if !serial && items.len() >= 2 {
            if let Some(and) = (a..b).rev().find(|&j| tokens[j].is("and")) {
                items.pop();
                items.push((a, and));
                items.push((and + 1, b));
            }
        }
    }
    (items.len() >= 2).then_some((k, items))
}
