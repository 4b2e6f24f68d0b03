//! The client against a mock server on 127.0.0.1: parameters, business codes, the retry
//! policy, network faults, and the token never showing up in an error or a log line.
//!
//! Retry delays are shortened to tens of milliseconds; elapsed times are only checked as
//! lower bounds (the sum of the shortest waits), never upper ones.

use douyin_threads::api::{
    Answer, ApiError, COMMENTS_PATH, Call, Client, ClientConfig, Comment, Endpoint, PROFILE_PATH,
    Page, Payload, Profile, REPLIES_PATH, Remedy, Reply, RetryNotice, RetryPolicy, RetryWatch,
    SHARE_PATH, Token,
};
use douyin_threads::{CommentId, VideoId};
use serde_json::json;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-SECRET-1234";
const CID: &str = "7251524159191958327";
const BASE: Duration = Duration::from_millis(20);
const RATE: Duration = Duration::from_millis(30);

fn policy(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        base_delay: BASE,
        rate_limit_delay: RATE,
        max_delay: Duration::from_secs(2),
    }
}

fn config(base_url: &str) -> ClientConfig {
    let mut config = ClientConfig::new(base_url, Token::new(TOKEN).unwrap());
    config.timeout = Duration::from_secs(5);
    config.connect_timeout = Duration::from_secs(2);
    config.retry = policy(3);
    config
}

fn client(base_url: &str) -> Client {
    Client::new(config(base_url)).unwrap()
}

/// Each kind of call, through the client's one entry point, with its payload unpacked.
trait Ask {
    async fn replies_page(
        &self,
        comment: &CommentId,
        page: u32,
        watch: &(impl RetryWatch + Sync),
    ) -> Result<Answer<Page<Reply>>, ApiError>;
    async fn comments_page(
        &self,
        video: &VideoId,
        page: u32,
        watch: &(impl RetryWatch + Sync),
    ) -> Result<Answer<Page<Comment>>, ApiError>;
    async fn resolve_share(
        &self,
        url: &str,
        watch: &(impl RetryWatch + Sync),
    ) -> Result<Answer<VideoId>, ApiError>;
    async fn user_profile(
        &self,
        sec_uid: &str,
        watch: &(impl RetryWatch + Sync),
    ) -> Result<Answer<Profile>, ApiError>;
}

impl Ask for Client {
    async fn replies_page(
        &self,
        comment: &CommentId,
        page: u32,
        watch: &(impl RetryWatch + Sync),
    ) -> Result<Answer<Page<Reply>>, ApiError> {
        let call = Call::Replies {
            comment: comment.clone(),
            page,
        };
        let answer = self.call(&call, watch).await?;
        Ok(answer.map(|payload| match payload {
            Payload::Replies(page) => page,
            other => panic!("{other:?}"),
        }))
    }
    async fn comments_page(
        &self,
        video: &VideoId,
        page: u32,
        watch: &(impl RetryWatch + Sync),
    ) -> Result<Answer<Page<Comment>>, ApiError> {
        let call = Call::Comments {
            video: video.clone(),
            page,
        };
        let answer = self.call(&call, watch).await?;
        Ok(answer.map(|payload| match payload {
            Payload::Comments(page) => page,
            other => panic!("{other:?}"),
        }))
    }
    async fn resolve_share(
        &self,
        url: &str,
        watch: &(impl RetryWatch + Sync),
    ) -> Result<Answer<VideoId>, ApiError> {
        let call = Call::Share { url: url.into() };
        let answer = self.call(&call, watch).await?;
        Ok(answer.map(|payload| match payload {
            Payload::Video(video) => video,
            other => panic!("{other:?}"),
        }))
    }
    async fn user_profile(
        &self,
        sec_uid: &str,
        watch: &(impl RetryWatch + Sync),
    ) -> Result<Answer<Profile>, ApiError> {
        let call = Call::Profile {
            sec_uid: sec_uid.into(),
        };
        let answer = self.call(&call, watch).await?;
        Ok(answer.map(|payload| match payload {
            Payload::Profile(profile) => *profile,
            other => panic!("{other:?}"),
        }))
    }
}

