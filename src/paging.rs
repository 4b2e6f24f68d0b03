//! One engine for every paged list (a video's top-level comments, a comment's replies, and
//! whatever kind comes next): the items loaded so far, in order and deduplicated, and when
//! to ask for more. Three parts, each usable alone:
//! - [`Pages`], the engine: pages, dedup, the end rules, one page in flight at a time, a
//!   reload that keeps every item until its fresh copy replaces it. Export uses it alone.
//! - [`Viewport`] (in `viewport`): the rows shown (every item, or a view the app chose), the
//!   selection and the scroll offset.
//! - [`ListKind`] (in `kind`): what differs between lists — the item, the call that fetches
//!   page N, how an answer unpacks into a page, the nouns. A new list is one more kind.
//!
//! [`Listing`] is the engine seen through a viewport, for a list on screen.
//!
//! The rules live here so they hold for every list and can be tested without a terminal:
//! - at most one page is in flight, and a page is asked for only when it is needed: the
//!   visible rows are not yet filled, or the selection is within [`Progress::lookahead`] of
//!   the last loaded item;
//! - items are deduplicated by id across pages (pages can overlap) and keep their order;
//! - the list ends when the service says `has_more: 0`, sends an empty page, or sends
//!   nothing new (its `has_more` can stay 1 forever);
//! - a failed page keeps everything loaded, and only [`Progress::retry`] asks for it again.

mod kind;
mod viewport;

pub use kind::{Answered, Ask, Comments, Found, HITS_PAGE, ListKind, Noun, Replies};
pub use viewport::Viewport;

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

impl Item for crate::library::Hit {
    fn key(&self) -> &str {
        &self.item.post().cid
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

/// Where a list's paging stands, whatever it holds: what the footer, the title and the
/// fetch rules read.
#[derive(Debug, Clone)]
pub struct Progress {
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
    /// While a reload reads the pages again: the last page it reads whatever the screen
    /// needs (as many as were loaded before).
    reload_until: Option<u32>,
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            next_page: 1,
            paging: Paging::Idle,
            total: None,
            page_size: None,
            cached_since: None,
            retrying: None,
            reload_until: None,
        }
    }
}

impl Progress {
    pub fn paging(&self) -> &Paging {
        &self.paging
    }

    /// How many items the service counts, when it said.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// The longest page seen so far: the server's page size, as far as it has shown it.
    pub fn page_size(&self) -> Option<usize> {
        self.page_size
    }

    pub fn cached_since(&self) -> Option<i64> {
        self.cached_since
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

    /// The next page whether or not the screen needs it yet, if the list is idle. Marks it
    /// in flight, so it is never asked twice.
    pub fn request_next(&mut self) -> Option<u32> {
        if self.paging != Paging::Idle {
            return None;
        }
        let page = self.next_page;
        self.paging = Paging::Loading { page };
        Some(page)
    }

    /// Asks again for the page that failed.
    pub fn retry(&mut self) -> Option<u32> {
        let Paging::Failed { page, .. } = self.paging else {
            return None;
        };
        self.paging = Paging::Loading { page };
        Some(page)
    }

    /// Whether a reload still has pages to read again (it reads them whatever the screen
    /// needs: they were loaded before).
    pub fn reloading(&self) -> bool {
        self.reload_until
            .is_some_and(|until| self.next_page <= until)
    }

    /// The pages a reload reads again, when one is under way.
    pub fn reload_pages(&self) -> Option<u32> {
        self.reload_until
    }

    fn note_origin(&mut self, origin: Origin) {
        if let Origin::Cache { fetched_at } = origin {
            self.cached_since = Some(self.cached_since.map_or(fetched_at, |t| t.min(fetched_at)));
        }
    }
}

/// A reload under way: the items of the earlier copy not fetched again yet. They stay,
/// after the fresh ones, until their fresh copy replaces them or the list ends without
/// them.
#[derive(Debug, Clone)]
struct Stale {
    keys: HashSet<u64>,
    /// Where the earlier copy's items begin in `items`: every item before is fresh.
    from: usize,
}

/// The engine: the items of a paged list, deduplicated, and where its paging stands.
#[derive(Debug, Clone)]
pub struct Pages<T> {
    items: Vec<T>,
    /// The ids seen, as 64-bit keys (see [`dedup_key`]): a tenth of the memory of the ids
    /// themselves, which matters at 100,000 items.
    seen: HashSet<u64>,
    progress: Progress,
    /// The ids an earlier copy of the list held (when it was fetched again): the others are
    /// new since.
    earlier: Option<HashSet<u64>>,
    stale: Option<Stale>,
}

impl<T> Default for Pages<T> {
    fn default() -> Self {
        Pages {
            items: Vec::new(),
            seen: HashSet::new(),
            progress: Progress::default(),
            earlier: None,
            stale: None,
        }
    }
}

impl<T> std::ops::Deref for Pages<T> {
    type Target = Progress;
    fn deref(&self) -> &Progress {
        &self.progress
    }
}

impl<T> std::ops::DerefMut for Pages<T> {
    fn deref_mut(&mut self) -> &mut Progress {
        &mut self.progress
    }
}

impl<T: Item> Pages<T> {
    pub fn new() -> Pages<T> {
        Pages::default()
    }

