//! The input field, where IDs, links and share texts are typed or pasted: `tui-input` does
//! the editing; this adds what a pasted-into field needs.
//!
//! - When the field opens on the current value, the value is selected: typing or pasting
//!   replaces it, moving the cursor keeps it and edits at the cursor, Esc puts it back.
//! - Whatever arrives is cleaned like API text (no control, bidi or invisible characters;
//!   line breaks become spaces) and capped, so a 20 KB paste leaves a usable field.

use super::keymap::Edit;
use crate::text::{removes, sanitize};
use tui_input::{Input, InputRequest};

/// Longer than any link or share text; more is cut off.
pub const MAX_CHARS: usize = 2_000;

/// The text being typed, its cursor, and whether it is all selected.
#[derive(Debug, Clone, Default)]
pub struct InputField {
    input: Input,
    /// The whole value is selected: the next text typed or pasted replaces it.
    selected: bool,
    /// The value when editing began, restored if the edit is abandoned.
    before: Option<String>,
}

impl InputField {
    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// Whether the whole value is selected (shown highlighted).
    pub fn is_selected(&self) -> bool {
        self.selected && !self.value().is_empty()
    }

    /// Replaces the value (cleaned), with the cursor at its end and nothing selected.
    pub fn set(&mut self, value: &str) {
        self.input = Input::new(clean(value));
        self.selected = false;
    }

    /// Editing begins: the value is selected and remembered, so Esc can put it back.
    pub fn begin_edit(&mut self) {
        self.before = Some(self.value().to_owned());
        self.selected = true;
    }

    /// The edit is abandoned: the value it began with comes back. Says whether there was one.
    pub fn cancel_edit(&mut self) -> bool {
        match self.before.take() {
            Some(before) => {
                self.set(&before);
                true
            }
            None => false,
        }
    }

    /// The edit is done (submitted): there is nothing to go back to.
    pub fn end_edit(&mut self) {
        self.before = None;
        self.selected = false;
    }

    /// Applies one edit. A character typed over a selection replaces it; deleting deletes it;
    /// moving the cursor keeps the text and edits happen at the cursor from then on.
    pub fn edit(&mut self, edit: Edit) {
        // Keys obey the paste's rules: a terminal without bracketed paste types a paste out
        // key by key, bidi overrides and zero-width characters included. Such a key does
        // nothing at all, so it does not replace a selection either.
        if let Edit::Insert(c) = edit
            && (c.is_control() || removes(c))
        {
            return;
        }
        let selected = std::mem::take(&mut self.selected);
        let request = match edit {
            Edit::Insert(c) if selected => {
                self.set(&c.to_string());
                return;
            }
            Edit::Backspace | Edit::Delete | Edit::DeleteWord if selected => {
                self.set("");
                return;
            }
            Edit::Insert(_) if self.value().chars().count() >= MAX_CHARS => return,
            Edit::Insert(c) => InputRequest::InsertChar(c),
            Edit::Backspace => InputRequest::DeletePrevChar,
            Edit::Delete => InputRequest::DeleteNextChar,
            Edit::Left => InputRequest::GoToPrevChar,
            Edit::Right => InputRequest::GoToNextChar,
            Edit::WordLeft => InputRequest::GoToPrevWord,
            Edit::WordRight => InputRequest::GoToNextWord,
            Edit::Home => InputRequest::GoToStart,
            Edit::End => InputRequest::GoToEnd,
            Edit::DeleteWord => InputRequest::DeletePrevWord,
            Edit::KillToEnd => InputRequest::DeleteTillEnd,
            Edit::Clear => InputRequest::DeleteLine,
        };
        self.input.handle(request);
    }

    /// Inserts pasted text at the cursor, or in place of the selection.
    pub fn paste(&mut self, text: &str) {
        if std::mem::take(&mut self.selected) {
            self.set(text);
            return;
        }
        let value = self.value();
        let at = value
            .char_indices()
            .nth(self.input.cursor())
            .map_or(value.len(), |(i, _)| i);
        let room = MAX_CHARS.saturating_sub(value.chars().count());
        let pasted: String = clean(text).chars().take(room).collect();
        let joined = format!("{}{pasted}{}", &value[..at], &value[at..]);
        let cursor = self.input.cursor() + pasted.chars().count();
        self.input = Input::new(joined).with_cursor(cursor);
    }

