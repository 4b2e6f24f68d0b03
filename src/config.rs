//! Settings: the command line (flags and environment, merged by clap), the config file
//! (read and parsed in [`file`]), and the defaults, merged once at start-up into
//! [`Settings`].

pub mod file;

pub use file::{ConfigFile, KeyList, load, parse, parse_max_age, parse_max_size};

use crate::api::{GLOBAL_BASE_URL, Token};
use crate::app::Keymap;
use crate::cli::Cli;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a cached page counts as fresh when the config file does not say.
pub const DEFAULT_CACHE_MAX_AGE: Duration = Duration::from_secs(24 * 3600);

/// A config problem, naming the file and what to fix. Never contains the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("The config file {} was not found. Create it, or leave out --config to use the default one.", .path.display())]
    NotFound { path: PathBuf },
    #[error("Could not read the config file {}: {detail}. Check its permissions.", .path.display())]
    Read { path: PathBuf, detail: String },
    #[error(
        "The config file {}{} is not valid: {detail}. Fix it (--help lists the settings and \
         the [keys] actions), or move the file away.",
        .path.display(), line_suffix(*.line)
    )]
    Parse {
        path: PathBuf,
        line: Option<usize>,
        detail: String,
    },
    #[error(
        "The base URL \"{url}\" (from {origin}) {why}. It should look like \
         https://api.justoneapi.com or http://127.0.0.1:8787."
    )]
    InvalidBaseUrl {
        url: String,
        origin: String,
        why: String,
    },
}

fn line_suffix(line: Option<usize>) -> String {
    line.map(|l| format!(", line {l},")).unwrap_or_default()
}

/// Everything the program needs to start, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub token: Option<Token>,
    /// Validated, without a trailing slash.
    pub base_url: String,
    pub cache_max_age: Duration,
    /// How much the page cache may hold, in bytes.
    pub cache_max_size: u64,
    /// The library's file: `--library`, else `library_path` in the config file, else the
    /// OS data directory's (`None` when this system has none).
    pub library_path: Option<PathBuf>,
    /// The config file consulted (`--config` or the default), whether or not it exists,
    /// so messages can tell the person where to put a token.
    pub config_path: Option<PathBuf>,
    pub demo: bool,
    pub offline: bool,
    pub refresh: bool,
    /// What to open, as typed (a `--video ID` becomes `v:ID`); the app parses it like the
    /// input field and shows any error there.
    pub target: Option<String>,
    /// The keys, with the config file's `[keys]` applied.
    pub keymap: Keymap,
    /// `NO_COLOR` is set (and not empty): no colours.
    pub no_color: bool,
}

impl Settings {
    /// Reads the config file (`--config`, else the default path) and merges it with the
    /// command line. A missing default file is fine; a missing `--config` file is not.
    pub fn resolve(cli: Cli) -> Result<Settings, ConfigError> {
        let explicit = cli.config.is_some();
        let path = cli.config.clone().or_else(crate::dirs::default_config_path);
        let file = match &path {
            Some(path) => load(path, explicit)?,
            None => None,
        };
        Settings::resolve_with(cli, file, path)
    }

    /// The merge itself, without touching the disk. Token: flag > environment > file
    /// (clap already merged the first two). Base URL: `--base-url` or its environment
    /// variable > `--region` > file `base_url` > file `region` > the global server.
    pub fn resolve_with(
        cli: Cli,
        file: Option<ConfigFile>,
        path: Option<PathBuf>,
    ) -> Result<Settings, ConfigError> {
        let file = file.unwrap_or_default();
        let (raw_url, origin) = choose_base_url(&cli, &file, path.as_deref());
        let base_url = normalize_base_url(&raw_url).map_err(|why| ConfigError::InvalidBaseUrl {
            url: raw_url
                .split(['?', '#'])
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned(),
            origin,
            why: why.to_owned(),
        })?;
        let keymap = file.keymap().map_err(|detail| ConfigError::Parse {
            path: path.clone().unwrap_or_default(),
            line: None,
            detail,
        })?;
        Ok(Settings {
            keymap,
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            token: cli.token.or(file.token),
            base_url,
            cache_max_age: file.cache_max_age.unwrap_or(DEFAULT_CACHE_MAX_AGE),
            cache_max_size: file
                .cache_max_size
                .unwrap_or(crate::library::DEFAULT_MAX_SIZE),
            library_path: cli
                .library
                .or(file.library_path)
                .or_else(crate::dirs::default_library_path),
            config_path: path,
            demo: cli.demo,
            offline: cli.offline,
            refresh: cli.refresh,
            target: cli.target.or(cli.video.map(|id| format!("v:{id}"))),
        })
    }
}

