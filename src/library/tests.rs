use super::*;
use crate::api::{Payload, Reply, Token};
use rusqlite::Connection;
use serde_json::{Value, json};
use std::fs;

const HOST: &str = "api.justoneapi.com";
const NOW: i64 = 1_700_000_000;
const COMMENT: &str = "7251524159191958327";
const VIDEO: &str = "7300000000000000001";

fn checked(body: Value) -> CheckedBody {
    Token::new("test-token")
        .unwrap()
        .check(serde_json::to_vec(&body).unwrap())
        .unwrap()
}

fn reply(cid: &str, text: &str, nickname: &str, at: i64) -> Value {
    json!({
        "cid": cid, "text": text, "create_time": at, "digg_count": 7,
        "label_list": [{"type": 1, "text": "作者赞过"}], "ip_label": "广东",
        "reply_to_reply_id": "0",
        "user": {"uid": format!("u{cid}"), "nickname": nickname, "signature": "签名",
                 "unique_id": format!("id{cid}")}
    })
}

fn replies_body(items: Vec<Value>) -> CheckedBody {
    checked(json!({"code": 0, "data": {"comments": items, "has_more": 1, "total": 99}}))
}

fn replies_call(page: u32) -> Call {
    Call::Replies {
        comment: crate::CommentId::parse(COMMENT).unwrap(),
        page,
    }
}

fn comments_call(page: u32) -> Call {
    Call::Comments {
        video: crate::VideoId::parse(VIDEO).unwrap(),
        page,
    }
}

fn comments_body(items: Vec<Value>) -> CheckedBody {
    checked(json!({"code": 0, "data": {"comments": items, "has_more": 0, "total": 2}}))
}

fn open(dir: &Path) -> Library {
    Library::open(dir.join(FILE_NAME), Duration::from_secs(24 * 3600))
        .unwrap()
        .library
}

fn search(library: &Library, text: &str) -> Vec<String> {
    library
        .search(&SearchQuery {
            text: text.into(),
            limit: 100,
            ..SearchQuery::default()
        })
        .unwrap()
        .into_iter()
        .map(|hit| hit.item.post().cid.to_string())
        .collect()
}

/// A page of ten replies, `r{page}-0` … `r{page}-9`, the later ones newer.
fn ten(page: u32) -> CheckedBody {
    replies_body(
        (0..10)
            .map(|n| {
                let cid = format!("r{page}-{n}");
                reply(
                    &cid,
                    &format!("第{page}页第{n}条"),
                    "路人",
                    NOW + i64::from(page * 10 + n),
                )
            })
            .collect(),
    )
}

#[test]
fn a_stored_page_is_read_back_with_its_fetch_time_and_its_items() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    assert_eq!(
        library.get(HOST, &replies_call(1)),
        None,
        "miss before any put"
    );
    let body = replies_body(vec![reply("1", "hi 大理", "小明", NOW - 60)]);
    library.put(HOST, &replies_call(1), &body, NOW).unwrap();
    let hit = library.get_fresh(HOST, &replies_call(1), NOW + 60).unwrap();
    assert_eq!(hit.fetched_at, NOW);
    let Payload::Replies(page) = &hit.payload else {
        panic!("{hit:?}")
    };
    assert_eq!(&*page.items[0].post.text, "hi 大理");
    assert_eq!(library.get(HOST, &replies_call(2)), None);
    assert_eq!(
        library.get("127.0.0.1:8787", &replies_call(1)),
        None,
        "per host"
    );
    let items = library.items(&ListKey::replies(COMMENT)).unwrap();
    assert_eq!(items.len(), 1);
    let StoredItem::Reply { reply, comment_cid } = &items[0] else {
        panic!("{items:?}")
    };
    assert_eq!(comment_cid, COMMENT);
    assert_eq!(
        reply, &page.items[0],
        "the row is the decoded reply, field for field"
    );
}

#[test]
fn pages_older_than_the_max_age_are_not_fresh_but_still_there() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    library.put(HOST, &replies_call(1), &ten(1), NOW).unwrap();
    assert!(
        library
            .get_fresh(HOST, &replies_call(1), NOW + 24 * 3600 - 1)
            .is_some()
    );
    assert!(
        library
            .get_fresh(HOST, &replies_call(1), NOW + 24 * 3600)
            .is_none()
    );
    assert!(
        library.get(HOST, &replies_call(1)).is_some(),
        "for --offline"
    );
    let share = Call::Share {
        url: "https://v.douyin.com/iAbCdEf/".into(),
    };
    let body = checked(json!({"code": 0, "data": {"redirectUrl":
        format!("https://www.douyin.com/video/{VIDEO}")}}));
    library.put(HOST, &share, &body, NOW).unwrap();
    assert!(
        library
            .get_fresh(HOST, &share, NOW + 400 * 24 * 3600)
            .is_some(),
        "a share link never expires"
    );
}

#[test]
fn a_page_fetched_again_updates_its_items_without_duplicating_them() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    library.put(HOST, &replies_call(1), &ten(1), NOW).unwrap();
    // Indexed already: the index must follow the new text.
    library.index_pending().unwrap();
    let mut again = reply("r1-0", "改过的文字", "路人", NOW);
    again["digg_count"] = json!(500);
    let body = replies_body(vec![again]);
    library
        .put(HOST, &replies_call(1), &body, NOW + 10)
        .unwrap();
    let items = library.items(&ListKey::replies(COMMENT)).unwrap();
    assert_eq!(items.len(), 10);
    assert_eq!(items[0].post().digg_count, 500);
    assert_eq!(search(&library, "改过的"), ["r1-0"]);
    assert!(
        search(&library, "第1页第0条").is_empty(),
        "the old text is out of the index"
    );
    assert_eq!(library.stats().unwrap().page_bodies, 1);
}

