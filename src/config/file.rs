//! The config file: read from disk and parsed into [`ConfigFile`], each problem named with
//! the file and its line, and never with the token. Nothing here knows the command line;
//! [`super::Settings`] merges the two.

use super::ConfigError;
use crate::api::{Region, Token};
use crate::app::Keymap;
use serde::{Deserialize, Deserializer, de};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The config file as written. Every key is optional; an unknown key is an error so
/// that a typo (`tokn = …`) is reported rather than silently ignored.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    #[serde(default, deserialize_with = "token")]
    pub token: Option<Token>,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub region: Option<Region>,
    #[serde(default, deserialize_with = "max_age")]
    pub cache_max_age: Option<Duration>,
    /// Bytes the page cache may hold: `"200MB"`, `"1.5GB"` or a number of bytes.
    #[serde(default, deserialize_with = "max_size")]
    pub cache_max_size: Option<u64>,
    /// Where the library (everything loaded, in one SQLite file) lives.
    #[serde(default)]
    pub library_path: Option<PathBuf>,
    /// `[keys]`: a binding's name and its keys, replacing the default ones.
    #[serde(default)]
    pub keys: BTreeMap<String, KeyList>,
}

/// One key or several, as the config file writes them: `quit = "x"` or `next = ["j", "↓"]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    fn keys(&self) -> &[String] {
        match self {
            KeyList::One(key) => std::slice::from_ref(key),
            KeyList::Many(keys) => keys,
        }
    }
}

impl ConfigFile {
    /// The key table with the file's `[keys]` applied.
    pub fn keymap(&self) -> Result<Keymap, String> {
        Keymap::with_overrides(
            self.keys
                .iter()
                .map(|(name, keys)| (name.as_str(), keys.keys())),
        )
    }
}

/// Reads and parses a config file. A missing file is `None` unless the person named it.
pub fn load(path: &Path, required: bool) -> Result<Option<ConfigFile>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text, path).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(ConfigError::NotFound {
            path: path.to_path_buf(),
        }),
        Err(e) => Err(ConfigError::Read {
            path: path.to_path_buf(),
            detail: e.to_string(),
        }),
    }
}

/// Parses config text; `path` is only used in the error message. A `[keys]` entry that
/// cannot be applied is an error naming its line.
pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, ConfigError> {
    let file: ConfigFile = parse_toml(text, path)?;
    if let Err(detail) = file.keymap() {
        let line = file
            .keys
            .keys()
            .find(|name| detail.contains(&format!("`{name}`")))
            .and_then(|name| key_line(text, name));
        return Err(ConfigError::Parse {
            path: path.to_path_buf(),
            line,
            detail,
        });
    }
    Ok(file)
}

/// The 1-based line of `name = …` inside the `[keys]` table.
fn key_line(text: &str, name: &str) -> Option<usize> {
    let start = text.lines().position(|l| l.trim() == "[keys]")?;
    text.lines()
        .enumerate()
        .skip(start + 1)
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(name)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|(i, _)| i + 1)
}

fn parse_toml(text: &str, path: &Path) -> Result<ConfigFile, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|span| line_of(text, span.start));
        // Only the message, never toml's own rendering: that quotes the offending line,
        // which may be the token's.
        let mut detail = e.message().trim().replace('\n', "; ");
        if line.is_some_and(|l| is_token_line(text, l)) {
            // toml reads an unquoted `tok…` as a misspelt `true`: say what is really wrong.
            detail = TOKEN_SHAPE.to_owned();
        }
        for secret in token_values(text) {
            detail = detail.replace(&secret, "<token>");
        }
        ConfigError::Parse {
            path: path.to_path_buf(),
            line,
            detail,
        }
    })
}

/// The 1-based line holding byte `offset`.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

const TOKEN_SHAPE: &str = "`token` must be a quoted string, e.g. token = \"…\"";

fn is_token_line(text: &str, line: usize) -> bool {
    text.lines()
        .nth(line - 1)
        .is_some_and(|l| token_value(l).is_some())
}

/// The raw value of a `token = …` line, comment excluded.
fn token_value(line: &str) -> Option<&str> {
    let rest = line
        .trim()
        .strip_prefix("token")?
        .trim_start()
        .strip_prefix('=')?;
    Some(rest.split(" #").next().unwrap_or(rest).trim())
}

