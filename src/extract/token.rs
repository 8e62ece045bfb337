//! Tokenizing: one linear pass over the text into words, numbers and
//! punctuation, each with its byte range in the original file.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// Letters, with inner apostrophes ("city’s").
    Word,
    /// Digits with thousands separators and a decimal part ("1,530", "28.73").
    Number,
    /// Digits with an ordinal suffix ("9th", "1st").
    Ordinal,
    /// Digits glued to letters ("6638N", "5G"): a code, never a quantity.
    Code,
    /// Any other single character that is not white space.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: TokKind,
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    /// A line break stands between this token and the one before.
    pub line_break_before: bool,
    /// The token has an ASCII capital: [`Token::lower`] must copy it.
    upper: bool,
    /// The token's first [`KEY_BYTES`] bytes in ASCII lowercase, zero
    /// padded: [`Token::is`] compares two numbers instead of two strings
    /// (the time and mention patterns ask it of nearly every token, and
    /// string comparisons were a tenth of extraction).
    key: u128,
}

/// How much of a token its key holds.
const KEY_BYTES: usize = 16;

/// The key of a lowercase word of at most [`KEY_BYTES`] bytes (as
/// [`Token::key`] gives a token's). Inlined with a literal, it is a
/// constant.
#[inline(always)]
fn key_of(bytes: &[u8]) -> u128 {
    let mut key = [0u8; KEY_BYTES];
    let n = bytes.len().min(KEY_BYTES);
    key[..n].copy_from_slice(&bytes[..n]);
    u128::from_le_bytes(key)
}

impl Token<'_> {
    /// Case-insensitive comparison with a lowercase word. Inlined, and
    /// for a word of at most [`KEY_BYTES`] bytes a comparison of two
    /// numbers: the time and mention patterns call it for nearly every
    /// token.
    #[inline]
    pub fn is(&self, lower: &str) -> bool {
        debug_assert!(!lower.bytes().any(|b| b.is_ascii_uppercase()), "{lower}");
        if lower.len() > KEY_BYTES {
            return self.text.eq_ignore_ascii_case(lower);
        }
        // Equal keys and lengths: the same word but for ASCII case (the
        // key lowercases only ASCII, as `eq_ignore_ascii_case` compares).
        self.text.len() == lower.len() && self.key == key_of(lower.as_bytes())
    }

    /// The token's key when the token is short enough for it to be the
    /// whole token (a vocabulary's words are): equal keys are equal
    /// words but for ASCII case.
    #[inline]
    fn key(&self) -> Option<u128> {
        (self.text.len() <= KEY_BYTES).then_some(self.key)
    }

    #[inline]
    pub fn is_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.is(w))
    }

    #[inline]
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }

    #[inline]
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokKind::Punct && self.text.starts_with(c)
    }

    /// The token in lowercase, without allocating: None for words longer
    /// than the buffer or not ASCII, which no vocabulary list contains.
    #[inline]
    pub fn lower<'b>(&'b self, buf: &'b mut [u8; 24]) -> Option<&'b str> {
        let b = self.text.as_bytes();
        if b.len() > buf.len() {
            return None;
        }
        // Most words are already lowercase: no copy, and no UTF-8
        // validation of the copy (this is called for every word, by
        // several vocabularies).
        if !self.upper {
            return Some(self.text);
        }
        for (d, s) in buf.iter_mut().zip(b) {
            *d = s.to_ascii_lowercase();
        }
        // Lowercasing ASCII bytes keeps UTF-8 valid, so this only fails on
        // a buffer cut inside a character, which the length test excludes.
        std::str::from_utf8(&buf[..b.len()]).ok()
    }

    pub fn starts_upper(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// A word list with a value for each word, looked up by a token's key:
/// one hash of a number, where a string match compared the token with
/// word after word (these lists are asked about nearly every token).
/// Words longer than a key are compared as text.
pub struct Vocab<T> {
    short: rustc_hash::FxHashMap<u128, T>,
    long: Vec<(Box<str>, T)>,
}

impl<T: Copy> Vocab<T> {
    /// The words (lowercase) and their values; the first of two equal
    /// words wins.
    pub fn new<W: AsRef<str>>(words: impl IntoIterator<Item = (W, T)>) -> Self {
        let mut short = rustc_hash::FxHashMap::default();
        let mut long: Vec<(Box<str>, T)> = Vec::new();
        for (w, v) in words {
            let w = w.as_ref();
            debug_assert!(!w.bytes().any(|b| b.is_ascii_uppercase()), "{w}");
            if w.len() <= KEY_BYTES {
                short.entry(key_of(w.as_bytes())).or_insert(v);
            } else if !long.iter().any(|(l, _)| &**l == w) {
                long.push((w.into(), v));
            }
        }
        Vocab { short, long }
    }

    /// The value of the token's word, if the list has it.
    #[inline]
    pub fn get(&self, t: &Token<'_>) -> Option<T> {
        match t.key() {
            Some(key) => self.short.get(&key).copied(),
            None => self
                .long
                .iter()
                .find(|(w, _)| t.text.eq_ignore_ascii_case(w))
                .map(|(_, v)| *v),
        }
    }

    /// Whether the list has the token's word.
    #[inline]
    pub fn has(&self, t: &Token<'_>) -> bool {
        self.get(t).is_some()
    }

    /// How many distinct words the list has (the tests check lists).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }
}

/// About one token per this many bytes of news text: what token vectors
/// reserve.
pub const BYTES_PER_TOKEN: usize = 5;

/// Tokenize `text[range]`; offsets stay relative to the whole text.
pub fn tokenize(text: &str, from: usize, to: usize) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    tokenize_into(text, from, to, &mut out);
    out
}

