//! The bodies of the fuzz targets (`fuzz/fuzz_targets/*.rs` call these in one line), also
//! run by `tests/suite/fuzz_paths.rs` over the seeds, the regressions and their mutations,
//! so stable CI walks the same paths without the fuzzer.
//!
//! Each body takes arbitrary bytes and panics only when a promise the program makes about
//! strangers' input is broken: the decoders and the input parser never panic and never let
//! a control character through; wrapped text fits its width; rendered cells hold nothing
//! that could drive the terminal. It is at the top layer because it reaches every layer.

use crate::api::{self, Author, Comment, Post, Profile, Reply};
use crate::app::detail::{self, Extras, Subject};
use crate::target::{self, Target};
use crate::text;
use crate::ui::list::{self, Marks};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

/// A fuzz target's body: any bytes in, a panic when a promise breaks.
pub type Body = fn(&[u8]);

/// The fuzz targets, by name: the directory names under `fuzz/corpus/` and
/// `fuzz/regressions/`.
pub const TARGETS: &[(&str, Body)] = &[
    ("decode_replies", decode_replies),
    ("decode_comments", decode_comments),
    ("decode_profile", decode_profile),
    ("decode_share", decode_share),
    ("parse_input", parse_input),
    ("render_text", render_text),
    ("insights", insights),
    ("library_read_back", library_read_back),
];

/// How many rows of a render are drawn: enough to reach every kind of line, bounded so a
/// long input costs the fuzzer little.
const MAX_ROWS: usize = 200;
/// From this width on, every line of the detail pane fits in it: its profile keys take 12
/// cells and a value at least 8 beside them.
const DETAIL_FITS: usize = 20;
/// A fixed "now" (2023-07-03), so ages render the same on every run.
const NOW: i64 = 1_688_400_000;

/// Whatever the bytes, a replies page decodes or is refused; what it keeps is sanitized.
/// The one-pass decoder and the careful one it falls back on agree.
pub fn decode_replies(data: &[u8]) {
    let decoded = api::decode_replies(data);
    assert_eq!(decoded, api::decode_replies_carefully(data));
    match decoded {
        Ok(page) => page.items.iter().for_each(check_reply),
        Err(e) => check_message(&e.to_string()),
    }
}

/// Whatever the bytes, a comments page decodes or is refused; what it keeps is sanitized.
pub fn decode_comments(data: &[u8]) {
    match api::decode_comments(data) {
        Ok(page) => page.items.iter().for_each(check_comment),
        Err(e) => check_message(&e.to_string()),
    }
}

/// Whatever the bytes, a profile decodes or is refused; what it keeps is sanitized.
pub fn decode_profile(data: &[u8]) {
    match api::decode_profile(data) {
        Ok(profile) => check_profile(&profile),
        Err(e) => check_message(&e.to_string()),
    }
}

/// Whatever the bytes, a share answer is a video ID or a refusal that is safe to show.
pub fn decode_share(data: &[u8]) {
    match api::decode_share(data) {
        Ok(id) => assert!(id.as_str().bytes().all(|b| b.is_ascii_digit())),
        Err(e) => check_message(&e.to_string()),
    }
}

/// Whatever is typed or pasted, it is a target or a refusal, both safe to show.
pub fn parse_input(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    match target::parse(&input) {
        Ok(Target::Comment(id)) => assert!(id.as_str().bytes().all(|b| b.is_ascii_digit())),
        Ok(Target::Video { id, title }) => {
            assert!(id.as_str().bytes().all(|b| b.is_ascii_digit()));
            if let Some(s) = title.as_deref() {
                check_one_line(s);
            }
        }
        Ok(Target::ShareLink { url, title }) => {
            assert!(url.starts_with("https://v.douyin.com/"), "{url:?}");
            check_one_line(&url);
            if let Some(s) = title.as_deref() {
                check_one_line(s);
            }
        }
        Err(e) => check_message(&e.to_string()),
    }
    if let Some(id) = target::video_id_from_url(&input) {
        assert!(id.as_str().bytes().all(|b| b.is_ascii_digit()));
    }
}

