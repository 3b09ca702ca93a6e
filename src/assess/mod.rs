//! The pure assessment: rule outcomes from prepared evidence, then scores.
//!
//! Nothing here reads a clock, a file or the environment, and nothing can fail: every input
//! problem was turned into an error or a diagnostic by [`Framework::prepare`].

use crate::condition::eval::{Ctx, Hit, Trace};
use crate::condition::explain::{push_reasons, reasons};
use crate::condition::{Node, Truth, day_number};
use crate::model::{Answer, Assurance, IsoDate};
use crate::prepare::PreparedEvidence;

mod coverage;

use crate::report::{
    Basis, Diagnostic, DiagnosticKind, EngineInfo, FrameworkInfo, Reason, Report, Status,
    SubjectInfo,
};
use crate::score;
use coverage::Coverage;

/// The outcome of one rule, before scoring.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    pub(crate) status: Status,
    pub(crate) basis: Basis,
    pub(crate) assurance: Option<Assurance>,
    pub(crate) explanation: Vec<Reason>,
    pub(crate) evidence: Vec<String>,
    pub(crate) excluded_because: Option<String>,
}

impl Outcome {
    fn new(status: Status, basis: Basis) -> Self {
        Outcome {
            status,
            basis,
            assurance: None,
            explanation: Vec::new(),
            evidence: Vec::new(),
            excluded_because: None,
        }
    }
}

