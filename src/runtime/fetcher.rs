//! Runs the app's calls without ever paying twice: an answer that needs no waiting (cache,
//! demo) comes back at once; a call already in flight is joined, not sent again; and a call
//! that only a replaced list still waits for is not retried.
//! Every HTTP request is reported once, as it is answered, so the status bar counts what
//! was sent and billed, not what was delivered.

use crate::api::{ApiError, Call, Delivered, RetryNotice, RetryWatch};
use crate::app::Msg;
use crate::library::LibraryError;
use crate::source::{Answering, PageSource, Pending, Resolved};
use futures_util::FutureExt;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// What a fetch task reports back; the fetcher turns it into messages for every waiter.
#[derive(Debug)]
pub enum Report {
    /// One HTTP request was answered; `billed` for a code-0 answer.
    Answered {
        billed: bool,
    },
    Retrying {
        call: Call,
        notice: RetryNotice,
    },
    Done {
        call: Call,
        result: Result<Delivered, ApiError>,
        /// Whether the answer was written into the library, when it was to be.
        written: Option<Result<(), LibraryError>>,
    },
}

/// A call in flight and the list instances (`req`s) waiting for its answer.
struct InFlight {
    waiters: Vec<u64>,
    /// The newest waiter, read by the task to decide whether a retry is still wanted.
    newest: Arc<AtomicU64>,
}

pub struct Fetcher {
    source: PageSource,
    in_flight: HashMap<Call, InFlight>,
    /// The newest list instance the app asked for; older ones have been replaced.
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

    /// Starts `call` for list instance `req`. Returns the answer if it is already there;
    /// otherwise it arrives later through [`Fetcher::on_report`].
    pub fn fetch(&mut self, req: u64, call: Call, refresh: bool, now: i64) -> Option<Msg> {
        self.current.fetch_max(req, Ordering::Relaxed);
        if let Some(in_flight) = self.in_flight.get_mut(&call) {
            // Its answer is fresh from the source whatever `refresh` says: join it.
            in_flight.waiters.push(req);
            in_flight.newest.fetch_max(req, Ordering::Relaxed);
            return None;
        }
        let pending = match self.source.answer(&call, refresh, now) {
            Answering::Now(result) => return Some(Msg::Answer { req, call, result }),
            Answering::Later(pending) => pending,
        };
        let newest = Arc::new(AtomicU64::new(req));
        self.spawn(call.clone(), pending, newest.clone());
        self.in_flight.insert(
            call,
            InFlight {
                waiters: vec![req],
                newest,
            },
        );
        None
    }

    /// How many calls are in flight.
    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// The messages a task's report means, one per list instance waiting for the answer.
    pub fn on_report(&mut self, report: Report) -> Vec<Msg> {
        match report {
            Report::Answered { billed } => vec![Msg::ApiCall { billed }],
            Report::Retrying { call, notice } => {
                let waiters = self
                    .in_flight
                    .get(&call)
                    .map(|f| f.waiters.as_slice())
                    .unwrap_or_default();
                waiters
                    .iter()
                    .map(|&req| Msg::Retrying {
                        req,
                        call: call.clone(),
                        notice: notice.clone(),
                    })
                    .collect()
            }
            Report::Done {
                call,
                result,
                written,
            } => {
                // Done: the call is no longer in flight, whoever waited for it.
                let waiters = self
                    .in_flight
                    .remove(&call)
                    .map(|f| f.waiters)
                    .unwrap_or_default();
                let mut msgs: Vec<Msg> = waiters
                    .into_iter()
                    .map(|req| Msg::Answer {
                        req,
                        call: call.clone(),
                        result: result.clone(),
                    })
                    .collect();
                // After the answers, so what it says is not replaced by what they say.
                msgs.extend(written.map(|result| Msg::LibraryWritten { result }));
                msgs
            }
        }
    }

    /// Reads the cache, then (on a miss) the network, in a task of its own: the loop never
    /// waits for a disk or a decoder.
    fn spawn(&self, call: Call, pending: Pending, newest: Arc<AtomicU64>) {
        let (reports, current) = (self.reports.clone(), self.current.clone());
        tokio::spawn(async move {
            let watch = Watch {
                call: call.clone(),
                newest,
                current,
                reports: reports.clone(),
            };
            let resolved = AssertUnwindSafe(pending.resolve_and_keep(&watch))
                .catch_unwind()
                .await
                .unwrap_or_else(|_| Resolved {
                    result: Err(ApiError::NotUnderstood {
                        detail: "the answer could not be read (an internal error; see the log)"
                            .into(),
                    }),
                    written: None,
                });
            // The app may have quit meanwhile; nothing to do then.
            let _ = reports.send(Report::Done {
                call,
                result: resolved.result,
                written: resolved.written,
            });
        });
    }
}

/// A task's view of its call: whether a list still on screen waits for it.
struct Watch {
    call: Call,
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
            call: self.call.clone(),
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

    fn page(page: u32) -> Call {
        Call::Replies {
            comment: crate::CommentId::parse(THREAD_A).unwrap(),
            page,
        }
    }

    #[tokio::test]
    async fn a_page_in_flight_is_joined_not_fetched_again() {
        let (mut fetcher, mut reports) = demo_fetcher();
        assert!(fetcher.fetch(1, page(2), false, 0).is_none());
        assert!(
            fetcher.fetch(2, page(2), true, 0).is_none(),
            "joins, even as a refresh"
        );
        let report = reports.recv().await.unwrap();
        let msgs = fetcher.on_report(report);
        let reqs: Vec<u64> = msgs
            .iter()
            .map(|m| match m {
                Msg::Answer {
                    req,
                    call,
                    result: Ok(_),
                } if *call == page(2) => *req,
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
            call: page(1),
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
    async fn a_cached_page_is_read_off_the_loop_and_arrives_as_a_report() {
        let dir = tempfile::tempdir().unwrap();
        let cache = crate::library::Library::open(
            dir.path().join(crate::library::FILE_NAME),
            Duration::from_secs(3600),
        )
        .unwrap()
        .library;
        let body = br#"{"code":0,"data":{"comments":[{"cid":"1","text":"hi"}],"has_more":0}}"#;
        let checked = crate::api::Token::new("secret")
            .unwrap()
            .check(body.to_vec())
            .unwrap();
        cache.put("host", &page(1), &checked, 0).unwrap();
        let (mut fetcher, mut reports) = Fetcher::new(PageSource::Offline {
            cache,
            host: "host".into(),
        });
        assert!(
            fetcher.fetch(1, page(1), false, 0).is_none(),
            "the loop does not read the disk"
        );
        let msgs = fetcher.on_report(reports.recv().await.unwrap());
        let [
            Msg::Answer {
                result: Ok(page), ..
            },
        ] = msgs.as_slice()
        else {
            panic!("{msgs:?}");
        };
        assert_eq!(page.origin, crate::api::Origin::Cache { fetched_at: 0 });
    }

    #[tokio::test]
    async fn answers_that_need_no_waiting_come_back_at_once() {
        let (mut fetcher, _reports) = demo_fetcher();
        assert!(matches!(
            fetcher.fetch(1, page(1), false, 0),
            Some(Msg::Answer {
                req: 1,
                result: Ok(_),
                ..
            })
        ));
    }
}
