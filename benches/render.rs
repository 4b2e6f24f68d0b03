//! Benchmarks for the issue's target: "Only visible rows are built each frame: 100,000
//! loaded replies scroll as fast as 10."
//!
//! Everything runs in one process so the ratios in BENCHMARKS.md compare numbers taken on
//! the same machine, minutes apart. Run with `cargo bench --bench render`.
//!
//! - `frame/<screen>/<n>`: one whole frame (a `ui::Screen` drawing into a `TestBackend`,
//!   as the program does) with `n` replies loaded and the selection in the middle of the
//!   thread, drawn again: what a repeated frame costs, the screen's caches warm.
//! - `cold/<screen>/<n>`: the same frame with the caches emptied first: the first frame
//!   after a jump or a resize.
//! - `floor/<screen>/…`: ratatui's part of a frame alone: the reset and diff of a frame that
//!   writes nothing, and the finished screen's non-blank cells written into it.
//! - `scroll/<screen>/<n>`: one key `update` plus one frame, the cost of one step of scrolling.
//! - `decode/…`: `decode_replies` of the recorded sample page and of a 10-reply page.
//! - `text/…`: the sanitizer's two paths and wrapping a long CJK reply.
//! - `apply/page_into/<n>`: `Listing::apply` of a 10-reply page into a list holding `n`.
//!
//! Before the benchmarks, the process prints how much memory 100,000 replies take, three
//! ways: the generated corpus whose authors are embedded as the service sends them (the one
//! every benchmark uses), the same with every author's counts set (round 7's corpus, kept
//! to compare with), and the recorded sample page decoded under 100,000 cids. With
//! `BENCH_SHOW_FRAMES=1` it also prints each `frame` benchmark's screen, to check what is measured.

use criterion::{BenchmarkId, Criterion, Throughput};
use crossterm::event::{KeyCode, KeyEvent};
use douyin_threads::api::{
    About, Author, Counts, Delivered, Fetched, Origin, Page, Payload, Post, Reply, ReplyTo, Seldom,
    decode_replies,
};
use douyin_threads::app::{App, Command, Msg, Setup};
use douyin_threads::paging::{EndReason, Listing, Paging};
use douyin_threads::text::{sanitize, wrap};
use douyin_threads::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The recorded page: one reply carrying the service's ~190 user fields.
const SAMPLE_PAGE: &str = include_str!("../tests/fixtures/get-video-sub-comment-v1.json");

/// The top-level comment every generated reply sits under (the sample's).
const THREAD_ID: &str = "7251524159191958327";

/// A fixed "now" (the sample's own `extra.now`), so relative ages never change between runs.
const NOW: i64 = 1_773_064_800;

/// Replies loaded. 1,000 is there to separate "the list is full" (10 replies leave most of a
/// 160×48 list empty) from "many replies are loaded".
const LOADED: [usize; 3] = [10, 1_000, 100_000];

/// A large terminal (issue 20's target: a whole 200×60 frame ≤ 150 µs with 100,000
/// loaded), the wide layout (list and detail side by side) and the classic 80×24 (stacked).
const SCREENS: [(u16, u16); 3] = [(200, 60), (160, 48), (80, 24)];

/// Pages are served 10 replies at a time for small threads (as the service does) and 1,000 at
/// a time for big ones, so loading 100,000 takes 100 updates rather than 10,000.
fn page_size(loaded: usize) -> usize {
    if loaded <= 1_000 { 10 } else { 1_000 }
}

fn main() {
    let corpus = memory_reports();
    let mut c = Criterion::default()
        .sample_size(40)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_millis(2_500))
        .configure_from_args();
    frame(&mut c, &corpus);
    cold(&mut c, &corpus);
    floor(&mut c, &corpus);
    scroll(&mut c, &corpus);
    decode(&mut c);
    text(&mut c);
    apply(&mut c);
    c.final_summary();
}

// ---------------------------------------------------------------------------------------
// Memory

/// Replies in each memory figure.
const MEMORY_REPLIES: usize = 100_000;

/// Set in a child process: the index of the one set of replies to measure there.
const MEMORY_CHILD: &str = "RENDER_BENCH_MEMORY_SET";

