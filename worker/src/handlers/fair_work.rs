//! Fair work terms and pay (issue 19): profiles for the Freelance Act, the terms statement of an
//! engagement and its acknowledgements, work reports and inspection, invoices, payments,
//! lawful endings and earnings. Rules are the domain's (`domain::fair_work`); records live in
//! the region desk (`desk::fair_work`); engagement facts come from one records function
//! (`records::engagement_terms_basis`).

use chrono::{Datelike, NaiveDate};
use domain::account::Role;
use domain::fair_work::acceptance::ReportEvent;
use domain::fair_work::accounting_csv::{self, Books};
use domain::fair_work::api::{
    AckView, AcknowledgeInput, CompanyFairProfile, Contracting, EarningsView, EndingInput,
    FairTermsInput, FairTermsView, Inbox, InvoiceInput, InvoiceView, OverdueItem, PayScheduleCheck,
    PaymentInput, PayoutInput, PayoutProfile, ReasonInput, ReviewInput, WorkReportInput,
    check_business_profile, check_period,
};
use domain::fair_work::care::{self, CareAnswerInput, CareInput, CareRecord};
use domain::fair_work::earnings::{self, InvoiceSummary, Payment};
use domain::fair_work::ending::{self, ContractTerm, ReasonRequest};
use domain::fair_work::obligations::{self, BusinessForm, BusinessProfile, Reach};
use domain::fair_work::pay_calendar::{PaySchedule, lawful_choices};
use domain::fair_work::payout::{PaidToResident, paid_by_month};
use domain::fair_work::terms_statement::{
    self, Delivery, EngagementFacts, Inspection, Party, Side, TermsStatement,
};
use domain::fair_work::{shift_jis, withholding};
use domain::metrics::{csv_with_bom, jst_date};
use domain::model::{Lang, Localized, WorkPlace};
use domain::vocabulary::Taxonomy;
use worker::{Headers, Response};

use crate::auth::{self, Session};
use crate::clock;
use crate::desk::Desk;
use crate::desk::fair_work::{
    EndingRecord, FairAnswer, FairCommand, InvoiceBasis, InvoiceRecord, InvoicesOf, ReportRecord,
    TermsDoc, TermsRecord,
};
use crate::desk::wire::{Answer, Command};
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::payments::{PaymentRail, RecordedByPayer};
use crate::records::{self, TermsBasis};
use crate::store::Store;

fn today() -> NaiveDate {
    jst_date(clock::now())
}

async fn fair(desk: &Desk, command: FairCommand) -> ApiResult<FairAnswer> {
    match desk.call(&Command::Fair { command }).await? {
        Answer::Fair { fair } => Ok(*fair),
        other => Err(ApiError::internal(format!("desk answered {other:?}"))),
    }
}

fn refusal_or_unexpected(a: FairAnswer) -> ApiError {
    match a {
        FairAnswer::Refused { refusal } => refusal.into(),
        FairAnswer::Invalid { fields } => {
            ApiError::from(domain::validate::ValidationErrors(fields))
        }
        other => crate::records::facts::unexpected(other),
    }
}

/// The part of a fair-work desk answer a handler wants, by its Rust type: every desk call goes
/// through [`ask`] (or [`answer`], for a call made elsewhere), and any other answer becomes a
/// refusal, a form error or an internal error ([`refusal_or_unexpected`]).
trait FromFair: Sized {
    fn from_fair(a: FairAnswer) -> Result<Self, Box<FairAnswer>>;
}

macro_rules! from_fair {
    ($($t:ty => $variant:ident { $field:ident }),* $(,)?) => {$(
        impl FromFair for $t {
            fn from_fair(a: FairAnswer) -> Result<Self, Box<FairAnswer>> {
                match a {
                    FairAnswer::$variant { $field } => Ok($field),
                    other => Err(Box::new(other)),
                }
            }
        }
    )*};
}

from_fair! {
    Option<TermsRecord> => Terms { terms },
    Option<serde_json::Value> => Profile { doc },
    Vec<ReportRecord> => Reports { reports },
    Vec<InvoiceRecord> => Invoices { invoices },
    Option<InvoiceRecord> => Invoice { invoice },
    Option<EndingRecord> => Ending { ending },
    Vec<PaidToResident> => Paid { payments },
}

impl FromFair for () {
    fn from_fair(a: FairAnswer) -> Result<Self, Box<FairAnswer>> {
        match a {
            FairAnswer::Done => Ok(()),
            other => Err(Box::new(other)),
        }
    }
}

fn answer<T: FromFair>(a: FairAnswer) -> ApiResult<T> {
    T::from_fair(a).map_err(|other| refusal_or_unexpected(*other))
}

/// One fair-work desk call, answered as `T`.
async fn ask<T: FromFair>(desk: &Desk, command: FairCommand) -> ApiResult<T> {
    answer(fair(desk, command).await?)
}

/// A record the desk was asked to write and return.
fn written<T>(record: Option<T>) -> ApiResult<T> {
    record.ok_or_else(|| ApiError::internal("the desk returned no record"))
}

/// Who the reader is to an engagement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Resident,
    Company,
    Hub,
}

/// The reader's part in the engagement; 404 for anyone else (as the engagement routes do).
async fn party(session: &Session, store: &Store, basis: &TermsBasis) -> ApiResult<Part> {
    match &session.role {
        Role::Resident if session.user.as_str() == basis.resident.as_str() => Ok(Part::Resident),
        Role::CompanyMember { company } if *company == basis.company.id => {
            records::ensure_approved(store, company).await?;
            Ok(Part::Company)
        }
        Role::Hub { region } if *region == basis.region => Ok(Part::Hub),
        _ => Err(ApiError::NotFound),
    }
}