#[test]
fn chinese_substrings_are_found_newest_first_with_folding_on_both_sides() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    let body = replies_body(vec![
        reply("1", "我也想去大理🏔️看看", "山人", NOW - 300),
        reply("2", "大理石很贵", "ＡＢＣ小号", NOW - 100),
        reply("3", "Hello 世界", "路人甲", NOW - 200),
        reply("4", "云南大理", "x", NOW - 50),
    ]);
    library.put(HOST, &replies_call(1), &body, NOW).unwrap();
    // Whether the index covers them yet (read directly) or not (through the index).
    library.index_pending().unwrap();
    assert_eq!(library.unindexed().unwrap(), 0);
    assert_eq!(search(&library, "想去大理"), ["1"], "a trigram query");
    assert_eq!(
        search(&library, "大理"),
        ["4", "2", "1"],
        "two characters, newest first"
    );
    assert_eq!(search(&library, "理"), ["4", "2", "1"], "one character");
    assert_eq!(search(&library, "hello"), ["3"], "case folded");
    assert_eq!(search(&library, "ＨＥＬＬＯ"), ["3"], "full width folded");
    assert_eq!(search(&library, "abc小"), ["2"], "the nickname, folded");
    assert_eq!(search(&library, "大理石很贵呀"), Vec::<String>::new());
    assert_eq!(
        search(&library, "\"大理"),
        Vec::<String>::new(),
        "quotes are literal"
    );
    assert_eq!(search(&library, "").len(), 4, "no text: every item");
}

#[test]
fn items_written_a_moment_ago_are_found_before_the_index_covers_them_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path()).with_manual_index();
    let body = replies_body(vec![
        reply("1", "我也想去大理🏔️看看", "山人", NOW - 300),
        reply("2", "大理石很贵", "ＡＢＣ小号", NOW - 100),
        reply("3", "Hello 世界", "路人甲", NOW - 200),
    ]);
    library.put(HOST, &replies_call(1), &body, NOW).unwrap();
    let queries = [
        "想去大理",
        "大理",
        "理",
        "ＨＥＬＬＯ",
        "abc小",
        "路人甲",
        "大理石很贵呀",
        "",
    ];
    let before: Vec<Vec<String>> = queries.iter().map(|q| search(&library, q)).collect();
    assert_eq!(
        library.index_pending().unwrap(),
        3,
        "none was indexed by the write"
    );
    let after: Vec<Vec<String>> = queries.iter().map(|q| search(&library, q)).collect();
    assert_eq!(before, after);
    assert_eq!(
        after,
        [
            vec!["1"],
            vec!["2", "1"],
            vec!["2", "1"],
            vec!["3"],
            vec!["2"],
            vec!["3"],
            vec![],
            vec!["2", "3", "1"]
        ]
    );
    // Half indexed, half not: each item is found once.
    library.put(HOST, &replies_call(2), &ten(2), NOW).unwrap();
    assert_eq!(library.unindexed().unwrap(), 10);
    let both = SearchQuery {
        text: "第2页".into(),
        limit: 100,
        ..SearchQuery::default()
    };
    assert_eq!(library.search(&both).unwrap().len(), 10);
    assert_eq!(search(&library, "大理").len(), 2);
}

#[test]
fn the_index_catches_up_by_itself_after_the_writes() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    for page in 1..=3 {
        library
            .put(HOST, &replies_call(page), &ten(page), NOW)
            .unwrap();
    }
    // The background indexer runs once writes pause; this waits for it, however long.
    let waited = std::time::Instant::now();
    while library.unindexed().unwrap() > 0 {
        assert!(
            waited.elapsed() < Duration::from_secs(120),
            "never caught up"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(search(&library, "第3页第9条"), ["r3-9"]);
}

#[test]
fn forgetting_the_newest_list_leaves_no_item_unindexed_for_ever() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path()).with_manual_index();
    library.put(HOST, &replies_call(1), &ten(1), NOW).unwrap();
    let other = Call::Replies {
        comment: crate::CommentId::parse("7251524159191958000").unwrap(),
        page: 1,
    };
    let body = replies_body(vec![reply("x1", "别的评论下的回复", "路人", NOW)]);
    library.put(HOST, &other, &body, NOW).unwrap();
    library.index_pending().unwrap();
    // The newest ids go, and the next items take them again: they must be indexed.
    library
        .forget(&ListKey::replies("7251524159191958000"))
        .unwrap();
    library.put(HOST, &replies_call(2), &ten(2), NOW).unwrap();
    assert_eq!(library.unindexed().unwrap(), 10);
    assert_eq!(library.index_pending().unwrap(), 10);
    assert_eq!(search(&library, "第2页第0条"), ["r2-0"]);
    assert!(search(&library, "别的评论").is_empty());
}

/// FTS5 cannot take a NUL in a phrase ("unterminated string"): a search text holding one
/// is looked for as any other, so it finds the text another program wrote with a NUL,
/// and nothing (no error) where there is none, indexed or not, counted the same.
#[test]
fn a_nul_in_a_search_text_is_searched_for_like_any_other_character() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path()).with_manual_index();
    library.put(HOST, &replies_call(1), &ten(1), NOW).unwrap();
    // Text from the API is sanitized; another program may write anything.
    Connection::open(library.path())
        .unwrap()
        .execute(
            "UPDATE items SET text = ?1 WHERE cid = 'r1-3'",
            ["大理\0石 from another program"],
        )
        .unwrap();
    let counted = |text: &str| {
        let query = SearchQuery {
            text: text.into(),
            ..SearchQuery::default()
        };
        library.count(&query, 100).unwrap()
    };
    for indexed in [false, true] {
        assert_eq!(search(&library, "理\0石"), ["r1-3"], "indexed: {indexed}");
        assert_eq!(search(&library, "\0"), ["r1-3"]);
        assert_eq!(search(&library, "第1页\0"), Vec::<String>::new());
        assert_eq!(counted("大理\0石 from"), 1);
        assert_eq!(counted("\0\0\0"), 0);
        library.index_pending().unwrap();
    }
}