/// [`tokenize`], appending to `out` (an article's segments go into one
/// vector without a copy).
pub fn tokenize_into<'a>(text: &'a str, from: usize, to: usize, out: &mut Vec<Token<'a>>) {
    let bytes = text.as_bytes();
    out.reserve((to - from) / BYTES_PER_TOKEN);
    let mut i = from;
    let mut line_break = false;
    while i < to {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            line_break |= b == b'\n';
            i += 1;
            continue;
        }
        let start = i;
        let kind = if b.is_ascii_digit() {
            i = scan_number(bytes, i, to);
            let word_end = scan_letters(text, i, to);
            if word_end > i {
                let suffix = &text[i..word_end];
                i = word_end;
                if ["st", "nd", "rd", "th"]
                    .iter()
                    .any(|s| suffix.eq_ignore_ascii_case(s))
                {
                    TokKind::Ordinal
                } else {
                    TokKind::Code
                }
            } else {
                TokKind::Number
            }
        } else if b.is_ascii_alphabetic() {
            i = scan_word_or_code(text, i, to);
            kind_after_letters(bytes, start, i)
        } else if b < 0x80 {
            // Any other ASCII character is punctuation: no decoding.
            i += 1;
            TokKind::Punct
        } else if let Some(c) = text[i..to].chars().next() {
            if c.is_alphabetic() {
                i = scan_word_or_code(text, i, to);
                kind_after_letters(bytes, start, i)
            } else if c.is_whitespace() {
                // Non-ASCII white space (no-break space and friends).
                i += c.len_utf8();
                continue;
            } else {
                i += c.len_utf8();
                TokKind::Punct
            }
        } else {
            break;
        };
        let token = &text[start..i];
        let mut key = raw_key(bytes, start, i - start);
        // Fixed-size arrays: both tests are a few vector instructions.
        let mut key_bytes = key.to_le_bytes();
        let upper = if token.len() <= KEY_BYTES {
            key_bytes.iter().any(u8::is_ascii_uppercase)
        } else {
            token.bytes().any(|b| b.is_ascii_uppercase())
        };
        if upper {
            key_bytes.make_ascii_lowercase();
            key = u128::from_le_bytes(key_bytes);
        }
        out.push(Token {
            kind,
            start,
            end: i,
            text: token,
            line_break_before: line_break,
            upper,
            key,
        });
        line_break = false;
    }
}

/// [`key_of`] the `n` bytes at `start`, without its copy of a variable
/// length: sixteen bytes read at once and those past the token masked.
#[inline]
fn raw_key(bytes: &[u8], start: usize, n: usize) -> u128 {
    let whole = bytes
        .get(start..start + KEY_BYTES)
        .and_then(|b| <[u8; KEY_BYTES]>::try_from(b).ok());
    match whole {
        Some(b) if n < KEY_BYTES => u128::from_le_bytes(b) & ((1u128 << (8 * n)) - 1),
        Some(b) => u128::from_le_bytes(b),
        // Near the end of the text.
        None => key_of(&bytes[start..start + n.min(KEY_BYTES)]),
    }
}

/// Digits, then groups of ",ddd", then ".d+"; a comma or point not followed
/// by the right digits ends the number ("in 2021, the" stays "2021").
fn scan_number(b: &[u8], mut i: usize, to: usize) -> usize {
    let digits = |mut j: usize| {
        while j < to && b[j].is_ascii_digit() {
            j += 1;
        }
        j
    };
    i = digits(i);
    while i + 3 < to
        && b[i] == b','
        && b[i + 1..=i + 3].iter().all(u8::is_ascii_digit)
        && !(i + 4 < to && b[i + 4].is_ascii_digit())
    {
        i += 4;
    }
    if i + 1 < to && b[i] == b'.' && b[i + 1].is_ascii_digit() {
        i = digits(i + 1);
    }
    i
}

/// A word and its inner apostrophes, and the letters and digits glued to
/// it when digits follow ("km2", "G20" are codes).
fn scan_word_or_code(text: &str, i: usize, to: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = scan_word(text, i, to);
    if i < to && bytes[i].is_ascii_digit() {
        while i < to && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
    }
    i
}

