//! Text the panes show, decided here so that `update` can measure it (how many lines the
//! detail pane or the list's footer take) and `ui` only styles and places it.
//!
//! A line is a list of pieces, each with a [`Role`] saying what it is; the ui maps roles to
//! colours. Lines are already wrapped to the width they are for, by display width, so no
//! text from the API ever meets `Paragraph::wrap`.

use super::Focus;
use super::advice::{Again, worded};
use super::keymap::{Action, Keymap};
use super::lens::Lens;
use super::open::OpenList;
use crate::paging::{EndReason, Noun, Paging};
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
    /// What to read first: bold.
    Strong,
    /// The selected row of a list drawn as lines (the start screen's library rows).
    Selected,
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

/// What a row of a list shows of its item, whatever the kind: the ui draws every row the
/// same way from it.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub post: &'a crate::api::Post,
    /// Whom it answers, by nickname, when it answers another reply.
    pub answers: Option<&'a str>,
    /// Pinned to the top (置顶).
    pub pinned: bool,
    /// How many replies it has, for a comment.
    pub replies: Option<u64>,
    /// Which list it is in, for a row of a list of many (the library's search results).
    pub within: Option<Within<'a>>,
}

/// The list an item is in: a video's comments, or the replies under a comment.
#[derive(Debug, Clone, Copy)]
pub struct Within<'a> {
    pub kind: crate::library::ListKind,
    /// The video's title, or the text of the comment the replies are under, when known.
    pub title: Option<&'a str>,
    /// The video's or the comment's ID.
    pub key: &'a str,
}

impl Within<'_> {
    /// "《大理vlog》", "re “我也想去”", or the end of the ID when nothing else is known
    /// ("thread …9591"): enough to tell two lists apart in a narrow column.
    pub fn label(&self) -> String {
        use crate::library::ListKind;
        let title = self.title.map(|t| crate::text::one_line(t).into_owned());
        let tail = || {
            let start = self.key.char_indices().rev().nth(3).map_or(0, |(at, _)| at);
            format!("…{}", &self.key[start..])
        };
        match (self.kind, title) {
            (ListKind::Comments, Some(title)) => format!("《{title}》"),
            (ListKind::Comments, None) => format!("video {}", tail()),
            (ListKind::Replies, Some(text)) => format!("re “{text}”"),
            (ListKind::Replies, None) => format!("thread {}", tail()),
        }
    }
}

/// The rows after the last item: loading, the end of the list, or the failed page's error in
/// plain words, with the retry key as mapped in `keymap`.
pub fn footer_lines(
    list: &dyn OpenList,
    keys: &Keymap,
    width: u16,
    spinner: usize,
    now: i64,
) -> Vec<ViewLine> {
    let room = usize::from(width).saturating_sub(2);
    let (noun, progress, view) = (list.noun(), list.progress(), list.view());
    let (text, role) = match progress.paging() {
        Paging::Idle => return Vec::new(),
        Paging::Loading { page } => {
            let spin = spinner_frame(spinner);
            let text = match progress.retrying() {
                None => format!("{spin} loading page {page}…"),
                Some(r) => format!(
                    "{spin} page {page}: {} — trying again in {} s (attempt {} of {})…",
                    r.reason,
                    progress.retry_in(now).unwrap_or(0),
                    r.failed_attempt + 1,
                    r.max_attempts
                ),
            };
            (text, Role::Dim)
        }
        Paging::Failed { page, error } => (
            format!(
                "✗ Page {page} failed. {}",
                worded(error, &Again::page(keys))
            ),
            Role::Error,
        ),
        Paging::End(_) if view.loaded() == 0 && list.none_loaded(keys).is_some() => {
            (list.none_loaded(keys).unwrap_or_default(), Role::Dim)
        }
        Paging::End(reason) => {
            let counts = Counts {
                loaded: view.loaded(),
                shown: view.has_view().then(|| view.rows()),
                total: progress.total(),
            };
            (
                end_text(*reason, counts, noun, list.lens(), keys),
                Role::Dim,
            )
        }
    };
    wrap(&text, room)
        .into_iter()
        .map(|l| ViewLine::new(format!("  {l}"), role))
        .collect()
}

