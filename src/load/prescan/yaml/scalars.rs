//! Scalars in the YAML pre-scan: plain (over several lines too), quoted and block scalars,
//! measured as written and reported as keys or values.

use super::{NodeKind, OpenPlain, Refusal, Sink, Yaml, check_length};

impl<S: Sink> Yaml<'_, S> {
    fn text(&self, start: usize, end: usize) -> Option<&str> {
        std::str::from_utf8(self.b.get(start..end)?).ok()
    }

    /// A plain scalar from `start`; with `continued`, `self.i` is on a later line of it. True if
    /// it reached the end of the line (the line break is consumed).
    pub(super) fn plain_scalar(
        &mut self,
        start: usize,
        is_key: bool,
        continued: bool,
    ) -> Result<bool, Refusal> {
        loop {
            let i = self.i;
            match self.at(i) {
                None | Some(b'\n' | b'\r') => {
                    let end = self.trim_back(start, i);
                    check_length(start, end - start, is_key, self.limits)?;
                    if !continued {
                        self.scalar(start, end, is_key)?;
                    }
                    if self.flow == 0 {
                        let parent = self.parent();
                        self.plain = Some(OpenPlain {
                            start,
                            parent,
                            is_key,
                        });
                    } else {
                        self.flow_plain = Some(start);
                    }
                    self.next_line();
                    return Ok(true);
                }
                // A key, unless the scalar spans lines (which the parser refuses).
                Some(b':') if self.ends_plain(i + 1) && !continued => {
                    let end = self.trim_back(start, i);
                    check_length(start, end - start, true, self.limits)?;
                    let text = self.text(start, end).map(str::to_owned);
                    self.key(start, text.as_deref())?;
                    return Ok(false);
                }
                Some(b':') if self.ends_plain(i + 1) => break,
                Some(b' ' | b'\t') if self.at(i + 1) == Some(b'#') => break,
                Some(b',' | b'[' | b']' | b'{' | b'}') if self.flow > 0 => break,
                Some(_) => self.i += 1,
            }
        }
        let end = self.trim_back(start, self.i);
        check_length(start, end - start, is_key, self.limits)?;
        if !continued {
            self.scalar(start, end, is_key)?;
        }
        Ok(false)
    }

    /// The end of a plain scalar that stops at `end`, without the blanks before it.
    fn trim_back(&self, start: usize, mut end: usize) -> usize {
        while end > start && matches!(self.at(end - 1), Some(b' ' | b'\t')) {
            end -= 1;
        }
        end
    }

    /// A scalar that is not an implicit key: an explicit key's text, or a value.
    fn scalar(&mut self, start: usize, end: usize, is_key: bool) -> Result<(), Refusal> {
        if is_key {
            let text = self.text(start, end).map(str::to_owned);
            self.emit_key(start, text.as_deref())
        } else {
            self.node(start, NodeKind::Scalar)
        }
    }

    /// A single- or double-quoted scalar; it may span lines.
    pub(super) fn quoted(&mut self, quote: u8) -> Result<(), Refusal> {
        let start = self.i;
        let col_start = self.line_start;
        self.i += 1;
        loop {
            match self.at(self.i) {
                None => break,
                Some(b'\\') if quote == b'"' => self.i += 2,
                Some(b'\'') if quote == b'\'' && self.at(self.i + 1) == Some(b'\'') => self.i += 2,
                Some(c) if c == quote => {
                    self.i += 1;
                    break;
                }
                Some(b'\n' | b'\r') => self.next_line(),
                Some(_) => self.i += 1,
            }
        }
        self.i = self.i.min(self.b.len());
        let implicit = self.key_follows(self.i);
        let explicit = std::mem::take(&mut self.explicit_key);
        check_length(start, self.i - start, implicit || explicit, self.limits)?;
        let text = if implicit || explicit {
            unquote(self.text(start, self.i), quote)
        } else {
            None
        };
        if implicit && col_start == self.line_start {
            self.key(start, text.as_deref())?;
        } else if explicit {
            self.emit_key(start, text.as_deref())?;
        } else {
            self.node(start, NodeKind::Scalar)?;
        }
        Ok(())
    }

    /// A block scalar: its header, then every line indented deeper than its parent collection.
    pub(super) fn block_scalar(&mut self) -> Result<(), Refusal> {
        let start = self.i;
        let parent = self.parent();
        let is_key = std::mem::take(&mut self.explicit_key);
        if is_key {
            self.sink.lost();
        }
        self.node(start, NodeKind::Scalar)?;
        self.skip_to_eol();
        let mut end = self.i;
        loop {
            self.next_line();
            let mut first = self.i;
            while self.at(first) == Some(b' ') {
                first += 1;
            }
            let indent = (first - self.line_start) as isize;
            let blank = matches!(self.at(first), None | Some(b'\n' | b'\r'));
            if self.at(first).is_none() {
                break;
            }
            if !blank && (indent <= parent || self.document_marker().is_some()) {
                break;
            }
            self.i = first;
            self.skip_to_eol();
            if !blank {
                end = self.i;
            }
        }
        self.i = self.line_start;
        check_length(start, end - start, is_key, self.limits)
    }
}

/// The text of a quoted key, when it has no escapes to decode.
fn unquote(raw: Option<&str>, quote: u8) -> Option<String> {
    let inner = raw?.get(1..)?;
    let inner = inner.strip_suffix(char::from(quote)).unwrap_or(inner);
    if quote == b'"' {
        return (!inner.contains('\\')).then(|| inner.to_owned());
    }
    Some(inner.replace("''", "'"))
}
