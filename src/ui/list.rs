//! The list pane: one row per reply or comment, built only for the rows on screen, then
//! the footer the app wrote (loading, the end of the list, or a failed page).

use super::{line, theme};
use crate::api::{Comment, Post, Reply};
use crate::app::view::{Role, footer_lines, marked};
use crate::app::{App, Fetching, Level};
use crate::format;
use crate::text::{Needle, one_line, truncate, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// Draws the visible slice of the open list into `area` (inside the border).
pub fn render_rows(app: &App, area: Rect, focused: bool, buf: &mut Buffer) {
    let Some(list) = app.list() else { return };
    let height = usize::from(area.height);
    let width = usize::from(area.width);
    let (offset, selected) = (list.offset(), list.selected());
    let shown = offset..(offset + height).min(list.len());
    let needle = app.search.as_ref().map(|s| &s.needle);
    let marks = |r: usize| Marks {
        selected: r == selected,
        is_new: list.is_new(r),
        needle,
    };
    let rows: Vec<Line<'static>> = match app.level {
        Level::Comments => app.video.as_ref().map_or_else(Vec::new, |video| {
            let comments = &video.comments;
            shown
                .filter_map(|r| Some(comment_row(comments.row_item(r)?, width, app.now, marks(r))))
                .collect()
        }),
        Level::Replies => app.thread.as_ref().map_or_else(Vec::new, |thread| {
            let replies = &thread.replies;
            shown
                .filter_map(|r| Some(row(replies.row_item(r)?, width, app.now, marks(r))))
                .collect()
        }),
    };
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
    if used < area.height && offset + height > list.len() {
        let footer = footer_lines(
            list,
            app.noun(),
            &app.keymap,
            area.width,
            app.spinner,
            app.now,
        );
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
    /// The search, whose matches are highlighted.
    pub needle: Option<&'a Needle>,
}

/// One top-level comment as one line: marker, nickname, text, then labels, the reply
/// count, likes and age flush right.
pub fn comment_row(comment: &Comment, width: usize, now: i64, marks: Marks) -> Line<'static> {
    let mut badges = Vec::new();
    if comment.pinned {
        badges.push(Span::styled("置顶 ", theme::badge(theme::ACCENT)));
    }
    let replies = match comment.reply_total {
        0 => "     ".to_owned(),
        n => format!("↩{:>4}", format::count(n)),
    };
    let after = Span::styled(format!("{replies} "), theme::reply_to());
    post_row(&comment.post, None, badges, Some(after), width, now, marks)
}

/// One reply as one line: marker, nickname, "↳ @name", text, then badges, likes and age
/// flush right.
pub fn row(reply: &Reply, width: usize, now: i64, marks: Marks) -> Line<'static> {
    let to = reply
        .answers_reply()
        .then(|| format!("↳ @{}", one_line(&reply.reply_to_name)));
    post_row(&reply.post, to, Vec::new(), None, width, now, marks)
}

/// The shared shape of a row: `to` is whom a reply answers; `badges` come before the
/// common ones, `after` after them.
fn post_row(
    post: &Post,
    to: Option<String>,
    badges: Vec<Span<'static>>,
    after: Option<Span<'static>>,
    width: usize,
    now: i64,
    marks: Marks,
) -> Line<'static> {
    let marker = if marks.selected { "▶ " } else { "  " };
    let nick_width = (width / 6).clamp(6, 16);
    let mut badges = badges;
    if marks.is_new {
        badges.insert(0, Span::styled("新 ", theme::of(Role::New)));
    }
    let right = right_part(post, badges, after, now, width);
    let right_width: usize = right.iter().map(|s| width_of(s)).sum();
    let mut spans = vec![Span::styled(marker, theme::title())];
    let (nick, nick_used) = truncate(display_name(post), nick_width);
    spans.extend(highlighted(&nick, theme::nickname(), marks.needle));
    spans.push(Span::raw(" ".repeat(nick_width - nick_used + 1)));
    let mut room = width.saturating_sub(2 + nick_width + 1 + right_width + 1);
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

/// What the list pane shows before any thread is open.
pub fn welcome_lines(fetching: &Fetching, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width).saturating_sub(2);
    let mut lines = vec![Line::raw("")];
    let intro = [
        (
            "Paste a Douyin share text or video link above, or type a comment ID, and press Enter.",
            Style::new().add_modifier(Modifier::BOLD),
        ),
        (
            "A video opens on its comments, a comment on its replies; they load as you scroll. \
             F1 shows every key.",
            theme::dim(),
        ),
    ];
    for (text, style) in intro {
        for l in wrap(text, width) {
            lines.push(Line::styled(format!("  {l}"), style));
        }
    }
    if let Fetching::NoToken { how_to } = fetching {
        lines.push(Line::raw(""));
        for paragraph in how_to.lines() {
            // Bullets hang: their continuation lines start under the text, not the bullet.
            let (first, rest) = match paragraph.strip_prefix("• ") {
                Some(item) => ("  • ", item),
                None => ("  ", paragraph),
            };
            for (i, l) in wrap(rest, width.saturating_sub(first.chars().count()))
                .into_iter()
                .enumerate()
            {
                let lead = if i == 0 {
                    first.to_owned()
                } else {
                    " ".repeat(first.chars().count())
                };
                lines.push(Line::styled(format!("{lead}{l}"), theme::error()));
            }
        }
    }
    lines
}
