//! Values from Rust types: what a program building evidence in code passes to `with`.

use crate::model::{IsoDate, Value};

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Integer(i)
    }
}

impl From<i32> for Value {
    fn from(i: i32) -> Self {
        Value::Integer(i.into())
    }
}

impl From<u32> for Value {
    fn from(i: u32) -> Self {
        Value::Integer(i.into())
    }
}

/// A whole number above `i64::MAX` cannot be a [`Value`].
impl TryFrom<u64> for Value {
    type Error = String;

    fn try_from(i: u64) -> Result<Self, String> {
        i64::try_from(i)
            .map(Value::Integer)
            .map_err(|_| format!("integer {i} is too large"))
    }
}

/// Values are finite: an infinity or NaN is refused, as it is in a file.
///
/// ```
/// use icp_assess::model::Value;
/// assert_eq!(Value::try_from(0.5), Ok(Value::Number(0.5)));
/// assert!(Value::try_from(f64::NAN).is_err());
/// assert_eq!(Value::from("ceo"), Value::String("ceo".into()));
/// assert_eq!(Value::from(vec!["a", "b"]).to_string(), "[a, b]");
/// ```
impl TryFrom<f64> for Value {
    type Error = String;

    fn try_from(n: f64) -> Result<Self, String> {
        if n.is_finite() {
            Ok(Value::Number(n))
        } else {
            Err(format!(
                "`{n}` is not a finite number; infinities and NaN are not allowed"
            ))
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

/// A date is written `YYYY-MM-DD`, as in a file.
impl From<jiff::civil::Date> for Value {
    fn from(d: jiff::civil::Date) -> Self {
        Value::String(IsoDate(d).to_string())
    }
}

impl From<IsoDate> for Value {
    fn from(d: IsoDate) -> Self {
        Value::String(d.to_string())
    }
}

/// A list. A `list` attribute or fact takes strings only: other items, lists among them, are
/// refused when a bundle or framework is checked.
impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Self {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}

impl From<jiff::civil::Date> for IsoDate {
    fn from(d: jiff::civil::Date) -> Self {
        IsoDate(d)
    }
}
