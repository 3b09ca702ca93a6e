//! Data-driven assessment cases.
//!
//! Every `*.yaml` file under `tests/cases` (at any depth) is one case: an inline framework, an
//! inline evidence bundle, an as-of date and what the report must say. A compliance specialist
//! can add a case without writing Rust. A case file is one YAML document:
//!
//! ```yaml
//! note: What the case shows.
//! framework: { framework: {...}, rating_bands: [...], elements: [...], rules: [...] }
//! evidence: { subject: { name: ..., profile: {...} }, evidence: [...], attestations: {...} }
//! as_of: 2026-11-01
//! want:                      # every key is optional, but state at least one
//!   score: 42.86             # overall score, compared within 0.01
//!   rating: ineffective      # band id after gates
//!   statuses: { rule.id: met }          # met | partially_met | not_met | unknown | ...
//!   basis: { rule.id: evidence }        # evidence | attestation | none
//!   gates: [rule.id]                    # critical and material rules that capped the rating, any order
//!   gate_kinds: [material_weakness]     # kinds of the gates, sorted (operation_not_demonstrated, ...)
//!   material_weaknesses: [rule.id]      # material rules not met, any order
//!   provisional: true                   # the rating could change once unknowns are decided
//!   score_high: 80                      # upper end of the score interval (unknowns met)
//!   not_ratings: [effective, largely-effective]   # bands the rating must not be
//!   element_ratings: { element-id: ineffective }  # element ratings after gates
//!   dimension_scores: { operation: 50, design: null }
//!   assurance: { rule.id: documented }   # the assurance a finding's credit rests on
//!   explanations: { rule.id: ["text the explanation must contain"] }
//!   explanations_exclude: { rule.id: ["text it must not contain"] }
//!   element_scores: { element-id: 50, other-element: null }   # null: no applicable rule
//!   error_contains: ["duplicate evidence id"]   # loading or preparing must fail
//! ```
//!
//! Work the expected numbers out by hand from `docs/FORMAT.md` and write the arithmetic in a
//! comment; never copy them from the engine's output.
//!
//! The runner runs every case, collects every difference, and fails once at the end with the
//! full list, so that one broken case does not hide the others.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly on bad fixtures"
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use icp_assess::model::IsoDate;
use icp_assess::{EvidenceBundle, Framework, Report};
use serde::Deserialize;

/// Scores are compared with this tolerance (reports round to two decimals).
const TOLERANCE: f64 = 0.01;

/// The suite must not silently shrink.
const MIN_CASES: usize = 15;

/// One case file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TestCase {
    /// What the case shows, in one or two sentences.
    note: String,
    /// An inline framework, exactly as it would appear in a framework file.
    framework: yaml_serde::Value,
    /// An inline evidence bundle, exactly as it would appear in a bundle file.
    evidence: yaml_serde::Value,
    /// The date the assessment speaks for, `YYYY-MM-DD`.
    as_of: String,
    /// What the report (or the error) must say.
    want: Want,
}

/// Expectations; every one is optional, but a case must state at least one.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Want {
    /// Overall score, 0–100.
    score: Option<f64>,
    /// Rating band id after gates.
    rating: Option<String>,
    /// Rule id → status (`met`, `partially_met`, `not_met`, `unknown`, `not_applicable`,
    /// `waived`).
    statuses: Option<BTreeMap<String, String>>,
    /// Rule id → basis (`evidence`, `attestation`, `none`).
    basis: Option<BTreeMap<String, String>>,
    /// Ids of the critical and material rules that capped the rating (any order).
    gates: Option<Vec<String>>,
    /// Kinds of all gates of the summary, sorted.
    gate_kinds: Option<Vec<String>>,
    /// Ids of the material rules that are not met (any order).
    material_weaknesses: Option<Vec<String>>,
    /// Whether the rating is provisional.
    provisional: Option<bool>,
    /// Upper end of the score interval.
    score_high: Option<f64>,
    /// Bands the rating must not be.
    not_ratings: Option<Vec<String>>,
    /// Element id → rating band id after gates.
    element_ratings: Option<BTreeMap<String, String>>,
    /// Dimension → score, or null for a dimension with no applicable rule.
    dimension_scores: Option<BTreeMap<String, Option<f64>>>,
    /// Rule id → the assurance its credit rests on.
    assurance: Option<BTreeMap<String, String>>,
    /// Rule id → texts its explanation must contain.
    explanations: Option<BTreeMap<String, Vec<String>>>,
    /// Rule id → texts its explanation must not contain.
    explanations_exclude: Option<BTreeMap<String, Vec<String>>>,
    /// Element id → score, or null for an element with no applicable rule.
    element_scores: Option<BTreeMap<String, Option<f64>>>,
    /// Loading or preparing must fail, and the rendered error must contain each string.
    error_contains: Option<Vec<String>>,
}

