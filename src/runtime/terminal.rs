//! The terminal's lifecycle in one place: raw mode, the alternate screen, mouse and paste
//! capture on the way in; all of it undone on the way out — on quit, on error (the guard's
//! `Drop`) and on panic (the hook).

use crate::api::Token;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{execute, queue};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Write, stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Once, OnceLock};

/// Whether the TUI holds the terminal, so a panic knows whether there is anything to give
/// back (an export writing to stdout must not get escape sequences).
static TAKEN: AtomicBool = AtomicBool::new(false);
/// The token, kept out of any panic message.
static SECRET: OnceLock<Token> = OnceLock::new();

pub type Tui = Terminal<CrosstermBackend<FrameWriter>>;

/// Standard output, written once a frame: what a draw queues is kept here and goes out in
/// one `write` when ratatui flushes at the end of the draw. Through `Stdout` itself a frame
/// went out 1 KB at a time (six writes for the first frame at 80x24), each one a wake-up
/// for the terminal reading it.
#[derive(Debug, Default)]
pub struct FrameWriter {
    queued: Vec<u8>,
}

impl Write for FrameWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.queued.extend_from_slice(buf);
        Ok(buf.len())
    }

    /// Writes what was queued, unless the terminal was given back meanwhile (a panic or a
    /// failure in the middle of a draw): half a frame must not land on the normal screen.
    fn flush(&mut self) -> io::Result<()> {
        if !TAKEN.load(Ordering::SeqCst) {
            self.queued.clear();
            return Ok(());
        }
        let mut out = stdout().lock();
        let written = out.write_all(&self.queued).and_then(|()| out.flush());
        self.queued.clear();
        written
    }
}

/// Restores the terminal when dropped, so every exit path leaves it usable.
pub struct TerminalGuard {
    /// Always `Some` until the guard is dropped.
    terminal: Option<Tui>,
}

impl TerminalGuard {
    pub fn terminal(&mut self) -> &mut Tui {
        self.terminal
            .as_mut()
            .expect("the terminal lives as long as its guard")
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
        // ratatui's own drop prints to stderr when it cannot show the cursor, and printing
        // to a terminal that hung up panics. With the terminal gone there is nothing left to
        // restore, so ratatui's drop is skipped then.
        if let Some(mut terminal) = self.terminal.take()
            && terminal.show_cursor().is_err()
        {
            std::mem::forget(terminal);
        }
    }
}

/// Takes over the terminal.
pub fn init() -> io::Result<TerminalGuard> {
    install_panic_hook(None);
    enable_raw_mode()?;
    TAKEN.store(true, Ordering::SeqCst);
    // From here on, a failure must still undo what was done.
    let setup = || -> io::Result<Tui> {
        // Sent with the first frame, in its one write: whoever reads the terminal is woken
        // once for both (on a busy machine each wake-up can cost a time slice).
        let mut out = FrameWriter::default();
        queue!(
            out,
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        )?;
        Terminal::new(CrosstermBackend::new(out))
    };
    match setup() {
        Ok(terminal) => Ok(TerminalGuard {
            terminal: Some(terminal),
        }),
        Err(err) => {
            restore();
            Err(err)
        }
    }
}

/// Gives the terminal back. Safe to call more than once.
pub fn restore() {
    TAKEN.store(false, Ordering::SeqCst);
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// On a panic of the UI thread: restore the terminal first, so the message is readable.
/// A panic in a fetch task (another thread) is caught where the task runs and becomes a
/// failed page; printing it here would scribble over the screen, so it only goes to the log.
/// Either way the message is scrubbed of `secret` (the first one given is kept): a panic
/// message is text nobody checked.
pub fn install_panic_hook(secret: Option<Token>) {
    if let Some(secret) = secret {
        let _ = SECRET.set(secret);
    }
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let message = match SECRET.get() {
                Some(secret) => secret.scrub(&info.to_string()),
                None => info.to_string(),
            };
            if std::thread::current().name() == Some("main") {
                if TAKEN.load(Ordering::SeqCst) {
                    restore();
                }
                eprintln!("douyin-threads {message}");
                let trace = std::backtrace::Backtrace::capture();
                if trace.status() == std::backtrace::BacktraceStatus::Captured {
                    eprintln!("{trace}");
                }
            } else {
                tracing::error!("panic in a background task: {message}");
            }
        }));
    });
}

/// The terminal's width in columns, when standard output is one.
pub fn columns() -> Option<u16> {
    crossterm::terminal::size().ok().map(|(width, _)| width)
}
