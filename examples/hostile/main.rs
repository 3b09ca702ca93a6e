//! Runs every family of hostile inputs at full size (up to the 8 MiB cap) and reports, per case,
//! whether the outcome is the expected one, the wall time and the peak memory, against a target
//! of 1 s and 256 MiB per case in a release build.
//!
//! ```text
//! cargo run --release --example hostile -- [--small] [--only TEXT] [--out DIR]
//! ```
//!
//! Each case runs in a process of its own (this program, started again with `--child`), so that
//! its time and peak memory are those of loading, preparing, assessing and rendering that one
//! input, not of generating the others: the child reads its high-water mark from
//! `/proc/self/status` (Linux; elsewhere memory shows as `-`) and prints its outcome as JSON. The
//! inputs are written to `DIR` (default `target/hostile`) and kept there. The exit code is 1 if
//! any case has an unexpected outcome or misses the target.

mod inputs;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use inputs::{Case, Expect, Input, Outcome, Role, Scale};

/// Wall time and memory a case may take.
const TIME_TARGET: Duration = Duration::from_secs(1);
const MEMORY_TARGET_KIB: u64 = 256 << 10;

struct Options {
    scale: Scale,
    only: Option<String>,
    out: PathBuf,
    /// `--child ROLE PATH ALLOW`: run one input and print its outcome.
    child: Option<(Role, PathBuf, bool)>,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        scale: Scale::Full,
        only: None,
        out: Path::new(env!("CARGO_MANIFEST_DIR")).join("target/hostile"),
        child: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--small" => options.scale = Scale::Small,
            "--only" => options.only = Some(value()?),
            "--out" => options.out = PathBuf::from(value()?),
            "--child" => {
                let role = match value()?.as_str() {
                    "framework" => Role::Framework,
                    _ => Role::Bundle,
                };
                let path = PathBuf::from(value()?);
                options.child = Some((role, path, value()? == "allow"));
            }
            other => {
                return Err(format!(
                    "unknown option `{other}`\nusage: hostile [--small] [--only TEXT] [--out DIR]"
                ));
            }
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    if let Some((role, path, allow)) = &options.child {
        return child(*role, path, *allow);
    }
    let cases = inputs::cases(options.scale, &options.out);
    if let Err(e) = std::fs::create_dir_all(&options.out) {
        eprintln!("cannot create `{}`: {e}", options.out.display());
        return ExitCode::from(2);
    }
    let selected: Vec<&Case> = cases
        .iter()
        .filter(|c| {
            options
                .only
                .as_ref()
                .is_none_or(|o| c.name.contains(o.as_str()))
        })
        .collect();
    println!(
        "{:<34} {:<22} {:>8} {:>9}  outcome",
        "case", "family", "wall ms", "peak MiB"
    );
    let mut failed = 0;
    for case in selected {
        if !parent(case, &options) {
            failed += 1;
        }
    }
    println!("\n{failed} case(s) with an unexpected outcome or over {TIME_TARGET:?} / 256 MiB");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Writes the case's input, runs it in a child process and prints a line; true if it met its
/// expectation and the targets.
fn parent(case: &Case, options: &Options) -> bool {
    if let Err(e) = inputs::write_input(case, &options.out) {
        println!("{:<34} cannot write the input: {e}", case.name);
        return false;
    }
    let (wall, report) = in_child(case, &options.out);
    let outcome = outcome_of(&report);
    let peak_kib = report.get("peak_kib").and_then(serde_json::Value::as_u64);
    let expected = outcome
        .as_ref()
        .is_some_and(|o| inputs::matches(&case.expect, o));
    let in_time = wall <= TIME_TARGET;
    let in_memory = peak_kib.is_none_or(|k| k <= MEMORY_TARGET_KIB);
    let shown = peak_kib.map_or("-".to_owned(), |k| format!("{:.0}", k as f64 / 1024.0));
    let flags: String = [
        (!expected, " UNEXPECTED"),
        (!in_time, " SLOW"),
        (!in_memory, " BIG"),
    ]
    .iter()
    .filter(|(bad, _)| *bad)
    .map(|(_, flag)| *flag)
    .collect();
    let verdict = if flags.is_empty() { "ok" } else { "FAIL" };
    println!(
        "{:<34} {:<22} {:>8} {:>9}  {verdict}{flags}: {}",
        case.name,
        case.family,
        wall.as_millis(),
        shown,
        outcome.as_ref().map_or("no outcome".to_owned(), describe)
    );
    if !expected {
        println!("    expected {:?}", case.expect);
    }
    flags.is_empty()
}

/// Runs the case in a child process: its wall time and the JSON it printed.
fn in_child(case: &Case, dir: &Path) -> (Duration, serde_json::Value) {
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("hostile"));
    let role = match case.role {
        Role::Bundle => "bundle",
        Role::Framework => "framework",
    };
    let allow = if case.allow_special_files {
        "allow"
    } else {
        "deny"
    };
    let start = Instant::now();
    let output = Command::new(exe)
        .arg("--child")
        .arg(role)
        .arg(case.path(dir))
        .arg(allow)
        .output();
    let wall = start.elapsed();
    let report = output.map_or(serde_json::Value::Null, |out| {
        serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
    });
    (wall, report)
}

/// The outcome a child printed.
fn outcome_of(report: &serde_json::Value) -> Option<Outcome> {
    let text = |key: &str| {
        report
            .get(key)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    if report.get("accepted")?.as_bool()? {
        let diagnostics = report.get("diagnostics")?.as_array()?;
        return Some(Outcome::Accepted {
            diagnostics: diagnostics
                .iter()
                .filter_map(|d| d.as_str().map(str::to_owned))
                .collect(),
            score: report.get("score")?.as_f64()?,
        });
    }
    let at = report.get("at").and_then(|a| {
        let a = a.as_array()?;
        Some((a.first()?.as_u64()? as usize, a.get(1)?.as_u64()? as usize))
    });
    Some(Outcome::Refused {
        message: text("message")?,
        at,
        help: text("help"),
        problems: report.get("problems")?.as_u64()? as usize,
        text: String::new(),
    })
}

fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Accepted { score, .. } => format!("accepted, score {score:.1}"),
        Outcome::Refused {
            message,
            at,
            problems,
            ..
        } => {
            let message: String = message.chars().take(90).collect();
            let at = at.map_or("unlocated".to_owned(), |(l, c)| format!("{l}:{c}"));
            format!("refused ({problems} problems) at {at}: {message}")
        }
    }
}

/// Runs one input and prints its outcome and the peak memory as one JSON object.
fn child(role: Role, path: &Path, allow_special_files: bool) -> ExitCode {
    let case = Case {
        name: String::new(),
        family: "",
        role,
        input: Input::Path(path.to_owned()),
        allow_special_files,
        expect: Expect::Accepted {
            diagnostics: Vec::new(),
        },
    };
    let outcome = inputs::run(&case, path.parent().unwrap_or(path));
    let mut report = match outcome {
        Outcome::Accepted { diagnostics, score } => serde_json::json!({
            "accepted": true, "diagnostics": diagnostics, "score": score,
        }),
        Outcome::Refused {
            message,
            at,
            help,
            problems,
            ..
        } => serde_json::json!({
            "accepted": false, "message": message, "at": at.map(|(l, c)| [l, c]),
            "help": help, "problems": problems,
        }),
    };
    if let (Some(peak), Some(object)) = (peak_kib(), report.as_object_mut()) {
        object.insert("peak_kib".to_owned(), peak.into());
    }
    println!("{report}");
    ExitCode::SUCCESS
}

/// The process's peak resident memory (`VmHWM`), on Linux.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
