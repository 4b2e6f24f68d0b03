//! douyin-threads: a keyboard-driven terminal reader for the reply threads under Douyin
//! comments, fetched page by page from Just One API.
//!
//! Layers, bottom to top; a module uses only modules below it (see the README):
//! `text`, `format`, `ids`, `target`, `dirs` (pure helpers) → `api` (wire format, client,
//! errors) → `library` (everything loaded, in SQLite: the page cache and every item), `demo`,
//! `source` (where pages come from) → `paging` (one engine for every paged list) →
//! `insights` (what a list says, counted) → `app` (state and its pure `update`) → `ui`
//! (rendering only) → `runtime`, `launch`, `cli`, `config`, `logging`, `export` (the loop,
//! its effects, settings, the export's core) → `commands` (export, insights, search,
//! library, cache, completions, man: the words and exit codes) → `main`;
//! `fuzzing` (the fuzz targets' bodies) sits above all, and nothing uses it.

pub mod api;
pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
pub mod dirs;
pub mod export;
pub mod format;
/// The bodies of the fuzz targets, also run by `tests/suite/fuzz_paths.rs`.
#[doc(hidden)]
pub mod fuzzing;
pub mod ids;
pub mod insights;
pub mod launch;
pub mod library;
pub mod logging;
pub mod paging;
pub mod runtime;
pub mod source;
pub mod target;
pub mod text;
pub mod ui;

pub use ids::{CommentId, InvalidCommentId, InvalidVideoId, VideoId};
