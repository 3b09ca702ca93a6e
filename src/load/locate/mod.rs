//! Finding the line and column of paths inside a document, all of them in one reading.
//!
//! For YAML, the pre-scan's view of the structure ([`track`]) gives the byte offset of every
//! wanted path at the cost of a scan of the text, without parsing it again. What the scan
//! cannot follow (paths through aliases or merge keys, keys with escapes) and JSON are found
//! by [`walk`], one more reading by the parser that raises and catches a marker error at each
//! wanted scalar.

mod track;
mod walk;

use std::collections::HashMap;

use super::{Format, Lines};
use crate::error::Location;

/// One step of a path inside a document: a map key or a list index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// Renders a path as `rules[12].check.all[1]`; keys that hold `.`, `[`, `]` or spaces are
/// quoted as `attestations["bis-ecg.mc.1"]`.
pub(crate) fn render_path(segs: &[Seg]) -> String {
    if segs.is_empty() {
        return ".".to_owned();
    }
    let mut out = String::new();
    for seg in segs {
        match seg {
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
            Seg::Key(k) if k.contains(['.', '[', ']', ' ', '"']) || k.is_empty() => {
                out.push_str(&format!("[{k:?}]"));
            }
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
        }
    }
    out
}

/// Parses what [`render_path`] writes (and what `serde_path_to_error` writes for plain keys).
pub(crate) fn parse_path(path: &str) -> Vec<Seg> {
    let mut segs = Vec::new();
    if path == "." {
        return segs;
    }
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            if let Some(quoted) = after.strip_prefix('"') {
                let end = quoted.find("\"]").unwrap_or(quoted.len());
                segs.push(Seg::Key(quoted.get(..end).unwrap_or("").to_owned()));
                rest = quoted.get(end + 2..).unwrap_or("");
            } else {
                let end = after.find(']').unwrap_or(after.len());
                let index = after.get(..end).and_then(|s| s.parse().ok());
                match index {
                    Some(i) => segs.push(Seg::Index(i)),
                    None => segs.push(Seg::Key(after.get(..end).unwrap_or("").to_owned())),
                }
                rest = after.get(end + 1..).unwrap_or("");
            }
        } else {
            let rest_key = rest.strip_prefix('.').unwrap_or(rest);
            let end = rest_key.find(['.', '[']).unwrap_or(rest_key.len());
            segs.push(Seg::Key(rest_key.get(..end).unwrap_or("").to_owned()));
            rest = rest_key.get(end..).unwrap_or("");
        }
    }
    segs
}

/// One position wanted: the value at `path`; or, with `key: Some(n)`, occurrence `n` (from 0) of
/// the key that is the path's last segment, in the map the rest of the path leads to.
/// One position wanted: the value at `path`; or, with `key: Some(n)`, occurrence `n` (from 0) of
/// the key that is the path's last segment, in the map the rest of the path leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Wanted {
    pub(crate) path: Vec<Seg>,
    pub(crate) key: Option<usize>,
}

/// The position of every wanted path, in the order asked; `None` for a path that is not in the
/// document. A map is placed where it starts (its `{`, or for a block map its first key), a
/// list likewise (`[` or the first `-`), and a key whose value is missing or empty holds the
/// place of that value.
pub(crate) fn locate_all(text: &str, format: Format, wanted: &[Wanted]) -> Vec<Option<Location>> {
    let trie = Trie::new(wanted);
    let lines = Lines::new(text, format);
    let mut found = vec![None; wanted.len()];
    let mut sure = false;
    if format == Format::Yaml
        && let Some(tracked) = track::track(text, &trie)
    {
        for (slot, offset) in found.iter_mut().zip(&tracked.offsets) {
            *slot = offset.map(|o| lines.location(o));
        }
        sure = tracked.complete;
    }
    let missing: Vec<usize> = (0..found.len())
        .filter(|&i| found.get(i).is_some_and(Option::is_none))
        .collect();
    if missing.is_empty() || sure {
        return found;
    }
    let rest: Vec<Wanted> = missing
        .iter()
        .filter_map(|&i| wanted.get(i).cloned())
        .collect();
    let walked = walk::walk(text, format, &Trie::new(&rest), &lines);
    for (i, at) in missing.into_iter().zip(walked) {
        if let Some(slot) = found.get_mut(i) {
            *slot = at;
        }
    }
    found
}

/// The position of one path: see [`locate_all`].
pub(crate) fn locate(text: &str, format: Format, wanted: Wanted) -> Option<Location> {
    locate_all(text, format, std::slice::from_ref(&wanted))
        .into_iter()
        .next()
        .flatten()
}

/// The wanted paths as a tree, so that one reading serves them all.
pub(super) struct Trie {
    pub(super) nodes: Vec<Node>,
}

#[derive(Default)]
pub(super) struct Node {
    pub(super) keys: HashMap<String, usize>,
    pub(super) indices: HashMap<usize, usize>,
    /// Requests for the position of this node's value.
    pub(super) value: Vec<usize>,
    /// Requests for occurrence `n` of this node's key: `(n, request)`.
    pub(super) key: Vec<(usize, usize)>,
}

impl Trie {
    pub(super) fn new(wanted: &[Wanted]) -> Trie {
        let mut trie = Trie {
            nodes: vec![Node::default()],
        };
        for (request, w) in wanted.iter().enumerate() {
            let mut at = 0;
            for seg in &w.path {
                at = trie.child_or_insert(at, seg);
            }
            if let Some(node) = trie.nodes.get_mut(at) {
                match w.key {
                    Some(n) if !w.path.is_empty() => node.key.push((n, request)),
                    _ => node.value.push(request),
                }
            }
        }
        trie
    }

    fn child_or_insert(&mut self, at: usize, seg: &Seg) -> usize {
        if let Some(child) = self.child(at, seg) {
            return child;
        }
        let child = self.nodes.len();
        self.nodes.push(Node::default());
        if let Some(node) = self.nodes.get_mut(at) {
            match seg {
                Seg::Key(k) => node.keys.insert(k.clone(), child),
                Seg::Index(i) => node.indices.insert(*i, child),
            };
        }
        child
    }

    pub(super) fn child(&self, at: usize, seg: &Seg) -> Option<usize> {
        let node = self.nodes.get(at)?;
        match seg {
            Seg::Key(k) => node.keys.get(k.as_str()).copied(),
            Seg::Index(i) => node.indices.get(i).copied(),
        }
    }

    pub(super) fn key_child(&self, at: Option<usize>, key: &str) -> Option<usize> {
        self.nodes.get(at?)?.keys.get(key).copied()
    }

    pub(super) fn wants_value(&self, at: usize) -> bool {
        self.nodes.get(at).is_some_and(|n| !n.value.is_empty())
    }
}

#[cfg(test)]
mod tests;
