//! Hostile inputs, one test per family: each input is generated in code (small sizes here; the
//! `hostile` example runs them at full size and times them), written to a file, read through the
//! public API as a user would, and the outcome asserted exactly: refused with which message, at
//! which line and column, with which help and how many problems; or accepted, with a score in
//! [0, 100] and the diagnostics expected.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly on bad fixtures"
)]

#[path = "../examples/hostile/inputs/mod.rs"]
mod inputs;

use std::path::PathBuf;

use icp_assess::{Error, EvidenceBundle, Format, LoadOptions};
use inputs::{Case, Expect, Outcome, Scale};

/// A directory of its own for a family's inputs, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(family: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!(
            "icp-hostile-{}-{}",
            std::process::id(),
            family.replace(' ', "-")
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs every case of `family` and asserts its outcome; returns the outcomes by case name.
fn family(family: &str) -> Vec<(Case, Outcome)> {
    let scratch = Scratch::new(family);
    let cases: Vec<Case> = inputs::cases(Scale::Small, &scratch.0)
        .into_iter()
        .filter(|c| c.family == family)
        .collect();
    assert!(!cases.is_empty(), "no cases in family {family}");
    let mut outcomes = Vec::new();
    for case in cases {
        inputs::write_input(&case, &scratch.0).unwrap();
        let outcome = inputs::run(&case, &scratch.0);
        assert!(
            inputs::matches(&case.expect, &outcome),
            "{}: expected {:#?}\ngot {:#?}",
            case.name,
            case.expect,
            shorten(&outcome)
        );
        outcomes.push((case, outcome));
    }
    outcomes
}

/// The outcome without the (possibly huge) rendered text.
fn shorten(outcome: &Outcome) -> Outcome {
    match outcome {
        Outcome::Refused {
            message,
            at,
            help,
            problems,
            text,
        } => Outcome::Refused {
            message: message.chars().take(300).collect(),
            at: *at,
            help: help.clone(),
            problems: *problems,
            text: text.chars().take(600).collect(),
        },
        other => other.clone(),
    }
}

#[cfg(unix)]
#[test]
fn devices_pipes_and_directories_are_refused_before_they_are_read() {
    let outcomes = family("read caps");
    assert_eq!(outcomes.len(), 7);
}

#[test]
fn many_problems_are_all_located_and_the_report_is_capped() {
    for (case, outcome) in family("locating") {
        let Outcome::Refused { problems, text, .. } = outcome else {
            continue;
        };
        // Every problem has a line; the text shows the first 100 and counts the rest.
        assert!(problems > 100, "{}", case.name);
        assert_eq!(text.matches("\nerror: ").count(), 99, "{}", case.name);
        assert!(
            text.ends_with(&format!(
                "… and {} more problems, not shown\n\n{problems} problems found",
                problems - 100
            )),
            "{}",
            case.name
        );
        let located = text.matches(" --> ").count();
        let with_line = text
            .lines()
            .filter(|l| l.starts_with(" --> ") && l.contains(".yaml:"))
            .count();
        assert_eq!((located, with_line), (100, 100), "{}", case.name);
    }
}

#[test]
fn deep_nesting_is_refused_at_the_level_past_the_limit() {
    assert_eq!(family("nesting").len(), 7);
}

#[test]
fn did_you_mean_is_given_for_many_unknown_names() {
    assert_eq!(family("did you mean").len(), 2);
}

#[test]
fn over_long_keys_and_values_are_refused_where_they_start() {
    assert_eq!(family("key and value length").len(), 8);
}

#[test]
fn limits_follow_the_load_options() {
    let text = "subject: { name: Fictional Widgets Ltd }\nas_of: 2026-11-01\n";
    let tight = LoadOptions::new().max_scalar_bytes(8);
    let err = EvidenceBundle::from_str_with(text, "b.yaml", Format::Yaml, &tight).unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(
        p.message(),
        "this value is 21 bytes long, over the limit of 8 bytes"
    );
    assert_eq!(p.location().map(|l| (l.line, l.column)), Some((1, 18)));
    let tight = LoadOptions::new().max_key_bytes(4);
    let err = EvidenceBundle::from_str_with(text, "b.yaml", Format::Yaml, &tight).unwrap_err();
    assert_eq!(
        err.problems()[0].message(),
        "this key is 7 bytes long, over the limit of 4 bytes"
    );
    assert!(
        EvidenceBundle::from_str_with(text, "b.yaml", Format::Yaml, &LoadOptions::new()).is_ok()
    );
}

#[test]
fn documents_of_too_many_nodes_are_refused_before_parsing() {
    assert_eq!(family("node count").len(), 2);
}

#[test]
fn contradictory_equalities_are_found_among_many_parts() {
    assert_eq!(family("contradictions").len(), 2);
}

#[test]
fn text_after_a_json_document_is_refused_and_an_empty_one_is_located_at_1_1() {
    assert_eq!(family("json documents").len(), 4);
}

#[test]
fn weights_are_bounded_so_that_scores_stay_finite() {
    assert_eq!(family("weights").len(), 2);
}

#[test]
fn yaml_tags_are_refused() {
    assert_eq!(family("yaml tags").len(), 3);
}

#[test]
fn near_miss_framework_prefixes_are_errors_and_other_frameworks_diagnostics() {
    assert_eq!(family("framework prefixes").len(), 4);
}

#[test]
fn byte_order_marks_are_skipped_and_bad_encodings_located() {
    assert_eq!(family("encodings").len(), 4);
}

#[test]
fn every_located_problem_is_one_based() {
    // Errors at the very start of a document, in both formats.
    let cases: [(&str, Format); 4] = [
        ("", Format::Json),
        ("]", Format::Json),
        ("- 1\n", Format::Yaml),
        ("", Format::Yaml),
    ];
    for (text, format) in cases {
        let err =
            EvidenceBundle::from_str_with(text, "b", format, &LoadOptions::new()).expect_err(text);
        for p in err.problems() {
            let at = p.location().unwrap_or_else(|| panic!("unlocated: {err}"));
            assert!(at.line >= 1 && at.column >= 1, "{text:?}: {err}");
        }
    }
    let err = EvidenceBundle::from_json_str("", "b.json").unwrap_err();
    assert!(matches!(err, Error::Syntax(_)), "{err}");
    assert!(err.to_string().contains("b.json:1:1"), "{err}");
}

#[test]
fn both_scales_have_the_same_cases_with_unique_names() {
    let dir = std::env::temp_dir();
    let small = inputs::cases(Scale::Small, &dir);
    let full = inputs::cases(Scale::Full, &dir);
    let families =
        |cases: &[Case]| -> Vec<&'static str> { cases.iter().map(|c| c.family).collect() };
    assert_eq!(families(&small), families(&full));
    for cases in [&small, &full] {
        let mut names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), cases.len());
    }
    let refused = small
        .iter()
        .filter(|c| matches!(c.expect, Expect::Refused { .. }))
        .count();
    assert_eq!((refused, small.len()), (40, 48));
}
