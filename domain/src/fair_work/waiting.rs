//! Requests that wait for the commissioner's answer, so that nobody forgets one: a resident's
//! request for consideration of pregnancy, childcare or caregiving (Art. 13, [`super::care`]) and
//! a request for the reason of an ending (Art. 16(2), to be answered 遅滞なく, [`super::ending`]).
//! The hub, which accompanies every engagement of its region, sees them on its attention page,
//! oldest first, with the days each has waited.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::api::EndingRecord;
use super::care::{CareRecord, CareState};
use super::date_text;
use super::ending::ReasonRequest;
use crate::metrics::jst_date;
use crate::model::{Lang, Localized};

/// What the resident asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitingKind {
    /// Consideration of pregnancy, childcare or caregiving (Art. 13).
    Care,
    /// The reason of an ending (Art. 16(2)).
    Reason,
}

/// One request waiting for its answer, as the hub's attention page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingRequest {
    pub engagement: String,
    pub kind: WaitingKind,
    /// The day (in Japan) the resident asked.
    pub asked_on: NaiveDate,
    /// Days since then: 0 on the day itself.
    pub days_waiting: i64,
    /// Who must answer: the statement's commissioner (the company, or the hub in a 再委託).
    pub commissioner: String,
    pub contractor: String,
    /// A 再委託: the hub commissions, so the hub answers (not the company).
    #[serde(default)]
    pub through_hub: bool,
    pub message: Localized,
}

/// An engagement's two sides, from its terms statement (blank names and a direct commission
/// before there is one: the company is the one to answer then).
#[derive(Debug, Clone, Copy, Default)]
pub struct Sides<'a> {
    pub commissioner: &'a str,
    pub contractor: &'a str,
    pub through_hub: bool,
}

/// The care request that waits, if this one is still open.
pub fn care_waiting(
    engagement: &str,
    sides: Sides<'_>,
    request: &CareRecord,
    today: NaiveDate,
) -> Option<WaitingRequest> {
    (request.state == CareState::Open).then(|| {
        waiting(
            engagement,
            WaitingKind::Care,
            sides,
            jst_date(request.asked_at),
            today,
        )
    })
}

/// The request for the reason of an ending that waits, if one was asked and not answered.
pub fn reason_waiting(
    sides: Sides<'_>,
    ending: &EndingRecord,
    today: NaiveDate,
) -> Option<WaitingRequest> {
    match ending.reason_request {
        Some(ReasonRequest::Open { requested_on }) => Some(waiting(
            &ending.engagement,
            WaitingKind::Reason,
            sides,
            requested_on,
            today,
        )),
        _ => None,
    }
}

/// What the company has to answer on one of its engagements: the kinds of request waiting there,
/// except in a 再委託, where the hub commissions the resident and answers.
pub fn awaiting_company(list: &[WaitingRequest], engagement: &str) -> Vec<WaitingKind> {
    list.iter()
        .filter(|w| w.engagement == engagement && !w.through_hub)
        .map(|w| w.kind)
        .collect()
}

impl WaitingKind {
    /// What the company is asked to do, on its engagement's card.
    pub fn to_answer(self) -> Localized {
        match self {
            WaitingKind::Care => Localized::new(
                "育児・介護などへの配慮の申し出が届いています。回答してください。",
                "A request for consideration of childcare or caregiving has come: please answer it.",
            ),
            WaitingKind::Reason => Localized::new(
                "契約を終える理由の説明を求められています。回答してください。",
                "You are asked for the reason the work ends: please answer it.",
            ),
        }
    }
}

/// The list as the page shows it: the longest waiting first, then by engagement.
pub fn oldest_first(list: &mut [WaitingRequest]) {
    list.sort_by(|a, b| {
        (a.asked_on, &a.engagement, a.kind as u8).cmp(&(b.asked_on, &b.engagement, b.kind as u8))
    });
}

fn waiting(
    engagement: &str,
    kind: WaitingKind,
    sides: Sides<'_>,
    asked_on: NaiveDate,
    today: NaiveDate,
) -> WaitingRequest {
    let days_waiting = (today - asked_on).num_days().max(0);
    WaitingRequest {
        engagement: engagement.to_owned(),
        kind,
        asked_on,
        days_waiting,
        commissioner: sides.commissioner.to_owned(),
        contractor: sides.contractor.to_owned(),
        through_hub: sides.through_hub,
        message: message(kind, sides, asked_on, days_waiting),
    }
}

/// "A asked B on D for …; no answer for N days", in both languages. Names left blank (no terms
/// yet) read as "the resident" and "the commissioning side".
fn message(kind: WaitingKind, sides: Sides<'_>, asked_on: NaiveDate, days: i64) -> Localized {
    let named = |name: &str, honorific: &str, ja: &str, en: &str| -> (String, String) {
        match name.trim() {
            "" => (ja.to_owned(), en.to_owned()),
            name => (format!("{name}{honorific}"), name.to_owned()),
        }
    };
    let (who_ja, who_en) = named(sides.contractor, "さん", "住民", "The resident");
    let (whom_ja, whom_en) = named(sides.commissioner, "", "発注者", "the commissioning side");
    let (what_ja, what_en) = match kind {
        WaitingKind::Care => (
            "育児・介護などへの配慮を求めました",
            "asked for consideration of childcare or caregiving",
        ),
        WaitingKind::Reason => (
            "契約を終える理由の説明を求めました",
            "asked for the reason the work ends",
        ),
    };
    Localized::new(
        format!(
            "{who_ja}が{}に{whom_ja}へ{what_ja}。{days}日間、回答がありません。",
            date_text(asked_on, Lang::Ja)
        ),
        format!(
            "{who_en} {what_en} from {whom_en} on {}; no answer for {days} {}.",
            date_text(asked_on, Lang::En),
            if days == 1 { "day" } else { "days" }
        ),
    )
}

#[cfg(test)]
mod tests;
