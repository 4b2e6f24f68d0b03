//! Where answers come from: the API with the library's page cache in front, the library
//! alone (`--offline`), or the bundled demo. Each answer says where it came from
//! ([`Origin`]). The library keeps every page's body and its items; reading and writing it
//! happens on tokio's blocking pool, never on the async workers.

use crate::api::{
    Answer, ApiError, Call, CheckedBody, Client, Delivered, Origin, Payload, RetryWatch,
};
use crate::demo::DemoSource;
use crate::library::{Cached, Library, LibraryError};

/// Where the runtime gets answers from.
#[derive(Clone)]
pub enum PageSource {
    /// Just One API over the network, with the cache in front when there is one.
    Api {
        client: Client,
        cache: Option<Library>,
    },
    /// The cache only (`--offline`): nothing is sent.
    Offline { cache: Library, host: String },
    /// The bundled demo data.
    Demo(DemoSource),
    /// Nothing can be fetched (no token); the app never asks, this only answers if it does.
    Unavailable { reason: String },
}

/// How an answer comes: at once (the demo's first pages, the refusal of a source that
/// cannot fetch), so it can be shown before the first frame, or after reading the disk or
/// the network.
pub enum Answering {
    Now(Result<Delivered, ApiError>),
    Later(Pending),
}

/// An answer that needs waiting for: the cache first (a fresh copy, unless refreshing;
/// any copy offline), then the network or the demo's simulated delay. It owns what it
/// needs, so it can run in a task of its own.
pub struct Pending {
    source: PageSource,
    call: Call,
    refresh: bool,
    now: i64,
}

/// An answer, and what became of writing it into the library.
#[derive(Debug)]
pub struct Resolved {
    pub result: Result<Delivered, ApiError>,
    /// `None` when nothing was to be written: a cached answer, the demo, no library, a
    /// failed call, an answer quoting the token. A failed write never fails the answer.
    pub written: Option<Result<(), LibraryError>>,
}

impl Answering {
    /// The answer, however it comes. `watch` hears about each request and each wait, may
    /// hold a request back, and says whether the answer is still wanted.
    pub async fn resolve(self, watch: &(impl RetryWatch + Sync)) -> Result<Delivered, ApiError> {
        match self {
            Answering::Now(result) => result,
            Answering::Later(pending) => pending.resolve(watch).await,
        }
    }

    /// [`Answering::resolve`], saying whether the answer was written into the library.
    pub async fn resolve_and_keep(self, watch: &(impl RetryWatch + Sync)) -> Resolved {
        match self {
            Answering::Now(result) => Resolved {
                result,
                written: None,
            },
            Answering::Later(pending) => pending.resolve_and_keep(watch).await,
        }
    }
}

impl Pending {
    /// Reads the cache (on a blocking thread, never on the async workers), then on a miss
    /// fetches; an answer that arrives is cached before it is returned, unless it quotes
    /// the token.
    pub async fn resolve(self, watch: &(impl RetryWatch + Sync)) -> Result<Delivered, ApiError> {
        self.resolve_and_keep(watch).await.result
    }

    /// [`Pending::resolve`], saying whether the answer was written into the library.
    pub async fn resolve_and_keep(self, watch: &(impl RetryWatch + Sync)) -> Resolved {
        let Pending {
            source,
            call,
            refresh,
            now,
        } = self;
        if let Some(hit) = source.cached(&call, refresh, now).await {
            return Resolved {
                result: hit,
                written: None,
            };
        }
        source.fetch_remote(&call, watch).await
    }
}

impl PageSource {
    /// The library answers are kept in, when there is one (the reader's bookmarks too).
    pub fn library(&self) -> Option<&Library> {
        match self {
            PageSource::Api { cache, .. } => cache.as_ref(),
            PageSource::Offline { cache, .. } => Some(cache),
            PageSource::Demo(demo) => demo.library(),
            PageSource::Unavailable { .. } => None,
        }
    }

    /// The one way to get an answer to `call`. `refresh` skips a fresh cached copy, except
    /// a share link's, which never changes. `now` (Unix seconds) decides what is fresh.
    pub fn answer(&self, call: &Call, refresh: bool, now: i64) -> Answering {
        if let Some(result) = self.ready_now(call) {
            return Answering::Now(result);
        }
        Answering::Later(Pending {
            source: self.clone(),
            call: call.clone(),
            refresh: refresh && !call.never_expires(),
            now,
        })
    }

