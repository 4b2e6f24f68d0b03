//! The insights pane (`I`) on the bundled demo, drawn whole: the video's comments and a
//! thread, at 80×24 and 200×60. Keys go through `App::update` as the runtime sends them;
//! fetches are answered from the demo data and analyses run inline, as the runtime runs
//! them on the blocking pool.

use super::support::rows;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use douyin_threads::api::{
    ApiError, Author, Call, Delivered, GLOBAL_BASE_URL, Origin, Page, Payload, Post, Reply,
};
use douyin_threads::app::{App, Command, Msg, Setup, insights};
use douyin_threads::config::Settings;
use douyin_threads::demo::DemoSource;
use douyin_threads::ids::CommentId;
use douyin_threads::launch;
use douyin_threads::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::path::PathBuf;
use std::time::Duration;

/// The clock the other snapshots use.
const NOW: i64 = 1_772_760_000;
const THREAD_A: &str = "7611524150996519591";
const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

struct Reader {
    app: App,
    demo: DemoSource,
    /// Analyses asked for (counted: a screen must not ask twice).
    analyses: usize,
}

impl Reader {
    fn demo(target: Option<&str>, (width, height): (u16, u16)) -> Reader {
        let settings = Settings {
            token: None,
            base_url: GLOBAL_BASE_URL.to_owned(),
            cache_max_age: Duration::from_secs(24 * 3600),
            cache_max_size: douyin_threads::library::DEFAULT_MAX_SIZE,
            library_path: None,
            config_path: Some(PathBuf::from(
                "/home/user/.config/douyin-threads/config.toml",
            )),
            demo: true,
            offline: false,
            refresh: false,
            target: target.map(str::to_owned),
            keymap: Default::default(),
            no_color: false,
        };
        let (setup, _) = launch::plan(&settings, None).expect("these settings launch");
        let (app, commands) = App::new(setup, Rect::new(0, 0, width, height), NOW);
        let demo = DemoSource::bundled().expect("the bundled demo decodes");
        let mut reader = Reader {
            app,
            demo,
            analyses: 0,
        };
        reader.run(commands);
        reader
    }

    /// Runs commands as the runtime does: fetches answered from the demo, analyses inline.
    fn run(&mut self, mut commands: Vec<Command>) {
        while !commands.is_empty() {
            let mut next = Vec::new();
            for command in commands {
                let msg = match command {
                    Command::Fetch { req, call, .. } => {
                        let payload = match &call {
                            Call::Replies { comment, page } => self
                                .demo
                                .replies_page_now(comment, *page)
                                .map(Payload::Replies),
                            Call::Comments { video, page } => self
                                .demo
                                .comments_page_now(video, *page)
                                .map(Payload::Comments),
                            other => unreachable!("the demo screens ask for no {other:?}"),
                        };
                        let result = payload.map(|p| Delivered::new(p, Origin::Demo));
                        Msg::Answer { req, call, result }
                    }
                    Command::Analyse { req, list } => {
                        self.analyses += 1;
                        let insights = Box::new(insights::analyse(&list));
                        Msg::Analysed { req, insights }
                    }
                    _ => continue,
                };
                next.extend(self.app.update(msg, NOW));
            }
            commands = next;
        }
    }

    fn press(&mut self, code: KeyCode) -> &mut Self {
        let commands = self
            .app
            .update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), NOW);
        self.run(commands);
        self
    }

    fn draw(&self) -> Terminal<TestBackend> {
        let size = self.app.size;
        let mut terminal = Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
        terminal.draw(|frame| ui::render(&self.app, frame)).unwrap();
        terminal
    }

    fn screen(&self) -> String {
        let terminal = self.draw();
        let buf = terminal.backend().buffer();
        rows(buf, buf.area).join("\n")
    }

    fn selected_row(&self) -> String {
        let view = self.app.insights_view().expect("the pane is open");
        let line = &view.body[view.selected.expect("a row is selected")];
        line.pieces.iter().map(|p| p.text.as_str()).collect()
    }
}

fn snapshot(name: &str, reader: &Reader) {
    let Rect { width, height, .. } = reader.app.size;
    insta::assert_snapshot!(
        format!("insights_{name}_{width}x{height}"),
        reader.draw().backend()
    );
}

