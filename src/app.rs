//! The application state and its pure `update`: messages in, commands out.
//!
//! No I/O happens here: no terminal, no network, no clock (the time comes with each call).
//! Every behaviour worth a test — lazy paging, stale results, focus, scrolling, what the
//! status bar counts — is tested on this type alone. What `update` needs to measure (the
//! layout, how many lines the detail pane or a footer take) is computed in this layer too,
//! and the ui only draws it.

pub mod detail;
mod input;
pub mod keymap;
pub mod layout;
pub mod lens;
mod open;
mod reading;
pub mod view;

pub use input::InputField;
pub use keymap::{Action, Context, Edit, Keymap};
pub use open::{Thread, Video};
pub use reading::{ProfileState, SEEK_PAGES, Search, Seek};

use crate::api::{ApiError, Call, Comment, Delivered, Origin, Reply, RetryNotice};
use crate::ids::{CommentId, VideoId};
use crate::paging::{PagedList, Paging};
use crate::target::{self, Target};
use crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use detail::Subject;
use layout::{LayoutHints, Panes};
use open::{Open, Restore, Shelf, Shelved};
use ratatui::layout::{Position, Rect};

/// Rows the mouse wheel moves.
const WHEEL_STEP: isize = 3;

/// Which pane takes the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Input,
    List,
    Detail,
}

/// Something that happened: a key, a mouse event, a paste, a resize, news from a task.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// The answer to `call`, for the list instance (or share link) `req`.
    Answer {
        req: u64,
        call: Call,
        result: Result<Delivered, ApiError>,
    },
    /// The client is waiting before it tries `call` again.
    Retrying {
        req: u64,
        call: Call,
        notice: RetryNotice,
    },
    /// One HTTP request to the API was answered (or failed); `billed` when it answered
    /// code 0, the only answers the vendor bills. Sent once per request, however many
    /// threads wait for its page.
    ApiCall {
        billed: bool,
    },
    /// What the runtime has to say about a command it ran (e.g. no browser was found).
    Said(Notice),
    /// The spinner's clock, sent only while something loads.
    Tick,
    /// SIGTERM, SIGHUP or the like: leave now.
    Quit,
}

/// Work for the runtime to do on the app's behalf.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Clear the terminal and draw everything again (Ctrl-L), for a terminal that
    /// disagrees with us about the width of some emoji and left fragments behind.
    Redraw,
    /// Put `text` on the clipboard, through the terminal (OSC 52).
    Copy { text: String },
    /// Open `url` in the browser; how it went comes back as [`Msg::Said`].
    OpenUrl { url: String },
    /// Write the loaded items of a list to a file in the current directory (CSV when
    /// `csv`); how it went comes back as [`Msg::Said`].
    Export { list: Saved, csv: bool },
    /// Ask the service (or the cache, or the demo); the answer comes back as
    /// [`Msg::Answer`] with the same `req`.
    Fetch { req: u64, call: Call, refresh: bool },
}

/// The loaded items of one list, handed out to be written to a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    /// A comment's replies; the video when the thread was opened from it.
    Replies {
        comment: CommentId,
        video: Option<VideoId>,
        replies: Vec<Reply>,
    },
    Comments {
        video: VideoId,
        comments: Vec<Comment>,
    },
}

/// Whether pages can be fetched at all, and if not, what the person should do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Fetching {
    #[default]
    Ready,
    /// No token and no demo: every load is refused with this explanation.
    NoToken { how_to: String },
}

/// Where pages come from, as far as messages to the person are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Just One API, with the cache in front.
    #[default]
    Api,
    /// The cache only (`--offline`).
    Offline,
    /// The bundled demo threads.
    Demo,
}

/// Something worth suggesting under the input (the demo's other videos).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// What to type to open it, e.g. "v:7612…".
    pub input: String,
    pub title: String,
}

/// Which list is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    /// A video's top-level comments.
    Comments,
    /// A comment's replies.
    #[default]
    Replies,
}

/// How the app starts.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    /// What the person passed to open first: anything the input accepts.
    pub initial: Option<String>,
    /// Titles of videos known in advance (the demo's), by video ID.
    pub video_titles: Vec<(String, String)>,
    pub fetching: Fetching,
    /// A line shown at the top, e.g. that the data is demo data.
    pub banner: Option<String>,
    pub suggestions: Vec<Suggestion>,
    /// Refetch even cached pages (`--refresh`).
    pub refresh: bool,
    pub mode: Mode,
    pub keymap: Keymap,
    /// Draw without colours (`NO_COLOR`): emphasis by bold, underline and reverse only.
    pub no_color: bool,
}

