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
fn a_row_another_program_spoiled_costs_its_own_oddity_not_the_whole_search() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let library = open(&path);
    let list = "7310000000000000005";
    let call = Call::Replies {
        comment: CommentId::parse(list).unwrap(),
        page: 1,
    };
    library
        .put(HOST, &call, &checked(numbered_page(list, 1)), NOW)
        .unwrap();
    // Another tool writes text that is not UTF-8, a blob, numbers as text and a key with
    // an escape into the rows.
    let other = rusqlite::Connection::open(&path).unwrap();
    other
        .execute_batch(&format!(
            "UPDATE items SET text = CAST(x'80e5a4a7ff' AS TEXT), nickname = x'00ff',
                 digg_count = '12', create_time = 'soon'
             WHERE cid = '{list}-1-0';
             UPDATE items SET labels = 'not json', images = 7 WHERE cid = '{list}-1-1';
             UPDATE lists SET key = key || char(27) || '[2J', video_id = x'1b5d';"
        ))
        .unwrap();
    drop(other);

    let hits = library
        .search(&SearchQuery {
            limit: 100,
            ..SearchQuery::default()
        })
        .expect("the search reads every row");
    assert_eq!(hits.len(), ITEMS_PER_PAGE as usize);
    let spoiled = hits
        .iter()
        .find(|hit| *hit.item.post().cid == format!("{list}-1-0"))
        .unwrap();
    assert_eq!(&*spoiled.item.post().text, "\u{fffd}大\u{fffd}");
    assert_eq!(spoiled.item.post().digg_count, 12);
    assert_eq!(spoiled.item.post().create_time, 0);
    assert_eq!(
        spoiled.list.key, list,
        "the escape is gone from the key, whole"
    );
    let video = spoiled.video.as_deref().unwrap();
    assert!(!video.chars().any(char::is_control), "{video:?}");
    let recent = library.recent_lists(10).unwrap();
    assert_eq!(recent[0].list.key, list);
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

// ---------------------------------------------------------------------------------------
// The headless commands, with the real binary: `search`, `library`, `library forget`,
// `--library PATH`, and the old cache folder brought in at first start.

mod commands {
    use super::super::support::*;

    /// 25 replies, three pages of 10.
    const THREAD: MockThread = MockThread {
        replies: 25,
        per_page: 10,
    };

    fn run(home: &Home, args: &[&str]) -> std::process::Output {
        tokio::task::block_in_place(|| home.command().args(args).output().expect("it runs"))
    }

