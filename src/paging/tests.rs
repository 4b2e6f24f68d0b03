//! The paging rules, on replies and on comments alike.

use super::*;
use crate::CommentId;
use crate::api::{Page, Post};
use crate::demo::DemoSource;
use proptest::prelude::*;

fn post(cid: u32) -> Post {
    Post {
        cid: cid.to_string().into(),
        ..Post::default()
    }
}

fn reply(cid: u32) -> Reply {
    Reply {
        post: post(cid),
        ..Reply::default()
    }
}

fn page(cids: std::ops::Range<u32>, has_more: bool) -> Result<Fetched<Reply>, ApiError> {
    Ok(Fetched {
        page: Page {
            items: cids.map(reply).collect(),
            has_more,
            total: Some(57),
        },
        origin: Origin::Network,
    })
}

fn page_of_ten(page_number: u32) -> Result<Fetched<Reply>, ApiError> {
    page((page_number - 1) * 10..page_number * 10, true)
}

fn cids(list: &Listing<Reply>) -> Vec<u32> {
    list.items()
        .iter()
        .map(|r| r.post.cid.parse().unwrap())
        .collect()
}

#[test]
fn first_page_is_requested_once() {
    let mut list = Listing::<Reply>::new();
    assert_eq!(list.due_page(5), Some(1));
    assert_eq!(list.due_page(5), None, "page 1 is in flight");
}

#[test]
fn a_first_page_that_fills_the_screen_is_the_only_request() {
    let mut list = Listing::<Reply>::new();
    assert_eq!(list.due_page(8), Some(1));
    list.apply(1, page_of_ten(1), |_| None);
    assert_eq!(
        list.due_page(8),
        None,
        "ten replies fill eight rows and the selection is at the top"
    );
}

#[test]
fn the_next_page_is_asked_for_half_a_page_before_the_end() {
    let mut list = Listing::<Reply>::new();
    list.due_page(5);
    list.apply(1, page_of_ten(1), |_| None);
    assert_eq!(list.pages.lookahead(), 5);
    list.view.select(4);
    assert_eq!(list.due_page(5), None, "five replies still below");
    list.view.select(5);
    assert_eq!(list.due_page(5), Some(2), "four below: time to fetch");
    list.apply(2, page_of_ten(2), |_| None);
    list.view.select(14);
    assert_eq!(list.due_page(5), None, "no further than one page ahead");
    list.view.select(15);
    assert_eq!(list.due_page(5), Some(3));
}

#[test]
fn a_tall_screen_is_filled_but_not_more() {
    let mut list = Listing::<Reply>::new();
    let mut pages = 0;
    while let Some(page_number) = list.due_page(35) {
        list.apply(page_number, page_of_ten(page_number), |_| None);
        pages += 1;
    }
    assert_eq!(
        pages, 4,
        "40 replies fill 35 rows; the selection is far from the end"
    );
}

#[test]
fn overlapping_pages_are_deduplicated_in_order() {
    let mut list = Listing::<Reply>::new();
    list.due_page(5);
    list.apply(1, page(0..10, true), |_| None);
    list.view.select(9);
    list.due_page(5);
    list.apply(2, page(8..18, true), |_| None);
    assert_eq!(cids(&list), (0..18).collect::<Vec<_>>());
}

#[test]
fn has_more_that_lies_does_not_loop() {
    let mut list = Listing::<Reply>::new();
    list.due_page(5);
    list.apply(1, page(0..10, true), |_| None);
    list.view.select(9);
    list.due_page(5);
    list.apply(2, page(0..10, true), |_| None);
    assert_eq!(list.pages.paging(), &Paging::End(EndReason::NothingNew));
    assert_eq!(list.due_page(5), None);

    let mut list = Listing::<Reply>::new();
    list.due_page(5);
    list.apply(1, page(0..0, true), |_| None);
    assert_eq!(list.pages.paging(), &Paging::End(EndReason::EmptyPage));
}

