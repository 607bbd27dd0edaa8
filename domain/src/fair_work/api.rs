//! What the fair-work API sends and receives (issue 19), defined once for the worker and the
//! app. Rules stay in the sibling modules; these are shapes, and the form checks that turn an
//! input into the domain's types.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::acceptance::{ReportContent, ReportEvent, ReportState};
use super::care::{CareDuty, CareRecord};
use super::ending::{EndingBasis, EndingKind, NoticeException, ReasonRequest};
use super::invoice::{Invoice, RegistrationNumber};
use super::obligations::{BusinessForm, BusinessProfile};
use super::pay_calendar::PaySchedule;
use super::payout::{BankAccount, BankAccountInput};
use super::terms_statement::{Amount, PaymentDue, Side, TermsStatement};
use super::{Refusal, Yen};
use crate::model::{CompanyId, Localized, ResidentId};
use crate::validate::{ErrorCode, FieldError, ValidationErrors};

/// `GET/PUT /api/v1/companies/{id}/fair-work-profile`: the facts that decide which duties of
/// the Act a company owes, and what they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyFairProfile {
    pub profile: BusinessProfile,
    /// 特定業務委託事業者: the 60-day limit, notice of ending and the other duties apply.
    pub specified: bool,
    /// The duties, in plain words (for work of 6 months or more).
    pub duties: Vec<Localized>,
    /// Whether the company has answered. Until it does, `profile` is the cautious default
    /// (a company with an employee: every duty applies).
    pub answered: bool,
}

/// Most officers or employees a form accepts (a typo guard, not a rule).
pub const MAX_HEADCOUNT: u32 = 1_000_000;

/// Checks a company's answers: a company has at least its representative as officer.
pub fn check_business_profile(p: &BusinessProfile) -> Result<(), ValidationErrors> {
    let mut errors = Vec::new();
    if p.form == BusinessForm::Corporation && p.officers == 0 {
        errors.push(FieldError {
            field: "officers".into(),
            code: ErrorCode::OutOfRange,
            message: Localized::new(
                "法人の役員の数は、代表者を含めて1人以上です。",
                "A company has at least one officer, its representative.",
            ),
        });
    }
    for (field, n) in [("employees", p.employees), ("officers", p.officers)] {
        if n > MAX_HEADCOUNT {
            errors.push(FieldError {
                field: field.into(),
                code: ErrorCode::OutOfRange,
                message: Localized::new("人数を確かめてください。", "Please check the number."),
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ValidationErrors(errors))
    }
}

/// `PUT /api/v1/me/payout`: how the resident is paid, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutInput {
    /// "T" and 13 digits, or empty (no registration: plain 請求書). Required, so that an empty
    /// body changes nothing.
    pub registration_number: String,
    #[serde(default)]
    pub bank: Option<BankAccountInput>,
}

/// A resident's checked payout profile (stored; the bank details are personal).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutProfile {
    pub registration_number: Option<RegistrationNumber>,
    pub bank: Option<BankAccount>,
}

impl PayoutInput {
    /// Every problem at once; bank fields are named `bank.{field}`.
    pub fn validate(&self) -> Result<PayoutProfile, ValidationErrors> {
        let mut errors = Vec::new();
        let registration_number =
            match RegistrationNumber::parse_optional(&self.registration_number) {
                Ok(r) => r,
                Err(e) => {
                    errors.push(FieldError {
                        field: "registration_number".into(),
                        ..e
                    });
                    None
                }
            };
        let bank = match &self.bank {
            None => None,
            Some(b) => match b.validate() {
                Ok(b) => Some(b),
                Err(e) => {
                    errors.extend(e.0.into_iter().map(|f| FieldError {
                        field: format!("bank.{}", f.field),
                        ..f
                    }));
                    None
                }
            },
        };
        if errors.is_empty() {
            Ok(PayoutProfile {
                registration_number,
                bank,
            })
        } else {
            Err(ValidationErrors(errors))
        }
    }
}

/// Who contracts whom: the company directly, or the hub passing the company's order on (再委託).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Contracting {
    Direct,
    ThroughHub,
}

/// `PUT /api/v1/engagements/{id}/fair-terms`: the terms the commissioner sets. Parties, the
/// content and the place come from the engagement and its job unless given here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FairTermsInput {
    pub contracting: Contracting,
    /// 再委託: the original client's name (the company's, unless given).
    #[serde(default)]
    pub original_client: Option<String>,
    /// 再委託: the date the original client pays the hub (元委託支払期日).
    #[serde(default)]
    pub original_due: Option<NaiveDate>,
    /// The date of the commission (default: today).
    #[serde(default)]
    pub commissioned_on: Option<NaiveDate>,
    /// The content of the work (default: the job's title and description).
    #[serde(default)]
    pub content: Option<String>,
    pub delivery_from: NaiveDate,
    pub delivery_to: NaiveDate,
    /// The place (default: from the job: remote, or the municipality of the work).
    #[serde(default)]
    pub place: Option<String>,
    /// Inspection is completed within this many days of a report (0: not inspected).
    pub inspection_days: u8,
    pub amount: Amount,
    pub payment_due: PaymentDue,
    pub payment_method: String,
}

