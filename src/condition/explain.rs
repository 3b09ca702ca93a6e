//! Turning evaluation hits into sentences a compliance officer can check.

use super::eval::{Ctx, Hit, Scan};
use super::{Node, Op, TVal, Target, Truth, Vocab, date_of};
use crate::model::Assurance;
use crate::report::Reason;

/// Renders hits as reasons, in the order they were recorded.
pub(crate) fn reasons(hits: &[Hit<'_>], vocab: &Vocab, ctx: &Ctx<'_>) -> Vec<Reason> {
    hits.iter().map(|hit| reason(hit, vocab, ctx)).collect()
}

fn reason(hit: &Hit<'_>, vocab: &Vocab, ctx: &Ctx<'_>) -> Reason {
    match hit {
        Hit::Test {
            test,
            item,
            truth,
            positive,
        } => {
            let item_ref = item.and_then(|i| ctx.items.get(i as usize));
            let (subject, value) = match test.target {
                Target::Fact(f) => (
                    format!(
                        "fact `{}`",
                        vocab.facts.get(f as usize).map_or("?", |x| x.0.as_str())
                    ),
                    ctx.facts.get(f as usize).and_then(Option::as_ref),
                ),
                Target::Attr(a) => {
                    let kind = item_ref.and_then(|it| vocab.kinds.get(it.kind as usize));
                    let attr = kind
                        .and_then(|k| k.attrs.get(a as usize))
                        .map_or("?", |x| x.0.as_str());
                    (
                        format!(
                            "`{}` {}: `{attr}`",
                            kind.map_or("?", |k| k.id.as_str()),
                            item_ref.map_or("?", |it| it.id.as_str())
                        ),
                        item_ref
                            .and_then(|it| it.attrs.get(a as usize))
                            .and_then(Option::as_ref),
                    )
                }
            };
            let expected = expectation(&test.op, ctx.as_of);
            // Under `not`, the leaf must fail for the rule to hold: say so, and mark the step by
            // what it means for the rule.
            let (wanted, outcome) = if *positive {
                ("expected", *truth)
            } else {
                ("must not be", truth.not())
            };
            let text = match value {
                Some(v) => format!("{subject} = {}, {wanted} {expected}", show(v)),
                None => format!("{subject} is not given, {wanted} {expected}"),
            };
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
            let mut reason = scan_reason(node, *truth, scan, vocab, ctx);
            if !*positive {
                reason.outcome = reason.outcome.not();
                reason.text = format!("adverse records: {}", reason.text);
            }
            reason
        }
    }
}

fn scan_reason(node: &Node, truth: Truth, scan: &Scan, vocab: &Vocab, ctx: &Ctx<'_>) -> Reason {
    let sel = match node {
        Node::Exists(s) | Node::Count(s, ..) | Node::Ratio(s, ..) => s,
        _ => {
            return Reason {
                outcome: truth,
                evidence: None,
                text: String::new(),
            };
        }
    };
    let kind = vocab
        .kinds
        .get(sel.kind as usize)
        .map_or("?", |k| k.id.as_str());
    let id = |i: u32| ctx.items.get(i as usize).map_or("?", |it| it.id.as_str());
    let below = match (scan.below, sel.min_assurance) {
        (0, _) | (_, None) => String::new(),
        (n, Some(min)) => format!(
            "; {n} below the required assurance `{}` not counted",
            min.as_str()
        ),
    };
    let examples = if scan.examples.is_empty() {
        String::new()
    } else {
        let ids: Vec<&str> = scan.examples.iter().map(|&i| id(i)).collect();
        format!(" (e.g. {})", ids.join(", "))
    };
    let mut evidence = None;
    let text = match node {
        Node::Exists(_) => match (truth, scan.witness) {
            (Truth::True, Some(w)) => {
                evidence = Some(id(w).to_owned());
                let assurance = ctx
                    .items
                    .get(w as usize)
                    .map_or(Assurance::SelfDeclared, |it| it.assurance);
                format!(
                    "`{kind}` {} satisfies the conditions (assurance `{}`)",
                    id(w),
                    assurance.as_str()
                )
            }
            (Truth::Unknown, _) => format!(
                "no `{kind}` item is known to satisfy the conditions: {} of {} cannot be decided{examples}{below}",
                scan.unknown, scan.examined
            ),
            _ if scan.examined == 0 && scan.below > 0 => format!(
                "no `{kind}` item has the required assurance `{}` or better ({} below it not counted)",
                sel.min_assurance.map_or("?", Assurance::as_str),
                scan.below
            ),
            _ if scan.examined == 0 => format!("no `{kind}` item in the bundle"),
            _ => format!(
                "none of {} `{kind}` items satisfies the conditions{examples}{below}",
                scan.examined
            ),
        },
        Node::Count(_, cmp, n) => {
            let undecided = if scan.unknown > 0 {
                format!(", {} more undecided", scan.unknown)
            } else {
                String::new()
            };
            format!(
                "{} `{kind}` items satisfy the conditions{undecided}{examples}; expected {} {}{below}",
                scan.matched,
                cmp.symbol(),
                trim(*n)
            )
        }
        Node::Ratio(_, _, cmp, x) => {
            if scan.population + scan.population_unknown == 0 {
                format!("no `{kind}` item falls under the ratio{below}")
            } else {
                let share = if scan.low == scan.high {
                    percent(scan.low)
                } else {
                    format!("between {} and {}", percent(scan.low), percent(scan.high))
                };
                format!(
                    "{} of {} `{kind}` items meet the condition: {share}{examples}; expected {} {}{below}",
                    scan.matched,
                    scan.population + scan.population_unknown,
                    cmp.symbol(),
                    percent(*x)
                )
            }
        }
        _ => String::new(),
    };
    Reason {
        outcome: truth,
        evidence,
        text,
    }
}

fn expectation(op: &Op, as_of: i32) -> String {
    match op {
        Op::Cmp(cmp, v) => format!("{} {}", cmp.symbol(), show(v)),
        Op::In(values) => format!(
            "one of {}",
            values.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        Op::Contains(x) => format!("to contain `{x}`"),
        Op::ContainsAny(xs) => format!("to contain one of {}", xs.join(", ")),
        Op::Exists(true) => "to be present".to_owned(),
        Op::Exists(false) => "to be absent".to_owned(),
        Op::WithinDays(n) => format!(
            "within {n} days before {} (from {})",
            date_of(as_of),
            date_of(as_of.saturating_sub(i32::try_from(*n).unwrap_or(i32::MAX)))
        ),
        Op::OlderThanDays(n) => format!(
            "more than {n} days before {} (before {})",
            date_of(as_of),
            date_of(as_of.saturating_sub(i32::try_from(*n).unwrap_or(i32::MAX)))
        ),
    }
}

pub(crate) fn show(v: &TVal) -> String {
    match v {
        TVal::Bool(b) => b.to_string(),
        TVal::Int(i) => i.to_string(),
        TVal::Num(n) => trim(*n),
        TVal::Str(s) => s.to_string(),
        TVal::Date(d) => date_of(*d).to_string(),
        TVal::List(items) => format!("[{}]", items.join(", ")),
    }
}

fn trim(n: f64) -> String {
    let s = format!("{n:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn percent(x: f64) -> String {
    format!("{}%", trim(x * 100.0))
}
