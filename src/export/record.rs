//! One exported item — a top-level comment or a reply — as a flat, stable record, and its
//! two spellings: a JSON object (one per line) and a CSV row.
//!
//! The rules this module enforces, because the files leave the program for spreadsheets,
//! notebooks and other people:
//! - every key is always present, in the same order, `null` when the service sent nothing
//!   (an analysis written against one file reads the next one);
//! - no string carries a control character other than `\n`: text is exported as the API
//!   sent it, minus what [`crate::text::sanitize`] removes (the decoder already did; a
//!   record built from any other `Comment` or `Reply` is cleaned again here);
//! - a CSV cell that a spreadsheet would run as a formula is neutralised (see
//!   [`neutralised`]).

use crate::api::{Author, Comment, Post, Reply};
use crate::text;
use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// The two file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One JSON object per line (JSON Lines), UTF-8.
    #[default]
    Jsonl,
    /// Comma-separated values with a header row, RFC 4180 quoting, UTF-8 with a BOM.
    Csv,
}

impl Format {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
        }
    }

    /// The format a file name asks for: `.csv` is CSV, anything else JSON Lines.
    pub fn for_path(path: &std::path::Path) -> Format {
        match path.extension() {
            Some(ext) if ext.eq_ignore_ascii_case("csv") => Format::Csv,
            _ => Format::Jsonl,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// Whether a record is a top-level comment or a reply under one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Comment,
    Reply,
}

/// One exported item. Field order is the column order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    pub kind: Kind,
    pub cid: String,
    /// The top-level comment the item belongs to: a reply's thread, or a comment's own
    /// `cid`, so grouping by it gathers a comment with its replies.
    pub comment_cid: String,
    /// The video, when known (always for a video's export; not for a comment ID's).
    pub aweme_id: Option<String>,
    pub text: String,
    /// Unix seconds; `null` when the service sent none.
    pub create_time: Option<i64>,
    /// The same instant in Beijing time (as Douyin shows it), RFC 3339.
    pub create_time_iso: Option<String>,
    pub digg_count: u64,
    /// Liked by the video's author (作者赞过).
    pub author_liked: bool,
    /// Written by the video's author (the label 作者).
    pub by_video_author: bool,
    pub labels: Vec<String>,
    pub is_hot: bool,
    pub is_folded: bool,
    /// Pinned by the video's author; `null` for replies.
    pub pinned: Option<bool>,
    pub ip_label: Option<String>,
    /// Replies under a comment, as the service counts them; `null` for replies.
    pub reply_count: Option<u64>,
    /// The reply this reply answers; `null` when it answers the comment itself (and for
    /// comments).
    pub reply_to_cid: Option<String>,
    /// Whom it answers (a nickname), when it answers a reply.
    pub reply_to_name: Option<String>,
    pub image_urls: Vec<String>,
    /// `null` when the service sent no user at all.
    pub user: Option<User>,
}

/// The author of an item, as embedded in it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub uid: Option<String>,
    pub unique_id: Option<String>,
    pub short_id: Option<String>,
    pub sec_uid: Option<String>,
    pub profile_url: Option<String>,
    pub nickname: Option<String>,
    pub signature: Option<String>,
    pub region: Option<String>,
    pub verification: Option<String>,
    /// Often 0 inside comments and replies: the real numbers are only in a full profile.
    pub counts: Counts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub followers: u64,
    pub following: u64,
    pub likes: u64,
    pub works: u64,
}

impl Record {
    /// What a search of the library found: a comment with its video, a reply under its
    /// comment.
    pub fn from_hit(hit: &crate::library::Hit) -> Record {
        use crate::library::StoredItem;
        match &hit.item {
            StoredItem::Comment(comment) => Record::from_comment(comment, hit.video.as_deref()),
            StoredItem::Reply { reply, comment_cid } => {
                Record::from_reply(reply, comment_cid, hit.video.as_deref())
            }
        }
    }

