//! Rendering: reads the app, writes nothing back. One file per pane.

pub mod detail;
mod help;
pub mod layout;
pub mod list;
mod theme;

use crate::app::{App, Focus};
use crate::text::{truncate, width as text_width};
use layout::Panes;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// Below this size nothing useful fits; the screen says so instead.
const MIN_WIDTH: u16 = 24;
const MIN_HEIGHT: u16 = 8;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!(
            "Terminal too small ({}×{}); needs {MIN_WIDTH}×{MIN_HEIGHT}. q quits.",
            area.width, area.height
        );
        let lines: Vec<Line> = crate::text::wrap(&text, usize::from(area.width))
            .into_iter()
            .map(Line::raw)
            .collect();
        Paragraph::new(lines).render(area, frame.buffer_mut());
        return;
    }
    let panes = app.panes();
    let buf = frame.buffer_mut();
    render_header(app, panes.header, buf);
    render_input(app, &panes, buf);
    if app.thread.is_some() {
        render_list(app, panes.list, buf);
        render_detail(app, panes.detail, buf);
    } else {
        render_welcome(app, panes.list.union(panes.detail), buf);
    }
    render_status(app, panes.status, buf);
    if app.show_help {
        help::render(frame.area(), frame.buffer_mut());
    } else if let Some(cursor) = input_cursor(app, &panes).filter(|_| app.focus == Focus::Input) {
        frame.set_cursor_position(cursor);
    }
}

/// The top line: the program, the mode badge (DEMO DATA, OFFLINE), the thread and where its
/// pages came from; the mode's explanation goes on the right when there is room.
fn render_header(app: &App, area: Rect, buf: &mut Buffer) {
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
    if let Some(thread) = &app.thread {
        spans.push(Span::styled(
            format!("· replies to comment {} ", thread.id),
            theme::label(),
        ));
        if let Some(at) = thread.cached_since() {
            let age = crate::format::age_long(at, app.now);
            spans.push(Span::styled(format!("· cached {age} "), theme::dim()));
        }
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

fn render_input(app: &App, panes: &Panes, buf: &mut Buffer) {
    let focused = app.focus == Focus::Input;
    let mut block = Block::bordered()
        .border_style(theme::border(focused))
        .title(Span::styled(" Comment ID ", theme::title()));
    if let Some(err) = &app.input_error {
        let short = err.split(':').next().unwrap_or(err).to_owned();
        block = block.title_bottom(Span::styled(format!(" ✗ {short} "), theme::error()));
    }
    let inner = block.inner(panes.input);
    block.render(panes.input, buf);
    let (value, _) = truncate(
        app.input.value(),
        usize::from(inner.width).saturating_sub(2),
    );
    let line = if value.is_empty() && !focused {
        Line::from(vec![
            Span::styled("› ", theme::title()),
            Span::styled("press i to type a comment ID", theme::dim()),
        ])
    } else {
        Line::from(vec![Span::styled("› ", theme::title()), Span::raw(value)])
    };
    buf.set_line(inner.x, inner.y, &line, inner.width);
    if !app.hints.is_empty() && panes.shows_suggestions() {
        // The other threads (the open one is in the field above); titles only if all fit.
        let open = app.thread.as_ref().map(|t| t.id.as_str());
        let others: Vec<_> = app
            .hints
            .iter()
            .filter(|h| Some(h.id.as_str()) != open)
            .collect();
        let with_titles: Vec<String> = others
            .iter()
            .map(|h| format!("{} {}", h.id, h.title))
            .collect();
        let ids: Vec<String> = others.iter().map(|h| h.id.clone()).collect();
        let room = usize::from(inner.width).saturating_sub(14);
        let fits = text_width(&with_titles.join("  ·  ")) <= room;
        let hint = format!(
            "  also try: {}",
            fit_items(if fits { &with_titles } else { &ids }, "  ·  ", room)
        );
        buf.set_stringn(
            inner.x,
            inner.y + 1,
            hint,
            usize::from(inner.width),
            theme::dim(),
        );
    }
}

fn input_cursor(app: &App, panes: &Panes) -> Option<Position> {
    let inner = layout::inner(panes.input);
    if inner.width < 3 || inner.height == 0 {
        return None;
    }
    let before: String = app.input.value().chars().take(app.input.cursor()).collect();
    let x = inner.x as usize + 2 + text_width(&before);
    (x < (inner.x + inner.width) as usize).then(|| Position::new(x as u16, inner.y))
}

fn render_list(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(thread) = &app.thread else { return };
    let focused = app.focus == Focus::List;
    let mut title = vec![Span::styled(" Replies ", theme::title())];
    title.extend(list::status_title(thread, app.spinner));
    let block = Block::bordered()
        .border_style(theme::border(focused))
        .title(Line::from(title));
    let inner = block.inner(area);
    block.render(area, buf);
    list::render_rows(thread, inner, focused, app.now, app.spinner, buf);
}

/// Before any thread is open, the list and detail panes make one welcome screen.
fn render_welcome(app: &App, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered()
        .border_style(theme::border(false))
        .title(Span::styled(" Welcome ", theme::title()));
    let inner = block.inner(area);
    block.render(area, buf);
    Paragraph::new(list::welcome_lines(&app.fetching, inner.width)).render(inner, buf);
}

fn render_detail(app: &App, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let focused = app.focus == Focus::Detail;
    let title = match &app.thread {
        Some(t) if !t.replies().is_empty() => {
            format!(" Reply {} of {} ", t.selected + 1, t.replies().len())
        }
        _ => " Reply ".to_owned(),
    };
    let mut block = Block::bordered()
        .border_style(theme::border(focused))
        .title(Span::styled(title, theme::title()));
    let inner = block.inner(area);
    let Some(reply) = app.thread.as_ref().and_then(|t| t.selected_reply()) else {
        block.render(area, buf);
        return;
    };
    let lines = detail::lines(reply, app.top_comment(), inner.width, app.now);
    let height = usize::from(inner.height);
    let scroll = app.detail_scroll.min(lines.len().saturating_sub(height));
    let shown_to = (scroll + height).min(lines.len());
    if lines.len() > height && height > 0 {
        let more = if shown_to < lines.len() { " ↓" } else { "" };
        let position = format!(" line {shown_to} of {}{more} ", lines.len());
        block = block.title_bottom(Line::styled(position, theme::dim()).right_aligned());
    }
    block.render(area, buf);
    for (i, line) in lines.iter().skip(scroll).take(height).enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, line, inner.width);
    }
}

