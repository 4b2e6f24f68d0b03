//! `douyin-threads export`, run as a person runs it, against wiremock threads and videos:
//! both formats read back by real parsers, a whole video, the exit codes and messages of
//! final errors, atomic output, standard output, and a resume from the cache for free.

use super::support::{
    CID, COMMENTS_PATH, Home, REPLIES_PATH, SHARE_PATH, TOKEN, VIDEO, failure, mount_page,
    mount_share, sent, sent_to, share_text,
};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Output;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Text that breaks naive CSV writers and readers, and a cell a spreadsheet would run.
const TRICKY: &str = "他说：\"好，\"然后,\n又说\r\n再见";
const FORMULA: &str = "=HYPERLINK(\"http://evil.example\",\"点我\")";

/// Replies under any comment: `pages` pages of 10, where each page after the first starts
/// with the last reply of the page before (the service's pages overlap like that), so a
/// thread of `pages` pages holds `9 * pages + 1` distinct replies.
struct Threads {
    pages: u32,
}

impl Threads {
    fn distinct(&self) -> usize {
        9 * self.pages as usize + 1
    }

    /// Reply `n` (from 1) of comment `comment`.
    fn reply(comment: &str, n: u32) -> Value {
        let text = match n {
            1 => TRICKY.to_owned(),
            2 => FORMULA.to_owned(),
            n => format!("第{n}条回复, under {comment}"),
        };
        let mut reply = sample("get-video-sub-comment-v1.json")["data"]["comments"][0].clone();
        let tail = &comment[comment.len() - 4..];
        reply["cid"] = json!(format!("72{tail}{n:013}"));
        reply["text"] = json!(text);
        reply["reply_id"] = json!(comment);
        reply["user"]["nickname"] = json!(format!("用户{n}"));
        reply["user"]["uid"] = json!(format!("1000{n}"));
        reply
    }

    fn body(&self, comment: &str, page: u32) -> Value {
        let first = (page - 1) * 9 + 1;
        let last = if page == 1 { 10 } else { first + 9 };
        let replies: Vec<Value> = (first..=last.min(self.distinct() as u32))
            .map(|n| Threads::reply(comment, n))
            .collect();
        let mut body = sample("get-video-sub-comment-v1.json");
        body["data"]["comments"] = json!(replies);
        body["data"]["has_more"] = json!(u8::from(page < self.pages));
        body["data"]["total"] = json!(self.distinct());
        body
    }
}

impl Respond for Threads {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let param = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let comment = param("commentId").unwrap_or_default();
        let page: u32 = param("page").and_then(|p| p.parse().ok()).unwrap_or(1);
        ResponseTemplate::new(200).set_body_json(self.body(&comment, page))
    }
}

fn sample(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    serde_json::from_slice(&std::fs::read(path).expect("the sample")).expect("JSON")
}

/// Video [`VIDEO`] with `comments` comments, 20 a page; comment `n` has replies unless `n`
/// is a multiple of 3 (those are never fetched).
fn video_page(comments: u32, page: u32) -> Value {
    let template = sample("get-video-comment-v1.json")["data"]["comments"][0].clone();
    let first = (page - 1) * 20 + 1;
    let last = (page * 20).min(comments);
    let items: Vec<Value> = (first..=last)
        .map(|n| {
            let mut comment = template.clone();
            comment["cid"] = json!(comment_id(n));
            comment["aweme_id"] = json!(VIDEO);
            comment["text"] = json!(format!("评论 {n}"));
            comment["reply_comment_total"] = json!(if n % 3 == 0 { 0 } else { 19 });
            comment
        })
        .collect();
    let mut body = sample("get-video-comment-v1.json");
    body["data"]["comments"] = json!(items);
    body["data"]["has_more"] = json!(u8::from(last < comments));
    body["data"]["total"] = json!(comments);
    body
}

fn comment_id(n: u32) -> String {
    format!("73100000000000{n:05}")
}

async fn serve_threads(server: &MockServer, pages: u32) {
    Mock::given(method("GET"))
        .and(path(REPLIES_PATH))
        .respond_with(Threads { pages })
        .mount(server)
        .await;
}

