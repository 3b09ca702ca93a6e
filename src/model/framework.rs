//! The framework file, as written: plain serde types, checked later by validation.

use serde::{Deserialize, Serialize};

use super::{Assurance, Dimension, IsoDate, Severity, UniqueMap, Value, ValueType};

/// A whole framework file: metadata, scoring settings, rating bands, elements, the evidence
/// vocabulary and the rules. See `docs/FORMAT.md` for the format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FrameworkDef {
    /// Identity and source of the framework.
    pub framework: FrameworkMeta,
    /// Scoring settings; defaults apply when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring: Option<ScoringDef>,
    /// Rating bands, highest first.
    pub rating_bands: Vec<BandDef>,
    /// The framework's official elements, in official order.
    pub elements: Vec<ElementDef>,
    /// Facts about the company that conditions may test, with their types.
    #[serde(default, skip_serializing_if = "UniqueMap::is_empty")]
    pub profile_facts: UniqueMap<ValueType>,
    /// The kinds of documents and records rules may test.
    #[serde(default)]
    pub evidence_kinds: Vec<EvidenceKindDef>,
    /// The checklist.
    pub rules: Vec<RuleDef>,
}

/// Identity and source of a framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FrameworkMeta {
    /// Stable lowercase id, such as `bis-ecg`.
    pub id: String,
    /// Version of this rule content (not of the regulation).
    pub version: semver::Version,
    /// Title.
    pub title: String,
    /// The issuing authority.
    pub authority: String,
    /// The official document the rules paraphrase.
    pub source: SourceDef,
    /// A notice shown in reports, such as the scope of the guidance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

/// An official source document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SourceDef {
    /// Its title.
    pub title: String,
    /// When it was published.
    pub published: IsoDate,
    /// Where to read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Scoring settings of a framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[non_exhaustive]
pub struct ScoringDef {
    /// Credit of a partially met rule, in `[0, 1]`; 0.5 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial_credit: Option<f64>,
    /// Default rule weight per severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity_weights: Option<SeverityWeights>,
    /// Id of the band that caps the rating when a critical rule is not met or unknown; the
    /// lowest band when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical_gate: Option<String>,
    /// Id of the band that caps an element or the program whose operation is not demonstrated
    /// (an applicable `operation` rule is unknown, or none applies); when absent, the third band
    /// from the top (the lowest when there are fewer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undemonstrated_cap: Option<String>,
    /// Minimum control-test sample sizes by population size, ascending; read by the
    /// `sufficient_for` test.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sample_sizes: Vec<SampleSizeDef>,
}

/// One row of the sample-size table: populations up to `population_up_to` need a sample of at
/// least `min_sample` items (never more than the whole population).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SampleSizeDef {
    /// The largest population the row covers; absent on the last row, which covers the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population_up_to: Option<u64>,
    /// The smallest sample for such a population.
    pub min_sample: u64,
}

/// Default rule weight for each severity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SeverityWeights {
    /// Weight of a critical rule.
    pub critical: f64,
    /// Weight of a high-severity rule.
    pub high: f64,
    /// Weight of a medium-severity rule.
    pub medium: f64,
    /// Weight of a low-severity rule.
    pub low: f64,
}

impl Default for SeverityWeights {
    fn default() -> Self {
        SeverityWeights {
            critical: 4.0,
            high: 3.0,
            medium: 2.0,
            low: 1.0,
        }
    }
}

impl SeverityWeights {
    /// The weight for `severity`.
    pub fn get(&self, severity: Severity) -> f64 {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
        }
    }
}

/// A rating band: scores at or above `min_score` (and below the next band up) get `label`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BandDef {
    /// Stable id, such as `effective`.
    pub id: String,
    /// What a person reads.
    pub label: String,
    /// The lowest score in the band, 0–100.
    pub min_score: f64,
}

