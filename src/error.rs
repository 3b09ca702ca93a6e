//! Errors: one public [`Error`], located [`Problem`]s, and their rendering.

use std::fmt;
use std::path::PathBuf;

/// A 1-based position in a source document.
///
/// `line` and `column` count from 1; `column` counts characters, not bytes.
///
/// ```
/// let problem = icp_assess::Framework::from_yaml_str("framework: [", "bad.yaml").unwrap_err();
/// let location = problem.problems()[0].location().unwrap();
/// assert_eq!(location.line, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Location {
    /// Line, counted from 1.
    pub line: usize,
    /// Column, counted from 1, in characters.
    pub column: usize,
}

/// One located problem in a framework file or an evidence bundle.
///
/// A problem names the document (`origin`), the line and column where that is known, the path
/// inside the document (`rules[12].check.all[1].fact`), what is wrong, and sometimes help such as
/// "did you mean `element`?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub(crate) origin: Option<String>,
    pub(crate) location: Option<Location>,
    pub(crate) key_path: String,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
    pub(crate) source_line: Option<String>,
    /// How many characters of the source line were cut from its start (long lines are shown
    /// as a window around the column).
    pub(crate) source_cut: usize,
}

impl Problem {
    pub(crate) fn new(key_path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            origin: None,
            location: None,
            key_path: key_path.into(),
            message: message.into(),
            help: None,
            source_line: None,
            source_cut: 0,
        }
    }

    pub(crate) fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// The document the problem is in: a file path or a caller-chosen name.
    pub fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }

    /// Where in the document the problem is, when the position is known.
    pub fn location(&self) -> Option<Location> {
        self.location
    }

    /// The path inside the document, such as `rules[12].check.all[1].fact`; `.` is the root.
    pub fn key_path(&self) -> &str {
        &self.key_path
    }

    /// What is wrong, in one lowercase line.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// A suggestion, such as "did you mean `management-commitment`?".
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }
}

impl fmt::Display for Problem {
    /// Renders the problem as
    ///
    /// ```text
    /// error: unknown field `titel`, expected one of `id`, `element`, `title`
    ///  --> rules/x.yaml:7:5 (at `rules[1]`)
    ///   |
    /// 7 |     titel: Written statement
    ///   |     ^
    ///   = help: did you mean `title`?
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        let origin = self.origin.as_deref().unwrap_or("<input>");
        match self.location {
            Some(loc) => write!(f, " --> {origin}:{}:{}", loc.line, loc.column)?,
            None => write!(f, " --> {origin}")?,
        }
        if self.key_path != "." && !self.key_path.is_empty() {
            write!(f, " (at `{}`)", self.key_path)?;
        }
        if let (Some(loc), Some(line)) = (self.location, self.source_line.as_deref()) {
            let number = loc.line.to_string();
            let pad = " ".repeat(number.len());
            write!(f, "\n{pad} |\n{number} | {line}\n{pad} | ")?;
            // The caret goes under the column; tabs are kept so that it lines up.
            for ch in line
                .chars()
                .take(loc.column.saturating_sub(1).saturating_sub(self.source_cut))
            {
                f.write_str(if ch == '\t' { "\t" } else { " " })?;
            }
            f.write_str("^")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in one document, in document order; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub(crate) Vec<Problem>);

impl Problems {
    /// The problems, in the order they appear in the document.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.0.iter()
    }

    /// How many problems there are (at least one).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Always false: a `Problems` holds at least one problem.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Problems {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl std::error::Error for Problem {}

impl std::error::Error for Problems {}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            write!(f, "{problem}")?;
        }
        if self.0.len() > 1 {
            write!(f, "\n\n{} problems found", self.0.len())?;
        }
        Ok(())
    }
}

