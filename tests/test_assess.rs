//! The bundled frameworks against the sample companies, through the public API only.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly on bad fixtures"
)]

use icp_assess::model::Assurance;
use icp_assess::report::{Basis, Report};
use icp_assess::{EvidenceBundle, Framework, Status};

fn sample(name: &str) -> EvidenceBundle {
    let path = format!("{}/examples/data/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
    EvidenceBundle::from_path(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn assess(framework: &str, bundle: &EvidenceBundle) -> Report {
    let framework = Framework::bundled(framework).unwrap();
    framework
        .prepare(bundle)
        .unwrap_or_else(|e| panic!("{e}"))
        .assess_as_of_bundle()
        .unwrap()
}

fn finding<'r>(report: &'r Report, rule: &str) -> &'r icp_assess::Finding {
    report
        .findings
        .iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("no finding {rule}"))
}

fn self_declared_share(report: &Report) -> f64 {
    report
        .summary
        .assurance
        .iter()
        .find(|a| a.level == Assurance::SelfDeclared)
        .map_or(0.0, |a| a.share)
}

#[test]
fn bundled_frameworks_have_their_official_elements_and_enough_rules() {
    let bis = Framework::bundled("bis-ecg").unwrap();
    assert_eq!(bis.definition().elements.len(), 8);
    assert!(bis.definition().rules.len() >= 30);
    let eu = Framework::bundled("eu-2019-1318").unwrap();
    assert_eq!(eu.definition().elements.len(), 7);
    assert!(eu.definition().rules.len() >= 25);
    for framework in [bis, eu] {
        for rule in &framework.definition().rules {
            assert!(!rule.references.is_empty(), "{} cites nothing", rule.id);
            assert!(rule.remediation.is_some(), "{} has no remediation", rule.id);
        }
    }
}

#[test]
fn the_files_in_rules_are_the_bundled_frameworks() {
    for id in Framework::bundled_ids() {
        let path = format!("{}/rules/{id}.yaml", env!("CARGO_MANIFEST_DIR"));
        let from_disk = Framework::from_path(&path).unwrap();
        assert_eq!(
            from_disk.definition(),
            Framework::bundled(id).unwrap().definition()
        );
    }
}

#[test]
fn mature_exporter_scores_effective_on_documented_evidence() {
    let bundle = sample("brightwater-instruments");
    for framework in ["bis-ecg", "eu-2019-1318"] {
        let report = assess(framework, &bundle);
        assert!(
            report.summary.score >= 85.0,
            "{framework}: {}",
            report.summary.score
        );
        assert_eq!(report.summary.rating.id, "effective", "{framework}");
        assert!(report.summary.gates.is_empty(), "{framework}");
        assert!(self_declared_share(&report) < 0.1, "{framework}");
    }
}

#[test]
fn small_firm_scores_low_with_many_unknowns() {
    let bundle = sample("kestrel-microsystems");
    let report = assess("bis-ecg", &bundle);
    assert!(report.summary.score < 30.0, "{}", report.summary.score);
    assert_eq!(report.summary.rating.id, "ineffective");
    assert!(
        report.summary.counts.unknown >= 8,
        "{:?}",
        report.summary.counts
    );
    assert!(self_declared_share(&report) > 0.5);
    // A missing document is a gap, never a pass.
    for f in &report.findings {
        if f.status == Status::Unknown {
            assert_eq!(f.credit, 0.0);
            assert!(f.gain.is_some());
        }
    }
}

#[test]
fn sanctioned_group_is_strong_on_paper_and_weak_in_practice() {
    let bundle = sample("eastern-meridian-group");
    let report = assess("bis-ecg", &bundle);
    // The commitment statement exists, but management overrode a compliance hold.
    let commitment = finding(&report, "bis-ecg.mc.1");
    assert_eq!(commitment.status, Status::NotMet);
    assert_eq!(commitment.basis, Basis::Evidence);
    assert!(
        commitment
            .explanation
            .iter()
            .any(|r| r.text.contains("management_decision")),
        "{:#?}",
        commitment.explanation
    );
    // End users on shipments to destinations of concern were not screened.
    assert_ne!(finding(&report, "bis-ecg.ea.5").status, Status::Met);
    // A failed critical rule caps the rating below what the score alone would earn.
    assert!(
        report
            .summary
            .gates
            .iter()
            .any(|g| g.rule.as_deref() == Some("bis-ecg.mc.1"))
    );
    assert_eq!(report.summary.rating.id, "ineffective");
    // Strong policy documents: the written manual and procedures earn credit.
    let paper = report
        .elements
        .iter()
        .find(|e| e.id == "build-maintain-ecp" || e.title.contains("Build"))
        .unwrap();
    assert!(paper.score.unwrap_or(0.0) >= 60.0);
}

