//! Boilerplate: lines (or line prefixes) that are page furniture rather than
//! article text, returned as byte ranges so the text itself is never edited.
//!
//! The patterns are a table: to recognise a new kind of boilerplate, add a row.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::dates::{compile, DATELINE_PATTERN, DATE_PATTERN, HEAD_LINES};
use super::lines::{lines_from, Line};

/// How much of a line a pattern excludes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole line with its newline (the pattern must match the whole line).
    Line,
    /// Only the matched start of the line (the whole line when nothing else is left).
    Prefix,
}

/// One named kind of boilerplate.
#[derive(Debug)]
pub struct Pattern {
    pub name: &'static str,
    /// Matched against one line without its newline; `{DATE}` and `{DATELINE}` are filled in.
    pub regex: &'static str,
    pub scope: Scope,
    /// Only in the first lines of the article.
    pub head_only: bool,
}

/// The boilerplate patterns, tried in order on every line.
pub const PATTERNS: &[Pattern] = &[
    Pattern {
        name: "navigation",
        regex: r"(?i)^\s*(?:skip to (?:main )?content|skip navigation|back to top)\s*$",
        scope: Scope::Line,
        head_only: false,
    },
    Pattern {
        name: "print",
        regex: r"^\s*Print(?:\s+Print)*\s*$",
        scope: Scope::Line,
        head_only: false,
    },
    Pattern {
        name: "updated",
        regex: r"(?i)^[\s(|\[]*updated\s*:?\s*{DATE}[\s\d:|)\]]*$",
        scope: Scope::Line,
        head_only: false,
    },
    Pattern {
        name: "photo caption",
        regex: r"^.*\[Photo(?:/[^\]\n]*)?\]\s*$",
        scope: Scope::Line,
        head_only: false,
    },
    Pattern {
        name: "dateline",
        regex: "{DATELINE}",
        scope: Scope::Prefix,
        head_only: true,
    },
    Pattern {
        name: "source credit",
        regex: r"^\s*Source\s*:\s*\S.*$",
        scope: Scope::Line,
        head_only: false,
    },
    Pattern {
        // Scraper residue: the name that followed was stripped, the fragment is left over.
        name: "orphan lead",
        regex: r"^\s*(?:This is a news report from|A report from)(?:\s+|$)",
        scope: Scope::Prefix,
        head_only: true,
    },
];

/// Name of the exclusion for a second copy of the title line.
pub const DUPLICATE_TITLE: &str = "duplicate title";

/// Titles are short; a longer first line is a paragraph, not a title.
const MAX_TITLE_CHARS: usize = 200;

fn pattern_source(p: &Pattern) -> String {
    p.regex
        .replace("{DATELINE}", &DATELINE_PATTERN)
        .replace("{DATE}", &DATE_PATTERN)
}

static REGEXES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    PATTERNS
        .iter()
        .map(|p| compile(&pattern_source(p)))
        .collect()
});

/// A prefilter: can `line` match any pattern? Most lines match none.
/// Patterns anchored at the start of the line go in one automaton that
/// gives up after a few bytes of an ordinary line (running each regex in
/// turn was a tenth of the run). A pattern that starts with `^.*` would
/// keep that automaton reading to the end of every line, so it is tried
/// on its own without the `^.*`, anchored at the end: searched backwards
/// from the end of the line, it too gives up after a few bytes. Lines
/// past the head get a prefilter without the head-only patterns: the
/// dateline's "capitalised words, comma" start would otherwise read into
/// every sentence that begins with a capital.
struct Prefilter {
    heads: Option<regex::RegexSet>,
    tails: Vec<Regex>,
}

const ANY_START: &str = "^.*";

impl Prefilter {
    fn of(patterns: impl Iterator<Item = &'static Pattern>) -> Prefilter {
        let sources: Vec<String> = patterns.map(pattern_source).collect();
        let (tails, heads): (Vec<&String>, Vec<&String>) = sources
            .iter()
            .partition(|s| s.starts_with(ANY_START) && s.ends_with('$'));
        Prefilter {
            heads: regex::RegexSet::new(heads).ok(),
            tails: tails
                .iter()
                .map(|s| compile(&s[ANY_START.len()..]))
                .collect(),
        }
    }

