//! Normalisation of what phones send.
//!
//! Japanese keyboards happily produce full-width digits (`１０`), full-width spaces and latin
//! (`ＡＢＣ`), so single-line fields go through NFKC, which folds those to their ordinary forms,
//! then whitespace is collapsed and trimmed. Free text (descriptions, notes) only gets NFC: NFKC
//! would also rewrite characters people chose on purpose (`①`, `㈱`, half-width kana → full).
//!
//! Without the `unicode-tables` feature (the app's build) both forms are a table-free fold that
//! equals them for everything Japanese input produces; see `fold`.
//!
//! Lengths are counted in chars (Unicode scalar values), never bytes: a Japanese character is
//! three bytes of UTF-8 but one character to the person typing it.

mod fold;

pub(crate) use fold::compat;

/// Why a piece of text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    /// Nothing left after trimming.
    Empty,
    TooLong {
        max_chars: usize,
    },
    /// A control character (or an invisible text-direction override) that has no place in a form.
    ControlCharacter,
}

/// Why a number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberProblem {
    Empty,
    /// Not a whole number written with digits (and at most the allowed unit).
    NotANumber,
    TooLarge,
}

/// NFKC, every run of whitespace (incl. newlines and the full-width space) to one space, trimmed.
/// Idempotent.
pub fn normalize_line(raw: &str) -> String {
    let folded = compat(raw);
    let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    // NFKC can turn a character into "space + combining mark" (e.g. `¨`); trimming that space
    // leaves a lone mark, which a second NFKC pass keeps as is. Re-normalising once more makes
    // the function idempotent for such edge cases.
    let again = compat(&collapsed);
    again.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// NFC, line endings to `\n`, trailing spaces on each line dropped, blank lines at both ends
/// dropped. Inner blank lines and indentation stay: they carry meaning in free text. Idempotent.
pub fn normalize_multiline(raw: &str) -> String {
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    let nfc = fold::canonical(&unified);
    let lines: Vec<&str> = nfc.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(a), Some(b)) => lines[a..=b].join("\n"),
        _ => String::new(),
    }
}

/// Bidirectional overrides can make text display differently from what it is (e.g. hide a
/// file extension); no form field needs them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn has_forbidden_char(text: &str, multiline: bool) -> bool {
    text.chars().any(|c| {
        let allowed_ws = multiline && (c == '\n' || c == '\t');
        (c.is_control() && !allowed_ws) || is_bidi_control(c)
    })
}

/// A normalised, checked single-line field (name, title). Control characters are refused
/// before whitespace collapsing would hide them, except whitespace itself.
pub fn single_line(raw: &str, max_chars: usize) -> Result<String, TextProblem> {
    let hidden_control = raw
        .chars()
        .any(|c| (c.is_control() && !c.is_whitespace()) || is_bidi_control(c));
    if hidden_control {
        return Err(TextProblem::ControlCharacter);
    }
    finish(normalize_line(raw), max_chars)
}

/// A normalised, checked free-text field; newlines and tabs are allowed.
pub fn multi_line(raw: &str, max_chars: usize) -> Result<String, TextProblem> {
    let text = normalize_multiline(raw);
    if has_forbidden_char(&text, true) {
        return Err(TextProblem::ControlCharacter);
    }
    finish(text, max_chars)
}

fn finish(text: String, max_chars: usize) -> Result<String, TextProblem> {
    if text.is_empty() {
        Err(TextProblem::Empty)
    } else if text.chars().count() > max_chars {
        Err(TextProblem::TooLong { max_chars })
    } else {
        Ok(text)
    }
}

/// A whole, non-negative number as people type it: `10`, `１０`, ` 10 `, `1,200`, and — when
/// the caller lists units — `10時間`, `1200円`, `¥1,200`.
///
/// Refused on purpose: decimals (`1.5`: this app counts whole hours and yen), signs,
/// malformed thousand separators (`1,20` could be a decimal comma), units not listed.
pub fn parse_whole_number(raw: &str, units: &[&str]) -> Result<u32, NumberProblem> {
    let text = normalize_line(raw);
    if text.is_empty() {
        return Err(NumberProblem::Empty);
    }
    let digits = strip_unit(&text, units);
    let plain = without_thousand_separators(digits).ok_or(NumberProblem::NotANumber)?;
    if plain.is_empty() || !plain.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberProblem::NotANumber);
    }
    plain.parse().map_err(|_| NumberProblem::TooLarge)
}

