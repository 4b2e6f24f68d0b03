//! The progress line on standard error, drawn only when that is a terminal (a log file or a
//! pipe gets the one-line summary and nothing else). It reads the export's [`Tally`] a few
//! times a second; it never decides anything.
//!
//! The line never wraps: a wrapped line is one the bar cannot clear, so a half-line would
//! stay above the summary. The status is ordered most telling first and cut to the
//! terminal's width less two columns (indicatif's `{wide_msg}`): the terminal echoes Ctrl-C
//! as `^C` after the line, and on a full-width line that echo would wrap it onto a row the
//! clear never reaches. The line is cleared before the summary is printed.

use super::fetch::Tally;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Arc;
use std::time::{Duration, Instant};

const REFRESH: Duration = Duration::from_millis(200);

/// What is being exported, which decides what the line counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One comment's replies: no threads to count, and no total known in advance.
    Thread,
    /// A video's comments and the threads under them.
    Video,
}

/// A running progress line; [`Progress::finish`] clears it.
pub struct Progress {
    bar: ProgressBar,
    updater: Option<tokio::task::JoinHandle<()>>,
}

impl Progress {
    /// Starts drawing `tally` on standard error if `visible`; otherwise does nothing.
    /// Call it inside the runtime.
    pub fn start(tally: Arc<Tally>, scope: Scope, visible: bool) -> Progress {
        if !visible {
            return Progress {
                bar: ProgressBar::hidden(),
                updater: None,
            };
        }
        let target = ProgressDrawTarget::term_like_with_hz(
            Box::new(RoomForCtrlC(console::Term::buffered_stderr())),
            20,
        );
        let bar = styled(target);
        let drawn = bar.clone();
        let started = Instant::now();
        let updater = tokio::spawn(async move {
            let mut tick = tokio::time::interval(REFRESH);
            loop {
                tick.tick().await;
                drawn.set_message(status(&tally, scope, started.elapsed()));
            }
        });
        Progress {
            bar,
            updater: Some(updater),
        }
    }

    /// Removes the line, so the summary stands alone.
    pub fn finish(self) {
        if let Some(updater) = self.updater {
            updater.abort();
        }
        self.bar.finish_and_clear();
    }
}

/// Standard error, said to be two columns narrower than it is: room for the `^C` the
/// terminal echoes, so that the line is never pushed onto a second row.
#[derive(Debug)]
struct RoomForCtrlC(console::Term);

impl indicatif::TermLike for RoomForCtrlC {
    fn width(&self) -> u16 {
        self.0.size().1.saturating_sub(2).max(1)
    }
    fn height(&self) -> u16 {
        self.0.size().0
    }
    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_up(n)
    }
    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_down(n)
    }
    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_right(n)
    }
    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_left(n)
    }
    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.0.write_line(s)
    }
    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.0.write_str(s)
    }
    fn clear_line(&self) -> std::io::Result<()> {
        self.0.clear_line()
    }
    fn flush(&self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// The spinner, the elapsed time, then as much of the status as the width leaves room for.
fn styled(target: ProgressDrawTarget) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, target);
    let style = ProgressStyle::with_template("{spinner} {elapsed:>3} {wide_msg}")
        .expect("a valid template");
    bar.set_style(style);
    bar
}

