//! Loading and saving the records handlers share (region, residents, jobs, the match index), on
//! top of `Store`. Every save names its one writer in `store::keys`.

use domain::api::{Paged, TalentCard};
use std::collections::BTreeMap;

use domain::index::{IndexBuilder, IndexView, JobMark, Overlay, Row, TaskSpace};
use domain::matching::{Page, score};
use domain::model::{
    CompanyId, EngagementId, Job, JobId, JobStatus, Region, RegionId, Residency, Resident,
    ResidentId,
};
use domain::talent::{TalentFilter, with_trust};
use domain::terms::TermsDocument;
use domain::trust::{Trust, card_track};
use domain::verification::{SkillVerification, VerificationMark};
use domain::vocabulary::Taxonomy;

use crate::desk::Desk;

pub mod engagements;
pub mod enrolments;
pub mod facts;
pub mod fair_work;
pub mod scoping;
pub mod shortlist;
pub mod summary;
pub mod trust;
use crate::desk::wire::{Answer, Command, WorkerPage};
use crate::error::{ApiError, ApiResult};
use crate::store::{Store, keys};

/// How long a changed profile stays in the read-your-writes overlay: longer than the rebuild
/// interval of the index (the cron runs every 10 minutes).
pub const RECENT_SECS: u64 = 30 * 60;

pub async fn region(store: &Store, id: &RegionId) -> ApiResult<Region> {
    store
        .get_json(&keys::region(id.as_str()))
        .await?
        .ok_or(ApiError::NotFound)
}

/// A resident as everyone else sees it: the resident's own profile with the latest verification
/// per task (by the hub or a course, stored apart under `verif:`) laid over the skill claims.
/// Every read of a resident goes through here.
pub async fn resident(store: &Store, id: &str) -> ApiResult<Option<Resident>> {
    // The profile and its verifications at once: one round trip, not two.
    let profile_key = keys::resident(id);
    let (profile, verifications) = futures_util::future::try_join(
        store.get_json::<Resident>(&profile_key),
        verifications(store, id),
    )
    .await?;
    Ok(profile.map(|mut profile| {
        domain::verification::overlay(&mut profile, &verifications);
        profile
    }))
}

/// A resident's verifications, oldest first (the key names sort by time within a task).
pub async fn verifications(store: &Store, id: &str) -> ApiResult<Vec<SkillVerification>> {
    let keys = store.list_keys(&keys::verifications_prefix(id)).await?;
    let found = futures_util::future::try_join_all(keys.iter().map(|k| store.get_json(k))).await?;
    Ok(found.into_iter().flatten().collect())
}

pub async fn job(store: &Store, id: &str) -> ApiResult<Job> {
    store
        .get_json(&keys::job(id))
        .await?
        .ok_or(ApiError::NotFound)
}

/// The titles of the jobs `states` are about, by job id: one bulk read (per 100 jobs) of the
/// jobs' records, so that a list of engagements names its jobs without a request per card. A
/// job whose record is gone is named by nothing.
pub async fn job_titles<'a>(
    store: &Store,
    states: impl Iterator<Item = &'a domain::engagement::EngagementState>,
) -> ApiResult<BTreeMap<JobId, String>> {
    let mut ids: Vec<JobId> = states
        .filter_map(|s| s.parties.as_ref().map(|p| p.job.clone()))
        .collect();
    ids.sort();
    ids.dedup();
    let keys: Vec<String> = ids.iter().map(|id| keys::job(id.as_str())).collect();
    let jobs = store
        .get_many_json::<domain::api::JobTitleOnly>(&keys)
        .await?;
    Ok(ids
        .into_iter()
        .zip(&keys)
        .filter_map(|(id, key)| Some((id, jobs.get(key)?.title.clone())))
        .collect())
}

/// The task space every index row is made in: the built-in taxonomy's bits.
pub fn task_space() -> ApiResult<TaskSpace> {
    TaskSpace::from_taxonomy(Taxonomy::builtin()).map_err(ApiError::internal)
}

/// The list metadata of a resident's membership marker: the profile's packed index row
/// (`Row::encode`), so that the index rebuild reads no profile. `None` if the profile names a
/// task outside the task space (then the rebuild reads the profile, and reports it).
pub fn resident_marker_metadata(r: &Resident, space: &TaskSpace) -> Option<serde_json::Value> {
    let row = Row::of(r, space).ok()?;
    Some(serde_json::Value::String(row.encode(space)))
}