/// Hours worked as people type them, in whole minutes: `2`, `1.5`, `１．５`, `0.25時間`,
/// `1.5h` (rounded to the minute). No signs, no exponent, no comma: a report is at most a
/// month of hours, so more than 10,000 is refused as a typing slip.
///
/// Written by hand rather than with `str::parse::<f64>`, whose tables weigh ~10 KB brotli in
/// every page that reports hours.
pub fn parse_hours_as_minutes(raw: &str) -> Result<u32, NumberProblem> {
    const MAX_HOURS: u32 = 10_000;
    let text = normalize_line(raw);
    if text.is_empty() {
        return Err(NumberProblem::Empty);
    }
    let number = strip_unit(&text, HOUR_UNITS);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty())
        || !digits_only(whole)
        || !digits_only(fraction)
        || (number.contains('.') && fraction.is_empty())
    {
        return Err(NumberProblem::NotANumber);
    }
    let hours: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| NumberProblem::TooLarge)?
    };
    if hours > MAX_HOURS {
        return Err(NumberProblem::TooLarge);
    }
    // The fraction's first six digits are enough to round to the minute.
    let shown = &fraction[..fraction.len().min(6)];
    let scale = 10u64.pow(u32::try_from(shown.len()).unwrap_or(0));
    let part: u64 = if shown.is_empty() {
        0
    } else {
        shown.parse().unwrap_or(0)
    };
    let minutes = (part * 60 + scale / 2) / scale;
    Ok(hours * 60 + u32::try_from(minutes).unwrap_or(60))
}

/// Units for yen amounts (after NFKC, `￥` is `¥`).
pub const YEN_UNITS: &[&str] = &["円", "¥", "yen"];
/// Units for hour counts.
pub const HOUR_UNITS: &[&str] = &["時間", "h", "hours", "hour"];

/// The number part of `text`: without one listed unit as a suffix (or, for `¥`, a prefix).
/// Units are ascii or Japanese, so an ascii-case-insensitive byte comparison is exact and
/// slicing stays on char boundaries.
fn strip_unit<'a>(text: &'a str, units: &[&str]) -> &'a str {
    for unit in units {
        if let Some(rest) = text.strip_prefix('¥').filter(|_| *unit == "¥") {
            return rest.trim_start();
        }
        let Some(cut) = text.len().checked_sub(unit.len()) else {
            continue;
        };
        if text.is_char_boundary(cut) && text[cut..].eq_ignore_ascii_case(unit) {
            return text[..cut].trim_end();
        }
    }
    text
}

