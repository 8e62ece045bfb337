//! Small helpers the consistency kinds share: stated changes with their
//! levels; intervals and scale slips; periods for people; and the sentence
//! around a span, for kinds that read the text.

use crate::check::Context;
use crate::extract::{sentence, token};
use crate::rules::{CheckError, RuleMeta};
use chrono::{Datelike, NaiveDate};

use crate::claim::Claim;
use crate::interval::Interval;

/// A stated change (growth, multiple, points, …) with the from and to
/// levels of its statement, for the claims the rule's filter keeps.
pub struct Change<'c> {
    pub stated: &'c Claim,
    pub from: Option<&'c Claim>,
    pub to: Option<&'c Claim>,
}

/// Every stated change of `kind` that the rule's filter keeps, with its
/// levels.
pub fn changes<'c>(
    ctx: &Context<'c>,
    meta: &RuleMeta,
    kind: &str,
) -> Result<Vec<Change<'c>>, CheckError> {
    let groups = crate::check::group_members(
        ctx,
        crate::check::Member::of("stated", kind),
        [
            crate::check::Member::role("from"),
            crate::check::Member::role("to"),
        ],
    );
    // Reserved once at the groups' count (an upper bound: the filter may
    // drop some), not grown by doubling: millions at a million articles.
    let mut changes = Vec::with_capacity(groups.len());
    changes.extend(
        groups
            .into_iter()
            .map(|(row, m)| Change {
                stated: ctx.claim(row),
                from: m[0].map(|r| ctx.claim(r)),
                to: m[1].map(|r| ctx.claim(r)),
            })
            .filter(|c| meta.filter.matches(c.stated)),
    );
    Ok(changes)
}

/// The interval a claim stands for.
pub fn iv(c: &Claim) -> Interval {
    Interval::new(c.lo, c.hi)
}

/// The factor (10³, 10⁴ — the Chinese wan —, 10⁶, 10⁹) by which `computed`
/// must be scaled up or down to meet `stated`: a scale slip such as million
/// for billion. None when no such factor explains the gap.
pub fn scale_slip(computed: Interval, stated: Interval) -> Option<f64> {
    [1e3, 1e4, 1e6, 1e9]
        .into_iter()
        .find(|k| computed.scale(*k).overlaps(&stated) || computed.scale(1.0 / k).overlaps(&stated))
}

/// The help line for a scale slip by `k`.
pub fn scale_slip_help(k: f64, what: &str) -> String {
    let hint = if k == 1e4 {
        "ten thousand (wan) vs one"
    } else {
        "million vs billion, thousand vs million"
    };
    format!(
        "a scale slip: {what} differ by a factor of {} ({hint}?)",
        crate::report::claims::fmt_num(k)
    )
}

/// `x` rounded to `digits` decimals, for messages.
pub fn round(x: f64, digits: i32) -> f64 {
    let k = 10f64.powi(digits);
    (x * k).round() / k
}

/// A Polars error while a rule runs, as the rule's error.
pub fn run_error(meta: &RuleMeta, e: impl std::fmt::Display) -> CheckError {
    CheckError {
        rule: meta.id.clone(),
        message: e.to_string(),
    }
}

/// A period as people write it: "2021", "2012–2021", "2022-01-01 to 2022-09-30".
pub fn period_label(start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
    match (start, end) {
        (Some(a), Some(b)) if is_year_start(a) && is_year_end(b) => {
            if a.year() == b.year() {
                a.year().to_string()
            } else {
                format!("{}–{}", a.year(), b.year())
            }
        }
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a} to {b}"),
        (Some(a), None) => format!("since {a}"),
        (None, Some(b)) => format!("up to {b}"),
        (None, None) => "an unstated period".into(),
    }
}

pub fn is_year_start(d: NaiveDate) -> bool {
    d.month() == 1 && d.day() == 1
}

pub fn is_year_end(d: NaiveDate) -> bool {
    d.month() == 12 && d.day() == 31
}

/// The sentences of a text as byte ranges, split the way extraction splits
/// them.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let toks = token::tokenize(text, 0, text.len());
    sentence::split(&toks)
        .into_iter()
        .filter_map(|r| {
            let first = toks.get(r.start)?;
            let last = toks.get(r.end.checked_sub(1)?)?;
            Some((first.start, last.end))
        })
        .collect()
}

