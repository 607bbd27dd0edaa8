//! Accounts, passwords and sessions at the edge.
//!
//! - Passwords: PBKDF2-HMAC-SHA256, 100,000 iterations (workerd's maximum), 16-byte random
//!   salt, via WebCrypto (`crypto`); compared in constant time.
//! - Sessions: a random 256-bit token in the `__Host-musubi_session` cookie (`cookie`); KV keeps only
//!   the token's SHA-256 (`session:{hash}`), with a TTL, so a copy of KV cannot be replayed.
//! - `require` answers 401 without a live session; `require_where` also 403 when the role does
//!   not allow the action.

pub mod cookie;
pub mod crypto;

use chrono::{DateTime, Utc};
use domain::account::{Account, Role, SESSION_DAYS, SessionRecord, opaque_id};
use domain::model::{RegionId, UserId};
use domain::validate::RegisterInput;

use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::http::Ctx;
use crate::store::{Store, keys};

/// A live session of the request.
#[derive(Debug, Clone)]
pub struct Session {
    /// SHA-256 of the token: the KV key's name, never the token.
    pub token_hash: String,
    pub user: UserId,
    pub role: Role,
    pub region: RegionId,
    pub expires: DateTime<Utc>,
}

/// The KV name of a session token.
pub fn token_hash(token: &str) -> String {
    crypto::sha256_hex(token.as_bytes())
}

/// The KV name of a login name (a normalised email or invite code).
pub fn login_hash(login: &str) -> String {
    crypto::sha256_hex(login.as_bytes())
}

/// A new random account id: `u` + 26 base32 characters (128 bits).
pub fn new_user_id() -> ApiResult<UserId> {
    Ok(UserId(opaque_id("u", &crypto::random_bytes(16)?)))
}

/// Starts a session for `account` and returns the `Set-Cookie` value carrying its token.
pub async fn start_session(
    store: &Store,
    account: &Account,
    now: DateTime<Utc>,
) -> ApiResult<String> {
    let token = crypto::hex(&crypto::random_bytes(cookie::TOKEN_BYTES)?);
    let record = SessionRecord::new(account, now);
    let ttl = u64::try_from(SESSION_DAYS * 24 * 60 * 60).unwrap_or(u64::MAX);
    store
        .put_json_expiring(&keys::session(&token_hash(&token)), &record, ttl)
        .await?;
    // Lets account deletion find and end every session of the account.
    store
        .put_text(
            &keys::user_session(account.id.as_str(), &token_hash(&token)),
            "",
            Some(ttl),
        )
        .await?;
    Ok(cookie::session_cookie(&token))
}

/// The hash of the request's session token, if it carries a well-formed one.
pub fn request_token_hash(ctx: &Ctx) -> Option<String> {
    let header = ctx.header("cookie")?;
    cookie::token_from_header(&header).map(token_hash)
}

/// The request's live session, or 401. Read from KV once per request (`Ctx::session`).
pub async fn require(ctx: &Ctx) -> ApiResult<Session> {
    if let Some(session) = ctx.session.borrow().as_ref() {
        return Ok(session.clone());
    }
    let hash = request_token_hash(ctx).ok_or(ApiError::Unauthenticated)?;
    let store = ctx.store()?;
    let record: SessionRecord = store
        .get_json(&keys::session(&hash))
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if !record.is_live(clock::now()) {
        return Err(ApiError::Unauthenticated);
    }
    let session = Session {
        token_hash: hash,
        user: record.user,
        role: record.role,
        region: record.region,
        expires: record.expires,
    };
    *ctx.session.borrow_mut() = Some(session.clone());
    Ok(session)
}

/// The request's live session (else 401) whose role passes `allowed` (else 403).
pub async fn require_where(ctx: &Ctx, allowed: impl Fn(&Session) -> bool) -> ApiResult<Session> {
    let session = require(ctx).await?;
    if allowed(&session) {
        Ok(session)
    } else {
        Err(ApiError::Forbidden)
    }
}

/// Ends a session (logout).
pub async fn revoke(store: &Store, token_hash: &str) -> ApiResult<()> {
    store.delete(&keys::session(token_hash)).await
}

/// Writes a new account (with the id `id`, from `new_user_id`) and its login name. The caller
/// has checked that the name is free.
#[expect(clippy::too_many_arguments, reason = "one field of the account each")]
pub async fn insert_account(
    store: &Store,
    id: UserId,
    login: &str,
    email: Option<String>,
    password: &str,
    role: Role,
    region: RegionId,
    now: DateTime<Utc>,
) -> ApiResult<Account> {
    let account = Account {
        id,
        email,
        role,
        region,
        created_at: now,
        password: crypto::hash_password(password).await?,
    };
    // The account first: a login name never points at nothing.
    store
        .put_json(&keys::account(account.id.as_str()), &account)
        .await?;
    store
        .put_text(&keys::login(&login_hash(login)), account.id.as_str(), None)
        .await?;
    // A coordinator's cards show the account's email: the region desk keeps it for the board.
    if let (Role::Hub { region }, Some(email)) = (&account.role, &account.email) {
        crate::records::facts::save_coordinator(&store.desk(region.as_str())?, &account.id, email)
            .await?;
    }
    Ok(account)
}

/// The account a login name belongs to, if any.
pub async fn account_by_login(store: &Store, login: &str) -> ApiResult<Option<Account>> {
    match store.get_text(&keys::login(&login_hash(login))).await? {
        Some(id) => store.get_json(&keys::account(&id)).await,
        None => Ok(None),
    }
}

