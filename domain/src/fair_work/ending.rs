//! Ending work lawfully (Freelance Act, Art. 16): a 特定業務委託事業者 that ends, or does not
//! renew, work that has run 6 months or more (継続的業務委託, 施行令 第3条; renewals count) gives
//! at least 30 days' notice in writing or electronically (予告), unless one of the five
//! exceptions of the ministerial ordinance applies; and when the freelancer asks for the reason
//! between the notice and the end, discloses it without delay (Art. 16(2)).
//!
//! Sources: 特定受託事業者に係る取引の適正化等に関する法律 第16条; 厚生労働省関係特定受託事業者に
//! 係る取引の適正化等に関する法律施行規則 (令和6年厚生労働省令第94号) on the exceptions
//! ([`NoticeException`]) and the means (書面, ファクシミリ, 電子メール等); 厚生労働省
//! 「特定業務委託事業者が募集情報の的確表示、育児介護等に対する配慮及び業務委託に関して行われる
//! 言動に起因する問題に関して講ずべき措置等に関して適切に対処するための指針」 and
//! 公正取引委員会・厚生労働省「特定受託事業者に係る取引の適正化等に関する法律の考え方」 on how
//! renewals are chained: contracts follow each other when the gap between them (from the day
//! after one ends to the day before the next starts) is shorter than one month.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::obligations::Reach;
use super::{Refusal, RefusalCode, date_text};
use crate::engagement::{EngagementEvent, EngagementState, EventKind, Role};
use crate::metrics::jst_date;
use crate::model::{Lang, Localized};

/// Days of notice Art. 16(1) requires.
pub const NOTICE_DAYS: u64 = 30;

/// One contract of an engagement: the first or a renewal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractTerm {
    pub start: NaiveDate,
    /// The agreed last day; `None` when the contract has no fixed end (期間の定めなし).
    pub end: Option<NaiveDate>,
}

/// The continuous run of work that ends with the latest contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContinuousWork {
    pub first_day: NaiveDate,
    /// `None`: no fixed end.
    pub last_day: Option<NaiveDate>,
}

/// Whether `next` follows a contract that ended on `end` closely enough to continue it: the gap
/// from the day after `end` to the day before `next` is shorter than one month.
pub fn continues(end: NaiveDate, next: NaiveDate) -> bool {
    let gap_start = end.succ_opt().unwrap_or(end);
    // The gap (gap_start ..= next − 1) is shorter than a month when it ends before the last day
    // of a one-month period from gap_start: next − 1 < that day.
    next <= months_period_end(gap_start, 1)
}

/// The last day of a period of `months` months whose first day is `first` (民法 第143条): the
/// day before the same day `months` later, or the last day of that month when it has no such
/// day (a period from 31 August ends on the last day of February).
pub fn months_period_end(first: NaiveDate, months: u32) -> NaiveDate {
    match first.checked_add_months(Months::new(months)) {
        // Clamped to a shorter month: that month has no corresponding day.
        Some(d) if d.day() != first.day() => d,
        Some(d) => d.pred_opt().unwrap_or(d),
        None => NaiveDate::MAX,
    }
}

/// The continuous run (renewals chained) that includes the latest contract. `None` for no
/// contracts.
pub fn continuous_work(terms: &[ContractTerm]) -> Option<ContinuousWork> {
    let mut sorted: Vec<ContractTerm> = terms.to_vec();
    sorted.sort_by_key(|t| t.start);
    let mut run: Option<ContinuousWork> = None;
    for t in sorted {
        run = Some(match run {
            Some(r) if r.last_day.is_none_or(|end| continues(end, t.start)) => ContinuousWork {
                first_day: r.first_day,
                last_day: match (r.last_day, t.end) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                },
            },
            _ => ContinuousWork {
                first_day: t.start,
                last_day: t.end,
            },
        });
    }
    run
}

/// Whether a run from `first` to `last` (inclusive) lasts `months` months or more: it reaches
/// the end of the period of that many months ([`months_period_end`]; 1 April to 30 September
/// is six).
pub fn lasts_months(first: NaiveDate, last: Option<NaiveDate>, months: u32) -> bool {
    last.is_none_or(|last| last >= months_period_end(first, months))
}

