//! Extraction: from one article's text to its quantity claims.
//!
//! Tokenize once, split sentences, find time expressions and lexicon
//! matches, scan the quantities, then attach metric, subject, scope and
//! period and link relations. Everything is a pure function of the article
//! and the lexicon, so articles are extracted in parallel.

pub mod lexicon;
pub mod mention;
pub mod number;
pub mod relation;
pub mod sentence;
pub mod time;
pub mod token;
pub mod unit;

use crate::claim::{Claim, Kind, Role};
use crate::corpus::Article;
use crate::interval::{Interval, Qualifier, DEFAULT_APPROX};
use crate::sym::Sym;
use chrono::Days;
use lexicon::{Entry, LexMatch, Lexed, Lexicon};
use mention::Mention;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use time::{Period, TimeExpr, TimeKind};
use token::Token;
use unit::Unit;

/// Settings that change what is extracted.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Relative slack of "about", "nearly" and friends.
    pub approx: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            approx: DEFAULT_APPROX,
        }
    }
}

/// A claim read with another δ for "about" and "nearly": its interval is
/// rebuilt from its own text (rounding) and qualifier.
pub fn requalify(c: &Claim, approx: f64) -> Claim {
    if !matches!(c.qualifier, Qualifier::Approx | Qualifier::Nearly) {
        return c.clone();
    }
    let toks = token::tokenize(&c.text, 0, c.text.len());
    let rounding = (0..toks.len()).find_map(|i| number::parse(&toks, i).filter(|n| !n.ordinal));
    let Some(n) = rounding else {
        return c.clone();
    };
    // The written number, scaled to the claim's value (percent of a
    // fraction, a sign for decreases).
    let scale = if n.value != 0.0 {
        c.value / n.value
    } else {
        1.0
    };
    let rounded = Interval::rounded(n.value, n.half).scale(scale.abs());
    let magnitude = c.value.abs();
    let mut i = rounded.qualified(magnitude, c.qualifier, approx);
    if c.value < 0.0 {
        i = -i;
    }
    let mut out = c.clone();
    out.lo = i.lo;
    out.hi = i.hi;
    out
}

/// Extract every article, in parallel; the result is in article order and
/// does not depend on the number of threads.
pub fn extract_all(articles: &[Article], lex: &Lexicon, settings: &Settings) -> Vec<Claim> {
    extract_all_with(articles, lex, settings, &|| {})
}

/// [`extract_all`], calling `done` after each article (for a progress bar).
pub fn extract_all_with(
    articles: &[Article],
    lex: &Lexicon,
    settings: &Settings,
    done: &(dyn Fn() + Sync),
) -> Vec<Claim> {
    in_chunks(vec![(); articles.len()], |i, ()| {
        let claims = extract(&articles[i], lex, settings);
        done();
        claims
    })
    .0
}

/// Articles per parallel batch of [`in_chunks`].
const CHUNK: usize = 4096;

/// The claims of each item (`claims_of(i, item)`, run in parallel) as one
/// vector in item order, with each item's count. Batches keep the peak
/// low: a batch's vectors are moved into the result and freed before the
/// next batch reuses their memory, where collecting every article first
/// held all the claims twice at the end.
pub fn in_chunks<I: Send>(
    items: Vec<I>,
    claims_of: impl Fn(usize, I) -> Vec<Claim> + Sync,
) -> (Vec<Claim>, Vec<usize>) {
    let mut out = Vec::new();
    let mut counts = Vec::with_capacity(items.len());
    let mut items = items.into_iter().enumerate().peekable();
    while items.peek().is_some() {
        let batch: Vec<(usize, I)> = items.by_ref().take(CHUNK).collect();
        let batch: Vec<Vec<Claim>> = batch
            .into_par_iter()
            .map(|(i, item)| claims_of(i, item))
            .collect();
        out.reserve(batch.iter().map(Vec::len).sum());
        for claims in batch {
            counts.push(claims.len());
            out.extend(claims);
        }
    }
    (out, counts)
}

/// Where each article's claims begin in the claims of [`in_chunks`], given
/// how many each has; the last entry is where the last article's end.
pub fn offsets(counts: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(counts.len() + 1);
    out.push(0);
    for &n in counts {
        out.push(out[out.len() - 1] + n);
    }
    out
}

