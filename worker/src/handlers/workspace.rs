//! The company's workspace: need templates (`GET /api/v1/needs`), the job preview with pay
//! guidance (`POST /api/v1/jobs/preview`), the shortlist of a job
//! (`GET /api/v1/jobs/{id}/shortlist`, `PUT`/`DELETE …/shortlist/{card}`), and the company's
//! own jobs and engagements (`GET /api/v1/companies/{id}/jobs`, `…/engagements`). Filtered
//! talent and team swaps are query parameters of the job's talent and team routes (`jobs`).
//!
//! Every answer here is built from domain types without a name or contact field.

use domain::account::Role;
use domain::api::TalentCard;
use domain::fair_work::waiting;
use domain::metrics::jst_date;
use domain::model::{CompanyId, Job, JobId};
use domain::needs::{self, JobPreview};
use domain::talent::{CompanyEngagement, for_company};
use domain::terms::TermsInput;
use domain::validate::{JobInput, ValidationContext, ValidationErrors};
use domain::vocabulary::Taxonomy;
use serde::Serialize;
use worker::Response;

use crate::auth::managed_job;
use crate::auth::{self, Session};
use crate::clock;
use crate::desk::wire::{Answer, Command};
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::pseudonym::CardKey;
use crate::records::{self, engagements, engagements::Party};
use crate::store::{Store, keys};

/// `GET /api/v1/needs?q=`: every need template as an editable job draft, the best match for
/// what the company typed first. Public: the templates are no secret, and a company may look
/// before it registers.
pub fn needs(ctx: &Ctx) -> ApiResult<Response> {
    let q = ctx.query("q").unwrap_or_default();
    http::json_cached(ctx, &needs::suggest(q, Taxonomy::builtin()))
}

fn company_member(session: &Session) -> ApiResult<CompanyId> {
    match &session.role {
        Role::CompanyMember { company } => Ok(company.clone()),
        _ => Err(ApiError::Forbidden),
    }
}

/// `POST /api/v1/jobs/preview`: the job form checked as posting would check it (422 naming
/// each field), and, when valid, the pay guidance for the company's region (minimum wage in
/// force today, in Japan's time zone, and the usual pay) and what the data access asks.
/// Writes nothing; a pending company may draft too.
pub async fn preview(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let company = company_member(&session)?;
    let store = ctx.store()?;
    let region = records::region(&store, &session.region).await?;
    let input: JobInput = ctx.json()?;
    let job = input.validate(&ValidationContext::new(Taxonomy::builtin(), &region))?;
    let today_jst = domain::metrics::jst_date(clock::now());
    let own = records::company_prefecture(&store, &company).await?;
    // What posting would refuse first; then the guidance for the work's prefecture.
    job.check_posting(own, region.prefecture, today_jst)?;
    let prefecture = job.work_prefecture(own, region.prefecture);
    let preview: JobPreview = needs::preview(&job, Taxonomy::builtin(), prefecture, today_jst);
    http::json_status(200, &preview)
}

/// The job of the path, if the session is a member of its (approved) company. The hub may
/// browse talent, but the shortlist is the company's own.
async fn own_job(ctx: &Ctx, store: &Store) -> ApiResult<(CompanyId, Job)> {
    let session = auth::require(ctx).await?;
    let company = company_member(&session)?;
    let job = managed_job(ctx, store).await?;
    Ok((company, job))
}

#[derive(Debug, Serialize)]
struct Shortlisted {
    card: String,
    shortlisted: bool,
}

/// `GET /api/v1/jobs/{id}/shortlist`: the shortlisted cards, scored for this job, anonymous.
pub async fn shortlist(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (company, job) = own_job(ctx, &store).await?;
    let desk = ctx.desk(job.region_id.as_str())?;
    let ids = records::shortlist::cards(&desk, &company, &job.id).await?;
    // The list keeps cards (the job's pseudonyms); each maps back to its resident here only.
    let key = CardKey::of_env(&ctx.env)?;
    let residents: Vec<String> = ids
        .iter()
        .filter_map(|c| key.resident(&job.id, c))
        .map(|id| id.0)
        .collect();
    // The profiles and tombstones in bulk reads, and what the cards need of the desk in one
    // call (their trust facts and places included): flat in the list's length.
    let (found, facts) = records::live_residents_with_facts(
        &store,
        job.region_id.as_str(),
        &residents,
        records::facts::Extra::HomePlaces,
    )
    .await?;
    let mut cards: Vec<TalentCard> = records::talent_cards(&job, found, &facts, &facts.trust);
    for c in &mut cards {
        c.card = key.card(&job.id, &c.card);
    }
    http::json_cached(ctx, &cards)
}

