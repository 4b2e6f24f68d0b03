//! The detail pane: the selected item in full, as the app wrapped it.

use super::paint::{Border, put_line};
use super::{line, theme};
use crate::app::{App, Focus, detail};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let focused = app.focus == Focus::Detail;
    let name = app.noun().title(true);
    let title = match app.list().map(|list| list.view()) {
        Some(view) if !view.is_empty() => {
            format!(" {name} {} of {} ", view.selected() + 1, view.rows())
        }
        _ => format!(" {name} "),
    };
    let mut border = Border {
        style: theme::border(focused),
        title: Line::from(Span::styled(title, theme::title())),
        bottom: None,
    };
    let inner = Block::bordered().inner(area);
    let Some(subject) = app.detail_subject() else {
        border.render(area, buf);
        return;
    };
    let lines = detail::lines(subject, app.detail_extras(), inner.width, app.now);
    let height = usize::from(inner.height);
    let scroll = app.detail_scroll.min(lines.len().saturating_sub(height));
    let shown_to = (scroll + height).min(lines.len());
    if lines.len() > height && height > 0 {
        let more = if shown_to < lines.len() { " ↓" } else { "" };
        let position = format!(" line {shown_to} of {}{more} ", lines.len());
        border.bottom = Some(Line::styled(position, theme::dim()).right_aligned());
    }
    border.render(area, buf);
    for (i, view) in lines.iter().skip(scroll).take(height).enumerate() {
        put_line(buf, inner.x, inner.y + i as u16, &line(view), inner.width);
    }
}