fn comment_id() -> CommentId {
    CommentId::parse(CID).unwrap()
}

fn sample() -> Vec<u8> {
    fixture("get-video-sub-comment-v1.json")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn envelope(code: i64, message: &str) -> serde_json::Value {
    json!({"code": code, "message": message, "data": null, "recordTime": "2026-03-09 22:00:00", "requestId": "r-1"})
}

fn answer(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

fn sample_answer(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(sample(), "application/json")
}

async fn serve(response: ResponseTemplate) -> MockServer {
    serve_at(REPLIES_PATH, response).await
}

/// Serves `response` at the endpoint `at`.
async fn serve_at(at: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(at))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// Serves `first` for the first `times` requests, then `then`.
async fn serve_then(first: ResponseTemplate, times: u64, then: ResponseTemplate) -> MockServer {
    serve_then_at(REPLIES_PATH, first, times, then).await
}

/// [`serve_then`] at the endpoint `at`.
async fn serve_then_at(
    at: &str,
    first: ResponseTemplate,
    times: u64,
    then: ResponseTemplate,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path(at))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path(at))
        .respond_with(then)
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

/// Fetches page 1 with the given client and returns the error, with how long it took.
async fn fetch_err(client: &Client) -> (ApiError, Duration) {
    fetch_err_counted(client, &Calls::default()).await
}

/// [`fetch_err`], counting the calls in `calls`.
async fn fetch_err_counted(client: &Client, calls: &Calls) -> (ApiError, Duration) {
    let started = Instant::now();
    let err = client
        .replies_page(&comment_id(), 1, calls)
        .await
        .expect_err("the fetch should fail");
    assert_token_hidden(&err);
    (err, started.elapsed())
}

/// Counts the HTTP requests a fetch made, and how many of them were billed.
#[derive(Default)]
struct Calls {
    requests: AtomicU64,
    billed: AtomicU64,
}

impl Calls {
    /// (requests, billed)
    fn counted(&self) -> (u64, u64) {
        (
            self.requests.load(Ordering::SeqCst),
            self.billed.load(Ordering::SeqCst),
        )
    }
}

impl RetryWatch for Calls {
    fn waiting(&self, _: RetryNotice) {}
    fn answered(&self, billed: bool) {
        self.requests.fetch_add(1, Ordering::SeqCst);
        if billed {
            self.billed.fetch_add(1, Ordering::SeqCst);
        }
    }
}

fn assert_token_hidden(err: &ApiError) {
    for shown in [format!("{err}"), format!("{err:?}"), err.headline()] {
        assert!(!shown.contains(TOKEN), "token leaked: {shown}");
        assert!(!shown.contains("token="), "query leaked: {shown}");
    }
}

/// The shortest total wait for `retries` retries starting at `first`, doubling.
fn min_backoff(first: Duration, retries: u32) -> Duration {
    (0..retries).map(|n| first * 2u32.pow(n)).sum()
}

#[test]
fn the_client_is_cheap_to_share_between_tasks() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<Client>();
}

#[tokio::test]
async fn a_page_request_carries_token_comment_id_and_page_and_nothing_else() {
    let server = serve(sample_answer(200)).await;
    let client = client(&format!("{}/", server.uri()));
    let fetched = client
        .replies_page(&comment_id(), 3, &|_| {})
        .await
        .unwrap();
    assert_eq!(&*fetched.value.items[0].post.cid, "7251536675678782265");
    assert_eq!(
        fetched.body.unwrap().as_bytes(),
        sample(),
        "the body as it came"
    );

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.url.path(), REPLIES_PATH);
    let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    let expected = [("token", TOKEN), ("commentId", CID), ("page", "3")];
    assert_eq!(query, expected.map(|(k, v)| (k.to_owned(), v.to_owned())));
    assert!(request.headers.get("referer").is_none());
    let agent = request.headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(agent.starts_with("douyin-threads/"), "{agent}");
}

