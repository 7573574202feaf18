//! Traditional → simplified characters as `fast2s::convert` does it, without building a
//! new string for every case number.
//!
//! `fast2s` maps each three-byte character through one table, except for a handful whose
//! conversion depends on the neighbouring characters (乾隆 keeps its 乾, 企畫 becomes 企划).
//! So every other character converts the same wherever it stands: its conversion is looked
//! up once per process (by `fast2s` itself, on the lone character) and cached, and a text
//! holding one of the context-dependent characters is handed to `fast2s` whole.

use std::sync::atomic::{AtomicU16, Ordering};

/// The characters `fast2s` 0.3 converts by their neighbours (the keys of its `T2S_EXCLUDE`
/// and `T2S_SPECIAL_CONVERT_TYPE` tables).
pub(super) const CONTEXTUAL: [char; 15] = [
    '兒', '覆', '夥', '藉', '瞭', '麽', '幺', '於', '乾', '著', '苧', '闔', '鍾', '讎', '畫',
];

/// Standard simplified characters that `fast2s` 0.3 still maps to another (磐 → 盘):
/// kept as written, since a court abbreviation spells a place with them (金磐: 磐安县).
pub(super) const KEEP: [char; 1] = ['磐'];

/// `fast2s::convert(s)` with the [`KEEP`] characters as written (its conversion is one
/// character for one, so the two texts line up).
pub(super) fn convert(s: &str) -> String {
    let converted = fast2s::convert(s);
    if !s.contains(KEEP) || converted.chars().count() != s.chars().count() {
        return converted;
    }
    s.chars()
        .zip(converted.chars())
        .map(|(a, b)| if KEEP.contains(&a) { a } else { b })
        .collect()
}

/// Not looked up yet.
const UNKNOWN: u16 = 0;
/// Converted by context: the whole text goes to `fast2s`.
const CONTEXT: u16 = 1;

/// The conversion of each character U+0000..U+FFFF (only three-byte ones are used), or
/// [`UNKNOWN`] / [`CONTEXT`]. Every converted character is three bytes long, so at least
/// U+0800 and never mistaken for a mark.
static CACHE: [AtomicU16; 0x1_0000] = [const { AtomicU16::new(UNKNOWN) }; 0x1_0000];

fn lookup(c: char) -> u16 {
    if CONTEXTUAL.contains(&c) {
        return CONTEXT;
    }
    if KEEP.contains(&c) {
        return c as u32 as u16;
    }
    let mut utf8 = [0u8; 4];
    let converted = fast2s::convert(c.encode_utf8(&mut utf8));
    let mut chars = converted.chars();
    match (chars.next(), chars.next()) {
        (Some(s), None) if (0x800..=0xffff).contains(&(s as u32)) => s as u32 as u16,
        _ => CONTEXT,
    }
}

/// What `fast2s` makes of `c`, or `None` when that depends on the neighbouring characters.
#[inline]
pub(super) fn simplified(c: char) -> Option<char> {
    if c.len_utf8() != 3 {
        // fast2s converts three-byte characters only.
        return Some(c);
    }
    let slot = &CACHE[c as usize];
    let mut v = slot.load(Ordering::Relaxed);
    if v == UNKNOWN {
        // Two threads may both look it up: they store the same value.
        v = lookup(c);
        slot.store(v, Ordering::Relaxed);
    }
    if v == CONTEXT {
        None
    } else {
        char::from_u32(u32::from(v))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn convert(s: &str) -> String {
        match s.chars().map(simplified).collect::<Option<String>>() {
            Some(t) => t,
            None => super::convert(s),
        }
    }

    #[test]
    fn matches_fast2s_on_every_bmp_character() {
        for code in 0x800u32..=0xffff {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let s = c.to_string();
            assert_eq!(convert(&s), super::convert(&s), "U+{code:04X}");
        }
    }

    #[test]
    fn standard_characters_fast2s_would_change_are_kept() {
        assert_eq!(
            super::convert("（2015）金磐執字第1號"),
            "（2015）金磐执字第1号"
        );
        assert_eq!(
            fast2s::convert("磐"),
            "盘",
            "if fast2s keeps 磐 now, KEEP can go"
        );
    }

    #[test]
    fn context_dependent_characters() {
        for s in [
            "乾隆",
            "乾淨",
            "企畫",
            "畫圖",
            "樊於期",
            "於是",
            "（2019）粵0304執1號",
        ] {
            assert_eq!(convert(s), super::convert(s), "{s}");
        }
    }

    proptest! {
        #[test]
        fn matches_fast2s(s in "[\\PC兒覆夥藉瞭麽幺於乾著苧闔鍾讎畫隆淨企計口憑慰狼家書定望答批回甚執號粵終磐]{0,24}") {
            prop_assert_eq!(convert(&s), super::convert(&s));
        }
    }
}
