//! Building conditions in code: one constructor per form, and chainable tests.

use crate::model::{Assurance, ConditionDef, Value};

/// Constructors, one per form, and chainable tests. Validation checks that the tests fit the
/// form and the type they test, as it does for a file.
impl ConditionDef {
    /// Every part is true.
    pub fn all(parts: Vec<ConditionDef>) -> Self {
        ConditionDef {
            all: Some(parts),
            ..Self::default()
        }
    }

    /// Some part is true.
    pub fn any(parts: Vec<ConditionDef>) -> Self {
        ConditionDef {
            any: Some(parts),
            ..Self::default()
        }
    }

    /// The part is false.
    #[expect(
        clippy::should_implement_trait,
        reason = "a condition constructor, named after the file format's `not` key"
    )]
    pub fn not(part: ConditionDef) -> Self {
        ConditionDef {
            not: Some(Box::new(part)),
            ..Self::default()
        }
    }

    /// At least `n` of `parts` are true.
    pub fn at_least(n: u32, parts: Vec<ConditionDef>) -> Self {
        ConditionDef {
            at_least: Some(n),
            of: Some(parts),
            ..Self::default()
        }
    }

    /// Tests the profile fact `name`; add a test such as [`ConditionDef::eq`].
    pub fn fact(name: impl Into<String>) -> Self {
        ConditionDef {
            fact: Some(name.into()),
            ..Self::default()
        }
    }

    /// Tests the attribute `name` of the item at hand (inside `where` or `meets`).
    pub fn attr(name: impl Into<String>) -> Self {
        ConditionDef {
            attr: Some(name.into()),
            ..Self::default()
        }
    }

    /// Some item of `kind` satisfies [`ConditionDef::filtered`] (any item when absent).
    pub fn evidence(kind: impl Into<String>) -> Self {
        ConditionDef {
            evidence: Some(kind.into()),
            ..Self::default()
        }
    }

    /// Compares the number of items of `kind`; add a test such as [`ConditionDef::ge`].
    pub fn count(kind: impl Into<String>) -> Self {
        ConditionDef {
            count: Some(kind.into()),
            ..Self::default()
        }
    }

    /// Compares the share of items of `kind` that satisfy `meets`.
    pub fn ratio(kind: impl Into<String>, meets: ConditionDef) -> Self {
        ConditionDef {
            ratio: Some(kind.into()),
            meets: Some(Box::new(meets)),
            ..Self::default()
        }
    }

    /// Narrows the items of `evidence`, `count` or `ratio` (the `where` key).
    pub fn filtered(mut self, filter: ConditionDef) -> Self {
        self.filter = Some(Box::new(filter));
        self
    }

    /// Items below `assurance` do not count.
    pub fn min_assurance(mut self, assurance: Assurance) -> Self {
        self.min_assurance = Some(assurance);
        self
    }

    /// Equal to `value`.
    pub fn eq(mut self, value: impl Into<Value>) -> Self {
        self.eq = Some(value.into());
        self
    }

    /// Not equal to `value`.
    pub fn ne(mut self, value: impl Into<Value>) -> Self {
        self.ne = Some(value.into());
        self
    }

    /// Equal to one of `values`.
    pub fn one_of(mut self, values: Vec<Value>) -> Self {
        self.one_of = Some(values);
        self
    }

    /// Less than `value`.
    pub fn lt(mut self, value: impl Into<Value>) -> Self {
        self.lt = Some(value.into());
        self
    }

    /// Less than or equal to `value`.
    pub fn le(mut self, value: impl Into<Value>) -> Self {
        self.le = Some(value.into());
        self
    }

    /// Greater than `value`.
    pub fn gt(mut self, value: impl Into<Value>) -> Self {
        self.gt = Some(value.into());
        self
    }

    /// Greater than or equal to `value`.
    pub fn ge(mut self, value: impl Into<Value>) -> Self {
        self.ge = Some(value.into());
        self
    }

    /// The list has the element, or the text has the substring.
    pub fn contains(mut self, value: impl Into<Value>) -> Self {
        self.contains = Some(value.into());
        self
    }

    /// The list has one of `values`.
    pub fn contains_any(mut self, values: Vec<Value>) -> Self {
        self.contains_any = Some(values);
        self
    }

    /// The value is present (`true`) or absent (`false`).
    pub fn exists(mut self, present: bool) -> Self {
        self.exists = Some(present);
        self
    }

    /// The date is at most `days` before the as-of date, and not after it.
    pub fn within_days(mut self, days: u32) -> Self {
        self.within_days = Some(days);
        self
    }

    /// The date is more than `days` before the as-of date.
    pub fn older_than_days(mut self, days: u32) -> Self {
        self.older_than_days = Some(days);
        self
    }

    /// The sample size is enough for the population in attribute `population`.
    pub fn sufficient_for(mut self, population: impl Into<String>) -> Self {
        self.sufficient_for = Some(population.into());
        self
    }
}
