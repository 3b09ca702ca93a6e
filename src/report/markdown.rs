//! The Markdown rendering of a report, for people.

use std::fmt::Write as _;

use super::{Basis, Report, Status, Truth};

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
        "As of: {}. Engine: {} {}.",
        r.as_of, r.engine.name, r.engine.version
    )?;
    if let Some(notice) = &r.framework.notice {
        writeln!(out)?;
        writeln!(out, "> {}", notice.trim())?;
    }
    writeln!(out)?;
    writeln!(out, "## Summary")?;
    writeln!(out)?;
    let s = &r.summary;
    writeln!(out, "- Overall score: **{:.2} / 100**", s.score)?;
    if s.rating == s.score_rating {
        writeln!(out, "- Rating: **{}**", s.rating.label)?;
    } else {
        writeln!(
            out,
            "- Rating: **{}** (the score alone would rate {}; capped by {} critical rule(s))",
            s.rating.label,
            s.score_rating.label,
            s.gates.len()
        )?;
    }
    for gate in &s.gates {
        writeln!(
            out,
            "  - gate: `{}` {} is {} → capped at `{}`",
            gate.rule,
            gate.title,
            status_word(gate.status),
            gate.capped_at
        )?;
    }
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
    writeln!(out)?;

    writeln!(out, "## Elements")?;
    writeln!(out)?;
    writeln!(
        out,
        "| Element | Weight | Score | Rating | Credit / weight | Met | Partial | Not met | Unknown | N/A | Excluded |"
    )?;
    writeln!(out, "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|")?;
    for e in &r.elements {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} / {} | {} | {} | {} | {} | {} | {} |",
            cell(&e.title),
            e.weight,
            e.score.map_or("—".to_owned(), |s| format!("{s:.2}")),
            e.rating.as_ref().map_or("—", |b| b.label.as_str()),
            e.numerator,
            e.denominator,
            e.counts.met,
            e.counts.partially_met,
            e.counts.not_met,
            e.counts.unknown,
            e.counts.not_applicable + e.counts.waived,
            e.excluded.join(", ")
        )?;
    }
    writeln!(out)?;

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
            writeln!(
                out,
                "Severity {}, weight {}, credit {}, basis {}{assurance}.",
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
