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

mod build;
mod gates;
mod lift;

use build::{elements, findings, summary};
use gates::{tally, undemonstrated};

use crate::assess::Outcome;
use crate::framework::Framework;
use crate::model::Dimension;
use crate::report::{Counts, ElementResult, Finding, Gate, Rating, ScoringMethod, Status, Summary};

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
    mut outcomes: Vec<Outcome>,
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
    let findings = findings(framework, outcomes.iter_mut(), total.denominator);
    let summary = summary(framework, &tallies, total, dimensions, &outcomes, &findings);
    let elements = elements(framework, tallies);
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