/// `PUT /api/v1/jobs/{id}/shortlist/{card}`: keeps a card (an existing resident) on the list.
/// Two members adding at once cannot pass the list's limit: the desk checks and writes in one
/// transaction.
pub async fn shortlist_add(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (company, job) = own_job(ctx, &store).await?;
    let card = ctx.param("card")?;
    // A card of this job (its pseudonym of a resident), and only a resident on this job's cards
    // (`matching::hard_check`), never an account id.
    let resident_id = CardKey::of_env(&ctx.env)?
        .resident(&job.id, card)
        .ok_or(ApiError::NotFound)?;
    let resident = records::live_resident(&store, resident_id.as_str())
        .await?
        .ok_or(ApiError::NotFound)?;
    if domain::matching::hard_check(&job, &resident).is_err() {
        return Err(ApiError::NotFound);
    }
    let desk = ctx.desk(job.region_id.as_str())?;
    records::shortlist::add(&desk, &company, &job.id, card, &resident_id, clock::now()).await?;
    http::json_status(
        200,
        &Shortlisted {
            card: card.to_owned(),
            shortlisted: true,
        },
    )
}

/// `DELETE /api/v1/jobs/{id}/shortlist/{card}`.
pub async fn shortlist_remove(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (company, job) = own_job(ctx, &store).await?;
    let card = ctx.param("card")?;
    let desk = ctx.desk(job.region_id.as_str())?;
    records::shortlist::remove(&desk, &company, &job.id, card).await?;
    http::json_status(
        200,
        &Shortlisted {
            card: card.to_owned(),
            shortlisted: false,
        },
    )
}

/// The company of the path, if the session is one of its members.
async fn own_company(ctx: &Ctx) -> ApiResult<(Session, CompanyId)> {
    let session = auth::require(ctx).await?;
    let id = CompanyId(ctx.param("id")?.to_owned());
    if !session.role.is_member_of(&id) {
        return Err(ApiError::Forbidden);
    }
    Ok((session, id))
}

/// Most closed jobs the company's list shows (newest closed first).
const MAX_CLOSED_LISTED: usize = 100;

/// `GET /api/v1/companies/{id}/jobs`: the company's open jobs, newest first; with
/// `?status=closed` its closed jobs, most recently closed first, each with when and why.
pub async fn jobs(ctx: &Ctx) -> ApiResult<Response> {
    let (session, company) = own_company(ctx).await?;
    let store = ctx.store()?;
    match ctx.query("status") {
        None | Some("open") => {}
        Some("closed") => return closed_jobs(ctx, &store, &company).await,
        Some(_) => {
            return Err(ApiError::BadRequest {
                code: "bad_status",
                message: domain::model::Localized::new(
                    "status には open か closed を指定してください。",
                    "`status` must be open or closed.",
                ),
            });
        }
    }
    let desk = ctx.desk(session.region.as_str())?;
    let ids: Vec<JobId> =
        records::open_jobs_for_ranking(&store, &desk, &session.region, Some(&company))
            .await?
            .into_iter()
            .map(|j| j.id)
            .collect();
    let mut list = records::open_jobs_by_id(&store, &ids).await?;
    list.sort_by_key(|j| std::cmp::Reverse(j.created_at));
    http::json_cached(ctx, &list)
}