    fn may_match(&self, line: &str) -> bool {
        self.heads.as_ref().is_none_or(|set| set.is_match(line))
            || self.tails.iter().any(|r| r.is_match(line))
    }
}

/// The prefilter of the first lines (every pattern) and of the others.
static HEAD: LazyLock<Prefilter> = LazyLock::new(|| Prefilter::of(PATTERNS.iter()));
static BODY: LazyLock<Prefilter> =
    LazyLock::new(|| Prefilter::of(PATTERNS.iter().filter(|p| !p.head_only)));

/// Dates, times and years: numbers that boilerplate may contain.
static DATE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"{}|\b\d{{1,2}}:\d{{2}}(?::\d{{2}})?\b|\b(?:19|20)\d{{2}}\b",
        *DATE_PATTERN
    ))
});

/// One excluded range and the pattern that excluded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub name: &'static str,
    pub range: Range<usize>,
}

/// Boilerplate in `text` from byte `from` (a line start, after any front matter), sorted.
pub fn find(text: &str, from: usize) -> Vec<Hit> {
    let mut hits: Vec<Hit> = lines_from(text, from)
        .enumerate()
        .filter_map(|(i, line)| match_line(&line, i < HEAD_LINES))
        .collect();
    let excluded: Vec<Range<usize>> = hits.iter().map(|h| h.range.clone()).collect();
    hits.extend(duplicate_titles(text, from, &excluded));
    hits.sort_by_key(|h| h.range.start);
    hits
}

/// The first pattern that excludes (part of) `line`; `head` if it is one of the first lines.
fn match_line(line: &Line, head: bool) -> Option<Hit> {
    // A blank line is never a hit (see the end of this function), and
    // half the lines of an article are blank: skip the regexes.
    if line.content.trim().is_empty() {
        return None;
    }
    let prefilter = if head { &*HEAD } else { &*BODY };
    if !prefilter.may_match(line.content) {
        return None;
    }
    PATTERNS
        .iter()
        .zip(REGEXES.iter())
        .filter(|(p, _)| head || !p.head_only)
        .find_map(|(pattern, regex)| {
            let m = regex.find(line.content)?;
            let range = match pattern.scope {
                Scope::Prefix if m.end() < line.content.trim_end().len() => {
                    line.span.start..line.span.start + m.end()
                }
                _ => line.full.clone(),
            };
            let excluded = &line.content[m.range()];
            (!m.as_str().trim().is_empty() && !has_number(excluded)).then_some(Hit {
                name: pattern.name,
                range,
            })
        })
}

/// Whether `s` holds a number that is not part of a date, time or year: such a
/// line may carry a claim, so it is never boilerplate.
fn has_number(s: &str) -> bool {
    DATE_LIKE
        .replace_all(s, "")
        .chars()
        .any(|c| c.is_ascii_digit())
}

/// The title line: the first non-empty line outside `excluded`, if short enough to be one.
pub fn title_line<'a>(text: &'a str, from: usize, excluded: &[Range<usize>]) -> Option<Line<'a>> {
    let line = lines_from(text, from).find(|line| {
        !line.content.trim().is_empty()
            && !excluded
                .iter()
                .any(|ex| ex.start < line.span.end && ex.end > line.span.start)
    })?;
    (line.content.trim().chars().count() <= MAX_TITLE_CHARS).then_some(line)
}

