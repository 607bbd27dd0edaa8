//! The one router: a table of every route (which the OpenAPI test checks against the document)
//! and the function that dispatches a request to its named handler.

use domain::validate::is_opaque_id;
use worker::{Env, Method, Request, Response};

use crate::auth;
use crate::error::{ApiError, ApiResult};
use crate::handlers;
use crate::http::{self, Ctx};
use crate::idempotency;
use crate::meter::Meter;
use crate::roles::Roles;

/// Every handler the API has, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handler {
    Health,
    OpenApi,
    PublicSummary,
    Vocabulary,
    Region,
    DevSeed,
    DevReindex,
    DevClockGet,
    DevClockSet,
    Register,
    Me,
    Login,
    Logout,
    IssueInvite,
    ListInvites,
    ProfileGet,
    ProfilePut,
    MyMatches,
    MyEngagements,
    MyInbox,
    MyCourses,
    DecideCourse,
    JobCreate,
    JobGet,
    JobUpdate,
    JobClose,
    JobTalent,
    JobTeam,
    ResidentInterest,
    CompanyInterest,
    EngagementGet,
    EngagementEvent,
    HubPipeline,
    HubDue,
    ApproveCompany,
    ResidentVerification,
    ProgramCreate,
    ProgramUpdate,
    ProgramList,
    ProgramEnrol,
    ProgramComplete,
    MunicipalityMetrics,
    CompanyRegister,
    CompanyGet,
    CompanyUpdate,
    CompanyApproval,
    MyExport,
    DeleteMe,
    // The company workspace (`handlers::workspace`).
    Needs,
    JobPreview,
    Shortlist,
    ShortlistAdd,
    ShortlistRemove,
    CompanyJobs,
    CompanyEngagements,
    HubAttention,
    HubCompanies,
    WorkRequestCreate,
    WorkRequestGet,
    WorkRequestWorkspace,
    WorkRequestCheck,
    WorkRequestPropose,
    WorkRequestAnswer,
    HubWorkRequests,
    CompanyWorkRequests,
    HubResidentTimeline,
    HubCompanyTimeline,
    ProgramEnrolments,
    ProgramPlacement,
    MyRecord,
    RecordPublicKey,
    RecordGet,
    RecordVerify,
    RecordKeys,
    RecordRevoke,
    // Trust and terms on the company's side (`handlers::trust`, `workspace`, `engagements`).
    ResidentIdentity,
    CompanyTerms,
    CompanyTermsUpdate,
    EngagementTerms,
    // Fair work terms and pay (`handlers::fair_work`, issue 19).
    FairCompanyProfileGet,
    FairCompanyProfilePut,
    FairPayoutGet,
    FairPayoutPut,
    FairEngagementPayout,
    FairTermsGet,
    FairTermsDraft,
    FairTermsPut,
    FairTermsAcknowledge,
    FairPayScheduleCheck,
    FairReports,
    FairReportSubmit,
    FairReportReview,
    FairInvoiceCreate,
    FairEngagementInvoices,
    FairInvoiceGet,
    FairPaymentRecord,
    FairReceiptConfirm,
    FairHubOverdue,
    FairHubWaiting,
    FairInbox,
    FairEndingGet,
    FairEndingPut,
    FairReasonRequest,
    FairReasonAnswer,
    FairCareAsk,
    FairCareAnswer,
    FairEarnings,
    FairPaidToResidents,
}

