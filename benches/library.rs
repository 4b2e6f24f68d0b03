//! The library's numbers (issue 19): writing 100,000 replies (10,000 pages of ten, bodies
//! shaped like the recorded sample, about 6 KB an item, so the 200 MB limit evicts as it
//! goes) at 50,000 items a second or more; a Chinese substring search over 1,000,000
//! items in 50 ms or less (median) and 200 ms or less (worst of 20); and the bytes on disk
//! per reply once the page bodies are gone.
//!
//! `cargo bench --bench library` (building the 1,000,000-item library takes a while).
//! `LIBRARY_BENCH_ITEMS=100000` searches a smaller library, for a quick look;
//! `LIBRARY_BENCH_TIMED=1` runs only the runs timed by hand (no criterion groups);
//! `LIBRARY_BENCH_SAVE=PATH` keeps a copy of the searched library (for
//! `benches/startup_library.py`); `LIBRARY_BENCH_REUSE=PATH` searches a copy of the
//! library saved there instead of building one (and saves it there when there is none),
//! so alternating runs of two binaries search the same file;
//! `LIBRARY_BENCH_ONLY=search` (or `write`) runs only that half.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use douyin_threads::CommentId;
use douyin_threads::api::{Call, CheckedBody, Payload, Token, decode_replies};
use douyin_threads::library::{FILE_NAME, Library, SearchQuery};
use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};

const HOST: &str = "api.justoneapi.com";
const NOW: i64 = 1_700_000_000;
const PER_PAGE: usize = 10;
/// The phrase planted in one item in a thousand, and the one in a hundred.
const RARE: &str = "大理石";
const COMMON: &str = "洱海边";

