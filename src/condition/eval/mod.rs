//! Three-valued evaluation of compiled conditions over prepared evidence.
//!
//! Two entry points share one semantics: [`Ctx::truth`] only decides (used for the `where` of
//! every item, the hot loop), and [`Ctx::explain`] decides and records the leaves that decided
//! (used once per rule condition). Both work on indices; nothing is looked up by name.

mod scan;

use super::{Cmp, Node, Op, TVal, Target, Test, Truth};
use crate::model::{Assurance, SampleSizeDef};

pub(crate) use scan::{Examples, Scan, required_sample};
#[cfg(test)]
use scan::{compare_range, ratio_truth};

/// One evidence item, typed and indexed against a framework.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) id: String,
    pub(crate) kind: u32,
    pub(crate) assurance: Assurance,
    /// Attribute values by the kind's attribute index; `None` is absent (unknown).
    pub(crate) attrs: Vec<Option<TVal>>,
}

/// Everything a condition may read.
pub(crate) struct Ctx<'a> {
    /// Profile facts by fact index.
    pub(crate) facts: &'a [Option<TVal>],
    pub(crate) items: &'a [Item],
    /// Item indices per kind, in evidence-id order.
    pub(crate) by_kind: &'a [Vec<u32>],
    /// The as-of date as a day number.
    pub(crate) as_of: i32,
    /// Per kind: every record of the kind is known to be in the bundle. False for a register
    /// kind without a register that covers the assessed period: then a record's absence proves
    /// nothing, and scans over the kind are open.
    pub(crate) closed: &'a [bool],
    /// Per kind: the assurance of the register that covers the assessed period, if any.
    pub(crate) register_assurance: &'a [Option<Assurance>],
    /// The framework's sample-size table, for `sufficient_for`.
    pub(crate) sample_sizes: &'a [SampleSizeDef],
}

/// A leaf or an evidence scan that decided part of a condition.
#[derive(Debug, Clone)]
pub(crate) enum Hit<'n> {
    Test {
        test: &'n Test,
        item: Option<u32>,
        truth: Truth,
        /// Not under an odd number of `not`s.
        positive: bool,
        /// A detail of an adverse record: the leaf says why the record matches.
        adverse: bool,
    },
    Scan {
        node: &'n Node,
        truth: Truth,
        scan: Scan,
        /// Not under an odd number of `not`s: a true scan here supports the rule.
        positive: bool,
    },
}

/// The hits of one evaluation, and scratch space for composite conditions.
#[derive(Debug, Default)]
pub(crate) struct Trace<'n> {
    pub(crate) hits: Vec<Hit<'n>>,
    /// A stack of (first hit, end of hits, truth, kept) per part of the composites being
    /// evaluated; each composite uses the slice above the length it found and restores it.
    spans: Vec<(usize, usize, Truth, bool)>,
    /// Explaining the details of an adverse record.
    adverse: bool,
}

impl Trace<'_> {
    pub(crate) fn clear(&mut self) {
        self.hits.clear();
        self.spans.clear();
        self.adverse = false;
    }
}

impl<'a> Ctx<'a> {
    /// Decides `node` for `item` (or the profile, with `None`).
    pub(crate) fn truth(&self, node: &Node, item: Option<u32>) -> Truth {
        match node {
            Node::All(parts) => {
                let mut out = Truth::True;
                for p in parts {
                    match self.truth(p, item) {
                        Truth::False => return Truth::False,
                        Truth::Unknown => out = Truth::Unknown,
                        Truth::True => {}
                    }
                }
                out
            }
            Node::Any(parts) => {
                let mut out = Truth::False;
                for p in parts {
                    match self.truth(p, item) {
                        Truth::True => return Truth::True,
                        Truth::Unknown => out = Truth::Unknown,
                        Truth::False => {}
                    }
                }
                out
            }
            Node::Not(inner) => self.truth(inner, item).not(),
            Node::AtLeast(n, parts) => at_least(*n, parts.iter().map(|p| self.truth(p, item))),
            Node::Test(test) => self.test(test, item),
            Node::Exists(sel) => {
                let mut out = if self.is_open(sel.kind) {
                    Truth::Unknown
                } else {
                    Truth::False
                };
                for i in self.candidates(sel) {
                    match self.filter(sel, i) {
                        Truth::True => return Truth::True,
                        Truth::Unknown => out = Truth::Unknown,
                        Truth::False => {}
                    }
                }
                out
            }
            Node::Count(..) | Node::Ratio(..) => self.scan(node, false).0,
        }
    }