async fn closed_jobs(ctx: &Ctx, store: &Store, company: &CompanyId) -> ApiResult<Response> {
    let mut ids = store
        .list_suffixes(&keys::closed_jobs_prefix(company.as_str()))
        .await?;
    ids.truncate(MAX_CLOSED_LISTED);
    let job_keys: Vec<String> = ids.iter().map(|id| keys::job(id)).collect();
    let found =
        futures_util::future::try_join_all(job_keys.iter().map(|k| store.get_json::<Job>(k)))
            .await?;
    let mut list: Vec<Job> = found
        .into_iter()
        .flatten()
        .filter(|j| j.status == domain::model::JobStatus::Closed && j.company_id == *company)
        .collect();
    list.sort_by_key(|j| std::cmp::Reverse(j.closure.as_ref().map_or(j.created_at, |c| c.at)));
    http::json_cached(ctx, &list)
}

/// `GET /api/v1/companies/{id}/terms`: the confidentiality terms in force (the default
/// template, version 1, until the company writes its own). Its members and the region's hub.
pub async fn terms(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let id = CompanyId(ctx.param("id")?.to_owned());
    let store = ctx.store()?;
    if !session.role.is_member_of(&id) {
        let company: Option<domain::model::Company> =
            store.get_json(&keys::company(id.as_str())).await?;
        match company {
            Some(c) if session.role.is_hub_of(&c.region_id) => {}
            _ => return Err(ApiError::Forbidden),
        }
    }
    let desk = ctx.desk(session.region.as_str())?;
    http::json_cached(ctx, &records::terms(&store, &desk, &id).await?)
}

/// `PUT /api/v1/companies/{id}/terms` with `{body_ja, body_en}`: publishes the next version
/// (`domain::terms::TermsInput::publish`, 422 naming the field). Acceptances of earlier versions
/// stay as they were; a resident who has not accepted yet must accept this one.
pub async fn terms_update(ctx: &Ctx) -> ApiResult<Response> {
    let (session, company) = own_company(ctx).await?;
    let store = ctx.store()?;
    let input: TermsInput = ctx.json()?;
    // The next version is numbered and written in the region's desk, in one transaction, so
    // two members publishing at once get two versions.
    let default = records::default_terms(&store, &company).await?;
    let answer = ctx
        .desk(session.region.as_str())?
        .call(&Command::PublishTerms {
            input,
            default,
            by: session.user.clone(),
            at: clock::now(),
        })
        .await?;
    match answer {
        Answer::Terms { doc: Some(next) } => http::json_status(200, &next),
        Answer::Invalid { fields } => Err(ValidationErrors(fields).into()),
        other => Err(ApiError::internal(format!("desk answered {other:?}"))),
    }
}

/// `GET /api/v1/companies/{id}/engagements`: the company's engagements by state, each with
/// the check-ins the hub recorded with the company and the steps the company may take.
pub async fn engagements(ctx: &Ctx) -> ApiResult<Response> {
    let (session, company) = own_company(ctx).await?;
    let store = ctx.store()?;
    records::ensure_approved(&store, &company).await?;
    let desk = ctx.desk(session.region.as_str())?;
    let folded: Vec<_> = engagements::of(&desk, &Party::One(company.as_str().to_owned()))
        .await?
        .into_iter()
        .map(|r| (r.id, r.state))
        .collect();
    let titles = records::job_titles(&store, folded.iter().map(|(_, s)| s)).await?;
    let mut list: Vec<CompanyEngagement> = folded
        .iter()
        .filter(|(_, s)| s.parties.as_ref().is_some_and(|p| p.company == company))
        .filter_map(|(id, s)| {
            let title = s
                .parties
                .as_ref()
                .and_then(|p| titles.get(&p.job))
                .map_or("", String::as_str);
            for_company(id.clone(), s, title)
        })
        .collect();
    // The person is named by the job's card pseudonym, never the account id.
    let key = CardKey::of_env(&ctx.env)?;
    for e in &mut list {
        e.card = key.card(&e.job, &e.card);
    }
    // What the company has not answered yet (a care request, the reason of an ending), marked
    // on the engagement so that it is not forgotten.
    let waiting =
        records::fair_work::waiting(&desk, jst_date(clock::now()), Some(company.as_str())).await?;
    for e in &mut list {
        e.awaiting_answer = waiting::awaiting_company(&waiting, e.id.as_str());
    }
    list.sort_by(|a, b| a.group.cmp(&b.group).then(a.id.cmp(&b.id)));
    http::json_cached(ctx, &list)
}
