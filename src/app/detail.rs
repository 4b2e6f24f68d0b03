//! The detail pane's text: one post in full, then its author's profile, wrapped to the pane.

use super::keymap::{Action, Keymap};
use super::reading::ProfileState;
use super::view::{Role, ViewLine, marked, wrapped};
use crate::api::{Author, Comment, Post, Profile, Reply};
use crate::format;
use crate::paging::{Comments, ListKind, Noun, Replies};
use crate::text::{Needle, Segment, one_line, segments, truncate, width as text_width, wrap};

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

impl<'a> Subject<'a> {
    /// The post it shows.
    pub fn post(&self) -> &'a Post {
        match *self {
            Subject::Reply { reply, .. } => &reply.post,
            Subject::Comment(comment) => &comment.post,
        }
    }

    /// What it is called: its list kind's noun.
    fn noun(&self) -> Noun {
        match self {
            Subject::Reply { .. } => Replies::NOUN,
            Subject::Comment(_) => Comments::NOUN,
        }
    }
}

/// What else the detail pane shows about its subject.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras<'a> {
    /// The search, whose matches are set apart.
    pub needle: Option<&'a Needle>,
    /// The author's full profile, as far as it came (`P`).
    pub profile: Option<&'a ProfileState>,
    /// New since the last fetch.
    pub is_new: bool,
    /// The keys, to name them as mapped (the defaults when not given).
    pub keys: Option<&'a Keymap>,
}

/// Every line of the detail pane for `subject`, wrapped to `width` cells.
pub fn lines(subject: Subject, extras: Extras, width: u16, now: i64) -> Vec<ViewLine> {
    let width = usize::from(width).max(2);
    let post = subject.post();
    let defaults;
    let keys = match extras.keys {
        Some(keys) => keys,
        None => {
            defaults = Keymap::default();
            &defaults
        }
    };
    let mut out = Vec::new();
    heading(post, extras.needle, width, &mut out);
    badges(subject, extras.is_new, width, &mut out);
    context(subject, keys, width, &mut out);
    out.push(ViewLine::blank());
    body(post, extras.needle, width, &mut out);
    out.push(ViewLine::blank());
    facts(post, subject.noun().one, width, now, &mut out);
    out.push(ViewLine::blank());
    let profile_key = keys.key_for(Action::Profile);
    profile(
        &post.author,
        extras.profile,
        subject.noun(),
        &profile_key,
        width,
        &mut out,
    );
    out
}

fn heading(post: &Post, needle: Option<&Needle>, width: usize, out: &mut Vec<ViewLine>) {
    let name = match &*post.author.nickname {
        "" => "(unknown author)".to_owned(),
        n => one_line(n).into_owned(),
    };
    for l in wrap(&name, width) {
        out.push(ViewLine {
            pieces: marked(&l, Role::Nickname, needle),
        });
    }
}

/// The badges and labels, as many to a line as fit in `width`: a label is a stranger's
/// text and may be any length, so a line of them is wrapped like everything else here.
fn badges(subject: Subject, is_new: bool, width: usize, out: &mut Vec<ViewLine>) {
    let post = subject.post();
    let mut badges: Vec<Vec<(String, Role)>> = Vec::new();
    if is_new {
        badges.push(vec![("[新] new since the last fetch".into(), Role::New)]);
    }
    if let Subject::Comment(comment) = subject
        && comment.pinned
    {
        badges.push(vec![("[置顶] pinned".into(), Role::AuthorBadge)]);
    }
    if post.author_liked {
        badges.push(vec![
            (" 作者赞过 ".into(), Role::AuthorLiked),
            (" liked by the author ".into(), Role::Label),
        ]);
    }
    if post.by_video_author {
        badges.push(vec![("[作者] video author".into(), Role::AuthorBadge)]);
    }
    if post.is_hot {
        badges.push(vec![("[热] hot".into(), Role::HotBadge)]);
    }
    if post.is_folded {
        badges.push(vec![("[折叠] folded by Douyin".into(), Role::Dim)]);
    }
    let author_liked_label = |text: &str| post.author_liked && text == "作者赞过";
    for label in post.labels.iter().filter(|l| !author_liked_label(l)) {
        badges.push(vec![(format!("[{}]", one_line(label)), Role::Label)]);
    }
    let mut line = ViewLine::default();
    let mut used = 0;
    for badge in badges {
        let badge_width: usize = badge.iter().map(|(text, _)| text_width(text)).sum();
        if used > 0 && used + badge_width > width {
            out.push(std::mem::take(&mut line));
            used = 0;
        }
        if badge_width > width {
            // Wider than the pane on its own: wrapped in its first role.
            let role = badge[0].1;
            let text: String = badge.into_iter().map(|(text, _)| text).collect();
            out.extend(wrapped(text.trim(), width, role));
            continue;
        }
        let spaced = badge.last().is_some_and(|(text, _)| text.ends_with(' '));
        for (text, role) in badge {
            line.push(text, role);
        }
        used += badge_width;
        // The space between badges (unless the badge ends in one); dropped where a line ends.
        if used < width && !spaced {
            line.push(" ", Role::Plain);
            used += 1;
        }
    }
    if !line.pieces.is_empty() {
        out.push(line);
    }
}

