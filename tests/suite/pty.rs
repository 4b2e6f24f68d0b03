//! The real binary in a pseudo-terminal against a mock API on 127.0.0.1: paging to the end
//! of a thread, refusing a bad ID, a failed page and `r`, the demo, the no-token screen,
//! paste and resize, and the terminal given back on `q`, Ctrl-C and SIGTERM, also while a
//! page is in flight.

use super::support::*;
use std::time::Duration;
use wiremock::MockServer;

/// How often a key is pressed again while waiting for the screen to catch up.
const KEY_REPEAT: Duration = Duration::from_millis(100);

#[tokio::test(flavor = "multi_thread")]
async fn scrolling_to_the_end_fetches_every_page_once_and_q_restores_the_terminal() {
    let server = MockServer::start().await;
    let thread = MockThread {
        replies: 45,
        per_page: 10,
    };
    thread.mount(&server).await;
    let home = Home::new();
    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();

    let first = tui.wait_for_text(&MockThread::text(1));
    assert!(
        tui.with_screen(|s| s.alternate_screen()),
        "the TUI runs on the alternate screen:\n{first}"
    );
    assert!(tui.raw_mode(), "the TUI reads keys in raw mode");
    let end = tui.press_until(keys::PAGE_DOWN, KEY_REPEAT, "end of thread: 45 replies");
    assert!(end.contains(&MockThread::text(45)), "{end}");
    assert!(end.contains("45 of 45 loaded"), "{end}");

    // Nothing more is asked for once the thread has ended, however long one waits.
    assert_settled(&tui, &server, 5).await;
    let received = sent(&server).await;
    assert_eq!(
        pages_sent(&server).await,
        [1, 2, 3, 4, 5],
        "each page once, in order, and no page 6"
    );
    assert_all_for(&received, CID);

    tui.quit_cleanly();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_non_numeric_id_is_refused_and_nothing_is_sent() {
    let server = MockThread::serve(5).await;
    let home = Home::new();
    let mut tui = Launch::new(&home).api(&server, None).spawn();
    tui.wait_for_text("comment ID · video link");

    tui.send("abc");
    tui.send(keys::ENTER);
    tui.wait_for_text("\"abc\" is not a comment ID");
    assert_settled(&tui, &server, 0).await;

    // The same session does send a request for a real ID, so the silence above was the
    // refusal, not a harness that cannot see requests.
    tui.send(keys::CTRL_U);
    tui.send(CID);
    tui.send(keys::ENTER);
    tui.wait_for_text(&MockThread::text(1));
    let received = sent(&server).await;
    assert_eq!(received.len(), 1, "{received:#?}");
    assert_all_for(&received, CID);

    tui.quit_cleanly();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_page_keeps_the_loaded_replies_and_r_asks_once_more() {
    let server = MockThread::serve(25).await;
    mount_page(&server, 2, failure(303, "Daily Quota Exceeded")).await;
    let home = Home::new();
    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();

    // Page 1 fills the list at 80×24: opening the thread costs one request.
    tui.wait_for_all(&[&MockThread::text(1), "10 of 25 loaded"]);
    assert_settled(&tui, &server, 1).await;
    // Near its end page 2 is asked for, and fails: the list's title and the status line
    // say so, and page 1 stays.
    tui.send("G");
    tui.wait_for_all(&[
        "✗ page 2: daily quota exceeded",
        &MockThread::text(10),
        "Daily quota exceeded (code 303)",
        "sent 2 · billed 1",
    ]);
    // The last loaded reply is followed by the failure in plain words, and nothing is asked
    // again: the quota error is never retried without `r`.
    let screen = tui.wait_for_text("Page 2 failed. Daily quota exceeded (code 303).");
    assert!(screen.contains(&MockThread::text(10)), "{screen}");
    assert_settled(&tui, &server, 2).await;
    assert_eq!(pages_sent(&server).await, [1, 2]);

    tui.send("r");
    wait_for_requests(&server, "the retry of page 2", |r| r.len() == 3).await;
    assert_settled(&tui, &server, 3).await;
    assert_eq!(pages_sent(&server).await, [1, 2, 2], "r asks exactly once");
    assert_all_for(&sent(&server).await, CID);
    let screen = tui.wait_for_text("Page 2 failed. Daily quota exceeded (code 303).");
    assert!(screen.contains(&MockThread::text(10)), "{screen}");

    tui.quit_cleanly();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_needs_no_token_and_no_network_and_pages_to_its_end() {
    // A mock as the base URL only to prove that nothing is sent to it.
    let server = MockServer::start().await;
    let home = Home::new();
    // Wide and tall: the list and the reply side by side.
    let mut tui = Launch::new(&home)
        .args(["--demo", "--base-url", &server.uri()])
        .size(40, 120)
        .spawn();

    // Without a key pressed: the bundled video's comments and the banner saying it is a demo.
    let first = tui.wait_for("the demo's first page", |s| s.contains("of 51 loaded"));
    assert!(first.contains("DEMO DATA"), "{first}");
    assert!(first.contains("comments on 《在大理住了一个月"), "{first}");

    // The second comment leads to the long thread; read it to its end.
    tui.send("j");
    tui.send(keys::ENTER);
    tui.wait_for_text("› replies to @山野有风");
    let end = tui.press_until("G", KEY_REPEAT, "end of thread: 158 replies");
    assert!(end.contains("158 of 167 loaded"), "{end}");
    assert_eq!(
        sent(&server).await,
        [],
        "the demo never touches the network"
    );

    tui.quit_cleanly();
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_token_it_explains_how_to_set_one_and_sends_nothing() {
    let server = MockThread::serve(5).await;
    let home = Home::new();
    let mut tui = Launch::new(&home)
        .args(["--base-url", &server.uri()])
        .spawn();

    // The config file's path is long and may be wrapped: compare without the layout.
    let config_file = home.config_file().display().to_string();
    let needles = [
        "No API token is set",
        "JUSTONEAPI_TOKEN",
        &config_file,
        "--token",
        "--demo",
    ];
    tui.wait_for(&format!("the no-token help to mention {needles:?}"), |s| {
        needles
            .iter()
            .all(|needle| squashed(s).contains(&squashed(needle)))
    });

    tui.send(CID);
    tui.send(keys::ENTER);
    tui.wait_for_text(&format!("› {CID}"));
    assert_settled(&tui, &server, 0).await;
    let screen = tui.screen();
    assert!(screen.contains("No API token is set"), "{screen}");

    // Esc leaves the input (where q is a letter); then q quits.
    tui.send(keys::ESC);
    tui.wait_for_text("j next");
    tui.quit_cleanly();
    assert_eq!(sent(&server).await, []);
}

#[test]
fn sigterm_quits_and_restores_the_terminal() {
    let home = Home::new();
    let mut tui = Launch::new(&home).args(["--demo"]).spawn();
    tui.wait_for("the demo's first page", |s| s.contains("of 51 loaded"));
    assert!(tui.with_screen(|s| s.alternate_screen()));

    let killed = std::process::Command::new("kill")
        .args(["-TERM", &tui.pid().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());

    let status = tui.wait_exit();
    assert_eq!(
        status.signal(),
        None,
        "the program handles SIGTERM rather than dying of it"
    );
    assert!(status.success(), "{status:?}");
    tui.assert_terminal_restored();
}

#[tokio::test(flavor = "multi_thread")]
async fn quitting_while_a_page_is_in_flight_exits_at_once() {
    let server = MockServer::start().await;
    let thread = MockThread {
        replies: 25,
        per_page: 10,
    };
    thread.mount(&server).await;
    // Page 2 answers far later than the harness waits for the exit.
    mount_page(
        &server,
        2,
        wiremock::ResponseTemplate::new(200)
            .set_body_json(thread.body(2))
            .set_delay(Duration::from_secs(120)),
    )
    .await;
    let home = Home::new();
    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();
    tui.wait_for_text("10 of 25 loaded");
    tui.send("G");
    tui.wait_for("page 2 loading", |s| {
        s.contains("10 of 25 loaded · ") && s.contains(" page 2")
    });
    wait_for_requests(&server, "page 2", |r| r.len() == 2).await;

    tui.quit_cleanly();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_taller_terminal_loads_enough_replies_to_fill_it() {
    let server = MockThread::serve(100).await;
    let home = Home::new();
    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();
    tui.wait_for_text("10 of 100 loaded");
    assert_settled(&tui, &server, 1).await;

    // 60 rows side by side: the list shows 53 replies, more than are loaded.
    tui.resize(60, 120);
    // The list is narrower than the text, so wait for its start.
    let screen = tui.wait_for_text("reply 053 in the test");
    assert!(screen.contains("60 of 100 loaded"), "{screen}");
    tui.quit_cleanly();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pasted_id_replaces_the_thread() {
    const OTHER: &str = "7611524150996519591";
    let server = MockThread::serve(5).await;
    let home = Home::new();
    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();
    tui.wait_for_text("end of thread");

    // Bracketed paste from the list, with the line break a copied ID often carries.
    tui.send(&format!("\x1b[200~ {OTHER}\n\x1b[201~"));
    tui.wait_for("the pasted ID in the input", |_| tui.row(2).contains(OTHER));
    tui.send(keys::ENTER);
    tui.wait_for_text(&format!("replies to comment {OTHER}"));
    let received = wait_for_requests(&server, "the pasted thread's page", |r| r.len() == 2).await;
    assert_eq!(
        received[1].comment_id.as_deref(),
        Some(OTHER),
        "{received:#?}"
    );
    tui.wait_for_text("end of thread");
    tui.quit_cleanly();
}

#[test]
fn ctrl_c_quits_while_typing_an_id() {
    let home = Home::new();
    let mut tui = Launch::new(&home).spawn();
    tui.wait_for_text("comment ID · video link");
    // q would be typed into the field; Ctrl-C is the way out from there.
    tui.send("12q");
    tui.wait_for_text("› 12q");
    tui.send(keys::CTRL_C);
    let status = tui.wait_exit();
    assert!(status.success(), "{status:?}");
    tui.assert_terminal_restored();
}

#[test]
fn a_broken_config_file_stops_the_demo_too_with_its_path_and_line() {
    let home = Home::new();
    let config = home.config_file();
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "# mine\ntokn = 1\n").unwrap();
    let mut tui = Launch::new(&home).args(["--demo"]).spawn();
    let status = tui.wait_exit();
    let screen = tui.screen();
    assert_eq!(status.exit_code(), 2, "{screen}");
    assert!(
        squashed(&screen).contains(&squashed(&format!("{}, line 2", config.display()))),
        "{screen}"
    );
    assert!(screen.contains("tokn"), "{screen}");
    tui.assert_terminal_restored();
}

#[tokio::test(flavor = "multi_thread")]
async fn opening_a_thread_at_80x24_costs_one_request() {
    let server = MockThread::serve(45).await;
    let home = Home::new();
    let tui = Launch::new(&home).api(&server, Some(CID)).spawn();
    tui.wait_for_all(&["10 of 45 loaded", "sent 1 · billed 1"]);
    // The first page fills the list and the selection is at its top: nothing more is due.
    assert_settled(&tui, &server, 1).await;
    assert_eq!(pages_sent(&server).await, [1]);
}

#[tokio::test(flavor = "multi_thread")]
async fn from_a_pasted_share_text_to_a_replys_detail_and_back_costs_one_call_a_list() {
    let server = MockServer::start().await;
    MockVideo { comments: 30 }.mount(&server).await;
    MockThread {
        replies: 12,
        per_page: 10,
    }
    .mount(&server)
    .await;
    let home = Home::new();
    let mut tui = Launch::new(&home).api(&server, None).spawn();
    tui.wait_for_text("comment ID · video link");

    // The whole share text, pasted as the app copies it.
    tui.send(&format!("\x1b[200~{}\x1b[201~", share_text()));
    tui.send(keys::ENTER);
    tui.wait_for_all(&["comments on 《测试用户的作品", &MockVideo::text(1)]);
    assert_eq!(
        sent_to(&server, SHARE_PATH).await,
        1,
        "one call finds the video"
    );

    // Comment 1 has replies: Enter opens them under it, Enter again reads the first.
    tui.send(keys::ENTER);
    tui.wait_for_all(&["› replies to @commenter001", &MockThread::text(1)]);
    tui.send(keys::ENTER);
    tui.wait_for_text("j scroll");
    // Back: detail → replies → the comments, on comment 1, with nothing sent.
    tui.send(keys::ESC);
    tui.wait_for_text("Enter open");
    tui.send(keys::ESC);
    let screen = tui.wait_for_text("comments on 《测试用户的作品");
    assert!(screen.contains("Comment 1 of"), "{screen}");
    assert_settled(&tui, &server, 3).await;
    assert_eq!(
        (
            sent_to(&server, SHARE_PATH).await,
            sent_to(&server, COMMENTS_PATH).await,
            sent_to(&server, REPLIES_PATH).await
        ),
        (1, 1, 1)
    );
    tui.wait_for_text("sent 3 · billed 3");
    tui.quit_cleanly();

    // A second run on the same share text: the share link, the comments and the replies are
    // all in the cache, and nothing is sent.
    let mut tui = Launch::new(&home).api(&server, None).spawn();
    tui.wait_for_text("comment ID · video link");
    tui.send(&format!("\x1b[200~{}\x1b[201~", share_text()));
    tui.send(keys::ENTER);
    // (The comment's text is on the start screen too now, among the library's recent lists:
    // wait for the video's list itself.)
    tui.wait_for_all(&["comments on 《测试用户的作品", &MockVideo::text(1)]);
    tui.send(keys::ENTER);
    tui.wait_for_all(&[&MockThread::text(1), "sent 0 · billed 0 · cached 3"]);
    assert_settled(&tui, &server, 3).await;
    tui.quit_cleanly();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_comment_without_replies_and_going_back_cost_nothing() {
    let server = MockServer::start().await;
    MockVideo { comments: 10 }.mount(&server).await;
    let home = Home::new();
    let mut tui = Launch::new(&home)
        .api(&server, None)
        .args(["--video", VIDEO])
        .spawn();
    tui.wait_for_text(&MockVideo::text(1));
    // Comment 3 has no replies.
    tui.send("jj");
    tui.send(keys::ENTER);
    tui.wait_for_text("No replies here, so nothing was fetched.");
    assert_settled(&tui, &server, 1).await;
    tui.quit_cleanly();
}

#[tokio::test(flavor = "multi_thread")]
async fn p_fetches_an_authors_full_profile_once_and_the_cache_keeps_it() {
    let server = MockThread::serve(5).await;
    mount_profile(&server).await;
    let home = Home::new();
    let mut tui = Launch::new(&home)
        .api(&server, Some(CID))
        .size(40, 120)
        .spawn();
    tui.wait_for_text(&MockThread::text(1));
    tui.send("P");
    tui.wait_for_text("(full profile)");
    // Every reply here is by the same author: the next one shows it without a call.
    tui.send("j");
    tui.send("P");
    tui.wait_for_text("full profile is in the detail pane");
    assert_eq!(sent_to(&server, PROFILE_PATH).await, 1);
    tui.quit_cleanly();

    let mut tui = Launch::new(&home)
        .api(&server, Some(CID))
        .size(40, 120)
        .spawn();
    tui.wait_for_text(&MockThread::text(1));
    tui.send("P");
    tui.wait_for_text("(full profile)");
    assert_settled(&tui, &server, 2).await;
    assert_eq!(
        sent_to(&server, PROFILE_PATH).await,
        1,
        "the second run reads the cache"
    );
    tui.quit_cleanly();
}

#[tokio::test(flavor = "multi_thread")]
async fn u_reads_on_page_by_page_for_the_answered_reply_and_says_when_it_is_not_there() {
    // Every reply answers 小虎's reply, which this thread does not hold.
    let server = MockThread::serve(45).await;
    let home = Home::new();
    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();
    tui.wait_for_text(&MockThread::text(1));
    assert_settled(&tui, &server, 1).await;
    tui.send("u");
    tui.wait_for_text("@小虎's reply is not in this thread");
    assert_eq!(
        pages_sent(&server).await,
        [1, 2, 3, 4, 5],
        "each page once, in order"
    );
    tui.quit_cleanly();
}

#[test]
fn e_writes_the_loaded_comments_to_a_file_here_and_says_where() {
    let home = Home::new();
    let mut tui = Launch::new(&home).args(["--demo"]).size(24, 160).spawn();
    tui.wait_for("the demo's first page", |s| s.contains("of 51 loaded"));
    tui.send("E");
    let screen = tui.wait_for_text("7611482632820765316-comments.csv");
    let loaded = screen
        .split("Wrote ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse::<usize>().ok())
        .expect("the count on the status bar");
    let file = home.root().join("7611482632820765316-comments.csv");
    let bytes = std::fs::read(&file).expect("the file, in the working directory");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(
        reader.records().count(),
        loaded,
        "the status bar's count is the file's"
    );
    tui.quit_cleanly();
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_during_an_export_leaves_the_summary_and_no_half_progress_line() {
    let server = MockThread::serve(45).await;
    let thread = MockThread {
        replies: 45,
        per_page: 10,
    };
    // Page 2 is slow enough that the interrupt always finds it in flight.
    mount_page(
        &server,
        2,
        wiremock::ResponseTemplate::new(200)
            .set_body_json(thread.body(2))
            .set_delay(Duration::from_secs(120)),
    )
    .await;
    let home = Home::new();
    let mut tui = Launch::new(&home)
        .api(&server, None)
        .args(["export", CID, "-o", "t.jsonl"])
        .size(24, 80)
        .spawn();
    tui.wait_for("the progress line", |s| s.contains("replies 10 · pages 1"));
    wait_for_requests(&server, "page 2 in flight", |sent| sent.len() == 2).await;
    tui.send("\x03");
    let status = tui.wait_exit();
    let screen = tui.screen();
    assert_eq!(status.exit_code(), 130, "{screen}");
    assert!(screen.contains("Interrupted."), "{screen}");
    for row in screen.lines() {
        assert!(
            !row.contains("pages/s") && !row.contains("pages 1 ·"),
            "a piece of the progress line stayed: {row:?}\n{screen}"
        );
    }
    assert!(!home.root().join("t.jsonl").exists(), "nothing written");
}

#[tokio::test(flavor = "multi_thread")]
async fn insights_l_loads_the_pages_it_announced_and_the_counter_agrees_with_the_server() {
    let server = MockThread::serve(45).await;
    let home = Home::new();
    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();
    tui.wait_for_all(&["10 of 45 loaded", "sent 1 · billed 1"]);
    assert_settled(&tui, &server, 1).await;

    tui.send("I");
    tui.wait_for_text("From 10 of 45 replies loaded — L loads the rest: about 4 billed calls");
    tui.send("L");
    tui.wait_for_text("L again loads the rest: about 4 billed calls");
    tui.send("L");
    let done = tui.wait_for_all(&["From 45 of 45 replies loaded", "sent 5 · billed 5"]);
    assert_settled(&tui, &server, 5).await;
    assert_eq!(
        pages_sent(&server).await,
        [1, 2, 3, 4, 5],
        "the 4 pages announced, each once:\n{done}"
    );
    // q closes the pane first, then quits.
    tui.send("q");
    tui.wait_for_text("Replies 45 of 45 loaded");
    tui.quit_cleanly();
}

#[tokio::test(flavor = "multi_thread")]
async fn quitting_writes_where_the_reader_was_before_the_process_exits() {
    let server = MockThread::serve(57).await;
    let home = Home::new();
    let mut tui = Launch::new(&home).api(&server, Some(CID)).spawn();
    tui.wait_for_text("10 of 57 loaded");
    // Keys are read in order: q comes after the fourth j.
    tui.send("jjjj");
    tui.quit_cleanly();
    assert_eq!(
        home.library_rows("SELECT loaded || ' ' || selected_cid FROM visits"),
        [format!("10 72515366756787{:05}", 5)],
        "the visit of the list on screen, written on q"
    );
}

#[test]
fn the_demo_keeps_a_library_for_the_session_and_leaves_none_behind() {
    let home = Home::new();
    let scratch = home.root().join("tmp");
    std::fs::create_dir_all(&scratch).unwrap();
    let mut tui = Launch::new(&home)
        .args(["--demo"])
        .env("TMPDIR", scratch.to_str().unwrap())
        .spawn();
    tui.wait_for_text("of 51 loaded");
    tui.send("j");
    tui.send("b");
    tui.wait_for_text("Bookmarked");
    // Esc: the start screen, whose rows list the video and the bookmark.
    tui.send(keys::ESC);
    let start = tui.wait_for_all(&["Recent lists", "Bookmarks", "video 在大理住了一个月"]);
    assert!(start.contains("★ "), "{start}");
    tui.send(keys::TAB);
    tui.send(keys::ENTER);
    tui.wait_for_text("of 51 loaded");
    tui.quit_cleanly();
    assert!(
        !home.library_file().exists(),
        "nothing of the demo is written into the person's library"
    );
    assert_eq!(
        Home::files_under(&scratch),
        Vec::<std::path::PathBuf>::new(),
        "the session's library went with the session"
    );
}
