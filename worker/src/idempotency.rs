//! `Idempotency-Key` on POST. A phone on a weak connection retries: the first answer to a key
//! (success or a client error) is kept for a day and replayed to every retry, so a retried
//! submission never creates a second record. Handlers that create records also derive the new
//! id from the key (`Ctx::idempotency_key`), so two retries racing past the lookup write the same
//! key with the same value instead of two records (KV has no compare-and-set).

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
}

/// A key is 8–128 visible ASCII characters (a UUID fits).
pub fn key_is_valid(key: &str) -> bool {
    (8..=128).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// The KV key of a replay: the idempotency key is scoped by the caller's session and the path,
/// so one client's key can never replay another client's answer.
pub fn scoped(path: &str, session: Option<&str>, key: &str) -> String {
    let digest = Sha256::digest(format!("{}\n{path}\n{key}", session.unwrap_or("-")));
    keys::idempotency(&crypto::hex(&digest[..16]))
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

pub async fn replay(store: &Store, scoped_key: &str) -> ApiResult<Option<Response>> {
    let Some(stored) = store.get_json::<Stored>(scoped_key).await? else {
        return Ok(None);
    };
    let resp = http::raw_json(stored.status, stored.body.into_bytes())?;
    resp.headers().set("idempotent-replayed", "true")?;
    Ok(Some(resp))
}

/// Keeps the first answer. Server errors are not kept: a retry should get another chance.
pub async fn remember(store: &Store, scoped_key: &str, resp: &mut Response) -> ApiResult<()> {
    let status = resp.status_code();
    if status >= 500 {
        return Ok(());
    }
    let body = resp.cloned()?.text().await?;
    let stored = Stored { status, body };
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
    fn replays_are_scoped_by_session_and_path() {
        let a = scoped("/api/v1/jobs", Some("s1"), "key-00000001");
        assert_eq!(a, scoped("/api/v1/jobs", Some("s1"), "key-00000001"));
        assert_ne!(a, scoped("/api/v1/jobs", Some("s2"), "key-00000001"));
        assert_ne!(a, scoped("/api/v1/me", Some("s1"), "key-00000001"));
        assert_ne!(a, scoped("/api/v1/jobs", None, "key-00000001"));
        assert!(a.starts_with("idem:") && !a[5..].contains(':'));
    }
}
