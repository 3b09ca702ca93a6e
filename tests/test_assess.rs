//! The bundled frameworks against the sample companies, through the public API only.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly on bad fixtures"
)]

use icp_assess::model::{Assurance, Dimension};
use icp_assess::report::{Basis, MarkdownOptions, Report};
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

const FRAMEWORKS: [&str; 2] = ["bis-ecg", "eu-2019-1318"];
const SAMPLES: [&str; 4] = [
    "brightwater-instruments",
    "eastern-meridian-group",
    "kestrel-microsystems",
    "verrowind-microwave",
];

fn top_band(framework: &str) -> String {
    Framework::bundled(framework)
        .unwrap()
        .definition()
        .rating_bands[0]
        .id
        .clone()
}

fn band_rank(framework: &str, id: &str) -> usize {
    Framework::bundled(framework)
        .unwrap()
        .definition()
        .rating_bands
        .iter()
        .position(|b| b.id == id)
        .unwrap()
}

#[test]
fn mature_exporter_is_effective_in_practice() {
    let bundle = sample("brightwater-instruments");
    for framework in FRAMEWORKS {
        let report = assess(framework, &bundle);
        let s = &report.summary;
        assert_eq!(s.rating.id, top_band(framework), "{framework}: {}", s.score);
        assert!(s.material_weaknesses.is_empty(), "{framework}");
        assert!(s.gates.is_empty(), "{framework}: {:?}", s.gates);
        assert!(!s.provisional, "{framework}");
        let operation = s
            .dimensions
            .iter()
            .find(|d| d.dimension == Dimension::Operation)
            .and_then(|d| d.score)
            .unwrap();
        assert!(operation >= 85.0, "{framework}: operation {operation}");
        assert!(self_declared_share(&report) < 0.1, "{framework}");
    }
}

#[test]
fn small_firm_scores_low_with_many_unknowns() {
    let bundle = sample("kestrel-microsystems");
    for framework in FRAMEWORKS {
        let report = assess(framework, &bundle);
        let s = &report.summary;
        assert!(s.score < 50.0, "{framework}: {}", s.score);
        assert!(
            band_rank(framework, &s.rating.id) >= 2,
            "{framework}: {}",
            s.rating.id
        );
        assert!(s.counts.unknown >= 5, "{framework}: {:?}", s.counts);
        assert!(s.score_interval.high > s.score, "{framework}");
        // A missing register or test is a gap, never a pass.
        for f in &report.findings {
            if f.status == Status::Unknown {
                assert_eq!(f.credit, 0.0);
                assert!(f.gain.is_some());
            }
        }
    }
}

#[test]
fn sanctioned_group_fails_in_practice_under_both_frameworks() {
    let bundle = sample("eastern-meridian-group");
    for framework in FRAMEWORKS {
        let report = assess(framework, &bundle);
        let s = &report.summary;
        assert_eq!(s.rating.id, "ineffective", "{framework}");
        assert!(!s.material_weaknesses.is_empty(), "{framework}");
        assert!(
            !s.provisional,
            "{framework}: the failures are shown, not inferred"
        );
        // Management released what compliance had stopped: a material weakness, shown by the
        // management-decision log the group submitted.
        let override_rule = if framework == "bis-ecg" {
            "bis-ecg.mc.5"
        } else {
            "eu-2019-1318.mc.5"
        };
        let f = finding(&report, override_rule);
        assert_eq!(f.status, Status::NotMet, "{framework}");
        assert_eq!(f.basis, Basis::Evidence);
        assert!(
            f.explanation
                .iter()
                .any(|r| r.text.contains("management_decision")),
            "{:#?}",
            f.explanation
        );
        // Material weaknesses come right after the verdict in the Markdown.
        let md = report.to_markdown();
        let weaknesses = md.find("## Material weaknesses").unwrap();
        assert!(md.find("## Verdict").unwrap() < weaknesses);
        assert!(weaknesses < md.find("## Elements").unwrap());
        // Its paper is strong: design scores far above operation.
        let score = |d: Dimension| {
            s.dimensions
                .iter()
                .find(|x| x.dimension == d)
                .and_then(|x| x.score)
                .unwrap()
        };
        assert!(
            score(Dimension::Design) > score(Dimension::Operation) + 20.0,
            "{framework}: {:?}",
            s.dimensions
        );
    }
}

