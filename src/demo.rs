//! The bundled demo: three videos' top-level comments and the reply threads under them,
//! real-shaped API pages compiled into the binary, served through the same decoders (and so
//! the same sanitizer) as the real service, with a simulated delay so lazy loading is visible.
//! No token, no network.
//!
//! Every comment that counts replies has a thread here, and every thread has its comment:
//! the tests below hold the files to that, so the demo never shows a dead end the service
//! would not.

use crate::api::{ApiError, Comment, Page, Reply, decode_comments, decode_replies};
use crate::ids::{CommentId, VideoId};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// A thread file in `assets/demo/`, named by its comment's id.
macro_rules! thread_file {
    ($id:literal) => {
        ($id, include_str!(concat!("../assets/demo/", $id, ".json")))
    };
}

/// The threads in `assets/demo/` (comment id, text), the three long ones first (the first is
/// what `--demo <nothing>` used to open), then the short ones the videos' comments lead to.
/// A thread is parsed the first time it is opened: the first frame shows the first video's
/// comments, and parsing every thread (620 KB) cost about a millisecond before it.
const THREAD_FILES: [(&str, &str); 13] = [
    thread_file!("7611524150996519591"),
    thread_file!("7612874893784643373"),
    thread_file!("7613731540051747163"),
    thread_file!("7611835595448150713"),
    thread_file!("7611902464781480438"),
    thread_file!("7612368071131238550"),
    thread_file!("7612757486993430433"),
    thread_file!("7612766787523411950"),
    thread_file!("7612786991460116330"),
    thread_file!("7612897558086997061"),
    thread_file!("7613264508890758254"),
    thread_file!("7614264099142788171"),
    thread_file!("7614321305374530150"),
];

/// The videos in `assets/demo/`, the one `--demo` starts on first.
const VIDEO_FILES: [&str; 3] = [
    include_str!("../assets/demo/video-7611482632820765316.json"),
    include_str!("../assets/demo/video-7612866469150299022.json"),
    include_str!("../assets/demo/video-7613724604786859719.json"),
];

/// About what a real page takes, so lazy loading can be seen.
pub const PAGE_DELAY: Duration = Duration::from_millis(300);

/// One bundled thread: its id, what it is about, and its pages as the API sent them.
#[derive(Debug, Deserialize)]
pub struct DemoThread {
    pub comment_id: String,
    pub title: String,
    #[serde(default)]
    pub top_comment: String,
    pages: Vec<Box<RawValue>>,
}

/// One bundled video: its id, title and author, and its comment pages as the API sent them.
#[derive(Debug, Deserialize)]
pub struct DemoVideo {
    pub aweme_id: String,
    pub title: String,
    pub author: String,
    pages: Vec<Box<RawValue>>,
}

/// A bundled thread file, parsed (and its texts sanitized) the first time it is asked for.
#[derive(Debug)]
struct BundledThread {
    comment_id: &'static str,
    text: &'static str,
    parsed: OnceLock<Result<DemoThread, String>>,
}

impl BundledThread {
    /// The thread, or why the bundled file cannot be read (a broken build).
    fn get(&self) -> Result<&DemoThread, &str> {
        let parsed = self.parsed.get_or_init(|| {
            let mut thread = serde_json::from_str::<DemoThread>(self.text).map_err(damaged)?;
            // What is shown outside the pages gets the same cleaning as API text.
            thread.title = crate::text::sanitize(&thread.title);
            thread.top_comment = crate::text::sanitize(&thread.top_comment);
            Ok(thread)
        });
        parsed.as_ref().map_err(String::as_str)
    }
}

fn damaged(e: serde_json::Error) -> String {
    format!("the bundled demo data is damaged ({e}); please report this")
}

/// Serves the demo videos and threads page by page.
#[derive(Debug, Clone)]
pub struct DemoSource {
    threads: Arc<[BundledThread]>,
    videos: Arc<Vec<DemoVideo>>,
    delay: Duration,
    /// The session's library, never the person's: what the demo shows is kept there, so
    /// that bookmarks, the start screen and search work in the demo too.
    library: Option<crate::library::Library>,
}

