//! The event loop and its effects: terminal events, fetch results and the spinner's tick go
//! into `App::update`; the commands it returns are run here; the screen is drawn once per
//! batch of messages, and only when the app says something on it changed.

mod effects;
mod fetcher;
mod library;
mod session;
pub mod terminal;

pub use session::Session;

use crate::app::{Command, Msg, Setup};
use crate::source::PageSource;
use crate::ui;
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use ratatui::layout::Rect;
use std::io::{self, IsTerminal};
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

/// Set, the program panics right after its first frame, with the variable's value in the
/// message: how the tests check what a panic leaves behind.
pub const FORCE_PANIC_ENV: &str = "DOUYIN_THREADS_TEST_PANIC";

/// How long the first frame waits for pages still being read from the cache.
const FIRST_FRAME_WAIT: Duration = Duration::from_millis(50);

/// How often the spinner turns while a page loads.
const SPINNER_INTERVAL: Duration = Duration::from_millis(100);

/// How long quitting waits for the library's last writes (the visit of the list on
/// screen): within [`EXIT_GRACE`], so that a signal's quit gets them too.
const QUIT_WRITE_WAIT: Duration = Duration::from_millis(700);

/// Runs the program until the person quits or a signal asks it to stop.
pub async fn run(setup: Setup, source: PageSource) -> io::Result<()> {
    let mut guard = terminal::init()?;
    let size = guard.terminal().size()?;
    let (tx, mut rx) = unbounded_channel::<Msg>();
    // Pages that need no waiting (the demo's) are on screen at the first frame, and so are
    // cached ones, read off the loop, if they come within a moment.
    let area = Rect::new(0, 0, size.width, size.height);
    let (mut session, mut first) = Session::before_first_frame(setup, area, source);
    let deadline = tokio::time::Instant::now() + FIRST_FRAME_WAIT;
    while session.app.is_loading() {
        let Ok(msgs) = tokio::time::timeout_at(deadline, session.next_messages()).await else {
            break;
        };
        for msg in msgs {
            first.extend(session.update(msg));
        }
    }

    let saved = tx.clone();
    spawn_exit_guard(tx)?;

    let mut pending = first;
    // What the rows and the detail pane became, kept from frame to frame.
    let mut screen = ui::Screen::default();
    guard
        .terminal()
        .draw(|frame| screen.render(&session.app, frame))?;
    session.app.take_needs_draw();
    session.first_frame_drawn();
    if let Some(words) = std::env::var_os(FORCE_PANIC_ENV) {
        // For the tests of the panic path: the terminal comes back, the token stays hidden.
        panic!("forced by {FORCE_PANIC_ENV}: {}", words.to_string_lossy());
    }
    // Keys are read from here on (crossterm's reader: a thread, the terminal's event
    // source, a SIGWINCH handler: about 0.5 ms the first frame does not wait for). Keys
    // typed before wait in the terminal and are read first.
    let mut events = EventStream::new();
    let mut spinner = tokio::time::interval(SPINNER_INTERVAL);
    spinner.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    while !session.app.should_quit {
        // Effects asked for before the first frame (none today) run with the first batch.
        let mut effects = std::mem::take(&mut pending);
        let loading = session.app.is_loading();
        let mut msgs: Vec<Msg> = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => to_msg(event).into_iter().collect(),
                Some(Err(err)) => return Err(err),
                None => vec![Msg::Quit],
            },
            msgs = session.next_messages() => msgs,
            Some(msg) = rx.recv() => vec![msg],
            _ = spinner.tick(), if loading => vec![Msg::Tick],
        };
        // Whatever else the tasks have sent meanwhile goes into the same frame. (Keys are not
        // drained here: polling crossterm's stream outside the select loses its wake-up.)
        msgs.extend(session.ready_messages());
        while let Ok(msg) = rx.try_recv() {
            msgs.push(msg);
        }
        // Apply every answer that needs no waiting, run the effects, then draw once, if
        // anything changed.
        for msg in msgs {
            effects.extend(session.update(msg));
        }
        let mut clear = false;
        while !effects.is_empty() {
            let mut more = Vec::new();
            for effect in effects {
                match effect {
                    Command::Redraw => clear = true,
                    Command::Copy { text } => effects::copy(guard.terminal().backend_mut(), &text)?,
                    Command::OpenUrl { url } => {
                        more.extend(session.update(Msg::Said(effects::open_url(&url))));
                    }
                    Command::Export { list, csv } => {
                        // Thousands of items and an fsync: off the loop, and said when done.
                        let said = saved.clone();
                        tokio::task::spawn_blocking(move || {
                            let dir = std::env::current_dir().unwrap_or_else(|_| ".".into());
                            let _ = said.send(Msg::Said(effects::export(&list, csv, &dir)));
                        });
                    }
                    Command::Analyse { req, list } => {
                        // Segmenting thousands of texts (and, the first time, loading
                        // the dictionary) never holds the loop.
                        let said = saved.clone();
                        tokio::task::spawn_blocking(move || {
                            let insights = Box::new(crate::app::insights::analyse(&list));
                            let _ = said.send(Msg::Analysed { req, insights });
                        });
                    }
                    Command::Fetch { .. } | Command::Library { .. } => {
                        more.extend(session.settle(vec![effect]));
                    }
                }
            }
            effects = more;
        }
        if clear {
            guard.terminal().clear()?;
        }
        if (session.app.take_needs_draw() || clear) && !session.app.should_quit {
            guard
                .terminal()
                .draw(|frame| screen.render(&session.app, frame))?;
        }
    }
    // Quitting wrote where the reader was; the loop is over, so waiting holds nothing up.
    if !session.finish_library(QUIT_WRITE_WAIT).await {
        tracing::warn!("the library's last writes did not finish before exit");
    }
    Ok(())
}

