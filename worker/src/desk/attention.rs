//! The hub's attention lists without reading every resident or every state (schema v7): the
//! courses each resident's profile says they completed are rows (`completion_fact`, written
//! with the profile's fact), so the graduates who may be idle are found by SQL, and only the
//! engagements that can change the lists are read — those graduates' engagements with a trial
//! started, and every engagement of residents whose running work ends near the window. The
//! rule stays `domain::hub::attention`, which decides again on the courses and states read.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use domain::engagement::EngagementState;
use domain::hub::Attention;
use domain::metrics::CourseFacts;
use domain::model::{JobId, ProgramId, RegionId, ResidentId};
use serde::Deserialize;

use super::sql::{DeskError, DeskResult, Sql, array};
use super::views::ResidentFact;

/// Version 7: each course a resident's profile says they completed, and when.
pub const MIGRATION: &[&str] = &["CREATE TABLE completion_fact (
        resident TEXT NOT NULL,
        program TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        PRIMARY KEY (resident, program, at_ms)
    )"];

/// Writes the completions a resident's profile states (with the profile's fact).
pub fn save<S: Sql>(sql: &S, fact: &ResidentFact) -> DeskResult<()> {
    sql.run(
        "DELETE FROM completion_fact WHERE resident = ?",
        &[fact.facts.id.as_str().into()],
    )?;
    for (program, at) in &fact.completed {
        sql.run(
            "INSERT OR IGNORE INTO completion_fact (resident, program, at_ms) VALUES (?, ?, ?)",
            &[
                fact.facts.id.as_str().into(),
                program.as_str().into(),
                at.timestamp_millis().into(),
            ],
        )?;
    }
    Ok(())
}

/// The v7 migration's step in Rust: the completions of every stored profile.
pub fn fill<S: Sql>(sql: &S) -> DeskResult<()> {
    for d in sql.rows::<super::sql::Doc>("SELECT doc FROM resident_fact", &[])? {
        let fact: ResidentFact = serde_json::from_str(&d.doc).map_err(DeskError::of)?;
        save(sql, &fact)?;
    }
    Ok(())
}

const DAY_MS: i64 = 86_400_000;

/// The graduates who may be idle (`g`): residents with a latest completion (`last`; `c`: the
/// earliest completion of each resident's course, from the profile or a course's
/// verification) and no engagement that is work since it — running or paused, or a trial
/// started at or after that completion (`domain::hub::idle_graduates`' rule, which decides
/// again on what is read). How old the completion must be is the clock's part, applied to
/// what is read ([`Graduates::courses`]), so the answer holds until a write moves it.
const GRADUATES: &str = "WITH c AS (
        SELECT resident, program, MIN(at_ms) AS at_ms FROM (
            SELECT resident, program, at_ms FROM completion_fact
            UNION ALL
            SELECT v.resident, v.program, v.at_ms FROM verification_fact v
            WHERE v.program IS NOT NULL
                AND EXISTS (SELECT 1 FROM resident_fact r WHERE r.resident = v.resident)
        ) GROUP BY resident, program
    ),
    last AS (
        SELECT resident, MAX(at_ms) AS at_ms FROM c GROUP BY resident
    ),
    g AS (
        SELECT l.resident, l.at_ms FROM last l WHERE NOT EXISTS (
            SELECT 1 FROM engagement e WHERE e.resident = l.resident
                AND (e.stage IN ('trial', 'working', 'renewed', 'paused') OR e.trial_ms >= l.at_ms))
    )";

/// Moves the graduates' version (`input_version` `graduates`): what [`GRADUATES`] reads.
macro_rules! graduates_trigger {
    ($name:literal, $when:literal) => {
        concat!(
            "CREATE TRIGGER ",
            $name,
            " ",
            $when,
            " BEGIN UPDATE input_version SET n = n + 1 WHERE source = 'graduates'; END"
        )
    };
}

