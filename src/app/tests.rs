//! `update` behaviour, without a terminal.

use super::*;
use crate::api::{Page, Post, Reply, RetryNotice};
use crossterm::event::{KeyCode, KeyModifiers};

const NOW: i64 = 1_700_000_000;
const ID: &str = "7251524159191958327";

fn setup(initial_id: Option<&str>) -> Setup {
    Setup {
        initial_id: initial_id.map(str::to_owned),
        ..Setup::default()
    }
}

fn app_with(initial_id: Option<&str>) -> (App, Vec<Command>) {
    App::new(setup(initial_id), Rect::new(0, 0, 80, 24), NOW)
}

fn key(app: &mut App, code: KeyCode) -> Vec<Command> {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), NOW)
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn reply(i: u32) -> Reply {
    Reply {
        post: Post {
            cid: i.to_string().into(),
            text: format!("reply {i}").into(),
            ..Post::default()
        },
        ..Reply::default()
    }
}

fn page_of(range: std::ops::Range<u32>, has_more: bool) -> Result<Fetched<Reply>, ApiError> {
    Ok(Fetched {
        page: Page {
            items: range.map(reply).collect(),
            has_more,
            total: Some(117),
        },
        origin: Origin::Network,
    })
}

fn thread(app: &App) -> &Paged<Reply> {
    &app.thread.as_ref().expect("a thread is open").replies
}

fn loaded(req: u64, page: u32, result: Result<Fetched<Reply>, ApiError>) -> Msg {
    Msg::PageLoaded { req, page, result }
}

/// Goes to the last loaded reply, so the next page is due, and delivers it.
fn read_on(app: &mut App, page: u32, result: Result<Fetched<Reply>, ApiError>) {
    let asked = pages_requested(&key(app, KeyCode::Char('G')));
    assert_eq!(asked, [page], "page {page} is asked for at the end");
    let req = app.thread.as_ref().unwrap().req;
    app.update(loaded(req, page, result), NOW);
}

fn pages_requested(commands: &[Command]) -> Vec<u32> {
    commands
        .iter()
        .filter_map(|command| match command {
            Command::FetchPage { page, .. } => Some(*page),
            Command::Redraw => None,
        })
        .collect()
}

#[test]
fn an_id_on_the_command_line_loads_at_once_with_the_list_focused() {
    let (app, commands) = app_with(Some(ID));
    assert_eq!(app.focus, Focus::List);
    assert_eq!(
        commands,
        [Command::FetchPage {
            req: 1,
            comment_id: CommentId::parse(ID).unwrap(),
            page: 1,
            refresh: false
        }]
    );
}

#[test]
fn without_an_id_the_input_has_focus_and_nothing_is_fetched() {
    let (app, commands) = app_with(None);
    assert_eq!(app.focus, Focus::Input);
    assert!(commands.is_empty());
}

#[test]
fn non_numeric_input_sends_nothing_and_says_why() {
    let (mut app, _) = app_with(None);
    type_text(&mut app, "72515abc");
    let commands = key(&mut app, KeyCode::Enter);
    assert!(commands.is_empty());
    assert_eq!(app.focus, Focus::Input);
    assert!(app.input_error.as_deref().unwrap().contains("digits only"));
    assert!(app.thread.is_none());
}

#[test]
fn pasted_id_with_whitespace_loads() {
    let (mut app, _) = app_with(None);
    app.update(Msg::Paste(format!("  {ID}\n")), NOW);
    let commands = key(&mut app, KeyCode::Enter);
    assert_eq!(pages_requested(&commands), [1]);
    assert_eq!(app.input.value(), ID);
}

#[test]
fn opening_a_thread_costs_one_request_when_its_first_page_fills_the_list() {
    let (mut app, commands) = app_with(Some(ID));
    assert_eq!(pages_requested(&commands), [1]);
    let commands = app.update(loaded(1, 1, page_of(0..10, true)), NOW);
    assert!(
        commands.is_empty(),
        "ten replies fill the list at 80×24 and the selection is at the top"
    );
}

#[test]
fn reaching_the_end_requests_the_next_page_exactly_once() {
    let (mut app, _) = app_with(Some(ID));
    app.update(loaded(1, 1, page_of(0..10, true)), NOW);
    let mut requested = Vec::new();
    for _ in 0..9 {
        requested.extend(pages_requested(&key(&mut app, KeyCode::Char('j'))));
    }
    assert_eq!(
        requested,
        [2],
        "page 2 once, however often the end is approached"
    );
    requested.extend(pages_requested(&key(&mut app, KeyCode::Char('G'))));
    assert_eq!(requested, [2], "still in flight");
}

