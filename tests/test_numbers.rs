//! Numbers read exactly: JSON and YAML give the same value, and documents round-trip. Found by the fuzz targets.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test fixtures fail loudly"
)]

use icp_assess::model::Value;
use icp_assess::{EvidenceBundle, Framework, Report};

/// Numbers with 17 significant digits that serde_json's default parser reads one unit in the
/// last place off (about one 17-digit number in eleven is affected).
const LONG_NUMBERS: [&str; 2] = ["57414.518664216484", "4.1811948812706093e-178"];

/// Found by `assess_structured`: a bundle read from JSON text differed from the same bundle
/// read from YAML, because `completion_rate: 4.1811948812706093e-178` came out of the JSON
/// reader as `4.18119488127061e-178`.
#[test]
fn json_and_yaml_read_the_same_number() {
    for text in LONG_NUMBERS {
        let exact: f64 = text.parse().unwrap();
        let json = format!(
            r#"{{"subject": {{"name": "Fictional Widgets Ltd", "profile": {{"rate": {text}}}}}}}"#
        );
        let yaml =
            format!("subject: {{ name: Fictional Widgets Ltd, profile: {{ rate: {text} }} }}\n");
        let from_json = EvidenceBundle::from_json_str(&json, "bundle.json").unwrap();
        let from_yaml = EvidenceBundle::from_yaml_str(&yaml, "bundle.yaml").unwrap();
        assert_eq!(
            from_json.subject.profile.get("rate"),
            Some(&Value::Number(exact)),
            "{text} from JSON"
        );
        assert_eq!(from_json, from_yaml, "{text}");
    }
}

/// The same reader broke DESIGN.md's round trips: a framework whose element weight has 17
/// significant digits changed through its own JSON, and so did a report that carries the
/// weight and the sums made from it.
#[test]
fn frameworks_and_reports_with_long_numbers_round_trip_through_json() {
    for text in LONG_NUMBERS {
        let framework = Framework::from_yaml_str(&framework_yaml(text), "long.yaml").unwrap();
        let json = serde_json::to_string(framework.definition()).unwrap();
        let again = Framework::from_json_str(&json, "long.json").unwrap();
        assert_eq!(
            again.definition(),
            framework.definition(),
            "{text}: framework"
        );

        let bundle = EvidenceBundle::from_yaml_str(
            "subject: { name: Fictional Widgets Ltd, profile: { officer_named: true } }\nas_of: 2026-11-01\n",
            "bundle.yaml",
        )
        .unwrap();
        let report = framework
            .prepare(&bundle)
            .unwrap()
            .assess_as_of_bundle()
            .unwrap();
        assert_eq!(report.elements[0].weight, text.parse::<f64>().unwrap());
        let back: Report = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(back, report, "{text}: report");
    }
}

fn framework_yaml(weight: &str) -> String {
    format!(
        r#"framework:
  id: tc-long
  version: 1.0.0
  title: Case framework with a long element weight
  authority: Fictional Export Authority
  source: {{ title: Fictional guidance on weighting, published: 2024-01-01 }}
rating_bands:
  - {{ id: effective, label: Effective, min_score: 50 }}
  - {{ id: ineffective, label: Ineffective, min_score: 0 }}
elements:
  - {{ id: organisation, title: Organisation, weight: {weight} }}
profile_facts:
  officer_named: bool
rules:
  - id: tc-long.org.officer
    element: organisation
    title: Export control officer named
    severity: high
    tests: design
    check: {{ fact: officer_named, eq: true }}
"#
    )
}
