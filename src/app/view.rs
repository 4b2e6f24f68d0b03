//! Text the panes show, decided here so that `update` can measure it (how many lines the
//! detail pane or the list's footer take) and `ui` only styles and places it.
//!
//! A line is a list of pieces, each with a [`Role`] saying what it is; the ui maps roles to
//! colours. Lines are already wrapped to the width they are for, by display width, so no
//! text from the API ever meets `Paragraph::wrap`.

use super::Focus;
use super::advice::{Again, worded};
use super::keymap::Keymap;
use crate::paging::{EndReason, PagedList, Paging};
use crate::text::{width, wrap};

/// What a piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Plain,
    /// Secondary: times, hints, the end of a list.
    Dim,
    /// Keys of the profile, facts, counts.
    Label,
    Nickname,
    /// "↳ replying to @name".
    ReplyTo,
    /// A sticker code like [暗中观察].
    Sticker,
    /// The 作者赞过 badge: the one label that must stand out.
    AuthorLiked,
    /// Written by the video's author.
    AuthorBadge,
    HotBadge,
    /// Accented: a pane's state, a section of the help.
    Title,
    /// A section heading inside a pane.
    Heading,
    /// A key in the help overlay.
    Key,
    Error,
    /// Text of a post Douyin folded away.
    Folded,
    /// What the search found.
    Match,
    /// The "new since the last fetch" badge.
    New,
}

/// A run of text in one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub role: Role,
}

/// One line on screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewLine {
    pub pieces: Vec<Piece>,
}

impl ViewLine {
    pub fn new(text: impl Into<String>, role: Role) -> ViewLine {
        ViewLine {
            pieces: vec![Piece {
                text: text.into(),
                role,
            }],
        }
    }

    pub fn blank() -> ViewLine {
        ViewLine::default()
    }

    pub fn push(&mut self, text: impl Into<String>, role: Role) -> &mut ViewLine {
        self.pieces.push(Piece {
            text: text.into(),
            role,
        });
        self
    }

    /// The line's text without roles (for tests and measuring).
    pub fn text(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }
}

/// `text` in `role`, with what `needle` finds in it set apart as [`Role::Match`].
pub fn marked(text: &str, role: Role, needle: Option<&crate::text::Needle>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut at = 0;
    for found in needle.map(|n| n.find_all(text)).unwrap_or_default() {
        if found.start > at {
            pieces.push(Piece {
                text: text[at..found.start].to_owned(),
                role,
            });
        }
        pieces.push(Piece {
            text: text[found.clone()].to_owned(),
            role: Role::Match,
        });
        at = found.end;
    }
    if at < text.len() || pieces.is_empty() {
        pieces.push(Piece {
            text: text[at..].to_owned(),
            role,
        });
    }
    pieces
}

/// `text` wrapped to `width` cells, every line in one role.
pub fn wrapped(text: &str, width: usize, role: Role) -> Vec<ViewLine> {
    wrap(text, width)
        .into_iter()
        .map(|l| ViewLine::new(l, role))
        .collect()
}

/// The frames of the spinner shown while a page loads.
pub const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn spinner_frame(tick: usize) -> &'static str {
    SPINNER[tick % SPINNER.len()]
}

/// What a list holds, in words: "reply" / "replies".
#[derive(Debug, Clone, Copy)]
pub struct Noun {
    pub one: &'static str,
    pub many: &'static str,
    /// What the list is under: "this comment".
    pub parent: &'static str,
    /// Its end: "end of thread".
    pub end: &'static str,
}

pub const REPLIES: Noun = Noun {
    one: "reply",
    many: "replies",
    parent: "this comment",
    end: "end of thread",
};

pub const COMMENTS: Noun = Noun {
    one: "comment",
    many: "comments",
    parent: "this video",
    end: "end of comments",
};

