//! The schema, its versions, and what opening finds at the path.
//!
//! The version is `PRAGMA user_version`; `PRAGMA application_id` says the file is ours
//! (an SQLite file without it and with tables is someone else's). Each migration takes a
//! file from one version to the next inside one transaction, so a newer program opens an
//! older file, and an older program refuses a newer one before writing anything.

use super::connection::{self, classify};
use super::{LibraryError, SetAside, Unusable};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::fs;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

/// The newest schema this program knows.
pub const SCHEMA_VERSION: i64 = 3;

/// "DyTh" in ASCII: marks a file as this program's library.
pub(super) const APPLICATION_ID: i64 = 0x4479_5468;

/// Version 1: page bodies, lists, items with their search index, authors.
const V1: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Page bodies exactly as the service sent them (the cache). Evicted least recently used
-- first when over the size limit; the items they carried stay.
CREATE TABLE pages (
    id         INTEGER PRIMARY KEY,
    host       TEXT    NOT NULL,
    kind       TEXT    NOT NULL,   -- replies | comments | share | profiles
    key        TEXT    NOT NULL,   -- comment ID, video ID, share code or sec_uid
    page       INTEGER NOT NULL,   -- from 1 (0 for share and profiles)
    fetched_at INTEGER NOT NULL,   -- unix seconds
    used_at    INTEGER NOT NULL,   -- unix milliseconds of the last write or hit
    bytes      INTEGER NOT NULL,
    body       BLOB    NOT NULL,
    UNIQUE (host, kind, key, page)
);
CREATE INDEX pages_used ON pages (used_at, id);

-- A video's comments or a comment's replies.
CREATE TABLE lists (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('comments', 'replies')),
    key        TEXT    NOT NULL,   -- video ID (comments) or comment ID (replies)
    video_id   TEXT,               -- the video, when known
    title      TEXT,               -- a video's share-text title, when known
    total      INTEGER,            -- how many the service counts
    first_seen INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (kind, key)
);

-- People, by uid: the latest fields seen, the highest counts seen, and what a full
-- profile adds.
CREATE TABLE users (
    uid             TEXT PRIMARY KEY,
    short_id        TEXT    NOT NULL DEFAULT '',
    unique_id       TEXT    NOT NULL DEFAULT '',
    sec_uid         TEXT    NOT NULL DEFAULT '',
    nickname        TEXT    NOT NULL DEFAULT '',
    signature       TEXT    NOT NULL DEFAULT '',
    region          TEXT    NOT NULL DEFAULT '',
    verification    TEXT    NOT NULL DEFAULT '',
    follower_count  INTEGER NOT NULL DEFAULT 0,
    following_count INTEGER NOT NULL DEFAULT 0,
    total_favorited INTEGER NOT NULL DEFAULT 0,
    aweme_count     INTEGER NOT NULL DEFAULT 0,
    ip_location     TEXT,
    gender          TEXT,
    age             INTEGER,
    is_private      INTEGER,
    updated_at      INTEGER NOT NULL
) WITHOUT ROWID;

-- Every comment and reply ever loaded.
CREATE TABLE items (
    id              INTEGER PRIMARY KEY,
    list_id         INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    cid             TEXT    NOT NULL,
    level           TEXT    NOT NULL CHECK (level IN ('comment', 'reply')),
    page            INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    text            TEXT    NOT NULL,
    create_time     INTEGER NOT NULL,
    digg_count      INTEGER NOT NULL,
    author_uid      TEXT,
    nickname        TEXT    NOT NULL,
    author_liked    INTEGER NOT NULL,
    by_video_author INTEGER NOT NULL,
    is_hot          INTEGER NOT NULL,
    is_folded       INTEGER NOT NULL,
    has_sticker     INTEGER NOT NULL,
    labels          TEXT    NOT NULL,   -- JSON array of strings
    ip_label        TEXT,
    images          TEXT    NOT NULL,   -- JSON array of URLs
    hashtags        TEXT    NOT NULL,   -- JSON array of strings
    aweme_id        TEXT,               -- comments: the video
    reply_total     INTEGER,            -- comments: replies as the service counts them
    pinned          INTEGER,            -- comments
    reply_to_cid    TEXT,               -- replies: the reply it answers
    reply_to_name   TEXT,
    reply_to_uid    TEXT,
    first_seen      INTEGER NOT NULL,
    last_seen       INTEGER NOT NULL,
    UNIQUE (list_id, cid)
);
CREATE INDEX items_cid ON items (cid);
CREATE INDEX items_time ON items (create_time);
CREATE INDEX items_author ON items (author_uid);

