//! Text in, model out: the only module that knows the YAML and JSON crates.
//!
//! A document is first scanned ([`prescan`]) for what the parsers handle badly or silently
//! (deep nesting, over-long keys and values, YAML tags), then parsed through
//! `serde_path_to_error` so that every error carries the path inside the document; locations of
//! problems found after parsing are recovered in one more reading by [`locate::locate_all`].

mod keys;
mod lines;
mod locate;
mod options;
mod parse;
mod prescan;

use std::path::Path;
use std::sync::Arc;

use crate::error::Problem;

pub(crate) use keys::FRAMEWORK_SECTIONS;
pub(crate) use lines::Lines;
pub(crate) use locate::{Seg, parse_path, render_path};
pub use options::{
    DEFAULT_MAX_INPUT_BYTES, DEFAULT_MAX_KEY_BYTES, DEFAULT_MAX_NODES, DEFAULT_MAX_SCALAR_BYTES,
    LoadOptions, MAX_NESTING,
};
pub(crate) use options::{check_size, read_file};
pub(crate) use parse::parse;

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

/// The byte-order mark some editors put at the start of UTF-8 text; it is not part of the
/// document, and neither parser expects it.
const BYTE_ORDER_MARK: char = '\u{FEFF}';

impl Source {
    /// Keeps the text of a document, without a leading byte-order mark.
    pub(crate) fn new(origin: &str, text: &str, format: Format) -> Source {
        Source {
            origin: origin.to_owned(),
            text: Arc::from(text.strip_prefix(BYTE_ORDER_MARK).unwrap_or(text)),
            format,
        }
    }

    /// Fills in origin, location and the source line of problems that carry only a key path,
    /// all in one reading of the document, then puts them in document order.
    pub(crate) fn locate_all(&self, problems: &mut [Problem]) {
        let pending: Vec<usize> = (0..problems.len())
            .filter(|&i| problems.get(i).is_some_and(|p| p.location.is_none()))
            .collect();
        let wanted: Vec<locate::Wanted> = pending
            .iter()
            .filter_map(|&i| problems.get(i))
            .map(|p| locate::Wanted {
                path: parse_path(&p.key_path),
                key: p.key_occurrence,
            })
            .collect();
        let found = on_parser_stack(|| locate::locate_all(&self.text, self.format, &wanted))
            .unwrap_or_default();
        for (i, location) in pending.into_iter().zip(found) {
            if let Some(problem) = problems.get_mut(i) {
                problem.location = location;
            }
        }
        let lines = Lines::new(&self.text, self.format);
        for problem in problems.iter_mut() {
            problem.origin = Some(self.origin.clone());
            attach_line(&lines, problem);
        }
        // Top to bottom; problems that could not be located keep their order at the end.
        problems.sort_by_key(|p| p.location.map_or((1, 0, 0), |l| (0, l.line, l.column)));
    }

    /// A problem at byte `offset` of the text, with origin, location and source line.
    pub(crate) fn problem_at(
        &self,
        offset: usize,
        message: String,
        help: Option<String>,
    ) -> Problem {
        let lines = Lines::new(&self.text, self.format);
        let mut problem = Problem::new(".", message).with_help(help);
        problem.origin = Some(self.origin.clone());
        problem.location = Some(lines.location(offset));
        attach_line(&lines, &mut problem);
        problem
    }
}

/// Shows the problem's line, or a window around its column if the line is long.
pub(crate) fn attach_line(lines: &Lines<'_>, problem: &mut Problem) {
    /// Characters shown on either side of the column in a long line.
    const HALF_WINDOW: usize = 60;
    let Some(loc) = problem.location else { return };
    let Some(line) = lines.line(loc.line) else {
        return;
    };
    let line = line.trim_end();
    if line.chars().nth(2 * HALF_WINDOW).is_none() {
        problem.source_line = Some(line.to_owned());
        problem.source_cut = 0;
        return;
    }
    // Found by bytes, so that a line of megabytes costs no more than a short one.
    let at = lines
        .offset(loc)
        .zip(lines.line_start(loc.line))
        .map_or(0, |(o, s)| o.saturating_sub(s))
        .min(line.len());
    let head = line.get(..at).unwrap_or_default();
    let from = head
        .char_indices()
        .rev()
        .nth(HALF_WINDOW - 1)
        .map_or(0, |(i, _)| i);
    let window: String = line
        .get(from..)
        .unwrap_or_default()
        .chars()
        .take(2 * HALF_WINDOW)
        .collect();
    let skipped = loc.column.saturating_sub(1).saturating_sub(HALF_WINDOW);
    // A leading `…` stands for the cut text; the caret shifts by the cut minus that mark.
    let (shown, cut) = if from > 0 {
        (format!("…{window}…"), skipped.saturating_sub(1))
    } else {
        (format!("{window}…"), 0)
    };
    problem.source_line = Some(shown);
    problem.source_cut = cut;
}

/// Stack for the parser thread. The YAML and JSON readers stop at 128 levels of nesting, but
/// each level costs several deserializer frames (path tracking, unknown-key tracking, the
/// derived visitors); in an unoptimised build 128 levels need more than the 2 MiB a test or
/// worker thread has. Parsing on a thread of known size makes the refusal of deep input, not a
/// stack overflow, the outcome everywhere.
const PARSER_STACK_BYTES: usize = 64 << 20;

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The character of the shown line above the caret.
    fn under_caret(problem: &Problem) -> Option<char> {
        let shown = problem.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        let caret = lines.iter().position(|l| l.trim_end().ends_with('^'))?;
        let column = lines.get(caret)?.chars().count() - 1;
        lines.get(caret - 1)?.chars().nth(column)
    }

    #[test]
    fn long_lines_are_shown_as_a_window_with_the_caret_on_the_column() {
        let text = format!(
            "k: {}X{}é{}\n",
            "a".repeat(200),
            "b".repeat(200),
            "c".repeat(9000)
        );
        let source = Source::new("t.yaml", &text, Format::Yaml);
        for needle in ["X", "é", "k"] {
            let offset = text.find(needle).unwrap_or_default();
            let problem = source.problem_at(offset, "here".into(), None);
            assert_eq!(under_caret(&problem), needle.chars().next(), "{needle}");
            let shown = problem.source_line.unwrap_or_default();
            assert!(shown.chars().count() <= 122, "{needle}: {shown}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_text() {
        let source = Source::new("t.yaml", "\u{FEFF}a: 1\n", Format::Yaml);
        assert_eq!(&*source.text, "a: 1\n");
    }
}
