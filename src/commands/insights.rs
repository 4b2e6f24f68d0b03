//! `douyin-threads insights TARGET`: the list fetched as `export` fetches it (the cache
//! first, `--max-pages`, `--jobs`, the progress bar, the exit codes), then its
//! [`Insights`] printed as text (one row per entry, name and count on one line, for grep),
//! one JSON document, or a Markdown report.

use crate::cli::InsightsArgs;
use crate::config::Settings;
use crate::export::record::Format as RecordFormat;
use crate::export::{Gathered, Options, Outcome, Report, output::Destination};
use crate::format;
use crate::insights::{Either, Entry, Insights, Item, Makeup, Standout, Step, words};
use crate::source::PageSource;
use crate::target::{self, Target};
use crate::text;
use serde_json::{Value, json};
use std::io::{IsTerminal, Write};
use std::time::Instant;
use tokio::runtime::Runtime;

/// Exit code for a problem found before anything was sent (as for the reader).
const USAGE: u8 = 2;

/// How wide a label may be in the text and Markdown reports: a longer one is cut.
const LABEL_WIDTH: usize = 40;

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Text,
    Json,
    Markdown,
}

/// What to analyse and how.
#[derive(Debug)]
pub struct Request {
    pub target: Target,
    pub style: Style,
    pub top: usize,
    /// For a video, its comments' replies too.
    pub replies: bool,
    /// How to fetch (the format and destination are not used).
    pub fetch: Options,
}

/// What a run found: the report to print (when the outcome allows) and how the fetch went.
pub struct Analysed {
    pub report: Option<String>,
    pub fetch: Report,
}

/// Runs the insights `args` ask for with `settings` on `runtime`, printing as it goes; the
/// exit code.
pub fn run(settings: &Settings, args: InsightsArgs, runtime: &Runtime) -> u8 {
    let request = match prepare(args, settings.refresh) {
        Ok(request) => request,
        Err(message) => return refuse(&message),
    };
    let source = match super::page_source(settings) {
        Ok(source) => source,
        Err(message) => return refuse(&message),
    };
    // The dictionary loads while the first pages are fetched.
    let warming = std::thread::spawn(words::warm);
    let analysed = runtime.block_on(analyse(request, source));
    let _ = warming.join();
    if let Some(report) = &analysed.report {
        let mut stdout = std::io::stdout().lock();
        if let Err(err) = stdout
            .write_all(report.as_bytes())
            .and_then(|()| stdout.flush())
        {
            eprintln!("douyin-threads: the insights could not be printed: {err}");
            return 1;
        }
    }
    finish(&analysed.fetch)
}

/// The request, or why the command line cannot be done.
fn prepare(args: InsightsArgs, refresh: bool) -> Result<Request, String> {
    let raw = args
        .target
        .or(args.video.map(|id| format!("v:{id}")))
        .unwrap_or_default();
    let target = target::parse(&raw).map_err(|e| e.to_string())?;
    let style = match args.format.as_str() {
        "json" => Style::Json,
        "md" => Style::Markdown,
        _ => Style::Text,
    };
    Ok(Request {
        target,
        style,
        top: args.top as usize,
        replies: args.replies,
        fetch: Options {
            format: RecordFormat::Jsonl,
            destination: Destination::Stdout,
            max_pages: args.max_pages,
            jobs: usize::from(args.jobs),
            partial: args.partial,
            anonymizer: None,
            refresh,
            progress: std::io::stderr().is_terminal(),
        },
    })
}

/// Fetches and analyses; the report is `None` when the fetch failed and `--partial` was not
/// given (as an export writes nothing then).
pub async fn analyse(request: Request, source: PageSource) -> Analysed {
    let started = Instant::now();
    let (gathered, mut fetch) =
        crate::export::fetch(request.target, source, &request.fetch, request.replies).await;
    let report = (fetch.outcome != Outcome::Failed).then(|| {
        let list = List::of(&gathered);
        let insights = Insights::of(&list.items, request.top);
        render(request.style, &list, &insights)
    });
    fetch.elapsed = started.elapsed();
    Analysed { report, fetch }
}

