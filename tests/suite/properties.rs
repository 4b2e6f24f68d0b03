//! Properties of the reader under random sessions: keys, resizes, and answers in any
//! order, with the program's own fetcher ([`Session`]) running every call against a
//! loopback server that answers only when a step says so. What the test controls is the
//! network: which request is answered, when, and how (a page, an error, a rate limit the
//! client retries, a dropped connection); joins, retries and counts are the fetcher's own.
//!
//! After every step, once each call in flight has its request waiting at the server:
//! - nothing panicked;
//! - the selection is in range of the list on screen;
//! - no list instance (`req`) waits for two pages at once, nor twice for one call;
//! - the items a list instance has loaded never decrease (switching lists, or `R` `R`,
//!   makes another instance);
//! - an answer for a list instance not on screen (stale, or for a list on the shelf)
//!   changes nothing on screen;
//! - `sent` counts exactly the requests the server answered, and `billed` the code-0
//!   answers among them.
//!
//! Counterexamples are kept in `tests/suite/properties.proptest-regressions` and run first.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use douyin_threads::api::{
    ApiError, Call, Client, ClientConfig, Delivered, PROFILE_PATH, REPLIES_PATH, RetryPolicy, Token,
};
use douyin_threads::app::{Command, Level, Msg, Setup};
use douyin_threads::runtime::Session;
use douyin_threads::source::PageSource;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use ratatui::layout::Rect;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, oneshot};

const NOW: i64 = 1_700_000_000;

/// What the input is given to open another list: two threads, two videos.
const TARGETS: &[&str] = &[
    "7000000000000000001",
    "7000000000000000002",
    "v:7300000000000000001",
    "v:7300000000000000002",
];

/// Keys a reader presses: every list, reading and paging key, and some typing.
const KEYS: &[(KeyCode, KeyModifiers)] = &[
    (KeyCode::Char('j'), KeyModifiers::NONE),
    (KeyCode::Char('k'), KeyModifiers::NONE),
    (KeyCode::Char('g'), KeyModifiers::NONE),
    (KeyCode::Char('G'), KeyModifiers::NONE),
    (KeyCode::Down, KeyModifiers::NONE),
    (KeyCode::Up, KeyModifiers::NONE),
    (KeyCode::PageDown, KeyModifiers::NONE),
    (KeyCode::PageUp, KeyModifiers::NONE),
    (KeyCode::Char('d'), KeyModifiers::CONTROL),
    (KeyCode::Char('u'), KeyModifiers::CONTROL),
    (KeyCode::Enter, KeyModifiers::NONE),
    (KeyCode::Esc, KeyModifiers::NONE),
    (KeyCode::Backspace, KeyModifiers::NONE),
    (KeyCode::Tab, KeyModifiers::NONE),
    (KeyCode::Char('r'), KeyModifiers::NONE),
    (KeyCode::Char('R'), KeyModifiers::NONE),
    (KeyCode::Char('i'), KeyModifiers::NONE),
    (KeyCode::Char('7'), KeyModifiers::NONE),
    (KeyCode::Char('0'), KeyModifiers::NONE),
    (KeyCode::Char('/'), KeyModifiers::NONE),
    (KeyCode::Char('n'), KeyModifiers::NONE),
    (KeyCode::Char('N'), KeyModifiers::NONE),
    (KeyCode::Char('f'), KeyModifiers::NONE),
    (KeyCode::Char('s'), KeyModifiers::NONE),
    (KeyCode::Char('c'), KeyModifiers::NONE),
    (KeyCode::Char('u'), KeyModifiers::NONE),
    (KeyCode::Char('o'), KeyModifiers::CONTROL),
    (KeyCode::Char(']'), KeyModifiers::NONE),
    (KeyCode::Char('['), KeyModifiers::NONE),
    (KeyCode::Char('J'), KeyModifiers::NONE),
    (KeyCode::Char('K'), KeyModifiers::NONE),
    (KeyCode::Char('P'), KeyModifiers::NONE),
    (KeyCode::Char('y'), KeyModifiers::NONE),
    (KeyCode::F(1), KeyModifiers::NONE),
    (KeyCode::Char('l'), KeyModifiers::CONTROL),
];

