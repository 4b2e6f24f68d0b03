//! Where each pane goes. Pure, so `update` can use it to know viewport sizes.

use ratatui::layout::{Constraint, Direction, Layout, Rect};

/// Below this width the list and the detail pane are stacked instead of side by side.
pub const SIDE_BY_SIDE_MIN_WIDTH: u16 = 100;

/// The screen's areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    pub header: Rect,
    pub input: Rect,
    pub list: Rect,
    pub detail: Rect,
    pub status: Rect,
}

impl Panes {
    /// Lays out `area`; `input_rows` is the input's content height (1, or 2 with hints).
    pub fn new(area: Rect, input_rows: u16) -> Panes {
        let [header, input, main, status] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(input_rows + 2),
            Constraint::Min(0),
            Constraint::Length(1),
        ])
        .areas(area);
        let (direction, split) = if area.width >= SIDE_BY_SIDE_MIN_WIDTH {
            (
                Direction::Horizontal,
                [Constraint::Percentage(55), Constraint::Percentage(45)],
            )
        } else {
            (
                Direction::Vertical,
                [Constraint::Percentage(50), Constraint::Percentage(50)],
            )
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

    /// Rows and columns inside the list's border.
    pub fn list_inner(&self) -> Rect {
        inner(self.list)
    }

    /// Rows and columns inside the detail pane's border.
    pub fn detail_inner(&self) -> Rect {
        inner(self.detail)
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
        let p = Panes::new(Rect::new(0, 0, 160, 48), 1);
        assert_eq!(p.list.y, p.detail.y);
        assert!(p.list.x < p.detail.x);
    }

    #[test]
    fn narrow_screens_stack_the_panes() {
        let p = Panes::new(Rect::new(0, 0, 80, 24), 2);
        assert_eq!(p.list.x, p.detail.x);
        assert!(p.list.y < p.detail.y);
    }

    #[test]
    fn tiny_screens_do_not_panic() {
        for (w, h) in [(0, 0), (1, 1), (3, 2), (10, 5)] {
            let p = Panes::new(Rect::new(0, 0, w, h), 2);
            let _ = (p.list_inner(), p.detail_inner());
        }
    }
}