/// Saves a resident's own profile, its membership markers (the resident marker carrying the
/// packed index row as list metadata), and a recent-change marker so that matching sees the
/// change before the next index rebuild. Writer: that resident.
pub async fn save_resident(store: &Store, r: &Resident) -> ApiResult<()> {
    let region = r.region_id.as_str();
    let id = r.id.as_str();
    let row = resident_marker_metadata(r, &task_space()?);
    // Where the resident lives, counted for coarsening cards' places: the old place's marker
    // goes when it changed.
    let before = resident(store, id).await?;
    if let Some(old) = before.as_ref().and_then(|b| b.municipality_id.as_ref())
        && r.municipality_id.as_ref() != Some(old)
    {
        store
            .delete(&keys::member(
                region,
                &keys::lives_in_kind(old.as_str()),
                id,
            ))
            .await?;
    }
    if let Some(m) = &r.municipality_id {
        store
            .put_text(
                &keys::member(region, &keys::lives_in_kind(m.as_str()), id),
                "",
                None,
            )
            .await?;
    }
    store.put_json(&keys::resident(id), r).await?;
    store
        .put_with_metadata(&keys::member(region, "resident", id), "", row, None)
        .await?;
    if r.residency == Residency::Related {
        store
            .put_text(&keys::member(region, "related", id), "", None)
            .await?;
    } else {
        store.delete(&keys::member(region, "related", id)).await?;
    }
    store
        .put_text(&keys::recent_resident(region, id), "", Some(RECENT_SECS))
        .await?;
    // What the region's views count of the profile, in the region's desk.
    facts::save_resident(&store.desk(region)?, r).await
}

/// The residents changed since the last rebuild, for `IndexView::rank`: one list, their
/// profiles in one bulk read and their verifications in one desk call.
pub async fn overlay(store: &Store, region: &str) -> ApiResult<Overlay> {
    let mut overlay = Overlay::default();
    let prefix = keys::recent_resident_prefix(region);
    let ids = store.list_suffixes(&prefix).await?;
    let found = residents_by_id(store, region, &ids).await?;
    for id in ids {
        match found.iter().find(|r| r.id.as_str() == id) {
            Some(r) => overlay.upsert(r.clone()),
            None => overlay.delete(ResidentId(id)),
        }
    }
    Ok(overlay)
}

/// Residents of a region as everyone else sees them (`resident`), many at once: their profiles
/// in one bulk read (per 100) and their verifications from the region's desk in one call.
pub async fn residents_by_id(
    store: &Store,
    region: &str,
    ids: &[String],
) -> ApiResult<Vec<Resident>> {
    Ok(
        residents_with_facts(store, region, ids, facts::Extra::Nothing)
            .await?
            .0,
    )
}

/// [`residents_by_id`] with the rest of what their cards need from the same desk call (track
/// records, trust facts, and what `extra` asks: how many live in each of their places, or where
/// their engagements stand).
pub async fn residents_with_facts(
    store: &Store,
    region: &str,
    ids: &[String],
    extra: facts::Extra,
) -> ApiResult<(Vec<Resident>, facts::CardFacts)> {
    if ids.is_empty() {
        return Ok((Vec::new(), facts::CardFacts::default()));
    }
    let desk = store.desk(region)?;
    let (profiles, facts) = futures_util::future::try_join(
        profiles(store, ids),
        facts::cards(
            &desk,
            ids.iter().map(|id| ResidentId(id.clone())).collect(),
            Vec::new(),
            extra,
        ),
    )
    .await?;
    Ok((
        crate::desk::views::with_verifications(profiles, &facts.verifications),
        facts,
    ))
}

/// [`residents_with_facts`] without anyone who deleted the account (a read that could show a
/// person to someone else, like [`live_resident`]): the tombstones in one more bulk read.
pub async fn live_residents_with_facts(
    store: &Store,
    region: &str,
    ids: &[String],
    extra: facts::Extra,
) -> ApiResult<(Vec<Resident>, facts::CardFacts)> {
    let (gone, (residents, facts)) = futures_util::future::try_join(
        deleted_among(store, ids.iter().map(String::as_str)),
        residents_with_facts(store, region, ids, extra),
    )
    .await?;
    Ok((alive(residents, &gone), facts))
}

/// Residents as ranking reads them from their profiles (one bulk read per 100), for those the
/// desk keeps no ranking mark of (`desk::views::PlacementInputs::take_residents`). No tombstone
/// is read: a placement names no one, and the deletion's desk step (`ForgetParty`) takes a
/// deleted resident out of the graduates.
pub async fn residents_for_ranking(store: &Store, ids: &[ResidentId]) -> ApiResult<Vec<Resident>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = ids.iter().map(|id| id.0.clone()).collect();
    profiles(store, &ids).await
}

