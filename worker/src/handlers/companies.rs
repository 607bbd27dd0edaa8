//! Companies: `POST /api/v1/companies` (a company registers itself and its first member),
//! `GET`/`PUT /api/v1/companies/{id}` (its profile: its members, and the region's hub may read)
//! and `GET /api/v1/companies/{id}/approval` (where the hub's approval stands). The hub's
//! decision itself is written by the hub's own endpoint, never here.

use domain::account::{AccountView, Role, opaque_id};
use domain::api::ApprovalView;
use domain::model::{Approval, Company, CompanyId, Localized, Region, RegionId};
use domain::validate::{CompanyInput, CompanyRegistrationInput, ValidationContext};
use domain::vocabulary::Taxonomy;
use serde::Serialize;
use worker::Response;

use crate::auth::with_cookie;
use crate::auth::{self, Session, crypto};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::records;
use crate::records::summary::default_region;
use crate::store::{Store, keys};

/// What a registration answers: the new member's account, the company, and its approval.
#[derive(Debug, Serialize)]
struct Registered {
    account: AccountView,
    company: Company,
    approval: Approval,
}

/// The region record, or a blank one: company rules do not depend on the region yet, and a
/// company may register before the region's data is loaded.
async fn region_or_blank(store: &Store, id: RegionId) -> ApiResult<Region> {
    Ok(store
        .get_json::<Region>(&keys::region(id.as_str()))
        .await?
        .unwrap_or(Region {
            id,
            name: Localized::new("", ""),
            prefecture: 0,
            municipalities: Vec::new(),
        }))
}

fn new_company_id() -> ApiResult<CompanyId> {
    Ok(CompanyId(opaque_id("c", &crypto::random_bytes(16)?)))
}

/// Registers a company and its first member (no session needed), and logs the member in. The
/// company starts as pending: it may edit its profile, and posts work and sees talent only after
/// the region's hub approves it.
pub async fn register(ctx: &Ctx) -> ApiResult<Response> {
    let input: CompanyRegistrationInput = ctx.json()?;
    let store = ctx.store()?;
    let region = region_or_blank(&store, RegionId(default_region(&ctx.env))).await?;
    let (valid, login) = input.validate(&ValidationContext::new(Taxonomy::builtin(), &region))?;
    let Some(email) = login.email.clone() else {
        return Err(ApiError::internal("company registration without an email"));
    };
    if store
        .get_text(&keys::login(&auth::login_hash(&email)))
        .await?
        .is_some()
    {
        return Err(auth::email_taken());
    }
    let now = clock::now();
    let id = new_company_id()?;
    let company = valid.into_company(id.clone(), &region, now);
    // Written once here, before the hub can know the company; from then on only the hub writes it.
    store
        .put_json(&keys::approval(id.as_str()), &Approval::Pending)
        .await?;
    let role = Role::CompanyMember {
        company: id.clone(),
    };
    let account = auth::insert_account(
        &store,
        auth::new_user_id()?,
        &email,
        Some(email.clone()),
        &login.password,
        role,
        region.id.clone(),
        now,
    )
    .await?;
    // The profile (and the desk's copy the hub's queue lists) and the marker last: the hub
    // only ever finds complete companies.
    records::save_company(&store, &company).await?;
    store
        .put_text(
            &keys::member(region.id.as_str(), "company", id.as_str()),
            "",
            None,
        )
        .await?;
    let cookie = auth::start_session(&store, &account, now).await?;
    let body = Registered {
        account: AccountView::from(&account),
        company,
        approval: Approval::Pending,
    };
    with_cookie(
        http::json_status(201, &body)?,
        &cookie,
        body.account.role.kind(),
    )
}

/// The company of the path, if the session may read it: its members, or the hub of its region.
/// Other roles are refused before anything is read, so they cannot probe which ids exist.
async fn readable(ctx: &Ctx, store: &Store) -> ApiResult<(Session, Company)> {
    let session = auth::require(ctx).await?;
    let id = CompanyId(ctx.param("id")?.to_owned());
    let member = session.role.is_member_of(&id);
    if !member && !matches!(session.role, Role::Hub { .. }) {
        return Err(ApiError::Forbidden);
    }
    let company: Company = store
        .get_json(&keys::company(id.as_str()))
        .await?
        .ok_or(ApiError::NotFound)?;
    if !member && !session.role.is_hub_of(&company.region_id) {
        return Err(ApiError::Forbidden);
    }
    Ok((session, company))
}

pub async fn get(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (_, company) = readable(ctx, &store).await?;
    http::json_cached(ctx, &company)
}

/// Replaces the profile (members only); id, region and registration time stay.
pub async fn update(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let id = CompanyId(ctx.param("id")?.to_owned());
    if !session.role.is_member_of(&id) {
        return Err(ApiError::Forbidden);
    }
    let store = ctx.store()?;
    let old: Company = store
        .get_json(&keys::company(id.as_str()))
        .await?
        .ok_or(ApiError::NotFound)?;
    let input: CompanyInput = ctx.json()?;
    let region = region_or_blank(&store, old.region_id.clone()).await?;
    let valid = input.validate(&ValidationContext::new(Taxonomy::builtin(), &region))?;
    let company = valid.into_company(id, &region, old.created_at);
    records::save_company(&store, &company).await?;
    http::json_status(200, &company)
}

/// Where the hub's approval stands (pending when the hub has not decided).
pub async fn approval(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (_, company) = readable(ctx, &store).await?;
    let approval: Approval = store
        .get_json(&keys::approval(company.id.as_str()))
        .await?
        .unwrap_or(Approval::Pending);
    http::json_cached(
        ctx,
        &ApprovalView {
            company: company.id,
            approval,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_approval_is_tagged_for_the_client() {
        let json = serde_json::to_value(&Approval::Pending).expect("serialises");
        assert_eq!(json["state"], "pending");
    }
}
