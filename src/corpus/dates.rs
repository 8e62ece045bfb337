//! Dates found in the article text: the "Updated : …" line, a dateline, and
//! as a last resort the end of the latest period the article reports in the
//! past tense.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::{Captures, Regex};

use super::lines::{line_number, lines_from};

/// Datelines are only looked for in the first lines of an article.
pub const HEAD_LINES: usize = 10;

/// A date found in the text and how it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub date: NaiveDate,
    pub reason: String,
}

/// A dateline such as "BINZHOU, China, Jan. 27, 2026 /Xinhua-AsiaNet/–".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    pub found: FoundDate,
    /// The news agency named in the dateline, if any.
    pub agency: Option<String>,
}

const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";

/// A written calendar date: "Jan. 27, 2026", "27 January 2026", "2026-01-27".
pub static DATE_PATTERN: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"(?:\b(?P<m1>{MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})\b|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{MONTH})\.?,?\s+(?P<y2>\d{{4}})\b|\b(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})\b)"
    )
});

/// A dateline at the start of a line: optional place, the date, optional agency, then a dash or the end of the line.
pub static DATELINE_PATTERN: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"^\s*(?:\p{{Lu}}[^,\n]{{0,40}}(?:,\s*\p{{Lu}}[^,\n]{{0,40}}){{0,3}},\s*)?(?P<date>{})\s*(?:/(?P<agency>[^/\n]{{1,60}})/|\((?P<agency2>[^)\n]{{1,60}})\))?\s*(?:[-–—]+\s*|$)",
        *DATE_PATTERN
    )
});

static DATE: LazyLock<Regex> = LazyLock::new(|| compile(&DATE_PATTERN));
static DATELINE: LazyLock<Regex> = LazyLock::new(|| compile(&DATELINE_PATTERN));
static UPDATED: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"^[\s(|\[]*(?P<label>(?i:updated)\s*:?\s*{})",
        *DATE_PATTERN
    ))
});

/// Compile a pattern written in this crate (never user input), so failure is a bug.
pub(crate) fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|err| panic!("built-in pattern does not compile: {err}"))
}

/// Parse the first written date in `s`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    DATE.captures(s).and_then(|c| date_from_captures(&c))
}

fn date_from_captures(c: &Captures) -> Option<NaiveDate> {
    if let Some(iso) = c.name("iso") {
        // The pattern made it dddd-dd-dd: no format parser needed.
        let (y, md) = iso.as_str().split_once('-')?;
        let (m, d) = md.split_once('-')?;
        return NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    let (m, d, y) = match c.name("m1") {
        Some(m) => (m, c.name("d1")?, c.name("y1")?),
        None => (c.name("m2")?, c.name("d2")?, c.name("y2")?),
    };
    NaiveDate::from_ymd_opt(
        y.as_str().parse().ok()?,
        month_number(m.as_str())?,
        d.as_str().parse().ok()?,
    )
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = name.get(..3)?.to_ascii_lowercase();
    let index = MONTHS.iter().position(|m| *m == prefix)?;
    u32::try_from(index + 1).ok()
}

/// The first "Updated : 2023-03-10" line at or after byte `from`.
pub fn updated_line(text: &str, from: usize) -> Option<FoundDate> {
    lines_from(text, from).find_map(|line| {
        // What the pattern's start allows (`\s` is Unicode white space, as
        // `char::is_whitespace`), checked before the regex: most lines
        // fail on their first word.
        let label = line
            .content
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '(' | '|' | '['));
        if !label
            .get(..7)
            .is_some_and(|w| w.eq_ignore_ascii_case("updated"))
        {
            return None;
        }
        let c = UPDATED.captures(line.content)?;
        let date = date_from_captures(&c)?;
        let label = c.name("label")?.as_str();
        Some(FoundDate {
            date,
            reason: format!("'{label}' line {}", line.number),
        })
    })
}

