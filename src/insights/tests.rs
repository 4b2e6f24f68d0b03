//! The insights of a small, hand-counted list: every number below was counted by reading the
//! fixture, not by running the code.

use super::*;
use crate::api::{Author, Comment, Post, Reply};

/// 2023-07-03 00:00 in Beijing.
const DAY: i64 = 1_688_313_600;

fn at(hour: i64, minute: i64) -> i64 {
    DAY + hour * 3_600 + minute * 60
}

struct Spec {
    text: &'static str,
    uid: &'static str,
    nickname: &'static str,
    ip: Option<&'static str>,
    time: i64,
    likes: u64,
}

fn post(spec: &Spec) -> Post {
    Post {
        cid: "7251535176281932602".into(),
        text: spec.text.into(),
        create_time: spec.time,
        digg_count: spec.likes,
        ip_label: spec.ip.map(Into::into),
        author: Author {
            uid: spec.uid.into(),
            nickname: spec.nickname.into(),
            ..Author::default()
        },
        ..Post::default()
    }
}

fn spec(
    text: &'static str,
    uid: &'static str,
    nickname: &'static str,
    ip: Option<&'static str>,
    time: i64,
    likes: u64,
) -> Spec {
    Spec {
        text,
        uid,
        nickname,
        ip,
        time,
        likes,
    }
}

/// Seven replies under one comment, on one evening (one without a time).
fn replies() -> Vec<Reply> {
    let specs = [
        spec(
            "这个视频太好看了[捂脸]",
            "u1",
            "小明",
            Some("广东"),
            at(21, 10),
            5,
        ),
        spec(
            "好看好看，真的好看 @小红",
            "u2",
            "小红",
            Some("广东"),
            at(21, 30),
            12,
        ),
        spec(
            "[捂脸][捂脸]笑死我了 #旅行",
            "u1",
            "小明",
            Some("浙江"),
            at(21, 45),
            0,
        ),
        spec("好看👍👍", "u3", "阿强", None, at(20, 5), 30),
        spec("一般般吧", "u4", "", Some(" "), at(23, 59), 1),
        spec("笑死 [捂脸] 👍", "u2", "小红", Some("广东"), at(21, 0), 2),
        spec("北京烤鸭", "u5", "老李", Some("上海"), 0, 0),
    ];
    let mut replies: Vec<Reply> = specs
        .iter()
        .map(|s| Reply {
            post: post(s),
            ..Reply::default()
        })
        .collect();
    replies[1].post.author_liked = true;
    replies[3].post.by_video_author = true;
    replies
}

fn labels(entries: &[Entry]) -> Vec<(&str, usize)> {
    entries.iter().map(|e| (&*e.label, e.count())).collect()
}

fn find<'a>(entries: &'a [Entry], label: &str) -> &'a Entry {
    entries
        .iter()
        .find(|e| &*e.label == label)
        .unwrap_or_else(|| panic!("no {label} in {:?}", labels(entries)))
}

#[test]
fn a_word_counts_the_items_that_use_it_not_its_uses() {
    let insights = Insights::of(&replies(), 10);
    // 好看 is used five times, in three replies (0, 1 three times, 3).
    assert_eq!(find(&insights.words, "好看").items(), [0, 1, 3]);
    assert_eq!(insights.words[0].label.as_ref(), "好看");
    // 笑死 in replies 2 and 5.
    assert_eq!(find(&insights.words, "笑死").items(), [2, 5]);
    // Particles and pronouns are not among the words.
    for stop in ["了", "我", "这个", "吧", "的"] {
        assert!(
            !insights.words.iter().any(|e| &*e.label == stop),
            "{stop} is a stop word: {:?}",
            labels(&insights.words)
        );
    }
}

#[test]
fn stickers_emoji_hashtags_and_mentions_are_counted_apart() {
    let insights = Insights::of(&replies(), 10);
    assert_eq!(labels(&insights.stickers), [("[捂脸]", 3)]);
    assert_eq!(insights.stickers[0].items(), [0, 2, 5]);
    assert_eq!(labels(&insights.emoji), [("👍", 2)]);
    assert_eq!(labels(&insights.hashtags), [("#旅行", 1)]);
    assert_eq!(labels(&insights.mentions), [("@小红", 1)]);
}

#[test]
fn regions_count_items_and_those_without_one_are_unknown() {
    let insights = Insights::of(&replies(), 10);
    assert_eq!(
        labels(&insights.regions),
        [("广东", 3), ("上海", 1), ("浙江", 1)]
    );
    assert_eq!(insights.regions[0].items(), [0, 1, 5]);
    // Reply 3 has none, reply 4 only a space.
    assert_eq!(insights.unknown_region.items(), [3, 4]);
    assert_eq!(insights.distinct_regions, 3);
}

