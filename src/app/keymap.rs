//! Every key in one table. What a key does, the help overlay and the status bar's hints are
//! all read from [`Keymap`], so they cannot disagree.
//!
//! Each binding belongs to a [`Scope`]; a key is looked up in the scopes of the focused pane,
//! the most specific first (the detail pane before "list and detail", those before
//! "anywhere"). Typing into the input is not a binding: a plain character that no binding of
//! the input claims is inserted.

use super::Focus;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    CloseHelp,
    FocusNext,
    FocusPrev,
    FocusInput,
    /// Esc: leave the input, or go back from the detail pane to the list.
    Back,
    /// Enter in the list: read the selected item in the detail pane.
    Open,
    /// Select the item `n` rows away (or scroll the help by `n` lines).
    Move(isize),
    /// Scroll the detail pane by `n` lines.
    Scroll(isize),
    PageDown,
    PageUp,
    HalfDown,
    HalfUp,
    Top,
    Bottom,
    Retry,
    Reload,
    Submit,
    Edit(Edit),
    /// `/`: open the search prompt.
    Search,
    /// Enter in the prompt: go to the first match from the selection on.
    SearchDone,
    /// Esc in the prompt: clear the search.
    SearchCancel,
    SearchNext,
    SearchPrev,
    Filter,
    Sort,
    Conversation,
    JumpToReplied,
    JumpBack,
    NextNew,
    PrevNew,
    Profile,
    Copy,
    CopyLink,
    OpenLink,
    /// `e`/`E`: write the loaded items of the list to a file (CSV when `csv`).
    Export {
        csv: bool,
    },
    /// Ctrl-L: clear and draw the whole screen again.
    Redraw,
    /// `b`: bookmark the selected item in the library, or remove its bookmark.
    Bookmark,
    /// `I`: the insights of the list on screen.
    Insights,
    /// `L` in the insights: load the rest of the list (asks first).
    LoadRest,
    /// `↓` in the input on the start screen: into the library's rows below it.
    IntoLibrary,
}

/// An edit of the input field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    WordLeft,
    WordRight,
    Home,
    End,
    /// Delete the word before the cursor.
    DeleteWord,
    /// Delete from the cursor to the end.
    KillToEnd,
    Clear,
}

/// Where a binding works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Anywhere,
    Input,
    /// The list and the detail pane.
    Browse,
    List,
    Detail,
    /// The search prompt.
    Search,
    /// While the help overlay is open, before anything else.
    Help,
    /// The insights pane.
    Insights,
    /// The start screen's library rows: recent lists and bookmarks.
    Library,
}

impl Scope {
    /// The heading of this scope's keys in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Anywhere => "Anywhere",
            Scope::Input => "Input",
            Scope::Browse => "List and detail",
            Scope::List => "List",
            Scope::Detail => "Detail pane",
            Scope::Search => "Search prompt",
            Scope::Help => "This help",
            Scope::Insights => "Insights",
            Scope::Library => "Start screen: recent lists and bookmarks",
        }
    }
}

/// A key with or without Ctrl. Shift is part of the character ('G'), not a modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chord {
    pub code: KeyCode,
    pub ctrl: bool,
}

/// A key by its name, whatever the case: "Enter", "pgdn", "F5".
fn named_key(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "shift-tab" | "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "del" | "delete" => KeyCode::Delete,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        "space" => KeyCode::Char(' '),
        f if f.starts_with('f') => {
            KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
        }
        _ => return None,
    })
}

