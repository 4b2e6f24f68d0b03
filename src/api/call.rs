//! What the program asks the service for — each one billed call — and what comes back.
//!
//! A [`Call`] is the identity the fetcher joins requests by (the same call in flight twice is
//! one request) and the cache files answers by; a [`Delivered`] answer says where it came
//! from, so the status bar can count it where it happened.

use super::error::ApiError;
use super::model::{Comment, Fetched, Origin, Page, Profile, Reply};
use crate::ids::{CommentId, VideoId};
use std::fmt;

/// One thing to ask the service for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Call {
    /// A page (from 1) of the replies under a top-level comment.
    Replies { comment: CommentId, page: u32 },
    /// A page (from 1) of a video's top-level comments.
    Comments { video: VideoId, page: u32 },
    /// The video a `https://v.douyin.com/…/` share link leads to. It never changes.
    Share { url: String },
    /// A user's full profile, by `sec_uid`.
    Profile { sec_uid: String },
}

/// What a call brings back.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    Replies(Page<Reply>),
    Comments(Page<Comment>),
    Video(VideoId),
    Profile(Box<Profile>),
}

/// An answer and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivered {
    pub payload: Payload,
    pub origin: Origin,
    /// For a page fetched again: the ids the earlier (cached) copy of that page held, so
    /// what is new since can be marked.
    pub earlier: Option<Vec<Box<str>>>,
}

impl Call {
    /// The page it asks for, when it asks for a page.
    pub fn page(&self) -> Option<u32> {
        match self {
            Call::Replies { page, .. } | Call::Comments { page, .. } => Some(*page),
            Call::Share { .. } | Call::Profile { .. } => None,
        }
    }

    /// Whether a cached answer to it stays good forever (a share link always leads to the
    /// same video) rather than for the cache's maximum age.
    pub fn never_expires(&self) -> bool {
        matches!(self, Call::Share { .. })
    }
}

impl fmt::Display for Call {
    /// How logs and messages name it, e.g. "page 2 of the replies to 7251524159191958327".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Call::Replies { comment, page } => write!(f, "page {page} of the replies to {comment}"),
            Call::Comments { video, page } => {
                write!(f, "page {page} of the comments on video {video}")
            }
            Call::Share { url } => write!(f, "the share link {url}"),
            Call::Profile { sec_uid } => write!(f, "the profile of {sec_uid}"),
        }
    }
}

impl Delivered {
    /// An answer with no earlier copy to compare with.
    pub fn new(payload: Payload, origin: Origin) -> Delivered {
        Delivered {
            payload,
            origin,
            earlier: None,
        }
    }

    /// The ids of the items it carries (for a page), to compare with a later copy.
    pub fn ids(&self) -> Option<Vec<Box<str>>> {
        match &self.payload {
            Payload::Replies(page) => Some(
                page.items
                    .iter()
                    .map(|r| r.post.cid.clone().into())
                    .collect(),
            ),
            Payload::Comments(page) => Some(
                page.items
                    .iter()
                    .map(|c| c.post.cid.clone().into())
                    .collect(),
            ),
            Payload::Video(_) | Payload::Profile(_) => None,
        }
    }

    /// The replies page it carries; an answer of another kind is an error.
    pub fn take_replies(self) -> Result<Fetched<Reply>, ApiError> {
        match self.payload {
            Payload::Replies(page) => Ok(Fetched {
                page,
                origin: self.origin,
            }),
            other => Err(other_kind("a page of replies", &other)),
        }
    }

    /// The comments page it carries; an answer of another kind is an error.
    pub fn take_comments(self) -> Result<Fetched<Comment>, ApiError> {
        match self.payload {
            Payload::Comments(page) => Ok(Fetched {
                page,
                origin: self.origin,
            }),
            other => Err(other_kind("a page of comments", &other)),
        }
    }

    /// The video a share link led to; an answer of another kind is an error.
    pub fn take_video(self) -> Result<VideoId, ApiError> {
        match self.payload {
            Payload::Video(video) => Ok(video),
            other => Err(other_kind("a video", &other)),
        }
    }

    /// The profile it carries; an answer of another kind is an error.
    pub fn take_profile(self) -> Result<Profile, ApiError> {
        match self.payload {
            Payload::Profile(profile) => Ok(*profile),
            other => Err(other_kind("a profile", &other)),
        }
    }
}

impl Payload {
    /// What it is, in a few words.
    fn what(&self) -> &'static str {
        match self {
            Payload::Replies(_) => "a page of replies",
            Payload::Comments(_) => "a page of comments",
            Payload::Video(_) => "a video",
            Payload::Profile(_) => "a profile",
        }
    }
}

/// The one error for an answer of another kind than was asked for: a bug in a source,
/// said plainly rather than a panic.
fn other_kind(asked: &str, got: &Payload) -> ApiError {
    ApiError::NotUnderstood {
        detail: format!("{asked} was asked for, but the answer is {}", got.what()),
    }
}
