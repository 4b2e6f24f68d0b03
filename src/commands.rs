//! The commands beside the reader — `export`, `cache`, `completions` and `man` — from the
//! command line's words to what is printed and the exit code. The work itself lives below
//! (export's gather, fetch, record and output; the cache's admin; the clap definitions);
//! this layer only chooses the words and the exit codes.

pub mod export;
pub mod insights;

use crate::cache::admin;
use crate::cli::{self, CacheAction};
use crate::config::Settings;
use crate::launch;
use std::io::Write;

/// `douyin-threads cache [clear]`: exit code 0 when done, 1 when the cache could not be
/// read or emptied, 2 when this system has no cache directory.
pub fn cache(settings: &Settings, action: Option<CacheAction>) -> u8 {
    let Some(dir) = launch::cache_dir() else {
        eprintln!(
            "douyin-threads: this system has no cache directory (set XDG_CACHE_HOME or HOME)."
        );
        return 2;
    };
    let done = match action {
        None => admin::status(&dir, settings.cache_max_size),
        Some(CacheAction::Clear) => admin::clear(&dir),
    };
    match done {
        Ok(text) => {
            println!("{text}");
            0
        }
        Err(err) => {
            eprintln!("douyin-threads: {err}");
            1
        }
    }
}

/// `douyin-threads completions SHELL`: the script on standard output.
pub fn completions(shell: clap_complete::Shell) -> u8 {
    print(Ok(cli::completions(shell)))
}

/// `douyin-threads man`: the manual page on standard output.
pub fn man() -> u8 {
    print(cli::man_page())
}

/// Writes `text` to standard output; exit code 1 when it cannot be written.
fn print(text: std::io::Result<Vec<u8>>) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match text.and_then(|text| stdout.write_all(&text).and_then(|()| stdout.flush())) {
        Ok(()) => 0,
        Err(err) => {
            eprintln!("douyin-threads: {err}");
            1
        }
    }
}
