//! A library that cannot be written during a run — a full disk, a read-only file, a
//! read-only folder for its WAL — never stops the reading: pages keep coming from the
//! network (counted at the mock server), and the status bar says once, in words, that the
//! library is not written and why, marks it while it lasts, and says when it is written
//! again.

use crate::api::{Client, ClientConfig, Token};
use crate::app::library::Access;
use crate::app::{Msg, Setup};
use crate::library::{FILE_NAME, Library, ListKey};
use crate::runtime::Session;
use crate::source::PageSource;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;
use wiremock::matchers::{path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const THREAD: &str = "7611524150996519591";
const REPLIES: u32 = 30;
const PER_PAGE: u32 = 10;

/// Page `page` of a thread of 30 distinct replies, 10 a page.
fn body(page: u32) -> serde_json::Value {
    let sample: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/get-video-sub-comment-v1.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let template = sample["data"]["comments"][0].clone();
    let first = (page - 1) * PER_PAGE + 1;
    let comments: Vec<serde_json::Value> = (first..first + PER_PAGE)
        .map(|n| {
            let mut reply = template.clone();
            reply["cid"] = format!("72515366756787{n:05}").into();
            reply["text"] = format!("reply {n} of the thread {}", noise(n)).into();
            reply["reply_id"] = THREAD.into();
            reply
        })
        .collect();
    let mut body = sample;
    body["data"]["comments"] = comments.into();
    body["data"]["has_more"] = u8::from(page * PER_PAGE < REPLIES).into();
    body["data"]["cursor"] = (page * PER_PAGE).into();
    body["data"]["total"] = REPLIES.into();
    body
}

/// 400 CJK characters that compress badly: a page's items and body then need new pages
/// of the file, as on a full disk, rather than fitting in room the file already has.
fn noise(seed: u32) -> String {
    let mut state = seed.wrapping_mul(2_654_435_761) | 1;
    (0..400)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            char::from_u32(0x4E00 + state % 0x5000).unwrap_or('字')
        })
        .collect()
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    for page in 1..=REPLIES / PER_PAGE {
        Mock::given(path(crate::api::REPLIES_PATH))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(body(page)))
            .mount(&server)
            .await;
    }
    server
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

fn open(file: &Path) -> Library {
    Library::open(file, Duration::from_secs(3600))
        .unwrap()
        .library
}

/// The reader on the thread, fetching through `library` from `server`.
async fn reader(library: &Library, server: &MockServer) -> Session {
    let setup = Setup {
        initial: Some(THREAD.into()),
        library: Access::Ready,
        ..Setup::default()
    };
    let source = api_source(library, server);
    let (mut session, _) = Session::with_clock(setup, Rect::new(0, 0, 80, 24), source, || 5);
    session.until_idle().await;
    session
}

/// Pages from `server`, kept in `library`.
fn api_source(library: &Library, server: &MockServer) -> PageSource {
    let client = Client::new(ClientConfig::new(
        server.uri(),
        Token::new("not-in-any-body").unwrap(),
    ))
    .unwrap();
    PageSource::Api {
        client,
        cache: Some(library.clone()),
    }
}

fn press(session: &mut Session, key: KeyCode) {
    session.update(Msg::Key(KeyEvent::from(key)));
}

fn loaded(session: &Session) -> usize {
    session.app.list().map_or(0, |list| list.view().loaded())
}

/// Goes to the bottom until the whole thread is loaded.
async fn read_to_the_end(session: &mut Session) {
    for _ in 0..10 {
        if loaded(session) == REPLIES as usize {
            return;
        }
        press(session, KeyCode::Char('G'));
        session.until_idle().await;
    }
    panic!("the thread did not load: {} replies", loaded(session));
}

/// `R` twice: every loaded page again, past the library.
async fn reload(session: &mut Session) {
    press(session, KeyCode::Char('R'));
    press(session, KeyCode::Char('R'));
    session.until_idle().await;
}