/// How long the UI gets to quit cleanly after a signal or a hang-up.
const EXIT_GRACE: Duration = Duration::from_secs(1);

/// Ends the process on SIGTERM, SIGHUP or SIGINT, or when the terminal goes away: first by
/// asking the loop to quit, then — if the loop does not, after [`EXIT_GRACE`] — by
/// restoring the terminal and exiting. The second step exists because crossterm 0.29 can
/// spin forever reading a terminal that hung up (crossterm-rs/crossterm#793), holding the
/// UI thread; this guard runs on a worker thread, so it still can.
fn spawn_exit_guard(tx: UnboundedSender<Msg>) -> io::Result<()> {
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut sigint = signal(SignalKind::interrupt())?;
    let had_terminal = terminal_attached();
    tokio::spawn(async move {
        let mut check = tokio::time::interval(EXIT_GRACE);
        loop {
            tokio::select! {
                _ = sigterm.recv() => break,
                _ = sighup.recv() => break,
                _ = sigint.recv() => break,
                _ = check.tick() => if had_terminal && !terminal_attached() { break },
            }
        }
        let _ = tx.send(Msg::Quit);
        tokio::time::sleep(EXIT_GRACE).await;
        tracing::warn!("the UI did not quit in time; exiting from the guard");
        terminal::restore();
        std::process::exit(1);
    });
    Ok(())
}

fn terminal_attached() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

