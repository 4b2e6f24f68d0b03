//! The list pane: one row per reply or comment, built only for the rows on screen, then
//! the footer the app wrote (loading, the end of the list, or a failed page).

use super::paint::{Border, put, put_line};
use super::{line, theme};
use crate::api::{Comment, Post, Reply};
use crate::app::view::{Role, Row, footer_lines, list_status, marked};
use crate::app::{App, Focus, Shown};
use crate::format;
use crate::paging::{Comments, Replies};
use crate::text::{Needle, one_line, truncate_cow, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

/// The list pane: its title (what is loaded, the lens, the search) around the rows.
pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(list) = app.list() else { return };
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
    render_rows(app, inner, focused, buf);
}

/// Draws the visible slice of the open list into `area` (inside the border). Each row goes
/// straight into the cells, without a `Line` in between (the same cells: see [`Pieces`]).
fn render_rows(app: &App, area: Rect, focused: bool, buf: &mut Buffer) {
    let Some(list) = app.list() else { return };
    let height = usize::from(area.height);
    let width = usize::from(area.width);
    let view = list.view();
    let (offset, selected) = (view.offset(), view.selected());
    let shown = offset..(offset + height).min(view.rows());
    let needle = app.highlight();
    let mut y = area.y;
    for row in shown.filter_map(|r| Some((r, list.row(r)?))) {
        let (r, row) = row;
        let marks = Marks {
            selected: r == selected,
            is_new: list.is_new(r),
            bookmarked: app.library.is_bookmarked(&row.post.cid),
            needle,
        };
        if offset + usize::from(y - area.y) == selected {
            buf.set_style(
                Rect::new(area.x, y, area.width, 1),
                theme::selected(focused),
            );
        }
        let mut cells = Cells {
            buf: &mut *buf,
            x: area.x,
            y,
            remaining: area.width,
        };
        post_row(row, width, app.now, marks, &mut cells);
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

/// One top-level comment as one line (see [`post_row`]).
pub fn comment_row(comment: &Comment, width: usize, now: i64, marks: Marks) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    post_row(Comments::row(comment), width, now, marks, &mut spans);
    Line::from(spans)
}

/// One reply as one line (see [`post_row`]).
pub fn row(reply: &Reply, width: usize, now: i64, marks: Marks) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    post_row(Replies::row(reply), width, now, marks, &mut spans);
    Line::from(spans)
}

/// One item as one line, whatever the list: marker, nickname, "↳ @name" when it answers
/// another reply, text, then badges (置顶 first), the reply count, likes and age flush
/// right.
fn post_row(row: Row, width: usize, now: i64, marks: Marks, out: &mut impl Pieces) {
    let post = row.post;
    let marker = if marks.selected { "▶ " } else { "  " };
    let nick_width = (width / 6).clamp(6, 16);
    let mut badges = Vec::new();
    if marks.bookmarked {
        badges.push(Span::styled("★ ", theme::badge(theme::ACCENT)));
    }
    if marks.is_new {
        badges.push(Span::styled("新 ", theme::of(Role::New)));
    }
    if row.pinned {
        badges.push(Span::styled("置顶 ", theme::badge(theme::ACCENT)));
    }
    let after = row.replies.map(|total| {
        let replies = match total {
            0 => "     ".to_owned(),
            n => format!("↩{:>4}", format::count(n)),
        };
        Span::styled(format!("{replies} "), theme::reply_to())
    });
    let right = right_part(post, badges, after, now, width);
    let right_width: usize = right.iter().map(|s| width_of(s)).sum();
    out.push(marker, theme::title());
    let (nick, nick_used) = truncate_cow(display_name(post), nick_width);
    highlighted(&nick, theme::nickname(), marks.needle, out);
    out.spaces(nick_width - nick_used + 1);
    let mut room = width.saturating_sub(2 + nick_width + 1 + right_width + 1);
    if let Some(within) = row.within
        && room > 12
    {
        // Which list it is in, before its text: a third of the room at most.
        let label = within.label();
        let (label, used) = truncate_cow(&label, (room / 3).min(24));
        out.push(&label, theme::reply_to());
        out.push(" ", Style::new());
        room -= used + 1;
    }
    if let Some(name) = row.answers
        && room > 4
    {
        // The space after the name is its own span, so a cut name never runs into the text.
        let to = format!("↳ @{}", one_line(name));
        let (to, used) = truncate_cow(&to, room.min(18) - 1);
        out.push(&to, theme::reply_to());
        out.push(" ", Style::new());
        room -= used + 1;
    }
    let text_style = if post.is_folded {
        theme::dim()
    } else {
        Style::new()
    };
    let whole = one_line(&post.text);
    let (text, used) = truncate_cow(&whole, room);
    highlighted(&text, text_style, marks.needle, out);
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
    post: &Post,
    badges: Vec<Span<'static>>,
    after: Option<Span<'static>>,
    now: i64,
    width: usize,
) -> Vec<Span<'static>> {
    if width < 40 {
        return Vec::new();
    }
    let mut spans = badges;
    if post.by_video_author {
        spans.push(Span::styled("作者 ", theme::badge(theme::ACCENT)));
    }
    if post.author_liked {
        spans.push(Span::styled("作者赞过", theme::author_liked()));
        spans.push(Span::raw(" "));
    }
    if post.is_hot {
        spans.push(Span::styled("热 ", theme::badge(theme::HOT)));
    }
    if post.is_folded {
        spans.push(Span::styled("折叠 ", theme::dim()));
    }
    spans.extend(after);
    spans.push(Span::styled(
        format!("♥{:>5}", format::count(post.digg_count)),
        theme::label(),
    ));
    spans.push(Span::styled(
        format!(" {:>3} ", format::age_short(post.create_time, now)),
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
            let mut spans: Vec<Span<'static>> = Vec::new();
            post_row(row, width, now, marks, &mut spans);
            let mut theirs = Buffer::empty(area);
            theirs.set_line(1, 0, &Line::from(spans), width as u16);
            let mut ours = Buffer::empty(area);
            let mut cells = Cells { buf: &mut ours, x: 1, y: 0, remaining: width as u16 };
            post_row(row, width, now, marks, &mut cells);
            prop_assert_eq!(ours, theirs);
        }
    }
}