/// A stranger's text, sanitized, wrapped at a width taken from the first byte and drawn by
/// the program's own list row and detail pane: no line is wider than its width and no cell
/// holds a control character.
pub fn render_text(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let width = usize::from(first % 100);
    let clean = text::sanitize(&String::from_utf8_lossy(rest));
    assert_eq!(text::sanitize(&clean), clean, "sanitize is not idempotent");
    check_text(&clean);

    // `wrap` promises at least two cells: a wide grapheme needs them.
    let cells = width.max(2);
    let wrapped = text::wrap(&clean, width);
    for line in &wrapped {
        assert!(text::width(line) <= cells, "{line:?} is wider than {cells}");
    }
    let lines: Vec<Line> = wrapped
        .iter()
        .take(MAX_ROWS)
        .map(|l| Line::raw(l.as_str()))
        .collect();
    let mut buf = buffer(cells, lines.len());
    let area = buf.area;
    Paragraph::new(lines).render(area, &mut buf);
    check_cells(&buf);

    // The same text as a reply, by an author with that name, as the list and detail show it.
    let author = Author {
        nickname: clean.clone().into(),
        about: api::About {
            signature: clean.clone().into(),
            ..api::About::default()
        }
        .into(),
        ..Author::default()
    };
    let post = Post {
        cid: "1".into(),
        text: clean.clone().into(),
        create_time: NOW - 3_600,
        labels: [clean.clone().into()].into(),
        ip_label: Some(clean.clone().into()),
        author,
        ..Post::default()
    };
    let reply = Reply {
        post: post.clone(),
        reply_to: api::ReplyTo {
            cid: Some("2".into()),
            name: clean.clone().into(),
            uid: "3".into(),
        }
        .into(),
    };
    let comment = Comment {
        post,
        reply_total: 12_345,
        pinned: true,
        ..Comment::default()
    };
    let needle = text::Needle::new(&clean.chars().take(3).collect::<String>());
    let marks = Marks {
        selected: true,
        is_new: true,
        bookmarked: true,
        needle: Some(&needle),
    };
    let mut buf = buffer(cells, 2);
    buf.set_line(0, 0, &list::row(&reply, cells, NOW, marks), buf.area.width);
    buf.set_line(
        0,
        1,
        &list::comment_row(&comment, cells, NOW, marks),
        buf.area.width,
    );
    check_cells(&buf);

    let pane = u16::try_from(width).unwrap_or(u16::MAX);
    for subject in [
        Subject::Reply {
            reply: &reply,
            top_comment: Some(&clean),
        },
        Subject::Comment(&comment),
    ] {
        let extras = Extras {
            needle: Some(&needle),
            ..Extras::default()
        };
        let view = detail::lines(subject, extras, pane, NOW);
        // Below [`DETAIL_FITS`] cells the pane's own keys ("Signature") no longer fit and
        // the buffer cuts them; strangers' text is wrapped to fit at any width.
        for line in view.iter().filter(|_| cells >= DETAIL_FITS) {
            let shown = line.text();
            assert!(
                text::width(&shown) <= cells,
                "{shown:?} is wider than {cells}"
            );
        }
        let mut buf = buffer(cells, view.len().min(MAX_ROWS));
        for (y, line) in view.iter().take(MAX_ROWS).enumerate() {
            let y = u16::try_from(y).unwrap_or(u16::MAX);
            buf.set_line(0, y, &crate::ui::line(line), buf.area.width);
        }
        check_cells(&buf);
    }
}

fn buffer(width: usize, height: usize) -> Buffer {
    let size = |n: usize| u16::try_from(n.max(1)).unwrap_or(u16::MAX);
    Buffer::empty(Rect::new(0, 0, size(width), size(height)))
}

/// No cell of `buf` holds a control character (public so a test can show it catches one).
pub fn check_cells(buf: &Buffer) {
    for cell in &buf.content {
        let symbol = cell.symbol();
        assert!(
            !symbol.chars().any(char::is_control),
            "a cell holds a control character: {symbol:?}"
        );
    }
}

