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
    /// Locate occurrence `n` (from 0) of the path's last key, not its value: the position of an
    /// unknown or duplicate key is the key itself.
    pub(crate) key_occurrence: Option<usize>,
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
            key_occurrence: None,
        }
    }

    pub(crate) fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Locates the key of the path's last segment (occurrence `n`, from 0) instead of its value.
    pub(crate) fn at_key(mut self, n: usize) -> Self {
        self.key_occurrence = Some(n);
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

/// At most this many problems are rendered by [`Problems`]' `Display`; the rest are counted.
pub(crate) const MAX_SHOWN: usize = 100;

impl fmt::Display for Problems {
    /// Renders the first 100 problems, then how many more there were and the total.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().take(MAX_SHOWN).enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            write!(f, "{problem}")?;
        }
        let hidden = self.0.len().saturating_sub(MAX_SHOWN);
        if hidden > 0 {
            write!(f, "\n\n… and {hidden} more problems, not shown")?;
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
    /// A file that states no size of its own (a device such as `/dev/zero`, a pipe) or that
    /// grew while it was read gave more bytes than the configured cap; reading stopped there.
    #[error(
        "`{origin}` holds more than {limit} bytes, the limit; it was read no further and not parsed"
    )]
    OverLimit {
        /// The document.
        origin: String,
        /// The cap in force.
        limit: u64,
    },
    /// The path names something other than a regular file (a directory, a device, a pipe or a
    /// socket), which is refused before it is opened unless
    /// [`LoadOptions::allow_special_files`](crate::LoadOptions::allow_special_files) is set.
    #[error("`{}` is a {kind}, not a regular file; it was not opened", path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
        /// What it is: `directory`, `pipe (FIFO)`, `character device`, ...
        kind: &'static str,
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
    /// The located problems this error carries: one for a syntax error (text that is not
    /// UTF-8, nesting, tags and over-long keys or values included), all of them for invalid
    /// content, none for I/O, file-kind and size errors.
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

pub(crate) use crate::suggest::did_you_mean;

#[cfg(test)]
mod tests {
    use super::*;

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
            key_occurrence: None,
        };
        assert_eq!(
            problem.to_string(),
            "error: unknown field `titel`\n --> x.yaml:3:5 (at `rules[0].titel`)\n  |\n3 |     titel: x\n  |     ^\n  = help: did you mean `title`?"
        );
    }
}
