//! Where pages come from: the API with the page cache in front, the cache alone
//! (`--offline`), or the bundled demo. Each answer says where it came from ([`Origin`]).

use crate::CommentId;
use crate::api::{ApiError, Client, Fetched, Origin, Reply, RetryWatch};
use crate::cache::PageCache;
use crate::demo::DemoSource;

/// Where the runtime gets pages from.
#[derive(Clone)]
pub enum PageSource {
    /// Just One API over the network, with the page cache in front when there is one.
    Api {
        client: Client,
        cache: Option<PageCache>,
    },
    /// The page cache only (`--offline`): nothing is sent.
    Offline { cache: PageCache, host: String },
    /// The bundled demo threads.
    Demo(DemoSource),
    /// Nothing can be fetched (no token); the app never asks, this only answers if it does.
    Unavailable { reason: String },
}

impl PageSource {
    /// Fetches a page that needs waiting for: from the network (a page that arrives is
    /// cached before it is returned, unless it quotes the token) or the demo's simulated
    /// delay. Call it when [`PageSource::ready_now`] had no answer.
    /// `watch` hears about each wait before the client tries again, and says whether the
    /// page is still wanted.
    pub async fn fetch_remote(
        &self,
        id: &CommentId,
        page: u32,
        watch: &(impl RetryWatch + Sync),
    ) -> Result<Fetched<Reply>, ApiError> {
        match self {
            PageSource::Api { client, cache } => {
                let answer = client.replies_page(id, page, watch).await?;
                match cache {
                    Some(_) if client.quotes_token(&answer.body) => {
                        tracing::warn!(comment_id = %id, page, "answer quotes the token; not cached");
                    }
                    Some(cache) => store(cache, &client.host_key(), id, page, &answer.body),
                    None => {}
                }
                Ok(Fetched {
                    page: answer.value,
                    origin: Origin::Network,
                })
            }
            PageSource::Demo(demo) => Ok(Fetched {
                page: demo.fetch(id, page).await?,
                origin: Origin::Demo,
            }),
            // Offline and Unavailable always answer in `ready_now`.
            PageSource::Offline { .. } | PageSource::Unavailable { .. } => {
                Err(ApiError::Unavailable {
                    reason: "nothing to fetch from".into(),
                })
            }
        }
    }

    /// The answer if it needs no waiting — a fresh cached page, an offline miss, the demo's
    /// first page — so the runtime can show it before the first frame. `None` means the
    /// page must be fetched.
    pub fn ready_now(
        &self,
        id: &CommentId,
        page: u32,
        refresh: bool,
        now: i64,
    ) -> Option<Result<Fetched<Reply>, ApiError>> {
        match self {
            PageSource::Api {
                client,
                cache: Some(cache),
            } if !refresh => {
                let hit = cache.get_fresh(&client.host_key(), id, page, now)?;
                Some(Ok(Fetched {
                    page: hit.page,
                    origin: Origin::Cache {
                        fetched_at: hit.fetched_at,
                    },
                }))
            }
            PageSource::Api { .. } => None,
            PageSource::Offline { cache, host } => Some(match cache.get(host, id, page) {
                Some(hit) => Ok(Fetched {
                    page: hit.page,
                    origin: Origin::Cache {
                        fetched_at: hit.fetched_at,
                    },
                }),
                None => Err(ApiError::Unavailable {
                    reason: format!(
                        "Page {page} of thread {id} is not in the cache for {host}, and --offline sends \
                         no request. Run without --offline to fetch it (each page is billed), or pass \
                         the --base-url or --region it was read from."
                    ),
                }),
            }),
            PageSource::Demo(demo) if page == 1 => {
                Some(demo.page_now(id, page).map(|page| Fetched {
                    page,
                    origin: Origin::Demo,
                }))
            }
            PageSource::Demo(_) => None,
            PageSource::Unavailable { reason } => Some(Err(ApiError::Unavailable {
                reason: reason.clone(),
            })),
        }
    }
}

/// A failed cache write costs only a future refetch; it must not fail the page.
fn store(cache: &PageCache, host: &str, id: &CommentId, page: u32, body: &[u8]) {
    if let Err(err) = cache.put(host, id, page, body, now()) {
        tracing::warn!(comment_id = %id, page, error = %err, "could not write the page cache");
    }
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}