/// The rows after the last item: loading, the end of the list, or the failed page's error in
/// plain words, with the retry key as mapped in `keymap`.
pub fn footer_lines(
    list: &dyn PagedList,
    noun: Noun,
    keymap: &Keymap,
    width: u16,
    spinner: usize,
    now: i64,
) -> Vec<ViewLine> {
    let room = usize::from(width).saturating_sub(2);
    let (text, role) = match list.paging() {
        Paging::Idle => return Vec::new(),
        Paging::Loading { page } => {
            let spin = spinner_frame(spinner);
            let text = match list.retrying() {
                None => format!("{spin} loading page {page}…"),
                Some(r) => format!(
                    "{spin} page {page}: {} — trying again in {} s (attempt {} of {})…",
                    r.reason,
                    list.retry_in(now).unwrap_or(0),
                    r.failed_attempt + 1,
                    r.max_attempts
                ),
            };
            (text, Role::Dim)
        }
        Paging::Failed { page, error } => (
            format!(
                "✗ Page {page} failed. {}",
                worded(error, &Again::page(keymap))
            ),
            Role::Error,
        ),
        Paging::End(reason) => (end_text(*reason, list.len(), list.total(), noun), Role::Dim),
    };
    wrap(&text, room)
        .into_iter()
        .map(|l| ViewLine::new(format!("  {l}"), role))
        .collect()
}

fn end_text(reason: EndReason, loaded: usize, total: Option<u64>, noun: Noun) -> String {
    if loaded == 0 {
        return format!("No {} under {}.", noun.many, noun.parent);
    }
    let hidden = total.map_or(0, |t| t.saturating_sub(loaded as u64));
    let why = match reason {
        EndReason::NothingNew => " (the last page brought nothing new)",
        _ => "",
    };
    let what = if loaded == 1 { noun.one } else { noun.many };
    match hidden {
        0 => format!("— {}: {loaded} {what}{why} —", noun.end),
        n => format!(
            "— {}: {loaded} {what}; Douyin counts {n} more it does not show{why} —",
            noun.end
        ),
    }
}

/// The list's state in a few words, for its title: "37 of 117 loaded · ⠋ page 5",
/// "end of thread", "✗ page 2: daily quota exceeded".
pub fn list_status(list: &dyn PagedList, noun: Noun, spinner: usize) -> Vec<(String, Role)> {
    let loaded = list.loaded();
    let count = match list.total() {
        Some(total) if total as usize >= loaded => format!("{loaded} of {total} loaded"),
        _ => format!("{loaded} loaded"),
    };
    let mut out = vec![(count, Role::Plain)];
    let state = match list.paging() {
        Paging::Idle => None,
        Paging::Loading { page } => {
            let retry = list
                .retrying()
                .map_or(String::new(), |r| format!(" ({}, retrying)", r.reason));
            Some((
                format!("{} page {page}{retry}", spinner_frame(spinner)),
                Role::Title,
            ))
        }
        Paging::End(_) => Some((noun.end.to_owned(), Role::Dim)),
        Paging::Failed { page, error } => {
            Some((format!("✗ page {page}: {}", error.headline()), Role::Error))
        }
    };
    if let Some(state) = state {
        out.push((" · ".to_owned(), Role::Plain));
        out.push(state);
    }
    out
}

/// Every line of the help overlay, from the key table, for `width` cells: the keys in a
/// column, what they do wrapped beside them (below them, when the overlay is narrow).
pub fn help_lines(keymap: &Keymap, from: Focus, columns: u16) -> Vec<ViewLine> {
    const INDENT: usize = 3;
    let columns = usize::from(columns);
    let keys_column = 22.min(columns / 2);
    let mut out = Vec::new();
    for (scope, rows) in keymap.sections(from) {
        if rows.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(ViewLine::blank());
        }
        out.push(ViewLine::new(format!(" {}", scope.title()), Role::Title));
        for binding in rows {
            let keys: Vec<String> = binding.keys.iter().map(|k| k.label()).collect();
            let keys = format!("{}{}", " ".repeat(INDENT), keys.join("  "));
            let room = columns.saturating_sub(keys_column).max(1);
            let help = wrap(binding.help, room);
            let beside = width(&keys) < keys_column;
            if !beside {
                out.push(ViewLine::new(keys.clone(), Role::Key));
            }
            for (i, text) in help.into_iter().enumerate() {
                let lead = match (i, beside) {
                    (0, true) => format!("{keys}{}", " ".repeat(keys_column - width(&keys))),
                    _ => " ".repeat(keys_column),
                };
                let mut line = ViewLine::new(lead, Role::Key);
                line.push(text, Role::Plain);
                out.push(line);
            }
        }
    }
    out
}
