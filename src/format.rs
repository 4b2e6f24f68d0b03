//! Numbers, sizes and times the way Douyin's readers expect them.

mod size;

pub use size::{parse_size, size};

use jiff::Timestamp;
use jiff::tz::{Offset, TimeZone};

/// A count the Chinese way: 9999, 1.2万, 3.5亿.
pub fn count(n: u64) -> String {
    const WAN: u64 = 10_000;
    const YI: u64 = 100_000_000;
    match n {
        n if n < WAN => n.to_string(),
        n if n < YI => scaled(n, WAN, "万"),
        n => scaled(n, YI, "亿"),
    }
}

/// A count in full with thousands separators, for summaries: "1,234,567".
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The text with its first letter upper-cased: a sentence that starts with a word made
/// elsewhere ("press t to retry" → "Press t to retry").
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `n` and an English noun that agrees with it: "1 reply", "2 replies", "1,234 pages".
pub fn plural(n: u64, noun: &str) -> String {
    format!("{} {}", grouped(n), agreeing(n, noun))
}

/// The English noun that agrees with `n`, for counts written another way ("♥ 1.2万
/// likes"): "reply" for 1, else "replies", "matches", "pages".
pub fn agreeing(n: u64, noun: &str) -> String {
    if n == 1 {
        return noun.to_owned();
    }
    match noun.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) => format!("{stem}ies"),
        _ if noun.ends_with(['s', 'x', 'z']) || noun.ends_with("ch") || noun.ends_with("sh") => {
            format!("{noun}es")
        }
        _ => format!("{noun}s"),
    }
}

/// `tenths` of a unit with at most one decimal, ".0" dropped: "12", "12.3".
pub(crate) fn one_decimal(tenths: u128) -> String {
    match tenths % 10 {
        0 => format!("{}", tenths / 10),
        d => format!("{}.{d}", tenths / 10),
    }
}

/// One decimal, rounded down so "9999.96万" never shows as "10000万"; ".0" is dropped.
fn scaled(n: u64, unit: u64, suffix: &str) -> String {
    // In u128: a count near u64::MAX (another program's number in the library) times 10
    // overflowed, a panic in a debug build and a wrong figure in a release one.
    format!(
        "{}{suffix}",
        one_decimal(u128::from(n) * 10 / u128::from(unit))
    )
}

/// Beijing time (UTC+8, as Douyin shows it), e.g. "2023-07-03 18:26".
pub fn beijing_time(unix_seconds: i64) -> String {
    let Ok(ts) = Timestamp::from_second(unix_seconds) else {
        return "unknown time".to_owned();
    };
    let zoned = ts.to_zoned(TimeZone::fixed(Offset::constant(8)));
    zoned.strftime("%Y-%m-%d %H:%M").to_string()
}

/// A compact age for list rows: "now", "5m", "3h", "2d", "4mo", "3y".
pub fn age_short(unix_seconds: i64, now: i64) -> String {
    let secs = now.saturating_sub(unix_seconds).max(0);
    match secs {
        s if s < 60 => "now".to_owned(),
        s if s < 3_600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3_600),
        s if s < 30 * 86_400 => format!("{}d", s / 86_400),
        s if s < 365 * 86_400 => format!("{}mo", s / (30 * 86_400)),
        s => format!("{}y", s / (365 * 86_400)),
    }
}

/// A spelled-out age: "just now", "5 minutes ago", "3 years ago".
pub fn age_long(unix_seconds: i64, now: i64) -> String {
    let secs = now.saturating_sub(unix_seconds).max(0);
    let (n, unit) = match secs {
        s if s < 60 => return "just now".to_owned(),
        s if s < 3_600 => (s / 60, "minute"),
        s if s < 86_400 => (s / 3_600, "hour"),
        s if s < 30 * 86_400 => (s / 86_400, "day"),
        s if s < 365 * 86_400 => (s / (30 * 86_400), "month"),
        s => (s / (365 * 86_400), "year"),
    };
    format!("{} ago", plural(n.unsigned_abs(), unit))
}

