//! Text from strangers: sanitizing, measuring and wrapping by terminal display width.
//!
//! Every string from the API passes [`sanitize`] once, right after decoding; everything
//! that lays text out measures graphemes with [`width`], never bytes.

mod fold;
mod glyphs;
mod sanitize;
mod width;
mod wrap;

pub use fold::{Needle, fold_char};
pub use glyphs::{Graphemes, graphemes};
pub use sanitize::{one_line, removes, sanitize, sanitize_cow, sanitize_owned};
pub use width::{
    flag_letters, grapheme_width, steady_emoji, truncate, truncate_cow, width, window,
};
pub use wrap::{Segment, segments, wrap};

/// Characters that test text handling hardest — controls, CR LF, wide and joining emoji,
/// skin tones, flags, combining and spacing marks, prepends, Hangul jamo, halfwidth sound
/// marks, invisible ones — and any character at all, for the proptests of every module that
/// measures, cuts or paints text.
#[cfg(test)]
pub(crate) fn tricky_char() -> impl proptest::strategy::Strategy<Value = char> {
    use proptest::prelude::*;
    prop_oneof![
        prop::sample::select(vec![
            'a',
            ' ',
            '\r',
            '\n',
            '\t',
            '\u{1b}',
            '\u{7f}',
            '中',
            '，',
            '😀',
            '🏔',
            '👨',
            '\u{200d}',
            '\u{fe0f}',
            '\u{fe0e}',
            '\u{1f3fd}',
            '\u{1F1E8}',
            '\u{1F1F3}',
            '\u{301}',
            '\u{903}',
            '\u{600}',
            '\u{915}',
            '\u{94d}',
            '\u{1100}',
            '\u{1161}',
            '\u{11a8}',
            '각',
            '\u{ff9e}',
            'ﾊ',
            '\u{20e3}',
            '3',
            '\u{ad}',
            '\u{200b}',
            '\u{e0041}',
            '\u{302a}',
            '\u{3099}',
            '❤',
        ]),
        any::<char>(),
    ]
}
