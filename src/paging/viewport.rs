//! The rows of a list on screen: every item in order, or a view the app chose (a filter,
//! a sort, a conversation); the selection and the scroll offset, in rows. It holds no item,
//! only how many there are, so it is the same for every kind of list.

/// Which items are shown as rows, which row is selected and which is the first visible.
#[derive(Debug, Clone, Default)]
pub struct Viewport {
    /// How many items are loaded.
    items: usize,
    /// The items shown, by index, in the order shown; `None` shows them all, in order.
    view: Option<Vec<usize>>,
    /// The selected row and the first visible row.
    selected: usize,
    offset: usize,
    /// The selection moved since the last page was asked for.
    moved: bool,
}

impl Viewport {
    /// The selected row (0 when nothing is shown).
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The first visible row.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// How many rows are shown: every item, or those of the view.
    pub fn rows(&self) -> usize {
        self.view.as_ref().map_or(self.items, Vec::len)
    }

    /// How many items are loaded, shown or not.
    pub fn loaded(&self) -> usize {
        self.items
    }

    pub fn is_empty(&self) -> bool {
        self.rows() == 0
    }

    /// Whether a view (not every item in order) is shown.
    pub fn has_view(&self) -> bool {
        self.view.is_some()
    }

    /// The index of the item shown in `row`.
    pub fn item_index(&self, row: usize) -> Option<usize> {
        match &self.view {
            Some(view) => view.get(row).copied(),
            None => (row < self.items).then_some(row),
        }
    }

    /// The row showing item `index`, if it is shown.
    pub fn row_of(&self, index: usize) -> Option<usize> {
        match &self.view {
            Some(view) => view.iter().position(|&i| i == index),
            None => (index < self.items).then_some(index),
        }
    }

    /// The index of the selected item.
    pub fn selected_index(&self) -> Option<usize> {
        self.item_index(self.selected)
    }

    /// Shows `items` items through `view` (item indices, in the order shown), or all of
    /// them for `None`. The selected item stays selected if it is still shown.
    pub fn set(&mut self, items: usize, view: Option<Vec<usize>>) {
        let was = self.selected_index();
        self.items = items;
        self.view = view;
        self.selected = was
            .and_then(|index| self.row_of(index))
            .unwrap_or(0)
            .min(self.rows().saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }

    /// Selects item `index` if it is shown; says whether it is.
    pub fn select_item(&mut self, index: usize) -> bool {
        match self.row_of(index) {
            Some(row) => {
                self.selected = row;
                true
            }
            None => false,
        }
    }

    /// Moves the selection by `delta` rows, clamped to the rows shown. Says whether it moved.
    pub fn move_selection(&mut self, delta: isize) -> bool {
        let before = self.selected;
        let last = self.rows().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.moved = true;
        self.selected != before
    }

    /// Selects `row`, clamped to the rows shown.
    pub fn select(&mut self, row: usize) {
        self.selected = row.min(self.rows().saturating_sub(1));
        self.moved = true;
    }

    /// Keeps the selection on `row` after the rows changed under it (the person did not
    /// move it).
    pub(super) fn follow(&mut self, row: usize) {
        self.selected = row.min(self.rows().saturating_sub(1));
    }

    /// Whether the next page is needed: the `visible_rows` are not filled, or the selection
    /// is within `lookahead` of the last row.
    ///
    /// Through a view that shows few items, pages are not fetched just to fill the screen
    /// (a rare filter would read the whole list, each page billed): only while it shows
    /// nothing at all, or when the selection moved near its last row since the last page.
    pub fn wants_more(&self, lookahead: usize, visible_rows: usize) -> bool {
        let shown = self.rows();
        let after_selection = shown.saturating_sub(self.selected + 1);
        let (near_end, screen_not_full) = match self.view {
            None => (
                after_selection < lookahead,
                shown < self.offset + visible_rows,
            ),
            Some(_) => (self.moved && after_selection < lookahead, shown == 0),
        };
        near_end || screen_not_full
    }

    /// A page was asked for: the selection has not moved since.
    pub fn page_asked(&mut self) {
        self.moved = false;
    }

    /// Scrolls so the selection is visible in `height` rows; when the last row is selected,
    /// also shows the `footer` rows after it (loading, end of list, or an error).
    pub fn scroll_into_view(&mut self, height: usize, footer: usize) {
        if height == 0 {
            return;
        }
        let len = self.rows();
        let content = len + footer;
        let bottom = if len > 0 && self.selected + 1 == len {
            content - 1
        } else {
            self.selected
        };
        if self.selected < self.offset {
            self.offset = self.selected;
        }
        if bottom >= self.offset + height {
            self.offset = (bottom + 1 - height).min(self.selected);
        }
        self.offset = self
            .offset
            .min(content.saturating_sub(height))
            .min(self.selected);
    }
}