/// A word in many items is found by passing the items newest first through the time
/// index (the matches are dense), in few by reading each match's time: either way the
/// same pages of hits, newest first, ties by the later written, with the items written a
/// moment ago (not indexed yet) among them.
#[test]
fn a_common_word_is_paged_newest_first_whichever_way_its_matches_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path()).with_manual_index();
    let mut written = Vec::new();
    let mut write = |page: u32| {
        let items: Vec<Value> = (0..10)
            .map(|n| {
                let cid = format!("p{page}-{n}");
                // Times out of the order written, with ties.
                let at = NOW - i64::from((page * 7 + n * 13) % 40);
                let text = match (page + n) % 2 {
                    0 => format!("洱海边第{page}页"),
                    _ => format!("别的第{page}页"),
                };
                if text.starts_with("洱海边") {
                    written.push((at, written.len(), cid.clone()));
                } else {
                    written.push((at, written.len(), String::new()));
                }
                reply(&cid, &text, "路人", at)
            })
            .collect();
        library
            .put(HOST, &replies_call(page), &replies_body(items), NOW)
            .unwrap();
    };
    (1..=20).for_each(&mut write);
    library.index_pending().unwrap();
    (21..=22).for_each(&mut write);
    let mut expected: Vec<_> = written
        .into_iter()
        .filter(|(.., cid)| !cid.is_empty())
        .collect();
    expected.sort_by_key(|&(at, order, _)| std::cmp::Reverse((at, order)));
    let expected: Vec<String> = expected.into_iter().map(|(.., cid)| cid).collect();
    assert_eq!(expected.len(), 110);

    let page = |offset: usize, since: Option<i64>| -> Vec<String> {
        let query = SearchQuery {
            text: "洱海边".into(),
            since,
            limit: 10,
            offset,
            ..SearchQuery::default()
        };
        let hits = library.search(&query).unwrap();
        hits.into_iter()
            .map(|h| h.item.post().cid.to_string())
            .collect()
    };
    for offset in [0, 10, 50, 100, 105] {
        let want = &expected[offset..(offset + 10).min(expected.len())];
        assert_eq!(page(offset, None), want, "dense, from {offset}");
        // A condition on the items: each match's row is read.
        assert_eq!(page(offset, Some(0)), want, "filtered, from {offset}");
    }
}

#[test]
fn search_filters_by_video_author_time_and_limit() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    let comment = json!({"cid": COMMENT, "text": "评论一", "create_time": NOW - 1000,
        "aweme_id": VIDEO, "reply_comment_total": 3, "user": {"uid": "c1", "nickname": "楼主"}});
    library
        .put(HOST, &comments_call(1), &comments_body(vec![comment]), NOW)
        .unwrap();
    let body = replies_body(vec![
        reply("1", "评论回复一", "山人", NOW - 300),
        reply("2", "评论回复二", "水人", NOW - 100),
    ]);
    library.put(HOST, &replies_call(1), &body, NOW).unwrap();
    let other = Call::Replies {
        comment: crate::CommentId::parse("7251524159191958328").unwrap(),
        page: 1,
    };
    let body = replies_body(vec![reply("9", "评论别处", "山人", NOW)]);
    library.put(HOST, &other, &body, NOW).unwrap();
    let find = |query: SearchQuery| -> Vec<String> {
        library
            .search(&SearchQuery {
                text: "评论".into(),
                limit: if query.limit == 0 { 100 } else { query.limit },
                ..query
            })
            .unwrap()
            .into_iter()
            .map(|hit| hit.item.post().cid.to_string())
            .collect()
    };
    assert_eq!(find(SearchQuery::default()), ["9", "2", "1", COMMENT]);
    let on_video = SearchQuery {
        video: Some(VIDEO.into()),
        ..SearchQuery::default()
    };
    assert_eq!(
        find(on_video),
        ["2", "1", COMMENT],
        "replies follow their comment's video"
    );
    let by = |author: &str| SearchQuery {
        author: Some(author.into()),
        ..SearchQuery::default()
    };
    assert_eq!(find(by("山")), ["9", "1"], "part of a nickname");
    assert_eq!(find(by("u2")), ["2"], "a uid");
    assert_eq!(find(by("id1")), ["1"], "a Douyin ID");
    let since = SearchQuery {
        since: Some(NOW - 200),
        ..SearchQuery::default()
    };
    assert_eq!(find(since), ["9", "2"]);
    let limit = SearchQuery {
        limit: 1,
        ..SearchQuery::default()
    };
    assert_eq!(find(limit), ["9"]);
    let hit = &library
        .search(&SearchQuery {
            text: "回复一".into(),
            limit: 1,
            ..SearchQuery::default()
        })
        .unwrap()[0];
    assert_eq!(hit.list, ListKey::replies(COMMENT));
    assert_eq!(hit.video.as_deref(), Some(VIDEO));
}

