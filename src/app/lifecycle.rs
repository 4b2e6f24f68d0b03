//! The lifecycle of a list: opened (from its first page, or from the shelf where it was
//! left), shelved when another takes the screen, paged as the reader goes, reloaded with `R`
//! `R`, and the answers that arrive for it, on screen or on the shelf. It is the same for
//! every kind of list: only opening names one.

use super::advice;
use super::open::{OpenList, Opened, Shown};
use super::{Action, App, Command, Fetching, Focus, Level, Mode, Notice, Resolving};
use crate::api::{ApiError, Call, Comment, Delivered, Origin};
use crate::ids::{CommentId, VideoId};
use crate::paging::{Answered, Ask, Comments, Paging, Replies};

impl App {
    /// A new id for a list instance (or a share link being resolved).
    pub(super) fn next_req(&mut self) -> u64 {
        let req = self.next_req;
        self.next_req += 1;
        req
    }

    /// Puts the open lists on the shelf, so they are found again as they were.
    fn shelve(&mut self, video_too: bool) {
        if let Some(thread) = self.thread.take() {
            self.shelf.put(Box::new(thread));
        }
        if video_too && let Some(video) = self.video.take() {
            self.shelf.put(Box::new(video));
        }
    }

    /// The list of kind `K` under `id`: where it was left if it was read before (and the
    /// cache is not to be skipped), else a new one that starts from the first page.
    fn reopen<K: Shown>(&mut self, id: K::Parent, skip_cache: bool, about: K::About) -> Opened<K> {
        match self.shelf.take::<K>(&id).filter(|_| !skip_cache) {
            Some(opened) => opened,
            None => {
                let req = self.next_req();
                Opened::new(id, req, skip_cache, about)
            }
        }
    }

    /// Opens the replies under comment `id`. `head` is the comment itself when it was
    /// opened from its video, which then stays one level up.
    pub(super) fn open_thread(
        &mut self,
        id: CommentId,
        head: Option<Comment>,
        skip_cache: bool,
    ) -> Vec<Command> {
        let mut commands = self.leave_visit();
        self.shelve(head.is_none());
        let mut thread = self.reopen::<Replies>(id, skip_cache, head.clone());
        thread.about = head.or(thread.about);
        self.input.set(thread.id.as_str());
        self.thread = Some(thread);
        self.jumps.clear();
        self.seek = None;
        commands.extend(self.show(Level::Replies));
        commands
    }

    /// Opens video `id`'s comments.
    pub(super) fn open_video(
        &mut self,
        id: VideoId,
        title: Option<String>,
        skip_cache: bool,
    ) -> Vec<Command> {
        let mut commands = self.leave_visit();
        self.shelve(true);
        let known = self
            .video_titles
            .iter()
            .find(|(video, _)| video == id.as_str())
            .map(|(_, title)| title.clone());
        // A share text's title (or the demo's) names the video in the library.
        commands.extend(self.keep_title(&id, title.as_deref().or(known.as_deref())));
        let mut video = self.reopen::<Comments>(id, skip_cache, title.clone().or(known));
        video.about = title.or(video.about);
        self.input.set(&format!("v:{}", video.id));
        self.video = Some(video);
        commands.extend(self.show(Level::Comments));
        commands
    }

    /// Puts `level` on screen with the list focused, and asks for what it needs.
    pub(super) fn show(&mut self, level: Level) -> Vec<Command> {
        // Insights are of the list they were opened on (a share link can resolve under them).
        self.insights = None;
        // Whatever list was being brought back, this one replaces it.
        self.resume = None;
        self.level = level;
        self.focus = Focus::List;
        self.detail_scroll = 0;
        self.rematch_search();
        let mut commands = self.fetch_if_due();
        commands.extend(self.read_bookmarks());
        commands
    }

    /// A share link is one billed call away from its video (once: the answer is cached for
    /// good).
    pub(super) fn resolve_share(&mut self, url: String, title: Option<String>) -> Vec<Command> {
        if let Some(error) = self.refused_links.get(&url).cloned() {
            // The service refused this very link already: asking again is refused again.
            self.refuse_link(
                &url,
                &error,
                " (refused earlier this session; nothing was sent)",
            );
            return Vec::new();
        }
        let req = self.next_req();
        self.resolving = Some(Resolving {
            req,
            url: url.clone(),
            title,
        });
        self.notice = Some(Notice {
            text: format!("Finding the video behind {url}…"),
            is_error: false,
        });
        vec![Command::Fetch {
            req,
            call: Call::Share { url },
            skip_cache: false,
        }]
    }

