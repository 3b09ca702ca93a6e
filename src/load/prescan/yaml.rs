//! The YAML side of the pre-scan.
//!
//! Nesting is counted the way libyaml builds it: flow brackets, plus one level per block
//! collection, tracked as a stack of the columns where block mappings (keys) and block
//! sequences (`- `) start. A plain scalar that ends a line continues on the following lines
//! that are indented deeper than the collection it belongs to, and a block scalar (`|`, `>`)
//! takes every following line indented deeper than that; neither is scanned for tokens.

use super::{Limits, MAX_NESTING, Refusal, Scan, check_length, is_blank, too_deep};

pub(super) fn scan(b: &[u8], limits: Limits) -> Result<Scan, Refusal> {
    let mut yaml = Yaml {
        b,
        i: 0,
        line_start: 0,
        limits,
        flow: 0,
        block: Vec::new(),
        plain: None,
        flow_plain: None,
        explicit_key: false,
        props: None,
        doc_content: false,
        doc_ended: false,
        scan: Scan::default(),
    };
    while yaml.i < b.len() {
        yaml.line()?;
    }
    Ok(yaml.scan)
}

/// A plain scalar that reached the end of its line in block context.
struct OpenPlain {
    start: usize,
    /// Lines indented deeper than this column continue it.
    parent: isize,
    is_key: bool,
}

struct Yaml<'a> {
    b: &'a [u8],
    i: usize,
    line_start: usize,
    limits: Limits,
    flow: usize,
    /// Open block collections: (column, is a sequence).
    block: Vec<(usize, bool)>,
    plain: Option<OpenPlain>,
    /// In flow context, the start of a plain scalar that reached the end of its line.
    flow_plain: Option<usize>,
    /// The next node is an explicit key (`? `).
    explicit_key: bool,
    /// Where the properties (an anchor) of the next node start.
    props: Option<usize>,
    doc_content: bool,
    doc_ended: bool,
    scan: Scan,
}

