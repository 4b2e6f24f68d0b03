//! The HTTP transport to Just One API: one URL per call, one request per attempt, the
//! retrying left to `retry::with_retries`. The token travels in the query string, so the
//! rule here is that it never goes anywhere but the configured server (no redirect is
//! followed, no Referer sent) and the URL never reaches an error or a log line.

use super::Endpoint;
use super::call::{Call, Payload};
use super::error::{ApiError, explain_status, network_error, scrub_error};
use super::retry::{Attempt, RetryPolicy, RetryWatch, with_retries};
use super::token::{CheckedBody, Token};
use super::wire::{business_code, decode_comments, decode_profile, decode_replies, decode_share};
use reqwest::{Url, header};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

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

/// The Just One API client. Cheap to clone; clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// The validated base URL, without a trailing slash.
    base_url: String,
    host_key: String,
    token: Token,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .finish_non_exhaustive()
    }
}

/// A decoded answer with the body it came from, for a page cache: `None` when the body
/// quotes the token (which a documented answer never does), since it must not be kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer<T> {
    pub value: T,
    pub body: Option<CheckedBody>,
}

impl<T> Answer<T> {
    /// The same answer with its value changed by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Answer<U> {
        Answer {
            value: f(self.value),
            body: self.body,
        }
    }
}

/// The most of an answer the client reads: the largest real page is a few hundred KB, so
/// anything near this is not Just One API, and reading it whole could exhaust memory.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// What the share-link endpoint accepts.
const SHARE_LINK_PREFIX: &str = "https://v.douyin.com/";

/// Turns a whole response body into a value. `Ok` only for an answer with code 0, which
/// is how the client knows the call was billed.
type Decode<T> = fn(&[u8]) -> Result<T, ApiError>;

