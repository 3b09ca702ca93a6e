//! Lines of a document: byte offsets to 1-based line and column, and the text of a line.

use super::Format;
use crate::error::Location;

/// Bytes between two checkpoints of the character count.
const BLOCK: usize = 256;

/// Where each line of a text starts, counted the way the format's parser counts lines: YAML
/// breaks lines at `\n`, `\r\n` and a lone `\r` (libyaml does), JSON at `\n` only.
///
/// Columns count characters. So that a long line with thousands of problems on it costs no more
/// than a short one, the number of characters before every 256 bytes of text is kept: a column is
/// then counted over at most 256 bytes, not from the start of its line.
pub(crate) struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
    /// Characters before byte `k × BLOCK`, for each `k`.
    checkpoints: Vec<usize>,
}

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    b & 0xC0 != 0x80
}

impl<'t> Lines<'t> {
    pub(crate) fn new(text: &'t str, format: Format) -> Lines<'t> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut checkpoints = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut chars = 0;
        for (i, b) in bytes.iter().enumerate() {
            if i % BLOCK == 0 {
                checkpoints.push(chars);
            }
            chars += usize::from(starts_char(*b));
            let ends_line = match (*b, format) {
                (b'\n', _) => true,
                (b'\r', Format::Yaml) => bytes.get(i + 1) != Some(&b'\n'),
                _ => false,
            };
            if ends_line {
                starts.push(i + 1);
            }
        }
        Lines {
            text,
            starts,
            checkpoints,
        }
    }

    /// Characters in the text before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let block = offset / BLOCK;
        let counted = self.checkpoints.get(block).copied().unwrap_or(0);
        let rest = self
            .text
            .as_bytes()
            .get(block * BLOCK..offset)
            .unwrap_or_default();
        counted + rest.iter().filter(|b| starts_char(**b)).count()
    }

    /// The byte offset of the character `index` (from 0) of the text, or the text's end.
    fn byte_of_char(&self, index: usize) -> usize {
        let block = self
            .checkpoints
            .partition_point(|c| *c <= index)
            .saturating_sub(1);
        let mut chars = self.checkpoints.get(block).copied().unwrap_or(0);
        let bytes = self.text.as_bytes();
        for (i, b) in bytes.iter().enumerate().skip(block * BLOCK) {
            if starts_char(*b) {
                if chars == index {
                    return i;
                }
                chars += 1;
            }
        }
        bytes.len()
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    pub(crate) fn location(&self, offset: usize) -> Location {
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.line_start(line).unwrap_or(0);
        Location {
            line,
            column: self.chars_before(offset) - self.chars_before(start) + 1,
        }
    }

    /// The byte offset of a 1-based location: the inverse of [`Lines::location`].
    pub(crate) fn offset(&self, at: Location) -> Option<usize> {
        let start = self.line_start(at.line)?;
        let index = self.chars_before(start) + at.column.checked_sub(1)?;
        Some(self.byte_of_char(index))
    }

    /// The byte offset where 1-based line `line` starts.
    pub(crate) fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// The text of 1-based line `line`, without its line break.
    pub(crate) fn line(&self, line: usize) -> Option<&'t str> {
        let start = self.line_start(line)?;
        let end = self.starts.get(line).copied().unwrap_or(self.text.len());
        let text = self.text.get(start..end)?;
        Some(text.trim_end_matches(['\n', '\r']))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_one_based_lines_and_character_columns() {
        let lines = Lines::new("ab\r\ncé\rd\n", Format::Yaml);
        let at = |o| {
            let l = lines.location(o);
            (l.line, l.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(1), (1, 2));
        assert_eq!(at(4), (2, 1));
        // `é` is two bytes and one column.
        assert_eq!(at(7), (2, 3));
        assert_eq!(at(8), (3, 1));
        assert_eq!(lines.line(2), Some("cé"));
        for offset in [0, 1, 4, 7, 8] {
            assert_eq!(lines.offset(lines.location(offset)), Some(offset));
        }
        assert_eq!(lines.line(3), Some("d"));
        assert_eq!(lines.line(9), None);
    }

    #[test]
    fn columns_are_counted_across_checkpoints() {
        let text = format!("x\n{}é{}", "a".repeat(BLOCK * 2), "b".repeat(BLOCK));
        let lines = Lines::new(&text, Format::Yaml);
        let e = 2 + BLOCK * 2;
        let after = e + 2 + BLOCK / 2;
        assert_eq!(lines.location(e).column, 2 * BLOCK + 1);
        assert_eq!(lines.location(after).column, 2 * BLOCK + 2 + BLOCK / 2);
        for offset in [0, 2, e, after, text.len()] {
            assert_eq!(lines.offset(lines.location(offset)), Some(offset));
        }
    }

    #[test]
    fn json_breaks_lines_at_newlines_only() {
        let lines = Lines::new("a\rb\nc", Format::Json);
        assert_eq!(lines.location(4).line, 2);
        assert_eq!(lines.line(1), Some("a\rb"));
    }
}
