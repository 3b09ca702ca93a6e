//! Property tests for the guarantees in DESIGN.md, against a small reference model.
//!
//! Frameworks and bundles are generated as model values, rendered to YAML, and run through the
//! public API. A reference evaluator and scorer, written for clarity rather than speed, must
//! agree with the engine on every status, the overall score and the rating.
//!
//! Kind `k1` is kept in registers: a case has no register, one that covers the assessed period,
//! or one that does not, and scans over `k1` are open (absence proves nothing) unless covered.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly on bad fixtures"
)]

use std::collections::BTreeMap;

use icp_assess::report::Report;
use icp_assess::{EvidenceBundle, Framework, Status};
use jiff::civil::{Date, date};
use proptest::prelude::*;

const AS_OF: Date = date(2026, 11, 1);
const LEVELS: [&str; 4] = [
    "self_declared",
    "documented",
    "tested",
    "independently_audited",
];
const SEVERITIES: [&str; 4] = ["critical", "high", "medium", "low"];
const SEVERITY_WEIGHT: [f64; 4] = [4.0, 3.0, 2.0, 1.0];
const DIMENSIONS: [&str; 3] = ["design", "resourcing", "operation"];

#[derive(Debug, Clone, Copy, PartialEq)]
enum T {
    True,
    False,
    Unknown,
}

fn not(t: T) -> T {
    match t {
        T::True => T::False,
        T::False => T::True,
        T::Unknown => T::Unknown,
    }
}

/// An attribute test inside `where`.
#[derive(Debug, Clone)]
enum A {
    FlagIs(bool),
    DateWithin(u32),
}

/// A condition of the model language.
#[derive(Debug, Clone)]
enum C {
    FactIs(usize, bool),
    SizeAtLeast(i64),
    Exists {
        kind: usize,
        filter: Option<A>,
        min: Option<usize>,
    },
    CountAtLeast {
        kind: usize,
        filter: Option<A>,
        n: u32,
    },
    All(Vec<C>),
    Any(Vec<C>),
    Not(Box<C>),
    AtLeast(u32, Vec<C>),
}

#[derive(Debug, Clone)]
struct Rule {
    element: usize,
    severity: usize,
    /// 0 design, 1 resourcing, 2 operation.
    dimension: usize,
    material: bool,
    applies: Option<C>,
    check: Option<C>,
    partial: Option<C>,
}

#[derive(Debug, Clone)]
struct Item {
    kind: usize,
    assurance: usize,
    flag: Option<bool>,
    /// Days before the as-of date.
    age: Option<i64>,
}

#[derive(Debug, Clone)]
struct Case {
    element_weights: Vec<f64>,
    rules: Vec<Rule>,
    facts: [Option<bool>; 3],
    size: Option<i64>,
    items: Vec<Item>,
    /// Answers for rules without a check: 0 yes, 1 partial, 2 no, 3 none.
    answers: Vec<usize>,
    /// The register of `k1`: none, one covering the assessed period, or one ending too early.
    register: Option<bool>,
}

/// The register's first day, and the last day of a register that ends too early, in days
/// before the as-of date.
const REGISTER_FROM: i64 = 1000;
const REGISTER_SHORT_TO: i64 = 30;

// ---------- generators ----------

fn attr_test() -> impl Strategy<Value = A> {
    prop_oneof![
        any::<bool>().prop_map(A::FlagIs),
        (30u32..800).prop_map(A::DateWithin)
    ]
}

fn leaf() -> impl Strategy<Value = C> {
    prop_oneof![
        (0usize..3, any::<bool>()).prop_map(|(f, b)| C::FactIs(f, b)),
        (0i64..500).prop_map(C::SizeAtLeast),
        (
            0usize..2,
            proptest::option::of(attr_test()),
            proptest::option::of(0usize..4)
        )
            .prop_map(|(kind, filter, min)| C::Exists { kind, filter, min }),
        (0usize..2, proptest::option::of(attr_test()), 0u32..4)
            .prop_map(|(kind, filter, n)| C::CountAtLeast { kind, filter, n }),
    ]
}

