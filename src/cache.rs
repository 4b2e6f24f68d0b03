//! The on-disk page cache: every page the API answered with code 0, so no page is paid for
//! twice. One file per page, keyed by API host, comment ID and page number.
//!
//! A file holds one JSON header line (format version, fetch time, key) and then the
//! response body exactly as the service sent it; reading it back goes through the same
//! decoder (and sanitizer) as a fresh answer. The token is never part of either.
//! Writes go to a temporary file in the same directory and are renamed into place, so a
//! reader sees a whole entry or none; anything unreadable is a miss and gets replaced.

use crate::CommentId;
use crate::api::{Page, Reply, decode_replies};
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const FORMAT_VERSION: u32 = 1;
/// Temporary files start with this; one older than [`STALE_TEMP_AGE`] was left by a crash.
const TEMP_PREFIX: &str = ".tmp-";
const STALE_TEMP_AGE: Duration = Duration::from_secs(10 * 60);

/// A page read back from the cache.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedPage {
    pub page: Page<Reply>,
    /// Unix seconds when the API sent it.
    pub fetched_at: i64,
}

#[derive(Serialize, Deserialize)]
struct Header {
    version: u32,
    fetched_at: i64,
    host: String,
    comment_id: String,
    page: u32,
}

/// The cache directory and how long its pages count as fresh.
#[derive(Debug, Clone)]
pub struct PageCache {
    root: PathBuf,
    max_age: Duration,
}

impl PageCache {
    pub fn new(root: impl Into<PathBuf>, max_age: Duration) -> PageCache {
        PageCache {
            root: root.into(),
            max_age,
        }
    }

    /// Whether a page fetched at `fetched_at` is young enough to serve instead of paying again.
    pub fn is_fresh(&self, fetched_at: i64, now: i64) -> bool {
        let age = now.saturating_sub(fetched_at);
        age >= 0 && (age as u64) < self.max_age.as_secs()
    }

    /// The page, whatever its age, if a whole and readable entry exists. A damaged entry is
    /// removed so the next successful fetch replaces it.
    pub fn get(&self, host: &str, id: &CommentId, page: u32) -> Option<CachedPage> {
        let path = self.page_path(host, id, page);
        let bytes = fs::read(&path).ok()?;
        match parse_entry(&bytes, host, id, page) {
            Some(entry) => Some(entry),
            None => {
                tracing::warn!(comment_id = %id, page, "damaged cache entry removed");
                let _ = fs::remove_file(&path);
                None
            }
        }
    }

    /// The page if it is fresh at `now`.
    pub fn get_fresh(&self, host: &str, id: &CommentId, page: u32, now: i64) -> Option<CachedPage> {
        self.get(host, id, page)
            .filter(|entry| self.is_fresh(entry.fetched_at, now))
    }

    /// Stores a successful answer's body atomically. Only call it for code-0 bodies; errors
    /// are never cached.
    pub fn put(
        &self,
        host: &str,
        id: &CommentId,
        page: u32,
        body: &[u8],
        now: i64,
    ) -> io::Result<()> {
        let path = self.page_path(host, id, page);
        let dir = path.parent().unwrap_or(&self.root);
        fs::create_dir_all(dir)?;
        remove_stale_temps(dir);
        let header = Header {
            version: FORMAT_VERSION,
            fetched_at: now,
            host: host.to_owned(),
            comment_id: id.as_str().to_owned(),
            page,
        };
        let mut file = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempfile_in(dir)?;
        serde_json::to_writer(&mut file, &header)?;
        file.write_all(b"\n")?;
        file.write_all(body)?;
        file.as_file().sync_all()?;
        file.persist(&path).map_err(|e| e.error)?;
        Ok(())
    }

    fn page_path(&self, host: &str, id: &CommentId, page: u32) -> PathBuf {
        self.root
            .join("pages")
            .join(safe_segment(host))
            .join(id.as_str())
            .join(format!("{page}.json"))
    }
}

fn parse_entry(bytes: &[u8], host: &str, id: &CommentId, page: u32) -> Option<CachedPage> {
    let newline = bytes.iter().position(|b| *b == b'\n')?;
    let header: Header = serde_json::from_slice(&bytes[..newline]).ok()?;
    let matches = header.version == FORMAT_VERSION
        && header.host == host
        && header.comment_id == id.as_str()
        && header.page == page;
    if !matches {
        return None;
    }
    let page = decode_replies(&bytes[newline + 1..]).ok()?;
    Some(CachedPage {
        page,
        fetched_at: header.fetched_at,
    })
}

