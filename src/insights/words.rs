//! What one text says, cut into the pieces "What people say" counts: words (Chinese cut by
//! jieba's dictionary, stop words left out), and apart from them stickers (`[捂脸]`), emoji,
//! `#hashtags` and `@mentions`.
//!
//! The dictionary takes about 150 ms to load, so it is loaded once, the first time a text is
//! cut (or when [`warm`] is called, off the event loop), and never again.

use jieba_rs::Jieba;
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

/// The stop-word list shipped in `assets/`.
const STOP_WORDS: &str = include_str!("../../assets/stopwords.txt");

/// Characters of laughter and interjection: a token made only of them says nothing
/// (哈哈哈哈哈, 啊啊啊, 嗯嗯), however long it is.
const NOISE: &str = "哈呵嘿嘻哇啊哦噢嗯呜唉哎呀吧嘛呢啦哟嗷嘤";

/// A sticker is at most this many characters between its brackets (`[捂脸]`, `[666]`).
const STICKER_MAX: usize = 10;

/// A mention or hashtag longer than this is cut here: nicknames are short, and a text that
/// never ends one must not make one key out of a whole paragraph.
const TAG_MAX: usize = 30;

/// Words the comment sections use that jieba's dictionary (written before them) would cut
/// in two: 笑死 is one word to its readers, not 笑 and 死.
const SLANG: &[&str] = &[
    "笑死",
    "绝绝子",
    "破防",
    "泪目",
    "上头",
    "离谱",
    "yyds",
    "awsl",
    "无语",
    "真香",
    "内卷",
    "躺平",
    "摆烂",
    "打卡",
    "种草",
    "拔草",
    "安排",
    "求链接",
    "蹲一个",
    "有一说一",
    "家人们",
    "宝子",
    "宝子们",
    "姐妹们",
    "兄弟们",
    "好家伙",
    "666",
    "整活",
    "下饭",
    "社死",
    "emo",
    "绷不住",
    "蚌埠住了",
    "针不戳",
    "芭比Q",
    "啊对对对",
    "懂的都懂",
    "前排",
];

/// Whether jieba guesses words its dictionary lacks (its HMM) from runs of single characters.
const HMM: bool = true;

static JIEBA: OnceLock<Jieba> = OnceLock::new();
static STOPS: OnceLock<HashSet<&'static str, foldhash::fast::FixedState>> = OnceLock::new();

/// Loads the dictionary now (about 150 ms), so the first analysis does not pay for it. Call it
/// off the event loop; calling it again costs nothing.
pub fn warm() {
    jieba();
    stops();
}

/// Whether the dictionary is loaded already (the next analysis starts at once).
pub fn is_warm() -> bool {
    JIEBA.get().is_some()
}

fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(|| {
        let mut jieba = Jieba::new();
        for word in SLANG {
            jieba.add_word(word, None, None);
        }
        jieba
    })
}

fn stops() -> &'static HashSet<&'static str, foldhash::fast::FixedState> {
    STOPS.get_or_init(|| {
        STOP_WORDS
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect()
    })
}

/// Whether `word` (lower-cased) is on the stop-word list or is only laughter.
pub fn is_stop_word(word: &str) -> bool {
    word.chars().all(|c| NOISE.contains(c)) || stops().contains(word)
}