const fn key(c: char) -> Chord {
    Chord {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn ctrl(c: char) -> Chord {
    Chord {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

const fn named(code: KeyCode) -> Chord {
    Chord { code, ctrl: false }
}

const fn ctrl_named(code: KeyCode) -> Chord {
    Chord { code, ctrl: true }
}

impl Chord {
    /// A key as the config file writes it: "j", "G", "Ctrl-D", "PgDn", "Enter", "F1",
    /// "Space", "↓" or "Down" (the names help shows, and a few more).
    pub fn parse(text: &str) -> Option<Chord> {
        let text = text.trim();
        let (ctrl, name) = match text.get(..5) {
            Some(prefix) if prefix.eq_ignore_ascii_case("ctrl-") && text.len() > 5 => {
                (true, &text[5..])
            }
            _ => (false, text),
        };
        let mut chars = name.chars();
        let code = match (chars.next(), chars.next()) {
            (Some('←'), None) => KeyCode::Left,
            (Some('→'), None) => KeyCode::Right,
            (Some('↑'), None) => KeyCode::Up,
            (Some('↓'), None) => KeyCode::Down,
            (Some(c), None) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            (Some(c), None) => KeyCode::Char(c),
            _ => named_key(name)?,
        };
        Some(Chord { code, ctrl })
    }

    fn of(event: KeyEvent) -> Chord {
        Chord {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    /// How the key is written in help and hints: "j", "Ctrl-D", "PgDn", "↓".
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{name}")
        } else {
            name
        }
    }
}

/// One line of the table: keys, where they work, what they do.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// What the config file's `[keys]` table calls it.
    pub name: &'static str,
    pub scope: Scope,
    pub keys: Vec<Chord>,
    pub action: Action,
    /// What it does, for the help overlay.
    pub help: &'static str,
    /// A word for the status bar when the binding is worth the room there; the hints are
    /// shown in table order and the bar drops them from the end.
    pub hint: Option<&'static str>,
}

/// The keys in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            bindings: defaults(),
        }
    }
}

/// The focused pane, or the help overlay over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Pane(Focus),
    /// The search prompt, over the list.
    Search,
    Help,
    /// The insights pane, over the list.
    Insights,
}

impl Context {
    /// The scopes searched for a key, the most specific first.
    fn scopes(self) -> &'static [Scope] {
        match self {
            Context::Help => &[Scope::Help],
            Context::Insights => &[Scope::Insights, Scope::Anywhere],
            Context::Search => &[Scope::Search, Scope::Anywhere],
            Context::Pane(Focus::Input) => &[Scope::Input, Scope::Anywhere],
            Context::Pane(Focus::List) => &[Scope::List, Scope::Browse, Scope::Anywhere],
            Context::Pane(Focus::Detail) => &[Scope::Detail, Scope::Browse, Scope::Anywhere],
            Context::Pane(Focus::Library) => &[Scope::Library, Scope::Anywhere],
        }
    }
}

impl Keymap {
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The key that does `action`, as the keys are mapped, for the words that name it
    /// ("f shows all again"); `"(unmapped)"` when no key does.
    pub fn key_for(&self, action: Action) -> String {
        self.key_where(|b| b.action == action)
    }

    /// The key that does `action` in `scope` (the help overlay's own keys, say).
    pub fn key_in(&self, scope: Scope, action: Action) -> String {
        self.key_where(|b| b.scope == scope && b.action == action)
    }

    fn key_where(&self, wanted: impl Fn(&Binding) -> bool) -> String {
        self.bindings
            .iter()
            .filter(|b| wanted(b))
            .find_map(|b| b.keys.first())
            .map_or_else(|| "(unmapped)".to_owned(), Chord::label)
    }

