//! When a failed call is tried again, and how long to wait first. Only failures that a
//! later attempt can plausibly fix are retried, a bounded number of times, with waits
//! that grow; a code in [`FINAL_CODES`](super::error::FINAL_CODES) is never retried,
//! because each attempt may be billed and only the person can fix the cause.

use super::error::ApiError;
use reqwest::StatusCode;
use std::time::Duration;

/// How often and how patiently a failed call is retried.
///
/// Only transient failures are retried: codes 301, 500 and 503, network faults and
/// unreadable answers (with the growing `base_delay`), and code 302 (with the longer,
/// growing `rate_limit_delay`, or the server's `Retry-After` if that is longer). Codes
/// 100, 303, 400, 600, 601 and undocumented codes are never retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 means a single attempt.
    pub max_retries: u32,
    /// The first wait after a transient failure; it doubles with each retry.
    pub base_delay: Duration,
    /// The first wait after a rate limit (code 302); it doubles with each retry.
    pub rate_limit_delay: Duration,
    /// No single wait is longer than this, whatever the backoff or `Retry-After` says.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_secs(1),
            rate_limit_delay: Duration::from_secs(5),
            max_delay: Duration::from_secs(60),
        }
    }
}

/// Why a call is tried again, which decides the kind of wait. A caller that runs several
/// calls at once holds them all back on a rate limit: the service limits the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryCause {
    /// A fault that may be gone in a moment: a server error, a dropped connection.
    Transient,
    /// The service (code 302) or a proxy (HTTP 429) asked to slow down: wait longer.
    RateLimit,
}

impl RetryPolicy {
    /// The wait before retry number `retry` (0-based). `jitter` in [0, 1) stretches the
    /// wait by up to half, so clients that failed together do not retry together; it never
    /// shortens it, which keeps the documented delays a lower bound.
    fn delay(
        &self,
        kind: RetryCause,
        retry: u32,
        retry_after: Option<Duration>,
        jitter: f64,
    ) -> Duration {
        let first = match kind {
            RetryCause::Transient => self.base_delay,
            RetryCause::RateLimit => self.rate_limit_delay,
        };
        let grown = first.saturating_mul(2u32.saturating_pow(retry.min(16)));
        let jittered = grown.mul_f64(1.0 + jitter.clamp(0.0, 1.0) / 2.0);
        let wanted = match (kind, retry_after) {
            (RetryCause::RateLimit, Some(server)) => jittered.max(server),
            _ => jittered,
        };
        wanted.min(self.max_delay)
    }
}

/// Watches a call's attempts: asked before each request whether it may go out (and may
/// hold it back meanwhile), told of each finished attempt and before each wait, asked
/// whether the answer is still wanted before and after it. Any `Fn(RetryNotice)` is a
/// watch that always wants the answer and never holds a request back.
pub trait RetryWatch {
    /// Before each HTTP request, first and retries alike: may wait for a turn (a limit on
    /// requests in flight, a pause every caller keeps). `false` sends nothing more: the
    /// call ends with the last attempt's error, or [`ApiError::CalledOff`] before the first.
    fn clear_to_send(&self) -> impl Future<Output = bool> + Send {
        std::future::ready(true)
    }

    /// Before waiting `notice.wait` to try again, so a person can be told why.
    fn waiting(&self, notice: RetryNotice);

    /// Asked before and after each wait; `false` ends the call with the last error, since
    /// a retry nobody waits for only costs time and maybe money.
    fn still_wanted(&self) -> bool {
        true
    }

    /// As each HTTP request goes out, so a request is counted when it is sent: one whose
    /// answer never arrives (an interrupt) may still have been billed.
    fn sent(&self) {}

    /// Once per HTTP attempt when it has finished, answered or not, so requests can be
    /// counted where they are made. `billed` is true for an answer with code 0: the only
    /// ones the vendor bills.
    fn answered(&self, _billed: bool) {}
}

impl<F: Fn(RetryNotice)> RetryWatch for F {
    fn waiting(&self, notice: RetryNotice) {
        self(notice)
    }
}

