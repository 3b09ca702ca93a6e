//! Error messages through the public API: every kind of bad input is refused with the line, the
//! column and the path of the problem, and hostile inputs (alias bombs, deep nesting, huge
//! documents) are refused with an error rather than a panic, a hang or a crash.
//!
//! In the YAML below, a comment line `#   ^ L:C` marks the expected position of the problem on
//! the line above it (line L, column C, both counted from 1). Comments are ignored by YAML.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers fail loudly on bad fixtures"
)]

use std::process::Command;
use std::time::Instant;

use icp_assess::model::Value;
use icp_assess::{Error, EvidenceBundle, Framework, LoadOptions, Problem};

/// A small valid framework up to `rules:`. It is 18 lines long, so the first rule appended to it
/// starts on line 19.
const HEADER: &str = "\
framework:
  id: tc
  version: 1.0.0
  title: Test framework
  authority: Fictional Export Authority
  source: { title: Fictional guidance, published: 2024-01-01 }
rating_bands:
  - { id: good, label: Good, min_score: 50 }
  - { id: poor, label: Poor, min_score: 0 }
elements:
  - { id: management-commitment, title: Management commitment }
profile_facts:
  exports_dual_use: bool
  countries_of_concern: list
evidence_kinds:
  - id: policy_statement
    attributes: { signed_by: [ceo, board], date: date, distributed_to_staff: bool }
rules:
";

