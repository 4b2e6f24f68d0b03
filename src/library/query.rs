//! What the program asks the library: search, recent lists, bookmarks, its size.

use super::index::{self, FOLD_FUNCTION, INDEXED_TO};
use super::store::folded;
use super::{Library, LibraryError, ListKey, ListKind};
use crate::api::{About, Author, Comment, Counts, Post, Reply, ReplyTo};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};
use std::path::PathBuf;

/// A search across every item in the library.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchQuery {
    /// Found in the text or the nickname, folded as the reader's search folds (case,
    /// full width); any substring, Chinese too. Empty matches every item.
    pub text: String,
    /// Only items under this video.
    pub video: Option<String>,
    /// Only items by this author: a uid, Douyin ID or sec_uid, or part of a nickname.
    pub author: Option<String>,
    /// Only items written at or after this unix time.
    pub since: Option<i64>,
    /// At most this many hits (the newest).
    pub limit: usize,
    /// Skip this many of the newest first: the hits from there on (a page of them).
    pub offset: usize,
}

/// A comment or a reply, as loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum StoredItem {
    Comment(Comment),
    Reply {
        reply: Reply,
        /// The top-level comment it is under.
        comment_cid: String,
    },
}

impl StoredItem {
    pub fn post(&self) -> &Post {
        match self {
            StoredItem::Comment(comment) => &comment.post,
            StoredItem::Reply { reply, .. } => &reply.post,
        }
    }
}

/// One item a search found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub item: StoredItem,
    /// The list it is in, to open it there.
    pub list: ListKey,
    /// The video it is under, when known.
    pub video: Option<String>,
    /// What its list is, in words, when known: the video's title for a comment, the text
    /// of the comment a reply is under.
    pub list_title: Option<String>,
    /// When the library first saw it (unix seconds).
    pub first_seen: i64,
}

/// A list the library knows, for the start screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentList {
    pub list: ListKey,
    /// A video's title, or the comment's text for its replies, when known.
    pub title: Option<String>,
    /// Items the library holds of it.
    pub loaded: u64,
    /// How many the service counts.
    pub total: Option<u64>,
    /// When the reader last had it open (unix seconds), if ever.
    pub last_read: Option<i64>,
    /// How far the reader had loaded then, and where it was.
    pub loaded_then: Option<u64>,
    pub selected: Option<String>,
    /// Items first seen since it was last read (by an export, say).
    pub new_since: u64,
    /// When the library last wrote a page of it.
    pub updated_at: i64,
}

/// A bookmarked item.
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    pub list: ListKey,
    pub item: StoredItem,
    /// When it was bookmarked (unix seconds).
    pub at: i64,
}

/// What the library holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    pub path: PathBuf,
    /// The file and its write-ahead log, in bytes.
    pub file_bytes: u64,
    pub videos: u64,
    pub comments: u64,
    pub replies: u64,
    pub authors: u64,
    pub bookmarks: u64,
    pub page_bodies: u64,
    pub body_bytes: u64,
    /// Page bodies by kind: replies, comments, share, profiles.
    pub bodies_by_kind: Vec<(String, u64)>,
}

/// The columns an item is rebuilt from, in the order [`item_from_row`] reads them.
const ITEM_COLUMNS: &str = "i.cid, i.level, i.text, i.create_time, i.digg_count, i.author_uid,
    i.nickname, i.author_liked, i.by_video_author, i.is_hot, i.is_folded, i.has_sticker,
    i.labels, i.ip_label, i.images, i.hashtags, i.aweme_id, i.reply_total, i.pinned,
    i.reply_to_cid, i.reply_to_name, i.reply_to_uid,
    u.short_id, u.unique_id, u.sec_uid, u.signature, u.region, u.verification,
    u.follower_count, u.following_count, u.total_favorited, u.aweme_count,
    l.kind, l.key, l.video_id, i.first_seen";
