//! The one typed client of musubi's edge API. Wire types come from `domain::api` (and the domain's
//! input types), shared with the worker; errors carry the server's bilingual message and, for a
//! form, the message of each field. This module is the transport; the typed calls of each area
//! live beside it (`public`, `session`, …) so that an entry point links only what it calls.

pub mod city;
pub mod company;
pub mod fair;
pub mod hub;
pub mod public;
pub mod resident;
pub mod scoping;
pub mod session;
pub mod vocabulary;

use domain::api::{ErrorBody, FieldErrorBody};
use domain::model::Localized;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The server answered with its JSON error shape.
    #[error("{} ({code})", message.en)]
    Server {
        status: u16,
        code: String,
        message: Localized,
        fields: Vec<FieldErrorBody>,
    },
    /// No answer: offline or the connection dropped. Safe to retry with the same
    /// Idempotency-Key.
    #[error("network")]
    Network,
}

impl ApiError {
    pub fn message(&self) -> Localized {
        match self {
            ApiError::Server { message, .. } => message.clone(),
            ApiError::Network => Localized::new(
                "通信できませんでした。電波の良い所でもう一度お試しください。",
                "Could not connect. Please try again where the signal is better.",
            ),
        }
    }

    /// The server's message for one form field, if it named that field.
    pub fn field(&self, name: &str) -> Option<Localized> {
        match self {
            ApiError::Server { fields, .. } => fields
                .iter()
                .find(|f| f.field == name)
                .map(|f| f.message.clone()),
            ApiError::Network => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Server { status, .. } => Some(*status),
            ApiError::Network => None,
        }
    }

    /// The server refused the request (4xx). The server keeps that answer for the request's
    /// Idempotency-Key and replays it, so a corrected submit needs a new key; a 5xx is not kept
    /// and no answer at all (`Network`) may be resent with the same key.
    pub fn is_refusal(&self) -> bool {
        matches!(self.status(), Some(400..=499))
    }

    /// Not logged in (or the session expired): the page should send the person to log in.
    pub fn is_unauthenticated(&self) -> bool {
        self.status() == Some(401)
    }
}

/// HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// Reads the body as text and parses it with serde_json (smaller in wasm than
/// serde-wasm-bindgen, measured).
async fn body_text(resp: &Response) -> Result<String, ApiError> {
    let promise = resp.text().map_err(|_| ApiError::Network)?;
    let value = JsFuture::from(promise)
        .await
        .map_err(|_| ApiError::Network)?;
    value.as_string().ok_or(ApiError::Network)
}

async fn json_body<T: DeserializeOwned>(resp: &Response) -> Result<T, ApiError> {
    parse(&body_text(resp).await?)
}

/// A body's JSON as `T`; `204 No Content` and empty bodies read as `null` (for `()` answers).
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    let text = if text.is_empty() { "null" } else { text };
    serde_json::from_str(text).map_err(|_| ApiError::Network)
}

async fn read<T: DeserializeOwned>(resp: Response) -> Result<T, ApiError> {
    if resp.ok() {
        return json_body(&resp).await;
    }
    Err(refusal(&resp).await)
}

/// What a response that is not ok says: the server's error shape, or a network error.
async fn refusal(resp: &Response) -> ApiError {
    let status = resp.status();
    match json_body::<ErrorBody>(resp).await {
        Ok(body) => ApiError::Server {
            status,
            code: body.error.code,
            message: body.error.message,
            fields: body.error.fields,
        },
        Err(_) => ApiError::Network,
    }
}

async fn fetch(req: &Request) -> Result<Response, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let answer = JsFuture::from(window.fetch_with_request(req))
        .await
        .map_err(|_| ApiError::Network)?;
    answer.dyn_into::<Response>().map_err(|_| ApiError::Network)
}

fn request(
    method: Method,
    path: &str,
    body: Option<String>,
    idempotency_key: Option<&str>,
) -> Result<Request, ApiError> {
    let headers = Headers::new().map_err(|_| ApiError::Network)?;
    let set = |k: &str, v: &str| headers.set(k, v).map_err(|_| ApiError::Network);
    set("accept", "application/json")?;
    if body.is_some() {
        set("content-type", "application/json")?;
    }
    if let Some(key) = idempotency_key {
        set("idempotency-key", key)?;
    }
    let init = RequestInit::new();
    init.set_method(method.as_str());
    init.set_headers(&headers);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(&body));
    }
    Request::new_with_str_and_init(path, &init).map_err(|_| ApiError::Network)
}

/// `GET path` → `T`. The first view's read that index.html started (`first` in
/// scripts/app-entries.mjs) is taken instead of asking again; if it failed, this asks.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    read(get_response(path).await?).await
}