/// What the file's `token` lines hold, quoted or not, so an error message that quotes a
/// malformed value cannot show it.
fn token_values(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let raw = token_value(line)?;
            let unquoted = raw.trim_matches(['"', '\'']).trim();
            Some([raw.to_owned(), unquoted.to_owned()])
        })
        .flatten()
        .filter(|value| value.len() >= 3)
        .collect()
}

fn token<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Token>, D::Error> {
    let raw = String::deserialize(d).map_err(|_| de::Error::custom(TOKEN_SHAPE))?;
    Ok(Token::new(raw))
}

fn max_age<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    d.deserialize_any(MaxAgeVisitor).map(Some)
}

struct MaxAgeVisitor;

impl de::Visitor<'_> for MaxAgeVisitor {
    type Value = Duration;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a duration like \"24h\", \"90m\", \"7d\", \"3600s\" or a number of seconds")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Duration, E> {
        Ok(Duration::from_secs(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Duration, E> {
        u64::try_from(v)
            .map(Duration::from_secs)
            .map_err(|_| E::custom("cache_max_age cannot be negative"))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
        parse_max_age(v).map_err(E::custom)
    }
}

fn max_size<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    d.deserialize_any(MaxSizeVisitor).map(Some)
}

struct MaxSizeVisitor;

impl de::Visitor<'_> for MaxSizeVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a size like \"200MB\", \"1.5GB\", \"500KB\" or a number of bytes")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        nonzero_size(v).map_err(E::custom)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        u64::try_from(v)
            .map_err(|_| E::custom("cache_max_size cannot be negative; write e.g. \"200MB\""))
            .and_then(|v| nonzero_size(v).map_err(E::custom))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<u64, E> {
        parse_max_size(v).map_err(E::custom)
    }
}

/// `"200MB"`, `"1.5GB"`, `"500KB"`, `"64MiB"` or a number of bytes, as [`crate::format::parse_size`]
/// reads them; more than zero, since a cache that may hold nothing would throw away every
/// page it was just paid for.
pub fn parse_max_size(text: &str) -> Result<u64, String> {
    crate::format::parse_size(text)
        .map_err(|why| format!("cache_max_size {why}"))
        .and_then(nonzero_size)
}

fn nonzero_size(bytes: u64) -> Result<u64, String> {
    if bytes == 0 {
        Err("cache_max_size must be more than 0, e.g. \"200MB\"".to_owned())
    } else {
        Ok(bytes)
    }
}

