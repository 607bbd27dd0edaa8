//! The hub's console (推進ハブ): the region's engagements as a board (`GET /api/v1/hub/pipeline`),
//! the check-ins due (`GET /api/v1/hub/due`), the approval of companies
//! (`POST /api/v1/companies/{id}/approval`) and the verification of residents' skills
//! (`POST /api/v1/residents/{id}/verifications`). Only the hub of the region may use them.

use domain::approval::ApprovalInput;
use domain::hub::{AttentionList, BoardFilter};
use domain::model::{Approval, Company, CompanyId, Localized, Resident};
use domain::validate::{Raw, SkillVerificationInput, ValidationContext};
use domain::verification::SkillVerification;
use domain::vocabulary::Taxonomy;
use worker::Response;

use crate::auth::hub_session;
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::records;
use crate::store::keys;

/// An engagement with no event for this many days is stalled, unless `?stalled_days=` says.
pub const DEFAULT_STALLED_DAYS: u32 = 14;
pub const MAX_STALLED_DAYS: u32 = 365;

fn stalled_days(ctx: &Ctx) -> ApiResult<u32> {
    days_query(
        ctx,
        "stalled_days",
        DEFAULT_STALLED_DAYS,
        "bad_stalled_days",
    )
}

/// `?limit=` (cards per column), `?column=` and `?offset=` (where that column's page starts).
fn board_page(ctx: &Ctx) -> ApiResult<domain::hub::BoardPage> {
    let page = records::page_of(ctx.query("offset"), ctx.query("limit"))?;
    let column = match ctx.query("column").filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(
            serde_json::from_value::<domain::engagement::PipelineStage>(serde_json::Value::String(
                c.to_owned(),
            ))
            .map_err(|_| ApiError::BadRequest {
                code: "bad_column",
                message: Localized::new(
                    "列の指定が正しくありません。",
                    "That column does not exist on the board.",
                ),
            })?,
        ),
    };
    Ok(domain::hub::BoardPage {
        limit: page.limit.min(domain::hub::BOARD_PAGE_MAX),
        column,
        offset: page.offset,
    })
}

/// `GET /api/v1/hub/pipeline?stalled_days=&company=&task=&coordinator=&limit=&column=&offset=`:
/// the region's engagements by column, one page of each (`domain::hub::page_columns`).
pub async fn pipeline(ctx: &Ctx) -> ApiResult<Response> {
    let (_, region) = hub_session(ctx).await?;
    let days = stalled_days(ctx)?;
    let filter = BoardFilter {
        company: ctx.query("company").map(str::to_owned),
        task: ctx.query("task").map(str::to_owned),
        coordinator: ctx.query("coordinator").map(str::to_owned),
    };
    // Always a page: `BOARD_PAGE` cards of each column unless `?limit=` says (the counts are
    // every card's). A large region's whole board is thousands of cards, over a second to build.
    let page = board_page(ctx)?;
    // Built and named in the desk, where the states and the parties' names are: the page's
    // JSON is passed on as it came.
    let desk = ctx.desk(region.as_str())?;
    let body =
        records::facts::pipeline_json(&desk, region, clock::now(), days, filter, page).await?;
    http::json_bytes_cached(ctx, body)
}

/// `GET /api/v1/hub/due?limit=&offset=`: a page of the check-ins due today (Japan) or earlier,
/// overdue ones included (20 by default), with how many are due in all.
pub async fn due(ctx: &Ctx) -> ApiResult<Response> {
    let (_, region) = hub_session(ctx).await?;
    let page = records::page_of(ctx.query("offset"), ctx.query("limit"))?;
    let desk = ctx.desk(region.as_str())?;
    // Only the page of check-ins due, chosen and named in the desk, passed on as it came.
    let body =
        records::facts::due_json(&desk, region, clock::now(), DEFAULT_STALLED_DAYS, page).await?;
    http::json_bytes_cached(ctx, body)
}

