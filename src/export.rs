//! Export: a comment's replies, or a whole video's comments and every reply under them, to
//! JSON Lines or CSV — headless (`douyin-threads export`, whose command line and printing
//! are [`crate::commands::export`]) or, for the loaded items of one list, from the TUI (`e`).
//!
//! Every page goes through the same [`PageSource`] as the TUI (so through the cache: an
//! interrupted export resumes for free) and the same paging engine (dedup, order, the end
//! rules). Records are gathered first and written at the end, comment by comment with its
//! replies after it, so the file reads in the order Douyin shows.

pub mod anonymize;
pub mod fetch;
pub mod output;
pub mod progress;
pub mod record;

use crate::api::{ApiError, Call, Comment, Delivered, Remedy, Reply};
use crate::format;
use crate::ids::{CommentId, VideoId};
use crate::paging::Pages;
use crate::source::PageSource;
use crate::target::Target;
use anonymize::{Anonymizer, Mentions};
use fetch::{ListEnd, Shared, Stop, Tally};
use output::{Destination, Sink};
use progress::Progress;
use record::{Format, Record};
use std::collections::BinaryHeap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

/// How to export.
#[derive(Debug)]
pub struct Options {
    pub format: Format,
    pub destination: Destination,
    /// At most this many pages per list (the comments, and each thread).
    pub max_pages: Option<u32>,
    /// Requests in flight at once, over every thread.
    pub jobs: usize,
    /// Write what was fetched even when something is missing.
    pub partial: bool,
    pub anonymizer: Option<Anonymizer>,
    /// Fetch pages again even when the cache holds a fresh copy.
    pub refresh: bool,
    /// Draw a progress bar on standard error.
    pub progress: bool,
}

/// How an export ended, which decides the exit code.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Everything asked for is in the file.
    Complete,
    /// Something is missing, and `--partial` wrote the rest.
    Partial,
    /// Something is missing; nothing was written.
    Failed,
}

impl Outcome {
    /// 0 complete, 1 failed, 3 written with gaps (`--partial`); 130 for an interrupt, as a
    /// shell reports Ctrl-C.
    pub fn exit_code(&self, report: &Report) -> u8 {
        match (self, &report.stop) {
            (_, Some(Stop::Interrupted)) => 130,
            (Outcome::Complete, _) => 0,
            (Outcome::Failed, _) => 1,
            (Outcome::Partial, _) => 3,
        }
    }
}

/// What an export did: the summary line, what is missing, and why.
#[derive(Debug)]
pub struct Report {
    pub outcome: Outcome,
    pub destination: Destination,
    pub comments: u64,
    pub replies: u64,
    /// Threads (comments with replies) fetched.
    pub threads: u64,
    /// What is not in the file, one phrase each.
    pub missing: Vec<String>,
    /// Lists cut short by `--max-pages`.
    pub capped: u64,
    /// What had nothing to export, when the list asked for was empty: "video … has no
    /// comments", so an empty file does not pass in silence.
    pub empty: Option<String>,
    /// Why no further request was sent, when the export stopped early.
    pub stop: Option<Stop>,
    /// The first error met, when a list failed.
    pub error: Option<ApiError>,
    /// Requests sent, those answered, and those billed: one sent but never answered (an
    /// interrupt) may be billed as well.
    pub sent: u64,
    pub answered: u64,
    pub billed: u64,
    pub cached: u64,
    pub pages: u64,
    pub elapsed: Duration,
    /// Why the library did not keep the pages fetched (the first failure), when it did not.
    pub not_written: Option<crate::library::LibraryError>,
}

/// Why an export could not start or could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write to {destination}: {source}. Nothing was fetched.")]
    Create {
        destination: Destination,
        source: std::io::Error,
    },
    #[error("the export could not be written to {destination}: {source}")]
    Write {
        destination: Destination,
        source: std::io::Error,
    },
}

/// One list as it ended.
pub struct Ended<T> {
    pub items: Vec<T>,
    pub end: ListEnd,
}