    /// From a comment's replies back to the video's comments, as they were; from a list
    /// opened on a search's hit back to the hits; from the hits to the start screen.
    pub(super) fn up_a_level(&mut self) -> Vec<Command> {
        if self.level == Level::Found {
            return self.leave_hits();
        }
        let to_video = self.level == Level::Replies && self.video.is_some();
        if !to_video && self.back_to_hits() {
            let visit = self.leave_visit();
            self.shelve(true);
            self.from_hits = false;
            self.level = Level::Found;
            self.detail_scroll = 0;
            self.rematch_search();
            return visit;
        }
        if !to_video {
            return self.go_home();
        }
        let visit = self.leave_visit();
        self.shelve(false);
        self.level = Level::Comments;
        self.detail_scroll = 0;
        self.rematch_search();
        if let Some(video) = &self.video {
            self.input.set(&format!("v:{}", video.id));
        }
        visit
    }

    /// From the top list back to the start screen: the input, and the library's rows
    /// (read again once the visit of the list left is written, so they count it). The
    /// lists go on the shelf, so opening one again finds it as it was.
    pub(super) fn go_home(&mut self) -> Vec<Command> {
        let commands = self.leave_visit();
        self.shelve(true);
        self.level = Level::Start;
        self.insights = None;
        self.resume = None;
        self.search = None;
        self.seek = None;
        self.jumps.clear();
        self.detail_scroll = 0;
        self.welcome_scroll = 0;
        self.library.row = 0;
        self.input.set("");
        self.input_error = None;
        self.focus = Focus::Input;
        self.input.begin_edit();
        if commands.is_empty() {
            // No visit to wait for.
            return self.read_contents();
        }
        commands
    }

    /// The first `R` asks; the second, pressed next, reloads. Every page it fetches again
    /// is billed, so one stray key must not do it. The demo and the cache have nothing new
    /// to give, so there `R` says so and fetches nothing.
    pub(super) fn ask_reload(&mut self) -> Vec<Command> {
        let Some(list) = self.list() else {
            return Vec::new();
        };
        if matches!(list.ask(1), Ask::Library(_)) {
            // Searching the library again costs nothing: no need to ask first.
            return self.reload();
        }
        let pages = list.progress().pages_loaded().max(1);
        let reload = self.keymap.key_for(Action::Reload);
        let text = match self.mode {
            Mode::Demo => format!(
                "Nothing was fetched: the demo data does not change. {reload} reloads from the API."
            ),
            Mode::Offline => {
                "Nothing was fetched: --offline reads only the cache. Run without it to reload."
                    .to_owned()
            }
            Mode::Api => {
                self.reload_armed = true;
                format!(
                    "{reload} again refetches {} from the API (each billed); other keys cancel.",
                    crate::format::plural(u64::from(pages), "page")
                )
            }
        };
        self.notice = Some(Notice {
            text,
            is_error: false,
        });
        Vec::new()
    }

    /// `R` `R`: the open list again from the API, skipping the cache, as many pages as were
    /// loaded. Every item stays on screen, and selected, until its fresh copy replaces it.
    pub(super) fn reload(&mut self) -> Vec<Command> {
        if self.fetching != Fetching::Ready {
            return Vec::new();
        }
        let req = self.next_req();
        let Some(list) = self.list_mut() else {
            return Vec::new();
        };
        list.reload(req);
        let text = match list.ask(1) {
            Ask::Api(call) => format!("Reloading from the API, skipping the cache: {call}…"),
            Ask::Library(_) => "Searching the library again…".to_owned(),
        };
        self.say_on_its_way(text);
        self.detail_scroll = 0;
        self.fetch_if_due()
    }

    pub(super) fn retry(&mut self) -> Vec<Command> {
        let Some(list) = self.list_mut() else {
            return Vec::new();
        };
        match list.progress_mut().retry() {
            Some(page) => vec![fetch(list, page)],
            None => {
                self.notice = Some(Notice {
                    text: "Nothing to retry: no page has failed.".into(),
                    is_error: false,
                });
                Vec::new()
            }
        }
    }

    /// Asks for the next page of the list on screen if it is due: the screen is not full,
    /// the selection nears the end, or a reload has pages to read again.
    pub(super) fn fetch_if_due(&mut self) -> Vec<Command> {
        let rows = usize::from(self.panes().list_inner().height);
        let Some(list) = self.list_mut() else {
            return Vec::new();
        };
        let commands = list
            .due_page(rows)
            .map(|page| fetch(list, page))
            .into_iter()
            .collect();
        self.keep_in_view();
        commands
    }

    pub(super) fn on_answer(
        &mut self,
        req: u64,
        call: Call,
        result: Result<Delivered, ApiError>,
    ) -> Vec<Command> {
        // Counted where it came from: a cached answer is read once per request, and API
        // calls arrive as `Msg::ApiCall`, one per HTTP request.
        let from_cache = matches!(
            &result,
            Ok(Delivered {
                origin: Origin::Cache { .. },
                ..
            })
        );
        self.stats.cache_pages += u64::from(from_cache);
        if self.resolving.as_ref().is_some_and(|r| r.req == req) {
            return self.on_share(result);
        }
        if let Call::Profile { sec_uid } = &call {
            self.on_profile(sec_uid, result);
            return Vec::new();
        }
        let Some(page) = call.page() else {
            self.needs_draw = from_cache;
            return Vec::new();
        };
        let on_screen = self.on_page(req, page, Answered::Api(result));
        if !on_screen {
            // A page for a list on the shelf changes nothing on screen but that count.
            self.needs_draw = from_cache;
            return Vec::new();
        }
        self.after_page_shown(req, !from_cache)
    }

