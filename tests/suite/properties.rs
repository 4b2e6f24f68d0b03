//! Properties of `App::update` under random sessions: keys, resizes, and fetch outcomes in
//! any order, with the runtime's side modelled as `runtime/fetcher.rs` does it.
//!
//! The model: a `Command::Fetch` for a call already in flight is joined (its `req` waits for
//! the same answer); otherwise the cache may answer at once (no HTTP request), or the call
//! stays in flight until a step answers it from the network — one `Msg::ApiCall` first, then
//! the answer to every waiter, as the fetcher reports it. Steps may also announce a retry,
//! deliver an answer again (a duplicate for a page already loaded), and answer calls that
//! only a list no longer on screen waits for (stale results).
//!
//! After every step:
//! - nothing panicked;
//! - the selection is in range of the list on screen;
//! - no list instance (`req`) waits for two pages at once, nor twice for one call;
//! - the items a list instance has loaded never decrease (switching lists, or `R` `R`,
//!   makes another instance);
//! - an answer for a list instance not on screen (stale, or for a list on the shelf)
//!   changes nothing on screen;
//! - `sent` counts exactly the network requests answered, `billed` the code-0 ones, and
//!   `cached` the answers the cache gave.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use douyin_threads::api::{
    ApiError, Author, Call, Comment, Delivered, Origin, Page, Payload, Post, Profile, Reply,
    RetryNotice,
};
use douyin_threads::app::{App, Command, Level, Msg, Setup};
use proptest::prelude::*;
use ratatui::layout::Rect;
use std::collections::HashMap;
use std::time::Duration;

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
    Fail(ApiError),
}

#[derive(Debug, Clone)]
enum Step {
    Key(usize),
    Resize(u16, u16),
    /// `i`, clear, one of [`TARGETS`], Enter.
    Open(usize),
    /// `R` `R`: the list again from the API.
    Reload,
    /// The network answers the `pick`th call in flight.
    Answer(usize, Outcome),
    /// The client waits to retry the `pick`th call in flight.
    Retrying(usize),
    /// An answer already delivered is delivered again.
    Duplicate(usize),
    /// Whether the cache holds the next calls asked for (until the next such step).
    Cache(CacheMode),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum CacheMode {
    /// Every call goes to the network.
    Miss,
    /// The cache answers at once with a page.
    Hit,
    /// Nothing can be fetched (offline and not cached): refused at once.
    Unavailable,
}

fn error() -> impl Strategy<Value = ApiError> {
    prop_oneof![
        Just(ApiError::RateLimited),
        Just(ApiError::DailyQuota),
        Just(ApiError::InvalidToken),
        Just(ApiError::InsufficientBalance),
        Just(ApiError::CollectionFailed),
        Just(ApiError::ServerError { code: 503 }),
        Just(ApiError::Timeout { seconds: 60 }),
        Just(ApiError::Network {
            detail: "connection reset".into()
        }),
        Just(ApiError::NotUnderstood {
            detail: "the answer was cut off".into()
        }),
        Just(ApiError::Unknown {
            code: 777,
            message: "odd".into()
        }),
    ]
}

fn outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        4 => (0u8..=25, 0u8..=14, any::<bool>())
            .prop_map(|(count, shift, has_more)| Outcome::Page { count, shift, has_more }),
        1 => error().prop_map(Outcome::Fail),
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
        1 => prop_oneof![
            3 => Just(CacheMode::Miss),
            1 => Just(CacheMode::Hit),
            1 => Just(CacheMode::Unavailable),
        ]
        .prop_map(Step::Cache),
    ]
}

/// The items of page `page` of the list `call` asks for: ids from a range that moves ten
/// a page, shifted, so consecutive pages can overlap.
fn page_payload(call: &Call, count: u8, shift: u8, has_more: bool) -> Payload {
    let page = u64::from(call.page().expect("a page call"));
    let ids = (0..u64::from(count)).map(|i| (page - 1) * 10 + u64::from(shift) + i);
    match call {
        Call::Replies { .. } => Payload::Replies(Page {
            items: ids.map(reply).collect(),
            has_more,
            total: Some(300),
        }),
        Call::Comments { .. } => Payload::Comments(Page {
            items: ids.map(comment).collect(),
            has_more,
            total: Some(300),
        }),
        _ => unreachable!("only page calls"),
    }
}

