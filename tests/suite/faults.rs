//! Faults a real network produces, served by a raw TCP server of our own where wiremock
//! cannot produce them: a cut-off body, a reset connection, headers and then silence,
//! invalid UTF-8, a 429 with `Retry-After`, a 502 HTML page, JSON nested 10,000 deep,
//! a 50 MB body, `has_more: 1` forever with empty pages, overlapping pages.
//!
//! Each fault is checked twice: at the client (what it returns, how many requests it
//! made) and in the app, driven by the real page source the way the runtime drives it
//! (the loaded replies stay, the screen says what happened, `r` recovers once the fault
//! is gone, and the status bar's `sent` equals the requests the server saw). Last, export
//! with several jobs: a proxy's 429 holds every job, and an interrupt counts the requests
//! still in flight as sent.

use super::support::{COMMENTS_PATH, Home, MockThread, MockVideo, VIDEO, rows, status_counts};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use douyin_threads::CommentId;
use douyin_threads::VideoId;
use douyin_threads::api::{
    ApiError, Call, Client, ClientConfig, Delivered, Remedy, RetryNotice, RetryPolicy, RetryWatch,
    Token,
};
use douyin_threads::app::{Msg, Setup};
use douyin_threads::export::{self, output::Destination, record::Format};
use douyin_threads::runtime::Session;
use douyin_threads::source::PageSource;
use douyin_threads::target::Target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use serde_json::json;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const ID: &str = "7251524159191958327";
const TOKEN: &str = "test-token-faults";
/// Replies in the healthy thread, 10 a page: pages 1 to 3.
const REPLIES: u32 = 25;

/// What the server does with one request.
#[derive(Clone, Debug)]
enum Fault {
    /// Content-Length promises more than is sent, then the connection closes.
    Truncated,
    /// Half the body, then a TCP reset.
    Reset,
    /// The headers, then nothing until long after the client's timeout.
    Silence,
    /// A healthy page whose first reply's text holds bytes that are not UTF-8.
    InvalidUtf8,
    /// HTTP 429 with this `Retry-After` (seconds) and a proxy's plain-text body.
    TooMany { retry_after: u64 },
    /// HTTP 502 with an HTML page, as a proxy sends it.
    BadGateway,
    /// JSON nested `depth` deep: the whole document, or one reply among healthy ones.
    Nested { depth: usize, in_reply: bool },
    /// A healthy page padded with spaces to `size` bytes; with `declared`, a
    /// Content-Length says so up front, without it the body runs until the close.
    Huge { size: usize, declared: bool },
    /// `has_more: 1` with no replies.
    EmptyButMore,
    /// The page's replies plus the previous page's last five again.
    Overlapping,
}

/// A loopback server that answers each request with the next scripted fault, or, once
/// the script is spent, with the healthy page asked for.
struct FaultServer {
    base_url: String,
    script: Arc<Mutex<VecDeque<Fault>>>,
    /// The `page` of every request, in arrival order.
    pages: Arc<Mutex<Vec<u32>>>,
    requests: Arc<AtomicUsize>,
}

impl FaultServer {
    async fn start(script: impl IntoIterator<Item = Fault>) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let server = FaultServer {
            base_url,
            script: Arc::new(Mutex::new(script.into_iter().collect())),
            pages: Arc::default(),
            requests: Arc::default(),
        };
        let (script, pages, requests) = (
            server.script.clone(),
            server.pages.clone(),
            server.requests.clone(),
        );
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let (script, pages, requests) = (script.clone(), pages.clone(), requests.clone());
                tokio::spawn(async move {
                    let _ = serve(socket, script, pages, requests).await;
                });
            }
        });
        server
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    fn pages(&self) -> Vec<u32> {
        self.pages.lock().unwrap().clone()
    }

    /// Faults for the next requests, after whatever is still scripted.
    fn then(&self, faults: impl IntoIterator<Item = Fault>) {
        self.script.lock().unwrap().extend(faults);
    }

    fn client(&self) -> Client {
        let mut config = ClientConfig::new(&self.base_url, Token::new(TOKEN).unwrap());
        config.timeout = Duration::from_millis(400);
        config.retry = RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(10),
            rate_limit_delay: Duration::from_millis(10),
            max_delay: Duration::from_secs(2),
        };
        Client::new(config).unwrap()
    }
}

