//! `update` behaviour, without a terminal.

use super::*;
use crate::api::{
    ApiError, Call, Comment, Delivered, Fetched, Origin, Page, Payload, Post, Reply, RetryNotice,
};
use crate::ids::VideoId;
use crate::paging::{Listing, Paging};
use crossterm::event::{KeyCode, KeyModifiers};

const NOW: i64 = 1_700_000_000;
const ID: &str = "7251524159191958327";

fn setup(initial: Option<&str>) -> Setup {
    Setup {
        initial: initial.map(str::to_owned),
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

fn thread(app: &App) -> &Listing<Reply> {
    &app.thread.as_ref().expect("a thread is open").list
}

/// The answer to page `page` of thread `ID` for list instance `req`.
fn loaded(req: u64, page: u32, result: Result<Fetched<Reply>, ApiError>) -> Msg {
    Msg::Answer {
        req,
        call: Call::Replies {
            comment: CommentId::parse(ID).unwrap(),
            page,
        },
        result: result.map(|fetched| Delivered {
            payload: Payload::Replies(fetched.page),
            origin: fetched.origin,
            earlier: None,
        }),
    }
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
            Command::Fetch { call, .. } => call.page(),
            _ => None,
        })
        .collect()
}

/// `b` and the bookmarks of a list (the library's side is the runtime's).
mod library {
    use super::super::library::*;
    use super::super::{App, Command, Mode};
    use crate::api::{Call, Delivered, Origin, Page, Payload, Post, Reply};
    use crate::app::{Msg, Setup};
    use crate::ids::CommentId;
    use crate::library::{LibraryError, ListKey};
    use crossterm::event::{KeyCode, KeyEvent};
    use ratatui::layout::Rect;

    const NOW: i64 = 1_700_000_000;
    const ID: &str = "7251524159191958327";