#[test]
fn over_the_limit_the_least_recently_used_bodies_go_and_every_item_stays() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path()).with_max_size(u64::MAX);
    for page in 1..=10 {
        library
            .put(HOST, &replies_call(page), &ten(page), NOW)
            .unwrap();
    }
    // What a body takes as stored (compressed): about the same for each page.
    let one = library.stats().unwrap().body_bytes / 10;
    // Page 1 was written first, but reading it makes it the most recently used.
    std::thread::sleep(Duration::from_millis(2));
    assert!(library.get(HOST, &replies_call(1)).is_some());
    let library = library.with_max_size(10 * one + one / 2);
    library.put(HOST, &replies_call(11), &ten(11), NOW).unwrap();
    let present: Vec<u32> = (1..=11)
        .filter(|&p| library.get(HOST, &replies_call(p)).is_some())
        .collect();
    // 90% of 10.5 bodies is 9.45: two of the eleven go, the two used longest ago.
    assert_eq!(present, [1, 4, 5, 6, 7, 8, 9, 10, 11]);
    let stats = library.stats().unwrap();
    assert_eq!(stats.page_bodies, 9);
    assert_eq!(stats.replies, 110, "every item stays");
    assert_eq!(search(&library, "第2页第3条"), ["r2-3"], "and is found");
}

#[test]
fn clearing_bodies_keeps_items_and_forgetting_a_list_removes_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    library.put(HOST, &replies_call(1), &ten(1), NOW).unwrap();
    library.put(HOST, &replies_call(2), &ten(2), NOW).unwrap();
    let list = ListKey::replies(COMMENT);
    assert_eq!(
        library.toggle_bookmark(&list, "r1-1", NOW).unwrap(),
        Some(true)
    );
    assert_eq!(library.clear_page_bodies().unwrap().0, 2);
    assert_eq!(library.get(HOST, &replies_call(1)), None);
    assert_eq!(library.stats().unwrap().replies, 20);
    library.put(HOST, &replies_call(1), &ten(1), NOW).unwrap();
    let forgotten = library.forget(&list).unwrap();
    assert_eq!(
        forgotten,
        Forgotten {
            lists: 1,
            items: 20,
            page_bodies: 1
        }
    );
    let stats = library.stats().unwrap();
    assert_eq!(
        (stats.replies, stats.bookmarks, stats.page_bodies),
        (0, 0, 0)
    );
    assert!(search(&library, "第1页").is_empty(), "out of the index too");
    assert_eq!(library.forget(&list).unwrap(), Forgotten::default());
}

#[test]
fn bookmarks_toggle_and_list_the_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    library.put(HOST, &replies_call(1), &ten(1), NOW).unwrap();
    let list = ListKey::replies(COMMENT);
    assert_eq!(
        library.toggle_bookmark(&list, "r1-2", NOW).unwrap(),
        Some(true)
    );
    assert_eq!(
        library.toggle_bookmark(&list, "r1-5", NOW + 1).unwrap(),
        Some(true)
    );
    assert_eq!(library.toggle_bookmark(&list, "nope", NOW).unwrap(), None);
    let marks: Vec<String> = library
        .bookmarks()
        .unwrap()
        .iter()
        .map(|b| b.item.post().cid.to_string())
        .collect();
    assert_eq!(marks, ["r1-5", "r1-2"]);
    assert_eq!(
        library.toggle_bookmark(&list, "r1-2", NOW + 2).unwrap(),
        Some(false)
    );
    assert_eq!(library.bookmarked_in(&list).unwrap(), ["r1-5"]);
    assert_eq!(library.stats().unwrap().bookmarks, 1);
}

#[test]
fn recent_lists_say_how_far_the_reader_got_and_what_is_new_since() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    let comment = json!({"cid": COMMENT, "text": "楼主的评论", "create_time": NOW,
        "aweme_id": VIDEO, "reply_comment_total": 30});
    library
        .put(HOST, &comments_call(1), &comments_body(vec![comment]), NOW)
        .unwrap();
    library
        .set_video_title(VIDEO, "视频标题 #话题", NOW)
        .unwrap();
    library.put(HOST, &replies_call(1), &ten(1), NOW).unwrap();
    let replies = ListKey::replies(COMMENT);
    library
        .record_visit(&replies, 10, Some("r1-4"), NOW + 5)
        .unwrap();
    library
        .record_visit(&ListKey::comments(VIDEO), 1, None, NOW + 1)
        .unwrap();
    // An export loads page 2 later.
    library
        .put(HOST, &replies_call(2), &ten(2), NOW + 100)
        .unwrap();
    let recent = library.recent_lists(10).unwrap();
    assert_eq!(recent.len(), 2);
    let first = &recent[0];
    assert_eq!(first.list, replies);
    assert_eq!(
        first.title.as_deref(),
        Some("楼主的评论"),
        "the comment's text"
    );
    assert_eq!((first.loaded, first.total), (20, Some(99)));
    assert_eq!(first.last_read, Some(NOW + 5));
    assert_eq!(first.loaded_then, Some(10));
    assert_eq!(first.selected.as_deref(), Some("r1-4"));
    assert_eq!(first.new_since, 10);
    assert_eq!(recent[1].title.as_deref(), Some("视频标题 #话题"));
    assert_eq!((recent[1].loaded, recent[1].total), (1, Some(2)));
}

#[test]
fn profiles_fill_in_authors_and_items_keep_their_own_nickname() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    library
        .put(
            HOST,
            &replies_call(1),
            &replies_body(vec![reply("1", "x", "旧名", NOW)]),
            NOW,
        )
        .unwrap();
    let profile = Call::Profile {
        sec_uid: "MS4wLjABAAAA".into(),
    };
    let body = checked(
        json!({"code": 0, "data": {"user": {"uid": "u1", "nickname": "新名",
        "follower_count": 1234, "ip_location": "IP属地：浙江", "gender": 2}}}),
    );
    library.put(HOST, &profile, &body, NOW).unwrap();
    assert!(library.get(HOST, &profile).is_some());
    let items = library.items(&ListKey::replies(COMMENT)).unwrap();
    let author = &items[0].post().author;
    assert_eq!(&*author.nickname, "旧名", "as it was on the item");
    assert_eq!(
        author.counts().follower_count,
        1234,
        "the profile's real count"
    );
    let stats = library.stats().unwrap();
    assert_eq!(stats.authors, 1);
}

