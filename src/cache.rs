//! The on-disk cache: every answer the API gave with code 0, so nothing is paid for twice.
//! One file per [`Call`], keyed by API host and the call (a page of replies, a page of a
//! video's comments, a share link). A share link always leads to the same video, so its
//! answer never expires; pages count as fresh for the configured maximum age.
//!
//! A file holds one JSON header line (format version, fetch time, key) and then the
//! response body exactly as the service sent it; reading it back goes through the same
//! decoder (and sanitizer) as a fresh answer. The token is never part of either.
//! Writes go to a temporary file in the same directory and are renamed into place, so a
//! reader sees a whole entry or none; anything unreadable is a miss and gets replaced.
//!
//! The cache has a size limit ([`DEFAULT_MAX_SIZE`], or `cache_max_size`): a write that
//! takes it over the limit removes the least recently used entries (see `limit`), and a
//! hit counts as a use. `admin` answers `douyin-threads cache` and `cache clear`.

pub mod admin;
mod limit;

use crate::api::{
    Call, CheckedBody, Payload, decode_comments, decode_profile, decode_replies, decode_share,
};
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// How much the cache may hold on disk when the config file does not say: 200 MB.
pub const DEFAULT_MAX_SIZE: u64 = 200_000_000;

const FORMAT_VERSION: u32 = 1;
/// Temporary files start with this; one older than [`STALE_TEMP_AGE`] was left by a crash.
const TEMP_PREFIX: &str = ".tmp-";
const STALE_TEMP_AGE: Duration = Duration::from_secs(10 * 60);

/// An answer read back from the cache.
#[derive(Debug, Clone, PartialEq)]
pub struct Cached {
    pub payload: Payload,
    /// Unix seconds when the API sent it.
    pub fetched_at: i64,
}

/// The first line of an entry: which call it answers, from which server, and when.
#[derive(Serialize, Deserialize)]
struct Header {
    version: u32,
    fetched_at: i64,
    host: String,
    /// "replies", "comments", "share" or "profiles"; entries written before there was a
    /// choice are replies.
    #[serde(default)]
    kind: String,
    /// The comment's or the video's ID, or the share link's code.
    #[serde(alias = "comment_id")]
    id: String,
    page: u32,
}

/// The folders below the cache root that hold entries, one per kind of call. Nothing else
/// below the root is the cache's to count or remove.
const ENTRY_FOLDERS: [&str; 4] = ["pages", "comments", "share", "profiles"];

/// The cache directory, how long its pages count as fresh and how much it may hold.
/// Clones share one running estimate of the size on disk.
#[derive(Debug, Clone)]
pub struct PageCache {
    root: PathBuf,
    max_age: Duration,
    max_size: u64,
    /// Bytes in entries, as far as this process knows: `None` until the first write scans
    /// the folders, then the scan plus every write since (an overestimate when a write
    /// replaced an entry, which only brings the next real scan forward).
    usage: Arc<Mutex<Option<u64>>>,
}

impl PageCache {
    pub fn new(root: impl Into<PathBuf>, max_age: Duration) -> PageCache {
        PageCache {
            root: root.into(),
            max_age,
            max_size: DEFAULT_MAX_SIZE,
            usage: Arc::new(Mutex::new(None)),
        }
    }

    /// The same cache with room for at most `bytes` of entries.
    pub fn with_max_size(mut self, bytes: u64) -> PageCache {
        self.max_size = bytes;
        self
    }

    /// Whether a page fetched at `fetched_at` is young enough to serve instead of paying again.
    pub fn is_fresh(&self, fetched_at: i64, now: i64) -> bool {
        let age = now.saturating_sub(fetched_at);
        age >= 0 && (age as u64) < self.max_age.as_secs()
    }

    /// The answer, whatever its age, if a whole and readable entry exists. A damaged entry is
    /// removed so the next successful fetch replaces it.
    pub fn get(&self, host: &str, call: &Call) -> Option<Cached> {
        let path = self.path(host, call);
        let bytes = fs::read(&path).ok()?;
        match parse_entry(&bytes, host, call) {
            Some(entry) => {
                limit::mark_used(&path);
                Some(entry)
            }
            None => {
                tracing::warn!(%call, "damaged cache entry removed");
                let _ = fs::remove_file(&path);
                None
            }
        }
    }

