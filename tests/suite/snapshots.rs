//! Whole frames, as a reader sees them. The bundled demo threads (CJK, emoji, 作者赞过, a
//! hostile reply) are driven through `App::update` exactly as the runtime does — keys in,
//! fetch commands answered from the demo data — and drawn by `ui::render` on a
//! `TestBackend`. Each screen is shot at 80×24 (panes stacked) and 160×48 (side by side),
//! with a fixed clock so "5d" stays "5d".
//!
//! Reviewing a changed snapshot: read it as someone who reads Chinese would — columns line
//! up across CJK and emoji rows, cut text ends in "…", nothing crosses a border.

use super::support::{read_row, rows};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use douyin_threads::api::{ApiError, Call, Delivered, GLOBAL_BASE_URL, Origin, Payload};
use douyin_threads::app::{App, Command, Focus, Level, Msg};
use douyin_threads::config::Settings;
use douyin_threads::demo::DemoSource;
use douyin_threads::launch;
use douyin_threads::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Color;
use std::path::PathBuf;
use std::time::Duration;
use unicode_width::UnicodeWidthStr;

/// Half a day after the newest reply of thread C, so the three threads show ages from
/// hours to days.
const NOW: i64 = 1_772_760_000;

const THREAD_A: &str = "7611524150996519591";
const THREAD_C: &str = "7613731540051747163";
/// Thread A p8#5, by 👩🏻‍💻写代码的阿珍: 409 characters in four paragraphs, ending in a ZWJ
/// emoji, liked by the video's author.
const LONG_AUTHOR_LIKED: &str = "7611731873675935553";
/// Thread A p5#2: ESC [2J, OSC 0 with BEL, a bidi override, a zero-width space and a raw
/// C1 CSI, all in its text.
const HOSTILE: &str = "7611569351251501599";

const CONFIG_PATH: &str = "/home/user/.config/douyin-threads/config.toml";

/// A standard terminal, where the panes stack, and a wide one, where they sit side by side.
const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

/// The app as `douyin-threads --demo` runs it, except that each page it asks for is
/// answered at once from the demo data (or, for the failure scenario, refused).
struct Reader {
    app: App,
    demo: DemoSource,
    pending: Vec<Command>,
}

impl Reader {
    /// `douyin-threads --demo <id>`, before any page has come back.
    fn demo(id: &str, size: (u16, u16)) -> Reader {
        Reader::launch(settings(Some(id), true), size)
    }

    /// `douyin-threads` with no token and no demo.
    fn without_token(size: (u16, u16)) -> Reader {
        Reader::launch(settings(None, false), size)
    }

    fn launch(settings: Settings, (width, height): (u16, u16)) -> Reader {
        let (setup, _) = launch::plan(&settings, None).expect("these settings launch");
        let (app, pending) = App::new(setup, Rect::new(0, 0, width, height), NOW);
        let demo = DemoSource::bundled().expect("the bundled demo decodes");
        let mut reader = Reader {
            app,
            demo,
            pending: Vec::new(),
        };
        reader.keep(pending);
        reader
    }

    /// Keeps the fetches among `commands` to answer; the library's work (the demo's
    /// library of the session) changes nothing these screens show, and is dropped.
    fn keep(&mut self, commands: Vec<Command>) {
        self.pending.extend(
            commands
                .into_iter()
                .filter(|c| matches!(c, Command::Fetch { .. })),
        );
    }

    /// Answers the oldest outstanding request from the demo data.
    fn serve_next(&mut self) -> &mut Self {
        let Command::Fetch { req, call, .. } = self.pending.remove(0) else {
            unreachable!("only fetches are kept pending")
        };
        let payload = match &call {
            Call::Replies { comment, page } => self
                .demo
                .replies_page_now(comment, *page)
                .map(Payload::Replies),
            Call::Comments { video, page } => self
                .demo
                .comments_page_now(video, *page)
                .map(Payload::Comments),
            Call::Share { .. } | Call::Profile { .. } => {
                unreachable!("the demo screens open no share link and fetch no profile")
            }
        };
        let result = payload.map(|payload| Delivered::new(payload, Origin::Demo));
        self.deliver(req, call, result)
    }

