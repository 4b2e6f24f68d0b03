//! The library in the reader: the start screen lists what the library holds (recent lists,
//! bookmarks), read off the loop from a real library file, and hostile text stays text there.

use super::hostile;
use super::support::{CID, MockThread, MockVideo, VIDEO as VIDEO_OF_SHARE, share_text};
use crossterm::event::{KeyCode, KeyEvent};
use douyin_threads::api::{Call, Client, ClientConfig, Token};
use douyin_threads::app::library::Access;
use douyin_threads::app::{App, Focus, Msg, Setup};
use douyin_threads::ids::{CommentId, VideoId};
use douyin_threads::library::{Library, ListKey};
use douyin_threads::runtime::Session;
use douyin_threads::source::PageSource;
use douyin_threads::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::path::Path;
use std::time::Duration;
use wiremock::MockServer;

const NOW: i64 = 1_772_760_000;
const THREAD: &str = "7611524150996519591";
const VIDEO: &str = "7300000000000000009";

fn open(dir: &Path) -> Library {
    Library::open(dir.join(douyin_threads::library::FILE_NAME), Duration::MAX)
        .unwrap()
        .library
}

fn put(library: &Library, call: &Call, body: Vec<u8>) {
    let checked = Token::new("not-in-any-body").unwrap().check(body).unwrap();
    library.put("host", call, &checked, NOW - 86_400).unwrap();
}

/// The reader with no argument on `library`, once the library's rows have come.
async fn start_screen(library: &Library) -> App {
    let setup = Setup {
        library: Access::Ready,
        ..Setup::default()
    };
    let source = PageSource::Offline {
        cache: library.clone(),
        host: "host".into(),
    };
    let (mut session, _) = Session::with_clock(setup, Rect::new(0, 0, 80, 24), source, || NOW);
    assert!(
        session.app.library.contents.is_none(),
        "the first frame does not wait for the library"
    );
    session.until_idle().await;
    session.app
}

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| ui::render(app, frame)).unwrap();
    terminal
}

#[tokio::test]
async fn the_start_screen_lists_recent_lists_then_bookmarks() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    let sample = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/get-video-sub-comment-v1.json"
    ))
    .unwrap();
    let mut body: serde_json::Value = serde_json::from_slice(&sample).unwrap();
    body["data"]["has_more"] = 0.into();
    let thread = Call::Replies {
        comment: CommentId::parse(THREAD).unwrap(),
        page: 1,
    };
    put(&library, &thread, serde_json::to_vec(&body).unwrap());
    let list = ListKey::replies(THREAD);
    let first = library.items(&list).unwrap()[0].post().cid.to_string();
    library
        .record_visit(&list, 1, Some(&first), NOW - 7_200)
        .unwrap();
    library.toggle_bookmark(&list, &first, NOW - 3_600).unwrap();

    let mut app = start_screen(&library).await;
    let contents = app.library.contents.as_ref().unwrap();
    assert_eq!(contents.recent.len(), 1);
    assert_eq!(contents.bookmarks.len(), 1);
    insta::assert_snapshot!("start_screen_with_a_library_80x24", draw(&app).backend());

    // Tab, then j: the bookmark is selected, marked, and the bar names the rows' keys.
    for code in [KeyCode::Tab, KeyCode::Char('j')] {
        app.update(Msg::Key(KeyEvent::from(code)), NOW);
    }
    assert_eq!(app.focus, Focus::Library);
    insta::assert_snapshot!("start_screen_rows_focused_80x24", draw(&app).backend());

    // Any size draws, and moving keeps working, down to a single cell.
    for (width, height) in [(1, 1), (10, 3), (20, 6), (40, 12), (200, 60)] {
        app.update(Msg::Resize { width, height }, NOW);
        for code in [KeyCode::Char('k'), KeyCode::Char('j'), KeyCode::Char('G')] {
            app.update(Msg::Key(KeyEvent::from(code)), NOW);
        }
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| ui::render(&app, frame)).unwrap();
    }
}

