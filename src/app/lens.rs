//! How a list is looked at: a filter, an order, a conversation between two people. The
//! items stay loaded and in thread order; a lens only chooses which rows show them, in which
//! order, so paging, dedup and the selected item carry on underneath it.

use crate::api::{Comment, Post, Reply};

/// Which items are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    /// Liked by the video's author (作者赞过).
    AuthorLiked,
    /// Marked hot by Douyin.
    Hot,
}

/// In which order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// As Douyin lists them.
    #[default]
    Thread,
    MostLiked,
    Newest,
}

/// Two people answering each other, by UID: only their replies to each other are shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    pub one: Box<str>,
    pub other: Box<str>,
    /// How they are called, for the header: "@A ↔ @B".
    pub names: String,
}

/// The items behind a row of the insights (a word, a region, an hour, an author), by id:
/// a drill-down shows exactly them, so the list counts what the insights counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drill {
    /// What the row was, for the header: "word 好看".
    pub name: String,
    pub keys: std::collections::HashSet<Box<str>>,
    /// How many items the insights were computed from.
    pub of: usize,
}

/// A filter, an order and maybe a conversation or a drill-down.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lens {
    pub filter: Filter,
    pub order: Order,
    pub conversation: Option<Conversation>,
    pub drill: Option<Drill>,
}

impl Filter {
    /// The next one, for `f`.
    pub fn next(self) -> Filter {
        match self {
            Filter::All => Filter::AuthorLiked,
            Filter::AuthorLiked => Filter::Hot,
            Filter::Hot => Filter::All,
        }
    }

    fn keeps(self, post: &Post) -> bool {
        match self {
            Filter::All => true,
            Filter::AuthorLiked => post.author_liked,
            Filter::Hot => post.is_hot,
        }
    }

    /// Its name in the header, or nothing for all.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Filter::All => None,
            Filter::AuthorLiked => Some("liked by the author"),
            Filter::Hot => Some("hot"),
        }
    }
}

impl Order {
    /// The next one, for `s`.
    pub fn next(self) -> Order {
        match self {
            Order::Thread => Order::MostLiked,
            Order::MostLiked => Order::Newest,
            Order::Newest => Order::Thread,
        }
    }

    /// Its name in the header, or nothing for thread order.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Order::Thread => None,
            Order::MostLiked => Some("most liked first"),
            Order::Newest => Some("newest first"),
        }
    }
}

/// What a lens needs to know of an item.
pub trait Lensed {
    fn post(&self) -> &Post;
    /// Whom it answers, by UID, if it is a reply to someone.
    fn answers_uid(&self) -> Option<&str>;
}

impl Lensed for Reply {
    fn post(&self) -> &Post {
        &self.post
    }
    fn answers_uid(&self) -> Option<&str> {
        Some(self.reply_to_uid()).filter(|uid| !uid.is_empty())
    }
}

impl Lensed for Comment {
    fn post(&self) -> &Post {
        &self.post
    }
    fn answers_uid(&self) -> Option<&str> {
        None
    }
}

impl Lensed for crate::library::Hit {
    fn post(&self) -> &Post {
        self.item.post()
    }
    fn answers_uid(&self) -> Option<&str> {
        match &self.item {
            crate::library::StoredItem::Reply { reply, .. } => reply.answers_uid(),
            crate::library::StoredItem::Comment(_) => None,
        }
    }
}

impl Lens {
    /// Whether it shows every item in thread order.
    pub fn is_plain(&self) -> bool {
        *self == Lens::default()
    }

