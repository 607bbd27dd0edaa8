//! A municipality's program: a course (講座), a support scheme (支援制度) or a coworking place.

use serde::{Deserialize, Serialize};

use super::checker::{Checker, MAX_LIST, label};
use super::{ErrorCode, Raw, ValidationContext, ValidationErrors};
use crate::model::{
    Localized, MunicipalityId, Program, ProgramId, ProgramKind, Region, TaskKindId,
};
use crate::text::normalize_line;

pub const MAX_PROGRAM_NAME: usize = 80;
pub const MAX_PROGRAM_DESCRIPTION: usize = 4000;
pub const MAX_CAPACITY: u32 = 1000;
pub const MAX_SHORT_TEXT: usize = 200;
pub const MAX_URL: usize = 500;

/// All fields of all kinds, flat as a form sends them; only the chosen kind's fields are checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgramInput {
    pub name_ja: Raw,
    /// Optional: the Japanese name is shown to English readers when missing.
    pub name_en: Raw,
    pub description_ja: Raw,
    pub description_en: Raw,
    pub municipality: Raw,
    /// `course`, `support_scheme` or `coworking`.
    pub kind: Raw,
    // course
    #[serde(deserialize_with = "super::loose_list")]
    pub certifies: Vec<Raw>,
    pub starts_on: Raw,
    pub ends_on: Raw,
    pub online: Raw,
    pub place: Raw,
    pub capacity: Raw,
    // support scheme
    pub for_whom: Raw,
    pub link: Raw,
    // coworking
    pub address: Raw,
    pub open_hours: Raw,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidProgram {
    pub municipality_id: MunicipalityId,
    pub name: Localized,
    pub description: Localized,
    pub kind: ProgramKind,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Course,
    SupportScheme,
    Coworking,
}

impl ProgramInput {
    pub fn validate(&self, ctx: &ValidationContext<'_>) -> Result<ValidProgram, ValidationErrors> {
        let mut c = Checker::default();
        let name_ja = c.line(
            "name_ja",
            label("名前（日本語）", "the name in Japanese"),
            &self.name_ja,
            MAX_PROGRAM_NAME,
        );
        let name_en = c.optional_line(
            "name_en",
            label("名前（英語）", "the name in English"),
            &self.name_en,
            MAX_PROGRAM_NAME,
        );
        let desc_ja = c.text(
            "description_ja",
            label("説明（日本語）", "the description in Japanese"),
            &self.description_ja,
            MAX_PROGRAM_DESCRIPTION,
        );
        let desc_en = c.optional_text(
            "description_en",
            label("説明（英語）", "the description in English"),
            &self.description_en,
            MAX_PROGRAM_DESCRIPTION,
        );
        let municipality = c.municipality(
            "municipality",
            label("実施する市町村", "the municipality"),
            &self.municipality,
            ctx,
        );
        let kinds = [
            ("course", Kind::Course),
            ("support_scheme", Kind::SupportScheme),
            ("coworking", Kind::Coworking),
        ];
        let kind = match c.choice(
            "kind",
            label("種類", "the kind of program"),
            &self.kind,
            &kinds,
        ) {
            Some(Kind::Course) => self.course(&mut c, ctx),
            Some(Kind::SupportScheme) => self.support_scheme(&mut c),
            Some(Kind::Coworking) => self.coworking(&mut c),
            None => None,
        };
        let (
            Some(name_ja),
            Some(name_en),
            Some(desc_ja),
            Some(desc_en),
            Some(municipality_id),
            Some(kind),
        ) = (name_ja, name_en, desc_ja, desc_en, municipality, kind)
        else {
            return Err(c.into_errors());
        };
        let desc_en = if desc_en.is_empty() {
            desc_ja.clone()
        } else {
            desc_en
        };
        c.into_result(ValidProgram {
            municipality_id,
            name: Localized::new(name_ja.clone(), name_en.unwrap_or(name_ja)),
            description: Localized::new(desc_ja, desc_en),
            kind,
        })
    }

