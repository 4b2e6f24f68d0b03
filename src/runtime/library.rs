//! The library's work for the reader — which items are bookmarked, `b`, the start screen's
//! rows, visits, titles — run on tokio's blocking pool, never on the event loop; each
//! answer comes back as a message.

use crate::app::Msg;
use crate::app::library::{Answer, Contents, Work};
use crate::library::Library;
use tokio::sync::mpsc::UnboundedSender;

/// Runs `work` against `library` on a blocking thread; the answer is sent as
/// [`Msg::Library`] with `req`.
pub fn spawn(library: Library, req: u64, work: Work, now: i64, tx: UnboundedSender<Msg>) {
    tokio::task::spawn_blocking(move || {
        let answer = run(&library, work, now);
        let _ = tx.send(Msg::Library { req, answer });
    });
}

/// Does `work`: blocking file I/O.
pub fn run(library: &Library, work: Work, now: i64) -> Answer {
    match work {
        Work::Bookmarked { list } => Answer::Bookmarked(library.bookmarked_in(&list)),
        Work::ToggleBookmark { list, cid } => {
            let result = library.toggle_bookmark(&list, &cid, now);
            Answer::Toggled { cid, result }
        }
        Work::Visit {
            list,
            loaded,
            selected,
        } => Answer::Visited(library.record_visit(&list, loaded, selected.as_deref(), now)),
        Work::VideoTitle { video, title } => {
            Answer::Titled(library.set_video_title(&video, &title, now))
        }
        Work::Comment { cid } => {
            let result = library.comment(&cid).map(|c| c.map(Box::new));
            Answer::Comment { cid, result }
        }
        Work::Contents { limit } => {
            Answer::Contents(library.recent_lists(limit).and_then(|recent| {
                Ok(Contents {
                    recent,
                    bookmarks: library.bookmarks()?,
                })
            }))
        }
    }
}

#[cfg(test)]
mod write_failures;

#[cfg(test)]
mod tests {
    use crate::app::library::Access;
    use crate::app::{Msg, Setup};
    use crate::library::{Library, ListKey};
    use crate::runtime::Session;
    use crate::source::PageSource;
    use crossterm::event::{KeyCode, KeyEvent};
    use ratatui::layout::Rect;
    use std::time::Duration;

    const THREAD: &str = "7611524150996519591";

    /// A library holding one page of the thread's replies (the whole thread).
    fn library_with_thread(dir: &std::path::Path) -> Library {
        let library = Library::open(dir.join(crate::library::FILE_NAME), Duration::MAX)
            .unwrap()
            .library;
        let sample = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/get-video-sub-comment-v1.json"
        ))
        .unwrap();
        let mut body: serde_json::Value = serde_json::from_slice(&sample).unwrap();
        body["data"]["has_more"] = 0.into();
        let checked = crate::api::Token::new("not-in-the-body")
            .unwrap()
            .check(serde_json::to_vec(&body).unwrap())
            .unwrap();
        let call = crate::api::Call::Replies {
            comment: crate::ids::CommentId::parse(THREAD).unwrap(),
            page: 1,
        };
        library.put("host", &call, &checked, 0).unwrap();
        library
    }

    async fn reader(library: &Library) -> Session {
        let setup = Setup {
            initial: Some(THREAD.into()),
            library: Access::Ready,
            ..Setup::default()
        };
        let source = PageSource::Offline {
            cache: library.clone(),
            host: "host".into(),
        };
        let (mut session, _) = Session::with_clock(setup, Rect::new(0, 0, 80, 24), source, || 5);
        session.until_idle().await;
        session
    }

    #[tokio::test]
    async fn b_bookmarks_in_the_library_file_and_the_next_reader_sees_the_mark() {
        let dir = tempfile::tempdir().unwrap();
        let library = library_with_thread(dir.path());
        let mut session = reader(&library).await;
        let cid = session
            .app
            .list()
            .unwrap()
            .selected_key()
            .unwrap()
            .to_owned();
        assert!(!session.app.library.is_bookmarked(&cid));

        session.update(Msg::Key(KeyEvent::from(KeyCode::Char('b'))));
        session.until_idle().await;
        assert!(session.app.library.is_bookmarked(&cid));
        let marks = library.bookmarks().unwrap();
        assert_eq!(marks.len(), 1);
        assert_eq!(marks[0].item.post().cid.as_ref(), cid);
        assert_eq!(marks[0].list, ListKey::replies(THREAD));

        // Another reader on the same file marks it as soon as the list opens.
        let again = reader(&library).await;
        assert!(again.app.library.is_bookmarked(&cid));

        // `b` again removes it, in the file too.
        session.update(Msg::Key(KeyEvent::from(KeyCode::Char('b'))));
        session.until_idle().await;
        assert!(!session.app.library.is_bookmarked(&cid));
        assert!(library.bookmarks().unwrap().is_empty());
    }
}