    fn press(app: &mut App, c: char) -> Vec<Command> {
        app.update(Msg::Key(KeyEvent::from(KeyCode::Char(c))), NOW)
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

    /// A thread open with three replies loaded, in a reader with `access`; the commands
    /// opening asked for.
    fn reading(access: Access, mode: Mode) -> (App, Vec<Command>) {
        let setup = Setup {
            initial: Some(ID.into()),
            library: access,
            mode,
            ..Setup::default()
        };
        let (mut app, mut commands) = App::new(setup, Rect::new(0, 0, 80, 24), NOW);
        let req = app.thread.as_ref().unwrap().req;
        commands.extend(app.update(
            Msg::Answer {
                req,
                call: Call::Replies {
                    comment: CommentId::parse(ID).unwrap(),
                    page: 1,
                },
                result: Ok(Delivered {
                    payload: Payload::Replies(Page {
                        items: (1..4).map(reply).collect(),
                        has_more: false,
                        total: Some(3),
                    }),
                    origin: Origin::Network,
                    earlier: None,
                }),
            },
            NOW,
        ));
        (app, commands)
    }

    fn library_work(commands: &[Command]) -> Vec<(u64, Work)> {
        commands
            .iter()
            .filter_map(|c| match c {
                Command::Library { req, work } => Some((*req, work.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_start_screen_asks_the_library_for_its_rows_and_takes_only_that_answer() {
        let setup = Setup {
            library: Access::Ready,
            ..Setup::default()
        };
        let (mut app, commands) = App::new(setup, Rect::new(0, 0, 80, 24), NOW);
        let work = library_work(&commands);
        assert_eq!(work.len(), 1);
        assert_eq!(work[0].1, Work::Contents { limit: RECENT_ROWS });
        let contents = Contents::default();
        app.update(
            Msg::Library {
                req: work[0].0 + 7,
                answer: Answer::Contents(Ok(contents.clone())),
            },
            NOW,
        );
        assert!(app.library.contents.is_none(), "a stale answer is ignored");
        app.update(
            Msg::Library {
                req: work[0].0,
                answer: Answer::Contents(Ok(contents)),
            },
            NOW,
        );
        assert!(app.library.contents.is_some());
        // Without a library, nothing is asked.
        let (_, commands) = App::new(Setup::default(), Rect::new(0, 0, 80, 24), NOW);
        assert!(library_work(&commands).is_empty());
    }

    #[test]
    fn opening_a_list_asks_the_library_which_of_its_items_are_bookmarked() {
        let (mut app, commands) = reading(Access::Ready, Mode::Api);
        let work = library_work(&commands);
        assert_eq!(
            work.iter().map(|(_, w)| w.clone()).collect::<Vec<_>>(),
            [Work::Bookmarked {
                list: ListKey::replies(ID)
            }],
            "a visit is written when the reader leaves, not at opening"
        );
        app.update(
            Msg::Library {
                req: work[0].0,
                answer: Answer::Bookmarked(Ok(vec!["2".into()])),
            },
            NOW,
        );
        assert!(app.library.is_bookmarked("2"));
        assert!(!app.library.is_bookmarked("1"));
    }

    #[test]
    fn a_stale_answer_about_bookmarks_is_ignored() {
        let (mut app, commands) = reading(Access::Ready, Mode::Api);
        let (req, _) = library_work(&commands)[0].clone();
        app.update(
            Msg::Library {
                req: req + 100,
                answer: Answer::Bookmarked(Ok(vec!["2".into()])),
            },
            NOW,
        );
        assert!(!app.library.is_bookmarked("2"));
    }

    #[test]
    fn b_asks_the_library_to_bookmark_the_selected_item_and_marks_it_when_done() {
        let (mut app, _) = reading(Access::Ready, Mode::Api);
        press(&mut app, 'j');
        let work = library_work(&press(&mut app, 'b'));
        assert_eq!(work.len(), 1);
        let (req, work) = work[0].clone();
        assert_eq!(
            work,
            Work::ToggleBookmark {
                list: ListKey::replies(ID),
                cid: "2".into()
            }
        );
        app.update(
            Msg::Library {
                req,
                answer: Answer::Toggled {
                    cid: "2".into(),
                    result: Ok(Some(true)),
                },
            },
            NOW,
        );
        assert!(app.library.is_bookmarked("2"));
        assert!(app.notice.as_ref().unwrap().text.starts_with("Bookmarked"));
        // Again: the library says it is gone, and so is the mark.
        app.update(
            Msg::Library {
                req: req + 1,
                answer: Answer::Toggled {
                    cid: "2".into(),
                    result: Ok(Some(false)),
                },
            },
            NOW,
        );
        assert!(!app.library.is_bookmarked("2"));
        assert!(
            app.notice
                .as_ref()
                .unwrap()
                .text
                .starts_with("Bookmark removed")
        );
    }

    #[test]
    fn b_without_a_library_says_so_and_asks_nothing() {
        let (mut app, commands) = reading(Access::Absent, Mode::Demo);
        assert!(library_work(&commands).is_empty());
        assert!(press(&mut app, 'b').is_empty());
        let text = &app.notice.as_ref().unwrap().text;
        assert!(text.starts_with("Bookmarks need the library"), "{text}");
        assert!(text.contains("demo"), "{text}");
    }

    /// Page `page` of thread `ID` for `req`: replies `10 * (page - 1) + 1` to `10 * page`,
    /// more to come while `more`, from `origin`.
    fn thread_page(req: u64, page: u32, more: bool, origin: Origin) -> Msg {
        Msg::Answer {
            req,
            call: Call::Replies {
                comment: CommentId::parse(ID).unwrap(),
                page,
            },
            result: Ok(Delivered {
                payload: Payload::Replies(Page {
                    items: (10 * (page - 1) + 1..=10 * page).map(reply).collect(),
                    has_more: more,
                    total: Some(1_000),
                }),
                origin,
                earlier: None,
            }),
        }
    }

    fn fetched_pages(commands: &[Command]) -> Vec<u32> {
        commands
            .iter()
            .filter_map(|c| match c {
                Command::Fetch { call, .. } => call.page(),
                _ => None,
            })
            .collect()
    }

    fn start_screen() -> App {
        let setup = Setup {
            library: Access::Ready,
            ..Setup::default()
        };
        App::new(setup, Rect::new(0, 0, 80, 24), NOW).0
    }

    const LIBRARY: Origin = Origin::Cache { fetched_at: NOW };

    #[test]
    fn open_at_reads_pages_until_as_many_items_are_loaded_and_selects_the_item_again() {
        let mut app = start_screen();
        let commands = app.update(
            Msg::OpenAt {
                list: ListKey::replies(ID),
                selected: Some("25".into()),
                loaded: 30,
            },
            NOW,
        );
        assert_eq!(fetched_pages(&commands), [1]);
        let req = app.thread.as_ref().unwrap().req;
        for page in 1..=3 {
            let commands = app.update(thread_page(req, page, true, LIBRARY), NOW);
            let next: &[u32] = if page < 3 { &[page + 1] } else { &[] };
            assert_eq!(fetched_pages(&commands), next, "after page {page}");
        }
        let thread = app.thread.as_ref().unwrap();
        assert_eq!(thread.list.items().len(), 30);
        assert_eq!(thread.list.selected_key(), Some("25"));
        assert!(app.resume.is_none(), "done");
        assert_eq!(app.focus, super::super::Focus::List);
    }

    #[test]
    fn open_at_an_item_reads_until_it_comes_then_stops_asking() {
        let mut app = start_screen();
        app.update(
            Msg::OpenAt {
                list: ListKey::replies(ID),
                selected: Some("47".into()),
                loaded: 0,
            },
            NOW,
        );
        let req = app.thread.as_ref().unwrap().req;
        for page in 1..=4 {
            let commands = app.update(thread_page(req, page, true, LIBRARY), NOW);
            assert_eq!(fetched_pages(&commands), [page + 1], "after page {page}");
        }
        app.update(thread_page(req, 5, true, LIBRARY), NOW);
        let thread = app.thread.as_ref().unwrap();
        assert_eq!(thread.list.selected_key(), Some("47"));
        assert!(app.resume.is_none());
        // The reader's own paging goes on as usual from there.
        let commands = press(&mut app, 'G');
        assert_eq!(fetched_pages(&commands), [6]);
        assert_eq!(app.thread.as_ref().unwrap().list.selected_key(), Some("50"));
    }

    #[test]
    fn open_at_an_item_not_found_stops_after_the_pages_the_network_may_give() {
        let mut app = start_screen();
        let mut commands = app.update(
            Msg::OpenAt {
                list: ListKey::replies(ID),
                selected: Some("no-such-item".into()),
                loaded: 0,
            },
            NOW,
        );
        let req = app.thread.as_ref().unwrap().req;
        let mut from_network = 0;
        while let [page] = fetched_pages(&commands)[..] {
            // The first two pages are the library's: free, so not counted.
            let origin = if page <= 2 { LIBRARY } else { Origin::Network };
            from_network += u32::from(page > 2);
            commands = app.update(thread_page(req, page, true, origin), NOW);
            assert!(page < 100, "it stops");
        }
        assert_eq!(from_network, crate::app::SEEK_PAGES);
        let text = &app.notice.as_ref().unwrap().text;
        assert!(
            text.starts_with("The item you were at was not in the next 20 pages; G reads on"),
            "{text}"
        );
        // At the end of a list, it says the item is gone.
        let mut app = start_screen();
        app.update(
            Msg::OpenAt {
                list: ListKey::replies(ID),
                selected: Some("no-such-item".into()),
                loaded: 0,
            },
            NOW,
        );
        let req = app.thread.as_ref().unwrap().req;
        let commands = app.update(thread_page(req, 1, false, LIBRARY), NOW);
        assert!(fetched_pages(&commands).is_empty());
        let text = &app.notice.as_ref().unwrap().text;
        assert!(text.contains("no longer in this list"), "{text}");
    }

    #[test]
    fn moving_while_a_list_is_brought_back_keeps_the_readers_own_selection() {
        let mut app = start_screen();
        app.update(
            Msg::OpenAt {
                list: ListKey::replies(ID),
                selected: Some("47".into()),
                loaded: 0,
            },
            NOW,
        );
        let req = app.thread.as_ref().unwrap().req;
        app.update(thread_page(req, 1, true, LIBRARY), NOW);
        press(&mut app, 'j');
        assert!(app.resume.is_none());
        app.update(thread_page(req, 2, true, LIBRARY), NOW);
        assert_eq!(app.thread.as_ref().unwrap().list.selected_key(), Some("2"));
    }

    #[test]
    fn open_at_a_video_opens_its_comments() {
        let mut app = start_screen();
        let video = "7300000000000000001";
        let commands = app.update(
            Msg::OpenAt {
                list: ListKey::comments(video),
                selected: None,
                loaded: 0,
            },
            NOW,
        );
        assert_eq!(app.level, super::super::Level::Comments);
        assert_eq!(app.video.as_ref().unwrap().id.as_str(), video);
        assert_eq!(fetched_pages(&commands), [1]);
    }

    /// The start screen with two recent lists and one bookmark read from the library.
    fn start_screen_with_rows(keymap: crate::app::Keymap) -> App {
        let setup = Setup {
            library: Access::Ready,
            keymap,
            ..Setup::default()
        };
        let (mut app, commands) = App::new(setup, Rect::new(0, 0, 80, 24), NOW);
        let recent = |key: &str, loaded_then, selected: Option<&str>| crate::library::RecentList {
            list: ListKey::replies(key),
            title: Some(format!("comment {key}")),
            loaded: 30,
            total: Some(57),
            last_read: Some(NOW - 3_600),
            loaded_then,
            selected: selected.map(str::to_owned),
            new_since: 0,
            updated_at: NOW - 3_600,
        };
        let contents = Contents {
            recent: vec![
                recent(ID, Some(30), Some("25")),
                recent("7251524159191958000", None, None),
            ],
            bookmarks: vec![crate::library::Bookmark {
                list: ListKey::replies(ID),
                item: crate::library::StoredItem::Reply {
                    reply: reply(47),
                    comment_cid: ID.into(),
                },
                at: NOW - 60,
            }],
        };
        let (req, _) = library_work(&commands)[0].clone();
        app.update(
            Msg::Library {
                req,
                answer: Answer::Contents(Ok(contents)),
            },
            NOW,
        );
        app
    }

    fn named(app: &mut App, code: KeyCode) -> Vec<Command> {
        app.update(Msg::Key(KeyEvent::from(code)), NOW)
    }

    fn opened_at(commands: &[Command], app: &App) -> (Vec<u32>, Option<crate::app::Resume>) {
        (fetched_pages(commands), app.resume.clone())
    }

    #[test]
    fn slash_in_the_rows_searches_the_library_and_what_follows_is_typed_into_the_prompt() {
        use crate::app::Focus;
        let mut app = start_screen_with_rows(Default::default());
        named(&mut app, KeyCode::Tab);
        assert_eq!(app.focus, Focus::Library);
        press(&mut app, '/');
        for c in "大理".chars() {
            press(&mut app, c);
        }
        let prompt = app.search.as_ref().and_then(|s| s.prompt.as_ref());
        assert_eq!(prompt.map(|p| p.value()), Some("大理"));
        assert_eq!(app.input.value(), "", "nothing went to the input");
        let commands = named(&mut app, KeyCode::Enter);
        let searched = commands.iter().any(|c| {
            matches!(c, Command::Library { work: Work::Search { query, .. }, .. } if query.text == "大理")
        });
        assert!(searched, "{commands:?}");
    }

    #[test]
    fn down_or_tab_moves_from_the_input_into_the_rows_and_up_esc_or_shift_tab_come_back() {
        use crate::app::Focus;
        let mut app = start_screen_with_rows(Default::default());
        assert_eq!(app.focus, Focus::Input);
        named(&mut app, KeyCode::Down);
        assert_eq!((app.focus, app.library.row), (Focus::Library, 0));
        press(&mut app, 'j');
        named(&mut app, KeyCode::Down);
        assert_eq!(app.library.row, 2, "the bookmark, after the recent lists");
        named(&mut app, KeyCode::Down);
        assert_eq!(app.library.row, 2, "the last row stays");
        press(&mut app, 'k');
        named(&mut app, KeyCode::Up);
        assert_eq!((app.focus, app.library.row), (Focus::Library, 0));
        named(&mut app, KeyCode::Up);
        assert_eq!(app.focus, Focus::Input, "up from the first row");
        named(&mut app, KeyCode::Tab);
        assert_eq!(app.focus, Focus::Library);
        named(&mut app, KeyCode::BackTab);
        assert_eq!(app.focus, Focus::Input);
        named(&mut app, KeyCode::Tab);
        named(&mut app, KeyCode::Esc);
        assert_eq!(app.focus, Focus::Input);
        // The selected row is marked, and only while the rows have the focus.
        let marked = |app: &App| {
            let (lines, _, _) = app.welcome_view();
            lines
                .iter()
                .filter(|l| {
                    l.pieces
                        .iter()
                        .any(|p| p.role == crate::app::view::Role::Selected)
                })
                .map(|l| l.text())
                .collect::<Vec<_>>()
        };
        assert!(marked(&app).is_empty());
        named(&mut app, KeyCode::Tab);
        press(&mut app, 'G');
        let rows = marked(&app);
        assert_eq!(rows.len(), 1);
        assert!(rows[0].starts_with("▶ ★ "), "{rows:?}");
    }

    #[test]
    fn a_click_selects_a_row_and_a_click_on_the_selected_row_opens_it() {
        use crate::app::Focus;
        use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
        let mut app = start_screen_with_rows(Default::default());
        let click = |app: &mut App, text: &str| {
            let (lines, _, scroll) = app.welcome_view();
            let line = lines.iter().position(|l| l.text().contains(text)).unwrap();
            let panes = app.panes();
            let inner = crate::app::layout::inner(panes.list.union(panes.detail));
            let row = inner.y + (line - scroll) as u16;
            app.update(
                Msg::Mouse(MouseEvent {
                    kind: MouseEventKind::Down(MouseButton::Left),
                    column: inner.x + 4,
                    row,
                    modifiers: crossterm::event::KeyModifiers::NONE,
                }),
                NOW,
            )
        };
        assert!(
            click(&mut app, "Recent lists").is_empty(),
            "a heading is no row"
        );
        assert_ne!(app.focus, Focus::Library);
        click(&mut app, "★ ");
        assert_eq!((app.focus, app.library.row), (Focus::Library, 2));
        click(&mut app, "comment 7251524159191958000");
        assert_eq!(app.library.row, 1);
        let commands = click(&mut app, "comment 7251524159191958000");
        assert_eq!(fetched_pages(&commands), [1]);
        assert_eq!(
            app.thread.as_ref().unwrap().id.as_str(),
            "7251524159191958000"
        );
    }

    #[test]
    fn a_character_typed_in_the_rows_goes_to_the_input() {
        use crate::app::Focus;
        let mut app = start_screen_with_rows(Default::default());
        press(&mut app, '7');
        named(&mut app, KeyCode::Down);
        press(&mut app, '2');
        assert_eq!(app.focus, Focus::Input);
        assert_eq!(app.input.value(), "72", "typed after what was there");
        // / searches the whole library, as it does from the start screen's list.
        named(&mut app, KeyCode::Down);
        press(&mut app, '/');
        assert_eq!(app.context(), crate::app::Context::Search);
        named(&mut app, KeyCode::Esc);
        assert_eq!(app.input.value(), "72", "nothing typed");
        named(&mut app, KeyCode::Up);
        // q is typing there too, not quitting.
        named(&mut app, KeyCode::Down);
        press(&mut app, 'q');
        assert!(!app.should_quit);
        assert_eq!(app.input.value(), "72q");
        // And so is an edit: Backspace deletes it again.
        named(&mut app, KeyCode::Down);
        named(&mut app, KeyCode::Backspace);
        assert_eq!((app.focus, app.input.value()), (Focus::Input, "72"));
    }

    #[test]
    fn enter_on_a_recent_list_reopens_it_where_it_was_and_on_a_bookmark_at_its_item() {
        let mut app = start_screen_with_rows(Default::default());
        named(&mut app, KeyCode::Down);
        let commands = named(&mut app, KeyCode::Enter);
        let (pages, resume) = opened_at(&commands, &app);
        assert_eq!(pages, [1]);
        let resume = resume.unwrap();
        assert_eq!(
            (resume.loaded, resume.selected.as_deref()),
            (30, Some("25"))
        );
        assert_eq!(app.thread.as_ref().unwrap().id.as_str(), ID);

        let mut app = start_screen_with_rows(Default::default());
        named(&mut app, KeyCode::Down);
        press(&mut app, 'G');
        let commands = named(&mut app, KeyCode::Enter);
        let (pages, resume) = opened_at(&commands, &app);
        assert_eq!(pages, [1]);
        let resume = resume.unwrap();
        assert_eq!((resume.loaded, resume.selected.as_deref()), (0, Some("47")));
    }

    #[test]
    fn the_rows_keys_follow_the_keymap_and_help_and_hints_name_them_as_mapped() {
        use crate::app::{Context, Focus, Keymap};
        let remapped = Keymap::with_overrides([
            ("into_library", &["Ctrl-N".to_owned()][..]),
            ("library_next", &["n".to_owned()][..]),
            ("library_prev", &["p".to_owned()][..]),
            ("library_open", &["o".to_owned()][..]),
        ])
        .unwrap();
        let mut app = start_screen_with_rows(remapped);
        let (lines, _, _) = app.welcome_view();
        assert!(
            lines
                .iter()
                .any(|l| l.text() == "  Recent lists · Ctrl-N or Tab, then o to open"),
            "the way in is named as mapped"
        );
        named(&mut app, KeyCode::Down);
        assert_eq!(app.focus, Focus::Input, "↓ is no longer mapped there");
        app.update(
            Msg::Key(KeyEvent::new(
                KeyCode::Char('n'),
                crossterm::event::KeyModifiers::CONTROL,
            )),
            NOW,
        );
        assert_eq!(app.focus, Focus::Library);
        press(&mut app, 'n');
        assert_eq!(app.library.row, 1);
        press(&mut app, 'p');
        assert_eq!(app.library.row, 0);
        let hints = app.keymap.hints(Context::Pane(Focus::Library));
        assert_eq!(hints[..3], ["o open", "n next", "p prev"], "{hints:?}");
        let (help, _) = app.help_view();
        let help: Vec<String> = help.iter().map(|l| l.text()).collect();
        assert!(
            help.iter()
                .any(|l| l.contains("back to the input; typing goes there too")),
            "{help:?}"
        );
        let commands = press(&mut app, 'o');
        assert_eq!(fetched_pages(&commands), [1]);
        // j, unmapped in the rows now, is typed into the input.
        let mut app = start_screen_with_rows(
            Keymap::with_overrides([("library_next", &["n".to_owned()][..])]).unwrap(),
        );
        named(&mut app, KeyCode::Down);
        press(&mut app, 'j');
        assert_eq!((app.focus, app.input.value()), (Focus::Input, "j"));
    }

    fn visits(commands: &[Command]) -> Vec<Work> {
        library_work(commands)
            .into_iter()
            .map(|(_, work)| work)
            .filter(|work| matches!(work, Work::Visit { .. }))
            .collect()
    }

    #[test]
    fn leaving_a_list_writes_how_far_the_reader_got() {
        let visit = |list: ListKey, loaded, selected: &str| Work::Visit {
            list,
            loaded,
            selected: Some(selected.into()),
        };
        // Opening another list leaves this one.
        let (mut app, _) = reading(Access::Ready, Mode::Api);
        press(&mut app, 'j');
        press(&mut app, 'j');
        press(&mut app, 'i');
        for c in "7251524159191958000".chars() {
            press(&mut app, c);
        }
        let commands = app.update(Msg::Key(KeyEvent::from(KeyCode::Enter)), NOW);
        assert_eq!(visits(&commands), [visit(ListKey::replies(ID), 3, "3")]);
        // Quitting leaves the one on screen (nothing loaded in it yet).
        let commands = press(&mut app, 'q');
        assert!(app.should_quit);
        assert_eq!(
            visits(&commands),
            [Work::Visit {
                list: ListKey::replies("7251524159191958000"),
                loaded: 0,
                selected: None
            }]
        );
        // A signal's quit too, once.
        let (mut app, _) = reading(Access::Ready, Mode::Api);
        let commands = app.update(Msg::Quit, NOW);
        assert_eq!(visits(&commands), [visit(ListKey::replies(ID), 3, "1")]);
        assert!(visits(&app.update(Msg::Quit, NOW)).is_empty());
        // Without a library, nothing is asked.
        let (mut app, _) = reading(Access::Absent, Mode::Demo);
        assert!(visits(&press(&mut app, 'q')).is_empty());
    }

    #[test]
    fn esc_from_the_top_list_goes_to_the_start_screen_whose_rows_are_read_after_the_visit() {
        use crate::app::Focus;
        let (mut app, _) = reading(Access::Ready, Mode::Api);
        let commands = app.update(Msg::Key(KeyEvent::from(KeyCode::Esc)), NOW);
        assert!(app.list().is_none(), "the start screen");
        assert_eq!(app.focus, Focus::Input);
        assert_eq!(app.input.value(), "");
        let work = library_work(&commands);
        assert_eq!(visits(&commands).len(), 1);
        assert_eq!(
            work.len(),
            1,
            "the rows are read once the visit is in: {work:?}"
        );
        let commands = app.update(
            Msg::Library {
                req: work[0].0,
                answer: Answer::Visited(Ok(())),
            },
            NOW,
        );
        assert_eq!(
            library_work(&commands)
                .into_iter()
                .map(|(_, w)| w)
                .collect::<Vec<_>>(),
            [Work::Contents { limit: RECENT_ROWS }]
        );
        // The list is on the shelf: opened again, it is as it was, with nothing fetched.
        for c in ID.chars() {
            press(&mut app, c);
        }
        let commands = app.update(Msg::Key(KeyEvent::from(KeyCode::Enter)), NOW);
        assert!(fetched_pages(&commands).is_empty());
        assert_eq!(app.thread.as_ref().unwrap().list.items().len(), 3);
    }

    #[test]
    fn a_long_title_is_cut_so_that_the_counts_after_it_stay() {
        let recent = crate::library::RecentList {
            list: ListKey::replies(ID),
            title: Some("一个月3000在大理？我不太信。".repeat(8)),
            loaded: 20,
            total: Some(167),
            last_read: Some(NOW - 3_600),
            loaded_then: Some(20),
            selected: None,
            new_since: 4,
            updated_at: NOW,
        };
        let contents = Contents {
            recent: vec![recent],
            bookmarks: Vec::new(),
        };
        let lines = contents_lines(&contents, 78, NOW, None, None);
        let row = lines.last().unwrap().text();
        assert!(
            row.ends_with("… · 20/167 · read 1 hour ago · 4 new"),
            "{row}"
        );
        assert!(!row.contains("……"), "one ellipsis where it is cut: {row}");
        assert!(crate::text::width(&row) <= 78, "{row}");
    }

    #[test]
    fn a_read_only_library_is_said_plainly() {
        let (mut app, _) = reading(Access::Ready, Mode::Api);
        let (req, _) = library_work(&press(&mut app, 'b'))[0].clone();
        let err = LibraryError::ReadOnly {
            path: "/x/library.sqlite3".into(),
            detail: "attempt to write a readonly database".into(),
        };
        app.update(
            Msg::Library {
                req,
                answer: Answer::Toggled {
                    cid: "1".into(),
                    result: Err(err),
                },
            },
            NOW,
        );
        let notice = app.notice.as_ref().unwrap();
        assert!(notice.is_error);
        assert!(
            notice.text.starts_with("Not bookmarked:"),
            "{}",
            notice.text
        );
        assert!(notice.text.contains("read-only"), "{}", notice.text);
        assert!(!app.library.is_bookmarked("1"));
    }
}

#[test]
fn an_id_on_the_command_line_loads_at_once_with_the_list_focused() {
    let (app, commands) = app_with(Some(ID));
    assert_eq!(app.focus, Focus::List);
    assert_eq!(
        commands,
        [Command::Fetch {
            req: 1,
            call: Call::Replies {
                comment: CommentId::parse(ID).unwrap(),
                page: 1
            },
            skip_cache: false
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
    let refusal = app.input_error.as_deref().unwrap();
    assert!(
        refusal.contains("\"72515abc\" is not a comment ID"),
        "{refusal}"
    );
    assert!(refusal.contains("Nothing was sent"), "{refusal}");
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
        thread(&app).pages.paging(),
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
    let Command::Fetch { req: new_req, .. } = commands[0].clone() else {
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
        thread(&app).view.selected(),
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
        &commands[..],
        [Command::Fetch {
            call: Call::Replies { page: 1, .. },
            skip_cache: true,
            req: 2,
        }]
    ));
    assert_eq!(thread(&app).view.selected(), 0);
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
        cause: crate::api::RetryCause::RateLimit,
        reason: "rate limited".into(),
    };
    app.update(
        Msg::Retrying {
            req: 1,
            call: Call::Replies {
                comment: CommentId::parse(ID).unwrap(),
                page: 1,
            },
            notice: notice.clone(),
        },
        NOW,
    );
    assert_eq!(thread(&app).pages.retrying(), Some(&notice));
    let footer: String = view::footer_lines(app.list().unwrap(), &app.keymap, 80, 0, NOW + 1)
        .iter()
        .map(view::ViewLine::text)
        .collect();
    assert!(
        footer.contains("rate limited — trying again in 4 s (attempt 2 of 4)"),
        "{footer}"
    );
    app.update(loaded(1, 1, page_of(0..10, true)), NOW);
    assert_eq!(thread(&app).pages.retrying(), None);
}

#[test]
fn the_reload_notice_goes_once_the_first_page_is_in() {
    let (mut app, _) = app_with(Some(ID));
    app.update(loaded(1, 1, page_of(0..10, false)), NOW);
    key(&mut app, KeyCode::Char('R'));
    key(&mut app, KeyCode::Char('R'));
    let reloading = &app.notice.as_ref().unwrap().text;
    assert!(reloading.starts_with("Reloading"), "{reloading}");
    assert!(
        reloading.contains("replies to 7251524159191958327"),
        "{reloading}"
    );
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
    assert_eq!(list.view.selected(), 59);
    assert!(list.view.offset() <= 59 && 59 < list.view.offset() + height);
    key(&mut app, KeyCode::Char('g'));
    assert_eq!(thread(&app).view.offset(), 0);
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
    assert_eq!(thread(&app).pages.cached_since(), Some(NOW - 3 * 3600));
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
    assert_eq!(thread(&app).view.selected(), 3);
    app.update(wheel(MouseEventKind::ScrollUp, list), NOW);
    assert_eq!(thread(&app).view.selected(), 0);
    // Over the detail pane the wheel scrolls the reply, not the list.
    let detail = app.panes().detail;
    app.update(wheel(MouseEventKind::ScrollDown, detail), NOW);
    assert_eq!(thread(&app).view.selected(), 0);
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
    assert!(
        app.input.is_selected(),
        "the field opens on the ID, selected"
    );
    app.update(Msg::Paste("7000000000000000001".into()), NOW);
    assert_eq!(app.input.value(), "7000000000000000001");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.input.value(), ID, "Esc puts the open thread's ID back");
    key(&mut app, KeyCode::Char('i'));
    key(&mut app, KeyCode::Home);
    type_text(&mut app, "v:");
    assert_eq!(app.input.value(), format!("v:{ID}"), "nothing was wiped");
}

// ---------------------------------------------------------------------------------------
// The comments level

const VIDEO: &str = "7300000000000000001";

fn comment(i: u32, replies: u64) -> Comment {
    Comment {
        post: Post {
            cid: (7_310_000_000_000_000_000u64 + u64::from(i))
                .to_string()
                .into(),
            text: format!("comment {i}").into(),
            ..Post::default()
        },
        aweme_id: VIDEO.into(),
        reply_total: replies,
        pinned: false,
    }
}

/// Page `page` of the video's comments, 20 a page, comment `i` with `replies(i)` replies.
fn comments_page(req: u64, page: u32, has_more: bool) -> Msg {
    let first = (page - 1) * 20;
    let items = (first..first + 20)
        .map(|i| comment(i, u64::from(i % 3)))
        .collect();
    Msg::Answer {
        req,
        call: Call::Comments {
            video: VideoId::parse(VIDEO).unwrap(),
            page,
        },
        result: Ok(Delivered {
            payload: Payload::Comments(Page {
                items,
                has_more,
                total: Some(52),
            }),
            origin: Origin::Network,
            earlier: None,
        }),
    }
}

fn calls(commands: &[Command]) -> Vec<Call> {
    commands
        .iter()
        .filter_map(|command| match command {
            Command::Fetch { call, .. } => Some(call.clone()),
            _ => None,
        })
        .collect()
}

fn video_page(page: u32) -> Call {
    Call::Comments {
        video: VideoId::parse(VIDEO).unwrap(),
        page,
    }
}

/// The app on the video's comments, page 1 loaded, with comment 1 (one reply) selected.
fn on_the_comments() -> App {
    let (mut app, commands) = app_with(Some(&format!("https://www.douyin.com/video/{VIDEO}")));
    assert_eq!(
        calls(&commands),
        [video_page(1)],
        "no call to resolve a full link"
    );
    app.update(comments_page(1, 1, true), NOW);
    key(&mut app, KeyCode::Char('j'));
    app
}

#[test]
fn a_video_link_opens_its_comments_with_one_request() {
    let app = on_the_comments();
    assert_eq!(app.level, Level::Comments);
    assert_eq!(app.list().unwrap().view().rows(), 20);
    assert_eq!(app.input.value(), format!("v:{VIDEO}"));
}

#[test]
fn a_share_text_costs_one_call_then_opens_the_video_under_its_title() {
    let (mut app, _) = app_with(None);
    app.update(
        Msg::Paste(
            "7.43 复制打开抖音，看看【山野有风的作品】在大理住了一个月 https://v.douyin.com/iAbCdEf/ K@w.sr tRk:/ 06/06"
                .into(),
        ),
        NOW,
    );
    let commands = key(&mut app, KeyCode::Enter);
    let share = Call::Share {
        url: "https://v.douyin.com/iAbCdEf/".into(),
    };
    assert_eq!(calls(&commands), std::slice::from_ref(&share));
    let req = app.resolving.as_ref().unwrap().req;
    let commands = app.update(
        Msg::Answer {
            req,
            call: share,
            result: Ok(Delivered {
                payload: Payload::Video(VideoId::parse(VIDEO).unwrap()),
                origin: Origin::Network,
                earlier: None,
            }),
        },
        NOW,
    );
    assert_eq!(calls(&commands), [video_page(1)]);
    assert_eq!(app.level, Level::Comments);
    let title = app.video_title().unwrap();
    assert!(title.contains("山野有风的作品"), "{title}");
}

#[test]
fn junk_is_refused_with_the_accepted_forms_and_nothing_is_sent() {
    let (mut app, _) = app_with(None);
    type_text(&mut app, "https://example.com/video/123");
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    let refusal = app.input_error.as_deref().unwrap();
    assert!(refusal.contains("Nothing was sent"), "{refusal}");
    assert!(app.list().is_none());
}

#[test]
fn a_comment_without_replies_fetches_nothing_and_says_so() {
    let mut app = on_the_comments();
    key(&mut app, KeyCode::Char('k'));
    assert_eq!(
        app.video
            .as_ref()
            .unwrap()
            .list
            .selected_item()
            .unwrap()
            .reply_total,
        0
    );
    assert!(key(&mut app, KeyCode::Enter).is_empty());
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .contains("No replies here")
    );
    assert_eq!(app.level, Level::Comments);
}

#[test]
fn enter_opens_the_replies_and_esc_returns_to_the_same_comment_with_no_request() {
    let mut app = on_the_comments();
    let commands = key(&mut app, KeyCode::Enter);
    let Some(Call::Replies { comment, page: 1 }) = calls(&commands).pop() else {
        panic!("the comment's first page of replies: {commands:?}");
    };
    assert_eq!(comment.as_str(), "7310000000000000001");
    assert_eq!(app.level, Level::Replies);
    let head = app.thread.as_ref().unwrap().head().unwrap();
    assert_eq!(
        &*head.post.text, "comment 1",
        "the comment heads its thread"
    );
    assert!(
        key(&mut app, KeyCode::Esc).is_empty(),
        "going back costs nothing"
    );
    assert_eq!(app.level, Level::Comments);
    assert_eq!(
        app.list().unwrap().view().selected(),
        1,
        "on the same comment"
    );
    assert_eq!(
        app.list().unwrap().view().rows(),
        20,
        "the list exactly as it was"
    );
}

#[test]
fn a_thread_returned_to_opens_where_it_was_left() {
    let mut app = on_the_comments();
    key(&mut app, KeyCode::Enter);
    let req = app.thread.as_ref().unwrap().req;
    let id = app.thread.as_ref().unwrap().id.clone();
    let replies = (0..10).map(reply).collect();
    app.update(
        Msg::Answer {
            req,
            call: Call::Replies {
                comment: id,
                page: 1,
            },
            result: Ok(Delivered {
                payload: Payload::Replies(Page {
                    items: replies,
                    has_more: false,
                    total: Some(10),
                }),
                origin: Origin::Network,
                earlier: None,
            }),
        },
        NOW,
    );
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.level, Level::Comments);
    assert!(
        key(&mut app, KeyCode::Enter).is_empty(),
        "no request the second time"
    );
    assert_eq!(
        app.list().unwrap().view().selected(),
        2,
        "where it was left"
    );
}

#[test]
fn a_reload_keeps_the_selection_on_the_same_reply() {
    let (mut app, _) = app_with(Some(ID));
    app.update(loaded(1, 1, page_of(0..10, true)), NOW);
    read_on(&mut app, 2, page_of(10..20, true));
    key(&mut app, KeyCode::Char('k'));
    assert_eq!(thread(&app).view.selected(), 8);
    key(&mut app, KeyCode::Char('R'));
    let commands = key(&mut app, KeyCode::Char('R'));
    assert_eq!(pages_requested(&commands), [1]);
    let commands = app.update(loaded(2, 1, page_of(0..10, true)), NOW);
    assert_eq!(
        pages_requested(&commands),
        [2],
        "as many pages as were loaded"
    );
    assert_eq!(
        thread(&app).view.selected(),
        8,
        "the same reply, found on page 1"
    );
}

#[test]
fn in_the_demo_and_offline_r_says_nothing_was_fetched() {
    for mode in [Mode::Demo, Mode::Offline] {
        let (mut app, _) = App::new(
            Setup {
                mode,
                ..setup(Some(ID))
            },
            Rect::new(0, 0, 80, 24),
            NOW,
        );
        app.update(loaded(1, 1, page_of(0..10, false)), NOW);
        assert!(key(&mut app, KeyCode::Char('R')).is_empty());
        assert!(key(&mut app, KeyCode::Char('R')).is_empty());
        let notice = &app.notice.as_ref().unwrap().text;
        assert!(notice.starts_with("Nothing was fetched"), "{notice}");
    }
}

// ---------------------------------------------------------------------------------------
// Reading power

/// A reply by `uid` (nickname `name`) answering `to` (a cid and a uid), with text `text`.
fn said(i: u32, uid: &str, text: &str, to: Option<(u32, &str)>) -> Reply {
    Reply {
        post: Post {
            cid: i.to_string().into(),
            text: text.into(),
            digg_count: u64::from(i * 7 % 10),
            author: crate::api::Author {
                uid: uid.into(),
                nickname: format!("name-{uid}").into(),
                sec_uid: format!("MS4wLjABAAAA{uid}").into(),
                ..crate::api::Author::default()
            },
            author_liked: i.is_multiple_of(4),
            ..Post::default()
        },
        reply_to: to
            .map(|(cid, uid)| crate::api::ReplyTo {
                cid: Some(cid.to_string().into()),
                name: format!("name-{uid}").into(),
                uid: uid.into(),
            })
            .unwrap_or_default()
            .into(),
    }
}

/// The app on a thread of eight replies between a, b and c (one page, the end).
fn talk() -> App {
    let replies = vec![
        said(0, "a", "第一个 ＡＢＣ１", None),
        said(1, "b", "回复 abc1", Some((0, "a"))),
        said(2, "c", "无关", None),
        said(3, "a", "再回 b", Some((1, "b"))),
        said(4, "c", "还是无关", Some((2, "c"))),
        said(5, "b", "最后 ABC1", Some((3, "a"))),
        said(6, "c", "旁观", Some((5, "b"))),
        said(7, "a", "完", None),
    ];
    let (mut app, _) = app_with(Some(ID));
    app.update(
        loaded(
            1,
            1,
            Ok(Fetched {
                page: Page {
                    items: replies,
                    has_more: false,
                    total: Some(8),
                },
                origin: Origin::Network,
            }),
        ),
        NOW,
    );
    app
}

fn ctrl_key(app: &mut App, c: char) -> Vec<Command> {
    app.update(
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
        NOW,
    )
}

#[test]
fn search_folds_full_width_and_case_fetches_nothing_and_steps_through_matches() {
    let mut app = talk();
    key(&mut app, KeyCode::Char('/'));
    assert_eq!(app.context(), Context::Search, "the prompt takes the keys");
    type_text(&mut app, "abc1");
    let search = app.search.as_ref().unwrap();
    assert_eq!(search.matches, [0, 1, 5], "ＡＢＣ１, abc1 and ABC1 alike");
    assert_eq!(search.searched, 8);
    assert!(
        key(&mut app, KeyCode::Enter).is_empty(),
        "search fetches nothing"
    );
    assert_eq!(
        thread(&app).view.selected(),
        0,
        "the first match from the selection on"
    );
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(thread(&app).view.selected(), 1);
    key(&mut app, KeyCode::Char('n'));
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(thread(&app).view.selected(), 0, "n wraps round");
    key(&mut app, KeyCode::Char('N'));
    assert_eq!(thread(&app).view.selected(), 5, "and so does N");
    assert_eq!(app.search.as_ref().unwrap().position(5), "3/3 matches");
    key(&mut app, KeyCode::Esc);
    assert!(app.search.is_none(), "Esc clears it");
}

#[test]
fn filters_and_orders_cycle_and_are_named() {
    let mut app = talk();
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(
        app.lens_description().as_deref(),
        Some("liked by the author")
    );
    assert_eq!(app.list().unwrap().view().rows(), 2, "replies 0 and 4");
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Char('s'));
    assert_eq!(app.lens_description().as_deref(), Some("most liked first"));
    assert_eq!(
        thread(&app).row_item(0).unwrap().post.digg_count,
        9,
        "most liked on top"
    );
    assert_eq!(
        thread(&app).view.selected_index(),
        Some(0),
        "the selection stays on its reply"
    );
}

#[test]
fn a_conversation_is_the_two_answering_each_other_and_esc_returns_to_the_same_reply() {
    let mut app = talk();
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('c'));
    let shown: Vec<usize> = (0..thread(&app).view.rows())
        .filter_map(|row| thread(&app).view.item_index(row))
        .collect();
    assert_eq!(shown, [1, 3, 5], "b ▸ a ▸ b, in thread order");
    assert!(
        app.lens_description()
            .unwrap()
            .contains("@name-a ↔ @name-b")
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.lens_description(), None);
    assert_eq!(
        thread(&app).view.selected_index(),
        Some(3),
        "back on the same reply"
    );
}

#[test]
fn u_goes_to_the_answered_reply_and_ctrl_o_comes_back() {
    let mut app = talk();
    thread_mut(&mut app).view.select(6);
    assert!(key(&mut app, KeyCode::Char('u')).is_empty());
    assert_eq!(thread(&app).view.selected(), 5);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(thread(&app).view.selected(), 3);
    ctrl_key(&mut app, 'o');
    assert_eq!(thread(&app).view.selected(), 5);
    ctrl_key(&mut app, 'o');
    assert_eq!(thread(&app).view.selected(), 6);
    thread_mut(&mut app).view.select(0);
    key(&mut app, KeyCode::Char('u'));
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .contains("answers the top-level comment")
    );
}

fn thread_mut(app: &mut App) -> &mut Listing<Reply> {
    &mut app.thread.as_mut().unwrap().list
}

#[test]
fn u_reads_on_for_a_reply_not_loaded_each_page_once_then_says_it_was_not_found() {
    let (mut app, _) = app_with(Some(ID));
    let mut first = page_of(0..10, true).unwrap();
    first.page.items[9].reply_to = crate::api::ReplyTo {
        cid: Some("999999".into()),
        name: "someone".into(),
        ..Default::default()
    }
    .into();
    app.update(loaded(1, 1, Ok(first)), NOW);
    key(&mut app, KeyCode::Char('G'));
    app.update(loaded(1, 2, page_of(10..20, true)), NOW);
    key(&mut app, KeyCode::Char('g'));
    thread_mut(&mut app).view.select(9);
    let mut asked = pages_requested(&key(&mut app, KeyCode::Char('u')));
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .contains("Looking for @someone's reply")
    );
    let mut next = 3;
    while let Some(&page) = asked.last() {
        assert_eq!(page, next, "each page once, in order");
        next += 1;
        let start = (page - 1) * 10;
        asked =
            pages_requested(&app.update(loaded(1, page, page_of(start..start + 10, true)), NOW));
    }
    assert_eq!(next - 3, SEEK_PAGES, "at most {SEEK_PAGES} pages");
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .contains("not in the next 20 pages")
    );
    assert_eq!(
        thread(&app).view.selected(),
        9,
        "the selection stayed where it was"
    );
}

