//! From resolved settings to a running program, in three parts that the reader and export
//! share or not: where pages come from ([`source`], both), what the reader shows first
//! ([`setup`], the reader only), and the async runtime both run on ([`runtime`], built here
//! and nowhere else).

use crate::api::{Client, ClientConfig};
use crate::app::{Fetching, Mode, Setup, Suggestion};
use crate::config::Settings;
use crate::demo::DemoSource;
use crate::library::{Library, LibraryError, Unusable};
use crate::source::PageSource;
use std::path::Path;

/// Why the program could not start; printed on the normal terminal, exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error("{0}")]
    Demo(String),
    #[error("{0}")]
    Client(crate::api::ApiError),
    #[error(
        "--offline needs the library, but there is none: this system has no data \
         directory (set XDG_DATA_HOME or HOME, or pass --library PATH), or the library \
         could not be opened."
    )]
    NoLibrary,
    #[error(
        "The library at {} was written by a newer douyin-threads (schema version {found}; \
         this one knows versions up to {supported}). It was left untouched: update \
         douyin-threads, or pass --library PATH to use another file.",
        .path.display()
    )]
    NewerLibrary {
        path: std::path::PathBuf,
        found: i64,
        supported: i64,
    },
}

/// The library, opened for the reader, an export or a library command, and what the
/// person should hear about opening it (a file moved aside, a library not being written).
pub struct OpenedLibrary {
    pub library: Option<Library>,
    pub notice: Option<String>,
}

/// Opens the library at `path` with the settings' limits, and brings in the old page cache
/// folder the first time. A newer program's library is an error; any other failure leaves
/// the program without one (reading goes on from the network) and says why.
pub fn open_library(
    settings: &Settings,
    path: Option<&Path>,
) -> Result<OpenedLibrary, LaunchError> {
    opened(settings, path, Opening::Now)
}

/// When the library's file is written, if it must be (made, migrated, the old page cache
/// brought in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opening {
    /// Before the library is handed over: a failure is said in the notice.
    Now,
    /// At its first use ([`Library::open_later`]): the reader's first frame does not wait
    /// for it, and the runtime says a failure in the status bar, as any write's.
    OnFirstUse,
}

fn opened(
    settings: &Settings,
    path: Option<&Path>,
    when: Opening,
) -> Result<OpenedLibrary, LaunchError> {
    let Some(path) = path else {
        return Ok(OpenedLibrary {
            library: None,
            notice: None,
        });
    };
    // Looked for now (a `stat`), so that a library that is made already opens with
    // nothing left for its first use.
    let old_cache = cache_dir().filter(|dir| dir.is_dir());
    let opened = Library::open_later(path, settings.cache_max_age, old_cache).and_then(|opened| {
        if when == Opening::Now {
            opened.library.prepare()?;
        }
        Ok(opened)
    });
    let opened = match opened {
        Ok(opened) => opened,
        Err(LibraryError::TooNew {
            path,
            found,
            supported,
        }) => {
            return Err(LaunchError::NewerLibrary {
                path,
                found,
                supported,
            });
        }
        Err(err) => {
            tracing::warn!(error = %err, "library not opened");
            return Ok(OpenedLibrary {
                library: None,
                notice: Some(format!("LIBRARY NOT WRITTEN · {}", library_problem(&err))),
            });
        }
    };
    let library = opened.library.with_max_size(settings.cache_max_size);
    let notice = opened.set_aside.map(|aside| {
        let what = match aside.why {
            Unusable::Damaged { .. } => "was damaged",
            Unusable::Foreign => "was not a douyin-threads library",
        };
        tracing::warn!(moved_to = %aside.moved_to.display(), "library set aside: {what}");
        format!(
            "The library {what}: moved to {}; a new one was started",
            aside.moved_to.display()
        )
    });
    Ok(OpenedLibrary {
        library: Some(library),
        notice,
    })
}

/// Why the library cannot be written, in a few words for the status line.
pub fn library_problem(err: &LibraryError) -> String {
    match err {
        LibraryError::ReadOnly { path, .. } => format!("{} is read-only", path.display()),
        LibraryError::DiskFull { .. } => "the disk is full".to_owned(),
        LibraryError::Busy { .. } => "another program keeps it locked".to_owned(),
        LibraryError::TooNew { found, .. } => {
            format!("it was written by a newer douyin-threads (version {found})")
        }
        LibraryError::NotAFile { path, what } => format!(
            "{} is {what}, left untouched: give --library (or library_path) a file",
            path.display()
        ),
        LibraryError::Failed { detail, .. } => detail.clone(),
    }
}

/// Where pages come from under `settings`: the demo, the library alone (`--offline`), the
/// API through the library, or — without a token — nowhere, with the reason
/// ([`PageSource::Unavailable`]: the reader still starts, export refuses). The library at
/// `library_path` is opened here; the second value is what to tell the person about it.
pub fn source(
    settings: &Settings,
    library_path: Option<&Path>,
) -> Result<(PageSource, Option<String>), LaunchError> {
    source_opening(settings, library_path, Opening::Now)
}