    /// A top-level comment. Its `aweme_id` is the one it carries, else `video`.
    pub fn from_comment(comment: &Comment, video: Option<&str>) -> Record {
        let aweme_id = Some(&*comment.aweme_id)
            .filter(|id| !id.is_empty())
            .or(video);
        let cid = clean(&comment.post.cid);
        Record {
            kind: Kind::Comment,
            comment_cid: cid.clone(),
            pinned: Some(comment.pinned),
            reply_count: Some(comment.reply_total),
            reply_to_cid: None,
            reply_to_name: None,
            ..Record::from_post(&comment.post, cid, aweme_id)
        }
    }

    /// A reply under the comment `comment_cid`, on video `video` when known.
    pub fn from_reply(reply: &Reply, comment_cid: &str, video: Option<&str>) -> Record {
        let cid = clean(&reply.post.cid);
        Record {
            kind: Kind::Reply,
            comment_cid: clean(comment_cid),
            pinned: None,
            reply_count: None,
            reply_to_cid: reply.reply_to_cid().and_then(present),
            reply_to_name: present(reply.reply_to_name()),
            ..Record::from_post(&reply.post, cid, video)
        }
    }

    /// What comments and replies share; the caller fills in what they do not.
    fn from_post(post: &Post, cid: String, aweme_id: Option<&str>) -> Record {
        let create_time = (post.create_time > 0).then_some(post.create_time);
        Record {
            kind: Kind::Reply,
            comment_cid: String::new(),
            cid,
            aweme_id: aweme_id.and_then(present),
            text: clean(&post.text),
            create_time,
            create_time_iso: create_time.and_then(beijing_rfc3339),
            digg_count: post.digg_count,
            author_liked: post.author_liked,
            by_video_author: post.by_video_author,
            labels: post.labels.iter().filter_map(|l| present(l)).collect(),
            is_hot: post.is_hot,
            is_folded: post.is_folded,
            pinned: None,
            ip_label: post.ip_label.as_deref().and_then(present),
            reply_count: None,
            reply_to_cid: None,
            reply_to_name: None,
            image_urls: post.images.iter().filter_map(|u| present(u)).collect(),
            user: (!post.author.is_unknown()).then(|| User::from_author(&post.author)),
        }
    }

    /// The CSV cells, in [`COLUMNS`]' order, each [`neutralised`].
    pub fn csv_cells(&self) -> impl Iterator<Item = Cow<'_, str>> {
        COLUMNS
            .iter()
            .map(|column| neutralised((column.cell)(self)))
    }
}

/// One CSV column: its header (the JSON name; nested ones joined by `_`, as in
/// `user_counts_followers`) and how a record fills it. Lists are joined (labels with "; ",
/// image URLs with a space); `null` is an empty cell.
pub struct Column {
    pub name: &'static str,
    cell: for<'a> fn(&'a Record) -> Cow<'a, str>,
}

