//! Rendering: reads the app, writes nothing back. One file per pane. The words and the
//! wrapping come from the app (`app::view`); here they get their colours and places.

mod help;
pub mod list;
mod theme;

use crate::app::layout::{self, Panes};
use crate::app::view::{Role, ViewLine, list_status};
use crate::app::{App, Focus, Level, detail};
use crate::text::{one_line, truncate, width as text_width, window};
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
    if app.list().is_some() {
        render_list(app, panes.list, buf);
        render_detail(app, panes.detail, buf);
    } else {
        render_welcome(app, panes.list.union(panes.detail), buf);
    }
    render_status(app, panes.status, buf);
    if app.help.is_some() {
        help::render(app, frame.area(), frame.buffer_mut());
    } else if let Some(cursor) = search_cursor(app, &panes) {
        frame.set_cursor_position(cursor);
    } else if let Some(cursor) = input_cursor(app, &panes).filter(|_| app.focus == Focus::Input) {
        frame.set_cursor_position(cursor);
    }
    theme::steady_emoji(frame.buffer_mut());
    if app.no_color {
        theme::without_colours(frame.buffer_mut());
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
    if let Some(place) = where_we_are(app) {
        spans.push(Span::styled(format!("· {place} "), theme::label()));
    }
    if let Some(at) = app.list().and_then(|list| list.cached_since()) {
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
        Level::Comments => usize::MAX,
        Level::Replies => 24,
    };
    let video = app.video.as_ref().map(|video| match &video.title {
        Some(title) => format!("《{}》", truncate(&one_line(title), title_room).0),
        None => format!("video {}", video.id),
    });
    match app.level {
        Level::Comments => video.map(|v| format!("comments on {v}")),
        Level::Replies => {
            let thread = app.thread.as_ref()?;
            let replies = match &thread.head {
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

fn render_input(app: &App, panes: &Panes, buf: &mut Buffer) {
    let focused = app.focus == Focus::Input;
    let mut block = Block::bordered()
        .border_style(theme::border(focused))
        .title(Line::from(vec![
            Span::styled(" Open ", theme::title()),
            Span::styled(
                "comment ID · video link · share text · v:VIDEO_ID ",
                theme::dim(),
            ),
        ]));
    if let Some(err) = &app.input_error {
        // The whole refusal, cut with "…" only where the border ends.
        let room = usize::from(panes.input.width).saturating_sub(4);
        let text = truncate(&format!(" ✗ {} ", err.replace('\n', " ")), room).0;
        block = block.title_bottom(Span::styled(text, theme::error()));
    }
    let inner = block.inner(panes.input);
    block.render(panes.input, buf);
    let room = usize::from(inner.width).saturating_sub(PROMPT_WIDTH);
    let line = if app.input.value().is_empty() && !focused {
        Line::from(vec![
            Span::styled(PROMPT, theme::title()),
            Span::styled("press i to type or paste", theme::dim()),
        ])
    } else {
        // The part of a long value around the cursor; a selected value is highlighted, as
        // typing will replace it.
        let shown = window(
            app.input.value(),
            app.input.visual_scroll(room.saturating_sub(1)),
            room,
        );
        let style = if app.input.is_selected() && focused {
            theme::selected(true)
        } else {
            Style::new()
        };
        Line::from(vec![
            Span::styled(PROMPT, theme::title()),
            Span::styled(shown, style),
        ])
    };
    buf.set_line(inner.x, inner.y, &line, inner.width);
    if !app.suggestions.is_empty() && panes.shows_suggestions() {
        // The others (the open one is in the field above); titles only if all fit.
        let others: Vec<_> = app
            .suggestions
            .iter()
            .filter(|s| s.input != app.input.value())
            .collect();
        let with_titles: Vec<String> = others
            .iter()
            .map(|s| format!("{} {}", s.input, truncate(&s.title, 14).0))
            .collect();
        let ids: Vec<String> = others.iter().map(|s| s.input.clone()).collect();
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

/// What the search prompt starts with, in the status bar.
const SEARCH_PROMPT: &str = " / ";

/// The cursor in the search prompt, while it is open.
fn search_cursor(app: &App, panes: &Panes) -> Option<Position> {
    let prompt = app.search.as_ref()?.prompt.as_ref()?;
    let status = panes.status;
    let room = usize::from(status.width) / 2;
    let x = usize::from(status.x) + text_width(SEARCH_PROMPT) + prompt.visual_cursor()
        - prompt.visual_scroll(room);
    (x < usize::from(status.x + status.width)).then(|| Position::new(x as u16, status.y))
}

/// What the input starts with.
const PROMPT: &str = "› ";
const PROMPT_WIDTH: usize = 2;

fn input_cursor(app: &App, panes: &Panes) -> Option<Position> {
    let inner = layout::inner(panes.input);
    if usize::from(inner.width) <= PROMPT_WIDTH || inner.height == 0 {
        return None;
    }
    let room = usize::from(inner.width) - PROMPT_WIDTH;
    let scroll = app.input.visual_scroll(room.saturating_sub(1));
    let x = usize::from(inner.x) + PROMPT_WIDTH + app.input.visual_cursor() - scroll;
    (x < usize::from(inner.x + inner.width)).then(|| Position::new(x as u16, inner.y))
}

fn render_list(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(list) = app.list() else { return };
    let focused = app.focus == Focus::List;
    let noun = app.noun();
    let name = match app.level {
        Level::Comments => " Comments ",
        Level::Replies => " Replies ",
    };
    let mut title = vec![Span::styled(name, theme::title())];
    title.extend(
        list_status(list, noun, app.spinner)
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
            search.position(list.selected()),
            theme::of(Role::Match),
        ));
    }
    title.push(Span::raw(" "));
    let block = Block::bordered()
        .border_style(theme::border(focused))
        .title(Line::from(title));
    let inner = block.inner(area);
    block.render(area, buf);
    list::render_rows(app, inner, focused, buf);
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
    let name = match app.level {
        Level::Comments => "Comment",
        Level::Replies => "Reply",
    };
    let title = match app.list() {
        Some(list) if !list.is_empty() => {
            format!(" {name} {} of {} ", list.selected() + 1, list.len())
        }
        _ => format!(" {name} "),
    };
    let mut block = Block::bordered()
        .border_style(theme::border(focused))
        .title(Span::styled(title, theme::title()));
    let inner = block.inner(area);
    let Some(subject) = app.detail_subject() else {
        block.render(area, buf);
        return;
    };
    let lines = detail::lines(subject, app.detail_extras(), inner.width, app.now);
    let height = usize::from(inner.height);
    let scroll = app.detail_scroll.min(lines.len().saturating_sub(height));
    let shown_to = (scroll + height).min(lines.len());
    if lines.len() > height && height > 0 {
        let more = if shown_to < lines.len() { " ↓" } else { "" };
        let position = format!(" line {shown_to} of {}{more} ", lines.len());
        block = block.title_bottom(Line::styled(position, theme::dim()).right_aligned());
    }
    block.render(area, buf);
    for (i, view) in lines.iter().skip(scroll).take(height).enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, &line(view), inner.width);
    }
}

/// The status bar: the latest message or the focused pane's keys on the left, and what the
/// session cost on the right, always (a message is cut before the counts are).
fn render_status(app: &App, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let width = usize::from(area.width);
    let stats = &app.stats;
    let counts = format!(
        " sent {} · billed {} · cached {} ",
        stats.sent, stats.billed, stats.cache_pages
    );
    let counts_width = text_width(&counts);
    let counts_fit = counts_width + 10 <= width;
    let room = if counts_fit {
        width - counts_width - 1
    } else {
        width
    };
    let prompt = app
        .search
        .as_ref()
        .and_then(|s| Some((s, s.prompt.as_ref()?)));
    match (&app.notice, prompt) {
        (_, Some((search, prompt))) => {
            let line = Line::from(vec![
                Span::styled(SEARCH_PROMPT, theme::title()),
                Span::raw(window(
                    prompt.value(),
                    prompt.visual_scroll(room / 2),
                    room / 2,
                )),
                Span::styled(
                    format!(
                        "  {} of {} loaded · Enter go · Esc clear",
                        search.matches.len(),
                        search.searched
                    ),
                    theme::dim(),
                ),
            ]);
            buf.set_line(area.x, area.y, &line, room as u16);
        }
        (Some(notice), None) => {
            let style = if notice.is_error {
                theme::error()
            } else {
                Style::new()
            };
            let text = truncate(&format!(" {}", notice.text.replace('\n', " ")), room).0;
            buf.set_stringn(area.x, area.y, text, room, style);
        }
        (None, None) => {
            let hints = app.keymap.hints(app.context());
            let text = format!(" {}", fit_items(&hints, " · ", room.saturating_sub(1)));
            buf.set_stringn(area.x, area.y, text, room, theme::dim());
        }
    }
    if counts_fit {
        let x = area.x + area.width - counts_width as u16;
        buf.set_stringn(x, area.y, counts, counts_width, theme::label());
    }
}

/// A line the app wrote, in the ui's colours.
pub(crate) fn line(view: &ViewLine) -> Line<'static> {
    Line::from(
        view.pieces
            .iter()
            .map(|piece| Span::styled(piece.text.clone(), theme::of(piece.role)))
            .collect::<Vec<_>>(),
    )
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
