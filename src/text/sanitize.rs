//! Removing everything that could drive the terminal or hide text.

use std::borrow::Cow;

/// Cleans a string from the API so it is safe to put on a terminal:
/// - whole escape sequences (CSI, OSC, DCS… in 7-bit and 8-bit form) are removed, so neither
///   they nor their leftovers ("[2J", a window title) reach the screen;
/// - other C0 controls, DEL and C1 controls are removed;
/// - bidi embedding/override/isolate marks are removed (they can reorder what a reader sees);
/// - invisible format characters (zero-width space, word joiner, BOM, soft hyphen, tag
///   characters…) are removed; ZWJ and variation selectors stay, emoji sequences need them;
/// - `\r\n` and lone `\r` become `\n`; a tab becomes one space; other whitespace stays.
pub fn sanitize(raw: &str) -> String {
    match needs_cleaning(raw) {
        false => raw.to_owned(),
        true => clean(raw),
    }
}

/// [`sanitize`] for a string the caller owns: clean text (nearly all of it) is kept as it
/// is, without a copy.
pub fn sanitize_owned(raw: String) -> String {
    match needs_cleaning(&raw) {
        false => raw,
        true => clean(&raw),
    }
}

/// [`sanitize`] for text that may be borrowed: clean text comes back as it came, borrowed
/// or owned, without a copy.
pub fn sanitize_cow(raw: Cow<'_, str>) -> Cow<'_, str> {
    match needs_cleaning(&raw) {
        false => raw,
        true => Cow::Owned(clean(&raw)),
    }
}

/// [`sanitize`]d text on one line: line breaks become a visible " ⏎ " separator and runs of
/// spaces collapse, for list rows and headers. Borrows when nothing changes.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.contains('\n') && !text.contains("  ") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        if i > 0 {
            out.push_str(" ⏎ ");
        }
        let mut prev_space = false;
        for c in line.chars() {
            let is_space = c == ' ';
            if !(is_space && prev_space) {
                out.push(c);
            }
            prev_space = is_space;
        }
    }
    Cow::Owned(out)
}

/// Whether [`sanitize`] drops `c` wherever it stands: for text that arrives a character at
/// a time (typed keys, or a paste from a terminal without bracketed paste), which has to
/// obey the same rules as text cleaned whole. `\r`, `\t` and `\n` are not dropped but
/// rewritten, so a field that keeps one line must refuse them itself.
pub fn removes(c: char) -> bool {
    is_removed(c)
}

fn needs_cleaning(s: &str) -> bool {
    // Printable ASCII and line breaks (ids, numbers, addresses, most of a nickname) never
    // need it, and are checked a byte at a time before any character is decoded.
    let Some(odd) = s
        .bytes()
        .position(|b| b != b'\n' && !(0x20..0x7f).contains(&b))
    else {
        return false;
    };
    // Everything before `odd` is ASCII, so it starts a character.
    s[odd..]
        .chars()
        .any(|c| c == '\r' || c == '\t' || is_removed(c))
}

fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        let skip = escape_len(rest).unwrap_or(c.len_utf8());
        match c {
            '\r' if !rest[1..].starts_with('\n') => out.push('\n'),
            '\r' => {}
            '\t' => out.push(' '),
            c if is_removed(c) => {}
            c => out.push(c),
        }
        rest = &rest[skip..];
    }
    out
}

/// The byte length of the escape sequence starting `s`, if it starts one: ESC or an 8-bit
/// introducer, its parameters, and its terminator. An unterminated string sequence (OSC,
/// DCS…) only loses its introducer, so a stray ESC cannot swallow the rest of a reply.
fn escape_len(s: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    let (kind, body_start) = match first {
        '\u{1b}' => match chars.next() {
            Some((i, '[')) => (Sequence::Csi, i + 1),
            Some((i, ']' | 'P' | 'X' | '^' | '_')) => (Sequence::String, i + 1),
            // ESC and one more character (e.g. ESC c, a full reset): drop both.
            Some((i, c)) if (' '..='~').contains(&c) => return Some(i + c.len_utf8()),
            _ => return None,
        },
        '\u{9b}' => (Sequence::Csi, first.len_utf8()),
        '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => {
            (Sequence::String, first.len_utf8())
        }
        _ => return None,
    };
    let body = &s[body_start..];
    match kind {
        // Parameters and intermediates (0x20–0x3F), then one final byte (0x40–0x7E).
        Sequence::Csi => {
            let params = body
                .bytes()
                .take_while(|b| (0x20..=0x3f).contains(b))
                .count();
            let ends = body
                .as_bytes()
                .get(params)
                .is_some_and(|b| (0x40..=0x7e).contains(b));
            Some(body_start + params + usize::from(ends))
        }
        // Up to BEL, ESC \ or ST.
        Sequence::String => {
            let end = body.char_indices().find_map(|(i, c)| match c {
                '\u{7}' | '\u{9c}' => Some(i + c.len_utf8()),
                '\u{1b}' if body[i + 1..].starts_with('\\') => Some(i + 2),
                _ => None,
            });
            Some(body_start + end.unwrap_or(0))
        }
    }
}

