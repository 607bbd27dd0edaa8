//! Consideration of pregnancy, childcare and caregiving (Freelance Act, Art. 13;
//! 育児介護等と業務の両立に対する配慮): when the freelancer asks, a 特定業務委託事業者 gives the
//! consideration needed so that the work can go on beside pregnancy, childbirth, childcare
//! (妊娠・出産・育児) or caring for family (介護). For continuous work of 6 months or more
//! (継続的業務委託, 施行令 第3条; renewals chained as for Art. 16, see
//! [`super::ending::continuous_work`]) it is a duty (Art. 13(1)); for shorter work an effort
//! (努力義務, Art. 13(2)). A commissioner without employees (not a 特定業務委託事業者) owes neither:
//! a request may still be sent, and the page says the law does not oblige.
//!
//! The ministry's guideline says how: hear the request, consider what can be done, and when it
//! cannot be done, explain why (配慮しない場合はその理由を説明); never treat the freelancer
//! unfavourably for asking. Its examples are changing a delivery date, the hours or days of work
//! (an online meeting moved for a nursery pick-up) and working remotely. So a request here is
//! tracked until the commissioner answers: accommodated with what was changed, or declined with
//! the reason, which is required.
//!
//! Sources: 特定受託事業者に係る取引の適正化等に関する法律 第13条; 同法施行令 第3条;
//! 厚生労働省「特定業務委託事業者が募集情報の的確表示、育児介護等に対する配慮及び業務委託に関して
//! 行われる言動に起因する問題に関して講ずべき措置等に関して適切に対処するための指針」 第3
//! (育児介護等に対する配慮).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::ending::ContinuousWork;
use super::obligations::Reach;
use super::terms_statement::Delivery;
use super::{Refusal, RefusalCode};
use crate::model::Localized;
use crate::validate::checker::{Checker, label};
use crate::validate::{Raw, ValidationErrors};

/// Most characters of a request's or an answer's free text.
pub const MAX_CARE_TEXT: usize = 1000;

/// What the freelancer is caring for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CareSituation {
    /// 育児: raising a child.
    Childcare,
    /// 妊娠・出産: pregnancy and childbirth.
    Pregnancy,
    /// 介護: caring for family.
    Caregiving,
}

impl CareSituation {
    pub const ALL: [CareSituation; 3] = [
        CareSituation::Childcare,
        CareSituation::Pregnancy,
        CareSituation::Caregiving,
    ];

    /// In plain words.
    pub fn label(self) -> Localized {
        let (ja, en) = match self {
            CareSituation::Childcare => ("子育て", "Raising a child"),
            CareSituation::Pregnancy => ("妊娠・出産", "Pregnancy or childbirth"),
            CareSituation::Caregiving => ("家族の介護", "Caring for family"),
        };
        Localized::new(ja, en)
    }
}

/// What the freelancer asks for (the guideline's examples, and anything else in words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CareAsk {
    /// 納期の変更.
    ChangeDeadline,
    /// 就業時間の変更 (e.g. a meeting moved for a nursery pick-up).
    ChangeHours,
    /// 就業日数を減らす.
    FewerDays,
    /// 在宅・オンラインでの業務.
    Remote,
    /// Anything else, said in the text.
    Other,
}

impl CareAsk {
    pub const ALL: [CareAsk; 5] = [
        CareAsk::ChangeDeadline,
        CareAsk::ChangeHours,
        CareAsk::FewerDays,
        CareAsk::Remote,
        CareAsk::Other,
    ];

