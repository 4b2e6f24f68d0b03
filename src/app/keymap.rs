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
    Refresh,
    Submit,
    Edit(Edit),
    /// Ctrl-L: clear and draw the whole screen again.
    Redraw,
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
    /// While the help overlay is open, before anything else.
    Help,
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
            Scope::Help => "This help",
        }
    }
}

/// A key with or without Ctrl. Shift is part of the character ('G'), not a modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chord {
    pub code: KeyCode,
    pub ctrl: bool,
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
    Help,
}

impl Context {
    /// The scopes searched for a key, the most specific first.
    fn scopes(self) -> &'static [Scope] {
        match self {
            Context::Help => &[Scope::Help],
            Context::Pane(Focus::Input) => &[Scope::Input, Scope::Anywhere],
            Context::Pane(Focus::List) => &[Scope::List, Scope::Browse, Scope::Anywhere],
            Context::Pane(Focus::Detail) => &[Scope::Detail, Scope::Browse, Scope::Anywhere],
        }
    }
}

impl Keymap {
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
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
        match (bound, context, chord) {
            (Some(action), _, _) => Some(action),
            (
                None,
                Context::Pane(Focus::Input),
                Chord {
                    code: KeyCode::Char(c),
                    ctrl: false,
                },
            ) => Some(Action::Edit(Edit::Insert(c))),
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

fn bind(
    scope: Scope,
    keys: &[Chord],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        scope,
        keys: keys.to_vec(),
        action,
        help,
        hint,
    }
}

/// The default table, in the order of the help overlay within each scope.
fn defaults() -> Vec<Binding> {
    use Action as A;
    use KeyCode as K;
    use Scope::*;
    let b = bind;
    vec![
        // List and detail: reading.
        b(
            Browse,
            &[key('j'), named(K::Down)],
            A::Move(1),
            "next reply",
            Some("next"),
        ),
        b(
            Browse,
            &[key('k'), named(K::Up)],
            A::Move(-1),
            "previous reply",
            Some("prev"),
        ),
        b(Browse, &[key('?')], A::Help, "this help", Some("help")),
        b(Browse, &[key('q')], A::Quit, "quit", Some("quit")),
        b(
            Browse,
            &[named(K::PageDown), ctrl('f')],
            A::PageDown,
            "a screen down",
            None,
        ),
        b(
            Browse,
            &[named(K::PageUp), ctrl('b')],
            A::PageUp,
            "a screen up",
            None,
        ),
        b(
            Browse,
            &[ctrl('d')],
            A::HalfDown,
            "half a screen down",
            None,
        ),
        b(Browse, &[ctrl('u')], A::HalfUp, "half a screen up", None),
        b(
            Browse,
            &[key('g'), named(K::Home)],
            A::Top,
            "first loaded reply",
            None,
        ),
        b(
            Browse,
            &[key('G'), named(K::End)],
            A::Bottom,
            "last loaded reply",
            Some("end"),
        ),
        b(
            Browse,
            &[key('r')],
            A::Retry,
            "retry the page that failed",
            Some("retry"),
        ),
        b(
            Browse,
            &[key('R')],
            A::Refresh,
            "reload, skipping the cache (asks first: billed)",
            Some("reload"),
        ),
        b(
            Browse,
            &[key('i'), key('/')],
            A::FocusInput,
            "type or paste an ID, a link or a share text",
            None,
        ),
        // The list.
        b(
            List,
            &[named(K::Enter)],
            A::Open,
            "open a comment's replies; read a reply in the detail pane",
            Some("open"),
        ),
        b(
            List,
            &[named(K::Esc), named(K::Backspace)],
            A::Back,
            "back from a comment's replies to the video's comments",
            None,
        ),
        // The detail pane.
        b(
            Detail,
            &[key('j'), named(K::Down)],
            A::Scroll(1),
            "scroll down",
            Some("scroll"),
        ),
        b(
            Detail,
            &[key('k'), named(K::Up)],
            A::Scroll(-1),
            "scroll up",
            None,
        ),
        b(
            Detail,
            &[key('n'), key('J')],
            A::Move(1),
            "next reply",
            Some("next"),
        ),
        b(
            Detail,
            &[key('p'), key('K')],
            A::Move(-1),
            "previous reply",
            Some("prev"),
        ),
        b(
            Detail,
            &[named(K::Esc), named(K::Enter), named(K::Backspace)],
            A::Back,
            "back to the list",
            Some("back"),
        ),
        // The input.
        b(
            Input,
            &[named(K::Enter)],
            A::Submit,
            "open it: a comment's replies, or a video's comments",
            Some("load"),
        ),
        b(
            Input,
            &[named(K::Esc)],
            A::Back,
            "back to the list, undoing the edit",
            Some("back"),
        ),
        b(
            Input,
            &[ctrl('u')],
            A::Edit(Edit::Clear),
            "clear the input",
            Some("clear"),
        ),
        b(
            Input,
            &[named(K::Left)],
            A::Edit(Edit::Left),
            "cursor left",
            None,
        ),
        b(
            Input,
            &[named(K::Right)],
            A::Edit(Edit::Right),
            "cursor right",
            None,
        ),
        b(
            Input,
            &[ctrl_named(K::Left)],
            A::Edit(Edit::WordLeft),
            "a word left",
            None,
        ),
        b(
            Input,
            &[ctrl_named(K::Right)],
            A::Edit(Edit::WordRight),
            "a word right",
            None,
        ),
        b(
            Input,
            &[named(K::Home), ctrl('a')],
            A::Edit(Edit::Home),
            "to the start",
            None,
        ),
        b(
            Input,
            &[named(K::End), ctrl('e')],
            A::Edit(Edit::End),
            "to the end",
            None,
        ),
        b(
            Input,
            &[named(K::Backspace)],
            A::Edit(Edit::Backspace),
            "delete before the cursor",
            None,
        ),
        b(
            Input,
            &[named(K::Delete)],
            A::Edit(Edit::Delete),
            "delete at the cursor",
            None,
        ),
        b(
            Input,
            &[ctrl('w')],
            A::Edit(Edit::DeleteWord),
            "delete the word before the cursor",
            None,
        ),
        b(
            Input,
            &[ctrl('k')],
            A::Edit(Edit::KillToEnd),
            "delete to the end",
            None,
        ),
        // Anywhere.
        b(
            Anywhere,
            &[named(K::Tab)],
            A::FocusNext,
            "next pane",
            Some("pane"),
        ),
        b(
            Anywhere,
            &[named(K::BackTab)],
            A::FocusPrev,
            "previous pane",
            None,
        ),
        b(
            Anywhere,
            &[named(K::F(1))],
            A::Help,
            "this help (? too, outside the input)",
            Some("help"),
        ),
        b(
            Anywhere,
            &[ctrl('c')],
            A::Quit,
            "quit, even while typing",
            Some("quit"),
        ),
        b(
            Anywhere,
            &[ctrl('l')],
            A::Redraw,
            "draw the whole screen again",
            None,
        ),
        // The help overlay.
        b(
            Help,
            &[key('j'), named(K::Down)],
            A::Move(1),
            "scroll down",
            None,
        ),
        b(
            Help,
            &[key('k'), named(K::Up)],
            A::Move(-1),
            "scroll up",
            None,
        ),
        b(
            Help,
            &[named(K::PageDown), key(' ')],
            A::PageDown,
            "a screen down",
            None,
        ),
        b(Help, &[named(K::PageUp)], A::PageUp, "a screen up", None),
        b(
            Help,
            &[key('g'), named(K::Home)],
            A::Top,
            "to the top",
            None,
        ),
        b(
            Help,
            &[key('G'), named(K::End)],
            A::Bottom,
            "to the bottom",
            None,
        ),
        b(
            Help,
            &[named(K::Esc), key('q'), key('?'), named(K::F(1))],
            A::CloseHelp,
            "close (any other key too)",
            None,
        ),
    ]
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
        assert_eq!(detail[..3], ["j scroll", "n next", "p prev"]);
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
        for label in ["J", "K", "Ctrl-F", "Ctrl-B", "Ctrl-A", "Ctrl-E", "F1"] {
            assert!(in_help.iter().any(|l| l == label), "help lists {label}");
        }
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
