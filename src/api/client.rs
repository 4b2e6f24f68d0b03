//! The HTTP client for the comment-replies endpoint: one page per call, retried inside
//! within the vendor's policy, and careful that the token (which travels in the query
//! string) never leaves the configured server and never reaches an error, a log or a panic.

use super::error::ApiError;
use super::model::{Page, Reply};
use super::token::Token;
use super::wire::decode_replies;
use crate::comment_id::CommentId;
use reqwest::{StatusCode, Url, header};
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How often and how patiently a failed call is retried.
///
/// Only transient failures are retried: codes 301, 500 and 503, network faults and
/// unreadable answers (with the growing `base_delay`), and code 302 (with the longer,
/// growing `rate_limit_delay`, or the server's `Retry-After` if that is longer). Codes
/// 100, 303, 400, 600, 601 and undocumented codes are never retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 means a single attempt.
    pub max_retries: u32,
    /// The first wait after a transient failure; it doubles with each retry.
    pub base_delay: Duration,
    /// The first wait after a rate limit (code 302); it doubles with each retry.
    pub rate_limit_delay: Duration,
    /// No single wait is longer than this, whatever the backoff or `Retry-After` says.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_secs(1),
            rate_limit_delay: Duration::from_secs(5),
            max_delay: Duration::from_secs(60),
        }
    }
}

/// Which kind of wait a failure calls for, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backoff {
    Transient,
    RateLimit,
}

impl RetryPolicy {
    /// The wait before retry number `retry` (0-based). `jitter` in [0, 1) stretches the
    /// wait by up to half, so clients that failed together do not retry together; it never
    /// shortens it, which keeps the documented delays a lower bound.
    fn delay(
        &self,
        kind: Backoff,
        retry: u32,
        retry_after: Option<Duration>,
        jitter: f64,
    ) -> Duration {
        let first = match kind {
            Backoff::Transient => self.base_delay,
            Backoff::RateLimit => self.rate_limit_delay,
        };
        let grown = first.saturating_mul(2u32.saturating_pow(retry.min(16)));
        let jittered = grown.mul_f64(1.0 + jitter.clamp(0.0, 1.0) / 2.0);
        let wanted = match (kind, retry_after) {
            (Backoff::RateLimit, Some(server)) => jittered.max(server),
            _ => jittered,
        };
        wanted.min(self.max_delay)
    }
}

/// Everything needed to build a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// e.g. `https://api.justoneapi.com`; a trailing slash is ignored.
    pub base_url: String,
    pub token: Token,
    /// For the whole request, body included.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub retry: RetryPolicy,
}

impl ClientConfig {
    /// The vendor's recommended 60 s request timeout, a 10 s connect timeout and the
    /// default retry policy.
    pub fn new(base_url: impl Into<String>, token: Token) -> Self {
        ClientConfig {
            base_url: base_url.into(),
            token,
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
        }
    }
}

/// Watches a fetch's retries: told before each wait, asked whether the page is still
/// wanted before and after it. Any `Fn(RetryNotice)` is a watch that always wants the page.
pub trait RetryWatch {
    fn waiting(&self, notice: RetryNotice);
    /// One HTTP attempt was answered or failed; `billed` for a code-0 answer.
    fn answered(&self, _billed: bool) {}
    fn still_wanted(&self) -> bool {
        true
    }
}

impl<F: Fn(RetryNotice)> RetryWatch for F {
    fn waiting(&self, notice: RetryNotice) {
        self(notice)
    }
}

/// Said before the client waits to try a page again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryNotice {
    /// The attempt that just failed, from 1.
    pub failed_attempt: u32,
    pub max_attempts: u32,
    pub wait: Duration,
    /// What went wrong, in a few words ("rate limited").
    pub reason: String,
}

/// Calls counted across all clones of one [`Client`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallStats {
    /// HTTP requests attempted, retries included.
    pub requests: u64,
    /// Answers with code 0: the only ones the vendor bills.
    pub billed: u64,
}

/// The comment-replies client. Cheap to clone; clones share the connection pool and
/// the call counters.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// The validated base URL, without a trailing slash.
    base_url: String,
    /// The full endpoint URL, without the query.
    endpoint: Url,
    token: Token,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    requests: AtomicU64,
    billed: AtomicU64,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .finish_non_exhaustive()
    }
}

/// A decoded page with the body it came from, byte for byte, e.g. for a page cache
/// (the body of a success holds no token: only the request URL does).
#[derive(Debug, Clone, PartialEq)]
pub struct PageAnswer {
    pub page: Page<Reply>,
    pub body: Vec<u8>,
}