/// Later lines that repeat the title line exactly (the first copy stays: it is the title).
fn duplicate_titles(text: &str, from: usize, excluded: &[Range<usize>]) -> Vec<Hit> {
    let Some(title) = title_line(text, from, excluded) else {
        return Vec::new();
    };
    let wanted = title.content.trim();
    lines_from(text, title.full.end)
        .filter(|line| line.content.trim() == wanted)
        .filter(|line| {
            !excluded
                .iter()
                .any(|ex| ex.start <= line.span.start && ex.end > line.span.start)
        })
        .map(|line| Hit {
            name: DUPLICATE_TITLE,
            range: line.full,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(name, excluded text)` for each hit.
    fn excluded(text: &str) -> Vec<(&'static str, &str)> {
        find(text, 0)
            .into_iter()
            .map(|h| (h.name, &text[h.range]))
            .collect()
    }

    #[test]
    fn every_pattern_compiles() {
        assert_eq!(REGEXES.len(), PATTERNS.len());
    }

    #[test]
    fn excludes_navigation_print_and_updated_lines() {
        let text = "Skip to content\n\nTitle\n\n(| Updated : 2023-03-10\n\nPrint Print\nPrint\nBody 5 percent.";
        assert_eq!(
            excluded(text),
            [
                ("navigation", "Skip to content\n"),
                ("updated", "(| Updated : 2023-03-10\n"),
                ("print", "Print Print\n"),
                ("print", "Print\n"),
            ]
        );
    }

    #[test]
    fn excludes_photo_captions_without_numbers() {
        let text = "Title\nA worker at a workshop. [Photo/IC]\nLi, mayor [Photo/Dazhong News]\nA river [Photo]\nOutput of 300 tons [Photo/IC]\n";
        assert_eq!(
            excluded(text),
            [
                ("photo caption", "A worker at a workshop. [Photo/IC]\n"),
                ("photo caption", "Li, mayor [Photo/Dazhong News]\n"),
                ("photo caption", "A river [Photo]\n"),
            ]
        );
    }

    #[test]
    fn excludes_a_dateline_line_or_prefix() {
        let text = "Title\nBINZHOU, ChinaBINZHOU, China, Jan. 27, 2026 /Xinhua-AsiaNet/–\nBody.\n";
        assert_eq!(
            excluded(text),
            [(
                "dateline",
                "BINZHOU, ChinaBINZHOU, China, Jan. 27, 2026 /Xinhua-AsiaNet/–\n"
            )]
        );
        let text = "Title\nBEIJING, March 3, 2021 (Xinhua) -- GDP grew 5 percent.\n";
        assert_eq!(
            excluded(text),
            [("dateline", "BEIJING, March 3, 2021 (Xinhua) -- ")]
        );
    }

    #[test]
    fn excludes_source_credit_and_orphan_leads() {
        let text = "Title\n\nA report from\n\nThis is a news report from Significant progress was made.\nSource: Information Office of Binzhou";
        assert_eq!(
            excluded(text),
            [
                ("orphan lead", "A report from\n"),
                ("orphan lead", "This is a news report from "),
                ("source credit", "Source: Information Office of Binzhou"),
            ]
        );
    }

    #[test]
    fn excludes_only_the_second_copy_of_the_title() {
        let text = "Skip to content\nBinzhou grows\n\nBinzhou grows\n\nBinzhou grows fast.\n";
        assert_eq!(
            excluded(text),
            [
                ("navigation", "Skip to content\n"),
                (DUPLICATE_TITLE, "Binzhou grows\n")
            ]
        );
        assert_eq!(find(text, 0)[1].range, 31..45);
    }

    #[test]
    fn never_excludes_a_line_with_a_number_that_is_not_a_date() {
        let text = "Title\nSource: 5 percent of firms\n(| Updated : 2023-03-10 10:22\n";
        assert_eq!(
            excluded(text),
            [("updated", "(| Updated : 2023-03-10 10:22\n")]
        );
    }

    #[test]
    fn head_only_patterns_ignore_later_lines() {
        let text = format!("Title\n{}A report from\n", "Body.\n".repeat(HEAD_LINES));
        assert_eq!(excluded(&text), []);
    }

    #[test]
    fn the_title_is_the_first_line_outside_boilerplate() {
        let text = "Skip to content\n\nBinzhou posts growth\n";
        let title = title_line(text, 0, std::slice::from_ref(&(0..16))).unwrap();
        assert_eq!(title.content, "Binzhou posts growth");
        let long = "x".repeat(MAX_TITLE_CHARS + 1);
        assert_eq!(title_line(&long, 0, &[]), None);
    }
}
