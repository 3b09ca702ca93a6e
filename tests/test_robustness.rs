//! No input makes the crate panic: mutated framework files and evidence bundles are either
//! loaded and assessed, or refused with located problems.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test fixtures fail loudly"
)]

use icp_assess::{EvidenceBundle, Framework};
use jiff::civil::date;
use proptest::prelude::*;

const BUNDLE: &str = include_str!("../examples/data/kestrel-microsystems.yaml");
const FRAMEWORK: &str = include_str!("cases/logic/at_least.yaml");

/// Characters that change YAML structure, plus ordinary ones.
const NOISE: &[u8] = b":-[]{}#&*!|>'\"%@`, \n\t0123456789aZ~?";

fn mutate(text: &str, edits: &[(usize, u8, u8)]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for &(at, what, how) in edits {
        if bytes.is_empty() {
            break;
        }
        let i = at % bytes.len();
        let c = NOISE[usize::from(what) % NOISE.len()];
        match how % 3 {
            0 => bytes[i] = c,
            1 => bytes.insert(i, c),
            _ => {
                bytes.remove(i);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn edits() -> impl Strategy<Value = Vec<(usize, u8, u8)>> {
    proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..6)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn mutated_bundles_never_panic(edits in edits()) {
        let text = mutate(BUNDLE, &edits);
        let framework = Framework::bundled("bis-ecg").unwrap();
        match EvidenceBundle::from_yaml_str(&text, "mutated.yaml") {
            Ok(bundle) => match framework.prepare(&bundle) {
                Ok(prepared) => {
                    let report = prepared.assess(date(2026, 11, 1));
                    prop_assert!((0.0..=100.0).contains(&report.summary.score));
                    let _ = report.to_markdown();
                }
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            },
            Err(e) => {
                prop_assert!(!e.problems().is_empty());
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }

    #[test]
    fn mutated_frameworks_never_panic(edits in edits()) {
        // The case file holds a framework under `framework:`; mutate the whole file and load
        // the part after that key as a framework.
        let text = mutate(FRAMEWORK, &edits);
        let body = text.split_once("\nframework:\n").map_or(text.as_str(), |(_, b)| b);
        let dedented: String = body
            .lines()
            .take_while(|l| l.starts_with("  ") || l.is_empty())
            .map(|l| l.get(2..).unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        if let Err(e) = Framework::from_yaml_str(&dedented, "mutated.yaml") {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = Framework::from_yaml_str(&text, "any.yaml");
        let _ = Framework::from_json_str(&text, "any.json");
        let _ = EvidenceBundle::from_yaml_str(&text, "any.yaml");
        let _ = EvidenceBundle::from_json_str(&text, "any.json");
    }
}

#[test]
fn the_unmutated_inputs_load() {
    // The mutation tests start from valid inputs; check they are.
    let bundle = EvidenceBundle::from_yaml_str(BUNDLE, "kestrel.yaml").unwrap();
    Framework::bundled("bis-ecg")
        .unwrap()
        .prepare(&bundle)
        .unwrap();
    let body = FRAMEWORK.split_once("\nframework:\n").unwrap().1;
    let dedented: String = body
        .lines()
        .take_while(|l| l.starts_with("  ") || l.is_empty())
        .map(|l| l.get(2..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    Framework::from_yaml_str(&dedented, "at_least.yaml").unwrap();
}