#[test]
fn i_on_the_demo_videos_comments_shows_every_section() {
    for size in SIZES {
        let mut reader = Reader::demo(None, size);
        reader.press(KeyCode::Char('I'));
        assert_eq!(reader.analyses, 1);
        let screen = reader.screen();
        assert!(screen.contains("What people say"), "{screen}");
        assert!(screen.contains("comments loaded"), "{screen}");
        snapshot("demo_comments", &reader);
        // The pane scrolls to its last section.
        reader.press(KeyCode::Char('G'));
        let end = reader.screen();
        assert!(end.contains("comments by their replies"), "{end}");
    }
}

#[test]
fn i_on_a_demo_thread_names_its_peak_and_regions() {
    for size in SIZES {
        let mut reader = Reader::demo(Some(THREAD_A), size);
        reader.press(KeyCode::Char('I'));
        let screen = reader.screen();
        assert!(screen.contains("replies loaded"), "{screen}");
        snapshot("thread_a", &reader);
        reader.press(KeyCode::Char('G'));
        let end = reader.screen();
        assert!(end.contains("the most liked"), "{end}");
    }
}

#[test]
fn every_row_of_the_demo_drills_down_to_exactly_its_count() {
    let mut reader = Reader::demo(Some(THREAD_A), (80, 24));
    reader.press(KeyCode::Char('I'));
    let mut checked = 0;
    let mut last = String::new();
    for row in 0.. {
        reader.press(KeyCode::Char('g'));
        for _ in 0..row {
            reader.press(KeyCode::Char('j'));
        }
        let shown = reader.selected_row();
        // At the last row, j moves no more.
        if row > 0 && shown == last {
            break;
        }
        let count: Option<usize> = shown
            .split_whitespace()
            .find_map(|w| w.replace(',', "").parse().ok());
        reader.press(KeyCode::Enter);
        let rows = reader.app.thread.as_ref().unwrap().list.view.rows();
        let named = reader.app.lens_description().unwrap_or_default();
        if !shown.trim_start().starts_with('♥') {
            assert_eq!(Some(rows), count, "{shown}: {named}");
        } else {
            assert_eq!(rows, 1, "a most-liked row is one reply");
        }
        assert!(named.contains(&format!("· {rows} of ")), "{named}");
        reader.press(KeyCode::Esc);
        assert_eq!(reader.app.lens_description(), None);
        reader.press(KeyCode::Char('I'));
        last = shown;
        checked += 1;
        assert!(row < 200);
    }
    assert!(checked > 20, "every section has rows: {checked}");
}

// The pane's behaviour in `update`, without a terminal: opening, closing, drilling down,
// loading the rest (counting the fetches), stale analyses.

const UPDATE_NOW: i64 = 1_700_000_000;
const ID: &str = "7251524159191958327";
const REGIONS: [&str; 3] = ["广东", "北京", "广东"];

fn reply_n(i: u32) -> Reply {
    Reply {
        post: Post {
            cid: format!("{}", 1000 + i).into(),
            text: if i.is_multiple_of(3) {
                "这个视频真好看".into()
            } else {
                format!("第{i}条 回复").into()
            },
            create_time: UPDATE_NOW - 3_600 * i64::from(i % 5),
            ip_label: (i % 4 != 3).then(|| REGIONS[i as usize % 3].into()),
            author: Author {
                uid: format!("u{}", i % 7).into(),
                nickname: format!("用户{}", i % 7).into(),
                ..Author::default()
            },
            ..Post::default()
        },
        ..Reply::default()
    }
}

fn replies_page(range: std::ops::Range<u32>, has_more: bool) -> Result<Delivered, ApiError> {
    Ok(Delivered {
        payload: Payload::Replies(Page {
            items: range.map(reply_n).collect(),
            has_more,
            total: Some(100),
        }),
        origin: Origin::Network,
        earlier: None,
    })
}

fn answer_to(req: u64, n: u32, result: Result<Delivered, ApiError>) -> Msg {
    Msg::Answer {
        req,
        call: Call::Replies {
            comment: CommentId::parse(ID).unwrap(),
            page: n,
        },
        result,
    }
}

fn key(app: &mut App, code: KeyCode) -> Vec<Command> {
    app.update(
        Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        UPDATE_NOW,
    )
}

