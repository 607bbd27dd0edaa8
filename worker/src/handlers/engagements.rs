//! Engagements (伴走), append-only: interest from either side, the events that follow (trial,
//! check-ins, renewals, …), and what each party may see. The events and each engagement's state
//! live in the region's desk (`records::engagements`), which applies each event to the state in
//! one transaction, so two parties posting at the same moment both land, one after the other.

use domain::account::Role as AccountRole;
use domain::api::Contacts;
use domain::engagement::{
    self, Actor, EngagementEvent, EngagementState, EventId, EventKind, Role, Side, Viewer,
    needs_terms, pipeline_column,
};
use domain::model::{EngagementId, Job, Localized, ResidentId};
use domain::resident_view::{InboxEntry, MyEngagement, MyInbox};
use domain::terms::{EngagementTerms, check_acceptance};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use worker::Response;

use crate::auth::{self, Session, crypto};
use crate::clock;
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::pseudonym::CardKey;
use crate::records::{self, engagements};
use crate::store::{Store, keys};

/// The engagement of a job and a resident has one id, whoever starts it.
pub fn engagement_id(job: &Job, resident: &ResidentId) -> EngagementId {
    let digest = Sha256::digest(format!("{}\n{}", job.id, resident));
    EngagementId(format!("e{}", crypto::hex(&digest[..12])))
}

/// The engagement role of an account.
/// Which side of an engagement an account reads it as.
fn viewer_of(role: &AccountRole) -> Viewer {
    match role {
        AccountRole::Resident => Viewer::Resident,
        // A municipality is never a party (`party_to`); if it were, it would read the least.
        AccountRole::CompanyMember { .. } | AccountRole::MunicipalityStaff { .. } => {
            Viewer::Company
        }
        AccountRole::Hub { .. } | AccountRole::Admin => Viewer::Hub,
    }
}

pub fn actor_role(role: &AccountRole) -> Role {
    match role {
        AccountRole::Resident => Role::Resident,
        AccountRole::CompanyMember { .. } => Role::Company,
        AccountRole::MunicipalityStaff { .. } => Role::Municipality,
        AccountRole::Hub { .. } => Role::Hub,
        AccountRole::Admin => Role::Admin,
    }
}

/// Event ids sort by time, so a prefix listing comes back in posting order.
fn new_event_id(at_millis: i64) -> ApiResult<EventId> {
    let nonce = crypto::hex(&crypto::random_bytes(6)?);
    Ok(EventId(format!("{at_millis:013}-{nonce}")))
}

/// Shows one side's interest, opening the engagement when it is new. The opening `Proposed`
/// event has a fixed id, so both sides opening at once write the same key.
async fn show_interest(
    ctx: &Ctx,
    session: &Session,
    job: &Job,
    resident: &ResidentId,
    side: Side,
) -> ApiResult<Response> {
    let desk = ctx.desk(job.region_id.as_str())?;
    let id = engagement_id(job, resident);
    let now = clock::now();
    // The opening `Proposed` event has a fixed id; the desk applies it only to a new engagement.
    let proposed = EngagementEvent {
        id: EventId("0000000000000-proposed".into()),
        engagement_id: id.clone(),
        at: now,
        actor: Actor {
            user: session.user.clone(),
            role: Role::System,
        },
        kind: EventKind::Proposed {
            job: job.id.clone(),
            company: job.company_id.clone(),
            resident: resident.clone(),
            needs_terms: needs_terms(job.data_access),
            hours_per_week: job.min_hours_per_person.max(1),
        },
    };
    let interest = EngagementEvent {
        id: new_event_id(now.timestamp_millis())?,
        engagement_id: id.clone(),
        at: now,
        actor: Actor {
            user: session.user.clone(),
            role: actor_role(&session.role),
        },
        kind: EventKind::InterestShown { side },
    };
    let row = engagements::post(&desk, Some(proposed), interest).await?;
    let cards = CardKey::of_env(&ctx.env)?;
    http::json_status(
        201,
        &EngagementView::of(id, &row.state, row.rejected, session, &cards),
    )
}

