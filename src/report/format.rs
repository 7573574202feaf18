//! Numbers written for people (domain/metrics.md, "Rounding when shown"): percentages to
//! two decimals, money in 万元 with thousands separators, an undefined ratio as
//! "—", half away from zero.
//!
//! Rounding works on the decimal text of a value, not on `value × 100`: 20.125 is exactly
//! 161/8 and must show as 20.13, but `20.125 * 100.0` may land a hair under the tie.
//! Money stays in integer 分 until the last step, so 万元 figures are exact.

/// The mark of an undefined figure (a ratio whose denominator is zero, an unknown value).
pub const UNDEFINED: &str = "—";

/// Thousands separators for an integer.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (k, ch) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// `|v|` rounded half away from zero to `places` decimals, as (negative, integer part,
/// fraction digits as an integer), computed on the shortest round-trip decimal text of `v`.
pub fn round_decimal(v: f64, places: u32) -> (bool, u64, u64) {
    let text = format!("{}", v.abs());
    let (int_s, frac_s) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let mut int: u64 = int_s.parse().unwrap_or(0);
    let p = places as usize;
    let mut frac_digits: String = frac_s.chars().take(p).collect();
    while frac_digits.len() < p {
        frac_digits.push('0');
    }
    let mut frac: u64 = frac_digits.parse().unwrap_or(0);
    if frac_s.chars().nth(p).is_some_and(|c| c >= '5') {
        frac += 1;
        if frac == 10u64.pow(places) {
            frac = 0;
            int += 1;
        }
    }
    (v < 0.0, int, frac)
}

/// `v` to `places` decimals, half away from zero, without separators: what `{v:.1}`
/// would print if Rust's formatting did not round a tie to even (`1.25` → `1.3`, where
/// `format!("{:.1}", 1.25)` gives `1.2`). Every decimal a reader sees goes through here or
/// [`fixed2`].
pub fn decimals(v: f64, places: u32) -> String {
    if !v.is_finite() {
        return UNDEFINED.to_string();
    }
    let (neg, int, frac) = round_decimal(v, places);
    let sign = if neg && (int != 0 || frac != 0) {
        "-"
    } else {
        ""
    };
    if places == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac:0w$}", w = places as usize)
    }
}

/// Two decimals with thousands separators (`12,345.68`).
pub fn fixed2(v: f64) -> String {
    let (neg, int, frac) = round_decimal(v, 2);
    let s = format!("{}.{frac:02}", group_thousands(int as i64));
    if neg && (int != 0 || frac != 0) {
        format!("-{s}")
    } else {
        s
    }
}

/// A whole number rounded half away from zero (disposition time in days).
pub fn whole(v: f64) -> String {
    let (neg, int, _) = round_decimal(v, 0);
    let n = int as i64;
    group_thousands(if neg { -n } else { n })
}

/// A percentage (already × 100) to two decimals, or "—".
pub fn pct(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => format!("{}%", fixed2(x)),
        _ => UNDEFINED.to_string(),
    }
}

/// A count with separators, or "—".
pub fn count(v: Option<i64>) -> String {
    v.map_or_else(|| UNDEFINED.to_string(), group_thousands)
}

/// 分 as 万元 to two decimals (1 万元 = 10⁶ 分), exact integer rounding.
pub fn wan(fen: i64) -> String {
    // hundredths of 万元 = 10⁴ 分
    let neg = fen < 0;
    let a = fen.unsigned_abs();
    let h = (a + 5_000) / 10_000;
    let s = format!("{}.{:02}", group_thousands((h / 100) as i64), h % 100);
    if neg && h != 0 {
        format!("-{s}")
    } else {
        s
    }
}

/// 分 as 万元 (a float for charts).
pub fn wan_f64(fen: i64) -> f64 {
    fen as f64 / 1_000_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_round_half_away_from_zero_on_the_decimal_form() {
        assert_eq!(fixed2(20.125), "20.13");
        assert_eq!(fixed2(1.005), "1.01");
        assert_eq!(fixed2(99.994), "99.99");
        assert_eq!(fixed2(99.995), "100.00");
        assert_eq!(fixed2(-0.004), "0.00");
        assert_eq!(fixed2(-2.5), "-2.50");
        assert_eq!(fixed2(12345.678), "12,345.68");
        assert_eq!(fixed2(100.0 / 3.0), "33.33");
        assert_eq!(pct(Some(100.0 * 2.0 / 3.0)), "66.67%");
        assert_eq!(pct(None), "—");
        assert_eq!(pct(Some(f64::NAN)), "—");
    }

    #[test]
    fn decimals_round_ties_away_from_zero_where_format_rounds_to_even() {
        // i-report-pace-rounds-half-even: 129/4 = 32.25 showed as 32.2 (Excel: 32.3).
        for (v, places, want) in [
            (1.25, 1, "1.3"),
            (32.25, 1, "32.3"),
            (16.75, 1, "16.8"),
            (5.25, 1, "5.3"),
            (2.25, 1, "2.3"),
            (0.125, 2, "0.13"),
            (12.5, 0, "13"),
            (-1.25, 1, "-1.3"),
            (-0.04, 1, "0.0"),
            (3.0, 1, "3.0"),
            (1234.56, 1, "1234.6"),
        ] {
            assert_eq!(decimals(v, places), want, "{v} to {places}");
        }
        assert_eq!(format!("{:.1}", 1.25), "1.2", "what Rust's formatting does");
        assert_eq!(decimals(f64::NAN, 1), "—");
    }

    #[test]
    fn whole_days() {
        assert_eq!(whole(182.5), "183");
        assert_eq!(whole(182.49), "182");
        assert_eq!(whole(1234.0), "1,234");
    }

    #[test]
    fn thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(-1234567), "-1,234,567");
    }

    #[test]
    fn money() {
        assert_eq!(wan(0), "0.00");
        assert_eq!(wan(1_000_000), "1.00");
        assert_eq!(wan(1_234_567_890_000), "1,234,567.89");
        assert_eq!(wan(4_999), "0.00");
        assert_eq!(wan(5_000), "0.01");
        assert_eq!(wan(-5_000), "-0.01");
    }
}