/// The side of the terms statement a party signs: the resident receives the work; the
/// company commissions it directly, the hub when it passes the company's order on (再委託).
fn side_of(p: Part, contracting: Contracting) -> Option<Side> {
    match (p, contracting) {
        (Part::Resident, _) => Some(Side::Contractor),
        (Part::Company, Contracting::Direct) | (Part::Hub, Contracting::ThroughHub) => {
            Some(Side::Commissioner)
        }
        _ => None,
    }
}

/// The engagement, its terms in force and whether the caller is their commissioner: the
/// company, or the hub in a 再委託 (the company while there are no terms). A handler reads its
/// body before refusing another side, so a malformed body is 400 for whoever sends it.
async fn with_commissioner(ctx: &Ctx) -> ApiResult<(Loaded, Option<TermsRecord>, bool)> {
    let l = load(ctx).await?;
    let t = current_terms(&l.desk, l.basis.engagement.as_str()).await?;
    let contracting = t
        .as_ref()
        .map_or(Contracting::Direct, |t| t.doc.contracting);
    let commissioner = side_of(l.party, contracting) == Some(Side::Commissioner);
    Ok((l, t, commissioner))
}

struct Loaded {
    store: Store,
    desk: Desk,
    basis: TermsBasis,
    party: Part,
}

async fn load(ctx: &Ctx) -> ApiResult<Loaded> {
    let session = auth::require(ctx).await?;
    let store = ctx.store()?;
    let desk = ctx.desk(session.region.as_str())?;
    let basis = records::engagement_terms_basis(&store, &desk, ctx.param("id")?).await?;
    let party = party(&session, &store, &basis).await?;
    Ok(Loaded {
        store,
        desk,
        basis,
        party,
    })
}

async fn current_terms(desk: &Desk, engagement: &str) -> ApiResult<Option<TermsRecord>> {
    ask(
        desk,
        FairCommand::Terms {
            engagement: engagement.to_owned(),
        },
    )
    .await
}

fn no_terms() -> ApiError {
    ApiError::Conflict {
        code: "no_terms",
        message: Localized::new(
            "まだ取引条件がありません。発注する側が条件を作ってから進めます。",
            "There are no terms yet. The commissioning side sets them first.",
        ),
    }
}

fn not_agreed() -> ApiError {
    ApiError::Conflict {
        code: "terms_not_agreed",
        message: Localized::new(
            "取引条件を双方が確認してから、作業の報告や請求ができます。",
            "Work can be reported and invoiced once both sides have confirmed the terms.",
        ),
    }
}

// ---- profiles ----

async fn company_profile(desk: &Desk, company: &str) -> ApiResult<Option<BusinessProfile>> {
    let doc: Option<serde_json::Value> = ask(
        desk,
        FairCommand::Profile {
            party: company.to_owned(),
        },
    )
    .await?;
    Ok(doc.and_then(|d| serde_json::from_value(d).ok()))
}

async fn payout_profile(desk: &Desk, resident: &str) -> ApiResult<PayoutProfile> {
    let doc: Option<serde_json::Value> = ask(
        desk,
        FairCommand::Profile {
            party: resident.to_owned(),
        },
    )
    .await?;
    Ok(doc
        .and_then(|d| serde_json::from_value(d).ok())
        .unwrap_or_default())
}

/// A company that has not answered yet is treated as a 特定業務委託事業者 (the stricter duties):
/// musubi's companies are businesses with staff unless they say otherwise.
const UNANSWERED: BusinessProfile = BusinessProfile {
    form: BusinessForm::Corporation,
    employees: 1,
    officers: 1,
};

fn company_view(profile: BusinessProfile, answered: bool) -> CompanyFairProfile {
    let resident = BusinessProfile {
        form: BusinessForm::Individual,
        employees: 0,
        officers: 0,
    };
    CompanyFairProfile {
        specified: profile.is_specified_commissioner(),
        duties: obligations::obligations(&profile, &resident, Reach::SixMonths)
            .into_iter()
            .map(|o| o.label())
            .collect(),
        profile,
        answered,
    }
}

fn ensure_company_member(session: &Session, company: &str) -> ApiResult<()> {
    match &session.role {
        Role::CompanyMember { company: c } if c.as_str() == company => Ok(()),
        _ => Err(ApiError::Forbidden),
    }
}

/// `GET /api/v1/companies/{id}/fair-work-profile`.
pub async fn company_profile_get(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let id = ctx.param("id")?;
    ensure_company_member(&session, id)?;
    let desk = ctx.desk(session.region.as_str())?;
    let profile = company_profile(&desk, id).await?;
    http::json_status(
        200,
        &company_view(profile.unwrap_or(UNANSWERED), profile.is_some()),
    )
}

/// `PUT /api/v1/companies/{id}/fair-work-profile`: employees and officers.
pub async fn company_profile_put(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let id = ctx.param("id")?;
    ensure_company_member(&session, id)?;
    let profile: BusinessProfile = ctx.json()?;
    check_business_profile(&profile)?;
    let desk = ctx.desk(session.region.as_str())?;
    ask::<()>(
        &desk,
        FairCommand::PutProfile {
            party: id.to_owned(),
            doc: serde_json::to_value(profile)?,
            at: clock::now(),
        },
    )
    .await?;
    http::json_status(200, &company_view(profile, true))
}