/// A thread of 100 replies with its first page of 20 loaded.
fn thread_of_100() -> App {
    let setup = Setup {
        initial: Some(ID.into()),
        ..Setup::default()
    };
    let (mut app, commands) = App::new(setup, Rect::new(0, 0, 80, 24), UPDATE_NOW);
    assert_eq!(fetches_in(&commands), 1);
    let req = app.thread.as_ref().unwrap().req;
    app.update(answer_to(req, 1, replies_page(0..20, true)), UPDATE_NOW);
    app
}

fn fetches_in(commands: &[Command]) -> usize {
    commands
        .iter()
        .filter(|c| matches!(c, Command::Fetch { .. }))
        .count()
}

/// Runs the analyses among `commands` as the runtime would, and delivers them.
fn run_analyses_in(app: &mut App, commands: Vec<Command>) -> usize {
    let mut ran = 0;
    for command in commands {
        if let Command::Analyse { req, list } = command {
            let insights = Box::new(insights::analyse(&list));
            app.update(Msg::Analysed { req, insights }, UPDATE_NOW);
            ran += 1;
        }
    }
    ran
}

fn open_insights(app: &mut App) {
    let commands = key(app, KeyCode::Char('I'));
    assert_eq!(
        run_analyses_in(app, commands),
        1,
        "one analysis is asked for"
    );
}

