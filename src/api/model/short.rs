//! Strings kept in place: a loaded thread holds a hundred thousand ids, nicknames and
//! places of a few bytes each, and a heap allocation for each costs more than the text.
//!
//! [`Short<N>`] keeps up to `N` bytes inside itself and only a longer string on the heap.
//! It reads as a `&str` (it derefs to one), so code that reads the model does not change.
//! It is safe code: the length byte is an enum with 64 values, which leaves the compiler
//! room to tell the two kinds apart without a separate tag, so `Short<15>` is as big as a
//! `Box<str>` (16 bytes) and an `Option` of it is no bigger.
//!
//! [`Rare<T>`] and [`Seldom<T>`] hold what is usually empty (a list, a group of fields) in
//! 8 bytes, with a heap block only when something is there.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// A string of up to `N` bytes kept in place; a longer one is on the heap. `N` is at
/// most 63.
#[derive(Clone)]
pub struct Short<const N: usize>(Repr<N>);

#[derive(Clone)]
enum Repr<const N: usize> {
    Inline(Inline<N>),
    /// Boxed twice so that it takes 8 bytes and fits beside the length byte: only strings
    /// longer than `N` pay for it.
    #[allow(clippy::box_collection, clippy::redundant_allocation)]
    Heap(Box<Box<str>>),
}

/// The bytes first and the length last (`repr(C)`), so the heap pointer never overlaps
/// the length byte whose unused values mark the heap case.
#[derive(Clone, Copy)]
#[repr(C)]
struct Inline<const N: usize> {
    bytes: [u8; N],
    len: Len,
}

impl<const N: usize> Short<N> {
    /// The empty string.
    pub const EMPTY: Self = Short(Repr::Inline(Inline {
        bytes: [0; N],
        len: Len::L0,
    }));

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Only ever filled from a `&str` cut at its end: always UTF-8.
            Repr::Inline(inline) => {
                std::str::from_utf8(&inline.bytes[..inline.len as usize]).unwrap_or_default()
            }
            Repr::Heap(text) => text,
        }
    }

    fn inline(text: &str) -> Option<Self> {
        let len = LENS.get(text.len()).filter(|_| text.len() <= N)?;
        let mut bytes = [0; N];
        bytes[..text.len()].copy_from_slice(text.as_bytes());
        Some(Short(Repr::Inline(Inline { bytes, len: *len })))
    }
}

