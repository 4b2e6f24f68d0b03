//! The insights pane (`I`): the list on screen understood at a glance — what people say,
//! where from, when, who — over the items loaded, saying over how many.
//!
//! The analysis never runs in `update`: opening the pane asks for [`Command::Analyse`] with a
//! copy of the items, the runtime computes it on the blocking pool ([`analyse`]) and sends
//! [`Msg::Analysed`](super::Msg::Analysed) back with the same `req`; a result for an older
//! request is dropped. `L` loads the rest of the list (asking first: every page is billed),
//! at most the pages it announced, stopped by any key, and analyses again when done.
//!
//! Enter on a row drills down: the list comes back filtered to exactly the items behind it
//! (a [`Drill`] lens, by item id), so the list counts what the row counted.

use super::lens::Drill;
use super::view::{Role, ViewLine, spinner_frame};
use super::{Action, App, Command, Level, Mode, Notice, Saved, advice, lifecycle};
use crate::format;
use crate::insights::{Bucket, Entry, Insights, Step};
use crate::paging::{Noun, Paging};
use crate::text::{one_line, truncate, width as text_width};

/// Rows kept in each ranked section.
pub const TOP: usize = 10;

/// The longest bar, in cells: longer ones are no easier to compare.
const BAR_MAX: usize = 48;

/// The busiest steps of the timeline listed under its sparkline.
const BUSIEST: usize = 5;

/// How many pages `L` reads when the service never said how many items there are.
const REST_WITHOUT_TOTAL: u32 = 100;

/// The analysis of a list's loaded items (what the runtime runs off the event loop). Loads
/// the dictionary the first time (about 150 ms).
pub fn analyse(list: &Saved) -> Insights {
    crate::insights::words::warm();
    match list {
        Saved::Replies { replies, .. } => Insights::of(replies, TOP),
        Saved::Comments { comments, .. } => Insights::of(comments, TOP),
        Saved::Found { hits, .. } => Insights::of(hits, TOP),
    }
}

/// `L`: loading the rest of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rest {
    Idle,
    /// `L` was pressed once: the next `L` loads this many pages.
    Armed {
        pages: u32,
    },
    /// Pages asked for so far, of the pages announced.
    Loading {
        asked: u32,
        pages: u32,
    },
}

/// The insights of one analysis, with the ids of the items it read (in order), which the
/// indices of its entries point into.
#[derive(Debug, Clone)]
struct Analysed {
    insights: Box<Insights>,
    keys: Vec<Box<str>>,
}

/// The pane's state.
#[derive(Debug, Clone)]
pub struct InsightsPane {
    /// The list it reads: the one on screen when it opened.
    level: Level,
    /// The analysis awaited, and the ids of the items sent to it.
    waiting: Option<(u64, Vec<Box<str>>)>,
    shown: Option<Analysed>,
    /// The selected row, among the rows that drill down.
    selected: usize,
    /// The first body line shown.
    scroll: usize,
    pub rest: Rest,
}

/// The pane as drawn: computed here, so that `update` scrolls by the same lines the ui draws.
#[derive(Debug, Clone, PartialEq)]
pub struct InsightsView {
    /// It covers the screen from the top down to the status bar: its width and height.
    pub width: u16,
    pub height: u16,
    pub title: String,
    /// What the insights are computed from, above the sections.
    pub summary: Vec<ViewLine>,
    /// The sections, one line each, scrolled.
    pub body: Vec<ViewLine>,
    /// The body line of the selected row.
    pub selected: Option<usize>,
    pub scroll: usize,
}

impl InsightsView {
    /// Body lines that fit under the summary.
    pub fn rows(&self) -> usize {
        usize::from(self.height.saturating_sub(2)).saturating_sub(self.summary.len())
    }
}

/// One line of the body and, when it drills down, the entry behind it.
struct BodyLine {
    line: ViewLine,
    bucket: Option<(Bucket, String)>,
}