/// Answers requests on one connection (keep-alive) until it closes or a fault ends it.
async fn serve(
    mut socket: TcpStream,
    script: Arc<Mutex<VecDeque<Fault>>>,
    pages: Arc<Mutex<Vec<u32>>>,
    requests: Arc<AtomicUsize>,
) -> std::io::Result<()> {
    loop {
        let Some(head) = read_head(&mut socket).await? else {
            return Ok(());
        };
        let page = query_value(&head, "page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1);
        assert_eq!(query_value(&head, "commentId").as_deref(), Some(ID));
        pages.lock().unwrap().push(page);
        requests.fetch_add(1, Ordering::SeqCst);
        let fault = script.lock().unwrap().pop_front();
        let keep_open = answer(&mut socket, fault, page).await?;
        if !keep_open {
            return Ok(());
        }
    }
}

/// The request's head, or `None` when the client closed the connection.
async fn read_head(socket: &mut TcpStream) -> std::io::Result<Option<String>> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if socket.read(&mut byte).await? == 0 {
            return Ok(None);
        }
        head.push(byte[0]);
    }
    Ok(Some(String::from_utf8_lossy(&head).into_owned()))
}

fn query_value(head: &str, key: &str) -> Option<String> {
    let target = head.split_whitespace().nth(1)?;
    let query = target.split_once('?')?.1;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// Writes one answer; says whether the connection can serve another request.
async fn answer(socket: &mut TcpStream, fault: Option<Fault>, page: u32) -> std::io::Result<bool> {
    let Some(fault) = fault else {
        send(socket, "200 OK", "application/json", &healthy(page, &[])).await?;
        return Ok(true);
    };
    match fault {
        Fault::Truncated => {
            let body = healthy(page, &[]);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len() + 500
            );
            socket.write_all(head.as_bytes()).await?;
            socket.write_all(&body[..body.len() / 2]).await?;
            Ok(false)
        }
        Fault::Reset => {
            let body = healthy(page, &[]);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            socket.write_all(head.as_bytes()).await?;
            socket.write_all(&body[..body.len() / 2]).await?;
            socket.flush().await?;
            // A zero linger turns the close into a reset. (Deprecated because a linger can
            // block the drop; a zero one never does.)
            #[allow(deprecated)]
            socket.set_linger(Some(Duration::ZERO))?;
            Ok(false)
        }
        Fault::Silence => {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
            socket.write_all(head.as_bytes()).await?;
            tokio::time::sleep(Duration::from_secs(5)).await;
            Ok(false)
        }
        Fault::InvalidUtf8 => {
            let body = healthy(page, b"\xff\xfe bad \xc3(");
            send(socket, "200 OK", "application/json", &body).await?;
            Ok(true)
        }
        Fault::TooMany { retry_after } => {
            let head = format!(
                "HTTP/1.1 429 Too Many Requests\r\nRetry-After: {retry_after}\r\n\
                 Content-Type: text/plain\r\nContent-Length: 17\r\n\r\nToo Many Requests"
            );
            socket.write_all(head.as_bytes()).await?;
            Ok(true)
        }
        Fault::BadGateway => {
            let html =
                b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
            send(socket, "502 Bad Gateway", "text/html", html).await?;
            Ok(true)
        }
        Fault::Nested { depth, in_reply } => {
            let deep = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
            let body = if in_reply {
                let healthy = String::from_utf8(healthy(page, &[])).unwrap();
                healthy.replacen(r#""comments":["#, &format!(r#""comments":[{deep},"#), 1)
            } else {
                deep
            };
            send(socket, "200 OK", "application/json", body.as_bytes()).await?;
            Ok(true)
        }
        Fault::Huge { size, declared } => {
            let page = healthy(page, &[]);
            let length = if declared {
                format!("Content-Length: {size}\r\n")
            } else {
                "Connection: close\r\n".to_owned()
            };
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{length}\r\n");
            socket.write_all(head.as_bytes()).await?;
            socket.write_all(&page).await?;
            let chunk = vec![b' '; 64 * 1024];
            let mut sent = page.len();
            while sent < size {
                let n = chunk.len().min(size - sent);
                // The client stops reading; a failed write ends the answer.
                if socket.write_all(&chunk[..n]).await.is_err() {
                    return Ok(false);
                }
                sent += n;
            }
            Ok(false)
        }
        Fault::EmptyButMore => {
            let body =
                json!({"code": 0, "data": {"comments": [], "has_more": 1, "total": REPLIES}});
            send(
                socket,
                "200 OK",
                "application/json",
                body.to_string().as_bytes(),
            )
            .await?;
            Ok(true)
        }
        Fault::Overlapping => {
            let first = (page - 1) * 10;
            let again: Vec<u32> = (first.saturating_sub(5)..first).collect();
            let body = page_body(page, &again, &[]);
            send(socket, "200 OK", "application/json", &body).await?;
            Ok(true)
        }
    }
}

async fn send(
    socket: &mut TcpStream,
    status: &str,
    kind: &str,
    body: &[u8],
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    socket.write_all(head.as_bytes()).await?;
    socket.write_all(body).await
}

/// Page `page` of the healthy thread; `odd` (bytes, not necessarily UTF-8) is appended to
/// the first reply's text.
fn healthy(page: u32, odd: &[u8]) -> Vec<u8> {
    page_body(page, &[], odd)
}

/// Page `page` of the healthy thread, after the replies numbered in `before`.
fn page_body(page: u32, before: &[u32], odd: &[u8]) -> Vec<u8> {
    let first = (page - 1) * 10;
    let numbers: Vec<u32> = before
        .iter()
        .copied()
        .chain(first..(first + 10).min(REPLIES))
        .collect();
    let replies: Vec<_> = numbers
        .iter()
        .map(|n| {
            json!({
                "cid": format!("{}", 7_300_000_000_000_000_000u64 + u64::from(*n)),
                "text": format!("回复 {n} ODDTEXT"),
                "create_time": 1_700_000_000 + n,
                "user": {"nickname": format!("用户{n}"), "uid": n.to_string()},
            })
        })
        .collect();
    let more = u8::from(first + 10 < REPLIES);
    let body =
        json!({"code": 0, "data": {"comments": replies, "has_more": more, "total": REPLIES}})
            .to_string();
    // Only the first reply's marker becomes the odd bytes; the others lose theirs.
    let (head, rest) = body.split_once(" ODDTEXT").unwrap_or((&body, ""));
    let mut bytes = head.as_bytes().to_vec();
    bytes.push(b' ');
    bytes.extend_from_slice(odd);
    bytes.extend_from_slice(rest.replace(" ODDTEXT", "").as_bytes());
    bytes
}

fn replies(page: u32) -> Call {
    Call::Replies {
        comment: CommentId::parse(ID).unwrap(),
        page,
    }
}

/// Counts the attempts the client reports, as the runtime does for the status bar.
#[derive(Default)]
struct Attempts {
    answered: Mutex<Vec<bool>>,
    waits: Mutex<Vec<RetryNotice>>,
}

impl RetryWatch for Attempts {
    fn waiting(&self, notice: RetryNotice) {
        self.waits.lock().unwrap().push(notice);
    }
    fn answered(&self, billed: bool) {
        self.answered.lock().unwrap().push(billed);
    }
}

async fn fetch(server: &FaultServer, page: u32) -> (Result<Delivered, ApiError>, Attempts) {
    let source = PageSource::Api {
        client: server.client(),
        cache: None,
    };
    let attempts = Attempts::default();
    let result = source
        .answer(&replies(page), false, 0)
        .resolve(&attempts)
        .await;
    (result, attempts)
}

fn texts(delivered: &Delivered) -> Vec<String> {
    let replies = delivered.clone().take_replies().expect("a page of replies");
    replies
        .page
        .items
        .iter()
        .map(|r| r.post.text.to_string())
        .collect()
}

// ---- the client ----------------------------------------------------------------------

#[tokio::test]
async fn a_cut_off_body_is_retried_a_bounded_number_of_times_then_said() {
    let server = FaultServer::start(vec![Fault::Truncated; 4]).await;
    let (result, attempts) = fetch(&server, 1).await;
    let err = result.unwrap_err();
    assert!(
        err.to_string().contains("cut off") || err.to_string().contains("mid-answer"),
        "{err}"
    );
    assert!(err.remedy().retries(), "{err:?}");
    assert_eq!(server.requests(), 4, "1 attempt and 3 retries");
    assert_eq!(*attempts.answered.lock().unwrap(), [false; 4]);
    let (again, _) = fetch(&server, 1).await;
    assert_eq!(texts(&again.unwrap()).len(), 10, "once the fault is gone");
    assert_eq!(server.requests(), 5);
}

#[tokio::test]
async fn a_reset_mid_body_is_retried_and_recovers() {
    let server = FaultServer::start([Fault::Reset, Fault::Reset]).await;
    let (result, attempts) = fetch(&server, 1).await;
    assert_eq!(texts(&result.unwrap()).len(), 10);
    assert_eq!(server.requests(), 3);
    assert_eq!(*attempts.answered.lock().unwrap(), [false, false, true]);
}

#[tokio::test]
async fn headers_then_silence_time_out_and_say_so() {
    let server = FaultServer::start(vec![Fault::Silence; 4]).await;
    let (result, _) = fetch(&server, 1).await;
    let err = result.unwrap_err();
    assert!(matches!(err, ApiError::Timeout { .. }), "{err:?}");
    // The client's 400 ms timeout, rounded up to whole seconds for a person.
    assert!(err.to_string().contains("No answer within 1 s"), "{err}");
    assert_eq!(
        server.requests(),
        4,
        "each attempt gave up, then the next was sent"
    );
}

#[tokio::test]
async fn invalid_utf8_costs_only_the_bad_bytes() {
    let server = FaultServer::start([Fault::InvalidUtf8]).await;
    let (result, attempts) = fetch(&server, 1).await;
    let texts = texts(&result.unwrap());
    assert_eq!(texts.len(), 10, "the page is kept");
    assert!(texts[0].starts_with("回复 0 "), "{}", texts[0]);
    assert!(
        texts[0].contains('\u{FFFD}') && texts[0].contains("bad"),
        "{}",
        texts[0]
    );
    assert_eq!(texts[1], "回复 1");
    assert_eq!(
        server.requests(),
        1,
        "a readable page is not asked for again"
    );
    assert_eq!(*attempts.answered.lock().unwrap(), [true]);
}

#[tokio::test]
async fn a_short_retry_after_is_waited_out() {
    let server = FaultServer::start([Fault::TooMany { retry_after: 1 }]).await;
    let started = Instant::now();
    let (result, attempts) = fetch(&server, 1).await;
    assert_eq!(texts(&result.unwrap()).len(), 10);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "the server's wait is honoured"
    );
    assert_eq!(server.requests(), 2);
    assert_eq!(attempts.waits.lock().unwrap()[0].wait.as_secs(), 1);
}

