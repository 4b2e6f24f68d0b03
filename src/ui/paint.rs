//! Text into cells: the same cells `Buffer::set_stringn` and `Buffer::set_line` write, for
//! less. Every frame writes every row of text again, and ratatui runs the full grapheme
//! algorithm on each; [`crate::text::graphemes`] finds the same clusters without it for the
//! characters replies are made of.

use crate::text::graphemes;
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// Writes `text` at (`x`, `y`) in `style`, at most `max_width` cells and never past the
/// buffer's right edge, as `buf.set_stringn(x, y, text, max_width, style)` does: control
/// clusters and zero-width ones are left out, and the cells a wide one covers are reset.
/// Returns the column after the text.
pub(super) fn put(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    text: &str,
    max_width: usize,
    style: Style,
) -> u16 {
    let max_width = u16::try_from(max_width).unwrap_or(u16::MAX);
    let mut remaining = buf.area.right().saturating_sub(x).min(max_width);
    let mut x = x;
    // An unstyled space on a blank cell changes nothing that can be seen or compared (a cell
    // without a symbol is a space): the padding of every row is not written again.
    let unstyled = style == Style::new();
    for cluster in graphemes(text) {
        if unstyled && cluster == " " && remaining > 0 {
            let at = buf.index_of(x, y);
            if buf.content[at].symbol() == " " {
                remaining -= 1;
                x += 1;
                continue;
            }
        }
        let width = match cluster.as_bytes() {
            [b' '..=b'~'] => 1,
            _ if cluster.contains(char::is_control) => continue,
            _ => cluster.cell_width(),
        };
        if width == 0 {
            continue;
        }
        let Some(left) = remaining.checked_sub(width) else {
            break;
        };
        remaining = left;
        let at = buf.index_of(x, y);
        buf.content[at].set_symbol(cluster).set_style(style);
        // The cells a wide cluster covers are reset (they would be hidden by it).
        for hidden in 1..usize::from(width) {
            buf.content[at + hidden].reset();
        }
        x += width;
    }
    x
}

/// Writes `line` at (`x`, `y`) in at most `max_width` cells, as `buf.set_line` does.
pub(super) fn put_line(buf: &mut Buffer, x: u16, y: u16, line: &Line, max_width: u16) -> u16 {
    let mut remaining = max_width;
    let mut x = x;
    for span in line {
        if remaining == 0 {
            break;
        }
        let end = put(
            buf,
            x,
            y,
            &span.content,
            usize::from(remaining),
            line.style.patch(span.style),
        );
        remaining = remaining.saturating_sub(end.saturating_sub(x));
        x = end;
    }
    x
}

/// A pane's plain border and its titles, the cells `Block::bordered()` with this border style
/// and these titles draws, without its first step: setting the block's style (here none,
/// so nothing changes) on every cell of the area, each frame, for each pane.
pub(super) struct Border<'a> {
    pub style: Style,
    /// On the top edge, where the line's alignment says (the left by default).
    pub title: Line<'a>,
    /// On the bottom edge, where the line's alignment says.
    pub bottom: Option<Line<'a>>,
}

impl Border<'_> {
    pub(super) fn render(&self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let (left, top) = (area.left(), area.top());
        let right = area.right().saturating_sub(1);
        let bottom = area.bottom().saturating_sub(1);
        let mut set = |x: u16, y: u16, symbol: &str| {
            buf[(x, y)].set_symbol(symbol).set_style(self.style);
        };
        // In Block's order, so a pane one cell wide or high ends up the same.
        for y in top..=bottom {
            set(left, y, "│");
        }
        for x in left..=right {
            set(x, top, "─");
        }
        for y in top..=bottom {
            set(right, y, "│");
        }
        for x in left..=right {
            set(x, bottom, "─");
        }
        set(right, bottom, "┘");
        set(right, top, "┐");
        set(left, bottom, "└");
        set(left, top, "┌");
        let titles = Rect {
            x: left.saturating_add(1),
            width: area.width.saturating_sub(2),
            height: 1,
            y: top,
        };
        title(&self.title, titles, buf);
        if let Some(line) = &self.bottom {
            title(
                line,
                Rect {
                    y: bottom,
                    ..titles
                },
                buf,
            );
        }
    }
}

