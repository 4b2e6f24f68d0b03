//! Everything that can go wrong fetching a page, one variant per thing a person does differently.

use thiserror::Error;

/// A failed page fetch. Every message says what happened and what to do next, and none
/// of them can contain the token (network errors are scrubbed where they are converted,
/// in the client; server messages are sanitized when decoded).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ApiError {
    #[error(
        "The API token was refused (code 100: invalid or inactive). Set a valid token with \
         --token, the JUSTONEAPI_TOKEN environment variable, or `token = \"…\"` in the config file."
    )]
    InvalidToken,
    #[error(
        "Daily quota exceeded (code 303). It resets tomorrow; pages already loaded or cached \
         stay readable. Nothing will be retried automatically."
    )]
    DailyQuota,
    #[error(
        "Insufficient balance on the Just One API account (code 601). Top up the account, then \
         press r to retry. Nothing will be retried automatically."
    )]
    InsufficientBalance,
    #[error(
        "Permission denied (code 600): this token may not call the comment-replies endpoint. \
         Check the token's plan on Just One API."
    )]
    PermissionDenied,
    #[error(
        "The service rejected the comment ID (code 400: invalid parameters). Check that it is the \
         ID of a top-level comment."
    )]
    InvalidCommentId,
    #[error("Rate limited (code 302) even after waiting. Wait a minute, then press r to retry.")]
    RateLimited,
    #[error("Douyin collection failed (code 301) after several tries. Press r to retry later.")]
    CollectionFailed,
    #[error(
        "The API server had an internal error (code {code}) after several tries. Press r to \
         retry later."
    )]
    ServerError { code: i64 },
    #[error(
        "No answer within {seconds} s. The service may be slow or unreachable; press r to retry. \
         From mainland China, --region cn may be faster."
    )]
    Timeout { seconds: u64 },
    #[error(
        "Could not reach the API server ({detail}). Check the network or the base URL, then \
         press r to retry."
    )]
    Network { detail: String },
    #[error(
        "The server's answer was not understood ({detail}). Press r to retry; if it persists, \
         the base URL may not point at Just One API."
    )]
    NotUnderstood { detail: String },
    #[error("The API answered code {code}: {message}. Press r to retry.")]
    Unknown { code: i64, message: String },
    /// Not fetched at all: no token, offline and not cached, not in the demo. The reason
    /// is the whole message.
    #[error("{reason}")]
    Unavailable { reason: String },
}

impl ApiError {
    /// Maps a business code that is not 0 to its error. `message` is the server's own
    /// text (already sanitized), used for codes the vendor does not document.
    pub fn from_code(code: i64, message: &str) -> ApiError {
        match code {
            100 => ApiError::InvalidToken,
            301 => ApiError::CollectionFailed,
            302 => ApiError::RateLimited,
            303 => ApiError::DailyQuota,
            400 => ApiError::InvalidCommentId,
            500 | 503 => ApiError::ServerError { code },
            600 => ApiError::PermissionDenied,
            601 => ApiError::InsufficientBalance,
            _ => ApiError::Unknown {
                code,
                message: if message.is_empty() {
                    "no message".to_owned()
                } else {
                    message.to_owned()
                },
            },
        }
    }

    /// The business code behind this error, when the server sent one.
    pub fn code(&self) -> Option<i64> {
        match self {
            ApiError::InvalidToken => Some(100),
            ApiError::CollectionFailed => Some(301),
            ApiError::RateLimited => Some(302),
            ApiError::DailyQuota => Some(303),
            ApiError::InvalidCommentId => Some(400),
            ApiError::PermissionDenied => Some(600),
            ApiError::InsufficientBalance => Some(601),
            ApiError::ServerError { code } | ApiError::Unknown { code, .. } => Some(*code),
            ApiError::Timeout { .. }
            | ApiError::Network { .. }
            | ApiError::NotUnderstood { .. }
            | ApiError::Unavailable { .. } => None,
        }
    }

    /// Errors that retrying cannot fix until the person acts (new token, top-up, new day,
    /// another ID). The client never retries these: every call may be billed.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            ApiError::InvalidToken
                | ApiError::DailyQuota
                | ApiError::InsufficientBalance
                | ApiError::PermissionDenied
                | ApiError::InvalidCommentId
                | ApiError::Unavailable { .. }
        )
    }

    /// A short name for headers and logs, e.g. "daily quota exceeded".
    pub fn headline(&self) -> String {
        match self {
            ApiError::InvalidToken => "invalid token".into(),
            ApiError::DailyQuota => "daily quota exceeded".into(),
            ApiError::InsufficientBalance => "insufficient balance".into(),
            ApiError::PermissionDenied => "permission denied".into(),
            ApiError::InvalidCommentId => "invalid comment ID".into(),
            ApiError::RateLimited => "rate limited".into(),
            ApiError::CollectionFailed => "collection failed".into(),
            ApiError::ServerError { code } => format!("server error {code}"),
            ApiError::Timeout { .. } => "timed out".into(),
            ApiError::Network { .. } => "network unreachable".into(),
            ApiError::NotUnderstood { .. } => "response not understood".into(),
            ApiError::Unknown { code, .. } => format!("code {code}"),
            ApiError::Unavailable { .. } => "not available".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_codes_map_to_their_variants() {
        assert_eq!(ApiError::from_code(100, ""), ApiError::InvalidToken);
        assert_eq!(ApiError::from_code(303, ""), ApiError::DailyQuota);
        assert_eq!(ApiError::from_code(601, ""), ApiError::InsufficientBalance);
        assert_eq!(
            ApiError::from_code(503, ""),
            ApiError::ServerError { code: 503 }
        );
        for code in [100, 301, 302, 303, 400, 500, 503, 600, 601] {
            assert_eq!(ApiError::from_code(code, "").code(), Some(code));
        }
    }

    #[test]
    fn unknown_codes_keep_code_and_message() {
        let err = ApiError::from_code(602, "something odd");
        assert_eq!(
            err.to_string(),
            "The API answered code 602: something odd. Press r to retry."
        );
    }

    #[test]
    fn final_errors_are_the_ones_a_person_must_fix() {
        for code in [100, 303, 400, 600, 601] {
            assert!(ApiError::from_code(code, "").is_final(), "{code}");
        }
        for code in [301, 302, 500, 503, 602] {
            assert!(!ApiError::from_code(code, "").is_final(), "{code}");
        }
    }
}
