//! Searching everything from the start screen: two threads read through the program's own
//! client from a mock API on 127.0.0.1 into a real library file; then a new session on
//! that file (a restart) searches with `/`, finds what `douyin-threads search` prints for
//! the same words, and opens a hit's thread on it with no request.

use super::support::{Home, REPLIES_PATH, TOKEN};
use crossterm::event::{KeyCode, KeyEvent};
use douyin_threads::api::{Client, ClientConfig, Token};
use douyin_threads::app::library::Access;
use douyin_threads::app::{Level, Msg, Setup};
use douyin_threads::library::Library;
use douyin_threads::paging::Paging;
use douyin_threads::runtime::Session;
use douyin_threads::source::PageSource;
use douyin_threads::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const NOW: i64 = 1_772_760_000;
/// 25 replies, 10 a page: one in three is about 大理.
const THREAD_A: &str = "7611524150996519591";
/// 12 replies, on two pages: one in two is about 大理.
const THREAD_B: &str = "7611524150996519592";
const PER_PAGE: usize = 10;

fn text_a(n: usize) -> String {
    match n % 3 {
        0 => format!("我也想去大理看看 A{n:02}"),
        1 => format!("洱海边的日落 A{n:02}"),
        _ => format!("Ｄａｌｉ trip notes A{n:02}"),
    }
}

fn text_b(n: usize) -> String {
    match n % 2 {
        0 => format!("大理的风很大 B{n:02}"),
        _ => format!("苍山雪 dali B{n:02}"),
    }
}

/// Page `page` (from 1) of a thread of `texts`, from the recorded sample's reply. Reply
/// `n` was written `n` minutes before [`NOW`] less the thread's offset, so the two threads
/// interleave in time.
fn page_body(thread: &str, texts: &[String], page: usize, offset: i64, cid_base: u64) -> Value {
    let sample: Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/get-video-sub-comment-v1.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let template = sample["data"]["comments"][0].clone();
    let pages = texts.len().div_ceil(PER_PAGE);
    let first = (page - 1) * PER_PAGE;
    let replies: Vec<Value> = texts
        .iter()
        .enumerate()
        .skip(first)
        .take(PER_PAGE)
        .map(|(n, text)| {
            let mut reply = template.clone();
            reply["cid"] = json!((cid_base + n as u64).to_string());
            reply["text"] = json!(text);
            reply["create_time"] = json!(NOW - 60 * n as i64 - offset);
            reply["digg_count"] = json!(n * 7);
            reply["user"]["nickname"] = json!(format!("游客{n:02}"));
            reply["reply_id"] = json!(thread);
            reply
        })
        .collect();
    let mut body = sample;
    body["data"]["comments"] = json!(replies);
    body["data"]["has_more"] = json!(u8::from(page < pages));
    body["data"]["cursor"] = json!(first + PER_PAGE);
    body["data"]["total"] = json!(texts.len());
    body
}

async fn mount(server: &MockServer, thread: &str, texts: &[String], offset: i64, base: u64) {
    for page in 1..=texts.len().div_ceil(PER_PAGE) {
        Mock::given(method("GET"))
            .and(path(REPLIES_PATH))
            .and(query_param("commentId", thread))
            .and(query_param("page", page.to_string()))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(page_body(thread, texts, page, offset, base)),
            )
            .mount(server)
            .await;
    }
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

fn open(file: &Path) -> Library {
    Library::open(file.to_path_buf(), Duration::from_secs(24 * 3600))
        .unwrap()
        .library
}

/// The reader on `library`, fetching from `server` through the program's own client.
fn session(library: &Library, server: &MockServer, initial: Option<&str>) -> Session {
    let client = Client::new(ClientConfig::new(server.uri(), Token::new(TOKEN).unwrap())).unwrap();
    let source = PageSource::Api {
        client,
        cache: Some(library.clone()),
    };
    let setup = Setup {
        initial: initial.map(str::to_owned),
        library: Access::Ready,
        ..Setup::default()
    };
    // The wall clock, as the program runs: the library stamps pages with it, and a page
    // counts as fresh from then on.
    Session::start(setup, Rect::new(0, 0, 80, 24), source).0
}

async fn press(session: &mut Session, code: KeyCode) {
    session.update(Msg::Key(KeyEvent::from(code)));
    session.until_idle().await;
}

async fn type_text(session: &mut Session, text: &str) {
    for c in text.chars() {
        press(session, KeyCode::Char(c)).await;
    }
}

/// Opens `thread` and reads it to its end.
async fn read_whole(library: &Library, server: &MockServer, thread: &str) {
    let mut reader = session(library, server, Some(thread));
    reader.until_idle().await;
    while !matches!(
        reader.app.list().unwrap().progress().paging(),
        Paging::End(_)
    ) {
        press(&mut reader, KeyCode::Char('G')).await;
    }
}

