//! The size limit. After a write takes the entries over the limit, the least recently used
//! ones go — oldest modification time first, since a hit sets it to now — until they take
//! at most 90% of it, so the next few writes do not each pay for a scan. The entry just
//! written stays even if it alone is over the target.
//!
//! Only entry files count and only they are removed: `*.json` in the folders the cache
//! writes, reached without following a symlink (a link below the root may point anywhere),
//! never a `.tmp-` file, which a writer may be filling right now.

use super::{ENTRY_FOLDERS, PageCache, TEMP_PREFIX};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::PoisonError;
use std::time::SystemTime;

/// Deeper than the layout (`folder/host/id/page.json`) ever goes.
const MAX_DEPTH: usize = 6;

/// What a walk of the entry folders found.
#[derive(Debug)]
pub(super) struct Found {
    /// The entry folder it is in: "pages", "comments", "share" or "profiles".
    pub folder: &'static str,
    pub path: PathBuf,
    pub len: u64,
    pub modified: SystemTime,
    pub kind: FoundKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FoundKind {
    /// A whole entry the cache wrote.
    Entry,
    /// A writer's temporary file: in progress, or left by a crash.
    Temp,
    /// Anything else (another file, a symlink): not the cache's.
    Foreign,
}

/// Everything below the entry folders that is not a directory, and the directories
/// themselves deepest first (so removing them in that order empties a tree bottom-up).
/// Unreadable parts are skipped: the limit is best effort, and a folder that cannot be
/// read cannot be filled either.
pub(super) fn walk(root: &Path) -> (Vec<Found>, Vec<PathBuf>) {
    let mut found = Vec::new();
    let mut dirs = Vec::new();
    for folder in ENTRY_FOLDERS {
        let top = root.join(folder);
        // The entry folder itself must be a real directory, not a link out of the root.
        if fs::symlink_metadata(&top).is_ok_and(|m| m.is_dir()) {
            walk_dir(folder, &top, 0, &mut found, &mut dirs);
        }
    }
    (found, dirs)
}

fn walk_dir(
    folder: &'static str,
    dir: &Path,
    depth: usize,
    found: &mut Vec<Found>,
    dirs: &mut Vec<PathBuf>,
) {
    let Ok(items) = fs::read_dir(dir) else {
        return;
    };
    for item in items.flatten() {
        // `DirEntry::file_type` and `metadata` describe a symlink itself, not its target.
        let Ok(file_type) = item.file_type() else {
            continue;
        };
        let path = item.path();
        if file_type.is_dir() {
            if depth < MAX_DEPTH {
                walk_dir(folder, &path, depth + 1, found, dirs);
            }
            continue;
        }
        let Ok(meta) = item.metadata() else {
            continue;
        };
        let name = item.file_name();
        let name = name.to_string_lossy();
        let kind = if !file_type.is_file() {
            FoundKind::Foreign
        } else if name.starts_with(TEMP_PREFIX) {
            FoundKind::Temp
        } else if name.ends_with(".json") {
            FoundKind::Entry
        } else {
            FoundKind::Foreign
        };
        found.push(Found {
            folder,
            path,
            len: meta.len(),
            modified: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            kind,
        });
    }
    dirs.push(dir.to_path_buf());
}

/// The entry files below `root`.
pub(super) fn entries(root: &Path) -> Vec<Found> {
    let (found, _) = walk(root);
    found
        .into_iter()
        .filter(|f| f.kind == FoundKind::Entry)
        .collect()
}

/// Counts a hit as a use: the entry's modification time becomes now, so it is among the
/// last to go. Failing to (a read-only cache) only makes it go sooner.
pub(super) fn mark_used(path: &Path) {
    let touched = fs::File::options()
        .write(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()));
    if let Err(err) = touched {
        tracing::debug!(path = %path.display(), error = %err, "could not mark a cache entry used");
    }
}

