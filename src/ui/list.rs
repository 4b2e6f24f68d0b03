//! The list pane: one row per reply or comment, built only for the rows on screen, then
//! the footer the app wrote (loading, the end of the list, or a failed page).

use super::cache::Rows;
use super::paint::{Border, put, put_line};
use super::{line, theme};
use crate::api::{Comment, Post, Reply};
use crate::app::view::{Role, Row, Within, footer_lines, list_status, marked};
use crate::app::{App, Focus, Shown};
use crate::format;
use crate::library::ListKind;
use crate::paging::{Comments, Replies};
use crate::text::{Needle, one_line, truncate_cow, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

/// The list pane: its title (what is loaded, the lens, the search) around the rows.
/// Returns where the rows drawn from `rows` are (their cells are steadied already).
pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer, rows: &mut Rows) -> Rect {
    let Some(list) = app.list() else {
        return Rect::default();
    };
    let focused = app.focus == Focus::List;
    let name = format!(" {} ", list.noun().title(false));
    let mut title = vec![Span::styled(name, theme::title())];
    title.extend(
        list_status(list, app.spinner)
            .into_iter()
            .map(|(text, role)| Span::styled(text, theme::of(role))),
    );
    if let Some(lens) = app.lens_description() {
        title.push(Span::raw(" · "));
        title.push(Span::styled(lens, theme::title()));
    }
    if let Some(search) = &app.search {
        title.push(Span::raw(" · "));
        title.push(Span::styled(
            search.position(list.view().selected()),
            theme::of(Role::Match),
        ));
    }
    title.push(Span::raw(" "));
    let inner = Block::bordered().inner(area);
    Border {
        style: theme::border(focused),
        title: Line::from(title),
        bottom: None,
    }
    .render(area, buf);
    render_rows(app, inner, focused, buf, rows)
}

/// Draws the visible slice of the open list into `area` (inside the border), each row
/// from the cells `rows` kept of it when it looks the same, then the footer. Returns the
/// part of `area` the rows took.
fn render_rows(app: &App, area: Rect, focused: bool, buf: &mut Buffer, rows: &mut Rows) -> Rect {
    let Some(list) = app.list() else {
        return Rect::default();
    };
    let height = usize::from(area.height);
    let width = usize::from(area.width);
    let view = list.view();
    let (offset, selected) = (view.offset(), view.selected());
    let shown = offset..(offset + height).min(view.rows());
    let needle = app.highlight();
    let mut y = area.y;
    for (r, row) in shown.filter_map(|r| Some((r, list.row(r)?))) {
        let marks = Marks {
            selected: r == selected,
            is_new: list.is_new(r),
            bookmarked: app.library.is_bookmarked(&row.post.cid),
            needle,
        };
        let look = Seen::of(row, width, app.now, marks, focused);
        let key = std::ptr::from_ref(row.post) as usize;
        rows.draw(key, &look, buf, area.x, y);
        y += 1;
    }
    let used = y - area.y;
    if used < area.height && offset + height > view.rows() {
        let footer = footer_lines(list, &app.keymap, area.width, app.spinner, app.now);
        for view in footer.iter().take(usize::from(area.height - used)) {
            put_line(buf, area.x, y, &line(view), area.width);
            y += 1;
        }
    }
    Rect {
        height: used,
        ..area
    }
}

/// Where a row's styled pieces go, left to right: a list of spans (a `Line`, for the
/// fuzzer and tests), or the buffer's cells, written as `Buffer::set_line` would write
/// that `Line`.
trait Pieces {
    fn push(&mut self, text: &str, style: Style);

    /// `n` spaces, unstyled.
    fn spaces(&mut self, n: usize) {
        const SPACES: &str = "                                                                ";
        let mut left = n;
        while left > 0 {
            let take = left.min(SPACES.len());
            self.push(&SPACES[..take], Style::new());
            left -= take;
        }
    }
}

impl Pieces for Vec<Span<'static>> {
    fn push(&mut self, text: &str, style: Style) {
        Vec::push(self, Span::styled(text.to_owned(), style));
    }

    fn spaces(&mut self, n: usize) {
        Vec::push(self, Span::raw(" ".repeat(n)));
    }
}

/// One row of the buffer being written, as `Buffer::set_line` writes a line's spans.
struct Cells<'b> {
    buf: &'b mut Buffer,
    x: u16,
    y: u16,
    remaining: u16,
}