async fn serve_video(server: &MockServer, comments: u32) {
    for page in 1..=comments.div_ceil(20) {
        Mock::given(method("GET"))
            .and(path(COMMENTS_PATH))
            .and(query_param("awemeId", VIDEO))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(video_page(comments, page)))
            .mount(server)
            .await;
    }
    mount_share(server).await;
}

/// Runs `douyin-threads --token … --base-url … export ARGS` in `home` (its working
/// directory is `home.root()`), off the async workers so the mock keeps answering.
async fn export(home: &Home, server: &MockServer, args: &[&str]) -> Output {
    let mut cmd = home.command();
    cmd.args(["--token", TOKEN, "--base-url", &server.uri(), "export"])
        .args(args);
    tokio::task::spawn_blocking(move || cmd.output().expect("the program runs"))
        .await
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn jsonl(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).expect("the export");
    text.lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect()
}

fn out(home: &Home, name: &str) -> PathBuf {
    home.root().join(name)
}

#[tokio::test]
async fn a_thread_exports_to_jsonl_each_reply_once_in_order() {
    let (server, home) = (MockServer::start().await, Home::new());
    serve_threads(&server, 3).await;
    let output = export(&home, &server, &[CID, "-o", "t.jsonl"]).await;
    assert!(output.status.success(), "{}", stderr(&output));

    let records = jsonl(&out(&home, "t.jsonl"));
    assert_eq!(
        records.len(),
        28,
        "3 overlapping pages of 10 hold 28 replies"
    );
    assert_eq!(
        records[0]["text"],
        TRICKY.replace('\r', ""),
        "as sent, minus the CR"
    );
    assert_eq!(
        records[1]["text"], FORMULA,
        "JSON keeps formula text as it is"
    );
    let texts: Vec<&str> = records
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts[27], format!("第28条回复, under {CID}"));
    for record in &records {
        assert_eq!(record["kind"], "reply");
        assert_eq!(record["comment_cid"], CID);
        assert!(
            record["user"]["nickname"]
                .as_str()
                .unwrap()
                .starts_with("用户")
        );
    }
    assert_eq!(
        sent_to(&server, REPLIES_PATH).await,
        3,
        "one request a page"
    );
    let said = stderr(&output);
    assert!(said.contains("Exported 28 replies to t.jsonl"), "{said}");
    assert!(
        said.contains("3 calls sent, 3 billed, 0 from the cache"),
        "{said}"
    );
}

#[tokio::test]
async fn csv_reads_back_with_a_bom_a_header_quoting_and_neutralised_formulas() {
    let (server, home) = (MockServer::start().await, Home::new());
    serve_threads(&server, 2).await;
    let output = export(&home, &server, &[CID, "-o", "t.csv"]).await;
    assert!(output.status.success(), "{}", stderr(&output));

    let bytes = std::fs::read(out(&home, "t.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a BOM for Excel");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 19);
    assert_eq!(&rows[0][column("text")], TRICKY.replace('\r', ""));
    assert_eq!(&rows[1][column("text")], format!("'{FORMULA}"));
    assert_eq!(&rows[0][column("comment_cid")], CID);
    assert_eq!(&rows[0][column("user_nickname")], "用户1");
    assert_eq!(&rows[0][column("kind")], "reply");
    assert_eq!(sent_to(&server, REPLIES_PATH).await, 2);
}