/// A wait spelled out, rounded up to what a person plans by: "40 seconds", "12 minutes",
/// "2 hours 5 minutes".
pub fn duration(wait: std::time::Duration) -> String {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    if secs < 60 {
        return plural(secs, "second");
    }
    let minutes = secs.div_ceil(60);
    match (minutes / 60, minutes % 60) {
        (0, m) => plural(m, "minute"),
        (h, 0) => plural(h, "hour"),
        (h, m) => format!("{} {}", plural(h, "hour"), plural(m, "minute")),
    }
}

/// The local wall-clock time `wait` from `now`, "14:05", with the date when it is not
/// within the day ahead; for "try again after …".
pub fn clock_after(now: Timestamp, wait: std::time::Duration) -> String {
    let tz = TimeZone::try_system().unwrap_or(TimeZone::UTC);
    let at = jiff::SignedDuration::try_from(wait)
        .ok()
        .and_then(|wait| now.checked_add(wait).ok());
    let Some(at) = at else {
        return "much later".to_owned();
    };
    let format = if wait.as_secs() < 20 * 3_600 {
        "%H:%M"
    } else {
        "%Y-%m-%d %H:%M"
    };
    at.to_zoned(tz).strftime(format).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_count_is_shown_not_overflowed() {
        assert_eq!(count(u64::MAX), "184467440737亿");
    }

    #[test]
    fn counts_use_wan_and_yi() {
        assert_eq!(count(0), "0");
        assert_eq!(count(9_999), "9999");
        assert_eq!(count(10_000), "1万");
        assert_eq!(count(12_345), "1.2万");
        assert_eq!(count(2_340_000), "234万");
        assert_eq!(count(99_999_999), "9999.9万");
        assert_eq!(count(250_000_000), "2.5亿");
    }

    #[test]
    fn nouns_agree_with_their_count() {
        assert_eq!(plural(1, "reply"), "1 reply");
        assert_eq!(plural(2, "reply"), "2 replies");
        assert_eq!(plural(0, "day"), "0 days");
        assert_eq!(plural(1_234, "page"), "1,234 pages");
        assert_eq!(plural(1, "match"), "1 match");
        assert_eq!(plural(3, "match"), "3 matches");
        assert_eq!(agreeing(1, "like"), "like");
        assert_eq!(agreeing(0, "like"), "likes");
    }

    #[test]
    fn grouped_counts_have_thousands_separators() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_234), "1,234");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn times_are_shown_in_beijing_time() {
        // 1688379962 is 2023-07-03 10:26:02 UTC.
        assert_eq!(beijing_time(1_688_379_962), "2023-07-03 18:26");
    }

    #[test]
    fn ages_are_compact_and_spelled_out() {
        let now = 1_688_379_962;
        assert_eq!(age_short(now - 30, now), "now");
        assert_eq!(age_short(now - 3 * 3_600, now), "3h");
        assert_eq!(
            age_short(now + 100, now),
            "now",
            "clock skew is not negative time"
        );
        assert_eq!(age_long(now - 86_400, now), "1 day ago");
        assert_eq!(age_long(now - 3 * 365 * 86_400, now), "3 years ago");
    }

    #[test]
    fn waits_are_spelled_out_rounded_up() {
        use std::time::Duration;
        assert_eq!(duration(Duration::from_millis(40_200)), "41 seconds");
        assert_eq!(duration(Duration::from_secs(61)), "2 minutes");
        assert_eq!(duration(Duration::from_secs(3_600)), "1 hour");
        assert_eq!(
            duration(Duration::from_secs(2 * 3_600 + 290)),
            "2 hours 5 minutes"
        );
    }

    #[test]
    fn the_clock_after_a_wait_names_the_day_only_when_far() {
        use std::time::Duration;
        let now = Timestamp::from_second(1_688_379_962).unwrap();
        let soon = clock_after(now, Duration::from_secs(3_600));
        assert_eq!(soon.len(), 5, "{soon}");
        let later = clock_after(now, Duration::from_secs(3 * 86_400));
        assert!(later.starts_with("2023-07-0"), "{later}");
        assert_eq!(clock_after(now, Duration::MAX), "much later");
    }
}
