//! A resident's profile: where they live (or 関係人口), what they can do, when, and what they wish.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::checker::{Checker, MAX_LIST, label};
use super::{ErrorCode, Raw, ValidationContext, ValidationErrors};
use crate::model::{
    Devices, FamilyId, Level, MunicipalityId, Region, Residency, Resident, ResidentId, SkillClaim,
    TaskKindId, TimeWindows, TrackRecord, Wishes,
};
use crate::text::{HOUR_UNITS, YEN_UNITS};

/// Most hours a week a person may offer: more is a typing mistake or unhealthy work.
pub const MAX_HOURS_PER_PERSON: u32 = 60;
/// Highest "lowest acceptable pay" a resident may state; more is a typing mistake.
pub const MAX_WISHED_HOURLY_YEN: u32 = 10_000;
pub const MAX_DISPLAY_NAME: usize = 40;
/// The value of `lives_in` for 関係人口 (helping from outside the region).
pub const RELATED: &str = "related";

/// A task with a level, as a form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SkillInput {
    pub task: Raw,
    /// `beginner` / `experienced` / `can_teach`, 1–3, or the Japanese label.
    pub level: Raw,
}

impl SkillInput {
    /// A form's (task, level) rows as skill inputs.
    pub fn rows(rows: Vec<(String, String)>) -> Vec<SkillInput> {
        rows.into_iter()
            .map(|(task, level)| SkillInput {
                task: Raw(task),
                level: Raw(level),
            })
            .collect()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WishesInput {
    #[serde(deserialize_with = "super::loose_list")]
    pub families: Vec<Raw>,
    /// Lowest hourly pay accepted, in yen; blank for none.
    pub min_hourly_yen: Raw,
    pub team_ok: Raw,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResidentInput {
    pub display_name: Raw,
    /// Optional: a Japanese phone number as people write it (`090-1234-5678`, `+81 90 …`).
    pub phone: Raw,
    /// A municipality id of the region, or `related` for 関係人口.
    pub lives_in: Raw,
    #[serde(deserialize_with = "super::loose_list")]
    pub skills: Vec<SkillInput>,
    pub hours_per_week: Raw,
    /// Slot names: `weekday_morning`, `weekend_evening`, …
    #[serde(deserialize_with = "super::loose_list")]
    pub windows: Vec<Raw>,
    /// `pc` or `smartphone_only`.
    pub devices: Raw,
    pub wishes: WishesInput,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidResident {
    pub display_name: String,
    pub phone: Option<String>,
    pub residency: Residency,
    pub municipality_id: Option<MunicipalityId>,
    pub skills: Vec<(TaskKindId, Level)>,
    pub hours_per_week: u32,
    pub windows: TimeWindows,
    pub devices: Devices,
    pub wishes: Wishes,
}

impl ResidentInput {
    pub fn validate(&self, ctx: &ValidationContext<'_>) -> Result<ValidResident, ValidationErrors> {
        let mut c = Checker::default();
        let name = c.line(
            "display_name",
            label("お名前（表示名）", "your name"),
            &self.display_name,
            MAX_DISPLAY_NAME,
        );
        let phone = phone(&mut c, &self.phone);
        let lives_in = lives_in(&mut c, &self.lives_in, ctx);
        let skills = skills(&mut c, "skills", &self.skills, ctx);
        let hours = c.number(
            "hours_per_week",
            label("1週間に働ける時間", "hours a week"),
            &self.hours_per_week,
            HOUR_UNITS,
            1..=MAX_HOURS_PER_PERSON,
        );
        let windows = c.windows(
            "windows",
            label("働ける時間帯", "the times you can work"),
            &self.windows,
        );
        const DEVICES: &[(&str, Devices)] = &[
            ("pc", Devices::Pc),
            ("smartphone_only", Devices::SmartphoneOnly),
        ];
        let devices = c.choice(
            "devices",
            label("使える機器", "your device"),
            &self.devices,
            DEVICES,
        );
        let wishes = wishes(&mut c, &self.wishes, ctx);
        let (
            Some(display_name),
            Some((residency, municipality_id)),
            Some(skills),
            Some(hours_per_week),
            Some(windows),
            Some(devices),
            Some(wishes),
            Some(phone),
        ) = (
            name, lives_in, skills, hours, windows, devices, wishes, phone,
        )
        else {
            return Err(c.into_errors());
        };
        c.into_result(ValidResident {
            display_name,
            phone,
            residency,
            municipality_id,
            skills,
            hours_per_week,
            windows,
            devices,
            wishes,
        })
    }
}

/// The optional phone: blank is none; anything else must be a Japanese number.
fn phone(c: &mut Checker, raw: &Raw) -> Option<Option<String>> {
    let text = crate::text::normalize_line(raw.as_str());
    if text.is_empty() {
        return Some(None);
    }
    match super::enrolment::japanese_phone(&text) {
        Some(p) => Some(Some(p)),
        None => {
            let shown: String = text.chars().take(20).collect();
            c.push(
                "phone",
                ErrorCode::InvalidPhone,
                format!(
                    "電話番号「{shown}」の形が正しくありません。090-1234-5678 のように、数字10けたか11けたで入力してください。空にしておくこともできます。"
                ),
                format!(
                    "The phone number \"{shown}\" does not look right. Please write 10 or 11 digits, like 090-1234-5678, or leave it empty."
                ),
            );
            None
        }
    }
}

fn lives_in(
    c: &mut Checker,
    raw: &Raw,
    ctx: &ValidationContext<'_>,
) -> Option<(Residency, Option<MunicipalityId>)> {
    let l = label("住んでいる市町村", "where you live");
    let key = crate::text::normalize_line(raw.as_str());
    if key == RELATED || key == "関係人口" {
        return Some((Residency::Related, None));
    }
    // One taps a choice here: the message says "choose", not "fill in".
    if key.is_empty() {
        c.push(
            "lives_in",
            ErrorCode::Required,
            format!("「{}」を選んでください。", l.ja),
            format!("Please choose {}.", l.en),
        );
        return None;
    }
    c.municipality("lives_in", l, raw, ctx)
        .map(|m| (Residency::Local, Some(m)))
}

/// Tasks with levels; unknown tasks and the same task twice are refused.
pub(crate) fn skills(
    c: &mut Checker,
    field: &str,
    raw: &[SkillInput],
    ctx: &ValidationContext<'_>,
) -> Option<Vec<(TaskKindId, Level)>> {
    if !c.list_len(field, label("できること", "skills"), raw, false, MAX_LIST) {
        return None;
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut ok = true;
    for (i, s) in raw.iter().enumerate() {
        let task_field = format!("{field}[{i}].task");
        let task = c.task(&task_field, &s.task, ctx);
        let level = c.level(&format!("{field}[{i}].level"), &s.level);
        match (task, level) {
            (Some(t), Some(_)) if out.iter().any(|(seen, _)| *seen == t) => {
                c.duplicate(&task_field, label("仕事の種類", "task"));
                ok = false;
            }
            (Some(t), Some(l)) => out.push((t, l)),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn wishes(c: &mut Checker, raw: &WishesInput, ctx: &ValidationContext<'_>) -> Option<Wishes> {
    let families = families(c, &raw.families, ctx);
    let min_pay = c.optional_number(
        "wishes.min_hourly_yen",
        label("希望する最低の時給", "the lowest hourly pay you accept"),
        &raw.min_hourly_yen,
        YEN_UNITS,
        1..=MAX_WISHED_HOURLY_YEN,
    );
    let team_ok = c.flag(
        "wishes.team_ok",
        label("チームで働くこと", "working in a team"),
        &raw.team_ok,
    );
    Some(Wishes {
        families: families?,
        min_hourly_yen: min_pay?,
        team_ok: team_ok?,
    })
}

fn families(c: &mut Checker, raw: &[Raw], ctx: &ValidationContext<'_>) -> Option<Vec<FamilyId>> {
    if !c.list_len(
        "wishes.families",
        label("やってみたい分野", "fields of work"),
        raw,
        false,
        MAX_LIST,
    ) {
        return None;
    }
    let mut out: Vec<FamilyId> = Vec::new();
    let mut ok = true;
    for (i, f) in raw.iter().enumerate() {
        let field = format!("wishes.families[{i}]");
        match c.family(&field, f, ctx) {
            Some(id) if out.contains(&id) => {
                c.duplicate(&field, label("分野", "field of work"));
                ok = false;
            }
            Some(id) => out.push(id),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

impl ValidResident {
    pub fn into_resident(self, id: ResidentId, region: &Region, now: DateTime<Utc>) -> Resident {
        Resident {
            id,
            region_id: region.id.clone(),
            municipality_id: self.municipality_id,
            residency: self.residency,
            display_name: self.display_name,
            phone: self.phone,
            skills: self
                .skills
                .into_iter()
                .map(|(task, level)| SkillClaim {
                    task,
                    level,
                    verification: None,
                })
                .collect(),
            hours_per_week: self.hours_per_week,
            windows: self.windows,
            devices: self.devices,
            wishes: self.wishes,
            track: TrackRecord::default(),
            created_at: now,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DayKind, DayPart};
    use crate::validate::ErrorCode;
    use crate::validate::test_support::{ctx_fixture, region};
    use proptest::prelude::*;

    fn good() -> ResidentInput {
        ResidentInput {
            display_name: Raw::from("　山田　花子 "),
            phone: Raw::default(),
            lives_in: Raw::from("m1"),
            skills: vec![
                SkillInput {
                    task: "sns.post".into(),
                    level: "はじめて".into(),
                },
                SkillInput {
                    task: "data.entry".into(),
                    level: "3".into(),
                },
            ],
            hours_per_week: Raw::from("１０時間"),
            windows: vec!["weekday_morning".into(), "weekend_evening".into()],
            devices: "smartphone_only".into(),
            wishes: WishesInput {
                families: vec!["sns".into()],
                min_hourly_yen: "1,100円".into(),
                team_ok: "true".into(),
            },
        }
    }

    #[test]
    fn a_good_profile_becomes_a_resident() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let v = good().validate(&ctx).expect("valid");
        assert_eq!(v.display_name, "山田 花子");
        assert_eq!(v.hours_per_week, 10);
        assert_eq!(
            v.skills[1],
            (TaskKindId::from("data.entry"), Level::CanTeach)
        );
        assert!(v.windows.contains(DayKind::Weekend, DayPart::Evening));
        assert_eq!(v.wishes.min_hourly_yen, Some(1100));
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let r = v.into_resident(ResidentId::from("r1"), &region(), now);
        assert_eq!(r.residency, Residency::Local);
        assert_eq!(r.municipality_id, Some(MunicipalityId::from("m1")));
        assert_eq!(r.skills.len(), 2);
    }

    #[test]
    fn related_people_have_no_municipality() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let input = ResidentInput {
            lives_in: "関係人口".into(),
            ..good()
        };
        let v = input.validate(&ctx).expect("valid");
        assert_eq!((v.residency, v.municipality_id), (Residency::Related, None));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let input = ResidentInput {
            display_name: "".into(),
            phone: Raw::default(),
            lives_in: "nowhere".into(),
            skills: vec![
                SkillInput {
                    task: "sns.post".into(),
                    level: "1".into(),
                },
                SkillInput {
                    task: "sns.post".into(),
                    level: "2".into(),
                },
                SkillInput {
                    task: "x.unknown".into(),
                    level: "9".into(),
                },
            ],
            hours_per_week: "61".into(),
            windows: vec![],
            devices: "tablet".into(),
            wishes: WishesInput {
                families: vec!["nope".into()],
                min_hourly_yen: "1.5".into(),
                team_ok: "maybe".into(),
            },
        };
        let e = input.validate(&ctx).expect_err("invalid");
        for (field, code) in [
            ("display_name", ErrorCode::Required),
            ("lives_in", ErrorCode::UnknownMunicipality),
            ("skills[1].task", ErrorCode::Duplicate),
            ("skills[2].task", ErrorCode::UnknownTask),
            ("skills[2].level", ErrorCode::InvalidChoice),
            ("hours_per_week", ErrorCode::OutOfRange),
            ("windows", ErrorCode::Required),
            ("devices", ErrorCode::InvalidChoice),
            ("wishes.families[0]", ErrorCode::UnknownFamily),
            ("wishes.min_hourly_yen", ErrorCode::NotANumber),
            ("wishes.team_ok", ErrorCode::InvalidChoice),
        ] {
            assert!(e.has(field, code), "{field} {code:?}: {e}");
        }
        assert!(
            e.0.iter()
                .all(|f| !f.message.ja.is_empty() && !f.message.en.is_empty())
        );
        let hours =
            e.0.iter()
                .find(|f| f.field == "hours_per_week")
                .expect("hours error");
        assert!(
            hours.message.ja.contains("1週間に働ける時間"),
            "{}",
            hours.message.ja
        );
    }

    #[test]
    fn zero_hours_is_refused() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let e = ResidentInput {
            hours_per_week: "0".into(),
            ..good()
        }
        .validate(&ctx)
        .expect_err("0 h");
        assert!(e.has("hours_per_week", ErrorCode::OutOfRange));
    }

    #[test]
    fn where_one_lives_is_chosen_so_its_message_says_choose() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let e = ResidentInput {
            lives_in: "".into(),
            ..good()
        }
        .validate(&ctx)
        .expect_err("no place");
        let m =
            e.0.iter()
                .find(|f| f.field == "lives_in")
                .expect("lives_in");
        assert_eq!(m.message.ja, "「住んでいる市町村」を選んでください。");
        assert!(!m.message.ja.contains("入力"));
        assert_eq!(m.message.en, "Please choose where you live.");
    }

    #[test]
    fn a_missing_json_field_is_a_field_error_not_a_parse_error() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let input: ResidentInput =
            serde_json::from_str(r#"{"display_name":"花子","hours_per_week":10}"#).expect("parses");
        let e = input.validate(&ctx).expect_err("incomplete");
        assert!(e.has("lives_in", ErrorCode::Required) && e.has("devices", ErrorCode::Required));
        assert!(!e.fields().any(|f| f == "hours_per_week"));
    }

    #[test]
    fn lists_may_arrive_as_one_value_or_null() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let json = r#"{"display_name":"花子","lives_in":"m2","skills":null,"hours_per_week":"５",
            "windows":"weekend_daytime","devices":"pc","wishes":{"families":"writing"}}"#;
        let input: ResidentInput = serde_json::from_str(json).expect("parses");
        let v = input.validate(&ctx).expect("valid");
        assert!(v.skills.is_empty());
        assert_eq!(v.windows.count(), 1);
        assert_eq!(v.wishes.families, vec![FamilyId::from("writing")]);
    }

    proptest! {
        #[test]
        fn never_panics(name in any::<String>(), lives in any::<String>(), task in any::<String>(), level in any::<String>(), hours in any::<String>(), slot in any::<String>(), pay in any::<String>()) {
            let (tax, reg) = ctx_fixture();
            let ctx = ValidationContext::new(tax, &reg);
            let input = ResidentInput {
                display_name: Raw(name),
                phone: Raw::default(),
                lives_in: Raw(lives),
                skills: vec![SkillInput { task: Raw(task), level: Raw(level) }],
                hours_per_week: Raw(hours),
                windows: vec![Raw(slot)],
                devices: Raw::default(),
                wishes: WishesInput { families: vec![], min_hourly_yen: Raw(pay), team_ok: Raw::default() },
            };
            let _ = input.validate(&ctx);
        }
    }

    #[test]
    fn the_phone_is_optional_and_folded_to_digits() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        assert_eq!(good().validate(&ctx).expect("valid").phone, None);
        for (typed, kept) in [
            ("090-1234-5678", "09012345678"),
            ("０９０ー１２３４ー５６７８", "09012345678"),
            ("+81 90 1234 5678", "09012345678"),
            ("(0967) 22-1111", "0967221111"),
        ] {
            let mut input = good();
            input.phone = Raw::from(typed);
            assert_eq!(
                input.validate(&ctx).expect(typed).phone.as_deref(),
                Some(kept),
                "{typed}"
            );
        }
        for bad in ["1234", "090-1234-56789", "電話", "abc@example.jp"] {
            let mut input = good();
            input.phone = Raw::from(bad);
            let err = input.validate(&ctx).expect_err(bad);
            assert!(err.has("phone", ErrorCode::InvalidPhone), "{bad}");
            let m = &err
                .0
                .iter()
                .find(|e| e.field == "phone")
                .expect("phone error")
                .message;
            assert!(
                m.ja.contains("電話番号") && m.en.contains("phone number"),
                "bilingual"
            );
        }
    }
}