/// Days to inspect a report that a new statement proposes.
pub const DRAFT_INSPECTION_DAYS: u8 = 5;
/// The payment method a new statement proposes.
pub const DRAFT_PAYMENT_METHOD: &str = "銀行振込（振込手数料は発注者負担）";

impl FairTermsInput {
    /// `GET /api/v1/engagements/{id}/fair-terms/draft`: the first statement as the posting
    /// states it, for the commissioner to check and send: the job's pay as the rate (per hour,
    /// or per item for pay per task), its pay calendar, its length from `today`. Names, content
    /// and place are filled in when it is sent (`TermsStatement::of_engagement`).
    pub fn draft(job: &crate::model::Job, contracting: Contracting, today: NaiveDate) -> Self {
        use super::terms_statement::RateUnit;
        use crate::model::Pay;
        let amount = match job.pay {
            Pay::Hourly { yen } => Amount::Rate {
                yen: Yen(u64::from(yen)),
                per: RateUnit::Hour,
            },
            Pay::PerTask { yen, .. } => Amount::Rate {
                yen: Yen(u64::from(yen)),
                per: RateUnit::Item,
            },
        };
        let days = u64::from(job.duration_weeks.max(1)) * 7 - 1;
        FairTermsInput {
            contracting,
            original_client: None,
            original_due: None,
            commissioned_on: None,
            content: None,
            delivery_from: today,
            delivery_to: today + chrono::Days::new(days),
            place: None,
            inspection_days: DRAFT_INSPECTION_DAYS,
            amount,
            payment_due: PaymentDue::Schedule(job.pay_schedule),
            payment_method: DRAFT_PAYMENT_METHOD.to_owned(),
        }
    }
}

/// One side's acknowledgement as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AckView {
    pub side: Side,
    pub at: DateTime<Utc>,
    pub text_hash: String,
}

/// `GET /api/v1/engagements/{id}/fair-terms`: the statement in force, its text in both
/// languages, its hash and who acknowledged it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FairTermsView {
    pub engagement: String,
    pub version: u32,
    pub contracting: Contracting,
    pub specified: bool,
    pub statement: TermsStatement,
    pub text: Localized,
    /// SHA-256 of the exact text (`canonical_text`) to send back when acknowledging.
    pub text_hash: String,
    pub acknowledgements: Vec<AckView>,
    /// Both sides acknowledged this version: work may start.
    pub agreed: bool,
    /// The reader's side, if the reader is a party.
    pub my_side: Option<Side>,
    /// What Art. 13 asks of the commissioner for this work (consideration of pregnancy,
    /// childcare and caregiving: a duty, an effort, or none).
    #[serde(default)]
    pub care_duty: Option<CareDuty>,
    /// The resident's requests for that consideration and their answers, oldest first.
    #[serde(default)]
    pub care_requests: Vec<CareRecord>,
}

/// `POST /api/v1/engagements/{id}/fair-terms/acknowledgements`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcknowledgeInput {
    pub version: u32,
    pub text_hash: String,
}

/// `POST /api/v1/engagements/{id}/work-reports`: a period's hours or deliverables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkReportInput {
    /// `YYYY-MM`.
    pub period: String,
    pub content: ReportContent,
}

/// Checks a period `YYYY-MM` (months 1–12, years 2000–2100).
pub fn check_period(period: &str) -> Result<(i32, u32), ValidationErrors> {
    let parsed = period.split_once('-').and_then(|(y, m)| {
        let y: i32 = y.parse().ok()?;
        let m: u32 = m.parse().ok()?;
        ((2000..=2100).contains(&y) && (1..=12).contains(&m) && period.len() == 7).then_some((y, m))
    });
    parsed.ok_or_else(|| {
        ValidationErrors(vec![FieldError {
            field: "period".into(),
            code: ErrorCode::InvalidDate,
            message: Localized::new(
                "月は「2026-07」の形で入力してください。",
                "Please give the month as 2026-07.",
            ),
        }])
    })
}

/// `POST /api/v1/engagements/{id}/work-reports/{report}/review`: accept, or ask for a fix
/// with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum ReviewInput {
    Accept,
    Fix { reason: String },
}

/// `POST /api/v1/engagements/{id}/invoices`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceInput {
    pub period: String,
}

/// `POST /api/v1/invoices/{id}/payments`: a payment the paying party made (moving money is
/// outside musubi; this records it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentInput {
    pub paid_on: NaiveDate,
    pub amount: Yen,
}

