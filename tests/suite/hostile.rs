//! Hostile text from the service, and from the person, reaches the terminal as text only.
//!
//! A corpus of escape sequences, control and format characters, and awkward Unicode goes in
//! as comment and reply text, nicknames, signatures and the other profile fields, and as a
//! server's error message — served by a loopback server and fetched by the program's own
//! client and fetcher (a [`Session`]) — and as text typed into the search prompt and pasted into the input. Every
//! pane is drawn by `ui::render` through a real `Terminal` over crossterm's backend writing
//! into memory, at sizes from 1×1 to 200×60, and the BYTES it writes are read back: only
//! the sequences crossterm itself draws with (cursor moves, SGR, clears, cursor show/hide)
//! may appear, and none of the characters the sanitizer exists to remove.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use douyin_threads::api::{
    ApiError, COMMENTS_PATH, Call, Client, ClientConfig, PROFILE_PATH, REPLIES_PATH, Token,
    decode_replies,
};
use douyin_threads::app::library::Access;
use douyin_threads::app::{App, Command, Focus, Level, Msg, ProfileState, Setup};
use douyin_threads::ids::{CommentId, VideoId};
use douyin_threads::library::Library;
use douyin_threads::runtime::Session;
use douyin_threads::source::PageSource;
use douyin_threads::text::sanitize;
use douyin_threads::ui;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::sync::LazyLock;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const NOW: i64 = 1_700_000_000;
const VIDEO: &str = "7300000000000000001";

/// Each text starts with (or, for the leading combining marks, soon reaches) its name, a
/// plain word that must survive cleaning and be seen on screen.
const CORPUS: &[(&str, &str)] = &[
    ("csi_clear", "csi_clear \u{1b}[2J\u{1b}[H\u{1b}[3J wiped"),
    (
        "csi_sgr",
        "csi_sgr \u{1b}[31;1;5mred\u{1b}[0m \u{1b}[38;2;1;2;3mrgb",
    ),
    (
        "csi_cursor",
        "csi_cursor \u{1b}[10;10H\u{1b}[6n\u{1b}[5A\u{1b}[s\u{1b}[u",
    ),
    (
        "csi_private",
        "csi_private \u{1b}[?1049h\u{1b}[?1000h\u{1b}[?2004l\u{1b}[?25l",
    ),
    ("csi_unfinished", "csi_unfinished \u{1b}[31"),
    ("c1_csi", "c1_csi \u{9b}2J\u{9b}31m eight-bit"),
    ("osc52", "osc52 \u{1b}]52;c;ZWNobyBwd25lZA==\u{7} clipboard"),
    ("osc52_st", "osc52_st \u{1b}]52;c;ZXZpbA==\u{1b}\\ with ST"),
    ("osc52_open", "osc52_open \u{1b}]52;c;AAAAunterminated"),
    (
        "osc8",
        "osc8 \u{1b}]8;;https://evil.example/\u{1b}\\click\u{1b}]8;;\u{1b}\\ me",
    ),
    (
        "osc_title",
        "osc_title \u{1b}]0;pwned\u{7}\u{1b}]2;pwned too\u{1b}\\",
    ),
    ("c1_osc", "c1_osc \u{9d}0;pwned\u{9c} done"),
    (
        "dcs",
        "dcs \u{1b}Pq#0;2;0;0;0#1!7~\u{1b}\\ sixel \u{1b}P$q\"p\u{1b}\\",
    ),
    (
        "c1_dcs",
        "c1_dcs \u{90}1$r\u{9c} \u{98}sos\u{9c} \u{9e}pm\u{9c} \u{9f}apc\u{9c}",
    ),
    ("esc_two", "esc_two \u{1b}c\u{1b}7\u{1b}8\u{1b}M\u{1b}(0lqk"),
    ("bel", "bel \u{7}\u{7} ding"),
    ("cr", "cr overwrite\rXX\r"),
    ("backspace", "backspace abc\u{8}\u{8}\u{8}xyz"),
    ("c0_mix", "c0_mix \u{0}\u{1}\u{b}\u{c}\u{e}\u{1f}\u{7f} end"),
    ("c1_raw", "c1_raw \u{80}\u{85}\u{8d}\u{8e}\u{9a}\u{9f} end"),
    (
        "bidi_rlo",
        "bidi_rlo \u{202e}txt.exe\u{202c} \u{202a}\u{202b}\u{202d}x",
    ),
    (
        "bidi_isolates",
        "bidi_isolates \u{2066}a\u{2067}b\u{2068}c\u{2069}",
    ),
    ("bidi_marks", "bidi_marks \u{200e}\u{200f}\u{61c}end"),
    (
        "zero_width",
        "zero_width a\u{200b}b\u{feff}c\u{2060}d\u{200c}e\u{2061}",
    ),
    (
        "line_separators",
        "line_separators one\u{2028}two\u{2029}three",
    ),
    ("tags", "tags \u{e0001}\u{e0041}\u{e0042}\u{e007f} hidden"),
    ("soft_hyphen", "soft_hyphen in\u{ad}visible\u{180e}"),
    (
        "tabs_newlines",
        "tabs_newlines a\tb\t\tc\n\n\nmany\r\n\r\nlines\n",
    ),
    (
        "zwj_family",
        "zwj_family 👨\u{200d}👩\u{200d}👧\u{200d}👦 👩🏻\u{200d}💻 🧑🏿\u{200d}🤝\u{200d}🧑🏻",
    ),
    (
        "flags",
        "flags 🇨🇳🇺🇸🇯🇵 🏳\u{fe0f}\u{200d}🌈 🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f} 🇦",
    ),
    ("skin_tones", "skin_tones 👍🏻👍🏼👍🏽👍🏾👍🏿 🏻 lone"),
    (
        "leading_combining",
        "\u{301}\u{308}\u{20dd}leading_combining",
    ),
    (
        "zalgo",
        "zalgo Z\u{336}\u{321}\u{322}\u{31b}\u{335}\u{30d}\u{30e}\u{30f}\u{310}\u{311}\u{312}\u{313}\u{314}\u{315}\u{316}\u{317}\u{318}\u{319}\u{31a}a",
    ),
    (
        "text_default_emoji",
        "text_default_emoji 🏔\u{fe0f} ❤\u{fe0f} ☺\u{fe0f} ✈\u{fe0f} 1\u{fe0f}\u{20e3} ❤",
    ),
    (
        "cjk",
        "cjk 作者赞过 全角ＡＢＣ１ 한국어 にほんご [暗中观察]",
    ),
    ("rtl_script", "rtl_script مرحبا שלום"),
    (
        "wide_edges",
        "wide_edges 中a中b中c中d中e中f中g中h中i中j中k中",
    ),
    (
        "only_spaces",
        "only_spaces                                        x",
    ),
    ("long", ""), // replaced by a 10,000-character text in `corpus()`
];