const ITEM_JOINS: &str = "items i JOIN lists l ON l.id = i.list_id
    LEFT JOIN users u ON u.uid = i.author_uid";
/// The index of the first column after the item's own.
const AFTER_ITEM: usize = 32;

// The file is open to other tools, so text read back from it is sanitized here, once, as
// if it had just been decoded: what another program wrote there (an escape in a title, a
// nickname) reaches neither the reader nor `search`'s output as a control sequence.

fn strings<T: FromIterator<Box<str>>>(json: String) -> T {
    serde_json::from_str::<Vec<String>>(&json)
        .unwrap_or_default()
        .into_iter()
        .map(clean)
        .collect()
}

fn clean<T: From<String>>(text: String) -> T {
    crate::text::sanitize_owned(text).into()
}

/// An ID or key (a list's, a video's, a cid) read back: clean and on one line, as the
/// start screen and `search` print it.
fn key(text: String) -> String {
    let clean = crate::text::sanitize_owned(text);
    match crate::text::one_line(&clean) {
        std::borrow::Cow::Borrowed(_) => clean,
        std::borrow::Cow::Owned(line) => line,
    }
}

// Another program may also have stored a value of another type than this program would
// (a blob, text that is not UTF-8, a number where text goes): each is read as what it
// means, so one such row costs its own oddity, not the whole search.

/// Text of any bytes (not UTF-8: replaced), a number as its digits, or nothing.
fn text_or_none(row: &Row<'_>, at: usize) -> rusqlite::Result<Option<String>> {
    Ok(match row.get_ref(at)? {
        ValueRef::Null => None,
        ValueRef::Integer(n) => Some(n.to_string()),
        ValueRef::Real(x) => Some(x.to_string()),
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            Some(String::from_utf8_lossy(bytes).into_owned())
        }
    })
}

fn text(row: &Row<'_>, at: usize) -> rusqlite::Result<String> {
    Ok(text_or_none(row, at)?.unwrap_or_default())
}

/// A whole number, however it was stored; `None` when it is none.
fn number_or_none(row: &Row<'_>, at: usize) -> rusqlite::Result<Option<i64>> {
    Ok(match row.get_ref(at)? {
        ValueRef::Integer(n) => Some(n),
        ValueRef::Real(x) => Some(x as i64),
        ValueRef::Text(bytes) => std::str::from_utf8(bytes)
            .ok()
            .and_then(|t| t.trim().parse().ok()),
        ValueRef::Null | ValueRef::Blob(_) => None,
    })
}

fn number(row: &Row<'_>, at: usize) -> rusqlite::Result<i64> {
    Ok(number_or_none(row, at)?.unwrap_or(0))
}

/// A count: never below 0.
fn count(row: &Row<'_>, at: usize) -> rusqlite::Result<u64> {
    Ok(number(row, at)?.max(0) as u64)
}

fn flag(row: &Row<'_>, at: usize) -> rusqlite::Result<bool> {
    Ok(number(row, at)? != 0)
}

