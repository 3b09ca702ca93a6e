//! A validated, compiled framework, and the bundled ones.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::condition::compile::{Compiler, Scope};
use crate::condition::{KindInfo, Node, Vocab};
use crate::error::{Error, Problem, Problems, did_you_mean};
use crate::load::{self, Format, LoadOptions, Seg, Source, render_path};
use crate::model::{FrameworkDef, Severity, SeverityWeights, ValueType};

/// A checklist that has been loaded, validated and compiled, ready to assess evidence.
///
/// Build one from a file or text with [`Framework::from_path`] or [`Framework::from_yaml_str`],
/// or take a bundled one with [`Framework::bundled`]. Loading reports every problem at once,
/// each with file, line, column and path.
///
/// ```
/// use icp_assess::Framework;
/// let bis = Framework::bundled("bis-ecg")?;
/// assert_eq!(bis.id(), "bis-ecg");
/// assert!(bis.definition().rules.len() >= 30);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Framework {
    pub(crate) def: FrameworkDef,
    pub(crate) vocab: Vocab,
    pub(crate) rules: Vec<CompiledRule>,
    /// Element weight, by element index.
    pub(crate) element_weights: Vec<f64>,
    pub(crate) partial_credit: f64,
    pub(crate) severity_weights: SeverityWeights,
    /// Index into `def.rating_bands` of the band a failed critical rule caps the rating at.
    pub(crate) gate_band: usize,
    /// Rule index by id.
    pub(crate) rule_index: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledRule {
    /// Index of the rule in `def.rules` (the order of the file).
    pub(crate) def_index: usize,
    pub(crate) element: usize,
    pub(crate) weight: f64,
    pub(crate) applies_when: Option<Node>,
    pub(crate) check: Option<Node>,
    pub(crate) partial: Option<Node>,
}

impl Framework {
    /// Loads a framework from YAML text; `origin` names it in errors (usually the file path).
    pub fn from_yaml_str(text: &str, origin: &str) -> Result<Self, Error> {
        Self::from_str_with(text, origin, Format::Yaml, &LoadOptions::default())
    }

    /// Loads a framework from JSON text; `origin` names it in errors.
    pub fn from_json_str(text: &str, origin: &str) -> Result<Self, Error> {
        Self::from_str_with(text, origin, Format::Json, &LoadOptions::default())
    }

    /// Loads a framework from text in the given format with the given options.
    pub fn from_str_with(
        text: &str,
        origin: &str,
        format: Format,
        options: &LoadOptions,
    ) -> Result<Self, Error> {
        load::check_size(origin, text.len() as u64, options)?;
        let source = Source::new(origin, text, format);
        let (def, mut unknown): (FrameworkDef, _) = load::parse(&source, options)?;
        match Self::compile(def) {
            Ok(framework) if unknown.is_empty() => Ok(framework),
            Ok(_) => {
                source.locate_all(&mut unknown);
                Err(Error::Invalid(Problems(unknown)))
            }
            Err(mut problems) => {
                problems.append(&mut unknown);
                problems.sort_by_key(|p| document_order(&p.key_path));
                source.locate_all(&mut problems);
                Err(Error::Invalid(Problems(problems)))
            }
        }
    }

