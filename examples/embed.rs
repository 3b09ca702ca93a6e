//! Embedding icp-assess in another program: load a framework and a bundle, assess, and walk the
//! findings to build a remediation plan.
//!
//! A GRC tool or a CI job over a compliance repository would do the same: the report is plain
//! data, so it can be filtered, stored or serialized as the host program needs.
//!
//! ```text
//! cargo run --example embed
//! ```

use std::collections::BTreeMap;

use icp_assess::model::Assurance;
use icp_assess::report::Basis;
use icp_assess::{EvidenceBundle, Framework, Status};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let framework = Framework::bundled("eu-2019-1318")?;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/kestrel-microsystems.yaml"
    );
    let bundle = EvidenceBundle::from_path(path)?;
    let report = framework.prepare(&bundle)?.assess_as_of_bundle()?;

    println!(
        "{} against {} {}: {:.2} / 100, {}",
        report.subject.name,
        report.framework.id,
        report.framework.version,
        report.summary.score,
        report.summary.rating.label
    );

    // How much of the score rests on the company's own word?
    let said: f64 = report
        .summary
        .assurance
        .iter()
        .filter(|a| a.level == Assurance::SelfDeclared)
        .map(|a| a.share)
        .sum();
    println!(
        "share of the score resting on self-declaration: {:.0}%",
        said * 100.0
    );

    // A remediation plan: gaps grouped by element, most valuable first.
    let mut plan: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for gap in report.gaps() {
        let why = gap
            .explanation
            .iter()
            .map(|r| r.text.as_str())
            .next()
            .unwrap_or("no explanation");
        let line = format!(
            "+{:>5.2}  {:<22} {:<13} {}  ({why})",
            gap.gain.unwrap_or(0.0),
            gap.rule,
            gap.status.as_str(),
            gap.title
        );
        plan.entry(gap.element.as_str()).or_default().push(line);
    }
    for (element, lines) in &plan {
        println!("\n{element}");
        for line in lines.iter().take(4) {
            println!("  {line}");
        }
    }

    // Findings the company answered itself, with no machine check behind them.
    let attested = report
        .findings
        .iter()
        .filter(|f| f.basis == Basis::Attestation && f.status != Status::NotApplicable)
        .count();
    println!("\n{attested} findings rest on the company's attestation");
    Ok(())
}
