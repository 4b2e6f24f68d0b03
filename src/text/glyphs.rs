//! Grapheme clusters, exactly as `unicode-segmentation` finds them, without its full
//! algorithm where the answer is known: between two characters of the break class "Other"
//! there is always a boundary (UAX #29, GB999), and almost every character of a reply (CJK,
//! ASCII, the common emoji, CJK punctuation) is one. Everything else — combining marks,
//! variation selectors, ZWJ sequences, skin tones, flags, Hangul, CR LF — goes through
//! `unicode-segmentation` from a boundary already found, which gives the same clusters.
//!
//! Every frame measures and cuts the text it shows; this is why that costs little.

use unicode_segmentation::UnicodeSegmentation;

/// The extended grapheme clusters of `s`, the same as `s.graphemes(true)`.
pub fn graphemes(s: &str) -> Graphemes<'_> {
    Graphemes { rest: s }
}

/// See [`graphemes`].
#[derive(Debug, Clone)]
pub struct Graphemes<'a> {
    rest: &'a str,
}

impl<'a> Graphemes<'a> {
    /// What is left to iterate.
    pub fn as_str(&self) -> &'a str {
        self.rest
    }
}

impl<'a> Iterator for Graphemes<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest;
        let bytes = rest.as_bytes();
        let first = *bytes.first()?;
        // Printable ASCII followed by printable ASCII (or nothing): one byte, one cluster.
        let len =
            if is_printable_ascii(first) && bytes.get(1).is_none_or(|b| is_printable_ascii(*b)) {
                1
            } else {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if stands_alone(c) && chars.next().is_none_or(stands_alone) {
                    c.len_utf8()
                } else {
                    // `self.rest` starts on a boundary, so the first cluster of it is the
                    // cluster the whole text has here.
                    rest.graphemes(true).next().map_or(rest.len(), str::len)
                }
            };
        let (cluster, after) = rest.split_at(len);
        self.rest = after;
        Some(cluster)
    }
}

#[inline]
fn is_printable_ascii(b: u8) -> bool {
    (b' '..=b'~').contains(&b)
}

/// Characters of the grapheme break class "Other" in the blocks replies are mostly made of:
/// never joined to a neighbour unless that neighbour is an extender (a combining mark, a
/// variation selector, ZWJ, a skin tone), Hangul or a regional indicator — none of which is
/// listed. Checked character by character against `unicode-segmentation` in the tests.
#[inline]
fn stands_alone(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{A0}'..='\u{AC}'
        | '\u{AE}'..='\u{2FF}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}'
        | '\u{2100}'..='\u{218F}'
        | '\u{2190}'..='\u{23FF}'
        | '\u{2460}'..='\u{25FF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2E80}'..='\u{2FDF}'
        | '\u{3000}'..='\u{3029}'
        | '\u{3030}'..='\u{3098}'
        | '\u{309B}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{FF01}'..='\u{FF9D}'
        | '\u{1F300}'..='\u{1F3FA}'
        | '\u{1F400}'..='\u{1F64F}'
        | '\u{1F680}'..='\u{1F6FF}'
        | '\u{1F900}'..='\u{1F9FF}'
        | '\u{20000}'..='\u{2A6DF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(s: &str) -> Vec<&str> {
        s.graphemes(true).collect()
    }

    #[test]
    fn every_listed_character_is_one_that_never_joins_a_plain_neighbour() {
        let listed = (0..=0x2A6DF_u32)
            .filter_map(char::from_u32)
            .filter(|c| stands_alone(*c));
        let mut checked = 0;
        for c in listed {
            // Against an ordinary letter (extenders, prepends), itself (Hangul L V T,
            // regional indicators), a Hangul vowel and final (LV, LVT), and LF (CR).
            for pair in [
                format!("a{c}"),
                format!("{c}a"),
                format!("{c}{c}"),
                format!("{c}\u{1161}"),
                format!("{c}\u{11A8}"),
                format!("{c}\n"),
            ] {
                assert_eq!(
                    reference(&pair).len(),
                    2,
                    "{c:?} ({:X}) in {pair:?}",
                    c as u32
                );
            }
            checked += 1;
        }
        assert_eq!(checked, 74_693, "every listed character was checked");
    }

    #[test]
    fn clusters_are_the_reference_ones_on_hard_cases() {
        for text in [
            "",
            "a",
            "\r\n",
            "a\r\nb",
            "我也想去大理🏔️ 👨‍👩‍👧 hello",
            "🇨🇳🇯🇵🇺",
            "👍🏽👍\u{1F3FD}x",
            "e\u{301}\u{302}好",
            "한국어 ᄀᄀ각",
            "3\u{fe0f}\u{20e3}",
            "\u{0600}a\u{0915}\u{094D}\u{0937}",
            "ﾊﾞﾊﾟ",
            "\u{200d}\u{200d}😀\u{200d}😀",
        ] {
            let fast: Vec<&str> = graphemes(text).collect();
            assert_eq!(fast, reference(text), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn clusters_are_the_reference_ones(chars in prop::collection::vec(crate::text::tricky_char(), 0..24)) {
            let text: String = chars.into_iter().collect();
            let fast: Vec<&str> = graphemes(&text).collect();
            prop_assert_eq!(fast, reference(&text));
        }
    }
}
