//! The harness for end-to-end tests: the real binary in a pseudo-terminal, its screen
//! parsed by vt100, its config, cache and log directories in a temp dir of their own,
//! and a mock Just One API on 127.0.0.1 serving a thread built from the recorded sample.
//!
//! Waits poll the parsed screen (or the mock's request log) with generous deadlines, and
//! a timeout fails with the last screen, so a failure on a slow CI machine says what the
//! program showed. Durations are never asserted. The screen waits block the test's thread;
//! that is fine inside `#[tokio::test]`, since wiremock serves from a thread of its own.

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The status bar's counts, "sent N · billed M · cached K", when the screen shows them.
pub fn status_counts(screen: &str) -> Option<(u64, u64, u64)> {
    let after = |text: &str, label: &str| -> Option<(u64, usize)> {
        let start = text.find(label)? + label.len();
        let digits: String = text[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        Some((digits.parse().ok()?, start + digits.len()))
    };
    let (sent, end) = after(screen, "sent ")?;
    let (billed, more) = after(&screen[end..], "billed ")?;
    let (cached, _) = after(&screen[end + more..], "cached ")?;
    Some((sent, billed, cached))
}

/// Long enough for a shared CI machine; a passing run never waits this long.
pub const TIMEOUT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(25);

pub const TOKEN: &str = "test-token-XYZ";
pub const CID: &str = "7251524159191958327";
/// The documented endpoint, spelled out rather than taken from the crate.
pub const REPLIES_PATH: &str = "/api/douyin/get-video-sub-comment/v1";

pub mod keys {
    pub const ENTER: &str = "\r";
    pub const ESC: &str = "\x1b";
    pub const TAB: &str = "\t";
    pub const PAGE_DOWN: &str = "\x1b[6~";
    pub const CTRL_C: &str = "\x03";
    pub const CTRL_U: &str = "\x15";
}

// ---------------------------------------------------------------------------------------
// Directories

/// A home of its own: `HOME` and the four XDG directories the program reads, all inside
/// one temp dir that is removed when the test ends. Reusing one `Home` across two runs is
/// how a test sees what the first run left (the library and its page cache).
pub struct Home {
    root: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            root: tempfile::tempdir().expect("a temp dir"),
        }
    }

    pub fn root(&self) -> &Path {
        self.root.path()
    }

    pub fn home(&self) -> PathBuf {
        self.root().join("home")
    }

    pub fn config_home(&self) -> PathBuf {
        self.root().join("config")
    }

    pub fn cache_home(&self) -> PathBuf {
        self.root().join("cache")
    }

    pub fn state_home(&self) -> PathBuf {
        self.root().join("state")
    }

    pub fn data_home(&self) -> PathBuf {
        self.root().join("share")
    }

    /// The program's library (`$XDG_DATA_HOME/douyin-threads/library.sqlite3`).
    pub fn library_file(&self) -> PathBuf {
        self.data_home().join("douyin-threads/library.sqlite3")
    }

    /// Where the program looks for its config file (`directories` on Linux).
    pub fn config_file(&self) -> PathBuf {
        self.config_home().join("douyin-threads/config.toml")
    }

    /// Where the old page cache folder was (imported into the library once).
    pub fn cache_dir(&self) -> PathBuf {
        self.cache_home().join("douyin-threads")
    }

    /// The program's log directory.
    pub fn log_dir(&self) -> PathBuf {
        self.state_home().join("douyin-threads")
    }

    /// The program, without a terminal, living in this home: nothing from the test
    /// machine's environment (no token, base URL or proxy), its working directory the
    /// home's root, stdin empty.
    pub fn command(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_douyin-threads"));
        cmd.env_clear();
        for keep in ["PATH", "LLVM_PROFILE_FILE"] {
            if let Some(value) = std::env::var_os(keep) {
                cmd.env(keep, value);
            }
        }
        for dir in [self.home(), self.config_home(), self.cache_home()] {
            std::fs::create_dir_all(dir).expect("test dirs");
        }
        cmd.env("HOME", self.home())
            .env("XDG_CONFIG_HOME", self.config_home())
            .env("XDG_CACHE_HOME", self.cache_home())
            .env("XDG_STATE_HOME", self.state_home())
            .env("XDG_DATA_HOME", self.data_home())
            .current_dir(self.root())
            .stdin(std::process::Stdio::null());
        cmd
    }

    /// Every regular file below `dir` (none if it does not exist).
    pub fn files_under(dir: &Path) -> Vec<PathBuf> {
        let mut found = Vec::new();
        let mut todo = vec![dir.to_path_buf()];
        while let Some(dir) = todo.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                match entry.file_type() {
                    Ok(t) if t.is_dir() => todo.push(path),
                    Ok(t) if t.is_file() => found.push(path),
                    _ => {}
                }
            }
        }
        found.sort();
        found
    }

    /// The page bodies in the library, as `host kind key page`, in the order they were
    /// first stored (none when there is no library).
    pub fn cached_pages(&self) -> Vec<String> {
        self.library_rows(
            "SELECT host || ' ' || kind || ' ' || key || ' ' || page FROM pages ORDER BY id",
        )
    }

    /// The bytes the page bodies take in the library.
    pub fn cached_bytes(&self) -> u64 {
        self.library_rows("SELECT CAST(total(bytes) AS INTEGER) FROM pages")
            .first()
            .map_or(0, |n| n.parse().unwrap())
    }

    /// The first column of `sql`'s rows, as text, read from the library without writing.
    pub fn library_rows(&self, sql: &str) -> Vec<String> {
        if !self.library_file().exists() {
            return Vec::new();
        }
        let conn = rusqlite::Connection::open_with_flags(
            self.library_file(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .expect("the library opens");
        conn.busy_timeout(Duration::from_secs(20)).unwrap();
        let mut statement = conn.prepare(sql).expect("the query prepares");
        statement
            .query_map([], |row| {
                let value: rusqlite::types::Value = row.get(0)?;
                Ok(match value {
                    rusqlite::types::Value::Integer(n) => n.to_string(),
                    rusqlite::types::Value::Text(text) => text,
                    other => format!("{other:?}"),
                })
            })
            .expect("the query runs")
            .map(Result::unwrap)
            .collect()
    }
}

// ---------------------------------------------------------------------------------------
// The program in a pseudo-terminal

/// How to start the program.
pub struct Launch<'a> {
    home: &'a Home,
    args: Vec<String>,
    env: Vec<(String, String)>,
    rows: u16,
    cols: u16,
}

