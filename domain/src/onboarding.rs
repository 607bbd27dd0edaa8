//! A resident's onboarding: the wizard's steps (each validated on its own with the same
//! validator, and so the same messages, as the server), the profile as an editable form, and the
//! submission queue that turns one "register" tap into exactly one account and one profile,
//! whatever the connection does in between.
//!
//! The submission is two writes, registration and the profile PUT. Registration never replays
//! for an `Idempotency-Key` (it sets the session cookie), so a retry after a lost answer meets
//! "already registered": the queue then logs in with the same credentials and carries on. The
//! profile PUT replaces the one profile of the account, so repeating it is harmless too.

use serde::{Deserialize, Serialize};

use crate::model::{DayKind, DayPart, Devices, Residency, Resident, TimeWindows};
use crate::validate::{
    FieldError, LoginInput, RegisterInput, ResidentInput, SkillInput, ValidationContext,
    WishesInput,
};

/// The wizard's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Name and where I live (a municipality, or 関係人口).
    Place,
    /// What I can do: task kinds of the shared vocabulary, each with a level.
    Skills,
    /// Hours a week and time windows.
    Time,
    Devices,
    /// Kinds of work, lowest pay, team OK.
    Wishes,
    /// Email + password, or an invite code + password.
    Account,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Place,
        Step::Skills,
        Step::Time,
        Step::Devices,
        Step::Wishes,
        Step::Account,
    ];

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn next(self) -> Option<Step> {
        Self::ALL.get(self.index() + 1).copied()
    }

    pub fn previous(self) -> Option<Step> {
        self.index().checked_sub(1).map(|i| Self::ALL[i])
    }

    /// The profile fields this step asks for (an error's field is one of them or below one).
    pub fn profile_fields(self) -> &'static [&'static str] {
        match self {
            Step::Place => &["display_name", "phone", "lives_in"],
            Step::Skills => &["skills"],
            Step::Time => &["hours_per_week", "windows"],
            Step::Devices => &["devices"],
            Step::Wishes => &["wishes"],
            Step::Account => &[],
        }
    }

    /// The step that asks for an error's field (account fields belong to the last step).
    pub fn of_field(field: &str) -> Step {
        Self::ALL
            .into_iter()
            .find(|s| s.owns(field))
            .unwrap_or(Step::Account)
    }

    fn owns(self, field: &str) -> bool {
        self.profile_fields().iter().any(|f| {
            field == *f
                || field
                    .strip_prefix(f)
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
    }
}

/// The errors of one step: the profile validator's (or the registration validator's) errors for
/// the fields that step asks for, so the messages are exactly the server's.
///
/// `with_invite`: the person chose to register with a course's invite code, so a missing code
/// is said on the code's field (the registration validator, which cannot know the choice, asks
/// for an email when both are empty).
pub fn step_errors(
    step: Step,
    profile: &ResidentInput,
    account: &RegisterInput,
    with_invite: bool,
    ctx: &ValidationContext<'_>,
) -> Vec<FieldError> {
    let errors = if step == Step::Account {
        account.validate().err()
    } else {
        profile.validate(ctx).err()
    };
    let mut errors: Vec<FieldError> = errors
        .map(|e| {
            e.0.into_iter()
                .filter(|f| step == Step::Account || step.owns(&f.field))
                .collect()
        })
        .unwrap_or_default();
    if step == Step::Account && with_invite && account.invite_code.is_blank() {
        errors.retain(|f| f.field != "email" && f.field != "invite_code");
        errors.insert(
            0,
            FieldError {
                field: "invite_code".to_owned(),
                code: crate::validate::ErrorCode::Required,
                message: crate::model::Localized::new(
                    "「招待コード」を入力してください。講座でもらった紙に書いてあります。",
                    "Please fill in the invite code. It is on the paper you got at the course.",
                ),
            },
        );
    }
    errors
}

/// The server's answer to a registration whose email is already taken, said the same way when
/// the wizard finds out itself (the queue's login with the typed password was refused).
pub fn email_taken_message() -> crate::model::Localized {
    crate::model::Localized::new(
        "このメールアドレスはすでに登録されています。ログインしてください。",
        "This email address is already registered. Please log in.",
    )
}

/// What the profile form reads of a saved profile (`GET /api/v1/me/profile`): the fields it
/// edits. The rest (track record, verifications, dates) is ignored, so the page links no
/// date parser and no verification reader.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SavedProfile {
    pub municipality_id: Option<crate::model::MunicipalityId>,
    pub residency: Residency,
    pub display_name: String,
    #[serde(default)]
    pub phone: Option<String>,
    pub skills: Vec<SavedSkill>,
    pub hours_per_week: u32,
    pub windows: TimeWindows,
    pub devices: Devices,
    pub wishes: crate::model::Wishes,
}

