//! Writing pages with their items, reading bodies back, the size limit, forgetting.

use super::index;
use super::{Library, LibraryError, ListKey, ListKind, now_millis};
use crate::api::{
    Author, Call, Comment, Payload, Post, Profile, Reply, decode_comments, decode_profile,
    decode_replies, decode_share,
};
use crate::text::fold_char;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use std::borrow::Cow;
use std::sync::PoisonError;

/// The zstd level bodies are stored at: the fastest; JSON shrinks three to five times.
const ZSTD_LEVEL: i32 = 1;

/// No body the service sends comes near this; a stored one that would unpack larger is
/// damaged.
const MAX_BODY: usize = 64 << 20;

/// A body as stored: compressed (`encoding` 'zstd'), or as sent when that did not help.
pub(super) struct Packed<'a> {
    pub bytes: Cow<'a, [u8]>,
    pub encoding: Option<&'static str>,
}

pub(super) fn pack(body: &[u8]) -> Packed<'_> {
    match zstd::bulk::compress(body, ZSTD_LEVEL) {
        Ok(small) if small.len() < body.len() => Packed {
            bytes: Cow::Owned(small),
            encoding: Some("zstd"),
        },
        _ => Packed {
            bytes: Cow::Borrowed(body),
            encoding: None,
        },
    }
}

/// The body as the service sent it, or `None` when what is stored does not unpack.
pub(super) fn unpack(encoding: Option<&str>, stored: Vec<u8>) -> Option<Vec<u8>> {
    match encoding {
        None => Some(stored),
        Some("zstd") => zstd::bulk::decompress(&stored, MAX_BODY).ok(),
        Some(_) => None,
    }
}

/// An answer read back from the library.
#[derive(Debug, Clone, PartialEq)]
pub struct Cached {
    pub payload: Payload,
    /// Unix seconds when the API sent it.
    pub fetched_at: i64,
}

/// What forgetting a list removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Forgotten {
    /// 0 when the library did not know the list.
    pub lists: u64,
    pub items: u64,
    pub page_bodies: u64,
}

/// What names a page body: the server it came from and the call it answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PageKey {
    pub host: String,
    /// "replies", "comments", "share" or "profiles", as the old cache named them.
    pub kind: &'static str,
    pub key: String,
    pub page: u32,
}

impl PageKey {
    pub fn of(host: &str, call: &Call) -> PageKey {
        let (kind, key, page) = match call {
            Call::Replies { comment, page } => ("replies", comment.as_str(), *page),
            Call::Comments { video, page } => ("comments", video.as_str(), *page),
            Call::Share { url } => ("share", share_code(url), 0),
            Call::Profile { sec_uid } => ("profiles", sec_uid.as_str(), 0),
        };
        PageKey {
            host: host.to_owned(),
            kind,
            key: key.to_owned(),
            page,
        }
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

/// A body decoded as the answer to a call of `kind`, through the same decoders (and so
/// the same sanitizer) as a fresh answer.
pub(super) fn decode(kind: &str, body: &[u8]) -> Option<Payload> {
    Some(match kind {
        "replies" => Payload::Replies(decode_replies(body).ok()?),
        "comments" => Payload::Comments(decode_comments(body).ok()?),
        "share" => Payload::Video(decode_share(body).ok()?),
        "profiles" => Payload::Profile(Box::new(decode_profile(body).ok()?)),
        _ => return None,
    })
}

/// `text` as search compares it (see `text::fold`).
pub(super) fn folded(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

impl Library {
    pub(super) fn read_page(
        &self,
        host: &str,
        call: &Call,
    ) -> Result<Option<Cached>, LibraryError> {
        let key = PageKey::of(host, call);
        let found = self.with_connection(|conn| {
            conn.prepare_cached(
                "SELECT id, fetched_at, body, encoding FROM pages
                 WHERE host = ?1 AND kind = ?2 AND key = ?3 AND page = ?4",
            )?
            .query_row(params![key.host, key.kind, key.key, key.page], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, Vec<u8>>(2)?,
                    row.get::<_, Option<String>>(3)?,
                ))
            })
            .optional()
        })?;
        let Some((id, fetched_at, stored, encoding)) = found else {
            return Ok(None);
        };
        let payload = unpack(encoding.as_deref(), stored).and_then(|body| decode(key.kind, &body));
        let Some(payload) = payload else {
            tracing::warn!(%call, "damaged page body removed from the library");
            self.with_connection(|conn| conn.execute("DELETE FROM pages WHERE id = ?1", [id]))?;
            return Ok(None);
        };
        // A hit is a use. A library that cannot be written (read-only) still serves it.
        if let Err(err) = self.with_connection(|conn| {
            conn.prepare_cached("UPDATE pages SET used_at = ?2 WHERE id = ?1")?
                .execute(params![id, now_millis()])
        }) {
            tracing::debug!(error = %err, "could not mark a page body used");
        }
        Ok(Some(Cached {
            payload,
            fetched_at,
        }))
    }

