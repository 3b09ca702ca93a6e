//! Parsing a document into the model: a fast reading for the common valid case, a second one
//! that tracks the path to the failure when the first fails, and unknown keys as problems.

use serde::de::DeserializeOwned;

use super::locate::{self, Seg, Wanted, render_path};
use super::prescan::{self, Scan};
use super::{FRAMEWORK_SECTIONS, Format, Lines, LoadOptions, Source, attach_line, on_parser_stack};
use crate::error::{Error, Location, Problem};
use crate::suggest::Suggester;

/// Parses a document into `T`, with a located error on failure. The document is scanned first
/// and refused, before parsing, if it nests too deep, has an over-long key or value or too many
/// nodes, or uses a YAML tag. Unknown keys do not stop the parse: they come back as problems (to be located by
/// [`Source::locate_all`]) so that they are reported together with everything validation
/// finds. Callers check the size cap (`check_size`) before copying the text into a [`Source`].
pub(crate) fn parse<T: DeserializeOwned + Send>(
    source: &Source,
    options: &LoadOptions,
) -> Result<(T, Vec<Problem>), Error> {
    let limits = prescan::Limits {
        key: options.get_max_key_bytes(),
        scalar: options.get_max_scalar_bytes(),
        nodes: options.get_max_nodes(),
    };
    let scan = prescan::scan(&source.text, source.format, limits).map_err(|refusal| {
        let problem = source.problem_at(refusal.offset, refusal.message, refusal.help);
        Error::Syntax(Box::new(problem))
    })?;
    on_parser_stack(|| parse_here::<T>(source, &scan)).unwrap_or_else(|| {
        Err(Error::Syntax(Box::new(Problem::new(
            ".",
            "the parser stopped unexpectedly; the document was not read",
        ))))
    })
}

/// Reads `T` noting unknown keys; `None` if the document does not read.
fn parse_fast<T: DeserializeOwned>(source: &Source) -> Option<(T, Vec<Vec<Seg>>)> {
    let mut unknown: Vec<Vec<Seg>> = Vec::new();
    let mut note = |path: serde_ignored::Path<'_>| unknown.push(ignored_path(&path));
    let value = match source.format {
        Format::Yaml => {
            let de = yaml_serde::Deserializer::from_str(&source.text);
            T::deserialize(serde_ignored::Deserializer::new(de, &mut note)).ok()
        }
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(&source.text);
            let value = T::deserialize(serde_ignored::Deserializer::new(&mut de, &mut note));
            value.and_then(|v| de.end().map(|()| v)).ok()
        }
    }?;
    Some((value, unknown))
}

/// Why a tracked reading failed: the path to the failure, the backend's message, the position.
type Failure = (Vec<Seg>, String, Option<Location>);

/// Reads `T` tracking the path, so that a failure says where it is.
fn parse_tracked<T: DeserializeOwned>(
    source: &Source,
    unknown: &mut Vec<Vec<Seg>>,
) -> Result<T, Failure> {
    let mut note = |path: serde_ignored::Path<'_>| unknown.push(ignored_path(&path));
    match source.format {
        Format::Yaml => {
            let de = yaml_serde::Deserializer::from_str(&source.text);
            let de = serde_ignored::Deserializer::new(de, &mut note);
            serde_path_to_error::deserialize(de).map_err(|e| {
                let path = segments(e.path());
                let inner = e.into_inner();
                let location = inner.location().map(|l| Location {
                    line: l.line(),
                    column: l.column().max(1),
                });
                (path, inner.to_string(), location)
            })
        }
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(&source.text);
            let json = |e: serde_json::Error| {
                let location = (e.line() > 0).then(|| Location {
                    line: e.line(),
                    column: e.column().max(1),
                });
                (e.to_string(), location)
            };
            let value = serde_path_to_error::deserialize(serde_ignored::Deserializer::new(
                &mut de, &mut note,
            ))
            .map_err(|e| {
                let path = segments(e.path());
                let (message, location) = json(e.into_inner());
                (path, message, location)
            })?;
            // Text after the document (a second value, stray characters) is refused, not dropped.
            de.end().map_err(|e| {
                let (message, location) = json(e);
                (Vec::new(), message, location)
            })?;
            Ok(value)
        }
    }
}

fn segments(path: &serde_path_to_error::Path) -> Vec<Seg> {
    path.iter()
        .filter_map(|seg| match seg {
            serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
            serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
            serde_path_to_error::Segment::Enum { variant } => Some(Seg::Key(variant.clone())),
            _ => None,
        })
        .collect()
}

fn parse_here<T: DeserializeOwned>(
    source: &Source,
    scan: &Scan,
) -> Result<(T, Vec<Problem>), Error> {
    // Valid documents are the common case: read once without tracking paths. Only a document
    // that fails is read again, tracking the path to the failure for the error.
    if let Some((value, unknown)) = parse_fast::<T>(source) {
        return Ok((value, unknown_key_problems(unknown)));
    }
    let mut unknown: Vec<Vec<Seg>> = Vec::new();
    let value = parse_tracked::<T>(source, &mut unknown);
    let problems = unknown_key_problems(unknown);
    match value {
        Ok(value) => Ok((value, problems)),
        Err(failure) if problems.is_empty() => Err(Error::Syntax(Box::new(syntax_problem(
            source, scan, failure,
        )))),
        // A misspelt required key shows up twice: as an unknown key and as a missing field.
        // Report both, so that the misspelling is named.
        Err(failure) => {
            let mut all = problems;
            all.push(syntax_problem(source, scan, failure));
            source.locate_all(&mut all);
            Err(Error::Invalid(crate::error::Problems(all)))
        }
    }
}