fn item_from_row(row: &Row<'_>) -> rusqlite::Result<(StoredItem, ListKey, Option<String>)> {
    let author = Author {
        uid: clean(text(row, 5)?),
        nickname: clean(text(row, 6)?),
        short_id: clean(text(row, 22)?),
        unique_id: clean(text(row, 23)?),
        sec_uid: clean(text(row, 24)?),
        region: clean(text(row, 26)?),
        about: About {
            signature: clean(text(row, 25)?),
            verification: clean(text(row, 27)?),
            counts: Counts {
                follower_count: count(row, 28)?,
                following_count: count(row, 29)?,
                total_favorited: count(row, 30)?,
                aweme_count: count(row, 31)?,
            },
        }
        .into(),
    };
    let post = Post {
        cid: clean(text(row, 0)?),
        text: clean(text(row, 2)?),
        create_time: number(row, 3)?,
        digg_count: count(row, 4)?,
        author_liked: flag(row, 7)?,
        by_video_author: flag(row, 8)?,
        is_hot: flag(row, 9)?,
        is_folded: flag(row, 10)?,
        has_sticker: flag(row, 11)?,
        labels: strings(text(row, 12)?),
        ip_label: text_or_none(row, 13)?.map(clean),
        images: strings(text(row, 14)?),
        hashtags: strings(text(row, 15)?),
        author,
    };
    let kind = ListKind::parse(&text(row, AFTER_ITEM)?).unwrap_or(ListKind::Replies);
    let list = ListKey {
        kind,
        key: key(text(row, AFTER_ITEM + 1)?),
    };
    let video = text_or_none(row, AFTER_ITEM + 2)?.map(key);
    let item = if text(row, 1)? == "comment" {
        StoredItem::Comment(Comment {
            post,
            aweme_id: clean(text(row, 16)?),
            reply_total: count(row, 17)?,
            pinned: flag(row, 18)?,
        })
    } else {
        StoredItem::Reply {
            reply: Reply {
                post,
                reply_to: ReplyTo {
                    cid: text_or_none(row, 19)?.map(clean),
                    name: clean(text(row, 20)?),
                    uid: clean(text(row, 21)?),
                }
                .into(),
            },
            comment_cid: list.key.clone(),
        }
    };
    Ok((item, list, video))
}

/// Whether `c` is the only character that folds to `c` (`text::fold_char` maps full-width
/// forms to ASCII and upper case to lower case): true of CJK ideographs, kana and CJK
/// punctuation, which have neither case nor width forms, so a needle of them is found in
/// the stored text exactly where it is found in the folded text.
pub(super) fn folds_from_itself_only(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{303F}'   // CJK symbols and punctuation (not U+3000, a space)
        | '\u{3040}'..='\u{30FF}' // hiragana, katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{20000}'..='\u{3FFFF}') // CJK extensions B and later
}

/// What a search asks of the items: the ids whose text or nickname holds the needle (none:
/// every item), the conditions on the items, the joins those need, and the values named.
struct Filter {
    candidates: Option<String>,
    /// The FTS phrase the candidates are found by, when they are: its parameter number.
    phrase: Option<usize>,
    clauses: Vec<String>,
    needs_list: bool,
    needs_user: bool,
    values: Vec<Value>,
}

