//! Reading power over the open list: search, filters and order, a conversation, jumping to
//! the reply a reply answers and back, new items, copying and opening links. None of it
//! fetches a page by itself, except a jump to a reply not loaded yet (each page once, at
//! most [`SEEK_PAGES`], visibly).

use super::input::InputField;
use super::keymap::{Action, Edit};
use super::lens::Conversation;
use super::open::{OpenList, Opened};
use super::{App, Command, Focus, Level, Notice};
use crate::api::{Delivered, Reply};
use crate::paging::{Paging, Replies};
use crate::text::Needle;

/// How many pages a jump to a reply not loaded yet may fetch looking for it.
pub const SEEK_PAGES: u32 = 20;

/// A search over the loaded items of the open list.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The prompt, while the term is being typed.
    pub prompt: Option<InputField>,
    pub needle: Needle,
    /// The rows that match, in row order.
    pub matches: Vec<usize>,
    /// How many items were searched.
    pub searched: usize,
    /// The prompt searches the whole library when Enter is pressed (from the start
    /// screen), rather than the open list's loaded items as it is typed.
    pub library: bool,
}

/// A jump to a reply that is not loaded yet: pages are read until it comes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seek {
    /// The thread instance it looks in.
    pub req: u64,
    pub cid: Box<str>,
    /// Whose reply it is, for "looking for @name's reply…".
    pub name: String,
    /// The reply it jumps from, to come back to with Ctrl-O.
    pub from: Option<Box<str>>,
    pub pages_left: u32,
}

impl Search {
    /// Where the selection stands among the matches: "3/17", or "17 matches".
    pub fn position(&self, selected_row: usize) -> String {
        match self.matches.iter().position(|&row| row == selected_row) {
            Some(at) => format!(
                "{}/{} {}",
                at + 1,
                self.matches.len(),
                crate::format::agreeing(self.matches.len() as u64, "match")
            ),
            None => crate::format::plural(self.matches.len() as u64, "match"),
        }
    }
}

impl App {
    /// `/`: the search prompt, on the current term if there is one.
    pub(super) fn open_search(&mut self) {
        let mut prompt = InputField::default();
        if let Some(search) = &self.search {
            prompt.set(search.needle.term());
        }
        let search = self.search.get_or_insert_with(Search::default);
        search.prompt = Some(prompt);
    }

    /// Typing in the prompt: the matches follow every key.
    pub(super) fn edit_search(&mut self, edit: Edit) {
        let Some(prompt) = self.search.as_mut().and_then(|s| s.prompt.as_mut()) else {
            return;
        };
        prompt.edit(edit);
        let term = prompt.value().to_owned();
        if let Some(search) = &mut self.search {
            search.needle = Needle::new(&term);
        }
        self.rematch_search();
    }

    /// Enter in the prompt: the first match from the selection on, wrapping round; or,
    /// for the library, what it finds.
    pub(super) fn finish_search(&mut self) -> Vec<Command> {
        let Some(search) = &mut self.search else {
            return Vec::new();
        };
        if search.library {
            return self.search_library();
        }
        search.prompt = None;
        if search.needle.is_empty() {
            self.search = None;
            return Vec::new();
        }
        self.step_match(0);
        Vec::new()
    }

    /// Esc in the prompt, or in the list with a search on: no search.
    pub(super) fn clear_search(&mut self) {
        self.search = None;
    }

    /// Finds the rows that match again: after the term, the items or the view changed.
    pub(super) fn rematch_search(&mut self) {
        let Some(needle) = self.search.as_ref().map(|s| s.needle.clone()) else {
            return;
        };
        let (matches, searched) = self.list().map_or((Vec::new(), 0), |list| {
            (list.matching_rows(&needle), list.view().loaded())
        });
        if let Some(search) = &mut self.search {
            search.matches = matches;
            search.searched = searched;
        }
    }

    /// `n` (`direction` 1), `N` (-1), or the first match from the selection on (0).
    pub(super) fn step_match(&mut self, direction: isize) {
        let Some(search) = &self.search else {
            let key = self.keymap.key_for(Action::Search);
            self.say(&format!("No search: {key} starts one."));
            return;
        };
        let Some(view) = self.list().map(OpenList::view) else {
            return;
        };
        let (rows, selected) = (view.rows(), view.selected());
        let target = match direction {
            0 => search.matches.iter().find(|&&r| r >= selected),
            d if d > 0 => search.matches.iter().find(|&&r| r > selected),
            _ => search.matches.iter().rev().find(|&&r| r < selected),
        }
        .or(match direction {
            d if d < 0 => search.matches.last(),
            _ => search.matches.first(),
        })
        .copied();
        match target {
            Some(row) if row < rows => self.select_row(row),
            _ => {
                let text = format!(
                    "No match for “{}” in the {} loaded (search fetches nothing).",
                    search.needle.term(),
                    search.searched
                );
                self.say(&text);
            }
        }
    }

