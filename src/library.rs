//! The library: everything the program ever loaded, in one SQLite file.
//!
//! It holds two kinds of things, and treats them differently:
//! - **page bodies**, the answers the API gave with code 0 exactly as sent, keyed by host
//!   and call (like the old page cache), so nothing is paid for twice. They count as fresh
//!   for the configured maximum age (a share link's forever), and they are what the size
//!   limit evicts, least recently used first (a hit is a use). Only a [`CheckedBody`] is
//!   ever written, so the token cannot reach the file, and reading one back goes through
//!   the same decoders (and sanitizer) as a fresh answer.
//! - **items**: every comment and reply those pages carried, one row each, with its list,
//!   author, text, time, likes, labels and `ip_label`; lists, authors, visits and
//!   bookmarks. They stay when bodies are evicted, and they are what search reads (FTS5
//!   with the trigram tokenizer, over text folded the way the reader's search folds it;
//!   the index is built off the page write, and search reads the items it does not cover
//!   yet directly, see [`index`]).
//!
//! A page is written in ONE transaction with its items, so a crash leaves both or neither.
//! Bodies are stored compressed (zstd).
//! Every thread that touches the library has its own connection (WAL mode and a busy
//! timeout, so two programs at once wait for each other instead of failing), and every
//! write runs off the event loop, on whatever blocking thread calls it.
//!
//! Opening checks what is at the path first: a newer program's file is refused untouched
//! ([`LibraryError::TooNew`]); a damaged or foreign file is moved aside under a dated name
//! ([`SetAside`]) and a new library started; nothing is ever deleted.

mod connection;
mod import;
mod index;
mod query;
mod schema;
mod store;

pub use import::Imported;
pub use query::{Bookmark, Hit, RecentList, SearchQuery, Stats, StoredItem};
pub use schema::SCHEMA_VERSION;
pub use store::{Cached, Forgotten};

use crate::api::{Call, CheckedBody};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// The library's file name in the data directory.
pub const FILE_NAME: &str = "library.sqlite3";

/// How much the page bodies may take when the config file does not say: 200 MB.
pub const DEFAULT_MAX_SIZE: u64 = 200_000_000;

/// Which list an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListKind {
    /// A video's top-level comments; the key is the video's ID.
    Comments,
    /// The replies under a top-level comment; the key is the comment's ID.
    Replies,
}

impl ListKind {
    /// How the `lists.kind` column spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Comments => "comments",
            ListKind::Replies => "replies",
        }
    }

    fn parse(text: &str) -> Option<ListKind> {
        match text {
            "comments" => Some(ListKind::Comments),
            "replies" => Some(ListKind::Replies),
            _ => None,
        }
    }
}

/// One list: a video's comments or a comment's replies.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListKey {
    pub kind: ListKind,
    /// The video's ID (comments) or the top-level comment's ID (replies).
    pub key: String,
}

impl ListKey {
    pub fn comments(video: impl Into<String>) -> ListKey {
        ListKey {
            kind: ListKind::Comments,
            key: video.into(),
        }
    }

    pub fn replies(comment: impl Into<String>) -> ListKey {
        ListKey {
            kind: ListKind::Replies,
            key: comment.into(),
        }
    }
}

/// Why the file at the library's path could not be used as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// It is not a readable SQLite database (truncated, overwritten, corrupt).
    Damaged { detail: String },
    /// It is an SQLite database, but another program's.
    Foreign,
}

/// A file that was at the library's path and was moved aside, not deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    pub why: Unusable,
    /// Where it is now.
    pub moved_to: PathBuf,
}

/// An opened library and what opening it found.
#[derive(Debug)]
pub struct Opened {
    pub library: Library,
    /// There was no library at the path: this one is new.
    pub created: bool,
    /// What was at the path instead, and where it went.
    pub set_aside: Option<SetAside>,
}

