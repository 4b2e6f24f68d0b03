//! Word wrapping by display width, for text that must never meet `Paragraph::wrap`
//! (ratatui issue #2679: it panics on wide graphemes in narrow areas).

use super::glyphs::graphemes;
use super::width::grapheme_width;
use unicode_segmentation::UnicodeSegmentation;

/// Wraps sanitized text into lines of at most `max` cells. Explicit line breaks are kept;
/// Latin words and bracket sticker codes like `[暗中观察]` are not split unless they are
/// wider than a whole line; CJK text breaks between any two characters.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(2); // a wide grapheme needs two cells; never loop on less
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        wrap_paragraph(paragraph, max, &mut lines);
    }
    lines
}

fn wrap_paragraph(paragraph: &str, max: usize, lines: &mut Vec<String>) {
    let mut line = String::new();
    let mut used = 0;
    // Where the last unit on the line starts, so punctuation rules can move it whole.
    let mut last_unit = 0;
    for unit in units(paragraph) {
        let w = unit_width(unit);
        if used + w <= max {
            last_unit = line.len();
            line.push_str(unit);
            used += w;
            continue;
        }
        if unit == " " {
            // A space at a break is dropped, not carried to the next line.
            lines.push(std::mem::take(&mut line));
            used = 0;
            continue;
        }
        if w <= max && used > 0 {
            let carry = carry_for(&mut line, last_unit, unit, max - w);
            lines.push(std::mem::take(&mut line));
            line = carry;
            last_unit = line.len();
            line.push_str(unit);
            used = unit_width(&line);
            continue;
        }
        // Wider than a line: break it grapheme by grapheme. A grapheme wider than a line
        // on its own is no script's (a letter under a pile of skin tones or marks, each
        // adding cells): it breaks between its characters, none wider than two cells.
        for g in graphemes(unit) {
            let gw = grapheme_width(g);
            let pieces: Vec<&str> = match gw > max {
                false => vec![g],
                true => g.split_inclusive(|_| true).collect(),
            };
            for piece in pieces {
                let pw = grapheme_width(piece);
                if used + pw > max && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push_str(piece);
                used += pw;
            }
        }
        last_unit = line.len();
    }
    lines.push(line.trim_end().to_owned());
}

fn unit_width(unit: &str) -> usize {
    graphemes(unit).map(grapheme_width).sum()
}

/// What moves from the end of a full `line` (its last unit, starting at byte `last_unit`)
/// to the next one, so that no line starts with closing punctuation (，。！) and none ends
/// with opening punctuation (（《“), as Chinese typesetting expects. Only a unit that fits
/// in `room` moves, and never the whole line.
fn carry_for(line: &mut String, last_unit: usize, next: &str, room: usize) -> String {
    let Some(unit) = line.get(last_unit..).filter(|u| !u.trim().is_empty()) else {
        return String::new();
    };
    let ends_opening = unit.graphemes(true).next_back().is_some_and(is_opening);
    let wanted = ends_opening || is_closing(next);
    if !wanted || unit_width(unit) > room || last_unit == 0 {
        return String::new();
    }
    line.split_off(last_unit)
}

fn is_closing(unit: &str) -> bool {
    matches!(
        unit,
        "，" | "。"
            | "、"
            | "；"
            | "："
            | "！"
            | "？"
            | "）"
            | "】"
            | "》"
            | "」"
            | "』"
            | "”"
            | "’"
            | "…"
            | "～"
    )
}

fn is_opening(unit: &str) -> bool {
    matches!(unit, "（" | "【" | "《" | "「" | "『" | "“" | "‘")
}