/// Where the post sits: the reply it answers, the top-level comment, or (for a comment)
/// how many replies it has.
fn context(subject: Subject, keys: &Keymap, width: usize, out: &mut Vec<ViewLine>) {
    let text = match subject {
        Subject::Comment(comment) => match comment.reply_total {
            0 => "no replies".to_owned(),
            1 => format!("1 reply · {} opens it", keys.key_for(Action::Open)),
            n => format!(
                "{} replies · {} opens them",
                format::count(n),
                keys.key_for(Action::Open)
            ),
        },
        Subject::Reply { reply, top_comment } => match (reply.answers_reply(), top_comment) {
            (true, _) if reply.reply_to_name().is_empty() => {
                "↳ replying to another reply".to_owned()
            }
            (true, _) => format!("↳ replying to @{}", one_line(reply.reply_to_name())),
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
fn body(post: &Post, needle: Option<&Needle>, width: usize, out: &mut Vec<ViewLine>) {
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
            let (text, role) = match segment {
                Segment::Plain(t) => (t, base),
                Segment::Sticker(t) => (t, Role::Sticker),
            };
            line.pieces.extend(marked(text, role, needle));
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
        format!(
            "♥ {} {}",
            format::count(post.digg_count),
            format::agreeing(post.digg_count, "like")
        ),
    ];
    if let Some(ip) = &post.ip_label {
        facts.push(format!("IP {}", one_line(ip)));
    }
    facts.push(format!("{noun} ID {}", post.cid));
    out.extend(wrapped(&facts.join(" · "), width, Role::Label));
}

/// The author as the post carries them; with `P`, the full profile's figures instead,
/// marked as such.
fn profile(
    author: &Author,
    full: Option<&ProfileState>,
    Noun { one, many, .. }: Noun,
    profile_key: &str,
    width: usize,
    out: &mut Vec<ViewLine>,
) {
    out.push(ViewLine::new("Author", Role::Heading));
    if author.is_unknown() {
        out.extend(wrapped(
            &format!("The service sent no author with this {one}."),
            width,
            Role::Dim,
        ));
        return;
    }
    let loaded = match full {
        Some(ProfileState::Loaded(profile)) => Some(&**profile),
        _ => None,
    };
    let shown = loaded.map_or(author, |p| &p.user);
    let douyin_id = shown.douyin_id().unwrap_or("—").to_owned();
    let verification = shown
        .verification()
        .map_or_else(|| "—".to_owned(), |text| format!("✓ {text}"));
    let rows: [(&str, String); 8] = [
        ("Nickname", or_dash(&shown.nickname)),
        ("Douyin ID", douyin_id),
        ("UID", or_dash(&shown.uid)),
        ("sec_uid", or_dash(&shown.sec_uid)),
        ("Signature", or_dash(shown.signature())),
        ("Region", or_dash(&shown.region)),
        ("Verified", verification),
        ("Counts", counts(shown, loaded.is_some())),
    ];
    for (key, value) in rows {
        field(key, &value, width, out);
    }
    // On one line, cut where narrow: a link broken over two lines cannot be copied with
    // the mouse (Y copies it whole).
    if let Some(url) = shown.profile_url() {
        one_line_field("Profile", &url, width, out);
    }
    match (full, loaded) {
        (_, Some(profile)) => full_profile_facts(profile, width, out),
        (Some(ProfileState::Loading { .. }), _) => {
            out.extend(wrapped("Fetching the full profile…", width, Role::Dim));
        }
        (Some(ProfileState::Failed(error)), _) => {
            out.extend(wrapped(
                &format!("The full profile could not be fetched: {error}"),
                width,
                Role::Error,
            ));
        }
        (None | Some(ProfileState::Loaded(_)), None) => {
            let counts = author.counts();
            let all_zero = counts.follower_count == 0
                && counts.total_favorited == 0
                && counts.aweme_count == 0;
            let text = match all_zero {
                true => format!(
                    "Counts embedded in {many} are often 0; {profile_key} fetches the full profile (one billed call)."
                ),
                false => format!(
                    "Counts as embedded in {many}; {profile_key} fetches the full profile (one billed call)."
                ),
            };
            out.extend(wrapped(&text, width, Role::Dim));
        }
    }
}

fn counts(author: &Author, full: bool) -> String {
    let count = |n: u64, noun: &str| format!("{} {}", format::count(n), format::agreeing(n, noun));
    let counts = author.counts();
    format!(
        "{} · {} following · {} · {}{}",
        count(counts.follower_count, "follower"),
        format::count(counts.following_count),
        count(counts.total_favorited, "like"),
        count(counts.aweme_count, "work"),
        if full { " (full profile)" } else { "" }
    )
}

/// What only the full profile says: where, who, whether private.
fn full_profile_facts(profile: &Profile, width: usize, out: &mut Vec<ViewLine>) {
    if let Some(ip) = &profile.ip_location {
        field("IP", ip, width, out);
    }
    let mut about = Vec::new();
    match profile.gender {
        Some(crate::api::Gender::Male) => about.push("male".to_owned()),
        Some(crate::api::Gender::Female) => about.push("female".to_owned()),
        None => {}
    }
    if let Some(age) = profile.age {
        about.push(format!("{age} years old"));
    }
    if profile.is_private {
        about.push("private account".to_owned());
    }
    if !about.is_empty() {
        field("About", &about.join(" · "), width, out);
    }
    out.extend(wrapped("(full profile, fetched with P)", width, Role::Dim));
}

/// A "Key  value" row that stays on one line, cut with "…" where it does not fit.
fn one_line_field(key: &str, value: &str, width: usize, out: &mut Vec<ViewLine>) {
    let room = width.saturating_sub(KEY_WIDTH).max(1);
    let mut line = ViewLine::new(format!("{key:<w$}", w = KEY_WIDTH), Role::Label);
    line.push(truncate(value, room).0, Role::Plain);
    out.push(line);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::width;

    #[test]
    fn badges_and_long_labels_stay_inside_a_narrow_pane() {
        // A label is the service's text: this one ran past the pane's edge, and the
        // render_text fuzz body (fuzz/corpus/render_text/seed-cjk) caught it.
        let label = "兄弟那你得多补补橱窗牡蛎精安排吧[暗中观察]，哈哈哈！";
        let reply = Reply {
            post: Post {
                cid: "1".into(),
                text: label.into(),
                labels: [label.into(), "热评".into()].into(),
                is_hot: true,
                by_video_author: true,
                ..Post::default()
            },
            ..Reply::default()
        };
        let extras = Extras {
            is_new: true,
            ..Extras::default()
        };
        let subject = Subject::Reply {
            reply: &reply,
            top_comment: None,
        };
        for pane in [20, 24, 33, 60] {
            let shown: Vec<String> = lines(subject, extras, pane, 0)
                .iter()
                .map(ViewLine::text)
                .collect();
            for line in &shown {
                assert!(width(line) <= usize::from(pane), "{line:?} at {pane}");
            }
            let all = shown.concat();
            for part in ["[新]", "[作者]", "[热]", "[热评]", "哈哈哈！]"] {
                assert!(all.contains(part), "{part} missing at {pane}: {shown:?}");
            }
        }
    }
}