/// Valid rules for the framework that bundles are checked against.
const BASE_RULES: &str = "  - id: tc.mc.1
    element: management-commitment
    title: Written commitment statement
    severity: critical
    tests: design
    check: { evidence: policy_statement, where: { attr: signed_by, in: [ceo, board] } }
  - id: tc.mc.2
    element: management-commitment
    title: Norway is among the countries of concern
    severity: high
    tests: design
    check: { fact: countries_of_concern, contains: \"NO\" }
";

fn framework_text(rules: &str) -> String {
    format!("{HEADER}{rules}")
}

fn framework_error(text: &str) -> Error {
    match Framework::from_yaml_str(text, "f.yaml") {
        Ok(_) => panic!("the framework loaded, but it should have been refused:\n{text}"),
        Err(e) => e,
    }
}

fn base_framework() -> Framework {
    Framework::from_yaml_str(&framework_text(BASE_RULES), "f.yaml").expect("the base framework")
}

/// The error of reading `text` as a bundle, or else of preparing it against the base framework.
fn bundle_error(text: &str) -> Error {
    let framework = base_framework();
    match EvidenceBundle::from_yaml_str(text, "b.yaml") {
        Err(e) => e,
        Ok(bundle) => match framework.prepare(&bundle) {
            Ok(_) => panic!("the bundle was accepted, but it should have been refused:\n{text}"),
            Err(e) => e,
        },
    }
}

/// The only problem of `err`.
fn sole(err: &Error) -> &Problem {
    assert_eq!(
        err.problems().len(),
        1,
        "expected exactly one problem, got:\n{err}"
    );
    &err.problems()[0]
}

/// Line and column of a problem, which must be located.
fn at(problem: &Problem) -> (usize, usize) {
    let location = problem
        .location()
        .unwrap_or_else(|| panic!("problem has no location: {problem}"));
    (location.line, location.column)
}

// ---------------------------------------------------------------------------------------------
// Syntax and shape: the document cannot be read as a framework or a bundle.
// ---------------------------------------------------------------------------------------------

#[test]
fn yaml_syntax_error_is_located_at_the_offending_character() {
    let text = framework_text(
        "  - id: tc.mc.1
    element: management-commitment
    title: Written: statement
#                 ^ 21:19
    severity: critical
    tests: design
",
    );
    let err = framework_error(&text);
    assert!(err.is_syntax(), "{err}");
    let p = sole(&err);
    assert_eq!(at(p), (21, 19));
    assert_eq!(p.origin(), Some("f.yaml"));
    assert_eq!(p.key_path(), "rules[0]");
    assert_eq!(
        p.message(),
        "mapping values are not allowed in this context"
    );
    assert_eq!(
        err.to_string(),
        "error: mapping values are not allowed in this context
 --> f.yaml:21:19 (at `rules[0]`)
   |
21 |     title: Written: statement
   |                   ^"
    );
}

#[test]
fn unknown_key_in_a_rule_is_located_with_did_you_mean() {
    // `remediaton` is optional, so the rest of the rule is complete.
    let text = framework_text(
        "  - id: tc.mc.1
    element: management-commitment
    title: Written statement
    severity: critical
    tests: design
    remediaton: Have the CEO sign a statement.
#   ^ 24:5
",
    );
    let err = framework_error(&text);
    let p = sole(&err);
    assert_eq!(at(p), (24, 5));
    assert_eq!(p.key_path(), "rules[0].remediaton");
    assert_eq!(p.message(), "unknown key `remediaton`");
    assert_eq!(p.help(), Some("did you mean `remediation`?"));
    assert_eq!(
        err.to_string(),
        "error: unknown key `remediaton`
 --> f.yaml:24:5 (at `rules[0].remediaton`)
   |
24 |     remediaton: Have the CEO sign a statement.
   |     ^
  = help: did you mean `remediation`?"
    );
}

/// FORMAT.md: "an unknown key [...] is an error that names the file, the line, the column and the
/// path inside the document". When the misspelt key is a required one (`titel` for `title`), the
/// error must still name the misspelling where it is, not only the missing field.
#[test]
fn misspelt_required_key_names_the_misspelling() {
    let text = framework_text(
        "  - id: tc.mc.1
    element: management-commitment
    titel: Written statement
#   ^ 21:5
    severity: critical
    tests: design
",
    );
    let err = framework_error(&text);
    let about_titel = err
        .problems()
        .iter()
        .find(|p| p.message().contains("titel") || p.key_path().ends_with("titel"));
    let Some(p) = about_titel else {
        panic!("no problem names the misspelt key `titel`; the error is:\n{err}");
    };
    assert_eq!(at(p), (21, 5), "{err}");
    assert_eq!(p.help(), Some("did you mean `title`?"), "{err}");
}

#[test]
fn missing_required_field_points_at_the_rule() {
    let text = framework_text(
        "  - id: tc.mc.1
#   ^ 19:5 (the rule that lacks `severity`)
    element: management-commitment
    title: Written statement
",
    );
    let err = framework_error(&text);
    assert!(err.is_syntax(), "{err}");
    let p = sole(&err);
    assert_eq!(at(p), (19, 5));
    assert_eq!(p.key_path(), "rules[0]");
    assert_eq!(p.message(), "missing field `severity`");
}

#[test]
fn wrong_scalar_type_is_located_at_the_value() {
    let text = framework_text(
        "  - id: tc.mc.1
    element: management-commitment
    title: Written statement
    severity: critical
    tests: design
    weight: heavy
#           ^ 24:13
",
    );
    let err = framework_error(&text);
    assert!(err.is_syntax(), "{err}");
    let p = sole(&err);
    assert_eq!(at(p), (24, 13));
    assert_eq!(p.key_path(), "rules[0].weight");
    assert!(p.message().contains("\"heavy\""), "{}", p.message());
}

#[test]
fn duplicate_key_in_a_rule_is_located_at_the_second_occurrence() {
    let text = framework_text(
        "  - id: tc.mc.1
    element: management-commitment
    title: Written statement
    severity: critical
    tests: design
    title: Written statement, again
#   ^ 24:5
",
    );
    let err = framework_error(&text);
    let p = sole(&err);
    assert_eq!(at(p), (24, 5));
    assert_eq!(p.message(), "duplicate field `title`");
}

#[test]
fn duplicate_key_in_a_bundle_map_is_located_at_the_second_occurrence() {
    let text = "\
subject:
  name: Fictional Nordkapp Instruments AS
  profile:
    exports_dual_use: true
    countries_of_concern: [IR]
    exports_dual_use: false
#   ^ 6:5
";
    let err = bundle_error(text);
    assert!(err.is_syntax(), "{err}");
    let p = sole(&err);
    assert_eq!(at(p), (6, 5));
    assert_eq!(p.key_path(), "subject.profile.exports_dual_use");
    assert_eq!(p.message(), "duplicate key `exports_dual_use`");
    assert_eq!(
        err.to_string(),
        "error: duplicate key `exports_dual_use`
 --> b.yaml:6:5 (at `subject.profile.exports_dual_use`)
  |
6 |     exports_dual_use: false
  |     ^"
    );
}

#[test]
fn json_syntax_error_has_line_and_column() {
    let text = "{
  \"framework\": {
    \"id\": \"tc\",
    \"version\": \"1.0.0\"
    \"title\": \"Test framework\"
  }
}
";
    let err = Framework::from_json_str(text, "f.json").expect_err("a missing comma");
    assert!(err.is_syntax(), "{err}");
    let p = sole(&err);
    // The comma is missing after line 4; the parser notices at the next key, line 5 column 5.
    assert_eq!(at(p), (5, 5));
    assert_eq!(p.origin(), Some("f.json"));
    assert_eq!(p.message(), "expected `,` or `}`");
}

