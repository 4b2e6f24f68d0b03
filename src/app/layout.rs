//! Where each pane goes. Pure, so `update` can use it to know viewport sizes.

use ratatui::layout::{Constraint, Direction, Layout, Rect};

/// Below this width the list and the detail pane are stacked instead of side by side.
/// Side by side, the list keeps at least [`LIST_MIN_WIDTH`] columns and the detail pane
/// 40, so a wider terminal never shows a narrower list than a standard one.
pub const SIDE_BY_SIDE_MIN_WIDTH: u16 = LIST_MIN_WIDTH + 40;
/// As wide as the list is on a standard 80-column terminal.
const LIST_MIN_WIDTH: u16 = 80;

/// The screen's areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    pub header: Rect,
    pub input: Rect,
    pub list: Rect,
    pub detail: Rect,
    pub status: Rect,
}

/// What the layout depends on besides the screen size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LayoutHints {
    /// There is a line of suggested threads to show under the input.
    pub suggestions: bool,
    /// The detail pane has focus: when stacked, it gets the larger share.
    pub detail_focused: bool,
    /// Rows the status bar needs for its message (1 when it fits on one).
    pub status_rows: u16,
}

/// Below this many rows the suggestions line is dropped.
const SUGGESTIONS_MIN_HEIGHT: u16 = 20;
/// Below this many rows for list and detail together, only the focused one is shown.
const STACK_MIN_HEIGHT: u16 = 12;

impl Panes {
    pub fn new(area: Rect, hints: LayoutHints) -> Panes {
        let input_rows = if hints.suggestions && area.height >= SUGGESTIONS_MIN_HEIGHT {
            2
        } else {
            1
        };
        let [header, input, main, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(input_rows + 2),
            Constraint::Min(0),
            Constraint::Length(hints.status_rows.max(1)),
        ])
        .areas(area);
        let list_width = LIST_MIN_WIDTH.max(area.width.saturating_mul(55) / 100);
        let (direction, split) = match (area.width >= SIDE_BY_SIDE_MIN_WIDTH, hints.detail_focused)
        {
            (true, _) => (
                Direction::Horizontal,
                [Constraint::Length(list_width), Constraint::Fill(1)],
            ),
            (false, _) if main.height < STACK_MIN_HEIGHT => {
                let list_share = if hints.detail_focused { 0 } else { 100 };
                (
                    Direction::Vertical,
                    [Constraint::Percentage(list_share), Constraint::Fill(1)],
                )
            }
            (false, true) => (
                Direction::Vertical,
                [Constraint::Percentage(34), Constraint::Fill(1)],
            ),
            (false, false) => (
                Direction::Vertical,
                [Constraint::Percentage(50), Constraint::Fill(1)],
            ),
        };
        let [list, detail] = Layout::default()
            .direction(direction)
            .constraints(split)
            .areas(main);
        Panes {
            header,
            input,
            list,
            detail,
            status,
        }
    }

    /// Whether the input has room for the suggestions line.
    pub fn shows_suggestions(&self) -> bool {
        self.input.height > 3
    }

    /// Rows and columns inside the list's border.
    pub fn list_inner(&self) -> Rect {
        inner(self.list)
    }

    /// Rows and columns inside the detail pane's border.
    pub fn detail_inner(&self) -> Rect {
        inner(self.detail)
    }
}

/// Widest the help overlay gets; its lines are written for this.
const HELP_MAX_WIDTH: u16 = 76;

/// How wide the help overlay is on this screen, borders included.
pub fn help_width(screen: Rect) -> u16 {
    HELP_MAX_WIDTH.min(screen.width)
}

/// Where the help overlay goes for `lines` lines of text: centred, as tall as it needs or
/// the screen allows (then it scrolls).
pub fn help_area(screen: Rect, lines: usize) -> Rect {
    let width = help_width(screen);
    let wanted = u16::try_from(lines + 2).unwrap_or(u16::MAX);
    let height = wanted.min(screen.height);
    Rect {
        x: screen.x + (screen.width - width) / 2,
        y: screen.y + (screen.height - height) / 2,
        width,
        height,
    }
}

/// The area inside a one-cell border, empty when there is no room.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_screens_put_panes_side_by_side() {
        let p = Panes::new(Rect::new(0, 0, 160, 48), LayoutHints::default());
        assert_eq!(p.list.y, p.detail.y);
        assert!(p.list.x < p.detail.x);
    }

    #[test]
    fn a_wider_terminal_never_shows_a_narrower_list_than_a_standard_one() {
        for width in 80..=240 {
            let p = Panes::new(Rect::new(0, 0, width, 40), LayoutHints::default());
            assert!(
                p.list.width >= 80,
                "at {width} columns the list is {}",
                p.list.width
            );
        }
    }

    #[test]
    fn narrow_screens_stack_the_panes() {
        let p = Panes::new(Rect::new(0, 0, 80, 24), LayoutHints::default());
        assert_eq!(p.list.x, p.detail.x);
        assert!(p.list.y < p.detail.y);
    }

    #[test]
    fn a_focused_detail_gets_more_room_when_stacked() {
        let area = Rect::new(0, 0, 80, 24);
        let list_focused = Panes::new(area, LayoutHints::default());
        let detail_focused = Panes::new(
            area,
            LayoutHints {
                detail_focused: true,
                ..LayoutHints::default()
            },
        );
        assert!(detail_focused.detail.height > list_focused.detail.height);
    }

    #[test]
    fn short_screens_show_only_the_focused_pane() {
        let area = Rect::new(0, 0, 40, 10);
        let p = Panes::new(
            area,
            LayoutHints {
                suggestions: true,
                detail_focused: false,
                status_rows: 1,
            },
        );
        assert!(!p.shows_suggestions());
        assert_eq!(p.detail.height, 0);
        assert!(p.list_inner().height >= 2);
        let p = Panes::new(
            area,
            LayoutHints {
                suggestions: true,
                detail_focused: true,
                status_rows: 1,
            },
        );
        assert_eq!(p.list.height, 0);
    }

    #[test]
    fn tiny_screens_do_not_panic() {
        for (w, h) in [(0, 0), (1, 1), (3, 2), (10, 5)] {
            let p = Panes::new(
                Rect::new(0, 0, w, h),
                LayoutHints {
                    suggestions: true,
                    detail_focused: false,
                    status_rows: 3,
                },
            );
            let _ = (p.list_inner(), p.detail_inner());
        }
    }
}