/// e.g. "threads 12/38 · replies 340/1200 · pages 54 · calls 50 sent, 50 billed · cached 4
/// · 4.1 pages/s"; for one thread, "replies 340 · pages 17 · …". A total the service did
/// not give is left out rather than shown as 0.
pub fn status(tally: &Tally, scope: Scope, elapsed: Duration) -> String {
    let pages = Tally::get(&tally.pages);
    let rate = pages as f64 / elapsed.as_secs_f64().max(0.001);
    let mut parts = Vec::new();
    let of = |done: u64, total: u64| match total {
        0 => done.to_string(),
        total => format!("{done}/{total}"),
    };
    if scope == Scope::Video {
        parts.push(format!(
            "threads {}",
            of(Tally::get(&tally.threads_done), Tally::get(&tally.threads))
        ));
        parts.push(format!("comments {}", Tally::get(&tally.comments)));
    }
    parts.push(format!(
        "replies {}",
        of(Tally::get(&tally.replies), Tally::get(&tally.replies_total))
    ));
    parts.push(format!("pages {pages}"));
    parts.push(format!(
        "calls {} sent, {} billed",
        Tally::get(&tally.sent),
        Tally::get(&tally.billed)
    ));
    parts.push(format!("cached {}", Tally::get(&tally.cached)));
    parts.push(format!("{rate:.1} pages/s"));
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn a_video_counts_threads_comments_replies_calls_and_the_rate() {
        let tally = Tally::default();
        Tally::add(&tally.threads, 38);
        Tally::add(&tally.threads_done, 12);
        Tally::add(&tally.comments, 40);
        Tally::add(&tally.pages, 8);
        Tally::add(&tally.replies, 30);
        Tally::add(&tally.replies_total, 120);
        Tally::add(&tally.sent, 7);
        Tally::add(&tally.billed, 6);
        Tally::add(&tally.cached, 1);
        assert_eq!(
            status(&tally, Scope::Video, Duration::from_secs(2)),
            "threads 12/38 · comments 40 · replies 30/120 · pages 8 · calls 7 sent, 6 billed \
             · cached 1 · 4.0 pages/s"
        );
    }

    #[test]
    fn one_thread_shows_no_threads_and_no_made_up_total() {
        let tally = Tally::default();
        Tally::add(&tally.pages, 1);
        Tally::add(&tally.replies, 10);
        Tally::add(&tally.sent, 1);
        Tally::add(&tally.billed, 1);
        let line = status(&tally, Scope::Thread, Duration::from_secs(1));
        assert_eq!(
            line,
            "replies 10 · pages 1 · calls 1 sent, 1 billed · cached 0 · 1.0 pages/s"
        );
    }

    /// A terminal of `width` columns that keeps what is on each row.
    #[derive(Debug)]
    struct Screen {
        width: u16,
        rows: Mutex<(Vec<String>, usize)>,
    }

    impl Screen {
        fn new(width: u16) -> Arc<Screen> {
            Arc::new(Screen {
                width,
                rows: Mutex::new((vec![String::new()], 0)),
            })
        }

        fn rows(&self) -> Vec<String> {
            self.rows.lock().unwrap().0.clone()
        }
    }

    #[derive(Debug)]
    struct Term(Arc<Screen>);

    impl indicatif::TermLike for Term {
        fn width(&self) -> u16 {
            self.0.width
        }
        fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
            let mut rows = self.0.rows.lock().unwrap();
            rows.1 = rows.1.saturating_sub(n);
            Ok(())
        }
        fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
            let mut rows = self.0.rows.lock().unwrap();
            rows.1 += n;
            while rows.0.len() <= rows.1 {
                rows.0.push(String::new());
            }
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.write_str(s)?;
            self.move_cursor_down(1)
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            let mut rows = self.0.rows.lock().unwrap();
            let at = rows.1;
            rows.0[at].push_str(s);
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            let mut rows = self.0.rows.lock().unwrap();
            let at = rows.1;
            rows.0[at].clear();
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_line_fits_every_width_and_is_gone_before_the_summary() {
        let tally = Tally::default();
        for counter in [&tally.threads, &tally.comments, &tally.replies_total] {
            Tally::add(counter, 123_456);
        }
        for counter in [&tally.sent, &tally.billed, &tally.pages, &tally.replies] {
            Tally::add(counter, 99_999);
        }
        for width in [40, 80, 120] {
            let screen = Screen::new(width);
            let target = ProgressDrawTarget::term_like(Box::new(Term(screen.clone())));
            let bar = styled(target);
            bar.set_message(status(&tally, Scope::Video, Duration::from_secs(3)));
            bar.force_draw();
            let drawn = screen.rows();
            let written: Vec<&String> = drawn.iter().filter(|r| !r.is_empty()).collect();
            assert_eq!(written.len(), 1, "one line at {width}: {drawn:?}");
            assert!(
                written[0].width() <= usize::from(width),
                "{} columns at {width}: {}",
                written[0].width(),
                written[0]
            );
            assert!(written[0].contains("threads 0/123456"), "{}", written[0]);
            bar.finish_and_clear();
            assert!(
                screen.rows().iter().all(String::is_empty),
                "cleared at {width}: {:?}",
                screen.rows()
            );
        }
    }
}
