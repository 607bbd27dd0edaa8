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

use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::engagement::EngagementState;
use domain::metrics::{
    EngagementMarks, FunnelCounts, FunnelStage, Period, ProgramFunnel, RegionReport, TREND_MONTHS,
};
use domain::model::{ProgramId, RegionId};
use serde::{Deserialize, Serialize};

use super::sql::{Arg, DeskError, DeskResult, Sql, json, parse};
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
    // Each check-in written in place (unchanged rows clear no kept part of the report), and
    // any past the state's last removed.
    for (n, c) in state.checkins.iter().enumerate() {
        sql.run(
            "INSERT INTO checkin_fact (engagement, n, at_ms, hours) VALUES (?, ?, ?, ?)
             ON CONFLICT (engagement, n) DO UPDATE
             SET at_ms = excluded.at_ms, hours = excluded.hours",
            &[
                id.as_str().into(),
                i64::try_from(n).unwrap_or(i64::MAX).into(),
                c.at.timestamp_millis().into(),
                i64::from(c.hours_worked).into(),
            ],
        )?;
    }
    sql.run(
        "DELETE FROM checkin_fact WHERE engagement = ? AND n >= ?",
        &[
            id.as_str().into(),
            i64::try_from(state.checkins.len())
                .unwrap_or(i64::MAX)
                .into(),
        ],
    )?;
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

#[derive(Serialize, Deserialize)]
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

/// v16's statements: v12's triggers (named by their table) and table dropped, `create`, then
/// one trigger per kind of write on each table of `on_every_write` running its statement.
macro_rules! kept_in_parts {
    (
        drop: [$($old:literal),*],
        create: [$($create:literal),*],
        on_every_write: [$(($table:literal, $action:literal)),*]
    ) => {
        &[
            $(
                concat!("DROP TRIGGER ", $old, "_insert_clears_reports"),
                concat!("DROP TRIGGER ", $old, "_update_clears_reports"),
                concat!("DROP TRIGGER ", $old, "_delete_clears_reports"),
            )*
            "DROP TABLE report_cache",
            $($create,)*
            $(
                concat!("CREATE TRIGGER ", $table, "_insert_clears_parts AFTER INSERT ON ",
                    $table, " BEGIN ", $action, "; END"),
                concat!("CREATE TRIGGER ", $table, "_update_clears_parts AFTER UPDATE ON ",
                    $table, " BEGIN ", $action, "; END"),
                concat!("CREATE TRIGGER ", $table, "_delete_clears_parts AFTER DELETE ON ",
                    $table, " BEGIN ", $action, "; END"),
            )*
        ]
    };
}

/// Version 16: the report kept in parts (`report_part`) instead of whole, each cleared only by
/// the writes that change it. A check-in with hours used to clear the whole report, and a
/// large region's recount took ~60 ms of SQL (the funnel 13, the courses 9, the period's work
/// 16, the trend 23); now it clears the period's work and its own month, and the funnel, the
/// courses, the residents counted per month and the other eleven months stay kept:
///
/// - `funnel`, `programs`, `work`: the report's period (`start_ms`..`end_ms`); `registered`: the
///   trend's residents per month end; `month`: one trend month's work.
/// - Residents (`resident_fact`: every part counts them; an update only when a column the report
///   reads changed, so a refresh that changes nothing keeps everything), courses, completions and
///   verifications (`programs`), jobs (`work`, `month`: pay and region), engagements (`work`,
///   `month`; a change of its trial or end only those ending after the earlier of the instants),
///   check-ins with hours (the `work` and `month` parts whose span holds the check-in).
pub const PARTS_MIGRATION: &[&str] = kept_in_parts!(
    // What v12 made: the triggers that cleared the whole kept report, and its table.
    drop: [
        "resident_fact",
        "engagement",
        "checkin_fact",
        "job_fact",
        "course_fact",
        "completion_fact",
        "verification_fact"
    ],
    create: [
        "CREATE TABLE report_part (
            key TEXT PRIMARY KEY,
            part TEXT NOT NULL,
            start_ms INTEGER NOT NULL,
            end_ms INTEGER NOT NULL,
            at_ms INTEGER NOT NULL,
            doc TEXT NOT NULL
        )",
        "CREATE TRIGGER resident_fact_insert_clears_parts AFTER INSERT ON resident_fact
            BEGIN DELETE FROM report_part; END",
        "CREATE TRIGGER resident_fact_delete_clears_parts AFTER DELETE ON resident_fact
            BEGIN DELETE FROM report_part; END",
        "CREATE TRIGGER resident_fact_update_clears_parts AFTER UPDATE ON resident_fact
            WHEN OLD.resident IS NOT NEW.resident OR OLD.region IS NOT NEW.region
                OR OLD.residency IS NOT NEW.residency OR OLD.registered_ms IS NOT NEW.registered_ms
                OR OLD.verified_ms IS NOT NEW.verified_ms OR OLD.trained_ms IS NOT NEW.trained_ms
                OR OLD.seen_ms IS NOT NEW.seen_ms OR OLD.matched_ms IS NOT NEW.matched_ms
                OR OLD.working_ms IS NOT NEW.working_ms OR OLD.retained_ms IS NOT NEW.retained_ms
                OR OLD.renewed_ms IS NOT NEW.renewed_ms
            BEGIN DELETE FROM report_part; END",
        "CREATE TRIGGER engagement_insert_clears_parts AFTER INSERT ON engagement
            BEGIN DELETE FROM report_part WHERE part IN ('work', 'month'); END",
        "CREATE TRIGGER engagement_delete_clears_parts AFTER DELETE ON engagement
            BEGIN DELETE FROM report_part WHERE part IN ('work', 'month'); END",
        "CREATE TRIGGER engagement_update_clears_parts AFTER UPDATE ON engagement
            WHEN OLD.id IS NOT NEW.id OR OLD.job IS NOT NEW.job OR OLD.resident IS NOT NEW.resident
            BEGIN DELETE FROM report_part WHERE part IN ('work', 'month'); END",
        // An engagement counts in a span when it started before the span's end and had not
        // ended before its start: moving its start or end changes no span that ends before
        // both instants.
        "CREATE TRIGGER engagement_dates_clear_parts AFTER UPDATE ON engagement
            WHEN OLD.trial_ms IS NOT NEW.trial_ms OR OLD.ended_ms IS NOT NEW.ended_ms
            BEGIN DELETE FROM report_part WHERE part IN ('work', 'month') AND end_ms > MIN(
                COALESCE(OLD.trial_ms, 9223372036854775807),
                COALESCE(NEW.trial_ms, 9223372036854775807),
                COALESCE(OLD.ended_ms, 9223372036854775807),
                COALESCE(NEW.ended_ms, 9223372036854775807));
            END",
        "CREATE TRIGGER checkin_fact_insert_clears_parts AFTER INSERT ON checkin_fact
            WHEN NEW.hours > 0
            BEGIN DELETE FROM report_part WHERE part IN ('work', 'month')
                AND start_ms <= NEW.at_ms AND end_ms > NEW.at_ms; END",
        "CREATE TRIGGER checkin_fact_delete_clears_parts AFTER DELETE ON checkin_fact
            WHEN OLD.hours > 0
            BEGIN DELETE FROM report_part WHERE part IN ('work', 'month')
                AND start_ms <= OLD.at_ms AND end_ms > OLD.at_ms; END",
        "CREATE TRIGGER checkin_fact_update_clears_parts AFTER UPDATE ON checkin_fact
            WHEN OLD.hours IS NOT NEW.hours OR OLD.at_ms IS NOT NEW.at_ms
                OR OLD.engagement IS NOT NEW.engagement
            BEGIN DELETE FROM report_part WHERE part IN ('work', 'month'); END"
    ],
    // Any write to these clears the parts that count them.
    on_every_write: [
        ("course_fact", "DELETE FROM report_part WHERE part = 'programs'"),
        ("completion_fact", "DELETE FROM report_part WHERE part = 'programs'"),
        ("verification_fact", "DELETE FROM report_part WHERE part = 'programs'"),
        ("job_fact", "DELETE FROM report_part WHERE part IN ('work', 'month')")
    ]
);