/// Extract one article's claims.
pub fn extract(article: &Article, lex: &Lexicon, settings: &Settings) -> Vec<Claim> {
    extract_lexed(article, &Lexed::new(article.text(), lex), settings)
}

/// [`extract`] with the article's text already given to its lexicon
/// (whose matches other readers of the text share).
pub fn extract_lexed(article: &Article, lexed: &Lexed<'_>, settings: &Settings) -> Vec<Claim> {
    let text = article.text();
    let lex = lexed.lexicon();
    let tokens = tokens_outside(text, &article.excluded);
    let matches = lexed.matches(lex);
    let date = article.meta.date;
    let mut groups = relation::Groups::default();
    let mut sentences: Vec<SentenceMentions> = Vec::new();
    let mut subject_counts: FxHashMap<Sym, usize> = FxHashMap::default();
    for range in sentence::split(&tokens) {
        let toks = &tokens[range];
        let (Some(first), Some(last)) = (toks.first(), toks.last()) else {
            continue;
        };
        let (s_start, s_end) = (first.start, last.end);
        // Matches are sorted by start: take this sentence's slice.
        let first_match = matches.partition_point(|m| m.start < s_start);
        let lexm: Vec<LexMatch> = matches[first_match..]
            .iter()
            .take_while(|m| m.start < s_end)
            .copied()
            .filter(|m| m.end <= s_end)
            .collect();
        let mut times = time::find(toks);
        time::resolve(&mut times, date, toks);
        let blocked = blocked_tokens(toks, &times, &lexm);
        let mut ms = mention::scan(toks, &blocked, settings.approx);
        ms.extend(durations(toks, &times));
        ms.sort_by_key(|m| (m.tok_start, std::cmp::Reverse(m.tok_end)));
        ms.dedup_by(|b, a| b.tok_start < a.tok_end);
        for m in &mut ms {
            attach_metric(m, toks, &lexm, lex);
            attach_scope(m, toks, &lexm, lex);
        }
        let subject = sentence_subject(&lexm, lex);
        if let Some(s) = subject {
            *subject_counts.entry(s).or_default() += 1;
        }
        for m in &mut ms {
            m.subject = nearest_subject(m, &lexm, lex);
        }
        let items = relation::link(toks, &mut ms, &mut groups);
        for it in items {
            let found = lex.find(&it.item);
            ms[it.mention].metric = found.iter().find_map(|m| match m.entry {
                Entry::Metric(i) => Some(i),
                _ => None,
            });
        }
        attach_periods(&mut ms, &times);
        untangle_parts(&mut ms);
        let enumeration = relation::enumeration(toks, &ms);
        let mut extra = Vec::new();
        if let Some((k, items)) = enumeration {
            let g = ms[k].group.unwrap_or_else(|| groups.fresh());
            ms[k].group = Some(g);
            ms[k].role = Some(Role::Whole);
            for (a, b) in items {
                extra.push(item_mention(toks, a, b, g, &ms[k]));
            }
        }
        ms.extend(extra);
        sentences.push(SentenceMentions {
            subject,
            starts_with_of_these: starts_with_of_these(toks),
            starts_with_it: toks.first().is_some_and(|t| t.is("it")),
            mentions: ms,
        });
    }
    of_these(&mut sentences, &mut groups);
    let main_subject = subject_counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.as_str().cmp(a.0.as_str())))
        .map(|(s, _)| s);
    carry_subjects(&mut sentences, main_subject);
    corefer_periods(&mut sentences);
    group_periods(&mut sentences);
    to_claims(article, lex, sentences)
}

struct SentenceMentions {
    /// The first place or organisation the sentence names.
    subject: Option<Sym>,
    starts_with_of_these: bool,
    starts_with_it: bool,
    mentions: Vec<Mention>,
}

/// Tokens of the text outside the excluded ranges; each excluded range
/// acts as a line break so no sentence spans one.
fn tokens_outside<'a>(text: &'a str, excluded: &[std::ops::Range<usize>]) -> Vec<Token<'a>> {
    let mut out = Vec::with_capacity(text.len() / token::BYTES_PER_TOKEN);
    let mut pos = 0;
    let mut segments: Vec<(usize, usize)> = Vec::new();
    for r in excluded {
        if r.start > pos {
            segments.push((pos, r.start.min(text.len())));
        }
        pos = pos.max(r.end);
    }
    if pos < text.len() {
        segments.push((pos, text.len()));
    }
    for (a, b) in segments {
        if !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        let first = out.len();
        token::tokenize_into(text, a, b, &mut out);
        if let Some(first) = out.get_mut(first) {
            first.line_break_before = true;
        }
    }
    out
}

