//! What differs between one list and another — its item, the call that fetches page N, how
//! an answer unpacks into a page of its items, its nouns — as one type per kind. The engine,
//! the viewport, the app's lifecycle of a list and export take a kind as a parameter, so a
//! new list (insights, the library's history or search results) is one more `impl
//! ListKind` here, not an arm in every `match`.

use super::Item;
use crate::api::{ApiError, Call, Comment, Delivered, Fetched, Reply};
use crate::ids::{CommentId, VideoId};
use std::fmt::{Debug, Display};

/// A kind of paged list.
pub trait ListKind: Sized + Clone + Debug + 'static {
    type Item: Item + Clone + Debug + Send + Sync;
    /// What the list is under, which its calls name: a video, a comment.
    type Parent: Clone + Debug + PartialEq + Display + Send + Sync;
    /// What it holds, in words.
    const NOUN: Noun;
    /// The call that fetches page `page` (from 1).
    fn call(parent: &Self::Parent, page: u32) -> Call;
    /// The page of items an answer holds: an answer of another kind is an error (the
    /// api layer's one error for it), not a panic.
    fn page(delivered: Delivered) -> Result<Fetched<Self::Item>, ApiError>;
    /// The page of items in `result`.
    fn unpack(result: Result<Delivered, ApiError>) -> Result<Fetched<Self::Item>, ApiError> {
        result.and_then(Self::page)
    }
}

/// A comment's replies.
#[derive(Debug, Clone, Copy)]
pub struct Replies;

/// A video's top-level comments.
#[derive(Debug, Clone, Copy)]
pub struct Comments;

impl ListKind for Replies {
    type Item = Reply;
    type Parent = CommentId;
    const NOUN: Noun = Noun {
        one: "reply",
        many: "replies",
        parent: "this comment",
        end: "end of thread",
    };
    fn call(comment: &CommentId, page: u32) -> Call {
        Call::Replies {
            comment: comment.clone(),
            page,
        }
    }
    fn page(delivered: Delivered) -> Result<Fetched<Reply>, ApiError> {
        delivered.take_replies()
    }
}

impl ListKind for Comments {
    type Item = Comment;
    type Parent = VideoId;
    const NOUN: Noun = Noun {
        one: "comment",
        many: "comments",
        parent: "this video",
        end: "end of comments",
    };
    fn call(video: &VideoId, page: u32) -> Call {
        Call::Comments {
            video: video.clone(),
            page,
        }
    }
    fn page(delivered: Delivered) -> Result<Fetched<Comment>, ApiError> {
        delivered.take_comments()
    }
}

/// What a list holds, in words: "reply" / "replies".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Noun {
    pub one: &'static str,
    pub many: &'static str,
    /// What the list is under: "this comment".
    pub parent: &'static str,
    /// Its end: "end of thread".
    pub end: &'static str,
}

impl Noun {
    /// "1 reply", "2 replies".
    pub fn count(&self, n: u64) -> String {
        crate::format::plural(n, self.one)
    }

    /// A pane's title: "Replies", or "Reply" for one of them.
    pub fn title(&self, one: bool) -> String {
        crate::format::capitalized(if one { self.one } else { self.many })
    }
}