/// Removes entries, least recently used first, until at most `target` bytes remain,
/// never `keep`. Answers the bytes left.
fn evict(mut entries: Vec<Found>, target: u64, keep: &Path) -> u64 {
    let mut total: u64 = entries.iter().map(|e| e.len).sum();
    entries.sort_by(|a, b| a.modified.cmp(&b.modified).then(a.path.cmp(&b.path)));
    let mut removed = 0usize;
    for entry in entries {
        if total <= target {
            break;
        }
        if entry.path == keep {
            continue;
        }
        match fs::remove_file(&entry.path) {
            Ok(()) => {
                total -= entry.len;
                removed += 1;
            }
            // Someone else removed it: it no longer counts either.
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => total -= entry.len,
            Err(err) => {
                tracing::warn!(path = %entry.path.display(), error = %err, "could not evict a cache entry");
            }
        }
    }
    tracing::info!(
        removed,
        left = total,
        target,
        "cache over its size limit: least recently used entries removed"
    );
    total
}

impl PageCache {
    /// The size limit in bytes.
    pub fn max_size(&self) -> u64 {
        self.max_size
    }

    /// Keeps the size estimate up to date after `path` was written, and evicts when it
    /// goes over the limit. The estimate comes from one scan on the first write, so a
    /// write costs a scan only then and when the limit looks exceeded.
    pub(super) fn after_write(&self, path: &Path) {
        let written = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let mut usage = self.usage.lock().unwrap_or_else(PoisonError::into_inner);
        let estimate = match *usage {
            Some(total) => total.saturating_add(written),
            None => size_of(&entries(&self.root)),
        };
        if estimate <= self.max_size {
            *usage = Some(estimate);
            return;
        }
        // The estimate may be high (a write that replaced an entry counted in full): look.
        let entries = entries(&self.root);
        let actual = size_of(&entries);
        *usage = Some(if actual <= self.max_size {
            actual
        } else {
            evict(entries, self.max_size - self.max_size / 10, path)
        });
    }
}

