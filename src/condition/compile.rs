//! Checking and compiling conditions: names to indices, literals to typed values, and every
//! problem reported with its path.

use std::collections::HashMap;

use super::{Cmp, Node, Op, Select, TVal, Target, Test, Vocab, day_number};
use crate::error::Problem;
use crate::load::{Seg, render_path};
use crate::model::{Assurance, ConditionDef, IsoDate, Value, ValueType};
use crate::suggest::Suggester;

/// Conditions nested deeper than this are refused (the YAML and JSON readers stop far earlier;
/// this guards frameworks built in code).
const MAX_DEPTH: usize = 48;

const FORMS: &[&str] = &[
    "all", "any", "not", "at_least", "fact", "attr", "evidence", "count", "ratio",
];

/// Where a condition is evaluated: on the company profile, or on one item of a kind.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scope {
    Profile,
    Item(u32),
}

/// Compiles conditions of one framework, collecting problems.
pub(crate) struct Compiler<'v> {
    pub(crate) vocab: &'v Vocab,
    pub(crate) problems: Vec<Problem>,
    pub(crate) path: Vec<Seg>,
    /// The rule's `min_assurance`, the default for evidence conditions without their own.
    pub(crate) rule_min_assurance: Option<Assurance>,
    /// The framework has a sample-size table, which `sufficient_for` needs.
    pub(crate) has_sample_sizes: bool,
    /// "Did you mean" within a bounded amount of work for the whole framework.
    pub(crate) suggester: Suggester,
}

impl<'v> Compiler<'v> {
    pub(crate) fn new(vocab: &'v Vocab) -> Self {
        Compiler {
            vocab,
            problems: Vec::new(),
            path: Vec::new(),
            rule_min_assurance: None,
            has_sample_sizes: false,
            suggester: Suggester::default(),
        }
    }

    fn problem(&mut self, message: String) {
        self.problems
            .push(Problem::new(render_path(&self.path), message));
    }

    fn problem_at(&mut self, key: &str, message: String, help: Option<String>) {
        self.path.push(Seg::Key(key.to_owned()));
        self.problems
            .push(Problem::new(render_path(&self.path), message).with_help(help));
        self.path.pop();
    }

    /// Compiles `def` under the key `key` of the current path.
    pub(crate) fn compile_at(
        &mut self,
        key: &str,
        def: &ConditionDef,
        scope: Scope,
    ) -> Option<Node> {
        self.path.push(Seg::Key(key.to_owned()));
        let node = self.compile(def, scope, 0);
        self.path.pop();
        node
    }