#[tokio::test]
async fn every_request_is_counted_and_only_code_0_answers_as_billed_across_clones_and_tasks() {
    let server = serve_then(
        answer(200, envelope(301, "Collection Failed")),
        1,
        sample_answer(200),
    )
    .await;
    let client = client(&server.uri());
    let calls = Arc::new(Calls::default());
    let (clone, counted) = (client.clone(), calls.clone());
    let task = tokio::spawn(async move { clone.replies_page(&comment_id(), 1, &*counted).await });
    task.await.unwrap().unwrap();
    client
        .replies_page(&comment_id(), 2, &*calls)
        .await
        .unwrap();
    assert_eq!(calls.counted(), (3, 2));
    assert_eq!(received(&server).await, 3);
}

#[tokio::test]
async fn a_code_0_answer_that_cannot_be_read_counts_as_billed_and_is_not_paid_for_again() {
    let server = serve(answer(200, envelope(0, "success"))).await;
    let calls = Calls::default();
    let (err, _) = fetch_err_counted(&client(&server.uri()), &calls).await;
    assert!(matches!(err, ApiError::NotUnderstood { .. }), "{err:?}");
    assert_eq!(calls.counted(), (1, 1), "one request, billed, and no retry");
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn the_json_body_decides_whatever_the_http_status() {
    let server = serve(sample_answer(500)).await;
    let fetched = client(&server.uri())
        .replies_page(&comment_id(), 1, &|_| {})
        .await
        .unwrap();
    assert_eq!(fetched.value.items.len(), 1);

    let server = serve(answer(200, envelope(303, "Daily Quota Exceeded"))).await;
    let (err, _) = fetch_err(&client(&server.uri())).await;
    assert_eq!(err, ApiError::DailyQuota);
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn codes_that_need_a_person_map_to_their_variant_and_are_sent_once() {
    let cases = [
        (100, 401, ApiError::InvalidToken),
        (303, 429, ApiError::DailyQuota),
        (
            400,
            400,
            ApiError::InvalidParameters {
                endpoint: Endpoint::Replies,
            },
        ),
        (
            600,
            403,
            ApiError::PermissionDenied {
                endpoint: Endpoint::Replies,
            },
        ),
        (601, 402, ApiError::InsufficientBalance),
        (
            101,
            200,
            ApiError::Unknown {
                code: 101,
                message: "mystery".into(),
            },
        ),
        (
            202,
            200,
            ApiError::Unknown {
                code: 202,
                message: "mystery".into(),
            },
        ),
        (
            602,
            500,
            ApiError::Unknown {
                code: 602,
                message: "mystery".into(),
            },
        ),
    ];
    for (code, status, expected) in cases {
        let server = serve(answer(status, envelope(code, "mystery"))).await;
        let calls = Calls::default();
        let (err, _) = fetch_err_counted(&client(&server.uri()), &calls).await;
        assert_eq!(err, expected, "code {code}");
        assert_eq!(err.code(), Some(code));
        assert_eq!(
            received(&server).await,
            1,
            "code {code} must not be retried"
        );
        assert_eq!(calls.counted(), (1, 0), "code {code}");
    }
}

#[tokio::test]
async fn unknown_codes_show_the_code_and_the_servers_message() {
    let server = serve(answer(200, envelope(404, "Route Not Found"))).await;
    let (err, _) = fetch_err(&client(&server.uri())).await;
    let text = err.to_string();
    assert!(
        text.contains("404") && text.contains("Route Not Found"),
        "{text}"
    );
}

#[tokio::test]
async fn transient_codes_are_retried_three_times_with_growing_waits() {
    for (code, expected) in [
        (301, ApiError::CollectionFailed),
        (500, ApiError::ServerError { code: 500 }),
        (503, ApiError::ServerError { code: 503 }),
    ] {
        let server = serve(answer(200, envelope(code, "try again"))).await;
        let (err, elapsed) = fetch_err(&client(&server.uri())).await;
        assert_eq!(err, expected);
        assert_eq!(
            received(&server).await,
            4,
            "code {code}: 1 attempt + 3 retries"
        );
        assert!(
            elapsed >= min_backoff(BASE, 3),
            "code {code}: waited only {elapsed:?}"
        );
    }
}

#[tokio::test]
async fn a_retry_that_succeeds_returns_the_page() {
    let server = serve_then(
        answer(503, envelope(500, "Internal Server Error")),
        2,
        sample_answer(200),
    )
    .await;
    let calls = Calls::default();
    let fetched = client(&server.uri())
        .replies_page(&comment_id(), 1, &calls)
        .await
        .unwrap();
    assert_eq!(fetched.value.items.len(), 1);
    assert_eq!(received(&server).await, 3);
    assert_eq!(calls.counted(), (3, 1));
}

#[tokio::test]
async fn rate_limits_back_off_longer_and_give_up_after_three_retries() {
    let server = serve(answer(429, envelope(302, "Rate Limit Exceeded"))).await;
    let (err, elapsed) = fetch_err(&client(&server.uri())).await;
    assert_eq!(err, ApiError::RateLimited);
    assert_eq!(received(&server).await, 4);
    assert!(elapsed >= min_backoff(RATE, 3), "waited only {elapsed:?}");
}

#[tokio::test]
async fn retry_after_is_honoured_when_longer_than_the_backoff() {
    let limited =
        answer(429, envelope(302, "Rate Limit Exceeded")).insert_header("Retry-After", "1");
    let server = serve_then(limited, 1, sample_answer(200)).await;
    let started = Instant::now();
    client(&server.uri())
        .replies_page(&comment_id(), 1, &|_| {})
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited only {:?}",
        started.elapsed()
    );
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_longest_wait_is_not_retried_early() {
    let limited =
        answer(429, envelope(302, "Rate Limit Exceeded")).insert_header("Retry-After", "3600");
    let server = serve_then(limited, 1, sample_answer(200)).await;
    let mut config = config(&server.uri());
    config.retry.max_delay = Duration::from_millis(50);
    let err = Client::new(config)
        .unwrap()
        .replies_page(&comment_id(), 1, &|_| {})
        .await
        .unwrap_err();
    // Retrying after the cap would be refused again, and might be billed.
    assert!(
        matches!(
            err,
            ApiError::RetryLater {
                code: Some(302),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("in 1 hour"), "{err}");
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn an_html_502_page_is_retried_then_reported_as_not_understood() {
    let html = ResponseTemplate::new(502).set_body_raw(
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
        "text/html",
    );
    let server = serve(html).await;
    let (err, elapsed) = fetch_err(&client(&server.uri())).await;
    let ApiError::NotUnderstood { detail } = &err else {
        panic!("{err:?}")
    };
    assert!(
        detail.contains("HTML") && detail.contains("502"),
        "{detail}"
    );
    assert_eq!(received(&server).await, 4);
    assert!(elapsed >= min_backoff(BASE, 3));
}

#[tokio::test]
async fn an_html_404_means_a_wrong_base_url_and_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(404).set_body_raw("<html>Not Found</html>", "text/html"),
        )
        .mount(&server)
        .await;
    let (err, _) = fetch_err(&client(&server.uri())).await;
    assert!(err.to_string().contains("404"), "{err}");
    assert!(matches!(err, ApiError::NotUnderstood { .. }));
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn cut_off_and_malformed_json_are_retried_then_reported() {
    for (body, says) in [
        (r#"{"code":0,"data":{"comm"#, "cut off"),
        (r#"{"code":0,"data":}"#, "malformed JSON"),
    ] {
        let server = serve(ResponseTemplate::new(200).set_body_raw(body, "application/json")).await;
        let (err, _) = fetch_err(&client(&server.uri())).await;
        assert!(
            matches!(&err, ApiError::NotUnderstood { detail } if detail.contains(says)),
            "{err:?}"
        );
        assert_eq!(received(&server).await, 4, "{body}");
    }
}

/// A server that promises more bytes than it sends, then hangs up: a body truncated
/// on the wire. Returns its address and a count of the connections it served.
async fn truncating_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let served = Arc::new(AtomicUsize::new(0));
    let count = served.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let partial = br#"{"code":0,"data":{"comments":[{"cid":"1","te"#;
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                partial.len() + 500
            );
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(partial).await;
            let _ = socket.shutdown().await;
        }
    });
    (address, served)
}

#[tokio::test]
async fn a_body_truncated_on_the_wire_is_a_retried_network_fault() {
    let (address, served) = truncating_server().await;
    let (err, _) = fetch_err(&client(&address)).await;
    assert!(
        matches!(&err, ApiError::Network { detail } if detail.contains("closed") || detail.contains("cut off")),
        "{err:?}"
    );
    assert_eq!(served.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn a_slow_answer_times_out_and_is_retried() {
    let server = serve(sample_answer(200).set_delay(Duration::from_secs(3))).await;
    let mut config = config(&server.uri());
    config.timeout = Duration::from_millis(200);
    config.retry = policy(1);
    let calls = Calls::default();
    let (err, elapsed) = fetch_err_counted(&Client::new(config).unwrap(), &calls).await;
    assert_eq!(err, ApiError::Timeout { seconds: 1 });
    assert_eq!(received(&server).await, 2);
    assert!(elapsed >= Duration::from_millis(400) + BASE, "{elapsed:?}");
    assert_eq!(calls.counted(), (2, 0));
}

#[tokio::test]
async fn connection_refused_is_a_network_error_after_retries() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut config = config(&format!("http://127.0.0.1:{port}"));
    config.retry = policy(2);
    let calls = Calls::default();
    let (err, elapsed) = fetch_err_counted(&Client::new(config).unwrap(), &calls).await;
    assert!(
        matches!(&err, ApiError::Network { detail } if detail == "connection refused"),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("The connection to the API server failed (connection refused)"),
        "{err}"
    );
    assert_eq!(calls.counted().0, 3);
    assert!(elapsed >= min_backoff(BASE, 2));
}

#[tokio::test]
async fn redirects_are_not_followed_so_the_token_stays_home() {
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(sample_answer(200))
        .mount(&elsewhere)
        .await;
    let redirect =
        ResponseTemplate::new(302).insert_header("Location", format!("{}/steal", elsewhere.uri()));
    let server = serve(redirect).await;
    let (err, _) = fetch_err(&client(&server.uri())).await;
    assert!(
        matches!(&err, ApiError::NotUnderstood { detail } if detail.contains("redirect")),
        "{err:?}"
    );
    assert_eq!(received(&server).await, 1, "a redirect is not retried");
    assert_eq!(
        received(&elsewhere).await,
        0,
        "the redirect target must never see the token"
    );
}

#[tokio::test]
async fn a_server_echoing_the_token_cannot_put_it_on_screen() {
    let message = format!("token {TOKEN} is not allowed here");
    let server = serve(answer(200, envelope(602, &message))).await;
    let (err, _) = fetch_err(&client(&server.uri())).await;
    let ApiError::Unknown { code: 602, message } = &err else {
        panic!("{err:?}")
    };
    assert!(message.contains("is not allowed here"), "{message}");
}

#[test]
fn an_invalid_base_url_is_refused_plainly_and_without_the_token() {
    for base in [
        "not a url",
        "ftp://api.example",
        &format!("https://api.example/?token={TOKEN}"),
    ] {
        let err = Client::new(config(base)).unwrap_err();
        assert_token_hidden(&err);
        assert!(err.to_string().contains("base URL"), "{err}");
    }
    assert!(!format!("{:?}", config("https://api.example")).contains(TOKEN));
}

thread_local! {
    /// What this thread logged, to read it back.
    static LOGGED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Writes into the calling thread's [`LOGGED`] buffer.
struct ThisThreadsLog;

impl std::io::Write for ThisThreadsLog {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LOGGED.with(|log| log.borrow_mut().extend_from_slice(buf));
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs, once, a global subscriber that writes each thread's events to that thread's
/// buffer. A global subscriber rather than a scoped one: tracing caches whether a callsite
/// is enabled globally, and with scoped subscribers on concurrent test threads that cache
/// can miss events (seen in CI).
fn capture_logs_per_thread() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_writer(|| ThisThreadsLog)
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other global subscriber in tests");
    });
    LOGGED.with(|log| log.borrow_mut().clear());
}

#[tokio::test]
async fn each_attempt_is_logged_without_the_token_or_the_url() {
    // The test runtime is single-threaded, so the client logs on this thread.
    capture_logs_per_thread();

    let server = serve_then(
        ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"),
        1,
        sample_answer(200),
    )
    .await;
    client(&server.uri())
        .replies_page(&comment_id(), 1, &|_| {})
        .await
        .unwrap();

    let logs = LOGGED.with(|log| String::from_utf8(log.borrow().clone()).unwrap());
    assert_eq!(
        logs.matches(CID).count(),
        3,
        "two attempts and one wait:\n{logs}"
    );
    assert!(
        logs.contains("attempt=1") && logs.contains("attempt=2"),
        "{logs}"
    );
    assert!(logs.contains("elapsed_ms="), "{logs}");
    assert!(!logs.contains(TOKEN) && !logs.contains("token="), "{logs}");
}

#[tokio::test]
async fn each_wait_before_a_retry_is_announced() {
    let server = serve_then(
        answer(200, envelope(301, "Collection Failed")),
        2,
        sample_answer(200),
    )
    .await;
    let notices = Mutex::new(Vec::new());
    client(&server.uri())
        .replies_page(&comment_id(), 1, &|notice| {
            notices.lock().unwrap().push(notice);
        })
        .await
        .unwrap();
    let notices = notices.into_inner().unwrap();
    let attempts: Vec<u32> = notices.iter().map(|n| n.failed_attempt).collect();
    assert_eq!(attempts, [1, 2]);
    assert!(
        notices
            .iter()
            .all(|n| n.reason == "collection failed" && n.max_attempts == 4)
    );
    assert!(notices[1].wait >= notices[0].wait, "waits grow");
}

#[tokio::test]
async fn a_page_no_longer_wanted_is_not_retried() {
    let server = serve(answer(200, envelope(301, "Collection Failed"))).await;
    struct Unwanted;
    impl RetryWatch for Unwanted {
        fn waiting(&self, _: RetryNotice) {}
        fn still_wanted(&self) -> bool {
            false
        }
    }
    let err = client(&server.uri())
        .replies_page(&comment_id(), 1, &Unwanted)
        .await
        .unwrap_err();
    assert_eq!(err, ApiError::CollectionFailed);
    assert_eq!(
        received(&server).await,
        1,
        "no retry once the page is not wanted"
    );
}

// ---------------------------------------------------------------------------------------
// The endpoints beyond replies: a video's comments, share links, profiles.

const VID: &str = "7588740680004963593";
const SEC_UID: &str =
    "MS4wLjABAAAAV0pW9WMKqO7LgvttqNA92O3Fsppnnwkh6vvs9Z9zPhMkQ6GPEi-at60BulpmZYnm";
const SHARE_URL: &str = "https://v.douyin.com/iAbCdEf/";

fn video_id() -> VideoId {
    VideoId::parse(VID).unwrap()
}

/// A success whose `data` is `data`.
fn success(data: serde_json::Value) -> ResponseTemplate {
    answer(200, json!({"code": 0, "message": "success", "data": data}))
}

/// The one request `server` received: its path and its query, in order.
async fn only_request(server: &MockServer) -> (String, Vec<(String, String)>) {
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "one request per call");
    let url = &requests[0].url;
    (
        url.path().to_owned(),
        url.query_pairs().into_owned().collect(),
    )
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Calls `endpoint` once with this test's IDs and returns the error.
async fn call_err(client: &Client, endpoint: Endpoint, calls: &Calls) -> ApiError {
    let err = match endpoint {
        Endpoint::Replies => client
            .replies_page(&comment_id(), 1, calls)
            .await
            .map(|_| ()),
        Endpoint::Comments => client
            .comments_page(&video_id(), 1, calls)
            .await
            .map(|_| ()),
        Endpoint::ShareLink => client.resolve_share(SHARE_URL, calls).await.map(|_| ()),
        Endpoint::Profile => client.user_profile(SEC_UID, calls).await.map(|_| ()),
    }
    .expect_err("the call should fail");
    assert_token_hidden(&err);
    err
}

const NEW_ENDPOINTS: [Endpoint; 3] = [Endpoint::Comments, Endpoint::ShareLink, Endpoint::Profile];

#[tokio::test]
async fn a_comments_request_carries_token_video_id_and_page_and_nothing_else() {
    let body = fixture("get-video-comment-v1.json");
    let server = serve_at(
        COMMENTS_PATH,
        ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"),
    )
    .await;
    let calls = Calls::default();
    let fetched = client(&server.uri())
        .comments_page(&video_id(), 2, &calls)
        .await
        .unwrap();
    assert_eq!(&*fetched.value.items[0].post.text, "买黄金");
    assert_eq!(fetched.value.total, Some(746));
    assert_eq!(
        fetched.body.unwrap().as_bytes(),
        body,
        "the body as it came, for the cache"
    );
    assert_eq!(calls.counted(), (1, 1));
    let (at, query) = only_request(&server).await;
    assert_eq!(at, COMMENTS_PATH);
    assert_eq!(
        query,
        pairs(&[("token", TOKEN), ("awemeId", VID), ("page", "2")])
    );
}

#[tokio::test]
async fn a_share_link_is_resolved_by_one_request_carrying_only_the_link() {
    let resolved =
        format!("https://www.iesdouyin.com/share/video/{VID}/?region=CN&mid=1&from_ssr=1");
    let server = serve_at(SHARE_PATH, success(json!(resolved))).await;
    let calls = Calls::default();
    let answer = client(&server.uri())
        .resolve_share(SHARE_URL, &calls)
        .await
        .unwrap();
    assert_eq!(answer.value, video_id());
    assert_eq!(calls.counted(), (1, 1));
    let (at, query) = only_request(&server).await;
    assert_eq!(at, SHARE_PATH);
    assert_eq!(query, pairs(&[("token", TOKEN), ("shareUrl", SHARE_URL)]));
}

#[tokio::test]
async fn a_profile_request_carries_token_and_sec_uid_and_nothing_else() {
    let body = fixture("get-user-detail-v3.json");
    let server = serve_at(
        PROFILE_PATH,
        ResponseTemplate::new(200).set_body_raw(body, "application/json"),
    )
    .await;
    let profile = client(&server.uri())
        .user_profile(SEC_UID, &|_| {})
        .await
        .unwrap()
        .value;
    assert_eq!(profile.user.counts().follower_count, 16322);
    assert_eq!(profile.ip_location.as_deref(), Some("IP属地：浙江"));
    let (at, query) = only_request(&server).await;
    assert_eq!(at, PROFILE_PATH);
    assert_eq!(query, pairs(&[("token", TOKEN), ("secUid", SEC_UID)]));
}

#[tokio::test]
async fn code_400_names_what_each_endpoint_rejected_and_is_sent_once() {
    for (endpoint, rejected) in [
        (Endpoint::Replies, "rejected the comment ID"),
        (Endpoint::Comments, "rejected the video ID"),
        (Endpoint::ShareLink, "rejected the share link"),
        (Endpoint::Profile, "rejected the user"),
    ] {
        let server = serve_at(
            endpoint.path(),
            answer(400, envelope(400, "Invalid Parameters")),
        )
        .await;
        let calls = Calls::default();
        let err = call_err(&client(&server.uri()), endpoint, &calls).await;
        assert_eq!(err, ApiError::InvalidParameters { endpoint });
        assert_eq!(err.code(), Some(400));
        assert!(err.is_final());
        assert!(err.to_string().contains(rejected), "{err}");
        assert_eq!(
            calls.counted(),
            (1, 0),
            "{endpoint:?}: never retried, never billed"
        );
        assert_eq!(received(&server).await, 1);
    }
}

#[tokio::test]
async fn permission_denied_names_the_endpoint_the_token_may_not_call() {
    let server = serve_at(
        PROFILE_PATH,
        answer(403, envelope(600, "Permission Denied")),
    )
    .await;
    let calls = Calls::default();
    let err = call_err(&client(&server.uri()), Endpoint::Profile, &calls).await;
    assert_eq!(
        err,
        ApiError::PermissionDenied {
            endpoint: Endpoint::Profile
        }
    );
    assert!(err.to_string().contains("user-profile endpoint"), "{err}");
    assert_eq!(calls.counted(), (1, 0));
}

#[tokio::test]
async fn the_new_endpoints_retry_transient_codes_as_replies_do() {
    for endpoint in NEW_ENDPOINTS {
        let server = serve_at(
            endpoint.path(),
            answer(200, envelope(301, "Collection Failed")),
        )
        .await;
        let calls = Calls::default();
        let err = call_err(&client(&server.uri()), endpoint, &calls).await;
        assert_eq!(err, ApiError::CollectionFailed);
        assert_eq!(
            calls.counted(),
            (4, 0),
            "{endpoint:?}: 1 attempt + 3 retries"
        );
        assert_eq!(received(&server).await, 4);
    }
}

#[tokio::test]
async fn a_retried_share_link_is_billed_once_when_it_succeeds() {
    let server = serve_then_at(
        SHARE_PATH,
        answer(503, envelope(500, "Internal Server Error")),
        1,
        success(json!({"redirect_url": format!("https://www.douyin.com/video/{VID}")})),
    )
    .await;
    let calls = Calls::default();
    let answer = client(&server.uri())
        .resolve_share(SHARE_URL, &calls)
        .await
        .unwrap();
    assert_eq!(answer.value, video_id());
    assert_eq!(calls.counted(), (2, 1));
}

#[tokio::test]
async fn a_share_link_to_a_profile_is_paid_once_and_says_what_to_paste_instead() {
    let profile = format!("https://www.iesdouyin.com/share/user/{SEC_UID}?did=MS4wLjABAAAA&iid=1");
    let server = serve_at(SHARE_PATH, success(json!({ "url": profile }))).await;
    let calls = Calls::default();
    let err = call_err(&client(&server.uri()), Endpoint::ShareLink, &calls).await;
    let ApiError::NotAVideo { leads_to } = &err else {
        panic!("{err:?}")
    };
    assert!(
        leads_to.starts_with("https://www.iesdouyin.com/share/user/"),
        "{leads_to}"
    );
    assert!(
        !leads_to.contains("did="),
        "no device IDs in the message: {leads_to}"
    );
    assert_eq!(err.remedy(), Remedy::CheckInput(Endpoint::ShareLink));
    assert!(Endpoint::ShareLink.check().contains("share text"));
    assert!(err.is_final());
    assert_eq!(calls.counted(), (1, 1), "billed, and not asked again");
}

#[tokio::test]
async fn a_code_0_answer_without_a_profile_or_an_address_is_billed_and_not_asked_again() {
    for (endpoint, data) in [
        (Endpoint::Profile, json!({"user": null, "status_code": 0})),
        (Endpoint::ShareLink, json!({})),
        (Endpoint::Comments, json!([1])),
    ] {
        let server = serve_at(endpoint.path(), success(data)).await;
        let calls = Calls::default();
        let err = call_err(&client(&server.uri()), endpoint, &calls).await;
        assert!(
            matches!(err, ApiError::NotUnderstood { .. }),
            "{endpoint:?}: {err:?}"
        );
        assert_eq!(calls.counted(), (1, 1), "{endpoint:?}");
    }
}

#[tokio::test]
async fn what_the_service_cannot_take_is_refused_without_a_request() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(success(json!("https://www.douyin.com/video/1")))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let calls = Calls::default();
    for not_a_share_link in [
        "https://www.douyin.com/video/7588740680004963593",
        "v.douyin.com/iAbCdEf/",
        "",
    ] {
        let err = client
            .resolve_share(not_a_share_link, &calls)
            .await
            .unwrap_err();
        assert!(err.to_string().ends_with("Nothing was sent."), "{err}");
    }
    let err = client.user_profile(" ", &calls).await.unwrap_err();
    assert!(err.to_string().ends_with("Nothing was sent."), "{err}");
    assert_eq!(calls.counted(), (0, 0));
    assert_eq!(received(&server).await, 0);
}