impl App {
    /// `I`: opens the insights of the list on screen.
    pub(super) fn open_insights(&mut self) -> Vec<Command> {
        if self.list().is_none() {
            self.say("Nothing to analyse yet: open a video's comments or a comment's replies.");
            return Vec::new();
        }
        self.insights = Some(InsightsPane {
            level: self.level,
            waiting: None,
            shown: None,
            selected: 0,
            scroll: 0,
            rest: Rest::Idle,
        });
        self.analyse_again()
    }

    /// Asks for the analysis of the items loaded now.
    fn analyse_again(&mut self) -> Vec<Command> {
        let req = self.next_req();
        let video = self.video.as_ref().map(|v| v.id.clone());
        let Some(list) = self.list() else {
            return Vec::new();
        };
        let saved = list.saved(video.as_ref());
        let keys = match &saved {
            Saved::Replies { replies, .. } => {
                replies.iter().map(|r| r.post.cid.clone().into()).collect()
            }
            Saved::Comments { comments, .. } => {
                comments.iter().map(|c| c.post.cid.clone().into()).collect()
            }
            Saved::Found { hits, .. } => hits
                .iter()
                .map(|h| h.item.post().cid.clone().into())
                .collect(),
        };
        let Some(pane) = self.insights.as_mut() else {
            return Vec::new();
        };
        pane.waiting = Some((req, keys));
        vec![Command::Analyse { req, list: saved }]
    }

    /// The analysis `req` is done: shown if it is the one awaited, dropped if not.
    pub(super) fn on_analysed(&mut self, req: u64, insights: Box<Insights>) {
        self.dictionary_warm = true;
        let Some(pane) = self.insights.as_mut() else {
            self.needs_draw = false;
            return;
        };
        match pane.waiting.take() {
            Some((awaited, keys)) if awaited == req => {
                pane.shown = Some(Analysed { insights, keys });
            }
            other => {
                pane.waiting = other;
                self.needs_draw = false;
                return;
            }
        }
        self.keep_insights_selection();
    }

    /// Whether an analysis is awaited (the spinner turns).
    pub(super) fn is_analysing(&self) -> bool {
        self.insights.as_ref().is_some_and(|p| p.waiting.is_some())
    }

    /// Keys while the pane is open. Any key stops a load of the rest; any key but `L`
    /// disarms it.
    pub(super) fn on_insights_key(&mut self, action: Option<Action>) -> Vec<Command> {
        let Some(pane) = self.insights.as_mut() else {
            return Vec::new();
        };
        if action == Some(Action::Quit) {
            self.should_quit = true;
            return Vec::new();
        }
        match pane.rest {
            Rest::Loading { .. } => return self.stop_rest(),
            Rest::Armed { pages } if action == Some(Action::LoadRest) => {
                return self.load_rest(pages);
            }
            Rest::Armed { .. } => {
                pane.rest = Rest::Idle;
                self.notice = None;
            }
            Rest::Idle => {}
        }
        let Some(action) = action else {
            return Vec::new();
        };
        self.notice = None;
        match action {
            Action::Back => self.insights = None,
            Action::Help => self.help = Some(0),
            Action::Redraw => return vec![Command::Redraw],
            Action::Open => self.drill_down(),
            Action::LoadRest => self.ask_rest(),
            Action::Move(delta) => self.move_insights(delta),
            Action::PageDown | Action::PageUp | Action::HalfDown | Action::HalfUp => {
                let rows = self.insights_view().map_or(1, |v| v.rows().max(1)) as isize;
                let delta = match action {
                    Action::PageDown => rows,
                    Action::PageUp => -rows,
                    Action::HalfDown => (rows / 2).max(1),
                    _ => -(rows / 2).max(1),
                };
                self.page_insights(delta);
            }
            Action::Top => self.move_insights(isize::MIN / 2),
            Action::Bottom => {
                self.move_insights(isize::MAX / 2);
                if let (Some(view), Some(pane)) = (self.insights_view(), self.insights.as_mut()) {
                    pane.scroll = view.body.len().saturating_sub(view.rows());
                }
            }
            _ => self.needs_draw = false,
        }
        Vec::new()
    }

