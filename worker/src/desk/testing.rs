//! What the desk's unit tests share: a migrated in-memory desk, and an event on engagement `e1`.

use chrono::{DateTime, Utc};
use domain::engagement::{Actor, EngagementEvent, EventId, EventKind, Role};
use domain::model::{EngagementId, UserId};

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