impl<'a> Launch<'a> {
    pub fn new(home: &'a Home) -> Launch<'a> {
        Launch {
            home,
            args: Vec::new(),
            env: Vec::new(),
            rows: 24,
            cols: 80,
        }
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// `--token TOKEN --base-url <server> [ID]`, the usual way the tests start it.
    pub fn api(self, server: &MockServer, comment_id: Option<&str>) -> Self {
        let with_server = self.args(["--token", TOKEN, "--base-url", &server.uri()]);
        match comment_id {
            Some(id) => with_server.args([id]),
            None => with_server,
        }
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    pub fn size(mut self, rows: u16, cols: u16) -> Self {
        self.rows = rows;
        self.cols = cols;
        self
    }

    pub fn spawn(self) -> Tui {
        Tui::spawn(self)
    }
}

/// The running program, its terminal, and its screen as a terminal would show it.
pub struct Tui {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    /// Keeps the pty open until the test is done with the screen; resizes it, reads termios.
    master: Box<dyn MasterPty + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote to the terminal.
    output: Arc<Mutex<Vec<u8>>>,
    reader_done: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    status: Option<ExitStatus>,
}

impl Tui {
    fn spawn(launch: Launch<'_>) -> Tui {
        let home = launch.home;
        for dir in [home.home(), home.config_home(), home.cache_home()] {
            std::fs::create_dir_all(dir).expect("test dirs");
        }
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: launch.rows,
                cols: launch.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");

        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_douyin-threads"));
        cmd.args(&launch.args);
        // Nothing from the developer's environment: no token, base URL or log filter, no
        // proxy (reqwest would send loopback requests to it), no real config or cache.
        cmd.env_clear();
        for keep in ["PATH", "LLVM_PROFILE_FILE", "RUST_BACKTRACE"] {
            if let Some(value) = std::env::var_os(keep) {
                cmd.env(keep, value);
            }
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home.home());
        cmd.env("XDG_CONFIG_HOME", home.config_home());
        cmd.env("XDG_CACHE_HOME", home.cache_home());
        cmd.env("XDG_STATE_HOME", home.state_home());
        cmd.env("XDG_DATA_HOME", home.data_home());
        for (key, value) in &launch.env {
            cmd.env(key, value);
        }
        cmd.cwd(home.root());

        let child = pair.slave.spawn_command(cmd).expect("the program starts");
        // Only the child may hold the slave side: the reader sees EOF when it exits.
        drop(pair.slave);

        let parser = Arc::new(Mutex::new(vt100::Parser::new(launch.rows, launch.cols, 0)));
        let reader_done = Arc::new(AtomicBool::new(false));
        let written = Arc::new(Mutex::new(Vec::new()));
        let mut output = pair.master.try_clone_reader().expect("the pty's output");
        let reader = {
            let (parser, done) = (Arc::clone(&parser), Arc::clone(&reader_done));
            let written = Arc::clone(&written);
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match output.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            parser.lock().unwrap().process(&buf[..n]);
                            written.lock().unwrap().extend_from_slice(&buf[..n]);
                        }
                    }
                }
                done.store(true, Ordering::SeqCst);
            })
        };
        let writer = pair.master.take_writer().expect("the pty's input");
        Tui {
            child,
            writer,
            master: pair.master,
            parser,
            output: written,
            reader_done,
            reader: Some(reader),
            status: None,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a running child has a pid")
    }

    /// The screen's text, rows joined by newlines.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Everything the program has written to the terminal so far, escape sequences and all.
    pub fn output(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    /// One row of the screen (0 is the top).
    pub fn row(&self, row: u16) -> String {
        let parser = self.parser.lock().unwrap();
        let cols = parser.screen().size().1;
        parser
            .screen()
            .rows(0, cols)
            .nth(usize::from(row))
            .unwrap_or_default()
    }

    /// Reads the parser's state, e.g. whether the alternate screen is on.
    pub fn with_screen<T>(&self, read: impl FnOnce(&vt100::Screen) -> T) -> T {
        read(self.parser.lock().unwrap().screen())
    }

    /// Whether the terminal is in raw mode (no line editing), read from the pty's termios
    /// through `Debug` since the flag types belong to portable-pty's `nix`.
    pub fn raw_mode(&self) -> bool {
        let termios = self.master.get_termios().expect("the pty's termios");
        !format!("{:?}", termios.local_flags).contains("ICANON")
    }

    /// Resizes the terminal, as a person dragging the window would (the program gets
    /// SIGWINCH).
    pub fn resize(&mut self, rows: u16, cols: u16) {
        // The parser first: the program redraws for the new size as soon as it hears.
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resizing the pty");
    }

    /// Types `keys` (raw bytes as a terminal would send them).
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("typing");
        self.writer.flush().expect("typing");
    }

    /// Waits until `ready` holds for the screen's text; returns that text. On timeout, fails
    /// with `what` and the last screen.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        self.wait_for_within(what, TIMEOUT, ready)
    }

    pub fn wait_for_within(
        &self,
        what: &str,
        timeout: Duration,
        ready: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if Instant::now() >= deadline {
                panic!("timed out after {timeout:?} waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |screen| screen.contains(text))
    }

    /// Waits until the screen shows every one of `texts` at once.
    ///
    /// Prefer this to waiting for one text and asserting on the rest: a frame reaches the
    /// terminal in several writes, top row first, so the screen seen when one text appears
    /// may not yet hold the rows below it.
    pub fn wait_for_all(&self, texts: &[&str]) -> String {
        self.wait_for(&format!("all of {texts:?}"), |screen| {
            texts.iter().all(|text| screen.contains(text))
        })
    }

    /// Sends `keys` again and again (every `every`) until the screen shows `text`.
    pub fn press_until(&mut self, keys: &str, every: Duration, text: &str) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if Instant::now() >= deadline {
                panic!(
                    "pressed {keys:?} for {TIMEOUT:?}, {text:?} never showed; the screen:\n{screen}"
                );
            }
            self.send(keys);
            std::thread::sleep(every);
        }
    }

    /// Waits for the program to exit and for its last output to reach the screen.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("the child's status") {
                break status;
            }
            if Instant::now() >= deadline {
                panic!(
                    "the program did not exit within {TIMEOUT:?}; the screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(POLL);
        };
        // The reader ends at EOF, once the output written before the exit is parsed.
        while !self.reader_done.load(Ordering::SeqCst) {
            if Instant::now() >= deadline {
                panic!("the pty never closed after the program exited");
            }
            std::thread::sleep(POLL);
        }
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        self.status = Some(status.clone());
        status
    }

    /// Quits with `q` (from the list) and checks the exit and the terminal left as found.
    pub fn quit_cleanly(&mut self) {
        self.send("q");
        let status = self.wait_exit();
        assert!(
            status.success(),
            "q should exit 0, got {status:?}; the screen:\n{}",
            self.screen()
        );
        self.assert_terminal_restored();
    }

    /// The alternate screen was left, the cursor is visible and line editing is back.
    pub fn assert_terminal_restored(&self) {
        let (alternate, hidden) = self.with_screen(|s| (s.alternate_screen(), s.hide_cursor()));
        assert!(!alternate, "still on the alternate screen");
        assert!(!hidden, "the cursor is still hidden");
        assert!(!self.raw_mode(), "the terminal is still in raw mode");
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        // A test that failed midway must not leave the program running.
        if self.status.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

// ---------------------------------------------------------------------------------------
// Frames drawn in memory

/// The text of each row inside `area`.
pub fn rows(buf: &ratatui::buffer::Buffer, area: ratatui::layout::Rect) -> Vec<String> {
    (area.top()..area.bottom())
        .map(|y| read_row(buf, area, y).0)
        .collect()
}

/// Row `y` of `area` as text, skipping the hidden second cell of each wide character, and
/// where each cell's symbol starts in it (byte offset, column).
pub fn read_row(
    buf: &ratatui::buffer::Buffer,
    area: ratatui::layout::Rect,
    y: u16,
) -> (String, Vec<(usize, u16)>) {
    let mut row = String::new();
    let mut starts = Vec::new();
    let mut x = area.left();
    while x < area.right() {
        let symbol = buf[(x, y)].symbol();
        starts.push((row.len(), x));
        row.push_str(symbol);
        x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
    }
    (row, starts)
}

/// The text without spaces, line breaks and pane borders, to find what wrapping split.
pub fn squashed(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect()
}

// ---------------------------------------------------------------------------------------
// The mock API

/// A thread of `replies` distinct replies served `per_page` at a time.
#[derive(Debug, Clone, Copy)]
pub struct MockThread {
    pub replies: u32,
    pub per_page: u32,
}

impl MockThread {
    /// A mock server answering a thread of `replies` replies, 10 a page.
    pub async fn serve(replies: u32) -> MockServer {
        let server = MockServer::start().await;
        MockThread {
            replies,
            per_page: 10,
        }
        .mount(&server)
        .await;
        server
    }

    pub fn pages(&self) -> u32 {
        self.replies.div_ceil(self.per_page)
    }

    /// The text of reply `n` (from 1), as the list shows it.
    pub fn text(n: u32) -> String {
        format!("reply {n:03} in the test thread")
    }

    /// The JSON body of `page` (from 1): the recorded sample's reply, made distinct per
    /// reply, and `has_more` 1 until the last page.
    pub fn body(&self, page: u32) -> Value {
        let sample: Value = serde_json::from_slice(
            &std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/get-video-sub-comment-v1.json"
            ))
            .expect("the sample"),
        )
        .expect("the sample is JSON");
        let template = sample["data"]["comments"][0].clone();
        let first = (page - 1) * self.per_page + 1;
        let last = (page * self.per_page).min(self.replies);
        let comments: Vec<Value> = (first..=last)
            .map(|n| {
                let mut reply = template.clone();
                reply["cid"] = json!(format!("72515366756787{n:05}"));
                reply["text"] = json!(MockThread::text(n));
                reply["user"]["nickname"] = json!(format!("user{n:03}"));
                reply["reply_id"] = json!(CID);
                reply
            })
            .collect();
        let mut body = sample;
        body["data"]["comments"] = json!(comments);
        body["data"]["has_more"] = json!(u8::from(page < self.pages()));
        body["data"]["cursor"] = json!(last);
        body["data"]["total"] = json!(self.replies);
        body
    }

    /// Mounts one mock per page; any other page is a 404 (the client does not retry it).
    pub async fn mount(&self, server: &MockServer) {
        for page in 1..=self.pages() {
            Mock::given(method("GET"))
                .and(path(REPLIES_PATH))
                .and(query_param("page", page.to_string()))
                .respond_with(ResponseTemplate::new(200).set_body_json(self.body(page)))
                .mount(server)
                .await;
        }
    }
}