/// Version 18: the period's `work` part is kept as a tally of hours (`report`'s `Tally`), no
/// longer as a row per resident: the parts kept in the older shape are dropped, and counted
/// again by the next report that needs them.
pub const TALLY_MIGRATION: &[&str] = &["DELETE FROM report_part WHERE part = 'work'"];

/// Whether a resident counts as 関係人口 in a region for a span ending at `$end`: no profile
/// here, related by residency, from another region, or registered after the span (`r`: their
/// `resident_fact` row). The period's work and the check-in trigger that adds to it share it.
macro_rules! related {
    ($region:literal, $end:literal) => {
        concat!(
            "(r.resident IS NULL OR r.residency = 'related' OR r.region IS NOT ",
            $region,
            " OR r.registered_ms >= ",
            $end,
            ")"
        )
    };
}

/// The resident of a new check-in's engagement (`NEW`: a `checkin_fact` row).
macro_rules! checkin_resident {
    () => {
        "(SELECT resident FROM engagement WHERE id = NEW.engagement)"
    };
}

/// `$what` summed over the check-ins with hours of the new check-in's resident in the kept
/// part's span and region (the new one included), as the report's queries sum them: by each
/// check-in's engagement's job's region.
macro_rules! resident_sum {
    ($what:literal) => {
        concat!(
            "(SELECT COALESCE(SUM(",
            $what,
            "), 0) FROM engagement u JOIN job_fact uj ON uj.job = u.job
                JOIN checkin_fact c ON c.engagement = u.id
             WHERE u.resident = ",
            checkin_resident!(),
            " AND uj.region = report_part.region AND c.hours > 0
                AND c.at_ms >= report_part.start_ms AND c.at_ms < report_part.end_ms)"
        )
    };
}

/// [`related!`] for a new check-in's resident and a kept part.
macro_rules! checkin_related {
    () => {
        concat!(
            "(SELECT ",
            related!("report_part.region", "report_part.end_ms"),
            " FROM (SELECT 1) LEFT JOIN resident_fact r ON r.resident = ",
            checkin_resident!(),
            ")"
        )
    };
}

/// Whether the new check-in's resident was counted in the kept part before it: an engagement
/// of theirs running in the span, or hours in it before this check-in.
macro_rules! counted_before {
    () => {
        concat!(
            "(EXISTS (SELECT 1 FROM engagement u JOIN job_fact uj ON uj.job = u.job
                WHERE u.resident = ",
            checkin_resident!(),
            " AND uj.region = report_part.region AND u.trial_ms < report_part.end_ms
                AND (u.ended_ms IS NULL OR u.ended_ms >= report_part.start_ms))
             OR ",
            resident_sum!("c.hours"),
            " > NEW.hours)"
        )
    };
}

/// The kept parts a new check-in with hours counts in: its span holds the check-in, and its
/// region is the one of the check-in's job.
macro_rules! parts_of_checkin {
    ($part:literal) => {
        concat!(
            " WHERE part = '",
            $part,
            "' AND start_ms <= NEW.at_ms AND end_ms > NEW.at_ms AND region = (
                SELECT j.region FROM engagement e JOIN job_fact j ON j.job = e.job
                WHERE e.id = NEW.engagement)"
        )
    };
}

