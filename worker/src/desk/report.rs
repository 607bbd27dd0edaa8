//! The region's report (`domain::metrics::region_report_with_trend`) as a handful of SQL
//! aggregates (schema v8), without reading 10,000 residents' documents or every state: what
//! each fact adds to the report is a column, written with the fact, by the domain's rules —
//! a resident's region, residency, registration and earliest verified skill
//! (`ResidentFacts`, the profile's verified times), each engagement's marks
//! (`domain::metrics::EngagementMarks`: matched, work started, retained 90 days, renewed, ended)
//! and its check-ins' hours (`checkin_fact`, one row per check-in). The queries count what
//! `region_report` counts (a stage counts at the period's end when its instant is before it,
//! retained when at or before it); the domain turns the counts into cells
//! (`funnel_from_counts`, `work_summary`, `trend_point`), suppression included.

use chrono::NaiveDate;
use domain::engagement::EngagementState;
use domain::metrics::{
    EngagementMarks, FunnelCounts, FunnelStage, Period, ProgramFunnel, RegionReport, TREND_MONTHS,
};
use domain::model::{ProgramId, RegionId};
use serde::Deserialize;

use super::sql::{Arg, DeskError, DeskResult, Sql};
use super::views::ResidentFact;

/// Version 8: what the report counts, as columns and check-in rows.
pub const MIGRATION: &[&str] = &[
    "ALTER TABLE resident_fact ADD COLUMN region TEXT",
    "ALTER TABLE resident_fact ADD COLUMN residency TEXT",
    "ALTER TABLE resident_fact ADD COLUMN registered_ms INTEGER",
    "ALTER TABLE resident_fact ADD COLUMN verified_ms INTEGER",
    "CREATE INDEX resident_fact_by_region ON resident_fact (region, registered_ms)",
    // The earliest instant of each later funnel stage the resident reached (`refresh`).
    "ALTER TABLE resident_fact ADD COLUMN trained_ms INTEGER",
    "ALTER TABLE resident_fact ADD COLUMN seen_ms INTEGER",
    "ALTER TABLE resident_fact ADD COLUMN matched_ms INTEGER",
    "ALTER TABLE resident_fact ADD COLUMN working_ms INTEGER",
    "ALTER TABLE resident_fact ADD COLUMN retained_ms INTEGER",
    "ALTER TABLE resident_fact ADD COLUMN renewed_ms INTEGER",
    "ALTER TABLE engagement ADD COLUMN matched_ms INTEGER",
    "ALTER TABLE engagement ADD COLUMN retained_ms INTEGER",
    "ALTER TABLE engagement ADD COLUMN renewed_ms INTEGER",
    "ALTER TABLE engagement ADD COLUMN ended_ms INTEGER",
    // One check-in of an engagement (`n`: its place among the engagement's check-ins).
    "CREATE TABLE checkin_fact (
        engagement TEXT NOT NULL,
        n INTEGER NOT NULL,
        at_ms INTEGER NOT NULL,
        hours INTEGER NOT NULL,
        PRIMARY KEY (engagement, n)
    )",
    "CREATE INDEX checkin_fact_by_time ON checkin_fact (at_ms)",
];

fn ms(t: Option<chrono::DateTime<chrono::Utc>>) -> Arg {
    t.map_or(Arg::Null, |t| Arg::Int(t.timestamp_millis()))
}

/// Writes a resident's report columns (after its fact row).
pub fn write_resident<S: Sql>(sql: &S, fact: &ResidentFact) -> DeskResult<()> {
    let residency = serde_json::to_value(fact.facts.residency)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    sql.run(
        "UPDATE resident_fact SET region = ?, residency = ?, registered_ms = ?, verified_ms = ?
         WHERE resident = ?",
        &[
            fact.facts.region.as_str().into(),
            residency.into(),
            fact.facts.registered_at.timestamp_millis().into(),
            ms(fact.verified.iter().min().copied()),
            fact.facts.id.as_str().into(),
        ],
    )?;
    refresh(sql, "resident = ?", &[fact.facts.id.as_str().into()])
}

