//! 仕事の切り出し with the hub (`domain::scoping`): a company's rough request
//! (`POST /api/v1/work-requests`, by the company or by the hub for it), the hub's list and
//! workspace (`GET /api/v1/hub/work-requests`, `GET /api/v1/work-requests/{id}/workspace`), the
//! check of the cards with their teams (`POST …/{id}/check`), the proposal
//! (`PUT …/{id}/proposal`), and the company's list and answer
//! (`GET /api/v1/companies/{id}/work-requests`, `GET …/work-requests/{id}`, `POST …/{id}/answer`).
//! Accepting posts each card as a job of the company.

use domain::account::Role;
use domain::matching::Page;
use domain::model::{Company, CompanyId, Job, JobId, Region, WorkRequestId};
use domain::scoping::{
    self, AnswerInput, Author, CardCheck, CheckedTeam, Decision, Outcome, RequestBrief,
    RequestView, ScopeAnswer, ScopeCheck, ScopeInput, ScopeProposal, ScopeRefusal, ScopedCard,
    TeamOutline, WorkRequest, WorkRequestInput,
};
use domain::team::{Team, form_team};
use domain::validate::{ValidJob, ValidationContext, validate_id};
use domain::vocabulary::Taxonomy;
use sha2::{Digest, Sha256};
use worker::Response;

use crate::auth::hub_session;
use crate::auth::{self, Session, crypto};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::idempotency;
use crate::records::resident_names;
use crate::records::{
    self,
    scoping::{company_record, of_company, proposal_and_answer, view_of, views},
};
use crate::store::{Store, keys};

/// The team of each card is formed from the best of the region, as for a posted job.
const TEAM_POOL: usize = 60;
const TEAM_SIZE: usize = 4;

impl From<ScopeRefusal> for ApiError {
    fn from(r: ScopeRefusal) -> Self {
        ApiError::Conflict {
            code: r.code(),
            message: r.message(),
        }
    }
}

/// `POST /api/v1/work-requests`: a member of the company writes its request; the hub writes
/// one down for a company of its region (`company` in the body).
pub async fn create(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let store = ctx.store()?;
    let input: WorkRequestInput = ctx.json()?;
    let (company, written_by) = match &session.role {
        Role::CompanyMember { company } => (
            company_record(&store, company.as_str()).await?,
            Author::Company,
        ),
        Role::Hub { region } => {
            // Only a company of the hub's own region; any other id reads as unknown. Every
            // field's error at once: an unknown company and empty words are both named.
            let company: Option<Company> = match validate_id(input.company.as_str()) {
                Ok(id) => store.get_json(&keys::company(id)).await?,
                Err(_) => None,
            };
            match company {
                Some(c) if &c.region_id == region => (c, Author::Hub),
                _ => {
                    let mut errors = scoping::unknown_company();
                    if let Err(more) = input.validate() {
                        errors.0.extend(more.0);
                    }
                    return Err(errors.into());
                }
            }
        }
        _ => return Err(ApiError::Forbidden),
    };
    let valid = input.validate()?;
    let id = WorkRequestId(idempotency::derived_id(ctx, "w", company.id.as_str())?);
    let request = WorkRequest {
        id: id.clone(),
        company: company.id.clone(),
        region: company.region_id.clone(),
        text: valid.text,
        hours_per_week: valid.hours_per_week,
        written_by,
        by: session.user.clone(),
        at: clock::now(),
    };
    // The record first, then the two list markers: a marker never points at nothing.
    store
        .put_json(&keys::work_request(id.as_str()), &request)
        .await?;
    let marker = keys::member(request.region.as_str(), "wreq", id.as_str());
    store.put_text(&marker, "", None).await?;
    let own = keys::company_request(company.id.as_str(), id.as_str());
    store.put_text(&own, "", None).await?;
    http::json_status(201, &RequestView::new(request, company.name, None, None))
}

/// `GET /api/v1/hub/work-requests`: the region's requests, what needs the hub first.
pub async fn hub_list(ctx: &Ctx) -> ApiResult<Response> {
    let (_, region) = hub_session(ctx).await?;
    let store = ctx.store()?;
    let ids = store
        .list_suffixes(&keys::member_prefix(region.as_str(), "wreq"))
        .await?;
    let mut list: Vec<RequestBrief> = views(&store, ids)
        .await?
        .into_iter()
        .filter(|v| v.request.region == region)
        .map(RequestBrief::from)
        .collect();
    scoping::hub_order(&mut list);
    http::json_cached(ctx, &list)
}