/// `1,200` → `1200`; `12,00` → None. No separators → as is.
fn without_thousand_separators(text: &str) -> Option<String> {
    let mut groups = text.split(',');
    let head = groups.next()?;
    let tail: Vec<&str> = groups.collect();
    if tail.is_empty() {
        return Some(head.to_owned());
    }
    let well_formed = (1..=3).contains(&head.len()) && tail.iter().all(|g| g.len() == 3);
    well_formed.then(|| std::iter::once(head).chain(tail).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hours_are_read_as_people_type_them_in_whole_minutes() {
        for (typed, minutes) in [
            ("2", 120),
            ("1.5", 90),
            ("１．５", 90),
            (" 0.25時間 ", 15),
            ("1.5h", 90),
            (".5", 30),
            ("0.333", 20),
            ("2.0", 120),
            ("0", 0),
            ("10000", 600_000),
        ] {
            assert_eq!(parse_hours_as_minutes(typed), Ok(minutes), "{typed}");
        }
        for typed in ["", "  "] {
            assert_eq!(parse_hours_as_minutes(typed), Err(NumberProblem::Empty));
        }
        for typed in [
            "-1",
            "1e2",
            "1,5",
            "1.",
            "1.2.3",
            ".",
            "abc",
            "一時間",
            "1 .5",
        ] {
            assert_eq!(
                parse_hours_as_minutes(typed),
                Err(NumberProblem::NotANumber),
                "{typed}"
            );
        }
        for typed in ["10001", "99999999999999"] {
            assert_eq!(parse_hours_as_minutes(typed), Err(NumberProblem::TooLarge));
        }
    }

    #[test]
    fn full_width_digits_spaces_and_latin_fold() {
        assert_eq!(normalize_line("　ＡＢＣ　１０ 　 件\t"), "ABC 10 件");
        assert_eq!(normalize_line("ﾃﾞｰﾀ入力"), "データ入力");
    }

    #[test]
    fn multiline_keeps_inner_layout_and_symbols() {
        let raw = "\r\n  ① 記帳\r\n\r\n\tレシート整理   \n\n";
        assert_eq!(normalize_multiline(raw), "  ① 記帳\n\n\tレシート整理");
    }

    #[test]
    fn lengths_are_counted_in_characters() {
        assert_eq!(single_line("あいう", 3), Ok("あいう".to_owned()));
        assert_eq!(
            single_line("あいうえ", 3),
            Err(TextProblem::TooLong { max_chars: 3 })
        );
    }

    #[test]
    fn control_characters_are_refused() {
        assert_eq!(
            single_line("a\u{0}b", 10),
            Err(TextProblem::ControlCharacter)
        );
        assert_eq!(
            single_line("evil\u{202e}fdp.exe", 40),
            Err(TextProblem::ControlCharacter)
        );
        assert_eq!(
            multi_line("a\u{7}b", 10),
            Err(TextProblem::ControlCharacter)
        );
        assert_eq!(single_line("a\nb", 10), Ok("a b".to_owned()));
        assert_eq!(multi_line("a\n\tb", 10), Ok("a\n\tb".to_owned()));
        assert_eq!(single_line(" 　\n", 10), Err(TextProblem::Empty));
    }

    #[test]
    fn numbers_as_people_type_them() {
        assert_eq!(parse_whole_number("１０", &[]), Ok(10));
        assert_eq!(parse_whole_number(" 10 ", &[]), Ok(10));
        assert_eq!(parse_whole_number("１０時間", HOUR_UNITS), Ok(10));
        assert_eq!(parse_whole_number("10 h", HOUR_UNITS), Ok(10));
        assert_eq!(parse_whole_number("1,200円", YEN_UNITS), Ok(1200));
        assert_eq!(parse_whole_number("￥１，２００", YEN_UNITS), Ok(1200));
        assert_eq!(
            parse_whole_number("10時間", &[]),
            Err(NumberProblem::NotANumber)
        );
        assert_eq!(
            parse_whole_number("1.5", HOUR_UNITS),
            Err(NumberProblem::NotANumber)
        );
        assert_eq!(
            parse_whole_number("-3", &[]),
            Err(NumberProblem::NotANumber)
        );
        assert_eq!(
            parse_whole_number("12,00", &[]),
            Err(NumberProblem::NotANumber)
        );
        assert_eq!(
            parse_whole_number("円", YEN_UNITS),
            Err(NumberProblem::NotANumber)
        );
        assert_eq!(parse_whole_number("", &[]), Err(NumberProblem::Empty));
        assert_eq!(
            parse_whole_number("99999999999", &[]),
            Err(NumberProblem::TooLarge)
        );
    }

    proptest! {
        #[test]
        fn normalize_line_is_idempotent(s in any::<String>()) {
            let once = normalize_line(&s);
            prop_assert_eq!(normalize_line(&once), once);
        }

        #[test]
        fn normalize_multiline_is_idempotent(s in any::<String>()) {
            let once = normalize_multiline(&s);
            prop_assert_eq!(normalize_multiline(&once), once);
        }

        #[test]
        fn japanese_like_text_is_idempotent(s in "[ 　\\t\\r\\nａ-ｚ０-９ｱ-ﾝﾞﾟあ-んア-ン¨´]{0,40}") {
            let line = normalize_line(&s);
            prop_assert_eq!(normalize_line(&line), line.clone());
            let multi = normalize_multiline(&s);
            prop_assert_eq!(normalize_multiline(&multi), multi);
        }

        #[test]
        fn number_parsing_never_panics(s in any::<String>()) {
            let _ = parse_whole_number(&s, YEN_UNITS);
            let _ = parse_whole_number(&s, HOUR_UNITS);
        }
    }
}