    /// The items, in order, for whoever keeps them after the list is done.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    pub fn items(&self) -> &[T] {
        &self.items
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// The index of the item with this id, if loaded.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.items.iter().position(|item| item.key() == key)
    }

    /// Remembers ids an earlier copy of the list held. Every page fetched again adds those of
    /// its earlier copy, so an item that merely moved to another page is not taken for new.
    pub fn note_earlier<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) {
        let earlier = self.earlier.get_or_insert_with(HashSet::new);
        earlier.extend(ids.into_iter().map(dedup_key));
    }

    /// Whether item `index` is new since the earlier copy (never, without one).
    pub fn is_new(&self, index: usize) -> bool {
        match (&self.earlier, self.items.get(index)) {
            (Some(earlier), Some(item)) => !earlier.contains(&dedup_key(item.key())),
            _ => false,
        }
    }

    /// Whether an earlier copy is known, so that new items can be told.
    pub fn knows_earlier(&self) -> bool {
        self.earlier.is_some()
    }

    /// Starts reading the list again from page 1, as many pages as were loaded (at least
    /// one). Every item stays where it is until its fresh copy replaces it; what the list
    /// no longer holds goes when it ends. What was loaded becomes the earlier copy, so the
    /// items new since can be told.
    pub fn reload(&mut self) -> u32 {
        // A reload of a reload reads as many pages as the first was to.
        let pages = self
            .pages_loaded()
            .max(self.progress.reload_until.unwrap_or(0))
            .max(1);
        let mut keys = std::mem::take(&mut self.seen);
        if let Some(earlier_reload) = self.stale.take() {
            // A reload of a reload: what the first had not fetched again yet stays too.
            keys.extend(earlier_reload.keys);
        }
        self.earlier
            .get_or_insert_with(HashSet::new)
            .extend(keys.iter().copied());
        self.stale = Some(Stale { keys, from: 0 });
        self.progress = Progress {
            page_size: self.progress.page_size,
            total: self.progress.total,
            reload_until: Some(pages),
            ..Progress::default()
        };
        pages
    }

    /// Applies the answer for `page`. An answer for a page not in flight is ignored (and
    /// `false` is returned).
    pub fn apply(&mut self, page: u32, result: Result<Fetched<T>, ApiError>) -> bool {
        let progress = &mut self.progress;
        if progress.paging != (Paging::Loading { page }) {
            return false;
        }
        progress.retrying = None;
        let fetched = match result {
            Ok(fetched) => fetched,
            Err(error) => {
                progress.paging = Paging::Failed { page, error };
                return true;
            }
        };
        progress.note_origin(fetched.origin);
        let page_data = fetched.page;
        let received = page_data.items.len();
        if received > 0 {
            progress.page_size = Some(progress.page_size.unwrap_or(0).max(received));
        }
        progress.total = page_data.total.or(progress.total);
        let tail = match &self.stale {
            Some(stale) => self.items.split_off(stale.from),
            None => Vec::new(),
        };
        let before = self.items.len();
        for item in page_data.items {
            let key = dedup_key(item.key());
            if self.seen.insert(key) {
                if let Some(stale) = &mut self.stale {
                    stale.keys.remove(&key);
                }
                self.items.push(item);
            }
        }
        let added = self.items.len() - before;
        progress.next_page = page + 1;
        progress.paging = match (received, added, page_data.has_more) {
            (0, _, _) => Paging::End(EndReason::EmptyPage),
            (_, 0, _) => Paging::End(EndReason::NothingNew),
            (_, _, false) => Paging::End(EndReason::NoMore),
            _ => Paging::Idle,
        };
        if let Some(stale) = &mut self.stale {
            stale.from = self.items.len();
            if matches!(progress.paging, Paging::End(_)) {
                // The list ended without them: they are gone from it.
                self.stale = None;
                progress.reload_until = None;
            } else {
                let keys = &stale.keys;
                self.items.extend(
                    tail.into_iter()
                        .filter(|t| keys.contains(&dedup_key(t.key()))),
                );
                if stale.from == self.items.len() {
                    self.stale = None;
                }
            }
        }
        if !self.progress.reloading() && self.stale.is_none() {
            self.progress.reload_until = None;
        }
        true
    }
}

