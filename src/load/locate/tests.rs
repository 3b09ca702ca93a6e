//! Locating paths: both the structure the pre-scan reports and the parser's walk.

use super::*;

fn value(path: &str) -> Wanted {
    Wanted {
        path: parse_path(path),
        key: None,
    }
}

fn key(path: &str, n: usize) -> Wanted {
    Wanted {
        path: parse_path(path),
        key: Some(n),
    }
}

fn at(text: &str, format: Format, wanted: &[Wanted]) -> Vec<Option<(usize, usize)>> {
    locate_all(text, format, wanted)
        .into_iter()
        .map(|l| l.map(|l| (l.line, l.column)))
        .collect()
}

#[test]
fn path_round_trips_through_render_and_parse() {
    let segs = vec![
        Seg::Key("attestations".into()),
        Seg::Key("bis-ecg.mc.1".into()),
        Seg::Key("answer".into()),
    ];
    let text = render_path(&segs);
    assert_eq!(text, "attestations[\"bis-ecg.mc.1\"].answer");
    assert_eq!(parse_path(&text), segs);
    assert_eq!(
        parse_path("rules[12].check.all[1].fact"),
        vec![
            Seg::Key("rules".into()),
            Seg::Index(12),
            Seg::Key("check".into()),
            Seg::Key("all".into()),
            Seg::Index(1),
            Seg::Key("fact".into()),
        ]
    );
}

#[test]
fn locates_every_wanted_yaml_path_in_one_reading() {
    let text = "a:\n  b:\n    - x: 1\n    - x: 2\n      y: [3, 4]\n  e: {}\n";
    let wanted = [
        value("a.b[1].x"),
        value("a.b[1].y[1]"),
        value("a.b[1]"),
        value("a.c"),
        value("a.b[0].x"),
        key("a.b[1].y", 0),
        value("a.e"),
        value("."),
    ];
    assert_eq!(
        at(text, Format::Yaml, &wanted),
        vec![
            Some((4, 10)),
            Some((5, 14)),
            Some((4, 7)),
            None,
            Some((3, 10)),
            Some((5, 7)),
            // An empty flow map is placed at its brace.
            Some((6, 6)),
            Some((1, 1)),
        ]
    );
}

#[test]
fn places_collections_where_they_start() {
    let text = "a: { x: 1 }\nb:\n  - 1\nc: [ [2] ]\nd:\n- - 3\n";
    let wanted = [
        value("a"),
        value("b"),
        value("c"),
        value("c[0]"),
        value("d[0]"),
    ];
    assert_eq!(
        at(text, Format::Yaml, &wanted),
        vec![
            Some((1, 4)),
            Some((3, 3)),
            Some((4, 4)),
            Some((4, 6)),
            Some((6, 3))
        ]
    );
}

#[test]
fn locates_later_occurrences_of_a_key() {
    let text = "m:\n  k: 1\n  j: 2\n  k: 3\n";
    assert_eq!(
        at(
            text,
            Format::Yaml,
            &[key("m.k", 1), key("m.k", 0), value("m.k")]
        ),
        vec![Some((4, 3)), Some((2, 3)), Some((2, 6))]
    );
}

#[test]
fn locates_json_values_and_keys_on_their_line() {
    let text = "{\n  \"a\": [1,\n    {\"b\": true}],\n  \"c\": {}\n}";
    let found = at(
        text,
        Format::Json,
        &[value("a[1].b"), key("a[1].b", 0), value("c"), value("zz")],
    );
    let lines: Vec<Option<usize>> = found.iter().map(|f| f.map(|(l, _)| l)).collect();
    assert_eq!(lines, vec![Some(3), Some(3), Some(4), None]);
}

#[test]
fn positions_found_before_a_syntax_error_are_kept() {
    let text = "a: 1\nb: [\n";
    assert_eq!(
        at(text, Format::Yaml, &[value("a"), value("b[0]")]),
        vec![Some((1, 4)), None]
    );
    let lines = Lines::new(text, Format::Yaml);
    let trie = Trie::new(&[value("a"), value("b[0]")]);
    let walked = walk::walk(text, Format::Yaml, &trie, &lines);
    assert_eq!(walked, vec![Some(Location { line: 1, column: 4 }), None]);
}

#[test]
fn the_scan_and_the_parser_agree_on_positions() {
    let text = "\
subject:
  name: Fictional Widgets Ltd
  profile: { employees: 12, 'jurisdictions': [DE, \"FR\"] }
evidence:
  - id: EV-1
    kind: policy
    note: a note that goes
      on over two lines
    attributes:
      signed_by: ceo
      text: |
        block text
      date: 2026-03-02
  -
    id: EV-2
    kind: &k training
attestations:
  \"bis-ecg.mc.5\": { answer: yes, evidence: [EV-1, EV-2] }
  ? bis-ecg.mc.6
  : { answer: no }
";
    let wanted = [
        value("subject.name"),
        value("subject.profile.employees"),
        value("subject.profile.jurisdictions[1]"),
        key("subject.profile.jurisdictions", 0),
        value("evidence[0].note"),
        value("evidence[0].attributes.text"),
        value("evidence[0].attributes.date"),
        key("evidence[0].attributes.date", 0),
        value("evidence[1].id"),
        value("evidence[1].kind"),
        value("attestations[\"bis-ecg.mc.5\"].evidence[1]"),
        key("attestations[\"bis-ecg.mc.5\"]", 0),
        value("attestations[\"bis-ecg.mc.6\"].answer"),
        value("evidence[0].attributes"),
    ];
    let lines = Lines::new(text, Format::Yaml);
    let trie = Trie::new(&wanted);
    let tracked = track::track(text, &trie).map(|t| t.offsets);
    let tracked: Option<Vec<Option<Location>>> = tracked.map(|t| {
        t.into_iter()
            .map(|o| o.map(|o| lines.location(o)))
            .collect()
    });
    let walked = walk::walk(text, Format::Yaml, &trie, &lines);
    assert!(walked.iter().all(Option::is_some), "{walked:?}");
    assert_eq!(tracked, Some(walked));
}

#[test]
fn a_path_through_an_alias_is_placed_at_the_anchor() {
    let text = "base: &b { x: 1 }\nuse: *b\n";
    assert_eq!(
        at(text, Format::Yaml, &[value("use.x")]),
        vec![Some((1, 15))]
    );
}