/// Version 23: the version of what [`GRADUATES`] reads, moved by trigger on every write that
/// can change its answer: a completion, a verification, a resident's row appearing or going, an
/// enrolment, and an engagement's stage, trial start or resident (not its check-ins, notes and
/// board columns, which are most of a region's writes). The desk keeps the graduates between
/// them ([`Graduates`]).
pub const VERSION_MIGRATION: &[&str] = &[
    "INSERT INTO input_version (source, n, at_ms) VALUES ('graduates', 0, 0)",
    graduates_trigger!(
        "graduates_completion_insert",
        "AFTER INSERT ON completion_fact"
    ),
    graduates_trigger!(
        "graduates_completion_delete",
        "AFTER DELETE ON completion_fact"
    ),
    graduates_trigger!(
        "graduates_completion_update",
        "AFTER UPDATE ON completion_fact"
    ),
    graduates_trigger!(
        "graduates_verification_insert",
        "AFTER INSERT ON verification_fact"
    ),
    graduates_trigger!(
        "graduates_verification_delete",
        "AFTER DELETE ON verification_fact"
    ),
    graduates_trigger!(
        "graduates_verification_update",
        "AFTER UPDATE ON verification_fact"
    ),
    graduates_trigger!("graduates_resident_insert", "AFTER INSERT ON resident_fact"),
    graduates_trigger!("graduates_resident_delete", "AFTER DELETE ON resident_fact"),
    graduates_trigger!(
        "graduates_resident_update",
        "AFTER UPDATE OF resident ON resident_fact"
    ),
    graduates_trigger!("graduates_course_insert", "AFTER INSERT ON course_fact"),
    graduates_trigger!("graduates_course_delete", "AFTER DELETE ON course_fact"),
    graduates_trigger!("graduates_course_update", "AFTER UPDATE ON course_fact"),
    graduates_trigger!("graduates_engagement_insert", "AFTER INSERT ON engagement"),
    graduates_trigger!("graduates_engagement_delete", "AFTER DELETE ON engagement"),
    // Every save of a state sets `stage`: only a change moves the version.
    graduates_trigger!(
        "graduates_engagement_update",
        "AFTER UPDATE OF stage, trial_ms, resident ON engagement
         WHEN OLD.stage IS NOT NEW.stage OR OLD.trial_ms IS NOT NEW.trial_ms
            OR OLD.resident IS NOT NEW.resident"
    ),
];

/// The graduates who may be idle, kept in the desk's memory while their version
/// ([`VERSION_MIGRATION`]) has not moved: after a check-in, the attention lists read only the
/// engagements that can change them. Kept for every completion however recent; a read keeps
/// those old enough.
#[derive(Debug, Default)]
pub struct Graduates {
    /// The version the courses were read at; `None` before the first read.
    read: Option<i64>,
    courses: Vec<CourseFacts>,
}

impl Graduates {
    /// The courses [`graduates`] answers whose completion is at or before `old_enough`, read
    /// again only when the version moved since the last read.
    fn courses<S: Sql>(&mut self, sql: &S, old_enough: i64) -> DeskResult<Vec<CourseFacts>> {
        let version = version(sql)?;
        if self.read != Some(version) {
            self.courses = graduates(sql)?;
            self.read = Some(version);
        }
        // Each graduate's rows are their latest completions: one instant per graduate.
        Ok(self
            .courses
            .iter()
            .filter(|c| {
                c.completed_at
                    .is_some_and(|t| t.timestamp_millis() <= old_enough)
            })
            .cloned()
            .collect())
    }
}

/// The graduates' version now ([`VERSION_MIGRATION`]).
fn version<S: Sql>(sql: &S) -> DeskResult<i64> {
    super::sql::count(
        sql,
        "SELECT n FROM input_version WHERE source = 'graduates'",
        &[],
    )
}

/// A day's slack on each side: the domain decides, the SQL only leaves out who cannot count.
fn old_enough(now: DateTime<Utc>, idle_days: u32) -> i64 {
    now.timestamp_millis() - (i64::from(idle_days) - 1) * DAY_MS
}

/// The hub's attention lists (`domain::hub::attention`), unnamed: [`kept_attention`] with
/// nothing kept.
pub fn attention<S: Sql>(
    sql: &S,
    region: RegionId,
    now: DateTime<Utc>,
    idle_days: u32,
    ending_days: u32,
) -> DeskResult<Attention> {
    let mut nothing_kept = Graduates::default();
    kept_attention(sql, &mut nothing_kept, region, now, idle_days, ending_days)
}

/// [`attention`], with the graduates the desk keeps ([`Graduates`]).
pub fn kept_attention<S: Sql>(
    sql: &S,
    kept: &mut Graduates,
    region: RegionId,
    now: DateTime<Utc>,
    idle_days: u32,
    ending_days: u32,
) -> DeskResult<Attention> {
    let courses = kept.courses(sql, old_enough(now, idle_days))?;
    attention_of(sql, region, courses, now, idle_days, ending_days)
}

