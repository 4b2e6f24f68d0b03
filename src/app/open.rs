//! The lists a person opens — a video's comments, a comment's replies — and the shelf that
//! keeps the ones they left, so that going back, or entering an ID again, finds the list
//! where it was, with no request.

use crate::api::{ApiError, Call, Comment, Delivered, Fetched, Reply};
use crate::ids::{CommentId, VideoId};
use crate::paging::{Item, Paged, PagedList};

use super::lens::Lens;
use super::view::{COMMENTS, Noun, REPLIES};

/// How many lists the shelf keeps; the one left longest ago goes first.
const SHELF_SIZE: usize = 32;

/// The replies under one top-level comment, as they are being read.
#[derive(Debug, Clone)]
pub struct Thread {
    pub id: CommentId,
    /// Identifies this list instance; answers carrying another `req` are for another.
    pub req: u64,
    /// Fetch pages even if cached (`R`, `--refresh`).
    pub refresh: bool,
    pub replies: Paged<Reply>,
    /// The comment itself, when it was opened from its video's comments.
    pub head: Option<Comment>,
    /// How it is looked at: a filter, an order, a conversation.
    pub lens: Lens,
    pub(super) restore: Option<Restore>,
}

/// A video's top-level comments, as they are being read.
#[derive(Debug, Clone)]
pub struct Video {
    pub id: VideoId,
    pub req: u64,
    pub refresh: bool,
    pub comments: Paged<Comment>,
    /// Its title, when known (from a share text, or the demo).
    pub title: Option<String>,
    pub lens: Lens,
    pub(super) restore: Option<Restore>,
}

/// After `R`: how many pages to read again, and the item to select once it is back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Restore {
    pub key: Option<Box<str>>,
    pub pages: u32,
}

/// What the app does to whichever list is open, whatever it holds.
pub(super) trait Open {
    fn req(&self) -> u64;
    fn refresh(&self) -> bool;
    fn call(&self, page: u32) -> Call;
    fn list(&self) -> &dyn PagedList;
    fn list_mut(&mut self) -> &mut dyn PagedList;
    fn noun(&self) -> Noun;
    fn restore_mut(&mut self) -> &mut Option<Restore>;
    fn lens(&self) -> &Lens;
    fn lens_mut(&mut self) -> &mut Lens;
    /// Shows the items through the lens again (after it changed, or more items came).
    fn refresh_view(&mut self);
    /// Applies the answer for `page`; says whether it was the page in flight.
    fn apply(&mut self, page: u32, result: Result<Delivered, ApiError>) -> bool;
}

/// Applies an answer to `list`: notes what the earlier copy held, takes the page out of it
/// with `take` (an answer of another kind is a failure, not a panic).
fn apply_answer<T: Item>(
    list: &mut Paged<T>,
    page: u32,
    result: Result<Delivered, ApiError>,
    take: fn(Delivered) -> Result<Fetched<T>, ApiError>,
) -> bool {
    if let Ok(Delivered {
        earlier: Some(ids), ..
    }) = &result
    {
        list.note_earlier(ids.iter().map(|id| &**id));
    }
    let result = result.and_then(take);
    list.apply(page, result)
}

impl Open for Thread {
    fn req(&self) -> u64 {
        self.req
    }
    fn refresh(&self) -> bool {
        self.refresh
    }
    fn call(&self, page: u32) -> Call {
        Call::Replies {
            comment: self.id.clone(),
            page,
        }
    }
    fn list(&self) -> &dyn PagedList {
        &self.replies
    }
    fn list_mut(&mut self) -> &mut dyn PagedList {
        &mut self.replies
    }
    fn noun(&self) -> Noun {
        REPLIES
    }
    fn restore_mut(&mut self) -> &mut Option<Restore> {
        &mut self.restore
    }
    fn lens(&self) -> &Lens {
        &self.lens
    }
    fn lens_mut(&mut self) -> &mut Lens {
        &mut self.lens
    }
    fn refresh_view(&mut self) {
        let head = self.head.as_ref().map(|h| &*h.post.author.uid);
        let view = self.lens.view(self.replies.items(), head);
        self.replies.set_view(view);
    }
    fn apply(&mut self, page: u32, result: Result<Delivered, ApiError>) -> bool {
        let applied = apply_answer(&mut self.replies, page, result, Delivered::take_replies);
        if applied && self.replies.has_view() {
            self.refresh_view();
        }
        applied
    }
}

