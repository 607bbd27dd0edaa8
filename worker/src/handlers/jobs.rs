//! Work a company hands out: `POST /api/v1/jobs`, `GET`/`PUT /api/v1/jobs/{id}`,
//! `POST /api/v1/jobs/{id}/close`, and for the company (or the region's hub) the anonymous talent
//! cards and the proposed team of a job.

use domain::matching::Page;
use domain::model::{CompanyId, JobId, JobStatus, Localized, ResidentId};
use domain::talent::{CloseJobInput, TalentFilter, team_without};
use domain::validate::{JobInput, ValidationContext};
use domain::vocabulary::Taxonomy;
use worker::Response;

use crate::auth;
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::idempotency;
use crate::pseudonym::CardKey;
use crate::records;
use crate::store::Store;

/// Candidates the team is formed from: the best of the index, enough for backups.
const TEAM_POOL: usize = 60;
const MAX_TEAM: usize = 8;
const DEFAULT_TEAM: usize = 4;

/// A new job's id: the same for a retried post (`idempotency::derived_id`).
fn new_job_id(ctx: &Ctx, company: &CompanyId) -> ApiResult<JobId> {
    idempotency::derived_id(ctx, "j", company.as_str()).map(JobId)
}

/// The job form checked, then held to the minimum wage in force today (Japan's date) where the
/// work is (422 on `pay_yen` naming the figure, the prefecture and its effective date) and to
/// the Freelance Act's payment limit (422 on `pay_day` naming the work that would be paid late).
async fn validate(
    ctx: &Ctx,
    store: &Store,
    region: &domain::model::Region,
    company: &CompanyId,
) -> ApiResult<domain::validate::ValidJob> {
    let input: JobInput = ctx.json()?;
    let job = input.validate(&ValidationContext::new(Taxonomy::builtin(), region))?;
    let today = domain::metrics::jst_date(clock::now());
    job.check_posting(
        records::company_prefecture(store, company).await?,
        region.prefecture,
        today,
    )?;
    Ok(job)
}

pub async fn create(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (session, company) = auth::approved_member(ctx, &store).await?;
    let region = records::region(&store, &session.region).await?;
    let valid = validate(ctx, &store, &region, &company).await?;
    let id = new_job_id(ctx, &company)?;
    let job = valid.into_job(id, company, &region, clock::now());
    records::save_job(&store, &job).await?;
    http::json_status(201, &job)
}

/// An open job: anyone logged in. A closed job: its company's members and its region's hub
/// only (with when, by whom and why it closed); anyone else is told it does not exist.
pub async fn get(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let store = ctx.store()?;
    let job = records::job(&store, ctx.param("id")?).await?;
    let manages =
        session.role.is_member_of(&job.company_id) || session.role.is_hub_of(&job.region_id);
    if job.status == JobStatus::Closed && !manages {
        return Err(ApiError::NotFound);
    }
    http::json_cached(ctx, &job)
}

/// Replaces a job's terms; its id, company, status and creation time stay.
pub async fn update(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let old = auth::managed_job(ctx, &store).await?;
    let region = records::region(&store, &old.region_id).await?;
    let mut job = validate(ctx, &store, &region, &old.company_id)
        .await?
        .into_job(
            old.id.clone(),
            old.company_id.clone(),
            &region,
            old.created_at,
        );
    job.status = old.status;
    records::save_job(&store, &job).await?;
    http::json_status(200, &job)
}

/// `POST /api/v1/jobs/{id}/close` with `{reason, note}` (`domain::talent::CloseJobInput`):
/// the job leaves the open lists and keeps when, by whom and why it was closed. Closing a
/// closed job again is refused (409), so the first reason stays.
pub async fn close(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let store = ctx.store()?;
    let mut job = auth::managed_job(ctx, &store).await?;
    let input: CloseJobInput = ctx.json()?;
    let closure = input.validate(session.user.clone(), clock::now())?;
    if job.status == JobStatus::Closed {
        return Err(ApiError::Conflict {
            code: "job_already_closed",
            message: Localized::new(
                "この仕事はすでに締め切っています。",
                "This job is already closed.",
            ),
        });
    }
    job.status = JobStatus::Closed;
    job.closure = Some(closure);
    records::save_job(&store, &job).await?;
    http::json_status(200, &job)
}

/// Anonymous talent cards, best first, paginated.
pub async fn talent(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    // The region's ranking inputs are read with the job, not after it: a job its company or
    // hub may manage is in the session's region (only read: an index is built after the
    // checks).
    let session = auth::require(ctx).await?;
    let (job, inputs) = futures_util::future::try_join(
        auth::managed_job(ctx, &store),
        records::built_rank_inputs(&store, &session.region),
    )
    .await?;
    let page = records::page_of(ctx.query("offset"), ctx.query("limit"))?;
    let filter = TalentFilter::parse(|n| ctx.query(n).map(str::to_owned), Taxonomy::builtin())?;
    let mut cards = records::talent(&store, &job, inputs, page, &filter).await?;
    // Each card named by the job's pseudonym of the resident, never the account id.
    let key = CardKey::of_env(&ctx.env)?;
    for c in &mut cards.items {
        c.card = key.card(&job.id, &c.card);
    }
    http::json_cached(ctx, &cards)
}

/// The team the domain proposes for a job larger than one person, with a backup per task.
pub async fn team(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let job = auth::managed_job(ctx, &store).await?;
    let members = match ctx.query("members") {
        None => DEFAULT_TEAM,
        Some(m) => records::page_of(None, Some(m))?.limit.min(MAX_TEAM),
    };
    let (candidates, _) = records::ranked_residents(&store, &job, Page::top(TEAM_POOL)).await?;
    // `?without=a,b`: the company swapped these members (cards) out, in this order
    // (`domain::talent`); a card that is not this job's names nobody and is ignored.
    let key = CardKey::of_env(&ctx.env)?;
    let without: Vec<ResidentId> = ctx
        .query("without")
        .map(|w| {
            w.split(',')
                .filter(|id| !id.is_empty())
                .take(MAX_TEAM * 4)
                .filter_map(|card| key.resident(&job.id, card))
                .collect()
        })
        .unwrap_or_default();
    let mut team = team_without(&job, &candidates, members, &without, Taxonomy::builtin());
    for m in &mut team.members {
        m.resident = key.card(&job.id, &m.resident);
    }
    for b in &mut team.backups {
        if let Some(r) = b.backup.as_mut() {
            *r = key.card(&job.id, r);
        }
    }
    http::json_cached(ctx, &team)
}
