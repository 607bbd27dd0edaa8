//! Shift_JIS for the accounting CSVs (issue 19): many Japanese accounting packages import CSV
//! only in Shift_JIS. The encoder follows the WHATWG Encoding Standard's Shift_JIS encoder
//! (encoding.spec.whatwg.org, "Shift_JIS encoder"), so a browser's or Node's
//! `TextDecoder("shift_jis")` reads back exactly the text written: ASCII as is, U+00A5 → 0x5C,
//! U+203E → 0x7E, half-width katakana → 0xA1–0xDF, U+2212 as U+FF0D, and the two-byte part from
//! index jis0208 (pointers 8272–8835 excluded; the first pointer of a code point wins). Beyond the
//! standard, the few characters JIS and Windows map differently (〜 U+301C and its kin,
//! [`jis_form`]) are written as the form the table holds rather than refused.
//!
//! The two-byte table is `data/shift_jis.bin` (scripts/gen-shift-jis.mjs): for each pointer the
//! code point it stands for, as u16 deltas (about 11 KB of the worker's gzip, where the general
//! `encoding_rs` would add far more). A character Shift_JIS cannot carry (an emoji, 𠮷, ✓) is
//! refused with the character and its line, never replaced silently.

use std::sync::OnceLock;

use crate::model::Localized;

const TABLE: &[u8] = include_bytes!("../../data/shift_jis.bin");

/// A character Shift_JIS has no bytes for, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unencodable {
    pub character: char,
    /// 1-based line of the text.
    pub line: usize,
}

impl Unencodable {
    /// In plain words, with what to do instead.
    pub fn message(&self) -> Localized {
        Localized::new(
            format!(
                "「{}」はShift_JISで表せない文字のため、Shift_JISのCSVを作れません（{}行目）。この文字を直すか、UTF-8のCSVを使ってください。",
                self.character, self.line
            ),
            format!(
                "\"{}\" cannot be written in Shift_JIS, so the Shift_JIS CSV cannot be made (line {}). Please change that character or use the UTF-8 CSV.",
                self.character, self.line
            ),
        )
    }
}

/// (code point, pointer) of the two-byte part, sorted by code point.
fn index() -> &'static [(u16, u16)] {
    static INDEX: OnceLock<Vec<(u16, u16)>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut out = Vec::with_capacity(7400);
        let mut cp: u16 = 0;
        for (pointer, pair) in TABLE.chunks_exact(2).enumerate() {
            cp = cp.wrapping_add(u16::from_le_bytes([pair[0], pair[1]]));
            if cp != 0
                && let Ok(p) = u16::try_from(pointer)
            {
                out.push((cp, p));
            }
        }
        out.sort_unstable();
        out
    })
}

fn two_bytes(c: char) -> Option<[u8; 2]> {
    let cp = u16::try_from(u32::from(c)).ok()?;
    let table = index();
    let at = table.binary_search_by_key(&cp, |&(c, _)| c).ok()?;
    let pointer = table[at].1;
    let (lead, trail) = (pointer / 188, pointer % 188);
    let lead = lead + if lead < 0x1f { 0x81 } else { 0xc1 };
    let trail = trail + if trail < 0x3f { 0x40 } else { 0x41 };
    Some([u8::try_from(lead).ok()?, u8::try_from(trail).ok()?])
}

/// The form Shift_JIS's table holds of a character typed on a system that maps JIS X 0208 to
/// Unicode the other way (JIS vs Windows): 〜 (U+301C) is written as ～, ‖ as ∥, − as －, — as
/// ―, and ¢ £ ¬ as their full-width forms; they read back as those forms.
fn jis_form(c: char) -> char {
    match c {
        '\u{301c}' => '\u{ff5e}',
        '\u{2016}' => '\u{2225}',
        '\u{2212}' => '\u{ff0d}',
        '\u{2014}' => '\u{2015}',
        '\u{a2}' => '\u{ffe0}',
        '\u{a3}' => '\u{ffe1}',
        '\u{ac}' => '\u{ffe2}',
        c => c,
    }
}

/// `text` in Shift_JIS, or the first character it cannot carry.
pub fn encode(text: &str) -> Result<Vec<u8>, Unencodable> {
    let mut out = Vec::with_capacity(text.len());
    let mut line = 1;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        match c {
            // BOM: the UTF-8 CSV's mark; a Shift_JIS file has none.
            '\u{feff}' => {}
            '\0'..='\u{80}' => out.push(u32::from(c) as u8),
            '\u{a5}' => out.push(0x5c),
            '\u{203e}' => out.push(0x7e),
            '\u{ff61}'..='\u{ff9f}' => out.push((u32::from(c) - 0xff61 + 0xa1) as u8),
            _ => {
                let c = jis_form(c);
                let bytes = two_bytes(c).ok_or(Unencodable { character: c, line })?;
                out.extend_from_slice(&bytes);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_text_and_the_single_byte_cases() {
        assert_eq!(
            encode("あ亜").expect("encodes"),
            vec![0x82, 0xa0, 0x88, 0x9f]
        );
        assert_eq!(encode("A,1\r\n").expect("encodes"), b"A,1\r\n".to_vec());
        assert_eq!(
            encode("¥‾｡ﾟ").expect("encodes"),
            vec![0x5c, 0x7e, 0xa1, 0xdf]
        );
        // The minus sign is written as the full-width hyphen-minus (0x817C).
        assert_eq!(encode("−").expect("encodes"), vec![0x81, 0x7c]);
        // The wave dash typed on a Mac is the one Windows reads as ～.
        assert_eq!(
            encode("9〜17時").expect("encodes"),
            encode("9～17時").expect("encodes")
        );
        assert_eq!(
            encode("\u{feff}請求書").expect("encodes"),
            encode("請求書").expect("encodes")
        );
        // NEC row 13 (①) and an IBM extension kanji (纊) are in the table.
        assert_eq!(encode("①").expect("encodes"), vec![0x87, 0x40]);
        assert_eq!(encode("纊").expect("encodes"), vec![0xfa, 0x5c]);
    }

    #[test]
    fn the_table_holds_every_jis_x_0208_character_once() {
        let table = index();
        assert_eq!(table.len(), 7326);
        assert!(
            table.windows(2).all(|w| w[0].0 < w[1].0),
            "one pointer per code point"
        );
        // Level 1 and level 2 kanji, kana and full-width forms.
        for c in "東京都千代田区霞が関源泉徴収税額消費税ア゛ー～＄￥髙﨑".chars()
        {
            assert!(encode(&c.to_string()).is_ok(), "{c}");
        }
    }

    #[test]
    fn a_character_shift_jis_cannot_carry_is_named_with_its_line() {
        let e = encode("摘要\n髙橋 𠮷田 😀").expect_err("refused");
        assert_eq!(e.character, '𠮷');
        assert_eq!(e.line, 2);
        let m = e.message();
        assert!(
            m.ja.contains("「𠮷」") && m.ja.contains("2行目"),
            "{}",
            m.ja
        );
        assert!(
            m.en.contains("line 2") && m.en.contains("UTF-8"),
            "{}",
            m.en
        );
        assert_eq!(encode("✓").expect_err("refused").character, '✓');
    }
}
