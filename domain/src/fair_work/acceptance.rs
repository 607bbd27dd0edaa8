//! Work reports and inspection (検収): the resident reports a period's hours or deliverables;
//! the company accepts them or asks for a fix within the agreed days (the terms statement's
//! inspection item, [`Inspection`]); after those days the report is accepted automatically.
//!
//! The pay clock does not wait for inspection: Art. 4(1) counts 60 days from the day the work
//! is received (給付を受領した日), "whether or not it is inspected". So [`ReportState::received_on`]
//! is the first submission, and the due date comes from it ([`super::pay_calendar`]), never from
//! the acceptance date. Asking for a redo without the freelancer being at fault is a prohibited
//! act (Art. 5(2)(ii), 不当な給付内容の変更・やり直し) for work of a month or more; the domain
//! records the reason given, it cannot judge it.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::terms_statement::Inspection;
use super::{Refusal, RefusalCode, date_text};
use crate::model::Lang;

/// Most hours one report may hold: every hour of a 31-day month.
pub const MAX_REPORT_MINUTES: u32 = 31 * 24 * 60;

/// What a report holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportContent {
    /// Time worked, in minutes.
    Hours { minutes: u32 },
    /// What was delivered, one line each.
    Deliverables { items: Vec<String> },
}

impl ReportContent {
    /// Refuses an empty or impossible report.
    pub fn check(&self) -> Result<(), Refusal> {
        let bad = |ja: &str, en: &str| Err(Refusal::new(RefusalCode::Inconsistent, ja, en));
        match self {
            ReportContent::Hours { minutes: 0 } => bad(
                "作業時間を入力してください。",
                "Please enter the time worked.",
            ),
            ReportContent::Hours { minutes } if *minutes > MAX_REPORT_MINUTES => bad(
                "作業時間が多すぎます。入力を確認してください。",
                "Too many hours for one period. Please check the number.",
            ),
            ReportContent::Deliverables { items } if items.iter().all(|i| i.trim().is_empty()) => {
                bad(
                    "納品したものを1つ以上書いてください。",
                    "Please list at least one thing you delivered.",
                )
            }
            _ => Ok(()),
        }
    }
}

/// How a report came to be accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AcceptedHow {
    /// The company accepted it.
    ByCompany,
    /// The inspection days passed without an answer.
    Automatically,
    /// The terms say the work is not inspected.
    NotInspected,
}

/// Where a report stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReportState {
    /// Waiting for the company until `review_until` (inclusive).
    Submitted {
        received_on: NaiveDate,
        submitted_on: NaiveDate,
        review_until: NaiveDate,
    },
    /// The company asked for a fix.
    Returned {
        received_on: NaiveDate,
        returned_on: NaiveDate,
        reason: String,
    },
    Accepted {
        received_on: NaiveDate,
        accepted_on: NaiveDate,
        how: AcceptedHow,
    },
}

/// What happens to a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ReportEvent {
    /// The resident submits (or resubmits after a fix).
    Submit {
        on: NaiveDate,
    },
    Accept {
        on: NaiveDate,
    },
    /// The company asks for a fix, with the reason.
    Return {
        on: NaiveDate,
        reason: String,
    },
}

/// The last day the company may answer a report submitted on `submitted_on`; `None` when the
/// work is not inspected (accepted on receipt).
pub fn review_until(submitted_on: NaiveDate, inspection: Inspection) -> Option<NaiveDate> {
    match inspection {
        Inspection::None => None,
        Inspection::DaysAfterReceipt(n) => submitted_on.checked_add_days(Days::new(u64::from(n))),
        Inspection::By(d) => Some(d.max(submitted_on)),
    }
}

impl ReportState {
    /// The day the work was first received: the pay clock starts here (Art. 4(1)).
    pub fn received_on(&self) -> NaiveDate {
        match self {
            ReportState::Submitted { received_on, .. }
            | ReportState::Returned { received_on, .. }
            | ReportState::Accepted { received_on, .. } => *received_on,
        }
    }