#[test]
fn gaps_are_ranked_by_gain_and_gains_add_up() {
    let report = assess("bis-ecg", &sample("kestrel-microsystems"));
    let gaps = report.gaps();
    assert!(!gaps.is_empty());
    for pair in gaps.windows(2) {
        assert!(pair[0].gain >= pair[1].gain);
    }
    // Fixing every gap would bring the score to 100 (up to rounding of each gain).
    let total: f64 = gaps.iter().map(|g| g.gain.unwrap()).sum();
    assert!((report.summary.score + total - 100.0).abs() < 0.01 * gaps.len() as f64);
}

#[test]
fn element_numbers_recompute_from_the_report() {
    let report = assess("eu-2019-1318", &sample("eastern-meridian-group"));
    // Scoring method 2: each applicable rule counts for element weight × rule weight.
    let mut numerator = 0.0;
    let mut denominator = 0.0;
    let mut dimensions = std::collections::BTreeMap::new();
    for e in &report.elements {
        let findings: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.element == e.id)
            .collect();
        let counted: Vec<_> = findings
            .iter()
            .filter(|f| !matches!(f.status, Status::NotApplicable | Status::Waived))
            .collect();
        let num: f64 = counted.iter().map(|f| f.credit * f.weight).sum();
        let den: f64 = counted.iter().map(|f| f.weight).sum();
        assert_eq!(e.numerator, num, "{}", e.id);
        assert_eq!(e.denominator, den, "{}", e.id);
        assert_eq!(e.excluded.len(), findings.len() - counted.len());
        if let Some(score) = e.score {
            assert!((score - 100.0 * num / den).abs() < 0.005);
        }
        numerator += e.weight * num;
        denominator += e.weight * den;
        for f in &counted {
            assert!(
                (f.pooled_weight - e.weight * f.weight).abs() < 1e-12,
                "{}",
                f.rule
            );
            let d = dimensions.entry(f.dimension).or_insert((0.0, 0.0));
            d.0 += f.pooled_weight * f.credit;
            d.1 += f.pooled_weight;
        }
    }
    assert!((report.summary.score - 100.0 * numerator / denominator).abs() < 0.005);
    for d in &report.summary.dimensions {
        let (num, den) = dimensions.get(&d.dimension).copied().unwrap_or((0.0, 0.0));
        match d.score {
            Some(score) => assert!(
                (score - 100.0 * num / den).abs() < 0.005,
                "{:?}",
                d.dimension
            ),
            None => assert_eq!(den, 0.0),
        }
    }
    // The interval's upper end counts every unknown rule as met.
    let unknown: f64 = report
        .findings
        .iter()
        .filter(|f| f.status == Status::Unknown)
        .map(|f| f.pooled_weight)
        .sum();
    let high = 100.0 * (numerator + unknown) / denominator;
    assert!((report.summary.score_interval.high - high).abs() < 0.005);
}

#[test]
fn evidence_order_and_format_do_not_change_the_report() {
    let bundle = sample("eastern-meridian-group");
    let base = assess("bis-ecg", &bundle).to_json();
    let mut reversed = bundle.clone();
    reversed.evidence.reverse();
    assert_eq!(assess("bis-ecg", &reversed).to_json(), base);
    // The same bundle written as JSON gives the same report.
    let json = serde_json::to_string(&bundle).unwrap();
    let from_json = EvidenceBundle::from_json_str(&json, "group.json").unwrap();
    assert_eq!(assess("bis-ecg", &from_json).to_json(), base);
}

#[test]
fn json_report_carries_schema_version_status_basis_and_explanation() {
    let report = assess("bis-ecg", &sample("eastern-meridian-group"));
    let value: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(value["schema_version"], 2);
    assert_eq!(value["framework"]["id"], "bis-ecg");
    let first = &value["findings"][0];
    for key in [
        "status",
        "basis",
        "explanation",
        "severity",
        "dimension",
        "weight",
        "pooled_weight",
        "credit",
        "references",
    ] {
        assert!(!first[key].is_null(), "finding lacks {key}");
    }
    assert!(!report.to_markdown().is_empty());
    assert!(
        report
            .to_markdown()
            .contains("## Gaps, ranked by what fixing them is worth")
    );
}

#[test]
fn bundles_serve_both_frameworks_and_note_foreign_attestations() {
    let report = assess("eu-2019-1318", &sample("brightwater-instruments"));
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.message.contains("other frameworks"))
    );
}

#[test]
fn bundled_frameworks_share_one_evidence_vocabulary() {
    // One bundle serves every bundled framework only if they declare the same kinds and facts.
    let bis = Framework::bundled("bis-ecg").unwrap().definition();
    let eu = Framework::bundled("eu-2019-1318").unwrap().definition();
    assert_eq!(bis.evidence_kinds, eu.evidence_kinds);
    assert_eq!(bis.profile_facts, eu.profile_facts);
}

#[test]
fn an_incomplete_retrieval_test_earns_only_partial_credit() {
    let report = assess("bis-ecg", &sample("eastern-meridian-group"));
    let retrieval = finding(&report, "bis-ecg.rk.3");
    assert_eq!(retrieval.status, Status::PartiallyMet);
    assert!(
        retrieval
            .explanation
            .iter()
            .any(|r| r.text.contains("`records_missing` = 19"))
    );
}
