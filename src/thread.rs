//! One reply thread: the replies loaded so far, in order and deduplicated, and its paging.
//!
//! The paging rules live here so they can be tested without a terminal: at most one page is
//! in flight, the next page is asked for only within one page of the loaded end, and the
//! thread ends when the service says so, sends an empty page, or sends nothing new (its
//! `has_more` can stay 1 forever).

use crate::CommentId;
use crate::api::{ApiError, Reply, RetryNotice};
use crate::source::{Fetched, Origin};
use std::collections::HashSet;

/// Assumed page size until the service shows its own (the samples show 10).
const DEFAULT_PAGE_SIZE: usize = 10;

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

/// Why a thread has no more pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// The service said `has_more: 0`.
    NoMore,
    /// A page came back empty.
    EmptyPage,
    /// A page brought only replies already loaded.
    NothingNew,
}

/// What applying a page changed, for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageOutcome {
    pub added: usize,
    pub duplicates: usize,
}

/// A thread being read.
#[derive(Debug, Clone)]
pub struct Thread {
    pub id: CommentId,
    /// Identifies this thread instance; results carrying another `req` are stale.
    pub req: u64,
    /// Refetch pages even if cached (`R`, `--refresh`).
    pub refresh: bool,
    replies: Vec<Reply>,
    seen: HashSet<String>,
    next_page: u32,
    paging: Paging,
    total: Option<u64>,
    page_size: usize,
    /// The oldest fetch time among cached pages shown, for "cached 3 h ago".
    cached_since: Option<i64>,
    /// The client's latest word on the page in flight, while it waits to try again, and
    /// the Unix time it will try.
    retrying: Option<(RetryNotice, i64)>,
    /// The selected reply (an index into the replies) and the first visible row.
    pub selected: usize,
    pub offset: usize,
}

impl Thread {
    pub fn new(id: CommentId, req: u64, refresh: bool) -> Thread {
        Thread {
            id,
            req,
            refresh,
            replies: Vec::new(),
            seen: HashSet::new(),
            next_page: 1,
            paging: Paging::Idle,
            total: None,
            page_size: DEFAULT_PAGE_SIZE,
            cached_since: None,
            retrying: None,
            selected: 0,
            offset: 0,
        }
    }

    pub fn replies(&self) -> &[Reply] {
        &self.replies
    }

    pub fn paging(&self) -> &Paging {
        &self.paging
    }

    pub fn total(&self) -> Option<u64> {
        self.total
    }

