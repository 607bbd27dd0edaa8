//! Engagements in the desk: each event is applied to the engagement's state row by the domain's
//! one rule (`domain::engagement::apply`, the step `fold` takes) and written with the new state in
//! the caller's transaction, with no await between the read and the write. Two parties posting
//! at the same moment are applied one after the other; both land, in the order the desk took them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use domain::engagement::{self, EngagementEvent, EngagementState, EventId};
use domain::model::EngagementId;

use super::sql::{Arg, DeskError, DeskResult, Sql};
use super::wire::{Answer, EngagementRow};

#[derive(serde::Deserialize)]
struct StateRow {
    id: String,
    state: String,
    rejected: i64,
}

fn parse_row(r: StateRow) -> DeskResult<EngagementRow> {
    Ok(EngagementRow {
        id: EngagementId(r.id),
        state: serde_json::from_str(&r.state).map_err(DeskError::of)?,
        rejected: u32::try_from(r.rejected).unwrap_or(u32::MAX),
    })
}

/// One engagement's row, if it exists.
pub fn row<S: Sql>(sql: &S, id: &str) -> DeskResult<Option<EngagementRow>> {
    sql.rows::<StateRow>(
        "SELECT id, state, rejected FROM engagement WHERE id = ?",
        &[id.into()],
    )?
    .into_iter()
    .next()
    .map(parse_row)
    .transpose()
}

/// A party's engagements (resident or company), or every one of the region (`None`).
pub fn rows<S: Sql>(
    sql: &S,
    party: Option<&str>,
    without_notes: bool,
) -> DeskResult<Vec<EngagementRow>> {
    if without_notes {
        // The state with only its latest note (the board names the coordinator by the latest
        // check-in or note), built in SQL (the JSON1 functions).
        let found = sql.rows::<StateRow>(
            "SELECT id, CASE WHEN json_array_length(state, '$.notes') > 1
                THEN json_set(state, '$.notes',
                    json_array(json(json_extract(state, '$.notes[#-1]'))))
                ELSE state END AS state, rejected
             FROM engagement WHERE ? IS NULL OR resident = ? OR company = ? ORDER BY id",
            &[
                party.map_or(Arg::Null, Arg::from),
                party.map_or(Arg::Null, Arg::from),
                party.map_or(Arg::Null, Arg::from),
            ],
        )?;
        return found.into_iter().map(parse_row).collect();
    }
    let found = match party {
        Some(p) => sql.rows::<StateRow>(
            "SELECT id, state, rejected FROM engagement WHERE resident = ?
             UNION ALL
             SELECT id, state, rejected FROM engagement WHERE company = ? AND resident <> ?
             ORDER BY id",
            &[p.into(), p.into(), p.into()],
        )?,
        None => sql.rows::<StateRow>(
            "SELECT id, state, rejected FROM engagement ORDER BY id",
            &[],
        )?,
    };
    found.into_iter().map(parse_row).collect()
}

#[derive(serde::Deserialize)]
struct EventRow {
    engagement: String,
    event: String,
}

/// A party's engagements, each with its events in the order the desk applied them.
pub fn histories<S: Sql>(
    sql: &S,
    party: &str,
) -> DeskResult<Vec<(EngagementId, Vec<EngagementEvent>)>> {
    let found = sql.rows::<EventRow>(
        "SELECT e.engagement AS engagement, e.event AS event FROM engagement_event e
         JOIN engagement g ON g.id = e.engagement
         WHERE g.resident = ? OR g.company = ?
         ORDER BY e.engagement, e.seq",
        &[party.into(), party.into()],
    )?;
    group(found)
}

/// The events one account posted, by engagement, in order.
pub fn events_by<S: Sql>(
    sql: &S,
    actor: &str,
) -> DeskResult<Vec<(EngagementId, Vec<EngagementEvent>)>> {
    let found = sql.rows::<EventRow>(
        "SELECT engagement, event FROM engagement_event WHERE actor = ?
         ORDER BY engagement, seq",
        &[actor.into()],
    )?;
    group(found)
}

