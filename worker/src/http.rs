//! HTTP plumbing shared by every handler: the request context, JSON bodies with a size limit,
//! ETag revalidation and the mapping of `ApiError` to a response.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use worker::{Env, Headers, Method, Request, Response};

use crate::auth::crypto;
use crate::desk::Desk;
use crate::error::{ApiError, ApiResult};
use crate::meter::Meter;
use crate::store::Store;

/// Larger bodies are refused with 413 before they are parsed.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What a handler gets: the parsed request, its path parameters and the environment.
pub struct Ctx {
    pub env: Env,
    /// The request's storage meter, shared by every store and desk handle it opens.
    pub meter: Meter,
    /// The request's session once `auth::require` has read it (read from KV at most once per
    /// request, however many guards ask).
    pub session: std::cell::RefCell<Option<crate::auth::Session>>,
    pub method: Method,
    pub path: String,
    pub headers: Headers,
    pub params: Vec<(&'static str, String)>,
    pub query: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl std::fmt::Debug for Ctx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx")
            .field("method", &self.method)
            .field("params", &self.params)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl Ctx {
    pub async fn from_request(
        mut req: Request,
        env: Env,
        params: Vec<(&'static str, String)>,
        meter: Meter,
    ) -> ApiResult<Self> {
        let declared = req
            .headers()
            .get("content-length")?
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0);
        if declared > MAX_BODY_BYTES {
            return Err(ApiError::PayloadTooLarge);
        }
        let body = match req.method() {
            Method::Get | Method::Head | Method::Options => Vec::new(),
            _ => req.bytes().await.unwrap_or_default(),
        };
        if body.len() > MAX_BODY_BYTES {
            return Err(ApiError::PayloadTooLarge);
        }
        let query = req
            .url()?
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Ok(Ctx {
            env,
            meter,
            session: std::cell::RefCell::new(None),
            method: req.method(),
            path: req.path(),
            headers: req.headers().clone(),
            params,
            query,
            body,
        })
    }

    /// Workers KV, counted on the request's meter.
    pub fn store(&self) -> ApiResult<Store> {
        Store::metered(&self.env, self.meter.clone())
    }

    /// A region's desk, counted on the request's meter.
    pub fn desk(&self, region: &str) -> ApiResult<Desk> {
        Desk::of(&self.env, region, self.meter.clone())
    }

    pub fn param(&self, name: &str) -> ApiResult<&str> {
        self.params
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
            .ok_or(ApiError::NotFound)
    }

    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).ok().flatten()
    }

    /// The request body as JSON; malformed JSON is the client's mistake (400), never a 500.
    pub fn json<T: DeserializeOwned>(&self) -> ApiResult<T> {
        serde_json::from_slice(&self.body).map_err(|e| ApiError::BadRequest {
            code: "invalid_json",
            message: domain::model::Localized::new(
                format!(
                    "送信内容の形式が正しくありません（{}行目 {}文字目）。",
                    e.line(),
                    e.column()
                ),
                format!(
                    "The request body is not valid JSON (line {}, column {}).",
                    e.line(),
                    e.column()
                ),
            ),
        })
    }

    pub fn var(&self, name: &str) -> Option<String> {
        self.env.var(name).ok().map(|v| v.to_string())
    }
}

/// SHA-256 of the body, quoted, as a strong ETag.
pub fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!("\"{}\"", crypto::hex(&digest[..16]))
}

/// Does an `If-None-Match` header value name this ETag (or `*`)?
pub fn etag_matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match
        .split(',')
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

/// A 200 JSON response with an ETag, or 304 when the client already has this body.
pub fn json_cached<T: Serialize>(ctx: &Ctx, value: &T) -> ApiResult<Response> {
    json_bytes_cached(ctx, serde_json::to_vec(value)?)
}

/// [`json_cached`] of JSON made elsewhere (a page the region desk built).
pub fn json_bytes_cached(ctx: &Ctx, body: Vec<u8>) -> ApiResult<Response> {
    let etag = etag_of(&body);
    let headers = json_headers()?;
    headers.set("etag", &etag)?;
    headers.set("cache-control", "private, no-cache")?;
    if ctx
        .header("if-none-match")
        .is_some_and(|v| etag_matches(&v, &etag))
    {
        return Ok(Response::empty()?.with_status(304).with_headers(headers));
    }
    Ok(Response::from_bytes(body)?.with_headers(headers))
}

/// A JSON response with the given status and no caching.
pub fn json_status<T: Serialize>(status: u16, value: &T) -> ApiResult<Response> {
    let body = serde_json::to_vec(value)?;
    let headers = json_headers()?;
    headers.set("cache-control", "no-store")?;
    Ok(Response::from_bytes(body)?
        .with_status(status)
        .with_headers(headers))
}

