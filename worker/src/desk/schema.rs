//! The desk's tables, migrated forward only: `MIGRATIONS[i]` takes the schema from version `i`
//! to `i + 1`, and `schema_version` holds the version reached. A desk opens at whatever version
//! it was left at and runs the rest, in the same transaction as its first command.

use super::sql::{Arg, DeskResult, Sql, count};

/// Version 1: invite uses, the login guard's failures, confidentiality terms versions.
const V1: &[&str] = &[
    // One use of an invite code per account that registered with it.
    "CREATE TABLE invite_use (
        code TEXT NOT NULL,
        user_id TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        PRIMARY KEY (code, user_id)
    )",
    // One login try that reached the password check and has not (yet) succeeded.
    "CREATE TABLE login_failure (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        login TEXT NOT NULL,
        address TEXT NOT NULL,
        at_ms INTEGER NOT NULL
    )",
    "CREATE INDEX login_failure_by_login ON login_failure (login, at_ms)",
    "CREATE INDEX login_failure_by_address ON login_failure (address, at_ms)",
    "CREATE INDEX login_failure_by_time ON login_failure (at_ms)",
    // One version of a company's confidentiality terms (`domain::terms::TermsDocument` JSON).
    "CREATE TABLE terms (
        company TEXT NOT NULL,
        version INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (company, version)
    )",
];

/// Version 2: engagements. Each engagement's events, append-only, and its folded state as one row
/// written in the same transaction as the event that made it (`logic::post_event`), so views read
/// states, not histories. One desk per region, so no region column.
const V2: &[&str] = &[
    // One event (`domain::engagement::EngagementEvent` JSON). `seq` is the order the desk applied
    // them in, which is also their canonical order (`logic::post_event` keeps it so).
    "CREATE TABLE engagement_event (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        engagement TEXT NOT NULL,
        id TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        actor TEXT NOT NULL,
        event TEXT NOT NULL,
        UNIQUE (engagement, id)
    )",
    "CREATE INDEX engagement_event_by_actor ON engagement_event (actor)",
    // One engagement's folded state (`EngagementState` JSON) and the columns views filter on.
    // `rejected`: events its stored history holds that the fold set aside (only imported ones);
    // `forgotten`: its resident deleted the account (no longer counted among people working).
    "CREATE TABLE engagement (
        id TEXT PRIMARY KEY,
        job TEXT NOT NULL,
        company TEXT NOT NULL,
        resident TEXT NOT NULL,
        stage TEXT NOT NULL,
        active INTEGER NOT NULL,
        ended INTEGER NOT NULL,
        last_ms INTEGER NOT NULL,
        rejected INTEGER NOT NULL DEFAULT 0,
        forgotten INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL
    )",
    "CREATE INDEX engagement_by_resident ON engagement (resident)",
    "CREATE INDEX engagement_by_company ON engagement (company)",
    "CREATE INDEX engagement_by_stage ON engagement (stage, last_ms)",
];

/// Version 3: `Idempotency-Key` reservations and kept answers. A row is written before
/// the handler runs (`status` 0 while it runs), so a second request with the key finds it.
const V3: &[&str] = &[
    "CREATE TABLE idempotency (
        key TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        request TEXT NOT NULL,
        status INTEGER NOT NULL DEFAULT 0,
        body TEXT NOT NULL DEFAULT '',
        at_ms INTEGER NOT NULL
    )",
    "CREATE INDEX idempotency_by_account ON idempotency (account)",
    "CREATE INDEX idempotency_by_time ON idempotency (at_ms)",
];

