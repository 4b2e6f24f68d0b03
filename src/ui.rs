//! Rendering: reads the app, writes nothing back. One file per pane — `header`, `input`,
//! `list`, `detail`, `welcome` (in the list and detail panes' place before anything is
//! open), `status`, and the `help` overlay — and `theme` for the colours. The words and the
//! wrapping come from the app (`app::view`); here they get their colours and places.
//!
//! A [`Screen`] keeps what the list's rows and the detail pane's lines became, from one
//! frame to the next (`cache`): the runtime draws through one, so a frame that shows the
//! same rows copies their cells. [`render`] draws with nothing kept.

mod cache;
mod detail;
mod header;
mod help;
mod input;
mod insights;
pub mod list;
mod paint;
mod status;
mod theme;
mod welcome;

use crate::app::view::ViewLine;
use crate::app::{Action, App, Focus};
use crate::text::width as text_width;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Below this size nothing useful fits; the screen says so instead.
const MIN_WIDTH: u16 = 24;
const MIN_HEIGHT: u16 = 8;

/// Draws the whole screen with nothing kept from earlier frames: the same cells a
/// [`Screen`] draws.
pub fn render(app: &App, frame: &mut Frame) {
    Screen::default().render(app, frame);
}

/// What the screen keeps between frames: the cells of the list's rows and of the detail
/// pane's lines, each used again only while everything it was made of is the same (see
/// `cache`). Rendering still reads the app and writes nothing back to it.
#[derive(Debug, Default)]
pub struct Screen {
    rows: cache::Rows,
    lines: cache::Lines,
}

impl Screen {
    /// Forgets every kept row and line: the next frame paints them all.
    pub fn forget(&mut self) {
        self.rows.clear();
        self.lines.clear();
    }

    /// Draws the whole screen.
    pub fn render(&mut self, app: &App, frame: &mut Frame) {
        let area = frame.area();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let text = format!(
                "Terminal too small ({}×{}); needs {MIN_WIDTH}×{MIN_HEIGHT}. {} quits.",
                area.width,
                area.height,
                app.keymap.key_for(Action::Quit)
            );
            let lines: Vec<Line> = crate::text::wrap(&text, usize::from(area.width))
                .into_iter()
                .map(Line::raw)
                .collect();
            Paragraph::new(lines).render(area, frame.buffer_mut());
            return;
        }
        let panes = app.panes();
        let buf = frame.buffer_mut();
        header::render(app, panes.header, buf);
        input::render(app, &panes, buf);
        // Where the cells came steadied from the cache.
        let mut steadied = [Rect::default(); 2];
        if app.list().is_some() {
            steadied[0] = list::render(app, panes.list, buf, &mut self.rows);
            steadied[1] = detail::render(app, panes.detail, buf, &mut self.lines);
        } else {
            welcome::render(app, panes.list.union(panes.detail), buf);
        }
        self.rows.end_frame();
        status::render(app, panes.status, buf);
        let insights = app.insights_view();
        if let Some(view) = &insights {
            insights::render(app, view, frame.buffer_mut());
        }
        let overlay = app.help.is_some() || insights.is_some();
        if app.help.is_some() {
            help::render(app, frame.area(), frame.buffer_mut());
        } else if insights.is_some() {
            // The pane takes the keys: no cursor.
        } else if let Some(cursor) = status::search_cursor(app, &panes) {
            frame.set_cursor_position(cursor);
        } else if let Some(cursor) =
            input::cursor(app, &panes).filter(|_| app.focus == Focus::Input)
        {
            frame.set_cursor_position(cursor);
        }
        if overlay {
            // Drawn over the kept cells: every cell is looked at (steadying twice changes
            // nothing).
            theme::steady_emoji(frame.buffer_mut());
        } else {
            theme::steady_emoji_outside(frame.buffer_mut(), &steadied);
        }
        if app.no_color {
            theme::without_colours(frame.buffer_mut());
        }
    }
}

/// A line the app wrote, in the ui's colours (borrowing its text: it is drawn at once).
pub(crate) fn line(view: &ViewLine) -> Line<'_> {
    Line::from(
        view.pieces
            .iter()
            .map(|piece| Span::styled(piece.text.as_str(), theme::of(piece.role)))
            .collect::<Vec<_>>(),
    )
}

/// Joins whole items while they fit in `max` cells; "…" says some were left out.
///
/// The width is kept as items are added: what an item adds is measured with its separator,
/// and the whole is measured again only where the join could merge two clusters (a text
/// ending in something other than ASCII, or a separator not starting with a space).
fn fit_items<S: AsRef<str>>(items: &[S], separator: &str, max: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for (i, item) in items.iter().enumerate() {
        let before = out.len();
        let additive = before > 0
            && separator.starts_with(' ')
            && out.as_bytes().last().is_some_and(u8::is_ascii);
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(item.as_ref());
        let width = match additive {
            true => used + text_width(&out[before..]),
            false => text_width(&out),
        };
        let last = i + 1 == items.len();
        let reserve = if last { 0 } else { 2 }; // room for " …" after it
        if width + reserve > max {
            out.truncate(before);
            if !out.is_empty() {
                out.push_str(" …");
            }
            return out;
        }
        used = width;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{fit_items, text_width};
    use proptest::prelude::*;

    /// What `fit_items` did before it kept the width as it went: every candidate joined and
    /// measured whole.
    fn fit_items_measured_whole(items: &[String], separator: &str, max: usize) -> String {
        let mut out = String::new();
        for (i, item) in items.iter().enumerate() {
            let candidate = if i == 0 {
                item.clone()
            } else {
                format!("{out}{separator}{item}")
            };
            let reserve = if i + 1 == items.len() { 0 } else { 2 };
            if text_width(&candidate) + reserve > max {
                if !out.is_empty() {
                    out.push_str(" …");
                }
                return out;
            }
            out = candidate;
        }
        out
    }

    proptest! {
        #[test]
        fn fitting_items_as_they_come_is_fitting_the_whole_text(
            items in prop::collection::vec(
                prop::collection::vec(
                    prop::sample::select(vec![
                        "j", "k", " ", "next", "中", "😀", "\u{301}", "\u{200d}", "\u{600}",
                        "🇨", "🇳", "\u{fe0f}", "←",
                    ]),
                    0..5,
                )
                .prop_map(|p| p.concat()),
                0..8,
            ),
            separator in prop::sample::select(vec![" · ", "  ·  ", "\u{301}|", ""]),
            max in 0usize..40,
        ) {
            prop_assert_eq!(
                fit_items(&items, separator, max),
                fit_items_measured_whole(&items, separator, max)
            );
        }
    }

    #[test]
    fn items_are_dropped_whole_and_marked() {
        let items = ["j/k move", "Enter read", "q quit"];
        assert_eq!(
            fit_items(&items, " · ", 100),
            "j/k move · Enter read · q quit"
        );
        assert_eq!(fit_items(&items, " · ", 24), "j/k move · Enter read …");
        assert_eq!(fit_items(&items, " · ", 3), "");
    }
}
