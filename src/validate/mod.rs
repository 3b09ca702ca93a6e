//! Validation and compilation of a framework definition: every check serde cannot make, each
//! problem with its path, all of them collected before anything is refused.

mod scoring;
mod vocab;

use std::collections::{HashMap, HashSet};

use crate::condition::Vocab;
use crate::condition::compile::{Compiler, Scope};
use crate::error::Problem;
use crate::framework::CompiledRule;
use crate::load::{Seg, render_path};
use crate::model::{Dimension, FrameworkDef, SampleSizeDef, SeverityWeights};
use crate::suggest::Suggester;

/// The largest weight an element, a rule or a severity may have. Bounded so that every sum of
/// weights the score divides by stays finite (an input of at most 8 MiB holds far fewer than
/// 10^300 weights): two weights of 1.7e308 would add up to infinity and make the score NaN.
pub(crate) const MAX_WEIGHT: f64 = 1e6;

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
    /// "Did you mean" within a bounded amount of work for the whole framework.
    pub(crate) suggester: Suggester,
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

    /// Weights lie between 0 and [`MAX_WEIGHT`].
    fn weight(&mut self, segs: &[Seg], w: f64) {
        if !(0.0..=MAX_WEIGHT).contains(&w) {
            // Huge numbers print with an exponent, not 300 digits.
            let found = if w.abs() < 1e15 {
                w.to_string()
            } else {
                format!("{w:e}")
            };
            self.report(
                segs,
                format!("weight must be a number from 0 to {MAX_WEIGHT}, found {found}"),
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
                    let elements = def.elements.iter().map(|e| e.id.as_str());
                    let help = self.suggester.did_you_mean(&rule.element, elements);
                    self.report(
                        &at("rules", i, "element"),
                        format!(
                            "rule `{}` names an element that does not exist: `{}`",
                            rule.id, rule.element
                        ),
                        help,
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