    /// `f` and `s`: the next filter or order of the open list.
    pub(super) fn cycle_filter(&mut self) {
        if let Some(list) = self.list_mut() {
            let lens = list.lens_mut();
            lens.filter = lens.filter.next();
            list.reapply_lens();
        }
        self.after_view_change();
    }

    pub(super) fn cycle_order(&mut self) {
        if let Some(list) = self.list_mut() {
            let lens = list.lens_mut();
            lens.order = lens.order.next();
            list.reapply_lens();
        }
        self.after_view_change();
    }

    /// `c`: only the selected reply's author and the person they answer, in thread order.
    pub(super) fn show_conversation(&mut self) {
        let Some(thread) = self
            .thread
            .as_mut()
            .filter(|_| self.level == Level::Replies)
        else {
            self.say("A conversation is between replies: open a comment's replies first.");
            return;
        };
        let Some(reply) = thread.list.selected_item() else {
            return;
        };
        let head = thread.head();
        let other = answered(reply, thread.list.items()).or_else(|| {
            head.map(|h| {
                (
                    (*h.post.author.uid).into(),
                    (*h.post.author.nickname).into(),
                )
            })
        });
        let Some((other, other_name)) = other.filter(|(uid, _)| !uid.is_empty()) else {
            self.say("Cannot tell whom this reply answers, so there is no conversation to show.");
            return;
        };
        let one = (*reply.post.author.uid).into();
        let names = format!("@{} ↔ @{}", reply.post.author.nickname, other_name);
        thread.lens.conversation = Some(Conversation { one, other, names });
        thread.reapply_lens();
        self.after_view_change();
    }

    /// Whether Esc has a search or a conversation to clear before going back a level.
    pub(super) fn clear_reading_state(&mut self) -> bool {
        if self.search.take().is_some() {
            return true;
        }
        let Some(list) = self.list_mut() else {
            return false;
        };
        let lens = list.lens_mut();
        if lens.drill.take().is_none() && lens.conversation.take().is_none() {
            return false;
        }
        list.reapply_lens();
        self.after_view_change();
        true
    }

    /// `u`: the reply the selected one answers — selected if loaded, else read on for (each
    /// page once, at most [`SEEK_PAGES`]).
    pub(super) fn jump_to_replied(&mut self) -> Vec<Command> {
        let Some(thread) = self
            .thread
            .as_mut()
            .filter(|_| self.level == Level::Replies)
        else {
            return Vec::new();
        };
        let Some(reply) = thread.list.selected_item() else {
            return Vec::new();
        };
        let from: Box<str> = (*reply.post.cid).into();
        // A service may name the top-level comment itself as what a reply answers.
        let top = thread.id.as_str();
        let Some(cid) = reply
            .reply_to_cid()
            .filter(|cid| *cid != top)
            .map(Box::from)
        else {
            self.say("This reply answers the top-level comment itself.");
            return Vec::new();
        };
        let name = reply.reply_to_name().to_string();
        if let Some(index) = thread.list.pages.position(&cid) {
            reveal(thread, index);
            self.jumps.push(from);
            self.after_view_change();
            return Vec::new();
        }
        if matches!(thread.list.pages.paging(), Paging::End(_)) {
            self.say(&format!(
                "@{name}'s reply is not in this thread (Douyin hides some)."
            ));
            return Vec::new();
        }
        self.seek = Some(Seek {
            req: thread.req,
            cid,
            name: name.clone(),
            from: Some(from),
            pages_left: SEEK_PAGES,
        });
        self.say(&format!("Looking for @{name}'s reply in the next pages…"));
        self.seek_further()
    }