impl Want {
    fn is_empty(&self) -> bool {
        self.score.is_none()
            && self.rating.is_none()
            && self.statuses.is_none()
            && self.basis.is_none()
            && self.gates.is_none()
            && self.gate_kinds.is_none()
            && self.material_weaknesses.is_none()
            && self.provisional.is_none()
            && self.score_high.is_none()
            && self.not_ratings.is_none()
            && self.element_ratings.is_none()
            && self.dimension_scores.is_none()
            && self.assurance.is_none()
            && self.explanations.is_none()
            && self.explanations_exclude.is_none()
            && self.element_scores.is_none()
            && self.error_contains.is_none()
    }
}

fn case_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {dir:?}: {e}"));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            // `practice/` holds changes to a base company, run by `tests/test_practice.rs`.
            if path.file_name().is_some_and(|n| n == "practice") {
                continue;
            }
            case_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// Loads, prepares and assesses one case; `Err` is a loading or preparing error, rendered.
fn run(name: &str, case: &TestCase) -> Result<Report, String> {
    let framework_text = yaml_serde::to_string(&case.framework)
        .map_err(|e| format!("cannot turn `framework` back into YAML: {e}"))?;
    let evidence_text = yaml_serde::to_string(&case.evidence)
        .map_err(|e| format!("cannot turn `evidence` back into YAML: {e}"))?;
    let framework = Framework::from_yaml_str(&framework_text, &format!("{name}#framework"))
        .map_err(|e| e.to_string())?;
    let bundle = EvidenceBundle::from_yaml_str(&evidence_text, &format!("{name}#evidence"))
        .map_err(|e| e.to_string())?;
    let prepared = framework.prepare(&bundle).map_err(|e| e.to_string())?;
    let as_of: IsoDate = case.as_of.parse().map_err(|e| format!("`as_of`: {e}"))?;
    Ok(prepared.assess(as_of.date()))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE
}

fn name_of<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(e) => format!("<{e}>"),
    }
}

/// Every way the report differs from what the case wants.
fn differences(want: &Want, report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(errors) = &want.error_contains {
        out.push(format!(
            "expected an error containing {errors:?}, but the bundle was assessed (score {})",
            report.summary.score
        ));
    }
    if let Some(score) = want.score
        && !close(score, report.summary.score)
    {
        out.push(format!("score: want {score}, got {}", report.summary.score));
    }
    if let Some(rating) = &want.rating
        && *rating != report.summary.rating.id
    {
        out.push(format!(
            "rating: want `{rating}`, got `{}` (score alone: `{}`)",
            report.summary.rating.id, report.summary.score_rating.id
        ));
    }
    let finding = |rule: &str| report.findings.iter().find(|f| f.rule == rule);
    for (rule, status) in want.statuses.iter().flatten() {
        match finding(rule) {
            None => out.push(format!("status of `{rule}`: no such rule in the report")),
            Some(f) if f.status.as_str() != status => out.push(format!(
                "status of `{rule}`: want `{status}`, got `{}`{}",
                f.status.as_str(),
                explain(f)
            )),
            Some(_) => {}
        }
    }
    for (rule, basis) in want.basis.iter().flatten() {
        match finding(rule) {
            None => out.push(format!("basis of `{rule}`: no such rule in the report")),
            Some(f) if name_of(&f.basis) != *basis => out.push(format!(
                "basis of `{rule}`: want `{basis}`, got `{}`",
                name_of(&f.basis)
            )),
            Some(_) => {}
        }
    }
    if let Some(gates) = &want.gates {
        let mut want_gates = gates.clone();
        want_gates.sort();
        let mut got: Vec<String> = report
            .summary
            .gates
            .iter()
            .filter_map(|g| g.rule.clone())
            .collect();
        got.sort();
        if want_gates != got {
            out.push(format!("gates: want {want_gates:?}, got {got:?}"));
        }
    }
    practice_differences(want, report, &mut out);
    for (element, score) in want.element_scores.iter().flatten() {
        match report.elements.iter().find(|e| e.id == *element) {
            None => out.push(format!(
                "score of element `{element}`: no such element in the report"
            )),
            Some(e) => {
                let same = match (score, e.score) {
                    (Some(a), Some(b)) => close(*a, b),
                    (None, None) => true,
                    _ => false,
                };
                if !same {
                    out.push(format!(
                        "score of element `{element}`: want {}, got {} ({} / {})",
                        show(*score),
                        show(e.score),
                        e.numerator,
                        e.denominator
                    ));
                }
            }
        }
    }
    out
}

fn show(score: Option<f64>) -> String {
    score.map_or_else(|| "null".to_owned(), |s| s.to_string())
}

/// The explanation of a finding, for failure messages.
fn explain(finding: &icp_assess::Finding) -> String {
    let mut text = String::new();
    for reason in &finding.explanation {
        let _ = write!(text, "\n        - {}", reason.text);
    }
    text
}

