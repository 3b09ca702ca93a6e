//! Hostile inputs by family, each with the outcome the loader must give: refused with which
//! message and where, or accepted. Shared by `examples/hostile` (full size, timed) and
//! `tests/test_hostile.rs` (small size, every outcome asserted exactly).
//!
//! The expected positions are found in the generated text by plain string search, not by the
//! library, so that a wrong location fails the test.

use std::path::{Path, PathBuf};

/// How big the inputs are: `Full` fills the 8 MiB cap where size matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Small,
    Full,
}

impl Scale {
    /// `small` or `full` of a count or size.
    fn pick(self, small: usize, full: usize) -> usize {
        match self {
            Scale::Small => small,
            Scale::Full => full,
        }
    }
}

/// What an input is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// An evidence bundle, checked against the bundled `bis-ecg`.
    Bundle,
    /// A framework file, used to assess a minimal bundle.
    Framework,
}

/// Where an input comes from.
#[derive(Debug, Clone)]
pub enum Input {
    /// Text written to a file with this extension (`yaml` or `json`).
    Text { ext: &'static str, text: String },
    /// Bytes that are not all UTF-8, written to a `.yaml` file.
    Bytes(Vec<u8>),
    /// An existing path: a device, or the output directory itself.
    Path(PathBuf),
    /// A pipe (FIFO) with no writer, made by the runner.
    Fifo,
    /// A sparse regular file of this many bytes.
    Sparse(u64),
}

/// The outcome a case must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// Loaded, prepared and assessed; the report has these diagnostics (a substring each).
    Accepted { diagnostics: Vec<String> },
    /// Refused: the first problem's message (or the error's text when it has no problems), its
    /// 1-based line and column, its help, and how many problems there are.
    Refused {
        message: String,
        at: Option<(usize, usize)>,
        help: Option<String>,
        problems: usize,
    },
}

/// One hostile input.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub family: &'static str,
    pub role: Role,
    pub input: Input,
    /// Read with `LoadOptions::allow_special_files(true)`.
    pub allow_special_files: bool,
    pub expect: Expect,
}

impl Case {
    fn new(family: &'static str, name: impl Into<String>, role: Role, input: Input) -> Case {
        Case {
            name: name.into(),
            family,
            role,
            input,
            allow_special_files: false,
            expect: accepted(),
        }
    }

    fn expect(mut self, expect: Expect) -> Case {
        self.expect = expect;
        self
    }

    /// The path the input is read from, inside `dir`.
    pub fn path(&self, dir: &Path) -> PathBuf {
        match &self.input {
            Input::Text { ext, .. } => dir.join(format!("{}.{ext}", self.name)),
            Input::Bytes(_) => dir.join(format!("{}.yaml", self.name)),
            Input::Path(p) => p.clone(),
            Input::Fifo => dir.join(format!("{}.yaml", self.name)),
            Input::Sparse(_) => dir.join(format!("{}.yaml", self.name)),
        }
    }
}

fn accepted() -> Expect {
    Expect::Accepted {
        diagnostics: Vec::new(),
    }
}

fn refused(message: impl Into<String>, at: Option<(usize, usize)>, problems: usize) -> Expect {
    Expect::Refused {
        message: message.into(),
        at,
        help: None,
        problems,
    }
}

/// The help of a refusal by the pre-scan for nesting.
const NESTING_HELP: &str = "the document was not parsed; no format needs nesting this deep";

/// The help of a refusal by the pre-scan for length.
fn length_help(what: &str) -> String {
    let option = if what == "key" {
        "max_key_bytes"
    } else {
        "max_scalar_bytes"
    };
    format!("the document was not parsed; `LoadOptions::{option}` sets the limit")
}

fn with_help(expect: Expect, text: &str) -> Expect {
    match expect {
        Expect::Refused {
            message,
            at,
            problems,
            ..
        } => Expect::Refused {
            message,
            at,
            help: Some(text.to_owned()),
            problems,
        },
        other => other,
    }
}

