//! Insights: a list of comments or replies understood at a glance — what people say, where
//! from, when, and who — computed from the items at hand, with no request.
//!
//! Every count is a number of items, and every entry keeps the items behind it (their
//! indices in the slice analysed), so a drill-down that filters the list to
//! [`Insights::items_behind`] shows exactly the count the entry shows. A word used twice in
//! one reply counts that reply once.
//!
//! Pure: no I/O, no clock, no terminal. Cutting Chinese into words needs jieba's dictionary,
//! loaded once on first use ([`words::warm`] loads it ahead, off the event loop); the rest is
//! counting. Labels are the items' own (sanitized) text: whoever draws them cuts them by width.

pub mod words;

use crate::api::{Comment, Post, Reply};
use crate::format;
use std::borrow::Cow;
use std::collections::HashMap;
use words::Piece;

/// What the analysis reads from a comment or a reply.
pub trait Item {
    fn post(&self) -> &Post;

    /// Replies under it as the service counts them: `Some` for a top-level comment only.
    fn reply_total(&self) -> Option<u64> {
        None
    }
}

impl Item for Reply {
    fn post(&self) -> &Post {
        &self.post
    }
}

impl Item for crate::library::Hit {
    fn post(&self) -> &Post {
        self.item.post()
    }

    fn reply_total(&self) -> Option<u64> {
        match &self.item {
            crate::library::StoredItem::Comment(comment) => Some(comment.reply_total),
            crate::library::StoredItem::Reply { .. } => None,
        }
    }
}

impl Item for Comment {
    fn post(&self) -> &Post {
        &self.post
    }

    fn reply_total(&self) -> Option<u64> {
        Some(self.reply_total)
    }
}

impl<T: Item + ?Sized> Item for &T {
    fn post(&self) -> &Post {
        (**self).post()
    }

    fn reply_total(&self) -> Option<u64> {
        (**self).reply_total()
    }
}

/// A comment or a reply: a video's comments and the replies under them, analysed as one list.
#[derive(Debug, Clone, Copy)]
pub enum Either<'a> {
    Comment(&'a Comment),
    Reply(&'a Reply),
}

impl Item for Either<'_> {
    fn post(&self) -> &Post {
        match self {
            Either::Comment(comment) => &comment.post,
            Either::Reply(reply) => &reply.post,
        }
    }

    fn reply_total(&self) -> Option<u64> {
        match self {
            Either::Comment(comment) => Some(comment.reply_total),
            Either::Reply(_) => None,
        }
    }
}

/// One row of a section: a word, a region, an hour, an author…, and the items behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What the row names, as the items say it (a word, "广东", a nickname, "2023-07-03 21:00").
    pub label: Box<str>,
    /// The indices of the items behind it, ascending, each once.
    items: Vec<usize>,
}

impl Entry {
    fn new(label: impl Into<Box<str>>, items: Vec<usize>) -> Entry {
        Entry {
            label: label.into(),
            items,
        }
    }

    /// How many items are behind it.
    pub fn count(&self) -> usize {
        self.items.len()
    }

    /// The indices of the items behind it, ascending.
    pub fn items(&self) -> &[usize] {
        &self.items
    }
}

/// One item that stands out (the most liked, the most replied to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standout {
    /// Its index in the slice analysed.
    pub item: usize,
    /// Its likes, or its replies.
    pub count: u64,
    /// The author's nickname.
    pub author: Box<str>,
    /// The start of its text on one line (cut at [`LINE_WIDTH`] cells).
    pub line: Box<str>,
}

/// How much of a standout's text is kept: more than any pane shows.
pub const LINE_WIDTH: usize = 160;

/// How wide a step of the timeline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Hour,
    /// When the span is longer than [`HOURLY_UP_TO`] hours.
    Day,
}

impl Step {
    pub fn seconds(self) -> i64 {
        match self {
            Step::Hour => 3_600,
            Step::Day => 86_400,
        }
    }
}

/// The longest span, in hours, drawn hour by hour; longer spans go day by day.
pub const HOURLY_UP_TO: i64 = 72;

