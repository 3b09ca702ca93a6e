//! Families about size: files that are not what they seem, many problems, many nodes, many
//! unknown names, and wide conditions.

use std::path::Path;

use super::{
    Case, Input, POLICY_KIND, Role, Scale, bundle, framework, items, json, line_col, nth, refused,
    rule, with_help, yaml,
};

pub(super) fn read_caps(dir: &Path) -> Vec<Case> {
    let f = "read caps";
    let special = |name: &str, path: &str, kind: &str| {
        Case::new(f, name, Role::Bundle, Input::Path(path.into())).expect(refused(
            format!("`{path}` is a {kind}, not a regular file; it was not opened"),
            None,
            0,
        ))
    };
    let fifo = Case::new(f, "fifo-no-writer", Role::Bundle, Input::Fifo);
    let fifo_path = fifo.path(dir).display().to_string();
    let mut zero_allowed = Case::new(f, "dev-zero-allowed", Role::Bundle, Input::Path("/dev/zero".into()))
        .expect(refused(
            "`/dev/zero` holds more than 8388608 bytes, the limit; it was read no further and not parsed",
            None,
            0,
        ));
    zero_allowed.allow_special_files = true;
    let sparse = Case::new(f, "sparse-100MB", Role::Bundle, Input::Sparse(100_000_000));
    let sparse_path = sparse.path(dir).display().to_string();
    vec![
        special("dev-zero", "/dev/zero", "character device"),
        special("dev-urandom", "/dev/urandom", "character device"),
        Case::new(f, "dev-zero-framework", Role::Framework, Input::Path("/dev/zero".into())).expect(
            refused(
                "`/dev/zero` is a character device, not a regular file; it was not opened",
                None,
                0,
            ),
        ),
        zero_allowed,
        fifo.expect(refused(
            format!("`{fifo_path}` is a pipe (FIFO), not a regular file; it was not opened"),
            None,
            0,
        )),
        Case::new(f, "directory", Role::Bundle, Input::Path(dir.to_owned())).expect(refused(
            format!("`{}` is a directory, not a regular file; it was not opened", dir.display()),
            None,
            0,
        )),
        sparse.expect(refused(
            format!("`{sparse_path}` is 100000000 bytes, over the limit of 8388608 bytes; it was not parsed"),
            None,
            0,
        )),
    ]
}

pub(super) fn locating(scale: Scale) -> Vec<Case> {
    let f = "locating";
    let size = scale.pick(200 << 10, 7_900 << 10);
    let (unknown, n) = items(size, "\n    colour: red", "2026-03-02");
    let text = bundle(&unknown);
    let first = nth(&text, "colour", 0);
    let unknown_keys = Case::new(f, format!("unknown-keys-{n}"), Role::Bundle, yaml(text))
        .expect(refused("unknown key `colour`", first, n));
    let (bad, n) = items(size, "", "2026-02-30");
    let text = bundle(&bad);
    let first = nth(&text, "2026-02-30", 0);
    let message = "`policy_statement` attribute `date`: `2026-02-30` is not a valid date: parsed date is not valid: parameter 'day' for `2026-02` is invalid, must be in range `1..=28`";
    let bad_dates = Case::new(f, format!("bad-dates-{n}"), Role::Bundle, yaml(text))
        .expect(refused(message, first, n));
    let (valid, n) = items(size, "", "2026-03-02");
    let valid = Case::new(f, format!("valid-{n}"), Role::Bundle, yaml(bundle(&valid)));
    vec![unknown_keys, bad_dates, valid]
}