/// The latest completions of the graduates who may be idle ([`GRADUATES`]), in the order the
/// region's course list has them.
fn graduates<S: Sql>(sql: &S) -> DeskResult<Vec<CourseFacts>> {
    #[derive(Deserialize)]
    struct Done {
        resident: String,
        program: String,
        at_ms: i64,
        enrolled_ms: Option<i64>,
    }
    let time = |ms: i64| DateTime::from_timestamp_millis(ms).unwrap_or_default();
    // Every graduate of `g` has a row here (the completion that is their latest).
    // One JSON array (~1,500 rows at the large size).
    let done: Vec<Done> = array(
        sql,
        &format!(
            "{GRADUATES} SELECT json_group_array(json_object('resident', c.resident,
                 'program', c.program, 'at_ms', c.at_ms, 'enrolled_ms', f.enrolled_ms)) AS doc
             FROM c LEFT JOIN course_fact f ON f.resident = c.resident AND f.program = c.program
             WHERE (c.resident, c.at_ms) IN (SELECT resident, at_ms FROM g)"
        ),
        &[],
    )?;
    // Each graduate's latest completions (an earlier one never decides), in the order the
    // region's course list has them (`views::metrics`): the courses accepted (by program, then
    // resident), then completions without an enrolment (by resident, then program); the domain
    // keeps the first of equal completions.
    let (mut enrolled, mut unenrolled): (Vec<Done>, Vec<Done>) =
        done.into_iter().partition(|d| d.enrolled_ms.is_some());
    enrolled.sort_by(|a, b| (&a.program, &a.resident).cmp(&(&b.program, &b.resident)));
    unenrolled.sort_by(|a, b| (&a.resident, &a.program).cmp(&(&b.resident, &b.program)));
    Ok(enrolled
        .into_iter()
        .chain(unenrolled)
        .map(|d| CourseFacts {
            resident: ResidentId(d.resident),
            program: ProgramId(d.program),
            enrolled_at: time(d.enrolled_ms.unwrap_or(d.at_ms)),
            completed_at: Some(time(d.at_ms)),
        })
        .collect())
}

/// The lists from the graduates' `courses`, with the engagements that can change them.
fn attention_of<S: Sql>(
    sql: &S,
    region: RegionId,
    courses: Vec<CourseFacts>,
    now: DateTime<Utc>,
    idle_days: u32,
    ending_days: u32,
) -> DeskResult<Attention> {
    let now_ms = now.timestamp_millis();
    let (ends_from, ends_until) = (
        now_ms - 2 * DAY_MS,
        now_ms + (i64::from(ending_days) + 2) * DAY_MS,
    );
    // The graduates, bound as one JSON list: the statement below does not count them again
    // (3.5 → 0.7 ms natively at the large size, ~1,500 graduates).
    let graduates: std::collections::BTreeSet<&str> =
        courses.iter().map(|c| c.resident.as_str()).collect();
    let graduates = serde_json::to_string(&graduates).map_err(DeskError::of)?;
    #[derive(Deserialize)]
    struct Row {
        card: String,
        job: String,
        weeks: Option<i64>,
    }
    let rows = sql.rows::<Row>(
        "WITH risk AS (
                SELECT DISTINCT resident FROM engagement
                WHERE stage IN ('trial', 'working', 'renewed')
                    AND (planned_end_ms IS NULL OR (planned_end_ms > ? AND planned_end_ms < ?))
            )
            SELECT e.card, e.job, j.duration_weeks AS weeks
            FROM engagement e LEFT JOIN job_fact j ON j.job = e.job
            WHERE e.card IS NOT NULL AND e.rowid IN (
                SELECT rowid FROM engagement WHERE resident IN (SELECT resident FROM risk)
                UNION
                SELECT rowid FROM engagement
                WHERE resident IN (SELECT value FROM json_each(?)) AND trial_ms IS NOT NULL)
            ORDER BY e.id",
        &[ends_from.into(), ends_until.into(), graduates.into()],
    )?;
    let mut weeks: BTreeMap<JobId, u32> = BTreeMap::new();
    let mut states: Vec<EngagementState> = Vec::with_capacity(rows.len());
    for r in rows {
        if let Some(w) = r.weeks {
            weeks.insert(JobId(r.job), u32::try_from(w).unwrap_or(0));
        }
        states.push(serde_json::from_str(&r.card).map_err(DeskError::of)?);
    }
    Ok(domain::hub::attention(
        region,
        &courses,
        &states,
        &weeks,
        now,
        idle_days,
        ending_days,
    ))
}

#[cfg(test)]
mod tests {
    use super::super::board::tests::{generated, today};
    use super::super::logic::execute;
    use super::super::sql::memory::Memory;
    use super::super::views::{ResidentFact, ViewCommand, pure_attention};
    use super::super::wire::Command;
    use super::*;
    use chrono::TimeDelta;
    use domain::engagement::{Actor, EngagementEvent, EventId, EventKind, Role};
    use domain::model::{EngagementId, UserId};