/// Said before the client waits to try a call again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryNotice {
    /// The attempt that just failed, from 1.
    pub failed_attempt: u32,
    pub max_attempts: u32,
    pub wait: Duration,
    /// Why: a rate limit, or a fault that may pass.
    pub cause: RetryCause,
    /// What went wrong, in a few words ("rate limited").
    pub reason: String,
}

/// What one attempt produced, with what the retry decision needs to know.
pub(crate) struct Attempt<T> {
    pub result: Result<T, ApiError>,
    /// The HTTP status, when an answer arrived.
    pub status: Option<StatusCode>,
    /// The server's `Retry-After`, in seconds form.
    pub retry_after: Option<Duration>,
    /// Whether the answer carried code 0, whatever became of it after.
    pub billed: bool,
}

/// Runs `attempt` (given the attempt number, from 1) until it succeeds, fails in a way
/// [`backoff_for`] does not retry, runs out of retries, or `watch` no longer wants the
/// answer. The error is the last attempt's. `label` names the call in the log; it must
/// not hold the token.
pub(crate) async fn with_retries<T, F, Fut>(
    policy: &RetryPolicy,
    watch: &impl RetryWatch,
    label: &str,
    mut attempt: F,
) -> Result<T, ApiError>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Attempt<T>>,
{
    let mut retry = 0;
    let mut last = None;
    loop {
        if !watch.clear_to_send().await {
            return Err(last.unwrap_or(ApiError::CalledOff));
        }
        watch.sent();
        let outcome = attempt(retry + 1).await;
        watch.answered(outcome.billed);
        let err = match outcome.result {
            Ok(value) => return Ok(value),
            Err(err) => err,
        };
        // A billed answer that could not be used (code 0 without a readable page) would be
        // billed again, and most likely come back the same: it is not asked again.
        if outcome.billed {
            return Err(err);
        }
        let Some(kind) = backoff_for(&err, outcome.status) else {
            return Err(err);
        };
        if let Some(later) = beyond_patience(policy, kind, &err, outcome.retry_after) {
            return Err(later);
        }
        if retry >= policy.max_retries || !watch.still_wanted() {
            return Err(err);
        }
        let wait = policy.delay(kind, retry, outcome.retry_after, fastrand::f64());
        let wait_ms = wait.as_millis() as u64;
        tracing::debug!(request = label, wait_ms, "waiting before retry");
        watch.waiting(RetryNotice {
            failed_attempt: retry + 1,
            max_attempts: policy.max_retries.saturating_add(1),
            wait,
            cause: kind,
            reason: err.headline(),
        });
        tokio::time::sleep(wait).await;
        if !watch.still_wanted() {
            return Err(err);
        }
        last = Some(err);
        retry += 1;
    }
}

/// A rate limit whose `Retry-After` is longer than the client ever waits becomes
/// [`ApiError::RetryLater`]: a retry sooner would be refused again (and maybe billed), so
/// the call stops and says when to try again.
fn beyond_patience(
    policy: &RetryPolicy,
    kind: RetryCause,
    err: &ApiError,
    retry_after: Option<Duration>,
) -> Option<ApiError> {
    let wait =
        retry_after.filter(|wait| kind == RetryCause::RateLimit && *wait > policy.max_delay)?;
    Some(ApiError::RetryLater {
        code: err.code(),
        wait,
        until: crate::format::clock_after(jiff::Timestamp::now(), wait),
    })
}