/// Beijing time is UTC+8, as Douyin shows times.
const BEIJING: i64 = 8 * 3_600;

/// One item's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub item: usize,
    /// Unix seconds.
    pub at: i64,
}

/// When: items per hour (or per day) over the span of the list, in Beijing time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub step: Step,
    /// Unix seconds at which the first step starts (on a Beijing hour or midnight).
    pub start: i64,
    /// One entry a step, from the first item's step to the latest's, empty steps included;
    /// labelled "2023-07-03 21:00" by the hour, "2023-07-03" by the day.
    pub steps: Vec<Entry>,
    /// The busiest step (the earliest of equals).
    pub peak: usize,
    pub first: Moment,
    pub latest: Moment,
}

impl Timeline {
    /// The busiest step as a person names it: "21:00–22:00" (with the date in front when
    /// the span covers more than one day), or "2023-07-03".
    pub fn peak_span(&self) -> String {
        let from = self.start + self.peak as i64 * self.step.seconds();
        let label = format::beijing_time(from);
        match self.step {
            Step::Day => label.chars().take(10).collect(),
            Step::Hour => {
                let until = format::beijing_time(from + 3_600);
                let hours = |s: &str| s.chars().skip(11).collect::<String>();
                let one_day = day_of(self.first.at) == day_of(self.latest.at);
                let date: String = label.chars().take(10).collect();
                let span = format!("{}–{}", hours(&label), hours(&until));
                if one_day {
                    span
                } else {
                    format!("{date} {span}")
                }
            }
        }
    }
}

fn day_of(at: i64) -> i64 {
    (at + BEIJING).div_euclid(86_400)
}

/// Which kind of items a list holds, for the words that count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Makeup {
    Comments,
    Replies,
    /// A video's comments and the replies under them.
    Both,
    Empty,
}

/// Everything the insights show, over one list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insights {
    /// Top-level comments analysed.
    pub comments: usize,
    /// Replies analysed.
    pub replies: usize,
    // What people say.
    pub words: Vec<Entry>,
    /// Two words in a row, used by at least two items.
    pub phrases: Vec<Entry>,
    pub stickers: Vec<Entry>,
    pub emoji: Vec<Entry>,
    pub hashtags: Vec<Entry>,
    pub mentions: Vec<Entry>,
    // Where from.
    /// By `ip_label`, the most items first.
    pub regions: Vec<Entry>,
    /// Items without an `ip_label` (labelled "").
    pub unknown_region: Entry,
    /// How many different regions there are (more than `regions` may hold).
    pub distinct_regions: usize,
    // When.
    /// `None` when no item has a time.
    pub timeline: Option<Timeline>,
    /// Items without a time (`create_time` 0).
    pub undated: Entry,
    // Who.
    /// The most active authors (by UID; labelled with their latest nickname).
    pub authors: Vec<Entry>,
    pub distinct_authors: usize,
    pub most_liked: Vec<Standout>,
    /// Liked by the video's author (作者赞过).
    pub author_liked: Entry,
    /// Written by the video's author (作者).
    pub by_video_author: Entry,
    // Comments only (empty for replies).
    pub most_replied: Vec<Standout>,
    /// Comments with 0, 1–9, 10–99 and 100+ replies, in that order.
    pub reply_spread: Vec<Entry>,
}

/// One entry of [`Insights`], as a drill-down names what to filter by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bucket {
    Word(usize),
    Phrase(usize),
    Sticker(usize),
    Emoji(usize),
    Hashtag(usize),
    Mention(usize),
    Region(usize),
    UnknownRegion,
    /// A step of the timeline.
    Time(usize),
    Undated,
    Author(usize),
    MostLiked(usize),
    AuthorLiked,
    ByVideoAuthor,
    MostReplied(usize),
    /// An entry of [`Insights::reply_spread`].
    ReplySpread(usize),
}

/// The reply-count ranges of [`Insights::reply_spread`].
pub const SPREAD: [(&str, u64, u64); 4] = [
    ("0", 0, 0),
    ("1–9", 1, 9),
    ("10–99", 10, 99),
    ("100+", 100, u64::MAX),
];