    pub(super) fn write_page(
        &self,
        host: &str,
        call: &Call,
        body: &[u8],
        decoded: Option<&Payload>,
        now: i64,
    ) -> Result<(), LibraryError> {
        let key = PageKey::of(host, call);
        let decoded_here;
        let payload = match decoded {
            Some(payload) => payload,
            None => {
                decoded_here = decode(key.kind, body).ok_or_else(|| LibraryError::Failed {
                    path: self.path.to_path_buf(),
                    detail: format!("the answer to {call} does not decode; not stored"),
                })?;
                &decoded_here
            }
        };
        let packed = pack(body);
        self.writing();
        let written = self.with_connection(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let id = write_page(&tx, &key, &packed, payload, now, now_millis())?;
            tx.commit()?;
            Ok(id)
        })?;
        self.items_written();
        self.after_write(written, packed.bytes.len() as u64)
    }

    /// Writes the items a page carries — no body: it is no answer of the service's (the
    /// demo's pages), so it is never served as one. One transaction, like a page.
    pub fn put_items(&self, call: &Call, payload: &Payload, now: i64) -> Result<(), LibraryError> {
        let key = PageKey::of("", call);
        self.writing();
        self.with_connection(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            write_items(&tx, &key, payload, now)?;
            tx.commit()
        })?;
        self.items_written();
        Ok(())
    }

    /// Keeps the size estimate up to date after a body of `bytes` was written, and
    /// evicts when it goes over the limit. The estimate asks the file only on the first
    /// write and when the limit looks exceeded.
    fn after_write(&self, keep: i64, bytes: u64) -> Result<(), LibraryError> {
        let mut usage = self.usage.lock().unwrap_or_else(PoisonError::into_inner);
        let estimate = match *usage {
            Some(total) => total.saturating_add(bytes),
            None => self.body_bytes()?,
        };
        if estimate <= self.max_size {
            *usage = Some(estimate);
            return Ok(());
        }
        // The estimate may be high (a write that replaced a body counted in full): look.
        let actual = self.body_bytes()?;
        *usage = Some(if actual <= self.max_size {
            actual
        } else {
            self.evict(self.max_size - self.max_size / 10, keep)?
        });
        Ok(())
    }

    fn body_bytes(&self) -> Result<u64, LibraryError> {
        self.with_connection(|conn| {
            conn.query_row("SELECT total(bytes) FROM pages", [], |r| r.get::<_, f64>(0))
                .map(|total| total as u64)
        })
    }

    /// Removes page bodies, least recently used first, until at most `target` bytes
    /// remain, never the body `keep`; the items they carried stay. Answers the bytes left.
    fn evict(&self, target: u64, keep: i64) -> Result<u64, LibraryError> {
        let (removed, left) = self.with_connection(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut total: u64 = tx.query_row("SELECT total(bytes) FROM pages", [], |r| {
                r.get::<_, f64>(0).map(|t| t as u64)
            })?;
            let mut doomed = Vec::new();
            {
                let mut oldest = tx.prepare("SELECT id, bytes FROM pages ORDER BY used_at, id")?;
                let mut rows = oldest.query([])?;
                while total > target {
                    let Some(row) = rows.next()? else { break };
                    let (id, bytes): (i64, i64) = (row.get(0)?, row.get(1)?);
                    if id == keep {
                        continue;
                    }
                    doomed.push(id);
                    total = total.saturating_sub(bytes as u64);
                }
            }
            {
                let mut delete = tx.prepare("DELETE FROM pages WHERE id = ?1")?;
                for id in &doomed {
                    delete.execute([id])?;
                }
            }
            // No vacuum here: the next bodies reuse the freed pages, and moving pages on
            // every eviction would cost more than the space is worth.
            tx.commit()?;
            Ok((doomed.len(), total))
        })?;
        tracing::info!(
            removed,
            left,
            target,
            "library over its size limit: least recently used page bodies removed"
        );
        Ok(left)
    }

    /// Removes every page body (the items stay). Answers how many and their bytes.
    pub fn clear_page_bodies(&self) -> Result<(u64, u64), LibraryError> {
        let cleared = self.with_connection(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let (count, bytes) =
                tx.query_row("SELECT count(*), total(bytes) FROM pages", [], |r| {
                    Ok((r.get::<_, i64>(0)? as u64, r.get::<_, f64>(1)? as u64))
                })?;
            tx.execute("DELETE FROM pages", [])?;
            tx.commit()?;
            conn.execute_batch("PRAGMA incremental_vacuum")?;
            Ok((count, bytes))
        })?;
        *self.usage.lock().unwrap_or_else(PoisonError::into_inner) = Some(0);
        Ok(cleared)
    }

    /// Removes one list, its items (and their bookmarks) and its page bodies.
    pub fn forget(&self, list: &ListKey) -> Result<Forgotten, LibraryError> {
        let forgotten = self.with_connection(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let id: Option<i64> = tx
                .query_row(
                    "SELECT id FROM lists WHERE kind = ?1 AND key = ?2",
                    params![list.kind.as_str(), list.key],
                    |r| r.get(0),
                )
                .optional()?;
            let mut forgotten = Forgotten::default();
            if let Some(id) = id {
                index::forget_list(&tx, id)?;
                forgotten.items = tx.execute("DELETE FROM items WHERE list_id = ?1", [id])? as u64;
                forgotten.lists = tx.execute("DELETE FROM lists WHERE id = ?1", [id])? as u64;
                index::lower_mark(&tx)?;
            }
            forgotten.page_bodies = tx.execute(
                "DELETE FROM pages WHERE kind = ?1 AND key = ?2",
                params![list.kind.as_str(), list.key],
            )? as u64;
            tx.commit()?;
            conn.execute_batch("PRAGMA incremental_vacuum")?;
            Ok(forgotten)
        })?;
        *self.usage.lock().unwrap_or_else(PoisonError::into_inner) = None;
        Ok(forgotten)
    }

    /// Records that the reader had `list` open at `at`, with `loaded` items loaded and
    /// `selected` chosen. A list the library has no items of yet is created.
    pub fn record_visit(
        &self,
        list: &ListKey,
        loaded: u64,
        selected: Option<&str>,
        at: i64,
    ) -> Result<(), LibraryError> {
        self.with_connection(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let id = ensure_list(&tx, list.kind, &list.key, None, at)?;
            tx.execute(
                "INSERT INTO visits (list_id, at, loaded, selected_cid) VALUES (?1, ?2, ?3, ?4)",
                params![id, at, loaded as i64, selected],
            )?;
            tx.commit()
        })
    }

    /// Gives a video its title (the share text's), shown in recent lists and the
    /// `videos` view.
    pub fn set_video_title(&self, video: &str, title: &str, at: i64) -> Result<(), LibraryError> {
        self.with_connection(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let id = ensure_list(&tx, ListKind::Comments, video, None, at)?;
            tx.execute(
                "UPDATE lists SET title = ?2 WHERE id = ?1",
                params![id, title],
            )?;
            tx.commit()
        })
    }

    /// Bookmarks the item `cid` of `list`, or removes its bookmark. Answers whether it is
    /// bookmarked now, or `None` when the library does not hold that item.
    pub fn toggle_bookmark(
        &self,
        list: &ListKey,
        cid: &str,
        at: i64,
    ) -> Result<Option<bool>, LibraryError> {
        self.with_connection(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let item: Option<i64> = tx
                .query_row(
                    "SELECT i.id FROM items i JOIN lists l ON l.id = i.list_id
                     WHERE l.kind = ?1 AND l.key = ?2 AND i.cid = ?3",
                    params![list.kind.as_str(), list.key, cid],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(item) = item else {
                return Ok(None);
            };
            let removed = tx.execute("DELETE FROM bookmarks WHERE item_id = ?1", [item])?;
            if removed == 0 {
                tx.execute(
                    "INSERT INTO bookmarks (item_id, at) VALUES (?1, ?2)",
                    params![item, at],
                )?;
            }
            tx.commit()?;
            Ok(Some(removed == 0))
        })
    }

    /// Writes a page body as found in the old cache (it was checked before it was
    /// written there), with its items, in the caller's transaction.
    pub(super) fn write_imported(
        tx: &Transaction<'_>,
        key: &PageKey,
        body: &[u8],
        payload: &Payload,
        fetched_at: i64,
        used_at: i64,
    ) -> rusqlite::Result<i64> {
        write_page(tx, key, &pack(body), payload, fetched_at, used_at)
    }
}

