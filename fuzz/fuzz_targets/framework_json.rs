//! A framework file in JSON: loading never panics; a framework that loads writes itself out
//! as YAML and reads back the same, and assesses a sample bundle.

#![no_main]

use icp_assess::{EvidenceBundle, Framework};
use icp_assess_fuzz::assess_and_check;
use libfuzzer_sys::fuzz_target;

const SAMPLE: &str = include_str!("../../examples/data/brightwater-instruments.yaml");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Framework::from_json_str(text, "fuzz.json") {
        Ok(framework) => {
            let again = Framework::from_yaml_str(&framework.to_yaml(), "again.yaml")
                .expect("a framework reads back its own YAML");
            assert_eq!(
                again.definition(),
                framework.definition(),
                "YAML round trip"
            );
            if let Ok(bundle) = EvidenceBundle::from_yaml_str(SAMPLE, "sample.yaml") {
                assess_and_check(&framework, &bundle);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
