//! The log file. The terminal belongs to the TUI, so logs only ever go to
//! `douyin-threads.log` in the log directory; if that cannot be set up, there is no log.

use crate::api::Token;
use std::io::{self, Write};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use tracing_appender::non_blocking::{NonBlocking, NonBlockingBuilder, WorkerGuard};
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// The log's file name inside the log directory.
pub const LOG_FILE: &str = "douyin-threads.log";
/// The environment variable holding the filter, e.g. `debug` or `douyin_threads=trace`.
pub const LOG_ENV: &str = "DOUYIN_THREADS_LOG";
/// A log grown past this is moved to `douyin-threads.log.old` at start-up, so a file that
/// never rotates still cannot grow without bound.
const MAX_LOG_BYTES: u64 = 10 * 1024 * 1024;
/// How many lines may wait for the log's writer thread; past that, lines are dropped rather
/// than the UI waiting on the disk. tracing-appender's default, 128,000, is a 4 MB queue
/// whose every slot is written when it is made: 1-2 ms of page faults at start-up, before
/// the first frame. The program logs a few lines a page at most.
const QUEUED_LINES: usize = 4_096;

/// Crates below the client see the request URL, whose query holds the token. Their
/// events stay off whatever the filter asks for.
const ALWAYS_OFF: [&str; 6] = [
    "reqwest",
    "hyper",
    "hyper_util",
    "h2",
    "rustls",
    "tower_http",
];

/// Starts logging to `log_dir/douyin-threads.log`, with the filter from
/// `DOUYIN_THREADS_LOG` (default `info`). Keep the guard alive until exit: dropping it
/// flushes the last lines. `None` means no log: no directory, a directory that cannot be
/// created, or a global subscriber already set. Every line is scrubbed of `secret`, as a
/// last line of defence: no event is meant to hold it.
///
/// The file is opened here; the thread that writes to it starts with the first line
/// logged, so a start-up that logs nothing does not wait for a thread (0.1-0.5 ms on a
/// busy machine).
pub fn init(log_dir: Option<&Path>, secret: Option<&Token>) -> Option<LogGuard> {
    let spec = std::env::var(LOG_ENV).ok();
    let (subscriber, guard) = subscriber(log_dir?, spec.as_deref(), secret.cloned())?;
    tracing::subscriber::set_global_default(subscriber).ok()?;
    Some(guard)
}

/// Flushes the log's last lines when dropped (if anything was logged).
pub struct LogGuard {
    worker: Arc<Mutex<Option<WorkerGuard>>>,
}

impl Drop for LogGuard {
    fn drop(&mut self) {
        let worker = self.worker.lock().map(|mut w| w.take());
        // tracing-appender's guard flushes and stops its thread as it drops.
        drop(worker);
    }
}

/// The log file behind a writer thread started on first use.
struct LazyWriter {
    file: Mutex<Option<Scrubbed<RollingFileAppender>>>,
    writer: OnceLock<Option<NonBlocking>>,
    worker: Arc<Mutex<Option<WorkerGuard>>>,
}

impl LazyWriter {
    fn writer(&self) -> Option<&NonBlocking> {
        self.writer
            .get_or_init(|| {
                let file = self.file.lock().ok()?.take()?;
                let (writer, worker) = NonBlockingBuilder::default()
                    .buffered_lines_limit(QUEUED_LINES)
                    .finish(file);
                *self.worker.lock().ok()? = Some(worker);
                Some(writer)
            })
            .as_ref()
    }
}

/// What an event is written through: the writer thread's queue, or nowhere if it could not
/// be started.
enum LogWriter {
    Queue(NonBlocking),
    Nowhere,
}

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            LogWriter::Queue(queue) => queue.write(buf),
            LogWriter::Nowhere => Ok(buf.len()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            LogWriter::Queue(queue) => queue.flush(),
            LogWriter::Nowhere => Ok(()),
        }
    }
}

impl<'a> MakeWriter<'a> for LazyWriter {
    type Writer = LogWriter;

    fn make_writer(&'a self) -> LogWriter {
        match self.writer() {
            Some(queue) => LogWriter::Queue(queue.clone()),
            None => LogWriter::Nowhere,
        }
    }
}

/// The subscriber and its flush guard, without installing it.
fn subscriber(
    log_dir: &Path,
    spec: Option<&str>,
    secret: Option<Token>,
) -> Option<(impl tracing::Subscriber + Send + Sync + 'static, LogGuard)> {
    let file = Scrubbed {
        inner: appender(log_dir)?,
        secret,
    };
    let worker = Arc::new(Mutex::new(None));
    let writer = LazyWriter {
        file: Mutex::new(Some(file)),
        writer: OnceLock::new(),
        worker: Arc::clone(&worker),
    };
    let subscriber = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter(spec))
        .finish();
    Some((subscriber, LogGuard { worker }))
}