#[test]
fn p_fetches_a_users_full_profile_once() {
    let mut app = talk();
    let commands = key(&mut app, KeyCode::Char('P'));
    let [
        Command::Fetch {
            req,
            call: Call::Profile { sec_uid },
            ..
        },
    ] = &commands[..]
    else {
        panic!("one profile call: {commands:?}");
    };
    assert_eq!(sec_uid, "MS4wLjABAAAAa");
    assert!(
        key(&mut app, KeyCode::Char('P')).is_empty(),
        "not twice while on its way"
    );
    let profile = crate::api::Profile {
        user: crate::api::Author {
            about: crate::api::About {
                counts: crate::api::Counts {
                    follower_count: 1_234_000,
                    ..crate::api::Counts::default()
                },
                ..crate::api::About::default()
            }
            .into(),
            ..crate::api::Author::default()
        },
        ip_location: Some("IP属地：浙江".into()),
        gender: None,
        age: None,
        is_private: false,
    };
    app.update(
        Msg::Answer {
            req: *req,
            call: Call::Profile {
                sec_uid: sec_uid.clone(),
            },
            result: Ok(Delivered::new(
                Payload::Profile(Box::new(profile)),
                Origin::Network,
            )),
        },
        NOW,
    );
    assert!(matches!(
        app.selected_profile(),
        Some(ProfileState::Loaded(_))
    ));
    assert!(
        key(&mut app, KeyCode::Char('P')).is_empty(),
        "never twice for one user"
    );
    thread_mut(&mut app).view.select(7);
    assert!(
        matches!(app.selected_profile(), Some(ProfileState::Loaded(_))),
        "every post of that author shows it"
    );
    let lines = detail::lines(app.detail_subject().unwrap(), app.detail_extras(), 80, NOW);
    let text: String = lines.iter().map(view::ViewLine::text).collect();
    assert!(
        text.contains("123.4万 followers") && text.contains("(full profile)"),
        "{text}"
    );
    assert!(text.contains("IP属地：浙江"), "{text}");
}