/// How many items a list holds: loaded, shown through a view when there is one, and as
/// many as the service counts.
struct Counts {
    loaded: usize,
    shown: Option<usize>,
    total: Option<u64>,
}

/// The end of the list: how many it holds, how many of them a filter shows, and how many
/// more Douyin counts but never sent (`total − loaded`, whatever the filter shows). A view
/// that shows nothing says so, and which key leaves it.
fn end_text(reason: EndReason, counts: Counts, noun: Noun, lens: &Lens, keys: &Keymap) -> String {
    let Counts {
        loaded,
        shown,
        total,
    } = counts;
    if loaded == 0 {
        return format!("No {} under {}.", noun.many, noun.parent);
    }
    if shown == Some(0) {
        return nothing_shown(loaded, noun, lens, keys);
    }
    let hidden = total.map_or(0, |t| t.saturating_sub(loaded as u64));
    let why = match reason {
        EndReason::NothingNew => " (the last page brought nothing new)",
        _ => "",
    };
    let held = noun.count(loaded as u64);
    let shown = match shown {
        Some(shown) if shown < loaded => format!(", {shown} shown"),
        _ => String::new(),
    };
    match hidden {
        0 => format!("— {}: {held}{shown}{why} —", noun.end),
        n => format!(
            "— {}: {held}{shown}; Douyin counts {n} more it does not show{why} —",
            noun.end
        ),
    }
}

/// A view that shows none of the loaded items: what it is, and the key that leaves it.
fn nothing_shown(loaded: usize, noun: Noun, lens: &Lens, keys: &Keymap) -> String {
    let one = noun.one;
    if let Some(talk) = &lens.conversation {
        let back = keys.key_for(Action::Back);
        return format!(
            "No {one} of the {loaded} loaded is in the conversation {}: {back} shows all of them.",
            talk.names
        );
    }
    let filter = lens.filter;
    let key = keys.key_for(Action::Filter);
    let next = match filter.next().name() {
        None => "all of them".to_owned(),
        Some(name) => format!("those {name}"),
    };
    match filter.name() {
        Some(name) => format!("No {one} of the {loaded} loaded is {name}: {key} shows {next}."),
        None => format!("No {one} of the {loaded} loaded is shown: {key} changes the filter."),
    }
}

