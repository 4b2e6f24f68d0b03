//! The event loop and its effects: terminal events, fetch results and the spinner's tick go
//! into `App::update`; the commands it returns are run here; the screen is drawn once per
//! batch of messages, and only when something happened.

pub mod terminal;

use crate::api::ApiError;
use crate::app::{App, Command, Msg, Setup};
use crate::source::PageSource;
use crate::ui;
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::{FutureExt, StreamExt};
use ratatui::layout::Rect;
use std::io::{self, IsTerminal};
use std::panic::AssertUnwindSafe;
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// How often the spinner turns while a page loads.
const SPINNER_INTERVAL: Duration = Duration::from_millis(100);

/// Runs the program until the person quits or a signal asks it to stop.
pub async fn run(setup: Setup, source: PageSource) -> io::Result<()> {
    let mut guard = terminal::init()?;
    let size = guard.terminal().size()?;
    let (tx, mut rx) = unbounded_channel::<Msg>();
    let (mut app, commands) = App::new(setup, Rect::new(0, 0, size.width, size.height), now());
    // Pages that need no waiting (cache, demo) are on screen at the first frame.
    settle(&mut app, commands, &source, &tx, &mut rx);

    let mut events = EventStream::new();
    let mut spinner = tokio::time::interval(SPINNER_INTERVAL);
    spinner.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    spawn_exit_guard(tx.clone())?;

    guard.terminal().draw(|frame| ui::render(&app, frame))?;
    while !app.should_quit {
        let msg = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => match to_msg(event) {
                    Some(msg) => msg,
                    None => continue,
                },
                Some(Err(err)) => return Err(err),
                None => Msg::Quit,
            },
            Some(msg) = rx.recv() => msg,
            _ = spinner.tick(), if app.is_loading() => Msg::Tick,
        };
        let commands = app.update(msg, now());
        // Apply every answer already in, then draw once. (Keys are not drained here:
        // polling crossterm's stream outside the select loses its wake-up.)
        settle(&mut app, commands, &source, &tx, &mut rx);
        if !app.should_quit {
            guard.terminal().draw(|frame| ui::render(&app, frame))?;
        }
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

/// Runs `commands` and applies every answer that is already there (which may ask for
/// more), until nothing is left but tasks in flight.
fn settle(
    app: &mut App,
    mut commands: Vec<Command>,
    source: &PageSource,
    tx: &UnboundedSender<Msg>,
    rx: &mut UnboundedReceiver<Msg>,
) {
    loop {
        execute(commands, source, tx);
        commands = Vec::new();
        while let Ok(msg) = rx.try_recv() {
            commands.extend(app.update(msg, now()));
        }
        if commands.is_empty() {
            return;
        }
    }
}

/// Runs commands: an answer that needs no waiting is sent back at once; anything else
/// becomes a task. A task never touches the app; it only sends its answer back.
fn execute(commands: Vec<Command>, source: &PageSource, tx: &UnboundedSender<Msg>) {
    for command in commands {
        match command {
            Command::FetchPage {
                req,
                comment_id,
                page,
                refresh,
            } => {
                if let Some(result) = source.ready_now(&comment_id, page, refresh, now()) {
                    let _ = tx.send(Msg::PageLoaded { req, page, result });
                    continue;
                }
                let (source, tx) = (source.clone(), tx.clone());
                tokio::spawn(async move {
                    let progress = tx.clone();
                    let on_retry = move |notice| {
                        let _ = progress.send(Msg::Retrying { req, page, notice });
                    };
                    let fetch = source.fetch_remote(&comment_id, page, on_retry);
                    let result =
                        AssertUnwindSafe(fetch)
                            .catch_unwind()
                            .await
                            .unwrap_or_else(|_| {
                                Err(ApiError::NotUnderstood {
                                detail:
                                    "the page could not be read (an internal error; see the log)"
                                        .into(),
                            })
                            });
                    // The app may have quit meanwhile; nothing to do then.
                    let _ = tx.send(Msg::PageLoaded { req, page, result });
                });
            }
        }
    }
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}
