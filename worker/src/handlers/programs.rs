//! A municipality's programs — training courses (講座) that certify task kinds, support schemes
//! (支援制度) and coworking places: `POST`/`GET /api/v1/programs`, `PUT /api/v1/programs/{id}`;
//! course enrolment by CSV (`POST /api/v1/programs/{id}/enrolments`), course completion
//! (`POST /api/v1/programs/{id}/completions`, which verifies the course's task kinds) and the
//! region's metrics (`GET /api/v1/municipalities/{id}/metrics`, JSON or CSV).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use domain::account::Role;
use domain::city::{
    Completed, CompletionInput, CompletionResult, CourseDecision, CourseOffer, EnrolmentItem,
    EnrolmentList, EnrolmentResult, EnrolmentUpload, mask_contact,
};
use domain::metrics::{Period, csv_with_bom, fiscal_year, jst_date, to_csv_rows};
use domain::model::{Localized, Program, ProgramId, ProgramKind, Resident, UserId, Verification};
use domain::validate::{
    Contact, ErrorCode, FieldError, ProgramInput, Raw, ValidationContext, ValidationErrors,
    parse_enrolment_csv, validate_enrolment,
};
use domain::verification::SkillVerification;
use domain::vocabulary::Taxonomy;
use sha2::{Digest, Sha256};
use worker::{Headers, Response};

use crate::auth::{self, Session, crypto};
use crate::clock;
use crate::desk::KeptPage;
use crate::desk::views::placement_json;
use crate::desk::wire::{PageInputs, WorkerPage};
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::idempotency;
use crate::records::{
    self,
    enrolments::{self, Enrolment, Held, contact_hash, contact_hashes},
};
use crate::store::{Store, keys};
use domain::trust::SecurityCourseFlag;
use domain::validate::is_opaque_id;

/// New enrolments one upload may write. The upload is one desk transaction; the cap bounds how
/// long it holds the region's desk and how large one request may be.
pub const MAX_NEW_ENROLMENTS: usize = 900;
/// Writes one completion request may make (a verification per resident and task, a marker per
/// resident), under the same limit.
pub const MAX_COMPLETION_WRITES: usize = 800;

/// The membership marker kind of a program (`idx:{region}:{kind}:{id}`).
fn marker_kind(kind: &ProgramKind) -> &'static str {
    match kind {
        ProgramKind::Course { .. } => "course",
        ProgramKind::SupportScheme { .. } => "scheme",
        ProgramKind::Coworking { .. } => "coworking",
    }
}
#[cfg(test)]
const MARKER_KINDS: [&str; 3] = ["course", "scheme", "coworking"];

async fn staff_session(ctx: &Ctx) -> ApiResult<Session> {
    auth::require_where(ctx, |s| matches!(s.role, Role::MunicipalityStaff { .. })).await
}

/// A new program's id: derived from the Idempotency-Key when there is one, so that a retried post
/// writes the same program again.
fn new_program_id(ctx: &Ctx, session: &Session) -> ApiResult<ProgramId> {
    let seed = match idempotency::key_of(ctx)? {
        Some(key) => Sha256::digest(format!("{}\n{key}", session.user)).to_vec(),
        None => crypto::random_bytes(16)?,
    };
    Ok(ProgramId(format!("p{}", crypto::hex(&seed[..12]))))
}

/// Saves a program and its membership marker (moving the marker if the kind changed). Writer:
/// the program's municipality.
async fn save(store: &Store, program: &Program, old: Option<&Program>) -> ApiResult<()> {
    let region = program.region_id.as_str();
    let id = program.id.as_str();
    store.put_json(&keys::program(id), program).await?;
    let kind = marker_kind(&program.kind);
    if let Some(old) = old
        && marker_kind(&old.kind) != kind
    {
        store
            .delete(&keys::member(region, marker_kind(&old.kind), id))
            .await?;
    }
    store
        .put_text(&keys::member(region, kind, id), "", None)
        .await?;
    // The region's list of programs, in its desk.
    records::facts::save_program(&store.desk(region)?, program).await
}

