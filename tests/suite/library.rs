//! The library as other processes see it: hostile text round-trips byte for byte through
//! the store and the search; a writer killed mid-page leaves each page whole or absent;
//! two processes writing at once both get every item in.
//!
//! The writers are this test binary run again as a child on one ignored test,
//! [`library_writer_child`], told what to write through the environment.

use super::hostile::{item, page_body, reply_cid, texts};
use douyin_threads::CommentId;
use douyin_threads::api::{Call, Payload, Token, decode_replies};
use douyin_threads::library::{FILE_NAME, Library, ListKey, SearchQuery, StoredItem};
use serde_json::json;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const HOST: &str = "api.justoneapi.com";
const NOW: i64 = 1_700_000_000;
const ITEMS_PER_PAGE: u32 = 10;

fn open(path: &Path) -> Library {
    Library::open(path, Duration::from_secs(3600))
        .unwrap()
        .library
}

fn checked(body: Vec<u8>) -> douyin_threads::api::CheckedBody {
    Token::new("test-token").unwrap().check(body).unwrap()
}

#[test]
fn hostile_text_round_trips_byte_for_byte_through_the_store_and_the_search() {
    let dir = tempfile::tempdir().unwrap();
    let library = open(&dir.path().join(FILE_NAME));
    let comment = CommentId::parse("7310000000000000001").unwrap();
    let items: Vec<_> = (0..texts().len())
        .map(|i| item(i, reply_cid(i), json!({})))
        .collect();
    let body = page_body(items);
    let expected = decode_replies(&body).unwrap();
    let call = Call::Replies {
        comment: comment.clone(),
        page: 1,
    };
    library.put(HOST, &call, &checked(body), NOW).unwrap();

    let back = library.get(HOST, &call).unwrap();
    assert_eq!(back.payload, Payload::Replies(expected.clone()), "the body");
    let stored = library.items(&ListKey::replies(comment.as_str())).unwrap();
    assert_eq!(stored.len(), expected.items.len());
    for (row, reply) in stored.iter().zip(&expected.items) {
        let StoredItem::Reply { reply: row, .. } = row else {
            panic!("{row:?}")
        };
        assert_eq!(row, reply, "the row of {}", reply.post.cid);
    }
    for (reply, (name, _)) in expected.items.iter().zip(texts()) {
        // The whole cleaned text, as a reader would paste it, and its plain name.
        for query in [&*reply.post.text, *name] {
            let hits = library
                .search(&SearchQuery {
                    text: query.to_owned(),
                    limit: 1_000,
                    ..SearchQuery::default()
                })
                .unwrap();
            let hit = hits
                .iter()
                .find(|hit| hit.item.post().cid == reply.post.cid)
                .unwrap_or_else(|| panic!("{name}: {query:?} found {} others", hits.len()));
            assert_eq!(
                hit.item,
                StoredItem::Reply {
                    reply: reply.clone(),
                    comment_cid: comment.to_string(),
                }
            );
        }
    }
}

/// Replies body for page `page` of list `list`: ten items `{list}-{page}-{n}`.
fn numbered_page(list: &str, page: u32) -> Vec<u8> {
    let items: Vec<_> = (0..ITEMS_PER_PAGE)
        .map(|n| {
            json!({
                "cid": format!("{list}-{page}-{n}"),
                "text": format!("进程写的第{page}页第{n}条"),
                "create_time": NOW + i64::from(page),
                "user": {"uid": format!("u{n}"), "nickname": "写手"},
            })
        })
        .collect();
    serde_json::to_vec(&json!({"code": 0, "data": {"comments": items, "has_more": 1}})).unwrap()
}

/// Run as a child by the tests below: writes pages 1 to `DT_LIBRARY_PAGES` (0: until it
/// is killed) of the replies to `DT_LIBRARY_LIST` into the library at `DT_LIBRARY_PATH`.
#[test]
#[ignore = "a child process of the library tests"]
fn library_writer_child() {
    let (Ok(path), Ok(list), Ok(pages)) = (
        std::env::var("DT_LIBRARY_PATH"),
        std::env::var("DT_LIBRARY_LIST"),
        std::env::var("DT_LIBRARY_PAGES"),
    ) else {
        return;
    };
    let library = open(Path::new(&path));
    let pages: u32 = pages.parse().unwrap();
    let comment = CommentId::parse(&list).unwrap();
    let mut page = 1;
    while pages == 0 || page <= pages {
        let call = Call::Replies {
            comment: comment.clone(),
            page,
        };
        let body = checked(numbered_page(&list, page));
        library.put(HOST, &call, &body, NOW).unwrap();
        page += 1;
    }
}

fn writer(path: &Path, list: &str, pages: u32) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "suite::library::library_writer_child",
            "--ignored",
            "--test-threads=1",
        ])
        .env("DT_LIBRARY_PATH", path)
        .env("DT_LIBRARY_LIST", list)
        .env("DT_LIBRARY_PAGES", pages.to_string())
        .stdout(Stdio::null())
        .spawn()
        .unwrap()
}

/// Pages whose body is stored, and for each, how many of its items are rows.
fn pages_and_items(path: &Path) -> Vec<(u32, u32)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.busy_timeout(Duration::from_secs(30)).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT p.page, (SELECT count(*) FROM items i WHERE i.page = p.page)
             FROM pages p ORDER BY p.page",
        )
        .unwrap();
    statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_writer_killed_mid_page_leaves_every_page_with_all_its_items_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    drop(open(&path));
    let mut child = writer(&path, "7310000000000000002", 0);
    // Wait (on what the writer committed) until it is well into its loop, then kill it.
    let mut seen = 0;
    for _ in 0..6_000 {
        seen = pages_and_items(&path).len();
        if seen >= 30 {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(seen >= 30, "the writer never got going ({seen} pages)");
    child.kill().unwrap();
    child.wait().unwrap();

    let library = open(&path);
    let rows = pages_and_items(&path);
    assert!(rows.len() >= 30);
    for (page, items) in &rows {
        assert_eq!(*items, ITEMS_PER_PAGE, "page {page} is whole");
    }
    let stats = library.stats().unwrap();
    assert_eq!(
        stats.replies,
        rows.len() as u64 * u64::from(ITEMS_PER_PAGE),
        "no item without its page"
    );
    let pages: Vec<u32> = rows.iter().map(|(page, _)| *page).collect();
    let expected: Vec<u32> = (1..=pages.len() as u32).collect();
    assert_eq!(
        pages, expected,
        "the pages committed are the first ones, in order"
    );
}

#[test]
fn two_processes_writing_at_once_both_get_every_item_in() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let lists = ["7310000000000000003", "7310000000000000004"];
    let pages = 60;
    let children: Vec<Child> = lists
        .iter()
        .map(|list| writer(&path, list, pages))
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success(), "a writer failed");
    }
    let library = open(&path);
    for list in lists {
        let items = library.items(&ListKey::replies(list)).unwrap();
        let mut cids: Vec<String> = items.iter().map(|i| i.post().cid.to_string()).collect();
        cids.sort();
        let mut expected: Vec<String> = (1..=pages)
            .flat_map(|page| (0..ITEMS_PER_PAGE).map(move |n| format!("{list}-{page}-{n}")))
            .collect();
        expected.sort();
        assert_eq!(cids, expected, "every item of {list}");
    }
    assert_eq!(library.stats().unwrap().page_bodies, 2 * u64::from(pages));
}