/// The profiles of these residents that exist, in the order of `ids`.
async fn profiles(store: &Store, ids: &[String]) -> ApiResult<Vec<Resident>> {
    let profile_keys: Vec<String> = ids.iter().map(|id| keys::resident(id)).collect();
    let mut found = store.get_many_json::<Resident>(&profile_keys).await?;
    Ok(profile_keys
        .iter()
        .filter_map(|k| found.remove(k))
        .collect())
}

fn alive(residents: Vec<Resident>, gone: &std::collections::BTreeSet<&str>) -> Vec<Resident> {
    residents
        .into_iter()
        .filter(|r| !gone.contains(r.id.as_str()))
        .collect()
}

/// Which of these accounts were deleted (a tombstone `gone:{id}`): one bulk KV read.
async fn deleted_among<'a>(
    store: &Store,
    ids: impl Iterator<Item = &'a str>,
) -> ApiResult<std::collections::BTreeSet<&'a str>> {
    let wanted: BTreeMap<String, &str> = ids.map(|id| (keys::gone(id), id)).collect();
    let keys: Vec<String> = wanted.keys().cloned().collect();
    let found = store.get_many_json::<serde_json::Value>(&keys).await?;
    Ok(wanted
        .into_iter()
        .filter(|(key, _)| found.contains_key(key))
        .map(|(_, id)| id)
        .collect())
}

/// The open jobs of a region as ranking sees them (`JobMark::into_job`: title and description
/// empty), of one company when given: from the region's desk (one call), or, while it does not
/// know every job's facts, from the list metadata of the jobs' KV markers
/// ([`open_jobs_or_listed`]).
pub async fn open_jobs_for_ranking(
    store: &Store,
    desk: &Desk,
    region: &RegionId,
    company: Option<&CompanyId>,
) -> ApiResult<Vec<Job>> {
    let marks = facts::open_jobs(desk, company.cloned()).await?;
    let jobs = open_jobs_or_listed(store, region, marks).await?;
    Ok(match company {
        Some(company) => jobs
            .into_iter()
            .filter(|j| j.company_id == *company)
            .collect(),
        None => jobs,
    })
}

/// Hands a page built after `Desk::kept_page` answered `stamp` to the desk, kept until one of
/// the rows it was built from changes (`desk::kept`).
pub async fn keep_page(
    desk: &Desk,
    page: WorkerPage,
    stamp: String,
    json: String,
) -> ApiResult<()> {
    match desk.call(&Command::KeepPage { page, stamp, json }).await? {
        Answer::Done => Ok(()),
        other => Err(facts::unexpected(other)),
    }
}

/// The open jobs of a region with everything ranking reads and their titles (what a cohort's
/// placement shows): as the desk answered them (`desk::views::PlacementInputs::take_jobs`), or,
/// while it does not know every job's facts (`None`), listed from their KV markers and read in
/// full.
pub async fn open_jobs_titled(
    store: &Store,
    region: &RegionId,
    from_desk: Option<Vec<Job>>,
) -> ApiResult<Vec<Job>> {
    if let Some(jobs) = from_desk {
        return Ok(jobs);
    }
    let listed = open_jobs_or_listed(store, region, None).await?;
    let ids: Vec<JobId> = listed.into_iter().map(|j| j.id).collect();
    open_jobs_by_id(store, &ids).await
}

/// The open jobs to rank from their ranking facts as the desk keeps them
/// (`facts::CardFacts::open_jobs`), or listed from the KV markers when the desk has none: one KV
/// operation per 1,000 jobs, and one read for a marker without usable metadata (older data, or
/// a job too large for it).
pub async fn open_jobs_or_listed(
    store: &Store,
    region: &RegionId,
    from_desk: Option<Vec<(JobId, JobMark)>>,
) -> ApiResult<Vec<Job>> {
    if let Some(marks) = from_desk {
        return Ok(marks
            .into_iter()
            .map(|(id, mark)| mark.into_job(id, region.clone()))
            .collect());
    }
    let prefix = keys::member_prefix(region.as_str(), "job");
    let mut jobs = Vec::new();
    for (key, metadata) in store.list_with_metadata(&prefix).await? {
        let id = key.trim_start_matches(&prefix);
        match metadata.as_ref().and_then(JobMark::from_metadata) {
            Some(mark) => jobs.push(mark.into_job(JobId(id.to_owned()), region.clone())),
            None => {
                if let Some(job) = store.get_json(&keys::job(id)).await? {
                    jobs.push(job);
                }
            }
        }
    }
    Ok(jobs)
}

