//! The headless library commands: `douyin-threads search`, `douyin-threads library`,
//! `library forget` and `cache [clear]` (the library's page bodies). The library answers
//! with facts (hits, counts); this is where they become lines for a person, or records for
//! another program (the export's own records, so a search's JSON Lines read like an
//! export's). None of them sends a request.

use crate::cli::{CacheAction, LibraryAction, SearchArgs, SearchFormat};
use crate::config::Settings;
use crate::export::output::RecordWriter;
use crate::export::record::{Format, Record};
use crate::format;
use crate::launch;
use crate::library::{Forgotten, Hit, Library, ListKey, ListKind, SearchQuery, Stats};
use crate::target::{self, Target};
use crate::text::{one_line, truncate};
use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};
use std::io::{self, Write};

/// Exit codes: done; nothing found or the library failed; a usage error.
const DONE: u8 = 0;
const FAILED: u8 = 1;
const USAGE: u8 = 2;

fn refuse(message: &str, code: u8) -> u8 {
    eprintln!("douyin-threads: {message}");
    code
}

/// The library at the settings' path if there is one there already: these commands never
/// create one (an old cache folder is still brought in, once, by opening it).
fn existing(settings: &Settings) -> Result<Option<Library>, u8> {
    let Some(path) = launch::library_path(settings) else {
        return Err(refuse(
            "this system has no data directory for the library (set XDG_DATA_HOME or HOME, \
             or pass --library PATH).",
            USAGE,
        ));
    };
    let old_cache = launch::cache_dir().is_some_and(|dir| dir.is_dir());
    if !path.exists() && !old_cache {
        return Ok(None);
    }
    match launch::open_library(settings, Some(&path)) {
        Ok(opened) => {
            if let Some(notice) = opened.notice {
                eprintln!("douyin-threads: {notice}");
            }
            Ok(opened.library)
        }
        Err(err) => Err(refuse(&err.to_string(), USAGE)),
    }
}