/// Replaces `all` parts that contradict an earlier part (the validator rightly refuses them).
fn consistent(c: C) -> C {
    match c {
        C::All(ps) => {
            let mut seen: Vec<(usize, bool)> = Vec::new();
            C::All(
                ps.into_iter()
                    .map(|p| match p {
                        C::FactIs(f, b) if seen.iter().any(|(g, v)| *g == f && *v != b) => {
                            C::SizeAtLeast(0)
                        }
                        C::FactIs(f, b) => {
                            seen.push((f, b));
                            C::FactIs(f, b)
                        }
                        other => consistent(other),
                    })
                    .collect(),
            )
        }
        C::Any(ps) => C::Any(ps.into_iter().map(consistent).collect()),
        C::AtLeast(n, ps) => C::AtLeast(n, ps.into_iter().map(consistent).collect()),
        C::Not(p) => C::Not(Box::new(consistent(*p))),
        leaf => leaf,
    }
}

fn condition(with_not: bool) -> BoxedStrategy<C> {
    condition_raw(with_not).prop_map(consistent).boxed()
}

fn condition_raw(with_not: bool) -> BoxedStrategy<C> {
    leaf()
        .prop_recursive(3, 16, 3, move |inner| {
            let parts = proptest::collection::vec(inner.clone(), 1..4);
            let mut options = vec![
                parts.clone().prop_map(C::All).boxed(),
                parts.clone().prop_map(C::Any).boxed(),
                parts
                    .prop_flat_map(|ps| {
                        let len = ps.len() as u32;
                        (1..=len).prop_map(move |n| C::AtLeast(n, ps.clone()))
                    })
                    .boxed(),
            ];
            if with_not {
                options.push(inner.prop_map(|c| C::Not(Box::new(c))).boxed());
            }
            proptest::strategy::Union::new(options)
        })
        .boxed()
}

fn profile_condition() -> impl Strategy<Value = C> {
    prop_oneof![
        (0usize..3, any::<bool>()).prop_map(|(f, b)| C::FactIs(f, b)),
        (0i64..500).prop_map(C::SizeAtLeast),
    ]
}

fn rule(elements: usize, with_not: bool) -> impl Strategy<Value = Rule> {
    (
        0..elements,
        0usize..4,
        0usize..3,
        proptest::bool::weighted(0.2),
        proptest::option::weighted(0.2, profile_condition()),
        proptest::option::weighted(0.8, condition(with_not)),
        proptest::option::weighted(0.4, condition(with_not)),
    )
        .prop_map(
            |(element, severity, dimension, material, applies, check, partial)| Rule {
                element,
                severity,
                // Operation and material rules need a check.
                dimension: if check.is_some() {
                    dimension
                } else {
                    dimension % 2
                },
                material: material && check.is_some(),
                applies,
                partial: if check.is_some() { partial } else { None },
                check,
            },
        )
}

fn item() -> impl Strategy<Value = Item> {
    (
        0usize..2,
        0usize..4,
        proptest::option::weighted(0.8, any::<bool>()),
        proptest::option::weighted(0.8, -20i64..900),
    )
        .prop_map(|(kind, assurance, flag, age)| Item {
            kind,
            assurance,
            flag,
            age,
        })
}