#[test]
fn a_damaged_body_is_a_miss_and_is_replaced_by_the_next_fetch() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    library.put(HOST, &replies_call(1), &ten(1), NOW).unwrap();
    let conn = Connection::open(library.path()).unwrap();
    conn.execute("UPDATE pages SET body = x'7b7b7b'", [])
        .unwrap();
    assert_eq!(library.get(HOST, &replies_call(1)), None);
    assert_eq!(library.stats().unwrap().page_bodies, 0, "removed");
    assert_eq!(library.stats().unwrap().replies, 10, "its items stay");
    library.put(HOST, &replies_call(1), &ten(1), NOW).unwrap();
    assert!(library.get(HOST, &replies_call(1)).is_some());
}

#[test]
fn a_new_file_is_marked_as_ours_at_the_current_version_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep/er").join(FILE_NAME);
    let opened = Library::open(&path, Duration::from_secs(60)).unwrap();
    assert!(opened.created && opened.set_aside.is_none());
    let again = Library::open(&path, Duration::from_secs(60)).unwrap();
    assert!(!again.created);
    let conn = Connection::open(&path).unwrap();
    let facts: (i64, i64, String) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id),
                    (SELECT user_version FROM pragma_user_version),
                    (SELECT journal_mode FROM pragma_journal_mode)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        facts,
        (schema::APPLICATION_ID, SCHEMA_VERSION, "wal".into())
    );
}

/// A library as version 2 wrote it: one page of ten replies, its body as sent, its items,
/// and the search index holding its own copy of their folded text.
fn version_2_library(path: &Path) {
    schema::prepare_to(path, 2).unwrap();
    let conn = Connection::open(path).unwrap();
    let body = ten(1);
    let Some(Payload::Replies(page)) = store::decode("replies", body.as_bytes()) else {
        panic!("decodes")
    };
    conn.execute(
        "INSERT INTO pages (host, kind, key, page, fetched_at, used_at, bytes, body)
         VALUES (?1, 'replies', ?2, 1, ?3, ?3, ?4, ?5)",
        rusqlite::params![
            HOST,
            COMMENT,
            NOW,
            body.as_bytes().len() as i64,
            body.as_bytes()
        ],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO lists (kind, key, total, first_seen, updated_at)
         VALUES ('replies', ?1, 99, ?2, ?2)",
        rusqlite::params![COMMENT, NOW],
    )
    .unwrap();
    for (position, reply) in page.items.iter().enumerate() {
        let post = &reply.post;
        conn.execute(
            "INSERT INTO items (list_id, cid, level, page, position, text, create_time,
                 digg_count, author_uid, nickname, author_liked, by_video_author, is_hot,
                 is_folded, has_sticker, labels, ip_label, images, hashtags, first_seen,
                 last_seen)
             VALUES (1, ?1, 'reply', 1, ?2, ?3, ?4, ?5, NULL, ?6, 0, 0, 0, 0, 0, '[]', NULL,
                 '[]', '[]', ?7, ?7)",
            rusqlite::params![
                &*post.cid,
                position as i64,
                &*post.text,
                post.create_time,
                post.digg_count as i64,
                &*post.author.nickname,
                NOW
            ],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO items_fts (rowid, text, nickname) VALUES (last_insert_rowid(), ?1, ?2)",
            rusqlite::params![
                store::folded(&post.text),
                store::folded(&post.author.nickname)
            ],
        )
        .unwrap();
    }
}

#[test]
fn an_older_file_is_migrated_and_keeps_what_it_held() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    version_2_library(&path);
    let version = |path: &Path| -> i64 {
        Connection::open(path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(version(&path), 2);
    let opened = Library::open(&path, Duration::from_secs(3600)).unwrap();
    assert!(!opened.created && opened.set_aside.is_none());
    assert_eq!(version(&path), SCHEMA_VERSION);
    let library = opened.library.with_manual_index();
    // The index is rebuilt off the migration: until then the items are read directly.
    assert_eq!(library.unindexed().unwrap(), 10);
    assert_eq!(search(&library, "第1页第9条"), ["r1-9"]);
    assert_eq!(library.index_pending().unwrap(), 10);
    assert_eq!(library.unindexed().unwrap(), 0);
    assert_eq!(search(&library, "第1页第9条"), ["r1-9"]);
    assert_eq!(search(&library, "路人").len(), 10);
    let cached = library
        .get(HOST, &replies_call(1))
        .expect("the body as sent");
    assert!(matches!(cached.payload, Payload::Replies(ref page) if page.items.len() == 10));
    let list = ListKey::replies(COMMENT);
    assert_eq!(
        library.toggle_bookmark(&list, "r1-9", NOW).unwrap(),
        Some(true)
    );
    // New pages go in beside the old one, compressed.
    library.put(HOST, &replies_call(2), &ten(2), NOW).unwrap();
    assert_eq!(search(&library, "第2页第3条"), ["r2-3"]);
    let conn = Connection::open(&path).unwrap();
    let replies: i64 = conn
        .query_row("SELECT count(*) FROM replies", [], |r| r.get(0))
        .unwrap();
    assert_eq!(replies, 20, "the views came with the migrations");
    let encodings: Vec<Option<String>> = conn
        .prepare("SELECT encoding FROM pages ORDER BY page")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(encodings, [None, Some("zstd".to_owned())]);
}

#[test]
fn a_newer_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    drop(open(dir.path()));
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {}", SCHEMA_VERSION + 1))
            .unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = Library::open(&path, Duration::from_secs(60)).unwrap_err();
    assert_eq!(
        err,
        LibraryError::TooNew {
            path: path.clone(),
            found: SCHEMA_VERSION + 1,
            supported: SCHEMA_VERSION
        }
    );
    assert_eq!(fs::read(&path).unwrap(), before, "not a byte changed");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("damaged") || n.contains("foreign"))
        .collect();
    assert!(names.is_empty(), "nothing moved: {names:?}");
}

