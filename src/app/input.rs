//! The comment-ID input field: an editable line with a cursor, counted in characters.

/// Text being typed into the comment-ID field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputField {
    value: String,
    /// Cursor position in characters (not bytes).
    cursor: usize,
}

impl InputField {
    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set(&mut self, value: &str) {
        self.value = value.to_owned();
        self.cursor = self.value.chars().count();
    }

    /// Inserts typed or pasted text at the cursor; line breaks and control characters
    /// are dropped so a paste cannot smuggle anything into the field.
    pub fn insert(&mut self, text: &str) {
        let clean: String = text.chars().filter(|c| !c.is_control()).collect();
        let at = self.byte_index(self.cursor);
        self.value.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }

    pub fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte_index(self.cursor);
            self.value.remove(at);
        }
    }

    pub fn delete(&mut self) {
        if self.cursor < self.value.chars().count() {
            let at = self.byte_index(self.cursor);
            self.value.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.value.chars().count());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.value.chars().count();
    }

    pub fn clear(&mut self) {
        self.value.clear();
        self.cursor = 0;
    }

    fn byte_index(&self, chars: usize) -> usize {
        self.value
            .char_indices()
            .nth(chars)
            .map_or(self.value.len(), |(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_works_by_characters_not_bytes() {
        let mut f = InputField::default();
        f.insert("12中3");
        f.left();
        f.backspace();
        assert_eq!(f.value(), "123");
        f.home();
        f.delete();
        assert_eq!(f.value(), "23");
        f.end();
        f.insert("4");
        assert_eq!((f.value(), f.cursor()), ("234", 3));
    }

    #[test]
    fn pasted_line_breaks_and_escapes_are_dropped() {
        let mut f = InputField::default();
        f.insert(" 7251524159191958327\r\n\u{1b}");
        assert_eq!(f.value(), " 7251524159191958327");
    }
}