-- Text and nickname, folded as the reader's search folds them (case, full width), indexed
-- by trigrams so that any substring of three characters or more is found, Chinese too.
-- The rowid is items.id.
CREATE VIRTUAL TABLE items_fts USING fts5 (
    text, nickname,
    tokenize = 'trigram case_sensitive 1'
);
"#;

/// Version 2: visits and bookmarks, and the views meant for other tools.
const V2: &str = r#"
-- Each time the reader opened a list: when, how far it got, where it was.
CREATE TABLE visits (
    id           INTEGER PRIMARY KEY,
    list_id      INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    at           INTEGER NOT NULL,
    loaded       INTEGER NOT NULL,
    selected_cid TEXT
);
CREATE INDEX visits_list ON visits (list_id, at);

CREATE TABLE bookmarks (
    item_id INTEGER PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    at      INTEGER NOT NULL
);

CREATE VIEW videos AS
SELECT l.key AS video_id,
       l.title,
       l.total AS comment_count,
       (SELECT count(*) FROM items i WHERE i.list_id = l.id) AS comments_loaded,
       l.first_seen,
       datetime(l.first_seen, 'unixepoch', '+8 hours') AS first_seen_beijing,
       l.updated_at,
       datetime(l.updated_at, 'unixepoch', '+8 hours') AS updated_beijing
FROM lists l
WHERE l.kind = 'comments';

CREATE VIEW comments AS
SELECT i.cid,
       l.key AS video_id,
       i.text,
       i.create_time,
       datetime(i.create_time, 'unixepoch', '+8 hours') AS created_beijing,
       i.digg_count AS likes,
       i.reply_total AS reply_count,
       i.author_uid,
       i.nickname,
       i.ip_label,
       i.labels,
       i.author_liked,
       i.by_video_author,
       i.is_hot,
       i.is_folded,
       i.pinned,
       i.first_seen,
       datetime(i.first_seen, 'unixepoch', '+8 hours') AS first_seen_beijing
FROM items i JOIN lists l ON l.id = i.list_id
WHERE i.level = 'comment';

CREATE VIEW replies AS
SELECT i.cid,
       l.key AS comment_cid,
       l.video_id,
       i.text,
       i.create_time,
       datetime(i.create_time, 'unixepoch', '+8 hours') AS created_beijing,
       i.digg_count AS likes,
       i.reply_to_cid,
       i.reply_to_name,
       i.reply_to_uid,
       i.author_uid,
       i.nickname,
       i.ip_label,
       i.labels,
       i.author_liked,
       i.by_video_author,
       i.is_hot,
       i.is_folded,
       i.first_seen,
       datetime(i.first_seen, 'unixepoch', '+8 hours') AS first_seen_beijing
FROM items i JOIN lists l ON l.id = i.list_id
WHERE i.level = 'reply';

CREATE VIEW authors AS
SELECT u.uid,
       u.unique_id,
       u.short_id,
       u.sec_uid,
       u.nickname,
       u.signature,
       u.region,
       u.verification,
       u.follower_count AS followers,
       u.following_count AS following,
       u.total_favorited AS likes_received,
       u.aweme_count AS works,
       u.ip_location,
       u.gender,
       u.age,
       u.is_private,
       (SELECT count(*) FROM items i WHERE i.author_uid = u.uid) AS items,
       u.updated_at,
       datetime(u.updated_at, 'unixepoch', '+8 hours') AS updated_beijing
