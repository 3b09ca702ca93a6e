//! Inputs the fuzz targets found, kept as tests. Each replays what its target checks.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a regression fails the test loudly"
)]

use icp_assess::jiff::civil::date;
use icp_assess::{EvidenceBundle, Framework, Report};

/// `framework_json`: a name holding DEL and C1 control characters. The YAML written for the
/// framework kept them raw, which YAML forbids, so the framework could not read itself back.
#[test]
fn a_framework_with_control_characters_reads_back_its_own_yaml() {
    let text = include_str!("data/fuzz/framework-control-character.json");
    let framework = Framework::from_json_str(text, "crash.json").unwrap();
    let again = Framework::from_yaml_str(&framework.to_yaml(), "again.yaml")
        .expect("a framework reads back its own YAML");
    assert_eq!(again.definition(), framework.definition());
}

/// `bundle_json`: the same in a report, through the subject's name or profile.
#[test]
fn a_report_with_control_characters_reads_back_from_its_yaml() {
    let text = include_str!("data/fuzz/bundle-control-character.json");
    let bundle = EvidenceBundle::from_json_str(text, "crash.json").unwrap();
    for id in Framework::bundled_ids() {
        let framework = Framework::bundled(id).unwrap();
        let Ok(prepared) = framework.prepare(&bundle) else {
            continue;
        };
        let report = prepared.assess(date(2026, 11, 1));
        let back = Report::from_yaml(&report.to_yaml()).expect("a report reads back its YAML");
        assert_eq!(back, report, "{id}");
    }
}