#[test]
fn has_more_zero_ends_the_list() {
    let mut list = Listing::<Reply>::new();
    list.due_page(5);
    list.apply(1, page(0..7, false), |_| None);
    assert_eq!(list.pages.paging(), &Paging::End(EndReason::NoMore));
    assert_eq!(list.items().len(), 7);
}

#[test]
fn a_failed_page_keeps_what_was_loaded_and_retries_the_same_page() {
    let mut list = Listing::<Reply>::new();
    list.due_page(5);
    list.apply(1, page(0..10, true), |_| None);
    list.view.select(9);
    list.due_page(5);
    list.apply(2, Err(ApiError::CollectionFailed), |_| None);
    assert_eq!(list.items().len(), 10);
    assert_eq!(list.due_page(5), None, "a failed page waits for r");
    assert_eq!(list.pages.retry(), Some(2));
    assert_eq!(list.pages.retry(), None, "already in flight");
    list.apply(2, page(10..20, false), |_| None);
    assert_eq!(list.items().len(), 20);
}

#[test]
fn answers_for_pages_not_in_flight_are_ignored() {
    let mut list = Listing::<Reply>::new();
    list.due_page(5);
    assert!(!list.apply(2, page(0..10, true), |_| None));
    assert!(list.items().is_empty());
}

#[test]
fn scrolling_keeps_the_selection_and_the_footer_visible() {
    let mut list = Listing::<Reply>::new();
    list.due_page(5);
    list.apply(1, page(0..30, false), |_| None);
    list.view.select(29);
    list.view.scroll_into_view(10, 1);
    assert_eq!(
        list.view.offset(),
        21,
        "last reply plus the end row fill the view"
    );
    list.view.select(5);
    list.view.scroll_into_view(10, 1);
    assert_eq!(list.view.offset(), 5);
    list.view.select(0);
    list.view.scroll_into_view(10, 1);
    assert_eq!(list.view.offset(), 0);
}

#[test]
fn the_same_rules_serve_a_videos_comments() {
    let comment = |cid: u32| Comment {
        post: post(cid),
        reply_total: 3,
        ..Comment::default()
    };
    let comments = |range: std::ops::Range<u32>| {
        Ok(Fetched {
            page: Page {
                items: range.map(comment).collect(),
                has_more: true,
                total: Some(40),
            },
            origin: Origin::Cache { fetched_at: 100 },
        })
    };
    let mut list = Listing::<Comment>::new();
    assert_eq!(list.due_page(8), Some(1));
    list.apply(1, comments(0..20), |_| None);
    assert_eq!(
        list.pages.lookahead(),
        10,
        "half of the server's page of 20"
    );
    assert_eq!(list.due_page(8), None);
    list.view.select(10);
    assert_eq!(list.due_page(8), Some(2));
    list.apply(2, comments(15..20), |_| None);
    assert_eq!(list.items().len(), 20);
    assert_eq!(list.pages.paging(), &Paging::End(EndReason::NothingNew));
    assert_eq!(list.pages.cached_since(), Some(100));
}

#[test]
fn ids_are_told_apart_exactly_when_numeric() {
    assert_eq!(dedup_key("7251524159191958327"), 7_251_524_159_191_958_327);
    assert_ne!(
        dedup_key("1"),
        dedup_key("01"),
        "a leading zero is another id"
    );
    assert_ne!(dedup_key("abc"), dedup_key("abd"));
    assert_eq!(dedup_key("abc"), dedup_key("abc"));
}

/// One step a person or the service can take.
#[derive(Debug, Clone)]
enum Step {
    Move(isize),
    Ask(usize),
    Answer { first: u32, len: u32, more: bool },
    Fail,
    Retry,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (-30isize..30).prop_map(Step::Move),
        (0usize..50).prop_map(Step::Ask),
        (0u32..60, 0u32..15, any::<bool>()).prop_map(|(first, len, more)| Step::Answer {
            first,
            len,
            more
        }),
        Just(Step::Fail),
        Just(Step::Retry),
    ]
}

