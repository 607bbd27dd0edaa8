//! A person's own data: `GET /api/v1/me/export` (everything stored about me, as JSON) and
//! `DELETE /api/v1/me` (erase my personal data).
//!
//! Deletion removes what is mine (account, login names — email and invite code —, resident
//! profile, membership, place and recent markers, engagement markers, verifications and
//! enrolments, idempotency answers, every session I can find), anonymises the invite use markers
//! and writes a tombstone `gone:{user}`. Engagement events belong to whoever posted them and are
//! kept for the region's metrics, with every free text erased (`without_free_text`); every read
//! that could show the person to someone else (`engagements::contacts`,
//! `records::live_resident`) checks the tombstone, so a deleted resident's name or contact is
//! never revealed again. What the events still hold is the opaque account id, which no longer
//! leads to anything.

use chrono::{DateTime, Utc};
use domain::account::{Account, AccountView, Role, RoleKind};
use domain::engagement::{EngagementEvent, EventKind, Viewer};
use domain::model::{Localized, Resident};
use serde::{Deserialize, Serialize};
use worker::{Headers, Response};

use crate::auth::{self, Session, cookie};
use crate::clock;
use crate::desk::wire::Command;
use crate::error::{ApiError, ApiResult};
use crate::http::{self, Ctx};
use crate::pseudonym::CardKey;
use crate::records::{self, engagements, enrolments};
use crate::store::{Store, keys};

/// What the confirmation body must say, so that no stray request deletes an account.
pub const CONFIRMATION: &str = "DELETE";

#[derive(Debug, Serialize)]
struct Export {
    exported_at: DateTime<Utc>,
    account: AccountView,
    resident_profile: Option<Resident>,
    /// Engagements I take part in, with their events (a resident: every event; a company member
    /// or hub coordinator: the events I posted).
    engagements: Vec<EngagementExport>,
    /// Other records about me (verifications, identity checks, security courses, track marks,
    /// enrolments), by key.
    other_records: Vec<StoredRecord>,
    note: Localized,
}

#[derive(Debug, Serialize)]
struct EngagementExport {
    id: String,
    events: Vec<EngagementEvent>,
}

