//! The welcome pane, before anything is open: what to paste, and how to set a token.

use super::theme;
use crate::app::{App, Fetching};
use crate::text::wrap;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// Before any thread is open, the list and detail panes make one welcome screen.
pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered()
        .border_style(theme::border(false))
        .title(Span::styled(" Welcome ", theme::title()));
    let inner = block.inner(area);
    block.render(area, buf);
    Paragraph::new(welcome_lines(&app.fetching, inner.width)).render(inner, buf);
}

/// What the list pane shows before any thread is open.
pub fn welcome_lines(fetching: &Fetching, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width).saturating_sub(2);
    let mut lines = vec![Line::raw("")];
    let intro = [
        (
            "Paste a Douyin share text or video link above, or type a comment ID, and press Enter.",
            Style::new().add_modifier(Modifier::BOLD),
        ),
        (
            "A video opens on its comments, a comment on its replies; they load as you scroll. \
             F1 shows every key.",
            theme::dim(),
        ),
    ];
    for (text, style) in intro {
        for l in wrap(text, width) {
            lines.push(Line::styled(format!("  {l}"), style));
        }
    }
    if let Fetching::NoToken { how_to } = fetching {
        lines.push(Line::raw(""));
        for paragraph in how_to.lines() {
            // Bullets hang: their continuation lines start under the text, not the bullet.
            let (first, rest) = match paragraph.strip_prefix("• ") {
                Some(item) => ("  • ", item),
                None => ("  ", paragraph),
            };
            for (i, l) in wrap(rest, width.saturating_sub(first.chars().count()))
                .into_iter()
                .enumerate()
            {
                let lead = if i == 0 {
                    first.to_owned()
                } else {
                    " ".repeat(first.chars().count())
                };
                lines.push(Line::styled(format!("{lead}{l}"), theme::error()));
            }
        }
    }
    lines
}
