//! Trust facts read and written by more than one handler: a resident's identity checks and
//! security course as the hub's timeline shows them, and the course's completion record.

use chrono::{DateTime, Utc};
use domain::model::{Program, Resident, UserId};
use domain::trust::{IdentityCheck, ResidentTrust, SecurityCourseDone};

use crate::error::ApiResult;
use crate::store::{Store, keys};

/// A resident's trust as the hub's timeline shows it: the `idcheck:` records (one list and a
/// read each, in parallel; a resident has one or two) and whether any `secdone:` record exists.
pub async fn resident_trust(store: &Store, resident: &str) -> ApiResult<ResidentTrust> {
    // The checks (a list, then each record) and the course's marker, at once.
    let checks = async {
        let names = store
            .list_keys(&keys::identity_checks_prefix(resident))
            .await?;
        let read = |key: String| async move { store.get_json::<IdentityCheck>(&key).await };
        futures_util::future::try_join_all(names.into_iter().map(read)).await
    };
    let security_prefix = keys::security_done_prefix(resident);
    let security = store.list_keys(&security_prefix);
    let (checks, security) = futures_util::future::try_join(checks, security).await?;
    Ok(ResidentTrust::new(
        checks.into_iter().flatten().collect(),
        !security.is_empty(),
    ))
}

/// Records that residents finished a security course (`Program::security_course`): one record
/// each and the region's marker. Writer: the course's municipality (its completion), once.
pub async fn security_course_done(
    store: &Store,
    program: &Program,
    residents: &[Resident],
    by: &UserId,
    at: DateTime<Utc>,
) -> ApiResult<()> {
    if !program.security_course {
        return Ok(());
    }
    for r in residents {
        let done = SecurityCourseDone {
            resident: r.id.clone(),
            program: program.id.clone(),
            by: by.clone(),
            at,
        };
        store
            .put_json(
                &keys::security_done(r.id.as_str(), program.id.as_str()),
                &done,
            )
            .await?;
        store
            .put_text(
                &keys::member(r.region_id.as_str(), "security", r.id.as_str()),
                "",
                None,
            )
            .await?;
        crate::records::facts::set_trust(&store.desk(r.region_id.as_str())?, &r.id, "security")
            .await?;
    }
    Ok(())
}
