//! The API token: a secret that must never be shown, logged or written to the cache.

use std::fmt;

/// A Just One API token. `Debug` and `Display` are redacted so the secret cannot leak
/// through `{:?}`, a log line or a panic message; only [`Token::expose`] reveals it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token, trimming surrounding whitespace. An empty token is no token.
    pub fn new(raw: impl Into<String>) -> Option<Token> {
        let raw = raw.into();
        let trimmed = raw.trim();
        (!trimmed.is_empty()).then(|| Token(trimmed.to_owned()))
    }

    /// The secret itself, for the one place that builds the request URL.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_secret() {
        let token = Token::new("s3cr3t-token").unwrap();
        assert!(!format!("{token:?}").contains("s3cr3t"));
        assert!(!format!("{token}").contains("s3cr3t"));
        assert_eq!(token.expose(), "s3cr3t-token");
    }

    #[test]
    fn blank_tokens_are_no_token() {
        assert!(Token::new("  \n").is_none());
        assert_eq!(Token::new(" abc ").unwrap().expose(), "abc");
    }
}
