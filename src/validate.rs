//! Validation and compilation of a framework definition: every check serde cannot make, each
//! problem with its path, all of them collected before anything is refused.

use std::collections::{HashMap, HashSet};

use crate::condition::compile::{Compiler, Scope};
use crate::condition::{KindInfo, Vocab};
use crate::error::{Problem, did_you_mean};
use crate::framework::CompiledRule;
use crate::load::{Seg, render_path};
use crate::model::{FrameworkDef, SeverityWeights, ValueType};

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
}

/// Checks and compiles `def`; the problems, if any, in document order.
pub(crate) fn check(def: &FrameworkDef) -> Result<Checked, Vec<Problem>> {
    let mut c = Checker::default();
    c.meta(def);
    let (partial_credit, severity_weights) = c.scoring(def);
    let gate_band = c.bands(def);
    let (element_index, element_weights) = c.elements(def);
    let vocab = c.vocab(def);
    let rules = c.rules(def, &vocab, &element_index, &severity_weights);
    if c.problems.is_empty() {
        Ok(Checked {
            vocab,
            rules,
            element_weights,
            partial_credit,
            severity_weights,
            gate_band,
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
        match gate {
            None => bands.len().saturating_sub(1),
            Some(gate) => bands.iter().position(|b| b.id == gate).unwrap_or_else(|| {
                self.report(
                    &[key("scoring"), key("critical_gate")],
                    format!("`critical_gate` names no rating band: `{gate}`"),
                    did_you_mean(gate, bands.iter().map(|b| b.id.as_str())),
                );
                0
            }),
        }
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
            vocab
                .kind_index
                .insert(kind.id.clone(), vocab.kinds.len() as u32);
            vocab.kinds.push(KindInfo {
                id: kind.id.clone(),
                attrs,
                attr_index,
                fresh_for_days: kind.fresh_for_days,
                dated_by,
            });
        }
        vocab
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
    ) -> Vec<CompiledRule> {
        let mut compiler = Compiler::new(vocab);
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