fn to_msg(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
        Event::Mouse(mouse) => Some(Msg::Mouse(mouse)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(width, height) => Some(Msg::Resize { width, height }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Client, ClientConfig, RetryPolicy, Token};
    use crate::app::Focus;
    use crate::demo::DemoSource;
    use crossterm::event::{KeyCode, KeyEvent};
    use tokio::time::{Duration as Wait, sleep};

    const THREAD_A: &str = "7611524150996519591";

    /// A session on thread A, its first calls started.
    fn open_thread_a(source: PageSource) -> Session {
        let setup = Setup {
            initial: Some(THREAD_A.into()),
            ..Setup::default()
        };
        Session::with_clock(setup, Rect::new(0, 0, 80, 24), source, || 0).0
    }

    fn press(session: &mut Session, c: char) -> Vec<Command> {
        session.update(Msg::Key(KeyEvent::from(KeyCode::Char(c))))
    }

    /// Lets the tasks run until they have nothing left to do at this instant.
    async fn let_tasks_run() {
        for _ in 0..20 {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_reader_at_one_reply_every_200_ms_never_waits_for_a_300_ms_server() {
        let demo = DemoSource::bundled()
            .unwrap()
            .with_delay(Wait::from_millis(300));
        let mut session = open_thread_a(PageSource::Demo(demo));
        assert_eq!(session.app.focus, Focus::List);
        let mut waits = 0;
        let mut steps = 0;
        loop {
            sleep(Wait::from_millis(200)).await;
            let_tasks_run().await;
            session.deliver();
            let thread = session.app.thread.as_ref().unwrap();
            let list = &thread.list;
            let at_last = list.view.selected() + 1 == list.items().len();
            if at_last && !matches!(list.pages.paging(), crate::paging::Paging::End(_)) {
                waits += 1;
            }
            if at_last && matches!(list.pages.paging(), crate::paging::Paging::End(_)) {
                break;
            }
            press(&mut session, 'j');
            steps += 1;
            assert!(steps < 1_000, "the thread must end");
        }
        let thread = session.app.thread.as_ref().unwrap();
        assert_eq!(thread.list.items().len(), 158);
        assert_eq!(
            waits, 0,
            "the reader reached the last loaded reply before the next page"
        );
    }

    #[tokio::test]
    async fn a_joined_page_is_one_request_counted_once() {
        use wiremock::matchers::path;
        use wiremock::{Mock, MockServer, ResponseTemplate};
        let sample = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/get-video-sub-comment-v1.json"
        ))
        .unwrap();
        // A one-page thread, so the only request is the one both thread instances wait for.
        let mut body: serde_json::Value = serde_json::from_slice(&sample).unwrap();
        body["data"]["has_more"] = 0.into();
        let server = MockServer::start().await;
        Mock::given(path(crate::api::REPLIES_PATH))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(body)
                    .set_delay(Wait::from_millis(200)),
            )
            .mount(&server)
            .await;
        let client =
            Client::new(ClientConfig::new(server.uri(), Token::new("t").unwrap())).unwrap();
        let mut session = open_thread_a(PageSource::Api {
            client,
            cache: None,
        });
        // A reload (R R) while the first page is on its way: the page is joined.
        press(&mut session, 'R');
        let commands = session
            .app
            .update(Msg::Key(KeyEvent::from(KeyCode::Char('R'))), 0);
        assert_eq!(
            commands.len(),
            1,
            "the app asks again, for its new thread instance"
        );
        session.settle(commands);
        session.until_idle().await;
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
        let stats = session.app.stats;
        assert_eq!((stats.sent, stats.billed), (1, 1));
        assert_eq!(session.app.thread.as_ref().unwrap().list.items().len(), 1);
    }

    #[tokio::test]
    async fn a_rate_limit_storm_counts_every_request_sent_and_none_billed() {
        use wiremock::matchers::path;
        use wiremock::{Mock, MockServer, ResponseTemplate};
        let server = MockServer::start().await;
        Mock::given(path(crate::api::REPLIES_PATH))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"code": 302, "message": "Rate Limit"})),
            )
            .mount(&server)
            .await;
        let mut config = ClientConfig::new(server.uri(), Token::new("t").unwrap());
        config.retry = RetryPolicy {
            max_retries: 3,
            base_delay: Wait::from_millis(1),
            rate_limit_delay: Wait::from_millis(1),
            max_delay: Wait::from_millis(5),
        };
        let mut session = open_thread_a(PageSource::Api {
            client: Client::new(config).unwrap(),
            cache: None,
        });
        session.until_idle().await;
        let sent = server.received_requests().await.unwrap().len() as u64;
        assert_eq!(sent, 4, "one request and three retries");
        let stats = session.app.stats;
        assert_eq!((stats.sent, stats.billed), (sent, 0));
    }
}