/// `POST /api/v1/jobs/{id}/interest`: a resident is interested in a job.
pub async fn resident_interest(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require_where(ctx, |s| s.role == AccountRole::Resident).await?;
    let store = ctx.store()?;
    let job = records::job(&store, ctx.param("id")?).await?;
    let me = ResidentId(session.user.as_str().to_owned());
    show_interest(ctx, &session, &job, &me, Side::Resident).await
}

/// `POST /api/v1/jobs/{id}/talent/{card}/interest`: a company is interested in a talent card.
pub async fn company_interest(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let store = ctx.store()?;
    let job = records::job(&store, ctx.param("id")?).await?;
    if !session.role.is_member_of(&job.company_id) {
        return Err(ApiError::Forbidden);
    }
    records::ensure_approved(&store, &job.company_id).await?;
    // The card is the job's pseudonym of a resident (`pseudonym`); only someone on this job's
    // cards (`matching::hard_check`), never an account id.
    let resident_id = CardKey::of_env(&ctx.env)?
        .resident(&job.id, ctx.param("card")?)
        .ok_or(ApiError::NotFound)?;
    let resident = records::live_resident(&store, resident_id.as_str())
        .await?
        .ok_or(ApiError::NotFound)?;
    if domain::matching::hard_check(&job, &resident).is_err() {
        return Err(ApiError::NotFound);
    }
    show_interest(ctx, &session, &job, &resident_id, Side::Company).await
}

