//! Colours and styles, in one place so the panes agree.

use crate::app::view::Role;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

pub const ACCENT: Color = Color::Cyan;
pub const AUTHOR_LIKED: Color = Color::LightMagenta;
pub const HOT: Color = Color::LightRed;
pub const ERROR: Color = Color::LightRed;
pub const STICKER: Color = Color::Yellow;
pub const BANNER_BG: Color = Color::Yellow;

pub fn border(focused: bool) -> Style {
    if focused {
        Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
    } else {
        Style::new().fg(Color::DarkGray)
    }
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn label() -> Style {
    Style::new().fg(Color::Gray)
}

pub fn nickname() -> Style {
    Style::new()
        .fg(Color::LightBlue)
        .add_modifier(Modifier::BOLD)
}

pub fn reply_to() -> Style {
    Style::new().fg(ACCENT)
}

pub fn error() -> Style {
    Style::new().fg(ERROR).add_modifier(Modifier::BOLD)
}

/// The 作者赞过 badge: the one label that must stand out.
pub fn author_liked() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(AUTHOR_LIKED)
        .add_modifier(Modifier::BOLD)
}

pub fn badge(color: Color) -> Style {
    Style::new().fg(color).add_modifier(Modifier::BOLD)
}

pub fn sticker() -> Style {
    Style::new().fg(STICKER)
}

pub fn selected(focused: bool) -> Style {
    if focused {
        Style::new()
            .bg(Color::Indexed(24))
            .add_modifier(Modifier::BOLD)
    } else {
        Style::new().bg(Color::Indexed(237))
    }
}

pub fn banner() -> Style {
    Style::new()
        .fg(Color::Black)
        .bg(BANNER_BG)
        .add_modifier(Modifier::BOLD)
}

pub fn title() -> Style {
    Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
}

/// How each kind of text looks.
pub fn of(role: Role) -> Style {
    match role {
        Role::Plain => Style::new(),
        Role::Dim | Role::Folded => dim(),
        Role::Label => label(),
        Role::Nickname => nickname(),
        Role::ReplyTo => reply_to(),
        Role::Sticker => sticker(),
        Role::AuthorLiked => author_liked(),
        Role::AuthorBadge => badge(ACCENT),
        Role::HotBadge => badge(HOT),
        Role::Title => title(),
        Role::Heading => title().add_modifier(Modifier::UNDERLINED),
        Role::Key => label(),
        Role::Error => error(),
        Role::Match => Style::new()
            .fg(Color::Black)
            .bg(STICKER)
            .add_modifier(Modifier::BOLD),
        Role::New => badge(Color::LightGreen),
        Role::Strong => Style::new().add_modifier(Modifier::BOLD),
        Role::Selected => selected(true),
    }
}

/// `NO_COLOR` (no-color.org): every colour goes; what a background set apart (the
/// selection, 作者赞过, a search match) is set apart by reverse video instead.
pub fn without_colours(buf: &mut Buffer) {
    for cell in &mut buf.content {
        if cell.bg != Color::Reset {
            cell.modifier.insert(Modifier::REVERSED);
        }
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
    }
}

/// Redraws every emoji terminals disagree on in a form they agree on (see
/// `text::steady_emoji`), in the columns the layout gave it: a narrower form is followed
/// by a space, so nothing after it moves, whatever the terminal.
pub fn steady_emoji(buf: &mut Buffer) {
    steady_cells(buf, 0..buf.content.len());
}

/// [`steady_emoji`] for every cell outside `done`: rectangles whose cells came from the
/// frame cache, steadied when they were painted. (The changes stay inside the cells a
/// cluster covers, so steadying a row on its own gives the cells steadying the whole
/// buffer gives, and steadying twice changes nothing.)
pub fn steady_emoji_outside(buf: &mut Buffer, done: &[Rect]) {
    let area = buf.area;
    let width = usize::from(area.width);
    for y in area.top()..area.bottom() {
        let row = usize::from(y - area.y) * width;
        let mut from = area.left();
        loop {
            // The next rectangle on this row at or after `from`, if any.
            let next = done
                .iter()
                .filter(|r| r.top() <= y && y < r.bottom() && r.right() > from && !r.is_empty())
                .min_by_key(|r| r.left());
            let to = next.map_or(area.right(), |r| r.left().max(from));
            let start = row + usize::from(from - area.x);
            steady_cells(buf, start..row + usize::from(to - area.x));
            match next {
                Some(r) => from = r.right(),
                None => break,
            }
        }
    }
}

