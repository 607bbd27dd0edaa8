//! `POST /api/v1/accounts` (registration) and `GET /api/v1/me`.

use domain::account::{AccountView, Invite, Role, unknown_invite_error};
use domain::model::{Localized, RegionId};
use domain::validate::{RegisterInput, ValidationErrors};
use worker::Response;

use crate::auth::{self, Session};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::handlers::summary::default_region;
use crate::http::{self, Ctx};
use crate::store::{Store, keys};

/// Registers a resident (email + password), or whoever an invite code names (its role and
/// region; a personal code may stand in for the email and becomes the login). Starts a session.
pub async fn register(ctx: &Ctx) -> ApiResult<Response> {
    let input: RegisterInput = ctx.json()?;
    let valid = input.validate()?;
    let store = Store::open(&ctx.env)?;
    let now = clock::now();
    let invite = match &valid.invite_code {
        Some(code) => {
            let invite: Invite = store
                .get_json(&keys::invite(code))
                .await?
                .ok_or_else(|| ValidationErrors(vec![unknown_invite_error()]))?;
            let redeemed = store.list_keys(&keys::invite_use_prefix(code)).await?.len();
            invite
                .check_redeemable(redeemed, valid.email.is_some(), now)
                .map_err(|p| ValidationErrors(vec![p.field_error()]))?;
            Some(invite)
        }
        None => None,
    };
    let (role, region) = match &invite {
        Some(i) => (i.role.clone(), i.region.clone()),
        None => (Role::Resident, RegionId(default_region(&ctx.env))),
    };
    let Some(login) = valid.email.clone().or_else(|| valid.invite_code.clone()) else {
        return Err(ApiError::internal("registration without email or code"));
    };
    if store
        .get_text(&keys::login(&auth::login_hash(&login)))
        .await?
        .is_some()
    {
        return Err(if valid.email.is_some() {
            auth::email_taken()
        } else {
            ApiError::Conflict {
                code: "invite_taken",
                message: Localized::new(
                    "この招待コードはすでに使われています。ログインしてください。",
                    "This invite code has already been used. Please log in.",
                ),
            }
        });
    }
    let account = auth::insert_account(
        &store,
        &login,
        valid.email.clone(),
        &valid.password,
        role,
        region,
        now,
    )
    .await?;
    if let Some(i) = &invite {
        store
            .put_text(&keys::invite_use(&i.code, account.id.as_str()), "", None)
            .await?;
        // So that deleting the account finds the code (its login name, its use marker).
        store
            .put_text(&keys::user_invite(account.id.as_str(), &i.code), "", None)
            .await?;
    }
    let cookie = auth::start_session(&store, &account, now).await?;
    with_cookie(
        http::json_status(201, &AccountView::from(&account))?,
        &cookie,
    )
}

/// The logged-in account, without its password hash.
pub async fn me(ctx: &Ctx) -> ApiResult<Response> {
    let Session { user, .. } = auth::require(ctx).await?;
    let store = Store::open(&ctx.env)?;
    let account: domain::account::Account = store
        .get_json(&keys::account(user.as_str()))
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    http::json_status(200, &AccountView::from(&account))
}

/// Adds a `Set-Cookie` header.
pub fn with_cookie(mut resp: Response, cookie: &str) -> ApiResult<Response> {
    resp.headers_mut().set("set-cookie", cookie)?;
    Ok(resp)
}