/// `?list=` of the attention page: which list `offset` pages (its "show more").
fn attention_list(ctx: &Ctx) -> ApiResult<Option<AttentionList>> {
    let Some(name) = ctx.query("list").filter(|l| !l.is_empty()) else {
        return Ok(None);
    };
    // The names are the lists' own (`AttentionList::as_str`), as the app writes them.
    match [AttentionList::Idle, AttentionList::AtRisk]
        .into_iter()
        .find(|l| l.as_str() == name)
    {
        Some(list) => Ok(Some(list)),
        None => Err(ApiError::BadRequest {
            code: "bad_list",
            message: Localized::new(
                "list には idle か at_risk を指定してください。",
                "`list` must be idle or at_risk.",
            ),
        }),
    }
}

/// A number of days from the query (`default` when absent), 1 to `MAX_STALLED_DAYS`; anything
/// else is a 400 with `code`, naming the parameter.
fn days_query(ctx: &Ctx, name: &str, default: u32, code: &'static str) -> ApiResult<u32> {
    match ctx.query(name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_STALLED_DAYS).contains(n))
            .ok_or_else(|| ApiError::BadRequest {
                code,
                message: Localized::new(
                    format!("{name} には 1〜{MAX_STALLED_DAYS} の整数を指定してください。"),
                    format!("`{name}` must be a whole number from 1 to {MAX_STALLED_DAYS}."),
                ),
            }),
    }
}

/// `GET /api/v1/hub/attention?idle_days=&ending_days=&limit=&list=&offset=`: graduates with no
/// work for N days, and residents whose work ends soon with nothing next (`domain::hub`): a page
/// of each (20 by default), `list`'s from `offset`, with each list's length.
pub async fn attention(ctx: &Ctx) -> ApiResult<Response> {
    let (_, region) = hub_session(ctx).await?;
    let idle_days = days_query(ctx, "idle_days", domain::hub::DEFAULT_IDLE_DAYS, "bad_days")?;
    let ending_days = days_query(
        ctx,
        "ending_days",
        domain::hub::DEFAULT_ENDING_DAYS,
        "bad_days",
    )?;
    let page = records::page_of(ctx.query("offset"), ctx.query("limit"))?;
    let list = attention_list(ctx)?;
    let desk = ctx.desk(region.as_str())?;
    // Computed, named and serialised in the desk, where the states are: only the pages travel,
    // passed on as they came.
    let days = (idle_days, ending_days);
    let body =
        records::facts::attention_json(&desk, region, clock::now(), days, page, list).await?;
    http::json_bytes_cached(ctx, body)
}

/// `GET /api/v1/hub/companies`: the companies of the hub's region (the desk's copy,
/// `desk::parties`) with where their approval stands, pending first
/// (`domain::hub::company_queue`).
pub async fn companies(ctx: &Ctx) -> ApiResult<Response> {
    let (_, region) = hub_session(ctx).await?;
    // The region's companies and the hub's decisions, as the desk keeps them: one call.
    let list = records::facts::companies(&ctx.desk(region.as_str())?, &region).await?;
    http::json_cached(ctx, &domain::hub::company_queue(region, list))
}

