//! `POST /api/v1/sessions` (log in) and `DELETE /api/v1/sessions/current` (log out).

use domain::account::AccountView;
use domain::validate::{LoginId, LoginInput};
use worker::{Headers, Response};

use crate::auth::with_cookie;
use crate::auth::{self, cookie, crypto};
use crate::clock;
use crate::desk::wire::{Answer, Command};
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::records::summary::default_region;

/// Logs in with an email (or personal invite code) and password. A wrong email and a wrong
/// password get the same answer after the same work. Before the password check, the home
/// region's desk decides whether the try may go on (`domain::account::guard`: 5 failures of a
/// login name from one address within 15 minutes refuse that address for 15 minutes; other
/// addresses wait a short growing delay; 429 + Retry-After) and counts it as a failure until it
/// succeeds, in one transaction, so concurrent tries cannot slip past the limit.
pub async fn login(ctx: &Ctx) -> ApiResult<Response> {
    let input: LoginInput = ctx.json()?;
    let valid = input.validate()?;
    let login = match &valid.login {
        LoginId::Email(e) => e,
        LoginId::InviteCode(c) => c,
    };
    let hash = auth::login_hash(login);
    // The client's address as Cloudflare saw it, kept only as its SHA-256.
    let address = crypto::sha256_hex(
        ctx.header("cf-connecting-ip")
            .unwrap_or_default()
            .as_bytes(),
    );
    let store = ctx.store()?;
    let desk = ctx.desk(&default_region(&ctx.env))?;
    let now = clock::now();
    match desk
        .call(&Command::LoginBegin {
            login: hash.clone(),
            address,
            at: now,
        })
        .await?
    {
        Answer::Done => {}
        Answer::LoginRefused { retry_after_secs } => {
            return Err(ApiError::TooManyRequests { retry_after_secs });
        }
        other => return Err(ApiError::internal(format!("desk answered {other:?}"))),
    }
    let account = auth::account_by_login(&store, login).await?;
    let ok = match &account {
        Some(a) => crypto::verify_password(&valid.password, &a.password).await?,
        None => {
            crypto::burn_password_check(&valid.password).await?;
            false
        }
    };
    // A wrong password: the try stays counted as a failure.
    let Some(account) = account.filter(|_| ok) else {
        return Err(ApiError::InvalidCredentials);
    };
    desk.call(&Command::LoginSucceeded { login: hash }).await?;
    let cookie = auth::start_session(&store, &account, now).await?;
    with_cookie(
        http::json_status(201, &AccountView::from(&account))?,
        &cookie,
        account.role.kind(),
    )
}

/// Logs out: deletes the session from KV and clears the cookie. Always 204, also without a
/// session (logging out twice is not an error); a form's POST (every page's header) gets
/// 303 to the front door instead, so the browser loads `/`.
pub async fn logout(ctx: &Ctx) -> ApiResult<Response> {
    if let Some(hash) = auth::request_token_hash(ctx) {
        auth::revoke(&ctx.store()?, &hash).await?;
    }
    let headers = Headers::new();
    headers.set("cache-control", "no-store")?;
    headers.set("set-cookie", &cookie::clearing_cookie())?;
    headers.append("set-cookie", &cookie::clearing_signed_in_cookie())?;
    if ctx.method == worker::Method::Post {
        headers.set("location", "/")?;
        return Ok(Response::empty()?.with_status(303).with_headers(headers));
    }
    Ok(Response::empty()?.with_status(204).with_headers(headers))
}
