//! Turning evaluation hits into sentences a compliance officer can check.
//!
//! Each sentence is written into one `String` (assessment runs this for every rule, so no
//! intermediate strings are made).

use std::fmt::Write as _;

use super::eval::{Ctx, Hit, Scan};
use super::{Node, Op, TVal, Target, Truth, Vocab, date_of};
use crate::model::Assurance;
use crate::report::Reason;

/// Renders hits as reasons, in the order they were recorded.
pub(crate) fn reasons(hits: &[Hit<'_>], vocab: &Vocab, ctx: &Ctx<'_>) -> Vec<Reason> {
    let mut out = Vec::with_capacity(hits.len());
    push_reasons(&mut out, hits, vocab, ctx, "");
    out
}

/// Appends the reasons of `hits` to `out`, each text starting with `prefix`.
pub(crate) fn push_reasons(
    out: &mut Vec<Reason>,
    hits: &[Hit<'_>],
    vocab: &Vocab,
    ctx: &Ctx<'_>,
    prefix: &str,
) {
    out.reserve(hits.len());
    out.extend(hits.iter().map(|hit| reason(hit, vocab, ctx, prefix)));
}

/// Appends each part to `out`: plain concatenation without the formatting machinery, which
/// costs more than the copying on this path (run for every leaf of every rule).
fn push_all(out: &mut String, parts: &[&str]) {
    for part in parts {
        out.push_str(part);
    }
}

// INVARIANT: writing to a `String` cannot fail, so the `fmt::Result`s below are ignored.

fn reason(hit: &Hit<'_>, vocab: &Vocab, ctx: &Ctx<'_>, prefix: &str) -> Reason {
    match hit {
        Hit::Test {
            test,
            item,
            truth,
            positive,
            adverse,
        } => {
            let item_ref = item.and_then(|i| ctx.items.get(i as usize));
            let mut text = String::with_capacity(96 + prefix.len());
            text.push_str(prefix);
            let value = match test.target {
                Target::Fact(f) => {
                    let name = vocab.facts.get(f as usize).map_or("?", |x| x.0.as_str());
                    push_all(&mut text, &["fact `", name, "`"]);
                    ctx.facts.get(f as usize).and_then(Option::as_ref)
                }
                Target::Attr(a) => {
                    let kind = item_ref.and_then(|it| vocab.kinds.get(it.kind as usize));
                    let attr = kind
                        .and_then(|k| k.attrs.get(a as usize))
                        .map_or("?", |x| x.0.as_str());
                    push_all(
                        &mut text,
                        &[
                            "`",
                            kind.map_or("?", |k| k.id.as_str()),
                            "` ",
                            item_ref.map_or("?", |it| it.id.as_str()),
                            ": `",
                            attr,
                            "`",
                        ],
                    );
                    item_ref
                        .and_then(|it| it.attrs.get(a as usize))
                        .and_then(Option::as_ref)
                }
            };
            // Under `not`, the leaf must fail for the rule to hold: state the negated
            // expectation, and mark the step by what it means for the rule.
            let outcome = match (adverse, positive) {
                (true, _) => Truth::False,
                (false, true) => *truth,
                (false, false) => truth.not(),
            };
            let expected = if *adverse { "matching" } else { "expected" };
            match value {
                Some(v) => {
                    text.push_str(" = ");
                    write_value(&mut text, v);
                    push_all(&mut text, &[", ", expected, " "]);
                }
                None => push_all(&mut text, &[" is not given, ", expected, " "]),
            }
            if let Op::SufficientFor(population) = test.op {
                write_sample_expectation(&mut text, ctx, vocab, *item, population, *positive);
            } else {
                write_expectation(&mut text, &test.op, ctx.as_of, !*positive);
            }
            Reason {
                outcome,
                evidence: item_ref.map(|it| it.id.clone()),
                text,
            }
        }
        Hit::Scan {
            node,
            truth,
            scan,
            positive,
        } => {
            let mut text = String::with_capacity(96 + prefix.len());
            text.push_str(prefix);
            if !*positive {
                text.push_str(match (node, truth) {
                    (Node::Exists(_), Truth::True) => "adverse record found: ",
                    (Node::Exists(_), Truth::False) => "no adverse record: ",
                    _ => "adverse records: ",
                });
            }
            let evidence = write_scan(&mut text, node, *truth, scan, vocab, ctx);
            Reason {
                outcome: if *positive { *truth } else { truth.not() },
                evidence,
                text,
            }
        }
    }
}

/// Writes the sentence for a scan; returns the id of the supporting item, if any.
fn write_scan(
    out: &mut String,
    node: &Node,
    truth: Truth,
    scan: &Scan,
    vocab: &Vocab,
    ctx: &Ctx<'_>,
) -> Option<String> {
    let (Node::Exists(sel) | Node::Count(sel, ..) | Node::Ratio(sel, ..)) = node else {
        return None;
    };
    let kind = vocab
        .kinds
        .get(sel.kind as usize)
        .map_or("?", |k| k.id.as_str());
    let id = |i: u32| ctx.items.get(i as usize).map_or("?", |it| it.id.as_str());
    // The examples are items that do not satisfy the conditions (or cannot be decided).
    let write_examples = |out: &mut String, label: &str| {
        let ids = scan.examples.as_slice();
        if let Some((first, rest)) = ids.split_first() {
            push_all(out, &[" (", label, " ", id(*first)]);
            for i in rest {
                push_all(out, &[", ", id(*i)]);
            }
            out.push(')');
        }
    };
    let write_open = |out: &mut String| {
        if scan.open {
            push_all(
                out,
                &[
                    "; no register of `",
                    kind,
                    "` covers the assessed period, so records not given cannot be ruled out",
                ],
            );
        }
    };
    let write_below = |out: &mut String| {
        if let (n @ 1.., Some(min)) = (scan.below, sel.min_assurance) {
            let _ = write!(
                out,
                "; {n} below the required assurance `{}` not counted",
                min.as_str()
            );
        }
    };
    match node {
        Node::Exists(_) => match (truth, scan.witness) {
            (Truth::True, Some(w)) => {
                let assurance = ctx
                    .items
                    .get(w as usize)
                    .map_or(Assurance::SelfDeclared, |it| it.assurance);
                push_all(
                    out,
                    &[
                        "`",
                        kind,
                        "` ",
                        id(w),
                        " satisfies the conditions (assurance `",
                        assurance.as_str(),
                        "`)",
                    ],
                );
                return Some(id(w).to_owned());
            }
            (Truth::Unknown, _) if scan.unknown == 0 => {
                let _ = write!(
                    out,
                    "none of {} `{kind}` records given satisfies the conditions",
                    scan.examined
                );
                write_below(out);
                write_open(out);
            }
            (Truth::Unknown, _) => {
                let _ = write!(
                    out,
                    "no `{kind}` item is known to satisfy the conditions: {} of {} cannot be decided",
                    scan.unknown, scan.examined
                );
                write_examples(out, "e.g.");
                write_below(out);
                write_open(out);
            }
            _ if scan.examined == 0 && scan.below > 0 => {
                let _ = write!(
                    out,
                    "no `{kind}` item has the required assurance `{}` or better ({} below it not counted)",
                    sel.min_assurance.map_or("?", Assurance::as_str),
                    scan.below
                );
            }
            _ if scan.examined == 0 => {
                let _ = write!(out, "no `{kind}` item in the bundle");
            }
            _ => {
                out.push_str("none of ");
                push_int(out, scan.examined.into());
                push_all(out, &[" `", kind, "` items satisfies the conditions"]);
                write_examples(out, "e.g.");
                write_below(out);
            }
        },
        Node::Count(_, cmp, n) => {
            push_int(out, scan.matched.into());
            push_all(out, &[" `", kind, "` items satisfy the conditions"]);
            if scan.unknown > 0 {
                out.push_str(", ");
                push_int(out, scan.unknown.into());
                out.push_str(" more undecided");
            }
            write_examples(out, "not satisfying them:");
            push_all(out, &["; expected ", cmp.symbol(), " "]);
            write_number(out, *n);
            write_below(out);
            write_open(out);
        }
        Node::Ratio(_, _, cmp, x) => {
            if scan.population + scan.population_unknown == 0 {
                let _ = write!(out, "no `{kind}` item falls under the ratio");
                write_below(out);
                write_open(out);
                return None;
            }
            push_int(out, scan.matched.into());
            out.push_str(" of ");
            push_int(out, (scan.population + scan.population_unknown).into());
            push_all(out, &[" `", kind, "` items meet the condition: "]);
            if scan.open {
                let known = if scan.population > 0 {
                    f64::from(scan.matched) / f64::from(scan.population)
                } else {
                    0.0
                };
                write_percent(out, known);
                out.push_str(" of the records given");
            } else if scan.low == scan.high {
                write_percent(out, scan.low);
            } else {
                out.push_str("between ");
                write_percent(out, scan.low);
                out.push_str(" and ");
                write_percent(out, scan.high);
            }
            write_examples(out, "not meeting it:");
            push_all(out, &["; expected ", cmp.symbol(), " "]);
            write_percent(out, *x);
            write_below(out);
            write_open(out);
        }
        _ => {}
    }
    None
}

/// Writes what a test expects; `negated` writes what it must not be, in positive words.
fn write_expectation(out: &mut String, op: &Op, as_of: i32, negated: bool) {
    let write_list = |out: &mut String, values: &mut dyn Iterator<Item = &str>| {
        for (i, v) in values.enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(v);
        }
    };
    match op {
        Op::Cmp(cmp, v) => {
            out.push_str(if negated {
                cmp.negated().symbol()
            } else {
                cmp.symbol()
            });
            out.push(' ');
            write_value(out, v);
        }
        Op::In(values) => {
            out.push_str(if negated { "none of " } else { "one of " });
            for (i, v) in values.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, v);
            }
        }
        Op::Contains(x) => {
            let not = if negated { "not " } else { "" };
            push_all(out, &[not, "to contain `", x, "`"]);
        }
        Op::ContainsAny(xs) => {
            out.push_str(if negated {
                "to contain none of "
            } else {
                "to contain one of "
            });
            write_list(out, &mut xs.iter().map(|x| &**x));
        }
        Op::Exists(want) => out.push_str(if *want != negated {
            "to be present"
        } else {
            "to be absent"
        }),
        Op::WithinDays(n) | Op::OlderThanDays(n) => {
            // Within n days and older than n days are each other's negation (for past dates).
            let within = matches!(op, Op::WithinDays(_)) != negated;
            out.push_str(if within { "within " } else { "more than " });
            push_int(out, i64::from(*n));
            out.push_str(" days before ");
            write_date(out, as_of);
            out.push_str(if within { " (from " } else { " (before " });
            write_date(
                out,
                as_of.saturating_sub(i32::try_from(*n).unwrap_or(i32::MAX)),
            );
            out.push(')');
        }
        Op::SufficientFor(_) => out.push_str("a sufficient sample"),
    }
}