/// The corpus with its long entry filled in.
static TEXTS: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
    CORPUS
        .iter()
        .map(|(name, text)| match *name {
            "long" => (*name, long_text()),
            _ => (*name, (*text).to_owned()),
        })
        .collect()
});

/// 10,000 characters: mixed widths, emoji, and a sprinkling of escapes.
fn long_text() -> String {
    let mut text = String::from("long ");
    let piece = "长评论long👍🏽\u{1b}[1m字\u{202e}🏔\u{fe0f} ";
    while text.chars().count() < 10_000 {
        text.push_str(piece);
    }
    text.chars().take(10_000).collect()
}

pub(super) fn texts() -> &'static [(&'static str, String)] {
    &TEXTS
}

/// Entry `i` of the corpus, wrapping round.
fn text(i: usize) -> &'static str {
    &texts()[i % texts().len()].1
}

fn comment_cid(i: usize) -> String {
    format!("73100000000000{i:05}")
}

pub(super) fn reply_cid(i: usize) -> String {
    format!("73200000000000{i:05}")
}

/// A user whose every text field is hostile, starting from corpus entry `i`.
fn user(i: usize) -> Value {
    json!({
        "uid": format!("{}", 100 + i),
        "short_id": text(i + 7),
        "unique_id": text(i + 8),
        "sec_uid": format!("MS4wLjABAAAA{i}"),
        "nickname": text(i + 1),
        "signature": text(i + 2),
        "region": text(i + 3),
        "custom_verify": text(i + 4),
        "ip_location": text(i + 5),
        "follower_count": 12345,
        "total_favorited": 678,
        "gender": 2,
        "user_age": 30,
    })
}