/// The dateline in the first lines at or after byte `from`.
pub fn dateline(text: &str, from: usize) -> Option<Dateline> {
    lines_from(text, from).take(HEAD_LINES).find_map(|line| {
        // Every date has a digit (`\d` is any Unicode digit, hence any
        // byte beyond ASCII too): blank lines and most titles have none.
        if !line
            .content
            .bytes()
            .any(|b| b.is_ascii_digit() || !b.is_ascii())
        {
            return None;
        }
        // Many lines with digits are still no dateline: `is_match` says
        // so without the captures' allocation and slower engines.
        if !DATELINE.is_match(line.content) {
            return None;
        }
        let c = DATELINE.captures(line.content)?;
        let date = date_from_captures(&c)?;
        let written = c.name("date")?.as_str();
        let agency = c.name("agency").or(c.name("agency2"));
        Some(Dateline {
            found: FoundDate {
                date,
                reason: format!("dateline '{written}' line {}", line.number),
            },
            agency: agency.map(|a| a.as_str().trim().to_string()),
        })
    })
}

/// A pattern for a period the text can speak of, and where that period ends.
struct PeriodPattern {
    regex: &'static str,
    end: fn(&Captures) -> Option<NaiveDate>,
}

const YEAR: &str = r"(?P<y>(?:19|20)\d{2})";

/// Period expressions, each with its end date. `{YEAR}` and `{MONTH}` are filled in.
const PERIODS: &[PeriodPattern] = &[
    // "by the end of 2021"
    PeriodPattern {
        regex: r"(?i)\b(?:(?:by|at)\s+)?the\s+end\s+of\s+{YEAR}\b",
        end: year_end,
    },
    // "between 2012 and 2021", "from 2012 to 2021"
    PeriodPattern {
        regex: r"(?i)\b(?:between\s+(?:19|20)\d{2}\s+and|from\s+(?:19|20)\d{2}\s+(?:to|through|until))\s+{YEAR}\b",
        end: year_end,
    },
    // "the first three quarters of 2022"
    PeriodPattern {
        regex: r"(?i)\b(?:(?:in|during|for)\s+)?the\s+first\s+(?P<n>one|two|three|1|2|3)\s+quarters\s+of\s+{YEAR}\b",
        end: |c| month_end(c, 3 * count(c.name("n")?.as_str())?),
    },
    // "the first quarter of 2022", "the third quarter of 2022"
    PeriodPattern {
        regex: r"(?i)\b(?:(?:in|during|for)\s+)?the\s+(?P<n>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+of\s+{YEAR}\b",
        end: |c| month_end(c, 3 * count(c.name("n")?.as_str())?),
    },
    // "the first half of 2022"
    PeriodPattern {
        regex: r"(?i)\b(?:(?:in|during|for)\s+)?the\s+(?P<n>first|second)\s+half\s+of\s+{YEAR}\b",
        end: |c| month_end(c, 6 * count(c.name("n")?.as_str())?),
    },
    // "the first eight months of 2022"
    PeriodPattern {
        regex: r"(?i)\b(?:(?:in|during|for)\s+)?the\s+first\s+(?P<n>\w+)\s+months\s+of\s+{YEAR}\b",
        end: |c| month_end(c, count(c.name("n")?.as_str())?),
    },
    // "in March 2022"
    PeriodPattern {
        regex: r"\b(?:[Ii]n|[Bb]y|[Dd]uring)\s+(?P<m>{MONTH})\.?\s+{YEAR}\b",
        end: |c| month_end(c, month_number(c.name("m")?.as_str())?),
    },
    // "in 2021", "during 2021", "in the year 2021"
    PeriodPattern {
        regex: r"(?i)\b(?:in|during|throughout|for)\s+(?:the\s+(?:whole\s+|full\s+)?year\s+(?:of\s+)?)?{YEAR}\b",
        end: year_end,
    },
];