fn render_status(app: &App, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let width = usize::from(area.width);
    // A message gets the whole line; the counts come back with the key hints.
    if let Some(notice) = &app.notice {
        let style = if notice.is_error {
            theme::error()
        } else {
            Style::new()
        };
        let text = truncate(&format!(" {}", notice.text.replace('\n', " ")), width).0;
        buf.set_stringn(area.x, area.y, text, width, style);
        return;
    }
    let counts = format!(
        " API calls {} · cache {} ",
        app.stats.api_calls, app.stats.cache_pages
    );
    let counts_width = text_width(&counts);
    let room = width.saturating_sub(counts_width + 1);
    let hints = format!(
        " {}",
        fit_items(key_hints(app.focus), " · ", room.saturating_sub(1))
    );
    buf.set_stringn(area.x, area.y, hints, room, theme::dim());
    if width > counts_width {
        let x = area.x + area.width - counts_width as u16;
        buf.set_stringn(x, area.y, counts, counts_width, theme::label());
    }
}

/// The keys of the focused pane, most useful first: the status bar drops them from the end.
fn key_hints(focus: Focus) -> &'static [&'static str] {
    match focus {
        Focus::Input => &[
            "Enter load",
            "Esc back",
            "Ctrl-U clear",
            "Tab pane",
            "Ctrl-C quit",
        ],
        Focus::List => &[
            "j/k move",
            "Enter read",
            "? help",
            "q quit",
            "G end",
            "r retry",
            "R reload",
        ],
        Focus::Detail => &["j/k scroll", "n/p reply", "Esc back", "? help", "q quit"],
    }
}

/// Joins whole items while they fit in `max` cells; "…" says some were left out.
fn fit_items<S: AsRef<str>>(items: &[S], separator: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let candidate = if i == 0 {
            item.as_ref().to_owned()
        } else {
            format!("{out}{separator}{}", item.as_ref())
        };
        let last = i + 1 == items.len();
        let reserve = if last { 0 } else { 2 }; // room for " …" after it
        if text_width(&candidate) + reserve > max {
            if !out.is_empty() {
                out.push_str(" …");
            }
            return out;
        }
        out = candidate;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fit_items;

    #[test]
    fn items_are_dropped_whole_and_marked() {
        let items = ["j/k move", "Enter read", "q quit"];
        assert_eq!(
            fit_items(&items, " · ", 100),
            "j/k move · Enter read · q quit"
        );
        assert_eq!(fit_items(&items, " · ", 24), "j/k move · Enter read …");
        assert_eq!(fit_items(&items, " · ", 3), "");
    }
}