/// How the network answers a call.
#[derive(Debug, Clone)]
enum Outcome {
    /// A page of `count` items starting `shift` items into the page's range (so pages
    /// overlap, or leave gaps), with the service's `has_more`.
    Page {
        count: u8,
        shift: u8,
        has_more: bool,
    },
    Fail(Failure),
}

/// What a failed answer looks like on the wire.
#[derive(Debug, Clone, Copy)]
enum Failure {
    /// The service's envelope with this business code.
    Code(i64),
    /// An HTML page where JSON was expected.
    Html,
    /// The connection closed without an answer.
    Dropped,
}

#[derive(Debug, Clone)]
enum Step {
    Key(usize),
    Resize(u16, u16),
    /// `i`, clear, one of [`TARGETS`], Enter.
    Open(usize),
    /// `R` `R`: the list again from the API.
    Reload,
    /// The server answers the `pick`th request waiting.
    Answer(usize, Outcome),
    /// The server answers the `pick`th request waiting with a rate limit (code 302); the
    /// client waits a moment and asks again.
    Retrying(usize),
    /// An answer already delivered is delivered again.
    Duplicate(usize),
}

fn failure() -> impl Strategy<Value = Failure> {
    prop_oneof![
        // Final: rate limited beyond retries is 302 again, then quota, token, balance.
        Just(Failure::Code(302)),
        Just(Failure::Code(303)),
        Just(Failure::Code(100)),
        Just(Failure::Code(601)),
        // Retried once by the client.
        Just(Failure::Code(301)),
        Just(Failure::Code(503)),
        Just(Failure::Html),
        Just(Failure::Dropped),
        // Undocumented: not retried.
        Just(Failure::Code(777)),
    ]
}

fn outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        4 => (0u8..=25, 0u8..=14, any::<bool>())
            .prop_map(|(count, shift, has_more)| Outcome::Page { count, shift, has_more }),
        1 => failure().prop_map(Outcome::Fail),
    ]
}

/// Sessions that hop between lists while their pages are on the way, so most answers
/// arrive for a list no longer on screen.
fn hopping_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..KEYS.len()).prop_map(Step::Key),
        3 => (0..TARGETS.len()).prop_map(Step::Open),
        1 => Just(Step::Reload),
        4 => (any::<usize>(), outcome()).prop_map(|(pick, o)| Step::Answer(pick, o)),
        1 => any::<usize>().prop_map(Step::Retrying),
        1 => any::<usize>().prop_map(Step::Duplicate),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        12 => (0..KEYS.len()).prop_map(Step::Key),
        2 => (1u16..=200, 1u16..=60).prop_map(|(w, h)| Step::Resize(w, h)),
        2 => (0..TARGETS.len()).prop_map(Step::Open),
        1 => Just(Step::Reload),
        8 => (any::<usize>(), outcome()).prop_map(|(pick, o)| Step::Answer(pick, o)),
        1 => any::<usize>().prop_map(Step::Retrying),
        1 => any::<usize>().prop_map(Step::Duplicate),
    ]
}

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_slice(&std::fs::read(path).expect("the sample")).expect("JSON")
}

/// The service's answer to page `page` of `call`'s list: ids from a range that moves ten a
/// page, shifted, so consecutive pages can overlap.
fn page_body(call: &Asked, count: u8, shift: u8, has_more: bool) -> Value {
    let (sample, nested) = match call.path.as_str() {
        REPLIES_PATH => (
            fixture("get-video-sub-comment-v1.json"),
            "reply_comment_total",
        ),
        _ => (fixture("get-video-comment-v1.json"), "reply_comment_total"),
    };
    let template = sample["data"]["comments"][0].clone();
    let first = u64::from(call.page.saturating_sub(1)) * 10 + u64::from(shift);
    let items: Vec<Value> = (first..first + u64::from(count))
        .map(|n| {
            let mut item = template.clone();
            item["cid"] = json!(format!("71{n:017}"));
            item["text"] = json!(format!("post {n}"));
            item["digg_count"] = json!(n * 7 % 13);
            item["is_author_digged"] = json!(n.is_multiple_of(5));
            item["is_hot"] = json!(n.is_multiple_of(4));
            item["create_time"] = json!(NOW - n as i64);
            item["user"]["uid"] = json!(format!("{}", n % 3));
            item["user"]["sec_uid"] = json!(format!("sec{}", n % 3));
            item["user"]["nickname"] = json!(format!("user{}", n % 3));
            item[nested] = json!((n % 3) * 20);
            if n % 4 == 1 {
                item["reply_to_reply_id"] = json!(format!("71{:017}", n.saturating_sub(3)));
            }
            item
        })
        .collect();
    let mut body = sample;
    body["data"]["comments"] = json!(items);
    body["data"]["has_more"] = json!(u8::from(has_more));
    body["data"]["total"] = json!(300);
    body
}