impl Insights {
    /// The insights of `items`, keeping at most `top` rows in each ranked section (the
    /// timeline and the reply spread are kept whole).
    pub fn of<T: Item + Sync>(items: &[T], top: usize) -> Insights {
        let say = Sayings::of(items);
        let comments = items.iter().filter(|i| i.reply_total().is_some()).count();
        let (regions, unknown_region, distinct_regions) = regions(items, top);
        let (timeline, undated) = timeline(items);
        let (authors, distinct_authors) = authors(items, top);
        let flagged = |keep: fn(&Post) -> bool| {
            let indices = items
                .iter()
                .enumerate()
                .filter(|(_, item)| keep(item.post()))
                .map(|(i, _)| i)
                .collect();
            Entry::new("", indices)
        };
        Insights {
            comments,
            replies: items.len() - comments,
            phrases: say.words.phrases(top),
            words: ranked(say.words.words, top, 1),
            stickers: ranked(say.stickers, top, 1),
            emoji: ranked(say.emoji, top, 1),
            hashtags: ranked(say.hashtags, top, 1),
            mentions: ranked(say.mentions, top, 1),
            regions,
            unknown_region,
            distinct_regions,
            timeline,
            undated,
            authors,
            distinct_authors,
            most_liked: standouts(items, top, |item| item.post().digg_count),
            author_liked: flagged(|post| post.author_liked),
            by_video_author: flagged(|post| post.by_video_author),
            most_replied: standouts(items, top, |item| item.reply_total().unwrap_or(0)),
            reply_spread: spread(items),
        }
    }

    /// How many items were analysed.
    pub fn total(&self) -> usize {
        self.comments + self.replies
    }

    /// What the list holds, for the noun that counts it.
    pub fn makeup(&self) -> Makeup {
        match (self.comments, self.replies) {
            (0, 0) => Makeup::Empty,
            (_, 0) => Makeup::Comments,
            (0, _) => Makeup::Replies,
            _ => Makeup::Both,
        }
    }

    /// The entry a bucket names, if the insights have it.
    pub fn entry(&self, bucket: Bucket) -> Option<&Entry> {
        let timeline = || self.timeline.as_ref().map_or(&[][..], |t| &t.steps[..]);
        match bucket {
            Bucket::Word(i) => self.words.get(i),
            Bucket::Phrase(i) => self.phrases.get(i),
            Bucket::Sticker(i) => self.stickers.get(i),
            Bucket::Emoji(i) => self.emoji.get(i),
            Bucket::Hashtag(i) => self.hashtags.get(i),
            Bucket::Mention(i) => self.mentions.get(i),
            Bucket::Region(i) => self.regions.get(i),
            Bucket::UnknownRegion => Some(&self.unknown_region),
            Bucket::Time(i) => timeline().get(i),
            Bucket::Undated => Some(&self.undated),
            Bucket::Author(i) => self.authors.get(i),
            Bucket::AuthorLiked => Some(&self.author_liked),
            Bucket::ByVideoAuthor => Some(&self.by_video_author),
            Bucket::ReplySpread(i) => self.reply_spread.get(i),
            Bucket::MostLiked(_) | Bucket::MostReplied(_) => None,
        }
    }

    /// The indices (in the slice analysed) of the items behind a bucket, ascending: what a
    /// drill-down filters the list to. Empty for a bucket the insights do not have.
    pub fn items_behind(&self, bucket: Bucket) -> &[usize] {
        match bucket {
            Bucket::MostLiked(i) => self
                .most_liked
                .get(i)
                .map_or(&[][..], |s| std::slice::from_ref(&s.item)),
            Bucket::MostReplied(i) => self
                .most_replied
                .get(i)
                .map_or(&[][..], |s| std::slice::from_ref(&s.item)),
            _ => self.entry(bucket).map_or(&[][..], Entry::items),
        }
    }
}

/// Keys and the items that use them, each item once (items are read in order, so the last
/// index pushed tells whether this item was counted already).
type Tally<'a> = HashMap<Cow<'a, str>, Vec<usize>, foldhash::fast::RandomState>;

