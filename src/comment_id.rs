//! The ID of a top-level comment, validated before any request is sent.

use std::fmt;

/// A top-level comment's ID: 1 to 20 ASCII digits (Douyin IDs are unsigned 64-bit numbers).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommentId(String);

/// Why typed text is not a comment ID; the message says what to type instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidCommentId {
    #[error("Type the numeric ID of a top-level comment, e.g. 7251524159191958327.")]
    Empty,
    #[error(
        "\"{0}\" is not a comment ID: it must be digits only (e.g. 7251524159191958327). \
         Nothing was sent."
    )]
    NotDigits(String),
    #[error("A comment ID has at most 20 digits; this one has {0}. Nothing was sent.")]
    TooLong(usize),
}

impl CommentId {
    /// Parses typed or pasted text: surrounding whitespace is trimmed, then only digits pass.
    pub fn parse(input: &str) -> Result<CommentId, InvalidCommentId> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(InvalidCommentId::Empty);
        }
        if !trimmed.bytes().all(|b| b.is_ascii_digit()) {
            let shown: String = crate::text::sanitize(trimmed).chars().take(40).collect();
            return Err(InvalidCommentId::NotDigits(shown));
        }
        if trimmed.len() > 20 {
            return Err(InvalidCommentId::TooLong(trimmed.len()));
        }
        Ok(CommentId(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CommentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_with_surrounding_whitespace_pass() {
        assert_eq!(
            CommentId::parse(" 7251524159191958327\n").unwrap().as_str(),
            "7251524159191958327"
        );
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        assert_eq!(CommentId::parse("  "), Err(InvalidCommentId::Empty));
        assert!(matches!(
            CommentId::parse("72515x"),
            Err(InvalidCommentId::NotDigits(_))
        ));
        assert!(matches!(
            CommentId::parse("-1"),
            Err(InvalidCommentId::NotDigits(_))
        ));
        assert!(matches!(
            CommentId::parse("１２３"),
            Err(InvalidCommentId::NotDigits(_))
        ));
        assert_eq!(
            CommentId::parse(&"1".repeat(21)),
            Err(InvalidCommentId::TooLong(21))
        );
    }
}