impl PreparedEvidence<'_> {
    /// Assesses the evidence as of `as_of`: a pure, deterministic function.
    pub fn assess(&self, as_of: jiff::civil::Date) -> Report {
        let framework = self.framework;
        let period = self.period(as_of);
        let registers = self.covering_registers(period);
        let closed: Vec<bool> = registers.iter().map(Coverage::is_closed).collect();
        let ctx = Ctx {
            facts: &self.facts,
            items: &self.items,
            by_kind: &self.by_kind,
            as_of: day_number(as_of),
            closed: &closed,
            register_assurance: &registers
                .iter()
                .map(Coverage::assurance)
                .collect::<Vec<_>>(),
            sample_sizes: &framework.sample_sizes,
        };
        let mut diagnostics = self.diagnostics.clone();
        self.date_diagnostics(&ctx, &mut diagnostics);
        self.register_diagnostics(&closed, period, &mut diagnostics);
        let mut trace = Trace::default();
        let outcomes: Vec<Outcome> = (0..framework.rules.len())
            .map(|r| self.rule(r, &ctx, as_of, &mut trace, &mut diagnostics))
            .collect();
        diagnostics.sort();
        diagnostics.dedup();
        let (summary, elements, findings) = score::score(framework, outcomes);
        let meta = &framework.def.framework;
        Report {
            schema_version: crate::report::SCHEMA_VERSION,
            engine: EngineInfo {
                name: env!("CARGO_PKG_NAME").to_owned(),
                version: env!("CARGO_PKG_VERSION").to_owned(),
            },
            scoring: score::method(framework),
            framework: FrameworkInfo {
                id: meta.id.clone(),
                version: meta.version.to_string(),
                title: meta.title.clone(),
                authority: meta.authority.clone(),
                source: meta.source.title.clone(),
                published: meta.source.published,
                notice: meta.notice.clone(),
            },
            subject: SubjectInfo {
                name: self.subject_name.clone(),
                profile: self.profile.clone(),
            },
            as_of: IsoDate(as_of),
            period,
            summary,
            elements,
            findings,
            diagnostics,
        }
    }

    fn rule<'f>(
        &self,
        r: usize,
        ctx: &Ctx<'_>,
        as_of: jiff::civil::Date,
        trace: &mut Trace<'f>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Outcome
    where
        Self: 'f,
    {
        let framework: &'f crate::Framework = self.framework;
        let (Some(def), Some(rule)) = (framework.rule_def(r), framework.rules.get(r)) else {
            return Outcome::new(Status::Unknown, Basis::None);
        };
        let attestation = self.attestations.get(r).and_then(Option::as_ref);

        if let Some(waiver) = self.waivers.get(r).and_then(Option::as_ref) {
            match waiver.expires {
                Some(expires) if expires.date() < as_of => diagnostics.push(Diagnostic {
                    kind: DiagnosticKind::WaiverExpired,
                    subject: Some(def.id.clone()),
                    message: format!(
                        "the waiver of `{}` expired on {expires}; the rule was assessed",
                        def.id
                    ),
                }),
                _ => {
                    let mut out = Outcome::new(Status::Waived, Basis::Attestation);
                    let by = waiver
                        .approved_by
                        .as_deref()
                        .map(|b| format!(", approved by {b}"))
                        .unwrap_or_default();
                    let until = waiver
                        .expires
                        .map(|e| format!(", until {e}"))
                        .unwrap_or_default();
                    out.excluded_because = Some(format!("waived: {}{by}{until}", waiver.reason));
                    return out;
                }
            }
        }

        if let Some(cond) = &rule.applies_when {
            trace.clear();
            match ctx.explain(cond, None, true, trace) {
                Truth::False => {
                    let mut out = Outcome::new(Status::NotApplicable, Basis::Evidence);
                    out.explanation = reasons(&trace.hits, &framework.vocab, ctx);
                    out.excluded_because = Some(format!(
                        "not applicable: {}",
                        out.explanation.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join("; ")
                    ));
                    return out;
                }
                Truth::Unknown => diagnostics.push(Diagnostic {
                    kind: DiagnosticKind::ApplicabilityUnknown,
                    subject: Some(def.id.clone()),
                    message: format!(
                        "whether `{}` applies cannot be decided ({}); it was assessed as applicable",
                        def.id,
                        reasons(&trace.hits, &framework.vocab, ctx)
                            .iter()
                            .map(|r| r.text.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                }),
                Truth::True => {}
            }
        }

        // The company's word decides only rules without a check; where a check exists, only
        // the profile (`applies_when`) can take a rule out, never a self-declared answer.
        if rule.check.is_none()
            && let Some(att) = attestation
            && att.answer == Answer::NotApplicable
        {
            let mut out = Outcome::new(Status::NotApplicable, Basis::Attestation);
            let reason = att.reason.clone().unwrap_or_default();
            out.explanation.push(Reason {
                outcome: Truth::False,
                evidence: None,
                text: format!("the company states the rule does not apply: {reason}"),
            });
            out.evidence = att.evidence.clone();
            out.excluded_because = Some(format!("not applicable (attested): {reason}"));
            return out;
        }

        match &rule.check {
            Some(check) => {
                if attestation.is_some() {
                    diagnostics.push(Diagnostic {
                        kind: DiagnosticKind::AttestationIgnored,
                        subject: Some(def.id.clone()),
                        message: format!(
                            "`{}` is decided by its check; the attestation was not used",
                            def.id
                        ),
                    });
                }
                self.checked(check, rule.partial.as_ref(), ctx, trace)
            }
            None => attested(attestation, def.min_assurance),
        }
    }

    fn checked<'f>(
        &self,
        check: &'f Node,
        partial: Option<&'f Node>,
        ctx: &Ctx<'_>,
        trace: &mut Trace<'f>,
    ) -> Outcome {
        let vocab = &self.framework.vocab;
        trace.clear();
        let truth = ctx.explain(check, None, true, trace);
        let mut status = match truth {
            Truth::True => Status::Met,
            Truth::Unknown => Status::Unknown,
            Truth::False => Status::NotMet,
        };
        let mut explanation = reasons(&trace.hits, vocab, ctx);
        let mut evidence = Vec::new();
        evidence_items(&trace.hits, &mut evidence);
        let mut assurance = (status == Status::Met).then(|| support(&trace.hits, ctx));
        // Partial credit is earned whenever the weaker condition holds and the full one is not
        // known to hold. This keeps credit monotone: learning a missing value, or adding
        // evidence to a condition without `not`, never takes credit away.
        if truth != Truth::True
            && let Some(partial) = partial
        {
            trace.clear();
            let partial_truth = ctx.explain(partial, None, true, trace);
            push_reasons(
                &mut explanation,
                &trace.hits,
                vocab,
                ctx,
                "partial credit: ",
            );
            evidence_items(&trace.hits, &mut evidence);
            if partial_truth == Truth::True {
                status = Status::PartiallyMet;
                assurance = Some(support(&trace.hits, ctx));
            }
        }
        Outcome {
            status,
            basis: Basis::Evidence,
            assurance,
            explanation,
            evidence: evidence
                .iter()
                .filter_map(|i| ctx.items.get(*i as usize).map(|it| it.id.clone()))
                .collect(),
            excluded_because: None,
        }
    }
}

