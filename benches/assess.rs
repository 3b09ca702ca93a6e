//! Benchmarks for the numbers in DESIGN.md ("Numbers the crate must reach"):
//!
//! - `load`: loading a framework (parse + validate + compile) against parsing its YAML alone;
//!   target: `load_full` < 1.5 × `parse_only`.
//! - `parse_bundle`: reading each sample evidence bundle.
//! - `assess_samples`: `prepare` and `assess` of each sample bundle against each bundled
//!   framework; target: `assess` < 20 µs for about 100 items, and < 1/10 of `parse_bundle`.
//! - `scaling_assess` / `scaling_prepare`: generated bundles of 10 to 10,000 items; target:
//!   linear cost.

use std::fmt::Display;
use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use icp_assess::model::FrameworkDef;
use icp_assess::{EvidenceBundle, Framework};

const FRAMEWORKS: [(&str, &str); 2] = [
    ("bis-ecg", include_str!("../rules/bis-ecg.yaml")),
    ("eu-2019-1318", include_str!("../rules/eu-2019-1318.yaml")),
];

const SAMPLES: [(&str, &str); 3] = [
    (
        "brightwater",
        include_str!("../examples/data/brightwater-instruments.yaml"),
    ),
    (
        "eastern-meridian",
        include_str!("../examples/data/eastern-meridian-group.yaml"),
    ),
    (
        "kestrel",
        include_str!("../examples/data/kestrel-microsystems.yaml"),
    ),
];

const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

fn as_of() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 1)
}

/// Unwraps a fixture result; a broken fixture stops the bench run with the error.
fn ok<T, E: Display>(result: Result<T, E>, what: &str) -> T {
    match result {
        Ok(value) => value,
        Err(e) => {
            eprintln!("bench fixture `{what}` failed:\n{e}");
            std::process::exit(1)
        }
    }
}

fn configure(group: &mut BenchmarkGroup<'_, WallTime>) {
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(2));
    group.warm_up_time(Duration::from_millis(500));
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    configure(&mut group);
    for (id, text) in FRAMEWORKS {
        group.bench_with_input(BenchmarkId::new("parse_only", id), text, |b, text| {
            b.iter(|| {
                let def: Result<FrameworkDef, _> = yaml_serde::from_str(black_box(text));
                black_box(def)
            })
        });
        group.bench_with_input(BenchmarkId::new("load_full", id), text, |b, text| {
            b.iter(|| black_box(Framework::from_yaml_str(black_box(text), id)))
        });
    }
    group.finish();
}

fn parse_bundle(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_bundle");
    configure(&mut group);
    for (name, text) in SAMPLES {
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| {
            b.iter(|| black_box(EvidenceBundle::from_yaml_str(black_box(text), name)))
        });
    }
    group.finish();
}

fn assess_samples(c: &mut Criterion) {
    let mut group = c.benchmark_group("assess_samples");
    configure(&mut group);
    for (fw_id, fw_text) in FRAMEWORKS {
        let framework = ok(Framework::from_yaml_str(fw_text, fw_id), fw_id);
        for (name, text) in SAMPLES {
            let bundle = ok(EvidenceBundle::from_yaml_str(text, name), name);
            let param = format!("{fw_id}/{name}");
            group.bench_with_input(BenchmarkId::new("prepare", &param), &bundle, |b, bundle| {
                b.iter(|| black_box(framework.prepare(black_box(bundle))))
            });
            let prepared = ok(framework.prepare(&bundle), &param);
            let date = as_of();
            group.bench_with_input(BenchmarkId::new("assess", &param), &prepared, |b, p| {
                b.iter(|| black_box(black_box(p).assess(black_box(date))))
            });
        }
    }
    group.finish();
}

/// The kinds a generated bundle cycles over: every kind of `bis-ecg`, weighted roughly like a
/// real bundle (shipments and procedures most common).
const CYCLE: [&str; 30] = [
    "shipment_record",
    "procedure",
    "policy_statement",
    "shipment_record",
    "classification_record",
    "management_decision",
    "shipment_record",
    "training_record",
    "compliance_organisation",
    "procedure",
    "shipment_record",
    "end_use_statement",
    "risk_assessment",
    "licence",
    "shipment_record",
    "audit_finding",
    "compliance_manual",
    "corrective_action",
    "shipment_record",
    "procedure",
    "screening_tool",
    "classification_record",
    "record_retention",
    "training_record",
    "records_retrieval_test",
    "training_plan",
    "audit_report",
    "incident",
    "reporting_channel",
    "security_measure",
];