/// Every column, in order: the one table behind both the header and the rows.
pub const COLUMNS: &[Column] = &[
    Column {
        name: "kind",
        cell: |r| {
            Cow::Borrowed(match r.kind {
                Kind::Comment => "comment",
                Kind::Reply => "reply",
            })
        },
    },
    Column {
        name: "cid",
        cell: |r| Cow::from(r.cid.as_str()),
    },
    Column {
        name: "comment_cid",
        cell: |r| Cow::from(r.comment_cid.as_str()),
    },
    Column {
        name: "aweme_id",
        cell: |r| optional(&r.aweme_id),
    },
    Column {
        name: "text",
        cell: |r| Cow::from(r.text.as_str()),
    },
    Column {
        name: "create_time",
        cell: |r| number(r.create_time),
    },
    Column {
        name: "create_time_iso",
        cell: |r| optional(&r.create_time_iso),
    },
    Column {
        name: "digg_count",
        cell: |r| number(Some(r.digg_count)),
    },
    Column {
        name: "author_liked",
        cell: |r| flag(r.author_liked),
    },
    Column {
        name: "by_video_author",
        cell: |r| flag(r.by_video_author),
    },
    Column {
        name: "labels",
        cell: |r| Cow::Owned(r.labels.join("; ")),
    },
    Column {
        name: "is_hot",
        cell: |r| flag(r.is_hot),
    },
    Column {
        name: "is_folded",
        cell: |r| flag(r.is_folded),
    },
    Column {
        name: "pinned",
        cell: |r| r.pinned.map_or(Cow::Borrowed(""), flag),
    },
    Column {
        name: "ip_label",
        cell: |r| optional(&r.ip_label),
    },
    Column {
        name: "reply_count",
        cell: |r| number(r.reply_count),
    },
    Column {
        name: "reply_to_cid",
        cell: |r| optional(&r.reply_to_cid),
    },
    Column {
        name: "reply_to_name",
        cell: |r| optional(&r.reply_to_name),
    },
    Column {
        name: "image_urls",
        cell: |r| Cow::Owned(r.image_urls.join(" ")),
    },
    Column {
        name: "user_uid",
        cell: |r| user_text(r, |u| &u.uid),
    },
    Column {
        name: "user_unique_id",
        cell: |r| user_text(r, |u| &u.unique_id),
    },
    Column {
        name: "user_short_id",
        cell: |r| user_text(r, |u| &u.short_id),
    },
    Column {
        name: "user_sec_uid",
        cell: |r| user_text(r, |u| &u.sec_uid),
    },
    Column {
        name: "user_profile_url",
        cell: |r| user_text(r, |u| &u.profile_url),
    },
    Column {
        name: "user_nickname",
        cell: |r| user_text(r, |u| &u.nickname),
    },
    Column {
        name: "user_signature",
        cell: |r| user_text(r, |u| &u.signature),
    },
    Column {
        name: "user_region",
        cell: |r| user_text(r, |u| &u.region),
    },
    Column {
        name: "user_verification",
        cell: |r| user_text(r, |u| &u.verification),
    },
    Column {
        name: "user_counts_followers",
        cell: |r| user_count(r, |c| c.followers),
    },
    Column {
        name: "user_counts_following",
        cell: |r| user_count(r, |c| c.following),
    },
    Column {
        name: "user_counts_likes",
        cell: |r| user_count(r, |c| c.likes),
    },
    Column {
        name: "user_counts_works",
        cell: |r| user_count(r, |c| c.works),
    },
];

fn optional(value: &Option<String>) -> Cow<'_, str> {
    value.as_deref().map_or(Cow::Borrowed(""), Cow::from)
}

fn number<'a>(n: Option<impl ToString>) -> Cow<'a, str> {
    n.map_or(Cow::Borrowed(""), |n| Cow::Owned(n.to_string()))
}

fn flag<'a>(b: bool) -> Cow<'a, str> {
    Cow::Borrowed(if b { "true" } else { "false" })
}

fn user_text(record: &Record, pick: fn(&User) -> &Option<String>) -> Cow<'_, str> {
    record
        .user
        .as_ref()
        .map_or(Cow::Borrowed(""), |u| optional(pick(u)))
}

fn user_count(record: &Record, pick: fn(&Counts) -> u64) -> Cow<'_, str> {
    number(record.user.as_ref().map(|u| pick(&u.counts)))
}

impl User {
    fn from_author(author: &Author) -> User {
        let counts = author.counts();
        User {
            uid: present(&author.uid),
            unique_id: present(&author.unique_id),
            // "0" is how the service says "no short ID".
            short_id: present(&author.short_id).filter(|id| id != "0"),
            sec_uid: present(&author.sec_uid),
            profile_url: author.profile_url().as_deref().and_then(present),
            nickname: present(&author.nickname),
            signature: present(author.signature()),
            region: present(&author.region),
            verification: author.verification().and_then(present),
            counts: Counts {
                followers: counts.follower_count,
                following: counts.following_count,
                likes: counts.total_favorited,
                works: counts.aweme_count,
            },
        }
    }
}