    /// The pane as drawn now, while it is open.
    pub fn insights_view(&self) -> Option<InsightsView> {
        let pane = self.insights.as_ref()?;
        let status = self.panes().status;
        let height = status.y.min(self.size.height);
        let width = self.insights_width();
        let noun = self.noun();
        let title = format!(" Insights · {} ", noun.title(false));
        let summary = self
            .insights_summary(pane, noun)
            .iter()
            .flat_map(|text| crate::text::wrap(text, width.max(1)))
            .map(|line| ViewLine::new(line, Role::Dim))
            .collect();
        let (body, selected) = match &pane.shown {
            Some(shown) => {
                let lines = body_lines(&shown.insights, noun, width);
                let selected = lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.bucket.is_some())
                    .nth(pane.selected)
                    .map(|(i, _)| i);
                (lines.into_iter().map(|l| l.line).collect(), selected)
            }
            None => (Vec::new(), None),
        };
        Some(InsightsView {
            width: self.size.width,
            height,
            title,
            summary,
            body,
            selected,
            scroll: pane.scroll,
        })
    }

    /// What the insights are computed from, and what `L` would do.
    fn insights_summary(&self, pane: &InsightsPane, noun: Noun) -> Vec<String> {
        let Some(list) = self.list() else {
            return Vec::new();
        };
        let loaded = list.view().loaded() as u64;
        let total = list.progress().total();
        let spin = spinner_frame(self.spinner);
        let key = self.keymap.key_for(Action::LoadRest);
        let of_total = |n: u64| match total {
            Some(total) => format!("{} of {}", format::grouped(n), noun.count(total)),
            None => noun.count(n),
        };
        let mut lines = Vec::new();
        match (&pane.shown, &pane.waiting) {
            (_, Some((_, keys))) if !self.dictionary_warm => lines.push(format!(
                "{spin} Loading the dictionary, then analysing {}…",
                noun.count(keys.len() as u64)
            )),
            (None, Some((_, keys))) => lines.push(format!(
                "{spin} Analysing {}…",
                noun.count(keys.len() as u64)
            )),
            (Some(shown), _) => {
                let analysed = shown.keys.len() as u64;
                let mut line = format!("From {} loaded", of_total(analysed));
                if pane.waiting.is_some() {
                    line.push_str(&format!(" · {spin} analysing again"));
                } else if let Some(pages) = self.rest_pages() {
                    line.push_str(&format!(" — {key} loads the rest: {}", self.calls(pages)));
                }
                lines.push(line);
            }
            (None, None) => {}
        }
        match pane.rest {
            Rest::Armed { pages } => lines.push(format!(
                "{key} again loads {}; any other key cancels.",
                self.calls(pages)
            )),
            Rest::Loading { asked, pages } => lines.push(format!(
                "{spin} Loading the rest: page {asked} of {}{} · {} loaded · any key stops",
                if total.is_some() {
                    "about "
                } else {
                    "at most "
                },
                pages,
                of_total(loaded)
            )),
            Rest::Idle => {}
        }
        lines
    }

    /// "about 116 billed calls", as the pages would be fetched here (a search's hits come
    /// from the library, free).
    fn calls(&self, pages: u32) -> String {
        let about = match self.list().and_then(|l| l.progress().total()) {
            Some(_) => "about",
            None => "at most",
        };
        let from_library = self
            .list()
            .is_some_and(|l| matches!(l.ask(1), crate::paging::Ask::Library(_)));
        if from_library {
            let pages = format::plural(u64::from(pages), "page");
            return format!("{about} {pages} from the library (free)");
        }
        match self.mode {
            Mode::Api => format!(
                "{about} {}",
                format::plural(u64::from(pages), "billed call")
            ),
            Mode::Demo => format!(
                "{about} {} (the demo's: free)",
                format::plural(u64::from(pages), "page")
            ),
            Mode::Offline => format!(
                "{about} {} from the cache",
                format::plural(u64::from(pages), "page")
            ),
        }
    }

    /// How many pages the rest of the list is, from the page size seen and the total, or
    /// `None` when there is nothing more to load.
    fn rest_pages(&self) -> Option<u32> {
        let list = self.list()?;
        let progress = list.progress();
        if matches!(progress.paging(), Paging::End(_)) {
            return None;
        }
        let loaded = list.view().loaded();
        let Some(total) = progress.total() else {
            return Some(REST_WITHOUT_TOTAL);
        };
        let left = usize::try_from(total)
            .unwrap_or(usize::MAX)
            .checked_sub(loaded)?;
        if left == 0 {
            return None;
        }
        let pages = progress.pages_loaded().max(1) as usize;
        let size = progress
            .page_size()
            .unwrap_or(loaded.div_ceil(pages))
            .max(1);
        Some(u32::try_from(left.div_ceil(size)).unwrap_or(u32::MAX))
    }

    /// The first `L`: says what the rest costs; the second loads it.
    fn ask_rest(&mut self) {
        let Some(pages) = self.rest_pages() else {
            self.say("Everything there is to load is loaded: nothing was fetched.");
            return;
        };
        let text = format!(
            "{} again loads the rest: {}; any other key cancels.",
            self.keymap.key_for(Action::LoadRest),
            self.calls(pages)
        );
        if let Some(pane) = self.insights.as_mut() {
            pane.rest = Rest::Armed { pages };
        }
        self.notice = Some(Notice {
            text,
            is_error: false,
        });
    }

    /// The second `L`: the first of the pages announced.
    fn load_rest(&mut self, pages: u32) -> Vec<Command> {
        self.notice = None;
        if let Some(pane) = self.insights.as_mut() {
            pane.rest = Rest::Loading { asked: 0, pages };
        }
        let commands = self.next_rest_page();
        if commands.is_empty() && self.list().is_some_and(|l| !l.progress().is_loading()) {
            return self.finish_rest(None);
        }
        commands
    }

    /// Asks for the next page of the rest, if one is left of those announced and the list
    /// is idle (or its last page failed).
    fn next_rest_page(&mut self) -> Vec<Command> {
        let Some(Rest::Loading { asked, pages }) = self.insights.as_ref().map(|p| p.rest) else {
            return Vec::new();
        };
        if asked >= pages {
            return Vec::new();
        }
        let Some(list) = self.list_mut() else {
            return Vec::new();
        };
        let progress = list.progress_mut();
        let page = match progress.paging() {
            Paging::Failed { .. } => progress.retry(),
            _ => progress.request_next(),
        };
        let Some(page) = page else {
            return Vec::new();
        };
        let command = lifecycle::fetch(list, page);
        if let Some(pane) = self.insights.as_mut() {
            pane.rest = Rest::Loading {
                asked: asked + 1,
                pages,
            };
        }
        vec![command]
    }

    /// Whether a page of list `req` continues a load of the rest.
    pub(super) fn loads_rest_of(&self, req: u64) -> bool {
        matches!(
            self.insights.as_ref().map(|p| p.rest),
            Some(Rest::Loading { .. })
        ) && self.list().is_some_and(|l| l.req() == req)
    }

    /// A page of the rest arrived: the next one, or the end (on the list's end, an error,
    /// or the last page announced).
    pub(super) fn rest_page_arrived(&mut self) -> Vec<Command> {
        let Some(list) = self.list() else {
            return Vec::new();
        };
        match list.progress().paging() {
            Paging::Failed { error, .. } => {
                let text = advice::worded(error, &advice::Again::page(&self.keymap));
                self.finish_rest(Some(text))
            }
            Paging::End(_) => self.finish_rest(None),
            Paging::Loading { .. } => Vec::new(),
            Paging::Idle => match self.next_rest_page() {
                commands if commands.is_empty() => self.finish_rest(None),
                commands => commands,
            },
        }
    }

    /// Any key while the rest loads: stop, keep what came, analyse it.
    fn stop_rest(&mut self) -> Vec<Command> {
        let loaded = self.list().map_or(0, |l| l.view().loaded());
        let noun = self.noun();
        self.finish_with(Notice {
            text: format!(
                "Stopped loading the rest: kept what came, {} loaded.",
                noun.count(loaded as u64)
            ),
            is_error: false,
        })
    }

    fn finish_rest(&mut self, error: Option<String>) -> Vec<Command> {
        let loaded = self.list().map_or(0, |l| l.view().loaded());
        let noun = self.noun();
        let notice = match error {
            Some(error) => Notice {
                text: format!(
                    "Loading the rest stopped: {error} The insights are of the {} loaded.",
                    noun.count(loaded as u64)
                ),
                is_error: true,
            },
            None => Notice {
                text: format!(
                    "Loaded the rest: {} loaded, analysed again.",
                    noun.count(loaded as u64)
                ),
                is_error: false,
            },
        };
        self.finish_with(notice)
    }

    fn finish_with(&mut self, notice: Notice) -> Vec<Command> {
        if let Some(pane) = self.insights.as_mut() {
            pane.rest = Rest::Idle;
        }
        self.notice = Some(notice);
        self.analyse_again()
    }

    /// Enter: back to the list, filtered to the items behind the selected row.
    fn drill_down(&mut self) {
        let Some(pane) = self.insights.as_ref() else {
            return;
        };
        let Some(shown) = &pane.shown else {
            return;
        };
        let lines = body_lines(&shown.insights, self.noun(), self.insights_width());
        let Some((bucket, name)) = lines
            .into_iter()
            .filter_map(|l| l.bucket)
            .nth(pane.selected)
        else {
            return;
        };
        let keys = shown
            .insights
            .items_behind(bucket)
            .iter()
            .filter_map(|&i| shown.keys.get(i).cloned())
            .collect();
        let drill = Drill {
            name,
            keys,
            of: shown.keys.len(),
        };
        let level = pane.level;
        self.insights = None;
        if level != self.level {
            return;
        }
        if let Some(list) = self.list_mut() {
            let lens = list.lens_mut();
            // The insights counted every loaded item: so does the list.
            lens.filter = Default::default();
            lens.conversation = None;
            lens.drill = Some(drill);
            list.reapply_lens();
            list.view_mut().select(0);
        }
        self.detail_scroll = 0;
        self.after_view_change();
    }

    fn selectable(&self) -> usize {
        self.insights
            .as_ref()
            .and_then(|p| p.shown.as_ref())
            .map_or(0, |shown| {
                body_lines(&shown.insights, self.noun(), self.insights_width())
                    .iter()
                    .filter(|l| l.bucket.is_some())
                    .count()
            })
    }

    fn move_insights(&mut self, delta: isize) {
        let last = self.selectable().saturating_sub(1);
        if let Some(pane) = self.insights.as_mut() {
            pane.selected = pane.selected.saturating_add_signed(delta).min(last);
        }
        self.keep_insights_selection();
    }

    /// PgDn/PgUp: the selection moves to the row about a screen away.
    fn page_insights(&mut self, lines: isize) {
        let Some(view) = self.insights_view() else {
            return;
        };
        let Some(at) = view.selected else {
            return;
        };
        let target = at.saturating_add_signed(lines);
        let rows = selectable_lines(self);
        let pick = if lines > 0 {
            rows.iter()
                .position(|&l| l >= target)
                .unwrap_or(rows.len().saturating_sub(1))
        } else {
            rows.iter().rposition(|&l| l <= target).unwrap_or(0)
        };
        if let Some(pane) = self.insights.as_mut() {
            pane.selected = pick;
        }
        self.keep_insights_selection();
    }

    /// Keeps the selected row in view (with its section's heading when it is the first).
    fn keep_insights_selection(&mut self) {
        let count = self.selectable();
        if let Some(pane) = self.insights.as_mut() {
            pane.selected = pane.selected.min(count.saturating_sub(1));
        }
        let Some(view) = self.insights_view() else {
            return;
        };
        let rows = view.rows().max(1);
        let max = view.body.len().saturating_sub(rows);
        let Some(pane) = self.insights.as_mut() else {
            return;
        };
        let mut scroll = pane.scroll.min(max);
        if let Some(at) = view.selected {
            if at < scroll + 1 {
                scroll = at.saturating_sub(2);
            } else if at >= scroll + rows {
                scroll = at + 1 - rows;
            }
        }
        pane.scroll = scroll.min(max);
    }

    /// The cells inside the pane's border.
    fn insights_width(&self) -> usize {
        usize::from(self.size.width.saturating_sub(2))
    }

    /// After a resize: the same row stays selected and in view.
    pub(super) fn fit_insights(&mut self) {
        if self.insights.is_some() {
            self.keep_insights_selection();
        }
    }
}

