//! The evidence bundle, as written.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Assurance, IsoDate, UniqueMap, Value};
use crate::error::Error;
use crate::load::{self, Format, LoadOptions, Source};

/// One company's evidence: its profile, documents and records, attestations and waivers.
///
/// Loading checks syntax, keys and shapes; [`Framework::prepare`](crate::Framework::prepare)
/// checks the content against a framework's vocabulary.
///
/// ```
/// use icp_assess::EvidenceBundle;
/// let bundle = EvidenceBundle::from_yaml_str(
///     "subject: { name: Fictional Widgets Ltd, profile: { employees: 12 } }\nevidence: []\n",
///     "bundle.yaml",
/// )?;
/// assert_eq!(bundle.subject.name, "Fictional Widgets Ltd");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[non_exhaustive]
pub struct EvidenceBundle {
    /// The company and its profile facts.
    pub subject: Subject,
    /// The date the assessment speaks for, if the bundle states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<IsoDate>,
    /// The period the assessment covers; the 365 days ending on the as-of date when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Registers (logs) that list every record of a kind over a period, with their count.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub registers: Vec<Register>,
    /// Documents and records.
    #[serde(default)]
    pub evidence: Vec<EvidenceItem>,
    /// The company's answers to rules without a machine check, by rule id.
    #[serde(default, skip_serializing_if = "UniqueMap::is_empty")]
    pub attestations: UniqueMap<Attestation>,
    /// Rules the company has formally set aside, by rule id.
    #[serde(default, skip_serializing_if = "UniqueMap::is_empty")]
    pub waivers: UniqueMap<Waiver>,
    #[serde(skip)]
    pub(crate) source: Option<Source>,
}

impl EvidenceBundle {
    /// A bundle about `subject` with no evidence, registers, attestations or waivers, and no
    /// as-of date or period of its own.
    ///
    /// ```
    /// use icp_assess::model::{Answer, Assurance, Attestation, EvidenceItem, Subject, Waiver};
    /// use icp_assess::{EvidenceBundle, jiff::civil::date};
    /// let bundle = EvidenceBundle::new(Subject::new("Fictional Widgets Ltd").with_fact("employees", 12))
    ///     .with_as_of(date(2026, 11, 1))
    ///     .with_item(EvidenceItem::new("EV-1", "policy_statement", Assurance::Documented)
    ///         .with("signed_by", "ceo"))
    ///     .with_attestation("bis-ecg.mc.7", Attestation::new(Answer::Yes).with_evidence("EV-1"))
    ///     .with_waiver("bis-ecg.ea.11", Waiver::new("no boycott exposure").with_approved_by("board"));
    /// assert_eq!(bundle.evidence.len(), 1);
    /// ```
    pub fn new(subject: Subject) -> Self {
        EvidenceBundle {
            subject,
            ..Self::default()
        }
    }

    /// Sets the date the assessment speaks for.
    pub fn with_as_of(mut self, date: jiff::civil::Date) -> Self {
        self.as_of = Some(IsoDate(date));
        self
    }

    /// Sets the assessed period.
    pub fn with_period(mut self, period: Period) -> Self {
        self.period = Some(period);
        self
    }

    /// Adds a document or record.
    pub fn with_item(mut self, item: EvidenceItem) -> Self {
        self.evidence.push(item);
        self
    }

    /// Adds a register.
    pub fn with_register(mut self, register: Register) -> Self {
        self.registers.push(register);
        self
    }

    /// Adds (or replaces) the company's answer to `rule`.
    pub fn with_attestation(mut self, rule: impl Into<String>, attestation: Attestation) -> Self {
        self.attestations.insert(rule, attestation);
        self
    }

    /// Adds (or replaces) a waiver of `rule`.
    pub fn with_waiver(mut self, rule: impl Into<String>, waiver: Waiver) -> Self {
        self.waivers.insert(rule, waiver);
        self
    }

    /// Reads a bundle from YAML text; `origin` names it in errors.
    pub fn from_yaml_str(text: &str, origin: &str) -> Result<Self, Error> {
        Self::from_str_with(text, origin, Format::Yaml, &LoadOptions::default())
    }

    /// Reads a bundle from JSON text; `origin` names it in errors.
    pub fn from_json_str(text: &str, origin: &str) -> Result<Self, Error> {
        Self::from_str_with(text, origin, Format::Json, &LoadOptions::default())
    }

    /// Reads a bundle from text in the given format with the given options.
    pub fn from_str_with(
        text: &str,
        origin: &str,
        format: Format,
        options: &LoadOptions,
    ) -> Result<Self, Error> {
        load::check_size(origin, text.len() as u64, options)?;
        let source = Source::new(origin, text, format);
        let (mut bundle, mut unknown): (EvidenceBundle, _) = load::parse(&source, options)?;
        if !unknown.is_empty() {
            source.locate_all(&mut unknown);
            return Err(Error::Invalid(crate::error::Problems(unknown)));
        }
        bundle.source = Some(source);
        Ok(bundle)
    }

    /// Reads a bundle from a file: JSON if it ends in `.json`, YAML otherwise.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, Error> {
        Self::from_path_with(path, &LoadOptions::default())
    }

    /// Reads a bundle from a file with the given options.
    pub fn from_path_with(path: impl AsRef<Path>, options: &LoadOptions) -> Result<Self, Error> {
        let path = path.as_ref();
        let text = load::read_file(path, options)?;
        Self::from_str_with(
            &text,
            &path.display().to_string(),
            Format::from_path(path),
            options,
        )
    }
}