impl DemoSource {
    /// Reads the bundled videos; the threads are read when first asked for. They are checked
    /// by the tests, so a failure here means a broken build, reported as such rather than a
    /// panic (for a thread, as the answer to the page asked for).
    pub fn bundled() -> Result<DemoSource, String> {
        let threads = THREAD_FILES
            .iter()
            .map(|&(comment_id, text)| BundledThread {
                comment_id,
                text,
                parsed: OnceLock::new(),
            })
            .collect();
        let mut videos = VIDEO_FILES
            .iter()
            .map(|text| serde_json::from_str::<DemoVideo>(text))
            .collect::<Result<Vec<_>, _>>()
            .map_err(damaged)?;
        // What is shown outside the pages gets the same cleaning as API text.
        for video in &mut videos {
            video.title = crate::text::sanitize(&video.title);
            video.author = crate::text::sanitize(&video.author);
        }
        Ok(DemoSource {
            threads,
            videos: Arc::new(videos),
            delay: PAGE_DELAY,
            library: None,
        })
    }

    /// The same data, kept as it is shown in `library` (one made for the session:
    /// [`crate::library::Library::temporary`]).
    pub fn with_library(mut self, library: crate::library::Library) -> DemoSource {
        self.library = Some(library);
        self
    }

    /// The session's library, when it has one.
    pub fn library(&self) -> Option<&crate::library::Library> {
        self.library.as_ref()
    }

    /// The same data with another delay (tests use zero).
    pub fn with_delay(mut self, delay: Duration) -> DemoSource {
        self.delay = delay;
        self
    }

    /// The bundled videos, the one `--demo` starts on first.
    pub fn videos(&self) -> &[DemoVideo] {
        &self.videos
    }

    /// The video `--demo` starts on (在大理住了一个月…).
    pub fn first_video(&self) -> &DemoVideo {
        // VIDEO_FILES is a non-empty array, so `bundled` never makes an empty list.
        &self.videos[0]
    }

    /// Every bundled thread: the long ones, then the short ones the comments lead to (each
    /// read now if it was not yet; one that cannot be read is left out).
    pub fn threads(&self) -> impl Iterator<Item = &DemoThread> {
        self.threads.iter().filter_map(|t| t.get().ok())
    }

    /// Page `page` of `video`'s top-level comments, as the service would answer. The first
    /// page comes at once, so the first frame already shows comments; later pages take
    /// [`PAGE_DELAY`].
    pub async fn comments_page(
        &self,
        video: &VideoId,
        page: u32,
    ) -> Result<Page<Comment>, ApiError> {
        self.wait_for(page).await;
        self.comments_page_now(video, page)
    }

    /// [`Self::comments_page`] without any delay.
    pub fn comments_page_now(&self, video: &VideoId, page: u32) -> Result<Page<Comment>, ApiError> {
        let Some(found) = self.videos.iter().find(|v| v.aweme_id == video.as_str()) else {
            let ids: Vec<&str> = self.videos.iter().map(|v| v.aweme_id.as_str()).collect();
            return Err(ApiError::Unavailable {
                reason: format!(
                    "The demo has no video {video}. Try one of {}, or run without --demo to use the API.",
                    ids.join(", ")
                ),
            });
        };
        serve(&found.pages, page, decode_comments)
    }

    /// Page `page` of the replies under comment `id`, as the service would answer. The first
    /// page comes at once; later pages take [`PAGE_DELAY`].
    pub async fn replies_page(&self, id: &CommentId, page: u32) -> Result<Page<Reply>, ApiError> {
        self.wait_for(page).await;
        self.replies_page_now(id, page)
    }

    /// [`Self::replies_page`] without any delay. A bundled comment without replies answers
    /// an empty last page, as the service would; only an id the demo does not know is an
    /// error.
    pub fn replies_page_now(&self, id: &CommentId, page: u32) -> Result<Page<Reply>, ApiError> {
        if let Some(bundled) = self.threads.iter().find(|t| t.comment_id == id.as_str()) {
            let thread = bundled.get().map_err(|reason| ApiError::Unavailable {
                reason: reason.to_owned(),
            })?;
            return serve(&thread.pages, page, decode_replies);
        }
        if self.comment_without_replies(id) {
            return Ok(Page {
                total: Some(0),
                ..Page::default()
            });
        }
        let ids: Vec<&str> = self.threads.iter().map(|t| t.comment_id).collect();
        Err(ApiError::Unavailable {
            reason: format!(
                "The demo has no thread {id}. Try one of {}, or run without --demo to use the API.",
                ids.join(", ")
            ),
        })
    }

