//! From resolved settings to a running program, in three parts that the reader and export
//! share or not: where pages come from ([`source`], both), what the reader shows first
//! ([`setup`], the reader only), and the async runtime both run on ([`runtime`], built here
//! and nowhere else).

use crate::api::{Client, ClientConfig};
use crate::app::{Fetching, Mode, Setup, Suggestion};
use crate::cache::PageCache;
use crate::config::Settings;
use crate::demo::DemoSource;
use crate::source::PageSource;
use std::path::Path;

/// Why the program could not start; printed on the normal terminal, exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error("{0}")]
    Demo(String),
    #[error("{0}")]
    Client(crate::api::ApiError),
    #[error(
        "--offline needs the page cache, but this system has no cache directory \
         (set XDG_CACHE_HOME or HOME)."
    )]
    NoCacheDir,
}

/// Where pages come from under `settings`: the demo, the cache alone (`--offline`), the
/// API through the cache, or — without a token — nowhere, with the reason
/// ([`PageSource::Unavailable`]: the reader still starts, export refuses).
pub fn source(settings: &Settings, cache_dir: Option<&Path>) -> Result<PageSource, LaunchError> {
    if settings.demo {
        return DemoSource::bundled()
            .map(PageSource::Demo)
            .map_err(LaunchError::Demo);
    }
    let cache = cache_dir.map(|dir| {
        PageCache::new(dir, settings.cache_max_age).with_max_size(settings.cache_max_size)
    });
    if settings.offline {
        let cache = cache.ok_or(LaunchError::NoCacheDir)?;
        let host = crate::api::client::host_key_of(&settings.base_url);
        return Ok(PageSource::Offline { cache, host });
    }
    let Some(token) = settings.token.clone() else {
        return Ok(PageSource::Unavailable {
            reason: no_token_help(settings.config_path.as_deref()),
        });
    };
    let client = Client::new(ClientConfig::new(settings.base_url.clone(), token))
        .map_err(LaunchError::Client)?;
    Ok(PageSource::Api { client, cache })
}

/// The reader's starting state for `settings`, reading from `source`.
pub fn setup(settings: &Settings, source: &PageSource) -> Setup {
    let mut setup = Setup {
        initial: settings.target.clone(),
        skip_cache: settings.refresh,
        keymap: settings.keymap.clone(),
        no_color: settings.no_color,
        ..Setup::default()
    };
    match source {
        PageSource::Demo(demo) => {
            let first = format!("v:{}", demo.first_video().aweme_id);
            setup.initial = setup.initial.or(Some(first));
            setup.banner = Some("DEMO DATA · bundled videos, no network, no token".into());
            setup.mode = Mode::Demo;
            setup.video_titles = demo
                .videos()
                .iter()
                .map(|video| (video.aweme_id.clone(), video.title.clone()))
                .collect();
            setup.suggestions = demo
                .videos()
                .iter()
                .map(|video| Suggestion {
                    input: format!("v:{}", video.aweme_id),
                    title: video.title.clone(),
                })
                .collect();
        }
        PageSource::Offline { .. } => {
            setup.banner = Some("OFFLINE · cached pages only, nothing is sent".into());
            setup.mode = Mode::Offline;
        }
        PageSource::Unavailable { reason } => {
            setup.fetching = Fetching::NoToken {
                how_to: reason.clone(),
            };
        }
        PageSource::Api { .. } => {}
    }
    setup
}

/// The reader's starting state and where its pages come from.
pub fn plan(
    settings: &Settings,
    cache_dir: Option<&Path>,
) -> Result<(Setup, PageSource), LaunchError> {
    let source = source(settings, cache_dir)?;
    Ok((setup(settings, &source), source))
}

/// The async runtime the reader and export run on: two workers (fetching is I/O-bound,
/// and the machine is shared with the terminal).
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
}

/// Exactly how to set a token on this machine, and that the demo exists.
pub fn no_token_help(config_path: Option<&Path>) -> String {
    let file = config_path.map_or_else(
        || "the config file (no config directory on this system; use --config PATH)".to_owned(),
        |p| p.display().to_string(),
    );
    format!(
        "No API token is set, so nothing will be fetched and nothing is sent. Set one:\n\
         • export JUSTONEAPI_TOKEN=your-token\n\
         • or put  token = \"your-token\"  in {file}\n\
         • or run  douyin-threads --token your-token COMMENT_ID\n\
         Without an account, try the bundled demo:  douyin-threads --demo"
    )
}

/// The directory the page cache lives in.
pub fn cache_dir() -> Option<std::path::PathBuf> {
    crate::dirs::default_cache_dir()
}