/// What was gathered for a target, before it becomes records.
pub enum Gathered {
    /// A comment's replies.
    Thread {
        comment: CommentId,
        replies: Ended<Reply>,
    },
    /// A video's comments, and the replies under those that have any (by comment index).
    Video {
        video: VideoId,
        comments: Ended<Comment>,
        threads: Vec<(usize, Ended<Reply>)>,
    },
    /// A share link that could not be resolved to its video.
    Unresolved,
}

/// Exports `target` from `source`. The destination is opened before the first request, so
/// a path that cannot be written costs nothing.
pub async fn run(
    target: Target,
    source: PageSource,
    options: Options,
) -> Result<Report, ExportError> {
    let sink = Sink::create(options.destination.clone(), options.format).map_err(|source| {
        ExportError::Create {
            destination: options.destination.clone(),
            source,
        }
    })?;
    let started = Instant::now();
    let (gathered, mut report) = fetch(target, source, &options, true).await;
    if report.outcome != Outcome::Failed {
        write(sink, &gathered, &options).map_err(|source| ExportError::Write {
            destination: options.destination.clone(),
            source,
        })?;
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Gathers `target` from `source` with the progress bar and Ctrl-C handling, writing
/// nothing: for a video, its threads too when `threads` is set. What `run` writes, and what
/// `insights` analyses.
pub async fn fetch(
    target: Target,
    source: PageSource,
    options: &Options,
    threads: bool,
) -> (Gathered, Report) {
    let started = Instant::now();
    let tally = Arc::new(Tally::default());
    let shared = Arc::new(Shared::new(
        source,
        options.refresh,
        options.max_pages,
        options.jobs,
        tally.clone(),
    ));
    let scope = match target {
        Target::Comment(_) => progress::Scope::Thread,
        Target::Video { .. } | Target::ShareLink { .. } => progress::Scope::Video,
    };
    let progress = Progress::start(tally.clone(), scope, options.progress);
    let interrupt = tokio::spawn({
        let shared = shared.clone();
        async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                shared.halt(Stop::Interrupted);
            }
        }
    });
    let jobs = if threads { options.jobs } else { 0 };
    let gathered = gather(&shared, target, jobs).await;
    interrupt.abort();
    progress.finish();
    let report = Report::of(&gathered, &shared, started.elapsed(), options);
    (gathered, report)
}

async fn gather(shared: &Arc<Shared>, target: Target, jobs: usize) -> Gathered {
    match target {
        Target::Comment(comment) => {
            let replies = thread(shared.clone(), comment.clone()).await;
            Tally::add(&shared.tally.threads, 1);
            Gathered::Thread { comment, replies }
        }
        Target::Video { id, .. } => video(shared, id, jobs).await,
        Target::ShareLink { url, .. } => match shared.resolve_share(&url).await {
            Ok(id) => video(shared, id, jobs).await,
            Err(_) => Gathered::Unresolved,
        },
    }
}

/// Every page of one comment's replies, in order.
async fn thread(shared: Arc<Shared>, comment: CommentId) -> Ended<Reply> {
    let mut list = Pages::new();
    let call = |page| Call::Replies {
        comment: comment.clone(),
        page,
    };
    let end = loop {
        let replies = &shared.tally.replies;
        if let Some(end) = shared
            .next_page(&mut list, call, Delivered::take_replies, replies)
            .await
        {
            break end;
        }
    };
    Tally::add(&shared.tally.threads_done, 1);
    Ended {
        items: list.into_items(),
        end,
    }
}

