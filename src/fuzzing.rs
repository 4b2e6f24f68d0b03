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
        signature: clean.clone().into(),
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
        reply_to_cid: Some("2".into()),
        reply_to_name: clean.clone().into(),
        reply_to_uid: "3".into(),
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
        &author.signature,
        &author.region,
        &author.verification,
    ] {
        check_text(s);
    }
}

fn check_reply(reply: &Reply) {
    check_post(&reply.post);
    if let Some(s) = reply.reply_to_cid.as_deref() {
        check_text(s);
    }
    check_text(&reply.reply_to_name);
    check_text(&reply.reply_to_uid);
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