impl Filter {
    fn of(query: &SearchQuery) -> Filter {
        let needle: String = folded(&query.text);
        let mut values: Vec<Value> = Vec::new();
        let mut phrase = None;
        // The ids of the items whose text or nickname holds the needle.
        let candidates = if needle.is_empty() {
            None
        } else {
            values.push(Value::Text(needle.clone()));
            // Characters that nothing else folds to (Chinese, kana) are found in the text
            // as stored; others in the text folded, one row at a time.
            let fold = if needle.chars().all(folds_from_itself_only) {
                ""
            } else {
                FOLD_FUNCTION
            };
            let holds = format!(
                "(instr({fold}(text), ?{n}) > 0 OR instr({fold}(nickname), ?{n}) > 0)",
                n = values.len()
            );
            // FTS5's query parser ends a string at a NUL ("unterminated string"), so a
            // needle holding one is looked for by reading every item, as a short one is.
            Some(if needle.chars().count() >= 3 && !needle.contains('\0') {
                // A phrase of trigrams: the index finds any substring of three characters
                // or more. Inside double quotes FTS5 takes every character literally but
                // `"`. The items the index does not cover yet are read directly.
                values.push(Value::Text(format!("\"{}\"", needle.replace('"', "\"\""))));
                phrase = Some(values.len());
                format!(
                    "SELECT rowid FROM items_fts WHERE items_fts MATCH ?{}
                     UNION ALL
                     SELECT id FROM items WHERE id > {INDEXED_TO} AND {holds}",
                    values.len()
                )
            } else {
                // Shorter than a trigram (or holding a NUL): every item, read through.
                format!("SELECT id FROM items WHERE {holds}")
            })
        };
        let mut clauses = Vec::new();
        let mut needs_list = false;
        let mut needs_user = false;
        if let Some(video) = &query.video {
            values.push(Value::Text(video.clone()));
            clauses.push(format!("l.video_id = ?{}", values.len()));
            needs_list = true;
        }
        if let Some(author) = &query.author {
            values.push(Value::Text(author.clone()));
            let exact = values.len();
            values.push(Value::Text(folded(author)));
            clauses.push(format!(
                "(i.author_uid = ?{exact} OR u.unique_id = ?{exact} OR u.short_id = ?{exact}
                  OR u.sec_uid = ?{exact} OR instr({FOLD_FUNCTION}(i.nickname), ?{}) > 0)",
                values.len()
            ));
            needs_user = true;
        }
        if let Some(since) = query.since {
            values.push(Value::Integer(since));
            clauses.push(format!("i.create_time >= ?{}", values.len()));
        }
        Filter {
            candidates,
            phrase,
            clauses,
            needs_list,
            needs_user,
            values,
        }
    }

    /// The `WHERE` of the conditions on the items (`i`), with the joins they need.
    fn condition(&self) -> String {
        let mut sql = String::new();
        if self.needs_list {
            sql.push_str("JOIN lists l ON l.id = i.list_id ");
        }
        if self.needs_user {
            sql.push_str("LEFT JOIN users u ON u.uid = i.author_uid ");
        }
        if !self.clauses.is_empty() {
            sql.push_str(&format!("WHERE {}", self.clauses.join(" AND ")));
        }
        sql
    }

    /// The value `n` as the next parameter: its number.
    fn push(&mut self, n: usize) -> usize {
        self.values
            .push(Value::Integer(n.min(i64::MAX as usize) as i64));
        self.values.len()
    }
}

/// A list's title: the video's for comments; for replies, the text of their comment.
const LIST_TITLE: &str = "coalesce(l.title, (SELECT c.text FROM items c
                                      WHERE c.cid = l.key AND c.level = 'comment' LIMIT 1))";

/// How much dearer reading one match's row (to learn its time) is than passing one entry
/// of the time index: a page read from the file against a step through a page already
/// read (measured on a 1,000,000-item library: about 2-6 µs against 70 ns).
const ROW_PER_INDEX_STEP: u64 = 40;

/// Whether the newest `wanted` of the index's matches for `phrase` are found sooner by
/// passing the items newest first, through the time index, than by reading every match's
/// row for its time. The first passes about `wanted × items ÷ matches` index entries (the
/// matches spread evenly in time), the second reads a row of a page of its own for each
/// match: a word in 1 item in 100 of 1,000,000 is found in 5,000 index entries rather
/// than 10,000 rows (30 ms); one in 1,000 is still cheaper by its rows.
fn matches_are_dense(conn: &Connection, phrase: &Value, wanted: usize) -> rusqlite::Result<bool> {
    let matches: i64 = conn
        .prepare_cached("SELECT count(*) FROM items_fts WHERE items_fts MATCH ?1")?
        .query_row([phrase], |r| r.get(0))?;
    let items: i64 = conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM items")?
        .query_row([], |r| r.get(0))?;
    let matches = matches.max(0) as u64;
    let index_steps = (wanted as u64).saturating_mul(items.max(0) as u64);
    Ok(matches
        .saturating_mul(matches)
        .saturating_mul(ROW_PER_INDEX_STEP)
        >= index_steps)
}