    /// The answer if it is fresh at `now` (a share link's always is).
    pub fn get_fresh(&self, host: &str, call: &Call, now: i64) -> Option<Cached> {
        self.get(host, call)
            .filter(|entry| call.never_expires() || self.is_fresh(entry.fetched_at, now))
    }

    /// Stores a successful answer's body atomically. Only call it for code-0 bodies; errors
    /// are never cached. The body must have passed the token check ([`CheckedBody`]).
    pub fn put(&self, host: &str, call: &Call, body: &CheckedBody, now: i64) -> io::Result<()> {
        let path = self.path(host, call);
        let dir = path.parent().unwrap_or(&self.root);
        fs::create_dir_all(dir)?;
        remove_stale_temps(dir);
        let (kind, id, page) = identity(call);
        let header = Header {
            version: FORMAT_VERSION,
            fetched_at: now,
            host: host.to_owned(),
            kind: kind.to_owned(),
            id: id.to_owned(),
            page,
        };
        let mut file = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempfile_in(dir)?;
        serde_json::to_writer(&mut file, &header)?;
        file.write_all(b"\n")?;
        file.write_all(body.as_bytes())?;
        file.as_file().sync_all()?;
        file.persist(&path).map_err(|e| e.error)?;
        self.after_write(&path);
        Ok(())
    }

    /// `pages/<host>/<comment>/<page>.json` for replies (where the first version kept
    /// them), `comments/<host>/<video>/<page>.json` for a video's comments,
    /// `share/<host>/<code>/0.json` for a share link.
    fn path(&self, host: &str, call: &Call) -> PathBuf {
        let (kind, id, page) = identity(call);
        let folder = match call {
            Call::Replies { .. } => "pages",
            Call::Comments { .. } | Call::Share { .. } | Call::Profile { .. } => kind,
        };
        self.root
            .join(folder)
            .join(safe_segment(host))
            .join(safe_segment(id))
            .join(format!("{page}.json"))
    }
}

/// What names a call in an entry's header: its kind, its ID and its page.
fn identity(call: &Call) -> (&'static str, &str, u32) {
    match call {
        Call::Replies { comment, page } => ("replies", comment.as_str(), *page),
        Call::Comments { video, page } => ("comments", video.as_str(), *page),
        Call::Share { url } => ("share", share_code(url), 0),
        Call::Profile { sec_uid } => ("profiles", sec_uid.as_str(), 0),
    }
}

/// `iAbCdEf` of `https://v.douyin.com/iAbCdEf/`: what tells share links apart.
fn share_code(url: &str) -> &str {
    url.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|code| !code.is_empty())
        .unwrap_or(url)
}