/// A JSON response from an already serialised body (replays).
pub fn raw_json(status: u16, body: Vec<u8>) -> ApiResult<Response> {
    let headers = json_headers()?;
    headers.set("cache-control", "no-store")?;
    Ok(Response::from_bytes(body)?
        .with_status(status)
        .with_headers(headers))
}

fn json_headers() -> ApiResult<Headers> {
    let headers = Headers::new();
    headers.set("content-type", "application/json; charset=utf-8")?;
    headers.set("x-content-type-options", "nosniff")?;
    Ok(headers)
}

/// The API's answers are data, never a page: nothing may run, load or frame them.
pub const API_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/// What the browser may use on the app's behalf: no camera, microphone, place, payment…
pub const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
pub const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";
pub const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Every API answer (success, error, replay) leaves with the same protective headers; HSTS only
/// in production (a local `wrangler dev` is plain HTTP). The app's files get theirs from
/// `dist/_headers` (scripts/build-app.mjs).
pub fn with_security_headers(resp: Response, production: bool) -> Response {
    let headers = resp.headers();
    let mut pairs = vec![
        ("content-security-policy", API_CSP),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", REFERRER_POLICY),
        ("permissions-policy", PERMISSIONS_POLICY),
        ("x-frame-options", "DENY"),
        ("cross-origin-resource-policy", "same-origin"),
    ];
    if production {
        pairs.push(("strict-transport-security", HSTS));
    }
    if pairs.iter().all(|(k, v)| headers.set(k, v).is_ok()) {
        return resp;
    }
    // Immutable headers (a fetched response): copy them onto a new response.
    let copy = Headers::new();
    for (k, v) in headers.entries() {
        let _ = copy.set(&k, &v);
    }
    for (k, v) in &pairs {
        let _ = copy.set(k, v);
    }
    let status = resp.status_code();
    resp.with_headers(copy).with_status(status)
}

/// The JSON error response; internal details go to the log only.
pub fn error_response(err: &ApiError) -> Response {
    if let ApiError::Internal(detail) = err {
        worker::console_error!("internal error: {detail}");
    }
    let body = serde_json::to_vec(&err.body()).unwrap_or_default();
    let headers = Headers::new();
    let _ = headers.set("content-type", "application/json; charset=utf-8");
    let _ = headers.set("cache-control", "no-store");
    let _ = headers.set("x-content-type-options", "nosniff");
    if let ApiError::TooManyRequests { retry_after_secs } = err {
        let _ = headers.set("retry-after", &retry_after_secs.to_string());
    }
    match Response::from_bytes(body) {
        Ok(r) => r.with_status(err.status()).with_headers(headers),
        Err(_) => Response::empty()
            .map(|r| r.with_status(500))
            .unwrap_or_else(|_| {
                Response::error("internal", 500).unwrap_or_else(|_| unreachable_response())
            }),
    }
}

fn unreachable_response() -> Response {
    // Building an empty response cannot fail in workerd; this keeps the signature total.
    Response::builder().with_status(500).empty()
}

/// Unsafe methods must come from our own origin (CSRF): browsers send `Origin` and
/// `Sec-Fetch-Site` on every cross-site POST, so a mismatch of either is refused.
pub fn same_origin_or_refuse(
    method: &Method,
    headers: &Headers,
    own_origin: &str,
) -> ApiResult<()> {
    if matches!(method, Method::Get | Method::Head | Method::Options) {
        return Ok(());
    }
    let site = headers.get("sec-fetch-site").ok().flatten();
    if site.as_deref() == Some("cross-site") || site.as_deref() == Some("same-site") {
        return Err(ApiError::Forbidden);
    }
    match headers.get("origin").ok().flatten() {
        Some(origin) if origin != own_origin && origin != "null" => Err(ApiError::Forbidden),
        Some(origin) if origin == "null" => Err(ApiError::Forbidden),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etag_is_stable_and_quoted() {
        let a = etag_of(b"{\"a\":1}");
        assert_eq!(a, etag_of(b"{\"a\":1}"));
        assert_ne!(a, etag_of(b"{\"a\":2}"));
        assert!(a.starts_with('"') && a.ends_with('"') && a.len() == 34);
    }

    #[test]
    fn if_none_match_lists_and_weak_tags_match() {
        let tag = etag_of(b"x");
        assert!(etag_matches(&tag, &tag));
        assert!(etag_matches(&format!("\"other\", W/{tag}"), &tag));
        assert!(etag_matches("*", &tag));
        assert!(!etag_matches("\"other\"", &tag));
    }
}