    /// The first submission of a report.
    pub fn submit(on: NaiveDate, inspection: Inspection) -> ReportState {
        Self::submitted(on, on, inspection)
    }

    fn submitted(received_on: NaiveDate, on: NaiveDate, inspection: Inspection) -> ReportState {
        match review_until(on, inspection) {
            None => ReportState::Accepted {
                received_on,
                accepted_on: on,
                how: AcceptedHow::NotInspected,
            },
            Some(review_until) => ReportState::Submitted {
                received_on,
                submitted_on: on,
                review_until,
            },
        }
    }

    /// The state as of `today`: a submitted report whose inspection days are over is accepted
    /// automatically, on the day after the last of them.
    pub fn settle(&self, today: NaiveDate) -> ReportState {
        match self {
            ReportState::Submitted {
                received_on,
                review_until,
                ..
            } if today > *review_until => ReportState::Accepted {
                received_on: *received_on,
                accepted_on: review_until.succ_opt().unwrap_or(*review_until),
                how: AcceptedHow::Automatically,
            },
            other => other.clone(),
        }
    }

    /// Applies an event (after settling as of the event's date); the new state or why not.
    pub fn apply(
        &self,
        event: &ReportEvent,
        inspection: Inspection,
    ) -> Result<ReportState, Refusal> {
        let on = match event {
            ReportEvent::Submit { on }
            | ReportEvent::Accept { on }
            | ReportEvent::Return { on, .. } => *on,
        };
        let state = self.settle(on);
        match (&state, event) {
            (
                ReportState::Returned {
                    received_on,
                    returned_on,
                    ..
                },
                ReportEvent::Submit { on },
            ) => {
                if on < returned_on {
                    return Err(before(*returned_on));
                }
                Ok(Self::submitted(*received_on, *on, inspection))
            }
            (
                ReportState::Submitted { submitted_on, .. },
                ReportEvent::Accept { on } | ReportEvent::Return { on, .. },
            ) if on < submitted_on => Err(before(*submitted_on)),
            (ReportState::Submitted { received_on, .. }, ReportEvent::Accept { on }) => {
                Ok(ReportState::Accepted {
                    received_on: *received_on,
                    accepted_on: *on,
                    how: AcceptedHow::ByCompany,
                })
            }
            (ReportState::Submitted { received_on, .. }, ReportEvent::Return { on, reason }) => {
                if reason.trim().is_empty() {
                    return Err(Refusal::new(
                        RefusalCode::Inconsistent,
                        "直してほしいところを書いてください。",
                        "Please say what needs fixing.",
                    ));
                }
                Ok(ReportState::Returned {
                    received_on: *received_on,
                    returned_on: *on,
                    reason: reason.trim().to_owned(),
                })
            }
            (
                ReportState::Accepted {
                    accepted_on,
                    how: AcceptedHow::Automatically,
                    ..
                },
                ReportEvent::Return { .. },
            ) => Err(Refusal::new(
                RefusalCode::OutOfWindow,
                format!(
                    "検査の期間が終わったため、{}に自動で受け入れ済みです。直しを頼むことはできません。",
                    date_text(*accepted_on, Lang::Ja)
                ),
                format!(
                    "The inspection days are over: the report was accepted automatically on {}. A fix can no longer be requested.",
                    date_text(*accepted_on, Lang::En)
                ),
            )),
            (ReportState::Accepted { .. }, _) => Err(Refusal::new(
                RefusalCode::NotAllowedNow,
                "この報告は受け入れ済みです。",
                "This report is already accepted.",
            )),
            (ReportState::Submitted { .. }, ReportEvent::Submit { .. }) => Err(Refusal::new(
                RefusalCode::NotAllowedNow,
                "この報告は確認待ちです。",
                "This report is waiting for the company.",
            )),
            (ReportState::Returned { .. }, _) => Err(Refusal::new(
                RefusalCode::NotAllowedNow,
                "直しを頼んだ報告です。出し直されるのを待ってください。",
                "A fix was requested. Please wait for the report to be sent again.",
            )),
        }
    }
}