    /// The cursor's column from the start of the value.
    pub fn visual_cursor(&self) -> usize {
        self.input.visual_cursor()
    }

    /// How many columns of the value are scrolled out of a field `width` columns wide, so
    /// that the cursor stays in view.
    pub fn visual_scroll(&self, width: usize) -> usize {
        self.input.visual_scroll(width)
    }
}

/// Typed or pasted text as the field keeps it: sanitized like API text, on one line,
/// capped at [`MAX_CHARS`].
fn clean(text: &str) -> String {
    let capped: String = text.chars().take(MAX_CHARS * 2).collect();
    sanitize(&capped)
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .take(MAX_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(value: &str) -> InputField {
        let mut f = InputField::default();
        f.set(value);
        f
    }

    fn typed(f: &mut InputField, text: &str) {
        for c in text.chars() {
            f.edit(Edit::Insert(c));
        }
    }

    #[test]
    fn editing_works_by_characters_not_bytes() {
        let mut f = field("12中3");
        f.edit(Edit::Left);
        f.edit(Edit::Backspace);
        assert_eq!(f.value(), "123");
        f.edit(Edit::Home);
        f.edit(Edit::Delete);
        assert_eq!(f.value(), "23");
        f.edit(Edit::End);
        typed(&mut f, "4");
        assert_eq!(f.value(), "234");
    }

    #[test]
    fn a_selected_value_is_replaced_by_typing_and_by_pasting() {
        let mut f = field("7251524159191958327");
        f.begin_edit();
        typed(&mut f, "12");
        assert_eq!(f.value(), "12");
        f.end_edit();
        f.begin_edit();
        f.paste("https://v.douyin.com/iAbCdEf/");
        assert_eq!(f.value(), "https://v.douyin.com/iAbCdEf/");
    }

    #[test]
    fn moving_the_cursor_keeps_the_value_and_edits_at_the_cursor() {
        let mut f = field("7251524159191958327");
        f.begin_edit();
        f.edit(Edit::Home);
        typed(&mut f, "v:");
        assert_eq!(f.value(), "v:7251524159191958327");
        f.edit(Edit::End);
        f.edit(Edit::Backspace);
        assert_eq!(f.value(), "v:725152415919195832");
    }

    #[test]
    fn esc_puts_back_what_editing_began_with() {
        let mut f = field("7251524159191958327");
        f.begin_edit();
        typed(&mut f, "abc");
        assert!(f.cancel_edit());
        assert_eq!(f.value(), "7251524159191958327");
        assert!(!f.cancel_edit(), "only once");
    }

    #[test]
    fn pasted_line_breaks_escapes_and_bidi_are_cleaned() {
        let mut f = InputField::default();
        f.paste(" 7251524159191958327\r\n\u{1b}[2J\u{202e}x");
        assert_eq!(f.value(), " 7251524159191958327 x");
    }

    #[test]
    fn a_huge_paste_is_capped_and_the_field_stays_usable() {
        let mut f = InputField::default();
        let hostile = "\u{202e}\u{200b}\u{1b}]0;t\u{7}7".repeat(4_000);
        f.paste(&hostile);
        assert!(f.value().chars().count() <= MAX_CHARS);
        assert!(
            f.value().chars().all(|c| c == '7'),
            "{:?}",
            &f.value()[..20]
        );
        f.edit(Edit::Clear);
        typed(&mut f, "123");
        assert_eq!(f.value(), "123");
    }

    #[test]
    fn typed_bidi_zero_width_and_tag_characters_are_refused_like_pasted_ones() {
        let mut f = InputField::default();
        typed(
            &mut f,
            "a\u{202e}b\u{2066}\u{200b}\u{feff}c\u{e0067}\u{2028}d\u{9b}",
        );
        assert_eq!(f.value(), "abcd");
        let mut f = field("7251524159191958327");
        f.begin_edit();
        typed(&mut f, "\u{202e}1");
        assert_eq!(
            f.value(),
            "1",
            "an invisible key does not replace the selection"
        );
    }

    #[test]
    fn a_long_value_scrolls_to_keep_the_cursor_in_view() {
        let f = field(&"界".repeat(40));
        assert_eq!(f.visual_cursor(), 80);
        assert!(f.visual_scroll(20) >= 60);
    }
}