/// A word, or a code when [`scan_word_or_code`] went on into digits.
fn kind_after_letters(bytes: &[u8], start: usize, end: usize) -> TokKind {
    if bytes[start..end].iter().any(u8::is_ascii_digit) {
        TokKind::Code
    } else {
        TokKind::Word
    }
}

/// Letters from byte `i` (a character boundary): ASCII ones byte by byte,
/// others decoded (most text is ASCII).
fn scan_letters(text: &str, mut i: usize, to: usize) -> usize {
    let bytes = text.as_bytes();
    while i < to {
        let b = bytes[i];
        if b.is_ascii_alphabetic() {
            i += 1;
        } else if b < 0x80 {
            break;
        } else {
            match text[i..to].chars().next() {
                Some(c) if c.is_alphabetic() => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i
}

/// Letters with inner apostrophes ("city’s", "master's").
fn scan_word(text: &str, i: usize, to: usize) -> usize {
    let mut end = scan_letters(text, i, to);
    loop {
        let rest = &text[end..to];
        let apostrophe = rest.chars().next().filter(|c| *c == '\'' || *c == '’');
        match apostrophe {
            Some(a)
                if rest[a.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphabetic) =>
            {
                end = scan_letters(text, end + a.len_utf8(), to);
            }
            _ => return end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(t: &str) -> Vec<(TokKind, &str)> {
        tokenize(t, 0, t.len())
            .into_iter()
            .map(|k| (k.kind, k.text))
            .collect()
    }

    #[test]
    fn numbers_words_and_punctuation() {
        use TokKind::*;
        assert_eq!(
            toks("1,530 enterprises, 28.73 billion ($3.96)"),
            [
                (Number, "1,530"),
                (Word, "enterprises"),
                (Punct, ","),
                (Number, "28.73"),
                (Word, "billion"),
                (Punct, "("),
                (Punct, "$"),
                (Number, "3.96"),
                (Punct, ")")
            ]
        );
    }

    #[test]
    fn commas_and_points_that_are_not_part_of_numbers() {
        use TokKind::*;
        assert_eq!(
            toks("in 2021, the"),
            [(Word, "in"), (Number, "2021"), (Punct, ","), (Word, "the")]
        );
        assert_eq!(toks("to 53."), [(Word, "to"), (Number, "53"), (Punct, ".")]);
        assert_eq!(toks("1,23"), [(Number, "1"), (Punct, ","), (Number, "23")]);
    }

    #[test]
    fn ordinals_codes_and_apostrophes() {
        use TokKind::*;
        assert_eq!(
            toks("9th 6638N city’s"),
            [(Ordinal, "9th"), (Code, "6638N"), (Word, "city’s")]
        );
        assert_eq!(
            toks("2012-13"),
            [(Number, "2012"), (Punct, "-"), (Number, "13")]
        );
    }

    #[test]
    fn letters_beyond_ascii_codes_and_odd_spaces() {
        use TokKind::*;
        assert_eq!(
            toks("Zürich’s €5 naïve—km2 G20\u{a0}x"),
            [
                (Word, "Zürich’s"),
                (Punct, "€"),
                (Number, "5"),
                (Word, "naïve"),
                (Punct, "—"),
                (Code, "km2"),
                (Code, "G20"),
                (Word, "x")
            ]
        );
    }

    #[test]
    fn words_compare_but_for_ascii_case_however_long() {
        let t = "Percent PERCENTAGE Naïve characteristically , 1,530";
        let k = tokenize(t, 0, t.len());
        assert!(k[0].is("percent") && !k[0].is("percen") && !k[0].is("percents"));
        assert!(k[1].is("percentage") && k[1].is_any(&["point", "percentage"]));
        assert!(k[2].is("naïve") && !k[2].is("naive"));
        // Longer than a key: compared as text.
        assert!(k[3].is("characteristically") && !k[3].is("characteristicall"));
        assert_eq!(k[3].key(), None);
        assert!(k[4].is(",") && k[5].is("1,530"));
        assert_eq!(k[0].key(), Some(key_of(b"percent")));
        assert_ne!(k[0].key(), Some(key_of(b"percentage")));
    }

    #[test]
    fn a_vocabulary_finds_its_words_short_or_long() {
        let v = Vocab::new([("doubled", 2), ("characteristically", 3), ("doubled", 9)]);
        assert_eq!(v.len(), 2);
        let t = "Doubled characteristically CHARACTERISTICALLY double";
        let k = tokenize(t, 0, t.len());
        let got: Vec<_> = k.iter().map(|t| v.get(t)).collect();
        assert_eq!(got, [Some(2), Some(3), Some(3), None]);
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let t = "“eight dimensions”\nnext";
        let k = tokenize(t, 0, t.len());
        assert_eq!(&t[k[1].start..k[1].end], "eight");
        assert!(k[4].line_break_before);
    }
}