/// May this session see the engagement? Its resident, a member of its company, or its hub.
async fn party_to(session: &Session, store: &Store, state: &EngagementState) -> ApiResult<()> {
    let parties = state.parties.as_ref().ok_or(ApiError::NotFound)?;
    let is_party = match &session.role {
        AccountRole::Resident => session.user.as_str() == parties.resident.as_str(),
        AccountRole::CompanyMember { company } => {
            if *company != parties.company {
                return Err(ApiError::NotFound);
            }
            // Contacts, steps and terms reach the resident: only while the company is approved.
            records::ensure_approved(store, company).await?;
            true
        }
        AccountRole::Hub { region } => records::job(store, parties.job.as_str())
            .await
            .is_ok_and(|j| &j.region_id == region),
        AccountRole::Admin => true,
        AccountRole::MunicipalityStaff { .. } => false,
    };
    if is_party {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// What an engagement looks like to its parties; contact details only once interest is mutual.
#[derive(Debug, Serialize, Deserialize)]
pub struct EngagementView {
    pub id: EngagementId,
    pub stage: domain::engagement::Stage,
    pub column: Option<domain::engagement::PipelineStage>,
    pub contact_revealed: bool,
    pub state: domain::engagement::EngagementState,
    pub rejected: usize,
    /// The job's title, in the resident's own list (`GET /me/engagements`), so that each card
    /// names its job without a request of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
}

impl EngagementView {
    /// The engagement as `session`'s side may read it (`EngagementState::as_seen_by`). A company
    /// reads the resident as the job's card pseudonym, never the account id.
    fn of(
        id: EngagementId,
        full: &EngagementState,
        rejected: u32,
        session: &Session,
        cards: &CardKey,
    ) -> Self {
        let viewer = viewer_of(&session.role);
        let mut state = full.as_seen_by(viewer);
        if viewer == Viewer::Company
            && let Some(p) = state.parties.as_mut()
        {
            p.resident = cards.card(&p.job, &p.resident);
        }
        EngagementView {
            id,
            stage: full.stage,
            column: pipeline_column(full),
            contact_revealed: full.contact_revealed(),
            state,
            rejected: usize::try_from(rejected).unwrap_or(usize::MAX),
            job_title: None,
        }
    }
}

#[derive(Debug, Serialize)]
struct EngagementWithContacts {
    #[serde(flatten)]
    view: EngagementView,
    contacts: Option<Contacts>,
}

pub async fn get(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let store = ctx.store()?;
    let id = ctx.param("id")?;
    let desk = ctx.desk(session.region.as_str())?;
    let row = engagements::get(&desk, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    party_to(&session, &store, &row.state).await?;
    // Contacts follow the job's data level now and the text the resident accepted.
    let now = records::terms_now(&store, &desk, &row.state).await?;
    let open = row.state.contacts_open(now.needs_now, now.accepted_current);
    let contacts = match (&row.state.parties, open) {
        (Some(p), true) => Some(contacts(&store, p).await?),
        _ => None,
    };
    let mut view = EngagementView::of(
        EngagementId(id.to_owned()),
        &row.state,
        row.rejected,
        &session,
        &CardKey::of_env(&ctx.env)?,
    );
    view.contact_revealed = open;
    http::json_cached(ctx, &EngagementWithContacts { view, contacts })
}

async fn contacts(store: &Store, p: &domain::engagement::Parties) -> ApiResult<Contacts> {
    // A deleted resident (tombstone) is never read again, so no stale copy can reveal them.
    // A deleted resident's engagements carry a forgotten id in the desk (`records::engagements::forget`).
    let deleted = domain::account::is_forgotten_id(p.resident.as_str())
        || records::is_gone(store, p.resident.as_str()).await?;
    let (resident, account) = if deleted {
        (None, None)
    } else {
        let account: Option<domain::account::Account> =
            store.get_json(&keys::account(p.resident.as_str())).await?;
        (
            records::resident(store, p.resident.as_str()).await?,
            account,
        )
    };
    let company: Option<domain::model::Company> =
        store.get_json(&keys::company(p.company.as_str())).await?;
    let (resident_name, resident_phone) =
        resident.map_or((String::new(), None), |r| (r.display_name, r.phone));
    Ok(Contacts {
        resident_name,
        resident_email: account.and_then(|a| a.email),
        resident_phone,
        resident_deleted: deleted,
        company_name: company.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
        company_contact: company.map(|c| c.contact_person).unwrap_or_default(),
    })
}

/// `POST /api/v1/engagements/{id}/events`: the next step (trial, check-in, renewal, …), by a
/// party whose role the domain allows for that kind of event.
pub async fn post_event(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let mut kind: EventKind = ctx.json()?;
    if matches!(
        kind,
        EventKind::Proposed { .. } | EventKind::InterestShown { .. }
    ) {
        return Err(ApiError::BadRequest {
            code: "use_interest_endpoint",
            message: Localized::new(
                "興味ありは仕事または人材カードの「興味あり」から送ってください。",
                "Show interest from the job or the talent card instead.",
            ),
        });
    }
    let role = actor_role(&session.role);
    if !engagement::allowed_roles(&kind).contains(&role) {
        return Err(ApiError::Forbidden);
    }
    let store = ctx.store()?;
    let id = ctx.param("id")?;
    let desk = ctx.desk(session.region.as_str())?;
    let before = engagements::get(&desk, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    party_to(&session, &store, &before.state).await?;
    // Only the terms in force can be accepted: what the resident read is what they agree to.
    // Whether terms are needed follows the job as it stands now; the exact text's hash goes into
    // the event, so the desk records the acceptance and its text in one transaction.
    if let EventKind::TermsAccepted { version, text_hash } = &mut kind
        && before.state.parties.is_some()
    {
        let now = records::terms_now(&store, &desk, &before.state).await?;
        let current = now.terms;
        check_acceptance(
            now.needs_now || before.state.needs_terms,
            current.version,
            *version,
        )
        .map_err(|e| ApiError::Conflict {
            code: e.code(),
            message: e.message(),
        })?;
        *text_hash = Some(records::terms_text_hash(&current));
    }
    // A trial needs the terms the job needs now, not only those it needed when the engagement
    // opened.
    if matches!(kind, EventKind::TrialStarted { .. }) && before.state.parties.is_some() {
        let now = records::terms_now(&store, &desk, &before.state).await?;
        domain::engagement::check_trial_start_terms(
            &before.state,
            now.needs_now,
            now.accepted_current,
        )
        .map_err(|e| ApiError::Conflict {
            code: "invalid_transition",
            message: e.message,
        })?;
    }
    let now = clock::now();
    // A next check-in the hub chose falls within the work's dates (tomorrow to its planned end).
    if let (
        EventKind::CheckIn {
            next_on: Some(day), ..
        },
        Some(parties),
    ) = (&kind, &before.state.parties)
    {
        let weeks = records::job(&store, parties.job.as_str())
            .await
            .ok()
            .map(|j| j.duration_weeks);
        let end = weeks.and_then(|w| domain::hub::planned_end(&before.state, w));
        domain::hub::check_next_checkin(*day, end, now)?;
    }
    let event = EngagementEvent {
        id: new_event_id(now.timestamp_millis())?,
        engagement_id: EngagementId(id.to_owned()),
        at: now,
        actor: Actor {
            user: session.user.clone(),
            role,
        },
        kind,
    };
    // The desk also writes the engagement's track mark in the event's transaction.
    let row = engagements::post(&desk, None, event).await?;
    http::json_status(
        201,
        &EngagementView::of(
            EngagementId(id.to_owned()),
            &row.state,
            row.rejected,
            &session,
            &CardKey::of_env(&ctx.env)?,
        ),
    )
}

/// `GET /api/v1/engagements/{id}/terms`: the confidentiality terms in force for the
/// engagement's company, and the version the resident accepted and when. Its parties only.
pub async fn terms(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let store = ctx.store()?;
    let id = ctx.param("id")?;
    let desk = ctx.desk(session.region.as_str())?;
    let row = engagements::get(&desk, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    party_to(&session, &store, &row.state).await?;
    let now = records::terms_now(&store, &desk, &row.state).await?;
    let s = &row.state;
    http::json_cached(
        ctx,
        &EngagementTerms {
            engagement: EngagementId(id.to_owned()),
            job_title: now.job.map(|j| j.title).unwrap_or_default(),
            needs_terms: now.needs_now || s.needs_terms,
            accepted_current: now.accepted_current,
            terms: now.terms,
            accepted_version: s.terms_version,
            accepted_at: s.terms_version_accepted_at,
        },
    )
}

/// My inbox, a resident's: what changed in my engagements and what needs me, newest first,
/// worked out here from their whole states as I may read them (`resident_view::inbox`, one desk
/// call), so that the page reads entries, not histories.
pub async fn my_inbox(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require_where(ctx, |s| s.role == AccountRole::Resident).await?;
    let party = engagements::party_of(&session.role, &session.user).ok_or(ApiError::Forbidden)?;
    let desk = ctx.desk(session.region.as_str())?;
    let rows = engagements::of(&desk, &party).await?;
    let titles = records::job_titles(&ctx.store()?, rows.iter().map(|r| &r.state)).await?;
    let mine: Vec<MyEngagement> = rows
        .into_iter()
        .map(|r| MyEngagement {
            id: r.id,
            state: r.state.as_seen_by(Viewer::Resident),
        })
        .collect();
    let items = domain::resident_view::inbox(&mine, clock::now())
        .into_iter()
        .map(|item| {
            let title = item.job.as_ref().and_then(|j| titles.get(j).cloned());
            InboxEntry::of(item, title)
        })
        .collect();
    http::json_cached(ctx, &MyInbox { items })
}

/// `GET /api/v1/me/engagements`: the engagements I take part in (resident or company member;
/// the hub, its region's).
pub async fn mine(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let party = engagements::party_of(&session.role, &session.user).ok_or(ApiError::Forbidden)?;
    if let AccountRole::CompanyMember { company } = &session.role {
        records::ensure_approved(&ctx.store()?, company).await?;
    }
    let desk = ctx.desk(session.region.as_str())?;
    let cards = CardKey::of_env(&ctx.env)?;
    let rows = engagements::of(&desk, &party).await?;
    // A resident's list names each job (a company's and the hub's lists have pages of their own).
    let titles = if session.role == AccountRole::Resident {
        records::job_titles(&ctx.store()?, rows.iter().map(|r| &r.state)).await?
    } else {
        Default::default()
    };
    let list: Vec<EngagementView> = rows
        .into_iter()
        .map(|r| {
            let mut view = EngagementView::of(r.id, &r.state, r.rejected, &session, &cards);
            view.job_title = (r.state.parties.as_ref()).and_then(|p| titles.get(&p.job).cloned());
            view
        })
        .collect();
    http::json_cached(ctx, &list)
}
