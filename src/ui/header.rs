//! The top line: the program, the mode badge, what is open and where its pages came from.

use super::theme;
use crate::app::{App, Level};
use crate::text::{one_line, truncate, width as text_width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The top line: the program, the mode badge (DEMO DATA, OFFLINE), the thread and where its
/// pages came from; the mode's explanation goes on the right when there is room.
pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let (badge, detail) = match &app.banner {
        Some(banner) => match banner.split_once(" · ") {
            Some((badge, detail)) => (Some(badge), Some(detail)),
            None => (Some(banner.as_str()), None),
        },
        None => (None, None),
    };
    let mut spans = vec![Span::styled(" douyin-threads ", theme::title())];
    if let Some(badge) = badge {
        spans.push(Span::styled(format!(" {badge} "), theme::banner()));
        spans.push(Span::raw(" "));
    }
    if let Some(place) = where_we_are(app) {
        spans.push(Span::styled(format!("· {place} "), theme::label()));
    }
    if let Some(at) = app.list().and_then(|list| list.progress().cached_since()) {
        let age = crate::format::age_long(at, app.now);
        spans.push(Span::styled(format!("· cached {age} "), theme::dim()));
    }
    let left = Line::from(spans);
    let width = usize::from(area.width);
    if left.width() > width {
        // Cut with "…" so a cut comment ID never passes for a whole one.
        let plain: String = left.spans.iter().map(|s| s.content.as_ref()).collect();
        buf.set_stringn(
            area.x,
            area.y,
            truncate(&plain, width).0,
            width,
            theme::label(),
        );
        return;
    }
    buf.set_line(area.x, area.y, &left, area.width);
    if let Some(detail) = detail {
        let text = format!("{detail} ");
        let w = text_width(&text);
        if left.width() + 1 + w <= width {
            buf.set_stringn(
                area.x + area.width - w as u16,
                area.y,
                text,
                w,
                theme::dim(),
            );
        }
    }
}

/// What is open, for the header: "comments on 《title》", "《title》 › replies to @name",
/// "replies to comment 7251…".
fn where_we_are(app: &App) -> Option<String> {
    // Above a thread the title gives way to whose comment it is.
    let title_room = match app.level {
        Level::Start => return None,
        Level::Found => return app.hits_heading(),
        Level::Comments => usize::MAX,
        Level::Replies => 24,
    };
    let video = app.video.as_ref().map(|video| match video.title() {
        Some(title) => format!("《{}》", truncate(&one_line(title), title_room).0),
        None => format!("video {}", video.id),
    });
    match app.level {
        Level::Start | Level::Found => None,
        Level::Comments => video.map(|v| format!("comments on {v}")),
        Level::Replies => {
            let thread = app.thread.as_ref()?;
            let replies = match thread.head() {
                Some(head) if !head.post.author.nickname.is_empty() => {
                    format!("replies to @{}", one_line(&head.post.author.nickname))
                }
                _ => format!("replies to comment {}", thread.id),
            };
            Some(match video {
                Some(video) => format!("{video} › {replies}"),
                None => replies,
            })
        }
    }
}
