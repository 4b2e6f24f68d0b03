//! The application state and its pure `update`: messages in, commands out.
//!
//! No I/O happens here: no terminal, no network, no clock (the time comes with each call).
//! Every behaviour worth a test — lazy paging, stale results, focus, scrolling, what the
//! status bar counts — is tested on this type alone. What `update` needs to measure (the
//! layout, how many lines the detail pane or a footer take) is computed in this layer too,
//! and the ui only draws it.

pub mod advice;
pub mod detail;
mod found;
mod input;
pub mod insights;
pub mod keymap;
pub mod layout;
pub mod lens;
pub mod library;
mod lifecycle;
mod msg;
mod open;
mod reading;
mod resume;
pub mod view;

pub use input::InputField;
pub use keymap::{Action, Context, Edit, Keymap};
pub use msg::{Command, Msg, Saved};
pub use open::{OpenList, Opened, Searched, Shown};
pub use reading::{ProfileState, SEEK_PAGES, Search, Seek};
pub use resume::Resume;

use crate::ids::CommentId;
use crate::paging::{Comments, Found, ListKind, Noun, Replies};
use crate::target::{self, Target};
use crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use detail::Subject;
use layout::{LayoutHints, Panes};
use open::Shelf;
use ratatui::layout::{Position, Rect};

/// Rows the mouse wheel moves.
const WHEEL_STEP: isize = 3;

