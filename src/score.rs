//! Credit, element and overall scores, ratings, gates, assurance and what-if gains.
//!
//! All rounding happens here, once, on the way into the report: sums are kept exact and only
//! the published percentages are rounded to two decimals.

use crate::assess::Outcome;
use crate::framework::Framework;
use crate::model::Assurance;
use crate::report::{
    AssuranceShare, Counts, ElementResult, Finding, Gate, Rating, ScoringMethod, Status, Summary,
};

/// The name and version of the scoring method written into every report.
pub(crate) const METHOD: &str = "icp-assess weighted element mean";
pub(crate) const METHOD_VERSION: u32 = 1;

pub(crate) fn method(framework: &Framework) -> ScoringMethod {
    ScoringMethod {
        method: METHOD.to_owned(),
        version: METHOD_VERSION,
        partial_credit: framework.partial_credit,
        severity_weights: framework.severity_weights,
        critical_gate: band(framework, framework.gate_band).id,
        description: "Rule credit is 1 when met, the partial credit when partially met, and 0 \
            otherwise (unknown counts 0). Not applicable and waived rules leave the denominator. \
            Element score = 100 x sum(credit x weight) / sum(weight) over its applicable rules. \
            Overall score = mean of element scores weighted by element weight, over elements \
            that have applicable rules. The rating is the highest band the score reaches, capped \
            at the critical gate band when a critical rule is not met or unknown."
            .to_owned(),
    }
}

/// Rule credit for a status.
pub(crate) fn credit(status: Status, partial_credit: f64) -> f64 {
    match status {
        Status::Met => 1.0,
        Status::PartiallyMet => partial_credit,
        _ => 0.0,
    }
}

fn counts_in_denominator(status: Status) -> bool {
    !matches!(status, Status::NotApplicable | Status::Waived)
}

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn band(framework: &Framework, index: usize) -> Rating {
    framework
        .def
        .rating_bands
        .get(index)
        .map(|b| Rating {
            id: b.id.clone(),
            label: b.label.clone(),
        })
        .unwrap_or(Rating {
            id: String::new(),
            label: String::new(),
        })
}

/// The index of the highest band whose `min_score` the score reaches.
fn band_index(framework: &Framework, score: f64) -> usize {
    let bands = &framework.def.rating_bands;
    bands
        .iter()
        .position(|b| score >= b.min_score)
        .unwrap_or(bands.len().saturating_sub(1))
}