impl Library {
    /// Every item matching `query`, newest first (by the time it was written): `limit` of
    /// them, from `offset` on.
    pub fn search(&self, query: &SearchQuery) -> Result<Vec<Hit>, LibraryError> {
        let mut filter = Filter::of(query);
        let condition = filter.condition();
        let limit = filter.push(query.limit);
        let offset = filter.push(query.offset);
        // Found by the index and filtered by nothing else: the matches may be many.
        let phrase = match filter.phrase {
            Some(at) if filter.clauses.is_empty() => Some(filter.values[at - 1].clone()),
            _ => None,
        };
        let wanted = query.limit.saturating_add(query.offset);
        let sql = |walk: bool| match &filter.candidates {
            // Many matches: the items, newest first, through the time index alone (it
            // holds each item's time and id), until `limit` of them are matches; the
            // rows are read for those only.
            Some(candidates) if walk => format!(
                "WITH hits (id) AS MATERIALIZED ({candidates}),
                 top (id, at) AS MATERIALIZED (
                     SELECT i.id, i.create_time FROM items i WHERE +i.id IN hits
                     ORDER BY i.create_time DESC, i.id DESC LIMIT ?{limit} OFFSET ?{offset})
                 SELECT {ITEM_COLUMNS}, {LIST_TITLE} FROM top CROSS JOIN items i ON i.id = top.id
                 JOIN lists l ON l.id = i.list_id LEFT JOIN users u ON u.uid = i.author_uid
                 ORDER BY top.at DESC, top.id DESC"
            ),
            // Few: the matches drive; only their ids and times are sorted, and the newest
            // `limit` of them are read whole.
            Some(candidates) => format!(
                "WITH hits (id) AS MATERIALIZED ({candidates}),
                 top (id, at) AS MATERIALIZED (
                     SELECT i.id, i.create_time FROM hits CROSS JOIN items i ON i.id = hits.id
                     {condition}
                     ORDER BY i.create_time DESC, i.id DESC LIMIT ?{limit} OFFSET ?{offset})
                 SELECT {ITEM_COLUMNS}, {LIST_TITLE} FROM top CROSS JOIN items i ON i.id = top.id
                 JOIN lists l ON l.id = i.list_id LEFT JOIN users u ON u.uid = i.author_uid
                 ORDER BY top.at DESC, top.id DESC"
            ),
            None => format!(
                "SELECT {ITEM_COLUMNS}, {LIST_TITLE} FROM {ITEM_JOINS}
                 {} ORDER BY i.create_time DESC, i.id DESC LIMIT ?{limit} OFFSET ?{offset}",
                match filter.clauses.is_empty() {
                    true => String::new(),
                    false => format!("WHERE {}", filter.clauses.join(" AND ")),
                }
            ),
        };
        let (hits, behind) = self.with_connection(|conn| {
            let walk = match &phrase {
                Some(phrase) => matches_are_dense(conn, phrase, wanted)?,
                None => false,
            };
            let mut statement = conn.prepare_cached(&sql(walk))?;
            let hits = statement
                .query_map(params_from_iter(filter.values.iter()), |row| {
                    let (item, list, video) = item_from_row(row)?;
                    Ok(Hit {
                        item,
                        list,
                        video,
                        first_seen: number(row, AFTER_ITEM + 3)?,
                        list_title: text_or_none(row, AFTER_ITEM + 4)?.map(clean::<String>),
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((hits, index::behind(conn)?))
        })?;
        if behind {
            // Items written by a program that ended before indexing them, say.
            self.catch_up();
        }
        Ok(hits)
    }

    /// How many items match `query` (its limit and offset aside), counting no further than
    /// `cap`: a common word in a large library is "more than `cap`", not worth counting on.
    pub fn count(&self, query: &SearchQuery, cap: u64) -> Result<u64, LibraryError> {
        let mut filter = Filter::of(query);
        let condition = filter.condition();
        let cap = filter.push(usize::try_from(cap).unwrap_or(usize::MAX));
        let matching = match &filter.candidates {
            // Nothing else to check: the matches are counted without reading their rows
            // (10,000 of them: 2 ms rather than 38). The index and the items are kept
            // together (a forgotten list leaves the index in the same transaction).
            Some(candidates) if filter.clauses.is_empty() => {
                format!("WITH hits (id) AS MATERIALIZED ({candidates}) SELECT 1 FROM hits")
            }
            Some(candidates) => format!(
                "WITH hits (id) AS MATERIALIZED ({candidates})
                 SELECT 1 FROM hits CROSS JOIN items i ON i.id = hits.id {condition}"
            ),
            None => format!("SELECT 1 FROM items i {condition}"),
        };
        let sql = format!("SELECT count(*) FROM ({matching} LIMIT ?{cap})");
        self.with_connection(|conn| {
            let n = conn
                .prepare_cached(&sql)?
                .query_row(params_from_iter(filter.values.iter()), |r| {
                    r.get::<_, i64>(0)
                })?;
            Ok(n as u64)
        })
    }

    /// Whether the library holds no item at all.
    pub fn is_empty(&self) -> Result<bool, LibraryError> {
        self.with_connection(|conn| {
            let any: bool =
                conn.query_row("SELECT EXISTS (SELECT 1 FROM items)", [], |r| r.get(0))?;
            Ok(!any)
        })
    }

    /// The items of one list, in the order the service gave them.
    pub fn items(&self, list: &ListKey) -> Result<Vec<StoredItem>, LibraryError> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM {ITEM_JOINS} WHERE l.kind = ?1 AND l.key = ?2
             ORDER BY i.page, i.position, i.id"
        );
        self.with_connection(|conn| {
            conn.prepare_cached(&sql)?
                .query_map(rusqlite::params![list.kind.as_str(), list.key], |row| {
                    item_from_row(row).map(|(item, _, _)| item)
                })?
                .collect()
        })
    }

    /// The top-level comment `cid`, when the library holds it (to head its replies).
    pub fn comment(&self, cid: &str) -> Result<Option<Comment>, LibraryError> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM {ITEM_JOINS} WHERE i.cid = ?1 AND i.level = 'comment'
             ORDER BY i.id LIMIT 1"
        );
        self.with_connection(|conn| {
            let item = conn
                .prepare_cached(&sql)?
                .query_row([cid], |row| item_from_row(row).map(|(item, _, _)| item))
                .optional()?;
            Ok(match item {
                Some(StoredItem::Comment(comment)) => Some(comment),
                _ => None,
            })
        })
    }

