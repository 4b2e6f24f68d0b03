//! The program's own picture of what the service sends: pages of top-level comments and of
//! replies, their authors, full profiles, and where a page came from.
//!
//! Only what is shown or exported is kept (the service's objects carry hundreds of fields),
//! and every string was sanitized by the decoder (`wire`) before it got here. Strings never
//! change after decoding: long ones are boxed (`Box<str>`), and the short ones a reply is
//! mostly made of (ids, nicknames, places) are kept in place ([`Short`]), so a loaded reply
//! costs about 430 bytes (BENCHMARKS.md says what each byte is). Lists that are usually
//! empty take 8 bytes ([`Rare`]), and so do the parts that most replies leave empty
//! ([`Seldom`]): an embedded author's counts and signature ([`About`]), and whom a reply
//! answers ([`ReplyTo`]). All of them read as `&str` and slices, through accessors where boxed.

mod short;

pub use short::{Rare, Seldom, Short};

/// One page of a paged list, numbered by the service from 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The service's word that another page exists. It can stay 1 forever, so the paging
    /// engine does not rely on it alone.
    pub has_more: bool,
    /// How many items the service counts in the whole list; some may be hidden and
    /// unfetchable.
    pub total: Option<u64>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            items: Vec::new(),
            has_more: false,
            total: None,
        }
    }
}

/// What a top-level comment and a reply have in common: the text, its reception, its author.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Post {
    /// Douyin's are 19 digits: kept in place.
    pub cid: Short<23>,
    pub text: Box<str>,
    /// Unix seconds (Douyin shows them in Beijing time).
    pub create_time: i64,
    pub digg_count: u64,
    /// Liked by the video's author (作者赞过), whether the service said so by flag or label.
    pub author_liked: bool,
    /// Written by the video's author (the service's `label_text` "作者").
    pub by_video_author: bool,
    pub is_hot: bool,
    /// Folded away by Douyin (shown dimmed, as the app does).
    pub is_folded: bool,
    pub has_sticker: bool,
    /// Every label text the service attached, as sent (e.g. "作者赞过").
    pub labels: Rare<Box<str>>,
    /// Where the poster was, e.g. "广东"; often absent on replies.
    pub ip_label: Option<Short<15>>,
    /// Pictures in the post: the first URL given for each (empty if none was).
    pub images: Rare<Box<str>>,
    pub hashtags: Rare<Box<str>>,
    pub author: Author,
}

/// One reply (a level-2 comment) under a top-level comment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reply {
    pub post: Post,
    /// Whom it answers, when it answers another reply rather than the top-level comment:
    /// boxed only then (read it through [`Reply::reply_to_cid`] and its neighbours).
    pub reply_to: Seldom<ReplyTo>,
}

/// The reply a reply answers and its author, as the service names them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplyTo {
    /// The reply this one answers; `None` when it answers the top-level comment.
    pub cid: Option<Short<23>>,
    /// Whom it answers (a nickname), when it answers a reply.
    pub name: Short<23>,
    /// That person's UID, when the service sent it.
    pub uid: Short<15>,
}

/// One top-level comment under a video.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comment {
    pub post: Post,
    /// The video it was written under.
    pub aweme_id: Box<str>,
    /// Replies under it, as the service counts them; 0 means there is nothing to fetch.
    pub reply_total: u64,
    /// Pinned to the top by the video's author (`stick_position` set).
    pub pinned: bool,
}

/// The person who wrote a post, as embedded in it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Author {
    pub uid: Short<15>,
    pub short_id: Short<15>,
    pub unique_id: Short<15>,
    /// 55 characters for every account seen: kept in place.
    pub sec_uid: Short<55>,
    pub nickname: Short<23>,
    pub region: Short<15>,
    /// The signature, verification and counts: boxed only when one is set, which in a reply
    /// is seldom (read them through [`Author::signature`], [`Author::verification`] and
    /// [`Author::counts`]).
    pub about: Seldom<About>,
}

/// What a full profile tells about a person and an embedded author almost never does: the
/// service embeds the counts as 0 and the signature and verification empty in comments and
/// replies (the API README and both recorded samples); get-user-detail/v3 has the real ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct About {
    pub signature: Box<str>,
    /// What the verification says (`custom_verify`, else `enterprise_verify_reason`). Douyin
    /// sets `is_verified` on ordinary accounts too, so only a text means something.
    pub verification: Box<str>,
    pub counts: Counts,
}

/// A person's counts, as the service reports them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub follower_count: u64,
    pub following_count: u64,
    pub total_favorited: u64,
    pub aweme_count: u64,
}

/// One user's full profile (get-user-detail/v3): the real counts, which comments and
/// replies embed as 0, and what only a profile tells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// The same fields as an embedded author, with the full-profile counts.
    pub user: Author,
    /// As the service words it, e.g. "IP属地：浙江".
    pub ip_location: Option<Box<str>>,
    /// `None` when the user did not say.
    pub gender: Option<Gender>,
    /// `user_age`, when the user shows it.
    pub age: Option<u32>,
    /// A private account (`secret`): its works are hidden from strangers.
    pub is_private: bool,
}

