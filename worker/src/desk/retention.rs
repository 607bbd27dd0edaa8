//! How long an ended engagement keeps its free text (schema v10): five years after it ended
//! (`domain::engagement::free_text_cutoff`), then its events lose their notes, check-in notes,
//! review comments and reasons (`EngagementEvent::without_free_text`, as for a deleted
//! resident), its state is folded again, and it is marked so the next run passes it by. The
//! stage, dates, hours and ratings stay for the resident's track record and the region's figures.
//! The scheduled refresh runs it in batches (`records::engagements::erase_old_free_text`).

use chrono::{DateTime, Utc};
use domain::engagement::{EngagementEvent, free_text_cutoff};
use serde::Deserialize;

use super::sql::{Arg, DeskError, DeskResult, Sql};

/// Version 10: which ended engagements already lost their free text, and the index that finds
/// the next ones by their end.
pub const MIGRATION: &[&str] = &[
    "ALTER TABLE engagement ADD COLUMN text_erased INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX engagement_by_end ON engagement (text_erased, ended_ms)",
];

/// Erases the free text of at most `batch` engagements that ended before the cutoff of `now`,
/// oldest end first; answers how many it erased.
pub fn erase_old_free_text<S: Sql>(sql: &S, now: DateTime<Utc>, batch: u32) -> DeskResult<u32> {
    #[derive(Deserialize)]
    struct Id {
        id: String,
    }
    #[derive(Deserialize)]
    struct Ev {
        seq: i64,
        event: String,
    }
    let ids: Vec<Id> = sql.rows(
        "SELECT id FROM engagement
         WHERE text_erased = 0 AND ended_ms IS NOT NULL AND ended_ms < CAST(? AS INTEGER)
         ORDER BY ended_ms LIMIT ?",
        &[
            free_text_cutoff(now).timestamp_millis().into(),
            i64::from(batch).into(),
        ],
    )?;
    for Id { id } in &ids {
        let events: Vec<Ev> = sql.rows(
            "SELECT seq, event FROM engagement_event WHERE engagement = ? ORDER BY seq",
            &[id.as_str().into()],
        )?;
        for Ev { seq, event } in events {
            let event: EngagementEvent = serde_json::from_str(&event).map_err(DeskError::of)?;
            if let Some(cleaned) = event.without_free_text() {
                sql.run(
                    "UPDATE engagement_event SET event = ? WHERE seq = ?",
                    &[
                        serde_json::to_string(&cleaned)
                            .map_err(DeskError::of)?
                            .into(),
                        Arg::Int(seq),
                    ],
                )?;
            }
        }
        super::engagements::refold(sql, id)?;
        sql.run(
            "UPDATE engagement SET text_erased = 1 WHERE id = ?",
            &[id.as_str().into()],
        )?;
    }
    Ok(u32::try_from(ids.len()).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use domain::engagement::{CheckInWith, ERASED_TEXT, EventKind, Role, Side};

    use super::super::logic::execute;
    use super::super::sql::memory::Memory;
    use super::super::testing::{desk, event, proposed};
    use super::super::wire::{Answer, Command};
    use super::*;

    fn run(db: &Memory, c: Command) -> Answer {
        db.transaction(|db| execute(db, c)).expect("command")
    }

    /// Engagement `e1` proposed, matched, worked with a check-in and a note, completed at `end`.
    fn ended_at(db: &Memory, end: DateTime<Utc>) {
        let start = end - Duration::days(90);
        let step = |i: i64, user: &str, role: Role, kind: EventKind| {
            event(
                &format!("v{i}"),
                start + Duration::days(i),
                user,
                role,
                kind,
            )
        };
        let events = vec![
            proposed(start),
            step(
                1,
                "r1",
                Role::Resident,
                EventKind::InterestShown {
                    side: Side::Resident,
                },
            ),
            step(
                2,
                "m1",
                Role::Company,
                EventKind::InterestShown {
                    side: Side::Company,
                },
            ),
            step(
                3,
                "hub1",
                Role::Hub,
                EventKind::TrialStarted { trial_weeks: 4 },
            ),
            step(
                4,
                "hub1",
                Role::Hub,
                EventKind::CheckIn {
                    mood: 4,
                    hours_worked: 12,
                    note: "山田さんは順調".into(),
                    follow_up: Some("来週電話".into()),
                    with: CheckInWith::Both,
                    shared_with_company: false,
                    next_on: None,
                },
            ),
            step(
                5,
                "hub1",
                Role::Hub,
                EventKind::Note {
                    text: "引き継ぎメモ".into(),
                },
            ),
            step(6, "m1", Role::Company, EventKind::TrialPassed),
            event("v7", end, "m1", Role::Company, EventKind::Completed),
        ];
        assert_eq!(run(db, Command::ImportEvents { events }), Answer::Done);
    }

    fn stored_text(db: &Memory) -> String {
        #[derive(Deserialize)]
        struct Row {
            event: String,
        }
        let events: Vec<Row> = db
            .rows("SELECT event FROM engagement_event ORDER BY seq", &[])
            .expect("events");
        let state: Vec<Row> = db
            .rows("SELECT state AS event FROM engagement", &[])
            .expect("state");
        events
            .into_iter()
            .chain(state)
            .map(|r| r.event)
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn erase(db: &Memory, now: DateTime<Utc>) -> Answer {
        run(db, Command::EraseOldFreeText { now, batch: 50 })
    }

    #[test]
    fn an_engagement_ended_five_years_ago_keeps_its_shape_and_loses_its_words() {
        let db = desk();
        let end = DateTime::from_timestamp_millis(1_775_000_000_000).expect("time");
        ended_at(&db, end);
        let before = match run(&db, Command::Engagement { id: "e1".into() }) {
            Answer::Engagement { row: Some(row) } => row.state,
            other => panic!("{other:?}"),
        };
        // A day before the five years are up: nothing changes.
        let almost = end + Duration::days(5 * 365);
        assert_eq!(erase(&db, almost), Answer::Counts { counts: vec![0] });
        assert!(stored_text(&db).contains("山田さんは順調"));
        // Past them: every word goes, from the events and the state; the shape stays.
        let past = end + Duration::days(5 * 366);
        assert_eq!(erase(&db, past), Answer::Counts { counts: vec![1] });
        let text = stored_text(&db);
        for said in ["山田さんは順調", "来週電話", "引き継ぎメモ"] {
            assert!(!text.contains(said), "{said} is still stored");
        }
        assert!(text.contains(ERASED_TEXT));
        let after = match run(&db, Command::Engagement { id: "e1".into() }) {
            Answer::Engagement { row: Some(row) } => row,
            other => panic!("{other:?}"),
        };
        assert_eq!(after.rejected, 0, "the erased events still fold");
        assert_eq!(after.state.stage, before.stage);
        assert_eq!(after.state.working_since, before.working_since);
        assert_eq!(after.state.checkins.len(), before.checkins.len());
        assert_eq!(after.state.checkins[0].hours_worked, 12);
        // Done once: the next run passes it by.
        assert_eq!(erase(&db, past), Answer::Counts { counts: vec![0] });
    }

    #[test]
    fn running_work_keeps_its_words_however_old() {
        let db = desk();
        let end = DateTime::from_timestamp_millis(1_775_000_000_000).expect("time");
        ended_at(&db, end);
        db.run("DELETE FROM engagement_event WHERE id = 'v7'", &[])
            .expect("not completed");
        super::super::engagements::refold(&db, "e1").expect("refold");
        let later = end + Duration::days(20 * 365);
        assert_eq!(erase(&db, later), Answer::Counts { counts: vec![0] });
        assert!(stored_text(&db).contains("引き継ぎメモ"));
    }
}
