//! A framework file in JSON: loading never panics; a framework that loads writes itself out
//! as YAML and reads back the same, and assesses a sample bundle (see `check_framework`).

#![no_main]

use icp_assess::Framework;
use icp_assess_fuzz::check_framework;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        check_framework(Framework::from_json_str(text, "fuzz.json"));
    }
});
