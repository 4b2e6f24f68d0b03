//! What the screen keeps from one frame to the next: each list row and each of the detail
//! pane's lines as the cells they became, so a frame that shows them again copies cells
//! instead of cutting, measuring and writing text.
//!
//! The rule: an entry is used only when everything its cells are made of is equal to what
//! the frame would draw them from — a row's whole [`Look`](super::list::Look) (its texts,
//! marks, selection, search, width and age as read), the detail pane's subject, extras,
//! width and clock. The painting reads the kept copy, never the app, so nothing it could
//! depend on is left out of the comparison. A row is painted into the frame's blank cells;
//! the second frame in a row that paints it the same, it is steadied there
//! (`theme::steady_emoji`) and kept; only the cells that are not blank are kept and written
//! again: a frame starts blank (ratatui resets it), so the rest is so.

use super::list::{self, Kept, Seen};
use super::paint::put_line;
use super::theme;
use crate::api::{Comment, Reply};
use crate::app::detail::{self, Extras, Subject};
use crate::app::view::ViewLine;
use crate::app::{Keymap, ProfileState};
use crate::text::Needle;
use foldhash::fast::FixedState;
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::style::Color;
use std::collections::HashMap;
use std::hash::BuildHasher;

/// The cells of one row that are not blank, by their column from the row's start.
#[derive(Debug, Default)]
struct Painted {
    cells: Vec<(u16, Cell)>,
}