    /// The default keys with the config file's `[keys]` table applied: each entry names a
    /// binding and gives its keys, replacing the default ones. Refused, naming the entry,
    /// when the name or a key is not known, or a key would do two things in one place.
    pub fn with_overrides<'a>(
        overrides: impl IntoIterator<Item = (&'a str, &'a [String])>,
    ) -> Result<Keymap, String> {
        let mut keymap = Keymap::default();
        for (name, keys) in overrides {
            let Some(binding) = keymap.bindings.iter_mut().find(|b| b.name == name) else {
                let names: Vec<&str> = DEFAULTS.iter().map(|row| row.0).collect();
                return Err(format!(
                    "[keys] names `{name}`, which is no action here. The actions are: {}",
                    names.join(", ")
                ));
            };
            if keys.is_empty() {
                return Err(format!("[keys] `{name}` needs at least one key"));
            }
            binding.keys = keys
                .iter()
                .map(|key| {
                    Chord::parse(key).ok_or_else(|| {
                        format!(
                            "[keys] `{name}` = \"{key}\": not a key. Write e.g. \"j\", \"G\", \
                             \"Ctrl-D\", \"PgDn\", \"Enter\", \"F1\" or \"Space\""
                        )
                    })
                })
                .collect::<Result<_, _>>()?;
        }
        keymap.check_no_key_does_two_things()?;
        Ok(keymap)
    }

    fn check_no_key_does_two_things(&self) -> Result<(), String> {
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                let shared = a
                    .keys
                    .iter()
                    .find(|k| a.scope == b.scope && b.keys.contains(k));
                if let Some(key) = shared {
                    return Err(format!(
                        "[keys] gives \"{}\" to both `{}` and `{}` in the {} keys",
                        key.label(),
                        a.name,
                        b.name,
                        a.scope.title().to_lowercase()
                    ));
                }
            }
        }
        Ok(())
    }

    /// The action for a key in this context, if any. Key releases are ignored (Windows
    /// reports both press and release).
    pub fn action(&self, context: Context, event: KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        if is_interrupt(event) {
            return Some(Action::Quit);
        }
        let chord = Chord::of(event);
        let bound = context.scopes().iter().find_map(|scope| {
            self.bindings
                .iter()
                .find(|b| b.scope == *scope && b.keys.contains(&chord))
                .map(|b| b.action)
        });
        // In the start screen's rows a character no row key claims is typed into the input
        // (the focus goes there), and so is any other edit of the input (Backspace,
        // Ctrl-W…): nobody has to leave the rows to type or correct an ID.
        let bound = bound.or_else(|| match context {
            Context::Pane(Focus::Library) => self
                .bindings
                .iter()
                .find(|b| b.scope == Scope::Input && b.keys.contains(&chord))
                .map(|b| b.action)
                .filter(|action| matches!(action, Action::Edit(_))),
            _ => None,
        });
        let typing = matches!(
            context,
            Context::Pane(Focus::Input | Focus::Library) | Context::Search
        );
        match (bound, chord) {
            (Some(action), _) => Some(action),
            (
                None,
                Chord {
                    code: KeyCode::Char(c),
                    ctrl: false,
                },
            ) if typing => Some(Action::Edit(Edit::Insert(c))),
            _ => None,
        }
    }

    /// The status bar's hints for this context, e.g. "j next", most useful first: one per
    /// action, and only keys that do that here (the detail pane's `j` scrolls, so the
    /// list's "j next" is not offered there).
    pub fn hints(&self, context: Context) -> Vec<String> {
        let mut shown: Vec<Action> = Vec::new();
        let mut hints = Vec::new();
        for binding in context
            .scopes()
            .iter()
            .flat_map(|scope| self.bindings.iter().filter(move |b| b.scope == *scope))
        {
            let (Some(hint), Some(chord)) = (binding.hint, binding.keys.first()) else {
                continue;
            };
            let event = KeyEvent::new(chord.code, chord_modifiers(chord));
            if shown.contains(&binding.action)
                || self.action(context, event) != Some(binding.action)
            {
                continue;
            }
            shown.push(binding.action);
            hints.push(format!("{} {hint}", chord.label()));
        }
        hints
    }

    /// The help overlay's sections: the keys of the pane the help was opened from first.
    pub fn sections(&self, from: Focus) -> Vec<(Scope, Vec<&Binding>)> {
        let mut order = Context::Pane(from).scopes().to_vec();
        for scope in [
            Scope::Browse,
            Scope::List,
            Scope::Detail,
            Scope::Input,
            Scope::Search,
            Scope::Library,
            Scope::Insights,
            Scope::Anywhere,
            Scope::Help,
        ] {
            if !order.contains(&scope) {
                order.push(scope);
            }
        }
        order
            .into_iter()
            .map(|scope| {
                let rows = self.bindings.iter().filter(|b| b.scope == scope).collect();
                (scope, rows)
            })
            .collect()
    }
}

fn chord_modifiers(chord: &Chord) -> KeyModifiers {
    if chord.ctrl {
        KeyModifiers::CONTROL
    } else {
        KeyModifiers::NONE
    }
}

/// Ctrl-C, which quits from anywhere, even from the help overlay.
pub fn is_interrupt(event: KeyEvent) -> bool {
    event.code == KeyCode::Char('c') && event.modifiers.contains(KeyModifiers::CONTROL)
}

/// One row of the default table: its name (for `[keys]` in the config file), where it
/// works, its keys, what it does, what help says, and its hint.
type Row = (
    &'static str,
    Scope,
    &'static [Chord],
    Action,
    &'static str,
    Option<&'static str>,
);

