//! An embedding program: a framework and a bundle built in code, and reports read back by a
//! reader older than the writer.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "a broken fixture fails the test loudly"
)]

use icp_assess::jiff::civil::date;
use icp_assess::model::{
    Answer, Assurance, Attestation, BandDef, ConditionDef, Dimension, ElementDef, EvidenceItem,
    EvidenceKindDef, FrameworkDef, FrameworkMeta, Period, Register, RuleDef, ScoringDef, Severity,
    SourceDef, Subject, Value, ValueType, Waiver,
};
use icp_assess::report::Basis;
use icp_assess::semver::Version;
use icp_assess::{EvidenceBundle, Framework, Report, Status};

fn framework() -> Framework {
    let meta = FrameworkMeta::new(
        "house",
        Version::new(1, 2, 0),
        "House checklist",
        "Fictional Compliance Office",
        SourceDef::new("House export policy", date(2026, 1, 15)),
    );
    let signed = RuleDef::new(
        "house.1",
        "policy",
        "Signed policy",
        Severity::High,
        Dimension::Design,
    )
    .with_check(
        ConditionDef::evidence("policy").filtered(ConditionDef::all(vec![
            ConditionDef::attr("signed_by").one_of(vec!["ceo".into(), "board".into()]),
            ConditionDef::attr("date").within_days(365),
        ])),
    )
    .with_partial(ConditionDef::evidence("policy"))
    .with_remediation("Have the board sign the policy.");
    let no_override = RuleDef::new(
        "house.2",
        "practice",
        "No override",
        Severity::Critical,
        Dimension::Operation,
    )
    .material()
    .with_check(ConditionDef::not(
        ConditionDef::evidence("override").filtered(ConditionDef::attr("date").within_days(1825)),
    ));
    let backed = RuleDef::new(
        "house.3",
        "practice",
        "Staff backed",
        Severity::Medium,
        Dimension::Design,
    );
    let boycott = RuleDef::new(
        "house.4",
        "practice",
        "Boycotts refused",
        Severity::Low,
        Dimension::Design,
    )
    .applies_when(ConditionDef::fact("boycott_exposure").eq(true));
    let def = FrameworkDef::new(
        meta,
        vec![
            BandDef::new("good", "Good", 80.0),
            BandDef::new("fair", "Fair", 50.0),
            BandDef::new("poor", "Poor", 0.0),
        ],
        vec![
            ElementDef::new("policy", "Policy"),
            ElementDef::new("practice", "Practice").with_weight(2.0),
        ],
        vec![signed, no_override, backed, boycott],
    )
    .with_scoring(ScoringDef::default().with_partial_credit(0.5))
    .with_profile_fact("boycott_exposure", ValueType::Bool)
    .with_evidence_kind(
        EvidenceKindDef::new("policy")
            .with_attribute("signed_by", ValueType::String)
            .with_attribute("date", ValueType::Date),
    )
    .with_evidence_kind(
        EvidenceKindDef::new("override")
            .with_attribute("date", ValueType::Date)
            .dated_by("date")
            .register(Some(1825)),
    );
    Framework::from_definition(def).unwrap()
}

fn bundle() -> EvidenceBundle {
    EvidenceBundle::new(Subject::new("Fictional Widgets Ltd").with_fact("boycott_exposure", true))
        .with_as_of(date(2026, 11, 1))
        .with_item(
            EvidenceItem::new("EV-1", "policy", Assurance::Documented)
                .with("signed_by", "board")
                .with("date", date(2026, 3, 2)),
        )
        .with_register(Register::new(
            "REG-1",
            "override",
            Period::new(date(2021, 11, 1), date(2026, 11, 1)),
            0,
            Assurance::Documented,
        ))
        .with_attestation(
            "house.3",
            Attestation::new(Answer::Yes).with_evidence("EV-1"),
        )
        .with_waiver(
            "house.4",
            Waiver::new("no such trade this year")
                .with_approved_by("board")
                .with_expires(date(2027, 6, 30)),
        )
}

/// The bundle with an override in the register: a material weakness of `house.2`.
fn bundle_with_override() -> EvidenceBundle {
    let mut bundle = bundle().with_item(
        EvidenceItem::new("OV-1", "override", Assurance::Documented).with("date", date(2025, 5, 5)),
    );
    bundle.registers[0].record_count = 1;
    bundle
}