fn summary_of(app: &App) -> String {
    let view = app.insights_view().expect("the pane is open");
    view.summary
        .iter()
        .flat_map(|l| l.pieces.iter().map(|p| p.text.clone()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn selected_text_of(app: &App) -> String {
    let view = app.insights_view().unwrap();
    let line = &view.body[view.selected.unwrap()];
    line.pieces.iter().map(|p| p.text.as_str()).collect()
}

/// Moves the selection to the first row whose text contains `text`.
fn select_row_with(app: &mut App, text: &str) {
    key(app, KeyCode::Char('g'));
    for _ in 0..200 {
        if selected_text_of(app).contains(text) {
            return;
        }
        key(app, KeyCode::Char('j'));
    }
    panic!("no row shows {text}");
}

#[test]
fn i_opens_the_insights_and_esc_returns_to_the_same_selection() {
    let mut app = thread_of_100();
    for _ in 0..5 {
        key(&mut app, KeyCode::Char('j'));
    }
    let commands = key(&mut app, KeyCode::Char('I'));
    assert_eq!(fetches_in(&commands), 0, "insights fetch nothing");
    assert!(app.is_loading(), "the spinner turns while it analyses");
    assert!(
        summary_of(&app).contains("Loading the dictionary"),
        "{}",
        summary_of(&app)
    );
    run_analyses_in(&mut app, commands);
    assert_eq!(app.context(), douyin_threads::app::Context::Insights);
    let said = summary_of(&app);
    assert!(
        said.contains("From 20 of 100 replies loaded — L loads the rest: about 4 billed calls"),
        "{said}"
    );
    key(&mut app, KeyCode::Esc);
    assert!(app.insights.is_none());
    assert_eq!(app.thread.as_ref().unwrap().list.view.selected(), 5);
}

#[test]
fn a_drill_down_shows_exactly_the_items_behind_the_row_and_esc_removes_it() {
    let mut app = thread_of_100();
    open_insights(&mut app);
    for (row, name) in [
        ("广东", "region 广东"),
        ("好看", "word 好看"),
        ("用户3", "author 用户3"),
    ] {
        if app.insights.is_none() {
            open_insights(&mut app);
        }
        select_row_with(&mut app, row);
        let shown = selected_text_of(&app);
        let count: usize = shown
            .split_whitespace()
            .find_map(|w| w.parse().ok())
            .expect("the row shows its count");
        key(&mut app, KeyCode::Enter);
        assert!(app.insights.is_none(), "Enter returns to the list");
        let list = &app.thread.as_ref().unwrap().list;
        assert_eq!(list.view.rows(), count, "{shown}");
        assert_eq!(
            app.lens_description().as_deref(),
            Some(&*format!("{name} · {count} of 20")),
        );
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.lens_description(), None, "Esc removes the drill-down");
        assert_eq!(app.thread.as_ref().unwrap().list.view.rows(), 20);
    }
}

#[test]
fn l_asks_first_then_fetches_exactly_the_pages_announced() {
    let mut app = thread_of_100();
    open_insights(&mut app);
    let first = key(&mut app, KeyCode::Char('L'));
    assert_eq!(fetches_in(&first), 0, "the first L only asks");
    let notice = app.notice.as_ref().unwrap().text.clone();
    assert!(notice.contains("about 4 billed calls"), "{notice}");
    let mut commands = key(&mut app, KeyCode::Char('L'));
    let req = app.thread.as_ref().unwrap().req;
    let mut fetched = 0;
    let mut analysed = 0;
    for n in 2.. {
        fetched += fetches_in(&commands);
        analysed += commands
            .iter()
            .filter(|c| matches!(c, Command::Analyse { .. }))
            .count();
        if fetches_in(&commands) == 0 {
            break;
        }
        assert!(summary_of(&app).contains(&format!("page {} of about 4", n - 1)));
        // The service says there is more even after the last page: the announced four
        // are all that is fetched.
        let from = (n - 1) * 20;
        commands = app.update(
            answer_to(req, n, replies_page(from..from + 20, true)),
            UPDATE_NOW,
        );
        assert!(n < 10, "loading must end");
    }
    assert_eq!(fetched, 4, "exactly the pages announced");
    assert_eq!(analysed, 1, "the insights are computed again when done");
    assert_eq!(app.thread.as_ref().unwrap().list.items().len(), 100);
}

#[test]
fn any_key_stops_loading_the_rest_keeping_what_came() {
    let mut app = thread_of_100();
    open_insights(&mut app);
    key(&mut app, KeyCode::Char('L'));
    let commands = key(&mut app, KeyCode::Char('L'));
    assert_eq!(fetches_in(&commands), 1);
    let req = app.thread.as_ref().unwrap().req;
    let next = app.update(answer_to(req, 2, replies_page(20..40, true)), UPDATE_NOW);
    assert_eq!(fetches_in(&next), 1, "page 3 is on its way");
    let stop = key(&mut app, KeyCode::Char('j'));
    assert_eq!(fetches_in(&stop), 0);
    assert_eq!(run_analyses_in(&mut app, stop), 1, "what came is analysed");
    assert!(app.insights.is_some(), "the key only stopped the load");
    assert!(
        summary_of(&app).contains("From 40 of 100"),
        "{}",
        summary_of(&app)
    );
    // Page 3 still arrives and is kept, and asks for nothing more.
    let after = app.update(answer_to(req, 3, replies_page(40..60, true)), UPDATE_NOW);
    assert_eq!(fetches_in(&after), 0);
    assert_eq!(app.thread.as_ref().unwrap().list.items().len(), 60);
}

#[test]
fn a_failed_page_stops_loading_the_rest_and_says_why() {
    let mut app = thread_of_100();
    open_insights(&mut app);
    key(&mut app, KeyCode::Char('L'));
    key(&mut app, KeyCode::Char('L'));
    let req = app.thread.as_ref().unwrap().req;
    let failed = Err(ApiError::DailyQuota);
    let commands = app.update(answer_to(req, 2, failed), UPDATE_NOW);
    assert_eq!(fetches_in(&commands), 0);
    assert_eq!(run_analyses_in(&mut app, commands), 1);
    let notice = app.notice.as_ref().unwrap();
    assert!(notice.is_error && notice.text.starts_with("Loading the rest stopped"));
}

#[test]
fn a_stale_analysis_is_ignored() {
    let mut app = thread_of_100();
    let old = key(&mut app, KeyCode::Char('I'));
    key(&mut app, KeyCode::Esc);
    let new = key(&mut app, KeyCode::Char('I'));
    let (Command::Analyse { req: old_req, .. }, Command::Analyse { req, list }) =
        (&old[0], &new[0])
    else {
        panic!("an analysis each time");
    };
    let mut stale = insights::analyse(list);
    stale.words.clear();
    app.update(
        Msg::Analysed {
            req: *old_req,
            insights: Box::new(stale),
        },
        UPDATE_NOW,
    );
    assert!(summary_of(&app).contains("Analysing"), "still waiting");
    app.update(
        Msg::Analysed {
            req: *req,
            insights: Box::new(insights::analyse(list)),
        },
        UPDATE_NOW,
    );
    assert!(summary_of(&app).contains("From 20 of 100"));
}