#[tokio::test]
async fn a_retry_after_longer_than_the_client_waits_stops_at_once_and_says_when() {
    let server = FaultServer::start([Fault::TooMany {
        retry_after: 3 * 3600,
    }])
    .await;
    let (result, attempts) = fetch(&server, 1).await;
    let err = result.unwrap_err();
    let ApiError::RetryLater { until, .. } = &err else {
        panic!("{err:?}");
    };
    let message = err.to_string();
    assert!(
        message.contains("(HTTP 429)") && message.contains("in 3 hours"),
        "{message}"
    );
    assert_eq!(err.remedy(), Remedy::RetryAfter(until.clone()));
    assert_eq!(server.requests(), 1, "no early retry into another refusal");
    assert!(attempts.waits.lock().unwrap().is_empty());
}

#[tokio::test]
async fn an_html_502_is_retried_and_named() {
    let server = FaultServer::start(vec![Fault::BadGateway; 4]).await;
    let (result, _) = fetch(&server, 1).await;
    let err = result.unwrap_err().to_string();
    assert!(
        err.contains("an HTML page instead of JSON") && err.contains("502"),
        "{err}"
    );
    assert_eq!(server.requests(), 4);
}

#[tokio::test]
async fn json_nested_ten_thousand_deep_is_refused_without_a_crash() {
    let whole = Fault::Nested {
        depth: 10_000,
        in_reply: false,
    };
    let server = FaultServer::start(vec![whole; 4]).await;
    let (result, attempts) = fetch(&server, 1).await;
    let err = result.unwrap_err();
    assert!(
        err.to_string().contains("malformed JSON"),
        "past serde's depth limit: {err}"
    );
    assert_eq!(
        server.requests(),
        4,
        "not the service's JSON: retried, bounded"
    );
    assert_eq!(*attempts.answered.lock().unwrap(), [false; 4]);
}

