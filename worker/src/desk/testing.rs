//! What the desk's unit tests share: a migrated in-memory desk, and an event on engagement `e1`.

use chrono::{DateTime, Utc};
use domain::engagement::{Actor, EngagementEvent, EventId, EventKind, Role};
use domain::model::{CompanyId, EngagementId, JobId, ResidentId, UserId};

use super::schema::migrate;
use super::sql::memory::Memory;

/// An empty desk at the latest schema.
pub fn desk() -> Memory {
    let db = Memory::new();
    db.transaction(migrate).expect("migrate");
    db
}

/// An event on engagement `e1` by `user` in `role`.
pub fn event(
    id: &str,
    at: DateTime<Utc>,
    user: &str,
    role: Role,
    kind: EventKind,
) -> EngagementEvent {
    EngagementEvent {
        id: EventId(id.into()),
        engagement_id: EngagementId("e1".into()),
        at,
        actor: Actor {
            user: UserId(user.into()),
            role,
        },
        kind,
    }
}

/// The system's proposal that opens `e1`: job `j1` of company `c1` for resident `r1`, 10 hours.
pub fn proposed(at: DateTime<Utc>) -> EngagementEvent {
    event(
        "0000000000000-proposed",
        at,
        "r1",
        Role::System,
        EventKind::Proposed {
            job: JobId::from("j1"),
            company: CompanyId::from("c1"),
            resident: ResidentId::from("r1"),
            needs_terms: false,
            hours_per_week: 10,
        },
    )
}
