//! Benchmarks for issue 18's target: insights over 100,000 replies, warm (dictionary loaded)
//! in at most 300 ms; and what the first time costs, the dictionary's load.
//!
//! The replies are real-shaped: their texts are made of the sentences, stickers and emoji of
//! the bundled demo's comments and replies (1 to 4 pieces each, drawn by a seeded generator,
//! so almost every text is different, as in a real comment section), their authors, regions,
//! times and likes drawn the same way. Run with `cargo bench --bench insights`.
//!
//! - `insights/dictionary_load`: building jieba's dictionary (what the first analysis pays).
//! - `insights/cut_only/{hmm,no_hmm}`: jieba's `cut` alone over the 100,000 texts, one thread.
//! - `insights/warm/<n>`: `Insights::of` over `n` replies with the dictionary loaded.
//!
//! Before the benchmarks, the process prints the cold run: the first `Insights::of` over
//! 100,000 replies in this process, the dictionary load included.

use criterion::{BenchmarkId, Criterion, Throughput};
use douyin_threads::api::{Author, Post, Reply};
use douyin_threads::demo::DemoSource;
use douyin_threads::ids::{CommentId, VideoId};
use douyin_threads::insights::Insights;
use std::hint::black_box;
use std::time::{Duration, Instant};

const SIZES: [usize; 2] = [1_000, 100_000];

/// 2026-03-01 00:00 in Beijing: the generated replies spread over the five days after it.
const START: i64 = 1_772_294_400;

fn main() {
    let replies = generate(100_000);
    let started = Instant::now();
    let insights = Insights::of(&replies, 10);
    let cold = started.elapsed();
    println!(
        "cold: the first Insights::of over {} replies, the dictionary load included: {:.1} ms \
         ({} distinct words in the top 10: {:?})",
        replies.len(),
        cold.as_secs_f64() * 1e3,
        insights.words.len(),
        insights
            .words
            .iter()
            .map(|e| (&*e.label, e.count()))
            .collect::<Vec<_>>()
    );

    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    let mut group = c.benchmark_group("insights");
    group.bench_function("dictionary_load", |b| b.iter(jieba_rs::Jieba::new));
    // What the segmenter alone costs over the 100,000 texts, with and without its HMM.
    let jieba = jieba_rs::Jieba::new();
    for hmm in [true, false] {
        let name = if hmm {
            "cut_only/hmm"
        } else {
            "cut_only/no_hmm"
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                replies
                    .iter()
                    .map(|r| jieba.cut(&r.post.text, hmm).len())
                    .sum::<usize>()
            })
        });
    }
    for n in SIZES {
        let list = &replies[..n];
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("warm", n), list, |b, list| {
            b.iter(|| black_box(Insights::of(list, 10)))
        });
    }
    group.finish();
    c.final_summary();
}

/// The demo's texts cut into sentences, its stickers and emoji among them; and its regions.
fn pieces() -> (Vec<String>, Vec<String>) {
    let demo = DemoSource::bundled().expect("the bundled demo");
    let mut texts: Vec<String> = Vec::new();
    let mut regions: Vec<String> = Vec::new();
    let mut take = |post: &Post| {
        texts.push(post.text.to_string());
        if let Some(region) = &post.ip_label {
            regions.push(region.to_string());
        }
    };
    for video in demo.videos() {
        let id = VideoId::parse(&video.aweme_id).expect("a demo video ID");
        for page in 1.. {
            let Ok(found) = demo.comments_page_now(&id, page) else {
                break;
            };
            found.items.iter().for_each(|c| take(&c.post));
            if !found.has_more || found.items.is_empty() {
                break;
            }
        }
    }
    for thread in demo.threads() {
        let id = CommentId::parse(&thread.comment_id).expect("a demo comment ID");
        for page in 1.. {
            let Ok(found) = demo.replies_page_now(&id, page) else {
                break;
            };
            found.items.iter().for_each(|r| take(&r.post));
            if !found.has_more || found.items.is_empty() {
                break;
            }
        }
    }
    let sentences: Vec<String> = texts
        .iter()
        .flat_map(|t| t.split_inclusive(['，', '。', '！', '？', '\n', '~', '～']))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    (sentences, regions)
}

/// `n` replies made of the demo's pieces, the same on every run.
fn generate(n: usize) -> Vec<Reply> {
    let (sentences, regions) = pieces();
    let mut rng = fastrand::Rng::with_seed(18);
    (0..n)
        .map(|i| {
            let parts = 1 + rng.usize(..4);
            let text: String = (0..parts)
                .map(|_| sentences[rng.usize(..sentences.len())].as_str())
                .collect();
            // A few busy authors and many who write once, as under a popular video.
            let author = if rng.u8(..4) == 0 {
                rng.usize(..200)
            } else {
                rng.usize(..50_000)
            };
            let region = (rng.u8(..5) > 0).then(|| regions[rng.usize(..regions.len())].clone());
            Reply {
                post: Post {
                    cid: format!("7{:018}", i).into(),
                    text: text.into(),
                    create_time: START + rng.i64(..5 * 86_400),
                    digg_count: rng.u64(..1_000).pow(2) / 100,
                    author_liked: rng.u8(..50) == 0,
                    ip_label: region.map(Into::into),
                    author: Author {
                        uid: format!("{}", 1_000_000 + author).into(),
                        nickname: format!("用户{author}").into(),
                        ..Author::default()
                    },
                    ..Post::default()
                },
                ..Reply::default()
            }
        })
        .collect()
}
