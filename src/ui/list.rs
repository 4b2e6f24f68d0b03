//! The list pane: one row per reply or comment, built only for the rows on screen, then
//! the footer the app wrote (loading, the end of the list, or a failed page).

use super::{line, theme};
use crate::api::{Comment, Post, Reply};
use crate::app::view::{Role, Row, footer_lines, list_status, marked};
use crate::app::{App, Focus, Shown};
use crate::format;
use crate::paging::{Comments, Replies};
use crate::text::{Needle, one_line, truncate, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

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
    let block = Block::bordered()
        .border_style(theme::border(focused))
        .title(Line::from(title));
    let inner = block.inner(area);
    block.render(area, buf);
    render_rows(app, inner, focused, buf);
}

/// Draws the visible slice of the open list into `area` (inside the border).
fn render_rows(app: &App, area: Rect, focused: bool, buf: &mut Buffer) {
    let Some(list) = app.list() else { return };
    let height = usize::from(area.height);
    let width = usize::from(area.width);
    let view = list.view();
    let (offset, selected) = (view.offset(), view.selected());
    let shown = offset..(offset + height).min(view.rows());
    let needle = app.highlight();
    let marks = |r: usize, cid: &str| Marks {
        selected: r == selected,
        is_new: list.is_new(r),
        bookmarked: app.library.is_bookmarked(cid),
        needle,
    };
    let rows: Vec<Line<'static>> = shown
        .filter_map(|r| {
            let row = list.row(r)?;
            let marks = marks(r, &row.post.cid);
            Some(post_row(row, width, app.now, marks))
        })
        .collect();
    let mut y = area.y;
    for (i, row) in rows.iter().enumerate() {
        let style = if offset + i == selected {
            theme::selected(focused)
        } else {
            Style::new()
        };
        buf.set_style(Rect::new(area.x, y, area.width, 1), style);
        buf.set_line(area.x, y, row, area.width);
        y += 1;
    }
    let used = y - area.y;
    if used < area.height && offset + height > view.rows() {
        let footer = footer_lines(list, &app.keymap, area.width, app.spinner, app.now);
        for view in footer.iter().take(usize::from(area.height - used)) {
            buf.set_line(area.x, y, &line(view), area.width);
            y += 1;
        }
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
    post_row(Comments::row(comment), width, now, marks)
}

/// One reply as one line (see [`post_row`]).
pub fn row(reply: &Reply, width: usize, now: i64, marks: Marks) -> Line<'static> {
    post_row(Replies::row(reply), width, now, marks)
}

/// One item as one line, whatever the list: marker, nickname, "↳ @name" when it answers
/// another reply, text, then badges (置顶 first), the reply count, likes and age flush
/// right.
fn post_row(row: Row, width: usize, now: i64, marks: Marks) -> Line<'static> {
    let post = row.post;
    let to = row.answers.map(|name| format!("↳ @{}", one_line(name)));
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
    let mut spans = vec![Span::styled(marker, theme::title())];
    let (nick, nick_used) = truncate(display_name(post), nick_width);
    spans.extend(highlighted(&nick, theme::nickname(), marks.needle));
    spans.push(Span::raw(" ".repeat(nick_width - nick_used + 1)));
    let mut room = width.saturating_sub(2 + nick_width + 1 + right_width + 1);
    if let Some(within) = row.within
        && room > 12
    {
        // Which list it is in, before its text: a third of the room at most.
        let (label, used) = truncate(&within.label(), (room / 3).min(24));
        spans.push(Span::styled(label, theme::reply_to()));
        spans.push(Span::raw(" "));
        room -= used + 1;
    }
    if let Some(to) = to
        && room > 4
    {
        // The space after the name is its own span, so a cut name never runs into the text.
        let (to, used) = truncate(&to, room.min(18) - 1);
        spans.push(Span::styled(to, theme::reply_to()));
        spans.push(Span::raw(" "));
        room -= used + 1;
    }
    let text_style = if post.is_folded {
        theme::dim()
    } else {
        Style::new()
    };
    let (text, used) = truncate(&one_line(&post.text), room);
    spans.extend(highlighted(&text, text_style, marks.needle));
    let pad = room - used + 1;
    if !right.is_empty() {
        spans.push(Span::raw(" ".repeat(pad)));
        spans.extend(right);
    }
    Line::from(spans)
}

/// `text` in `style`, what the search finds in it highlighted.
fn highlighted(text: &str, style: Style, needle: Option<&Needle>) -> Vec<Span<'static>> {
    marked(text, Role::Plain, needle)
        .into_iter()
        .map(|piece| match piece.role {
            Role::Plain => Span::styled(piece.text, style),
            role => Span::styled(piece.text, theme::of(role)),
        })
        .collect()
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