#[test]
fn a_damaged_file_is_moved_aside_and_a_new_library_started() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    fs::write(&path, b"this is not a database, it is a shopping list").unwrap();
    let opened = Library::open(&path, Duration::from_secs(60)).unwrap();
    let aside = opened.set_aside.expect("moved aside");
    assert!(matches!(aside.why, Unusable::Damaged { .. }), "{aside:?}");
    assert!(opened.created);
    let name = aside
        .moved_to
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(name.starts_with("library.sqlite3.damaged-20"), "{name}");
    assert_eq!(
        fs::read(&aside.moved_to).unwrap(),
        b"this is not a database, it is a shopping list",
        "kept, not deleted"
    );
    opened
        .library
        .put(HOST, &replies_call(1), &ten(1), NOW)
        .unwrap();
    assert_eq!(opened.library.stats().unwrap().replies, 10);
}

#[test]
fn another_programs_database_is_moved_aside_as_foreign() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('粥');")
            .unwrap();
    }
    let opened = Library::open(&path, Duration::from_secs(60)).unwrap();
    let aside = opened.set_aside.expect("moved aside");
    assert_eq!(aside.why, Unusable::Foreign);
    let kept = Connection::open(&aside.moved_to).unwrap();
    let name: String = kept
        .query_row("SELECT name FROM recipes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "粥");
}

#[test]
fn the_old_cache_folder_is_imported_once_then_its_entries_removed() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let thread = cache.join("pages").join(HOST).join(COMMENT);
    fs::create_dir_all(&thread).unwrap();
    let entry = |page: u32, body: &CheckedBody| {
        let header = json!({"version": 1, "fetched_at": NOW, "host": HOST,
            "kind": "replies", "id": COMMENT, "page": page});
        let mut bytes = serde_json::to_vec(&header).unwrap();
        bytes.push(b'\n');
        bytes.extend_from_slice(body.as_bytes());
        bytes
    };
    fs::write(thread.join("1.json"), entry(1, &ten(1))).unwrap();
    fs::write(thread.join("2.json"), entry(2, &ten(2))).unwrap();
    fs::write(thread.join("3.json"), b"half a he").unwrap();
    let logs = cache.join("logs");
    fs::create_dir_all(&logs).unwrap();
    fs::write(logs.join("douyin-threads.log"), b"log").unwrap();
    let library = open(dir.path());
    let imported = library.import_old_cache(&cache).unwrap().unwrap();
    assert_eq!(
        imported,
        Imported {
            pages: 2,
            skipped: 1,
            removed: 2
        }
    );
    let hit = library.get_fresh(HOST, &replies_call(2), NOW + 1).unwrap();
    assert_eq!(hit.fetched_at, NOW, "its fetch time came along");
    assert_eq!(library.stats().unwrap().replies, 20);
    assert!(!thread.join("1.json").exists() && !thread.join("2.json").exists());
    assert!(thread.join("3.json").exists(), "what did not import stays");
    assert!(
        logs.join("douyin-threads.log").exists(),
        "and so does what is not the cache's"
    );
    assert_eq!(library.import_old_cache(&cache).unwrap(), None, "only once");
}

/// The reader opens its library before the first frame and must not wait there for the
/// file to be made: opening later writes nothing, the first use makes it.
#[test]
fn a_library_opened_later_is_made_by_its_first_use_not_by_opening() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("data/douyin-threads");
    let path = folder.join(FILE_NAME);
    let opened = Library::open_later(&path, Duration::from_secs(60), None).unwrap();
    assert!(opened.created && opened.set_aside.is_none());
    assert!(!folder.exists(), "neither the file nor its folder yet");
    assert!(!opened.library.is_prepared());

    let clone = opened.library.clone();
    clone.put(HOST, &replies_call(1), &ten(1), NOW).unwrap();
    assert!(opened.library.is_prepared(), "clones share the making");
    assert_eq!(opened.library.stats().unwrap().replies, 10);
    let conn = Connection::open(&path).unwrap();
    let facts: (i64, i64, String) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id),
                    (SELECT user_version FROM pragma_user_version),
                    (SELECT journal_mode FROM pragma_journal_mode)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        facts,
        (schema::APPLICATION_ID, SCHEMA_VERSION, "wal".into())
    );

    // A library already made and at this version has nothing left for its first use.
    let again = Library::open_later(&path, Duration::from_secs(60), None).unwrap();
    assert!(!again.created && again.library.is_prepared());
}

