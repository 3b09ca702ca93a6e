//! The frameworks bundled with the crate: embedded at build time, parsed on first use.

use std::sync::OnceLock;

use crate::error::Error;
use crate::framework::Framework;

struct Entry {
    id: &'static str,
    file: &'static str,
    text: &'static str,
}

const ENTRIES: &[Entry] = &[
    Entry {
        id: "bis-ecg",
        file: "rules/bis-ecg.yaml",
        text: include_str!("../rules/bis-ecg.yaml"),
    },
    Entry {
        id: "eu-2019-1318",
        file: "rules/eu-2019-1318.yaml",
        text: include_str!("../rules/eu-2019-1318.yaml"),
    },
];

static CELLS: [OnceLock<Result<Framework, Error>>; 2] = [OnceLock::new(), OnceLock::new()];

pub(crate) fn ids() -> Vec<&'static str> {
    ENTRIES.iter().map(|e| e.id).collect()
}

pub(crate) fn get(id: &str) -> Result<&'static Framework, Error> {
    let found = ENTRIES
        .iter()
        .zip(CELLS.iter())
        .find(|(entry, _)| entry.id == id);
    let Some((entry, cell)) = found else {
        return Err(Error::UnknownFramework {
            id: id.to_owned(),
            available: ids().into_iter().map(str::to_owned).collect(),
        });
    };
    let loaded = cell.get_or_init(|| Framework::from_yaml_str(entry.text, entry.file));
    match loaded {
        Ok(framework) => Ok(framework),
        // A bundled framework that fails to load is a bug caught by the test suite; callers
        // still get the located problems rather than a panic.
        Err(Error::Syntax(problem)) => Err(Error::Syntax(problem.clone())),
        Err(Error::Invalid(problems)) => Err(Error::Invalid(problems.clone())),
        Err(other) => Err(Error::UnknownFramework {
            id: format!("{id} ({other})"),
            available: Vec::new(),
        }),
    }
}