    /// Decides `node` and appends the hits that decided it to `trace`.
    pub(crate) fn explain<'n>(
        &self,
        node: &'n Node,
        item: Option<u32>,
        positive: bool,
        trace: &mut Trace<'n>,
    ) -> Truth {
        match node {
            Node::All(parts) | Node::Any(parts) | Node::AtLeast(_, parts) => {
                let base = trace.spans.len();
                for p in parts {
                    let from = trace.hits.len();
                    let t = self.explain(p, item, positive, trace);
                    trace.spans.push((from, trace.hits.len(), t, false));
                }
                let truths = trace
                    .spans
                    .get(base..)
                    .unwrap_or_default()
                    .iter()
                    .map(|s| s.2);
                let result = match node {
                    Node::All(_) => all(truths),
                    Node::Any(_) => any(truths),
                    Node::AtLeast(n, _) => at_least(*n, truths),
                    _ => Truth::Unknown,
                };
                // Keep the hits of the parts that carry the result: for a true `all`, every
                // part; for a false `all`, the false parts; for a true `any`, the first true
                // part; for unknown, the unknown parts.
                let mut first_true_taken = false;
                for span in trace.spans.get_mut(base..).unwrap_or_default() {
                    let t = span.2;
                    span.3 = match (node, result) {
                        (Node::All(_), Truth::True) | (Node::Any(_), Truth::False) => true,
                        (Node::Any(_), Truth::True) => t == Truth::True && !first_true_taken,
                        _ => t == result,
                    };
                    first_true_taken |= span.3 && t == Truth::True;
                }
                // Drop the other parts' hits, last first, so earlier ranges stay valid.
                while trace.spans.len() > base {
                    if let Some((from, to, _, keep)) = trace.spans.pop()
                        && !keep
                    {
                        trace.hits.drain(from..to);
                    }
                }
                result
            }
            Node::Not(inner) => self.explain(inner, item, !positive, trace).not(),
            Node::Test(test) => {
                let truth = self.test(test, item);
                trace.hits.push(Hit::Test {
                    test,
                    item,
                    truth,
                    positive,
                    adverse: trace.adverse,
                });
                truth
            }
            Node::Exists(sel) | Node::Count(sel, ..) | Node::Ratio(sel, ..) => {
                let (truth, scan) = self.scan(node, true);
                // Item details where they tell the reader something: the supporting or adverse
                // item when one exists, the failing items when none qualifies; nothing for an
                // adverse record that is rightly absent.
                let details = match (node, truth, positive) {
                    (Node::Exists(_), Truth::True, _) => {
                        let mut one = Examples::default();
                        if let Some(w) = scan.witness {
                            one.push(w);
                        }
                        one
                    }
                    (Node::Exists(_), Truth::False, false) => Examples::default(),
                    (Node::Exists(_), _, _) => scan.examples,
                    _ => Examples::default(),
                };
                trace.hits.push(Hit::Scan {
                    node,
                    truth,
                    scan,
                    positive,
                });
                if let Some(filter) = &sel.filter {
                    // An adverse record found is described by what it matched, not by the
                    // negation of each of its values.
                    let adverse = !positive && truth == Truth::True;
                    let outer = trace.adverse;
                    trace.adverse = outer || adverse;
                    for &i in details.as_slice() {
                        self.explain(filter, Some(i), positive || adverse, trace);
                    }
                    trace.adverse = outer;
                }
                truth
            }
        }
    }

    /// Whether the records of `kind` may be incomplete.
    fn test(&self, test: &Test, item: Option<u32>) -> Truth {
        let value = match test.target {
            Target::Fact(f) => self.facts.get(f as usize).and_then(Option::as_ref),
            Target::Attr(a) => self.attr(item, a),
        };
        if let Op::SufficientFor(population) = test.op {
            return match (value, self.attr(item, population)) {
                (Some(TVal::Int(sample)), Some(TVal::Int(population))) => {
                    Truth::from_bool(*sample >= required_sample(self.sample_sizes, *population))
                }
                _ => Truth::Unknown,
            };
        }
        apply(&test.op, value, self.as_of)
    }

    /// The value of attribute `a` of `item`.
    pub(crate) fn attr(&self, item: Option<u32>, a: u32) -> Option<&TVal> {
        item.and_then(|i| self.items.get(i as usize))
            .and_then(|it| it.attrs.get(a as usize))
            .and_then(Option::as_ref)
    }
}