/// `GET /api/v1/companies/{id}/work-requests`: the company's own requests, newest first.
pub async fn company_list(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let company = CompanyId::from(ctx.param("id")?);
    if !session.role.is_member_of(&company) {
        return Err(ApiError::Forbidden);
    }
    let store = ctx.store()?;
    http::json_cached(ctx, &of_company(&store, &company).await?)
}

/// The request of the path and the session, if the session is its company's member or the
/// hub of its region; anyone else learns nothing of it (404).
async fn readable(ctx: &Ctx, store: &Store) -> ApiResult<(Session, WorkRequest)> {
    let session = auth::require(ctx).await?;
    let request: WorkRequest = store
        .get_json(&keys::work_request(ctx.param("id")?))
        .await?
        .ok_or(ApiError::NotFound)?;
    let allowed =
        session.role.is_member_of(&request.company) || session.role.is_hub_of(&request.region);
    if !allowed {
        return Err(ApiError::NotFound);
    }
    Ok((session, request))
}

/// The request of the path, for the hub of its region only.
async fn hub_request(ctx: &Ctx, store: &Store) -> ApiResult<(Session, WorkRequest)> {
    let (session, region) = hub_session(ctx).await?;
    let (_, request) = readable(ctx, store).await?;
    if request.region != region {
        return Err(ApiError::NotFound);
    }
    Ok((session, request))
}

/// `GET /api/v1/work-requests/{id}`: the request, where it stands, the proposal in force.
pub async fn get(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (_, request) = readable(ctx, &store).await?;
    http::json_cached(ctx, &view_of(&store, request).await?)
}

/// `GET /api/v1/work-requests/{id}/workspace`: the hub's starting cards (the proposal in
/// force, or the first split of the request's words).
pub async fn workspace(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (_, request) = hub_request(ctx, &store).await?;
    let view = view_of(&store, request).await?;
    http::json_cached(ctx, &scoping::workspace(view, Taxonomy::builtin()))
}

/// The cards as valid jobs in the request's region.
async fn valid_scope(
    ctx: &Ctx,
    store: &Store,
    request: &WorkRequest,
) -> ApiResult<(Region, scoping::ValidScope, Option<u8>)> {
    let region = records::region(store, &request.region).await?;
    let input: ScopeInput = ctx.json()?;
    let scope = input.validate(&ValidationContext::new(Taxonomy::builtin(), &region))?;
    let own = records::company_prefecture(store, &request.company).await?;
    let today = domain::metrics::jst_date(clock::now());
    scoping::check_posting(&scope.cards, own, region.prefecture, today)?;
    Ok((region, scope, own))
}

/// The team the domain forms for one card now, from the best of the region.
async fn team_for(
    store: &Store,
    request: &WorkRequest,
    region: &Region,
    index: usize,
    card: &ValidJob,
) -> ApiResult<Team> {
    let id = JobId(format!("{}-card{index}", request.id));
    let job = card
        .clone()
        .into_job(id, request.company.clone(), region, clock::now());
    let (candidates, _) = records::ranked_residents(store, &job, Page::top(TEAM_POOL)).await?;
    Ok(form_team(&job, &candidates, TEAM_SIZE, Taxonomy::builtin()))
}

async fn teams(
    store: &Store,
    request: &WorkRequest,
    region: &Region,
    cards: &[ValidJob],
) -> ApiResult<Vec<Team>> {
    let each = cards
        .iter()
        .enumerate()
        .map(|(i, card)| team_for(store, request, region, i, card));
    futures_util::future::try_join_all(each).await
}

/// `POST /api/v1/work-requests/{id}/check`: each card's pay guidance and its team with
/// backups, by name (the hub's own region), before anything is sent to the company.
pub async fn check(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (_, request) = hub_request(ctx, &store).await?;
    let (region, scope, own) = valid_scope(ctx, &store, &request).await?;
    let teams = teams(&store, &request, &region, &scope.cards).await?;
    let today = domain::metrics::jst_date(clock::now());
    let members = teams
        .iter()
        .flat_map(|t| t.members.iter().map(|m| &m.resident))
        .chain(
            teams
                .iter()
                .flat_map(|t| t.backups.iter().filter_map(|b| b.backup.as_ref())),
        );
    let names = resident_names(&store, &request.region, members).await?;
    let cards = scope
        .cards
        .iter()
        .zip(teams)
        .map(|(job, team)| CardCheck {
            preview: domain::needs::preview(
                job,
                Taxonomy::builtin(),
                job.work_prefecture(own, region.prefecture),
                today,
            ),
            team: CheckedTeam::from(&team),
        })
        .collect();
    http::json_status(
        200,
        &ScopeCheck {
            cards,
            names: names.into_iter().collect(),
        },
    )
}

