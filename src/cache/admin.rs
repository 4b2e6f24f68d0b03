//! `douyin-threads cache` and `douyin-threads cache clear`: what the cache holds, and
//! emptying it. Clearing removes only what the cache writes — entry files and crashed
//! writers' leftovers in its four folders, then the folders once empty — never a whole
//! tree: the cache directory can be set to anything, and whatever else is in it stays.

use super::STALE_TEMP_AGE;
use super::limit::{self, FoundKind};
use crate::format;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Why the cache could not be looked at or emptied; the message says what to check.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("Could not read the cache at {}: {detail}. Check its permissions.", .path.display())]
    Read { path: PathBuf, detail: String },
    #[error("The cache path {} is not a directory, so there is no cache there.", .path.display())]
    NotADirectory { path: PathBuf },
    #[error(
        "Could not remove {}: {detail}. Check its permissions; what was removed before it \
         stays removed.",
        .path.display()
    )]
    Remove { path: PathBuf, detail: String },
}

/// Where the cache is, how many entries it holds and how big they are against the limit.
pub fn status(dir: &Path, max_size: u64) -> Result<String, AdminError> {
    let limit = format!("{} (cache_max_size)", format::size(max_size));
    if !exists(dir)? {
        return Ok(format!(
            "Cache: {}\n  Empty: nothing has been cached yet. Limit: {limit}.",
            dir.display()
        ));
    }
    let entries = limit::entries(dir);
    let count = |folder: &str| entries.iter().filter(|e| e.folder == folder).count();
    let kinds: Vec<String> = [
        ("pages", "page of replies", "pages of replies"),
        ("comments", "page of comments", "pages of comments"),
        ("profiles", "profile", "profiles"),
        ("share", "share link", "share links"),
    ]
    .into_iter()
    .filter_map(|(folder, one, many)| match count(folder) {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{} {many}", format::grouped(n as u64))),
    })
    .collect();
    let mut text = format!(
        "Cache: {}\n  {}, {} of {limit}",
        dir.display(),
        format::plural(entries.len() as u64, "entry"),
        format::size(limit::size_of(&entries)),
    );
    if !kinds.is_empty() {
        text.push_str(&format!("\n  ({})", kinds.join(", ")));
    }
    text.push_str(
        "\n  When it is full, the entries read least recently go first. \
         `douyin-threads cache clear` empties it.",
    );
    Ok(text)
}

/// Removes every entry, and says how much that freed.
pub fn clear(dir: &Path) -> Result<String, AdminError> {
    if !exists(dir)? {
        return Ok(format!(
            "There is no cache at {} yet: nothing to clear.",
            dir.display()
        ));
    }
    let (found, dirs) = limit::walk(dir);
    let now = SystemTime::now();
    let (mut removed, mut freed, mut left) = (0u64, 0u64, 0u64);
    for item in &found {
        let stale = || {
            now.duration_since(item.modified)
                .is_ok_and(|age| age > STALE_TEMP_AGE)
        };
        let ours = match item.kind {
            FoundKind::Entry => true,
            // A young one may be a running reader's write in progress.
            FoundKind::Temp => stale(),
            FoundKind::Foreign => false,
        };
        if !ours {
            left += 1;
            continue;
        }
        match fs::remove_file(&item.path) {
            Ok(()) => {
                freed += item.len;
                removed += u64::from(item.kind == FoundKind::Entry);
            }
            Err(err) if err.kind() == ErrorKind::NotFound => {}
            Err(err) => {
                return Err(AdminError::Remove {
                    path: item.path.clone(),
                    detail: err.to_string(),
                });
            }
        }
    }
    // Deepest first; a folder that still holds something stays, and so does the root.
    for folder in dirs {
        let _ = fs::remove_dir(folder);
    }
    let mut text = if removed == 0 && freed == 0 {
        format!("The cache at {} is already empty.", dir.display())
    } else {
        format!(
            "Cleared the cache at {}: removed {}, freed {}.",
            dir.display(),
            format::plural(removed, "entry"),
            format::size(freed)
        )
    };
    if left > 0 {
        text.push_str(&format!(
            "\n  Left alone: {} the cache did not write (or is writing right now).",
            format::plural(left, "file")
        ));
    }
    Ok(text)
}