/// Keeps the funnel's stages of the residents `clause` selects (over `resident_fact`'s
/// columns) as the earliest of their facts: trained (a completion, the profile's or a course's
/// verification), verified (the profile's or a record), and each engagement mark of their jobs
/// in their region (`EngagementMarks`). Run with every write that changes one of those facts.
pub fn refresh<S: Sql>(sql: &S, clause: &str, args: &[Arg]) -> DeskResult<()> {
    let mark = |col: &str| {
        format!(
            "(SELECT MIN(e.{col}) FROM engagement e CROSS JOIN job_fact j
              WHERE e.resident = resident_fact.resident AND j.job = e.job
                AND j.region = resident_fact.region)"
        )
    };
    sql.run(
        &format!(
            "UPDATE resident_fact SET
                trained_ms = (SELECT MIN(t) FROM (
                    SELECT MIN(at_ms) AS t FROM completion_fact
                    WHERE resident = resident_fact.resident
                    UNION ALL
                    SELECT MIN(at_ms) FROM verification_fact
                    WHERE resident = resident_fact.resident AND program IS NOT NULL)),
                seen_ms = (SELECT MIN(t) FROM (
                    SELECT resident_fact.verified_ms AS t
                    UNION ALL
                    SELECT MIN(at_ms) FROM verification_fact
                    WHERE resident = resident_fact.resident)),
                matched_ms = {}, working_ms = {}, retained_ms = {}, renewed_ms = {}
             WHERE {clause}",
            mark("matched_ms"),
            mark("trial_ms"),
            mark("retained_ms"),
            mark("renewed_ms"),
        ),
        args,
    )
}

/// Writes an engagement's marks and check-ins (with its state, in the same transaction).
pub fn write_engagement<S: Sql>(sql: &S, state: &EngagementState) -> DeskResult<()> {
    let Some(id) = &state.engagement_id else {
        return Ok(());
    };
    let marks = EngagementMarks::of(state);
    sql.run(
        "UPDATE engagement SET matched_ms = ?, retained_ms = ?, renewed_ms = ?, ended_ms = ?
         WHERE id = ?",
        &[
            ms(marks.matched),
            ms(marks.retained),
            ms(marks.renewed),
            ms(marks.ended),
            id.as_str().into(),
        ],
    )?;
    sql.run(
        "DELETE FROM checkin_fact WHERE engagement = ?",
        &[id.as_str().into()],
    )?;
    for (n, c) in state.checkins.iter().enumerate() {
        sql.run(
            "INSERT INTO checkin_fact (engagement, n, at_ms, hours) VALUES (?, ?, ?, ?)",
            &[
                id.as_str().into(),
                i64::try_from(n).unwrap_or(i64::MAX).into(),
                c.at.timestamp_millis().into(),
                i64::from(c.hours_worked).into(),
            ],
        )?;
    }
    match &state.parties {
        Some(p) => refresh(sql, "resident = ?", &[p.resident.as_str().into()]),
        None => Ok(()),
    }
}

/// The v8 migration's step in Rust: the columns of every stored profile and engagement.
pub fn fill<S: Sql>(sql: &S) -> DeskResult<()> {
    #[derive(Deserialize)]
    struct State {
        state: String,
    }
    for d in sql.rows::<super::sql::Doc>("SELECT doc FROM resident_fact", &[])? {
        let fact: ResidentFact = serde_json::from_str(&d.doc).map_err(DeskError::of)?;
        write_resident(sql, &fact)?;
    }
    for r in sql.rows::<State>("SELECT state FROM engagement", &[])? {
        let state: EngagementState = serde_json::from_str(&r.state).map_err(DeskError::of)?;
        write_engagement(sql, &state)?;
    }
    Ok(())
}

