//! Assess an evidence bundle against a framework and print the report.
//!
//! With no arguments it assesses the bundled sample of a fictional state-owned industrial group
//! under nonproliferation sanctions against the BIS Export Compliance Guidelines, as of the date the
//! bundle states, and prints Markdown.
//!
//! ```text
//! cargo run --example assess -- [--framework ID | --rules PATH] [--format markdown|json|yaml]
//!                               [--as-of YYYY-MM-DD] [EVIDENCE.yaml|EVIDENCE.json ...]
//! ```
//!
//! Several evidence files are assessed one after another. On bad input the located errors go to
//! stderr and the exit code is 1 (2 for bad arguments).

use std::io::Write as _;
use std::process::ExitCode;

use icp_assess::model::IsoDate;
use icp_assess::{EvidenceBundle, Framework};

const DEFAULT_BUNDLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/data/eastern-meridian-group.yaml"
);

struct Args {
    framework: String,
    rules: Option<String>,
    format: String,
    as_of: Option<IsoDate>,
    bundles: Vec<String>,
}

fn usage() -> &'static str {
    "usage: assess [--framework ID | --rules PATH] [--format markdown|json|yaml] [--as-of YYYY-MM-DD] [EVIDENCE ...]"
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        framework: "bis-ecg".to_owned(),
        rules: None,
        format: "markdown".to_owned(),
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
            "--as-of" => {
                let v = value("--as-of")?;
                args.as_of = Some(v.parse().map_err(|e| format!("--as-of: {e}"))?);
            }
            "-h" | "--help" => {
                println!("{}", usage());
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
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        },
    };
    let mut failed = false;
    for path in &args.bundles {
        let result = EvidenceBundle::from_path(path).and_then(|bundle| {
            let prepared = framework.prepare(&bundle)?;
            match args.as_of {
                Some(date) => Ok(prepared.assess(date.date())),
                None => prepared.assess_as_of_bundle(),
            }
        });
        match result {
            Ok(report) => {
                let text = match args.format.as_str() {
                    "json" => report.to_json() + "\n",
                    "yaml" => report.to_yaml(),
                    _ => report.to_markdown(),
                };
                // A closed pipe (`| head`) ends the output quietly; it is not an error.
                let mut out = std::io::stdout().lock();
                if out
                    .write_all(text.as_bytes())
                    .and_then(|()| out.flush())
                    .is_err()
                {
                    return if failed {
                        ExitCode::FAILURE
                    } else {
                        ExitCode::SUCCESS
                    };
                }
            }
            Err(e) => {
                eprintln!("{e}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