    fn stdout(output: &std::process::Output) -> String {
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Exports the whole thread from the mock (3 billed calls), which fills the library.
    async fn an_exported_thread() -> (wiremock::MockServer, Home) {
        let server = wiremock::MockServer::start().await;
        THREAD.mount(&server).await;
        let home = Home::new();
        let uri = server.uri();
        let args = [
            "--token",
            TOKEN,
            "--base-url",
            &uri,
            "export",
            CID,
            "-o",
            "t.jsonl",
        ];
        let output = run(&home, &args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(pages_sent(&server).await, [1, 2, 3]);
        (server, home)
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn search_finds_every_exported_reply_with_no_token_and_no_request() {
        let (server, home) = an_exported_thread().await;

        let output = run(&home, &["search", "in the TEST thread", "--limit", "100"]);
        assert!(output.status.success(), "{output:?}");
        let text = stdout(&output);
        assert_eq!(text.lines().count(), 25, "{text}");
        assert!(text.contains(&MockThread::text(25)), "{text}");
        assert!(text.contains("user025"), "{text}");

        let output = run(&home, &["search", "reply 007", "--format", "jsonl"]);
        let lines: Vec<serde_json::Value> = stdout(&output)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert_eq!(lines[0]["kind"], "reply");
        assert_eq!(lines[0]["comment_cid"], CID);
        assert_eq!(lines[0]["text"], MockThread::text(7));
        assert_eq!(lines[0]["user"]["nickname"], "user007");

        let output = run(
            &home,
            &["search", "reply 00", "--author", "user00", "--limit", "3"],
        );
        assert_eq!(stdout(&output).lines().count(), 3, "{output:?}");

        let output = run(&home, &["search", "nowhere to be found"]);
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        assert_eq!(stdout(&output), "");

        assert_eq!(sent(&server).await.len(), 3, "searching sent nothing");
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn library_says_where_it_is_and_what_it_holds_and_forgets_a_list() {
        let (server, home) = an_exported_thread().await;

        let text = stdout(&run(&home, &["library"]));
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some(&*home.library_file().display().to_string())
        );
        assert!(
            text.contains("0 videos, 0 comments, 25 replies, "),
            "{text}"
        );
        assert!(text.contains("Page bodies: 3, "), "{text}");

        let output = run(&home, &["library", "forget", CID]);
        assert!(output.status.success(), "{output:?}");
        let text = stdout(&output);
        assert!(
            text.contains("25 items and 3 page bodies removed"),
            "{text}"
        );
        let text = stdout(&run(&home, &["library"]));
        assert!(text.contains("0 replies"), "{text}");
        assert_eq!(run(&home, &["search", "reply"]).status.code(), Some(1));
        assert_eq!(sent(&server).await.len(), 3);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn forget_takes_a_share_text_the_library_resolved_and_never_sends_a_request() {
        let server = wiremock::MockServer::start().await;
        // Two comments with 12 replies each; the replies mock answers for any comment.
        MockVideo { comments: 2 }.mount(&server).await;
        MockThread {
            replies: 12,
            per_page: 10,
        }
        .mount(&server)
        .await;
        let home = Home::new();
        let uri = server.uri();
        let share = share_text();
        let args = ["--token", TOKEN, "--base-url", &uri, "export", &share];
        let output = run(&home, &args);
        assert!(output.status.success(), "{output:?}");
        let before = sent(&server).await.len();
        assert_eq!(
            before,
            1 + 1 + 2 * 2,
            "the link, the comments, two pages each"
        );
        assert!(stdout(&run(&home, &["library"])).contains("2 comments, 24 replies"));

        // The same share text, given with a token and a server that would answer: the
        // library's own lookup says which video it is.
        let args = [
            "--token",
            TOKEN,
            "--base-url",
            &uri,
            "library",
            "forget",
            &share,
        ];
        let output = run(&home, &args);
        assert!(output.status.success(), "{output:?}");
        let text = stdout(&output);
        assert!(
            text.contains(&format!("Forgot the comments of video {VIDEO}: 2 items")),
            "{text}"
        );
        assert!(stdout(&run(&home, &["library"])).contains("0 comments, 24 replies"));

        // A link the library never resolved: said, nothing sent, nothing forgotten.
        let unknown = "https://v.douyin.com/zZyYxX9/";
        let args = [
            "--token",
            TOKEN,
            "--base-url",
            &uri,
            "library",
            "forget",
            unknown,
        ];
        let output = run(&home, &args);
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(
            said.contains(
                "the library has no record of the share link https://v.douyin.com/zZyYxX9/"
            ),
            "{said}"
        );
        assert!(said.contains("nothing was sent"), "{said}");
        assert!(stdout(&run(&home, &["library"])).contains("0 comments, 24 replies"));

        assert_eq!(sent(&server).await.len(), before, "forgetting sent nothing");
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn library_path_puts_the_library_where_it_says() {
        let server = wiremock::MockServer::start().await;
        THREAD.mount(&server).await;
        let home = Home::new();
        let elsewhere = home.root().join("my library.db");
        let uri = server.uri();
        let path = elsewhere.display().to_string();
        let args = [
            "--library",
            &path,
            "--token",
            TOKEN,
            "--base-url",
            &uri,
            "export",
            CID,
        ];
        assert!(run(&home, &args).status.success());
        assert!(elsewhere.is_file());
        assert!(
            !home.library_file().exists(),
            "nothing in the default place"
        );
        let text = stdout(&run(&home, &["library", "--library", &path]));
        assert!(text.starts_with(&format!("{path}\n")), "{text}");
        assert!(text.contains("25 replies"), "{text}");
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_old_cache_folder_is_read_once_and_then_removed() {
        let server = wiremock::MockServer::start().await;
        THREAD.mount(&server).await;
        let home = Home::new();
        // What the page cache wrote: a header line, then the body as the service sent it.
        let host = server.address().to_string();
        let folder = home
            .cache_dir()
            .join("pages")
            .join(host.replace(':', "_"))
            .join(CID);
        std::fs::create_dir_all(&folder).unwrap();
        for page in 1..=THREAD.pages() {
            let header = serde_json::json!({"version": 1, "fetched_at": jiff::Timestamp::now().as_second(),
                "host": host, "kind": "replies", "id": CID, "page": page});
            let mut bytes = serde_json::to_vec(&header).unwrap();
            bytes.push(b'\n');
            bytes.extend(serde_json::to_vec(&THREAD.body(page)).unwrap());
            std::fs::write(folder.join(format!("{page}.json")), bytes).unwrap();
        }

        let uri = server.uri();
        let args = [
            "--token",
            TOKEN,
            "--base-url",
            &uri,
            "export",
            CID,
            "-o",
            "t.jsonl",
        ];
        let output = run(&home, &args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            sent(&server).await.len(),
            0,
            "every page came from the old cache"
        );
        assert_eq!(home.cached_pages().len(), 3);
        assert!(
            !folder.join("1.json").exists(),
            "the folder's entries are gone"
        );
        assert!(!home.cache_dir().join("pages").exists());
        let exported = std::fs::read_to_string(home.root().join("t.jsonl")).unwrap();
        assert_eq!(exported.lines().count(), 25);
    }
}
