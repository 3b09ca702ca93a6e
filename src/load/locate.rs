//! Finding the line and column of paths inside a document, all of them in one reading.
//!
//! Neither YAML nor JSON backends expose positions of parsed values, but both attach the current
//! position to an error raised while a scalar is being read, and both stay consistent when the
//! code that asked for the scalar catches that error and goes on. [`locate_all`] reads the
//! document once, walking only the parts that lead to a wanted path (the rest is skipped), and
//! raises and catches a marker error at each wanted scalar; the position of the error is the
//! position of the scalar. A wanted map or list is placed at its first scalar (for a block map,
//! its first key, which is where the map starts), an empty one at the key that holds it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, EnumAccess, IgnoredAny, MapAccess, SeqAccess, VariantAccess, Visitor,
};

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

const MARKER: &str = "\u{1}icp-assess-locate\u{1}";

/// One position wanted: the value at `path`; or, with `key: Some(n)`, occurrence `n` (from 0) of
/// the key that is the path's last segment, in the map the rest of the path leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Wanted {
    pub(crate) path: Vec<Seg>,
    pub(crate) key: Option<usize>,
}

/// The position of every wanted path, in the order asked, from one reading of the document;
/// `None` for a path that is not in the document. A document that stops reading part way
/// (a syntax error) keeps the positions found before that point.
pub(crate) fn locate_all(text: &str, format: Format, wanted: &[Wanted]) -> Vec<Option<Location>> {
    let trie = Trie::new(wanted);
    let found = RefCell::new(vec![None; wanted.len()]);
    let lines = Lines::new(text, format);
    let walk = Walk {
        trie: &trie,
        node: Some(0),
        want_first: trie.wants_value(0),
        found: &found,
        format,
        lines: &lines,
        text,
    };
    let root = match format {
        Format::Yaml => catch(
            walk.deserialize(yaml_serde::Deserializer::from_str(text)),
            format,
        )
        .ok(),
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            catch(walk.deserialize(&mut de), format).ok()
        }
    };
    if let Some(Read::Value(at) | Read::Marker(at)) = root {
        walk.record(Some(0), at);
    }
    found.into_inner()
}

/// The position of one path: see [`locate_all`].
pub(crate) fn locate(text: &str, format: Format, wanted: Wanted) -> Option<Location> {
    locate_all(text, format, std::slice::from_ref(&wanted))
        .into_iter()
        .next()
        .flatten()
}

/// The wanted paths as a tree, so that one walk serves them all.
struct Trie {
    nodes: Vec<Node>,
}

#[derive(Default)]
struct Node {
    keys: HashMap<String, usize>,
    indices: HashMap<usize, usize>,
    /// Requests for the position of this node's value.
    value: Vec<usize>,
    /// Requests for occurrence `n` of this node's key: `(n, request)`.
    key: Vec<(usize, usize)>,
}

impl Trie {
    fn new(wanted: &[Wanted]) -> Trie {
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

    fn child(&self, at: usize, seg: &Seg) -> Option<usize> {
        let node = self.nodes.get(at)?;
        match seg {
            Seg::Key(k) => node.keys.get(k.as_str()).copied(),
            Seg::Index(i) => node.indices.get(i).copied(),
        }
    }

    fn key_child(&self, at: Option<usize>, key: &str) -> Option<usize> {
        self.nodes.get(at?)?.keys.get(key).copied()
    }

    fn wants_value(&self, at: usize) -> bool {
        self.nodes.get(at).is_some_and(|n| !n.value.is_empty())
    }
}

/// What reading a child gave: its value, or the position of the marker it raised.
enum Read<T> {
    Value(T),
    Marker(Option<Location>),
}

/// Turns a marker error into the position it carries; other errors go on.
fn catch<T, E: de::Error>(result: Result<T, E>, format: Format) -> Result<Read<T>, E> {
    match result {
        Ok(value) => Ok(Read::Value(value)),
        Err(e) => {
            let text = e.to_string();
            if text.contains(MARKER) {
                Ok(Read::Marker(marker_location(&text, format)))
            } else {
                Err(e)
            }
        }
    }
}

/// Both backends end a positioned message with ` at line L column C`; libyaml leaves it out
/// for line 1, column 1, and serde_json for errors raised while reading a key.
fn marker_location(text: &str, format: Format) -> Option<Location> {
    let numbers = text
        .rsplit_once(" at line ")
        .and_then(|(_, tail)| tail.split_once(" column "))
        .and_then(|(l, c)| Some((l.parse::<usize>().ok()?, c.parse::<usize>().ok()?)));
    match numbers {
        Some((line, column)) if line > 0 => Some(Location {
            line,
            column: column.max(1),
        }),
        _ if format == Format::Yaml => Some(Location { line: 1, column: 1 }),
        _ => None,
    }
}

/// Walks the part of the document that leads to wanted paths. Its value is the position of
/// the first scalar inside the value walked, when `want_first` asks for it.
#[derive(Clone, Copy)]
struct Walk<'w> {
    trie: &'w Trie,
    node: Option<usize>,
    want_first: bool,
    found: &'w RefCell<Vec<Option<Location>>>,
    format: Format,
    lines: &'w Lines<'w>,
    text: &'w str,
}

