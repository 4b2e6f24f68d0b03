//! The token, wherever a server (or a bug) might put it: it must reach neither the screen,
//! the log, the cache, an export, an error nor a panic message. The server here misbehaves
//! on purpose — it quotes the token back in every form it travels in — and the token has
//! characters that make those forms differ (a slash, non-ASCII, a plus).

use super::support::{CID, Home, Launch, MockThread, REPLIES_PATH, failure, mount_page};
use serde_json::json;
use std::path::Path;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "sk/秘密+42";
/// How the secret reads in the request's query string.
const PERCENT: &str = "sk%2F%E7%A7%98%E5%AF%86%2B42";
/// How PHP's json_encode writes it inside a string: slash and non-ASCII escaped.
const JSON_ESCAPED: &str = r"sk\/\u79d8\u5bc6+42";
/// A part of the secret that no innocent text contains.
const TELLTALE: &str = "秘密";

/// A thread of two pages whose first page quotes the token in a reply's text and an
/// author's nickname, and whose second page fails with a message quoting it.
async fn echoing_server() -> MockServer {
    let server = MockServer::start().await;
    let thread = MockThread {
        replies: 15,
        per_page: 10,
    };
    let mut first = thread.body(1);
    first["data"]["comments"][0]["text"] = json!(format!("leaked {SECRET} and {PERCENT}"));
    first["data"]["comments"][1]["user"]["nickname"] = json!(format!("nick {SECRET}"));
    // Serialised by hand, so the escaped form reaches the client as PHP would send it.
    let raw = first
        .to_string()
        .replace(&format!("nick {SECRET}"), &format!("nick {JSON_ESCAPED}"));
    mount_page(
        &server,
        1,
        ResponseTemplate::new(200).set_body_raw(raw, "application/json"),
    )
    .await;
    mount_page(
        &server,
        2,
        failure(
            602,
            &format!("token {SECRET} is not allowed here ({PERCENT})"),
        ),
    )
    .await;
    Mock::given(method("GET"))
        .and(path(REPLIES_PATH))
        .respond_with(failure(500, "unexpected page"))
        .mount(&server)
        .await;
    server
}

/// Every form of the secret that must not be found in `text`.
fn assert_no_secret(what: &str, text: &str) {
    for form in [SECRET, PERCENT, JSON_ESCAPED, TELLTALE] {
        assert!(!text.contains(form), "{what} holds {form:?}:\n{text}");
    }
}

fn every_file_under(dir: &Path) -> Vec<(String, String)> {
    Home::files_under(dir)
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(&file).unwrap();
            (
                file.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_quoting_the_token_gets_it_onto_no_screen_log_or_cache() {
    let server = echoing_server().await;
    let home = Home::new();
    let mut tui = Launch::new(&home)
        .args(["--token", SECRET, "--base-url", &server.uri(), CID])
        .size(30, 120)
        .env("DOUYIN_THREADS_LOG", "trace")
        .spawn();
    let screen = tui.wait_for_all(&["leaked <token>", "nick <token>"]);
    assert_no_secret("the screen", &screen);
    tui.send("G");
    let screen = tui.wait_for_text("code 602");
    assert!(
        screen.contains("<token>"),
        "the message is kept, scrubbed:\n{screen}"
    );
    assert_no_secret("the screen", &screen);
    tui.quit_cleanly();
    assert_no_secret("the terminal's output", &tui.output());

    let logs = every_file_under(&home.log_dir());
    assert!(!logs.is_empty(), "a log was written");
    for (file, text) in logs {
        assert_no_secret(&file, &text);
    }
    assert!(
        home.cached_pages().is_empty(),
        "an answer that quoted the token is not cached: {:?}",
        home.cached_pages()
    );
    for dir in [home.cache_home(), home.data_home()] {
        for (file, text) in every_file_under(&dir) {
            assert_no_secret(&file, &text);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_panic_quoting_the_token_prints_it_scrubbed_and_restores_the_terminal() {
    let server = MockThread::serve(5).await;
    let home = Home::new();
    let mut tui = Launch::new(&home)
        .args(["--token", SECRET, "--base-url", &server.uri(), CID])
        .env(
            douyin_threads::runtime::FORCE_PANIC_ENV,
            &format!("the token is {SECRET}, or {JSON_ESCAPED}"),
        )
        .spawn();
    let status = tui.wait_exit();
    assert!(!status.success(), "a panic is a failure: {status:?}");
    let output = tui.output();
    assert!(
        output.contains("forced by DOUYIN_THREADS_TEST_PANIC: the token is <token>, or <token>"),
        "{output}"
    );
    assert_no_secret("the panic's output", &output);
    tui.assert_terminal_restored();
    for (file, text) in every_file_under(&home.log_dir()) {
        assert_no_secret(&file, &text);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_of_a_thread_quoting_the_token_holds_it_nowhere() {
    let server = echoing_server().await;
    let home = Home::new();
    let mut cmd = home.command();
    cmd.args([
        "--token",
        SECRET,
        "--base-url",
        &server.uri(),
        "export",
        CID,
    ])
    .args(["-o", "out.jsonl", "--partial"]);
    let output = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(3),
        "partial: page 2 failed\n{stderr}"
    );
    assert!(
        stderr.contains("<token>"),
        "the failure is said, scrubbed:\n{stderr}"
    );
    assert_no_secret("stderr", &stderr);
    assert_no_secret("stdout", &String::from_utf8_lossy(&output.stdout));
    let written = std::fs::read_to_string(home.root().join("out.jsonl")).unwrap();
    assert_eq!(written.lines().count(), 10, "page 1 is kept");
    assert!(written.contains("leaked <token>"), "{written}");
    assert_no_secret("the export", &written);
    for (file, text) in every_file_under(home.root()) {
        assert_no_secret(&file, &text);
    }
}