/// Version 4: the fair-work records (`desk::fair_work::MIGRATION`).
/// Version 5: what the region's views read (`desk::views::MIGRATION`): resident, verification,
/// course and job facts, and each engagement's track mark.
/// Version 6: each engagement's board columns (`desk::board::MIGRATION`), filled in Rust
/// ([`after`]).
/// Version 7: the courses each profile says were completed (`desk::attention::MIGRATION`),
/// filled from the stored profiles' facts.
/// Version 8: what the region's report counts, as columns (`desk::report::MIGRATION`), filled
/// from the stored profiles' facts and states.
/// Version 9: the companies' shortlists (`desk::shortlist::MIGRATION`), moved from KV.
/// Version 10: which ended engagements lost their free text (`desk::retention::MIGRATION`).
/// Version 11: the people put on courses (`desk::enrolment::MIGRATION`), moved from KV.
/// Version 12: computed reports kept until a fact changes (`desk::report::CACHE_MIGRATION`).
/// Version 13: care requests (`desk::fair_work::CARE_MIGRATION`).
/// Version 14: covering indexes for the views ([`VIEW_INDEXES`]).
/// Version 15: the region's companies and coordinators (`desk::parties::MIGRATION`).
/// Version 16: the report kept in parts (`desk::report::PARTS_MIGRATION`).
/// Version 17: each open job's ranking mark (`desk::views::JOB_MARK_MIGRATION`).
/// Version 18: the report's work kept as a tally (`desk::report::TALLY_MIGRATION`).
/// Version 19: each resident's ranking facts (`desk::views::RESIDENT_MARK_MIGRATION`).
/// Version 20: the version of a placement's inputs (`desk::kept::INPUTS_MIGRATION`).
/// Version 21: each input row's revision (`desk::kept::REVISION_MIGRATION`).
/// Version 22: each engagement's board revision (`desk::board_index::MIGRATION`).
/// Version 23: the version of the idle graduates' inputs (`desk::attention::VERSION_MIGRATION`).
/// Version 24: a check-in adds itself to the report's kept parts (`desk::report::PATCH_MIGRATION`).
pub const MIGRATIONS: &[&[&str]] = &[
    V1,
    V2,
    V3,
    super::fair_work::MIGRATION,
    super::views::MIGRATION,
    super::board::MIGRATION,
    super::attention::MIGRATION,
    super::report::MIGRATION,
    super::shortlist::MIGRATION,
    super::retention::MIGRATION,
    super::enrolment::MIGRATION,
    super::report::CACHE_MIGRATION,
    super::fair_work::CARE_MIGRATION,
    VIEW_INDEXES,
    super::parties::MIGRATION,
    super::report::PARTS_MIGRATION,
    super::views::JOB_MARK_MIGRATION,
    super::report::TALLY_MIGRATION,
    super::views::RESIDENT_MARK_MIGRATION,
    super::kept::INPUTS_MIGRATION,
    super::kept::REVISION_MIGRATION,
    super::board_index::MIGRATION,
    super::attention::VERSION_MIGRATION,
    super::report::PATCH_MIGRATION,
];

/// Version 14: indexes that hold every column a view reads, so that the board, the due list,
/// the attention lists and the report read small index pages instead of the engagement and
/// resident rows, whose JSON (state, card, profile) makes a full scan read the region's ~10 MB.
/// Measured on a large region's desk file (`desk::report::profile`): the paged board's three
/// statements 40 → 11 ms, the report's five 150 → 80 ms. Three replace narrower indexes with the
/// same leading columns.
const VIEW_INDEXES: &[&str] = &[
    // The board's rows (`board::board_rows`): columns, counts, pages, "today", the due list and
    // the coordinators, with the filters' company, job and coordinator.
    "DROP INDEX engagement_by_column",
    "CREATE INDEX engagement_board ON engagement (board_column, active, activity_ms, due_ms,
        planned_end_ms, company, job, coordinator, id) WHERE board_column IS NOT NULL",
    // The report's engagements running in a period, by job (its region).
    "DROP INDEX engagement_by_job",
    "CREATE INDEX engagement_by_job ON engagement (job, trial_ms, ended_ms, resident)",
    // A check-in's engagement (the report's hours, the trend).
    "CREATE INDEX engagement_work ON engagement (id, job, resident, trial_ms, ended_ms)",
    // Whether a graduate has work since (attention).
    "DROP INDEX engagement_by_resident",
    "CREATE INDEX engagement_by_resident ON engagement (resident, stage, trial_ms)",
    // Who works now and when it ends (attention's residents at risk).
    "DROP INDEX engagement_by_stage",
    "CREATE INDEX engagement_by_stage ON engagement (stage, last_ms, planned_end_ms, resident)",
    // The period's check-ins with hours.
    "DROP INDEX checkin_fact_by_time",
    "CREATE INDEX checkin_fact_by_time ON checkin_fact (at_ms, engagement, hours)",
    // The region's funnel and trend (every resident registered by a date), and a resident's
    // kind and stages by id (the report's workers, a course's funnel).
    "DROP INDEX resident_fact_by_region",
    "CREATE INDEX resident_fact_by_region ON resident_fact (region, registered_ms, trained_ms,
        seen_ms, matched_ms, working_ms, retained_ms, renewed_ms)",
    "CREATE INDEX resident_fact_stages ON resident_fact (resident, region, residency,
        registered_ms, trained_ms, seen_ms, matched_ms, working_ms, retained_ms, renewed_ms)",
];