    fn course(&self, c: &mut Checker, ctx: &ValidationContext<'_>) -> Option<ProgramKind> {
        let certifies = certified_tasks(c, &self.certifies, ctx);
        let starts_on = c.date(
            "starts_on",
            label("開始日", "the start date"),
            &self.starts_on,
        );
        let ends_on = c.date("ends_on", label("終了日", "the end date"), &self.ends_on);
        let online = c.flag(
            "online",
            label("オンラインかどうか", "online or not"),
            &self.online,
        );
        let place = c.optional_line(
            "place",
            label("会場", "the venue"),
            &self.place,
            MAX_SHORT_TEXT,
        );
        let capacity = c.number(
            "capacity",
            label("定員", "the number of places"),
            &self.capacity,
            &["人", "名"],
            1..=MAX_CAPACITY,
        );
        let (
            Some(certifies),
            Some(starts_on),
            Some(ends_on),
            Some(online),
            Some(place),
            Some(capacity),
        ) = (certifies, starts_on, ends_on, online, place, capacity)
        else {
            return None;
        };
        if starts_on > ends_on {
            c.push(
                "ends_on",
                ErrorCode::DateOrder,
                "終了日が開始日より前になっています。".to_owned(),
                "The end date is before the start date.".to_owned(),
            );
        }
        if !online && place.is_none() {
            c.required(
                "place",
                label(
                    "会場（オンラインでない場合）",
                    "the venue (for courses not online)",
                ),
            );
            return None;
        }
        Some(ProgramKind::Course {
            certifies,
            starts_on,
            ends_on,
            online,
            place,
            capacity,
        })
    }

    fn support_scheme(&self, c: &mut Checker) -> Option<ProgramKind> {
        let for_whom = c.line(
            "for_whom",
            label("対象となる人", "who it is for"),
            &self.for_whom,
            MAX_SHORT_TEXT,
        );
        let link = link(c, &self.link);
        Some(ProgramKind::SupportScheme {
            for_whom: for_whom?,
            link: link?,
        })
    }

    fn coworking(&self, c: &mut Checker) -> Option<ProgramKind> {
        let address = c.line(
            "address",
            label("住所", "the address"),
            &self.address,
            MAX_SHORT_TEXT,
        );
        let open_hours = c.line(
            "open_hours",
            label("開いている時間", "the opening hours"),
            &self.open_hours,
            MAX_SHORT_TEXT,
        );
        Some(ProgramKind::Coworking {
            address: address?,
            open_hours: open_hours?,
        })
    }
}

