//! A list a person opens, of any kind — a video's comments, a comment's replies — as one
//! generic type, [`Opened`], and the shelf that keeps the ones they left, so that going
//! back, or entering an ID again, finds the list where it was, with no request.
//!
//! What differs between kinds is in two traits: [`ListKind`] (in `paging`: the item, the
//! call, the unpacking, the nouns) and [`Shown`] (here: what is known of the list beyond its
//! id, how an item reads in the detail pane, in a row and in an export). Everything else
//! the app does to the list on screen goes through [`OpenList`], implemented once for every
//! kind.

use crate::api::{ApiError, Comment, Post};
use crate::ids::VideoId;
use crate::library::{Hit, StoredItem};
use crate::paging::{
    Answered, Ask, Comments, Found, ListKind, Listing, Noun, Progress, Replies, Viewport,
};
use crate::text::Needle;
use std::any::Any;
use std::fmt::Debug;

use super::Saved;
use super::detail::Subject;
use super::keymap::{Action, Keymap};
use super::lens::{Lens, Lensed};
use super::view::{Row, Within};

/// How many lists the shelf keeps; the one left longest ago goes first.
const SHELF_SIZE: usize = 32;

/// A kind of list as the app shows it.
pub trait Shown: ListKind<Item: Lensed> {
    /// What is known of the list beyond the id its calls name: the comment itself for
    /// replies opened from their video, the video's title for comments.
    type About: Clone + Debug + Send + Sync;
    /// The detail pane's subject for `item`.
    fn subject<'a>(item: &'a Self::Item, about: &'a Self::About) -> Subject<'a>;
    /// What a row shows of `item`.
    fn row(item: &Self::Item) -> Row<'_>;
    /// Whom an item that names no one answers, for a conversation: the comment's author.
    fn head_uid(_about: &Self::About) -> Option<&str> {
        None
    }
    /// Every loaded item, handed out to be written to a file; `video` is the one open above
    /// the list, if any.
    fn saved(list: &Opened<Self>, video: Option<&VideoId>) -> Saved;
    /// What to say when the list ended with nothing in it, when its kind has more to say
    /// than "no replies under this comment".
    fn none_loaded(_list: &Opened<Self>, _keys: &Keymap) -> Option<String> {
        None
    }
}

impl Shown for Replies {
    type About = Option<Comment>;
    fn subject<'a>(reply: &'a Self::Item, head: &'a Option<Comment>) -> Subject<'a> {
        Subject::Reply {
            reply,
            top_comment: head.as_ref().map(|c| &*c.post.text),
        }
    }
    fn row(reply: &Self::Item) -> Row<'_> {
        Row {
            post: &reply.post,
            answers: reply.answers_reply().then_some(reply.reply_to_name()),
            pinned: false,
            replies: None,
            within: None,
        }
    }
    fn head_uid(head: &Option<Comment>) -> Option<&str> {
        head.as_ref().map(|h| &*h.post.author.uid)
    }
    fn saved(list: &Opened<Self>, video: Option<&VideoId>) -> Saved {
        Saved::Replies {
            comment: list.id.clone(),
            // Only when the thread was opened from that video.
            video: list.about.as_ref().and(video).cloned(),
            replies: list.list.items().to_vec(),
        }
    }
}

impl Shown for Comments {
    type About = Option<String>;
    fn subject<'a>(comment: &'a Self::Item, _: &'a Option<String>) -> Subject<'a> {
        Subject::Comment(comment)
    }
    fn row(comment: &Self::Item) -> Row<'_> {
        Row {
            post: &comment.post,
            answers: None,
            pinned: comment.pinned,
            replies: Some(comment.reply_total),
            within: None,
        }
    }
    fn saved(list: &Opened<Self>, _: Option<&VideoId>) -> Saved {
        Saved::Comments {
            video: list.id.clone(),
            comments: list.list.items().to_vec(),
        }
    }
}

/// What is known of a search of the library beyond what was typed.
#[derive(Debug, Clone, Default)]
pub struct Searched {
    /// What was typed, folded as every search folds it: set apart in the rows.
    pub needle: Needle,
    /// The library held nothing at all when it was searched.
    pub library_empty: bool,
}

