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
pub mod view;

pub use input::InputField;
pub use keymap::{Action, Context, Edit, Keymap};

use crate::CommentId;
use crate::api::{ApiError, Fetched, Origin, Reply, RetryNotice};
use crate::paging::{Paged, Paging};
use crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use detail::Subject;
use layout::{LayoutHints, Panes};
use ratatui::layout::{Position, Rect};
use view::REPLIES;

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
    /// A fetch task's answer for `page` of the thread instance `req`.
    PageLoaded {
        req: u64,
        page: u32,
        result: Result<Fetched<Reply>, ApiError>,
    },
    /// The client is waiting before it tries `page` again.
    Retrying {
        req: u64,
        page: u32,
        notice: RetryNotice,
    },
    /// One HTTP request to the API was answered (or failed); `billed` when it answered
    /// code 0, the only answers the vendor bills. Sent once per request, however many
    /// threads wait for its page.
    ApiCall {
        billed: bool,
    },
    /// The spinner's clock, sent only while something loads.
    Tick,
    /// SIGTERM, SIGHUP or the like: leave now.
    Quit,
}

/// Work for the runtime to do on the app's behalf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Clear the terminal and draw everything again (Ctrl-L), for a terminal that
    /// disagrees with us about the width of some emoji and left fragments behind.
    Redraw,
    /// Fetch one page; the answer comes back as [`Msg::PageLoaded`] with the same `req`.
    FetchPage {
        req: u64,
        comment_id: CommentId,
        page: u32,
        refresh: bool,
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

/// A thread worth suggesting under the input (the demo's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub id: String,
    pub title: String,
    /// The top-level comment's own text, when known (the replies endpoint does not send it).
    pub top_comment: Option<String>,
}

/// How the app starts.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    pub initial_id: Option<String>,
    pub fetching: Fetching,
    /// A line shown at the top, e.g. that the data is demo data.
    pub banner: Option<String>,
    pub suggestions: Vec<Suggestion>,
    /// Refetch even cached pages (`--refresh`).
    pub refresh: bool,
    pub mode: Mode,
    pub keymap: Keymap,
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

/// The replies under one top-level comment, as they are being read.
#[derive(Debug, Clone)]
pub struct Thread {
    pub id: CommentId,
    /// Identifies this thread instance; results carrying another `req` are stale.
    pub req: u64,
    /// Refetch pages even if cached (`R`, `--refresh`).
    pub refresh: bool,
    pub replies: Paged<Reply>,
}