#[test]
fn opening_later_still_refuses_a_newer_file_and_moves_a_foreign_one_aside_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    drop(open(dir.path()));
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {}", SCHEMA_VERSION + 1))
            .unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = Library::open_later(&path, Duration::from_secs(60), None).unwrap_err();
    assert!(matches!(err, LibraryError::TooNew { found, .. } if found == SCHEMA_VERSION + 1));
    assert_eq!(fs::read(&path).unwrap(), before, "not a byte changed");

    fs::remove_file(&path).unwrap();
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE recipes (name TEXT)")
            .unwrap();
    }
    let opened = Library::open_later(&path, Duration::from_secs(60), None).unwrap();
    let aside = opened.set_aside.expect("moved aside at once");
    assert_eq!(aside.why, Unusable::Foreign);
    assert!(
        aside.moved_to.exists() && !path.exists(),
        "and nothing made yet"
    );
    assert_eq!(opened.library.stats().unwrap().replies, 0);
    assert!(path.exists(), "made by the first use");
}

/// An older library is migrated by the first use too: opening it reads its version only.
#[test]
fn an_older_library_opened_later_is_migrated_by_its_first_use() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    schema::prepare_to(&path, 2).unwrap();
    let version = || -> i64 {
        Connection::open(&path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    };
    let opened = Library::open_later(&path, Duration::from_secs(60), None).unwrap();
    assert!(!opened.created && !opened.library.is_prepared());
    assert_eq!(version(), 2);
    opened.library.prepare().unwrap();
    assert_eq!(version(), SCHEMA_VERSION);
}

#[test]
fn the_old_cache_folder_is_imported_by_the_first_use_of_a_library_opened_later() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let thread = cache.join("pages").join(HOST).join(COMMENT);
    fs::create_dir_all(&thread).unwrap();
    let header = json!({"version": 1, "fetched_at": NOW, "host": HOST,
        "kind": "replies", "id": COMMENT, "page": 1});
    let mut entry = serde_json::to_vec(&header).unwrap();
    entry.push(b'\n');
    entry.extend_from_slice(ten(1).as_bytes());
    fs::write(thread.join("1.json"), entry).unwrap();
    let path = dir.path().join(FILE_NAME);

    let opened = Library::open_later(&path, Duration::from_secs(60), Some(cache)).unwrap();
    assert!(
        thread.join("1.json").exists(),
        "nothing imported by opening"
    );
    let hit = opened.library.get_fresh(HOST, &replies_call(1), NOW + 1);
    assert_eq!(
        hit.map(|h| h.fetched_at),
        Some(NOW),
        "the first use found it"
    );
    assert!(!thread.join("1.json").exists(), "imported, then removed");
}

#[test]
fn what_is_not_a_file_at_the_library_path_is_refused_untouched() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let device = dir.path().join("null");
    let folder = dir.path().join("folder");
    fs::create_dir(&folder).unwrap();
    let made = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new(args[0])
            .args(&args[1..])
            .status()
            .is_ok_and(|s| s.success())
    };
    assert!(made(&["mkfifo".as_ref(), fifo.as_os_str()]), "mkfifo");
    let with_device = made(&[
        "mknod".as_ref(),
        device.as_os_str(),
        "c".as_ref(),
        "1".as_ref(),
        "3".as_ref(),
    ]);
    let mut paths = vec![(fifo.clone(), "a FIFO"), (folder.clone(), "a directory")];
    if with_device {
        paths.push((device.clone(), "a device"));
    } else {
        eprintln!("mknod is not permitted here: the device case is not tried");
    }
    for (path, kind) in paths {
        match Library::open(&path, Duration::from_secs(60)) {
            Err(LibraryError::NotAFile { what, .. }) => assert_eq!(what, kind),
            other => panic!("{kind}: {other:?}"),
        }
    }
    assert!(
        fs::metadata(&fifo).unwrap().file_type().is_fifo(),
        "the FIFO stays"
    );
    if with_device {
        assert!(fs::metadata(&device).unwrap().file_type().is_char_device());
    }
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.contains("journal") && !n.contains("damaged")),
        "nothing written beside them: {names:?}"
    );
}

#[test]
fn a_symlink_at_the_library_path_stays_a_link_to_where_the_library_lives() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("kept.sqlite3");
    let link = dir.path().join(FILE_NAME);
    fs::write(&target, b"a shopping list, not a database").unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let opened = Library::open(&link, Duration::from_secs(60)).unwrap();
    let aside = opened.set_aside.expect("the damaged target is set aside");
    assert_eq!(
        fs::read(&aside.moved_to).unwrap(),
        b"a shopping list, not a database",
        "kept, not deleted"
    );
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is still a link"
    );
    assert_eq!(fs::read_link(&link).unwrap(), target);
    opened
        .library
        .put(HOST, &replies_call(1), &ten(1), NOW)
        .unwrap();
    let again = Library::open(&link, Duration::from_secs(60)).unwrap();
    assert!(again.set_aside.is_none());
    assert_eq!(
        again.library.stats().unwrap().replies,
        10,
        "read through the link"
    );
}

#[test]
fn text_another_program_wrote_into_the_file_is_read_back_sanitized() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    library.put(HOST, &replies_call(1), &ten(1), NOW).unwrap();
    let conn = Connection::open(dir.path().join(FILE_NAME)).unwrap();
    conn.execute(
        "UPDATE items SET text = 'bell\u{7}then\u{1b}[2Jclear', nickname = 'n\u{1b}]0;x\u{7}'",
        [],
    )
    .unwrap();
    drop(conn);
    let items = library
        .items(&ListKey {
            kind: ListKind::Replies,
            key: COMMENT.into(),
        })
        .unwrap();
    assert!(!items.is_empty(), "the page's items are read back");
    for item in items {
        let post = item.post();
        for text in [&*post.text, &post.author.nickname] {
            assert!(!text.chars().any(char::is_control), "{text:?}");
        }
    }
}