#[test]
fn the_timeline_goes_hour_by_hour_and_names_its_peak() {
    let insights = Insights::of(&replies(), 10);
    let timeline = insights.timeline.as_ref().expect("six replies have a time");
    assert_eq!(timeline.step, Step::Hour);
    assert_eq!(
        labels(&timeline.steps),
        [
            ("2023-07-03 20:00", 1),
            ("2023-07-03 21:00", 4),
            ("2023-07-03 22:00", 0),
            ("2023-07-03 23:00", 1),
        ]
    );
    assert_eq!(timeline.peak, 1);
    assert_eq!(timeline.peak_span(), "21:00–22:00");
    assert_eq!(
        timeline.first,
        Moment {
            item: 3,
            at: at(20, 5)
        }
    );
    assert_eq!(
        timeline.latest,
        Moment {
            item: 4,
            at: at(23, 59)
        }
    );
    assert_eq!(insights.undated.items(), [6]);
}

#[test]
fn a_span_over_three_days_goes_day_by_day() {
    let mut list = replies();
    list[6].post.create_time = at(24 * 5 + 9, 0);
    let insights = Insights::of(&list, 10);
    let timeline = insights.timeline.unwrap();
    assert_eq!(timeline.step, Step::Day);
    assert_eq!(timeline.steps.len(), 6);
    assert_eq!(timeline.steps[0].label.as_ref(), "2023-07-03");
    assert_eq!(timeline.steps[0].count(), 6);
    assert_eq!(timeline.steps[5].items(), [6]);
    assert_eq!(timeline.peak_span(), "2023-07-03");
}

#[test]
fn a_peak_on_a_longer_span_carries_its_date() {
    let mut list = replies();
    list[6].post.create_time = at(30, 0);
    let timeline = Insights::of(&list, 10).timeline.unwrap();
    assert_eq!(timeline.step, Step::Hour);
    assert_eq!(timeline.peak_span(), "2023-07-03 21:00–22:00");
}

#[test]
fn who_counts_authors_by_uid_likes_and_the_video_authors_marks() {
    let insights = Insights::of(&replies(), 10);
    assert_eq!(
        labels(&insights.authors),
        [
            ("小明", 2),
            ("小红", 2),
            ("阿强", 1),
            ("u4", 1),
            ("老李", 1)
        ]
    );
    assert_eq!(insights.distinct_authors, 5);
    let liked: Vec<(usize, u64)> = insights
        .most_liked
        .iter()
        .map(|s| (s.item, s.count))
        .collect();
    assert_eq!(liked, [(3, 30), (1, 12), (0, 5), (5, 2), (4, 1)]);
    assert_eq!(insights.most_liked[0].author.as_ref(), "阿强");
    assert_eq!(insights.most_liked[0].line.as_ref(), "好看👍👍");
    assert_eq!(insights.author_liked.items(), [1]);
    assert_eq!(insights.by_video_author.items(), [3]);
    assert!(insights.most_replied.is_empty());
    assert!(insights.reply_spread.is_empty());
    assert_eq!(insights.makeup(), Makeup::Replies);
}

#[test]
fn top_keeps_the_first_rows_in_order() {
    let insights = Insights::of(&replies(), 2);
    assert_eq!(labels(&insights.authors), [("小明", 2), ("小红", 2)]);
    assert_eq!(insights.regions.len(), 2);
    assert_eq!(insights.distinct_regions, 3);
    assert_eq!(insights.most_liked.len(), 2);
    // The timeline is a series: it is never cut.
    assert_eq!(insights.timeline.unwrap().steps.len(), 4);
}

#[test]
fn comments_also_show_replies_most_and_their_spread() {
    let counts = [0, 3, 9, 10, 250, 0, 99];
    let comments: Vec<Comment> = replies()
        .into_iter()
        .zip(counts)
        .map(|(reply, reply_total)| Comment {
            post: reply.post,
            reply_total,
            ..Comment::default()
        })
        .collect();
    let insights = Insights::of(&comments, 3);
    let replied: Vec<(usize, u64)> = insights
        .most_replied
        .iter()
        .map(|s| (s.item, s.count))
        .collect();
    assert_eq!(replied, [(4, 250), (6, 99), (3, 10)]);
    assert_eq!(
        labels(&insights.reply_spread),
        [("0", 2), ("1–9", 2), ("10–99", 2), ("100+", 1)]
    );
    assert_eq!(insights.reply_spread[0].items(), [0, 5]);
    assert_eq!(insights.makeup(), Makeup::Comments);
}

