//! Fetching for an export: every page through the [`PageSource`] (so through the cache),
//! each page once, every list through the paging engine ([`Pages`]) for its dedup, order
//! and end rules, and every job held to the same pace.
//!
//! - At most `jobs` requests are in flight at once, whichever lists they belong to. While a
//!   video's comments are being paged, one of those turns is theirs alone: the next page
//!   of comments (which finds the next threads) never waits behind the threads' replies.
//! - A rate limit (code 302, or a proxy's HTTP 429) heard by any call holds back every job's
//!   next request, retries included, until
//!   that call's wait is over (a shared "not before" instant): the service limits the
//!   account, not the thread.
//! - An error that every further call would meet as well (the token, the quota, the
//!   balance, the permission, the server out of reach) stops the export: no new request
//!   is sent. Any other error ends only its own list.
//! - An interrupt also drops the requests in flight.

use crate::api::{ApiError, Call, Delivered, Fetched, Origin, RetryCause, RetryNotice, RetryWatch};
use crate::library::LibraryError;
use crate::paging::{Item, Pages, Paging};
use crate::source::PageSource;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{Semaphore, SemaphorePermit, watch};
use tokio::time::Instant;

/// What the export has done so far, for the progress bar and the summary.
#[derive(Debug, Default)]
pub struct Tally {
    /// HTTP requests sent (retries included), those whose answer arrived, and those with
    /// code 0 (billed). A request sent but not answered (an interrupt) may be billed too.
    pub sent: AtomicU64,
    pub answered: AtomicU64,
    pub billed: AtomicU64,
    /// Pages read from the cache instead, for free.
    pub cached: AtomicU64,
    /// Pages delivered, from anywhere.
    pub pages: AtomicU64,
    /// Threads (comments with replies) found, and finished.
    pub threads: AtomicU64,
    pub threads_done: AtomicU64,
    pub comments: AtomicU64,
    pub replies: AtomicU64,
    /// Replies the service counts under the threads found (some may be hidden).
    pub replies_total: AtomicU64,
}

impl Tally {
    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }
}

/// Why no further request is sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    /// An error that every call would meet (see [`stops_everything`]).
    Failed(ApiError),
    /// Ctrl-C.
    Interrupted,
    /// The export could not be written, so fetching more is pointless.
    Unwritable(String),
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::Failed(error) => write!(f, "stopped after: {}", error.headline()),
            Stop::Interrupted => f.write_str("interrupted"),
            Stop::Unwritable(why) => write!(f, "the export could not be written: {why}"),
        }
    }
}

/// Errors that say something about the account or the connection rather than one list:
/// every further call would fail the same way (and a refused call may still be billed).
pub fn stops_everything(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::InvalidToken
            | ApiError::DailyQuota
            | ApiError::InsufficientBalance
            | ApiError::PermissionDenied { .. }
            | ApiError::Network { .. }
            | ApiError::Timeout { .. }
            | ApiError::RetryLater { .. }
            | ApiError::TooLarge { .. }
    )
}

/// How a list ended.
#[derive(Debug, Clone, PartialEq)]
pub enum ListEnd {
    /// The paging engine's end: `has_more` 0, an empty page, or nothing new.
    Complete,
    /// `--max-pages` was reached with more to fetch.
    Capped,
    /// This page failed (after the client's retries); the pages before it are kept.
    Failed { page: u32, error: ApiError },
    /// This page was never asked for, because the export stopped.
    NotFetched { page: u32, stop: Stop },
}

