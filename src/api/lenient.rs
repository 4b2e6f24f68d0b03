//! Forgiving field decoders: the service's payload is loosely typed (ids as strings or
//! numbers, `null` where an object or list is expected), and one odd field must not cost
//! the person a whole page. A field of an unexpected type decodes to its default.
//!
//! Lists use `serde_with` adapters in `wire`. What those cannot express, or not in one
//! pass, is here: an id that may be a string or a number (borrowed from the input when it
//! can be), a count that may be a string, a flag that may be a bool, a number or
//! "1"/"true", and a nested object read without copying it first. None of them builds a
//! `serde_json::Value`.

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

/// A string; numbers become their decimal text, anything else becomes "".
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(ScalarVisitor).map(Scalar::into_string)
}

/// [`string`], borrowed from the input when it holds no escape: text that is kept is then
/// copied once, into the model, and short text not at all on the heap.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Cow<'de, str>, D::Error> {
    struct TextVisitor;
    impl<'de> Visitor<'de> for TextVisitor {
        type Value = Cow<'de, str>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(v))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(v.to_owned()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Cow::Owned(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            ScalarVisitor
                .visit_i64(v)
                .map(|s| Cow::Owned(s.into_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            ScalarVisitor
                .visit_u64(v)
                .map(|s| Cow::Owned(s.into_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            ScalarVisitor
                .visit_f64(v)
                .map(|s| Cow::Owned(s.into_string()))
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(""))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(""))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(""))
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            ScalarVisitor.visit_seq(seq).map(|_| Cow::Borrowed(""))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            ScalarVisitor.visit_map(map).map(|_| Cow::Borrowed(""))
        }
    }
    d.deserialize_any(TextVisitor)
}

/// A number, or a string holding one (`"12"`); anything else (null, a fraction, a negative
/// count, an object) is the default. The same as `serde_with`'s
/// `DefaultOnError<PickFirst<(Same, DisplayFromStr)>>`, without copying the value aside
/// first to try it twice.
pub fn number<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + TryFrom<i64> + TryFrom<u64> + FromStr,
{
    d.deserialize_any(ScalarVisitor).map(|s| match s {
        Scalar::Int(i) => T::try_from(i).unwrap_or_default(),
        Scalar::UInt(u) => T::try_from(u).unwrap_or_default(),
        Scalar::Text(t) => t.parse().unwrap_or_default(),
        Scalar::Float(_) | Scalar::Bool(_) | Scalar::Nothing => T::default(),
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

/// An object of type `T`, read in the same pass (`serde_with::DefaultOnError` would first
/// copy all ~190 fields of a user); anything but an object is `None`. An error inside the
/// object (a duplicate key) fails the element it sits in, which the caller skips.
pub fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    d.deserialize_any(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<T>, A::Error> {
        ScalarVisitor.visit_seq(seq).map(|_| None)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
}

enum Scalar {
    Text(String),
    Int(i64),
    UInt(u64),
    Float(f64),
    Bool(bool),
    Nothing,
}

impl Scalar {
    fn into_string(self) -> String {
        match self {
            Scalar::Text(t) => t,
            Scalar::Int(i) => i.to_string(),
            Scalar::UInt(u) => u.to_string(),
            Scalar::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{f:.0}"),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(_) | Scalar::Nothing => String::new(),
        }
    }
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

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Probe {
        #[serde(deserialize_with = "super::string")]
        id: String,
        #[serde(deserialize_with = "super::flag")]
        on: bool,
    }

    fn probe(json: &str) -> (String, bool) {
        let p: Probe = serde_json::from_str(json).unwrap();
        (p.id, p.on)
    }

    #[derive(Deserialize)]
    struct Counts {
        #[serde(deserialize_with = "super::number")]
        count: u64,
        #[serde(deserialize_with = "super::number")]
        time: i64,
    }

    fn counts(json: &str) -> (u64, i64) {
        let c: Counts = serde_json::from_str(json).unwrap();
        (c.count, c.time)
    }

    #[test]
    fn counts_may_be_strings_and_anything_else_is_zero() {
        assert_eq!(counts(r#"{"count":23,"time":"-5"}"#), (23, -5));
        assert_eq!(
            counts(r#"{"count":"23","time":1688379962}"#),
            (23, 1_688_379_962)
        );
        assert_eq!(counts(r#"{"count":-1,"time":1.5}"#), (0, 0));
        assert_eq!(counts(r#"{"count":" 7","time":null}"#), (0, 0));
        assert_eq!(counts(r#"{"count":[1],"time":{"a":1}}"#), (0, 0));
        assert_eq!(
            counts(r#"{"count":true,"time":18446744073709551615}"#),
            (0, 0)
        );
    }

    #[test]
    fn ids_may_be_numbers_and_flags_may_be_anything() {
        assert_eq!(
            probe(r#"{"id":7301000000000000123,"on":1}"#),
            ("7301000000000000123".into(), true)
        );
        assert_eq!(probe(r#"{"id":"7","on":"true"}"#), ("7".into(), true));
        assert_eq!(probe(r#"{"id":null,"on":{"x":1}}"#), (String::new(), false));
        assert_eq!(probe(r#"{"id":[1,2],"on":0}"#), (String::new(), false));
    }
}