#[test]
fn a_failed_page_keeps_loaded_replies_and_r_retries_it() {
    let (mut app, _) = app_with(Some(ID));
    app.update(loaded(1, 1, page_of(0..10, true)), NOW);
    read_on(&mut app, 2, Err(ApiError::RateLimited));
    assert_eq!(thread(&app).items().len(), 10);
    assert!(matches!(
        thread(&app).paging(),
        Paging::Failed { page: 2, .. }
    ));
    assert!(app.notice.as_ref().unwrap().is_error);
    assert_eq!(pages_requested(&key(&mut app, KeyCode::Char('r'))), [2]);
    assert!(
        key(&mut app, KeyCode::Char('r')).is_empty(),
        "a retry in flight is not sent twice"
    );
}

#[test]
fn a_stale_result_of_a_replaced_thread_is_ignored() {
    let (mut app, _) = app_with(Some(ID));
    key(&mut app, KeyCode::Char('i'));
    key(&mut app, KeyCode::End);
    for _ in 0..ID.len() {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "7000000000000000001");
    let commands = key(&mut app, KeyCode::Enter);
    assert_eq!(commands.len(), 1);
    let Command::FetchPage { req: new_req, .. } = commands[0].clone() else {
        panic!("a fetch was expected, got {commands:?}");
    };
    assert_ne!(new_req, 1);
    app.update(loaded(1, 1, page_of(0..10, true)), NOW);
    assert_eq!(
        app.thread.as_ref().unwrap().id.as_str(),
        "7000000000000000001"
    );
    assert!(
        thread(&app).items().is_empty(),
        "the old thread's page must not leak in"
    );
}

#[test]
fn has_more_that_lies_stops_after_a_page_with_nothing_new() {
    let (mut app, _) = app_with(Some(ID));
    app.update(loaded(1, 1, page_of(0..10, true)), NOW);
    read_on(&mut app, 2, page_of(0..10, true));
    assert!(key(&mut app, KeyCode::Char('G')).is_empty());
    assert!(key(&mut app, KeyCode::Char('j')).is_empty());
}

#[test]
fn tab_cycles_focus_and_esc_leaves_the_input() {
    let (mut app, _) = app_with(None);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::List);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Detail);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Input);
    key(&mut app, KeyCode::BackTab);
    assert_eq!(app.focus, Focus::Detail);
    key(&mut app, KeyCode::Char('i'));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.focus, Focus::List);
}

#[test]
fn help_opens_and_any_key_closes_it_without_acting() {
    let (mut app, _) = app_with(Some(ID));
    app.update(loaded(1, 1, page_of(0..10, true)), NOW);
    key(&mut app, KeyCode::Char('?'));
    assert!(app.help.is_some());
    key(&mut app, KeyCode::Char('x'));
    assert!(app.help.is_none());
    assert_eq!(
        thread(&app).selected(),
        0,
        "the closing key did nothing else"
    );
}

#[test]
fn q_and_ctrl_c_quit() {
    let (mut app, _) = app_with(Some(ID));
    key(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit);
    let (mut app, _) = app_with(None);
    app.update(
        Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        NOW,
    );
    assert!(app.should_quit);
}

#[test]
fn without_a_token_nothing_is_sent_and_the_way_to_set_one_is_shown() {
    let mut s = setup(Some(ID));
    s.fetching = Fetching::NoToken {
        how_to: "Set JUSTONEAPI_TOKEN".into(),
    };
    let (app, commands) = App::new(s, Rect::new(0, 0, 80, 24), NOW);
    assert!(commands.is_empty());
    assert!(app.notice.unwrap().text.contains("No API token"));
}

#[test]
fn big_r_reloads_the_thread_bypassing_the_cache() {
    let (mut app, _) = app_with(Some(ID));
    app.update(loaded(1, 1, page_of(0..10, false)), NOW);
    assert!(
        key(&mut app, KeyCode::Char('R')).is_empty(),
        "the first R only asks"
    );
    assert!(app.notice.as_ref().unwrap().text.contains("each billed"));
    let commands = key(&mut app, KeyCode::Char('R'));
    assert!(matches!(
        commands[..],
        [Command::FetchPage {
            page: 1,
            refresh: true,
            req: 2,
            ..
        }]
    ));
    assert_eq!(thread(&app).selected(), 0);
}