/// A skill as the form edits it: the task and the level the person gave.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SavedSkill {
    pub task: crate::model::TaskKindId,
    pub level: crate::model::Level,
}

impl From<&Resident> for SavedProfile {
    fn from(r: &Resident) -> Self {
        SavedProfile {
            municipality_id: r.municipality_id.clone(),
            residency: r.residency,
            display_name: r.display_name.clone(),
            phone: r.phone.clone(),
            skills: r
                .skills
                .iter()
                .map(|s| SavedSkill {
                    task: s.task.clone(),
                    level: s.level,
                })
                .collect(),
            hours_per_week: r.hours_per_week,
            windows: r.windows,
            devices: r.devices,
            wishes: r.wishes.clone(),
        }
    }
}

/// A saved profile as the form edits it (the inverse of validation, in canonical spellings).
pub fn input_of(resident: &SavedProfile) -> ResidentInput {
    ResidentInput {
        display_name: resident.display_name.as_str().into(),
        phone: resident.phone.as_deref().unwrap_or_default().into(),
        lives_in: match (resident.residency, &resident.municipality_id) {
            (Residency::Local, Some(m)) => m.as_str().into(),
            _ => crate::validate::resident::RELATED.into(),
        },
        skills: resident
            .skills
            .iter()
            .map(|s| SkillInput {
                task: s.task.as_str().into(),
                level: level_code(s.level).into(),
            })
            .collect(),
        hours_per_week: resident.hours_per_week.to_string().as_str().into(),
        windows: resident
            .windows
            .slots()
            .map(|(d, p)| slot_name(d, p).as_str().into())
            .collect(),
        devices: devices_code(resident.devices).into(),
        wishes: WishesInput {
            families: resident
                .wishes
                .families
                .iter()
                .map(|f| f.as_str().into())
                .collect(),
            min_hourly_yen: resident
                .wishes
                .min_hourly_yen
                .map(|y| y.to_string())
                .unwrap_or_default()
                .as_str()
                .into(),
            team_ok: if resident.wishes.team_ok {
                "true"
            } else {
                "false"
            }
            .into(),
        },
    }
}

pub fn level_code(level: crate::model::Level) -> &'static str {
    match level {
        crate::model::Level::Beginner => "beginner",
        crate::model::Level::Experienced => "experienced",
        crate::model::Level::CanTeach => "can_teach",
    }
}

pub fn devices_code(devices: Devices) -> &'static str {
    match devices {
        Devices::Pc => "pc",
        Devices::SmartphoneOnly => "smartphone_only",
    }
}

/// A time window's name as the profile input spells it, e.g. `weekday_morning`.
pub fn slot_name(day: DayKind, part: DayPart) -> String {
    let d = match day {
        DayKind::Weekday => "weekday",
        DayKind::Weekend => "weekend",
    };
    let p = match part {
        DayPart::Morning => "morning",
        DayPart::Daytime => "daytime",
        DayPart::Evening => "evening",
        DayPart::Night => "night",
    };
    format!("{d}_{p}")
}