    /// From the network or the demo's simulated delay, once the cache had nothing.
    async fn fetch_remote(&self, call: &Call, watch: &(impl RetryWatch + Sync)) -> Resolved {
        let PageSource::Api { client, cache } = self else {
            return Resolved {
                result: self.fetch_elsewhere(call).await,
                written: None,
            };
        };
        let Answer { value, body } = match client.call(call, watch).await {
            Ok(answer) => answer,
            Err(err) => {
                return Resolved {
                    result: Err(err),
                    written: None,
                };
            }
        };
        let (earlier, written) = match cache {
            // A copy goes to the blocking thread, so the answer survives whatever
            // happens to the write.
            Some(cache) => {
                let stored = value.clone();
                keep(cache.clone(), client.host_key(), call.clone(), body, stored).await
            }
            None => (None, None),
        };
        Resolved {
            result: Ok(Delivered {
                payload: value,
                origin: Origin::Network,
                earlier,
            }),
            written,
        }
    }

    /// From the demo's simulated delay; the sources that never fetch refuse.
    async fn fetch_elsewhere(&self, call: &Call) -> Result<Delivered, ApiError> {
        match self {
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
                if let Some(library) = demo.library() {
                    // Its items, before they are shown, as a fetched page's are.
                    let (library, call, items) = (library.clone(), call.clone(), payload.clone());
                    off_the_workers(move || {
                        if let Err(err) = library.put_items(&call, &items, now()) {
                            tracing::warn!(%call, error = %err, "demo page not kept");
                        }
                    })
                    .await;
                }
                Ok(Delivered::new(payload, Origin::Demo))
            }
            // Offline and Unavailable always answer in `ready_now` or `cached`.
            PageSource::Api { .. }
            | PageSource::Offline { .. }
            | PageSource::Unavailable { .. } => Err(ApiError::Unavailable {
                reason: "nothing to fetch from".into(),
            }),
        }
    }

    /// The answer if it needs no waiting and no disk — the demo's first pages, or the
    /// refusal of a source that cannot fetch.
    fn ready_now(&self, call: &Call) -> Option<Result<Delivered, ApiError>> {
        match self {
            // A first page is in memory: it is shown at once, and with a session library
            // its items are written after, off the loop and before any other library work
            // (the runtime's session keeps that order). Later pages go the way that writes
            // them before they show.
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
            PageSource::Api { .. } | PageSource::Offline { .. } => None,
        }
    }

    /// The answer from the cache: a fresh one (any, offline; a miss offline is the
    /// answer too). `None` means it must be fetched.
    async fn cached(
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
                let (cache, host, key) = (cache.clone(), client.host_key(), call.clone());
                let hit = off_the_workers(move || cache.get_fresh(&host, &key, now)).await??;
                Some(Ok(from_cache(hit)))
            }
            PageSource::Offline { cache, host } => {
                let (reader, at, key) = (cache.clone(), host.clone(), call.clone());
                let hit = off_the_workers(move || reader.get(&at, &key))
                    .await
                    .flatten();
                Some(match hit {
                    Some(hit) => Ok(from_cache(hit)),
                    None => Err(offline_miss(call, host)),
                })
            }
            _ => None,
        }
    }
}

fn from_cache(hit: Cached) -> Delivered {
    Delivered::new(
        hit.payload,
        Origin::Cache {
            fetched_at: hit.fetched_at,
        },
    )
}

fn offline_miss(call: &Call, host: &str) -> ApiError {
    ApiError::Unavailable {
        reason: format!(
            "{} is not in the cache for {host}, and --offline sends no request. Run \
             without --offline to fetch it (each call is billed), or pass the \
             --base-url or --region it was read from.",
            crate::format::capitalized(&call.to_string())
        ),
    }
}

/// Runs file work (reads, decoding, fsync) on tokio's blocking pool; `None` if it
/// panicked.
async fn off_the_workers<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    tokio::task::spawn_blocking(work).await.ok()
}

/// Stores a new answer (its body, when it may be kept, and its items) and returns the IDs
/// of the copy it replaces, to tell what is new since, and how the write went: both on a
/// blocking thread.
async fn keep(
    cache: Library,
    host: String,
    call: Call,
    body: Option<CheckedBody>,
    payload: Payload,
) -> (Option<Vec<Box<str>>>, Option<Result<(), LibraryError>>) {
    off_the_workers(move || {
        let earlier = cache
            .get(&host, &call)
            .and_then(|hit| Delivered::new(hit.payload, Origin::Network).ids());
        let written = match body {
            Some(body) => Some(store(&cache, &host, &call, &body, &payload)),
            None => {
                tracing::warn!(%call, "answer quotes the token; not cached");
                None
            }
        };
        (earlier, written)
    })
    .await
    .unwrap_or((None, None))
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

/// A failed library write costs only a future refetch; it must not fail the call, only be
/// told.
fn store(
    cache: &Library,
    host: &str,
    call: &Call,
    body: &CheckedBody,
    payload: &Payload,
) -> Result<(), LibraryError> {
    let written = cache.put_decoded(host, call, body, payload, now());
    if let Err(err) = &written {
        tracing::warn!(%call, error = %err, "could not write the library");
    }
    written
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}
