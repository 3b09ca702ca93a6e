//! Families about content: weights that would overflow the score, and framework prefixes of
//! attestations.

use super::{
    Case, Expect, POLICY_KIND, Role, bundle, framework, nth, refused, rule, with_help, yaml,
};

pub(super) fn weights() -> Vec<Case> {
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

pub(super) fn prefixes() -> Vec<Case> {
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
