//! douyin-threads: a keyboard-driven terminal reader for the reply threads under Douyin
//! comments, fetched page by page from Just One API.
//!
//! Layout: `api` talks to the service; `thread` holds one reply list and its paging;
//! `app` is the pure state machine (`update(msg) -> commands`); `ui` renders it;
//! `runtime` owns the terminal, the event loop and the fetch tasks.

pub mod api;
pub mod cli;
pub mod comment_id;
pub mod config;
pub mod logging;
pub mod text;

pub use comment_id::{CommentId, InvalidCommentId};
pub mod app;
pub mod cache;
pub mod demo;
pub mod format;
pub mod launch;
pub mod runtime;
pub mod source;
pub mod thread;
pub mod ui;