/// Which wait a failure calls for; `None` means it is returned at once. An answer that
/// is not the service's JSON is worth retrying after a server fault (an HTML 502 page,
/// a cut-off body) but not after a 3xx or 4xx, which means the base URL is wrong.
fn backoff_for(err: &ApiError, status: Option<StatusCode>) -> Option<RetryCause> {
    if err.is_final() {
        return None;
    }
    match err {
        ApiError::RateLimited => Some(RetryCause::RateLimit),
        ApiError::CollectionFailed | ApiError::ServerError { .. } => Some(RetryCause::Transient),
        ApiError::Timeout { .. } | ApiError::Network { .. } => Some(RetryCause::Transient),
        // A proxy's own rate limit answers 429 without the service's JSON.
        ApiError::NotUnderstood { .. } if status == Some(StatusCode::TOO_MANY_REQUESTS) => {
            Some(RetryCause::RateLimit)
        }
        ApiError::NotUnderstood { .. } => {
            let wrong_address = status.is_some_and(|s| {
                s.is_redirection() || (s.is_client_error() && s != StatusCode::REQUEST_TIMEOUT)
            });
            (!wrong_address).then_some(RetryCause::Transient)
        }
        // Undocumented codes, and any error added later: a retry may be billed, so
        // retrying is opted into above, never assumed.
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::{Cell, RefCell};
    use std::collections::VecDeque;
    use tokio::time::Instant;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_millis(100),
            rate_limit_delay: Duration::from_secs(5),
            max_delay: Duration::from_secs(60),
        }
    }

    #[test]
    fn transient_waits_double_and_jitter_only_lengthens() {
        let p = policy();
        assert_eq!(
            p.delay(RetryCause::Transient, 0, None, 0.0),
            Duration::from_millis(100)
        );
        assert_eq!(
            p.delay(RetryCause::Transient, 2, None, 0.0),
            Duration::from_millis(400)
        );
        assert_eq!(
            p.delay(RetryCause::Transient, 2, None, 0.999),
            Duration::from_micros(599_800)
        );
    }

    #[test]
    fn rate_limit_waits_grow_honour_retry_after_and_stop_at_the_cap() {
        let p = policy();
        assert_eq!(
            p.delay(RetryCause::RateLimit, 1, None, 0.0),
            Duration::from_secs(10)
        );
        let server = Some(Duration::from_secs(30));
        assert_eq!(
            p.delay(RetryCause::RateLimit, 0, server, 0.0),
            Duration::from_secs(30)
        );
        let huge = Some(Duration::from_secs(3600));
        assert_eq!(
            p.delay(RetryCause::RateLimit, 0, huge, 0.0),
            Duration::from_secs(60)
        );
        assert_eq!(
            p.delay(RetryCause::RateLimit, 40, None, 0.5),
            Duration::from_secs(60)
        );
        // Retry-After only concerns the rate limit.
        assert_eq!(
            p.delay(RetryCause::Transient, 0, server, 0.0),
            Duration::from_millis(100)
        );
    }

    #[test]
    fn only_transient_failures_are_retried() {
        let ok = Some(StatusCode::OK);
        assert_eq!(
            backoff_for(&ApiError::RateLimited, ok),
            Some(RetryCause::RateLimit)
        );
        assert_eq!(
            backoff_for(&ApiError::CollectionFailed, ok),
            Some(RetryCause::Transient)
        );
        assert_eq!(
            backoff_for(&ApiError::ServerError { code: 503 }, ok),
            Some(RetryCause::Transient)
        );
        for code in [100, 303, 400, 600, 601, 602] {
            assert_eq!(
                backoff_for(
                    &ApiError::from_code(code, "", crate::api::Endpoint::Replies),
                    ok
                ),
                None,
                "{code}"
            );
        }
        let html = ApiError::NotUnderstood {
            detail: "html".into(),
        };
        assert_eq!(
            backoff_for(&html, Some(StatusCode::BAD_GATEWAY)),
            Some(RetryCause::Transient)
        );
        assert_eq!(backoff_for(&html, None), Some(RetryCause::Transient));
        assert_eq!(backoff_for(&html, Some(StatusCode::NOT_FOUND)), None);
        assert_eq!(backoff_for(&html, Some(StatusCode::FOUND)), None);
        let limited = Some(StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(backoff_for(&html, limited), Some(RetryCause::RateLimit));
        let slow = Some(StatusCode::REQUEST_TIMEOUT);
        assert_eq!(backoff_for(&html, slow), Some(RetryCause::Transient));
    }

    #[test]
    fn a_final_code_is_not_retried_whatever_variant_carries_it() {
        for code in super::super::error::FINAL_CODES {
            // A variant that is retried for its usual codes.
            let odd = ApiError::ServerError { code };
            assert_eq!(backoff_for(&odd, Some(StatusCode::OK)), None, "{code}");
        }
        let unavailable = ApiError::Unavailable {
            reason: "offline".into(),
        };
        assert_eq!(backoff_for(&unavailable, None), None);
    }

    /// A failed attempt as the client would report it.
    fn failed(err: ApiError, status: Option<u16>) -> Attempt<&'static str> {
        Attempt {
            result: Err(err),
            status: status.map(|s| StatusCode::from_u16(s).unwrap()),
            retry_after: None,
            billed: false,
        }
    }

    fn succeeded() -> Attempt<&'static str> {
        Attempt {
            result: Ok("page"),
            status: Some(StatusCode::OK),
            retry_after: None,
            billed: true,
        }
    }

    fn network_fault() -> Attempt<&'static str> {
        failed(
            ApiError::Network {
                detail: "connection reset".into(),
            },
            None,
        )
    }

    /// Hears everything the loop says, and stops wanting the answer after
    /// `wanted_checks` calls to `still_wanted`.
    #[derive(Default)]
    struct Recorder {
        notices: RefCell<Vec<RetryNotice>>,
        answered: RefCell<Vec<bool>>,
        wanted_checks: Option<u32>,
        checks: Cell<u32>,
    }

    impl RetryWatch for Recorder {
        fn waiting(&self, notice: RetryNotice) {
            self.notices.borrow_mut().push(notice);
        }
        fn still_wanted(&self) -> bool {
            self.checks.set(self.checks.get() + 1);
            self.wanted_checks.is_none_or(|n| self.checks.get() <= n)
        }
        fn answered(&self, billed: bool) {
            self.answered.borrow_mut().push(billed);
        }
    }

    /// What one scripted run of the loop did.
    struct Run {
        result: Result<&'static str, ApiError>,
        /// The attempt numbers the loop passed, in order.
        attempts: Vec<u32>,
        elapsed: Duration,
    }

    /// Runs the loop over `script`, one entry per attempt; running past its end fails.
    async fn run(
        policy: &RetryPolicy,
        watch: &Recorder,
        script: Vec<Attempt<&'static str>>,
    ) -> Run {
        let mut script = VecDeque::from(script);
        let mut attempts = Vec::new();
        let started = Instant::now();
        let result = with_retries(policy, watch, "test", |n| {
            attempts.push(n);
            let next = script.pop_front().expect("more attempts than scripted");
            std::future::ready(next)
        })
        .await;
        Run {
            result,
            attempts,
            elapsed: started.elapsed(),
        }
    }

    /// Whether `elapsed` is what waits of `shortest` (each possibly lengthened by jitter,
    /// by up to half) add up to. Paused time only moves by the waits, each rounded up to
    /// the timer's millisecond.
    fn waited(elapsed: Duration, shortest: &[Duration]) -> bool {
        let least: Duration = shortest.iter().sum();
        let most = least.mul_f64(1.5) + Duration::from_millis(shortest.len() as u64);
        (least..=most).contains(&elapsed)
    }

    #[tokio::test(start_paused = true)]
    async fn transient_failures_are_tried_again_with_doubling_waits() {
        let faults = [
            (ApiError::CollectionFailed, Some(200)),
            (ApiError::ServerError { code: 500 }, Some(500)),
            (ApiError::ServerError { code: 503 }, Some(200)),
            (
                ApiError::NotUnderstood {
                    detail: "html".into(),
                },
                Some(502),
            ),
        ];
        let base = Duration::from_millis(100);
        let doubling = [base, base * 2, base * 4];
        for (err, status) in faults {
            let watch = Recorder::default();
            let script = (0..4).map(|_| failed(err.clone(), status)).collect();
            let outcome = run(&policy(), &watch, script).await;
            assert_eq!(outcome.result, Err(err.clone()));
            assert_eq!(
                outcome.attempts,
                [1, 2, 3, 4],
                "{err:?}: 1 attempt + 3 retries"
            );
            assert!(
                waited(outcome.elapsed, &doubling),
                "{err:?}: {:?}",
                outcome.elapsed
            );
            let waits: Vec<Duration> = watch.notices.borrow().iter().map(|n| n.wait).collect();
            for (wait, shortest) in waits.iter().zip(doubling) {
                assert!(waited(*wait, &[shortest]), "{err:?}: {waits:?}");
            }
            assert_eq!(waits.len(), 3);
        }

        let watch = Recorder::default();
        let outcome = run(&policy(), &watch, (0..4).map(|_| network_fault()).collect()).await;
        assert_eq!(outcome.attempts.len(), 4);
        assert!(waited(outcome.elapsed, &doubling), "{:?}", outcome.elapsed);
    }

    #[tokio::test(start_paused = true)]
    async fn a_retry_that_succeeds_returns_its_answer() {
        let watch = Recorder::default();
        let script = vec![
            network_fault(),
            failed(ApiError::CollectionFailed, Some(200)),
            succeeded(),
        ];
        let outcome = run(&policy(), &watch, script).await;
        assert_eq!(outcome.result, Ok("page"));
        assert_eq!(outcome.attempts, [1, 2, 3]);
        assert_eq!(*watch.answered.borrow(), [false, false, true]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_rate_limit_waits_longer_and_honours_retry_after_up_to_the_cap() {
        let rate = Duration::from_secs(5);
        let watch = Recorder::default();
        let limited = || failed(ApiError::RateLimited, Some(429));
        let outcome = run(&policy(), &watch, (0..4).map(|_| limited()).collect()).await;
        assert_eq!(outcome.result, Err(ApiError::RateLimited));
        assert_eq!(outcome.attempts.len(), 4);
        assert!(
            waited(outcome.elapsed, &[rate, rate * 2, rate * 4]),
            "{:?}",
            outcome.elapsed
        );

        let told_to_wait = |seconds| Attempt {
            retry_after: Some(Duration::from_secs(seconds)),
            ..limited()
        };
        let watch = Recorder::default();
        let outcome = run(&policy(), &watch, vec![told_to_wait(30), succeeded()]).await;
        assert_eq!(outcome.result, Ok("page"));
        assert_eq!(
            outcome.elapsed,
            Duration::from_secs(30),
            "the server's longer wait"
        );

        let watch = Recorder::default();
        let outcome = run(&policy(), &watch, vec![told_to_wait(60), succeeded()]).await;
        assert_eq!(
            outcome.elapsed,
            Duration::from_secs(60),
            "max_delay is waited"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_retry_after_beyond_the_longest_wait_stops_and_says_when() {
        let watch = Recorder::default();
        let told = Attempt {
            retry_after: Some(Duration::from_secs(3600)),
            ..failed(ApiError::RateLimited, Some(200))
        };
        let outcome = run(&policy(), &watch, vec![told]).await;
        let Err(ApiError::RetryLater { code, wait, until }) = &outcome.result else {
            panic!("{:?}", outcome.result);
        };
        assert_eq!((*code, *wait), (Some(302), Duration::from_secs(3600)));
        assert_eq!(outcome.attempts, [1], "no early retry into another refusal");
        assert_eq!(outcome.elapsed, Duration::ZERO);
        assert!(watch.notices.borrow().is_empty());
        let message = outcome.result.as_ref().unwrap_err().to_string();
        assert!(
            message.contains(&format!("no request before {until} (in 1 hour)")),
            "{message}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn final_codes_are_tried_exactly_once() {
        for code in [100, 303, 400, 600, 601] {
            let watch = Recorder::default();
            let err = ApiError::from_code(code, "", crate::api::Endpoint::Replies);
            let outcome = run(&policy(), &watch, vec![failed(err.clone(), Some(200))]).await;
            assert_eq!(outcome.result, Err(err));
            assert_eq!(outcome.attempts, [1], "code {code}");
            assert_eq!(outcome.elapsed, Duration::ZERO);
            assert!(watch.notices.borrow().is_empty());
        }
    }

    #[tokio::test(start_paused = true)]
    async fn an_answer_no_longer_wanted_stops_the_retries_with_the_last_error() {
        // Not wanted before the first wait: nothing is waited for.
        let watch = Recorder {
            wanted_checks: Some(0),
            ..Recorder::default()
        };
        let script = vec![failed(ApiError::CollectionFailed, Some(200))];
        let outcome = run(&policy(), &watch, script).await;
        assert_eq!(outcome.result, Err(ApiError::CollectionFailed));
        assert_eq!(outcome.attempts, [1]);
        assert_eq!(outcome.elapsed, Duration::ZERO);
        assert!(watch.notices.borrow().is_empty());

        // Given up during the first wait: no second attempt after it.
        let watch = Recorder {
            wanted_checks: Some(1),
            ..Recorder::default()
        };
        let script = vec![failed(ApiError::ServerError { code: 500 }, Some(500))];
        let outcome = run(&policy(), &watch, script).await;
        assert_eq!(outcome.result, Err(ApiError::ServerError { code: 500 }));
        assert_eq!(outcome.attempts, [1]);
        assert_eq!(watch.notices.borrow().len(), 1);
        assert!(outcome.elapsed >= Duration::from_millis(100));
    }

    #[tokio::test(start_paused = true)]
    async fn a_billed_answer_that_could_not_be_used_is_not_paid_for_again() {
        let watch = Recorder::default();
        let billed_but_unreadable = Attempt {
            billed: true,
            ..failed(
                ApiError::NotUnderstood {
                    detail: "page shape".into(),
                },
                Some(200),
            )
        };
        let outcome = run(&policy(), &watch, vec![billed_but_unreadable, succeeded()]).await;
        assert!(matches!(
            outcome.result,
            Err(ApiError::NotUnderstood { .. })
        ));
        assert_eq!(outcome.attempts, [1]);
        assert_eq!(*watch.answered.borrow(), [true]);
    }

    #[tokio::test(start_paused = true)]
    async fn the_watch_hears_every_wait_and_every_attempt() {
        let watch = Recorder::default();
        let script = vec![
            failed(ApiError::RateLimited, Some(429)),
            failed(
                ApiError::NotUnderstood {
                    detail: "html".into(),
                },
                Some(502),
            ),
            network_fault(),
            succeeded(),
        ];
        let outcome = run(&policy(), &watch, script).await;
        assert_eq!(outcome.result, Ok("page"));
        assert_eq!(*watch.answered.borrow(), [false, false, false, true]);
        let notices = watch.notices.borrow();
        let failed: Vec<u32> = notices.iter().map(|n| n.failed_attempt).collect();
        assert_eq!(failed, [1, 2, 3]);
        assert!(notices.iter().all(|n| n.max_attempts == 4));
        let reasons: Vec<&str> = notices.iter().map(|n| n.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "rate limited",
                "response not understood",
                "connection failed"
            ]
        );
        let waits: Vec<Duration> = notices.iter().map(|n| n.wait).collect();
        let announced: Duration = waits.iter().sum();
        let timer_rounding = Duration::from_millis(waits.len() as u64);
        assert!(
            (announced..=announced + timer_rounding).contains(&outcome.elapsed),
            "each announced wait is the wait: {waits:?}, {:?}",
            outcome.elapsed
        );
    }

    #[tokio::test(start_paused = true)]
    async fn no_retries_means_one_attempt() {
        let single = RetryPolicy {
            max_retries: 0,
            ..policy()
        };
        let watch = Recorder::default();
        let outcome = run(&single, &watch, vec![network_fault()]).await;
        assert!(outcome.result.is_err());
        assert_eq!(outcome.attempts, [1]);
        assert_eq!(*watch.answered.borrow(), [false]);
    }
}