    /// Answers every request, and every request those answers lead to.
    fn serve_all(&mut self) -> &mut Self {
        while !self.pending.is_empty() {
            self.serve_next();
        }
        self
    }

    /// Answers the oldest outstanding request with `error`.
    fn fail_next(&mut self, error: ApiError) -> &mut Self {
        let Command::Fetch { req, call, .. } = self.pending.remove(0) else {
            unreachable!("only fetches are kept pending")
        };
        self.deliver(req, call, Err(error))
    }

    fn deliver(&mut self, req: u64, call: Call, result: Result<Delivered, ApiError>) -> &mut Self {
        let more = self.app.update(Msg::Answer { req, call, result }, NOW);
        self.keep(more);
        self
    }

    /// A key press; the pages it asks for arrive before the next frame.
    fn press(&mut self, code: KeyCode) -> &mut Self {
        self.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn ctrl(&mut self, c: char) -> &mut Self {
        self.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    fn key(&mut self, key: KeyEvent) -> &mut Self {
        let more = self.app.update(Msg::Key(key), NOW);
        self.keep(more);
        self.serve_all()
    }

    fn type_text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
        self
    }

    /// Moves down the list with `j` until the reply `cid` is selected.
    fn select(&mut self, cid: &str) -> &mut Self {
        for _ in 0..200 {
            if self.selected_cid() == Some(cid) {
                return self;
            }
            self.press(KeyCode::Char('j'));
        }
        panic!("{cid} is not reachable with j");
    }

    fn selected_cid(&self) -> Option<&str> {
        self.app.list()?.selected_key()
    }

    /// Shrinks or grows the terminal, as a SIGWINCH would.
    fn resize(&mut self, (width, height): (u16, u16)) -> &mut Self {
        let more = self.app.update(Msg::Resize { width, height }, NOW);
        self.keep(more);
        self
    }

    /// What `ui::render` writes, before the terminal's diff decides what to send.
    fn render(&self) -> Buffer {
        let size = self.app.size;
        let mut terminal =
            Terminal::new(TestBackend::new(size.width, size.height)).expect("a test terminal");
        let mut frame = terminal.get_frame();
        ui::render(&self.app, &mut frame);
        frame.buffer_mut().clone()
    }

    /// The screen after drawing the app at its current size, as a terminal shows it.
    fn draw(&self) -> Terminal<TestBackend> {
        let size = self.app.size;
        let mut terminal =
            Terminal::new(TestBackend::new(size.width, size.height)).expect("a test terminal");
        terminal
            .draw(|frame| ui::render(&self.app, frame))
            .expect("drawing into memory cannot fail");
        terminal
    }
}

fn settings(target: Option<&str>, demo: bool) -> Settings {
    Settings {
        token: None,
        base_url: GLOBAL_BASE_URL.to_owned(),
        cache_max_age: Duration::from_secs(24 * 3600),
        cache_max_size: douyin_threads::library::DEFAULT_MAX_SIZE,
        library_path: None,
        config_path: Some(PathBuf::from(CONFIG_PATH)),
        demo,
        offline: false,
        refresh: false,
        target: target.map(str::to_owned),
        keymap: Default::default(),
        no_color: false,
    }
}

/// Snapshots the frame as `<screen>_<width>x<height>`, checks that no wide character was
/// drawn over, and returns the frame for further checks.
fn assert_frame(screen: &str, reader: &Reader) -> Terminal<TestBackend> {
    let terminal = snapshot(screen, reader);
    let split = split_wide_characters(&reader.render());
    assert_eq!(split, [], "drawn into the second half of a wide character");
    terminal
}

fn snapshot(screen: &str, reader: &Reader) -> Terminal<TestBackend> {
    let terminal = reader.draw();
    let Rect { width, height, .. } = reader.app.size;
    insta::assert_snapshot!(format!("{screen}_{width}x{height}"), terminal.backend());
    terminal
}

/// Cells that something was drawn into although a wide character (CJK, emoji) to their left
/// covers them. ratatui's diff assumes this never happens and does not send such a cell,
/// so what was drawn there never reaches the screen.
fn split_wide_characters(buf: &Buffer) -> Vec<Position> {
    let area = buf.area;
    let mut split = Vec::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let covered = buf[(x, y)].symbol().width() as u16;
            for hidden in (x + 1..x.saturating_add(covered)).take_while(|h| *h < area.right()) {
                if buf[(hidden, y)].symbol() != " " {
                    split.push(Position::new(hidden, y));
                }
            }
        }
    }
    split
}