    /// After a page, or to start: select the reply sought if it came, else ask for the next
    /// page while any are left to read.
    pub(super) fn seek_further(&mut self) -> Vec<Command> {
        let Some(seek) = self.seek.clone() else {
            return Vec::new();
        };
        let Some(thread) = self.thread.as_mut().filter(|t| t.req == seek.req) else {
            self.seek = None;
            return Vec::new();
        };
        if let Some(index) = thread.list.pages.position(&seek.cid) {
            reveal(thread, index);
            self.seek = None;
            self.jumps.extend(seek.from);
            self.notice = None;
            self.after_view_change();
            return Vec::new();
        }
        let ended = matches!(thread.list.pages.paging(), Paging::End(_));
        if ended || seek.pages_left == 0 {
            self.seek = None;
            let why = if ended {
                "not in this thread (Douyin hides some)".to_owned()
            } else {
                let bottom = self.keymap.key_for(Action::Bottom);
                format!("not in the next {SEEK_PAGES} pages; {bottom} reads on")
            };
            self.say(&format!("@{}'s reply is {why}.", seek.name));
            return Vec::new();
        }
        let Some(page) = thread.list.pages.request_next() else {
            // A page is on its way (or failed: r retries it); the search goes on after it.
            return Vec::new();
        };
        if let Some(seek) = &mut self.seek {
            seek.pages_left -= 1;
        }
        vec![super::lifecycle::fetch(thread, page)]
    }

    /// `Ctrl-O`: back to where the last jump started.
    pub(super) fn jump_back(&mut self) {
        let Some(from) = self.jumps.pop() else {
            let jump = self.keymap.key_for(Action::JumpToReplied);
            self.say(&format!(
                "No jump to go back along: {jump} jumps to the reply a reply answers."
            ));
            return;
        };
        if let Some(thread) = &mut self.thread
            && let Some(index) = thread.list.pages.position(&from)
        {
            reveal(thread, index);
        }
        self.after_view_change();
    }

    /// `]` (`direction` 1) and `[` (-1): the next or previous item new since the last fetch.
    pub(super) fn step_new(&mut self, direction: isize) {
        let Some(list) = self.list() else { return };
        let rows = list.view().rows();
        if !list.knows_earlier() {
            let reload = self.keymap.key_for(Action::Reload);
            self.say(&format!(
                "Nothing is marked new: this list was not fetched before ({reload} fetches it again)."
            ));
            return;
        }
        let selected = list.view().selected();
        let found = match direction {
            d if d > 0 => (selected + 1..rows).find(|&row| list.is_new(row)),
            _ => (0..selected).rev().find(|&row| list.is_new(row)),
        };
        match found {
            Some(row) => self.select_row(row),
            None => {
                let count = (0..rows).filter(|&row| list.is_new(row)).count();
                let text = match count {
                    0 => "No item is new since the last fetch.".to_owned(),
                    n => format!("No more new items that way ({n} in all)."),
                };
                self.say(&text);
            }
        }
    }

    /// `y`: the selected item's text; `Y`: its author's profile link. Copied by the
    /// terminal (OSC 52), which works over SSH too.
    pub(super) fn copy(&mut self, link: bool) -> Vec<Command> {
        let Some(post) = self.selected_post() else {
            return Vec::new();
        };
        let (text, what) = match link {
            false => (post.text.to_string(), "the text"),
            true => match post.author.profile_url() {
                Some(url) => (url, "the profile link"),
                None => {
                    self.say("This author has no profile link (no sec_uid came with the post).");
                    return Vec::new();
                }
            },
        };
        self.say(&format!(
            "Copied {what} ({}) through the terminal (OSC 52; some terminals need it allowed).",
            crate::format::plural(text.chars().count() as u64, "character")
        ));
        vec![Command::Copy { text }]
    }

    /// `e`/`E`: every loaded item of the list shown (whatever the lens hides), to a file
    /// in the current directory named after the list's ID.
    pub(super) fn export(&mut self, csv: bool) -> Vec<Command> {
        let video = self.video.as_ref().map(|video| &video.id);
        let list = self
            .list()
            .filter(|list| list.view().loaded() > 0)
            .map(|list| list.saved(video));
        match list {
            Some(list) => vec![Command::Export { list, csv }],
            _ => {
                self.say("Nothing is loaded here yet, so there is nothing to write.");
                Vec::new()
            }
        }
    }

    /// `o`: the author's profile in the browser.
    pub(super) fn open_link(&mut self) -> Vec<Command> {
        let url = self.selected_post().and_then(|p| p.author.profile_url());
        match url {
            Some(url) => vec![Command::OpenUrl { url }],
            None => {
                self.say("This author has no profile link (no sec_uid came with the post).");
                Vec::new()
            }
        }
    }

    /// The post the detail pane shows.
    pub(super) fn selected_post(&self) -> Option<&crate::api::Post> {
        Some(self.detail_subject()?.post())
    }

    pub(super) fn select_row(&mut self, row: usize) {
        if let Some(list) = self.list_mut() {
            list.view_mut().select(row);
        }
        self.detail_scroll = 0;
        self.keep_in_view();
    }

