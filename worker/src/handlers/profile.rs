//! A resident's own profile and matches: `GET`/`PUT /api/v1/me/profile`,
//! `GET /api/v1/me/matches`.

use domain::account::Role;
use domain::api::{JobMatch, MyMatchCards, MyMatches};
use domain::matching::{Page, rank_jobs_for_resident};
use domain::model::{Resident, ResidentId};
use domain::validate::{ResidentInput, ValidationContext};
use domain::vocabulary::Taxonomy;
use worker::Response;

use crate::auth::{self, Session};
use crate::clock;
use crate::desk::wire::RankedMatches;
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::records;
use crate::store::Store;

async fn resident_session(ctx: &Ctx) -> ApiResult<Session> {
    auth::require_where(ctx, |s| s.role == Role::Resident).await
}

/// A resident's profile id is the account id: one profile per resident account.
fn profile_id(session: &Session) -> ResidentId {
    ResidentId(session.user.as_str().to_owned())
}

/// My profile as stored; with `?view=summary`, in words part by part, named with the region's
/// and the vocabulary's names (`domain::profile_summary`): what `/me/profile` shows first, so
/// that page reads one small answer and links no reader for a profile, a region or a vocabulary.
pub async fn get(ctx: &Ctx) -> ApiResult<Response> {
    let session = resident_session(ctx).await?;
    let in_words = chosen_view(ctx.query("view"), "summary")?;
    let store = ctx.store()?;
    let id = profile_id(&session);
    if in_words {
        let (profile, region) = futures_util::future::try_join(
            records::resident(&store, id.as_str()),
            records::region(&store, &session.region),
        )
        .await?;
        let profile = profile.ok_or(ApiError::NotFound)?;
        let summary = domain::profile_summary::profile_summary(
            &domain::onboarding::SavedProfile::from(&profile),
            &region,
            Taxonomy::builtin(),
        );
        return http::json_cached(ctx, &summary);
    }
    let profile = records::resident(&store, id.as_str())
        .await?
        .ok_or(ApiError::NotFound)?;
    http::json_cached(ctx, &profile)
}

/// Creates or replaces the own profile. All field errors come at once (422); verifications
/// that a course or the hub gave to a task the resident still lists are kept.
pub async fn put(ctx: &Ctx) -> ApiResult<Response> {
    let session = resident_session(ctx).await?;
    let input: ResidentInput = ctx.json()?;
    let store = ctx.store()?;
    let region = records::region(&store, &session.region).await?;
    let valid = input.validate(&ValidationContext::new(Taxonomy::builtin(), &region))?;
    let id = profile_id(&session);
    let existing = records::resident(&store, id.as_str()).await?;
    let mut profile = valid.into_resident(id, &region, clock::now());
    if let Some(old) = &existing {
        keep_history(&mut profile, old);
    }
    records::save_resident(&store, &profile).await?;
    http::json_status(if existing.is_some() { 200 } else { 201 }, &profile)
}

/// What the resident does not write: verifications, the track record and the first sign-up time.
fn keep_history(new: &mut Resident, old: &Resident) {
    new.created_at = old.created_at;
    new.track = old.track;
    for claim in &mut new.skills {
        if let Some(before) = old.skills.iter().find(|c| c.task == claim.task) {
            domain::verification::keep_verification(before, claim);
        }
    }
}

/// Open jobs ranked for me, each with the reasons of its score, one page at a time; with
/// `?view=card`, each as its card shows it (the resident's first screen).
pub async fn matches(ctx: &Ctx) -> ApiResult<Response> {
    let session = resident_session(ctx).await?;
    let page = records::page_of(ctx.query("offset"), ctx.query("limit"))?;
    let as_cards = chosen_view(ctx.query("view"), "card")?;
    let store = ctx.store()?;
    // One more than the page, to tell whether there are more.
    let probe = Page {
        offset: page.offset,
        limit: page.limit + 1,
    };
    // Ranked in the desk, where the marks of my profile and of the region's open jobs are (only
    // the page travels; where my engagements stand comes with it, so a card says "興味あり"
    // was sent), and the region, at once.
    let desk = store.desk(session.region.as_str())?;
    let (ranked, region) = futures_util::future::try_join(
        records::facts::ranked_jobs(&desk, profile_id(&session), session.region.clone(), probe),
        records::region(&store, &session.region),
    )
    .await?;
    let ranked = match ranked {
        Some(ranked) => ranked,
        None => rank_from_profile(&store, &session, probe).await?,
    };
    let has_more = ranked.ranked.len() > page.limit;
    let ranked_jobs: Vec<_> = ranked.ranked.into_iter().take(page.limit).collect();
    let ids: Vec<_> = ranked_jobs.iter().map(|r| r.job.clone()).collect();
    // Only the page's jobs are read in full.
    let full = records::open_jobs_by_id(&store, &ids).await?;
    let mut items = ranked_jobs
        .into_iter()
        .filter_map(|r| {
            let job = full.iter().find(|j| j.id == r.job)?.clone();
            let town = job
                .place
                .municipality()
                .and_then(|m| region.municipalities.iter().find(|x| &x.id == m))
                .map_or_else(|| domain::model::Localized::new("", ""), |m| m.name.clone());
            Some(JobMatch {
                place: Some(job.place.label(&town)),
                facts: domain::resident_view::card_facts(&job, Taxonomy::builtin()),
                job,
                score: r.score,
                sent: None,
            })
        })
        .collect::<Vec<_>>();
    domain::resident_view::mark_sent(&mut items, &ranked.stages);
    let page = MyMatches {
        items,
        offset: page.offset,
        limit: page.limit,
        has_more,
        excluded: ranked.excluded,
    };
    if as_cards {
        http::json_cached(ctx, &MyMatchCards::of(&page))
    } else {
        http::json_cached(ctx, &page)
    }
}