/// What every job shares: the source, the pace, the counts.
pub struct Shared {
    source: PageSource,
    refresh: bool,
    max_pages: Option<u32>,
    requests: Semaphore,
    /// The turn kept for the comments' pages while they are paged (see
    /// [`Shared::keep_a_turn_for_comments`]); without permits otherwise.
    comments_lane: Semaphore,
    /// Whether `comments_lane` holds one of the `jobs` turns now.
    lane_kept: Mutex<bool>,
    /// No request starts before this instant (set by a rate limit).
    not_before: Mutex<Option<Instant>>,
    stop: Mutex<Option<Stop>>,
    /// The first failure to write a page into the library, if any: the export goes on,
    /// and the summary says that those pages will be paid for again next time.
    not_written: Mutex<Option<LibraryError>>,
    interrupt: watch::Sender<bool>,
    pub tally: Arc<Tally>,
}

/// Why a page was not delivered.
enum PageError {
    Api(ApiError),
    Stopped(Stop),
}

impl Shared {
    pub fn new(
        source: PageSource,
        refresh: bool,
        max_pages: Option<u32>,
        jobs: usize,
        tally: Arc<Tally>,
    ) -> Shared {
        Shared {
            source,
            refresh,
            max_pages,
            requests: Semaphore::new(jobs.max(1)),
            comments_lane: Semaphore::new(0),
            lane_kept: Mutex::new(false),
            not_before: Mutex::new(None),
            stop: Mutex::new(None),
            not_written: Mutex::new(None),
            interrupt: watch::channel(false).0,
            tally,
        }
    }

    /// Why the export stopped, if it did.
    pub fn stopped(&self) -> Option<Stop> {
        self.stop.lock().unwrap().clone()
    }

    /// The first page the library could not keep, and why.
    pub fn not_written(&self) -> Option<LibraryError> {
        self.not_written.lock().unwrap().clone()
    }

    /// Stops the export; the first reason is the one kept.
    pub fn halt(&self, stop: Stop) {
        let interrupted = stop == Stop::Interrupted;
        self.stop.lock().unwrap().get_or_insert(stop);
        if interrupted {
            self.interrupt.send_replace(true);
        }
    }

    /// Gives one of the `jobs` turns to the comments' pages alone, when there are two
    /// turns or more: the rest serve the threads. Answers whether it did.
    pub fn keep_a_turn_for_comments(&self) -> bool {
        let mut kept = self.lane_kept.lock().unwrap();
        if *kept || self.requests.available_permits() < 2 {
            return false;
        }
        // Nothing was sent yet (or only the share link, done): every turn is free.
        if self.requests.forget_permits(1) == 1 {
            self.comments_lane.add_permits(1);
            *kept = true;
        }
        *kept
    }

    /// The comments are all paged: their turn goes back to the threads.
    pub fn return_the_comments_turn(&self) {
        let mut kept = self.lane_kept.lock().unwrap();
        // Called once the last page of comments is answered: the turn is free.
        if std::mem::take(&mut *kept) && self.comments_lane.forget_permits(1) == 1 {
            self.requests.add_permits(1);
        }
    }

    /// The turns free now: the threads', and the one kept for the comments.
    #[cfg(test)]
    pub(crate) fn turns_free(&self) -> (usize, usize) {
        (
            self.requests.available_permits(),
            self.comments_lane.available_permits(),
        )
    }

    /// Where `call` takes its turn.
    fn lane(&self, call: &Call) -> &Semaphore {
        match call {
            Call::Comments { .. } if *self.lane_kept.lock().unwrap() => &self.comments_lane,
            _ => &self.requests,
        }
    }

    /// Holds every job's next request until `until`.
    fn hold_off(&self, until: Instant) {
        let mut not_before = self.not_before.lock().unwrap();
        *not_before = Some(not_before.map_or(until, |t| t.max(until)));
    }

    /// Waits out any rate-limit hold, however often it is extended meanwhile.
    async fn pace(&self) {
        loop {
            let until = *self.not_before.lock().unwrap();
            match until {
                Some(until) if until > Instant::now() => tokio::time::sleep_until(until).await,
                _ => return,
            }
        }
    }

