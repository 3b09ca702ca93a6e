//! Registers: the logs that close the world for a kind of record.
//!
//! A register states how many records of its kind it holds over its period. The bundle must
//! give exactly those records (a company cannot pass by leaving records out), and a register
//! that covers the assessed period turns "no adverse record" from silence into evidence.

use std::collections::{HashMap, HashSet};

use super::{Check, key};
use crate::condition::eval::Item;
use crate::condition::{TVal, day_number};
use crate::load::Seg;
use crate::model::{EvidenceBundle, Register};
use crate::report::{Diagnostic, DiagnosticKind};

/// The days a register covers, both ends included, as day numbers, and who stands behind it.
pub(crate) type Span = (i32, i32, crate::model::Assurance);

/// How many record ids a count-mismatch message lists.
const LISTED_IDS: usize = 5;

impl Check<'_> {
    /// Checks the registers against the records given; returns, per kind, the spans of its
    /// registers.
    pub(super) fn registers(&mut self, bundle: &EvidenceBundle, items: &[Item]) -> Vec<Vec<Span>> {
        let vocab = &self.framework.vocab;
        let mut spans = vec![Vec::new(); vocab.kinds.len()];
        let mut ids: HashSet<&str> = bundle.evidence.iter().map(|e| e.id.as_str()).collect();
        let mut sorted: HashMap<u32, Dated<'_>> = HashMap::new();
        for (r, register) in bundle.registers.iter().enumerate() {
            let at = |k: &str| [key("registers"), Seg::Index(r), key(k)];
            if !ids.insert(register.id.as_str()) {
                let message = format!(
                    "duplicate id `{}`: registers and evidence items share one set of ids",
                    register.id
                );
                self.problem(&at("id"), message, None);
            }
            let Some(kind) = self.register_kind(r, register) else {
                continue;
            };
            let (from, to) = (day_number(register.from.0), day_number(register.to.0));
            if from > to {
                let message = format!(
                    "register `{}` ends ({}) before it starts ({})",
                    register.id, register.to, register.from
                );
                self.problem(&at("to"), message, None);
                continue;
            }
            let dated = sorted
                .entry(kind)
                .or_insert_with(|| self.dated(r, kind, items));
            self.count_records(r, register, (from, to), dated);
            self.doubtful_empty(register, kind, bundle);
            if let Some(list) = spans.get_mut(kind as usize) {
                list.push((from, to, register.assurance));
            }
        }
        spans
    }

    /// The declared register kind a register lists; an error for a near miss or a kind that
    /// is not kept in registers, a diagnostic for another framework's kind.
    fn register_kind(&mut self, r: usize, register: &Register) -> Option<u32> {
        let at = [key("registers"), Seg::Index(r), key("kind")];
        let kind = self.declared_kind(&register.kind, &at, &register.id, "register")?;
        let vocab = &self.framework.vocab;
        if vocab.kinds.get(kind as usize).is_some_and(|k| k.register) {
            return Some(kind);
        }
        let registered = vocab.kinds.iter().filter(|k| k.register);
        let message = format!(
            "`{}` is not a register kind: its records are documents, each given on its own",
            register.kind
        );
        let help = format!(
            "register kinds: {}",
            registered
                .map(|k| format!("`{}`", k.id))
                .collect::<Vec<_>>()
                .join(", ")
        );
        self.problem(&at, message, Some(help));
        None
    }

    /// The records of the register's kind dated within its period must number its count.
    /// `dated` holds the kind's records sorted by date, so each register costs a binary search,
    /// not a pass over the bundle.
    fn count_records(
        &mut self,
        r: usize,
        register: &Register,
        (from, to): (i32, i32),
        dated: &Dated,
    ) {
        let Some(info) = self.framework.vocab.kinds.get(dated.kind as usize) else {
            return;
        };
        let lo = dated.records.partition_point(|(d, _)| *d < from);
        let hi = dated.records.partition_point(|(d, _)| *d <= to);
        let inside = dated.records.get(lo..hi).unwrap_or_default();
        if inside.len() as u64 == register.record_count {
            return;
        }
        let ids: Vec<&String> = inside.iter().take(LISTED_IDS).map(|(_, id)| *id).collect();
        let listed = if inside.is_empty() {
            String::new()
        } else {
            format!(" ({})", listed(&ids, inside.len()))
        };
        let message = format!(
            "register `{}` states {} `{}` record(s) dated {} to {}, but the bundle gives {}{listed}",
            register.id,
            register.record_count,
            info.id,
            register.from,
            register.to,
            inside.len(),
        );
        let help = "give every record the register holds for its period, or correct the count";
        let at = [key("registers"), Seg::Index(r), key("record_count")];
        self.problem(&at, message, Some(help.into()));
    }

    /// The records of a register kind, sorted by date; a record without its date cannot be
    /// placed in any register's period, which is reported once, at the first register.
    fn dated<'i>(&mut self, r: usize, kind: u32, items: &'i [Item]) -> Dated<'i> {
        let mut dated = Dated {
            kind,
            records: Vec::new(),
        };
        let Some(info) = self.framework.vocab.kinds.get(kind as usize) else {
            return dated;
        };
        let Some(by) = info.dated_by else {
            return dated;
        };
        let mut undated = Vec::new();
        for item in items.iter().filter(|it| it.kind == kind) {
            match item.attrs.get(by as usize) {
                Some(Some(TVal::Date(d))) => dated.records.push((*d, &item.id)),
                _ => undated.push(&item.id),
            }
        }
        dated.records.sort_unstable();
        if !undated.is_empty() {
            let date_name = info.attrs.get(by as usize).map_or("?", |a| a.0.as_str());
            let message = format!(
                "{} `{}` record(s) without `{date_name}` cannot be placed in a register's period: {}",
                undated.len(),
                info.id,
                listed(undated.get(..LISTED_IDS).unwrap_or(&undated), undated.len())
            );
            let at = [key("registers"), Seg::Index(r), key("kind")];
            self.problem(&at, message, None);
        }
        dated
    }

    /// An empty register over a large volume shows that detection itself is not demonstrated.
    fn doubtful_empty(&mut self, register: &Register, kind: u32, bundle: &EvidenceBundle) {
        let vocab = &self.framework.vocab;
        let Some(info) = vocab.kinds.get(kind as usize) else {
            return;
        };
        let Some((fact, above)) = info.doubtful_empty else {
            return;
        };
        let Some((fact_name, _)) = vocab.facts.get(fact as usize) else {
            return;
        };
        let value = match bundle.subject.profile.get(fact_name) {
            Some(crate::model::Value::Integer(i)) => *i as f64,
            Some(crate::model::Value::Number(n)) => *n,
            _ => return,
        };
        if register.record_count == 0 && value > above {
            self.diagnostics.push(Diagnostic {
                kind: DiagnosticKind::DetectionNotDemonstrated,
                subject: Some(register.id.clone()),
                message: format!(
                    "register `{}` holds no `{}` record while `{fact_name}` is {value}: with that volume, an empty register suggests the control detects nothing rather than that nothing happened",
                    register.id, info.id
                ),
            });
        }
    }
}

/// The records of one register kind, sorted by date.
struct Dated<'i> {
    kind: u32,
    records: Vec<(i32, &'i String)>,
}

/// The ids in backticks, then how many more there are of `total`.
fn listed(ids: &[&String], total: usize) -> String {
    let mut out = ids
        .iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if total > ids.len() {
        out.push_str(&format!(" and {} more", total - ids.len()));
    }
    out
}
