//! Validation and compilation of a framework definition: every check serde cannot make, each
//! problem with its path, all of them collected before anything is refused.

use std::collections::{HashMap, HashSet};

use crate::condition::compile::{Compiler, Scope};
use crate::condition::{KindInfo, Vocab};
use crate::error::{Problem, did_you_mean};
use crate::framework::CompiledRule;
use crate::load::{Seg, render_path};
use crate::model::{Dimension, FrameworkDef, SampleSizeDef, SeverityWeights, ValueType};

fn key(k: &str) -> Seg {
    Seg::Key(k.to_owned())
}

fn at(section: &str, index: usize, field: &str) -> [Seg; 3] {
    [key(section), Seg::Index(index), key(field)]
}

/// Collects problems while the sections of a framework are checked one by one.
#[derive(Default)]
pub(crate) struct Checker {
    pub(crate) problems: Vec<Problem>,
}

/// What the checks produce besides problems.
pub(crate) struct Checked {
    pub(crate) vocab: Vocab,
    pub(crate) rules: Vec<CompiledRule>,
    pub(crate) element_weights: Vec<f64>,
    pub(crate) partial_credit: f64,
    pub(crate) severity_weights: SeverityWeights,
    pub(crate) gate_band: usize,
    pub(crate) undemonstrated_band: usize,
    pub(crate) sample_sizes: Vec<SampleSizeDef>,
}

/// Checks and compiles `def`; the problems, if any, in document order.
pub(crate) fn check(def: &FrameworkDef) -> Result<Checked, Vec<Problem>> {
    let mut c = Checker::default();
    c.meta(def);
    let (partial_credit, severity_weights) = c.scoring(def);
    let sample_sizes = c.sample_sizes(def);
    let gate_band = c.bands(def);
    let undemonstrated_band = c.undemonstrated_band(def);
    let (element_index, element_weights) = c.elements(def);
    let vocab = c.vocab(def);
    let rules = c.rules(
        def,
        &vocab,
        &element_index,
        &severity_weights,
        &sample_sizes,
    );
    if c.problems.is_empty() {
        Ok(Checked {
            vocab,
            rules,
            element_weights,
            partial_credit,
            severity_weights,
            gate_band,
            undemonstrated_band,
            sample_sizes,
        })
    } else {
        Err(c.problems)
    }
}

impl Checker {
    fn report(&mut self, segs: &[Seg], message: String, help: Option<String>) {
        self.problems
            .push(Problem::new(render_path(segs), message).with_help(help));
    }

    /// Weights are finite and not negative.
    fn weight(&mut self, segs: &[Seg], w: f64) {
        if !(w.is_finite() && w >= 0.0) {
            self.report(
                segs,
                format!("weight must be a finite number of 0 or more, found {w}"),
                None,
            );
        }
    }

    fn meta(&mut self, def: &FrameworkDef) {
        let id = &def.framework.id;
        let well_formed = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !well_formed {
            self.report(
                &[key("framework"), key("id")],
                format!("framework id `{id}` must be lowercase letters, digits and `-`"),
                None,
            );
        }
    }

    fn scoring(&mut self, def: &FrameworkDef) -> (f64, SeverityWeights) {
        let scoring = def.scoring.clone().unwrap_or_default();
        let partial_credit = scoring.partial_credit.unwrap_or(0.5);
        if !(partial_credit.is_finite() && (0.0..=1.0).contains(&partial_credit)) {
            self.report(
                &[key("scoring"), key("partial_credit")],
                format!("`partial_credit` must be between 0 and 1, found {partial_credit}"),
                None,
            );
        }
        let weights = scoring.severity_weights.unwrap_or_default();
        for (name, w) in [
            ("critical", weights.critical),
            ("high", weights.high),
            ("medium", weights.medium),
            ("low", weights.low),
        ] {
            self.weight(&[key("scoring"), key("severity_weights"), key(name)], w);
        }
        (partial_credit, weights)
    }

