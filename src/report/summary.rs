//! The overall results of a report: score, interval, rating, gates, dimensions, assurance.

use serde::{Deserialize, Serialize};

use super::{Rating, Status};
use crate::model::{Assurance, Dimension};

/// Overall results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Summary {
    /// Weighted score, 0–100, rounded to two decimals; unknown rules count as failed.
    pub score: f64,
    /// The score with every unknown rule failed (the score itself) … met.
    pub score_interval: ScoreInterval,
    /// The rating after gates.
    pub rating: Rating,
    /// The rating the score alone earns.
    pub score_rating: Rating,
    /// The rating would change if the unknown rules were decided: it rests on missing evidence.
    pub provisional: bool,
    /// What capped the rating, material weaknesses first.
    pub gates: Vec<Gate>,
    /// Rules whose failure is a material weakness, in framework order.
    pub material_weaknesses: Vec<String>,
    /// The score on each dimension: design, resourcing, operation.
    pub dimensions: Vec<DimensionScore>,
    /// How much of the score rests on each assurance level, lowest first.
    pub assurance: Vec<AssuranceShare>,
    /// Rules by status.
    pub counts: Counts,
    /// What would lift the rating one band; absent at the top band, and when no rule can lift
    /// it (no rule applies, or none of the framework's operation rules applies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_band: Option<NextBand>,
}

/// The fewest rules that, once met, lift the overall rating to the band above it.
///
/// Rules come in two groups: first every rule whose gate holds the rating below that band (all
/// of them must be met, whatever the score), then the largest remaining gains until the score
/// reaches the band. Meeting a rule never changes what another rule adds, so no smaller set
/// lifts the rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NextBand {
    /// The band above the current rating.
    pub band: Rating,
    /// The lowest score of that band.
    pub min_score: f64,
    /// The rules to meet, gated ones first, then by gain.
    pub rules: Vec<Lift>,
    /// The score once they are all met.
    pub score_after: f64,
}

/// One rule on the path to the next band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Lift {
    /// The rule.
    pub rule: String,
    /// The gate that makes it necessary; absent when it is needed for the score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<GateKind>,
    /// Overall score points meeting it adds.
    pub gain: f64,
}

/// The range a score can take once the unknown rules are decided.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScoreInterval {
    /// Every unknown rule failed: the score as published.
    pub low: f64,
    /// Every unknown rule met.
    pub high: f64,
}

/// Why a gate caps a rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GateKind {
    /// A material rule failed: an actual violation or a breakdown of a key control. Caps the
    /// element and the program at the lowest band.
    MaterialWeakness,
    /// A critical rule is not met. Caps the element and the program at the critical-gate band.
    CriticalRule,
    /// Operation rules are not met or unknown (or none applies): the program is designed, not
    /// demonstrated to work. Caps at the framework's `undemonstrated_cap` band.
    OperationNotDemonstrated,
}

impl GateKind {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            GateKind::MaterialWeakness => "material_weakness",
            GateKind::CriticalRule => "critical_rule",
            GateKind::OperationNotDemonstrated => "operation_not_demonstrated",
        }
    }
}

/// Whether a gate fired on a shown failure or on missing evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FiredBy {
    /// The evidence shows the failure.
    Failure,
    /// The evidence cannot decide the rule; the cap holds until it can.
    Unknown,
}

/// Something that caps a rating whatever the percentage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Gate {
    /// Why it caps.
    pub kind: GateKind,
    /// The rule, for material weaknesses and critical rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The rule's title, or the gate in words.
    pub title: String,
    /// The rule's status, for material weaknesses and critical rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The element the rule belongs to, or the element not demonstrated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element: Option<String>,
    /// Failure shown, or evidence missing.
    pub fired_by: FiredBy,
    /// The band the rating is capped at.
    pub capped_at: String,
    /// For operation not demonstrated: the operation rules that are not met or unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
}

/// The score on one dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DimensionScore {
    /// Design, resourcing or operation.
    pub dimension: Dimension,
    /// 100 × numerator / denominator, two decimals; absent when no rule of the dimension
    /// applies.
    pub score: Option<f64>,
    /// Σ element weight × credit × rule weight over the dimension's applicable rules.
    pub numerator: f64,
    /// Σ element weight × rule weight over the dimension's applicable rules.
    pub denominator: f64,
    /// Applicable rules of the dimension that are unknown.
    pub unknown: u32,
}

/// The part of the overall score that rests on one assurance level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AssuranceShare {
    /// The level.
    pub level: Assurance,
    /// Score points (of the overall 0–100) resting on it.
    pub points: f64,
    /// Its share of the achieved score, 0–1.
    pub share: f64,
}

/// Number of rules per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Counts {
    /// Met.
    pub met: u32,
    /// Partially met.
    pub partially_met: u32,
    /// Not met.
    pub not_met: u32,
    /// Unknown.
    pub unknown: u32,
    /// Not applicable.
    pub not_applicable: u32,
    /// Waived.
    pub waived: u32,
}

impl Counts {
    pub(crate) fn add(&mut self, status: Status) {
        let slot = match status {
            Status::Met => &mut self.met,
            Status::PartiallyMet => &mut self.partially_met,
            Status::NotMet => &mut self.not_met,
            Status::Unknown => &mut self.unknown,
            Status::NotApplicable => &mut self.not_applicable,
            Status::Waived => &mut self.waived,
        };
        *slot += 1;
    }
}