/// The service's envelope for a failure with business `code`.
pub fn failure(code: i64, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "code": code,
        "message": message,
        "data": null,
        "recordTime": "2026-03-09 22:00:00",
        "requestId": "r-test",
    }))
}

/// Mounts `response` for `page`, ahead of any other mock for it.
pub async fn mount_page(server: &MockServer, page: u32, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(REPLIES_PATH))
        .and(query_param("page", page.to_string()))
        .respond_with(response)
        .with_priority(1)
        .mount(server)
        .await;
}

/// The video the mock knows.
pub const VIDEO: &str = "7300000000000000001";
/// The share link the mock resolves to [`VIDEO`].
pub const SHARE_URL: &str = "https://v.douyin.com/iAbCdEf/";
pub const COMMENTS_PATH: &str = "/api/douyin/get-video-comment/v1";
pub const PROFILE_PATH: &str = "/api/douyin/get-user-detail/v3";

/// Serves the recorded profile for any `secUid`.
pub async fn mount_profile(server: &MockServer) {
    let body = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/get-user-detail-v3.json"
    ))
    .expect("the profile sample");
    Mock::given(method("GET"))
        .and(path(PROFILE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(server)
        .await;
}
pub const SHARE_PATH: &str = "/api/douyin/share-url-transfer/v1";

/// The share text the app copies, around [`SHARE_URL`].
pub fn share_text() -> String {
    format!(
        "7.43 复制打开抖音，看看【测试用户的作品】测试视频的标题 {SHARE_URL} K@w.sr tRk:/ 06/06"
    )
}

/// Video [`VIDEO`] with `comments` top-level comments, 20 a page. Comment `n` (from 1)
/// has 12 replies, except every third, which has none.
#[derive(Debug, Clone, Copy)]
pub struct MockVideo {
    pub comments: u32,
}

impl MockVideo {
    pub const PER_PAGE: u32 = 20;

    pub fn pages(&self) -> u32 {
        self.comments.div_ceil(Self::PER_PAGE)
    }

    /// The text of comment `n` (from 1), as the list shows it.
    pub fn text(n: u32) -> String {
        format!("comment {n:03} on the test video")
    }

    pub fn replies(n: u32) -> u32 {
        if n.is_multiple_of(3) { 0 } else { 12 }
    }

    /// The JSON body of `page` (from 1), from the recorded comments sample.
    pub fn body(&self, page: u32) -> Value {
        let sample: Value = serde_json::from_slice(
            &std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/get-video-comment-v1.json"
            ))
            .expect("the sample"),
        )
        .expect("the sample is JSON");
        let template = sample["data"]["comments"][0].clone();
        let first = (page - 1) * Self::PER_PAGE + 1;
        let last = (page * Self::PER_PAGE).min(self.comments);
        let comments: Vec<Value> = (first..=last)
            .map(|n| {
                let mut comment = template.clone();
                comment["cid"] = json!(format!("73100000000000{n:05}"));
                comment["aweme_id"] = json!(VIDEO);
                comment["text"] = json!(MockVideo::text(n));
                comment["reply_comment_total"] = json!(MockVideo::replies(n));
                comment["user"]["nickname"] = json!(format!("commenter{n:03}"));
                comment
            })
            .collect();
        let mut body = sample;
        body["data"]["comments"] = json!(comments);
        body["data"]["has_more"] = json!(u8::from(page < self.pages()));
        body["data"]["cursor"] = json!(last);
        body["data"]["total"] = json!(self.comments);
        body
    }

    /// Mounts the comment pages and the share link that leads to the video.
    pub async fn mount(&self, server: &MockServer) {
        for page in 1..=self.pages() {
            Mock::given(method("GET"))
                .and(path(COMMENTS_PATH))
                .and(query_param("awemeId", VIDEO))
                .and(query_param("page", page.to_string()))
                .respond_with(ResponseTemplate::new(200).set_body_json(self.body(page)))
                .mount(server)
                .await;
        }
        mount_share(server).await;
    }
}