/// The body lines that drill down, by index.
fn selectable_lines(app: &App) -> Vec<usize> {
    let Some(shown) = app.insights.as_ref().and_then(|p| p.shown.as_ref()) else {
        return Vec::new();
    };
    body_lines(&shown.insights, app.noun(), app.insights_width())
        .iter()
        .enumerate()
        .filter(|(_, l)| l.bucket.is_some())
        .map(|(i, _)| i)
        .collect()
}

/// The sections, line by line, at `width` cells.
fn body_lines(insights: &Insights, noun: Noun, width: usize) -> Vec<BodyLine> {
    let mut out = Vec::new();
    let text = |out: &mut Vec<BodyLine>, line: String, role: Role| {
        out.push(BodyLine {
            line: ViewLine::new(truncate(&line, width).0, role),
            bucket: None,
        })
    };
    if insights.total() == 0 {
        text(&mut out, format!("No {} loaded yet.", noun.many), Role::Dim);
        return out;
    }
    let many = noun.many;

    // What people say.
    text(&mut out, "What people say".into(), Role::Heading);
    let said = [
        (
            "words",
            &insights.words,
            Bucket::Word as fn(usize) -> Bucket,
            "word",
        ),
        ("phrases", &insights.phrases, Bucket::Phrase, "phrase"),
        ("stickers", &insights.stickers, Bucket::Sticker, "sticker"),
        ("emoji", &insights.emoji, Bucket::Emoji, "emoji"),
        ("hashtags", &insights.hashtags, Bucket::Hashtag, "hashtag"),
        ("mentions", &insights.mentions, Bucket::Mention, "mention"),
    ];
    if said.iter().all(|(_, entries, _, _)| entries.is_empty()) {
        text(
            &mut out,
            format!("  no words used by two {many}"),
            Role::Dim,
        );
    }
    for (heading, entries, bucket, name) in said {
        if entries.is_empty() {
            continue;
        }
        text(
            &mut out,
            format!(" {heading}, by {many} using them"),
            Role::Dim,
        );
        let rows: Vec<Bar> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| Bar::of(e, bucket(i), format!("{name} {}", one_line(&e.label))))
            .collect();
        bars(&mut out, rows, None, width);
    }

    // Where from.
    text(&mut out, String::new(), Role::Plain);
    text(&mut out, "Where from (IP 属地)".into(), Role::Heading);
    let mut rows: Vec<Bar> = insights
        .regions
        .iter()
        .enumerate()
        .map(|(i, e)| {
            Bar::of(
                e,
                Bucket::Region(i),
                format!("region {}", one_line(&e.label)),
            )
        })
        .collect();
    if insights.unknown_region.count() > 0 {
        let mut bar = Bar::of(
            &insights.unknown_region,
            Bucket::UnknownRegion,
            "no region".into(),
        );
        bar.label = "unknown".into();
        rows.push(bar);
    }
    bars(&mut out, rows, Some(insights.total()), width);
    text(
        &mut out,
        format!(
            "  {} regions{}",
            format::grouped(insights.distinct_regions as u64),
            if insights.distinct_regions > insights.regions.len() {
                format!(", the top {} shown", insights.regions.len())
            } else {
                String::new()
            }
        ),
        Role::Dim,
    );

    // When.
    text(&mut out, String::new(), Role::Plain);
    text(&mut out, "When (Beijing time)".into(), Role::Heading);
    match &insights.timeline {
        Some(timeline) => {
            let per = match timeline.step {
                Step::Hour => "hour",
                Step::Day => "day",
            };
            let peak = &timeline.steps[timeline.peak];
            text(
                &mut out,
                format!(
                    "  peak {}, {} · per {per}:",
                    timeline.peak_span(),
                    noun.count(peak.count() as u64)
                ),
                Role::Label,
            );
            let counts: Vec<usize> = timeline.steps.iter().map(Entry::count).collect();
            text(
                &mut out,
                format!("  {}", sparkline(&counts, width.saturating_sub(2))),
                Role::Label,
            );
            text(
                &mut out,
                format!(
                    "  first {} · latest {}",
                    format::beijing_time(timeline.first.at),
                    format::beijing_time(timeline.latest.at)
                ),
                Role::Dim,
            );
            let mut busiest: Vec<usize> = (0..timeline.steps.len())
                .filter(|&i| timeline.steps[i].count() > 0)
                .collect();
            busiest.sort_by_key(|&i| (std::cmp::Reverse(timeline.steps[i].count()), i));
            busiest.truncate(BUSIEST);
            text(&mut out, format!(" the busiest {per}s"), Role::Dim);
            let rows = busiest
                .into_iter()
                .map(|i| {
                    let e = &timeline.steps[i];
                    Bar::of(e, Bucket::Time(i), format!("{per} {}", e.label))
                })
                .collect();
            bars(&mut out, rows, None, width);
        }
        None => text(&mut out, format!("  no {many} with a time"), Role::Dim),
    }
    if insights.undated.count() > 0 {
        let mut bar = Bar::of(&insights.undated, Bucket::Undated, "undated".into());
        bar.label = "no time".into();
        bars(&mut out, vec![bar], None, width);
    }

    // Who.
    text(&mut out, String::new(), Role::Plain);
    text(&mut out, "Who".into(), Role::Heading);
    text(
        &mut out,
        format!(
            " {} authors; the most active, by {many}",
            format::grouped(insights.distinct_authors as u64)
        ),
        Role::Dim,
    );
    let rows = insights
        .authors
        .iter()
        .enumerate()
        .map(|(i, e)| {
            Bar::of(
                e,
                Bucket::Author(i),
                format!("author {}", one_line(&e.label)),
            )
        })
        .collect();
    bars(&mut out, rows, None, width);
    let mut flags = vec![
        Bar::of(
            &insights.author_liked,
            Bucket::AuthorLiked,
            "作者赞过".into(),
        ),
        Bar::of(
            &insights.by_video_author,
            Bucket::ByVideoAuthor,
            "by the video's author".into(),
        ),
    ];
    flags[0].label = "作者赞过 liked by author".into();
    flags[1].label = "作者 written by author".into();
    flags.retain(|b| b.count > 0);
    bars(&mut out, flags, Some(insights.total()), width);
    if !insights.most_liked.is_empty() {
        text(&mut out, " the most liked".into(), Role::Dim);
        for (i, s) in insights.most_liked.iter().enumerate() {
            standout(&mut out, "♥", s, Bucket::MostLiked(i), width);
        }
    }

    // For a video's comments.
    if insights.comments > 0 {
        text(&mut out, String::new(), Role::Plain);
        text(&mut out, "Replies".into(), Role::Heading);
        if !insights.most_replied.is_empty() {
            text(&mut out, " the most replied to".into(), Role::Dim);
            for (i, s) in insights.most_replied.iter().enumerate() {
                standout(&mut out, "↳", s, Bucket::MostReplied(i), width);
            }
        }
        text(&mut out, " comments by their replies".into(), Role::Dim);
        let rows = insights
            .reply_spread
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mut bar = Bar::of(e, Bucket::ReplySpread(i), format!("{} replies", e.label));
                bar.label = format!("{} replies", e.label);
                bar
            })
            .collect();
        bars(&mut out, rows, Some(insights.comments), width);
    }
    out
}