    /// In plain words.
    pub fn label(self) -> Localized {
        let (ja, en) = match self {
            CareAsk::ChangeDeadline => ("納期を変えてほしい", "A later delivery date"),
            CareAsk::ChangeHours => (
                "作業や打ち合わせの時間を変えてほしい",
                "Different hours for work or meetings",
            ),
            CareAsk::FewerDays => ("作業する日を減らしたい", "Fewer working days"),
            CareAsk::Remote => ("家やオンラインで作業したい", "Working from home or online"),
            CareAsk::Other => ("そのほか", "Something else"),
        };
        Localized::new(ja, en)
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CareState {
    /// Asked, waiting for the commissioner.
    Open,
    /// The commissioner changed something; the answer says what.
    Accommodated,
    /// The commissioner could not; the answer gives the reason.
    Declined,
}

impl CareState {
    pub fn as_str(self) -> &'static str {
        match self {
            CareState::Open => "open",
            CareState::Accommodated => "accommodated",
            CareState::Declined => "declined",
        }
    }
}

/// What Art. 13 asks of this commissioner for this work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consideration {
    /// Art. 13(1): 6 months or more, a 特定業務委託事業者 must give the consideration needed.
    Duty,
    /// Art. 13(2): shorter work, the 特定業務委託事業者 should endeavour to.
    Effort,
    /// A commissioner without employees: the Act does not oblige.
    None,
}

/// Which consideration Art. 13 asks for: `specified` is the commissioner being a
/// 特定業務委託事業者; `reach` how long the work runs, renewals chained
/// ([`super::ending::ContinuousWork::reach`]).
pub fn consideration(specified: bool, reach: Reach) -> Consideration {
    match (specified, reach) {
        (false, _) => Consideration::None,
        (true, Reach::SixMonths) => Consideration::Duty,
        (true, _) => Consideration::Effort,
    }
}

/// What Art. 13 asks of the commissioner of a statement: its period from its first day (or the
/// start of the work, when earlier) to its last; a statement without a fixed end counts as 6
/// months or more, as for the notice of ending. A single delivery date marks the end of the
/// work, not its start: with no start yet, the work runs until that day.
pub fn duty_of_terms(
    delivery: Option<Delivery>,
    started_on: Option<NaiveDate>,
    specified: bool,
) -> CareDuty {
    let from = match delivery {
        Some(Delivery::Period { from, .. }) => Some(from),
        Some(Delivery::Date(_)) | None => None,
    };
    let to = delivery.map(Delivery::last_day);
    let reach = match from.into_iter().chain(started_on).min() {
        Some(first_day) => ContinuousWork {
            first_day,
            last_day: to.map(|to| to.max(first_day)),
        }
        .reach(),
        None if to.is_some() => Reach::UnderOneMonth,
        None => Reach::SixMonths,
    };
    consideration(specified, reach).duty()
}

impl Consideration {
    /// The sentence the page shows both sides.
    pub fn text(self) -> Localized {
        let (ja, en) = match self {
            Consideration::Duty => (
                "6か月以上続く仕事なので、発注者は、子育て・妊娠・出産・介護と仕事を両立できるよう、相談に応じて必要な配慮をしなければなりません（フリーランス法第13条第1項）。配慮できないときは、その理由を説明します。相談したことを理由に不利な扱いをしてはいけません。",
                "This work runs 6 months or more, so when asked, the client must make the changes needed for you to combine the work with raising a child, pregnancy, childbirth or caring for family (Freelance Act, Art. 13(1)). If it cannot, it must explain why. Asking must never lead to unfair treatment.",
            ),
            Consideration::Effort => (
                "6か月に満たない仕事なので、発注者は、子育て・妊娠・出産・介護と仕事を両立できるよう、相談に応じて配慮するよう努めます（フリーランス法第13条第2項）。配慮できないときは、その理由を説明します。相談したことを理由に不利な扱いをしてはいけません。",
                "This work runs less than 6 months, so when asked, the client should try to make changes for you to combine the work with raising a child, pregnancy, childbirth or caring for family (Freelance Act, Art. 13(2)). If it cannot, it explains why. Asking must never lead to unfair treatment.",
            ),
            Consideration::None => (
                "発注者は従業員のいない事業者なので、フリーランス法の配慮の決まりはありません。それでも相談を送ることはできます。",
                "The client is a business without employees, so the Freelance Act does not oblige it to make changes. You can still send a request.",
            ),
        };
        Localized::new(ja, en)
    }

    /// The wire form: the level and its sentence.
    pub fn duty(self) -> CareDuty {
        CareDuty {
            level: self,
            text: self.text(),
        }
    }
}

/// What the law asks of the commissioner, as the fair-terms view sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareDuty {
    pub level: Consideration,
    pub text: Localized,
}