#[test]
fn a_framework_and_a_bundle_built_in_code_are_assessed() {
    let report = framework()
        .prepare(&bundle())
        .unwrap()
        .assess(date(2026, 11, 1));
    let status = |rule: &str| {
        report
            .findings
            .iter()
            .find(|f| f.rule == rule)
            .unwrap()
            .status
    };
    assert_eq!(status("house.1"), Status::Met);
    assert_eq!(
        status("house.2"),
        Status::Met,
        "an empty register covering the window"
    );
    assert_eq!(status("house.3"), Status::Met);
    assert_eq!(status("house.4"), Status::Waived);
    let backed = report
        .findings
        .iter()
        .find(|f| f.rule == "house.3")
        .unwrap();
    assert_eq!(backed.basis, Basis::Attestation);
    assert_eq!(report.summary.score, 100.0);
    assert_eq!(report.summary.rating.id, "good");
    assert_eq!(report.framework.version, "1.2.0");
}

#[test]
fn an_override_in_the_register_is_a_material_weakness() {
    let bundle = bundle_with_override();
    let report = framework()
        .prepare(&bundle)
        .unwrap()
        .assess(date(2026, 11, 1));
    assert_eq!(report.summary.material_weaknesses, ["house.2"]);
    assert_eq!(report.summary.rating.id, "poor");
    let next = report.summary.next_band.as_ref().unwrap();
    assert_eq!(next.band.id, "fair");
    assert_eq!(next.rules.len(), 1);
    assert_eq!(next.rules[0].rule, "house.2");
}

#[test]
fn values_convert_from_rust_types() {
    assert_eq!(Value::from(true), Value::Bool(true));
    assert_eq!(Value::from(7u32), Value::Integer(7));
    assert_eq!(
        Value::from(date(2026, 1, 2)),
        Value::String("2026-01-02".into())
    );
    assert_eq!(
        Value::try_from(u64::MAX).unwrap_err(),
        "integer 18446744073709551615 is too large"
    );
    assert!(Value::try_from(f64::INFINITY).is_err());
    assert_eq!(
        Value::from(vec!["a", "b"]),
        Value::List(vec![Value::String("a".into()), Value::String("b".into())])
    );
}

#[test]
fn a_reader_accepts_fields_added_by_a_later_version() {
    let report = framework()
        .prepare(&bundle())
        .unwrap()
        .assess(date(2026, 11, 1));
    let mut json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    json["added_later"] = serde_json::json!({ "anything": [1, 2] });
    json["summary"]["added_later"] = serde_json::json!("x");
    json["findings"][0]["added_later"] = serde_json::json!(3.5);
    json["elements"][0]["counts"]["added_later"] = serde_json::json!(0);
    let newer = serde_json::to_string(&json).unwrap();
    assert_eq!(Report::from_json(&newer).unwrap(), report);
    // The same through YAML.
    assert_eq!(Report::from_yaml(&report.to_yaml()).unwrap(), report);
}

#[test]
fn a_report_that_is_not_a_report_is_refused_with_its_place() {
    let err = Report::from_json("{\"schema_version\": \"two\"}")
        .unwrap_err()
        .to_string();
    assert!(err.contains("schema_version"), "{err}");
    assert!(err.contains("1:"), "{err}");
}

#[test]
fn undecided_rules_add_up_across_elements_in_every_total() {
    // house.3 (practice) and a new policy rule are answered by nobody: both undecided.
    let mut def = framework().definition().clone();
    def.rules.push(RuleDef::new(
        "house.5",
        "policy",
        "Policy reviewed",
        Severity::Low,
        Dimension::Design,
    ));
    let framework = Framework::from_definition(def).unwrap();
    let mut bundle = bundle();
    bundle.attestations = Default::default();
    let report = framework
        .prepare(&bundle)
        .unwrap()
        .assess(date(2026, 11, 1));
    assert_eq!(report.summary.counts.unknown, 2);
    let design = report
        .summary
        .dimensions
        .iter()
        .find(|d| d.dimension == Dimension::Design)
        .unwrap();
    assert_eq!(design.unknown, 2, "{:?}", report.summary.dimensions);
    assert!(
        report.summary.provisional || report.summary.score_interval.high > report.summary.score
    );
}