/// A video's comments, paged by one task, while up to `jobs` threads under the comments
/// already known are fetched beside it (the shared request limit keeps the total at `jobs`);
/// with `jobs` 0, the comments alone.
///
/// The comments' next page never waits behind the threads (it finds more of them: one turn
/// is theirs while they are paged), and the longest threads known start first (most
/// replies first), so the end is not one long thread paged alone while the other jobs idle.
async fn video(shared: &Arc<Shared>, video: VideoId, jobs: usize) -> Gathered {
    let (found, mut arrivals) = mpsc::unbounded_channel();
    let found = (jobs > 0).then_some(found);
    if jobs > 1 {
        shared.keep_a_turn_for_comments();
    }
    let comments_task = tokio::spawn(comments(shared.clone(), video.clone(), found));
    let mut waiting = BinaryHeap::new();
    let mut running = JoinSet::new();
    let mut threads = Vec::new();
    let mut more_coming = true;
    loop {
        while running.len() < jobs.max(1)
            && let Some(Waiting { index, comment, .. }) = waiting.pop()
        {
            let shared = shared.clone();
            running.spawn(async move { (index, thread(shared, comment).await) });
        }
        if !more_coming && running.is_empty() {
            break;
        }
        tokio::select! {
            arrival = arrivals.recv(), if more_coming => match arrival {
                Some(first) => {
                    // A page announces its threads together: take them all before
                    // choosing which to start.
                    waiting.push(first);
                    while let Ok(next) = arrivals.try_recv() {
                        waiting.push(next);
                    }
                }
                None => {
                    more_coming = false;
                    shared.return_the_comments_turn();
                }
            },
            Some(done) = running.join_next(), if !running.is_empty() => {
                threads.push(done.expect("a thread task does not panic"));
            }
        }
    }
    threads.sort_by_key(|(index, _)| *index);
    let comments = comments_task
        .await
        .expect("the comments task does not panic");
    Gathered::Video {
        video,
        comments,
        threads,
    }
}

/// A thread found and not started yet: the one with the most replies goes first (its
/// pages come one after another, so it is the longest to fetch), then the first found.
#[derive(Debug, PartialEq, Eq)]
struct Waiting {
    replies: u64,
    index: usize,
    comment: CommentId,
}

impl Ord for Waiting {
    fn cmp(&self, other: &Waiting) -> std::cmp::Ordering {
        self.replies
            .cmp(&other.replies)
            .then_with(|| other.index.cmp(&self.index))
    }
}

impl PartialOrd for Waiting {
    fn partial_cmp(&self, other: &Waiting) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Pages a video's comments, announcing each comment with replies (its index and ID) as
/// soon as its page arrives, when someone listens. A comment with no replies is never fetched.
async fn comments(
    shared: Arc<Shared>,
    video: VideoId,
    found: Option<mpsc::UnboundedSender<Waiting>>,
) -> Ended<Comment> {
    let mut list = Pages::new();
    let call = |page| Call::Comments {
        video: video.clone(),
        page,
    };
    let mut announced = 0;
    let end = loop {
        let counter = &shared.tally.comments;
        let end = shared
            .next_page(&mut list, call, Delivered::take_comments, counter)
            .await;
        let new = list.items().iter().enumerate().skip(announced);
        for (index, comment) in new.filter(|_| found.is_some()) {
            if comment.reply_total == 0 {
                continue;
            }
            // An ID the service sent that is not a comment ID cannot be asked about.
            if let (Some(found), Ok(id)) = (&found, CommentId::parse(&comment.post.cid)) {
                Tally::add(&shared.tally.threads, 1);
                Tally::add(&shared.tally.replies_total, comment.reply_total);
                // The receiver only goes away once every comment was announced.
                let _ = found.send(Waiting {
                    replies: comment.reply_total,
                    index,
                    comment: id,
                });
            }
        }
        announced = list.items().len();
        if let Some(end) = end {
            break end;
        }
    };
    Ended {
        items: list.into_items(),
        end,
    }
}

impl Report {
    fn of(gathered: &Gathered, shared: &Shared, elapsed: Duration, options: &Options) -> Report {
        let tally = &shared.tally;
        let mut report = Report {
            outcome: Outcome::Complete,
            destination: options.destination.clone(),
            comments: 0,
            replies: 0,
            threads: Tally::get(&tally.threads),
            missing: Vec::new(),
            capped: 0,
            empty: None,
            stop: shared.stopped(),
            error: None,
            sent: Tally::get(&tally.sent),
            answered: Tally::get(&tally.answered),
            billed: Tally::get(&tally.billed),
            cached: Tally::get(&tally.cached),
            pages: Tally::get(&tally.pages),
            elapsed,
            not_written: shared.not_written(),
        };
        match gathered {
            Gathered::Thread { comment, replies } => {
                report.replies = replies.items.len() as u64;
                report.note(&replies.end, || format!("replies of comment {comment}"));
                if replies.items.is_empty() && replies.end == ListEnd::Complete {
                    report.empty = Some(format!("comment {comment} has no replies"));
                }
            }
            Gathered::Video {
                video,
                comments,
                threads,
            } => {
                report.comments = comments.items.len() as u64;
                report.note(&comments.end, || format!("comments of video {video}"));
                if comments.items.is_empty() && comments.end == ListEnd::Complete {
                    report.empty = Some(format!("video {video} has no comments"));
                }
                for (index, replies) in threads {
                    report.replies += replies.items.len() as u64;
                    let cid = &comments.items[*index].post.cid;
                    report.note(&replies.end, || format!("replies of comment {cid}"));
                }
            }
            Gathered::Unresolved => report.missing.push("the share link's video".into()),
        }
        if let Some(Stop::Failed(error)) = &report.stop {
            report.error.get_or_insert_with(|| error.clone());
        }
        report.outcome = match (
            report.missing.is_empty() && report.stop.is_none(),
            options.partial,
        ) {
            (true, _) => Outcome::Complete,
            (false, true) => Outcome::Partial,
            (false, false) => Outcome::Failed,
        };
        report
    }

