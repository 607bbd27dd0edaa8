//! `POST /api/v1/sessions` (log in) and `DELETE /api/v1/sessions/current` (log out).

use chrono::{DateTime, Utc};
use domain::account::{AccountView, LoginThrottle};
use domain::validate::{LoginId, LoginInput};
use worker::{Headers, Response};

use crate::auth::{self, cookie, crypto};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::handlers::accounts::with_cookie;
use crate::http::{self, Ctx};
use crate::store::{Store, keys};

/// The time of a failure from its key's last part, `{unix millis}-{nonce}`.
pub fn failure_time(event: &str) -> Option<DateTime<Utc>> {
    let (millis, _) = event.split_once('-')?;
    DateTime::from_timestamp_millis(millis.parse().ok()?)
}

/// The last part of a failure's key: sortable time, then a nonce so two failures in the same
/// millisecond are two keys.
pub fn failure_event(now: DateTime<Utc>, nonce: &str) -> String {
    format!("{:013}-{nonce}", now.timestamp_millis().max(0))
}

/// Logs in with an email (or personal invite code) and password. A wrong email and a wrong
/// password get the same answer after the same work; 5 failures within 15 minutes refuse
/// further tries for that login name for 15 minutes (429 + Retry-After).
pub async fn login(ctx: &Ctx) -> ApiResult<Response> {
    let input: LoginInput = ctx.json()?;
    let valid = input.validate()?;
    let login = match &valid.login {
        LoginId::Email(e) => e,
        LoginId::InviteCode(c) => c,
    };
    let hash = auth::login_hash(login);
    let store = Store::open(&ctx.env)?;
    let now = clock::now();
    let throttle = LoginThrottle::DEFAULT;
    let prefix = keys::login_failure_prefix(&hash);
    let failure_keys = store.list_keys(&prefix).await?;
    let failures: Vec<DateTime<Utc>> = failure_keys
        .iter()
        .filter_map(|k| failure_time(k.strip_prefix(&prefix)?))
        .collect();
    if let Some(retry_after_secs) = throttle.retry_after_secs(&failures, now) {
        return Err(ApiError::TooManyRequests { retry_after_secs });
    }
    let account = auth::account_by_login(&store, login).await?;
    let ok = match &account {
        Some(a) => crypto::verify_password(&valid.password, &a.password).await?,
        None => {
            crypto::burn_password_check(&valid.password).await?;
            false
        }
    };
    let Some(account) = account.filter(|_| ok) else {
        let nonce = crypto::hex(&crypto::random_bytes(4)?);
        let ttl = u64::try_from(throttle.memory().num_seconds()).unwrap_or(1800);
        store
            .put_text(
                &keys::login_failure(&hash, &failure_event(now, &nonce)),
                "",
                Some(ttl),
            )
            .await?;
        return Err(ApiError::InvalidCredentials);
    };
    for key in &failure_keys {
        store.delete(key).await?;
    }
    let cookie = auth::start_session(&store, &account, now).await?;
    with_cookie(
        http::json_status(201, &AccountView::from(&account))?,
        &cookie,
    )
}

/// Logs out: deletes the session from KV and clears the cookie. Always 204, also without a
/// session (logging out twice is not an error); a form's POST (every page's header) gets
/// 303 to the front door instead, so the browser loads `/`.
pub async fn logout(ctx: &Ctx) -> ApiResult<Response> {
    if let Some(hash) = auth::request_token_hash(ctx) {
        auth::revoke(&Store::open(&ctx.env)?, &hash).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_events_round_trip_and_sort_by_time() {
        let t = DateTime::from_timestamp_millis(1_775_000_000_123).expect("time");
        let e = failure_event(t, "ab12cd34");
        assert_eq!(e, "1775000000123-ab12cd34");
        assert_eq!(failure_time(&e), Some(t));
        assert!(failure_event(t, "x") < failure_event(t + chrono::Duration::milliseconds(1), "x"));
        assert_eq!(failure_time("garbage"), None);
    }
}
