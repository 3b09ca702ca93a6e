//! The Markdown rendering of a report, for people.

use std::fmt::Write as _;

use super::{Basis, Finding, FiredBy, Gate, GateKind, Report, Status, Truth};
use crate::model::Dimension;

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    // INVARIANT: writing to a String cannot fail; the results are ignored for that reason.
    let _ = write_report(report, &mut out);
    out
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Met => "met",
        Status::PartiallyMet => "partially met",
        Status::NotMet => "not met",
        Status::Unknown => "unknown",
        Status::NotApplicable => "not applicable",
        Status::Waived => "waived",
    }
}

fn basis_word(basis: Basis) -> &'static str {
    match basis {
        Basis::Evidence => "evidence",
        Basis::Attestation => "attestation",
        Basis::None => "none",
    }
}

fn mark(t: Truth) -> &'static str {
    match t {
        Truth::True => "✔",
        Truth::False => "✘",
        Truth::Unknown => "?",
    }
}

/// Escapes the characters that would break a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn write_report(r: &Report, out: &mut String) -> std::fmt::Result {
    write_header(r, out)?;
    write_material_weaknesses(r, out)?;
    write_summary(r, out)?;
    write_elements(r, out)?;
    write_rest(r, out)
}

fn write_header(r: &Report, out: &mut String) -> std::fmt::Result {
    writeln!(out, "# ICP assessment: {}", r.subject.name)?;
    writeln!(out)?;
    writeln!(
        out,
        "Framework: **{}** (`{}` {}), {}. Source: {} ({}).",
        r.framework.title,
        r.framework.id,
        r.framework.version,
        r.framework.authority,
        r.framework.source,
        r.framework.published
    )?;
    writeln!(
        out,
        "As of: {}; period assessed: {} to {}. Engine: {} {}.",
        r.as_of, r.period.from, r.period.to, r.engine.name, r.engine.version
    )?;
    if let Some(notice) = &r.framework.notice {
        writeln!(out)?;
        writeln!(out, "> {}", notice.trim())?;
    }
    writeln!(out)
}

/// Material weaknesses come before anything else: each is a failure in practice.
fn write_material_weaknesses(r: &Report, out: &mut String) -> std::fmt::Result {
    let weaknesses: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.material && f.status == Status::NotMet)
        .collect();
    if weaknesses.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Material weaknesses")?;
    writeln!(out)?;
    writeln!(
        out,
        "Each is a failure of the program in practice. Each caps its element and the overall rating at the lowest band until a corrective action is verified effective."
    )?;
    writeln!(out)?;
    for f in weaknesses {
        writeln!(out, "- **`{}` {}** ({})", f.rule, f.title, f.element)?;
        let failing = f
            .explanation
            .iter()
            .filter(|x| x.outcome == Truth::False && !x.text.starts_with("partial credit: "));
        for reason in failing {
            writeln!(out, "  - {}", reason.text)?;
        }
    }
    writeln!(out)
}