/// The jobs of a ranked page in full, in the given order; a job closed or removed since its
/// marker was listed is left out.
pub async fn open_jobs_by_id(store: &Store, ids: &[JobId]) -> ApiResult<Vec<Job>> {
    let keys: Vec<String> = ids.iter().map(|id| keys::job(id.as_str())).collect();
    // One bulk read for the page.
    let mut found = store.get_many_json::<Job>(&keys).await?;
    Ok(keys
        .iter()
        .filter_map(|k| found.remove(k))
        .filter(|job| job.status == JobStatus::Open)
        .collect())
}

/// Rebuilds a region's packed match index without reading a single profile or verification:
/// the resident markers carry each profile's packed row (`Row::decode`) and the `verif:` keys
/// carry what the index needs of each verification (`VerificationMark`), both as KV list
/// metadata, so the rebuild is one list per 1,000 residents, one per 1,000 verifications and
/// one write. A marker or verification without metadata (older data) costs one read.
pub async fn rebuild_index(store: &Store, region: &RegionId) -> ApiResult<usize> {
    let space = task_space()?;
    let prefix = keys::member_prefix(region.as_str(), "resident");
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    for (key, metadata) in store.list_with_metadata(&prefix).await? {
        let id = key.trim_start_matches(&prefix);
        let decoded = metadata
            .as_ref()
            .and_then(serde_json::Value::as_str)
            .and_then(|text| Row::decode(text, &space).ok());
        let row = match decoded {
            Some(row) => row,
            None => match store.get_json::<Resident>(&keys::resident(id)).await? {
                Some(r) => Row::of(&r, &space).map_err(ApiError::internal)?,
                None => continue,
            },
        };
        rows.insert(id.to_owned(), row);
    }
    let mut marks: BTreeMap<String, Vec<VerificationMark>> = BTreeMap::new();
    for (key, metadata) in store
        .list_with_metadata(keys::VERIFICATIONS_ALL_PREFIX)
        .await?
    {
        // `verif:{resident}:{task}:{millis}`; ids never contain `:`.
        let Some(resident) = key.split(':').nth(1) else {
            continue;
        };
        if !rows.contains_key(resident) {
            continue;
        }
        let mark = match metadata.and_then(|m| serde_json::from_value::<VerificationMark>(m).ok()) {
            Some(mark) => mark,
            None => match store.get_json::<SkillVerification>(&key).await? {
                Some(v) => v.mark(),
                None => continue,
            },
        };
        marks.entry(resident.to_owned()).or_default().push(mark);
    }
    let mut builder = IndexBuilder::new(region.clone(), space.clone());
    for (id, mut row) in rows {
        if let Some(mine) = marks.get(&id) {
            row.apply_verifications(&space, mine);
        }
        builder.push_row(ResidentId(id), row);
    }
    store
        .put_bytes(&keys::match_index(region.as_str()), &builder.to_bytes())
        .await?;
    Ok(builder.len())
}

/// The cron trigger's rebuild of the default region's index.
/// Rebuilds every region's match index (the cron), so a deleted or changed profile leaves
/// every region's index, not only the default one's.
pub async fn rebuild_all_indexes(env: &worker::Env) -> ApiResult<usize> {
    let store = Store::open(env)?;
    let mut regions = store.list_suffixes(&keys::region("")).await?;
    let default = crate::records::summary::default_region(env);
    if !regions.contains(&default) {
        regions.push(default);
    }
    let mut total = 0;
    for r in regions {
        total += rebuild_index(&store, &RegionId(r)).await?;
    }
    Ok(total)
}

/// Which residents of a region have a checked identity and a finished security course: one call
/// to the region's desk (`desk::views`, table `trust_fact`), whatever the region's size.
pub async fn trust(store: &Store, region: &RegionId) -> ApiResult<Trust> {
    facts::trust(&store.desk(region.as_str())?).await
}

/// Anonymous cards of these residents for a job from their facts
/// ([`residents_with_facts`]): each resident's track record with the engagements in musubi laid
/// on (`desk::views::cards`: the latest track mark of each of their engagements), scored, with
/// the trust facts, the place coarsened by how many live there.
pub fn talent_cards(
    job: &Job,
    residents: Vec<Resident>,
    facts: &facts::CardFacts,
    trust: &Trust,
) -> Vec<TalentCard> {
    let living_there = |m: &domain::model::MunicipalityId| {
        facts
            .living
            .get(m)
            .map_or(0, |n| usize::try_from(*n).unwrap_or(0))
    };
    let names = Taxonomy::builtin();
    residents
        .into_iter()
        .map(|mut r| {
            let in_musubi = facts.tracks.get(&r.id).copied().unwrap_or_default();
            r.track = card_track(r.track, in_musubi);
            let mut card = with_trust(TalentCard::new(&r, score(job, &r, names), names), trust);
            domain::talent::coarsen_place(&mut card, living_there);
            card
        })
        .collect()
}

