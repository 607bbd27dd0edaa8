//! The one typed client of musubi's edge API. Wire types come from `domain::api`, shared with
//! the worker; errors carry the server's bilingual message.

use domain::api::{ErrorBody, PublicSummary};
use domain::model::Localized;
use gloo_net::http::{Request, Response};
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

async fn read<T: DeserializeOwned>(resp: Response) -> Result<T, ApiError> {
    if resp.ok() {
        return resp.json::<T>().await.map_err(|_| ApiError::Network);
    }
    match resp.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError::Server(body.error.message)),
        Err(_) => Err(ApiError::Network),
    }
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let resp = Request::get(path)
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(resp).await
}

pub async fn public_summary() -> Result<PublicSummary, ApiError> {
    get("/api/v1/public/summary").await
}
