//! Three-valued evaluation of compiled conditions over prepared evidence.
//!
//! Two entry points share one semantics: [`Ctx::truth`] only decides (used for the `where` of
//! every item, the hot loop), and [`Ctx::explain`] decides and records the leaves that decided
//! (used once per rule condition). Both work on indices; nothing is looked up by name.

use super::{Cmp, Node, Op, Select, TVal, Target, Test, Truth};
use crate::model::{Assurance, SampleSizeDef};

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
    },
    Scan {
        node: &'n Node,
        truth: Truth,
        scan: Scan,
        /// Not under an odd number of `not`s: a true scan here supports the rule.
        positive: bool,
    },
}

/// What a scan over the items of one kind found.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scan {
    /// Items of the kind with enough assurance.
    pub(crate) examined: u32,
    /// Items of the kind below the required assurance that the filter does not rule out.
    pub(crate) below: u32,
    /// The kind's records may be incomplete (a register kind with no covering register).
    pub(crate) open: bool,
    /// Items whose filter (and, for ratios, `meets`) is true / unknown.
    pub(crate) matched: u32,
    pub(crate) unknown: u32,
    /// For ratios: items definitely in the population, and items whose membership is unknown.
    pub(crate) population: u32,
    pub(crate) population_unknown: u32,
    /// For ratios, among items of unknown membership: those whose `meets` is true, and false.
    pub(crate) maybe_meets: u32,
    pub(crate) maybe_fails: u32,
    /// Bounds of the count or ratio given the unknowns.
    pub(crate) low: f64,
    pub(crate) high: f64,
    /// The supporting item of a true `evidence` (highest assurance, then lowest id).
    pub(crate) witness: Option<u32>,
    /// The lowest assurance among the items that satisfied the condition.
    pub(crate) weakest: Option<Assurance>,
    /// Up to three items that illustrate a failure or an unknown.
    pub(crate) examples: Examples,
}

/// Up to three item indices, kept inline (a scan runs for every rule; no allocation).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Examples {
    ids: [u32; 3],
    len: u8,
}

impl Examples {
    fn push(&mut self, i: u32) {
        if let Some(slot) = self.ids.get_mut(usize::from(self.len)) {
            *slot = i;
            self.len += 1;
        }
    }

    pub(crate) fn as_slice(&self) -> &[u32] {
        self.ids.get(..usize::from(self.len)).unwrap_or_default()
    }
}

/// The hits of one evaluation, and scratch space for composite conditions.
#[derive(Debug, Default)]
pub(crate) struct Trace<'n> {
    pub(crate) hits: Vec<Hit<'n>>,
    /// A stack of (first hit, end of hits, truth, kept) per part of the composites being
    /// evaluated; each composite uses the slice above the length it found and restores it.
    spans: Vec<(usize, usize, Truth, bool)>,
}

