//! The headless library commands' words: `douyin-threads search`, `douyin-threads library`
//! and `library forget`. The library answers with facts (hits, counts); this is where they
//! become lines for a person, or records for another program (the export's own records, so
//! a search's JSON Lines read like an export's).

use crate::export::output::RecordWriter;
use crate::export::record::{Format, Record};
use crate::format;
use crate::library::{Forgotten, Hit, ListKey, ListKind, Stats, StoredItem};
use crate::text::{one_line, truncate};
use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};
use std::io;

/// How `search` prints its hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SearchFormat {
    /// One hit a line: time, author, likes, list, text cut to the width.
    #[default]
    Text,
    /// One JSON object a hit, with the export's fields.
    Jsonl,
    /// The export's CSV columns, with a header row.
    Csv,
}

/// A hit as the export's record: a comment with its video, a reply under its comment.
pub fn record(hit: &Hit) -> Record {
    match &hit.item {
        StoredItem::Comment(comment) => Record::from_comment(comment, hit.video.as_deref()),
        StoredItem::Reply { reply, comment_cid } => {
            Record::from_reply(reply, comment_cid, hit.video.as_deref())
        }
    }
}

/// The hits in `format`; text lines are cut to `columns` display cells.
pub fn render_hits(hits: &[Hit], format: SearchFormat, columns: usize) -> io::Result<Vec<u8>> {
    let export = match format {
        SearchFormat::Text => {
            let mut out = String::new();
            for hit in hits {
                out.push_str(&hit_line(hit, columns));
                out.push('\n');
            }
            return Ok(out.into_bytes());
        }
        SearchFormat::Jsonl => Format::Jsonl,
        SearchFormat::Csv => Format::Csv,
    };
    let mut writer = RecordWriter::new(export, Vec::new())?;
    for hit in hits {
        writer.write(&record(hit))?;
    }
    writer.finish()
}

/// `2023-11-14 22:13  小明  ♥ 1.2万  replies 7251…  the text, cut to the width`.
fn hit_line(hit: &Hit, columns: usize) -> String {
    let post = hit.item.post();
    let list = match hit.list.kind {
        ListKind::Comments => format!("video {}", hit.list.key),
        ListKind::Replies => format!("replies {}", hit.list.key),
    };
    let nickname = one_line(&post.author.nickname);
    let (nickname, _) = truncate(&nickname, 16);
    let line = format!(
        "{}  {}  ♥ {}  {}  {}",
        format::beijing_time(post.create_time),
        nickname,
        format::count(post.digg_count),
        list,
        one_line(&post.text)
    );
    truncate(&line, columns.max(20)).0
}

/// `douyin-threads library`: the path on the first line, then size and counts.
pub fn status(stats: &Stats, max_size: u64) -> String {
    format!(
        "{}\n  {} on disk: {}, {}, {}, {}, {}.\n  Page bodies: {}, {} of {} (cache_max_size); \
         the least recently read go first when full, and the items they carried stay.",
        stats.path.display(),
        format::size(stats.file_bytes),
        format::plural(stats.videos, "video"),
        format::plural(stats.comments, "comment"),
        format::plural(stats.replies, "reply"),
        format::plural(stats.authors, "author"),
        format::plural(stats.bookmarks, "bookmark"),
        format::grouped(stats.page_bodies),
        format::size(stats.body_bytes),
        format::size(max_size),
    )
}

/// What `library forget` did.
pub fn forgotten(list: &ListKey, forgotten: &Forgotten) -> String {
    let what = match list.kind {
        ListKind::Comments => format!("the comments of video {}", list.key),
        ListKind::Replies => format!("the replies to comment {}", list.key),
    };
    if forgotten.lists == 0 && forgotten.page_bodies == 0 {
        return format!("The library holds nothing of {what}: nothing to forget.");
    }
    format!(
        "Forgot {what}: {} and {} removed.",
        format::plural(forgotten.items, "item"),
        format::plural(forgotten.page_bodies, "page body"),
    )
}

