//! The insights pane: the lines the app laid out (bars of block characters, cut to width),
//! over the list, with the selected row marked and what is above and below counted.

use super::{line, theme};
use crate::app::App;
use crate::app::insights::InsightsView;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

pub fn render(app: &App, view: &InsightsView, buf: &mut Buffer) {
    let area = Rect::new(0, 0, view.width, view.height).intersection(buf.area);
    if area.is_empty() {
        return;
    }
    Clear.render(area, buf);
    let rows = view.rows();
    let scroll = view.scroll.min(view.body.len().saturating_sub(rows));
    let below = view.body.len().saturating_sub(scroll + rows);
    let block = Block::bordered()
        .border_style(theme::border(true))
        .title(Span::styled(view.title.clone(), theme::title()));
    let block = if below > 0 {
        block.title_bottom(Line::styled(format!(" ↓ {below} more "), theme::dim()).right_aligned())
    } else {
        block
    };
    let inner = block.inner(area);
    block.render(area, buf);
    let mut y = inner.y;
    for summary in view.summary.iter().take(usize::from(inner.height)) {
        buf.set_line(inner.x, y, &line(summary), inner.width);
        y += 1;
    }
    let focused = app.help.is_none();
    for (i, body) in view.body.iter().enumerate().skip(scroll).take(rows) {
        if y >= inner.bottom() {
            break;
        }
        let mut drawn = line(body);
        if view.selected == Some(i) {
            drawn = drawn.patch_style(theme::selected(focused));
            let row = Rect::new(inner.x, y, inner.width, 1);
            buf.set_style(row, theme::selected(focused));
        }
        buf.set_line(inner.x, y, &drawn, inner.width);
        if view.selected == Some(i) && inner.width > 2 {
            // Marked by a character too, for terminals without colours.
            buf[(inner.x + 1, y)].set_symbol("›");
        }
        y += 1;
    }
}
