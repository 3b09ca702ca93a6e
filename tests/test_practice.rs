//! Practice over paper, case by case, against the bundled frameworks.
//!
//! The mature sample, `examples/data/brightwater-instruments.yaml`, is a fictional company whose
//! paper and practice are both complete: it must reach the top band under every bundled
//! framework. Each file in
//! `tests/cases/practice/` changes that company in one way — usually one failure in practice
//! with the paper left perfect, sometimes the same company with the failure remediated — and says
//! what each framework must then conclude:
//!
//! ```yaml
//! note: What the case shows.
//! change:
//!   add: [ { id: ..., kind: ..., ... } ]      # evidence items added
//!   replace: [ { id: EXISTING, ... } ]        # items replacing those with the same id
//!   remove: [ EV-ID ]                         # evidence items removed
//!   profile: { fact: value }                  # profile facts set
//!   add_registers: [ { id: ..., kind: ..., ... } ]
//!   remove_registers: [ REG-ID ]
//!   keep_register_counts: false               # default: record counts follow the records
//! want:
//!   bis-ecg:
//!     fails: [rule.id]                        # each must be not met (or, with unknown, unknown)
//!     unknown: [rule.id]
//!     met: [rule.id]
//!     partially_met: [rule.id]
//!     material_weaknesses: [rule.id]          # must each be listed (others may be too)
//!     not_material_weaknesses: [rule.id]      # must not be listed
//!     rating: ineffective                     # exact band after gates
//!     not_ratings: [effective, largely-effective]
//!     error_contains: ["..."]                 # preparing the bundle must fail
//!   eu-2019-1318: { ... }
//! ```
//!
//! Unless a case says `keep_register_counts: true`, the record count of every register is set to
//! the records of its kind dated in its period after the change, so a case adds an incident
//! without also editing the register.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly on bad fixtures"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use icp_assess::{EvidenceBundle, Framework, Report, Status};
use serde::Deserialize;
use serde_json::Value as Json;

/// The suite must not silently shrink.
const MIN_CASES: usize = 16;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    note: String,
    #[serde(default)]
    change: Change,
    want: BTreeMap<String, Want>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Change {
    #[serde(default)]
    add: Vec<Json>,
    #[serde(default)]
    replace: Vec<Json>,
    #[serde(default)]
    remove: Vec<String>,
    #[serde(default)]
    profile: serde_json::Map<String, Json>,
    #[serde(default)]
    add_registers: Vec<Json>,
    #[serde(default)]
    remove_registers: Vec<String>,
    #[serde(default)]
    keep_register_counts: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Want {
    #[serde(default)]
    fails: Vec<String>,
    #[serde(default)]
    unknown: Vec<String>,
    #[serde(default)]
    met: Vec<String>,
    #[serde(default)]
    partially_met: Vec<String>,
    #[serde(default)]
    material_weaknesses: Vec<String>,
    #[serde(default)]
    not_material_weaknesses: Vec<String>,
    rating: Option<String>,
    #[serde(default)]
    not_ratings: Vec<String>,
    #[serde(default)]
    error_contains: Vec<String>,
}

fn data(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn base() -> Json {
    let text = std::fs::read_to_string(data("examples/data/brightwater-instruments.yaml")).unwrap();
    yaml_serde::from_str(&text).unwrap()
}

fn list<'a>(bundle: &'a mut Json, key: &str) -> &'a mut Vec<Json> {
    let object = bundle.as_object_mut().unwrap();
    object
        .entry(key)
        .or_insert_with(|| Json::Array(Vec::new()))
        .as_array_mut()
        .unwrap()
}

fn id_of(v: &Json) -> &str {
    v["id"].as_str().unwrap_or_default()
}