/// My matches ranked here, from my profile and the open jobs' KV markers, while the desk lacks
/// the mark of my profile or of an open job (saved before the marks; a profile not saved yet
/// answers that it is missing).
async fn rank_from_profile(
    store: &Store,
    session: &Session,
    probe: Page,
) -> ApiResult<RankedMatches> {
    let mine = [profile_id(session).as_str().to_owned()];
    let (me, mut facts) = records::residents_with_facts(
        store,
        session.region.as_str(),
        &mine,
        records::facts::Extra::Matches,
    )
    .await?;
    let jobs = records::open_jobs_or_listed(store, &session.region, facts.open_jobs.take()).await?;
    let me = me.into_iter().next().ok_or_else(no_profile_yet)?;
    Ok(RankedMatches {
        ranked: rank_jobs_for_resident(&me, &jobs, Taxonomy::builtin(), probe),
        excluded: domain::resident_view::excluded_jobs(&me, &jobs),
        stages: facts
            .stages
            .into_iter()
            .map(|(_, job, stage)| (job, stage))
            .collect(),
    })
}

/// `?view=`: `other` (the matches' `card`, the profile's `summary`) → true, `full` (or none)
/// for the whole value → false.
fn chosen_view(view: Option<&str>, other: &'static str) -> ApiResult<bool> {
    match view {
        None | Some("full") => Ok(false),
        Some(v) if v == other => Ok(true),
        Some(_) => Err(ApiError::BadRequest {
            code: "bad_view",
            message: domain::model::Localized::new(
                format!("view には {other} か full を指定してください。"),
                format!("`view` must be {other} or full."),
            ),
        }),
    }
}

fn no_profile_yet() -> ApiError {
    ApiError::Conflict {
        code: "profile_missing",
        message: domain::model::Localized::new(
            "先にプロフィール（できること・働ける時間）を登録してください。",
            "Please fill in your profile (what you can do, when you can work) first.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::model::{UserId, Verification};
    use musubi_demo::{DemoConfig, DemoRegion};

    #[test]
    fn the_matches_view_is_card_or_full() {
        let card_view = |v| chosen_view(v, "card");
        assert!(!card_view(None).expect("none"));
        assert!(!card_view(Some("full")).expect("full"));
        assert!(card_view(Some("card")).expect("card"));
        assert!(chosen_view(Some("summary"), "summary").expect("summary"));
        assert!(chosen_view(Some("card"), "summary").is_err());
        match card_view(Some("Card")) {
            Err(ApiError::BadRequest { code, message }) => {
                assert_eq!(code, "bad_view");
                assert!(message.ja.contains("card") && message.en.contains("card"));
            }
            other => panic!("a view that is not card or full: {other:?}"),
        }
    }

    #[test]
    fn an_edit_keeps_verifications_track_and_sign_up_time() {
        let demo = DemoRegion::new(DemoConfig::default());
        let mut old = demo
            .residents()
            .find(|r| !r.skills.is_empty())
            .expect("a resident with skills");
        old.skills[0].verification = Some(Verification::Hub {
            coordinator: UserId("hub-1".into()),
            note: "見学".into(),
            at: old.created_at,
        });
        old.track.finished = 3;
        let mut new = old.clone();
        new.created_at = clock_later(&old);
        new.track = Default::default();
        for s in &mut new.skills {
            s.verification = None;
        }
        keep_history(&mut new, &old);
        assert_eq!(new.created_at, old.created_at);
        assert_eq!(new.track.finished, 3);
        assert_eq!(new.skills[0].verification, old.skills[0].verification);
    }

    fn clock_later(r: &Resident) -> chrono::DateTime<chrono::Utc> {
        r.created_at + chrono::TimeDelta::days(30)
    }
}