pub(super) fn item(i: usize, cid: String, extra: Value) -> Value {
    let mut item = json!({
        "cid": cid,
        "text": text(i),
        "create_time": NOW - 3600,
        "digg_count": 42,
        "is_author_digged": i.is_multiple_of(3),
        "label_list": [{"type": 1, "text": text(i + 9)}],
        "ip_label": text(i + 6),
        "text_extra": [{"type": 1, "hashtag_name": text(i + 10)}],
        "user": user(i),
    });
    item.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    item
}

pub(super) fn page_body(items: Vec<Value>) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "code": 0,
        "data": {"comments": items, "has_more": 0, "total": items.len()},
    }))
    .unwrap()
}

pub(super) fn comments_body() -> Vec<u8> {
    let items = (0..texts().len())
        .map(|i| {
            let extra = json!({"aweme_id": VIDEO, "reply_comment_total": 50, "stick_position": i32::from(i == 1)});
            item(i, comment_cid(i), extra)
        })
        .collect();
    page_body(items)
}

pub(super) fn replies_body() -> Vec<u8> {
    let items = (0..texts().len())
        .map(|i| {
            let extra = json!({
                "reply_to_reply_id": if i > 0 { reply_cid(i - 1) } else { "0".to_owned() },
                "reply_to_username": text(i + 11),
                "reply_to_userid": format!("{}", 100 + i),
            });
            item(i, reply_cid(i), extra)
        })
        .collect();
    page_body(items)
}

/// An answer with an undocumented code and a hostile message, as the client decodes it.
fn server_error(i: usize) -> ApiError {
    let body = serde_json::to_vec(&json!({"code": 777, "message": text(i), "data": null})).unwrap();
    decode_replies(&body).expect_err("a code other than 0 is an error")
}

fn key(app: &mut App, code: KeyCode) -> Vec<Command> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), NOW)
}

/// The hostile service: a loopback server answering every call from the hostile bodies, on
/// a runtime that lives as long as the tests.
static SERVICE: LazyLock<(tokio::runtime::Runtime, String)> = LazyLock::new(|| {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let uri = runtime.block_on(async {
        let server = MockServer::start().await;
        let json =
            |body: Vec<u8>| ResponseTemplate::new(200).set_body_raw(body, "application/json");
        Mock::given(path(COMMENTS_PATH))
            .respond_with(json(comments_body()))
            .mount(&server)
            .await;
        Mock::given(path(REPLIES_PATH))
            .respond_with(json(replies_body()))
            .mount(&server)
            .await;
        Mock::given(path(PROFILE_PATH))
            .respond_with(HostileProfile)
            .mount(&server)
            .await;
        let uri = server.uri();
        // Serves for the rest of the run: the scenes are built lazily, test by test.
        std::mem::forget(server);
        uri
    });
    (runtime, uri)
});

/// The profile of the user a `secUid` names, with hostile text in every field.
struct HostileProfile;

impl Respond for HostileProfile {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let sec_uid = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "secUid")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        let i: usize = sec_uid.trim_start_matches("MS4wLjABAAAA").parse().unwrap();
        ResponseTemplate::new(200).set_body_json(json!({"code": 0, "data": {"user": user(i + 12)}}))
    }
}

/// Runs `commands` as the program does, through its fetcher and client against the
/// hostile service, until every answer is in.
fn answer(app: &mut App, commands: Vec<Command>) {
    if !commands.iter().any(|c| matches!(c, Command::Fetch { .. })) {
        return;
    }
    let (runtime, uri) = &*SERVICE;
    // A token no hostile text contains: an answer quoting it would be scrubbed.
    let token = Token::new("hostile-suite-token-7Qz").unwrap();
    let client = Client::new(ClientConfig::new(uri.clone(), token)).unwrap();
    let source = PageSource::Api {
        client,
        cache: None,
    };
    let placeholder = App::new(Setup::default(), Rect::new(0, 0, 1, 1), NOW).0;
    let mut session = Session::around(std::mem::replace(app, placeholder), source, || NOW);
    runtime.block_on(async {
        session.settle(commands);
        session.until_idle().await;
    });
    *app = session.app;
}