#[tokio::test]
async fn a_whole_video_from_its_share_text_comment_then_its_replies() {
    let (server, home) = (MockServer::start().await, Home::new());
    serve_video(&server, 25).await;
    serve_threads(&server, 2).await;
    let text = share_text();
    let output = export(&home, &server, &[&text, "-o", "v.jsonl", "--jobs", "3"]).await;
    assert!(output.status.success(), "{}", stderr(&output));

    let records = jsonl(&out(&home, "v.jsonl"));
    let with_replies = (1..=25).filter(|n| n % 3 != 0).count();
    assert_eq!(records.len(), 25 + with_replies * 19);
    // Reading order: each comment, then its replies.
    let mut expected_thread = None;
    for record in &records {
        assert_eq!(record["aweme_id"], VIDEO);
        match record["kind"].as_str().unwrap() {
            "comment" => expected_thread = Some(record["cid"].clone()),
            _ => assert_eq!(Some(record["comment_cid"].clone()), expected_thread),
        }
    }
    assert_eq!(records[0]["cid"], comment_id(1));
    assert_eq!(records[0]["reply_count"], 19);

    assert_eq!(sent_to(&server, SHARE_PATH).await, 1);
    assert_eq!(sent_to(&server, COMMENTS_PATH).await, 2);
    let asked: Vec<String> = sent(&server)
        .await
        .into_iter()
        .filter_map(|s| s.comment_id)
        .collect();
    assert_eq!(
        asked.len(),
        with_replies * 2,
        "two pages a thread, each once"
    );
    assert!(
        !asked.contains(&comment_id(3)),
        "a comment without replies is not fetched"
    );
}

#[tokio::test]
async fn final_errors_exit_1_with_the_plain_message_and_write_nothing() {
    for (code, needle) in [
        (100, "token was refused"),
        (303, "Daily quota exceeded"),
        (601, "Insufficient balance"),
    ] {
        let (server, home) = (MockServer::start().await, Home::new());
        mount_page(&server, 1, failure(code, "refused")).await;
        let output = export(&home, &server, &[CID, "-o", "t.csv"]).await;
        let said = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "code {code}: {said}");
        assert!(said.contains(needle), "code {code}: {said}");
        assert!(said.contains("Nothing was written"), "{said}");
        assert!(!said.contains("press r"), "no key to press here: {said}");
        assert!(!said.contains(TOKEN));
        assert_eq!(
            sent_to(&server, REPLIES_PATH).await,
            1,
            "code {code} is never retried"
        );
        assert_eq!(
            std::fs::read_dir(home.root())
                .unwrap()
                .flatten()
                .filter(|e| e.path().extension().is_some())
                .count(),
            0,
            "no file, no leftover"
        );
    }
}