impl Open for Video {
    fn req(&self) -> u64 {
        self.req
    }
    fn refresh(&self) -> bool {
        self.refresh
    }
    fn call(&self, page: u32) -> Call {
        Call::Comments {
            video: self.id.clone(),
            page,
        }
    }
    fn list(&self) -> &dyn PagedList {
        &self.comments
    }
    fn list_mut(&mut self) -> &mut dyn PagedList {
        &mut self.comments
    }
    fn noun(&self) -> Noun {
        COMMENTS
    }
    fn restore_mut(&mut self) -> &mut Option<Restore> {
        &mut self.restore
    }
    fn lens(&self) -> &Lens {
        &self.lens
    }
    fn lens_mut(&mut self) -> &mut Lens {
        &mut self.lens
    }
    fn refresh_view(&mut self) {
        let view = self.lens.view(self.comments.items(), None);
        self.comments.set_view(view);
    }
    fn apply(&mut self, page: u32, result: Result<Delivered, ApiError>) -> bool {
        let applied = apply_answer(&mut self.comments, page, result, Delivered::take_comments);
        if applied && self.comments.has_view() {
            self.refresh_view();
        }
        applied
    }
}

impl Thread {
    pub fn new(id: CommentId, req: u64, refresh: bool, head: Option<Comment>) -> Thread {
        Thread {
            id,
            req,
            refresh,
            replies: Paged::new(),
            head,
            lens: Lens::default(),
            restore: None,
        }
    }
}

impl Video {
    pub fn new(id: VideoId, req: u64, refresh: bool, title: Option<String>) -> Video {
        Video {
            id,
            req,
            refresh,
            comments: Paged::new(),
            title,
            lens: Lens::default(),
            restore: None,
        }
    }
}

/// A list left for another one.
#[derive(Debug, Clone)]
pub enum Shelved {
    Thread(Box<Thread>),
    Video(Box<Video>),
}

/// The lists left, newest last.
#[derive(Debug, Clone, Default)]
pub struct Shelf {
    lists: Vec<Shelved>,
}

impl Shelf {
    /// Keeps a list that was left. Answers for it still arrive and are applied here.
    pub fn put(&mut self, list: Shelved) {
        if self.lists.len() == SHELF_SIZE {
            self.lists.remove(0);
        }
        self.lists.push(list);
    }

    /// Takes back the thread of this comment, if it was left.
    pub fn take_thread(&mut self, id: &CommentId) -> Option<Thread> {
        let at = self
            .lists
            .iter()
            .position(|l| matches!(l, Shelved::Thread(t) if t.id == *id))?;
        match self.lists.remove(at) {
            Shelved::Thread(thread) => Some(*thread),
            Shelved::Video(_) => None,
        }
    }

    /// Takes back this video's comments, if they were left.
    pub fn take_video(&mut self, id: &VideoId) -> Option<Video> {
        let at = self
            .lists
            .iter()
            .position(|l| matches!(l, Shelved::Video(v) if v.id == *id))?;
        match self.lists.remove(at) {
            Shelved::Video(video) => Some(*video),
            Shelved::Thread(_) => None,
        }
    }

    pub fn thread_mut(&mut self, req: u64) -> Option<&mut Thread> {
        self.lists.iter_mut().find_map(|l| match l {
            Shelved::Thread(t) if t.req == req => Some(&mut **t),
            _ => None,
        })
    }

    pub fn video_mut(&mut self, req: u64) -> Option<&mut Video> {
        self.lists.iter_mut().find_map(|l| match l {
            Shelved::Video(v) if v.req == req => Some(&mut **v),
            _ => None,
        })
    }
}