/// The video's hostile comments, loaded, with comment `k` selected.
fn on_comments(k: usize) -> App {
    static LOADED: LazyLock<App> = LazyLock::new(|| {
        let setup = Setup {
            initial: Some(format!("v:{VIDEO}")),
            ..Setup::default()
        };
        let (mut app, commands) = App::new(setup, Rect::new(0, 0, 200, 60), NOW);
        answer(&mut app, commands);
        assert_eq!(app.level, Level::Comments);
        assert_eq!(app.list().map(|l| l.view().rows()), Some(texts().len()));
        app
    });
    let mut app = LOADED.clone();
    select(&mut app, k);
    app
}

fn select(app: &mut App, k: usize) {
    key(app, KeyCode::Char('g'));
    for _ in 0..k % texts().len() {
        let more = key(app, KeyCode::Char('j'));
        answer(app, more);
    }
}

/// The replies under the first comment, reply `k` read in the detail pane with its
/// author's full profile.
fn on_replies(k: usize) -> App {
    static LOADED: LazyLock<App> = LazyLock::new(|| {
        let mut app = on_comments(0);
        let more = key(&mut app, KeyCode::Enter);
        answer(&mut app, more);
        assert_eq!(app.level, Level::Replies);
        assert_eq!(app.list().map(|l| l.view().rows()), Some(texts().len()));
        app
    });
    let mut app = LOADED.clone();
    select(&mut app, k);
    let more = key(&mut app, KeyCode::Char('P'));
    assert!(!more.is_empty(), "P asks for the profile");
    answer(&mut app, more);
    let profile = app.detail_extras().profile;
    assert!(
        matches!(profile, Some(ProfileState::Loaded(_))),
        "{profile:?}"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Focus::Detail);
    app
}

/// The replies under comment `k` failed with a hostile server message.
fn on_error(k: usize) -> App {
    let mut app = on_comments(k);
    let commands = key(&mut app, KeyCode::Enter);
    for command in commands {
        if let Command::Fetch { req, call, .. } = command {
            let result = Err(server_error(k));
            app.update(Msg::Answer { req, call, result }, NOW);
        }
    }
    assert!(app.notice.as_ref().is_some_and(|n| n.is_error));
    app
}

fn with_help(k: usize) -> App {
    let mut app = on_replies(k);
    key(&mut app, KeyCode::F(1));
    assert!(app.help.is_some());
    app
}

/// `/` and the hostile text typed key by key, as a terminal without bracketed paste
/// delivers a paste (the first 100 characters: each key searches again).
fn searching(k: usize) -> App {
    let mut app = on_comments(k);
    key(&mut app, KeyCode::Char('/'));
    for c in text(k).chars().take(100) {
        key(&mut app, KeyCode::Char(c));
    }
    app
}

/// The hostile text pasted into the input, and submitted so that the refusal quotes it.
fn in_input(k: usize) -> App {
    let mut app = on_comments(k);
    key(&mut app, KeyCode::Char('i'));
    assert!(app.update(Msg::Paste(text(k).to_owned()), NOW).is_empty());
    assert!(
        key(&mut app, KeyCode::Enter).is_empty(),
        "junk sends nothing"
    );
    assert!(app.input_error.is_some());
    app
}

/// `text(k)` typed key by key into the input.
fn typed_in_input(k: usize) -> App {
    let mut app = on_comments(k);
    key(&mut app, KeyCode::Char('i'));
    for c in text(k).chars().take(300) {
        assert!(key(&mut app, KeyCode::Char(c)).is_empty());
    }
    app
}

/// The insights of the list `app` shows (analysed inline, as the runtime does off the
/// loop), row `k` selected.
fn with_insights(mut app: App, k: usize) -> App {
    for command in key(&mut app, KeyCode::Char('I')) {
        if let Command::Analyse { req, list } = command {
            let insights = Box::new(douyin_threads::app::insights::analyse(&list));
            app.update(Msg::Analysed { req, insights }, NOW);
        }
    }
    assert!(app.insights_view().is_some_and(|v| !v.body.is_empty()));
    for _ in 0..k {
        key(&mut app, KeyCode::Char('j'));
    }
    app
}

fn insights_of_comments(k: usize) -> App {
    with_insights(on_comments(0), k)
}

fn insights_of_replies(k: usize) -> App {
    let mut app = on_replies(0);
    key(&mut app, KeyCode::Esc);
    with_insights(app, k)
}

