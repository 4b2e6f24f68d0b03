//! Display width by grapheme, the way ratatui's buffer measures it.

use super::glyphs::graphemes;
use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

/// Cells one grapheme occupies: CJK and emoji are 2, combining marks ride along.
pub fn grapheme_width(grapheme: &str) -> usize {
    grapheme.width()
}

/// Cells a string occupies on one line.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    graphemes(s).map(grapheme_width).sum()
}

/// The longest prefix of `s` that fits in `max` cells, cut at a grapheme boundary, with "…"
/// appended when something was cut. Returns the text and its width.
pub fn truncate(s: &str, max: usize) -> (String, usize) {
    let (text, used) = truncate_cow(s, max);
    (text.into_owned(), used)
}

/// [`truncate`], borrowing `s` when it fits whole (a frame cuts every row it shows; most
/// fit).
pub fn truncate_cow(s: &str, max: usize) -> (Cow<'_, str>, usize) {
    // One walk: where the text would be cut for `max - 1` cells (room for the ellipsis) is
    // remembered on the way to finding whether it needs cutting at all. Zero-width clusters
    // ride along with the text before them.
    let mut used = 0;
    let mut at = 0;
    let mut shorter = None;
    for g in graphemes(s) {
        let w = grapheme_width(g);
        if shorter.is_none() && used + w > max.saturating_sub(1) {
            shorter = Some((at, used));
        }
        if used + w > max {
            if max == 0 {
                return (Cow::Borrowed(""), 0);
            }
            let (cut, cut_used) = shorter.unwrap_or((at, used));
            return (Cow::Owned(format!("{}…", &s[..cut])), cut_used + 1);
        }
        used += w;
        at += g.len();
    }
    (Cow::Borrowed(s), used)
}

/// A form of an emoji grapheme that every common terminal draws at the same width, when
/// `grapheme` is one they disagree on; `None` when it is drawn the same everywhere.
///
/// Measured in tmux 3.3a against unicode-width (which ratatui lays out with): a text-style
/// emoji with VS16 (🏔️ ❤️ ✈️) is 2 columns for us, 1 in tmux and xterm, 2 in kitty and
/// WezTerm; a skin tone (👍🏽) 2 for us, 4 in tmux and xterm; a ZWJ sequence (🏳️‍🌈, families)
/// anything from 1 to 8. A terminal that draws a grapheme wider than the layout shifts the
/// rest of its row. So variation selectors and skin-tone modifiers are left out, and a ZWJ
/// sequence is shown as its first emoji: widths every terminal agrees on.
pub fn steady_emoji(grapheme: &str) -> Option<String> {
    let unsteady = grapheme.chars().any(|c| {
        matches!(
            c,
            '\u{FE0E}' | '\u{FE0F}' | '\u{200D}' | '\u{1F3FB}'..='\u{1F3FF}'
        )
    });
    if !unsteady || grapheme.chars().count() < 2 {
        return None;
    }
    let first = grapheme.split('\u{200D}').next().unwrap_or(grapheme);
    let steady: String = first
        .chars()
        .filter(|c| !matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}'))
        .collect();
    (!steady.is_empty() && steady != grapheme).then_some(steady)
}

/// The letters a flag spells (🇨🇳 → "CN"), when `grapheme` is made of regional indicators.
///
/// tmux (3.3a) and xterm advance two columns for a flag but keep its two halves in two
/// cells, so a later frame that overwrites only the first (as a wide character's first
/// half is overwritten) leaves the second behind on screen. Drawn as two letters in two
/// cells of their own, a flag takes the same columns and every terminal erases it.
pub fn flag_letters(grapheme: &str) -> Option<String> {
    const A: u32 = 0x1F1E6;
    let letters: Option<String> = grapheme
        .chars()
        .map(|c| {
            let offset = u32::from(c).checked_sub(A).filter(|o| *o < 26)?;
            char::from_u32(u32::from('A') + offset)
        })
        .collect();
    letters.filter(|l| !l.is_empty())
}