#[tokio::test]
async fn one_reply_nested_ten_thousand_deep_costs_only_itself() {
    let server = FaultServer::start([Fault::Nested {
        depth: 10_000,
        in_reply: true,
    }])
    .await;
    let (result, attempts) = fetch(&server, 1).await;
    assert_eq!(
        texts(&result.unwrap()).len(),
        10,
        "the healthy replies stay"
    );
    assert_eq!(*attempts.answered.lock().unwrap(), [true]);
}

const MB: usize = 1024 * 1024;

#[tokio::test]
async fn a_fifty_megabyte_body_is_not_read_and_not_retried() {
    for declared in [true, false] {
        let server = FaultServer::start([Fault::Huge {
            size: 50 * MB,
            declared,
        }])
        .await;
        let (result, _) = fetch(&server, 1).await;
        let err = result.unwrap_err();
        assert_eq!(
            err,
            ApiError::TooLarge { limit_mb: 8 },
            "declared: {declared}"
        );
        assert!(err.to_string().contains("larger than 8 MB"), "{err}");
        assert_eq!(server.requests(), 1);
        let (again, _) = fetch(&server, 1).await;
        assert!(again.is_ok(), "r recovers once the server is sane");
    }
}

#[tokio::test]
async fn a_body_just_under_the_cap_is_read_whole() {
    let limit = douyin_threads::api::client::MAX_BODY_BYTES;
    assert_eq!(limit, 8 * MB);
    for declared in [true, false] {
        let server = FaultServer::start([Fault::Huge {
            size: limit,
            declared,
        }])
        .await;
        let (result, _) = fetch(&server, 1).await;
        assert_eq!(texts(&result.unwrap()).len(), 10, "declared: {declared}");
        let over = FaultServer::start([Fault::Huge {
            size: limit + 1,
            declared,
        }])
        .await;
        let (result, _) = fetch(&over, 1).await;
        assert_eq!(result.unwrap_err(), ApiError::TooLarge { limit_mb: 8 });
    }
}

