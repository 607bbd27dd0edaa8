//! `Idempotency-Key` on POST, as Stripe defines it. A phone on a weak connection retries: the
//! first answer to a key (success or a client error) is kept for a day and replayed to every
//! retry, so a retried submission never creates a second record.
//!
//! - The key is reserved in the region's desk before the handler runs (`reserve`: the check and
//!   the reservation in one transaction), so two concurrent requests with one key never both
//!   run: the second gets 409 `idempotency_in_progress` until the first has answered, then the
//!   replay. Handlers that create records also derive the new id from the key (`derived_id`).
//!
//! - Authenticate first, then replay: only a live session is ever replayed to (an anonymous or
//!   logged-out request runs, and meets its 401), so a replay never outlives the session's
//!   logout, and nobody replays with a stolen key alone.
//! - The stored answer is bound to the account (the key's scope) and to a hash of the request
//!   (method, path, body): the same key with another body is 422 `idempotency_key_reused`,
//!   never someone else's or another request's answer.

use sha2::{Digest, Sha256};
use worker::{Method, Response};

use domain::model::UserId;

use crate::auth::crypto;
use crate::clock;
use crate::desk::Desk;
use crate::desk::wire::{Answer, Command};
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::store::keys;

pub const HEADER: &str = "idempotency-key";

/// What binds a stored answer to its request: SHA-256 of method, path and body.
pub fn request_hash(method: &str, path: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update(b"\n");
    h.update(path.as_bytes());
    h.update(b"\n");
    h.update(body);
    crypto::hex(&h.finalize())
}

pub fn key_reused() -> ApiError {
    ApiError::Unprocessable {
        code: "idempotency_key_reused",
        message: domain::model::Localized::new(
            "同じ送信番号（Idempotency-Key）で別の内容が送られました。新しい番号で送り直してください。",
            "This Idempotency-Key was already used with a different request. Send it again with a new key.",
        ),
    }
}

/// A key is 8–128 visible ASCII characters (a UUID fits).
pub fn key_is_valid(key: &str) -> bool {
    (8..=128).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// The KV key of a replay: the idempotency key is scoped by the caller's account and the path,
/// so one account's key can never replay another account's answer.
pub fn scoped(path: &str, account: &str, key: &str) -> String {
    let digest = Sha256::digest(format!("{account}\n{path}\n{key}"));
    keys::idempotency(account, &crypto::hex(&digest[..16]))
}

/// The request's idempotency key, if it is a POST that carries one; a malformed key is a 400.
pub fn key_of(ctx: &Ctx) -> ApiResult<Option<String>> {
    if ctx.method != Method::Post {
        return Ok(None);
    }
    match ctx.header(HEADER) {
        None => Ok(None),
        Some(k) if key_is_valid(&k) => Ok(Some(k)),
        Some(_) => Err(ApiError::BadRequest {
            code: "bad_idempotency_key",
            message: domain::model::Localized::new(
                "Idempotency-Key は 8〜128 文字の英数字・記号で指定してください。",
                "Idempotency-Key must be 8 to 128 visible ASCII characters.",
            ),
        }),
    }
}

/// What the desk said about a key before the handler runs.
#[derive(Debug)]
pub enum Reserved {
    /// This request holds the key now: run the handler, then `finish`.
    Run,
    /// The kept answer, to send as it is.
    Replay(Response),
}

/// 409 while another request with the same key is still running: the client waits and retries
/// with the same key, and then gets the first answer.
pub fn in_progress() -> ApiError {
    ApiError::Conflict {
        code: "idempotency_in_progress",
        message: domain::model::Localized::new(
            "同じ送信を処理している途中です。少し待ってから、もう一度送ってください。",
            "The same request is still being processed. Please wait a moment and send it again.",
        ),
    }
}

/// Reserves the key in the region's desk, in one transaction with the check: of two requests
/// with one key, exactly one runs; the other is told it is in progress (409) or, once the first
/// has answered, gets that answer.
pub async fn reserve(
    desk: &Desk,
    scoped_key: &str,
    account: &UserId,
    request: &str,
) -> ApiResult<Reserved> {
    let answer = desk
        .call(&Command::IdemReserve {
            key: scoped_key.to_owned(),
            account: account.clone(),
            request: request.to_owned(),
            at: clock::now(),
        })
        .await?;
    match answer {
        Answer::Done => Ok(Reserved::Run),
        Answer::Replay { status, body } => {
            let resp = http::raw_json(status, body.into_bytes())?;
            resp.headers().set("idempotent-replayed", "true")?;
            Ok(Reserved::Replay(resp))
        }
        Answer::IdemInProgress => Err(in_progress()),
        Answer::IdemReused => Err(key_reused()),
        other => Err(ApiError::internal(format!("desk: {other:?}"))),
    }
}

/// Keeps the answer of a reserved key. A server error is not kept (the reservation is given
/// back): a retry should get another chance.
pub async fn finish(desk: &Desk, scoped_key: &str, resp: &mut Response) -> ApiResult<()> {
    let status = resp.status_code();
    let command = if status >= 500 {
        Command::IdemRelease {
            key: scoped_key.to_owned(),
        }
    } else {
        Command::IdemStore {
            key: scoped_key.to_owned(),
            status,
            body: resp.cloned()?.text().await?,
            at: clock::now(),
        }
    };
    desk.call(&command).await.map(|_| ())
}

/// A new record's id, `{prefix}{24 hex}`: derived from the Idempotency-Key when there is one
/// (scoped to `owner`), so that a retried post writes the same record again instead of a
/// second one; random otherwise.
pub fn derived_id(ctx: &Ctx, prefix: &str, owner: &str) -> ApiResult<String> {
    let seed = match key_of(ctx)? {
        Some(key) => Sha256::digest(format!("{owner}\n{key}")).to_vec(),
        None => crypto::random_bytes(16)?,
    };
    Ok(format!("{prefix}{}", crypto::hex(&seed[..12])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_bounded_visible_ascii() {
        assert!(key_is_valid("4f1c2d3e-aaaa-bbbb-cccc-123456789abc"));
        assert!(!key_is_valid("short"));
        assert!(!key_is_valid("has space inside"));
        assert!(!key_is_valid("日本語のキーです日本語"));
        assert!(!key_is_valid(&"x".repeat(129)));
    }

    #[test]
    fn replays_are_scoped_by_account_and_path() {
        let a = scoped("/api/v1/jobs", "u1", "key-00000001");
        assert_eq!(a, scoped("/api/v1/jobs", "u1", "key-00000001"));
        assert_ne!(a, scoped("/api/v1/jobs", "u2", "key-00000001"));
        assert_ne!(a, scoped("/api/v1/me", "u1", "key-00000001"));
        assert!(a.starts_with("idem:u1:") && !a[8..].contains(':'));
    }

    #[test]
    fn the_request_hash_binds_method_path_and_body() {
        let a = request_hash("POST", "/api/v1/jobs", b"{\"a\":1}");
        assert_eq!(a, request_hash("POST", "/api/v1/jobs", b"{\"a\":1}"));
        assert_ne!(a, request_hash("POST", "/api/v1/jobs", b"{\"a\":2}"));
        assert_ne!(a, request_hash("POST", "/api/v1/jobx", b"{\"a\":1}"));
        assert_eq!(a.len(), 64);
    }
}