/// The outcome of a rule answered by attestation.
fn attested(
    attestation: Option<&crate::prepare::PreparedAttestation>,
    min_assurance: Option<Assurance>,
) -> Outcome {
    let Some(att) = attestation else {
        let mut out = Outcome::new(Status::Unknown, Basis::None);
        out.explanation.push(Reason {
            outcome: Truth::Unknown,
            evidence: None,
            text: "no check applies and the company gave no answer to this rule".into(),
        });
        return out;
    };
    let (status, word) = match att.answer {
        Answer::Yes => (Status::Met, "yes"),
        Answer::Partial => (Status::PartiallyMet, "partial"),
        Answer::No => (Status::NotMet, "no"),
        Answer::NotApplicable => (Status::NotApplicable, "not applicable"),
    };
    let mut out = Outcome::new(status, Basis::Attestation);
    out.evidence = att.evidence.clone();
    let cited = if att.evidence.is_empty() {
        "citing no evidence".to_owned()
    } else {
        format!(
            "citing {} (lowest assurance `{}`)",
            att.evidence.join(", "),
            att.assurance.as_str()
        )
    };
    let note = att
        .note
        .as_deref()
        .map(|n| format!(": {n}"))
        .unwrap_or_default();
    out.explanation.push(Reason {
        outcome: match status {
            Status::Met => Truth::True,
            Status::NotMet => Truth::False,
            _ => Truth::Unknown,
        },
        evidence: None,
        text: format!("the company answers `{word}`, {cited}{note}"),
    });
    if let Some(min) = min_assurance
        && att.assurance < min
        && matches!(status, Status::Met | Status::PartiallyMet)
    {
        out.status = Status::Unknown;
        out.explanation.push(Reason {
            outcome: Truth::Unknown,
            evidence: None,
            text: format!(
                "the answer rests on `{}` evidence; this rule requires `{}` or better",
                att.assurance.as_str(),
                min.as_str()
            ),
        });
        return out;
    }
    if matches!(out.status, Status::Met | Status::PartiallyMet) {
        out.assurance = Some(att.assurance);
    }
    out
}

/// The lowest assurance among the evidence that supports a result: the items that positively
/// support it, and the registers whose completeness makes the absence of adverse records count.
/// The company's own word when nothing does (the result rests on profile facts, or on the
/// absence of records no register vouches for).
fn support(hits: &[Hit<'_>], ctx: &Ctx<'_>) -> Assurance {
    let mut lowest: Option<Assurance> = None;
    let mut take = |a: Option<Assurance>| {
        if let Some(a) = a {
            lowest = Some(lowest.map_or(a, |l| l.min(a)));
        }
    };
    for hit in hits {
        let Hit::Scan {
            node,
            truth,
            scan,
            positive,
        } = hit
        else {
            continue;
        };
        let register = match node {
            Node::Exists(sel) | Node::Count(sel, ..) | Node::Ratio(sel, ..) => ctx
                .register_assurance
                .get(sel.kind as usize)
                .copied()
                .flatten(),
            _ => None,
        };
        match (truth, positive, node) {
            (Truth::True, true, Node::Exists(_)) => take(
                scan.witness
                    .and_then(|w| ctx.items.get(w as usize))
                    .map(|it| it.assurance),
            ),
            (Truth::True, true, _) => {
                take(scan.weakest);
                take(register);
            }
            // An adverse record rightly absent: the register vouches for the absence.
            (Truth::False, false, _) => take(register),
            _ => {}
        }
    }
    lowest.unwrap_or(Assurance::SelfDeclared)
}

/// Appends the items the hits mention that `items` does not hold yet, in order of first
/// mention. Items are compared by index: evidence ids are unique, so this is the order of ids.
fn evidence_items(hits: &[Hit<'_>], items: &mut Vec<u32>) {
    let mut push = |i: u32| {
        if !items.contains(&i) {
            items.push(i);
        }
    };
    for hit in hits {
        match hit {
            Hit::Test { item: Some(i), .. } => push(*i),
            Hit::Test { .. } => {}
            Hit::Scan { scan, .. } => {
                scan.witness
                    .into_iter()
                    .chain(scan.examples.as_slice().iter().copied())
                    .for_each(&mut push);
            }
        }
    }
}