/// A message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

/// What this session cost, counted where it happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SessionStats {
    /// HTTP requests sent to the API, retries included.
    pub sent: u64,
    /// Of those, the answers with code 0: each one was billed.
    pub billed: u64,
    /// Pages read from the on-disk cache instead: free.
    pub cache_pages: u64,
}

/// A share link being resolved into the video it leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolving {
    pub req: u64,
    pub url: String,
    /// The title the share text carried.
    pub title: Option<String>,
}

/// Everything the screen shows.
#[derive(Debug, Clone)]
pub struct App {
    pub focus: Focus,
    pub input: InputField,
    /// Why the last submitted input was refused.
    pub input_error: Option<String>,
    /// The video whose comments are open, if one is.
    pub video: Option<Video>,
    /// The thread whose replies are open, if one is.
    pub thread: Option<Thread>,
    /// Which of the two is on screen.
    pub level: Level,
    /// A share link on its way to becoming a video.
    pub resolving: Option<Resolving>,
    /// The search over the open list, if any.
    pub search: Option<Search>,
    /// Where the jumps (`u`) started, to go back along with Ctrl-O.
    jumps: Vec<Box<str>>,
    /// A reply being looked for in the next pages.
    pub seek: Option<Seek>,
    /// Full profiles asked for with `P`, by `sec_uid`.
    profiles: std::collections::HashMap<Box<str>, ProfileState>,
    pub detail_scroll: usize,
    /// The help overlay is open, scrolled this many lines.
    pub help: Option<usize>,
    pub notice: Option<Notice>,
    pub stats: SessionStats,
    pub spinner: usize,
    pub fetching: Fetching,
    pub banner: Option<String>,
    pub suggestions: Vec<Suggestion>,
    pub keymap: Keymap,
    /// Draw without colours (`NO_COLOR`).
    pub no_color: bool,
    /// Unix seconds at the last update, for relative times.
    pub now: i64,
    pub size: Rect,
    pub should_quit: bool,
    pub mode: Mode,
    refresh_all: bool,
    next_req: u64,
    /// `R` was pressed once; the next `R` reloads.
    reload_armed: bool,
    /// The lists left for another, kept where they were.
    shelf: Shelf,
    video_titles: Vec<(String, String)>,
    /// Something on screen changed since the last draw.
    needs_draw: bool,
}

impl App {
    /// A new app and the commands to run first (loading the thread given on the command line).
    pub fn new(setup: Setup, size: Rect, now: i64) -> (App, Vec<Command>) {
        let mut app = App {
            focus: Focus::Input,
            input: InputField::default(),
            input_error: None,
            video: None,
            thread: None,
            level: Level::default(),
            resolving: None,
            search: None,
            jumps: Vec::new(),
            seek: None,
            profiles: std::collections::HashMap::new(),
            detail_scroll: 0,
            help: None,
            notice: None,
            stats: SessionStats::default(),
            spinner: 0,
            fetching: setup.fetching,
            banner: setup.banner,
            suggestions: setup.suggestions,
            keymap: setup.keymap,
            no_color: setup.no_color,
            now,
            size,
            should_quit: false,
            mode: setup.mode,
            reload_armed: false,
            refresh_all: setup.refresh,
            next_req: 1,
            shelf: Shelf::default(),
            video_titles: setup.video_titles,
            needs_draw: true,
        };
        if matches!(app.fetching, Fetching::NoToken { .. }) {
            app.notice = Some(no_token_notice());
        }
        let commands = match setup.initial {
            Some(initial) => {
                app.input.set(initial.trim());
                app.submit()
            }
            None => Vec::new(),
        };
        (app, commands)
    }

    pub fn panes(&self) -> Panes {
        Panes::new(
            self.size,
            LayoutHints {
                suggestions: !self.suggestions.is_empty(),
                detail_focused: self.focus == Focus::Detail,
            },
        )
    }

    /// Whether the screen must be drawn again, and forget it: the runtime draws on change.
    pub fn take_needs_draw(&mut self) -> bool {
        std::mem::take(&mut self.needs_draw)
    }