/// What one HTTP attempt produced, with what the retry decision needs to know.
struct Attempt {
    result: Result<PageAnswer, ApiError>,
    status: Option<StatusCode>,
    retry_after: Option<Duration>,
}

impl Client {
    /// Builds a client. Fails when the base URL is not an `http://` or `https://` address
    /// or the HTTP stack cannot start.
    pub fn new(config: ClientConfig) -> Result<Client, ApiError> {
        let base_url = config.base_url.trim().trim_end_matches('/').to_owned();
        let endpoint = endpoint_url(&base_url).map_err(|detail| ApiError::Network {
            detail: scrub(&detail, &config.token),
        })?;
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            // The token is in the query string: a redirect would carry it to whatever host
            // the redirect names, and a Referer header would repeat it. Neither is allowed.
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .user_agent(concat!("douyin-threads/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| network_error(e, &config.token, config.timeout, config.connect_timeout))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                endpoint,
                token: config.token,
                timeout: config.timeout,
                connect_timeout: config.connect_timeout,
                retry: config.retry,
                requests: AtomicU64::new(0),
                billed: AtomicU64::new(0),
            }),
        })
    }

    /// The base URL in use, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// `host` or `host:port` (when the port is not the scheme's default): a short,
    /// stable name for the server, e.g. to keep the caches of two servers apart.
    pub fn host_key(&self) -> String {
        url_host_key(&self.inner.endpoint)
    }

    /// Whether a response body quotes the token. Such a body is never written to disk: the
    /// documented answers never echo it, but a proxy or a misbehaving server might.
    pub fn quotes_token(&self, body: &[u8]) -> bool {
        quotes_token(body, &self.inner.token)
    }

    /// Calls counted so far, across all clones.
    pub fn stats(&self) -> CallStats {
        CallStats {
            requests: self.inner.requests.load(Ordering::Relaxed),
            billed: self.inner.billed.load(Ordering::Relaxed),
        }
    }

    /// Fetches page `page` (from 1) of the replies under `comment_id`, retrying transient
    /// failures within the [`RetryPolicy`]. The error is the last attempt's.
    pub async fn replies_page(
        &self,
        comment_id: &CommentId,
        page: u32,
    ) -> Result<Page<Reply>, ApiError> {
        self.replies_page_with_body(comment_id, page)
            .await
            .map(|answer| answer.page)
    }

    /// [`Client::replies_page`], also returning the body the page was decoded from.
    pub async fn replies_page_with_body(
        &self,
        comment_id: &CommentId,
        page: u32,
    ) -> Result<PageAnswer, ApiError> {
        self.replies_page_observed(comment_id, page, &|_| {}).await
    }

    /// [`Client::replies_page_with_body`], telling `watch` before each wait, so a person
    /// waiting on a rate limit can be told why and for how long, and asking it before and
    /// after each wait whether the page is still wanted; if not, the last error is returned.
    pub async fn replies_page_observed(
        &self,
        comment_id: &CommentId,
        page: u32,
        watch: &impl RetryWatch,
    ) -> Result<PageAnswer, ApiError> {
        let url = self.page_url(comment_id, page);
        let mut retry = 0;
        loop {
            let started = Instant::now();
            let attempt = self.attempt(&url).await;
            log_attempt(comment_id, page, retry + 1, &attempt, started.elapsed());
            watch.answered(attempt.result.is_ok());
            let err = match attempt.result {
                Ok(answer) => {
                    self.inner.billed.fetch_add(1, Ordering::Relaxed);
                    return Ok(answer);
                }
                Err(err) => err,
            };
            let Some(kind) = backoff_for(&err, attempt.status) else {
                return Err(err);
            };
            if retry >= self.inner.retry.max_retries {
                return Err(err);
            }
            let wait = self
                .inner
                .retry
                .delay(kind, retry, attempt.retry_after, fastrand::f64());
            let wait_ms = wait.as_millis() as u64;
            tracing::debug!(comment_id = %comment_id, page, wait_ms, "waiting before retry");
            let notice = RetryNotice {
                failed_attempt: retry + 1,
                max_attempts: self.inner.retry.max_retries + 1,
                wait,
                reason: err.headline(),
            };
            if !watch.still_wanted() {
                return Err(err);
            }
            watch.waiting(notice);
            tokio::time::sleep(wait).await;
            if !watch.still_wanted() {
                return Err(err);
            }
            retry += 1;
        }
    }

    fn page_url(&self, comment_id: &CommentId, page: u32) -> Url {
        let mut url = self.inner.endpoint.clone();
        url.query_pairs_mut()
            .append_pair("token", self.inner.token.expose())
            .append_pair("commentId", comment_id.as_str())
            .append_pair("page", &page.to_string());
        url
    }

    /// One HTTP request. The JSON body decides, whatever the status; the status only
    /// explains an answer that is not the service's JSON.
    async fn attempt(&self, url: &Url) -> Attempt {
        self.inner.requests.fetch_add(1, Ordering::Relaxed);
        let response = match self.inner.http.get(url.clone()).send().await {
            Ok(response) => response,
            Err(e) => return self.failed_before_body(e),
        };
        let status = response.status();
        let retry_after = retry_after(response.headers());
        let result = match response.bytes().await {
            Ok(body) => match decode_replies(&body) {
                Ok(page) => Ok(PageAnswer {
                    page,
                    body: body.to_vec(),
                }),
                Err(e) => Err(explain_status(e, status)),
            },
            Err(e) => Err(self.network_error(e)),
        };
        Attempt {
            result: result.map_err(|e| scrub_error(e, &self.inner.token)),
            status: Some(status),
            retry_after,
        }
    }

    fn failed_before_body(&self, err: reqwest::Error) -> Attempt {
        Attempt {
            result: Err(self.network_error(err)),
            status: None,
            retry_after: None,
        }
    }

    fn network_error(&self, err: reqwest::Error) -> ApiError {
        network_error(
            err,
            &self.inner.token,
            self.inner.timeout,
            self.inner.connect_timeout,
        )
    }
}