/// A writer that replaces the token in whatever passes through it. The formatter writes
/// each event whole, so a token is never split across two writes.
struct Scrubbed<W> {
    inner: W,
    secret: Option<Token>,
}

impl<W: Write> Write for Scrubbed<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &self.secret {
            Some(secret) if secret.is_quoted_in(buf) => {
                let clean = secret.scrub(&String::from_utf8_lossy(buf));
                self.inner.write_all(clean.as_bytes())?;
            }
            _ => self.inner.write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn appender(log_dir: &Path) -> Option<RollingFileAppender> {
    std::fs::create_dir_all(log_dir).ok()?;
    set_aside_if_large(&log_dir.join(LOG_FILE));
    RollingFileAppender::builder()
        .rotation(Rotation::NEVER)
        .filename_prefix(LOG_FILE)
        .build(log_dir)
        .ok()
}

fn set_aside_if_large(path: &Path) {
    let large = std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_LOG_BYTES);
    if large {
        // Best effort: if the rename fails the log just keeps growing.
        let _ = std::fs::rename(path, path.with_extension("log.old"));
    }
}

/// The person's filter, or `info` if it is absent or does not parse, with the crates
/// that see the token's URL forced off.
fn filter(spec: Option<&str>) -> EnvFilter {
    let base = spec
        .filter(|s| !s.trim().is_empty())
        .and_then(|s| EnvFilter::try_new(s).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    ALWAYS_OFF
        .iter()
        .fold(base, |filter, krate| match format!("{krate}=off").parse() {
            Ok(directive) => filter.add_directive(directive),
            Err(_) => filter,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logged(spec: Option<&str>, emit: impl FnOnce()) -> String {
        logged_with(spec, None, emit)
    }

    fn logged_with(spec: Option<&str>, secret: Option<Token>, emit: impl FnOnce()) -> String {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("nested/logs");
        let (subscriber, guard) = subscriber(&logs, spec, secret).unwrap();
        tracing::subscriber::with_default(subscriber, emit);
        drop(guard);
        std::fs::read_to_string(logs.join(LOG_FILE)).unwrap()
    }

    #[test]
    fn events_go_to_the_file_at_the_chosen_level() {
        let text = logged(None, || {
            tracing::info!(page = 2, "page fetched");
            tracing::debug!("too chatty");
        });
        assert!(
            text.contains("page fetched") && text.contains("page=2"),
            "{text}"
        );
        assert!(!text.contains("too chatty"), "{text}");
        let text = logged(Some("debug"), || tracing::debug!("now shown"));
        assert!(text.contains("now shown"), "{text}");
    }

    #[test]
    fn crates_that_see_the_url_stay_silent_even_at_trace() {
        let text = logged(Some("trace,hyper_util=trace"), || {
            tracing::info!(target: "hyper_util::client", "GET /?token=x");
            tracing::info!(target: "reqwest::connect", "GET /?token=x");
            tracing::info!("ours");
        });
        assert!(text.contains("ours") && !text.contains("token=x"), "{text}");
    }

    #[test]
    fn a_token_that_slipped_into_an_event_is_scrubbed_from_the_file() {
        let secret = Token::new("tok/SECRET é").unwrap();
        let text = logged_with(None, Some(secret), || {
            tracing::warn!("odd answer {}", r#"{"echo":"tok\/SECRET \u00e9"}"#);
            tracing::info!("token=tok%2FSECRET+%C3%A9 and tok/SECRET é");
        });
        assert!(!text.contains("SECRET"), "{text}");
        assert_eq!(text.matches("<token>").count(), 3, "{text}");
    }

    #[test]
    fn the_writer_thread_starts_with_the_first_line_not_before() {
        let dir = tempfile::tempdir().unwrap();
        let (subscriber, guard) = subscriber(dir.path(), None, None).unwrap();
        assert!(
            dir.path().join(LOG_FILE).exists(),
            "the file is opened at once"
        );
        let started = || guard.worker.lock().unwrap().is_some();
        tracing::subscriber::with_default(subscriber, || {
            tracing::debug!("below the level");
            assert!(!started(), "no line yet, no thread");
            tracing::info!("the first line");
            assert!(started());
        });
        drop(guard);
        let text = std::fs::read_to_string(dir.path().join(LOG_FILE)).unwrap();
        assert!(
            text.contains("the first line") && !text.contains("below"),
            "{text}"
        );
    }

    #[test]
    fn a_bad_filter_falls_back_to_info() {
        let text = logged(Some("=[nonsense"), || tracing::info!("still logged"));
        assert!(text.contains("still logged"), "{text}");
    }

    #[test]
    fn an_impossible_directory_disables_logging() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a-file");
        std::fs::write(&file, "x").unwrap();
        assert!(init(Some(&file.join("logs")), None).is_none());
        assert!(init(None, None).is_none());
    }
}
