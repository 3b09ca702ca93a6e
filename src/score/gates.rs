//! Adding up rules by element, and the gates that cap a rating: material weaknesses, critical
//! rules, and operation not demonstrated.

use super::{ElementTally, Sums, band, band_index, counts_in_denominator, credit, round2, slot};
use crate::assess::Outcome;
use crate::framework::Framework;
use crate::model::Dimension;
use crate::report::{FiredBy, Gate, GateKind, Status};

/// Adds up every rule into its element, and collects the gates of material and critical rules.
pub(super) fn tally(framework: &Framework, outcomes: &[Outcome]) -> Vec<ElementTally> {
    let mut tallies: Vec<ElementTally> = (0..framework.def.elements.len())
        .map(|_| ElementTally::default())
        .collect();
    for (r, (rule, outcome)) in framework.rules.iter().zip(outcomes).enumerate() {
        let (Some(def), Some(t)) = (framework.rule_def(r), tallies.get_mut(rule.element)) else {
            continue;
        };
        t.counts.add(outcome.status);
        if !counts_in_denominator(outcome.status) {
            t.excluded.push(def.id.clone());
            continue;
        }
        let c = credit(outcome.status, framework.partial_credit);
        t.sums.add(outcome.status, c, rule.weight);
        if let Some(d) = t.dimensions.get_mut(slot(rule.dimension)) {
            d.add(outcome.status, c, rule.weight);
        }
        let fired_by = match outcome.status {
            Status::NotMet => FiredBy::Failure,
            Status::Unknown => FiredBy::Unknown,
            _ => continue,
        };
        let kind = if rule.material {
            GateKind::MaterialWeakness
        } else if framework.is_critical(r) {
            GateKind::CriticalRule
        } else {
            continue;
        };
        let capped_at = match kind {
            GateKind::MaterialWeakness => framework.def.rating_bands.len().saturating_sub(1),
            _ => framework.gate_band,
        };
        t.gates.push(Gate {
            kind,
            rule: Some(def.id.clone()),
            title: def.title.clone(),
            status: Some(outcome.status),
            element: Some(def.element.clone()),
            fired_by,
            capped_at: band(framework, capped_at).id,
            rules: Vec::new(),
        });
    }
    tallies
}

/// The gate of an element (or, with `None`, the program) whose operation is not demonstrated:
/// an applicable operation rule is not met or unknown, or (for a program whose framework has
/// operation rules) none applies.
pub(super) fn undemonstrated(
    framework: &Framework,
    outcomes: &[Outcome],
    element: Option<usize>,
    dimensions: [Sums; 3],
) -> Option<Gate> {
    let operation = dimensions.get(slot(Dimension::Operation)).copied()?;
    let in_scope = |e: usize| element.is_none_or(|x| x == e);
    // Nothing to demonstrate: an element without applicable operation rules, or a framework
    // that has no operation rules at all (a design checklist).
    let has_operation_rules = framework
        .rules
        .iter()
        .any(|r| r.dimension == Dimension::Operation);
    if operation.denominator <= 0.0 && (element.is_some() || !has_operation_rules) {
        return None;
    }
    let mut fired_by = FiredBy::Unknown;
    let mut rules = Vec::new();
    for (r, (rule, outcome)) in framework.rules.iter().zip(outcomes).enumerate() {
        let failed = match outcome.status {
            Status::NotMet => true,
            Status::Unknown => false,
            _ => continue,
        };
        if in_scope(rule.element) && rule.dimension == Dimension::Operation {
            if failed {
                fired_by = FiredBy::Failure;
            }
            rules.extend(framework.rule_def(r).map(|d| d.id.clone()));
        }
    }
    if operation.denominator > 0.0 && rules.is_empty() {
        return None;
    }
    let title = if rules.is_empty() {
        "designed, not demonstrated: no rule that tests operation applies".to_owned()
    } else {
        format!(
            "designed, not demonstrated: {} operation rule(s) not met or undecided",
            rules.len()
        )
    };
    Some(Gate {
        kind: GateKind::OperationNotDemonstrated,
        rule: None,
        title,
        status: None,
        element: element
            .and_then(|e| framework.def.elements.get(e))
            .map(|e| e.id.clone()),
        fired_by,
        capped_at: band(framework, framework.undemonstrated_band).id,
        rules,
    })
}

/// The rating after gates, and whether deciding the unknowns could change it.
pub(super) fn rate(
    framework: &Framework,
    low: f64,
    high: f64,
    gates: &[Gate],
) -> (usize, usize, bool) {
    let cap_of = |g: &Gate| cap_index(framework, g);
    // Ratings follow the published (rounded) score, so a reader can check them from the report.
    let score_band = band_index(framework, round2(low));
    let capped = gates.iter().map(cap_of).fold(score_band, usize::max);
    // The best case: every unknown met, so only gates fired by shown failures remain.
    let best = gates
        .iter()
        .filter(|g| g.fired_by == FiredBy::Failure)
        .map(cap_of)
        .fold(band_index(framework, round2(high)), usize::max);
    (score_band, capped, best != capped)
}

/// The index of the band a gate caps at (0 = top).
pub(super) fn cap_index(framework: &Framework, gate: &Gate) -> usize {
    framework
        .def
        .rating_bands
        .iter()
        .position(|b| b.id == gate.capped_at)
        .unwrap_or(0)
}

/// Gates in report order: material weaknesses, then critical rules, then operation; failures
/// before unknowns; then framework order (stable sort).
pub(super) fn order_gates(gates: &mut [Gate]) {
    gates.sort_by_key(|g| (g.kind, g.fired_by));
}