    /// Checks the rating bands; returns the index of the band the critical gate caps at.
    fn bands(&mut self, def: &FrameworkDef) -> usize {
        let bands = &def.rating_bands;
        if bands.is_empty() {
            self.report(
                &[key("rating_bands")],
                "at least one rating band is needed".into(),
                None,
            );
        }
        let mut ids = HashSet::new();
        for (i, band) in bands.iter().enumerate() {
            if !ids.insert(band.id.as_str()) {
                self.report(
                    &at("rating_bands", i, "id"),
                    format!("duplicate band id `{}`", band.id),
                    None,
                );
            }
            let m = band.min_score;
            if !(m.is_finite() && (0.0..=100.0).contains(&m)) {
                self.report(
                    &at("rating_bands", i, "min_score"),
                    format!("`min_score` must be between 0 and 100, found {m}"),
                    None,
                );
            }
            if let Some(prev) = i.checked_sub(1).and_then(|j| bands.get(j))
                && m >= prev.min_score
            {
                self.report(
                    &at("rating_bands", i, "min_score"),
                    format!(
                        "bands must be listed highest first with strictly decreasing `min_score`: {m} follows {}",
                        prev.min_score
                    ),
                    None,
                );
            }
        }
        if let Some(last) = bands.last()
            && last.min_score != 0.0
        {
            self.report(
                &at("rating_bands", bands.len() - 1, "min_score"),
                format!(
                    "the lowest band must start at 0 so that every score has a rating, found {}",
                    last.min_score
                ),
                None,
            );
        }
        let gate = def
            .scoring
            .as_ref()
            .and_then(|s| s.critical_gate.as_deref());
        self.band_named(def, "critical_gate", gate)
            .unwrap_or(bands.len().saturating_sub(1))
    }

    /// The index of the band a scoring setting names; `None` when it names none (reported).
    fn band_named(&mut self, def: &FrameworkDef, setting: &str, id: Option<&str>) -> Option<usize> {
        let id = id?;
        let bands = &def.rating_bands;
        let found = bands.iter().position(|b| b.id == id);
        if found.is_none() {
            self.report(
                &[key("scoring"), key(setting)],
                format!("`{setting}` names no rating band: `{id}`"),
                did_you_mean(id, bands.iter().map(|b| b.id.as_str())),
            );
            return Some(0);
        }
        found
    }

    /// The band that caps an element or program whose operation is not demonstrated: the one
    /// named, else the third from the top (the lowest when there are fewer).
    fn undemonstrated_band(&mut self, def: &FrameworkDef) -> usize {
        let named = def
            .scoring
            .as_ref()
            .and_then(|s| s.undemonstrated_cap.as_deref());
        self.band_named(def, "undemonstrated_cap", named)
            .unwrap_or_else(|| def.rating_bands.len().saturating_sub(1).min(2))
    }

    /// The sample-size table: rows ascending by population, only the last one open-ended.
    fn sample_sizes(&mut self, def: &FrameworkDef) -> Vec<SampleSizeDef> {
        let rows = def
            .scoring
            .as_ref()
            .map(|s| s.sample_sizes.clone())
            .unwrap_or_default();
        let mut previous: Option<u64> = None;
        for (i, row) in rows.iter().enumerate() {
            let segs = [key("scoring"), key("sample_sizes"), Seg::Index(i)];
            if row.min_sample == 0 {
                self.report(&segs, "`min_sample` must be at least 1".into(), None);
            }
            match (row.population_up_to, i + 1 == rows.len()) {
                (None, false) => self.report(
                    &segs,
                    "only the last row may leave out `population_up_to`".into(),
                    None,
                ),
                (Some(_), true) => self.report(
                    &segs,
                    "the last row must leave out `population_up_to`, so that it covers every larger population".into(),
                    None,
                ),
                (Some(n), false) => {
                    if previous.is_some_and(|p| n <= p) {
                        self.report(
                            &segs,
                            format!("rows must be in ascending `population_up_to`: {n} follows {}", previous.unwrap_or(0)),
                            None,
                        );
                    }
                    previous = Some(n);
                }
                (None, true) => {}
            }
        }
        rows
    }