/// Whatever the bytes, a replies page's insights hold only clean one-line labels, and every
/// row's items are real, ascending and each once (so a drill-down shows exactly its count).
/// The bytes are read as a replies page when they decode as one, and always also as the text
/// of one reply among a few fixed ones, so the segmenter meets them raw.
pub fn insights(data: &[u8]) {
    let mut replies = api::decode_replies(data)
        .map(|page| page.items)
        .unwrap_or_default();
    let raw = text::sanitize(&String::from_utf8_lossy(data));
    for (i, text) in [raw.as_str(), "好看[捂脸] #大理 @阿木", "哈哈哈 真的好看"]
        .into_iter()
        .enumerate()
    {
        let mut reply = Reply::default();
        reply.post.cid = format!("7{i:018}").into();
        reply.post.text = text.into();
        reply.post.create_time = NOW - 3_600 * i as i64;
        replies.push(reply);
    }
    let found = crate::insights::Insights::of(&replies, 10);
    let sections = [
        &found.words,
        &found.phrases,
        &found.stickers,
        &found.emoji,
        &found.hashtags,
        &found.mentions,
        &found.regions,
        &found.authors,
        &found.reply_spread,
    ];
    let singles = [
        &found.unknown_region,
        &found.undated,
        &found.author_liked,
        &found.by_video_author,
    ];
    let timeline = found.timeline.iter().flat_map(|t| t.steps.iter());
    let entries = sections
        .into_iter()
        .flatten()
        .chain(singles)
        .chain(timeline);
    for entry in entries {
        check_one_line(&entry.label);
        let items = entry.items();
        assert!(
            items.windows(2).all(|w| w[0] < w[1]) && items.iter().all(|&i| i < replies.len()),
            "row {:?} names items out of order or out of range: {items:?}",
            entry.label
        );
    }
    for standout in found.most_liked.iter().chain(&found.most_replied) {
        check_one_line(&standout.author);
        check_one_line(&standout.line);
        assert!(standout.item < replies.len(), "a standout out of range");
    }
}

/// Sanitized text: line breaks are the only control characters left.
fn check_text(s: &str) {
    assert!(
        !s.chars().any(|c| c.is_control() && c != '\n'),
        "a control character survived: {s:?}"
    );
}

/// Text for one line (a header, a title, a link).
fn check_one_line(s: &str) {
    assert!(
        !s.chars().any(char::is_control),
        "not one clean line: {s:?}"
    );
}

/// An error shown to a person quotes strangers' text: it must be as clean.
fn check_message(s: &str) {
    check_text(s);
}

fn check_post(post: &Post) {
    for s in [&*post.cid, &*post.text] {
        check_text(s);
    }
    post.labels.iter().for_each(|s| check_text(s));
    post.images.iter().for_each(|s| check_text(s));
    post.hashtags.iter().for_each(|s| check_text(s));
    if let Some(s) = post.ip_label.as_deref() {
        check_text(s);
    }
    check_author(&post.author);
}

fn check_author(author: &Author) {
    for s in [
        &*author.uid,
        &author.short_id,
        &author.unique_id,
        &author.sec_uid,
        &author.nickname,
        author.signature(),
        &author.region,
        author.verification().unwrap_or_default(),
    ] {
        check_text(s);
    }
}

fn check_reply(reply: &Reply) {
    check_post(&reply.post);
    if let Some(s) = reply.reply_to_cid() {
        check_text(s);
    }
    check_text(reply.reply_to_name());
    check_text(reply.reply_to_uid());
}

fn check_comment(comment: &Comment) {
    check_post(&comment.post);
    check_text(&comment.aweme_id);
}

fn check_profile(profile: &Profile) {
    check_author(&profile.user);
    if let Some(s) = profile.ip_location.as_deref() {
        check_text(s);
    }
}

