//! Credit, element and overall scores, dimensions, ratings, gates, assurance and what-if gains.
//!
//! All rounding happens here, once, on the way into the report: sums are kept exact and only
//! the published percentages are rounded to two decimals.
//!
//! A rule counts for `element weight × rule weight`, pooled over the whole framework: the
//! element weight is a risk multiplier on its rules, so a rule's share does not shrink because
//! its element has many rules. An element's score is the credit share over its own rules; the
//! overall score is the mean of element scores weighted by element weight × applicable rule
//! weight, which is the same pooled share.

use crate::assess::Outcome;
use crate::framework::Framework;
use crate::model::{Assurance, Dimension};
use crate::report::{
    AssuranceShare, Counts, DimensionScore, ElementResult, Finding, FiredBy, Gate, GateKind,
    Rating, ScoreInterval, ScoringMethod, Status, Summary,
};

/// The name and version of the scoring method written into every report.
pub(crate) const METHOD: &str = "icp-assess pooled rule weights with gates";
pub(crate) const METHOD_VERSION: u32 = 2;

pub(crate) fn method(framework: &Framework) -> ScoringMethod {
    ScoringMethod {
        method: METHOD.to_owned(),
        version: METHOD_VERSION,
        partial_credit: framework.partial_credit,
        severity_weights: framework.severity_weights,
        critical_gate: band(framework, framework.gate_band).id,
        undemonstrated_cap: band(framework, framework.undemonstrated_band).id,
        description: "Rule credit is 1 when met, the partial credit when partially met, and 0 \
            otherwise (unknown counts 0). Not applicable and waived rules leave the denominator. \
            Each applicable rule counts for element weight x rule weight. Element score = 100 x \
            sum(credit x rule weight) / sum(rule weight) over its applicable rules. Overall score \
            = 100 x sum(element weight x credit x rule weight) / sum(element weight x rule \
            weight) over all applicable rules; dimension scores take the same sums over the \
            rules of one dimension. The score interval counts every unknown rule as met for its \
            upper end. The rating is the highest band the score reaches, then capped: at the \
            lowest band by a material rule that is not met or unknown; at the critical gate by \
            a critical rule that is not met or unknown; at the undemonstrated cap when an \
            applicable operation rule is not met or unknown, or none applies. Element ratings take the \
            same caps from their own rules. A rating is provisional when deciding the unknown \
            rules could change it."
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

/// Credit sums over a set of rules: achieved, achievable with unknowns met, and possible.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    numerator: f64,
    high: f64,
    denominator: f64,
    unknown: u32,
}

impl Sums {
    fn add(&mut self, status: Status, credit: f64, weight: f64) {
        self.denominator += weight;
        self.numerator += credit * weight;
        if status == Status::Unknown {
            self.high += weight;
            self.unknown += 1;
        } else {
            self.high += credit * weight;
        }
    }

    fn scaled(self, factor: f64) -> Sums {
        Sums {
            numerator: self.numerator * factor,
            high: self.high * factor,
            denominator: self.denominator * factor,
            unknown: self.unknown,
        }
    }

    fn merge(&mut self, other: Sums) {
        self.numerator += other.numerator;
        self.high += other.high;
        self.denominator += other.denominator;
        self.unknown += other.unknown;
    }

    /// 100 × numerator / denominator, when any rule applies.
    fn score(&self) -> Option<f64> {
        (self.denominator > 0.0).then(|| 100.0 * self.numerator / self.denominator)
    }

    fn high_score(&self) -> Option<f64> {
        (self.denominator > 0.0).then(|| 100.0 * self.high / self.denominator)
    }
}

/// What one element's rules add up to.
#[derive(Debug, Default)]
struct ElementTally {
    sums: Sums,
    /// Per dimension, in [`Dimension::ALL`] order.
    dimensions: [Sums; 3],
    counts: Counts,
    excluded: Vec<String>,
    gates: Vec<Gate>,
}

fn slot(dimension: Dimension) -> usize {
    Dimension::ALL
        .iter()
        .position(|d| *d == dimension)
        .unwrap_or(0)
}

pub(crate) fn score(
    framework: &Framework,
    outcomes: Vec<Outcome>,
) -> (Summary, Vec<ElementResult>, Vec<Finding>) {
    let mut tallies = tally(framework, &outcomes);
    for (e, t) in tallies.iter_mut().enumerate() {
        if let Some(gate) = undemonstrated(framework, &outcomes, Some(e), t.dimensions) {
            t.gates.push(gate);
        }
    }
    let mut total = Sums::default();
    let mut dimensions = [Sums::default(); 3];
    for (t, w) in tallies.iter().zip(&framework.element_weights) {
        total.merge(t.sums.scaled(*w));
        for (d, s) in dimensions.iter_mut().zip(t.dimensions) {
            d.merge(s.scaled(*w));
        }
    }
    let findings = findings(framework, outcomes.iter(), total.denominator);
    let summary = summary(framework, &tallies, total, dimensions, &outcomes, &findings);
    let elements = elements(framework, tallies);
    (summary, elements, findings)
}

/// Adds up every rule into its element, and collects the gates of material and critical rules.
fn tally(framework: &Framework, outcomes: &[Outcome]) -> Vec<ElementTally> {
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
fn undemonstrated(
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
fn rate(framework: &Framework, low: f64, high: f64, gates: &[Gate]) -> (usize, usize, bool) {
    let cap_of = |g: &Gate| {
        framework
            .def
            .rating_bands
            .iter()
            .position(|b| b.id == g.capped_at)
            .unwrap_or(0)
    };
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

/// Gates in report order: material weaknesses, then critical rules, then operation; failures
/// before unknowns; then framework order (stable sort).
fn order_gates(gates: &mut [Gate]) {
    gates.sort_by_key(|g| (g.kind, g.fired_by));
}

fn summary(
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
    }
}

fn dimension_scores(sums: [Sums; 3]) -> Vec<DimensionScore> {
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
fn assurance(findings: &[Finding], overall: f64, denominator: f64) -> Vec<AssuranceShare> {
    let mut points = [0.0f64; 4];
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

fn findings<'o>(
    framework: &Framework,
    outcomes: impl Iterator<Item = &'o Outcome>,
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
            excluded_because: outcome.excluded_because.clone(),
            explanation: outcome.explanation.clone(),
            evidence: outcome.evidence.clone(),
            remediation: def.remediation.clone(),
            references: def.references.clone(),
        });
    }
    findings
}

fn elements(framework: &Framework, tallies: Vec<ElementTally>) -> Vec<ElementResult> {
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
                provisional: score.is_some() && provisional,
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

    #[test]
    fn sums_count_unknowns_as_met_only_at_the_high_end() {
        let mut s = Sums::default();
        s.add(Status::Met, 1.0, 2.0);
        s.add(Status::Unknown, 0.0, 2.0);
        s.add(Status::PartiallyMet, 0.5, 4.0);
        assert_eq!(s.score(), Some(50.0));
        assert_eq!(s.high_score(), Some(75.0));
        assert_eq!(s.unknown, 1);
        assert_eq!(Sums::default().score(), None);
    }
}