/// The default table, in the order of the help overlay within each scope (and of the
/// status bar's hints).
#[rustfmt::skip]
const DEFAULTS: &[Row] = {
    use Action as A;
    use KeyCode as K;
    use Scope::*;
    &[
        // The list and the detail pane: reading.
        ("next", Browse, &[key('j'), named(K::Down)], A::Move(1), "next item", Some("next")),
        ("prev", Browse, &[key('k'), named(K::Up)], A::Move(-1), "previous item", Some("prev")),
        ("help", Browse, &[key('?')], A::Help, "this help", Some("help")),
        ("quit", Browse, &[key('q')], A::Quit, "quit", Some("quit")),
        ("search", Browse, &[key('/')], A::Search, "search the loaded items; on the start screen, the whole library (fetches nothing)", Some("search")),
        ("next_match", Browse, &[key('n')], A::SearchNext, "next match of the search", None),
        ("prev_match", Browse, &[key('N')], A::SearchPrev, "previous match of the search", None),
        ("filter", Browse, &[key('f')], A::Filter, "filter: all / liked by the author / hot", Some("filter")),
        ("sort", Browse, &[key('s')], A::Sort, "order: thread / most liked / newest", Some("sort")),
        ("conversation", Browse, &[key('c')], A::Conversation, "only this reply's author and whom they answer", None),
        ("jump", Browse, &[key('u')], A::JumpToReplied, "go to the reply this one answers", None),
        ("jump_back", Browse, &[ctrl('o')], A::JumpBack, "back along those jumps", None),
        ("next_new", Browse, &[key(']')], A::NextNew, "next item new since the last fetch", None),
        ("prev_new", Browse, &[key('[')], A::PrevNew, "previous new item", None),
        ("profile", Browse, &[key('P')], A::Profile, "the author's full profile (one billed call)", None),
        ("copy", Browse, &[key('y')], A::Copy, "copy the text (OSC 52, works over SSH)", None),
        ("copy_link", Browse, &[key('Y')], A::CopyLink, "copy the author's profile link", None),
        ("open_link", Browse, &[key('o')], A::OpenLink, "open the author's profile in the browser", None),
        ("bookmark", Browse, &[key('b')], A::Bookmark, "bookmark the item in the library (again: remove it); ★ marks it", None),
        ("export", Browse, &[key('e')], A::Export { csv: false }, "write the loaded items here: ID-replies.jsonl (a thread), ID-comments.jsonl (a video)", None),
        ("export_csv", Browse, &[key('E')], A::Export { csv: true }, "write the loaded items here: ID-replies.csv (a thread), ID-comments.csv (a video)", None),
        ("page_down", Browse, &[named(K::PageDown), ctrl('f')], A::PageDown, "a screen down", None),
        ("page_up", Browse, &[named(K::PageUp), ctrl('b')], A::PageUp, "a screen up", None),
        ("half_down", Browse, &[ctrl('d')], A::HalfDown, "half a screen down", None),
        ("half_up", Browse, &[ctrl('u')], A::HalfUp, "half a screen up", None),
        ("top", Browse, &[key('g'), named(K::Home)], A::Top, "first loaded item", None),
        ("bottom", Browse, &[key('G'), named(K::End)], A::Bottom, "last loaded item", Some("end")),
        ("retry", Browse, &[key('r')], A::Retry, "retry the page that failed", Some("retry")),
        ("reload", Browse, &[key('R')], A::Reload, "reload, skipping the cache (asks first: billed)", Some("reload")),
        ("input", Browse, &[key('i')], A::FocusInput, "type or paste an ID, a link or a share text", None),
        ("insights", Browse, &[key('I')], A::Insights, "insights: what people say, where, when, who", None),
        // The list.
        ("open", List, &[named(K::Enter)], A::Open, "open a comment's replies; read a reply in the detail pane", Some("open")),
        ("back", List, &[named(K::Esc), named(K::Backspace)], A::Back, "back: clear the search or conversation, then up to the video's comments, then to the start screen", None),
        // The detail pane.
        ("scroll_down", Detail, &[key('j'), named(K::Down)], A::Scroll(1), "scroll down", Some("scroll")),
        ("scroll_up", Detail, &[key('k'), named(K::Up)], A::Scroll(-1), "scroll up", None),
        ("next_from_detail", Detail, &[key('J')], A::Move(1), "next item", Some("next")),
        ("prev_from_detail", Detail, &[key('K')], A::Move(-1), "previous item", Some("prev")),
        ("back_from_detail", Detail, &[named(K::Esc), named(K::Enter), named(K::Backspace)], A::Back, "back to the list", Some("back")),
        // The input.
        ("submit", Input, &[named(K::Enter)], A::Submit, "open it: a comment's replies, or a video's comments", Some("open")),
        ("leave_input", Input, &[named(K::Esc)], A::Back, "back to the list, undoing the edit", Some("back")),
        ("clear", Input, &[ctrl('u')], A::Edit(Edit::Clear), "clear the input", Some("clear")),
        ("left", Input, &[named(K::Left)], A::Edit(Edit::Left), "cursor left", None),
        ("right", Input, &[named(K::Right)], A::Edit(Edit::Right), "cursor right", None),
        ("word_left", Input, &[ctrl_named(K::Left)], A::Edit(Edit::WordLeft), "a word left", None),
        ("word_right", Input, &[ctrl_named(K::Right)], A::Edit(Edit::WordRight), "a word right", None),
        ("start", Input, &[named(K::Home), ctrl('a')], A::Edit(Edit::Home), "to the start", None),
        ("end", Input, &[named(K::End), ctrl('e')], A::Edit(Edit::End), "to the end", None),
        ("delete_back", Input, &[named(K::Backspace)], A::Edit(Edit::Backspace), "delete before the cursor", None),
        ("delete", Input, &[named(K::Delete)], A::Edit(Edit::Delete), "delete at the cursor", None),
        ("delete_word", Input, &[ctrl('w')], A::Edit(Edit::DeleteWord), "delete the word before the cursor", None),
        ("delete_to_end", Input, &[ctrl('k')], A::Edit(Edit::KillToEnd), "delete to the end", None),
        ("into_library", Input, &[named(K::Down)], A::IntoLibrary, "down into the library's rows (start screen)", Some("library")),
        // The start screen's library rows.
        ("library_open", Library, &[named(K::Enter)], A::Open, "reopen the list where you left it; a bookmark opens its list on that item", Some("open")),
        ("library_next", Library, &[key('j'), named(K::Down)], A::Move(1), "next row", Some("next")),
        ("library_prev", Library, &[key('k'), named(K::Up)], A::Move(-1), "previous row; from the first, back to the input", Some("prev")),
        ("library_top", Library, &[key('g'), named(K::Home)], A::Top, "first row", None),
        ("library_bottom", Library, &[key('G'), named(K::End)], A::Bottom, "last row", None),
        ("library_back", Library, &[named(K::Esc)], A::Back, "back to the input; typing goes there too", Some("input")),
        ("library_search", Library, &[key('/')], A::Search, "search the whole library (fetches nothing)", Some("search")),
        ("library_help", Library, &[key('?')], A::Help, "this help", None),
        // The search prompt.
        ("search_done", Search, &[named(K::Enter)], A::SearchDone, "go to the first match from the selection on", Some("go")),
        ("search_cancel", Search, &[named(K::Esc)], A::SearchCancel, "clear the search", Some("clear")),
        ("search_delete_back", Search, &[named(K::Backspace)], A::Edit(Edit::Backspace), "delete before the cursor", None),
        ("search_clear", Search, &[ctrl('u')], A::Edit(Edit::Clear), "clear the search text", None),
        // The insights pane.
        ("insights_open", Insights, &[named(K::Enter)], A::Open, "the list, filtered to the items behind this row", Some("show them")),
        ("insights_down", Insights, &[key('j'), named(K::Down)], A::Move(1), "next row", Some("next")),
        ("insights_up", Insights, &[key('k'), named(K::Up)], A::Move(-1), "previous row", None),
        ("insights_load", Insights, &[key('L')], A::LoadRest, "load the rest of the list and analyse again (asks first: billed)", Some("load rest")),
        ("insights_close", Insights, &[named(K::Esc), key('I'), key('q')], A::Back, "back to the list", Some("back")),
        ("insights_page_down", Insights, &[named(K::PageDown), key(' '), ctrl('f')], A::PageDown, "a screen down", None),
        ("insights_page_up", Insights, &[named(K::PageUp), ctrl('b')], A::PageUp, "a screen up", None),
        ("insights_top", Insights, &[key('g'), named(K::Home)], A::Top, "first row", None),
        ("insights_bottom", Insights, &[key('G'), named(K::End)], A::Bottom, "last row", None),
        ("insights_help", Insights, &[key('?')], A::Help, "this help", None),
        // Anywhere.
        ("next_pane", Anywhere, &[named(K::Tab)], A::FocusNext, "next pane", Some("pane")),
        ("prev_pane", Anywhere, &[named(K::BackTab)], A::FocusPrev, "previous pane", None),
        ("help_anywhere", Anywhere, &[named(K::F(1))], A::Help, "this help (? too, outside the input)", Some("help")),
        ("interrupt", Anywhere, &[ctrl('c')], A::Quit, "quit, even while typing", Some("quit")),
        ("redraw", Anywhere, &[ctrl('l')], A::Redraw, "draw the whole screen again", None),
        // The help overlay.
        ("help_down", Help, &[key('j'), named(K::Down)], A::Move(1), "scroll down", None),
        ("help_up", Help, &[key('k'), named(K::Up)], A::Move(-1), "scroll up", None),
        ("help_page_down", Help, &[named(K::PageDown), key(' ')], A::PageDown, "a screen down", None),
        ("help_page_up", Help, &[named(K::PageUp)], A::PageUp, "a screen up", None),
        ("help_top", Help, &[key('g'), named(K::Home)], A::Top, "to the top", None),
        ("help_bottom", Help, &[key('G'), named(K::End)], A::Bottom, "to the bottom", None),
        ("help_close", Help, &[named(K::Esc), key('q'), key('?'), named(K::F(1))], A::CloseHelp, "close (any other key too)", None),
    ]
};