impl Walk<'_> {
    fn child(self, node: Option<usize>, want_first: bool) -> Self {
        Walk {
            node,
            want_first,
            ..self
        }
    }

    fn wants_value(self, node: Option<usize>) -> bool {
        node.is_some_and(|n| self.trie.wants_value(n))
    }

    /// Answers the value requests of `node` with `at`.
    fn record(self, node: Option<usize>, at: Option<Location>) {
        let Some(node) = node.and_then(|n| self.trie.nodes.get(n)) else {
            return;
        };
        let mut found = self.found.borrow_mut();
        for &r in &node.value {
            if let Some(slot) = found.get_mut(r) {
                *slot = at;
            }
        }
    }

    /// The value of a walked map or list. serde_json, unlike the YAML reader, stays consistent
    /// when a map or list it has read to its end raises an error, so an empty one in JSON
    /// raises the marker to be placed itself (JSON keys have no position to fall back on).
    fn empty<E: de::Error>(
        self,
        empty: bool,
        first: Option<Location>,
        seq: bool,
    ) -> Result<Option<Location>, E> {
        if empty && self.want_first && self.format == Format::Json {
            return Err(E::custom(MARKER));
        }
        Ok(first.map(|at| self.start(at, seq)))
    }

    /// Where a YAML map or list whose first scalar is at `first` starts: at the `{` or `[` of
    /// a flow collection or the `-` of a block sequence before it, else (a block map) at that
    /// first key.
    fn start(self, first: Location, seq: bool) -> Location {
        if self.format != Format::Yaml {
            return first;
        }
        let Some(offset) = self.lines.offset(first) else {
            return first;
        };
        let before = self
            .text
            .get(..offset)
            .unwrap_or_default()
            .trim_end_matches([' ', '\t', '\n', '\r']);
        let opens = match before.chars().next_back() {
            Some('{') => !seq,
            Some('[') => seq,
            Some('-') => seq && before.len() < offset,
            _ => false,
        };
        if opens {
            self.lines.location(before.len() - 1)
        } else {
            first
        }
    }

    fn scalar<E: de::Error>(self) -> Result<Option<Location>, E> {
        if self.want_first {
            Err(E::custom(MARKER))
        } else {
            Ok(None)
        }
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = Option<Location>;

    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = Option<Location>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        self.scalar()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        self.scalar()
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Self::Value, E> {
        self.scalar()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        self.scalar()
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Self::Value, E> {
        self.scalar()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        self.scalar()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        self.scalar()
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Self::Value, E> {
        self.scalar()
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.scalar()
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.scalar()
    }
    fn visit_some<D: de::Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_any(self)
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(
        self,
        de: D,
    ) -> Result<Self::Value, D::Error> {
        de.deserialize_any(self)
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let (IgnoredAny, variant) = data.variant()?;
        variant.newtype_variant_seed(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut first = None;
        let mut index = 0;
        loop {
            let child = self
                .node
                .and_then(|n| self.trie.child(n, &Seg::Index(index)));
            let want = (index == 0 && self.want_first) || self.wants_value(child);
            let at = if child.is_none() && !want {
                match seq.next_element::<IgnoredAny>()? {
                    Some(IgnoredAny) => None,
                    None => break,
                }
            } else {
                match catch(seq.next_element_seed(self.child(child, want)), self.format)? {
                    Read::Value(None) => break,
                    Read::Value(Some(at)) | Read::Marker(at) => at,
                }
            };
            self.record(child, at);
            if index == 0 {
                first = at;
            }
            index += 1;
        }
        self.empty(index == 0, first, true)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut first = None;
        let mut seen: HashMap<usize, usize> = HashMap::new();
        let mut index = 0;
        loop {
            let mut key = KeyOut::default();
            let probe = KeyProbe {
                walk: self,
                fail_first: index == 0 && self.want_first,
                seen: &mut seen,
                out: &mut key,
            };
            let key_at = match catch(map.next_key_seed(probe), self.format)? {
                Read::Value(None) => break,
                Read::Value(Some(())) => None,
                Read::Marker(at) => at,
            };
            let first_needed = index == 0 && self.want_first;
            // Without a key position (JSON keys), the value's stands in for it.
            let want = self.wants_value(key.child)
                || (key_at.is_none() && (!key.requests.is_empty() || first_needed));
            let value_at = if key.child.is_some() || want {
                match catch(
                    map.next_value_seed(self.child(key.child, want)),
                    self.format,
                )? {
                    Read::Value(at) | Read::Marker(at) => at,
                }
            } else {
                map.next_value::<IgnoredAny>()?;
                None
            };
            let mut found = self.found.borrow_mut();
            for &r in &key.requests {
                if let Some(slot) = found.get_mut(r) {
                    *slot = key_at.or(value_at);
                }
            }
            drop(found);
            // An empty map or list is placed at its key.
            self.record(key.child, value_at.or(key_at));
            if first_needed {
                first = key_at.or(value_at);
            }
            index += 1;
        }
        self.empty(index == 0, first, false)
    }
}

/// What reading a key found: the trie node it leads to and the key requests it answers.
#[derive(Default)]
struct KeyOut {
    child: Option<usize>,
    requests: Vec<usize>,
}

/// Reads a map key; raises the marker (so that its position is known) when the key is wanted
/// or leads to a wanted value, or is the first key of a map whose position is wanted.
struct KeyProbe<'k, 'w> {
    walk: Walk<'w>,
    fail_first: bool,
    /// Occurrences so far of each key with a node, by node.
    seen: &'k mut HashMap<usize, usize>,
    out: &'k mut KeyOut,
}

impl<'de> DeserializeSeed<'de> for KeyProbe<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        // The marker must be raised while the key is being read, so that the backend attaches
        // the key's own position to it.
        de.deserialize_any(self)
    }
}

impl KeyProbe<'_, '_> {
    fn key<E: de::Error>(self, text: &str) -> Result<(), E> {
        let trie = self.walk.trie;
        let mut fail = self.fail_first;
        if let Some(child) = trie.key_child(self.walk.node, text) {
            let seen = self.seen.entry(child).or_insert(0);
            let n = *seen;
            *seen += 1;
            if let Some(node) = trie.nodes.get(child) {
                self.out.requests = node
                    .key
                    .iter()
                    .filter(|(nth, _)| *nth == n)
                    .map(|(_, r)| *r)
                    .collect();
            }
            // Later occurrences of a key are duplicates: only the first one's value is walked.
            if n == 0 {
                self.out.child = Some(child);
                fail |= trie.wants_value(child);
            }
            fail |= !self.out.requests.is_empty();
        }
        if fail { Err(E::custom(MARKER)) } else { Ok(()) }
    }
}

impl<'de> Visitor<'de> for KeyProbe<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.key(v)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.key(&v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.key(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.key(&v.to_string())
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<(), E> {
        self.key(&v.to_string())
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<(), E> {
        self.key(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.key(&v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.key("")
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.key("")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(path: &str) -> Wanted {
        Wanted {
            path: parse_path(path),
            key: None,
        }
    }

    fn key(path: &str, n: usize) -> Wanted {
        Wanted {
            path: parse_path(path),
            key: Some(n),
        }
    }

    fn at(text: &str, format: Format, wanted: &[Wanted]) -> Vec<Option<(usize, usize)>> {
        locate_all(text, format, wanted)
            .into_iter()
            .map(|l| l.map(|l| (l.line, l.column)))
            .collect()
    }

    #[test]
    fn path_round_trips_through_render_and_parse() {
        let segs = vec![
            Seg::Key("attestations".into()),
            Seg::Key("bis-ecg.mc.1".into()),
            Seg::Key("answer".into()),
        ];
        let text = render_path(&segs);
        assert_eq!(text, "attestations[\"bis-ecg.mc.1\"].answer");
        assert_eq!(parse_path(&text), segs);
        assert_eq!(
            parse_path("rules[12].check.all[1].fact"),
            vec![
                Seg::Key("rules".into()),
                Seg::Index(12),
                Seg::Key("check".into()),
                Seg::Key("all".into()),
                Seg::Index(1),
                Seg::Key("fact".into()),
            ]
        );
    }

    #[test]
    fn locates_every_wanted_yaml_path_in_one_reading() {
        let text = "a:\n  b:\n    - x: 1\n    - x: 2\n      y: [3, 4]\n  e: {}\n";
        let wanted = [
            value("a.b[1].x"),
            value("a.b[1].y[1]"),
            value("a.b[1]"),
            value("a.c"),
            value("a.b[0].x"),
            key("a.b[1].y", 0),
            value("a.e"),
            value("."),
        ];
        assert_eq!(
            at(text, Format::Yaml, &wanted),
            vec![
                Some((4, 10)),
                Some((5, 14)),
                Some((4, 7)),
                None,
                Some((3, 10)),
                Some((5, 7)),
                // An empty map is placed at its key.
                Some((6, 3)),
                Some((1, 1)),
            ]
        );
    }

    #[test]
    fn places_collections_where_they_start() {
        let text = "a: { x: 1 }\nb:\n  - 1\nc: [ [2] ]\nd:\n- - 3\n";
        let wanted = [
            value("a"),
            value("b"),
            value("c"),
            value("c[0]"),
            value("d[0]"),
        ];
        assert_eq!(
            at(text, Format::Yaml, &wanted),
            vec![
                Some((1, 4)),
                Some((3, 3)),
                Some((4, 4)),
                Some((4, 6)),
                Some((6, 3))
            ]
        );
    }

    #[test]
    fn locates_later_occurrences_of_a_key() {
        let text = "m:\n  k: 1\n  j: 2\n  k: 3\n";
        assert_eq!(
            at(
                text,
                Format::Yaml,
                &[key("m.k", 1), key("m.k", 0), value("m.k")]
            ),
            vec![Some((4, 3)), Some((2, 3)), Some((2, 6))]
        );
    }

    #[test]
    fn locates_json_values_and_keys_on_their_line() {
        let text = "{\n  \"a\": [1,\n    {\"b\": true}],\n  \"c\": {}\n}";
        let found = at(
            text,
            Format::Json,
            &[value("a[1].b"), key("a[1].b", 0), value("c"), value("zz")],
        );
        let lines: Vec<Option<usize>> = found.iter().map(|f| f.map(|(l, _)| l)).collect();
        assert_eq!(lines, vec![Some(3), Some(3), Some(4), None]);
    }

    #[test]
    fn positions_found_before_a_syntax_error_are_kept() {
        let text = "a: 1\nb: [\n";
        assert_eq!(
            at(text, Format::Yaml, &[value("a"), value("b")]),
            vec![Some((1, 4)), None]
        );
    }

    #[test]
    fn a_path_through_an_alias_is_placed_at_the_anchor() {
        let text = "base: &b { x: 1 }\nuse: *b\n";
        assert_eq!(
            at(text, Format::Yaml, &[value("use.x")]),
            vec![Some((1, 15))]
        );
    }
}
