//! Ranking benchmark: the packed resident index against an equivalent SQLite query.
//!
//! Native (10k / 100k / 1M demo residents; SQLite in memory, bundled, with indexes):
//!
//!     cargo bench -p musubi-demo --bench rank
//!
//! wasm (100k, the same code under node's WASI, built with the app's size-first profile):
//!
//!     rustup target add wasm32-wasip1
//!     cargo build --release --target wasm32-wasip1 --manifest-path demo/benches/wasm/Cargo.toml
//!     node demo/benches/wasm/run.mjs
//!
//! Both print a table. Plain `std::time` medians; run by hand, not by the test suite.
//!
//! Measured 2026-11-25 on a shared 2-core x86_64 machine (job: data.entry + sns.post, top 20):
//!
//! | residents | index build | bytes/resident | index | SQLite | SQLite ÷ index |
//! |---:|---:|---:|---:|---:|---:|
//! | 10k | 4 ms | 71.1 | 0.14 ms | 11.2 ms | 81× |
//! | 100k | 39 ms | 71.0 | 0.82 ms | 129 ms | 158× |
//! | 1M | 438 ms | 71.0 | 7.7 ms | 1,396 ms | 181× |
//!
//! wasm32-wasip1 under node 20, size-first profile: 100k in 1.8 ms (1M: 17.7 ms); `from_bytes`
//! 0.05 ms. 57 of the 71 bytes per resident are the row, the rest the id section.

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use domain::index::{IndexBuilder, IndexView, Overlay, TaskSpace};
use domain::matching::{JobTerms, Page};
use domain::model::{
    CompanyId, DataAccess, Job, JobId, JobStatus, Level, Pay, RegionId, Residency, Resident,
    TaskKindId, TaskRequirement, TimeWindows, WhoMayApply, WorkPlace,
};
use domain::vocabulary::Taxonomy;
use musubi_demo::{DemoConfig, DemoRegion, REGION_ID};
use rusqlite::{Connection, params};

const TOP: usize = 20;

/// A typical mixed job: data entry and SNS posts, 20 h a week on weekday mornings and daytime.
fn bench_job() -> Job {
    Job {
        id: JobId::from("job-bench"),
        company_id: CompanyId::from("co-000"),
        region_id: RegionId::from(REGION_ID),
        title: "データ入力とSNS投稿".into(),
        description: String::new(),
        tasks: vec![
            TaskRequirement {
                task: TaskKindId::from("data.entry"),
                level: Level::Beginner,
            },
            TaskRequirement {
                task: TaskKindId::from("sns.post"),
                level: Level::Experienced,
            },
        ],
        hours_per_week: 20,
        min_hours_per_person: 5,
        windows: TimeWindows(0b0000_0011),
        duration_weeks: 24,
        place: WorkPlace::Remote,
        pay: Pay::Hourly { yen: 1100 },
        who_may_apply: WhoMayApply::LocalAndRelated,
        team_allowed: true,
        needs_pc: true,
        data_access: DataAccess::Internal,
        status: JobStatus::Open,
        pay_schedule: Default::default(),
        closure: None,
        created_at: Utc
            .with_ymd_and_hms(2026, 4, 1, 0, 0, 0)
            .single()
            .unwrap_or_default(),
    }
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut out = f();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        out = f();
        times.push(t.elapsed());
    }
    (median(times), out)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn load_sqlite(residents: &[Resident], space: &TaskSpace) -> rusqlite::Result<Connection> {
    let db = Connection::open_in_memory()?;
    db.execute_batch(
        "CREATE TABLE residents (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
            pc INTEGER, local INTEGER, muni INTEGER, hours INTEGER, windows INTEGER,
            min_pay INTEGER, finished INTEGER, renewed INTEGER, active INTEGER);
         CREATE TABLE skills (rid INTEGER, task INTEGER, level INTEGER, verified INTEGER,
            PRIMARY KEY (rid, task)) WITHOUT ROWID;",
    )?;
    let tx = db.unchecked_transaction()?;
    {
        let mut put = tx.prepare("INSERT INTO residents VALUES (?,?,?,?,?,?,?,?,?,?,?)")?;
        let mut skill = tx.prepare("INSERT OR REPLACE INTO skills VALUES (?,?,?,?)")?;
        for (rid, r) in residents.iter().enumerate() {
            let t = domain::matching::ResidentTerms::of(r);
            put.execute(params![
                rid as i64,
                r.id.as_str(),
                r.devices == domain::model::Devices::Pc,
                r.residency == Residency::Local,
                r.municipality_id.is_some(),
                t.hours,
                t.windows,
                t.min_pay,
                t.finished,
                t.renewed,
                t.active
            ])?;
            for s in &r.skills {
                let best = domain::matching::task_skill(r, &s.task);
                let bit = space.bit(&s.task).map_or(-1, i64::from);
                skill.execute(params![rid as i64, bit, best.level, best.verified])?;
            }
        }
    }
    tx.commit()?;
    db.execute_batch(
        "CREATE INDEX residents_filter ON residents (pc, local, hours);
         CREATE INDEX skills_task ON skills (task, level);",
    )?;
    Ok(db)
}

