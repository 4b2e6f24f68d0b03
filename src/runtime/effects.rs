//! What the app asks of the system beside fetching: the clipboard (through the terminal,
//! OSC 52, so it works over SSH), the browser, and files written by `e`.

use crate::app::{Notice, Saved};
use crate::export::output::save_new;
use crate::export::record::{Format, Record};
use crossterm::clipboard::CopyToClipboard;
use std::io::{self, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// Asks the terminal to put `text` on the clipboard. Terminals that do not allow it ignore
/// the request, which is why the app says "some terminals need it allowed".
pub fn copy(out: &mut impl Write, text: &str) -> io::Result<()> {
    crossterm::execute!(out, CopyToClipboard::to_clipboard_from(text))
}

/// The programs that open a URL in the browser, by platform convention, in the order tried.
const OPENERS: [&str; 3] = ["xdg-open", "open", "wslview"];

/// Opens `url` with the first opener found on `PATH`; says how it went.
pub fn open_url(url: &str) -> Notice {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = OPENERS
        .iter()
        .find(|name| std::env::split_paths(&path).any(|dir| is_program(&dir.join(name))));
    let Some(opener) = found else {
        return Notice {
            text: format!(
                "No way to open a browser was found ({} are not on PATH); Y copies the link instead.",
                OPENERS.join(", ")
            ),
            is_error: true,
        };
    };
    let spawned = Command::new(opener)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match spawned {
        // The opener hands the URL on and exits; a thread waits for it so it is not left a
        // zombie.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
            Notice {
                text: format!("Opened the profile with {opener}."),
                is_error: false,
            }
        }
        Err(err) => Notice {
            text: format!("{opener} could not be started ({err}); Y copies the link instead."),
            is_error: true,
        },
    }
}

/// Writes `list` to a new file in `dir` named after its ID (`ID-replies.jsonl`, or
/// `-2`, `-3`… when that is taken); says where, and how many.
pub fn export(list: &Saved, csv: bool, dir: &Path) -> Notice {
    let format = if csv { Format::Csv } else { Format::Jsonl };
    let (stem, records, noun): (String, Vec<Record>, &str) = match list {
        Saved::Replies {
            comment,
            video,
            replies,
        } => {
            let cid = comment.to_string();
            let video = video.as_ref().map(|v| v.to_string());
            let records = replies
                .iter()
                .map(|reply| Record::from_reply(reply, &cid, video.as_deref()))
                .collect();
            (format!("{cid}-replies"), records, "replies")
        }
        Saved::Comments { video, comments } => {
            let video = video.to_string();
            let records = comments
                .iter()
                .map(|comment| Record::from_comment(comment, Some(&video)))
                .collect();
            (format!("{video}-comments"), records, "comments")
        }
        Saved::Found { hits, .. } => {
            let records = hits.iter().map(Record::from_hit).collect();
            ("search-hits".to_owned(), records, "hits")
        }
    };
    let count = records.len();
    match save_new(dir, &stem, format, records) {
        // What matters first, for a narrow status bar: how many, and the file's name.
        Ok(path) => Notice {
            text: format!(
                "Wrote {count} to ./{} — the loaded {noun}, in {}; nothing was fetched.",
                path.file_name().unwrap_or_default().to_string_lossy(),
                dir.display()
            ),
            is_error: false,
        },
        Err(err) => Notice {
            text: format!(
                "Could not write {stem}.{} in {}: {err}. Start the program in a directory \
                 you can write to.",
                format.extension(),
                dir.display()
            ),
            is_error: true,
        },
    }
}

fn is_program(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Comment, Post};
    use crate::ids::VideoId;

    #[test]
    fn an_export_is_named_after_the_id_never_overwrites_and_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let comment = Comment {
            post: Post {
                cid: "7310000000000000001".into(),
                text: "评论, \"quoted\"".into(),
                ..Post::default()
            },
            ..Comment::default()
        };
        let list = Saved::Comments {
            video: VideoId::parse("7300000000000000001").unwrap(),
            comments: vec![comment.clone(), comment],
        };
        let first = export(&list, true, dir.path());
        let second = export(&list, true, dir.path());
        assert!(!first.is_error, "{}", first.text);
        assert!(
            first
                .text
                .starts_with("Wrote 2 to ./7300000000000000001-comments.csv"),
            "{}",
            first.text
        );
        assert!(
            first.text.contains("7300000000000000001-comments.csv"),
            "{}",
            first.text
        );
        assert!(
            second.text.contains("7300000000000000001-comments-2.csv"),
            "{}",
            second.text
        );
        let text = std::fs::read_to_string(dir.path().join("7300000000000000001-comments.csv"));
        assert!(text.unwrap().contains("\"评论, \"\"quoted\"\"\""));
        let nowhere = export(&list, false, &dir.path().join("absent"));
        assert!(
            nowhere.is_error && nowhere.text.contains("Could not write"),
            "{}",
            nowhere.text
        );
    }

    #[test]
    fn a_copy_is_one_osc_52_sequence_of_the_base64_text() {
        let mut out = Vec::new();
        copy(&mut out, "作者赞过 ok").unwrap();
        let written = String::from_utf8(out).unwrap();
        // base64 of the UTF-8 bytes, between OSC 52 for the clipboard and the string
        // terminator.
        assert_eq!(written, "\x1b]52;c;5L2c6ICF6LWe6L+HIG9r\x1b\\");
        let mut out = Vec::new();
        copy(&mut out, "\x1b\\\x07 end").unwrap();
        let written = String::from_utf8(out).unwrap();
        assert_eq!(
            written.matches('\x1b').count(),
            2,
            "the text cannot end the sequence early: {written:?}"
        );
    }

    #[test]
    fn the_hits_of_a_search_export_with_the_list_each_is_in() {
        use crate::api::Reply;
        use crate::library::{Hit, ListKey, StoredItem};
        let dir = tempfile::tempdir().unwrap();
        let reply = Reply {
            post: Post {
                cid: "7320000000000000001".into(),
                text: "我也想去大理".into(),
                ..Post::default()
            },
            ..Reply::default()
        };
        let hit = Hit {
            item: StoredItem::Reply {
                reply,
                comment_cid: "7310000000000000001".into(),
            },
            list: ListKey::replies("7310000000000000001"),
            video: Some("7300000000000000001".into()),
            list_title: None,
            first_seen: 0,
        };
        let list = Saved::Found {
            query: "大理".into(),
            hits: vec![hit],
        };
        let notice = export(&list, false, dir.path());
        assert!(
            notice.text.starts_with("Wrote 1 to ./search-hits.jsonl"),
            "{}",
            notice.text
        );
        let written = std::fs::read_to_string(dir.path().join("search-hits.jsonl")).unwrap();
        let record: serde_json::Value = serde_json::from_str(written.trim()).unwrap();
        assert_eq!(record["cid"], "7320000000000000001");
        assert_eq!(record["comment_cid"], "7310000000000000001");
        assert_eq!(record["aweme_id"], "7300000000000000001");
    }
}