impl Pieces for Cells<'_> {
    fn push(&mut self, text: &str, style: Style) {
        if self.remaining == 0 {
            return;
        }
        let end = put(
            self.buf,
            self.x,
            self.y,
            text,
            usize::from(self.remaining),
            style,
        );
        self.remaining = self.remaining.saturating_sub(end.saturating_sub(self.x));
        self.x = end;
    }
}

/// What sets a row apart besides its post.
#[derive(Debug, Clone, Copy, Default)]
pub struct Marks<'a> {
    pub selected: bool,
    /// New since the last fetch.
    pub is_new: bool,
    /// Bookmarked in the library (★).
    pub bookmarked: bool,
    /// The search, whose matches are highlighted.
    pub needle: Option<&'a Needle>,
}

/// Everything a list row's cells are made of, and nothing else: [`post_row`] reads only
/// this, so two rows of equal looks are the same cells (the frame cache compares looks).
/// `S` is a text, borrowed from the app ([`Seen`]) or kept by the cache ([`Kept`]).
#[derive(Debug, Clone, PartialEq, Hash)]
pub(super) struct Look<S, N> {
    /// The cells the row takes.
    pub width: usize,
    pub selected: bool,
    /// The selected row's background says whether the list has the focus; false when not
    /// selected, as it changes nothing then.
    pub focused: bool,
    /// The author's nickname, or what is shown for none.
    pub name: S,
    pub text: S,
    pub folded: bool,
    pub by_video_author: bool,
    pub author_liked: bool,
    pub is_hot: bool,
    pub digg_count: u64,
    pub age: Age,
    /// Whom it answers, by nickname.
    pub answers: Option<S>,
    /// Which list it is in: the kind, the title and the key of [`Within`].
    pub within: Option<(ListKind, Option<S>, S)>,
    pub pinned: bool,
    pub replies: Option<u64>,
    pub is_new: bool,
    pub bookmarked: bool,
    pub needle: Option<N>,
}

/// A row's look, borrowed from the app for this frame.
pub(super) type Seen<'a> = Look<&'a str, &'a Needle>;

/// A row's look as the cache keeps it.
pub(super) type Kept = Look<Box<str>, Needle>;

/// How old a post is, as a row says it ("5m", "3d"): equal when it reads the same, so a
/// clock that moved on changes a row only when its age does.
#[derive(Debug, Clone, Copy)]
pub(super) struct Age {
    pub created: i64,
    pub now: i64,
}

impl Age {
    fn short(self) -> String {
        format::age_short(self.created, self.now)
    }
}

/// By what equal ages share: when the post was made.
impl std::hash::Hash for Age {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.created.hash(state);
    }
}

impl PartialEq for Age {
    fn eq(&self, other: &Age) -> bool {
        self.created == other.created && (self.now == other.now || self.short() == other.short())
    }
}

impl<'a> Seen<'a> {
    /// The look of `row`, `width` cells wide, at `now`.
    pub(super) fn of(
        row: Row<'a>,
        width: usize,
        now: i64,
        marks: Marks<'a>,
        focused: bool,
    ) -> Self {
        let post = row.post;
        Look {
            width,
            selected: marks.selected,
            focused: focused && marks.selected,
            name: display_name(post),
            text: &post.text,
            folded: post.is_folded,
            by_video_author: post.by_video_author,
            author_liked: post.author_liked,
            is_hot: post.is_hot,
            digg_count: post.digg_count,
            age: Age {
                created: post.create_time,
                now,
            },
            answers: row.answers,
            within: row.within.map(|w| (w.kind, w.title, w.key)),
            pinned: row.pinned,
            replies: row.replies,
            is_new: marks.is_new,
            bookmarked: marks.bookmarked,
            needle: marks.needle,
        }
    }

    /// The same look, owned.
    pub(super) fn keep(&self) -> Kept {
        let text = |s: &str| Box::<str>::from(s);
        Look {
            width: self.width,
            selected: self.selected,
            focused: self.focused,
            name: text(self.name),
            text: text(self.text),
            folded: self.folded,
            by_video_author: self.by_video_author,
            author_liked: self.author_liked,
            is_hot: self.is_hot,
            digg_count: self.digg_count,
            age: self.age,
            answers: self.answers.map(text),
            within: self
                .within
                .map(|(kind, title, key)| (kind, title.map(text), text(key))),
            pinned: self.pinned,
            replies: self.replies,
            is_new: self.is_new,
            bookmarked: self.bookmarked,
            needle: self.needle.cloned(),
        }
    }
}