/// The answer index.html is fetching for `path` (`window.musubiFirst[path]`), taken once: a later
/// read of the same path (a retry, the page opened again inside the area) asks afresh.
fn prefetched(path: &str) -> Option<js_sys::Promise> {
    let window: JsValue = web_sys::window()?.into();
    // Checked before reading a field: on a page without early reads it is undefined, and
    // reading a field of undefined would throw a JS exception on every GET.
    let first = js_sys::Reflect::get(&window, &JsValue::from_str("musubiFirst"))
        .ok()
        .filter(JsValue::is_object)?;
    let key = JsValue::from_str(path);
    let answer = js_sys::Reflect::get(&first, &key).ok()?.dyn_into().ok()?;
    js_sys::Reflect::delete_property(first.unchecked_ref::<js_sys::Object>(), &key).ok()?;
    Some(answer)
}

/// The response to `GET path`: the one index.html started, if it did, else a new request.
async fn get_response(path: &str) -> Result<Response, ApiError> {
    if let Some(answer) = prefetched(path)
        && let Ok(resp) = JsFuture::from(answer).await
        && let Ok(resp) = resp.dyn_into::<Response>()
    {
        return Ok(resp);
    }
    fetch(&request(Method::Get, path, None, None)?).await
}

/// A typed answer fetched now and read later, where it is used: serde's reader for `T` is
/// linked where `read` is called (a chunk), not where it was fetched (an entry's first view,
/// fetching it beside that chunk).
pub struct Unread<T> {
    text: String,
    of: std::marker::PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for Unread<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Unread")
            .field("bytes", &self.text.len())
            .finish()
    }
}

impl<T> Clone for Unread<T> {
    fn clone(&self) -> Self {
        Unread {
            text: self.text.clone(),
            of: std::marker::PhantomData,
        }
    }
}

impl<T: DeserializeOwned> Unread<T> {
    pub fn read(&self) -> Result<T, ApiError> {
        parse(&self.text)
    }
}

/// `GET path`, to be read as `T` later ([`Unread`]).
pub async fn get_unread<T>(path: &str) -> Result<Unread<T>, ApiError> {
    get_text(path).await.map(|text| Unread {
        text,
        of: std::marker::PhantomData,
    })
}

/// `GET path` → its JSON text, unread (handed on verbatim, e.g. to have it verified).
pub async fn get_text(path: &str) -> Result<String, ApiError> {
    let resp = get_response(path).await?;
    if resp.ok() {
        return body_text(&resp).await;
    }
    Err(refusal(&resp).await)
}

/// Sends `body`, JSON text as it is.
pub async fn send_text<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: String,
) -> Result<T, ApiError> {
    read(fetch(&request(method, path, Some(body), None)?).await?).await
}

/// Sends `body` as JSON. A write that may be retried (after a dropped connection, from the
/// offline queue) passes the same `idempotency_key` every time: the server then answers a
/// repeat with the first answer instead of doing it twice.
pub async fn send<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&B>,
    idempotency_key: Option<&str>,
) -> Result<T, ApiError> {
    let body = body
        .map(serde_json::to_string)
        .transpose()
        .map_err(|_| ApiError::Network)?;
    read(fetch(&request(method, path, body, idempotency_key)?).await?).await
}

/// One user intent (a submit) sent with an Idempotency-Key. Every resend of it carries the same
/// key; an answer the server keeps for the key (a success, or a refusal: 4xx) ends the intent, so
/// the next submit takes a new key, else the server would replay that first answer. A lost
/// answer or a 5xx (not kept) keeps the key: resending it is the same request, done once.
#[derive(Debug, Clone, Copy)]
pub struct Intent(leptos::prelude::StoredValue<String>);

impl Default for Intent {
    fn default() -> Self {
        Self::new()
    }
}

impl Intent {
    pub fn new() -> Self {
        Intent(leptos::prelude::StoredValue::new(new_idempotency_key()))
    }

    /// Sends `call` with the intent's key; renews the key when the answer ends the intent.
    pub async fn send<T, Fut>(self, call: impl FnOnce(String) -> Fut) -> Result<T, ApiError>
    where
        Fut: std::future::Future<Output = Result<T, ApiError>>,
    {
        use leptos::prelude::{GetValue, SetValue};
        let answer = call(self.0.get_value()).await;
        if answer.as_ref().map_or_else(ApiError::is_refusal, |_| true) {
            self.0.set_value(new_idempotency_key());
        }
        answer
    }
}

/// A fresh random key for one user intent (one submit), kept with a queued write so that
/// every retry sends the same key.
pub fn new_idempotency_key() -> String {
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    match crypto {
        Some(c) => c.random_uuid(),
        None => format!("k{}", js_sys_now()),
    }
}

fn js_sys_now() -> u64 {
    // `Date.now()` without linking js-sys's Date: performance.now() + time origin.
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| (p.time_origin() + p.now()) as u64)
        .unwrap_or_default()
}

/// URL-encodes one query value (the path's own helper: no url crate in the wasm).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