/// `--since`: a day (`2024-01-31`, from midnight in Beijing, as Douyin shows times) or an
/// instant with its offset (`2024-01-31T08:00:00+08:00`), as unix seconds.
pub fn parse_since(text: &str) -> Result<i64, String> {
    let text = text.trim();
    if let Ok(instant) = text.parse::<jiff::Timestamp>() {
        return Ok(instant.as_second());
    }
    let date: Date = text.parse().map_err(|_| {
        format!("--since {text:?} is not a date: write it as 2024-01-31 (a day in Beijing time)")
    })?;
    let beijing = TimeZone::fixed(Offset::constant(8));
    date.to_zoned(beijing)
        .map(|zoned| zoned.timestamp().as_second())
        .map_err(|err| format!("--since {text:?}: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Author, Post, Reply};
    use crate::text::width;
    use std::path::PathBuf;

    fn hit(text: &str) -> Hit {
        Hit {
            item: StoredItem::Reply {
                reply: Reply {
                    post: Post {
                        cid: "1".into(),
                        text: text.into(),
                        create_time: 1_700_000_000,
                        digg_count: 12_345,
                        author: Author {
                            uid: "9".into(),
                            nickname: "小明".into(),
                            ..Author::default()
                        },
                        ..Post::default()
                    },
                    ..Reply::default()
                },
                comment_cid: "7251524159191958327".into(),
            },
            list: ListKey::replies("7251524159191958327"),
            video: Some("7300000000000000001".into()),
            first_seen: 1_700_000_000,
        }
    }

    #[test]
    fn a_text_hit_is_one_line_cut_to_the_width() {
        let text = "我也想去大理\n看看洱海".repeat(10);
        let out = render_hits(&[hit(&text)], SearchFormat::Text, 100).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.lines().count(), 1, "{out}");
        let start =
            "2023-11-15 06:13  小明  ♥ 1.2万  replies 7251524159191958327  我也想去大理 ⏎ 看看";
        assert!(out.starts_with(start), "{out}");
        assert!(width(out.trim_end()) <= 100, "{out}");
    }

    #[test]
    fn jsonl_hits_carry_the_exports_fields() {
        let out = render_hits(&[hit("大理")], SearchFormat::Jsonl, 80).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["kind"], "reply");
        assert_eq!(value["comment_cid"], "7251524159191958327");
        assert_eq!(value["aweme_id"], "7300000000000000001");
        assert_eq!(value["text"], "大理");
        assert_eq!(value["user"]["nickname"], "小明");
        let csv = render_hits(&[hit("大理")], SearchFormat::Csv, 80).unwrap();
        assert!(csv.starts_with("\u{feff}kind,cid,".as_bytes()));
    }

    #[test]
    fn status_starts_with_the_path() {
        let stats = Stats {
            path: PathBuf::from("/data/library.sqlite3"),
            file_bytes: 5_000_000,
            videos: 2,
            comments: 40,
            replies: 1_234,
            authors: 300,
            bookmarks: 1,
            page_bodies: 60,
            body_bytes: 3_000_000,
            bodies_by_kind: Vec::new(),
        };
        let text = status(&stats, 200_000_000);
        assert!(text.starts_with("/data/library.sqlite3\n"), "{text}");
        assert!(
            text.contains("2 videos, 40 comments, 1,234 replies, 300 authors, 1 bookmark"),
            "{text}"
        );
        assert!(text.contains("Page bodies: 60, 3 MB of 200 MB"), "{text}");
    }

    #[test]
    fn since_takes_a_beijing_day_or_an_instant() {
        assert_eq!(parse_since("2023-11-15").unwrap(), 1_699_977_600);
        assert_eq!(parse_since("2023-11-14T16:00:00Z").unwrap(), 1_699_977_600);
        assert!(parse_since("yesterday").unwrap_err().contains("2024-01-31"));
    }
}
