//! Matching the way a reader means it: case-insensitive, and full-width forms (from a
//! Chinese input method) equal to half-width ones, so `ＡＢＣ１` finds `abc1`.
//!
//! Every character folds to exactly one character, so a match found in folded text is at
//! the same character positions in the original, where it is highlighted.

use std::ops::Range;

/// One character as search compares it.
pub fn fold_char(c: char) -> char {
    let half = match c {
        // Full-width ASCII (U+FF01..U+FF5E) sits 0xFEE0 above ASCII; the ideographic space
        // is a space.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    };
    // The first character of the lowercase form keeps folding one-to-one; the few letters
    // whose lowercase is longer (İ) still match their own first letter.
    half.to_lowercase().next().unwrap_or(half)
}

/// A search term, folded once.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Needle {
    term: String,
    chars: Vec<char>,
}

impl Needle {
    pub fn new(term: &str) -> Needle {
        Needle {
            term: term.to_owned(),
            chars: term.chars().map(fold_char).collect(),
        }
    }

    /// The term as it was typed.
    pub fn term(&self) -> &str {
        &self.term
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// Whether `haystack` contains it.
    pub fn is_in(&self, haystack: &str) -> bool {
        !self.is_empty() && self.first_match(haystack).is_some()
    }

    /// The byte ranges of `haystack` where it occurs, not overlapping, in order.
    pub fn find_all(&self, haystack: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        if self.is_empty() {
            return found;
        }
        let chars: Vec<(usize, char)> = haystack.char_indices().collect();
        let mut i = 0;
        while i + self.chars.len() <= chars.len() {
            let matches = self
                .chars
                .iter()
                .zip(&chars[i..])
                .all(|(n, (_, h))| *n == fold_char(*h));
            if matches {
                let start = chars[i].0;
                let end_char = i + self.chars.len();
                let end = chars.get(end_char).map_or(haystack.len(), |(at, _)| *at);
                found.push(start..end);
                i = end_char;
            } else {
                i += 1;
            }
        }
        found
    }

    fn first_match(&self, haystack: &str) -> Option<usize> {
        let folded: Vec<char> = haystack.chars().map(fold_char).collect();
        folded
            .windows(self.chars.len())
            .position(|window| window == self.chars.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_case_fold_to_plain_lowercase() {
        assert!(Needle::new("ＡＢＣ１").is_in("xx abc1 yy"));
        assert!(Needle::new("abc1").is_in("ＡｂＣ１"));
        assert!(Needle::new("大理").is_in("我也想去大理🏔️"));
        assert!(!Needle::new("大理石").is_in("大理"));
        assert!(
            !Needle::new("").is_in("anything"),
            "an empty term matches nothing"
        );
    }

    #[test]
    fn matches_are_found_where_they_are_in_the_original() {
        let hay = "Ｈｅｌｌｏ, hello, 你好HELLO";
        let ranges = Needle::new("hello").find_all(hay);
        assert_eq!(ranges.len(), 3);
        assert_eq!(&hay[ranges[0].clone()], "Ｈｅｌｌｏ");
        assert_eq!(&hay[ranges[1].clone()], "hello");
        assert_eq!(&hay[ranges[2].clone()], "HELLO");
    }

    #[test]
    fn emoji_and_cjk_keep_their_boundaries() {
        let hay = "👨‍👩‍👧好的👍好的";
        let ranges = Needle::new("好的").find_all(hay);
        assert_eq!(ranges.len(), 2);
        for range in ranges {
            assert_eq!(&hay[range], "好的");
        }
    }
}
