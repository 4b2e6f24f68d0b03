//! The reply list: one row per reply, built only for the rows on screen, then a footer
//! that says whether more is loading, the thread ended, or a page failed.

use super::theme;
use crate::api::Reply;
use crate::app::Fetching;
use crate::format;
use crate::text::{one_line, truncate, width, wrap};
use crate::thread::{EndReason, Paging, Thread};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

pub const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The list's state of the thread in a few words, for the pane's title:
/// "37 of 117 loaded · ⠋ page 5", "end of thread", "✗ daily quota exceeded".
pub fn status_title(thread: &Thread, spinner: usize) -> Vec<Span<'static>> {
    let loaded = thread.replies().len();
    let count = match thread.total() {
        Some(total) if total as usize >= loaded => format!("{loaded} of {total} loaded"),
        _ => format!("{loaded} loaded"),
    };
    let mut spans = vec![Span::raw(count)];
    let state = match thread.paging() {
        Paging::Idle => None,
        Paging::Loading { page } => {
            let retry = thread
                .retrying()
                .map_or(String::new(), |r| format!(" ({}, retrying)", r.reason));
            Some(Span::styled(
                format!("{} page {page}{retry}", SPINNER[spinner % SPINNER.len()]),
                theme::title(),
            ))
        }
        Paging::End(_) => Some(Span::styled("end of thread", theme::dim())),
        Paging::Failed { page, error } => Some(Span::styled(
            format!("✗ page {page}: {}", error.headline()),
            theme::error(),
        )),
    };
    if let Some(state) = state {
        spans.push(Span::raw(" · "));
        spans.push(state);
    }
    spans.push(Span::raw(" "));
    spans
}

/// The rows after the last reply: loading, end of thread, or the failed page's error in
/// plain words. `update` measures it to keep it in view, so it is pure.
pub fn footer_lines(thread: &Thread, width: u16, spinner: usize, now: i64) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let loaded = thread.replies().len();
    match thread.paging() {
        Paging::Idle => Vec::new(),
        Paging::Loading { page } => {
            let spin = SPINNER[spinner % SPINNER.len()];
            let text = match thread.retrying() {
                None => format!("{spin} loading page {page}…"),
                Some(r) => format!(
                    "{spin} page {page}: {} — trying again in {} s (attempt {} of {})…",
                    r.reason,
                    thread.retry_in(now).unwrap_or(0),
                    r.failed_attempt + 1,
                    r.max_attempts
                ),
            };
            wrap(&text, width.saturating_sub(2))
                .into_iter()
                .map(|l| Line::styled(format!("  {l}"), theme::dim()))
                .collect()
        }
        Paging::Failed { page, error } => wrap(
            &format!("✗ Page {page} failed. {error}"),
            width.saturating_sub(2),
        )
        .into_iter()
        .map(|l| Line::styled(format!("  {l}"), theme::error()))
        .collect(),
        Paging::End(reason) => {
            let text = end_text(*reason, loaded, thread.total());
            wrap(&text, width.saturating_sub(2))
                .into_iter()
                .map(|l| Line::styled(format!("  {l}"), theme::dim()))
                .collect()
        }
    }
}

fn end_text(reason: EndReason, loaded: usize, total: Option<u64>) -> String {
    if loaded == 0 {
        return "No replies under this comment.".to_owned();
    }
    let hidden = total.map_or(0, |t| t.saturating_sub(loaded as u64));
    let why = match reason {
        EndReason::NothingNew => " (the last page brought nothing new)",
        _ => "",
    };
    match hidden {
        0 => format!("— end of thread: {loaded} replies{why} —"),
        n => format!(
            "— end of thread: {loaded} replies; Douyin counts {n} more it does not show{why} —"
        ),
    }
}

/// Draws the visible slice of the list into `area` (inside the border).
pub fn render_rows(
    thread: &Thread,
    area: Rect,
    focused: bool,
    now: i64,
    spinner: usize,
    buf: &mut Buffer,
) {
    let height = usize::from(area.height);
    let replies = thread.replies();
    let visible = replies.iter().enumerate().skip(thread.offset).take(height);
    let mut y = area.y;
    for (index, reply) in visible {
        let style = if index == thread.selected {
            theme::selected(focused)
        } else {
            Style::new()
        };
        buf.set_style(Rect::new(area.x, y, area.width, 1), style);
        let line = row(
            reply,
            usize::from(area.width),
            now,
            index == thread.selected,
        );
        buf.set_line(area.x, y, &line, area.width);
        y += 1;
    }
    let used = y - area.y;
    if used < area.height && thread.offset + height > replies.len() {
        for line in footer_lines(thread, area.width, spinner, now)
            .iter()
            .take(usize::from(area.height - used))
        {
            buf.set_line(area.x, y, line, area.width);
            y += 1;
        }
    }
}

/// One reply as one line: marker, nickname, "↳ @name", text, then badges, likes and age
/// flush right.
pub fn row(reply: &Reply, width: usize, now: i64, selected: bool) -> Line<'static> {
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
            &format!("↳ @{}", one_line(&reply.reply_to_username)),
            room.min(18) - 1,
        );
        spans.push(Span::styled(to, theme::reply_to()));
        spans.push(Span::raw(" "));
        room -= used + 1;
    }
    let text_style = if reply.is_folded {
        theme::dim()
    } else {
        Style::new()
    };
    let (text, used) = truncate(&one_line(&reply.text), room);
    spans.push(Span::styled(text, text_style));
    let pad = room - used + 1;
    if !right.is_empty() {
        spans.push(Span::raw(" ".repeat(pad)));
        spans.extend(right);
    }
    Line::from(spans)
}

fn display_name(reply: &Reply) -> &str {
    match reply.author.nickname.as_str() {
        "" => "(unknown)",
        name => name,
    }
}

/// Badges, likes and age; dropped on very narrow panes where the text matters more.
fn right_part(reply: &Reply, now: i64, width: usize) -> Vec<Span<'static>> {
    if width < 40 {
        return Vec::new();
    }
    let mut spans = Vec::new();
    if reply.by_video_author() {
        spans.push(Span::styled("作者 ", theme::badge(theme::ACCENT)));
    }
    if reply.author_liked() {
        spans.push(Span::styled("作者赞过", theme::author_liked()));
        spans.push(Span::raw(" "));
    }
    if reply.is_hot {
        spans.push(Span::styled("热 ", theme::badge(theme::HOT)));
    }
    if reply.is_folded {
        spans.push(Span::styled("折叠 ", theme::dim()));
    }
    spans.push(Span::styled(
        format!("♥{:>5}", format::count(reply.digg_count)),
        theme::label(),
    ));
    spans.push(Span::styled(
        format!(" {:>3} ", format::age_short(reply.create_time, now)),
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
            "  Its replies load page by page as you scroll. Press ? for every key.",
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