#[test]
fn chinese_needles_read_the_stored_text_and_find_what_folding_would() {
    // Every character that folds to another, next to its fold: none of them is a
    // character a Chinese needle can hold, so reading the stored text loses nothing.
    for c in (0..=0x3_FFFFu32).filter_map(char::from_u32) {
        let folded = crate::text::fold_char(c);
        if folded != c {
            assert!(
                !super::query::folds_from_itself_only(folded),
                "{c:?} folds to {folded:?}"
            );
        }
        if super::query::folds_from_itself_only(c) {
            assert_eq!(folded, c, "{c:?} folds to itself");
        }
    }
}

#[test]
fn the_library_finds_exactly_what_the_lists_search_finds_folded_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    let items = [
        ("1", "Hello WORLD", "路人"),
        ("2", "ｈｅｌｌｏ\u{3000}ｗｏｒｌｄ", "ＡＢＣ"),
        ("3", "HeLLo 大理 trip", "abc"),
        ("4", "ΣΊΣΥΦΟΣ and ＤａＬｉ", "Ｘｙ"),
        ("5", "去大理看洱海", "DALI fan"),
    ];
    let body = replies_body(
        items
            .iter()
            .enumerate()
            .map(|(i, (cid, text, nick))| reply(cid, text, nick, NOW + i as i64))
            .collect(),
    );
    library.put(HOST, &replies_call(1), &body, NOW).unwrap();
    let terms = [
        "hello",
        "ＨＥＬＬＯ",
        "HeLlO",
        "o w",
        "o\u{3000}w",
        "lo 大",
        "σίσ",
        "ΣΊΣ",
        "abc",
        "ＡＢＣ",
        "Bc",
        "大理",
        "理",
        "dali",
        "ｄＡＬＩ",
        "DaLi f",
        "xy",
        "nothing",
    ];
    for term in terms {
        let needle = crate::text::Needle::new(term);
        let mut expected: Vec<String> = items
            .iter()
            .filter(|(_, text, nick)| needle.is_in(text) || needle.is_in(nick))
            .map(|(cid, _, _)| cid.to_string())
            .collect();
        expected.reverse(); // newest first
        assert_eq!(search(&library, term), expected, "{term:?}");
    }
}

#[test]
fn a_search_reads_page_by_page_and_counts_its_hits_up_to_a_cap() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    for page in 1..=3 {
        library
            .put(HOST, &replies_call(page), &ten(page), NOW)
            .unwrap();
    }
    let page = |offset: usize| -> Vec<String> {
        library
            .search(&SearchQuery {
                text: "页第".into(),
                limit: 12,
                offset,
                ..SearchQuery::default()
            })
            .unwrap()
            .into_iter()
            .map(|hit| hit.item.post().cid.to_string())
            .collect()
    };
    let (first, second, third) = (page(0), page(12), page(24));
    assert_eq!((first.len(), second.len(), third.len()), (12, 12, 6));
    let all: Vec<String> = [first, second, third].concat();
    assert_eq!(
        all,
        search(&library, "页第"),
        "the pages make the whole, in order"
    );
    let query = SearchQuery {
        text: "页第".into(),
        ..SearchQuery::default()
    };
    assert_eq!(library.count(&query, 1_000).unwrap(), 30);
    assert_eq!(library.count(&query, 7).unwrap(), 7, "counted no further");
    assert!(!library.is_empty().unwrap());
    assert!(open(&dir.path().join("other")).is_empty().unwrap());
}

#[test]
fn a_hit_names_its_list_by_the_videos_title_or_the_comments_text() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    let comment = json!({"cid": COMMENT, "text": "去大理吗", "create_time": NOW, "digg_count": 1,
                         "reply_comment_total": 3, "aweme_id": VIDEO,
                         "user": {"uid": "u0", "nickname": "楼主"}});
    library
        .put(HOST, &comments_call(1), &comments_body(vec![comment]), NOW)
        .unwrap();
    let body = replies_body(vec![reply("1", "我也想去", "山人", NOW)]);
    library.put(HOST, &replies_call(1), &body, NOW).unwrap();
    let hits = library
        .search(&SearchQuery {
            text: "我也想去".into(),
            limit: 10,
            ..SearchQuery::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].list_title.as_deref(), Some("去大理吗"));
}

#[test]
fn whom_a_reply_answers_and_its_authors_profile_fields_are_read_back_as_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    let mut answer = reply("2", "同感", "阿狸", NOW - 30);
    answer["reply_to_reply_id"] = "7251535176281932602".into();
    answer["reply_to_username"] = "小虎".into();
    answer["reply_to_userid"] = "63868108170".into();
    answer["user"]["follower_count"] = 12.into();
    answer["user"]["custom_verify"] = "认证".into();
    let body = replies_body(vec![reply("1", "hi", "小明", NOW - 60), answer]);
    library.put(HOST, &replies_call(1), &body, NOW).unwrap();
    let Payload::Replies(page) = library.get(HOST, &replies_call(1)).unwrap().payload else {
        panic!("a replies page")
    };
    let items = library.items(&ListKey::replies(COMMENT)).unwrap();
    let read: Vec<&Reply> = items
        .iter()
        .map(|item| match item {
            StoredItem::Reply { reply, .. } => reply,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        read,
        page.items.iter().collect::<Vec<_>>(),
        "field for field"
    );
    let answer = read[1];
    assert_eq!(answer.reply_to_cid(), Some("7251535176281932602"));
    assert_eq!(
        (answer.reply_to_name(), answer.reply_to_uid()),
        ("小虎", "63868108170")
    );
    let author = &answer.post.author;
    assert_eq!(author.signature(), "签名");
    assert_eq!(author.verification(), Some("认证"));
    assert_eq!(author.counts().follower_count, 12);
    assert!(!read[0].answers_reply() && read[0].reply_to.get().is_none());
}