fn case(with_not: bool) -> impl Strategy<Value = Case> {
    (1usize..4).prop_flat_map(move |elements| {
        (
            proptest::collection::vec(prop_oneof![Just(0.5), Just(1.0), Just(2.0)], elements),
            proptest::collection::vec(rule(elements, with_not), elements..elements + 8),
            proptest::array::uniform3(proptest::option::weighted(0.7, any::<bool>())),
            proptest::option::weighted(0.7, 0i64..600),
            proptest::collection::vec(item(), 0..12),
            proptest::collection::vec(0usize..4, elements + 8),
            proptest::option::weighted(0.7, any::<bool>()),
        )
            .prop_map(
                |(element_weights, mut rules, facts, size, mut items, answers, register)| {
                    // Every element needs a rule.
                    for (e, r) in rules.iter_mut().enumerate().take(element_weights.len()) {
                        r.element = e;
                    }
                    // A register places every record of its kind by date.
                    if register.is_some() {
                        for it in items.iter_mut().filter(|it| it.kind == 1) {
                            it.age.get_or_insert(0);
                        }
                    }
                    Case {
                        element_weights,
                        rules,
                        facts,
                        size,
                        items,
                        answers,
                        register,
                    }
                },
            )
    })
}

// ---------- rendering to YAML ----------

fn render_attr(a: &A) -> String {
    match a {
        A::FlagIs(b) => format!("{{attr: flag, eq: {b}}}"),
        A::DateWithin(n) => format!("{{attr: date, within_days: {n}}}"),
    }
}

fn render(c: &C) -> String {
    let list = |ps: &[C]| ps.iter().map(render).collect::<Vec<_>>().join(", ");
    match c {
        C::FactIs(f, b) => format!("{{fact: f{f}, eq: {b}}}"),
        C::SizeAtLeast(n) => format!("{{fact: size, ge: {n}}}"),
        C::Exists { kind, filter, min } => {
            let mut s = format!("{{evidence: k{kind}");
            if let Some(a) = filter {
                s += &format!(", where: {}", render_attr(a));
            }
            if let Some(m) = min {
                s += &format!(", min_assurance: {}", LEVELS[*m]);
            }
            s + "}"
        }
        C::CountAtLeast { kind, filter, n } => {
            let mut s = format!("{{count: k{kind}, ge: {n}");
            if let Some(a) = filter {
                s += &format!(", where: {}", render_attr(a));
            }
            s + "}"
        }
        C::All(ps) => format!("{{all: [{}]}}", list(ps)),
        C::Any(ps) => format!("{{any: [{}]}}", list(ps)),
        C::Not(p) => format!("{{not: {}}}", render(p)),
        C::AtLeast(n, ps) => format!("{{at_least: {n}, of: [{}]}}", list(ps)),
    }
}

fn framework_yaml(case: &Case, order: &[usize]) -> String {
    let mut y = String::from(
        "framework:\n  id: model\n  version: 1.0.0\n  title: Model framework\n  authority: Tests\n  source: { title: Model, published: 2020-01-01 }\nscoring: { undemonstrated_cap: mid }\nrating_bands:\n  - { id: good, label: Good, min_score: 80 }\n  - { id: mid, label: Middling, min_score: 50 }\n  - { id: bad, label: Bad, min_score: 0 }\nelements:\n",
    );
    for (e, w) in case.element_weights.iter().enumerate() {
        y += &format!("  - {{ id: e{e}, title: Element {e}, weight: {w} }}\n");
    }
    y += "profile_facts: { f0: bool, f1: bool, f2: bool, size: integer }\nevidence_kinds:\n";
    y += "  - { id: k0, attributes: { flag: bool, date: date } }\n";
    y += "  - { id: k1, attributes: { flag: bool, date: date }, dated_by: date, register: true }\n";
    y += "rules:\n";
    for &r in order {
        let rule = &case.rules[r];
        y += &format!(
            "  - id: model.r{r}\n    element: e{}\n    title: Rule {r}\n    severity: {}\n    tests: {}\n    material: {}\n",
            rule.element, SEVERITIES[rule.severity], DIMENSIONS[rule.dimension], rule.material
        );
        if let Some(c) = &rule.applies {
            y += &format!("    applies_when: {}\n", render(c));
        }
        if let Some(c) = &rule.check {
            y += &format!("    check: {}\n", render(c));
        }
        if let Some(c) = &rule.partial {
            y += &format!("    partial: {}\n", render(c));
        }
    }
    y
}

