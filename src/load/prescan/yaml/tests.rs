//! The pre-scan's YAML tests: what it refuses, what it lets through, and the structure it
//! reports.

use super::*;

const LIMITS: Limits = Limits {
    key: 8,
    scalar: 24,
    nodes: 1000,
};

fn refused_at(text: &str) -> Option<usize> {
    scan(text.as_bytes(), LIMITS, &mut NoSink)
        .err()
        .map(|r| r.offset)
}

fn nest_block_maps(depth: usize) -> String {
    (0..depth)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect::<String>()
        + &" ".repeat(depth)
        + "v\n"
}

#[test]
fn valid_documents_pass() {
    let text = "\
%YAML 1.2
---
a: &x { b: [1, 'two', \"th\\\"ree\"], c: d }   # comment [[[
e:
- f: |
    !not a tag, [[[ { not brackets
    - not a sequence
  g: >-
    folded
h: a plain scalar that
  continues !here [and here
\"quoted key\": 'it''s'
? explicit
: value
i: *x
...
";
    assert_eq!(
        scan(
            text.as_bytes(),
            Limits {
                key: 99,
                scalar: 99,
                nodes: 1000,
            },
            &mut NoSink
        ),
        Ok(Scan::default())
    );
    assert_eq!(refused_at(&nest_block_maps(MAX_NESTING)), None);
    assert_eq!(refused_at("a: http://x.org/a#b, [c]\n"), None);
}

#[test]
fn nesting_past_the_limit_is_refused_where_it_starts() {
    let flow = format!("a: {}", "[".repeat(MAX_NESTING));
    // The map `a:` is one level, so the 128th bracket is the 129th level.
    assert_eq!(refused_at(&flow), Some(3 + MAX_NESTING - 1));
    let text = nest_block_maps(MAX_NESTING + 1);
    let last_key = text.rfind('k');
    assert_eq!(refused_at(&text), last_key);
    let seqs = "- ".repeat(MAX_NESTING + 1) + "x\n";
    assert_eq!(refused_at(&seqs), Some(2 * MAX_NESTING));
    // A flow map inside quotes or a block scalar is text.
    let quoted = format!("a: '{}'\n", "[".repeat(20));
    assert!(
        scan(
            quoted.as_bytes(),
            Limits {
                key: 8,
                scalar: 99,
                nodes: 1000
            },
            &mut NoSink
        )
        .is_ok()
    );
}

#[test]
fn tags_are_refused_wherever_a_node_starts() {
    for (text, at) in [
        ("subject: !!python/object:os.system { name: X }\n", 9),
        ("a: [x, !!python/name:os.system US]\n", 7),
        ("- !custom x\n", 2),
        ("a:\n  !t b: c\n", 5),
        ("&a !t x\n", 3),
    ] {
        let refusal = scan(text.as_bytes(), LIMITS, &mut NoSink).err();
        assert_eq!(refusal.as_ref().map(|r| r.offset), Some(at), "{text}");
    }
    let message = scan(b"a: !who ceo\n", LIMITS, &mut NoSink)
        .err()
        .map(|r| r.message);
    assert_eq!(
        message.as_deref(),
        Some("YAML tag `!who` is not allowed: the formats use no tags")
    );
    // `!` inside a scalar, a quoted string or a comment is text.
    assert_eq!(refused_at("a: wow !x\nb: '!x' # !x\nc: \"!x\"\n"), None);
}

#[test]
fn long_keys_and_values_are_refused_at_their_start() {
    assert_eq!(refused_at("abcdefgh: 1\n"), None);
    assert_eq!(refused_at("x: 1\nabcdefghi: 1\n"), Some(5));
    assert_eq!(refused_at("x: 1\n? abcdefghi\n: 1\n"), Some(7));
    assert_eq!(refused_at("{\"abcdefgh\": 1}"), Some(1));
    let long = "v".repeat(25);
    assert_eq!(refused_at(&format!("a: {long}\n")), Some(3));
    assert_eq!(refused_at(&format!("a: '{}'\n", "v".repeat(23))), Some(3));
    // A value over several lines is measured as a whole.
    assert_eq!(refused_at("a: vvvvvvvvvv\n  vvvvvvvvvvvvvv\n"), Some(3));
    assert_eq!(
        refused_at("a: |\n  vvvvvvvvvv\n  vvvvvvvvvvvvvvv\nb: 1\n"),
        Some(3)
    );
    assert_eq!(refused_at("a: |\n  vvvvvvvvvv\nb: vvvvv\n"), None);
}

#[test]
fn nodes_are_counted_keys_lists_and_maps_included() {
    // The map, then per entry a key and a scalar: 1 + 2 × 499 = 999 nodes.
    let map: String = (0..499).map(|i| format!("k{i}: v\n")).collect();
    assert_eq!(refused_at(&map), None);
    let map: String = (0..500).map(|i| format!("k{i}: v\n")).collect();
    let last = map.rfind(" v").map(|i| i + 1);
    assert_eq!(refused_at(&map), last);
    let list = format!("[{}]", vec!["a"; 999].join(", "));
    assert_eq!(refused_at(&list), None);
    let list = format!("[{}]", vec!["a"; 1000].join(", "));
    assert_eq!(refused_at(&list), Some(1 + 3 * 999));
}

#[test]
fn a_second_document_is_noted() {
    let second = |text: &str| scan(text.as_bytes(), LIMITS, &mut NoSink).map(|s| s.second_document);
    assert_eq!(second("---\na: 1\n...\n"), Ok(None));
    assert_eq!(second("a: 1\n---\nb: 2\n"), Ok(Some(5)));
    assert_eq!(second("a: 1\n---\n"), Ok(Some(5)));
    assert_eq!(second("a: 1\n...\nb: 2\n"), Ok(Some(9)));
    assert_eq!(second("a: |\n  ---\n"), Ok(None));
}

/// Records the structure as text: `S@3` a scalar at byte 3, `M@0`/`Q@0` a map/list, `k@0=a` a
/// key, `)` an end, `?` lost.
#[derive(Default)]
struct Record(Vec<String>);

impl Sink for Record {
    fn node(&mut self, at: usize, kind: NodeKind) {
        let k = match kind {
            NodeKind::Scalar => "S",
            NodeKind::Alias => "A",
            NodeKind::Map => "M",
            NodeKind::Seq => "Q",
        };
        self.0.push(format!("{k}@{at}"));
    }
    fn key(&mut self, at: usize, text: Option<&str>) {
        self.0.push(format!("k@{at}={}", text.unwrap_or("?")));
    }
    fn close(&mut self) {
        self.0.push(")".into());
    }
    fn lost(&mut self) {
        self.0.push("?".into());
    }
}

fn structure(text: &str) -> String {
    let mut record = Record::default();
    let limits = Limits {
        key: 99,
        scalar: 99,
        nodes: 1000,
    };
    let scanned = scan(text.as_bytes(), limits, &mut record);
    assert!(scanned.is_ok(), "{text}");
    record.0.join(" ")
}

#[test]
fn the_structure_of_block_and_flow_collections_is_reported() {
    assert_eq!(
        structure("a: 1\nb:\n  c: [x, {d: y}]\n"),
        "M@0 k@0=a S@3 k@5=b M@10 k@10=c Q@13 S@14 M@17 k@18=d S@21 ) ) ) )"
    );
    assert_eq!(
        structure("- id: x\n  k: 'y'\n- - z\n"),
        "Q@0 M@2 k@2=id S@6 k@10=k S@13 ) Q@19 S@21 ) )"
    );
    // An indentless list under a key, then the next key of the same map.
    assert_eq!(
        structure("a:\n- 1\nb: &x |\n  text\n\"q\": *x\n"),
        "M@0 k@0=a Q@3 S@5 ) k@7=b S@10 k@22=q A@27 )"
    );
}

#[test]
fn comment_lines_do_not_end_collections() {
    assert_eq!(
        structure("a:\n  b: 1\n# c\n  d: 2\n"),
        "M@0 k@0=a M@5 k@5=b S@8 k@16=d S@19 ) )"
    );
}

#[test]
fn keys_with_escapes_or_complex_keys_are_reported_as_such() {
    assert_eq!(structure("\"a\\tb\": 1\n"), "M@0 k@0=? S@8 )");
    assert_eq!(structure("'it''s': 1\n"), "M@0 k@0=it's S@9 )");
    assert_eq!(structure("? [a]\n: 1\n"), "M@0 ? Q@2 S@3 ) S@8 )");
}
