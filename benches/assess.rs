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
use icp_assess::{EvidenceBundle, Framework, jiff};

const FRAMEWORKS: [(&str, &str); 2] = [
    ("bis-ecg", include_str!("../rules/bis-ecg.yaml")),
    ("eu-2019-1318", include_str!("../rules/eu-2019-1318.yaml")),
];

const SAMPLES: [(&str, &str); 4] = [
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
    (
        "verrowind",
        include_str!("../examples/data/verrowind-microwave.yaml"),
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

/// A bundle of `n` items made from the mature sample's evidence, cycled with fresh ids: every
/// item follows the shared vocabulary, and the mix of kinds is a real company's. Registers are
/// left out (their counts would not match), so register kinds are assessed as open.
fn generated_bundle(n: usize) -> EvidenceBundle {
    let (name, text) = SAMPLES[0];
    let mut bundle = ok(EvidenceBundle::from_yaml_str(text, name), name);
    let items = std::mem::take(&mut bundle.evidence);
    bundle.registers.clear();
    bundle.attestations = Default::default();
    bundle.waivers = Default::default();
    bundle.evidence = items
        .iter()
        .cycle()
        .take(n)
        .enumerate()
        .map(|(i, item)| {
            let mut item = item.clone();
            item.id = format!("GEN-{i:05}-{}", item.id);
            item
        })
        .collect();
    bundle
}

fn scaling(c: &mut Criterion) {
    let [(bis_id, bis_text), _] = FRAMEWORKS;
    let framework = ok(Framework::from_yaml_str(bis_text, bis_id), bis_id);
    let bundles: Vec<(usize, EvidenceBundle)> =
        SIZES.iter().map(|&n| (n, generated_bundle(n))).collect();
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
