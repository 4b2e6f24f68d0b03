//! The commands beside the reader — `export`, `insights`, `cache`, `search`, `library`,
//! `completions` and `man` — from the command line's words to what is printed and the exit code. The work
//! itself lives below (export's gather, fetch, record and output; the library; the clap
//! definitions); this layer only chooses the words and the exit codes.

pub mod export;
pub mod insights;
pub mod library;

use crate::cli::{self, CacheAction};
use crate::config::Settings;
use crate::launch;
use crate::source::PageSource;
use std::io::Write;

/// Where a headless command gets its pages: the API with the library in front, offline, or
/// the demo. What the library has to say (it was moved aside, it cannot be written) goes to
/// standard error at once; without a token there is nothing to do, and the error says how
/// to give one.
fn page_source(settings: &Settings) -> Result<PageSource, String> {
    match launch::source(settings, launch::library_path(settings).as_deref()) {
        Ok((PageSource::Unavailable { reason }, _)) => Err(reason),
        Ok((source, notice)) => {
            if let Some(notice) = notice {
                eprintln!("douyin-threads: {notice}");
            }
            Ok(source)
        }
        Err(err) => Err(err.to_string()),
    }
}

/// `douyin-threads cache [clear]`: the page bodies in the library (see [`library::cache`]).
pub fn cache(settings: &Settings, action: Option<CacheAction>) -> u8 {
    library::cache(settings, action)
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