fn yaml(text: String) -> Input {
    Input::Text { ext: "yaml", text }
}

fn json(text: String) -> Input {
    Input::Text { ext: "json", text }
}

/// Line and column (1-based, in characters) of byte `offset` of `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// Line and column of the `n`-th (from 0) occurrence of `needle`.
fn nth(text: &str, needle: &str, n: usize) -> Option<(usize, usize)> {
    text.match_indices(needle)
        .nth(n)
        .map(|(i, _)| line_col(text, i))
}

/// A bundle for `bis-ecg` with `items` after its one valid item.
fn bundle(items: &str) -> String {
    format!(
        "subject:\n  name: Fictional Fasteners GmbH\n  profile: {{ exports_dual_use: true, employees: 140 }}\nas_of: 2026-11-01\nevidence:\n  - id: EV-1\n    kind: policy_statement\n    assurance: documented\n    attributes: {{ signed_by: ceo, date: 2026-03-02, distributed_to_staff: true }}\n{items}"
    )
}

/// `n` items of `bytes` size in all at most; `extra` goes into each item, `date` is theirs.
fn items(bytes: usize, extra: &str, date: &str) -> (String, usize) {
    let mut out = String::new();
    let mut n = 0;
    loop {
        let item = format!(
            "  - id: EV-{n:07}\n    kind: policy_statement\n    assurance: documented{extra}\n    attributes: {{ signed_by: ceo, date: {date}, distributed_to_staff: true }}\n"
        );
        if out.len() + item.len() > bytes {
            return (out, n);
        }
        out.push_str(&item);
        n += 1;
    }
}

/// A small valid framework up to `rules:`, with `kinds` as its evidence kinds.
fn framework(kinds: &str, rules: &str) -> String {
    format!(
        "framework:\n  id: tc\n  version: 1.0.0\n  title: Test framework\n  authority: Fictional Export Authority\n  source: {{ title: Fictional guidance, published: 2024-01-01 }}\nrating_bands:\n  - {{ id: good, label: Good, min_score: 50 }}\n  - {{ id: poor, label: Poor, min_score: 0 }}\nelements:\n  - {{ id: management-commitment, title: Management commitment }}\nprofile_facts:\n  exports_dual_use: bool\n  employees: integer\nevidence_kinds:\n{kinds}rules:\n{rules}"
    )
}

const POLICY_KIND: &str = "  - id: policy_statement\n    attributes: { signed_by: [ceo, board], date: date, distributed_to_staff: bool }\n";

fn rule(id: &str, check: &str) -> String {
    format!(
        "  - id: {id}\n    element: management-commitment\n    title: Written commitment statement\n    severity: critical\n    tests: design\n    check: {check}\n"
    )
}

/// Every family, at the given scale. `dir` is where the runner writes the inputs.
pub fn cases(scale: Scale, dir: &Path) -> Vec<Case> {
    let mut all = Vec::new();
    all.extend(read_caps(dir));
    all.extend(locating(scale));
    all.extend(nesting(scale));
    all.extend(suggestions(scale));
    all.extend(lengths(scale));
    all.extend(node_counts());
    all.extend(contradictions(scale));
    all.extend(json_documents());
    all.extend(weights());
    all.extend(tags());
    all.extend(prefixes());
    all.extend(encodings());
    all
}