    /// Where keys go now: the help overlay when it is open, else the focused pane.
    pub fn context(&self) -> Context {
        let prompt = self.search.as_ref().is_some_and(|s| s.prompt.is_some());
        match (self.help, prompt) {
            (Some(_), _) => Context::Help,
            (None, true) => Context::Search,
            (None, false) => Context::Pane(self.focus),
        }
    }

    /// The list on screen, whatever it holds.
    fn open(&self) -> Option<&dyn Open> {
        match self.level {
            Level::Comments => self.video.as_ref().map(|v| v as &dyn Open),
            Level::Replies => self.thread.as_ref().map(|t| t as &dyn Open),
        }
    }

    fn open_mut(&mut self) -> Option<&mut dyn Open> {
        match self.level {
            Level::Comments => self.video.as_mut().map(|v| v as &mut dyn Open),
            Level::Replies => self.thread.as_mut().map(|t| t as &mut dyn Open),
        }
    }

    /// The paged list on screen, for the ui's title and footer.
    pub fn list(&self) -> Option<&dyn PagedList> {
        self.open().map(Open::list)
    }

    /// The open list's filter, order or conversation, in words, when it has one.
    pub fn lens_description(&self) -> Option<String> {
        self.open()?.lens().describe()
    }

    /// What the list on screen holds, in words.
    pub fn noun(&self) -> view::Noun {
        self.open().map_or(view::REPLIES, Open::noun)
    }

