//! What the screen keeps from one frame to the next: each list row and each of the detail
//! pane's lines as the cells they became, so a frame that shows them again copies cells
//! instead of cutting, measuring and writing text.
//!
//! The rule: an entry is used only when everything its cells are made of is equal to what
//! the frame would draw them from — a row's whole [`Look`](super::list::Look) (its texts,
//! marks, selection, search, width and age as read), the detail pane's subject, extras,
//! width and clock. The painting reads the kept copy, never the app, so nothing it could
//! depend on is left out of the comparison. A row is painted into the frame's blank cells,
//! steadied there (`theme::steady_emoji`) and kept; only the cells that are not blank are
//! kept and written again: a frame starts blank (ratatui resets it), so the rest is so.

use super::list::{self, Kept, Seen};
use super::paint::put_line;
use super::theme;
use crate::api::{Comment, Reply};
use crate::app::detail::{self, Extras, Subject};
use crate::app::view::ViewLine;
use crate::app::{Keymap, ProfileState};
use crate::text::Needle;
use ratatui::buffer::{Buffer, Cell};
use ratatui::style::Color;
use std::collections::HashMap;

/// The cells of one row that are not blank, by their column from the row's start.
#[derive(Debug, Default)]
struct Painted {
    cells: Vec<(u16, Cell)>,
}

impl Painted {
    /// The row `x..x + width` at `y` of `buf`, just painted into blank cells: steadied in
    /// place, then kept.
    fn capture(buf: &mut Buffer, x: u16, y: u16, width: u16) -> Painted {
        let start = buf.index_of(x, y);
        let row = start..start + usize::from(width);
        theme::steady_emoji_in(buf, row.clone());
        let row = &buf.content[row];
        let mut cells = Vec::with_capacity(row.iter().filter(|cell| !is_blank(cell)).count());
        cells.extend(
            row.iter()
                .enumerate()
                .filter(|(_, cell)| !is_blank(cell))
                .map(|(dx, cell)| (dx as u16, cell.clone())),
        );
        Painted { cells }
    }

    /// Writes the kept cells into `buf`, the row starting at (`x`, `y`).
    fn blit(&self, buf: &mut Buffer, x: u16, y: u16) {
        let start = buf.index_of(x, y);
        for (dx, cell) in &self.cells {
            buf.content[start + usize::from(*dx)].clone_from(cell);
        }
    }
}

/// Whether `cell` is as a reset left it (`Cell::EMPTY`, which a space equals): the cheap
/// checks first, as most cells that are not blank have a colour or another symbol.
fn is_blank(cell: &Cell) -> bool {
    cell.symbol().as_bytes() == b" "
        && cell.fg == Color::Reset
        && cell.bg == Color::Reset
        && *cell == Cell::EMPTY
}

/// The list's rows, by the item they show.
#[derive(Debug, Default)]
pub(super) struct Rows {
    /// By the address of the row's post: found fast, then checked by the whole look (an
    /// address reused by another item after the list changed has another look).
    entries: HashMap<usize, RowEntry>,
    frame: u64,
}

#[derive(Debug)]
struct RowEntry {
    look: Kept,
    painted: Painted,
    /// The last frame that drew it.
    used: u64,
}

impl Rows {
    /// Draws the row of `look` (the item at address `key`) at (`x`, `y`), into blank
    /// cells: from the kept cells when they were painted from an equal look, else painted
    /// and kept.
    pub(super) fn draw(&mut self, key: usize, look: &Seen, buf: &mut Buffer, x: u16, y: u16) {
        let frame = self.frame;
        match self.entries.get_mut(&key) {
            Some(entry) if entry.look.seen() == *look => {
                // The age reads the same at this clock: keep comparing from this clock.
                entry.look.age = look.age;
                entry.used = frame;
                entry.painted.blit(buf, x, y);
            }
            _ => {
                list::draw_row(look, buf, x, y);
                let entry = RowEntry {
                    look: look.keep(),
                    painted: Painted::capture(buf, x, y, look.width as u16),
                    used: frame,
                };
                self.entries.insert(key, entry);
            }
        }
    }

    /// After a frame: what it did not draw is forgotten, so the cache holds one screen.
    pub(super) fn end_frame(&mut self) {
        let frame = self.frame;
        self.entries.retain(|_, entry| entry.used == frame);
        self.frame += 1;
    }

    pub(super) fn clear(&mut self) {
        self.entries.clear();
    }
}