fn shown(settings: &Settings) -> String {
    launch::library_path(settings)
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

/// `douyin-threads search QUERY …`: exit 0 with hits, 1 with none.
pub fn search(settings: &Settings, args: SearchArgs) -> u8 {
    let since = match args.since.as_deref().map(parse_since).transpose() {
        Ok(since) => since,
        Err(message) => return refuse(&message, USAGE),
    };
    let library = match existing(settings) {
        Ok(Some(library)) => library,
        Ok(None) => {
            return refuse(
                &format!(
                    "the library at {} is empty: nothing to search.",
                    shown(settings)
                ),
                FAILED,
            );
        }
        Err(code) => return code,
    };
    let query = SearchQuery {
        text: args.query,
        video: args.video,
        author: args.author,
        since,
        limit: args.limit,
        offset: 0,
    };
    let hits = match library.search(&query) {
        Ok(hits) => hits,
        Err(err) => return refuse(&format!("could not search: {err}"), FAILED),
    };
    let columns = crate::runtime::terminal::columns().map_or(100, usize::from);
    let written = render_hits(&hits, args.format, columns)
        .and_then(|bytes| io::stdout().lock().write_all(&bytes));
    if let Err(err) = written {
        return refuse(&format!("could not write the hits: {err}"), FAILED);
    }
    if hits.is_empty() {
        eprintln!(
            "douyin-threads: no match in the library for {:?}.",
            query.text
        );
        return FAILED;
    }
    DONE
}

/// `douyin-threads library [forget TARGET]`.
pub fn library(settings: &Settings, action: Option<LibraryAction>) -> u8 {
    let library = match existing(settings) {
        Ok(library) => library,
        Err(code) => return code,
    };
    match action {
        None => match library {
            None => {
                println!(
                    "{}
  Empty: nothing has been loaded yet.",
                    shown(settings)
                );
                DONE
            }
            Some(library) => match library.stats() {
                Ok(stats) => {
                    println!("{}", status(&stats, library.max_size()));
                    DONE
                }
                Err(err) => refuse(&format!("could not read the library: {err}"), FAILED),
            },
        },
        Some(LibraryAction::Forget { target }) => {
            let list = match forget_target(&target, library.as_ref()) {
                Ok(list) => list,
                Err(Unknown::Target(message)) => return refuse(&message, USAGE),
                Err(Unknown::ShareLink(message)) => return refuse(&message, FAILED),
            };
            let Some(library) = library else {
                println!("{}", forgotten(&list, &Forgotten::default()));
                return DONE;
            };
            match library.forget(&list) {
                Ok(done) => {
                    println!("{}", forgotten(&list, &done));
                    DONE
                }
                Err(err) => refuse(&format!("could not forget: {err}"), FAILED),
            }
        }
    }
}

/// Why TARGET names no list.
enum Unknown {
    /// It is not a target at all.
    Target(String),
    /// A share link the library never resolved: finding its video would be a billed call.
    ShareLink(String),
}

/// Which list TARGET names: a video (its link, `v:ID`, a share link or text the library
/// resolved before, or a bare ID the library knows as a video) or a top-level comment's
/// ID. Nothing is ever sent: forgetting must cost nothing.
fn forget_target(text: &str, library: Option<&Library>) -> Result<ListKey, Unknown> {
    match target::parse(text).map_err(|err| Unknown::Target(err.to_string()))? {
        Target::Video { id, .. } => Ok(ListKey::comments(id.as_str())),
        Target::Comment(id) => {
            let as_video = ListKey::comments(id.as_str());
            let known_video = library
                .and_then(|library| library.recent_lists(usize::MAX).ok())
                .is_some_and(|lists| lists.iter().any(|l| l.list == as_video));
            Ok(if known_video {
                as_video
            } else {
                ListKey::replies(id.as_str())
            })
        }
        Target::ShareLink { url, .. } => {
            let video = match library.map(|library| library.shared_video(&url)) {
                Some(Ok(video)) => video,
                Some(Err(err)) => {
                    return Err(Unknown::ShareLink(format!(
                        "could not read the library to find the video of {url}: {err}. \
                         Nothing was sent."
                    )));
                }
                None => None,
            };
            video
                .map(|id| ListKey::comments(id.as_str()))
                .ok_or_else(|| {
                    Unknown::ShareLink(format!(
                        "the library has no record of the share link {url}, so it does not know \
                     its video, and finding it would be a billed call: nothing was sent and \
                     nothing forgotten. Give the video's ID or douyin.com link instead."
                    ))
                })
        }
    }
}

/// `douyin-threads cache [clear]`: the page bodies in the library (the items stay).
pub fn cache(settings: &Settings, action: Option<CacheAction>) -> u8 {
    let library = match existing(settings) {
        Ok(library) => library,
        Err(code) => return code,
    };
    let path = shown(settings);
    let limit = format!("{} (cache_max_size)", format::size(settings.cache_max_size));
    let text = match (action, library) {
        (None, None) => {
            format!("Cache: {path}\n  Empty: nothing has been cached yet. Limit: {limit}.")
        }
        (Some(CacheAction::Clear), None) => {
            format!("There is no library at {path} yet: nothing to clear.")
        }
        (None, Some(library)) => match library.stats() {
            Ok(stats) => cache_status(&stats, &limit),
            Err(err) => return refuse(&format!("could not read the library: {err}"), FAILED),
        },
        (Some(CacheAction::Clear), Some(library)) => match library.clear_page_bodies() {
            Ok((0, _)) => format!("The cache in {path} is already empty."),
            Ok((count, bytes)) => format!(
                "Cleared the cache in {path}: removed {}, freed {}. The items they carried \
                 stay in the library.",
                format::plural(count, "entry"),
                format::size(bytes)
            ),
            Err(err) => return refuse(&format!("could not clear the cache: {err}"), FAILED),
        },
    };
    println!("{text}");
    DONE
}

fn cache_status(stats: &Stats, limit: &str) -> String {
    let kinds: Vec<String> = [
        ("replies", "page of replies", "pages of replies"),
        ("comments", "page of comments", "pages of comments"),
        ("profiles", "profile", "profiles"),
        ("share", "share link", "share links"),
    ]
    .into_iter()
    .filter_map(|(kind, one, many)| {
        let n = stats
            .bodies_by_kind
            .iter()
            .find(|(k, _)| k == kind)
            .map_or(0, |(_, n)| *n);
        match n {
            0 => None,
            1 => Some(format!("1 {one}")),
            n => Some(format!("{} {many}", format::grouped(n))),
        }
    })
    .collect();
    let mut text = format!(
        "Cache: {}\n  {}, {} of {limit}",
        stats.path.display(),
        format::plural(stats.page_bodies, "entry"),
        format::size(stats.body_bytes),
    );
    if !kinds.is_empty() {
        text.push_str(&format!("\n  ({})", kinds.join(", ")));
    }
    text.push_str(
        "\n  When it is full, the pages read least recently go first; the items they carried \
         stay in the library. `douyin-threads cache clear` empties it.",
    );
    text
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
        writer.write(&Record::from_hit(hit))?;
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
    use crate::library::StoredItem;
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
            list_title: None,
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