    fn elements<'d>(&mut self, def: &'d FrameworkDef) -> (HashMap<&'d str, usize>, Vec<f64>) {
        if def.elements.is_empty() {
            self.report(
                &[key("elements")],
                "at least one element is needed".into(),
                None,
            );
        }
        let mut index = HashMap::new();
        let mut weights = Vec::with_capacity(def.elements.len());
        for (i, element) in def.elements.iter().enumerate() {
            if index.insert(element.id.as_str(), i).is_some() {
                self.report(
                    &at("elements", i, "id"),
                    format!("duplicate element id `{}`", element.id),
                    None,
                );
            }
            let w = element.weight.unwrap_or(1.0);
            self.weight(&at("elements", i, "weight"), w);
            weights.push(w);
        }
        (index, weights)
    }

    fn vocab(&mut self, def: &FrameworkDef) -> Vocab {
        let mut vocab = Vocab::default();
        for (name, ty) in def.profile_facts.iter() {
            vocab
                .fact_index
                .insert(name.clone(), vocab.facts.len() as u32);
            vocab.facts.push((name.clone(), ty.clone()));
        }
        for (i, kind) in def.evidence_kinds.iter().enumerate() {
            if vocab.kind_index.contains_key(&kind.id) {
                self.report(
                    &at("evidence_kinds", i, "id"),
                    format!("duplicate evidence kind `{}`", kind.id),
                    None,
                );
                continue;
            }
            let attrs: Vec<(String, ValueType)> = kind
                .attributes
                .iter()
                .map(|(n, t)| (n.clone(), t.clone()))
                .collect();
            let attr_index: HashMap<String, u32> = attrs
                .iter()
                .enumerate()
                .map(|(j, (n, _))| (n.clone(), j as u32))
                .collect();
            let dated_by = kind
                .dated_by
                .as_deref()
                .and_then(|name| self.dated_by(i, &kind.id, name, &attrs, &attr_index));
            if kind.fresh_for_days.is_some() && kind.dated_by.is_none() {
                self.report(
                    &at("evidence_kinds", i, "fresh_for_days"),
                    "`fresh_for_days` needs `dated_by`, the date attribute to measure from".into(),
                    None,
                );
            }
            if kind.register && kind.dated_by.is_none() {
                self.report(
                    &at("evidence_kinds", i, "register"),
                    "a register kind needs `dated_by`, the date that places a record in a register's period".into(),
                    None,
                );
            }
            if kind.look_back_days.is_some() && !kind.register {
                self.report(
                    &at("evidence_kinds", i, "look_back_days"),
                    "`look_back_days` is for register kinds (`register: true`)".into(),
                    None,
                );
            }
            let doubtful_empty = kind
                .empty_register_doubtful
                .as_ref()
                .and_then(|d| self.doubtful_empty(i, kind.register, d, &vocab));
            vocab
                .kind_index
                .insert(kind.id.clone(), vocab.kinds.len() as u32);
            vocab.kinds.push(KindInfo {
                id: kind.id.clone(),
                attrs,
                attr_index,
                fresh_for_days: kind.fresh_for_days,
                dated_by,
                register: kind.register,
                look_back_days: kind.look_back_days,
                doubtful_empty,
            });
        }
        vocab
    }

    /// The profile fact and threshold of an `empty_register_doubtful` setting.
    fn doubtful_empty(
        &mut self,
        i: usize,
        register: bool,
        def: &crate::model::DoubtfulEmptyDef,
        vocab: &Vocab,
    ) -> Option<(u32, f64)> {
        let segs = at("evidence_kinds", i, "empty_register_doubtful");
        if !register {
            self.report(
                &segs,
                "`empty_register_doubtful` is for register kinds (`register: true`)".into(),
                None,
            );
        }
        if !def.above.is_finite() {
            self.report(
                &segs,
                format!("`above` must be a finite number, found {}", def.above),
                None,
            );
        }
        match vocab.fact_index.get(&def.fact) {
            Some(&f)
                if matches!(
                    vocab.facts.get(f as usize),
                    Some((_, ValueType::Integer | ValueType::Number))
                ) =>
            {
                Some((f, def.above))
            }
            Some(_) => {
                self.report(
                    &segs,
                    format!("`{}` is not a numeric profile fact", def.fact),
                    None,
                );
                None
            }
            None => {
                self.report(
                    &segs,
                    format!(
                        "`empty_register_doubtful` names no profile fact: `{}`",
                        def.fact
                    ),
                    did_you_mean(&def.fact, vocab.facts.iter().map(|f| f.0.as_str())),
                );
                None
            }
        }
    }

    /// The index of the date attribute a kind is dated by.
    fn dated_by(
        &mut self,
        i: usize,
        kind: &str,
        name: &str,
        attrs: &[(String, ValueType)],
        attr_index: &HashMap<String, u32>,
    ) -> Option<u32> {
        let segs = at("evidence_kinds", i, "dated_by");
        match attr_index.get(name) {
            Some(&j) if matches!(attrs.get(j as usize), Some((_, ValueType::Date))) => Some(j),
            Some(_) => {
                self.report(
                    &segs,
                    format!("`dated_by` must name a date attribute; `{name}` is not a date"),
                    None,
                );
                None
            }
            None => {
                self.report(
                    &segs,
                    format!("`dated_by` names no attribute of `{kind}`: `{name}`"),
                    did_you_mean(name, attrs.iter().map(|a| a.0.as_str())),
                );
                None
            }
        }
    }

    fn rules(
        &mut self,
        def: &FrameworkDef,
        vocab: &Vocab,
        element_index: &HashMap<&str, usize>,
        severity_weights: &SeverityWeights,
        sample_sizes: &[SampleSizeDef],
    ) -> Vec<CompiledRule> {
        let mut compiler = Compiler::new(vocab);
        compiler.has_sample_sizes = !sample_sizes.is_empty();
        let mut rules = Vec::with_capacity(def.rules.len());
        let mut ids = HashSet::new();
        let mut rules_per_element = vec![0usize; def.elements.len()];
        for (i, rule) in def.rules.iter().enumerate() {
            let well_formed = !rule.id.is_empty()
                && rule.id.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_')
                });
            if !well_formed {
                self.report(
                    &at("rules", i, "id"),
                    format!(
                        "rule id `{}` must be lowercase letters, digits, `.`, `-` and `_`",
                        rule.id
                    ),
                    None,
                );
            }
            if !ids.insert(rule.id.as_str()) {
                self.report(
                    &at("rules", i, "id"),
                    format!("duplicate rule id `{}`", rule.id),
                    None,
                );
            }
            let element = match element_index.get(rule.element.as_str()) {
                Some(&e) => {
                    if let Some(n) = rules_per_element.get_mut(e) {
                        *n += 1;
                    }
                    e
                }
                None => {
                    self.report(
                        &at("rules", i, "element"),
                        format!(
                            "rule `{}` names an element that does not exist: `{}`",
                            rule.id, rule.element
                        ),
                        did_you_mean(&rule.element, def.elements.iter().map(|e| e.id.as_str())),
                    );
                    0
                }
            };
            let weight = rule
                .weight
                .unwrap_or_else(|| severity_weights.get(rule.severity));
            self.weight(&at("rules", i, "weight"), weight);
            if rule.partial.is_some() && rule.check.is_none() {
                self.report(
                    &at("rules", i, "partial"),
                    "`partial` needs `check`: partial credit is for when the check is not met"
                        .into(),
                    None,
                );
            }
            if rule.check.is_none() && rule.tests == Dimension::Operation {
                self.report(
                    &at("rules", i, "tests"),
                    format!("operation rule `{}` needs a `check`: the company's own answer cannot show that a control works", rule.id),
                    None,
                );
            }
            if rule.check.is_none() && rule.material {
                self.report(
                    &at("rules", i, "material"),
                    format!(
                        "material rule `{}` needs a `check` that reads the records of a failure",
                        rule.id
                    ),
                    None,
                );
            }
            if rule.never_not_applicable && rule.applies_when.is_some() {
                self.report(
                    &at("rules", i, "applies_when"),
                    "a rule that can never be not applicable cannot have `applies_when`".into(),
                    None,
                );
            }
            compiler.path = vec![key("rules"), Seg::Index(i)];
            compiler.rule_min_assurance = rule.min_assurance;
            let mut compile = |name: &str, c: &Option<crate::model::ConditionDef>| {
                c.as_ref()
                    .and_then(|c| compiler.compile_at(name, c, Scope::Profile))
            };
            rules.push(CompiledRule {
                def_index: i,
                element,
                weight,
                dimension: rule.tests,
                material: rule.material,
                applies_when: compile("applies_when", &rule.applies_when),
                check: compile("check", &rule.check),
                partial: compile("partial", &rule.partial),
            });
        }
        self.problems.append(&mut compiler.problems);
        for (i, n) in rules_per_element.iter().enumerate() {
            if *n == 0 {
                self.report(
                    &[key("elements"), Seg::Index(i)],
                    format!(
                        "element `{}` has no rules, so it could never be scored",
                        def.elements.get(i).map_or("?", |e| e.id.as_str())
                    ),
                    None,
                );
            }
        }
        rules
    }
}
