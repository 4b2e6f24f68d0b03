//! The input pane: what to open, the refusal of what was not understood, suggestions.

use super::paint::{Border, put, put_line};
use super::{fit_items, theme};
use crate::app::layout::{self, Panes};
use crate::app::{Action, App, Focus};
use crate::text::{truncate, width as text_width, window};
use ratatui::buffer::Buffer;
use ratatui::layout::Position;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

pub(super) fn render(app: &App, panes: &Panes, buf: &mut Buffer) {
    let focused = app.focus == Focus::Input;
    let mut border = Border {
        style: theme::border(focused),
        title: Line::from(vec![
            Span::styled(" Open ", theme::title()),
            Span::styled(
                "comment ID · video link · share text · v:VIDEO_ID ",
                theme::dim(),
            ),
        ]),
        bottom: None,
    };
    if let Some(err) = &app.input_error {
        // The whole refusal, cut with "…" only where the border ends.
        let room = usize::from(panes.input.width).saturating_sub(4);
        let text = truncate(&format!(" ✗ {} ", err.replace('\n', " ")), room).0;
        border.bottom = Some(Line::from(Span::styled(text, theme::error())));
    }
    let inner = Block::bordered().inner(panes.input);
    border.render(panes.input, buf);
    let room = usize::from(inner.width).saturating_sub(PROMPT_WIDTH);
    let line = if app.input.value().is_empty() && !focused {
        Line::from(vec![
            Span::styled(PROMPT, theme::title()),
            Span::styled(
                format!(
                    "press {} to type or paste",
                    app.keymap.key_for(Action::FocusInput)
                ),
                theme::dim(),
            ),
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
    put_line(buf, inner.x, inner.y, &line, inner.width);
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
        put(
            buf,
            inner.x,
            inner.y + 1,
            &hint,
            usize::from(inner.width),
            theme::dim(),
        );
    }
}

/// What the input starts with.
const PROMPT: &str = "› ";
const PROMPT_WIDTH: usize = 2;

pub(super) fn cursor(app: &App, panes: &Panes) -> Option<Position> {
    let inner = layout::inner(panes.input);
    if usize::from(inner.width) <= PROMPT_WIDTH || inner.height == 0 {
        return None;
    }
    let room = usize::from(inner.width) - PROMPT_WIDTH;
    let scroll = app.input.visual_scroll(room.saturating_sub(1));
    let x = usize::from(inner.x) + PROMPT_WIDTH + app.input.visual_cursor() - scroll;
    (x < usize::from(inner.x + inner.width)).then(|| Position::new(x as u16, inner.y))
}
