//! Where the program keeps its files, per the OS conventions (on Linux the XDG directories):
//! the config file, the page cache and the log.

use directories::ProjectDirs;
use std::path::PathBuf;

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "douyin-threads")
}

/// `config.toml` in the OS config directory (on Linux `$XDG_CONFIG_HOME/douyin-threads`).
pub fn default_config_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// The OS cache directory for this program (on Linux `$XDG_CACHE_HOME/douyin-threads`).
pub fn default_cache_dir() -> Option<PathBuf> {
    project_dirs().map(|d| d.cache_dir().to_path_buf())
}

/// The library's file in the OS data directory (on Linux
/// `$XDG_DATA_HOME/douyin-threads/library.sqlite3`).
pub fn default_library_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.data_dir().join("library.sqlite3"))
}

/// Where the log goes: the OS state directory (on Linux `$XDG_STATE_HOME/douyin-threads`),
/// or a `logs` folder in the cache directory where the OS has no state directory.
pub fn default_log_dir() -> Option<PathBuf> {
    let dirs = project_dirs()?;
    Some(match dirs.state_dir() {
        Some(state) => state.to_path_buf(),
        None => dirs.cache_dir().join("logs"),
    })
}