fn parse_entry(bytes: &[u8], host: &str, call: &Call) -> Option<Cached> {
    let newline = bytes.iter().position(|b| *b == b'\n')?;
    let header: Header = serde_json::from_slice(&bytes[..newline]).ok()?;
    let (kind, id, page) = identity(call);
    let kind_matches = header.kind == kind || (header.kind.is_empty() && kind == "replies");
    let matches = header.version == FORMAT_VERSION
        && header.host == host
        && kind_matches
        && header.id == id
        && header.page == page;
    if !matches {
        return None;
    }
    let body = &bytes[newline + 1..];
    let payload = match call {
        Call::Replies { .. } => Payload::Replies(decode_replies(body).ok()?),
        Call::Comments { .. } => Payload::Comments(decode_comments(body).ok()?),
        Call::Share { .. } => Payload::Video(decode_share(body).ok()?),
        Call::Profile { .. } => Payload::Profile(Box::new(decode_profile(body).ok()?)),
    };
    Some(Cached {
        payload,
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
    const BODY_BYTES: &[u8] =
        br#"{"code":0,"data":{"comments":[{"cid":"1","text":"hi"}],"has_more":1,"total":5}}"#;

    /// The only way to a storable body: the token check.
    fn body() -> CheckedBody {
        crate::api::Token::new("test-token")
            .unwrap()
            .check(BODY_BYTES.to_vec())
            .unwrap()
    }

    fn page(page: u32) -> Call {
        Call::Replies {
            comment: crate::CommentId::parse("7251524159191958327").unwrap(),
            page,
        }
    }

    fn first_text(entry: &Cached) -> &str {
        match &entry.payload {
            Payload::Replies(page) => &page.items[0].post.text,
            Payload::Comments(page) => &page.items[0].post.text,
            Payload::Video(_) | Payload::Profile(_) => "",
        }
    }

    fn cache(dir: &Path) -> PageCache {
        PageCache::new(dir, Duration::from_secs(24 * 3600))
    }

    #[test]
    fn a_stored_page_is_read_back_with_its_fetch_time() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path());
        assert_eq!(cache.get(HOST, &page(1)), None, "miss before any put");
        cache.put(HOST, &page(1), &body(), NOW).unwrap();
        let hit = cache.get_fresh(HOST, &page(1), NOW + 60).unwrap();
        assert_eq!(hit.fetched_at, NOW);
        assert_eq!(first_text(&hit), "hi");
        assert_eq!(
            cache.get(HOST, &page(2)),
            None,
            "other pages are other entries"
        );
        assert_eq!(
            cache.get("127.0.0.1:8787", &page(1)),
            None,
            "other hosts are other entries"
        );
    }

    #[test]
    fn pages_older_than_the_max_age_are_not_fresh() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path());
        cache.put(HOST, &page(1), &body(), NOW).unwrap();
        assert!(
            cache
                .get_fresh(HOST, &page(1), NOW + 24 * 3600 - 1)
                .is_some()
        );
        assert!(cache.get_fresh(HOST, &page(1), NOW + 24 * 3600).is_none());
        assert!(
            cache.get(HOST, &page(1)).is_some(),
            "still there for --offline"
        );
    }

    #[test]
    fn a_corrupt_entry_is_a_miss_and_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path());
        cache.put(HOST, &page(1), &body(), NOW).unwrap();
        let path = cache.path(HOST, &page(1));
        let whole = fs::read(&path).unwrap();
        fs::write(&path, &whole[..whole.len() - 10]).unwrap();
        assert_eq!(cache.get(HOST, &page(1)), None);
        assert!(!path.exists());
        fs::write(&path, b"garbage without a header").unwrap();
        assert_eq!(cache.get(HOST, &page(1)), None);
        cache.put(HOST, &page(1), &body(), NOW).unwrap();
        assert!(
            cache.get(HOST, &page(1)).is_some(),
            "replaced by the next fetch"
        );
    }

    #[test]
    fn stale_temp_files_are_ignored_and_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path());
        let thread_dir = cache.path(HOST, &page(1)).parent().unwrap().to_owned();
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
        assert_eq!(cache.get(HOST, &page(1)), None);
        cache.put(HOST, &page(1), &body(), NOW).unwrap();
        assert!(!stale.exists(), "a crash's leftover is removed");
        assert!(
            fresh_temp.exists(),
            "a writer's file in progress is left alone"
        );
        assert!(cache.get(HOST, &page(1)).is_some());
    }

    #[test]
    fn every_kind_of_entry_lives_in_a_folder_the_limit_and_clear_know() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path());
        let calls = [
            page(1),
            Call::Comments {
                video: crate::VideoId::parse("7300000000000000001").unwrap(),
                page: 1,
            },
            Call::Share {
                url: "https://v.douyin.com/iAbCdEf/".to_owned(),
            },
            Call::Profile {
                sec_uid: "MS4wLjABAAAA".to_owned(),
            },
        ];
        for call in &calls {
            let path = cache.path(HOST, call);
            let folder = path.strip_prefix(dir.path()).unwrap().components().next();
            let folder = folder.unwrap().as_os_str().to_str().unwrap();
            assert!(
                ENTRY_FOLDERS.contains(&folder),
                "{call}: {}",
                path.display()
            );
        }
    }

    #[test]
    fn hosts_become_safe_directory_names() {
        assert_eq!(safe_segment("127.0.0.1:8787"), "127.0.0.1_8787");
        assert_eq!(safe_segment("../../etc"), "_.._etc");
        assert_eq!(safe_segment(".."), "_");
    }
}