const PROCEDURE_TOPICS: [&str; 20] = [
    "jurisdiction",
    "classification",
    "licence_determination",
    "party_screening",
    "end_use_screening",
    "red_flags",
    "catch_all",
    "hold_and_release",
    "shipment_control",
    "licence_conditions",
    "recordkeeping",
    "training",
    "audit",
    "violation_reporting",
    "voluntary_disclosure",
    "corrective_action",
    "physical_security",
    "information_security",
    "technology_control",
    "manual_maintenance",
];

const DESTINATIONS: [(&str, bool); 8] = [
    ("DE", false),
    ("JP", false),
    ("CN", true),
    ("FR", false),
    ("KR", false),
    ("AE", true),
    ("GB", false),
    ("IN", false),
];

/// A date between 2025-01 and 2026-10 (before the as-of date 2026-11-01), varying with `i`.
fn date(i: usize) -> String {
    let m = (i * 7 + i / 30) % 22;
    let year = 2025 + m / 12;
    let month = m % 12 + 1;
    let day = (i * 11) % 28 + 1;
    format!("{year}-{month:02}-{day:02}")
}

fn pick<T: Copy>(list: &[T], i: usize, fallback: T) -> T {
    list.get(i % list.len().max(1)).copied().unwrap_or(fallback)
}