fn ensure_resident(session: &Session) -> ApiResult<()> {
    if session.role == Role::Resident {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// `GET /api/v1/me/payout`: the resident's own registration number and bank details.
pub async fn payout_get(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    ensure_resident(&session)?;
    let desk = ctx.desk(session.region.as_str())?;
    http::json_status(200, &payout_profile(&desk, session.user.as_str()).await?)
}

/// `PUT /api/v1/me/payout`: registration number (optional, T + 13 digits) and bank details.
pub async fn payout_put(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    ensure_resident(&session)?;
    let input: PayoutInput = ctx.json()?;
    let profile = input.validate()?;
    let desk = ctx.desk(session.region.as_str())?;
    ask::<()>(
        &desk,
        FairCommand::PutProfile {
            party: session.user.as_str().to_owned(),
            doc: serde_json::to_value(&profile)?,
            at: clock::now(),
        },
    )
    .await?;
    http::json_status(200, &profile)
}

/// `GET /api/v1/engagements/{id}/payout`: how to pay the resident, for the paying party only
/// (the commissioner of the terms in force) and only once contacts are open.
pub async fn engagement_payout(ctx: &Ctx) -> ApiResult<Response> {
    let l = load(ctx).await?;
    let terms = current_terms(&l.desk, l.basis.engagement.as_str())
        .await?
        .ok_or_else(no_terms)?;
    if side_of(l.party, terms.doc.contracting) != Some(Side::Commissioner) {
        return Err(ApiError::Forbidden);
    }
    if !l.basis.contacts_open {
        return Err(ApiError::Conflict {
            code: "contacts_closed",
            message: Localized::new(
                "連絡先が開くまで、振込先は表示されません。",
                "Bank details are shown once contacts are open.",
            ),
        });
    }
    let profile = payout_profile(&l.desk, l.basis.resident.as_str()).await?;
    http::json_status(200, &profile)
}

// ---- terms ----

fn place_of(basis: &TermsBasis, region: Option<&domain::model::Region>) -> String {
    let municipality = match &basis.job.place {
        WorkPlace::Remote => None,
        WorkPlace::OnSite { municipality } | WorkPlace::Hybrid { municipality, .. } => {
            Some(municipality)
        }
    };
    let name = municipality.map_or_else(String::new, |m| {
        region
            .and_then(|r| r.municipalities.iter().find(|x| &x.id == m))
            .map_or_else(|| m.as_str().to_owned(), |x| x.name.ja.clone())
    });
    terms_statement::place_text(&basis.job.place, &name)
}

/// The terms in force as a party reads them, with what Art. 13 asks of their commissioner and
/// the resident's care requests.
fn terms_view(
    t: &TermsRecord,
    basis: &TermsBasis,
    my_side: Option<Side>,
    care_requests: Vec<CareRecord>,
) -> FairTermsView {
    let versioned = t.versioned();
    FairTermsView {
        engagement: basis.engagement.0.clone(),
        version: t.version,
        contracting: t.doc.contracting,
        specified: t.doc.specified,
        statement: t.doc.statement.clone(),
        text: Localized::new(
            t.doc.statement.render(t.version, Lang::Ja),
            t.doc.statement.render(t.version, Lang::En),
        ),
        text_hash: t.text_hash.clone(),
        acknowledgements: t
            .acknowledgements
            .iter()
            .map(|a| AckView {
                side: a.by,
                at: a.at,
                text_hash: a.text_hash.clone(),
            })
            .collect(),
        agreed: versioned.agreed(),
        my_side,
        care_duty: Some(care::duty_of_terms(
            t.doc.statement.delivery,
            basis.started_on,
            t.doc.specified,
        )),
        care_requests,
    }
}

/// [`terms_view`] with the care requests read from the desk.
async fn full_terms_view(
    l: &Loaded,
    t: &TermsRecord,
    my_side: Option<Side>,
) -> ApiResult<FairTermsView> {
    let requests = care_requests(&l.desk, l.basis.engagement.as_str()).await?;
    Ok(terms_view(t, &l.basis, my_side, requests))
}

/// `GET /api/v1/engagements/{id}/fair-terms`: the statement in force (404 before there is one).
pub async fn terms_get(ctx: &Ctx) -> ApiResult<Response> {
    let l = load(ctx).await?;
    let t = current_terms(&l.desk, l.basis.engagement.as_str())
        .await?
        .ok_or(ApiError::NotFound)?;
    let view = full_terms_view(&l, &t, side_of(l.party, t.doc.contracting)).await?;
    http::json_status(200, &view)
}

/// `GET /api/v1/engagements/{id}/fair-terms/draft`: the first statement as the job posted it
/// (its pay, its pay calendar, its length from today), for the party that may set the terms:
/// the company directly, the hub as a 再委託. The resident is not the one who sets them.
pub async fn terms_draft(ctx: &Ctx) -> ApiResult<Response> {
    let l = load(ctx).await?;
    let contracting = match l.party {
        Part::Company => Contracting::Direct,
        Part::Hub => Contracting::ThroughHub,
        Part::Resident => return Err(ApiError::Forbidden),
    };
    http::json_status(
        200,
        &FairTermsInput::draft(&l.basis.job, contracting, today()),
    )
}

/// `PUT /api/v1/engagements/{id}/fair-terms`: the company (direct) or the hub (再委託) sets the
/// terms; a change makes the next version, which both acknowledge again.
pub async fn terms_put(ctx: &Ctx) -> ApiResult<Response> {
    let l = load(ctx).await?;
    let input: FairTermsInput = ctx.json()?;
    // Terms follow mutual interest: before it, there is no one to commission.
    if !l.basis.state.is_mutual() {
        return Err(ApiError::Conflict {
            code: "not_matched",
            message: Localized::new(
                "双方が「興味あり」を送ってから、取引条件を作れます。",
                "Terms can be set once both sides have shown interest.",
            ),
        });
    }
    let setter_ok = matches!(
        (l.party, input.contracting),
        (Part::Company, Contracting::Direct) | (Part::Hub, Contracting::ThroughHub)
    );
    if !setter_ok {
        return Err(ApiError::Forbidden);
    }
    let region = records::region(&l.store, &l.basis.region).await.ok();
    let profile = company_profile(&l.desk, l.basis.company.id.as_str())
        .await?
        .unwrap_or(UNANSWERED);
    let hub_name = region.as_ref().map_or_else(
        || "推進ハブ".to_owned(),
        |r| format!("{} 推進ハブ", r.name.ja),
    );
    let (commissioner, recommission_client, specified) = match input.contracting {
        Contracting::Direct => (
            Party {
                name: l.basis.company.name.clone(),
                id: None,
            },
            None,
            profile.is_specified_commissioner(),
        ),
        // The hub is an organisation with staff: a 特定業務委託事業者.
        Contracting::ThroughHub => (
            Party {
                name: hub_name,
                id: None,
            },
            Some(l.basis.company.name.clone()),
            true,
        ),
    };
    let job = &l.basis.job;
    let facts = EngagementFacts {
        commissioner,
        recommission_client,
        contractor: l.basis.resident_name.clone(),
        job_title: job.title.clone(),
        job_description: job.description.clone(),
        place: place_of(&l.basis, region.as_ref()),
    };
    let statement = TermsStatement::of_engagement(facts, &input, today());
    statement.validate(specified)?;
    let tasks: Vec<_> = job.tasks.iter().map(|t| t.task.clone()).collect();
    let doc = TermsDoc {
        statement,
        contracting: input.contracting,
        job: job.id.clone(),
        company: l.basis.company.id.clone(),
        resident: l.basis.resident.clone(),
        region: l.basis.region.clone(),
        specified,
        withholding: withholding::applies_to(Taxonomy::builtin(), &tasks),
    };
    let t: Option<TermsRecord> = ask(
        &l.desk,
        FairCommand::PutTerms {
            engagement: l.basis.engagement.0.clone(),
            doc,
            at: clock::now(),
        },
    )
    .await?;
    let t = written(t)?;
    let view = full_terms_view(&l, &t, side_of(l.party, t.doc.contracting)).await?;
    http::json_status(200, &view)
}

/// `POST /api/v1/engagements/{id}/fair-terms/acknowledgements`: a party acknowledges the exact
/// text of the version in force (its hash); a stale page is refused.
pub async fn terms_acknowledge(ctx: &Ctx) -> ApiResult<Response> {
    let l = load(ctx).await?;
    let input: AcknowledgeInput = ctx.json()?;
    let t = current_terms(&l.desk, l.basis.engagement.as_str())
        .await?
        .ok_or_else(no_terms)?;
    let side = side_of(l.party, t.doc.contracting).ok_or(ApiError::Forbidden)?;
    let t = match fair(
        &l.desk,
        FairCommand::Acknowledge {
            engagement: l.basis.engagement.0.clone(),
            version: input.version,
            side,
            text_hash: input.text_hash,
            at: clock::now(),
        },
    )
    .await?
    {
        FairAnswer::Refused { refusal } => {
            return Err(ApiError::Conflict {
                code: "terms_changed",
                message: refusal.message,
            });
        }
        other => written(answer::<Option<TermsRecord>>(other)?)?,
    };
    let view = full_terms_view(&l, &t, Some(side)).await?;
    http::json_status(201, &view)
}

/// `POST /api/v1/pay-schedules/check`: a job form's pay calendar, judged from today, with the
/// lawful payment days for its closing day.
pub async fn pay_schedule_check(ctx: &Ctx) -> ApiResult<Response> {
    auth::require(ctx).await?;
    let schedule: PaySchedule = ctx.json()?;
    schedule.validate()?;
    let today = today();
    let refusal = schedule.check(today).err();
    http::json_status(
        200,
        &PayScheduleCheck {
            schedule,
            text: Localized::new(schedule.text(Lang::Ja), schedule.text(Lang::En)),
            lawful: refusal.is_none(),
            refusal,
            lawful_choices: lawful_choices(schedule.closing, today),
        },
    )
}

// ---- work reports ----

fn inspection_of(t: &TermsRecord) -> Inspection {
    t.doc.statement.inspection.unwrap_or(Inspection::None)
}

async fn agreed_terms(l: &Loaded) -> ApiResult<TermsRecord> {
    let t = current_terms(&l.desk, l.basis.engagement.as_str())
        .await?
        .ok_or_else(no_terms)?;
    if t.versioned().agreed() {
        Ok(t)
    } else {
        Err(not_agreed())
    }
}

/// `GET /api/v1/engagements/{id}/work-reports`: settled as of today (an automatic acceptance
/// after the agreed days is recorded when it is first seen).
pub async fn reports_get(ctx: &Ctx) -> ApiResult<Response> {
    let l = load(ctx).await?;
    let reports: Vec<ReportRecord> = ask(
        &l.desk,
        FairCommand::Reports {
            engagement: l.basis.engagement.0.clone(),
            today: today(),
        },
    )
    .await?;
    http::json_status(200, &reports)
}

/// `POST /api/v1/engagements/{id}/work-reports`: the resident reports a month's hours or
/// deliverables (again, after a fix was asked for).
pub async fn report_submit(ctx: &Ctx) -> ApiResult<Response> {
    let l = load(ctx).await?;
    if l.party != Part::Resident {
        return Err(ApiError::Forbidden);
    }
    let input: WorkReportInput = ctx.json()?;
    let (y, m) = check_period(&input.period)?;
    let t = agreed_terms(&l).await?;
    let reports: Vec<ReportRecord> = ask(
        &l.desk,
        FairCommand::SubmitReport {
            engagement: l.basis.engagement.0.clone(),
            id: format!("w{y:04}{m:02}"),
            period: input.period,
            content: input.content,
            inspection: inspection_of(&t),
            on: today(),
        },
    )
    .await?;
    http::json_status(201, &reports.into_iter().next())
}

/// `POST /api/v1/engagements/{id}/work-reports/{report}/review`: the commissioner accepts, or
/// asks for a fix with a reason, within the agreed days.
pub async fn report_review(ctx: &Ctx) -> ApiResult<Response> {
    let l = load(ctx).await?;
    let t = agreed_terms(&l).await?;
    if side_of(l.party, t.doc.contracting) != Some(Side::Commissioner) {
        return Err(ApiError::Forbidden);
    }
    let input: ReviewInput = ctx.json()?;
    let on = today();
    let event = match input {
        ReviewInput::Accept => ReportEvent::Accept { on },
        ReviewInput::Fix { reason } => ReportEvent::Return { on, reason },
    };
    let reports: Vec<ReportRecord> = ask(
        &l.desk,
        FairCommand::ReviewReport {
            engagement: l.basis.engagement.0.clone(),
            id: ctx.param("report")?.to_owned(),
            event,
            inspection: inspection_of(&t),
        },
    )
    .await?;
    let report = reports.into_iter().next().ok_or(ApiError::NotFound)?;
    http::json_status(200, &report)
}

// ---- invoices and payments ----

fn invoice_view(r: InvoiceRecord, today: NaiveDate) -> InvoiceView {
    let summary = InvoiceSummary::of(r.id.clone(), &r.invoice);
    let payments = domain_payments(&r);
    let overdue = earnings::overdue(&summary, &payments, today).map(|o| o.since);
    let paid = r.paid();
    InvoiceView {
        paid,
        unpaid: r.invoice.payable - paid,
        overdue_since: overdue,
        buyer_note: r.invoice.buyer_note(),
        text: Localized::new(r.invoice.render(Lang::Ja), r.invoice.render(Lang::En)),
        record: r,
    }
}

fn domain_payments(r: &InvoiceRecord) -> Vec<Payment> {
    r.payments
        .iter()
        .map(|p| Payment {
            invoice_id: r.id.clone(),
            paid_on: p.paid_on,
            amount: p.amount,
            confirmed_on: p.confirmed_on,
        })
        .collect()
}

async fn invoices(desk: &Desk, of: InvoicesOf) -> ApiResult<Vec<InvoiceRecord>> {
    ask(desk, FairCommand::Invoices { of }).await
}

/// `POST /api/v1/engagements/{id}/invoices`: the resident's invoice for a month, from its
/// accepted reports (409 while a report awaits inspection, or when it exists already).
pub async fn invoice_create(ctx: &Ctx) -> ApiResult<Response> {
    let l = load(ctx).await?;
    if l.party != Part::Resident {
        return Err(ApiError::Forbidden);
    }
    let input: InvoiceInput = ctx.json()?;
    let (y, m) = check_period(&input.period)?;
    let t = agreed_terms(&l).await?;
    let payout = payout_profile(&l.desk, l.basis.resident.as_str()).await?;
    let s = &t.doc.statement;
    // Each report is paid at the amount in force when it was received (the desk reads every
    // agreed version in the invoice's own transaction).
    s.amount.as_ref().ok_or_else(no_terms)?;
    let basis = InvoiceBasis {
        issuer: s.contractor.name.clone(),
        registration: payout.registration_number,
        recipient: s.commissioner.name.clone(),
        description: l.basis.job.title.clone(),
        withholding: t.doc.withholding,
        // Companies and the hub pay salaries: they are withholding agents (源泉徴収義務者).
        payer_withholds: true,
        payment_due: s.payment_due,
        original_due: s.recommission.as_ref().and_then(|r| r.original_due),
        issued_on: today(),
    };
    let id = format!("i-{}-{y:04}{m:02}", l.basis.engagement.as_str());
    let r: Option<InvoiceRecord> = ask(
        &l.desk,
        FairCommand::CreateInvoice {
            engagement: l.basis.engagement.0.clone(),
            id,
            period: input.period,
            resident: l.basis.resident.clone(),
            company: l.basis.company.id.clone(),
            basis,
            at: clock::now(),
        },
    )
    .await?;
    http::json_status(201, &invoice_view(written(r)?, today()))
}

/// `GET /api/v1/engagements/{id}/invoices`.
pub async fn invoices_of_engagement(ctx: &Ctx) -> ApiResult<Response> {
    let l = load(ctx).await?;
    let today = today();
    let list: Vec<InvoiceView> = invoices(
        &l.desk,
        InvoicesOf::Engagement(l.basis.engagement.0.clone()),
    )
    .await?
    .into_iter()
    .map(|r| invoice_view(r, today))
    .collect();
    http::json_status(200, &list)
}

/// Who may read or act on an invoice: its resident, a member of its company, or the hub of the
/// region whose desk holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InvoiceParty {
    Resident,
    Payer,
}

async fn load_invoice(ctx: &Ctx) -> ApiResult<(Session, Desk, InvoiceRecord, InvoiceParty)> {
    let session = auth::require(ctx).await?;
    let desk = ctx.desk(session.region.as_str())?;
    let record: Option<InvoiceRecord> = ask(
        &desk,
        FairCommand::Invoice {
            id: ctx.param("id")?.to_owned(),
        },
    )
    .await?;
    let record = record.ok_or(ApiError::NotFound)?;
    let who = match &session.role {
        Role::Resident if session.user.as_str() == record.resident.as_str() => {
            InvoiceParty::Resident
        }
        Role::CompanyMember { company } if *company == record.company => {
            records::ensure_approved(&ctx.store()?, company).await?;
            InvoiceParty::Payer
        }
        Role::Hub { .. } => InvoiceParty::Payer,
        _ => return Err(ApiError::NotFound),
    };
    Ok((session, desk, record, who))
}

/// `GET /api/v1/invoices/{id}`; `?format=csv` for the accounting import (UTF-8 with BOM, or
/// Shift_JIS with `&encoding=shift_jis`; the
/// company's books name the resident as the partner, the resident's the company).
pub async fn invoice_get(ctx: &Ctx) -> ApiResult<Response> {
    let (_, _, record, who) = load_invoice(ctx).await?;
    if ctx.query("format") == Some("csv") {
        let books = match who {
            InvoiceParty::Payer => Books::Payer,
            InvoiceParty::Resident => Books::Payee,
        };
        let rows = accounting_csv::rows(std::slice::from_ref(&record.invoice), books);
        return csv_response(
            ctx,
            csv_with_bom(&rows),
            &format!("musubi-{}.csv", record.id),
        );
    }
    http::json_status(200, &invoice_view(record, today()))
}

/// A CSV download in the encoding asked for: UTF-8 with BOM (the default, `?encoding=utf-8`) or
/// Shift_JIS (`?encoding=shift_jis`, without the BOM; 422 `not_shift_jis` naming a character
/// it cannot carry).
fn csv_response(ctx: &Ctx, body: String, filename: &str) -> ApiResult<Response> {
    let (bytes, charset) = match ctx.query("encoding") {
        None | Some("utf-8") => (body.into_bytes(), "utf-8"),
        Some("shift_jis") => (
            shift_jis::encode(&body).map_err(|e| ApiError::Unprocessable {
                code: "not_shift_jis",
                message: e.message(),
            })?,
            "Shift_JIS",
        ),
        Some(_) => {
            return Err(ApiError::BadRequest {
                code: "bad_encoding",
                message: Localized::new(
                    "文字コードは utf-8 か shift_jis を選んでください。",
                    "Please choose utf-8 or shift_jis as the encoding.",
                ),
            });
        }
    };
    let headers = Headers::new();
    headers.set("content-type", &format!("text/csv; charset={charset}"))?;
    headers.set(
        "content-disposition",
        &format!("attachment; filename=\"{filename}\""),
    )?;
    headers.set("cache-control", "private, no-store")?;
    headers.set("x-content-type-options", "nosniff")?;
    Ok(Response::from_bytes(bytes)?.with_headers(headers))
}

/// `POST /api/v1/invoices/{id}/payments`: the paying party records a payment (date, amount).
pub async fn payment_record(ctx: &Ctx) -> ApiResult<Response> {
    let (_, desk, record, who) = load_invoice(ctx).await?;
    if who != InvoiceParty::Payer {
        return Err(ApiError::Forbidden);
    }
    let input: PaymentInput = ctx.json()?;
    if input.paid_on > today() {
        return Err(ApiError::Unprocessable {
            code: "paid_in_future",
            message: Localized::new(
                "支払った日は今日までの日付にしてください。",
                "The payment date cannot be in the future.",
            ),
        });
    }
    let r: Option<InvoiceRecord> = answer(
        RecordedByPayer
            .pay(&desk, &record.id, input.paid_on, input.amount, clock::now())
            .await?,
    )?;
    http::json_status(201, &invoice_view(written(r)?, today()))
}

/// `POST /api/v1/invoices/{id}/receipt`: the resident confirms the money arrived.
pub async fn receipt_confirm(ctx: &Ctx) -> ApiResult<Response> {
    let (_, desk, record, who) = load_invoice(ctx).await?;
    if who != InvoiceParty::Resident {
        return Err(ApiError::Forbidden);
    }
    let r: Option<InvoiceRecord> = ask(
        &desk,
        FairCommand::ConfirmReceipt {
            invoice: record.id,
            on: today(),
        },
    )
    .await?;
    http::json_status(200, &invoice_view(written(r)?, today()))
}

fn overdue_items(list: &[InvoiceRecord], today: NaiveDate) -> Vec<OverdueItem> {
    list.iter()
        .filter_map(|r| {
            let summary = InvoiceSummary::of(r.id.clone(), &r.invoice);
            let o = earnings::overdue(&summary, &domain_payments(r), today)?;
            let d = &r.invoice.draft;
            Some(OverdueItem {
                invoice: r.id.clone(),
                engagement: r.engagement.clone(),
                period: r.period.clone(),
                company_name: d.recipient.clone(),
                resident_name: d.issuer.clone(),
                due_on: o.due_on,
                since: o.since,
                unpaid: o.unpaid,
                message: Localized::new(
                    format!(
                        "{}の{}分の支払い（{}）が、支払日{}を過ぎても届いていません。",
                        d.recipient,
                        r.period,
                        o.unpaid.text(Lang::Ja),
                        domain::fair_work::date_text(o.due_on, Lang::Ja)
                    ),
                    format!(
                        "{} has not paid {} for {} by the payment date, {}.",
                        d.recipient,
                        o.unpaid.text(Lang::En),
                        r.period,
                        domain::fair_work::date_text(o.due_on, Lang::En)
                    ),
                ),
            })
        })
        .collect()
}

/// `GET /api/v1/hub/fair-work/overdue`: the region's unpaid invoices past due, from the day
/// after their due date (the hub's attention page).
pub async fn hub_overdue(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require_where(ctx, |s| matches!(s.role, Role::Hub { .. })).await?;
    let desk = ctx.desk(session.region.as_str())?;
    let list = invoices(&desk, InvoicesOf::Region).await?;
    http::json_status(200, &overdue_items(&list, today()))
}

/// `GET /api/v1/hub/fair-work/waiting`: the region's requests waiting for the commissioner's
/// answer (care, Art. 13; the reason of an ending, Art. 16(2)), the longest waiting first.
pub async fn hub_waiting(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require_where(ctx, |s| matches!(s.role, Role::Hub { .. })).await?;
    let desk = ctx.desk(session.region.as_str())?;
    http::json_status(
        200,
        &records::fair_work::waiting(&desk, today(), None).await?,
    )
}

/// `GET /api/v1/me/fair-work`: overdue invoices (from the day after the due date), payments
/// to confirm and every invoice.
pub async fn my_inbox(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    ensure_resident(&session)?;
    let desk = ctx.desk(session.region.as_str())?;
    let list = invoices(
        &desk,
        InvoicesOf::Resident(session.user.as_str().to_owned()),
    )
    .await?;
    let today = today();
    let overdue = overdue_items(&list, today);
    let all: Vec<InvoiceView> = list.into_iter().map(|r| invoice_view(r, today)).collect();
    let (to_confirm, invoices): (Vec<_>, Vec<_>) = all
        .into_iter()
        .partition(|v| v.record.payments.iter().any(|p| p.confirmed_on.is_none()));
    http::json_status(
        200,
        &Inbox {
            overdue,
            to_confirm,
            invoices,
        },
    )
}

// ---- ending ----

async fn ending_of(desk: &Desk, engagement: &str) -> ApiResult<Option<EndingRecord>> {
    ask(
        desk,
        FairCommand::Ending {
            engagement: engagement.to_owned(),
        },
    )
    .await
}

async fn put_ending(desk: &Desk, record: EndingRecord) -> ApiResult<EndingRecord> {
    written(ask(desk, FairCommand::PutEnding { record }).await?)
}

/// `GET /api/v1/engagements/{id}/ending` (404 while none is recorded).
pub async fn ending_get(ctx: &Ctx) -> ApiResult<Response> {
    let l = load(ctx).await?;
    let e = ending_of(&l.desk, l.basis.engagement.as_str())
        .await?
        .ok_or(ApiError::NotFound)?;
    http::json_status(200, &e)
}

/// `PUT /api/v1/engagements/{id}/ending`: the commissioner gives notice today of the last day.
/// Work that has run 6 months or more (the terms' period from its first day; renewals continue
/// it) needs 30 days' notice unless a listed exception is chosen (Art. 16).
pub async fn ending_put(ctx: &Ctx) -> ApiResult<Response> {
    let (l, t, commissioner) = with_commissioner(ctx).await?;
    let input: EndingInput = ctx.json()?;
    if !commissioner {
        return Err(ApiError::Forbidden);
    }
    let notice_on = today();
    let first_day = t
        .as_ref()
        .and_then(|t| t.doc.statement.delivery)
        .map(Delivery::first_day)
        .into_iter()
        .chain(l.basis.started_on)
        .min()
        .unwrap_or(notice_on);
    let work = ending::continuous_work(&[ContractTerm {
        start: first_day,
        end: Some(input.ends_on),
    }])
    .ok_or_else(|| ApiError::internal("no contract term"))?;
    let specified = t.as_ref().is_none_or(|t| t.doc.specified);
    let recommission = t
        .as_ref()
        .is_some_and(|t| t.doc.contracting == Contracting::ThroughHub);
    let basis = ending::check_ending(
        &work,
        specified,
        recommission,
        notice_on,
        input.ends_on,
        input.exception,
    )?;
    let record = EndingRecord {
        engagement: l.basis.engagement.0.clone(),
        kind: input.kind,
        notice_on,
        ends_on: input.ends_on,
        basis,
        reason_request: None,
        recorded_at: clock::now(),
    };
    http::json_status(200, &put_ending(&l.desk, record).await?)
}

/// `POST /api/v1/engagements/{id}/ending/reason-request`: the resident asks why (between the
/// notice and the last day); tracked until the company answers.
pub async fn reason_request(ctx: &Ctx) -> ApiResult<Response> {
    let l = load(ctx).await?;
    if l.party != Part::Resident {
        return Err(ApiError::Forbidden);
    }
    let mut e = ending_of(&l.desk, l.basis.engagement.as_str())
        .await?
        .ok_or(ApiError::NotFound)?;
    if e.reason_request.is_some() {
        return Err(ApiError::Conflict {
            code: "already_requested",
            message: Localized::new(
                "理由はもう求めています。",
                "The reason has already been asked for.",
            ),
        });
    }
    e.reason_request = Some(ReasonRequest::request(e.notice_on, e.ends_on, today())?);
    http::json_status(201, &put_ending(&l.desk, e).await?)
}

/// `POST /api/v1/engagements/{id}/ending/reason`: the commissioner gives the reason asked for.
pub async fn reason_answer(ctx: &Ctx) -> ApiResult<Response> {
    let (l, _, commissioner) = with_commissioner(ctx).await?;
    let input: ReasonInput = ctx.json()?;
    if !commissioner {
        return Err(ApiError::Forbidden);
    }
    let mut e = ending_of(&l.desk, l.basis.engagement.as_str())
        .await?
        .ok_or(ApiError::NotFound)?;
    let request = e
        .reason_request
        .as_ref()
        .ok_or_else(|| ApiError::Conflict {
            code: "not_requested",
            message: Localized::new(
                "理由はまだ求められていません。",
                "The reason has not been asked for.",
            ),
        })?;
    e.reason_request = Some(request.answer(today(), &input.reason)?);
    http::json_status(200, &put_ending(&l.desk, e).await?)
}

// ---- care (Art. 13) ----

from_fair! {
    Option<CareRecord> => Care { care },
    Vec<CareRecord> => CareRequests { requests },
}

async fn care_requests(desk: &Desk, engagement: &str) -> ApiResult<Vec<CareRecord>> {
    ask(
        desk,
        FairCommand::CareRequests {
            engagement: engagement.to_owned(),
        },
    )
    .await
}

/// `POST /api/v1/engagements/{id}/care-requests`: the resident asks for consideration of
/// pregnancy, childcare or caregiving (Art. 13); one open request at a time. Shown with the
/// terms (`care_requests`), so there are terms first.
pub async fn care_ask(ctx: &Ctx) -> ApiResult<Response> {
    let l = load(ctx).await?;
    if l.party != Part::Resident {
        return Err(ApiError::Forbidden);
    }
    let input: CareInput = ctx.json()?;
    let text = input.validate()?;
    current_terms(&l.desk, l.basis.engagement.as_str())
        .await?
        .ok_or_else(no_terms)?;
    let r: Option<CareRecord> = ask(
        &l.desk,
        FairCommand::AskCare {
            engagement: l.basis.engagement.0.clone(),
            input,
            text,
            at: clock::now(),
        },
    )
    .await?;
    http::json_status(201, &written(r)?)
}

/// `POST /api/v1/engagements/{id}/care-requests/{rid}/answer`: the commissioner accommodates
/// (saying what changed) or declines (giving the reason, which is required).
pub async fn care_answer(ctx: &Ctx) -> ApiResult<Response> {
    let (l, _, commissioner) = with_commissioner(ctx).await?;
    let input: CareAnswerInput = ctx.json()?;
    if !commissioner {
        return Err(ApiError::Forbidden);
    }
    let text = input.validate()?;
    let r: Option<CareRecord> = ask(
        &l.desk,
        FairCommand::AnswerCare {
            engagement: l.basis.engagement.0.clone(),
            id: ctx.param("rid")?.to_owned(),
            accommodate: input.accommodate,
            text,
            at: clock::now(),
        },
    )
    .await?;
    http::json_status(200, &r.ok_or(ApiError::NotFound)?)
}

// ---- earnings and the city's figure ----

/// `GET /api/v1/me/earnings?year=2026` (default: this year); `&format=csv` for 確定申告 (`&encoding=shift_jis` too).
pub async fn my_earnings(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    ensure_resident(&session)?;
    let today = today();
    let year = match ctx.query("year") {
        None => today.year(),
        Some(y) => y
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or(ApiError::BadRequest {
                code: "bad_year",
                message: Localized::new(
                    "年は 2026 のように4桁で指定してください。",
                    "Please give the year as four digits, e.g. 2026.",
                ),
            })?,
    };
    let desk = ctx.desk(session.region.as_str())?;
    let list = invoices(
        &desk,
        InvoicesOf::Resident(session.user.as_str().to_owned()),
    )
    .await?;
    let summaries: Vec<InvoiceSummary> = list
        .iter()
        .map(|r| InvoiceSummary::of(r.id.clone(), &r.invoice))
        .collect();
    let payments: Vec<Payment> = list.iter().flat_map(domain_payments).collect();
    let all = earnings::earnings(&summaries, &payments, today);
    let view = EarningsView {
        year,
        totals: all.year(year),
        months: all
            .months
            .iter()
            .filter(|m| m.year == year)
            .copied()
            .collect(),
        overdue: all.overdue,
    };
    if ctx.query("format") == Some("csv") {
        let mut rows = vec![
            [
                "月",
                "売上（税込）",
                "売上（税抜）",
                "入金",
                "源泉徴収税額",
                "未入金",
            ]
            .iter()
            .map(|s| (*s).to_owned())
            .collect::<Vec<_>>(),
        ];
        let row = |label: String, t: &domain::fair_work::earnings::Totals| {
            vec![
                label,
                t.earned.0.to_string(),
                t.earned_excluding_tax.0.to_string(),
                t.paid.0.to_string(),
                t.withheld.0.to_string(),
                t.due.0.to_string(),
            ]
        };
        for m in &view.months {
            rows.push(row(format!("{}-{:02}", m.year, m.month), &m.totals));
        }
        rows.push(row(format!("{year}年 合計"), &view.totals));
        return csv_response(
            ctx,
            csv_with_bom(&rows),
            &format!("musubi-earnings-{year}.csv"),
        );
    }
    http::json_status(200, &view)
}

/// `GET /api/v1/municipalities/{id}/paid-to-residents`: yen paid to residents per month in the
/// region (a month with fewer than 5 residents paid is suppressed, as every published cell).
pub async fn paid_to_residents(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (session, _, _) = auth::municipality_reader(ctx, &store).await?;
    let desk = ctx.desk(session.region.as_str())?;
    let payments: Vec<PaidToResident> = ask(&desk, FairCommand::PaidToResidents).await?;
    http::json_status(200, &paid_by_month(&payments))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commissioner_is_the_company_directly_and_the_hub_in_a_recommission() {
        assert_eq!(
            side_of(Part::Company, Contracting::Direct),
            Some(Side::Commissioner)
        );
        assert_eq!(side_of(Part::Hub, Contracting::Direct), None);
        assert_eq!(
            side_of(Part::Hub, Contracting::ThroughHub),
            Some(Side::Commissioner)
        );
        assert_eq!(side_of(Part::Company, Contracting::ThroughHub), None);
        assert_eq!(
            side_of(Part::Resident, Contracting::ThroughHub),
            Some(Side::Contractor)
        );
    }
}