impl<const N: usize> Default for Short<N> {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl<const N: usize> Deref for Short<N> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl<const N: usize> AsRef<str> for Short<N> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl<const N: usize> Borrow<str> for Short<N> {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl<const N: usize> From<&str> for Short<N> {
    fn from(text: &str) -> Self {
        Self::inline(text).unwrap_or_else(|| Short(Repr::Heap(Box::new(text.into()))))
    }
}

impl<const N: usize> From<Box<str>> for Short<N> {
    fn from(text: Box<str>) -> Self {
        Self::inline(&text).unwrap_or_else(|| Short(Repr::Heap(Box::new(text))))
    }
}

impl<const N: usize> From<String> for Short<N> {
    fn from(text: String) -> Self {
        Self::inline(&text).unwrap_or_else(|| Short(Repr::Heap(Box::new(text.into()))))
    }
}

impl<const N: usize> From<&String> for Short<N> {
    fn from(text: &String) -> Self {
        text.as_str().into()
    }
}

impl<const N: usize> From<Short<N>> for Box<str> {
    fn from(text: Short<N>) -> Self {
        match text.0 {
            Repr::Heap(text) => *text,
            Repr::Inline(_) => text.as_str().into(),
        }
    }
}

impl<const N: usize> From<Short<N>> for String {
    fn from(text: Short<N>) -> Self {
        text.as_str().to_owned()
    }
}

impl<const N: usize> PartialEq for Short<N> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<const N: usize> Eq for Short<N> {}

impl<const N: usize> PartialEq<str> for Short<N> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl<const N: usize> PartialEq<&str> for Short<N> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl<const N: usize> PartialOrd for Short<N> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<const N: usize> Ord for Short<N> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl<const N: usize> std::hash::Hash for Short<N> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl<const N: usize> fmt::Debug for Short<N> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<const N: usize> fmt::Display for Short<N> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A short string's length. Its unused values (64 to 255) are what lets the compiler fold
/// "in place or on the heap" into this byte.
#[derive(Clone, Copy)]
#[repr(u8)]
#[rustfmt::skip]
enum Len {
    L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15,
    L16, L17, L18, L19, L20, L21, L22, L23, L24, L25, L26, L27, L28, L29, L30, L31,
    L32, L33, L34, L35, L36, L37, L38, L39, L40, L41, L42, L43, L44, L45, L46, L47,
    L48, L49, L50, L51, L52, L53, L54, L55, L56, L57, L58, L59, L60, L61, L62, L63,
}

#[rustfmt::skip]
const LENS: [Len; 64] = {
    use Len::*;
    [
        L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15,
        L16, L17, L18, L19, L20, L21, L22, L23, L24, L25, L26, L27, L28, L29, L30, L31,
        L32, L33, L34, L35, L36, L37, L38, L39, L40, L41, L42, L43, L44, L45, L46, L47,
        L48, L49, L50, L51, L52, L53, L54, L55, L56, L57, L58, L59, L60, L61, L62, L63,
    ]
};

/// A list that is usually empty, in 8 bytes (a `Box<[T]>` takes 16): most posts have no
/// labels, pictures or hashtags. It reads as a slice. A list of one, the usual non-empty
/// case (a post's one label), is one block rather than a box of a slice.
#[derive(Clone)]
pub struct Rare<T>(Option<Box<Items<T>>>);

#[derive(Clone)]
enum Items<T> {
    One(T),
    Many(Box<[T]>),
}

impl<T> Default for Rare<T> {
    fn default() -> Self {
        Rare(None)
    }
}

impl<T> Deref for Rare<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self.0.as_deref() {
            None => &[],
            Some(Items::One(item)) => std::slice::from_ref(item),
            Some(Items::Many(items)) => items,
        }
    }
}

impl<T: PartialEq> PartialEq for Rare<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Eq> Eq for Rare<T> {}

impl<T> From<Vec<T>> for Rare<T> {
    fn from(items: Vec<T>) -> Self {
        items.into_boxed_slice().into()
    }
}

impl<T> From<Box<[T]>> for Rare<T> {
    fn from(items: Box<[T]>) -> Self {
        match items.len() {
            0 => Rare(None),
            1 => Rare(
                Vec::from(items)
                    .pop()
                    .map(|item| Box::new(Items::One(item))),
            ),
            _ => Rare(Some(Box::new(Items::Many(items)))),
        }
    }
}

impl<T, const K: usize> From<[T; K]> for Rare<T> {
    fn from(items: [T; K]) -> Self {
        Vec::from(items).into()
    }
}

/// A list of one is boxed straight away, with no vector on the way (the decoder collects
/// every post's labels, pictures and hashtags this way).
impl<T> FromIterator<T> for Rare<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut items = items.into_iter();
        let Some(first) = items.next() else {
            return Rare(None);
        };
        match items.next() {
            None => Rare(Some(Box::new(Items::One(first)))),
            Some(second) => {
                let mut all = vec![first, second];
                all.extend(items);
                all.into()
            }
        }
    }
}

impl<'a, T> IntoIterator for &'a Rare<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: fmt::Debug> fmt::Debug for Rare<T> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A value that is usually empty (its `Default`), in 8 bytes: boxed only when something in
/// it is set. An embedded author's counts and signature, or whom a reply answers, are empty
/// in most replies, and 64 bytes in place for each would cost every reply that much.
#[derive(Clone)]
pub struct Seldom<T>(Option<Box<T>>);

impl<T> Seldom<T> {
    /// The value, unless it is empty.
    pub fn get(&self) -> Option<&T> {
        self.0.as_deref()
    }

    /// The value to change, boxed now if it was empty.
    pub fn make_mut(&mut self) -> &mut T
    where
        T: Default,
    {
        self.0.get_or_insert_with(Box::default)
    }
}