impl Trace<'_> {
    pub(crate) fn clear(&mut self) {
        self.hits.clear();
        self.spans.clear();
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
                    for &i in details.as_slice() {
                        self.explain(filter, Some(i), positive, trace);
                    }
                }
                truth
            }
        }
    }

    /// Whether the records of `kind` may be incomplete.
    pub(crate) fn is_open(&self, kind: u32) -> bool {
        !self.closed.get(kind as usize).copied().unwrap_or(true)
    }

    fn of_kind(&self, sel: &Select) -> &[u32] {
        self.by_kind
            .get(sel.kind as usize)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    fn assured(&self, sel: &Select, i: u32) -> bool {
        let assurance = self.items.get(i as usize).map(|it| it.assurance);
        sel.min_assurance
            .is_none_or(|min| assurance.is_some_and(|a| a >= min))
    }

    fn candidates<'s>(&'s self, sel: &'s Select) -> impl Iterator<Item = u32> + 's {
        self.of_kind(sel)
            .iter()
            .copied()
            .filter(move |&i| self.assured(sel, i))
    }

    fn filter(&self, sel: &Select, i: u32) -> Truth {
        sel.filter
            .as_ref()
            .map_or(Truth::True, |f| self.truth(f, Some(i)))
    }

    /// Scans the items of an `evidence`, `count` or `ratio` node.
    fn scan(&self, node: &Node, record: bool) -> (Truth, Scan) {
        let (sel, meets) = match node {
            Node::Exists(s) | Node::Count(s, ..) => (s, None),
            Node::Ratio(s, m, ..) => (s, Some(&**m)),
            _ => return (Truth::Unknown, Scan::default()),
        };
        let mut scan = Scan {
            open: self.is_open(sel.kind),
            ..Scan::default()
        };
        let mut best: Option<(Assurance, u32)> = None;
        for i in self.candidates(sel) {
            scan.examined += 1;
            let member = self.filter(sel, i);
            let t = match meets {
                None => member,
                Some(m) => {
                    match member {
                        Truth::True => scan.population += 1,
                        Truth::Unknown => scan.population_unknown += 1,
                        Truth::False => continue,
                    }
                    let t = self.truth(m, Some(i));
                    if member == Truth::Unknown {
                        match t {
                            Truth::True => scan.maybe_meets += 1,
                            Truth::False => scan.maybe_fails += 1,
                            Truth::Unknown => {}
                        }
                    }
                    t
                }
            };
            // For a ratio, an item whose membership is unknown is undecided whatever `meets` says.
            let decided = if meets.is_some() && member != Truth::True {
                Truth::Unknown
            } else {
                t
            };
            match decided {
                Truth::True => {
                    scan.matched += 1;
                    let a = self
                        .items
                        .get(i as usize)
                        .map_or(Assurance::SelfDeclared, |it| it.assurance);
                    if best.is_none_or(|(b, _)| a > b) {
                        best = Some((a, i));
                    }
                    scan.weakest = Some(scan.weakest.map_or(a, |w| w.min(a)));
                }
                Truth::False | Truth::Unknown => {
                    if decided == Truth::Unknown {
                        scan.unknown += 1;
                    }
                    if record {
                        scan.examples.push(i);
                    }
                }
            }
        }
        if record && sel.min_assurance.is_some() {
            // Only items the condition would otherwise look at are worth mentioning.
            scan.below = self
                .of_kind(sel)
                .iter()
                .filter(|&&i| !self.assured(sel, i) && self.filter(sel, i) != Truth::False)
                .count() as u32;
        }
        scan.witness = best.map(|b| b.1);
        let truth = match node {
            Node::Exists(_) => {
                scan.low = f64::from(scan.matched);
                scan.high = f64::from(scan.matched + scan.unknown);
                if scan.matched > 0 {
                    Truth::True
                } else if scan.unknown > 0 || scan.open {
                    Truth::Unknown
                } else {
                    Truth::False
                }
            }
            Node::Count(_, cmp, n) => {
                scan.low = f64::from(scan.matched);
                scan.high = if scan.open {
                    f64::INFINITY
                } else {
                    f64::from(scan.matched + scan.unknown)
                };
                compare_range(*cmp, scan.low, scan.high, *n)
            }
            Node::Ratio(_, _, cmp, x) => ratio_truth(&mut scan, *cmp, *x),
            _ => Truth::Unknown,
        };
        (truth, scan)
    }

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

/// The smallest sample the table accepts for a population: the row's `min_sample`, never more
/// than the whole population. With no row (an empty table), the whole population.
pub(crate) fn required_sample(table: &[SampleSizeDef], population: i64) -> i64 {
    let population = population.max(0);
    let row = table.iter().find(|row| {
        row.population_up_to
            .is_none_or(|n| u64::try_from(population).is_ok_and(|p| p <= n))
    });
    row.map_or(population, |row| {
        i64::try_from(row.min_sample)
            .unwrap_or(i64::MAX)
            .min(population)
    })
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

/// The truth of `x cmp n` for every x in `[low, high]`: true if it holds for all, false if for
/// none, unknown otherwise.
fn compare_range(cmp: Cmp, low: f64, high: f64, n: f64) -> Truth {
    match cmp {
        Cmp::Eq | Cmp::Ne => {
            let inside = low <= n && n <= high;
            let exact = low == high && low == n;
            let eq = if exact {
                Truth::True
            } else if inside {
                Truth::Unknown
            } else {
                Truth::False
            };
            if cmp == Cmp::Eq { eq } else { eq.not() }
        }
        _ => match (cmp.holds(low, n), cmp.holds(high, n)) {
            (true, true) => Truth::True,
            (false, false) => Truth::False,
            _ => Truth::Unknown,
        },
    }
}

/// The highest ratio of an open scan with a known failure: below 1, however many meeting
/// records are added.
const OPEN_BELOW_ONE: f64 = 1.0 - 1e-9;

fn ratio_truth(scan: &mut Scan, cmp: Cmp, x: f64) -> Truth {
    let a = f64::from(scan.matched);
    let n_in = f64::from(scan.population);
    let maybe = f64::from(scan.population_unknown);
    let maybe_meets = f64::from(scan.maybe_meets);
    let maybe_fails = f64::from(scan.maybe_fails);
    let maybe_unknown = maybe - maybe_meets - maybe_fails;
    // Definite members whose `meets` is unknown (unknown members are counted in `unknown` too).
    let undecided = (f64::from(scan.unknown) - maybe).max(0.0);
    if n_in + maybe == 0.0 {
        scan.low = 0.0;
        scan.high = if scan.open { 1.0 } else { 0.0 };
        return if scan.open {
            Truth::Unknown
        } else {
            Truth::False
        };
    }
    // Adding an item that meets moves the ratio up, one that fails moves it down. The lowest
    // ratio takes in every possible member that fails or may fail and leaves out those that
    // meet; the highest does the opposite.
    let low_den = n_in + maybe_fails + maybe_unknown;
    scan.low = if low_den > 0.0 { a / low_den } else { 1.0 };
    let high_den = n_in + maybe_meets + maybe_unknown;
    scan.high = if high_den > 0.0 {
        (a + undecided + maybe_meets + maybe_unknown) / high_den
    } else {
        0.0
    };
    if scan.low > scan.high {
        // Only possible when one side has an empty population; widen to cover both.
        std::mem::swap(&mut scan.low, &mut scan.high);
    }
    if scan.open {
        // Records not given may each meet or fail: the ratio can fall towards 0, and rise
        // towards 1, reaching it only when no given record is known to fail.
        scan.low = 0.0;
        let known_failure = scan.population > scan.matched + undecided as u32;
        scan.high = if known_failure { OPEN_BELOW_ONE } else { 1.0 };
    }
    let t = compare_range(cmp, scan.low, scan.high, x);
    if n_in == 0.0 && t == Truth::True {
        // The population may turn out empty, and a ratio over nothing is false.
        Truth::Unknown
    } else {
        t
    }
}

#[cfg(test)]
mod tests;
