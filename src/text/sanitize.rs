//! Removing everything that could drive the terminal or hide text.

use std::borrow::Cow;

/// Cleans a string from the API so it is safe to put on a terminal:
/// - C0 controls (incl. ESC), DEL and C1 controls (incl. U+009B, the 8-bit CSI) are removed,
///   so no escape sequence (CSI, OSC, DCS…) can survive — the introducer is gone;
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

fn needs_cleaning(s: &str) -> bool {
    s.chars().any(|c| c == '\r' || c == '\t' || is_removed(c))
}

fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\t' => out.push(' '),
            c if is_removed(c) => {}
            c => out.push(c),
        }
    }
    out
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
    fn escape_sequences_lose_their_introducer() {
        let hostile = "a\u{1b}[2J\u{1b}]0;pwned\u{7}b\u{9b}31mc\u{90}q\u{9c}";
        let clean = sanitize(hostile);
        assert!(
            !clean.chars().any(|c| c.is_control() && c != '\n'),
            "{clean:?}"
        );
        assert_eq!(clean, "a[2J]0;pwnedb31mcq");
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
