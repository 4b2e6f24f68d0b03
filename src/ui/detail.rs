//! The detail pane: the selected item in full, as the app wrapped it.

use super::cache::Lines;
use super::paint::Border;
use super::theme;
use crate::app::{App, Focus};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

/// Draws the pane, its lines from what `lines` kept when they are made of the same. Returns
/// where the lines drawn from `lines` are (their cells are steadied already).
pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer, lines: &mut Lines) -> Rect {
    if area.height == 0 {
        return Rect::default();
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
        return Rect::default();
    };
    let count = lines.count(subject, app.detail_extras(), inner.width, app.now);
    let height = usize::from(inner.height);
    let scroll = app.detail_scroll.min(count.saturating_sub(height));
    let shown_to = (scroll + height).min(count);
    if count > height && height > 0 {
        let more = if shown_to < count { " ↓" } else { "" };
        let position = format!(" line {shown_to} of {count}{more} ");
        border.bottom = Some(Line::styled(position, theme::dim()).right_aligned());
    }
    border.render(area, buf);
    for (i, index) in (scroll..shown_to).enumerate() {
        lines.draw(index, buf, inner.x, inner.y + i as u16);
    }
    Rect {
        height: (shown_to - scroll) as u16,
        ..inner
    }
}
