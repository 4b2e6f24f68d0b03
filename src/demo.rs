//! The bundled demo threads: real-shaped API pages compiled into the binary, served through
//! the same decoder and paging path as the real service, with a simulated delay so lazy
//! loading is visible. No token, no network.

use crate::CommentId;
use crate::api::{ApiError, Page, Reply, decode_replies};
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

    /// A short name for a thread's video, e.g. to suggest it under the input.
    pub fn short_title(thread: &DemoThread) -> String {
        short_title(&thread.title)
    }

    /// The text of the comment a thread's replies sit under, sanitized like API text.
    pub fn top_comment(thread: &DemoThread) -> Option<String> {
        Some(crate::text::sanitize(&thread.top_comment)).filter(|c| !c.is_empty())
    }

    /// Page `page` of thread `id`, as the service would answer. The first page comes at
    /// once, so the first frame already shows replies; later pages take [`PAGE_DELAY`].
    pub async fn fetch(&self, id: &CommentId, page: u32) -> Result<Page<Reply>, ApiError> {
        if page > 1 && !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
        self.page_now(id, page)
    }

    /// The page without any delay.
    pub fn page_now(&self, id: &CommentId, page: u32) -> Result<Page<Reply>, ApiError> {
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
                decode_replies(&body)
            }
            // Past the last page the service answers an empty page with has_more 0.
            None => Ok(Page::default()),
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