#[test]
fn every_case_in_tests_cases_holds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files = Vec::new();
    case_files(&root, &mut files);
    files.sort();

    let mut failures = Vec::new();
    let mut ran = 0usize;
    for path in &files {
        let name = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(path).expect("readable case file");
        let case: TestCase = match yaml_serde::from_str(&text) {
            Ok(case) => case,
            Err(e) => {
                failures.push(format!("{name}: not a valid case file: {e}"));
                continue;
            }
        };
        ran += 1;
        if case.note.trim().is_empty() {
            failures.push(format!("{name}: `note` is empty; say what the case shows"));
        }
        if case.want.is_empty() {
            failures.push(format!("{name}: `want` states nothing to check"));
            continue;
        }
        let problems = match (run(&name, &case), &case.want.error_contains) {
            (Ok(report), _) => differences(&case.want, &report),
            (Err(error), Some(expected)) => expected
                .iter()
                .filter(|s| !error.contains(s.as_str()))
                .map(|s| format!("the error does not contain {s:?}; it is:\n{error}"))
                .collect(),
            (Err(error), None) => vec![format!("unexpected error:\n{error}")],
        };
        if !problems.is_empty() {
            let mut entry = format!("{name} ({})", case.note.trim());
            for p in problems {
                let _ = write!(entry, "\n    - {p}");
            }
            failures.push(entry);
        }
    }
    println!("ran {ran} cases from {}", root.display());
    assert!(
        failures.is_empty(),
        "{} of {} case files failed:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
    assert!(
        ran >= MIN_CASES,
        "only {ran} cases ran from {}; expected at least {MIN_CASES}",
        root.display()
    );
}

/// Differences in the practice-over-paper expectations: gates, weaknesses, interval, dimensions.
fn practice_differences(want: &Want, report: &Report, out: &mut Vec<String>) {
    let s = &report.summary;
    if let Some(kinds) = &want.gate_kinds {
        let mut got: Vec<String> = s.gates.iter().map(|g| g.kind.as_str().to_owned()).collect();
        got.sort();
        let mut want_kinds = kinds.clone();
        want_kinds.sort();
        if got != want_kinds {
            out.push(format!("gate kinds: want {want_kinds:?}, got {got:?}"));
        }
    }
    if let Some(ids) = &want.material_weaknesses {
        let mut want_ids = ids.clone();
        want_ids.sort();
        let mut got = s.material_weaknesses.clone();
        got.sort();
        if got != want_ids {
            out.push(format!(
                "material weaknesses: want {want_ids:?}, got {got:?}"
            ));
        }
    }
    if let Some(p) = want.provisional
        && p != s.provisional
    {
        out.push(format!("provisional: want {p}, got {}", s.provisional));
    }
    if let Some(high) = want.score_high
        && !close(high, s.score_interval.high)
    {
        out.push(format!(
            "score_high: want {high}, got {}",
            s.score_interval.high
        ));
    }
    for band in want.not_ratings.iter().flatten() {
        if s.rating.id == *band {
            out.push(format!("rating must not be `{band}` (score {})", s.score));
        }
    }
    for (element, band) in want.element_ratings.iter().flatten() {
        let got = report
            .elements
            .iter()
            .find(|e| e.id == *element)
            .and_then(|e| e.rating.as_ref())
            .map(|r| r.id.clone());
        if got.as_deref() != Some(band.as_str()) {
            out.push(format!(
                "rating of element `{element}`: want `{band}`, got {got:?}"
            ));
        }
    }
    let explanation = |rule: &str| {
        report
            .findings
            .iter()
            .find(|f| f.rule == rule)
            .map(|f| {
                f.explanation
                    .iter()
                    .map(|r| r.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default()
    };
    for (rule, level) in want.assurance.iter().flatten() {
        let got = report
            .findings
            .iter()
            .find(|f| f.rule == *rule)
            .and_then(|f| f.assurance)
            .map(|a| a.as_str());
        if got != Some(level.as_str()) {
            out.push(format!(
                "assurance of `{rule}`: want `{level}`, got {got:?}"
            ));
        }
    }
    for (rule, texts) in want.explanations.iter().flatten() {
        let got = explanation(rule);
        for t in texts.iter().filter(|t| !got.contains(t.as_str())) {
            out.push(format!(
                "explanation of `{rule}` lacks {t:?}; it reads:\n{got}"
            ));
        }
    }
    for (rule, texts) in want.explanations_exclude.iter().flatten() {
        let got = explanation(rule);
        for t in texts.iter().filter(|t| got.contains(t.as_str())) {
            out.push(format!(
                "explanation of `{rule}` must not contain {t:?}; it reads:\n{got}"
            ));
        }
    }
    for (dimension, score) in want.dimension_scores.iter().flatten() {
        let got = s
            .dimensions
            .iter()
            .find(|d| d.dimension.as_str() == dimension)
            .and_then(|d| d.score);
        let same = match (score, got) {
            (Some(a), Some(b)) => close(*a, b),
            (None, None) => true,
            _ => false,
        };
        if !same {
            out.push(format!(
                "score of dimension `{dimension}`: want {score:?}, got {got:?}"
            ));
        }
    }
}
