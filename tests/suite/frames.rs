//! The frame cache never shows stale cells: after every step of a random session (keys,
//! resizes, the clock moving on, a reload that replaces every item with changed ones), a
//! `ui::Screen` that kept its rows and lines from the frames before draws exactly the
//! buffer `ui::render` draws from nothing.

use super::support::TOKEN;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use douyin_threads::api::{Call, Delivered, GLOBAL_BASE_URL, Origin, Payload, Token};
use douyin_threads::app::{App, Command, Msg};
use douyin_threads::config::Settings;
use douyin_threads::demo::DemoSource;
use douyin_threads::{launch, ui};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::path::PathBuf;
use std::time::Duration;

/// Thread A of the demo: 80 replies over several pages, CJK, emoji, a hostile reply.
const THREAD_A: &str = "7611524150996519591";

/// The demo's newest replies are a few days older than this.
const START: i64 = 1_772_760_000;

#[derive(Debug, Clone)]
enum Step {
    Key(KeyCode, KeyModifiers),
    Resize(u16, u16),
    /// The clock moves on by this many seconds.
    Wait(i64),
    /// `R` twice: the list is fetched again, and every item comes back changed.
    Reload,
}

fn step() -> impl Strategy<Value = Step> {
    let plain = |c: char| Step::Key(KeyCode::Char(c), KeyModifiers::NONE);
    let keys: Vec<Step> = "jjjjkkkJKgGnNfscu[]bP?/大理a 1"
        .chars()
        .map(plain)
        .chain(
            [
                KeyCode::Enter,
                KeyCode::Esc,
                KeyCode::Tab,
                KeyCode::BackTab,
                KeyCode::PageDown,
                KeyCode::PageUp,
                KeyCode::Backspace,
            ]
            .map(|code| Step::Key(code, KeyModifiers::NONE)),
        )
        .chain(['d', 'u', 'o'].map(|c| Step::Key(KeyCode::Char(c), KeyModifiers::CONTROL)))
        .collect();
    prop_oneof![
        8 => prop::sample::select(keys),
        1 => prop::sample::select(vec![(80u16, 24u16), (160, 48), (200, 60), (61, 17), (120, 30)])
            .prop_map(|(w, h)| Step::Resize(w, h)),
        1 => prop::sample::select(vec![0i64, 20, 61, 3_600, 86_400, 40 * 86_400])
            .prop_map(Step::Wait),
        1 => Just(Step::Reload),
    ]
}

/// The reader against an API answered at once from the demo's pages; after the `n`th
/// reload every text ends in " v`n`" and every like count is `n` higher.
struct Session {
    app: App,
    demo: DemoSource,
    pending: Vec<Command>,
    now: i64,
    version: u64,
    /// Kept from frame to frame, as the runtime keeps it.
    screen: ui::Screen,
    terminal: Terminal<TestBackend>,
}

impl Session {
    fn start() -> Session {
        let settings = Settings {
            token: Some(Token::new(TOKEN).expect("a valid token")),
            base_url: GLOBAL_BASE_URL.to_owned(),
            cache_max_age: Duration::from_secs(24 * 3600),
            cache_max_size: douyin_threads::library::DEFAULT_MAX_SIZE,
            library_path: None,
            config_path: Some(PathBuf::from(
                "/home/user/.config/douyin-threads/config.toml",
            )),
            demo: false,
            offline: false,
            refresh: false,
            target: Some(THREAD_A.to_owned()),
            keymap: Default::default(),
            no_color: false,
        };
        let (setup, _) = launch::plan(&settings, None).expect("these settings launch");
        let (app, pending) = App::new(setup, Rect::new(0, 0, 160, 48), START);
        let mut session = Session {
            app,
            demo: DemoSource::bundled().expect("the bundled demo decodes"),
            pending: Vec::new(),
            now: START,
            version: 0,
            screen: ui::Screen::default(),
            terminal: Terminal::new(TestBackend::new(160, 48)).expect("a test terminal"),
        };
        session.keep(pending);
        session.serve_all();
        session
    }

    /// The fetches to answer; the library's work is dropped (nothing it answers is drawn
    /// differently by a kept frame than by a fresh one).
    fn keep(&mut self, commands: Vec<Command>) {
        self.pending.extend(
            commands
                .into_iter()
                .filter(|c| matches!(c, Command::Fetch { .. })),
        );
    }