fn note<'a>(tally: &mut Tally<'a>, key: Cow<'a, str>, index: usize) {
    let items = tally.entry(key).or_default();
    if items.last() != Some(&index) {
        items.push(index);
    }
}

/// The words the texts use, each with an ID, and every pair of words side by side.
///
/// Phrases are counted last, only among words used often enough to make one of the top
/// phrases (a phrase is used by no more items than either of its words): most pairs are of
/// rare words, and counting them all would cost more than cutting the texts.
#[derive(Default)]
struct Words<'a> {
    ids: HashMap<Cow<'a, str>, u32, foldhash::fast::RandomState>,
    /// By ID: the word and the items that use it.
    words: Vec<(Cow<'a, str>, Vec<usize>)>,
    /// Two words side by side (by ID) and the item they are in, in item order.
    pairs: Vec<(u32, u32, usize)>,
}

impl<'a> Words<'a> {
    fn id(&mut self, word: Cow<'a, str>) -> u32 {
        if let Some(id) = self.ids.get(&*word) {
            return *id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(word.clone(), id);
        self.words.push((word, Vec::new()));
        id
    }

    /// Notes `word` in item `index`; its ID.
    fn note(&mut self, word: Cow<'a, str>, index: usize) -> u32 {
        let id = self.id(word);
        let items = &mut self.words[id as usize].1;
        if items.last() != Some(&index) {
            items.push(index);
        }
        id
    }

    /// Adds what later items use.
    fn append(&mut self, later: Words<'a>) {
        let remap: Vec<u32> = later
            .words
            .into_iter()
            .map(|(word, items)| {
                let id = self.id(word);
                self.words[id as usize].1.extend(items);
                id
            })
            .collect();
        let pairs = later.pairs.into_iter();
        self.pairs
            .extend(pairs.map(|(a, b, item)| (remap[a as usize], remap[b as usize], item)));
    }

    /// The `top` phrases used by at least two items. Pairs are counted among words used by
    /// at least `t` items, `t` lowered until `top` phrases reach it (then no pair left out
    /// could rank: it has a word, so a count, below `t`) or `t` is 2.
    fn phrases(&self, top: usize) -> Vec<Entry> {
        if top == 0 {
            return Vec::new();
        }
        let counts: Vec<usize> = self.words.iter().map(|(_, items)| items.len()).collect();
        let mut sorted = counts.clone();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        let mut rank = top * 4;
        loop {
            let least = sorted.get(rank).copied().unwrap_or(0).max(2);
            let mut tally: HashMap<(u32, u32), Vec<usize>, foldhash::fast::RandomState> =
                HashMap::default();
            for &(a, b, item) in &self.pairs {
                if counts[a as usize] >= least && counts[b as usize] >= least {
                    let items = tally.entry((a, b)).or_default();
                    if items.last() != Some(&item) {
                        items.push(item);
                    }
                }
            }
            let reached = tally.values().filter(|items| items.len() >= least).count();
            if reached >= top || least == 2 {
                let word = |id: u32| &*self.words[id as usize].0;
                let phrases = tally
                    .into_iter()
                    .filter(|(_, items)| items.len() >= 2)
                    .map(|((a, b), items)| (Cow::Owned(words::join(word(a), word(b))), items));
                return ranked(phrases, top, 2);
            }
            rank *= 4;
        }
    }
}

/// What the texts say, piece by piece.
#[derive(Default)]
struct Sayings<'a> {
    words: Words<'a>,
    stickers: Tally<'a>,
    emoji: Tally<'a>,
    hashtags: Tally<'a>,
    mentions: Tally<'a>,
}

/// Below this many items, one thread reads them all: starting more costs more than it saves.
const PARALLEL_FROM: usize = 4_096;