proptest! {
    #[test]
    fn whatever_happens_nothing_loaded_is_lost_or_doubled_and_one_page_at_most_is_in_flight(
        steps in proptest::collection::vec(step(), 1..80)
    ) {
        let mut list = Listing::<Reply>::new();
        let mut in_flight: Option<u32> = None;
        let mut before: Vec<u32> = Vec::new();
        for step in steps {
            match step {
                Step::Move(delta) => { list.view.move_selection(delta); }
                Step::Ask(rows) => {
                    if let Some(page_number) = list.due_page(rows) {
                        prop_assert!(in_flight.is_none(), "two pages in flight");
                        in_flight = Some(page_number);
                    }
                }
                Step::Retry => {
                    if let Some(page_number) = list.pages.retry() {
                        prop_assert!(in_flight.is_none(), "two pages in flight");
                        in_flight = Some(page_number);
                    }
                }
                Step::Answer { first, len, more } => {
                    if let Some(page_number) = in_flight.take() {
                        list.apply(page_number, page(first..first + len, more), |_| None);
                    }
                }
                Step::Fail => {
                    if let Some(page_number) = in_flight.take() {
                        list.apply(page_number, Err(ApiError::RateLimited), |_| None);
                    }
                }
            }
            let now = cids(&list);
            prop_assert!(now.starts_with(&before), "loaded items were lost or reordered");
            let mut unique = now.clone();
            unique.sort_unstable();
            unique.dedup();
            prop_assert_eq!(unique.len(), now.len(), "an item was loaded twice");
            prop_assert!(list.view.selected() < now.len().max(1), "selection out of range");
            before = now;
        }
    }
}

/// Reads a bundled demo thread to its end the way a reader holding `G` would.
fn read_demo_thread(source: &DemoSource, id: &str) -> Listing<Reply> {
    let id = CommentId::parse(id).unwrap();
    let mut thread = Listing::new();
    let mut pages = 0;
    loop {
        thread.view.select(thread.items().len().saturating_sub(1));
        let Some(page_number) = thread.due_page(1) else {
            break;
        };
        let result = source
            .replies_page_now(&id, page_number)
            .map(|page| Fetched {
                page,
                origin: Origin::Demo,
            });
        thread.apply(page_number, result, |_| None);
        pages += 1;
        assert!(pages < 100, "paging must end");
    }
    thread
}

#[test]
fn the_bundled_demo_threads_page_to_their_ends() {
    let source = DemoSource::bundled().unwrap();
    let long = read_demo_thread(&source, "7611524150996519591");
    assert!(long.items().len() >= 150, "{}", long.items().len());
    assert_eq!(long.pages.paging(), &Paging::End(EndReason::NoMore));
    let lying = read_demo_thread(&source, "7612874893784643373");
    assert_eq!(lying.items().len(), 30);
    assert_eq!(
        lying.pages.paging(),
        &Paging::End(EndReason::EmptyPage),
        "an empty last page that claims more ends the thread"
    );
    for reply in long.items() {
        let text = &reply.post.text;
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
    }
}

#[test]
fn a_view_keeps_the_selected_item_and_moves_in_its_rows() {
    let mut list = Listing::<Reply>::new();
    list.due_page(5);
    list.apply(1, page(0..10, false), |_| None);
    list.view.select(4);
    list.show(Some(vec![8, 4, 2]));
    assert_eq!(list.view.selected(), 1, "item 4 is the view's second row");
    assert_eq!(list.view.rows(), 3);
    list.view.move_selection(1);
    assert_eq!(list.view.selected_index(), Some(2));
    list.show(None);
    assert_eq!(
        list.view.selected(),
        2,
        "and back in the whole list on the same item"
    );
}