/// The stage flags of a `resident_fact` row `r` as of `a.t`.
const FLAGS: &str = "COALESCE(r.trained_ms < a.t, 0) AS s1,
    COALESCE(r.seen_ms < a.t, 0) AS s2,
    COALESCE(r.matched_ms < a.t, 0) AS s3,
    COALESCE(r.working_ms < a.t, 0) AS s4,
    COALESCE(r.retained_ms <= a.t, 0) AS s5,
    COALESCE(r.renewed_ms < a.t, 0) AS s6";

/// The funnel's counts over `m`, with `p1` as the first later stage (`s1` for the region's
/// funnel, the program's own completion for a program's).
fn counts_of(first: &str) -> String {
    let stages = [first, "s2", "s3", "s4", "s5", "s6"];
    let mut cols = vec!["COUNT(*) AS base".to_owned()];
    for (i, s) in stages.iter().enumerate() {
        cols.push(format!("COUNT(CASE WHEN {s} THEN 1 END) AS r{i}"));
        let all = stages[..=i].join(" AND ");
        cols.push(format!("COUNT(CASE WHEN {all} THEN 1 END) AS c{i}"));
    }
    cols.join(", ")
}

#[derive(Deserialize)]
struct Counts {
    #[serde(default)]
    program: Option<String>,
    base: i64,
    r0: i64,
    r1: i64,
    r2: i64,
    r3: i64,
    r4: i64,
    r5: i64,
    c0: i64,
    c1: i64,
    c2: i64,
    c3: i64,
    c4: i64,
    c5: i64,
}

impl Counts {
    fn funnel(&self) -> FunnelCounts {
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        FunnelCounts {
            base: n(self.base),
            reached: [self.r0, self.r1, self.r2, self.r3, self.r4, self.r5].map(n),
            strict: [self.c0, self.c1, self.c2, self.c3, self.c4, self.c5].map(n),
        }
    }
}

fn int(v: i64) -> Arg {
    Arg::Int(v)
}

/// Clears every kept report when a row of `$table` is written: the report reads nothing else
/// that changes, so a kept report is the one the facts give now.
macro_rules! clears_reports {
    ($($table:literal),*) => {
        &[
            "CREATE TABLE report_cache (
                key TEXT PRIMARY KEY,
                at_ms INTEGER NOT NULL,
                doc TEXT NOT NULL
            )",
            $(
                concat!("CREATE TRIGGER ", $table, "_insert_clears_reports AFTER INSERT ON ",
                    $table, " BEGIN DELETE FROM report_cache; END"),
                concat!("CREATE TRIGGER ", $table, "_update_clears_reports AFTER UPDATE ON ",
                    $table, " BEGIN DELETE FROM report_cache; END"),
                concat!("CREATE TRIGGER ", $table, "_delete_clears_reports AFTER DELETE ON ",
                    $table, " BEGIN DELETE FROM report_cache; END"),
            )*
        ]
    };
}

/// Version 12: the reports as computed, kept until a fact they count is written. The city's
/// dashboard is read far more often than its facts change, and computing a large region's
/// report scans every resident and a year of check-ins (about 150 ms at 10,000 residents).
pub const CACHE_MIGRATION: &[&str] = clears_reports!(
    "resident_fact",
    "engagement",
    "checkin_fact",
    "job_fact",
    "course_fact",
    "completion_fact",
    "verification_fact"
);

/// How many computed reports are kept (different periods asked for between two writes).
const KEPT_REPORTS: i64 = 16;

