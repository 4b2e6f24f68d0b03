//! The detail pane: one reply in full, then its author's profile. Lines are wrapped here,
//! by display width, so nothing from the API ever meets `Paragraph::wrap`.

use super::theme;
use crate::api::{Author, Reply};
use crate::format;
use crate::text::{Segment, one_line, segments, wrap};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// Width of the profile's key column ("Douyin ID  ").
const KEY_WIDTH: usize = 12;

/// Every line of the detail pane for `reply`, wrapped to `width` cells.
/// `top_comment` is the text the thread's replies sit under, when known.
pub fn lines(reply: &Reply, top_comment: Option<&str>, width: u16, now: i64) -> Vec<Line<'static>> {
    let width = usize::from(width).max(2);
    let mut out = Vec::new();
    heading(reply, width, &mut out);
    badges(reply, &mut out);
    answers(reply, top_comment, width, &mut out);
    out.push(Line::raw(""));
    body(reply, width, &mut out);
    out.push(Line::raw(""));
    facts(reply, width, now, &mut out);
    out.push(Line::raw(""));
    profile(&reply.author, width, &mut out);
    out
}

fn heading(reply: &Reply, width: usize, out: &mut Vec<Line<'static>>) {
    let name = match reply.author.nickname.as_str() {
        "" => "(unknown author)".to_owned(),
        n => one_line(n).into_owned(),
    };
    for l in wrap(&name, width) {
        out.push(Line::styled(l, theme::nickname()));
    }
}

fn badges(reply: &Reply, out: &mut Vec<Line<'static>>) {
    let mut spans = Vec::new();
    if reply.author_liked() {
        spans.push(Span::styled(" 作者赞过 ", theme::author_liked()));
        spans.push(Span::styled(" liked by the author ", theme::label()));
    }
    if reply.by_video_author() {
        spans.push(Span::styled(
            "[作者] video author",
            theme::badge(theme::ACCENT),
        ));
        spans.push(Span::raw(" "));
    }
    if reply.is_hot {
        spans.push(Span::styled("[热] hot", theme::badge(theme::HOT)));
        spans.push(Span::raw(" "));
    }
    if reply.is_folded {
        spans.push(Span::styled("[折叠] folded by Douyin", theme::dim()));
        spans.push(Span::raw(" "));
    }
    for label in reply
        .labels
        .iter()
        .filter(|l| l.kind != crate::api::model::LABEL_AUTHOR_LIKED && !l.text.is_empty())
    {
        spans.push(Span::styled(
            format!("[{}]", one_line(&label.text)),
            theme::label(),
        ));
        spans.push(Span::raw(" "));
    }
    if !spans.is_empty() {
        out.push(Line::from(spans));
    }
}

fn answers(reply: &Reply, top_comment: Option<&str>, width: usize, out: &mut Vec<Line<'static>>) {
    let text = if reply.answers_reply() {
        match reply.reply_to_username.as_str() {
            "" => "↳ replying to another reply".to_owned(),
            name => format!("↳ replying to @{}", one_line(name)),
        }
    } else {
        match top_comment {
            Some(comment) => format!(
                "↳ replying to the top-level comment: “{}”",
                one_line(comment)
            ),
            None => "↳ replying to the top-level comment".to_owned(),
        }
    };
    for l in wrap(&text, width) {
        out.push(Line::styled(l, theme::reply_to()));
    }
}

/// The reply's text, with sticker codes like [暗中观察] styled.
fn body(reply: &Reply, width: usize, out: &mut Vec<Line<'static>>) {
    if reply.text.trim().is_empty() {
        out.push(Line::styled("(no text)", theme::dim()));
    }
    let base = if reply.is_folded {
        theme::dim()
    } else {
        Style::new()
    };
    for l in wrap(&reply.text, width) {
        let spans: Vec<Span<'static>> = segments(&l)
            .into_iter()
            .map(|s| match s {
                Segment::Plain(t) => Span::styled(t.to_owned(), base),
                Segment::Sticker(t) => Span::styled(t.to_owned(), theme::sticker()),
            })
            .collect();
        out.push(Line::from(spans));
    }
    let mut extras = Vec::new();
    for url in &reply.images {
        let line = if url.is_empty() {
            "[image]".to_owned()
        } else {
            format!("[image] {url}")
        };
        for l in wrap(&line, width) {
            out.push(Line::styled(l, theme::label()));
        }
    }
    if reply.has_sticker {
        extras.push("[sticker]".to_owned());
    }
    extras.extend(reply.hashtags.iter().map(|h| format!("#{}", one_line(h))));
    if !extras.is_empty() {
        for l in wrap(&extras.join("  "), width) {
            out.push(Line::styled(l, theme::label()));
        }
    }
}

fn facts(reply: &Reply, width: usize, now: i64, out: &mut Vec<Line<'static>>) {
    let mut facts = vec![
        format!(
            "{} Beijing time ({})",
            format::beijing_time(reply.create_time),
            format::age_long(reply.create_time, now)
        ),
        format!("♥ {} likes", format::count(reply.digg_count)),
    ];
    facts.push(format!("reply ID {}", reply.cid));
    if let Some(ip) = &reply.ip_label {
        facts.insert(2, format!("IP {}", one_line(ip)));
    }
    for l in wrap(&facts.join(" · "), width) {
        out.push(Line::styled(l, theme::label()));
    }
}

fn profile(author: &Author, width: usize, out: &mut Vec<Line<'static>>) {
    out.push(Line::styled(
        "Author",
        theme::title().add_modifier(Modifier::UNDERLINED),
    ));
    if *author == Author::default() {
        for l in wrap("The service sent no author with this reply.", width) {
            out.push(Line::styled(l, theme::dim()));
        }
        return;
    }
    let douyin_id = author.douyin_id().unwrap_or("—").to_owned();
    // Only a verification with text means something: Douyin sets `is_verified` on ordinary
    // accounts too, so a bare flag is not shown as a badge.
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
        for l in wrap(
            "Counts embedded in replies are often 0; the profile itself may differ.",
            width,
        ) {
            out.push(Line::styled(l, theme::dim()));
        }
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
fn field(key: &str, value: &str, width: usize, out: &mut Vec<Line<'static>>) {
    if width < KEY_WIDTH + 8 {
        out.push(Line::styled(key.to_owned(), theme::label()));
        for l in wrap(value, width) {
            out.push(Line::raw(l));
        }
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
        out.push(Line::from(vec![
            Span::styled(key_cell, theme::label()),
            Span::raw(l),
        ]));
    }
}
