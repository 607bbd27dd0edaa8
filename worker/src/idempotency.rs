//! `Idempotency-Key` on POST, as Stripe defines it. A phone on a weak connection retries: the
//! first answer to a key (success or a client error) is kept for a day and replayed to every
//! retry, so a retried submission never creates a second record. Handlers that create records
//! also derive the new id from the key (`derived_id`), so two retries racing past the lookup
//! write the same key with the same value instead of two records (KV has no compare-and-set).
//!
//! - Authenticate first, then replay: only a live session is ever replayed to (an anonymous or
//!   logged-out request runs, and meets its 401), so a replay never outlives the session's
//!   logout, and nobody replays with a stolen key alone.
//! - The stored answer is bound to the account (the key's scope) and to a hash of the request
//!   (method, path, body): the same key with another body is 422 `idempotency_key_reused`,
//!   never someone else's or another request's answer.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use worker::{Method, Response};

use crate::auth::crypto;
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::store::{Store, keys};

/// How long a first answer is replayed.
pub const KEEP_SECS: u64 = 24 * 60 * 60;
pub const HEADER: &str = "idempotency-key";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    pub status: u16,
    pub body: String,
    /// `request_hash` of the request that got this answer.
    #[serde(default)]
    pub request: String,
}

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

/// The stored answer for this key, if any; 422 when it answered another request.
pub async fn replay(
    store: &Store,
    scoped_key: &str,
    request: &str,
) -> ApiResult<Option<Response>> {
    let Some(stored) = store.get_json::<Stored>(scoped_key).await? else {
        return Ok(None);
    };
    // Answers kept before requests were bound carry no hash.
    if !stored.request.is_empty() && stored.request != request {
        return Err(key_reused());
    }
    let resp = http::raw_json(stored.status, stored.body.into_bytes())?;
    resp.headers().set("idempotent-replayed", "true")?;
    Ok(Some(resp))
}

/// Keeps the first answer. Server errors are not kept: a retry should get another chance.
pub async fn remember(
    store: &Store,
    scoped_key: &str,
    request: &str,
    resp: &mut Response,
) -> ApiResult<()> {
    let status = resp.status_code();
    if status >= 500 {
        return Ok(());
    }
    let body = resp.cloned()?.text().await?;
    let stored = Stored {
        status,
        body,
        request: request.to_owned(),
    };
    store
        .put_text(
            scoped_key,
            &serde_json::to_string(&stored)?,
            Some(KEEP_SECS),
        )
        .await
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