/// Characters that make a spreadsheet read a cell as a formula when they lead it (OWASP,
/// "CSV Injection"): `=`, `+`, `-`, `@`, tab and carriage return.
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV cell a spreadsheet will show as text: one that starts with a formula trigger gets
/// a single quote in front (OWASP's advice), which Excel and LibreOffice take as "this is
/// text" and hide. Other programs see the quote; the JSON Lines export has none.
pub fn neutralised(cell: Cow<'_, str>) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_TRIGGERS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        cell
    }
}

/// Text safe to write to a file: [`text::sanitize`] (idempotent, and free on text the
/// decoder already cleaned), then, as a last guard, any control character but `\n`.
fn clean(raw: &str) -> String {
    let mut text = text::sanitize(raw);
    if text.chars().any(|c| c.is_control() && c != '\n') {
        text.retain(|c| !c.is_control() || c == '\n');
    }
    text
}

/// `Some` cleaned text, or `None` for a value the service left empty.
fn present(raw: &str) -> Option<String> {
    let text = clean(raw);
    (!text.trim().is_empty()).then_some(text)
}

/// e.g. `2023-07-03T18:26:02+08:00`.
fn beijing_rfc3339(unix_seconds: i64) -> Option<String> {
    let zoned = Timestamp::from_second(unix_seconds)
        .ok()?
        .to_zoned(TimeZone::fixed(Offset::constant(8)));
    Some(zoned.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{About, ReplyTo};
    use serde_json::Value;

    fn reply() -> Reply {
        Reply {
            post: Post {
                cid: "7251536675678782265".into(),
                text: "兄弟\n那你得多补补[暗中观察]".into(),
                create_time: 1_688_379_962,
                digg_count: 23,
                author_liked: true,
                labels: ["作者赞过".into()].into(),
                author: Author {
                    uid: "74470874573".into(),
                    short_id: "0".into(),
                    unique_id: "GMJ_1116".into(),
                    sec_uid: "MS4wLjABAAAA6Kxa".into(),
                    nickname: "史密斯夫妇💑".into(),
                    region: "CN".into(),
                    about: About {
                        signature: "hello".into(),
                        counts: crate::api::Counts {
                            follower_count: 5,
                            ..Default::default()
                        },
                        ..About::default()
                    }
                    .into(),
                },
                ..Post::default()
            },
            reply_to: ReplyTo {
                cid: Some("7251535176281932602".into()),
                name: "小虎".into(),
                uid: "63868108170".into(),
            }
            .into(),
        }
    }

    fn comment() -> Comment {
        Comment {
            post: Post {
                cid: "7310000000000000001".into(),
                text: "=HYPERLINK(\"http://evil\")".into(),
                ..Post::default()
            },
            aweme_id: "7300000000000000001".into(),
            reply_total: 12,
            pinned: true,
        }
    }

    #[test]
    fn a_reply_names_its_thread_video_and_beijing_time() {
        let record = Record::from_reply(&reply(), "7251524159191958327", None);
        let json = serde_json::to_value(&record).unwrap();
        assert_eq!(json["kind"], "reply");
        assert_eq!(json["comment_cid"], "7251524159191958327");
        assert_eq!(json["aweme_id"], Value::Null);
        assert_eq!(json["create_time"], 1_688_379_962);
        assert_eq!(json["create_time_iso"], "2023-07-03T18:26:02+08:00");
        assert_eq!(json["reply_to_cid"], "7251535176281932602");
        assert_eq!(json["reply_to_name"], "小虎");
        assert_eq!(json["reply_count"], Value::Null);
        assert_eq!(json["pinned"], Value::Null);
        assert_eq!(json["labels"], serde_json::json!(["作者赞过"]));
        assert_eq!(
            json["user"]["short_id"],
            Value::Null,
            "\"0\" is no short ID"
        );
        assert_eq!(
            json["user"]["profile_url"],
            "https://www.douyin.com/user/MS4wLjABAAAA6Kxa"
        );
        assert_eq!(json["user"]["counts"]["followers"], 5);
    }

    #[test]
    fn a_comment_is_its_own_thread_and_carries_its_reply_count() {
        let record = Record::from_comment(&comment(), None);
        assert_eq!(record.kind, Kind::Comment);
        assert_eq!(record.comment_cid, record.cid);
        assert_eq!(record.aweme_id.as_deref(), Some("7300000000000000001"));
        assert_eq!(record.reply_count, Some(12));
        assert_eq!(record.pinned, Some(true));
        assert_eq!(record.create_time, None, "0 is no time");
        assert_eq!(record.create_time_iso, None);
        assert_eq!(record.user, None, "no user was sent");
    }

    #[test]
    fn a_reply_to_the_comment_itself_answers_no_cid() {
        let mut plain = reply();
        let to = plain.reply_to.make_mut();
        to.cid = None;
        to.name = "".into();
        let record = Record::from_reply(&plain, "1", Some("2"));
        assert_eq!((record.reply_to_cid, record.reply_to_name), (None, None));
        assert_eq!(record.aweme_id.as_deref(), Some("2"));
    }

    #[test]
    fn no_control_character_but_a_line_break_reaches_a_record() {
        let mut hostile = reply();
        hostile.post.text = "a\u{1b}[2Jb\u{7}c\r\nd\u{0}e\u{9b}1mf\u{85}g".into();
        hostile.post.author.nickname = "\u{1b}]0;title\u{7}nick\tname".into();
        let record = Record::from_reply(&hostile, "1", None);
        assert_eq!(record.text, "abc\ndefg");
        let nickname = record.user.unwrap().nickname.unwrap();
        assert_eq!(nickname, "nick name");
    }

    #[test]
    fn formula_looking_cells_get_a_leading_quote_and_nothing_else_changes() {
        for risky in ["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralised(risky.into()), format!("'{risky}"));
        }
        for safe in [
            "1=1",
            "作者 = me",
            "",
            "'quoted",
            " =x",
            "7251524159191958327",
        ] {
            assert_eq!(neutralised(safe.into()), safe);
        }
        let record = Record::from_comment(&comment(), None);
        let cells: Vec<_> = record.csv_cells().collect();
        assert_eq!(cells[4], "'=HYPERLINK(\"http://evil\")");
    }

    #[test]
    fn the_csv_header_is_the_json_names_flattened_and_every_row_fills_it() {
        fn flatten(prefix: &str, value: &Value, out: &mut Vec<String>) {
            match value {
                Value::Object(fields) => {
                    for (key, value) in fields {
                        let name = if prefix.is_empty() {
                            key.clone()
                        } else {
                            format!("{prefix}_{key}")
                        };
                        flatten(&name, value, out);
                    }
                }
                _ => out.push(prefix.to_owned()),
            }
        }
        let record = Record::from_reply(&reply(), "1", Some("2"));
        let mut names = Vec::new();
        flatten("", &serde_json::to_value(&record).unwrap(), &mut names);
        let mut header: Vec<String> = COLUMNS.iter().map(|c| c.name.to_owned()).collect();
        names.sort();
        header.sort();
        assert_eq!(names, header);
        assert_eq!(record.csv_cells().count(), COLUMNS.len());
    }

    #[test]
    fn the_format_follows_the_file_name_unless_told() {
        assert_eq!(Format::for_path("out.CSV".as_ref()), Format::Csv);
        assert_eq!(Format::for_path("out.jsonl".as_ref()), Format::Jsonl);
        assert_eq!(Format::for_path("out".as_ref()), Format::Jsonl);
    }
}