/// The cids `douyin-threads search` prints (as jsonl) for `text` in the library at `file`,
/// and how many lines its text output has.
fn searched_by_the_command(file: &Path, text: &str) -> (Vec<String>, usize) {
    let home = Home::new();
    let run = |format: &str| {
        let output = home
            .command()
            .arg("--library")
            .arg(file)
            .args(["search", text, "--limit", "1000", "--format", format])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let cids = run("jsonl")
        .lines()
        .map(|line| {
            let hit: Value = serde_json::from_str(line).unwrap();
            hit["cid"].as_str().unwrap().to_owned()
        })
        .collect();
    (cids, run("text").lines().count())
}

/// The cids of the hits on screen, every page of them.
fn hits_on_screen(session: &Session) -> Vec<String> {
    let found = session.app.found.as_ref().expect("the hits are open");
    found
        .list
        .items()
        .iter()
        .map(|hit| hit.item.post().cid.to_string())
        .collect()
}

/// The screen as it was at [`NOW`] (the replies' ages are counted from it).
fn draw(session: &Session) -> Terminal<TestBackend> {
    let mut app = session.app.clone();
    app.now = NOW;
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| ui::render(&app, frame)).unwrap();
    terminal
}

#[tokio::test(flavor = "multi_thread")]
async fn slash_finds_across_two_threads_what_search_prints_and_opens_a_hit_with_no_request() {
    let server = MockServer::start().await;
    let a: Vec<String> = (0..25).map(text_a).collect();
    let b: Vec<String> = (0..12).map(text_b).collect();
    mount(&server, THREAD_A, &a, 0, 7_611_600_000_000_000_000).await;
    mount(&server, THREAD_B, &b, 30, 7_611_700_000_000_000_000).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("library.sqlite3");
    {
        let library = open(&file);
        read_whole(&library, &server, THREAD_A).await;
        read_whole(&library, &server, THREAD_B).await;
    }
    let sent: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(sent.len(), 3 + 2, "each page once: {sent:?}");

    // A restart: the file opened again, the start screen with nothing typed. B's reply 2
    // was bookmarked meanwhile (by another reader).
    let library = open(&file);
    let b02 = (7_611_700_000_000_000_000u64 + 2).to_string();
    let thread_b = douyin_threads::library::ListKey::replies(THREAD_B);
    assert_eq!(
        library.toggle_bookmark(&thread_b, &b02, NOW),
        Ok(Some(true))
    );
    let mut reader = session(&library, &server, None);
    reader.until_idle().await;
    assert_eq!(reader.app.level, Level::Start);
    for words in ["大理", "去大理看", "dali", "ＤＡＬＩ"] {
        if reader.app.level != Level::Start {
            press(&mut reader, KeyCode::Esc).await;
        }
        // What was searched before is offered, selected: typing replaces it.
        press(&mut reader, KeyCode::Char('/')).await;
        type_text(&mut reader, words).await;
        press(&mut reader, KeyCode::Enter).await;
        assert_eq!(reader.app.level, Level::Found, "{words}");
        let (printed, lines) = searched_by_the_command(&file, words);
        assert!(!printed.is_empty(), "{words}");
        assert_eq!(hits_on_screen(&reader), printed, "{words}");
        assert_eq!(lines, printed.len(), "{words}: one line a hit");
    }
    // 大理 in both threads: 9 of A's, 6 of B's.
    press(&mut reader, KeyCode::Esc).await;
    press(&mut reader, KeyCode::Char('/')).await;
    type_text(&mut reader, "大理").await;
    press(&mut reader, KeyCode::Enter).await;
    assert_eq!(hits_on_screen(&reader).len(), 15);
    assert!(
        reader.app.library.is_bookmarked(&b02),
        "marked among the hits"
    );
    insta::assert_snapshot!("library_hits_80x24", draw(&reader).backend());

    // `b` on a hit bookmarks it in its own list.
    press(&mut reader, KeyCode::Char('j')).await;
    let second = reader
        .app
        .list()
        .unwrap()
        .selected_key()
        .unwrap()
        .to_owned();
    press(&mut reader, KeyCode::Char('b')).await;
    let marks: Vec<_> = library
        .bookmarks()
        .unwrap()
        .into_iter()
        .map(|mark| (mark.list.key, mark.item.post().cid.to_string()))
        .collect();
    assert!(
        marks.contains(&(THREAD_B.to_owned(), second.clone())),
        "{marks:?}"
    );
    assert!(reader.app.library.is_bookmarked(&second));

    // The oldest hit: A's reply 24, on the thread's third page.
    press(&mut reader, KeyCode::Char('G')).await;
    let hit = reader
        .app
        .list()
        .unwrap()
        .selected_key()
        .unwrap()
        .to_owned();
    assert_eq!(hit, (7_611_600_000_000_000_000u64 + 24).to_string());
    let before = requests(&server).await;
    press(&mut reader, KeyCode::Enter).await;
    assert_eq!(reader.app.level, Level::Replies);
    assert_eq!(reader.app.thread.as_ref().unwrap().id.as_str(), THREAD_A);
    assert_eq!(
        reader.app.list().unwrap().selected_key(),
        Some(hit.as_str()),
        "the hit is selected in its thread"
    );
    assert_eq!(
        reader.app.list().unwrap().view().loaded(),
        25,
        "three pages read"
    );
    let sent = server.received_requests().await.unwrap();
    let after: Vec<_> = sent[before..].iter().map(|r| r.url.to_string()).collect();
    assert_eq!(
        after,
        Vec::<String>::new(),
        "its pages came from the library"
    );
    assert_eq!(reader.app.stats.sent, 0, "the status bar counts no request");
}