/// The region's report for `period` with its twelve-month trend to `today`: the one kept since
/// the facts last changed, or computed ([`compute`]) and kept.
pub fn report<S: Sql>(
    sql: &S,
    region: &RegionId,
    period: Period,
    today: NaiveDate,
) -> DeskResult<RegionReport> {
    let key = format!(
        "{}|{}|{today}",
        region.as_str(),
        serde_json::to_string(&period).map_err(DeskError::of)?
    );
    if let Some(kept) = super::sql::doc_of(sql, "SELECT doc FROM report_cache WHERE key = ?", &key)?
    {
        return Ok(kept);
    }
    let report = compute(sql, region, period, today)?;
    let doc = serde_json::to_string(&report).map_err(DeskError::of)?;
    sql.run(
        "INSERT OR REPLACE INTO report_cache (key, at_ms, doc)
         VALUES (?, (SELECT COALESCE(MAX(at_ms), 0) + 1 FROM report_cache), ?)",
        &[key.into(), doc.into()],
    )?;
    sql.run(
        "DELETE FROM report_cache WHERE key NOT IN (
            SELECT key FROM report_cache ORDER BY at_ms DESC LIMIT ?)",
        &[Arg::Int(KEPT_REPORTS)],
    )?;
    Ok(report)
}

/// The region's report for `period` with its twelve-month trend to `today`
/// (`domain::metrics::region_report_with_trend`, from the columns).
fn compute<S: Sql>(
    sql: &S,
    region: &RegionId,
    period: Period,
    today: NaiveDate,
) -> DeskResult<RegionReport> {
    let (start, end) = (
        period.start_utc().timestamp_millis(),
        period.end_utc().timestamp_millis(),
    );
    let region_arg = || Arg::from(region.as_str());
    // The region's funnel: one row per resident registered before the end.
    let funnel = sql
        .rows::<Counts>(
            &format!(
                "WITH a AS (SELECT CAST(? AS INTEGER) AS t),
                m AS (
                    SELECT {FLAGS} FROM resident_fact r CROSS JOIN a
                    WHERE r.region = ? AND r.registered_ms < a.t
                )
                SELECT {} FROM m",
                counts_of("s1")
            ),
            &[int(end), region_arg()],
        )?
        .first()
        .map(Counts::funnel)
        .unwrap_or_default();
    // Each course's funnel: its residents enrolled before the end (an accepted course, or a
    // completion without one), "trained" = completed this course (`done`, computed once per
    // enrolment: inside the counts SQLite would run a subquery once per count).
    let programs = sql
        .rows::<Counts>(
            &format!(
                "WITH a AS (SELECT CAST(? AS INTEGER) AS t),
                c AS (
                    SELECT resident, program, MIN(at_ms) AS at_ms FROM (
                        SELECT resident, program, at_ms FROM completion_fact
                        UNION ALL
                        SELECT resident, program, at_ms FROM verification_fact
                        WHERE program IS NOT NULL
                    ) GROUP BY resident, program
                ),
                en AS (
                    SELECT f.resident, f.program, f.enrolled_ms,
                        (SELECT c.at_ms FROM c
                            WHERE c.resident = f.resident AND c.program = f.program) AS done
                    FROM course_fact f
                    UNION ALL
                    SELECT c.resident, c.program, c.at_ms, c.at_ms FROM c WHERE NOT EXISTS (
                        SELECT 1 FROM course_fact f
                        WHERE f.resident = c.resident AND f.program = c.program)
                ),
                p AS (
                    SELECT en.program, COALESCE(en.done < a.t, 0) AS p1, {FLAGS}
                    FROM en CROSS JOIN resident_fact r CROSS JOIN a
                    WHERE r.resident = en.resident AND en.enrolled_ms < a.t
                        AND r.region = ? AND r.registered_ms < a.t
                )
                SELECT program, {} FROM p GROUP BY program ORDER BY program",
                counts_of("p1")
            ),
            &[int(end), region_arg()],
        )?
        .into_iter()
        .map(|c| ProgramFunnel {
            program: ProgramId(c.program.clone().unwrap_or_default()),
            program_name: None,
            rows: domain::metrics::funnel_from_counts(FunnelStage::Enrolled, &c.funnel()),
        })
        .collect();
    // The period's work: each working resident's hours, whether 関係人口, and the yen.
    #[derive(Deserialize)]
    struct Person {
        hours: i64,
        yen: i64,
        related: i64,
    }
    // A resident works in the period with an engagement running in it or hours in it (rows
    // of each kind, then summed by resident).
    let people = sql.rows::<Person>(
        "WITH x AS (
            SELECT e.resident, 0 AS hours, 0 AS yen
            FROM engagement e JOIN job_fact j ON j.job = e.job
            WHERE j.region = ? AND e.trial_ms < ? AND (e.ended_ms IS NULL OR e.ended_ms >= ?)
            UNION ALL
            SELECT e.resident, h.hours, h.hours * j.hourly_yen
            FROM checkin_fact h CROSS JOIN engagement e CROSS JOIN job_fact j
            WHERE h.at_ms >= ? AND h.at_ms < ? AND e.id = h.engagement AND j.job = e.job
                AND h.hours > 0 AND j.region = ?
        )
        SELECT SUM(x.hours) AS hours, SUM(x.yen) AS yen,
            (r.resident IS NULL OR r.residency = 'related' OR r.region IS NOT ?
                OR r.registered_ms >= ?) AS related
        FROM x LEFT JOIN resident_fact r ON r.resident = x.resident
        GROUP BY x.resident",
        &[
            region_arg(),
            int(end),
            int(start),
            int(start),
            int(end),
            region_arg(),
            region_arg(),
            int(end),
        ],
    )?;
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    let yen: u64 = people.iter().map(|p| n(p.yen)).sum();
    let hours: Vec<(u64, bool)> = people
        .iter()
        .map(|p| (n(p.hours), p.related != 0))
        .collect();
    let work = domain::metrics::work_summary(&hours, yen);
    let trend = trend(
        sql,
        region,
        &domain::metrics::trend_months(domain::metrics::trend_end(&period, today), TREND_MONTHS),
    )?;
    Ok(RegionReport {
        region: region.clone(),
        region_name: None,
        municipality_name: None,
        made_on: None,
        period,
        funnel: domain::metrics::funnel_from_counts(FunnelStage::Registered, &funnel),
        work,
        programs,
        trend,
    })
}