pub(super) fn size_of(found: &[Found]) -> u64 {
    found.iter().map(|f| f.len).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Call;
    use std::time::Duration;

    const HOST: &str = "api.justoneapi.com";
    const NOW: i64 = 1_700_000_000;

    /// The `n`th entry of these tests: pages 11 to 99, so that every header is as long
    /// and entries with the same body have the same size.
    fn page(n: u32) -> Call {
        Call::Replies {
            comment: crate::CommentId::parse("7251524159191958327").unwrap(),
            page: 10 + n,
        }
    }

    /// A storable body of about `len` bytes (one that passed the token check).
    fn body(len: usize) -> crate::api::CheckedBody {
        let text = "x".repeat(len.saturating_sub(80));
        let body = format!(
            r#"{{"code":0,"data":{{"comments":[{{"cid":"1","text":"{text}"}}],"has_more":1}}}}"#
        );
        crate::api::Token::new("test-token")
            .unwrap()
            .check(body.into_bytes())
            .unwrap()
    }

    /// Sets an entry's last use to `seconds_ago`.
    fn used_ago(cache: &PageCache, call: &Call, seconds_ago: u64) {
        let at = SystemTime::now() - Duration::from_secs(seconds_ago);
        fs::File::options()
            .write(true)
            .open(cache.path(HOST, call))
            .unwrap()
            .set_modified(at)
            .unwrap();
    }

    fn present(cache: &PageCache, pages: impl IntoIterator<Item = u32>) -> Vec<u32> {
        pages
            .into_iter()
            .filter(|&n| cache.path(HOST, &page(n)).exists())
            .collect()
    }

    /// Ten entries of about 1 KB each, the first used longest ago, the tenth most recently,
    /// in a cache with no practical limit. Answers the size of one entry.
    fn ten_pages(dir: &Path) -> (PageCache, u64) {
        let cache = PageCache::new(dir, Duration::from_secs(3600)).with_max_size(u64::MAX);
        for n in 1..=10 {
            cache.put(HOST, &page(n), &body(1_000), NOW).unwrap();
        }
        for n in 1..=10 {
            used_ago(&cache, &page(n), 1_000 - u64::from(n) * 10);
        }
        let one = fs::metadata(cache.path(HOST, &page(1))).unwrap().len();
        (cache, one)
    }

    #[test]
    fn a_cache_under_its_limit_keeps_everything() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, one) = ten_pages(dir.path());
        let cache = cache.with_max_size(1_000_000);
        cache.put(HOST, &page(11), &body(1_000), NOW).unwrap();
        assert_eq!(present(&cache, 1..=11).len(), 11);
        assert_eq!(*cache.usage.lock().unwrap(), Some(11 * one));
    }

    #[test]
    fn the_least_recently_used_entries_go_first() {
        let dir = tempfile::tempdir().unwrap();
        // Room for ten entries and a bit: the eleventh write goes over.
        let (cache, one) = ten_pages(dir.path());
        let cache = cache.with_max_size(10 * one + one / 2);
        cache.put(HOST, &page(11), &body(1_000), NOW).unwrap();
        // 90% of 10.5 entries is 9.45: two of the eleven go, the two used longest ago.
        assert_eq!(present(&cache, 1..=11), [3, 4, 5, 6, 7, 8, 9, 10, 11]);
    }

    #[test]
    fn a_recently_read_old_entry_survives() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, one) = ten_pages(dir.path());
        let cache = cache.with_max_size(10 * one + one / 2);
        // Page 1 was written first and is the oldest, but reading it makes it the newest.
        assert!(cache.get(HOST, &page(1)).is_some());
        cache.put(HOST, &page(11), &body(1_000), NOW).unwrap();
        assert_eq!(present(&cache, 1..=11), [1, 4, 5, 6, 7, 8, 9, 10, 11]);
    }

    #[test]
    fn eviction_stops_at_ninety_percent_of_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, one) = ten_pages(dir.path());
        let max = 10 * one;
        let cache = cache.with_max_size(max);
        cache.put(HOST, &page(11), &body(1_000), NOW).unwrap();
        let left = size_of(&entries(dir.path()));
        assert!(left <= max - max / 10, "{left} of {max}");
        assert!(
            left + one > max - max / 10,
            "no more than needed: {left} of {max}"
        );
        assert_eq!(present(&cache, 1..=11), [3, 4, 5, 6, 7, 8, 9, 10, 11]);
        assert_eq!(*cache.usage.lock().unwrap(), Some(left));
    }

    #[test]
    fn a_hit_marks_the_entry_used_now() {
        let dir = tempfile::tempdir().unwrap();
        let cache = PageCache::new(dir.path(), Duration::from_secs(3600));
        cache.put(HOST, &page(1), &body(100), NOW).unwrap();
        used_ago(&cache, &page(1), 3_600);
        let modified = || {
            fs::metadata(cache.path(HOST, &page(1)))
                .unwrap()
                .modified()
                .unwrap()
        };
        let before = modified();
        assert!(cache.get(HOST, &page(1)).is_some());
        let after = modified();
        assert!(
            after.duration_since(before).unwrap() >= Duration::from_secs(3_590),
            "{before:?} → {after:?}"
        );
        assert!(
            cache.get(HOST, &page(2)).is_none(),
            "a miss creates nothing"
        );
        assert!(!cache.path(HOST, &page(2)).exists());
    }

    #[test]
    fn temp_files_foreign_files_and_symlinks_are_never_evicted() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let precious = outside.path().join("precious.json");
        fs::write(&precious, vec![b'x'; 50_000]).unwrap();
        let (cache, _) = ten_pages(dir.path());
        let thread_dir = cache.path(HOST, &page(1)).parent().unwrap().to_owned();
        let writing = thread_dir.join(".tmp-writing-now.json");
        fs::write(&writing, vec![b'x'; 50_000]).unwrap();
        let notes = thread_dir.join("notes.txt");
        fs::write(&notes, b"mine").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&precious, thread_dir.join("99.json")).unwrap();
            std::os::unix::fs::symlink(outside.path(), dir.path().join("profiles")).unwrap();
        }
        let cache = cache.with_max_size(1_000);
        cache.put(HOST, &page(11), &body(1_000), NOW).unwrap();
        assert_eq!(
            present(&cache, 1..=11),
            [11],
            "only the newest entry is left"
        );
        assert!(writing.exists() && notes.exists() && precious.exists());
    }
}