impl<'a> Sayings<'a> {
    /// What `items` say, read on every core for a long list (each core a run of items; their
    /// counts joined in order, so every entry's items stay ascending).
    fn of<T: Item + Sync>(items: &'a [T]) -> Sayings<'a> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        if cores < 2 || items.len() < PARALLEL_FROM {
            return Sayings::of_run(items, 0);
        }
        let run = items.len().div_ceil(cores);
        let mut parts = std::thread::scope(|scope| {
            let readers: Vec<_> = items
                .chunks(run)
                .enumerate()
                .map(|(n, part)| scope.spawn(move || Sayings::of_run(part, n * run)))
                .collect();
            readers
                .into_iter()
                .map(|reader| reader.join().expect("reading a text does not panic"))
                .collect::<Vec<_>>()
                .into_iter()
        });
        let mut all = parts.next().unwrap_or_default();
        for part in parts {
            all.append(part);
        }
        all
    }

    /// What a run of items starting at index `first` says.
    fn of_run<T: Item>(items: &'a [T], first: usize) -> Sayings<'a> {
        let mut say = Sayings::default();
        for (i, item) in items.iter().enumerate() {
            say.read(first + i, &item.post().text);
        }
        say
    }

    /// Adds what later items say.
    fn append(&mut self, later: Sayings<'a>) {
        self.words.append(later.words);
        let pairs = [
            (&mut self.stickers, later.stickers),
            (&mut self.emoji, later.emoji),
            (&mut self.hashtags, later.hashtags),
            (&mut self.mentions, later.mentions),
        ];
        for (into, from) in pairs {
            for (key, items) in from {
                into.entry(key).or_default().extend(items);
            }
        }
    }

    fn read(&mut self, index: usize, text: &'a str) {
        let mut last = 0;
        words::pieces(text, |piece| match piece {
            Piece::Word { word, follows } => {
                let id = self.words.note(word, index);
                if follows {
                    self.words.pairs.push((last, id, index));
                }
                last = id;
            }
            Piece::Sticker(s) => note(&mut self.stickers, Cow::Borrowed(s), index),
            Piece::Emoji(e) => note(&mut self.emoji, e, index),
            Piece::Hashtag(h) => note(&mut self.hashtags, Cow::Borrowed(h), index),
            Piece::Mention(m) => note(&mut self.mentions, Cow::Borrowed(m), index),
        });
    }
}

/// The `top` keys used by the most items (at least `min`), the most first, then by key.
fn ranked<'a>(
    tally: impl IntoIterator<Item = (Cow<'a, str>, Vec<usize>)>,
    top: usize,
    min: usize,
) -> Vec<Entry> {
    let mut all: Vec<(Cow<'_, str>, Vec<usize>)> = tally
        .into_iter()
        .filter(|(_, items)| items.len() >= min)
        .collect();
    let order = |a: &(Cow<'_, str>, Vec<usize>), b: &(Cow<'_, str>, Vec<usize>)| {
        b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0))
    };
    if top == 0 {
        return Vec::new();
    }
    if all.len() > top {
        all.select_nth_unstable_by(top - 1, order);
        all.truncate(top);
    }
    all.sort_unstable_by(order);
    all.into_iter()
        .map(|(key, items)| Entry::new(key.into_owned(), items))
        .collect()
}

fn regions<T: Item>(items: &[T], top: usize) -> (Vec<Entry>, Entry, usize) {
    let mut tally = Tally::default();
    let mut unknown = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match item.post().ip_label.as_deref().map(str::trim) {
            Some(region) if !region.is_empty() => note(&mut tally, Cow::Borrowed(region), index),
            _ => unknown.push(index),
        }
    }
    let distinct = tally.len();
    (ranked(tally, top, 1), Entry::new("", unknown), distinct)
}