/// Version 24: a check-in with hours (most of a region's writes) adds itself to the kept parts
/// that count it, instead of clearing them: each trend month's working residents, contributors
/// and hours, and the period's tally (its resident moves from the bucket of their hours before
/// to the one after). A large region counted the period's work again after each check-in
/// (~8 ms of SQL natively). The parts gain their region, and the parts kept before are dropped
/// (they have none, so no check-in would reach them).
pub const PATCH_MIGRATION: &[&str] = &[
    "DELETE FROM report_part",
    "ALTER TABLE report_part ADD COLUMN region TEXT",
    "DROP TRIGGER checkin_fact_insert_clears_parts",
    concat!(
        "CREATE TRIGGER checkin_fact_insert_patches_parts AFTER INSERT ON checkin_fact
            WHEN NEW.hours > 0 BEGIN
         UPDATE report_part SET doc = json_object(
            'working', json_extract(doc, '$.working') + (NOT ",
        counted_before!(),
        "),
            'contributors', json_extract(doc, '$.contributors') + (",
        resident_sum!("c.hours"),
        " = NEW.hours),
            'hours', json_extract(doc, '$.hours') + NEW.hours)",
        parts_of_checkin!("month"),
        ";
         UPDATE report_part SET doc = (
            SELECT json_group_array(json_object('hours', hours, 'related', related, 'n', n,
                'yen', yen))
            FROM (SELECT hours, related, SUM(n) AS n, SUM(yen) AS yen FROM (
                SELECT json_extract(value, '$.hours') AS hours,
                    json_extract(value, '$.related') AS related,
                    json_extract(value, '$.n') AS n, json_extract(value, '$.yen') AS yen
                FROM json_each(report_part.doc)
                UNION ALL
                SELECT ",
        resident_sum!("c.hours"),
        " - NEW.hours, ",
        checkin_related!(),
        ", -1, NEW.hours * (SELECT j.hourly_yen FROM engagement e JOIN job_fact j
                    ON j.job = e.job WHERE e.id = NEW.engagement) - ",
        resident_sum!("c.hours * uj.hourly_yen"),
        " WHERE ",
        counted_before!(),
        "
                UNION ALL
                SELECT ",
        resident_sum!("c.hours"),
        ", ",
        checkin_related!(),
        ", 1, ",
        resident_sum!("c.hours * uj.hourly_yen"),
        "
            ) GROUP BY hours, related HAVING SUM(n) > 0 ORDER BY hours, related))",
        parts_of_checkin!("work"),
        "; END"
    ),
];

/// How many parts are kept (a report is 4 parts and 12 months; several periods asked for
/// between two writes).
const KEPT_PARTS: i64 = 256;

/// Where a part of the report is kept: its kind (`report_part.part`), region, key and span.
struct Part<'a> {
    part: &'static str,
    region: &'a RegionId,
    key: String,
    span: (i64, i64),
}

/// A part of the report kept in `report_part` under its key, or computed and kept.
fn kept<S: Sql, T: serde::Serialize + serde::de::DeserializeOwned>(
    sql: &S,
    part: &Part<'_>,
    compute: impl FnOnce() -> DeskResult<T>,
) -> DeskResult<T> {
    if let Some(doc) = kept_docs(sql, std::slice::from_ref(&part.key))?.remove(&part.key) {
        return parse(&doc);
    }
    let value = compute()?;
    keep(sql, part, &value)?;
    Ok(value)
}

/// The kept parts among `keys` (at most `sql::MAX_BOUND`), each part's JSON by its key.
fn kept_docs<S: Sql>(sql: &S, keys: &[String]) -> DeskResult<BTreeMap<String, String>> {
    #[derive(Deserialize)]
    struct Kept {
        key: String,
        doc: String,
    }
    let marks = super::sql::marks(keys.len());
    let args: Vec<Arg> = keys.iter().map(|k| Arg::from(k.as_str())).collect();
    Ok(sql
        .rows::<Kept>(
            &format!("SELECT key, doc FROM report_part WHERE key IN ({marks})"),
            &args,
        )?
        .into_iter()
        .map(|k| (k.key, k.doc))
        .collect())
}

fn keep<S: Sql, T: serde::Serialize>(sql: &S, part: &Part<'_>, value: &T) -> DeskResult<()> {
    sql.run(
        "INSERT OR REPLACE INTO report_part (key, part, region, start_ms, end_ms, at_ms, doc)
         VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(at_ms), 0) + 1 FROM report_part), ?)",
        &[
            part.key.as_str().into(),
            part.part.into(),
            part.region.as_str().into(),
            int(part.span.0),
            int(part.span.1),
            json(value)?.into(),
        ],
    )?;
    // Only the latest parts stay: trimmed when one is written, never on a read of kept ones.
    sql.run(
        "DELETE FROM report_part WHERE key NOT IN (
            SELECT key FROM report_part ORDER BY at_ms DESC LIMIT ?)",
        &[Arg::Int(KEPT_PARTS)],
    )
}

