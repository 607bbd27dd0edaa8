//! The municipality's console: programs, enrolment by CSV, completion, the region's report.

use domain::city::{
    CompletionInput, CompletionResult, EnrolmentList, EnrolmentResult, EnrolmentUpload,
};
use domain::metrics::RegionReport;
use domain::model::Program;

use super::{ApiError, Method, encode, get, send};

pub async fn programs() -> Result<Vec<Program>, ApiError> {
    get("/api/v1/programs").await
}

pub async fn enrolments(program: &str) -> Result<EnrolmentList, ApiError> {
    get(&format!("/api/v1/programs/{}/enrolments", encode(program))).await
}

pub async fn enrol(program: &str, csv: String, key: &str) -> Result<EnrolmentResult, ApiError> {
    let path = format!("/api/v1/programs/{}/enrolments", encode(program));
    send(
        Method::Post,
        &path,
        Some(&EnrolmentUpload { csv }),
        Some(key),
    )
    .await
}

pub async fn complete(
    program: &str,
    input: &CompletionInput,
    key: &str,
) -> Result<CompletionResult, ApiError> {
    let path = format!("/api/v1/programs/{}/completions", encode(program));
    send(Method::Post, &path, Some(input), Some(key)).await
}

/// The report of a fiscal year (`fy`, e.g. 2026) or, with `month` (`YYYY-MM`), of one month.
pub async fn metrics(municipality: &str, period: &str) -> Result<RegionReport, ApiError> {
    get(&format!(
        "/api/v1/municipalities/{}/metrics?{period}",
        encode(municipality)
    ))
    .await
}

/// Where the same report downloads as CSV (UTF-8 with BOM).
pub fn metrics_csv_url(municipality: &str, period: &str) -> String {
    format!(
        "/api/v1/municipalities/{}/metrics?{period}&format=csv",
        encode(municipality)
    )
}

/// The course's cohort placement (computed on request; nothing is written).
pub async fn placement(program: &str) -> Result<domain::city::Placement, ApiError> {
    get(&format!("/api/v1/programs/{}/placement", encode(program))).await
}

/// Reads and checks a file as an import would, writing nothing.
pub async fn preview(
    program: &str,
    csv: String,
) -> Result<domain::city::EnrolmentPreview, ApiError> {
    let path = format!("/api/v1/programs/{}/enrolments?preview=1", encode(program));
    send(Method::Post, &path, Some(&EnrolmentUpload { csv }), None).await
}

/// Creates a course, support scheme or coworking place; a 422 names the fields that are wrong.
/// `security_course` travels beside the program's fields (`domain::trust::SecurityCourseFlag`).
pub async fn create_program(
    input: &domain::validate::ProgramInput,
    security_course: bool,
    key: &str,
) -> Result<Program, ApiError> {
    #[derive(serde::Serialize)]
    struct NewProgram<'a> {
        #[serde(flatten)]
        input: &'a domain::validate::ProgramInput,
        security_course: &'static str,
    }
    let body = NewProgram {
        input,
        security_course: if security_course { "true" } else { "false" },
    };
    send(Method::Post, "/api/v1/programs", Some(&body), Some(key)).await
}