impl Client {
    /// Builds a client. Fails when the base URL is not an `http://` or `https://` address
    /// or the HTTP stack cannot start.
    pub fn new(config: ClientConfig) -> Result<Client, ApiError> {
        let base_url = config.base_url.trim().trim_end_matches('/').to_owned();
        let base = endpoint_url(&base_url, "").map_err(|detail| ApiError::Network {
            detail: config.token.scrub(&detail),
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
                host_key: url_host_key(&base),
                base_url,
                token: config.token,
                timeout: config.timeout,
                connect_timeout: config.connect_timeout,
                retry: config.retry,
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
        self.inner.host_key.clone()
    }

    /// Asks the service for `call`, retrying transient failures within the
    /// [`RetryPolicy`]. `watch` hears each request and each wait, may hold a request back,
    /// and may call the retries off; the error is the last attempt's.
    ///
    /// A share link is resolved only when it is a `https://v.douyin.com/…` link, and a
    /// profile only for a `sec_uid` that is not blank: anything else is refused unsent.
    pub async fn call(
        &self,
        call: &Call,
        watch: &impl RetryWatch,
    ) -> Result<Answer<Payload>, ApiError> {
        match call {
            Call::Replies { comment, page } => {
                let page = page.to_string();
                let params = [("commentId", comment.as_str()), ("page", page.as_str())];
                let answer = self
                    .get(Endpoint::Replies, &params, decode_replies, watch)
                    .await?;
                Ok(answer.map(Payload::Replies))
            }
            Call::Comments { video, page } => {
                let page = page.to_string();
                let params = [("awemeId", video.as_str()), ("page", page.as_str())];
                let answer = self
                    .get(Endpoint::Comments, &params, decode_comments, watch)
                    .await?;
                Ok(answer.map(Payload::Comments))
            }
            Call::Share { url } => {
                if !url.starts_with(SHARE_LINK_PREFIX) {
                    return Err(ApiError::Unavailable {
                        reason: format!(
                            "Only a {SHARE_LINK_PREFIX}… share link can be resolved. Nothing \
                             was sent."
                        ),
                    });
                }
                let params = [("shareUrl", url.as_str())];
                let answer = self
                    .get(Endpoint::ShareLink, &params, decode_share, watch)
                    .await?;
                Ok(answer.map(Payload::Video))
            }
            Call::Profile { sec_uid } => {
                if sec_uid.trim().is_empty() {
                    return Err(ApiError::Unavailable {
                        reason: "The service named no sec_uid for this user, so there is no \
                                 profile to fetch. Nothing was sent."
                            .into(),
                    });
                }
                let params = [("secUid", sec_uid.as_str())];
                let answer = self
                    .get(Endpoint::Profile, &params, decode_profile, watch)
                    .await?;
                Ok(answer.map(|profile| Payload::Profile(Box::new(profile))))
            }
        }
    }

    /// One call to `endpoint`, the token added to `params`, retried within the
    /// [`RetryPolicy`].
    async fn get<T>(
        &self,
        endpoint: Endpoint,
        params: &[(&str, &str)],
        decode: Decode<T>,
        watch: &impl RetryWatch,
    ) -> Result<Answer<T>, ApiError> {
        let url = self.request_url(endpoint.path(), params)?;
        // Names the call in the log without the URL, whose query holds the token.
        let label = params
            .iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect::<Vec<_>>()
            .join(" ");
        with_retries(&self.inner.retry, watch, &label, |number| {
            self.attempt(&url, decode, &label, number)
        })
        .await
    }

    fn request_url(&self, path: &str, params: &[(&str, &str)]) -> Result<Url, ApiError> {
        let mut url = endpoint_url(&self.inner.base_url, path)
            .map_err(|detail| ApiError::Network { detail })?;
        url.query_pairs_mut()
            .append_pair("token", self.inner.token.expose())
            .extend_pairs(params);
        Ok(url)
    }

    /// One HTTP request, logged.
    async fn attempt<T>(
        &self,
        url: &Url,
        decode: Decode<T>,
        label: &str,
        number: u32,
    ) -> Attempt<Answer<T>> {
        let started = Instant::now();
        let outcome = self.send(url, decode).await;
        log_attempt(label, number, &outcome, started.elapsed());
        outcome
    }

    /// The JSON body decides, whatever the status; the status only explains an answer
    /// that is not the service's JSON.
    async fn send<T>(&self, url: &Url, decode: Decode<T>) -> Attempt<Answer<T>> {
        let failed = |err, status, retry_after| Attempt {
            result: Err(self.network_error(err)),
            status,
            retry_after,
            billed: false,
        };
        let response = match self.inner.http.get(url.clone()).send().await {
            Ok(response) => response,
            Err(e) => return failed(e, None, None),
        };
        let status = response.status();
        let retry_after = retry_after(response.headers());
        let body = match read_capped(response, MAX_BODY_BYTES).await {
            Ok(Some(body)) => self.unquoted(lossy_utf8(body)),
            Ok(None) => {
                return Attempt {
                    result: Err(ApiError::TooLarge {
                        limit_mb: (MAX_BODY_BYTES / (1024 * 1024)) as u64,
                    }),
                    status: Some(status),
                    retry_after,
                    billed: false,
                };
            }
            Err(e) => return failed(e, Some(status), retry_after),
        };
        let (result, billed) = match decode(body.as_bytes()) {
            Ok(value) => {
                let body = match body {
                    Body::Clean(body) => Some(body),
                    Body::Scrubbed(_) => None,
                };
                (Ok(Answer { value, body }), true)
            }
            Err(e) => {
                let err = scrub_error(explain_status(e, status), &self.inner.token);
                (Err(err), business_code(body.as_bytes()) == Some(0))
            }
        };
        Attempt {
            result,
            status: Some(status),
            retry_after,
            billed,
        }
    }

    /// A body that quotes the token (no documented answer does) has it replaced before
    /// anything reads it, so it can reach neither the screen nor an export.
    fn unquoted(&self, body: Vec<u8>) -> Body {
        let token = &self.inner.token;
        let body = match token.check(body) {
            Ok(clean) => return Body::Clean(clean),
            Err(quoting) => quoting,
        };
        // Inside the JSON's strings, once unescaped, so the JSON stays JSON whatever the
        // token looks like; an answer that is not JSON is an error, scrubbed as text.
        let scrubbed = match serde_json::from_slice::<serde_json::Value>(&body) {
            Ok(mut json) => {
                scrub_strings(&mut json, token);
                serde_json::to_vec(&json).unwrap_or_default()
            }
            Err(_) => token.scrub(&String::from_utf8_lossy(&body)).into_bytes(),
        };
        Body::Scrubbed(scrubbed)
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

/// An answer's body as read: as sent (checked once, so it may be cached), or with the
/// token it quoted replaced (and then never cached).
enum Body {
    Clean(CheckedBody),
    Scrubbed(Vec<u8>),
}

impl Body {
    fn as_bytes(&self) -> &[u8] {
        match self {
            Body::Clean(body) => body.as_bytes(),
            Body::Scrubbed(body) => body,
        }
    }
}

/// Every string value in `json` with the token replaced.
fn scrub_strings(json: &mut serde_json::Value, token: &Token) {
    use serde_json::Value;
    match json {
        Value::String(text) => *text = token.scrub(text),
        Value::Array(items) => items.iter_mut().for_each(|item| scrub_strings(item, token)),
        // Keys are the service's field names, not its data.
        Value::Object(fields) => fields
            .values_mut()
            .for_each(|value| scrub_strings(value, token)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// The whole body, or `None` as soon as it is known to be longer than `limit` bytes (by
/// its Content-Length, or by counting): the rest is never read.
async fn read_capped(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Option<Vec<u8>>, reqwest::Error> {
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Ok(None);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

/// The body as valid UTF-8: a byte sequence that is not becomes U+FFFD, so one bad
/// character costs itself, not the page (JSON must be UTF-8, and serde refuses it whole).
fn lossy_utf8(body: Vec<u8>) -> Vec<u8> {
    match String::from_utf8(body) {
        Ok(text) => text.into_bytes(),
        Err(err) => String::from_utf8_lossy(err.as_bytes())
            .into_owned()
            .into_bytes(),
    }
}

/// What [`Client::host_key`] would answer for a client on `base_url`, without building
/// one (e.g. to find cached pages offline). A base URL that does not parse is returned
/// trimmed, so it still names something stable.
pub fn host_key_of(base_url: &str) -> String {
    let base = base_url.trim().trim_end_matches('/');
    match endpoint_url(base, "") {
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

/// `{base}{path}`, after checking the base is a plain http(s) address. The error text is
/// for a person and never repeats a query string.
fn endpoint_url(base_url: &str, path: &str) -> Result<Url, String> {
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
    Url::parse(&format!("{base_url}{path}")).map_err(|_| invalid("is not a valid URL"))
}

/// The server's `Retry-After` in its seconds form; the date form is rare enough to ignore.
fn retry_after(headers: &header::HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// One line per HTTP attempt: never the URL (its query holds the token), only what
/// helps to understand a slow or failing session.
fn log_attempt<T>(label: &str, attempt: u32, outcome: &Attempt<Answer<T>>, elapsed: Duration) {
    let elapsed_ms = elapsed.as_millis() as u64;
    let status = outcome.status.map(|s| s.as_u16());
    match &outcome.result {
        Ok(answer) => tracing::info!(
            request = label,
            attempt,
            code = 0,
            status,
            bytes = answer
                .body
                .as_ref()
                .map_or(0, |b| b.as_bytes().len() as u64),
            elapsed_ms,
            "page fetched"
        ),
        Err(e) => tracing::warn!(
            request = label, attempt, code = e.code(), status, billed = outcome.billed,
            error = %e.headline(), elapsed_ms, "page fetch failed"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_joins_base_and_path_and_refuses_odd_bases() {
        let url = endpoint_url("http://127.0.0.1:8787", crate::api::REPLIES_PATH).unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:8787/api/douyin/get-video-sub-comment/v1"
        );
        let prefixed = endpoint_url("https://proxy.example/jo", crate::api::REPLIES_PATH).unwrap();
        assert_eq!(prefixed.path(), "/jo/api/douyin/get-video-sub-comment/v1");
        assert!(endpoint_url("ftp://x", "").unwrap_err().contains("http://"));
        assert!(
            endpoint_url("api.justoneapi.com", "")
                .unwrap_err()
                .contains("not a valid URL")
        );
        let with_query = endpoint_url("https://x.example/?token=abc", "").unwrap_err();
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
    fn the_token_leads_the_query_and_the_parameters_follow() {
        let config = ClientConfig::new("https://api.justoneapi.com/", Token::new("a b&c").unwrap());
        let client = Client::new(config).unwrap();
        let id = crate::ids::CommentId::parse("7251524159191958327").unwrap();
        let params = [("commentId", id.as_str()), ("page", "2")];
        let url = client
            .request_url(crate::api::REPLIES_PATH, &params)
            .unwrap();
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(pairs[0], ("token".into(), "a b&c".into()));
        assert_eq!(pairs[1], ("commentId".into(), "7251524159191958327".into()));
        assert_eq!(pairs[2], ("page".into(), "2".into()));
        assert_eq!(client.base_url(), "https://api.justoneapi.com");
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
