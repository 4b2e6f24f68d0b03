//! Everything that can go wrong fetching a page, one variant per thing a person does
//! differently, and the one place a transport failure becomes such a variant. No error
//! can carry the token: the request URL is dropped before a message is taken from a
//! transport error, and every text that came from elsewhere is scrubbed, because errors
//! end up on screen and in the log.

use super::Endpoint;
use super::token::Token;
use reqwest::StatusCode;
use std::time::Duration;
use thiserror::Error;

/// Business codes that no retry can fix until the person acts (new token, new day,
/// another ID, a plan that allows the call, a top-up). Never retried: every answer may
/// be billed, and repeating one only repeats the refusal.
pub(crate) const FINAL_CODES: [i64; 5] = [100, 303, 400, 600, 601];

/// A failed call. Each message states what happened, first words first; what the person
/// can do about it is [`ApiError::remedy`], which the layer that talks to them words (the
/// reader names its keys as mapped, export says what to run).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ApiError {
    #[error("The API token was refused (code 100: invalid or inactive).")]
    InvalidToken,
    #[error(
        "Daily quota exceeded (code 303). It resets tomorrow; pages already loaded or cached \
         stay readable. Nothing will be retried automatically."
    )]
    DailyQuota,
    #[error(
        "Insufficient balance on the Just One API account (code 601). Nothing will be \
         retried automatically."
    )]
    InsufficientBalance,
    #[error(
        "Permission denied (code 600): this token may not call {}.",
        .endpoint.name()
    )]
    PermissionDenied { endpoint: Endpoint },
    #[error(
        "The service rejected the {} (code 400: invalid parameters).",
        .endpoint.sends()
    )]
    InvalidParameters { endpoint: Endpoint },
    /// The share link was resolved (and billed) but leads elsewhere than a video.
    #[error(
        "The share link leads to {leads_to}, which is not a video (a profile or a live room?)."
    )]
    NotAVideo { leads_to: String },
    #[error("Rate limited (code 302) even after waiting.")]
    RateLimited,
    /// The server asked for a longer pause than the client waits on its own: trying
    /// earlier would only be refused again, and may be billed.
    #[error(
        "Rate limited{}: the server asks for no request before {until} (in {}). What is \
         loaded stays.",
        .code.map(|code| format!(" (code {code})")).unwrap_or_else(|| " (HTTP 429)".into()),
        crate::format::duration(*.wait)
    )]
    RetryLater {
        code: Option<i64>,
        wait: Duration,
        /// The local time when it may be asked again, e.g. "14:05".
        until: String,
    },
    #[error("Douyin collection failed (code 301) after several tries.")]
    CollectionFailed,
    #[error("The API server had an internal error (code {code}) after several tries.")]
    ServerError { code: i64 },
    #[error("No answer within {seconds} s: the service may be slow or unreachable.")]
    Timeout { seconds: u64 },
    #[error("The connection to the API server failed ({detail}).")]
    Network { detail: String },
    #[error("The server's answer was not understood ({detail}).")]
    NotUnderstood { detail: String },
    #[error(
        "The server's answer was larger than {limit_mb} MB, far beyond any real page, so it \
         was not read."
    )]
    TooLarge { limit_mb: u64 },
    #[error("The API answered code {code}: {message}.")]
    Unknown { code: i64, message: String },
    /// Not sent: whoever asked stopped waiting for the answer before the request went out
    /// (an export that was stopped, a list that was replaced).
    #[error("Not sent: the answer was no longer wanted.")]
    CalledOff,
    /// Not fetched at all: no token, offline and not cached, not in the demo. The reason
    /// is the whole message.
    #[error("{reason}")]
    Unavailable { reason: String },
}

