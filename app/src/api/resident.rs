//! The resident's typed calls: reference data for the onboarding form, registration and the
//! profile, matches, interest, engagements and the account's data.

use domain::api::MyMatchCards;
use domain::model::Region;
use domain::onboarding::SavedProfile;
use domain::profile_summary::ProfileSummary;
use domain::resident_view::DeleteConfirmation;
use domain::validate::ResidentInput;

use super::{ApiError, Method, Unread, encode, get, get_unread, send};

/// The path of the region new residents join (read whole or unread).
const DEFAULT_REGION: &str = "/api/v1/regions/default";

/// The region new residents join: its municipalities for "where I live".
pub async fn default_region() -> Result<Region, ApiError> {
    get(DEFAULT_REGION).await
}

/// The onboarding queue's writes. It needs to know that each landed, not what it returned, and
/// leaving the answers unread keeps their readers (accounts, profiles, dates) out of the wasm of
/// the new resident's first view: about a tenth of it.
pub mod onboarding {
    use domain::validate::{LoginInput, RegisterInput, ResidentInput};
    use serde::de::IgnoredAny;

    use super::{ApiError, Method, send};

    pub async fn register(input: &RegisterInput, key: &str) -> Result<(), ApiError> {
        send::<_, IgnoredAny>(Method::Post, "/api/v1/accounts", Some(input), Some(key))
            .await
            .map(drop)
    }

    pub async fn log_in(input: &LoginInput) -> Result<(), ApiError> {
        send::<_, IgnoredAny>(Method::Post, "/api/v1/sessions", Some(input), None)
            .await
            .map(drop)
    }

    pub async fn save_profile(input: &ResidentInput, key: &str) -> Result<(), ApiError> {
        send::<_, IgnoredAny>(Method::Put, "/api/v1/me/profile", Some(input), Some(key))
            .await
            .map(drop)
    }
}

/// My profile as the form edits it (`SavedProfile`: no track record, verifications or dates),
/// read where the form is (the profile's editor chunk).
pub async fn profile() -> Result<Unread<SavedProfile>, ApiError> {
    get_unread("/api/v1/me/profile").await
}

/// My profile in words, part by part: what `/me/profile` shows first.
pub async fn profile_summary() -> Result<ProfileSummary, ApiError> {
    get("/api/v1/me/profile?view=summary").await
}

/// The region's municipalities, read where they are used (the profile's editor chunk).
pub async fn default_region_unread() -> Result<Unread<Region>, ApiError> {
    get_unread(DEFAULT_REGION).await
}

/// Saves my profile; the answer is read as the form edits it.
pub async fn save_profile(input: &ResidentInput, key: &str) -> Result<SavedProfile, ApiError> {
    send(Method::Put, "/api/v1/me/profile", Some(input), Some(key)).await
}

/// A page of my matches in the cards' form (`?view=card`: what a card shows, no whole job).
pub async fn matches(offset: usize, limit: usize) -> Result<MyMatchCards, ApiError> {
    get(&format!(
        "/api/v1/me/matches?offset={offset}&limit={limit}&view=card"
    ))
    .await
}

/// A job's title (the whole job is not read: see `JobTitleOnly`).
pub async fn job_title(id: &str) -> Result<String, ApiError> {
    get::<domain::api::JobTitleOnly>(&format!("/api/v1/jobs/{}", encode(id)))
        .await
        .map(|j| j.title)
}

/// "興味あり" on a job: the answer is read for where the new engagement stands only.
pub async fn show_interest(
    job: &str,
    key: &str,
) -> Result<domain::resident_view::EngagementStage, ApiError> {
    let path = format!("/api/v1/jobs/{}/interest", encode(job));
    send::<(), _>(Method::Post, &path, None, Some(key)).await
}

/// The courses a municipality put me on (my inbox's invitations).
pub async fn courses() -> Result<Vec<domain::city::CourseOfferBrief>, ApiError> {
    get("/api/v1/me/courses").await
}

/// Accepts (`accept`) or declines (`decline`) a course invitation.
pub async fn decide_course(
    program: &str,
    decision: &str,
    key: &str,
) -> Result<domain::city::CourseOfferBrief, ApiError> {
    let path = format!("/api/v1/me/courses/{}", encode(program));
    let body = domain::city::CourseDecision {
        decision: domain::validate::Raw(decision.to_owned()),
    };
    send(Method::Post, &path, Some(&body), Some(key)).await
}

/// My inbox, worked out by the server from my engagements.
pub async fn inbox() -> Result<domain::resident_view::MyInbox, ApiError> {
    get("/api/v1/me/inbox").await
}

/// My engagements as the list of engagements reads them (stage, job, mutual interest, terms).
pub async fn engagements() -> Result<Vec<domain::resident_view::EngagementCard>, ApiError> {
    get("/api/v1/me/engagements").await
}

/// Erases the account and its personal data (the server asks for `{"confirm":"DELETE"}`).
pub async fn delete_me() -> Result<(), ApiError> {
    let body = DeleteConfirmation::default();
    send::<_, serde::de::IgnoredAny>(Method::Delete, "/api/v1/me", Some(&body), None)
        .await
        .map(drop)
}

/// Retries a read that got no answer, waiting 1 s, 2 s, then 4 s: a weak connection often
/// recovers within seconds. Server errors are returned at once.
pub async fn with_retries<T, F, Fut>(call: F) -> Result<T, ApiError>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    let mut wait_ms = 1_000;
    loop {
        match call().await {
            Err(ApiError::Network) if wait_ms <= 4_000 => {
                sleep(wait_ms).await;
                wait_ms *= 2;
            }
            other => return other,
        }
    }
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A skill record's JSON text, unread (it is sent back verbatim to be verified): mine (freshly
/// signed) with `None`, a shared one by its public id.
pub async fn record_text(id: Option<&str>) -> Result<String, ApiError> {
    match id {
        None => super::get_text("/api/v1/me/record").await,
        Some(id) => super::get_text(&format!("/api/v1/records/{}", encode(id))).await,
    }
}

/// Asks the server whether the record, exactly as received (its JSON text), carries its signature.
pub async fn verify_record(signed: String) -> Result<domain::record::RecordCheck, ApiError> {
    super::send_text(Method::Post, "/api/v1/records/verify", signed).await
}

/// The confidentiality terms of one of my engagements, and where my acceptance stands.
pub async fn engagement_terms(
    engagement: &str,
) -> Result<domain::terms::EngagementTermsBrief, ApiError> {
    get(&format!("/api/v1/engagements/{}/terms", encode(engagement))).await
}

/// Accepts a version of the terms (an engagement event of mine).
pub async fn accept_terms(engagement: &str, version: u32, key: &str) -> Result<(), ApiError> {
    let path = format!("/api/v1/engagements/{}/events", encode(engagement));
    let kind = domain::engagement::EventKind::accept_terms(version);
    send::<_, serde::de::IgnoredAny>(Method::Post, &path, Some(&kind), Some(key))
        .await
        .map(drop)
}