/// The detail pane's lines for one subject.
#[derive(Debug, Default)]
pub(super) struct Lines {
    kept: Option<LinesEntry>,
}

#[derive(Debug)]
struct LinesEntry {
    look: DetailLook,
    lines: Vec<ViewLine>,
    /// Each line's cells, painted when first shown.
    painted: Vec<Option<Painted>>,
}

/// Everything the detail pane's lines are made of, owned: `detail::lines` of it is what
/// the pane shows.
#[derive(Debug)]
struct DetailLook {
    subject: KeptSubject,
    needle: Option<Needle>,
    profile: Option<ProfileState>,
    is_new: bool,
    keys: Option<Keymap>,
    width: u16,
    now: i64,
}

#[derive(Debug)]
enum KeptSubject {
    Reply {
        reply: Reply,
        top_comment: Option<String>,
    },
    Comment(Comment),
}

impl DetailLook {
    fn keep(subject: Subject, extras: Extras, width: u16, now: i64) -> DetailLook {
        let Extras {
            needle,
            profile,
            is_new,
            keys,
        } = extras;
        DetailLook {
            subject: match subject {
                Subject::Reply { reply, top_comment } => KeptSubject::Reply {
                    reply: reply.clone(),
                    top_comment: top_comment.map(str::to_owned),
                },
                Subject::Comment(comment) => KeptSubject::Comment(comment.clone()),
            },
            needle: needle.cloned(),
            profile: profile.cloned(),
            is_new,
            keys: keys.cloned(),
            width,
            now,
        }
    }

    /// Whether the lines of this look are those of `subject` with `extras`.
    fn is(&self, subject: Subject, extras: Extras, width: u16, now: i64) -> bool {
        let Extras {
            needle,
            profile,
            is_new,
            keys,
        } = extras;
        let same_subject = match (&self.subject, subject) {
            (
                KeptSubject::Reply {
                    reply: kept,
                    top_comment: kept_top,
                },
                Subject::Reply { reply, top_comment },
            ) => kept_top.as_deref() == top_comment && kept == reply,
            (KeptSubject::Comment(kept), Subject::Comment(comment)) => kept == comment,
            _ => false,
        };
        self.width == width
            && self.now == now
            && self.is_new == is_new
            && self.needle.as_ref() == needle
            && self.profile.as_ref() == profile
            && same_subject
            && self.keys.as_ref() == keys
    }

    fn subject(&self) -> Subject<'_> {
        match &self.subject {
            KeptSubject::Reply { reply, top_comment } => Subject::Reply {
                reply,
                top_comment: top_comment.as_deref(),
            },
            KeptSubject::Comment(comment) => Subject::Comment(comment),
        }
    }

    fn extras(&self) -> Extras<'_> {
        Extras {
            needle: self.needle.as_ref(),
            profile: self.profile.as_ref(),
            is_new: self.is_new,
            keys: self.keys.as_ref(),
        }
    }
}

impl Lines {
    /// How many lines the pane has for `subject`, `width` cells wide; made again only when
    /// something they are made of changed.
    pub(super) fn count(
        &mut self,
        subject: Subject,
        extras: Extras,
        width: u16,
        now: i64,
    ) -> usize {
        let fresh = match &self.kept {
            Some(entry) => !entry.look.is(subject, extras, width, now),
            None => true,
        };
        if fresh {
            let look = DetailLook::keep(subject, extras, width, now);
            let lines = detail::lines(look.subject(), look.extras(), width, now);
            let painted = lines.iter().map(|_| None).collect();
            self.kept = Some(LinesEntry {
                look,
                lines,
                painted,
            });
        }
        self.kept.as_ref().map_or(0, |entry| entry.lines.len())
    }

    /// Draws line `index` of the lines [`Lines::count`] made at (`x`, `y`), into blank
    /// cells.
    pub(super) fn draw(&mut self, index: usize, buf: &mut Buffer, x: u16, y: u16) {
        let Some(entry) = &mut self.kept else { return };
        let width = entry.look.width;
        match &entry.painted[index] {
            Some(painted) => painted.blit(buf, x, y),
            None => {
                put_line(buf, x, y, &super::line(&entry.lines[index]), width);
                entry.painted[index] = Some(Painted::capture(buf, x, y, width));
            }
        }
    }

    pub(super) fn clear(&mut self) {
        self.kept = None;
    }
}
