//! The YAML side of the pre-scan.
//!
//! Nesting is counted the way libyaml builds it: flow brackets, plus one level per block
//! collection, tracked as a stack of the columns where block mappings (keys) and block
//! sequences (`- `) start. A plain scalar that ends a line continues on the following lines
//! that are indented deeper than the collection it belongs to, and a block scalar (`|`, `>`)
//! takes every following line indented deeper than that; neither is scanned for tokens.
//!
//! The same scan reports the structure it sees to a [`Sink`]: where each node starts, each map
//! key, and the end of each collection. That is enough to find the position of a path without
//! parsing the document again (see `locate`).

use super::{Limits, MAX_NESTING, Refusal, Scan, check_length, is_blank, too_deep, too_many};

/// What a node is, as far as the structure goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeKind {
    Scalar,
    /// An alias: its content is that of the anchored node, elsewhere.
    Alias,
    Map,
    Seq,
}

/// Receives the structure of a document as it is scanned.
pub(crate) trait Sink {
    /// A node starts at byte `at` (at its anchor, if it has one); a map or list is open until
    /// the matching [`Sink::close`].
    fn node(&mut self, at: usize, kind: NodeKind);
    /// A key of the innermost map starts at `at`; `None` when its text is not plain (escapes).
    fn key(&mut self, at: usize, text: Option<&str>);
    /// The innermost open map or list ends.
    fn close(&mut self);
    /// Something the structure cannot follow (a key that is itself a map or list).
    fn lost(&mut self);
}

/// Scans without reporting structure.
pub(crate) struct NoSink;

impl Sink for NoSink {
    fn node(&mut self, _: usize, _: NodeKind) {}
    fn key(&mut self, _: usize, _: Option<&str>) {}
    fn close(&mut self) {}
    fn lost(&mut self) {}
}

mod scalars;

pub(crate) fn scan<S: Sink>(b: &[u8], limits: Limits, sink: &mut S) -> Result<Scan, Refusal> {
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
        sink,
        nodes: 0,
    };
    while yaml.i < b.len() {
        yaml.line()?;
    }
    yaml.close_all();
    Ok(yaml.scan)
}

/// A plain scalar that reached the end of its line in block context.
struct OpenPlain {
    start: usize,
    /// Lines indented deeper than this column continue it.
    parent: isize,
    is_key: bool,
}

struct Yaml<'a, S> {
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
    sink: &'a mut S,
    /// Nodes so far: scalars, aliases, keys, maps and lists.
    nodes: usize,
}