// ---------------------------------------------------------------------------------------------
// Validation: the framework parses but contradicts itself.
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_element_is_located_with_did_you_mean() {
    let text = framework_text(
        "  - id: tc.mc.1
    element: managment-commitment
#            ^ 20:14
    title: Written statement
    severity: critical
    tests: design
  - id: tc.mc.2
    element: management-commitment
    title: Statement circulated
    severity: medium
    tests: design
",
    );
    let err = framework_error(&text);
    assert!(err.is_invalid(), "{err}");
    let p = sole(&err);
    assert_eq!(at(p), (20, 14));
    assert_eq!(p.key_path(), "rules[0].element");
    assert_eq!(
        p.message(),
        "rule `tc.mc.1` names an element that does not exist: `managment-commitment`"
    );
    assert_eq!(p.help(), Some("did you mean `management-commitment`?"));
    assert_eq!(
        err.to_string(),
        "error: rule `tc.mc.1` names an element that does not exist: `managment-commitment`
 --> f.yaml:20:14 (at `rules[0].element`)
   |
20 |     element: managment-commitment
   |              ^
  = help: did you mean `management-commitment`?"
    );
}

#[test]
fn duplicate_rule_id_is_located_at_the_second_rule() {
    let text = framework_text(
        "  - id: tc.mc.1
    element: management-commitment
    title: Written statement
    severity: critical
    tests: design
  - id: tc.mc.1
#       ^ 24:9
    element: management-commitment
    title: Statement circulated
    severity: medium
    tests: design
",
    );
    let err = framework_error(&text);
    let p = sole(&err);
    assert_eq!(at(p), (24, 9));
    assert_eq!(p.key_path(), "rules[1].id");
    assert_eq!(p.message(), "duplicate rule id `tc.mc.1`");
}

#[test]
fn negative_weight_is_located_at_the_value() {
    let text = framework_text(
        "  - id: tc.mc.1
    element: management-commitment
    title: Written statement
    severity: critical
    tests: design
    weight: -2
#           ^ 24:13
",
    );
    let err = framework_error(&text);
    let p = sole(&err);
    assert_eq!(at(p), (24, 13));
    assert_eq!(p.key_path(), "rules[0].weight");
    assert_eq!(
        p.message(),
        "weight must be a number from 0 to 1000000, found -2"
    );
}

#[test]
fn rating_bands_out_of_order_are_located_at_the_offending_min_score() {
    let text = "\
framework:
  id: tc
  version: 1.0.0
  title: Test framework
  authority: Fictional Export Authority
  source: { title: Fictional guidance, published: 2024-01-01 }
rating_bands:
  - { id: good, label: Good, min_score: 50 }
  - { id: better, label: Better, min_score: 70 }
#                                           ^ 9:45
  - { id: poor, label: Poor, min_score: 0 }
elements:
  - { id: management-commitment, title: Management commitment }
rules:
  - { id: tc.mc.1, element: management-commitment, title: Statement, severity: low, tests: design }
";
    let err = framework_error(text);
    let p = sole(&err);
    assert_eq!(at(p), (9, 45));
    assert_eq!(p.key_path(), "rating_bands[1].min_score");
    assert_eq!(
        p.message(),
        "bands must be listed highest first with strictly decreasing `min_score`: 70 follows 50"
    );
    assert_eq!(
        err.to_string(),
        "error: bands must be listed highest first with strictly decreasing `min_score`: 70 follows 50
 --> f.yaml:9:45 (at `rating_bands[1].min_score`)
  |
9 |   - { id: better, label: Better, min_score: 70 }
  |                                             ^"
    );
}