/// A list on screen: the engine's pages seen through a viewport. Only what needs both is
/// here; the rest is asked of `pages` or `view` directly.
#[derive(Debug, Clone)]
pub struct Listing<T> {
    pub pages: Pages<T>,
    pub view: Viewport,
}

impl<T> Default for Listing<T> {
    fn default() -> Self {
        Listing {
            pages: Pages::default(),
            view: Viewport::default(),
        }
    }
}

impl<T: Item> Listing<T> {
    pub fn new() -> Listing<T> {
        Listing::default()
    }

    pub fn items(&self) -> &[T] {
        self.pages.items()
    }

    /// The item shown in `row`.
    pub fn row_item(&self, row: usize) -> Option<&T> {
        self.pages.items().get(self.view.item_index(row)?)
    }

    pub fn selected_item(&self) -> Option<&T> {
        self.row_item(self.view.selected())
    }

    /// The selected item's id.
    pub fn selected_key(&self) -> Option<&str> {
        self.selected_item().map(Item::key)
    }

    /// The row showing the item with this id, if it is loaded and shown.
    pub fn row_of_key(&self, key: &str) -> Option<usize> {
        self.view.row_of(self.pages.position(key)?)
    }

    /// Whether the item in `row` is new since the earlier copy.
    pub fn is_new(&self, row: usize) -> bool {
        self.view
            .item_index(row)
            .is_some_and(|index| self.pages.is_new(index))
    }

    /// The page to request now, if any: only when idle, and only when it is needed — the
    /// `visible_rows` on screen are not yet filled, or the selection is within the
    /// lookahead of the last row. Marks it in flight, so it is never asked twice.
    pub fn due_page(&mut self, visible_rows: usize) -> Option<u32> {
        if self.pages.paging() != &Paging::Idle {
            return None;
        }
        if !self.view.wants_more(self.pages.lookahead(), visible_rows) {
            return None;
        }
        self.view.page_asked();
        self.pages.request_next()
    }

    /// Applies the answer for `page`, then shows the items through `view` (the app's lens;
    /// `None` shows them all). The selected item stays selected wherever it moved.
    pub fn apply(
        &mut self,
        page: u32,
        result: Result<Fetched<T>, ApiError>,
        view: impl FnOnce(&[T]) -> Option<Vec<usize>>,
    ) -> bool {
        // Only a reload moves items (fresh ones go before the earlier copy's): then the
        // selected one is found again by its id; appending leaves every index as it was.
        let selected: Option<Box<str>> = self
            .pages
            .stale
            .as_ref()
            .and_then(|_| self.selected_key())
            .map(Box::from);
        if !self.pages.apply(page, result) {
            return false;
        }
        self.show(view(self.pages.items()));
        if let Some(row) = selected.and_then(|key| self.row_of_key(&key)) {
            self.view.follow(row);
        }
        true
    }

    /// Shows `view` (item indices, in the order shown), or every item for `None`.
    pub fn show(&mut self, view: Option<Vec<usize>>) {
        self.view.set(self.pages.items().len(), view);
    }

    /// Reads the list again from page 1 (see [`Pages::reload`]); the number of pages.
    pub fn reload(&mut self) -> u32 {
        self.pages.reload()
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