thread_local! {
    /// One library file for every input on this thread (creating one per input would be
    /// most of the time), with a second connection that writes into it as another tool
    /// would. Each input empties the tables first.
    static LIBRARY: (tempfile::TempDir, crate::library::Library, rusqlite::Connection) = {
        let dir = tempfile::Builder::new()
            .prefix("douyin-threads-fuzz-")
            .tempdir()
            .expect("a temporary folder");
        let path = dir.path().join(crate::library::FILE_NAME);
        let library = crate::library::Library::open(&path, std::time::Duration::MAX)
            .expect("a new library")
            .library;
        let other = rusqlite::Connection::open(&path).expect("a second connection");
        other
            .execute_batch("PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;")
            .expect("pragmas");
        (dir, library, other)
    };
}

/// Whatever another program wrote into the library's items, lists, users, visits and
/// bookmarks — text that is not UTF-8, blobs, numbers, NULs, escapes where text belongs —
/// reading it back (search with and without a text, a list's items, recent lists,
/// bookmarks, the counts, `search`'s printed lines) never panics, and no control
/// character reaches what is read: a failed read is a refusal, not a crash.
///
/// The first byte picks the list's kind and the item's level; the rest is cut at each 0xFF
/// into the values of the columns, in order, and a value's first byte says how it is
/// stored (text of any bytes, a blob, an integer, a real, NULL).
pub fn library_read_back(data: &[u8]) {
    use crate::library::{ListKey, ListKind, SearchQuery};
    use rusqlite::types::Value;

    let (selector, data) = data.split_first().unwrap_or((&0, data));
    let mut chunks = data.split(|&b| b == 0xFF);
    let mut next = || chunks.next().unwrap_or_default();
    let stored = |chunk: &[u8]| -> Value {
        let rest = chunk.get(1..).unwrap_or_default().to_vec();
        match chunk.first().map(|b| b % 6) {
            Some(1) => Value::Blob(rest),
            Some(2) => Value::Integer(
                rest.iter()
                    .fold(0i64, |n, &b| n.wrapping_mul(251).wrapping_add(i64::from(b))),
            ),
            Some(3) => Value::Real(rest.len() as f64 / 7.0),
            Some(4) => Value::Null,
            // Text, as SQLite keeps it: any bytes, UTF-8 or not.
            _ => Value::Blob(rest),
        }
    };
    // A value and how to bind it: text is a blob cast to TEXT, so its bytes stay as given.
    let column = |chunk: &[u8]| -> (Value, bool) {
        let as_text = !matches!(chunk.first().map(|b| b % 6), Some(1..=4));
        (stored(chunk), as_text)
    };
    let (kind, level) = match selector % 4 {
        0 => ("comments", "comment"),
        1 => ("comments", "reply"),
        2 => ("replies", "comment"),
        _ => ("replies", "reply"),
    };
    let list_key = next().to_vec();
    let list_columns: Vec<(Value, bool)> = (0..3).map(|_| column(next())).collect();
    let user_columns: Vec<(Value, bool)> = (0..8).map(|_| column(next())).collect();
    let item_columns: Vec<(Value, bool)> = (0..14).map(|_| column(next())).collect();
    let needle = String::from_utf8_lossy(next()).into_owned();

    LIBRARY.with(|(_, library, other)| {
        other
            .execute_batch(
                "DELETE FROM bookmarks; DELETE FROM visits; DELETE FROM items_fts;
                 DELETE FROM items; DELETE FROM lists; DELETE FROM users;",
            )
            .expect("emptied");
        let insert = |sql: &str, values: &[(Value, bool)]| {
            let placeholders: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(i, (_, text))| match text {
                    true => format!("CAST(?{} AS TEXT)", i + 1),
                    false => format!("?{}", i + 1),
                })
                .collect();
            let sql = sql.replace("{}", &placeholders.join(", "));
            let params: Vec<&Value> = values.iter().map(|(v, _)| v).collect();
            // A value the schema refuses (NULL where it must not be) is another program's
            // failure, not the reader's: the row is then just not there.
            let _ = other.execute(&sql, rusqlite::params_from_iter(params));
        };
        let key = (Value::Blob(list_key.clone()), true);
        let mut list = vec![(Value::Text(kind.into()), false), key];
        list.extend(list_columns.iter().cloned());
        insert(
            "INSERT INTO lists (id, kind, key, video_id, title, total, first_seen, updated_at)
             VALUES (1, {}, 0, 0)",
            &list,
        );
        insert(
            "INSERT INTO users (uid, short_id, unique_id, sec_uid, nickname, signature,
                 region, verification, updated_at) VALUES ({}, 0)",
            &user_columns,
        );
        // The item's author is the user above; its cid, text, nickname, labels, ip_label,
        // images, hashtags, aweme_id, reply_to_cid, reply_to_name, reply_to_uid, and three
        // numbers (create_time, digg_count, reply_total) come from the bytes.
        let mut item = vec![user_columns[0].clone(), (Value::Text(level.into()), false)];
        item.extend(item_columns.iter().cloned());
        insert(
            "INSERT INTO items (id, list_id, page, position, author_liked, by_video_author,
                 is_hot, is_folded, has_sticker, pinned, first_seen, last_seen,
                 author_uid, level, cid, text, nickname, labels, ip_label, images, hashtags,
                 aweme_id, reply_to_cid, reply_to_name, reply_to_uid, create_time,
                 digg_count, reply_total)
             VALUES (1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, {})",
            &item,
        );
        insert(
            "INSERT INTO items_fts (rowid, text, nickname) VALUES (1, {})",
            &[item_columns[1].clone(), item_columns[2].clone()],
        );
        insert(
            "INSERT INTO bookmarks (item_id, at) VALUES (1, {})",
            &[item_columns[11].clone()],
        );
        insert(
            "INSERT INTO visits (list_id, at, loaded, selected_cid) VALUES (1, 1, 1, {})",
            &[item_columns[0].clone()],
        );

        let list_kind = if kind == "comments" {
            ListKind::Comments
        } else {
            ListKind::Replies
        };
        let list = ListKey {
            kind: list_kind,
            key: String::from_utf8_lossy(&list_key).into_owned(),
        };
        let everything = SearchQuery {
            limit: 10,
            ..SearchQuery::default()
        };
        let found = SearchQuery {
            text: needle.clone(),
            author: Some(needle),
            limit: 10,
            ..SearchQuery::default()
        };
        for query in [everything, found] {
            match library.search(&query) {
                Ok(hits) => {
                    for hit in &hits {
                        check_stored(&hit.item);
                        check_list(&hit.list);
                        hit.video.as_deref().map(check_one_line);
                    }
                    let printed = crate::commands::library::render_hits(
                        &hits,
                        crate::cli::SearchFormat::Text,
                        100,
                    )
                    .expect("written to memory");
                    for line in String::from_utf8_lossy(&printed).lines() {
                        check_one_line(line);
                    }
                }
                Err(err) => check_message(&err.to_string()),
            }
        }
        match library.items(&list) {
            Ok(items) => items.iter().for_each(check_stored),
            Err(err) => check_message(&err.to_string()),
        }
        match library.recent_lists(10) {
            Ok(lists) => {
                for recent in &lists {
                    check_list(&recent.list);
                    // The start screen puts it on one line itself, as it does a comment's text.
                    recent.title.as_deref().map(check_text);
                    recent.selected.as_deref().map(check_one_line);
                }
            }
            Err(err) => check_message(&err.to_string()),
        }
        match library.bookmarks() {
            Ok(marks) => {
                for mark in &marks {
                    check_stored(&mark.item);
                    check_list(&mark.list);
                }
            }
            Err(err) => check_message(&err.to_string()),
        }
        match library.bookmarked_in(&list) {
            Ok(cids) => cids.iter().for_each(|cid| check_one_line(cid)),
            Err(err) => check_message(&err.to_string()),
        }
        if let Err(err) = library.stats() {
            check_message(&err.to_string());
        }
    });
}

fn check_stored(item: &crate::library::StoredItem) {
    match item {
        crate::library::StoredItem::Comment(comment) => check_comment(comment),
        crate::library::StoredItem::Reply { reply, comment_cid } => {
            check_reply(reply);
            check_one_line(comment_cid);
        }
    }
}

/// A list's key names it in a line of its own (the start screen, `search`).
fn check_list(list: &crate::library::ListKey) {
    check_one_line(&list.key);
}