/// A set of replies to measure: its name and how it is built.
type ReplySet = (&'static str, fn() -> Vec<Reply>);

/// Prints what holding 100,000 replies costs, for the three sets of replies (see the
/// module's comment), and returns the corpus the benchmarks use.
///
/// Each set is measured in a process of its own, started from this one: in one process the
/// later figures measure the allocator instead. glibc serves a block over its mmap
/// threshold (128 KiB at first) from fresh pages and returns them when it is freed, but
/// freeing one raises the threshold to that block's size (up to 32 MiB), after which blocks
/// that size come from the heap and stay resident when freed. A 100,000-reply vector is
/// 26 MB: once one was freed, the next set's figures were off by hundreds of bytes a reply.
fn memory_reports() -> Vec<Reply> {
    let sets: [ReplySet; 3] = [
        ("authors as served", || {
            replies(MEMORY_REPLIES, Authors::AsServed)
        }),
        ("every author counted (round 7's corpus)", || {
            replies(MEMORY_REPLIES, Authors::AllCounted)
        }),
        ("the recorded sample, decoded", || {
            decoded_sample(MEMORY_REPLIES)
        }),
    ];
    if let Some(set) = std::env::var(MEMORY_CHILD)
        .ok()
        .and_then(|index| sets.get(index.parse::<usize>().ok()?))
    {
        memory_report(set.0, set.1);
        std::process::exit(0);
    }
    for (index, (name, _)) in sets.iter().enumerate() {
        let child = std::env::current_exe().and_then(|exe| {
            std::process::Command::new(exe)
                .env(MEMORY_CHILD, index.to_string())
                .output()
        });
        match child {
            Ok(out) => print!("{}", String::from_utf8_lossy(&out.stdout)),
            Err(error) => println!("memory, {name}: not measured: {error}"),
        }
    }
    replies(MEMORY_REPLIES, Authors::AsServed)
}

/// Builds replies with `build` and, on Linux, prints what holding them costs: the resident
/// set before and after building them, and after loading a copy into an `App` (the thread
/// adds its dedup set of cids). Allocator slack is included, as it is in the real program;
/// the numbers are approximate. Called first thing in a fresh process.
fn memory_report(name: &str, build: impl FnOnce() -> Vec<Reply>) {
    let n = MEMORY_REPLIES;
    let (before, in_use_before) = (resident_kib(), in_use_bytes());
    let corpus = build();
    assert_eq!(corpus.len(), n);
    let (built, in_use_built) = (resident_kib(), in_use_bytes());
    let app = loaded_app(corpus.clone(), page_size(n), SCREENS[0]);
    let (loaded, in_use_loaded) = (resident_kib(), in_use_bytes());
    if let (Some(before), Some(built), Some(loaded)) = (before, built, loaded) {
        let per_reply = |from: u64, to: u64| to.saturating_sub(from) * 1024 / n as u64;
        println!(
            "memory, {name}: size_of::<Reply>() = {} bytes; {n} replies: {} bytes/reply built \
             (VmRSS {before} -> {built} KiB); a loaded App holding a copy: {} bytes/reply \
             (VmRSS {built} -> {loaded} KiB); peak VmHWM {} KiB",
            std::mem::size_of::<Reply>(),
            per_reply(before, built),
            per_reply(built, loaded),
            status_kib("VmHWM:").unwrap_or(0),
        );
    }
    if let (Some(before), Some(built), Some(loaded)) = (in_use_before, in_use_built, in_use_loaded)
    {
        let per_reply = |from: u64, to: u64| to.saturating_sub(from) / n as u64;
        println!(
            "  in use (glibc's mallinfo2, blocks with their headers, no free holes): \
             {} bytes/reply built, {} loaded",
            per_reply(before, built),
            per_reply(built, loaded),
        );
    }
    println!("  {}", HeapShare::of(&corpus));
    drop((app, corpus));
}

/// Where the heap behind the replies goes, in glibc's chunk sizes (each block takes its
/// size plus 8 bytes, rounded up to 16, at least 32), averaged per reply: an estimate from
/// the model's shapes that the resident set's growth can be checked against.
#[derive(Default)]
struct HeapShare {
    replies: usize,
    text: usize,
    lists: usize,
    reply_to: usize,
    about: usize,
    long_shorts: usize,
}

impl HeapShare {
    fn of(replies: &[Reply]) -> Self {
        fn chunk(bytes: usize) -> usize {
            match bytes {
                0 => 0,
                _ => ((bytes + 8 + 15) & !15).max(32),
            }
        }
        /// A `Short<N>` longer than `N` is a `Box<Box<str>>`: two blocks.
        fn short(text: &str, n: usize) -> usize {
            match text.len() > n {
                true => chunk(16) + chunk(text.len()),
                false => 0,
            }
        }
        /// A `Rare` list: a 24-byte box holding one string, or the box of a slice of them;
        /// each string.
        fn rare(items: &[Box<str>]) -> usize {
            let strings = items.iter().map(|s| chunk(s.len())).sum::<usize>();
            match items.len() {
                0 => 0,
                1 => chunk(24) + strings,
                n => chunk(24) + chunk(16 * n) + strings,
            }
        }
        let mut share = HeapShare {
            replies: replies.len(),
            ..HeapShare::default()
        };
        for reply in replies {
            let post = &reply.post;
            let author = &post.author;
            share.text += chunk(post.text.len());
            share.lists += rare(&post.labels) + rare(&post.images) + rare(&post.hashtags);
            if let Some(to) = reply.reply_to.get() {
                share.reply_to += chunk(size_of::<ReplyTo>())
                    + to.cid.as_deref().map_or(0, |cid| short(cid, 23))
                    + short(&to.name, 23)
                    + short(&to.uid, 15);
            }
            if let Some(about) = author.about.get() {
                share.about += chunk(size_of::<About>())
                    + chunk(about.signature.len())
                    + chunk(about.verification.len());
            }
            share.long_shorts += short(&post.cid, 23)
                + post.ip_label.as_deref().map_or(0, |ip| short(ip, 15))
                + [
                    &author.uid,
                    &author.short_id,
                    &author.unique_id,
                    &author.region,
                ]
                .iter()
                .map(|id| short(id, 15))
                .sum::<usize>()
                + short(&author.sec_uid, 55)
                + short(&author.nickname, 23);
        }
        share
    }
}

impl std::fmt::Display for HeapShare {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let n = self.replies.max(1) as f64;
        let per = |bytes: usize| bytes as f64 / n;
        let total = self.text + self.lists + self.reply_to + self.about + self.long_shorts;
        write!(
            f,
            "heap estimate per reply: text {:.1}, labels/images/hashtags {:.1}, reply_to box \
             {:.1}, author's about box {:.1}, strings too long to keep in place {:.1}; \
             {:.1} in all (+ {} in place)",
            per(self.text),
            per(self.lists),
            per(self.reply_to),
            per(self.about),
            per(self.long_shorts),
            per(total),
            size_of::<Reply>(),
        )
    }
}