#[test]
fn replies_new_since_a_reload_are_marked_and_brackets_step_through_them() {
    let (mut app, _) = app_with(Some(ID));
    app.update(loaded(1, 1, page_of(0..10, false)), NOW);
    key(&mut app, KeyCode::Char(']'));
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .contains("not fetched before")
    );
    key(&mut app, KeyCode::Char('R'));
    key(&mut app, KeyCode::Char('R'));
    let mut again = page_of(0..10, false).unwrap();
    again.page.items[3].post.cid = "new-1".into();
    again.page.items[7].post.cid = "new-2".into();
    app.update(loaded(2, 1, Ok(again)), NOW);
    let new: Vec<usize> = (0..10).filter(|&r| thread(&app).is_new(r)).collect();
    assert_eq!(new, [3, 7]);
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(thread(&app).view.selected(), 3);
    key(&mut app, KeyCode::Char(']'));
    assert_eq!(thread(&app).view.selected(), 7);
    key(&mut app, KeyCode::Char('['));
    assert_eq!(thread(&app).view.selected(), 3);
}

#[test]
fn y_copies_the_text_y_the_profile_link_and_o_opens_it() {
    let mut app = talk();
    assert_eq!(
        key(&mut app, KeyCode::Char('y')),
        [Command::Copy {
            text: "第一个 ＡＢＣ１".into()
        }]
    );
    assert_eq!(
        key(&mut app, KeyCode::Char('Y')),
        [Command::Copy {
            text: "https://www.douyin.com/user/MS4wLjABAAAAa".into()
        }]
    );
    assert_eq!(
        key(&mut app, KeyCode::Char('o')),
        [Command::OpenUrl {
            url: "https://www.douyin.com/user/MS4wLjABAAAAa".into()
        }]
    );
}

