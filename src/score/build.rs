//! Building the report's numbers: the summary, dimension scores, assurance, findings and
//! element results.

use super::gates::{order_gates, rate, undemonstrated};
use super::lift::next_band;
use super::{ElementTally, Sums, band, counts_in_denominator, credit, round2};
use crate::assess::Outcome;
use crate::framework::Framework;
use crate::model::{Assurance, Dimension};
use crate::report::{
    AssuranceShare, Counts, DimensionScore, ElementResult, Finding, Gate, GateKind, ScoreInterval,
    Status, Summary,
};

pub(super) fn summary(
    framework: &Framework,
    tallies: &[ElementTally],
    total: Sums,
    dimensions: [Sums; 3],
    outcomes: &[Outcome],
    findings: &[Finding],
) -> Summary {
    let overall = total.score().unwrap_or(0.0);
    let high = total.high_score().unwrap_or(0.0);
    let mut gates: Vec<Gate> = tallies
        .iter()
        .flat_map(|t| {
            t.gates
                .iter()
                .filter(|g| g.kind != GateKind::OperationNotDemonstrated)
                .cloned()
        })
        .collect();
    gates.extend(undemonstrated(framework, outcomes, None, dimensions));
    order_gates(&mut gates);
    let (score_band, final_band, provisional) = rate(framework, overall, high, &gates);
    let material_weaknesses = findings
        .iter()
        .filter(|f| f.material && f.status == Status::NotMet)
        .map(|f| f.rule.clone())
        .collect();
    let mut counts = Counts::default();
    for f in findings {
        counts.add(f.status);
    }
    let totals = (total.numerator, total.denominator);
    let next_band = next_band(framework, final_band, totals, &gates, findings);
    Summary {
        score: round2(overall),
        score_interval: ScoreInterval {
            low: round2(overall),
            high: round2(high),
        },
        rating: band(framework, final_band),
        score_rating: band(framework, score_band),
        provisional,
        gates,
        material_weaknesses,
        dimensions: dimension_scores(dimensions),
        assurance: assurance(findings, overall, total.denominator),
        counts,
        next_band,
    }
}

pub(super) fn dimension_scores(sums: [Sums; 3]) -> Vec<DimensionScore> {
    Dimension::ALL
        .iter()
        .zip(sums)
        .map(|(d, s)| DimensionScore {
            dimension: *d,
            score: s.score().map(round2),
            numerator: s.numerator,
            denominator: s.denominator,
            unknown: s.unknown,
        })
        .collect()
}

/// Score points resting on each assurance level; they add up to the score.
pub(super) fn assurance(
    findings: &[Finding],
    overall: f64,
    denominator: f64,
) -> Vec<AssuranceShare> {
    let mut points = [0.0f64; 4];
    // Only credited findings: with no rule applicable the denominator is 0.
    for f in findings.iter().filter(|f| f.credit > 0.0) {
        let level = f.assurance.unwrap_or(Assurance::SelfDeclared);
        let slot = Assurance::ALL.iter().position(|a| *a == level).unwrap_or(0);
        if let Some(p) = points.get_mut(slot) {
            *p += f.credit * f.pooled_weight / denominator * 100.0;
        }
    }
    Assurance::ALL
        .iter()
        .zip(points)
        .map(|(level, points)| AssuranceShare {
            level: *level,
            points: round2(points),
            share: if overall > 0.0 {
                (points / overall * 10_000.0).round() / 10_000.0
            } else {
                0.0
            },
        })
        .collect()
}

/// Findings in framework order; the per-rule text and evidence move out of the outcomes.
pub(super) fn findings<'o>(
    framework: &Framework,
    outcomes: impl Iterator<Item = &'o mut Outcome>,
    denominator: f64,
) -> Vec<Finding> {
    let mut findings = Vec::with_capacity(framework.rules.len());
    for (r, (rule, outcome)) in framework.rules.iter().zip(outcomes).enumerate() {
        let Some(def) = framework.rule_def(r) else {
            continue;
        };
        let c = credit(outcome.status, framework.partial_credit);
        let element_weight = framework
            .element_weights
            .get(rule.element)
            .copied()
            .unwrap_or(0.0);
        let pooled = element_weight * rule.weight;
        // Overall score points the rule's full credit is worth.
        let value = if denominator > 0.0 && counts_in_denominator(outcome.status) {
            100.0 * pooled / denominator
        } else {
            0.0
        };
        let is_gap = matches!(
            outcome.status,
            Status::NotMet | Status::PartiallyMet | Status::Unknown
        );
        findings.push(Finding {
            rule: def.id.clone(),
            element: def.element.clone(),
            title: def.title.clone(),
            question: def.question.clone(),
            status: outcome.status,
            basis: outcome.basis,
            severity: def.severity,
            dimension: rule.dimension,
            material: rule.material,
            weight: rule.weight,
            pooled_weight: if counts_in_denominator(outcome.status) {
                pooled
            } else {
                0.0
            },
            credit: c,
            assurance: if c > 0.0 { outcome.assurance } else { None },
            gain: is_gap.then(|| round2((1.0 - c) * value)),
            excluded_because: outcome.excluded_because.take(),
            explanation: std::mem::take(&mut outcome.explanation),
            evidence: std::mem::take(&mut outcome.evidence),
            remediation: def.remediation.clone(),
            references: def.references.clone(),
        });
    }
    findings
}

pub(super) fn elements(framework: &Framework, tallies: Vec<ElementTally>) -> Vec<ElementResult> {
    framework
        .def
        .elements
        .iter()
        .zip(tallies)
        .enumerate()
        .map(|(e, (def, mut t))| {
            order_gates(&mut t.gates);
            let score = t.sums.score();
            let high = t.sums.high_score();
            let (score_band, final_band, provisional) = rate(
                framework,
                score.unwrap_or(0.0),
                high.unwrap_or(0.0),
                &t.gates,
            );
            ElementResult {
                id: def.id.clone(),
                title: def.title.clone(),
                weight: framework.element_weights.get(e).copied().unwrap_or(1.0),
                score: score.map(round2),
                score_interval: score.zip(high).map(|(low, high)| ScoreInterval {
                    low: round2(low),
                    high: round2(high),
                }),
                rating: score.map(|_| band(framework, final_band)),
                score_rating: score.map(|_| band(framework, score_band)),
                // Without applicable rules there is no gate and nothing undecided: never provisional.
                provisional,
                gates: t.gates,
                dimensions: dimension_scores(t.dimensions)
                    .into_iter()
                    .filter(|d| d.denominator > 0.0)
                    .collect(),
                numerator: t.sums.numerator,
                denominator: t.sums.denominator,
                excluded: t.excluded,
                counts: t.counts,
            }
        })
        .collect()
}