/// The graphemes of `s` from display column `from` on that fit in `max` columns: the
/// visible part of a line scrolled sideways. A wide character cut by either edge is left out.
pub fn window(s: &str, from: usize, max: usize) -> String {
    let mut column = 0;
    let mut used = 0;
    let mut out = String::new();
    for g in graphemes(s) {
        let w = grapheme_width(g);
        let start = column;
        column += w;
        if start < from {
            continue;
        }
        if used + w > max {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_and_emoji_are_two_cells() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("作者赞过"), 8);
        assert_eq!(width("💑"), 2);
    }

    #[test]
    fn emoji_terminals_disagree_on_are_drawn_in_a_form_they_agree_on() {
        assert_eq!(steady_emoji("🏔️").as_deref(), Some("🏔"));
        assert_eq!(steady_emoji("👍🏽").as_deref(), Some("👍"));
        assert_eq!(steady_emoji("👨‍👩‍👧‍👦").as_deref(), Some("👨"));
        assert_eq!(steady_emoji("🏳️‍🌈").as_deref(), Some("🏳"));
        for steady in ["👍", "中", "a", "🇨🇳", "📌"] {
            assert_eq!(steady_emoji(steady), None, "{steady}");
        }
        for form in ["🏔️", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈"] {
            let steady = steady_emoji(form).unwrap();
            assert!(
                width(&steady) <= width(form),
                "never wider than laid out: {form}"
            );
        }
    }

    #[test]
    fn flags_are_spelled_by_their_letters() {
        assert_eq!(flag_letters("🇨🇳").as_deref(), Some("CN"));
        assert_eq!(width("🇨🇳"), 2, "as many columns as the letters");
        assert_eq!(flag_letters("🇯"), Some("J".into()));
        for other in ["中", "a", "📌", "🏳️‍🌈", ""] {
            assert_eq!(flag_letters(other), None, "{other}");
        }
    }

    #[test]
    fn a_window_shows_whole_characters_from_a_column_on() {
        assert_eq!(window("abcdef", 2, 3), "cde");
        assert_eq!(window("作者赞过", 2, 4), "者赞");
        assert_eq!(
            window("作者赞过", 1, 4),
            "者赞",
            "a character cut on the left is left out"
        );
        assert_eq!(window("作者赞过", 0, 3), "作");
    }

    /// What `truncate` was before it walked the text once: `unicode-truncate` twice.
    fn truncate_reference(s: &str, max: usize) -> (String, usize) {
        use unicode_truncate::UnicodeTruncateStr;
        let (whole, used) = s.unicode_truncate(max);
        if whole.len() == s.len() {
            return (s.to_owned(), used);
        }
        if max == 0 {
            return (String::new(), 0);
        }
        let (cut, used) = s.unicode_truncate(max - 1);
        (format!("{cut}…"), used + 1)
    }

    proptest::proptest! {
        #[test]
        fn truncate_cuts_where_unicode_truncate_did(
            chars in proptest::collection::vec(proptest::prop_oneof![
                proptest::sample::select(vec![
                    'a', ' ', '中', '😀', '\u{200d}', '\u{fe0f}', '\u{1f3fd}', '\u{1F1E8}',
                    '\u{301}', '\u{200b}', '\u{1b}', '\n', '\u{ff9e}', '각', '\u{1161}',
                ]),
                proptest::arbitrary::any::<char>(),
            ], 0..16),
            max in 0usize..12,
        ) {
            let text: String = chars.into_iter().collect();
            // `unicode-truncate` asserts (in debug builds) that the width of what it keeps,
            // measured whole, is the sum of its clusters' widths. `unicode-width` measures a
            // lone skin tone, ZWJ and an emoji as one 2-cell sequence, though they are two
            // clusters of 2 cells each: there the reference panics and says nothing.
            proptest::prop_assume!(
                unicode_width::UnicodeWidthStr::width(text.as_str())
                    == unicode_segmentation::UnicodeSegmentation::graphemes(text.as_str(), true)
                        .map(grapheme_width)
                        .sum::<usize>()
            );
            proptest::prop_assert_eq!(truncate(&text, max), truncate_reference(&text, max));
            if !text.is_ascii() {
                use unicode_segmentation::UnicodeSegmentation;
                let reference: usize = text.graphemes(true).map(grapheme_width).sum();
                proptest::prop_assert_eq!(width(&text), reference);
            }
        }
    }

    /// The input that made the reference panic: measured cluster by cluster, as every
    /// frame measures it.
    #[test]
    fn a_lone_skin_tone_joined_to_an_emoji_is_two_clusters_of_two_cells() {
        let text = "\u{1F3FD}\u{200D}\u{1F600}";
        assert_eq!(width(text), 4);
        assert_eq!(truncate(text, 4), (text.to_owned(), 4));
        assert_eq!(truncate(text, 3), ("\u{1F3FD}\u{200D}…".to_owned(), 3));
    }

    #[test]
    fn truncate_never_splits_a_wide_character() {
        assert_eq!(truncate("作者赞过", 5), ("作者…".to_owned(), 5));
        assert_eq!(truncate("作者赞过", 8), ("作者赞过".to_owned(), 8));
        assert_eq!(truncate("abc", 0), (String::new(), 0));
        assert_eq!(truncate("作者", 1), ("…".to_owned(), 1));
    }
}