    /// Records how one list ended: `what` names it for the list of what is missing.
    fn note(&mut self, end: &ListEnd, what: impl FnOnce() -> String) {
        match end {
            ListEnd::Complete => {}
            ListEnd::Capped => self.capped += 1,
            ListEnd::Failed { page, error } => {
                self.missing.push(format!(
                    "{} from page {page} on ({})",
                    what(),
                    error.headline()
                ));
                self.error.get_or_insert_with(|| error.clone());
            }
            ListEnd::NotFetched { page: 1, .. } => self.missing.push(what()),
            ListEnd::NotFetched { page, .. } => {
                self.missing.push(format!("{} from page {page} on", what()));
            }
        }
    }

    /// The one line printed at the end, e.g. "Exported 40 comments and 812 replies (38
    /// threads) to out.csv · 84 pages · 82 calls sent, 82 billed, 2 from the cache · 6.2 s".
    /// After an interrupt, requests may be in flight: "17 calls sent, 13 answered (13
    /// billed; up to 4 more may be billed)".
    pub fn summary(&self) -> String {
        // One comment's replies (no comments, its one thread) are counted as replies only.
        let counts = if self.comments == 0 && self.threads == 1 {
            format::plural(self.replies, "reply")
        } else {
            format!(
                "{} and {} ({})",
                format::plural(self.comments, "comment"),
                format::plural(self.replies, "reply"),
                format::plural(self.threads, "thread"),
            )
        };
        let head = match self.outcome {
            Outcome::Complete => format!("Exported {counts} to {}", self.destination),
            Outcome::Partial => format!(
                "Exported what was fetched, {counts}, to {}",
                self.destination
            ),
            Outcome::Failed => format!("Nothing written to {}; fetched {counts}", self.destination),
        };
        let unanswered = self.sent.saturating_sub(self.answered);
        let calls = match unanswered {
            0 => format!(
                "{} sent, {} billed",
                format::plural(self.sent, "call"),
                self.billed
            ),
            _ => format!(
                "{} sent, {} answered ({} billed; up to {unanswered} more may be billed)",
                format::plural(self.sent, "call"),
                self.answered,
                self.billed,
            ),
        };
        let mut line = format!(
            "{head} · {} · {calls}, {} from the cache · {:.1} s",
            format::plural(self.pages, "page"),
            self.cached,
            self.elapsed.as_secs_f64(),
        );
        if self.capped > 0 {
            line.push_str(&format!(
                " · {} stopped at --max-pages",
                format::plural(self.capped, "list")
            ));
        }
        if let Some(empty) = &self.empty {
            line.push_str(&format!("\nNothing to export: {empty}."));
        }
        if let Some(err) = &self.not_written {
            let path = err.path().display();
            let why = match err.write_failure() {
                crate::library::WriteFailure::Full => format!("the disk is full ({path})"),
                crate::library::WriteFailure::ReadOnly => {
                    format!("the file or its folder is read-only ({path})")
                }
                crate::library::WriteFailure::Other => err.to_string(),
            };
            line.push_str(&format!(
                "\nLibrary not written: {why}. The export is whole, but the pages fetched are \
                 not kept: running it again pays for them again."
            ));
        }
        line
    }

