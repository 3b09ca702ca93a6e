//! An evidence bundle in YAML: loading never panics, and a bundle that loads is prepared and
//! assessed against every bundled framework with the report invariants checked.

#![no_main]

use icp_assess::EvidenceBundle;
use icp_assess_fuzz::{assess_and_check, bundled};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match EvidenceBundle::from_yaml_str(text, "fuzz.yaml") {
        Ok(bundle) => {
            for framework in bundled() {
                assess_and_check(framework, &bundle);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