/// The confidentiality terms in force for a company: the highest version it published (from
/// its region's desk), or the default template with its name (one read of the company).
pub async fn terms(store: &Store, desk: &Desk, company: &CompanyId) -> ApiResult<TermsDocument> {
    match desk
        .call(&Command::Terms {
            company: company.clone(),
        })
        .await?
    {
        Answer::Terms { doc: Some(doc) } => Ok(doc),
        Answer::Terms { doc: None } => default_terms(store, company).await,
        other => Err(ApiError::internal(format!("desk answered {other:?}"))),
    }
}

/// The default template of a company's terms, with its name.
pub async fn default_terms(store: &Store, company: &CompanyId) -> ApiResult<TermsDocument> {
    let name = store
        .get_json::<domain::model::Company>(&keys::company(company.as_str()))
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    Ok(domain::terms::default_terms(company, &name))
}

/// SHA-256 (hex) of a terms version's exact text: version, Japanese, English.
pub fn terms_text_hash(doc: &TermsDocument) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{}\n{}\n{}", doc.version, doc.body.ja, doc.body.en));
    crate::auth::crypto::hex(&digest)
}

/// Where an engagement's terms stand *now* ([`terms_now`]).
#[derive(Debug)]
pub struct TermsNow {
    /// The job as it stands needs accepted terms before contacts open.
    pub needs_now: bool,
    /// The text the resident accepted is the text in force (an acceptance kept before hashes
    /// were, counts as current).
    pub accepted_current: bool,
    /// The terms in force.
    pub terms: TermsDocument,
    /// The engagement's job, read on the way (gone when it was deleted).
    pub job: Option<Job>,
}

/// Where an engagement's terms stand now: one read of the job and one desk call, concurrently.
pub async fn terms_now(
    store: &Store,
    desk: &Desk,
    state: &domain::engagement::EngagementState,
) -> ApiResult<TermsNow> {
    let parties = state.parties.as_ref().ok_or(ApiError::NotFound)?;
    let (job, current) = futures_util::future::join(
        job(store, parties.job.as_str()),
        terms(store, desk, &parties.company),
    )
    .await;
    let current = current?;
    let job = job.ok();
    let needs_now = job
        .as_ref()
        .is_some_and(|j| domain::engagement::needs_terms(j.data_access));
    let accepted_current = domain::terms::accepted_current(
        state.terms_version,
        state.terms_text_hash.as_deref(),
        current.version,
        &terms_text_hash(&current),
    );
    Ok(TermsNow {
        needs_now,
        accepted_current,
        terms: current,
        job,
    })
}

/// A company's own prefecture (None when it gave none), for the minimum wage of on-site work.
pub async fn company_prefecture(store: &Store, company: &CompanyId) -> ApiResult<Option<u8>> {
    Ok(store
        .get_json::<domain::model::Company>(&keys::company(company.as_str()))
        .await?
        .map(|c| c.prefecture))
}

/// Anonymous talent cards for a job, best first, each with the reasons of its score, the
/// track record and the trust facts.
pub async fn talent(
    store: &Store,
    job: &Job,
    inputs: Option<RankInputs>,
    page: Page,
    filter: &TalentFilter,
) -> ApiResult<Paged<TalentCard>> {
    // The region's trust facts only when the filter asks for them; otherwise the page's come
    // with its residents (one desk call for the page).
    let asks_trust = !filter.trust().is_empty();
    let region_trust = if asks_trust {
        trust(store, &job.region_id).await?
    } else {
        Trust::default()
    };
    // Inputs read before the job was known are of the session's region: another region's
    // job, or an index not built yet, reads (and builds) them now.
    let inputs = match inputs {
        Some(inputs) if inputs.region == job.region_id => inputs,
        _ => rank_inputs(store, &job.region_id).await?,
    };
    let (ids, has_more) = ranked_ids_from(&inputs, job, page, filter, &region_trust)?;
    let (residents, facts) = residents_with_facts(
        store,
        job.region_id.as_str(),
        &ids,
        facts::Extra::HomePlaces,
    )
    .await?;
    let trust = if asks_trust {
        &region_trust
    } else {
        &facts.trust
    };
    let items = talent_cards(job, residents, &facts, trust);
    Ok(Paged {
        items,
        offset: page.offset,
        limit: page.limit,
        has_more,
    })
}

/// One page of the residents ranked for a job (the packed index merged with recent changes),
/// read concurrently: one round trip for the page instead of one per resident. Also says whether
/// another page follows.
pub async fn ranked_residents(
    store: &Store,
    job: &Job,
    page: Page,
) -> ApiResult<(Vec<Resident>, bool)> {
    ranked_residents_where(
        store,
        job,
        page,
        &TalentFilter::default(),
        &Trust::default(),
    )
    .await
}

