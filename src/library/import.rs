//! The old page cache folder, brought in once: every whole entry becomes a page body with
//! its items, in one transaction, with no request. Only after that transaction committed
//! are the entry files removed (then their folders, once empty); anything else in the
//! folder (logs, a person's own files, a writer's temporary file) stays.

use super::store::{PageKey, decode};
use super::{Library, LibraryError};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Deserialize;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The folders the old cache wrote entries in, and the kind of call each holds.
const ENTRY_FOLDERS: [(&str, &str); 4] = [
    ("pages", "replies"),
    ("comments", "comments"),
    ("share", "share"),
    ("profiles", "profiles"),
];
/// Deeper than the old layout (`folder/host/id/page.json`) ever went.
const MAX_DEPTH: usize = 6;
/// The `meta` key that says the import was done (its value: the folder).
const IMPORTED_KEY: &str = "cache_imported_from";

/// What an import brought in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Imported {
    /// Page bodies now in the library.
    pub pages: u64,
    /// Entry files that did not read as a whole entry (left where they were).
    pub skipped: u64,
    /// Entry files removed after the import committed.
    pub removed: u64,
}

/// The first line of an old entry.
#[derive(Deserialize)]
struct Header {
    version: u32,
    fetched_at: i64,
    host: String,
    #[serde(default)]
    kind: String,
    #[serde(alias = "comment_id")]
    id: String,
    page: u32,
}

struct Entry {
    path: PathBuf,
    key: PageKey,
    body: Vec<u8>,
    payload: crate::api::Payload,
    fetched_at: i64,
    used_at: i64,
}

impl Library {
    /// Imports the old cache folder at `dir` if this library never did: `None` when it
    /// already had (or there is no folder), else what it brought in.
    pub fn import_old_cache(&self, dir: &Path) -> Result<Option<Imported>, LibraryError> {
        let done: Option<String> = self.with_connection(|conn| {
            conn.query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [IMPORTED_KEY],
                |r| r.get(0),
            )
            .optional()
        })?;
        if done.is_some() || !dir.is_dir() {
            return Ok(None);
        }
        let mut imported = Imported::default();
        let mut entries = Vec::new();
        for (folder, kind) in ENTRY_FOLDERS {
            let top = dir.join(folder);
            // The folder itself must be a real directory, not a link out of the cache.
            if fs::symlink_metadata(&top).is_ok_and(|m| m.is_dir()) {
                let mut files = Vec::new();
                walk(&top, 0, &mut files);
                for path in files {
                    match read_entry(&path, kind) {
                        Some(entry) => entries.push(entry),
                        None => imported.skipped += 1,
                    }
                }
            }
        }
        let bodies: Vec<PathBuf> = self.with_connection(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut written = Vec::new();
            for entry in entries {
                Library::write_imported(
                    &tx,
                    &entry.key,
                    &entry.body,
                    &entry.payload,
                    entry.fetched_at,
                    entry.used_at,
                )?;
                written.push(entry.path);
            }
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                params![IMPORTED_KEY, dir.display().to_string()],
            )?;
            tx.commit()?;
            Ok(written)
        })?;
        imported.pages = bodies.len() as u64;
        if !bodies.is_empty() {
            self.items_written();
        }
        for path in &bodies {
            if fs::remove_file(path).is_ok() {
                imported.removed += 1;
            }
        }
        for (folder, _) in ENTRY_FOLDERS {
            remove_empty_dirs(&dir.join(folder), 0);
        }
        *self
            .usage
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
        Ok(Some(imported))
    }
}

/// The `*.json` files below `dir`, reached without following a link.
fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(items) = fs::read_dir(dir) else {
        return;
    };
    for item in items.flatten() {
        let Ok(file_type) = item.file_type() else {
            continue;
        };
        let path = item.path();
        let name = item.file_name();
        let name = name.to_string_lossy();
        if file_type.is_dir() && depth < MAX_DEPTH {
            walk(&path, depth + 1, out);
        } else if file_type.is_file() && name.ends_with(".json") && !name.starts_with(".tmp-") {
            out.push(path);
        }
    }
}

/// An entry whose header matches the kind of folder it is in, with its last use (the
/// file's modification time, which the old cache set on every hit).
fn read_entry(path: &Path, kind: &'static str) -> Option<Entry> {
    let bytes = fs::read(path).ok()?;
    let newline = bytes.iter().position(|b| *b == b'\n')?;
    let header: Header = serde_json::from_slice(&bytes[..newline]).ok()?;
    let kind_matches = header.kind == kind || (header.kind.is_empty() && kind == "replies");
    if header.version != 1 || !kind_matches {
        return None;
    }
    let used_at = fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(header.fetched_at * 1000, |d| d.as_millis() as i64);
    let body = bytes[newline + 1..].to_vec();
    let payload = decode(kind, &body)?;
    Some(Entry {
        path: path.to_path_buf(),
        key: PageKey {
            host: header.host,
            kind,
            key: header.id,
            page: header.page,
        },
        body,
        payload,
        fetched_at: header.fetched_at,
        used_at,
    })
}

/// Removes `dir` and the folders below it that are empty, deepest first.
fn remove_empty_dirs(dir: &Path, depth: usize) {
    if depth > MAX_DEPTH || !fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        return;
    }
    if let Ok(items) = fs::read_dir(dir) {
        for item in items.flatten() {
            if item.file_type().is_ok_and(|t| t.is_dir()) {
                remove_empty_dirs(&item.path(), depth + 1);
            }
        }
    }
    let _ = fs::remove_dir(dir);
}
