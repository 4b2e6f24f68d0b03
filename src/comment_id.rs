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
    /// Parses typed or pasted text. Forgiven, because they are clearly an ID: spaces
    /// anywhere ("7613 7315 …"), full-width digits from a Chinese input method, and a link
    /// carrying `cid=…` or `comment_id=…`. Anything else that is not digits is refused.
    pub fn parse(input: &str) -> Result<CommentId, InvalidCommentId> {
        let normalized = normalize(input);
        let trimmed = normalized.as_str();
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

/// Full-width digits become ASCII, white space goes, and a link's `cid=`/`comment_id=`
/// parameter is taken out of it.
fn normalize(input: &str) -> String {
    let ascii: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect();
    for key in ["comment_id=", "cid="] {
        if let Some((_, rest)) = ascii.split_once(key) {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() {
                return digits;
            }
        }
    }
    ascii
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
    fn spaced_full_width_and_linked_ids_are_understood() {
        let id = "7613731540051747163";
        assert_eq!(
            CommentId::parse("7613 7315 4005 1747 163")
                .unwrap()
                .as_str(),
            id
        );
        assert_eq!(
            CommentId::parse("７６１３７３１５４００５１７４７１６３")
                .unwrap()
                .as_str(),
            id
        );
        assert_eq!(
            CommentId::parse(&format!("https://www.douyin.com/video/1?cid={id}&x=1"))
                .unwrap()
                .as_str(),
            id
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
            CommentId::parse("https://www.douyin.com/video/1"),
            Err(InvalidCommentId::NotDigits(_))
        ));
        assert_eq!(
            CommentId::parse(&"1".repeat(21)),
            Err(InvalidCommentId::TooLong(21))
        );
    }
}