/// The recorded sample's one reply decoded `n` times under distinct cids, ten to a page as
/// the service sends them (a page is made, decoded and dropped before the next, so no large
/// input is held while the replies are built).
fn decoded_sample(n: usize) -> Vec<Reply> {
    let sample = SamplePage::new();
    let mut out = Vec::with_capacity(n);
    for first in (0..n).step_by(10) {
        let page = sample.with_cids(first..(first + 10).min(n));
        out.extend(decode_replies(&page).expect("the sample decodes").items);
    }
    out
}

/// The bytes glibc's allocator has handed out and not had back: blocks in use with their
/// headers, in its heaps and mapped on their own. Unlike the resident set, it leaves out
/// the free holes between blocks, so it says what the replies hold whatever the allocator
/// did before.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn in_use_bytes() -> Option<u64> {
    // SAFETY: mallinfo2 only reads the allocator's counters (glibc 2.33 and later).
    let info = unsafe { libc::mallinfo2() };
    Some((info.uordblks + info.hblkhd) as u64)
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn in_use_bytes() -> Option<u64> {
    None
}

fn resident_kib() -> Option<u64> {
    status_kib("VmRSS:")
}

/// A `kB` field of `/proc/self/status`.
#[cfg(target_os = "linux")]
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

#[cfg(not(target_os = "linux"))]
fn status_kib(_field: &str) -> Option<u64> {
    None
}

// ---------------------------------------------------------------------------------------
// Realistic replies

const PHRASES: [&str; 32] = [
    "兄弟那你得多补补",
    "橱窗牡蛎精安排吧",
    "[暗中观察]",
    "哈哈哈哈哈😂",
    "真的假的？",
    "我也想去大理🏔️",
    "这也太好看了吧",
    "[捂脸]",
    "求链接🙏",
    "楼上说得对，",
    "👍👍👍",
    "羡慕了",
    "第一次见这么清澈的湖",
    "拍得真好，",
    "作者加油💪",
    "😭",
    "在吗？",
    "明天就出发",
    "上海到大理怎么走",
    "路上注意安全",
    "[赞]",
    "收藏了，",
    "👨‍👩‍👧 一家人整整齐齐",
    "hello from Chengdu",
    "❤️",
    "下次带上我",
    "[流泪]",
    "这个价格可以的",
    "滇池的海鸥🐦",
    "笑死我了",
    "有没有同款攻略",
    "。",
];