/// `POST /api/v1/engagements/{id}/care-requests`: what the resident asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareInput {
    pub situation: CareSituation,
    pub ask: CareAsk,
    /// In the resident's words; required when `ask` is `other`.
    #[serde(default)]
    pub text: String,
}

impl CareInput {
    /// The text, normalised; required for `other`, at most [`MAX_CARE_TEXT`] characters.
    pub fn validate(&self) -> Result<String, ValidationErrors> {
        let mut c = Checker::default();
        let l = label("相談の内容", "what you ask for");
        let raw = Raw(self.text.clone());
        let text = if self.ask == CareAsk::Other {
            c.text("text", l, &raw, MAX_CARE_TEXT)
        } else {
            c.optional_text("text", l, &raw, MAX_CARE_TEXT)
        };
        c.into_result(text.unwrap_or_default())
    }
}

/// `POST /api/v1/engagements/{id}/care-requests/{rid}/answer`: the commissioner accommodates
/// (the text says what was changed) or declines (the text gives the reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareAnswerInput {
    pub accommodate: bool,
    #[serde(default)]
    pub text: String,
}

impl CareAnswerInput {
    /// The text, normalised (blank allowed here: [`CareRecord::answer`] says what is missing).
    pub fn validate(&self) -> Result<String, ValidationErrors> {
        let mut c = Checker::default();
        let l = if self.accommodate {
            label("変えたこと", "what was changed")
        } else {
            label("理由", "the reason")
        };
        let text = c.optional_text("text", l, &Raw(self.text.clone()), MAX_CARE_TEXT);
        c.into_result(text.unwrap_or_default())
    }
}

/// One request and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareRecord {
    pub id: String,
    pub situation: CareSituation,
    pub ask: CareAsk,
    pub text: String,
    pub state: CareState,
    /// What was changed (accommodated) or why not (declined).
    pub answer: Option<String>,
    pub asked_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
}

impl CareRecord {
    /// A new open request of a checked input (`text` from [`CareInput::validate`]).
    pub fn open(id: String, input: &CareInput, text: String, at: DateTime<Utc>) -> CareRecord {
        CareRecord {
            id,
            situation: input.situation,
            ask: input.ask,
            text,
            state: CareState::Open,
            answer: None,
            asked_at: at,
            answered_at: None,
        }
    }

    pub fn is_open(&self) -> bool {
        self.state == CareState::Open
    }

    /// The commissioner's answer (`text` from [`CareAnswerInput::validate`]): accommodating
    /// says what was changed, declining gives the reason (the guideline); once only.
    pub fn answer(
        &self,
        accommodate: bool,
        text: &str,
        at: DateTime<Utc>,
    ) -> Result<CareRecord, Refusal> {
        if !self.is_open() {
            return Err(Refusal::new(
                RefusalCode::NotAllowedNow,
                "この相談にはもう答えています。",
                "This request has already been answered.",
            ));
        }
        let text = text.trim();
        if text.is_empty() {
            return Err(if accommodate {
                Refusal::new(
                    RefusalCode::Inconsistent,
                    "どのように配慮したか（変えたこと）を書いてください。",
                    "Please write what was changed for the request.",
                )
            } else {
                Refusal::new(
                    RefusalCode::Inconsistent,
                    "配慮できないときは、その理由を書いてください。相手に理由を説明することが求められています（フリーランス法第13条の指針）。",
                    "If you cannot make the change, please write the reason. The reason must be explained to the freelancer (guideline on Art. 13 of the Freelance Act).",
                )
            });
        }
        Ok(CareRecord {
            state: if accommodate {
                CareState::Accommodated
            } else {
                CareState::Declined
            },
            answer: Some(text.to_owned()),
            answered_at: Some(at.max(self.asked_at)),
            ..self.clone()
        })
    }
}

/// Only one open request per engagement at a time: a new one waits for the answer.
pub fn check_can_ask(requests: &[CareRecord]) -> Result<(), Refusal> {
    if requests.iter().any(CareRecord::is_open) {
        return Err(Refusal::new(
            RefusalCode::NotAllowedNow,
            "前の相談にまだ答えがありません。答えが届いてから、次の相談を送れます。",
            "The earlier request has not been answered yet. You can send the next one once it is.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
