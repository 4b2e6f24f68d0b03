//! What differs between one list and another — its item, where page N comes from (an API
//! call, or a search of the library), how an answer unpacks into a page of its items, its
//! nouns — as one type per kind. The engine, the viewport, the app's lifecycle of a list and
//! export take a kind as a parameter, so a new list (the library's search results, say) is
//! one more `impl ListKind` here, not an arm in every `match`.

use super::Item;
use crate::api::{ApiError, Call, Comment, Delivered, Fetched, Reply};
use crate::ids::{CommentId, VideoId};
use crate::library::{Hit, SearchQuery};
use std::fmt::{Debug, Display};

/// How many hits a page of the library's search holds.
pub const HITS_PAGE: usize = 100;

/// Where page N of a list comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    /// An API call (answered from the library's page bodies when it holds them).
    Api(Call),
    /// A search of the library's items: never a request, never billed. The query's
    /// `limit` and `offset` say which page.
    Library(SearchQuery),
}

/// The answer to an [`Ask`], from wherever it went.
#[derive(Debug, Clone)]
pub enum Answered {
    Api(Result<Delivered, ApiError>),
    /// A page of the library's hits. A library that could not be read is an error like a
    /// page that could not be fetched: everything loaded stays, and it can be asked again.
    Library(Result<Fetched<Hit>, ApiError>),
}

impl Answered {
    /// The API's answer; an answer from the library instead is an error (the api layer's
    /// words for an answer of another kind), not a panic.
    fn into_api(self) -> Result<Delivered, ApiError> {
        match self {
            Answered::Api(result) => result,
            Answered::Library(_) => Err(ApiError::NotUnderstood {
                detail: "the library's search answered where a page of the API was expected".into(),
            }),
        }
    }
}

/// A kind of paged list.
pub trait ListKind: Sized + Clone + Debug + 'static {
    type Item: Item + Clone + Debug + Send + Sync;
    /// What the list is under, which its calls name: a video, a comment.
    type Parent: Clone + Debug + PartialEq + Display + Send + Sync;
    /// What it holds, in words.
    const NOUN: Noun;
    /// Where page `page` (from 1) comes from.
    fn ask(parent: &Self::Parent, page: u32) -> Ask;
    /// The page of items an answer holds: an answer of another kind is an error (the
    /// api layer's one error for it), not a panic.
    fn unpack(answer: Answered) -> Result<Fetched<Self::Item>, ApiError>;
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
    fn ask(comment: &CommentId, page: u32) -> Ask {
        Ask::Api(Call::Replies {
            comment: comment.clone(),
            page,
        })
    }
    fn unpack(answer: Answered) -> Result<Fetched<Reply>, ApiError> {
        answer.into_api()?.take_replies()
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
    fn ask(video: &VideoId, page: u32) -> Ask {
        Ask::Api(Call::Comments {
            video: video.clone(),
            page,
        })
    }
    fn unpack(answer: Answered) -> Result<Fetched<Comment>, ApiError> {
        answer.into_api()?.take_comments()
    }
}

/// What a search of the whole library found: comments and replies of every list, the
/// newest first, read from the library's items (no request is ever sent for them).
#[derive(Debug, Clone, Copy)]
pub struct Found;

impl ListKind for Found {
    type Item = Hit;
    /// What was searched for, as typed.
    type Parent = String;
    const NOUN: Noun = Noun {
        one: "hit",
        many: "hits",
        parent: "the library",
        end: "end of the hits",
    };
    fn ask(text: &String, page: u32) -> Ask {
        Ask::Library(SearchQuery {
            text: text.clone(),
            limit: HITS_PAGE,
            offset: (page.max(1) as usize - 1) * HITS_PAGE,
            ..SearchQuery::default()
        })
    }
    fn unpack(answer: Answered) -> Result<Fetched<Hit>, ApiError> {
        match answer {
            Answered::Library(result) => result,
            Answered::Api(_) => Err(ApiError::NotUnderstood {
                detail: "an API page answered where the library's hits were expected".into(),
            }),
        }
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