enum Sequence {
    Csi,
    String,
}

/// Characters that never reach the terminal. `\n` is kept; `\r` and `\t` are rewritten.
fn is_removed(c: char) -> bool {
    match c {
        '\n' => false,
        '\r' | '\t' => false,
        // C0, DEL, C1.
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        // Bidi: ALM, LRM, RLM, embeddings/overrides, isolates.
        '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => true,
        // Soft hyphen, Mongolian vowel separator, zero-width space/non-joiner, word joiner and
        // invisible operators, deprecated format controls, BOM, interlinear annotations.
        '\u{ad}' | '\u{180e}' | '\u{200b}' | '\u{200c}' | '\u{2060}'..='\u{2064}' => true,
        '\u{206a}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}' => true,
        // Line/paragraph separators would break our own line layout.
        '\u{2028}' | '\u{2029}' => true,
        // Tag characters can smuggle invisible text.
        '\u{e0000}'..='\u{e007f}' => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_follows_plain_ascii_is_still_cleaned() {
        assert_eq!(sanitize("dy_1116"), "dy_1116");
        assert_eq!(sanitize("line\nbreak"), "line\nbreak");
        assert_eq!(sanitize("abc\u{1b}[2Jdef"), "abcdef");
        assert_eq!(sanitize("abc\tdef\r\n"), "abc def\n");
        assert_eq!(sanitize("abc\u{7f}"), "abc");
        assert_eq!(sanitize("abc字\u{202e}"), "abc字");
        let borrowed = sanitize_cow(Cow::Borrowed("7251536675678782265"));
        assert!(matches!(borrowed, Cow::Borrowed("7251536675678782265")));
        assert_eq!(sanitize_cow(Cow::Borrowed("a\u{200b}b")), "ab");
    }

    #[test]
    fn escape_sequences_lose_their_introducer() {
        let hostile = "a\u{1b}[2J\u{1b}]0;pwned\u{7}b\u{9b}31mc\u{90}q\u{9c}";
        let clean = sanitize(hostile);
        assert!(
            !clean.chars().any(|c| c.is_control() && c != '\n'),
            "{clean:?}"
        );
        assert_eq!(clean, "abc");
    }

    #[test]
    fn a_stray_escape_does_not_swallow_the_text() {
        assert_eq!(sanitize("a\u{1b}]never ends"), "anever ends");
        assert_eq!(sanitize("a\u{1b}[31"), "a");
        assert_eq!(sanitize("a\u{1b}"), "a");
        assert_eq!(sanitize("\u{1b}c作者"), "作者");
        assert_eq!(
            sanitize("x\u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\y"),
            "xlinky"
        );
    }

    #[test]
    fn bidi_and_invisible_characters_are_removed() {
        assert_eq!(
            sanitize("abc\u{202e}def\u{2066}\u{200b}\u{feff}g"),
            "abcdefg"
        );
    }

    #[test]
    fn emoji_sequences_and_cjk_survive() {
        let text = "家人👨\u{200d}👩\u{200d}👧 ❤\u{fe0f} 作者赞过[暗中观察]";
        assert_eq!(sanitize(text), text);
    }

    #[test]
    fn line_breaks_are_normalised_and_tabs_become_spaces() {
        assert_eq!(sanitize("a\r\nb\rc\td"), "a\nb\nc d");
    }

    #[test]
    fn one_line_marks_breaks_and_collapses_spaces() {
        assert_eq!(one_line("第一行\n\n第二行  end "), "第一行 ⏎ 第二行 end");
        assert!(matches!(one_line("plain"), Cow::Borrowed(_)));
    }
}