/// What [`Client::host_key`] would answer for a client on `base_url`, without building
/// one (e.g. to find cached pages offline). A base URL that does not parse is returned
/// trimmed, so it still names something stable.
pub fn host_key_of(base_url: &str) -> String {
    let base = base_url.trim().trim_end_matches('/');
    match endpoint_url(base) {
        Ok(url) => url_host_key(&url),
        Err(_) => base.to_owned(),
    }
}

fn url_host_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// `{base}/api/douyin/get-video-sub-comment/v1`, after checking the base is a plain
/// http(s) address. The error text is for a person and never repeats a query string.
fn endpoint_url(base_url: &str) -> Result<Url, String> {
    let shown = base_url.split(['?', '#']).next().unwrap_or_default();
    let invalid = |why: &str| format!("the base URL \"{shown}\" {why}");
    let url = Url::parse(base_url).map_err(|_| invalid("is not a valid URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("must start with http:// or https://"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("has no host name"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("must not carry a query string or fragment"));
    }
    Url::parse(&format!("{base_url}{}", super::REPLIES_PATH))
        .map_err(|_| invalid("is not a valid URL"))
}

/// Which wait a failure calls for; `None` means it is returned at once. An answer that
/// is not the service's JSON is worth retrying after a server fault (an HTML 502 page,
/// a cut-off body) but not after a 3xx or 4xx, which means the base URL is wrong.
fn backoff_for(err: &ApiError, status: Option<StatusCode>) -> Option<Backoff> {
    match err {
        ApiError::RateLimited => Some(Backoff::RateLimit),
        ApiError::CollectionFailed | ApiError::ServerError { .. } => Some(Backoff::Transient),
        ApiError::Timeout { .. } | ApiError::Network { .. } => Some(Backoff::Transient),
        // A proxy's own rate limit answers 429 without the service's JSON.
        ApiError::NotUnderstood { .. } if status == Some(StatusCode::TOO_MANY_REQUESTS) => {
            Some(Backoff::RateLimit)
        }
        ApiError::NotUnderstood { .. } => {
            let wrong_address = status.is_some_and(|s| {
                s.is_redirection() || (s.is_client_error() && s != StatusCode::REQUEST_TIMEOUT)
            });
            (!wrong_address).then_some(Backoff::Transient)
        }
        ApiError::InvalidToken
        | ApiError::DailyQuota
        | ApiError::InsufficientBalance
        | ApiError::PermissionDenied
        | ApiError::InvalidCommentId
        | ApiError::Unknown { .. }
        | ApiError::Unavailable { .. } => None,
    }
}

/// Adds the HTTP status to an answer that was not understood, since then the status is
/// the only clue; a redirect gets its own explanation.
fn explain_status(err: ApiError, status: StatusCode) -> ApiError {
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

/// The server's `Retry-After` in its seconds form; the date form is rare enough to ignore.
fn retry_after(headers: &header::HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// The one place a `reqwest::Error` becomes an [`ApiError`]. Its URL (which holds the
/// token) is dropped first, and the detail is a short phrase for a person, scrubbed of
/// the token once more in case some layer below quoted the request.
fn network_error(
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
        detail: scrub(&network_detail(&err), token),
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

/// Removes the token from any text an error carries: a server that echoes the request
/// in its message, or a serde message quoting the body, must not put it on screen.
fn scrub_error(err: ApiError, token: &Token) -> ApiError {
    match err {
        ApiError::Unknown { code, message } => ApiError::Unknown {
            code,
            message: scrub(&message, token),
        },
        ApiError::Network { detail } => ApiError::Network {
            detail: scrub(&detail, token),
        },
        ApiError::NotUnderstood { detail } => ApiError::NotUnderstood {
            detail: scrub(&detail, token),
        },
        other => other,
    }
}

fn scrub(text: &str, token: &Token) -> String {
    let secret = token.expose();
    let mut clean = text.replace(secret, "<token>");
    // The query string is percent-encoded: a token with reserved characters would appear
    // encoded in anything that quotes the URL.
    let encoded: String = url_encode(secret);
    if encoded != secret {
        clean = clean.replace(&encoded, "<token>");
    }
    clean
}

/// Whether `bytes` quote the token, plainly or percent-encoded.
fn quotes_token(bytes: &[u8], token: &Token) -> bool {
    let secret = token.expose();
    let encoded = url_encode(secret);
    [secret.as_bytes(), encoded.as_bytes()]
        .iter()
        .any(|needle| bytes.windows(needle.len()).any(|w| w == *needle))
}

fn url_encode(text: &str) -> String {
    Url::parse_with_params("http://x/", [("t", text)])
        .ok()
        .and_then(|u| u.query().map(|q| q.trim_start_matches("t=").to_owned()))
        .unwrap_or_else(|| text.to_owned())
}

/// One line per HTTP attempt: never the URL (its query holds the token), only what
/// helps to understand a slow or failing session.
fn log_attempt(
    comment_id: &CommentId,
    page: u32,
    attempt: u32,
    outcome: &Attempt,
    elapsed: Duration,
) {
    let elapsed_ms = elapsed.as_millis() as u64;
    let status = outcome.status.map(|s| s.as_u16());
    match &outcome.result {
        Ok(answer) => tracing::info!(
            comment_id = %comment_id, page, attempt, code = 0, status,
            replies = answer.page.items.len(), has_more = answer.page.has_more, elapsed_ms,
            "page fetched"
        ),
        Err(e) => tracing::warn!(
            comment_id = %comment_id, page, attempt, code = e.code(), status,
            error = %e.headline(), elapsed_ms, "page fetch failed"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(100),
            rate_limit_delay: Duration::from_secs(5),
            max_delay: Duration::from_secs(60),
        }
    }

    #[test]
    fn transient_waits_double_and_jitter_only_lengthens() {
        let p = policy();
        assert_eq!(
            p.delay(Backoff::Transient, 0, None, 0.0),
            Duration::from_millis(100)
        );
        assert_eq!(
            p.delay(Backoff::Transient, 2, None, 0.0),
            Duration::from_millis(400)
        );
        assert_eq!(
            p.delay(Backoff::Transient, 2, None, 0.999),
            Duration::from_micros(599_800)
        );
    }

    #[test]
    fn rate_limit_waits_grow_honour_retry_after_and_stop_at_the_cap() {
        let p = policy();
        assert_eq!(
            p.delay(Backoff::RateLimit, 1, None, 0.0),
            Duration::from_secs(10)
        );
        let server = Some(Duration::from_secs(30));
        assert_eq!(
            p.delay(Backoff::RateLimit, 0, server, 0.0),
            Duration::from_secs(30)
        );
        let huge = Some(Duration::from_secs(3600));
        assert_eq!(
            p.delay(Backoff::RateLimit, 0, huge, 0.0),
            Duration::from_secs(60)
        );
        assert_eq!(
            p.delay(Backoff::RateLimit, 40, None, 0.5),
            Duration::from_secs(60)
        );
        // Retry-After only concerns the rate limit.
        assert_eq!(
            p.delay(Backoff::Transient, 0, server, 0.0),
            Duration::from_millis(100)
        );
    }

    #[test]
    fn only_transient_failures_are_retried() {
        let ok = Some(StatusCode::OK);
        assert_eq!(
            backoff_for(&ApiError::RateLimited, ok),
            Some(Backoff::RateLimit)
        );
        assert_eq!(
            backoff_for(&ApiError::CollectionFailed, ok),
            Some(Backoff::Transient)
        );
        assert_eq!(
            backoff_for(&ApiError::ServerError { code: 503 }, ok),
            Some(Backoff::Transient)
        );
        for code in [100, 303, 400, 600, 601, 602] {
            assert_eq!(
                backoff_for(&ApiError::from_code(code, ""), ok),
                None,
                "{code}"
            );
        }
        let html = ApiError::NotUnderstood {
            detail: "html".into(),
        };
        assert_eq!(
            backoff_for(&html, Some(StatusCode::BAD_GATEWAY)),
            Some(Backoff::Transient)
        );
        assert_eq!(backoff_for(&html, None), Some(Backoff::Transient));
        assert_eq!(backoff_for(&html, Some(StatusCode::NOT_FOUND)), None);
        assert_eq!(backoff_for(&html, Some(StatusCode::FOUND)), None);
        let limited = Some(StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(backoff_for(&html, limited), Some(Backoff::RateLimit));
        let slow = Some(StatusCode::REQUEST_TIMEOUT);
        assert_eq!(backoff_for(&html, slow), Some(Backoff::Transient));
    }

    #[test]
    fn endpoint_joins_base_and_path_and_refuses_odd_bases() {
        let url = endpoint_url("http://127.0.0.1:8787").unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:8787/api/douyin/get-video-sub-comment/v1"
        );
        let prefixed = endpoint_url("https://proxy.example/jo").unwrap();
        assert_eq!(prefixed.path(), "/jo/api/douyin/get-video-sub-comment/v1");
        assert!(endpoint_url("ftp://x").unwrap_err().contains("http://"));
        assert!(
            endpoint_url("api.justoneapi.com")
                .unwrap_err()
                .contains("not a valid URL")
        );
        let with_query = endpoint_url("https://x.example/?token=abc").unwrap_err();
        assert!(
            with_query.contains("query") && !with_query.contains("abc"),
            "{with_query}"
        );
    }

    #[test]
    fn host_key_keeps_only_explicit_ports() {
        let key = |base: &str| {
            Client::new(ClientConfig::new(base, Token::new("t").unwrap()))
                .unwrap()
                .host_key()
        };
        assert_eq!(key("https://api.justoneapi.com/"), "api.justoneapi.com");
        assert_eq!(key("http://127.0.0.1:8787"), "127.0.0.1:8787");
        assert_eq!(key(crate::api::CN_BASE_URL), "47.117.133.51:30015");
        for base in [
            "https://api.justoneapi.com/",
            "http://127.0.0.1:8787",
            crate::api::CN_BASE_URL,
        ] {
            assert_eq!(host_key_of(base), key(base), "{base}");
        }
        assert_eq!(
            host_key_of("HTTPS://API.JustOneAPI.com"),
            "api.justoneapi.com"
        );
    }

    #[test]
    fn page_url_carries_the_three_parameters() {
        let config = ClientConfig::new("https://api.justoneapi.com/", Token::new("a b&c").unwrap());
        let client = Client::new(config).unwrap();
        let id = CommentId::parse("7251524159191958327").unwrap();
        let url = client.page_url(&id, 2);
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(pairs[0], ("token".into(), "a b&c".into()));
        assert_eq!(pairs[1], ("commentId".into(), "7251524159191958327".into()));
        assert_eq!(pairs[2], ("page".into(), "2".into()));
        assert_eq!(client.base_url(), "https://api.justoneapi.com");
    }

    #[test]
    fn bodies_quoting_the_token_are_recognised() {
        let token = Token::new("a b&c").unwrap();
        assert!(quotes_token(b"{\"message\":\"bad token a b&c\"}", &token));
        assert!(quotes_token(b"...token=a+b%26c...", &token));
        assert!(!quotes_token(b"{\"code\":0}", &token));
    }

    #[test]
    fn scrub_removes_plain_and_encoded_tokens() {
        let token = Token::new("a b&c").unwrap();
        assert_eq!(scrub("x a b&c y a+b%26c", &token), "x <token> y <token>");
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
    fn retry_after_reads_seconds_only() {
        let mut headers = header::HeaderMap::new();
        headers.insert(header::RETRY_AFTER, "7".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(
            header::RETRY_AFTER,
            "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap(),
        );
        assert_eq!(retry_after(&headers), None);
    }
}