fn timeline<T: Item>(items: &[T]) -> (Option<Timeline>, Entry) {
    let mut undated = Vec::new();
    let mut first: Option<Moment> = None;
    let mut latest: Option<Moment> = None;
    for (item, post) in items.iter().map(Item::post).enumerate() {
        let at = post.create_time;
        if at <= 0 {
            undated.push(item);
            continue;
        }
        if first.is_none_or(|f| at < f.at) {
            first = Some(Moment { item, at });
        }
        if latest.is_none_or(|l| at > l.at) {
            latest = Some(Moment { item, at });
        }
    }
    let undated = Entry::new("", undated);
    let (Some(first), Some(latest)) = (first, latest) else {
        return (None, undated);
    };
    let step_of = |step: Step, at: i64| (at + BEIJING).div_euclid(step.seconds());
    let step = if step_of(Step::Hour, latest.at) - step_of(Step::Hour, first.at) < HOURLY_UP_TO {
        Step::Hour
    } else {
        Step::Day
    };
    let origin = step_of(step, first.at);
    let count = (step_of(step, latest.at) - origin + 1) as usize;
    let mut steps: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (index, post) in items.iter().map(Item::post).enumerate() {
        if post.create_time > 0 {
            steps[(step_of(step, post.create_time) - origin) as usize].push(index);
        }
    }
    let start = origin * step.seconds() - BEIJING;
    let mut peak = 0;
    for (i, items) in steps.iter().enumerate() {
        if items.len() > steps[peak].len() {
            peak = i;
        }
    }
    let steps = steps
        .into_iter()
        .enumerate()
        .map(|(i, items)| {
            let label = format::beijing_time(start + i as i64 * step.seconds());
            let label = match step {
                Step::Hour => label,
                Step::Day => label.chars().take(10).collect(),
            };
            Entry::new(label, items)
        })
        .collect();
    let timeline = Timeline {
        step,
        start,
        steps,
        peak,
        first,
        latest,
    };
    (Some(timeline), undated)
}

fn authors<T: Item>(items: &[T], top: usize) -> (Vec<Entry>, usize) {
    let mut tally = Tally::default();
    let mut names: HashMap<&str, &str, foldhash::fast::RandomState> = HashMap::default();
    for (index, item) in items.iter().enumerate() {
        let author = &item.post().author;
        let key: &str = if author.uid.is_empty() {
            &author.nickname
        } else {
            &author.uid
        };
        if key.is_empty() {
            continue;
        }
        note(&mut tally, Cow::Borrowed(key), index);
        if !author.nickname.is_empty() {
            names.insert(key, &author.nickname);
        }
    }
    let distinct = tally.len();
    let mut ranked = ranked(tally, top, 1);
    for entry in &mut ranked {
        if let Some(name) = names.get(&*entry.label) {
            entry.label = (*name).into();
        }
    }
    (ranked, distinct)
}

/// The `top` items with the highest `count` (more than 0), the highest first, then in list order.
fn standouts<T: Item>(items: &[T], top: usize, count: impl Fn(&T) -> u64) -> Vec<Standout> {
    let mut counted: Vec<(u64, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (count(item), i))
        .filter(|(n, _)| *n > 0)
        .collect();
    let order = |a: &(u64, usize), b: &(u64, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
    if top == 0 {
        return Vec::new();
    }
    if counted.len() > top {
        counted.select_nth_unstable_by(top - 1, order);
        counted.truncate(top);
    }
    counted.sort_unstable_by(order);
    counted
        .into_iter()
        .map(|(count, item)| {
            let post = items[item].post();
            let line = crate::text::one_line(&post.text);
            Standout {
                item,
                count,
                author: (*post.author.nickname).into(),
                line: crate::text::truncate(&line, LINE_WIDTH).0.into(),
            }
        })
        .collect()
}

/// Comments by how many replies they have; empty when there are no comments.
fn spread<T: Item>(items: &[T]) -> Vec<Entry> {
    let mut spread: Vec<Vec<usize>> = vec![Vec::new(); SPREAD.len()];
    let mut any = false;
    for (index, item) in items.iter().enumerate() {
        let Some(replies) = item.reply_total() else {
            continue;
        };
        any = true;
        if let Some(at) = SPREAD
            .iter()
            .position(|(_, low, high)| (*low..=*high).contains(&replies))
        {
            spread[at].push(index);
        }
    }
    if !any {
        return Vec::new();
    }
    SPREAD
        .iter()
        .zip(spread)
        .map(|((label, _, _), items)| Entry::new(*label, items))
        .collect()
}

#[cfg(test)]
mod tests;
