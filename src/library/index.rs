//! The search index, built off the page write.
//!
//! Tokenizing an item into trigrams costs more than writing the item itself, and most of
//! it is per item, not per transaction: done inside each page's transaction it made the
//! write several times slower. So a page's transaction writes its body and its items only,
//! and the index catches up afterwards, in large transactions, on a thread of its own that
//! waits for a quiet moment between writes (or now, through [`Library::index_pending`]);
//! during a long burst of writes it stops waiting once 20,000 items are behind.
//!
//! `meta.fts_indexed_to` is the highest `items.id` the index covers. Ids only grow (a
//! forgotten list lowers the mark when it removed the highest ids), so the items above the
//! mark are exactly the ones not indexed yet, and search reads them directly: no hit is
//! missed while the index lags. An item already indexed whose text changes is re-indexed
//! in the page's own transaction.

use super::connection;
use super::store::folded;
use super::{Library, LibraryError};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Transaction, TransactionBehavior, params};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, Weak};
use std::time::{Duration, Instant};

/// The `meta` key holding the highest indexed `items.id`.
pub(super) const INDEXED_TO_KEY: &str = "fts_indexed_to";

/// The mark, as an SQL expression (0 when the key is missing).
pub(super) const INDEXED_TO: &str =
    "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts_indexed_to'), 0)";

/// The SQL function that folds text as search compares it (`text::fold_char`), so that
/// the index and the scans of the not-yet-indexed items see the same characters. Defined
/// on the program's own connections only: nothing stored in the file depends on it.
pub(super) const FOLD_FUNCTION: &str = "douyin_fold";

/// Items indexed in one transaction: large enough that the per-transaction cost vanishes,
/// small enough that a page write waiting for the lock waits a few tens of milliseconds.
const CHUNK: usize = 2_000;

/// How long writes must have paused before the background indexer takes the lock.
const QUIET: Duration = Duration::from_millis(100);

/// Past this many items not indexed, the background indexer stops waiting for a pause: each
/// search reads those items one by one, and this keeps that to a few milliseconds (writes
/// then wait for one chunk at a time).
const MAX_BEHIND: i64 = 20_000;

/// How long the background thread waits for work before it looks whether the library
/// it serves is still open.
const IDLE: Duration = Duration::from_secs(1);

pub(super) fn register_fold(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        FOLD_FUNCTION,
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                ValueRef::Text(bytes) => Some(folded(&String::from_utf8_lossy(bytes))),
                ValueRef::Null => None,
                // Another program's number or blob where text belongs: compared as text.
                other => Some(folded(&match other {
                    ValueRef::Integer(n) => n.to_string(),
                    ValueRef::Real(x) => x.to_string(),
                    ValueRef::Blob(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                    _ => String::new(),
                })),
            })
        },
    )
}

/// The highest indexed `items.id`, read in the caller's transaction.
pub(super) fn indexed_to(tx: &Transaction<'_>) -> rusqlite::Result<i64> {
    tx.prepare_cached(&format!("SELECT {INDEXED_TO}"))?
        .query_row([], |r| r.get(0))
}

/// Puts item `id` (already indexed once) in the index again with its new text.
pub(super) fn reindex(
    tx: &Transaction<'_>,
    id: i64,
    text: &str,
    nickname: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM items_fts WHERE rowid = ?1")?
        .execute([id])?;
    tx.prepare_cached("INSERT INTO items_fts (rowid, text, nickname) VALUES (?1, ?2, ?3)")?
        .execute(params![id, folded(text), folded(nickname)])?;
    Ok(())
}

/// Removes from the index the items of list `list` (about to be deleted), and lowers the
/// mark if they held the highest ids, so that ids used again are indexed again.
pub(super) fn forget_list(tx: &Transaction<'_>, list: i64) -> rusqlite::Result<()> {
    tx.execute(
        &format!(
            "DELETE FROM items_fts WHERE rowid IN
                 (SELECT id FROM items WHERE list_id = ?1 AND id <= {INDEXED_TO})"
        ),
        [list],
    )?;
    Ok(())
}

/// After the items were deleted: the mark never above the highest id left.
pub(super) fn lower_mark(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute(
        &format!(
            "UPDATE meta SET value = CAST(coalesce((SELECT max(id) FROM items), 0) AS TEXT)
             WHERE key = '{INDEXED_TO_KEY}'
               AND CAST(value AS INTEGER) > coalesce((SELECT max(id) FROM items), 0)"
        ),
        [],
    )?;
    Ok(())
}

/// About how many items are not indexed yet (ids are given in order; forgotten lists
/// leave gaps, so this may count a few too many).
fn behind_by(conn: &Connection) -> rusqlite::Result<i64> {
    conn.prepare_cached(&format!(
        "SELECT coalesce((SELECT max(id) FROM items), 0) - {INDEXED_TO}"
    ))?
    .query_row([], |r| r.get(0))
}

/// Whether some items are not indexed yet.
pub(super) fn behind(conn: &Connection) -> rusqlite::Result<bool> {
    conn.prepare_cached(&format!(
        "SELECT EXISTS (SELECT 1 FROM items WHERE id > {INDEXED_TO})"
    ))?
    .query_row([], |r| r.get(0))
}