/// What the person can do about an [`ApiError`]. The reader and export word it, each in
/// its own terms (a key as mapped, a command to run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remedy {
    /// Try again: the fault may be gone by then.
    Retry,
    /// Wait a minute, then try again: rate limited even after the client's own waits.
    RetryInAMinute,
    /// Try again, not before this local time (e.g. "14:05"): earlier is refused again.
    RetryAfter(String),
    /// Try again; a slow service may answer sooner from the other region's server.
    RetryOrRegion,
    /// Check the network or the base URL, then try again.
    CheckConnection,
    /// Try again; if it persists, the base URL may not point at Just One API.
    CheckBaseUrl,
    /// Set a valid token.
    FixToken,
    /// Top up the account, then try again.
    TopUp,
    /// Wait for tomorrow's quota.
    WaitForTomorrow,
    /// Check what the token's plan allows.
    CheckPlan,
    /// Send something else: what to check for this endpoint is [`Endpoint::check`].
    CheckInput(Endpoint),
    /// Nothing to do: the message says it all.
    Nothing,
}

impl Remedy {
    /// Whether trying again, as it is, is part of the remedy.
    pub fn retries(&self) -> bool {
        matches!(
            self,
            Remedy::Retry
                | Remedy::RetryInAMinute
                | Remedy::RetryAfter(_)
                | Remedy::RetryOrRegion
                | Remedy::CheckConnection
                | Remedy::CheckBaseUrl
                | Remedy::TopUp
        )
    }
}

impl ApiError {
    /// Maps a business code that is not 0, from a call to `endpoint`, to its error.
    /// `message` is the server's own text (already sanitized), used for codes the vendor
    /// does not document.
    pub fn from_code(code: i64, message: &str, endpoint: Endpoint) -> ApiError {
        match code {
            100 => ApiError::InvalidToken,
            301 => ApiError::CollectionFailed,
            302 => ApiError::RateLimited,
            303 => ApiError::DailyQuota,
            400 => ApiError::InvalidParameters { endpoint },
            500 | 503 => ApiError::ServerError { code },
            600 => ApiError::PermissionDenied { endpoint },
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
            ApiError::InvalidParameters { .. } => Some(400),
            ApiError::PermissionDenied { .. } => Some(600),
            ApiError::InsufficientBalance => Some(601),
            ApiError::ServerError { code } | ApiError::Unknown { code, .. } => Some(*code),
            ApiError::RetryLater { code, .. } => *code,
            ApiError::Timeout { .. }
            | ApiError::TooLarge { .. }
            | ApiError::Network { .. }
            | ApiError::NotUnderstood { .. }
            | ApiError::NotAVideo { .. }
            | ApiError::CalledOff
            | ApiError::Unavailable { .. } => None,
        }
    }

