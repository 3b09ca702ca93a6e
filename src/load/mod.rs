//! Text in, model out: the only module that knows the YAML and JSON crates.
//!
//! Parsing goes through `serde_path_to_error` so that every error carries the path inside the
//! document; locations of problems found after parsing are recovered by [`locate`].

mod locate;

use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::error::{Error, Location, Problem};

pub(crate) use locate::{Seg, locate, parse_path, render_path};

/// The default cap on the size of one input document: 8 MiB.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 8 << 20;

/// How documents are read.
///
/// ```
/// use icp_assess::LoadOptions;
/// let options = LoadOptions::new().max_input_bytes(1 << 20);
/// assert_eq!(options.get_max_input_bytes(), 1 << 20);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    max_input_bytes: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES,
        }
    }
}

impl LoadOptions {
    /// The defaults: inputs up to 8 MiB.
    pub fn new() -> Self {
        Self::default()
    }

    /// Refuses, before parsing, any document larger than `bytes`.
    pub fn max_input_bytes(mut self, bytes: u64) -> Self {
        self.max_input_bytes = bytes;
        self
    }

    /// The size cap in force.
    pub fn get_max_input_bytes(&self) -> u64 {
        self.max_input_bytes
    }
}

/// The syntax of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// YAML 1.2 (core schema: `yes`, `no`, `on`, `off` are strings, never booleans).
    Yaml,
    /// JSON.
    Json,
}

impl Format {
    /// JSON for a `.json` path, YAML otherwise.
    pub fn from_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// A document's text, kept so that problems found after parsing can be located.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    pub(crate) origin: String,
    pub(crate) text: Arc<str>,
    pub(crate) format: Format,
}

/// The text a document was read from is not part of its value: two bundles with the same
/// content are equal whether they came from YAML, JSON or code.
impl PartialEq for Source {
    fn eq(&self, _: &Source) -> bool {
        true
    }
}

impl Source {
    pub(crate) fn new(origin: &str, text: &str, format: Format) -> Source {
        Source {
            origin: origin.to_owned(),
            text: Arc::from(text),
            format,
        }
    }