/// `PUT /api/v1/engagements/{id}/ending`: the company ends the work, or does not renew it,
/// on `ends_on`; notice is given today. An exception of the law may be chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndingInput {
    pub kind: EndingKind,
    pub ends_on: NaiveDate,
    #[serde(default)]
    pub exception: Option<NoticeException>,
}

/// `POST /api/v1/engagements/{id}/ending/reason`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonInput {
    pub reason: String,
}

/// `POST /api/v1/pay-schedules/check`: is a job's pay calendar lawful, and which payment days
/// are for its closing day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayScheduleCheck {
    pub schedule: PaySchedule,
    pub text: Localized,
    pub lawful: bool,
    pub refusal: Option<Refusal>,
    pub lawful_choices: Vec<PaySchedule>,
}

// ---- records and views the API answers ----

/// A work report and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRecord {
    pub id: String,
    pub engagement: String,
    /// `YYYY-MM`.
    pub period: String,
    pub content: ReportContent,
    pub state: ReportState,
    /// Every step, automatic acceptance included, in order.
    pub history: Vec<ReportEvent>,
}

/// A recorded payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRecord {
    pub id: i64,
    pub paid_on: NaiveDate,
    pub amount: Yen,
    pub confirmed_on: Option<NaiveDate>,
}

/// An invoice and the payments recorded against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRecord {
    pub id: String,
    pub engagement: String,
    pub period: String,
    pub resident: ResidentId,
    pub company: CompanyId,
    pub invoice: Invoice,
    pub created_at: DateTime<Utc>,
    pub payments: Vec<PaymentRecord>,
}

impl InvoiceRecord {
    pub fn paid(&self) -> Yen {
        self.payments.iter().map(|p| p.amount).sum()
    }
}

/// How an engagement ends, recorded when the company gives notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndingRecord {
    pub engagement: String,
    pub kind: EndingKind,
    pub notice_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub basis: EndingBasis,
    pub reason_request: Option<ReasonRequest>,
    pub recorded_at: DateTime<Utc>,
}

/// An invoice as its parties read it: every figure, the printed text in both languages and,
/// for a plain 請求書, the buyer's deduction share for its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceView {
    #[serde(flatten)]
    pub record: InvoiceRecord,
    pub paid: Yen,
    pub unpaid: Yen,
    /// The day after the due date, when it is unpaid past it (on the hub's attention page and
    /// in the resident's inbox from that day).
    pub overdue_since: Option<NaiveDate>,
    pub buyer_note: Option<Localized>,
    pub text: Localized,
}

/// One line of the hub's attention list or the resident's inbox: an unpaid invoice past due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueItem {
    pub invoice: String,
    pub engagement: String,
    pub period: String,
    pub company_name: String,
    pub resident_name: String,
    pub due_on: NaiveDate,
    pub since: NaiveDate,
    pub unpaid: Yen,
    pub message: Localized,
}

/// The resident's fair-work inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub overdue: Vec<OverdueItem>,
    /// Payments recorded that the resident has not confirmed yet.
    pub to_confirm: Vec<InvoiceView>,
    pub invoices: Vec<InvoiceView>,
}

/// What the resident's inbox page shows of [`Inbox`]: the same answer read in part (serde skips
/// the other fields), so that page does not link an invoice's whole shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxNotices {
    pub overdue: Vec<EngagementNotice>,
    pub to_confirm: Vec<ConfirmNotice>,
}

/// A line about one engagement as a list says it, its words and where to look: an unpaid invoice
/// past due ([`OverdueItem`] read in part, in the resident's inbox and on the hub's attention page)
/// or a request waiting for an answer ([`WaitingRequest`](super::waiting::WaitingRequest) read in
/// part, on the hub's attention page). One shape, so one reader serves every such list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementNotice {
    pub engagement: String,
    pub message: Localized,
}

/// A payment recorded that the resident has not confirmed: which month of which engagement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmNotice {
    pub engagement: String,
    pub period: String,
    pub paid: Yen,
}