/// The body and every item it carries; answers the page's row id.
fn write_page(
    tx: &Transaction<'_>,
    key: &PageKey,
    body: &Packed<'_>,
    payload: &Payload,
    fetched_at: i64,
    used_at: i64,
) -> rusqlite::Result<i64> {
    let id: i64 = tx
        .prepare_cached(
            "INSERT INTO pages (host, kind, key, page, fetched_at, used_at, bytes, body, encoding)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (host, kind, key, page) DO UPDATE SET
                 fetched_at = excluded.fetched_at, used_at = excluded.used_at,
                 bytes = excluded.bytes, body = excluded.body, encoding = excluded.encoding
             RETURNING id",
        )?
        .query_row(
            params![
                key.host,
                key.kind,
                key.key,
                key.page,
                fetched_at,
                used_at,
                body.bytes.len() as i64,
                &*body.bytes,
                body.encoding
            ],
            |r| r.get(0),
        )?;
    write_items(tx, key, payload, fetched_at)?;
    Ok(id)
}

/// The items `payload` carries (and the lists and authors they name), without a body.
fn write_items(
    tx: &Transaction<'_>,
    key: &PageKey,
    payload: &Payload,
    fetched_at: i64,
) -> rusqlite::Result<()> {
    let mut items = ItemWriter::new(tx, fetched_at)?;
    match payload {
        Payload::Replies(page) => {
            let list = ensure_list(tx, ListKind::Replies, &key.key, page.total, fetched_at)?;
            for (position, reply) in page.items.iter().enumerate() {
                items.reply(list, key.page, position, reply)?;
            }
        }
        Payload::Comments(page) => {
            let list = ensure_list(tx, ListKind::Comments, &key.key, page.total, fetched_at)?;
            let mut adopt = tx.prepare_cached(
                "UPDATE lists SET video_id = ?2
                 WHERE kind = 'replies' AND key = ?1 AND video_id IS NULL",
            )?;
            for (position, comment) in page.items.iter().enumerate() {
                items.comment(list, key.page, position, comment)?;
                adopt.execute(params![&*comment.post.cid, key.key])?;
            }
        }
        Payload::Profile(profile) => write_profile(tx, profile, fetched_at)?,
        Payload::Video(_) => {}
    }
    Ok(())
}

