//! The full trace of every finding, rendered on request: each deciding value with its
//! expectation, the rule's question, basis, assurance, remediation and references.

use std::fmt::Write as _;

use super::words::{assurance_word, dimension_word, status_word};
use crate::report::{Basis, Report, Truth};

fn basis_word(basis: Basis) -> &'static str {
    match basis {
        Basis::Evidence => "evidence",
        Basis::Attestation => "the company's answer",
        Basis::None => "nothing",
    }
}

fn mark(t: Truth) -> &'static str {
    match t {
        Truth::True => "✔",
        Truth::False => "✘",
        Truth::Unknown => "?",
    }
}

pub(super) fn write_findings(r: &Report, out: &mut String) -> std::fmt::Result {
    writeln!(out, "## Findings")?;
    for e in &r.elements {
        writeln!(out)?;
        writeln!(out, "### {}", e.title)?;
        for f in r.findings.iter().filter(|f| f.element == e.id) {
            writeln!(out)?;
            writeln!(
                out,
                "#### `{}` {} — {}",
                f.rule,
                f.title,
                status_word(f.status).to_uppercase()
            )?;
            writeln!(out)?;
            if let Some(q) = &f.question {
                writeln!(out, "*{}*", q.trim())?;
                writeln!(out)?;
            }
            let assurance = f
                .assurance
                .map(|a| format!(", resting on {}", assurance_word(a)))
                .unwrap_or_default();
            let material = if f.material { ", material" } else { "" };
            writeln!(
                out,
                "Tests {}; severity {}{material}, weight {}, credit {}, decided by {}{assurance}.",
                dimension_word(f.dimension),
                f.severity.as_str(),
                f.weight,
                f.credit,
                basis_word(f.basis)
            )?;
            if let Some(why) = &f.excluded_because {
                writeln!(out, "Excluded: {why}.")?;
            }
            for reason in &f.explanation {
                writeln!(out, "- {} {}", mark(reason.outcome), reason.text)?;
            }
            if f.gain.is_some()
                && let Some(fix) = &f.remediation
            {
                writeln!(out)?;
                writeln!(out, "Remediation: {}", fix.trim())?;
            }
            if !f.references.is_empty() {
                writeln!(out)?;
                writeln!(out, "References: {}", f.references.join("; "))?;
            }
        }
    }

    writeln!(out)
}
