//! The README's promises: its library example is `examples/embed.rs`, a program that uses only
//! what the README shows.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "a README without the section fails the test loudly"
)]

/// The text between `start` and the next `end` after it.
fn between<'t>(text: &'t str, start: &str, end: &str) -> &'t str {
    let from = text.find(start).map(|i| i + start.len()).unwrap();
    let to = text[from..].find(end).map(|i| from + i).unwrap();
    &text[from..to]
}

/// The code without whitespace, so that formatting does not count.
fn tokens(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_readme_library_example_is_examples_embed() {
    let readme = include_str!("../README.md");
    let usage = &readme[readme.find("## Using the library").unwrap()..];
    let shown: String = between(usage, "```rust\n", "```\n")
        .lines()
        .filter(|l| !l.starts_with("# "))
        .collect::<Vec<_>>()
        .join("\n");
    let embed = include_str!("../examples/embed.rs");
    let body = between(
        embed,
        "fn main() -> Result<(), Box<dyn std::error::Error>> {",
        "    Ok(())\n}",
    );
    assert_eq!(tokens(&shown), tokens(body));
    // Nothing beyond the README: every `use` of the example is in the README.
    for line in embed.lines().filter(|l| l.trim_start().starts_with("use ")) {
        assert!(readme.contains(line.trim()), "{line}");
    }
}
