//! Insights: `douyin-threads insights`, run as a person runs it against wiremock, in all three
//! formats (the JSON read back with serde_json), with the requests it sends counted and
//! none on a second run; and the corpus of hostile text through the segmenter.
//!
//! The thread served is small enough to count by hand: the numbers below were counted by
//! reading [`thread`], not by running the program.

use super::support::{COMMENTS_PATH, Home, REPLIES_PATH, TOKEN, VIDEO, failure, sent, sent_to};
use douyin_threads::api::{decode_comments, decode_replies};
use douyin_threads::insights::{Bucket, Insights, words};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Output;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const THREAD: &str = "7251524159191958327";

/// 2023-07-03 00:00 in Beijing.
const DAY: i64 = 1_688_313_600;

fn sample(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    serde_json::from_slice(&std::fs::read(path).expect("the sample")).expect("JSON")
}

/// One reply from the recorded sample, with what the analysis reads replaced.
#[allow(clippy::too_many_arguments)]
fn reply(n: u32, text: &str, uid: &str, nickname: &str, ip: &str, hour: i64, minute: i64) -> Value {
    let mut reply = sample("get-video-sub-comment-v1.json")["data"]["comments"][0].clone();
    reply["cid"] = json!(format!("72515{n:014}"));
    reply["text"] = json!(text);
    reply["reply_id"] = json!(THREAD);
    reply["create_time"] = json!(DAY + hour * 3_600 + minute * 60);
    reply["digg_count"] = json!(0);
    reply["is_author_digged"] = json!(false);
    reply["label_list"] = json!([]);
    reply["label_text"] = json!("");
    reply["ip_label"] = json!(ip);
    reply["user"]["uid"] = json!(uid);
    reply["user"]["nickname"] = json!(nickname);
    reply
}

/// Six replies on two pages, one evening:
///
/// | n | text                     | author | IP   | time  | likes | marks    |
/// |---|--------------------------|--------|------|-------|-------|----------|
/// | 1 | 好看好看，真的好看[捂脸] | 小明   | 广东 | 21:10 | 5     |          |
/// | 2 | 太好看了吧 @小红         | 小红   | 广东 | 21:30 | 12    | 作者赞过 |
/// | 3 | [捂脸][捂脸]笑死我了 #旅行 | 小明 | 浙江 | 21:45 | 0     |          |
/// | 4 | 好看👍👍                 | 阿强   | —    | 20:05 | 30    | 作者     |
/// | 5 | 一般般                   | 路人   | —    | 23:59 | 1     |          |
/// | 6 | 笑死 [捂脸] 👍           | 小红   | 广东 | 21:00 | 2     |          |
///
/// 好看 is in 3 replies (five times), [捂脸] in 3 (four times), 👍 in 2, 笑死 in 2; 广东 3,
/// 浙江 1, unknown 2; the peak is 21:00–22:00 with 4; 4 authors.
fn thread() -> [Vec<Value>; 2] {
    let mut r = [
        reply(
            1,
            "好看好看，真的好看[捂脸]",
            "1001",
            "小明",
            "广东",
            21,
            10,
        ),
        reply(2, "太好看了吧 @小红", "1002", "小红", "广东", 21, 30),
        reply(
            3,
            "[捂脸][捂脸]笑死我了 #旅行",
            "1001",
            "小明",
            "浙江",
            21,
            45,
        ),
        reply(4, "好看👍👍", "1003", "阿强", "", 20, 5),
        reply(5, "一般般", "1004", "路人", "", 23, 59),
        reply(6, "笑死 [捂脸] 👍", "1002", "小红", "广东", 21, 0),
    ];
    for (i, likes) in [5, 12, 0, 30, 1, 2].into_iter().enumerate() {
        r[i]["digg_count"] = json!(likes);
    }
    r[1]["is_author_digged"] = json!(true);
    r[3]["label_text"] = json!("作者");
    let [a, b, c, d, e, f] = r;
    [vec![a, b, c], vec![d, e, f]]
}

fn page(items: &[Value], has_more: bool, sample_name: &str) -> ResponseTemplate {
    let mut body = sample(sample_name);
    body["data"]["comments"] = json!(items);
    body["data"]["has_more"] = json!(u8::from(has_more));
    body["data"]["total"] = json!(6);
    ResponseTemplate::new(200).set_body_json(body)
}