/// One official element of a framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ElementDef {
    /// Stable id, such as `management-commitment`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Weight in the overall score; 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// Where the element is defined in the source document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// A kind of evidence (document or record) and its typed attributes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EvidenceKindDef {
    /// Stable id, such as `policy_statement`.
    pub id: String,
    /// What a person reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Attribute names and types.
    #[serde(default)]
    pub attributes: UniqueMap<ValueType>,
    /// Items older than this many days (by `dated_by`) are reported as stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fresh_for_days: Option<u32>,
    /// The date attribute that dates an item, for staleness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dated_by: Option<String>,
    /// Records of this kind are kept in a register: without a register that covers the assessed
    /// period, their absence proves nothing (scans over the kind are open). Needs `dated_by`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub register: bool,
    /// How far back, in days before the end of the assessed period, a register of this kind
    /// must reach to count as complete; by default it must cover the assessed period only. Set
    /// it to the longest look-back of the rules that read the kind, so that a short register
    /// cannot hide an older unremediated record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub look_back_days: Option<u32>,
    /// A register of this kind that states no records while a profile fact exceeds a number
    /// gets a diagnostic: detection itself is not demonstrated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empty_register_doubtful: Option<DoubtfulEmptyDef>,
}

/// When an empty register is doubtful: the profile fact `fact` is above `above`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DoubtfulEmptyDef {
    /// A numeric profile fact, such as `annual_export_transactions`.
    pub fact: String,
    /// The value above which zero records is doubtful.
    pub above: f64,
}

/// One checklist rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RuleDef {
    /// Unique id, such as `bis-ecg.mc.1`.
    pub id: String,
    /// The element the rule belongs to.
    pub element: String,
    /// Title.
    pub title: String,
    /// The checklist question as an assessor would ask it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// Severity; sets the default weight and whether the rule is a gate.
    pub severity: Severity,
    /// What the rule tests: the control's design, its resourcing, or its operation in practice.
    pub tests: Dimension,
    /// A failure of the rule is a material weakness: an actual violation or a breakdown of a
    /// key control, which caps its element and the overall rating at the lowest band.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub material: bool,
    /// Overrides the severity's weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// Citations: the source element and legal references.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// The rule can never be not applicable.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub never_not_applicable: bool,
    /// Evidence below this assurance does not count for the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_assurance: Option<Assurance>,
    /// When false, the rule is not applicable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_when: Option<ConditionDef>,
    /// The machine check; when absent the rule is answered by attestation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<ConditionDef>,
    /// A weaker condition that earns partial credit when `check` is false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial: Option<ConditionDef>,
    /// What to do when the rule is not met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
}

/// A condition as written: a map whose keys pick its form (see `docs/FORMAT.md`).
///
/// Exactly one form key (`all`, `any`, `not`, `at_least`, `fact`, `attr`, `evidence`, `count`,
/// `ratio`) must be present, with the keys that form takes; validation reports any other mix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[non_exhaustive]
pub struct ConditionDef {
    /// Every part is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<ConditionDef>>,
    /// Some part is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<ConditionDef>>,
    /// The part is false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<ConditionDef>>,
    /// At least this many of `of` are true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u32>,
    /// The parts counted by `at_least`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<Vec<ConditionDef>>,
    /// Tests a profile fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<String>,
    /// Tests an attribute of the evidence item at hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attr: Option<String>,
    /// Some item of this kind satisfies `where`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Compares the number of items of this kind satisfying `where`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<String>,
    /// Compares the share of items of this kind (satisfying `where`) that satisfy `meets`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<String>,
    /// Narrows the items of `evidence`, `count` or `ratio`.
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    pub filter: Option<Box<ConditionDef>>,
    /// The numerator filter of `ratio`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meets: Option<Box<ConditionDef>>,
    /// Items below this assurance do not count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_assurance: Option<Assurance>,
    /// Equal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eq: Option<Value>,
    /// Not equal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ne: Option<Value>,
    /// Equal to one of.
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<Value>>,
    /// Less than.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lt: Option<Value>,
    /// Less than or equal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub le: Option<Value>,
    /// Greater than.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gt: Option<Value>,
    /// Greater than or equal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ge: Option<Value>,
    /// The list has the element, or the text has the substring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains: Option<Value>,
    /// The list has one of the elements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains_any: Option<Vec<Value>>,
    /// The value is present (`true`) or absent (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exists: Option<bool>,
    /// The date is at most this many days before the as-of date, and not after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_days: Option<u32>,
    /// The date is more than this many days before the as-of date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub older_than_days: Option<u32>,
    /// The sample size in this attribute is enough for the population size in the named
    /// attribute, by the framework's `sample_sizes` table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sufficient_for: Option<String>,
}
