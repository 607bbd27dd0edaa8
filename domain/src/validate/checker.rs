//! The collector the validators share: each check records its error and returns `None`, so a
//! validator runs every check and reports everything at once.
//!
//! Invariant: a check returns `None` only after recording an error. So once all checks ran, a
//! validator may destructure its `Option`s and, if any is `None`, return the recorded errors.

use chrono::NaiveDate;

use super::{ErrorCode, FieldError, Raw, ValidationContext, ValidationErrors};
use crate::model::{
    DayKind, DayPart, FamilyId, Level, Localized, MunicipalityId, TaskKindId, TimeWindows,
};
use crate::text::{self, NumberProblem, TextProblem};

/// A field's name in plain words, as the person filling in the form sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Label<'a> {
    pub ja: &'a str,
    pub en: &'a str,
}

pub(crate) const fn label<'a>(ja: &'a str, en: &'a str) -> Label<'a> {
    Label { ja, en }
}

/// Most items one list field may hold: a guard against huge payloads, far above real use.
pub(crate) const MAX_LIST: usize = 100;

#[derive(Debug, Default)]
pub(crate) struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    pub fn push(&mut self, field: &str, code: ErrorCode, ja: String, en: String) {
        self.errors.push(FieldError {
            field: field.to_owned(),
            code,
            message: Localized { ja, en },
        });
    }

    pub fn required(&mut self, field: &str, l: Label<'_>) {
        self.push(
            field,
            ErrorCode::Required,
            format!("「{}」を入力してください。", l.ja),
            format!("Please fill in {}.", l.en),
        );
    }

    fn text_problem(&mut self, field: &str, l: Label<'_>, p: TextProblem) {
        match p {
            TextProblem::Empty => self.required(field, l),
            TextProblem::TooLong { max_chars } => self.push(
                field,
                ErrorCode::TooLong,
                format!("「{}」は{max_chars}文字以内にしてください。", l.ja),
                format!("{} can be at most {max_chars} characters.", capital(l.en)),
            ),
            TextProblem::ControlCharacter => self.push(
                field,
                ErrorCode::InvalidCharacters,
                format!("「{}」に使えない文字が入っています。", l.ja),
                format!("{} contains characters that cannot be used.", capital(l.en)),
            ),
        }
    }

    /// A required single-line text.
    pub fn line(&mut self, field: &str, l: Label<'_>, raw: &Raw, max: usize) -> Option<String> {
        text::single_line(raw.as_str(), max)
            .map_err(|p| self.text_problem(field, l, p))
            .ok()
    }

    /// An optional single-line text: `Some(None)` when blank.
    pub fn optional_line(
        &mut self,
        field: &str,
        l: Label<'_>,
        raw: &Raw,
        max: usize,
    ) -> Option<Option<String>> {
        if raw.is_blank() {
            return Some(None);
        }
        self.line(field, l, raw, max).map(Some)
    }

    /// A required free text.
    pub fn text(&mut self, field: &str, l: Label<'_>, raw: &Raw, max: usize) -> Option<String> {
        text::multi_line(raw.as_str(), max)
            .map_err(|p| self.text_problem(field, l, p))
            .ok()
    }

    /// An optional free text: empty string when blank.
    pub fn optional_text(
        &mut self,
        field: &str,
        l: Label<'_>,
        raw: &Raw,
        max: usize,
    ) -> Option<String> {
        if text::normalize_multiline(raw.as_str()).is_empty() {
            return Some(String::new());
        }
        self.text(field, l, raw, max)
    }

    /// A required whole number in `range`, typed with one of `units` or none.
    pub fn number(
        &mut self,
        field: &str,
        l: Label<'_>,
        raw: &Raw,
        units: &[&str],
        range: std::ops::RangeInclusive<u32>,
    ) -> Option<u32> {
        let n = match text::parse_whole_number(raw.as_str(), units) {
            Ok(n) => n,
            Err(NumberProblem::Empty) => {
                self.required(field, l);
                return None;
            }
            Err(NumberProblem::NotANumber) => {
                self.push(
                    field,
                    ErrorCode::NotANumber,
                    format!("「{}」は数字で入力してください。", l.ja),
                    format!("Please enter {} as a whole number.", l.en),
                );
                return None;
            }
            Err(NumberProblem::TooLarge) => u32::MAX,
        };
        if range.contains(&n) {
            return Some(n);
        }
        self.push(
            field,
            ErrorCode::OutOfRange,
            format!(
                "「{}」は{}から{}までの数で入力してください。",
                l.ja,
                range.start(),
                range.end()
            ),
            format!(
                "{} must be from {} to {}.",
                capital(l.en),
                range.start(),
                range.end()
            ),
        );
        None
    }

    /// An optional whole number: `Some(None)` when blank.
    pub fn optional_number(
        &mut self,
        field: &str,
        l: Label<'_>,
        raw: &Raw,
        units: &[&str],
        range: std::ops::RangeInclusive<u32>,
    ) -> Option<Option<u32>> {
        if raw.is_blank() {
            return Some(None);
        }
        self.number(field, l, raw, units, range).map(Some)
    }

    /// One of fixed options, by code (case-insensitive after normalisation) or by any alias.
    pub fn choice<T: Copy>(
        &mut self,
        field: &str,
        l: Label<'_>,
        raw: &Raw,
        options: &[(&str, T)],
    ) -> Option<T> {
        // Codes are ASCII once NFKC has folded full-width letters (`Ｍｏｒｎｉｎｇ`), and aliases
        // are words without case: ASCII folding is enough, and keeps Unicode's case tables (~8 KB
        // brotli) out of every page that validates a form.
        let key = text::normalize_line(raw.as_str()).to_ascii_lowercase();
        if key.is_empty() {
            self.push(
                field,
                ErrorCode::Required,
                format!("「{}」を選んでください。", l.ja),
                format!("Please choose {}.", l.en),
            );
            return None;
        }
        let found = options
            .iter()
            .find(|(name, _)| *name == key)
            .map(|&(_, v)| v);
        if found.is_none() {
            self.invalid_choice(field, l);
        }
        found
    }

    pub fn invalid_choice(&mut self, field: &str, l: Label<'_>) {
        self.push(
            field,
            ErrorCode::InvalidChoice,
            format!("「{}」は選択肢の中から選んでください。", l.ja),
            format!("Please choose {} from the options.", l.en),
        );
    }

    /// A yes/no: blank is no (an unticked checkbox is not sent at all).
    pub fn flag(&mut self, field: &str, l: Label<'_>, raw: &Raw) -> Option<bool> {
        if raw.is_blank() {
            return Some(false);
        }
        const YES_NO: &[(&str, bool)] = &[
            ("true", true),
            ("1", true),
            ("on", true),
            ("yes", true),
            ("はい", true),
            ("false", false),
            ("0", false),
            ("off", false),
            ("no", false),
            ("いいえ", false),
        ];
        self.choice(field, l, raw, YES_NO)
    }

    /// A date as `2026-04-01`, `2026/4/1` or `2026年4月1日`.
    pub fn date(&mut self, field: &str, l: Label<'_>, raw: &Raw) -> Option<NaiveDate> {
        let text = text::normalize_line(raw.as_str());
        if text.is_empty() {
            self.required(field, l);
            return None;
        }
        let parsed = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(&text, f).ok());
        if parsed.is_none() {
            self.push(
                field,
                ErrorCode::InvalidDate,
                format!("「{}」は 2026-04-01 のような日付で入力してください。", l.ja),
                format!("Please enter {} as a date like 2026-04-01.", l.en),
            );
        }
        parsed
    }

    /// A list field's length: refuses empty lists when `required`, and over-long lists.
    pub fn list_len<T>(
        &mut self,
        field: &str,
        l: Label<'_>,
        items: &[T],
        required: bool,
        max: usize,
    ) -> bool {
        if required && items.is_empty() {
            self.push(
                field,
                ErrorCode::Required,
                format!("「{}」を1つ以上選んでください。", l.ja),
                format!("Please choose {} (at least one).", l.en),
            );
            return false;
        }
        if items.len() > max {
            self.push(
                field,
                ErrorCode::TooMany,
                format!("「{}」は{max}個までにしてください。", l.ja),
                format!("Too many entries for {}: at most {max}.", l.en),
            );
            return false;
        }
        true
    }

    pub fn duplicate(&mut self, field: &str, l: Label<'_>) {
        self.push(
            field,
            ErrorCode::Duplicate,
            format!("「{}」が重なっています。", l.ja),
            format!("This {} is listed twice.", l.en),
        );
    }

    /// A task kind of the shared vocabulary.
    pub fn task(
        &mut self,
        field: &str,
        raw: &Raw,
        ctx: &ValidationContext<'_>,
    ) -> Option<TaskKindId> {
        let id = text::normalize_line(raw.as_str());
        if id.is_empty() {
            self.required(field, label("仕事の種類", "the kind of task"));
            return None;
        }
        let found = ctx.taxonomy.task(&id).map(|t| t.id.clone());
        if found.is_none() {
            self.push(
                field,
                ErrorCode::UnknownTask,
                "この仕事の種類は一覧にありません。一覧から選んでください。".to_owned(),
                "This kind of task is not in the list. Please choose from the list.".to_owned(),
            );
        }
        found
    }

    /// A skill family of the shared vocabulary.
    pub fn family(
        &mut self,
        field: &str,
        raw: &Raw,
        ctx: &ValidationContext<'_>,
    ) -> Option<FamilyId> {
        let id = text::normalize_line(raw.as_str());
        let found = ctx.taxonomy.family(&id).map(|f| f.id.clone());
        if found.is_none() {
            self.push(
                field,
                ErrorCode::UnknownFamily,
                "この分野は一覧にありません。一覧から選んでください。".to_owned(),
                "This field of work is not in the list. Please choose from the list.".to_owned(),
            );
        }
        found
    }

    /// A level by its code, its number (1–3) or its Japanese label.
    pub fn level(&mut self, field: &str, raw: &Raw) -> Option<Level> {
        const LEVELS: &[(&str, Level)] = &[
            ("beginner", Level::Beginner),
            ("experienced", Level::Experienced),
            ("can_teach", Level::CanTeach),
            ("1", Level::Beginner),
            ("2", Level::Experienced),
            ("3", Level::CanTeach),
            ("はじめて", Level::Beginner),
            ("経験あり", Level::Experienced),
            ("人に教えられる", Level::CanTeach),
        ];
        self.choice(field, label("できる程度", "the level"), raw, LEVELS)
    }

    /// A municipality of the context's region, by id.
    pub fn municipality(
        &mut self,
        field: &str,
        l: Label<'_>,
        raw: &Raw,
        ctx: &ValidationContext<'_>,
    ) -> Option<MunicipalityId> {
        let id = text::normalize_line(raw.as_str());
        if id.is_empty() {
            self.required(field, l);
            return None;
        }
        let found = ctx
            .region
            .municipalities
            .iter()
            .find(|m| m.id.as_str() == id)
            .map(|m| m.id.clone());
        if found.is_none() {
            self.push(
                field,
                ErrorCode::UnknownMunicipality,
                format!("「{}」に選んだ市町村は、この地域にありません。", l.ja),
                format!(
                    "The municipality chosen for {} is not in this region.",
                    l.en
                ),
            );
        }
        found
    }

    /// Time windows as slot names like `weekday_morning`; at least one.
    pub fn windows(&mut self, field: &str, l: Label<'_>, raw: &[Raw]) -> Option<TimeWindows> {
        if !self.list_len(field, l, raw, true, MAX_LIST) {
            return None;
        }
        let mut windows = TimeWindows::NONE;
        let mut ok = true;
        for (i, slot) in raw.iter().enumerate() {
            match parse_slot(&text::normalize_line(slot.as_str()).to_ascii_lowercase()) {
                Some((day, part)) => windows = windows.with(day, part),
                None => {
                    self.invalid_choice(&format!("{field}[{i}]"), l);
                    ok = false;
                }
            }
        }
        ok.then_some(windows)
    }

    pub fn into_result<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(ValidationErrors(self.errors))
        }
    }

    /// The errors recorded so far; call when a check returned `None`.
    pub fn into_errors(self) -> ValidationErrors {
        debug_assert!(
            !self.errors.is_empty(),
            "a check failed without recording an error"
        );
        ValidationErrors(self.errors)
    }
}

