//! The progress bar on standard error, drawn only when that is a terminal (a log file or a
//! pipe gets the one-line summary and nothing else). It reads the export's [`Tally`] a few
//! times a second; it never decides anything.

use super::fetch::Tally;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Arc;
use std::time::{Duration, Instant};

const REFRESH: Duration = Duration::from_millis(200);

/// A running progress bar; [`Progress::finish`] clears it.
pub struct Progress {
    bar: ProgressBar,
    updater: Option<tokio::task::JoinHandle<()>>,
}

impl Progress {
    /// Starts drawing `tally` on standard error if `visible`; otherwise does nothing.
    /// Call it inside the runtime.
    pub fn start(tally: Arc<Tally>, visible: bool) -> Progress {
        if !visible {
            return Progress {
                bar: ProgressBar::hidden(),
                updater: None,
            };
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} threads {pos}/{len} [{bar:20}] {msg} · {elapsed}",
        )
        .expect("a valid template")
        .progress_chars("=> ");
        bar.set_style(style);
        let drawn = bar.clone();
        let started = Instant::now();
        let updater = tokio::spawn(async move {
            let mut tick = tokio::time::interval(REFRESH);
            loop {
                tick.tick().await;
                draw(&drawn, &tally, started.elapsed());
            }
        });
        Progress {
            bar,
            updater: Some(updater),
        }
    }

    /// Removes the bar, so the summary line stands alone.
    pub fn finish(self) {
        if let Some(updater) = self.updater {
            updater.abort();
        }
        self.bar.finish_and_clear();
    }
}

fn draw(bar: &ProgressBar, tally: &Tally, elapsed: Duration) {
    bar.set_length(Tally::get(&tally.threads));
    bar.set_position(Tally::get(&tally.threads_done));
    bar.set_message(status(tally, elapsed));
}

/// e.g. "pages 12 · replies 340/1200 · calls 14 sent, 14 billed · cached 3 · 4.1 pages/s".
pub fn status(tally: &Tally, elapsed: Duration) -> String {
    let pages = Tally::get(&tally.pages);
    let rate = pages as f64 / elapsed.as_secs_f64().max(0.001);
    format!(
        "pages {pages} · replies {}/{} · calls {} sent, {} billed · cached {} · {rate:.1} pages/s",
        Tally::get(&tally.replies),
        Tally::get(&tally.replies_total),
        Tally::get(&tally.sent),
        Tally::get(&tally.billed),
        Tally::get(&tally.cached),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_counts_pages_replies_calls_and_the_rate() {
        let tally = Tally::default();
        Tally::add(&tally.pages, 8);
        Tally::add(&tally.replies, 30);
        Tally::add(&tally.replies_total, 120);
        Tally::add(&tally.sent, 7);
        Tally::add(&tally.billed, 6);
        Tally::add(&tally.cached, 1);
        assert_eq!(
            status(&tally, Duration::from_secs(2)),
            "pages 8 · replies 30/120 · calls 7 sent, 6 billed · cached 1 · 4.0 pages/s"
        );
    }
}
