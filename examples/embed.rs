//! Embedding icp-assess in another program, using only what the README shows: assess a bundle,
//! read a finding and its explanation, the score, the rating, the way to the next band and the
//! gaps, and serialise the report.
//!
//! ```text
//! cargo run --example embed
//! ```
//!
//! The body of `main` is the README's library example, line for line; a test keeps them equal.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    use icp_assess::jiff::civil::date;
    use icp_assess::{EvidenceBundle, Framework, Status};

    let framework = Framework::bundled("bis-ecg")?;
    let bundle = EvidenceBundle::from_yaml_str(
        r#"
subject:
  name: Fictional Fasteners GmbH
  profile: { exports_dual_use: true, ships_physical_goods: true, employees: 140 }
evidence:
  - id: EV-1
    kind: policy_statement
    assurance: documented
    attributes: { signed_by: ceo, date: 2026-03-02, distributed_to_staff: true,
                  accessible_to_all_staff: true }
attestations:
  bis-ecg.mc.7: { answer: yes, evidence: [EV-1] }   # a rule with no check: the company answers
    "#,
        "fasteners.yaml",
    )?;

    // Checking the bundle against the framework can fail (wrong types, unknown rules, ...);
    // assessing cannot: it is a pure function of the framework, the evidence and the date.
    let report = framework.prepare(&bundle)?.assess(date(2026, 11, 1));

    let commitment = report
        .findings
        .iter()
        .find(|f| f.rule == "bis-ecg.mc.1")
        .ok_or("the report has no finding for bis-ecg.mc.1")?;
    assert_eq!(commitment.status, Status::Met);
    for reason in &commitment.explanation {
        println!("{} {}", reason.outcome, reason.text);
    }
    println!(
        "{:.2} / 100, {}",
        report.summary.score, report.summary.rating.label
    );
    if let Some(next) = &report.summary.next_band {
        println!(
            "to reach {}, meet {} rule(s):",
            next.band.label,
            next.rules.len()
        );
    }
    for gap in report.gaps().iter().take(3) {
        println!("+{:.2} if `{}` were met", gap.gain.unwrap_or(0.0), gap.rule);
    }
    let json = report.to_json(); // or report.to_yaml(), report.to_markdown()
    assert!(json.contains("\"schema_version\""));
    Ok(())
}
