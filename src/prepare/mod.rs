//! Checking an evidence bundle against a framework's vocabulary, and indexing it for assessment.

mod answers;
mod registers;

use std::collections::HashMap;

use crate::condition::TVal;
use crate::condition::compile::type_value;
use crate::condition::eval::Item;
use crate::error::{Error, Problem, Problems};
use crate::framework::Framework;
use crate::load::{Seg, render_path};
use crate::model::{Answer, Assurance, EvidenceBundle, IsoDate, Value, Waiver};
use crate::report::{Diagnostic, DiagnosticKind, Report};
use crate::suggest::Suggester;

/// An evidence bundle checked against one framework and indexed for it.
///
/// Made by [`Framework::prepare`]; assessing it is pure and cannot fail:
/// [`PreparedEvidence::assess`] reads no clock, file or environment, and gives the same report,
/// byte for byte, whatever the order of rules or evidence items in the input.
///
/// ```
/// use icp_assess::{EvidenceBundle, Framework};
/// use jiff::civil::date;
/// let framework = Framework::bundled("eu-2019-1318")?;
/// let bundle = EvidenceBundle::from_yaml_str("subject: { name: Fictional Optics BV }\n", "b.yaml")?;
/// let prepared = framework.prepare(&bundle)?;
/// let report = prepared.assess(date(2026, 11, 1));
/// assert_eq!(report.framework.id, "eu-2019-1318");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct PreparedEvidence<'f> {
    pub(crate) framework: &'f Framework,
    pub(crate) subject_name: String,
    pub(crate) profile: std::collections::BTreeMap<String, Value>,
    pub(crate) as_of: Option<IsoDate>,
    pub(crate) facts: Vec<Option<TVal>>,
    /// Items of declared kinds, sorted by id.
    pub(crate) items: Vec<Item>,
    pub(crate) by_kind: Vec<Vec<u32>>,
    /// The assessed period the bundle states, if any.
    pub(crate) period: Option<crate::model::Period>,
    /// Per kind, the spans (day numbers) its registers cover.
    pub(crate) register_spans: Vec<Vec<registers::Span>>,
    /// Per rule index.
    pub(crate) attestations: Vec<Option<PreparedAttestation>>,
    pub(crate) waivers: Vec<Option<Waiver>>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub(crate) struct PreparedAttestation {
    pub(crate) answer: Answer,
    pub(crate) reason: Option<String>,
    pub(crate) note: Option<String>,
    pub(crate) evidence: Vec<String>,
    /// The lowest assurance of the cited items; self-declared without any.
    pub(crate) assurance: Assurance,
}

impl Framework {
    /// Checks a bundle against this framework's vocabulary and indexes it.
    ///
    /// Wrong value types, malformed dates, undeclared enumeration values, duplicate evidence ids,
    /// attestations that cannot stand (unknown rule of this framework, unknown evidence,
    /// `not_applicable` without a reason or on a rule that is always applicable), attributes a
    /// kind does not declare, kinds and facts one typo away from a declared name, and registers
    /// whose record count disagrees with the records given are errors, all reported at once,
    /// each with "did you mean" where it helps. Kinds and facts far from every declared name
    /// are kept out of scoring and become diagnostics, since one bundle may serve several
    /// frameworks.
    pub fn prepare<'f>(&'f self, bundle: &EvidenceBundle) -> Result<PreparedEvidence<'f>, Error> {
        let mut check = Check {
            framework: self,
            problems: Vec::new(),
            diagnostics: Vec::new(),
            suggester: Suggester::default(),
            near_kinds: HashMap::new(),
        };
        let facts = check.facts(bundle);
        let (items, by_kind) = check.items(bundle);
        let register_spans = check.registers(bundle, &items);
        let (attestations, waivers) = check.answers(bundle);
        let Check {
            mut problems,
            mut diagnostics,
            ..
        } = check;
        if !problems.is_empty() {
            if let Some(source) = &bundle.source {
                source.locate_all(&mut problems);
            }
            return Err(Error::Invalid(Problems(problems)));
        }
        diagnostics.sort();
        Ok(PreparedEvidence {
            framework: self,
            subject_name: bundle.subject.name.clone(),
            profile: bundle.subject.profile.0.clone(),
            as_of: bundle.as_of,
            facts,
            items,
            by_kind,
            period: bundle.period,
            register_spans,
            attestations,
            waivers,
            diagnostics,
        })
    }
}

impl PreparedEvidence<'_> {
    /// The `as_of` date the bundle states, if any.
    pub fn bundle_as_of(&self) -> Option<jiff::civil::Date> {
        self.as_of.map(IsoDate::date)
    }

    /// Assesses the evidence as of the bundle's own `as_of` date.
    pub fn assess_as_of_bundle(&self) -> Result<Report, Error> {
        match self.as_of {
            Some(date) => Ok(self.assess(date.date())),
            None => Err(Error::NoAsOfDate),
        }
    }
}

struct Check<'f> {
    framework: &'f Framework,
    problems: Vec<Problem>,
    diagnostics: Vec<Diagnostic>,
    /// "Did you mean" within a bounded amount of work for the whole bundle.
    suggester: Suggester,
    /// The declared kind each undeclared kind is a near miss of, if any, once found.
    near_kinds: HashMap<String, Option<String>>,
}

fn key(k: &str) -> Seg {
    Seg::Key(k.to_owned())
}