fn gate_line(gate: &Gate) -> String {
    let cause = match (gate.kind, gate.fired_by) {
        (GateKind::MaterialWeakness, FiredBy::Failure) => "material weakness",
        (GateKind::MaterialWeakness, FiredBy::Unknown) => {
            "possible material weakness, not ruled out by the evidence"
        }
        (GateKind::CriticalRule, FiredBy::Failure) => "critical rule failed",
        (GateKind::CriticalRule, FiredBy::Unknown) => "critical rule not demonstrated (unknown)",
        (GateKind::OperationNotDemonstrated, FiredBy::Failure) => "operation not demonstrated",
        (GateKind::OperationNotDemonstrated, FiredBy::Unknown) => {
            "operation not demonstrated (unknown)"
        }
    };
    let rule = gate
        .rule
        .as_deref()
        .map(|r| format!("`{r}` "))
        .unwrap_or_default();
    let rules = if gate.rules.is_empty() {
        String::new()
    } else {
        format!(
            " ({})",
            gate.rules
                .iter()
                .map(|r| format!("`{r}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    format!(
        "{cause}: {rule}{}{rules} → capped at `{}`",
        gate.title, gate.capped_at
    )
}

fn write_summary(r: &Report, out: &mut String) -> std::fmt::Result {
    writeln!(out, "## Summary")?;
    writeln!(out)?;
    let s = &r.summary;
    let provisional = if s.provisional {
        " (provisional: deciding the unknown rules could change it)"
    } else {
        ""
    };
    writeln!(out, "- Rating: **{}**{provisional}", s.rating.label)?;
    if s.rating != s.score_rating {
        writeln!(
            out,
            "  - the score alone would rate {}; capped by:",
            s.score_rating.label
        )?;
    }
    for gate in &s.gates {
        writeln!(out, "  - {}", gate_line(gate))?;
    }
    writeln!(
        out,
        "- Overall score: **{:.2} / 100** (between {:.2} with every unknown rule failed and {:.2} with every unknown rule met)",
        s.score, s.score_interval.low, s.score_interval.high
    )?;
    let dims: Vec<String> = s
        .dimensions
        .iter()
        .map(|d| {
            let score = d.score.map_or("—".to_owned(), |x| format!("{x:.2}"));
            let unknown = if d.unknown > 0 {
                format!(" ({} unknown)", d.unknown)
            } else {
                String::new()
            };
            format!("{} {score}{unknown}", d.dimension.as_str())
        })
        .collect();
    writeln!(out, "- Score by dimension: {}", dims.join(", "))?;
    let c = &s.counts;
    writeln!(
        out,
        "- Rules: {} met, {} partially met, {} not met, {} unknown, {} not applicable, {} waived",
        c.met, c.partially_met, c.not_met, c.unknown, c.not_applicable, c.waived
    )?;
    let shares: Vec<String> = s
        .assurance
        .iter()
        .map(|a| {
            format!(
                "{} {:.2} pts ({:.0}%)",
                a.level.as_str(),
                a.points,
                a.share * 100.0
            )
        })
        .collect();
    writeln!(out, "- Score by assurance: {}", shares.join(", "))?;
    writeln!(out)
}

fn write_elements(r: &Report, out: &mut String) -> std::fmt::Result {
    writeln!(out, "## Elements")?;
    writeln!(out)?;
    writeln!(
        out,
        "| Element | Weight | Score | Rating | Design | Resourcing | Operation | Credit / weight | Met | Partial | Not met | Unknown | Excluded |"
    )?;
    writeln!(
        out,
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    )?;
    for e in &r.elements {
        let dim = |d: Dimension| {
            e.dimensions
                .iter()
                .find(|x| x.dimension == d)
                .and_then(|x| x.score)
                .map_or("—".to_owned(), |x| format!("{x:.0}"))
        };
        let rating = match &e.rating {
            None => "—".to_owned(),
            Some(b) if e.gates.is_empty() => b.label.clone(),
            Some(b) => format!(
                "{} (capped: {})",
                b.label,
                e.gates
                    .iter()
                    .map(|g| g
                        .rule
                        .clone()
                        .unwrap_or_else(|| "operation not demonstrated".into()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {:.2} / {} | {} | {} | {} | {} | {} |",
            cell(&e.title),
            e.weight,
            e.score.map_or("—".to_owned(), |s| format!("{s:.2}")),
            cell(&rating),
            dim(Dimension::Design),
            dim(Dimension::Resourcing),
            dim(Dimension::Operation),
            e.numerator,
            e.denominator,
            e.counts.met,
            e.counts.partially_met,
            e.counts.not_met,
            e.counts.unknown,
            e.excluded.join(", ")
        )?;
    }
    writeln!(out)
}

fn write_rest(r: &Report, out: &mut String) -> std::fmt::Result {
    let gaps = r.gaps();
    writeln!(out, "## Gaps, ranked by what fixing them is worth")?;
    writeln!(out)?;
    if gaps.is_empty() {
        writeln!(out, "No gaps.")?;
    } else {
        writeln!(out, "| # | Gain (pts) | Rule | Severity | Status | Title |")?;
        writeln!(out, "|---:|---:|---|---|---|---|")?;
        for (i, f) in gaps.iter().enumerate() {
            writeln!(
                out,
                "| {} | +{:.2} | `{}` | {} | {} | {} |",
                i + 1,
                f.gain.unwrap_or(0.0),
                f.rule,
                f.severity.as_str(),
                status_word(f.status),
                cell(&f.title)
            )?;
        }
    }
    writeln!(out)?;

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
                .map(|a| format!(", assurance {}", a.as_str()))
                .unwrap_or_default();
            let material = if f.material { ", material" } else { "" };
            writeln!(
                out,
                "Tests {}; severity {}{material}, weight {}, credit {}, basis {}{assurance}.",
                f.dimension.as_str(),
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

    if !r.diagnostics.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Diagnostics")?;
        writeln!(out)?;
        for d in &r.diagnostics {
            writeln!(out, "- {}", d.message)?;
        }
    }
    Ok(())
}
