//! Runs the app's `FetchPage` commands without ever paying twice: an answer that needs no
//! waiting (cache, demo) comes back at once; a page already being fetched is joined, not
//! requested again; and a page that only a replaced thread still waits for is not retried.
//! Every HTTP request is reported once, as it is answered, so the status bar counts what
//! was sent and billed, not what was delivered.

use crate::CommentId;
use crate::api::{ApiError, Fetched, Reply, RetryNotice, RetryWatch};
use crate::app::Msg;
use crate::source::PageSource;
use futures_util::FutureExt;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// One page of one thread, whoever asked for it.
pub type PageKey = (CommentId, u32);

/// What a fetch task reports back; the fetcher turns it into messages for every waiter.
#[derive(Debug)]
pub enum Report {
    /// One HTTP request was answered; `billed` for a code-0 answer.
    Answered {
        billed: bool,
    },
    Retrying {
        key: PageKey,
        notice: RetryNotice,
    },
    Done {
        key: PageKey,
        result: Result<Fetched<Reply>, ApiError>,
    },
}

/// A page being fetched and the thread instances (`req`s) waiting for it.
struct InFlight {
    waiters: Vec<u64>,
    /// The newest waiter, read by the task to decide whether a retry is still wanted.
    newest: Arc<AtomicU64>,
}

pub struct Fetcher {
    source: PageSource,
    in_flight: HashMap<PageKey, InFlight>,
    /// The newest thread instance the app asked for; older ones have been replaced.
    current: Arc<AtomicU64>,
    reports: UnboundedSender<Report>,
}

impl Fetcher {
    pub fn new(source: PageSource) -> (Fetcher, UnboundedReceiver<Report>) {
        let (reports, receiver) = unbounded_channel();
        let fetcher = Fetcher {
            source,
            in_flight: HashMap::new(),
            current: Arc::new(AtomicU64::new(0)),
            reports,
        };
        (fetcher, receiver)
    }

    /// Starts fetching `page` for thread instance `req`. Returns the answer if it is
    /// already there; otherwise it arrives later through [`Fetcher::on_report`].
    pub fn fetch(
        &mut self,
        req: u64,
        comment_id: CommentId,
        page: u32,
        refresh: bool,
        now: i64,
    ) -> Option<Msg> {
        self.current.fetch_max(req, Ordering::Relaxed);
        let key = (comment_id, page);
        if let Some(in_flight) = self.in_flight.get_mut(&key) {
            // Its answer is fresh from the source whatever `refresh` says: join it.
            in_flight.waiters.push(req);
            in_flight.newest.fetch_max(req, Ordering::Relaxed);
            return None;
        }
        if let Some(result) = self.source.ready_now(&key.0, page, refresh, now) {
            return Some(Msg::PageLoaded { req, page, result });
        }
        let newest = Arc::new(AtomicU64::new(req));
        self.spawn(key.clone(), newest.clone());
        self.in_flight.insert(
            key,
            InFlight {
                waiters: vec![req],
                newest,
            },
        );
        None
    }

    /// The messages a task's report means, one per thread instance waiting for the page.
    pub fn on_report(&mut self, report: Report) -> Vec<Msg> {
        match report {
            Report::Answered { billed } => vec![Msg::ApiCall { billed }],
            Report::Retrying { key, notice } => {
                let waiters = self
                    .in_flight
                    .get(&key)
                    .map(|f| f.waiters.as_slice())
                    .unwrap_or_default();
                let page = key.1;
                waiters
                    .iter()
                    .map(|&req| Msg::Retrying {
                        req,
                        page,
                        notice: notice.clone(),
                    })
                    .collect()
            }
            Report::Done { key, result } => {
                // Done: the page is no longer in flight, whoever waited for it.
                let waiters = self
                    .in_flight
                    .remove(&key)
                    .map(|f| f.waiters)
                    .unwrap_or_default();
                let page = key.1;
                waiters
                    .into_iter()
                    .map(|req| Msg::PageLoaded {
                        req,
                        page,
                        result: result.clone(),
                    })
                    .collect()
            }
        }
    }