pub fn email_taken() -> ApiError {
    ApiError::Conflict {
        code: "email_taken",
        message: domain::onboarding::email_taken_message(),
    }
}

/// Creates an account with an email and password (for the demo seed and admin tooling), with
/// the same rules as registration. Idempotent: if the email is already registered with the same
/// role, returns that account unchanged (the password is not checked or replaced); with another
/// role, 409.
pub async fn create_account(
    store: &Store,
    email: &str,
    password: &str,
    role: Role,
    region: &RegionId,
    now: DateTime<Utc>,
) -> ApiResult<Account> {
    let valid = RegisterInput {
        email: email.into(),
        password: password.into(),
        invite_code: "".into(),
    }
    .validate()?;
    let Some(email) = valid.email else {
        return Err(ApiError::internal("create_account without an email"));
    };
    if let Some(existing) = account_by_login(store, &email).await? {
        return if existing.role == role {
            Ok(existing)
        } else {
            Err(email_taken())
        };
    }
    insert_account(
        store,
        new_user_id()?,
        &email,
        Some(email.clone()),
        &valid.password,
        role,
        region.clone(),
        now,
    )
    .await
}

/// The company a session is a member of, if any.
pub fn company_of(session: &Session) -> Option<&domain::model::CompanyId> {
    match &session.role {
        domain::account::Role::CompanyMember { company } => Some(company),
        _ => None,
    }
}

/// A company member whose company the hub has approved; before that, talent stays hidden.
pub async fn approved_member(
    ctx: &crate::http::Ctx,
    store: &crate::store::Store,
) -> crate::error::ApiResult<(Session, domain::model::CompanyId)> {
    let session = require(ctx).await?;
    let company = company_of(&session)
        .cloned()
        .ok_or(crate::error::ApiError::Forbidden)?;
    crate::records::ensure_approved(store, &company).await?;
    Ok((session, company))
}

/// The job, if the session may manage it: a member of its company, or the hub of its region.
pub async fn managed_job(
    ctx: &crate::http::Ctx,
    store: &crate::store::Store,
) -> crate::error::ApiResult<domain::model::Job> {
    let session = require(ctx).await?;
    // The job and a member's company approval are read at once (one round trip, not two), and
    // checked in the order the answer depends on: the job, the right to it, the approval.
    let approval = async {
        match company_of(&session) {
            Some(company) => crate::records::ensure_approved(store, company).await,
            None => Ok(()),
        }
    };
    let job = crate::records::job(store, ctx.param("id")?);
    let (job, approved) = futures_util::future::join(job, approval).await;
    let job = job?;
    let allowed =
        session.role.is_member_of(&job.company_id) || session.role.is_hub_of(&job.region_id);
    if !allowed {
        return Err(crate::error::ApiError::Forbidden);
    }
    approved?;
    Ok(job)
}

/// The hub's session and its region; 401 without a session, 403 for any other role.
pub async fn hub_session(
    ctx: &crate::http::Ctx,
) -> crate::error::ApiResult<(Session, domain::model::RegionId)> {
    let session =
        require_where(ctx, |s| matches!(s.role, domain::account::Role::Hub { .. })).await?;
    match &session.role {
        domain::account::Role::Hub { region } => {
            let region = region.clone();
            Ok((session, region))
        }
        _ => Err(crate::error::ApiError::Forbidden),
    }
}

/// A municipality's figures are read by its own staff and by its region's hub: the session, the
/// region and the municipality named by the route's `{id}`; 404 for a municipality of another
/// region, 403 for another municipality's staff or any other role.
pub async fn municipality_reader(
    ctx: &Ctx,
    store: &Store,
) -> ApiResult<(Session, domain::model::Region, domain::model::Municipality)> {
    let session = require_where(ctx, |s| {
        matches!(s.role, Role::MunicipalityStaff { .. } | Role::Hub { .. })
    })
    .await?;
    let region = crate::records::region(store, &session.region).await?;
    let id = ctx.param("id")?;
    let municipality = region
        .municipalities
        .iter()
        .find(|m| m.id.as_str() == id)
        .cloned()
        .ok_or(ApiError::NotFound)?;
    if !(session.role.is_staff_of(&municipality.id) || session.role.is_hub_of(&region.id)) {
        return Err(ApiError::Forbidden);
    }
    Ok((session, region, municipality))
}

/// Adds a session's `Set-Cookie` header (and the signed-in marker cookie naming its role).
pub fn with_cookie(
    mut resp: worker::Response,
    cookie: &str,
    role: domain::account::RoleKind,
) -> crate::error::ApiResult<worker::Response> {
    resp.headers_mut().set("set-cookie", cookie)?;
    resp.headers_mut()
        .append("set-cookie", &cookie::signed_in_cookie(role))?;
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_session_key_is_the_hash_of_the_token_not_the_token() {
        let token = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let key = keys::session(&token_hash(token));
        assert!(!key.contains(token));
        assert_eq!(key.len(), "session:".len() + 64);
        assert_eq!(
            key,
            format!("session:{}", crypto::sha256_hex(token.as_bytes()))
        );
        assert_ne!(token_hash(token), token_hash(&token.replace('0', "1")));
    }

    #[test]
    fn login_keys_do_not_contain_the_email() {
        let key = keys::login(&login_hash("hanako@example.jp"));
        assert!(!key.contains("hanako") && !key.contains('@'));
        assert!(domain::validate::validate_id(key.trim_start_matches("login:")).is_ok());
    }
}
