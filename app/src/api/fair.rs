//! Fair work calls (issue 19): the terms statement, work reports, invoices, payments and
//! earnings of an engagement. Shapes are `domain::fair_work::api`'s.

use domain::fair_work::api::{
    AcknowledgeInput, CompanyFairProfile, EarningsView, EndingInput, EndingRecord,
    EngagementNotice, FairTermsInput, FairTermsView, InboxNotices, InvoiceInput, InvoiceView,
    PaymentInput, PayoutInput, PayoutProfile, ReasonInput, ReportRecord, ReviewInput,
    WorkReportInput,
};
use domain::fair_work::obligations::BusinessProfile;

use super::{ApiError, Method, Unread, get, get_unread, send};

pub async fn terms(engagement: &str) -> Result<Option<FairTermsView>, ApiError> {
    match get(&format!("/api/v1/engagements/{engagement}/fair-terms")).await {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.status() == Some(404) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The first statement as the job posted it (its pay, its pay calendar), for the form.
pub async fn terms_draft(engagement: &str) -> Result<FairTermsInput, ApiError> {
    get(&format!(
        "/api/v1/engagements/{engagement}/fair-terms/draft"
    ))
    .await
}

pub async fn set_terms(
    engagement: &str,
    input: &FairTermsInput,
) -> Result<FairTermsView, ApiError> {
    let path = format!("/api/v1/engagements/{engagement}/fair-terms");
    send(Method::Put, &path, Some(input), None).await
}

pub async fn acknowledge(
    engagement: &str,
    input: &AcknowledgeInput,
    key: &str,
) -> Result<FairTermsView, ApiError> {
    let path = format!("/api/v1/engagements/{engagement}/fair-terms/acknowledgements");
    send(Method::Post, &path, Some(input), Some(key)).await
}

pub async fn reports(engagement: &str) -> Result<Vec<ReportRecord>, ApiError> {
    get(&format!("/api/v1/engagements/{engagement}/work-reports")).await
}

pub async fn report(
    engagement: &str,
    input: &WorkReportInput,
    key: &str,
) -> Result<ReportRecord, ApiError> {
    let path = format!("/api/v1/engagements/{engagement}/work-reports");
    send(Method::Post, &path, Some(input), Some(key)).await
}

pub async fn review(
    engagement: &str,
    report: &str,
    input: &ReviewInput,
    key: &str,
) -> Result<ReportRecord, ApiError> {
    let path = format!("/api/v1/engagements/{engagement}/work-reports/{report}/review");
    send(Method::Post, &path, Some(input), Some(key)).await
}

pub async fn invoices(engagement: &str) -> Result<Vec<InvoiceView>, ApiError> {
    get(&format!("/api/v1/engagements/{engagement}/invoices")).await
}

pub async fn create_invoice(
    engagement: &str,
    input: &InvoiceInput,
    key: &str,
) -> Result<InvoiceView, ApiError> {
    let path = format!("/api/v1/engagements/{engagement}/invoices");
    send(Method::Post, &path, Some(input), Some(key)).await
}

pub async fn record_payment(
    invoice: &str,
    input: &PaymentInput,
    key: &str,
) -> Result<InvoiceView, ApiError> {
    let path = format!("/api/v1/invoices/{invoice}/payments");
    send(Method::Post, &path, Some(input), Some(key)).await
}

pub async fn confirm_receipt(invoice: &str, key: &str) -> Result<InvoiceView, ApiError> {
    let path = format!("/api/v1/invoices/{invoice}/receipt");
    send::<(), _>(Method::Post, &path, None, Some(key)).await
}

/// What the inbox shows of the resident's fair work: unpaid past due, payments to confirm.
pub async fn notices() -> Result<InboxNotices, ApiError> {
    get("/api/v1/me/fair-work").await
}

/// The resident's earnings for `year` (`None`: the server's current year).
pub async fn earnings(year: Option<i32>) -> Result<EarningsView, ApiError> {
    match year {
        Some(y) => get(&format!("/api/v1/me/earnings?year={y}")).await,
        None => get("/api/v1/me/earnings").await,
    }
}

/// The resident's registration number and bank details, read where the form is (a chunk).
pub async fn payout() -> Result<Unread<PayoutProfile>, ApiError> {
    get_unread("/api/v1/me/payout").await
}

pub async fn set_payout(input: &PayoutInput) -> Result<PayoutProfile, ApiError> {
    send(Method::Put, "/api/v1/me/payout", Some(input), None).await
}

/// How to pay the resident of an engagement (the paying party only, once contacts are open).
pub async fn engagement_payout(engagement: String) -> Result<PayoutProfile, ApiError> {
    get(&format!("/api/v1/engagements/{engagement}/payout")).await
}

/// Which duties of the Freelance Act the company owes, from its employees and officers.
pub async fn company_profile(company: &str) -> Result<CompanyFairProfile, ApiError> {
    get(&format!("/api/v1/companies/{company}/fair-work-profile")).await
}

pub async fn set_company_profile(
    company: &str,
    profile: &BusinessProfile,
) -> Result<CompanyFairProfile, ApiError> {
    let path = format!("/api/v1/companies/{company}/fair-work-profile");
    send(Method::Put, &path, Some(profile), None).await
}

/// One of the hub's fair-work lists on its attention page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HubList {
    /// Unpaid invoices past their due date, from the day after it.
    Overdue,
    /// Requests waiting for the commissioner's answer, the longest waiting first.
    Waiting,
}

/// A hub list read in part, each row's engagement and words ([`EngagementNotice`]): one
/// reader for both lists, so the page links one deserializer.
pub async fn hub_list(list: HubList) -> Result<Vec<EngagementNotice>, ApiError> {
    get(match list {
        HubList::Overdue => "/api/v1/hub/fair-work/overdue",
        HubList::Waiting => "/api/v1/hub/fair-work/waiting",
    })
    .await
}

/// The engagement's ending (notice, basis, the reason on request); `None` while none is recorded.
pub async fn ending(engagement: &str) -> Result<Option<EndingRecord>, ApiError> {
    match get(&format!("/api/v1/engagements/{engagement}/ending")).await {
        Ok(e) => Ok(Some(e)),
        Err(e) if e.status() == Some(404) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The commissioner gives notice today of the last day (or chooses a listed exception).
pub async fn give_notice(engagement: &str, input: &EndingInput) -> Result<EndingRecord, ApiError> {
    let path = format!("/api/v1/engagements/{engagement}/ending");
    send(Method::Put, &path, Some(input), None).await
}

/// The resident asks why the work ends.
pub async fn ask_reason(engagement: &str, key: &str) -> Result<EndingRecord, ApiError> {
    let path = format!("/api/v1/engagements/{engagement}/ending/reason-request");
    send::<(), _>(Method::Post, &path, None, Some(key)).await
}

/// The commissioner answers with the reason.
pub async fn answer_reason(
    engagement: &str,
    input: &ReasonInput,
    key: &str,
) -> Result<EndingRecord, ApiError> {
    let path = format!("/api/v1/engagements/{engagement}/ending/reason");
    send(Method::Post, &path, Some(input), Some(key)).await
}

/// The resident asks for consideration of childcare or caregiving (Art. 13).
pub async fn ask_care(
    engagement: &str,
    input: &domain::fair_work::care::CareInput,
    key: &str,
) -> Result<domain::fair_work::care::CareRecord, ApiError> {
    let path = format!("/api/v1/engagements/{engagement}/care-requests");
    send(Method::Post, &path, Some(input), Some(key)).await
}

/// The commissioner answers a care request: what changed, or why it cannot be.
pub async fn answer_care(
    engagement: &str,
    request: &str,
    input: &domain::fair_work::care::CareAnswerInput,
    key: &str,
) -> Result<domain::fair_work::care::CareRecord, ApiError> {
    let path = format!("/api/v1/engagements/{engagement}/care-requests/{request}/answer");
    send(Method::Post, &path, Some(input), Some(key)).await
}

/// The city's yen paid to residents per month (months under 5 residents suppressed).
pub async fn paid_to_residents(
    municipality: &str,
) -> Result<Vec<domain::fair_work::payout::MonthPaid>, ApiError> {
    get(&format!(
        "/api/v1/municipalities/{municipality}/paid-to-residents"
    ))
    .await
}
