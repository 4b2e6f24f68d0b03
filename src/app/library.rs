//! The reader's side of the library: which items are bookmarked, and `b`. The library is
//! read and written by the runtime, off the event loop ([`Command::Library`]); its answers
//! come back as [`Msg::Library`](super::Msg::Library) and are applied here.

use super::view::{Role, ViewLine};
use super::{App, Command, Fetching, Level, Mode, Notice};
use crate::api::{ApiError, Fetched, Origin, Page};
use crate::library::{Bookmark, Hit, LibraryError, ListKey, ListKind, RecentList, SearchQuery};
use crate::paging::Answered;
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
    /// The reader has `list` open, with `loaded` items and `selected` chosen: a visit.
    Visit {
        list: ListKey,
        loaded: u64,
        selected: Option<String>,
    },
    /// The start screen's rows: the `limit` lists read last, and every bookmark.
    Contents { limit: usize },
    /// Page `page` of a search across the whole library (the query's limit and offset).
    Search { page: u32, query: SearchQuery },
}

/// A page of what a search of the library found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FoundPage {
    pub hits: Vec<Hit>,
    /// Whether another page may follow (this one is full).
    pub more: bool,
    /// How many items match in all, counted up to [`HITS_COUNTED`] (on the first page).
    pub total: Option<u64>,
    /// The library holds no item at all (told when nothing was found).
    pub library_empty: bool,
    /// The bookmarked items, to mark among the hits (with the first page).
    pub bookmarked: Vec<String>,
}

/// How far a search counts its hits: a word found more often is "100,000+ hits".
pub const HITS_COUNTED: u64 = 100_000;

/// What the start screen lists of the library.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Contents {
    /// The lists read last, the most recent first.
    pub recent: Vec<RecentList>,
    /// The newest first.
    pub bookmarks: Vec<Bookmark>,
}

/// How many recent lists the start screen asks for.
pub const RECENT_ROWS: usize = 20;