/// The attributes of item `i` of `kind`, as a YAML flow map.
fn attributes(kind: &str, i: usize) -> String {
    let d = date(i);
    let yes = |k: usize| {
        if (i / 30 + k).is_multiple_of(5) {
            "false"
        } else {
            "true"
        }
    };
    match kind {
        "shipment_record" => {
            let (dest, concern) = pick(&DESTINATIONS, i / 5, ("DE", false));
            let licence = concern || i.is_multiple_of(4);
            let reference = if licence {
                format!(", licence_reference: \"LIC-{}\"", i % 97)
            } else {
                String::new()
            };
            format!(
                "{{ date: {d}, destination: {dest}, destination_of_concern: {concern}, \
                 licence_required: {licence}{reference}, parties_screened: true, \
                 end_user_screened: {}, end_use_checked: {}, red_flags_raised: {}, \
                 red_flags_resolved: true, held_for_review: {}, released_by_compliance: true, \
                 pre_shipment_check_done: {} }}",
                yes(0),
                yes(1),
                i.is_multiple_of(9),
                i.is_multiple_of(9),
                yes(2),
            )
        }
        "procedure" => format!(
            "{{ topic: {}, date: {d}, approved: {}, version: \"{}.{}\", owner_named: true, \
             last_reviewed: {} }}",
            pick(&PROCEDURE_TOPICS, i / 7, "classification"),
            yes(0),
            1 + i % 4,
            i % 10,
            date(i + 3),
        ),
        "policy_statement" => format!(
            "{{ signed_by: {}, date: {d}, distributed_to_staff: {}, accessible_to_all_staff: true, \
             published_externally: {}, states_consequences: {} }}",
            pick(
                &["ceo", "board", "president", "compliance_officer"],
                i,
                "ceo"
            ),
            yes(0),
            yes(1),
            yes(2),
        ),
        "classification_record" => format!(
            "{{ item: \"Model {}-{}\", classification: {}, date: {d}, by_technical_expert: {}, \
             rationale_documented: {}, reviewed_after_change: {} }}",
            pick(&["TX", "IR", "SP", "LC"], i, "TX"),
            100 + i % 900,
            pick(
                &["6A003", "3A001", "EAR99", "5A002", "not listed"],
                i,
                "EAR99"
            ),
            yes(0),
            yes(1),
            yes(3),
        ),
        "management_decision" => format!(
            "{{ date: {d}, topic: {}, overrode_compliance_hold: false, \
             approved_prohibited_transaction: false, increased_compliance_resources: {} }}",
            pick(
                &[
                    "resources",
                    "budget",
                    "audit_review",
                    "deal_approval",
                    "policy_approval"
                ],
                i,
                "resources"
            ),
            i.is_multiple_of(2),
        ),
        "training_record" => format!(
            "{{ date: {d}, audience: {}, completion_rate: 0.{}, job_specific: {}, \
             covers_regulatory_updates: {}, includes_assessment: {}, \
             includes_lessons_learned: {} }}",
            pick(
                &[
                    "all_staff",
                    "export_staff",
                    "management",
                    "new_hires",
                    "support_staff"
                ],
                i,
                "all_staff"
            ),
            85 + i % 15,
            yes(0),
            yes(1),
            yes(2),
            yes(3),
        ),
        "compliance_organisation" => format!(
            "{{ date: {d}, responsible_person_named: true, responsible_person_level: {}, \
             reports_to: {}, backup_named: {}, compliance_staff_fte: {}.5, \
             authority_to_stop_shipments: true, independent_of_sales: {}, \
             roles_documented: true, org_chart_documented: true, budget_approved: {} }}",
            pick(
                &["executive", "senior_manager", "board_member"],
                i,
                "executive"
            ),
            pick(&["ceo", "general_counsel", "board"], i, "ceo"),
            yes(0),
            1 + i % 6,
            yes(1),
            yes(2),
        ),
        "end_use_statement" => format!(
            "{{ date: {d}, party: \"Customer {}\", destination: {}, signed_by_end_user: {} }}",
            i % 211,
            pick(&DESTINATIONS, i / 3, ("DE", false)).0,
            yes(0),
        ),
        "risk_assessment" => format!(
            "{{ date: {d}, covers_items: true, covers_customers: true, covers_destinations: true, \
             covers_technology_transfer: {}, covers_deemed_exports: {}, covers_diversion: {}, \
             covers_operations: {}, mitigations_documented: true, approved_by_management: {}, \
             methodology_documented: {} }}",
            yes(0),
            yes(1),
            yes(2),
            yes(3),
            yes(4),
            yes(0),
        ),
        "licence" => format!(
            "{{ reference: \"LIC-{}\", type: {}, expiry: {}-{:02}-15, conditions_distributed: {}, \
             conditions_acknowledged: {}, reporting_obligations_met: {} }}",
            i % 97,
            pick(
                &["individual", "global", "general", "exception"],
                i,
                "individual"
            ),
            2026 + i % 3,
            1 + i % 12,
            yes(0),
            yes(1),
            yes(2),
        ),
        "audit_finding" => format!(
            "{{ date: {d}, severity: {}, status: {}, repeat: {}, overdue: {}, area: \"{}\" }}",
            pick(&["critical", "high", "medium", "low"], i / 30, "low"),
            pick(&["open", "closed", "closed"], i / 30, "closed"),
            i.is_multiple_of(7),
            i.is_multiple_of(11),
            pick(
                &["screening", "classification", "recordkeeping", "training"],
                i,
                "training"
            ),
        ),
        "compliance_manual" => format!(
            "{{ date: {d}, version: \"{}.0\", last_reviewed: {}, covers: [classification, \
             party_screening, end_use_screening, red_flags, recordkeeping, training, audit], \
             accessible_to_staff: true, version_controlled: {} }}",
            1 + i % 5,
            date(i + 1),
            yes(0),
        ),
        "corrective_action" => format!(
            "{{ date: {d}, status: {}, root_cause_documented: {}, effectiveness_verified: {}, \
             owner_named: true }}",
            pick(
                &["planned", "in_progress", "closed", "verified"],
                i / 30,
                "closed"
            ),
            yes(0),
            yes(1),
        ),
        "screening_tool" => format!(
            "{{ lists: [us_dpl, us_entity, us_unverified, us_sdn, eu_consolidated, un], \
             automated: true, last_list_update: {d}, fuzzy_matching: {}, tested: {} }}",
            yes(0),
            yes(1),
        ),
        "record_retention" => format!(
            "{{ retention_years: {}, covers_electronic_records: true, \
             responsible_person_named: {}, indexed_and_retrievable: {}, date: {d} }}",
            5 + i % 6,
            yes(0),
            yes(1),
        ),
        "records_retrieval_test" => format!(
            "{{ date: {d}, records_requested: 25, records_found: {} }}",
            20 + i % 6,
        ),
        "training_plan" => format!(
            "{{ date: {d}, annual_refresher: true, onboarding_training: {}, role_based: {} }}",
            yes(0),
            yes(1),
        ),
        "audit_report" => format!(
            "{{ date: {d}, type: {}, independent: {}, scope: [management-commitment, \
             risk-assessment, export-authorization, recordkeeping, training], \
             findings_count: {}, reported_to_management: true, transaction_testing: {} }}",
            pick(
                &["internal", "external", "performance_review"],
                i,
                "internal"
            ),
            yes(0),
            i % 8,
            yes(1),
        ),
        "incident" => format!(
            "{{ date: {d}, type: {}, status: {}, involves_country_of_concern: {}, \
             reported_internally: true, investigated: {}, disclosed_to_authority: {}, \
             root_cause_documented: {} }}",
            pick(
                &["near_miss", "suspected_violation", "violation"],
                i / 30,
                "near_miss"
            ),
            pick(&["closed", "open"], i / 30, "closed"),
            i.is_multiple_of(3),
            yes(0),
            i.is_multiple_of(2),
            yes(1),
        ),
        "reporting_channel" => format!(
            "{{ date: {d}, anonymous: true, protection_from_retaliation: {}, \
             publicised_to_staff: {} }}",
            yes(0),
            yes(1),
        ),
        "security_measure" => format!(
            "{{ type: {}, date: {d}, covers_controlled_items: true, access_restricted: {}, \
             logging: {}, tested: {} }}",
            pick(&["physical", "information"], i, "physical"),
            yes(0),
            yes(1),
            yes(2),
        ),
        _ => "{}".to_owned(),
    }
}