/// A library holding the hostile comments and the replies under the first of them, the
/// video's title hostile too, kept for the rest of the run.
static LIBRARY: LazyLock<(tempfile::TempDir, Library)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let library = Library::open(dir.path().join("library.sqlite3"), std::time::Duration::MAX)
        .unwrap()
        .library;
    let token = Token::new("hostile-suite-token-7Qz").unwrap();
    let video = Call::Comments {
        video: VideoId::parse(VIDEO).unwrap(),
        page: 1,
    };
    let thread = Call::Replies {
        comment: CommentId::parse(&comment_cid(0)).unwrap(),
        page: 1,
    };
    for (call, body) in [(video, comments_body()), (thread, replies_body())] {
        let checked = token.check(body).unwrap();
        library.put("host", &call, &checked, NOW).unwrap();
    }
    library.set_video_title(VIDEO, text(0), NOW).unwrap();
    (dir, library)
});

/// The start screen of a reader with the hostile library, `/` pressed.
fn library_prompt() -> App {
    let setup = Setup {
        library: Access::Ready,
        ..Setup::default()
    };
    let (mut app, _) = App::new(setup, Rect::new(0, 0, 200, 60), NOW);
    key(&mut app, KeyCode::Char('/'));
    assert!(app.search.as_ref().is_some_and(|s| s.library));
    app
}

/// The library's prompt with `text(k)` typed into it, key by key.
fn searching_library(k: usize) -> App {
    let mut app = library_prompt();
    for c in text(k).chars().take(100) {
        key(&mut app, KeyCode::Char(c));
    }
    app
}

/// What the library holds about corpus entry `k`'s name (its text, and the nickname that
/// is that text), the hits read from the library as the program reads them; hit `k` read
/// in the detail pane.
fn library_hits(k: usize) -> App {
    let mut app = library_prompt();
    for c in texts()[k].0.chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let commands = key(&mut app, KeyCode::Enter);
    let source = PageSource::Offline {
        cache: LIBRARY.1.clone(),
        host: "host".into(),
    };
    let placeholder = App::new(Setup::default(), Rect::new(0, 0, 1, 1), NOW).0;
    let mut session = Session::around(std::mem::replace(&mut app, placeholder), source, || NOW);
    SERVICE.0.block_on(async {
        session.settle(commands);
        session.until_idle().await;
    });
    let mut app = session.app;
    assert_eq!(app.level, Level::Found);
    let hits = app.list().map_or(0, |l| l.view().rows());
    assert!(hits > 0, "{:?} finds itself", texts()[k].0);
    for _ in 0..k % hits {
        key(&mut app, KeyCode::Char('j'));
    }
    key(&mut app, KeyCode::Tab);
    assert_eq!((app.level, app.focus), (Level::Found, Focus::Detail));
    app
}