impl Check<'_> {
    fn problem(&mut self, segs: &[Seg], message: String, help: Option<String>) {
        self.problems
            .push(Problem::new(render_path(segs), message).with_help(help));
    }

    fn facts(&mut self, bundle: &EvidenceBundle) -> Vec<Option<TVal>> {
        let vocab = &self.framework.vocab;
        let mut facts = vec![None; vocab.facts.len()];
        for (name, value) in bundle.subject.profile.iter() {
            let at = [key("subject"), key("profile"), key(name)];
            match vocab.fact_index.get(name) {
                Some(&i) => {
                    let Some((_, ty)) = vocab.facts.get(i as usize) else {
                        continue;
                    };
                    match type_value(value, ty) {
                        Ok(v) => {
                            if let Some(slot) = facts.get_mut(i as usize) {
                                *slot = Some(v);
                            }
                        }
                        Err(e) => self.problem(&at, format!("profile fact `{name}`: {e}"), None),
                    }
                }
                None => {
                    let help = self
                        .suggester
                        .did_you_mean(name, vocab.facts.iter().map(|f| f.0.as_str()));
                    if help.is_some() {
                        // A near miss is taken for a typo: dropping it could drop an adverse fact.
                        self.problem(
                            &at,
                            format!(
                                "profile fact `{name}` is not declared by `{}`",
                                self.framework.id()
                            ),
                            help,
                        );
                        continue;
                    }
                    self.diagnostics.push(Diagnostic {
                        kind: DiagnosticKind::UndeclaredFact,
                        subject: Some(name.clone()),
                        message: format!(
                            "profile fact `{name}` is not declared by `{}` and was not used",
                            self.framework.id()
                        ),
                    });
                }
            }
        }
        facts
    }

    fn items(&mut self, bundle: &EvidenceBundle) -> (Vec<Item>, Vec<Vec<u32>>) {
        let vocab = &self.framework.vocab;
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut items = Vec::with_capacity(bundle.evidence.len());
        for (i, raw) in bundle.evidence.iter().enumerate() {
            let at = |k: &str| [key("evidence"), Seg::Index(i), key(k)];
            if let Some(first) = seen.insert(raw.id.as_str(), i) {
                self.problem(
                    &at("id"),
                    format!(
                        "duplicate evidence id `{}` (first used by evidence[{first}])",
                        raw.id
                    ),
                    None,
                );
                continue;
            }
            let Some(kind) = self.declared_kind(&raw.kind, &at("kind"), &raw.id, "item") else {
                continue;
            };
            let Some(info) = vocab.kinds.get(kind as usize) else {
                continue;
            };
            let attrs = self.attributes(i, raw, info);
            items.push(Item {
                id: raw.id.clone(),
                kind,
                assurance: raw.assurance,
                attrs,
            });
        }
        // INVARIANT: ids are unique (duplicates were refused above), so this order is total and
        // independent of input order.
        items.sort_by(|a, b| a.id.cmp(&b.id));
        let mut by_kind = vec![Vec::new(); vocab.kinds.len()];
        for (i, item) in items.iter().enumerate() {
            if let Some(list) = by_kind.get_mut(item.kind as usize) {
                list.push(i as u32);
            }
        }
        (items, by_kind)
    }

    /// The index of a declared kind. A name close to a declared one is an error (a typo must not
    /// drop evidence); any other undeclared kind is a diagnostic, since one bundle may serve
    /// several frameworks. `what` and `id` name the item or register that gives the kind.
    fn declared_kind(&mut self, kind: &str, at: &[Seg], id: &str, what: &str) -> Option<u32> {
        let vocab = &self.framework.vocab;
        if let Some(&k) = vocab.kind_index.get(kind) {
            return Some(k);
        }
        // Items of one undeclared kind are many; the search is made once per kind.
        let help = match self.near_kinds.get(kind) {
            Some(help) => help.clone(),
            None => {
                let help = self
                    .suggester
                    .did_you_mean(kind, vocab.kinds.iter().map(|k| k.id.as_str()));
                self.near_kinds.insert(kind.to_owned(), help.clone());
                help
            }
        };
        let framework = self.framework.id();
        if help.is_some() {
            let message = format!("evidence kind `{kind}` is not declared by `{framework}`");
            self.problem(at, message, help);
        } else {
            self.diagnostics.push(Diagnostic {
                kind: DiagnosticKind::UndeclaredKind,
                subject: Some(id.to_owned()),
                message: format!(
                    "evidence kind `{kind}` is not declared by `{framework}`; the {what} `{id}` was not used"
                ),
            });
        }
        None
    }

    /// Types an item's attributes against its kind; an undeclared attribute is an error (a
    /// misspelt name must not drop an adverse fact: data for other tools goes under `extra`).
    fn attributes(
        &mut self,
        i: usize,
        raw: &crate::model::EvidenceItem,
        info: &crate::condition::KindInfo,
    ) -> Vec<Option<TVal>> {
        let mut attrs = vec![None; info.attrs.len()];
        for (name, value) in raw.attributes.iter() {
            let at = [key("evidence"), Seg::Index(i), key("attributes"), key(name)];
            let Some((a, (_, ty))) = info
                .attr_index
                .get(name)
                .and_then(|&a| Some((a, info.attrs.get(a as usize)?)))
            else {
                let help = (self.suggester)
                    .did_you_mean(name, info.attrs.iter().map(|x| x.0.as_str()))
                    .or_else(|| Some("put data meant for other tools under `extra:`".into()));
                self.problem(
                    &at,
                    format!("attribute `{name}` is not declared for `{}`", info.id),
                    help,
                );
                continue;
            };
            match type_value(value, ty) {
                Ok(v) => {
                    if let Some(slot) = attrs.get_mut(a as usize) {
                        *slot = Some(v);
                    }
                }
                Err(e) => self.problem(&at, format!("`{}` attribute `{name}`: {e}", info.id), None),
            }
        }
        attrs
    }
}