impl Painted {
    /// The row `x..x + width` at `y` of `buf`, just painted into blank cells and steadied
    /// ([`steady`]), as kept cells. `spare` lends a vector an earlier row no longer needs.
    fn capture(buf: &Buffer, x: u16, y: u16, width: u16, spare: &mut Spare) -> Painted {
        let start = buf.index_of(x, y);
        let row = &buf.content[start..start + usize::from(width)];
        let mut cells = spare.pop().unwrap_or_default();
        cells.reserve_exact(row.iter().filter(|cell| !is_blank(cell)).count());
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

/// Steadies the row `x..x + width` at `y` just painted (`theme::steady_emoji`): the frame's
/// pass leaves out what the cache drew.
fn steady(buf: &mut Buffer, x: u16, y: u16, width: u16) {
    let start = buf.index_of(x, y);
    theme::steady_emoji_in(buf, start..start + usize::from(width));
}

/// Vectors of cells that rows no longer need, for the next rows painted: a jump paints a
/// screen of rows, and allocating (and freeing) each row's cells anew was a fifth of it.
#[derive(Debug, Default)]
struct Spare(Vec<Vec<(u16, Cell)>>);

impl Spare {
    /// About two screens of rows.
    const MAX: usize = 256;

    fn pop(&mut self) -> Option<Vec<(u16, Cell)>> {
        self.0.pop()
    }

    fn keep(&mut self, painted: Painted) {
        let mut cells = painted.cells;
        if self.0.len() < Spare::MAX && cells.capacity() > 0 {
            cells.clear();
            self.0.push(cells);
        }
    }
}

/// A look's hash, never 0 (an entry made for a row not yet painted has 0).
fn fingerprint_of(look: &Seen) -> u64 {
    FixedState::with_seed(0x5eed).hash_one(look) | 1
}

/// Whether `cell` is as a reset left it: what `*cell == Cell::EMPTY` says (a space equals
/// no symbol), without comparing strings through `memcmp` for every cell of a row.
#[allow(deprecated)] // `skip` is compared as `Cell`'s `PartialEq` compares it.
fn is_blank(cell: &Cell) -> bool {
    matches!(cell.symbol().as_bytes(), [b' '])
        && cell.fg == Color::Reset
        && cell.bg == Color::Reset
        && cell.underline_color == Color::Reset
        && cell.modifier.is_empty()
        && cell.diff_option == CellDiffOption::None
        && !cell.skip
}

/// The list's rows, by the item they show.
#[derive(Debug, Default)]
pub(super) struct Rows {
    /// By the address of the row's post: found fast, then checked by the whole look (an
    /// address reused by another item after the list changed has another look).
    entries: HashMap<usize, RowEntry, FixedState>,
    frame: u64,
    spare: Spare,
}

#[derive(Debug)]
struct RowEntry {
    state: RowState,
    /// The last frame that drew it.
    used: u64,
}

/// A row is kept the second frame in a row it looks the same: a row shown once (the old
/// and new selection as it moves, the rows a jump passes) costs what painting costs.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // A screen of them; a box would be an allocation each.
enum RowState {
    /// Painted once, from a look with this fingerprint (a hint only: kept cells are used
    /// after comparing whole looks).
    Painted {
        fingerprint: u64,
    },
    Kept {
        look: Kept,
        painted: Painted,
    },
}

impl Rows {
    /// Draws the row of `look` (the item at address `key`) at (`x`, `y`), into blank
    /// cells: from the kept cells when they were painted from an equal look, else painted
    /// (and kept when the frame before painted it the same).
    pub(super) fn draw(&mut self, key: usize, look: &Seen, buf: &mut Buffer, x: u16, y: u16) {
        let frame = self.frame;
        let entry = self.entries.entry(key).or_insert(RowEntry {
            state: RowState::Painted { fingerprint: 0 },
            used: frame,
        });
        entry.used = frame;
        match &mut entry.state {
            RowState::Kept {
                look: kept,
                painted,
            } if kept.seen() == *look => {
                // The age reads the same at this clock: keep comparing from this clock.
                kept.age = look.age;
                painted.blit(buf, x, y);
            }
            RowState::Painted { fingerprint } if *fingerprint == fingerprint_of(look) => {
                list::draw_row(look, buf, x, y);
                steady(buf, x, y, look.width as u16);
                let painted = Painted::capture(buf, x, y, look.width as u16, &mut self.spare);
                entry.state = RowState::Kept {
                    look: look.keep(),
                    painted,
                };
            }
            _ => {
                list::draw_row(look, buf, x, y);
                steady(buf, x, y, look.width as u16);
                let state = RowState::Painted {
                    fingerprint: fingerprint_of(look),
                };
                if let RowState::Kept { painted, .. } = std::mem::replace(&mut entry.state, state) {
                    self.spare.keep(painted);
                }
            }
        }
    }

    /// After a frame: what it did not draw is forgotten, so the cache holds one screen.
    pub(super) fn end_frame(&mut self) {
        let frame = self.frame;
        let spare = &mut self.spare;
        self.entries.retain(|_, entry| {
            let keep = entry.used == frame;
            if !keep && let RowState::Kept { painted, .. } = &mut entry.state {
                spare.keep(std::mem::take(painted));
            }
            keep
        });
        self.frame += 1;
    }

    /// Forgets every row (their vectors are kept for the next ones).
    pub(super) fn clear(&mut self) {
        for (_, entry) in self.entries.drain() {
            if let RowState::Kept { painted, .. } = entry.state {
                self.spare.keep(painted);
            }
        }
    }
}

/// The detail pane's lines for one subject.
#[derive(Debug, Default)]
pub(super) struct Lines {
    kept: Option<LinesEntry>,
    spare: Spare,
    /// The keys of the lines last forgotten: the next look takes them over when the app's
    /// are the same (they are, all session), rather than copying every binding again.
    keys: Option<Keymap>,
}

#[derive(Debug)]
struct LinesEntry {
    look: DetailLook,
    lines: Vec<ViewLine>,
    /// Each line's cells, kept the second time it is drawn (a reply passed over with `j`
    /// is drawn once).
    painted: Vec<LineState>,
}

#[derive(Debug, Default)]
enum LineState {
    #[default]
    New,
    Painted,
    Kept(Painted),
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
    /// `spare_keys`: an earlier look's keys, taken over when equal.
    fn keep(
        subject: Subject,
        extras: Extras,
        width: u16,
        now: i64,
        spare_keys: Option<Keymap>,
    ) -> DetailLook {
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
            keys: match (spare_keys, keys) {
                (Some(spare), Some(keys)) if spare == *keys => Some(spare),
                (_, keys) => keys.cloned(),
            },
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
            self.clear();
            let look = DetailLook::keep(subject, extras, width, now, self.keys.take());
            let lines = detail::lines(look.subject(), look.extras(), width, now);
            let painted = lines.iter().map(|_| LineState::New).collect();
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
        let state = &mut entry.painted[index];
        if let LineState::Kept(painted) = state {
            painted.blit(buf, x, y);
            return;
        }
        put_line(buf, x, y, &super::line(&entry.lines[index]), width);
        steady(buf, x, y, width);
        *state = match state {
            LineState::New => LineState::Painted,
            _ => LineState::Kept(Painted::capture(buf, x, y, width, &mut self.spare)),
        };
    }

    /// Forgets the lines (their vectors are kept for the next ones).
    pub(super) fn clear(&mut self) {
        if let Some(entry) = self.kept.take() {
            self.keys = entry.look.keys;
            for state in entry.painted {
                if let LineState::Kept(painted) = state {
                    self.spare.keep(painted);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Modifier, Style};

    #[test]
    #[allow(deprecated)]
    fn a_blank_cell_is_what_equals_a_reset_one() {
        let mut cells = vec![Cell::EMPTY, Cell::new(" "), Cell::new(""), Cell::new("  ")];
        for symbol in [" ", "a", "中", "😀"] {
            for style in [
                Style::new(),
                Style::new().fg(Color::Red),
                Style::new().bg(Color::Indexed(24)),
                Style::new().underline_color(Color::Blue),
                Style::new().add_modifier(Modifier::BOLD),
            ] {
                let mut cell = Cell::new(symbol);
                cell.set_style(style);
                cells.push(cell.clone());
                cell.set_diff_option(CellDiffOption::Skip);
                cells.push(cell.clone());
                cell.set_diff_option(CellDiffOption::None);
                cell.skip = true;
                cells.push(cell);
            }
        }
        for cell in &cells {
            assert_eq!(is_blank(cell), *cell == Cell::EMPTY, "{cell:?}");
        }
        assert_eq!(cells.iter().filter(|c| is_blank(c)).count(), 3);
    }
}
