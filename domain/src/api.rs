//! Wire types of the HTTP API under `/api/v1`: defined once, used by the worker to answer and by
//! the app to read, so the two cannot drift apart.

use serde::{Deserialize, Serialize};

use crate::model::Localized;

/// The API version string; also the path segment `/api/v1`.
pub const API_PREFIX: &str = "/api/v1";

/// The one JSON error shape every failing response has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable, machine-readable code, e.g. `validation_failed`, `not_found`.
    pub code: String,
    pub message: Localized,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldErrorBody>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrorBody {
    pub field: String,
    pub code: String,
    pub message: Localized,
}

/// `GET /api/v1/health`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Health {
    /// `ok` when every check passed, else `degraded`.
    pub status: String,
    pub version: String,
    pub environment: String,
    pub kv: KvCheck,
}

/// A real write and read back of a KV key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KvCheck {
    pub ok: bool,
    pub round_trip_ms: f64,
}

/// `GET /api/v1/public/summary`: the public figures of the landing page, aggregates only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicSummary {
    pub region: Option<Localized>,
    pub residents: u64,
    pub related_residents: u64,
    pub companies: u64,
    pub open_jobs: u64,
    pub working: u64,
    pub courses: u64,
    /// When the figures were computed (UTC, RFC 3339).
    pub as_of: String,
}