async fn serve_thread(server: &MockServer, comment: &str) {
    let [first, second] = thread();
    for (n, (items, more)) in [(first, true), (second, false)].iter().enumerate() {
        Mock::given(method("GET"))
            .and(path(REPLIES_PATH))
            .and(query_param("commentId", comment))
            .and(query_param("page", (n + 1).to_string()))
            .respond_with(page(items, *more, "get-video-sub-comment-v1.json"))
            .mount(server)
            .await;
    }
}

/// Video [`VIDEO`]: three comments; the first has the thread above (6 replies), the second
/// counts none, the third 150 (served as the same six).
async fn serve_video(server: &MockServer) {
    let template = sample("get-video-comment-v1.json")["data"]["comments"][0].clone();
    let comments: Vec<Value> = [(1, 6, "好看的视频"), (2, 0, "路过"), (3, 150, "好看")]
        .into_iter()
        .map(|(n, replies, text)| {
            let mut comment = template.clone();
            comment["cid"] = json!(format!("73100000000000{n:05}"));
            comment["aweme_id"] = json!(VIDEO);
            comment["text"] = json!(text);
            comment["reply_comment_total"] = json!(replies);
            comment["ip_label"] = json!("北京");
            comment
        })
        .collect();
    let mut body = sample("get-video-comment-v1.json");
    body["data"]["comments"] = json!(comments);
    body["data"]["has_more"] = json!(0);
    body["data"]["total"] = json!(3);
    Mock::given(method("GET"))
        .and(path(COMMENTS_PATH))
        .and(query_param("awemeId", VIDEO))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
    serve_thread(server, "7310000000000000001").await;
    serve_thread(server, "7310000000000000003").await;
}

/// Runs `douyin-threads --token … --base-url … insights ARGS` in `home`, off the async
/// workers so the mock keeps answering.
async fn insights(home: &Home, server: &MockServer, args: &[&str]) -> Output {
    let mut cmd = home.command();
    cmd.args(["--token", TOKEN, "--base-url", &server.uri(), "insights"])
        .args(args);
    tokio::task::spawn_blocking(move || cmd.output().expect("the program runs"))
        .await
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The text report's row for `kind` and `label`, split on runs of spaces.
fn row(report: &str, kind: &str, label: &str) -> Vec<String> {
    report
        .lines()
        .map(|line| line.split("  ").map(str::trim).filter(|s| !s.is_empty()))
        .map(|cells| cells.map(str::to_owned).collect::<Vec<_>>())
        .find(|cells| {
            cells.first().map(String::as_str) == Some(kind)
                && cells.get(1).map(String::as_str) == Some(label)
        })
        .unwrap_or_else(|| panic!("no `{kind} {label}` row in:\n{report}"))
}

fn entry<'a>(list: &'a Value, label: &str) -> &'a Value {
    list.as_array()
        .expect("a list of entries")
        .iter()
        .find(|e| e["label"] == label)
        .unwrap_or_else(|| panic!("no {label} in {list}"))
}