    /// Errors that retrying cannot fix until the person acts: the codes in `FINAL_CODES`,
    /// a page that was never fetchable, and a share link that is not a video's. The client
    /// never retries these.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            ApiError::Unavailable { .. }
                | ApiError::CalledOff
                | ApiError::NotAVideo { .. }
                | ApiError::TooLarge { .. }
                | ApiError::RetryLater { .. }
        ) || self.code().is_some_and(|code| FINAL_CODES.contains(&code))
    }

    /// What the person can do about it.
    pub fn remedy(&self) -> Remedy {
        match self {
            ApiError::InvalidToken => Remedy::FixToken,
            ApiError::DailyQuota => Remedy::WaitForTomorrow,
            ApiError::InsufficientBalance => Remedy::TopUp,
            ApiError::PermissionDenied { .. } => Remedy::CheckPlan,
            ApiError::InvalidParameters { endpoint } => Remedy::CheckInput(*endpoint),
            ApiError::NotAVideo { .. } => Remedy::CheckInput(Endpoint::ShareLink),
            ApiError::RateLimited => Remedy::RetryInAMinute,
            ApiError::RetryLater { until, .. } => Remedy::RetryAfter(until.clone()),
            ApiError::CollectionFailed
            | ApiError::ServerError { .. }
            | ApiError::Unknown { .. } => Remedy::Retry,
            ApiError::Timeout { .. } => Remedy::RetryOrRegion,
            ApiError::Network { .. } => Remedy::CheckConnection,
            ApiError::NotUnderstood { .. } | ApiError::TooLarge { .. } => Remedy::CheckBaseUrl,
            ApiError::CalledOff | ApiError::Unavailable { .. } => Remedy::Nothing,
        }
    }

    /// Every kind of error, one of each, for tests that must cover them all.
    #[doc(hidden)]
    pub fn one_of_each() -> Vec<ApiError> {
        vec![
            ApiError::InvalidToken,
            ApiError::DailyQuota,
            ApiError::InsufficientBalance,
            ApiError::PermissionDenied {
                endpoint: Endpoint::Replies,
            },
            ApiError::InvalidParameters {
                endpoint: Endpoint::Comments,
            },
            ApiError::NotAVideo {
                leads_to: "https://www.douyin.com/user/x".into(),
            },
            ApiError::RateLimited,
            ApiError::RetryLater {
                code: None,
                wait: Duration::from_secs(3600),
                until: "14:05".into(),
            },
            ApiError::CollectionFailed,
            ApiError::ServerError { code: 500 },
            ApiError::Timeout { seconds: 60 },
            ApiError::Network {
                detail: "connection refused".into(),
            },
            ApiError::NotUnderstood {
                detail: "an HTML page instead of JSON".into(),
            },
            ApiError::TooLarge { limit_mb: 8 },
            ApiError::Unknown {
                code: 602,
                message: "something odd".into(),
            },
            ApiError::CalledOff,
            ApiError::Unavailable {
                reason: "Offline, and not in the cache.".into(),
            },
        ]
    }

    /// A short name for headers and logs, e.g. "daily quota exceeded".
    pub fn headline(&self) -> String {
        match self {
            ApiError::InvalidToken => "invalid token".into(),
            ApiError::DailyQuota => "daily quota exceeded".into(),
            ApiError::InsufficientBalance => "insufficient balance".into(),
            ApiError::PermissionDenied { .. } => "permission denied".into(),
            ApiError::InvalidParameters { endpoint } => format!("invalid {}", endpoint.sends()),
            ApiError::NotAVideo { .. } => "not a video".into(),
            ApiError::RateLimited => "rate limited".into(),
            ApiError::RetryLater { until, .. } => format!("rate limited until {until}"),
            ApiError::TooLarge { .. } => "answer too large".into(),
            ApiError::CollectionFailed => "collection failed".into(),
            ApiError::ServerError { code } => format!("server error {code}"),
            ApiError::Timeout { .. } => "timed out".into(),
            ApiError::Network { .. } => "connection failed".into(),
            ApiError::NotUnderstood { .. } => "response not understood".into(),
            ApiError::Unknown { code, .. } => format!("code {code}"),
            ApiError::Unavailable { .. } => "not available".into(),
            ApiError::CalledOff => "not sent".into(),
        }
    }
}

/// The one place a `reqwest::Error` becomes an [`ApiError`]. Its URL (which holds the
/// token) is dropped first, and the detail is a short phrase for a person, scrubbed of
/// the token once more in case some layer below quoted the request.
pub(crate) fn network_error(
    err: reqwest::Error,
    token: &Token,
    timeout: Duration,
    connect_timeout: Duration,
) -> ApiError {
    let err = err.without_url();
    if err.is_timeout() {
        let limit = if err.is_connect() {
            connect_timeout
        } else {
            timeout
        };
        return ApiError::Timeout {
            seconds: whole_seconds(limit),
        };
    }
    ApiError::Network {
        detail: token.scrub(&network_detail(&err)),
    }
}

