//! A cheap pass over the text, before it is parsed, that refuses what the parsers handle badly
//! or silently: nesting deeper than [`MAX_NESTING`] (libyaml's scanner spends time quadratic in
//! the depth before its own limit stops it), keys and values over the length limits (each costs
//! memory and time in every message and suggestion that names it), and YAML tags (which the
//! YAML reader drops without a word). It also notes where a second YAML document starts, which
//! the YAML reader refuses without a position.
//!
//! The scan tokenizes only as far as these checks need: quoted text, comments, block scalars,
//! plain scalars (and their continuation lines), flow brackets and block indentation. It runs
//! in time linear in the text and refuses nothing else; any syntax error is left to the parser.

mod json;
mod yaml;

pub(crate) use yaml::{NodeKind, Sink};

use super::{Format, MAX_NESTING};

/// The limits of [`LoadOptions`](super::LoadOptions): lengths in bytes as written, and the
/// number of nodes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) key: usize,
    pub(crate) scalar: usize,
    pub(crate) nodes: usize,
}

/// What the scan learnt about a document it does not refuse.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Scan {
    /// The byte offset where a second YAML document starts, if there is one.
    pub(crate) second_document: Option<usize>,
}

/// Why a document is refused, and at which byte.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) offset: usize,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

/// Scans `text` in `format`.
pub(crate) fn scan(text: &str, format: Format, limits: Limits) -> Result<Scan, Refusal> {
    match format {
        Format::Yaml => yaml::scan(text.as_bytes(), limits, &mut yaml::NoSink),
        Format::Json => json::scan(text.as_bytes(), limits),
    }
}

/// Reports the structure of a YAML text that the scan accepts to `sink`; false if it refused
/// the text.
pub(crate) fn yaml_structure<S: Sink>(text: &str, sink: &mut S) -> bool {
    let unlimited = Limits {
        key: usize::MAX,
        scalar: usize::MAX,
        nodes: usize::MAX,
    };
    yaml::scan(text.as_bytes(), unlimited, sink).is_ok()
}

fn too_deep(offset: usize) -> Refusal {
    Refusal {
        offset,
        message: format!("lists and maps nest more than {MAX_NESTING} levels deep here"),
        help: Some("the document was not parsed; no format needs nesting this deep".to_owned()),
    }
}

fn too_many(offset: usize, limit: usize) -> Refusal {
    Refusal {
        offset,
        message: format!(
            "the document holds more than {limit} values, keys, lists and maps; this one is past the limit"
        ),
        help: Some(
            "the document was not parsed; `LoadOptions::max_nodes` sets the limit".to_owned(),
        ),
    }
}

/// Refuses a scalar of `len` bytes starting at `offset` if it is over its limit.
fn check_length(offset: usize, len: usize, is_key: bool, limits: Limits) -> Result<(), Refusal> {
    let (limit, what, option) = if is_key {
        (limits.key, "key", "max_key_bytes")
    } else {
        (limits.scalar, "value", "max_scalar_bytes")
    };
    if len <= limit {
        return Ok(());
    }
    Err(Refusal {
        offset,
        message: format!("this {what} is {len} bytes long, over the limit of {limit} bytes"),
        help: Some(format!(
            "the document was not parsed; `LoadOptions::{option}` sets the limit"
        )),
    })
}

fn is_blank(b: Option<&u8>) -> bool {
    matches!(b, None | Some(b' ' | b'\t' | b'\n' | b'\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        key: 8,
        scalar: 16,
        nodes: 1000,
    };

    fn json_scan(text: &str) -> Result<Scan, Refusal> {
        scan(text, Format::Json, LIMITS)
    }

    #[test]
    fn json_depth_is_refused_past_the_limit() {
        let ok = "[".repeat(MAX_NESTING) + &"]".repeat(MAX_NESTING);
        assert_eq!(json_scan(&ok), Ok(Scan::default()));
        let deep = "[".repeat(MAX_NESTING + 1);
        assert_eq!(json_scan(&deep).map_err(|r| r.offset), Err(MAX_NESTING));
        // Brackets inside strings do not count.
        let quoted = format!("[\"{}\"]", "[".repeat(10));
        assert!(
            scan(
                &quoted,
                Format::Json,
                Limits {
                    key: 8,
                    scalar: 99,
                    nodes: 1000
                }
            )
            .is_ok()
        );
    }

    #[test]
    fn json_keys_and_values_are_measured_as_written() {
        assert!(json_scan(r#"{"abcdef": "0123456789abcd"}"#).is_ok());
        let key = json_scan(r#"{"abcdefgh": 1}"#).map_err(|r| (r.offset, r.message));
        assert_eq!(
            key,
            Err((
                1,
                "this key is 10 bytes long, over the limit of 8 bytes".into()
            ))
        );
        let value = json_scan(r#"{"a": "0123456789abcdef"}"#).map_err(|r| r.offset);
        assert_eq!(value, Err(6));
        let number = json_scan(&format!("[{}]", "9".repeat(17))).map_err(|r| r.offset);
        assert_eq!(number, Err(1));
        // An escaped quote does not end the string.
        assert!(json_scan(r#"["a\"b"]"#).is_ok());
    }

    #[test]
    fn json_nodes_are_counted() {
        let list = |n: usize| format!("[{}]", vec!["1"; n].join(","));
        assert!(json_scan(&list(999)).is_ok());
        let refused = json_scan(&list(1000)).map_err(|r| (r.offset, r.message));
        assert_eq!(
            refused,
            Err((
                1 + 2 * 999,
                "the document holds more than 1000 values, keys, lists and maps; this one is past the limit".into()
            ))
        );
    }
}