    fn compile(&mut self, def: &ConditionDef, scope: Scope, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            self.problem(format!("conditions nest deeper than {MAX_DEPTH} levels"));
            return None;
        }
        let forms = present_forms(def);
        let [form] = forms.as_slice() else {
            if forms.is_empty() {
                self.problem(format!(
                    "a condition needs one of {}",
                    FORMS
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            } else {
                self.problem(format!(
                    "a condition takes exactly one of `all`, `any`, `not`, `at_least`, `fact`, `attr`, `evidence`, `count`, `ratio`; found {}",
                    forms.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(" and ")
                ));
            }
            return None;
        };
        self.check_extras(def, form);
        match *form {
            "all" => self
                .connective(def.all.as_deref(), "all", scope, depth)
                .map(|parts| {
                    self.check_contradictions(&parts);
                    Node::All(parts)
                }),
            "any" => self
                .connective(def.any.as_deref(), "any", scope, depth)
                .map(Node::Any),
            "not" => {
                let inner = def.not.as_deref()?;
                self.path.push(Seg::Key("not".into()));
                let node = self.compile(inner, scope, depth + 1);
                self.path.pop();
                node.map(|n| Node::Not(Box::new(n)))
            }
            "at_least" => self.at_least(def, scope, depth),
            "fact" => self.test(def, scope, true),
            "attr" => self.test(def, scope, false),
            "evidence" => self.select(def, "evidence", depth).map(Node::Exists),
            "count" => self.count(def, depth),
            "ratio" => self.ratio(def, depth),
            _ => None,
        }
    }

    /// Reports keys that the chosen form does not take.
    fn check_extras(&mut self, def: &ConditionDef, form: &str) {
        let ops = present_ops(def);
        let takes_ops = matches!(form, "fact" | "attr" | "count" | "ratio");
        if !takes_ops {
            for op in &ops {
                self.problem_at(op, format!("`{op}` does not go with `{form}`"), None);
            }
        }
        let takes_where = matches!(form, "evidence" | "count" | "ratio");
        if !takes_where {
            if def.filter.is_some() {
                self.problem_at(
                    "where",
                    format!("`where` goes with `evidence`, `count` or `ratio`, not with `{form}`"),
                    None,
                );
            }
            if def.min_assurance.is_some() {
                self.problem_at(
                    "min_assurance",
                    format!("`min_assurance` goes with `evidence`, `count` or `ratio`, not with `{form}`"),
                    None,
                );
            }
        }
        if def.meets.is_some() && form != "ratio" {
            self.problem_at(
                "meets",
                format!("`meets` goes with `ratio`, not with `{form}`"),
                None,
            );
        }
        if def.of.is_some() && form != "at_least" {
            self.problem_at(
                "of",
                format!("`of` goes with `at_least`, not with `{form}`"),
                None,
            );
        }
    }

    fn connective(
        &mut self,
        parts: Option<&[ConditionDef]>,
        key: &str,
        scope: Scope,
        depth: usize,
    ) -> Option<Vec<Node>> {
        let parts = parts.unwrap_or_default();
        if parts.is_empty() {
            let what = if key == "any" {
                "never true"
            } else {
                "always true"
            };
            self.problem_at(key, format!("an empty `{key}` is {what}"), None);
            return None;
        }
        self.path.push(Seg::Key(key.to_owned()));
        let mut nodes = Vec::with_capacity(parts.len());
        let mut ok = true;
        for (i, part) in parts.iter().enumerate() {
            self.path.push(Seg::Index(i));
            match self.compile(part, scope, depth + 1) {
                Some(node) => nodes.push(node),
                None => ok = false,
            }
            self.path.pop();
        }
        self.path.pop();
        ok.then_some(nodes)
    }

    fn at_least(&mut self, def: &ConditionDef, scope: Scope, depth: usize) -> Option<Node> {
        let n = def.at_least.unwrap_or(0);
        let Some(of) = def.of.as_deref() else {
            self.problem("`at_least` needs `of`, the list of conditions it counts".into());
            return None;
        };
        let parts = self.connective(Some(of), "of", scope, depth)?;
        if n == 0 {
            self.problem_at("at_least", "`at_least: 0` is always true".into(), None);
            return None;
        }
        if n as usize > parts.len() {
            self.problem_at(
                "at_least",
                format!(
                    "`at_least: {n}` can never be true with only {} conditions in `of`",
                    parts.len()
                ),
                None,
            );
            return None;
        }
        Some(Node::AtLeast(n, parts))
    }

    fn test(&mut self, def: &ConditionDef, scope: Scope, is_fact: bool) -> Option<Node> {
        let (target, ty, subject) = if is_fact {
            let name = def.fact.as_deref().unwrap_or_default();
            match self.vocab.fact_index.get(name) {
                Some(&i) => {
                    let ty = self.vocab.facts.get(i as usize)?.1.clone();
                    (Target::Fact(i), ty, format!("fact `{name}`"))
                }
                None => {
                    let help = self
                        .suggester
                        .did_you_mean(name, self.vocab.facts.iter().map(|f| f.0.as_str()));
                    self.problem_at(
                        "fact",
                        format!("profile fact `{name}` is not declared in `profile_facts`"),
                        help,
                    );
                    return None;
                }
            }
        } else {
            let name = def.attr.as_deref().unwrap_or_default();
            let Scope::Item(kind) = scope else {
                self.problem_at(
                    "attr",
                    format!("`attr: {name}` is only valid inside the `where` or `meets` of an evidence condition"),
                    Some("use `fact:` to test the company profile".into()),
                );
                return None;
            };
            let info = self.vocab.kinds.get(kind as usize)?;
            match info.attr_index.get(name) {
                Some(&i) => {
                    let ty = info.attrs.get(i as usize)?.1.clone();
                    (
                        Target::Attr(i),
                        ty,
                        format!("attribute `{name}` of `{}`", info.id),
                    )
                }
                None => {
                    let help = self
                        .suggester
                        .did_you_mean(name, info.attrs.iter().map(|a| a.0.as_str()));
                    let kind_id = info.id.clone();
                    self.problem_at(
                        "attr",
                        format!("evidence kind `{kind_id}` declares no attribute `{name}`"),
                        help,
                    );
                    return None;
                }
            }
        };
        let op = self.operator(def, &ty, &subject, scope)?;
        Some(Node::Test(Test { target, op }))
    }

    fn operator(
        &mut self,
        def: &ConditionDef,
        ty: &ValueType,
        subject: &str,
        scope: Scope,
    ) -> Option<Op> {
        let ops = present_ops(def);
        let [op] = ops.as_slice() else {
            if ops.is_empty() {
                self.problem(format!(
                    "a test of {subject} needs one operator: eq, ne, in, lt, le, gt, ge, contains, contains_any, exists, within_days, older_than_days or sufficient_for"
                ));
            } else {
                self.problem(format!(
                    "a test takes exactly one operator; found {}",
                    ops.iter()
                        .map(|o| format!("`{o}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ));
            }
            return None;
        };
        let op = *op;
        let misfit = |me: &mut Self| {
            me.problem_at(
                op,
                format!("`{op}` does not apply to {subject}, which is of type {ty}"),
                None,
            );
            None
        };
        let cmp = |c| -> Option<(Cmp, &Value)> {
            match c {
                "eq" => def.eq.as_ref().map(|v| (Cmp::Eq, v)),
                "ne" => def.ne.as_ref().map(|v| (Cmp::Ne, v)),
                "lt" => def.lt.as_ref().map(|v| (Cmp::Lt, v)),
                "le" => def.le.as_ref().map(|v| (Cmp::Le, v)),
                "gt" => def.gt.as_ref().map(|v| (Cmp::Gt, v)),
                "ge" => def.ge.as_ref().map(|v| (Cmp::Ge, v)),
                _ => None,
            }
        };
        match op {
            "eq" | "ne" | "lt" | "le" | "gt" | "ge" => {
                let (c, value) = cmp(op)?;
                let ordered = matches!(c, Cmp::Lt | Cmp::Le | Cmp::Gt | Cmp::Ge);
                let fits = match ty {
                    ValueType::List => false,
                    ValueType::Integer | ValueType::Number | ValueType::Date => true,
                    _ => !ordered,
                };
                if !fits {
                    return misfit(self);
                }
                let v = self.literal(op, value, ty)?;
                Some(Op::Cmp(c, v))
            }
            "in" => {
                if !matches!(
                    ty,
                    ValueType::String | ValueType::Integer | ValueType::OneOf(_)
                ) {
                    return misfit(self);
                }
                let values = def.one_of.as_deref().unwrap_or_default();
                if values.is_empty() {
                    self.problem_at("in", "`in: []` is never true".into(), None);
                    return None;
                }
                let typed: Option<Vec<TVal>> =
                    values.iter().map(|v| self.literal("in", v, ty)).collect();
                Some(Op::In(typed?.into()))
            }
            "contains" => {
                if !matches!(ty, ValueType::List | ValueType::String) {
                    return misfit(self);
                }
                match def.contains.as_ref() {
                    Some(Value::String(s)) => Some(Op::Contains(s.as_str().into())),
                    Some(other) => {
                        self.problem_at(
                            "contains",
                            format!(
                                "`contains` takes a string, found {} `{other}`",
                                other.type_name()
                            ),
                            None,
                        );
                        None
                    }
                    None => None,
                }
            }
            "contains_any" => {
                if !matches!(ty, ValueType::List) {
                    return misfit(self);
                }
                let values = def.contains_any.as_deref().unwrap_or_default();
                if values.is_empty() {
                    self.problem_at(
                        "contains_any",
                        "`contains_any: []` is never true".into(),
                        None,
                    );
                    return None;
                }
                let mut out = Vec::with_capacity(values.len());
                for v in values {
                    match v {
                        Value::String(s) => out.push(Box::from(s.as_str())),
                        other => {
                            self.problem_at(
                                "contains_any",
                                format!(
                                    "`contains_any` takes strings, found {} `{other}`",
                                    other.type_name()
                                ),
                                None,
                            );
                            return None;
                        }
                    }
                }
                Some(Op::ContainsAny(out.into()))
            }
            "exists" => def.exists.map(Op::Exists),
            "within_days" | "older_than_days" => {
                if !matches!(ty, ValueType::Date) {
                    return misfit(self);
                }
                if op == "within_days" {
                    def.within_days.map(Op::WithinDays)
                } else {
                    def.older_than_days.map(Op::OlderThanDays)
                }
            }
            "sufficient_for" => {
                if !matches!(ty, ValueType::Integer) {
                    return misfit(self);
                }
                self.sufficient_for(def.sufficient_for.as_deref().unwrap_or_default(), scope)
            }
            _ => None,
        }
    }

    /// `sufficient_for: population`: the population must be an integer attribute of the same kind,
    /// and the framework must have a sample-size table.
    fn sufficient_for(&mut self, population: &str, scope: Scope) -> Option<Op> {
        if !self.has_sample_sizes {
            self.problem_at(
                "sufficient_for",
                "`sufficient_for` needs the framework's `scoring.sample_sizes` table".into(),
                None,
            );
            return None;
        }
        let Scope::Item(kind) = scope else {
            return None;
        };
        let info = self.vocab.kinds.get(kind as usize)?;
        match info.attr_index.get(population) {
            Some(&i) if matches!(info.attrs.get(i as usize), Some((_, ValueType::Integer))) => {
                Some(Op::SufficientFor(i))
            }
            Some(_) => {
                let message = format!(
                    "`sufficient_for` needs an integer attribute of `{}`; `{population}` is not one",
                    info.id
                );
                self.problem_at("sufficient_for", message, None);
                None
            }
            None => {
                let help = self
                    .suggester
                    .did_you_mean(population, info.attrs.iter().map(|a| a.0.as_str()));
                let message = format!(
                    "evidence kind `{}` declares no attribute `{population}`",
                    info.id
                );
                self.problem_at("sufficient_for", message, help);
                None
            }
        }
    }

    fn literal(&mut self, key: &str, value: &Value, ty: &ValueType) -> Option<TVal> {
        match type_value(value, ty) {
            Ok(v) => Some(v),
            Err(message) => {
                let help = match (ty, value) {
                    (ValueType::OneOf(allowed), Value::String(s)) => self
                        .suggester
                        .did_you_mean(s, allowed.iter().map(String::as_str)),
                    _ => None,
                };
                self.problem_at(key, message, help);
                None
            }
        }
    }

    fn select(&mut self, def: &ConditionDef, key: &str, depth: usize) -> Option<Select> {
        let name = match key {
            "count" => def.count.as_deref(),
            "ratio" => def.ratio.as_deref(),
            _ => def.evidence.as_deref(),
        }
        .unwrap_or_default();
        let Some(&kind) = self.vocab.kind_index.get(name) else {
            let help = self
                .suggester
                .did_you_mean(name, self.vocab.kinds.iter().map(|k| k.id.as_str()));
            self.problem_at(
                key,
                format!("evidence kind `{name}` is not declared in `evidence_kinds`"),
                help,
            );
            return None;
        };
        let filter = match def.filter.as_deref() {
            Some(f) => {
                self.path.push(Seg::Key("where".into()));
                let node = self.compile(f, Scope::Item(kind), depth + 1);
                self.path.pop();
                Some(Box::new(node?))
            }
            None => None,
        };
        Some(Select {
            kind,
            filter,
            min_assurance: def.min_assurance.or(self.rule_min_assurance),
        })
    }

    /// The single comparison of a `count` or `ratio`, as a number.
    fn quantity(&mut self, def: &ConditionDef, form: &str) -> Option<(Cmp, f64)> {
        let pairs = [
            ("eq", Cmp::Eq, &def.eq),
            ("ne", Cmp::Ne, &def.ne),
            ("lt", Cmp::Lt, &def.lt),
            ("le", Cmp::Le, &def.le),
            ("gt", Cmp::Gt, &def.gt),
            ("ge", Cmp::Ge, &def.ge),
        ];
        let present: Vec<_> = pairs.iter().filter(|p| p.2.is_some()).collect();
        let others: Vec<&str> = present_ops(def)
            .into_iter()
            .filter(|o| !matches!(*o, "eq" | "ne" | "lt" | "le" | "gt" | "ge"))
            .collect();
        for o in others {
            self.problem_at(
                o,
                format!("`{o}` does not go with `{form}`; use eq, ne, lt, le, gt or ge"),
                None,
            );
        }
        let [(key, cmp, Some(value))] =
            present.as_slice().iter().map(|p| **p).collect::<Vec<_>>()[..]
        else {
            self.problem(format!(
                "`{form}` needs exactly one comparison: eq, ne, lt, le, gt or ge"
            ));
            return None;
        };
        let number = match value {
            Value::Integer(i) => *i as f64,
            Value::Number(n) => *n,
            other => {
                self.problem_at(
                    key,
                    format!(
                        "`{form}` compares with a number, found {} `{other}`",
                        other.type_name()
                    ),
                    None,
                );
                return None;
            }
        };
        Some((cmp, number))
    }

    fn count(&mut self, def: &ConditionDef, depth: usize) -> Option<Node> {
        let select = self.select(def, "count", depth);
        let (cmp, n) = self.quantity(def, "count")?;
        let never = match cmp {
            Cmp::Lt => n <= 0.0,
            Cmp::Eq => n < 0.0 || n.fract() != 0.0,
            Cmp::Le => n < 0.0,
            _ => false,
        };
        if never {
            self.problem(format!(
                "`count` {} {n} can never be true: a count is a whole number from 0",
                cmp.symbol()
            ));
            return None;
        }
        Some(Node::Count(select?, cmp, n))
    }

    fn ratio(&mut self, def: &ConditionDef, depth: usize) -> Option<Node> {
        let select = self.select(def, "ratio", depth);
        let meets = match def.meets.as_deref() {
            Some(m) => {
                let kind = select.as_ref().map(|s| s.kind)?;
                self.path.push(Seg::Key("meets".into()));
                let node = self.compile(m, Scope::Item(kind), depth + 1);
                self.path.pop();
                node
            }
            None => {
                self.problem(
                    "`ratio` needs `meets`, the condition counted in the numerator".into(),
                );
                None
            }
        };
        let (cmp, x) = self.quantity(def, "ratio")?;
        let never = match cmp {
            Cmp::Gt => x >= 1.0,
            Cmp::Ge | Cmp::Eq => !(0.0..=1.0).contains(&x),
            Cmp::Lt => x <= 0.0,
            Cmp::Le => x < 0.0,
            Cmp::Ne => false,
        };
        if never {
            self.problem(format!(
                "`ratio` {} {x} can never be true: a ratio lies between 0 and 1",
                cmp.symbol()
            ));
            return None;
        }
        Some(Node::Ratio(select?, Box::new(meets?), cmp, x))
    }

    /// Reports `all` parts that test the same target for equality with different values: each
    /// test is compared with the first one on its target, so the check is linear.
    fn check_contradictions(&mut self, parts: &[Node]) {
        let mut first: HashMap<Target, &TVal> = HashMap::new();
        for part in parts {
            let Node::Test(Test {
                target,
                op: Op::Cmp(Cmp::Eq, value),
            }) = part
            else {
                continue;
            };
            // INVARIANT: literals are finite, so `==` on values is an equivalence and a value
            // that differs from the first differs from some other.
            if first.entry(*target).or_insert(value) != &value {
                self.problem_at(
                    "all",
                    "this `all` can never be true: it requires one value to equal two different values".into(),
                    None,
                );
                return;
            }
        }
    }
}

fn present_forms(def: &ConditionDef) -> Vec<&'static str> {
    let flags = [
        def.all.is_some(),
        def.any.is_some(),
        def.not.is_some(),
        def.at_least.is_some(),
        def.fact.is_some(),
        def.attr.is_some(),
        def.evidence.is_some(),
        def.count.is_some(),
        def.ratio.is_some(),
    ];
    FORMS
        .iter()
        .zip(flags)
        .filter_map(|(f, on)| on.then_some(*f))
        .collect()
}

fn present_ops(def: &ConditionDef) -> Vec<&'static str> {
    let flags = [
        ("eq", def.eq.is_some()),
        ("ne", def.ne.is_some()),
        ("in", def.one_of.is_some()),
        ("lt", def.lt.is_some()),
        ("le", def.le.is_some()),
        ("gt", def.gt.is_some()),
        ("ge", def.ge.is_some()),
        ("contains", def.contains.is_some()),
        ("contains_any", def.contains_any.is_some()),
        ("exists", def.exists.is_some()),
        ("within_days", def.within_days.is_some()),
        ("older_than_days", def.older_than_days.is_some()),
        ("sufficient_for", def.sufficient_for.is_some()),
    ];
    flags
        .iter()
        .filter_map(|(name, on)| on.then_some(*name))
        .collect()
}

/// Types a written value against a declared type; the message says what was expected.
pub(crate) fn type_value(value: &Value, ty: &ValueType) -> Result<TVal, String> {
    let found = || format!("found {} `{value}`", value.type_name());
    match (ty, value) {
        (ValueType::Bool, Value::Bool(b)) => Ok(TVal::Bool(*b)),
        (ValueType::Bool, _) => Err(format!("expected `true` or `false`, {}", found())),
        (ValueType::Integer, Value::Integer(i)) => Ok(TVal::Int(*i)),
        (ValueType::Integer, _) => Err(format!("expected a whole number, {}", found())),
        (ValueType::Number, Value::Integer(i)) => Ok(TVal::Num(*i as f64)),
        (ValueType::Number, Value::Number(n)) => Ok(TVal::Num(*n)),
        (ValueType::Number, _) => Err(format!("expected a number, {}", found())),
        (ValueType::String, Value::String(s)) => Ok(TVal::Str(s.as_str().into())),
        (ValueType::String, _) => Err(format!(
            "expected a string, {}; quote it if it is text",
            found()
        )),
        (ValueType::Date, Value::String(s)) => {
            s.parse::<IsoDate>().map(|d| TVal::Date(day_number(d.0)))
        }
        (ValueType::Date, _) => Err(format!("expected a date YYYY-MM-DD, {}", found())),
        (ValueType::List, Value::List(items)) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(s) => out.push(Box::from(s.as_str())),
                    other => {
                        return Err(format!(
                            "expected a list of strings, found {} `{other}` in the list",
                            other.type_name()
                        ));
                    }
                }
            }
            Ok(TVal::List(out.into()))
        }
        (ValueType::List, _) => Err(format!("expected a list of strings, {}", found())),
        (ValueType::OneOf(allowed), Value::String(s)) => {
            if allowed.iter().any(|a| a == s) {
                Ok(TVal::Str(s.as_str().into()))
            } else {
                Err(format!(
                    "`{s}` is not one of the allowed values: {}",
                    allowed.join(", ")
                ))
            }
        }
        (ValueType::OneOf(allowed), _) => Err(format!(
            "expected one of {}, {}",
            allowed.join(", "),
            found()
        )),
    }
}
