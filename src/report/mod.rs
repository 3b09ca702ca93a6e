//! The report: plain serializable data, and renderers that are separate from scoring.

mod markdown;
mod summary;

pub use markdown::MarkdownOptions;

pub use summary::{
    AssuranceShare, Counts, DimensionScore, FiredBy, Gate, GateKind, Lift, NextBand, ScoreInterval,
    Summary,
};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::condition::Truth;
use crate::error::Error;
use crate::load::{self, Format, LoadOptions, Source};
use crate::model::{Assurance, Dimension, IsoDate, Period, Severity, SeverityWeights, Value};

/// The version of the report's data layout; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 2;

/// The result of assessing one evidence bundle against one framework.
///
/// Every number can be recomputed from the report: each element shows its numerator,
/// denominator and excluded rules, and each finding its weight and credit.
///
/// ```
/// use icp_assess::{EvidenceBundle, Framework};
/// let framework = Framework::bundled("bis-ecg")?;
/// let bundle = EvidenceBundle::from_yaml_str(
///     "subject: { name: Fictional Widgets Ltd }\nas_of: 2026-11-01\nevidence: []\n",
///     "bundle.yaml",
/// )?;
/// let report = framework.prepare(&bundle)?.assess_as_of_bundle()?;
/// assert_eq!(report.schema_version, icp_assess::report::SCHEMA_VERSION);
/// assert!(report.summary.score < 10.0);
/// let json = report.to_json();
/// assert!(json.contains("\"schema_version\": 2"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// [`SCHEMA_VERSION`] of this layout.
    pub schema_version: u32,
    /// The engine that produced the report.
    pub engine: EngineInfo,
    /// How scores were computed.
    pub scoring: ScoringMethod,
    /// The framework assessed against.
    pub framework: FrameworkInfo,
    /// The company assessed.
    pub subject: SubjectInfo,
    /// The date the assessment speaks for.
    pub as_of: IsoDate,
    /// The period the assessment covers: registers must cover it for the absence of adverse
    /// records to count.
    pub period: Period,
    /// Overall score, rating, gates, assurance and counts.
    pub summary: Summary,
    /// Per element, in framework order.
    pub elements: Vec<ElementResult>,
    /// Per rule, in framework order.
    pub findings: Vec<Finding>,
    /// Observations about the input that did not change the scoring rules.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Reads a report written by [`Report::to_json`], by this version or a later one: fields
    /// this version does not know are skipped, so readers survive additive changes.
    ///
    /// ```
    /// # use icp_assess::{EvidenceBundle, Framework, Report};
    /// # let framework = Framework::bundled("bis-ecg")?;
    /// # let bundle = EvidenceBundle::from_yaml_str(
    /// #     "subject: { name: Fictional Widgets Ltd }\nas_of: 2026-11-01\nevidence: []\n", "b.yaml")?;
    /// let report = framework.prepare(&bundle)?.assess_as_of_bundle()?;
    /// let newer = report.to_json().replacen('{', "{\"added_later\": 1,", 1);
    /// assert_eq!(Report::from_json(&newer)?, report);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Report, Error> {
        Self::read(text, Format::Json)
    }

    /// Reads a report written by [`Report::to_yaml`]; unknown fields are skipped, as in
    /// [`Report::from_json`].
    pub fn from_yaml(text: &str) -> Result<Report, Error> {
        Self::read(text, Format::Yaml)
    }

    fn read(text: &str, format: Format) -> Result<Report, Error> {
        let source = Source::new("report", text, format);
        // Keys this version does not know are what a later version added: not an error.
        let (report, _added_later): (Report, _) = load::parse(&source, &LoadOptions::default())?;
        Ok(report)
    }

    /// Pretty-printed JSON.
    pub fn to_json(&self) -> String {
        // INVARIANT: a report holds only strings, finite numbers, maps with string keys and
        // lists, which JSON can always represent.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// YAML that YAML 1.1 and 1.2 readers read alike: strings such as `NO`, `on` or
    /// `2026-01-01` are quoted so that no reader takes them for booleans or dates.
    pub fn to_yaml(&self) -> String {
        crate::emit::to_yaml(self)
    }

    /// Markdown for people: the verdict with what caps it and what would lift it, material
    /// weaknesses, elements, gaps ranked by gain with their remediation, and folded tables of
    /// the rest. See [`MarkdownOptions`] for the full trace.
    pub fn to_markdown(&self) -> String {
        markdown::render(self, MarkdownOptions::default())
    }

    /// Markdown rendered with options, such as the full trace of every finding.
    ///
    /// ```
    /// # use icp_assess::{EvidenceBundle, Framework};
    /// use icp_assess::report::MarkdownOptions;
    /// # let framework = Framework::bundled("bis-ecg")?;
    /// # let bundle = EvidenceBundle::from_yaml_str(
    /// #     "subject: { name: Fictional Widgets Ltd }\nas_of: 2026-11-01\nevidence: []\n", "b.yaml")?;
    /// let report = framework.prepare(&bundle)?.assess_as_of_bundle()?;
    /// let full = report.to_markdown_with(MarkdownOptions::default().detail(true));
    /// assert!(full.len() > report.to_markdown().len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_markdown_with(&self, options: MarkdownOptions) -> String {
        markdown::render(self, options)
    }

    /// Findings that are not met, partially met or unknown, largest what-if gain first.
    pub fn gaps(&self) -> Vec<&Finding> {
        let mut gaps: Vec<&Finding> = self.findings.iter().filter(|f| f.gain.is_some()).collect();
        gaps.sort_by(|a, b| {
            b.gain
                .unwrap_or(0.0)
                .total_cmp(&a.gain.unwrap_or(0.0))
                .then_with(|| a.rule.cmp(&b.rule))
        });
        gaps
    }
}