// ---- the app, driven by the real page source ----------------------------------------

/// The app with the runtime's part played in order: each fetch it asks for goes to the
/// real source (client and fault server), each HTTP attempt is reported as the runtime
/// reports it, and the answer comes back as the runtime sends it.
/// Small enough that page 1 fills the list, so page 2 waits for the reader.
const WIDTH: u16 = 120;
const HEIGHT: u16 = 12;

/// The app with the real fetcher, on the fault server's thread.
struct Driver {
    session: Session,
}

impl Driver {
    async fn open(server: &FaultServer) -> Driver {
        let setup = Setup {
            initial: Some(ID.to_owned()),
            ..Setup::default()
        };
        let source = PageSource::Api {
            client: server.client(),
            cache: None,
        };
        let area = Rect::new(0, 0, WIDTH, HEIGHT);
        let (session, _) = Session::start(setup, area, source);
        let mut driver = Driver { session };
        driver.session.until_idle().await;
        driver
    }

    async fn press(&mut self, c: char) {
        let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        self.session.update(Msg::Key(key));
        self.session.until_idle().await;
    }

    fn loaded(&self) -> usize {
        self.session
            .app
            .list()
            .map_or(0, |list| list.view().loaded())
    }

    fn screen(&self) -> String {
        let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
        terminal
            .draw(|frame| douyin_threads::ui::render(&self.session.app, frame))
            .unwrap();
        let buffer = terminal.backend().buffer();
        rows(buffer, buffer.area).join("\n")
    }