/// `weekday_morning` … `weekend_night`.
pub(crate) fn parse_slot(name: &str) -> Option<(DayKind, DayPart)> {
    let (day, part) = name.split_once('_')?;
    let day = match day {
        "weekday" => DayKind::Weekday,
        "weekend" => DayKind::Weekend,
        _ => return None,
    };
    let part = match part {
        "morning" => DayPart::Morning,
        "daytime" => DayPart::Daytime,
        "evening" => DayPart::Evening,
        "night" => DayPart::Night,
        _ => return None,
    };
    Some((day, part))
}

/// English labels are written lower-case to sit mid-sentence; capitalise at a sentence start
/// (they are ASCII words: no Unicode case table needed).
pub(crate) fn capital(s: &str) -> String {
    let mut out = s.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_folds_full_width_and_upper_case_codes_and_keeps_japanese_aliases() {
        let mut c = Checker::default();
        for typed in [
            "Experienced",
            "ＥＸＰＥＲＩＥＮＣＥＤ",
            " experienced ",
            "経験あり",
            "２",
        ] {
            assert_eq!(
                c.level("level", &Raw(typed.into())),
                Some(Level::Experienced),
                "{typed}"
            );
        }
        assert_eq!(c.level("level", &Raw("Éxperienced".into())), None);
        assert_eq!(capital("the level"), "The level");
        assert_eq!(
            capital("éte"),
            "éte",
            "a non-ASCII first letter is left as it is"
        );
        assert_eq!(capital(""), "");
    }
}