/// The base URL and where it came from, for the error message.
fn choose_base_url(cli: &Cli, file: &ConfigFile, path: Option<&Path>) -> (String, String) {
    let in_file = |key: &str| match path {
        Some(p) => format!("`{key}` in {}", p.display()),
        None => format!("`{key}` in the config file"),
    };
    if let Some(url) = &cli.base_url {
        (url.clone(), "--base-url or JUSTONEAPI_BASE_URL".to_owned())
    } else if let Some(region) = cli.region {
        (region.base_url().to_owned(), "--region".to_owned())
    } else if let Some(url) = &file.base_url {
        (url.clone(), in_file("base_url"))
    } else if let Some(region) = file.region {
        (region.base_url().to_owned(), in_file("region"))
    } else {
        (GLOBAL_BASE_URL.to_owned(), "the default".to_owned())
    }
}

/// Trims spaces and trailing slashes; refuses what cannot be an API server's address.
/// The answer is why not, phrased to follow "The base URL … ".
fn normalize_base_url(raw: &str) -> Result<String, &'static str> {
    let url = raw.trim().trim_end_matches('/');
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return Err(if url.is_empty() {
            "is empty"
        } else {
            "must start with http:// or https://"
        });
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err("has no host name");
    }
    if url.contains(char::is_whitespace) {
        return Err("contains spaces");
    }
    if url.contains(['?', '#']) {
        return Err("must not carry a query string or fragment");
    }
    Ok(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Region;

    fn cli() -> Cli {
        Cli::default()
    }

    fn resolve(cli: Cli, file: ConfigFile) -> Settings {
        Settings::resolve_with(cli, Some(file), Some(PathBuf::from("/c.toml"))).unwrap()
    }

    #[test]
    fn token_flag_or_env_beats_the_file() {
        let f = ConfigFile {
            token: Token::new("from-file"),
            ..ConfigFile::default()
        };
        let from_file = resolve(cli(), f.clone());
        assert_eq!(
            from_file.token.as_ref().map(Token::expose),
            Some("from-file")
        );
        let flagged = Cli {
            token: Token::new("from-flag"),
            ..cli()
        };
        assert_eq!(
            resolve(flagged, f).token.as_ref().map(Token::expose),
            Some("from-flag")
        );
        assert_eq!(resolve(cli(), ConfigFile::default()).token, None);
    }

    #[test]
    fn base_url_precedence_is_flag_region_file_url_file_region_default() {
        let f = ConfigFile {
            base_url: Some("http://file:1".into()),
            region: Some(Region::Global),
            ..ConfigFile::default()
        };
        let flag = Cli {
            base_url: Some("http://flag:1/".into()),
            region: Some(Region::Cn),
            ..cli()
        };
        assert_eq!(resolve(flag, f.clone()).base_url, "http://flag:1");
        let region = Cli {
            region: Some(Region::Cn),
            ..cli()
        };
        assert_eq!(resolve(region, f.clone()).base_url, crate::api::CN_BASE_URL);
        assert_eq!(resolve(cli(), f).base_url, "http://file:1");
        let file_region = ConfigFile {
            region: Some(Region::Cn),
            ..ConfigFile::default()
        };
        assert_eq!(
            resolve(cli(), file_region).base_url,
            crate::api::CN_BASE_URL
        );
        assert_eq!(
            resolve(cli(), ConfigFile::default()).base_url,
            GLOBAL_BASE_URL
        );
    }

    #[test]
    fn invalid_base_urls_say_where_they_came_from() {
        let f = ConfigFile {
            base_url: Some("api.justoneapi.com".into()),
            ..ConfigFile::default()
        };
        let err =
            Settings::resolve_with(cli(), Some(f), Some(PathBuf::from("/c.toml"))).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("`base_url` in /c.toml") && text.contains("http://"),
            "{text}"
        );
        let flag = Cli {
            base_url: Some("https://x/?token=tok-SECRET".into()),
            ..cli()
        };
        let err = Settings::resolve_with(flag, None, None)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("query string") && !err.contains("SECRET"),
            "{err}"
        );
        for bad in ["", "https://", "http:///path", "ftp://x", "http://a b"] {
            assert!(normalize_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn settings_keep_the_flags_and_the_default_max_age_and_size() {
        let flags = Cli {
            demo: true,
            offline: true,
            target: Some("123".into()),
            ..cli()
        };
        let s = Settings::resolve_with(flags, None, None).unwrap();
        assert!(s.demo && s.offline && !s.refresh);
        assert_eq!(s.target.as_deref(), Some("123"));
        assert_eq!(s.cache_max_age, DEFAULT_CACHE_MAX_AGE);
        assert_eq!(s.cache_max_size, crate::library::DEFAULT_MAX_SIZE);
        assert_eq!(s.config_path, None);
    }
}