#[derive(Debug, Serialize)]
struct StoredRecord {
    kind: &'static str,
    key: String,
    value: serde_json::Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Confirmation {
    confirm: String,
}

/// What stays after a deletion: a tombstone, nothing personal.
#[derive(Debug, Serialize, Deserialize)]
struct Tombstone {
    deleted_at: DateTime<Utc>,
    role: RoleKind,
}

#[derive(Debug, Serialize)]
struct Deleted {
    deleted: bool,
    sessions_ended: usize,
    kept: Localized,
}

async fn account_of(store: &Store, session: &Session) -> ApiResult<Account> {
    store
        .get_json(&keys::account(session.user.as_str()))
        .await?
        .ok_or(ApiError::Unauthenticated)
}

/// The party id my engagements are listed under, and whether only my own events are mine.
pub async fn export(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let store = ctx.store()?;
    let account = account_of(&store, &session).await?;
    let me = session.user.as_str();
    let resident_profile = match session.role {
        Role::Resident => records::resident(&store, me).await?,
        _ => None,
    };
    let mut list = Vec::new();
    if engagements::party_of(&session.role, &session.user).is_some() {
        // What each side's views show, no more (`EngagementEvent::as_seen_by`): a resident gets
        // the history of their engagements without the hub's notes, the check-ins held with
        // the company alone or the company's review text; a company member or the hub only the
        // events they posted themselves, and a company the resident as the job's card.
        let viewer = match session.role {
            Role::Resident => Viewer::Resident,
            Role::CompanyMember { .. } => Viewer::Company,
            _ => Viewer::Hub,
        };
        let cards = CardKey::of_env(&ctx.env)?;
        let desk = ctx.desk(session.region.as_str())?;
        let histories = match session.role {
            Role::Resident => engagements::histories(&desk, me).await?,
            _ => engagements::events_by(&desk, &session.user).await?,
        };
        for (id, events) in histories {
            let events: Vec<EngagementEvent> = events
                .iter()
                .filter(|e| viewer == Viewer::Resident || e.actor.user == session.user)
                .filter_map(|e| e.as_seen_by(viewer, &session.user))
                .map(|mut e| {
                    if let (Viewer::Company, EventKind::Proposed { job, resident, .. }) =
                        (viewer, &mut e.kind)
                    {
                        *resident = cards.card(job, resident);
                    }
                    e
                })
                .collect();
            if !events.is_empty() {
                list.push(EngagementExport { id: id.0, events });
            }
        }
    }
    let mut other_records = Vec::new();
    let phone = resident_profile.as_ref().and_then(|r| r.phone.clone());
    for (kind, key) in personal_records(&store, &account).await? {
        let text = store.get_text(&key).await?.unwrap_or_default();
        let value = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
        other_records.push(StoredRecord { kind, key, value });
    }
    // My fair work (payout profile, the terms of my engagements, reports, endings, invoices),
    // from the region's desk.
    if matches!(session.role, Role::Resident) {
        let desk = ctx.desk(account.region.as_str())?;
        for (key, value) in records::fair_documents(&desk, me).await? {
            other_records.push(StoredRecord {
                kind: "fair_work",
                key,
                value,
            });
        }
    }
    // The courses a municipality put me on (under my email or phone) or that I accepted, from
    // the region's desk; the key says where each is kept.
    let contacts = enrolments::contact_hashes(account.email.as_deref(), phone.as_deref());
    let desk = ctx.desk(account.region.as_str())?;
    for held in enrolments::of_person(&desk, contacts, &account.id, false).await? {
        other_records.push(StoredRecord {
            kind: "enrolments",
            key: format!("desk:enrolment:{}:{}", held.enrolment.program, held.contact),
            value: serde_json::to_value(&held.enrolment).unwrap_or_default(),
        });
    }
    let body = Export {
        exported_at: clock::now(),
        account: AccountView::from(&account),
        resident_profile,
        engagements: list,
        other_records,
        note: Localized::new(
            "パスワードは復元できない形（ハッシュ）でのみ保存しているため含みません。ログイン情報は暗号学的ハッシュのキーでのみ保存しています。",
            "Your password is stored only as a one-way hash and is not included; session and login keys are stored only as hashes.",
        ),
    };
    let resp = http::json_status(200, &body)?;
    resp.headers().set(
        "content-disposition",
        "attachment; filename=\"musubi-export.json\"",
    )?;
    Ok(resp)
}

/// Erases my personal data and ends my sessions; 400 unless the body is `{"confirm":"DELETE"}`.
pub async fn delete(ctx: &Ctx) -> ApiResult<Response> {
    let session = auth::require(ctx).await?;
    let confirmation: Confirmation = ctx.json()?;
    if confirmation.confirm != CONFIRMATION {
        return Err(ApiError::BadRequest {
            code: "confirmation_required",
            message: Localized::new(
                "アカウントを削除するには {\"confirm\": \"DELETE\"} を送ってください。削除は取り消せません。",
                "To delete your account, send {\"confirm\": \"DELETE\"}. Deletion cannot be undone.",
            ),
        });
    }
    let store = ctx.store()?;
    let account = account_of(&store, &session).await?;
    let me = session.user.as_str();
    // The tombstone first: whatever happens next, reads already treat the person as deleted.
    let tombstone = Tombstone {
        deleted_at: clock::now(),
        role: account.role.kind(),
    };
    store.put_json(&keys::gone(me), &tombstone).await?;
    let sessions_ended = end_sessions(&store, &session).await?;
    // The phone I gave, read before the profile goes: it finds phone-only enrolments.
    let phone = records::resident(&store, me).await?.and_then(|r| r.phone);
    if account.role == Role::Resident {
        engagements::forget(&ctx.desk(account.region.as_str())?, me).await?;
        erase_resident(&store, &account).await?;
    }
    // Answers kept for Idempotency-Key replays (they may quote my profile): in the region's
    // desk, and any older ones kept in KV.
    ctx.desk(account.region.as_str())?
        .call(&Command::IdemForget {
            account: account.id.clone(),
        })
        .await?;
    for key in store.list_keys(&keys::idempotency_prefix(me)).await? {
        store.delete(&key).await?;
    }
    // Invite codes I used: the code as a login name; the use in the region's desk stays
    // counted under a name that leads nowhere.
    let prefix = keys::user_invites_prefix(me);
    let used_codes = store.list_keys(&prefix).await?;
    for key in &used_codes {
        let code = key.trim_start_matches(&prefix);
        let login = keys::login(&auth::login_hash(code));
        if store.get_text(&login).await?.as_deref() == Some(me) {
            store.delete(&login).await?;
        }
        store.delete(key).await?;
    }
    if !used_codes.is_empty() {
        let anonymous = format!("x{}", auth::crypto::hex(&auth::crypto::random_bytes(12)?));
        ctx.desk(account.region.as_str())?
            .call(&Command::ForgetInviteUser {
                user: account.id.clone(),
                anonymous,
            })
            .await?;
    }
    for (_, key) in personal_records(&store, &account).await? {
        store.delete(&key).await?;
    }
    // Enrolments under my email or my profile's phone (a phone-only one too) and those I accepted.
    let contacts = enrolments::contact_hashes(account.email.as_deref(), phone.as_deref());
    enrolments::of_person(
        &ctx.desk(account.region.as_str())?,
        contacts,
        &account.id,
        true,
    )
    .await?;
    // Fair work (issue 19): the registration number and bank details are erased.
    records::erase_fair_profile(&ctx.desk(account.region.as_str())?, account.id.as_str()).await?;
    if let Some(email) = &account.email {
        let login = keys::login(&auth::login_hash(email));
        if store.get_text(&login).await?.as_deref() == Some(me) {
            store.delete(&login).await?;
        }
    }
    store.delete(&keys::account(me)).await?;
    let headers = Headers::new();
    headers.set("cache-control", "no-store")?;
    headers.set("content-type", "application/json; charset=utf-8")?;
    headers.set("set-cookie", &cookie::clearing_cookie())?;
    headers.append("set-cookie", &cookie::clearing_signed_in_cookie())?;
    let body = Deleted {
        deleted: true,
        sessions_ended,
        kept: Localized::new(
            "お名前・連絡先・プロフィールは削除しました。伴走の記録（出来事）は地域の統計のために残りますが、あなたを特定できる情報は今後表示されません。",
            "Your name, contact and profile are deleted. Engagement events stay for the region's statistics, but nothing that identifies you is shown again.",
        ),
    };
    Ok(Response::from_json(&body)?.with_headers(headers))
}

/// The other records about a person kept in KV: skill verifications, identity checks, security
/// courses and track marks. (Enrolments are in the region's desk: `records::enrolments`.)
async fn personal_records(
    store: &Store,
    account: &Account,
) -> ApiResult<Vec<(&'static str, String)>> {
    let me = account.id.as_str();
    let (verifications, identity, security, track) = futures_util::future::try_join4(
        store.list_keys(&keys::verifications_prefix(me)),
        store.list_keys(&keys::identity_checks_prefix(me)),
        store.list_keys(&keys::security_done_prefix(me)),
        store.list_keys(&keys::track_marks_prefix(me)),
    )
    .await?;
    Ok(verifications
        .into_iter()
        .map(|k| ("verifications", k))
        .chain(identity.into_iter().map(|k| ("identity_checks", k)))
        .chain(security.into_iter().map(|k| ("security_courses", k)))
        .chain(track.into_iter().map(|k| ("track_marks", k)))
        .collect())
}

/// Ends the current session and every other one the account's session markers list.
async fn end_sessions(store: &Store, session: &Session) -> ApiResult<usize> {
    let prefix = keys::user_sessions_prefix(session.user.as_str());
    let mut ended = 0;
    for key in store.list_keys(&prefix).await? {
        let hash = key.trim_start_matches(&prefix);
        if hash != session.token_hash {
            auth::revoke(store, hash).await?;
            ended += 1;
        }
        store.delete(&key).await?;
    }
    auth::revoke(store, &session.token_hash).await?;
    Ok(ended + 1)
}

/// Removes a resident's profile and markers. The recent-change marker is written (not deleted)
/// so that matching drops the resident at once, before the next index rebuild.
async fn erase_resident(store: &Store, account: &Account) -> ApiResult<()> {
    let me = account.id.as_str();
    let profile = records::resident(store, me).await?;
    let region = match &profile {
        Some(r) => r.region_id.clone(),
        None => account.region.clone(),
    };
    let region = region.as_str();
    if let Some(m) = profile.as_ref().and_then(|r| r.municipality_id.as_ref()) {
        store
            .delete(&keys::member(region, &keys::lives_in_kind(m.as_str()), me))
            .await?;
    }
    store.delete(&keys::resident(me)).await?;
    if let Some(record) = store.get_text(&keys::record_id(me)).await? {
        store.delete(&keys::record(&record)).await?;
        store.delete(&keys::record_id(me)).await?;
    }
    // The trust markers too: a deleted person is no longer shown as checked or trained.
    for kind in ["resident", "related", "identity", "security"] {
        store.delete(&keys::member(region, kind, me)).await?;
    }
    store
        .put_text(
            &keys::recent_resident(region, me),
            "",
            Some(records::RECENT_SECS),
        )
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tombstone_holds_nothing_personal() {
        let t = Tombstone {
            deleted_at: DateTime::<Utc>::UNIX_EPOCH,
            role: RoleKind::Resident,
        };
        let json = serde_json::to_value(&t).expect("serialises");
        let fields: Vec<&String> = json.as_object().expect("object").keys().collect();
        assert_eq!(fields, ["deleted_at", "role"]);
    }

    #[test]
    fn only_the_exact_confirmation_deletes() {
        let c: Confirmation = serde_json::from_str(r#"{"confirm":"delete"}"#).expect("parses");
        assert_ne!(c.confirm, CONFIRMATION);
        let c: Confirmation = serde_json::from_str("{}").expect("parses");
        assert!(c.confirm.is_empty());
    }
}