/// The engine that produced a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EngineInfo {
    /// `icp-assess`.
    pub name: String,
    /// The crate version.
    pub version: String,
}

/// How the scores were computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScoringMethod {
    /// The method's name.
    pub method: String,
    /// The method's version.
    pub version: u32,
    /// Credit of a partially met rule.
    pub partial_credit: f64,
    /// Default weights per severity.
    pub severity_weights: SeverityWeights,
    /// The band a failed critical rule caps the rating at.
    pub critical_gate: String,
    /// The band an element or program whose operation is not demonstrated is capped at.
    pub undemonstrated_cap: String,
    /// The method in one paragraph.
    pub description: String,
}

/// The framework a report was made against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FrameworkInfo {
    /// Its id.
    pub id: String,
    /// The version of its rule content.
    pub version: String,
    /// Its title.
    pub title: String,
    /// The issuing authority.
    pub authority: String,
    /// The official source document.
    pub source: String,
    /// Its publication date.
    pub published: IsoDate,
    /// The framework's notice, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
}

/// The company a report is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SubjectInfo {
    /// Its name.
    pub name: String,
    /// Its profile facts as given.
    pub profile: BTreeMap<String, Value>,
}

/// A rating band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Rating {
    /// The band's id.
    pub id: String,
    /// The band's label.
    pub label: String,
}

/// Results of one element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ElementResult {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its weight in the overall score.
    pub weight: f64,
    /// 100 × numerator / denominator, two decimals; absent when no rule applies.
    pub score: Option<f64>,
    /// The score with every unknown rule failed (the score itself) … met.
    pub score_interval: Option<ScoreInterval>,
    /// The element's rating after its gates; absent when no rule applies.
    pub rating: Option<Rating>,
    /// The band the element's score alone falls in.
    pub score_rating: Option<Rating>,
    /// The rating would change if the unknown rules were decided.
    pub provisional: bool,
    /// What caps the element's rating: its material weaknesses, failed critical rules, and
    /// operation not demonstrated.
    pub gates: Vec<Gate>,
    /// The element's score on each dimension that has applicable rules.
    pub dimensions: Vec<DimensionScore>,
    /// Σ credit × weight over applicable rules.
    pub numerator: f64,
    /// Σ weight over applicable rules.
    pub denominator: f64,
    /// Rules left out of the denominator (not applicable or waived).
    pub excluded: Vec<String>,
    /// Rules by status.
    pub counts: Counts,
}