fn author(n: u64) -> Author {
    Author {
        uid: format!("{}", n % 3).into(),
        sec_uid: format!("sec{}", n % 3).into(),
        nickname: format!("user{}", n % 3).into(),
        ..Author::default()
    }
}

fn post(n: u64) -> Post {
    Post {
        cid: format!("71{n:017}").into(),
        text: format!("post {n}").into(),
        digg_count: n * 7 % 13,
        author_liked: n.is_multiple_of(5),
        is_hot: n.is_multiple_of(4),
        create_time: NOW - n as i64,
        author: author(n),
        ..Post::default()
    }
}

fn reply(n: u64) -> Reply {
    Reply {
        // Some answer a reply a few before them (loaded or not), for `u` and `c`.
        reply_to_cid: (n % 4 == 1).then(|| format!("71{:017}", n.saturating_sub(3)).into()),
        reply_to_name: format!("user{}", (n + 1) % 3).into(),
        reply_to_uid: format!("{}", (n + 1) % 3).into(),
        post: post(n),
    }
}

fn comment(n: u64) -> Comment {
    Comment {
        post: post(n),
        aweme_id: "7300000000000000001".into(),
        reply_total: (n % 3) * 20,
        pinned: n == 0,
    }
}

fn profile_payload(sec_uid: &str) -> Payload {
    Payload::Profile(Box::new(Profile {
        user: Author {
            sec_uid: sec_uid.into(),
            nickname: "someone".into(),
            follower_count: 10,
            ..Author::default()
        },
        ..Profile::default()
    }))
}

/// The app and the runtime around it, as the test plays it.
struct Session {
    app: App,
    /// Calls in flight, in the order they were sent, each with the `req`s waiting for it.
    in_flight: Vec<(Call, Vec<u64>)>,
    /// Answers delivered so far, to deliver again.
    delivered: Vec<(u64, Call, Result<Delivered, ApiError>)>,
    cache: CacheMode,
    /// What the runtime counted: network requests answered, billed, cached pages.
    network: u64,
    billed: u64,
    cached: u64,
    /// The most items each list instance was seen with.
    loaded: HashMap<u64, usize>,
    /// The list instances a reload made: they keep every item until its fresh copy
    /// replaces it, and lose only those the list no longer holds once it has ended.
    reloaded: std::collections::HashSet<u64>,
}

impl Session {
    fn new() -> Session {
        let (app, commands) = App::new(Setup::default(), Rect::new(0, 0, 80, 24), NOW);
        let mut session = Session {
            app,
            in_flight: Vec::new(),
            delivered: Vec::new(),
            cache: CacheMode::Miss,
            network: 0,
            billed: 0,
            cached: 0,
            loaded: HashMap::new(),
            reloaded: std::collections::HashSet::new(),
        };
        session.run(commands);
        session
    }

    fn update(&mut self, msg: Msg) {
        let commands = self.app.update(msg, NOW);
        self.run(commands);
    }

    fn key(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        self.update(Msg::Key(KeyEvent::new(code, modifiers)));
    }

    /// The runtime's side of the commands: fetches joined, answered from the cache at once,
    /// or sent; nothing else matters here.
    fn run(&mut self, commands: Vec<Command>) {
        for command in commands {
            let Command::Fetch {
                req,
                call,
                skip_cache,
            } = command
            else {
                continue;
            };
            if skip_cache {
                // Only a reload skips the cache here (no --refresh).
                self.reloaded.insert(req);
            }
            self.check_new_fetch(req, &call);
            if let Some((_, waiters)) = self.in_flight.iter_mut().find(|(c, _)| *c == call) {
                waiters.push(req);
                continue;
            }
            let ready = match (self.cache, call.page()) {
                (CacheMode::Hit, Some(_)) => Some(Ok(Delivered::new(
                    page_payload(&call, 10, 0, true),
                    Origin::Cache {
                        fetched_at: NOW - 60,
                    },
                ))),
                (CacheMode::Unavailable, _) => Some(Err(ApiError::Unavailable {
                    reason: "Offline, and this page is not cached.".into(),
                })),
                _ => None,
            };
            match ready {
                Some(result) => self.deliver(req, call, result),
                None => self.in_flight.push((call, vec![req])),
            }
        }
    }

