//! The detail pane's text: one post in full, then its author's profile, wrapped to the pane.

use super::view::{Role, ViewLine, wrapped};
use crate::api::{Author, Comment, Post, Reply};
use crate::format;
use crate::text::{Segment, one_line, segments, wrap};

/// Width of the profile's key column ("Douyin ID  ").
const KEY_WIDTH: usize = 12;

/// What the detail pane shows.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// A reply, and the text of the top-level comment it sits under, when known.
    Reply {
        reply: &'a Reply,
        top_comment: Option<&'a str>,
    },
    /// A video's top-level comment.
    Comment(&'a Comment),
}

impl Subject<'_> {
    fn post(&self) -> &Post {
        match self {
            Subject::Reply { reply, .. } => &reply.post,
            Subject::Comment(comment) => &comment.post,
        }
    }

    /// What it is called, one and many: "reply", "replies".
    fn noun(&self) -> (&'static str, &'static str) {
        match self {
            Subject::Reply { .. } => ("reply", "replies"),
            Subject::Comment(_) => ("comment", "comments"),
        }
    }
}

/// Every line of the detail pane for `subject`, wrapped to `width` cells.
pub fn lines(subject: Subject, width: u16, now: i64) -> Vec<ViewLine> {
    let width = usize::from(width).max(2);
    let post = subject.post();
    let mut out = Vec::new();
    heading(post, width, &mut out);
    badges(subject, &mut out);
    context(subject, width, &mut out);
    out.push(ViewLine::blank());
    body(post, width, &mut out);
    out.push(ViewLine::blank());
    facts(post, subject.noun().0, width, now, &mut out);
    out.push(ViewLine::blank());
    profile(&post.author, subject.noun(), width, &mut out);
    out
}

fn heading(post: &Post, width: usize, out: &mut Vec<ViewLine>) {
    let name = match &*post.author.nickname {
        "" => "(unknown author)".to_owned(),
        n => one_line(n).into_owned(),
    };
    out.extend(wrapped(&name, width, Role::Nickname));
}

fn badges(subject: Subject, out: &mut Vec<ViewLine>) {
    let post = subject.post();
    let mut line = ViewLine::default();
    if let Subject::Comment(comment) = subject
        && comment.pinned
    {
        line.push("[置顶] pinned", Role::AuthorBadge)
            .push(" ", Role::Plain);
    }
    if post.author_liked {
        line.push(" 作者赞过 ", Role::AuthorLiked)
            .push(" liked by the author ", Role::Label);
    }
    if post.by_video_author {
        line.push("[作者] video author", Role::AuthorBadge)
            .push(" ", Role::Plain);
    }
    if post.is_hot {
        line.push("[热] hot", Role::HotBadge).push(" ", Role::Plain);
    }
    if post.is_folded {
        line.push("[折叠] folded by Douyin", Role::Dim)
            .push(" ", Role::Plain);
    }
    let author_liked_label = |text: &str| post.author_liked && text == "作者赞过";
    for label in post.labels.iter().filter(|l| !author_liked_label(l)) {
        line.push(format!("[{}]", one_line(label)), Role::Label)
            .push(" ", Role::Plain);
    }
    if !line.pieces.is_empty() {
        out.push(line);
    }
}

/// Where the post sits: the reply it answers, the top-level comment, or (for a comment)
/// how many replies it has.
fn context(subject: Subject, width: usize, out: &mut Vec<ViewLine>) {
    let text = match subject {
        Subject::Comment(comment) => match comment.reply_total {
            0 => "no replies".to_owned(),
            1 => "1 reply · Enter opens it".to_owned(),
            n => format!("{} replies · Enter opens them", format::count(n)),
        },
        Subject::Reply { reply, top_comment } => match (reply.answers_reply(), top_comment) {
            (true, _) if reply.reply_to_name.is_empty() => "↳ replying to another reply".to_owned(),
            (true, _) => format!("↳ replying to @{}", one_line(&reply.reply_to_name)),
            (false, Some(comment)) => format!(
                "↳ replying to the top-level comment: “{}”",
                one_line(comment)
            ),
            (false, None) => "↳ replying to the top-level comment".to_owned(),
        },
    };
    out.extend(wrapped(&text, width, Role::ReplyTo));
}