pub(crate) fn score(
    framework: &Framework,
    outcomes: Vec<Outcome>,
) -> (Summary, Vec<ElementResult>, Vec<Finding>) {
    let n_elements = framework.def.elements.len();
    let pc = framework.partial_credit;
    let mut numerators = vec![0.0; n_elements];
    let mut denominators = vec![0.0; n_elements];
    for (rule, outcome) in framework.rules.iter().zip(&outcomes) {
        if counts_in_denominator(outcome.status) {
            if let Some(d) = denominators.get_mut(rule.element) {
                *d += rule.weight;
            }
            if let Some(n) = numerators.get_mut(rule.element) {
                *n += credit(outcome.status, pc) * rule.weight;
            }
        }
    }
    // Elements with applicable rules (positive denominator) enter the overall mean.
    let element_scores: Vec<Option<f64>> = numerators
        .iter()
        .zip(&denominators)
        .map(|(n, d)| (*d > 0.0).then(|| 100.0 * n / d))
        .collect();
    let total_weight: f64 = element_scores
        .iter()
        .zip(&framework.element_weights)
        .filter(|(s, _)| s.is_some())
        .map(|(_, w)| *w)
        .sum();
    let overall = if total_weight > 0.0 {
        element_scores
            .iter()
            .zip(&framework.element_weights)
            .filter_map(|(s, w)| s.map(|s| s * w))
            .sum::<f64>()
            / total_weight
    } else {
        0.0
    };
    // Overall score points a rule's full credit is worth.
    let worth = |element: usize, weight: f64| -> f64 {
        let d = denominators.get(element).copied().unwrap_or(0.0);
        let w = framework
            .element_weights
            .get(element)
            .copied()
            .unwrap_or(0.0);
        if d > 0.0 && total_weight > 0.0 {
            100.0 * weight / d * w / total_weight
        } else {
            0.0
        }
    };

    let mut assurance_points = [0.0f64; 4];
    let mut counts = Counts::default();
    let mut element_counts = vec![Counts::default(); n_elements];
    let mut excluded: Vec<Vec<String>> = vec![Vec::new(); n_elements];
    let mut gates = Vec::new();
    let mut findings = Vec::with_capacity(outcomes.len());
    for (r, (rule, outcome)) in framework.rules.iter().zip(outcomes).enumerate() {
        let Some(def) = framework.rule_def(r) else {
            continue;
        };
        let c = credit(outcome.status, pc);
        let value = worth(rule.element, rule.weight);
        counts.add(outcome.status);
        if let Some(ec) = element_counts.get_mut(rule.element) {
            ec.add(outcome.status);
        }
        if !counts_in_denominator(outcome.status)
            && let Some(ex) = excluded.get_mut(rule.element)
        {
            ex.push(def.id.clone());
        }
        if c > 0.0 {
            let level = outcome.assurance.unwrap_or(Assurance::SelfDeclared);
            let slot = Assurance::ALL.iter().position(|a| *a == level).unwrap_or(0);
            if let Some(p) = assurance_points.get_mut(slot) {
                *p += c * value;
            }
        }
        let is_gap = matches!(
            outcome.status,
            Status::NotMet | Status::PartiallyMet | Status::Unknown
        );
        if framework.is_critical(r) && matches!(outcome.status, Status::NotMet | Status::Unknown) {
            gates.push(Gate {
                rule: def.id.clone(),
                title: def.title.clone(),
                status: outcome.status,
                capped_at: band(framework, framework.gate_band).id,
            });
        }
        findings.push(Finding {
            rule: def.id.clone(),
            element: def.element.clone(),
            title: def.title.clone(),
            question: def.question.clone(),
            status: outcome.status,
            basis: outcome.basis,
            severity: def.severity,
            weight: rule.weight,
            credit: c,
            assurance: if c > 0.0 { outcome.assurance } else { None },
            gain: is_gap.then(|| round2((1.0 - c) * value)),
            excluded_because: outcome.excluded_because,
            explanation: outcome.explanation,
            evidence: outcome.evidence,
            remediation: def.remediation.clone(),
            references: def.references.clone(),
        });
    }

    // Ratings follow the published (rounded) score, so a reader can check them from the report.
    let score_band = band_index(framework, round2(overall));
    let final_band = if gates.is_empty() {
        score_band
    } else {
        score_band.max(framework.gate_band)
    };
    let assurance = Assurance::ALL
        .iter()
        .zip(assurance_points)
        .map(|(level, points)| AssuranceShare {
            level: *level,
            points: round2(points),
            share: if overall > 0.0 {
                (points / overall * 10_000.0).round() / 10_000.0
            } else {
                0.0
            },
        })
        .collect();
    let summary = Summary {
        score: round2(overall),
        rating: band(framework, final_band),
        score_rating: band(framework, score_band),
        gates,
        assurance,
        counts,
    };
    let elements = framework
        .def
        .elements
        .iter()
        .enumerate()
        .map(|(e, def)| {
            let score = element_scores.get(e).copied().flatten();
            ElementResult {
                id: def.id.clone(),
                title: def.title.clone(),
                weight: framework.element_weights.get(e).copied().unwrap_or(1.0),
                score: score.map(round2),
                rating: score.map(|s| band(framework, band_index(framework, round2(s)))),
                numerator: numerators.get(e).copied().unwrap_or(0.0),
                denominator: denominators.get(e).copied().unwrap_or(0.0),
                excluded: excluded.get(e).cloned().unwrap_or_default(),
                counts: element_counts.get(e).copied().unwrap_or_default(),
            }
        })
        .collect();
    (summary, elements, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_follows_status() {
        assert_eq!(credit(Status::Met, 0.5), 1.0);
        assert_eq!(credit(Status::PartiallyMet, 0.25), 0.25);
        assert_eq!(credit(Status::Unknown, 0.5), 0.0);
        assert_eq!(credit(Status::NotApplicable, 0.5), 0.0);
    }

    #[test]
    fn rounding_keeps_two_decimals() {
        assert_eq!(round2(66.666_666), 66.67);
        assert_eq!(round2(0.004), 0.0);
    }
}