const NICKNAMES: [&str; 12] = [
    "史密斯夫妇💑",
    "小虎",
    "大理的风",
    "吃货一枚🍜",
    "momo",
    "用户8841203",
    "阿狸🦊",
    "平平无奇小天才",
    "Lucky_猫",
    "山海",
    "一只特别长的昵称的小可爱呀",
    "🌸花花🌸",
];

const SIGNATURES: [&str; 4] = [
    "",
    "热爱生活，热爱旅行✈️ 合作请私信",
    "记录日常",
    "不定期更新 | 大理 · 昆明 · 丽江",
];

const PROVINCES: [&str; 8] = [
    "广东", "云南", "四川", "上海", "北京", "浙江", "湖南", "美国",
];

const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn pick<'a>(rng: &mut fastrand::Rng, from: &[&'a str]) -> &'a str {
    from[rng.usize(..from.len())]
}

fn sec_uid(rng: &mut fastrand::Rng) -> String {
    let tail: String = (0..43)
        .map(|_| char::from(BASE64[rng.usize(..BASE64.len())]))
        .collect();
    format!("MS4wLjABAAAA{tail}")
}

/// Sanitized and stored as the decoder stores every string (boxed, or in place if short).
fn boxed<T: From<String>>(text: &str) -> T {
    sanitize(text).into()
}

fn cid(i: usize) -> String {
    (7_251_536_675_678_782_265u64 + i as u64 * 1_000_003).to_string()
}

/// How the generated replies embed their authors' signature and counts.
#[derive(Clone, Copy, PartialEq)]
enum Authors {
    /// As the service sends them: inside comments and replies the counts are 0 and the
    /// signature and verification empty ("Inside replies the counts are often 0: the real
    /// ones come from get-user-detail/v3", /work/shared/api/README.md; both recorded
    /// samples, get-video-sub-comment-v1.json and get-video-comment-v1.json, embed 0s and
    /// empty strings). One author in 20 has them set, so both ways are exercised.
    AsServed,
    /// Every author with counts and three in four with a signature: round 7's corpus, which
    /// overstated what a reply holds. Kept to compare the memory figures with it.
    AllCounted,
}

/// An embedded author's signature and counts, as `authors` says. The random draws are the
/// same for both (after the one that picks the 1 in 20), so `AllCounted` is round 7's corpus
/// exactly.
fn about(rng: &mut fastrand::Rng, authors: Authors) -> Seldom<About> {
    let set = authors == Authors::AllCounted || rng.usize(..20) == 0;
    let signature = pick(rng, &SIGNATURES);
    let counts = Counts {
        follower_count: rng.u64(..5_000),
        following_count: rng.u64(..500),
        total_favorited: rng.u64(..20_000),
        aweme_count: rng.u64(..300),
    };
    match set {
        true => About {
            signature: boxed(signature),
            counts,
            ..About::default()
        }
        .into(),
        false => Seldom::default(),
    }
}