/// The region's report for `period` with its twelve-month trend to `today`
/// (`domain::metrics::region_report_with_trend`, from the columns): each part the one kept since
/// the facts it counts last changed, or computed and kept ([`PARTS_MIGRATION`]).
pub fn report<S: Sql>(
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
    let span = (start, end);
    let key = |part: &str| format!("{part}|{}|{start}|{end}", region.as_str());
    let part = |part: &'static str| Part {
        part,
        region,
        key: key(part),
        span,
    };
    // The region's funnel: one row per resident registered before the end.
    let funnel: Option<Counts> = kept(sql, &part("funnel"), || {
        Ok(sql
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
            .into_iter()
            .next())
    })?;
    let funnel = funnel.as_ref().map(Counts::funnel).unwrap_or_default();
    // Each course's funnel: its residents enrolled before the end (an accepted course, or a
    // completion without one), "trained" = completed this course (`done`, computed once per
    // enrolment: inside the counts SQLite would run a subquery once per count).
    let programs: Vec<Counts> = kept(sql, &part("programs"), || {
        sql.rows::<Counts>(
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
        )
    })?;
    let programs = programs
        .into_iter()
        .map(|c| ProgramFunnel {
            program: ProgramId(c.program.clone().unwrap_or_default()),
            program_name: None,
            rows: domain::metrics::funnel_from_counts(FunnelStage::Enrolled, &c.funnel()),
        })
        .collect();
    // The period's work: how many working residents worked each number of hours, as 関係人口
    // or not, and their yen (a tally: the same multiset of hours as a row per resident, which
    // is what the summary's Gini and top-10 share read, in ~280 rows at the large size, not
    // ~1,350, to pass to Rust and to keep).
    #[derive(Serialize, Deserialize)]
    struct Tally {
        hours: i64,
        related: i64,
        n: i64,
        yen: i64,
    }
    // A resident works in the period with an engagement running in it or hours in it (rows
    // of each kind, then summed by resident). The period's check-ins are summed by engagement
    // first, and the residents' facts read once each after the sums: each engagement and
    // resident is looked up once, not once per check-in (8.9 → 4.7 ms natively at the large
    // size, whose fiscal year holds ~3,600 check-ins).
    let tallies: Vec<Tally> = kept(sql, &part("work"), || {
        sql.rows::<Tally>(
            concat!(
                "WITH h AS (
                SELECT engagement, SUM(hours) AS hours FROM checkin_fact
                WHERE at_ms >= ? AND at_ms < ? AND hours > 0 GROUP BY engagement
            ),
            x AS (
                SELECT e.resident, 0 AS hours, 0 AS yen
                FROM engagement e JOIN job_fact j ON j.job = e.job
                WHERE j.region = ? AND e.trial_ms < ? AND (e.ended_ms IS NULL OR e.ended_ms >= ?)
                UNION ALL
                SELECT e.resident, h.hours, h.hours * j.hourly_yen
                FROM h CROSS JOIN engagement e CROSS JOIN job_fact j
                WHERE e.id = h.engagement AND j.job = e.job AND j.region = ?
            ),
            p AS (SELECT resident, SUM(hours) AS hours, SUM(yen) AS yen FROM x GROUP BY resident),
            w AS (
                SELECT p.hours, p.yen, ",
                related!("?", "?"),
                " AS related
                FROM p LEFT JOIN resident_fact r ON r.resident = p.resident
            )
            SELECT hours, related, COUNT(*) AS n, SUM(yen) AS yen FROM w
            GROUP BY hours, related ORDER BY hours, related"
            ),
            &[
                int(start),
                int(end),
                region_arg(),
                int(end),
                int(start),
                region_arg(),
                region_arg(),
                int(end),
            ],
        )
    })?;
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    let yen: u64 = tallies.iter().map(|t| n(t.yen)).sum();
    let hours: Vec<(u64, bool)> = tallies
        .iter()
        .flat_map(|t| {
            std::iter::repeat_n(
                (n(t.hours), t.related != 0),
                usize::try_from(t.n).unwrap_or(0),
            )
        })
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

/// One trend month's work: working residents, contributors and hours.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
struct MonthWork {
    working: i64,
    contributors: i64,
    hours: i64,
}

/// Each month's registered residents, working residents, contributors and hours: the
/// registered counts kept as one part, each month's work as its own (only the months a write
/// touched are counted again, in one statement).
fn trend<S: Sql>(
    sql: &S,
    region: &RegionId,
    months: &[Period],
) -> DeskResult<Vec<domain::metrics::TrendPoint>> {
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Ok(Vec::new());
    };
    let span = (
        first.start_utc().timestamp_millis(),
        last.end_utc().timestamp_millis(),
    );
    let key = format!("registered|{}|{}|{}", region.as_str(), span.0, span.1);
    let registered: Vec<i64> = kept(
        sql,
        &Part {
            part: "registered",
            region,
            key,
            span,
        },
        || registered_by_month(sql, region, months),
    )?;
    // Each month's work as kept (one statement), the missing months counted in one more.
    let keys: Vec<String> = months
        .iter()
        .map(|m| format!("month|{}|{}", region.as_str(), m.start))
        .collect();
    let kept = kept_docs(sql, &keys)?;
    let mut work: Vec<Option<MonthWork>> = keys
        .iter()
        .map(|k| kept.get(k).map(|doc| parse(doc)).transpose())
        .collect::<DeskResult<_>>()?;
    let missing: Vec<usize> = (0..months.len()).filter(|&i| work[i].is_none()).collect();
    if !missing.is_empty() {
        let periods: Vec<Period> = missing.iter().map(|&i| months[i]).collect();
        for (&i, counted) in missing.iter().zip(work_by_month(sql, region, &periods)?) {
            let m = months[i];
            let bounds = (
                m.start_utc().timestamp_millis(),
                m.end_utc().timestamp_millis(),
            );
            let month = Part {
                part: "month",
                region,
                key: keys[i].clone(),
                span: bounds,
            };
            keep(sql, &month, &counted)?;
            work[i] = Some(counted);
        }
    }
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    Ok(months
        .iter()
        .zip(work)
        .enumerate()
        .map(|(i, (m, w))| {
            let w = w.unwrap_or_default();
            domain::metrics::trend_point(
                m.start,
                registered.get(i).map_or(0, |v| n(*v)),
                n(w.working),
                n(w.contributors),
                n(w.hours),
            )
        })
        .collect())
}