fn bundle_yaml(case: &Case, order: &[usize]) -> String {
    let mut y = String::from("subject:\n  name: Fictional Model Co\n  profile: {");
    let mut facts = Vec::new();
    for (i, f) in case.facts.iter().enumerate() {
        if let Some(b) = f {
            facts.push(format!("f{i}: {b}"));
        }
    }
    if let Some(n) = case.size {
        facts.push(format!("size: {n}"));
    }
    y += &facts.join(", ");
    y += "}\n";
    if let Some(covers) = case.register {
        let to = if covers { 0 } else { REGISTER_SHORT_TO };
        let day = |ago: i64| AS_OF.checked_sub(jiff::Span::new().days(ago)).unwrap();
        y += &format!(
            "registers:\n  - {{ id: REG-K1, kind: k1, from: {}, to: {}, record_count: {}, assurance: documented }}\n",
            day(REGISTER_FROM),
            day(to),
            registered(case, to)
        );
    }
    y += "evidence:\n";
    if order.is_empty() {
        y += "  []\n";
    }
    for &i in order {
        let it = &case.items[i];
        let mut attrs = Vec::new();
        if let Some(b) = it.flag {
            attrs.push(format!("flag: {b}"));
        }
        if let Some(age) = it.age {
            let d = AS_OF.checked_sub(jiff::Span::new().days(age)).unwrap();
            attrs.push(format!("date: {d}"));
        }
        y += &format!(
            "  - {{ id: EV-{i:03}, kind: k{}, assurance: {}, attributes: {{ {} }} }}\n",
            it.kind,
            LEVELS[it.assurance],
            attrs.join(", ")
        );
    }
    y += "attestations:\n";
    let mut any = false;
    for (r, rule) in case.rules.iter().enumerate() {
        if rule.check.is_none() {
            let answer = case.answers.get(r).copied().unwrap_or(3);
            if answer < 3 {
                any = true;
                y += &format!(
                    "  model.r{r}: {{ answer: {} }}\n",
                    ["yes", "partial", "no"][answer]
                );
            }
        }
    }
    if !any {
        y += "  {}\n";
    }
    y
}

/// How many `k1` records fall in a register that ends `to` days before the as-of date.
fn registered(case: &Case, to: i64) -> usize {
    case.items
        .iter()
        .filter(|it| it.kind == 1 && it.age.is_some_and(|a| (to..=REGISTER_FROM).contains(&a)))
        .count()
}

/// Whether every `k1` record is known: a register covers the assessed period.
fn k1_closed(case: &Case) -> bool {
    case.register == Some(true)
}