/// What went wrong with the library, as facts; the layer that talks to the person words
/// them and says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LibraryError {
    /// The file was written by a newer version of the program; it was left untouched.
    #[error(
        "the library at {} has schema version {found}; this program knows versions up to {supported}",
        .path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// The file or its folder cannot be written (permissions, a read-only disk).
    #[error("the library at {} is read-only: {detail}", .path.display())]
    ReadOnly { path: PathBuf, detail: String },
    /// The disk is full.
    #[error("the disk holding the library at {} is full", .path.display())]
    DiskFull { path: PathBuf },
    /// Another program held the library locked for longer than the busy timeout.
    #[error("the library at {} stayed locked by another program", .path.display())]
    Busy { path: PathBuf },
    /// What is at the path is not a file (a directory, a device, a FIFO, a socket): it was
    /// left as it is, neither opened nor moved aside.
    #[error("{} is {what}, not a library file", .path.display())]
    NotAFile { path: PathBuf, what: &'static str },
    /// Anything else SQLite or the file system said.
    #[error("the library at {} failed: {detail}", .path.display())]
    Failed { path: PathBuf, detail: String },
}

/// Why a write to the library failed, in the three ways the reader tells apart (it words
/// them; the path and details are in the [`LibraryError`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteFailure {
    /// The disk (or the file system's quota) is full.
    Full,
    /// The file or its folder cannot be written: permissions, a read-only mount.
    ReadOnly,
    /// Anything else: a lock held too long, an I/O error, a damaged file.
    Other,
}

impl LibraryError {
    /// What kind of failure it is, for a write.
    pub fn write_failure(&self) -> WriteFailure {
        match self {
            LibraryError::DiskFull { .. } => WriteFailure::Full,
            LibraryError::ReadOnly { .. } => WriteFailure::ReadOnly,
            LibraryError::TooNew { .. }
            | LibraryError::Busy { .. }
            | LibraryError::NotAFile { .. }
            | LibraryError::Failed { .. } => WriteFailure::Other,
        }
    }

    /// The library file it is about.
    pub fn path(&self) -> &Path {
        match self {
            LibraryError::TooNew { path, .. }
            | LibraryError::ReadOnly { path, .. }
            | LibraryError::DiskFull { path }
            | LibraryError::Busy { path }
            | LibraryError::NotAFile { path, .. }
            | LibraryError::Failed { path, .. } => path,
        }
    }
}

/// The file the library lives in: a symlink is followed (so setting a damaged file aside
/// renames the file, and the link keeps pointing where the person put it), and anything
/// but a regular file — a directory, a device, a FIFO, a socket — is refused untouched,
/// never opened, written through or moved aside.
fn resolved(path: PathBuf) -> Result<PathBuf, LibraryError> {
    use std::os::unix::fs::FileTypeExt;
    let path = match std::fs::read_link(&path) {
        // A link to nothing yet: the library is made where it leads.
        Ok(target) => match std::fs::canonicalize(&path) {
            Ok(real) => real,
            Err(_) => path
                .parent()
                .map_or(target.clone(), |dir| dir.join(&target)),
        },
        Err(_) => path,
    };
    let Ok(meta) = std::fs::metadata(&path) else {
        return Ok(path);
    };
    let kind = meta.file_type();
    let what = if kind.is_file() {
        return Ok(path);
    } else if kind.is_dir() {
        "a directory"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    };
    Err(LibraryError::NotAFile { path, what })
}

/// Every [`Library`] opened gets its own number, so a thread's cached connection to one
/// file is never used for a file that replaced it at the same path.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// The library file, how long its page bodies count as fresh and how much they may take.
/// Clones share one running estimate of the bodies' size.
#[derive(Debug, Clone)]
pub struct Library {
    path: Arc<Path>,
    id: u64,
    max_age: Duration,
    max_size: u64,
    /// Bytes in page bodies, as far as this process knows: `None` until the first write
    /// asks the file, then that plus every write since (an overestimate when a write
    /// replaced a body, which only brings the next real count forward).
    usage: Arc<Mutex<Option<u64>>>,
    /// The search index's background catch-up, shared by clones.
    indexer: Arc<index::Indexer>,
    /// The folder of a library made for one session ([`Library::temporary`]): removed,
    /// with the file, when the last clone goes.
    #[allow(dead_code, reason = "held for its Drop, which removes the folder")]
    scratch: Option<Arc<tempfile::TempDir>>,
    /// What the first use must do before anything else ([`Library::prepared`]): a
    /// temporary library's tables, or those of one opened with [`Library::open_later`].
    unprepared: Option<Arc<Preparation>>,
}