/// The problem a failed reading reports, located as well as the failure allows.
fn syntax_problem(source: &Source, scan: &Scan, (mut segs, message, location): Failure) -> Problem {
    let mut problem = Problem::new(render_path(&segs), clean_message(&message, location));
    problem.location = location;
    if message.contains("more than one document")
        && let Some(offset) = scan.second_document
    {
        let lines = Lines::new(&source.text, source.format);
        problem.location = Some(lines.location(offset));
        problem.message = "a file holds one YAML document, and a second one starts here".into();
    }
    if let Some(field) = duplicate_field(&problem.message) {
        // serde reports a duplicate struct field at the start of the struct; point at the
        // second occurrence of the key instead.
        if segs.last() != Some(&Seg::Key(field.to_owned())) {
            segs.push(Seg::Key(field.to_owned()));
        }
        let wanted = Wanted {
            path: segs,
            key: Some(1),
        };
        if let Some(loc) = locate::locate(&source.text, source.format, wanted) {
            problem.location = Some(loc);
        }
    }
    problem.origin = Some(source.origin.clone());
    attach_line(&Lines::new(&source.text, source.format), &mut problem);
    problem
}

/// One problem per unknown key, to be located at the key.
fn unknown_key_problems(unknown: Vec<Vec<Seg>>) -> Vec<Problem> {
    let mut suggester = Suggester::default();
    unknown
        .into_iter()
        .map(|mut segs| {
            let key = match segs.pop() {
                Some(Seg::Key(k)) => k,
                Some(Seg::Index(i)) => i.to_string(),
                None => String::new(),
            };
            let help = suggester.did_you_mean(
                &key,
                FRAMEWORK_SECTIONS
                    .iter()
                    .chain(super::keys::KNOWN_KEYS)
                    .copied(),
            );
            let message = format!("unknown key `{key}`");
            segs.push(Seg::Key(key));
            Problem::new(render_path(&segs), message)
                .with_help(help)
                .at_key(0)
        })
        .collect()
}

/// Converts `serde_ignored`'s path into ours.
fn ignored_path(path: &serde_ignored::Path<'_>) -> Vec<Seg> {
    let mut segs = Vec::new();
    let mut at = path;
    loop {
        match at {
            serde_ignored::Path::Root => break,
            serde_ignored::Path::Seq { parent, index } => {
                segs.push(Seg::Index(*index));
                at = parent;
            }
            serde_ignored::Path::Map { parent, key } => {
                segs.push(Seg::Key(key.clone()));
                at = parent;
            }
            serde_ignored::Path::Some { parent }
            | serde_ignored::Path::NewtypeStruct { parent }
            | serde_ignored::Path::NewtypeVariant { parent } => at = parent,
        }
    }
    segs.reverse();
    segs
}

fn clean_message(message: &str, location: Option<Location>) -> String {
    let mut text = message;
    if let Some(loc) = location {
        text = strip_position(text, loc.line);
    }
    if let Some((head, tail)) = text.split_once(": ") {
        let looks_like_path = !head.is_empty()
            && head
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '[' | ']' | '_' | '-'));
        if looks_like_path {
            text = tail;
        }
    }
    humanize(text)
}

/// Strips a trailing ` at line L column C` (or `, column C`) of the problem's line, whatever the
/// column: serde_json counts columns from 0 at the start of a line, which the location shown
/// corrects to 1.
fn strip_position(text: &str, line: usize) -> &str {
    let Some((head, tail)) = text.rsplit_once(" at line ") else {
        return text;
    };
    let numbers = tail.replace(", column ", " column ");
    let is_position = numbers.split_once(" column ").is_some_and(|(l, c)| {
        l.parse() == Ok(line) && !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit())
    });
    if is_position { head } else { text }
}

/// Replaces Rust type names in serde's messages with the words of the file format.
fn humanize(text: &str) -> String {
    let mut out = text.to_owned();
    for (rust, words) in [
        ("expected f64", "expected a number"),
        ("expected u32", "expected a whole number of 0 or more"),
        ("expected u64", "expected a whole number of 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected usize", "expected a whole number of 0 or more"),
        ("expected a borrowed string", "expected a string"),
        ("floating point `", "number `"),
        ("integer `", "number `"),
        (
            "trailing characters",
            "unexpected text after the end of the document",
        ),
    ] {
        out = out.replace(rust, words);
    }
    if let Some(at) = out.find("expected struct ") {
        out.truncate(at);
        out.push_str("expected a map");
    }
    if let Some(at) = out.find("expected a sequence") {
        out.truncate(at);
        out.push_str("expected a list");
    }
    out
}

fn duplicate_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("duplicate field `")
        .and_then(|rest| rest.split('`').next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_speak_the_file_format_not_rust() {
        assert_eq!(
            humanize("invalid type: string \"heavy\", expected f64"),
            "invalid type: string \"heavy\", expected a number"
        );
        assert_eq!(
            humanize("invalid type: sequence, expected struct FrameworkMeta"),
            "invalid type: sequence, expected a map"
        );
    }

    #[test]
    fn clean_message_strips_location_and_backend_path() {
        let context = "could not find expected ':' at line 2 column 5, while scanning a simple key at line 1 column 1";
        assert_eq!(
            clean_message(context, Some(Location { line: 2, column: 5 })),
            context
        );
        let loc = Some(Location { line: 3, column: 7 });
        assert_eq!(
            clean_message("rules[0]: unknown field `x` at line 3 column 7", loc),
            "unknown field `x`"
        );
        assert_eq!(
            clean_message(
                "EOF while parsing a value at line 1 column 0",
                Some(Location { line: 1, column: 1 })
            ),
            "EOF while parsing a value"
        );
        assert_eq!(
            clean_message("invalid type: string, expected u32", None),
            "invalid type: string, expected a whole number of 0 or more"
        );
    }
}