fn before(day: NaiveDate) -> Refusal {
    Refusal::new(
        RefusalCode::Inconsistent,
        format!("{}より前の日付にはできません。", date_text(day, Lang::Ja)),
        format!("The date cannot be before {}.", date_text(day, Lang::En)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    const FIVE_DAYS: Inspection = Inspection::DaysAfterReceipt(5);

    fn ret(on: NaiveDate) -> ReportEvent {
        ReportEvent::Return {
            on,
            reason: "写真を差し替えてください".into(),
        }
    }

    #[test]
    fn the_company_accepts_within_the_days() {
        let s = ReportState::submit(d(2026, 7, 31), FIVE_DAYS);
        assert_eq!(
            s,
            ReportState::Submitted {
                received_on: d(2026, 7, 31),
                submitted_on: d(2026, 7, 31),
                review_until: d(2026, 8, 5)
            }
        );
        let a = s
            .apply(&ReportEvent::Accept { on: d(2026, 8, 5) }, FIVE_DAYS)
            .expect("ok");
        assert_eq!(
            a,
            ReportState::Accepted {
                received_on: d(2026, 7, 31),
                accepted_on: d(2026, 8, 5),
                how: AcceptedHow::ByCompany
            }
        );
    }

    #[test]
    fn silence_accepts_the_report_the_day_after_the_last_day() {
        let s = ReportState::submit(d(2026, 7, 31), FIVE_DAYS);
        assert_eq!(s.settle(d(2026, 8, 5)), s, "still the last day");
        let auto = s.settle(d(2026, 8, 6));
        assert_eq!(
            auto,
            ReportState::Accepted {
                received_on: d(2026, 7, 31),
                accepted_on: d(2026, 8, 6),
                how: AcceptedHow::Automatically
            }
        );
        let e = s
            .apply(&ret(d(2026, 8, 6)), FIVE_DAYS)
            .expect_err("too late");
        assert_eq!(e.code, RefusalCode::OutOfWindow);
        assert!(e.message.ja.contains("2026年8月6日"), "{}", e.message.ja);
        assert!(
            s.apply(&ReportEvent::Accept { on: d(2026, 8, 9) }, FIVE_DAYS)
                .is_err()
        );
    }

    #[test]
    fn a_fix_restarts_the_days_but_not_the_pay_clock() {
        let s = ReportState::submit(d(2026, 7, 31), FIVE_DAYS);
        let r = s.apply(&ret(d(2026, 8, 3)), FIVE_DAYS).expect("returned");
        assert!(matches!(r, ReportState::Returned { .. }));
        assert!(
            r.apply(&ReportEvent::Accept { on: d(2026, 8, 4) }, FIVE_DAYS)
                .is_err()
        );
        let again = r
            .apply(&ReportEvent::Submit { on: d(2026, 8, 10) }, FIVE_DAYS)
            .expect("resubmitted");
        assert_eq!(
            again,
            ReportState::Submitted {
                received_on: d(2026, 7, 31),
                submitted_on: d(2026, 8, 10),
                review_until: d(2026, 8, 15)
            }
        );
        assert_eq!(again.received_on(), d(2026, 7, 31));
        assert!(
            again
                .apply(&ReportEvent::Submit { on: d(2026, 8, 11) }, FIVE_DAYS)
                .is_err()
        );
    }

    #[test]
    fn a_fix_needs_a_reason_and_dates_cannot_go_back() {
        let s = ReportState::submit(d(2026, 7, 31), FIVE_DAYS);
        let blank = ReportEvent::Return {
            on: d(2026, 8, 1),
            reason: "  ".into(),
        };
        assert_eq!(
            s.apply(&blank, FIVE_DAYS).map_err(|e| e.code),
            Err(RefusalCode::Inconsistent)
        );
        assert!(
            s.apply(&ReportEvent::Accept { on: d(2026, 7, 30) }, FIVE_DAYS)
                .is_err()
        );
    }

    #[test]
    fn uninspected_work_is_accepted_on_receipt_and_a_date_deadline_holds() {
        let s = ReportState::submit(d(2026, 7, 31), Inspection::None);
        assert!(matches!(
            s,
            ReportState::Accepted {
                how: AcceptedHow::NotInspected,
                ..
            }
        ));
        assert_eq!(
            review_until(d(2026, 7, 31), Inspection::By(d(2026, 8, 10))),
            Some(d(2026, 8, 10))
        );
        assert_eq!(
            review_until(d(2026, 8, 20), Inspection::By(d(2026, 8, 10))),
            Some(d(2026, 8, 20))
        );
    }

    #[test]
    fn reports_need_content() {
        assert!(ReportContent::Hours { minutes: 0 }.check().is_err());
        assert!(
            ReportContent::Hours {
                minutes: MAX_REPORT_MINUTES + 1
            }
            .check()
            .is_err()
        );
        assert!(ReportContent::Hours { minutes: 600 }.check().is_ok());
        assert!(
            ReportContent::Deliverables {
                items: vec![" ".into()]
            }
            .check()
            .is_err()
        );
        assert!(
            ReportContent::Deliverables {
                items: vec!["投稿12本".into()]
            }
            .check()
            .is_ok()
        );
    }

    fn event(kind: u8, on: NaiveDate) -> ReportEvent {
        match kind {
            0 => ReportEvent::Submit { on },
            1 => ReportEvent::Accept { on },
            _ => ReportEvent::Return {
                on,
                reason: "直してください".into(),
            },
        }
    }

    proptest::proptest! {
        /// Whatever the company and the resident do, in any order: the receipt date never moves,
        /// acceptance is final, never before the receipt, and silence past the last review day
        /// accepts on the day after it.
        #[test]
        fn acceptance_is_final_and_the_receipt_date_fixed(
            days in 0u8..15,
            steps in proptest::collection::vec((0u8..3, 0u64..10), 0..12),
        ) {
            let inspection = Inspection::DaysAfterReceipt(days);
            let received = d(2026, 7, 31);
            let mut state = ReportState::submit(received, inspection);
            let mut today = received;
            for (kind, gap) in steps {
                today = today + Days::new(gap);
                let before = state.settle(today);
                match state.apply(&event(kind, today), inspection) {
                    Ok(next) => {
                        let was_accepted = matches!(before, ReportState::Accepted { .. });
                        proptest::prop_assert!(!was_accepted);
                        state = next;
                    }
                    Err(_) => state = before,
                }
                proptest::prop_assert_eq!(state.received_on(), received);
                if let ReportState::Accepted { accepted_on, .. } = state {
                    proptest::prop_assert!(accepted_on >= received);
                }
                if let ReportState::Submitted { review_until, .. } = &state {
                    let review_until = *review_until;
                    let later = review_until + Days::new(1);
                    let settled = state.settle(later);
                    proptest::prop_assert_eq!(
                        settled,
                        ReportState::Accepted {
                            received_on: received,
                            accepted_on: later,
                            how: AcceptedHow::Automatically,
                        }
                    );
                }
            }
        }
    }

    #[test]
    fn states_travel_as_tagged_json() {
        let s = ReportState::submit(d(2026, 7, 31), FIVE_DAYS);
        let json = serde_json::to_value(&s).expect("json");
        assert_eq!(json["state"], "submitted");
        assert_eq!(
            serde_json::from_value::<ReportState>(json).expect("back"),
            s
        );
    }
}