fn notice(session: &Session) -> String {
    session
        .app
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

/// The status bar's rows as the reader lays them out at 80 columns.
fn status(session: &Session) -> String {
    let status = session.app.status_text().expect("a message is shown");
    assert!(status.lines.len() <= 4, "{:?}", status.lines);
    let lines: Vec<&str> = status.lines.iter().map(|line| line.trim()).collect();
    lines.join(" ")
}

/// The items of the thread the library holds.
fn kept(library: &Library) -> usize {
    library.items(&ListKey::replies(THREAD)).unwrap().len()
}

/// Runs `test` on a thread of its own that may not write past file permissions, as a user
/// who is not root: capabilities are per thread on Linux, and the threads it starts (the
/// runtime's blocking pool, where the library is written) inherit the drop. Elsewhere the
/// drop changes nothing.
fn as_a_plain_user<F>(test: impl FnOnce() -> F + Send + 'static)
where
    F: std::future::Future<Output = ()>,
{
    let outcome = std::thread::spawn(move || {
        drop_permission_override();
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(test());
    })
    .join();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// Clears CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from this thread's effective set.
fn drop_permission_override() {
    #[repr(C)]
    struct Header {
        version: u32,
        pid: i32,
    }
    #[repr(C)]
    #[derive(Clone, Copy, Default)]
    struct Data {
        effective: u32,
        permitted: u32,
        inheritable: u32,
    }
    const VERSION_3: u32 = 0x2008_0522;
    const OVERRIDE: u32 = (1 << 1) | (1 << 2);
    let mut header = Header {
        version: VERSION_3,
        pid: 0,
    };
    let mut data = [Data::default(); 2];
    // SAFETY: the header and two data structs are what capget/capset take for version 3.
    let got = unsafe { libc::syscall(libc::SYS_capget, &mut header, data.as_mut_ptr()) };
    assert_eq!(got, 0, "capget");
    data[0].effective &= !OVERRIDE;
    // SAFETY: as above; pid 0 is this thread.
    let set = unsafe { libc::syscall(libc::SYS_capset, &header, data.as_ptr()) };
    assert_eq!(set, 0, "capset");
}

#[tokio::test]
async fn a_full_disk_is_said_once_reading_goes_on_and_room_again_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(FILE_NAME);
    let library = open(&file);
    library.pretend_disk_full(true);
    let server = server().await;

    let mut session = reader(&library, &server).await;
    assert!(loaded(&session) > 0, "the first page is shown");
    let said = status(&session);
    assert!(
        said.starts_with("Library not written: the disk is full ("),
        "{said}"
    );
    assert!(
        squashed(&said).contains(&squashed(&file.display().to_string())),
        "{said}"
    );
    assert!(
        said.contains("Reading goes on; nothing new is kept."),
        "{said}"
    );
    assert!(session.app.status_counts().contains("library full"));

    // Every other page comes from the network: the failure is not said again.
    press(&mut session, KeyCode::Char('j'));
    assert_eq!(notice(&session), "", "a key clears the message");
    read_to_the_end(&mut session).await;
    assert_eq!(requests(&server).await, 3, "each page was fetched once");
    assert!(
        !notice(&session).starts_with("Library"),
        "said once, not on every page: {}",
        notice(&session)
    );
    assert!(session.app.status_counts().contains("library full"));
    assert_eq!(kept(&library), 0, "nothing was written");

    // Room again: the next write goes through and clears the mark.
    library.pretend_disk_full(false);
    reload(&mut session).await;
    assert_eq!(requests(&server).await, 6);
    assert!(!session.app.status_counts().contains("library"));
    assert_eq!(kept(&library), REPLIES as usize);
    let stats = session.app.stats;
    assert_eq!((stats.sent, stats.billed), (6, 6));
}

#[test]
fn a_read_only_library_file_is_said_and_mending_it_is_seen() {
    as_a_plain_user(|| async {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE_NAME);
        let library = open(&file);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
        assert!(
            std::fs::OpenOptions::new().write(true).open(&file).is_err(),
            "the file is read-only to this test"
        );
        let server = server().await;

        let mut session = reader(&library, &server).await;
        let said = status(&session);
        assert!(
            said.starts_with("Library not written: the file or its folder is read-only ("),
            "{said}"
        );
        assert!(session.app.status_counts().contains("library read-only"));
        read_to_the_end(&mut session).await;
        assert_eq!(requests(&server).await, 3);
        assert_eq!(kept(&library), 0);

        // Writable again (the file and the -shm SQLite made beside it with the file's
        // mode): a connection that opened it read-only is not kept, so the next write
        // sees the change.
        for companion in ["", "-wal", "-shm"] {
            let path = format!("{}{companion}", file.display());
            if Path::new(&path).exists() {
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            }
        }
        reload(&mut session).await;
        assert_eq!(requests(&server).await, 6);
        assert_eq!(
            notice(&session),
            "Library written again: new pages are kept."
        );
        assert!(!session.app.status_counts().contains("library"));
        assert_eq!(kept(&library), REPLIES as usize);
    });
}

#[test]
fn a_read_only_folder_for_the_wal_is_said_and_reading_goes_on() {
    as_a_plain_user(|| async {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("library");
        let file = folder.join(FILE_NAME);
        let library = open(&file);
        // No connection is open, so the -wal and -shm files are gone, and none can be made.
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
        assert!(
            std::fs::File::create(folder.join("probe")).is_err(),
            "the folder is read-only to this test"
        );
        let server = server().await;

        let mut session = reader(&library, &server).await;
        let said = status(&session);
        assert!(
            said.starts_with("Library not written: the file or its folder is read-only ("),
            "{said}"
        );
        read_to_the_end(&mut session).await;
        assert_eq!(requests(&server).await, 3);
        assert_eq!(loaded(&session), REPLIES as usize);
        assert!(session.app.status_counts().contains("library read-only"));

        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(kept(&library), 0, "nothing was written");
    });
}

/// A library made by its first use (the reader's, after the first frame) in a folder that
/// cannot be written: the status bar says so at once, on the start screen, before any
/// page is fetched; reading a thread then goes on from the network.
#[test]
fn a_new_library_that_cannot_be_made_is_said_after_the_first_frame_and_reading_goes_on() {
    as_a_plain_user(|| async {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("data");
        std::fs::create_dir(&folder).unwrap();
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
        assert!(
            std::fs::File::create(folder.join("probe")).is_err(),
            "the folder is read-only to this test"
        );
        let file = folder.join("douyin-threads").join(FILE_NAME);
        let library = Library::open_later(&file, Duration::from_secs(3600), None)
            .expect("opening later writes nothing, so nothing fails yet")
            .library;
        let server = server().await;
        let source = api_source(&library, &server);
        let setup = Setup {
            library: Access::Ready,
            ..Setup::default()
        };
        let area = Rect::new(0, 0, 80, 24);
        let (mut session, _) = Session::before_first_frame(setup, area, source);
        assert!(session.app.notice.is_none());
        session.first_frame_drawn();
        session.until_idle().await;
        let said = status(&session);
        assert!(
            said.starts_with("Library not written: the file or its folder is read-only ("),
            "{said}"
        );
        assert!(session.app.status_counts().contains("library read-only"));
        assert_eq!(requests(&server).await, 0);

        session.update(Msg::Paste(THREAD.into()));
        session.update(Msg::Key(KeyEvent::from(KeyCode::Enter)));
        session.until_idle().await;
        read_to_the_end(&mut session).await;
        assert_eq!(requests(&server).await, 3);
        assert_eq!(loaded(&session), REPLIES as usize);
        assert!(session.app.status_counts().contains("library read-only"));
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(!file.exists(), "nothing was made");
    });
}

/// `text` without the spaces and line breaks wrapping put in.
fn squashed(text: &str) -> String {
    text.split_whitespace().collect()
}

mod words {
    use crate::app::{App, Msg, Notice, Setup};
    use crate::library::LibraryError;
    use ratatui::layout::Rect;
    use std::path::PathBuf;

    fn written(app: &mut App, result: Result<(), LibraryError>) {
        app.update(Msg::LibraryWritten { result }, 0);
    }

    fn full() -> Result<(), LibraryError> {
        Err(LibraryError::DiskFull {
            path: PathBuf::from("/data/library.sqlite3"),
        })
    }

    fn busy() -> Result<(), LibraryError> {
        Err(LibraryError::Busy {
            path: PathBuf::from("/data/library.sqlite3"),
        })
    }

    fn text(app: &App) -> Option<&str> {
        app.notice.as_ref().map(|n| n.text.as_str())
    }

    #[test]
    fn a_write_that_changes_nothing_keeps_the_draw_an_earlier_message_asked_for() {
        let (mut app, _) = App::new(Setup::default(), Rect::new(0, 0, 80, 24), 0);
        app.take_needs_draw();
        app.update(Msg::ApiCall { billed: true }, 0);
        written(&mut app, Ok(()));
        assert!(app.take_needs_draw(), "the new count is drawn");
        written(&mut app, Ok(()));
        assert!(!app.take_needs_draw(), "alone, it asks for no draw");
    }

    #[test]
    fn a_failure_is_said_once_again_when_its_reason_changes_and_a_success_ends_it() {
        let (mut app, _) = App::new(Setup::default(), Rect::new(0, 0, 80, 24), 0);
        written(&mut app, Ok(()));
        assert_eq!(text(&app), None, "a write that goes through says nothing");
        written(&mut app, full());
        assert_eq!(
            text(&app),
            Some(
                "Library not written: the disk is full (/data/library.sqlite3). Reading goes \
                 on; nothing new is kept."
            )
        );
        app.notice = None;
        written(&mut app, full());
        assert_eq!(text(&app), None, "the same failure is not said again");
        written(&mut app, busy());
        assert!(
            text(&app).is_some_and(|t| t.starts_with("Library not written: the library at")),
            "{:?}",
            text(&app)
        );
        assert!(app.status_counts().starts_with(" library failing · sent 0"));

        // A write goes through while another message is shown: the mark goes, the message
        // stays.
        let other = Notice {
            text: "Copied.".into(),
            is_error: false,
        };
        app.notice = Some(other.clone());
        written(&mut app, Ok(()));
        assert_eq!(app.notice, Some(other));
        assert_eq!(app.status_counts(), " sent 0 · billed 0 · cached 0 ");

        // Failing again after it went through is said again.
        written(&mut app, full());
        assert!(text(&app).is_some_and(|t| t.starts_with("Library not written: the disk")));
        written(&mut app, Ok(()));
        assert_eq!(
            text(&app),
            Some("Library written again: new pages are kept.")
        );
    }
}