/// A host such as "127.0.0.1:8787" as one safe directory name.
fn safe_segment(host: &str) -> String {
    let cleaned: String = host
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    match cleaned.trim_matches('.') {
        "" => "_".to_owned(),
        s => s.to_owned(),
    }
}

/// Temporary files a crash left behind; young ones may belong to a writer right now.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let is_temp = entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX);
        let age = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok());
        if is_temp && age.is_some_and(|a| a > STALE_TEMP_AGE) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: &str = "api.justoneapi.com";
    const NOW: i64 = 1_700_000_000;
    const BODY: &[u8] =
        br#"{"code":0,"data":{"comments":[{"cid":"1","text":"hi"}],"has_more":1,"total":5}}"#;

    fn id() -> CommentId {
        CommentId::parse("7251524159191958327").unwrap()
    }

    fn cache(dir: &Path) -> PageCache {
        PageCache::new(dir, Duration::from_secs(24 * 3600))
    }

    #[test]
    fn a_stored_page_is_read_back_with_its_fetch_time() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path());
        assert_eq!(cache.get(HOST, &id(), 1), None, "miss before any put");
        cache.put(HOST, &id(), 1, BODY, NOW).unwrap();
        let hit = cache.get_fresh(HOST, &id(), 1, NOW + 60).unwrap();
        assert_eq!(hit.fetched_at, NOW);
        assert_eq!(&*hit.page.items[0].post.text, "hi");
        assert_eq!(
            cache.get(HOST, &id(), 2),
            None,
            "other pages are other entries"
        );
        assert_eq!(
            cache.get("127.0.0.1:8787", &id(), 1),
            None,
            "other hosts are other entries"
        );
    }

    #[test]
    fn pages_older_than_the_max_age_are_not_fresh() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path());
        cache.put(HOST, &id(), 1, BODY, NOW).unwrap();
        assert!(
            cache
                .get_fresh(HOST, &id(), 1, NOW + 24 * 3600 - 1)
                .is_some()
        );
        assert!(cache.get_fresh(HOST, &id(), 1, NOW + 24 * 3600).is_none());
        assert!(
            cache.get(HOST, &id(), 1).is_some(),
            "still there for --offline"
        );
    }

    #[test]
    fn a_corrupt_entry_is_a_miss_and_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path());
        cache.put(HOST, &id(), 1, BODY, NOW).unwrap();
        let path = cache.page_path(HOST, &id(), 1);
        let whole = fs::read(&path).unwrap();
        fs::write(&path, &whole[..whole.len() - 10]).unwrap();
        assert_eq!(cache.get(HOST, &id(), 1), None);
        assert!(!path.exists());
        fs::write(&path, b"garbage without a header").unwrap();
        assert_eq!(cache.get(HOST, &id(), 1), None);
        cache.put(HOST, &id(), 1, BODY, NOW).unwrap();
        assert!(
            cache.get(HOST, &id(), 1).is_some(),
            "replaced by the next fetch"
        );
    }

    #[test]
    fn stale_temp_files_are_ignored_and_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path());
        let thread_dir = cache.page_path(HOST, &id(), 1).parent().unwrap().to_owned();
        fs::create_dir_all(&thread_dir).unwrap();
        let stale = thread_dir.join(".tmp-crashed");
        fs::write(&stale, b"half a pa").unwrap();
        let old = SystemTime::now() - Duration::from_secs(3600);
        fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let fresh_temp = thread_dir.join(".tmp-writing-now");
        fs::write(&fresh_temp, b"").unwrap();
        assert_eq!(cache.get(HOST, &id(), 1), None);
        cache.put(HOST, &id(), 1, BODY, NOW).unwrap();
        assert!(!stale.exists(), "a crash's leftover is removed");
        assert!(
            fresh_temp.exists(),
            "a writer's file in progress is left alone"
        );
        assert!(cache.get(HOST, &id(), 1).is_some());
    }

    #[test]
    fn hosts_become_safe_directory_names() {
        assert_eq!(safe_segment("127.0.0.1:8787"), "127.0.0.1_8787");
        assert_eq!(safe_segment("../../etc"), "_.._etc");
        assert_eq!(safe_segment(".."), "_");
    }
}
