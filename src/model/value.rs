//! Values, value types, dates and duplicate-rejecting maps.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value of a profile fact or an evidence attribute, as written in the document.
///
/// Values are untyped when read and typed against the framework's declarations when a bundle is
/// checked. A date is a [`Value::String`] in `YYYY-MM-DD` form until then.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Integer(i64),
    /// A number with a fraction (always finite).
    Number(f64),
    /// Text, including dates and codes.
    String(String),
    /// A list of values.
    List(Vec<Value>),
}

impl Value {
    /// A short name of the value's shape, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Bool(_) => "boolean",
            Value::Integer(_) => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::String(s) => write!(f, "{s}"),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Integer(i) => s.serialize_i64(*i),
            Value::Number(n) => s.serialize_f64(*n),
            Value::String(v) => s.serialize_str(v),
            Value::List(items) => items.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, a number, a string or a list")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Integer(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::Integer)
            .map_err(|_| E::custom(format!("integer {v} is too large")))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        if v.is_finite() {
            Ok(Value::Number(v))
        } else {
            Err(E::custom(format!(
                "`{v}` is not a finite number; infinities and NaN are not allowed"
            )))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Err(E::custom(
            "null is not a value; leave the key out to say the value is unknown",
        ))
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            if let Value::List(_) = item {
                return Err(de::Error::custom("lists inside lists are not allowed"));
            }
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Value, A::Error> {
        Err(de::Error::custom(
            "expected a boolean, a number, a string or a list, found a map",
        ))
    }
}

/// The declared type of a profile fact or an evidence attribute.
///
/// Written in YAML as one of `bool`, `integer`, `number`, `string`, `date`, `list`, or as a list
/// of the allowed strings (an enumeration: `[open, closed]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueType {
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Integer,
    /// Any finite number.
    Number,
    /// Text.
    String,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A list of strings.
    List,
    /// One of the listed strings.
    OneOf(Vec<String>),
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueType::Bool => f.write_str("bool"),
            ValueType::Integer => f.write_str("integer"),
            ValueType::Number => f.write_str("number"),
            ValueType::String => f.write_str("string"),
            ValueType::Date => f.write_str("date"),
            ValueType::List => f.write_str("list"),
            ValueType::OneOf(values) => write!(f, "one of [{}]", values.join(", ")),
        }
    }
}

impl Serialize for ValueType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ValueType::OneOf(values) => values.serialize(s),
            other => s.serialize_str(&other.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for ValueType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueTypeVisitor)
    }
}

struct ValueTypeVisitor;

const TYPE_NAMES: &[&str] = &["bool", "integer", "number", "string", "date", "list"];

impl<'de> Visitor<'de> for ValueTypeVisitor {
    type Value = ValueType;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a type (bool, integer, number, string, date, list) or a list of allowed values",
        )
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<ValueType, E> {
        Ok(match v {
            "bool" => ValueType::Bool,
            "integer" => ValueType::Integer,
            "number" => ValueType::Number,
            "string" => ValueType::String,
            "date" => ValueType::Date,
            "list" => ValueType::List,
            other => {
                let help = crate::error::did_you_mean(other, TYPE_NAMES.iter().copied())
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
                return Err(E::custom(format!(
                    "unknown type `{other}`, expected one of bool, integer, number, string, date, list, or a list of allowed values{help}"
                )));
            }
        })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ValueType, A::Error> {
        let mut values: Vec<String> = Vec::new();
        while let Some(v) = seq.next_element::<String>()? {
            if values.contains(&v) {
                return Err(de::Error::custom(format!(
                    "allowed value `{v}` is listed twice"
                )));
            }
            values.push(v);
        }
        if values.is_empty() {
            return Err(de::Error::custom(
                "an enumeration needs at least one allowed value",
            ));
        }
        Ok(ValueType::OneOf(values))
    }
}

/// A calendar date written strictly as `YYYY-MM-DD`.
///
/// ```
/// use icp_assess::model::IsoDate;
/// let date: IsoDate = "2026-11-01".parse()?;
/// assert_eq!(date.to_string(), "2026-11-01");
/// assert!("2026-11-1".parse::<IsoDate>().is_err());
/// assert!("20261101".parse::<IsoDate>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoDate(pub jiff::civil::Date);

impl IsoDate {
    /// The date.
    pub fn date(self) -> jiff::civil::Date {
        self.0
    }
}

impl std::str::FromStr for IsoDate {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let shaped = s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !shaped {
            return Err(format!("`{s}` is not a date in the form YYYY-MM-DD"));
        }
        s.parse::<jiff::civil::Date>()
            .map(IsoDate)
            .map_err(|e| format!("`{s}` is not a valid date: {e}"))
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for IsoDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(de::Error::custom)
    }
}

/// A map read from input that rejects duplicate keys (YAML and JSON parsers keep the last one
/// silently) and keeps keys sorted, so that output never depends on input order.
#[derive(Debug, Clone, PartialEq)]
pub struct UniqueMap<V>(pub BTreeMap<String, V>);

impl<V> Default for UniqueMap<V> {
    fn default() -> Self {
        UniqueMap(BTreeMap::new())
    }
}

impl<V> UniqueMap<V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.get(key)
    }

    /// Inserts or replaces the value under `key`.
    pub fn insert(&mut self, key: impl Into<String>, value: V) -> Option<V> {
        self.0.insert(key.into(), value)
    }

    /// Entries in key order.
    pub fn iter(&self) -> std::collections::btree_map::Iter<'_, String, V> {
        self.0.iter()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V> FromIterator<(String, V)> for UniqueMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        UniqueMap(iter.into_iter().collect())
    }
}

impl<V: Serialize> Serialize for UniqueMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for UniqueMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(UniqueMapVisitor(std::marker::PhantomData))
    }
}

struct UniqueMapVisitor<V>(std::marker::PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for UniqueMapVisitor<V> {
    type Value = UniqueMap<V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(key) = map.next_key_seed(NewKey(&out))? {
            let value = map.next_value::<V>()?;
            out.insert(key, value);
        }
        Ok(UniqueMap(out))
    }
}

/// Reads a key and fails, at the key's own position, if the map already has it.
struct NewKey<'m, V>(&'m BTreeMap<String, V>);

impl<'de, V> DeserializeSeed<'de> for NewKey<'_, V> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, V> Visitor<'de> for NewKey<'_, V> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        if self.0.contains_key(v) {
            return Err(E::custom(format!("duplicate key `{v}`")));
        }
        Ok(v.to_owned())
    }
}
