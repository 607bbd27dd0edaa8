//! One error type for the whole API. Each variant maps to a status and the JSON error shape;
//! internal failures are logged and answered with a generic message, never their details.

use domain::api::{ErrorBody, ErrorDetail, FieldErrorBody};
use domain::model::Localized;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("bad request: {code}")]
    BadRequest {
        code: &'static str,
        message: Localized,
    },
    #[error("validation failed")]
    Validation(Vec<FieldErrorBody>),
    #[error("unauthenticated")]
    Unauthenticated,
    /// Wrong login name or password: one answer for both, so no one learns which emails exist.
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("conflict: {code}")]
    Conflict {
        code: &'static str,
        message: Localized,
    },
    /// A well-formed request the server cannot act on as sent (422 with its own code).
    #[error("unprocessable: {code}")]
    Unprocessable {
        code: &'static str,
        message: Localized,
    },
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u32 },
    #[error("internal: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn internal(e: impl std::fmt::Display) -> Self {
        ApiError::Internal(e.to_string())
    }

    pub fn status(&self) -> u16 {
        match self {
            ApiError::BadRequest { .. } => 400,
            ApiError::Unauthenticated | ApiError::InvalidCredentials => 401,
            ApiError::Forbidden => 403,
            ApiError::NotFound => 404,
            ApiError::MethodNotAllowed => 405,
            ApiError::Conflict { .. } => 409,
            ApiError::PayloadTooLarge => 413,
            ApiError::Validation(_) | ApiError::Unprocessable { .. } => 422,
            ApiError::TooManyRequests { .. } => 429,
            ApiError::Internal(_) => 500,
        }
    }

    pub fn body(&self) -> ErrorBody {
        let (code, message, fields) = match self {
            ApiError::BadRequest { code, message }
            | ApiError::Conflict { code, message }
            | ApiError::Unprocessable { code, message } => (*code, message.clone(), Vec::new()),
            ApiError::Validation(fields) => (
                "validation_failed",
                Localized::new(
                    "入力内容を確認してください。",
                    "Please check what you entered.",
                ),
                fields.clone(),
            ),
            ApiError::Unauthenticated => (
                "unauthenticated",
                Localized::new("ログインしてください。", "Please log in."),
                Vec::new(),
            ),
            ApiError::InvalidCredentials => (
                "invalid_credentials",
                Localized::new(
                    "メールアドレス（または招待コード）かパスワードが違います。",
                    "The email (or invite code) or the password is not right.",
                ),
                Vec::new(),
            ),
            ApiError::Forbidden => (
                "forbidden",
                Localized::new(
                    "この操作の権限がありません。",
                    "You are not allowed to do this.",
                ),
                Vec::new(),
            ),
            ApiError::NotFound => (
                "not_found",
                Localized::new("見つかりませんでした。", "Not found."),
                Vec::new(),
            ),
            ApiError::MethodNotAllowed => (
                "method_not_allowed",
                Localized::new("この操作はできません。", "This method is not allowed here."),
                Vec::new(),
            ),
            ApiError::PayloadTooLarge => (
                "payload_too_large",
                Localized::new(
                    "送信した内容が大きすぎます（64KBまで）。",
                    "The request is too large (64 KB at most).",
                ),
                Vec::new(),
            ),
            ApiError::TooManyRequests { .. } => (
                "too_many_requests",
                Localized::new(
                    "回数が多すぎます。しばらく待ってからもう一度お試しください。",
                    "Too many attempts. Please wait a little and try again.",
                ),
                Vec::new(),
            ),
            ApiError::Internal(_) => (
                "internal",
                Localized::new(
                    "サーバーで問題が起きました。少し待ってからもう一度お試しください。",
                    "Something went wrong on our side. Please try again shortly.",
                ),
                Vec::new(),
            ),
        };
        ErrorBody {
            error: ErrorDetail {
                code: code.to_owned(),
                message,
                fields,
            },
        }
    }
}

impl From<domain::validate::ValidationErrors> for ApiError {
    fn from(e: domain::validate::ValidationErrors) -> Self {
        ApiError::Validation(e.0.into_iter().map(FieldErrorBody::from).collect())
    }
}

/// A fair-work rule's refusal: 409 for an action the state does not allow now (the request is
/// right, the engagement is not there yet), 422 for values the rules reject.
impl From<domain::fair_work::Refusal> for ApiError {
    fn from(r: domain::fair_work::Refusal) -> Self {
        use domain::fair_work::RefusalCode::*;
        let (code, message) = (r.code.as_str(), r.message);
        match r.code {
            NotAllowedNow | OutOfWindow | TermsNotAgreed => ApiError::Conflict { code, message },
            PaymentTooLate | NoticeTooShort | Inconsistent => {
                ApiError::Unprocessable { code, message }
            }
        }
    }
}

impl From<worker::Error> for ApiError {
    fn from(e: worker::Error) -> Self {
        ApiError::internal(e)
    }
}

impl From<worker::kv::KvError> for ApiError {
    fn from(e: worker::kv::KvError) -> Self {
        ApiError::internal(e)
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> Self {
        ApiError::internal(e)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_map_to_409_or_422() {
        use domain::fair_work::{Refusal, RefusalCode};
        let r = |code| {
            ApiError::from(Refusal {
                code,
                message: Localized::new("x", "x"),
            })
            .status()
        };
        assert_eq!(r(RefusalCode::NotAllowedNow), 409);
        assert_eq!(r(RefusalCode::TermsNotAgreed), 409);
        assert_eq!(r(RefusalCode::NoticeTooShort), 422);
        assert_eq!(r(RefusalCode::PaymentTooLate), 422);
    }

    #[test]
    fn internal_errors_never_leak_their_details() {
        let body = ApiError::internal("kv exploded at key user:123").body();
        let json = serde_json::to_string(&body).expect("serialises");
        assert!(!json.contains("user:123"));
        assert_eq!(body.error.code, "internal");
    }

    #[test]
    fn every_error_has_both_languages() {
        let all = [
            ApiError::Unauthenticated,
            ApiError::InvalidCredentials,
            ApiError::Forbidden,
            ApiError::NotFound,
            ApiError::MethodNotAllowed,
            ApiError::PayloadTooLarge,
            ApiError::TooManyRequests {
                retry_after_secs: 1,
            },
            ApiError::Validation(Vec::new()),
            ApiError::internal("x"),
        ];
        for e in all {
            let b = e.body();
            assert!(!b.error.message.ja.is_empty() && !b.error.message.en.is_empty());
            assert!(e.status() >= 400);
        }
    }
}
