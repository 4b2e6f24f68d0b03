//! The page cache seen from outside: the real binary run twice in a pseudo-terminal with
//! the same home (so the same library), against a mock API on 127.0.0.1 that counts what
//! it is asked. (The library's own rules are unit-tested in src/library/tests.rs.)

use super::support::*;
use wiremock::MockServer;

/// 8 replies: a first page of 5, too few to fill the list at 80×24, so the last page of 3
/// loads at once too.
const TWO_PAGES: MockThread = MockThread {
    replies: 8,
    per_page: 5,
};

/// Waits for the status bar to count `calls` API calls (sent, and billed: these tests have
/// no failures) and `cached` pages from the cache.
fn wait_for_counts(tui: &Tui, calls: u64, cached: u64) -> String {
    tui.wait_for(
        &format!("{calls} sent and billed, {cached} cached"),
        |screen| status_counts(screen) == Some((calls, calls, cached)),
    )
}

/// Runs the program once on `server` until the whole thread is on screen, then quits.
async fn fill_cache(home: &Home, server: &MockServer) {
    let mut tui = Launch::new(home).api(server, Some(CID)).spawn();
    tui.wait_for_text("end of thread");
    tui.quit_cleanly();
    assert_eq!(TWO_PAGES.pages() as usize, home.cached_pages().len());
}

/// A mock serving the two-page thread, and a home whose cache already holds it.
async fn a_cached_thread() -> (MockServer, Home) {
    let server = MockServer::start().await;
    TWO_PAGES.mount(&server).await;
    let home = Home::new();
    fill_cache(&home, &server).await;
    (server, home)
}