/// Each month's registered residents, working residents, contributors and hours.
fn trend<S: Sql>(
    sql: &S,
    region: &RegionId,
    months: &[Period],
) -> DeskResult<Vec<domain::metrics::TrendPoint>> {
    if months.is_empty() {
        return Ok(Vec::new());
    }
    let values = (0..months.len())
        .map(|i| format!("({i}, CAST(? AS INTEGER), CAST(? AS INTEGER))"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut bounds: Vec<Arg> = Vec::with_capacity(months.len() * 2);
    for m in months {
        bounds.push(Arg::Int(m.start_utc().timestamp_millis()));
        bounds.push(Arg::Int(m.end_utc().timestamp_millis()));
    }
    // Residents registered by each month's end: one scan, a count per month.
    let counts = (0..months.len())
        .map(|i| format!("COUNT(CASE WHEN registered_ms < ? THEN 1 END) AS m{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut args: Vec<Arg> = months
        .iter()
        .map(|m| Arg::Int(m.end_utc().timestamp_millis()))
        .collect();
    args.push(region.as_str().into());
    let registered: std::collections::BTreeMap<String, i64> = sql
        .rows::<std::collections::BTreeMap<String, i64>>(
            &format!("SELECT {counts} FROM resident_fact WHERE region = ?"),
            &args,
        )?
        .into_iter()
        .next()
        .unwrap_or_default();
    #[derive(Deserialize)]
    struct Work {
        i: i64,
        working: i64,
        contributors: i64,
        hours: i64,
    }
    // Each month's working residents: an engagement running in it or hours in it (rows of each
    // kind, summed by month and resident). `CROSS JOIN` keeps SQLite's order: the month's
    // check-ins by time first (left to choose, it read every engagement's check-ins per month).
    let mut args = bounds;
    args.push(region.as_str().into());
    args.push(region.as_str().into());
    let work = sql.rows::<Work>(
        &format!(
            "WITH mo (i, s, e) AS (VALUES {values}),
            x AS (
                SELECT e.resident, mo.i, 0 AS hours
                FROM engagement e JOIN job_fact j ON j.job = e.job CROSS JOIN mo
                WHERE j.region = ? AND e.trial_ms < mo.e
                    AND (e.ended_ms IS NULL OR e.ended_ms >= mo.s)
                UNION ALL
                SELECT e.resident, mo.i, h.hours
                FROM mo CROSS JOIN checkin_fact h CROSS JOIN engagement e CROSS JOIN job_fact j
                WHERE h.at_ms >= mo.s AND h.at_ms < mo.e AND e.id = h.engagement
                    AND j.job = e.job AND h.hours > 0 AND j.region = ?
            ),
            y AS (SELECT i, resident, SUM(hours) AS hours FROM x GROUP BY i, resident)
            SELECT i, COUNT(*) AS working, COUNT(CASE WHEN hours > 0 THEN 1 END) AS contributors,
                COALESCE(SUM(hours), 0) AS hours
            FROM y GROUP BY i"
        ),
        &args,
    )?;
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    Ok(months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let i = i64::try_from(i).unwrap_or(i64::MAX);
            let reg = registered.get(&format!("m{i}")).map_or(0, |v| n(*v));
            let w = work.iter().find(|w| w.i == i);
            domain::metrics::trend_point(
                m.start,
                reg,
                w.map_or(0, |w| n(w.working)),
                w.map_or(0, |w| n(w.contributors)),
                w.map_or(0, |w| n(w.hours)),
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::super::board::tests::{generated, today};
    use super::super::logic::execute;
    use super::super::views::{ViewAnswer, ViewCommand, metrics};
    use super::super::wire::Command;
    use super::*;
    use chrono::{DateTime, Datelike, TimeDelta, Utc};
    use domain::model::{TaskKindId, Verification};
    use domain::verification::SkillVerification;

    /// Some accepted courses, completed or not, and verifications by the hub and by courses,
    /// for the first `n` residents.
    fn courses_and_verifications(
        db: &super::super::sql::memory::Memory,
        demo: &musubi_demo::DemoRegion,
        n: usize,
    ) {
        let run = |c: ViewCommand| {
            db.transaction(|db| execute(db, Command::View { command: c }))
                .expect("command")
        };
        let at = |d: i64| today() - TimeDelta::days(d);
        for (i, r) in demo.residents().take(n).enumerate() {
            let d = i64::try_from(i).expect("small");
            run(ViewCommand::SetCourse {
                resident: r.id.clone(),
                program: ProgramId(format!("course-{}", i % 3)),
                enrolled_at: Some(at(400 - d)),
            });
            let verification = if i % 2 == 0 {
                Verification::Course {
                    program: ProgramId(format!("course-{}", i % 4)),
                    at: at(300 - d),
                }
            } else {
                Verification::Hub {
                    coordinator: domain::model::UserId("hub-midori-1".into()),
                    note: "見ました".into(),
                    at: at(200 - d),
                }
            };
            run(ViewCommand::SaveVerifications {
                records: vec![(
                    format!("verif:{}:data.entry:{i}", r.id.as_str()),
                    SkillVerification {
                        resident: r.id.clone(),
                        task: TaskKindId("data.entry".into()),
                        level: None,
                        verification,
                    },
                )],
            });
        }
    }

    #[test]
    fn the_report_from_the_columns_equals_the_domains_from_every_fact() {
        let (db, demo) = generated();
        courses_and_verifications(&db, &demo, 120);
        let ViewAnswer::Metrics { input, .. } = metrics(&db).expect("metrics") else {
            panic!("metrics");
        };
        let region = demo.region().id;
        let now: DateTime<Utc> = today();
        let this_year = domain::metrics::fiscal_year(domain::metrics::jst_date(now));
        let mut periods: Vec<Period> = (this_year - 3..=this_year)
            .filter_map(Period::fiscal_year)
            .collect();
        for back in [0, 5, 17, 30] {
            let d = domain::metrics::jst_date(now - TimeDelta::days(back * 30));
            periods.extend(Period::month(d.year(), d.month()));
        }
        let mut working = 0;
        // Twice: computed, then kept (or computed again, beyond the reports kept).
        for pass in [1, 2] {
            for period in &periods {
                for today in [
                    domain::metrics::jst_date(now),
                    period.start,
                    domain::metrics::jst_date(now - TimeDelta::days(700)),
                ] {
                    let expected =
                        domain::metrics::region_report_with_trend(&input, &region, *period, today);
                    let got = report(&db, &region, *period, today).expect("report");
                    assert_eq!(got, expected, "{period:?} on {today}, pass {pass}");
                    working += got.work.working_residents.value().unwrap_or(0);
                }
            }
        }
        assert!(working > 100, "{working}");
        let kept = super::super::sql::count(&db, "SELECT COUNT(*) AS n FROM report_cache", &[]);
        assert_eq!(
            kept,
            Ok(KEPT_REPORTS),
            "no more reports are kept than the limit"
        );
    }

    #[test]
    fn a_kept_report_is_given_until_a_fact_it_counts_is_written() {
        let (db, demo) = generated();
        courses_and_verifications(&db, &demo, 10);
        let region = demo.region().id;
        let on = domain::metrics::jst_date(today());
        let period = Period::fiscal_year_of(on).expect("period");
        let kept = || super::super::sql::count(&db, "SELECT COUNT(*) AS n FROM report_cache", &[]);
        let first = report(&db, &region, period, on).expect("report");
        assert_eq!(kept(), Ok(1));
        assert_eq!(
            report(&db, &region, period, on),
            Ok(first.clone()),
            "the kept one"
        );
        // A write to any table the report reads clears it (an update that changes nothing too):
        // the tables the migration's insert triggers name.
        let tables: Vec<&str> = CACHE_MIGRATION
            .iter()
            .filter_map(|s| s.split(" AFTER INSERT ON ").nth(1))
            .filter_map(|rest| rest.split_whitespace().next())
            .collect();
        assert_eq!(tables.len(), 7, "{tables:?}");
        for table in tables {
            report(&db, &region, period, on).expect("report");
            assert_eq!(kept(), Ok(1), "kept before writing {table}");
            let rows =
                super::super::sql::count(&db, &format!("SELECT COUNT(*) AS n FROM {table}"), &[]);
            assert!(rows.is_ok_and(|n| n > 0), "{table} has rows to write");
            db.run(
                &format!("UPDATE {table} SET rowid = rowid WHERE rowid = (SELECT MIN(rowid) FROM {table})"),
                &[],
            )
            .expect("write");
            assert_eq!(kept(), Ok(0), "a write to {table} clears the kept report");
        }
        // And the report after a real change is the new one: one more course taken.
        let before = report(&db, &region, period, on).expect("report");
        let r = demo.residents().nth(11).expect("a resident");
        db.transaction(|db| {
            execute(
                db,
                Command::View {
                    command: ViewCommand::SetCourse {
                        resident: r.id.clone(),
                        program: ProgramId("course-0".into()),
                        enrolled_at: Some(today() - TimeDelta::days(3)),
                    },
                },
            )
        })
        .expect("course");
        let after = report(&db, &region, period, on).expect("report");
        assert_ne!(
            after.programs, before.programs,
            "the new enrolment is counted"
        );
    }
}

#[cfg(test)]
mod profile {
    //! Times each statement of the views on a desk's SQLite file (a copy of a `wrangler dev`
    //! state folder's): `DESK_FILE=… cargo test -p musubi-worker profile -- --ignored --nocapture`.
    use super::super::sql::memory::Memory;
    use super::*;
    use chrono::{DateTime, Utc};
    use serde::de::DeserializeOwned;

    struct Timed<'a>(&'a Memory);

    impl Sql for Timed<'_> {
        fn rows<T: DeserializeOwned>(&self, query: &str, args: &[Arg]) -> DeskResult<Vec<T>> {
            let started = std::time::Instant::now();
            let out = self.0.rows(query, args);
            let one_line: String = query.split_whitespace().collect::<Vec<_>>().join(" ");
            eprintln!(
                "{:>8.1} ms  {} rows  {}",
                started.elapsed().as_secs_f64() * 1e3,
                out.as_ref().map_or(0, Vec::len),
                one_line.chars().take(150).collect::<String>()
            );
            out
        }

        fn run(&self, query: &str, args: &[Arg]) -> DeskResult<()> {
            self.0.run(query, args)
        }
    }

    #[test]
    #[ignore = "needs DESK_FILE"]
    fn time_the_views_on_a_desk_file() {
        let Ok(path) = std::env::var("DESK_FILE") else {
            return;
        };
        let db = Memory(rusqlite::Connection::open(path).expect("open"));
        #[derive(Deserialize)]
        struct R {
            region: String,
        }
        let region = RegionId(
            db.rows::<R>("SELECT region FROM job_fact LIMIT 1", &[])
                .expect("region")[0]
                .region
                .clone(),
        );
        let now: DateTime<Utc> =
            DateTime::from_timestamp_millis(1_796_256_000_000).expect("2026-12-02");
        let today = domain::metrics::jst_date(now);
        let period = Period::fiscal_year_of(today).expect("period");
        // A file written before the stage columns: add and fill them.
        if db
            .run(
                "ALTER TABLE resident_fact ADD COLUMN trained_ms INTEGER",
                &[],
            )
            .is_ok()
        {
            for c in [
                "seen_ms",
                "matched_ms",
                "working_ms",
                "retained_ms",
                "renewed_ms",
            ] {
                db.run(
                    &format!("ALTER TABLE resident_fact ADD COLUMN {c} INTEGER"),
                    &[],
                )
                .expect("column");
            }
            let started = std::time::Instant::now();
            refresh(&db, "1 = 1", &[]).expect("refresh");
            eprintln!("filled in {:?}", started.elapsed());
        }
        let started = std::time::Instant::now();
        let reached = db
            .transaction(super::super::schema::migrate)
            .expect("migrate");
        eprintln!("migrated to v{reached} in {:?}", started.elapsed());
        let t = Timed(&db);
        let started = std::time::Instant::now();
        eprintln!("-- report");
        compute(&t, &region, period, today).expect("report");
        eprintln!("   {:.1} ms in all", started.elapsed().as_secs_f64() * 1e3);
        eprintln!("-- attention");
        let started = std::time::Instant::now();
        let attention =
            super::super::attention::attention(&t, region.clone(), now, 30, 21).expect("attention");
        eprintln!(
            "   {:.1} ms in all, {} idle, {} at risk",
            started.elapsed().as_secs_f64() * 1e3,
            attention.idle.len(),
            attention.at_risk.len()
        );
        eprintln!("-- board page");
        let started = std::time::Instant::now();
        let board = super::super::board::board(
            &t,
            region.clone(),
            now,
            14,
            &domain::hub::BoardFilter::default(),
            Some(domain::hub::BoardPage::default()),
        )
        .expect("board");
        let json = serde_json::to_string(&board).expect("json");
        eprintln!(
            "   {:.1} ms in all, {} cards, {} KB of JSON",
            started.elapsed().as_secs_f64() * 1e3,
            board.columns.iter().map(|c| c.cards.len()).sum::<usize>()
                + board.today.checkins.len()
                + board.today.stalled.len(),
            json.len() / 1000
        );
        super::super::board::coordinators(&t).expect("coordinators");
        eprintln!("-- due");
        super::super::board::due(&t, region, now, 14, domain::matching::Page::top(20))
            .expect("due");
    }
}