impl Shown for Found {
    type About = Searched;
    fn subject<'a>(hit: &'a Hit, _: &'a Searched) -> Subject<'a> {
        match &hit.item {
            StoredItem::Comment(comment) => Subject::Comment(comment),
            StoredItem::Reply { reply, .. } => Subject::Reply {
                reply,
                top_comment: hit.list_title.as_deref(),
            },
        }
    }
    fn row(hit: &Hit) -> Row<'_> {
        let mut row = match &hit.item {
            StoredItem::Comment(comment) => Comments::row(comment),
            StoredItem::Reply { reply, .. } => Replies::row(reply),
        };
        row.within = Some(Within {
            kind: hit.list.kind,
            title: hit.list_title.as_deref(),
            key: &hit.list.key,
        });
        row
    }
    fn none_loaded(list: &Opened<Self>, keys: &Keymap) -> Option<String> {
        let (search, back) = (keys.key_for(Action::Search), keys.key_for(Action::Back));
        Some(match list.about.library_empty {
            true => format!(
                "The library is empty: it keeps every comment and reply you read or export. \
                 {back} goes back to the start screen: paste a link or an ID there, read, then \
                 {search} searches what you read."
            ),
            false => format!(
                "Nothing in the library matches “{}” in its text or nickname: it holds only \
                 what was read or exported here. {back} goes back; {search} searches again.",
                crate::text::one_line(&list.id)
            ),
        })
    }
    fn saved(list: &Opened<Self>, _: Option<&VideoId>) -> Saved {
        Saved::Found {
            query: list.id.clone(),
            hits: list.list.items().to_vec(),
        }
    }
}

/// One list, as it is being read.
#[derive(Debug, Clone)]
pub struct Opened<K: Shown> {
    /// What the list is under: the comment, the video.
    pub id: K::Parent,
    /// Identifies this list instance; answers carrying another `req` are for another.
    pub req: u64,
    /// Fetch pages even if cached (`R`, `--refresh`).
    pub skip_cache: bool,
    pub list: Listing<K::Item>,
    pub about: K::About,
    /// How it is looked at: a filter, an order, a conversation.
    pub lens: Lens,
}

impl<K: Shown> Opened<K> {
    pub fn new(id: K::Parent, req: u64, skip_cache: bool, about: K::About) -> Opened<K> {
        Opened {
            id,
            req,
            skip_cache,
            list: Listing::new(),
            about,
            lens: Lens::default(),
        }
    }

    /// Shows the items through the lens again (after it changed).
    pub fn reapply_lens(&mut self) {
        let view = self.lens.view(self.list.items(), K::head_uid(&self.about));
        self.list.show(view);
    }
}

impl Opened<Replies> {
    /// The comment the replies are under, when it was opened from its video.
    pub fn head(&self) -> Option<&Comment> {
        self.about.as_ref()
    }
}

impl Opened<Comments> {
    /// The video's title, when known (from a share text, or the demo).
    pub fn title(&self) -> Option<&str> {
        self.about.as_deref()
    }
}

/// What the app does to whichever list is open, whatever it holds: implemented once, for
/// every kind.
pub trait OpenList: Any + Debug + Send + Sync {
    fn req(&self) -> u64;
    /// Where page `page` comes from.
    fn ask(&self, page: u32) -> Ask;
    fn skip_cache(&self) -> bool;
    fn noun(&self) -> Noun;
    fn progress(&self) -> &Progress;
    fn progress_mut(&mut self) -> &mut Progress;
    fn view(&self) -> &Viewport;
    fn view_mut(&mut self) -> &mut Viewport;
    fn is_new(&self, row: usize) -> bool;
    /// Whether an earlier copy is known, so that new items can be told.
    fn knows_earlier(&self) -> bool;
    fn selected_key(&self) -> Option<&str>;
    /// The row showing the item with this id, if it is loaded and shown.
    fn row_of_key(&self, key: &str) -> Option<usize>;
    /// Selects the loaded item with this id, showing the whole list if the lens hides it;
    /// says whether it is loaded.
    fn reveal_key(&mut self, key: &str) -> bool;
    fn lens(&self) -> &Lens;
    fn lens_mut(&mut self) -> &mut Lens;
    /// Shows the items through the lens again (after it changed).
    fn reapply_lens(&mut self);
    /// The next page if the screen of `rows` needs it, or a reload reads it again.
    fn due_page(&mut self, rows: usize) -> Option<u32>;
    /// Applies the answer for `page`; says whether it was the page in flight.
    fn apply(&mut self, page: u32, answer: Answered) -> bool;
    /// Reads the list again, skipping the cache, as list instance `req`: how many pages.
    fn reload(&mut self, req: u64) -> u32;
    /// The detail pane's subject: the selected item.
    fn subject(&self) -> Option<Subject<'_>>;
    /// What row `row` shows.
    fn row(&self, row: usize) -> Option<Row<'_>>;
    /// The rows whose item's text or author's nickname contains `needle`.
    fn matching_rows(&self, needle: &Needle) -> Vec<usize>;
    fn saved(&self, video: Option<&VideoId>) -> Saved;
    /// What to say when the list ended empty, when its kind says more than its nouns.
    fn none_loaded(&self, keys: &Keymap) -> Option<String>;
    fn clone_box(&self) -> Box<dyn OpenList>;
    fn as_any(&self) -> &dyn Any;
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
}