/// Whether there is a cache directory at `dir` (a link to one counts: the person chose it).
fn exists(dir: &Path) -> Result<bool, AdminError> {
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(true),
        Ok(_) => Err(AdminError::NotADirectory {
            path: dir.to_path_buf(),
        }),
        Err(err) if err.kind() == ErrorKind::NotFound => Ok(false),
        Err(err) => Err(AdminError::Read {
            path: dir.to_path_buf(),
            detail: err.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Call;
    use crate::cache::PageCache;
    use std::time::Duration;

    const HOST: &str = "api.justoneapi.com";
    const BODY: &[u8] = br#"{"code":0,"data":{"comments":[{"cid":"1","text":"hi"}],"has_more":1}}"#;

    fn filled(dir: &Path, pages: u32) -> PageCache {
        let cache = PageCache::new(dir, Duration::from_secs(3600));
        for page in 1..=pages {
            let call = Call::Replies {
                comment: crate::CommentId::parse("7251524159191958327").unwrap(),
                page,
            };
            let body = crate::api::Token::new("test-token")
                .unwrap()
                .check(BODY.to_vec())
                .unwrap();
            cache.put(HOST, &call, &body, 1_700_000_000).unwrap();
        }
        cache
    }

    #[test]
    fn status_counts_entries_and_shows_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        filled(dir.path(), 3);
        let text = status(dir.path(), 200_000_000).unwrap();
        assert!(
            text.starts_with(&format!("Cache: {}\n", dir.path().display())),
            "{text}"
        );
        assert!(text.contains("3 entries, "), "{text}");
        assert!(text.contains("of 200 MB (cache_max_size)"), "{text}");
        assert!(text.contains("(3 pages of replies)"), "{text}");
    }

    #[test]
    fn status_of_a_missing_cache_says_it_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let text = status(&dir.path().join("nope"), 1_000_000).unwrap();
        assert!(
            text.contains("Empty: nothing has been cached yet"),
            "{text}"
        );
    }

    #[test]
    fn clear_removes_entries_and_keeps_everything_else() {
        let dir = tempfile::tempdir().unwrap();
        filled(dir.path(), 2);
        let mine = dir.path().join("notes.txt");
        fs::write(&mine, b"not the cache's").unwrap();
        let logs = dir.path().join("logs");
        fs::create_dir(&logs).unwrap();
        fs::write(logs.join("douyin-threads.log"), b"log").unwrap();
        let text = clear(dir.path()).unwrap();
        assert!(text.contains("removed 2 entries, freed "), "{text}");
        assert!(
            !dir.path().join("pages").exists(),
            "its empty folders go too"
        );
        assert!(mine.exists() && logs.join("douyin-threads.log").exists());
        assert!(dir.path().exists(), "the directory itself stays");
        let again = clear(dir.path()).unwrap();
        assert!(again.contains("is already empty"), "{again}");
        let none = clear(&dir.path().join("nope")).unwrap();
        assert!(none.contains("nothing to clear"), "{none}");
    }

    #[test]
    fn clear_leaves_a_writer_in_progress_and_follows_no_link() {
        let dir = tempfile::tempdir().unwrap();
        let cache = filled(dir.path(), 1);
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("1.json"), b"elsewhere").unwrap();
        let thread = dir
            .path()
            .join("pages")
            .join(HOST)
            .join("7251524159191958327");
        fs::write(thread.join(".tmp-writing"), b"half").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.path(), dir.path().join("comments")).unwrap();
        let text = clear(dir.path()).unwrap();
        assert!(text.contains("removed 1 entry"), "{text}");
        assert!(text.contains("Left alone: 1 file"), "{text}");
        assert!(thread.join(".tmp-writing").exists());
        assert!(outside.path().join("1.json").exists());
        drop(cache);
    }
}