#[test]
fn unknown_attribute_in_a_condition_is_located_with_did_you_mean() {
    let text = framework_text(
        "  - id: tc.mc.1
    element: management-commitment
    title: Written statement
    severity: critical
    tests: design
    check:
      evidence: policy_statement
      where: { attr: signd_by, in: [ceo] }
#                    ^ 26:22
",
    );
    let err = framework_error(&text);
    let p = sole(&err);
    assert_eq!(at(p), (26, 22));
    assert_eq!(p.key_path(), "rules[0].check.where.attr");
    assert_eq!(
        p.message(),
        "evidence kind `policy_statement` declares no attribute `signd_by`"
    );
    assert_eq!(p.help(), Some("did you mean `signed_by`?"));
}

#[test]
fn operator_that_does_not_fit_the_type_is_refused() {
    let text = framework_text(
        "  - id: tc.mc.1
    element: management-commitment
    title: Written statement
    severity: critical
    tests: design
    check: { fact: exports_dual_use, within_days: 30 }
#                                                 ^ 24:51
",
    );
    let err = framework_error(&text);
    let p = sole(&err);
    assert_eq!(at(p), (24, 51));
    assert_eq!(p.key_path(), "rules[0].check.within_days");
    assert_eq!(
        p.message(),
        "`within_days` does not apply to fact `exports_dual_use`, which is of type bool"
    );
}

#[test]
fn condition_with_two_forms_is_refused() {
    let text = framework_text(
        "  - id: tc.mc.1
    element: management-commitment
    title: Written statement
    severity: critical
    tests: design
    check:
      all: [ { fact: exports_dual_use, eq: true } ]
#     ^ 25:7
      any: [ { fact: exports_dual_use, eq: false } ]
",
    );
    let err = framework_error(&text);
    let p = sole(&err);
    assert_eq!(at(p), (25, 7));
    assert_eq!(p.key_path(), "rules[0].check");
    assert!(
        p.message().ends_with("found `all` and `any`"),
        "{}",
        p.message()
    );
}

#[test]
fn at_least_larger_than_its_parts_is_refused() {
    let text = framework_text(
        "  - id: tc.mc.1
    element: management-commitment
    title: Written statement
    severity: critical
    tests: design
    check:
      at_least: 3
#               ^ 25:17
      of:
        - { fact: exports_dual_use, eq: true }
        - { fact: countries_of_concern, contains: IR }
",
    );
    let err = framework_error(&text);
    let p = sole(&err);
    assert_eq!(at(p), (25, 17));
    assert_eq!(p.key_path(), "rules[0].check.at_least");
    assert_eq!(
        p.message(),
        "`at_least: 3` can never be true with only 2 conditions in `of`"
    );
}