/// What a profile's `gender` says (1 and 2; 0 is "not said").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

/// Where a page came from, so the header can say "cached 3 hours ago".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Fetched from the API just now (billed).
    Network,
    /// Served from the on-disk cache; fetched at this Unix time.
    Cache { fetched_at: i64 },
    /// The bundled demo data.
    Demo,
    /// The library's items, read for a search across it: no page, no request.
    Library,
}

/// A page and where it came from: what sources produce and the paging engine consumes.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched<T> {
    pub page: Page<T>,
    pub origin: Origin,
}

impl Reply {
    /// Answers another reply rather than the top-level comment.
    pub fn answers_reply(&self) -> bool {
        self.reply_to_cid().is_some()
    }

    /// The reply this one answers; `None` when it answers the top-level comment.
    pub fn reply_to_cid(&self) -> Option<&str> {
        self.reply_to.get()?.cid.as_deref()
    }

    /// Whom it answers (a nickname), or "".
    pub fn reply_to_name(&self) -> &str {
        self.reply_to.get().map_or("", |to| &to.name)
    }

    /// That person's UID, or "" when the service did not send it.
    pub fn reply_to_uid(&self) -> &str {
        self.reply_to.get().map_or("", |to| &to.uid)
    }
}

impl Author {
    /// The Douyin ID people search for: `unique_id`, else `short_id` (which may be "0").
    pub fn douyin_id(&self) -> Option<&str> {
        [&self.unique_id, &self.short_id]
            .into_iter()
            .find(|id| !id.is_empty() && &***id != "0")
            .map(|id| &**id)
    }

    /// The profile page on douyin.com.
    pub fn profile_url(&self) -> Option<String> {
        (!self.sec_uid.is_empty()).then(|| format!("https://www.douyin.com/user/{}", self.sec_uid))
    }

    /// The signature, or "".
    pub fn signature(&self) -> &str {
        self.about.get().map_or("", |about| &about.signature)
    }

    /// What the verification says, if anything.
    pub fn verification(&self) -> Option<&str> {
        let text = self.about.get().map_or("", |about| &*about.verification);
        (!text.is_empty()).then_some(text)
    }

    /// The counts as sent: all 0 in most comments and replies, real in a profile.
    pub fn counts(&self) -> Counts {
        self.about
            .get()
            .map(|about| about.counts)
            .unwrap_or_default()
    }

    /// Nothing at all was sent about the author (`user: null`).
    pub fn is_unknown(&self) -> bool {
        *self == Author::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn douyin_id_prefers_unique_id_and_skips_zero() {
        let mut a = Author {
            short_id: "0".into(),
            ..Author::default()
        };
        assert_eq!(a.douyin_id(), None);
        a.short_id = "115170456".into();
        assert_eq!(a.douyin_id(), Some("115170456"));
        a.unique_id = "GMJ_1116".into();
        assert_eq!(a.douyin_id(), Some("GMJ_1116"));
    }

    #[test]
    fn a_reply_answers_a_reply_only_with_a_cid_to_answer() {
        let mut reply = Reply::default();
        assert!(!reply.answers_reply());
        reply.reply_to.make_mut().name = "小虎".into();
        assert!(!reply.answers_reply(), "a name alone answers the comment");
        reply.reply_to.make_mut().cid = Some("7251535176281932602".into());
        assert!(reply.answers_reply());
        assert_eq!(reply.reply_to_cid(), Some("7251535176281932602"));
        assert_eq!(reply.reply_to_name(), "小虎");
        assert_eq!(reply.reply_to_uid(), "");
    }

    #[test]
    fn what_replies_leave_empty_costs_a_pointer() {
        use std::mem::size_of;
        assert_eq!(size_of::<Seldom<About>>(), 8);
        assert_eq!(size_of::<Seldom<ReplyTo>>(), 8);
        // BENCHMARKS.md says what each of these bytes is (it was 376 with both in place).
        assert_eq!(size_of::<Reply>(), 264);
        let quiet = Author {
            about: About::default().into(),
            ..Author::default()
        };
        assert!(quiet.about.get().is_none(), "no box for nothing");
        assert_eq!((quiet.signature(), quiet.verification()), ("", None));
        assert_eq!(quiet.counts(), Counts::default());
        let known = Author {
            about: About {
                verification: "店铺授权号".into(),
                counts: Counts {
                    follower_count: 16322,
                    ..Counts::default()
                },
                ..About::default()
            }
            .into(),
            ..Author::default()
        };
        assert_eq!(known.verification(), Some("店铺授权号"));
        assert_eq!(known.counts().follower_count, 16322);
        assert_eq!(known.signature(), "");
    }
}
