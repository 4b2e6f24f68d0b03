//! Rendering: reads the app, writes nothing back. One file per pane.

pub mod detail;
mod help;
pub mod layout;
pub mod list;
mod theme;

use crate::app::{App, Focus};
use crate::text::{truncate, width};
use layout::Panes;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
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

fn render_header(app: &App, area: Rect, buf: &mut Buffer) {
    let mut spans = vec![Span::styled(" douyin-threads ", theme::title())];
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
    buf.set_line(area.x, area.y, &left, area.width);
    // The banner takes what is left on the right, and never covers the left part.
    if let Some(banner) = &app.banner {
        let room = usize::from(area.width).saturating_sub(left.width() + 1);
        let (text, w) = truncate(&format!(" {banner} "), room);
        if w > 2 {
            let x = area.x + area.width - w as u16;
            buf.set_stringn(x, area.y, text, w, theme::banner());
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
    if !app.hints.is_empty() && inner.height > 1 {
        let ids: Vec<String> = app
            .hints
            .iter()
            .map(|h| format!("{} {}", h.id, h.title))
            .collect();
        let hint = format!("  try: {}", ids.join("  ·  "));
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
    let x = inner.x as usize + 2 + width(&before);
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
    let focused = app.focus == Focus::Detail;
    let block = Block::bordered()
        .border_style(theme::border(focused))
        .title(Span::styled(" Reply ", theme::title()));
    let inner = block.inner(area);
    let reply = app.thread.as_ref().and_then(|t| t.selected_reply());
    let Some(reply) = reply else {
        block.render(area, buf);
        return;
    };
    let lines = detail::lines(reply, inner.width, app.now);
    let height = usize::from(inner.height);
    let max = lines.len().saturating_sub(height);
    let scroll = app.detail_scroll.min(max);
    let block = if lines.len() > height {
        block.title_bottom(
            Line::styled(
                format!(" {}/{} ↓ ", scroll + height.min(lines.len()), lines.len()),
                theme::dim(),
            )
            .right_aligned(),
        )
    } else {
        block
    };
    block.render(area, buf);
    for (i, line) in lines.iter().skip(scroll).take(height).enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, line, inner.width);
    }
}

fn render_status(app: &App, area: Rect, buf: &mut Buffer) {
    let counts = format!(
        " API calls {} · cache {} ",
        app.stats.api_calls, app.stats.cache_pages
    );
    let counts_width = width(&counts);
    let room = usize::from(area.width).saturating_sub(counts_width + 1);
    let (text, style) = match &app.notice {
        Some(n) => (
            n.text.replace('\n', " "),
            if n.is_error {
                theme::error()
            } else {
                Style::new()
            },
        ),
        None => (key_hints(app.focus).to_owned(), theme::dim()),
    };
    let (text, _) = truncate(&format!(" {text}"), room);
    buf.set_stringn(area.x, area.y, text, room, style);
    if usize::from(area.width) > counts_width {
        let x = area.x + area.width - counts_width as u16;
        buf.set_stringn(x, area.y, counts, counts_width, theme::label());
    }
}

fn key_hints(focus: Focus) -> &'static str {
    match focus {
        Focus::Input => "Enter load · Esc back · Ctrl-U clear · Tab pane · Ctrl-C quit",
        Focus::List => "j/k move · G end · Enter read · r retry · ? help · q quit",
        Focus::Detail => "j/k scroll · n/p reply · Esc back · ? help · q quit",
    }
}