/// Mounts the share link [`SHARE_URL`], which leads to [`VIDEO`].
pub async fn mount_share(server: &MockServer) {
    let video_url = format!("https://www.iesdouyin.com/share/video/{VIDEO}/?region=CN");
    Mock::given(method("GET"))
        .and(path(SHARE_PATH))
        .and(query_param("shareUrl", SHARE_URL))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 0, "message": "success", "data": video_url,
        })))
        .mount(server)
        .await;
}

/// One request the program sent, as the tests care about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub path: String,
    pub token: Option<String>,
    pub comment_id: Option<String>,
    pub page: Option<u32>,
}

/// Every request the mock received, in order.
pub async fn sent(server: &MockServer) -> Vec<Sent> {
    let requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    requests
        .iter()
        .map(|r| {
            let param = |name: &str| {
                r.url
                    .query_pairs()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.into_owned())
            };
            Sent {
                path: r.url.path().to_owned(),
                token: param("token"),
                comment_id: param("commentId"),
                page: param("page").and_then(|p| p.parse().ok()),
            }
        })
        .collect()
}

/// How many requests went to `endpoint`.
pub async fn sent_to(server: &MockServer, endpoint: &str) -> usize {
    sent(server)
        .await
        .iter()
        .filter(|s| s.path == endpoint)
        .count()
}

