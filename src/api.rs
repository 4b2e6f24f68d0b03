//! Just One API: the client for the comment-replies endpoint, its errors and its page model.

pub mod client;
mod error;
mod lenient;
pub mod model;
mod retry;
mod token;

pub use client::{Answer, Client, ClientConfig, PageAnswer};
pub use error::ApiError;
pub use model::{Author, Label, Mention, Reply, ThreadPage, decode_page};
pub use retry::{RetryNotice, RetryPolicy, RetryWatch};
pub use token::Token;

/// The vendor's global server, the default.
pub const GLOBAL_BASE_URL: &str = "https://api.justoneapi.com";
/// The vendor's mainland-China server (plain HTTP), recommended for users there.
pub const CN_BASE_URL: &str = "http://47.117.133.51:30015";
/// The endpoint that lists the replies under one top-level comment.
pub const REPLIES_PATH: &str = "/api/douyin/get-video-sub-comment/v1";