/// `ranked_residents` of only those a company's filter admits (`domain::talent`).
pub async fn ranked_residents_where(
    store: &Store,
    job: &Job,
    page: Page,
    filter: &TalentFilter,
    trust: &Trust,
) -> ApiResult<(Vec<Resident>, bool)> {
    let (ids, has_more) = ranked_ids_where(store, job, page, filter, trust).await?;
    Ok((
        residents_by_id(store, job.region_id.as_str(), &ids).await?,
        has_more,
    ))
}

/// What ranking a region's residents reads: its packed index and the changes since it was
/// built ([`overlay`]).
pub struct RankInputs {
    region: RegionId,
    index: Vec<u8>,
    overlay: Overlay,
}

/// The [`RankInputs`] of `region`, read together; the index is rebuilt first when missing.
pub async fn rank_inputs(store: &Store, region: &RegionId) -> ApiResult<RankInputs> {
    let (index, overlay) = read_rank_inputs(store, region).await?;
    let index = match index {
        Some(index) => index,
        None => {
            rebuild_index(store, region).await?;
            store
                .get_bytes(&keys::match_index(region.as_str()))
                .await?
                .unwrap_or_default()
        }
    };
    Ok(RankInputs {
        region: region.clone(),
        index,
        overlay,
    })
}

/// The [`RankInputs`] of `region` if its index is built (reads only: a request may ask for
/// them before it is authorised).
pub async fn built_rank_inputs(store: &Store, region: &RegionId) -> ApiResult<Option<RankInputs>> {
    let (index, overlay) = read_rank_inputs(store, region).await?;
    Ok(index.map(|index| RankInputs {
        region: region.clone(),
        index,
        overlay,
    }))
}

/// The packed index (if built) and the changes since, read together.
async fn read_rank_inputs(
    store: &Store,
    region: &RegionId,
) -> ApiResult<(Option<Vec<u8>>, Overlay)> {
    futures_util::future::try_join(
        store.get_bytes(&keys::match_index(region.as_str())),
        overlay(store, region.as_str()),
    )
    .await
}

/// The ids of [`ranked_residents_where`]'s page, and whether another page follows.
async fn ranked_ids_where(
    store: &Store,
    job: &Job,
    page: Page,
    filter: &TalentFilter,
    trust: &Trust,
) -> ApiResult<(Vec<String>, bool)> {
    let inputs = rank_inputs(store, &job.region_id).await?;
    ranked_ids_from(&inputs, job, page, filter, trust)
}

/// [`ranked_ids_where`] from inputs already read.
fn ranked_ids_from(
    inputs: &RankInputs,
    job: &Job,
    page: Page,
    filter: &TalentFilter,
    trust: &Trust,
) -> ApiResult<(Vec<String>, bool)> {
    let RankInputs {
        index: bytes,
        overlay,
        ..
    } = inputs;
    let view = IndexView::from_bytes(bytes).map_err(ApiError::internal)?;
    // One more than asked tells whether another page follows.
    let probe = Page {
        offset: page.offset,
        limit: page.limit + 1,
    };
    let hits = if filter.is_empty() {
        view.rank(job, probe, overlay)
    } else {
        // The trust facts are not in the index: they come from the region's markers.
        let t = filter.trust();
        view.rank_where(
            job,
            probe,
            overlay,
            &|v, i| {
                filter.admits_row(v, i)
                    && (t.is_empty()
                        || v.id(i)
                            .is_some_and(|id| trust.admits(t, &ResidentId(id.to_owned()))))
            },
            &|r| filter.admits(r) && trust.admits(t, &r.id),
        )
    };
    let has_more = hits.len() > page.limit;
    let ids: Vec<String> = hits
        .iter()
        .take(page.limit)
        .map(|hit| hit.resident.as_str().to_owned())
        .collect();
    Ok((ids, has_more))
}

/// `?offset=&limit=` with defaults and bounds (`domain::matching::Page::parse`): out of range
/// or not a number is a 422 naming the field in both languages.
pub fn page_of(offset: Option<&str>, limit: Option<&str>) -> ApiResult<Page> {
    Ok(Page::parse(offset, limit)?)
}

/// 409 `company_not_approved` unless the hub's latest decision on the company is an approval:
/// every company action that reaches residents (talent, interest, shortlist, contacts, the
/// engagement steps, scoping answers) passes here, before approval and again after a rejection.
pub async fn ensure_approved(store: &Store, company: &domain::model::CompanyId) -> ApiResult<()> {
    let approval: Option<domain::model::Approval> =
        store.get_json(&keys::approval(company.as_str())).await?;
    if matches!(approval, Some(domain::model::Approval::Approved { .. })) {
        return Ok(());
    }
    Err(ApiError::Conflict {
        code: "company_not_approved",
        message: domain::model::Localized::new(
            "推進ハブによる企業の承認がまだです（または見送られました）。承認後に仕事の掲載と人材の閲覧ができます。",
            "The hub has not approved your company (or has declined it). After approval you can post work and see talent.",
        ),
    })
}

