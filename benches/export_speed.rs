//! How close a whole-video export comes to the time its requests need: a mock that answers
//! each request in 300 ms, a video whose 40 commented threads need 2 pages each (2 pages of
//! comments, 80 of replies), exported with 1, 4 and 8 jobs. The ideal is
//! requests ÷ jobs × 300 ms; the target is within 1.3× of it at 4 jobs.
//!
//! `cargo bench --bench export_speed` (about 40 s). Wall-clock ratios, not criterion
//! samples: one export is seconds long, and what matters is its ratio to the ideal.

use douyin_threads::api::{Client, ClientConfig, Token};
use douyin_threads::export::output::Destination;
use douyin_threads::export::record::Format;
use douyin_threads::export::{Options, Outcome, run};
use douyin_threads::source::PageSource;
use douyin_threads::target::Target;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const VIDEO: &str = "7300000000000000001";
const LATENCY: Duration = Duration::from_millis(300);
const COMMENTS: u32 = 40;

fn sample(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Comments page `page` (20 a page), every comment with 15 replies.
fn comments_page(page: u32) -> Value {
    let mut body = sample("get-video-comment-v1.json");
    let template = body["data"]["comments"][0].clone();
    let items: Vec<Value> = ((page - 1) * 20 + 1..=page * 20)
        .map(|n| {
            let mut comment = template.clone();
            comment["cid"] = json!(format!("73100000000000{n:05}"));
            comment["reply_comment_total"] = json!(15);
            comment
        })
        .collect();
    body["data"]["comments"] = json!(items);
    body["data"]["has_more"] = json!(u8::from(page * 20 < COMMENTS));
    body
}

/// Two pages of replies under any comment: 10, then 5.
struct Replies;

impl Respond for Replies {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let param = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        let (comment, page) = (param("commentId"), param("page"));
        let page: u32 = page.parse().unwrap_or(1);
        let mut body = sample("get-video-sub-comment-v1.json");
        let template = body["data"]["comments"][0].clone();
        let range = if page == 1 { 1..=10 } else { 11..=15 };
        let items: Vec<Value> = range
            .map(|n: u32| {
                let mut reply = template.clone();
                reply["cid"] = json!(format!("{}{n:03}", &comment[..16]));
                reply
            })
            .collect();
        body["data"]["comments"] = json!(items);
        body["data"]["has_more"] = json!(u8::from(page == 1));
        ResponseTemplate::new(200)
            .set_body_json(body)
            .set_delay(LATENCY)
    }
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    for page in 1..=COMMENTS.div_ceil(20) {
        Mock::given(method("GET"))
            .and(path("/api/douyin/get-video-comment/v1"))
            .and(query_param("page", page.to_string()))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(comments_page(page))
                    .set_delay(LATENCY),
            )
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/api/douyin/get-video-sub-comment/v1"))
        .respond_with(Replies)
        .mount(&server)
        .await;
    server
}

async fn export(server: &MockServer, jobs: usize, out: &std::path::Path) -> (Duration, u64) {
    let token = Token::new("bench-token").unwrap();
    let client = Client::new(ClientConfig::new(server.uri(), token)).unwrap();
    let source = PageSource::Api {
        client,
        cache: None,
    };
    let options = Options {
        format: Format::Jsonl,
        destination: Destination::File(out.to_path_buf()),
        max_pages: None,
        jobs,
        partial: false,
        anonymizer: None,
        refresh: false,
        progress: false,
    };
    let target = Target::Video {
        id: douyin_threads::VideoId::parse(VIDEO).unwrap(),
        title: None,
    };
    let started = Instant::now();
    let report = run(target, source, options).await.unwrap();
    assert_eq!(report.outcome, Outcome::Complete, "{}", report.summary());
    (started.elapsed(), report.sent)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    runtime.block_on(async {
        let server = server().await;
        println!("export of a video: 40 threads of 2 pages, 300 ms a request");
        for jobs in [1, 4, 8] {
            let (took, requests) = export(&server, jobs, &dir.path().join("v.jsonl")).await;
            let ideal = LATENCY.as_secs_f64() * requests as f64 / jobs as f64;
            println!(
                "jobs {jobs}: {requests} requests in {:.2} s; ideal {ideal:.2} s; ratio {:.2}",
                took.as_secs_f64(),
                took.as_secs_f64() / ideal
            );
        }
    });
}
