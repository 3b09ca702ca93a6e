//! Attestations and waivers: each must name a rule of the framework, and an attestation's
//! evidence must be in the bundle. Ids of other frameworks are set aside as a diagnostic; ids
//! whose framework prefix is a near miss of this framework's are errors.

use std::collections::{BTreeSet, HashMap};

use super::{Check, PreparedAttestation, key};
use crate::load::Seg;
use crate::model::{Answer, Assurance, Attestation, EvidenceBundle, Waiver};
use crate::report::{Diagnostic, DiagnosticKind};
use crate::suggest;

impl Check<'_> {
    /// The attestations and waivers of the bundle, by rule index.
    pub(super) fn answers(
        &mut self,
        bundle: &EvidenceBundle,
    ) -> (Vec<Option<PreparedAttestation>>, Vec<Option<Waiver>>) {
        let n = self.framework.rules.len();
        let mut attestations = vec![None; n];
        let mut waivers = vec![None; n];
        let mut others = BTreeSet::new();
        for (rule_id, att) in bundle.attestations.iter() {
            let at = [key("attestations"), key(rule_id)];
            let Some(r) = self.rule(rule_id, &at, &mut others) else {
                continue;
            };
            let prepared = self.attestation(bundle, rule_id, r, att);
            if let Some(slot) = attestations.get_mut(r) {
                *slot = Some(prepared);
            }
        }
        for (rule_id, waiver) in bundle.waivers.iter() {
            let at = [key("waivers"), key(rule_id)];
            let Some(r) = self.rule(rule_id, &at, &mut others) else {
                continue;
            };
            if self.never_not_applicable(r) {
                self.problem(
                    &at,
                    format!("rule `{rule_id}` can never be not applicable, so it cannot be waived"),
                    None,
                );
            }
            if let Some(slot) = waivers.get_mut(r) {
                *slot = Some(waiver.clone());
            }
        }
        if !others.is_empty() {
            self.diagnostics.push(Diagnostic {
                kind: DiagnosticKind::OtherFramework,
                subject: None,
                message: format!(
                    "attestations or waivers for rules of other frameworks were not used: {}",
                    others.into_iter().collect::<Vec<_>>().join(", ")
                ),
            });
        }
        (attestations, waivers)
    }

    fn never_not_applicable(&self, r: usize) -> bool {
        self.framework
            .def
            .rules
            .get(r)
            .is_some_and(|d| d.never_not_applicable)
    }

    /// Checks the attestation of rule `r` and the evidence it cites.
    fn attestation(
        &mut self,
        bundle: &EvidenceBundle,
        rule_id: &str,
        r: usize,
        att: &Attestation,
    ) -> PreparedAttestation {
        let at = |k: &str| vec![key("attestations"), key(rule_id), key(k)];
        if att.answer == Answer::NotApplicable {
            if att.reason.as_deref().is_none_or(|s| s.trim().is_empty()) {
                self.problem(
                    &at("answer"),
                    "`not_applicable` needs a `reason`".into(),
                    None,
                );
            }
            if self.never_not_applicable(r) {
                self.problem(
                    &at("answer"),
                    format!("rule `{rule_id}` can never be not applicable"),
                    None,
                );
            }
        }
        PreparedAttestation {
            answer: att.answer,
            reason: att.reason.clone(),
            note: att.note.clone(),
            evidence: att.evidence.clone(),
            assurance: self.cited_assurance(bundle, &at("evidence"), &att.evidence),
        }
    }

    /// The lowest assurance of the cited items (self-declared without any); a citation of an
    /// item not in the bundle is an error.
    fn cited_assurance(
        &mut self,
        bundle: &EvidenceBundle,
        at: &[Seg],
        cited: &[String],
    ) -> Assurance {
        let assurance_of: HashMap<&str, Assurance> = bundle
            .evidence
            .iter()
            .map(|e| (e.id.as_str(), e.assurance))
            .collect();
        let mut assurance = None::<Assurance>;
        for (j, id) in cited.iter().enumerate() {
            if let Some(&a) = assurance_of.get(id.as_str()) {
                assurance = Some(assurance.map_or(a, |b| b.min(a)));
                continue;
            }
            let mut segs = at.to_vec();
            segs.push(Seg::Index(j));
            // In bundle order, so that the answer does not depend on hashing.
            let ids = bundle.evidence.iter().map(|e| e.id.as_str());
            let help = self.suggester.did_you_mean(id, ids);
            self.problem(
                &segs,
                format!("attestation cites evidence `{id}`, which is not in the bundle"),
                help,
            );
        }
        assurance.unwrap_or(Assurance::SelfDeclared)
    }

    /// The index of rule `id`. Unknown ids of this framework are errors, and so are ids whose
    /// framework prefix is a near miss of this framework's id (`BIS-ECG.`, `bis_ecg.`,
    /// `bisecg.` for `bis-ecg`); ids of other frameworks are diagnostics, since one bundle may
    /// serve several frameworks.
    fn rule(&mut self, id: &str, at: &[Seg], others: &mut BTreeSet<String>) -> Option<usize> {
        let framework = self.framework;
        if let Some(&r) = framework.rule_index.get(id) {
            return Some(r);
        }
        let own = framework.id();
        let rules = || framework.def.rules.iter().map(|r| r.id.as_str());
        match id.split_once('.') {
            Some((prefix, _)) if prefix != own && !is_near_miss(prefix, own) => {
                others.insert(format!("`{prefix}`"));
            }
            Some((prefix, rest)) if prefix != own => {
                let meant = format!("{own}.{rest}");
                let help = if framework.rule_index.contains_key(&meant) {
                    Some(format!("did you mean `{meant}`?"))
                } else {
                    self.suggester.did_you_mean(&meant, rules())
                };
                let message = format!(
                    "`{own}` has no rule `{id}`, and `{prefix}` is too close to `{own}` to be another framework's"
                );
                self.problem(at, message, help);
            }
            _ => {
                let help = self.suggester.did_you_mean(id, rules());
                self.problem(at, format!("`{own}` has no rule `{id}`"), help);
            }
        }
        None
    }
}

/// Whether a framework prefix is a likely misspelling of `own`: equal but for case, equal once
/// `-` and `_` are dropped, or one edit away.
fn is_near_miss(prefix: &str, own: &str) -> bool {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '-' | '_'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    prefix.eq_ignore_ascii_case(own)
        || squash(prefix) == squash(own)
        || suggest::within(prefix, own, 1)
}

#[cfg(test)]
mod tests {
    use super::is_near_miss;

    #[test]
    fn near_miss_prefixes_are_told_from_other_frameworks() {
        for near in [
            "BIS-ECG", "bis_ecg", "bisecg", "bis-ecq", "bis-eg", "Bis_Ecg",
        ] {
            assert!(is_near_miss(near, "bis-ecg"), "{near}");
        }
        for far in ["eu-2019-1318", "iso-27001", "bis", "ecg"] {
            assert!(!is_near_miss(far, "bis-ecg"), "{far}");
        }
    }
}