/// Has this account been deleted (`DELETE /api/v1/me`)? Its tombstone says so for good.
pub async fn is_gone(store: &Store, user_id: &str) -> ApiResult<bool> {
    Ok(store.get_text(&keys::gone(user_id)).await?.is_some())
}

/// A resident's profile for a read that could show the person to someone else: `None` once the
/// resident has deleted the account, even where a stale copy of the profile is still readable.
pub async fn live_resident(store: &Store, id: &str) -> ApiResult<Option<Resident>> {
    // The tombstone and the profile at once: one round trip, not two (a deleted resident, rare,
    // costs the profile's read for nothing).
    let (gone, found) =
        futures_util::future::try_join(is_gone(store, id), resident(store, id)).await?;
    Ok(found.filter(|_| !gone))
}

/// The names of residents of the hub's region: the tombstones and the profiles of them all in
/// two bulk reads (one KV operation per 100 residents each): the hub accompanies them and may see
/// their names; a deleted resident or one of another region gets none.
pub async fn resident_names<'a>(
    store: &Store,
    region: &RegionId,
    ids: impl Iterator<Item = &'a ResidentId>,
) -> ApiResult<BTreeMap<ResidentId, String>> {
    let distinct: std::collections::BTreeSet<&ResidentId> = ids.collect();
    let profiles: Vec<String> = distinct
        .iter()
        .map(|id| keys::resident(id.as_str()))
        .collect();
    let (gone, profiles) = futures_util::future::try_join(
        deleted_among(store, distinct.iter().map(|id| id.as_str())),
        store.get_many_json::<Resident>(&profiles),
    )
    .await?;
    Ok(profiles
        .into_values()
        .filter(|r| &r.region_id == region && !gone.contains(r.id.as_str()))
        .map(|r| (r.id, r.display_name))
        .collect())
}

/// Appends verifications of one resident and marks the resident changed, so that matching sees
/// them before the next index rebuild. Writers: the hub (`verify_skill`) and a course's
/// completion (`programs::complete`).
pub async fn save_verifications(
    store: &Store,
    resident: &Resident,
    records: &[SkillVerification],
) -> ApiResult<()> {
    let mut kept = Vec::with_capacity(records.len());
    for record in records {
        let key = keys::verification(
            resident.id.as_str(),
            record.task.as_str(),
            record.at().timestamp_millis(),
        );
        kept.push((key.clone(), record.clone()));
        // The metadata is what the index rebuild needs (task, level, time), so it reads no record.
        let mark = serde_json::to_value(record.mark()).ok();
        store
            .put_with_metadata(&key, &serde_json::to_string(record)?, mark, None)
            .await?;
    }
    store
        .put_text(
            &keys::recent_resident(resident.region_id.as_str(), resident.id.as_str()),
            "",
            Some(RECENT_SECS),
        )
        .await?;
    // What the region's views count of them, in the region's desk.
    facts::save_verifications(&store.desk(resident.region_id.as_str())?, kept).await
}

/// Stores a job and its markers: the region's open-job marker (with what ranking needs) or the
/// company's closed-job marker. Writers: the job's company, or the region's hub for it.
/// A company's profile, new or changed. Writer: its members. KV first (its own pages read
/// it there), then the region desk's copy that the hub's lists and cards read.
pub async fn save_company(store: &Store, company: &domain::model::Company) -> ApiResult<()> {
    store
        .put_json(&keys::company(company.id.as_str()), company)
        .await?;
    facts::save_company(&store.desk(company.region_id.as_str())?, company).await
}

/// The hub's decision on a company of its region. Writer: that hub. KV first
/// (`ensure_approved` reads it), then the desk's copy for the approval queue.
pub async fn save_approval(
    store: &Store,
    company: &domain::model::Company,
    approval: &domain::model::Approval,
) -> ApiResult<()> {
    store
        .put_json(&keys::approval(company.id.as_str()), approval)
        .await?;
    facts::decide_company(
        &store.desk(company.region_id.as_str())?,
        &company.id,
        approval,
    )
    .await
}