/// What the library answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Bookmarked(Result<Vec<String>, LibraryError>),
    Contents(Result<Contents, LibraryError>),
    /// A visit was written (or not: the reader goes on either way).
    Visited(Result<(), LibraryError>),
    /// Whether the item is bookmarked now; `None` when the library does not hold it.
    Toggled {
        cid: String,
        result: Result<Option<bool>, LibraryError>,
    },
    /// Page `page` of a search.
    Found {
        page: u32,
        result: Result<FoundPage, LibraryError>,
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
    /// What the start screen lists, once read.
    pub contents: Option<Contents>,
    /// The read of the contents in flight.
    reading_contents: Option<u64>,
    /// What was last searched for across the library: `/` offers it again.
    pub last_query: String,
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
    /// The library's key of the list on screen (a search's hits are no list of its).
    fn list_key(&self) -> Option<ListKey> {
        match self.level {
            Level::Comments => Some(ListKey::comments(self.video.as_ref()?.id.as_str())),
            Level::Replies => Some(ListKey::replies(self.thread.as_ref()?.id.as_str())),
            Level::Start | Level::Found => None,
        }
    }

    /// The list the selected item is in: the one on screen, or a hit's own.
    fn selected_list_key(&self) -> Option<ListKey> {
        match self.level {
            Level::Found => Some(self.found.as_ref()?.list.selected_item()?.list.clone()),
            _ => self.list_key(),
        }
    }

    /// Why there is no library, for a message that begins with what needs one.
    pub(super) fn no_library_why(&self) -> &'static str {
        match (self.mode, &self.fetching) {
            (Mode::Demo, _) => "the demo keeps no library",
            (_, Fetching::NoToken { .. }) => "without a token the reader opens none",
            _ => "it could not be opened (`douyin-threads library` says why)",
        }
    }

    /// Asks the library for the start screen's rows, when there is one.
    pub(super) fn read_contents(&mut self) -> Vec<Command> {
        if self.library.access != Access::Ready {
            return Vec::new();
        }
        let req = self.next_req();
        self.library.reading_contents = Some(req);
        vec![Command::Library {
            req,
            work: Work::Contents { limit: RECENT_ROWS },
        }]
    }

    /// Asks which items of the list on screen are bookmarked, when there is a library.
    pub(super) fn read_bookmarks(&mut self) -> Vec<Command> {
        if self.library.access != Access::Ready {
            return Vec::new();
        }
        let Some(list) = self.list_key() else {
            return Vec::new();
        };
        let (loaded, selected) = self.list().map_or((0, None), |open| {
            let loaded = open.view().loaded() as u64;
            (loaded, open.selected_key().map(str::to_owned))
        });
        let visit = Command::Library {
            req: self.next_req(),
            work: Work::Visit {
                list: list.clone(),
                loaded,
                selected,
            },
        };
        let req = self.next_req();
        self.library.reading = Some(req);
        vec![
            visit,
            Command::Library {
                req,
                work: Work::Bookmarked { list },
            },
        ]
    }

    /// `b`: bookmarks the selected item, or removes its bookmark.
    pub(super) fn toggle_bookmark(&mut self) -> Vec<Command> {
        if self.library.access != Access::Ready {
            let why = self.no_library_why();
            self.say(&format!(
                "Bookmarks need the library, and none is open: {why}."
            ));
            return Vec::new();
        }
        let cid = self
            .list()
            .and_then(|list| list.selected_key())
            .map(str::to_owned);
        let (Some(list), Some(cid)) = (self.selected_list_key(), cid) else {
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
            // A page of a list: `update` gives it to `on_found`, which asks for what follows.
            Answer::Found { .. } => {}
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
            Answer::Contents(result) => {
                if self.library.reading_contents != Some(req) {
                    return;
                }
                self.library.reading_contents = None;
                match result {
                    Ok(contents) => self.library.contents = Some(contents),
                    Err(err) => tracing::warn!(error = %err, "library contents not read"),
                }
            }
            Answer::Visited(result) => {
                if let Err(err) = result {
                    tracing::warn!(error = %err, "visit not written");
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

    /// A page of a search's hits: applied like any page, through the list's engine.
    pub(super) fn on_found(
        &mut self,
        req: u64,
        page: u32,
        result: Result<FoundPage, LibraryError>,
    ) -> Vec<Command> {
        let answer = match result {
            Ok(found) => {
                if let Some(list) = self.found.as_mut().filter(|f| f.req == req) {
                    list.about.library_empty = found.library_empty;
                }
                let marked = found.bookmarked.into_iter().map(String::into_boxed_str);
                self.library.bookmarked.extend(marked);
                Ok(Fetched {
                    page: Page {
                        items: found.hits,
                        has_more: found.more,
                        total: found.total,
                    },
                    origin: Origin::Library,
                })
            }
            Err(err) => Err(ApiError::Unavailable {
                reason: format!("The library could not be read: {err}."),
            }),
        };
        if !self.on_page(req, page, Answered::Library(answer)) {
            self.needs_draw = false;
            return Vec::new();
        }
        self.after_page_shown(req)
    }
}

/// The start screen's library rows, `width` cells wide: recent lists (title, loaded/total,
/// when last read, how many new since), then bookmarks. Nothing when the library is empty.
pub fn contents_lines(contents: &Contents, width: u16, now: i64) -> Vec<ViewLine> {
    let width = usize::from(width).saturating_sub(4);
    let mut lines = Vec::new();
    if !contents.recent.is_empty() {
        lines.push(ViewLine::blank());
        lines.push(ViewLine::new("  Recent lists", Role::Strong));
        for list in &contents.recent {
            lines.push(ViewLine::new(
                cut(&recent_row(list, now), width),
                Role::Plain,
            ));
        }
    }
    if !contents.bookmarks.is_empty() {
        lines.push(ViewLine::blank());
        lines.push(ViewLine::new("  Bookmarks", Role::Strong));
        for mark in &contents.bookmarks {
            let post = mark.item.post();
            let text = format!(
                "★ {}: {} · {}",
                shown(&post.author.nickname),
                shown(&post.text),
                crate::format::age_short(mark.at, now)
            );
            lines.push(ViewLine::new(cut(&text, width), Role::Plain));
        }
    }
    lines
}

/// One recent list: "video 大理… · 40/117 · read 2h ago · 3 new".
fn recent_row(list: &RecentList, now: i64) -> String {
    let what = match list.list.kind {
        ListKind::Comments => "video",
        ListKind::Replies => "replies",
    };
    let title = list
        .title
        .as_deref()
        .map_or_else(|| list.list.key.clone(), shown);
    let mut row = format!("{what} {title} · {}", list.loaded);
    if let Some(total) = list.total {
        row.push_str(&format!("/{total}"));
    }
    match list.last_read {
        Some(at) => row.push_str(&format!(" · read {}", crate::format::age_long(at, now))),
        None => row.push_str(" · never opened here"),
    }
    if list.new_since > 0 {
        row.push_str(&format!(" · {} new", list.new_since));
    }
    row
}

/// Text read back from the library (sanitized as it was read), on one line.
fn shown(text: &str) -> String {
    crate::text::one_line(text).into_owned()
}

/// `text` indented and cut to `width` cells, with "…" when cut.
fn cut(text: &str, width: usize) -> String {
    let (cut, used) = crate::text::truncate(text, width);
    let cut = if used < crate::text::width(text) {
        let (shorter, _) = crate::text::truncate(text, width.saturating_sub(1));
        format!("{shorter}…")
    } else {
        cut
    };
    format!("  {cut}")
}
