//! The reader's side of the library: which items are bookmarked, and `b`. The library is
//! read and written by the runtime, off the event loop ([`Command::Library`]); its answers
//! come back as [`Msg::Library`](super::Msg::Library) and are applied here.

use super::{App, Command, Fetching, Level, Mode, Notice};
use crate::library::{LibraryError, ListKey};
use std::collections::HashSet;

/// Whether the reader has a library to read and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Access {
    /// None is open: the demo, no data directory, a library that could not be opened.
    #[default]
    Absent,
    Ready,
}

/// What the runtime is asked to do with the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    /// The ids bookmarked in `list`, to mark them.
    Bookmarked { list: ListKey },
    /// Bookmark the item `cid` of `list`, or remove its bookmark.
    ToggleBookmark { list: ListKey, cid: String },
}

/// What the library answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Bookmarked(Result<Vec<String>, LibraryError>),
    /// Whether the item is bookmarked now; `None` when the library does not hold it.
    Toggled {
        cid: String,
        result: Result<Option<bool>, LibraryError>,
    },
}

/// What the reader knows of the library.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub access: Access,
    /// The ids of the bookmarked items among the lists opened (ids are unique across lists).
    pub bookmarked: HashSet<Box<str>>,
    /// The last read of a list's bookmarks: the only answer of that kind taken.
    reading: Option<u64>,
}

impl Library {
    pub fn new(access: Access) -> Library {
        Library {
            access,
            ..Library::default()
        }
    }

    pub fn is_bookmarked(&self, cid: &str) -> bool {
        self.bookmarked.contains(cid)
    }
}

impl App {
    /// The library's key of the list on screen.
    fn list_key(&self) -> Option<ListKey> {
        match self.level {
            Level::Comments => Some(ListKey::comments(self.video.as_ref()?.id.as_str())),
            Level::Replies => Some(ListKey::replies(self.thread.as_ref()?.id.as_str())),
        }
    }

    /// Asks which items of the list on screen are bookmarked, when there is a library.
    pub(super) fn read_bookmarks(&mut self) -> Vec<Command> {
        if self.library.access != Access::Ready {
            return Vec::new();
        }
        let Some(list) = self.list_key() else {
            return Vec::new();
        };
        let req = self.next_req();
        self.library.reading = Some(req);
        vec![Command::Library {
            req,
            work: Work::Bookmarked { list },
        }]
    }

    /// `b`: bookmarks the selected item, or removes its bookmark.
    pub(super) fn toggle_bookmark(&mut self) -> Vec<Command> {
        if self.library.access != Access::Ready {
            let why = match (self.mode, &self.fetching) {
                (Mode::Demo, _) => "the demo keeps no library",
                (_, Fetching::NoToken { .. }) => "without a token the reader opens none",
                _ => "it could not be opened (`douyin-threads library` says why)",
            };
            self.say(&format!(
                "Bookmarks need the library, and none is open: {why}."
            ));
            return Vec::new();
        }
        let cid = self
            .list()
            .and_then(|list| list.selected_key())
            .map(str::to_owned);
        let (Some(list), Some(cid)) = (self.list_key(), cid) else {
            self.say("Nothing is selected to bookmark.");
            return Vec::new();
        };
        let req = self.next_req();
        vec![Command::Library {
            req,
            work: Work::ToggleBookmark { list, cid },
        }]
    }

    /// The library's answer to request `req`.
    pub(super) fn on_library(&mut self, req: u64, answer: Answer) {
        match answer {
            Answer::Bookmarked(result) => {
                if self.library.reading != Some(req) {
                    return;
                }
                self.library.reading = None;
                match result {
                    Ok(cids) => self
                        .library
                        .bookmarked
                        .extend(cids.into_iter().map(String::into_boxed_str)),
                    Err(err) => tracing::warn!(error = %err, "bookmarks not read"),
                }
            }
            Answer::Toggled { cid, result } => match result {
                Ok(Some(true)) => {
                    self.library.bookmarked.insert(cid.into());
                    self.say("Bookmarked: it is listed on the start screen.");
                }
                Ok(Some(false)) => {
                    self.library.bookmarked.remove(cid.as_str());
                    self.say("Bookmark removed.");
                }
                Ok(None) => {
                    self.notice = Some(Notice {
                        text: "Not bookmarked: the library does not hold this item yet (it was \
                           not written, see the line at the top)."
                            .into(),
                        is_error: true,
                    })
                }
                Err(err) => {
                    self.notice = Some(Notice {
                        text: format!("Not bookmarked: {err}."),
                        is_error: true,
                    })
                }
            },
        }
    }
}
