//! What each rule is worth: its share of a framework's maximum score.
//!
//! With scoring method 2, an applicable rule counts for element weight × rule weight. When every
//! rule applies, its share of the score is that product over the sum for all rules. Publishing
//! the shares lets a reader see where a framework puts its weight: on paper or on practice.

use serde::{Deserialize, Serialize};

use crate::framework::Framework;
use crate::model::{Dimension, Severity};

/// One rule's share of the maximum score, when every rule of the framework applies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RuleShare {
    /// The rule.
    pub rule: String,
    /// Its element.
    pub element: String,
    /// What it tests.
    pub dimension: Dimension,
    /// Its severity.
    pub severity: Severity,
    /// Whether a failure is a material weakness.
    pub material: bool,
    /// Whether only the company's own answer can decide it (no check).
    pub attested: bool,
    /// Element weight × rule weight.
    pub pooled_weight: f64,
    /// Its share of the maximum score, 0–1.
    pub share: f64,
}

impl Framework {
    /// Each rule's share of the maximum score, in report order, when every rule applies.
    ///
    /// ```
    /// let bis = icp_assess::Framework::bundled("bis-ecg")?;
    /// let shares = bis.rule_shares();
    /// let total: f64 = shares.iter().map(|s| s.share).sum();
    /// assert!((total - 1.0).abs() < 1e-9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rule_shares(&self) -> Vec<RuleShare> {
        let pooled: Vec<f64> = self
            .rules
            .iter()
            .map(|r| self.element_weights.get(r.element).copied().unwrap_or(0.0) * r.weight)
            .collect();
        let total: f64 = pooled.iter().sum();
        self.rules
            .iter()
            .zip(&pooled)
            .enumerate()
            .filter_map(|(i, (rule, &w))| {
                let def = self.rule_def(i)?;
                Some(RuleShare {
                    rule: def.id.clone(),
                    element: def.element.clone(),
                    dimension: rule.dimension,
                    severity: def.severity,
                    material: rule.material,
                    attested: rule.check.is_none(),
                    pooled_weight: w,
                    share: if total > 0.0 { w / total } else { 0.0 },
                })
            })
            .collect()
    }
}
