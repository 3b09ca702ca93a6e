//! The condition language: compiled form, three-valued evaluation and explanations.
//!
//! [`compile`](compile::compile) turns a [`ConditionDef`](crate::model::ConditionDef) into a
//! [`Node`] with every name resolved to an index and every literal typed, reporting all problems
//! at once. [`eval`](eval::Evaluator) then works on indices only: no string is parsed or looked up
//! while assessing.

pub(crate) mod compile;
pub(crate) mod eval;
pub(crate) mod explain;

use std::collections::HashMap;

use crate::model::{Assurance, ValueType};

crate::model::display_as_str!(Truth);

/// The outcome of a condition: true, false, or unknown (the evidence cannot decide it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Truth {
    /// The condition holds.
    True,
    /// The condition does not hold.
    False,
    /// The evidence cannot decide it.
    Unknown,
}

impl Truth {
    /// The name used in reports: `true`, `false` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Truth::True => "true",
            Truth::False => "false",
            Truth::Unknown => "unknown",
        }
    }

    pub(crate) fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }

    pub(crate) fn from_bool(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }
}

/// A typed value: literals in conditions and values in prepared evidence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TVal {
    Bool(bool),
    Int(i64),
    Num(f64),
    Str(Box<str>),
    /// Days since 1970-01-01.
    Date(i32),
    List(Box<[Box<str>]>),
}

/// The declared vocabulary of a framework, indexed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Vocab {
    pub(crate) facts: Vec<(String, ValueType)>,
    pub(crate) fact_index: HashMap<String, u32>,
    pub(crate) kinds: Vec<KindInfo>,
    pub(crate) kind_index: HashMap<String, u32>,
}

#[derive(Debug, Clone)]
pub(crate) struct KindInfo {
    pub(crate) id: String,
    pub(crate) attrs: Vec<(String, ValueType)>,
    pub(crate) attr_index: HashMap<String, u32>,
    pub(crate) fresh_for_days: Option<u32>,
    pub(crate) dated_by: Option<u32>,
    /// Records of the kind are kept in registers (see `Ctx::closed`).
    pub(crate) register: bool,
    /// Days before the end of the assessed period that a register must reach back.
    pub(crate) look_back_days: Option<u32>,
    /// The numeric fact, and the value above which an empty register is doubtful.
    pub(crate) doubtful_empty: Option<(u32, f64)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Cmp {
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Ne => "≠",
            Cmp::Lt => "<",
            Cmp::Le => "≤",
            Cmp::Gt => ">",
            Cmp::Ge => "≥",
        }
    }

    /// The comparison that holds exactly when this one does not.
    pub(crate) fn negated(self) -> Cmp {
        match self {
            Cmp::Eq => Cmp::Ne,
            Cmp::Ne => Cmp::Eq,
            Cmp::Lt => Cmp::Ge,
            Cmp::Le => Cmp::Gt,
            Cmp::Gt => Cmp::Le,
            Cmp::Ge => Cmp::Lt,
        }
    }

    pub(crate) fn holds<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            Cmp::Eq => a == b,
            Cmp::Ne => a != b,
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    Cmp(Cmp, TVal),
    In(Box<[TVal]>),
    Contains(Box<str>),
    ContainsAny(Box<[Box<str>]>),
    Exists(bool),
    WithinDays(u32),
    OlderThanDays(u32),
    /// The sample size is enough for the population in this attribute of the same item.
    SufficientFor(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    Fact(u32),
    Attr(u32),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Test {
    pub(crate) target: Target,
    pub(crate) op: Op,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Select {
    pub(crate) kind: u32,
    pub(crate) filter: Option<Box<Node>>,
    pub(crate) min_assurance: Option<Assurance>,
}

/// A compiled condition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    All(Vec<Node>),
    Any(Vec<Node>),
    Not(Box<Node>),
    AtLeast(u32, Vec<Node>),
    Test(Test),
    Exists(Select),
    Count(Select, Cmp, f64),
    Ratio(Select, Box<Node>, Cmp, f64),
}

/// Days since 1970-01-01 of a civil date.
pub(crate) fn day_number(date: jiff::civil::Date) -> i32 {
    let epoch = jiff::civil::Date::constant(1970, 1, 1);
    let seconds = date.duration_since(epoch).as_secs();
    // INVARIANT: civil dates span years -9999..=9999, about ±7.3 million days, within i32.
    i32::try_from(seconds.div_euclid(86_400)).unwrap_or(i32::MAX)
}

/// The civil date of a day number.
pub(crate) fn date_of(days: i32) -> jiff::civil::Date {
    let epoch = jiff::civil::Date::constant(1970, 1, 1);
    epoch.saturating_add(jiff::SignedDuration::from_hours(i64::from(days) * 24))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2024, 2, 29), (2026, 11, 1), (1900, 3, 1)] {
            let date = jiff::civil::Date::constant(y, m, d);
            assert_eq!(date_of(day_number(date)), date);
        }
        assert_eq!(day_number(jiff::civil::Date::constant(1970, 1, 2)), 1);
        assert_eq!(day_number(jiff::civil::Date::constant(1969, 12, 31)), -1);
    }
}
