//! Assess an evidence bundle against a framework and print the report.
//!
//! With no arguments it assesses the bundled sample of a fictional state-owned industrial group
//! under nonproliferation sanctions against the BIS Export Compliance Guidelines, as of the date the
//! bundle states, and prints Markdown.
//!
//! ```text
//! cargo run --example assess -- [--framework ID | --rules PATH] [--format markdown|json|yaml]
//!                               [--detail] [--as-of YYYY-MM-DD] [EVIDENCE.yaml|EVIDENCE.json ...]
//! ```
//!
//! Several evidence files are assessed one after another: as JSON they form one array, as YAML
//! one stream of documents separated by `---`, as Markdown one report after another. On bad
//! input the located errors go to stderr and the exit code is 1 (2 for bad arguments, an unknown
//! framework among them).

use std::io::Write as _;
use std::process::ExitCode;

use icp_assess::model::IsoDate;
use icp_assess::report::MarkdownOptions;
use icp_assess::{EvidenceBundle, Framework};

const DEFAULT_BUNDLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/data/eastern-meridian-group.yaml"
);

struct Args {
    framework: String,
    rules: Option<String>,
    format: String,
    detail: bool,
    as_of: Option<IsoDate>,
    bundles: Vec<String>,
}

fn usage() -> &'static str {
    "usage: assess [--framework ID | --rules PATH] [--format markdown|json|yaml] [--detail] [--as-of YYYY-MM-DD] [EVIDENCE ...]"
}

fn help() -> String {
    format!(
        "Assess evidence bundles against an export-compliance framework and print the report.\n\n\
         {}\n\n\
         Options:\n  \
           --framework ID     a bundled framework: {} (default: bis-ecg)\n  \
           --rules PATH       a framework file (YAML or JSON) instead of a bundled one\n  \
           --format FORMAT    markdown (default), json (one array for several files) or yaml\n                     \
                              (one `---`-separated stream)\n  \
           --detail           Markdown with the full trace of every finding (each deciding\n                     \
                              value and its expectation); JSON and YAML always have it\n  \
           --as-of DATE       the date the assessment speaks for, YYYY-MM-DD (default: the\n                     \
                              bundle's own `as_of`; never the clock)\n  \
           -h, --help         this help\n\n\
         EVIDENCE are bundle files (.json is read as JSON, anything else as YAML); without any,\n\
         the bundled sample of a fictional sanctioned group is assessed.\n\
         Exit codes: 0 success, 1 a bundle or framework was refused (located errors on stderr),\n\
         2 bad arguments.",
        usage(),
        Framework::bundled_ids().join(", ")
    )
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        framework: "bis-ecg".to_owned(),
        rules: None,
        format: "markdown".to_owned(),
        detail: false,
        as_of: None,
        bundles: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .ok_or_else(|| format!("`{name}` needs a value\n{}", usage()))
        };
        match arg.as_str() {
            "--framework" => args.framework = value("--framework")?,
            "--rules" => args.rules = Some(value("--rules")?),
            "--format" => {
                let f = value("--format")?;
                if !matches!(f.as_str(), "markdown" | "json" | "yaml") {
                    return Err(format!("unknown format `{f}`: use markdown, json or yaml"));
                }
                args.format = f;
            }
            "--detail" => args.detail = true,
            "--as-of" => {
                let v = value("--as-of")?;
                args.as_of = Some(v.parse().map_err(|e| format!("--as-of: {e}"))?);
            }
            "-h" | "--help" => {
                println!("{}", help());
                std::process::exit(0);
            }
            other if other.starts_with("--") => {
                return Err(format!("unknown option `{other}`\n{}", usage()));
            }
            path => args.bundles.push(path.to_owned()),
        }
    }
    if args.bundles.is_empty() {
        args.bundles.push(DEFAULT_BUNDLE.to_owned());
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let owned;
    let framework: &Framework = match &args.rules {
        Some(path) => match Framework::from_path(path) {
            Ok(f) => {
                owned = f;
                &owned
            }
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        },
        None => match Framework::bundled(&args.framework) {
            Ok(f) => f,
            Err(e) => {
                // An unknown id is a bad argument, like an unknown option.
                eprintln!("{e}\n{}", usage());
                return ExitCode::from(2);
            }
        },
    };
    let mut failed = false;
    let mut reports = Vec::new();
    for path in &args.bundles {
        let result = EvidenceBundle::from_path(path).and_then(|bundle| {
            let prepared = framework.prepare(&bundle)?;
            match args.as_of {
                Some(date) => Ok(prepared.assess(date.date())),
                None => prepared.assess_as_of_bundle(),
            }
        });
        match result {
            Ok(report) => reports.push(report),
            Err(e) => {
                eprintln!("{e}");
                failed = true;
            }
        }
    }
    // A closed pipe (`| head`) ends the output quietly; it is not an error.
    let mut out = std::io::stdout().lock();
    let _ = out
        .write_all(render(&reports, &args).as_bytes())
        .and_then(|()| out.flush());
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The reports in one output: a JSON array, a YAML stream, or Markdown reports one after another
/// (a single report in JSON is the object itself).
fn render(reports: &[icp_assess::Report], args: &Args) -> String {
    let options = MarkdownOptions::default().detail(args.detail);
    match (args.format.as_str(), reports) {
        ("json", [one]) => one.to_json() + "\n",
        ("json", many) => {
            let items: Vec<String> = many.iter().map(icp_assess::Report::to_json).collect();
            format!("[\n{}\n]\n", items.join(",\n"))
        }
        ("yaml", many) => many
            .iter()
            .map(|r| format!("---\n{}", r.to_yaml()))
            .collect(),
        (_, many) => many
            .iter()
            .map(|r| r.to_markdown_with(options))
            .collect::<Vec<_>>()
            .join("\n---\n\n"),
    }
}