/// `n` replies shaped like the service's: CJK text with emoji and sticker codes, a third
/// answering an earlier reply, a few liked by the author or hot, each with its own author.
/// Every string passes `sanitize`, as in the decoder, so allocations have the sizes a real
/// thread would have.
fn replies(n: usize, authors: Authors) -> Vec<Reply> {
    let mut rng = fastrand::Rng::with_seed(0x5eed);
    let mut out: Vec<Reply> = Vec::with_capacity(n);
    for i in 0..n {
        let mut text: String = (0..rng.usize(1..=8))
            .map(|_| pick(&mut rng, &PHRASES))
            .collect();
        if rng.usize(..20) == 0 {
            text.push_str("\n第二段：");
            text.push_str(pick(&mut rng, &PHRASES));
        }
        let answered = (i > 0 && rng.usize(..3) == 0).then(|| rng.usize(..i));
        let reply_to = match answered {
            Some(j) => {
                let to: &Reply = &out[j];
                ReplyTo {
                    cid: Some(to.post.cid.clone()),
                    name: to.post.author.nickname.clone(),
                    uid: to.post.author.uid.clone(),
                }
                .into()
            }
            None => Seldom::default(),
        };
        let liked = rng.usize(..15) == 0;
        let uid = (60_000_000_000u64 + rng.u64(..10_000_000_000)).to_string();
        let nickname = match rng.usize(..3) {
            0 => format!("{}{}", pick(&mut rng, &NICKNAMES), rng.u16(..1000)),
            _ => pick(&mut rng, &NICKNAMES).to_owned(),
        };
        out.push(Reply {
            post: Post {
                cid: boxed(&cid(i)),
                text: boxed(&text),
                create_time: NOW - rng.i64(60..90 * 86_400),
                digg_count: rng.u64(..10).pow(rng.u32(1..6)),
                author_liked: liked,
                labels: if liked {
                    [boxed("作者赞过")].into()
                } else {
                    Default::default()
                },
                by_video_author: rng.usize(..40) == 0,
                is_hot: rng.usize(..25) == 0,
                is_folded: rng.usize(..50) == 0,
                ip_label: Some(boxed(pick(&mut rng, &PROVINCES))),
                images: if rng.usize(..30) == 0 {
                    [boxed("https://p3.douyinpic.com/bench.jpeg")].into()
                } else {
                    Default::default()
                },
                has_sticker: rng.usize(..20) == 0,
                hashtags: if rng.usize(..25) == 0 {
                    [boxed("大理旅行")].into()
                } else {
                    Default::default()
                },
                author: Author {
                    short_id: boxed(&rng.u64(100_000_000..999_999_999).to_string()),
                    unique_id: if rng.bool() {
                        boxed(&format!("dy_{}", rng.u32(..1_000_000)))
                    } else {
                        Default::default()
                    },
                    sec_uid: boxed(&sec_uid(&mut rng)),
                    nickname: boxed(&nickname),
                    about: about(&mut rng, authors),
                    region: boxed("CN"),
                    uid: boxed(&uid),
                },
            },
            reply_to,
        });
    }
    out
}

// ---------------------------------------------------------------------------------------
// Driving the app as the runtime does

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::from(KeyCode::Char(c)))
}

/// An app that opened the thread and received `replies` through `Msg::Answer`, page by
/// page, answering each `Fetch` it asked for. When it stops asking (the selection is far
/// from the loaded end), `G` reads on to the end, as a person would. The last page says
/// `has_more: false`, so nothing is ever requested again.
fn loaded_app(replies: Vec<Reply>, page_size: usize, (width, height): (u16, u16)) -> App {
    let setup = Setup {
        initial: Some(THREAD_ID.to_owned()),
        ..Setup::default()
    };
    let (mut app, mut commands) = App::new(setup, Rect::new(0, 0, width, height), NOW);
    let total = replies.len();
    let mut rest = replies.into_iter().peekable();
    loop {
        let Some(Command::Fetch { req, call, .. }) = commands.pop() else {
            assert!(rest.peek().is_some(), "the app asked for nothing more");
            commands = app.update(key('G'), NOW);
            assert!(
                !commands.is_empty(),
                "`G` at the loaded end asks for a page"
            );
            continue;
        };
        let chunk: Vec<Reply> = rest.by_ref().take(page_size).collect();
        let has_more = rest.peek().is_some();
        let result = Ok(Delivered {
            payload: Payload::Replies(Page {
                items: chunk,
                has_more,
                total: Some(total as u64),
            }),
            origin: Origin::Network,
            earlier: None,
        });
        commands = app.update(Msg::Answer { req, call, result }, NOW);
        if !has_more {
            break;
        }
    }
    let list = &app.thread.as_ref().expect("the thread is open").list;
    assert_eq!(list.items().len(), total);
    assert_eq!(list.pages.paging(), &Paging::End(EndReason::NoMore));
    assert!(commands.is_empty());
    select_middle(&mut app);
    app
}

/// Selects the middle reply with it mid-list: first half a screen below it, so the list
/// scrolls there, then the middle itself, which is then in view and does not scroll. (A
/// resize to the same size runs the same keep-in-view as a key.)
fn select_middle(app: &mut App) {
    let rows = usize::from(app.panes().list_inner().height);
    let Rect { width, height, .. } = app.size;
    let middle = app
        .thread
        .as_ref()
        .expect("the thread is open")
        .list
        .items()
        .len()
        / 2;
    for index in [middle + rows / 2, middle] {
        app.thread
            .as_mut()
            .expect("the thread is open")
            .list
            .view
            .select(index);
        app.update(Msg::Resize { width, height }, NOW);
    }
}

fn selected(app: &App) -> usize {
    app.thread.as_ref().map_or(0, |t| t.list.view.selected())
}

fn terminal((width, height): (u16, u16)) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(width, height)).expect("a test terminal")
}

// ---------------------------------------------------------------------------------------
// Benchmarks