/// What a library's first use does before anything else — make or migrate the file,
/// bring in the old page cache folder — so that whoever opened it need not wait for the
/// writing (the reader's first frame). Clones share it: every use waits for the first,
/// and has its outcome.
#[derive(Debug)]
struct Preparation {
    /// The file, its tables or a migration are still to be written ([`schema::make`]).
    make: bool,
    /// The old page cache folder to bring in, once made.
    old_cache: Option<PathBuf>,
    done: OnceLock<Result<(), LibraryError>>,
}

impl Preparation {
    fn new(make: bool, old_cache: Option<PathBuf>) -> Arc<Preparation> {
        Arc::new(Preparation {
            make,
            old_cache,
            done: OnceLock::new(),
        })
    }
}

impl Library {
    /// Opens the library at `path`, creating it (and its folder) when there is none,
    /// migrating an older one, and moving aside a file that is not a library. Blocks on
    /// file I/O: call it off the event loop.
    pub fn open(path: impl Into<PathBuf>, max_age: Duration) -> Result<Opened, LibraryError> {
        let path = resolved(path.into())?;
        let prepared = schema::prepare(&path)?;
        let library = Library::at(path.into(), max_age, None);
        Ok(Opened {
            library,
            created: prepared.created,
            set_aside: prepared.set_aside,
        })
    }

    /// Opens the library at `path` without writing it yet, for a program that must not
    /// wait for that (the reader's first frame). What is there is looked at now, reading
    /// its header only: a newer program's file is refused untouched
    /// ([`LibraryError::TooNew`]), a damaged or foreign one moved aside. Making the file
    /// (a dozen `fsync`s: 60-110 ms on a busy disk) or migrating it, then bringing in the
    /// old page cache folder `old_cache`, is left to the first use, on whatever thread
    /// makes it ([`Library::prepare`] does it on purpose); if that fails, the first use
    /// and every later one answer the failure.
    pub fn open_later(
        path: impl Into<PathBuf>,
        max_age: Duration,
        old_cache: Option<PathBuf>,
    ) -> Result<Opened, LibraryError> {
        let path = resolved(path.into())?;
        let survey = schema::survey(&path, SCHEMA_VERSION)?;
        let unprepared = (!survey.ready || old_cache.is_some())
            .then(|| Preparation::new(!survey.ready, old_cache));
        let library = Library::at(path.into(), max_age, unprepared);
        Ok(Opened {
            library,
            created: survey.created,
            set_aside: survey.set_aside,
        })
    }

    /// A new, empty library for this session only (the demo's): a file in a temporary
    /// folder of its own, removed when the last clone of the library is dropped, so
    /// nothing of it reaches the person's library. A file rather than SQLite's `:memory:`,
    /// because every thread opens its own connection and a memory database is one
    /// connection's. Only the folder is made here (a `mkdir`): the file and its tables
    /// are made by the first use, off the event loop — creating them is a dozen `fsync`s,
    /// tens of milliseconds on a busy disk, which the demo's first frame must not wait for.
    pub fn temporary(max_age: Duration) -> Result<Library, LibraryError> {
        let dir = tempfile::Builder::new()
            .prefix("douyin-threads-session-")
            .tempdir()
            .map_err(|err| LibraryError::Failed {
                path: std::env::temp_dir(),
                detail: err.to_string(),
            })?;
        let path: Arc<Path> = dir.path().join(FILE_NAME).into();
        Ok(Library {
            scratch: Some(Arc::new(dir)),
            ..Library::at(path, max_age, Some(Preparation::new(true, None)))
        })
    }

    /// A handle on the file at `path`, with its own id and the default size limit.
    fn at(path: Arc<Path>, max_age: Duration, unprepared: Option<Arc<Preparation>>) -> Library {
        Library {
            path,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            max_age,
            max_size: DEFAULT_MAX_SIZE,
            usage: Arc::new(Mutex::new(None)),
            indexer: Arc::default(),
            scratch: None,
            unprepared,
        }
    }

    /// Does what the first use of a library made by [`Library::temporary`] or
    /// [`Library::open_later`] must do first (every use waits for that first one, and
    /// answers its failure).
    fn prepared(&self) -> Result<(), LibraryError> {
        let Some(preparation) = &self.unprepared else {
            return Ok(());
        };
        preparation
            .done
            .get_or_init(|| {
                if preparation.make {
                    schema::make(&self.path, SCHEMA_VERSION)?;
                }
                if let Some(dir) = &preparation.old_cache {
                    // Through a clone that does not wait for this preparation: it is made.
                    let made = Library {
                        unprepared: None,
                        ..self.clone()
                    };
                    match made.import_old_cache(dir) {
                        Ok(Some(imported)) => tracing::info!(?imported, "old page cache imported"),
                        Ok(None) => {}
                        Err(err) => tracing::warn!(error = %err, "old page cache not imported"),
                    }
                }
                Ok(())
            })
            .clone()
    }