pub(super) fn suggestions(scale: Scale) -> Vec<Case> {
    let f = "did you mean";
    let n = scale.pick(1_000, 5_000);
    let kinds: String = (0..n)
        .map(|i| format!("  - {{ id: kind{i:05}, attributes: {{ a: bool }} }}\n"))
        .collect();
    let rules: String = (0..n)
        .map(|i| format!("  - {{ id: tc.r.{i}, element: management-commitment, title: T, severity: low, tests: design, check: {{ evidence: kindx{i:05} }} }}\n"))
        .collect();
    let text = framework(&kinds, &rules);
    let at = nth(&text, "kindx00000", 0);
    let unknown_kinds = Case::new(
        f,
        format!("unknown-kinds-{n}x{n}"),
        Role::Framework,
        yaml(text),
    )
    .expect(with_help(
        refused(
            "evidence kind `kindx00000` is not declared in `evidence_kinds`",
            at,
            n,
        ),
        "did you mean `kind00000`?",
    ));
    let n = scale.pick(2_000, 20_000);
    let listed: String = (0..n)
        .map(|i| {
            format!("  - {{ id: EV-{i:06}, kind: policy_statement, assurance: documented }}\n")
        })
        .collect();
    let cites: Vec<String> = (0..n).map(|i| format!("MISSING-{i:06}")).collect();
    let text = format!(
        "subject: {{ name: X }}\nas_of: 2026-11-01\nevidence:\n{listed}attestations:\n  bis-ecg.mc.5: {{ answer: yes, evidence: [{}] }}\n",
        cites.join(", ")
    );
    let at = nth(&text, "MISSING-000000", 0);
    let citations = Case::new(
        f,
        format!("missing-citations-{n}x{n}"),
        Role::Bundle,
        yaml(text),
    )
    .expect(refused(
        "attestation cites evidence `MISSING-000000`, which is not in the bundle",
        at,
        n,
    ));
    vec![unknown_kinds, citations]
}

pub(super) fn node_counts() -> Vec<Case> {
    let f = "node count";
    let message = "the document holds more than 1000000 values, keys, lists and maps; this one is past the limit";
    let help = "the document was not parsed; `LoadOptions::max_nodes` sets the limit";
    // Nine nodes come before the list's entries (maps, keys, values and the list itself).
    let past = 1_000_000 - 9;
    let n = past + 10;
    let text = format!(
        "subject:\n  name: X\n  profile:\n    jurisdictions: [{}]\nas_of: 2026-11-01\n",
        vec!["a"; n].join(", ")
    );
    let at = text.find('[').map(|i| line_col(&text, i + 1 + 3 * past));
    let yaml_case = Case::new(f, format!("tiny-values-{n}-yaml"), Role::Bundle, yaml(text))
        .expect(with_help(refused(message, at, 1), help));
    let text = format!(
        "{{\"subject\": {{\"name\": \"X\", \"profile\": {{\"jurisdictions\": [{}]}}}}}}",
        vec!["\"a\""; n].join(",")
    );
    let at = text.find('[').map(|i| line_col(&text, i + 1 + 4 * past));
    let json_case = Case::new(f, format!("tiny-values-{n}-json"), Role::Bundle, json(text))
        .expect(with_help(refused(message, at, 1), help));
    vec![yaml_case, json_case]
}

pub(super) fn contradictions(scale: Scale) -> Vec<Case> {
    let f = "contradictions";
    // Each part is five nodes (a map, two keys, two values): 150,000 parts stay under the
    // node limit.
    let n = scale.pick(20_000, 150_000);
    let same = vec!["{ fact: employees, eq: 5 }"; n].join(", ");
    let text = framework(
        POLICY_KIND,
        &rule("tc.mc.1", &format!("{{ all: [ {same} ] }}")),
    );
    let accepted_case = Case::new(f, format!("all-eq-{n}-same"), Role::Framework, yaml(text));
    let text = framework(
        POLICY_KIND,
        &rule(
            "tc.mc.1",
            &format!("{{ all: [ {same}, {{ fact: employees, eq: 6 }} ] }}"),
        ),
    );
    let at = text.find("{ all: [").map(|i| line_col(&text, i + 7));
    let refused_case = Case::new(
        f,
        format!("all-eq-{n}-then-other"),
        Role::Framework,
        yaml(text),
    )
    .expect(refused(
        "this `all` can never be true: it requires one value to equal two different values",
        at,
        1,
    ));
    vec![accepted_case, refused_case]
}