/// A whole frame drawn again with the same state, through one `ui::Screen` (what the
/// program holds): the rows and the detail pane's lines come from its cache. Every frame
/// is still reset, drawn whole and diffed by ratatui.
fn frame(c: &mut Criterion, corpus: &[Reply]) {
    let mut group = c.benchmark_group("frame");
    for screen in SCREENS {
        for n in LOADED {
            let app = loaded_app(corpus[..n].to_vec(), page_size(n), screen);
            let mut terminal = terminal(screen);
            let mut kept = ui::Screen::default();
            if std::env::var_os("BENCH_SHOW_FRAMES").is_some() {
                // What is being measured, for a person checking the benchmark itself.
                terminal
                    .draw(|f| kept.render(&app, f))
                    .expect("TestBackend cannot fail");
                println!(
                    "{n} replies at {}x{}:\n{}",
                    screen.0,
                    screen.1,
                    terminal.backend()
                );
            }
            let id = BenchmarkId::new(format!("{}x{}", screen.0, screen.1), n);
            group.bench_function(id, |b| {
                b.iter(|| {
                    terminal
                        .draw(|f| kept.render(&app, f))
                        .expect("TestBackend cannot fail");
                });
            });
            // Twice, so the second is drawn from the cache even when the filter skipped the
            // benchmark.
            for _ in 0..2 {
                terminal
                    .draw(|f| kept.render(&app, f))
                    .expect("TestBackend cannot fail");
            }
            assert_eq!(
                terminal.backend().buffer(),
                &drawn_from_nothing(&app, screen),
                "the cache draws what a frame from nothing draws"
            );
        }
    }
    group.finish();
}

/// The first frame after a jump or a resize: the same frame with the `Screen`'s caches
/// emptied before each, so every row and line is painted.
fn cold(c: &mut Criterion, corpus: &[Reply]) {
    let mut group = c.benchmark_group("cold");
    for screen in SCREENS {
        let n = LOADED[LOADED.len() - 1];
        let app = loaded_app(corpus[..n].to_vec(), page_size(n), screen);
        let mut terminal = terminal(screen);
        let mut kept = ui::Screen::default();
        let id = BenchmarkId::new(format!("{}x{}", screen.0, screen.1), n);
        group.bench_function(id, |b| {
            b.iter(|| {
                kept.forget();
                terminal
                    .draw(|f| kept.render(&app, f))
                    .expect("TestBackend cannot fail");
            });
        });
        kept.forget();
        terminal
            .draw(|f| kept.render(&app, f))
            .expect("TestBackend cannot fail");
        assert_eq!(
            terminal.backend().buffer(),
            &drawn_from_nothing(&app, screen)
        );
    }
    group.finish();
}

/// The screen `ui::render` draws with nothing kept, in a terminal of its own.
fn drawn_from_nothing(app: &App, size: (u16, u16)) -> ratatui::buffer::Buffer {
    let mut terminal = terminal(size);
    terminal
        .draw(|f| ui::render(app, f))
        .expect("TestBackend cannot fail");
    terminal.backend().buffer().clone()
}

/// ratatui's own part of a frame, the floor under `frame`, in two parts:
/// - `floor/<screen>/nothing`: `terminal.draw` of a frame that writes no cell: the reset of
///   the buffer and the diff of every cell against the last frame (both blank), the part
///   of any frame of that size.
/// - `floor/<screen>/100000`: the finished screen's cells that are not blank, each written
///   once (copied from a list made before), and the diff against the last frame (the same
///   screen): what any way of drawing this screen through `Terminal::draw` costs at least.
///   Blank cells are not written: the reset already made them so.
fn floor(c: &mut Criterion, corpus: &[Reply]) {
    let mut group = c.benchmark_group("floor");
    for screen in SCREENS {
        let id = BenchmarkId::new(format!("{}x{}", screen.0, screen.1), "nothing");
        let mut empty = terminal(screen);
        group.bench_function(id, |b| {
            b.iter(|| {
                empty.draw(|_| {}).expect("TestBackend cannot fail");
            });
        });
        let n = LOADED[LOADED.len() - 1];
        let app = loaded_app(corpus[..n].to_vec(), page_size(n), screen);
        let finished = drawn_from_nothing(&app, screen);
        let blank = ratatui::buffer::Cell::EMPTY;
        let cells: Vec<(usize, ratatui::buffer::Cell)> = finished
            .content
            .iter()
            .enumerate()
            .filter(|(_, cell)| **cell != blank)
            .map(|(at, cell)| (at, cell.clone()))
            .collect();
        println!(
            "floor/{}x{}: {} of {} cells are not blank",
            screen.0,
            screen.1,
            cells.len(),
            finished.content.len()
        );
        let mut terminal = terminal(screen);
        let mut draw = || {
            terminal
                .draw(|f| {
                    let content = &mut f.buffer_mut().content;
                    for (at, cell) in &cells {
                        content[*at].clone_from(cell);
                    }
                })
                .expect("TestBackend cannot fail");
        };
        draw();
        let id = BenchmarkId::new(format!("{}x{}", screen.0, screen.1), n);
        group.bench_function(id, |b| b.iter(&mut draw));
        assert_eq!(terminal.backend().buffer(), &finished, "the same screen");
    }
    group.finish();
}