    fn deliver(&mut self, req: u64, call: Call, result: Result<Delivered, ApiError>) {
        if let Ok(Delivered {
            origin: Origin::Cache { .. },
            ..
        }) = &result
        {
            self.cached += 1;
        }
        self.delivered.push((req, call.clone(), result.clone()));
        let before = self.on_screen();
        let stale = before.is_some_and(|(on_screen, ..)| on_screen != req);
        self.update(Msg::Answer { req, call, result });
        if stale {
            assert_eq!(
                self.on_screen(),
                before,
                "an answer for list {req} changed the screen"
            );
        }
    }

    fn step(&mut self, step: &Step) {
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
                if self.in_flight.is_empty() {
                    return;
                }
                let (call, waiters) = self.in_flight.remove(pick % self.in_flight.len());
                let result = match (outcome, &call) {
                    (Outcome::Fail(error), _) => Err(error.clone()),
                    (_, Call::Profile { sec_uid }) => {
                        Ok(Delivered::new(profile_payload(sec_uid), Origin::Network))
                    }
                    (
                        Outcome::Page {
                            count,
                            shift,
                            has_more,
                        },
                        _,
                    ) => Ok(Delivered::new(
                        page_payload(&call, *count, *shift, *has_more),
                        Origin::Network,
                    )),
                };
                // One HTTP request, reported as it is answered, before the answer itself.
                let billed =
                    result.is_ok() || matches!(result, Err(ApiError::NotUnderstood { .. }));
                self.network += 1;
                self.billed += u64::from(billed);
                self.update(Msg::ApiCall { billed });
                for req in waiters {
                    self.deliver(req, call.clone(), result.clone());
                }
            }
            Step::Retrying(pick) => {
                if self.in_flight.is_empty() {
                    return;
                }
                let (call, waiters) = self.in_flight[pick % self.in_flight.len()].clone();
                let notice = RetryNotice {
                    failed_attempt: 1,
                    max_attempts: 4,
                    wait: Duration::from_secs(3),
                    cause: douyin_threads::api::RetryCause::RateLimit,
                    reason: "rate limited".into(),
                };
                for req in waiters {
                    self.update(Msg::Retrying {
                        req,
                        call: call.clone(),
                        notice: notice.clone(),
                    });
                }
            }
            Step::Duplicate(pick) => {
                if self.delivered.is_empty() {
                    return;
                }
                let (req, call, result) = self.delivered[pick % self.delivered.len()].clone();
                self.deliver(req, call, result);
            }
            Step::Cache(mode) => self.cache = *mode,
        }
        self.check();
    }

    /// The list on screen: its instance, level, items loaded, rows and selection.
    fn on_screen(&self) -> Option<(u64, Level, usize, usize, usize)> {
        let app = &self.app;
        let req = match app.level {
            Level::Comments => app.video.as_ref()?.req,
            Level::Replies => app.thread.as_ref()?.req,
        };
        let list = app.list()?;
        Some((
            req,
            app.level,
            list.view().loaded(),
            list.view().rows(),
            list.view().selected(),
        ))
    }

    /// A list instance never waits twice for one call, nor for two pages at once.
    fn check_new_fetch(&self, req: u64, call: &Call) {
        for (other, waiters) in &self.in_flight {
            if !waiters.contains(&req) {
                continue;
            }
            assert_ne!(other, call, "list {req} asked again for {call:?} in flight");
            assert!(
                other.page().is_none() || call.page().is_none(),
                "list {req} asked for {call:?} with {other:?} in flight"
            );
        }
    }

    fn check(&mut self) {
        let app = &self.app;
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
        let stats = app.stats;
        assert_eq!(stats.sent, self.network, "sent counts the network requests");
        assert_eq!(
            stats.billed, self.billed,
            "billed counts the code-0 answers"
        );
        assert_eq!(
            stats.cache_pages, self.cached,
            "cached counts the cache's answers"
        );
    }
}

fn play(steps: &[Step]) {
    let mut session = Session::new();
    // A list from the start, so most steps act on one.
    session.step(&Step::Open(0));
    for step in steps {
        session.step(step);
    }
}

proptest! {
    // Each case is a whole session of up to 120 steps; 256 of them run in about 3 s.
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
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
