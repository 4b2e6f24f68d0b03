//! Forgiving field decoders: the service's payload is loosely typed (ids as strings or
//! numbers, `null` where an object or list is expected), and one odd field must not cost
//! the person a whole page. A field of an unexpected type decodes to its default.

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, de::DeserializeOwned};
use std::fmt;

/// A string; numbers become their decimal text, anything else becomes "".
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(ScalarVisitor).map(|s| match s {
        Scalar::Text(t) => t,
        Scalar::Int(i) => i.to_string(),
        Scalar::UInt(u) => u.to_string(),
        Scalar::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{f:.0}"),
        Scalar::Float(f) => f.to_string(),
        Scalar::Bool(_) | Scalar::Nothing => String::new(),
    })
}

/// A present, non-empty string, else `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    string(d).map(|s| (!s.is_empty()).then_some(s))
}

/// A count: non-negative integers, numeric strings and floats are accepted; else 0.
pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    d.deserialize_any(ScalarVisitor).map(|s| match s {
        Scalar::UInt(u) => u,
        Scalar::Int(i) => u64::try_from(i).unwrap_or(0),
        Scalar::Float(f) if f >= 0.0 => f as u64,
        Scalar::Text(t) => t.trim().parse().unwrap_or(0),
        _ => 0,
    })
}

/// A signed integer (timestamps, codes); numeric strings accepted; else 0.
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(ScalarVisitor).map(|s| match s {
        Scalar::Int(i) => i,
        Scalar::UInt(u) => i64::try_from(u).unwrap_or(i64::MAX),
        Scalar::Float(f) => f as i64,
        Scalar::Text(t) => t.trim().parse().unwrap_or(0),
        _ => 0,
    })
}

/// A flag: `true`, non-zero numbers and "1"/"true" are true; everything else false.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    d.deserialize_any(ScalarVisitor).map(|s| match s {
        Scalar::Bool(b) => b,
        Scalar::Int(i) => i != 0,
        Scalar::UInt(u) => u != 0,
        Scalar::Float(f) => f != 0.0,
        Scalar::Text(t) => matches!(t.trim(), "1" | "true"),
        Scalar::Nothing => false,
    })
}

/// An object of type `T`; `null` or a value of another shape becomes `None`.
pub fn object<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match value {
        serde_json::Value::Object(_) => T::deserialize(value).ok(),
        _ => None,
    })
}

/// A list of `T`; `null` or a non-list is empty, and elements that do not decode are skipped.
pub fn list<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match value {
        serde_json::Value::Array(items) => items
            .into_iter()
            .filter_map(|v| T::deserialize(v).ok())
            .collect(),
        _ => Vec::new(),
    })
}

enum Scalar {
    Text(String),
    Int(i64),
    UInt(u64),
    Float(f64),
    Bool(bool),
    Nothing,
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Text(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::UInt(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Nothing)
    }
    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Nothing)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Nothing)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Nothing)
    }
}
