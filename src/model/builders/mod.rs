//! Constructors for building a framework in code. The definition types are `#[non_exhaustive]`,
//! so that a new key in the file format is not a breaking change: build them with `new` and the
//! `with_*` methods, then hand the result to `Framework::from_definition`, which validates it
//! exactly as it validates a file.

mod condition;
mod values;

use super::{
    Assurance, BandDef, ConditionDef, Dimension, DoubtfulEmptyDef, ElementDef, EvidenceKindDef,
    FrameworkDef, FrameworkMeta, IsoDate, RuleDef, SampleSizeDef, ScoringDef, Severity,
    SeverityWeights, SourceDef, UniqueMap, ValueType,
};

impl FrameworkDef {
    /// A framework with default scoring, no profile facts and no evidence kinds. Build it up
    /// with the `with_*` methods, then validate it with
    /// [`Framework::from_definition`](crate::Framework::from_definition):
    ///
    /// ```
    /// use icp_assess::model::{
    ///     BandDef, ConditionDef, Dimension, ElementDef, EvidenceKindDef, FrameworkDef,
    ///     FrameworkMeta, RuleDef, Severity, SourceDef, ValueType,
    /// };
    /// use icp_assess::{Framework, jiff::civil::date, semver::Version};
    ///
    /// let meta = FrameworkMeta::new(
    ///     "house",
    ///     Version::new(1, 0, 0),
    ///     "House checklist",
    ///     "Fictional Compliance Office",
    ///     SourceDef::new("House export policy", date(2026, 1, 15)),
    /// );
    /// let rule = RuleDef::new("house.1", "policy", "A signed policy", Severity::High, Dimension::Design)
    ///     .with_check(ConditionDef::evidence("policy").filtered(ConditionDef::attr("signed").eq(true)))
    ///     .with_remediation("Have the policy signed by the board.");
    /// let def = FrameworkDef::new(
    ///     meta,
    ///     vec![BandDef::new("good", "Good", 80.0), BandDef::new("poor", "Poor", 0.0)],
    ///     vec![ElementDef::new("policy", "Policy")],
    ///     vec![rule],
    /// )
    /// .with_evidence_kind(EvidenceKindDef::new("policy").with_attribute("signed", ValueType::Bool));
    /// let framework = Framework::from_definition(def)?;
    /// assert_eq!(framework.definition().rules.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    pub fn new(
        framework: FrameworkMeta,
        rating_bands: Vec<BandDef>,
        elements: Vec<ElementDef>,
        rules: Vec<RuleDef>,
    ) -> Self {
        FrameworkDef {
            framework,
            scoring: None,
            rating_bands,
            elements,
            profile_facts: UniqueMap::new(),
            evidence_kinds: Vec::new(),
            rules,
        }
    }

    /// Sets the scoring settings.
    pub fn with_scoring(mut self, scoring: ScoringDef) -> Self {
        self.scoring = Some(scoring);
        self
    }

    /// Declares a profile fact conditions may test.
    pub fn with_profile_fact(mut self, name: impl Into<String>, ty: ValueType) -> Self {
        self.profile_facts.insert(name, ty);
        self
    }

    /// Declares a kind of evidence.
    pub fn with_evidence_kind(mut self, kind: EvidenceKindDef) -> Self {
        self.evidence_kinds.push(kind);
        self
    }
}

impl FrameworkMeta {
    /// A framework's identity and source, without a notice.
    pub fn new(
        id: impl Into<String>,
        version: semver::Version,
        title: impl Into<String>,
        authority: impl Into<String>,
        source: SourceDef,
    ) -> Self {
        FrameworkMeta {
            id: id.into(),
            version,
            title: title.into(),
            authority: authority.into(),
            source,
            notice: None,
        }
    }

    /// Sets the notice shown in reports.
    pub fn with_notice(mut self, notice: impl Into<String>) -> Self {
        self.notice = Some(notice.into());
        self
    }
}

impl SourceDef {
    /// An official document, without a URL.
    pub fn new(title: impl Into<String>, published: jiff::civil::Date) -> Self {
        SourceDef {
            title: title.into(),
            published: IsoDate(published),
            url: None,
        }
    }

    /// Sets where to read it.
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }
}

impl ScoringDef {
    /// Sets the credit of a partially met rule.
    pub fn with_partial_credit(mut self, credit: f64) -> Self {
        self.partial_credit = Some(credit);
        self
    }

    /// Sets the default rule weight per severity.
    pub fn with_severity_weights(mut self, weights: SeverityWeights) -> Self {
        self.severity_weights = Some(weights);
        self
    }

    /// Sets the band a failed critical rule caps the rating at.
    pub fn with_critical_gate(mut self, band: impl Into<String>) -> Self {
        self.critical_gate = Some(band.into());
        self
    }

    /// Sets the band an element or program whose operation is not demonstrated is capped at.
    pub fn with_undemonstrated_cap(mut self, band: impl Into<String>) -> Self {
        self.undemonstrated_cap = Some(band.into());
        self
    }

    /// Sets the sample-size table, ascending by population.
    pub fn with_sample_sizes(mut self, rows: Vec<SampleSizeDef>) -> Self {
        self.sample_sizes = rows;
        self
    }
}

