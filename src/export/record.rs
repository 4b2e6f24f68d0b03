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
use sha2::{Digest, Sha256};
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

/// What `--anonymize` does to a record: the four IDs become a salted hash, stable for one
/// salt (so one person's items still group together), and what names a person goes.
#[derive(Clone)]
pub struct Anonymizer {
    key: [u8; 32],
}

impl fmt::Debug for Anonymizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The key is what keeps the hashes from being reversed by guessing IDs.
        f.write_str("Anonymizer(<key>)")
    }
}

/// Hex digits kept of each hash: 64 bits, so a million people collide with odds of about
/// one in 30 million.
const PSEUDONYM_HEX_DIGITS: usize = 16;

impl Anonymizer {
    /// Hashes keyed by `salt`: the same salt gives the same pseudonyms in every export.
    pub fn with_salt(salt: &str) -> Anonymizer {
        let mut hasher = Sha256::new();
        hasher.update(b"douyin-threads anonymize v1\0");
        hasher.update(salt.as_bytes());
        Anonymizer {
            key: hasher.finalize().into(),
        }
    }

    /// Hashes keyed by 32 bytes from the operating system, forgotten at exit: stable within
    /// one export only.
    pub fn random() -> std::io::Result<Anonymizer> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(Anonymizer { key })
    }

    /// The pseudonym of one ID.
    pub fn pseudonym(&self, id: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.key);
        hasher.update(id.as_bytes());
        let digest = hasher.finalize();
        let mut hex = String::with_capacity(PSEUDONYM_HEX_DIGITS);
        for byte in &digest[..PSEUDONYM_HEX_DIGITS / 2] {
            hex.push_str(&format!("{byte:02x}"));
        }
        hex
    }

    fn apply(&self, record: &mut Record) {
        record.reply_to_name = None;
        let Some(user) = &mut record.user else {
            return;
        };
        for id in [
            &mut user.uid,
            &mut user.unique_id,
            &mut user.short_id,
            &mut user.sec_uid,
        ] {
            *id = id.as_deref().map(|value| self.pseudonym(value));
        }
        user.profile_url = None;
        user.nickname = None;
        user.signature = None;
    }
}

impl Record {
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
            reply_to_cid: reply.reply_to_cid.as_deref().and_then(present),
            reply_to_name: present(&reply.reply_to_name),
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

    /// The record with `anonymizer` applied, when there is one.
    pub fn anonymized(mut self, anonymizer: Option<&Anonymizer>) -> Record {
        if let Some(anonymizer) = anonymizer {
            anonymizer.apply(&mut self);
        }
        self
    }

    /// The CSV cells, in [`CSV_HEADER`]'s order, each [`neutralised`]. Lists are joined:
    /// labels with "; ", image URLs with a space; `null` is an empty cell.
    pub fn csv_cells(&self) -> Vec<Cow<'_, str>> {
        fn opt(value: &Option<String>) -> Cow<'_, str> {
            value.as_deref().map_or(Cow::Borrowed(""), Cow::from)
        }
        let num = |n: Option<u64>| n.map_or(Cow::Borrowed(""), |n| Cow::Owned(n.to_string()));
        let flag = |b: bool| Cow::Borrowed(if b { "true" } else { "false" });
        let user = self.user.as_ref();
        let user_text =
            |pick: fn(&User) -> &Option<String>| user.map_or(Cow::Borrowed(""), |u| opt(pick(u)));
        let user_count = |pick: fn(&Counts) -> u64| num(user.map(|u| pick(&u.counts)));
        let cells = vec![
            Cow::Borrowed(match self.kind {
                Kind::Comment => "comment",
                Kind::Reply => "reply",
            }),
            Cow::from(self.cid.as_str()),
            Cow::from(self.comment_cid.as_str()),
            opt(&self.aweme_id),
            Cow::from(self.text.as_str()),
            self.create_time
                .map_or(Cow::Borrowed(""), |t| Cow::Owned(t.to_string())),
            opt(&self.create_time_iso),
            num(Some(self.digg_count)),
            flag(self.author_liked),
            flag(self.by_video_author),
            Cow::Owned(self.labels.join("; ")),
            flag(self.is_hot),
            flag(self.is_folded),
            self.pinned.map_or(Cow::Borrowed(""), flag),
            opt(&self.ip_label),
            num(self.reply_count),
            opt(&self.reply_to_cid),
            opt(&self.reply_to_name),
            Cow::Owned(self.image_urls.join(" ")),
            user_text(|u| &u.uid),
            user_text(|u| &u.unique_id),
            user_text(|u| &u.short_id),
            user_text(|u| &u.sec_uid),
            user_text(|u| &u.profile_url),
            user_text(|u| &u.nickname),
            user_text(|u| &u.signature),
            user_text(|u| &u.region),
            user_text(|u| &u.verification),
            user_count(|c| c.followers),
            user_count(|c| c.following),
            user_count(|c| c.likes),
            user_count(|c| c.works),
        ];
        cells.into_iter().map(neutralised).collect()
    }
}