#[test]
fn a_taller_terminal_asks_for_the_replies_that_fill_it() {
    let (mut app, _) = app_with(Some(ID));
    app.update(loaded(1, 1, page_of(0..10, true)), NOW);
    read_on(&mut app, 2, page_of(10..20, true));
    let commands = app.update(
        Msg::Resize {
            width: 120,
            height: 60,
        },
        NOW,
    );
    assert_eq!(pages_requested(&commands), [3]);
}

#[test]
fn a_retry_in_progress_is_shown_until_the_page_arrives() {
    let (mut app, _) = app_with(Some(ID));
    let notice = RetryNotice {
        failed_attempt: 1,
        max_attempts: 4,
        wait: std::time::Duration::from_millis(4_200),
        reason: "rate limited".into(),
    };
    app.update(
        Msg::Retrying {
            req: 1,
            page: 1,
            notice: notice.clone(),
        },
        NOW,
    );
    assert_eq!(thread(&app).retrying(), Some(&notice));
    let footer: String = view::footer_lines(thread(&app), REPLIES, 80, 0, NOW + 1)
        .iter()
        .map(view::ViewLine::text)
        .collect();
    assert!(
        footer.contains("rate limited — trying again in 4 s (attempt 2 of 4)"),
        "{footer}"
    );
    app.update(loaded(1, 1, page_of(0..10, true)), NOW);
    assert_eq!(thread(&app).retrying(), None);
}

#[test]
fn the_reload_notice_goes_once_the_first_page_is_in() {
    let (mut app, _) = app_with(Some(ID));
    app.update(loaded(1, 1, page_of(0..10, false)), NOW);
    key(&mut app, KeyCode::Char('R'));
    key(&mut app, KeyCode::Char('R'));
    let reloading = &app.notice.as_ref().unwrap().text;
    assert!(reloading.starts_with("Reloading"), "{reloading}");
    app.update(loaded(2, 1, page_of(0..10, false)), NOW);
    assert_eq!(app.notice, None);
}

#[test]
fn selection_stays_visible_when_scrolling_far() {
    let (mut app, _) = app_with(Some(ID));
    app.update(loaded(1, 1, page_of(0..10, true)), NOW);
    read_on(&mut app, 2, page_of(10..60, false));
    key(&mut app, KeyCode::Char('G'));
    let list = thread(&app);
    let height = app.panes().list_inner().height as usize;
    assert_eq!(list.selected(), 59);
    assert!(list.offset() <= 59 && 59 < list.offset() + height);
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(thread(&app).offset(), 0);
}

#[test]
fn cached_pages_are_counted_apart_from_billed_calls() {
    let (mut app, _) = app_with(Some(ID));
    let cached = Fetched {
        page: Page {
            items: vec![reply(1)],
            ..Page::default()
        },
        origin: Origin::Cache {
            fetched_at: NOW - 3 * 3600,
        },
    };
    app.update(loaded(1, 1, Ok(cached)), NOW);
    assert_eq!(
        app.stats,
        SessionStats {
            sent: 0,
            billed: 0,
            cache_pages: 1
        }
    );
    assert_eq!(thread(&app).cached_since(), Some(NOW - 3 * 3600));
}

#[test]
fn resizing_to_nothing_does_not_panic() {
    let (mut app, _) = app_with(Some(ID));
    app.update(loaded(1, 1, page_of(0..10, true)), NOW);
    for (w, h) in [(1, 1), (0, 0), (5, 3), (200, 60)] {
        app.update(
            Msg::Resize {
                width: w,
                height: h,
            },
            NOW,
        );
        key(&mut app, KeyCode::Char('j'));
    }
}

