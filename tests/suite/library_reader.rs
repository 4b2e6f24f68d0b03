//! The library in the reader: the start screen lists what the library holds (recent lists,
//! bookmarks), read off the loop from a real library file, and hostile text stays text there.

use super::hostile;
use crossterm::event::{KeyCode, KeyEvent};
use douyin_threads::api::{Call, Token};
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
