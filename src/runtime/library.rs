//! The library's work for the reader — which items are bookmarked, `b`, the start screen's
//! rows, visits, titles, search — run on tokio's blocking pool, never on the event loop,
//! one job at a time (`Session`'s librarian); each answer comes back as a message.

use crate::app::library::{Answer, Contents, FoundPage, HITS_COUNTED, Work};
use crate::library::Library;

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
        Work::Search { page, query } => Answer::Found {
            page,
            result: search(library, &query),
        },
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

/// A page of hits; the first also counts them all (up to [`HITS_COUNTED`]), and says
/// whether the library is empty when nothing was found.
fn search(
    library: &Library,
    query: &crate::library::SearchQuery,
) -> Result<FoundPage, crate::library::LibraryError> {
    let hits = library.search(query)?;
    let first = query.offset == 0;
    let total = match first {
        true if hits.len() < query.limit => Some(hits.len() as u64),
        true => Some(library.count(query, HITS_COUNTED)?),
        false => None,
    };
    Ok(FoundPage {
        more: query.limit > 0 && hits.len() == query.limit,
        library_empty: first && hits.is_empty() && library.is_empty()?,
        bookmarked: match first && !hits.is_empty() {
            true => library.bookmarked_cids()?,
            false => Vec::new(),
        },
        total,
        hits,
    })
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

    /// On the first run there is no library file: the reader's first frame does not wait
    /// for it to be made (a dozen `fsync`s); the first job after the frame makes it, and
    /// the start screen's rows are read from it.
    #[tokio::test]
    async fn a_new_library_is_made_after_the_first_frame_not_before() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("data").join(crate::library::FILE_NAME);
        let library = Library::open_later(&file, Duration::MAX, None)
            .unwrap()
            .library;
        let setup = Setup {
            library: Access::Ready,
            ..Setup::default()
        };
        let source = PageSource::Offline {
            cache: library,
            host: "host".into(),
        };
        let area = Rect::new(0, 0, 80, 24);
        let (mut session, _) = Session::before_first_frame(setup, area, source);
        assert!(!file.exists(), "nothing made before the first frame");

        session.first_frame_drawn();
        session.until_idle().await;
        assert!(file.exists());
        let contents = session.app.library.contents.as_ref().expect("rows read");
        assert!(contents.recent.is_empty() && contents.bookmarks.is_empty());
        assert!(session.app.notice.is_none(), "{:?}", session.app.notice);
    }

    /// The demo's first page is in memory: it is on screen before the session's library
    /// is even made (that waits for the first frame), and its items are written before the
    /// `b` pressed right after, which finds them.
    #[tokio::test]
    async fn the_demos_first_page_shows_before_its_library_exists_and_is_kept_before_b() {
        let scratch = Library::temporary(Duration::MAX).unwrap();
        let file = scratch.path().to_path_buf();
        let demo = crate::demo::DemoSource::bundled()
            .unwrap()
            .with_library(scratch.clone());
        let setup = Setup {
            initial: Some(THREAD.into()),
            library: Access::Ready,
            ..Setup::default()
        };
        let area = Rect::new(0, 0, 80, 24);
        let (mut session, _) = Session::before_first_frame(setup, area, PageSource::Demo(demo));
        let list = session.app.list().unwrap();
        assert_eq!(list.view().loaded(), 10, "the first page, at once");
        let cid = list.selected_key().unwrap().to_owned();
        assert!(!file.exists(), "nothing made before the first frame");

        session.first_frame_drawn();
        session.update(Msg::Key(KeyEvent::from(KeyCode::Char('b'))));
        session.until_idle().await;
        assert!(session.app.library.is_bookmarked(&cid));
        let marks = scratch.bookmarks().unwrap();
        assert_eq!(marks.len(), 1);
        assert_eq!(marks[0].item.post().cid.as_ref(), cid);
    }
}
