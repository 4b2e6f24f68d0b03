//! Just One API: the client, its errors, the wire format and the program's model of it.

pub mod client;
mod error;
mod lenient;
pub mod model;
mod retry;
mod token;
mod wire;

pub use client::{Answer, Client, ClientConfig};
pub use error::ApiError;
pub use model::{Author, Comment, Fetched, Origin, Page, Post, Reply};
pub use retry::{RetryNotice, RetryPolicy, RetryWatch};
pub use token::Token;
pub use wire::{decode_comments, decode_replies};

/// The vendor's global server, the default.
pub const GLOBAL_BASE_URL: &str = "https://api.justoneapi.com";
/// The vendor's mainland-China server (plain HTTP), recommended for users there.
pub const CN_BASE_URL: &str = "http://47.117.133.51:30015";
/// The endpoint that lists the replies under one top-level comment.
pub const REPLIES_PATH: &str = "/api/douyin/get-video-sub-comment/v1";

/// The vendor's two servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    /// https://api.justoneapi.com
    Global,
    /// http://47.117.133.51:30015, recommended by the vendor inside mainland China
    Cn,
}

impl Region {
    pub fn base_url(self) -> &'static str {
        match self {
            Region::Global => GLOBAL_BASE_URL,
            Region::Cn => CN_BASE_URL,
        }
    }
}
