//! The tables after the verdict: elements, gaps with their remediation, folded met and excluded
//! rules, and diagnostics.

use std::fmt::Write as _;

use super::cell;
use super::words::{assurance_word, dimension_word, gate_kind_word, status_word};
use crate::model::Dimension;
use crate::report::{Finding, Report, Status};

/// How many diagnostics are listed before the rest are only counted.
const DIAGNOSTICS_SHOWN: usize = 10;

pub(super) fn write_elements(r: &Report, out: &mut String) -> std::fmt::Result {
    writeln!(out, "## Elements")?;
    writeln!(out)?;
    writeln!(
        out,
        "| Element | Score | Rating | Design | Resourcing | Operation | Met / partial / not met / undecided |"
    )?;
    writeln!(out, "|---|---:|---|---:|---:|---:|---|")?;
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
            Some(b) if e.rating == e.score_rating => b.label.clone(),
            Some(b) => {
                // Only the gates that hold the rating where it is.
                let mut held: Vec<&str> = e
                    .gates
                    .iter()
                    .filter(|g| g.capped_at == b.id)
                    .map(|g| gate_kind_word(g.kind))
                    .collect();
                held.dedup();
                format!("{} (held by {})", b.label, held.join(", "))
            }
        };
        let c = &e.counts;
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} / {} / {} / {} |",
            cell(&e.title),
            e.score.map_or("—".to_owned(), |s| format!("{s:.1}")),
            cell(&rating),
            dim(Dimension::Design),
            dim(Dimension::Resourcing),
            dim(Dimension::Operation),
            c.met,
            c.partially_met,
            c.not_met,
            c.unknown
        )?;
    }
    writeln!(out)
}

pub(super) fn write_gaps(r: &Report, out: &mut String) -> std::fmt::Result {
    let gaps = r.gaps();
    writeln!(out, "## Gaps, ranked by what fixing them is worth")?;
    writeln!(out)?;
    if gaps.is_empty() {
        writeln!(out, "No gaps: every applicable rule is met.")?;
        return writeln!(out);
    }
    writeln!(out, "| # | Rule | Status | Gain | What to do |")?;
    writeln!(out, "|---:|---|---|---:|---|")?;
    for (i, f) in gaps.iter().enumerate() {
        let flag = match (f.material, f.severity.as_str()) {
            (true, _) => " (material)",
            (false, "critical") => " (critical)",
            _ => "",
        };
        writeln!(
            out,
            "| {} | {} `{}`{flag} | {} | +{:.2} | {} |",
            i + 1,
            cell(f.title.trim()),
            f.rule,
            status_word(f.status),
            f.gain.unwrap_or(0.0),
            cell(f.remediation.as_deref().unwrap_or("—").trim())
        )?;
    }
    writeln!(out)
}

/// Met rules, then not applicable and waived ones, each folded into a compact table.
pub(super) fn write_met_and_excluded(r: &Report, out: &mut String) -> std::fmt::Result {
    let met: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.status == Status::Met)
        .collect();
    if !met.is_empty() {
        writeln!(out, "<details><summary>{} rule(s) met</summary>", met.len())?;
        writeln!(out)?;
        writeln!(out, "| Rule | Tests | Resting on |")?;
        writeln!(out, "|---|---|---|")?;
        for f in met {
            writeln!(
                out,
                "| {} `{}` | {} | {} |",
                cell(f.title.trim()),
                f.rule,
                dimension_word(f.dimension),
                f.assurance.map_or("—", assurance_word)
            )?;
        }
        writeln!(out)?;
        writeln!(out, "</details>")?;
        writeln!(out)?;
    }
    let excluded: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| matches!(f.status, Status::NotApplicable | Status::Waived))
        .collect();
    if excluded.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<details><summary>{} rule(s) not applicable or waived</summary>",
        excluded.len()
    )?;
    writeln!(out)?;
    writeln!(out, "| Rule | Status | Why |")?;
    writeln!(out, "|---|---|---|")?;
    for f in excluded {
        writeln!(
            out,
            "| {} `{}` | {} | {} |",
            cell(f.title.trim()),
            f.rule,
            status_word(f.status),
            cell(
                f.excluded_because
                    .as_deref()
                    .map_or("", |why| why.trim_start_matches("not applicable: "))
            )
        )?;
    }
    writeln!(out)?;
    writeln!(out, "</details>")?;
    writeln!(out)
}

pub(super) fn write_diagnostics(r: &Report, out: &mut String) -> std::fmt::Result {
    if r.diagnostics.is_empty() {
        return Ok(());
    }
    writeln!(out, "## Notes on the evidence")?;
    writeln!(out)?;
    for d in r.diagnostics.iter().take(DIAGNOSTICS_SHOWN) {
        writeln!(out, "- {}", d.message)?;
    }
    let more = r.diagnostics.len().saturating_sub(DIAGNOSTICS_SHOWN);
    if more > 0 {
        writeln!(
            out,
            "- … and {more} more (all are in the JSON report, under `diagnostics`)"
        )?;
    }
    writeln!(out)
}