/// Splits a paragraph into unbreakable units: a Latin word, a sticker code, a single
/// space, or a single grapheme of anything else (CJK, emoji, punctuation).
fn units(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = paragraph;
    while !rest.is_empty() {
        let len = if let Some(code) = sticker_code_len(rest) {
            code
        } else {
            // Whole graphemes: "3\u{fe0f}" is one (an emoji two cells wide), and cutting
            // it after the "3" would measure it as one cell.
            let word: usize = graphemes(rest)
                .take_while(|g| g.chars().next().is_some_and(is_word_char))
                .map(str::len)
                .sum();
            if word > 0 {
                word + unit_after_number(&rest[..word], &rest[word..])
            } else {
                graphemes(rest).next().map_or(rest.len(), str::len)
            }
        };
        out.push(&rest[..len]);
        rest = &rest[len..];
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "'-_.,:;!?/@#%&=+)(\"".contains(c)
}

/// A count's unit (万, 亿) right after its number stays with it: "2580万" never breaks
/// into "2580" and "万". The length of that unit, or 0.
fn unit_after_number(word: &str, rest: &str) -> usize {
    let after_digit = word.chars().next_back().is_some_and(|c| c.is_ascii_digit());
    match rest.chars().next() {
        Some(unit @ ('万' | '亿')) if after_digit => unit.len_utf8(),
        _ => 0,
    }
}

/// The byte length of a Douyin sticker code like `[捂脸]` at the start of `s`, if any:
/// brackets around 1–8 characters that are neither spaces nor brackets.
fn sticker_code_len(s: &str) -> Option<usize> {
    let inner = s.strip_prefix('[')?;
    let mut count = 0;
    for (i, c) in inner.char_indices() {
        match c {
            ']' if count > 0 => return ends_grapheme(s, 1 + i + 1),
            '[' | ']' => return None,
            c if c.is_whitespace() => return None,
            _ => {
                count += 1;
                if count > 8 {
                    return None;
                }
            }
        }
    }
    None
}

/// `Some(len)` when `len` bytes of `s` end on a grapheme boundary: a code whose "]" carries
/// a combining mark is not a code, or the mark would be measured apart from it.
fn ends_grapheme(s: &str, len: usize) -> Option<usize> {
    let mut at = 0;
    for g in graphemes(s) {
        at += g.len();
        if at >= len {
            break;
        }
    }
    (at == len).then_some(len)
}

/// A piece of a line for styling: plain text or a sticker code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    Plain(&'a str),
    Sticker(&'a str),
}

/// Splits one line into plain text and sticker codes, in order.
pub fn segments(line: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut plain_start = 0;
    let mut i = 0;
    while i < line.len() {
        if let Some(len) = sticker_code_len(&line[i..]) {
            if plain_start < i {
                out.push(Segment::Plain(&line[plain_start..i]));
            }
            out.push(Segment::Sticker(&line[i..i + len]));
            i += len;
            plain_start = i;
        } else {
            i += line[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    if plain_start < line.len() {
        out.push(Segment::Plain(&line[plain_start..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_keeps_its_unit() {
        let lines = wrap("123.4万 followers · 312 following · 2580万 likes", 30);
        assert!(lines.iter().all(|l| !l.starts_with('万')), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("2580万")), "{lines:?}");
    }
    use crate::text::width;

    #[test]
    fn cjk_breaks_anywhere_within_the_width() {
        let lines = wrap("兄弟那你得多补补橱窗牡蛎精安排吧", 10);
        assert_eq!(lines, ["兄弟那你得", "多补补橱窗", "牡蛎精安排", "吧"]);
    }

    #[test]
    fn no_line_starts_with_closing_or_ends_with_opening_punctuation() {
        assert_eq!(wrap("一二三四五，六七", 10), ["一二三四", "五，六七"]);
        assert_eq!(wrap("一二三四《书名》", 10), ["一二三四", "《书名》"]);
    }

    #[test]
    fn a_sticker_before_closing_punctuation_moves_whole() {
        let lines = wrap("一二三四五六七八九[暗中观察]”", 28);
        assert_eq!(lines, ["一二三四五六七八九", "[暗中观察]”"]);
    }

    #[test]
    fn latin_words_stay_whole_and_spaces_at_breaks_vanish() {
        assert_eq!(
            wrap("hello brave new world", 11),
            ["hello brave", "new world"]
        );
    }

    #[test]
    fn sticker_codes_are_not_split() {
        let lines = wrap("哈哈哈哈[暗中观察]", 12);
        assert_eq!(lines, ["哈哈哈哈", "[暗中观察]"]);
    }

    #[test]
    fn explicit_breaks_and_empty_lines_are_kept() {
        assert_eq!(wrap("a\n\nb", 10), ["a", "", "b"]);
    }

    #[test]
    fn wide_graphemes_fit_even_in_tiny_widths() {
        for max in 0..4 {
            for line in wrap("👨\u{200d}👩\u{200d}👧家人superlongword", max) {
                assert!(width(&line) <= max.max(2), "{line:?} at {max}");
            }
        }
    }

    #[test]
    fn a_grapheme_is_never_split_between_units() {
        // Found by the render_text fuzz target (fuzz/regressions/render_text/): "3" and
        // VS16 make one emoji two cells wide, and a line measured them apart.
        for text in [
            "IP 3\u{fe0f}x",
            "ab3\u{fe0f}\u{fe0f}",
            "[赞]\u{301}好",
            "cafe\u{301} 3\u{20e3}",
        ] {
            for max in 2..8 {
                for line in wrap(text, max) {
                    assert!(width(&line) <= max, "{line:?} at {max} from {text:?}");
                }
            }
        }
        assert_eq!(wrap("IP 3\u{fe0f}", 4).last().unwrap(), "3\u{fe0f}");
    }

    #[test]
    fn a_grapheme_wider_than_the_line_breaks_between_its_characters() {
        // Found by the render_text fuzz target: a skin tone after a letter joins it, and
        // each one adds two cells to the same grapheme.
        let text = "F\u{1f3fd}\u{1f3fd}\u{1f3fd}\u{1f3fd}x";
        for max in 2..6 {
            let lines = wrap(text, max);
            for line in &lines {
                assert!(width(line) <= max, "{line:?} at {max}");
            }
            assert_eq!(lines.concat(), text, "nothing is lost at {max}");
        }
    }

    #[test]
    fn segments_pick_out_sticker_codes() {
        assert_eq!(
            segments("好[捂脸]看[not a code] [赞]"),
            [
                Segment::Plain("好"),
                Segment::Sticker("[捂脸]"),
                Segment::Plain("看[not a code] "),
                Segment::Sticker("[赞]"),
            ]
        );
    }
}