    async fn wait_for(&self, page: u32) {
        if page > 1 && !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
    }

    /// Whether `id` is one of the videos' comments that counts no replies. Only asked on the
    /// path that should not happen, so the pages are decoded then rather than at start.
    fn comment_without_replies(&self, id: &CommentId) -> bool {
        self.videos.iter().any(|video| {
            video.pages.iter().any(|envelope| {
                decode_comments(envelope.get().as_bytes()).is_ok_and(|page| {
                    page.items
                        .iter()
                        .any(|c| &*c.post.cid == id.as_str() && c.reply_total == 0)
                })
            })
        })
    }
}

/// Page `page` (from 1) of `pages` through `decode`; past the last page, the empty page with
/// `has_more` 0 that the service answers.
fn serve<T>(
    pages: &[Box<RawValue>],
    page: u32,
    decode: fn(&[u8]) -> Result<Page<T>, ApiError>,
) -> Result<Page<T>, ApiError> {
    let envelope = page
        .checked_sub(1)
        .and_then(|index| pages.get(usize::try_from(index).ok()?));
    match envelope {
        Some(envelope) => decode(envelope.get().as_bytes()),
        None => Ok(Page::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Thread A: the long one, under the first video's top comment.
    const THREAD_A: &str = "7611524150996519591";

    fn source() -> DemoSource {
        DemoSource::bundled().unwrap().with_delay(Duration::ZERO)
    }

    fn video_id(video: &DemoVideo) -> VideoId {
        VideoId::parse(&video.aweme_id).unwrap()
    }

    /// Every page of a video as the app would load it, until the service says there is no more.
    fn all_pages(source: &DemoSource, video: &DemoVideo) -> Vec<Page<Comment>> {
        let id = video_id(video);
        let mut pages = Vec::new();
        for number in 1.. {
            let page = source.comments_page_now(&id, number).unwrap();
            let more = page.has_more;
            pages.push(page);
            if !more {
                break;
            }
        }
        pages
    }

    /// A video's comments once each, in order (a repeated comment counts once).
    fn unique_comments(source: &DemoSource, video: &DemoVideo) -> Vec<Comment> {
        let mut seen = HashSet::new();
        all_pages(source, video)
            .into_iter()
            .flat_map(|page| page.items)
            .filter(|c| seen.insert(c.post.cid.clone()))
            .collect()
    }

    fn every_reply(source: &DemoSource, thread: &DemoThread) -> Vec<Reply> {
        let id = CommentId::parse(&thread.comment_id).unwrap();
        (1..=thread.pages.len() as u32)
            .flat_map(|n| source.replies_page_now(&id, n).unwrap().items)
            .collect()
    }

    fn terminal_safe(text: &str) -> bool {
        !text.chars().any(|c| {
            (c.is_control() && c != '\n')
                || matches!(
                    c,
                    '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'
                )
        })
    }

    #[test]
    fn every_bundled_video_decodes_to_its_last_page() {
        let source = source();
        assert_eq!(source.videos().len(), 3);
        for video in source.videos() {
            let pages = all_pages(&source, video);
            assert_eq!(pages.len(), video.pages.len(), "{}", video.aweme_id);
            assert!(
                pages.iter().all(|p| !p.items.is_empty()),
                "{}",
                video.aweme_id
            );
            let past = source
                .comments_page_now(&video_id(video), pages.len() as u32 + 1)
                .unwrap();
            assert!(
                past.items.is_empty() && !past.has_more,
                "past the end is empty"
            );
            assert!(!video.title.is_empty() && !video.author.is_empty());
        }
    }

    #[test]
    fn the_first_video_has_two_pages_of_comments_and_repeats_one() {
        let source = source();
        let first = source.first_video();
        assert_eq!(first.title, "在大理住了一个月，我到底花了多少钱？");
        let pages = all_pages(&source, first);
        assert!(pages.len() >= 2 && pages[0].items.len() == 20, "20 a page");
        let last_of_one = &pages[0].items.last().unwrap().post.cid;
        assert_eq!(
            &pages[1].items[0].post.cid, last_of_one,
            "page 2 repeats it"
        );
        let unique = unique_comments(&source, first);
        assert!(unique.len() >= 36, "{} comments", unique.len());
        let total = pages[0].total.unwrap();
        assert!(
            total > unique.len() as u64,
            "the service counts more than it serves"
        );
    }

    #[test]
    fn the_first_videos_top_comment_leads_to_the_long_thread() {
        let source = source();
        let comments = unique_comments(&source, source.first_video());
        let top = comments
            .iter()
            .find(|c| &*c.post.cid == "7611524150996519591")
            .expect("thread A's comment is on the first video");
        assert_eq!(top.reply_total, 167);
    }

    #[test]
    fn every_comment_with_replies_leads_to_a_thread_that_agrees_with_it() {
        let source = source();
        let mut led_to = HashSet::new();
        for video in source.videos() {
            for comment in unique_comments(&source, video) {
                if comment.reply_total == 0 {
                    continue;
                }
                let id = CommentId::parse(&comment.post.cid).unwrap();
                let first = source.replies_page_now(&id, 1).unwrap();
                assert!(!first.items.is_empty(), "{id}");
                assert_eq!(first.total, Some(comment.reply_total), "{id}");
                let thread = source
                    .threads()
                    .find(|t| t.comment_id == id.as_str())
                    .unwrap();
                assert_eq!(thread.top_comment, &*comment.post.text, "{id}");
                let replies = every_reply(&source, thread);
                assert!(!replies.is_empty() && replies.len() as u64 <= comment.reply_total);
                led_to.insert(thread.comment_id.clone());
            }
        }
        let orphans: Vec<_> = source
            .threads()
            .filter(|t| !led_to.contains(&t.comment_id))
            .map(|t| &t.comment_id)
            .collect();
        assert!(
            orphans.is_empty(),
            "threads no comment leads to: {orphans:?}"
        );
    }

    #[test]
    fn the_first_video_shows_every_kind_of_comment() {
        let source = source();
        let comments = unique_comments(&source, source.first_video());
        assert!(comments.iter().any(|c| c.pinned), "pinned");
        assert!(comments.iter().any(|c| c.post.author_liked), "作者赞过");
        let by_author: Vec<_> = comments.iter().filter(|c| c.post.by_video_author).collect();
        assert!(!by_author.is_empty(), "by the video's author");
        assert!(
            by_author
                .iter()
                .all(|c| *c.post.author.nickname == source.first_video().author)
        );
        assert!(comments.iter().filter(|c| c.reply_total == 0).count() >= 5);
        assert!(
            comments.iter().any(|c| c.post.author.is_unknown()),
            "user null"
        );
        assert!(
            comments.iter().any(|c| !c.post.images.is_empty()),
            "a picture"
        );
        assert!(
            comments.iter().any(|c| !c.post.hashtags.is_empty()),
            "hashtags"
        );
        let short_threads = comments
            .iter()
            .filter(|c| c.reply_total > 0 && &*c.post.cid != THREAD_A)
            .count();
        assert!(short_threads >= 4, "{short_threads} short threads");
    }

    #[test]
    fn a_comment_without_replies_answers_an_empty_last_page() {
        let source = source();
        let quiet = unique_comments(&source, source.first_video())
            .into_iter()
            .find(|c| c.reply_total == 0)
            .unwrap();
        let page = source
            .replies_page_now(&CommentId::parse(&quiet.post.cid).unwrap(), 1)
            .unwrap();
        assert!(page.items.is_empty() && !page.has_more);
    }

    #[test]
    fn all_text_reaches_the_app_sanitized() {
        assert!(
            VIDEO_FILES[0].contains("\\u001b"),
            "the first video carries escape sequences to remove"
        );
        let source = source();
        let mut checked = 0;
        let mut saw_hostile = false;
        for video in source.videos() {
            assert!(terminal_safe(&video.title) && terminal_safe(&video.author));
            for comment in unique_comments(&source, video) {
                let post = &comment.post;
                saw_hostile |= &*post.text == "恭喜您被抽中！点这里领888元旅游红包 包邮到家";
                for text in [&*post.text, &post.author.nickname, post.author.signature()] {
                    assert!(terminal_safe(text), "{} {text:?}", post.cid);
                    checked += 1;
                }
            }
        }
        for thread in source.threads() {
            assert!(terminal_safe(&thread.title) && terminal_safe(&thread.top_comment));
            for reply in every_reply(&source, thread) {
                let post = &reply.post;
                for text in [&*post.text, &post.author.nickname, reply.reply_to_name()] {
                    assert!(terminal_safe(text), "{} {text:?}", post.cid);
                    checked += 1;
                }
            }
        }
        assert!(
            saw_hostile,
            "the hostile comment arrives cleaned, its words kept"
        );
        assert!(checked > 500, "{checked}");
    }

    #[test]
    fn unknown_threads_name_the_ones_that_exist() {
        let source = source();
        let err = source
            .replies_page_now(&CommentId::parse("1").unwrap(), 1)
            .unwrap_err();
        assert!(err.to_string().contains("7611524150996519591"), "{err}");
    }

    #[test]
    fn unknown_videos_name_the_ones_that_exist() {
        let source = source();
        let err = source
            .comments_page_now(&VideoId::parse("1").unwrap(), 1)
            .unwrap_err();
        assert!(matches!(err, ApiError::Unavailable { .. }));
        for video in source.videos() {
            assert!(err.to_string().contains(&video.aweme_id), "{err}");
        }
    }

    #[test]
    fn page_zero_is_empty_not_a_crash() {
        let source = source();
        let id = CommentId::parse(THREAD_A).unwrap();
        assert!(source.replies_page_now(&id, 0).unwrap().items.is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn later_pages_of_comments_take_the_simulated_delay() {
        let source = DemoSource::bundled().unwrap();
        let id = video_id(source.first_video());
        let start = tokio::time::Instant::now();
        source.comments_page(&id, 1).await.unwrap();
        assert_eq!(start.elapsed(), Duration::ZERO, "the first page at once");
        source.comments_page(&id, 2).await.unwrap();
        assert_eq!(start.elapsed(), PAGE_DELAY);
    }

    #[test]
    fn every_file_in_the_assets_is_bundled() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo");
        let on_disk = std::fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                let name = e.as_ref().unwrap().file_name();
                name.to_string_lossy().ends_with(".json")
            })
            .count();
        assert_eq!(on_disk, THREAD_FILES.len() + VIDEO_FILES.len());
    }

    #[test]
    fn every_thread_reads_and_is_the_thread_its_file_is_named_for() {
        let source = source();
        let ids: Vec<&str> = source.threads().map(|t| t.comment_id.as_str()).collect();
        let named: Vec<&str> = THREAD_FILES.iter().map(|&(id, _)| id).collect();
        assert_eq!(ids, named);
    }

    #[test]
    fn threads_are_read_when_first_opened_not_at_start() {
        let source = source();
        assert!(source.threads.iter().all(|t| t.parsed.get().is_none()));
        let id = CommentId::parse(THREAD_A).unwrap();
        assert!(!source.replies_page_now(&id, 1).unwrap().items.is_empty());
        let read: Vec<&str> = source
            .threads
            .iter()
            .filter(|t| t.parsed.get().is_some())
            .map(|t| t.comment_id)
            .collect();
        assert_eq!(read, [THREAD_A]);
    }

    #[test]
    fn a_damaged_thread_file_is_the_answer_to_its_pages_not_a_panic() {
        let thread = BundledThread {
            comment_id: THREAD_A,
            text: "{\"comment_id\": \"7611524150996519591\", \"pages\": [",
            parsed: OnceLock::new(),
        };
        let source = DemoSource {
            threads: Arc::new([thread]),
            ..source()
        };
        let err = source
            .replies_page_now(&CommentId::parse(THREAD_A).unwrap(), 1)
            .unwrap_err();
        assert!(err.to_string().contains("damaged"), "{err}");
        assert_eq!(source.threads().count(), 0);
    }
}