/// Writes the sample a `sufficient_for` test requires, with the population it is for.
fn write_sample_expectation(
    out: &mut String,
    ctx: &Ctx<'_>,
    vocab: &Vocab,
    item: Option<u32>,
    population: u32,
    positive: bool,
) {
    let kind = item
        .and_then(|i| ctx.items.get(i as usize))
        .and_then(|it| vocab.kinds.get(it.kind as usize));
    let name = kind
        .and_then(|k| k.attrs.get(population as usize))
        .map_or("?", |a| a.0.as_str());
    match ctx.attr(item, population) {
        Some(TVal::Int(p)) => {
            let need = super::eval::required_sample(ctx.sample_sizes, *p);
            let _ = write!(
                out,
                "{} {need} for a population of {p} (`{name}`, by the framework's sample-size table)",
                if positive { "at least" } else { "fewer than" }
            );
        }
        _ => {
            let _ = write!(out, "a sample sized to `{name}`, which is not given");
        }
    }
}

/// Writes a value as the file format writes it.
pub(crate) fn write_value(out: &mut String, v: &TVal) {
    match v {
        TVal::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        TVal::Int(i) => push_int(out, *i),
        TVal::Num(n) => write_number(out, *n),
        TVal::Str(s) => out.push_str(s),
        TVal::Date(d) => write_date(out, *d),
        TVal::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(item);
            }
            out.push(']');
        }
    }
}