impl SampleSizeDef {
    /// Populations up to `population_up_to` (all larger ones when `None`) need `min_sample`.
    pub fn new(population_up_to: Option<u64>, min_sample: u64) -> Self {
        SampleSizeDef {
            population_up_to,
            min_sample,
        }
    }
}

impl SeverityWeights {
    /// Weights for critical, high, medium and low rules.
    pub fn new(critical: f64, high: f64, medium: f64, low: f64) -> Self {
        SeverityWeights {
            critical,
            high,
            medium,
            low,
        }
    }
}

impl BandDef {
    /// A band: scores at or above `min_score` (and below the next band up) get `label`.
    pub fn new(id: impl Into<String>, label: impl Into<String>, min_score: f64) -> Self {
        BandDef {
            id: id.into(),
            label: label.into(),
            min_score,
        }
    }
}

impl ElementDef {
    /// An element of weight 1 without a reference.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        ElementDef {
            id: id.into(),
            title: title.into(),
            weight: None,
            reference: None,
        }
    }

    /// Sets its weight in the overall score.
    pub fn with_weight(mut self, weight: f64) -> Self {
        self.weight = Some(weight);
        self
    }

    /// Sets where the element is defined in the source document.
    pub fn with_reference(mut self, reference: impl Into<String>) -> Self {
        self.reference = Some(reference.into());
        self
    }
}

impl EvidenceKindDef {
    /// A kind with no attributes, not dated and not kept in a register.
    pub fn new(id: impl Into<String>) -> Self {
        EvidenceKindDef {
            id: id.into(),
            title: None,
            attributes: UniqueMap::new(),
            fresh_for_days: None,
            dated_by: None,
            register: false,
            look_back_days: None,
            empty_register_doubtful: None,
        }
    }

    /// Sets what a person reads.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Declares an attribute and its type.
    pub fn with_attribute(mut self, name: impl Into<String>, ty: ValueType) -> Self {
        self.attributes.insert(name, ty);
        self
    }

    /// Dates items by the date attribute `attribute`.
    pub fn dated_by(mut self, attribute: impl Into<String>) -> Self {
        self.dated_by = Some(attribute.into());
        self
    }

    /// Items older than `days` (by [`EvidenceKindDef::dated_by`]) are reported as stale.
    pub fn fresh_for_days(mut self, days: u32) -> Self {
        self.fresh_for_days = Some(days);
        self
    }

    /// Records of the kind are kept in a register (needs a dating attribute); a register must
    /// reach `look_back_days` before the end of the period when given.
    pub fn register(mut self, look_back_days: Option<u32>) -> Self {
        self.register = true;
        self.look_back_days = look_back_days;
        self
    }

    /// A register that states no records while profile fact `fact` is above `above` gets a
    /// diagnostic.
    pub fn empty_register_doubtful(mut self, fact: impl Into<String>, above: f64) -> Self {
        self.empty_register_doubtful = Some(DoubtfulEmptyDef {
            fact: fact.into(),
            above,
        });
        self
    }
}

impl RuleDef {
    /// A rule answered by attestation until [`RuleDef::with_check`] gives it a machine check.
    pub fn new(
        id: impl Into<String>,
        element: impl Into<String>,
        title: impl Into<String>,
        severity: Severity,
        tests: Dimension,
    ) -> Self {
        RuleDef {
            id: id.into(),
            element: element.into(),
            title: title.into(),
            question: None,
            severity,
            tests,
            material: false,
            weight: None,
            references: Vec::new(),
            never_not_applicable: false,
            min_assurance: None,
            applies_when: None,
            check: None,
            partial: None,
            remediation: None,
        }
    }

    /// Sets the machine check.
    pub fn with_check(mut self, check: ConditionDef) -> Self {
        self.check = Some(check);
        self
    }

    /// Sets the weaker condition that earns partial credit.
    pub fn with_partial(mut self, partial: ConditionDef) -> Self {
        self.partial = Some(partial);
        self
    }

    /// The rule applies only when `condition` holds.
    pub fn applies_when(mut self, condition: ConditionDef) -> Self {
        self.applies_when = Some(condition);
        self
    }

    /// A failure of the rule is a material weakness.
    pub fn material(mut self) -> Self {
        self.material = true;
        self
    }

    /// The rule can never be not applicable.
    pub fn never_not_applicable(mut self) -> Self {
        self.never_not_applicable = true;
        self
    }

    /// Overrides the severity's weight.
    pub fn with_weight(mut self, weight: f64) -> Self {
        self.weight = Some(weight);
        self
    }

    /// Adds a citation.
    pub fn with_reference(mut self, reference: impl Into<String>) -> Self {
        self.references.push(reference.into());
        self
    }

    /// Sets the checklist question.
    pub fn with_question(mut self, question: impl Into<String>) -> Self {
        self.question = Some(question.into());
        self
    }

    /// Evidence below `assurance` does not count for the rule.
    pub fn with_min_assurance(mut self, assurance: Assurance) -> Self {
        self.min_assurance = Some(assurance);
        self
    }

    /// Sets what to do when the rule is not met.
    pub fn with_remediation(mut self, remediation: impl Into<String>) -> Self {
        self.remediation = Some(remediation.into());
        self
    }
}
