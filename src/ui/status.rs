//! The status bar: the latest message or the focused pane's keys, what the session cost,
//! and the search prompt while it is open.

use super::paint::{put, put_line};
use super::{fit_items, theme};
use crate::app::layout::Panes;
use crate::app::{Action, App};
use crate::text::{width as text_width, window};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// What the search prompt starts with, in the status bar.
const SEARCH_PROMPT: &str = " / ";

/// The cursor in the search prompt, while it is open.
pub(super) fn search_cursor(app: &App, panes: &Panes) -> Option<Position> {
    let prompt = app.search.as_ref()?.prompt.as_ref()?;
    let status = panes.status;
    let room = usize::from(status.width) / 2;
    let x = usize::from(status.x) + text_width(SEARCH_PROMPT) + prompt.visual_cursor()
        - prompt.visual_scroll(room);
    (x < usize::from(status.x + status.width)).then(|| Position::new(x as u16, status.y))
}

/// The status bar: the latest message or the focused pane's keys on the left, and what the
/// session cost on the right, always (a message is cut before the counts are).
pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let width = usize::from(area.width);
    let counts = app.status_counts();
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
                    match search.library {
                        true => format!(
                            "  {} searches the library · {} back",
                            app.keymap.key_for(Action::SearchDone),
                            app.keymap.key_for(Action::SearchCancel),
                        ),
                        false => format!(
                            "  {} of {} loaded · {} go · {} clear",
                            search.matches.len(),
                            search.searched,
                            app.keymap.key_for(Action::SearchDone),
                            app.keymap.key_for(Action::SearchCancel),
                        ),
                    },
                    theme::dim(),
                ),
            ]);
            put_line(buf, area.x, area.y, &line, room as u16);
        }
        (Some(notice), None) => {
            let style = if notice.is_error {
                theme::error()
            } else {
                Style::new()
            };
            if let Some(status) = app.status_text() {
                for (i, line) in status.lines.iter().enumerate() {
                    let y = area.y + i as u16;
                    if y < area.bottom() {
                        put(buf, area.x, y, line, width, style);
                    }
                }
                if let Some(row) = status.counts_row {
                    let counts_width = text_width(&status.counts);
                    let x = area.x + area.width - counts_width as u16;
                    let y = area.y + row as u16;
                    put(buf, x, y, &status.counts, counts_width, theme::label());
                }
            }
            return;
        }
        (None, None) => {
            let hints = app.keymap.hints(app.context());
            let text = format!(" {}", fit_items(&hints, " · ", room.saturating_sub(1)));
            put(buf, area.x, area.y, &text, room, theme::dim());
        }
    }
    if counts_fit {
        let x = area.x + area.width - counts_width as u16;
        put(buf, x, area.y, &counts, counts_width, theme::label());
    }
}
