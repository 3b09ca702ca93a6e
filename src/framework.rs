//! A validated, compiled framework, and the bundled ones.

use std::collections::HashMap;
use std::path::Path;

use crate::condition::{Node, Vocab};
use crate::error::{Error, Problem, Problems};
use crate::load::{self, Format, LoadOptions, Seg, Source};
use crate::model::{FrameworkDef, Severity, SeverityWeights};

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
    /// Index of the band that caps an element or program whose operation is not demonstrated.
    pub(crate) undemonstrated_band: usize,
    /// The sample-size table of `sufficient_for`.
    pub(crate) sample_sizes: Vec<crate::model::SampleSizeDef>,
    /// Rule index by id.
    pub(crate) rule_index: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct CompiledRule {
    /// Index of the rule in `def.rules` (the order of the file).
    pub(crate) def_index: usize,
    pub(crate) element: usize,
    pub(crate) weight: f64,
    pub(crate) dimension: crate::model::Dimension,
    pub(crate) material: bool,
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
        crate::emit::to_yaml(&self.def)
    }

    fn compile(def: FrameworkDef) -> Result<Self, Vec<Problem>> {
        let checked = crate::validate::check(&def).map_err(|mut problems| {
            problems.sort_by_key(|p| document_order(&p.key_path));
            problems
        })?;
        let crate::validate::Checked {
            vocab,
            mut rules,
            element_weights,
            partial_credit,
            severity_weights,
            gate_band,
            undemonstrated_band,
            sample_sizes,
        } = checked;
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
            undemonstrated_band,
            sample_sizes,
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
    let segs = crate::load::parse_path(path);
    let section = match segs.first() {
        Some(Seg::Key(k)) => crate::load::FRAMEWORK_SECTIONS
            .iter()
            .position(|s| s == k)
            .unwrap_or(crate::load::FRAMEWORK_SECTIONS.len()),
        _ => crate::load::FRAMEWORK_SECTIONS.len(),
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
