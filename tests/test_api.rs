//! The public API an embedding program relies on: re-exported dependencies, `Display` for the
//! small enums, and errors that work with `?` and `Box<dyn Error>`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly on bad fixtures"
)]

use icp_assess::model::{Assurance, Dimension, Severity};
use icp_assess::report::{Basis, GateKind};
use icp_assess::{EvidenceBundle, Framework, Problems, Status};

#[test]
fn enums_display_as_in_files_and_reports() {
    assert_eq!(Status::PartiallyMet.to_string(), "partially_met");
    assert_eq!(Severity::Critical.to_string(), "critical");
    assert_eq!(
        Assurance::IndependentlyAudited.to_string(),
        "independently_audited"
    );
    assert_eq!(Dimension::Operation.to_string(), "operation");
    assert_eq!(Basis::Attestation.to_string(), "attestation");
    assert_eq!(GateKind::MaterialWeakness.to_string(), "material_weakness");
}

#[test]
fn reexported_dependencies_are_the_ones_the_api_uses() {
    let framework = Framework::bundled("bis-ecg").unwrap();
    let version: &icp_assess::semver::Version = framework.version();
    assert!(version.major >= 2);
    let bundle =
        EvidenceBundle::from_yaml_str("subject: { name: Fictional Tern Optics Ltd }\n", "b.yaml")
            .unwrap();
    let report = framework
        .prepare(&bundle)
        .unwrap()
        .assess(icp_assess::jiff::civil::date(2026, 11, 1));
    assert_eq!(report.as_of.to_string(), "2026-11-01");
}

#[test]
fn problems_are_standard_errors() {
    fn boxed() -> Result<(), Box<dyn std::error::Error>> {
        Framework::from_yaml_str("framework: {}\n", "f.yaml")?;
        Ok(())
    }
    let err = boxed().unwrap_err();
    assert!(err.to_string().contains("f.yaml"), "{err}");
    fn is_error<E: std::error::Error>() {}
    is_error::<Problems>();
    is_error::<icp_assess::Problem>();
}