/// `PUT /api/v1/work-requests/{id}/proposal`: the hub sends (or revises) its proposal; the
/// company is shown the cards with an outline of each team, no one named.
pub async fn propose(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (session, request) = hub_request(ctx, &store).await?;
    let id = request.id.as_str().to_owned();
    let (previous, answer) = proposal_and_answer(&store, &request.id).await?;
    scoping::check_proposal(answer.as_ref())?;
    let (region, scope, _) = valid_scope(ctx, &store, &request).await?;
    let teams = teams(&store, &request, &region, &scope.cards).await?;
    let proposal = ScopeProposal {
        request: request.id.clone(),
        version: scoping::next_version(previous.as_ref()),
        cards: scope
            .cards
            .into_iter()
            .zip(&teams)
            .map(|(job, team)| ScopedCard {
                job,
                team: TeamOutline::from(team),
            })
            .collect(),
        note: scope.note,
        by: session.user.clone(),
        at: clock::now(),
    };
    store
        .put_json(&keys::scope_proposal(&id), &proposal)
        .await?;
    http::json_status(200, &RequestBrief::from(view_of(&store, request).await?))
}

/// A card's job id: the same for the same request, version and card, so that an accept that
/// is retried (or sent twice) writes the same jobs again.
fn card_job_id(request: &WorkRequestId, version: u32, index: usize) -> JobId {
    let seed = Sha256::digest(format!("{request}\n{version}\n{index}"));
    JobId(format!("j{}", crypto::hex(&seed[..12])))
}

/// `POST /api/v1/work-requests/{id}/answer`: the company accepts the version in force (each
/// card is posted as its job) or declines it with a reason the hub revises from.
pub async fn answer(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (session, request) = readable(ctx, &store).await?;
    if !session.role.is_member_of(&request.company) {
        return Err(ApiError::Forbidden);
    }
    records::ensure_approved(&store, &request.company).await?;
    let valid = ctx.json::<AnswerInput>()?.validate()?;
    let id = request.id.as_str().to_owned();
    let (proposal, previous) = proposal_and_answer(&store, &request.id).await?;
    scoping::check_answer(valid.version, proposal.as_ref(), previous.as_ref())?;
    let proposal = proposal.ok_or(ApiError::NotFound)?;
    let outcome = match valid.decision {
        Decision::Decline { reason } => Outcome::Declined { reason },
        Decision::Accept => Outcome::Accepted {
            jobs: post_jobs(ctx, &store, &request, &proposal).await?,
        },
    };
    let answer = ScopeAnswer {
        request: request.id.clone(),
        version: proposal.version,
        outcome,
        by: session.user.clone(),
        at: clock::now(),
    };
    // The jobs first, then the answer that names them: a retry after a dropped connection
    // rewrites the same jobs.
    store.put_json(&keys::scope_answer(&id), &answer).await?;
    http::json_status(200, &view_of(&store, request).await?)
}

/// Posts every card as a job of the company, which must be approved to post work.
async fn post_jobs(
    ctx: &Ctx,
    store: &Store,
    request: &WorkRequest,
    proposal: &ScopeProposal,
) -> ApiResult<Vec<JobId>> {
    auth::approved_member(ctx, store).await?;
    let region = records::region(store, &request.region).await?;
    let now = clock::now();
    // A proposal sent before a new minimum wage took effect is held to the one in force today.
    let own = records::company_prefecture(store, &request.company).await?;
    scoping::check_posting(
        proposal.cards.iter().map(|c| &c.job),
        own,
        region.prefecture,
        domain::metrics::jst_date(now),
    )?;
    let mut ids = Vec::with_capacity(proposal.cards.len());
    for (i, card) in proposal.cards.iter().enumerate() {
        let id = card_job_id(&request.id, proposal.version, i);
        let job: Job = card
            .job
            .clone()
            .into_job(id.clone(), request.company.clone(), &region, now);
        records::save_job(store, &job).await?;
        ids.push(id);
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cards_job_id_is_stable_and_distinct() {
        let r = WorkRequestId::from("w1");
        assert_eq!(card_job_id(&r, 1, 0), card_job_id(&r, 1, 0));
        assert_ne!(card_job_id(&r, 1, 0), card_job_id(&r, 1, 1));
        assert_ne!(card_job_id(&r, 1, 0), card_job_id(&r, 2, 0));
        assert!(card_job_id(&r, 1, 0).as_str().starts_with('j'));
        assert_eq!(card_job_id(&r, 1, 0).as_str().len(), 25);
    }
}