pub async fn save_job(store: &Store, job: &Job) -> ApiResult<()> {
    store.put_json(&keys::job(job.id.as_str()), job).await?;
    // What the region's views need of the job (its pay, its weeks), in the region's desk.
    facts::save_job(&store.desk(job.region_id.as_str())?, job).await?;
    let marker = keys::member(job.region_id.as_str(), "job", job.id.as_str());
    let closed = keys::closed_job(job.company_id.as_str(), job.id.as_str());
    match job.status {
        // The marker carries what ranking needs (`JobMark`), so `GET /me/matches` reads no job
        // but the page it returns.
        JobStatus::Open => {
            store
                .put_with_metadata(&marker, "", JobMark::metadata(job), None)
                .await
        }
        // The company lists its closed jobs by this marker (the open-job marker goes).
        JobStatus::Closed => {
            store.put_text(&closed, "", None).await?;
            store.delete(&marker).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_default_and_refuse_out_of_range() {
        let p = page_of(None, None).expect("defaults");
        assert_eq!((p.offset, p.limit), (0, 20));
        assert!(page_of(Some("40"), Some("1000")).is_err());
        assert!(page_of(None, Some("0")).is_err());
        assert!(page_of(Some("-1"), None).is_err());
        assert!(page_of(None, Some("ten")).is_err());
        assert!(page_of(Some("2000000000"), None).is_err());
    }
}

/// What the fair-work records need of an engagement (issue 19): its parties, job, dates and
/// state, read from the region's desk in one place.
#[derive(Debug, Clone)]
pub struct TermsBasis {
    pub engagement: EngagementId,
    pub job: Job,
    pub company: domain::model::Company,
    pub resident: ResidentId,
    /// The resident's name (empty once the account is deleted).
    pub resident_name: String,
    pub region: RegionId,
    pub state: domain::engagement::EngagementState,
    /// The day work started (trial start, else the day interest became mutual).
    pub started_on: Option<chrono::NaiveDate>,
    /// Contacts are open now (mutual interest and, where the job needs them, the
    /// confidentiality terms in force accepted): bank details may reach the paying party.
    pub contacts_open: bool,
}

/// Reads an engagement for the fair-work records; 404 when it has no parties, or its job or
/// company is gone.
pub async fn engagement_terms_basis(
    store: &Store,
    desk: &Desk,
    engagement: &str,
) -> ApiResult<TermsBasis> {
    let state = engagements::get(desk, engagement)
        .await?
        .ok_or(ApiError::NotFound)?
        .state;
    let parties = state.parties.clone().ok_or(ApiError::NotFound)?;
    let now = terms_now(store, desk, &state).await?;
    let job = now.job.ok_or(ApiError::NotFound)?;
    let company: domain::model::Company = store
        .get_json(&keys::company(parties.company.as_str()))
        .await?
        .ok_or(ApiError::NotFound)?;
    let resident_name = if is_gone(store, parties.resident.as_str()).await? {
        String::new()
    } else {
        resident(store, parties.resident.as_str())
            .await?
            .map(|r| r.display_name)
            .unwrap_or_default()
    };
    let started_on = state
        .trial_started_at
        .or(state.matched_at)
        .map(domain::metrics::jst_date);
    let contacts_open = state.contacts_open(now.needs_now, now.accepted_current);
    Ok(TermsBasis {
        engagement: EngagementId(engagement.to_owned()),
        region: job.region_id.clone(),
        job,
        company,
        resident: parties.resident,
        resident_name,
        state,
        started_on,
        contacts_open,
    })
}

/// Erases a party's fair-work profile (a resident's bank details) from its region's desk, as
/// account deletion does.
/// What the region's desk holds of a resident's fair work (payout profile, terms, reports,
/// endings, invoices), each with where it is kept, for the export.
pub async fn fair_documents(
    desk: &Desk,
    party: &str,
) -> ApiResult<Vec<(String, serde_json::Value)>> {
    let command = Command::Fair {
        command: crate::desk::fair_work::FairCommand::DocumentsAbout {
            party: party.to_owned(),
        },
    };
    match desk.call(&command).await? {
        Answer::Fair { fair } => match *fair {
            crate::desk::fair_work::FairAnswer::Documents { docs } => Ok(docs),
            other => Err(ApiError::internal(format!("desk answered {other:?}"))),
        },
        other => Err(ApiError::internal(format!("desk answered {other:?}"))),
    }
}

pub async fn erase_fair_profile(desk: &Desk, party: &str) -> ApiResult<()> {
    let command = Command::Fair {
        command: crate::desk::fair_work::FairCommand::EraseProfile {
            party: party.to_owned(),
        },
    };
    match desk.call(&command).await? {
        Answer::Fair { fair } if *fair == crate::desk::fair_work::FairAnswer::Done => Ok(()),
        other => Err(ApiError::internal(format!("desk answered {other:?}"))),
    }
}