    #[test]
    fn the_attention_lists_from_the_rows_equal_the_domains_from_every_fact() {
        let (db, demo) = generated();
        let region = demo.region().id;
        let (mut idle, mut at_risk) = (0, 0);
        for days in [-400, -200, -60, 0, 30, 120] {
            let now = today() + TimeDelta::days(days) + TimeDelta::hours(days.rem_euclid(24));
            for (idle_days, ending_days) in [(1, 1), (30, 21), (90, 60), (365, 365)] {
                let expected = pure_attention(&db, region.clone(), now, idle_days, ending_days)
                    .expect("attention");
                let got =
                    attention(&db, region.clone(), now, idle_days, ending_days).expect("attention");
                assert_eq!(got, expected, "{days} days on, {idle_days}/{ending_days}");
                idle += expected.idle.len();
                at_risk += expected.at_risk.len();
            }
        }
        assert!(idle > 20 && at_risk > 20, "{idle} idle, {at_risk} at risk");
    }

    /// The kept graduates' lists equal the ones read afresh, at two clocks and two limits.
    fn same_lists(
        db: &Memory,
        kept: &mut Graduates,
        region: &RegionId,
        now: DateTime<Utc>,
        what: &str,
    ) -> Attention {
        let mut first = None;
        for at in [now, now + TimeDelta::days(40)] {
            for (idle_days, ending_days) in [(30, 21), (90, 60)] {
                let fresh =
                    attention(db, region.clone(), at, idle_days, ending_days).expect("attention");
                let got = kept_attention(db, kept, region.clone(), at, idle_days, ending_days)
                    .expect("kept attention");
                assert_eq!(got, fresh, "{what}: {at} {idle_days}/{ending_days}");
                first.get_or_insert(got);
            }
        }
        first.expect("lists")
    }

    #[test]
    fn the_kept_graduates_follow_every_write_that_can_change_the_lists() {
        let (db, demo) = generated();
        let region = demo.region().id;
        let run = |c: Command| db.transaction(|db| execute(db, c)).expect("command");
        let post = |engagement: &EngagementId, at: DateTime<Utc>, kind: EventKind| {
            run(Command::PostEvent {
                open: None,
                event: EngagementEvent {
                    id: EventId(format!("{}-graduates", at.timestamp_millis())),
                    engagement_id: engagement.clone(),
                    at,
                    actor: Actor {
                        user: UserId("hub-midori-1".into()),
                        role: Role::Hub,
                    },
                    kind,
                },
            })
        };
        let mut kept = Graduates::default();
        let mut now = today();
        let before = same_lists(&db, &mut kept, &region, now, "from nothing");
        #[derive(Deserialize)]
        struct Working {
            id: String,
        }
        let working = EngagementId(
            db.rows::<Working>(
                "SELECT id FROM engagement WHERE stage = 'working' ORDER BY id LIMIT 1",
                &[],
            )
            .expect("rows")
            .remove(0)
            .id,
        );
        // A check-in (most of a region's writes) leaves the graduates as they are.
        let read = version(&db).expect("version");
        now += TimeDelta::minutes(5);
        post(&working, now, super::super::testing::check_in(3));
        assert_eq!(
            version(&db).expect("version"),
            read,
            "a check-in moves nothing the graduates read"
        );
        same_lists(&db, &mut kept, &region, now, "a check-in");
        // Work paused: its stage changes, and the version moves.
        now += TimeDelta::minutes(5);
        post(
            &working,
            now,
            EventKind::Paused {
                reason: "家の事情".into(),
            },
        );
        assert!(
            version(&db).expect("version") > read,
            "a stage change moves the version"
        );
        same_lists(&db, &mut kept, &region, now, "work paused");
        // A resident with no work completes a course two months ago: a graduate more.
        let engaged: std::collections::BTreeSet<String> = db
            .rows::<Working>("SELECT DISTINCT resident AS id FROM engagement", &[])
            .expect("rows")
            .into_iter()
            .map(|w| w.id)
            .collect();
        let mut fact = demo
            .residents()
            .find(|r| !engaged.contains(r.id.as_str()))
            .map(|r| ResidentFact::of(&r))
            .expect("a resident without work");
        let program = ProgramId("p-graduates-test".into());
        fact.completed
            .push((program.clone(), now - TimeDelta::days(60)));
        let newcomer = fact.facts.id.clone();
        run(Command::View {
            command: ViewCommand::SaveResident { fact },
        });
        let after = same_lists(&db, &mut kept, &region, now, "a course completed");
        let idle = |a: &Attention| a.idle.iter().any(|g| g.resident == newcomer);
        assert!(
            !idle(&before) && idle(&after),
            "the new graduate is on the idle list"
        );
    }
}
