//! YAML output that every YAML reader reads back the same: reports and frameworks as text.
//!
//! A YAML 1.2 emitter leaves `NO`, `on`, `y`, `12:30` or `2026-01-01` unquoted, which a YAML 1.1
//! reader (PyYAML, many tools built on libyaml's older resolvers) turns into booleans, numbers
//! or dates. This emitter writes block YAML from the JSON data model and quotes every string
//! that is not plainly a word or a sentence, so a string stays a string under YAML 1.1 and 1.2,
//! and numbers are written in a form both read as numbers.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

/// Words that some YAML version reads as a boolean or null, whatever their case.
const NOT_STRINGS: [&str; 11] = [
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf",
];

/// `value` as block YAML; empty when it cannot be represented (a map with non-string keys).
pub(crate) fn to_yaml<T: Serialize>(value: &T) -> String {
    let Ok(tree) = serde_json::to_value(value) else {
        return String::new();
    };
    let mut out = String::new();
    match &tree {
        Value::Object(map) if !map.is_empty() => write_node(&tree, 0, &mut out),
        Value::Array(items) if !items.is_empty() => write_node(&tree, 0, &mut out),
        scalar => {
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
    out
}

/// Writes a non-empty map or list, each line indented by `indent` spaces.
fn write_node(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let _ = write!(out, "{pad}{}:", string_text(key));
                write_child(child, indent + 2, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                if is_block(item) {
                    // The item's first line goes after the dash, the rest stay indented.
                    let mut child = String::new();
                    write_node(item, indent + 2, &mut child);
                    let _ = write!(out, "{pad}- {}", child.get(indent + 2..).unwrap_or(""));
                } else {
                    let _ = writeln!(out, "{pad}- {}", scalar_text(item));
                }
            }
        }
        scalar => {
            let _ = writeln!(out, "{pad}{}", scalar_text(scalar));
        }
    }
}

/// Writes what follows `key:`: a scalar on the same line, a map or list on the next ones.
fn write_child(child: &Value, indent: usize, out: &mut String) {
    if is_block(child) {
        out.push('\n');
        write_node(child, indent, out);
    } else {
        let _ = writeln!(out, " {}", scalar_text(child));
    }
}

fn is_block(value: &Value) -> bool {
    match value {
        Value::Object(map) => !map.is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => false,
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number_text(&n.to_string()),
        Value::String(s) => string_text(s),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
    }
}

/// A number in a form YAML 1.1 also reads as one: a float needs a dot and a signed exponent
/// (`1e-7` would be a string there, `1.0e-7` is a float).
fn number_text(text: &str) -> String {
    let Some(e) = text.find(['e', 'E']) else {
        return text.to_owned();
    };
    let (mantissa, exponent) = text.split_at(e);
    let exponent = exponent.get(1..).unwrap_or("");
    let dot = if mantissa.contains('.') { "" } else { ".0" };
    let sign = if exponent.starts_with(['-', '+']) {
        ""
    } else {
        "+"
    };
    format!("{mantissa}{dot}e{sign}{exponent}")
}

/// A string plain when it is plainly text, double-quoted otherwise.
fn string_text(s: &str) -> String {
    if is_plain(s) {
        s.to_owned()
    } else {
        double_quoted(s)
    }
}

/// A YAML double-quoted scalar: every character YAML does not allow raw (controls, DEL, C1
/// controls, the byte-order mark, non-characters) is escaped, so that any reader accepts it.
fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            ' '..='~' => out.push(c),
            c if is_yaml_printable(c) => out.push(c),
            c if u32::from(c) <= 0xFF => {
                let _ = write!(out, "\\x{:02X}", u32::from(c));
            }
            c if u32::from(c) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08X}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// YAML 1.2's printable set above ASCII, without the byte-order mark and the characters some
/// readers take for line breaks (NEL, the line and paragraph separators).
fn is_yaml_printable(c: char) -> bool {
    matches!(
        u32::from(c),
        0xA0..=0x2027 | 0x202A..=0xD7FF | 0xE000..=0xFEFE | 0xFF00..=0xFFFD | 0x10000..=0x10FFFF
    )
}

/// Starts with a letter, holds only letters, digits, spaces and `_ - . , ( ) /`, does not end
/// in a space, and is not a word some YAML version reads as something else.
fn is_plain(s: &str) -> bool {
    let mut chars = s.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let allowed = |c: char| c.is_ascii_alphanumeric() || " _-.,()/".contains(c);
    starts_with_letter
        && s.chars().all(allowed)
        && !s.ends_with(' ')
        && !NOT_STRINGS.iter().any(|w| w.eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Format, Source, parse};

    fn read_back(text: &str) -> Value {
        let source = Source::new("out.yaml", text, Format::Yaml);
        match parse::<Value>(&source, &crate::load::LoadOptions::default()) {
            Ok((value, _)) => value,
            Err(e) => panic!("{e}\n{text}"),
        }
    }

    #[test]
    fn words_other_yaml_versions_read_as_values_are_quoted() {
        for s in [
            "NO",
            "ON",
            "yes",
            "Off",
            "y",
            "N",
            "~",
            "null",
            "12:30",
            "2026-01-01",
        ] {
            assert!(string_text(s).starts_with('"'), "{s}");
        }
        for s in ["self_declared", "No management override", "bis-ecg.mc.5"] {
            assert_eq!(string_text(s), s);
        }
    }

    #[test]
    fn floats_keep_a_dot_and_a_signed_exponent() {
        assert_eq!(number_text("1e-7"), "1.0e-7");
        assert_eq!(number_text("1.5e16"), "1.5e+16");
        assert_eq!(number_text("38.06"), "38.06");
        assert_eq!(number_text("2"), "2");
    }

    #[test]
    fn output_reads_back_as_the_same_data() {
        let value = serde_json::json!({
            "name": "NO", "answers": ["ON", "yes", 3, 1.0e-7, true, null, "line\nbreak: # x"],
            "empty": {}, "none": [], "nested": [{"a": 1, "b": [1, 2]}, [1, [2]], {"c": {"d": "12:30"}}],
            "key: odd": "- dash", "titles": ["Export Compliance Guidelines — the elements", "’quote’"],
            "controls": ["\u{7f}\u{80}\u{9f}\u{feff}\u{0}\u{1b}\\\"", "\u{85}\u{a0}\u{1f600}\u{fffe}"]
        });
        let text = to_yaml(&value);
        assert_eq!(read_back(&text), value, "{text}");
        assert!(text.contains("name: \"NO\""), "{text}");
    }
}
