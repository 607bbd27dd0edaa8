//! Logging in and out, and who is logged in.

use domain::account::AccountBrief;
use domain::validate::LoginInput;

use super::{ApiError, Method, get, send};

pub async fn login(input: &LoginInput) -> Result<AccountBrief, ApiError> {
    send(Method::Post, "/api/v1/sessions", Some(input), None).await
}

pub async fn logout() -> Result<(), ApiError> {
    send::<(), ()>(Method::Delete, "/api/v1/sessions/current", None, None).await
}

pub async fn me() -> Result<AccountBrief, ApiError> {
    get("/api/v1/me").await
}
