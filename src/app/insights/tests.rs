//! The insights pane's behaviour in `update`: opening, closing, drilling down, loading the
//! rest, stale analyses.

use super::*;
use crate::api::{ApiError, Author, Call, Delivered, Origin, Page, Payload, Post, Reply};
use crate::app::{Msg, Setup};
use crate::ids::CommentId;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const NOW: i64 = 1_700_000_000;
const ID: &str = "7251524159191958327";
const REGIONS: [&str; 3] = ["广东", "北京", "广东"];

fn reply(i: u32) -> Reply {
    Reply {
        post: Post {
            cid: format!("{}", 1000 + i).into(),
            text: if i.is_multiple_of(3) {
                "这个视频真好看".into()
            } else {
                format!("第{i}条 回复").into()
            },
            create_time: NOW - 3_600 * i64::from(i % 5),
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

fn page(range: std::ops::Range<u32>, has_more: bool) -> Result<Delivered, ApiError> {
    Ok(Delivered {
        payload: Payload::Replies(Page {
            items: range.map(reply).collect(),
            has_more,
            total: Some(100),
        }),
        origin: Origin::Network,
        earlier: None,
    })
}

fn answer(req: u64, n: u32, result: Result<Delivered, ApiError>) -> Msg {
    Msg::Answer {
        req,
        call: Call::Replies {
            comment: CommentId::parse(ID).unwrap(),
            page: n,
        },
        result,
    }
}

fn press(app: &mut App, code: KeyCode) -> Vec<Command> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), NOW)
}

/// A thread of 100 replies with its first page of 20 loaded.
fn thread() -> App {
    let setup = Setup {
        initial: Some(ID.into()),
        ..Setup::default()
    };
    let (mut app, commands) = App::new(setup, Rect::new(0, 0, 80, 24), NOW);
    assert_eq!(fetches(&commands), 1);
    let req = app.thread.as_ref().unwrap().req;
    app.update(answer(req, 1, page(0..20, true)), NOW);
    app
}

fn fetches(commands: &[Command]) -> usize {
    commands
        .iter()
        .filter(|c| matches!(c, Command::Fetch { .. }))
        .count()
}

/// Runs the analyses among `commands` as the runtime would, and delivers them.
fn run_analyses(app: &mut App, commands: Vec<Command>) -> usize {
    let mut ran = 0;
    for command in commands {
        if let Command::Analyse { req, list } = command {
            let insights = Box::new(analyse(&list));
            app.update(Msg::Analysed { req, insights }, NOW);
            ran += 1;
        }
    }
    ran
}

fn opened(app: &mut App) {
    let commands = press(app, KeyCode::Char('I'));
    assert_eq!(run_analyses(app, commands), 1, "one analysis is asked for");
}