#[test]
fn a_view_showing_few_items_does_not_read_the_whole_list_to_fill_the_screen() {
    let mut list = Listing::<Reply>::new();
    list.due_page(30);
    list.apply(1, page(0..10, true), |_| None);
    assert_eq!(
        list.due_page(30),
        Some(2),
        "the plain list fills the screen"
    );
    list.apply(2, page(10..20, true), |_| None);
    list.show(Some(vec![3, 17]));
    assert_eq!(
        list.due_page(30),
        None,
        "two rows shown: no page just to fill"
    );
    list.view.move_selection(1);
    assert_eq!(
        list.due_page(30),
        Some(3),
        "moving near its end reads on, a page at a time"
    );
    list.apply(3, page(20..30, true), |_| None);
    list.show(Some(vec![3, 17]));
    assert_eq!(
        list.due_page(30),
        None,
        "not again until the selection moves"
    );
    list.show(Some(Vec::new()));
    assert_eq!(
        list.due_page(30),
        Some(4),
        "a view showing nothing keeps loading"
    );
}

#[test]
fn items_not_in_the_earlier_copy_are_new() {
    let mut list = Listing::<Reply>::new();
    list.due_page(5);
    list.apply(1, page(0..5, false), |_| None);
    assert!(
        !list.pages.knows_earlier() && !list.is_new(0),
        "nothing is new without a copy"
    );
    list.pages.note_earlier(["0", "1", "3"]);
    let new: Vec<usize> = (0..5).filter(|&row| list.is_new(row)).collect();
    assert_eq!(new, [2, 4]);
    list.pages.note_earlier(["4"]);
    assert!(
        !list.is_new(4),
        "an item found on another page of the copy is not new"
    );
}

/// Reads pages 1 to `pages` of ten into a new list.
fn loaded_pages(pages: u32) -> Listing<Reply> {
    let mut list = Listing::<Reply>::new();
    for number in 1..=pages {
        assert_eq!(list.pages.request_next(), Some(number));
        list.apply(number, page((number - 1) * 10..number * 10, true), |_| None);
    }
    list
}

#[test]
fn a_reload_reads_every_loaded_page_again_and_keeps_every_item_until_replaced() {
    let mut list = loaded_pages(6);
    list.view.select(3);
    assert_eq!(list.reload(), 6, "as many pages as were loaded");
    assert_eq!(
        list.items().len(),
        60,
        "nothing goes before its fresh copy comes"
    );
    let mut asked = Vec::new();
    while list.pages.reloading() {
        let number = list.pages.request_next().expect("idle between pages");
        asked.push(number);
        // The fresh copy has two new replies at the top, so everything moves down by two.
        let first = (number - 1) * 10;
        let fresh: Vec<u32> = match number {
            1 => vec![1000, 1001].into_iter().chain(0..8).collect(),
            _ => (first - 2..first + 8).collect(),
        };
        let result = Ok(Fetched {
            page: Page {
                items: fresh.into_iter().map(reply).collect(),
                has_more: true,
                total: Some(62),
            },
            origin: Origin::Network,
        });
        list.apply(number, result, |_| None);
        assert!(list.items().len() >= 60, "page {number}: the list shrank");
        assert_eq!(
            list.selected_key(),
            Some("3"),
            "the same reply stays selected"
        );
    }
    assert_eq!(asked, [1, 2, 3, 4, 5, 6]);
    assert_eq!(
        list.items().len(),
        62,
        "60 fresh, the last 2 not fetched again yet"
    );
    let new: Vec<usize> = (0..62).filter(|&row| list.is_new(row)).collect();
    assert_eq!(new, [0, 1], "the two at the top are new");
}

#[test]
fn a_reload_that_ends_drops_what_the_list_no_longer_holds_and_a_second_reload_keeps_the_first() {
    let mut list = loaded_pages(2);
    list.reload();
    assert_eq!(list.reload(), 2, "a reload of a reload reads as many pages");
    assert_eq!(list.items().len(), 20, "every item still there");
    list.pages.request_next();
    list.apply(1, page(0..10, true), |_| None);
    assert_eq!(list.items().len(), 20);
    list.pages.request_next();
    list.apply(2, page(10..15, false), |_| None);
    assert_eq!(cids(&list), (0..15).collect::<Vec<_>>(), "15..20 are gone");
    assert!(!list.pages.reloading());
}