/// `"24h"`, `"90m"`, `"7d"`, `"1h30m"`, `"3600s"` or `"3600"`: jiff's friendly duration
/// format (days count as 24 hours), or a bare number of seconds.
pub fn parse_max_age(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let invalid = || {
        format!(
            "cache_max_age \"{text}\" is not a duration; write e.g. \"24h\", \"90m\", \"7d\" or \"3600s\""
        )
    };
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().map(Duration::from_secs).map_err(|_| invalid());
    }
    let span: jiff::Span = text.parse().map_err(|_| invalid())?;
    let duration = span
        .to_duration(jiff::SpanRelativeTo::days_are_24_hours())
        .map_err(|_| invalid())?;
    Duration::try_from(duration).map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> Result<ConfigFile, ConfigError> {
        parse(
            text,
            Path::new("/home/me/.config/douyin-threads/config.toml"),
        )
    }

    #[test]
    fn a_full_file_parses() {
        let f = file("token = \" abc \"\nbase_url = \"http://x:1/\"\nregion = \"cn\"\ncache_max_age = \"90m\"\n")
            .unwrap();
        assert_eq!(f.token.as_ref().map(Token::expose), Some("abc"));
        assert_eq!(f.base_url.as_deref(), Some("http://x:1/"));
        assert_eq!(f.region, Some(Region::Cn));
        assert_eq!(f.cache_max_age, Some(Duration::from_secs(5400)));
        assert_eq!(file("").unwrap(), ConfigFile::default());
    }

    #[test]
    fn cache_max_age_takes_units_or_seconds() {
        assert_eq!(parse_max_age("24h"), Ok(Duration::from_secs(86_400)));
        assert_eq!(parse_max_age("7d"), Ok(Duration::from_secs(604_800)));
        assert_eq!(parse_max_age(" 3600s "), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_max_age("42"), Ok(Duration::from_secs(42)));
        assert_eq!(parse_max_age("1h30m"), Ok(Duration::from_secs(5400)));
        for bad in ["", "h", "soon", "10 years", "-1h", "99999999999999999999d"] {
            assert!(parse_max_age(bad).is_err(), "{bad}");
        }
        assert_eq!(
            file("cache_max_age = 600").unwrap().cache_max_age,
            Some(Duration::from_secs(600))
        );
    }

    #[test]
    fn cache_max_size_takes_a_size_or_bytes() {
        assert_eq!(
            file("cache_max_size = \"1.5GB\"").unwrap().cache_max_size,
            Some(1_500_000_000)
        );
        assert_eq!(
            file("cache_max_size = 5000000").unwrap().cache_max_size,
            Some(5_000_000)
        );
        for bad in [
            "cache_max_size = \"huge\"",
            "cache_max_size = \"0MB\"",
            "cache_max_size = 0",
            "cache_max_size = -5",
            "cache_max_size = 1.5",
        ] {
            let err = file(&format!("# sizes\n{bad}\n")).unwrap_err();
            assert!(
                matches!(err, ConfigError::Parse { line: Some(2), .. }),
                "{bad}: {err:?}"
            );
            assert!(err.to_string().contains("200MB"), "{bad}: {err}");
        }
    }

    #[test]
    fn a_bad_value_names_the_file_and_its_line() {
        let err = file("# settings\nregion = \"cn\"\ncache_max_age = \"soon\"\n").unwrap_err();
        let text = err.to_string();
        assert!(
            matches!(err, ConfigError::Parse { line: Some(3), .. }),
            "{err:?}"
        );
        assert!(
            text.contains("/home/me/.config/douyin-threads/config.toml, line 3"),
            "{text}"
        );
        assert!(text.contains("\"24h\""), "{text}");
    }

    #[test]
    fn keys_can_be_changed_and_a_bad_entry_is_named_with_its_line() {
        let f = file("[keys]\nquit = \"x\"\nnext = [\"j\", \"ö\"]\n").unwrap();
        assert!(f.keymap().is_ok());
        let err = file("token = \"t\"\n[keys]\nquit = \"x\"\nnext = \"Hyper-J\"\n").unwrap_err();
        assert!(
            matches!(err, ConfigError::Parse { line: Some(4), .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("`next`"), "{err}");
        let err = file("[keys]\nqiut = \"x\"\n").unwrap_err();
        assert!(
            err.to_string().contains("`qiut`, which is no action"),
            "{err}"
        );
    }

    #[test]
    fn a_typo_in_a_key_is_reported_with_its_line() {
        let err = file("token = \"t\"\n\ntokn = \"x\"\n").unwrap_err();
        assert!(
            matches!(err, ConfigError::Parse { line: Some(3), .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("tokn"), "{err}");
    }

    #[test]
    fn broken_toml_and_bad_regions_are_errors_not_panics() {
        let err = file("base_url = \"http://x\nregion = \"cn\"\n").unwrap_err();
        assert!(
            matches!(err, ConfigError::Parse { line: Some(1), .. }),
            "{err:?}"
        );
        let err = file("region = \"europe\"").unwrap_err();
        assert!(err.to_string().contains("europe"), "{err}");
    }

    #[test]
    fn parse_errors_never_show_the_token() {
        for text in [
            "token = \"tok-SECRET-1234\nregion = \"cn\"",
            "token = tok-SECRET-1234\n",
            "token = 12345678\n",
            "token = [\"tok-SECRET-1234\"]\n",
            "token = \"tok-SECRET-1234\"\nregion = \"tok-SECRET-1234\"\n",
        ] {
            let err = file(text).unwrap_err();
            if text.starts_with("token = tok") || text.starts_with("token = 1") {
                assert!(err.to_string().contains("quoted string"), "{err}");
            }
            for shown in [err.to_string(), format!("{err:?}")] {
                assert!(
                    !shown.contains("tok-SECRET-1234") && !shown.contains("12345678"),
                    "{shown}"
                );
            }
        }
    }

    #[test]
    fn a_missing_file_is_fine_unless_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("absent.toml");
        assert_eq!(load(&path, false), Ok(None));
        assert_eq!(load(&path, true), Err(ConfigError::NotFound { path }));
    }
}