fn summary(app: &App) -> String {
    let view = app.insights_view().expect("the pane is open");
    view.summary
        .iter()
        .flat_map(|l| l.pieces.iter().map(|p| p.text.clone()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn selected_text(app: &App) -> String {
    let view = app.insights_view().unwrap();
    let line = &view.body[view.selected.unwrap()];
    line.pieces.iter().map(|p| p.text.as_str()).collect()
}

/// Moves the selection to the first row whose text contains `text`.
fn select_row(app: &mut App, text: &str) {
    press(app, KeyCode::Char('g'));
    for _ in 0..200 {
        if selected_text(app).contains(text) {
            return;
        }
        press(app, KeyCode::Char('j'));
    }
    panic!("no row shows {text}");
}

#[test]
fn i_opens_the_insights_and_esc_returns_to_the_same_selection() {
    let mut app = thread();
    for _ in 0..5 {
        press(&mut app, KeyCode::Char('j'));
    }
    let commands = press(&mut app, KeyCode::Char('I'));
    assert_eq!(fetches(&commands), 0, "insights fetch nothing");
    assert!(app.is_loading(), "the spinner turns while it analyses");
    assert!(
        summary(&app).contains("Loading the dictionary"),
        "{}",
        summary(&app)
    );
    run_analyses(&mut app, commands);
    assert_eq!(app.context(), crate::app::Context::Insights);
    let said = summary(&app);
    assert!(
        said.contains("From 20 of 100 replies loaded — L loads the rest: about 4 billed calls"),
        "{said}"
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.insights.is_none());
    assert_eq!(app.thread.as_ref().unwrap().list.view.selected(), 5);
}

#[test]
fn a_drill_down_shows_exactly_the_items_behind_the_row_and_esc_removes_it() {
    let mut app = thread();
    opened(&mut app);
    for (row, name) in [
        ("广东", "region 广东"),
        ("好看", "word 好看"),
        ("用户3", "author 用户3"),
    ] {
        if app.insights.is_none() {
            opened(&mut app);
        }
        select_row(&mut app, row);
        let shown = selected_text(&app);
        let count: usize = shown
            .split_whitespace()
            .find_map(|w| w.parse().ok())
            .expect("the row shows its count");
        press(&mut app, KeyCode::Enter);
        assert!(app.insights.is_none(), "Enter returns to the list");
        let list = &app.thread.as_ref().unwrap().list;
        assert_eq!(list.view.rows(), count, "{shown}");
        assert_eq!(
            app.lens_description().as_deref(),
            Some(&*format!("{name} · {count} of 20")),
        );
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.lens_description(), None, "Esc removes the drill-down");
        assert_eq!(app.thread.as_ref().unwrap().list.view.rows(), 20);
    }
}

#[test]
fn l_asks_first_then_fetches_exactly_the_pages_announced() {
    let mut app = thread();
    opened(&mut app);
    let first = press(&mut app, KeyCode::Char('L'));
    assert_eq!(fetches(&first), 0, "the first L only asks");
    let notice = app.notice.as_ref().unwrap().text.clone();
    assert!(notice.contains("about 4 billed calls"), "{notice}");
    let mut commands = press(&mut app, KeyCode::Char('L'));
    let req = app.thread.as_ref().unwrap().req;
    let mut fetched = 0;
    let mut analysed = 0;
    for n in 2.. {
        fetched += fetches(&commands);
        analysed += commands
            .iter()
            .filter(|c| matches!(c, Command::Analyse { .. }))
            .count();
        if fetches(&commands) == 0 {
            break;
        }
        assert!(summary(&app).contains(&format!("page {} of about 4", n - 1)));
        // The service says there is more even after the last page: the announced four
        // are all that is fetched.
        let from = (n - 1) * 20;
        commands = app.update(answer(req, n, page(from..from + 20, true)), NOW);
        assert!(n < 10, "loading must end");
    }
    assert_eq!(fetched, 4, "exactly the pages announced");
    assert_eq!(analysed, 1, "the insights are computed again when done");
    assert_eq!(app.thread.as_ref().unwrap().list.items().len(), 100);
}

#[test]
fn any_key_stops_loading_the_rest_keeping_what_came() {
    let mut app = thread();
    opened(&mut app);
    press(&mut app, KeyCode::Char('L'));
    let commands = press(&mut app, KeyCode::Char('L'));
    assert_eq!(fetches(&commands), 1);
    let req = app.thread.as_ref().unwrap().req;
    let next = app.update(answer(req, 2, page(20..40, true)), NOW);
    assert_eq!(fetches(&next), 1, "page 3 is on its way");
    let stop = press(&mut app, KeyCode::Char('j'));
    assert_eq!(fetches(&stop), 0);
    assert_eq!(run_analyses(&mut app, stop), 1, "what came is analysed");
    assert!(app.insights.is_some(), "the key only stopped the load");
    assert!(
        summary(&app).contains("From 40 of 100"),
        "{}",
        summary(&app)
    );
    // Page 3 still arrives and is kept, and asks for nothing more.
    let after = app.update(answer(req, 3, page(40..60, true)), NOW);
    assert_eq!(fetches(&after), 0);
    assert_eq!(app.thread.as_ref().unwrap().list.items().len(), 60);
}

#[test]
fn a_failed_page_stops_loading_the_rest_and_says_why() {
    let mut app = thread();
    opened(&mut app);
    press(&mut app, KeyCode::Char('L'));
    press(&mut app, KeyCode::Char('L'));
    let req = app.thread.as_ref().unwrap().req;
    let failed = Err(ApiError::DailyQuota);
    let commands = app.update(answer(req, 2, failed), NOW);
    assert_eq!(fetches(&commands), 0);
    assert_eq!(run_analyses(&mut app, commands), 1);
    let notice = app.notice.as_ref().unwrap();
    assert!(notice.is_error && notice.text.starts_with("Loading the rest stopped"));
}

#[test]
fn a_stale_analysis_is_ignored() {
    let mut app = thread();
    let old = press(&mut app, KeyCode::Char('I'));
    press(&mut app, KeyCode::Esc);
    let new = press(&mut app, KeyCode::Char('I'));
    let (Command::Analyse { req: old_req, .. }, Command::Analyse { req, list }) =
        (&old[0], &new[0])
    else {
        panic!("an analysis each time");
    };
    let mut stale = analyse(list);
    stale.words.clear();
    app.update(
        Msg::Analysed {
            req: *old_req,
            insights: Box::new(stale),
        },
        NOW,
    );
    assert!(summary(&app).contains("Analysing"), "still waiting");
    app.update(
        Msg::Analysed {
            req: *req,
            insights: Box::new(analyse(list)),
        },
        NOW,
    );
    assert!(summary(&app).contains("From 20 of 100"));
}