    fn serve_all(&mut self) {
        while !self.pending.is_empty() {
            let Command::Fetch { req, call, .. } = self.pending.remove(0) else {
                unreachable!("only fetches are kept")
            };
            let payload = match &call {
                Call::Replies { comment, page } => {
                    self.demo.replies_page_now(comment, *page).map(|mut page| {
                        for reply in &mut page.items {
                            self.change(&mut reply.post);
                        }
                        Payload::Replies(page)
                    })
                }
                Call::Comments { video, page } => {
                    self.demo.comments_page_now(video, *page).map(|mut page| {
                        for comment in &mut page.items {
                            self.change(&mut comment.post);
                        }
                        Payload::Comments(page)
                    })
                }
                // A profile or a share link: left loading.
                Call::Share { .. } | Call::Profile { .. } => continue,
            };
            let result = payload.map(|payload| Delivered::new(payload, Origin::Network));
            let more = self.app.update(Msg::Answer { req, call, result }, self.now);
            self.keep(more);
        }
    }

    fn change(&self, post: &mut douyin_threads::api::Post) {
        if self.version > 0 {
            post.text = format!("{} v{}", post.text, self.version).into();
            post.digg_count += self.version;
        }
    }

    fn update(&mut self, msg: Msg) {
        let more = self.app.update(msg, self.now);
        self.keep(more);
        self.serve_all();
    }

    fn play(&mut self, step: &Step) {
        match *step {
            Step::Key(code, modifiers) => self.update(Msg::Key(KeyEvent::new(code, modifiers))),
            Step::Resize(width, height) => {
                self.terminal =
                    Terminal::new(TestBackend::new(width, height)).expect("a test terminal");
                self.update(Msg::Resize { width, height });
            }
            Step::Wait(seconds) => {
                self.now += seconds;
                self.update(Msg::Tick);
            }
            Step::Reload => {
                self.version += 1;
                let reload = Msg::Key(KeyEvent::from(KeyCode::Char('R')));
                self.update(reload.clone());
                self.update(reload);
            }
        }
    }

    /// The frame the kept screen draws, and the one drawn from nothing.
    fn frames(&mut self) -> (Buffer, Buffer) {
        // The frames as drawn (the backend's copy keeps what the diff does not send: the
        // cells under a wide character).
        let Session { app, screen, .. } = self;
        let kept = self
            .terminal
            .draw(|frame| screen.render(app, frame))
            .expect("drawing into memory cannot fail")
            .buffer
            .clone();
        let size = self.app.size;
        let mut fresh =
            Terminal::new(TestBackend::new(size.width, size.height)).expect("a test terminal");
        let fresh = fresh
            .draw(|frame| ui::render(&self.app, frame))
            .expect("drawing into memory cannot fail")
            .buffer
            .clone();
        (kept, fresh)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_kept_screen_draws_what_a_frame_from_nothing_draws(
        steps in prop::collection::vec(step(), 1..60),
    ) {
        let mut session = Session::start();
        let (kept, fresh) = session.frames();
        prop_assert_eq!(kept, fresh, "the first frame");
        for (i, step) in steps.iter().enumerate() {
            session.play(step);
            let (kept, fresh) = session.frames();
            prop_assert_eq!(kept, fresh, "after step {} ({:?})", i, step);
        }
    }
}

/// The cache's hard cases, one by one: the same items come back changed at the same
/// addresses, the clock moves a row's age, the selection and the search move.
#[test]
fn a_kept_screen_follows_every_change_to_a_row() {
    let mut session = Session::start();
    let steps = [
        Step::Key(KeyCode::Char('j'), KeyModifiers::NONE),
        Step::Reload,
        Step::Wait(40 * 86_400),
        Step::Key(KeyCode::Char('/'), KeyModifiers::NONE),
        Step::Key(KeyCode::Char('大'), KeyModifiers::NONE),
        Step::Key(KeyCode::Enter, KeyModifiers::NONE),
        Step::Key(KeyCode::Char('b'), KeyModifiers::NONE),
        Step::Key(KeyCode::Tab, KeyModifiers::NONE),
        Step::Key(KeyCode::Char('f'), KeyModifiers::NONE),
        Step::Resize(200, 60),
        Step::Reload,
    ];
    let first = session.frames();
    assert_eq!(first.0, first.1);
    let mut previous = first.0;
    for step in &steps {
        session.play(step);
        let (kept, fresh) = session.frames();
        assert_eq!(kept, fresh, "after {step:?}");
        if matches!(step, Step::Reload | Step::Wait(_)) {
            // The rows' texts, likes or ages: what the cache must not keep.
            assert_ne!(kept, previous, "{step:?} changes the rows");
        }
        previous = kept;
    }
}