/// Indexes up to `limit` of the items not indexed yet, the oldest first, in one
/// transaction. Answers how many.
fn index_chunk(conn: &mut Connection, limit: usize) -> rusqlite::Result<usize> {
    if !behind(conn)? {
        // Nothing to do: no write lock taken.
        return Ok(0);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let from = indexed_to(&tx)?;
    let last: Option<i64> = tx
        .prepare_cached(
            "SELECT max(id) FROM (SELECT id FROM items WHERE id > ?1 ORDER BY id LIMIT ?2)",
        )?
        .query_row(params![from, limit as i64], |r| r.get(0))?;
    let Some(last) = last else {
        return Ok(0);
    };
    let indexed = tx
        .prepare_cached(&format!(
            "INSERT INTO items_fts (rowid, text, nickname)
             SELECT id, {FOLD_FUNCTION}(text), {FOLD_FUNCTION}(nickname) FROM items
             WHERE id > ?1 AND id <= ?2"
        ))?
        .execute(params![from, last])?;
    tx.prepare_cached(&format!(
        "INSERT INTO meta (key, value) VALUES ('{INDEXED_TO_KEY}', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    ))?
    .execute([last.to_string()])?;
    tx.commit()?;
    Ok(indexed)
}

/// The background indexer a library and its clones share: started by the first write,
/// ended when the last clone is dropped.
#[derive(Debug, Default)]
pub(super) struct Indexer {
    state: Mutex<State>,
    wake: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// The thread is running.
    running: bool,
    /// Items may be waiting to be indexed.
    pending: bool,
    /// When a page write last started or ended.
    last_write: Option<Instant>,
    /// Never start the thread: the index catches up through `index_pending` only.
    manual: bool,
}

impl Indexer {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Library {
    /// A page write is starting: the background indexer waits for it.
    pub(super) fn writing(&self) {
        self.indexer.state().last_write = Some(Instant::now());
    }

    /// A write committed items: the background indexer picks them up once writes pause.
    pub(super) fn items_written(&self) {
        let mut state = self.indexer.state();
        state.pending = true;
        state.last_write = Some(Instant::now());
        self.start_indexer(&mut state);
    }

    /// Some items were found not indexed (by a search): the background indexer catches up.
    pub(super) fn catch_up(&self) {
        let mut state = self.indexer.state();
        state.pending = true;
        self.start_indexer(&mut state);
    }

    fn start_indexer(&self, state: &mut State) {
        if !state.running && !state.manual {
            let indexer = Arc::downgrade(&self.indexer);
            let path = self.path.clone();
            let spawned = std::thread::Builder::new()
                .name("library-index".into())
                .spawn(move || run(indexer, &path));
            match spawned {
                Ok(_) => state.running = true,
                Err(err) => tracing::warn!(error = %err, "the library's indexer did not start"),
            }
        }
        self.indexer.wake.notify_one();
    }

    /// The same library, whose index catches up only when [`Library::index_pending`] is
    /// called (for measurements of the lag, and tests of it): no background thread.
    pub fn with_manual_index(self) -> Library {
        self.indexer.state().manual = true;
        self
    }

    /// Indexes every item not indexed yet, now, on this thread (the background indexer
    /// would get to them at the next pause). Answers how many.
    pub fn index_pending(&self) -> Result<u64, LibraryError> {
        let mut total = 0;
        loop {
            let indexed = self.with_connection(|conn| index_chunk(conn, CHUNK))?;
            if indexed == 0 {
                return Ok(total);
            }
            total += indexed as u64;
        }
    }

    /// How many items are not indexed yet (search reads them directly).
    pub fn unindexed(&self) -> Result<u64, LibraryError> {
        self.with_connection(|conn| {
            conn.query_row(
                &format!("SELECT count(*) FROM items WHERE id > {INDEXED_TO}"),
                [],
                |r| r.get::<_, i64>(0).map(|n| n as u64),
            )
        })
    }
}

/// The background indexer's thread: waits for work, waits for writes to pause, indexes a
/// chunk, and so on; ends when the library is no longer open.
fn run(indexer: Weak<Indexer>, path: &Path) {
    let mut conn: Option<Connection> = None;
    loop {
        let Some(shared) = indexer.upgrade() else {
            return;
        };
        let mut state = shared.state();
        if state.manual {
            state.running = false;
            return;
        }
        if !state.pending {
            state = shared
                .wake
                .wait_timeout(state, IDLE)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
            if !state.pending || state.manual {
                continue;
            }
        }
        let busy = state
            .last_write
            .map(|at| at.elapsed())
            .filter(|&since| since < QUIET);
        drop(state);
        let connection = match conn.as_mut() {
            Some(conn) => conn,
            None => match connection::open(path) {
                Ok(opened) => conn.insert(opened),
                Err(err) => {
                    tracing::debug!(error = %err, "the library's indexer could not open it");
                    shared.state().pending = false;
                    continue;
                }
            },
        };
        if let Some(since) = busy
            && behind_by(connection).is_ok_and(|n| n < MAX_BEHIND)
        {
            drop(shared);
            std::thread::sleep(QUIET - since);
            continue;
        }
        shared.state().pending = false;
        match index_chunk(connection, CHUNK) {
            // There may be more.
            Ok(indexed) if indexed > 0 => shared.state().pending = true,
            Ok(_) => {}
            Err(err) => {
                // Read-only, full, locked: the items stay readable by scan; the next write
                // tries again.
                tracing::debug!(error = %err, "the library's indexer stopped");
                conn = None;
            }
        }
    }
}
