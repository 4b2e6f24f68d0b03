//! The insights pane (`I`) on the bundled demo, drawn whole: the video's comments and a
//! thread, at 80×24 and 200×60. Keys go through `App::update` as the runtime sends them;
//! fetches are answered from the demo data and analyses run inline, as the runtime runs
//! them on the blocking pool.

use super::support::rows;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use douyin_threads::api::{Call, Delivered, GLOBAL_BASE_URL, Origin, Payload};
use douyin_threads::app::{App, Command, Msg};
use douyin_threads::config::Settings;
use douyin_threads::demo::DemoSource;
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
                        let insights = Box::new(douyin_threads::app::insights::analyse(&list));
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
