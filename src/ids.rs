//! The IDs people type, validated before any request is sent: a top-level comment's
//! (`cid`) and a video's (`aweme_id`). Both are decimal numbers, so a bare number is
//! ambiguous between them; each type is only made where it is known which one is meant.

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

/// Full-width digits become ASCII and white space goes.
pub fn ascii_digits_without_spaces(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect()
}

/// [`ascii_digits_without_spaces`], and a link's `cid=`/`comment_id=` parameter is taken
/// out of it.
fn normalize(input: &str) -> String {
    let ascii = ascii_digits_without_spaces(input);
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

/// A video's ID (`aweme_id`): 1 to 20 ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VideoId(String);

/// Why text is not a video ID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidVideoId {
    #[error("Type the numeric ID of a video, e.g. 7300000000000000001.")]
    Empty,
    #[error("\"{0}\" is not a video ID: it must be digits only. Nothing was sent.")]
    NotDigits(String),
    #[error("A video ID has at most 20 digits; this one has {0}. Nothing was sent.")]
    TooLong(usize),
}

impl VideoId {
    /// Parses a video ID, forgiving spaces and full-width digits as [`CommentId::parse`] does.
    pub fn parse(input: &str) -> Result<VideoId, InvalidVideoId> {
        let digits = ascii_digits_without_spaces(input);
        if digits.is_empty() {
            return Err(InvalidVideoId::Empty);
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            let shown: String = crate::text::sanitize(&digits).chars().take(40).collect();
            return Err(InvalidVideoId::NotDigits(shown));
        }
        if digits.len() > 20 {
            return Err(InvalidVideoId::TooLong(digits.len()));
        }
        Ok(VideoId(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VideoId {
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
    fn video_ids_are_digits_too() {
        assert_eq!(
            VideoId::parse(" ７３００ 000000000000001")
                .unwrap()
                .as_str(),
            "7300000000000000001"
        );
        assert!(matches!(
            VideoId::parse("v123"),
            Err(InvalidVideoId::NotDigits(_))
        ));
        assert_eq!(VideoId::parse(""), Err(InvalidVideoId::Empty));
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
