//! Keys to actions, per focused pane. One table, so the help overlay and the status bar
//! can never disagree with what the keys do.

use super::Focus;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    FocusNext,
    FocusPrev,
    FocusInput,
    /// Esc: leave the input, or go back from the detail pane to the list.
    Back,
    /// Enter in the list: read the selected reply in the detail pane.
    Open,
    /// Select the reply `n` rows away.
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

/// An edit of the comment-ID field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    Clear,
}

/// The action for a key in the focused pane, if any. Key releases are ignored (Windows
/// reports both press and release).
pub fn action(focus: Focus, key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match (key.code, ctrl) {
        (KeyCode::Char('c'), true) => return Some(Action::Quit),
        (KeyCode::Char('l'), true) => return Some(Action::Redraw),
        (KeyCode::Tab, _) => return Some(Action::FocusNext),
        (KeyCode::BackTab, _) => return Some(Action::FocusPrev),
        _ => {}
    }
    match focus {
        Focus::Input => input_action(key.code, ctrl),
        Focus::List | Focus::Detail => browse_action(focus, key.code, ctrl),
    }
}

fn input_action(code: KeyCode, ctrl: bool) -> Option<Action> {
    let edit = match (code, ctrl) {
        (KeyCode::Enter, _) => return Some(Action::Submit),
        (KeyCode::Esc, _) => return Some(Action::Back),
        (KeyCode::Char('u'), true) => Edit::Clear,
        (KeyCode::Char('a'), true) => Edit::Home,
        (KeyCode::Char('e'), true) => Edit::End,
        (KeyCode::Char(c), false) => Edit::Insert(c),
        (KeyCode::Backspace, _) => Edit::Backspace,
        (KeyCode::Delete, _) => Edit::Delete,
        (KeyCode::Left, _) => Edit::Left,
        (KeyCode::Right, _) => Edit::Right,
        (KeyCode::Home, _) => Edit::Home,
        (KeyCode::End, _) => Edit::End,
        _ => return None,
    };
    Some(Action::Edit(edit))
}

fn browse_action(focus: Focus, code: KeyCode, ctrl: bool) -> Option<Action> {
    Some(match (code, ctrl) {
        (KeyCode::Char('d'), true) => Action::HalfDown,
        (KeyCode::Char('u'), true) => Action::HalfUp,
        (KeyCode::Char('f'), true) | (KeyCode::PageDown, _) => Action::PageDown,
        (KeyCode::Char('b'), true) | (KeyCode::PageUp, _) => Action::PageUp,
        (_, true) => return None,
        (KeyCode::Char('q'), _) => Action::Quit,
        (KeyCode::Char('?'), _) => Action::Help,
        (KeyCode::Char('i') | KeyCode::Char('/'), _) => Action::FocusInput,
        (KeyCode::Char('j') | KeyCode::Down, _) if focus == Focus::Detail => Action::Scroll(1),
        (KeyCode::Char('k') | KeyCode::Up, _) if focus == Focus::Detail => Action::Scroll(-1),
        (KeyCode::Char('j') | KeyCode::Down, _) => Action::Move(1),
        (KeyCode::Char('k') | KeyCode::Up, _) => Action::Move(-1),
        (KeyCode::Char('g') | KeyCode::Home, _) => Action::Top,
        (KeyCode::Char('G') | KeyCode::End, _) => Action::Bottom,
        (KeyCode::Char('r'), _) => Action::Retry,
        (KeyCode::Char('R'), _) => Action::Refresh,
        (KeyCode::Enter, _) if focus == Focus::List => Action::Open,
        (KeyCode::Enter | KeyCode::Esc, _) => Action::Back,
        // In the detail pane, n/p (or J/K) step through replies without leaving it.
        (KeyCode::Char('n') | KeyCode::Char('J'), _) => Action::Move(1),
        (KeyCode::Char('p') | KeyCode::Char('K'), _) => Action::Move(-1),
        _ => return None,
    })
}

