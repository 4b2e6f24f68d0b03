//! One connection per thread: SQLite connections are not shared between threads here, and
//! opening one per call would cost more than most writes. A thread keeps a connection to
//! each of the last few libraries it used; the blocking pool reuses its threads, so the
//! reader's writes mostly find theirs open.

use super::{Library, LibraryError};
use rusqlite::{Connection, ErrorCode, MAIN_DB, OpenFlags};
use std::cell::RefCell;
use std::path::Path;
use std::time::Duration;

/// How long a write waits for another program's write to finish before it gives up.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections a thread keeps open (to different libraries: tests open many).
const KEPT_PER_THREAD: usize = 4;

/// The page cache of each connection, in KiB (SQLite's default is 2,000). A rare word's
/// search reads each match's row for its time: the 1,000 matches of a word in 1 item in
/// 1,000 of a 1,000,000-item library are on about 1,000 pages of 4 KiB, twice the default
/// cache, so each search (its count, its next page of hits) read them all from the file
/// again: 1.7-7 ms a search depending on the machine's load, 0.9 ms with them kept. The
/// cache grows only as pages are read, and goes with the connection.
pub(super) const CACHE_KIB: u32 = 16_000;

thread_local! {
    static CONNECTIONS: RefCell<Vec<(u64, Connection)>> = const { RefCell::new(Vec::new()) };
}

/// Opens a connection the way every one here is set up: WAL (set once by `schema`),
/// a busy timeout, foreign keys on, `synchronous = NORMAL` (in WAL, a crash of the
/// program loses nothing committed; only a power cut can lose the last transactions),
/// and a page cache of [`CACHE_KIB`].
pub(super) fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure(&conn)?;
    Ok(conn)
}

pub(super) fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;
         PRAGMA temp_store = MEMORY;
         PRAGMA wal_autocheckpoint = 4000;
         PRAGMA cache_size = -{CACHE_KIB};"
    ))?;
    super::index::register_fold(conn)
}

impl Library {
    /// Runs `work` on this thread's connection to the library (opened on first use).
    pub(super) fn with_connection<T>(
        &self,
        work: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> Result<T, LibraryError> {
        // Taken out while in use, so `work` may use the library again without a borrow
        // conflict (it then opens a second connection, which is fine).
        let kept = CONNECTIONS.with(|cell| {
            let mut list = cell.borrow_mut();
            list.iter()
                .position(|(id, _)| *id == self.id)
                .map(|at| list.remove(at).1)
        });
        let mut conn = match kept {
            Some(conn) => conn,
            None => {
                self.prepared()?;
                open(&self.path).map_err(|err| self.error(err))?
            }
        };
        #[cfg(test)]
        full_disk::apply(self.id, &conn).map_err(|err| self.error(err))?;
        let result = work(&mut conn).map_err(|err| self.error(err));
        // A connection that could not write, or that SQLite opened read-only (it does so
        // with a file it may not write, and stays so), is not kept: the person may mend
        // the permissions or free space meanwhile, and the next use opens anew and sees
        // what is true then.
        let unwritable = match &result {
            Err(err) => err.write_failure() != super::WriteFailure::Other,
            Ok(_) => conn.is_readonly(MAIN_DB).unwrap_or(true),
        };
        if unwritable {
            return result;
        }
        CONNECTIONS.with(|cell| {
            let mut list = cell.borrow_mut();
            list.push((self.id, conn));
            if list.len() > KEPT_PER_THREAD {
                list.remove(0);
            }
        });
        result
    }

    /// An SQLite error as the fact it is about this library.
    pub(super) fn error(&self, err: rusqlite::Error) -> LibraryError {
        classify(&self.path, err)
    }
}

pub(super) fn classify(path: &Path, err: rusqlite::Error) -> LibraryError {
    let path = path.to_path_buf();
    let code = err.sqlite_error_code();
    match code {
        Some(ErrorCode::ReadOnly) | Some(ErrorCode::PermissionDenied) => LibraryError::ReadOnly {
            path,
            detail: err.to_string(),
        },
        Some(ErrorCode::CannotOpen) => LibraryError::ReadOnly {
            path,
            detail: err.to_string(),
        },
        Some(ErrorCode::DiskFull) => LibraryError::DiskFull { path },
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
            LibraryError::Busy { path }
        }
        _ => LibraryError::Failed {
            path,
            detail: err.to_string(),
        },
    }
}

/// A full disk, for tests: SQLite's `max_page_count` set to the file's size on every use
/// of a connection to a library marked full, so the next write that needs a page fails
/// with `SQLITE_FULL`, as on a full disk.
#[cfg(test)]
pub(crate) mod full_disk {
    use rusqlite::Connection;
    use std::collections::HashSet;
    use std::sync::Mutex;

    static FULL: Mutex<Option<HashSet<u64>>> = Mutex::new(None);

    pub fn set(library: u64, full: bool) {
        let mut set = FULL.lock().unwrap();
        let set = set.get_or_insert_with(HashSet::new);
        if full {
            set.insert(library);
        } else {
            set.remove(&library);
        }
    }

    pub fn apply(library: u64, conn: &Connection) -> rusqlite::Result<()> {
        let full = FULL
            .lock()
            .unwrap()
            .as_ref()
            .is_some_and(|set| set.contains(&library));
        // Lower than the file's size means "its size"; the highest SQLite allows, no limit.
        let pages: i64 = if full { 1 } else { 0xFFFF_FFFE };
        conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
    }

    impl super::Library {
        /// Makes the library behave as if its disk were full (`true`) or had room again.
        pub(crate) fn pretend_disk_full(&self, full: bool) {
            set(self.id, full);
        }
    }
}
