//! Opening a list where a reader was: the start screen's recent lists and bookmarks, and
//! any other place that names a list and an item in it (library-wide search), go through
//! ONE operation, [`App::open_at`].
//!
//! The list opens as any list does (from the shelf if it was left this session), and its
//! pages are asked for the usual way ([`Command::Fetch`]), so each is answered from the
//! library first, through the same `PageSource::answer` path as a page read by scrolling:
//! reopening a list whose pages are stored sends no request. Pages are read until as many
//! items are loaded as asked and the item asked for is among them, or the list ends; once
//! that count is reached, looking further for the item fetches at most [`SEEK_PAGES`] pages
//! from the network (pages from the library cost nothing and are not counted).

use super::reading::SEEK_PAGES;
use super::{Action, App, Command};
use crate::ids::{CommentId, VideoId};
use crate::library::{ListKey, ListKind};
use crate::paging::Paging;

/// A list being brought back to where a reader was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    /// The list instance it works on; another list on screen ends it.
    pub req: u64,
    /// Items to have loaded.
    pub loaded: usize,
    /// The item to select once it is loaded.
    pub selected: Option<Box<str>>,
    /// Pages the network may still be asked for while looking for `selected` past `loaded`.
    pub network_pages_left: u32,
}

impl App {
    /// Opens `list` with `loaded` items loaded and the item `selected` selected: where the
    /// reader left it (a recent list: the count and the item of the last visit), or on one
    /// item (a bookmark or a search hit: `loaded` 0 and the item's id).
    ///
    /// Pages are read until `loaded` items are there and `selected` is among them, or the
    /// list ends; every page is asked for with [`Command::Fetch`] and so is answered from the
    /// library while it holds it (0 requests). Past `loaded`, at most [`SEEK_PAGES`] pages
    /// come from the network looking for `selected`; then the reader is told and reads on.
    /// The returned commands are the fetches (and the library's work) to run;
    /// [`super::Msg::OpenAt`] does the same from outside `update`.
    pub fn open_at(
        &mut self,
        list: ListKey,
        selected: Option<String>,
        loaded: u64,
    ) -> Vec<Command> {
        // The input shows the list opened: an edit in progress there is over.
        self.input.end_edit();
        let skip_cache = self.skip_cache;
        let mut commands = match list.kind {
            ListKind::Comments => match VideoId::parse(&list.key) {
                Ok(id) => {
                    let title = self.library_title(&list);
                    self.open_video(id, title, skip_cache)
                }
                Err(err) => return self.refuse_list(&list, &err.to_string()),
            },
            ListKind::Replies => match CommentId::parse(&list.key) {
                Ok(id) => {
                    let mut commands = self.open_thread(id, None, skip_cache);
                    commands.extend(self.read_head());
                    commands
                }
                Err(err) => return self.refuse_list(&list, &err.to_string()),
            },
        };
        let Some(req) = self.list().map(|open| open.req()) else {
            return commands;
        };
        self.resume = Some(Resume {
            req,
            loaded: usize::try_from(loaded).unwrap_or(usize::MAX),
            selected: selected.map(String::into_boxed_str),
            network_pages_left: SEEK_PAGES,
        });
        commands.extend(self.resume_further());
        commands
    }

    /// A page of the list being resumed arrived (`from_network`: it was not the library's).
    pub(super) fn resumed_page(&mut self, req: u64, from_network: bool) -> Vec<Command> {
        let loaded = self.list().map_or(0, |l| l.view().loaded());
        let Some(resume) = self.resume.as_mut().filter(|r| r.req == req) else {
            return Vec::new();
        };
        if from_network && loaded > resume.loaded {
            resume.network_pages_left = resume.network_pages_left.saturating_sub(1);
        }
        self.resume_further()
    }

    /// Selects the item sought once it is loaded, and asks for the next page while the
    /// count is short or the item not found, the list goes on, and the pages allowed last.
    pub(super) fn resume_further(&mut self) -> Vec<Command> {
        let Some(resume) = self.resume.clone() else {
            return Vec::new();
        };
        let Some(list) = self.list_mut().filter(|l| l.req() == resume.req) else {
            self.resume = None;
            return Vec::new();
        };
        let found = match resume.selected.as_deref() {
            Some(cid) => list.reveal_key(cid),
            None => true,
        };
        let enough = list.view().loaded() >= resume.loaded;
        let ended = matches!(list.progress().paging(), Paging::End(_));
        let done = (found && enough) || ended || (enough && resume.network_pages_left == 0);
        let page = match done {
            true => None,
            // None while a page is on its way (or failed: r retries it), after which this
            // goes on.
            false => list.progress_mut().request_next(),
        };
        let command = page.map(|page| super::lifecycle::fetch(list, page));
        if found {
            self.after_view_change();
        }
        if done {
            self.resume = None;
            if !found {
                let why = match ended {
                    true => "is no longer in this list (Douyin hides some)".to_owned(),
                    false => format!(
                        "was not in the next {SEEK_PAGES} pages; {} reads on",
                        self.keymap.key_for(Action::Bottom)
                    ),
                };
                self.say(&format!("The item you were at {why}."));
            }
        }
        command.into_iter().collect()
    }

    /// The title the library's rows give `list`, if any.
    fn library_title(&self, list: &ListKey) -> Option<String> {
        let contents = self.library.contents.as_ref()?;
        contents
            .recent
            .iter()
            .find(|recent| recent.list == *list)
            .and_then(|recent| recent.title.clone())
    }

    fn refuse_list(&mut self, list: &ListKey, why: &str) -> Vec<Command> {
        self.notice = Some(super::Notice {
            text: format!("The library's list {} cannot be opened: {why}.", list.key),
            is_error: true,
        });
        Vec::new()
    }
}