/// The list's row id, creating it; a page's count of the whole list updates it.
fn ensure_list(
    tx: &Transaction<'_>,
    kind: ListKind,
    key: &str,
    total: Option<u64>,
    at: i64,
) -> rusqlite::Result<i64> {
    let existing: Option<i64> = tx
        .prepare_cached("SELECT id FROM lists WHERE kind = ?1 AND key = ?2")?
        .query_row(params![kind.as_str(), key], |r| r.get(0))
        .optional()?;
    if let Some(id) = existing {
        if let Some(total) = total {
            tx.prepare_cached("UPDATE lists SET total = ?2, updated_at = ?3 WHERE id = ?1")?
                .execute(params![id, total as i64, at])?;
        }
        return Ok(id);
    }
    // A comment's replies belong to the comment's video, when the comment is known.
    let video: Option<String> = match kind {
        ListKind::Comments => Some(key.to_owned()),
        ListKind::Replies => tx
            .prepare_cached(
                "SELECT aweme_id FROM items WHERE cid = ?1 AND level = 'comment'
                 AND aweme_id IS NOT NULL AND aweme_id != '' LIMIT 1",
            )?
            .query_row([key], |r| r.get(0))
            .optional()?,
    };
    tx.prepare_cached(
        "INSERT INTO lists (kind, key, video_id, total, first_seen, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id",
    )?
    .query_row(
        params![kind.as_str(), key, video, total.map(|t| t as i64), at],
        |r| r.get(0),
    )
}