/// The program with `--offline` (and no token: offline needs none) on the thread.
fn launch_offline(home: &Home, server: &MockServer) -> Tui {
    Launch::new(home)
        .args(["--offline", "--base-url", &server.uri(), CID])
        .spawn()
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_fetched_once_are_read_from_the_cache_on_the_next_run() {
    let server = MockServer::start().await;
    TWO_PAGES.mount(&server).await;
    let home = Home::new();

    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();
    let screen = tui.wait_for_text("end of thread");
    assert!(!tui.row(0).contains("cached"), "{screen}");
    wait_for_counts(&tui, 2, 0);
    tui.quit_cleanly();
    assert_eq!(pages_sent(&server).await, [1, 2]);
    assert_all_for(&sent(&server).await, CID);

    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();
    let screen = tui.wait_for_all(&["end of thread", &MockThread::text(1)]);
    assert!(tui.row(0).contains("cached just now"), "{screen}");
    wait_for_counts(&tui, 0, 2);
    assert_settled(&tui, &server, 2).await;
    tui.quit_cleanly();
}

#[tokio::test(flavor = "multi_thread")]
async fn refresh_fetches_cached_pages_again() {
    let (server, home) = a_cached_thread().await;

    let mut tui = Launch::new(&home)
        .api(&server, Some(CID))
        .args(["--refresh"])
        .spawn();
    let screen = tui.wait_for_text("end of thread");
    wait_for_counts(&tui, 2, 0);
    assert!(!tui.row(0).contains("cached"), "{screen}");
    tui.quit_cleanly();
    assert_eq!(pages_sent(&server).await, [1, 2, 1, 2]);
}

#[tokio::test(flavor = "multi_thread")]
async fn capital_r_reloads_the_thread_from_the_api() {
    let (server, home) = a_cached_thread().await;

    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();
    tui.wait_for_text("end of thread");
    wait_for_counts(&tui, 0, 2);
    assert_settled(&tui, &server, 2).await;

    // The first R only asks, since every page fetched again is billed.
    tui.send("R");
    tui.wait_for_text("R again refetches 2 pages");
    assert_settled(&tui, &server, 2).await;
    tui.send("R");
    wait_for_requests(&server, "the reload", |r| r.len() == 4).await;
    let screen = wait_for_counts(&tui, 2, 2);
    tui.wait_for_text("end of thread");
    assert!(!tui.row(0).contains("cached"), "{screen}");
    assert_settled(&tui, &server, 4).await;
    assert_eq!(pages_sent(&server).await, [1, 2, 1, 2]);
    tui.quit_cleanly();
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_older_than_cache_max_age_are_fetched_again() {
    let server = MockServer::start().await;
    TWO_PAGES.mount(&server).await;
    let home = Home::new();
    std::fs::create_dir_all(home.config_file().parent().unwrap()).unwrap();
    std::fs::write(home.config_file(), "cache_max_age = 0\n").unwrap();
    fill_cache(&home, &server).await;

    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();
    tui.wait_for_text("end of thread");
    wait_for_counts(&tui, 2, 0);
    tui.quit_cleanly();
    assert_eq!(pages_sent(&server).await, [1, 2, 1, 2]);
}

#[tokio::test(flavor = "multi_thread")]
async fn offline_with_an_empty_cache_sends_nothing_and_says_so() {
    let server = MockServer::start().await;
    TWO_PAGES.mount(&server).await;
    let home = Home::new();

    let mut tui = launch_offline(&home, &server);
    tui.wait_for("the offline miss", |screen| {
        squashed(screen).contains(&squashed(&format!(
            "Page 1 failed. Page 1 of the replies to {CID} is not in the cache"
        )))
    });
    assert_settled(&tui, &server, 0).await;
    tui.quit_cleanly();
    assert!(home.cached_pages().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn offline_with_a_filled_cache_shows_the_thread() {
    let (server, home) = a_cached_thread().await;

    // No token: offline needs none.
    let mut tui = launch_offline(&home, &server);
    tui.wait_for_all(&["8 of 8 loaded · end of thread", &MockThread::text(1)]);
    wait_for_counts(&tui, 0, 2);
    assert_settled(&tui, &server, 2).await;
    tui.quit_cleanly();
}

#[tokio::test(flavor = "multi_thread")]
async fn offline_says_so_on_an_80_column_screen() {
    let (server, home) = a_cached_thread().await;

    let mut tui = launch_offline(&home, &server);
    let screen = tui.wait_for_text("end of thread");
    assert!(tui.row(0).contains("OFFLINE"), "{screen}");
    tui.quit_cleanly();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_page_is_not_cached_and_the_next_run_fetches_it() {
    let server = MockServer::start().await;
    // 601 is final: the client does not retry it, which keeps the test fast.
    mount_page(&server, 1, failure(601, "Insufficient Balance")).await;
    let home = Home::new();

    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();
    tui.wait_for_text("Insufficient balance");
    tui.quit_cleanly();
    assert_eq!(pages_sent(&server).await, [1]);
    assert_eq!(home.cached_pages(), Vec::<String>::new());

    // Same server (the cache is per host and port), now answering.
    server.reset().await;
    TWO_PAGES.mount(&server).await;
    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();
    let screen = tui.wait_for_all(&["end of thread", &MockThread::text(1)]);
    assert!(!tui.row(0).contains("cached"), "{screen}");
    wait_for_counts(&tui, 2, 0);
    tui.quit_cleanly();
    assert_eq!(pages_sent(&server).await, [1, 2]);
    assert_eq!(home.cached_pages().len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_token_is_written_to_no_file() {
    // Reserved characters, so the URL-encoded form differs from the plain one.
    const SECRET: &str = "test-token-XYZ+/=&?#";
    const ENCODED: &str = "test-token-XYZ%2B%2F%3D%26%3F%23";
    let server = MockThread::serve(25).await;
    // Page 3 fails with a message quoting the token, as a careless server might.
    mount_page(
        &server,
        3,
        failure(602, &format!("bad request token={SECRET} token={ENCODED}")),
    )
    .await;
    let home = Home::new();

    let mut tui = Launch::new(&home)
        .args(["--token", SECRET, "--base-url", &server.uri(), CID])
        .env("DOUYIN_THREADS_LOG", "trace")
        .spawn();
    tui.wait_for_text(&MockThread::text(1));
    tui.press_until("G", std::time::Duration::from_millis(100), "Page 3 failed");
    // The server's message is shown, with the token blanked out.
    let screen = tui.wait_for_text("code 602: bad request token=<token>");
    assert!(!screen.contains("test-token-XYZ"), "{screen}");
    tui.quit_cleanly();

    let received = sent(&server).await;
    assert_eq!(received.len(), 3, "{received:#?}");
    for request in &received {
        assert_eq!(request.token.as_deref(), Some(SECRET), "sent intact");
    }

    // Something was written, or this test would prove nothing.
    let log =
        std::fs::read_to_string(home.log_dir().join("douyin-threads.log")).expect("the log file");
    assert!(log.contains("page fetched"), "{log}");
    assert_eq!(home.cached_pages().len(), 2);

    let files = Home::files_under(home.root());
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        // The plain prefix catches the raw token and every encoding of its tail.
        for needle in ["test-token-XYZ", SECRET, ENCODED] {
            assert!(
                !text.contains(needle),
                "{} holds the token ({needle}):\n{text}",
                file.display()
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn capital_r_offline_says_nothing_was_fetched() {
    let (server, home) = a_cached_thread().await;

    let mut tui = launch_offline(&home, &server);
    tui.wait_for_all(&["end of thread", &MockThread::text(1)]);
    tui.send("R");
    // Offline, R has nothing new to read and says so instead of re-reading in silence.
    tui.wait_for_text("Nothing was fetched: --offline");
    wait_for_counts(&tui, 0, 2);
    assert_settled(&tui, &server, 2).await;
    tui.quit_cleanly();
}

// ---------------------------------------------------------------------------------------
// The size limit, and `douyin-threads cache [clear]`

/// Runs the real binary (no terminal) in `home`, with no token from the test machine.
fn run(home: &Home, args: &[&str]) -> std::process::Output {
    home.command()
        .args(args)
        .output()
        .expect("the program runs")
}

fn stdout_of(output: &std::process::Output) -> String {
    assert!(
        output.status.success(),
        "{:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn write_config(home: &Home, text: &str) {
    std::fs::create_dir_all(home.config_file().parent().unwrap()).unwrap();
    std::fs::write(home.config_file(), text).unwrap();
}

/// Stores `pages` pages of about 10 KB each of another thread straight into `home`'s
/// library, the first used longest ago.
fn stored_pages(home: &Home, pages: u32) {
    use douyin_threads::CommentId;
    use douyin_threads::api::Call;
    use douyin_threads::library::Library;
    let cache = Library::open(home.library_file(), std::time::Duration::from_secs(3600))
        .unwrap()
        .library;
    // Letters that do not repeat: the library compresses bodies, and a run of one letter
    // would store as almost nothing.
    let mut state = 0x2545_f491_u32;
    let text: String = (0..10_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            char::from(b'a' + (state % 26) as u8)
        })
        .collect();
    let body = format!(r#"{{"code":0,"data":{{"comments":[{{"cid":"1","text":"{text}"}}]}}}}"#);
    let body = douyin_threads::api::Token::new(super::support::TOKEN)
        .unwrap()
        .check(body.into_bytes())
        .expect("the body does not quote the token");
    for page in 1..=pages {
        let call = Call::Replies {
            comment: CommentId::parse("7000000000000000001").unwrap(),
            page,
        };
        cache
            .put("old.example", &call, &body, 1_700_000_000)
            .unwrap();
    }
    // Oldest use first, in whole minutes so the order cannot tie.
    let conn = rusqlite::Connection::open(home.library_file()).unwrap();
    let now = jiff::Timestamp::now().as_millisecond();
    for page in 1..=pages {
        let ago = 60_000 * (100 - i64::from(page));
        conn.execute(
            "UPDATE pages SET used_at = ?1 WHERE host = 'old.example' AND page = ?2",
            rusqlite::params![now - ago, page],
        )
        .unwrap();
    }
}

/// Page bodies in page order (a text's order puts 10 before 2).
fn by_page(mut pages: Vec<String>) -> Vec<String> {
    pages.sort_by_key(|p| p.rsplit(' ').next().and_then(|n| n.parse::<u32>().ok()));
    pages
}

fn cache_size(home: &Home) -> u64 {
    home.cached_bytes()
}

#[test]
fn the_cache_command_says_where_the_cache_is_and_how_full() {
    let home = Home::new();
    write_config(&home, "cache_max_size = \"50MB\"\n");
    let text = stdout_of(&run(&home, &["cache"]));
    assert!(
        text.contains(&format!("Cache: {}", home.library_file().display())),
        "{text}"
    );
    assert!(text.contains("nothing has been cached yet"), "{text}");

    stored_pages(&home, 3);
    let bytes = cache_size(&home);
    let text = stdout_of(&run(&home, &["cache"]));
    assert!(
        text.contains(&format!("Cache: {}\n", home.library_file().display())),
        "{text}"
    );
    let size = douyin_threads::format::size(bytes);
    assert!(
        text.contains(&format!("3 entries, {size} of 50 MB (cache_max_size)")),
        "{text}"
    );
    assert!(text.contains("3 pages of replies"), "{text}");
}

#[test]
fn cache_clear_empties_the_cache_and_says_how_much_was_freed() {
    let home = Home::new();
    let text = stdout_of(&run(&home, &["cache", "clear"]));
    assert!(text.contains("nothing to clear"), "{text}");

    stored_pages(&home, 4);
    let bytes = cache_size(&home);
    // Whatever else lives beside the library is not the cache's to remove.
    let other = home.library_file().with_file_name("keep-me.txt");
    std::fs::write(&other, b"mine").unwrap();
    let text = stdout_of(&run(&home, &["cache", "clear"]));
    let freed = douyin_threads::format::size(bytes);
    assert!(
        text.contains(&format!("removed 4 entries, freed {freed}")),
        "{text}"
    );
    assert_eq!(home.cached_pages(), Vec::<String>::new());
    assert_eq!(
        home.library_rows("SELECT count(*) FROM items"),
        ["1"],
        "the item the pages carried (the same one on each) stays"
    );
    assert!(other.exists());

    let text = stdout_of(&run(&home, &["cache", "clear"]));
    assert!(text.contains("is already empty"), "{text}");
    let text = stdout_of(&run(&home, &["cache"]));
    assert!(text.contains("0 entries, 0 bytes of 200 MB"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cache_over_cache_max_size_loses_the_pages_read_least_recently() {
    let server = MockServer::start().await;
    TWO_PAGES.mount(&server).await;
    let home = Home::new();
    stored_pages(&home, 20);
    let one = cache_size(&home) / 20;
    // Room for ten old pages: the export's first page takes the cache over it.
    write_config(&home, &format!("cache_max_size = {}\n", 10 * one));
    let old = by_page(home.cached_pages());

    let uri = server.uri();
    let output = {
        let args = [
            "--token",
            TOKEN,
            "--base-url",
            uri.as_str(),
            "export",
            CID,
            "-o",
            "replies.jsonl",
        ];
        // Off the async workers' hands, so the mock keeps answering.
        tokio::task::block_in_place(|| run(&home, &args))
    };
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(pages_sent(&server).await, [1, 2]);
    let left = home.cached_pages();
    assert!(cache_size(&home) <= 10 * one, "{left:#?}");
    assert_eq!(
        left.iter().filter(|p| !old.contains(p)).count(),
        2,
        "both new pages are kept: {left:#?}"
    );
    let kept_old: Vec<_> = old.iter().filter(|p| left.contains(p)).collect();
    assert!(!kept_old.is_empty() && kept_old.len() < 10, "{kept_old:#?}");
    // What stays of the old pages is the most recently used of them.
    let newest_old = &old[old.len() - kept_old.len()..];
    assert_eq!(kept_old, newest_old.iter().collect::<Vec<_>>());
}

// ---------------------------------------------------------------------------------------
// The library on the reader's first run: made after the first frame, not before it, with
// everything opening it did before still done and said.

/// What the old page cache wrote for `thread`: a header line, then the body as sent.
fn old_cache_entries(home: &Home, server: &MockServer, thread: &MockThread) -> std::path::PathBuf {
    let host = server.address().to_string();
    let folder = home
        .cache_dir()
        .join("pages")
        .join(host.replace(':', "_"))
        .join(CID);
    std::fs::create_dir_all(&folder).unwrap();
    for page in 1..=thread.pages() {
        let header = serde_json::json!({"version": 1,
            "fetched_at": jiff::Timestamp::now().as_second(),
            "host": host, "kind": "replies", "id": CID, "page": page});
        let mut bytes = serde_json::to_vec(&header).unwrap();
        bytes.push(b'\n');
        bytes.extend(serde_json::to_vec(&thread.body(page)).unwrap());
        std::fs::write(folder.join(format!("{page}.json")), bytes).unwrap();
    }
    folder
}

#[tokio::test(flavor = "multi_thread")]
async fn the_reader_brings_in_the_old_cache_folder_on_its_first_run_with_no_request() {
    let server = MockServer::start().await;
    TWO_PAGES.mount(&server).await;
    let home = Home::new();
    let folder = old_cache_entries(&home, &server, &TWO_PAGES);
    assert!(!home.library_file().exists());

    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();
    tui.wait_for_all(&["8 of 8 loaded · end of thread", &MockThread::text(1)]);
    wait_for_counts(&tui, 0, 2);
    assert_settled(&tui, &server, 0).await;
    tui.quit_cleanly();
    assert_eq!(home.cached_pages().len(), 2);
    assert!(
        !folder.join("1.json").exists(),
        "the folder's entries are gone"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn another_programs_file_at_the_library_path_is_moved_aside_and_the_reader_says_so() {
    let server = MockServer::start().await;
    TWO_PAGES.mount(&server).await;
    let home = Home::new();
    std::fs::create_dir_all(home.library_file().parent().unwrap()).unwrap();
    rusqlite::Connection::open(home.library_file())
        .unwrap()
        .execute_batch("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('粥');")
        .unwrap();

    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();
    let screen = tui.wait_for_text("end of thread");
    assert!(
        squashed(&screen).contains(&squashed(
            "The library was not a douyin-threads library: moved to"
        )),
        "{screen}"
    );
    tui.quit_cleanly();
    let aside: Vec<_> = std::fs::read_dir(home.library_file().parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("library.sqlite3.foreign-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        home.cached_pages().len(),
        2,
        "a new library holds the pages"
    );
    assert_eq!(sent(&server).await.len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_newer_library_stops_the_reader_before_the_terminal_with_its_message() {
    let home = Home::new();
    std::fs::create_dir_all(home.library_file().parent().unwrap()).unwrap();
    rusqlite::Connection::open(home.library_file())
        .unwrap()
        .execute_batch(
            "CREATE TABLE meta (key TEXT); PRAGMA application_id = 1148802152;
             PRAGMA user_version = 999;",
        )
        .unwrap();
    let before = std::fs::read(home.library_file()).unwrap();

    let output = run(&home, &["--token", TOKEN, CID]);
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("was written by a newer douyin-threads (schema version 999;"),
        "{said}"
    );
    assert!(output.stdout.is_empty(), "no terminal was set up");
    assert_eq!(std::fs::read(home.library_file()).unwrap(), before);
}

/// A data folder where no library can be made (a link to nowhere: looking finds no file
/// there, making the folder fails): the reader starts anyway and says so in the status
/// bar once its first frame is up; offline, where the library is all there is, the
/// program stops before the terminal, as it did.
#[tokio::test(flavor = "multi_thread")]
async fn a_library_that_cannot_be_made_is_said_and_stops_only_the_offline_reader() {
    let server = MockServer::start().await;
    TWO_PAGES.mount(&server).await;
    let home = Home::new();
    let folder = home.library_file().parent().unwrap().to_path_buf();
    std::fs::create_dir_all(home.data_home()).unwrap();
    std::os::unix::fs::symlink(home.root().join("nowhere/at/all"), &folder).unwrap();

    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();
    let screen = tui.wait_for_all(&["8 of 8 loaded · end of thread", "Library not written:"]);
    assert!(!screen.contains("LIBRARY NOT WRITTEN"), "{screen}");
    assert_settled(&tui, &server, 2).await;
    tui.quit_cleanly();

    let offline = run(&home, &["--offline", CID]);
    assert_eq!(offline.status.code(), Some(2));
    let said = String::from_utf8_lossy(&offline.stderr);
    assert!(
        said.contains("--offline needs the library, but there is none"),
        "{said}"
    );
    assert!(!home.root().join("nowhere").exists(), "nothing was made");
}
