//! Lines of an article with their byte offsets, so that every other corpus
//! module can speak in ranges of the original text.

use std::ops::Range;

/// One line of the text: `content` has no line terminator, `full` includes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number.
    pub number: usize,
    /// The line without its `\n` / `\r\n`.
    pub content: &'a str,
    /// Byte range of `content` in the text.
    pub span: Range<usize>,
    /// Byte range including the line terminator (what a whole-line exclusion removes).
    pub full: Range<usize>,
}

/// Iterate over the lines of `text` starting at byte `from` (which must be a line start).
pub fn lines_from(text: &str, from: usize) -> impl Iterator<Item = Line<'_>> {
    let first_number = text.get(..from).map_or(0, |t| t.matches('\n').count()) + 1;
    let mut start = from.min(text.len());
    let mut number = first_number;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let rest = &text[start..];
        let (end_full, end_content) = match rest.find('\n') {
            Some(i) => {
                let content_end = if rest[..i].ends_with('\r') { i - 1 } else { i };
                (start + i + 1, start + content_end)
            }
            None => (text.len(), text.len()),
        };
        // A byte-order mark belongs to the file, not to the first line's text.
        let content_start = if start == 0 && text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8().min(end_content)
        } else {
            start
        };
        let line = Line {
            number,
            content: &text[content_start..end_content],
            span: content_start..end_content,
            full: start..end_full,
        };
        start = end_full;
        number += 1;
        Some(line)
    })
}

/// 1-based line number of byte `offset`.
pub fn line_number(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines_with_offsets_and_terminators() {
        let text = "a\r\nbb\n\nc";
        let lines: Vec<_> = lines_from(text, 0).collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].content, "a");
        assert_eq!(lines[0].full, 0..3);
        assert_eq!(lines[1].content, "bb");
        assert_eq!(lines[1].number, 2);
        assert_eq!(lines[2].content, "");
        assert_eq!(lines[3].content, "c");
        assert_eq!(lines[3].full, 7..8);
    }

    #[test]
    fn keeps_a_byte_order_mark_out_of_the_first_line() {
        let line = lines_from("\u{feff}Title\n", 0).next().unwrap();
        assert_eq!(line.content, "Title");
        assert_eq!((line.span, line.full), (3..8, 0..9));
    }

    #[test]
    fn starts_at_an_offset_with_the_right_line_number() {
        let text = "x\ny\nz\n";
        let lines: Vec<_> = lines_from(text, 2).collect();
        assert_eq!(lines[0].number, 2);
        assert_eq!(lines[0].content, "y");
        assert_eq!(line_number(text, 4), 3);
    }
}
