//! The reply list: one row per reply, built only for the rows on screen, then the footer
//! the app wrote (loading, the end of the thread, or a failed page).

use super::{line, theme};
use crate::api::Reply;
use crate::app::view::{REPLIES, footer_lines};
use crate::app::{Fetching, Thread};
use crate::format;
use crate::text::{one_line, truncate, width, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// Draws the visible slice of the list into `area` (inside the border).
pub fn render_rows(
    thread: &Thread,
    area: Rect,
    focused: bool,
    now: i64,
    spinner: usize,
    buf: &mut Buffer,
) {
    let list = &thread.replies;
    let height = usize::from(area.height);
    let replies = list.items();
    let visible = replies.iter().enumerate().skip(list.offset()).take(height);
    let mut y = area.y;
    for (index, reply) in visible {
        let selected = index == list.selected();
        let style = if selected {
            theme::selected(focused)
        } else {
            Style::new()
        };
        buf.set_style(Rect::new(area.x, y, area.width, 1), style);
        let row = row(reply, usize::from(area.width), now, selected);
        buf.set_line(area.x, y, &row, area.width);
        y += 1;
    }
    let used = y - area.y;
    if used < area.height && list.offset() + height > replies.len() {
        let footer = footer_lines(list, REPLIES, area.width, spinner, now);
        for view in footer.iter().take(usize::from(area.height - used)) {
            buf.set_line(area.x, y, &line(view), area.width);
            y += 1;
        }
    }
}

/// One reply as one line: marker, nickname, "↳ @name", text, then badges, likes and age
/// flush right.
pub fn row(reply: &Reply, width: usize, now: i64, selected: bool) -> Line<'static> {
    let post = &reply.post;
    let marker = if selected { "▶ " } else { "  " };
    let nick_width = (width / 6).clamp(6, 16);
    let right = right_part(reply, now, width);
    let right_width: usize = right.iter().map(|s| width_of(s)).sum();
    let mut spans = vec![Span::styled(marker, theme::title())];
    let (nick, nick_used) = truncate(display_name(reply), nick_width);
    spans.push(Span::styled(nick, theme::nickname()));
    spans.push(Span::raw(" ".repeat(nick_width - nick_used + 1)));
    let mut room = width.saturating_sub(2 + nick_width + 1 + right_width + 1);
    if reply.answers_reply() && room > 4 {
        // The space after the name is its own span, so a cut name never runs into the text.
        let (to, used) = truncate(
            &format!("↳ @{}", one_line(&reply.reply_to_name)),
            room.min(18) - 1,
        );
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
    spans.push(Span::styled(text, text_style));
    let pad = room - used + 1;
    if !right.is_empty() {
        spans.push(Span::raw(" ".repeat(pad)));
        spans.extend(right);
    }
    Line::from(spans)
}

fn display_name(reply: &Reply) -> &str {
    match &*reply.post.author.nickname {
        "" => "(unknown)",
        name => name,
    }
}

/// Badges, likes and age; dropped on very narrow panes where the text matters more.
fn right_part(reply: &Reply, now: i64, width: usize) -> Vec<Span<'static>> {
    if width < 40 {
        return Vec::new();
    }
    let post = &reply.post;
    let mut spans = Vec::new();
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
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            "  Type the ID of a top-level Douyin comment above and press Enter.",
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::styled(
            "  Its replies load page by page as you scroll. F1 shows every key.",
            theme::dim(),
        ),
    ];
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