    /// Makes the library ready now, if its first use has not already (see
    /// [`Library::open_later`]): blocks on file I/O. Its failure is every use's.
    pub fn prepare(&self) -> Result<(), LibraryError> {
        self.prepared()
    }

    /// Whether the first use still has work to do before it (see [`Library::open_later`]).
    pub fn is_prepared(&self) -> bool {
        self.unprepared
            .as_ref()
            .is_none_or(|preparation| preparation.done.get().is_some())
    }

    /// The same library with room for at most `bytes` of page bodies.
    pub fn with_max_size(mut self, bytes: u64) -> Library {
        self.max_size = bytes;
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The size limit on page bodies, in bytes.
    pub fn max_size(&self) -> u64 {
        self.max_size
    }

    /// Whether a page fetched at `fetched_at` is young enough to serve instead of paying
    /// again.
    pub fn is_fresh(&self, fetched_at: i64, now: i64) -> bool {
        let age = now.saturating_sub(fetched_at);
        age >= 0 && (age as u64) < self.max_age.as_secs()
    }

    /// The answer, whatever its age, if its body is stored and decodes; a hit counts as a
    /// use for the size limit. A body that no longer decodes is removed (its items stay)
    /// so the next successful fetch replaces it.
    pub fn get(&self, host: &str, call: &Call) -> Option<Cached> {
        match self.read_page(host, call) {
            Ok(hit) => hit,
            Err(err) => {
                tracing::warn!(%call, error = %err, "could not read the library");
                None
            }
        }
    }

    /// The answer if it is fresh at `now` (a share link's always is).
    pub fn get_fresh(&self, host: &str, call: &Call, now: i64) -> Option<Cached> {
        self.get(host, call)
            .filter(|entry| call.never_expires() || self.is_fresh(entry.fetched_at, now))
    }

    /// Stores a successful answer: its body and every item it carries, in one
    /// transaction, then evicts the least recently used bodies if the limit is passed.
    /// Only call it for code-0 bodies; the body must have passed the token check.
    pub fn put(
        &self,
        host: &str,
        call: &Call,
        body: &CheckedBody,
        now: i64,
    ) -> Result<(), LibraryError> {
        self.write_page(host, call, body.as_bytes(), None, now)
    }

    /// [`Library::put`] for an answer already decoded: `payload` must be what `body`
    /// decodes to (the client hands both over from one answer), so it is not decoded again.
    pub fn put_decoded(
        &self,
        host: &str,
        call: &Call,
        body: &CheckedBody,
        payload: &crate::api::Payload,
        now: i64,
    ) -> Result<(), LibraryError> {
        self.write_page(host, call, body.as_bytes(), Some(payload), now)
    }
}

impl Library {
    /// The video a share link leads to, as a lookup kept in the library found it (from
    /// any server), newest first; `None` when the library has no record of the link (it
    /// was never resolved here, or its body was evicted). Sends nothing.
    pub fn shared_video(&self, url: &str) -> Result<Option<crate::ids::VideoId>, LibraryError> {
        let code = store::PageKey::of(
            "",
            &Call::Share {
                url: url.to_owned(),
            },
        )
        .key;
        let bodies: Vec<(Vec<u8>, Option<String>)> = self.with_connection(|conn| {
            conn.prepare(
                "SELECT body, encoding FROM pages WHERE kind = 'share' AND key = ?1
                 ORDER BY fetched_at DESC",
            )?
            .query_map([code], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect()
        })?;
        Ok(bodies
            .into_iter()
            .filter_map(|(stored, encoding)| store::unpack(encoding.as_deref(), stored))
            .find_map(|body| match store::decode("share", &body)? {
                crate::api::Payload::Video(video) => Some(video),
                _ => None,
            }))
    }
}

/// The unix time in milliseconds, for "last used" order (finer than the second so that
/// two uses in one second keep their order).
fn now_millis() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

#[cfg(test)]
mod tests;