    /// The status bar's `sent` must be what the server saw.
    fn assert_sent_matches(&self, server: &FaultServer) {
        let screen = self.screen();
        let (sent, _, _) = status_counts(&screen).expect("the status bar shows the counts");
        assert_eq!(sent as usize, server.requests(), "{screen}");
    }
}

/// Page 1 loads; page 2 meets `fault` (as often as scripted); then the checks every fault
/// must pass: page 1 stays, the screen says `said`, `r` loads page 2 once the fault is
/// gone, and the counts match the server's.
async fn page_two_meets(faults: Vec<Fault>, said: &str) {
    let server = FaultServer::start([]).await;
    let mut driver = Driver::open(&server).await;
    assert_eq!(driver.loaded(), 10, "page 1");
    server.then(faults.clone());
    let before = server.requests();
    driver.press('G').await;
    let asked = server.requests() - before;
    assert!(
        (1..=4).contains(&asked),
        "{faults:?}: bounded, {asked} requests"
    );
    assert_eq!(driver.loaded(), 10, "{faults:?}: every loaded reply stays");
    let screen = driver.screen();
    assert!(
        screen.contains(said),
        "{faults:?}: expected {said:?} in\n{screen}"
    );
    driver.assert_sent_matches(&server);

    server.script.lock().unwrap().clear();
    driver.press('r').await;
    assert_eq!(driver.loaded(), 20, "{faults:?}: r recovers");
    driver.assert_sent_matches(&server);
    assert_eq!(
        server.pages().iter().filter(|p| **p == 1).count(),
        1,
        "page 1 is never bought twice"
    );
}

#[tokio::test]
async fn in_the_app_each_fault_keeps_what_is_loaded_says_what_happened_and_r_recovers() {
    page_two_meets(vec![Fault::Truncated; 4], "closed mid-answer").await;
    page_two_meets(vec![Fault::Reset; 4], "retry").await;
    page_two_meets(vec![Fault::Silence; 4], "No answer within").await;
    page_two_meets(vec![Fault::BadGateway; 4], "HTML page").await;
    page_two_meets(vec![Fault::TooMany { retry_after: 7200 }], "retry after").await;
    let nested = Fault::Nested {
        depth: 10_000,
        in_reply: false,
    };
    page_two_meets(vec![nested; 4], "malformed JSON").await;
    page_two_meets(
        vec![Fault::Huge {
            size: 50 * MB,
            declared: false,
        }],
        "larger than 8 MB",
    )
    .await;
}

#[tokio::test]
async fn in_the_app_invalid_utf8_is_shown_as_a_replacement_character() {
    let server = FaultServer::start([Fault::InvalidUtf8]).await;
    let driver = Driver::open(&server).await;
    assert_eq!(driver.loaded(), 10);
    let screen = driver.screen();
    assert!(screen.contains("回复 0 �"), "{screen}");
    driver.assert_sent_matches(&server);
}