    /// What went wrong and what to do, for standard error: nothing for a complete export.
    pub fn problem(&self) -> Option<String> {
        if self.outcome == Outcome::Complete {
            return None;
        }
        let cause = match (&self.stop, &self.error) {
            (Some(Stop::Interrupted), _) => "Interrupted.".to_owned(),
            (_, Some(error)) => for_the_command_line(error),
            (Some(stop), None) => format!("The export {stop}."),
            (None, None) => "Some pages could not be fetched.".to_owned(),
        };
        let mut text = cause;
        let shown = 5;
        text.push_str(&format!(
            "\nMissing: {}",
            self.missing[..self.missing.len().min(shown)].join("; ")
        ));
        if self.missing.len() > shown {
            text.push_str(&format!("; and {} more", self.missing.len() - shown));
        }
        let fetched = self.comments + self.replies > 0;
        text.push_str(match (&self.outcome, fetched) {
            (Outcome::Partial, _) => "\nWhat was fetched is written (--partial).",
            (_, true) => "\nNothing was written; --partial writes what was fetched.",
            // --partial would write an empty file: no use suggesting it.
            (_, false) => "\nNothing was written: nothing was fetched.",
        });
        text.push_str(
            "\nEvery page fetched is cached: the same export again pays only for what is missing.",
        );
        Some(text)
    }
}

/// The error's message, then what to do about it, said for a command: what to run.
fn for_the_command_line(error: &ApiError) -> String {
    let again = "run the export again";
    let advice = match error.remedy() {
        Remedy::Retry => "Run the export again.".to_owned(),
        Remedy::RetryInAMinute => format!("Wait a minute, then {again}."),
        Remedy::RetryAfter(until) => format!("Run the export again after {until}."),
        Remedy::RetryOrRegion => {
            "Run the export again; from mainland China, --region cn may be faster.".to_owned()
        }
        Remedy::CheckConnection => format!("Check the network or the base URL, then {again}."),
        Remedy::CheckBaseUrl => "Run the export again; if it persists, the base URL may not \
                                 point at Just One API."
            .to_owned(),
        Remedy::TopUp => format!("Top up the account, then {again}."),
        Remedy::FixToken => "Set a valid token with --token, the JUSTONEAPI_TOKEN environment \
                             variable, or `token = \"…\"` in the config file."
            .to_owned(),
        Remedy::CheckPlan => "Check the token's plan on Just One API.".to_owned(),
        Remedy::CheckInput(endpoint) => endpoint.check().to_owned(),
        Remedy::WaitForTomorrow | Remedy::Nothing => return error.to_string(),
    };
    format!("{error} {advice}")
}

/// The records, in reading order: each comment, then the replies under it; anonymized
/// when asked, with the mentions of every person the export knows replaced.
fn records(gathered: &Gathered, anonymizer: Option<&Anonymizer>) -> Vec<Record> {
    let mut out = Vec::new();
    let mut answered = Vec::new();
    let mut reply = |reply: &Reply, comment: &str, video: Option<&str>| {
        if let Some(to) = reply.reply_to.get() {
            answered.push((to.name.clone(), to.uid.clone()));
        }
        Record::from_reply(reply, comment, video)
    };
    match gathered {
        Gathered::Thread { comment, replies } => {
            let cid = comment.to_string();
            for item in &replies.items {
                out.push(reply(item, &cid, None));
            }
        }
        Gathered::Video {
            video,
            comments,
            threads,
        } => {
            let video = video.to_string();
            let mut threads = threads.iter().peekable();
            for (index, comment) in comments.items.iter().enumerate() {
                out.push(Record::from_comment(comment, Some(&video)));
                while let Some((_, replies)) = threads.next_if(|(at, _)| *at == index) {
                    for item in &replies.items {
                        out.push(reply(item, &comment.post.cid, Some(&video)));
                    }
                }
            }
        }
        Gathered::Unresolved => {}
    }
    let Some(anonymizer) = anonymizer else {
        return out;
    };
    let mut known = Mentions::default();
    for record in &out {
        if let Some(user) = &record.user
            && let (Some(nickname), Some(uid)) = (&user.nickname, &user.uid)
        {
            known.learn(nickname, uid);
        }
    }
    for (nickname, uid) in &answered {
        known.learn(nickname, uid);
    }
    out.into_iter()
        .map(|record| anonymizer.apply(record, &known))
        .collect()
}

fn write(mut sink: Sink, gathered: &Gathered, options: &Options) -> std::io::Result<()> {
    let rows = output::rows(
        options.format,
        records(gathered, options.anonymizer.as_ref()),
    )?;
    sink.append(&rows)?;
    sink.commit()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Client, ClientConfig, Token};
    use serde_json::{Value, json};
    use wiremock::matchers::path;
    use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