/// Applies a case's change to the base bundle.
fn apply(mut bundle: Json, change: &Change) -> Json {
    let evidence = list(&mut bundle, "evidence");
    evidence.retain(|e| !change.remove.iter().any(|id| id == id_of(e)));
    for new in &change.replace {
        let slot = evidence
            .iter_mut()
            .find(|e| id_of(e) == id_of(new))
            .unwrap_or_else(|| panic!("`replace` names no item `{}`", id_of(new)));
        *slot = new.clone();
    }
    evidence.extend(change.add.iter().cloned());
    let registers = list(&mut bundle, "registers");
    registers.retain(|r| !change.remove_registers.iter().any(|id| id == id_of(r)));
    registers.extend(change.add_registers.iter().cloned());
    let profile = bundle["subject"]["profile"].as_object_mut().unwrap();
    for (k, v) in &change.profile {
        profile.insert(k.clone(), v.clone());
    }
    if !change.keep_register_counts {
        recount(&mut bundle);
    }
    bundle
}

/// Sets each register's count to the records of its kind dated within its period (dates are
/// `YYYY-MM-DD` text, which orders as dates).
fn recount(bundle: &mut Json) {
    let framework = Framework::bundled("bis-ecg").unwrap().definition();
    let evidence = bundle["evidence"].as_array().cloned().unwrap_or_default();
    for register in list(bundle, "registers") {
        let kind = register["kind"].as_str().unwrap_or_default().to_owned();
        let (from, to) = (
            register["from"].as_str().unwrap_or_default().to_owned(),
            register["to"].as_str().unwrap_or_default().to_owned(),
        );
        let Some(dated_by) = framework
            .evidence_kinds
            .iter()
            .find(|k| k.id == kind)
            .and_then(|k| k.dated_by.clone())
        else {
            continue;
        };
        let count = evidence
            .iter()
            .filter(|e| e["kind"] == kind.as_str())
            .filter(|e| {
                e["attributes"][&dated_by]
                    .as_str()
                    .is_some_and(|d| from.as_str() <= d && d <= to.as_str())
            })
            .count();
        register["record_count"] = Json::from(count);
    }
}

fn prepare_and_assess(framework: &str, bundle: &Json, name: &str) -> Result<Report, String> {
    let text = yaml_serde::to_string(bundle).unwrap();
    let bundle = EvidenceBundle::from_yaml_str(&text, name).map_err(|e| e.to_string())?;
    let framework = Framework::bundled(framework).map_err(|e| e.to_string())?;
    let prepared = framework.prepare(&bundle).map_err(|e| e.to_string())?;
    prepared.assess_as_of_bundle().map_err(|e| e.to_string())
}

fn status_of(report: &Report, rule: &str) -> Option<Status> {
    report
        .findings
        .iter()
        .find(|f| f.rule == rule)
        .map(|f| f.status)
}

fn check(framework: &str, want: &Want, got: Result<Report, String>, out: &mut Vec<String>) {
    let report = match (got, want.error_contains.is_empty()) {
        (Err(e), true) => return out.push(format!("{framework}: unexpected error:\n{e}")),
        (Err(e), false) => {
            for text in want
                .error_contains
                .iter()
                .filter(|t| !e.contains(t.as_str()))
            {
                out.push(format!("{framework}: the error lacks {text:?}:\n{e}"));
            }
            return;
        }
        (Ok(_), false) => return out.push(format!("{framework}: accepted, want an error")),
        (Ok(report), true) => report,
    };
    let expect = |rules: &[String], statuses: &[Status], out: &mut Vec<String>| {
        for rule in rules {
            let got = status_of(&report, rule);
            if !got.is_some_and(|s| statuses.contains(&s)) {
                out.push(format!(
                    "{framework}: `{rule}` is {got:?}, want one of {statuses:?}"
                ));
            }
        }
    };
    expect(&want.fails, &[Status::NotMet], out);
    expect(&want.unknown, &[Status::Unknown], out);
    expect(&want.met, &[Status::Met], out);
    expect(&want.partially_met, &[Status::PartiallyMet], out);
    for rule in &want.not_material_weaknesses {
        if report.summary.material_weaknesses.contains(rule) {
            out.push(format!(
                "{framework}: `{rule}` must not be a material weakness"
            ));
        }
    }
    for rule in &want.material_weaknesses {
        if !report.summary.material_weaknesses.contains(rule) {
            out.push(format!(
                "{framework}: `{rule}` is not among the material weaknesses {:?}",
                report.summary.material_weaknesses
            ));
        }
    }
    let rating = &report.summary.rating.id;
    if want.rating.as_ref().is_some_and(|r| r != rating) {
        out.push(format!(
            "{framework}: rating `{rating}` (score {}), want `{}`",
            report.summary.score,
            want.rating.as_deref().unwrap_or_default()
        ));
    }
    if want.not_ratings.contains(rating) {
        out.push(format!(
            "{framework}: rating `{rating}` (score {}) is one it must not reach",
            report.summary.score
        ));
    }
}

