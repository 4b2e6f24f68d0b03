//! One engine for every paged list (a video's top-level comments, a comment's replies): the
//! items loaded so far, in order and deduplicated, the selection, and when to ask for more.
//!
//! The rules live here so they hold for every list and can be tested without a terminal:
//! - at most one page is in flight, and a page is asked for only when it is needed: the
//!   visible rows are not yet filled, or the selection is within [`Paged::lookahead`] of the
//!   last loaded item;
//! - items are deduplicated by id across pages (pages can overlap) and keep their order;
//! - the list ends when the service says `has_more: 0`, sends an empty page, or sends
//!   nothing new (its `has_more` can stay 1 forever);
//! - a failed page keeps everything loaded, and only [`Paged::retry`] asks for it again.
//!
//! The list is shown through rows: all items in order, or a view the app chose (a filter,
//! a sort, a conversation). Selection and scrolling are in rows, and so is the lookahead: a
//! view that shows few items keeps loading pages as the plain list would.

use crate::api::{ApiError, Comment, Fetched, Origin, Reply, RetryNotice};
use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Assumed page size until the service shows its own (replies come 10 a page).
const DEFAULT_PAGE_SIZE: usize = 10;

/// Anything a paged list can hold: it has an id that tells it apart from the others.
pub trait Item {
    fn key(&self) -> &str;
}

impl Item for Reply {
    fn key(&self) -> &str {
        &self.post.cid
    }
}

impl Item for Comment {
    fn key(&self) -> &str {
        &self.post.cid
    }
}

/// Where paging stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Paging {
    /// More pages may exist and none is in flight.
    Idle,
    /// This page has been requested.
    Loading { page: u32 },
    /// This page failed; everything before it stays. `r` asks again.
    Failed { page: u32, error: ApiError },
    /// Nothing more to fetch.
    End(EndReason),
}

/// Why a list has no more pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// The service said `has_more: 0`.
    NoMore,
    /// A page came back empty.
    EmptyPage,
    /// A page brought only items already loaded.
    NothingNew,
}

/// A list being read: its items, its paging, its selection and scroll position.
#[derive(Debug, Clone)]
pub struct Paged<T> {
    items: Vec<T>,
    /// The ids seen, as 64-bit keys (see [`dedup_key`]): a tenth of the memory of the ids
    /// themselves, which matters at 100,000 items.
    seen: HashSet<u64>,
    next_page: u32,
    paging: Paging,
    total: Option<u64>,
    /// The longest page seen: the server's page size, as far as it has shown it.
    page_size: Option<usize>,
    /// The oldest fetch time among cached pages shown, for "cached 3 hours ago".
    cached_since: Option<i64>,
    /// The client's latest word on the page in flight, while it waits to try again, and
    /// the Unix time it will try.
    retrying: Option<(RetryNotice, i64)>,
    /// The items shown, by index, in the order shown; `None` shows them all, in order.
    view: Option<Vec<usize>>,
    /// The ids an earlier copy of the list held (when it was fetched again): the others are
    /// new since.
    earlier: Option<HashSet<u64>>,
    /// The selected row and the first visible row.
    selected: usize,
    offset: usize,
    /// The selection moved since the last page was asked for.
    moved: bool,
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Paged {
            items: Vec::new(),
            seen: HashSet::new(),
            next_page: 1,
            paging: Paging::Idle,
            total: None,
            page_size: None,
            cached_since: None,
            retrying: None,
            view: None,
            earlier: None,
            selected: 0,
            offset: 0,
            moved: false,
        }
    }
}

impl<T: Item> Paged<T> {
    pub fn new() -> Paged<T> {
        Paged::default()
    }