    pub fn cached_since(&self) -> Option<i64> {
        self.cached_since
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
    pub fn note_retry(&mut self, page: u32, notice: RetryNotice, now: i64) {
        if self.paging == (Paging::Loading { page }) {
            let at = now + notice.wait.as_millis().div_ceil(1000) as i64;
            self.retrying = Some((notice, at));
        }
    }

    /// Pages applied so far (what a reload would fetch again).
    pub fn pages_loaded(&self) -> u32 {
        self.next_page - 1
    }

    pub fn selected_reply(&self) -> Option<&Reply> {
        self.replies.get(self.selected)
    }

    pub fn is_loading(&self) -> bool {
        matches!(self.paging, Paging::Loading { .. })
    }

    /// The page to request now, if any: only when idle, and only when it is needed — the
    /// selection is within one page of the loaded end, or the `visible_rows` on screen are
    /// not yet filled. Marks it in flight, so it is never requested twice.
    pub fn next_request(&mut self, visible_rows: usize) -> Option<u32> {
        if self.paging != Paging::Idle {
            return None;
        }
        let loaded = self.replies.len();
        let near_end = loaded.saturating_sub(self.selected) <= self.page_size;
        let screen_not_full = loaded < self.offset + visible_rows;
        if !near_end && !screen_not_full {
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

    /// Applies the answer for `page`. Answers for a page not in flight are ignored.
    pub fn apply(&mut self, page: u32, result: Result<Fetched, ApiError>) -> Option<PageOutcome> {
        if self.paging != (Paging::Loading { page }) {
            return None;
        }
        self.retrying = None;
        let fetched = match result {
            Ok(fetched) => fetched,
            Err(error) => {
                self.paging = Paging::Failed { page, error };
                return None;
            }
        };
        self.note_origin(fetched.origin);
        let page_data = fetched.page;
        let received = page_data.replies.len();
        if received > 0 {
            self.page_size = received;
        }
        self.total = page_data.total.or(self.total);
        let before = self.replies.len();
        for reply in page_data.replies {
            if self.seen.insert(reply.cid.clone()) {
                self.replies.push(reply);
            }
        }
        let added = self.replies.len() - before;
        self.next_page = page + 1;
        self.paging = match (received, added, page_data.has_more) {
            (0, _, _) => Paging::End(EndReason::EmptyPage),
            (_, 0, _) => Paging::End(EndReason::NothingNew),
            (_, _, false) => Paging::End(EndReason::NoMore),
            _ => Paging::Idle,
        };
        Some(PageOutcome {
            added,
            duplicates: received - added,
        })
    }

    fn note_origin(&mut self, origin: Origin) {
        match origin {
            Origin::Network | Origin::Demo => {}
            Origin::Cache { fetched_at } => {
                self.cached_since =
                    Some(self.cached_since.map_or(fetched_at, |t| t.min(fetched_at)));
            }
        }
    }

    /// Moves the selection by `delta` rows, clamped to the loaded replies.
    pub fn move_selection(&mut self, delta: isize) {
        let last = self.replies.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    pub fn select(&mut self, index: usize) {
        self.selected = index.min(self.replies.len().saturating_sub(1));
    }

    /// Scrolls so the selection is visible in `height` rows; when the last reply is selected,
    /// also shows the `footer` rows after it (loading, end of thread, or an error).
    pub fn scroll_into_view(&mut self, height: usize, footer: usize) {
        if height == 0 {
            return;
        }
        let len = self.replies.len();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ThreadPage;

    fn reply(cid: u32) -> Reply {
        Reply {
            cid: cid.to_string(),
            ..Reply::default()
        }
    }

    fn page_result(cids: std::ops::Range<u32>, has_more: bool) -> Result<Fetched, ApiError> {
        page(cids, has_more)
    }

    fn page(cids: std::ops::Range<u32>, has_more: bool) -> Result<Fetched, ApiError> {
        Ok(Fetched {
            page: ThreadPage {
                replies: cids.map(reply).collect(),
                has_more,
                cursor: None,
                total: Some(57),
            },
            origin: Origin::Network,
        })
    }

    fn page_of_ten(page: u32) -> Result<Fetched, ApiError> {
        page_result((page - 1) * 10..page * 10, true)
    }

    fn thread() -> Thread {
        Thread::new(CommentId::parse("7251524159191958327").unwrap(), 1, false)
    }

    #[test]
    fn first_page_is_requested_once() {
        let mut t = thread();
        assert_eq!(t.next_request(5), Some(1));
        assert_eq!(t.next_request(5), None, "page 1 is in flight");
    }

    #[test]
    fn lookahead_is_one_page_and_no_further() {
        let mut t = thread();
        t.next_request(5);
        t.apply(1, page(0..10, true));
        // Ten loaded, selection at the top: within one page of the end, so page 2 is due.
        assert_eq!(t.next_request(5), Some(2));
        t.apply(2, page(10..20, true));
        // Twenty loaded, selection at the top: page 3 is not needed yet.
        assert_eq!(t.next_request(5), None);
        t.select(9);
        assert_eq!(t.next_request(5), None);
        t.select(10);
        assert_eq!(t.next_request(5), Some(3));
    }

    #[test]
    fn a_tall_screen_is_filled_but_not_more() {
        let mut t = thread();
        let mut pages = 0;
        while let Some(page) = t.next_request(35) {
            t.apply(page, page_of_ten(page));
            pages += 1;
        }
        assert_eq!(
            pages, 4,
            "40 replies fill 35 rows; the selection is far from the end"
        );
    }

    #[test]
    fn overlapping_pages_are_deduplicated_in_order() {
        let mut t = thread();
        t.next_request(5);
        t.apply(1, page(0..10, true));
        t.next_request(5);
        let outcome = t.apply(2, page(8..18, true)).unwrap();
        assert_eq!(
            outcome,
            PageOutcome {
                added: 8,
                duplicates: 2
            }
        );
        let cids: Vec<_> = t
            .replies()
            .iter()
            .map(|r| r.cid.parse::<u32>().unwrap())
            .collect();
        assert_eq!(cids, (0..18).collect::<Vec<_>>());
    }

    #[test]
    fn has_more_that_lies_does_not_loop() {
        let mut t = thread();
        t.next_request(5);
        t.apply(1, page(0..10, true));
        t.next_request(5);
        t.apply(2, page(0..10, true));
        assert_eq!(t.paging(), &Paging::End(EndReason::NothingNew));
        assert_eq!(t.next_request(5), None);

        let mut t = thread();
        t.next_request(5);
        t.apply(1, page(0..0, true));
        assert_eq!(t.paging(), &Paging::End(EndReason::EmptyPage));
    }

    #[test]
    fn has_more_zero_ends_the_thread() {
        let mut t = thread();
        t.next_request(5);
        t.apply(1, page(0..7, false));
        assert_eq!(t.paging(), &Paging::End(EndReason::NoMore));
        assert_eq!(t.replies().len(), 7);
    }

    #[test]
    fn a_failed_page_keeps_what_was_loaded_and_retries_the_same_page() {
        let mut t = thread();
        t.next_request(5);
        t.apply(1, page(0..10, true));
        t.next_request(5);
        t.apply(2, Err(ApiError::CollectionFailed));
        assert_eq!(t.replies().len(), 10);
        assert_eq!(t.next_request(5), None, "a failed page waits for r");
        assert_eq!(t.retry(), Some(2));
        assert_eq!(t.retry(), None, "already in flight");
        t.apply(2, page(10..20, false));
        assert_eq!(t.replies().len(), 20);
    }

    #[test]
    fn answers_for_pages_not_in_flight_are_ignored() {
        let mut t = thread();
        t.next_request(5);
        assert_eq!(t.apply(2, page(0..10, true)), None);
        assert!(t.replies().is_empty());
    }

    #[test]
    fn scrolling_keeps_the_selection_and_the_footer_visible() {
        let mut t = thread();
        t.next_request(5);
        t.apply(1, page(0..30, false));
        t.select(29);
        t.scroll_into_view(10, 1);
        assert_eq!(
            t.offset, 21,
            "last reply plus the end-of-thread row fill the view"
        );
        t.select(5);
        t.scroll_into_view(10, 1);
        assert_eq!(t.offset, 5);
        t.select(0);
        t.scroll_into_view(10, 1);
        assert_eq!(t.offset, 0);
    }
}