/// One title in the title row `area`, placed as `Block` places it.
fn title(line: &Line, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let width = u16::try_from(line.width()).unwrap_or(u16::MAX);
    match line.alignment.unwrap_or(Alignment::Left) {
        Alignment::Left => line.render(
            Rect {
                width: width.min(area.width),
                ..area
            },
            buf,
        ),
        Alignment::Right => line.render(
            Rect {
                x: area.right().saturating_sub(width).max(area.left()),
                width: width.min(area.width),
                ..area
            },
            buf,
        ),
        Alignment::Center if width <= area.width => line.render(
            Rect {
                x: area.left() + (area.width - width) / 2,
                width,
                ..area
            },
            buf,
        ),
        Alignment::Center => {
            // Too wide: cut as much off the left as off the right.
            let offset = (width - area.width) / 2;
            let area = Rect {
                width: area.width.saturating_sub(offset),
                ..area
            };
            match offset {
                0 => line.clone().left_aligned().render(area, buf),
                _ => line.clone().right_aligned().render(area, buf),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(crate::text::tricky_char(), 0..20)
            .prop_map(|c| c.into_iter().collect())
    }

    proptest! {
        #[test]
        fn put_writes_the_cells_set_stringn_writes(
            before in text(),
            written in text(),
            x in 0u16..12,
            max in 0usize..16,
            unstyled in any::<bool>(),
        ) {
            // A row with something on it already, so resets and overwrites show.
            let area = Rect::new(0, 0, 10, 2);
            let mut ours = Buffer::empty(area);
            ours.set_string(0, 1, &before, Style::new().fg(Color::Red));
            let mut theirs = ours.clone();
            let style = match unstyled {
                true => Style::new(),
                false => Style::new().bg(Color::Blue).add_modifier(Modifier::BOLD),
            };
            let x = x.min(area.right());
            let end = put(&mut ours, x, 1, &written, max, style);
            let (their_end, _) = theirs.set_stringn(x, 1, &written, max, style);
            prop_assert_eq!(end, their_end);
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn put_line_writes_the_cells_set_line_writes(
            pieces in prop::collection::vec(text(), 0..4),
            max in 0u16..14,
        ) {
            let colours = [Color::Red, Color::Green, Color::Yellow, Color::Cyan];
            let line = Line::from(
                pieces
                    .iter()
                    .zip(colours)
                    .map(|(text, colour)| Span::styled(text.clone(), Style::new().fg(colour)))
                    .collect::<Vec<_>>(),
            )
            .style(Style::new().add_modifier(Modifier::ITALIC));
            let mut ours = Buffer::empty(Rect::new(0, 0, 12, 1));
            let mut theirs = ours.clone();
            let end = put_line(&mut ours, 1, 0, &line, max);
            let (their_end, _) = theirs.set_line(1, 0, &line, max);
            prop_assert_eq!(end, their_end);
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn a_border_is_the_cells_block_draws(
            x in 0u16..4,
            y in 0u16..3,
            width in 0u16..16,
            height in 0u16..6,
            title in text(),
            bottom in prop::option::of((text(), 0usize..3)),
            focused in any::<bool>(),
        ) {
            use ratatui::widgets::Block;
            let buffer = Rect::new(0, 0, 14, 6);
            let area = Rect::new(x, y, width, height);
            let style = if focused {
                Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
            } else {
                Style::new().fg(Color::DarkGray)
            };
            let title = Line::from(vec![
                Span::styled(" T ", Style::new().fg(Color::Cyan)),
                Span::raw(title),
            ]);
            let bottom = bottom.map(|(text, alignment)| {
                let line = Line::styled(text, Style::new().fg(Color::Red));
                match alignment {
                    0 => line,
                    1 => line.right_aligned(),
                    _ => line.centered(),
                }
            });
            let mut block = Block::bordered().border_style(style).title(title.clone());
            if let Some(bottom) = &bottom {
                block = block.title_bottom(bottom.clone());
            }
            let mut theirs = Buffer::empty(buffer);
            theirs.set_string(0, 2, "underneath 中文", Style::new().bg(Color::Blue));
            let mut ours = theirs.clone();
            block.render(area, &mut theirs);
            Border { style, title, bottom }.render(area, &mut ours);
            prop_assert_eq!(ours, theirs);
        }
    }
}