/// Which pane takes the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Input,
    List,
    Detail,
    /// The start screen's library rows, below the input.
    Library,
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
    /// None: the start screen (the input, and what the library holds).
    #[default]
    Start,
    /// A video's top-level comments.
    Comments,
    /// A comment's replies.
    Replies,
    /// What a search of the whole library found.
    Found,
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
    /// Fetch even cached pages (`--refresh`).
    pub skip_cache: bool,
    pub mode: Mode,
    pub keymap: Keymap,
    /// Draw without colours (`NO_COLOR`): emphasis by bold, underline and reverse only.
    pub no_color: bool,
    /// Whether a library is open, for bookmarks.
    pub library: library::Access,
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
    pub video: Option<Opened<Comments>>,
    /// The thread whose replies are open, if one is.
    pub thread: Option<Opened<Replies>>,
    /// What a search of the whole library found, while it is kept.
    pub found: Option<Opened<Found>>,
    /// Which of them is on screen.
    pub level: Level,
    /// A share link on its way to becoming a video.
    pub resolving: Option<Resolving>,
    /// Share links the service refused for what they are (code 400, or no video behind
    /// them): asked once a session, never again.
    refused_links: std::collections::HashMap<String, crate::api::ApiError>,
    /// The search over the open list, if any.
    pub search: Option<Search>,
    /// Where the jumps (`u`) started, to go back along with Ctrl-O.
    jumps: Vec<Box<str>>,
    /// A reply being looked for in the next pages.
    pub seek: Option<Seek>,
    /// A list being brought back to where a reader was ([`App::open_at`]).
    pub resume: Option<Resume>,
    /// Full profiles asked for with `P`, by `sec_uid`.
    profiles: std::collections::HashMap<Box<str>, ProfileState>,
    pub detail_scroll: usize,
    /// The welcome pane's first visible line.
    welcome_scroll: usize,
    /// The help overlay is open, scrolled this many lines.
    pub help: Option<usize>,
    /// The insights pane (`I`), while it is open.
    pub insights: Option<insights::InsightsPane>,
    /// An analysis has run: the dictionary is loaded.
    dictionary_warm: bool,
    pub notice: Option<Notice>,
    /// The text of a notice that goes when what it announces arrives.
    on_its_way: Option<String>,
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
    /// Every list skips the cache (`--refresh`).
    skip_cache: bool,
    next_req: u64,
    /// `R` was pressed once; the next `R` reloads.
    reload_armed: bool,
    /// The list on screen was opened from a search's hits: going back returns to them.
    from_hits: bool,
    /// The lists left for another, kept where they were.
    shelf: Shelf,
    video_titles: Vec<(String, String)>,
    /// Something on screen changed since the last draw.
    needs_draw: bool,
    /// What the reader knows of the library: bookmarks.
    pub library: library::Library,
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
            found: None,
            level: Level::default(),
            resolving: None,
            refused_links: std::collections::HashMap::new(),
            search: None,
            jumps: Vec::new(),
            seek: None,
            resume: None,
            profiles: std::collections::HashMap::new(),
            detail_scroll: 0,
            welcome_scroll: 0,
            help: None,
            insights: None,
            dictionary_warm: false,
            notice: None,
            on_its_way: None,
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
            from_hits: false,
            skip_cache: setup.skip_cache,
            next_req: 1,
            shelf: Shelf::default(),
            video_titles: setup.video_titles,
            needs_draw: true,
            library: library::Library::new(setup.library),
        };
        if matches!(app.fetching, Fetching::NoToken { .. }) {
            app.notice = Some(no_token_notice());
        }
        // The start screen is an edit like any other: Esc undoes what was typed.
        app.input.begin_edit();
        let commands = match setup.initial {
            Some(initial) => {
                app.input.set(initial.trim());
                app.submit()
            }
            // The library's rows come when read, off the loop: the first frame never waits.
            None => app.read_contents(),
        };
        (app, commands)
    }

    pub fn panes(&self) -> Panes {
        let status_rows = self.status_text().map_or(1, |status| status.lines.len());
        Panes::new(
            self.size,
            LayoutHints {
                suggestions: !self.suggestions.is_empty(),
                detail_focused: self.focus == Focus::Detail,
                status_rows: u16::try_from(status_rows).unwrap_or(1),
            },
        )
    }

    /// The message in the status bar, as it is laid out there, while one is shown (the
    /// search prompt takes the bar while it is open).
    pub fn status_text(&self) -> Option<view::StatusText> {
        let prompt = self.search.as_ref().is_some_and(|s| s.prompt.is_some());
        let notice = self.notice.as_ref().filter(|_| !prompt)?;
        let counts = self.status_counts();
        Some(view::status_text(
            &notice.text,
            counts,
            self.size.width,
            self.size.height,
        ))
    }

    /// What the status bar says the session cost (and that the library is not being
    /// written, while it is not).
    pub fn status_counts(&self) -> String {
        view::status_counts(&self.stats, self.library.not_written)
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
            (None, _) if self.insights.is_some() => Context::Insights,
            (None, true) => Context::Search,
            (None, false) => Context::Pane(self.focus),
        }
    }

    /// The list on screen, whatever it holds: the one place that knows which slot that is.
    pub fn list(&self) -> Option<&dyn OpenList> {
        match self.level {
            Level::Start => None,
            Level::Comments => self.video.as_ref().map(|v| v as &dyn OpenList),
            Level::Replies => self.thread.as_ref().map(|t| t as &dyn OpenList),
            Level::Found => self.found.as_ref().map(|f| f as &dyn OpenList),
        }
    }

    fn list_mut(&mut self) -> Option<&mut dyn OpenList> {
        match self.level {
            Level::Start => None,
            Level::Comments => self.video.as_mut().map(|v| v as &mut dyn OpenList),
            Level::Replies => self.thread.as_mut().map(|t| t as &mut dyn OpenList),
            Level::Found => self.found.as_mut().map(|f| f as &mut dyn OpenList),
        }
    }

    /// The open list's filter, order or conversation, in words, when it has one.
    pub fn lens_description(&self) -> Option<String> {
        self.list()?.lens().describe()
    }

    /// What the list on screen holds, in words.
    pub fn noun(&self) -> Noun {
        self.list().map_or(Replies::NOUN, OpenList::noun)
    }

    /// What the detail pane shows, if anything.
    pub fn detail_subject(&self) -> Option<Subject<'_>> {
        self.list()?.subject()
    }

    /// What the detail pane shows beside its subject: search marks, the full profile, new.
    pub fn detail_extras(&self) -> detail::Extras<'_> {
        let list = self.list();
        detail::Extras {
            needle: self.highlight(),
            profile: self.selected_profile(),
            is_new: list.is_some_and(|l| l.is_new(l.view().selected())),
            keys: Some(&self.keymap),
        }
    }

    /// Something is on its way: the spinner turns.
    pub fn is_loading(&self) -> bool {
        let profile = || {
            self.profiles
                .values()
                .any(|p| matches!(p, ProfileState::Loading { .. }))
        };
        self.resolving.is_some()
            || self.list().is_some_and(|l| l.progress().is_loading())
            || profile()
            || self.is_analysing()
    }

    /// The title of the open video, when known.
    pub fn video_title(&self) -> Option<&str> {
        self.video.as_ref()?.title()
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
        let status_rows = self.panes().status.height;
        let quitting = !self.should_quit;
        // A message that changes nothing must not cancel the draw an earlier one in the
        // same batch asked for: the runtime draws once after several.
        let drawing = self.needs_draw;
        let mut commands = self.dispatch(msg, now);
        self.needs_draw |= drawing;
        if quitting && self.should_quit {
            // The reader leaves the list on screen: where it was is written before the
            // program exits (the runtime waits for it, briefly).
            commands.extend(self.leave_visit());
        }
        if self.panes().status.height != status_rows {
            // A long message took rows from the list, or gave them back.
            self.keep_in_view();
        }
        commands
    }

    fn dispatch(&mut self, msg: Msg, now: i64) -> Vec<Command> {
        // Most messages change what is shown; the ones that do not say so below.
        self.needs_draw = true;
        match msg {
            Msg::Key(key) => self.on_key(key),
            Msg::Mouse(mouse) => self.on_mouse(mouse),
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Resize { width, height } => {
                self.size = Rect::new(0, 0, width, height);
                self.clamp_help_scroll();
                self.fit_insights();
                // A taller list may have room for replies not loaded yet.
                self.fetch_if_due()
            }
            Msg::Answer { req, call, result } => self.on_answer(req, call, result),
            Msg::Analysed { req, insights } => {
                self.on_analysed(req, insights);
                Vec::new()
            }
            Msg::Retrying { req, call, notice } => {
                let noted = match (self.list_mut(), call.page()) {
                    (Some(list), Some(page)) if list.req() == req => {
                        list.progress_mut().note_retry(page, notice, now)
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
            Msg::Library { req, answer } => self.on_library(req, answer),
            Msg::LibraryWritten { result } => {
                self.on_library_written(result);
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
            Msg::OpenAt {
                list,
                selected,
                loaded,
            } => self.open_at(list, selected, loaded),
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
        if self.insights.is_some() {
            return self.on_insights_key(action);
        }
        // On the start screen, with nothing typed, the list's search key searches the
        // library; typed into a link, it stays a character.
        if self.on_start_screen_unedited()
            && self.keymap.action(Context::Pane(Focus::List), key) == Some(Action::Search)
        {
            self.notice = None;
            return self.open_library_search();
        }
        let Some(action) = action else {
            self.needs_draw = false;
            return Vec::new();
        };
        let confirming_reload = self.reload_armed && action == Action::Reload;
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
        // The rows take their keys only while no prompt is open over them.
        if self.context() == Context::Pane(Focus::Library)
            && let Some(commands) = self.on_rows(action)
        {
            return commands;
        }
        match action {
            Action::Quit => self.should_quit = true,
            Action::Help => self.help = Some(0),
            Action::CloseHelp => self.help = None,
            Action::FocusNext => self.focus_on(self.cycle(1)),
            Action::FocusPrev => self.focus_on(self.cycle(-1)),
            Action::FocusInput => self.focus_input(),
            Action::Back => return self.back(),
            Action::Redraw => return vec![Command::Redraw],
            Action::Open => return self.open_selected(),
            Action::Submit => return self.submit(),
            Action::Edit(edit) if self.context() == Context::Search => self.edit_search(edit),
            Action::Edit(edit) => self.edit(edit),
            Action::Search => self.open_search(),
            Action::SearchDone => return self.finish_search(),
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
            Action::Bookmark => return self.toggle_bookmark(),
            Action::OpenLink => return self.open_link(),
            Action::Retry => return self.retry(),
            Action::Reload => return self.ask_reload(),
            Action::Insights => return self.open_insights(),
            Action::IntoLibrary => self.enter_rows(),
            // Only the insights pane loads the rest.
            Action::LoadRest => {}
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
        if self.has_rows() {
            // The start screen: the input and the library's rows below it.
            return match self.focus {
                Focus::Library => Focus::Input,
                _ => Focus::Library,
            };
        }
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
        self.insights = None;
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
        self.from_hits = false;
        if matches!(self.fetching, Fetching::NoToken { .. }) {
            self.notice = Some(no_token_notice());
            return Vec::new();
        }
        let skip_cache = self.skip_cache;
        match target {
            Target::Comment(id) => self.open_thread(id, None, skip_cache),
            Target::Video { id, title } => self.open_video(id, title, skip_cache),
            Target::ShareLink { url, title } => self.resolve_share(url, title),
        }
    }

    /// Enter in the list: a comment's replies (unless it has none: that would be a billed
    /// call for nothing), a reply read in the detail pane, or a hit's own list.
    fn open_selected(&mut self) -> Vec<Command> {
        if self.level == Level::Found {
            return self.open_hit();
        }
        if self.level == Level::Replies {
            self.focus = Focus::Detail;
            return Vec::new();
        }
        let Some(comment) = self.video.as_ref().and_then(|v| v.list.selected_item()) else {
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
        let skip_cache = self.skip_cache;
        self.open_thread(id, Some(comment), skip_cache)
    }

    /// Esc or Backspace: one level back — from the input or the detail pane to the list,
    /// from a comment's replies to its video's comments, exactly as they were.
    fn back(&mut self) -> Vec<Command> {
        let mut commands = Vec::new();
        match self.focus {
            Focus::Input => self.leave_input(),
            Focus::Detail => self.focus = Focus::List,
            Focus::Library => self.leave_rows(),
            Focus::List => {
                // A search or a conversation is cleared first; then up a level.
                if !self.clear_reading_state() {
                    commands = self.up_a_level();
                }
            }
        }
        self.keep_in_view();
        commands
    }

    /// Moves the focus; into the input, as an edit that Esc undoes.
    fn focus_on(&mut self, focus: Focus) {
        match focus {
            Focus::Input if self.focus == Focus::Library => self.leave_rows(),
            Focus::Input => self.focus_input(),
            Focus::Library => self.enter_rows(),
            other => self.focus = other,
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

    /// The welcome pane's lines, how many rows it has for them and the first one shown.
    pub fn welcome_view(&self) -> (Vec<view::ViewLine>, usize, usize) {
        let panes = self.panes();
        let inner = layout::inner(panes.list.union(panes.detail));
        let mut lines = view::welcome_lines(&self.fetching, &self.keymap, inner.width);
        lines.extend(self.library_search_hint(inner.width));
        if let Some(contents) = &self.library.contents {
            let selected = (self.focus == Focus::Library).then_some(self.library.row);
            // How to get into the rows, until the person is in them.
            let hint = format!(
                "{} or {}, then {} to open",
                self.keymap.key_for(Action::IntoLibrary),
                self.keymap.key_for(Action::FocusNext),
                self.keymap.key_in(keymap::Scope::Library, Action::Open),
            );
            let hint = (self.focus != Focus::Library).then_some(hint.as_str());
            lines.extend(library::contents_lines(
                contents,
                inner.width,
                self.now,
                selected,
                hint,
            ));
        }
        let rows = usize::from(inner.height);
        let scroll = self.welcome_scroll.min(lines.len().saturating_sub(rows));
        (lines, rows, scroll)
    }

    /// Scrolls the welcome pane, where it does not fit, by what `action` moves.
    fn scroll_welcome(&mut self, action: Action) {
        let (lines, rows, scroll) = self.welcome_view();
        let max = lines.len().saturating_sub(rows);
        let page = rows.max(1) as isize;
        let delta = match action {
            Action::Move(d) | Action::Scroll(d) => d,
            Action::PageDown => page,
            Action::PageUp => -page,
            Action::HalfDown => (page / 2).max(1),
            Action::HalfUp => -(page / 2).max(1),
            Action::Top => isize::MIN / 2,
            _ => isize::MAX / 2,
        };
        self.welcome_scroll = scroll.saturating_add_signed(delta).min(max);
    }

    fn navigate(&mut self, action: Action) -> Vec<Command> {
        if self.list().is_none() {
            self.scroll_welcome(action);
            return Vec::new();
        }
        // The reader moves on their own: a list being brought back stops pulling the
        // selection to the item it was looking for (the pages it asked for still come).
        self.resume = None;
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
        let Some(list) = self.list_mut() else {
            return;
        };
        if list.view_mut().move_selection(delta) {
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
        let Some(footer) = self
            .list()
            .map(|list| view::footer_lines(list, &self.keymap, width, 0, now).len())
        else {
            return;
        };
        if let Some(list) = self.list_mut() {
            list.view_mut().scroll_into_view(height, footer);
        }
    }

    fn on_mouse(&mut self, mouse: MouseEvent) -> Vec<Command> {
        if self.insights.is_some() {
            self.needs_draw = false;
            return Vec::new();
        }
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
                if self.list().is_none() && panes.list.union(panes.detail).contains(at) {
                    self.scroll_welcome(Action::Scroll(step));
                    return Vec::new();
                }
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
        let welcome = layout::inner(panes.list.union(panes.detail));
        if self.list().is_none()
            && welcome.contains(at)
            && let Some(commands) = self.click_row(usize::from(at.y - welcome.y))
        {
            return commands;
        }
        if panes.input.contains(at) {
            self.focus_on(Focus::Input);
        } else if panes.detail.contains(at) {
            self.focus = Focus::Detail;
        } else if panes.list_inner().contains(at) {
            self.focus = Focus::List;
            if let Some(view) = self.list().map(OpenList::view) {
                let row = view.offset() + usize::from(at.y - panes.list_inner().y);
                if row < view.rows() {
                    let delta = row as isize - view.selected() as isize;
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

#[cfg(test)]
mod tests;