impl ContinuousWork {
    /// The thresholds reached: 1 month (Art. 5) and 6 months (Art. 13, 16). A contract without a
    /// fixed end counts as 6 months or more.
    pub fn reach(&self) -> Reach {
        if lasts_months(self.first_day, self.last_day, 6) {
            Reach::SixMonths
        } else if lasts_months(self.first_day, self.last_day, 1) {
            Reach::OneMonth
        } else {
            Reach::UnderOneMonth
        }
    }
}

/// The five cases in which no notice is needed (厚生労働省令, 施行規則 on Art. 16(1) ただし書),
/// phrased as the ordinance does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeException {
    /// 災害その他やむを得ない事由により予告することが困難な場合.
    DisasterOrUnavoidable,
    /// 元委託者からの業務委託の全部又は一部が解除されたこと等により、再委託をした業務の大部分が
    /// 不要となった場合等で、直ちに解除することが必要であると認められる場合 (再委託 only).
    OriginalCommissionCancelled,
    /// 業務委託の期間が30日以下である一の業務委託（基本契約に基づく個別契約）を解除しようとする場合.
    IndividualContractOf30DaysOrLess,
    /// 特定受託事業者の責めに帰すべき事由により直ちに契約の解除をすることが必要であると
    /// 認められる場合.
    FreelancerAtFault,
    /// 基本契約を締結している場合であって、特定受託事業者の事情により相当な期間、個別契約が
    /// 締結されていない場合.
    NoIndividualContractsForFreelancersReasons,
}

impl NoticeException {
    pub const ALL: [NoticeException; 5] = [
        NoticeException::DisasterOrUnavoidable,
        NoticeException::OriginalCommissionCancelled,
        NoticeException::IndividualContractOf30DaysOrLess,
        NoticeException::FreelancerAtFault,
        NoticeException::NoIndividualContractsForFreelancersReasons,
    ];

    /// In plain words, for the choice on screen.
    pub fn label(self) -> Localized {
        let (ja, en) = match self {
            NoticeException::DisasterOrUnavoidable => (
                "災害などやむを得ない事情で、前もって伝えることができない",
                "A disaster or other unavoidable event makes notice impossible",
            ),
            NoticeException::OriginalCommissionCancelled => (
                "再委託で、元の発注者が仕事を取りやめたため、すぐに終える必要がある",
                "A re-commission whose original client cancelled the work, so it must end at once",
            ),
            NoticeException::IndividualContractOf30DaysOrLess => (
                "基本契約にもとづく、期間30日以下の個別の仕事を取りやめる",
                "Cancelling one individual contract of 30 days or less under a basic contract",
            ),
            NoticeException::FreelancerAtFault => (
                "受注者の責任による事情で、すぐに終える必要がある",
                "The freelancer's own fault makes it necessary to end at once",
            ),
            NoticeException::NoIndividualContractsForFreelancersReasons => (
                "基本契約があるが、受注者の事情で長い間、個別の仕事を頼めていない",
                "Under a basic contract, no individual work has been agreed for a long time for the freelancer's reasons",
            ),
        };
        Localized::new(ja, en)
    }
}

/// How the company ends the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndingKind {
    /// 契約の解除.
    Termination,
    /// 契約期間満了後に更新しない.
    NonRenewal,
}

/// What an ending needs, once allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum EndingBasis {
    /// Under 6 months (or not a 特定業務委託事業者): Art. 16 does not apply.
    NoNoticeRequired,
    /// Notice given on `notice_on`, 30 days or more before the end.
    Notice { notice_on: NaiveDate },
    /// One of the five exceptions.
    Exception { exception: NoticeException },
}

/// The earliest lawful last day for a notice given on `notice_on`.
pub fn earliest_end(notice_on: NaiveDate) -> NaiveDate {
    notice_on
        .checked_add_days(Days::new(NOTICE_DAYS))
        .unwrap_or(NaiveDate::MAX)
}