/// The service's envelope for a failure with business `code`.
fn failure_body(code: i64) -> Value {
    json!({"code": code, "message": "refused", "data": null})
}

/// One request waiting at the switchboard: what it asks for, and where its answer goes.
struct Waiting {
    asked: Asked,
    answer: oneshot::Sender<Option<(u16, String)>>,
}

/// What a request asked for, read from its URL.
#[derive(Debug, Clone)]
struct Asked {
    path: String,
    page: u32,
}

/// A loopback HTTP server that holds every request until the test answers it.
#[derive(Clone)]
struct Switchboard {
    base_url: String,
    waiting: Arc<Mutex<Vec<Waiting>>>,
    arrived: Arc<Notify>,
    /// Requests answered (a dropped connection included), and the code-0 answers.
    answered: Arc<AtomicU64>,
    billed: Arc<AtomicU64>,
}

impl Switchboard {
    async fn start() -> Switchboard {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let board = Switchboard {
            base_url: format!("http://{}", listener.local_addr().unwrap()),
            waiting: Arc::default(),
            arrived: Arc::default(),
            answered: Arc::default(),
            billed: Arc::default(),
        };
        let serving = board.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serving.clone().serve(stream));
            }
        });
        board
    }

    /// Reads one request, waits for its answer, sends it (or drops the connection).
    async fn serve(self, mut stream: TcpStream) {
        let mut head = Vec::new();
        let mut byte = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut byte).await {
                Ok(0) | Err(_) => return,
                Ok(n) => head.extend_from_slice(&byte[..n]),
            }
        }
        let head = String::from_utf8_lossy(&head);
        let target = head.split_whitespace().nth(1).unwrap_or("/");
        let url = reqwest::Url::parse(&format!("http://x{target}")).unwrap();
        let page = url
            .query_pairs()
            .find(|(k, _)| k == "page")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let asked = Asked {
            path: url.path().to_owned(),
            page,
        };
        let (answer, answered) = oneshot::channel();
        self.waiting.lock().unwrap().push(Waiting { asked, answer });
        self.arrived.notify_one();
        let Ok(Some((status, body))) = answered.await else {
            return; // dropped: the connection closes unanswered
        };
        let response = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
    }

    fn pending(&self) -> usize {
        self.waiting.lock().unwrap().len()
    }

    /// Answers the `pick`th request waiting: what it asked for is what the answer carries.
    fn answer(&self, pick: usize, outcome: &Outcome) -> bool {
        let mut waiting = self.waiting.lock().unwrap();
        if waiting.is_empty() {
            return false;
        }
        let at = pick % waiting.len();
        let Waiting { asked, answer } = waiting.remove(at);
        let reply = match (outcome, asked.path.as_str()) {
            (Outcome::Fail(Failure::Dropped), _) => None,
            (Outcome::Fail(Failure::Html), _) => Some((200, "<html>busy</html>".to_owned())),
            (Outcome::Fail(Failure::Code(code)), _) => Some((200, failure_body(*code).to_string())),
            (_, PROFILE_PATH) => Some((200, fixture("get-user-detail-v3.json").to_string())),
            (
                Outcome::Page {
                    count,
                    shift,
                    has_more,
                },
                _,
            ) => Some((
                200,
                page_body(&asked, *count, *shift, *has_more).to_string(),
            )),
        };
        self.answered.fetch_add(1, Ordering::SeqCst);
        let billed = reply
            .as_ref()
            .is_some_and(|(_, body)| body.contains("\"code\":0"));
        self.billed.fetch_add(u64::from(billed), Ordering::SeqCst);
        let _ = answer.send(reply);
        true
    }
}