    /// What the detail pane shows, if anything.
    pub fn detail_subject(&self) -> Option<Subject<'_>> {
        match self.level {
            Level::Comments => self
                .video
                .as_ref()?
                .comments
                .selected_item()
                .map(Subject::Comment),
            Level::Replies => {
                let thread = self.thread.as_ref()?;
                let reply = thread.replies.selected_item()?;
                Some(Subject::Reply {
                    reply,
                    top_comment: thread.head.as_ref().map(|c| &*c.post.text),
                })
            }
        }
    }

    /// What the detail pane shows beside its subject: search marks, the full profile, new.
    pub fn detail_extras(&self) -> detail::Extras<'_> {
        let list = self.list();
        detail::Extras {
            needle: self.search.as_ref().map(|s| &s.needle),
            profile: self.selected_profile(),
            is_new: list.is_some_and(|l| l.is_new(l.selected())),
        }
    }

    /// Something is on its way: the spinner turns.
    pub fn is_loading(&self) -> bool {
        let profile = || {
            self.profiles
                .values()
                .any(|p| matches!(p, ProfileState::Loading { .. }))
        };
        self.resolving.is_some() || self.open().is_some_and(|o| o.list().is_loading()) || profile()
    }

    /// The title of the open video, when known.
    pub fn video_title(&self) -> Option<&str> {
        self.video.as_ref()?.title.as_deref()
    }

    /// The help overlay's lines and the rows it has for them.
    pub fn help_view(&self) -> (Vec<view::ViewLine>, Rect) {
        let inner_width = layout::help_width(self.size).saturating_sub(2);
        let lines = view::help_lines(&self.keymap, self.focus, inner_width);
        let area = layout::help_area(self.size, lines.len());
        (lines, area)
    }

    /// Applies one message; returns the work it asks for.
    pub fn update(&mut self, msg: Msg, now: i64) -> Vec<Command> {
        self.now = now;
        // Most messages change what is shown; the ones that do not say so below.
        self.needs_draw = true;
        match msg {
            Msg::Key(key) => self.on_key(key),
            Msg::Mouse(mouse) => self.on_mouse(mouse),
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Resize { width, height } => {
                self.size = Rect::new(0, 0, width, height);
                self.clamp_help_scroll();
                // A taller list may have room for replies not loaded yet.
                self.fetch_if_due()
            }
            Msg::Answer { req, call, result } => self.on_answer(req, call, result),
            Msg::Retrying { req, call, notice } => {
                let noted = match (self.open_mut(), call.page()) {
                    (Some(open), Some(page)) if open.req() == req => {
                        open.list_mut().note_retry(page, notice, now)
                    }
                    _ => false,
                };
                self.needs_draw = noted;
                Vec::new()
            }
            Msg::ApiCall { billed } => {
                self.stats.sent += 1;
                self.stats.billed += u64::from(billed);
                Vec::new()
            }
            Msg::Said(notice) => {
                self.notice = Some(notice);
                Vec::new()
            }
            Msg::Tick => {
                self.spinner = self.spinner.wrapping_add(1);
                self.needs_draw = self.is_loading();
                Vec::new()
            }
            Msg::Quit => {
                self.should_quit = true;
                Vec::new()
            }
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
        if key.kind == KeyEventKind::Release {
            self.needs_draw = false;
            return Vec::new();
        }
        let action = self.keymap.action(self.context(), key);
        if self.help.is_some() {
            return self.on_help_key(action);
        }
        let Some(action) = action else {
            self.needs_draw = false;
            return Vec::new();
        };
        let confirming_reload = self.reload_armed && action == Action::Refresh;
        self.reload_armed = false;
        self.notice = None;
        if confirming_reload {
            return self.reload();
        }
        self.apply(action)
    }

    /// Keys while the help is open: scrolling keys scroll it, Ctrl-C still quits, and any
    /// other key closes it without doing anything else.
    fn on_help_key(&mut self, action: Option<Action>) -> Vec<Command> {
        let (lines, area) = self.help_view();
        let rows = usize::from(area.height.saturating_sub(2)).max(1);
        let max = lines.len().saturating_sub(rows);
        let at = self.help.unwrap_or(0);
        self.help = match action {
            Some(Action::Quit) => {
                self.should_quit = true;
                None
            }
            Some(Action::Move(delta)) => Some(at.saturating_add_signed(delta).min(max)),
            Some(Action::PageDown) => Some((at + rows).min(max)),
            Some(Action::PageUp) => Some(at.saturating_sub(rows)),
            Some(Action::Top) => Some(0),
            Some(Action::Bottom) => Some(max),
            _ => None,
        };
        Vec::new()
    }

    fn clamp_help_scroll(&mut self) {
        if let Some(at) = self.help {
            let (lines, area) = self.help_view();
            let rows = usize::from(area.height.saturating_sub(2)).max(1);
            self.help = Some(at.min(lines.len().saturating_sub(rows)));
        }
    }

    fn apply(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::Quit => self.should_quit = true,
            Action::Help => self.help = Some(0),
            Action::CloseHelp => self.help = None,
            Action::FocusNext => self.focus = self.cycle(1),
            Action::FocusPrev => self.focus = self.cycle(-1),
            Action::FocusInput => self.focus_input(),
            Action::Back => return self.back(),
            Action::Redraw => return vec![Command::Redraw],
            Action::Open => return self.open_selected(),
            Action::Submit => return self.submit(),
            Action::Edit(edit) if self.context() == Context::Search => self.edit_search(edit),
            Action::Edit(edit) => self.edit(edit),
            Action::Search => self.open_search(),
            Action::SearchDone => self.finish_search(),
            Action::SearchCancel => self.clear_search(),
            Action::SearchNext => self.step_match(1),
            Action::SearchPrev => self.step_match(-1),
            Action::Filter => self.cycle_filter(),
            Action::Sort => self.cycle_order(),
            Action::Conversation => self.show_conversation(),
            Action::JumpToReplied => return self.jump_to_replied(),
            Action::JumpBack => self.jump_back(),
            Action::NextNew => self.step_new(1),
            Action::PrevNew => self.step_new(-1),
            Action::Profile => return self.ask_profile(),
            Action::Copy => return self.copy(false),
            Action::CopyLink => return self.copy(true),
            Action::Export { csv } => return self.export(csv),
            Action::OpenLink => return self.open_link(),
            Action::Retry => return self.retry(),
            Action::Refresh => return self.ask_reload(),
            Action::Move(_)
            | Action::Scroll(_)
            | Action::PageDown
            | Action::PageUp
            | Action::HalfDown
            | Action::HalfUp
            | Action::Top
            | Action::Bottom => return self.navigate(action),
        }
        // Focus can change the layout, and so the list's height.
        self.keep_in_view();
        Vec::new()
    }

    fn cycle(&self, step: isize) -> Focus {
        const ORDER: [Focus; 3] = [Focus::Input, Focus::List, Focus::Detail];
        let at = ORDER.iter().position(|f| *f == self.focus).unwrap_or(0);
        ORDER[(at as isize + step).rem_euclid(3) as usize]
    }

    fn edit(&mut self, edit: Edit) {
        self.input_error = None;
        self.input.edit(edit);
    }

    /// A paste anywhere is a clear wish to load what was pasted: it goes into the input,
    /// replacing what was there, and Esc puts that back.
    fn on_paste(&mut self, text: &str) -> Vec<Command> {
        self.focus_input();
        self.input_error = None;
        self.input.paste(text);
        Vec::new()
    }

    /// Enter in the input: understand it locally, then open it. Nothing is sent for input
    /// that is not understood.
    fn submit(&mut self) -> Vec<Command> {
        let target = match target::parse(self.input.value()) {
            Ok(target) => target,
            Err(err) => {
                self.focus = Focus::Input;
                self.input_error = Some(err.to_string());
                self.notice = Some(Notice {
                    text: err.to_string(),
                    is_error: true,
                });
                return Vec::new();
            }
        };
        self.input.end_edit();
        self.input_error = None;
        if matches!(self.fetching, Fetching::NoToken { .. }) {
            self.notice = Some(no_token_notice());
            return Vec::new();
        }
        let refresh = self.refresh_all;
        match target {
            Target::Comment(id) => self.open_thread(id, None, refresh),
            Target::Video { id, title } => self.open_video(id, title, refresh),
            Target::ShareLink { url, title } => self.resolve_share(url, title),
        }
    }

    /// A new id for a list instance (or a share link being resolved).
    fn next_req(&mut self) -> u64 {
        let req = self.next_req;
        self.next_req += 1;
        req
    }

    /// Puts the open lists on the shelf, so they are found again as they were.
    fn shelve(&mut self, video_too: bool) {
        if let Some(thread) = self.thread.take() {
            self.shelf.put(Shelved::Thread(Box::new(thread)));
        }
        if video_too && let Some(video) = self.video.take() {
            self.shelf.put(Shelved::Video(Box::new(video)));
        }
    }

    /// Opens the replies under comment `id`: where they were left if they were read before
    /// (and no reload is asked for), else from the first page. `head` is the comment itself
    /// when it was opened from its video, which then stays one level up.
    fn open_thread(&mut self, id: CommentId, head: Option<Comment>, refresh: bool) -> Vec<Command> {
        self.shelve(head.is_none());
        let thread = match self.shelf.take_thread(&id).filter(|_| !refresh) {
            Some(mut thread) => {
                thread.head = head.or(thread.head);
                thread
            }
            None => {
                let req = self.next_req();
                Thread::new(id, req, refresh, head)
            }
        };
        self.input.set(thread.id.as_str());
        self.thread = Some(thread);
        self.jumps.clear();
        self.seek = None;
        self.show(Level::Replies)
    }

    /// Opens video `id`'s comments, where they were left if they were read before.
    fn open_video(&mut self, id: VideoId, title: Option<String>, refresh: bool) -> Vec<Command> {
        self.shelve(true);
        let known = self
            .video_titles
            .iter()
            .find(|(video, _)| video == id.as_str())
            .map(|(_, title)| title.clone());
        let video = match self.shelf.take_video(&id).filter(|_| !refresh) {
            Some(mut video) => {
                video.title = title.or(video.title);
                video
            }
            None => {
                let req = self.next_req();
                Video::new(id, req, refresh, title.or(known))
            }
        };
        self.input.set(&format!("v:{}", video.id));
        self.video = Some(video);
        self.show(Level::Comments)
    }

    /// Puts `level` on screen with the list focused, and asks for what it needs.
    fn show(&mut self, level: Level) -> Vec<Command> {
        self.level = level;
        self.focus = Focus::List;
        self.detail_scroll = 0;
        self.refresh_search();
        self.fetch_if_due()
    }

    /// A share link is one billed call away from its video (once: the answer is cached for
    /// good).
    fn resolve_share(&mut self, url: String, title: Option<String>) -> Vec<Command> {
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
            refresh: false,
        }]
    }

    /// Enter in the list: a comment's replies (unless it has none: that would be a billed
    /// call for nothing), or a reply read in the detail pane.
    fn open_selected(&mut self) -> Vec<Command> {
        if self.level == Level::Replies {
            self.focus = Focus::Detail;
            return Vec::new();
        }
        let Some(comment) = self.video.as_ref().and_then(|v| v.comments.selected_item()) else {
            return Vec::new();
        };
        if comment.reply_total == 0 {
            self.notice = Some(Notice {
                text: "No replies here, so nothing was fetched.".into(),
                is_error: false,
            });
            return Vec::new();
        }
        let comment = comment.clone();
        let Ok(id) = CommentId::parse(&comment.post.cid) else {
            self.notice = Some(Notice {
                text: format!(
                    "This comment's ID ({}) is not a number, so its replies cannot be asked for.",
                    comment.post.cid
                ),
                is_error: true,
            });
            return Vec::new();
        };
        let refresh = self.refresh_all;
        self.open_thread(id, Some(comment), refresh)
    }

    /// Esc or Backspace: one level back — from the input or the detail pane to the list,
    /// from a comment's replies to its video's comments, exactly as they were.
    fn back(&mut self) -> Vec<Command> {
        match self.focus {
            Focus::Input => self.leave_input(),
            Focus::Detail => self.focus = Focus::List,
            Focus::List => {
                // A search or a conversation is cleared first; then up a level.
                if !self.clear_reading_state() {
                    self.up_a_level();
                }
            }
        }
        self.keep_in_view();
        Vec::new()
    }

    /// From a comment's replies back to the video's comments, as they were.
    fn up_a_level(&mut self) {
        if self.level != Level::Replies || self.video.is_none() {
            self.say("Nothing to go back to: this list was opened by its ID.");
            return;
        }
        self.shelve(false);
        self.level = Level::Comments;
        self.detail_scroll = 0;
        self.refresh_search();
        if let Some(video) = &self.video {
            self.input.set(&format!("v:{}", video.id));
        }
    }

    /// `i` or `/`: the field shows what is open, selected, so typing or pasting replaces it
    /// and a new ID never gets appended to the old one.
    fn focus_input(&mut self) {
        if self.focus != Focus::Input {
            self.input.begin_edit();
        }
        self.focus = Focus::Input;
    }

    /// Esc in the input: back to the list; an edit that was not submitted is undone.
    fn leave_input(&mut self) {
        if self.input.cancel_edit() {
            self.input_error = None;
        }
        self.focus = Focus::List;
    }

    /// The first `R` asks; the second, pressed next, reloads. Every page it fetches again
    /// is billed, so one stray key must not do it. The demo and the cache have nothing new
    /// to give, so there `R` says so and fetches nothing.
    fn ask_reload(&mut self) -> Vec<Command> {
        let Some(open) = self.open() else {
            return Vec::new();
        };
        let pages = open.list().pages_loaded().max(1);
        let text = match self.mode {
            Mode::Demo => {
                "Nothing was fetched: the demo data does not change. R reloads from the API."
                    .to_owned()
            }
            Mode::Offline => {
                "Nothing was fetched: --offline reads only the cache. Run without it to reload."
                    .to_owned()
            }
            Mode::Api => {
                self.reload_armed = true;
                format!(
                    "R again refetches {} from the API (each billed); other keys cancel.",
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
    /// loaded, with the same item selected once it is back.
    fn reload(&mut self) -> Vec<Command> {
        if self.fetching != Fetching::Ready {
            return Vec::new();
        }
        let req = self.next_req();
        let Some(open) = self.open() else {
            return Vec::new();
        };
        let restore = Restore {
            key: open.list().selected_key().map(Box::from),
            pages: open.list().pages_loaded(),
        };
        let what = open.call(1).to_string();
        match self.level {
            Level::Comments => {
                if let Some(old) = self.video.take() {
                    let mut video = Video::new(old.id, req, true, old.title);
                    let ids = old.comments.items().iter().map(|c| &*c.post.cid);
                    video.comments.note_earlier(ids);
                    video.lens = old.lens;
                    video.restore = Some(restore);
                    self.video = Some(video);
                }
            }
            Level::Replies => {
                if let Some(old) = self.thread.take() {
                    let mut thread = Thread::new(old.id, req, true, old.head);
                    let ids = old.replies.items().iter().map(|r| &*r.post.cid);
                    thread.replies.note_earlier(ids);
                    thread.lens = old.lens;
                    thread.restore = Some(restore);
                    self.thread = Some(thread);
                }
            }
        }
        self.notice = Some(Notice {
            text: format!("Reloading from the API, skipping the cache: {what}…"),
            is_error: false,
        });
        self.detail_scroll = 0;
        self.fetch_if_due()
    }

    fn retry(&mut self) -> Vec<Command> {
        let Some(open) = self.open_mut() else {
            return Vec::new();
        };
        match open.list_mut().retry() {
            Some(page) => vec![fetch(open, page)],
            None => {
                self.notice = Some(Notice {
                    text: "Nothing to retry: no page has failed.".into(),
                    is_error: false,
                });
                Vec::new()
            }
        }
    }

    fn navigate(&mut self, action: Action) -> Vec<Command> {
        match self.focus {
            Focus::Detail => match action {
                Action::Move(delta) => self.move_selection(delta),
                Action::Scroll(delta) => self.scroll_detail_by(delta),
                _ => self.scroll_detail(action),
            },
            _ => {
                let page = self.panes().list_inner().height.max(1) as isize;
                let delta = match action {
                    Action::Move(d) | Action::Scroll(d) => d,
                    Action::PageDown => page,
                    Action::PageUp => -page,
                    Action::HalfDown => (page / 2).max(1),
                    Action::HalfUp => -(page / 2).max(1),
                    Action::Top => isize::MIN / 2,
                    _ => isize::MAX / 2,
                };
                self.move_selection(delta);
            }
        }
        self.fetch_if_due()
    }

    fn move_selection(&mut self, delta: isize) {
        let Some(open) = self.open_mut() else {
            return;
        };
        if open.list_mut().move_selection(delta) {
            // A reload's "select this again" is overtaken by the person's own move.
            *open.restore_mut() = open
                .restore_mut()
                .take()
                .map(|r| Restore { key: None, ..r });
            self.detail_scroll = 0;
        }
        self.keep_in_view();
    }

    fn scroll_detail(&mut self, action: Action) {
        let height = self.panes().detail_inner().height.max(1) as usize;
        let max = self.detail_lines().saturating_sub(height);
        let current = self.detail_scroll.min(max);
        self.detail_scroll = match action {
            Action::PageDown => current + height,
            Action::PageUp => current.saturating_sub(height),
            Action::HalfDown => current + height / 2,
            Action::HalfUp => current.saturating_sub(height / 2),
            Action::Top => 0,
            Action::Bottom => max,
            _ => current,
        }
        .min(max);
    }

    /// Scrolls the detail pane by `delta` lines (mouse wheel, j/k in the detail pane).
    fn scroll_detail_by(&mut self, delta: isize) {
        let height = self.panes().detail_inner().height.max(1) as usize;
        let max = self.detail_lines().saturating_sub(height);
        self.detail_scroll = self
            .detail_scroll
            .min(max)
            .saturating_add_signed(delta)
            .min(max);
    }

    fn detail_lines(&self) -> usize {
        let width = self.panes().detail_inner().width;
        self.detail_subject().map_or(0, |subject| {
            detail::lines(subject, self.detail_extras(), width, self.now).len()
        })
    }

    fn keep_in_view(&mut self) {
        let inner = self.panes().list_inner();
        let (height, width, now) = (inner.height as usize, inner.width, self.now);
        if let Some(open) = self.open_mut() {
            let footer = view::footer_lines(open.list(), open.noun(), width, 0, now).len();
            open.list_mut().scroll_into_view(height, footer);
        }
    }

    /// Asks for the next page of the list on screen if it is due: the screen is not full,
    /// the selection nears the end, or a reload has pages to read again.
    fn fetch_if_due(&mut self) -> Vec<Command> {
        let rows = usize::from(self.panes().list_inner().height);
        let Some(open) = self.open_mut() else {
            return Vec::new();
        };
        let pages = open.list().pages_loaded();
        let reloading = open
            .restore_mut()
            .as_ref()
            .is_some_and(|r| pages < r.pages && r.key.is_some());
        let page = match reloading {
            true => open.list_mut().request_next(),
            false => open.list_mut().next_request(rows),
        };
        let commands = page.map(|page| fetch(open, page)).into_iter().collect();
        self.keep_in_view();
        commands
    }

    fn on_answer(
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
        let on_screen = self.open().is_some_and(|o| o.req() == req);
        let applied = self.apply_page(req, page, result);
        if !(applied && on_screen) {
            // A page for a list on the shelf changes nothing on screen but that count.
            self.needs_draw = from_cache;
            return Vec::new();
        }
        self.refresh_search();
        let mut commands = self.after_page();
        if self.seek.as_ref().is_some_and(|s| s.req == req) && commands.is_empty() {
            commands = self.seek_further();
        }
        commands
    }

    /// Applies a page to whichever list — on screen or on the shelf — asked for it.
    fn apply_page(&mut self, req: u64, page: u32, result: Result<Delivered, ApiError>) -> bool {
        let list: Option<&mut dyn Open> = if let Some(thread) = self
            .thread
            .as_mut()
            .filter(|t| t.req == req)
            .or_else(|| self.shelf.thread_mut(req))
        {
            Some(thread)
        } else if let Some(video) = self
            .video
            .as_mut()
            .filter(|v| v.req == req)
            .or_else(|| self.shelf.video_mut(req))
        {
            Some(video)
        } else {
            None
        };
        list.is_some_and(|list| list.apply(page, result))
    }

    /// After a page of the list on screen arrived: say what failed, find again what a
    /// reload should select, and ask for what is due next.
    fn after_page(&mut self) -> Vec<Command> {
        let Some(open) = self.open_mut() else {
            return Vec::new();
        };
        let failed = match open.list().paging() {
            Paging::Failed { error, .. } => Some(error.to_string()),
            _ => None,
        };
        restore_selection(open);
        match failed {
            Some(text) => {
                self.notice = Some(Notice {
                    text,
                    is_error: true,
                })
            }
            // "Reloading…" and the like are done once a page is in.
            None if self.notice.as_ref().is_some_and(|n| !n.is_error) => self.notice = None,
            None => {}
        }
        self.fetch_if_due()
    }

    /// The video a share link leads to: open its comments, or say why not.
    fn on_share(&mut self, result: Result<Delivered, ApiError>) -> Vec<Command> {
        let Some(resolving) = self.resolving.take() else {
            return Vec::new();
        };
        let video = result.and_then(Delivered::take_video);
        match video {
            Ok(video) => {
                self.notice = None;
                let refresh = self.refresh_all;
                self.open_video(video, resolving.title, refresh)
            }
            Err(error) => {
                let text = format!("{} could not be opened. {error}", resolving.url);
                self.input_error = Some(text.clone());
                self.focus = Focus::Input;
                self.notice = Some(Notice {
                    text,
                    is_error: true,
                });
                Vec::new()
            }
        }
    }

    fn on_mouse(&mut self, mouse: MouseEvent) -> Vec<Command> {
        let at = Position::new(mouse.column, mouse.row);
        let panes = self.panes();
        let over_detail = panes.detail.contains(at);
        match mouse.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let step = if mouse.kind == MouseEventKind::ScrollDown {
                    WHEEL_STEP
                } else {
                    -WHEEL_STEP
                };
                if over_detail {
                    self.scroll_detail_by(step);
                    return Vec::new();
                }
                if panes.list.contains(at) {
                    self.move_selection(step);
                    return self.fetch_if_due();
                }
                Vec::new()
            }
            MouseEventKind::Down(MouseButton::Left) => self.click(at, panes),
            _ => {
                self.needs_draw = false;
                Vec::new()
            }
        }
    }

    fn click(&mut self, at: Position, panes: Panes) -> Vec<Command> {
        if panes.input.contains(at) {
            self.focus = Focus::Input;
        } else if panes.detail.contains(at) {
            self.focus = Focus::Detail;
        } else if panes.list_inner().contains(at) {
            self.focus = Focus::List;
            if let Some(list) = self.list() {
                let row = list.offset() + usize::from(at.y - panes.list_inner().y);
                if row < list.len() {
                    let delta = row as isize - list.selected() as isize;
                    self.move_selection(delta);
                    return self.fetch_if_due();
                }
            }
        }
        Vec::new()
    }
}

/// The status line without a token; the welcome screen shows the whole how-to.
fn no_token_notice() -> Notice {
    Notice {
        text: "No API token, so nothing is sent (see above).".into(),
        is_error: true,
    }
}

fn fetch(open: &dyn Open, page: u32) -> Command {
    Command::Fetch {
        req: open.req(),
        call: open.call(page),
        refresh: open.refresh(),
    }
}

/// After a reload: once the item that was selected is back, select it again; when all the
/// pages it reads again are in without it, stop looking.
fn restore_selection(open: &mut dyn Open) {
    let Some(restore) = open.restore_mut().clone() else {
        return;
    };
    let found = restore
        .key
        .as_deref()
        .and_then(|key| open.list().row_of_key(key));
    if let Some(index) = found {
        open.list_mut().select(index);
    }
    let done = found.is_some()
        || restore.key.is_none()
        || open.list().pages_loaded() >= restore.pages
        || !matches!(open.list().paging(), Paging::Idle);
    if done {
        *open.restore_mut() = None;
    }
}

#[cfg(test)]
mod tests;