/// One step of scrolling: a key through `update`, then the frame it changes. The selection
/// walks two rows either side of the middle (`j` down, then `k` back up), so every step
/// really moves it, the detail pane shows another reply, and 10 replies never run out.
fn scroll(c: &mut Criterion, corpus: &[Reply]) {
    let mut group = c.benchmark_group("scroll");
    for screen in SCREENS {
        for n in LOADED {
            let mut app = loaded_app(corpus[..n].to_vec(), page_size(n), screen);
            let mut terminal = terminal(screen);
            let mut kept = ui::Screen::default();
            let middle = selected(&app);
            let (low, high) = (middle - 2, middle + 2);
            let mut down = true;
            let id = BenchmarkId::new(format!("{}x{}", screen.0, screen.1), n);
            group.bench_function(id, |b| {
                b.iter(|| {
                    let at = selected(&app);
                    if at >= high {
                        down = false;
                    } else if at <= low {
                        down = true;
                    }
                    let commands = app.update(key(if down { 'j' } else { 'k' }), NOW);
                    black_box(commands);
                    terminal
                        .draw(|f| kept.render(&app, f))
                        .expect("TestBackend cannot fail");
                });
            });
        }
    }
    group.finish();
}

/// The recorded page cut around its one reply's cid, so pages of that reply under any
/// cids are put together without parsing JSON again.
struct SamplePage {
    /// Up to the reply list's `[`, and from its `]` on.
    head: String,
    tail: String,
    /// The reply up to its cid's value, and after it.
    before_cid: String,
    after_cid: String,
}

impl SamplePage {
    fn new() -> Self {
        const MARK: &str = "\u{1}cut here\u{1}";
        let mut body: serde_json::Value = serde_json::from_str(SAMPLE_PAGE).expect("the sample");
        let comments = body["data"]["comments"]
            .as_array_mut()
            .expect("the sample has comments");
        let mut reply = comments[0].clone();
        *comments = vec![MARK.into()];
        reply["cid"] = MARK.into();
        let cut = |value: &serde_json::Value| {
            let text = serde_json::to_string(value).expect("JSON");
            let mark = serde_json::to_string(MARK).expect("JSON");
            let (before, after) = text.split_once(&mark).expect("marked once");
            assert!(!after.contains(&mark), "marked once");
            (before.to_owned(), after.to_owned())
        };
        let (head, tail) = cut(&body);
        let (before_cid, after_cid) = cut(&reply);
        SamplePage {
            head,
            tail,
            before_cid,
            after_cid,
        }
    }

    /// The page holding the reply once for each of `cids` (indexes for [`cid`]).
    fn with_cids(&self, cids: std::ops::Range<usize>) -> Vec<u8> {
        let mut page = self.head.clone();
        for (k, i) in cids.enumerate() {
            if k > 0 {
                page.push(',');
            }
            page.push_str(&self.before_cid);
            page.push('"');
            page.push_str(&cid(i));
            page.push('"');
            page.push_str(&self.after_cid);
        }
        page.push_str(&self.tail);
        page.into_bytes()
    }
}

/// The sample page with its one reply repeated `n` times under distinct cids.
fn sample_page_of(n: usize) -> Vec<u8> {
    SamplePage::new().with_cids(0..n)
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode");
    let one = SAMPLE_PAGE.as_bytes();
    let ten = sample_page_of(10);
    assert_eq!(decode_replies(one).expect("decodes").items.len(), 1);
    assert_eq!(decode_replies(&ten).expect("decodes").items.len(), 10);
    for (name, body) in [("page_1_reply", one), ("page_10_replies", &ten[..])] {
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_function(name, |b| b.iter(|| decode_replies(black_box(body))));
    }
    // Not the program's code: parsing the same bytes into one `serde_json::Value` tree,
    // the floor for any decoder that goes through `Value` at least once.
    group.throughput(Throughput::Bytes(ten.len() as u64));
    group.bench_function("json_value_only_10_replies", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&ten)))
    });
    group.finish();
}