/// The program's session and the network around it, as the test plays them.
struct Harness {
    session: Session,
    board: Switchboard,
    /// Answers delivered so far, to deliver again.
    delivered: Vec<(u64, Call, Result<Delivered, ApiError>)>,
    /// The calls each list instance waits for.
    asked: HashMap<u64, Vec<Call>>,
    /// The most items each list instance was seen with.
    loaded: HashMap<u64, usize>,
    /// List instances that read their pages again (`R R`): once such a reload has ended,
    /// the list is what the service sent this time, which may be fewer items.
    reloaded: std::collections::HashSet<u64>,
}

impl Harness {
    async fn new() -> Harness {
        let board = Switchboard::start().await;
        let mut config = ClientConfig::new(
            board.base_url.clone(),
            Token::new("props-token-Xq7").unwrap(),
        );
        config.retry = RetryPolicy {
            max_retries: 1,
            base_delay: Duration::from_millis(1),
            rate_limit_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
        };
        let source = PageSource::Api {
            client: Client::new(config).unwrap(),
            cache: None,
        };
        let area = Rect::new(0, 0, 80, 24);
        let (session, _) = Session::with_clock(Setup::default(), area, source, || NOW);
        let mut harness = Harness {
            session,
            board,
            delivered: Vec::new(),
            asked: HashMap::new(),
            loaded: HashMap::new(),
            reloaded: std::collections::HashSet::new(),
        };
        harness.settle().await;
        harness
    }

    /// One message through the app; its fetches checked, then started.
    fn update(&mut self, msg: Msg) {
        if let Msg::Answer { req, call, result } = &msg {
            if let Some(calls) = self.asked.get_mut(req) {
                calls.retain(|c| c != call);
            }
            self.delivered.push((*req, call.clone(), result.clone()));
        }
        let stale = match &msg {
            Msg::Answer { req, .. } => self.on_screen().filter(|(shown, ..)| shown != req),
            _ => None,
        };
        let commands = self.session.app.update(msg, NOW);
        for command in &commands {
            if let Command::Fetch {
                req,
                call,
                skip_cache,
            } = command
            {
                if *skip_cache {
                    // Only a reload skips the cache here (no --refresh).
                    self.reloaded.insert(*req);
                }
                self.check_new_fetch(*req, call);
            }
        }
        self.session.settle(commands);
        if let Some(before) = stale {
            assert_eq!(
                self.on_screen(),
                Some(before),
                "an answer for another list changed the screen"
            );
        }
    }

    fn key(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        self.update(Msg::Key(KeyEvent::new(code, modifiers)));
    }

    /// Applies what the fetcher reports until every call in flight has its request
    /// waiting at the server: nothing moves any more until the next step.
    async fn settle(&mut self) {
        loop {
            for msg in self.session.ready_messages() {
                self.update(msg);
            }
            if self.board.pending() == self.session.in_flight() {
                return;
            }
            tokio::select! {
                msgs = self.session.next_messages() => {
                    for msg in msgs {
                        self.update(msg);
                    }
                }
                _ = self.board.arrived.notified() => {}
            }
        }
    }

    async fn step(&mut self, step: &Step) {
        match step {
            Step::Key(i) => {
                let (code, modifiers) = KEYS[*i];
                self.key(code, modifiers);
            }
            Step::Resize(width, height) => self.update(Msg::Resize {
                width: *width,
                height: *height,
            }),
            Step::Open(i) => {
                self.key(KeyCode::Char('i'), KeyModifiers::NONE);
                self.key(KeyCode::Char('u'), KeyModifiers::CONTROL);
                for c in TARGETS[*i].chars() {
                    self.key(KeyCode::Char(c), KeyModifiers::NONE);
                }
                self.key(KeyCode::Enter, KeyModifiers::NONE);
            }
            Step::Reload => {
                self.key(KeyCode::Char('R'), KeyModifiers::NONE);
                self.key(KeyCode::Char('R'), KeyModifiers::NONE);
            }
            Step::Answer(pick, outcome) => {
                self.board.answer(*pick, outcome);
            }
            Step::Retrying(pick) => {
                self.board.answer(*pick, &Outcome::Fail(Failure::Code(302)));
            }
            Step::Duplicate(pick) => {
                if !self.delivered.is_empty() {
                    let (req, call, result) = self.delivered[pick % self.delivered.len()].clone();
                    self.update(Msg::Answer { req, call, result });
                }
            }
        }
        self.settle().await;
        self.check();
    }