/// The clock hours a part of the day stands for (from, to), so the wizard can say
/// 「平日の朝（8時〜12時）」 instead of leaving "morning" to guesswork.
pub fn clock_hours(part: DayPart) -> (u8, u8) {
    match part {
        DayPart::Morning => (8, 12),
        DayPart::Daytime => (12, 17),
        DayPart::Evening => (17, 20),
        DayPart::Night => (20, 23),
    }
}

/// "平日の朝（8時〜12時）" / "Weekday mornings (8:00–12:00)": a time window in words, with the
/// clock hours beside it (the form's choices and the profile's summary say the same).
pub fn slot_label(day: DayKind, part: DayPart) -> crate::model::Localized {
    let (day_ja, day_en) = match day {
        DayKind::Weekday => ("平日", "Weekday"),
        DayKind::Weekend => ("土日", "Weekend"),
    };
    let (part_ja, part_en) = match part {
        DayPart::Morning => ("朝", "mornings"),
        DayPart::Daytime => ("昼", "daytime"),
        DayPart::Evening => ("夕方", "evenings"),
        DayPart::Night => ("夜", "nights"),
    };
    let (from, to) = clock_hours(part);
    crate::model::Localized::new(
        format!("{day_ja}の{part_ja}（{from}時〜{to}時）"),
        format!("{day_en} {part_en} ({from}:00–{to}:00)"),
    )
}

/// The device a resident works on, in words (the form's choice and the profile's summary).
pub fn devices_label(devices: Devices) -> crate::model::Localized {
    match devices {
        Devices::Pc => crate::model::Localized::new("パソコンがある", "I have a computer"),
        Devices::SmartphoneOnly => {
            crate::model::Localized::new("スマートフォンだけ", "Only a smartphone")
        }
    }
}

/// A wished lowest hourly pay below the prefecture's minimum wage gets the same guidance a
/// company sees for its offer (the minimum wage, since when, and that it is not a legal
/// judgement); a blank or unreadable wish, or pay at or above it, gets none.
pub fn wish_pay_guidance(
    min_hourly_yen: &str,
    prefecture: u8,
    on: chrono::NaiveDate,
) -> Option<crate::model::Localized> {
    let wish = crate::text::parse_whole_number(min_hourly_yen, crate::text::YEN_UNITS).ok()?;
    let pref = crate::pay::prefecture(prefecture)?;
    let min = crate::pay::minimum_wage(prefecture, on)?;
    (wish < min.yen).then(|| {
        // Written out by hand: chrono's formatter would add kilobytes to the wizard's wasm.
        use chrono::Datelike;
        let d = min.effective_from;
        let from = format!("{}-{:02}-{:02}", d.year(), d.month(), d.day());
        crate::model::Localized::new(
            format!(
                "時給{wish}円は、{}の最低賃金 {}円（{from}から）より低い額です。雇われて働く仕事では、最低賃金以上が支払われます。希望額を見直してみてください（このままでも登録できます）。",
                pref.name_ja, min.yen
            ),
            format!(
                "{wish} yen an hour is below the minimum wage of {} ({} yen from {from}). Employed work pays at least the minimum wage. You may want to raise your wish (you can also keep it).",
                pref.name_en, min.yen
            ),
        )
    })
}

/// Every window slot, weekday first, morning first.
pub fn all_slots() -> impl Iterator<Item = (DayKind, DayPart)> {
    TimeWindows::ALL.slots()
}

/// Where a queued submission stands. Stored on the device, so it survives reloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Create the account next.
    Register,
    /// The account exists (an earlier try got through): log in with the same credentials.
    Login,
    /// Logged in: write the profile next.
    Profile,
    /// Account and profile exist.
    Done,
    /// The server refused for a reason the person must fix (shown with its fields).
    NeedsFixing,
}

impl Stage {
    /// Still to be sent: the account or the profile does not exist yet.
    pub fn is_pending(self) -> bool {
        matches!(self, Stage::Register | Stage::Login | Stage::Profile)
    }
}

