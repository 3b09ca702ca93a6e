//! Unit tests of three-valued evaluation, ranges, ratios and sample sizes.
use super::*;
use Truth::{False as F, True as T, Unknown as U};

#[test]
fn connectives_follow_kleene_logic() {
    assert_eq!(all([T, U].into_iter()), U);
    assert_eq!(all([U, F].into_iter()), F);
    assert_eq!(all([T, T].into_iter()), T);
    assert_eq!(any([F, U].into_iter()), U);
    assert_eq!(any([U, T].into_iter()), T);
    assert_eq!(any([F, F].into_iter()), F);
    assert_eq!(at_least(2, [T, U, F].into_iter()), U);
    assert_eq!(at_least(2, [T, T, U].into_iter()), T);
    assert_eq!(at_least(2, [T, F, F].into_iter()), F);
    assert_eq!(U.not(), U);
}

#[test]
fn absent_values_are_unknown_except_for_exists() {
    let op = Op::Cmp(Cmp::Eq, TVal::Bool(true));
    assert_eq!(apply(&op, None, 0), U);
    assert_eq!(apply(&Op::Exists(true), None, 0), F);
    assert_eq!(apply(&Op::Exists(false), None, 0), T);
}

#[test]
fn within_days_counts_back_from_as_of_and_excludes_the_future() {
    let op = Op::WithinDays(365);
    assert_eq!(apply(&op, Some(&TVal::Date(1000)), 1365), T);
    assert_eq!(apply(&op, Some(&TVal::Date(999)), 1365), F);
    assert_eq!(apply(&op, Some(&TVal::Date(1366)), 1365), F);
    assert_eq!(
        apply(&Op::OlderThanDays(365), Some(&TVal::Date(999)), 1365),
        T
    );
}

#[test]
fn numbers_compare_across_integer_and_number() {
    let op = Op::Cmp(Cmp::Ge, TVal::Num(0.5));
    assert_eq!(apply(&op, Some(&TVal::Int(1)), 0), T);
    assert_eq!(apply(&op, Some(&TVal::Num(0.49)), 0), F);
}

#[test]
fn count_ranges_decide_only_when_all_values_agree() {
    assert_eq!(compare_range(Cmp::Ge, 1.0, 3.0, 1.0), T);
    assert_eq!(compare_range(Cmp::Ge, 0.0, 3.0, 1.0), U);
    assert_eq!(compare_range(Cmp::Eq, 0.0, 0.0, 0.0), T);
    assert_eq!(compare_range(Cmp::Eq, 0.0, 2.0, 0.0), U);
    assert_eq!(compare_range(Cmp::Eq, 1.0, 2.0, 0.0), F);
    assert_eq!(compare_range(Cmp::Ne, 1.0, 2.0, 0.0), T);
}

#[test]
fn required_samples_follow_the_table_and_never_exceed_the_population() {
    let table = [
        SampleSizeDef {
            population_up_to: Some(12),
            min_sample: 5,
        },
        SampleSizeDef {
            population_up_to: Some(365),
            min_sample: 40,
        },
        SampleSizeDef {
            population_up_to: None,
            min_sample: 60,
        },
    ];
    assert_eq!(required_sample(&table, 3), 3);
    assert_eq!(required_sample(&table, 12), 5);
    assert_eq!(required_sample(&table, 13), 13);
    assert_eq!(required_sample(&table, 40), 40);
    assert_eq!(required_sample(&table, 365), 40);
    assert_eq!(required_sample(&table, 366), 60);
    assert_eq!(required_sample(&table, 1_000_000), 60);
    assert_eq!(required_sample(&table, -5), 0);
    assert_eq!(required_sample(&[], 70), 70);
}

#[test]
fn open_ratios_never_reach_one_past_a_known_failure() {
    // 3 records given, 2 meet; more records may exist.
    let mut scan = Scan {
        matched: 2,
        population: 3,
        open: true,
        ..Scan::default()
    };
    assert_eq!(ratio_truth(&mut scan, Cmp::Ge, 1.0), F);
    assert_eq!(ratio_truth(&mut scan, Cmp::Ge, 0.5), U);
    assert_eq!(ratio_truth(&mut scan, Cmp::Ge, 0.0), T);
    let mut clean = Scan {
        matched: 3,
        population: 3,
        open: true,
        ..Scan::default()
    };
    assert_eq!(ratio_truth(&mut clean, Cmp::Ge, 1.0), U);
    let mut empty = Scan {
        open: true,
        ..Scan::default()
    };
    assert_eq!(ratio_truth(&mut empty, Cmp::Ge, 0.5), U);
}

#[test]
fn ratio_bounds_cover_unknown_items() {
    let mut scan = Scan {
        matched: 8,
        unknown: 1,
        population: 10,
        ..Scan::default()
    };
    // 8 of 10 meet, 1 undecided: the ratio is between 0.8 and 0.9.
    assert_eq!(ratio_truth(&mut scan, Cmp::Ge, 0.85), U);
    assert_eq!((scan.low, scan.high), (0.8, 0.9));
    assert_eq!(ratio_truth(&mut scan, Cmp::Ge, 0.75), T);
    let mut empty = Scan::default();
    assert_eq!(ratio_truth(&mut empty, Cmp::Ge, 0.5), F);
    // 2 of 3 members meet; a fourth item of unknown membership meets: 2/3 or 3/4.
    let mut maybe = Scan {
        matched: 2,
        unknown: 1,
        population: 3,
        population_unknown: 1,
        maybe_meets: 1,
        ..Scan::default()
    };
    assert_eq!(ratio_truth(&mut maybe, Cmp::Ge, 0.6), T);
    assert!((maybe.low - 2.0 / 3.0).abs() < 1e-12 && maybe.high == 0.75);
    assert_eq!(ratio_truth(&mut maybe, Cmp::Ge, 0.7), U);
}