#[test]
fn assurance_shares_are_each_levels_part_of_the_score() {
    let report = framework()
        .prepare(&bundle())
        .unwrap()
        .assess(date(2026, 11, 1));
    let s = &report.summary;
    let total: f64 = s.assurance.iter().map(|a| a.share).sum();
    assert!((total - 1.0).abs() < 1e-3, "{:?}", s.assurance);
    for a in &s.assurance {
        assert!((a.share - a.points / s.score).abs() < 1e-3, "{a:?}");
    }
    // The checked rules rest on a document, and so does the answer that cites it.
    let level = |l: Assurance| s.assurance.iter().find(|a| a.level == l).unwrap().share;
    assert_eq!(level(Assurance::Documented), 1.0);
    assert_eq!(level(Assurance::SelfDeclared), 0.0);
}

#[test]
fn a_report_where_no_rule_applies_has_no_undefined_numbers() {
    let mut bundle = bundle();
    for rule in ["house.1", "house.2", "house.3"] {
        bundle = bundle.with_waiver(rule, Waiver::new("set aside for the test"));
    }
    let report = framework()
        .prepare(&bundle)
        .unwrap()
        .assess(date(2026, 11, 1));
    let s = &report.summary;
    assert_eq!(
        (s.score, s.score_interval.low, s.score_interval.high),
        (0.0, 0.0, 0.0)
    );
    assert!(
        s.assurance
            .iter()
            .all(|a| a.points == 0.0 && a.share == 0.0)
    );
    assert!(s.next_band.is_none());
    assert!(
        report
            .elements
            .iter()
            .all(|e| e.score.is_none() && e.score_interval.is_none())
    );
}

#[test]
fn a_material_weakness_caps_at_the_lowest_band_even_when_critical_rules_cap_higher() {
    let mut def = framework().definition().clone();
    def.scoring = Some(ScoringDef::default().with_critical_gate("fair"));
    let framework = Framework::from_definition(def).unwrap();
    let bundle = bundle_with_override();
    let report = framework
        .prepare(&bundle)
        .unwrap()
        .assess(date(2026, 11, 1));
    let gate = &report.summary.gates[0];
    assert_eq!(
        (gate.rule.as_deref(), gate.capped_at.as_str()),
        (Some("house.2"), "poor")
    );
    assert_eq!(report.summary.rating.id, "poor");
    assert_eq!(report.scoring.critical_gate, "fair");
}

#[test]
fn findings_name_the_assurance_of_credit_only() {
    let bundle = bundle_with_override();
    let report = framework()
        .prepare(&bundle)
        .unwrap()
        .assess(date(2026, 11, 1));
    let finding = |rule: &str| report.findings.iter().find(|f| f.rule == rule).unwrap();
    assert_eq!(finding("house.1").assurance, Some(Assurance::Documented));
    assert_eq!(finding("house.2").status, Status::NotMet);
    assert_eq!(finding("house.2").assurance, None);
    // Each element scores only the dimensions it has rules for.
    let dims = |e: usize| -> Vec<Dimension> {
        report.elements[e]
            .dimensions
            .iter()
            .map(|d| d.dimension)
            .collect()
    };
    assert_eq!(dims(0), [Dimension::Design]);
    assert_eq!(dims(1), [Dimension::Design, Dimension::Operation]);
}

#[test]
fn rules_of_weight_zero_leave_no_undefined_gain() {
    let mut def = framework().definition().clone();
    for rule in &mut def.rules {
        rule.weight = Some(0.0);
    }
    let framework = Framework::from_definition(def).unwrap();
    let mut bundle = bundle();
    bundle.attestations = Default::default();
    let report = framework
        .prepare(&bundle)
        .unwrap()
        .assess(date(2026, 11, 1));
    let undecided = report
        .findings
        .iter()
        .find(|f| f.rule == "house.3")
        .unwrap();
    assert_eq!(undecided.status, Status::Unknown);
    assert_eq!(undecided.gain, Some(0.0));
    assert_eq!(report.summary.score, 0.0);
}