impl Yaml<'_> {
    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    /// Blank, or in flow context a flow indicator: what ends a plain scalar after `:`.
    fn ends_plain(&self, i: usize) -> bool {
        is_blank(self.b.get(i))
            || (self.flow > 0 && matches!(self.at(i), Some(b',' | b'[' | b']' | b'{' | b'}')))
    }

    /// The column of the innermost block collection; -1 at the top.
    fn parent(&self) -> isize {
        self.block.last().map_or(-1, |&(c, _)| c as isize)
    }

    fn skip_to_eol(&mut self) {
        while !matches!(self.at(self.i), None | Some(b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// Consumes a line break, if any, and starts the next line.
    fn next_line(&mut self) {
        match self.at(self.i) {
            Some(b'\r') if self.at(self.i + 1) == Some(b'\n') => self.i += 2,
            Some(b'\r' | b'\n') => self.i += 1,
            _ => {}
        }
        self.line_start = self.i;
    }

    /// `---` or `...` followed by a blank at the start of the line.
    fn document_marker(&self) -> Option<u8> {
        let s = self.line_start;
        let marker = self.b.get(s..s + 3)?;
        let kind = match marker {
            b"---" => b'-',
            b"..." => b'.',
            _ => return None,
        };
        is_blank(self.b.get(s + 3)).then_some(kind)
    }

    fn line(&mut self) -> Result<(), Refusal> {
        let mut first = self.i;
        while self.at(first) == Some(b' ') {
            first += 1;
        }
        let indent = first - self.line_start;
        while self.at(first) == Some(b'\t') {
            first += 1;
        }
        let c = self.at(first);
        if matches!(c, None | Some(b'\n' | b'\r')) {
            self.i = first;
            self.next_line();
            return Ok(());
        }
        let comment = c == Some(b'#');
        if self.flow == 0 {
            if let Some(kind) = self.document_marker() {
                return self.marker(kind);
            }
            if indent == 0 && c == Some(b'%') {
                self.skip_to_eol();
                self.next_line();
                return Ok(());
            }
            if let Some(open) = self.plain.take()
                && !comment
                && indent as isize > open.parent
            {
                self.i = first;
                if self.plain_scalar(open.start, open.is_key, true)? {
                    return Ok(());
                }
                return self.tokens();
            }
            while self.block.last().is_some_and(|&(col, _)| col > indent) {
                self.block.pop();
            }
        }
        self.i = first;
        if comment {
            self.flow_plain = None;
            self.skip_to_eol();
            self.next_line();
            return Ok(());
        }
        self.tokens()
    }

    fn marker(&mut self, kind: u8) -> Result<(), Refusal> {
        if kind == b'-' && (self.doc_content || self.doc_ended) {
            self.scan.second_document.get_or_insert(self.line_start);
        }
        self.block.clear();
        self.flow = 0;
        self.plain = None;
        self.flow_plain = None;
        self.explicit_key = false;
        self.props = None;
        self.i = self.line_start + 3;
        if kind == b'.' {
            self.doc_ended = true;
            self.skip_to_eol();
            self.next_line();
            return Ok(());
        }
        self.doc_content = false;
        self.doc_ended = false;
        self.tokens()
    }

    /// A node starts at `at`: the document has content (a second one, after `...`).
    fn content(&mut self, at: usize) {
        if self.doc_ended {
            self.scan.second_document.get_or_insert(at);
        }
        self.doc_content = true;
    }

    /// The tokens of the rest of the line (and of the lines a quoted scalar spans).
    fn tokens(&mut self) -> Result<(), Refusal> {
        loop {
            while matches!(self.at(self.i), Some(b' ' | b'\t')) {
                self.i += 1;
            }
            let i = self.i;
            let Some(c) = self.at(i) else {
                return Ok(());
            };
            if let Some(start) = self.flow_plain.take()
                && !matches!(c, b'\n' | b'\r' | b',' | b'[' | b']' | b'{' | b'}' | b'#')
                && !(c == b':' && self.ends_plain(i + 1))
            {
                if self.plain_scalar(start, false, true)? {
                    return Ok(());
                }
                continue;
            }
            match c {
                b'\n' | b'\r' => {
                    self.next_line();
                    return Ok(());
                }
                b'#' => self.skip_to_eol(),
                b'-' if self.flow == 0 && is_blank(self.b.get(i + 1)) => {
                    self.content(i);
                    self.dash(i)?;
                    self.i += 1;
                }
                b'?' if self.ends_plain(i + 1) => {
                    self.content(i);
                    if self.flow == 0 {
                        self.key_at(i)?;
                    }
                    self.explicit_key = true;
                    self.i += 1;
                }
                b':' if self.ends_plain(i + 1) => self.i += 1,
                b'[' | b'{' => {
                    self.content(i);
                    self.node_done();
                    self.flow += 1;
                    self.check_depth(i)?;
                    self.i += 1;
                }
                b']' | b'}' | b',' => {
                    if c != b',' {
                        self.flow = self.flow.saturating_sub(1);
                    }
                    self.i += 1;
                }
                b'!' => return Err(self.tag(i)),
                b'&' | b'*' => {
                    self.content(i);
                    if c == b'&' {
                        self.props.get_or_insert(i);
                    }
                    self.i += 1;
                    while !self.ends_plain(self.i) {
                        self.i += 1;
                    }
                }
                b'|' | b'>' if self.flow == 0 => {
                    self.content(i);
                    return self.block_scalar();
                }
                b'"' | b'\'' => {
                    self.content(i);
                    self.quoted(c)?;
                }
                _ => {
                    self.content(i);
                    let is_key = std::mem::take(&mut self.explicit_key);
                    if self.plain_scalar(i, is_key, false)? {
                        return Ok(());
                    }
                    // INVARIANT: a plain scalar takes at least its first byte, so this loop
                    // always advances.
                    self.i = self.i.max(i + 1);
                }
            }
        }
    }

    /// A node (scalar or collection) was read: its properties and an explicit key are used up.
    fn node_done(&mut self) -> bool {
        self.props = None;
        std::mem::take(&mut self.explicit_key)
    }

    fn check_depth(&self, at: usize) -> Result<(), Refusal> {
        if self.block.len() + self.flow > MAX_NESTING {
            return Err(too_deep(at));
        }
        Ok(())
    }

    /// A block sequence entry at byte `at`.
    fn dash(&mut self, at: usize) -> Result<(), Refusal> {
        let col = at - self.line_start;
        while self.block.last().is_some_and(|&(c, _)| c > col) {
            self.block.pop();
        }
        if self.block.last() != Some(&(col, true)) {
            // A new sequence, deeper or (under a key of the same column) indentless.
            self.block.push((col, true));
            self.check_depth(at)?;
        }
        Ok(())
    }

    /// A block mapping key whose node starts at byte `at` (at its anchor, if it has one).
    fn key_at(&mut self, at: usize) -> Result<(), Refusal> {
        let start = self.props.take().unwrap_or(at).min(at);
        let col = start.saturating_sub(self.line_start);
        while self
            .block
            .last()
            .is_some_and(|&(c, seq)| c > col || (c == col && seq))
        {
            self.block.pop();
        }
        if self.block.last().is_none_or(|&(c, _)| c < col) {
            self.block.push((col, false));
            self.check_depth(start)?;
        }
        Ok(())
    }

    fn tag(&self, at: usize) -> Refusal {
        let end = (at..self.b.len())
            .find(|&j| self.ends_plain(j))
            .unwrap_or(self.b.len());
        let text = String::from_utf8_lossy(self.b.get(at..end).unwrap_or_default());
        let shown: String = text.chars().take(60).collect();
        Refusal {
            offset: at,
            message: format!("YAML tag `{shown}` is not allowed: the formats use no tags"),
            help: Some("remove the tag; quote a value that must be read as text".to_owned()),
        }
    }

    /// A plain scalar from `start`; with `continued`, `self.i` is on a later line of it. True if
    /// it reached the end of the line (the line break is consumed).
    fn plain_scalar(
        &mut self,
        start: usize,
        is_key: bool,
        continued: bool,
    ) -> Result<bool, Refusal> {
        let line_start = self.line_start;
        loop {
            let i = self.i;
            match self.at(i) {
                None | Some(b'\n' | b'\r') => {
                    check_length(start, i - start, is_key, self.limits)?;
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
                    self.props = None;
                    self.next_line();
                    return Ok(true);
                }
                Some(b':') if self.ends_plain(i + 1) => {
                    // A key, unless the scalar spans lines (which the parser refuses).
                    check_length(start, i - start, is_key || !continued, self.limits)?;
                    if self.flow == 0 && !continued {
                        self.key_at(start.max(line_start))?;
                    }
                    self.props = None;
                    return Ok(false);
                }
                Some(b' ' | b'\t') if self.at(i + 1) == Some(b'#') => break,
                Some(b',' | b'[' | b']' | b'{' | b'}') if self.flow > 0 => break,
                Some(_) => self.i += 1,
            }
        }
        check_length(start, self.i - start, is_key, self.limits)?;
        self.props = None;
        Ok(false)
    }

    /// A single- or double-quoted scalar; it may span lines.
    fn quoted(&mut self, quote: u8) -> Result<(), Refusal> {
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
        let mut next = self.i;
        while matches!(self.at(next), Some(b' ' | b'\t')) {
            next += 1;
        }
        let implicit = self.at(next) == Some(b':') && (self.flow > 0 || self.ends_plain(next + 1));
        let explicit = std::mem::take(&mut self.explicit_key);
        check_length(start, self.i - start, implicit || explicit, self.limits)?;
        if implicit && self.flow == 0 && col_start == self.line_start {
            self.key_at(start)?;
        }
        self.props = None;
        Ok(())
    }

    /// A block scalar: its header, then every line indented deeper than its parent collection.
    fn block_scalar(&mut self) -> Result<(), Refusal> {
        let start = self.i;
        let parent = self.parent();
        let is_key = self.node_done();
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

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits { key: 8, scalar: 24 };

    fn refused_at(text: &str) -> Option<usize> {
        scan(text.as_bytes(), LIMITS).err().map(|r| r.offset)
    }

    fn nest_block_maps(depth: usize) -> String {
        (0..depth)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect::<String>()
            + &" ".repeat(depth)
            + "v\n"
    }

    #[test]
    fn valid_documents_pass() {
        let text = "\
%YAML 1.2
---
a: &x { b: [1, 'two', \"th\\\"ree\"], c: d }   # comment [[[
e:
- f: |
    !not a tag, [[[ { not brackets
    - not a sequence
  g: >-
    folded
h: a plain scalar that
  continues !here [and here
\"quoted key\": 'it''s'
? explicit
: value
i: *x
...
";
        assert_eq!(
            scan(
                text.as_bytes(),
                Limits {
                    key: 99,
                    scalar: 99
                }
            ),
            Ok(Scan::default())
        );
        assert_eq!(refused_at(&nest_block_maps(MAX_NESTING)), None);
        assert_eq!(refused_at("a: http://x.org/a#b, [c]\n"), None);
    }

    #[test]
    fn nesting_past_the_limit_is_refused_where_it_starts() {
        let flow = format!("a: {}", "[".repeat(MAX_NESTING));
        // The map `a:` is one level, so the 128th bracket is the 129th level.
        assert_eq!(refused_at(&flow), Some(3 + MAX_NESTING - 1));
        let text = nest_block_maps(MAX_NESTING + 1);
        let last_key = text.rfind('k');
        assert_eq!(refused_at(&text), last_key);
        let seqs = "- ".repeat(MAX_NESTING + 1) + "x\n";
        assert_eq!(refused_at(&seqs), Some(2 * MAX_NESTING));
        // A flow map inside quotes or a block scalar is text.
        let quoted = format!("a: '{}'\n", "[".repeat(20));
        assert!(scan(quoted.as_bytes(), Limits { key: 8, scalar: 99 }).is_ok());
    }

    #[test]
    fn tags_are_refused_wherever_a_node_starts() {
        for (text, at) in [
            ("subject: !!python/object:os.system { name: X }\n", 9),
            ("a: [x, !!python/name:os.system US]\n", 7),
            ("- !custom x\n", 2),
            ("a:\n  !t b: c\n", 5),
            ("&a !t x\n", 3),
        ] {
            let refusal = scan(text.as_bytes(), LIMITS).err();
            assert_eq!(refusal.as_ref().map(|r| r.offset), Some(at), "{text}");
        }
        let message = scan(b"a: !who ceo\n", LIMITS).err().map(|r| r.message);
        assert_eq!(
            message.as_deref(),
            Some("YAML tag `!who` is not allowed: the formats use no tags")
        );
        // `!` inside a scalar, a quoted string or a comment is text.
        assert_eq!(refused_at("a: wow !x\nb: '!x' # !x\nc: \"!x\"\n"), None);
    }

    #[test]
    fn long_keys_and_values_are_refused_at_their_start() {
        assert_eq!(refused_at("abcdefgh: 1\n"), None);
        assert_eq!(refused_at("x: 1\nabcdefghi: 1\n"), Some(5));
        assert_eq!(refused_at("x: 1\n? abcdefghi\n: 1\n"), Some(7));
        assert_eq!(refused_at("{\"abcdefgh\": 1}"), Some(1));
        let long = "v".repeat(25);
        assert_eq!(refused_at(&format!("a: {long}\n")), Some(3));
        assert_eq!(refused_at(&format!("a: '{}'\n", "v".repeat(23))), Some(3));
        // A value over several lines is measured as a whole.
        assert_eq!(refused_at("a: vvvvvvvvvv\n  vvvvvvvvvvvvvv\n"), Some(3));
        assert_eq!(
            refused_at("a: |\n  vvvvvvvvvv\n  vvvvvvvvvvvvvvv\nb: 1\n"),
            Some(3)
        );
        assert_eq!(refused_at("a: |\n  vvvvvvvvvv\nb: vvvvv\n"), None);
    }

    #[test]
    fn a_second_document_is_noted() {
        let second = |text: &str| scan(text.as_bytes(), LIMITS).map(|s| s.second_document);
        assert_eq!(second("---\na: 1\n...\n"), Ok(None));
        assert_eq!(second("a: 1\n---\nb: 2\n"), Ok(Some(5)));
        assert_eq!(second("a: 1\n---\n"), Ok(Some(5)));
        assert_eq!(second("a: 1\n...\nb: 2\n"), Ok(Some(9)));
        assert_eq!(second("a: |\n  ---\n"), Ok(None));
    }
}