    fn spawn(&self, key: PageKey, newest: Arc<AtomicU64>) {
        let (source, reports, current) = (
            self.source.clone(),
            self.reports.clone(),
            self.current.clone(),
        );
        tokio::spawn(async move {
            let watch = Watch {
                key: key.clone(),
                newest,
                current,
                reports: reports.clone(),
            };
            let fetch = source.fetch_remote(&key.0, key.1, &watch);
            let result = AssertUnwindSafe(fetch)
                .catch_unwind()
                .await
                .unwrap_or_else(|_| {
                    Err(ApiError::NotUnderstood {
                        detail: "the page could not be read (an internal error; see the log)"
                            .into(),
                    })
                });
            // The app may have quit meanwhile; nothing to do then.
            let _ = reports.send(Report::Done { key, result });
        });
    }
}

/// A task's view of its page: whether a thread still on screen waits for it.
struct Watch {
    key: PageKey,
    newest: Arc<AtomicU64>,
    current: Arc<AtomicU64>,
    reports: UnboundedSender<Report>,
}

impl RetryWatch for Watch {
    fn answered(&self, billed: bool) {
        let _ = self.reports.send(Report::Answered { billed });
    }

    fn waiting(&self, notice: RetryNotice) {
        let _ = self.reports.send(Report::Retrying {
            key: self.key.clone(),
            notice,
        });
    }

    /// Retrying costs time and maybe money: only for the thread on screen.
    fn still_wanted(&self) -> bool {
        self.newest.load(Ordering::Relaxed) >= self.current.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::DemoSource;
    use std::time::Duration;

    const THREAD_A: &str = "7611524150996519591";

    fn demo_fetcher() -> (Fetcher, UnboundedReceiver<Report>) {
        let demo = DemoSource::bundled()
            .unwrap()
            .with_delay(Duration::from_millis(50));
        Fetcher::new(PageSource::Demo(demo))
    }

    fn id() -> CommentId {
        CommentId::parse(THREAD_A).unwrap()
    }

    #[tokio::test]
    async fn a_page_in_flight_is_joined_not_fetched_again() {
        let (mut fetcher, mut reports) = demo_fetcher();
        assert!(fetcher.fetch(1, id(), 2, false, 0).is_none());
        assert!(
            fetcher.fetch(2, id(), 2, true, 0).is_none(),
            "joins, even as a refresh"
        );
        let report = reports.recv().await.unwrap();
        let msgs = fetcher.on_report(report);
        let reqs: Vec<u64> = msgs
            .iter()
            .map(|m| match m {
                Msg::PageLoaded {
                    req,
                    page: 2,
                    result: Ok(_),
                } => *req,
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(reqs, [1, 2], "one fetch answers both");
        assert!(
            tokio::time::timeout(Duration::from_millis(200), reports.recv())
                .await
                .is_err(),
            "only one task ran"
        );
    }

    #[test]
    fn a_page_only_a_replaced_thread_waits_for_is_not_wanted() {
        let (reports, _receiver) = unbounded_channel();
        let watch = Watch {
            key: (id(), 1),
            newest: Arc::new(AtomicU64::new(1)),
            current: Arc::new(AtomicU64::new(1)),
            reports,
        };
        assert!(watch.still_wanted());
        watch.current.store(2, Ordering::Relaxed); // the person opened another thread
        assert!(!watch.still_wanted());
        watch.newest.store(2, Ordering::Relaxed); // and came back to this page
        assert!(watch.still_wanted());
    }

    #[tokio::test]
    async fn answers_that_need_no_waiting_come_back_at_once() {
        let (mut fetcher, _reports) = demo_fetcher();
        assert!(matches!(
            fetcher.fetch(1, id(), 1, false, 0),
            Some(Msg::PageLoaded {
                req: 1,
                page: 1,
                result: Ok(_)
            })
        ));
    }
}
