//! Where answers come from: the API with the cache in front, the cache alone (`--offline`),
//! or the bundled demo. Each answer says where it came from ([`Origin`]).

use crate::api::{
    Answer, ApiError, Call, CheckedBody, Client, Delivered, Origin, Payload, RetryWatch,
};
use crate::cache::PageCache;
use crate::demo::DemoSource;

/// Where the runtime gets answers from.
#[derive(Clone)]
pub enum PageSource {
    /// Just One API over the network, with the cache in front when there is one.
    Api {
        client: Client,
        cache: Option<PageCache>,
    },
    /// The cache only (`--offline`): nothing is sent.
    Offline { cache: PageCache, host: String },
    /// The bundled demo data.
    Demo(DemoSource),
    /// Nothing can be fetched (no token); the app never asks, this only answers if it does.
    Unavailable { reason: String },
}

impl PageSource {
    /// Fetches what needs waiting for: from the network (an answer that arrives is cached
    /// before it is returned, unless it quotes the token) or the demo's simulated delay.
    /// Call it when [`PageSource::ready_now`] had no answer. `watch` hears about each
    /// attempt and each wait, and says whether the answer is still wanted.
    pub async fn fetch_remote(
        &self,
        call: &Call,
        watch: &(impl RetryWatch + Sync),
    ) -> Result<Delivered, ApiError> {
        match self {
            PageSource::Api { client, cache } => {
                let (payload, body) = match call {
                    Call::Replies { comment, page } => {
                        let Answer { value, body } =
                            client.replies_page(comment, *page, watch).await?;
                        (Payload::Replies(value), body)
                    }
                    Call::Comments { video, page } => {
                        let Answer { value, body } =
                            client.comments_page(video, *page, watch).await?;
                        (Payload::Comments(value), body)
                    }
                    Call::Share { url } => {
                        let Answer { value, body } = client.resolve_share(url, watch).await?;
                        (Payload::Video(value), body)
                    }
                    Call::Profile { sec_uid } => {
                        let Answer { value, body } = client.user_profile(sec_uid, watch).await?;
                        (Payload::Profile(Box::new(value)), body)
                    }
                };
                let host = client.host_key();
                // The copy this answer replaces, to tell what is new since.
                let earlier = cache
                    .as_ref()
                    .and_then(|cache| cache.get(&host, call))
                    .and_then(|hit| Delivered::new(hit.payload, Origin::Network).ids());
                match (cache, body) {
                    (Some(cache), Some(body)) => store(cache, &host, call, &body),
                    (Some(_), None) => tracing::warn!(%call, "answer quotes the token; not cached"),
                    (None, _) => {}
                }
                Ok(Delivered {
                    payload,
                    origin: Origin::Network,
                    earlier,
                })
            }
            PageSource::Demo(demo) => {
                let payload = match call {
                    Call::Replies { comment, page } => {
                        Payload::Replies(demo.replies_page(comment, *page).await?)
                    }
                    Call::Comments { video, page } => {
                        Payload::Comments(demo.comments_page(video, *page).await?)
                    }
                    Call::Share { url } => return Err(demo_has_no_share(url)),
                    Call::Profile { .. } => return Err(demo_has_no_profiles()),
                };
                Ok(Delivered::new(payload, Origin::Demo))
            }
            // Offline and Unavailable always answer in `ready_now`.
            PageSource::Offline { .. } | PageSource::Unavailable { .. } => {
                Err(ApiError::Unavailable {
                    reason: "nothing to fetch from".into(),
                })
            }
        }
    }

    /// The answer if it needs no waiting — a fresh cached one, an offline miss, the demo's
    /// first pages — so the runtime can show it before the first frame. `None` means it
    /// must be fetched.
    pub fn ready_now(
        &self,
        call: &Call,
        refresh: bool,
        now: i64,
    ) -> Option<Result<Delivered, ApiError>> {
        match self {
            PageSource::Api {
                client,
                cache: Some(cache),
            } if !refresh => {
                let hit = cache.get_fresh(&client.host_key(), call, now)?;
                Some(Ok(Delivered::new(
                    hit.payload,
                    Origin::Cache {
                        fetched_at: hit.fetched_at,
                    },
                )))
            }
            PageSource::Api { .. } => None,
            PageSource::Offline { cache, host } => Some(match cache.get(host, call) {
                Some(hit) => Ok(Delivered::new(
                    hit.payload,
                    Origin::Cache {
                        fetched_at: hit.fetched_at,
                    },
                )),
                None => Err(ApiError::Unavailable {
                    reason: format!(
                        "{} is not in the cache for {host}, and --offline sends no request. Run \
                         without --offline to fetch it (each call is billed), or pass the \
                         --base-url or --region it was read from.",
                        capitalized(&call.to_string())
                    ),
                }),
            }),
            PageSource::Demo(demo) => {
                let payload = match call {
                    Call::Share { url } => Err(demo_has_no_share(url)),
                    Call::Profile { .. } => Err(demo_has_no_profiles()),
                    Call::Replies { comment, page: 1 } => {
                        demo.replies_page_now(comment, 1).map(Payload::Replies)
                    }
                    Call::Comments { video, page: 1 } => {
                        demo.comments_page_now(video, 1).map(Payload::Comments)
                    }
                    // Later pages come after the demo's simulated delay.
                    Call::Replies { .. } | Call::Comments { .. } => return None,
                };
                Some(payload.map(|payload| Delivered::new(payload, Origin::Demo)))
            }
            PageSource::Unavailable { reason } => Some(Err(ApiError::Unavailable {
                reason: reason.clone(),
            })),
        }
    }
}

/// The demo resolves nothing: a share link needs the API.
fn demo_has_no_share(url: &str) -> ApiError {
    ApiError::Unavailable {
        reason: format!(
            "The demo cannot open the share link {url}: resolving it is a call to the API. \
             Run without --demo (each call is billed), or open a demo video with v:ID."
        ),
    }
}

/// The demo has no full profiles: they are a call to the API.
fn demo_has_no_profiles() -> ApiError {
    ApiError::Unavailable {
        reason: "The demo has no full profiles: P fetches one from the API (one billed call) \
                 when you run without --demo."
            .into(),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A failed cache write costs only a future refetch; it must not fail the call.
fn store(cache: &PageCache, host: &str, call: &Call, body: &CheckedBody) {
    if let Err(err) = cache.put(host, call, body, now()) {
        tracing::warn!(%call, error = %err, "could not write the cache");
    }
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}