/// One bar of a chart: its label, its count, the entry it drills into.
struct Bar {
    label: String,
    count: usize,
    bucket: Bucket,
    /// The drill-down's name in the list's title.
    name: String,
}

impl Bar {
    fn of(entry: &Entry, bucket: Bucket, name: String) -> Bar {
        Bar {
            label: one_line(&entry.label).into_owned(),
            count: entry.count(),
            bucket,
            name,
        }
    }
}

/// Rows of bars made of block characters: label, count, bar, and the share of `of` items.
fn bars(out: &mut Vec<BodyLine>, rows: Vec<Bar>, of: Option<usize>, width: usize) {
    let Some(max) = rows.iter().map(|b| b.count).max() else {
        return;
    };
    let count_width = text_width(&format::grouped(max as u64));
    let longest = rows.iter().map(|b| text_width(&b.label)).max().unwrap_or(0);
    let label_width = longest
        .min((width / 3).clamp(4, 40))
        .min(width.saturating_sub(2));
    let share_width = if of.is_some() { 5 } else { 0 };
    let bar_room = width
        .saturating_sub(2 + label_width + 1 + count_width + 1 + share_width)
        .min(BAR_MAX);
    for bar in rows {
        let (label, used) = truncate(&bar.label, label_width);
        let pad = " ".repeat(label_width.saturating_sub(used));
        let count = format::grouped(bar.count as u64);
        let count_pad = " ".repeat(count_width.saturating_sub(text_width(&count)));
        let cells = if max == 0 {
            0
        } else {
            (bar.count * bar_room).div_ceil(max).min(bar_room)
        };
        let mut line = ViewLine::default();
        push(&mut line, format!("  {label}{pad} "), Role::Plain);
        push(&mut line, format!("{count_pad}{count} "), Role::Label);
        push(&mut line, "█".repeat(cells), Role::Sticker);
        if let Some(of) = of.filter(|&of| of > 0) {
            let share = (bar.count * 100 + of / 2) / of;
            push(&mut line, format!(" {share:>3}%"), Role::Dim);
        }
        out.push(BodyLine {
            line: cut(line, width),
            bucket: Some((bar.bucket, bar.name)),
        });
    }
}