static PERIOD_REGEXES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    PERIODS
        .iter()
        .map(|p| compile(&p.regex.replace("{YEAR}", YEAR).replace("{MONTH}", MONTH)))
        .collect()
});

fn year(c: &Captures) -> Option<i32> {
    c.name("y")?.as_str().parse().ok()
}

fn year_end(c: &Captures) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year(c)?, 12, 31)
}

/// The last day of `month` (1–12) of the captured year.
fn month_end(c: &Captures, month: u32) -> Option<NaiveDate> {
    let year = year(c)?;
    if month == 12 {
        return NaiveDate::from_ymd_opt(year, 12, 31);
    }
    NaiveDate::from_ymd_opt(year, month + 1, 1)?.pred_opt()
}

/// "three" → 3, "2nd" → 2, "first" → 1.
fn count(word: &str) -> Option<u32> {
    const WORDS: [&[&str]; 12] = [
        &["one", "first", "1st"],
        &["two", "second", "2nd"],
        &["three", "third", "3rd"],
        &["four", "fourth", "4th"],
        &["five"],
        &["six"],
        &["seven"],
        &["eight"],
        &["nine"],
        &["ten"],
        &["eleven"],
        &["twelve"],
    ];
    let word = word.to_ascii_lowercase();
    if let Ok(n) = word.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    let index = WORDS.iter().position(|ws| ws.contains(&word.as_str()))?;
    u32::try_from(index + 1).ok()
}

/// Past-tense verbs (and the participles of "has grown"-style present perfect).
static PAST_VERB: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)\b(?:[a-z]+ed|grew|grown|rose|risen|fell|fallen|had|was|were|saw|hit|won|made|became)\b",
    )
});

/// Words ending in -ed that are not past-tense verbs, or are mostly used as adjectives.
const NOT_PAST: &[&str] = &[
    "hundred",
    "need",
    "indeed",
    "proceed",
    "exceed",
    "succeed",
    "seed",
    "speed",
    "feed",
    "red",
    "bed",
    "shed",
    "embed",
    "sacred",
    "kindred",
    "wicked",
    "naked",
    "rugged",
    "advanced",
    "designated",
    "specialized",
    "specialised",
    "related",
    "based",
    "limited",
    "united",
    "detailed",
    "skilled",
    "integrated",
    "dedicated",
    "sophisticated",
    "talented",
    "experienced",
    "qualified",
    "balanced",
    "coordinated",
    "renowned",
    "oriented",
    "so-called",
    "called",
    "named",
];

/// Words that put a sentence in the future (or a plan), so its years are not reported periods.
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"(?i)\b(?:will|shall|would|plans?\s+to|aims?\s+to|aiming|expects?|expected|forecasts?|projected|going\s+to|(?:is|are)\s+set\s+to|(?:is|are)\s+to\s+be|next\s+year)\b",
    )
});

/// The latest period reported in the past tense: its end and where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PastPeriod {
    end: NaiveDate,
    snippet: String,
    line: usize,
}

/// Infer the date as the day after the latest period reported in the past tense,
/// reading only the text outside `excluded`.
pub fn infer_from_past_tense(
    text: &str,
    from: usize,
    excluded: &[Range<usize>],
) -> Option<FoundDate> {
    let mut latest: Option<PastPeriod> = None;
    for line in lines_from(text, from) {
        for segment in visible(line.span.clone(), excluded) {
            for sentence in sentences(text, segment) {
                let Some(found) = past_period(text, sentence) else {
                    continue;
                };
                // Ties go to the later sentence: a closing summary is the better witness.
                if latest.as_ref().is_none_or(|l| found.end >= l.end) {
                    latest = Some(found);
                }
            }
        }
    }
    let latest = latest?;
    Some(FoundDate {
        date: latest.end.succ_opt()?,
        reason: format!(
            "inferred: latest period reported in the past tense ends {} ('{}', line {})",
            latest.end, latest.snippet, latest.line
        ),
    })
}