/// One piece of a text that is counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A word worth counting, lower-cased when it is English; `follows` when the word before
    /// it in the text was one too, with nothing but spaces between them (the two make a phrase).
    Word { word: Cow<'a, str>, follows: bool },
    /// `[捂脸]`, brackets included.
    Sticker(&'a str),
    /// One emoji, skin tone and variation selector left out (👍🏽 counts as 👍).
    Emoji(Cow<'a, str>),
    /// `#话题`, the sign included.
    Hashtag(&'a str),
    /// `@昵称`, the sign included.
    Mention(&'a str),
}

/// Every piece of `text`, in order; a word used twice comes twice (the caller counts items).
pub fn pieces<'a>(text: &'a str, mut each: impl FnMut(Piece<'a>)) {
    let jieba = jieba();
    let mut plain_from = 0;
    let mut rest = text.char_indices().peekable();
    while let Some((at, c)) = rest.next() {
        let found = match c {
            '[' => sticker(&text[at..]).map(Piece::Sticker),
            '#' | '＃' => tag(&text[at..], c).map(Piece::Hashtag),
            '@' | '＠' => tag(&text[at..], c).map(Piece::Mention),
            _ => None,
        };
        let Some(piece) = found else {
            continue;
        };
        let len = match &piece {
            Piece::Sticker(s) | Piece::Hashtag(s) | Piece::Mention(s) => s.len(),
            _ => unreachable!("only stickers, hashtags and mentions are found here"),
        };
        plain(jieba, &text[plain_from..at], &mut each);
        each(piece);
        plain_from = at + len;
        while rest.next_if(|(next, _)| *next < plain_from).is_some() {}
    }
    plain(jieba, &text[plain_from..], &mut each);
}

/// `[…]` at the start of `s`: a short name in brackets, with no space or bracket inside.
fn sticker(s: &str) -> Option<&str> {
    for (count, (at, c)) in s.char_indices().skip(1).enumerate() {
        match c {
            ']' if count > 0 => return Some(&s[..at + 1]),
            '[' | ']' => return None,
            c if c.is_whitespace() => return None,
            _ if count >= STICKER_MAX => return None,
            _ => {}
        }
    }
    None
}

/// `#话题` or `@昵称` at the start of `s`: the sign and what follows it up to a space, a
/// punctuation mark or the next sign; `None` when nothing follows.
fn tag(s: &str, sign: char) -> Option<&str> {
    let mut end = sign.len_utf8();
    for (count, (at, c)) in s.char_indices().skip(1).enumerate() {
        if count >= TAG_MAX || ends_tag(c) {
            break;
        }
        end = at + c.len_utf8();
    }
    (end > sign.len_utf8()).then(|| &s[..end])
}

fn ends_tag(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '#' | '＃' | '@' | '＠' | '[' | ']')
        || (c.is_ascii_punctuation() && !matches!(c, '_' | '-' | '.'))
        || matches!(
            c,
            '，' | '。'
                | '！'
                | '？'
                | '：'
                | '；'
                | '、'
                | '（'
                | '）'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '《'
                | '》'
                | '…'
                | '～'
        )
        || is_pictographic(c)
}

/// Words, phrases and emoji of text with no stickers, hashtags or mentions in it.
fn plain<'a>(jieba: &Jieba, text: &'a str, each: &mut impl FnMut(Piece<'a>)) {
    if text.trim().is_empty() {
        return;
    }
    if text.chars().any(is_pictographic) {
        emoji(text, each);
    }
    // Whether the token before was a word, with nothing but spaces since.
    let mut follows = false;
    for token in jieba.cut(text, HMM) {
        if token.word.bytes().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        match word(token.word) {
            Some(word) => {
                each(Piece::Word { word, follows });
                follows = true;
            }
            None => follows = false,
        }
    }
}

/// The token as a word worth counting: something alphanumeric, not only digits, not a stop
/// word, and more than one letter when it is English.
fn word(token: &str) -> Option<Cow<'_, str>> {
    // Most tokens are Chinese: their characters are tested by range before the slower
    // Unicode tables.
    let han = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    let letter = |c: char| han(c) || c.is_ascii_alphanumeric() || c == '\'' || c.is_alphanumeric();
    if token.is_empty() || !token.chars().all(letter) {
        return None;
    }
    let digit = |c: char| c.is_ascii_digit() || (!han(c) && c.is_numeric());
    if token.chars().all(digit) || (token.is_ascii() && token.len() < 2) {
        return None;
    }
    let word = if token.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(token.to_ascii_lowercase())
    } else {
        Cow::Borrowed(token)
    };
    (!is_stop_word(&word)).then_some(word)
}

/// Two words as one phrase: Chinese runs on, English keeps a space.
pub fn join(first: &str, second: &str) -> String {
    let spaced = first.ends_with(|c: char| c.is_ascii_alphanumeric())
        && second.starts_with(|c: char| c.is_ascii_alphanumeric());
    if spaced {
        format!("{first} {second}")
    } else {
        format!("{first}{second}")
    }
}

/// The emoji in `text`, one piece each, in the form every terminal draws alike.
fn emoji<'a>(text: &'a str, each: &mut impl FnMut(Piece<'a>)) {
    use unicode_segmentation::UnicodeSegmentation;
    for grapheme in text.graphemes(true) {
        if !grapheme.chars().next().is_some_and(is_pictographic) {
            continue;
        }
        let steady = crate::text::flag_letters(grapheme)
            .map(|_| Cow::Borrowed(grapheme))
            .or_else(|| crate::text::steady_emoji(grapheme).map(Cow::Owned))
            .unwrap_or(Cow::Borrowed(grapheme));
        each(Piece::Emoji(steady));
    }
}

/// Whether `c` starts an emoji: the pictographic blocks, flags, and the older symbols that
/// Douyin's keyboard offers as emoji (☀, ❤, ✨).
pub fn is_pictographic(c: char) -> bool {
    matches!(
        c,
        '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{2B50}' | '\u{2B55}' | '\u{2B06}'
            | '\u{2B07}' | '\u{2B05}' | '\u{2B1B}' | '\u{2B1C}' | '\u{231A}' | '\u{231B}'
            | '\u{23E9}'..='\u{23FA}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut last = String::new();
        pieces(text, |piece| {
            if let Piece::Word {
                word,
                follows: true,
            } = &piece
            {
                out.push(format!("p:{}", join(&last, word)));
            }
            out.push(match piece {
                Piece::Word { word, .. } => {
                    last = word.to_string();
                    format!("w:{word}")
                }
                Piece::Sticker(s) => format!("s:{s}"),
                Piece::Emoji(e) => format!("e:{e}"),
                Piece::Hashtag(h) => format!("h:{h}"),
                Piece::Mention(m) => format!("m:{m}"),
            })
        });
        out
    }

    fn words(text: &str) -> Vec<String> {
        all(text)
            .into_iter()
            .filter_map(|p| p.strip_prefix("w:").map(str::to_owned))
            .collect()
    }

    #[test]
    fn chinese_is_cut_into_dictionary_words_without_particles() {
        assert_eq!(words("我爱北京天安门"), ["爱", "北京", "天安门"]);
        assert_eq!(words("北京烤鸭真好吃啊"), ["北京烤鸭", "好吃"]);
    }

    #[test]
    fn comment_slang_stays_one_word() {
        assert_eq!(words("笑死我了 破防了 绝绝子"), ["笑死", "破防", "绝绝子"]);
    }

    #[test]
    fn laughter_of_any_length_is_not_a_word() {
        assert_eq!(
            words("哈哈哈哈哈哈哈 嗯嗯嗯 啊啊啊啊"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn english_is_lower_cased_and_its_stop_words_left_out() {
        assert_eq!(words("The Rust book is GREAT"), ["rust", "book", "great"]);
    }

    #[test]
    fn numbers_and_punctuation_are_not_words() {
        assert_eq!(words("2023年！！！…… 666"), ["年"]);
    }

    #[test]
    fn stickers_hashtags_and_mentions_are_pieces_of_their_own() {
        let found = all("[捂脸]笑死@小王 你看#旅行日记 真美[赞][赞]");
        assert!(found.contains(&"s:[捂脸]".to_owned()), "{found:?}");
        assert!(found.contains(&"m:@小王".to_owned()), "{found:?}");
        assert!(found.contains(&"h:#旅行日记".to_owned()), "{found:?}");
        assert_eq!(found.iter().filter(|p| *p == "s:[赞]").count(), 2);
        // What a sticker, a mention or a hashtag names is not counted again as words.
        assert!(
            !found
                .iter()
                .any(|p| p.contains("捂脸") && p.starts_with("w:"))
        );
        assert!(!found.iter().any(|p| p == "w:小王" || p == "w:旅行日记"));
    }

    #[test]
    fn a_bracket_that_is_no_sticker_is_text() {
        assert_eq!(
            all("[这不是一个贴纸因为它太长了吧]")
                .iter()
                .filter(|p| p.starts_with("s:"))
                .count(),
            0
        );
        assert_eq!(all("a [ b ] c"), Vec::<String>::new());
        assert_eq!(all("@ # [ ]"), Vec::<String>::new());
    }

    #[test]
    fn emoji_are_counted_in_the_form_terminals_agree_on() {
        let found = all("好看👍🏽👍❤️");
        let emoji: Vec<&String> = found.iter().filter(|p| p.starts_with("e:")).collect();
        assert_eq!(emoji, ["e:👍", "e:👍", "e:❤"]);
    }

    #[test]
    fn neighbouring_words_make_a_phrase() {
        let found = all("北京烤鸭好吃");
        assert!(found.contains(&"p:北京烤鸭好吃".to_owned()), "{found:?}");
        let english = all("rust book");
        assert!(english.contains(&"p:rust book".to_owned()), "{english:?}");
        // A stop word or a mark between them breaks the phrase.
        assert!(!all("烤鸭，好吃").iter().any(|p| p.starts_with("p:")));
    }
}