impl Handler {
    /// May a POST's first answer be replayed for its `Idempotency-Key`? Not for the answers
    /// that set or clear the session cookie: a replay carries the body without the cookie (its
    /// token is never stored), and a key sent before login is scoped to no session, so another
    /// anonymous client sending the same key would be handed someone's account.
    pub fn replays_idempotent_posts(self) -> bool {
        !matches!(
            self,
            Handler::Register
                | Handler::Login
                | Handler::Logout
                | Handler::CompanyRegister
                | Handler::DeleteMe
        )
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub method: &'static str,
    /// OpenAPI-style path, `{name}` for a parameter.
    pub path: &'static str,
    pub handler: Handler,
    /// Who may call it (`roles`: checked before dispatch, `x-roles` in the OpenAPI document).
    pub roles: Roles,
}

const fn route(method: &'static str, path: &'static str, handler: Handler) -> Route {
    Route {
        method,
        path,
        handler,
        roles: handler.roles(),
    }
}

pub const ROUTES: &[Route] = &[
    route("GET", "/api/v1/health", Handler::Health),
    route("GET", "/api/v1/openapi.json", Handler::OpenApi),
    route("GET", "/api/v1/public/summary", Handler::PublicSummary),
    route("GET", "/api/v1/vocabulary", Handler::Vocabulary),
    route("GET", "/api/v1/regions/{id}", Handler::Region),
    route("POST", "/api/v1/dev/seed", Handler::DevSeed),
    route("POST", "/api/v1/dev/reindex", Handler::DevReindex),
    route("GET", "/api/v1/dev/clock", Handler::DevClockGet),
    route("PUT", "/api/v1/dev/clock", Handler::DevClockSet),
    route("POST", "/api/v1/accounts", Handler::Register),
    route("GET", "/api/v1/me", Handler::Me),
    route("POST", "/api/v1/sessions", Handler::Login),
    route("DELETE", "/api/v1/sessions/current", Handler::Logout),
    // The header's 「ログアウト」 is a plain form (no script): the same log-out, then `/`.
    route("POST", "/api/v1/sessions/current", Handler::Logout),
    route("POST", "/api/v1/invites", Handler::IssueInvite),
    route("GET", "/api/v1/invites", Handler::ListInvites),
    route("GET", "/api/v1/me/profile", Handler::ProfileGet),
    route("PUT", "/api/v1/me/profile", Handler::ProfilePut),
    route("GET", "/api/v1/me/matches", Handler::MyMatches),
    route("GET", "/api/v1/me/engagements", Handler::MyEngagements),
    route("GET", "/api/v1/me/inbox", Handler::MyInbox),
    route("GET", "/api/v1/me/courses", Handler::MyCourses),
    route("POST", "/api/v1/me/courses/{id}", Handler::DecideCourse),
    route("POST", "/api/v1/jobs", Handler::JobCreate),
    route("GET", "/api/v1/jobs/{id}", Handler::JobGet),
    route("PUT", "/api/v1/jobs/{id}", Handler::JobUpdate),
    route("POST", "/api/v1/jobs/{id}/close", Handler::JobClose),
    route("GET", "/api/v1/jobs/{id}/talent", Handler::JobTalent),
    route("GET", "/api/v1/jobs/{id}/team", Handler::JobTeam),
    route(
        "POST",
        "/api/v1/jobs/{id}/interest",
        Handler::ResidentInterest,
    ),
    route(
        "POST",
        "/api/v1/jobs/{id}/talent/{card}/interest",
        Handler::CompanyInterest,
    ),
    route("GET", "/api/v1/engagements/{id}", Handler::EngagementGet),
    route(
        "POST",
        "/api/v1/engagements/{id}/events",
        Handler::EngagementEvent,
    ),
    route("GET", "/api/v1/hub/pipeline", Handler::HubPipeline),
    route("GET", "/api/v1/hub/due", Handler::HubDue),
    route(
        "POST",
        "/api/v1/companies/{id}/approval",
        Handler::ApproveCompany,
    ),
    route(
        "POST",
        "/api/v1/residents/{id}/verifications",
        Handler::ResidentVerification,
    ),
    route("POST", "/api/v1/programs", Handler::ProgramCreate),
    route("PUT", "/api/v1/programs/{id}", Handler::ProgramUpdate),
    route("GET", "/api/v1/programs", Handler::ProgramList),
    route(
        "POST",
        "/api/v1/programs/{id}/enrolments",
        Handler::ProgramEnrol,
    ),
    route(
        "POST",
        "/api/v1/programs/{id}/completions",
        Handler::ProgramComplete,
    ),
    route(
        "GET",
        "/api/v1/municipalities/{id}/metrics",
        Handler::MunicipalityMetrics,
    ),
    route("POST", "/api/v1/companies", Handler::CompanyRegister),
    route("GET", "/api/v1/companies/{id}", Handler::CompanyGet),
    route("PUT", "/api/v1/companies/{id}", Handler::CompanyUpdate),
    route(
        "GET",
        "/api/v1/companies/{id}/approval",
        Handler::CompanyApproval,
    ),
    route("GET", "/api/v1/me/export", Handler::MyExport),
    route("DELETE", "/api/v1/me", Handler::DeleteMe),
    // The company workspace.
    route("GET", "/api/v1/needs", Handler::Needs),
    route("POST", "/api/v1/jobs/preview", Handler::JobPreview),
    route("GET", "/api/v1/jobs/{id}/shortlist", Handler::Shortlist),
    route(
        "PUT",
        "/api/v1/jobs/{id}/shortlist/{card}",
        Handler::ShortlistAdd,
    ),
    route(
        "DELETE",
        "/api/v1/jobs/{id}/shortlist/{card}",
        Handler::ShortlistRemove,
    ),
    route("GET", "/api/v1/companies/{id}/jobs", Handler::CompanyJobs),
    route(
        "GET",
        "/api/v1/companies/{id}/engagements",
        Handler::CompanyEngagements,
    ),
    route("GET", "/api/v1/hub/attention", Handler::HubAttention),
    route("GET", "/api/v1/hub/companies", Handler::HubCompanies),
    route("POST", "/api/v1/work-requests", Handler::WorkRequestCreate),
    route("GET", "/api/v1/work-requests/{id}", Handler::WorkRequestGet),
    route(
        "GET",
        "/api/v1/work-requests/{id}/workspace",
        Handler::WorkRequestWorkspace,
    ),
    route(
        "POST",
        "/api/v1/work-requests/{id}/check",
        Handler::WorkRequestCheck,
    ),
    route(
        "PUT",
        "/api/v1/work-requests/{id}/proposal",
        Handler::WorkRequestPropose,
    ),
    route(
        "POST",
        "/api/v1/work-requests/{id}/answer",
        Handler::WorkRequestAnswer,
    ),
    route("GET", "/api/v1/hub/work-requests", Handler::HubWorkRequests),
    route(
        "GET",
        "/api/v1/companies/{id}/work-requests",
        Handler::CompanyWorkRequests,
    ),
    route(
        "GET",
        "/api/v1/hub/residents/{id}/timeline",
        Handler::HubResidentTimeline,
    ),
    route(
        "GET",
        "/api/v1/hub/companies/{id}/timeline",
        Handler::HubCompanyTimeline,
    ),
    route(
        "GET",
        "/api/v1/programs/{id}/enrolments",
        Handler::ProgramEnrolments,
    ),
    route(
        "GET",
        "/api/v1/programs/{id}/placement",
        Handler::ProgramPlacement,
    ),
    route("GET", "/api/v1/me/record", Handler::MyRecord),
    // Before `/records/{id}`: the first match wins.
    route(
        "GET",
        "/api/v1/records/public-key",
        Handler::RecordPublicKey,
    ),
    route("POST", "/api/v1/records/verify", Handler::RecordVerify),
    route("GET", "/api/v1/records/keys", Handler::RecordKeys),
    route(
        "POST",
        "/api/v1/records/{id}/revocation",
        Handler::RecordRevoke,
    ),
    route("GET", "/api/v1/records/{id}", Handler::RecordGet),
    route(
        "POST",
        "/api/v1/residents/{id}/identity",
        Handler::ResidentIdentity,
    ),
    route("GET", "/api/v1/companies/{id}/terms", Handler::CompanyTerms),
    route(
        "PUT",
        "/api/v1/companies/{id}/terms",
        Handler::CompanyTermsUpdate,
    ),
    route(
        "GET",
        "/api/v1/engagements/{id}/terms",
        Handler::EngagementTerms,
    ),
    // Fair work terms and pay (issue 19).
    route(
        "GET",
        "/api/v1/companies/{id}/fair-work-profile",
        Handler::FairCompanyProfileGet,
    ),
    route(
        "PUT",
        "/api/v1/companies/{id}/fair-work-profile",
        Handler::FairCompanyProfilePut,
    ),
    route("GET", "/api/v1/me/payout", Handler::FairPayoutGet),
    route("PUT", "/api/v1/me/payout", Handler::FairPayoutPut),
    route(
        "GET",
        "/api/v1/engagements/{id}/payout",
        Handler::FairEngagementPayout,
    ),
    route(
        "GET",
        "/api/v1/engagements/{id}/fair-terms",
        Handler::FairTermsGet,
    ),
    route(
        "PUT",
        "/api/v1/engagements/{id}/fair-terms",
        Handler::FairTermsPut,
    ),
    route(
        "GET",
        "/api/v1/engagements/{id}/fair-terms/draft",
        Handler::FairTermsDraft,
    ),
    route(
        "POST",
        "/api/v1/engagements/{id}/fair-terms/acknowledgements",
        Handler::FairTermsAcknowledge,
    ),
    route(
        "POST",
        "/api/v1/pay-schedules/check",
        Handler::FairPayScheduleCheck,
    ),
    route(
        "GET",
        "/api/v1/engagements/{id}/work-reports",
        Handler::FairReports,
    ),
    route(
        "POST",
        "/api/v1/engagements/{id}/work-reports",
        Handler::FairReportSubmit,
    ),
    route(
        "POST",
        "/api/v1/engagements/{id}/work-reports/{report}/review",
        Handler::FairReportReview,
    ),
    route(
        "POST",
        "/api/v1/engagements/{id}/invoices",
        Handler::FairInvoiceCreate,
    ),
    route(
        "GET",
        "/api/v1/engagements/{id}/invoices",
        Handler::FairEngagementInvoices,
    ),
    route("GET", "/api/v1/invoices/{id}", Handler::FairInvoiceGet),
    route(
        "POST",
        "/api/v1/invoices/{id}/payments",
        Handler::FairPaymentRecord,
    ),
    route(
        "POST",
        "/api/v1/invoices/{id}/receipt",
        Handler::FairReceiptConfirm,
    ),
    route(
        "GET",
        "/api/v1/hub/fair-work/overdue",
        Handler::FairHubOverdue,
    ),
    route(
        "GET",
        "/api/v1/hub/fair-work/waiting",
        Handler::FairHubWaiting,
    ),
    route("GET", "/api/v1/me/fair-work", Handler::FairInbox),
    route(
        "GET",
        "/api/v1/engagements/{id}/ending",
        Handler::FairEndingGet,
    ),
    route(
        "PUT",
        "/api/v1/engagements/{id}/ending",
        Handler::FairEndingPut,
    ),
    route(
        "POST",
        "/api/v1/engagements/{id}/ending/reason-request",
        Handler::FairReasonRequest,
    ),
    route(
        "POST",
        "/api/v1/engagements/{id}/ending/reason",
        Handler::FairReasonAnswer,
    ),
    route(
        "POST",
        "/api/v1/engagements/{id}/care-requests",
        Handler::FairCareAsk,
    ),
    route(
        "POST",
        "/api/v1/engagements/{id}/care-requests/{rid}/answer",
        Handler::FairCareAnswer,
    ),
    route("GET", "/api/v1/me/earnings", Handler::FairEarnings),
    route(
        "GET",
        "/api/v1/municipalities/{id}/paid-to-residents",
        Handler::FairPaidToResidents,
    ),
];

type Params = Vec<(&'static str, String)>;

fn match_path(pattern: &'static str, path: &str) -> Option<Params> {
    let mut params = Vec::new();
    let mut pat = pattern.split('/');
    let mut got = path.split('/');
    loop {
        match (pat.next(), got.next()) {
            (None, None) => return Some(params),
            (Some(p), Some(g)) if p.starts_with('{') && p.ends_with('}') => {
                params.push((&p[1..p.len() - 1], g.to_owned()));
            }
            (Some(p), Some(g)) if p == g => {}
            _ => return None,
        }
    }
}

/// Finds the route for a method and path; 404 for an unknown path, 405 for a known path with
/// another method, 404 for a parameter that is not a valid id.
pub fn resolve(method: &str, path: &str) -> ApiResult<(Handler, Params)> {
    let mut path_known = false;
    for r in ROUTES {
        if let Some(params) = match_path(r.path, path) {
            path_known = true;
            if r.method == method {
                // Path parameters are opaque ids (the one rule): no `:` or `/`, which would
                // address other KV keys.
                if params.iter().any(|(_, v)| !is_opaque_id(v)) {
                    return Err(ApiError::NotFound);
                }
                return Ok((r.handler, params));
            }
        }
    }
    Err(if path_known {
        ApiError::MethodNotAllowed
    } else {
        ApiError::NotFound
    })
}

fn method_name(m: &Method) -> &'static str {
    match m {
        Method::Get => "GET",
        Method::Head => "GET",
        Method::Post => "POST",
        Method::Put => "PUT",
        Method::Patch => "PATCH",
        Method::Delete => "DELETE",
        Method::Options => "OPTIONS",
        _ => "OTHER",
    }
}

pub async fn handle(req: Request, env: Env) -> Response {
    let path = req.path();
    if !path.starts_with("/api/") {
        return serve_asset(req, &env).await;
    }
    let production = env
        .var("MUSUBI_ENV")
        .map(|v| v.to_string() != "development")
        .unwrap_or(true);
    // The development clock's offset, if a test set one (`clock`; never read in production).
    if crate::clock::load_dev_offset(&env, !production)
        .await
        .is_err()
    {
        crate::clock::set_offset(0);
    }
    let meter = Meter::new();
    let mut resp = match dispatch(req, env, meter.clone()).await {
        Ok(resp) => resp,
        Err(e) => http::error_response(&e),
    };
    // What the request spent on storage (KV operations and region desk calls).
    let _ = resp
        .headers_mut()
        .set("server-timing", &meter.server_timing());
    http::with_security_headers(resp, production)
}

async fn dispatch(req: Request, env: Env, meter: Meter) -> ApiResult<Response> {
    let url = req.url()?;
    let own_origin = url.origin().ascii_serialization();
    http::same_origin_or_refuse(&req.method(), req.headers(), &own_origin)?;
    let (handler, params) = resolve(method_name(&req.method()), url.path())?;
    let ctx = Ctx::from_request(req, env, params, meter).await?;
    admit(handler.roles(), &ctx).await?;
    let key = if handler.replays_idempotent_posts() {
        idempotency::key_of(&ctx)?
    } else {
        None
    };
    let Some(key) = key else {
        return run(handler, &ctx).await;
    };
    // Authenticate first, then replay: without a live session the request runs (and meets the
    // handler's own 401 or answer); nothing is replayed or kept for it.
    let Ok(session) = auth::require(&ctx).await else {
        return run(handler, &ctx).await;
    };
    let desk = ctx.desk(session.region.as_str())?;
    let scoped = idempotency::scoped(&ctx.path, session.user.as_str(), &key);
    let request = idempotency::request_hash("POST", &ctx.path, &ctx.body);
    match idempotency::reserve(&desk, &scoped, &session.user, &request).await? {
        idempotency::Reserved::Replay(resp) => return Ok(resp),
        idempotency::Reserved::Run => {}
    }
    let mut resp = match run(handler, &ctx).await {
        Ok(resp) => resp,
        Err(e) => http::error_response(&e),
    };
    idempotency::finish(&desk, &scoped, &mut resp).await?;
    Ok(resp)
}

/// The route table's first check: a role outside the route's set is refused (401 without a
/// session, 403 with one) before anything else runs. The session read here is the one the
/// handler's own guards use (`Ctx::session`), so this costs no storage operation of its own.
async fn admit(roles: Roles, ctx: &Ctx) -> ApiResult<()> {
    if roles.contains(Roles::ANYONE) {
        return Ok(());
    }
    let session = match auth::require(ctx).await {
        Ok(session) => session,
        Err(ApiError::Unauthenticated) if roles.contains(Roles::ANONYMOUS) => return Ok(()),
        Err(e) => return Err(e),
    };
    if roles.admits(&session.role) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// Calls the named handler.
async fn run(handler: Handler, ctx: &Ctx) -> ApiResult<Response> {
    match handler {
        Handler::Health => handlers::health::get(ctx).await,
        Handler::OpenApi => handlers::openapi::get(ctx),
        Handler::PublicSummary => handlers::summary::get(ctx).await,
        Handler::Vocabulary => handlers::reference::vocabulary(ctx),
        Handler::Region => handlers::reference::region(ctx).await,
        Handler::DevSeed => handlers::dev::seed(ctx).await,
        Handler::DevReindex => handlers::dev::reindex(ctx).await,
        Handler::DevClockGet => handlers::dev::clock_get(ctx),
        Handler::DevClockSet => handlers::dev::clock_set(ctx).await,
        Handler::Register => handlers::accounts::register(ctx).await,
        Handler::Me => handlers::accounts::me(ctx).await,
        Handler::Login => handlers::sessions::login(ctx).await,
        Handler::Logout => handlers::sessions::logout(ctx).await,
        Handler::IssueInvite => handlers::invites::issue(ctx).await,
        Handler::ListInvites => handlers::invites::list(ctx).await,
        Handler::ProfileGet => handlers::profile::get(ctx).await,
        Handler::ProfilePut => handlers::profile::put(ctx).await,
        Handler::MyMatches => handlers::profile::matches(ctx).await,
        Handler::MyEngagements => handlers::engagements::mine(ctx).await,
        Handler::MyInbox => handlers::engagements::my_inbox(ctx).await,
        Handler::MyCourses => handlers::programs::my_courses(ctx).await,
        Handler::DecideCourse => handlers::programs::decide_course(ctx).await,
        Handler::JobCreate => handlers::jobs::create(ctx).await,
        Handler::JobGet => handlers::jobs::get(ctx).await,
        Handler::JobUpdate => handlers::jobs::update(ctx).await,
        Handler::JobClose => handlers::jobs::close(ctx).await,
        Handler::JobTalent => handlers::jobs::talent(ctx).await,
        Handler::JobTeam => handlers::jobs::team(ctx).await,
        Handler::ResidentInterest => handlers::engagements::resident_interest(ctx).await,
        Handler::CompanyInterest => handlers::engagements::company_interest(ctx).await,
        Handler::EngagementGet => handlers::engagements::get(ctx).await,
        Handler::EngagementEvent => handlers::engagements::post_event(ctx).await,
        Handler::HubPipeline => handlers::hub::pipeline(ctx).await,
        Handler::HubDue => handlers::hub::due(ctx).await,
        Handler::ApproveCompany => handlers::hub::approve_company(ctx).await,
        Handler::ResidentVerification => handlers::hub::verify_skill(ctx).await,
        Handler::ProgramCreate => handlers::programs::create(ctx).await,
        Handler::ProgramUpdate => handlers::programs::update(ctx).await,
        Handler::ProgramList => handlers::programs::list(ctx).await,
        Handler::ProgramEnrol => handlers::programs::enrol(ctx).await,
        Handler::ProgramComplete => handlers::programs::complete(ctx).await,
        Handler::MunicipalityMetrics => handlers::programs::metrics(ctx).await,
        Handler::CompanyRegister => handlers::companies::register(ctx).await,
        Handler::CompanyGet => handlers::companies::get(ctx).await,
        Handler::CompanyUpdate => handlers::companies::update(ctx).await,
        Handler::CompanyApproval => handlers::companies::approval(ctx).await,
        Handler::MyExport => handlers::privacy::export(ctx).await,
        Handler::DeleteMe => handlers::privacy::delete(ctx).await,
        Handler::Needs => handlers::workspace::needs(ctx),
        Handler::JobPreview => handlers::workspace::preview(ctx).await,
        Handler::Shortlist => handlers::workspace::shortlist(ctx).await,
        Handler::ShortlistAdd => handlers::workspace::shortlist_add(ctx).await,
        Handler::ShortlistRemove => handlers::workspace::shortlist_remove(ctx).await,
        Handler::CompanyJobs => handlers::workspace::jobs(ctx).await,
        Handler::CompanyEngagements => handlers::workspace::engagements(ctx).await,
        Handler::HubAttention => handlers::hub::attention(ctx).await,
        Handler::HubCompanies => handlers::hub::companies(ctx).await,
        Handler::WorkRequestCreate => handlers::scoping::create(ctx).await,
        Handler::WorkRequestGet => handlers::scoping::get(ctx).await,
        Handler::WorkRequestWorkspace => handlers::scoping::workspace(ctx).await,
        Handler::WorkRequestCheck => handlers::scoping::check(ctx).await,
        Handler::WorkRequestPropose => handlers::scoping::propose(ctx).await,
        Handler::WorkRequestAnswer => handlers::scoping::answer(ctx).await,
        Handler::HubWorkRequests => handlers::scoping::hub_list(ctx).await,
        Handler::CompanyWorkRequests => handlers::scoping::company_list(ctx).await,
        Handler::HubResidentTimeline => handlers::hub::timeline(ctx, "resident").await,
        Handler::HubCompanyTimeline => handlers::hub::timeline(ctx, "company").await,
        Handler::ProgramEnrolments => handlers::programs::enrolments(ctx).await,
        Handler::ProgramPlacement => handlers::programs::placement(ctx).await,
        Handler::MyRecord => handlers::skill_record::mine(ctx).await,
        Handler::RecordPublicKey => handlers::skill_record::public_key(ctx),
        Handler::RecordGet => handlers::skill_record::public(ctx).await,
        Handler::RecordVerify => handlers::skill_record::verify(ctx).await,
        Handler::RecordKeys => handlers::skill_record::keys(ctx),
        Handler::RecordRevoke => handlers::skill_record::revoke(ctx).await,
        Handler::ResidentIdentity => handlers::trust::identity_check(ctx).await,
        Handler::CompanyTerms => handlers::workspace::terms(ctx).await,
        Handler::CompanyTermsUpdate => handlers::workspace::terms_update(ctx).await,
        Handler::EngagementTerms => handlers::engagements::terms(ctx).await,
        Handler::FairCompanyProfileGet => handlers::fair_work::company_profile_get(ctx).await,
        Handler::FairCompanyProfilePut => handlers::fair_work::company_profile_put(ctx).await,
        Handler::FairPayoutGet => handlers::fair_work::payout_get(ctx).await,
        Handler::FairPayoutPut => handlers::fair_work::payout_put(ctx).await,
        Handler::FairEngagementPayout => handlers::fair_work::engagement_payout(ctx).await,
        Handler::FairTermsGet => handlers::fair_work::terms_get(ctx).await,
        Handler::FairTermsDraft => handlers::fair_work::terms_draft(ctx).await,
        Handler::FairTermsPut => handlers::fair_work::terms_put(ctx).await,
        Handler::FairTermsAcknowledge => handlers::fair_work::terms_acknowledge(ctx).await,
        Handler::FairPayScheduleCheck => handlers::fair_work::pay_schedule_check(ctx).await,
        Handler::FairReports => handlers::fair_work::reports_get(ctx).await,
        Handler::FairReportSubmit => handlers::fair_work::report_submit(ctx).await,
        Handler::FairReportReview => handlers::fair_work::report_review(ctx).await,
        Handler::FairInvoiceCreate => handlers::fair_work::invoice_create(ctx).await,
        Handler::FairEngagementInvoices => handlers::fair_work::invoices_of_engagement(ctx).await,
        Handler::FairInvoiceGet => handlers::fair_work::invoice_get(ctx).await,
        Handler::FairPaymentRecord => handlers::fair_work::payment_record(ctx).await,
        Handler::FairReceiptConfirm => handlers::fair_work::receipt_confirm(ctx).await,
        Handler::FairHubOverdue => handlers::fair_work::hub_overdue(ctx).await,
        Handler::FairHubWaiting => handlers::fair_work::hub_waiting(ctx).await,
        Handler::FairInbox => handlers::fair_work::my_inbox(ctx).await,
        Handler::FairEndingGet => handlers::fair_work::ending_get(ctx).await,
        Handler::FairEndingPut => handlers::fair_work::ending_put(ctx).await,
        Handler::FairReasonRequest => handlers::fair_work::reason_request(ctx).await,
        Handler::FairReasonAnswer => handlers::fair_work::reason_answer(ctx).await,
        Handler::FairCareAsk => handlers::fair_work::care_ask(ctx).await,
        Handler::FairCareAnswer => handlers::fair_work::care_answer(ctx).await,
        Handler::FairEarnings => handlers::fair_work::my_earnings(ctx).await,
        Handler::FairPaidToResidents => handlers::fair_work::paid_to_residents(ctx).await,
    }
}

/// Non-API paths are the app's static files (normally served before the worker runs).
async fn serve_asset(req: Request, env: &Env) -> Response {
    let fetched = match env.assets("ASSETS") {
        Ok(assets) => assets.fetch_request(req).await,
        Err(e) => Err(e),
    };
    match fetched {
        Ok(resp) => resp,
        Err(e) => http::error_response(&ApiError::internal(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_known_routes_and_parameters() {
        let (h, p) = resolve("GET", "/api/v1/health").expect("health route");
        assert_eq!(h, Handler::Health);
        assert!(p.is_empty());
    }

    #[test]
    fn unknown_path_is_404_and_wrong_method_is_405() {
        assert!(matches!(
            resolve("GET", "/api/v1/nope"),
            Err(ApiError::NotFound)
        ));
        assert!(matches!(
            resolve("DELETE", "/api/v1/health"),
            Err(ApiError::MethodNotAllowed)
        ));
    }

    #[test]
    fn parameters_cannot_inject_key_separators() {
        assert!(match_path("/a/{id}", "/a/x").is_some());
        assert!(resolve("GET", "/api/v1/jobs/res:1").is_err());
        assert!(resolve("GET", "/api/v1/jobs/res-000123").is_ok());
    }

    #[test]
    fn answers_that_set_the_session_cookie_are_never_replayed() {
        for h in [
            Handler::Register,
            Handler::Login,
            Handler::Logout,
            Handler::CompanyRegister,
            Handler::DeleteMe,
        ] {
            assert!(!h.replays_idempotent_posts(), "{h:?}");
        }
        assert!(Handler::IssueInvite.replays_idempotent_posts());
    }

    #[test]
    fn every_route_is_unique() {
        for (i, a) in ROUTES.iter().enumerate() {
            for b in &ROUTES[i + 1..] {
                assert!(
                    !(a.method == b.method && a.path == b.path),
                    "duplicate {}",
                    a.path
                );
            }
        }
    }
}