    /// The answer to `call`: from the cache (or the demo) when it has it, else one request
    /// through the client, paced and counted.
    async fn answer(&self, call: &Call) -> Result<Delivered, PageError> {
        if let Some(stop) = self.stopped() {
            return Err(PageError::Stopped(stop));
        }
        let answering = self.source.answer(call, self.refresh, now());
        let watch = Watch {
            shared: self,
            lane: self.lane(call),
            permit: Mutex::new(None),
        };
        let mut interrupted = self.interrupt.subscribe();
        let resolved = tokio::select! {
            resolved = answering.resolve_and_keep(&watch) => resolved,
            _ = interrupted.wait_for(|yes| *yes) => return Err(PageError::Stopped(Stop::Interrupted)),
        };
        if let Some(Err(err)) = resolved.written {
            self.not_written.lock().unwrap().get_or_insert(err);
        }
        let result = resolved.result;
        match (result, self.stopped()) {
            // Held back until the export stopped: never sent.
            (Err(ApiError::CalledOff), Some(stop)) => Err(PageError::Stopped(stop)),
            (result, _) => result.map_err(PageError::Api),
        }
    }

    /// Resolves a share link to its video (one billed call, once: cached for good).
    pub async fn resolve_share(&self, url: &str) -> Result<crate::VideoId, Stop> {
        let call = Call::Share {
            url: url.to_owned(),
        };
        let answer = match self.answer(&call).await {
            Ok(delivered) => {
                // Counted as the TUI's `cached` counts it: an answer that cost nothing.
                if let Origin::Cache { .. } = delivered.origin {
                    Tally::add(&self.tally.cached, 1);
                }
                delivered.take_video()
            }
            Err(PageError::Api(error)) => Err(error),
            Err(PageError::Stopped(stop)) => return Err(stop),
        };
        answer.map_err(|error| {
            self.halt(Stop::Failed(error.clone()));
            Stop::Failed(error)
        })
    }

    /// Fetches the next page of `list` and applies it. `None` while more may come; how the
    /// list ended otherwise. `counter` counts the new items.
    pub async fn next_page<T: Item>(
        &self,
        list: &mut Pages<T>,
        call: impl Fn(u32) -> Call,
        unpack: fn(Delivered) -> Result<Fetched<T>, ApiError>,
        counter: &AtomicU64,
    ) -> Option<ListEnd> {
        if let Paging::End(_) = list.paging() {
            return Some(ListEnd::Complete);
        }
        if self.max_pages.is_some_and(|max| list.pages_loaded() >= max) {
            return Some(ListEnd::Capped);
        }
        let page = list.request_next()?;
        let call = call(page);
        let result = match self.answer(&call).await {
            Ok(delivered) => {
                let origin = delivered.origin;
                let fetched = unpack(delivered);
                if fetched.is_ok() {
                    self.count_page(origin);
                }
                fetched
            }
            Err(PageError::Api(error)) => Err(error),
            Err(PageError::Stopped(stop)) => return Some(ListEnd::NotFetched { page, stop }),
        };
        if let Err(error) = &result
            && stops_everything(error)
        {
            self.halt(Stop::Failed(error.clone()));
        }
        let before = list.items().len();
        list.apply(page, result);
        Tally::add(counter, (list.items().len() - before) as u64);
        match list.paging() {
            Paging::Idle => None,
            Paging::End(_) => Some(ListEnd::Complete),
            Paging::Failed { page, error } => Some(ListEnd::Failed {
                page: *page,
                error: error.clone(),
            }),
            // `apply` always leaves the page it was given.
            Paging::Loading { .. } => None,
        }
    }

    fn count_page(&self, origin: Origin) {
        Tally::add(&self.tally.pages, 1);
        if let Origin::Cache { .. } = origin {
            Tally::add(&self.tally.cached, 1);
        }
    }
}

/// One call's view of the export: takes one of the `jobs` turns before its first request
/// (and keeps it through its retries), keeps the shared pace before every request, counts
/// its requests, spreads its rate limits, and stops retrying once the export has stopped.
struct Watch<'a> {
    shared: &'a Shared,
    /// Where its turn comes from: the threads' turns, or the one kept for the comments.
    lane: &'a Semaphore,
    permit: Mutex<Option<SemaphorePermit<'a>>>,
}

