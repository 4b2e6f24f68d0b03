//! The event loop and its effects: terminal events, fetch results and the spinner's tick go
//! into `App::update`; the commands it returns are run here; the screen is drawn once per
//! batch of messages, and only when something happened.

mod fetcher;
pub mod terminal;

use fetcher::Fetcher;

use crate::app::{App, Command, Msg, Setup};
use crate::source::PageSource;
use crate::ui;
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use ratatui::layout::Rect;
use std::io::{self, IsTerminal};
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

/// How often the spinner turns while a page loads.
const SPINNER_INTERVAL: Duration = Duration::from_millis(100);

/// Runs the program until the person quits or a signal asks it to stop.
pub async fn run(setup: Setup, source: PageSource) -> io::Result<()> {
    let mut guard = terminal::init()?;
    let size = guard.terminal().size()?;
    let (tx, mut rx) = unbounded_channel::<Msg>();
    let (mut fetcher, mut reports) = Fetcher::new(source);
    let (mut app, commands) = App::new(setup, Rect::new(0, 0, size.width, size.height), now());
    // Pages that need no waiting (cache, demo) are on screen at the first frame.
    settle(&mut app, commands, &mut fetcher);

    let mut events = EventStream::new();
    let mut spinner = tokio::time::interval(SPINNER_INTERVAL);
    spinner.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    spawn_exit_guard(tx)?;

    guard.terminal().draw(|frame| ui::render(&app, frame))?;
    while !app.should_quit {
        let msgs = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => to_msg(event).into_iter().collect(),
                Some(Err(err)) => return Err(err),
                None => vec![Msg::Quit],
            },
            Some(report) = reports.recv() => fetcher.on_report(report),
            Some(msg) = rx.recv() => vec![msg],
            _ = spinner.tick(), if app.is_loading() => vec![Msg::Tick],
        };
        let mut commands = Vec::new();
        let mut redraw = false;
        for msg in msgs {
            for command in app.update(msg, now()) {
                match command {
                    Command::Redraw => redraw = true,
                    other => commands.push(other),
                }
            }
        }
        // Apply every answer that needs no waiting, then draw once. (Keys are not drained
        // here: polling crossterm's stream outside the select loses its wake-up.)
        settle(&mut app, commands, &mut fetcher);
        if redraw {
            guard.terminal().clear()?;
        }
        if !app.should_quit {
            guard.terminal().draw(|frame| ui::render(&app, frame))?;
        }
    }
    Ok(())
}

/// Runs `commands`, applying at once every answer that needs no waiting (which may ask for
/// more), until only tasks in flight are left.
fn settle(app: &mut App, mut commands: Vec<Command>, fetcher: &mut Fetcher) {
    while !commands.is_empty() {
        let mut next = Vec::new();
        for command in commands {
            if let Command::FetchPage {
                req,
                comment_id,
                page,
                refresh,
            } = command
                && let Some(msg) = fetcher.fetch(req, comment_id, page, refresh, now())
            {
                next.extend(app.update(msg, now()));
            }
        }
        commands = next;
    }
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

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}