impl Kept {
    /// The kept look, borrowed, to compare with a frame's.
    pub(super) fn seen(&self) -> Seen<'_> {
        Look {
            width: self.width,
            selected: self.selected,
            focused: self.focused,
            name: &self.name,
            text: &self.text,
            folded: self.folded,
            by_video_author: self.by_video_author,
            author_liked: self.author_liked,
            is_hot: self.is_hot,
            digg_count: self.digg_count,
            age: self.age,
            answers: self.answers.as_deref(),
            within: self
                .within
                .as_ref()
                .map(|(kind, title, key)| (*kind, title.as_deref(), &**key)),
            pinned: self.pinned,
            replies: self.replies,
            is_new: self.is_new,
            bookmarked: self.bookmarked,
            needle: self.needle.as_ref(),
        }
    }
}

/// One top-level comment as one line (see [`post_row`]).
pub fn comment_row(comment: &Comment, width: usize, now: i64, marks: Marks) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let look = Seen::of(Comments::row(comment), width, now, marks, false);
    post_row(&look, &mut spans);
    Line::from(spans)
}

/// One reply as one line (see [`post_row`]).
pub fn row(reply: &Reply, width: usize, now: i64, marks: Marks) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    post_row(
        &Seen::of(Replies::row(reply), width, now, marks, false),
        &mut spans,
    );
    Line::from(spans)
}

/// Draws a row into `buf` at (`x`, `y`), as the list pane does: the selected row's
/// background across its width first, then its cells.
pub(super) fn draw_row(look: &Seen, buf: &mut Buffer, x: u16, y: u16) {
    if look.selected {
        buf.set_style(
            Rect::new(x, y, look.width as u16, 1),
            theme::selected(look.focused),
        );
    }
    let mut cells = Cells {
        buf,
        x,
        y,
        remaining: look.width as u16,
    };
    post_row(look, &mut cells);
}

/// One item as one line, whatever the list: marker, nickname, "↳ @name" when it answers
/// another reply, text, then badges (置顶 first), the reply count, likes and age flush
/// right.
fn post_row(look: &Seen, out: &mut impl Pieces) {
    let width = look.width;
    let needle = look.needle;
    let marker = if look.selected { "▶ " } else { "  " };
    let nick_width = (width / 6).clamp(6, 16);
    let mut badges = Vec::new();
    if look.bookmarked {
        badges.push(Span::styled("★ ", theme::badge(theme::ACCENT)));
    }
    if look.is_new {
        badges.push(Span::styled("新 ", theme::of(Role::New)));
    }
    if look.pinned {
        badges.push(Span::styled("置顶 ", theme::badge(theme::ACCENT)));
    }
    let after = look.replies.map(|total| {
        let replies = match total {
            0 => "     ".to_owned(),
            n => format!("↩{:>4}", format::count(n)),
        };
        Span::styled(format!("{replies} "), theme::reply_to())
    });
    let right = right_part(look, badges, after);
    let right_width: usize = right.iter().map(|s| width_of(s)).sum();
    out.push(marker, theme::title());
    let (nick, nick_used) = truncate_cow(look.name, nick_width);
    highlighted(&nick, theme::nickname(), needle, out);
    out.spaces(nick_width - nick_used + 1);
    let mut room = width.saturating_sub(2 + nick_width + 1 + right_width + 1);
    if let Some((kind, title, key)) = look.within
        && room > 12
    {
        // Which list it is in, before its text: a third of the room at most.
        let label = Within { kind, title, key }.label();
        let (label, used) = truncate_cow(&label, (room / 3).min(24));
        out.push(&label, theme::reply_to());
        out.push(" ", Style::new());
        room -= used + 1;
    }
    if let Some(name) = look.answers
        && room > 4
    {
        // The space after the name is its own span, so a cut name never runs into the text.
        let to = format!("↳ @{}", one_line(name));
        let (to, used) = truncate_cow(&to, room.min(18) - 1);
        out.push(&to, theme::reply_to());
        out.push(" ", Style::new());
        room -= used + 1;
    }
    let text_style = if look.folded {
        theme::dim()
    } else {
        Style::new()
    };
    let whole = one_line(look.text);
    let (text, used) = truncate_cow(&whole, room);
    highlighted(&text, text_style, needle, out);
    let pad = room - used + 1;
    if !right.is_empty() {
        out.spaces(pad);
        for span in &right {
            out.push(&span.content, span.style);
        }
    }
}

