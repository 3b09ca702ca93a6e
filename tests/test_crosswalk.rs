//! The same obligation weighs the same in every bundled framework: for each pair of rules that
//! `tests/data/crosswalk-bis-eu.yaml` maps to one obligation, the severity, the material flag,
//! the dimension and the time windows agree.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly on bad fixtures"
)]

use std::collections::BTreeSet;

use icp_assess::Framework;
use icp_assess::model::{ConditionDef, RuleDef};
use serde::Deserialize;

/// The crosswalk must not silently shrink.
const MIN_PAIRS: usize = 10;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Pair {
    bis: String,
    eu: String,
    obligation: String,
}

/// Every `within_days` and `older_than_days` number in a condition.
fn windows(c: &ConditionDef, out: &mut BTreeSet<u32>) {
    out.extend(c.within_days);
    out.extend(c.older_than_days);
    let children = c
        .all
        .iter()
        .chain(&c.any)
        .chain(&c.of)
        .flatten()
        .chain(c.not.as_deref())
        .chain(c.filter.as_deref())
        .chain(c.meets.as_deref());
    for child in children {
        windows(child, out);
    }
}

fn rule_windows(r: &RuleDef) -> BTreeSet<u32> {
    let mut out = BTreeSet::new();
    for c in [&r.check, &r.partial].into_iter().flatten() {
        windows(c, &mut out);
    }
    out
}

#[test]
fn mapped_obligations_have_the_same_severity_dimension_and_windows() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/crosswalk-bis-eu.yaml"
    ))
    .unwrap();
    let pairs: Vec<Pair> = yaml_serde::from_str(&text).unwrap();
    assert!(pairs.len() >= MIN_PAIRS, "only {} pairs", pairs.len());
    let bis = Framework::bundled("bis-ecg").unwrap().definition();
    let eu = Framework::bundled("eu-2019-1318").unwrap().definition();
    let find = |rules: &'static [RuleDef], id: &str| {
        rules
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("the crosswalk names `{id}`, which does not exist"))
    };
    let mut problems = Vec::new();
    for p in &pairs {
        let (b, e) = (find(&bis.rules, &p.bis), find(&eu.rules, &p.eu));
        let what = format!("`{}` ~ `{}` ({})", p.bis, p.eu, p.obligation);
        if b.severity != e.severity {
            problems.push(format!(
                "{what}: severity {:?} vs {:?}",
                b.severity, e.severity
            ));
        }
        if b.material != e.material {
            problems.push(format!("{what}: material {} vs {}", b.material, e.material));
        }
        if b.tests != e.tests {
            problems.push(format!("{what}: tests {:?} vs {:?}", b.tests, e.tests));
        }
        if rule_windows(b) != rule_windows(e) {
            problems.push(format!(
                "{what}: windows {:?} vs {:?}",
                rule_windows(b),
                rule_windows(e)
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
