//! What the assessment knows about its inputs: the assessed period, which register kinds are
//! covered by a register, and diagnostics about dates and registers.

use crate::condition::eval::Ctx;
use crate::condition::explain::show;
use crate::condition::{TVal, day_number};
use crate::model::{Assurance, IsoDate, Period};
use crate::prepare::PreparedEvidence;
use crate::report::{Diagnostic, DiagnosticKind};

impl PreparedEvidence<'_> {
    /// The assessed period: the bundle's, else the 365 days ending on the as-of date.
    pub(super) fn period(&self, as_of: jiff::civil::Date) -> Period {
        self.period.unwrap_or_else(|| {
            let from = as_of.saturating_sub(jiff::Span::new().days(364));
            Period::new(IsoDate(from), IsoDate(as_of))
        })
    }

    /// Per kind: whether every record of it is known to be in the bundle, and on whose word.
    pub(super) fn covering_registers(&self, period: Period) -> Vec<Coverage> {
        let (from, to) = (day_number(period.from.0), day_number(period.to.0));
        self.framework
            .vocab
            .kinds
            .iter()
            .enumerate()
            .map(|(k, kind)| {
                if !kind.register {
                    return Coverage::NotRegister;
                }
                // A register must reach back over the kind's look-back, not only the period.
                let back = kind.look_back_days.map_or(from, |days| {
                    from.min(to.saturating_sub(i32::try_from(days).unwrap_or(i32::MAX)))
                });
                self.register_spans
                    .get(k)
                    .into_iter()
                    .flatten()
                    .filter(|&&(a, b, _)| a <= back && b >= to)
                    .map(|&(_, _, assurance)| assurance)
                    .max()
                    .map_or(Coverage::Open, Coverage::Covered)
            })
            .collect()
    }

    pub(super) fn register_diagnostics(
        &self,
        closed: &[bool],
        period: Period,
        out: &mut Vec<Diagnostic>,
    ) {
        for (kind, is_closed) in self.framework.vocab.kinds.iter().zip(closed) {
            if *is_closed {
                continue;
            }
            out.push(Diagnostic {
                kind: DiagnosticKind::RegisterMissing,
                subject: Some(kind.id.clone()),
                message: format!(
                    "no register of `{}` covers the assessed period {} to {}{}: the absence of such records shows nothing, and rules that look for them are unknown",
                    kind.id,
                    period.from,
                    period.to,
                    kind.look_back_days
                        .map(|d| format!(" and the {d} days before its end"))
                        .unwrap_or_default()
                ),
            });
        }
    }

    pub(super) fn date_diagnostics(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        for item in &self.items {
            let Some(kind) = self.framework.vocab.kinds.get(item.kind as usize) else {
                continue;
            };
            let Some(attr) = kind.dated_by else { continue };
            let Some(Some(TVal::Date(day))) = item.attrs.get(attr as usize) else {
                continue;
            };
            let attr_name = kind.attrs.get(attr as usize).map_or("?", |a| a.0.as_str());
            if *day > ctx.as_of {
                out.push(Diagnostic {
                    kind: DiagnosticKind::FutureDated,
                    subject: Some(item.id.clone()),
                    message: format!(
                        "`{}` {} has `{attr_name}` {}, after the as-of date",
                        kind.id,
                        item.id,
                        show(&TVal::Date(*day))
                    ),
                });
            } else if let Some(fresh) = kind.fresh_for_days
                && i64::from(ctx.as_of) - i64::from(*day) > i64::from(fresh)
            {
                out.push(Diagnostic {
                    kind: DiagnosticKind::StaleEvidence,
                    subject: Some(item.id.clone()),
                    message: format!(
                        "`{}` {} has `{attr_name}` {}, more than {fresh} days before the as-of date",
                        kind.id,
                        item.id,
                        show(&TVal::Date(*day))
                    ),
                });
            }
        }
    }
}

/// Whether the records of a kind are all known.
#[derive(Debug, Clone, Copy)]
pub(super) enum Coverage {
    /// Not a register kind: the bundle holds what the company has.
    NotRegister,
    /// A register covers the assessed period; the highest assurance of those that do.
    Covered(Assurance),
    /// A register kind with no register over the period: absence proves nothing.
    Open,
}

impl Coverage {
    pub(super) fn is_closed(&self) -> bool {
        !matches!(self, Coverage::Open)
    }

    pub(super) fn assurance(&self) -> Option<Assurance> {
        match self {
            Coverage::Covered(a) => Some(*a),
            _ => None,
        }
    }
}