    /// The items, in order, for whoever keeps them after the list is done.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    pub fn items(&self) -> &[T] {
        &self.items
    }

    pub fn paging(&self) -> &Paging {
        &self.paging
    }

    /// How many items the service counts, when it said.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    pub fn cached_since(&self) -> Option<i64> {
        self.cached_since
    }

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
        self.view.as_ref().map_or(self.items.len(), Vec::len)
    }

    /// The index of the item shown in `row`.
    pub fn item_index(&self, row: usize) -> Option<usize> {
        match &self.view {
            Some(view) => view.get(row).copied(),
            None => (row < self.items.len()).then_some(row),
        }
    }

    /// The item shown in `row`.
    pub fn row_item(&self, row: usize) -> Option<&T> {
        self.items.get(self.item_index(row)?)
    }

    /// The row showing item `index`, if it is shown.
    pub fn row_of(&self, index: usize) -> Option<usize> {
        match &self.view {
            Some(view) => view.iter().position(|&i| i == index),
            None => (index < self.items.len()).then_some(index),
        }
    }

    pub fn selected_item(&self) -> Option<&T> {
        self.row_item(self.selected)
    }

    /// The index of the selected item.
    pub fn selected_index(&self) -> Option<usize> {
        self.item_index(self.selected)
    }

    /// Shows `view` (item indices, in the order shown), or every item for `None`. The
    /// selected item stays selected if it is still shown.
    pub fn set_view(&mut self, view: Option<Vec<usize>>) {
        let was = self.selected_index();
        self.view = view;
        self.selected = was
            .and_then(|index| self.row_of(index))
            .unwrap_or(0)
            .min(self.rows().saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }

    /// Remembers ids an earlier copy of the list held. Every page fetched again adds those of
    /// its earlier copy, so an item that merely moved to another page is not taken for new.
    pub fn note_earlier<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) {
        let earlier = self.earlier.get_or_insert_with(HashSet::new);
        earlier.extend(ids.into_iter().map(dedup_key));
    }

    /// Whether the item in `row` is new since the earlier copy (never, without one).
    pub fn is_new(&self, row: usize) -> bool {
        match (&self.earlier, self.row_item(row)) {
            (Some(earlier), Some(item)) => !earlier.contains(&dedup_key(item.key())),
            _ => false,
        }
    }

    /// Whether an earlier copy is known, so that new items can be told.
    pub fn knows_earlier(&self) -> bool {
        self.earlier.is_some()
    }

    /// Whether a view (not every item in order) is shown.
    pub fn has_view(&self) -> bool {
        self.view.is_some()
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

    pub fn is_loading(&self) -> bool {
        matches!(self.paging, Paging::Loading { .. })
    }

    /// Pages applied so far (what a reload would fetch again).
    pub fn pages_loaded(&self) -> u32 {
        self.next_page - 1
    }

    /// How close to the last loaded item the selection may come before the next page is
    /// asked for: half a page. A reader moving one item every 200 ms then starts the fetch
    /// a second (five replies) before the end, so a 300 ms server is never waited for; and
    /// opening a list whose first page fills the screen costs exactly one request.
    pub fn lookahead(&self) -> usize {
        (self.page_size.unwrap_or(DEFAULT_PAGE_SIZE) / 2).max(1)
    }

    /// Why the page in flight is taking longer, if the client is waiting to retry it.
    pub fn retrying(&self) -> Option<&RetryNotice> {
        self.retrying.as_ref().map(|(notice, _)| notice)
    }

    /// Whole seconds until the client tries again (never below 0).
    pub fn retry_in(&self, now: i64) -> Option<u64> {
        self.retrying
            .as_ref()
            .map(|(_, at)| at.saturating_sub(now).max(0) as u64)
    }

    /// Notes, at `now`, that the client will try `page` again, if that page is in flight.
    pub fn note_retry(&mut self, page: u32, notice: RetryNotice, now: i64) -> bool {
        if self.paging != (Paging::Loading { page }) {
            return false;
        }
        let at = now + notice.wait.as_millis().div_ceil(1000) as i64;
        self.retrying = Some((notice, at));
        true
    }

    /// The page to request now, if any: only when idle, and only when it is needed — the
    /// `visible_rows` on screen are not yet filled, or the selection is within the
    /// lookahead of the last row. Marks it in flight, so it is never asked twice.
    ///
    /// Through a view that shows few items, pages are not fetched just to fill the screen
    /// (a rare filter would read the whole list, each page billed): only while it shows
    /// nothing at all, or when the selection moved near its last row since the last page.
    pub fn next_request(&mut self, visible_rows: usize) -> Option<u32> {
        if self.paging != Paging::Idle {
            return None;
        }
        let shown = self.rows();
        let after_selection = shown.saturating_sub(self.selected + 1);
        let (near_end, screen_not_full) = match self.view {
            None => (
                after_selection < self.lookahead(),
                shown < self.offset + visible_rows,
            ),
            Some(_) => (self.moved && after_selection < self.lookahead(), shown == 0),
        };
        if !near_end && !screen_not_full {
            return None;
        }
        Some(self.start_next())
    }

    fn start_next(&mut self) -> u32 {
        let page = self.next_page;
        self.paging = Paging::Loading { page };
        self.moved = false;
        page
    }

    /// The next page whether or not it is needed yet (to reload as many pages as before),
    /// if the list is idle. Marks it in flight.
    pub fn request_next(&mut self) -> Option<u32> {
        if self.paging != Paging::Idle {
            return None;
        }
        Some(self.start_next())
    }

    /// Asks again for the page that failed.
    pub fn retry(&mut self) -> Option<u32> {
        let Paging::Failed { page, .. } = self.paging else {
            return None;
        };
        self.paging = Paging::Loading { page };
        Some(page)
    }

    /// Applies the answer for `page`. An answer for a page not in flight is ignored (and
    /// `false` is returned).
    pub fn apply(&mut self, page: u32, result: Result<Fetched<T>, ApiError>) -> bool {
        if self.paging != (Paging::Loading { page }) {
            return false;
        }
        self.retrying = None;
        let fetched = match result {
            Ok(fetched) => fetched,
            Err(error) => {
                self.paging = Paging::Failed { page, error };
                return true;
            }
        };
        self.note_origin(fetched.origin);
        let page_data = fetched.page;
        let received = page_data.items.len();
        if received > 0 {
            self.page_size = Some(self.page_size.unwrap_or(0).max(received));
        }
        self.total = page_data.total.or(self.total);
        let before = self.items.len();
        for item in page_data.items {
            if self.seen.insert(dedup_key(item.key())) {
                self.items.push(item);
            }
        }
        let added = self.items.len() - before;
        self.next_page = page + 1;
        self.paging = match (received, added, page_data.has_more) {
            (0, _, _) => Paging::End(EndReason::EmptyPage),
            (_, 0, _) => Paging::End(EndReason::NothingNew),
            (_, _, false) => Paging::End(EndReason::NoMore),
            _ => Paging::Idle,
        };
        true
    }

    fn note_origin(&mut self, origin: Origin) {
        if let Origin::Cache { fetched_at } = origin {
            self.cached_since = Some(self.cached_since.map_or(fetched_at, |t| t.min(fetched_at)));
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

    /// The index of the item with this id, if loaded.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.items.iter().position(|item| item.key() == key)
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

/// What can be done to a paged list whatever it holds: the selection, the scroll, asking
/// for pages. It lets the app drive the list on screen without knowing its item type.
pub trait PagedList {
    /// Rows shown (all items, or a view's).
    fn len(&self) -> usize;
    /// Items loaded, shown or not.
    fn loaded(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn selected(&self) -> usize;
    fn offset(&self) -> usize;
    fn paging(&self) -> &Paging;
    fn pages_loaded(&self) -> u32;
    fn is_loading(&self) -> bool;
    fn next_request(&mut self, visible_rows: usize) -> Option<u32>;
    fn request_next(&mut self) -> Option<u32>;
    fn retry(&mut self) -> Option<u32>;
    fn note_retry(&mut self, page: u32, notice: RetryNotice, now: i64) -> bool;
    fn move_selection(&mut self, delta: isize) -> bool;
    fn select(&mut self, index: usize);
    fn scroll_into_view(&mut self, height: usize, footer: usize);
    /// The selected item's id.
    fn selected_key(&self) -> Option<&str>;
    /// The row showing the item with this id, if it is loaded and shown.
    fn row_of_key(&self, key: &str) -> Option<usize>;
    fn total(&self) -> Option<u64>;
    fn cached_since(&self) -> Option<i64>;
    fn retrying(&self) -> Option<&RetryNotice>;
    fn retry_in(&self, now: i64) -> Option<u64>;
    fn is_new(&self, row: usize) -> bool;
    fn knows_earlier(&self) -> bool;
}

impl<T: Item> PagedList for Paged<T> {
    fn len(&self) -> usize {
        self.rows()
    }
    fn loaded(&self) -> usize {
        self.items.len()
    }
    fn selected(&self) -> usize {
        self.selected
    }
    fn offset(&self) -> usize {
        self.offset
    }
    fn paging(&self) -> &Paging {
        &self.paging
    }
    fn pages_loaded(&self) -> u32 {
        Paged::pages_loaded(self)
    }
    fn is_loading(&self) -> bool {
        Paged::is_loading(self)
    }
    fn next_request(&mut self, visible_rows: usize) -> Option<u32> {
        Paged::next_request(self, visible_rows)
    }
    fn request_next(&mut self) -> Option<u32> {
        Paged::request_next(self)
    }
    fn retry(&mut self) -> Option<u32> {
        Paged::retry(self)
    }
    fn note_retry(&mut self, page: u32, notice: RetryNotice, now: i64) -> bool {
        Paged::note_retry(self, page, notice, now)
    }
    fn move_selection(&mut self, delta: isize) -> bool {
        Paged::move_selection(self, delta)
    }
    fn select(&mut self, index: usize) {
        Paged::select(self, index)
    }
    fn scroll_into_view(&mut self, height: usize, footer: usize) {
        Paged::scroll_into_view(self, height, footer)
    }
    fn selected_key(&self) -> Option<&str> {
        self.selected_item().map(Item::key)
    }
    fn row_of_key(&self, key: &str) -> Option<usize> {
        self.row_of(Paged::position(self, key)?)
    }
    fn total(&self) -> Option<u64> {
        self.total
    }
    fn cached_since(&self) -> Option<i64> {
        self.cached_since
    }
    fn retrying(&self) -> Option<&RetryNotice> {
        Paged::retrying(self)
    }
    fn retry_in(&self, now: i64) -> Option<u64> {
        Paged::retry_in(self, now)
    }
    fn is_new(&self, row: usize) -> bool {
        Paged::is_new(self, row)
    }
    fn knows_earlier(&self) -> bool {
        Paged::knows_earlier(self)
    }
}

/// A 64-bit key for an id. Douyin's ids are decimal u64s and become exactly themselves;
/// anything else is hashed (SipHash with fixed keys), where two ids would have to collide
/// in 64 bits to be taken for one (about 1 in 10^9 for a million ids).
fn dedup_key(id: &str) -> u64 {
    let canonical = !id.is_empty() && (id == "0" || !id.starts_with('0'));
    match id.parse::<u64>() {
        Ok(n) if canonical && id.bytes().all(|b| b.is_ascii_digit()) => n,
        _ => {
            let mut hasher = DefaultHasher::new();
            id.hash(&mut hasher);
            hasher.finish()
        }
    }
}

#[cfg(test)]
mod tests;