    /// Fills in origin, location and the source line of problems that carry only a key path.
    pub(crate) fn locate_all(&self, problems: &mut [Problem]) {
        // Locating re-reads the document once per problem; past this many the key path alone
        // must do, so that a file with thousands of errors is still reported promptly.
        const MAX_LOCATED: usize = 200;
        let wanted: Vec<(usize, Vec<Seg>)> = problems
            .iter()
            .enumerate()
            .filter(|(_, p)| p.location.is_none())
            .take(MAX_LOCATED)
            .map(|(i, p)| (i, locate::parse_path(&p.key_path)))
            .collect();
        let found = on_parser_stack(|| {
            wanted
                .iter()
                .map(|(i, segs)| (*i, locate(&self.text, self.format, segs, None)))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
        for (i, location) in found {
            if let Some(problem) = problems.get_mut(i) {
                problem.location = location;
            }
        }
        for problem in problems.iter_mut() {
            problem.origin = Some(self.origin.clone());
            self.attach_line(problem);
        }
        // Top to bottom; problems that could not be located keep their order at the end.
        problems.sort_by_key(|p| p.location.map_or((1, 0, 0), |l| (0, l.line, l.column)));
    }

    fn attach_line(&self, problem: &mut Problem) {
        /// Characters shown on either side of the column in a long line.
        const HALF_WINDOW: usize = 60;
        let Some(loc) = problem.location else { return };
        let Some(line) = self.text.lines().nth(loc.line.saturating_sub(1)) else {
            return;
        };
        let line = line.trim_end();
        let column = loc.column.saturating_sub(1);
        if line.chars().count() <= 2 * HALF_WINDOW {
            problem.source_line = Some(line.to_owned());
            problem.source_cut = 0;
            return;
        }
        let start = column.saturating_sub(HALF_WINDOW);
        let window: String = line.chars().skip(start).take(2 * HALF_WINDOW).collect();
        // A leading `…` stands for the cut text; the caret shifts by the cut minus that mark.
        let (shown, cut) = if start > 0 {
            (format!("…{window}…"), start.saturating_sub(1))
        } else {
            (format!("{window}…"), 0)
        };
        problem.source_line = Some(shown);
        problem.source_cut = cut;
    }
}

/// Reads a file, refusing it before reading if it is over the cap.
pub(crate) fn read_file(path: &Path, options: &LoadOptions) -> Result<String, Error> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    check_size(&path.display().to_string(), size, options)?;
    std::fs::read_to_string(path).map_err(io)
}

pub(crate) fn check_size(origin: &str, size: u64, options: &LoadOptions) -> Result<(), Error> {
    if size > options.max_input_bytes {
        return Err(Error::TooLarge {
            origin: origin.to_owned(),
            size,
            limit: options.max_input_bytes,
        });
    }
    Ok(())
}

/// The top-level sections of a framework file, in the order the format lists them.
pub(crate) const FRAMEWORK_SECTIONS: &[&str] = &[
    "framework",
    "scoring",
    "rating_bands",
    "elements",
    "profile_facts",
    "evidence_kinds",
    "rules",
];

/// Every other key the file formats know; with [`FRAMEWORK_SECTIONS`], the candidates for
/// "did you mean" help on unknown keys.
const KNOWN_KEYS: &[&str] = &[
    "id",
    "version",
    "title",
    "authority",
    "source",
    "notice",
    "published",
    "url",
    "partial_credit",
    "severity_weights",
    "critical_gate",
    "critical",
    "high",
    "medium",
    "low",
    "label",
    "min_score",
    "weight",
    "reference",
    "attributes",
    "fresh_for_days",
    "dated_by",
    "element",
    "question",
    "severity",
    "references",
    "never_not_applicable",
    "min_assurance",
    "applies_when",
    "check",
    "partial",
    "remediation",
    "all",
    "any",
    "not",
    "at_least",
    "of",
    "fact",
    "attr",
    "evidence",
    "count",
    "ratio",
    "where",
    "meets",
    "eq",
    "ne",
    "in",
    "lt",
    "le",
    "gt",
    "ge",
    "contains",
    "contains_any",
    "exists",
    "within_days",
    "older_than_days",
    "subject",
    "name",
    "profile",
    "as_of",
    "kind",
    "assurance",
    "attestations",
    "waivers",
    "answer",
    "reason",
    "note",
    "expires",
    "approved_by",
    "tests",
    "material",
    "undemonstrated_cap",
    "sample_sizes",
    "population_up_to",
    "min_sample",
    "register",
    "empty_register_doubtful",
    "above",
    "sufficient_for",
    "period",
    "registers",
    "from",
    "to",
    "record_count",
    "kept_by",
    "extra",
];

/// Stack for the parser thread. The YAML and JSON readers stop at 128 levels of nesting, but
/// each level costs several deserializer frames (path tracking, unknown-key tracking, the
/// derived visitors); in an unoptimised build 128 levels need more than the 2 MiB a test or
/// worker thread has. Parsing on a thread of known size makes the refusal of deep input, not a
/// stack overflow, the outcome everywhere.
const PARSER_STACK_BYTES: usize = 64 << 20;

/// Parses a document into `T`, with a located error on failure. Unknown keys do not stop the
/// parse: they come back as problems (located) so that they are reported together with
/// everything validation finds. Callers check the size cap (`check_size`) before copying the
/// text into a [`Source`].
pub(crate) fn parse<T: DeserializeOwned + Send>(
    source: &Source,
) -> Result<(T, Vec<Problem>), Error> {
    on_parser_stack(|| parse_here::<T>(source)).unwrap_or_else(|| {
        Err(Error::Syntax(Box::new(Problem::new(
            ".",
            "the parser stopped unexpectedly; the document was not read",
        ))))
    })
}

/// Runs `work` on a thread with [`PARSER_STACK_BYTES`] of stack, or on the caller's thread
/// where no thread can be started. `None` only if the work panicked, which it must not.
fn on_parser_stack<R: Send>(work: impl Fn() -> R + Sync) -> Option<R> {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("icp-assess-parser".to_owned())
            .stack_size(PARSER_STACK_BYTES)
            .spawn_scoped(scope, &work);
        match spawned {
            Ok(handle) => handle.join().ok(),
            Err(_) => Some(work()),
        }
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

fn parse_here<T: DeserializeOwned>(source: &Source) -> Result<(T, Vec<Problem>), Error> {
    // Valid documents are the common case: read once without tracking paths. Only a document
    // that fails is read again, tracking the path to the failure for the error.
    if let Some((value, unknown)) = parse_fast::<T>(source) {
        return Ok((value, unknown_key_problems(source, unknown)));
    }
    let mut unknown: Vec<Vec<Seg>> = Vec::new();
    let mut note = |path: serde_ignored::Path<'_>| unknown.push(ignored_path(&path));
    let result = match source.format {
        Format::Yaml => {
            let de = yaml_serde::Deserializer::from_str(&source.text);
            let de = serde_ignored::Deserializer::new(de, &mut note);
            serde_path_to_error::deserialize(de).map_err(|e| {
                let path = e.path().clone();
                let inner = e.into_inner();
                let location = inner.location().map(|l| Location {
                    line: l.line(),
                    column: l.column(),
                });
                (path, inner.to_string(), location)
            })
        }
        Format::Json => {
            let mut de = serde_json::Deserializer::from_str(&source.text);
            let de = serde_ignored::Deserializer::new(&mut de, &mut note);
            serde_path_to_error::deserialize(de).map_err(|e| {
                let path = e.path().clone();
                let inner = e.into_inner();
                let location = (inner.line() > 0).then(|| Location {
                    line: inner.line(),
                    column: inner.column(),
                });
                (path, inner.to_string(), location)
            })
        }
    };
    let value = result.map_err(|(path, message, location)| {
        let mut segs: Vec<Seg> = path
            .iter()
            .filter_map(|seg| match seg {
                serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
                serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
                serde_path_to_error::Segment::Enum { variant } => Some(Seg::Key(variant.clone())),
                _ => None,
            })
            .collect();
        let mut problem = Problem::new(render_path(&segs), clean_message(&message, location));
        problem.location = location;
        if let Some(field) = duplicate_field(&problem.message) {
            // serde reports a duplicate struct field at the start of the struct; point at the
            // second occurrence of the key instead.
            if segs.last() == Some(&Seg::Key(field.to_owned())) {
                segs.pop();
            }
            if let Some(loc) = locate(&source.text, source.format, &segs, Some((field, 1))) {
                problem.location = Some(loc);
            }
        }
        problem.origin = Some(source.origin.clone());
        source.attach_line(&mut problem);
        problem
    });
    let problems = unknown_key_problems(source, unknown);
    match value {
        Ok(value) => Ok((value, problems)),
        Err(syntax) if problems.is_empty() => Err(Error::Syntax(Box::new(syntax))),
        // A misspelt required key shows up twice: as an unknown key and as a missing field.
        // Report both, so that the misspelling is named.
        Err(syntax) => {
            let mut all = problems;
            all.push(syntax);
            source.locate_all(&mut all);
            Err(Error::Invalid(crate::error::Problems(all)))
        }
    }
}

/// One located problem per unknown key.
fn unknown_key_problems(source: &Source, unknown: Vec<Vec<Seg>>) -> Vec<Problem> {
    unknown
        .into_iter()
        .map(|mut segs| {
            let key = match segs.pop() {
                Some(Seg::Key(k)) => k,
                Some(Seg::Index(i)) => i.to_string(),
                None => String::new(),
            };
            let location = locate(&source.text, source.format, &segs, Some((&key, 0)));
            segs.push(Seg::Key(key.clone()));
            let mut problem = Problem::new(render_path(&segs), format!("unknown key `{key}`"))
                .with_help(crate::error::did_you_mean(
                    &key,
                    FRAMEWORK_SECTIONS.iter().chain(KNOWN_KEYS).copied(),
                ));
            problem.location = location;
            problem
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

/// Strips what the backends append (location) and prepend (their own path), which the
/// [`Problem`] already carries in structured form.
fn clean_message(message: &str, location: Option<Location>) -> String {
    let mut text = message;
    if let Some(loc) = location {
        for suffix in [
            format!(" at line {} column {}", loc.line, loc.column),
            format!(" at line {}, column {}", loc.line, loc.column),
        ] {
            if let Some(stripped) = text.strip_suffix(suffix.as_str()) {
                text = stripped;
            }
        }
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

/// Serializes a value as YAML.
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
        let loc = Some(Location { line: 3, column: 7 });
        assert_eq!(
            clean_message("rules[0]: unknown field `x` at line 3 column 7", loc),
            "unknown field `x`"
        );
        assert_eq!(
            clean_message("invalid type: string, expected u32", None),
            "invalid type: string, expected a whole number of 0 or more"
        );
    }
}
