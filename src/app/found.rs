//! Searching the whole library from the start screen: `/` with nothing typed opens the
//! prompt, Enter lists what the library holds that matches — comments and replies of every
//! list, newest first — as one more list (kind [`Found`]), paged from the library's items
//! by the runtime off the event loop, never from the API. Enter on a hit opens its own list
//! on it; going back from there returns to the hits, and from the hits to the start screen,
//! where `/` offers the same words again.

use super::library::{Access, HITS_COUNTED};
use super::open::{Opened, Searched};
use super::reading::Search;
use super::view::{Role, ViewLine};
use super::{Action, App, Command, Focus, InputField, Level};
use crate::paging::Paging;
use crate::text::Needle;

impl App {
    /// The start screen, and not typing into the input: nothing typed there, or the focus
    /// elsewhere (a `/` typed into a link stays a character).
    pub(super) fn on_start_screen_unedited(&self) -> bool {
        let typing = self.focus == Focus::Input && !self.input.value().is_empty();
        self.level == Level::Start
            && !typing
            && self.search.is_none()
            && self.help.is_none()
            && self.insights.is_none()
    }

    /// The start screen's line on `/`, when there is a library to search.
    pub(super) fn library_search_hint(&self, width: u16) -> Vec<ViewLine> {
        if self.library.access != Access::Ready {
            return Vec::new();
        }
        let search = self.keymap.key_for(Action::Search);
        let text = format!(
            "{search} searches every comment and reply in the library (text and nickname, \
             Chinese too), with no request."
        );
        crate::text::wrap(&text, usize::from(width).saturating_sub(4))
            .into_iter()
            .map(|line| ViewLine::new(format!("  {line}"), Role::Dim))
            .collect()
    }

    /// `/` on the start screen: the prompt, holding what was searched last (selected, so
    /// typing replaces it).
    pub(super) fn open_library_search(&mut self) -> Vec<Command> {
        if self.library.access != Access::Ready {
            let why = self.no_library_why();
            self.say(&format!(
                "Searching the library needs one, and none is open: {why}."
            ));
            return Vec::new();
        }
        let mut prompt = InputField::default();
        prompt.set(&self.library.last_query);
        prompt.begin_edit();
        self.search = Some(Search {
            prompt: Some(prompt),
            needle: Needle::new(&self.library.last_query),
            library: true,
            ..Search::default()
        });
        Vec::new()
    }

    /// Enter in the library's prompt: the hits, as a list on screen; its first page is
    /// asked of the library.
    pub(super) fn search_library(&mut self) -> Vec<Command> {
        let term = self
            .search
            .take()
            .and_then(|search| search.prompt)
            .map(|prompt| prompt.value().trim().to_owned())
            .unwrap_or_default();
        if term.is_empty() {
            let search = self.keymap.key_for(Action::Search);
            self.say(&format!(
                "Nothing was searched: type a word or a name after {search}, then Enter."
            ));
            return Vec::new();
        }
        self.library.last_query = term.clone();
        let req = self.next_req();
        let about = Searched {
            needle: Needle::new(&term),
            library_empty: false,
        };
        self.found = Some(Opened::new(term, req, false, about));
        self.from_hits = false;
        self.show(Level::Found)
    }

    /// Enter on a hit: its list, opened on it (a reply's thread, a comment's video).
    pub(super) fn open_hit(&mut self) -> Vec<Command> {
        let Some(hit) = self.found.as_ref().and_then(|f| f.list.selected_item()) else {
            return Vec::new();
        };
        let (list, cid) = (hit.list.clone(), hit.item.post().cid.to_string());
        // Opened as the start screen reopens a bookmark: pages read until the item comes,
        // from the library first.
        let commands = self.open_at(list, Some(cid), 0);
        self.from_hits = self.level != Level::Found && self.list().is_some();
        commands
    }

    /// What the hits are of, for the header: "大理 · 37 hits in the library".
    pub fn hits_heading(&self) -> Option<String> {
        let found = self.found.as_ref()?;
        let term = crate::text::one_line(&found.id);
        let progress = found.list.pages.progress();
        Some(match progress.total() {
            None if matches!(progress.paging(), Paging::Failed { .. }) => {
                format!("{term} · the library could not be searched")
            }
            None => format!("{term} · searching the library…"),
            Some(n) if n >= HITS_COUNTED => format!(
                "{term} · {}+ hits in the library",
                crate::format::grouped(HITS_COUNTED)
            ),
            Some(n) => format!(
                "{term} · {} in the library",
                crate::format::plural(n, "hit")
            ),
        })
    }

    /// What the search finds is set apart in every row and in the detail pane: the list's
    /// own search, else the words the hits were found by.
    pub fn highlight(&self) -> Option<&Needle> {
        if let Some(search) = &self.search {
            return Some(&search.needle);
        }
        match self.level {
            Level::Found => Some(&self.found.as_ref()?.about.needle),
            _ => None,
        }
    }

    /// Whether going back from the list on screen returns to the hits it was opened from.
    pub(super) fn back_to_hits(&self) -> bool {
        self.from_hits && self.found.is_some()
    }

    /// From the hits to the start screen (its rows read again): the hits dropped, what was
    /// searched kept for `/`.
    pub(super) fn leave_hits(&mut self) -> Vec<Command> {
        self.found = None;
        self.from_hits = false;
        self.go_home()
    }
}
