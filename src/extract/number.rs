//! The number grammar: digits ("1,530", "28.73"), words ("five", "twenty-one",
//! "one trillion"), scale words (million, billion, trillion), fractions ("a
//! third") and ordinals ("9th", "fourth"), parsed over tokens, never by
//! string surgery. Each number comes with the rounding it was written to.

use crate::extract::token::{TokKind, Token, Vocab};
use std::sync::LazyLock;

/// A number as written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    /// Half a unit of the last written digit, in the number's own scale:
    /// "28.73 billion" → 0.005e9; word integers are exact (0).
    pub half: f64,
    /// Index of the first token after the number.
    pub end: usize,
    pub ordinal: bool,
    /// Written in words ("five") rather than digits.
    pub words: bool,
    /// A fraction ("a third", "half").
    pub fraction: bool,
}

/// Number words below twenty, by value.
pub const ONES: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: &[&str] = &[
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const ORDINALS: &[&str] = &[
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// The words a number in words can start with: ordinals, "a", "an",
/// "half" and the number words.
static STARTS: LazyLock<Vocab<()>> = LazyLock::new(|| {
    Vocab::new(
        ["a", "an", "half"]
            .iter()
            .chain(ONES)
            .chain(TENS)
            .chain(ORDINALS)
            .map(|w| (*w, ())),
    )
});

/// Scale words after a number: "28.73 billion".
pub fn scale_word(t: &Token<'_>) -> Option<f64> {
    let mut buf = [0u8; 24];
    Some(match t.lower(&mut buf)? {
        "thousand" => 1e3,
        "million" | "mln" | "mn" => 1e6,
        "billion" | "bln" | "bn" => 1e9,
        "trillion" | "tn" => 1e12,
        _ => return None,
    })
}

fn word_value(t: &Token<'_>) -> Option<f64> {
    if t.kind != TokKind::Word {
        return None;
    }
    let mut buf = [0u8; 24];
    let w = t.lower(&mut buf)?;
    if let Some(i) = ONES.iter().position(|o| *o == w) {
        return Some(i as f64);
    }
    TENS.iter()
        .position(|o| *o == w)
        .map(|i| (i as f64 + 2.0) * 10.0)
}

/// The value of an ordinal word or token: "fourth" → 4, "9th" → 9.
pub fn ordinal_value(t: &Token<'_>) -> Option<f64> {
    match t.kind {
        TokKind::Ordinal => t.text.trim_end_matches(char::is_alphabetic).parse().ok(),
        TokKind::Word => {
            let mut buf = [0u8; 24];
            let w = t.lower(&mut buf)?;
            ORDINALS.iter().position(|o| *o == w).map(|i| i as f64)
        }
        _ => None,
    }
}

/// Parse a number starting at token `i`.
pub fn parse(tokens: &[Token<'_>], i: usize) -> Option<Number> {
    let t = tokens.get(i)?;
    match t.kind {
        TokKind::Number => Some(digits(tokens, i)),
        TokKind::Ordinal => Some(Number {
            value: ordinal_value(t)?,
            half: 0.0,
            end: i + 1,
            ordinal: true,
            words: false,
            fraction: false,
        }),
        TokKind::Word => words(tokens, i),
        _ => None,
    }
}

fn digits(tokens: &[Token<'_>], i: usize) -> Number {
    let text = tokens[i].text;
    // Most numbers have no thousands separator: no copy for them.
    let plain: std::borrow::Cow<'_, str> = if text.contains(',') {
        text.chars()
            .filter(|c| *c != ',')
            .collect::<String>()
            .into()
    } else {
        text.into()
    };
    let value: f64 = plain.parse().unwrap_or(0.0);
    let decimals = plain.split_once('.').map_or(0, |(_, d)| d.len() as i32);
    // Trailing zeros of a large integer ("176,000") are rounding, not
    // precision: the writer did not count every hectare.
    let half = if decimals == 0 {
        let zeros = plain.len() - plain.trim_end_matches('0').len();
        if value >= 1000.0 && zeros >= 3 {
            0.5 * 10f64.powi(zeros as i32)
        } else {
            0.5
        }
    } else {
        0.5 * 10f64.powi(-decimals)
    };
    let mut n = Number {
        value,
        half,
        end: i + 1,
        ordinal: false,
        words: false,
        fraction: false,
    };
    if let Some(scale) = tokens.get(i + 1).and_then(scale_word) {
        n.value *= scale;
        // "100 billion" is precise to the billion, not to the hundred.
        n.half = if decimals == 0 {
            0.5 * scale
        } else {
            n.half * scale
        };
        n.end = i + 2;
    }
    n
}

/// Word numbers: "five", "twenty-one", "one hundred and five", "one
/// trillion", "a million", "a third", "two thirds", "half", "a dozen",
/// ordinal words.
fn words(tokens: &[Token<'_>], i: usize) -> Option<Number> {
    let t = &tokens[i];
    // Every word is tried as the start of a number: most are not one,
    // and one lookup says so.
    if !STARTS.has(t) {
        return None;
    }
    if let Some(v) = ordinal_value(t) {
        // "a third", "two thirds" are fractions, handled below; a bare
        // ordinal word is an ordinal.
        return Some(Number {
            value: v,
            half: 0.0,
            end: i + 1,
            ordinal: true,
            words: true,
            fraction: false,
        });
    }
    let is_article = t.is("a") || t.is("an");
    if is_article || t.is("one") {
        if let Some(next) = tokens.get(i + 1) {
            let frac = if next.is("third") {
                Some(1.0 / 3.0)
            } else if next.is("quarter") {
                Some(0.25)
            } else if next.is("half") {
                Some(0.5)
            } else {
                None
            };
            if let Some(f) = frac {
                return Some(fraction(f, i + 2));
            }
        }
    }
    if t.is("half") {
        return Some(fraction(0.5, i + 1));
    }
    if is_article {
        let next = tokens.get(i + 1)?;
        if next.is("dozen") {
            return Some(exact(12.0, i + 2));
        }
        if next.is("hundred") {
            return Some(exact(100.0, i + 2));
        }
        let scale = scale_word(next)?;
        return Some(Number {
            value: scale,
            half: 0.5 * scale,
            end: i + 2,
            ordinal: false,
            words: true,
            fraction: false,
        });
    }
    let mut total = 0.0;
    let mut current = 0.0;
    let mut j = i;
    let mut any = false;
    let mut last_scale = 1.0;
    while let Some(t) = tokens.get(j) {
        if let Some(v) = word_value(t) {
            // "twenty-one": tens, hyphen, ones.
            current += v;
            any = true;
            j += 1;
            if v >= 20.0 && tokens.get(j).is_some_and(|h| h.is_punct('-')) {
                if let Some(u) = tokens.get(j + 1).and_then(word_value).filter(|u| *u < 10.0) {
                    current += u;
                    j += 2;
                }
            }
            // Thirds and quarters after a count: "two thirds".
            if let Some(n) = tokens.get(j) {
                if n.is("thirds") || n.is("quarters") {
                    let d = if n.is("thirds") { 3.0 } else { 4.0 };
                    return Some(fraction(current / d, j + 1));
                }
            }
            continue;
        }
        if !any {
            return None;
        }
        if t.is("hundred") {
            current *= 100.0;
            j += 1;
            if tokens.get(j).is_some_and(|a| a.is("and"))
                && tokens.get(j + 1).and_then(word_value).is_some()
            {
                j += 1;
            }
            continue;
        }
        if let Some(scale) = scale_word(t) {
            total += current * scale;
            current = 0.0;
            last_scale = scale;
            j += 1;
            continue;
        }
        break;
    }
    if !any {
        return None;
    }
    Some(Number {
        value: total + current,
        half: if last_scale > 1.0 {
            0.5 * last_scale
        } else {
            0.0
        },
        end: j,
        ordinal: false,
        words: true,
        fraction: false,
    })
}

fn exact(value: f64, end: usize) -> Number {
    Number {
        value,
        half: 0.0,
        end,
        ordinal: false,
        words: true,
        fraction: false,
    }
}

fn fraction(value: f64, end: usize) -> Number {
    Number {
        value,
        half: 0.0,
        end,
        ordinal: false,
        words: true,
        fraction: true,
    }
}

/// Multiplier words: "fourfold" → 4, "doubled" → 2, "twice" → 2, "halved" → 0.5.
pub fn multiplier_word(t: &Token<'_>) -> Option<f64> {
    if t.kind != TokKind::Word {
        return None;
    }
    MULTIPLIERS.get(t)
}

/// "doubled", "fourfold", "twentyfold"…: every multiplier word and its
/// factor.
static MULTIPLIERS: LazyLock<Vocab<f64>> = LazyLock::new(|| {
    let fixed: [(&[&'static str], f64); 4] = [
        (&["doubled", "double", "doubling", "twice"], 2.0),
        (&["tripled", "triple", "tripling", "trebled", "thrice"], 3.0),
        (&["quadrupled", "quadruple", "quadrupling"], 4.0),
        (&["halved", "halving"], 0.5),
    ];
    let fixed = fixed
        .into_iter()
        .flat_map(|(words, v)| words.iter().map(move |w| (w.to_string(), v)));
    let ones = ONES.iter().enumerate().map(|(i, w)| (*w, i as f64));
    let tens = TENS
        .iter()
        .enumerate()
        .map(|(i, w)| (*w, (i as f64 + 2.0) * 10.0));
    let folds = ones.chain(tens).map(|(w, v)| (format!("{w}fold"), v));
    Vocab::new(fixed.chain(folds))
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::token::tokenize;

    fn num(t: &str) -> Option<(f64, f64, usize)> {
        let toks = tokenize(t, 0, t.len());
        parse(&toks, 0).map(|n| (n.value, n.half, n.end))
    }

    #[test]
    fn digits_with_precision_and_scale() {
        assert_eq!(num("1,530"), Some((1530.0, 0.5, 1)));
        assert_eq!(num("28.73 billion"), Some((28.73e9, 0.005e9, 2)));
        assert_eq!(num("1.4 trillion"), Some((1.4e12, 0.05e12, 2)));
        assert_eq!(num("100 billion"), Some((100e9, 0.5e9, 2)));
        assert_eq!(num("176,000"), Some((176000.0, 500.0, 1)));
        assert_eq!(num("3.36"), Some((3.36, 0.005, 1)));
    }

    #[test]
    fn word_numbers() {
        assert_eq!(num("five"), Some((5.0, 0.0, 1)));
        assert_eq!(num("twenty-one"), Some((21.0, 0.0, 3)));
        assert_eq!(num("one hundred and five"), Some((105.0, 0.0, 4)));
        assert_eq!(num("one trillion"), Some((1e12, 0.5e12, 2)));
        assert_eq!(num("two million"), Some((2e6, 0.5e6, 2)));
        assert_eq!(num("a million"), Some((1e6, 0.5e6, 2)));
        assert_eq!(num("a dozen"), Some((12.0, 0.0, 2)));
        assert_eq!(num("enterprises"), None);
        assert_eq!(num("a"), None);
    }

    #[test]
    fn fractions_and_ordinals() {
        assert_eq!(num("a third").map(|n| n.0), Some(1.0 / 3.0));
        assert_eq!(num("two thirds").map(|n| n.0), Some(2.0 / 3.0));
        assert_eq!(num("half").map(|n| n.0), Some(0.5));
        assert_eq!(num("9th"), Some((9.0, 0.0, 1)));
        assert_eq!(num("fourth"), Some((4.0, 0.0, 1)));
        assert_eq!(num("166th"), Some((166.0, 0.0, 1)));
    }

    #[test]
    fn multipliers() {
        let t = "fourfold doubled twice tenfold halved";
        let toks = tokenize(t, 0, t.len());
        let got: Vec<_> = toks.iter().map(multiplier_word).collect();
        assert_eq!(
            got,
            [Some(4.0), Some(2.0), Some(2.0), Some(10.0), Some(0.5)]
        );
    }
}