    /// The rows it shows of `items`: item indices in the order shown, or `None` for all of
    /// them in order. `head_uid` is the author of the comment the replies answer, for
    /// replies to it that name no one.
    pub fn view<T: Lensed>(&self, items: &[T], head_uid: Option<&str>) -> Option<Vec<usize>> {
        if self.is_plain() {
            return None;
        }
        let mut rows: Vec<usize> = items
            .iter()
            .enumerate()
            .filter(|(_, item)| self.filter.keeps(item.post()))
            .filter(|(_, item)| self.in_conversation(*item, head_uid))
            .filter(|(_, item)| {
                self.drill
                    .as_ref()
                    .is_none_or(|d| d.keys.contains(&*item.post().cid))
            })
            .map(|(i, _)| i)
            .collect();
        match self.order {
            Order::Thread => {}
            // Stable sorts: equal items keep their thread order.
            Order::MostLiked => {
                rows.sort_by_key(|&i| std::cmp::Reverse(items[i].post().digg_count))
            }
            Order::Newest => rows.sort_by_key(|&i| std::cmp::Reverse(items[i].post().create_time)),
        }
        Some(rows)
    }

    fn in_conversation<T: Lensed>(&self, item: &T, head_uid: Option<&str>) -> bool {
        let Some(talk) = &self.conversation else {
            return true;
        };
        let from = &*item.post().author.uid;
        let to = item.answers_uid().or(head_uid).unwrap_or_default();
        (from == &*talk.one && to == &*talk.other) || (from == &*talk.other && to == &*talk.one)
    }

    /// What the header says about it: "liked by the author · most liked first".
    pub fn describe(&self) -> Option<String> {
        let parts: Vec<String> = [
            self.drill
                .as_ref()
                .map(|d| format!("{} · {} of {}", d.name, d.keys.len(), d.of)),
            self.conversation
                .as_ref()
                .map(|c| format!("conversation {}", c.names)),
            self.filter.name().map(str::to_owned),
            self.order.name().map(str::to_owned),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Author;

    fn reply(uid: &str, to: &str, likes: u64, time: i64, liked: bool) -> Reply {
        Reply {
            post: Post {
                digg_count: likes,
                create_time: time,
                author_liked: liked,
                author: Author {
                    uid: uid.into(),
                    ..Author::default()
                },
                ..Post::default()
            },
            reply_to: crate::api::ReplyTo {
                uid: to.into(),
                ..Default::default()
            }
            .into(),
        }
    }

    fn replies() -> Vec<Reply> {
        vec![
            reply("a", "", 5, 10, false),
            reply("b", "a", 50, 30, true),
            reply("c", "", 7, 20, false),
            reply("a", "b", 1, 40, true),
            reply("b", "c", 50, 50, false),
        ]
    }

    #[test]
    fn a_plain_lens_shows_everything_in_order() {
        assert_eq!(Lens::default().view(&replies(), None), None);
    }

    #[test]
    fn filters_keep_what_they_name_in_thread_order() {
        let lens = Lens {
            filter: Filter::AuthorLiked,
            ..Lens::default()
        };
        assert_eq!(lens.view(&replies(), None), Some(vec![1, 3]));
    }

    #[test]
    fn orders_are_stable() {
        let most_liked = Lens {
            order: Order::MostLiked,
            ..Lens::default()
        };
        assert_eq!(most_liked.view(&replies(), None), Some(vec![1, 4, 2, 0, 3]));
        let newest = Lens {
            order: Order::Newest,
            ..Lens::default()
        };
        assert_eq!(newest.view(&replies(), None), Some(vec![4, 3, 1, 2, 0]));
    }

    #[test]
    fn a_conversation_is_the_two_answering_each_other() {
        let lens = Lens {
            conversation: Some(Conversation {
                one: "a".into(),
                other: "b".into(),
                names: "@a ↔ @b".into(),
            }),
            ..Lens::default()
        };
        assert_eq!(lens.view(&replies(), None), Some(vec![1, 3]));
        // A reply to no one answers the comment: its author, when known, is the other side.
        assert_eq!(lens.view(&replies(), Some("b")), Some(vec![0, 1, 3]));
        assert_eq!(lens.describe().as_deref(), Some("conversation @a ↔ @b"));
    }
}