    /// After the rows changed under the selection: matches, scroll and the list's focus.
    pub(super) fn after_view_change(&mut self) {
        self.rematch_search();
        self.detail_scroll = 0;
        if self.focus == Focus::Input {
            self.focus = Focus::List;
        }
        self.keep_in_view();
    }

    /// A message about something on its way ("Reloading…"): it goes when that arrives, while
    /// anything said since stays.
    pub(super) fn say_on_its_way(&mut self, text: String) {
        self.on_its_way = Some(text.clone());
        self.notice = Some(Notice {
            text,
            is_error: false,
        });
    }

    /// Whether the status bar shows the message of [`App::say_on_its_way`].
    pub(super) fn says_on_its_way(&self) -> bool {
        let shown = self.notice.as_ref().map(|n| &n.text);
        shown.is_some_and(|text| self.on_its_way.as_ref() == Some(text))
    }

    /// A message that is not an error.
    pub(super) fn say(&mut self, text: &str) {
        self.notice = Some(Notice {
            text: text.to_owned(),
            is_error: false,
        });
    }
}

/// Selects item `index`, showing the whole list if the lens hides it, so a jump lands.
fn reveal(thread: &mut Opened<Replies>, index: usize) {
    if !thread.list.view.select_item(index) {
        thread.lens = Default::default();
        thread.reapply_lens();
        thread.list.view.select_item(index);
    }
}

/// Whom `reply` answers, by UID and nickname: named in it, or the author of the reply it
/// answers when that is loaded.
fn answered(reply: &Reply, replies: &[Reply]) -> Option<(Box<str>, Box<str>)> {
    if !reply.reply_to_uid().is_empty() {
        return Some((reply.reply_to_uid().into(), reply.reply_to_name().into()));
    }
    let cid = reply.reply_to_cid()?;
    let to = replies.iter().find(|r| &*r.post.cid == cid)?;
    Some((
        (*to.post.author.uid).into(),
        (*to.post.author.nickname).into(),
    ))
}

/// A user's full profile, as far as it has come.
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileState {
    /// Asked for, as call instance `req`.
    Loading {
        req: u64,
    },
    Loaded(Box<crate::api::Profile>),
    Failed(crate::api::ApiError),
}

impl App {
    /// `P`: the selected author's full profile — one billed call per user, and never again
    /// this session (nor while the cache keeps it).
    pub(super) fn ask_profile(&mut self) -> Vec<Command> {
        let Some(post) = self.selected_post() else {
            return Vec::new();
        };
        let sec_uid: Box<str> = (*post.author.sec_uid).into();
        let name = post.author.nickname.to_string();
        if sec_uid.is_empty() {
            self.say("No profile can be asked for: no sec_uid came with this author.");
            return Vec::new();
        }
        match self.profiles.get(&sec_uid) {
            Some(ProfileState::Loaded(_)) => {
                self.say(&format!("@{name}'s full profile is in the detail pane."));
                return Vec::new();
            }
            Some(ProfileState::Loading { .. }) => {
                self.say(&format!("@{name}'s full profile is on its way."));
                return Vec::new();
            }
            Some(ProfileState::Failed(_)) | None => {}
        }
        if self.fetching != super::Fetching::Ready {
            return Vec::new();
        }
        let req = self.next_req();
        self.profiles
            .insert(sec_uid.clone(), ProfileState::Loading { req });
        self.say_on_its_way(format!(
            "Fetching @{name}'s full profile (one billed call)…"
        ));
        vec![Command::Fetch {
            req,
            call: crate::api::Call::Profile {
                sec_uid: sec_uid.to_string(),
            },
            skip_cache: false,
        }]
    }

    /// A profile's answer: kept for every post by that author.
    pub(super) fn on_profile(
        &mut self,
        sec_uid: &str,
        result: Result<Delivered, crate::api::ApiError>,
    ) {
        let state = match result.and_then(Delivered::take_profile) {
            Ok(profile) => ProfileState::Loaded(Box::new(profile)),
            Err(error) => ProfileState::Failed(error),
        };
        if let ProfileState::Failed(error) = &state {
            self.notice = Some(Notice {
                text: super::advice::worded(error, &super::advice::Again::profile(&self.keymap)),
                is_error: true,
            });
        } else if self.says_on_its_way() {
            self.notice = None;
        }
        self.profiles.insert(sec_uid.into(), state);
    }

    /// The full profile of the author of the post in the detail pane, as far as it came.
    pub fn selected_profile(&self) -> Option<&ProfileState> {
        let post = self.selected_post()?;
        self.profiles.get(&*post.author.sec_uid)
    }
}