#[tokio::test]
async fn hostile_text_in_the_library_reaches_the_start_screen_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    let items = (0..hostile::texts().len())
        .map(|i| {
            let extra = serde_json::json!({"aweme_id": VIDEO, "reply_comment_total": 5});
            hostile::item(i, hostile::reply_cid(i), extra)
        })
        .collect();
    let video = Call::Comments {
        video: VideoId::parse(VIDEO).unwrap(),
        page: 1,
    };
    put(&library, &video, hostile::page_body(items));
    let list = ListKey::comments(VIDEO);
    for item in library.items(&list).unwrap() {
        let marked = library
            .toggle_bookmark(&list, &item.post().cid, NOW)
            .unwrap();
        assert_eq!(marked, Some(true));
    }
    library
        .set_video_title(VIDEO, hostile::texts()[0].1.as_str(), NOW)
        .unwrap();

    let app = start_screen(&library).await;
    let contents = app.library.contents.as_ref().unwrap();
    assert_eq!(contents.bookmarks.len(), hostile::texts().len());
    // Every row, scrolled through.
    let (lines, _, _) = app.welcome_view();
    let text: String = lines
        .iter()
        .flat_map(|line| line.pieces.iter().map(|p| p.text.as_str()))
        .collect();
    let control: Vec<char> = text.chars().filter(|c| c.is_control()).collect();
    assert_eq!(
        control,
        Vec::<char>::new(),
        "no control character in the library rows"
    );
    let terminal = draw(&app);
    for cell in terminal.backend().buffer().content() {
        assert!(!cell.symbol().chars().any(char::is_control), "{cell:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Reopening where the reader left, against a mock API on loopback.

/// A reader on `library`, fetching from `server`, opening `initial` (or the start screen),
/// on the wall clock (the library stamps items with it).
async fn reader(library: &Library, server: &MockServer, initial: Option<&str>) -> Session {
    let client = Client::new(ClientConfig::new(
        server.uri(),
        Token::new("a-token-in-no-body").unwrap(),
    ))
    .unwrap();
    let setup = Setup {
        initial: initial.map(str::to_owned),
        library: Access::Ready,
        ..Setup::default()
    };
    let source = PageSource::Api {
        client,
        cache: Some(library.clone()),
    };
    let (mut session, _) = Session::start(setup, Rect::new(0, 0, 80, 24), source);
    session.until_idle().await;
    session
}

async fn key(session: &mut Session, code: KeyCode) {
    session.update(Msg::Key(KeyEvent::from(code)));
    session.until_idle().await;
}

fn thread_of(session: &Session) -> (usize, Option<String>) {
    let list = &session.app.thread.as_ref().expect("a thread is open").list;
    (list.items().len(), list.selected_key().map(str::to_owned))
}

/// The id of reply `n` (from 1) of the mock thread.
fn mock_cid(n: u32) -> String {
    format!("72515366756787{n:05}")
}

#[tokio::test]
async fn tab_enter_reopens_a_list_where_the_reader_left_it_with_no_request() {
    let server = MockThread::serve(57).await;
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());

    // The first session reads three pages, selects the 25th reply, and quits.
    let mut first = reader(&library, &server, Some(CID)).await;
    while thread_of(&first).1 != Some(mock_cid(25)) {
        key(&mut first, KeyCode::Char('j')).await;
    }
    assert_eq!(thread_of(&first).0, 30);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    assert_eq!(
        library.items(&ListKey::replies(CID)).unwrap().len(),
        30,
        "{:?}",
        library.stats()
    );
    key(&mut first, KeyCode::Char('q')).await;
    assert!(first.app.should_quit);
    drop(first);

    // A new session on the same file: Tab, Enter.
    let library = open(dir.path());
    let mut second = reader(&library, &server, None).await;
    let recent = &second.app.library.contents.as_ref().unwrap().recent;
    assert_eq!(recent.len(), 1);
    assert_eq!(
        (recent[0].loaded_then, recent[0].new_since),
        (Some(30), 0),
        "the visit was written on quitting, with nothing new since"
    );
    key(&mut second, KeyCode::Tab).await;
    key(&mut second, KeyCode::Enter).await;
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        3,
        "every page came from the library"
    );
    assert_eq!(thread_of(&second), (30, Some(mock_cid(25))));
    assert_eq!(second.app.stats.cache_pages, 3);
}

#[tokio::test]
async fn new_since_counts_what_was_loaded_after_the_reader_left() {
    let thread = MockThread {
        replies: 57,
        per_page: 10,
    };
    let server = MockThread::serve(57).await;
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    let mut first = reader(&library, &server, Some(CID)).await;
    let loaded = thread_of(&first).0 as u64;
    key(&mut first, KeyCode::Char('q')).await;
    drop(first);
    // Another program (an export, say) loads the rest later on.
    let later = jiff::Timestamp::now().as_second() + 60;
    let host = douyin_threads::api::client::host_key_of(&server.uri());
    for page in (loaded as u32 / 10 + 1)..=thread.pages() {
        let call = Call::Replies {
            comment: CommentId::parse(CID).unwrap(),
            page,
        };
        let body = serde_json::to_vec(&thread.body(page)).unwrap();
        let checked = Token::new("not-in-any-body").unwrap().check(body).unwrap();
        library.put(&host, &call, &checked, later).unwrap();
    }
    let second = reader(&open(dir.path()), &server, None).await;
    let recent = &second.app.library.contents.as_ref().unwrap().recent[0];
    assert_eq!(recent.loaded_then, Some(loaded));
    assert_eq!(recent.new_since, 57 - loaded);
    let (lines, _, _) = second.app.welcome_view();
    let row = lines
        .iter()
        .map(|l| l.text())
        .find(|l| l.starts_with("  replies "))
        .unwrap();
    assert!(row.contains("57/57"), "{row}");
    assert!(row.ends_with(&format!("{} new", 57 - loaded)), "{row}");
}