fn json_list(items: &[Box<str>]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

/// Writes items with prepared statements reused across a page.
struct ItemWriter<'t> {
    tx: &'t Transaction<'t>,
    at: i64,
    /// The highest indexed item id, once an update needed it.
    indexed_to: Option<i64>,
}

impl<'t> ItemWriter<'t> {
    fn new(tx: &'t Transaction<'t>, at: i64) -> rusqlite::Result<ItemWriter<'t>> {
        Ok(ItemWriter {
            tx,
            at,
            indexed_to: None,
        })
    }

    fn comment(
        &mut self,
        list: i64,
        page: u32,
        position: usize,
        comment: &Comment,
    ) -> rusqlite::Result<()> {
        let extra = Extra {
            level: "comment",
            aweme_id: Some(&comment.aweme_id),
            reply_total: Some(comment.reply_total as i64),
            pinned: Some(comment.pinned),
            reply_to_cid: None,
            reply_to_name: None,
            reply_to_uid: None,
        };
        self.item(list, page, position, &comment.post, extra)
    }

    fn reply(
        &mut self,
        list: i64,
        page: u32,
        position: usize,
        reply: &Reply,
    ) -> rusqlite::Result<()> {
        let extra = Extra {
            level: "reply",
            aweme_id: None,
            reply_total: None,
            pinned: None,
            reply_to_cid: reply.reply_to_cid(),
            reply_to_name: Some(reply.reply_to_name()),
            reply_to_uid: Some(reply.reply_to_uid()),
        };
        self.item(list, page, position, &reply.post, extra)
    }

    fn item(
        &mut self,
        list: i64,
        page: u32,
        position: usize,
        post: &Post,
        extra: Extra<'_>,
    ) -> rusqlite::Result<()> {
        let author = &post.author;
        let uid = (!author.uid.is_empty()).then_some(&*author.uid);
        if uid.is_some() {
            write_author(self.tx, author, self.at)?;
        }
        let values = params![
            list,
            &*post.cid,
            extra.level,
            page,
            position as i64,
            &*post.text,
            post.create_time,
            post.digg_count as i64,
            uid,
            &*author.nickname,
            post.author_liked,
            post.by_video_author,
            post.is_hot,
            post.is_folded,
            post.has_sticker,
            json_list(&post.labels),
            post.ip_label.as_deref(),
            json_list(&post.images),
            json_list(&post.hashtags),
            extra.aweme_id,
            extra.reply_total,
            extra.pinned,
            extra.reply_to_cid,
            extra.reply_to_name,
            extra.reply_to_uid,
            self.at,
        ];
        let inserted = self
            .tx
            .prepare_cached(
                "INSERT INTO items (list_id, cid, level, page, position, text, create_time,
                     digg_count, author_uid, nickname, author_liked, by_video_author, is_hot,
                     is_folded, has_sticker, labels, ip_label, images, hashtags, aweme_id,
                     reply_total, pinned, reply_to_cid, reply_to_name, reply_to_uid,
                     first_seen, last_seen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?26)
                 ON CONFLICT (list_id, cid) DO NOTHING",
            )?
            .execute(values)?;
        if inserted == 1 {
            // Indexed later, off the page write (see `index`).
            return Ok(());
        }
        // Seen before: the newer copy's counts and text win, and the index follows if it
        // covers the item already.
        let id: i64 = self
            .tx
            .prepare_cached(
                "UPDATE items SET page = ?4, position = ?5, text = ?6, create_time = ?7,
                     digg_count = ?8, author_uid = ?9, nickname = ?10, author_liked = ?11,
                     by_video_author = ?12, is_hot = ?13, is_folded = ?14, has_sticker = ?15,
                     labels = ?16, ip_label = ?17, images = ?18, hashtags = ?19,
                     aweme_id = ?20, reply_total = ?21, pinned = ?22, reply_to_cid = ?23,
                     reply_to_name = ?24, reply_to_uid = ?25, last_seen = ?26
                 WHERE list_id = ?1 AND cid = ?2 AND level = ?3
                 RETURNING id",
            )?
            .query_row(values, |r| r.get(0))?;
        let indexed_to = match self.indexed_to {
            Some(mark) => mark,
            None => *self.indexed_to.insert(index::indexed_to(self.tx)?),
        };
        if id <= indexed_to {
            index::reindex(self.tx, id, &post.text, &author.nickname)?;
        }
        Ok(())
    }
}

