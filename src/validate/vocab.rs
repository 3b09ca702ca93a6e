//! The evidence vocabulary: profile facts and evidence kinds, their dates, registers and
//! empty-register settings.

use std::collections::HashMap;

use super::{Checker, at};
use crate::condition::{KindInfo, Vocab};
use crate::model::{FrameworkDef, ValueType};

impl Checker {
    pub(super) fn vocab(&mut self, def: &FrameworkDef) -> Vocab {
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
    pub(super) fn doubtful_empty(
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
                let facts = vocab.facts.iter().map(|f| f.0.as_str());
                let help = self.suggester.did_you_mean(&def.fact, facts);
                self.report(
                    &segs,
                    format!(
                        "`empty_register_doubtful` names no profile fact: `{}`",
                        def.fact
                    ),
                    help,
                );
                None
            }
        }
    }

    /// The index of the date attribute a kind is dated by.
    pub(super) fn dated_by(
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
                let help = self
                    .suggester
                    .did_you_mean(name, attrs.iter().map(|a| a.0.as_str()));
                self.report(
                    &segs,
                    format!("`dated_by` names no attribute of `{kind}`: `{name}`"),
                    help,
                );
                None
            }
        }
    }
}