fn read_caps(dir: &Path) -> Vec<Case> {
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

fn locating(scale: Scale) -> Vec<Case> {
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

fn nesting(scale: Scale) -> Vec<Case> {
    let f = "nesting";
    let deep = "lists and maps nest more than 128 levels deep here";
    let refused = |message, at, problems| with_help(refused(message, at, problems), NESTING_HELP);
    let n = scale.pick(10_000, 100_000);
    let mut out = Vec::new();
    for (shape, open, close) in [("list", "[", "]"), ("map", "{\"a\": ", "}")] {
        let inner = format!("{}1{}", open.repeat(n), close.repeat(n));
        // Three maps (document, subject, profile) hold the value: its 126th bracket is the
        // 129th level.
        let text = format!("subject:\n  name: X\n  profile:\n    countries_of_concern: {inner}\n");
        let at = Some(line_col(
            &text,
            text.find(open).unwrap_or(0) + 125 * open.len(),
        ));
        out.push(
            Case::new(
                f,
                format!("deep-{shape}-{n}-yaml"),
                Role::Bundle,
                yaml(text),
            )
            .expect(refused(deep, at, 1)),
        );
        let text = format!(
            "{{\"subject\": {{\"name\": \"X\", \"profile\": {{\"countries_of_concern\": {inner}}}}}}}"
        );
        let first = text.find(&format!(": {open}")).map_or(0, |i| i + 2);
        let at = Some(line_col(&text, first + 125 * open.len()));
        out.push(
            Case::new(
                f,
                format!("deep-{shape}-{n}-json"),
                Role::Bundle,
                json(text),
            )
            .expect(refused(deep, at, 1)),
        );
        // In a framework, under an unknown key of the document (the second level).
        let text = framework(
            POLICY_KIND,
            &rule("tc.mc.1", "{ fact: exports_dual_use, eq: true }"),
        ) + &format!("x: {inner}\n");
        let first = text.rfind("\nx: ").map_or(0, |i| i + 4);
        let at = Some(line_col(&text, first + 127 * open.len()));
        out.push(
            Case::new(
                f,
                format!("deep-{shape}-{n}-framework"),
                Role::Framework,
                yaml(text),
            )
            .expect(refused(deep, at, 1)),
        );
    }
    let depth = scale.pick(1_500, 2_000);
    let mut text = String::from("subject:\n  name: X\nextra:\n");
    for i in 0..depth {
        text.push_str(&format!("{}k{i}:\n", "  ".repeat(i + 1)));
    }
    text.push_str(&format!("{}v\n", "  ".repeat(depth + 1)));
    // The map under `extra` is the second level, so `k127` opens the 129th.
    let at = Some(line_col(&text, text.find("k127:").unwrap_or(0)));
    out.push(
        Case::new(
            f,
            format!("deep-block-maps-{depth}"),
            Role::Bundle,
            yaml(text),
        )
        .expect(refused(deep, at, 1)),
    );
    out
}

fn suggestions(scale: Scale) -> Vec<Case> {
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

fn lengths(scale: Scale) -> Vec<Case> {
    let f = "key and value length";
    let size = scale.pick(1 << 20, 7 << 20);
    let long_key = |what: &str, n: usize| {
        format!(
            "this {what} is {n} bytes long, over the limit of {} bytes",
            if what == "key" { 1024 } else { 65536 }
        )
    };
    let too_long = |message: String, at, problems| {
        let what = if message.starts_with("this key") {
            "key"
        } else {
            "value"
        };
        with_help(refused(message, at, problems), &length_help(what))
    };
    let k = "k".repeat(size);
    let mut out = Vec::new();
    let text = format!("subject: {{ name: X }}\n{k}: 1\n");
    out.push(
        Case::new(f, "long-key", Role::Bundle, yaml(text)).expect(too_long(
            long_key("key", size),
            Some((2, 1)),
            1,
        )),
    );
    let text = format!("subject: {{ name: X }}\n? {k}\n: 1\n");
    out.push(
        Case::new(f, "long-key-explicit", Role::Bundle, yaml(text)).expect(too_long(
            long_key("key", size),
            Some((2, 3)),
            1,
        )),
    );
    let text = format!("{{\"subject\": {{\"name\": \"X\"}}, \"{k}\": 1}}");
    let at = nth(&text, "\"k", 0);
    out.push(
        Case::new(f, "long-key-json", Role::Bundle, json(text)).expect(too_long(
            long_key("key", size + 2),
            at,
            1,
        )),
    );
    let text = format!(
        "subject: {{ name: X }}\nas_of: 2026-11-01\nattestations:\n  ? {}\n  : {{ answer: yes }}\n",
        "r".repeat(size)
    );
    out.push(
        Case::new(f, "long-attestation-key", Role::Bundle, yaml(text)).expect(too_long(
            long_key("key", size),
            Some((4, 5)),
            1,
        )),
    );
    let text = format!(
        "subject: {{ name: {} }}\nas_of: 2026-11-01\n",
        "n".repeat(size)
    );
    out.push(
        Case::new(f, "long-value", Role::Bundle, yaml(text)).expect(too_long(
            long_key("value", size),
            Some((1, 18)),
            1,
        )),
    );
    let text = format!(
        "subject: {{ name: X }}\nas_of: 2026-11-01\nnote: |\n{}",
        format!("  {}\n", "t".repeat(99)).repeat(size / 102)
    );
    let block = text.len() - text.find('|').unwrap_or(0) - 1;
    out.push(
        Case::new(f, "long-block-value", Role::Bundle, yaml(text)).expect(too_long(
            long_key("value", block),
            Some((3, 7)),
            1,
        )),
    );
    // At the limits: read, and then judged on content.
    let key = "k".repeat(1024);
    let text = format!("subject: {{ name: X }}\n{key}: 1\n");
    out.push(
        Case::new(f, "key-at-limit", Role::Bundle, yaml(text)).expect(refused(
            format!("unknown key `{key}`"),
            Some((2, 1)),
            1,
        )),
    );
    let name = "n".repeat(65536);
    let text = format!("subject:\n  name: {name}\nas_of: 2026-11-01\n");
    out.push(Case::new(f, "value-at-limit", Role::Bundle, yaml(text)));
    out
}

fn node_counts() -> Vec<Case> {
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

fn contradictions(scale: Scale) -> Vec<Case> {
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

fn json_documents() -> Vec<Case> {
    let f = "json documents";
    let doc = "{\"subject\": {\"name\": \"X\"}, \"as_of\": \"2026-11-01\"}";
    let after = "unexpected text after the end of the document";
    vec![
        Case::new(
            f,
            "json-trailing-text",
            Role::Bundle,
            json(format!("{doc} xyz")),
        )
        .expect(refused(after, Some((1, doc.len() + 2)), 1)),
        Case::new(
            f,
            "json-two-values",
            Role::Bundle,
            json(format!("{doc}\n{{\"subject\": {{\"name\": \"Y\"}}}}")),
        )
        .expect(refused(after, Some((2, 1)), 1)),
        Case::new(f, "json-empty", Role::Bundle, json(String::new())).expect(refused(
            "EOF while parsing a value",
            Some((1, 1)),
            1,
        )),
        Case::new(f, "json-valid", Role::Bundle, json(doc.to_owned())),
    ]
}

fn weights() -> Vec<Case> {
    let f = "weights";
    let two = |w: &str| {
        let text = framework(
            POLICY_KIND,
            &(rule("tc.mc.1", "{ fact: exports_dual_use, eq: true }")
                + &rule("tc.mc.2", "{ fact: exports_dual_use, eq: true }")),
        );
        text.replace(
            "elements:\n  - { id: management-commitment, title: Management commitment }\n",
            &format!("elements:\n  - {{ id: management-commitment, title: MC, weight: {w} }}\n  - {{ id: other, title: Other, weight: {w} }}\n"),
        )
        .replace("  - id: tc.mc.2\n    element: management-commitment", "  - id: tc.mc.2\n    element: other")
    };
    let text = two("1.7e308");
    let at = nth(&text, "1.7e308", 0);
    vec![
        Case::new(f, "element-weights-1.7e308", Role::Framework, yaml(text)).expect(refused(
            "weight must be a number from 0 to 1000000, found 1.7e308",
            at,
            2,
        )),
        Case::new(
            f,
            "element-weights-1e6",
            Role::Framework,
            yaml(two("1000000")),
        ),
    ]
}

fn tags() -> Vec<Case> {
    let f = "yaml tags";
    let tag = |t: &str| format!("YAML tag `{t}` is not allowed: the formats use no tags");
    let help = "remove the tag; quote a value that must be read as text";
    let object = "subject: !!python/object:os.system { name: X }\nas_of: 2026-11-01\n".to_owned();
    let name = bundle("").replace("name: Fictional", "name: !company Fictional");
    let at_name = nth(&name, "!company", 0);
    let list = bundle("").replace(
        "employees: 140",
        "employees: 140, jurisdictions: [ !!python/name:os.system US ]",
    );
    let at_list = nth(&list, "!!python", 0);
    vec![
        Case::new(f, "tag-python-object", Role::Bundle, yaml(object)).expect(with_help(
            refused(tag("!!python/object:os.system"), Some((1, 10)), 1),
            help,
        )),
        Case::new(f, "tag-custom", Role::Bundle, yaml(name))
            .expect(with_help(refused(tag("!company"), at_name, 1), help)),
        Case::new(f, "tag-in-list", Role::Bundle, yaml(list)).expect(with_help(
            refused(tag("!!python/name:os.system"), at_list, 1),
            help,
        )),
    ]
}

fn prefixes() -> Vec<Case> {
    let f = "framework prefixes";
    let mut out = Vec::new();
    for (name, prefix) in [
        ("case", "BIS-ECG"),
        ("underscore", "bis_ecg"),
        ("missing-dash", "bisecg"),
    ] {
        let text = bundle(&format!(
            "attestations:\n  {prefix}.mc.5: {{ answer: yes }}\n"
        ));
        let at = nth(&text, "{ answer", 0);
        out.push(Case::new(f, format!("prefix-{name}"), Role::Bundle, yaml(text)).expect(with_help(
            refused(
                format!("`bis-ecg` has no rule `{prefix}.mc.5`, and `{prefix}` is too close to `bis-ecg` to be another framework's"),
                at,
                1,
            ),
            "did you mean `bis-ecg.mc.5`?",
        )));
    }
    let other = bundle("attestations:\n  eu-2019-1318.x.1: { answer: yes }\n");
    out.push(
        Case::new(f, "prefix-other-framework", Role::Bundle, yaml(other)).expect(
            Expect::Accepted {
                diagnostics: vec!["`eu-2019-1318`".to_owned()],
            },
        ),
    );
    out
}

fn encodings() -> Vec<Case> {
    let f = "encodings";
    let text = bundle("");
    let mut bad = text.clone().into_bytes();
    let at = text.find("Fasteners").unwrap_or(0);
    bad.insert(at, 0xFF);
    let multi = format!("{text}---\n{text}");
    let at_second = Some(line_col(&multi, text.len()));
    vec![
        Case::new(f, "bom-yaml", Role::Bundle, yaml(format!("\u{FEFF}{text}"))),
        Case::new(
            f,
            "bom-json",
            Role::Bundle,
            json("\u{FEFF}{\"subject\": {\"name\": \"X\"}, \"as_of\": \"2026-11-01\"}".to_owned()),
        ),
        Case::new(f, "invalid-utf8", Role::Bundle, Input::Bytes(bad)).expect(with_help(
            refused(
                "the text is not valid UTF-8: byte 0xFF cannot be read as a character",
                Some(line_col(&text, at)),
                1,
            ),
            "save the file as UTF-8",
        )),
        Case::new(f, "two-documents", Role::Bundle, yaml(multi)).expect(refused(
            "a file holds one YAML document, and a second one starts here",
            at_second,
            1,
        )),
    ]
}

/// Writes a case's input into `dir` (devices are left alone; a FIFO is made with `mkfifo`).
pub fn write_input(case: &Case, dir: &Path) -> std::io::Result<()> {
    let path = case.path(dir);
    match &case.input {
        Input::Text { text, .. } => std::fs::write(path, text),
        Input::Bytes(bytes) => std::fs::write(path, bytes),
        Input::Path(_) => Ok(()),
        Input::Sparse(size) => std::fs::File::create(path)?.set_len(*size),
        Input::Fifo => {
            if !path.exists() {
                let status = std::process::Command::new("mkfifo").arg(&path).status()?;
                if !status.success() {
                    return Err(std::io::Error::other("mkfifo failed"));
                }
            }
            Ok(())
        }
    }
}

/// What loading a case gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Assessed; the report's diagnostics and overall score.
    Accepted {
        diagnostics: Vec<String>,
        score: f64,
    },
    /// Refused: the first problem's message, location and help (or the error's text), and the
    /// number of problems; `text` is the error as shown to a user.
    Refused {
        message: String,
        at: Option<(usize, usize)>,
        help: Option<String>,
        problems: usize,
        text: String,
    },
}

/// The bundle a framework case assesses.
const MINIMAL_BUNDLE: &str = "subject: { name: Fictional Minimal Ltd, profile: { exports_dual_use: true } }\nas_of: 2026-11-01\n";

/// Loads the case's input from `dir` as a user of the library would, then prepares and
/// assesses it, and renders the report as JSON.
pub fn run(case: &Case, dir: &Path) -> Outcome {
    use icp_assess::{EvidenceBundle, Framework, LoadOptions};
    let options = LoadOptions::new().allow_special_files(case.allow_special_files);
    let path = case.path(dir);
    let as_of = icp_assess::jiff::civil::date(2026, 11, 1);
    let result = match case.role {
        Role::Bundle => Framework::bundled("bis-ecg").and_then(|framework| {
            let bundle = EvidenceBundle::from_path_with(&path, &options)?;
            let report = framework.prepare(&bundle)?.assess(as_of);
            Ok((report.to_json(), report.diagnostics, report.summary.score))
        }),
        Role::Framework => Framework::from_path_with(&path, &options).and_then(|framework| {
            let bundle = EvidenceBundle::from_yaml_str(MINIMAL_BUNDLE, "minimal.yaml")?;
            let report = framework.prepare(&bundle)?.assess(as_of);
            Ok((report.to_json(), report.diagnostics, report.summary.score))
        }),
    };
    match result {
        Ok((_, diagnostics, score)) => Outcome::Accepted {
            diagnostics: diagnostics.iter().map(|d| d.message.clone()).collect(),
            score,
        },
        Err(e) => {
            let first = e.problems().first();
            Outcome::Refused {
                message: first.map_or_else(|| e.to_string(), |p| p.message().to_owned()),
                at: first.and_then(|p| p.location()).map(|l| (l.line, l.column)),
                help: first.and_then(|p| p.help()).map(str::to_owned),
                problems: e.problems().len(),
                text: e.to_string(),
            }
        }
    }
}

/// Whether an outcome is the one the case expects (diagnostics: each expected one is a
/// substring of some reported one; an accepted score lies in [0, 100]).
pub fn matches(expect: &Expect, outcome: &Outcome) -> bool {
    match (expect, outcome) {
        (
            Expect::Accepted { diagnostics: want },
            Outcome::Accepted {
                diagnostics: got,
                score,
            },
        ) => {
            (0.0..=100.0).contains(score)
                && want
                    .iter()
                    .all(|w| got.iter().any(|g| g.contains(w.as_str())))
        }
        (
            Expect::Refused {
                message,
                at,
                help,
                problems,
            },
            Outcome::Refused {
                message: m,
                at: a,
                help: h,
                problems: p,
                ..
            },
        ) => message == m && at == a && help == h && problems == p,
        _ => false,
    }
}