/// [`steady_emoji`] for the cells `cells` (indices into `buf.content`) alone.
pub fn steady_emoji_in(buf: &mut Buffer, cells: std::ops::Range<usize>) {
    steady_cells(buf, cells);
}

fn steady_cells(buf: &mut Buffer, cells: std::ops::Range<usize>) {
    let width = usize::from(buf.area.width);
    for at in cells {
        // Most cells: nothing to look at (this runs over every cell of every frame). Every
        // form changed below is at least 4 bytes long (two characters, one of them a
        // selector, a joiner or a skin tone; or a regional indicator), so the ASCII and the
        // CJK cells are passed over on their length.
        if buf.content[at].symbol().len() < 4 {
            continue;
        }
        if let Some(letters) = crate::text::flag_letters(buf.content[at].symbol()) {
            spell_flag(buf, at, &letters, width);
            continue;
        }
        let Some(steady) = crate::text::steady_emoji(buf.content[at].symbol()) else {
            continue;
        };
        let was = crate::text::width(buf.content[at].symbol());
        let now = crate::text::width(&steady);
        buf.content[at].set_symbol(&steady);
        // The columns the wider form covered, now in view: blank, in the same style.
        let style = buf.content[at].style();
        for gap in now..was {
            let next = at + gap;
            if next < buf.content.len() && next / width == at / width {
                buf.content[next].set_symbol(" ").set_style(style);
            }
        }
    }
}

/// A flag as its letters, one per cell, in the columns the flag had (see
/// `text::flag_letters`); a letter that would fall past the row's end is left out.
fn spell_flag(buf: &mut Buffer, at: usize, letters: &str, width: usize) {
    let style = buf.content[at].style();
    let mut text = [0u8; 4];
    for (i, letter) in letters.chars().enumerate() {
        let next = at + i;
        if next < buf.content.len() && next / width == at / width {
            buf.content[next]
                .set_symbol(letter.encode_utf8(&mut text))
                .set_style(style);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let pieces = prop::sample::select(vec![
            "a",
            " ",
            "中",
            "😀",
            "🏔️",
            "❤️",
            "👍🏽",
            "👨‍👩‍👧",
            "🇨🇳",
            "🇯",
            "✈︎",
            "#️⃣",
            "é",
        ]);
        prop::collection::vec(pieces, 0..10).prop_map(|p| p.concat())
    }

    proptest::proptest! {
        #[test]
        fn steadying_rows_alone_then_the_rest_is_steadying_everything(
            rows in proptest::collection::vec((text(), text()), 4),
            split in 0u16..12,
            (top, height) in (0u16..4, 0u16..4),
            colour in proptest::prelude::any::<bool>(),
        ) {
            // A pane (columns `split..`, some rows) whose rows are steadied on their own, as
            // the frame cache does, and text beside it and around it.
            let area = Rect::new(0, 0, 12, 4);
            let pane = Rect::new(split, top, 12 - split, height.min(4 - top));
            let style = match colour {
                true => Style::new().fg(Color::Red),
                false => Style::new(),
            };
            let mut theirs = Buffer::empty(area);
            for (y, (left, right)) in rows.iter().enumerate() {
                let y = y as u16;
                if y >= pane.top() && y < pane.bottom() {
                    theirs.set_stringn(0, y, left, usize::from(split), style);
                    theirs.set_stringn(split, y, right, usize::from(pane.width), style);
                } else {
                    theirs.set_stringn(0, y, format!("{left}{right}"), 12, style);
                }
            }
            let mut ours = theirs.clone();
            steady_emoji(&mut theirs);
            for y in pane.top()..pane.bottom() {
                let start = ours.index_of(pane.x, y);
                steady_emoji_in(&mut ours, start..start + usize::from(pane.width));
            }
            steady_emoji_outside(&mut ours, &[pane]);
            proptest::prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn a_flag_becomes_two_letters_in_two_cells_of_their_own() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        buf.set_string(0, 0, "a🇨🇳b", Style::default());
        steady_emoji(&mut buf);
        let cells: Vec<&str> = buf.content.iter().map(|c| c.symbol()).collect();
        // No hidden half left for a terminal to keep: a later frame rewrites both cells.
        assert_eq!(cells, ["a", "C", "N", "b", " ", " "]);
    }

    #[test]
    fn a_flag_at_the_row_end_keeps_to_its_row() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 3, 2));
        buf.set_string(1, 0, "🇨🇳", Style::default());
        steady_emoji(&mut buf);
        let cells: Vec<&str> = buf.content.iter().map(|c| c.symbol()).collect();
        assert_eq!(cells, [" ", "C", "N", " ", " ", " "]);
    }
}
