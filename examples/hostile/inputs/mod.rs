//! Hostile inputs by family, each with the outcome the loader must give: refused with which
//! message and where, or accepted. Shared by `examples/hostile` (full size, timed) and
//! `tests/test_hostile.rs` (small size, every outcome asserted exactly). The families live in
//! `size` (files, many problems, many nodes, many names), `syntax` (nesting, lengths, JSON,
//! tags, encodings) and `content` (weights, framework prefixes).
//!
//! The expected positions are found in the generated text by plain string search, not by the
//! library, so that a wrong location fails the test.

mod content;
mod run;
mod size;
mod syntax;

use std::path::{Path, PathBuf};

pub use run::{Outcome, matches, run};

/// How big the inputs are: `Full` fills the 8 MiB cap where size matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Small,
    Full,
}

impl Scale {
    /// `small` or `full` of a count or size.
    fn pick(self, small: usize, full: usize) -> usize {
        match self {
            Scale::Small => small,
            Scale::Full => full,
        }
    }
}

/// What an input is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// An evidence bundle, checked against the bundled `bis-ecg`.
    Bundle,
    /// A framework file, used to assess a minimal bundle.
    Framework,
}

/// Where an input comes from.
#[derive(Debug, Clone)]
pub enum Input {
    /// Text written to a file with this extension (`yaml` or `json`).
    Text { ext: &'static str, text: String },
    /// Bytes that are not all UTF-8, written to a `.yaml` file.
    Bytes(Vec<u8>),
    /// An existing path: a device, or the output directory itself.
    Path(PathBuf),
    /// A pipe (FIFO) with no writer, made by the runner.
    Fifo,
    /// A sparse regular file of this many bytes.
    Sparse(u64),
}

/// The outcome a case must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// Loaded, prepared and assessed; the report has these diagnostics (a substring each).
    Accepted { diagnostics: Vec<String> },
    /// Refused: the first problem's message (or the error's text when it has no problems), its
    /// 1-based line and column, its help, and how many problems there are.
    Refused {
        message: String,
        at: Option<(usize, usize)>,
        help: Option<String>,
        problems: usize,
    },
}

/// One hostile input.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub family: &'static str,
    pub role: Role,
    pub input: Input,
    /// Read with `LoadOptions::allow_special_files(true)`.
    pub allow_special_files: bool,
    pub expect: Expect,
}

impl Case {
    fn new(family: &'static str, name: impl Into<String>, role: Role, input: Input) -> Case {
        Case {
            name: name.into(),
            family,
            role,
            input,
            allow_special_files: false,
            expect: accepted(),
        }
    }

    fn expect(mut self, expect: Expect) -> Case {
        self.expect = expect;
        self
    }

    /// The path the input is read from, inside `dir`.
    pub fn path(&self, dir: &Path) -> PathBuf {
        match &self.input {
            Input::Text { ext, .. } => dir.join(format!("{}.{ext}", self.name)),
            Input::Bytes(_) => dir.join(format!("{}.yaml", self.name)),
            Input::Path(p) => p.clone(),
            Input::Fifo => dir.join(format!("{}.yaml", self.name)),
            Input::Sparse(_) => dir.join(format!("{}.yaml", self.name)),
        }
    }
}

fn accepted() -> Expect {
    Expect::Accepted {
        diagnostics: Vec::new(),
    }
}

fn refused(message: impl Into<String>, at: Option<(usize, usize)>, problems: usize) -> Expect {
    Expect::Refused {
        message: message.into(),
        at,
        help: None,
        problems,
    }
}

/// The help of a refusal by the pre-scan for nesting.
const NESTING_HELP: &str = "the document was not parsed; no format needs nesting this deep";

/// The help of a refusal by the pre-scan for length.
fn length_help(what: &str) -> String {
    let option = if what == "key" {
        "max_key_bytes"
    } else {
        "max_scalar_bytes"
    };
    format!("the document was not parsed; `LoadOptions::{option}` sets the limit")
}

fn with_help(expect: Expect, text: &str) -> Expect {
    match expect {
        Expect::Refused {
            message,
            at,
            problems,
            ..
        } => Expect::Refused {
            message,
            at,
            help: Some(text.to_owned()),
            problems,
        },
        other => other,
    }
}

