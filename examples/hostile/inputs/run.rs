//! Running a case as a user of the library would, and comparing the outcome.

use std::path::Path;

use super::{Case, Expect, Role};

/// What loading a case gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Assessed; the report's diagnostics and overall score.
    Accepted {
        diagnostics: Vec<String>,
        score: f64,
    },
    /// Refused: the first problem's message, location and help (or the error's text), and the
    /// number of problems; `text` is the error as shown to a user.
    Refused {
        message: String,
        at: Option<(usize, usize)>,
        help: Option<String>,
        problems: usize,
        text: String,
    },
}

/// The bundle a framework case assesses.
const MINIMAL_BUNDLE: &str = "subject: { name: Fictional Minimal Ltd, profile: { exports_dual_use: true } }\nas_of: 2026-11-01\n";

/// Loads the case's input from `dir` as a user of the library would, then prepares and
/// assesses it, and renders the report as JSON.
pub fn run(case: &Case, dir: &Path) -> Outcome {
    use icp_assess::{EvidenceBundle, Framework, LoadOptions};
    let options = LoadOptions::new().allow_special_files(case.allow_special_files);
    let path = case.path(dir);
    let as_of = icp_assess::jiff::civil::date(2026, 11, 1);
    let result = match case.role {
        Role::Bundle => Framework::bundled("bis-ecg").and_then(|framework| {
            let bundle = EvidenceBundle::from_path_with(&path, &options)?;
            let report = framework.prepare(&bundle)?.assess(as_of);
            Ok((report.to_json(), report.diagnostics, report.summary.score))
        }),
        Role::Framework => Framework::from_path_with(&path, &options).and_then(|framework| {
            let bundle = EvidenceBundle::from_yaml_str(MINIMAL_BUNDLE, "minimal.yaml")?;
            let report = framework.prepare(&bundle)?.assess(as_of);
            Ok((report.to_json(), report.diagnostics, report.summary.score))
        }),
    };
    match result {
        Ok((_, diagnostics, score)) => Outcome::Accepted {
            diagnostics: diagnostics.iter().map(|d| d.message.clone()).collect(),
            score,
        },
        Err(e) => {
            let first = e.problems().first();
            Outcome::Refused {
                message: first.map_or_else(|| e.to_string(), |p| p.message().to_owned()),
                at: first.and_then(|p| p.location()).map(|l| (l.line, l.column)),
                help: first.and_then(|p| p.help()).map(str::to_owned),
                problems: e.problems().len(),
                text: e.to_string(),
            }
        }
    }
}

/// Whether an outcome is the one the case expects (diagnostics: each expected one is a
/// substring of some reported one; an accepted score lies in [0, 100]).
pub fn matches(expect: &Expect, outcome: &Outcome) -> bool {
    match (expect, outcome) {
        (
            Expect::Accepted { diagnostics: want },
            Outcome::Accepted {
                diagnostics: got,
                score,
            },
        ) => {
            (0.0..=100.0).contains(score)
                && want
                    .iter()
                    .all(|w| got.iter().any(|g| g.contains(w.as_str())))
        }
        (
            Expect::Refused {
                message,
                at,
                help,
                problems,
            },
            Outcome::Refused {
                message: m,
                at: a,
                help: h,
                problems: p,
                ..
            },
        ) => message == m && at == a && help == h && problems == p,
        _ => false,
    }
}