/// The truth of `op` on `value` (absent: unknown, except for `exists`).
pub(crate) fn apply(op: &Op, value: Option<&TVal>, as_of: i32) -> Truth {
    if let Op::Exists(want) = op {
        return Truth::from_bool(value.is_some() == *want);
    }
    let Some(value) = value else {
        return Truth::Unknown;
    };
    let b = match op {
        Op::Cmp(cmp, lit) => compare(*cmp, value, lit),
        Op::In(options) => options.iter().any(|o| compare(Cmp::Eq, value, o)),
        Op::Contains(needle) => match value {
            TVal::List(items) => items.iter().any(|i| i == needle),
            TVal::Str(s) => s.contains(&**needle),
            _ => false,
        },
        Op::ContainsAny(needles) => match value {
            TVal::List(items) => items.iter().any(|i| needles.contains(i)),
            _ => false,
        },
        Op::WithinDays(n) => match value {
            TVal::Date(d) => *d <= as_of && i64::from(as_of) - i64::from(*d) <= i64::from(*n),
            _ => false,
        },
        Op::OlderThanDays(n) => match value {
            TVal::Date(d) => i64::from(as_of) - i64::from(*d) > i64::from(*n),
            _ => false,
        },
        Op::Exists(_) | Op::SufficientFor(_) => false,
    };
    Truth::from_bool(b)
}

fn compare(cmp: Cmp, a: &TVal, b: &TVal) -> bool {
    match (a, b) {
        (TVal::Bool(x), TVal::Bool(y)) => cmp.holds(x, y),
        (TVal::Int(x), TVal::Int(y)) => cmp.holds(x, y),
        (TVal::Str(x), TVal::Str(y)) => cmp.holds(x, y),
        (TVal::Date(x), TVal::Date(y)) => cmp.holds(x, y),
        (TVal::List(x), TVal::List(y)) => cmp.holds(x, y),
        (x, y) => match (as_f64(x), as_f64(y)) {
            (Some(x), Some(y)) => cmp.holds(x, y),
            _ => false,
        },
    }
}

fn as_f64(v: &TVal) -> Option<f64> {
    match v {
        TVal::Int(i) => Some(*i as f64),
        TVal::Num(n) => Some(*n),
        _ => None,
    }
}

pub(crate) fn all(truths: impl Iterator<Item = Truth>) -> Truth {
    let mut out = Truth::True;
    for t in truths {
        match t {
            Truth::False => return Truth::False,
            Truth::Unknown => out = Truth::Unknown,
            Truth::True => {}
        }
    }
    out
}

pub(crate) fn any(truths: impl Iterator<Item = Truth>) -> Truth {
    let mut out = Truth::False;
    for t in truths {
        match t {
            Truth::True => return Truth::True,
            Truth::Unknown => out = Truth::Unknown,
            Truth::False => {}
        }
    }
    out
}

pub(crate) fn at_least(n: u32, truths: impl Iterator<Item = Truth>) -> Truth {
    let (mut yes, mut maybe) = (0u32, 0u32);
    for t in truths {
        match t {
            Truth::True => yes += 1,
            Truth::Unknown => maybe += 1,
            Truth::False => {}
        }
    }
    if yes >= n {
        Truth::True
    } else if yes + maybe < n {
        Truth::False
    } else {
        Truth::Unknown
    }
}

#[cfg(test)]
mod tests;