/// What a version needs done in Rust after its statements, on the rows it found (in the same
/// transaction): v6 fills the board's columns from the stored states, v7 the completions from the
/// stored profiles' facts, v8 the report's columns.
fn after<S: Sql>(sql: &S, reached: usize) -> DeskResult<()> {
    match reached {
        6 => super::board::fill(sql),
        7 => super::attention::fill(sql),
        8 => super::report::fill(sql),
        _ => Ok(()),
    }
}

/// The version every desk reaches.
#[cfg(test)]
pub fn latest() -> u32 {
    u32::try_from(MIGRATIONS.len()).unwrap_or(u32::MAX)
}

/// The version a desk's schema is at (0 for a new desk).
pub fn version<S: Sql>(sql: &S) -> DeskResult<u32> {
    sql.run(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
        &[],
    )?;
    let v = count(
        sql,
        "SELECT COALESCE(MAX(version), 0) AS n FROM schema_version",
        &[],
    )?;
    Ok(u32::try_from(v).unwrap_or(0))
}

/// Runs every migration after the desk's version, in order; returns the version reached. The
/// caller runs it in a transaction, so a failed step leaves the desk where it was.
pub fn migrate<S: Sql>(sql: &S) -> DeskResult<u32> {
    let from = version(sql)?;
    let start = usize::try_from(from).unwrap_or(usize::MAX);
    for (i, step) in MIGRATIONS.iter().enumerate().skip(start) {
        for statement in *step {
            sql.run(statement, &[])?;
        }
        after(sql, i + 1)?;
        let reached = i64::try_from(i + 1).unwrap_or(i64::MAX);
        sql.run("DELETE FROM schema_version", &[])?;
        sql.run(
            "INSERT INTO schema_version (version) VALUES (?)",
            &[Arg::Int(reached)],
        )?;
    }
    version(sql)
}

#[cfg(test)]
mod tests {
    use super::super::sql::memory::Memory;
    use super::*;

    /// The tables and indexes of a schema, by name and SQL, sorted.
    fn shape(db: &Memory) -> Vec<(String, String)> {
        #[derive(serde::Deserialize)]
        struct Obj {
            name: String,
            sql: Option<String>,
        }
        let mut objs: Vec<(String, String)> = db
            .rows::<Obj>(
                "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name",
                &[],
            )
            .expect("schema")
            .into_iter()
            .map(|o| (o.name, o.sql.unwrap_or_default()))
            .collect();
        objs.sort();
        objs
    }

    /// A desk left at `v`: the first `v` steps applied, as an older worker would have.
    fn desk_at(v: usize) -> Memory {
        let db = Memory::new();
        db.run(
            "CREATE TABLE schema_version (version INTEGER NOT NULL)",
            &[],
        )
        .expect("version table");
        for step in &MIGRATIONS[..v] {
            for s in *step {
                db.run(s, &[]).expect("old step");
            }
        }
        if v > 0 {
            db.run(
                "INSERT INTO schema_version (version) VALUES (?)",
                &[Arg::Int(i64::try_from(v).expect("small"))],
            )
            .expect("old version");
        }
        db
    }

    #[test]
    fn every_earlier_version_migrates_to_the_same_latest_schema() {
        let fresh = Memory::new();
        assert_eq!(fresh.transaction(migrate), Ok(latest()));
        let expected = shape(&fresh);
        assert!(expected.iter().any(|(n, _)| n == "schema_version"));
        for v in 0..MIGRATIONS.len() {
            let db = desk_at(v);
            assert_eq!(db.transaction(migrate), Ok(latest()), "from version {v}");
            assert_eq!(shape(&db), expected, "from version {v}");
        }
    }

    #[test]
    fn migrating_twice_changes_nothing_and_keeps_rows() {
        let db = Memory::new();
        db.transaction(migrate).expect("first");
        db.run(
            "INSERT INTO invite_use (code, user_id, at_ms) VALUES ('c', 'u', 1)",
            &[],
        )
        .expect("row");
        assert_eq!(db.transaction(migrate), Ok(latest()));
        assert_eq!(
            count(&db, "SELECT COUNT(*) AS n FROM invite_use", &[]),
            Ok(1)
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) AS n FROM schema_version", &[]),
            Ok(1)
        );
    }

    #[test]
    fn a_failing_step_leaves_the_desk_at_its_version() {
        let db = desk_at(0);
        // A table the first step creates already exists: the step fails and rolls back.
        db.run("CREATE TABLE terms (x INTEGER)", &[])
            .expect("clash");
        assert!(db.transaction(migrate).is_err());
        assert_eq!(version(&db), Ok(0));
        assert_eq!(
            count(
                &db,
                "SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'invite_use'",
                &[]
            ),
            Ok(0)
        );
    }
}
