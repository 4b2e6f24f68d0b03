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