    /// The lists the library knows, the most recently read (else written) first.
    pub fn recent_lists(&self, limit: usize) -> Result<Vec<RecentList>, LibraryError> {
        self.with_connection(|conn| {
            conn.prepare_cached(
                // The lists are chosen first; only theirs are counted (every list's
                // items counted, then sorted, read the whole library).
                "WITH recent (id, visit, at) AS MATERIALIZED (
                     SELECT l.id, v.id, coalesce(v.at, l.updated_at)
                     FROM lists l
                     LEFT JOIN visits v ON v.id = (SELECT id FROM visits
                                                   WHERE list_id = l.id
                                                   ORDER BY at DESC, id DESC LIMIT 1)
                     ORDER BY 3 DESC, l.id DESC
                     LIMIT ?1)
                 SELECT l.kind, l.key,
                        coalesce(l.title, (SELECT c.text FROM items c
                                           WHERE c.cid = l.key AND c.level = 'comment'
                                           LIMIT 1)),
                        (SELECT count(*) FROM items i WHERE i.list_id = l.id),
                        l.total, v.at, v.loaded, v.selected_cid,
                        CASE WHEN v.at IS NULL THEN 0 ELSE
                            (SELECT count(*) FROM items i
                             WHERE i.list_id = l.id AND i.first_seen > v.at) END,
                        l.updated_at
                 FROM recent CROSS JOIN lists l ON l.id = recent.id
                 LEFT JOIN visits v ON v.id = recent.visit
                 ORDER BY recent.at DESC, l.id DESC",
            )?
            .query_map([limit.min(i64::MAX as usize) as i64], |row| {
                Ok(RecentList {
                    list: ListKey {
                        kind: ListKind::parse(&text(row, 0)?).unwrap_or(ListKind::Replies),
                        key: key(text(row, 1)?),
                    },
                    title: text_or_none(row, 2)?.map(clean::<String>),
                    loaded: count(row, 3)?,
                    total: number_or_none(row, 4)?.map(|t| t.max(0) as u64),
                    last_read: number_or_none(row, 5)?,
                    loaded_then: number_or_none(row, 6)?.map(|t| t.max(0) as u64),
                    selected: text_or_none(row, 7)?.map(key),
                    new_since: count(row, 8)?,
                    updated_at: number(row, 9)?,
                })
            })?
            .collect()
        })
    }

    /// Every bookmark, the newest first.
    pub fn bookmarks(&self) -> Result<Vec<Bookmark>, LibraryError> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS}, b.at FROM bookmarks b
             JOIN items i ON i.id = b.item_id JOIN lists l ON l.id = i.list_id
             LEFT JOIN users u ON u.uid = i.author_uid
             ORDER BY b.at DESC, b.item_id DESC"
        );
        self.with_connection(|conn| {
            conn.prepare_cached(&sql)?
                .query_map([], |row| {
                    let (item, list, _) = item_from_row(row)?;
                    Ok(Bookmark {
                        list,
                        item,
                        at: number(row, AFTER_ITEM + 4)?,
                    })
                })?
                .collect()
        })
    }

    /// The cids of every bookmarked item, to mark them wherever they are shown (a search's
    /// hits come from every list).
    pub fn bookmarked_cids(&self) -> Result<Vec<String>, LibraryError> {
        self.with_connection(|conn| {
            conn.prepare_cached("SELECT i.cid FROM bookmarks b JOIN items i ON i.id = b.item_id")?
                .query_map([], |r| text(r, 0).map(key))?
                .collect()
        })
    }

    /// The cids bookmarked in one list, to mark them.
    pub fn bookmarked_in(&self, list: &ListKey) -> Result<Vec<String>, LibraryError> {
        self.with_connection(|conn| {
            conn.prepare_cached(
                "SELECT i.cid FROM bookmarks b JOIN items i ON i.id = b.item_id
                 JOIN lists l ON l.id = i.list_id WHERE l.kind = ?1 AND l.key = ?2",
            )?
            .query_map(rusqlite::params![list.kind.as_str(), list.key], |r| {
                text(r, 0).map(key)
            })?
            .collect()
        })
    }

    /// Its size and what it holds.
    pub fn stats(&self) -> Result<Stats, LibraryError> {
        let file_bytes = ["", "-wal"]
            .iter()
            .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", self.path.display())).ok())
            .map(|m| m.len())
            .sum();
        self.with_connection(|conn| {
            let count =
                |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0).map(|n| n as u64));
            let (page_bodies, body_bytes) =
                conn.query_row("SELECT count(*), total(bytes) FROM pages", [], |r| {
                    Ok((r.get::<_, i64>(0)? as u64, r.get::<_, f64>(1)? as u64))
                })?;
            let bodies_by_kind = conn
                .prepare("SELECT kind, count(*) FROM pages GROUP BY kind ORDER BY kind")?
                .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(Stats {
                path: self.path.to_path_buf(),
                file_bytes,
                videos: count("SELECT count(*) FROM lists WHERE kind = 'comments'")?,
                comments: count("SELECT count(*) FROM items WHERE level = 'comment'")?,
                replies: count("SELECT count(*) FROM items WHERE level = 'reply'")?,
                authors: count("SELECT count(*) FROM users")?,
                bookmarks: count("SELECT count(*) FROM bookmarks")?,
                page_bodies,
                body_bytes,
                bodies_by_kind,
            })
        })
    }
}