#[test]
fn the_mouse_wheel_scrolls_the_pane_under_the_pointer() {
    use crossterm::event::{MouseEvent, MouseEventKind};
    let (mut app, _) = app_with(Some(ID));
    app.update(loaded(1, 1, page_of(0..10, true)), NOW);
    read_on(&mut app, 2, page_of(10..20, false));
    key(&mut app, KeyCode::Char('g'));
    let wheel = |kind, at: ratatui::layout::Rect| {
        Msg::Mouse(MouseEvent {
            kind,
            column: at.x + 1,
            row: at.y + 1,
            modifiers: KeyModifiers::NONE,
        })
    };
    let list = app.panes().list;
    app.update(wheel(MouseEventKind::ScrollDown, list), NOW);
    assert_eq!(thread(&app).selected(), 3);
    app.update(wheel(MouseEventKind::ScrollUp, list), NOW);
    assert_eq!(thread(&app).selected(), 0);
    // Over the detail pane the wheel scrolls the reply, not the list.
    let detail = app.panes().detail;
    app.update(wheel(MouseEventKind::ScrollDown, detail), NOW);
    assert_eq!(thread(&app).selected(), 0);
    assert!(app.detail_scroll > 0);
}

#[test]
fn any_other_key_cancels_a_reload() {
    let (mut app, _) = app_with(Some(ID));
    app.update(loaded(1, 1, page_of(0..10, false)), NOW);
    key(&mut app, KeyCode::Char('R'));
    key(&mut app, KeyCode::Char('j'));
    assert!(key(&mut app, KeyCode::Char('R')).is_empty(), "asks again");
    assert_eq!(app.thread.as_ref().unwrap().req, 1);
}

#[test]
fn typing_after_i_replaces_the_id_and_esc_restores_it() {
    let (mut app, _) = app_with(Some(ID));
    key(&mut app, KeyCode::Char('i'));
    type_text(&mut app, "123");
    assert_eq!(app.input.value(), "123");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.input.value(), ID, "an abandoned edit is undone");
    key(&mut app, KeyCode::Char('i'));
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Backspace);
    type_text(&mut app, "8");
    assert_eq!(
        app.input.value(),
        &format!("{}8", &ID[..ID.len() - 1]),
        "editing keeps the rest"
    );
}

#[test]
fn any_key_closes_the_help_and_q_does_not_quit_from_it() {
    let (mut app, _) = app_with(Some(ID));
    key(&mut app, KeyCode::Char('?'));
    key(&mut app, KeyCode::Char('x'));
    assert!(app.help.is_none(), "an unbound key closes it too");
    key(&mut app, KeyCode::Char('?'));
    key(&mut app, KeyCode::Char('q'));
    assert!(app.help.is_none() && !app.should_quit);
}

#[test]
fn ctrl_l_asks_for_a_full_redraw() {
    let (mut app, _) = app_with(Some(ID));
    let commands = app.update(
        Msg::Key(KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL)),
        NOW,
    );
    assert_eq!(commands, [Command::Redraw]);
}

#[test]
fn only_what_changes_the_screen_asks_for_a_frame() {
    use crossterm::event::{MouseEvent, MouseEventKind};
    let (mut app, _) = app_with(Some(ID));
    app.update(loaded(1, 1, page_of(0..10, true)), NOW);
    assert!(app.take_needs_draw(), "a page arrived");
    assert!(!app.take_needs_draw(), "asked once, then forgotten");
    key(&mut app, KeyCode::F(12));
    assert!(!app.take_needs_draw(), "an unbound key changes nothing");
    let moved = MouseEvent {
        kind: MouseEventKind::Moved,
        column: 3,
        row: 3,
        modifiers: KeyModifiers::NONE,
    };
    app.update(Msg::Mouse(moved), NOW);
    assert!(!app.take_needs_draw(), "nor does the pointer moving");
    app.update(Msg::Tick, NOW);
    assert!(
        !app.take_needs_draw(),
        "the spinner is not shown while nothing loads"
    );
    app.update(loaded(7, 2, page_of(10..20, true)), NOW);
    assert!(!app.take_needs_draw(), "nor a stale page");
    key(&mut app, KeyCode::Char('j'));
    assert!(app.take_needs_draw(), "a move does");
}

#[test]
fn i_then_a_paste_replaces_the_id_and_after_moving_typing_edits_at_the_cursor() {
    let (mut app, _) = app_with(Some(ID));
    key(&mut app, KeyCode::Char('i'));
    assert!(app.input.is_selected(), "the field opens on the ID, selected");
    app.update(Msg::Paste("7000000000000000001".into()), NOW);
    assert_eq!(app.input.value(), "7000000000000000001");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.input.value(), ID, "Esc puts the open thread's ID back");
    key(&mut app, KeyCode::Char('i'));
    key(&mut app, KeyCode::Home);
    type_text(&mut app, "v:");
    assert_eq!(app.input.value(), format!("v:{ID}"), "nothing was wiped");
}
