//! The normal forms behind `text`, with or without Unicode's tables.
//!
//! The edge worker decides what is stored, so it builds with the `unicode-tables` feature: full
//! NFKC and NFC. The app only checks forms before they are sent (with the same validators, so the
//! same messages), and the tables would cost a resident's phone about 100 KB of wasm. Without the
//! feature, the app uses a fold written out here for everything a Japanese keyboard or phone
//! sends: full-width ASCII and space, half-width katakana and symbols, and kana with a combining
//! (han)dakuten. For those characters it gives exactly what NFKC and NFC give (a test below checks
//! it against the tables); anything rarer is left as typed, and the server's answer decides.

#[cfg(feature = "unicode-tables")]
pub(crate) fn compat(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().collect()
}

#[cfg(feature = "unicode-tables")]
pub(crate) fn canonical(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

#[cfg(not(feature = "unicode-tables"))]
pub(crate) fn compat(text: &str) -> String {
    japanese::japanese_compat(text)
}

#[cfg(not(feature = "unicode-tables"))]
pub(crate) fn canonical(text: &str) -> String {
    japanese::compose_kana(text.chars())
}

// Compiled for the app's build, and for the tests that hold it to the tables.
#[cfg(any(test, not(feature = "unicode-tables")))]
mod japanese {
    /// NFKC for the characters Japanese input produces; every other character is kept.
    pub(super) fn japanese_compat(text: &str) -> String {
        compose_kana(text.chars().flat_map(widen_or_narrow))
    }

    pub(super) const DAKUTEN: char = '\u{3099}';
    pub(super) const HANDAKUTEN: char = '\u{309a}';

    /// Half-width katakana in the order of U+FF66..=U+FF9D, as their full-width forms.
    const HALF_WIDTH_KANA: &str = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";

    /// One character as NFKC decomposes it, before kana are composed again.
    fn widen_or_narrow(c: char) -> Option<char> {
        let code = u32::from(c);
        let mapped = match code {
            0x3000 => ' ',
            // Full-width ASCII: ！ (U+FF01) … ～ (U+FF5E) sit 0xFEE0 above their ASCII forms.
            0xff01..=0xff5e => char::from_u32(code - 0xfee0)?,
            0xff5f => '⦅',
            0xff60 => '⦆',
            0xff61 => '。',
            0xff62 => '「',
            0xff63 => '」',
            0xff64 => '、',
            0xff65 => '・',
            0xff66..=0xff9d => HALF_WIDTH_KANA.chars().nth((code - 0xff66) as usize)?,
            0xff9e => DAKUTEN,
            0xff9f => HANDAKUTEN,
            0xffe0 => '¢',
            0xffe1 => '£',
            0xffe2 => '¬',
            0xffe4 => '¦',
            0xffe5 => '¥',
            0xffe6 => '₩',
            0xffe8 => '│',
            0xffe9 => '←',
            0xffea => '↑',
            0xffeb => '→',
            0xffec => '↓',
            0xffed => '■',
            0xffee => '○',
            _ => c,
        };
        Some(mapped)
    }

    /// Kana followed by a combining (han)dakuten become one character, as NFC composes them.
    pub(super) fn compose_kana(chars: impl Iterator<Item = char>) -> String {
        let mut out = String::new();
        let mut pending: Option<char> = None;
        for c in chars {
            let composed = pending.and_then(|base| with_mark(base, c));
            match composed {
                Some(one) => pending = Some(one),
                None => {
                    out.extend(pending);
                    pending = Some(c);
                }
            }
        }
        out.extend(pending);
        out
    }

    /// `base` with a combining dakuten or handakuten `mark`, when Unicode has that character.
    fn with_mark(base: char, mark: char) -> Option<char> {
        if mark != DAKUTEN && mark != HANDAKUTEN {
            return None;
        }
        let code = u32::from(base);
        // Katakana mirror hiragana 0x60 higher for the rows that take marks.
        let hiragana = if (0x30a1..=0x30f6).contains(&code) {
            code - 0x60
        } else {
            code
        };
        let in_row = |first: u32, last: u32, step: u32| {
            (first..=last).contains(&hiragana) && (hiragana - first).is_multiple_of(step)
        };
        let offset = if mark == DAKUTEN {
            // か…ぢ take a dakuten every second code point, つ…と too (っ sits before つ),
            // は…ほ every third (base, dakuten, handakuten).
            let voiced =
                in_row(0x304b, 0x3061, 2) || in_row(0x3064, 0x3068, 2) || in_row(0x306f, 0x307b, 3);
            match (voiced, code) {
                (true, _) => 1,
                (false, 0x3046) => 0x3094 - 0x3046, // う → ゔ
                (false, 0x30a6) => 0x30f4 - 0x30a6, // ウ → ヴ
                (false, 0x309d | 0x30fd) => 1,      // ゝ → ゞ, ヽ → ヾ
                (false, 0x30ef..=0x30f2) => 8,      // ワヰヱヲ → ヷヸヹヺ
                _ => return None,
            }
        } else if in_row(0x306f, 0x307b, 3) {
            2
        } else {
            return None;
        };
        char::from_u32(code + offset)
    }
}

#[cfg(all(test, feature = "unicode-tables"))]
mod tests {
    use super::japanese::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    fn nfkc(text: &str) -> String {
        text.nfkc().collect()
    }

    /// Every character the fold changes, and every kana a mark can follow.
    fn folded_chars() -> impl Iterator<Item = char> {
        let ranges = [
            0x3000..=0x3000,
            0xff01..=0xff9f,
            0xffe0..=0xffe2,
            0xffe4..=0xffe6,
            0xffe8..=0xffee,
            0x3041..=0x3096,
            0x309d..=0x309e,
            0x30a1..=0x30fe,
        ];
        ranges.into_iter().flatten().filter_map(char::from_u32)
    }

    #[test]
    fn each_folded_character_is_what_nfkc_makes_of_it() {
        for c in folded_chars() {
            let text = c.to_string();
            assert_eq!(
                japanese_compat(&text),
                nfkc(&text),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn every_kana_with_a_mark_composes_as_nfkc_does() {
        for base in folded_chars() {
            for mark in [DAKUTEN, HANDAKUTEN, '\u{ff9e}', '\u{ff9f}'] {
                let text: String = [base, mark].into_iter().collect();
                assert_eq!(
                    japanese_compat(&text),
                    nfkc(&text),
                    "U+{:04X} + U+{:04X}",
                    u32::from(base),
                    u32::from(mark)
                );
            }
        }
    }

    #[test]
    fn what_phones_send_folds_to_plain_forms() {
        assert_eq!(japanese_compat("ﾃﾞｰﾀ入力　ＡＢＣ１０"), "データ入力 ABC10");
        assert_eq!(japanese_compat("ﾊﾟｿｺﾝ ｳﾞｧ"), "パソコン ヴァ");
        assert_eq!(japanese_compat("￥１，２００"), "¥1,200");
    }

    proptest! {
        #[test]
        fn japanese_input_folds_exactly_like_nfkc(
            s in "[ 　a-zA-Z0-9ａ-ｚＡ-Ｚ０-９！-～｡-ﾟぁ-ゖァ-ヺー゙゚ゝゞヽヾ漢字入力￥]{0,40}"
        ) {
            prop_assert_eq!(japanese_compat(&s), nfkc(&s));
        }

        #[test]
        fn kana_compose_exactly_like_nfc(s in "[かきはひふうウワヲゝヽカハ\u{3099}\u{309a}あア ]{0,20}") {
            let nfc: String = s.nfc().collect();
            prop_assert_eq!(compose_kana(s.chars()), nfc);
        }
    }
}