    /// The list on screen: its instance, level, items loaded, rows and selection.
    fn on_screen(&self) -> Option<(u64, Level, usize, usize, usize)> {
        let app = &self.session.app;
        let list = app.list()?;
        Some((
            list.req(),
            app.level,
            list.view().loaded(),
            list.view().rows(),
            list.view().selected(),
        ))
    }

    /// A list instance never waits twice for one call, nor for two pages at once.
    fn check_new_fetch(&mut self, req: u64, call: &Call) {
        let calls = self.asked.entry(req).or_default();
        for other in calls.iter() {
            assert_ne!(other, call, "list {req} asked again for {call:?} in flight");
            assert!(
                other.page().is_none() || call.page().is_none(),
                "list {req} asked for {call:?} with {other:?} in flight"
            );
        }
        calls.push(call.clone());
    }

    fn check(&mut self) {
        let app = &self.session.app;
        if let Some(list) = app.list() {
            let (len, selected) = (list.view().rows(), list.view().selected());
            match len {
                0 => assert_eq!(selected, 0, "an empty list selects row 0"),
                _ => assert!(selected < len, "row {selected} selected of {len}"),
            }
            let (req, ..) = self.on_screen().expect("a list is open");
            let seen = self.loaded.entry(req).or_default();
            let reload_ended = self.reloaded.contains(&req)
                && matches!(
                    list.progress().paging(),
                    douyin_threads::paging::Paging::End(_)
                );
            assert!(
                list.view().loaded() >= *seen || reload_ended,
                "list {req} lost items: {} after {seen}",
                list.view().loaded()
            );
            *seen = list.view().loaded();
        }
        let stats = self.session.app.stats;
        let answered = self.board.answered.load(Ordering::SeqCst);
        let billed = self.board.billed.load(Ordering::SeqCst);
        assert_eq!(stats.sent, answered, "sent counts the requests answered");
        assert_eq!(stats.billed, billed, "billed counts the code-0 answers");
    }
}

fn play(steps: &[Step]) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut harness = Harness::new().await;
        // A list from the start, so most steps act on one.
        harness.step(&Step::Open(0)).await;
        for step in steps {
            harness.step(step).await;
        }
    });
}

proptest! {
    // Each case is a whole session of up to 120 steps against a loopback server.
    #![proptest_config(ProptestConfig {
        cases: 128,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_sessions_keep_the_invariants(steps in proptest::collection::vec(step(), 1..120)) {
        play(&steps);
    }

    #[test]
    fn answers_for_lists_left_behind_change_nothing_on_screen(
        steps in proptest::collection::vec(hopping_step(), 1..80),
    ) {
        play(&steps);
    }
}

/// The harness itself: a page asked for waits at the server until a step answers it, and a
/// reload while it waits joins it rather than asking again.
#[test]
fn a_played_session_loads_what_the_server_answers_and_joins_a_reload() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut harness = Harness::new().await;
        harness.step(&Step::Open(0)).await;
        assert_eq!(harness.board.pending(), 1, "page 1 waits at the server");
        harness.step(&Step::Reload).await;
        assert_eq!(harness.board.pending(), 1, "the reload joined it");
        let page = Outcome::Page {
            count: 10,
            shift: 0,
            has_more: false,
        };
        harness.step(&Step::Answer(0, page)).await;
        assert_eq!(harness.board.pending(), 0);
        let list = harness.session.app.list().expect("the thread is open");
        assert_eq!(list.view().loaded(), 10);
        assert_eq!(harness.session.app.stats.sent, 1);
        assert_eq!(harness.session.app.stats.billed, 1);
    });
}