    /// A page for list instance `req`, from wherever it was asked, applied to that list, on
    /// screen or on the shelf: whether it changed the list on screen.
    pub(super) fn on_page(&mut self, req: u64, page: u32, answer: Answered) -> bool {
        let on_screen = self.list().is_some_and(|l| l.req() == req);
        self.apply_page(req, page, answer) && on_screen
    }

    /// After a page of the list on screen (`req`) was applied: the search, the rest being
    /// loaded, a reply sought, a list being reopened where it was (`from_network`: the page
    /// was not the library's) and the next page due follow it.
    pub(super) fn after_page_shown(&mut self, req: u64, from_network: bool) -> Vec<Command> {
        self.rematch_search();
        if self.loads_rest_of(req) {
            return self.rest_page_arrived();
        }
        let mut commands = self.after_page();
        if self.seek.as_ref().is_some_and(|s| s.req == req) && commands.is_empty() {
            commands = self.seek_further();
        }
        commands.extend(self.resumed_page(req, from_network));
        commands
    }

    /// Applies a page to whichever list — on screen or on the shelf — asked for it.
    fn apply_page(&mut self, req: u64, page: u32, answer: Answered) -> bool {
        let open = [
            self.thread.as_mut().map(|t| t as &mut dyn OpenList),
            self.video.as_mut().map(|v| v as &mut dyn OpenList),
            self.found.as_mut().map(|f| f as &mut dyn OpenList),
        ];
        let list = open
            .into_iter()
            .flatten()
            .find(|list| list.req() == req)
            .or_else(|| self.shelf.find_mut(req));
        list.is_some_and(|list| list.apply(page, answer))
    }

    /// After a page of the list on screen arrived: say what failed, and ask for what is due
    /// next.
    fn after_page(&mut self) -> Vec<Command> {
        let Some(list) = self.list() else {
            return Vec::new();
        };
        let failed = match list.progress().paging() {
            Paging::Failed { error, .. } => {
                Some(advice::worded(error, &advice::Again::page(&self.keymap)))
            }
            _ => None,
        };
        match failed {
            Some(text) => {
                self.notice = Some(Notice {
                    text,
                    is_error: true,
                })
            }
            // "Reloading…" is done once a page is in; anything else said stays.
            None if self.says_on_its_way() => self.notice = None,
            None => {}
        }
        self.fetch_if_due()
    }

    /// The video a share link leads to: open its comments, or say why not.
    fn on_share(&mut self, result: Result<Delivered, ApiError>) -> Vec<Command> {
        let Some(resolving) = self.resolving.take() else {
            return Vec::new();
        };
        match result.and_then(Delivered::take_video) {
            Ok(video) => {
                self.notice = None;
                let skip_cache = self.skip_cache;
                self.open_video(video, resolving.title, skip_cache)
            }
            Err(error) => {
                if matches!(
                    error,
                    ApiError::InvalidParameters { .. } | ApiError::NotAVideo { .. }
                ) {
                    self.refused_links
                        .insert(resolving.url.clone(), error.clone());
                }
                self.refuse_link(&resolving.url, &error, "");
                Vec::new()
            }
        }
    }

    /// Says why `url` could not be opened. The focus leaves the input, so that the key that
    /// edits it (named as mapped) does that, rather than being typed into the link.
    /// Asked again, the advice (shown the first time) gives way, so that the whole message
    /// fits the status bar at 80 columns.
    fn refuse_link(&mut self, url: &str, error: &ApiError, earlier: &str) {
        let worded = match earlier.is_empty() {
            true => advice::worded(error, &advice::Again::resubmit(&self.keymap)),
            false => error.to_string(),
        };
        let mut text = format!("{url} could not be opened{earlier}. {worded}");
        if !error.remedy().retries() {
            let edit = self.keymap.key_for(Action::FocusInput);
            text.push_str(&format!(" {edit} edits the link."));
        }
        self.input_error = Some(text.clone());
        self.input.end_edit();
        self.focus = Focus::List;
        self.notice = Some(Notice {
            text,
            is_error: true,
        });
    }
}

/// The command that fetches page `page` of `list`: from the API (through the library's
/// page bodies), or from the library's items.
pub(super) fn fetch(list: &dyn OpenList, page: u32) -> Command {
    match list.ask(page) {
        Ask::Api(call) => Command::Fetch {
            req: list.req(),
            call,
            skip_cache: list.skip_cache(),
        },
        Ask::Library(query) => Command::Library {
            req: list.req(),
            work: super::library::Work::Search { page, query },
        },
    }
}