impl<S: Sink> Yaml<'_, S> {
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
        let kind = match self.b.get(s..s + 3)? {
            b"---" => b'-',
            b"..." => b'.',
            _ => return None,
        };
        is_blank(self.b.get(s + 3)).then_some(kind)
    }

    fn pop_block(&mut self) {
        self.block.pop();
        self.sink.close();
    }

    fn close_all(&mut self) {
        for _ in 0..self.block.len() + self.flow {
            self.sink.close();
        }
        self.block.clear();
        self.flow = 0;
    }

    /// A node starts at `at`, or at its anchor.
    fn node(&mut self, at: usize, kind: NodeKind) -> Result<(), Refusal> {
        let at = self.props.take().map_or(at, |p| p.min(at));
        self.count(at)?;
        self.sink.node(at, kind);
        Ok(())
    }

    /// A key of the innermost map starts at `at`.
    fn emit_key(&mut self, at: usize, text: Option<&str>) -> Result<(), Refusal> {
        self.props = None;
        self.count(at)?;
        self.sink.key(at, text);
        Ok(())
    }

    /// Counts a node against the limit.
    fn count(&mut self, at: usize) -> Result<(), Refusal> {
        self.nodes += 1;
        if self.nodes > self.limits.nodes {
            return Err(too_many(at, self.limits.nodes));
        }
        Ok(())
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
        }
        self.i = first;
        if comment {
            // A comment line ends a plain scalar, and nothing else: it has no indentation.
            self.flow_plain = None;
            self.skip_to_eol();
            self.next_line();
            return Ok(());
        }
        if self.flow == 0 {
            while self.block.last().is_some_and(|&(col, _)| col > indent) {
                self.pop_block();
            }
        }
        self.tokens()
    }

    fn marker(&mut self, kind: u8) -> Result<(), Refusal> {
        if kind == b'-' && (self.doc_content || self.doc_ended) {
            self.scan.second_document.get_or_insert(self.line_start);
        }
        self.close_all();
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
                // A plain scalar in a flow collection goes on over the line break.
                if self.plain_scalar(start, false, true)? {
                    return Ok(());
                }
                continue;
            }
            if matches!(c, b'\n' | b'\r') {
                self.next_line();
                return Ok(());
            }
            if c != b'#' {
                self.content(i);
            }
            if self.token(i, c)? {
                return Ok(());
            }
        }
    }

    /// The token starting with `c` at byte `i`; true if it took the rest of the line.
    fn token(&mut self, i: usize, c: u8) -> Result<bool, Refusal> {
        match c {
            b'#' => self.skip_to_eol(),
            b'-' if self.flow == 0 && is_blank(self.b.get(i + 1)) => {
                self.dash(i)?;
                self.i += 1;
            }
            b'?' if self.ends_plain(i + 1) => {
                if self.flow == 0 {
                    self.key_at(i)?;
                }
                self.explicit_key = true;
                self.i += 1;
            }
            b':' if self.ends_plain(i + 1) => self.i += 1,
            b'[' | b'{' => self.open_flow(i, c)?,
            b']' | b'}' => {
                if self.flow > 0 {
                    self.flow -= 1;
                    self.sink.close();
                }
                self.i += 1;
            }
            b',' => self.i += 1,
            b'!' => return Err(self.tag(i)),
            b'&' | b'*' => self.anchor_or_alias(i, c)?,
            b'|' | b'>' if self.flow == 0 => {
                self.block_scalar()?;
                return Ok(true);
            }
            b'"' | b'\'' => self.quoted(c)?,
            _ => {
                let is_key = std::mem::take(&mut self.explicit_key);
                if self.plain_scalar(i, is_key, false)? {
                    return Ok(true);
                }
                // INVARIANT: a plain scalar takes at least its first byte, so the loop of
                // `tokens` always advances.
                self.i = self.i.max(i + 1);
            }
        }
        Ok(false)
    }

    fn open_flow(&mut self, at: usize, bracket: u8) -> Result<(), Refusal> {
        if std::mem::take(&mut self.explicit_key) {
            self.sink.lost();
        }
        let kind = if bracket == b'[' {
            NodeKind::Seq
        } else {
            NodeKind::Map
        };
        self.node(at, kind)?;
        self.flow += 1;
        self.check_depth(at)?;
        self.i += 1;
        Ok(())
    }

    fn anchor_or_alias(&mut self, at: usize, c: u8) -> Result<(), Refusal> {
        if c == b'&' {
            self.props.get_or_insert(at);
        }
        self.i += 1;
        while !self.ends_plain(self.i) {
            self.i += 1;
        }
        if c == b'*' {
            let is_key = std::mem::take(&mut self.explicit_key);
            if is_key || self.key_follows(self.i) {
                // An alias as a key: its text is elsewhere.
                self.sink.lost();
            }
            self.node(at, NodeKind::Alias)?;
        }
        Ok(())
    }

    /// Whether a `:` that makes the node before `i` a key follows on the same line.
    fn key_follows(&self, i: usize) -> bool {
        let mut next = i;
        while matches!(self.at(next), Some(b' ' | b'\t')) {
            next += 1;
        }
        self.at(next) == Some(b':') && (self.flow > 0 || self.ends_plain(next + 1))
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
            self.pop_block();
        }
        if self.block.last() != Some(&(col, true)) {
            // A new sequence, deeper or (under a key of the same column) indentless.
            self.block.push((col, true));
            self.node(at, NodeKind::Seq)?;
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
            self.pop_block();
        }
        if self.block.last().is_none_or(|&(c, _)| c < col) {
            self.block.push((col, false));
            self.count(start)?;
            self.sink.node(start, NodeKind::Map);
            self.check_depth(start)?;
        }
        Ok(())
    }

    /// A scalar is a key of the innermost map: opens the block map if it starts one.
    fn key(&mut self, start: usize, text: Option<&str>) -> Result<(), Refusal> {
        if self.flow == 0 {
            self.key_at(start)?;
        }
        self.emit_key(start, text)
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
}

#[cfg(test)]
mod tests;