fn case_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data("tests/cases/practice"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_base_company_reaches_the_top_band_everywhere() {
    let bundle = apply(base(), &Change::default());
    for id in Framework::bundled_ids() {
        let report = prepare_and_assess(id, &bundle, "practice-base.yaml").unwrap();
        let top = &Framework::bundled(id).unwrap().definition().rating_bands[0].id;
        assert_eq!(
            &report.summary.rating.id, top,
            "{id}: {} ({}), gates {:?}",
            report.summary.score, report.summary.rating.id, report.summary.gates
        );
        assert!(report.summary.material_weaknesses.is_empty(), "{id}");
        assert!(!report.summary.provisional, "{id}");
    }
}

#[test]
fn every_practice_case_holds() {
    let files = case_files();
    assert!(
        files.len() >= MIN_CASES,
        "only {} practice cases",
        files.len()
    );
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let case: Case = yaml_serde::from_str(&std::fs::read_to_string(path).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!case.note.trim().is_empty(), "{name}: a case needs a note");
        assert!(!case.want.is_empty(), "{name}: a case needs expectations");
        let bundle = apply(base(), &case.change);
        let mut out = Vec::new();
        for (framework, want) in &case.want {
            check(
                framework,
                want,
                prepare_and_assess(framework, &bundle, &name),
                &mut out,
            );
        }
        if !out.is_empty() {
            failures.push(format!(
                "{name} ({}):\n  {}",
                case.note.trim(),
                out.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} practice cases failed:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

/// Adding a material weakness to the base company never raises any score, and caps the rating
/// at the lowest band under every framework.
#[test]
fn a_material_weakness_never_raises_a_score() {
    let clean = apply(base(), &Change::default());
    for path in case_files() {
        let case: Case = yaml_serde::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let changed = apply(base(), &case.change);
        for id in Framework::bundled_ids() {
            let (Ok(after), Ok(before)) = (
                prepare_and_assess(id, &changed, "changed.yaml"),
                prepare_and_assess(id, &clean, "clean.yaml"),
            ) else {
                continue;
            };
            if after.summary.material_weaknesses.is_empty() {
                continue;
            }
            let lowest = &Framework::bundled(id).unwrap().definition().rating_bands;
            assert_eq!(
                Some(&after.summary.rating.id),
                lowest.last().map(|b| &b.id),
                "{path:?} {id}"
            );
            assert!(after.summary.score <= before.summary.score, "{path:?} {id}");
            assert!(
                after.summary.score_interval.high <= before.summary.score_interval.high,
                "{path:?} {id}"
            );
            for (a, b) in after
                .summary
                .dimensions
                .iter()
                .zip(&before.summary.dimensions)
            {
                assert!(a.score <= b.score, "{path:?} {id} {:?}", a.dimension);
            }
            for (a, b) in after.elements.iter().zip(&before.elements) {
                assert!(a.score <= b.score, "{path:?} {id} {}", a.id);
            }
        }
    }
}