type Scene = (&'static str, fn(usize) -> App);

const SCENES: &[Scene] = &[
    ("comments", on_comments),
    ("replies+detail+profile", on_replies),
    ("server error", on_error),
    ("help", with_help),
    ("search prompt", searching),
    ("input paste", in_input),
    ("input typed", typed_in_input),
    ("insights of comments", insights_of_comments),
    ("insights of replies", insights_of_replies),
    ("library search prompt", searching_library),
    ("library hits", library_hits),
];

/// Widths and heights to draw at: every small size, and a spread up to 200×60.
const WIDTHS: &[u16] = &[
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 17, 23, 24, 25, 31, 40, 59, 80, 81, 100, 119, 160, 199,
    200,
];
const HEIGHTS: &[u16] = &[1, 2, 3, 4, 6, 7, 8, 9, 11, 15, 24, 33, 48, 59, 60];

/// Every width of [`WIDTHS`] at every height of [`HEIGHTS`], and besides those every width
/// from 1 to 200 and every height from 1 to 60 at least once (paired round-robin with the
/// other list), so no single width or height goes untried.
fn sizes() -> Vec<(u16, u16)> {
    let grid = WIDTHS
        .iter()
        .flat_map(|&w| HEIGHTS.iter().map(move |&h| (w, h)));
    let widths = (1..=200u16).map(|w| (w, HEIGHTS[usize::from(w) % HEIGHTS.len()]));
    let heights = (1..=60u16).map(|h| (WIDTHS[usize::from(h) % WIDTHS.len()], h));
    grid.chain(widths).chain(heights).collect()
}

/// Bytes written to the terminal, kept where the test can read them once it is dropped.
#[derive(Clone, Default)]
struct Tty(Rc<RefCell<Vec<u8>>>);

impl Write for Tty {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Draws `app` at its size into crossterm's backend and returns the bytes it wrote.
fn draw_bytes(app: &App) -> Vec<u8> {
    let tty = Tty::default();
    let options = TerminalOptions {
        viewport: Viewport::Fixed(app.size),
    };
    let backend = CrosstermBackend::new(tty.clone());
    let mut terminal = Terminal::with_options(backend, options).expect("a terminal in memory");
    terminal
        .draw(|frame| ui::render(app, frame))
        .expect("writing into memory cannot fail");
    drop(terminal);
    tty.0.take()
}

/// What the bytes are once every escape sequence crossterm draws with is taken out; any
/// other sequence, or a control character, is an error naming it.
fn visible_text(bytes: &[u8]) -> Result<String, String> {
    let mut text = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == 0x1b {
            if bytes.get(i + 1) != Some(&b'[') {
                let next = bytes.get(i + 1).map(|b| *b as char);
                return Err(format!("ESC followed by {next:?} at byte {i}"));
            }
            let start = i + 2;
            let mut end = start;
            while end < bytes.len() && (0x20..=0x3f).contains(&bytes[end]) {
                end += 1;
            }
            let Some(&last) = bytes.get(end) else {
                return Err(format!("unterminated CSI at byte {i}"));
            };
            let params = std::str::from_utf8(&bytes[start..end]).unwrap();
            let allowed = match last {
                // Cursor position and moves, SGR, erase.
                b'H' | b'A' | b'B' | b'C' | b'D' | b'G' | b'm' | b'J' | b'K' => params
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b';' || b == b':'),
                // Cursor show and hide, nothing else private.
                b'h' | b'l' => params == "?25",
                _ => false,
            };
            if !allowed {
                return Err(format!(
                    "a sequence crossterm does not draw with: ESC [{params}{}",
                    last as char
                ));
            }
            i = end + 1;
            continue;
        }
        if b < 0x20 || b == 0x7f {
            return Err(format!("control byte {b:#04x} at byte {i}"));
        }
        text.push(b);
        i += 1;
    }
    let text = String::from_utf8(text).map_err(|e| format!("not UTF-8: {e}"))?;
    if let Some(c) = text.chars().find(|c| is_forbidden(*c)) {
        return Err(format!("{:?} (U+{:04X}) reached the terminal", c, c as u32));
    }
    Ok(text)
}

/// What the sanitizer removes, and so what must never be drawn.
fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{ad}' | '\u{61c}' | '\u{180e}'
        | '\u{200b}' | '\u{200c}' | '\u{200e}' | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
        | '\u{e0000}'..='\u{e007f}')
}

#[test]
fn the_checker_catches_what_it_must() {
    assert!(visible_text(b"\x1b[1;1Hok\x1b[0m\x1b[?25l").is_ok());
    for bad in [
        &b"\x1b]52;c;AA\x07"[..],
        b"\x1bPq\x1b\\",
        b"a\x07",
        b"a\rb",
        b"a\x08",
        b"\x1b[?1049h",
        b"\x1b[6n",
        "\u{9b}2J".as_bytes(),
        "a\u{202e}b".as_bytes(),
        "a\u{200b}b".as_bytes(),
        "a\u{2028}".as_bytes(),
    ] {
        assert!(visible_text(bad).is_err(), "{bad:?} passed");
    }
}

#[test]
fn hostile_text_is_drawn_as_text_in_every_pane_at_every_size() {
    let n = texts().len();
    let started = std::time::Instant::now();
    let mut draws = 0;
    for (s, (scene, build)) in SCENES.iter().enumerate() {
        // Each scene shows every corpus entry, a different one at each size.
        let apps: Vec<App> = (0..n).map(build).collect();
        for (i, (width, height)) in sizes().into_iter().enumerate() {
            let k = (s + i) % n;
            let mut app = apps[k].clone();
            let context = format!("{scene} with {:?} at {width}×{height}", texts()[k].0);
            let bytes = catch_unwind(AssertUnwindSafe(|| {
                app.update(Msg::Resize { width, height }, NOW);
                draw_bytes(&app)
            }))
            .unwrap_or_else(|_| panic!("panicked: {context}"));
            if let Err(leak) = visible_text(&bytes) {
                panic!("{context}: {leak}");
            }
            draws += 1;
        }
    }
    eprintln!(
        "{n} corpus entries, {draws} frames in {:?}",
        started.elapsed()
    );
}