fn source_opening(
    settings: &Settings,
    library_path: Option<&Path>,
    when: Opening,
) -> Result<(PageSource, Option<String>), LaunchError> {
    if settings.demo {
        let demo = DemoSource::bundled().map_err(LaunchError::Demo)?;
        // The demo keeps what it shows in a library of its own, for the session: bookmarks,
        // the start screen and search work, and nothing reaches the person's library.
        return Ok(match Library::temporary(settings.cache_max_age) {
            Ok(library) => (PageSource::Demo(demo.with_library(library)), None),
            Err(err) => {
                tracing::warn!(error = %err, "the demo's library was not made");
                (PageSource::Demo(demo), None)
            }
        });
    }
    // Offline, the library is all there is: one that cannot be made stops the program.
    let when = match settings.offline {
        true => Opening::Now,
        false => when,
    };
    let OpenedLibrary {
        library: cache,
        notice,
    } = opened(settings, library_path, when)?;
    if settings.offline {
        let cache = cache.ok_or(LaunchError::NoLibrary)?;
        let host = crate::api::client::host_key_of(&settings.base_url);
        return Ok((PageSource::Offline { cache, host }, notice));
    }
    let Some(token) = settings.token.clone() else {
        let reason = no_token_help(settings.config_path.as_deref());
        return Ok((PageSource::Unavailable { reason }, notice));
    };
    let client = Client::new(ClientConfig::new(settings.base_url.clone(), token))
        .map_err(LaunchError::Client)?;
    Ok((PageSource::Api { client, cache }, notice))
}

/// The reader's starting state for `settings`, reading from `source`.
pub fn setup(settings: &Settings, source: &PageSource) -> Setup {
    let mut setup = Setup {
        initial: settings.target.clone(),
        skip_cache: settings.refresh,
        keymap: settings.keymap.clone(),
        no_color: settings.no_color,
        library: match source.library() {
            Some(_) => crate::app::library::Access::Ready,
            None => crate::app::library::Access::Absent,
        },
        ..Setup::default()
    };
    match source {
        PageSource::Demo(demo) => {
            let first = format!("v:{}", demo.first_video().aweme_id);
            setup.initial = setup.initial.or(Some(first));
            setup.banner = Some("DEMO DATA · bundled videos, no network, no token".into());
            setup.mode = Mode::Demo;
            setup.video_titles = demo
                .videos()
                .iter()
                .map(|video| (video.aweme_id.clone(), video.title.clone()))
                .collect();
            setup.suggestions = demo
                .videos()
                .iter()
                .map(|video| Suggestion {
                    input: format!("v:{}", video.aweme_id),
                    title: video.title.clone(),
                })
                .collect();
        }
        PageSource::Offline { .. } => {
            setup.banner = Some("OFFLINE · cached pages only, nothing is sent".into());
            setup.mode = Mode::Offline;
        }
        PageSource::Unavailable { reason } => {
            setup.fetching = Fetching::NoToken {
                how_to: reason.clone(),
            };
        }
        PageSource::Api { .. } => {}
    }
    setup
}

/// The reader's starting state and where its pages come from; what opening the library
/// found is the banner unless the mode has one. The library's file is written (made,
/// migrated, the old cache brought in) by its first use, after the first frame — except
/// offline, where it is all there is.
pub fn plan(
    settings: &Settings,
    library_path: Option<&Path>,
) -> Result<(Setup, PageSource), LaunchError> {
    let (source, notice) = source_opening(settings, library_path, Opening::OnFirstUse)?;
    let mut setup = setup(settings, &source);
    if setup.banner.is_none() {
        setup.banner = notice;
    }
    Ok((setup, source))
}

/// The async runtime the reader, export and insights run on, with `workers` worker threads
/// ([`READER_WORKERS`], [`COMMAND_WORKERS`]). Fetching is I/O-bound, and the machine is
/// shared with the terminal.
pub fn runtime(workers: usize) -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
}

/// The reader's workers. Its work on them is fetching and decoding a page at a time (the
/// library's work and insights go to the blocking pool, the UI has the main thread), so one
/// is enough; and the first frame waits for every worker's thread to start (a clone: 0.1 ms
/// on a quiet machine, 0.5-2 ms on a busy one).
pub const READER_WORKERS: usize = 1;

/// The workers of `export` and `insights`, which decode the pages of several jobs at once.
pub const COMMAND_WORKERS: usize = 2;

/// Exactly how to set a token on this machine, and that the demo exists.
pub fn no_token_help(config_path: Option<&Path>) -> String {
    let file = config_path.map_or_else(
        || "the config file (no config directory on this system; use --config PATH)".to_owned(),
        |p| p.display().to_string(),
    );
    format!(
        "No API token is set, so nothing will be fetched and nothing is sent. Set one:\n\
         • export JUSTONEAPI_TOKEN=your-token\n\
         • or put  token = \"your-token\"  in {file}\n\
         • or run  douyin-threads --token your-token COMMENT_ID\n\
         Without an account, try the bundled demo:  douyin-threads --demo"
    )
}

/// The directory the old page cache lived in (imported into the library once).
pub fn cache_dir() -> Option<std::path::PathBuf> {
    crate::dirs::default_cache_dir()
}

/// The library's file: the settings' (`--library`, `library_path`, the data directory).
pub fn library_path(settings: &Settings) -> Option<std::path::PathBuf> {
    settings.library_path.clone()
}