#[test]
fn a_click_selects_the_row_under_it() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut app = talk();
    let list = app.panes().list_inner();
    app.update(
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: list.x + 3,
            row: list.y + 4,
            modifiers: KeyModifiers::NONE,
        }),
        NOW,
    );
    assert_eq!(thread(&app).view.selected(), 4);
}

#[test]
fn e_hands_every_loaded_reply_to_the_export_whatever_the_filter_hides() {
    let (mut app, _) = app_with(Some(ID));
    let req = app.thread.as_ref().unwrap().req;
    app.update(loaded(req, 1, page_of(0..10, true)), NOW);
    key(&mut app, KeyCode::Char('f'));
    let commands = key(&mut app, KeyCode::Char('E'));
    let [Command::Export { list, csv }] = commands.as_slice() else {
        panic!("one export: {commands:?}");
    };
    assert!(*csv, "E writes CSV");
    let Saved::Replies {
        comment,
        video,
        replies,
    } = list
    else {
        panic!("the replies: {list:?}");
    };
    assert_eq!((comment.to_string().as_str(), video), (ID, &None));
    assert_eq!(
        replies.len(),
        10,
        "the lens hides some; the export has them all"
    );
    assert!(
        pages_requested(&commands).is_empty(),
        "nothing is fetched for it"
    );
}