/// The text, with sticker codes like [暗中观察] set apart, then images, sticker, hashtags.
fn body(post: &Post, width: usize, out: &mut Vec<ViewLine>) {
    if post.text.trim().is_empty() {
        out.push(ViewLine::new("(no text)", Role::Dim));
    }
    let base = if post.is_folded {
        Role::Folded
    } else {
        Role::Plain
    };
    for l in wrap(&post.text, width) {
        let mut line = ViewLine::default();
        for segment in segments(&l) {
            match segment {
                Segment::Plain(t) => line.push(t, base),
                Segment::Sticker(t) => line.push(t, Role::Sticker),
            };
        }
        out.push(line);
    }
    for url in &post.images {
        let line = if url.is_empty() {
            "[image]".to_owned()
        } else {
            format!("[image] {url}")
        };
        out.extend(wrapped(&line, width, Role::Label));
    }
    let mut extras = Vec::new();
    if post.has_sticker {
        extras.push("[sticker]".to_owned());
    }
    extras.extend(post.hashtags.iter().map(|h| format!("#{}", one_line(h))));
    if !extras.is_empty() {
        out.extend(wrapped(&extras.join("  "), width, Role::Label));
    }
}

fn facts(post: &Post, noun: &str, width: usize, now: i64, out: &mut Vec<ViewLine>) {
    let mut facts = vec![
        format!(
            "{} Beijing time ({})",
            format::beijing_time(post.create_time),
            format::age_long(post.create_time, now)
        ),
        format!("♥ {} likes", format::count(post.digg_count)),
    ];
    if let Some(ip) = &post.ip_label {
        facts.push(format!("IP {}", one_line(ip)));
    }
    facts.push(format!("{noun} ID {}", post.cid));
    out.extend(wrapped(&facts.join(" · "), width, Role::Label));
}

fn profile(author: &Author, (one, many): (&str, &str), width: usize, out: &mut Vec<ViewLine>) {
    out.push(ViewLine::new("Author", Role::Heading));
    if author.is_unknown() {
        out.extend(wrapped(
            &format!("The service sent no author with this {one}."),
            width,
            Role::Dim,
        ));
        return;
    }
    let douyin_id = author.douyin_id().unwrap_or("—").to_owned();
    let verification = author
        .verification()
        .map_or_else(|| "—".to_owned(), |text| format!("✓ {text}"));
    let rows: [(&str, String); 9] = [
        ("Nickname", or_dash(&author.nickname)),
        ("Douyin ID", douyin_id),
        ("UID", or_dash(&author.uid)),
        ("sec_uid", or_dash(&author.sec_uid)),
        (
            "Profile",
            author.profile_url().unwrap_or_else(|| "—".into()),
        ),
        ("Signature", or_dash(&author.signature)),
        ("Region", or_dash(&author.region)),
        ("Verified", verification),
        (
            "Counts",
            format!(
                "{} followers · {} following · {} likes · {} works",
                format::count(author.follower_count),
                format::count(author.following_count),
                format::count(author.total_favorited),
                format::count(author.aweme_count)
            ),
        ),
    ];
    for (key, value) in rows {
        field(key, &value, width, out);
    }
    let all_zero =
        author.follower_count == 0 && author.total_favorited == 0 && author.aweme_count == 0;
    if all_zero {
        out.extend(wrapped(
            &format!("Counts embedded in {many} are often 0; the profile itself may differ."),
            width,
            Role::Dim,
        ));
    }
}

fn or_dash(s: &str) -> String {
    if s.is_empty() {
        "—".to_owned()
    } else {
        s.to_owned()
    }
}

/// A "Key  value" row; the value wraps under itself, or below the key on narrow panes.
fn field(key: &str, value: &str, width: usize, out: &mut Vec<ViewLine>) {
    if width < KEY_WIDTH + 8 {
        out.push(ViewLine::new(key, Role::Label));
        out.extend(wrapped(value, width, Role::Plain));
        return;
    }
    let indent = " ".repeat(KEY_WIDTH);
    for (i, l) in wrap(value, width - KEY_WIDTH).into_iter().enumerate() {
        // Keys are ASCII, so byte padding is cell padding.
        let key_cell = if i == 0 {
            format!("{key:<w$}", w = KEY_WIDTH)
        } else {
            indent.clone()
        };
        let mut line = ViewLine::new(key_cell, Role::Label);
        line.push(l, Role::Plain);
        out.push(line);
    }
}
