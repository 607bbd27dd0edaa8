//! What the hub coordinator records: check-ins and skill verifications.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::checker::{Checker, label};
use super::{ErrorCode, Raw, ValidationContext, ValidationErrors, is_opaque_id};
use crate::engagement::{CheckInWith, EventKind, MAX_CHECKIN_HOURS};
use crate::model::{Level, ResidentId, SkillClaim, TaskKindId, UserId, Verification};
use crate::text::{HOUR_UNITS, normalize_line};

pub const MAX_NOTE: usize = 2000;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckInInput {
    /// 1 (bad) ..= 5 (good).
    pub mood: Raw,
    pub hours_worked: Raw,
    pub note: Raw,
    pub follow_up: Raw,
    /// `resident`, `company` or `both`.
    pub with: Raw,
    /// `true` when the note and follow-up are meant for the company too; blank is `false`.
    pub shared_with_company: Raw,
    /// The next check-in's date when the hub moves it; blank keeps the schedule. That it lies
    /// after the check-in itself is the engagement fold's rule (it knows the check-in's time).
    pub next_on: Raw,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidCheckIn {
    pub mood: u8,
    pub hours_worked: u32,
    pub note: String,
    pub follow_up: Option<String>,
    pub with: CheckInWith,
    pub shared_with_company: bool,
    pub next_on: Option<NaiveDate>,
}

const WITH: &[(&str, CheckInWith)] = &[
    ("resident", CheckInWith::Resident),
    ("company", CheckInWith::Company),
    ("both", CheckInWith::Both),
];

impl CheckInInput {
    /// Same limits as the engagement fold applies, so a validated check-in is never rejected
    /// there for its values.
    pub fn validate(&self) -> Result<ValidCheckIn, ValidationErrors> {
        let mut c = Checker::default();
        // 1..=5 always fits a u8.
        let mood = c
            .number(
                "mood",
                label("調子（1〜5）", "the mood (1-5)"),
                &self.mood,
                &[],
                1..=5,
            )
            .and_then(|m| u8::try_from(m).ok());
        let hours = c.number(
            "hours_worked",
            label("前回から働いた時間", "hours worked since the last check-in"),
            &self.hours_worked,
            HOUR_UNITS,
            0..=MAX_CHECKIN_HOURS,
        );
        let note = c.optional_text(
            "note",
            label("面談のメモ", "the check-in note"),
            &self.note,
            MAX_NOTE,
        );
        let follow_up = c.optional_text(
            "follow_up",
            label("次にすること", "the follow-up"),
            &self.follow_up,
            MAX_NOTE,
        );
        let with = c.choice(
            "with",
            label("話した相手", "whom you talked with"),
            &self.with,
            WITH,
        );
        let shared = c.flag(
            "shared_with_company",
            label("企業にも伝えるか", "whether the company may read the note"),
            &self.shared_with_company,
        );
        let next_on = if self.next_on.is_blank() {
            Some(None)
        } else {
            c.date(
                "next_on",
                label("次のチェックインの日", "the next check-in's date"),
                &self.next_on,
            )
            .map(Some)
        };
        let (
            Some(mood),
            Some(hours_worked),
            Some(note),
            Some(follow_up),
            Some(with),
            Some(shared),
            Some(next_on),
        ) = (mood, hours, note, follow_up, with, shared, next_on)
        else {
            return Err(c.into_errors());
        };
        if shared && with == CheckInWith::Resident {
            c.push(
                "shared_with_company",
                ErrorCode::InvalidChoice,
                "企業と話していない面談のメモは企業に共有できません。".to_owned(),
                "A check-in not held with the company cannot be shared with it.".to_owned(),
            );
        }
        c.into_result(ValidCheckIn {
            mood,
            hours_worked,
            note,
            follow_up: Some(follow_up).filter(|f| !f.is_empty()),
            with,
            shared_with_company: shared,
            next_on,
        })
    }
}

impl ValidCheckIn {
    pub fn into_event_kind(self) -> EventKind {
        EventKind::CheckIn {
            mood: self.mood,
            hours_worked: self.hours_worked,
            note: self.note,
            follow_up: self.follow_up,
            with: self.with,
            shared_with_company: self.shared_with_company,
            next_on: self.next_on,
        }
    }
}

/// A hub coordinator confirms that a resident can do a task at a level, and says how.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SkillVerificationInput {
    pub resident: Raw,
    pub task: Raw,
    pub level: Raw,
    /// How the coordinator saw it, e.g. "試しに3件入力してもらい、誤りなし".
    pub note: Raw,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidSkillVerification {
    pub resident: ResidentId,
    pub task: TaskKindId,
    pub level: Level,
    pub note: String,
}

impl SkillVerificationInput {
    pub fn validate(
        &self,
        ctx: &ValidationContext<'_>,
    ) -> Result<ValidSkillVerification, ValidationErrors> {
        let mut c = Checker::default();
        let resident = resident_id(&mut c, &self.resident);
        let task = c.task("task", &self.task, ctx);
        let level = c.level("level", &self.level);
        let note = c.text(
            "note",
            label("確認した方法のメモ", "how you confirmed it"),
            &self.note,
            MAX_NOTE,
        );
        let (Some(resident), Some(task), Some(level), Some(note)) = (resident, task, level, note)
        else {
            return Err(c.into_errors());
        };
        c.into_result(ValidSkillVerification {
            resident,
            task,
            level,
            note,
        })
    }
}

fn resident_id(c: &mut Checker, raw: &Raw) -> Option<ResidentId> {
    let id = normalize_line(raw.as_str());
    if id.is_empty() {
        c.required("resident", label("住民", "the resident"));
        return None;
    }
    if !is_opaque_id(&id) {
        c.push(
            "resident",
            ErrorCode::InvalidId,
            "住民のIDの形が正しくありません。".to_owned(),
            "The resident id is not valid.".to_owned(),
        );
        return None;
    }
    Some(ResidentId(id))
}

impl ValidSkillVerification {
    /// The verified skill claim to store on the resident (replacing their own claim of the task).
    pub fn into_claim(self, coordinator: UserId, at: DateTime<Utc>) -> SkillClaim {
        SkillClaim {
            task: self.task,
            level: self.level,
            verification: Some(Verification::Hub {
                coordinator,
                note: self.note,
                at,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::test_support::ctx_fixture;
    use proptest::prelude::*;

    #[test]
    fn a_check_in_becomes_an_event() {
        let input = CheckInInput {
            mood: "４".into(),
            hours_worked: "12時間".into(),
            note: "順調です。".into(),
            follow_up: " ".into(),
            with: "both".into(),
            shared_with_company: "true".into(),
            next_on: "2026年5月7日".into(),
        };
        let v = input.validate().expect("valid");
        assert_eq!(v.follow_up, None);
        let EventKind::CheckIn {
            mood,
            hours_worked,
            with,
            next_on,
            ..
        } = v.into_event_kind()
        else {
            panic!("check-in")
        };
        assert_eq!((mood, hours_worked, with), (4, 12, CheckInWith::Both));
        assert_eq!(next_on, NaiveDate::from_ymd_opt(2026, 5, 7));
    }

    #[test]
    fn a_blank_next_date_keeps_the_schedule_and_a_wrong_one_is_named() {
        let base = CheckInInput {
            mood: "3".into(),
            hours_worked: "0".into(),
            with: "resident".into(),
            next_on: "  ".into(),
            ..CheckInInput::default()
        };
        assert_eq!(
            base.validate().expect("blank is the schedule").next_on,
            None
        );
        let e = CheckInInput {
            next_on: "来週".into(),
            ..base
        }
        .validate()
        .expect_err("not a date");
        assert!(e.has("next_on", ErrorCode::InvalidDate), "{e}");
        assert!(
            e.0[0].message.ja.contains("次のチェックインの日"),
            "{}",
            e.0[0].message.ja
        );
    }

    #[test]
    fn a_note_is_shared_with_the_company_only_when_asked_and_held_with_it() {
        let base = CheckInInput {
            mood: "3".into(),
            hours_worked: "5".into(),
            note: "順調".into(),
            with: "company".into(),
            ..CheckInInput::default()
        };
        assert!(
            !base
                .validate()
                .expect("blank is not shared")
                .shared_with_company
        );
        let shared = CheckInInput {
            shared_with_company: "true".into(),
            ..base.clone()
        };
        assert!(shared.validate().expect("shared").shared_with_company);
        let e = CheckInInput {
            with: "resident".into(),
            ..shared
        }
        .validate()
        .expect_err("a resident-only check-in cannot be shared with the company");
        assert!(
            e.has("shared_with_company", ErrorCode::InvalidChoice),
            "{e}"
        );
    }

    #[test]
    fn check_in_limits_match_the_engagement_fold() {
        let input = CheckInInput {
            mood: "6".into(),
            hours_worked: Raw((MAX_CHECKIN_HOURS + 1).to_string()),
            with: "neighbour".into(),
            ..CheckInInput::default()
        };
        let e = input.validate().expect_err("invalid");
        assert!(
            e.has("mood", ErrorCode::OutOfRange)
                && e.has("hours_worked", ErrorCode::OutOfRange)
                && e.has("with", ErrorCode::InvalidChoice)
        );
        // Every value the validator lets through, the fold accepts (limits agree at the edge).
        let edge = CheckInInput {
            mood: "5".into(),
            hours_worked: Raw(MAX_CHECKIN_HOURS.to_string()),
            with: "resident".into(),
            ..CheckInInput::default()
        };
        assert!(edge.validate().is_ok());
    }

    #[test]
    fn a_verification_names_resident_task_and_how() {
        let (tax, reg) = ctx_fixture();
        let ctx = ValidationContext::new(tax, &reg);
        let input = SkillVerificationInput {
            resident: "r_1".into(),
            task: "data.entry".into(),
            level: "experienced".into(),
            note: "試しに3件入力、誤りなし".into(),
        };
        let claim = input
            .validate(&ctx)
            .expect("valid")
            .into_claim(UserId::from("hub1"), DateTime::<Utc>::UNIX_EPOCH);
        assert!(matches!(claim.verification, Some(Verification::Hub { .. })));
        let e = SkillVerificationInput {
            resident: "r:1".into(),
            ..SkillVerificationInput::default()
        }
        .validate(&ctx)
        .expect_err("invalid");
        for (f, code) in [
            ("resident", ErrorCode::InvalidId),
            ("task", ErrorCode::Required),
            ("level", ErrorCode::Required),
            ("note", ErrorCode::Required),
        ] {
            assert!(e.has(f, code), "{f}: {e}");
        }
    }

    proptest! {
        #[test]
        fn never_panic(a in any::<String>(), b in any::<String>()) {
            let _ = CheckInInput { mood: Raw(a.clone()), hours_worked: Raw(b.clone()), note: Raw(a.clone()), follow_up: Raw(b.clone()), with: Raw(a.clone()), shared_with_company: Raw(b.clone()), next_on: Raw(a.clone()) }.validate();
            let (tax, reg) = ctx_fixture();
            let _ = SkillVerificationInput { resident: Raw(a.clone()), task: Raw(b.clone()), level: Raw(a), note: Raw(b) }.validate(&ValidationContext::new(tax, &reg));
        }
    }
}
