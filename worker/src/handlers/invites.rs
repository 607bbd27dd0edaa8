//! `POST /api/v1/invites`: the hub or municipality staff of a region issue invite codes;
//! `GET /api/v1/invites`: the region's hub lists them again (newest first, with their uses).

use chrono::{DateTime, Utc};
use domain::account::{
    Invite, InviteInput, InviteList, InviteMark, ListedInvite, MAX_LISTED_INVITES, Role,
    invite_code_from, may_issue_any_invite, may_issue_invite, newest_first,
};
use domain::model::{Company, Localized, Program, Region};
use domain::validate::{ErrorCode, FieldError, ValidationErrors};
use worker::Response;

use crate::auth::hub_session;
use crate::auth::{self, crypto};
use crate::clock;
use crate::desk::wire::{Answer, Command};
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::store::{Store, keys};

/// Random characters of a code (12 from a 31-letter alphabet: about 59 bits).
const CODE_CHARS: usize = 12;

fn unknown(field: &str, code: ErrorCode, ja: &str, en: &str) -> ValidationErrors {
    ValidationErrors(vec![FieldError {
        field: field.to_owned(),
        code,
        message: Localized::new(ja, en),
    }])
}

pub async fn issue(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require_where(ctx, |s| may_issue_any_invite(&s.role)).await?;
    let input: InviteInput = ctx.json()?;
    let store = ctx.store()?;
    let region_id = session.region.clone();
    let region = store
        .get_json::<Region>(&keys::region(region_id.as_str()))
        .await?
        .unwrap_or_else(|| Region {
            id: region_id.clone(),
            name: Localized::new("", ""),
            prefecture: 0,
            municipalities: Vec::new(),
        });
    let valid = input.validate(&region)?;
    if !may_issue_invite(&session.role, &session.region, &valid.role, &region_id) {
        return Err(crate::error::ApiError::Forbidden);
    }
    if let Role::CompanyMember { company } = &valid.role {
        let found: Option<Company> = store.get_json(&keys::company(company.as_str())).await?;
        if found.is_none_or(|c| c.region_id != region_id) {
            return Err(unknown(
                "company",
                ErrorCode::InvalidId,
                "この圏域に登録されている企業ではありません。",
                "This company is not registered in the region.",
            )
            .into());
        }
    }
    if let Some(program) = &valid.program {
        let found: Option<Program> = store.get_json(&keys::program(program.as_str())).await?;
        if found.is_none_or(|p| p.region_id != region_id) {
            return Err(unknown(
                "program",
                ErrorCode::UnknownProgram,
                "この圏域の講座・制度ではありません。",
                "This is not a course or scheme of the region.",
            )
            .into());
        }
    }
    let now = clock::now();
    let code = invite_code_from(&crypto::random_bytes(CODE_CHARS)?);
    let ttl = u64::from(valid.expires_in_days) * 24 * 60 * 60;
    let invite = valid.into_invite(code, region_id, session.user, now);
    store
        .put_json_expiring(&keys::invite(&invite.code), &invite, ttl)
        .await?;
    list_marker(&store, &invite, now).await?;
    http::json_status(201, &invite)
}

/// The region's marker of a new code (`idx:{region}:invite:{code}`), written once by its issuer
/// after the invite itself. It carries what the list shows as metadata and outlives the code
/// (`InviteMark::listed_ttl_secs`), so the list needs no read per code and shows expired ones.
async fn list_marker(store: &Store, invite: &Invite, now: DateTime<Utc>) -> ApiResult<()> {
    let mark = InviteMark::of(invite);
    store
        .put_with_metadata(
            &keys::invite_mark(invite.region.as_str(), &invite.code),
            "",
            Some(serde_json::to_value(&mark)?),
            Some(mark.listed_ttl_secs(now)),
        )
        .await
}

/// `GET /api/v1/invites`: the codes of the hub's region, newest first (at most
/// `MAX_LISTED_INVITES`, `total` counts all), each with its uses counted in the region's desk
/// (one call for the page). Only the region's hub (403 for anyone else).
pub async fn list(ctx: &Ctx) -> ApiResult<Response> {
    let (_, region) = hub_session(ctx).await?;
    let store = ctx.store()?;
    let prefix = keys::invite_marks_prefix(region.as_str());
    let marks = store
        .list_with_metadata(&prefix)
        .await?
        .into_iter()
        .map(|(key, meta)| {
            let code = key.strip_prefix(&prefix).unwrap_or(&key).to_owned();
            (code, meta.and_then(|m| serde_json::from_value(m).ok()))
        })
        .collect();
    let (total, newest) = newest_first(marks, MAX_LISTED_INVITES);
    let now = clock::now();
    let codes: Vec<String> = newest.iter().map(|(code, _)| code.clone()).collect();
    let counts = match ctx
        .desk(region.as_str())?
        .call(&Command::InviteUses { codes })
        .await?
    {
        Answer::Counts { counts } if counts.len() == newest.len() => counts,
        other => return Err(ApiError::internal(format!("desk answered {other:?}"))),
    };
    let items: Vec<ListedInvite> = newest
        .into_iter()
        .zip(counts)
        .map(|((code, mark), uses)| ListedInvite::new(code, mark, uses, now))
        .collect();
    http::json_cached(ctx, &InviteList { total, items })
}
