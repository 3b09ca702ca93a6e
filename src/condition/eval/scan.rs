//! Scans over the items of one kind: `evidence`, `count` and `ratio`, with value ranges over
//! unknown items and open (register) kinds.

use super::{Ctx, Truth};
use crate::condition::{Cmp, Node, Select};
use crate::model::{Assurance, SampleSizeDef};

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
    pub(super) fn push(&mut self, i: u32) {
        if let Some(slot) = self.ids.get_mut(usize::from(self.len)) {
            *slot = i;
            self.len += 1;
        }
    }

    pub(crate) fn as_slice(&self) -> &[u32] {
        self.ids.get(..usize::from(self.len)).unwrap_or_default()
    }
}

impl Ctx<'_> {
    pub(crate) fn is_open(&self, kind: u32) -> bool {
        !self.closed.get(kind as usize).copied().unwrap_or(true)
    }

    pub(super) fn of_kind(&self, sel: &Select) -> &[u32] {
        self.by_kind
            .get(sel.kind as usize)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub(super) fn assured(&self, sel: &Select, i: u32) -> bool {
        let assurance = self.items.get(i as usize).map(|it| it.assurance);
        sel.min_assurance
            .is_none_or(|min| assurance.is_some_and(|a| a >= min))
    }

    pub(super) fn candidates<'s>(&'s self, sel: &'s Select) -> impl Iterator<Item = u32> + 's {
        self.of_kind(sel)
            .iter()
            .copied()
            .filter(move |&i| self.assured(sel, i))
    }

    pub(super) fn filter(&self, sel: &Select, i: u32) -> Truth {
        sel.filter
            .as_ref()
            .map_or(Truth::True, |f| self.truth(f, Some(i)))
    }

    /// Scans the items of an `evidence`, `count` or `ratio` node.
    pub(super) fn scan(&self, node: &Node, record: bool) -> (Truth, Scan) {
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

/// The truth of `x cmp n` for every x in `[low, high]`: true if it holds for all, false if for
/// none, unknown otherwise.
pub(super) fn compare_range(cmp: Cmp, low: f64, high: f64, n: f64) -> Truth {
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

pub(super) fn ratio_truth(scan: &mut Scan, cmp: Cmp, x: f64) -> Truth {
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