/// Ctrl-C, which quits from anywhere, even from the help overlay.
pub fn is_interrupt(key: KeyEvent) -> bool {
    key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL)
}

/// One line of the help overlay: keys and what they do.
pub struct HelpEntry {
    pub keys: &'static str,
    pub what: &'static str,
}

/// Every key, grouped by where it works, for the `?` overlay. Kept to 18 lines so the
/// overlay fits an 80×24 terminal.
pub const HELP: &[(&str, &[HelpEntry])] = &[
    (
        "Anywhere",
        &[
            HelpEntry {
                keys: "Tab  Shift-Tab",
                what: "next / previous pane",
            },
            HelpEntry {
                keys: "?",
                what: "this help (any key closes it)",
            },
            HelpEntry {
                keys: "q  Ctrl-C",
                what: "quit (only Ctrl-C while typing an ID)",
            },
            HelpEntry {
                keys: "Ctrl-L",
                what: "draw the whole screen again",
            },
        ],
    ),
    (
        "Comment-ID input",
        &[
            HelpEntry {
                keys: "i  /",
                what: "type or paste a top-level comment ID",
            },
            HelpEntry {
                keys: "Enter",
                what: "load that thread, replacing the current one",
            },
            HelpEntry {
                keys: "Ctrl-U",
                what: "clear the input",
            },
            HelpEntry {
                keys: "Esc",
                what: "back to the reply list",
            },
        ],
    ),
    (
        "Reply list",
        &[
            HelpEntry {
                keys: "j k  ↓ ↑  wheel",
                what: "next / previous reply",
            },
            HelpEntry {
                keys: "PgDn PgUp ^D ^U",
                what: "a screen / half a screen down, up",
            },
            HelpEntry {
                keys: "g Home  G End",
                what: "first / last loaded reply",
            },
            HelpEntry {
                keys: "Enter",
                what: "read the reply in the detail pane",
            },
            HelpEntry {
                keys: "r",
                what: "retry the page that failed",
            },
            HelpEntry {
                keys: "R R",
                what: "reload from the API, skipping the cache (billed)",
            },
        ],
    ),
    (
        "Detail pane",
        &[
            HelpEntry {
                keys: "j k  PgDn PgUp",
                what: "scroll the reply and the profile",
            },
            HelpEntry {
                keys: "n p",
                what: "next / previous reply",
            },
            HelpEntry {
                keys: "Esc  Enter",
                what: "back to the list",
            },
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn letters_type_into_the_input_but_navigate_the_list() {
        assert_eq!(
            action(Focus::Input, key(KeyCode::Char('q'))),
            Some(Action::Edit(Edit::Insert('q')))
        );
        assert_eq!(
            action(Focus::List, key(KeyCode::Char('q'))),
            Some(Action::Quit)
        );
        assert_eq!(
            action(Focus::List, key(KeyCode::Char('j'))),
            Some(Action::Move(1))
        );
    }

    #[test]
    fn ctrl_c_quits_from_everywhere() {
        for focus in [Focus::Input, Focus::List, Focus::Detail] {
            assert_eq!(action(focus, ctrl('c')), Some(Action::Quit));
        }
    }

    #[test]
    fn ctrl_u_clears_the_input_and_scrolls_the_list() {
        assert_eq!(
            action(Focus::Input, ctrl('u')),
            Some(Action::Edit(Edit::Clear))
        );
        assert_eq!(action(Focus::List, ctrl('u')), Some(Action::HalfUp));
    }

    #[test]
    fn enter_opens_from_the_list_and_goes_back_from_the_detail() {
        assert_eq!(action(Focus::List, key(KeyCode::Enter)), Some(Action::Open));
        assert_eq!(
            action(Focus::Detail, key(KeyCode::Enter)),
            Some(Action::Back)
        );
    }
}