/// The company assessed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[non_exhaustive]
pub struct Subject {
    /// Its name.
    pub name: String,
    /// Facts that drive applicability, typed by the framework's `profile_facts`.
    #[serde(default)]
    pub profile: UniqueMap<Value>,
}

impl Subject {
    /// A subject with a name and no profile facts.
    pub fn new(name: impl Into<String>) -> Self {
        Subject {
            name: name.into(),
            profile: UniqueMap::new(),
        }
    }

    /// Sets a profile fact.
    pub fn with_fact(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.profile.insert(name, value.into());
        self
    }
}

/// One document or record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EvidenceItem {
    /// Unique id in the bundle.
    pub id: String,
    /// A kind the framework declares.
    pub kind: String,
    /// What a person reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Who stands behind it.
    pub assurance: Assurance,
    /// Attribute values, typed by the kind's declaration.
    #[serde(default)]
    pub attributes: UniqueMap<Value>,
    /// Where the document is; the library never opens it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Data for other tools: never scored and never checked against the vocabulary.
    #[serde(default, skip_serializing_if = "UniqueMap::is_empty")]
    pub extra: UniqueMap<Value>,
}

impl EvidenceItem {
    /// An item with no attributes.
    pub fn new(id: impl Into<String>, kind: impl Into<String>, assurance: Assurance) -> Self {
        EvidenceItem {
            id: id.into(),
            kind: kind.into(),
            title: None,
            assurance,
            attributes: UniqueMap::new(),
            source: None,
            extra: UniqueMap::new(),
        }
    }

    /// Sets an attribute.
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.attributes.insert(name, value.into());
        self
    }

    /// Sets what a person reads.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Sets where the document is.
    pub fn with_source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Sets data for other tools (never scored).
    pub fn with_extra(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.extra.insert(name, value.into());
        self
    }
}

/// The company's own answer to a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Attestation {
    /// The answer.
    pub answer: Answer,
    /// Why; required with `not_applicable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Items that support the answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// A free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Attestation {
    /// An answer with no reason, evidence or note.
    pub fn new(answer: Answer) -> Self {
        Attestation {
            answer,
            reason: None,
            evidence: Vec::new(),
            note: None,
        }
    }

    /// Sets why (required with [`Answer::NotApplicable`]).
    pub fn with_reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// Adds an item that supports the answer.
    pub fn with_evidence(mut self, id: impl Into<String>) -> Self {
        self.evidence.push(id.into());
        self
    }

    /// Sets a free note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

/// An attestation's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// The rule is met.
    Yes,
    /// The rule is partly met.
    Partial,
    /// The rule is not met.
    No,
    /// The rule does not apply (a reason is required).
    NotApplicable,
}

/// A formal decision to set a rule aside.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Waiver {
    /// Why.
    pub reason: String,
    /// Who approved it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// After this date the waiver no longer applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<IsoDate>,
}

impl Waiver {
    /// A waiver with its reason, no approver and no expiry.
    pub fn new(reason: impl Into<String>) -> Self {
        Waiver {
            reason: reason.into(),
            approved_by: None,
            expires: None,
        }
    }

    /// Sets who approved it.
    pub fn with_approved_by(mut self, who: impl Into<String>) -> Self {
        self.approved_by = Some(who.into());
        self
    }

    /// After `date` the waiver no longer applies.
    pub fn with_expires(mut self, date: jiff::civil::Date) -> Self {
        self.expires = Some(IsoDate(date));
        self
    }
}

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Period {
    /// The first day.
    pub from: IsoDate,
    /// The last day.
    pub to: IsoDate,
}

impl Period {
    /// The period from `from` to `to`, both included.
    pub fn new(from: impl Into<IsoDate>, to: impl Into<IsoDate>) -> Self {
        Period {
            from: from.into(),
            to: to.into(),
        }
    }
}

/// A register (log) that lists every record of one kind dated within its period.
///
/// A register closes the world for its kind: with one that covers the assessed period, the
/// absence of adverse records is evidence; without one, it proves nothing. The records of the
/// kind given in the bundle and dated within the register's period must number exactly
/// `record_count`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Register {
    /// Unique id in the bundle (shared with evidence ids).
    pub id: String,
    /// The kind of record it lists; the framework declares it with `register: true`.
    pub kind: String,
    /// What a person reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The first day it covers.
    pub from: IsoDate,
    /// The last day it covers.
    pub to: IsoDate,
    /// How many records it holds for that period (possibly zero).
    pub record_count: u64,
    /// Who keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kept_by: Option<String>,
    /// Who stands behind it.
    pub assurance: Assurance,
    /// Where it is; the library never opens it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Register {
    /// A register of `kind` listing `record_count` records dated from `from` to `to`.
    pub fn new(
        id: impl Into<String>,
        kind: impl Into<String>,
        period: Period,
        record_count: u64,
        assurance: Assurance,
    ) -> Self {
        Register {
            id: id.into(),
            kind: kind.into(),
            title: None,
            from: period.from,
            to: period.to,
            record_count,
            kept_by: None,
            assurance,
            source: None,
        }
    }

    /// Sets who keeps it.
    pub fn with_kept_by(mut self, who: impl Into<String>) -> Self {
        self.kept_by = Some(who.into());
        self
    }

    /// Sets what a person reads.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }
}