#[test]
fn e_with_nothing_loaded_says_so_and_writes_nothing() {
    let (mut app, _) = app_with(Some(ID));
    let commands = key(&mut app, KeyCode::Char('e'));
    assert!(commands.is_empty(), "{commands:?}");
    let notice = app.notice.as_ref().expect("a message");
    assert!(notice.text.contains("Nothing is loaded"), "{}", notice.text);
}

/// Thread `ID` with all 57 of its replies loaded, ten a page (pages 1 to 6), in `mode`.
fn all_57_loaded(mode: Mode) -> App {
    all_loaded(
        Setup {
            mode,
            ..setup(Some(ID))
        },
        57,
        reply,
    )
}

/// Thread `ID` with all 57 of its replies, made by `make`, loaded ten a page, the service
/// counting `total`.
fn all_loaded(setup: Setup, total: u64, make: fn(u32) -> Reply) -> App {
    let (mut app, commands) = App::new(setup, Rect::new(0, 0, 80, 24), NOW);
    let mut asked = pages_requested(&commands);
    while let Some(page) = asked.pop() {
        let first = (page - 1) * 10;
        let result = Ok(Fetched {
            page: Page {
                items: (first..(first + 10).min(57)).map(make).collect(),
                has_more: page < 6,
                total: Some(total),
            },
            origin: Origin::Network,
        });
        let req = app.thread.as_ref().unwrap().req;
        asked.extend(pages_requested(&app.update(loaded(req, page, result), NOW)));
        asked.extend(pages_requested(&key(&mut app, KeyCode::Char('G'))));
    }
    assert_eq!(thread(&app).items().len(), 57);
    app
}