#[tokio::test]
async fn a_thread_in_text_then_json_then_markdown_fetches_once() {
    let (server, home) = (MockServer::start().await, Home::new());
    serve_thread(&server, THREAD).await;

    let text = insights(&home, &server, &[THREAD]).await;
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    assert_eq!(sent(&server).await.len(), 2, "two pages, one request each");
    let report = stdout(&text);
    // One row per entry, its name and its count on the same line.
    assert_eq!(row(&report, "word", "好看")[2], "3");
    assert_eq!(row(&report, "word", "笑死")[2], "2");
    assert_eq!(row(&report, "sticker", "[捂脸]")[2], "3");
    assert_eq!(row(&report, "emoji", "👍")[2], "2");
    assert_eq!(row(&report, "hashtag", "#旅行")[2], "1");
    assert_eq!(row(&report, "mention", "@小红")[2], "1");
    assert_eq!(row(&report, "region", "广东")[2..], ["3", "50.0%"]);
    assert_eq!(row(&report, "region", "unknown")[2..], ["2", "33.3%"]);
    assert_eq!(row(&report, "hour", "2023-07-03 21:00")[2], "4");
    assert_eq!(row(&report, "peak", "21:00–22:00, 4 replies").len(), 2);
    assert_eq!(row(&report, "author", "小明")[2], "2");
    assert_eq!(row(&report, "authors", "4 different").len(), 2);
    assert_eq!(row(&report, "author-liked", "1 reply (作者赞过)").len(), 2);
    assert_eq!(row(&report, "by-video-author", "1 reply (作者)").len(), 2);
    assert_eq!(row(&report, "liked", "阿强")[2], "30");
    assert!(
        !report.contains("word  了") && !report.contains("word  我 "),
        "{report}"
    );
    assert!(
        stderr(&text).contains("Analysed 6 replies · 2 pages: 2 calls sent"),
        "{}",
        stderr(&text)
    );

    // Again as JSON: from the cache, with no request.
    let json = insights(&home, &server, &[THREAD, "--format", "json", "--top", "3"]).await;
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    assert_eq!(sent(&server).await.len(), 2, "no new request");
    assert!(stderr(&json).contains("0 calls sent, 0 billed, 2 from the cache"));
    let doc: Value = serde_json::from_str(&stdout(&json)).expect("one JSON document");
    assert_eq!(
        (doc["items"].as_u64(), doc["replies"].as_u64()),
        (Some(6), Some(6))
    );
    assert_eq!(doc["words"][0]["label"], "好看");
    assert_eq!(doc["words"][0]["count"], 3);
    assert!(doc["words"].as_array().unwrap().len() <= 3, "--top 3");
    assert_eq!(entry(&doc["stickers"], "[捂脸]")["count"], 3);
    assert_eq!(entry(&doc["emoji"], "👍")["count"], 2);
    assert_eq!(entry(&doc["regions"]["top"], "广东")["count"], 3);
    assert_eq!(entry(&doc["regions"]["top"], "广东")["share"], 0.5);
    assert_eq!(doc["regions"]["unknown"], 2);
    assert_eq!(doc["time"]["step"], "hour");
    assert_eq!(doc["time"]["peak"]["label"], "21:00–22:00");
    assert_eq!(doc["time"]["peak"]["count"], 4);
    assert_eq!(doc["time"]["first"]["beijing_time"], "2023-07-03 20:05");
    assert_eq!(doc["time"]["latest"]["author"], "路人");
    assert_eq!(doc["authors"]["distinct"], 4);
    assert_eq!(doc["most_liked"][0]["count"], 30);
    assert_eq!(doc["most_liked"][0]["text"], "好看👍👍");
    assert_eq!(doc["most_liked"][0]["cid"], "7251500000000000004");
    assert_eq!(
        (
            doc["author_liked"].as_u64(),
            doc["by_video_author"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert!(doc.get("reply_spread").is_none(), "replies have no replies");

    let md = insights(&home, &server, &[THREAD, "--format", "md"]).await;
    assert_eq!(md.status.code(), Some(0), "{}", stderr(&md));
    assert_eq!(sent(&server).await.len(), 2, "no new request");
    let report = stdout(&md);
    assert!(
        report
            .starts_with("# Insights into the replies to comment 7251524159191958327: 6 replies\n"),
        "{report}"
    );
    assert!(report.contains("\n## Where from: IP 属地\n"), "{report}");
    assert!(report.contains("\n| 广东 | 3 | 50.0% |\n"), "{report}");
    assert!(
        report.contains("\n- peak: 21:00–22:00, 4 replies\n"),
        "{report}"
    );
}

#[tokio::test]
async fn a_video_alone_costs_one_call_and_with_replies_one_more_per_page_of_each_thread() {
    let (server, home) = (MockServer::start().await, Home::new());
    serve_video(&server).await;

    let comments = insights(&home, &server, &["--video", VIDEO, "--format", "json"]).await;
    assert_eq!(comments.status.code(), Some(0), "{}", stderr(&comments));
    assert_eq!(sent(&server).await.len(), 1, "the comments page only");
    let doc: Value = serde_json::from_str(&stdout(&comments)).unwrap();
    assert_eq!(
        (doc["comments"].as_u64(), doc["replies"].as_u64()),
        (Some(3), Some(0))
    );
    assert_eq!(entry(&doc["words"], "好看")["count"], 2);
    let spread: Vec<u64> = doc["reply_spread"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["count"].as_u64().unwrap())
        .collect();
    assert_eq!(spread, [1, 1, 0, 1], "0, 1–9, 10–99, 100+");
    assert_eq!(doc["most_replied"][0]["count"], 150);

    let all = insights(
        &home,
        &server,
        &[&format!("v:{VIDEO}"), "--replies", "--format", "json"],
    )
    .await;
    assert_eq!(all.status.code(), Some(0), "{}", stderr(&all));
    assert_eq!(
        sent_to(&server, COMMENTS_PATH).await,
        1,
        "the comments came from the cache"
    );
    assert_eq!(
        sent_to(&server, REPLIES_PATH).await,
        4,
        "two threads of two pages"
    );
    let doc: Value = serde_json::from_str(&stdout(&all)).unwrap();
    assert_eq!(
        (doc["comments"].as_u64(), doc["replies"].as_u64()),
        (Some(3), Some(12))
    );
    // 好看 in two comments and in three replies of each thread.
    assert_eq!(entry(&doc["words"], "好看")["count"], 8);
    assert_eq!(entry(&doc["regions"]["top"], "广东")["count"], 6);
    assert_eq!(entry(&doc["regions"]["top"], "北京")["count"], 3);
    assert!(
        stderr(&all).contains("Analysed 3 comments and 12 replies"),
        "{}",
        stderr(&all)
    );
}

#[tokio::test]
async fn a_failed_page_prints_nothing_unless_partial_and_exits_as_export_does() {
    let (server, home) = (MockServer::start().await, Home::new());
    let [first, _] = thread();
    Mock::given(method("GET"))
        .and(path(REPLIES_PATH))
        .and(query_param("page", "1"))
        .respond_with(page(&first, true, "get-video-sub-comment-v1.json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(REPLIES_PATH))
        .and(query_param("page", "2"))
        .respond_with(failure(303, "quota"))
        .mount(&server)
        .await;

    let failed = insights(&home, &server, &[THREAD]).await;
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert_eq!(stdout(&failed), "");
    assert!(
        stderr(&failed).contains("Nothing was printed; --partial analyses what was fetched"),
        "{}",
        stderr(&failed)
    );
    let calls = sent(&server).await.len();
    assert_eq!(
        calls, 2,
        "page 1, then page 2 once: a final error is not retried"
    );

    let partial = insights(&home, &server, &[THREAD, "--partial"]).await;
    assert_eq!(partial.status.code(), Some(3), "{}", stderr(&partial));
    assert_eq!(
        sent(&server).await.len(),
        calls + 1,
        "page 1 from the cache, page 2 again"
    );
    assert_eq!(row(&stdout(&partial), "sticker", "[捂脸]")[2], "2");
    assert!(
        stderr(&partial).contains(&format!(
            "Missing: replies of comment {THREAD} from page 2 on"
        )),
        "{}",
        stderr(&partial)
    );
    assert!(
        stderr(&partial).contains("What was fetched is analysed"),
        "{}",
        stderr(&partial)
    );
}

/// The hostile corpus, decoded as the client decodes it, through every section: no panic, and
/// no label that carries a control, bidi or zero-width format character.
#[test]
fn hostile_text_goes_through_the_segmenter_and_every_section() {
    words::warm();
    assert!(words::is_warm());
    let replies = decode_replies(&super::hostile::replies_body())
        .unwrap()
        .items;
    let comments = decode_comments(&super::hostile::comments_body())
        .unwrap()
        .items;
    for insights in [
        Insights::of(&replies, 1_000),
        Insights::of(&comments, 1_000),
    ] {
        assert!(insights.total() > 0);
        let labels = [
            &insights.words,
            &insights.phrases,
            &insights.stickers,
            &insights.emoji,
            &insights.hashtags,
            &insights.mentions,
            &insights.regions,
            &insights.authors,
        ];
        for entry in labels.into_iter().flatten() {
            assert!(
                !entry.label.chars().any(douyin_threads::text::removes),
                "{:?}",
                entry.label
            );
            assert!(entry.count() > 0);
        }
        for (i, entry) in insights.words.iter().enumerate() {
            assert_eq!(insights.items_behind(Bucket::Word(i)).len(), entry.count());
        }
    }
    // The raw corpus, unsanitized, straight into the segmenter: no panic either.
    for (_, text) in super::hostile::texts() {
        words::pieces(text, |_| {});
    }
}