FROM users u;
"#;

/// Version 3: the search index is built off the page write, in large batches, and keeps
/// no copy of the text; page bodies may be stored compressed.
///
/// `meta.fts_indexed_to` is the highest `items.id` the index covers: items above it are
/// not indexed yet (search reads them directly). The index is emptied here and rebuilt by
/// the program in the background, so the migration itself is quick on any library.
const V3: &str = r#"
DROP TABLE items_fts;
-- No content of its own (the text is in items): the trigrams and their positions only.
-- The rowid is items.id.
CREATE VIRTUAL TABLE items_fts USING fts5 (
    text, nickname,
    tokenize = 'trigram case_sensitive 1',
    content = '', contentless_delete = 1
);
INSERT INTO meta (key, value) VALUES ('fts_indexed_to', '0')
    ON CONFLICT (key) DO UPDATE SET value = '0';
-- NULL: the body as the service sent it; 'zstd': that, compressed. `bytes` is the size
-- stored.
ALTER TABLE pages ADD COLUMN encoding TEXT;
"#;

/// Migration `n` takes a file from version `n` to `n + 1`.
const MIGRATIONS: [&str; SCHEMA_VERSION as usize] = [V1, V2, V3];

/// What [`prepare`] found and did.
pub(super) struct Prepared {
    pub created: bool,
    pub set_aside: Option<SetAside>,
}

/// What [`survey`] found at the path and did about it.
pub(super) struct Survey {
    /// There was no library at the path (nothing, an empty file, or a file moved aside).
    pub created: bool,
    pub set_aside: Option<SetAside>,
    /// The file is a library at the version asked for: [`make`] has nothing to write.
    pub ready: bool,
}

/// What is at the path, before anything is written.
enum Found {
    Nothing,
    /// An empty SQLite file, or an empty file: to be made a library.
    Empty,
    Ours {
        version: i64,
    },
    Unusable(Unusable),
}

/// Makes the file at `path` a library at [`SCHEMA_VERSION`]: creates it, migrates it, or
/// moves aside what is there and starts anew. A newer file is refused untouched.
pub(super) fn prepare(path: &Path) -> Result<Prepared, LibraryError> {
    prepare_to(path, SCHEMA_VERSION)
}

pub(super) fn prepare_to(path: &Path, target: i64) -> Result<Prepared, LibraryError> {
    let Survey {
        created, set_aside, ..
    } = survey(path, target)?;
    make(path, target)?;
    Ok(Prepared { created, set_aside })
}

/// The part of [`prepare_to`] that writes no library: reads what is at the path (its
/// header and version), refuses a newer file untouched, and moves a damaged or foreign
/// one aside (a rename). What is left to write — the file, its tables, a migration — is
/// [`make`]'s.
pub(super) fn survey(path: &Path, target: i64) -> Result<Survey, LibraryError> {
    let fail = |err: std::io::Error| io_error(path, err);
    Ok(match look(path)? {
        Found::Nothing | Found::Empty => Survey {
            created: true,
            set_aside: None,
            ready: false,
        },
        Found::Ours { version } if version > SCHEMA_VERSION.max(target) => {
            return Err(LibraryError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        Found::Ours { version } => Survey {
            created: false,
            set_aside: None,
            ready: version == target,
        },
        Found::Unusable(why) => {
            let moved_to = move_aside(path, &why).map_err(fail)?;
            Survey {
                created: true,
                set_aside: Some(SetAside { why, moved_to }),
                ready: false,
            }
        }
    })
}

/// Makes the file at `path` (and its folder) a library at `target`: creates its tables or
/// migrates them, in one transaction. What is at the path must have been surveyed.
pub(super) fn make(path: &Path, target: i64) -> Result<(), LibraryError> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(folder).map_err(|err| io_error(path, err))?;
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|err| classify(path, err))?;
    migrate(conn, target).map_err(|err| classify(path, err))
}

