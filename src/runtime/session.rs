//! The reader without a terminal: the app, the real fetcher, and the rule that every answer
//! that needs no waiting is applied before anything else happens (`settle`). The event loop
//! runs one with a terminal around it; the tests drive one directly, so what they exercise
//! is the fetcher the program uses, joins and counts included, not a copy of it.

use super::fetcher::{Fetcher, Report};
use crate::app::{App, Command, Msg, Setup};
use crate::library::Library;
use crate::source::PageSource;
use ratatui::layout::Rect;
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

/// Runs the app's library work off the loop and hands back the answers.
struct Librarian {
    library: Option<Library>,
    tx: UnboundedSender<Msg>,
    rx: UnboundedReceiver<Msg>,
    /// Work started whose answer has not been taken yet.
    pending: usize,
}

impl Librarian {
    fn new(source: &PageSource) -> Librarian {
        let (tx, rx) = unbounded_channel();
        Librarian {
            library: source.library().cloned(),
            tx,
            rx,
            pending: 0,
        }
    }
}

impl Session {
    /// The app for `setup` in a terminal of `area`, its first calls started and every
    /// answer that needs no waiting applied. Returns the other commands it asked for.
    pub fn start(setup: Setup, area: Rect, source: PageSource) -> (Session, Vec<Command>) {
        Session::with_clock(setup, area, source, wall_clock)
    }

    /// [`Session::start`], with the time every message is handled at read from `clock`
    /// (Unix seconds).
    pub fn with_clock(
        setup: Setup,
        area: Rect,
        source: PageSource,
        clock: fn() -> i64,
    ) -> (Session, Vec<Command>) {
        let library = Librarian::new(&source);
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
        let library = Librarian::new(&source);
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
                            next.extend(self.app.update(msg, now));
                        }
                    }
                    Command::Library { req, work } => match &self.library.library {
                        Some(library) => {
                            self.library.pending += 1;
                            let tx = self.library.tx.clone();
                            super::library::spawn(library.clone(), req, work, self.now(), tx);
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

    /// Waits for the next report from a call in flight: the messages it means.
    pub async fn next_messages(&mut self) -> Vec<Msg> {
        tokio::select! {
            report = self.reports.recv() => match report {
                Some(report) => self.fetcher.on_report(report),
                // The fetcher holds a sender, so the channel never closes while it lives.
                None => Vec::new(),
            },
            // The librarian holds a sender too.
            Some(msg) = self.library.rx.recv() => {
                self.library.pending = self.library.pending.saturating_sub(1);
                vec![msg]
            }
        }
    }

    /// The messages of every report that has already arrived, without waiting.
    pub fn ready_messages(&mut self) -> Vec<Msg> {
        let mut msgs = Vec::new();
        while let Ok(report) = self.reports.try_recv() {
            msgs.extend(self.fetcher.on_report(report));
        }
        while let Ok(msg) = self.library.rx.try_recv() {
            self.library.pending = self.library.pending.saturating_sub(1);
            msgs.push(msg);
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
            while library.pending > 0 {
                if library.rx.recv().await.is_none() {
                    break;
                }
                library.pending -= 1;
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
