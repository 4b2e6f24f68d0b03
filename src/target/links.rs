//! Douyin links in pasted text. A link is a run of ASCII URL characters (full-width forms
//! folded first), so the CJK text and punctuation around it in a share text end it. It is
//! judged by its parsed host and path segments, never by substrings: a douyin.com path
//! under another host is another site. A share link is matched as
//! `v.douyin.com/[A-Za-z0-9_-]+` and nothing after it, since the app's trailing junk can
//! look like a domain (`3@8.com`).

use crate::ids::VideoId;
use url::Url;

/// Path kinds that carry a video ID in the next segment: videos, photo notes, slideshows.
const VIDEO_KINDS: [&str; 3] = ["video", "note", "slides"];
/// The share link host; its links carry a code, not an ID.
const SHARE_HOST: &str = "v.douyin.com";
/// Sites whose pages name videos by ID (any subdomain but the share host).
const VIDEO_SITES: [&str; 2] = ["douyin.com", "iesdouyin.com"];
/// Punctuation a sentence puts after a link, never part of it.
const TRAILING: &[char] = &['.', ',', ';', ':', '!', '?'];

/// What one link in the text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Link {
    /// A Douyin page naming a video.
    Video(VideoId),
    /// A share link, normalized to `https://v.douyin.com/CODE/`.
    Share(String),
    /// A Douyin page without a video (a profile, a search): host and path.
    NoVideo(String),
    /// Another site's link (with an explicit scheme): its host.
    Elsewhere(String),
}

impl Link {
    /// Which link wins when a text holds several: one that opens with no call, then one
    /// that needs a call, then the closest refusal.
    pub(super) fn rank(&self) -> u8 {
        match self {
            Link::Video(_) => 0,
            Link::Share(_) => 1,
            Link::NoVideo(_) => 2,
            Link::Elsewhere(_) => 3,
        }
    }
}

/// A link and the byte offset in the text where it starts.
pub(super) struct Found {
    pub start: usize,
    pub link: Link,
}

/// Every link in `text`, in order.
pub(super) fn scan(text: &str) -> Vec<Found> {
    runs(text)
        .into_iter()
        .filter_map(|(start, run)| classify(&run).map(|link| Found { start, link }))
        .collect()
}

/// The video ID a URL names with no call: `/video/ID`, `/note/ID`, `/slides/ID` (also under
/// `/share/`), or `modal_id=ID`, on douyin.com or iesdouyin.com, with or without the scheme.
/// For the URL a share link resolves to, as much as for typed links.
pub fn video_id_from_url(url: &str) -> Option<VideoId> {
    match classify(url.trim())? {
        Link::Video(id) => Some(id),
        _ => None,
    }
}

/// Full-width ASCII forms (what a Chinese input method types) as ASCII, the ideographic
/// space as a space; everything else unchanged.
pub(super) fn fold_full_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// Runs of URL characters, each with the byte offset of its first character in `text`.
fn runs(text: &str) -> Vec<(usize, String)> {
    let mut runs: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    for (at, c) in text.char_indices() {
        let c = fold_full_width(c);
        if !is_url_char(c) {
            open = false;
            continue;
        }
        match runs.last_mut() {
            Some((_, run)) if open => run.push(c),
            _ => runs.push((at, c.to_string())),
        }
        open = true;
    }
    runs
}

/// ASCII that can be in a pasted link. Quotes, brackets and parentheses are left out:
/// they wrap links far more often than they occur in Douyin's.
fn is_url_char(c: char) -> bool {
    c.is_ascii_graphic()
        && !matches!(
            c,
            '<' | '>' | '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}'
        )
}

/// What one run is, if it is a link at all. Without a scheme only Douyin's own hosts make
/// a link, so stray text ("K@w.sr", "7.43") is not mistaken for another site.
fn classify(run: &str) -> Option<Link> {
    let run = run.trim_end_matches(TRAILING);
    let (explicit, rest) = without_scheme(run);
    if let Some(code) = share_code(rest) {
        return Some(Link::Share(format!("https://{SHARE_HOST}/{code}/")));
    }
    let url = Url::parse(&format!("https://{rest}")).ok()?;
    let host = url.host_str()?;
    if host == SHARE_HOST {
        return Some(Link::NoVideo(host_and_path(&url)));
    }
    if is_video_site(host) {
        return Some(
            video_in(&url).map_or_else(|| Link::NoVideo(host_and_path(&url)), Link::Video),
        );
    }
    explicit.then(|| Link::Elsewhere(host.to_owned()))
}

/// The run without `http://` or `https://` (any case), and whether it had one.
fn without_scheme(run: &str) -> (bool, &str) {
    for scheme in ["https://", "http://"] {
        if let Some(head) = run.get(..scheme.len())
            && head.eq_ignore_ascii_case(scheme)
        {
            return (true, &run[scheme.len()..]);
        }
    }
    (false, run)
}

/// The code of a share link, `v.douyin.com/CODE…`; what follows the code is ignored.
fn share_code(rest: &str) -> Option<&str> {
    let prefix = format!("{SHARE_HOST}/");
    let head = rest.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(&prefix) {
        return None;
    }
    let path = &rest[prefix.len()..];
    let end = path
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(path.len());
    (end > 0).then(|| &path[..end])
}

/// One of [`VIDEO_SITES`] or a subdomain of one (`www.`, `m.`); the share host is not asked.
fn is_video_site(host: &str) -> bool {
    VIDEO_SITES.iter().any(|site| {
        host == *site
            || host
                .strip_suffix(site)
                .is_some_and(|sub| sub.ends_with('.'))
    })
}

/// `modal_id` first: on a page that shows a video over another, it is the one in view.
fn video_in(url: &Url) -> Option<VideoId> {
    let modal = url
        .query_pairs()
        .find(|(key, _)| key == "modal_id")
        .and_then(|(_, id)| VideoId::parse(&id).ok());
    modal.or_else(|| video_in_path(url))
}

/// `/{kind}/{id}` or `/share/{kind}/{id}`, kind being one of [`VIDEO_KINDS`].
fn video_in_path(url: &Url) -> Option<VideoId> {
    let mut segments = url.path_segments()?.filter(|s| !s.is_empty());
    let mut kind = segments.next()?;
    if kind.eq_ignore_ascii_case("share") {
        kind = segments.next()?;
    }
    if !VIDEO_KINDS.iter().any(|k| kind.eq_ignore_ascii_case(k)) {
        return None;
    }
    let id = segments.next()?;
    // Only ASCII digits: `VideoId::parse` would also forgive what a person types.
    id.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| VideoId::parse(id).ok())
        .flatten()
}

fn host_and_path(url: &Url) -> String {
    format!("{}{}", url.host_str().unwrap_or_default(), url.path())
}