impl<K: Shown> OpenList for Opened<K> {
    fn req(&self) -> u64 {
        self.req
    }
    fn ask(&self, page: u32) -> Ask {
        K::ask(&self.id, page)
    }
    fn skip_cache(&self) -> bool {
        self.skip_cache
    }
    fn noun(&self) -> Noun {
        K::NOUN
    }
    fn progress(&self) -> &Progress {
        self.list.pages.progress()
    }
    fn progress_mut(&mut self) -> &mut Progress {
        &mut self.list.pages
    }
    fn view(&self) -> &Viewport {
        &self.list.view
    }
    fn view_mut(&mut self) -> &mut Viewport {
        &mut self.list.view
    }
    fn is_new(&self, row: usize) -> bool {
        self.list.is_new(row)
    }
    fn knows_earlier(&self) -> bool {
        self.list.pages.knows_earlier()
    }
    fn selected_key(&self) -> Option<&str> {
        self.list.selected_key()
    }
    fn row_of_key(&self, key: &str) -> Option<usize> {
        self.list.row_of_key(key)
    }
    fn reveal_key(&mut self, key: &str) -> bool {
        let Some(index) = self.list.pages.position(key) else {
            return false;
        };
        if !self.list.view.select_item(index) {
            self.lens = Lens::default();
            Opened::reapply_lens(self);
            self.list.view.select_item(index);
        }
        true
    }
    fn lens(&self) -> &Lens {
        &self.lens
    }
    fn lens_mut(&mut self) -> &mut Lens {
        &mut self.lens
    }
    fn reapply_lens(&mut self) {
        Opened::reapply_lens(self);
    }
    fn due_page(&mut self, rows: usize) -> Option<u32> {
        match self.list.pages.reloading() {
            true => self.list.pages.request_next(),
            false => self.list.due_page(rows),
        }
    }
    fn apply(&mut self, page: u32, answer: Answered) -> bool {
        if let Answered::Api(Ok(crate::api::Delivered {
            earlier: Some(ids), ..
        })) = &answer
        {
            self.list.pages.note_earlier(ids.iter().map(|id| &**id));
        }
        let result: Result<_, ApiError> = K::unpack(answer);
        let (lens, head) = (&self.lens, K::head_uid(&self.about));
        self.list
            .apply(page, result, |items| lens.view(items, head))
    }
    fn reload(&mut self, req: u64) -> u32 {
        self.req = req;
        self.skip_cache = true;
        self.list.reload()
    }
    fn subject(&self) -> Option<Subject<'_>> {
        Some(K::subject(self.list.selected_item()?, &self.about))
    }
    fn row(&self, row: usize) -> Option<Row<'_>> {
        self.list.row_item(row).map(K::row)
    }
    fn matching_rows(&self, needle: &Needle) -> Vec<usize> {
        (0..self.list.view.rows())
            .filter(|&row| {
                self.list.row_item(row).is_some_and(|item| {
                    let post: &Post = item.post();
                    needle.is_in(&post.text) || needle.is_in(&post.author.nickname)
                })
            })
            .collect()
    }
    fn saved(&self, video: Option<&VideoId>) -> Saved {
        K::saved(self, video)
    }
    fn none_loaded(&self, keys: &Keymap) -> Option<String> {
        K::none_loaded(self, keys)
    }
    fn clone_box(&self) -> Box<dyn OpenList> {
        Box::new(self.clone())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

/// The lists left, newest last, of any kind.
#[derive(Debug, Default)]
pub struct Shelf {
    lists: Vec<Box<dyn OpenList>>,
}

impl Clone for Shelf {
    fn clone(&self) -> Self {
        Shelf {
            lists: self.lists.iter().map(|list| list.clone_box()).collect(),
        }
    }
}

impl Shelf {
    /// Keeps a list that was left. Answers for it still arrive and are applied here.
    pub fn put(&mut self, list: Box<dyn OpenList>) {
        if self.lists.len() == SHELF_SIZE {
            self.lists.remove(0);
        }
        self.lists.push(list);
    }

    /// Takes back the list of kind `K` under `id`, if it was left.
    pub fn take<K: Shown>(&mut self, id: &K::Parent) -> Option<Opened<K>> {
        let at = self.lists.iter().position(|list| {
            list.as_any()
                .downcast_ref::<Opened<K>>()
                .is_some_and(|opened| opened.id == *id)
        })?;
        let list = self.lists.remove(at).into_any();
        list.downcast::<Opened<K>>().ok().map(|opened| *opened)
    }

    /// The list instance `req`, if it is on the shelf.
    pub fn find_mut(&mut self, req: u64) -> Option<&mut dyn OpenList> {
        let list = self.lists.iter_mut().find(|l| l.req() == req)?;
        Some(&mut **list)
    }
}