#[test]
fn r_twice_refetches_every_page_it_announced_and_the_list_never_shrinks() {
    let mut app = all_57_loaded(Mode::Api);
    key(&mut app, KeyCode::Char('g'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(thread(&app).selected_key(), Some("3"), "the 4th reply");
    key(&mut app, KeyCode::Char('R'));
    let announced = app.notice.as_ref().unwrap().text.clone();
    assert!(announced.contains("6 pages"), "{announced}");
    let mut commands = key(&mut app, KeyCode::Char('R'));
    let mut fetched = Vec::new();
    while let Some(Command::Fetch {
        req,
        call,
        skip_cache,
    }) = commands.pop()
    {
        assert!(skip_cache, "a reload skips the cache");
        let page = call.page().unwrap();
        fetched.push(page);
        assert_eq!(thread(&app).items().len(), 57, "before page {page}");
        let first = (page - 1) * 10;
        let fresh = Ok(Fetched {
            page: Page {
                items: (first..(first + 10).min(57)).map(reply).collect(),
                has_more: page < 6,
                total: Some(57),
            },
            origin: Origin::Network,
        });
        commands = app.update(loaded(req, page, fresh), NOW);
        assert_eq!(thread(&app).items().len(), 57, "after page {page}");
        assert_eq!(thread(&app).selected_key(), Some("3"), "still the 4th");
    }
    assert_eq!(
        fetched,
        [1, 2, 3, 4, 5, 6],
        "every page announced, once each"
    );
    let title: String = view::list_status(app.list().unwrap(), 0)
        .into_iter()
        .map(|(text, _)| text)
        .collect();
    assert!(title.starts_with("57 of 57 loaded"), "{title}");
}

fn footer(app: &App) -> String {
    view::footer_lines(app.list().unwrap(), &app.keymap, 80, 0, NOW)
        .iter()
        .map(|line| line.text().trim().to_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reply `i`, liked by the video's author when `i` is a multiple of ten (6 of 57).
fn sometimes_liked(i: u32) -> Reply {
    let mut reply = reply(i);
    reply.post.author_liked = i.is_multiple_of(10);
    reply
}

#[test]
fn under_a_filter_the_end_line_counts_what_douyin_hides_and_what_the_filter_shows_apart() {
    let mut app = all_loaded(setup(Some(ID)), 64, sometimes_liked);
    assert!(
        footer(&app).contains("57 replies; Douyin counts 7 more"),
        "{}",
        footer(&app)
    );
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(app.list().unwrap().view().rows(), 6);
    let line = footer(&app);
    assert!(
        line.contains("Douyin counts 7 more it does not show"),
        "{line}"
    );
    assert!(
        line.contains("57 replies") && line.contains("6 shown"),
        "{line}"
    );
}

#[test]
fn a_filter_that_matches_nothing_says_so_and_names_the_key_that_leaves_it() {
    let keymap = Keymap::with_overrides([("filter", &["t".to_owned()][..])]).unwrap();
    let mut app = all_loaded(
        Setup {
            keymap,
            ..setup(Some(ID))
        },
        57,
        reply,
    );
    key(&mut app, KeyCode::Char('t'));
    key(&mut app, KeyCode::Char('t'));
    assert_eq!(app.lens_description().as_deref(), Some("hot"));
    let line = footer(&app);
    assert!(!line.contains("No replies under this comment"), "{line}");
    assert!(
        line.starts_with("No reply of the 57 loaded is hot"),
        "{line}"
    );
    assert!(line.contains("t shows all"), "the key as mapped: {line}");
}

#[test]
fn a_refused_share_link_is_asked_once_a_session_and_i_then_edits_the_input() {
    let (mut app, _) = app_with(None);
    let url = "https://v.douyin.com/iBadLnk/";
    type_text(&mut app, url);
    let mut fetches = 0;
    for _ in 0..3 {
        if app.focus != Focus::Input {
            key(&mut app, KeyCode::Char('i'));
        }
        let commands = key(&mut app, KeyCode::Enter);
        for command in commands {
            let Command::Fetch { req, call, .. } = command else {
                continue;
            };
            fetches += 1;
            let refused = Err(ApiError::InvalidParameters {
                endpoint: crate::api::Endpoint::ShareLink,
            });
            app.update(
                Msg::Answer {
                    req,
                    call,
                    result: refused,
                },
                NOW,
            );
        }
        let notice = &app.notice.as_ref().unwrap().text;
        assert!(
            notice.starts_with(url) && notice.contains("code 400"),
            "{notice}"
        );
        assert!(notice.contains("i edits the link"), "{notice}");
        let status = view::status_text(notice, " sent 1 · billed 0 · cached 0 ".into(), 80, 24);
        assert!(
            status.lines.iter().all(|line| !line.ends_with('…')),
            "at 80 columns the refusal is read whole: {:?}",
            status.lines
        );
    }
    assert_eq!(
        fetches, 1,
        "one request for one bad link, however many Enters"
    );
    assert_ne!(
        app.focus,
        Focus::Input,
        "so that i is a key, not a letter in the link"
    );
    key(&mut app, KeyCode::Char('i'));
    assert_eq!(app.focus, Focus::Input);
    assert_eq!(app.input.value(), url, "i typed nothing");
    type_text(&mut app, "7251524159191958327");
    assert_eq!(
        app.input.value(),
        "7251524159191958327",
        "what is typed replaces it"
    );
}

#[test]
fn u_on_a_reply_to_the_top_level_comment_says_so_from_the_list_and_the_detail() {
    for detail in [false, true] {
        let mut app = talk();
        if detail {
            key(&mut app, KeyCode::Enter);
            assert_eq!(app.focus, Focus::Detail);
        }
        assert!(key(&mut app, KeyCode::Char('u')).is_empty());
        let notice = app.notice.as_ref().map(|n| n.text.clone());
        assert_eq!(
            notice.as_deref(),
            Some("This reply answers the top-level comment itself."),
            "detail focused: {detail}"
        );
    }
}

#[test]
fn esc_on_the_start_screen_undoes_the_typing() {
    let (mut app, _) = app_with(None);
    type_text(&mut app, "7251");
    key(&mut app, KeyCode::Esc);
    assert_eq!(
        app.input.value(),
        "",
        "as the help says: Esc undoes the edit"
    );
}

#[test]
fn what_u_says_stays_when_a_page_arrives_just_after() {
    let (mut app, _) = app_with(Some(ID));
    app.update(loaded(1, 1, page_of(0..10, true)), NOW);
    assert_eq!(pages_requested(&key(&mut app, KeyCode::Char('G'))), [2]);
    key(&mut app, KeyCode::Char('u'));
    app.update(loaded(1, 2, page_of(10..20, true)), NOW);
    let notice = app.notice.as_ref().map(|n| n.text.as_str());
    assert_eq!(
        notice,
        Some("This reply answers the top-level comment itself."),
        "a page in flight does not wipe the answer"
    );
}

#[test]
fn counts_of_one_are_singular_in_the_detail_and_the_search() {
    let mut one = said(0, "a", "一个赞", None);
    one.post.digg_count = 1;
    let counts = &mut one.post.author.about.make_mut().counts;
    counts.follower_count = 1;
    counts.aweme_count = 1;
    let text: String = detail::lines(
        detail::Subject::Reply {
            reply: &one,
            top_comment: None,
        },
        detail::Extras::default(),
        80,
        NOW,
    )
    .iter()
    .map(|line| line.text())
    .collect::<Vec<_>>()
    .join("\n");
    assert!(
        text.contains("♥ 1 like") && !text.contains("1 likes"),
        "{text}"
    );
    assert!(
        text.contains("1 follower ·") && text.contains("1 work"),
        "{text}"
    );

    let mut app = talk();
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "无关");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('j'));
    let search = app.search.as_ref().unwrap();
    assert_eq!(search.position(usize::MAX), "2 matches");
    let mut app = talk();
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "旁观");
    let search = app.search.as_ref().unwrap();
    assert_eq!(search.position(usize::MAX), "1 match");
    assert_eq!(search.position(search.matches[0]), "1/1 match");
}

#[test]
fn the_help_names_the_files_e_and_big_e_write() {
    let keys = Keymap::default();
    let help = |action| {
        keys.bindings()
            .iter()
            .find(|b| b.action == action)
            .unwrap()
            .help
    };
    let jsonl = help(Action::Export { csv: false });
    assert!(
        jsonl.contains("ID-replies.jsonl") && jsonl.contains("ID-comments.jsonl"),
        "{jsonl}"
    );
    let csv = help(Action::Export { csv: true });
    assert!(
        csv.contains("ID-replies.csv") && csv.contains("ID-comments.csv"),
        "{csv}"
    );
}

#[test]
fn a_remapped_reload_key_is_the_one_its_hints_name() {
    let keymap = Keymap::with_overrides([("reload", &["t".to_owned()][..])]).unwrap();
    let (mut app, _) = App::new(
        Setup {
            keymap,
            ..setup(Some(ID))
        },
        Rect::new(0, 0, 80, 24),
        NOW,
    );
    app.update(loaded(1, 1, page_of(0..10, false)), NOW);
    key(&mut app, KeyCode::Char(']'));
    let notice = &app.notice.as_ref().unwrap().text;
    assert!(notice.contains("(t fetches it again)"), "{notice}");
    key(&mut app, KeyCode::Char('t'));
    let notice = &app.notice.as_ref().unwrap().text;
    assert!(notice.starts_with("t again refetches 1 page"), "{notice}");
}

/// `/` across the library, as `update` sees it: the prompt, the hits as a list, and back.
mod found {
    use super::super::library::{Access, Answer, FoundPage, Work};
    use super::super::view::footer_lines;
    use super::super::{App, Command, Context, Keymap, Level, Msg, Setup};
    use crate::api::{Comment, Post, Reply};
    use crate::library::{Hit, ListKey, StoredItem};
    use crate::paging::HITS_PAGE;
    use crossterm::event::{KeyCode, KeyEvent};
    use ratatui::layout::Rect;

    const NOW: i64 = 1_700_000_000;
    const COMMENT: &str = "7251524159191958327";
    const VIDEO: &str = "7300000000000000001";

    fn reader(access: Access) -> App {
        let setup = Setup {
            library: access,
            ..Setup::default()
        };
        App::new(setup, Rect::new(0, 0, 80, 24), NOW).0
    }

    fn press(app: &mut App, code: KeyCode) -> Vec<Command> {
        app.update(Msg::Key(KeyEvent::from(code)), NOW)
    }

    fn type_text(app: &mut App, text: &str) -> Vec<Command> {
        text.chars()
            .flat_map(|c| press(app, KeyCode::Char(c)))
            .collect()
    }

    fn reply_hit(cid: u32, text: &str) -> Hit {
        Hit {
            item: StoredItem::Reply {
                reply: Reply {
                    post: Post {
                        cid: cid.to_string().into(),
                        text: text.into(),
                        create_time: NOW - i64::from(cid),
                        ..Post::default()
                    },
                    ..Reply::default()
                },
                comment_cid: COMMENT.into(),
            },
            list: ListKey::replies(COMMENT),
            video: Some(VIDEO.into()),
            list_title: Some("去大理吗".into()),
            first_seen: NOW,
        }
    }

    fn comment_hit(cid: &str, text: &str) -> Hit {
        Hit {
            item: StoredItem::Comment(Comment {
                post: Post {
                    cid: cid.into(),
                    text: text.into(),
                    ..Post::default()
                },
                aweme_id: VIDEO.into(),
                ..Comment::default()
            }),
            list: ListKey::comments(VIDEO),
            video: Some(VIDEO.into()),
            list_title: Some("大理vlog".into()),
            first_seen: NOW,
        }
    }

    /// The library work asked for: (req, page, query text, offset).
    fn searches(commands: &[Command]) -> Vec<(u64, u32, String, usize)> {
        commands
            .iter()
            .filter_map(|command| match command {
                Command::Library {
                    req,
                    work: Work::Search { page, query },
                } => Some((*req, *page, query.text.clone(), query.offset)),
                _ => None,
            })
            .collect()
    }

    fn fetches(commands: &[Command]) -> usize {
        commands
            .iter()
            .filter(|c| matches!(c, Command::Fetch { .. }))
            .count()
    }

    fn found(req: u64, page: u32, hits: Vec<Hit>, more: bool, library_empty: bool) -> Msg {
        let total = Some(hits.len() as u64);
        Msg::Library {
            req,
            answer: Answer::Found {
                page,
                result: Ok(FoundPage {
                    hits,
                    more,
                    total: if page == 1 { total } else { None },
                    library_empty,
                    bookmarked: Vec::new(),
                }),
            },
        }
    }

    /// `/`, `text`, Enter from the start screen: the search's req.
    fn search_for(app: &mut App, text: &str) -> u64 {
        press(app, KeyCode::Char('/'));
        type_text(app, text);
        let commands = press(app, KeyCode::Enter);
        assert_eq!(fetches(&commands), 0, "a search sends no request");
        let asked = searches(&commands);
        assert_eq!(asked.len(), 1, "{commands:?}");
        let (req, page, query, offset) = asked[0].clone();
        assert_eq!((page, query.as_str(), offset), (1, text, 0));
        req
    }

    fn footer(app: &App) -> String {
        let list = app.list().expect("a list is on screen");
        footer_lines(list, &app.keymap, 78, 0, NOW)
            .iter()
            .map(|l| l.text())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn slash_on_the_empty_start_screen_searches_the_library_and_sends_no_request() {
        let mut app = reader(Access::Ready);
        press(&mut app, KeyCode::Char('/'));
        assert_eq!(app.context(), Context::Search, "the prompt is open");
        assert_eq!(
            app.input.value(),
            "",
            "the `/` was not typed into the input"
        );
        let req = search_for_typed(&mut app, "大理");
        app.update(
            found(
                req,
                1,
                vec![reply_hit(1, "我也想去大理"), comment_hit("2", "大理好")],
                false,
                false,
            ),
            NOW,
        );
        assert_eq!(app.level, Level::Found);
        let list = app.list().unwrap();
        assert_eq!(list.view().rows(), 2);
        assert_eq!(list.noun().many, "hits");
        assert_eq!(app.hits_heading().unwrap(), "大理 · 2 hits in the library");
        assert!(
            footer(&app).contains("end of the hits: 2 hits"),
            "{}",
            footer(&app)
        );
    }

    /// The rest of `search_for` once the prompt is open.
    fn search_for_typed(app: &mut App, text: &str) -> u64 {
        type_text(app, text);
        let commands = press(app, KeyCode::Enter);
        assert_eq!(fetches(&commands), 0, "a search sends no request");
        searches(&commands)[0].0
    }

    #[test]
    fn slash_searches_the_library_from_anywhere_on_the_start_screen_but_a_typed_link() {
        let mut app = reader(Access::Ready);
        type_text(&mut app, "x");
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.input.value(), "", "Esc undid the typing");
        assert_ne!(app.focus, super::super::Focus::Input);
        press(&mut app, KeyCode::Char('/'));
        assert!(app.search.as_ref().is_some_and(|s| s.library));
    }

    #[test]
    fn slash_searches_the_library_on_the_start_screen_reached_by_esc_from_a_list() {
        let setup = Setup {
            library: Access::Ready,
            initial: Some(COMMENT.to_owned()),
            ..Setup::default()
        };
        let mut app = App::new(setup, Rect::new(0, 0, 80, 24), NOW).0;
        assert_eq!(app.level, Level::Replies);
        press(&mut app, KeyCode::Esc);
        assert!(app.list().is_none(), "the start screen");
        assert_eq!(app.level, Level::Start);
        press(&mut app, KeyCode::Char('/'));
        assert_eq!(app.input.value(), "", "not typed into the input");
        assert!(app.search.as_ref().is_some_and(|s| s.library));
    }

    #[test]
    fn slash_typed_into_a_link_stays_a_character() {
        let mut app = reader(Access::Ready);
        type_text(&mut app, "https://v.douyin.com/x/");
        assert_eq!(app.input.value(), "https://v.douyin.com/x/");
        assert!(app.search.is_none());
    }

    #[test]
    fn the_list_search_key_as_mapped_opens_it() {
        let mut app = reader(Access::Ready);
        let search = ["F3".to_owned()];
        app.keymap = Keymap::with_overrides([("search", &search[..])]).unwrap();
        press(&mut app, KeyCode::Char('/'));
        assert_eq!(app.input.value(), "/", "unmapped, `/` is typed");
        press(&mut app, KeyCode::Backspace);
        press(&mut app, KeyCode::F(3));
        assert_eq!(app.context(), Context::Search);
    }

    #[test]
    fn without_a_library_slash_says_why() {
        let mut app = reader(Access::Absent);
        let commands = press(&mut app, KeyCode::Char('/'));
        assert!(commands.is_empty());
        let notice = app.notice.as_ref().unwrap();
        assert!(
            notice.text.starts_with("Searching the library needs one"),
            "{}",
            notice.text
        );
    }

    #[test]
    fn esc_returns_to_the_start_screen_and_slash_offers_the_same_words() {
        let mut app = reader(Access::Ready);
        let req = search_for(&mut app, "洱海");
        app.update(found(req, 1, vec![reply_hit(1, "洱海")], false, false), NOW);
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.level, Level::Start);
        assert!(app.list().is_none(), "the start screen is back");
        press(&mut app, KeyCode::Char('/'));
        let prompt = app.search.as_ref().unwrap().prompt.as_ref().unwrap();
        assert_eq!(prompt.value(), "洱海");
        // Typing replaces what was kept.
        let req = search_for_typed(&mut app, "苍山");
        assert!(req > 0);
        assert_eq!(app.library.last_query, "苍山");
    }

    #[test]
    fn hits_page_like_any_list_from_the_library() {
        let mut app = reader(Access::Ready);
        let req = search_for(&mut app, "评论");
        let hits = (0..HITS_PAGE as u32)
            .map(|i| reply_hit(i, "评论"))
            .collect();
        let commands = app.update(found(req, 1, hits, true, false), NOW);
        assert!(searches(&commands).is_empty(), "one screen needs one page");
        let commands = press(&mut app, KeyCode::Char('G'));
        assert_eq!(
            searches(&commands),
            [(req, 2, "评论".to_owned(), HITS_PAGE)],
            "the next page is the next hits"
        );
        assert_eq!(fetches(&commands), 0);
    }

    #[test]
    fn an_empty_library_and_no_hit_say_what_to_do() {
        let mut app = reader(Access::Ready);
        let req = search_for(&mut app, "大理");
        app.update(found(req, 1, Vec::new(), false, true), NOW);
        let text = footer(&app);
        assert!(text.contains("The library is empty"), "{text}");
        assert!(text.contains("Esc goes back"), "{text}");

        press(&mut app, KeyCode::Esc);
        let req = search_for(&mut app, "苍山");
        app.update(found(req, 1, Vec::new(), false, false), NOW);
        let text = footer(&app);
        assert!(
            text.contains("Nothing in the library matches “苍山”"),
            "{text}"
        );
    }

    #[test]
    fn a_library_that_cannot_be_read_says_so_and_r_asks_again() {
        let mut app = reader(Access::Ready);
        let req = search_for(&mut app, "大理");
        let busy = crate::library::LibraryError::Busy {
            path: "/data/library.sqlite3".into(),
        };
        let answer = Answer::Found {
            page: 1,
            result: Err(busy),
        };
        app.update(Msg::Library { req, answer }, NOW);
        let heading = app.hits_heading().unwrap();
        assert_eq!(heading, "大理 · the library could not be searched");
        let text = footer(&app);
        assert!(text.contains("Page 1 failed"), "{text}");
        assert!(text.contains("stayed locked by another program"), "{text}");
        let again = searches(&press(&mut app, KeyCode::Char('r')));
        assert_eq!(again, [(req, 1, "大理".to_owned(), 0)]);
    }

    #[test]
    fn insights_of_the_hits_load_the_rest_from_the_library_for_free() {
        let mut app = reader(Access::Ready);
        let req = search_for(&mut app, "评论");
        let hits = (0..HITS_PAGE as u32)
            .map(|i| reply_hit(i, "评论"))
            .collect();
        let mut page = found(req, 1, hits, true, false);
        if let Msg::Library {
            answer: Answer::Found {
                result: Ok(found), ..
            },
            ..
        } = &mut page
        {
            found.total = Some(250);
        }
        app.update(page, NOW);
        for command in press(&mut app, KeyCode::Char('I')) {
            if let Command::Analyse { req, list } = command {
                let insights = Box::new(super::super::insights::analyse(&list));
                app.update(Msg::Analysed { req, insights }, NOW);
            }
        }
        let view = app.insights_view().expect("the insights are open");
        let summary: Vec<String> = view.summary.iter().map(|l| l.text()).collect();
        let summary = summary.join(" ");
        assert!(summary.contains("From 100 of 250"), "{summary}");
        assert!(
            summary.contains("about 2 pages from the library (free)"),
            "{summary}"
        );
        press(&mut app, KeyCode::Char('L'));
        let commands = press(&mut app, KeyCode::Char('L'));
        assert_eq!(
            searches(&commands),
            [(req, 2, "评论".to_owned(), HITS_PAGE)]
        );
        assert_eq!(fetches(&commands), 0);
    }

    #[test]
    fn r_searches_again_at_once_and_bills_nothing() {
        let mut app = reader(Access::Ready);
        let req = search_for(&mut app, "大理");
        app.update(found(req, 1, vec![reply_hit(1, "大理")], false, false), NOW);
        let commands = press(&mut app, KeyCode::Char('R'));
        let again = searches(&commands);
        assert_eq!(again.len(), 1, "{commands:?}");
        assert_eq!((again[0].1, again[0].2.as_str()), (1, "大理"));
        assert_eq!(fetches(&commands), 0);
    }

    #[test]
    fn enter_on_a_hit_opens_its_list_and_esc_comes_back_to_the_hits() {
        let mut app = reader(Access::Ready);
        let req = search_for(&mut app, "大理");
        let hits = vec![comment_hit("3", "大理好"), reply_hit(1, "我也想去大理")];
        app.update(found(req, 1, hits, false, false), NOW);
        press(&mut app, KeyCode::Char('j'));
        let commands = press(&mut app, KeyCode::Enter);
        assert_eq!(app.level, Level::Replies, "a reply opens its thread");
        assert_eq!(app.thread.as_ref().unwrap().id.as_str(), COMMENT);
        assert_eq!(
            fetches(&commands),
            1,
            "its first page, from the library first"
        );
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.level, Level::Found, "back to the hits");
        assert_eq!(
            app.list().unwrap().view().selected(),
            1,
            "on the hit it left"
        );
        press(&mut app, KeyCode::Char('k'));
        press(&mut app, KeyCode::Enter);
        assert_eq!(
            app.level,
            Level::Comments,
            "a comment opens its video's comments"
        );
        assert_eq!(app.video.as_ref().unwrap().id.as_str(), VIDEO);
    }
}