fn certified_tasks(
    c: &mut Checker,
    raw: &[Raw],
    ctx: &ValidationContext<'_>,
) -> Option<Vec<TaskKindId>> {
    if !c.list_len(
        "certifies",
        label("修了で確認できる仕事", "the tasks the course certifies"),
        raw,
        true,
        MAX_LIST,
    ) {
        return None;
    }
    let mut out: Vec<TaskKindId> = Vec::new();
    let mut ok = true;
    for (i, r) in raw.iter().enumerate() {
        let field = format!("certifies[{i}]");
        match c.task(&field, r, ctx) {
            Some(t) if out.contains(&t) => {
                c.duplicate(&field, label("仕事の種類", "task"));
                ok = false;
            }
            Some(t) => out.push(t),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// Only web links: a `javascript:` or `file:` link shown to residents would be a trap.
fn link(c: &mut Checker, raw: &Raw) -> Option<Option<String>> {
    let url = normalize_line(raw.as_str());
    if url.is_empty() {
        return Some(None);
    }
    let lower = url.to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() <= MAX_URL
        && !url.contains(' ')
        && url.split("://").nth(1).is_some_and(|rest| !rest.is_empty());
    if !ok {
        c.push(
            "link",
            ErrorCode::InvalidUrl,
            "リンクは https:// で始まるアドレスを入力してください。".to_owned(),
            "Please enter a link starting with https://.".to_owned(),
        );
    }
    ok.then_some(Some(url))
}

impl ValidProgram {
    pub fn into_program(self, id: ProgramId, region: &Region) -> Program {
        Program {
            id,
            region_id: region.id.clone(),
            municipality_id: self.municipality_id,
            name: self.name,
            description: self.description,
            kind: self.kind,
            // Set apart from the form (`domain::trust::SecurityCourseFlag`).
            security_course: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::test_support::{ctx_fixture, region};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn course() -> ProgramInput {
        ProgramInput {
            name_ja: "はじめての記帳講座".into(),
            description_ja: "全6回で記帳の基本を学びます。".into(),
            municipality: "m1".into(),
            kind: "course".into(),
            certifies: vec!["accounting.bookkeeping".into()],
            starts_on: "2026/4/1".into(),
            ends_on: "2026年5月13日".into(),
            online: "true".into(),
            capacity: "２０人".into(),
            ..ProgramInput::default()
        }
    }

    #[test]
    fn a_course_is_accepted_and_english_falls_back_to_japanese() {
        let (tax, reg) = ctx_fixture();
        let v = course()
            .validate(&ValidationContext::new(tax, &reg))
            .expect("valid");
        assert_eq!(
            v.name,
            Localized::new("はじめての記帳講座", "はじめての記帳講座")
        );
        let ProgramKind::Course {
            starts_on,
            ends_on,
            capacity,
            ..
        } = &v.kind
        else {
            panic!("course")
        };
        assert_eq!(
            *starts_on,
            NaiveDate::from_ymd_opt(2026, 4, 1).expect("date")
        );
        assert_eq!(
            *ends_on,
            NaiveDate::from_ymd_opt(2026, 5, 13).expect("date")
        );
        assert_eq!(*capacity, 20);
        let p = v.into_program(ProgramId::from("p1"), &region());
        assert_eq!(p.municipality_id.as_str(), "m1");
    }

    #[test]
    fn course_dates_must_be_in_order_and_venues_given() {
        let (tax, reg) = ctx_fixture();
        let input = ProgramInput {
            starts_on: "2026-06-01".into(),
            online: "false".into(),
            certifies: vec!["nope".into()],
            ..course()
        };
        let e = input
            .validate(&ValidationContext::new(tax, &reg))
            .expect_err("invalid");
        assert!(e.has("certifies[0]", ErrorCode::UnknownTask), "{e}");
        let input = ProgramInput {
            starts_on: "2026-06-01".into(),
            online: "false".into(),
            ..course()
        };
        let e = input
            .validate(&ValidationContext::new(tax, &reg))
            .expect_err("invalid");
        assert!(
            e.has("ends_on", ErrorCode::DateOrder) && e.has("place", ErrorCode::Required),
            "{e}"
        );
        let input = ProgramInput {
            starts_on: "4月1日".into(),
            ..course()
        };
        let e = input
            .validate(&ValidationContext::new(tax, &reg))
            .expect_err("invalid");
        assert!(e.has("starts_on", ErrorCode::InvalidDate));
    }

    #[test]
    fn schemes_and_coworking_check_only_their_fields() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let scheme = ProgramInput {
            kind: "support_scheme".into(),
            for_whom: "子育て中の方".into(),
            link: "javascript:alert(1)".into(),
            ..course()
        };
        let e = scheme.validate(&ctx).expect_err("bad link");
        assert_eq!(e.fields().collect::<Vec<_>>(), vec!["link"]);
        let cowork = ProgramInput {
            kind: "coworking".into(),
            address: "阿蘇市1-2".into(),
            open_hours: "9:00-17:00".into(),
            certifies: vec![],
            ..course()
        };
        assert!(cowork.validate(&ctx).is_ok());
    }

    proptest! {
        #[test]
        fn never_panics(a in any::<String>(), b in any::<String>(), k in "course|support_scheme|coworking|.*") {
            let (tax, reg) = ctx_fixture();
            let input = ProgramInput { kind: Raw(k), starts_on: Raw(a.clone()), ends_on: Raw(b.clone()), link: Raw(a.clone()), capacity: Raw(b), place: Raw(a), ..course() };
            let _ = input.validate(&ValidationContext::new(tax, &reg));
        }
    }
}
