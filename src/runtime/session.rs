//! The reader without a terminal: the app, the real fetcher, and the rule that every answer
//! that needs no waiting is applied before anything else happens (`settle`). The event loop
//! runs one with a terminal around it; the tests drive one directly, so what they exercise
//! is the fetcher the program uses, joins and counts included, not a copy of it.

use super::fetcher::{Fetcher, Report};
use crate::api::{Call, Origin, Payload};
use crate::app::library::Work;
use crate::app::{App, Command, Msg, Setup};
use crate::library::Library;
use crate::source::PageSource;
use ratatui::layout::Rect;
use std::collections::VecDeque;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// The app and the fetcher that runs its calls.
pub struct Session {
    pub app: App,
    fetcher: Fetcher,
    reports: UnboundedReceiver<Report>,
    clock: fn() -> i64,
    /// The library the app's [`Command::Library`] work runs against, and its answers.
    library: Librarian,
}

/// Runs the app's library work off the loop and hands back the answers. One job runs at a
/// time, in the order asked: the items of a page shown from memory (the demo's first
/// pages) are written before any later work reads them (`b` on one of them).
struct Librarian {
    library: Option<Library>,
    tx: UnboundedSender<Finished>,
    rx: UnboundedReceiver<Finished>,
    /// Jobs not started yet.
    queue: VecDeque<Job>,
    /// Whether a job is running.
    running: bool,
    /// Whether jobs may start: not before the first frame, which a blocking thread's start
    /// (and the demo library's making: tens of milliseconds) would delay.
    open: bool,
    /// Jobs asked for and not finished (or whose answer has not been taken yet).
    pending: usize,
}

/// A job for the library.
enum Job {
    /// Write what the library's first use must (make the file, see
    /// [`Library::open_later`]), first of all: a failure is said as a write's.
    Prepare,
    /// The app's work; its answer goes back as [`Msg::Library`].
    Work { req: u64, work: Work, now: i64 },
    /// Keep the items of a page shown without waiting for the library.
    Keep {
        call: Call,
        payload: Payload,
        now: i64,
    },
}

/// A job is done: its answer, for the app's work.
struct Finished(Option<Msg>);

impl Librarian {
    fn new(source: &PageSource, open: bool) -> Librarian {
        let (tx, rx) = unbounded_channel();
        let mut librarian = Librarian {
            library: source.library().cloned(),
            tx,
            rx,
            queue: VecDeque::new(),
            running: false,
            open,
            pending: 0,
        };
        // A library not made yet is made by the first job, after the first frame, and the
        // person hears at once if it cannot be (the start screen's read would fail quietly).
        if librarian.library.as_ref().is_some_and(|l| !l.is_prepared()) {
            librarian.push(Job::Prepare);
        }
        librarian
    }

    fn push(&mut self, job: Job) {
        self.queue.push_back(job);
        self.pending += 1;
        self.start_next();
    }

    fn start_next(&mut self) {
        if !self.open || self.running {
            return;
        }
        let (Some(library), Some(job)) = (self.library.clone(), self.queue.pop_front()) else {
            return;
        };
        self.running = true;
        let tx = self.tx.clone();
        tokio::task::spawn_blocking(move || {
            let answer = match job {
                Job::Prepare => match library.prepare() {
                    Ok(()) => None,
                    Err(err) => {
                        tracing::warn!(error = %err, "the library was not made");
                        Some(Msg::LibraryWritten { result: Err(err) })
                    }
                },
                Job::Work { req, work, now } => Some(Msg::Library {
                    req,
                    answer: super::library::run(&library, work, now),
                }),
                Job::Keep { call, payload, now } => {
                    if let Err(err) = library.put_items(&call, &payload, now) {
                        tracing::warn!(%call, error = %err, "demo page not kept");
                    }
                    None
                }
            };
            let _ = tx.send(Finished(answer));
        });
    }

    /// A job finished: the next one starts; its answer, if it has one.
    fn finished(&mut self, Finished(answer): Finished) -> Option<Msg> {
        self.running = false;
        self.pending = self.pending.saturating_sub(1);
        self.start_next();
        answer
    }
}

impl Session {
    /// The app for `setup` in a terminal of `area`, its first calls started and every
    /// answer that needs no waiting applied. Returns the other commands it asked for.
    pub fn start(setup: Setup, area: Rect, source: PageSource) -> (Session, Vec<Command>) {
        Session::with_clock(setup, area, source, wall_clock)
    }

    /// [`Session::start`] for the first frame: the library's jobs wait for
    /// [`Session::first_frame_drawn`].
    pub fn before_first_frame(
        setup: Setup,
        area: Rect,
        source: PageSource,
    ) -> (Session, Vec<Command>) {
        Session::made(setup, area, source, wall_clock, false)
    }

    /// The first frame is on screen: the library's jobs start.
    pub fn first_frame_drawn(&mut self) {
        self.library.open = true;
        self.library.start_next();
    }

    /// [`Session::start`], with the time every message is handled at read from `clock`
    /// (Unix seconds).
    pub fn with_clock(
        setup: Setup,
        area: Rect,
        source: PageSource,
        clock: fn() -> i64,
    ) -> (Session, Vec<Command>) {
        Session::made(setup, area, source, clock, true)
    }

