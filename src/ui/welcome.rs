//! The welcome pane, before anything is open: what to paste, and how to set a token. The
//! app writes the lines and keeps the scroll offset; here they are placed, with a hint when
//! more is above or below.

use super::{line, theme};
use crate::app::{Action, App, Focus};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

/// Before any thread is open, the list and detail panes make one welcome screen.
pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let (lines, rows, scroll) = app.welcome_view();
    let below = lines.len().saturating_sub(scroll + rows);
    let mut block = Block::bordered()
        .border_style(theme::border(false))
        .title(Span::styled(" Welcome ", theme::title()));
    if below > 0 || scroll > 0 {
        let keys = &app.keymap;
        let down = keys.key_for(Action::PageDown);
        let hint = match (below, app.focus) {
            (0, Focus::Library) => " ↑ ".to_owned(),
            (0, _) => format!(" ↑ {} ", keys.key_for(Action::Top)),
            (n, Focus::Library) => format!(" ↓ {n} more "),
            (n, Focus::Input) if app.library.rows() > 0 => {
                format!(" ↓ {n} more: {} ", keys.key_for(Action::IntoLibrary))
            }
            (n, Focus::Input) => {
                format!(" ↓ {n} more: {}, then {down} ", keys.key_for(Action::Back))
            }
            (n, _) => format!(" ↓ {n} more: {down} "),
        };
        block = block.title_bottom(Line::styled(hint, theme::dim()).right_aligned());
    }
    let inner = block.inner(area);
    block.render(area, buf);
    for (i, view) in lines.iter().skip(scroll).take(rows).enumerate() {
        buf.set_line(inner.x, inner.y + i as u16, &line(view), inner.width);
    }
}