/// Everything the screen shows.
#[derive(Debug, Clone)]
pub struct App {
    pub focus: Focus,
    pub input: InputField,
    /// Why the last submitted input was refused.
    pub input_error: Option<String>,
    pub thread: Option<Thread>,
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
    /// Unix seconds at the last update, for relative times.
    pub now: i64,
    pub size: Rect,
    pub should_quit: bool,
    pub mode: Mode,
    refresh_all: bool,
    next_req: u64,
    /// `R` was pressed once; the next `R` reloads.
    reload_armed: bool,
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
            thread: None,
            detail_scroll: 0,
            help: None,
            notice: None,
            stats: SessionStats::default(),
            spinner: 0,
            fetching: setup.fetching,
            banner: setup.banner,
            suggestions: setup.suggestions,
            keymap: setup.keymap,
            now,
            size,
            should_quit: false,
            mode: setup.mode,
            reload_armed: false,
            refresh_all: setup.refresh,
            next_req: 1,
            needs_draw: true,
        };
        if matches!(app.fetching, Fetching::NoToken { .. }) {
            app.notice = Some(no_token_notice());
        }
        let commands = match setup.initial_id {
            Some(id) => {
                app.input.set(id.trim());
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
        match self.help {
            Some(_) => Context::Help,
            None => Context::Pane(self.focus),
        }
    }

    /// The open thread's top-level comment text, when known.
    pub fn top_comment(&self) -> Option<&str> {
        let id = self.thread.as_ref()?.id.as_str();
        self.suggestions
            .iter()
            .find(|s| s.id == id)?
            .top_comment
            .as_deref()
    }

    /// What the detail pane shows, if anything.
    pub fn detail_subject(&self) -> Option<Subject<'_>> {
        let reply = self.thread.as_ref()?.replies.selected_item()?;
        Some(Subject::Reply {
            reply,
            top_comment: self.top_comment(),
        })
    }

    pub fn is_loading(&self) -> bool {
        self.thread.as_ref().is_some_and(|t| t.replies.is_loading())
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
            Msg::PageLoaded { req, page, result } => self.on_page(req, page, result),
            Msg::Retrying { req, page, notice } => {
                let noted = self
                    .thread
                    .as_mut()
                    .filter(|t| t.req == req)
                    .is_some_and(|t| t.replies.note_retry(page, notice, now));
                self.needs_draw = noted;
                Vec::new()
            }
            Msg::ApiCall { billed } => {
                self.stats.sent += 1;
                self.stats.billed += u64::from(billed);
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
            Action::Back => self.leave_input(),
            Action::Redraw => return vec![Command::Redraw],
            Action::Open => self.focus = Focus::Detail,
            Action::Submit => return self.submit(),
            Action::Edit(edit) => self.edit(edit),
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

    /// Enter in the input: validate locally, then replace the thread.
    fn submit(&mut self) -> Vec<Command> {
        let id = match CommentId::parse(self.input.value()) {
            Ok(id) => id,
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
        self.input.set(id.as_str());
        self.input.end_edit();
        if matches!(self.fetching, Fetching::NoToken { .. }) {
            self.notice = Some(no_token_notice());
            return Vec::new();
        }
        self.open_thread(id, self.refresh_all)
    }

    fn open_thread(&mut self, id: CommentId, refresh: bool) -> Vec<Command> {
        let req = self.next_req;
        self.next_req += 1;
        self.thread = Some(Thread {
            id,
            req,
            refresh,
            replies: Paged::new(),
        });
        self.focus = Focus::List;
        self.detail_scroll = 0;
        self.input_error = None;
        self.fetch_if_due()
    }

    /// `i`: the field shows the open thread's ID selected, so typing or pasting replaces it
    /// and a new ID never gets appended to the old one.
    fn focus_input(&mut self) {
        if self.focus != Focus::Input {
            self.input.begin_edit();
        }
        self.focus = Focus::Input;
    }

    /// Esc: back to the list; an edit that was not submitted is undone.
    fn leave_input(&mut self) {
        if self.focus == Focus::Input && self.thread.is_some() && self.input.cancel_edit() {
            self.input_error = None;
        }
        self.focus = Focus::List;
    }

    /// The first `R` asks; the second, pressed next, reloads. Every page it fetches again
    /// is billed, so one stray key must not do it (the demo and offline modes cost nothing).
    fn ask_reload(&mut self) -> Vec<Command> {
        let Some(thread) = &self.thread else {
            return Vec::new();
        };
        if self.mode != Mode::Api {
            return self.reload();
        }
        let pages = thread.replies.pages_loaded().max(1);
        self.reload_armed = true;
        self.notice = Some(Notice {
            text: format!(
                "R again refetches {pages} page{} from the API (each billed); other keys cancel.",
                if pages == 1 { "" } else { "s" }
            ),
            is_error: false,
        });
        Vec::new()
    }

    /// `R`: the same thread again, from the API, bypassing the cache.
    fn reload(&mut self) -> Vec<Command> {
        let Some(thread) = &self.thread else {
            return Vec::new();
        };
        if self.fetching != Fetching::Ready {
            return Vec::new();
        }
        let id = thread.id.clone();
        let text = match self.mode {
            Mode::Api => format!("Reloading {id} from the API, skipping the cache…"),
            Mode::Offline => {
                format!("Reading {id} again from the cache (offline: nothing is sent)…")
            }
            Mode::Demo => format!("Reloading demo thread {id}…"),
        };
        self.notice = Some(Notice {
            text,
            is_error: false,
        });
        self.open_thread(id, true)
    }

    fn retry(&mut self) -> Vec<Command> {
        let Some(thread) = &mut self.thread else {
            return Vec::new();
        };
        match thread.replies.retry() {
            Some(page) => vec![fetch(thread, page)],
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
        let Some(thread) = &mut self.thread else {
            return;
        };
        if thread.replies.move_selection(delta) {
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
        self.detail_subject()
            .map_or(0, |subject| detail::lines(subject, width, self.now).len())
    }

    fn keep_in_view(&mut self) {
        let inner = self.panes().list_inner();
        let (height, width, now) = (inner.height as usize, inner.width, self.now);
        if let Some(thread) = &mut self.thread {
            let footer = view::footer_lines(&thread.replies, REPLIES, width, 0, now).len();
            thread.replies.scroll_into_view(height, footer);
        }
    }

    fn fetch_if_due(&mut self) -> Vec<Command> {
        let rows = usize::from(self.panes().list_inner().height);
        let Some(thread) = &mut self.thread else {
            return Vec::new();
        };
        let commands = thread
            .replies
            .next_request(rows)
            .map(|page| fetch(thread, page))
            .into_iter()
            .collect();
        self.keep_in_view();
        commands
    }

    fn on_page(
        &mut self,
        req: u64,
        page: u32,
        result: Result<Fetched<Reply>, ApiError>,
    ) -> Vec<Command> {
        // Pages are counted where they come from: a cached page is read once per request,
        // and API calls arrive as `Msg::ApiCall`, one per HTTP request.
        let from_cache = matches!(
            &result,
            Ok(Fetched {
                origin: Origin::Cache { .. },
                ..
            })
        );
        self.stats.cache_pages += u64::from(from_cache);
        // A page nobody waits for any more changes nothing on screen but that count.
        let Some(thread) = self.thread.as_mut().filter(|t| t.req == req) else {
            self.needs_draw = from_cache;
            return Vec::new();
        };
        if !thread.replies.apply(page, result) {
            self.needs_draw = from_cache;
            return Vec::new();
        }
        match thread.replies.paging() {
            Paging::Failed { error, .. } => {
                self.notice = Some(Notice {
                    text: error.to_string(),
                    is_error: true,
                });
            }
            // "Reloading…" and the like are done once a page is in.
            _ if self.notice.as_ref().is_some_and(|n| !n.is_error) => self.notice = None,
            _ => {}
        }
        self.fetch_if_due()
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
            if let Some(thread) = &self.thread {
                let row = thread.replies.offset() + usize::from(at.y - panes.list_inner().y);
                if row < thread.replies.items().len() {
                    let delta = row as isize - thread.replies.selected() as isize;
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

fn fetch(thread: &Thread, page: u32) -> Command {
    Command::FetchPage {
        req: thread.req,
        comment_id: thread.id.clone(),
        page,
        refresh: thread.refresh,
    }
}

#[cfg(test)]
mod tests;