fn network_detail(err: &reqwest::Error) -> String {
    if let Some(detail) = io_detail(err) {
        return detail.to_owned();
    }
    if err.is_dns() {
        return "DNS lookup failed".to_owned();
    }
    let innermost = innermost_message(err);
    if err.is_connect() {
        return format!("could not connect: {innermost}");
    }
    if err.is_body() || err.is_decode() {
        return format!("the answer was cut off: {innermost}");
    }
    if err.is_builder() {
        return "the HTTP client could not be set up".to_owned();
    }
    innermost
}

/// A plain phrase for the common socket failures, found anywhere in the source chain.
fn io_detail(err: &reqwest::Error) -> Option<&'static str> {
    use std::io::ErrorKind;
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        if let Some(io) = inner.downcast_ref::<std::io::Error>() {
            match io.kind() {
                ErrorKind::ConnectionRefused => return Some("connection refused"),
                ErrorKind::ConnectionReset => return Some("connection reset"),
                ErrorKind::ConnectionAborted => return Some("connection aborted"),
                ErrorKind::UnexpectedEof => return Some("the connection closed mid-answer"),
                ErrorKind::HostUnreachable | ErrorKind::NetworkUnreachable => {
                    return Some("network unreachable");
                }
                _ => {}
            }
        }
        source = inner.source();
    }
    None
}

/// The deepest cause's message (e.g. hyper's "connection closed before message
/// completed"): the most specific words, and below the layer that knows the URL.
fn innermost_message(err: &reqwest::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        message = inner.to_string();
        source = inner.source();
    }
    message.chars().take(160).collect()
}