/// A bis-ecg evidence bundle of `n` items, as YAML.
fn generated_bundle(n: usize) -> String {
    let mut out = String::from(
        "subject:\n  name: Generated Bench Company Ltd\n  profile:\n    jurisdictions: [US, DE, EU]\n    \
         exports_dual_use: true\n    exports_military: false\n    ships_physical_goods: true\n    \
         transfers_technology: true\n    employs_foreign_nationals: true\n    uses_licences: true\n    \
         uses_global_licence: false\n    trades_with_countries_of_concern: true\n    \
         countries_of_concern: [CN, AE]\n    under_sanctions: false\n    has_subsidiaries: true\n    \
         employees: 2500\n    annual_export_transactions: 12000\nas_of: 2026-11-01\nevidence:\n",
    );
    for i in 0..n {
        let kind = pick(&CYCLE, i, "shipment_record");
        let assurance = pick(
            &[
                "documented",
                "documented",
                "tested",
                "self_declared",
                "independently_audited",
            ],
            i / 3,
            "documented",
        );
        out.push_str(&format!(
            "  - id: GEN-{i:05}\n    kind: {kind}\n    title: \"Generated {kind} {i}\"\n    \
             assurance: {assurance}\n    attributes: {}\n    source: records/{kind}/{i}.pdf\n",
            attributes(kind, i)
        ));
    }
    out
}

fn scaling(c: &mut Criterion) {
    let [(bis_id, bis_text), _] = FRAMEWORKS;
    let framework = ok(Framework::from_yaml_str(bis_text, bis_id), bis_id);
    let bundles: Vec<(usize, EvidenceBundle)> = SIZES
        .iter()
        .map(|&n| {
            let text = generated_bundle(n);
            (
                n,
                ok(
                    EvidenceBundle::from_yaml_str(&text, "generated"),
                    "generated bundle",
                ),
            )
        })
        .collect();
    let date = as_of();

    let mut group = c.benchmark_group("scaling_assess");
    configure(&mut group);
    for (n, bundle) in &bundles {
        let prepared = ok(framework.prepare(bundle), "prepare generated bundle");
        group.throughput(Throughput::Elements(*n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &prepared, |b, p| {
            b.iter(|| black_box(black_box(p).assess(black_box(date))))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("scaling_prepare");
    configure(&mut group);
    for (n, bundle) in &bundles {
        group.throughput(Throughput::Elements(*n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), bundle, |b, bundle| {
            b.iter(|| black_box(framework.prepare(black_box(bundle))))
        });
    }
    group.finish();
}

criterion_group!(benches, load, parse_bundle, assess_samples, scaling);
criterion_main!(benches);