/// Residents registered by each month's end: one scan, a count per month.
fn registered_by_month<S: Sql>(
    sql: &S,
    region: &RegionId,
    months: &[Period],
) -> DeskResult<Vec<i64>> {
    let counts = (0..months.len())
        .map(|i| format!("COUNT(CASE WHEN registered_ms < ? THEN 1 END) AS m{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut args: Vec<Arg> = months
        .iter()
        .map(|m| Arg::Int(m.end_utc().timestamp_millis()))
        .collect();
    args.push(region.as_str().into());
    let row: std::collections::BTreeMap<String, i64> = sql
        .rows::<std::collections::BTreeMap<String, i64>>(
            &format!("SELECT {counts} FROM resident_fact WHERE region = ?"),
            &args,
        )?
        .into_iter()
        .next()
        .unwrap_or_default();
    Ok((0..months.len())
        .map(|i| row.get(&format!("m{i}")).copied().unwrap_or(0))
        .collect())
}

/// Each month's working residents: an engagement running in it or hours in it (rows of each
/// kind, summed by month and resident), in `months`' order. `CROSS JOIN` keeps SQLite's order:
/// the month's check-ins by time first (left to choose, it read every engagement's check-ins per
/// month), summed by engagement before each engagement is looked up once.
fn work_by_month<S: Sql>(
    sql: &S,
    region: &RegionId,
    months: &[Period],
) -> DeskResult<Vec<MonthWork>> {
    #[derive(Deserialize)]
    struct Work {
        i: i64,
        working: i64,
        contributors: i64,
        hours: i64,
    }
    let values = (0..months.len())
        .map(|i| format!("({i}, CAST(? AS INTEGER), CAST(? AS INTEGER))"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut args: Vec<Arg> = Vec::with_capacity(months.len() * 2 + 2);
    for m in months {
        args.push(Arg::Int(m.start_utc().timestamp_millis()));
        args.push(Arg::Int(m.end_utc().timestamp_millis()));
    }
    args.push(region.as_str().into());
    args.push(region.as_str().into());
    let rows = sql.rows::<Work>(
        &format!(
            "WITH mo (i, s, e) AS (VALUES {values}),
            h AS (
                SELECT mo.i, h.engagement, SUM(h.hours) AS hours
                FROM mo CROSS JOIN checkin_fact h
                WHERE h.at_ms >= mo.s AND h.at_ms < mo.e AND h.hours > 0
                GROUP BY mo.i, h.engagement
            ),
            x AS (
                SELECT e.resident, mo.i, 0 AS hours
                FROM engagement e JOIN job_fact j ON j.job = e.job CROSS JOIN mo
                WHERE j.region = ? AND e.trial_ms < mo.e
                    AND (e.ended_ms IS NULL OR e.ended_ms >= mo.s)
                UNION ALL
                SELECT e.resident, h.i, h.hours
                FROM h CROSS JOIN engagement e CROSS JOIN job_fact j
                WHERE e.id = h.engagement AND j.job = e.job AND j.region = ?
            ),
            y AS (SELECT i, resident, SUM(hours) AS hours FROM x GROUP BY i, resident)
            SELECT i, COUNT(*) AS working, COUNT(CASE WHEN hours > 0 THEN 1 END) AS contributors,
                COALESCE(SUM(hours), 0) AS hours
            FROM y GROUP BY i"
        ),
        &args,
    )?;
    Ok((0..months.len())
        .map(|i| {
            let i = i64::try_from(i).unwrap_or(i64::MAX);
            rows.iter()
                .find(|w| w.i == i)
                .map(|w| MonthWork {
                    working: w.working,
                    contributors: w.contributors,
                    hours: w.hours,
                })
                .unwrap_or_default()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::super::board::tests::{generated, today};
    use super::super::logic::execute;
    use super::super::views::{ViewCommand, metrics};
    use super::super::wire::Command;
    use super::*;
    use chrono::{DateTime, Datelike, TimeDelta, Utc};
    use domain::model::{ResidentId, TaskKindId, Verification};
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
    fn a_courses_graduates_are_the_residents_the_metrics_credit_with_its_completion() {
        let (db, demo) = generated();
        courses_and_verifications(&db, &demo, 120);
        let (input, _) = metrics(&db).expect("metrics");
        let mut by_program: BTreeMap<ProgramId, Vec<ResidentId>> = BTreeMap::new();
        for c in input.courses.iter().filter(|c| c.completed_at.is_some()) {
            by_program
                .entry(c.program.clone())
                .or_default()
                .push(c.resident.clone());
        }
        assert!(by_program.len() > 1, "{} courses", by_program.len());
        let program = by_program.keys().next().cloned().expect("a course");
        let graduates = |program: &ProgramId| {
            let inputs = db
                .transaction(|db| super::super::views::placement_inputs(db, program))
                .expect("a placement's inputs");
            // Each graduate's verifications and ranking facts come along, and no one else's.
            for (resident, list) in &inputs.verifications {
                assert!(inputs.graduates.contains(resident), "{resident:?}");
                assert!(list.iter().all(|v| v.resident == *resident));
            }
            assert_eq!(
                inputs.marks.keys().collect::<Vec<_>>(),
                inputs.graduates.iter().collect::<Vec<_>>(),
                "every profile saved since version 19 has its mark"
            );
            inputs.graduates
        };
        for (program, mut expected) in by_program {
            expected.sort();
            expected.dedup();
            assert_eq!(graduates(&program), expected, "{program:?}");
        }
        assert_eq!(graduates(&ProgramId("no-such-course".into())), Vec::new());
        // A profile saved before version 19 has no mark: still a graduate, its profile read.
        let first = graduates(&program)[0].clone();
        db.run(
            "UPDATE resident_fact SET mark = NULL WHERE resident = ?",
            &[first.as_str().into()],
        )
        .expect("an older row");
        let inputs = db
            .transaction(|db| super::super::views::placement_inputs(db, &program))
            .expect("inputs");
        assert!(inputs.graduates.contains(&first));
        assert!(!inputs.marks.contains_key(&first));
        assert_eq!(inputs.marks.len() + 1, inputs.graduates.len());
    }

    #[test]
    fn the_placement_the_desk_builds_is_the_one_built_from_its_inputs_and_kept() {
        use super::super::kept::{Kept, execute as through_cache};
        use super::super::views::{placement_inputs, placement_json};
        use super::super::wire::{Answer, WorkerPage};
        let (db, demo) = generated();
        courses_and_verifications(&db, &demo, 120);
        let program = ProgramId("course-0".into());
        let region = RegionId(musubi_demo::REGION_ID.into());
        let page = WorkerPage::Placement {
            program: program.clone(),
            region: region.clone(),
        };
        let mut cache = Kept::new("t".into());
        let ask = |cache: &mut Kept| {
            let answer = db
                .transaction(|db| {
                    through_cache(db, cache, Command::KeptPage { page: page.clone() }, execute)
                })
                .expect("answer");
            let Answer::KeptPage {
                stamp,
                json: Some(json),
                inputs: None,
            } = answer
            else {
                panic!("built in the desk: {answer:?}");
            };
            (stamp, json)
        };
        let (stamp, built) = ask(&mut cache);
        // What the worker builds from the same inputs.
        let mut inputs = db
            .transaction(|db| placement_inputs(db, &program))
            .expect("inputs");
        assert!(inputs.complete(), "every graduate and job has its mark");
        let (graduates, unmarked) = inputs.take_residents();
        assert!(unmarked.is_empty());
        let jobs = inputs.take_jobs(&region).expect("jobs");
        let expected = placement_json(&program, &region, graduates, &inputs.verifications, &jobs)
            .expect("json");
        assert_eq!(built, expected);
        let placement: domain::city::Placement = serde_json::from_str(&built).expect("read");
        assert!(
            placement.graduates > 10 && !placement.placed.is_empty(),
            "{built}"
        );
        // Read again: kept. A job saved again (an input) builds it again.
        assert_eq!(ask(&mut cache), (stamp.clone(), built.clone()));
        let job = demo.jobs().into_iter().next().expect("a job");
        execute(
            &db,
            Command::View {
                command: ViewCommand::SaveJob {
                    fact: super::super::views::JobFact::of(&job),
                },
            },
        )
        .expect("saved");
        let (again, rebuilt) = ask(&mut cache);
        assert_ne!(again, stamp);
        assert_eq!(rebuilt, built, "the same job: the same placement");
        // What the desk kept of its last build (parsed marks, the score table) is reused after
        // each kind of change: the page still equals one built from nothing.
        let fresh = || {
            let mut inputs = db
                .transaction(|db| placement_inputs(db, &program))
                .expect("inputs");
            let (graduates, _) = inputs.take_residents();
            let jobs = inputs.take_jobs(&region).expect("jobs");
            placement_json(&program, &region, graduates, &inputs.verifications, &jobs)
                .expect("json")
        };
        let run = |command: ViewCommand| {
            db.transaction(|db| execute(db, Command::View { command }))
                .expect("command")
        };
        let first_placed: domain::model::JobId = placement.placed[0].job.clone();
        let mut job = demo
            .jobs()
            .into_iter()
            .find(|j| j.id == first_placed)
            .expect("the placed job");
        let graduate = |i: usize| {
            let id = db
                .transaction(|db| placement_inputs(db, &program))
                .expect("inputs")
                .graduates[i]
                .clone();
            demo.residents()
                .find(|r| r.id == id)
                .expect("a demo resident")
        };
        let newcomer = demo.residents().nth(300).expect("a resident");
        let inputs_now = || {
            db.transaction(|db| placement_inputs(db, &program))
                .expect("inputs")
        };
        for change in 0..7 {
            let before = inputs_now();
            match change {
                0 => {
                    job.hours_per_week += 12;
                    job.pay = domain::model::Pay::Hourly { yen: 2_000 };
                    run(ViewCommand::SaveJob {
                        fact: super::super::views::JobFact::of(&job),
                    });
                }
                1 => {
                    let mut r = graduate(2);
                    r.hours_per_week = 1;
                    run(ViewCommand::SaveResident {
                        fact: super::super::views::ResidentFact::of(&r),
                    });
                }
                2 => {
                    let r = graduate(4);
                    run(ViewCommand::SaveVerifications {
                        records: vec![(
                            format!("verif:{}:writing:x", r.id.as_str()),
                            SkillVerification {
                                resident: r.id,
                                task: TaskKindId("writing".into()),
                                level: None,
                                verification: Verification::Course {
                                    program: program.clone(),
                                    at: today(),
                                },
                            },
                        )],
                    });
                }
                3 => {
                    run(ViewCommand::SaveVerifications {
                        records: vec![(
                            format!("verif:{}:data.entry:new", newcomer.id.as_str()),
                            SkillVerification {
                                resident: newcomer.id.clone(),
                                task: TaskKindId("data.entry".into()),
                                level: None,
                                verification: Verification::Course {
                                    program: program.clone(),
                                    at: today(),
                                },
                            },
                        )],
                    });
                }
                4 => {
                    let mut posted = job.clone();
                    posted.id = domain::model::JobId("job-new".into());
                    run(ViewCommand::SaveJob {
                        fact: super::super::views::JobFact::of(&posted),
                    });
                }
                5 => {
                    job.status = domain::model::JobStatus::Closed;
                    run(ViewCommand::SaveJob {
                        fact: super::super::views::JobFact::of(&job),
                    });
                }
                _ => {
                    let gone = graduate(0).id;
                    db.transaction(|db| {
                        execute(
                            db,
                            Command::ForgetParty {
                                party: gone.as_str().into(),
                                anonymous: "x0".into(),
                            },
                        )
                    })
                    .expect("forget");
                }
            }
            let after = inputs_now();
            assert_ne!(after, before, "change {change} changed an input");
            let (_, page) = ask(&mut cache);
            assert_eq!(page, fresh(), "after change {change}");
            // Only the changed job's column or graduate's row was scored again.
            let (graduates, jobs) = (
                after.graduates.len(),
                after.jobs.as_ref().map_or(0, Vec::len),
            );
            let scored = cache.scored(&program).expect("a table");
            let expected = match change {
                0 | 4 => graduates, // A job edited or posted: its column.
                1..=3 => jobs,      // A profile, a verification, a new graduate: a row.
                _ => 0,             // A job closed, a graduate gone: nothing to score.
            };
            assert_eq!(scored, expected, "change {change}");
        }
    }

    #[test]
    fn the_report_from_the_columns_equals_the_domains_from_every_fact() {
        let (db, demo) = generated();
        courses_and_verifications(&db, &demo, 120);
        let (input, _) = metrics(&db).expect("metrics");
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
        let kept = super::super::sql::count(&db, "SELECT COUNT(*) AS n FROM report_part", &[]);
        assert!(
            kept.is_ok_and(|n| n > 0 && n <= KEPT_PARTS),
            "no more parts are kept than the limit"
        );
    }

    /// A running engagement of the generated region other than `but`.
    fn running(db: &super::super::sql::memory::Memory, but: &str) -> String {
        #[derive(Deserialize)]
        struct Id {
            id: String,
        }
        db.rows::<Id>(
            "SELECT id FROM engagement WHERE trial_ms IS NOT NULL AND ended_ms IS NULL AND id <> ?
             ORDER BY id LIMIT 1",
            &[but.into()],
        )
        .expect("running")
        .remove(0)
        .id
    }

    #[test]
    fn the_kept_parts_give_the_report_the_facts_give_after_every_kind_of_write() {
        let (db, demo) = generated();
        courses_and_verifications(&db, &demo, 10);
        let region = demo.region().id;
        let on = domain::metrics::jst_date(today());
        let this_year = Period::fiscal_year_of(on).expect("period");
        let five_months_ago = domain::metrics::jst_date(today() - TimeDelta::days(150));
        let periods = [
            this_year,
            Period::fiscal_year(domain::metrics::fiscal_year(on) - 1).expect("period"),
            Period::month(five_months_ago.year(), five_months_ago.month()).expect("period"),
        ];
        let parts = |part: &str| {
            super::super::sql::count(
                &db,
                "SELECT COUNT(*) AS n FROM report_part WHERE part = ?",
                &[part.into()],
            )
            .expect("count")
        };
        let fill = || {
            for p in periods {
                report(&db, &region, p, on).expect("report");
            }
        };
        // Each kept part, parsed (a part a check-in added to equals the one counted afresh,
        // even where the report's cells would not show it, as a count under five).
        let docs = || -> BTreeMap<String, serde_json::Value> {
            #[derive(Deserialize)]
            struct Doc {
                key: String,
                doc: String,
            }
            db.rows::<Doc>("SELECT key, doc FROM report_part", &[])
                .expect("parts")
                .into_iter()
                .map(|d| (d.key, serde_json::from_str(&d.doc).expect("json")))
                .collect()
        };
        // What the kept parts give equals what the facts give when nothing is kept.
        let check = |what: &str| {
            let kept: Vec<RegionReport> = periods
                .iter()
                .map(|p| report(&db, &region, *p, on).expect("kept"))
                .collect();
            let kept_docs = docs();
            db.run("DELETE FROM report_part", &[]).expect("forget");
            for (p, kept) in periods.iter().zip(kept) {
                let fresh = report(&db, &region, *p, on).expect("fresh");
                assert_eq!(kept, fresh, "after {what}: {p:?}");
            }
            for (key, fresh) in docs() {
                assert_eq!(kept_docs.get(&key), Some(&fresh), "after {what}: {key}");
            }
        };
        let post = |id: &str, engagement: &str, hours: u32| {
            let mut event = super::super::testing::event(
                id,
                today() + TimeDelta::hours(1),
                "hub-midori-1",
                domain::engagement::Role::Hub,
                super::super::testing::check_in(hours),
            );
            event.engagement_id = domain::model::EngagementId(engagement.into());
            db.transaction(|db| execute(db, Command::PostEvent { open: None, event }))
                .expect("check-in");
        };
        let first = running(&db, "");
        let second = running(&db, &first);

        // Check-ins with hours now: each adds itself to this year's work and this month's, and
        // every part stays kept (schema v24), twice on one engagement, then on others.
        fill();
        let (funnels, months) = (parts("funnel"), parts("month"));
        post("zz-check-in-1", &first, 6);
        assert_eq!(parts("funnel"), funnels, "the funnels stay");
        assert_eq!(parts("programs"), 3, "the courses stay");
        assert_eq!(
            parts("work"),
            3,
            "the work stays, this year's with the hours"
        );
        assert_eq!(
            parts("month"),
            months,
            "the months stay, this one with the hours"
        );
        post("zz-check-in-1b", &first, 3);
        check("two check-ins with hours");
        fill();
        #[derive(Deserialize)]
        struct Id {
            id: String,
        }
        let others = db
            .rows::<Id>(
                "SELECT id FROM engagement WHERE trial_ms IS NOT NULL AND ended_ms IS NULL
                 ORDER BY id LIMIT 12",
                &[],
            )
            .expect("running");
        for (i, other) in others.iter().enumerate() {
            post(
                &format!("zz-check-in-o{i}"),
                &other.id,
                1 + (i % 3) as u32 * 4,
            );
        }
        assert_eq!(parts("work"), 3);
        check("check-ins on twelve engagements");
        // A check-in without hours changes nothing the report counts: everything stays.
        fill();
        let all = super::super::sql::count(&db, "SELECT COUNT(*) AS n FROM report_part", &[]);
        post("zz-check-in-2", &first, 0);
        assert_eq!(
            super::super::sql::count(&db, "SELECT COUNT(*) AS n FROM report_part", &[]),
            all
        );
        check("a check-in without hours");

        let past = |days: i64| (today() - TimeDelta::days(days)).timestamp_millis();
        let writes: Vec<(&str, String, Vec<Arg>)> = vec![
            (
                "an engagement ended 100 days ago",
                "UPDATE engagement SET ended_ms = ? WHERE id = ?".into(),
                vec![Arg::Int(past(100)), second.as_str().into()],
            ),
            (
                "an engagement started 400 days ago",
                "UPDATE engagement SET trial_ms = ? WHERE id = ?".into(),
                vec![Arg::Int(past(400)), first.as_str().into()],
            ),
            (
                "hours in a past month",
                "INSERT INTO checkin_fact (engagement, n, at_ms, hours) VALUES (?, 999, ?, 7)"
                    .into(),
                vec![first.as_str().into(), Arg::Int(past(150))],
            ),
            (
                "hours now on work that ended two years ago",
                "INSERT INTO checkin_fact (engagement, n, at_ms, hours)
                    SELECT id, 998, ?, 5 FROM engagement WHERE ended_ms < ? ORDER BY id LIMIT 1"
                    .into(),
                vec![Arg::Int(past(0)), Arg::Int(past(730))],
            ),
            (
                "hours taken away",
                "DELETE FROM checkin_fact WHERE rowid =
                    (SELECT MIN(rowid) FROM checkin_fact WHERE hours > 0)"
                    .into(),
                Vec::new(),
            ),
            (
                "a job's pay",
                "UPDATE job_fact SET hourly_yen = hourly_yen + 300
                    WHERE job = (SELECT job FROM engagement WHERE id = ?)"
                    .into(),
                vec![first.as_str().into()],
            ),
            (
                "a registration moved a year earlier",
                "UPDATE resident_fact SET registered_ms = registered_ms - 31536000000
                    WHERE rowid = (SELECT MIN(rowid) FROM resident_fact)"
                    .into(),
                Vec::new(),
            ),
            (
                "a completion",
                "INSERT INTO completion_fact (resident, program, at_ms)
                    SELECT resident, 'course-1', ? FROM resident_fact ORDER BY resident LIMIT 1"
                    .into(),
                vec![Arg::Int(past(20))],
            ),
        ];
        for (what, statement, args) in writes {
            fill();
            db.run(&statement, &args).expect(what);
            check(what);
        }
        // A course taken (the real command).
        fill();
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
        check("a course taken");
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
        let db = Memory::with_limits(rusqlite::Connection::open(path).expect("open"));
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
        // Twice: the first pass reads the file's pages into SQLite's cache, the second is what a
        // desk that has served a few requests pays (workerd keeps the object's pages cached).
        for pass in ["cold", "warm"] {
            eprintln!("== {pass}");
            // The report's parts are kept in the desk: drop them, so each pass computes them.
            db.run("DELETE FROM report_part", &[]).expect("parts");
            views(&t, &region, now, period, today);
        }
    }

    fn views(
        t: &Timed<'_>,
        region: &RegionId,
        now: DateTime<Utc>,
        period: Period,
        today: NaiveDate,
    ) {
        let started = std::time::Instant::now();
        eprintln!("-- report");
        report(t, region, period, today).expect("report");
        eprintln!("   {:.1} ms in all", started.elapsed().as_secs_f64() * 1e3);
        eprintln!("-- attention");
        let started = std::time::Instant::now();
        let attention =
            super::super::attention::attention(t, region.clone(), now, 30, 21).expect("attention");
        eprintln!(
            "   {:.1} ms in all, {} idle, {} at risk",
            started.elapsed().as_secs_f64() * 1e3,
            attention.idle.len(),
            attention.at_risk.len()
        );
        let mut graduates = super::super::attention::Graduates::default();
        for pass in ["graduates read", "graduates kept"] {
            eprintln!("-- attention, {pass}");
            let started = std::time::Instant::now();
            super::super::attention::kept_attention(t, &mut graduates, region.clone(), now, 30, 21)
                .expect("attention");
            eprintln!("   {:.1} ms in all", started.elapsed().as_secs_f64() * 1e3);
        }
        eprintln!("-- board page");
        let started = std::time::Instant::now();
        let board = super::super::board::board(
            t,
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
        super::super::board::coordinators(t).expect("coordinators");
        eprintln!("-- placement inputs (the course with the most completions)");
        #[derive(Deserialize)]
        struct Course {
            program: String,
        }
        let program = t
            .rows::<Course>(
                "SELECT program FROM completion_fact GROUP BY program ORDER BY COUNT(*) DESC
                 LIMIT 1",
                &[],
            )
            .expect("a course")
            .pop()
            .map_or_else(|| ProgramId("none".into()), |c| ProgramId(c.program));
        let started = std::time::Instant::now();
        let inputs = super::super::views::placement_inputs(t, &program).expect("inputs");
        let json = serde_json::to_string(&inputs).expect("json");
        eprintln!(
            "   {:.1} ms in all with its JSON: {} graduates ({} marked), {} KB",
            started.elapsed().as_secs_f64() * 1e3,
            inputs.graduates.len(),
            inputs.marks.len(),
            json.len() / 1000
        );
        eprintln!("-- placement in the desk: built, then again after a job's title changed");
        let mut placements = super::super::placements::Placements::default();
        for step in ["built", "again"] {
            let started = std::time::Instant::now();
            let json = placements
                .build(t, &program, region)
                .expect("placement")
                .expect("every mark");
            eprintln!(
                "   {step}: {:.1} ms in all, {} KB",
                started.elapsed().as_secs_f64() * 1e3,
                json.len() / 1000
            );
            t.0.run(
                "UPDATE job_fact SET title = title || '.'
                 WHERE job = (SELECT job FROM job_fact WHERE mark IS NOT NULL LIMIT 1)",
                &[],
            )
            .expect("a title changed");
        }
        eprintln!("-- due");
        super::super::board::due(t, region.clone(), now, 14, domain::matching::Page::top(20))
            .expect("due");
    }
}
