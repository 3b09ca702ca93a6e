//! Locating by the parser: one reading that walks only the parts of the document leading to
//! wanted paths. Neither YAML nor JSON backends expose positions of parsed values, but both
//! attach the current position to an error raised while a scalar is being read, and both stay
//! consistent when the code that asked for the scalar catches that error and goes on. The walk
//! raises and catches a marker error at each wanted scalar; the position of the error is the
//! position of the scalar. A wanted map or list is placed at its first scalar, moved back to
//! the bracket or `-` that opens it; an empty one at the key that holds it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, EnumAccess, IgnoredAny, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use super::{Format, Lines, Seg, Trie};
use crate::error::Location;

const MARKER: &str = "\u{1}icp-assess-locate\u{1}";

/// The positions of the trie's requests, by request, from one reading of `text`; a document
/// that stops reading part way (a syntax error) keeps the positions found before that point.
pub(super) fn walk(
    text: &str,
    format: Format,
    trie: &Trie,
    lines: &Lines<'_>,
) -> Vec<Option<Location>> {
    let requests = trie.nodes.iter().map(|n| n.value.len() + n.key.len()).sum();
    let found = RefCell::new(vec![None; requests]);
    let walk = Walk {
        trie,
        node: Some(0),
        want_first: trie.wants_value(0),
        found: &found,
        format,
        lines,
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