impl<T> Default for Seldom<T> {
    fn default() -> Self {
        Seldom(None)
    }
}

/// An empty value takes no box.
impl<T: Default + PartialEq> From<T> for Seldom<T> {
    fn from(value: T) -> Self {
        Seldom((value != T::default()).then(|| Box::new(value)))
    }
}

/// Equal when the values are: a box holding the empty value equals no box.
impl<T: Default + PartialEq> PartialEq for Seldom<T> {
    fn eq(&self, other: &Self) -> bool {
        match (self.get(), other.get()) {
            (Some(a), Some(b)) => a == b,
            (None, None) => true,
            (Some(value), None) | (None, Some(value)) => *value == T::default(),
        }
    }
}

impl<T: Default + Eq> Eq for Seldom<T> {}

impl<T: Default + fmt::Debug> fmt::Debug for Seldom<T> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.get() {
            Some(value) => value.fmt(f),
            None => T::default().fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::size_of;

    #[test]
    fn short_strings_take_no_more_room_than_a_box() {
        assert_eq!(size_of::<Short<15>>(), 16);
        assert_eq!(size_of::<Option<Short<15>>>(), 16);
        assert_eq!(size_of::<Short<23>>(), 24);
        assert_eq!(size_of::<Option<Short<23>>>(), 24);
        assert_eq!(size_of::<Short<55>>(), 56);
        assert_eq!(size_of::<Rare<Box<str>>>(), 8);
        assert_eq!(size_of::<Seldom<[u64; 8]>>(), 8);
    }

    #[test]
    fn every_length_reads_back_as_written() {
        for len in 0..=40 {
            let text: String = "字a".chars().cycle().take(len).collect();
            let short: Short<15> = text.as_str().into();
            assert_eq!(&*short, text);
            assert_eq!(short, Short::<15>::from(text.clone()));
            assert_eq!(
                Box::<str>::from(short.clone()),
                text.clone().into_boxed_str()
            );
            let long: Short<23> = text.clone().into_boxed_str().into();
            assert_eq!(long.as_str(), text);
        }
        assert_eq!(&*Short::<15>::default(), "");
        assert_eq!(
            format!(
                "{:>4}|{:?}",
                Short::<15>::from("ab"),
                Short::<15>::from("ab")
            ),
            "  ab|\"ab\""
        );
    }

    #[test]
    fn rare_lists_are_slices() {
        let empty: Rare<u8> = Vec::new().into();
        assert!(empty.is_empty() && empty.0.is_none());
        let some: Rare<u8> = [1, 2].into();
        assert_eq!(&*some, [1, 2]);
        assert_eq!(some.iter().copied().collect::<Vec<_>>(), [1, 2]);
        let one: Rare<Box<str>> = vec![Box::from("作者赞过")].into();
        assert_eq!(&*one, [Box::from("作者赞过")]);
        assert!(matches!(one.0.as_deref(), Some(Items::One(_))), "one block");
        assert_eq!(size_of::<Items<Box<str>>>(), 24);
        assert_ne!(one, some.iter().map(|n| n.to_string().into()).collect());
        assert_eq!(one, Rare::from_iter([Box::from("作者赞过")]));
        let three: Rare<u8> = (1..=3).collect();
        assert_eq!(&*three, [1, 2, 3]);
        assert!(Rare::<u8>::from_iter([]).0.is_none());
    }

    #[test]
    fn a_seldom_value_is_boxed_only_when_set() {
        let empty: Seldom<(u64, Box<str>)> = (0, "".into()).into();
        assert!(empty.get().is_none());
        let set: Seldom<(u64, Box<str>)> = (0, "a".into()).into();
        assert_eq!(set.get(), Some(&(0, "a".into())));
        let mut grown = Seldom::<(u64, Box<str>)>::default();
        grown.make_mut().0 = 0;
        assert!(grown.get().is_some(), "boxed, though still empty");
        assert_eq!(grown, empty, "an empty box equals no box");
        assert_ne!(grown, set);
        grown.make_mut().1 = "a".into();
        assert_eq!(grown, set);
        assert_eq!(format!("{empty:?}"), r#"(0, "")"#);
    }
}
