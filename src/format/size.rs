//! Sizes on disk, in decimal units as `du -h --si`, file managers and disk labels show
//! them (1 MB is 1,000,000 bytes), so "200MB" in the config file means what a person
//! expects. Binary units (`KiB`, `MiB`, `GiB`) are accepted when written out.

const UNITS: [(&str, u64); 4] = [
    ("KB", 1_000),
    ("MB", 1_000_000),
    ("GB", 1_000_000_000),
    ("TB", 1_000_000_000_000),
];

/// A size for a person: "512 bytes", "1 byte", "4.1 KB", "12.3 MB", "200 MB", "1.5 GB".
/// One decimal, rounded to nearest, ".0" dropped; a value that rounds up to 1000 of a
/// unit is shown in the next one ("1 MB", not "1000 KB").
pub fn size(bytes: u64) -> String {
    if bytes < 1_000 {
        return super::plural(bytes, "byte");
    }
    for (i, (name, unit)) in UNITS.iter().enumerate() {
        let tenths = (u128::from(bytes) * 10 + u128::from(*unit) / 2) / u128::from(*unit);
        if tenths < 10_000 || i == UNITS.len() - 1 {
            return format!("{} {name}", super::one_decimal(tenths));
        }
    }
    unreachable!("the last unit always answers")
}

/// `"200MB"`, `"1.5GB"`, `"500 KB"`, `"64MiB"`, `"1000000"` (bytes) into bytes. Units are
/// case-insensitive and `K`, `M`, `G`, `T` alone count as KB, MB, GB, TB. The answer on
/// failure says what was wrong, to follow the setting's name.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let invalid = || {
        format!(
            "\"{text}\" is not a size; write e.g. \"200MB\", \"1.5GB\", \"500KB\" or a number of bytes"
        )
    };
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" | "byte" | "bytes" => 1,
        "k" | "kb" => 1_000,
        "m" | "mb" => 1_000_000,
        "g" | "gb" => 1_000_000_000,
        "t" | "tb" => 1_000_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        "tib" => 1 << 40,
        _ => return Err(invalid()),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits_only(whole) || !digits_only(fraction) {
        return Err(invalid());
    }
    if multiplier == 1 && !fraction.is_empty() {
        return Err(invalid());
    }
    // Exact arithmetic: whole × unit + fraction × unit / 10^len, in u128 so that
    // "1.5GB" is 1,500,000,000 and not a float's approximation of it.
    let whole: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| invalid())?
    };
    let fraction = fraction.get(..12).unwrap_or(fraction);
    let scale = 10u128.pow(fraction.len() as u32);
    let fraction: u128 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().map_err(|_| invalid())?
    };
    let bytes = whole
        .checked_mul(u128::from(multiplier))
        .and_then(|w| w.checked_add(fraction * u128::from(multiplier) / scale))
        .ok_or_else(invalid)?;
    u64::try_from(bytes).map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(size(0), "0 bytes");
        assert_eq!(size(1), "1 byte");
        assert_eq!(size(999), "999 bytes");
        assert_eq!(size(1_000), "1 KB");
        assert_eq!(size(4_096), "4.1 KB");
        assert_eq!(size(12_345_678), "12.3 MB");
        assert_eq!(size(200_000_000), "200 MB");
        assert_eq!(size(1_500_000_000), "1.5 GB");
        assert_eq!(size(999_960), "1 MB", "never \"1000 KB\"");
        assert_eq!(size(u64::MAX), "18446744.1 TB");
    }

    #[test]
    fn sizes_parse_with_or_without_a_unit() {
        assert_eq!(parse_size("200MB"), Ok(200_000_000));
        assert_eq!(parse_size("1.5GB"), Ok(1_500_000_000));
        assert_eq!(parse_size("500KB"), Ok(500_000));
        assert_eq!(parse_size(" 500 kb "), Ok(500_000));
        assert_eq!(parse_size("2g"), Ok(2_000_000_000));
        assert_eq!(parse_size("64MiB"), Ok(64 * 1024 * 1024));
        assert_eq!(parse_size("1000000"), Ok(1_000_000));
        assert_eq!(parse_size("123 bytes"), Ok(123));
        assert_eq!(parse_size(".5MB"), Ok(500_000));
        assert_eq!(parse_size("0"), Ok(0));
    }

    #[test]
    fn what_is_not_a_size_is_refused_with_examples() {
        for bad in [
            "",
            "MB",
            "big",
            "-1MB",
            "1.5",
            "1..5MB",
            "1.5.2GB",
            "12 parsecs",
            "1e9",
            "99999999999TB",
            "18446744073709551616",
        ] {
            let err = parse_size(bad).expect_err(bad);
            assert!(err.contains("\"200MB\""), "{bad}: {err}");
        }
    }

    #[test]
    fn a_formatted_size_parses_back_to_about_the_same() {
        for bytes in [1_000, 12_345_678, 200_000_000, 1_500_000_000] {
            let shown = size(bytes);
            let back = parse_size(&shown).unwrap();
            assert!(
                back.abs_diff(bytes) * 100 <= bytes,
                "{bytes} → {shown} → {back}"
            );
        }
    }
}
