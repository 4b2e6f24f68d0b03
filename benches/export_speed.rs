//! How close a whole-video export comes to the time its requests need: a mock that answers
//! each request in 300 ms, exported with 1, 4 and 8 jobs. Two videos:
//! - **uniform**: 40 commented threads of 2 pages each (2 pages of comments, 80 of
//!   replies: 82 requests);
//! - **mixed**: 100 comments (5 pages), threads of 0 to 8 pages as real videos have them
//!   (a tenth of the comments hold half the replies): 175 requests.
//!
//! The ideal is requests ÷ jobs × 300 ms. Nothing can start before the first page of
//! comments answers, and a thread's pages come one after another, so the floor is above
//! it: for the uniform video at 4 jobs, 300 ms + ⌈81 ÷ 4⌉ × 300 ms = 6.6 s, 1.073× the ideal.
//!
//! `cargo bench --bench export_speed` (about 2 minutes); `EXPORT_SPEED_JOBS=4,8` runs only
//! those. Wall-clock ratios, not criterion samples: one export is seconds long, and what
//! matters is its ratio to the ideal.

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

/// A video: how many comments, and how many replies comment `n` (from 1) has.
#[derive(Clone, Copy)]
struct Shape {
    name: &'static str,
    comments: u32,
    replies: fn(u32) -> u32,
}

const UNIFORM: Shape = Shape {
    name: "uniform",
    comments: 40,
    replies: |_| 15,
};

const MIXED: Shape = Shape {
    name: "mixed",
    comments: 100,
    replies: |n| [0, 10, 0, 20, 5, 0, 40, 10, 0, 80][(n % 10) as usize],
};

impl Shape {
    /// Requests a whole export of it sends: its comment pages (20 a page), and 10 replies
    /// a page for each comment with replies.
    fn requests(self) -> u64 {
        let threads: u32 = (1..=self.comments)
            .map(|n| (self.replies)(n).div_ceil(10))
            .sum();
        u64::from(self.comments.div_ceil(20) + threads)
    }
}

fn sample(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Comments page `page` (20 a page).
fn comments_page(shape: Shape, page: u32) -> Value {
    let mut body = sample("get-video-comment-v1.json");
    let template = body["data"]["comments"][0].clone();
    let items: Vec<Value> = ((page - 1) * 20 + 1..=(page * 20).min(shape.comments))
        .map(|n| {
            let mut comment = template.clone();
            comment["cid"] = json!(format!("73100000000000{n:05}"));
            comment["reply_comment_total"] = json!((shape.replies)(n));
            comment
        })
        .collect();
    body["data"]["comments"] = json!(items);
    body["data"]["has_more"] = json!(u8::from(page * 20 < shape.comments));
    body
}

/// The replies under a comment of the shape, 10 a page.
struct Replies(Shape);

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
        let total = (self.0.replies)(comment[14..].parse().unwrap_or(0));
        let mut body = sample("get-video-sub-comment-v1.json");
        let template = body["data"]["comments"][0].clone();
        let range = (page - 1) * 10 + 1..=(page * 10).min(total);
        let items: Vec<Value> = range
            .map(|n: u32| {
                let mut reply = template.clone();
                reply["cid"] = json!(format!("{}{n:03}", &comment[..16]));
                reply
            })
            .collect();
        body["data"]["comments"] = json!(items);
        body["data"]["has_more"] = json!(u8::from(page * 10 < total));
        ResponseTemplate::new(200)
            .set_body_json(body)
            .set_delay(LATENCY)
    }
}

async fn server(shape: Shape) -> MockServer {
    let server = MockServer::start().await;
    for page in 1..=shape.comments.div_ceil(20) {
        Mock::given(method("GET"))
            .and(path("/api/douyin/get-video-comment/v1"))
            .and(query_param("page", page.to_string()))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(comments_page(shape, page))
                    .set_delay(LATENCY),
            )
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/api/douyin/get-video-sub-comment/v1"))
        .respond_with(Replies(shape))
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
    let jobs: Vec<usize> = std::env::var("EXPORT_SPEED_JOBS")
        .unwrap_or_else(|_| "1,4,8".into())
        .split(',')
        .map(|n| n.trim().parse().expect("EXPORT_SPEED_JOBS: numbers"))
        .collect();
    runtime.block_on(async {
        println!("export of a video, 300 ms a request");
        for shape in [UNIFORM, MIXED] {
            let server = server(shape).await;
            for &jobs in &jobs {
                let (took, requests) = export(&server, jobs, &dir.path().join("v.jsonl")).await;
                assert_eq!(requests, shape.requests(), "each page once");
                let ideal = LATENCY.as_secs_f64() * requests as f64 / jobs as f64;
                println!(
                    "{} jobs {jobs}: {requests} requests in {:.2} s; ideal {ideal:.2} s; ratio {:.3}",
                    shape.name,
                    took.as_secs_f64(),
                    took.as_secs_f64() / ideal
                );
            }
        }
    });
}