/// Art. 16(1): may the work end on `ends_on` with notice given on `notice_on`? Refused with the
/// earliest lawful end date when notice is short and no exception is chosen.
/// `specified`: the company is a 特定業務委託事業者. `recommission`: the engagement is a 再委託
/// (the original client's cancellation is an exception only then).
pub fn check_ending(
    work: &ContinuousWork,
    specified: bool,
    recommission: bool,
    notice_on: NaiveDate,
    ends_on: NaiveDate,
    exception: Option<NoticeException>,
) -> Result<EndingBasis, Refusal> {
    if ends_on < notice_on {
        return Err(Refusal::new(
            RefusalCode::Inconsistent,
            "終了日が、伝える日より前になっています。",
            "The last day is before the day of notice.",
        ));
    }
    if !specified || work.reach() < Reach::SixMonths {
        return Ok(EndingBasis::NoNoticeRequired);
    }
    if let Some(exception) = exception {
        if exception == NoticeException::OriginalCommissionCancelled && !recommission {
            return Err(Refusal::new(
                RefusalCode::Inconsistent,
                "この理由は再委託の仕事のときだけ選べます。",
                "This reason applies only to a re-commission.",
            ));
        }
        return Ok(EndingBasis::Exception { exception });
    }
    let earliest = earliest_end(notice_on);
    if ends_on >= earliest {
        return Ok(EndingBasis::Notice { notice_on });
    }
    Err(Refusal::new(
        RefusalCode::NoticeTooShort,
        format!(
            "6か月以上続いている仕事は、終える30日前までに書面やメッセージで伝える必要があります（フリーランス法第16条）。{}に伝える場合、終了日は{}以降にしてください。法令の例外にあたるときは、その理由を選んでください。",
            date_text(notice_on, Lang::Ja),
            date_text(earliest, Lang::Ja)
        ),
        format!(
            "Work that has run 6 months or more must be given 30 days' written notice before it ends (Freelance Act, Art. 16). With notice on {}, the last day can be {} or later. If one of the exceptions in the law applies, please choose it.",
            date_text(notice_on, Lang::En),
            date_text(earliest, Lang::En)
        ),
    ))
}

/// Why a company may withhold the reason (Art. 16(2) ただし書 and the ordinance).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonWithheld {
    /// 第三者の利益を害するおそれがある場合.
    ThirdPartyInterest,
    /// 他の法令に違反することとなる場合.
    OtherLaw,
}

/// A freelancer's request for the reason of an ending, tracked until answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReasonRequest {
    Open {
        requested_on: NaiveDate,
    },
    Answered {
        requested_on: NaiveDate,
        answered_on: NaiveDate,
        reason: String,
    },
    Withheld {
        requested_on: NaiveDate,
        answered_on: NaiveDate,
        ground: ReasonWithheld,
    },
}

impl ReasonRequest {
    /// Art. 16(2): a request between the notice and the last day must be answered.
    pub fn request(
        notice_on: NaiveDate,
        ends_on: NaiveDate,
        requested_on: NaiveDate,
    ) -> Result<ReasonRequest, Refusal> {
        if requested_on < notice_on || requested_on > ends_on {
            return Err(Refusal::new(
                RefusalCode::OutOfWindow,
                format!(
                    "理由を求められるのは、終了を伝えられた日（{}）から終了日（{}）までです。",
                    date_text(notice_on, Lang::Ja),
                    date_text(ends_on, Lang::Ja)
                ),
                format!(
                    "The reason can be asked for from the day of notice ({}) to the last day ({}).",
                    date_text(notice_on, Lang::En),
                    date_text(ends_on, Lang::En)
                ),
            ));
        }
        Ok(ReasonRequest::Open { requested_on })
    }

    pub fn is_open(&self) -> bool {
        matches!(self, ReasonRequest::Open { .. })
    }

    /// Days the request has waited as of `today` (the request day is day 0); `None` once answered.
    pub fn days_waiting(&self, today: NaiveDate) -> Option<i64> {
        match self {
            ReasonRequest::Open { requested_on } => Some((today - *requested_on).num_days().max(0)),
            _ => None,
        }
    }

    /// The company answers with the reason.
    pub fn answer(&self, on: NaiveDate, reason: &str) -> Result<ReasonRequest, Refusal> {
        let requested_on = self.open_since()?;
        if reason.trim().is_empty() {
            return Err(Refusal::new(
                RefusalCode::Inconsistent,
                "理由を書いてください。",
                "Please write the reason.",
            ));
        }
        Ok(ReasonRequest::Answered {
            requested_on,
            answered_on: on.max(requested_on),
            reason: reason.trim().to_owned(),
        })
    }

