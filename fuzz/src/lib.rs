//! What every fuzz target checks once something loads: the guarantees of DESIGN.md that hold
//! for any input, not only for the samples.

use icp_assess::jiff::civil::{Date, date};
use icp_assess::{EvidenceBundle, Framework, Report};

/// The date every target assesses at.
pub fn as_of() -> Date {
    date(2026, 11, 1)
}

/// Asserts what must hold of any report: scores finite and in range, the score inside its
/// interval, every finding's credit in [0, 1], and the report surviving JSON and YAML.
pub fn check_report(report: &Report) {
    let s = &report.summary;
    assert!(
        s.score.is_finite() && (0.0..=100.0).contains(&s.score),
        "score {}",
        s.score
    );
    assert!(
        s.score_interval.low <= s.score_interval.high,
        "interval {:?}",
        s.score_interval
    );
    assert!(
        (s.score - s.score_interval.low).abs() < 1e-9,
        "score outside its interval"
    );
    for e in &report.elements {
        if let Some(score) = e.score {
            assert!(
                score.is_finite() && (0.0..=100.0).contains(&score),
                "{} {score}",
                e.id
            );
        }
    }
    for f in &report.findings {
        assert!(
            (0.0..=1.0).contains(&f.credit),
            "{} credit {}",
            f.rule,
            f.credit
        );
        assert!(
            f.gain.is_none_or(|g| g.is_finite() && g >= 0.0),
            "{} gain",
            f.rule
        );
    }
    if let Some(next) = &s.next_band {
        assert!(next.score_after >= s.score - 1e-9, "the way up goes down");
    }
    let back = Report::from_json(&report.to_json()).expect("a report reads back from JSON");
    assert_eq!(&back, report, "JSON round trip");
    let back = Report::from_yaml(&report.to_yaml()).expect("a report reads back from YAML");
    assert_eq!(&back, report, "YAML round trip");
    assert!(!report.to_markdown().is_empty());
}

/// Prepares and assesses `bundle` against `framework` twice, checks both reports are the same
/// and that each meets [`check_report`]. A bundle the framework refuses is fine: refusing is an
/// answer, and its message must render.
pub fn assess_and_check(framework: &Framework, bundle: &EvidenceBundle) {
    match framework.prepare(bundle) {
        Ok(prepared) => {
            let report = prepared.assess(as_of());
            check_report(&report);
            assert_eq!(report, prepared.assess(as_of()), "same input, same report");
            if let Ok(own) = prepared.assess_as_of_bundle() {
                check_report(&own);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// What the framework targets check of a loaded framework (or of the refusal): it reads back
/// its own YAML as the same definition, and assesses the mature sample bundle soundly.
pub fn check_framework(loaded: Result<Framework, icp_assess::Error>) {
    const SAMPLE: &str = include_str!("../../examples/data/brightwater-instruments.yaml");
    match loaded {
        Ok(framework) => {
            let again = Framework::from_yaml_str(&framework.to_yaml(), "again.yaml")
                .expect("a framework reads back its own YAML");
            assert_eq!(
                again.definition(),
                framework.definition(),
                "YAML round trip"
            );
            if let Ok(bundle) = EvidenceBundle::from_yaml_str(SAMPLE, "sample.yaml") {
                assess_and_check(&framework, &bundle);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// The bundled frameworks.
pub fn bundled() -> Vec<&'static Framework> {
    Framework::bundled_ids()
        .into_iter()
        .filter_map(|id| Framework::bundled(id).ok())
        .collect()
}
