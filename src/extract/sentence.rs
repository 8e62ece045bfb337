//! Sentence splitting over tokens, with an abbreviation list so that "Jan.",
//! "Co." and "U.S." do not end sentences. A line break always ends one:
//! news text puts every paragraph, title and caption on its own line.

use crate::extract::token::{TokKind, Token};
use std::ops::Range;

const ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "co",
    "corp", "inc", "ltd", "mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "etc", "approx",
    "gov", "dept", "est", "fig", "vol", "jr", "sr", "e.g", "i.e",
];

/// Split tokens into sentences, returned as ranges of token indexes.
pub fn split(tokens: &[Token<'_>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        if i > start && tokens[i].line_break_before {
            out.push(start..i);
            start = i;
        }
        let t = &tokens[i];
        let ends = t.kind == TokKind::Punct
            && (t.text == "." || t.text == "!" || t.text == "?" || t.text == "…")
            && !(t.text == "." && is_abbreviation(tokens, i));
        i += 1;
        if ends {
            // Closing quotes and brackets belong to the sentence they close.
            while i < tokens.len()
                && !tokens[i].line_break_before
                && tokens[i].kind == TokKind::Punct
                && matches!(tokens[i].text, "”" | "\"" | "’" | "'" | ")" | "]")
            {
                i += 1;
            }
            if i >= tokens.len() || tokens[i].line_break_before || starts_sentence(&tokens[i]) {
                out.push(start..i);
                start = i;
            }
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

fn is_abbreviation(tokens: &[Token<'_>], dot: usize) -> bool {
    let Some(prev) = dot.checked_sub(1).map(|p| &tokens[p]) else {
        return false;
    };
    if prev.end != tokens[dot].start || prev.kind != TokKind::Word {
        return false;
    }
    // Initials: "U.S.", "J. Smith".
    if prev.text.chars().count() == 1 && prev.starts_upper() {
        return true;
    }
    ABBREVIATIONS.iter().any(|a| prev.is(a))
}

fn starts_sentence(t: &Token<'_>) -> bool {
    match t.kind {
        TokKind::Word => t.starts_upper(),
        TokKind::Punct => matches!(t.text, "“" | "\"" | "(" | "[" | "‘"),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::token::tokenize;

    fn sentences(t: &str) -> Vec<String> {
        let toks = tokenize(t, 0, t.len());
        split(&toks)
            .into_iter()
            .map(|r| t[toks[r.start].start..toks[r.end - 1].end].to_string())
            .collect()
    }

    #[test]
    fn splits_on_points_but_not_decimals_or_abbreviations() {
        assert_eq!(
            sentences("It rose 3.36 percent. Shandong Weiqiao Co. Ltd. grew. On Jan. 27, 2026 the U.S. Fed met."),
            ["It rose 3.36 percent.", "Shandong Weiqiao Co. Ltd. grew.", "On Jan. 27, 2026 the U.S. Fed met."]
        );
    }

    #[test]
    fn line_breaks_end_sentences_and_quotes_stay_attached() {
        assert_eq!(
            sentences("A title\n“eight dimensions of quality.” Next one"),
            ["A title", "“eight dimensions of quality.”", "Next one"]
        );
    }

    #[test]
    fn lowercase_after_point_does_not_split() {
        assert_eq!(sentences("about 5 p.m. today."), ["about 5 p.m. today."]);
    }
}