/// Where `text` starts inside `area`, reading cells as a terminal shows them.
fn find(buf: &Buffer, area: Rect, text: &str) -> Option<Position> {
    (area.top()..area.bottom()).find_map(|y| {
        let (row, starts) = read_row(buf, area, y);
        let at = row.find(text)?;
        let (_, x) = starts.into_iter().find(|(byte, _)| *byte == at)?;
        Some(Position::new(x, y))
    })
}

fn shows(buf: &Buffer, area: Rect, text: &str) -> bool {
    find(buf, area, text).is_some()
}

/// Characters that must never reach a terminal cell: C0/C1 controls (ESC, BEL, the 8-bit
/// CSI), and the invisible bidi and zero-width marks that can disguise text.
fn is_unsafe_for_terminal(c: char) -> bool {
    let invisible = matches!(c, '\u{200b}' | '\u{200e}' | '\u{200f}');
    let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    c.is_control() || invisible || bidi
}

// The screens, each built through the public API only. The tiny-terminal test reuses them.

/// `douyin-threads --demo`: the bundled video's comments.
fn demo_video_comments(size: (u16, u16)) -> Reader {
    let mut reader = Reader::launch(settings(None, true), size);
    reader.serve_all();
    reader
}

/// From the video's comments, Enter on thread A's comment.
fn thread_a_from_its_comment(size: (u16, u16)) -> Reader {
    let mut reader = demo_video_comments(size);
    reader.select(THREAD_A).press(KeyCode::Enter);
    reader
}

/// Thread A, searched for 大理 (typed in full-width-insensitive form) and filtered to the
/// replies its video's author liked.
fn searched_and_filtered(size: (u16, u16)) -> Reader {
    let mut reader = thread_a_opened(size);
    reader
        .press(KeyCode::Char('/'))
        .type_text("大理")
        .press(KeyCode::Enter)
        .press(KeyCode::Char('f'));
    reader
}

fn thread_a_opened(size: (u16, u16)) -> Reader {
    let mut reader = Reader::demo(THREAD_A, size);
    reader.serve_all();
    reader
}

fn long_author_liked_reply_opened(size: (u16, u16)) -> Reader {
    let mut reader = thread_a_opened(size);
    reader.select(LONG_AUTHOR_LIKED).press(KeyCode::Enter);
    reader
}

fn hostile_reply_selected(size: (u16, u16)) -> Reader {
    let mut reader = thread_a_opened(size);
    reader.select(HOSTILE);
    reader
}

/// Page 1 arrives, `G` goes to the last reply, and page 2 hits the daily quota.
fn page_two_over_quota(size: (u16, u16)) -> Reader {
    let mut reader = Reader::demo(THREAD_A, size);
    reader.serve_next();
    let more = reader
        .app
        .update(Msg::Key(KeyEvent::from(KeyCode::Char('G'))), NOW);
    reader.keep(more);
    reader.fail_next(ApiError::DailyQuota);
    reader
}

fn thread_c_at_its_end(size: (u16, u16)) -> Reader {
    let mut reader = Reader::demo(THREAD_C, size);
    // The first G reaches the last loaded reply and brings the last page; the second, its end.
    reader
        .serve_all()
        .press(KeyCode::Char('G'))
        .press(KeyCode::Char('G'));
    reader
}

