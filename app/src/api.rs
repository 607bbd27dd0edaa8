//! The one typed client of musubi's edge API. Wire types come from `domain::api`, shared with
//! the worker; errors carry the server's bilingual message.

use domain::api::{ErrorBody, PublicSummary};
use domain::model::Localized;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, thiserror::Error)]
pub enum ApiError {
    /// The server answered with its JSON error shape.
    #[error("{}", .0.en)]
    Server(Localized),
    /// No answer: offline or the connection dropped.
    #[error("network")]
    Network,
}

impl ApiError {
    pub fn message(&self) -> Localized {
        match self {
            ApiError::Server(m) => m.clone(),
            ApiError::Network => Localized::new(
                "通信できませんでした。電波の良い所でもう一度お試しください。",
                "Could not connect. Please try again where the signal is better.",
            ),
        }
    }
}

/// Reads a JSON body through the browser's own parser (`Response.json()`) and serde-wasm-bindgen:
/// much smaller in wasm than linking a JSON parser, which matters on the first view.
async fn json_body<T: DeserializeOwned>(resp: &Response) -> Result<T, ApiError> {
    let promise = resp.text().map_err(|_| ApiError::Network)?;
    let value = JsFuture::from(promise).await.map_err(|_| ApiError::Network)?;
    let text = value.as_string().ok_or(ApiError::Network)?;
    serde_json::from_str(&text).map_err(|_| ApiError::Network)
}

async fn read<T: DeserializeOwned>(resp: Response) -> Result<T, ApiError> {
    if resp.ok() {
        return json_body(&resp).await;
    }
    match json_body::<ErrorBody>(&resp).await {
        Ok(body) => Err(ApiError::Server(body.error.message)),
        Err(_) => Err(ApiError::Network),
    }
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let answer = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| ApiError::Network)?;
    read(answer.dyn_into::<Response>().map_err(|_| ApiError::Network)?).await
}

pub async fn public_summary() -> Result<PublicSummary, ApiError> {
    get("/api/v1/public/summary").await
}