/// Tokens that cannot start a quantity: years and other parts of time
/// expressions, and numbers inside names.
fn blocked_tokens(toks: &[Token<'_>], times: &[TimeExpr], lexm: &[LexMatch]) -> Vec<bool> {
    let mut blocked = vec![false; toks.len()];
    for e in times {
        // Their "N years" becomes a duration mention of its own (see `durations`).
        for b in blocked.iter_mut().take(e.end).skip(e.start) {
            *b = true;
        }
    }
    for (k, t) in toks.iter().enumerate() {
        if time::year_of(t).is_some() && !(k > 0 && unit::currency_prefix(toks, k - 1).is_some()) {
            // A year standing alone ("2021 Binzhou") is a time, not a count.
            let unit_follows = unit::unit_after(toks, k + 1).is_some();
            blocked[k] |= !unit_follows;
        }
    }
    // Tokens inside a match, and those just before a name ("No. 1 Middle
    // School"): from each match, not each token against every match.
    for m in lexm {
        let first = toks.partition_point(|t| t.start < m.start);
        for (t, b) in toks[first..].iter().zip(&mut blocked[first..]) {
            if t.end > m.end {
                break;
            }
            *b = true;
        }
        if m.entry == Entry::Name {
            // Tokens do not overlap: their ends ascend.
            for (t, b) in toks[..first].iter().zip(&mut blocked[..first]).rev() {
                if t.end + 1 < m.start {
                    break;
                }
                if t.end + 1 == m.start || t.end == m.start {
                    *b = true;
                }
            }
        }
    }
    blocked
}

/// "in three years", "for five consecutive years": stated durations.
fn durations(toks: &[Token<'_>], times: &[TimeExpr]) -> Vec<Mention> {
    times
        .iter()
        .filter_map(|e| {
            let (a, z, n) = e.duration?;
            let v = f64::from(n);
            let mut m = Mention::new(
                toks,
                a,
                z,
                v,
                Interval::point(v),
                Qualifier::Exact,
                Unit::Years,
                Kind::Duration,
            );
            m.period = e.period;
            Some(m)
        })
        .collect()
}

/// A lexicon match right after "percent of" names the whole, not the part:
/// "3.36 percent of its GDP" is about R&D, not GDP.
fn is_denominator(toks: &[Token<'_>], m: &LexMatch) -> bool {
    let Some(k) = toks.iter().position(|t| t.start == m.start) else {
        return false;
    };
    let mut j = k;
    while j > 0 && toks[j - 1].is_any(&["its", "the", "their", "total"]) {
        j -= 1;
    }
    j >= 2
        && toks[j - 1].is_any(&["of", "in"])
        && toks[j - 2].is_any(&["percent", "%", "investment"])
        || j >= 1
            && toks[j - 1].is("in")
            && toks[..j]
                .iter()
                .rev()
                .take(4)
                .any(|t| t.is_any(&["proportion", "share"]))
}

/// The metric of a mention: a lexicon match right after it ("1,530
/// enterprises above designated scale"), else the nearest before it in the
/// sentence, else the nearest after. Counts with a noun of their own take
/// only a match that names that noun.
fn attach_metric(m: &mut Mention, toks: &[Token<'_>], lexm: &[LexMatch], lex: &Lexicon) {
    let fits = |lm: &&LexMatch| match lm.entry {
        Entry::Metric(i) => {
            let units = &lex.metrics[i].units;
            (units.is_empty() || units.contains(&m.unit.family())) && !is_denominator(toks, lm)
        }
        _ => false,
    };
    let adjacent_after = |lm: &&LexMatch| {
        lm.start >= m.end
            && lm.start - m.end <= 10
            && !toks
                .iter()
                .any(|t| t.start >= m.end && t.end <= lm.start && t.kind == token::TokKind::Punct)
    };
    let chosen = if let Some((a, b)) = m.noun {
        let (ns, ne) = (toks[a].start, toks[b - 1].end);
        lexm.iter()
            .filter(fits)
            .find(|lm| (lm.start >= ns && lm.start < ne) || (lm.start >= ne && lm.start - ne <= 2))
    } else {
        lexm.iter().filter(fits).find(adjacent_after).or_else(|| {
            lexm.iter()
                .filter(fits)
                .rfind(|lm| lm.end <= m.start)
                .or_else(|| lexm.iter().filter(fits).find(|lm| lm.start >= m.end))
        })
    };
    if let Some(lm) = chosen {
        if let Entry::Metric(i) = lm.entry {
            m.metric = Some(i);
            m.metric_at = Some(lm.start);
        }
    }
}

const SCOPES: &[(&[&str], &str)] = &[
    (&["in", "the", "province"], "province"),
    (&["province"], "province"),
    (&["provincial"], "province"),
    (&["nationally"], "nation"),
    (&["nationwide"], "nation"),
    (&["national"], "nation"),
    (&["in", "the", "country"], "nation"),
    (&["globally"], "world"),
    (&["global"], "world"),
    (&["world"], "world"),
    (&["worldwide"], "world"),
];

/// The frame of a ranking: "ranking fourth in the province" → province.
fn attach_scope(m: &mut Mention, toks: &[Token<'_>], lexm: &[LexMatch], lex: &Lexicon) {
    if m.kind != Kind::Rank {
        return;
    }
    let mut best: Option<(usize, &'static str)> = None;
    let mut consider = |dist: usize, scope: &'static str| {
        if best.is_none_or(|(d, _)| dist < d) {
            best = Some((dist, scope));
        }
    };
    for k in 0..toks.len() {
        for (words, scope) in SCOPES {
            if words
                .iter()
                .enumerate()
                .all(|(j, w)| toks.get(k + j).is_some_and(|t| t.is(w)))
            {
                consider(k.abs_diff(m.tok_start), scope);
            }
        }
    }
    for lm in lexm {
        if let Entry::Subject(i) = lm.entry {
            if lex.subjects[i].scope {
                let k = toks.iter().position(|t| t.start >= lm.start).unwrap_or(0);
                let name = &lex.subjects[i].name;
                let scope = if name.eq_ignore_ascii_case("china") {
                    "nation"
                } else {
                    "province"
                };
                consider(k.abs_diff(m.tok_start), scope);
            }
        }
    }
    m.scope = best.map(|(_, s)| s);
}

/// The subject a sentence is about: its first non-scope subject.
fn sentence_subject(lexm: &[LexMatch], lex: &Lexicon) -> Option<Sym> {
    lexm.iter().find_map(|lm| match lm.entry {
        Entry::Subject(i) if !lex.subjects[i].scope => Some(lex.subjects[i].sym),
        _ => None,
    })
}

/// The nearest subject named before the mention in its sentence.
fn nearest_subject(m: &Mention, lexm: &[LexMatch], lex: &Lexicon) -> Option<Sym> {
    lexm.iter()
        .filter(|lm| lm.end <= m.start)
        .filter_map(|lm| match lm.entry {
            Entry::Subject(i) if !lex.subjects[i].scope => Some(lex.subjects[i].sym),
            _ => None,
        })
        .next_back()
}

/// The period of each mention: a time expression right after it ("12 items
/// in 2021"), else the nearest before it in the sentence, else the nearest
/// after. Levels in a from/to chain take only the first kind; their
/// periods come from elsewhere in the article when the sentence has none.
fn attach_periods(ms: &mut [Mention], times: &[TimeExpr]) {
    // A conversion in brackets does not stand between an amount and its
    // year: "28.73 billion yuan ($3.96 billion) in 2021".
    let starts: Vec<usize> = ms
        .iter()
        .filter(|m| m.role != Some(Role::Converted))
        .map(|m| m.tok_start)
        .collect();
    let chained: Vec<u32> = ms
        .iter()
        .filter(|m| m.role == Some(Role::From))
        .filter_map(|m| m.group)
        .collect();
    let chosen: Vec<Option<Period>> = ms
        .iter()
        .map(|m| {
            if m.kind == Kind::Duration {
                return None;
            }
            let next_mention = starts
                .iter()
                .copied()
                .filter(|s| *s >= m.tok_end)
                .min()
                .unwrap_or(usize::MAX);
            let right_after = times.iter().find(|e| {
                e.start >= m.tok_end
                    && e.start <= m.tok_end + 5
                    && e.start < next_mention
                    && !matches!(e.kind, TimeKind::Span(_))
                    || e.start >= m.tok_end && e.start <= m.tok_end + 1 && e.start < next_mention
            });
            let in_chain = matches!(m.role, Some(Role::From | Role::To | Role::Item))
                && m.group.is_some_and(|g| chained.contains(&g));
            let chosen = right_after.or_else(|| {
                if in_chain {
                    return None;
                }
                times
                    .iter()
                    .rfind(|e| e.end <= m.tok_start)
                    .or_else(|| times.iter().find(|e| e.start >= m.tok_end))
            });
            chosen.map(|e| e.period)
        })
        .collect();
    for (m, p) in ms.iter_mut().zip(chosen) {
        if let Some(p) = p {
            m.period = p;
        }
    }
}

/// A part and its whole may both sit next to one lexicon match ("1,530
/// enterprises above designated scale, including five …"): the part is a
/// subset, not the same statistic, so it keeps no metric of its own.
fn untangle_parts(ms: &mut [Mention]) {
    let wholes: Vec<(u32, Option<usize>)> = ms
        .iter()
        .filter(|m| m.role == Some(Role::Whole))
        .filter_map(|m| m.group.map(|g| (g, m.metric_at)))
        .collect();
    for m in ms.iter_mut().filter(|m| m.role == Some(Role::Part)) {
        if wholes
            .iter()
            .any(|(g, at)| Some(*g) == m.group && at.is_some() && *at == m.metric_at)
        {
            m.metric = None;
            m.metric_at = None;
        }
    }
}

/// An enumerated item: a row of its own, counted as one.
fn item_mention(toks: &[Token<'_>], a: usize, b: usize, g: u32, whole: &Mention) -> Mention {
    let mut m = Mention::new(
        toks,
        a,
        b,
        1.0,
        Interval::point(1.0),
        Qualifier::Exact,
        Unit::Count,
        Kind::Level,
    );
    m.noun = Some((a, b));
    m.noun_text = Some(mention::joined(toks, a, b));
    m.subject = whole.subject;
    m.period = whole.period;
    m.group = Some(g);
    m.role = Some(Role::Item);
    m
}

fn starts_with_of_these(toks: &[Token<'_>]) -> bool {
    let w = |k: usize, s: &str| toks.get(k).is_some_and(|t| t.is(s));
    (w(0, "of") || w(0, "among")) && (w(1, "these") || w(1, "them") || w(1, "those"))
}

/// "… had 37 products …. Of these, four had top position …": the first
/// count of the sentence is a part of the last count of the one before.
fn of_these(sentences: &mut [SentenceMentions], groups: &mut relation::Groups) {
    for s in 1..sentences.len() {
        if !sentences[s].starts_with_of_these {
            continue;
        }
        let (before, rest) = sentences.split_at_mut(s);
        let Some(whole) = before[s - 1]
            .mentions
            .iter_mut()
            .rev()
            .find(|m| m.unit == Unit::Count)
        else {
            continue;
        };
        let Some(part) = rest[0]
            .mentions
            .iter_mut()
            .find(|m| m.unit == Unit::Count && m.group.is_none())
        else {
            continue;
        };
        if whole.group.is_some() && whole.role != Some(Role::Whole) {
            continue;
        }
        let g = whole.group.unwrap_or_else(|| groups.fresh());
        whole.group = Some(g);
        whole.role = Some(Role::Whole);
        part.group = Some(g);
        part.role = Some(Role::Part);
        if part.noun_text.is_none() {
            part.noun_text = whole.noun_text.clone();
        }
        if part.period == Period::default() {
            part.period = whole.period;
        }
    }
}

/// Sentences without a subject of their own are about the article's main
/// subject, or about the previous sentence's when they start with "It".
fn carry_subjects(sentences: &mut [SentenceMentions], main: Option<Sym>) {
    let mut previous: Option<Sym> = None;
    for s in sentences.iter_mut() {
        let own = s.subject;
        for m in &mut s.mentions {
            if m.subject.is_none() {
                m.subject = if s.starts_with_it { previous } else { None }.or(main);
            }
        }
        if own.is_some() {
            previous = own;
        }
    }
}

/// A mention without a period that restates a number given earlier or later
/// in the article (same value, unit and metric or noun) shares its period:
/// "moving from 37 to 53" after "in 2021 … 37 products".
fn corefer_periods(sentences: &mut [SentenceMentions]) {
    type Key = (u64, Unit, Option<usize>, Option<String>);
    let key = |m: &Mention| -> Key {
        (
            m.value.to_bits(),
            m.unit,
            m.metric,
            if m.metric.is_some() {
                None
            } else {
                m.noun_text.clone()
            },
        )
    };
    let mut known: FxHashMap<Key, Period> = FxHashMap::default();
    for s in sentences.iter() {
        for m in &s.mentions {
            if m.period.is_known()
                && m.kind != Kind::Duration
                && (m.metric.is_some() || m.noun_text.is_some())
            {
                known.entry(key(m)).or_insert(m.period);
            }
        }
    }
    for s in sentences.iter_mut() {
        for m in &mut s.mentions {
            if !m.period.is_known() && (m.metric.is_some() || m.noun_text.is_some()) {
                if let Some(p) = known.get(&key(m)) {
                    m.period = *p;
                }
            }
        }
    }
}

/// Within a group, what one member says of time holds for the others: a
/// change between two levels covers the time between them; a conversion
/// and its amount share period, metric and subject.
fn group_periods(sentences: &mut [SentenceMentions]) {
    for s in sentences.iter_mut() {
        let ms = &mut s.mentions;
        let mut gids: Vec<u32> = ms.iter().filter_map(|m| m.group).collect();
        gids.sort_unstable();
        gids.dedup();
        for g in gids {
            let find = |role: Role| {
                ms.iter()
                    .position(|m| m.group == Some(g) && m.role == Some(role))
            };
            let (from, to) = (find(Role::From), find(Role::To));
            let span = match (from, to) {
                (Some(f), Some(t)) => {
                    let start = ms[f]
                        .period
                        .end
                        .and_then(|d| d.checked_add_days(Days::new(1)));
                    (start.is_some() && ms[t].period.end.is_some())
                        .then(|| Period::days(start, ms[t].period.end))
                }
                (None, Some(t)) => ms[t].period.end.map(|e| Period::days(None, Some(e))),
                _ => None,
            };
            if let Some(span) = span {
                for m in ms
                    .iter_mut()
                    .filter(|m| m.group == Some(g) && m.role == Some(Role::Stated))
                {
                    // An average annual rate is never about a single year:
                    // "grew at 7.5 percent a year …, reaching X in 2021".
                    let one_year = m.kind == Kind::Rate
                        && m.period
                            .start
                            .zip(m.period.end)
                            .is_some_and(|(a, b)| (b - a).num_days() < 366);
                    // Between two dated levels, a change covers the time
                    // between them, whatever year the sentence names near it.
                    let between_levels = from.is_some() && m.kind != Kind::Duration;
                    if !m.period.is_known() || one_year || between_levels {
                        m.period = span;
                    }
                }
            }
        }
        // A converted amount is about what the amount before it is about.
        for k in 0..ms.len() {
            if ms[k].role != Some(Role::Converted) {
                continue;
            }
            let base = (0..k).rev().find(|&b| {
                ms[b].group == ms[k].group
                    && ms[b].role != Some(Role::Converted)
                    && matches!(ms[b].unit, Unit::Currency(..))
            });
            if let Some(b) = base {
                let (period, metric, subject) = (ms[b].period, ms[b].metric, ms[b].subject);
                let m = &mut ms[k];
                m.period = period;
                m.metric = metric;
                m.subject = subject;
            }
        }
    }
}

fn to_claims(article: &Article, lex: &Lexicon, sentences: Vec<SentenceMentions>) -> Vec<Claim> {
    let mut out = Vec::new();
    // One shared id for all of the article's claims.
    let id = Sym::new(&article.id);
    for (s, sm) in sentences.into_iter().enumerate() {
        let mut ms = sm.mentions;
        ms.sort_by_key(|m| (m.start, m.end));
        for m in ms {
            out.push(Claim {
                article: id,
                sentence: s as u32,
                start: m.start as u32,
                end: m.end as u32,
                text: article.text()[m.start..m.end].into(),
                value: m.value,
                lo: m.interval.lo,
                hi: m.interval.hi,
                qualifier: m.qualifier,
                unit: m.unit.sym(),
                kind: m.kind,
                metric: m.metric.map(|i| lex.metric_sym(i)),
                noun: m.noun_text.as_deref().map(Sym::intern),
                subject: m.subject,
                scope: m.scope.map(Sym::intern),
                period_start: m.period.start,
                period_end: m.period.end,
                group: m.group,
                role: m.role,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