fn template() -> Value {
    let path = format!(
        "{}/tests/fixtures/get-video-sub-comment-v1.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let body: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    body["data"]["comments"][0].clone()
}

/// Reproducible text of 8 to 40 common characters.
fn text(n: u64) -> String {
    const POOL: &str = "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感";
    let pool: Vec<char> = POOL.chars().collect();
    let mut state = n
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = || {
        state ^= state >> 33;
        state = state.wrapping_mul(0xff51afd7ed558ccd);
        state ^= state >> 33;
        state
    };
    let len = 8 + (next() % 33) as usize;
    let mut out: String = (0..len)
        .map(|_| pool[(next() % pool.len() as u64) as usize])
        .collect();
    if n % 1_000 == 7 {
        out.push_str(RARE);
    }
    if n % 100 == 3 {
        out.insert_str(0, COMMON);
    }
    out
}

/// Page `page` of the replies to `comment`, ten items numbered from `first`.
fn page_body(template: &Value, first: u64) -> CheckedBody {
    let items: Vec<Value> = (first..first + PER_PAGE as u64)
        .map(|n| {
            let mut item = template.clone();
            item["cid"] = json!(format!("{}", 7_400_000_000_000_000_000u64 + n));
            item["text"] = json!(text(n));
            item["create_time"] = json!(NOW - (n as i64 % 10_000_000));
            item["user"]["uid"] = json!(format!("{}", 1_000_000 + n % 50_000));
            item
        })
        .collect();
    let body = json!({"code": 0, "data": {"comments": items, "has_more": 1, "total": 100_000}});
    Token::new("bench-token")
        .unwrap()
        .check(serde_json::to_vec(&body).unwrap())
        .unwrap()
}

/// `pages` pages as (call, body, what it decodes to), 100 pages under each comment. The
/// program stores what the client already decoded, so decoding is not timed.
fn pages(from: u64, pages: u64, template: &Value) -> Vec<(Call, CheckedBody, Payload)> {
    (from..from + pages)
        .map(|p| {
            let call = Call::Replies {
                comment: CommentId::parse(&format!("{}", 7_300_000_000_000_000_000u64 + p / 100))
                    .unwrap(),
                page: (p % 100) as u32 + 1,
            };
            let body = page_body(template, p * PER_PAGE as u64);
            let payload = Payload::Replies(decode_replies(body.as_bytes()).unwrap());
            (call, body, payload)
        })
        .collect()
}

/// An item with only what the library keeps of most replies.
fn small_item() -> Value {
    json!({"cid": "", "text": "", "create_time": 0, "digg_count": 3,
        "user": {"uid": "", "nickname": "山间路人"}})
}

fn open(dir: &Path) -> Library {
    Library::open(dir.join(FILE_NAME), Duration::from_secs(3600))
        .unwrap()
        .library
}

/// Indexes what the writes left to the background indexer, now; answers the seconds.
fn catch_up(library: &Library) -> f64 {
    let started = Instant::now();
    library.index_pending().unwrap(); // new-api
    started.elapsed().as_secs_f64()
}

/// `LIBRARY_BENCH_TIMED=1`: only the runs timed by hand, no criterion groups.
fn timed_only() -> bool {
    std::env::var_os("LIBRARY_BENCH_TIMED").is_some()
}

/// Writes every page, one `put` each; prints the items a second, then the time the
/// index took to catch up on them.
fn timed_write(what: &str, library: &Library, bodies: &[(Call, CheckedBody, Payload)]) {
    let started = Instant::now();
    for (call, body, payload) in bodies {
        library.put_decoded(HOST, call, body, payload, NOW).unwrap();
    }
    let took = started.elapsed().as_secs_f64();
    let items = (bodies.len() * PER_PAGE) as f64;
    let index = catch_up(library);
    eprintln!(
        "library: wrote {items} {what} ({} pages) in {took:.2} s: {:.0} items/s; \
         the index caught up in {index:.2} s more (both: {:.0} items/s)",
        bodies.len(),
        items / took,
        items / (took + index)
    );
}

/// Whether `LIBRARY_BENCH_ONLY` leaves out this half (`write` or `search`).
fn skipped(half: &str) -> bool {
    std::env::var("LIBRARY_BENCH_ONLY").is_ok_and(|only| only != half)
}

fn write(c: &mut Criterion) {
    if skipped("write") {
        return;
    }
    let bodies = pages(0, 10_000, &template());
    if !timed_only() {
        let mut group = c.benchmark_group("library");
        group.sample_size(10);
        group.throughput(Throughput::Elements(100_000));
        group.bench_function("write 100,000 replies (10,000 pages)", |b| {
            b.iter_batched(
                || tempfile::tempdir().unwrap(),
                |dir| {
                    let library = open(dir.path());
                    for (call, body, payload) in &bodies {
                        library.put_decoded(HOST, call, body, payload, NOW).unwrap();
                    }
                    dir
                },
                BatchSize::PerIteration,
            )
        });
        group.finish();
    }

    // One more run, timed by hand, then the bytes per reply with the bodies gone.
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path());
    timed_write("replies", &library, &bodies);
    // The same with small bodies (cid, text, time, likes, a user): the items and their
    // index without 600 MB of bodies, to tell the two costs apart.
    let small_bodies = pages(0, 10_000, &small_item());
    let small_dir = tempfile::tempdir().unwrap();
    let small = open(small_dir.path());
    timed_write("small replies", &small, &small_bodies);
    let conn = rusqlite::Connection::open(library.path()).unwrap();
    let body_bytes: f64 = conn
        .query_row("SELECT total(bytes) FROM pages", [], |r| r.get(0))
        .unwrap();
    let sent: usize = bodies
        .iter()
        .map(|(_, body, _)| body.as_bytes().len())
        .sum();
    let kept: usize = bodies
        .iter()
        .rev()
        .take(1_000)
        .map(|(_, body, _)| body.as_bytes().len())
        .sum();
    eprintln!(
        "library: {:.0} MB of bodies sent, {:.0} MB stored at the end (the limit evicting); \
         the last 1,000 pages: {:.1} MB as sent",
        sent as f64 / 1e6,
        body_bytes / 1e6,
        kept as f64 / 1e6
    );
    library.clear_page_bodies().unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")
        .unwrap();
    let bytes = std::fs::metadata(library.path()).unwrap().len();
    let stats = library.stats().unwrap();
    eprintln!(
        "library: {} replies, bodies evicted: {} bytes on disk, {:.0} bytes a reply",
        stats.replies,
        bytes,
        bytes as f64 / stats.replies as f64
    );
    // Where they go, by table and index.
    let mut parts = conn
        .prepare(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name
             HAVING sum(pgsize) > 100000 ORDER BY 2 DESC",
        )
        .unwrap();
    let parts: Vec<(String, i64)> = parts
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (name, size) in parts {
        eprintln!(
            "library:   {name}: {:.0} bytes a reply",
            size as f64 / stats.replies as f64
        );
    }
}