#[test]
fn every_bucket_drills_down_to_exactly_its_count() {
    let list = replies();
    let insights = Insights::of(&list, 10);
    let mut buckets = vec![
        Bucket::UnknownRegion,
        Bucket::Undated,
        Bucket::AuthorLiked,
        Bucket::ByVideoAuthor,
    ];
    buckets.extend((0..insights.words.len()).map(Bucket::Word));
    buckets.extend((0..insights.stickers.len()).map(Bucket::Sticker));
    buckets.extend((0..insights.regions.len()).map(Bucket::Region));
    buckets.extend((0..4).map(Bucket::Time));
    buckets.extend((0..insights.authors.len()).map(Bucket::Author));
    for bucket in buckets {
        let entry = insights.entry(bucket).unwrap();
        assert_eq!(
            insights.items_behind(bucket).len(),
            entry.count(),
            "{bucket:?}"
        );
    }
    // The items behind a word all use it; the others do not.
    for entry in &insights.words {
        for (i, reply) in list.iter().enumerate() {
            let uses = reply.post.text.to_lowercase().contains(&*entry.label);
            let behind = entry.items().contains(&i);
            assert!(!behind || uses, "{} is not in reply {i}", entry.label);
        }
    }
    assert_eq!(insights.items_behind(Bucket::MostLiked(0)), [3]);
    assert_eq!(insights.items_behind(Bucket::Word(999)), [] as [usize; 0]);
    assert_eq!(
        insights.items_behind(Bucket::MostReplied(0)),
        [] as [usize; 0]
    );
}

#[test]
fn a_video_and_its_replies_are_analysed_as_one_list() {
    let replies = replies();
    let comment = Comment {
        post: replies[0].post.clone(),
        reply_total: 7,
        ..Comment::default()
    };
    let mut list = vec![Either::Comment(&comment)];
    list.extend(replies.iter().map(Either::Reply));
    let insights = Insights::of(&list, 10);
    assert_eq!((insights.comments, insights.replies), (1, 7));
    assert_eq!(insights.makeup(), Makeup::Both);
    assert_eq!(find(&insights.words, "好看").items(), [0, 1, 2, 4]);
    assert_eq!(
        labels(&insights.reply_spread),
        [("0", 0), ("1–9", 1), ("10–99", 0), ("100+", 0)]
    );
}

#[test]
fn nothing_to_analyse_gives_empty_sections() {
    let insights = Insights::of::<Reply>(&[], 10);
    assert_eq!(insights.makeup(), Makeup::Empty);
    assert!(insights.words.is_empty() && insights.regions.is_empty());
    assert_eq!(insights.timeline, None);
    assert_eq!(insights.distinct_authors, 0);
}

#[test]
fn a_long_list_read_on_every_core_counts_as_one_read_in_order() {
    let list: Vec<Reply> = (0..1_000).flat_map(|_| replies()).collect();
    assert!(list.len() >= PARALLEL_FROM);
    let insights = Insights::of(&list, 10);
    let word = find(&insights.words, "好看");
    assert_eq!(word.count(), 3_000);
    assert!(
        word.items().windows(2).all(|w| w[0] < w[1]),
        "ascending, each once"
    );
    let one_reader = Sayings::of_run(&list, 0);
    assert_eq!(insights.phrases, one_reader.words.phrases(10));
    assert_eq!(insights.words, ranked(one_reader.words.words, 10, 1));
    assert_eq!(insights.stickers, ranked(one_reader.stickers, 10, 1));
    assert_eq!(
        labels(&insights.regions),
        [("广东", 3_000), ("上海", 1_000), ("浙江", 1_000)]
    );
}

#[test]
fn phrases_counted_among_frequent_words_only_are_the_phrases_counted_among_all() {
    let mut rng = fastrand::Rng::with_seed(7);
    let list: Vec<Reply> = (0..3_000)
        .map(|_| {
            let words: Vec<String> = (0..2 + rng.usize(..5))
                .map(|_| format!("w{}", rng.usize(..40) * rng.usize(..40) / 40))
                .collect();
            let text: &'static str = Box::leak(words.join(" ").into_boxed_str());
            Reply {
                post: post(&spec(text, "u", "n", None, at(1, 0), 0)),
                ..Reply::default()
            }
        })
        .collect();
    let said = Sayings::of_run(&list, 0);
    let mut all: HashMap<String, Vec<usize>> = HashMap::new();
    for &(a, b, item) in &said.words.pairs {
        let phrase = words::join(
            &said.words.words[a as usize].0,
            &said.words.words[b as usize].0,
        );
        let items = all.entry(phrase).or_default();
        if items.last() != Some(&item) {
            items.push(item);
        }
    }
    for top in [1, 3, 10, 50] {
        let every_pair = ranked(
            all.clone().into_iter().map(|(k, v)| (Cow::Owned(k), v)),
            top,
            2,
        );
        assert_eq!(said.words.phrases(top), every_pair, "top {top}");
    }
}