fn group(found: Vec<EventRow>) -> DeskResult<Vec<(EngagementId, Vec<EngagementEvent>)>> {
    let mut out: BTreeMap<String, Vec<EngagementEvent>> = BTreeMap::new();
    for r in found {
        let ev = serde_json::from_str(&r.event).map_err(DeskError::of)?;
        out.entry(r.engagement).or_default().push(ev);
    }
    Ok(out
        .into_iter()
        .map(|(id, events)| (EngagementId(id), events))
        .collect())
}

fn stage_name(state: &EngagementState) -> String {
    serde_json::to_value(state.stage)
        .ok()
        .and_then(|v| v.get("stage").and_then(|s| s.as_str().map(str::to_owned)))
        .unwrap_or_default()
}

/// Writes an engagement's state row (a new one, or over the old).
fn save_state<S: Sql>(sql: &S, state: &EngagementState, rejected: usize) -> DeskResult<()> {
    let (Some(id), Some(parties)) = (&state.engagement_id, &state.parties) else {
        return Err(DeskError(
            "an engagement state without its id or parties".into(),
        ));
    };
    let last = state.last_activity.map_or(0, |t| t.timestamp_millis());
    sql.run(
        "INSERT INTO engagement
            (id, job, company, resident, stage, active, ended, last_ms, rejected, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, active = excluded.active,
            ended = excluded.ended, last_ms = excluded.last_ms, rejected = excluded.rejected,
            state = excluded.state",
        &[
            id.as_str().into(),
            parties.job.as_str().into(),
            parties.company.as_str().into(),
            parties.resident.as_str().into(),
            stage_name(state).into(),
            i64::from(state.stage.is_active()).into(),
            i64::from(state.stage.is_ended()).into(),
            last.into(),
            i64::try_from(rejected).unwrap_or(i64::MAX).into(),
            serde_json::to_string(state).map_err(DeskError::of)?.into(),
        ],
    )?;
    // The board's columns and the card's copy of the state (schema v6), in the same transaction.
    super::board::write(sql, state)?;
    // What the region's report counts of it (schema v8).
    super::report::write_engagement(sql, state)
}

fn insert_event<S: Sql>(sql: &S, ev: &EngagementEvent) -> DeskResult<()> {
    sql.run(
        "INSERT INTO engagement_event (engagement, id, at_ms, actor, event) VALUES (?, ?, ?, ?, ?)",
        &[
            ev.engagement_id.as_str().into(),
            ev.id.0.as_str().into(),
            ev.at.timestamp_millis().into(),
            ev.actor.user.as_str().into(),
            serde_json::to_string(ev).map_err(DeskError::of)?.into(),
        ],
    )
}

#[derive(serde::Deserialize)]
struct Last {
    id: String,
    at_ms: i64,
}

/// The event placed after the engagement's last one in the canonical order (time, then id), so
/// that folding the stored history gives the state row: an event stamped earlier than the last
/// one (another isolate's clock) takes the last one's time plus a millisecond and an id to match.
fn placed_after_last<S: Sql>(sql: &S, mut ev: EngagementEvent) -> DeskResult<EngagementEvent> {
    let last = sql
        .rows::<Last>(
            "SELECT id, at_ms FROM engagement_event WHERE engagement = ?
             ORDER BY seq DESC LIMIT 1",
            &[ev.engagement_id.as_str().into()],
        )?
        .into_iter()
        .next();
    let Some(last) = last else {
        return Ok(ev);
    };
    let at = ev.at.timestamp_millis();
    if (at, ev.id.0.as_str()) > (last.at_ms, last.id.as_str()) {
        return Ok(ev);
    }
    let ms = last.at_ms + 1;
    let nonce = ev
        .id
        .0
        .split_once('-')
        .map_or(ev.id.0.clone(), |(_, n)| n.to_owned());
    ev.at = DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or(ev.at);
    ev.id = EventId(format!("{ms:013}-{nonce}"));
    Ok(ev)
}

fn has_event<S: Sql>(sql: &S, ev: &EngagementEvent) -> DeskResult<bool> {
    Ok(super::sql::count(
        sql,
        "SELECT COUNT(*) AS n FROM engagement_event WHERE engagement = ? AND id = ?",
        &[ev.engagement_id.as_str().into(), ev.id.0.as_str().into()],
    )? > 0)
}

/// Applies `open` (when the engagement has no parties yet) and `event` to the state row and
/// writes them with the new state. A refused step writes nothing and says why; an event already
/// stored (a retry) changes nothing.
pub fn post_event<S: Sql>(
    sql: &S,
    open: Option<EngagementEvent>,
    event: EngagementEvent,
) -> DeskResult<Answer> {
    let id = event.engagement_id.clone();
    let current = row(sql, id.as_str())?;
    let rejected = current.as_ref().map_or(0, |r| r.rejected);
    let mut state = current.map(|r| r.state).unwrap_or_default();
    if state.parties.is_none()
        && let Some(open) = open
    {
        state = match engagement::apply(&state, &open) {
            Ok(next) => next,
            Err(e) => return Ok(Answer::TransitionRefused { message: e.message }),
        };
        insert_event(sql, &open)?;
    }
    if !has_event(sql, &event)? {
        let event = placed_after_last(sql, event)?;
        let before = state;
        state = match engagement::apply(&before, &event) {
            Ok(next) => next,
            Err(e) => return Ok(Answer::TransitionRefused { message: e.message }),
        };
        if let Some(refusal) = fair_work_refused(sql, &before, &event)? {
            return Ok(Answer::FairWorkRefused { refusal });
        }
        insert_event(sql, &event)?;
        // The engagement's part in its resident's track record, as it stands after the event.
        super::views::save_track(sql, &state, event.id.0.as_str())?;
    }
    save_state(sql, &state, usize::try_from(rejected).unwrap_or(usize::MAX))?;
    Ok(Answer::Engagement {
        row: Some(Box::new(EngagementRow {
            id,
            state,
            rejected,
        })),
    })
}

/// The Freelance Act's gates on an engagement's own steps, checked against the fair-work rows in
/// the same transaction: the start waits for terms both parties confirmed (Art. 3,
/// `terms_statement::check_start`), and Art. 16's notice holds the end (`completed`, `cancelled`
/// by the commissioning side; `ending::check_end_event`). Other events read nothing more.
fn fair_work_refused<S: Sql>(
    sql: &S,
    before: &EngagementState,
    event: &EngagementEvent,
) -> DeskResult<Option<domain::fair_work::Refusal>> {
    use domain::engagement::{EventKind, Role};
    if matches!(event.kind, EventKind::TrialStarted { .. }) {
        let terms = super::fair_work::current_terms(sql, event.engagement_id.as_str())?;
        return Ok(domain::fair_work::terms_statement::check_start(terms.as_ref()).err());
    }
    if !matches!(
        event.kind,
        EventKind::Completed | EventKind::Cancelled { .. }
    ) || !matches!(event.actor.role, Role::Company | Role::Hub)
        || before.trial_started_at.is_none()
    {
        return Ok(None);
    }
    let (terms, ending) = super::fair_work::end_facts(sql, event.engagement_id.as_str())?;
    Ok(domain::fair_work::ending::check_end_event(before, event, terms, ending.as_ref()).err())
}

/// Stores events as they are (the demo seed, in batches): every engagement they touch is folded
/// again from all its stored events. Events already stored are skipped.
pub fn import<S: Sql>(sql: &S, events: &[EngagementEvent]) -> DeskResult<Answer> {
    let mut sorted: Vec<&EngagementEvent> = events.iter().collect();
    sorted.sort_by(|a, b| {
        a.engagement_id
            .cmp(&b.engagement_id)
            .then_with(|| engagement::canonical_order(a, b))
    });
    let mut touched: Vec<EngagementId> = Vec::new();
    for ev in sorted {
        if has_event(sql, ev)? {
            continue;
        }
        insert_event(sql, ev)?;
        if touched.last() != Some(&ev.engagement_id) {
            touched.push(ev.engagement_id.clone());
        }
    }
    for id in touched {
        refold(sql, id.as_str())?;
    }
    Ok(Answer::Done)
}

/// Folds an engagement's stored events again into its state row.
pub(super) fn refold<S: Sql>(sql: &S, id: &str) -> DeskResult<()> {
    #[derive(serde::Deserialize)]
    struct Ev {
        event: String,
    }
    let events: Vec<EngagementEvent> = sql
        .rows::<Ev>(
            "SELECT event FROM engagement_event WHERE engagement = ? ORDER BY seq",
            &[id.into()],
        )?
        .into_iter()
        .map(|r| serde_json::from_str(&r.event).map_err(DeskError::of))
        .collect::<DeskResult<_>>()?;
    let folded = engagement::fold(&events);
    if folded.state.parties.is_some() {
        save_state(sql, &folded.state, folded.rejected.len())?;
    }
    Ok(())
}

/// A deleted person: erases the free text of every event of their engagements, renames them to
/// `anonymous` wherever an event, a state or a column names them, and folds each again. The
/// events stay (the region's figures count them as one unnamed person); nothing they said and no
/// id that leads back to the account does.
pub fn forget_party<S: Sql>(sql: &S, party: &str, anonymous: &str) -> DeskResult<Answer> {
    // Ids are opaque tokens, so a quoted id in JSON is that id and nothing else.
    let (named, renamed) = (format!("\"{party}\""), format!("\"{anonymous}\""));
    for (id, events) in histories(sql, party)? {
        for ev in &events {
            let cleaned = ev.without_free_text().unwrap_or_else(|| ev.clone());
            let json = serde_json::to_string(&cleaned)
                .map_err(DeskError::of)?
                .replace(&named, &renamed);
            sql.run(
                "UPDATE engagement_event SET event = ? WHERE engagement = ? AND id = ?",
                &[json.into(), id.as_str().into(), Arg::Text(ev.id.0.clone())],
            )?;
        }
        sql.run(
            "UPDATE engagement SET resident = ? WHERE id = ? AND resident = ?",
            &[anonymous.into(), id.as_str().into(), party.into()],
        )?;
        refold(sql, id.as_str())?;
    }
    sql.run(
        "UPDATE engagement_event SET actor = ? WHERE actor = ?",
        &[anonymous.into(), party.into()],
    )?;
    sql.run(
        "UPDATE engagement SET forgotten = 1 WHERE resident = ?",
        &[anonymous.into()],
    )?;
    super::views::forget(sql, party)?;
    Ok(Answer::Done)
}

/// How many residents work now: trial passed (working or renewed), not deleted.
pub fn working<S: Sql>(sql: &S) -> DeskResult<i64> {
    super::sql::count(
        sql,
        "SELECT COUNT(DISTINCT resident) AS n FROM engagement
         WHERE stage IN ('working', 'renewed') AND forgotten = 0",
        &[],
    )
}

#[cfg(test)]
mod tests {
    use super::super::logic::execute;

    use super::super::sql::memory::Memory;
    use super::super::testing::{desk, event};
    use super::super::wire::Command;
    use super::*;
    use domain::engagement::{EventKind, Role, Side, Stage};

    fn run(db: &Memory, c: Command) -> Answer {
        db.transaction(|db| execute(db, c)).expect("command")
    }

    fn t(ms: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(1_775_000_000_000 + ms).expect("time")
    }

    fn ev(id: &str, at: i64, user: &str, role: Role, kind: EventKind) -> EngagementEvent {
        event(id, t(at), user, role, kind)
    }

    fn proposed() -> EngagementEvent {
        super::super::testing::proposed(t(0))
    }

    fn interest(id: &str, at: i64, side: Side) -> EngagementEvent {
        let (user, role) = match side {
            Side::Resident => ("r1", Role::Resident),
            Side::Company => ("m1", Role::Company),
        };
        ev(id, at, user, role, EventKind::InterestShown { side })
    }

    fn state(a: Answer) -> EngagementState {
        match a {
            Answer::Engagement { row: Some(r) } => r.state.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_state_row_is_the_fold_of_the_stored_events() {
        let db = desk();
        let s = state(run(
            &db,
            Command::PostEvent {
                open: Some(proposed()),
                event: interest("x-1", 5, Side::Resident),
            },
        ));
        assert!(matches!(s.stage, Stage::Interest { .. }));
        // The company's interest stamped earlier (another clock) still lands after the first.
        let s = state(run(
            &db,
            Command::PostEvent {
                open: Some(proposed()),
                event: interest("0000000000001-abc", 1, Side::Company),
            },
        ));
        assert_eq!(s.stage, Stage::Matched);
        let list = match run(&db, Command::Histories { party: "r1".into() }) {
            Answer::Histories { list } => list,
            other => panic!("{other:?}"),
        };
        assert_eq!(list.len(), 1);
        let events = &list[0].1;
        assert_eq!(events.len(), 3, "the opening is written once");
        assert_eq!(engagement::fold(events).state, s);
        assert!(events[2].at > events[1].at);
        // The region, the resident and the company all find it; another party does not.
        for (party, n) in [(None, 1), (Some("r1"), 1), (Some("c1"), 1), (Some("r2"), 0)] {
            match run(
                &db,
                Command::Engagements {
                    party: party.map(str::to_owned),
                },
            ) {
                Answer::Engagements { rows } => assert_eq!(rows.len(), n, "{party:?}"),
                other => panic!("{other:?}"),
            }
        }
    }

    /// Posts `event` on `e1` (opened by the system's proposal if it is new).
    fn post_on(db: &Memory, event: EngagementEvent) -> Answer {
        run(
            db,
            Command::PostEvent {
                open: Some(proposed()),
                event,
            },
        )
    }

    /// A desk where both sides of `e1` showed interest.
    fn matched() -> Memory {
        let db = desk();
        post_on(&db, interest("0000000000005-a", 5, Side::Resident));
        post_on(&db, interest("0000000000006-b", 6, Side::Company));
        db
    }

    #[test]
    fn work_starts_only_on_terms_both_confirmed_in_the_same_transaction() {
        let db = matched();
        let post = |event: EngagementEvent| post_on(&db, event);
        let trial = |id: &str| {
            ev(
                id,
                9,
                "h1",
                Role::Hub,
                EventKind::TrialStarted { trial_weeks: 4 },
            )
        };
        let events =
            || super::super::sql::count(&db, "SELECT COUNT(*) AS n FROM engagement_event", &[]);
        match post(trial("trial-1")) {
            Answer::FairWorkRefused { refusal } => {
                assert_eq!(refusal.code.as_str(), "terms_not_agreed");
                assert!(refusal.message.ja.contains("取引条件"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(events(), Ok(3), "nothing written");
        assert_eq!(
            state(run(
                &db,
                Command::Engagement {
                    id: EngagementId("e1".into())
                }
            ))
            .stage,
            Stage::Matched
        );
        super::super::testing::agree_terms(&db, "e1", t(8));
        assert_eq!(state(post(trial("trial-2"))).stage, Stage::Trial);
        assert_eq!(events(), Ok(4));
    }

    #[test]
    fn six_months_of_work_end_only_after_recorded_notice_in_the_same_transaction() {
        const DAY: i64 = 86_400_000;
        let db = matched();
        let post = |event: EngagementEvent| post_on(&db, event);
        super::super::testing::agree_terms(&db, "e1", t(7));
        post(ev(
            "0000000000009-c",
            9,
            "h1",
            Role::Hub,
            EventKind::TrialStarted { trial_weeks: 4 },
        ));
        let end = |id: &str, at: i64| ev(id, at, "m1", Role::Company, EventKind::Completed);
        let events =
            || super::super::sql::count(&db, "SELECT COUNT(*) AS n FROM engagement_event", &[]);
        // 200 days in, no notice: refused with the rule's words; nothing written.
        match post(end("late-1", 200 * DAY)) {
            Answer::FairWorkRefused { refusal } => {
                assert_eq!(refusal.code.as_str(), "notice_too_short");
                assert!(refusal.message.ja.contains("終了の予告"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(events(), Ok(4));
        let quit = ev(
            "quit-1",
            200 * DAY,
            "r1",
            Role::Resident,
            EventKind::Cancelled {
                reason: "体調".into(),
            },
        );
        let notice_on = domain::metrics::jst_date(t(200 * DAY));
        let record = domain::fair_work::api::EndingRecord {
            engagement: "e1".into(),
            kind: domain::fair_work::ending::EndingKind::NonRenewal,
            notice_on,
            ends_on: domain::fair_work::ending::earliest_end(notice_on),
            basis: domain::fair_work::ending::EndingBasis::Notice { notice_on },
            reason_request: None,
            recorded_at: t(200 * DAY),
        };
        run(
            &db,
            Command::Fair {
                command: super::super::fair_work::FairCommand::PutEnding { record },
            },
        );
        // Notice on day 200: day 220 is too soon, day 231 (30 days on, JST) is lawful.
        assert!(matches!(
            post(end("late-2", 220 * DAY)),
            Answer::FairWorkRefused { .. }
        ));
        assert!(matches!(
            post(end("late-3", 231 * DAY)),
            Answer::Engagement { .. }
        ));
        assert_eq!(events(), Ok(5));
        assert!(
            matches!(post(quit), Answer::TransitionRefused { .. }),
            "already ended"
        );
    }

    #[test]
    fn a_refused_step_writes_nothing_and_a_retry_changes_nothing() {
        let db = desk();
        let first = interest("0000000000005-a", 5, Side::Resident);
        run(
            &db,
            Command::PostEvent {
                open: Some(proposed()),
                event: first.clone(),
            },
        );
        let trial = ev(
            "0000000000009-b",
            9,
            "h1",
            Role::Hub,
            EventKind::TrialStarted { trial_weeks: 4 },
        );
        assert!(matches!(
            run(
                &db,
                Command::PostEvent {
                    open: None,
                    event: trial
                }
            ),
            Answer::TransitionRefused { .. }
        ));
        let again = state(run(
            &db,
            Command::PostEvent {
                open: None,
                event: first,
            },
        ));
        assert!(matches!(again.stage, Stage::Interest { .. }));
        assert_eq!(
            super::super::sql::count(&db, "SELECT COUNT(*) AS n FROM engagement_event", &[]),
            Ok(2)
        );
    }

    #[test]
    fn import_folds_and_forgetting_erases_text_but_keeps_the_events() {
        let db = desk();
        let note = ev(
            "0000000000020-n",
            20,
            "h1",
            Role::Hub,
            EventKind::Note {
                text: "山田さんは午前が良い".into(),
            },
        );
        let earlier = ev(
            "0000000000015-n",
            15,
            "h1",
            Role::Hub,
            EventKind::Note {
                text: "最初のメモ".into(),
            },
        );
        let events = vec![
            earlier,
            note.clone(),
            interest("0000000000010-c", 10, Side::Company),
            proposed(),
            interest("0000000000011-r", 11, Side::Resident),
        ];
        run(
            &db,
            Command::ImportEvents {
                events: events.clone(),
            },
        );
        run(&db, Command::ImportEvents { events });
        let s = state(run(
            &db,
            Command::Engagement {
                id: EngagementId("e1".into()),
            },
        ));
        assert_eq!(s.stage, Stage::Matched);
        assert_eq!(s.notes.len(), 2);
        let region = rows(&db, None, true).expect("the region's rows");
        assert_eq!(region.len(), 1);
        let notes: Vec<&str> = region[0]
            .state
            .notes
            .iter()
            .map(|n| n.text.as_str())
            .collect();
        assert_eq!(notes, ["山田さんは午前が良い"], "only the latest note");
        assert_eq!(region[0].state.stage, Stage::Matched);
        run(
            &db,
            Command::ForgetParty {
                party: "r1".into(),
                anonymous: "x0".into(),
            },
        );
        let s = state(run(
            &db,
            Command::Engagement {
                id: EngagementId("e1".into()),
            },
        ));
        assert_eq!(s.stage, Stage::Matched);
        assert!(s.notes.iter().all(|n| !n.text.contains("山田")));
        assert_eq!(
            s.parties.as_ref().map(|p| p.resident.as_str()),
            Some("x0"),
            "the person is renamed"
        );
        assert_eq!(
            super::super::sql::count(
                &db,
                "SELECT COUNT(*) AS n FROM engagement_event
                 WHERE event LIKE '%\"r1\"%' OR actor = 'r1'",
                &[]
            ),
            Ok(0),
            "no event names the account"
        );
        assert_eq!(
            super::super::sql::count(
                &db,
                "SELECT COUNT(*) AS n FROM engagement WHERE resident = 'x0' AND forgotten = 1",
                &[]
            ),
            Ok(1)
        );
        assert_eq!(
            super::super::sql::count(&db, "SELECT COUNT(*) AS n FROM engagement_event", &[]),
            Ok(5)
        );
    }
}
