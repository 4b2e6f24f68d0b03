//! The reader's side of the library: which items are bookmarked, and `b`; the start
//! screen's rows (recent lists, then bookmarks), moving among them and opening one where
//! the reader left it (through [`App::open_at`]); the visit written when a list is left;
//! a share text's title kept for its video. The library is read and written by the
//! runtime, off the event loop ([`Command::Library`]); its answers come back as
//! [`Msg::Library`](super::Msg::Library) and are applied here.

use super::view::{Role, ViewLine};
use super::{Action, App, Command, Fetching, Focus, Level, Mode, Notice};
use crate::api::{ApiError, Fetched, Origin, Page};
use crate::library::{
    Bookmark, Hit, LibraryError, ListKey, ListKind, RecentList, SearchQuery, WriteFailure,
};
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
    /// The reader left `list` with `loaded` items loaded and `selected` chosen: a visit.
    Visit {
        list: ListKey,
        loaded: u64,
        selected: Option<String>,
    },
    /// The start screen's rows: the `limit` lists read last, and every bookmark.
    Contents { limit: usize },
    /// A video's title, from the share text that led to it (already one clean line).
    VideoTitle { video: String, title: String },
    /// The top-level comment `cid`, to head its replies opened from the library.
    Comment { cid: String },
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
    /// A video's title was written (or not).
    Titled(Result<(), LibraryError>),
    /// The top-level comment asked for, when the library holds it.
    Comment {
        cid: String,
        result: Result<Option<Box<crate::api::Comment>>, LibraryError>,
    },
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
    /// The start screen's selected row, counting the recent lists, then the bookmarks.
    pub row: usize,
    /// Why the last write to the library failed, until one succeeds: the status bar says
    /// so while it lasts.
    pub not_written: Option<WriteFailure>,
    /// The notice that said it, to tell whether it is still the one shown.
    said_not_written: Option<String>,
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

    /// How many rows the start screen lists: recent lists and bookmarks.
    pub fn rows(&self) -> usize {
        self.contents
            .as_ref()
            .map_or(0, |c| c.recent.len() + c.bookmarks.len())
    }

    /// Where the start screen's row `row` leads: its list, the item to select there and how
    /// many items to load — a recent list where it was left, a bookmark on its item.
    pub fn destination(&self, row: usize) -> Option<(ListKey, Option<String>, u64)> {
        let contents = self.contents.as_ref()?;
        match contents.recent.get(row) {
            Some(recent) => Some((
                recent.list.clone(),
                recent.selected.clone(),
                recent.loaded_then.unwrap_or(0),
            )),
            None => {
                let mark = contents.bookmarks.get(row - contents.recent.len())?;
                Some((mark.list.clone(), Some(mark.item.post().cid.to_string()), 0))
            }
        }
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
            (Mode::Demo, _) => "the demo's own library could not be made (see the log)",
            (_, Fetching::NoToken { .. }) => "without a token the reader opens none",
            _ => "it could not be opened (`douyin-threads library` says why)",
        }
    }

    /// The start screen, with library rows to move into.
    pub(super) fn has_rows(&self) -> bool {
        self.list().is_none() && self.library.rows() > 0
    }

    /// `↓` or `Tab` from the input: into the library's rows, at the row last selected.
    pub(super) fn enter_rows(&mut self) {
        if !self.has_rows() {
            self.needs_draw = false;
            return;
        }
        self.library.row = self.library.row.min(self.library.rows() - 1);
        self.focus = Focus::Library;
        self.reveal_row();
    }

    /// A click on the start screen, `line` lines into the welcome pane: a library row is
    /// selected, and opened when it already was; `None` when no row is there.
    pub(super) fn click_row(&mut self, line: usize) -> Option<Vec<Command>> {
        let (lines, _, scroll) = self.welcome_view();
        let contents = self.library.contents.as_ref()?;
        let (recent, marks) = (contents.recent.len(), contents.bookmarks.len());
        let section = |n: usize| if n > 0 { n + 2 } else { 0 };
        let first = lines.len().saturating_sub(section(recent) + section(marks));
        let at = scroll + line;
        let row = match at.checked_sub(first) {
            Some(i) if recent > 0 && (2..recent + 2).contains(&i) => i - 2,
            Some(i) if marks > 0 => match i.checked_sub(section(recent) + 2) {
                Some(j) if j < marks => recent + j,
                _ => return None,
            },
            _ => return None,
        };
        if self.focus == Focus::Library && self.library.row == row {
            let (list, selected, loaded) = self.library.destination(row)?;
            return Some(self.open_at(list, selected, loaded));
        }
        self.library.row = row;
        self.focus = Focus::Library;
        self.reveal_row();
        Some(Vec::new())
    }

    /// Back to the input, with what was typed there as it was.
    pub(super) fn leave_rows(&mut self) {
        self.focus = Focus::Input;
    }

    /// A key in the start screen's rows; `None` for one that acts as anywhere else (help,
    /// quit, the next pane).
    pub(super) fn on_rows(&mut self, action: Action) -> Option<Vec<Command>> {
        let last = self.library.rows().saturating_sub(1);
        let row = self.library.row;
        match action {
            Action::Move(delta) if delta < 0 && row == 0 => self.leave_rows(),
            Action::Move(delta) => self.library.row = row.saturating_add_signed(delta).min(last),
            Action::Top => self.library.row = 0,
            Action::Bottom => self.library.row = last,
            Action::Back => self.leave_rows(),
            Action::Edit(edit) => {
                self.leave_rows();
                self.input_error = None;
                self.input.edit(edit);
            }
            Action::Open => {
                let (list, selected, loaded) = self.library.destination(row)?;
                return Some(self.open_at(list, selected, loaded));
            }
            _ => return None,
        }
        if self.focus == Focus::Library {
            self.reveal_row();
        }
        Some(Vec::new())
    }

    /// Scrolls the start screen so that the selected row, and its section's heading when
    /// it is the first, are in view.
    fn reveal_row(&mut self) {
        let (lines, rows, scroll) = self.welcome_view();
        let Some(at) = lines
            .iter()
            .position(|line| line.pieces.iter().any(|p| p.role == Role::Selected))
        else {
            return;
        };
        let first = usize::from(
            lines[at.saturating_sub(1)]
                .pieces
                .iter()
                .any(|p| p.role == Role::Strong),
        );
        self.welcome_scroll = if at < scroll + first {
            at.saturating_sub(first)
        } else if at >= scroll + rows {
            at + 1 - rows.max(1)
        } else {
            scroll
        };
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
        let req = self.next_req();
        self.library.reading = Some(req);
        vec![Command::Library {
            req,
            work: Work::Bookmarked { list },
        }]
    }

    /// Asks the library for the comment the replies on screen are under, when they were
    /// opened without it (from the library's rows): the header names its author, the
    /// detail pane quotes it, a conversation knows whom a reply that names no one answers.
    pub(super) fn read_head(&mut self) -> Vec<Command> {
        let headless = self
            .thread
            .as_ref()
            .filter(|t| t.about.is_none() && self.level == Level::Replies);
        let (Some(thread), Access::Ready) = (headless, self.library.access) else {
            return Vec::new();
        };
        let cid = thread.id.to_string();
        vec![Command::Library {
            req: self.next_req(),
            work: Work::Comment { cid },
        }]
    }

    /// Keeps the title a share text gave `video`, so that the library's lists (the start
    /// screen, the `videos` view) name the video rather than show its ID.
    pub(super) fn keep_title(
        &mut self,
        video: &crate::ids::VideoId,
        title: Option<&str>,
    ) -> Vec<Command> {
        let Some(title) = title.filter(|t| !t.trim().is_empty()) else {
            return Vec::new();
        };
        if self.library.access != Access::Ready {
            return Vec::new();
        }
        vec![Command::Library {
            req: self.next_req(),
            work: Work::VideoTitle {
                video: video.to_string(),
                title: title.to_owned(),
            },
        }]
    }

    /// The visit to the list on screen, as the reader leaves it (for another list, back up
    /// a level, or quitting): how many items were loaded and which was selected, so that
    /// the start screen reopens it there and counts what is new since.
    pub(super) fn leave_visit(&mut self) -> Vec<Command> {
        if self.library.access != Access::Ready {
            return Vec::new();
        }
        let (Some(list), Some(open)) = (self.list_key(), self.list()) else {
            return Vec::new();
        };
        let loaded = open.view().loaded() as u64;
        let selected = open.selected_key().map(str::to_owned);
        vec![Command::Library {
            req: self.next_req(),
            work: Work::Visit {
                list,
                loaded,
                selected,
            },
        }]
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

    /// A write to the library went through or failed. A failure is said once, in words,
    /// and again only when its reason changes or after a write went through; the status
    /// bar marks it until a write goes through. Reading goes on either way.
    pub(super) fn on_library_written(&mut self, result: Result<(), LibraryError>) {
        let said = self.library.said_not_written.take();
        match result {
            Ok(()) => {
                if self.library.not_written.take().is_none() {
                    self.needs_draw = false;
                    return;
                }
                // Only in place of the failure's own words, never over another message.
                if self.notice.is_none() || self.notice.as_ref().map(|n| &n.text) == said.as_ref() {
                    self.notice = Some(Notice {
                        text: "Library written again: new pages are kept.".into(),
                        is_error: false,
                    });
                }
            }
            Err(err) => {
                let kind = err.write_failure();
                if self.library.not_written == Some(kind) {
                    self.library.said_not_written = said;
                    self.needs_draw = false;
                    return;
                }
                self.library.not_written = Some(kind);
                let text = not_written_text(&err);
                self.library.said_not_written = Some(text.clone());
                self.notice = Some(Notice {
                    text,
                    is_error: true,
                });
            }
        }
    }

    /// The library's answer to request `req`; what to ask it next.
    pub(super) fn on_library(&mut self, req: u64, answer: Answer) -> Vec<Command> {
        match answer {
            // A page of a list, which asks for what follows.
            Answer::Found { page, result } => return self.on_found(req, page, result),
            Answer::Bookmarked(result) => {
                if self.library.reading != Some(req) {
                    return Vec::new();
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
                    return Vec::new();
                }
                self.library.reading_contents = None;
                match result {
                    Ok(contents) => self.library.contents = Some(contents),
                    Err(err) => tracing::warn!(error = %err, "library contents not read"),
                }
            }
            Answer::Visited(result) => {
                // A visit is small and may fit where a page does not: only its failure
                // tells something about the library.
                if let Err(err) = result {
                    tracing::warn!(error = %err, "visit not written");
                    self.on_library_written(Err(err));
                }
                if self.list().is_none() && !self.should_quit {
                    // Back on the start screen: its rows, with the list just left.
                    return self.read_contents();
                }
            }
            Answer::Titled(result) => {
                if let Err(err) = result {
                    tracing::warn!(error = %err, "video title not written");
                    self.on_library_written(Err(err));
                }
            }
            Answer::Comment { cid, result } => match result {
                // Only for the replies it was asked for, if they still have no head.
                Ok(Some(comment)) => {
                    if let Some(thread) = self
                        .thread
                        .as_mut()
                        .filter(|t| t.id.as_str() == cid && t.about.is_none())
                    {
                        thread.about = Some(*comment);
                        thread.reapply_lens();
                    }
                }
                Ok(None) => self.needs_draw = false,
                Err(err) => tracing::warn!(error = %err, "the replies' comment not read"),
            },
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
        Vec::new()
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
        self.after_page_shown(req, false)
    }
}

/// Why the library is not being written, for the status bar: the first words carry it.
fn not_written_text(err: &LibraryError) -> String {
    let path = err.path().display();
    let why = match err.write_failure() {
        WriteFailure::Full => format!("the disk is full ({path})"),
        WriteFailure::ReadOnly => format!("the file or its folder is read-only ({path})"),
        WriteFailure::Other => err.to_string(),
    };
    format!("Library not written: {why}. Reading goes on; nothing new is kept.")
}

/// The start screen's library rows, `width` cells wide: recent lists (title, loaded/total,
/// when last read, how many new since), then bookmarks. Nothing when the library is empty.
/// `selected` is the row marked as selected (counting the recent lists, then the
/// bookmarks), while the rows have the focus; `hint` (how to get into them, as mapped)
/// follows the first heading.
pub fn contents_lines(
    contents: &Contents,
    width: u16,
    now: i64,
    selected: Option<usize>,
    hint: Option<&str>,
) -> Vec<ViewLine> {
    let full = usize::from(width);
    let width = full.saturating_sub(4);
    let row = |text: &str, index: usize| match selected == Some(index) {
        true => {
            // Marked by the pointer as well as the colour, so it shows without colours.
            let mut text = format!("▶{}", cut(text, width).split_off(1));
            let pad = full.saturating_sub(crate::text::width(&text));
            text.push_str(&" ".repeat(pad));
            ViewLine::new(text, Role::Selected)
        }
        false => ViewLine::new(cut(text, width), Role::Plain),
    };
    let mut lines = Vec::new();
    let heading = |title: &str, first: bool| {
        let mut line = ViewLine::new(format!("  {title}"), Role::Strong);
        if let Some(hint) = hint.filter(|_| first) {
            let room = full.saturating_sub(crate::text::width(title) + 2);
            let hint = format!(" · {hint}");
            if crate::text::width(&hint) <= room {
                line.push(hint, Role::Dim);
            }
        }
        line
    };
    if !contents.recent.is_empty() {
        lines.push(ViewLine::blank());
        lines.push(heading("Recent lists", true));
        for (i, list) in contents.recent.iter().enumerate() {
            lines.push(row(&recent_row(list, now, width), i));
        }
    }
    if !contents.bookmarks.is_empty() {
        lines.push(ViewLine::blank());
        lines.push(heading("Bookmarks", contents.recent.is_empty()));
        for (i, mark) in contents.bookmarks.iter().enumerate() {
            let post = mark.item.post();
            let head = format!("★ {}: ", fit(&shown(&post.author.nickname), 16));
            let tail = format!(" · {}", crate::format::age_short(mark.at, now));
            let text = between(&head, &shown(&post.text), &tail, width);
            lines.push(row(&text, contents.recent.len() + i));
        }
    }
    lines
}

/// One recent list in `width` cells: "video 大理… · 40/117 · read 2h ago · 3 new". A long
/// title is cut, not the counts after it.
fn recent_row(list: &RecentList, now: i64, width: usize) -> String {
    let what = match list.list.kind {
        ListKind::Comments => "video ",
        ListKind::Replies => "replies ",
    };
    let title = list
        .title
        .as_deref()
        .map_or_else(|| list.list.key.clone(), shown);
    let mut tail = format!(" · {}", list.loaded);
    if let Some(total) = list.total {
        tail.push_str(&format!("/{total}"));
    }
    match list.last_read {
        Some(at) => tail.push_str(&format!(" · read {}", crate::format::age_long(at, now))),
        None => tail.push_str(" · never opened here"),
    }
    if list.new_since > 0 {
        tail.push_str(&format!(" · {} new", list.new_since));
    }
    between(what, &title, &tail, width)
}

/// `head`, `middle` and `tail` in `width` cells: the middle is cut to make room for the
/// others while it keeps a few cells (else the whole is cut at the end, by the caller).
fn between(head: &str, middle: &str, tail: &str, width: usize) -> String {
    let room = width.saturating_sub(crate::text::width(head) + crate::text::width(tail));
    match room >= 8 {
        true => format!("{head}{}{tail}", fit(middle, room)),
        false => format!("{head}{middle}{tail}"),
    }
}

/// `text` cut to `width` cells, with "…" when cut (`truncate` adds it).
fn fit(text: &str, width: usize) -> String {
    crate::text::truncate(text, width).0
}

/// Text read back from the library (sanitized as it was read), on one line.
fn shown(text: &str) -> String {
    crate::text::one_line(text).into_owned()
}

/// `text` indented and cut to `width` cells, with "…" when cut.
fn cut(text: &str, width: usize) -> String {
    format!("  {}", fit(text, width))
}
