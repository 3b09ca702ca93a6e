//! The Markdown rendering of a report, for people.
//!
//! The first screen answers the reader's questions in order: what is the rating, what caps it,
//! and what would lift it one band. Material weaknesses follow, then the elements, then every
//! gap ranked by what fixing it is worth, with its remediation. Met, not applicable and waived
//! rules fold into compact tables. The full trace of every finding (each deciding value) is
//! rendered only on request ([`MarkdownOptions::detail`]).

mod detail;
mod lists;
mod words;

use std::fmt::Write as _;

use super::{Finding, Report, Status, Truth};
use words::{band_label, element_title, gate_words, rule_link, status_word};

/// How [`Report::to_markdown_with`](super::Report::to_markdown_with) renders a report.
///
/// ```
/// use icp_assess::report::MarkdownOptions;
/// let options = MarkdownOptions::default().detail(true);
/// assert!(options.detail);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MarkdownOptions {
    /// Append the full trace of every finding: each deciding value, its expectation, the
    /// evidence it came from, the rule's question and references.
    pub detail: bool,
}

impl MarkdownOptions {
    /// Sets [`MarkdownOptions::detail`].
    pub fn detail(mut self, detail: bool) -> Self {
        self.detail = detail;
        self
    }
}

pub(super) fn render(report: &Report, options: MarkdownOptions) -> String {
    let mut out = String::new();
    // INVARIANT: writing to a String cannot fail; the results are ignored for that reason.
    let _ = write_report(report, options, &mut out);
    out
}

/// Escapes the characters that would break a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn write_report(r: &Report, options: MarkdownOptions, out: &mut String) -> std::fmt::Result {
    write_header(r, out)?;
    write_verdict(r, out)?;
    write_material_weaknesses(r, out)?;
    lists::write_elements(r, out)?;
    lists::write_gaps(r, out)?;
    lists::write_met_and_excluded(r, out)?;
    lists::write_diagnostics(r, out)?;
    if options.detail {
        detail::write_findings(r, out)?;
    }
    write_notice(r, out)
}

fn write_header(r: &Report, out: &mut String) -> std::fmt::Result {
    writeln!(out, "# ICP assessment: {}", r.subject.name)?;
    writeln!(out)?;
    writeln!(
        out,
        "Against **{}** (`{}` {}, {}), as of {}, for the period {} to {}.",
        r.framework.title,
        r.framework.id,
        r.framework.version,
        r.framework.authority,
        r.as_of,
        r.period.from,
        r.period.to
    )?;
    writeln!(out)
}

/// The rating, what caps it and the path to the next band: the first screen.
fn write_verdict(r: &Report, out: &mut String) -> std::fmt::Result {
    let s = &r.summary;
    writeln!(out, "## Verdict: {}", s.rating.label)?;
    writeln!(out)?;
    let interval = if s.score_interval.high > s.score_interval.low {
        format!(
            " (up to {:.2} if every undecided rule were met)",
            s.score_interval.high
        )
    } else {
        String::new()
    };
    writeln!(
        out,
        "Score **{:.2} / 100**{interval}; the score alone would rate it {}.",
        s.score, s.score_rating.label
    )?;
    if s.provisional {
        writeln!(
            out,
            "The rating is **provisional**: it rests on rules the evidence cannot decide."
        )?;
    }
    writeln!(out)?;
    if !s.gates.is_empty() {
        writeln!(
            out,
            "Gates, each holding the rating at or below the band it names:"
        )?;
        writeln!(out)?;
        for gate in &s.gates {
            writeln!(out, "- {}", gate_words(r, gate))?;
        }
        writeln!(out)?;
    }
    write_next_band(r, out)?;
    write_dimensions(r, out)
}

fn write_next_band(r: &Report, out: &mut String) -> std::fmt::Result {
    let Some(next) = &r.summary.next_band else {
        return Ok(());
    };
    writeln!(
        out,
        "**To reach {}** (score {:.0} or more, no gate below it), meet these {} rule(s); the score would then be {:.2}:",
        next.band.label,
        next.min_score,
        next.rules.len(),
        next.score_after
    )?;
    writeln!(out)?;
    for (i, step) in next.rules.iter().enumerate() {
        let Some(f) = r.findings.iter().find(|f| f.rule == step.rule) else {
            continue;
        };
        let why = match step.gate {
            Some(kind) => words::gate_kind_word(kind),
            None => "for the score",
        };
        writeln!(
            out,
            "{}. {} ({}, {why}, +{:.2})",
            i + 1,
            rule_link(f),
            status_word(f.status),
            step.gain
        )?;
    }
    writeln!(out)
}

fn write_dimensions(r: &Report, out: &mut String) -> std::fmt::Result {
    let s = &r.summary;
    let dims: Vec<String> = s
        .dimensions
        .iter()
        .map(|d| {
            let score = d.score.map_or("—".to_owned(), |x| format!("{x:.0}"));
            format!("{} {score}", words::dimension_word(d.dimension))
        })
        .collect();
    let shares: Vec<String> = s
        .assurance
        .iter()
        .filter(|a| a.points > 0.0)
        .map(|a| format!("{:.0}% {}", a.share * 100.0, words::assurance_word(a.level)))
        .collect();
    let c = &s.counts;
    writeln!(
        out,
        "By dimension: {}. The score rests on: {}. Rules: {} met, {} partially met, {} not met, {} undecided, {} not applicable, {} waived.",
        dims.join(", "),
        if shares.is_empty() {
            "nothing".to_owned()
        } else {
            shares.join(", ")
        },
        c.met,
        c.partially_met,
        c.not_met,
        c.unknown,
        c.not_applicable,
        c.waived
    )?;
    writeln!(out)
}

/// Material weaknesses come right after the verdict: each is a failure in practice.
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
        "Failures in practice. Each holds its element and the program at {} until its corrective action is verified effective.",
        r.summary
            .gates
            .iter()
            .find(|g| g.kind == super::GateKind::MaterialWeakness)
            .map_or("the lowest band".to_owned(), |g| band_label(
                r,
                &g.capped_at
            ))
    )?;
    writeln!(out)?;
    for f in weaknesses {
        let records = failing_records(f);
        let shown_by = if records.is_empty() {
            String::new()
        } else {
            format!(" Shown by {}.", records.join(", "))
        };
        writeln!(
            out,
            "- {} ({}).{shown_by}",
            rule_link(f),
            element_title(r, &f.element)
        )?;
        if let Some(fix) = &f.remediation {
            writeln!(out, "  To do: {}", fix.trim())?;
        }
    }
    writeln!(out)
}

/// The evidence items the finding's failing steps name, in the order they are named.
fn failing_records(f: &Finding) -> Vec<&str> {
    let mut records: Vec<&str> = Vec::new();
    let failing = f.explanation.iter().filter(|x| x.outcome == Truth::False);
    for id in failing.filter_map(|x| x.evidence.as_deref()) {
        if !records.contains(&id) {
            records.push(id);
        }
    }
    records
}

fn write_notice(r: &Report, out: &mut String) -> std::fmt::Result {
    writeln!(out, "---")?;
    writeln!(out)?;
    if let Some(notice) = &r.framework.notice {
        writeln!(out, "*{}*", notice.trim())?;
        writeln!(out)?;
    }
    writeln!(
        out,
        "Source: {} ({}). Made by {} {}; scoring method {} v{}. Render with `--detail` (or `MarkdownOptions::detail`) for every deciding value.",
        r.framework.source,
        r.framework.published,
        r.engine.name,
        r.engine.version,
        r.scoring.method,
        r.scoring.version
    )
}
