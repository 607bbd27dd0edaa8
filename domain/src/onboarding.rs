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
            Step::Place => &["display_name", "lives_in"],
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
pub fn step_errors(
    step: Step,
    profile: &ResidentInput,
    account: &RegisterInput,
    ctx: &ValidationContext<'_>,
) -> Vec<FieldError> {
    let errors = if step == Step::Account {
        account.validate().err()
    } else {
        profile.validate(ctx).err()
    };
    errors
        .map(|e| {
            e.0.into_iter()
                .filter(|f| step == Step::Account || step.owns(&f.field))
                .collect()
        })
        .unwrap_or_default()
}

/// A saved profile as the form edits it (the inverse of validation, in canonical spellings).
pub fn input_of(resident: &Resident) -> ResidentInput {
    ResidentInput {
        display_name: resident.display_name.as_str().into(),
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
}

impl Submission {
    pub fn new(key: String, account: RegisterInput, profile: ResidentInput) -> Self {
        Submission {
            key,
            account,
            profile,
            stage: Stage::Register,
            failures: 0,
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
        self.stage = match (self.stage, answer) {
            (Stage::Register, Answer::Ok) | (Stage::Login, Answer::Ok) => Stage::Profile,
            (Stage::Register, Answer::AlreadyRegistered) => Stage::Login,
            (Stage::Profile, Answer::Ok) => Stage::Done,
            (Stage::Done, _) => Stage::Done,
            _ => Stage::NeedsFixing,
        };
    }

    pub fn is_pending(&self) -> bool {
        matches!(self.stage, Stage::Register | Stage::Login | Stage::Profile)
    }

    /// Milliseconds to wait before the next try: doubling from 2 s, at most a minute.
    pub fn backoff_ms(&self) -> u32 {
        let exp = self.failures.saturating_sub(1).min(5);
        (2_000u32 << exp).min(60_000)
    }

    /// The saved password is needed only until the account exists and the session is open.
    pub fn forget_password(&mut self) {
        if self.stage == Stage::Done {
            self.account.password = Default::default();
        }
    }
}

#[cfg(test)]
mod tests;