    const VIDEO: &str = "7300000000000000001";

    fn sample(name: &str) -> Value {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    fn cid(n: u32) -> String {
        format!("73100000000000{n:05}")
    }

    /// One page of comments 1, 2, 3 with 10, 30 and 20 replies: 1, 3 and 2 pages of 10.
    const REPLIES: [u32; 3] = [10, 30, 20];

    struct Video;

    impl Respond for Video {
        fn respond(&self, request: &Request) -> ResponseTemplate {
            let param = |name: &str| {
                request
                    .url
                    .query_pairs()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            };
            let mut body;
            if request.url.path() == crate::api::COMMENTS_PATH {
                body = sample("get-video-comment-v1.json");
                let template = body["data"]["comments"][0].clone();
                let items: Vec<Value> = (1..=3)
                    .map(|n| {
                        let mut comment = template.clone();
                        comment["cid"] = json!(cid(n));
                        comment["reply_comment_total"] = json!(REPLIES[n as usize - 1]);
                        comment
                    })
                    .collect();
                body["data"]["comments"] = json!(items);
                body["data"]["has_more"] = json!(0);
            } else {
                let comment = param("commentId");
                let page: u32 = param("page").parse().unwrap();
                let n: usize = comment[14..].parse().unwrap();
                let total = REPLIES[n - 1];
                body = sample("get-video-sub-comment-v1.json");
                let template = body["data"]["comments"][0].clone();
                let items: Vec<Value> = ((page - 1) * 10 + 1..=page * 10)
                    .map(|r| {
                        let mut reply = template.clone();
                        reply["cid"] = json!(format!("{comment}{r:03}"));
                        reply
                    })
                    .collect();
                body["data"]["comments"] = json!(items);
                body["data"]["has_more"] = json!(u8::from(page * 10 < total));
            }
            ResponseTemplate::new(200).set_body_json(body)
        }
    }

    #[tokio::test]
    async fn the_thread_with_the_most_replies_starts_first_and_the_file_keeps_the_order() {
        let server = MockServer::start().await;
        Mock::given(path(crate::api::COMMENTS_PATH))
            .respond_with(Video)
            .mount(&server)
            .await;
        Mock::given(path(crate::api::REPLIES_PATH))
            .respond_with(Video)
            .mount(&server)
            .await;
        let token = Token::new("not-in-any-body").unwrap();
        let client = Client::new(ClientConfig::new(server.uri(), token)).unwrap();
        let source = PageSource::Api {
            client,
            cache: None,
        };
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("v.jsonl");
        let options = Options {
            format: Format::Jsonl,
            destination: Destination::File(file.clone()),
            max_pages: None,
            jobs: 1,
            partial: false,
            anonymizer: None,
            refresh: false,
            progress: false,
        };
        let target = Target::Video {
            id: VideoId::parse(VIDEO).unwrap(),
            title: None,
        };
        let report = run(target, source, options).await.unwrap();
        assert_eq!(report.outcome, Outcome::Complete);

        // One job, so one request at a time, in the order they were chosen: the comments,
        // then comment 2's three pages, comment 3's two, comment 1's one.
        let asked: Vec<(String, String)> = server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .map(|r| {
                let param = |name: &str| {
                    r.url
                        .query_pairs()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.into_owned())
                        .unwrap_or_default()
                };
                (param("commentId"), param("page"))
            })
            .collect();
        let expected: Vec<(String, String)> =
            [(0, 1), (2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (1, 1)]
                .iter()
                .map(|&(n, page)| {
                    let comment = if n == 0 { String::new() } else { cid(n) };
                    (comment, page.to_string())
                })
                .collect();
        assert_eq!(asked, expected);
        assert_eq!((report.sent, report.billed), (7, 7));

        // The file reads as Douyin shows it: each comment, then its replies.
        let text = std::fs::read_to_string(&file).unwrap();
        let order: Vec<String> = text
            .lines()
            .map(|line| serde_json::from_str::<Value>(line).unwrap())
            .filter(|record| record["kind"] == "comment")
            .map(|record| record["cid"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(order, [cid(1), cid(2), cid(3)]);
        assert_eq!(text.lines().count(), 3 + 60);
    }

    #[tokio::test]
    async fn an_export_the_library_cannot_keep_is_whole_and_says_the_pages_are_not_kept() {
        let server = MockServer::start().await;
        for endpoint in [crate::api::COMMENTS_PATH, crate::api::REPLIES_PATH] {
            Mock::given(path(endpoint))
                .respond_with(Video)
                .mount(&server)
                .await;
        }
        let dir = tempfile::tempdir().unwrap();
        let library = crate::library::Library::open(
            dir.path().join(crate::library::FILE_NAME),
            Duration::from_secs(3600),
        )
        .unwrap()
        .library;
        library.pretend_disk_full(true);
        let token = Token::new("not-in-any-body").unwrap();
        let client = Client::new(ClientConfig::new(server.uri(), token)).unwrap();
        let source = PageSource::Api {
            client,
            cache: Some(library.clone()),
        };
        let options = Options {
            format: Format::Jsonl,
            destination: Destination::File(dir.path().join("v.jsonl")),
            max_pages: None,
            jobs: 4,
            partial: false,
            anonymizer: None,
            refresh: false,
            progress: false,
        };
        let target = Target::Video {
            id: VideoId::parse(VIDEO).unwrap(),
            title: None,
        };
        let report = run(target, source, options).await.unwrap();
        assert_eq!(report.outcome, Outcome::Complete);
        assert_eq!((report.sent, report.comments, report.replies), (7, 3, 60));
        assert_eq!(server.received_requests().await.unwrap().len(), 7);
        let summary = report.summary();
        assert!(
            summary.contains("\nLibrary not written: the disk is full ("),
            "{summary}"
        );
        assert!(
            summary.contains("running it again pays for them again"),
            "{summary}"
        );
        // A small body may still fit in the file's free pages; the rest did not.
        assert!(library.stats().unwrap().page_bodies < 7);
    }

    #[test]
    fn the_comments_keep_one_turn_while_they_are_paged_and_give_it_back() {
        let shared = Shared::new(
            PageSource::Unavailable {
                reason: "none".into(),
            },
            false,
            None,
            4,
            Arc::default(),
        );
        assert!(shared.keep_a_turn_for_comments());
        assert!(!shared.keep_a_turn_for_comments(), "one turn, not two");
        assert_eq!(shared.turns_free(), (3, 1));
        shared.return_the_comments_turn();
        assert_eq!(shared.turns_free(), (4, 0));
        shared.return_the_comments_turn();
        assert_eq!(shared.turns_free(), (4, 0), "given back once");

        let alone = Shared::new(
            PageSource::Unavailable {
                reason: "none".into(),
            },
            false,
            None,
            1,
            Arc::default(),
        );
        assert!(
            !alone.keep_a_turn_for_comments(),
            "one job keeps its only turn"
        );
        assert_eq!(alone.turns_free(), (1, 0));
    }

    #[test]
    fn an_error_is_said_for_the_command_line_with_no_key_to_press() {
        for error in ApiError::one_of_each() {
            let text = for_the_command_line(&error);
            assert!(text.starts_with(&error.to_string()), "{text}");
            assert!(!text.to_lowercase().contains("press"), "{text}");
            assert_eq!(
                text.to_lowercase().contains("run the export again"),
                error.remedy().retries(),
                "{text}"
            );
        }
    }
}