/// `text` in `style`, what the search finds in it highlighted.
fn highlighted(text: &str, style: Style, needle: Option<&Needle>, out: &mut impl Pieces) {
    let Some(needle) = needle else {
        out.push(text, style);
        return;
    };
    for piece in marked(text, Role::Plain, Some(needle)) {
        match piece.role {
            Role::Plain => out.push(&piece.text, style),
            role => out.push(&piece.text, theme::of(role)),
        }
    }
}

fn display_name(post: &Post) -> &str {
    match &*post.author.nickname {
        "" => "(unknown)",
        name => name,
    }
}

/// Badges, likes and age; dropped on very narrow panes where the text matters more.
fn right_part(
    look: &Seen,
    badges: Vec<Span<'static>>,
    after: Option<Span<'static>>,
) -> Vec<Span<'static>> {
    if look.width < 40 {
        return Vec::new();
    }
    let mut spans = badges;
    if look.by_video_author {
        spans.push(Span::styled("作者 ", theme::badge(theme::ACCENT)));
    }
    if look.author_liked {
        spans.push(Span::styled("作者赞过", theme::author_liked()));
        spans.push(Span::raw(" "));
    }
    if look.is_hot {
        spans.push(Span::styled("热 ", theme::badge(theme::HOT)));
    }
    if look.folded {
        spans.push(Span::styled("折叠 ", theme::dim()));
    }
    spans.extend(after);
    spans.push(Span::styled(
        format!("♥{:>5}", format::count(look.digg_count)),
        theme::label(),
    ));
    spans.push(Span::styled(
        format!(" {:>3} ", look.age.short()),
        theme::dim(),
    ));
    spans
}

fn width_of(span: &Span) -> usize {
    width(&span.content)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Post;
    use proptest::prelude::*;

    fn text(max: usize) -> impl Strategy<Value = String> {
        let chars = prop::sample::select(vec![
            'a',
            'b',
            ' ',
            '\n',
            '中',
            '文',
            '，',
            '😀',
            '🏔',
            '\u{fe0f}',
            '\u{200d}',
            '[',
            ']',
            '\u{301}',
            '\u{1F1E8}',
            '♥',
        ]);
        prop::collection::vec(chars, 0..max).prop_map(|c| c.into_iter().collect())
    }

    proptest! {
        #[test]
        fn a_row_written_into_cells_is_the_line_set_line_writes(
            body in text(40),
            nickname in text(12),
            answers in prop::option::of(text(10)),
            within in prop::option::of(text(14)),
            width in 0usize..130,
            flags in prop::collection::vec(any::<bool>(), 8),
            replies in prop::option::of(0u64..200_000),
            digg_count in 0u64..2_000_000,
            needle in prop::option::of(prop::sample::select(vec!["a", "中文", "😀"])),
        ) {
            let post = Post {
                text: body.as_str().into(),
                digg_count,
                create_time: 1_773_000_000,
                by_video_author: flags[0],
                author_liked: flags[1],
                is_hot: flags[2],
                is_folded: flags[3],
                author: crate::api::Author {
                    nickname: nickname.as_str().into(),
                    ..Default::default()
                },
                ..Post::default()
            };
            let row = Row {
                post: &post,
                answers: answers.as_deref(),
                pinned: flags[4],
                replies,
                within: within.as_deref().map(|title| crate::app::view::Within {
                    kind: crate::library::ListKind::Replies,
                    title: Some(title),
                    key: "7611524150996519591",
                }),
            };
            let needle = needle.map(Needle::new);
            let marks = Marks {
                selected: flags[5],
                is_new: flags[6],
                bookmarked: flags[7],
                needle: needle.as_ref(),
            };
            let now = 1_773_064_800;
            let area = Rect::new(0, 0, 132, 1);
            let look = Seen::of(row, width, now, marks, false);
            let mut spans: Vec<Span<'static>> = Vec::new();
            post_row(&look, &mut spans);
            let mut theirs = Buffer::empty(area);
            theirs.set_line(1, 0, &Line::from(spans), width as u16);
            let mut ours = Buffer::empty(area);
            let mut cells = Cells { buf: &mut ours, x: 1, y: 0, remaining: width as u16 };
            post_row(&look, &mut cells);
            prop_assert_eq!(ours, theirs);
        }
    }
}
