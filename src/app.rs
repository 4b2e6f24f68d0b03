//! The application state and its pure `update`: messages in, commands out.
//!
//! No I/O happens here: no terminal, no network, no clock (the time comes with each call).
//! Every behaviour worth a test — lazy paging, stale results, focus, scrolling — is tested
//! on this type alone.

mod input;
pub mod keymap;

pub use input::InputField;
pub use keymap::{Action, Edit};

use crate::CommentId;
use crate::api::{ApiError, RetryNotice};
use crate::source::{Fetched, Origin};
use crate::thread::{Paging, Thread};
use crate::ui::layout::{LayoutHints, Panes};
use crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
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

/// Something that happened: a key, a mouse event, a paste, a resize, an answer from a task.
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
        result: Result<Fetched, ApiError>,
    },
    /// The client is waiting before it tries `page` again.
    Retrying {
        req: u64,
        page: u32,
        notice: RetryNotice,
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetching {
    Ready,
    /// No token and no demo: every load is refused with this explanation.
    NoToken {
        how_to: String,
    },
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

/// A demo thread (or any suggestion) listed under the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadHint {
    pub id: String,
    pub title: String,
    /// The top-level comment's own text, when known (the demo knows it; the API's
    /// replies endpoint does not send it).
    pub top_comment: Option<String>,
}

/// How the app starts.
#[derive(Debug, Clone)]
pub struct Setup {
    pub initial_id: Option<String>,
    pub fetching: Fetching,
    /// A line shown at the top, e.g. that the data is demo data.
    pub banner: Option<String>,
    pub hints: Vec<ThreadHint>,
    /// Refetch even cached pages (`--refresh`).
    pub refresh: bool,
    pub mode: Mode,
}

/// A message in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

/// Pages served this session, by where they came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SessionStats {
    /// Successful API calls: each one was billed.
    pub api_calls: u64,
    pub cache_pages: u64,
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
    pub show_help: bool,
    pub notice: Option<Notice>,
    pub stats: SessionStats,
    pub spinner: usize,
    pub fetching: Fetching,
    pub banner: Option<String>,
    pub hints: Vec<ThreadHint>,
    /// Unix seconds at the last update, for relative times.
    pub now: i64,
    pub size: Rect,
    pub should_quit: bool,
    pub mode: Mode,
    refresh_all: bool,
    next_req: u64,
    /// The input's value when it got focus, restored if the edit is abandoned.
    input_before: Option<String>,
    /// `R` was pressed once; the next `R` reloads.
    reload_armed: bool,
    /// The input was edited since it got focus.
    input_touched: bool,
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
            show_help: false,
            notice: None,
            stats: SessionStats::default(),
            spinner: 0,
            fetching: setup.fetching,
            banner: setup.banner,
            hints: setup.hints,
            now,
            size,
            should_quit: false,
            mode: setup.mode,
            input_before: None,
            reload_armed: false,
            input_touched: false,
            refresh_all: setup.refresh,
            next_req: 1,
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
                suggestions: !self.hints.is_empty(),
                detail_focused: self.focus == Focus::Detail,
            },
        )
    }

    /// The open thread's top-level comment text, when known.
    pub fn top_comment(&self) -> Option<&str> {
        let id = self.thread.as_ref()?.id.as_str();
        self.hints
            .iter()
            .find(|h| h.id == id)?
            .top_comment
            .as_deref()
    }

    pub fn is_loading(&self) -> bool {
        self.thread.as_ref().is_some_and(Thread::is_loading)
    }

    /// Applies one message; returns the work it asks for.
    pub fn update(&mut self, msg: Msg, now: i64) -> Vec<Command> {
        self.now = now;
        match msg {
            Msg::Key(key) => self.on_key(key),
            Msg::Mouse(mouse) => self.on_mouse(mouse),
            Msg::Paste(text) => self.on_paste(&text),
            Msg::Resize { width, height } => {
                self.size = Rect::new(0, 0, width, height);
                // A taller list may have room for replies not loaded yet.
                self.fetch_if_due()
            }
            Msg::PageLoaded { req, page, result } => self.on_page(req, page, result),
            Msg::Retrying { req, page, notice } => {
                if let Some(thread) = self.thread.as_mut().filter(|t| t.req == req) {
                    thread.note_retry(page, notice, now);
                }
                Vec::new()
            }
            Msg::Tick => {
                self.spinner = self.spinner.wrapping_add(1);
                Vec::new()
            }
            Msg::Quit => {
                self.should_quit = true;
                Vec::new()
            }
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let action = keymap::action(self.focus, key);
        if self.show_help && key.kind != KeyEventKind::Release {
            // Any key closes the help, q included; only Ctrl-C still quits.
            self.show_help = false;
            if !keymap::is_interrupt(key) {
                return Vec::new();
            }
        }
        let Some(action) = action else {
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

    fn apply(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::Quit => self.should_quit = true,
            Action::Help => self.show_help = true,
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
        // The first key typed after focusing replaces the shown ID; moving the cursor keeps it.
        if self.input_before.is_some()
            && matches!(edit, Edit::Insert(_))
            && self.input_value_untouched()
        {
            self.input.clear();
        }
        if !matches!(edit, Edit::Left | Edit::Right | Edit::Home | Edit::End) {
            self.input_touched = true;
        }
        match edit {
            Edit::Insert(c) => self.input.insert(c.encode_utf8(&mut [0; 4])),
            Edit::Backspace => self.input.backspace(),
            Edit::Delete => self.input.delete(),
            Edit::Left => self.input.left(),
            Edit::Right => self.input.right(),
            Edit::Home => self.input.home(),
            Edit::End => self.input.end(),
            Edit::Clear => self.input.clear(),
        }
    }

    fn on_paste(&mut self, text: &str) -> Vec<Command> {
        if self.focus != Focus::Input {
            // Pasting an ID anywhere is a clear wish to load it.
            self.focus = Focus::Input;
            self.input.clear();
        }
        self.input_error = None;
        self.input.insert(text);
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
        if matches!(self.fetching, Fetching::NoToken { .. }) {
            self.notice = Some(no_token_notice());
            return Vec::new();
        }
        self.open_thread(id, self.refresh_all)
    }

    fn open_thread(&mut self, id: CommentId, refresh: bool) -> Vec<Command> {
        let req = self.next_req;
        self.next_req += 1;
        self.thread = Some(Thread::new(id, req, refresh));
        self.focus = Focus::List;
        self.detail_scroll = 0;
        self.input_error = None;
        self.fetch_if_due()
    }

    /// `i` or `/`: the field keeps the open thread's ID, and typing replaces it (like a
    /// selected field), so a new ID never gets appended to the old one.
    fn focus_input(&mut self) {
        if self.focus != Focus::Input {
            self.input_before = Some(self.input.value().to_owned());
            self.input_touched = false;
        }
        self.focus = Focus::Input;
    }

    fn input_value_untouched(&self) -> bool {
        !self.input_touched
    }

    /// Esc: back to the list; an edit that was not submitted is undone.
    fn leave_input(&mut self) {
        if self.focus == Focus::Input
            && let Some(before) = self.input_before.take()
            && self.thread.is_some()
        {
            self.input.set(&before);
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
        let pages = thread.pages_loaded().max(1);
        self.reload_armed = true;
        self.notice = Some(Notice {
            text: format!(
                "Press R again to refetch {pages} page{} from the API (each billed); any other key cancels.",
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
        match thread.retry() {
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
        let before = thread.selected;
        thread.move_selection(delta);
        if thread.selected != before {
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
        self.thread
            .as_ref()
            .and_then(Thread::selected_reply)
            .map_or(0, |reply| {
                crate::ui::detail::lines(reply, self.top_comment(), width, self.now).len()
            })
    }

    fn keep_in_view(&mut self) {
        let inner = self.panes().list_inner();
        let (height, width, now) = (inner.height as usize, inner.width, self.now);
        if let Some(thread) = &mut self.thread {
            let footer = crate::ui::list::footer_lines(thread, width, 0, now).len();
            thread.scroll_into_view(height, footer);
        }
    }

    fn fetch_if_due(&mut self) -> Vec<Command> {
        let rows = usize::from(self.panes().list_inner().height);
        let Some(thread) = &mut self.thread else {
            return Vec::new();
        };
        let commands = thread
            .next_request(rows)
            .map(|page| fetch(thread, page))
            .into_iter()
            .collect();
        self.keep_in_view();
        commands
    }

    fn on_page(&mut self, req: u64, page: u32, result: Result<Fetched, ApiError>) -> Vec<Command> {
        // Count before the stale check: a replaced thread's page was still paid for.
        match &result {
            Ok(Fetched {
                origin: Origin::Network,
                ..
            }) => self.stats.api_calls += 1,
            Ok(Fetched {
                origin: Origin::Cache { .. },
                ..
            }) => self.stats.cache_pages += 1,
            _ => {}
        }
        let Some(thread) = self.thread.as_mut().filter(|t| t.req == req) else {
            return Vec::new();
        };
        let applied = thread.apply(page, result).is_some();
        if applied && self.notice.as_ref().is_some_and(|n| !n.is_error) {
            // "Reloading…" and the like are done once a page is in.
            self.notice = None;
        }
        if let Paging::Failed { error, .. } = thread.paging() {
            self.notice = Some(Notice {
                text: error.to_string(),
                is_error: true,
            });
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
            _ => Vec::new(),
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
                let row = thread.offset + usize::from(at.y - panes.list_inner().y);
                if row < thread.replies().len() {
                    let delta = row as isize - thread.selected as isize;
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
        text: "No API token, so nothing is sent. Set one as shown above, or use --demo.".into(),
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