fn io_error(path: &Path, err: std::io::Error) -> LibraryError {
    match err.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => LibraryError::ReadOnly {
            path: path.to_path_buf(),
            detail: err.to_string(),
        },
        ErrorKind::StorageFull => LibraryError::DiskFull {
            path: path.to_path_buf(),
        },
        _ => LibraryError::Failed {
            path: path.to_path_buf(),
            detail: err.to_string(),
        },
    }
}

/// Reads what is at `path` without writing to it: the header bytes, then (read-only)
/// the application ID, the version and whether there are tables.
fn look(path: &Path) -> Result<Found, LibraryError> {
    let mut head = [0u8; 16];
    let read = match fs::File::open(path) {
        Ok(mut file) => read_up_to(&mut file, &mut head),
        Err(err) if err.kind() == ErrorKind::NotFound => return Ok(Found::Nothing),
        Err(err) => Err(err),
    }
    .map_err(|err| io_error(path, err))?;
    if read == 0 {
        return Ok(Found::Empty);
    }
    if &head[..read] != b"SQLite format 3\0" {
        return Ok(Found::Unusable(Unusable::Damaged {
            detail: "not an SQLite database".into(),
        }));
    }
    let conn = match Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) {
        Ok(conn) => conn,
        Err(err) => return Ok(damaged(err)),
    };
    let _ = conn.busy_timeout(connection::BUSY_TIMEOUT);
    let facts = conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id),
                (SELECT user_version FROM pragma_user_version),
                (SELECT count(*) FROM sqlite_schema)",
        [],
        |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?,
            ))
        },
    );
    match facts {
        Ok((APPLICATION_ID, version, _)) => Ok(Found::Ours { version }),
        Ok((0, 0, 0)) => Ok(Found::Empty),
        Ok(_) => Ok(Found::Unusable(Unusable::Foreign)),
        Err(err) if is_damage(&err) => Ok(damaged(err)),
        Err(err) => Err(classify(path, err)),
    }
}

fn read_up_to(file: &mut fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

fn is_damage(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase) | Some(rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

fn damaged(err: rusqlite::Error) -> Found {
    Found::Unusable(Unusable::Damaged {
        detail: err.to_string(),
    })
}

/// Renames the file (and its `-wal` and `-shm` companions) to
/// `library.sqlite3.damaged-20261207-061500` (or `.foreign-…`), beside it.
fn move_aside(path: &Path, why: &Unusable) -> std::io::Result<PathBuf> {
    let label = match why {
        Unusable::Damaged { .. } => "damaged",
        Unusable::Foreign => "foreign",
    };
    let stamp = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%Y%m%d-%H%M%S")
        .to_string();
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let mut target = path.with_file_name(format!("{name}.{label}-{stamp}"));
    let mut n = 2;
    while target.exists() {
        target = path.with_file_name(format!("{name}.{label}-{stamp}-{n}"));
        n += 1;
    }
    fs::rename(path, &target)?;
    for suffix in ["-wal", "-shm"] {
        let companion = PathBuf::from(format!("{}{suffix}", path.display()));
        if companion.exists() {
            let moved = PathBuf::from(format!("{}{suffix}", target.display()));
            fs::rename(&companion, moved)?;
        }
    }
    Ok(target)
}

/// Brings an open file to `target`, in one immediate transaction (so two programs
/// starting at once migrate it once: the second finds it done).
fn migrate(mut conn: Connection, target: i64) -> rusqlite::Result<()> {
    conn.busy_timeout(connection::BUSY_TIMEOUT)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version == 0 {
        // Only takes effect before the first table: lets eviction give space back.
        conn.execute_batch("PRAGMA auto_vacuum = INCREMENTAL")?;
    }
    if version == target {
        // The usual start: nothing to write, so no write lock to wait for.
        return Ok(());
    }
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(mode, "the library could not switch to WAL mode");
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > target {
        // Another program migrated it further between the look and now.
        return Ok(());
    }
    for step in MIGRATIONS
        .iter()
        .take(target as usize)
        .skip(version as usize)
    {
        tx.execute_batch(step)?;
    }
    tx.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {target};"
    ))?;
    tx.commit()
}
