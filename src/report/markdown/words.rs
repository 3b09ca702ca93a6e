//! Words for people: every id, enum and gate said the way a reader says it.

use crate::model::{Assurance, Dimension};
use crate::report::{Finding, FiredBy, Gate, GateKind, Report, Status};

pub(super) fn status_word(status: Status) -> &'static str {
    match status {
        Status::Met => "met",
        Status::PartiallyMet => "partially met",
        Status::NotMet => "not met",
        Status::Unknown => "undecided",
        Status::NotApplicable => "not applicable",
        Status::Waived => "waived",
    }
}

pub(super) fn assurance_word(level: Assurance) -> &'static str {
    match level {
        Assurance::SelfDeclared => "self-declared",
        Assurance::Documented => "documented",
        Assurance::Tested => "tested",
        Assurance::IndependentlyAudited => "independently audited",
    }
}

pub(super) fn dimension_word(dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::Design => "design",
        Dimension::Resourcing => "resourcing",
        Dimension::Operation => "operation",
    }
}

pub(super) fn gate_kind_word(kind: GateKind) -> &'static str {
    match kind {
        GateKind::MaterialWeakness => "material weakness",
        GateKind::CriticalRule => "critical rule",
        GateKind::OperationNotDemonstrated => "operation not demonstrated",
    }
}

/// The label of the band with `id`, as the report names it; the id in words otherwise.
pub(super) fn band_label(r: &Report, id: &str) -> String {
    let s = &r.summary;
    [
        Some(&s.rating),
        Some(&s.score_rating),
        s.next_band.as_ref().map(|n| &n.band),
    ]
    .into_iter()
    .flatten()
    .find(|b| b.id == id)
    .map_or_else(
        || capitalised(&id.replace(['-', '_'], " ")),
        |b| b.label.clone(),
    )
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

pub(super) fn element_title<'r>(r: &'r Report, id: &'r str) -> &'r str {
    r.elements
        .iter()
        .find(|e| e.id == id)
        .map_or(id, |e| e.title.as_str())
}

/// A rule as a reader meets it: its title, then its id in code.
pub(super) fn rule_link(f: &Finding) -> String {
    format!("**{}** `{}`", f.title.trim(), f.rule)
}

/// One gate in words: what fired it, and where it holds the rating.
pub(super) fn gate_words(r: &Report, gate: &Gate) -> String {
    let cap = band_label(r, &gate.capped_at);
    let finding = gate
        .rule
        .as_deref()
        .and_then(|id| r.findings.iter().find(|f| f.rule == id));
    match (gate.kind, finding) {
        (GateKind::OperationNotDemonstrated, _) | (_, None) => {
            let count = gate.rules.len();
            let what = if count == 0 {
                "no rule that tests operation applies".to_owned()
            } else if gate.fired_by == FiredBy::Failure {
                format!("{count} operation rule(s) not met or undecided")
            } else {
                format!("{count} operation rule(s) undecided")
            };
            format!("**Operation not demonstrated**: {what}. At most {cap}.")
        }
        (kind, Some(f)) => {
            let cause = match (kind, gate.fired_by) {
                (GateKind::MaterialWeakness, FiredBy::Failure) => "Material weakness",
                (GateKind::MaterialWeakness, FiredBy::Unknown) => {
                    "Possible material weakness, not ruled out by the evidence"
                }
                (_, FiredBy::Failure) => "Critical rule not met",
                (_, FiredBy::Unknown) => "Critical rule undecided",
            };
            format!(
                "**{cause}**: {} `{}`. At most {cap}.",
                f.title.trim(),
                f.rule
            )
        }
    }
}