#[tokio::test]
async fn a_failure_midway_leaves_no_file_unless_partial_which_says_what_is_missing() {
    let (server, home) = (MockServer::start().await, Home::new());
    serve_threads(&server, 3).await;
    mount_page(&server, 2, failure(303, "quota")).await;
    let output = export(&home, &server, &[CID, "-o", "t.jsonl"]).await;
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!out(&home, "t.jsonl").exists());
    let leftovers: Vec<_> = std::fs::read_dir(home.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("t.jsonl"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let output = export(&home, &server, &[CID, "-o", "t.jsonl", "--partial"]).await;
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{said}");
    assert_eq!(jsonl(&out(&home, "t.jsonl")).len(), 10, "page 1 is kept");
    assert!(
        said.contains(&format!("Missing: replies of comment {CID} from page 2 on")),
        "{said}"
    );
    // Page 1 came from the cache the second time: only page 2 was asked again.
    assert_eq!(
        super::support::pages_sent(&server).await,
        [1, 2, 2],
        "the second run paid only for what was missing"
    );
}

#[tokio::test]
async fn without_o_the_export_goes_to_standard_output() {
    let (server, home) = (MockServer::start().await, Home::new());
    serve_threads(&server, 1).await;
    let output = export(&home, &server, &[CID]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 10);
    assert!(
        text.lines()
            .all(|l| serde_json::from_str::<Value>(l).is_ok())
    );
    assert!(
        !stderr(&output).is_empty() && !text.contains("Exported"),
        "the summary is on stderr"
    );
}

#[tokio::test]
async fn the_same_export_again_resumes_from_the_cache_with_zero_calls() {
    let (server, home) = (MockServer::start().await, Home::new());
    serve_video(&server, 8).await;
    serve_threads(&server, 2).await;
    let args = ["--video", VIDEO, "-o", "first.csv"];
    let first = export(&home, &server, &args).await;
    assert!(first.status.success(), "{}", stderr(&first));
    let calls = sent(&server).await.len();
    assert_eq!(
        calls,
        1 + 6 * 2,
        "one comments page, six threads of two pages"
    );

    let again = export(&home, &server, &["--video", VIDEO, "-o", "again.csv"]).await;
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(sent(&server).await.len(), calls, "no new request");
    assert!(
        stderr(&again).contains("0 calls sent, 0 billed, 13 from the cache"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read(out(&home, "first.csv")).unwrap(),
        std::fs::read(out(&home, "again.csv")).unwrap()
    );
}

#[tokio::test]
async fn max_pages_cuts_every_list_and_says_so() {
    let (server, home) = (MockServer::start().await, Home::new());
    serve_video(&server, 30).await;
    serve_threads(&server, 3).await;
    let output = export(
        &home,
        &server,
        &["--video", VIDEO, "--max-pages", "1", "-o", "v.jsonl"],
    )
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    let records = jsonl(&out(&home, "v.jsonl"));
    let threads = (1..=20).filter(|n| n % 3 != 0).count();
    assert_eq!(records.len(), 20 + threads * 10);
    assert_eq!(sent(&server).await.len(), 1 + threads);
    assert!(
        stderr(&output).contains("stopped at --max-pages"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test]
async fn anonymize_hashes_ids_drops_names_and_keeps_people_apart() {
    let (server, home) = (MockServer::start().await, Home::new());
    serve_threads(&server, 1).await;
    let args = [CID, "-o", "a.jsonl", "--anonymize", "--salt", "s"];
    let output = export(&home, &server, &args).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let records = jsonl(&out(&home, "a.jsonl"));
    let uids: std::collections::BTreeSet<&str> = records
        .iter()
        .map(|r| r["user"]["uid"].as_str().unwrap())
        .collect();
    assert_eq!(uids.len(), 10, "each person keeps a pseudonym of their own");
    for record in &records {
        assert!(!record["user"]["uid"].as_str().unwrap().starts_with("1000"));
        assert_eq!(record["user"]["nickname"], Value::Null);
        assert_eq!(record["user"]["profile_url"], Value::Null);
    }
    let text = std::fs::read_to_string(out(&home, "a.jsonl")).unwrap();
    assert!(!text.contains("用户") && !text.contains(TOKEN));
}

#[tokio::test]
async fn a_bad_target_or_an_unwritable_path_is_refused_before_any_request() {
    let (server, home) = (MockServer::start().await, Home::new());
    serve_threads(&server, 1).await;
    let output = export(&home, &server, &["12ab"]).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("Nothing was sent"),
        "{}",
        stderr(&output)
    );
    let output = export(&home, &server, &[CID, "-o", "missing/dir/t.jsonl"]).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("Nothing was fetched"),
        "{}",
        stderr(&output)
    );
    assert_eq!(sent(&server).await.len(), 0);
}

/// What is at `path` itself, links not followed.
fn kind_at(path: &Path) -> std::fs::FileType {
    std::fs::symlink_metadata(path)
        .expect("still there")
        .file_type()
}

#[tokio::test]
async fn a_symlink_stays_a_link_and_its_target_gets_the_export() {
    let (server, home) = (MockServer::start().await, Home::new());
    serve_threads(&server, 1).await;
    std::fs::create_dir(out(&home, "data")).unwrap();
    std::fs::write(out(&home, "data/real.jsonl"), "old\n").unwrap();
    std::os::unix::fs::symlink("data/real.jsonl", out(&home, "link.jsonl")).unwrap();
    let output = export(&home, &server, &[CID, "-o", "link.jsonl"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        kind_at(&out(&home, "link.jsonl")).is_symlink(),
        "still a link"
    );
    assert_eq!(jsonl(&out(&home, "data/real.jsonl")).len(), 10);
    assert_eq!(sent_to(&server, REPLIES_PATH).await, 1);
    let names: Vec<String> = std::fs::read_dir(out(&home, "data"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["real.jsonl"], "no leftover beside the target");

    std::os::unix::fs::symlink("data/new.jsonl", out(&home, "ahead.jsonl")).unwrap();
    let output = export(&home, &server, &[CID, "-o", "ahead.jsonl"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        kind_at(&out(&home, "ahead.jsonl")).is_symlink(),
        "a link to nothing yet stays"
    );
    assert_eq!(
        jsonl(&out(&home, "data/new.jsonl")).len(),
        10,
        "made where it leads"
    );
}

#[tokio::test]
async fn a_fifo_is_written_through_to_the_reader_waiting_on_it() {
    use std::os::unix::fs::FileTypeExt;
    let (server, home) = (MockServer::start().await, Home::new());
    serve_threads(&server, 2).await;
    let fifo = out(&home, "pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo");
    // The test holds the FIFO open for writing too, so the reader gets its end of file
    // when the test lets go, whatever the export did (a FIFO replaced by a file would
    // otherwise leave the reader waiting forever).
    let holder = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .unwrap();
    let reader = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::read(fifo).expect("the reader reads to the end")
    });
    let output = export(&home, &server, &[CID, "-o", "pipe"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    drop(holder);
    let bytes = reader.join().unwrap();
    let lines: Vec<Value> = String::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 19, "the reader got the whole export");
    assert!(kind_at(&fifo).is_fifo(), "still a FIFO");
    assert_eq!(sent_to(&server, REPLIES_PATH).await, 2);
}

#[tokio::test]
async fn a_character_device_is_written_through_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let (server, home) = (MockServer::start().await, Home::new());
    serve_threads(&server, 1).await;
    // Made in the test's own directory: the real /dev is never touched.
    let (null, full) = (out(&home, "null"), out(&home, "full"));
    for (node, minor) in [(&null, "3"), (&full, "7")] {
        let made = std::process::Command::new("mknod")
            .arg(node)
            .args(["c", "1", minor])
            .output()
            .unwrap();
        if !made.status.success() {
            eprintln!(
                "skipped: mknod is not permitted here ({})",
                String::from_utf8_lossy(&made.stderr).trim()
            );
            return;
        }
    }
    let output = export(&home, &server, &[CID, "-o", "null"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(kind_at(&null).is_char_device(), "still a device");

    let output = export(&home, &server, &[CID, "-o", "full"]).await;
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("could not be written to full"), "{said}");
    assert!(kind_at(&full).is_char_device(), "still a device");
    assert_eq!(
        sent_to(&server, REPLIES_PATH).await,
        1,
        "the second export came from the cache"
    );
    let leftovers: Vec<_> = std::fs::read_dir(home.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[tokio::test]
async fn a_socket_is_refused_before_any_request() {
    use std::os::unix::fs::FileTypeExt;
    let (server, home) = (MockServer::start().await, Home::new());
    serve_threads(&server, 1).await;
    let socket = out(&home, "sock");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let output = export(&home, &server, &[CID, "-o", "sock"]).await;
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains("cannot write to sock: it is a socket"),
        "{said}"
    );
    assert!(said.contains("Nothing was fetched"), "{said}");
    assert!(kind_at(&socket).is_socket(), "still a socket");
    assert_eq!(sent(&server).await.len(), 0);
}

#[tokio::test]
async fn an_unwritable_path_is_named_as_given_not_by_a_temporary_name() {
    let (server, home) = (MockServer::start().await, Home::new());
    serve_threads(&server, 1).await;
    std::fs::write(out(&home, "plain"), "a file, not a directory").unwrap();
    for given in ["plain/x.csv", "missing/x.csv"] {
        let output = export(&home, &server, &[CID, "-o", given]).await;
        let said = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{said}");
        assert!(
            said.contains(&format!("cannot write to {given}:")),
            "{said}"
        );
        assert!(!said.contains(".part"), "no temporary name: {said}");
    }
    std::fs::create_dir(out(&home, "adir")).unwrap();
    let output = export(&home, &server, &[CID, "-o", "adir"]).await;
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(
        said.contains("cannot write to adir: it is a directory"),
        "{said}"
    );
    assert_eq!(sent(&server).await.len(), 0, "refused before any request");
}

#[tokio::test]
async fn a_video_without_comments_says_0_comments() {
    let (server, home) = (MockServer::start().await, Home::new());
    Mock::given(method("GET"))
        .and(path(COMMENTS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(video_page(0, 1)))
        .mount(&server)
        .await;
    let output = export(&home, &server, &["--video", VIDEO, "-o", "v.csv"]).await;
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{said}");
    assert!(said.contains("0 comments"), "{said}");
    assert!(
        said.contains(&format!("video {VIDEO} has no comments")),
        "{said}"
    );
    assert_eq!(sent_to(&server, COMMENTS_PATH).await, 1);
}

#[tokio::test]
async fn a_share_link_that_fails_does_not_suggest_partial() {
    let (server, home) = (MockServer::start().await, Home::new());
    Mock::given(method("GET"))
        .and(path(SHARE_PATH))
        .respond_with(failure(400, "bad link"))
        .mount(&server)
        .await;
    let output = export(&home, &server, &[&share_text(), "-o", "v.csv"]).await;
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(!said.contains("--partial"), "nothing to write: {said}");
    assert!(said.contains("nothing was fetched"), "{said}");
    assert_eq!(sent(&server).await.len(), 1);
}

#[tokio::test]
async fn a_cached_share_lookup_counts_as_from_the_cache() {
    let (server, home) = (MockServer::start().await, Home::new());
    serve_video(&server, 4).await;
    serve_threads(&server, 1).await;
    let text = share_text();
    let first = export(&home, &server, &[&text, "-o", "a.jsonl"]).await;
    assert!(first.status.success(), "{}", stderr(&first));
    let calls = sent(&server).await.len();
    assert_eq!(calls, 1 + 1 + 3, "the link, the comments, three threads");
    let again = export(&home, &server, &[&text, "-o", "b.jsonl"]).await;
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(sent(&server).await.len(), calls, "no new request");
    assert!(
        stderr(&again).contains(&format!("0 billed, {calls} from the cache")),
        "every answer the first run paid for: {}",
        stderr(&again)
    );
}

#[tokio::test]
async fn anonymize_replaces_mentions_of_the_people_the_export_knows() {
    let (server, home) = (MockServer::start().await, Home::new());
    let mut body = Threads { pages: 1 }.body(CID, 1);
    body["data"]["comments"][2]["text"] = json!("@用户1 说得对");
    body["data"]["comments"][3]["text"] = json!("回复 @外人 : 好");
    body["data"]["comments"][3]["reply_to_username"] = json!("外人");
    body["data"]["comments"][3]["reply_to_userid"] = json!("555");
    body["data"]["comments"][3]["reply_to_reply_id"] = json!("7200000000000000009");
    Mock::given(method("GET"))
        .and(path(REPLIES_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let args = [CID, "-o", "a.jsonl", "--anonymize", "--salt", "s"];
    let output = export(&home, &server, &args).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let records = jsonl(&out(&home, "a.jsonl"));
    let first = records[0]["user"]["uid"].as_str().unwrap();
    assert_eq!(
        records[2]["text"],
        format!("@{first} 说得对"),
        "an author's pseudonym"
    );
    let answered = records[3]["text"].as_str().unwrap();
    assert!(!answered.contains("外人"), "{answered}");
    let pseudonym = answered
        .strip_prefix("回复 @")
        .and_then(|rest| rest.strip_suffix(" : 好"))
        .unwrap_or_else(|| panic!("{answered}"));
    assert_eq!(pseudonym.len(), 16, "{answered}");
    assert!(
        pseudonym.bytes().all(|b| b.is_ascii_hexdigit()),
        "{answered}"
    );
    let text = std::fs::read_to_string(out(&home, "a.jsonl")).unwrap();
    assert!(!text.contains("用户") && !text.contains("外人"), "{text}");
    assert_eq!(sent_to(&server, REPLIES_PATH).await, 1);
}
