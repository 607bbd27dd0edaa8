//! `POST /api/v1/accounts` (registration) and `GET /api/v1/me`.

use domain::account::{AccountView, Invite, Role, unknown_invite_error};
use domain::model::{Localized, RegionId};
use domain::validate::{RegisterInput, ValidationErrors};
use worker::Response;

use crate::auth::{self, Session, with_cookie};
use crate::clock;
use crate::desk::wire::{Answer, Command};
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::records::summary::default_region;
use crate::store::{Store, keys};

/// Registers a resident (email + password), or whoever an invite code names (its role and
/// region; a personal code may stand in for the email and becomes the login). Starts a session.
pub async fn register(ctx: &Ctx) -> ApiResult<Response> {
    let input: RegisterInput = ctx.json()?;
    let valid = input.validate()?;
    let store = ctx.store()?;
    let now = clock::now();
    let invite: Option<Invite> = match &valid.invite_code {
        Some(code) => Some(
            store
                .get_json(&keys::invite(code))
                .await?
                .ok_or_else(|| ValidationErrors(vec![unknown_invite_error()]))?,
        ),
        None => None,
    };
    let (role, region) = match &invite {
        Some(i) => (i.role.clone(), i.region.clone()),
        None => (Role::Resident, RegionId(default_region(&ctx.env))),
    };
    let Some(login) = valid.email.clone().or_else(|| valid.invite_code.clone()) else {
        return Err(ApiError::internal("registration without email or code"));
    };
    let id = auth::new_user_id()?;
    // The invite's use is claimed in its region's desk (counted and written in one
    // transaction), so concurrent registrations cannot use a code more often than it allows.
    let claimed = match &invite {
        Some(i) => {
            let desk = ctx.desk(i.region.as_str())?;
            let answer = desk
                .call(&Command::ClaimInvite {
                    invite: i.clone(),
                    user: id.clone(),
                    has_email: valid.email.is_some(),
                    at: now,
                })
                .await?;
            match answer {
                Answer::Done => Some((desk, i.code.clone())),
                Answer::InviteRefused { problem } => {
                    return Err(ValidationErrors(vec![problem.field_error()]).into());
                }
                other => return Err(ApiError::internal(format!("desk answered {other:?}"))),
            }
        }
        None => None,
    };
    let created = create(&store, &valid, &login, id.clone(), role, region, now).await;
    if created.is_err()
        && let Some((desk, code)) = &claimed
    {
        // The use goes back: the registration did not happen.
        desk.call(&Command::ReleaseInvite {
            code: code.clone(),
            user: id,
        })
        .await?;
    }
    let (account, cookie) = created?;
    if let Some(i) = &invite {
        // So that deleting the account finds the code (its login name, its use in the desk).
        store
            .put_text(&keys::user_invite(account.id.as_str(), &i.code), "", None)
            .await?;
    }
    with_cookie(
        http::json_status(201, &AccountView::from(&account))?,
        &cookie,
        account.role.kind(),
    )
}

/// Writes the account and starts its session, unless the login name is taken (409).
async fn create(
    store: &Store,
    valid: &domain::validate::ValidRegistration,
    login: &str,
    id: domain::model::UserId,
    role: Role,
    region: RegionId,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<(domain::account::Account, String)> {
    if store
        .get_text(&keys::login(&auth::login_hash(login)))
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
        store,
        id,
        login,
        valid.email.clone(),
        &valid.password,
        role,
        region,
        now,
    )
    .await?;
    let cookie = auth::start_session(store, &account, now).await?;
    Ok((account, cookie))
}

/// The logged-in account, without its password hash.
pub async fn me(ctx: &Ctx) -> ApiResult<Response> {
    let Session { user, .. } = auth::require(ctx).await?;
    let store = ctx.store()?;
    let account: domain::account::Account = store
        .get_json(&keys::account(user.as_str()))
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    http::json_status(200, &AccountView::from(&account))
}
