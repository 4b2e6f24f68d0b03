//! Just One API: the client, its errors, the wire format and the program's model of it.

mod call;
pub mod client;
mod error;
mod lenient;
pub mod model;
mod retry;
mod token;
mod wire;

pub use call::{Call, Delivered, Payload};
pub use client::{Answer, Client, ClientConfig};
pub use error::{ApiError, Remedy};
pub use model::{
    About, Author, Comment, Counts, Fetched, Gender, Origin, Page, Post, Profile, Rare, Reply,
    ReplyTo, Seldom, Short,
};
pub use retry::{RetryCause, RetryNotice, RetryPolicy, RetryWatch};
pub use token::{CheckedBody, Token};
pub(crate) use wire::decode_replies_carefully;
pub use wire::{decode_comments, decode_profile, decode_replies, decode_share};

/// The vendor's global server, the default.
pub const GLOBAL_BASE_URL: &str = "https://api.justoneapi.com";
/// The vendor's mainland-China server (plain HTTP), recommended for users there.
pub const CN_BASE_URL: &str = "http://47.117.133.51:30015";
/// The endpoint that lists the replies under one top-level comment.
pub const REPLIES_PATH: &str = "/api/douyin/get-video-sub-comment/v1";
/// The endpoint that lists a video's top-level comments.
pub const COMMENTS_PATH: &str = "/api/douyin/get-video-comment/v1";
/// The endpoint that resolves a `https://v.douyin.com/…` share link to the video's address.
pub const SHARE_PATH: &str = "/api/douyin/share-url-transfer/v1";
/// The endpoint that returns one user's full profile.
pub const PROFILE_PATH: &str = "/api/douyin/get-user-detail/v3";

/// The calls the client makes. An error names the one that failed, so a refusal can say
/// what was rejected (a comment ID, a video ID…) and what to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// The replies under a top-level comment.
    Replies,
    /// A video's top-level comments.
    Comments,
    /// A share link's video.
    ShareLink,
    /// A user's full profile.
    Profile,
}

impl Endpoint {
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::Replies => REPLIES_PATH,
            Endpoint::Comments => COMMENTS_PATH,
            Endpoint::ShareLink => SHARE_PATH,
            Endpoint::Profile => PROFILE_PATH,
        }
    }

    /// What the call sends that the service can reject, e.g. "comment ID".
    pub fn sends(self) -> &'static str {
        match self {
            Endpoint::Replies => "comment ID",
            Endpoint::Comments => "video ID",
            Endpoint::ShareLink => "share link",
            Endpoint::Profile => "user",
        }
    }

    /// What to check when the service rejects what was sent.
    pub fn check(self) -> &'static str {
        match self {
            Endpoint::Replies => "Check that it is the ID of a top-level comment.",
            Endpoint::Comments => {
                "Check that it is a video's ID (the number after /video/ in its link), not a \
                 comment's."
            }
            Endpoint::ShareLink => {
                "Copy the share text again from the Douyin app, or paste the video's douyin.com \
                 link instead."
            }
            Endpoint::Profile => {
                "Check the user's sec_uid (what follows douyin.com/user/ in a profile link)."
            }
        }
    }

    /// The call in a person's words, e.g. "the comment-replies endpoint".
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::Replies => "the comment-replies endpoint",
            Endpoint::Comments => "the video-comments endpoint",
            Endpoint::ShareLink => "the share-link endpoint",
            Endpoint::Profile => "the user-profile endpoint",
        }
    }
}

/// The vendor's two servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
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