/// The latest period a past-tense sentence speaks of.
fn past_period(text: &str, sentence: Range<usize>) -> Option<PastPeriod> {
    let s = &text[sentence.clone()];
    // Every period pattern names a year: most sentences have none, and the
    // regexes with captures are slow, so look for one first.
    if !has_year(s) {
        return None;
    }
    if FUTURE.is_match(s) {
        return None;
    }
    let (period, end) = latest_period_in(s)?;
    let verb = nearest_past_verb(s, &period)?;
    let snippet = if verb.start < period.start {
        format!("{} … {}", &s[verb], &s[period.clone()])
    } else {
        format!("{} … {}", &s[period.clone()], &s[verb])
    };
    Some(PastPeriod {
        end,
        snippet,
        line: line_number(text, sentence.start + period.start),
    })
}

/// Does `s` hold a 4-digit number starting 19 or 20 (what `YEAR` matches)?
fn has_year(s: &str) -> bool {
    s.as_bytes().windows(4).any(|w| {
        matches!((w[0], w[1]), (b'1', b'9') | (b'2', b'0'))
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
    })
}

/// The period expression in `s` that ends last (the first of equals).
fn latest_period_in(s: &str) -> Option<(Range<usize>, NaiveDate)> {
    let mut latest: Option<(Range<usize>, NaiveDate)> = None;
    for (pattern, regex) in PERIODS.iter().zip(PERIOD_REGEXES.iter()) {
        for c in regex.captures_iter(s) {
            let (Some(whole), Some(end)) = (c.get(0), (pattern.end)(&c)) else {
                continue;
            };
            if latest.as_ref().is_none_or(|(_, e)| end > *e) {
                latest = Some((whole.range(), end));
            }
        }
    }
    latest
}

/// The past-tense verb nearest to `period`, with a following participle ("had reached").
fn nearest_past_verb(s: &str, period: &Range<usize>) -> Option<Range<usize>> {
    let verbs: Vec<Range<usize>> = PAST_VERB
        .find_iter(s)
        .filter(|m| !NOT_PAST.contains(&m.as_str().to_ascii_lowercase().as_str()))
        .filter(|m| m.end() <= period.start || m.start() >= period.end)
        .map(|m| m.range())
        .collect();
    let distance = |v: &Range<usize>| {
        if v.end <= period.start {
            period.start - v.end
        } else {
            v.start - period.end
        }
    };
    let index = (0..verbs.len()).min_by_key(|&i| distance(&verbs[i]))?;
    let verb = verbs[index].clone();
    let auxiliary = matches!(
        s[verb.clone()].to_ascii_lowercase().as_str(),
        "had" | "was" | "were"
    );
    match verbs.get(index + 1) {
        Some(next) if auxiliary && s[verb.end..next.start].trim().is_empty() => {
            Some(verb.start..next.end)
        }
        _ => Some(verb),
    }
}

/// The parts of `span` outside the excluded ranges.
fn visible(span: Range<usize>, excluded: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut parts = Vec::new();
    let mut start = span.start;
    for ex in excluded
        .iter()
        .filter(|ex| ex.start < span.end && ex.end > span.start)
    {
        if ex.start > start {
            parts.push(start..ex.start);
        }
        start = start.max(ex.end);
    }
    if start < span.end {
        parts.push(start..span.end);
    }
    parts
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "co",
    "corp", "inc", "ltd", "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "vs", "etc", "jr",
    "sr", "gov", "mt", "approx",
];

/// Split the text in `span` (within one line) into sentence ranges.
fn sentences(text: &str, span: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[span.clone()];
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, q)) = chars.peek() {
            if !matches!(q, '"' | '”' | '’' | '\'' | ')' | ']') {
                break;
            }
            end = j + q.len_utf8();
            chars.next();
        }
        let rest = &s[end..];
        let next = rest.trim_start();
        let starts_sentence = next.len() < rest.len()
            && next
                .chars()
                .next()
                .is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || "\"“‘(".contains(n));
        if starts_sentence && !(c == '.' && is_abbreviation(&s[start..i])) {
            out.push(span.start + start..span.start + end);
            start = end + (rest.len() - next.len());
        }
    }
    if start < s.len() && !s[start..].trim().is_empty() {
        out.push(span.start + start..span.end);
    }
    out
}