/// `GET /api/v1/hub/residents/{id}/timeline` and `/hub/companies/{id}/timeline`: the handover
/// timeline (engagements, check-ins, notes) of a resident or a company of the hub's region; a
/// resident's also carries its trust (identity checks, security course). 1 desk call; KV: the
/// session, the party, and the company's requests or the resident's trust.
pub async fn timeline(ctx: &Ctx, kind: &str) -> ApiResult<Response> {
    let (_, region) = hub_session(ctx).await?;
    let id = ctx.param("id")?.to_owned();
    let store = ctx.store()?;
    // The party (of the hub's region, else 404) and what it asked for (a company) or its trust
    // (a resident), read at once.
    let party = async {
        Ok(if kind == "company" {
            store
                .get_json::<Company>(&keys::company(&id))
                .await?
                .filter(|c| c.region_id == region)
                .map(|c| c.name)
        } else {
            // Its name only: the profile and its tombstone, not its verifications.
            let resident = domain::model::ResidentId(id.clone());
            records::resident_names(&store, &region, std::iter::once(&resident))
                .await?
                .remove(&resident)
        })
    };
    let extra = async {
        if kind == "company" {
            // A new coordinator reads what the company asked for and what was proposed, too.
            let company = CompanyId::from(id.as_str());
            let requests = records::scoping::of_company(&store, &company).await?;
            ApiResult::Ok((Some(requests), None))
        } else {
            Ok((
                None,
                Some(records::trust::resident_trust(&store, &id).await?),
            ))
        }
    };
    // The desk's part is read at the same time: a party of another region has no engagements in
    // this region's desk, and is answered 404 below all the same.
    let desk = ctx.desk(region.as_str())?;
    let (party_name, (requests, trust), body) = futures_util::future::try_join3(
        party,
        extra,
        records::facts::timeline_json(&desk, kind, &id),
    )
    .await?;
    let Some(party_name) = party_name else {
        return Err(ApiError::NotFound);
    };
    let head = records::facts::TimelineHead {
        party_name,
        work_requests: requests
            .unwrap_or_default()
            .into_iter()
            .map(Into::into)
            .collect(),
        trust,
    };
    http::json_bytes_cached(ctx, records::facts::with_head(body, &head)?)
}

/// `POST /api/v1/companies/{id}/approval`: the hub approves a company of its region, or rejects
/// it with a reason. The hub is the one writer of `approval:{company}`.
pub async fn approve_company(ctx: &Ctx) -> ApiResult<Response> {
    let (session, region) = hub_session(ctx).await?;
    let input: ApprovalInput = ctx.json()?;
    let store = ctx.store()?;
    let id = ctx.param("id")?;
    let company: Company = store
        .get_json(&keys::company(id))
        .await?
        .ok_or(ApiError::NotFound)?;
    if company.region_id != region {
        return Err(ApiError::NotFound);
    }
    let approval: Approval = input.validate()?.into_approval(session.user, clock::now());
    records::save_approval(&store, &company, &approval).await?;
    http::json_status(200, &approval)
}

/// `POST /api/v1/residents/{id}/verifications`: the hub confirms that a resident of its region can
/// do a task at a level, with a note of how it saw that. Stored apart from the resident's own
/// profile (append-only `verif:` key) and merged on every read of the resident.
pub async fn verify_skill(ctx: &Ctx) -> ApiResult<Response> {
    let (session, region) = hub_session(ctx).await?;
    let id = ctx.param("id")?.to_owned();
    let mut input: SkillVerificationInput = ctx.json()?;
    input.resident = Raw(id.clone());
    let store = ctx.store()?;
    let region_record = records::region(&store, &region).await?;
    let valid = input.validate(&ValidationContext::new(Taxonomy::builtin(), &region_record))?;
    let resident: Resident = store
        .get_json(&keys::resident(&id))
        .await?
        .ok_or(ApiError::NotFound)?;
    if resident.region_id != region {
        return Err(ApiError::NotFound);
    }
    let now = clock::now();
    let level = valid.level;
    let claim = valid.into_claim(session.user, now);
    let Some(verification) = claim.verification else {
        return Err(ApiError::internal("a hub verification without its record"));
    };
    let record = SkillVerification {
        resident: resident.id.clone(),
        task: claim.task,
        level: Some(level),
        verification,
    };
    records::save_verifications(&store, &resident, std::slice::from_ref(&record)).await?;
    http::json_status(201, &record)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_keys_sort_by_time_within_a_task() {
        let a = keys::verification("r1", "data.entry", 999);
        let b = keys::verification("r1", "data.entry", 1_700_000_000_000);
        assert!(a < b, "{a} < {b}");
        assert!(a.starts_with(&keys::verifications_prefix("r1")));
        assert!(
            !a.starts_with(&keys::verifications_prefix("r")),
            "no prefix of another id"
        );
    }
}