/// A standout item: its count, its author, the start of its text.
fn standout(
    out: &mut Vec<BodyLine>,
    mark: &str,
    s: &crate::insights::Standout,
    bucket: Bucket,
    width: usize,
) {
    let mut line = ViewLine::default();
    push(
        &mut line,
        format!("  {mark} {:>5} ", format::count(s.count)),
        Role::Label,
    );
    let author = one_line(&s.author);
    let (author, _) = truncate(&author, 16);
    push(&mut line, format!("{author} "), Role::Nickname);
    push(&mut line, one_line(&s.line).into_owned(), Role::Plain);
    out.push(BodyLine {
        line: cut(line, width),
        bucket: Some((bucket, format!("{mark} {author}"))),
    });
}

fn push(line: &mut ViewLine, text: String, role: Role) {
    line.pieces.push(super::view::Piece { text, role });
}

/// `line` cut to `width` cells, piece by piece.
fn cut(line: ViewLine, width: usize) -> ViewLine {
    let mut room = width;
    let mut out = ViewLine::default();
    for piece in line.pieces {
        if room == 0 {
            break;
        }
        let (text, used) = truncate(&piece.text, room);
        room -= used.min(room);
        out.pieces.push(super::view::Piece {
            text,
            role: piece.role,
        });
    }
    out
}

/// Counts as one line of block characters, at most `width` wide: steps are summed into
/// columns when there are more than fit.
fn sparkline(counts: &[usize], width: usize) -> String {
    const LEVELS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    if counts.is_empty() || width == 0 {
        return String::new();
    }
    let columns = counts.len().min(width);
    let per = counts.len().div_ceil(columns);
    let sums: Vec<usize> = counts.chunks(per).map(|c| c.iter().sum()).collect();
    let max = sums.iter().copied().max().unwrap_or(0).max(1);
    sums.iter()
        .map(|&v| {
            LEVELS[if v == 0 {
                0
            } else {
                (v * 8).div_ceil(max).clamp(1, 8)
            }]
        })
        .collect()
}