/// The same hard filters and points as `domain::matching`, in SQL.
fn sqlite_query(job: &Job, space: &TaskSpace) -> String {
    let terms = JobTerms::new(job);
    let mut joins = String::new();
    let mut points = Vec::new();
    for (i, t) in terms.tasks.iter().enumerate() {
        let bit = space.bit(&t.task).map_or(-1, i64::from);
        joins.push_str(&format!(
            " LEFT JOIN skills s{i} ON s{i}.rid = r.rid AND s{i}.task = {bit}"
        ));
        let (lv, req, share, vshare) = (
            format!("coalesce(s{i}.level, 0)"),
            t.required,
            t.task_share,
            t.verified_share,
        );
        points.push(format!(
            "(CASE WHEN {lv} >= {req} THEN {share} WHEN {lv} > 0 AND {lv} + 1 = {req} THEN {half} ELSE 0 END)
             + (CASE WHEN coalesce(s{i}.verified, 0) = 1 AND {lv} > 0 THEN {vshare} ELSE 0 END)",
            half = share / 2
        ));
    }
    let jw = i64::from(terms.windows);
    let wanted = terms.windows.count_ones();
    let popcount = (0..8)
        .map(|k| format!("((r.windows & {jw}) >> {k} & 1)"))
        .collect::<Vec<_>>()
        .join(" + ");
    let schedule = if wanted == 0 {
        "120".to_owned()
    } else {
        format!("120 * ({popcount}) / {wanted}")
    };
    let (jh, pay) = (terms.hours.max(1), terms.pay);
    points.push(schedule);
    points.push(format!("100 * min(r.hours, {jh}) / {jh}"));
    points.push(format!(
        "(CASE WHEN r.min_pay = 0 OR {pay} >= r.min_pay THEN 80
               ELSE 80 * max(0, 4 * {pay} - 3 * r.min_pay) / r.min_pay END)"
    ));
    points.push("80 * min(r.finished + 2 * r.renewed, 6) / 6".to_owned());
    points.push("(CASE r.active WHEN 0 THEN 100 WHEN 1 THEN 50 ELSE 0 END)".to_owned());
    let need_pc = if job.needs_pc { " AND r.pc = 1" } else { "" };
    format!(
        "SELECT r.id, {} AS points FROM residents r{joins}
         WHERE r.hours >= {}{need_pc}
         ORDER BY points DESC, r.id ASC LIMIT {TOP}",
        points.join(" + "),
        job.min_hours_per_person
    )
}

fn run_sqlite(db: &Connection, sql: &str) -> rusqlite::Result<Vec<(String, u32)>> {
    let mut stmt = db.prepare_cached(sql)?;
    let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    rows.collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let job = bench_job();
    assert_eq!(
        job.who_may_apply,
        WhoMayApply::LocalAndRelated,
        "SQL has no region filter"
    );
    let space = TaskSpace::from_taxonomy(Taxonomy::builtin())?;
    println!(
        "| residents | build index | bytes/resident | index top-{TOP} | SQLite load | SQLite top-{TOP} | SQLite ÷ index |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for n in [10_000usize, 100_000, 1_000_000] {
        let demo = DemoRegion::new(DemoConfig {
            seed: 20,
            residents: n,
            companies: 24,
        });
        let residents: Vec<Resident> = demo.residents().collect();
        let (build, bytes) = time(1, || {
            let mut b = IndexBuilder::new(RegionId::from(REGION_ID), space.clone());
            for r in &residents {
                b.push(r).expect("demo residents use vocabulary tasks");
            }
            b.to_bytes()
        });
        let view = IndexView::from_bytes(&bytes)?;
        let runs = if n >= 1_000_000 { 5 } else { 21 };
        let (index_time, hits) = time(runs, || {
            view.rank(&job, Page::top(TOP), &Overlay::default())
        });
        let t = Instant::now();
        let db = load_sqlite(&residents, &space)?;
        let load = t.elapsed();
        let sql = sqlite_query(&job, &space);
        let (sql_time, rows) = time(runs.min(7), || run_sqlite(&db, &sql));
        let rows = rows?;
        let same = hits
            .iter()
            .map(|h| (h.resident.0.clone(), h.points))
            .eq(rows.iter().cloned());
        assert!(same, "SQLite and the index disagree:\n{hits:?}\n{rows:?}");
        println!(
            "| {n} | {:.0} ms | {:.1} | {:.3} ms | {:.0} ms | {:.2} ms | {:.1}× |",
            ms(build),
            bytes.len() as f64 / n as f64,
            ms(index_time),
            ms(load),
            ms(sql_time),
            ms(sql_time) / ms(index_time)
        );
    }
    println!("(same top-{TOP} from both, checked; medians; index build includes to_bytes)");
    Ok(())
}