/// The list's state in a few words, for its title: "37 of 117 loaded · ⠋ page 5",
/// "end of thread", "✗ page 2: daily quota exceeded".
pub fn list_status(list: &dyn OpenList, spinner: usize) -> Vec<(String, Role)> {
    let (noun, progress) = (list.noun(), list.progress());
    let loaded = list.view().loaded();
    let count = match progress.total() {
        Some(total) if total as usize >= loaded => format!("{loaded} of {total} loaded"),
        _ => format!("{loaded} loaded"),
    };
    let mut out = vec![(count, Role::Plain)];
    let state = match progress.paging() {
        Paging::Idle => None,
        Paging::Loading { page } => {
            let retry = progress
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

/// The most rows the status bar takes for a long message.
const STATUS_MAX_ROWS: usize = 4;

/// What the status bar shows: a message's lines, and the session's counts on one of them
/// (`None` while a long message needs their room).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusText {
    pub lines: Vec<String>,
    pub counts: String,
    pub counts_row: Option<usize>,
}

/// The session's counts, as the status bar shows them, after what keeps the library from
/// being written while it lasts.
pub fn status_counts(
    stats: &super::SessionStats,
    not_written: Option<crate::library::WriteFailure>,
) -> String {
    use crate::library::WriteFailure;
    let library = match not_written {
        None => "",
        Some(WriteFailure::Full) => " library full ·",
        Some(WriteFailure::ReadOnly) => " library read-only ·",
        Some(WriteFailure::Other) => " library failing ·",
    };
    format!(
        "{library} sent {} · billed {} · cached {} ",
        stats.sent, stats.billed, stats.cache_pages
    )
}

/// A message in a status bar `width` cells wide, on a screen `height` rows high: on one row
/// beside the counts when it fits; else wrapped over up to four rows (fewer on a short
/// screen), its first words first, cut with "…" only past them, the counts on the last row
/// if they fit after it. Computed here so the layout gives the bar its rows and the ui
/// draws the same lines.
pub fn status_text(message: &str, counts: String, width: u16, height: u16) -> StatusText {
    let width = usize::from(width);
    let counts_width = width_of(&counts);
    let counts_fit = counts_width + 10 <= width;
    let room = if counts_fit {
        width - counts_width - 1
    } else {
        width
    };
    let message = message.replace('\n', " ");
    let one = format!(" {message}");
    if width_of(&one) <= room {
        return StatusText {
            lines: vec![one],
            counts,
            counts_row: counts_fit.then_some(0),
        };
    }
    let max_rows = STATUS_MAX_ROWS.min(usize::from(height / 4)).max(1);
    let mut lines: Vec<String> = wrap(&message, width.saturating_sub(2).max(1))
        .into_iter()
        .map(|line| format!(" {line}"))
        .collect();
    if lines.len() > max_rows {
        let rest = lines.split_off(max_rows - 1).join(" ");
        lines.push(crate::text::truncate(&rest, width).0);
    }
    // The counts stay in view: after the last line, on a row of their own, or after the
    // last line cut short when the message has all its rows.
    let last = lines.len() - 1;
    let counts_row = match counts_fit {
        false => None,
        true if width_of(&lines[last]) + counts_width < width => Some(last),
        true if lines.len() < max_rows => {
            lines.push(String::new());
            Some(last + 1)
        }
        true => {
            lines[last] = crate::text::truncate(&lines[last], room).0;
            Some(last)
        }
    };
    StatusText {
        lines,
        counts,
        counts_row,
    }
}

fn width_of(text: &str) -> usize {
    width(text)
}

/// What the welcome pane shows before anything is open, wrapped to `width` cells inside
/// its border: what to paste, and without a token how to set one. It scrolls where it does
/// not fit (the app keeps the offset, from this many lines).
pub fn welcome_lines(fetching: &super::Fetching, keys: &Keymap, width: u16) -> Vec<ViewLine> {
    let width = usize::from(width).saturating_sub(2);
    let mut lines = vec![ViewLine::blank()];
    let help = keys.key_in(super::keymap::Scope::Anywhere, Action::Help);
    let intro = [
        (
            "Paste a Douyin share text or video link above, or type a comment ID, and press Enter."
                .to_owned(),
            Role::Strong,
        ),
        (
            format!(
                "A video opens on its comments, a comment on its replies; they load as you \
                 scroll. {help} shows every key."
            ),
            Role::Dim,
        ),
    ];
    for (text, role) in intro {
        for l in wrap(&text, width) {
            lines.push(ViewLine::new(format!("  {l}"), role));
        }
    }
    if let super::Fetching::NoToken { how_to } = fetching {
        lines.push(ViewLine::blank());
        for paragraph in how_to.lines() {
            // Bullets hang: their continuation lines start under the text, not the bullet.
            let (first, rest) = match paragraph.strip_prefix("• ") {
                Some(item) => ("  • ", item),
                None => ("  ", paragraph),
            };
            let lead_width = first.chars().count();
            for (i, l) in wrap(rest, width.saturating_sub(lead_width))
                .into_iter()
                .enumerate()
            {
                let lead = if i == 0 {
                    first.to_owned()
                } else {
                    " ".repeat(lead_width)
                };
                lines.push(ViewLine::new(format!("{lead}{l}"), Role::Error));
            }
        }
    }
    lines
}