/// A library of `items` small items in `dir`, indexed.
fn build(dir: &Path, items: u64) -> Library {
    let library = open(dir).with_max_size(50_000_000);
    let started = Instant::now();
    let chunk = 1_000;
    let total_pages = items / PER_PAGE as u64;
    // Small items: what the search reads is the same, and 6 GB of sample-shaped bodies
    // would only time the disk.
    let small = small_item();
    let mut from = 0;
    while from < total_pages {
        let count = chunk.min(total_pages - from);
        for (call, body, payload) in pages(from, count, &small) {
            library
                .put_decoded(HOST, &call, &body, &payload, NOW)
                .unwrap();
        }
        from += count;
    }
    let built = started.elapsed().as_secs_f64();
    let index = catch_up(&library);
    eprintln!(
        "library: built a {items}-item library in {built:.1} s, indexed in {index:.1} s more"
    );
    library
}

fn search(c: &mut Criterion) {
    let items: u64 = std::env::var("LIBRARY_BENCH_ITEMS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    if items == 0 || skipped("search") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let reuse = std::env::var_os("LIBRARY_BENCH_REUSE").map(std::path::PathBuf::from);
    let library = match reuse.as_deref().filter(|saved| saved.exists()) {
        Some(saved) => {
            // A copy: the end of this bench writes to it.
            std::fs::copy(saved, dir.path().join(FILE_NAME)).unwrap();
            let library = open(dir.path()).with_max_size(50_000_000);
            eprintln!("library: searching a copy of {}", saved.display());
            library
        }
        None => {
            let library = build(dir.path(), items);
            // `LIBRARY_BENCH_SAVE=PATH`: a copy of it, for benches/startup_library.py.
            if let Some(save) = std::env::var_os("LIBRARY_BENCH_SAVE")
                .map(std::path::PathBuf::from)
                .or(reuse)
            {
                let _ = std::fs::remove_file(&save);
                rusqlite::Connection::open(library.path())
                    .unwrap()
                    .execute("VACUUM INTO ?1", [save.to_string_lossy()])
                    .unwrap();
            }
            library
        }
    };
    let total_pages = items / PER_PAGE as u64;
    let small = small_item();
    let mut group = c.benchmark_group("library");
    group.sample_size(20);
    for (name, phrase) in [
        ("1 in 1,000", RARE),
        ("1 in 100", COMMON),
        ("2 characters", "大理"),
    ] {
        let query = SearchQuery {
            text: phrase.into(),
            limit: 50,
            ..SearchQuery::default()
        };
        let mut times: Vec<Duration> = (0..20)
            .map(|_| {
                let start = Instant::now();
                let hits = library.search(&query).unwrap();
                assert!(!hits.is_empty());
                start.elapsed()
            })
            .collect();
        times.sort();
        eprintln!(
            "library: search {phrase:?} ({name}) over {items} items: median {:.1} ms, worst of 20 {:.1} ms",
            times[10].as_secs_f64() * 1e3,
            times[19].as_secs_f64() * 1e3
        );
        if !timed_only() {
            group.bench_function(format!("search {name} over {items} items"), |b| {
                b.iter(|| library.search(&query).unwrap())
            });
        }
    }
    group.finish();
    // 10,000 more items the index has not caught up on yet: read directly by every search.
    let library = library.with_manual_index(); // new-api
    for (call, body, payload) in pages(total_pages, 1_000, &small) {
        library
            .put_decoded(HOST, &call, &body, &payload, NOW)
            .unwrap();
    }
    let query = SearchQuery {
        text: COMMON.into(),
        limit: 50,
        ..SearchQuery::default()
    };
    let mut times: Vec<Duration> = (0..20)
        .map(|_| {
            let start = Instant::now();
            assert!(!library.search(&query).unwrap().is_empty());
            start.elapsed()
        })
        .collect();
    times.sort();
    eprintln!(
        "library: search {COMMON:?} with 10,000 items not indexed yet: median {:.1} ms, worst of 20 {:.1} ms",
        times[10].as_secs_f64() * 1e3,
        times[19].as_secs_f64() * 1e3
    );
}

criterion_group!(benches, write, search);
criterion_main!(benches);