    /// Loads a framework from a file: JSON if it ends in `.json`, YAML otherwise.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, Error> {
        Self::from_path_with(path, &LoadOptions::default())
    }

    /// Loads a framework from a file with the given options.
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

    /// Validates and compiles a framework built in code; problems carry paths but no lines.
    pub fn from_definition(def: FrameworkDef) -> Result<Self, Error> {
        Self::compile(def).map_err(|problems| Error::Invalid(Problems(problems)))
    }

    /// A framework bundled with the crate, parsed on first use.
    ///
    /// ```
    /// let eu = icp_assess::Framework::bundled("eu-2019-1318")?;
    /// assert_eq!(eu.definition().elements.len(), 7);
    /// assert!(icp_assess::Framework::bundled("nope").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn bundled(id: &str) -> Result<&'static Framework, Error> {
        crate::bundled::get(id)
    }

    /// Ids of the bundled frameworks.
    pub fn bundled_ids() -> Vec<&'static str> {
        crate::bundled::ids()
    }

    /// The framework's id, such as `bis-ecg`.
    pub fn id(&self) -> &str {
        &self.def.framework.id
    }

    /// The version of the rule content.
    pub fn version(&self) -> &semver::Version {
        &self.def.framework.version
    }

    /// The framework's title.
    pub fn title(&self) -> &str {
        &self.def.framework.title
    }

    /// The framework as written (serializable; loading it again gives the same framework).
    pub fn definition(&self) -> &FrameworkDef {
        &self.def
    }

    /// Serializes the framework definition as YAML.
    pub fn to_yaml(&self) -> String {
        load::to_yaml(&self.def).unwrap_or_default()
    }

    fn compile(def: FrameworkDef) -> Result<Self, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut p = |segs: &[Seg], message: String, help: Option<String>| {
            problems.push(Problem::new(render_path(segs), message).with_help(help));
        };
        let key = |k: &str| Seg::Key(k.to_owned());

        let id = &def.framework.id;
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            p(
                &[key("framework"), key("id")],
                format!("framework id `{id}` must be lowercase letters, digits and `-`"),
                None,
            );
        }

        // Scoring settings.
        let scoring = def.scoring.clone().unwrap_or_default();
        let partial_credit = scoring.partial_credit.unwrap_or(0.5);
        if !(partial_credit.is_finite() && (0.0..=1.0).contains(&partial_credit)) {
            p(
                &[key("scoring"), key("partial_credit")],
                format!("`partial_credit` must be between 0 and 1, found {partial_credit}"),
                None,
            );
        }
        let severity_weights = scoring.severity_weights.unwrap_or_default();
        for (name, w) in [
            ("critical", severity_weights.critical),
            ("high", severity_weights.high),
            ("medium", severity_weights.medium),
            ("low", severity_weights.low),
        ] {
            if !(w.is_finite() && w >= 0.0) {
                p(
                    &[key("scoring"), key("severity_weights"), key(name)],
                    format!("weight must be a finite number of 0 or more, found {w}"),
                    None,
                );
            }
        }

        // Rating bands.
        let bands = &def.rating_bands;
        if bands.is_empty() {
            p(
                &[key("rating_bands")],
                "at least one rating band is needed".into(),
                None,
            );
        }
        let mut band_ids = HashSet::new();
        for (i, band) in bands.iter().enumerate() {
            let at = [key("rating_bands"), Seg::Index(i)];
            if !band_ids.insert(band.id.as_str()) {
                p(
                    &[at[0].clone(), at[1].clone(), key("id")],
                    format!("duplicate band id `{}`", band.id),
                    None,
                );
            }
            let m = band.min_score;
            if !(m.is_finite() && (0.0..=100.0).contains(&m)) {
                p(
                    &[at[0].clone(), at[1].clone(), key("min_score")],
                    format!("`min_score` must be between 0 and 100, found {m}"),
                    None,
                );
            }
            if let Some(prev) = i.checked_sub(1).and_then(|j| bands.get(j))
                && m >= prev.min_score
            {
                p(
                    &[at[0].clone(), at[1].clone(), key("min_score")],
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
            p(
                &[
                    key("rating_bands"),
                    Seg::Index(bands.len() - 1),
                    key("min_score"),
                ],
                format!(
                    "the lowest band must start at 0 so that every score has a rating, found {}",
                    last.min_score
                ),
                None,
            );
        }
        let gate_band = match scoring.critical_gate.as_deref() {
            None => bands.len().saturating_sub(1),
            Some(gate) => match bands.iter().position(|b| b.id == gate) {
                Some(i) => i,
                None => {
                    p(
                        &[key("scoring"), key("critical_gate")],
                        format!("`critical_gate` names no rating band: `{gate}`"),
                        did_you_mean(gate, bands.iter().map(|b| b.id.as_str())),
                    );
                    0
                }
            },
        };

        // Elements.
        if def.elements.is_empty() {
            p(
                &[key("elements")],
                "at least one element is needed".into(),
                None,
            );
        }
        let mut element_index: HashMap<&str, usize> = HashMap::new();
        let mut element_weights = Vec::with_capacity(def.elements.len());
        for (i, element) in def.elements.iter().enumerate() {
            if element_index.insert(element.id.as_str(), i).is_some() {
                p(
                    &[key("elements"), Seg::Index(i), key("id")],
                    format!("duplicate element id `{}`", element.id),
                    None,
                );
            }
            let w = element.weight.unwrap_or(1.0);
            if !(w.is_finite() && w >= 0.0) {
                p(
                    &[key("elements"), Seg::Index(i), key("weight")],
                    format!("weight must be a finite number of 0 or more, found {w}"),
                    None,
                );
            }
            element_weights.push(w);
        }

        // Vocabulary.
        let mut vocab = Vocab::default();
        for (name, ty) in def.profile_facts.iter() {
            vocab
                .fact_index
                .insert(name.clone(), vocab.facts.len() as u32);
            vocab.facts.push((name.clone(), ty.clone()));
        }
        for (i, kind) in def.evidence_kinds.iter().enumerate() {
            let at = |k: &str| [key("evidence_kinds"), Seg::Index(i), key(k)];
            if vocab.kind_index.contains_key(&kind.id) {
                p(
                    &at("id"),
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
            let dated_by = match kind.dated_by.as_deref() {
                None => None,
                Some(name) => match attr_index.get(name) {
                    Some(&j) if matches!(attrs.get(j as usize), Some((_, ValueType::Date))) => {
                        Some(j)
                    }
                    Some(_) => {
                        p(
                            &at("dated_by"),
                            format!(
                                "`dated_by` must name a date attribute; `{name}` is not a date"
                            ),
                            None,
                        );
                        None
                    }
                    None => {
                        p(
                            &at("dated_by"),
                            format!("`dated_by` names no attribute of `{}`: `{name}`", kind.id),
                            did_you_mean(name, attrs.iter().map(|a| a.0.as_str())),
                        );
                        None
                    }
                },
            };
            if kind.fresh_for_days.is_some() && kind.dated_by.is_none() {
                p(
                    &at("fresh_for_days"),
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

        // Rules.
        let mut compiler = Compiler::new(&vocab);
        let mut rules = Vec::with_capacity(def.rules.len());
        let mut rule_index = HashMap::new();
        let mut rules_per_element = vec![0usize; def.elements.len()];
        for (i, rule) in def.rules.iter().enumerate() {
            let at = |k: &str| vec![key("rules"), Seg::Index(i), key(k)];
            if rule.id.is_empty()
                || !rule.id.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_')
                })
            {
                p(
                    &at("id"),
                    format!(
                        "rule id `{}` must be lowercase letters, digits, `.`, `-` and `_`",
                        rule.id
                    ),
                    None,
                );
            }
            if rule_index.insert(rule.id.clone(), i).is_some() {
                p(&at("id"), format!("duplicate rule id `{}`", rule.id), None);
            }
            let element = match element_index.get(rule.element.as_str()) {
                Some(&e) => {
                    if let Some(n) = rules_per_element.get_mut(e) {
                        *n += 1;
                    }
                    e
                }
                None => {
                    p(
                        &at("element"),
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
            if !(weight.is_finite() && weight >= 0.0) {
                p(
                    &at("weight"),
                    format!("weight must be a finite number of 0 or more, found {weight}"),
                    None,
                );
            }
            if rule.partial.is_some() && rule.check.is_none() {
                p(
                    &at("partial"),
                    "`partial` needs `check`: partial credit is for when the check is false".into(),
                    None,
                );
            }
            if rule.never_not_applicable && rule.applies_when.is_some() {
                p(
                    &at("applies_when"),
                    "a rule that can never be not applicable cannot have `applies_when`".into(),
                    None,
                );
            }
            compiler.path = vec![key("rules"), Seg::Index(i)];
            compiler.rule_min_assurance = rule.min_assurance;
            let applies_when = rule
                .applies_when
                .as_ref()
                .and_then(|c| compiler.compile_at("applies_when", c, Scope::Profile));
            let check = rule
                .check
                .as_ref()
                .and_then(|c| compiler.compile_at("check", c, Scope::Profile));
            let partial = rule
                .partial
                .as_ref()
                .and_then(|c| compiler.compile_at("partial", c, Scope::Profile));
            rules.push(CompiledRule {
                def_index: i,
                element,
                weight,
                applies_when,
                check,
                partial,
            });
        }
        problems.append(&mut compiler.problems);
        for (i, n) in rules_per_element.iter().enumerate() {
            if *n == 0 {
                problems.push(Problem::new(
                    render_path(&[key("elements"), Seg::Index(i)]),
                    format!(
                        "element `{}` has no rules, so it could never be scored",
                        def.elements.get(i).map_or("?", |e| e.id.as_str())
                    ),
                ));
            }
        }

        if !problems.is_empty() {
            problems.sort_by_key(|p| document_order(&p.key_path));
            return Err(problems);
        }
        // Canonical order: elements in official order, rules by id (numbers compared as numbers)
        // within each element. Reports and sums follow it, so the order of rules in the file
        // changes nothing.
        rules.sort_by(|a, b| {
            let id = |r: &CompiledRule| def.rules.get(r.def_index).map_or("", |d| d.id.as_str());
            a.element
                .cmp(&b.element)
                .then_with(|| natural_key(id(a)).cmp(&natural_key(id(b))))
        });
        let rule_index = rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| def.rules.get(r.def_index).map(|d| (d.id.clone(), i)))
            .collect();
        Ok(Framework {
            def,
            vocab,
            rules,
            element_weights,
            partial_credit,
            severity_weights,
            gate_band,
            rule_index,
        })
    }

    /// The written definition of the rule at compiled position `rule`.
    pub(crate) fn rule_def(&self, rule: usize) -> Option<&crate::model::RuleDef> {
        self.rules
            .get(rule)
            .and_then(|r| self.def.rules.get(r.def_index))
    }

    pub(crate) fn is_critical(&self, rule: usize) -> bool {
        self.rule_def(rule)
            .is_some_and(|r| r.severity == Severity::Critical)
    }
}

/// Splits an id into text and number runs so that `ea.2` sorts before `ea.10`.
fn natural_key(id: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut number: Option<u64> = None;
    for c in id.chars() {
        match (c.to_digit(10), number) {
            (Some(d), n) => {
                number = Some(
                    n.unwrap_or(0)
                        .saturating_mul(10)
                        .saturating_add(u64::from(d)),
                )
            }
            (None, Some(n)) => {
                out.push((std::mem::take(&mut text), n));
                number = None;
                text.push(c);
            }
            (None, None) => text.push(c),
        }
    }
    out.push((text, number.unwrap_or(0)));
    out
}

/// A sort key that puts problems in the order of the top-level sections of the file, then by
/// index, so that reports read top to bottom.
fn document_order(path: &str) -> (usize, Vec<usize>, String) {
    const SECTIONS: &[&str] = &[
        "framework",
        "scoring",
        "rating_bands",
        "elements",
        "profile_facts",
        "evidence_kinds",
        "rules",
    ];
    let segs = crate::load::parse_path(path);
    let section = match segs.first() {
        Some(Seg::Key(k)) => SECTIONS
            .iter()
            .position(|s| s == k)
            .unwrap_or(SECTIONS.len()),
        _ => SECTIONS.len(),
    };
    let indices = segs
        .iter()
        .filter_map(|s| match s {
            Seg::Index(i) => Some(*i),
            Seg::Key(_) => None,
        })
        .collect();
    (section, indices, path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_key_orders_numbers_by_value() {
        let mut ids = vec!["x.ea.10", "x.ea.2", "x.ea.1", "x.au.3"];
        ids.sort_by_key(|id| natural_key(id));
        assert_eq!(ids, vec!["x.au.3", "x.ea.1", "x.ea.2", "x.ea.10"]);
    }
}
