//! Finding the line and column of a path inside a document.
//!
//! Neither YAML nor JSON backends expose positions of parsed values, but both attach the current
//! position to an error raised while a value is being read. [`locate`] re-reads the document,
//! walks down the path, and raises a marker error at the target; the position of that error is
//! the position of the target. This costs one parse per located problem, which is paid only when
//! there are problems to report.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::Format;
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

/// The position of the value at `path`; with `key`, the position of occurrence `n` (from 0) of
/// that key in the map at `path` (the key itself, for unknown and duplicate keys).
pub(crate) fn locate(
    text: &str,
    format: Format,
    path: &[Seg],
    key: Option<(&str, usize)>,
) -> Option<Location> {
    let walk = Walk {
        path,
        second_key: key,
    };
    match format {
        Format::Yaml => {
            let de = yaml_serde::Deserializer::from_str(text);
            match walk.deserialize(de) {
                Err(e) if e.to_string().contains(MARKER) => e.location().map(|l| Location {
                    line: l.line(),
                    column: l.column(),
                }),
                _ => None,
            }
        }
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            match walk.deserialize(&mut de) {
                Err(e) if e.to_string().contains(MARKER) && e.line() > 0 => Some(Location {
                    line: e.line(),
                    column: e.column().max(1),
                }),
                _ => None,
            }
        }
    }
}

struct Walk<'p> {
    path: &'p [Seg],
    second_key: Option<(&'p str, usize)>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.scalar()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.scalar()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.scalar()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.path.split_first() else {
            return Err(de::Error::custom(MARKER));
        };
        let mut index = 0;
        loop {
            if *first == Seg::Index(index) {
                let walk = Walk {
                    path: rest,
                    second_key: self.second_key,
                };
                return seq.next_element_seed(walk).map(|_| ());
            }
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((first, rest)) = self.path.split_first() else {
            let Some((wanted, nth)) = self.second_key else {
                return Err(de::Error::custom(MARKER));
            };
            let mut seen = 0;
            while map
                .next_key_seed(KeyProbe {
                    wanted,
                    fail: seen == nth,
                })?
                .is_some_and(|matched| {
                    seen += usize::from(matched);
                    true
                })
            {
                map.next_value::<IgnoredAny>()?;
            }
            return Ok(());
        };
        while let Some(key) = map.next_key::<KeyText>()? {
            if *first == Seg::Key(key.0) {
                let walk = Walk {
                    path: rest,
                    second_key: self.second_key,
                };
                return map.next_value_seed(walk);
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

impl Walk<'_> {
    fn scalar<E: de::Error>(self) -> Result<(), E> {
        if self.path.is_empty() && self.second_key.is_none() {
            Err(E::custom(MARKER))
        } else {
            Ok(())
        }
    }
}

/// A map key read as text, whatever its scalar type.
struct KeyText(String);

impl<'de> de::Deserialize<'de> for KeyText {
    fn deserialize<D: de::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
        de.deserialize_any(KeyTextVisitor).map(KeyText)
    }
}

struct KeyTextVisitor;

impl<'de> Visitor<'de> for KeyTextVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(String::new())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<String, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(String::new())
    }
}

/// Reads a key; raises the marker if it is `wanted` and `fail` is set (the second occurrence).
struct KeyProbe<'w> {
    wanted: &'w str,
    fail: bool,
}

impl<'de> DeserializeSeed<'de> for KeyProbe<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> Result<bool, D::Error> {
        // The marker must be raised while the key is being read, so that the backend attaches
        // the key's own position to it.
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyProbe<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        if v == self.wanted {
            if self.fail {
                return Err(E::custom(MARKER));
            }
            return Ok(true);
        }
        Ok(false)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml_at(text: &str, path: &str) -> Option<(usize, usize)> {
        locate(text, Format::Yaml, &parse_path(path), None).map(|l| (l.line, l.column))
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
    fn locates_nested_yaml_values() {
        let text = "a:\n  b:\n    - x: 1\n    - x: 2\n      y: [3, 4]\n";
        assert_eq!(yaml_at(text, "a.b[1].x"), Some((4, 10)));
        assert_eq!(yaml_at(text, "a.b[1].y[1]"), Some((5, 14)));
        assert_eq!(yaml_at(text, "a.b[1]"), Some((4, 7)));
        assert_eq!(yaml_at(text, "a.c"), None);
    }

    #[test]
    fn locates_second_occurrence_of_a_key() {
        let text = "m:\n  k: 1\n  j: 2\n  k: 3\n";
        let loc = locate(text, Format::Yaml, &parse_path("m"), Some(("k", 1)));
        assert_eq!(loc.map(|l| (l.line, l.column)), Some((4, 3)));
    }

    #[test]
    fn locates_json_values_on_their_line() {
        let text = "{\n  \"a\": [1,\n    {\"b\": true}]\n}";
        let loc = locate(text, Format::Json, &parse_path("a[1].b"), None);
        assert_eq!(loc.map(|l| l.line), Some(3));
    }
}