fn yaml(text: String) -> Input {
    Input::Text { ext: "yaml", text }
}

fn json(text: String) -> Input {
    Input::Text { ext: "json", text }
}

/// Line and column (1-based, in characters) of byte `offset` of `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// Line and column of the `n`-th (from 0) occurrence of `needle`.
fn nth(text: &str, needle: &str, n: usize) -> Option<(usize, usize)> {
    text.match_indices(needle)
        .nth(n)
        .map(|(i, _)| line_col(text, i))
}

/// A bundle for `bis-ecg` with `items` after its one valid item.
fn bundle(items: &str) -> String {
    format!(
        "subject:\n  name: Fictional Fasteners GmbH\n  profile: {{ exports_dual_use: true, employees: 140 }}\nas_of: 2026-11-01\nevidence:\n  - id: EV-1\n    kind: policy_statement\n    assurance: documented\n    attributes: {{ signed_by: ceo, date: 2026-03-02, distributed_to_staff: true }}\n{items}"
    )
}

/// `n` items of `bytes` size in all at most; `extra` goes into each item, `date` is theirs.
fn items(bytes: usize, extra: &str, date: &str) -> (String, usize) {
    let mut out = String::new();
    let mut n = 0;
    loop {
        let item = format!(
            "  - id: EV-{n:07}\n    kind: policy_statement\n    assurance: documented{extra}\n    attributes: {{ signed_by: ceo, date: {date}, distributed_to_staff: true }}\n"
        );
        if out.len() + item.len() > bytes {
            return (out, n);
        }
        out.push_str(&item);
        n += 1;
    }
}

/// A small valid framework up to `rules:`, with `kinds` as its evidence kinds.
fn framework(kinds: &str, rules: &str) -> String {
    format!(
        "framework:\n  id: tc\n  version: 1.0.0\n  title: Test framework\n  authority: Fictional Export Authority\n  source: {{ title: Fictional guidance, published: 2024-01-01 }}\nrating_bands:\n  - {{ id: good, label: Good, min_score: 50 }}\n  - {{ id: poor, label: Poor, min_score: 0 }}\nelements:\n  - {{ id: management-commitment, title: Management commitment }}\nprofile_facts:\n  exports_dual_use: bool\n  employees: integer\nevidence_kinds:\n{kinds}rules:\n{rules}"
    )
}

const POLICY_KIND: &str = "  - id: policy_statement\n    attributes: { signed_by: [ceo, board], date: date, distributed_to_staff: bool }\n";

fn rule(id: &str, check: &str) -> String {
    format!(
        "  - id: {id}\n    element: management-commitment\n    title: Written commitment statement\n    severity: critical\n    tests: design\n    check: {check}\n"
    )
}

/// Every family, at the given scale. `dir` is where the runner writes the inputs.
pub fn cases(scale: Scale, dir: &Path) -> Vec<Case> {
    let mut all = Vec::new();
    all.extend(size::read_caps(dir));
    all.extend(size::locating(scale));
    all.extend(syntax::nesting(scale));
    all.extend(size::suggestions(scale));
    all.extend(syntax::lengths(scale));
    all.extend(size::node_counts());
    all.extend(size::contradictions(scale));
    all.extend(syntax::json_documents());
    all.extend(content::weights());
    all.extend(syntax::tags());
    all.extend(content::prefixes());
    all.extend(syntax::encodings());
    all
}

/// Writes a case's input into `dir` (devices are left alone; a FIFO is made with `mkfifo`).
pub fn write_input(case: &Case, dir: &Path) -> std::io::Result<()> {
    let path = case.path(dir);
    match &case.input {
        Input::Text { text, .. } => std::fs::write(path, text),
        Input::Bytes(bytes) => std::fs::write(path, bytes),
        Input::Path(_) => Ok(()),
        Input::Sparse(size) => std::fs::File::create(path)?.set_len(*size),
        Input::Fifo => {
            if !path.exists() {
                let status = std::process::Command::new("mkfifo").arg(&path).status()?;
                if !status.success() {
                    return Err(std::io::Error::other("mkfifo failed"));
                }
            }
            Ok(())
        }
    }
}