fn run(case: &Case, rule_order: &[usize], item_order: &[usize]) -> Report {
    let framework = Framework::from_yaml_str(&framework_yaml(case, rule_order), "model.yaml")
        .unwrap_or_else(|e| panic!("{e}\n{}", framework_yaml(case, rule_order)));
    let bundle = EvidenceBundle::from_yaml_str(&bundle_yaml(case, item_order), "model-bundle.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    framework.prepare(&bundle).unwrap().assess(AS_OF)
}

fn identity(n: usize) -> Vec<usize> {
    (0..n).collect()
}

// ---------- the reference model ----------

fn eval_attr(a: &A, it: &Item) -> T {
    let b = match a {
        A::FlagIs(want) => it.flag.map(|f| f == *want),
        A::DateWithin(n) => it.age.map(|age| age >= 0 && age <= i64::from(*n)),
    };
    match b {
        Some(true) => T::True,
        Some(false) => T::False,
        None => T::Unknown,
    }
}

fn eval(c: &C, case: &Case) -> T {
    let bool_t = |b: bool| if b { T::True } else { T::False };
    match c {
        C::FactIs(f, b) => case.facts[*f].map_or(T::Unknown, |v| bool_t(v == *b)),
        C::SizeAtLeast(n) => case.size.map_or(T::Unknown, |v| bool_t(v >= *n)),
        C::Exists { kind, filter, min } => {
            let results: Vec<T> = case
                .items
                .iter()
                .filter(|it| it.kind == *kind && it.assurance >= min.unwrap_or(0))
                .map(|it| filter.as_ref().map_or(T::True, |a| eval_attr(a, it)))
                .collect();
            let open = *kind == 1 && !k1_closed(case);
            if results.contains(&T::True) {
                T::True
            } else if results.contains(&T::Unknown) || open {
                T::Unknown
            } else {
                T::False
            }
        }
        C::CountAtLeast { kind, filter, n } => {
            let results: Vec<T> = case
                .items
                .iter()
                .filter(|it| it.kind == *kind)
                .map(|it| filter.as_ref().map_or(T::True, |a| eval_attr(a, it)))
                .collect();
            let t = at_least_true(*n, &results);
            if t == T::False && *kind == 1 && !k1_closed(case) {
                T::Unknown
            } else {
                t
            }
        }
        C::All(ps) => {
            let ts: Vec<T> = ps.iter().map(|p| eval(p, case)).collect();
            if ts.contains(&T::False) {
                T::False
            } else if ts.contains(&T::Unknown) {
                T::Unknown
            } else {
                T::True
            }
        }
        C::Any(ps) => {
            let ts: Vec<T> = ps.iter().map(|p| eval(p, case)).collect();
            if ts.contains(&T::True) {
                T::True
            } else if ts.contains(&T::Unknown) {
                T::Unknown
            } else {
                T::False
            }
        }
        C::Not(p) => not(eval(p, case)),
        C::AtLeast(n, ps) => {
            let ts: Vec<T> = ps.iter().map(|p| eval(p, case)).collect();
            at_least_true(*n, &ts)
        }
    }
}

/// True if at least `n` of `ts` are true, false if fewer than `n` can be, else unknown.
fn at_least_true(n: u32, ts: &[T]) -> T {
    let yes = ts.iter().filter(|t| **t == T::True).count() as u32;
    let maybe = ts.iter().filter(|t| **t == T::Unknown).count() as u32;
    if yes >= n {
        T::True
    } else if yes + maybe < n {
        T::False
    } else {
        T::Unknown
    }
}

fn model_status(case: &Case, r: usize) -> Status {
    let rule = &case.rules[r];
    if let Some(a) = &rule.applies
        && eval(a, case) == T::False
    {
        return Status::NotApplicable;
    }
    match &rule.check {
        Some(check) => {
            let t = eval(check, case);
            if t == T::True {
                return Status::Met;
            }
            if rule
                .partial
                .as_ref()
                .is_some_and(|p| eval(p, case) == T::True)
            {
                return Status::PartiallyMet;
            }
            if t == T::Unknown {
                Status::Unknown
            } else {
                Status::NotMet
            }
        }
        None => match case.answers.get(r).copied().unwrap_or(3) {
            0 => Status::Met,
            1 => Status::PartiallyMet,
            2 => Status::NotMet,
            _ => Status::Unknown,
        },
    }
}

fn credit(s: Status) -> f64 {
    match s {
        Status::Met => 1.0,
        Status::PartiallyMet => 0.5,
        _ => 0.0,
    }
}

/// Overall score and rating id, the slow and obvious way: each applicable rule counts for
/// element weight × rule weight; material and critical rules that are not met or unknown cap
/// at `bad`; operation not demonstrated (an operation rule not met or unknown, or none
/// applicable) caps at `mid`.
fn model_score(case: &Case) -> (f64, &'static str) {
    let statuses: Vec<Status> = (0..case.rules.len())
        .map(|r| model_status(case, r))
        .collect();
    model_rate(case, &statuses)
}

/// Score and rating id of given rule statuses.
fn model_rate(case: &Case, statuses: &[Status]) -> (f64, &'static str) {
    let mut num = 0.0;
    let mut den = 0.0;
    for (r, rule) in case.rules.iter().enumerate() {
        if statuses[r] != Status::NotApplicable {
            let w = case.element_weights[rule.element] * SEVERITY_WEIGHT[rule.severity];
            num += credit(statuses[r]) * w;
            den += w;
        }
    }
    let score = if den > 0.0 { 100.0 * num / den } else { 0.0 };
    let failed_or_unknown = |r: usize| matches!(statuses[r], Status::NotMet | Status::Unknown);
    let gated = case
        .rules
        .iter()
        .enumerate()
        .any(|(r, rule)| (rule.severity == 0 || rule.material) && failed_or_unknown(r));
    let operation: Vec<Status> = case
        .rules
        .iter()
        .enumerate()
        .filter(|(_, rule)| rule.dimension == 2)
        .map(|(r, _)| statuses[r])
        .collect();
    let applicable: Vec<&Status> = operation
        .iter()
        .filter(|s| **s != Status::NotApplicable)
        .collect();
    let undemonstrated = !operation.is_empty()
        && (applicable.is_empty()
            || applicable
                .iter()
                .any(|s| matches!(**s, Status::Unknown | Status::NotMet)));
    // Ratings follow the published score, rounded to two decimals.
    let published = (score * 100.0).round() / 100.0;
    let rating = if gated || published < 50.0 {
        "bad"
    } else if published < 80.0 || undemonstrated {
        "mid"
    } else {
        "good"
    };
    (score, rating)
}

fn band_rank(id: &str) -> usize {
    ["good", "mid", "bad"]
        .iter()
        .position(|b| *b == id)
        .unwrap()
}

fn credits(report: &Report) -> BTreeMap<String, (Status, f64)> {
    report
        .findings
        .iter()
        .map(|f| (f.rule.clone(), (f.status, f.credit)))
        .collect()
}

// ---------- properties ----------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    /// The engine agrees with the reference model on every status, the score and the rating;
    /// scores stay within 0–100.
    #[test]
    fn engine_matches_reference_model(case in case(true)) {
        let report = run(&case, &identity(case.rules.len()), &identity(case.items.len()));
        for (r, _) in case.rules.iter().enumerate() {
            let finding = report.findings.iter().find(|f| f.rule == format!("model.r{r}")).unwrap();
            prop_assert_eq!(finding.status, model_status(&case, r), "rule model.r{}", r);
        }
        let (score, rating) = model_score(&case);
        prop_assert!((report.summary.score - score).abs() <= 0.005 + 1e-9, "score {} vs model {}", report.summary.score, score);
        prop_assert_eq!(report.summary.rating.id.as_str(), rating);
        prop_assert!((0.0..=100.0).contains(&report.summary.score));
        for e in &report.elements {
            if let Some(s) = e.score {
                prop_assert!((0.0..=100.0).contains(&s));
            }
        }
        let points: f64 = report.summary.assurance.iter().map(|a| a.points).sum();
        prop_assert!((points - report.summary.score).abs() < 0.05, "assurance points {} vs score {}", points, report.summary.score);
    }

    /// The path to the next band lifts the rating there, and no rule on it can be left out:
    /// meeting all of its rules reaches the band, leaving any one out does not.
    #[test]
    fn the_path_to_the_next_band_is_necessary_and_sufficient(case in case(true)) {
        let report = run(&case, &identity(case.rules.len()), &identity(case.items.len()));
        let rank = band_rank(&report.summary.rating.id);
        let Some(next) = &report.summary.next_band else {
            let no_rule_lifts = report.summary.gates.iter().any(|g| g.rule.is_none() && g.rules.is_empty());
            prop_assert!(rank == 0 || no_rule_lifts || report.findings.iter().all(|f| f.pooled_weight == 0.0));
            return Ok(());
        };
        prop_assert_eq!(band_rank(&next.band.id), rank - 1);
        let statuses: Vec<Status> = (0..case.rules.len()).map(|r| model_status(&case, r)).collect();
        let index = |rule: &str| rule.trim_start_matches("model.r").parse::<usize>().unwrap();
        let lifted = |skip: Option<usize>| {
            let mut s = statuses.clone();
            for (i, step) in next.rules.iter().enumerate() {
                if Some(i) != skip {
                    s[index(&step.rule)] = Status::Met;
                }
            }
            let (score, rating) = model_rate(&case, &s);
            (score, band_rank(rating))
        };
        let (score, reached) = lifted(None);
        prop_assert!(reached < rank, "the path reaches {} from {}", reached, rank);
        prop_assert!((score - next.score_after).abs() <= 0.005 + 1e-9);
        for skip in 0..next.rules.len() {
            prop_assert!(lifted(Some(skip)).1 >= rank, "{} is not needed", next.rules[skip].rule);
        }
    }

    /// Reordering evidence items or rules in the input leaves the report byte for byte the same.
    #[test]
    fn input_order_does_not_change_the_report(
        case in case(true),
        seed in any::<u64>(),
    ) {
        let base = run(&case, &identity(case.rules.len()), &identity(case.items.len())).to_json();
        let mut items = identity(case.items.len());
        let mut rules = identity(case.rules.len());
        shuffle(&mut items, seed);
        shuffle(&mut rules, seed.rotate_left(17));
        let shuffled = run(&case, &rules, &items).to_json();
        prop_assert_eq!(base, shuffled);
    }

    /// An absent fact or attribute never earns more credit than any value it could have.
    #[test]
    fn unknown_is_never_rewarded(case in case(true), which in 0usize..4, pick in 0usize..12) {
        let mut absent = case.clone();
        let candidates: Vec<Case> = match which {
            0..=2 => {
                absent.facts[which] = None;
                [true, false].iter().map(|b| { let mut c = case.clone(); c.facts[which] = Some(*b); c }).collect()
            }
            _ => {
                if case.items.is_empty() { return Ok(()); }
                let i = pick % case.items.len();
                absent.items[i].flag = None;
                [true, false].iter().map(|b| { let mut c = case.clone(); c.items[i].flag = Some(*b); c }).collect()
            }
        };
        let unknown = credits(&run(&absent, &identity(absent.rules.len()), &identity(absent.items.len())));
        for known in &candidates {
            let known = credits(&run(known, &identity(known.rules.len()), &identity(known.items.len())));
            for (rule, (status, c)) in &unknown {
                let (known_status, known_c) = known[rule];
                if *status != Status::NotApplicable && known_status != Status::NotApplicable {
                    prop_assert!(c <= &known_c, "{rule}: absent earns {c}, a value earns {known_c}");
                }
            }
        }
    }

    /// Without `not`, adding an evidence item never lowers any rule's credit.
    #[test]
    fn more_evidence_never_lowers_credit(case in case(false), mut extra in item()) {
        let before = credits(&run(&case, &identity(case.rules.len()), &identity(case.items.len())));
        let mut more = case.clone();
        if case.register.is_some() && extra.kind == 1 {
            // A register places every record by date (and counts the new one).
            extra.age.get_or_insert(0);
        }
        more.items.push(extra);
        let after = credits(&run(&more, &identity(more.rules.len()), &identity(more.items.len())));
        for (rule, (_, c)) in &before {
            prop_assert!(after[rule].1 >= *c, "{rule}: {c} before, {} after", after[rule].1);
        }
    }

    /// Taking the register away never raises the rating: without it, the absence of records
    /// proves nothing.
    #[test]
    fn removing_a_register_never_raises_the_rating(case in case(true)) {
        prop_assume!(case.register.is_some());
        let with = run(&case, &identity(case.rules.len()), &identity(case.items.len()));
        let mut without = case.clone();
        without.register = None;
        let after = run(&without, &identity(without.rules.len()), &identity(without.items.len()));
        prop_assert!(
            band_rank(&after.summary.rating.id) >= band_rank(&with.summary.rating.id),
            "rating rose from {} to {} without the register", with.summary.rating.id, after.summary.rating.id
        );
    }

    /// Leaving out a record that a register counts is refused; leaving out any other record
    /// of the register kind never raises the rating.
    #[test]
    fn leaving_out_a_registered_record_is_refused(case in case(true), pick in 0usize..12) {
        let k1: Vec<usize> = (0..case.items.len()).filter(|&i| case.items[i].kind == 1).collect();
        prop_assume!(!k1.is_empty());
        let i = k1[pick % k1.len()];
        let mut fewer = case.clone();
        fewer.items.remove(i);
        let to = if case.register == Some(true) { 0 } else { REGISTER_SHORT_TO };
        let counted = case.register.is_some() && registered(&case, to) != registered(&fewer, to);
        // Keep the register's stated count: render with the full case's count.
        let mut text = bundle_yaml(&fewer, &identity(fewer.items.len()));
        if case.register.is_some() {
            text = text.replace(
                &format!("record_count: {}", registered(&fewer, to)),
                &format!("record_count: {}", registered(&case, to)),
            );
        }
        let framework = Framework::from_yaml_str(&framework_yaml(&case, &identity(case.rules.len())), "m.yaml").unwrap();
        let bundle = EvidenceBundle::from_yaml_str(&text, "fewer.yaml").unwrap();
        let prepared = framework.prepare(&bundle);
        if counted {
            prop_assert!(prepared.is_err(), "a record the register counts was left out and the bundle was accepted");
        } else if !k1_closed(&case) {
            // Without a covering register a record's absence proves nothing: leaving one out
            // can only make the evidence less decisive.
            let after = prepared.unwrap().assess(AS_OF);
            let before = run(&case, &identity(case.rules.len()), &identity(case.items.len()));
            prop_assert!(
                band_rank(&after.summary.rating.id) >= band_rank(&before.summary.rating.id),
                "rating rose from {} to {}", before.summary.rating.id, after.summary.rating.id
            );
            prop_assert!(after.summary.score <= before.summary.score + 1e-9);
        }
    }

    /// A report survives JSON serialization unchanged; a framework survives YAML.
    #[test]
    fn reports_and_frameworks_round_trip(case in case(true)) {
        let report = run(&case, &identity(case.rules.len()), &identity(case.items.len()));
        let back: Report = serde_json::from_str(&report.to_json()).unwrap();
        prop_assert_eq!(&back, &report);
        let framework = Framework::from_yaml_str(&framework_yaml(&case, &identity(case.rules.len())), "m.yaml").unwrap();
        let again = Framework::from_yaml_str(&framework.to_yaml(), "again.yaml").unwrap();
        prop_assert_eq!(again.definition(), framework.definition());
    }
}

/// A deterministic Fisher–Yates shuffle driven by a seed (xorshift).
fn shuffle(v: &mut [usize], mut seed: u64) {
    seed |= 1;
    for i in (1..v.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let j = (seed % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

#[test]
fn bundled_frameworks_round_trip_through_yaml_and_json() {
    for id in Framework::bundled_ids() {
        let framework = Framework::bundled(id).unwrap();
        let again = Framework::from_yaml_str(&framework.to_yaml(), "again.yaml").unwrap();
        assert_eq!(again.definition(), framework.definition(), "{id} via YAML");
        let json = serde_json::to_string(framework.definition()).unwrap();
        let from_json = Framework::from_json_str(&json, "again.json").unwrap();
        assert_eq!(
            from_json.definition(),
            framework.definition(),
            "{id} via JSON"
        );
    }
}