#[tokio::test]
async fn empty_pages_that_claim_more_end_the_thread_instead_of_paging_forever() {
    let server = FaultServer::start([]).await;
    let mut driver = Driver::open(&server).await;
    server.then(vec![Fault::EmptyButMore; 50]);
    for _ in 0..5 {
        driver.press('G').await;
        driver.press('j').await;
    }
    assert_eq!(server.pages(), [1, 2], "one empty page ends it");
    assert_eq!(driver.loaded(), 10);
    driver.assert_sent_matches(&server);
}

#[tokio::test]
async fn overlapping_pages_add_each_reply_once_in_order() {
    let server = FaultServer::start([]).await;
    let mut driver = Driver::open(&server).await;
    server.then([Fault::Overlapping, Fault::Overlapping]);
    for _ in 0..4 {
        driver.press('G').await;
    }
    assert_eq!(server.pages(), [1, 2, 3]);
    assert_eq!(driver.loaded(), REPLIES as usize, "no reply twice");
    let screen = driver.screen();
    assert!(
        screen.contains("end of thread") || screen.contains("25 of 25"),
        "{screen}"
    );
    driver.assert_sent_matches(&server);
}

// ---- export, many jobs at once --------------------------------------------------------

/// A mock video whose threads answer slowly, recording when each request arrived; the
/// first request for [`LIMITED`]'s replies gets a proxy's HTTP 429 at once.
struct Recorded {
    video: MockVideo,
    /// Arrival time and `commentId` (empty for the comments page) of every request.
    log: Arc<Mutex<Vec<(Instant, String)>>>,
    /// How long a page of replies takes to arrive.
    slow: Duration,
    retry_after: u64,
}

/// The comment whose thread is rate limited by the proxy.
const LIMITED: &str = "7310000000000000002";

impl wiremock::Respond for Recorded {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let param = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let comment = param("commentId").unwrap_or_default();
        let mut log = self.log.lock().unwrap();
        let first_for_it = !log.iter().any(|(_, c)| *c == comment);
        log.push((Instant::now(), comment.clone()));
        if comment.is_empty() {
            let page = param("page").and_then(|p| p.parse().ok()).unwrap_or(1);
            return wiremock::ResponseTemplate::new(200).set_body_json(self.video.body(page));
        }
        if comment == LIMITED && first_for_it {
            return wiremock::ResponseTemplate::new(429)
                .insert_header("Retry-After", self.retry_after.to_string().as_str())
                .set_body_string("Too Many Requests");
        }
        let thread = MockThread {
            replies: 5,
            per_page: 10,
        };
        wiremock::ResponseTemplate::new(200)
            .set_body_json(thread.body(1))
            .set_delay(self.slow)
    }
}

/// Exports video [`VIDEO`] in this process with `jobs` jobs and a client that retries
/// quickly, except after a rate limit, where it waits what the server asks.
async fn export_video(server: &wiremock::MockServer, jobs: usize) -> export::Report {
    let mut config = ClientConfig::new(server.uri(), Token::new(TOKEN).unwrap());
    config.retry = RetryPolicy {
        max_retries: 3,
        base_delay: Duration::from_millis(10),
        rate_limit_delay: Duration::from_millis(100),
        max_delay: Duration::from_secs(30),
    };
    let source = PageSource::Api {
        client: Client::new(config).unwrap(),
        cache: None,
    };
    let dir = tempfile::tempdir().unwrap();
    let options = export::Options {
        format: Format::Jsonl,
        destination: Destination::File(dir.path().join("video.jsonl")),
        max_pages: None,
        jobs,
        partial: false,
        anonymizer: None,
        refresh: false,
        progress: false,
    };
    let target = Target::Video {
        id: VideoId::parse(VIDEO).unwrap(),
        title: None,
    };
    export::run(target, source, options).await.unwrap()
}

