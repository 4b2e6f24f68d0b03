//! The help overlay: every key, from the key table, scrolled where the app says.

use super::{line, theme};
use crate::app::keymap::Scope;
use crate::app::{Action, App};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

pub fn render(app: &App, screen: Rect, buf: &mut Buffer) {
    let (lines, area) = app.help_view();
    // Clear one more column on each side: a wide (CJK) character just left of the box would
    // otherwise have its hidden second half under the border, and the border would vanish.
    let margin = Rect {
        x: area.x.saturating_sub(1),
        width: (area.width + 2).min(screen.right().saturating_sub(area.x.saturating_sub(1))),
        ..area
    };
    Clear.render(margin, buf);
    let rows = usize::from(area.height.saturating_sub(2));
    let scroll = app.help.unwrap_or(0).min(lines.len().saturating_sub(rows));
    let below = lines.len().saturating_sub(scroll + rows);
    let keys = &app.keymap;
    let key = |action| keys.key_in(Scope::Help, action);
    let footer = match (scroll, below) {
        (0, 0) => " any key closes ".to_owned(),
        (_, 0) => format!(" ↑ {} · any other key closes ", key(Action::Move(-1))),
        (_, n) => format!(
            " ↓ {n} more: {}, {} · {} closes ",
            key(Action::Move(1)),
            key(Action::PageDown),
            key(Action::CloseHelp)
        ),
    };
    let block = Block::bordered()
        .border_style(theme::border(true))
        .title(Span::styled(" Keys ", theme::title()))
        .title_bottom(Line::styled(footer, theme::dim()).right_aligned());
    let inner = block.inner(area);
    block.render(area, buf);
    for (i, view) in lines.iter().skip(scroll).take(rows).enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, &line(view), inner.width);
    }
}