#[test]
fn four_problems_are_reported_at_once_each_located() {
    let text = "\
framework:
  id: tc
  version: 1.0.0
  title: Test framework
  authority: Fictional Export Authority
  source: { title: Fictional guidance, published: 2024-01-01 }
rating_bands:
  - { id: good, label: Good, min_score: 50 }
  - { id: better, label: Better, min_score: 70 }
#                                           ^ 9:45 bands out of order
  - { id: poor, label: Poor, min_score: 0 }
elements:
  - { id: management-commitment, title: Management commitment }
rules:
  - id: tc.mc.1
    element: managment-commitment
#            ^ 16:14 unknown element
    title: Written statement
    severity: critical
    tests: design
  - id: tc.mc.1
#       ^ 21:9 duplicate rule id
    element: management-commitment
    title: Statement circulated
    severity: medium
    tests: design
    weight: -1
#           ^ 27:13 negative weight
";
    let err = framework_error(text);
    assert!(err.is_invalid(), "{err}");
    let got: Vec<((usize, usize), &str)> = err
        .problems()
        .iter()
        .map(|p| (at(p), p.key_path()))
        .collect();
    assert_eq!(
        got,
        vec![
            ((9, 45), "rating_bands[1].min_score"),
            ((16, 14), "rules[0].element"),
            ((21, 9), "rules[1].id"),
            ((27, 13), "rules[1].weight"),
        ],
        "{err}"
    );
    let rendered = err.to_string();
    assert!(rendered.ends_with("4 problems found"), "{rendered}");
    assert!(
        err.problems()[1].help() == Some("did you mean `management-commitment`?"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// Bundles checked against a framework.
// ---------------------------------------------------------------------------------------------

#[test]
fn evidence_date_in_the_wrong_form_is_located() {
    let text = "\
subject: { name: Fictional Nordkapp Instruments AS }
evidence:
  - id: EV-1
    kind: policy_statement
    assurance: documented
    attributes:
      signed_by: ceo
      date: 01/02/2026
#           ^ 8:13
";
    let err = bundle_error(text);
    assert!(err.is_invalid(), "{err}");
    let p = sole(&err);
    assert_eq!(at(p), (8, 13));
    assert_eq!(p.key_path(), "evidence[0].attributes.date");
    assert_eq!(
        p.message(),
        "`policy_statement` attribute `date`: `01/02/2026` is not a date in the form YYYY-MM-DD"
    );
    assert_eq!(
        err.to_string(),
        "error: `policy_statement` attribute `date`: `01/02/2026` is not a date in the form YYYY-MM-DD
 --> b.yaml:8:13 (at `evidence[0].attributes.date`)
  |
8 |       date: 01/02/2026
  |             ^"
    );
}

#[test]
fn undeclared_enumeration_value_in_evidence_is_located() {
    let text = "\
subject: { name: Fictional Nordkapp Instruments AS }
evidence:
  - id: EV-1
    kind: policy_statement
    assurance: documented
    attributes:
      signed_by: chairman
#                ^ 7:18
";
    let err = bundle_error(text);
    let p = sole(&err);
    assert_eq!(at(p), (7, 18));
    assert_eq!(p.key_path(), "evidence[0].attributes.signed_by");
    assert_eq!(
        p.message(),
        "`policy_statement` attribute `signed_by`: `chairman` is not one of the allowed values: ceo, board"
    );
}

#[test]
fn duplicate_evidence_id_is_located_at_the_second_item() {
    let text = "\
subject: { name: Fictional Nordkapp Instruments AS }
evidence:
  - { id: EV-1, kind: policy_statement, assurance: documented }
  - { id: EV-1, kind: policy_statement, assurance: tested }
#         ^ 4:11
";
    let err = bundle_error(text);
    let p = sole(&err);
    assert_eq!(at(p), (4, 11));
    assert_eq!(p.key_path(), "evidence[1].id");
    assert_eq!(
        p.message(),
        "duplicate evidence id `EV-1` (first used by evidence[0])"
    );
}

#[test]
fn attestation_for_an_unknown_rule_of_this_framework_is_located() {
    let text = "\
subject: { name: Fictional Nordkapp Instruments AS }
attestations:
  tc.mc.9: { answer: yes }
#          ^ 3:12
";
    let err = bundle_error(text);
    let p = sole(&err);
    assert_eq!(at(p), (3, 12));
    assert_eq!(p.key_path(), "attestations[\"tc.mc.9\"]");
    assert_eq!(p.message(), "`tc` has no rule `tc.mc.9`");
    assert_eq!(p.help(), Some("did you mean `tc.mc.1`?"));
}

#[test]
fn no_as_a_bool_fact_is_refused_not_read_as_false() {
    let text = "\
subject:
  name: Fictional Nordkapp Instruments AS
  profile:
    exports_dual_use: no
#                     ^ 4:23
";
    let err = bundle_error(text);
    let p = sole(&err);
    assert_eq!(at(p), (4, 23));
    assert_eq!(p.key_path(), "subject.profile.exports_dual_use");
    assert_eq!(
        p.message(),
        "profile fact `exports_dual_use`: expected `true` or `false`, found string `no`"
    );
}

#[test]
fn no_as_a_country_code_stays_a_string() {
    let text = "\
subject:
  name: Fictional Nordkapp Instruments AS
  profile:
    countries_of_concern: [NO, SE]
";
    let bundle = EvidenceBundle::from_yaml_str(text, "b.yaml").expect("the bundle reads");
    assert_eq!(
        bundle.subject.profile.get("countries_of_concern"),
        Some(&Value::List(vec![
            Value::String("NO".into()),
            Value::String("SE".into())
        ]))
    );
    let framework = base_framework();
    let report = framework
        .prepare(&bundle)
        .expect("the bundle fits the framework")
        .assess(jiff::civil::date(2026, 11, 1));
    let finding = report
        .findings
        .iter()
        .find(|f| f.rule == "tc.mc.2")
        .expect("rule tc.mc.2 is in the report");
    assert_eq!(finding.status, icp_assess::Status::Met, "{finding:#?}");
}

// ---------------------------------------------------------------------------------------------
// Hostile inputs: refused with an error, never a panic, a hang or a crash.
//
// A stack overflow aborts the whole test process, so the nesting tests run their body in a child
// process (this test binary, filtered to the one test) on a thread with Rust's default 2 MiB
// stack, the stack a library caller's spawned thread gets.
// ---------------------------------------------------------------------------------------------

const CHILD_ENV: &str = "ICP_ASSESS_TEST_ERRORS_CHILD";

/// Runs `body` in a child process when called from the parent test, or runs it directly (on a
/// 2 MiB thread) when this process is that child.
fn in_child_process(test_name: &str, body: fn()) {
    if std::env::var_os(CHILD_ENV).is_some_and(|v| v == test_name) {
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(body)
            .expect("spawn a thread")
            .join()
            .expect("the body ran without panicking");
        return;
    }
    let exe = std::env::current_exe().expect("the test binary");
    let output = Command::new(exe)
        .args([test_name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, test_name)
        .output()
        .expect("run the child test process");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "the child process failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        output.status
    );
    assert!(
        stdout.contains("1 passed"),
        "the child process did not run `{test_name}`:\n{stdout}"
    );
}

/// The error `load` must return; prints how long it took and the first line of the message.
fn refused<T>(label: &str, load: impl FnOnce() -> Result<T, Error>) -> Error {
    let start = Instant::now();
    let result = load();
    let elapsed = start.elapsed();
    match result {
        Ok(_) => panic!("{label}: accepted, but it should have been refused"),
        Err(e) => {
            let first = e.to_string().lines().next().unwrap_or_default().to_owned();
            let first: String = first.chars().take(160).collect();
            println!("{label}: refused in {elapsed:?}: {first}");
            e
        }
    }
}

fn billion_laughs() -> String {
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(", ");
        text.push_str(&format!("{}: &{} [{refs}]\n", pair[1], pair[1]));
    }
    text
}

#[test]
fn yaml_alias_bomb_is_refused() {
    in_child_process("yaml_alias_bomb_is_refused", || {
        let bomb = billion_laughs();
        // As unknown top-level keys of a bundle and of a framework.
        let text = format!("subject: {{ name: Fictional Nordkapp Instruments AS }}\n{bomb}");
        refused("bomb in a bundle", || {
            EvidenceBundle::from_yaml_str(&text, "b.yaml")
        });
        let text = format!("{}{bomb}", framework_text(BASE_RULES));
        refused("bomb in a framework", || {
            Framework::from_yaml_str(&text, "f.yaml")
        });
        // As the value of a profile fact, where it must be read as a value.
        let text = format!(
            "{bomb}subject:\n  name: Fictional Nordkapp Instruments AS\n  profile: {{ countries_of_concern: *i }}\n"
        );
        let err = refused("bomb as a fact", || {
            EvidenceBundle::from_yaml_str(&text, "b.yaml")
        });
        assert!(!err.problems().is_empty(), "{err}");
        // As an evidence attribute, read against a framework.
        let text = format!(
            "{bomb}subject: {{ name: Fictional Nordkapp Instruments AS }}\nevidence:\n  - {{ id: EV-1, kind: policy_statement, assurance: documented, attributes: {{ notes: *i }} }}\n"
        );
        refused("bomb as an attribute", || {
            EvidenceBundle::from_yaml_str(&text, "b.yaml")
                .and_then(|b| base_framework().prepare(&b).map(|_| ()))
        });
    });
}

#[test]
fn ten_thousand_deep_list_nesting_is_refused() {
    in_child_process("ten_thousand_deep_list_nesting_is_refused", || {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = refused("deep framework document", || {
            Framework::from_yaml_str(&deep, "f.yaml")
        });
        assert!(err.is_syntax(), "{err}");
        refused("deep JSON framework document", || {
            Framework::from_json_str(&deep, "f.json")
        });
        let text = format!(
            "subject:\n  name: Fictional Nordkapp Instruments AS\n  profile:\n    countries_of_concern: {deep}\n"
        );
        let err = refused("deep list fact", || {
            EvidenceBundle::from_yaml_str(&text, "b.yaml")
        });
        assert!(err.is_syntax(), "{err}");
        let text =
            format!("subject: {{ name: Fictional Nordkapp Instruments AS }}\nextra: {deep}\n");
        refused("deep unknown key", || {
            EvidenceBundle::from_yaml_str(&text, "b.yaml")
        });
        let json = format!(
            "{{\"subject\": {{\"name\": \"Fictional Nordkapp Instruments AS\", \"profile\": {{\"countries_of_concern\": {deep}}}}}}}"
        );
        refused("deep JSON list fact", || {
            EvidenceBundle::from_json_str(&json, "b.json")
        });
    });
}

#[test]
fn ten_thousand_deep_condition_nesting_is_refused() {
    in_child_process("ten_thousand_deep_condition_nesting_is_refused", || {
        let depth = 10_000;
        let yaml = framework_text(&format!(
            "  - {{ id: tc.mc.9, element: management-commitment, title: Deep, severity: low, tests: design, check: {}{{ fact: exports_dual_use, eq: true }}{} }}\n",
            "{ not: ".repeat(depth),
            " }".repeat(depth)
        ));
        refused("deep YAML condition", || {
            Framework::from_yaml_str(&yaml, "f.yaml")
        });
        let json = format!(
            "{{\"framework\": {{\"id\": \"tc\", \"version\": \"1.0.0\", \"title\": \"T\", \"authority\": \"A\", \"source\": {{\"title\": \"S\", \"published\": \"2024-01-01\"}}}}, \"rating_bands\": [{{\"id\": \"poor\", \"label\": \"Poor\", \"min_score\": 0}}], \"elements\": [{{\"id\": \"mc\", \"title\": \"MC\"}}], \"profile_facts\": {{\"x\": \"bool\"}}, \"rules\": [{{\"id\": \"tc.mc.1\", \"element\": \"mc\", \"title\": \"Deep\", \"severity\": \"low\", \"tests\": \"design\", \"check\": {}{{\"fact\": \"x\", \"eq\": true}}{}}}]}}",
            "{\"not\": ".repeat(depth),
            "}".repeat(depth)
        );
        refused("deep JSON condition", || {
            Framework::from_json_str(&json, "f.json")
        });
    });
}

#[test]
fn hundred_megabyte_input_is_refused_before_parsing() {
    // A plausible bundle, repeated until it is over 100 MB.
    let item = "  - { id: EV-000000, kind: policy_statement, assurance: documented, attributes: { signed_by: ceo, date: 2026-02-01 } }\n";
    let target = 100 << 20;
    let mut text = String::with_capacity(target + item.len() * 2);
    text.push_str("subject: { name: Fictional Nordkapp Instruments AS }\nevidence:\n");
    while text.len() <= target {
        text.push_str(item);
    }
    let size = text.len() as u64;
    for (label, result) in [
        (
            "YAML bundle",
            refused("100 MB YAML bundle", || {
                EvidenceBundle::from_yaml_str(&text, "b.yaml")
            }),
        ),
        (
            "JSON bundle",
            refused("100 MB JSON bundle", || {
                EvidenceBundle::from_json_str(&text, "b.json")
            }),
        ),
        (
            "YAML framework",
            refused("100 MB YAML framework", || {
                Framework::from_yaml_str(&text, "f.yaml")
            }),
        ),
        (
            "JSON framework",
            refused("100 MB JSON framework", || {
                Framework::from_json_str(&text, "f.json")
            }),
        ),
    ] {
        match result {
            Error::TooLarge {
                size: got, limit, ..
            } => {
                assert_eq!(got, size, "{label}");
                assert_eq!(limit, icp_assess::DEFAULT_MAX_INPUT_BYTES, "{label}");
            }
            other => panic!("{label}: expected `TooLarge`, got: {other}"),
        }
    }
    // A caller can lower the cap; the same check applies.
    let small = "subject: { name: Fictional Nordkapp Instruments AS }\n";
    let options = LoadOptions::new().max_input_bytes(16);
    let err = refused("small input over a 16-byte cap", || {
        EvidenceBundle::from_str_with(small, "b.yaml", icp_assess::Format::Yaml, &options)
    });
    assert!(matches!(err, Error::TooLarge { limit: 16, .. }), "{err}");
}