    fn made(
        setup: Setup,
        area: Rect,
        source: PageSource,
        clock: fn() -> i64,
        open: bool,
    ) -> (Session, Vec<Command>) {
        let library = Librarian::new(&source, open);
        let (fetcher, reports) = Fetcher::new(source);
        let (app, commands) = App::new(setup, area, clock());
        let mut session = Session {
            app,
            fetcher,
            reports,
            clock,
            library,
        };
        let effects = session.settle(commands);
        (session, effects)
    }

    /// How many calls are in flight (each one HTTP request at a time, or a cache read).
    pub fn in_flight(&self) -> usize {
        self.fetcher.in_flight()
    }

    /// A session around an app that already exists (its commands already run): its next
    /// calls go to `source`.
    pub fn around(app: App, source: PageSource, clock: fn() -> i64) -> Session {
        let library = Librarian::new(&source, true);
        let (fetcher, reports) = Fetcher::new(source);
        Session {
            app,
            fetcher,
            reports,
            clock,
            library,
        }
    }

    /// The time messages are handled at.
    pub fn now(&self) -> i64 {
        (self.clock)()
    }

    /// One message through `update`, then [`Session::settle`]: the commands left are the
    /// terminal's and the system's (copy, open a link, export, redraw).
    pub fn update(&mut self, msg: Msg) -> Vec<Command> {
        let commands = self.app.update(msg, self.now());
        self.settle(commands)
    }

    /// Starts the fetches among `commands`, applying at once every answer that needs no
    /// waiting (which may ask for more), until only calls in flight are left. Returns the
    /// other commands.
    pub fn settle(&mut self, mut commands: Vec<Command>) -> Vec<Command> {
        let mut effects = Vec::new();
        while !commands.is_empty() {
            let mut next = Vec::new();
            for command in commands {
                match command {
                    Command::Fetch {
                        req,
                        call,
                        skip_cache,
                    } => {
                        let now = self.now();
                        if let Some(msg) = self.fetcher.fetch(req, call, skip_cache, now) {
                            self.keep_shown(&msg, now);
                            next.extend(self.app.update(msg, now));
                        }
                    }
                    Command::Library { req, work } => match &self.library.library {
                        Some(_) => {
                            let now = self.now();
                            self.library.push(Job::Work { req, work, now });
                        }
                        None => tracing::warn!(?work, "library work without a library"),
                    },
                    effect => effects.push(effect),
                }
            }
            commands = next;
        }
        effects
    }

    /// A demo page answered from memory, shown before its items are in the session's
    /// library: they are written next, before any later library work.
    fn keep_shown(&mut self, msg: &Msg, now: i64) {
        if let (
            Some(_),
            Msg::Answer {
                call,
                result: Ok(delivered),
                ..
            },
        ) = (&self.library.library, msg)
            && matches!(delivered.origin, Origin::Demo)
        {
            self.library.push(Job::Keep {
                call: call.clone(),
                payload: delivered.payload.clone(),
                now,
            });
        }
    }

    /// Waits for the next report from a call in flight: the messages it means.
    pub async fn next_messages(&mut self) -> Vec<Msg> {
        tokio::select! {
            report = self.reports.recv() => match report {
                Some(report) => self.fetcher.on_report(report),
                // The fetcher holds a sender, so the channel never closes while it lives.
                None => Vec::new(),
            },
            // The librarian holds a sender too.
            Some(finished) = self.library.rx.recv() => {
                self.library.finished(finished).into_iter().collect()
            }
        }
    }

    /// The messages of every report that has already arrived, without waiting.
    pub fn ready_messages(&mut self) -> Vec<Msg> {
        let mut msgs = Vec::new();
        while let Ok(report) = self.reports.try_recv() {
            msgs.extend(self.fetcher.on_report(report));
        }
        while let Ok(finished) = self.library.rx.try_recv() {
            msgs.extend(self.library.finished(finished));
        }
        msgs
    }

    /// Applies every report that has already arrived; the commands left.
    pub fn deliver(&mut self) -> Vec<Command> {
        let mut effects = Vec::new();
        for msg in self.ready_messages() {
            effects.extend(self.update(msg));
        }
        effects
    }

    /// Waits until the library's work in flight is done — the visit written as the reader
    /// quits — but at most `limit` (another program may hold the file locked). The answers
    /// are dropped: the app is gone. Says whether everything finished.
    pub async fn finish_library(&mut self, limit: std::time::Duration) -> bool {
        let library = &mut self.library;
        let drained = async {
            library.open = true;
            library.start_next();
            while library.pending > 0 {
                let Some(finished) = library.rx.recv().await else {
                    break;
                };
                library.finished(finished);
            }
        };
        tokio::time::timeout(limit, drained).await.is_ok()
    }

    /// Applies reports as they come until nothing is loading and no call is in flight;
    /// the commands left.
    pub async fn until_idle(&mut self) -> Vec<Command> {
        let mut effects = Vec::new();
        while self.app.is_loading() || self.fetcher.in_flight() > 0 || self.library.pending > 0 {
            for msg in self.next_messages().await {
                effects.extend(self.update(msg));
            }
        }
        effects
    }
}

fn wall_clock() -> i64 {
    jiff::Timestamp::now().as_second()
}