#[tokio::test]
async fn a_bookmark_opens_its_list_on_that_item() {
    let server = MockThread::serve(57).await;
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    let mut first = reader(&library, &server, Some(CID)).await;
    while thread_of(&first).1 != Some(mock_cid(27)) {
        key(&mut first, KeyCode::Char('j')).await;
    }
    key(&mut first, KeyCode::Char('b')).await;
    assert!(first.app.library.is_bookmarked(&mock_cid(27)));
    // Back to the top before leaving: the visit says 1st, the bookmark 27th.
    key(&mut first, KeyCode::Char('g')).await;
    key(&mut first, KeyCode::Char('q')).await;
    drop(first);
    let sent = server.received_requests().await.unwrap().len();

    let mut second = reader(&open(dir.path()), &server, None).await;
    key(&mut second, KeyCode::Down).await;
    key(&mut second, KeyCode::Char('G')).await;
    key(&mut second, KeyCode::Enter).await;
    let (loaded, selected) = thread_of(&second);
    assert_eq!(selected, Some(mock_cid(27)));
    assert!(loaded >= 27, "{loaded}");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        sent,
        "the pages came from the library"
    );
}

#[tokio::test]
async fn a_share_texts_title_names_its_video_in_the_library() {
    let server = MockServer::start().await;
    MockVideo { comments: 30 }.mount(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    let mut first = reader(&library, &server, Some(&share_text())).await;
    assert_eq!(
        first.app.video.as_ref().map(|v| v.id.to_string()),
        Some(VIDEO_OF_SHARE.to_owned())
    );
    key(&mut first, KeyCode::Char('q')).await;
    drop(first);

    let conn =
        rusqlite::Connection::open(dir.path().join(douyin_threads::library::FILE_NAME)).unwrap();
    let title: Option<String> = conn
        .query_row(
            "SELECT title FROM videos WHERE video_id = ?1",
            [VIDEO_OF_SHARE],
            |row| row.get(0),
        )
        .unwrap();
    let title = title.expect("the share text's title was written");
    assert!(title.contains("测试视频的标题"), "{title}");
    assert!(
        !title.contains("https://"),
        "the text before the link: {title}"
    );

    let second = reader(&open(dir.path()), &server, None).await;
    let (lines, _, _) = second.app.welcome_view();
    assert!(
        lines
            .iter()
            .any(|l| l.text().starts_with(&format!("  video {title}"))),
        "the recent row names the video"
    );
}

#[tokio::test]
async fn replies_reopened_from_the_start_screen_are_headed_by_their_comment() {
    let server = MockServer::start().await;
    MockVideo { comments: 30 }.mount(&server).await;
    MockThread {
        replies: 12,
        per_page: 10,
    }
    .mount(&server)
    .await;
    let dir = tempfile::tempdir().unwrap();
    let mut first = reader(
        &open(dir.path()),
        &server,
        Some(&format!("v:{VIDEO_OF_SHARE}")),
    )
    .await;
    key(&mut first, KeyCode::Enter).await;
    let head = first.app.thread.as_ref().unwrap().head().cloned();
    assert_eq!(
        head.map(|c| c.post.text.to_string()),
        Some(MockVideo::text(1))
    );
    key(&mut first, KeyCode::Char('q')).await;
    drop(first);

    let mut second = reader(&open(dir.path()), &server, None).await;
    let recent = &second.app.library.contents.as_ref().unwrap().recent;
    let row = recent
        .iter()
        .position(|r| r.list.kind == douyin_threads::library::ListKind::Replies)
        .unwrap();
    key(&mut second, KeyCode::Tab).await;
    for _ in 0..row {
        key(&mut second, KeyCode::Char('j')).await;
    }
    key(&mut second, KeyCode::Enter).await;
    let thread = second.app.thread.as_ref().unwrap();
    assert_eq!(
        thread.head().map(|c| c.post.text.to_string()),
        Some(MockVideo::text(1)),
        "the comment, read from the library"
    );
}