#[test]
fn leaving_out_the_bad_news_never_raises_the_sanctioned_groups_rating() {
    let bundle = sample("eastern-meridian-group");
    let adverse = [
        "management_decision",
        "incident",
        "audit_finding",
        "red_flag",
        "hold",
        "screening_alert",
    ];
    for framework in FRAMEWORKS {
        let before = assess(framework, &bundle);
        let mut cleaned = bundle.clone();
        cleaned
            .evidence
            .retain(|e| !adverse.contains(&e.kind.as_str()));
        cleaned
            .registers
            .retain(|r| !adverse.contains(&r.kind.as_str()));
        let after = assess(framework, &cleaned);
        assert!(
            band_rank(framework, &after.summary.rating.id)
                >= band_rank(framework, &before.summary.rating.id),
            "{framework}: {} -> {}",
            before.summary.rating.id,
            after.summary.rating.id
        );
        assert_eq!(after.summary.rating.id, "ineffective", "{framework}");
        // What was hidden is now undecided, and the report says so.
        assert!(after.summary.provisional || !after.summary.material_weaknesses.is_empty());
    }
}

#[test]
fn perfect_paper_with_failing_practice_rates_ineffective() {
    let bundle = sample("verrowind-microwave");
    for framework in FRAMEWORKS {
        let report = assess(framework, &bundle);
        let s = &report.summary;
        assert_eq!(s.rating.id, "ineffective", "{framework}: {}", s.score);
        assert!(
            s.material_weaknesses.len() >= 3,
            "{framework}: {:?}",
            s.material_weaknesses
        );
        let design = s
            .dimensions
            .iter()
            .find(|d| d.dimension == Dimension::Design)
            .and_then(|d| d.score)
            .unwrap();
        assert!(design >= 90.0, "{framework}: design {design}");
        let md = report.to_markdown();
        let sections: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
        assert_eq!(
            sections[..2],
            ["## Verdict: Ineffective", "## Material weaknesses"],
            "{framework}"
        );
        for rule in &s.material_weaknesses {
            assert!(
                md.find(rule.as_str()).unwrap() < md.find("## Elements").unwrap(),
                "{framework}: {rule} is not named before the elements"
            );
        }
    }
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

/// Rows a company picks itself never prove that a control operates, and the absence of adverse
/// records proves nothing without a register: with only the mature exporter's transaction rows
/// (all clean) and its profile, no operation rule is met.
#[test]
fn company_picked_rows_alone_meet_no_operation_rule() {
    let mut bundle = sample("brightwater-instruments");
    bundle.evidence.retain(|e| e.kind == "transaction_record");
    bundle.registers.clear();
    bundle.attestations = Default::default();
    assert!(
        bundle.evidence.len() >= 5,
        "the sample has transaction rows"
    );
    for framework in FRAMEWORKS {
        let report = assess(framework, &bundle);
        for f in &report.findings {
            if f.dimension == Dimension::Operation {
                assert_ne!(
                    f.status,
                    Status::Met,
                    "{framework}: {} is met by rows alone",
                    f.rule
                );
            }
        }
        assert_eq!(report.summary.rating.id, "ineffective", "{framework}");
    }
}

/// A screen of text: what a reader sees before scrolling.
const FIRST_SCREEN: usize = 45;

#[test]
fn markdown_puts_the_rating_its_caps_and_the_way_up_on_the_first_screen() {
    for name in SAMPLES {
        for framework in FRAMEWORKS {
            let report = assess(framework, &sample(name));
            let md = report.to_markdown();
            let lines: Vec<&str> = md.lines().collect();
            assert!(
                lines.len() < 200,
                "{name}/{framework}: {} lines",
                lines.len()
            );
            let first = lines[..FIRST_SCREEN.min(lines.len())].join("\n");
            let s = &report.summary;
            assert!(
                first.contains(&format!("## Verdict: {}", s.rating.label)),
                "{name}/{framework}"
            );
            for gate in &s.gates {
                let named = gate.rule.as_deref().unwrap_or("Operation not demonstrated");
                assert!(
                    first.contains(named),
                    "{name}/{framework}: gate {named} not on the first screen"
                );
            }
            match &s.next_band {
                Some(next) => {
                    assert!(
                        first.contains(&format!("**To reach {}**", next.band.label)),
                        "{name}/{framework}"
                    );
                    for step in &next.rules {
                        assert!(
                            first.contains(&format!("`{}`", step.rule)),
                            "{name}/{framework}: {}",
                            step.rule
                        );
                    }
                }
                None => assert_eq!(s.rating.id, "effective", "{name}/{framework}"),
            }
            // Met rules are folded; the full trace only comes on request.
            assert!(md.contains("rule(s) met</summary>"), "{name}/{framework}");
            assert!(!md.contains("✔"), "{name}/{framework}");
            let detail = report.to_markdown_with(MarkdownOptions::default().detail(true));
            assert!(
                detail.contains("✔") && detail.len() > md.len(),
                "{name}/{framework}"
            );
            // Values are said in words, not ids.
            for raw in [
                "self_declared",
                "not_met",
                "partially_met",
                "independently_audited",
            ] {
                assert!(
                    !md.contains(raw),
                    "{name}/{framework}: `{raw}` in the Markdown"
                );
            }
        }
    }
}