/// The screen's text, cell by cell, as the terminal receives it.
fn screen_of(app: &App) -> String {
    visible_text(&draw_bytes(app)).unwrap_or_else(|leak| panic!("{leak}"))
}

#[test]
fn each_entry_is_seen_cleaned_in_the_list_the_detail_pane_and_the_status_bar() {
    for (k, (name, raw)) in texts().iter().enumerate() {
        let app = on_comments(k);
        let screen = screen_of(&app);
        assert!(
            screen.contains(name),
            "{name} is not on the comments screen"
        );
        // The detail pane shows the start of the cleaned text: its plain words (emoji may
        // be drawn in a steadier form).
        let clean = sanitize(raw);
        let first_line: String = clean.lines().next().unwrap().chars().take(40).collect();
        let plain = first_line.split_whitespace().filter(|w| w.is_ascii());
        for word in plain.take(3) {
            assert!(screen.contains(word), "{name}: {word:?} not drawn");
        }
        let screen = screen_of(&on_replies(k));
        assert!(screen.contains(name), "{name} is not on the replies screen");
        let screen = screen_of(&on_error(k));
        assert!(screen.contains("code 777"), "{name}: the error is shown");
    }
}

#[test]
fn each_entry_the_library_finds_is_seen_cleaned_among_the_hits() {
    for (k, (name, _)) in texts().iter().enumerate() {
        let screen = screen_of(&library_hits(k));
        assert!(screen.contains(name), "{name} is not among the hits");
        assert!(screen.contains("in the library"), "{name}: the header");
    }
}

/// Regression: the input and the search prompt refused control characters typed as keys,
/// but not bidi overrides, zero-width or tag characters, which a terminal without
/// bracketed paste types out from a paste; the flags entry's tag characters reached the
/// terminal through the search prompt.
#[test]
fn invisible_characters_typed_as_keys_reach_neither_the_prompt_nor_the_input() {
    let typed = "ab\u{202e}\u{2066}\u{200b}\u{feff}\u{2060}\u{e0067}\u{2028}\u{ad}c";
    let mut app = on_comments(0);
    key(&mut app, KeyCode::Char('/'));
    for c in typed.chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let prompt = app.search.as_ref().and_then(|s| s.prompt.as_ref()).unwrap();
    assert_eq!(prompt.value(), "abc");
    screen_of(&app);
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('i'));
    for c in typed.chars() {
        key(&mut app, KeyCode::Char(c));
    }
    assert_eq!(app.input.value(), "abc");
    screen_of(&app);
}

#[test]
fn a_20_kb_paste_of_hostile_text_leaves_the_input_usable_and_sends_nothing() {
    let hostile = "\u{202e}\u{2066}\u{200b}\u{feff}\u{1b}]52;c;AAAA\u{7}\u{1b}[2J\u{9b}1m7";
    let paste = hostile.repeat(20_000 / hostile.len() + 1);
    assert!(paste.len() >= 20_000);
    let (mut app, commands) = App::new(Setup::default(), Rect::new(0, 0, 80, 24), NOW);
    assert!(commands.is_empty());
    let started = std::time::Instant::now();
    assert!(
        app.update(Msg::Paste(paste), NOW).is_empty(),
        "a paste sends nothing"
    );
    assert!(started.elapsed().as_secs() < 2, "a paste is not slow");
    let value = app.input.value().to_owned();
    assert!(value.chars().count() <= 2_000, "capped");
    assert!(value.chars().all(|c| c == '7'), "clean: {:?}", &value[..20]);
    screen_of(&app);
    // 2,000 digits are no comment ID: refused, with nothing sent.
    assert!(key(&mut app, KeyCode::Enter).is_empty(), "nothing is sent");
    assert!(app.input_error.is_some());
    screen_of(&app);
    // Still usable: cleared, typed into, and the screen draws what was typed.
    app.update(
        Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
        NOW,
    );
    for c in "v:42".chars() {
        assert!(key(&mut app, KeyCode::Char(c)).is_empty());
    }
    assert_eq!(app.input.value(), "v:42");
    assert!(screen_of(&app).contains("v:42"));
}