fn refuse(message: &str) -> u8 {
    eprintln!("douyin-threads: {message}");
    USAGE
}

/// Prints the summary and what is missing; the exit code (as for an export).
fn finish(report: &Report) -> u8 {
    eprintln!("{}", summary(report));
    if let Some(problem) = report.problem() {
        let problem = problem
            .replace(
                "What was fetched is written",
                "What was fetched is analysed",
            )
            .replace(
                "Nothing was written; --partial writes what was fetched",
                "Nothing was printed; --partial analyses what was fetched",
            )
            .replace("the same export again", "the same command again")
            .replace("run the export again", "run it again")
            .replace("Run the export again", "Run it again");
        eprintln!("{problem}");
    }
    report.outcome.exit_code(report)
}

/// "Analysed 40 comments and 812 replies · 84 pages: 82 calls sent, 82 billed, 2 from the
/// cache · 6.2 s".
fn summary(report: &Report) -> String {
    let counts = match (report.comments, report.replies) {
        (0, replies) => format::plural(replies, "reply"),
        (comments, 0) => format::plural(comments, "comment"),
        (comments, replies) => format!(
            "{} and {}",
            format::plural(comments, "comment"),
            format::plural(replies, "reply")
        ),
    };
    let head = match report.outcome {
        Outcome::Failed => format!("Nothing analysed; fetched {counts}"),
        _ => format!("Analysed {counts}"),
    };
    let mut line = format!(
        "{head} · {}: {} calls sent, {} billed, {} from the cache · {:.1} s",
        format::plural(report.pages, "page"),
        report.sent,
        report.billed,
        report.cached,
        report.elapsed.as_secs_f64(),
    );
    if report.capped > 0 {
        line.push_str(&format!(
            " · {} stopped at --max-pages",
            format::plural(report.capped, "list")
        ));
    }
    line
}

/// The list analysed: what it is, and its items in reading order.
struct List<'a> {
    /// "the replies to comment 7251…", "the comments on video 7300…".
    what: String,
    items: Vec<Either<'a>>,
}

impl<'a> List<'a> {
    fn of(gathered: &'a Gathered) -> List<'a> {
        match gathered {
            Gathered::Thread { comment, replies } => List {
                what: format!("the replies to comment {comment}"),
                items: replies.items.iter().map(Either::Reply).collect(),
            },
            Gathered::Video {
                video,
                comments,
                threads,
            } => {
                let mut items: Vec<Either<'a>> = Vec::new();
                let mut threads = threads.iter().peekable();
                for (index, comment) in comments.items.iter().enumerate() {
                    items.push(Either::Comment(comment));
                    while let Some((_, replies)) = threads.next_if(|(at, _)| *at == index) {
                        items.extend(replies.items.iter().map(Either::Reply));
                    }
                }
                let what = if threads_fetched(gathered) {
                    format!("the comments on video {video} and their replies")
                } else {
                    format!("the comments on video {video}")
                };
                List { what, items }
            }
            Gathered::Unresolved => List {
                what: "nothing (the share link's video was not found)".into(),
                items: Vec::new(),
            },
        }
    }

    fn cid(&self, item: usize) -> &str {
        &self.items[item].post().cid
    }
}

fn threads_fetched(gathered: &Gathered) -> bool {
    matches!(gathered, Gathered::Video { threads, .. } if !threads.is_empty())
}

/// What the items are called: "reply"/"replies", "comment", or "post" for both.
fn noun(insights: &Insights) -> &'static str {
    match insights.makeup() {
        Makeup::Comments => "comment",
        Makeup::Replies | Makeup::Empty => "reply",
        Makeup::Both => "post",
    }
}

fn nouns(insights: &Insights) -> &'static str {
    match insights.makeup() {
        Makeup::Comments => "comments",
        Makeup::Replies | Makeup::Empty => "replies",
        Makeup::Both => "posts",
    }
}