/// What only comments or only replies carry.
struct Extra<'a> {
    level: &'static str,
    aweme_id: Option<&'a str>,
    reply_total: Option<i64>,
    pinned: Option<bool>,
    reply_to_cid: Option<&'a str>,
    reply_to_name: Option<&'a str>,
    reply_to_uid: Option<&'a str>,
}

/// An author as embedded in an item: the latest fields, the highest counts (embedded
/// counts are often 0 where a profile had the real ones).
fn write_author(tx: &Transaction<'_>, author: &Author, at: i64) -> rusqlite::Result<()> {
    let counts = author.counts();
    tx.prepare_cached(
        "INSERT INTO users (uid, short_id, unique_id, sec_uid, nickname, signature, region,
             verification, follower_count, following_count, total_favorited, aweme_count,
             updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (uid) DO UPDATE SET
             short_id = excluded.short_id, unique_id = excluded.unique_id,
             sec_uid = excluded.sec_uid, nickname = excluded.nickname,
             signature = excluded.signature, region = excluded.region,
             verification = excluded.verification,
             follower_count = max(follower_count, excluded.follower_count),
             following_count = max(following_count, excluded.following_count),
             total_favorited = max(total_favorited, excluded.total_favorited),
             aweme_count = max(aweme_count, excluded.aweme_count),
             updated_at = excluded.updated_at",
    )?
    .execute(params![
        &*author.uid,
        &*author.short_id,
        &*author.unique_id,
        &*author.sec_uid,
        &*author.nickname,
        author.signature(),
        &*author.region,
        author.verification().unwrap_or_default(),
        counts.follower_count as i64,
        counts.following_count as i64,
        counts.total_favorited as i64,
        counts.aweme_count as i64,
        at,
    ])?;
    Ok(())
}

/// A full profile: its counts are the real ones, so they replace the stored ones.
fn write_profile(tx: &Transaction<'_>, profile: &Profile, at: i64) -> rusqlite::Result<()> {
    let user = &profile.user;
    if user.uid.is_empty() {
        return Ok(());
    }
    write_author(tx, user, at)?;
    let counts = user.counts();
    let gender = profile.gender.map(|g| match g {
        crate::api::Gender::Male => "male",
        crate::api::Gender::Female => "female",
    });
    tx.prepare_cached(
        "UPDATE users SET follower_count = ?2, following_count = ?3, total_favorited = ?4,
             aweme_count = ?5, ip_location = ?6, gender = ?7, age = ?8, is_private = ?9
         WHERE uid = ?1",
    )?
    .execute(params![
        &*user.uid,
        counts.follower_count as i64,
        counts.following_count as i64,
        counts.total_favorited as i64,
        counts.aweme_count as i64,
        profile.ip_location.as_deref(),
        gender,
        profile.age,
        profile.is_private,
    ])?;
    Ok(())
}