/// The sentence (from `sentences`) holding byte `offset`, or the whole text.
pub fn sentence_at(text: &str, sentences: &[(usize, usize)], offset: usize) -> (usize, usize) {
    let i = sentences.partition_point(|s| s.1 <= offset);
    match sentences.get(i) {
        Some(&(a, b)) if a <= offset => (a, b),
        _ => (0, text.len()),
    }
}

/// Does `text` contain one of `words` as a whole word (case-insensitive)?
pub fn has_word(text: &str, words: &[String]) -> bool {
    token::tokenize(text, 0, text.len())
        .iter()
        .any(|t| t.is_word() && words.iter().any(|w| t.text.eq_ignore_ascii_case(w)))
}

/// Does `text` contain one of `phrases` (case-insensitive, whole words)?
pub fn has_phrase(text: &str, phrases: &[String]) -> bool {
    let lower = text.to_lowercase();
    phrases.iter().any(|p| {
        let p = p.to_lowercase();
        lower.match_indices(p.as_str()).any(|(i, m)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + m.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_like_prose() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(period_label(d("2021-01-01"), d("2021-12-31")), "2021");
        assert_eq!(period_label(d("2012-01-01"), d("2021-12-31")), "2012–2021");
        assert_eq!(
            period_label(d("2022-01-01"), d("2022-09-30")),
            "2022-01-01 to 2022-09-30"
        );
        assert_eq!(period_label(None, None), "an unstated period");
    }

    #[test]
    fn finds_the_sentence_of_an_offset() {
        let t = "In 2021 it rose. In 2024 it will fall to 3.\nNew line here";
        let s = sentences(t);
        assert_eq!(sentence_at(t, &s, 20), (17, 43));
        assert_eq!(
            &t[sentence_at(t, &s, 0).0..sentence_at(t, &s, 0).1],
            "In 2021 it rose."
        );
        assert_eq!(
            &t[sentence_at(t, &s, 50).0..sentence_at(t, &s, 50).1],
            "New line here"
        );
    }

    #[test]
    fn words_and_phrases_are_whole() {
        let words = vec!["will".to_string()];
        assert!(has_word("It Will rise", &words));
        assert!(!has_word("goodwill rises", &words));
        let phrases = vec!["such as".to_string()];
        assert!(has_phrase("industries, Such as a and b", &phrases));
        assert!(!has_phrase("suchas", &phrases));
    }
}

/// Claims, articles and rule metadata for the kinds' unit tests.
#[cfg(test)]
pub mod testing {
    use crate::claim::{Claim, Kind, Role};
    use crate::corpus::Article;
    use crate::rules::RuleMeta;
    use chrono::NaiveDate;

    pub fn meta(kind: &str) -> RuleMeta {
        RuleMeta {
            id: format!("test-{kind}"),
            kind: kind.into(),
            severity: crate::finding::Severity::Warning,
            title: "test".into(),
            explain: String::new(),
            filter: Default::default(),
            tolerance: Default::default(),
            tests: Vec::new(),
            file: "test.yaml".into(),
            line: 1,
        }
    }

    pub fn date(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    pub fn article(id: &str, text: &str, d: &str) -> Article {
        let mut a = Article::from_text(id.into(), id.into(), text.into(), None).expect("article");
        a.meta.date = date(d);
        a
    }

    /// A claim of `kind` about `metric` for the calendar years `y0..=y1`.
    pub fn claim(article: &str, kind: Kind, metric: &str, value: f64, years: (i32, i32)) -> Claim {
        let unit = if kind == Kind::Rank { "rank" } else { "years" };
        Claim {
            kind,
            metric: Some(metric.into()),
            period_start: date(&format!("{}-01-01", years.0)),
            period_end: date(&format!("{}-12-31", years.1)),
            ..Claim::level(article, 0, 1, value, unit)
        }
    }

    pub fn in_group(mut c: Claim, group: u32, role: Role) -> Claim {
        c.group = Some(group);
        c.role = Some(role);
        c
    }
}