/// A value as text.
pub(crate) fn show(v: &TVal) -> String {
    let mut out = String::new();
    write_value(&mut out, v);
    out
}

fn write_date(out: &mut String, days: i32) {
    let d = date_of(days);
    match u16::try_from(d.year()) {
        // Digit by digit: this runs for every date in every explanation.
        Ok(year) => {
            let digit = |n: u16| char::from(b'0' + (n % 10) as u8);
            let (month, day) = (d.month() as u16, d.day() as u16);
            for c in [
                digit(year / 1000),
                digit(year / 100),
                digit(year / 10),
                digit(year),
                '-',
                digit(month / 10),
                digit(month),
                '-',
                digit(day / 10),
                digit(day),
            ] {
                out.push(c);
            }
        }
        Err(_) => {
            let _ = write!(out, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
        }
    }
}

/// Writes an integer in decimal, as `{}` would, without the formatting machinery.
fn push_int(out: &mut String, n: i64) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut rest = n.unsigned_abs();
    while let Some(slot) = digits.get_mut(len) {
        *slot = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        out.push('-');
    }
    for d in digits.iter().take(len).rev() {
        out.push(char::from(*d));
    }
}

/// Writes a number with up to four decimals and no trailing zeros.
fn write_number(out: &mut String, n: f64) {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        push_int(out, n as i64);
        return;
    }
    let start = out.len();
    let _ = write!(out, "{n:.4}");
    while out.len() > start && out.ends_with('0') {
        out.pop();
    }
    if out.ends_with('.') {
        out.pop();
    }
}

/// Writes a share as a percentage with at most one decimal.
fn write_percent(out: &mut String, x: f64) {
    write_number(out, (x * 1000.0).round() / 10.0);
    out.push('%');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_are_written_plainly() {
        let mut out = String::new();
        write_number(&mut out, 0.95);
        out.push(' ');
        write_number(&mut out, 3.0);
        out.push(' ');
        write_percent(&mut out, 0.875);
        out.push(' ');
        write_date(
            &mut out,
            super::super::day_number(jiff::civil::date(2024, 2, 29)),
        );
        out.push(' ');
        write_date(
            &mut out,
            super::super::day_number(jiff::civil::date(987, 10, 1)),
        );
        out.push(' ');
        write_date(
            &mut out,
            super::super::day_number(jiff::civil::date(-12, 1, 31)),
        );
        assert_eq!(out, "0.95 3 87.5% 2024-02-29 0987-10-01 -012-01-31");
        for n in [0, 7, -7, 10, 1_000_000, i64::MAX, i64::MIN] {
            let mut out = String::new();
            push_int(&mut out, n);
            assert_eq!(out, n.to_string());
        }
    }
}
