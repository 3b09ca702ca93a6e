//! Lines of a document: byte offsets to 1-based line and column, and the text of a line.

use super::Format;
use crate::error::Location;

/// Where each line of a text starts, counted the way the format's parser counts lines: YAML
/// breaks lines at `\n`, `\r\n` and a lone `\r` (libyaml does), JSON at `\n` only.
pub(crate) struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub(crate) fn new(text: &'t str, format: Format) -> Lines<'t> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, b) in bytes.iter().enumerate() {
            let ends_line = match (*b, format) {
                (b'\n', _) => true,
                (b'\r', Format::Yaml) => bytes.get(i + 1) != Some(&b'\n'),
                _ => false,
            };
            if ends_line {
                starts.push(i + 1);
            }
        }
        Lines { text, starts }
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    pub(crate) fn location(&self, offset: usize) -> Location {
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset.min(self.text.len()))
            .map_or(0, |s| s.chars().count());
        Location {
            line,
            column: column + 1,
        }
    }

    /// The byte offset of a 1-based location: the inverse of [`Lines::location`].
    pub(crate) fn offset(&self, at: Location) -> Option<usize> {
        let start = *self.starts.get(at.line.checked_sub(1)?)?;
        let line = self.text.get(start..)?;
        let column = at.column.checked_sub(1)?;
        let within = line
            .char_indices()
            .nth(column)
            .map_or(line.len(), |(i, _)| i);
        Some(start + within)
    }

    /// The text of 1-based line `line`, without its line break.
    pub(crate) fn line(&self, line: usize) -> Option<&'t str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
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
    fn json_breaks_lines_at_newlines_only() {
        let lines = Lines::new("a\rb\nc", Format::Json);
        assert_eq!(lines.location(4).line, 2);
        assert_eq!(lines.line(1), Some("a\rb"));
    }
}
