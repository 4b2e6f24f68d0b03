//! What a person typed or pasted, understood offline: a comment ID, a video (by link or
//! `v:ID`), or a share link. Only a share link needs a call, which is billed, to become a
//! video; every other form is read here, and anything not understood is refused before any
//! request with the forms that are accepted.
//!
//! Pasted text is a stranger's text and may be huge: it is cut to [`MAX_CHARS`] and
//! sanitized before anything looks at it, and links are judged by their parsed host and
//! path (see `links`), never by substrings.

mod links;
#[cfg(test)]
mod tests;

use crate::ids::{CommentId, InvalidCommentId, InvalidVideoId, VideoId};
use crate::text;

pub use links::video_id_from_url;

/// How much of a paste is read: a share text is a few hundred characters, and a 20 KB
/// paste must not make every keystroke slow.
const MAX_CHARS: usize = 4096;
/// A share text's title is shown in one header line.
const TITLE_MAX_CHARS: usize = 80;
/// How much of the input an error quotes back: enough to recognise it, not a wall.
const SHOWN_MAX_CHARS: usize = 40;
/// Said by every refusal, so the person learns what would work.
const ACCEPTED: &str = "Accepted: a comment ID (digits), a douyin.com video link, a v.douyin.com \
                        share link or share text, or v:VIDEO_ID.";

/// What to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A top-level comment: open its replies.
    Comment(CommentId),
    /// A video: open its comments. The title comes free with a share text.
    Video { id: VideoId, title: Option<String> },
    /// A `https://v.douyin.com/CODE/` link (normalized): one billed call resolves it.
    ShareLink { url: String, title: Option<String> },
}

/// Why typed or pasted text cannot be opened. Each message says what was wrong and what is
/// accepted, and that no request was made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidTarget {
    #[error("Nothing to open. {accepted} Nothing was sent.", accepted = ACCEPTED)]
    Empty,
    #[error(
        "A comment ID has at most 20 digits; this one has {0}. {accepted} Nothing was sent.",
        accepted = ACCEPTED
    )]
    CommentIdTooLong(usize),
    #[error(
        "v: needs the video's numeric ID after it, e.g. v:7300000000000000001. {accepted} \
         Nothing was sent.",
        accepted = ACCEPTED
    )]
    VideoIdEmpty,
    #[error(
        "\"{0}\" is not a video ID: it must be digits only. {accepted} Nothing was sent.",
        accepted = ACCEPTED
    )]
    VideoIdNotDigits(String),
    #[error(
        "A video ID has at most 20 digits; this one has {0}. {accepted} Nothing was sent.",
        accepted = ACCEPTED
    )]
    VideoIdTooLong(usize),
    #[error(
        "\"{0}\" is a Douyin link without a video in it (a profile or search page?). Open the \
         video and copy its link or share text. {accepted} Nothing was sent.",
        accepted = ACCEPTED
    )]
    NoVideoInLink(String),
    #[error(
        "\"{0}\" is not a Douyin address. {accepted} Nothing was sent.",
        accepted = ACCEPTED
    )]
    NotDouyin(String),
    #[error(
        "\"{0}\" is not a comment ID, a video link or a share link. {accepted} Nothing was sent.",
        accepted = ACCEPTED
    )]
    NotUnderstood(String),
}

/// Reads what a person typed or pasted. Forgiven: surrounding white space and line breaks,
/// full-width digits and colons, punctuation around a link, and a share text around a
/// share link. A bare number is a comment ID; a video ID needs `v:` (or `video:`).
pub fn parse(input: &str) -> Result<Target, InvalidTarget> {
    let text = prepared(input);
    if text.is_empty() {
        return Err(InvalidTarget::Empty);
    }
    if let Some(id) = after_video_prefix(&text) {
        return video_by_id(id);
    }
    match CommentId::parse(&text) {
        Ok(id) => return Ok(Target::Comment(id)),
        Err(InvalidCommentId::TooLong(digits)) => {
            return Err(InvalidTarget::CommentIdTooLong(digits));
        }
        Err(_) => {}
    }
    from_links(&text)
}

/// The first [`MAX_CHARS`] characters, sanitized and trimmed.
fn prepared(input: &str) -> String {
    let end = input
        .char_indices()
        .nth(MAX_CHARS)
        .map_or(input.len(), |(at, _)| at);
    text::sanitize(&input[..end]).trim().to_owned()
}

/// What follows `v:` or `video:` (either colon, any case, full-width letters too).
fn after_video_prefix(text: &str) -> Option<&str> {
    let (head, rest) = text.split_once([':', '：'])?;
    let head: String = head.trim().chars().map(links::fold_full_width).collect();
    ["v", "video"]
        .iter()
        .any(|prefix| head.eq_ignore_ascii_case(prefix))
        .then_some(rest)
}

/// `v:` followed by digits; a video link pasted after `v:` is understood too.
fn video_by_id(text: &str) -> Result<Target, InvalidTarget> {
    match VideoId::parse(text) {
        Ok(id) => Ok(Target::Video { id, title: None }),
        Err(InvalidVideoId::Empty) => Err(InvalidTarget::VideoIdEmpty),
        Err(InvalidVideoId::TooLong(digits)) => Err(InvalidTarget::VideoIdTooLong(digits)),
        Err(InvalidVideoId::NotDigits(shown)) => match from_links(text.trim()) {
            Ok(video @ Target::Video { .. }) => Ok(video),
            _ => Err(InvalidTarget::VideoIdNotDigits(shown)),
        },
    }
}

/// The best link in the text: a video link (no call needed) over a share link, either over
/// a link that cannot be opened. The refusal names what came closest.
fn from_links(text: &str) -> Result<Target, InvalidTarget> {
    let Some(best) = links::scan(text)
        .into_iter()
        .min_by_key(|found| (found.link.rank(), found.start))
    else {
        return Err(InvalidTarget::NotUnderstood(shown(text)));
    };
    let title = || share_title(text, best.start);
    match best.link {
        links::Link::Video(id) => Ok(Target::Video { id, title: title() }),
        links::Link::Share(url) => Ok(Target::ShareLink {
            url,
            title: title(),
        }),
        links::Link::NoVideo(url) => Err(InvalidTarget::NoVideoInLink(shown(&url))),
        links::Link::Elsewhere(host) => Err(InvalidTarget::NotDouyin(shown(&host))),
    }
}

/// A share text's title: the text in 【…】 and what follows it up to the link, e.g.
/// "某某的作品 · 标题文字…". `None` without the brackets before the link.
fn share_title(text: &str, link_start: usize) -> Option<String> {
    let before = &text[..link_start];
    let (_, opened) = before.split_once('【')?;
    let (name, rest) = opened.split_once('】')?;
    let parts: Vec<&str> = [name.trim(), rest.trim()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect();
    (!parts.is_empty()).then(|| capped(&text::one_line(&parts.join(" · ")), TITLE_MAX_CHARS))
}

/// Input quoted back in an error: one line, short.
fn shown(text: &str) -> String {
    capped(&text::one_line(text), SHOWN_MAX_CHARS)
}

/// At most `max` characters, the last one "…" when something was cut.
fn capped(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some(_) => {
            let kept: String = text.chars().take(max - 1).collect();
            format!("{kept}…")
        }
    }
}