/// Rounded up, so a sub-second test timeout does not read "0 s".
fn whole_seconds(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// Adds the HTTP status to an answer that was not understood, since then the status is
/// the only clue; a redirect gets its own explanation.
pub(crate) fn explain_status(err: ApiError, status: StatusCode) -> ApiError {
    let ApiError::NotUnderstood { detail } = err else {
        return err;
    };
    let detail = if status.is_redirection() {
        format!(
            "HTTP {} redirect, not followed so the token is not sent to another address; \
             check the base URL",
            status.as_u16()
        )
    } else if status == StatusCode::OK {
        detail
    } else {
        format!("{detail}, HTTP {}", status.as_u16())
    };
    ApiError::NotUnderstood { detail }
}

/// Removes the token from any text an error carries: a server that echoes the request
/// in its message, or a serde message quoting the body, must not put it on screen.
pub(crate) fn scrub_error(err: ApiError, token: &Token) -> ApiError {
    match err {
        ApiError::Unknown { code, message } => ApiError::Unknown {
            code,
            message: token.scrub(&message),
        },
        ApiError::Network { detail } => ApiError::Network {
            detail: token.scrub(&detail),
        },
        ApiError::NotUnderstood { detail } => ApiError::NotUnderstood {
            detail: token.scrub(&detail),
        },
        ApiError::NotAVideo { leads_to } => ApiError::NotAVideo {
            leads_to: token.scrub(&leads_to),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_codes_map_to_their_variants() {
        assert_eq!(
            ApiError::from_code(100, "", Endpoint::Replies),
            ApiError::InvalidToken
        );
        assert_eq!(
            ApiError::from_code(303, "", Endpoint::Replies),
            ApiError::DailyQuota
        );
        assert_eq!(
            ApiError::from_code(601, "", Endpoint::Replies),
            ApiError::InsufficientBalance
        );
        assert_eq!(
            ApiError::from_code(503, "", Endpoint::Replies),
            ApiError::ServerError { code: 503 }
        );
        for code in [100, 301, 302, 303, 400, 500, 503, 600, 601] {
            assert_eq!(
                ApiError::from_code(code, "", Endpoint::Replies).code(),
                Some(code)
            );
        }
    }

    #[test]
    fn a_rejected_parameter_is_named_with_what_to_check() {
        let messages = [
            (Endpoint::Replies, "comment ID", "top-level comment"),
            (Endpoint::Comments, "video ID", "/video/"),
            (Endpoint::ShareLink, "share link", "share text"),
            (Endpoint::Profile, "user", "sec_uid"),
        ];
        for (endpoint, rejected, check) in messages {
            let err = ApiError::from_code(400, "", endpoint);
            let text = err.to_string();
            assert!(
                text.starts_with(&format!("The service rejected the {rejected} (code 400")),
                "{text}"
            );
            assert_eq!(err.remedy(), Remedy::CheckInput(endpoint));
            assert!(endpoint.check().contains(check), "{}", endpoint.check());
            assert_eq!(err.headline(), format!("invalid {rejected}"));
            assert!(err.is_final());
        }
    }

    #[test]
    fn a_share_link_that_is_no_video_is_final_and_keeps_no_token() {
        let token = Token::new("s3cret").unwrap();
        let err = scrub_error(
            ApiError::NotAVideo {
                leads_to: "https://x.example/s3cret".into(),
            },
            &token,
        );
        assert!(err.is_final() && err.code().is_none());
        assert!(!err.to_string().contains("s3cret"), "{err}");
    }

    #[test]
    fn unknown_codes_keep_code_and_message() {
        let err = ApiError::from_code(602, "something odd", Endpoint::Replies);
        assert_eq!(err.to_string(), "The API answered code 602: something odd.");
        assert_eq!(err.remedy(), Remedy::Retry);
    }

    #[test]
    fn messages_state_what_happened_and_name_no_key_or_command() {
        for err in ApiError::one_of_each() {
            let text = err.to_string();
            assert!(!text.to_lowercase().contains("press"), "{text}");
            assert!(!text.to_lowercase().contains("retry"), "{text}");
            assert!(text.ends_with('.'), "{text}");
        }
    }

    #[test]
    fn the_errors_a_retry_can_fix_say_so_and_the_final_ones_mostly_do_not() {
        for err in ApiError::one_of_each() {
            let retries = err.remedy().retries();
            match err {
                // Final, but a top-up, a later time or a fixed base URL make the same call work.
                ApiError::InsufficientBalance
                | ApiError::RetryLater { .. }
                | ApiError::TooLarge { .. } => {
                    assert!(retries)
                }
                _ => assert_eq!(retries, !err.is_final(), "{err:?}"),
            }
        }
    }

    #[test]
    fn final_errors_are_the_ones_a_person_must_fix() {
        for code in [100, 303, 400, 600, 601] {
            assert!(
                ApiError::from_code(code, "", Endpoint::Replies).is_final(),
                "{code}"
            );
        }
        for code in [301, 302, 500, 503, 602] {
            assert!(
                !ApiError::from_code(code, "", Endpoint::Replies).is_final(),
                "{code}"
            );
        }
    }

    #[test]
    fn errors_carrying_server_text_lose_the_token() {
        let token = Token::new("a b&c").unwrap();
        let err = scrub_error(
            ApiError::Unknown {
                code: 602,
                message: "bad a b&c".into(),
            },
            &token,
        );
        assert!(!err.to_string().contains("a b&c"));
    }

    #[test]
    fn timeouts_round_up_to_whole_seconds() {
        assert_eq!(whole_seconds(Duration::from_millis(200)), 1);
        assert_eq!(whole_seconds(Duration::from_secs(60)), 60);
    }

    #[test]
    fn a_status_explains_only_an_answer_that_was_not_understood() {
        let html = || ApiError::NotUnderstood {
            detail: "an HTML page instead of JSON".into(),
        };
        let moved = explain_status(html(), StatusCode::FOUND).to_string();
        assert!(
            moved.contains("redirect") && moved.contains("base URL"),
            "{moved}"
        );
        let gateway = explain_status(html(), StatusCode::BAD_GATEWAY).to_string();
        assert!(gateway.contains("HTTP 502"), "{gateway}");
        assert_eq!(explain_status(html(), StatusCode::OK), html());
        let quota = explain_status(ApiError::DailyQuota, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(quota, ApiError::DailyQuota);
    }
}