/// What one write's answer means for the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Ok,
    /// No answer: offline or dropped. Try again later, same key.
    NoAnswer,
    /// The account already exists (`email_taken`, `invite_taken`).
    AlreadyRegistered,
    /// The server answered with another error (validation, wrong password, …).
    Refused,
}

impl Answer {
    /// Classifies an API answer by HTTP status and error code (`None` = no answer).
    pub fn of(status: Option<u16>, code: Option<&str>) -> Answer {
        match (status, code) {
            (None, _) => Answer::NoAnswer,
            (Some(s), _) if (200..300).contains(&s) => Answer::Ok,
            (Some(409), Some("email_taken" | "invite_taken")) => Answer::AlreadyRegistered,
            // A server or gateway hiccup: nothing was refused, try again later.
            (Some(s), _) if s >= 500 || s == 429 || s == 408 => Answer::NoAnswer,
            _ => Answer::Refused,
        }
    }
}

/// One onboarding submission: the account and profile to create, with one Idempotency-Key for
/// every retry of its writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub key: String,
    pub account: RegisterInput,
    pub profile: ResidentInput,
    pub stage: Stage,
    /// How many tries got no answer in a row (for the back-off).
    #[serde(default)]
    pub failures: u32,
    /// The registration met an existing account (a lost answer of ours, or someone's account).
    #[serde(default)]
    pub taken: bool,
}

impl Submission {
    pub fn new(key: String, account: RegisterInput, profile: ResidentInput) -> Self {
        Submission {
            key,
            account,
            profile,
            stage: Stage::Register,
            failures: 0,
            taken: false,
        }
    }

    /// The login that stands in for a registration that already went through.
    pub fn login(&self) -> LoginInput {
        let login = if self.account.email.is_blank() {
            self.account.invite_code.clone()
        } else {
            self.account.email.clone()
        };
        LoginInput {
            login,
            password: self.account.password.clone(),
        }
    }

    /// Moves on after the answer to the current stage's write.
    pub fn advance(&mut self, answer: Answer) {
        if answer == Answer::NoAnswer {
            self.failures = self.failures.saturating_add(1);
            return;
        }
        self.failures = 0;
        if answer == Answer::AlreadyRegistered {
            self.taken = true;
        }
        self.stage = match (self.stage, answer) {
            (Stage::Register, Answer::Ok) | (Stage::Login, Answer::Ok) => Stage::Profile,
            (Stage::Register, Answer::AlreadyRegistered) => Stage::Login,
            (Stage::Profile, Answer::Ok) => Stage::Done,
            (Stage::Done, _) => Stage::Done,
            _ => Stage::NeedsFixing,
        };
    }

    pub fn is_pending(&self) -> bool {
        self.stage.is_pending()
    }

    /// Milliseconds to wait before the next try: doubling from 2 s, at most a minute.
    pub fn backoff_ms(&self) -> u32 {
        let exp = self.failures.saturating_sub(1).min(5);
        (2_000u32 << exp).min(60_000)
    }

    /// The email belongs to an account the typed password does not open: the person should
    /// log in instead (the wizard says so with the server's message and a link).
    pub fn is_taken_by_another(&self) -> bool {
        self.stage == Stage::NeedsFixing && self.taken
    }

    /// The saved password is needed only until the account exists and the session is open
    /// (registration or the login answered): from the profile stage on it is gone.
    pub fn forget_password(&mut self) {
        if matches!(self.stage, Stage::Profile | Stage::Done) {
            self.account.password = Default::default();
        }
    }

    /// The person typed another password while this waits: until the account exists the new
    /// one replaces the queued one (true); after that the account has the first and nothing
    /// changes (false).
    pub fn replace_password(&mut self, password: &str) -> bool {
        let replace = matches!(self.stage, Stage::Register | Stage::NeedsFixing) && !self.taken;
        if replace {
            self.account.password = crate::validate::Raw(password.to_owned());
        }
        replace
    }
}

#[cfg(test)]
mod tests;