/// 500 characters of a long reply: CJK, emoji (one a ZWJ family), sticker codes, a few Latin
/// words and line breaks.
fn long_reply() -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.chars().count() < 500 {
        text.push_str(PHRASES[i % PHRASES.len()]);
        if i % 11 == 10 {
            text.push('\n');
        }
        i += 1;
    }
    text.chars().take(500).collect()
}

fn text(c: &mut Criterion) {
    let mut group = c.benchmark_group("text");
    let clean = "兄弟那你得多补补橱窗牡蛎精安排吧[暗中观察] 我也想去大理🏔️ 👨‍👩‍👧 hello from Chengdu";
    let hostile = "a\u{1b}[2J\u{1b}]0;pwned\u{7}b\u{9b}31mc\u{202e}反转\u{2066}\u{200b}\u{feff}隐形\r\n换行\t制表\u{e0041}"
        .repeat(12);
    assert_eq!(sanitize(clean), clean);
    assert_ne!(sanitize(&hostile), hostile);
    for (name, input) in [
        ("sanitize/clean", clean),
        ("sanitize/hostile", &hostile[..]),
    ] {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(name, |b| b.iter(|| sanitize(black_box(input))));
    }
    let long = long_reply();
    group.throughput(Throughput::Bytes(long.len() as u64));
    group.bench_function("wrap/cjk_500_chars_at_60", |b| {
        b.iter(|| wrap(black_box(&long), 60))
    });
    group.finish();
}

/// Replies with only a cid: `apply` moves a reply (its size does not depend on its text)
/// and hashes and copies its cid, so the rest of the reply does not change what it costs.
fn bare_replies(cids: std::ops::Range<usize>) -> Vec<Reply> {
    cids.map(|i| Reply {
        post: Post {
            cid: cid(i).into(),
            ..Post::default()
        },
        ..Reply::default()
    })
    .collect()
}

fn thread_holding(replies: &[Reply]) -> Listing<Reply> {
    let mut thread = Listing::new();
    if !replies.is_empty() {
        let number = thread.due_page(40).expect("page 1 is due");
        let page = Page {
            items: replies.to_vec(),
            has_more: true,
            total: None,
        };
        let result = Ok(Fetched {
            page,
            origin: Origin::Network,
        });
        assert!(
            thread.apply(number, result, |_| None),
            "page 1 was in flight"
        );
    }
    thread
}

/// Pages applied to one thread before it is rebuilt. Chosen so that neither the reply
/// vector nor the dedup set reallocates while timed when the thread starts at 16,385 or
/// 100,000 replies (both have room for 12,000 more); from 0 they grow, as they do for a
/// real new thread, and that growth is part of the number.
const PAGES_PER_THREAD: u64 = 1_200;

fn apply(c: &mut Criterion) {
    let mut group = c.benchmark_group("apply");
    let pages: Vec<Vec<Reply>> = (0..PAGES_PER_THREAD as usize)
        .map(|p| bare_replies(1_000_000 + p * 10..1_000_000 + (p + 1) * 10))
        .collect();
    for held in [0, 16_385, 100_000] {
        let base = bare_replies(0..held);
        group.throughput(Throughput::Elements(10));
        group.bench_function(BenchmarkId::new("page_into", held), |b| {
            b.iter_custom(|iters| {
                let mut timed = Duration::ZERO;
                let mut left = iters;
                while left > 0 {
                    let run = left.min(PAGES_PER_THREAD);
                    let mut thread = thread_holding(&base);
                    let mut ready: Vec<Page<Reply>> = pages[..run as usize]
                        .iter()
                        .map(|replies| Page {
                            items: replies.clone(),
                            has_more: true,
                            total: None,
                        })
                        .collect();
                    let start = Instant::now();
                    for page in ready.drain(..) {
                        // A person at the end of the list is what makes the next page due.
                        thread.view.select(usize::MAX);
                        let number = thread.due_page(40).expect("the next page is due");
                        let outcome = thread.apply(
                            number,
                            Ok(Fetched {
                                page,
                                origin: Origin::Network,
                            }),
                            |_| None,
                        );
                        black_box(outcome);
                    }
                    timed += start.elapsed();
                    assert_eq!(thread.items().len(), held + run as usize * 10);
                    left -= run;
                }
                timed
            });
        });
    }
    group.finish();
}
