//! The documents as written: framework files and evidence bundles, as plain serde types.
//!
//! These types mirror the file formats one to one (see `docs/FORMAT.md`). They are checked and
//! compiled by [`Framework`](crate::Framework) and [`Framework::prepare`](crate::Framework::prepare);
//! on their own they promise nothing beyond having parsed.
//!
//! They are `#[non_exhaustive]`: build them in code with their constructors and `with_*`
//! methods (see [`FrameworkDef::new`], [`RuleDef::new`], [`ConditionDef::evidence`],
//! [`EvidenceBundle::new`](crate::EvidenceBundle::new), [`Waiver::new`]).

mod builders;
mod evidence;
mod framework;
mod value;

use serde::{Deserialize, Serialize};

pub use evidence::{
    Answer, Attestation, EvidenceBundle, EvidenceItem, Period, Register, Subject, Waiver,
};
pub use framework::{
    BandDef, ConditionDef, DoubtfulEmptyDef, ElementDef, EvidenceKindDef, FrameworkDef,
    FrameworkMeta, RuleDef, SampleSizeDef, ScoringDef, SeverityWeights, SourceDef,
};
pub use value::{IsoDate, UniqueMap, Value, ValueType};

/// Who stands behind an evidence item, from the company's word to an independent audit.
///
/// Ordered: `SelfDeclared < Documented < Tested < IndependentlyAudited`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Assurance {
    /// The company says so.
    SelfDeclared,
    /// A document exists.
    Documented,
    /// The control was tested, e.g. a sample of transactions re-screened.
    Tested,
    /// An independent auditor confirmed it.
    IndependentlyAudited,
}

impl Assurance {
    /// All levels, lowest first.
    pub const ALL: [Assurance; 4] = [
        Assurance::SelfDeclared,
        Assurance::Documented,
        Assurance::Tested,
        Assurance::IndependentlyAudited,
    ];

    /// The name used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Assurance::SelfDeclared => "self_declared",
            Assurance::Documented => "documented",
            Assurance::Tested => "tested",
            Assurance::IndependentlyAudited => "independently_audited",
        }
    }
}

/// How serious a rule is; sets its default weight, and critical rules are gates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A rule whose failure caps the rating.
    Critical,
    /// High.
    High,
    /// Medium.
    Medium,
    /// Low.
    Low,
}

impl Severity {
    /// The name used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// What a rule tests, after the three questions regulators ask of a compliance program: is it
/// well designed, is it resourced and empowered, does it work in practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// The control is written down and fits the risk.
    Design,
    /// People, authority, budget and systems run it, scaled to the company's volume.
    Resourcing,
    /// It ran, every time: tested samples, registers and adverse records show it.
    Operation,
}

impl Dimension {
    /// All dimensions, in report order.
    pub const ALL: [Dimension; 3] = [
        Dimension::Design,
        Dimension::Resourcing,
        Dimension::Operation,
    ];

    /// The name used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Design => "design",
            Dimension::Resourcing => "resourcing",
            Dimension::Operation => "operation",
        }
    }
}

macro_rules! display_as_str {
    ($($t:ty),*) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )*};
}

pub(crate) use display_as_str;

display_as_str!(Assurance, Severity, Dimension);