/// The resident's earnings for a calendar year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarningsView {
    pub year: i32,
    pub months: Vec<super::earnings::MonthTotals>,
    pub totals: super::earnings::Totals,
    pub overdue: Vec<super::earnings::Overdue>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_statement_is_drafted_from_the_posting() {
        use super::super::pay_calendar::MonthDay;
        use super::super::terms_statement::RateUnit;
        use crate::model::{Level, Pay};
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("date");
        let mut job = crate::matching::fixtures::job("j1", &[("sns.post", Level::Beginner)]);
        job.pay_schedule = PaySchedule {
            closing: MonthDay::Day(20),
            pay_months_after: 1,
            pay_day: MonthDay::Day(10),
        };
        let draft = FairTermsInput::draft(&job, Contracting::Direct, d(12, 3));
        assert_eq!(draft.payment_due, PaymentDue::Schedule(job.pay_schedule));
        assert_eq!(
            draft.amount,
            Amount::Rate {
                yen: Yen(1100),
                per: RateUnit::Hour
            }
        );
        // 12 weeks from 3 December: the last day is 24 February.
        assert_eq!(
            (draft.delivery_from, draft.delivery_to),
            (
                d(12, 3),
                NaiveDate::from_ymd_opt(2027, 2, 24).expect("date")
            )
        );
        job.pay = Pay::PerTask {
            yen: 300,
            minutes_per_task: 15,
        };
        let draft = FairTermsInput::draft(&job, Contracting::ThroughHub, d(12, 3));
        assert_eq!(
            draft.amount,
            Amount::Rate {
                yen: Yen(300),
                per: RateUnit::Item
            }
        );
        assert_eq!(draft.contracting, Contracting::ThroughHub);
    }

    #[test]
    fn a_payout_names_each_bad_field() {
        let e = PayoutInput {
            registration_number: "T12".into(),
            bank: Some(BankAccountInput {
                number: "12".into(),
                ..BankAccountInput::default()
            }),
        }
        .validate()
        .expect_err("bad");
        assert!(e.0.iter().any(|f| f.field == "registration_number"));
        assert!(e.0.iter().any(|f| f.field.starts_with("bank.")));
        let ok = PayoutInput::default().validate().expect("empty is fine");
        assert_eq!(ok, PayoutProfile::default());
    }

    #[test]
    fn the_inbox_notices_read_the_inbox_answer() {
        use super::super::invoice::{InvoiceDraft, InvoiceLine, Rounding, TaxRate, compute};
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).expect("date");
        let invoice = compute(&InvoiceDraft {
            issuer: "山田 花子".into(),
            registration: None,
            recipient: "株式会社みなと商店".into(),
            issued_on: d(8, 1),
            due_on: d(8, 31),
            lines: vec![InvoiceLine {
                transaction_date: d(7, 31),
                description: "記事の入力 7月分".into(),
                amount: Yen(13_500),
                rate: TaxRate::Standard,
                withholding: false,
            }],
            rounding: Rounding::Down,
            payer_withholds: false,
        })
        .expect("invoice");
        let record = InvoiceRecord {
            id: "inv1".into(),
            engagement: "eng1".into(),
            period: "2026-07".into(),
            resident: ResidentId::from("r1"),
            company: CompanyId::from("c1"),
            invoice,
            created_at: DateTime::<Utc>::from_timestamp(1_785_000_000, 0).expect("time"),
            payments: vec![PaymentRecord {
                id: 1,
                paid_on: d(9, 1),
                amount: Yen(14_850),
                confirmed_on: None,
            }],
        };
        let view = InvoiceView {
            paid: record.paid(),
            unpaid: Yen::ZERO,
            overdue_since: None,
            buyer_note: None,
            text: Localized::new("請求書", "Invoice"),
            record,
        };
        let overdue = OverdueItem {
            invoice: "inv0".into(),
            engagement: "eng0".into(),
            period: "2026-06".into(),
            company_name: "株式会社みなと商店".into(),
            resident_name: "山田 花子".into(),
            due_on: d(7, 31),
            since: d(8, 1),
            unpaid: Yen(9_900),
            message: Localized::new("未払いです。", "Unpaid."),
        };
        let inbox = Inbox {
            overdue: vec![overdue.clone()],
            to_confirm: vec![view.clone()],
            invoices: vec![view],
        };
        let json = serde_json::to_string(&inbox).expect("json");
        let notices: InboxNotices = serde_json::from_str(&json).expect("a part of the inbox");
        assert_eq!(
            notices.overdue,
            vec![EngagementNotice {
                engagement: "eng0".into(),
                message: overdue.message,
            }]
        );
        assert_eq!(
            notices.to_confirm,
            vec![ConfirmNotice {
                engagement: "eng1".into(),
                period: "2026-07".into(),
                paid: Yen(14_850),
            }]
        );
    }

    #[test]
    fn periods_are_year_and_month() {
        assert_eq!(check_period("2026-07").ok(), Some((2026, 7)));
        assert!(check_period("2026-13").is_err());
        assert!(check_period("2026-7").is_err());
        assert!(check_period("July").is_err());
    }

    #[test]
    fn a_company_has_a_representative() {
        let p = BusinessProfile {
            form: BusinessForm::Corporation,
            employees: 0,
            officers: 0,
        };
        assert!(check_business_profile(&p).is_err());
        assert!(check_business_profile(&BusinessProfile { officers: 1, ..p }).is_ok());
    }
}