#[tokio::test]
async fn a_proxys_429_holds_every_export_job_until_its_wait_is_over() {
    let server = wiremock::MockServer::start().await;
    let log = Arc::new(Mutex::new(Vec::new()));
    let (slow, hold) = (Duration::from_millis(1000), Duration::from_secs(3));
    let video = MockVideo { comments: 10 };
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(Recorded {
            video,
            log: log.clone(),
            slow,
            retry_after: hold.as_secs(),
        })
        .mount(&server)
        .await;

    let report = export_video(&server, 4).await;

    let threads = (1..=10).filter(|n| MockVideo::replies(*n) > 0).count();
    assert_eq!(report.outcome, export::Outcome::Complete, "{report:?}");
    assert_eq!(report.threads as usize, threads);
    let log = log.lock().unwrap().clone();
    assert_eq!(
        log.len(),
        1 + threads + 1,
        "the comments, each thread once, and the limited one again"
    );
    let limited: Vec<Instant> = log
        .iter()
        .filter(|(_, c)| c == LIMITED)
        .map(|(at, _)| *at)
        .collect();
    let [refused, retried] = limited[..] else {
        panic!("{log:?}")
    };
    assert!(
        retried - refused >= hold,
        "the limited call waited what it was told"
    );
    // The other jobs' answers arrive `slow` after they were sent, long after the 429 was
    // heard: each job's next request would go out then, were it not held back.
    let heard = refused + slow / 2;
    let during_the_hold: Vec<Duration> = log
        .iter()
        .filter(|(at, _)| *at > heard && *at < refused + hold)
        .map(|(at, _)| *at - refused)
        .collect();
    assert!(
        during_the_hold.is_empty(),
        "requests sent during the hold, after the 429: {during_the_hold:?}"
    );
    assert!(
        log.iter()
            .any(|(at, _)| *at >= refused + hold && *at != retried),
        "other jobs sent once the hold was over"
    );
}

/// A mock video whose first `quick` requests are answered at once and every later one
/// only after a minute: those are still in flight when the export is interrupted.
struct QuickThenStuck {
    video: MockVideo,
    quick: usize,
    seen: Arc<AtomicUsize>,
}

impl wiremock::Respond for QuickThenStuck {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let number = self.seen.fetch_add(1, Ordering::SeqCst) + 1;
        let body = if request.url.path() == COMMENTS_PATH {
            self.video.body(1)
        } else {
            MockThread {
                replies: 5,
                per_page: 10,
            }
            .body(1)
        };
        let answer = wiremock::ResponseTemplate::new(200).set_body_json(body);
        match number <= self.quick {
            true => answer,
            false => answer.set_delay(Duration::from_secs(60)),
        }
    }
}

#[tokio::test]
async fn an_interrupted_export_counts_the_requests_in_flight_as_sent_and_maybe_billed() {
    let server = wiremock::MockServer::start().await;
    let seen = Arc::new(AtomicUsize::new(0));
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(QuickThenStuck {
            video: MockVideo { comments: 10 },
            quick: 3,
            seen: seen.clone(),
        })
        .mount(&server)
        .await;
    let home = Home::new();
    let mut export = home
        .command()
        .args(["--token", TOKEN, "--base-url", &server.uri(), "export"])
        .args([&format!("v:{VIDEO}"), "--jobs", "4", "-o", "video.jsonl"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the program runs");
    // The comments and two threads are answered; two more threads start; with the two
    // before them, four requests wait for answers, as many as --jobs allows.
    while seen.load(Ordering::SeqCst) < 7 {
        if let Some(status) = export.try_wait().unwrap() {
            let mut said = String::new();
            std::io::Read::read_to_string(&mut export.stderr.take().unwrap(), &mut said).unwrap();
            panic!("the export ended first ({status}): {said}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &export.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let output = tokio::task::spawn_blocking(move || export.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(130), "{said}");
    let received = server.received_requests().await.unwrap().len();
    assert_eq!(received, 7, "nothing more was sent: {said}");
    assert!(
        said.contains("7 calls sent, 3 answered (3 billed; up to 4 more may be billed)"),
        "{said}"
    );
}