fn defaults() -> Vec<Binding> {
    DEFAULTS
        .iter()
        .map(|&(name, scope, keys, action, help, hint)| Binding {
            name,
            scope,
            keys: keys.to_vec(),
            action,
            help,
            hint,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl_key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    const LIST: Context = Context::Pane(Focus::List);
    const DETAIL: Context = Context::Pane(Focus::Detail);
    const INPUT: Context = Context::Pane(Focus::Input);

    #[test]
    fn letters_type_into_the_input_but_navigate_the_list() {
        let keys = Keymap::default();
        assert_eq!(
            keys.action(INPUT, press(KeyCode::Char('q'))),
            Some(Action::Edit(Edit::Insert('q')))
        );
        assert_eq!(
            keys.action(LIST, press(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
        assert_eq!(
            keys.action(LIST, press(KeyCode::Char('j'))),
            Some(Action::Move(1))
        );
    }

    #[test]
    fn ctrl_c_quits_from_everywhere_even_the_help() {
        let keys = Keymap::default();
        for context in [INPUT, LIST, DETAIL, Context::Help] {
            assert_eq!(keys.action(context, ctrl_key('c')), Some(Action::Quit));
        }
    }

    #[test]
    fn help_opens_from_every_pane_with_f1_and_with_question_mark_outside_the_input() {
        let keys = Keymap::default();
        for context in [INPUT, LIST, DETAIL] {
            assert_eq!(
                keys.action(context, press(KeyCode::F(1))),
                Some(Action::Help)
            );
        }
        assert_eq!(
            keys.action(LIST, press(KeyCode::Char('?'))),
            Some(Action::Help)
        );
        assert_eq!(
            keys.action(INPUT, press(KeyCode::Char('?'))),
            Some(Action::Edit(Edit::Insert('?'))),
            "a question mark can be text there"
        );
    }

    #[test]
    fn ctrl_u_clears_the_input_and_scrolls_the_list() {
        let keys = Keymap::default();
        assert_eq!(
            keys.action(INPUT, ctrl_key('u')),
            Some(Action::Edit(Edit::Clear))
        );
        assert_eq!(keys.action(LIST, ctrl_key('u')), Some(Action::HalfUp));
    }

    #[test]
    fn the_most_specific_scope_wins() {
        let keys = Keymap::default();
        assert_eq!(keys.action(LIST, press(KeyCode::Enter)), Some(Action::Open));
        assert_eq!(
            keys.action(DETAIL, press(KeyCode::Enter)),
            Some(Action::Back)
        );
        assert_eq!(
            keys.action(DETAIL, press(KeyCode::Char('j'))),
            Some(Action::Scroll(1))
        );
        assert_eq!(
            keys.action(DETAIL, press(KeyCode::Char('J'))),
            Some(Action::Move(1))
        );
    }

    #[test]
    fn shifted_letters_match_whatever_the_terminal_says_about_shift() {
        let keys = Keymap::default();
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(keys.action(LIST, shifted), Some(Action::Bottom));
    }

    #[test]
    fn hints_and_help_come_from_the_same_table() {
        let keys = Keymap::default();
        let hints = keys.hints(LIST);
        assert_eq!(hints[..3], ["Enter open", "j next", "k prev"]);
        let detail = keys.hints(DETAIL);
        assert_eq!(detail[..3], ["j scroll", "J next", "K prev"]);
        assert!(!detail.contains(&"j next".to_owned()), "{detail:?}");
        assert_eq!(
            detail.iter().filter(|h| h.ends_with("quit")).count(),
            1,
            "one hint per action: {detail:?}"
        );
        let in_help: Vec<String> = keys
            .sections(Focus::List)
            .iter()
            .flat_map(|(_, rows)| rows.iter().flat_map(|b| b.keys.iter().map(Chord::label)))
            .collect();
        for label in [
            "J", "K", "Ctrl-F", "Ctrl-B", "Ctrl-A", "Ctrl-E", "F1", "/", "u", "Ctrl-O",
        ] {
            assert!(in_help.iter().any(|l| l == label), "help lists {label}");
        }
    }

    #[test]
    fn keys_are_written_in_the_config_as_help_shows_them() {
        for binding in Keymap::default().bindings() {
            for chord in &binding.keys {
                assert_eq!(
                    Chord::parse(&chord.label()),
                    Some(*chord),
                    "{}",
                    chord.label()
                );
            }
        }
        assert_eq!(Chord::parse("ctrl-d"), Some(ctrl('d')));
        assert_eq!(Chord::parse("PageDown"), Some(named(KeyCode::PageDown)));
        assert_eq!(Chord::parse("F13"), None);
        assert_eq!(Chord::parse("jk"), None);
    }

    #[test]
    fn overrides_replace_a_bindings_keys_and_bad_ones_are_named() {
        let next = ["n".to_owned()];
        let keys =
            Keymap::with_overrides([("next_match", &["m".to_owned()][..]), ("next", &next[..])])
                .unwrap();
        assert_eq!(
            keys.action(LIST, press(KeyCode::Char('n'))),
            Some(Action::Move(1))
        );
        assert_eq!(
            keys.action(LIST, press(KeyCode::Char('j'))),
            None,
            "j is no longer next"
        );
        let unknown = Keymap::with_overrides([("nxet", &next[..])]).unwrap_err();
        assert!(
            unknown.contains("`nxet`") && unknown.contains("next"),
            "{unknown}"
        );
        let bad =
            Keymap::with_overrides([("next", &["Ctrl-".to_owned() + "Shift-X"][..])]).unwrap_err();
        assert!(bad.contains("not a key"), "{bad}");
        let twice = Keymap::with_overrides([("next", &["k".to_owned()][..])]).unwrap_err();
        assert!(twice.contains("both `next` and `prev`"), "{twice}");
    }

    #[test]
    fn i_opens_the_insights_whose_keys_work_only_there_and_are_hinted() {
        let keys = Keymap::default();
        let insights = Context::Insights;
        assert_eq!(
            keys.action(LIST, press(KeyCode::Char('I'))),
            Some(Action::Insights)
        );
        assert_eq!(keys.action(LIST, press(KeyCode::Char('L'))), None);
        assert_eq!(
            keys.action(insights, press(KeyCode::Char('L'))),
            Some(Action::LoadRest)
        );
        assert_eq!(
            keys.action(insights, press(KeyCode::Enter)),
            Some(Action::Open)
        );
        assert_eq!(
            keys.action(insights, press(KeyCode::Esc)),
            Some(Action::Back)
        );
        let hints = keys.hints(insights);
        assert!(hints.contains(&"L load rest".to_owned()), "{hints:?}");
        let sections = keys.sections(Focus::List);
        assert!(
            sections
                .iter()
                .any(|(scope, rows)| *scope == Scope::Insights && !rows.is_empty())
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        let keys = Keymap::default();
        for (i, a) in keys.bindings().iter().enumerate() {
            for b in &keys.bindings()[i + 1..] {
                if a.scope == b.scope {
                    for chord in &a.keys {
                        assert!(
                            !b.keys.contains(chord),
                            "{} twice in {:?}",
                            chord.label(),
                            a.scope
                        );
                    }
                }
            }
        }
    }
}