/// The CSV header: the JSON names, nested ones joined by `_` (`user_counts_followers`).
pub const CSV_HEADER: [&str; 32] = [
    "kind",
    "cid",
    "comment_cid",
    "aweme_id",
    "text",
    "create_time",
    "create_time_iso",
    "digg_count",
    "author_liked",
    "by_video_author",
    "labels",
    "is_hot",
    "is_folded",
    "pinned",
    "ip_label",
    "reply_count",
    "reply_to_cid",
    "reply_to_name",
    "image_urls",
    "user_uid",
    "user_unique_id",
    "user_short_id",
    "user_sec_uid",
    "user_profile_url",
    "user_nickname",
    "user_signature",
    "user_region",
    "user_verification",
    "user_counts_followers",
    "user_counts_following",
    "user_counts_likes",
    "user_counts_works",
];

impl User {
    fn from_author(author: &Author) -> User {
        User {
            uid: present(&author.uid),
            unique_id: present(&author.unique_id),
            // "0" is how the service says "no short ID".
            short_id: present(&author.short_id).filter(|id| id != "0"),
            sec_uid: present(&author.sec_uid),
            profile_url: author.profile_url().as_deref().and_then(present),
            nickname: present(&author.nickname),
            signature: present(&author.signature),
            region: present(&author.region),
            verification: present(&author.verification),
            counts: Counts {
                followers: author.follower_count,
                following: author.following_count,
                likes: author.total_favorited,
                works: author.aweme_count,
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
    use serde_json::Value;

    fn reply() -> Reply {
        Reply {
            post: Post {
                cid: "7251536675678782265".into(),
                text: "兄弟\n那你得多补补[暗中观察]".into(),
                create_time: 1_688_379_962,
                digg_count: 23,
                author_liked: true,
                labels: Box::new(["作者赞过".into()]),
                author: Author {
                    uid: "74470874573".into(),
                    short_id: "0".into(),
                    unique_id: "GMJ_1116".into(),
                    sec_uid: "MS4wLjABAAAA6Kxa".into(),
                    nickname: "史密斯夫妇💑".into(),
                    signature: "hello".into(),
                    region: "CN".into(),
                    follower_count: 5,
                    ..Author::default()
                },
                ..Post::default()
            },
            reply_to_cid: Some("7251535176281932602".into()),
            reply_to_name: "小虎".into(),
            reply_to_uid: "63868108170".into(),
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
        plain.reply_to_cid = None;
        plain.reply_to_name = "".into();
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
        let cells = record.csv_cells();
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
        let mut header: Vec<String> = CSV_HEADER.iter().map(|h| h.to_string()).collect();
        names.sort();
        header.sort();
        assert_eq!(names, header);
        assert_eq!(record.csv_cells().len(), CSV_HEADER.len());
        let unknown = Record::from_comment(&comment(), None);
        assert_eq!(unknown.csv_cells().len(), CSV_HEADER.len());
    }

    #[test]
    fn anonymized_ids_are_stable_per_salt_and_names_are_dropped() {
        let salted = Anonymizer::with_salt("s1");
        let a = Record::from_reply(&reply(), "1", None).anonymized(Some(&salted));
        let b = Record::from_reply(&reply(), "1", None).anonymized(Some(&salted));
        assert_eq!(a, b, "the same salt, the same pseudonyms");
        let user = a.user.as_ref().unwrap();
        let uid = user.uid.as_deref().unwrap();
        assert_eq!(uid.len(), PSEUDONYM_HEX_DIGITS);
        assert_ne!(uid, "74470874573");
        assert_ne!(user.unique_id, user.uid);
        assert_eq!(user.short_id, None, "nothing to hide stays nothing");
        assert_eq!(
            (&user.nickname, &user.signature, &user.profile_url),
            (&None, &None, &None)
        );
        assert_eq!(a.reply_to_name, None, "a nickname of someone else");
        let other = Anonymizer::with_salt("s2");
        let c = Record::from_reply(&reply(), "1", None).anonymized(Some(&other));
        assert_ne!(c.user.unwrap().uid, a.user.as_ref().unwrap().uid);
        let random = Anonymizer::random().unwrap();
        assert_ne!(
            random.pseudonym("74470874573"),
            salted.pseudonym("74470874573")
        );
        assert_eq!(format!("{salted:?}"), "Anonymizer(<key>)");
    }

    #[test]
    fn the_format_follows_the_file_name_unless_told() {
        assert_eq!(Format::for_path("out.CSV".as_ref()), Format::Csv);
        assert_eq!(Format::for_path("out.jsonl".as_ref()), Format::Jsonl);
        assert_eq!(Format::for_path("out".as_ref()), Format::Jsonl);
    }
}