/// Whether the word just before a full stop is an abbreviation ("Jan", "Co", "U.S", "J").
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
        || word.contains('.')
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_gates_keep_every_line_the_patterns_match() {
        // What the checks before the regexes let through must include
        // every line the regexes match, odd spaces and cases included.
        let lines = [
            "(| Updated : 2023-03-10",
            "\u{a0}[ UPDATED: 10 March 2023 ]",
            "  updated 2023-03-10",
            "Update 2023-03-10",
            "The report was updated 2023-03-10",
            "BEIJING, March 3, 2021 (Xinhua) -- GDP grew.",
            "\u{2003}27 January 2026",
            "BINZHOU, China, Jan. 27, 2026 /Xinhua-AsiaNet/–",
            "Title without a date",
            "",
        ];
        // Whether the bare pattern finds a date on the line.
        let dated = |pattern: &Regex, line: &str| {
            pattern
                .captures(line)
                .and_then(|c| date_from_captures(&c))
                .is_some()
        };
        for line in lines {
            assert_eq!(
                updated_line(line, 0).is_some(),
                dated(&UPDATED, line),
                "{line:?}"
            );
            assert_eq!(
                dateline(line, 0).is_some(),
                dated(&DATELINE, line),
                "{line:?}"
            );
        }
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn parses_written_dates() {
        assert_eq!(parse_date("March 3, 2021"), Some(ymd(2021, 3, 3)));
        assert_eq!(parse_date("3 March 2021"), Some(ymd(2021, 3, 3)));
        assert_eq!(parse_date("Sept. 5, 2022"), Some(ymd(2022, 9, 5)));
        assert_eq!(parse_date("Sep 5 2022"), Some(ymd(2022, 9, 5)));
        assert_eq!(parse_date("Jan. 27, 2026"), Some(ymd(2026, 1, 27)));
        assert_eq!(parse_date("27th January 2026"), Some(ymd(2026, 1, 27)));
        assert_eq!(parse_date("2026-01-27"), Some(ymd(2026, 1, 27)));
        assert_eq!(parse_date("Feb. 30, 2021"), None);
        assert_eq!(parse_date("in 2021"), None);
    }

    #[test]
    fn finds_the_updated_line() {
        let text = "Title\n\n(| Updated : 2023-03-10\n\nPrint Print\n";
        let found = updated_line(text, 0).unwrap();
        assert_eq!(found.date, ymd(2023, 3, 10));
        assert_eq!(found.reason, "'Updated : 2023-03-10' line 3");
    }

    #[test]
    fn finds_datelines_in_several_forms() {
        let cases = [
            (
                "Title\nBINZHOU, ChinaBINZHOU, China, Jan. 27, 2026 /Xinhua-AsiaNet/–\nBody.",
                ymd(2026, 1, 27),
                "dateline 'Jan. 27, 2026' line 2",
                Some("Xinhua-AsiaNet"),
            ),
            (
                "BEIJING, March 3, 2021 (Xinhua) -- GDP grew 5 percent.",
                ymd(2021, 3, 3),
                "dateline 'March 3, 2021' line 1",
                Some("Xinhua"),
            ),
            (
                "Title\n\nLONDON, 3 March 2021 - Prices rose.",
                ymd(2021, 3, 3),
                "dateline '3 March 2021' line 3",
                None,
            ),
            (
                "Title\nSept. 5, 2022\nBody.",
                ymd(2022, 9, 5),
                "dateline 'Sept. 5, 2022' line 2",
                None,
            ),
        ];
        for (text, date, reason, agency) in cases {
            let found = dateline(text, 0).unwrap_or_else(|| panic!("no dateline in {text:?}"));
            assert_eq!(found.found.date, date, "{text}");
            assert_eq!(found.found.reason, reason);
            assert_eq!(found.agency.as_deref(), agency);
        }
    }

    #[test]
    fn a_date_inside_a_sentence_is_not_a_dateline() {
        assert_eq!(dateline("On March 3, 2021, prices rose.", 0), None);
        assert_eq!(dateline("Prices rose, March 3, 2021 saw records.", 0), None);
    }

    fn inferred(text: &str) -> Option<FoundDate> {
        infer_from_past_tense(text, 0, &[])
    }

    #[test]
    fn infers_the_day_after_each_kind_of_past_period() {
        let cases = [
            ("GDP grew 5 percent in 2021.", ymd(2022, 1, 1)),
            (
                "By the end of 2021, coverage had reached 31.8 percent.",
                ymd(2022, 1, 1),
            ),
            (
                "Between 2012 and 2021, GDP increased by 95.5 percent.",
                ymd(2022, 1, 1),
            ),
            ("Output rose 3 percent from 2019 to 2020.", ymd(2021, 1, 1)),
            (
                "Value added increased during the first three quarters of 2022.",
                ymd(2022, 10, 1),
            ),
            ("Sales fell in the first half of 2022.", ymd(2022, 7, 1)),
            ("Sales fell in the first quarter of 2022.", ymd(2022, 4, 1)),
            ("Sales fell in the third quarter of 2022.", ymd(2022, 10, 1)),
            (
                "Exports rose in the first eight months of 2022.",
                ymd(2022, 9, 1),
            ),
            ("Exports rose in February 2022.", ymd(2022, 3, 1)),
        ];
        for (text, date) in cases {
            assert_eq!(inferred(text).map(|f| f.date), Some(date), "{text}");
        }
    }

    #[test]
    fn takes_the_latest_period_and_says_where_it_was_read() {
        let text = "Title\n\nIn 2020 sales grew.\n\nBy the end of 2021, coverage had reached 31.8 percent. It was 30 percent in 2020.\n";
        let found = inferred(text).unwrap();
        assert_eq!(found.date, ymd(2022, 1, 1));
        assert_eq!(
            found.reason,
            "inferred: latest period reported in the past tense ends 2021-12-31 ('By the end of 2021 … had reached', line 5)"
        );
    }

    #[test]
    fn ignores_future_and_present_sentences() {
        assert_eq!(
            inferred("In 2023, Binzhou will highlight green industry."),
            None
        );
        assert_eq!(inferred("Output is expected to double in 2025."), None);
        assert_eq!(inferred("The plan covers 2021 to 2025."), None);
        assert_eq!(inferred("Advanced manufacturing leads in 2025."), None);
        let text = "Sales grew in 2021. In 2023, sales will grow.";
        assert_eq!(inferred(text).map(|f| f.date), Some(ymd(2022, 1, 1)));
    }

    #[test]
    fn ignores_excluded_text() {
        let text = "Photo taken in 2024 was shared [Photo/IC]\nSales grew in 2021.";
        let excluded = std::slice::from_ref(&(0..42));
        let found = infer_from_past_tense(text, 0, excluded).unwrap();
        assert_eq!(found.date, ymd(2022, 1, 1));
    }

    #[test]
    fn splits_sentences_but_not_at_abbreviations_or_decimals() {
        let text =
            "On Jan. 5 the U.S. firm grew 3.5 percent. Shandong Co. rose. “Yes.” Then 5 more.";
        let parts: Vec<&str> = sentences(text, 0..text.len())
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(
            parts,
            [
                "On Jan. 5 the U.S. firm grew 3.5 percent.",
                "Shandong Co. rose.",
                "“Yes.”",
                "Then 5 more."
            ]
        );
    }
}
