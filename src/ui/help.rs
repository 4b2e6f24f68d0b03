//! The `?` overlay: every key, from the keymap's own table.

use super::theme;
use crate::app::keymap::HELP;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

pub fn render(screen: Rect, buf: &mut Buffer) {
    let lines = lines();
    let width = 70.min(screen.width);
    let height = (lines.len() as u16 + 2).min(screen.height);
    let area = Rect {
        x: screen.x + (screen.width - width) / 2,
        y: screen.y + (screen.height - height) / 2,
        width,
        height,
    };
    // Clear one more column on each side: a wide (CJK) character just left of the box would
    // otherwise have its hidden second half under the border, and the border would vanish.
    let margin = Rect {
        x: area.x.saturating_sub(1),
        width: (area.width + 2).min(screen.right().saturating_sub(area.x.saturating_sub(1))),
        ..area
    };
    Clear.render(margin, buf);
    let block = Block::bordered()
        .border_style(theme::border(true))
        .title(Span::styled(" Keys ", theme::title()))
        .title_bottom(Line::styled(" any key closes ", theme::dim()).right_aligned());
    Paragraph::new(lines).block(block).render(area, buf);
}

fn lines() -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (section, entries) in HELP {
        out.push(Line::styled(format!(" {section}"), theme::title()));
        for entry in *entries {
            out.push(Line::from(vec![
                Span::styled(format!("   {:<17}", entry.keys), theme::label()),
                Span::raw(entry.what),
            ]));
        }
    }
    out
}
