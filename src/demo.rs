//! The bundled demo threads: real-shaped API pages compiled into the binary, served through
//! the same decoder and paging path as the real service, with a simulated delay so lazy
//! loading is visible. No token, no network.

use crate::CommentId;
use crate::api::{ApiError, ThreadPage, decode_page};
use crate::app::ThreadHint;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;

/// The files in `assets/demo/`, the long thread first: `--demo` opens it.
const FILES: [&str; 3] = [
    include_str!("../assets/demo/7611524150996519591.json"),
    include_str!("../assets/demo/7612874893784643373.json"),
    include_str!("../assets/demo/7613731540051747163.json"),
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
    pages: Vec<serde_json::Value>,
}

/// Serves the demo threads page by page.
#[derive(Debug, Clone)]
pub struct DemoSource {
    threads: Arc<Vec<DemoThread>>,
    delay: Duration,
}

impl DemoSource {
    /// Reads the bundled threads. They are checked by the tests, so a failure here means a
    /// broken build, reported as such rather than a panic.
    pub fn bundled() -> Result<DemoSource, String> {
        let threads = FILES
            .iter()
            .map(|text| serde_json::from_str::<DemoThread>(text))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("the bundled demo data is damaged ({e}); please report this"))?;
        Ok(DemoSource {
            threads: Arc::new(threads),
            delay: PAGE_DELAY,
        })
    }

    /// The same threads with another delay (tests use zero).
    pub fn with_delay(mut self, delay: Duration) -> DemoSource {
        self.delay = delay;
        self
    }

    pub fn threads(&self) -> &[DemoThread] {
        &self.threads
    }

    /// The thread `--demo` opens: the long one.
    pub fn first_id(&self) -> &str {
        self.threads.first().map_or("", |t| t.comment_id.as_str())
    }

    /// The threads to suggest under the input, with short titles.
    pub fn hints(&self) -> Vec<ThreadHint> {
        self.threads
            .iter()
            .map(|t| ThreadHint {
                id: t.comment_id.clone(),
                title: short_title(&t.title),
                top_comment: Some(crate::text::sanitize(&t.top_comment)).filter(|c| !c.is_empty()),
            })
            .collect()
    }

    /// Page `page` of thread `id`, as the service would answer. The first page comes at
    /// once, so the first frame already shows replies; later pages take [`PAGE_DELAY`].
    pub async fn fetch(&self, id: &CommentId, page: u32) -> Result<ThreadPage, ApiError> {
        if page > 1 && !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
        self.page_now(id, page)
    }

    /// The page without any delay.
    pub fn page_now(&self, id: &CommentId, page: u32) -> Result<ThreadPage, ApiError> {
        let Some(thread) = self.threads.iter().find(|t| t.comment_id == id.as_str()) else {
            let ids: Vec<&str> = self.threads.iter().map(|t| t.comment_id.as_str()).collect();
            return Err(ApiError::Unavailable {
                reason: format!(
                    "The demo has no thread {id}. Try one of {}, or run without --demo to use the API.",
                    ids.join(", ")
                ),
            });
        };
        match thread.pages.get(page as usize - 1) {
            Some(envelope) => {
                let body = serde_json::to_vec(envelope).map_err(|e| ApiError::NotUnderstood {
                    detail: e.to_string(),
                })?;
                decode_page(&body)
            }
            // Past the last page the service answers an empty page with has_more 0.
            None => Ok(ThreadPage::default()),
        }
    }
}

/// "视频《在大理住了一个月…》下 @… 的评论：…" → "在大理住了一个月…" (the video's name).
fn short_title(title: &str) -> String {
    let inner = title
        .split_once('《')
        .and_then(|(_, rest)| rest.split_once('》'))
        .map(|(name, _)| name);
    let name = inner.unwrap_or(title);
    crate::text::truncate(name, 14).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Fetched, Origin};
    use crate::thread::{EndReason, Paging, Thread};

    fn load_all(source: &DemoSource, id: &str) -> Thread {
        let mut thread = Thread::new(CommentId::parse(id).unwrap(), 1, false);
        let mut pages = 0;
        loop {
            thread.select(thread.replies().len().saturating_sub(1));
            let Some(page) = thread.next_request(1) else {
                break;
            };
            let result = source.page_now(&thread.id, page).map(|page| Fetched {
                page,
                origin: Origin::Demo,
            });
            thread.apply(page, result);
            pages += 1;
            assert!(pages < 100, "paging must end");
        }
        thread
    }

    #[test]
    fn the_bundled_threads_decode_and_the_long_one_comes_first() {
        let source = DemoSource::bundled().unwrap();
        assert_eq!(source.threads().len(), 3);
        let long = load_all(&source, source.first_id());
        assert!(long.replies().len() >= 150, "{}", long.replies().len());
        assert_eq!(long.paging(), &Paging::End(EndReason::NoMore));
    }

    #[test]
    fn the_empty_last_page_that_claims_more_ends_the_thread() {
        let source = DemoSource::bundled().unwrap();
        let thread = load_all(&source, "7612874893784643373");
        assert_eq!(thread.replies().len(), 30);
        assert_eq!(thread.paging(), &Paging::End(EndReason::EmptyPage));
    }

    #[test]
    fn demo_text_reaches_the_app_sanitized() {
        let source = DemoSource::bundled().unwrap();
        let thread = load_all(&source, source.first_id());
        for reply in thread.replies() {
            assert!(
                !reply.text.chars().any(|c| c.is_control() && c != '\n'),
                "{:?}",
                reply.text
            );
        }
    }

    #[test]
    fn unknown_threads_name_the_ones_that_exist() {
        let source = DemoSource::bundled().unwrap();
        let err = source
            .page_now(&CommentId::parse("1").unwrap(), 1)
            .unwrap_err();
        assert!(err.to_string().contains("7611524150996519591"), "{err}");
    }

    #[test]
    fn hints_use_the_video_name() {
        assert_eq!(short_title("视频《红烧肉》下 @王姐 的评论：…"), "红烧肉");
    }
}