/// The status of one rule. Exhaustive on purpose: a new status must break callers' matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The check (or the company's answer) says the rule is met.
    Met,
    /// Only the rule's weaker condition is met.
    PartiallyMet,
    /// The rule is not met.
    NotMet,
    /// The evidence cannot decide the rule; it counts as 0 and is a gap.
    Unknown,
    /// The rule does not apply; it leaves the denominator.
    NotApplicable,
    /// The company formally set the rule aside; it leaves the denominator.
    Waived,
}

impl Status {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::PartiallyMet => "partially_met",
            Status::NotMet => "not_met",
            Status::Unknown => "unknown",
            Status::NotApplicable => "not_applicable",
            Status::Waived => "waived",
        }
    }
}

impl Basis {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Evidence => "evidence",
            Basis::Attestation => "attestation",
            Basis::None => "none",
        }
    }
}

crate::model::display_as_str!(Status, Basis, summary::GateKind);

/// What decided a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// A machine check over evidence and profile facts.
    Evidence,
    /// The company's own answer (or waiver).
    Attestation,
    /// Nothing: no check could run and no answer was given.
    None,
}

/// The result of one rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Finding {
    /// The rule's id.
    pub rule: String,
    /// Its element.
    pub element: String,
    /// Its title.
    pub title: String,
    /// The checklist question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The status.
    pub status: Status,
    /// What decided it.
    pub basis: Basis,
    /// The rule's severity.
    pub severity: Severity,
    /// What the rule tests: design, resourcing or operation.
    pub dimension: Dimension,
    /// A failure of the rule is a material weakness.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub material: bool,
    /// The rule's weight.
    pub weight: f64,
    /// Element weight × rule weight: what the rule counts for in the overall score (0 when
    /// not applicable or waived).
    pub pooled_weight: f64,
    /// Credit earned, 0–1.
    pub credit: f64,
    /// The lowest assurance of the evidence the credit rests on; absent without credit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assurance: Option<Assurance>,
    /// Overall score points it would add if it were met; absent when met or excluded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gain: Option<f64>,
    /// Why the rule is not applicable or waived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_because: Option<String>,
    /// Why the status is what it is: the deciding leaves with actual and expected values.
    pub explanation: Vec<Reason>,
    /// Evidence items the explanation refers to.
    pub evidence: Vec<String>,
    /// What to do when the rule is not met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
    /// Citations.
    pub references: Vec<String>,
}

/// One step of a finding's explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Reason {
    /// What this step evaluated to.
    pub outcome: Truth,
    /// The evidence item it is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// The step in words, with the actual and the expected value.
    pub text: String,
}

/// An observation about the input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// What kind of observation.
    pub kind: DiagnosticKind,
    /// The evidence item, attestation or fact it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The observation in words.
    pub message: String,
}

/// Kinds of [`Diagnostic`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// An evidence item of a kind the framework does not declare; not scored.
    UndeclaredKind,
    /// An attribute the framework does not declare for the item's kind; not scored.
    UndeclaredAttribute,
    /// A profile fact the framework does not declare; not scored.
    UndeclaredFact,
    /// A document older than its kind's freshness period.
    StaleEvidence,
    /// A dated item dated after the as-of date.
    FutureDated,
    /// Attestations or waivers naming rules of other frameworks; not used.
    OtherFramework,
    /// An attestation on a rule that a check decides; not used.
    AttestationIgnored,
    /// A waiver past its expiry date; the rule was assessed.
    WaiverExpired,
    /// A rule's applicability could not be decided; it was assessed as applicable.
    ApplicabilityUnknown,
    /// A register holds no record although the company's volume makes that unlikely.
    DetectionNotDemonstrated,
    /// A register kind has no register that covers the assessed period: the absence of its
    /// records proves nothing.
    RegisterMissing,
}