impl RetryWatch for Watch<'_> {
    async fn clear_to_send(&self) -> bool {
        if self.permit.lock().unwrap().is_none() {
            let permit = self.lane.acquire().await.expect("never closed");
            *self.permit.lock().unwrap() = Some(permit);
        }
        self.shared.pace().await;
        self.shared.stopped().is_none()
    }

    fn waiting(&self, notice: RetryNotice) {
        if notice.cause == RetryCause::RateLimit {
            self.shared.hold_off(Instant::now() + notice.wait);
        }
        tracing::info!(
            reason = %notice.reason,
            wait_ms = notice.wait.as_millis() as u64,
            "export waits before a retry"
        );
    }

    fn still_wanted(&self) -> bool {
        self.shared.stopped().is_none()
    }

    fn sent(&self) {
        Tally::add(&self.shared.tally.sent, 1);
    }

    fn answered(&self, billed: bool) {
        Tally::add(&self.shared.tally.answered, 1);
        if billed {
            Tally::add(&self.shared.tally.billed, 1);
        }
    }
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn shared() -> Shared {
        let source = PageSource::Unavailable {
            reason: "none".into(),
        };
        Shared::new(source, false, None, 2, Arc::default())
    }

    fn watch(shared: &Shared) -> Watch<'_> {
        Watch {
            shared,
            lane: &shared.requests,
            permit: Mutex::new(None),
        }
    }

    fn rate_limited(wait: Duration) -> RetryNotice {
        RetryNotice {
            failed_attempt: 1,
            max_attempts: 4,
            wait,
            cause: RetryCause::RateLimit,
            reason: ApiError::RateLimited.headline(),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_rate_limit_heard_by_one_call_holds_back_every_job() {
        let shared = shared();
        let start = Instant::now();
        watch(&shared).waiting(rate_limited(Duration::from_secs(5)));
        shared.pace().await;
        assert!(start.elapsed() >= Duration::from_secs(5));
    }

    #[tokio::test(start_paused = true)]
    async fn a_longer_rate_limit_extends_the_hold_and_a_shorter_one_does_not_cut_it() {
        let shared = shared();
        let start = Instant::now();
        let watch = watch(&shared);
        watch.waiting(rate_limited(Duration::from_secs(10)));
        watch.waiting(rate_limited(Duration::from_secs(5)));
        shared.pace().await;
        assert!(start.elapsed() >= Duration::from_secs(10));
    }

    #[tokio::test(start_paused = true)]
    async fn other_retries_hold_back_only_their_own_call() {
        let shared = shared();
        let start = Instant::now();
        let mut notice = rate_limited(Duration::from_secs(5));
        notice.cause = RetryCause::Transient;
        notice.reason = ApiError::CollectionFailed.headline();
        watch(&shared).waiting(notice);
        shared.pace().await;
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[test]
    fn account_errors_stop_the_export_and_list_errors_do_not() {
        assert!(stops_everything(&ApiError::DailyQuota));
        assert!(stops_everything(&ApiError::InvalidToken));
        assert!(stops_everything(&ApiError::InsufficientBalance));
        assert!(!stops_everything(&ApiError::CollectionFailed));
        assert!(!stops_everything(&ApiError::InvalidParameters {
            endpoint: crate::api::Endpoint::Replies
        }));
    }

    #[test]
    fn a_stopped_export_wants_no_more_retries_and_keeps_its_first_reason() {
        let shared = shared();
        assert!(watch(&shared).still_wanted());
        shared.halt(Stop::Failed(ApiError::DailyQuota));
        shared.halt(Stop::Interrupted);
        assert!(!watch(&shared).still_wanted());
        assert_eq!(shared.stopped(), Some(Stop::Failed(ApiError::DailyQuota)));
    }
}