    /// The company declines on a lawful ground.
    pub fn withhold(
        &self,
        on: NaiveDate,
        ground: ReasonWithheld,
    ) -> Result<ReasonRequest, Refusal> {
        let requested_on = self.open_since()?;
        Ok(ReasonRequest::Withheld {
            requested_on,
            answered_on: on.max(requested_on),
            ground,
        })
    }

    fn open_since(&self) -> Result<NaiveDate, Refusal> {
        match self {
            ReasonRequest::Open { requested_on } => Ok(*requested_on),
            _ => Err(Refusal::new(
                RefusalCode::NotAllowedNow,
                "この求めにはもう答えています。",
                "This request has already been answered.",
            )),
        }
    }
}

/// What the desk holds of an engagement's fair-work terms, as the end-event rule reads it
/// ([`check_end_event`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermsFacts {
    /// The commissioner is a 特定業務委託事業者; `true` while no terms are recorded (the
    /// stricter reading, as the ending record takes it).
    pub specified: bool,
    /// The engagement is a 再委託 through the hub.
    pub recommission: bool,
    /// The first day of the statement's delivery period, when it names one.
    pub from: Option<NaiveDate>,
}

impl Default for TermsFacts {
    fn default() -> Self {
        TermsFacts {
            specified: true,
            recommission: false,
            from: None,
        }
    }
}

/// Art. 16(1) on the engagement's own end events: a `completed` or `cancelled` posted by the
/// commissioning side (the company, or the hub acting for it) ends the work on the event's day
/// (JST). Work that has run 6 months or more by then (from the trial's start, or the terms'
/// first day when earlier; renewals are the same engagement, so they count) needs an ending
/// record ([`EndingRecord`](super::api::EndingRecord)) whose notice was given 30 days or more
/// before that day, or that chose one of the listed exceptions. The resident may always stop;
/// an engagement whose work never started (no trial) has nothing to give notice of.
pub fn check_end_event(
    state: &EngagementState,
    event: &EngagementEvent,
    terms: TermsFacts,
    ending: Option<&super::api::EndingRecord>,
) -> Result<(), Refusal> {
    if !matches!(
        event.kind,
        EventKind::Completed | EventKind::Cancelled { .. }
    ) || !matches!(event.actor.role, Role::Company | Role::Hub)
    {
        return Ok(());
    }
    let Some(first_day) = state
        .trial_started_at
        .map(jst_date)
        .into_iter()
        .chain(terms.from)
        .min()
    else {
        return Ok(());
    };
    let ends_on = jst_date(event.at).max(first_day);
    let work = ContinuousWork {
        first_day,
        last_day: Some(ends_on),
    };
    match ending {
        Some(e) => {
            let exception = match e.basis {
                EndingBasis::Exception { exception } => Some(exception),
                _ => None,
            };
            check_ending(
                &work,
                terms.specified,
                terms.recommission,
                e.notice_on.min(ends_on),
                ends_on,
                exception,
            )
            .map(|_| ())
        }
        None => match check_ending(
            &work,
            terms.specified,
            terms.recommission,
            ends_on,
            ends_on,
            None,
        ) {
            Ok(_) => Ok(()),
            Err(r) if r.code == RefusalCode::NoticeTooShort => {
                Err(notice_first(earliest_end(ends_on)))
            }
            Err(r) => Err(r),
        },
    }
}

fn notice_first(earliest: NaiveDate) -> Refusal {
    Refusal::new(
        RefusalCode::NoticeTooShort,
        format!(
            "この仕事は6か月以上続いているため、終える30日前までに伝える必要があります（フリーランス法第16条）。先に「終了の予告」を記録してください。今日伝えると、終えられるのは{}からです。法令の例外にあたるときは、予告の画面でその理由を選んでください。",
            date_text(earliest, Lang::Ja)
        ),
        format!(
            "This work has run 6 months or more, so it must be given 30 days' notice before it ends (Freelance Act, Art. 16). Please record the notice of ending first. With notice today, it can end from {}. If one of the exceptions in the law applies, choose it on the notice page.",
            date_text(earliest, Lang::En)
        ),
    )
}

#[cfg(test)]
mod tests;