/// Everything that can stop a framework or an evidence bundle from being used.
///
/// Problems in the *content* of an assessment (missing documents, failed checks) are never
/// errors: they are findings in the [`Report`](crate::Report).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The input is larger than the configured cap and was not parsed.
    #[error("`{origin}` is {size} bytes, over the limit of {limit} bytes; it was not parsed")]
    TooLarge {
        /// The document.
        origin: String,
        /// Its size in bytes.
        size: u64,
        /// The cap in force.
        limit: u64,
    },
    /// The document could not be read as a framework or a bundle (syntax, unknown key,
    /// duplicate key, wrong type, nesting or alias limits).
    #[error("{0}")]
    Syntax(Box<Problem>),
    /// The document parsed, but its content is invalid; every problem is listed.
    #[error("{0}")]
    Invalid(Problems),
    /// The bundle states no `as_of` date and none was given.
    #[error("the evidence bundle states no `as_of` date; give one")]
    NoAsOfDate,
    /// No bundled framework has this id.
    #[error("no bundled framework `{id}`; bundled: {}", available.join(", "))]
    UnknownFramework {
        /// The id asked for.
        id: String,
        /// The ids that exist.
        available: Vec<String>,
    },
}

impl Error {
    /// The located problems this error carries: one for a syntax error, all of them for
    /// invalid content, none for I/O and size errors.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Syntax(problem) => std::slice::from_ref(problem),
            Error::Invalid(problems) => &problems.0,
            _ => &[],
        }
    }

    /// Whether the document could not be parsed at all.
    pub fn is_syntax(&self) -> bool {
        matches!(self, Error::Syntax(_))
    }

    /// Whether the document parsed but its content is invalid.
    pub fn is_invalid(&self) -> bool {
        matches!(self, Error::Invalid(_))
    }
}

/// The closest candidate to `word`, if it is close enough to be a likely misspelling.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

/// Edit distance with adjacent transpositions (optimal string alignment): `titel` is one edit
/// from `title`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        if let Some(cell) = d.get_mut(at(i, 0)) {
            *cell = i;
        }
    }
    for j in 0..=b.len() {
        if let Some(cell) = d.get_mut(at(0, j)) {
            *cell = j;
        }
    }
    let get = |d: &[usize], i: usize, j: usize| d.get(at(i, j)).copied().unwrap_or(usize::MAX / 2);
    for (i, ca) in a.iter().enumerate() {
        for (j, cb) in b.iter().enumerate() {
            let (i1, j1) = (i + 1, j + 1);
            let cost = usize::from(ca != cb);
            let mut best = (get(&d, i, j1) + 1)
                .min(get(&d, i1, j) + 1)
                .min(get(&d, i, j) + cost);
            if i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca) {
                best = best.min(get(&d, i - 1, j - 1) + 1);
            }
            if let Some(cell) = d.get_mut(at(i1, j1)) {
                *cell = best;
            }
        }
    }
    get(&d, a.len(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("element", "elemnt"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("titel", "title"), 1);
    }

    #[test]
    fn did_you_mean_picks_the_closest_close_candidate() {
        let ids = ["management-commitment", "risk-assessment"];
        assert_eq!(
            did_you_mean("managment-commitment", ids).as_deref(),
            Some("did you mean `management-commitment`?")
        );
        assert_eq!(did_you_mean("training", ids), None);
        assert_eq!(
            did_you_mean("titel", ["title"]).as_deref(),
            Some("did you mean `title`?")
        );
    }

    #[test]
    fn problem_renders_caret_under_column() {
        let problem = Problem {
            origin: Some("x.yaml".into()),
            location: Some(Location { line: 3, column: 5 }),
            key_path: "rules[0].titel".into(),
            message: "unknown field `titel`".into(),
            help: Some("did you mean `title`?".into()),
            source_line: Some("    titel: x".into()),
            source_cut: 0,
        };
        assert_eq!(
            problem.to_string(),
            "error: unknown field `titel`\n --> x.yaml:3:5 (at `rules[0].titel`)\n  |\n3 |     titel: x\n  |     ^\n  = help: did you mean `title`?"
        );
    }
}