fn welcome_without_token(size: (u16, u16)) -> Reader {
    Reader::without_token(size)
}

fn help_over_thread_a(size: (u16, u16)) -> Reader {
    let mut reader = thread_a_opened(size);
    reader.press(KeyCode::Char('?'));
    reader
}

fn invalid_id_refused(size: (u16, u16)) -> Reader {
    let mut reader = thread_a_opened(size);
    reader
        .press(KeyCode::Char('i'))
        .ctrl('u')
        .type_text("72515abc")
        .press(KeyCode::Enter);
    reader
}

type Screen = (&'static str, fn((u16, u16)) -> Reader);

const SCREENS: [Screen; 11] = [
    (
        "search for 大理 over thread A, liked by the author",
        searched_and_filtered,
    ),
    ("demo video's comments", demo_video_comments),
    ("thread A from its comment", thread_a_from_its_comment),
    ("thread A opened", thread_a_opened),
    ("long author-liked reply", long_author_liked_reply_opened),
    ("hostile reply", hostile_reply_selected),
    ("page 2 over quota", page_two_over_quota),
    ("thread C at its end", thread_c_at_its_end),
    ("welcome without token", welcome_without_token),
    ("help", help_over_thread_a),
    ("invalid ID refused", invalid_id_refused),
];

#[test]
fn the_demo_opens_on_the_first_reply_of_thread_a() {
    for size in SIZES {
        let reader = thread_a_opened(size);
        assert_eq!(reader.app.focus, Focus::List);
        let terminal = assert_frame("demo_thread_a_first_reply_selected", &reader);
        let buf = terminal.backend().buffer();
        assert!(shows(buf, reader.app.panes().header, "DEMO DATA"));
        assert!(shows(buf, reader.app.panes().status, "j next"));
    }
}

#[test]
fn a_long_author_liked_reply_reads_in_the_detail_pane_with_its_badge() {
    for size in SIZES {
        let reader = long_author_liked_reply_opened(size);
        assert_eq!(reader.app.focus, Focus::Detail);
        let terminal = assert_frame("long_author_liked_reply_in_detail", &reader);
        let buf = terminal.backend().buffer();
        let detail = reader.app.panes().detail;
        assert!(
            shows(buf, detail, "👩写代码的阿珍"),
            "the ZWJ sequence drawn as its first emoji"
        );
        let badge = find(buf, detail, "作者赞过").expect("the detail shows 作者赞过");
        assert_ne!(
            buf[badge].bg,
            Color::Reset,
            "作者赞过 is the one label that must stand out"
        );
    }
}

#[test]
fn the_end_of_a_long_reply_and_its_author_profile_scroll_into_view() {
    // At 80×24 only; at 160×48 the whole reply and profile fit without scrolling.
    let mut reader = long_author_liked_reply_opened((80, 24));
    reader.press(KeyCode::Char('G'));
    let terminal = assert_frame("long_author_liked_reply_scrolled_to_profile", &reader);
    let detail = reader.app.panes().detail;
    assert!(shows(terminal.backend().buffer(), detail, "Counts"));
}

#[test]
fn hostile_text_reaches_the_screen_inert() {
    for size in SIZES {
        let reader = hostile_reply_selected(size);
        let terminal = assert_frame("hostile_reply_selected", &reader);
        let buf = terminal.backend().buffer();
        assert!(shows(buf, reader.app.panes().detail, "看这里👉"));
        for cell in buf.content() {
            assert!(
                !cell.symbol().chars().any(is_unsafe_for_terminal),
                "a cell holds {:?}",
                cell.symbol()
            );
        }
    }
}

#[test]
fn a_page_over_quota_says_so_in_the_list_and_its_title() {
    for size in SIZES {
        let reader = page_two_over_quota(size);
        let terminal = assert_frame("page_two_over_daily_quota", &reader);
        let buf = terminal.backend().buffer();
        let list = reader.app.panes().list;
        assert!(shows(buf, list, "✗ page 2: daily quota exceeded"));
        assert!(shows(buf, list, "✗ Page 2 failed. Daily quota exceeded"));
    }
}

#[test]
fn the_last_reply_of_a_finished_thread_is_followed_by_end_of_thread() {
    for size in SIZES {
        let reader = thread_c_at_its_end(size);
        let terminal = assert_frame("thread_c_end_of_thread", &reader);
        let buf = terminal.backend().buffer();
        let list = reader.app.panes().list;
        assert!(shows(buf, list, "12 of 12 loaded · end of thread"));
        assert!(shows(buf, list, "— end of thread: 12 replies —"));
    }
}

#[test]
fn without_a_token_the_welcome_says_how_to_set_one() {
    for size in SIZES {
        let reader = welcome_without_token(size);
        assert_eq!(reader.app.focus, Focus::Input);
        let terminal = assert_frame("welcome_without_token", &reader);
        let buf = terminal.backend().buffer();
        let panes = reader.app.panes();
        let main = panes.list.union(panes.detail);
        assert!(shows(buf, main, "export JUSTONEAPI_TOKEN=your-token"));
        assert!(shows(buf, main, CONFIG_PATH));
        assert!(shows(buf, main, "douyin-threads --demo"));
    }
}

#[test]
fn question_mark_shows_every_key() {
    for size in SIZES {
        let reader = help_over_thread_a(size);
        assert!(reader.app.help.is_some());
        // Not `assert_frame`: the overlay still splits wide characters, see the ignored
        // test below.
        let terminal = snapshot("help_overlay", &reader);
        let buf = terminal.backend().buffer();
        let (lines, area) = reader.app.help_view();
        let rows = usize::from(area.height - 2);
        for line in lines.iter().take(rows) {
            let text = line.text();
            assert!(shows(buf, buf.area, text.trim()), "not in full: {text}");
        }
    }
}

#[test]
fn the_help_overlay_keeps_its_border_over_chinese_text() {
    for size in SIZES {
        let split = split_wide_characters(&help_over_thread_a(size).render());
        assert_eq!(split, [], "at {size:?}");
    }
}

#[test]
fn an_id_with_letters_is_refused_before_anything_is_sent() {
    for size in SIZES {
        let reader = invalid_id_refused(size);
        assert!(reader.pending.is_empty(), "nothing is fetched");
        assert_eq!(reader.app.focus, Focus::Input);
        let terminal = assert_frame("invalid_id_refused", &reader);
        let buf = terminal.backend().buffer();
        let panes = reader.app.panes();
        assert!(shows(buf, panes.input, "72515abc"));
        assert!(shows(buf, panes.status, "is not a comment ID"));
    }
}

#[test]
fn small_terminals_show_what_fits() {
    for size in [(10, 5), (30, 8), (40, 10)] {
        assert_frame("small_terminal_thread_a", &thread_a_opened(size));
    }
}

#[test]
fn a_small_terminal_still_shows_the_selected_reply() {
    let reader = thread_a_opened((40, 10));
    let terminal = reader.draw();
    let list = reader.app.panes().list;
    assert!(shows(terminal.backend().buffer(), list, "阿木在路上"));
}

#[test]
fn every_screen_draws_in_tiny_terminals_without_panicking() {
    for size in [(1, 1), (2, 2), (10, 5), (30, 8), (40, 10)] {
        for (screen, build) in SCREENS {
            // Printed only when a draw panics, to say which one.
            eprintln!("{screen}, opened at {size:?}");
            build(size).draw();
            eprintln!("{screen}, shrunk from 80×24 to {size:?}");
            build((80, 24)).resize(size).draw();
        }
    }
}

#[test]
fn a_cut_reply_to_name_stays_apart_from_the_text() {
    for size in SIZES {
        let reader = thread_a_opened(size);
        let terminal = reader.draw();
        for row in rows(terminal.backend().buffer(), reader.app.panes().list) {
            let Some((_, after)) = row.split_once("↳ @") else {
                continue;
            };
            let name = after.split(' ').next().unwrap_or_default();
            assert!(
                !name.trim_end_matches('…').contains('…'),
                "name and text run together in {row:?}"
            );
        }
    }
}

#[test]
fn wrapped_chinese_never_starts_a_line_with_closing_punctuation() {
    const CLOSING: &str = "，。、；：！？）】》」』”’…";
    let reader = long_author_liked_reply_opened((160, 48));
    let terminal = reader.draw();
    let detail = reader.app.panes().detail_inner();
    for row in rows(terminal.backend().buffer(), detail) {
        let first = row.chars().next().unwrap_or(' ');
        assert!(
            !CLOSING.contains(first),
            "a line starts with {first}: {row:?}"
        );
    }
}

#[test]
fn the_list_key_hints_fit_a_standard_terminal() {
    let reader = thread_a_opened((80, 24));
    let terminal = reader.draw();
    let status = reader.app.panes().status;
    assert!(shows(terminal.backend().buffer(), status, "q quit"));
}

#[test]
fn help_opens_with_f1_from_the_input_and_scrolls_where_it_does_not_fit() {
    let mut reader = Reader::without_token((40, 12));
    assert_eq!(reader.app.focus, Focus::Input);
    reader.press(KeyCode::Char('?'));
    assert!(reader.app.help.is_none(), "? is text in the input");
    reader.press(KeyCode::F(1));
    let top = reader.render();
    let (lines, area) = reader.app.help_view();
    let rows = usize::from(area.height - 2);
    assert!(lines.len() > rows, "the help is longer than 12 rows");
    let more = format!("↓ {} more", lines.len() - rows);
    assert!(shows(&top, area, &more), "the help says there is more");
    snapshot("help_scrolls", &reader);

    reader.press(KeyCode::Char('j'));
    assert_eq!(reader.app.help, Some(1));
    reader.press(KeyCode::End);
    let bottom = reader.render();
    let last = lines.last().unwrap().text();
    assert!(
        shows(&bottom, area, last.trim()),
        "the last key is reachable"
    );
    assert!(!shows(&bottom, area, "more:"), "and nothing is below it");
    reader.press(KeyCode::Esc);
    assert!(reader.app.help.is_none());
    assert_eq!(
        reader.app.focus,
        Focus::Input,
        "the help came and went over the input"
    );
}

#[test]
fn the_counts_stay_in_view_beside_a_message_at_80_columns() {
    let mut reader = page_two_over_quota((80, 24));
    for billed in [true, false, true] {
        reader.app.update(Msg::ApiCall { billed }, NOW);
    }
    let terminal = reader.draw();
    let status = reader.app.panes().status;
    let buf = terminal.backend().buffer();
    assert!(shows(buf, status, "Daily quota exceeded"));
    assert!(shows(buf, status, "sent 3 · billed 2 · cached 0"));
}

#[test]
fn the_demo_starts_on_a_videos_comments_with_their_reply_counts() {
    for size in SIZES {
        let reader = demo_video_comments(size);
        assert_eq!(reader.app.level, Level::Comments);
        let terminal = assert_frame("demo_video_comments", &reader);
        let buf = terminal.backend().buffer();
        let panes = reader.app.panes();
        assert!(shows(buf, panes.header, "comments on 《"));
        assert!(shows(buf, panes.list, "Comments "));
        assert!(
            shows(buf, panes.list, "↩ 167"),
            "thread A's comment counts 167 replies"
        );
    }
}

#[test]
fn a_comments_replies_open_under_it_and_esc_goes_back() {
    for size in SIZES {
        let mut reader = thread_a_from_its_comment(size);
        assert_eq!(reader.app.level, Level::Replies);
        let terminal = assert_frame("thread_a_from_its_comment", &reader);
        let buf = terminal.backend().buffer();
        let panes = reader.app.panes();
        assert!(shows(buf, panes.header, "› replies to @"));
        assert!(shows(
            buf,
            panes.detail,
            "replying to the top-level comment"
        ));
        reader.press(KeyCode::Esc);
        assert_eq!(reader.app.level, Level::Comments);
        assert_eq!(
            reader.selected_cid(),
            Some(THREAD_A),
            "back on the same comment"
        );
        assert!(reader.pending.is_empty(), "going back asks for nothing");
    }
}

#[test]
fn a_search_is_highlighted_in_the_list_and_the_detail_and_named_in_the_header() {
    for size in SIZES {
        let reader = searched_and_filtered(size);
        let terminal = assert_frame("searched_and_filtered", &reader);
        let buf = terminal.backend().buffer();
        let panes = reader.app.panes();
        assert!(shows(buf, panes.list, "liked by the author"));
        assert!(shows(buf, panes.list, "match"));
        for pane in [panes.list, panes.detail] {
            let at = find(buf, pane, "大理").expect("a match in view");
            assert_ne!(
                buf[at].bg,
                Color::Reset,
                "the match is highlighted in {pane:?}"
            );
        }
    }
}

#[test]
fn no_color_draws_without_colours_and_marks_by_reverse_video() {
    let mut reader = searched_and_filtered((80, 24));
    reader.app.no_color = true;
    let buf = reader.render();
    for cell in &buf.content {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    let list = reader.app.panes().list_inner();
    let selected = Position::new(list.x, list.y);
    assert!(
        buf[selected]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED),
        "the selection stands out without colour"
    );
}

/// The status bar's rows as text, one line, spaces collapsed.
fn status_text(reader: &Reader, terminal: &Terminal<TestBackend>) -> String {
    let status = reader.app.panes().status;
    rows(terminal.backend().buffer(), status)
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_refusal_longer_than_the_status_line_is_read_whole_at_80_columns_its_point_first_at_40() {
    let reader = invalid_id_refused((80, 24));
    let terminal = assert_frame("invalid_id_refused_whole", &reader);
    let text = status_text(&reader, &terminal);
    assert!(text.contains("Accepted: a comment ID"), "{text}");
    assert!(text.contains("Nothing was sent."), "{text}");
    assert!(text.contains("sent 0 · billed 0 · cached 0"), "{text}");

    let reader = invalid_id_refused((40, 12));
    let terminal = assert_frame("invalid_id_refused_whole", &reader);
    let text = status_text(&reader, &terminal);
    assert!(
        text.starts_with("\"72515abc\" is not a comment ID, a video link or a share link."),
        "{text}"
    );
}

#[test]
fn a_long_message_after_e_shows_the_whole_file_name_at_120_columns() {
    let mut reader = thread_a_opened((120, 30));
    let text = format!(
        "Wrote 10 replies to ./{THREAD_A}-replies.jsonl — the loaded replies, in JSON lines; nothing was fetched."
    );
    reader.app.update(
        Msg::Said(douyin_threads::app::Notice {
            text,
            is_error: false,
        }),
        NOW,
    );
    let terminal = reader.draw();
    let shown = status_text(&reader, &terminal);
    assert!(
        shown.contains(&format!("./{THREAD_A}-replies.jsonl")),
        "{shown}"
    );
    assert!(shown.contains("nothing was fetched."), "{shown}");
}

#[test]
fn the_welcome_scrolls_to_the_token_instructions_at_40x12() {
    let mut reader = welcome_without_token((40, 12));
    let panes = reader.app.panes();
    let main = panes.list.union(panes.detail);
    let terminal = reader.draw();
    assert!(
        !shows(terminal.backend().buffer(), main, "--demo"),
        "not in view yet"
    );
    assert!(
        shows(terminal.backend().buffer(), main, "more"),
        "says there is more"
    );
    reader.press(KeyCode::Esc);
    for _ in 0..4 {
        reader.press(KeyCode::PageDown);
    }
    let terminal = assert_frame("welcome_scrolled_to_its_end", &reader);
    let buf = terminal.backend().buffer();
    assert!(shows(buf, main, "--demo"), "the last line is reachable");
    reader.press(KeyCode::Char('g'));
    let terminal = reader.draw();
    assert!(
        shows(terminal.backend().buffer(), main, "Paste a Douyin"),
        "and the first again"
    );
}