/// The page numbers requested, in order.
pub async fn pages_sent(server: &MockServer) -> Vec<u32> {
    sent(server).await.iter().filter_map(|s| s.page).collect()
}

/// Waits until the requests received satisfy `ready`; returns them.
pub async fn wait_for_requests(
    server: &MockServer,
    what: &str,
    ready: impl Fn(&[Sent]) -> bool,
) -> Vec<Sent> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let received = sent(server).await;
        if ready(&received) {
            return received;
        }
        if Instant::now() >= deadline {
            panic!("timed out waiting for {what}; requests: {received:#?}");
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Asserts the program sent `expected` requests and sends no more on its own: waits until
/// its screen shows nothing loading (no spinner turns), then counts. A reader with nothing
/// loading has no request in flight nor one decided on, so no wait for silence is needed.
pub async fn assert_settled(tui: &Tui, server: &MockServer, expected: usize) {
    use douyin_threads::app::view::SPINNER;
    tui.wait_for("nothing loading", |screen| {
        !SPINNER.iter().any(|frame| screen.contains(frame))
    });
    let received = sent(server).await;
    assert_eq!(
        received.len(),
        expected,
        "requests: {:#?}",
        &received[expected.min(received.len())..]
    );
}

/// Every request went to the replies endpoint with our token and comment ID.
pub fn assert_all_for(received: &[Sent], comment_id: &str) {
    for request in received {
        assert_eq!(request.path, REPLIES_PATH, "{request:?}");
        assert_eq!(request.token.as_deref(), Some(TOKEN), "{request:?}");
        assert_eq!(
            request.comment_id.as_deref(),
            Some(comment_id),
            "{request:?}"
        );
    }
}