async fn program(store: &Store, id: &str) -> ApiResult<Program> {
    store
        .get_json(&keys::program(id))
        .await?
        .ok_or(ApiError::NotFound)
}

/// The program of the path, if the session is staff of its municipality (else 403).
async fn managed_program(ctx: &Ctx, store: &Store) -> ApiResult<(Session, Program)> {
    let session = staff_session(ctx).await?;
    let program = program(store, ctx.param("id")?).await?;
    if !session.role.is_staff_of(&program.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    Ok((session, program))
}

fn certified_tasks(program: &Program) -> ApiResult<&[domain::model::TaskKindId]> {
    match &program.kind {
        ProgramKind::Course { certifies, .. } => Ok(certifies),
        _ => Err(ApiError::Conflict {
            code: "not_a_course",
            message: Localized::new(
                "講座ではないため、受講者の登録や修了の記録はできません。",
                "This program is not a course, so it has no participants or completions.",
            ),
        }),
    }
}

/// `POST /api/v1/programs`: staff of a municipality adds a program of that municipality.
pub async fn create(ctx: &Ctx) -> ApiResult<Response> {
    let session = staff_session(ctx).await?;
    let input: ProgramInput = ctx.json()?;
    let store = ctx.store()?;
    let region = records::region(&store, &session.region).await?;
    let valid = input.validate(&ValidationContext::new(Taxonomy::builtin(), &region))?;
    if !session.role.is_staff_of(&valid.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    let mut program = valid.into_program(new_program_id(ctx, &session)?, &region);
    let flag: SecurityCourseFlag = ctx.json()?;
    flag.apply(&mut program, false);
    save(&store, &program, None).await?;
    http::json_status(201, &program)
}

/// `PUT /api/v1/programs/{id}`: replaces a program; only staff of its municipality, and it stays
/// with a municipality they are staff of.
pub async fn update(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (session, old) = managed_program(ctx, &store).await?;
    let input: ProgramInput = ctx.json()?;
    let region = records::region(&store, &old.region_id).await?;
    let valid = input.validate(&ValidationContext::new(Taxonomy::builtin(), &region))?;
    if !session.role.is_staff_of(&valid.municipality_id) {
        return Err(ApiError::Forbidden);
    }
    // A form that does not send the security-course flag keeps it as it was.
    let mut program = valid.into_program(old.id.clone(), &region);
    let flag: SecurityCourseFlag = ctx.json()?;
    flag.apply(&mut program, old.security_course);
    save(&store, &program, Some(&old)).await?;
    http::json_status(200, &program)
}

/// `GET /api/v1/programs`: the programs of the session's region (anyone logged in).
pub async fn list(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let store = ctx.store()?;
    http::json_cached(ctx, &region_programs(&store, &session.region).await?)
}

/// Every program of a region, courses first: one desk call (`desk::views`).
async fn region_programs(
    store: &Store,
    region: &domain::model::RegionId,
) -> ApiResult<Vec<Program>> {
    records::facts::programs(&store.desk(region.as_str())?).await
}

fn too_many(field: &str, max: usize) -> ApiError {
    ApiError::from(ValidationErrors(vec![FieldError {
        field: field.to_owned(),
        code: ErrorCode::TooMany,
        message: Localized::new(
            format!("1回に登録できるのは{max}件までです。分けて送ってください。"),
            format!("At most {max} at a time. Please send them in parts."),
        ),
    }]))
}

/// `POST /api/v1/programs/{id}/enrolments` with `{"csv": "…"}` (UTF-8, Japanese headers
/// 氏名, メール/電話, 講座; a blank 講座 means this course). Every row is validated before anything
/// is written (422 naming row and column); a person already enrolled is not written again.
/// `?preview=1` answers the rows as read and what an import would do, and writes nothing.
pub async fn enrol(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (session, program) = managed_program(ctx, &store).await?;
    certified_tasks(&program)?;
    let upload: EnrolmentUpload = ctx.json()?;
    let mut rows = parse_enrolment_csv(&upload.csv);
    for row in &mut rows {
        if row.course.is_blank() {
            row.course = Raw(program.id.as_str().to_owned());
        }
    }
    let region = records::region(&store, &program.region_id).await?;
    let programs = [program.clone()];
    let ctx_v = ValidationContext::new(Taxonomy::builtin(), &region).with_programs(&programs);
    let valid = validate_enrolment(&rows, &ctx_v)?;
    let now = clock::now();
    let candidates: Vec<Held> = valid
        .into_iter()
        .map(|v| Held {
            contact: contact_hash(&v.contact),
            enrolment: Enrolment {
                program: program.id.clone(),
                name: v.name,
                contact: v.contact,
                enrolled_at: now,
                by: session.user.clone(),
                accepted_by: None,
                declined: false,
            },
        })
        .collect();
    let preview = ctx
        .query("preview")
        .is_some_and(|v| v == "1" || v == "true");
    // Checked and written in one desk transaction: a person already on the course (perhaps
    // having accepted it) is never written again. The same invitation for every row, account or
    // not: the person finds it in the inbox by contact and accepts it there.
    let desk = ctx.desk(program.region_id.as_str())?;
    let Some(new) =
        enrolments::import(&desk, &program.id, candidates, MAX_NEW_ENROLMENTS, preview).await?
    else {
        return Err(too_many("rows", MAX_NEW_ENROLMENTS));
    };
    let unchanged = rows.len().saturating_sub(new);
    if preview {
        return http::json_status(
            200,
            &domain::city::EnrolmentPreview {
                program: program.id,
                unchanged,
                new,
                rows,
            },
        );
    }
    http::json_status(
        if new > 0 { 201 } else { 200 },
        &EnrolmentResult {
            program: program.id,
            rows: rows.len(),
            created: new,
            unchanged,
        },
    )
}

fn resident_error(i: usize, code: ErrorCode, ja: &str, en: &str) -> FieldError {
    FieldError {
        field: format!("residents[{i}]"),
        code,
        message: Localized::new(
            format!("{}件目: {ja}", i + 1),
            format!("Item {}: {en}", i + 1),
        ),
    }
}

/// Turns `input.enrolments` (references from the enrolment list) into resident ids, through the
/// account that accepted each enrolment in its inbox; answers how many have none. An unknown
/// reference is a 422 naming it.
fn residents_of_enrolments(course: &[Held], input: &mut CompletionInput) -> ApiResult<usize> {
    let references = std::mem::take(&mut input.enrolments);
    let mut unlinked = 0;
    let mut errors = Vec::new();
    for (i, reference) in references.iter().enumerate() {
        let Some(held) = course.iter().find(|h| &h.contact == reference) else {
            errors.push(FieldError {
                field: format!("enrolments[{i}]"),
                code: ErrorCode::InvalidId,
                message: Localized::new(
                    format!("{}件目: この講座の受講者が見つかりません。", i + 1),
                    format!("Item {}: no participant of this course.", i + 1),
                ),
            });
            continue;
        };
        // Only the account that accepted the course in its inbox, never one found by email.
        match held.enrolment.enrolled_account() {
            Some(a) if !input.residents.iter().any(|r| r == a.as_str()) => {
                input.residents.push(a.as_str().to_owned());
            }
            Some(_) => {}
            None => unlinked += 1,
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::from(ValidationErrors(errors)));
    }
    Ok(unlinked)
}

/// `GET /api/v1/programs/{id}/enrolments`: the course's participants as its municipality entered
/// them (name, masked contact, whether the person accepted in the inbox), for completion.
pub async fn enrolments(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (_, program) = managed_program(ctx, &store).await?;
    let rows = enrolments::of_course(&ctx.desk(program.region_id.as_str())?, &program.id).await?;
    let items = rows
        .into_iter()
        .map(|Held { contact, enrolment }| {
            // Linked once the person accepted in the inbox; whether an account uses the contact
            // is never looked up, so the list reveals nothing about who is registered.
            let linked = enrolment.state().is_enrolled();
            let shown = match &enrolment.contact {
                Contact::Email(email) => mask_contact(email),
                Contact::Phone(phone) => mask_contact(phone),
            };
            EnrolmentItem {
                enrolment: contact,
                name: enrolment.name,
                contact: shown,
                linked,
            }
        })
        .collect();
    http::json_status(
        200,
        &EnrolmentList {
            program: program.id,
            items,
        },
    )
}

/// `GET /api/v1/programs/{id}/placement`: the course's graduates (residents with a completion
/// of it, by their profile or a course verification) placed into the region's open jobs by
/// deferred acceptance (`domain::city::placement`), graduates labelled, never named. The
/// graduates and the open jobs (as ranking reads them, with their titles) from the region's
/// desk, the graduates' profiles (with the verifications the desk keeps, as matching reads them)
/// in bulk reads. Every graduate is scored against every open job, so the page is kept in the
/// desk until any of its rows changes (a profile saved, a verification, a job, any write).
pub async fn placement(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (_, program) = managed_program(ctx, &store).await?;
    certified_tasks(&program)?;
    let region = &program.region_id;
    let desk = ctx.desk(region.as_str())?;
    let page = WorkerPage::Placement {
        program: program.id.clone(),
        region: region.clone(),
    };
    // One desk call: the page as kept or as the desk builds it from what it holds; or, while
    // the desk lacks a mark (a profile or job saved before it kept them), the inputs it has.
    let (stamp, PageInputs::Placement(mut inputs)) = match desk.kept_page(page.clone()).await? {
        KeptPage::Kept(json) => return http::raw_json(200, json),
        KeptPage::Build { stamp, inputs } => (stamp, inputs),
    };
    let (mut graduates, unmarked) = inputs.take_residents();
    let marked_jobs = inputs.take_jobs(region);
    let (profiles, jobs) = futures_util::future::try_join(
        records::residents_for_ranking(&store, &unmarked),
        records::open_jobs_titled(&store, region, marked_jobs),
    )
    .await?;
    graduates.extend(profiles);
    let json = placement_json(&program.id, region, graduates, &inputs.verifications, &jobs)?;
    records::keep_page(&desk, page, stamp, json.clone()).await?;
    http::raw_json(200, json.into_bytes())
}

/// `POST /api/v1/programs/{id}/completions` with `{"residents": [ids]}` or
/// `{"enrolments": [references]}`: these people finished
/// the course; each gets a course verification of every task kind the course certifies. Every id
/// is checked before anything is written.
pub async fn complete(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (session, program) = managed_program(ctx, &store).await?;
    let tasks = certified_tasks(&program)?.to_vec();
    let mut input: CompletionInput = ctx.json()?;
    // Each reference costs reads before anything else is checked: bounded first.
    for (field, len) in [
        ("enrolments", input.enrolments.len()),
        ("residents", input.residents.len()),
    ] {
        if len > MAX_COMPLETION_WRITES / 4 {
            return Err(too_many(field, MAX_COMPLETION_WRITES / 4));
        }
    }
    // The course's enrolments, one desk read: what the references name, and who accepted.
    let course = enrolments::of_course(&ctx.desk(program.region_id.as_str())?, &program.id).await?;
    let unlinked = residents_of_enrolments(&course, &mut input)?;
    if input.residents.is_empty() {
        return Err(ApiError::from(ValidationErrors(vec![FieldError {
            field: "residents".to_owned(),
            code: ErrorCode::Required,
            message: Localized::new(
                "修了した住民を1人以上選んでください。",
                "Please choose at least one resident who completed the course.",
            ),
        }])));
    }
    // Per resident: a verification per task, the recent marker, and for a security course its
    // record and marker.
    let per_resident = tasks.len() + 1 + if program.security_course { 2 } else { 0 };
    if input.residents.len().saturating_mul(per_resident) > MAX_COMPLETION_WRITES {
        return Err(too_many("residents", MAX_COMPLETION_WRITES / per_resident));
    }
    // Credited only to people enrolled: they accepted the course in their inbox.
    let enrolled: BTreeSet<&str> = course
        .iter()
        .filter_map(|h| h.enrolment.enrolled_account().map(UserId::as_str))
        .collect();
    let mut errors = Vec::new();
    let mut residents: Vec<Resident> = Vec::new();
    for (i, id) in input.residents.iter().enumerate() {
        if !is_opaque_id(id) {
            errors.push(resident_error(
                i,
                ErrorCode::InvalidId,
                "住民のIDの形が正しくありません。",
                "The resident id is not valid.",
            ));
            continue;
        }
        let found: Option<Resident> = store.get_json(&keys::resident(id)).await?;
        let enrolled = enrolled.contains(id.as_str());
        match found {
            Some(r) if r.region_id == program.region_id && !enrolled => errors.push(resident_error(
                i,
                ErrorCode::InvalidId,
                "この人は講座の受講を承諾していません。musubi のお知らせで「受講する」を選ぶと記録できます。",
                "This person has not accepted the course. Once they choose to take it in their musubi inbox, it can be recorded.",
            )),
            Some(r) if r.region_id == program.region_id => {
                if !residents.iter().any(|x| x.id == r.id) {
                    residents.push(r);
                }
            }
            _ => errors.push(resident_error(
                i,
                ErrorCode::InvalidId,
                "この地域の住民が見つかりません。",
                "No resident of this region has this id.",
            )),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::from(ValidationErrors(errors)));
    }
    let now = clock::now();
    let mut verified = Vec::new();
    for r in &residents {
        let records: Vec<SkillVerification> = tasks
            .iter()
            .map(|task| SkillVerification {
                resident: r.id.clone(),
                task: task.clone(),
                // The level the resident claimed when the course was finished (beginner if
                // none): verified at that level, so a later raise is not shown as verified.
                level: Some(
                    r.skills
                        .iter()
                        .find(|c| &c.task == task)
                        .map_or(domain::model::Level::Beginner, |c| c.level),
                ),
                verification: Verification::Course {
                    program: program.id.clone(),
                    at: now,
                },
            })
            .collect();
        records::save_verifications(&store, r, &records).await?;
        verified.push(Completed {
            resident: r.id.clone(),
            tasks: tasks.clone(),
        });
    }
    records::trust::security_course_done(&store, &program, &residents, &session.user, now).await?;
    http::json_status(
        201,
        &CompletionResult {
            program: program.id,
            verified,
            unlinked,
        },
    )
}

async fn resident_session(ctx: &Ctx) -> ApiResult<Session> {
    auth::require_where(ctx, |s| s.role == Role::Resident).await
}

/// The contact hashes the municipality may have filed me under: my login email and my
/// profile's phone.
async fn my_contacts(store: &Store, session: &Session) -> ApiResult<Vec<String>> {
    let me = session.user.as_str();
    let (account, resident) = futures_util::future::try_join(
        store.get_json::<domain::account::Account>(&keys::account(me)),
        records::resident(store, me),
    )
    .await?;
    Ok(contact_hashes(
        account.and_then(|a| a.email).as_deref(),
        resident.and_then(|r| r.phone).as_deref(),
    ))
}

fn offer_of(enrolment: &Enrolment, program: Program) -> CourseOffer {
    CourseOffer {
        state: enrolment.state(),
        invited_at: enrolment.enrolled_at,
        program: program.id,
        name: program.name,
    }
}

/// `GET /api/v1/me/courses`: the courses a municipality put me on, to accept or decline.
pub async fn my_courses(ctx: &Ctx) -> ApiResult<Response> {
    let session = resident_session(ctx).await?;
    let contacts = my_contacts(&ctx.store()?, &session).await?;
    let mut offers: Vec<CourseOffer> =
        enrolments::offers(&ctx.desk(session.region.as_str())?, contacts)
            .await?
            .into_iter()
            .map(|(held, program)| offer_of(&held.enrolment, program))
            .collect();
    offers.sort_by_key(|o| std::cmp::Reverse(o.invited_at));
    http::json_status(200, &offers)
}

/// `POST /api/v1/me/courses/{id}` with `{"decision": "accept" | "decline"}`: my answer to a
/// course I was put on. Accepting links the enrolment to my account (and only then can a
/// completion be credited to me, or the metrics count me); declining unlinks it. The answer and
/// the metrics' course are one desk transaction.
pub async fn decide_course(ctx: &Ctx) -> ApiResult<Response> {
    let session = resident_session(ctx).await?;
    let state = ctx.json::<CourseDecision>()?.state()?;
    let program_id = ProgramId::from(ctx.param("id")?);
    let contacts = my_contacts(&ctx.store()?, &session).await?;
    // One desk call: the answer, and the course as my inbox shows it (404 unless it was
    // offered to me in my region).
    let (held, program) = enrolments::decide(
        &ctx.desk(session.region.as_str())?,
        &program_id,
        contacts,
        &session.user,
        state.is_enrolled(),
    )
    .await?
    .ok_or(ApiError::NotFound)?;
    http::json_status(200, &offer_of(&held.enrolment, program))
}

/// `?month=YYYY-MM` or `?fy=YYYY`; by default the current fiscal year (Japan).
fn period_of(ctx: &Ctx, now: DateTime<Utc>) -> ApiResult<Period> {
    let bad = || ApiError::BadRequest {
        code: "bad_period",
        message: Localized::new(
            "期間は month=2026-04 または fy=2026 の形で指定してください。",
            "Give the period as month=2026-04 or fy=2026.",
        ),
    };
    if let Some(m) = ctx.query("month") {
        let (y, mo) = m.split_once('-').ok_or_else(bad)?;
        let (y, mo) = (
            y.parse::<i32>().map_err(|_| bad())?,
            mo.parse::<u32>().map_err(|_| bad())?,
        );
        return Period::month(y, mo).ok_or_else(bad);
    }
    let fy = match ctx.query("fy") {
        Some(y) => y.parse::<i32>().map_err(|_| bad())?,
        None => fiscal_year(jst_date(now)),
    };
    Period::fiscal_year(fy).ok_or_else(bad)
}

/// `GET /api/v1/municipalities/{id}/metrics?month=|fy=&format=csv`: the region's report (funnel,
/// hours, yen, 関係人口 share, Gini), every cell under 5 people suppressed; for the staff of that
/// municipality and the region's hub. `format=csv` gives the domain's CSV with a BOM.
pub async fn metrics(ctx: &Ctx) -> ApiResult<Response> {
    let store = ctx.store()?;
    let (_, region, municipality) = auth::municipality_reader(ctx, &store).await?;
    let period = period_of(ctx, clock::now())?;
    let now = clock::now();
    // Computed in the desk, where the facts are: only the report travels. The programs that
    // name its rows are asked for at the same time.
    let desk = ctx.desk(region.id.as_str())?;
    let (mut report, programs) = futures_util::future::try_join(
        records::facts::report(&desk, region.id.clone(), period, jst_date(now)),
        records::facts::programs(&desk),
    )
    .await?;
    report.name(&region, &municipality.id, &programs);
    report.made_on = Some(jst_date(now));
    if ctx.query("format") == Some("csv") {
        let body = csv_with_bom(&to_csv_rows(&report));
        let headers = Headers::new();
        headers.set("content-type", "text/csv; charset=utf-8")?;
        headers.set(
            "content-disposition",
            &format!(
                "attachment; filename=\"musubi-{}-{}.csv\"",
                region.id, period.start
            ),
        )?;
        headers.set("cache-control", "private, no-cache")?;
        headers.set("x-content-type-options", "nosniff")?;
        return Ok(Response::from_bytes(body.into_bytes())?.with_headers(headers));
    }
    http::json_cached(ctx, &report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_program_kind_has_a_listed_marker() {
        let kinds = [
            ProgramKind::SupportScheme {
                for_whom: String::new(),
                link: None,
            },
            ProgramKind::Coworking {
                address: String::new(),
                open_hours: String::new(),
            },
        ];
        for k in &kinds {
            assert!(MARKER_KINDS.contains(&marker_kind(k)));
        }
        assert!(MARKER_KINDS.contains(&"course"));
    }
}
