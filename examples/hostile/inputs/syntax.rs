//! Families about syntax: nesting, key and value lengths, JSON documents, YAML tags and
//! encodings.

use super::{
    Case, Expect, Input, NESTING_HELP, POLICY_KIND, Role, Scale, bundle, framework, json,
    length_help, line_col, nth, refused, rule, with_help, yaml,
};

/// The limit's message and help.
fn too_deep(at: Option<(usize, usize)>) -> Expect {
    let deep = "lists and maps nest more than 128 levels deep here";
    with_help(refused(deep, at, 1), NESTING_HELP)
}

pub(super) fn nesting(scale: Scale) -> Vec<Case> {
    let n = scale.pick(10_000, 100_000);
    let mut out = Vec::new();
    for (shape, open, close) in [("list", "[", "]"), ("map", "{\"a\": ", "}")] {
        let inner = format!("{}1{}", open.repeat(n), close.repeat(n));
        out.extend(flow_nesting(&format!("{shape}-{n}"), open, &inner));
    }
    out.push(block_nesting(scale.pick(1_500, 2_000)));
    out
}

/// `inner` (brackets opened by `open`) as a profile fact in YAML and JSON bundles, and under an
/// unknown key of a framework.
fn flow_nesting(name: &str, open: &str, inner: &str) -> Vec<Case> {
    let f = "nesting";
    // Three maps (document, subject, profile) hold the fact: its 126th bracket is the 129th
    // level.
    let text = format!("subject:\n  name: X\n  profile:\n    countries_of_concern: {inner}\n");
    let at = Some(line_col(
        &text,
        text.find(open).unwrap_or(0) + 125 * open.len(),
    ));
    let yaml_case =
        Case::new(f, format!("deep-{name}-yaml"), Role::Bundle, yaml(text)).expect(too_deep(at));
    let text = format!(
        "{{\"subject\": {{\"name\": \"X\", \"profile\": {{\"countries_of_concern\": {inner}}}}}}}"
    );
    let first = text.find(&format!(": {open}")).map_or(0, |i| i + 2);
    let at = Some(line_col(&text, first + 125 * open.len()));
    let json_case =
        Case::new(f, format!("deep-{name}-json"), Role::Bundle, json(text)).expect(too_deep(at));
    // Under an unknown key of the document (the second level): the 128th bracket.
    let text = framework(
        POLICY_KIND,
        &rule("tc.mc.1", "{ fact: exports_dual_use, eq: true }"),
    ) + &format!("x: {inner}\n");
    let first = text.rfind("\nx: ").map_or(0, |i| i + 4);
    let at = Some(line_col(&text, first + 127 * open.len()));
    let framework_case = Case::new(
        f,
        format!("deep-{name}-framework"),
        Role::Framework,
        yaml(text),
    )
    .expect(too_deep(at));
    vec![yaml_case, json_case, framework_case]
}

/// Block maps nested `depth` deep under an unknown key.
fn block_nesting(depth: usize) -> Case {
    let mut text = String::from("subject:\n  name: X\nextra:\n");
    for i in 0..depth {
        text.push_str(&format!("{}k{i}:\n", "  ".repeat(i + 1)));
    }
    text.push_str(&format!("{}v\n", "  ".repeat(depth + 1)));
    // The map under `extra` is the second level, so `k127` opens the 129th.
    let at = Some(line_col(&text, text.find("k127:").unwrap_or(0)));
    Case::new(
        "nesting",
        format!("deep-block-maps-{depth}"),
        Role::Bundle,
        yaml(text),
    )
    .expect(too_deep(at))
}

/// The length limit's message and help for a `what` ("key" or "value") of `n` bytes.
fn too_long(what: &str, n: usize, at: Option<(usize, usize)>) -> Expect {
    let limit = if what == "key" { 1024 } else { 65536 };
    let message = format!("this {what} is {n} bytes long, over the limit of {limit} bytes");
    with_help(refused(message, at, 1), &length_help(what))
}

pub(super) fn lengths(scale: Scale) -> Vec<Case> {
    let size = scale.pick(1 << 20, 7 << 20);
    let mut out = long_keys(size);
    out.extend(long_values(size));
    out.extend(at_limits());
    out
}

fn long_keys(size: usize) -> Vec<Case> {
    let f = "key and value length";
    let k = "k".repeat(size);
    let text = format!("{{\"subject\": {{\"name\": \"X\"}}, \"{k}\": 1}}");
    let at_json = nth(&text, "\"k", 0);
    let json_case = Case::new(f, "long-key-json", Role::Bundle, json(text)).expect(too_long(
        "key",
        size + 2,
        at_json,
    ));
    let attestation = format!(
        "subject: {{ name: X }}\nas_of: 2026-11-01\nattestations:\n  ? {}\n  : {{ answer: yes }}\n",
        "r".repeat(size)
    );
    vec![
        Case::new(
            f,
            "long-key",
            Role::Bundle,
            yaml(format!("subject: {{ name: X }}\n{k}: 1\n")),
        )
        .expect(too_long("key", size, Some((2, 1)))),
        Case::new(
            f,
            "long-key-explicit",
            Role::Bundle,
            yaml(format!("subject: {{ name: X }}\n? {k}\n: 1\n")),
        )
        .expect(too_long("key", size, Some((2, 3)))),
        json_case,
        Case::new(f, "long-attestation-key", Role::Bundle, yaml(attestation)).expect(too_long(
            "key",
            size,
            Some((4, 5)),
        )),
    ]
}

fn long_values(size: usize) -> Vec<Case> {
    let f = "key and value length";
    let text = format!(
        "subject: {{ name: {} }}\nas_of: 2026-11-01\n",
        "n".repeat(size)
    );
    let value = Case::new(f, "long-value", Role::Bundle, yaml(text)).expect(too_long(
        "value",
        size,
        Some((1, 18)),
    ));
    let lines = format!("  {}\n", "t".repeat(99)).repeat(size / 102);
    let text = format!("subject: {{ name: X }}\nas_of: 2026-11-01\nnote: |\n{lines}");
    // From the `|` to the end of the last line of text.
    let block = text.len() - text.find('|').unwrap_or(0) - 1;
    let block_case = Case::new(f, "long-block-value", Role::Bundle, yaml(text)).expect(too_long(
        "value",
        block,
        Some((3, 7)),
    ));
    vec![value, block_case]
}

/// At the limits: read, and then judged on content.
fn at_limits() -> Vec<Case> {
    let f = "key and value length";
    let key = "k".repeat(1024);
    let text = format!("subject: {{ name: X }}\n{key}: 1\n");
    let name = "n".repeat(65536);
    vec![
        Case::new(f, "key-at-limit", Role::Bundle, yaml(text)).expect(refused(
            format!("unknown key `{key}`"),
            Some((2, 1)),
            1,
        )),
        Case::new(
            f,
            "value-at-limit",
            Role::Bundle,
            yaml(format!("subject:\n  name: {name}\nas_of: 2026-11-01\n")),
        ),
    ]
}

pub(super) fn json_documents() -> Vec<Case> {
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

pub(super) fn tags() -> Vec<Case> {
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

pub(super) fn encodings() -> Vec<Case> {
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