/// `count` of `total` as a percentage with one decimal: "42.9%".
fn share(count: usize, total: usize) -> String {
    if total == 0 {
        return "0%".into();
    }
    let tenths = (count as u128 * 1_000 + total as u128 / 2) / total as u128;
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// A label cut to [`LABEL_WIDTH`] cells, on one line.
fn cut(label: &str) -> String {
    text::truncate(&text::one_line(label), LABEL_WIDTH).0
}

fn render(style: Style, list: &List<'_>, insights: &Insights) -> String {
    match style {
        Style::Text => text_report(list, insights),
        Style::Json => {
            let mut json = serde_json::to_string_pretty(&json_report(list, insights))
                .expect("a JSON value always serializes");
            json.push('\n');
            json
        }
        Style::Markdown => markdown_report(list, insights),
    }
}

/// One section of rows (label, count, extra), as the text and Markdown reports share them.
struct Section {
    title: String,
    /// The kind of row, first on each text line: "word", "region", "hour"…
    kind: &'static str,
    /// The column headers of the Markdown table.
    columns: [&'static str; 3],
    rows: Vec<[String; 3]>,
    /// Lines after the rows: totals, the peak.
    notes: Vec<(&'static str, String)>,
}

fn entries(entries: &[Entry], extra: impl Fn(&Entry) -> String) -> Vec<[String; 3]> {
    entries
        .iter()
        .map(|e| [cut(&e.label), e.count().to_string(), extra(e)])
        .collect()
}

fn standouts(standouts: &[Standout], list: &List<'_>) -> Vec<[String; 3]> {
    standouts
        .iter()
        .map(|s| {
            [
                cut(&s.author),
                s.count.to_string(),
                format!("{} ({})", text::truncate(&s.line, 60).0, list.cid(s.item)),
            ]
        })
        .collect()
}

fn sections(list: &List<'_>, insights: &Insights) -> Vec<Section> {
    let total = insights.total();
    let (noun, nouns) = (noun(insights), nouns(insights));
    let none = |_: &Entry| String::new();
    let mut out = Vec::new();
    let say = [
        ("Words", "word", &insights.words),
        ("Phrases", "phrase", &insights.phrases),
        ("Stickers", "sticker", &insights.stickers),
        ("Emoji", "emoji", &insights.emoji),
        ("Hashtags", "hashtag", &insights.hashtags),
        ("Mentions", "mention", &insights.mentions),
    ];
    for (title, kind, list) in say {
        out.push(Section {
            title: format!("What people say: {title}, by the {nouns} that use them"),
            kind,
            columns: [kind, nouns, ""],
            rows: entries(list, none),
            notes: Vec::new(),
        });
    }
    let mut regions = entries(&insights.regions, |e| share(e.count(), total));
    if insights.unknown_region.count() > 0 {
        let unknown = insights.unknown_region.count();
        regions.push(["unknown".into(), unknown.to_string(), share(unknown, total)]);
    }
    out.push(Section {
        title: "Where from: IP 属地".into(),
        kind: "region",
        columns: ["region", nouns, "share"],
        rows: regions,
        notes: vec![(
            "regions",
            format!(
                "{} different",
                format::grouped(insights.distinct_regions as u64)
            ),
        )],
    });
    let mut notes = Vec::new();
    let (kind, rows, step_name) = match &insights.timeline {
        Some(timeline) => {
            let peak = &timeline.steps[timeline.peak];
            notes.push((
                "peak",
                format!(
                    "{}, {}",
                    timeline.peak_span(),
                    format::plural(peak.count() as u64, noun)
                ),
            ));
            notes.push((
                "first",
                moment(list, timeline.first.item, timeline.first.at),
            ));
            notes.push((
                "latest",
                moment(list, timeline.latest.item, timeline.latest.at),
            ));
            let (kind, step_name) = match timeline.step {
                Step::Hour => ("hour", "hour"),
                Step::Day => ("day", "day"),
            };
            (kind, entries(&timeline.steps, none), step_name)
        }
        None => ("hour", Vec::new(), "hour"),
    };
    if insights.undated.count() > 0 {
        notes.push((
            "undated",
            format::plural(insights.undated.count() as u64, noun),
        ));
    }
    out.push(Section {
        title: format!("When: {nouns} per {step_name}, Beijing time"),
        kind,
        columns: [kind, nouns, ""],
        rows,
        notes,
    });
    out.push(Section {
        title: format!("Who: the most active authors, by {nouns}"),
        kind: "author",
        columns: ["author", nouns, ""],
        rows: entries(&insights.authors, none),
        notes: vec![
            (
                "authors",
                format!(
                    "{} different",
                    format::grouped(insights.distinct_authors as u64)
                ),
            ),
            (
                "author-liked",
                format!(
                    "{} (作者赞过)",
                    format::plural(insights.author_liked.count() as u64, noun)
                ),
            ),
            (
                "by-video-author",
                format!(
                    "{} (作者)",
                    format::plural(insights.by_video_author.count() as u64, noun)
                ),
            ),
        ],
    });
    out.push(Section {
        title: format!("Who: the most liked {nouns}"),
        kind: "liked",
        columns: ["author", "likes", "text"],
        rows: standouts(&insights.most_liked, list),
        notes: Vec::new(),
    });
    if insights.comments > 0 {
        out.push(Section {
            title: "The comments with the most replies".into(),
            kind: "replied",
            columns: ["author", "replies", "text"],
            rows: standouts(&insights.most_replied, list),
            notes: Vec::new(),
        });
        out.push(Section {
            title: "Comments by how many replies they have".into(),
            kind: "spread",
            columns: ["replies", "comments", "share"],
            rows: entries(&insights.reply_spread, |e| {
                share(e.count(), insights.comments)
            }),
            notes: Vec::new(),
        });
    }
    out
}

/// "2023-07-03 20:05 阿强: 好看👍👍".
fn moment(list: &List<'_>, item: usize, at: i64) -> String {
    let post = list.items[item].post();
    format!(
        "{} {}: {}",
        format::beijing_time(at),
        cut(&post.author.nickname),
        text::truncate(&text::one_line(&post.text), 60).0
    )
}

fn headline(list: &List<'_>, insights: &Insights) -> String {
    format!(
        "Insights into {}: {}",
        list.what,
        format::plural(insights.total() as u64, noun(insights))
    )
}

/// Pads `s` with spaces to `width` cells.
fn pad(s: &str, width: usize) -> String {
    let used = text::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(used)))
}

fn text_report(list: &List<'_>, insights: &Insights) -> String {
    let mut out = format!("{}\n", headline(list, insights));
    for section in sections(list, insights) {
        out.push_str(&format!("\n{}\n", section.title));
        let widths: Vec<usize> = (0..2)
            .map(|c| {
                section
                    .rows
                    .iter()
                    .map(|r| text::width(&r[c]))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let kind_width = section
            .notes
            .iter()
            .map(|(kind, _)| kind.len())
            .chain([section.kind.len()])
            .max()
            .unwrap_or(0);
        if section.rows.is_empty() && section.notes.is_empty() {
            out.push_str(&format!("{}  (none)\n", pad(section.kind, kind_width)));
        }
        for row in &section.rows {
            // The count is right-aligned, so it sits after the label however wide it is.
            let count = format!("{:>w$}", row[1], w = widths[1]);
            let line = format!(
                "{}  {}  {}  {}",
                pad(section.kind, kind_width),
                pad(&row[0], widths[0]),
                count,
                row[2]
            );
            out.push_str(line.trim_end());
            out.push('\n');
        }
        for (kind, note) in &section.notes {
            out.push_str(&format!("{}  {note}\n", pad(kind, kind_width)));
        }
    }
    out
}

/// A Markdown table cell: pipes and line breaks would end the cell.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('`', "\\`")
        .replace('\n', " ")
}

fn markdown_report(list: &List<'_>, insights: &Insights) -> String {
    let mut out = format!("# {}\n", cell(&headline(list, insights)));
    for section in sections(list, insights) {
        out.push_str(&format!("\n## {}\n\n", section.title));
        if section.rows.is_empty() {
            out.push_str("None.\n");
        } else {
            let columns: Vec<&str> = section
                .columns
                .into_iter()
                .filter(|c| !c.is_empty())
                .collect();
            out.push_str(&format!("| {} |\n", columns.join(" | ")));
            out.push_str(&format!("|{}\n", " --- |".repeat(columns.len())));
            for row in &section.rows {
                let cells: Vec<String> = row.iter().take(columns.len()).map(|c| cell(c)).collect();
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
            }
        }
        if !section.notes.is_empty() {
            out.push('\n');
            for (kind, note) in &section.notes {
                out.push_str(&format!("- {kind}: {}\n", cell(note)));
            }
        }
    }
    out
}

fn json_entries(entries: &[Entry], total: usize) -> Value {
    Value::Array(
        entries
            .iter()
            .map(|e| {
                json!({
                    "label": &*e.label,
                    "count": e.count(),
                    "share": share_value(e.count(), total),
                })
            })
            .collect(),
    )
}

/// A share as a fraction rounded to 4 places.
fn share_value(count: usize, total: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }
    (count as f64 / total as f64 * 10_000.0).round() / 10_000.0
}

fn json_standouts(standouts: &[Standout], list: &List<'_>) -> Value {
    Value::Array(
        standouts
            .iter()
            .map(|s| {
                json!({
                    "cid": list.cid(s.item),
                    "count": s.count,
                    "author": &*s.author,
                    "text": &*list.items[s.item].post().text,
                })
            })
            .collect(),
    )
}

fn json_moment(list: &List<'_>, item: usize, at: i64) -> Value {
    let post = list.items[item].post();
    json!({
        "cid": &*post.cid,
        "time": at,
        "beijing_time": format::beijing_time(at),
        "author": &*post.author.nickname,
    })
}

/// The JSON document; its fields are documented in the README ("Insights").
fn json_report(list: &List<'_>, insights: &Insights) -> Value {
    let total = insights.total();
    let time = insights.timeline.as_ref().map(|t| {
        json!({
            "step": match t.step { Step::Hour => "hour", Step::Day => "day" },
            "steps": t.steps.iter().enumerate().map(|(i, e)| json!({
                "start": t.start + i as i64 * t.step.seconds(),
                "label": &*e.label,
                "count": e.count(),
            })).collect::<Vec<_>>(),
            "peak": {
                "label": t.peak_span(),
                "start": t.start + t.peak as i64 * t.step.seconds(),
                "count": t.steps[t.peak].count(),
            },
            "first": json_moment(list, t.first.item, t.first.at),
            "latest": json_moment(list, t.latest.item, t.latest.at),
        })
    });
    let mut doc = json!({
        "target": list.what,
        "items": total,
        "comments": insights.comments,
        "replies": insights.replies,
        "words": json_entries(&insights.words, total),
        "phrases": json_entries(&insights.phrases, total),
        "stickers": json_entries(&insights.stickers, total),
        "emoji": json_entries(&insights.emoji, total),
        "hashtags": json_entries(&insights.hashtags, total),
        "mentions": json_entries(&insights.mentions, total),
        "regions": {
            "top": json_entries(&insights.regions, total),
            "unknown": insights.unknown_region.count(),
            "distinct": insights.distinct_regions,
        },
        "time": time,
        "undated": insights.undated.count(),
        "authors": {
            "top": json_entries(&insights.authors, total),
            "distinct": insights.distinct_authors,
        },
        "most_liked": json_standouts(&insights.most_liked, list),
        "author_liked": insights.author_liked.count(),
        "by_video_author": insights.by_video_author.count(),
    });
    if insights.comments > 0 {
        doc["most_replied"] = json_standouts(&insights.most_replied, list);
        doc["reply_spread"] = json_entries(&insights.reply_spread, insights.comments);
    }
    doc
}
