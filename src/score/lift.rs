//! The path to the next band: the fewest rules that, once met, lift the overall rating one band.
//!
//! Meeting a rule only raises its own credit (weights and applicability do not move), so what a
//! rule adds to the score does not depend on the others. The path is therefore every rule whose
//! gate holds the rating below the next band, then the largest remaining gains until the score
//! reaches the band: no smaller set of rules does it.

use super::gates::cap_index;
use super::{band, round2};
use crate::framework::Framework;
use crate::report::{Finding, Gate, Lift, NextBand};

/// The path from the band at `current` (0 = top) to the one above it; `None` at the top band,
/// when no rule applies, or when a gate that no rule can lift holds the rating (a framework with
/// operation rules none of which applies).
pub(super) fn next_band(
    framework: &Framework,
    current: usize,
    (numerator, denominator): (f64, f64),
    gates: &[Gate],
    findings: &[Finding],
) -> Option<NextBand> {
    let target = current.checked_sub(1)?;
    let min_score = framework.def.rating_bands.get(target)?.min_score;
    if denominator <= 0.0 {
        return None;
    }
    let points = |f: &Finding| (1.0 - f.credit) * f.pooled_weight / denominator * 100.0;
    let mut steps: Vec<Lift> = Vec::new();
    let add = |rule: &str, gate, steps: &mut Vec<Lift>| {
        if steps.iter().any(|s| s.rule == rule) {
            return 0.0;
        }
        let Some(f) = findings.iter().find(|f| f.rule == rule) else {
            return 0.0;
        };
        let gain = points(f);
        steps.push(Lift {
            rule: rule.to_owned(),
            gate,
            gain: round2(gain),
        });
        gain
    };
    let mut score = 100.0 * numerator / denominator;
    for gate in gates.iter().filter(|g| cap_index(framework, g) > target) {
        let mut rules = gate.rule.iter().chain(&gate.rules).peekable();
        rules.peek()?;
        for rule in rules {
            score += add(rule, Some(gate.kind), &mut steps);
        }
    }
    let mut rest: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.gain.is_some() && !steps.iter().any(|s| s.rule == f.rule))
        .collect();
    rest.sort_by(|a, b| {
        points(b)
            .total_cmp(&points(a))
            .then_with(|| a.rule.cmp(&b.rule))
    });
    for f in rest {
        if round2(score) >= min_score {
            break;
        }
        score += add(&f.rule, None, &mut steps);
    }
    Some(NextBand {
        band: band(framework, target),
        min_score,
        rules: steps,
        score_after: round2(score.min(100.0)),
    })
}
