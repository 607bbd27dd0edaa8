//! The hub's board and due list in SQL (schema v6): each engagement's board facts
//! (`domain::hub::BoardRow`: its column, planned end, next check-in due, last activity,
//! coordinator) and a small copy of its state (`domain::hub::card_state`) are columns of its row,
//! written with its state in the event's transaction. A view compares those columns with the
//! instants of a `domain::hub::BoardClock` (`BoardRow::as_of` is the rule, and the SQL below
//! says the same), pages and counts each column in SQL, and builds cards
//! (`domain::hub::card`) only for the rows it shows. A paged board without a task filter is
//! built from the rows kept in the desk's memory instead (`desk::board_index`, the same
//! [`assemble`]); the unit tests compare both paths.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use domain::engagement::{EngagementState, PipelineStage};
use domain::hub::{BoardClock, BoardColumn, BoardFilter, BoardPage, Card, CardJob};
use domain::matching::Page;
use domain::model::{EngagementId, RegionId, UserId};
use serde::Deserialize;

use super::sql::{Arg, DeskError, DeskResult, Sql};

/// Version 6: the board's columns of each engagement, filled from the stored states
/// ([`fill`], run by `schema::migrate` after these statements).
pub const MIGRATION: &[&str] = &[
    "ALTER TABLE engagement ADD COLUMN board_column TEXT",
    "ALTER TABLE engagement ADD COLUMN planned_end_ms INTEGER",
    "ALTER TABLE engagement ADD COLUMN due_ms INTEGER",
    "ALTER TABLE engagement ADD COLUMN activity_ms INTEGER",
    "ALTER TABLE engagement ADD COLUMN coordinator TEXT",
    "ALTER TABLE engagement ADD COLUMN trial_ms INTEGER",
    "ALTER TABLE engagement ADD COLUMN card TEXT",
    "CREATE INDEX engagement_by_column ON engagement (board_column)",
    "CREATE INDEX engagement_by_due ON engagement (due_ms)",
    "CREATE INDEX engagement_by_planned_end ON engagement (planned_end_ms)",
    "CREATE INDEX engagement_by_job ON engagement (job)",
];

fn ms(t: Option<DateTime<Utc>>) -> Arg {
    t.map_or(Arg::Null, |t| Arg::Int(t.timestamp_millis()))
}

fn text<T: AsRef<str>>(t: Option<T>) -> Arg {
    t.map_or(Arg::Null, |t| Arg::Text(t.as_ref().to_owned()))
}

/// The planned weeks of a job, when the desk knows it.
fn job_weeks<S: Sql>(sql: &S, job: &str) -> DeskResult<Option<u32>> {
    #[derive(Deserialize)]
    struct W {
        duration_weeks: i64,
    }
    Ok(sql
        .rows::<W>(
            "SELECT duration_weeks FROM job_fact WHERE job = ?",
            &[job.into()],
        )?
        .first()
        .map(|w| u32::try_from(w.duration_weeks).unwrap_or(0)))
}

/// Writes an engagement's board columns from its state (called with every state written, in
/// the same transaction).
pub fn write<S: Sql>(sql: &S, state: &EngagementState) -> DeskResult<()> {
    let (Some(id), Some(parties)) = (&state.engagement_id, &state.parties) else {
        return Ok(());
    };
    let weeks = job_weeks(sql, parties.job.as_str())?;
    write_row(sql, id.as_str(), state, weeks)
}

fn write_row<S: Sql>(
    sql: &S,
    id: &str,
    state: &EngagementState,
    weeks: Option<u32>,
) -> DeskResult<()> {
    let row = domain::hub::board_row(state, weeks);
    let card = serde_json::to_string(&domain::hub::card_state(state)).map_err(DeskError::of)?;
    sql.run(
        "UPDATE engagement SET board_column = ?, planned_end_ms = ?, due_ms = ?, activity_ms = ?,
            coordinator = ?, trial_ms = ?, card = ? WHERE id = ?",
        &[
            text(row.as_ref().map(|r| r.column.as_str())),
            ms(row.as_ref().and_then(|r| r.planned_end)),
            ms(row.as_ref().and_then(|r| r.next_checkin_due)),
            ms(row.as_ref().and_then(|r| r.last_activity)),
            text(
                row.as_ref()
                    .and_then(|r| r.coordinator.as_ref().map(UserId::as_str)),
            ),
            ms(state.trial_started_at),
            card.into(),
            id.into(),
        ],
    )
}

#[derive(Deserialize)]
struct CardOnly {
    id: String,
    card: String,
}

/// A job's planned weeks changed (or the job became known): its engagements' planned ends and
/// check-ins due follow.
pub fn job_saved<S: Sql>(sql: &S, job: &str, weeks: u32) -> DeskResult<()> {
    for r in sql.rows::<CardOnly>(
        "SELECT id, card FROM engagement WHERE job = ? AND card IS NOT NULL",
        &[job.into()],
    )? {
        let state: EngagementState = serde_json::from_str(&r.card).map_err(DeskError::of)?;
        write_row(sql, &r.id, &state, Some(weeks))?;
    }
    Ok(())
}

/// The v6 migration's step in Rust: every stored engagement's columns from its folded state
/// (the state rows are the fold of their events, so nothing is folded again).
pub fn fill<S: Sql>(sql: &S) -> DeskResult<()> {
    #[derive(Deserialize)]
    struct StateOnly {
        state: String,
    }
    for r in sql.rows::<StateOnly>("SELECT state FROM engagement", &[])? {
        let state: EngagementState = serde_json::from_str(&r.state).map_err(DeskError::of)?;
        write(sql, &state)?;
    }
    Ok(())
}

/// Which of the board's rows a statement reads: all of them, or one column's (read from the
/// board index's range of that stored column, or, for the ended column, the rows ended by their
/// stage or by their planned end).
#[derive(Clone, Copy)]
enum Scope {
    All,
    Column(PipelineStage),
}

impl Scope {
    /// The condition on `e` (joined with `k`), and its bound value, after the filter's.
    fn clause(self) -> (&'static str, Option<&'static str>) {
        match self {
            Scope::All => ("", None),
            Scope::Column(PipelineStage::Ended) => (
                " AND (e.board_column = ? OR e.planned_end_ms <= k.now_ms)",
                Some(PipelineStage::Ended.as_str()),
            ),
            Scope::Column(c) => (
                " AND e.board_column = ? AND NOT COALESCE(e.planned_end_ms <= k.now_ms, 0)",
                Some(c.as_str()),
            ),
        }
    }
}

/// The board's rows as of a clock, filtered: `r (id, col, due, overdue, stalled, is_due, days)`,
/// `BoardRow::as_of` in SQL. Its arguments: the clock's four instants, then the filter's values.
/// (The instants are cast: workerd binds a JavaScript number, which SQLite would divide as a
/// real.)
fn board_rows(filter: &BoardFilter) -> (String, Vec<&str>) {
    board_rows_in(filter, Scope::All)
}

/// A filter's value, when it narrows the board: an empty one keeps everything (as
/// `BoardFilter::keeps` says).
pub fn wanted(f: &Option<String>) -> Option<&str> {
    f.as_deref().filter(|v| !v.is_empty())
}

/// [`board_rows`] of a [`Scope`]: its value comes after the filter's.
fn board_rows_in(filter: &BoardFilter, scope: Scope) -> (String, Vec<&str>) {
    let mut clauses = String::new();
    let mut args = Vec::new();
    if let Some(company) = wanted(&filter.company) {
        clauses.push_str(" AND e.company = ?");
        args.push(company);
    }
    if let Some(task) = wanted(&filter.task) {
        clauses.push_str(
            " AND EXISTS (SELECT 1 FROM job_fact j, json_each(j.tasks) t
                WHERE j.job = e.job AND t.value = ?)",
        );
        args.push(task);
    }
    if let Some(coordinator) = wanted(&filter.coordinator) {
        clauses.push_str(" AND e.coordinator = ?");
        args.push(coordinator);
    }
    let (scope, value) = scope.clause();
    clauses.push_str(scope);
    args.extend(value);
    let sql = format!(
        "WITH k AS (SELECT CAST(? AS INTEGER) AS now_ms, CAST(? AS INTEGER) AS overdue_before,
            CAST(? AS INTEGER) AS stalled_by, CAST(? AS INTEGER) AS due_before),
        b AS (
            SELECT e.id, e.board_column, e.active, e.activity_ms, e.due_ms,
                COALESCE(e.planned_end_ms <= k.now_ms, 0) AS ended,
                k.now_ms, k.overdue_before, k.stalled_by, k.due_before
            FROM engagement e CROSS JOIN k
            WHERE e.board_column IS NOT NULL{clauses}
        ),
        r AS (
            SELECT id,
                CASE WHEN ended THEN 'ended' ELSE board_column END AS col,
                CASE WHEN ended THEN NULL ELSE due_ms END AS due,
                (NOT ended AND due_ms IS NOT NULL AND due_ms < overdue_before) AS overdue,
                (NOT ended AND active = 1 AND activity_ms IS NOT NULL
                    AND activity_ms <= stalled_by) AS stalled,
                (NOT ended AND due_ms IS NOT NULL AND due_ms < due_before) AS is_due,
                CASE WHEN activity_ms IS NULL THEN NULL
                    ELSE MAX(0, CAST((now_ms - activity_ms) / 86400000 AS INTEGER)) END AS days
            FROM b
        )"
    );
    (sql, args)
}

fn clock_args(clock: &BoardClock) -> Vec<Arg> {
    vec![
        clock.now_ms.into(),
        clock.overdue_before_ms.into(),
        clock.stalled_by_ms.into(),
        clock.due_before_ms.into(),
    ]
}

#[derive(Deserialize)]
struct Id {
    id: String,
}

/// A card's place on the board: its engagement and its column.
#[derive(Deserialize)]
struct Placed {
    id: String,
    col: String,
}

/// The ids of the board's rows (filtered) that `condition` (over `r`'s columns) keeps, in
/// `order`, with `more` arguments after the clock's and the filter's.
fn ids<S: Sql>(
    sql: &S,
    clock: &BoardClock,
    filter: &BoardFilter,
    condition: &str,
    more: Vec<Arg>,
) -> DeskResult<Vec<String>> {
    let (rows, filter_args) = board_rows(filter);
    let mut args = clock_args(clock);
    args.extend(filter_args.into_iter().map(Arg::from));
    args.extend(more);
    Ok(sql
        .rows::<Id>(&format!("{rows} {condition}"), &args)?
        .into_iter()
        .map(|r| r.id)
        .collect())
}

#[derive(Deserialize)]
struct CardRow {
    id: String,
    card: String,
    title: Option<String>,
    tasks: Option<String>,
    weeks: Option<i64>,
    name: Option<String>,
    company_name: Option<String>,
}

const CARD_ROWS: &str = "SELECT e.id, e.card, j.title, j.tasks, j.duration_weeks AS weeks,
        json_extract(r.doc, '$.name') AS name, c.name AS company_name
    FROM engagement e
    LEFT JOIN job_fact j ON j.job = e.job
    LEFT JOIN resident_fact r ON r.resident = e.resident
    LEFT JOIN company_fact c ON c.company = e.company";

/// Bound values per statement, under the desk's limit (`sql::MAX_BOUND`).
pub const CHUNK: usize = super::sql::MAX_BOUND - 10;

fn card_of(row: CardRow, now: DateTime<Utc>, stalled_days: u32) -> DeskResult<Option<Card>> {
    let state: EngagementState = serde_json::from_str(&row.card).map_err(DeskError::of)?;
    let tasks: Vec<domain::model::TaskKindId> = match &row.tasks {
        Some(t) => serde_json::from_str(t).map_err(DeskError::of)?,
        None => Vec::new(),
    };
    let facts = CardFacts {
        title: row.title,
        tasks,
        weeks: row.weeks,
        name: row.name,
        company_name: row.company_name,
    };
    Ok(card_from(row.id, &state, facts, now, stalled_days))
}

/// What a card shows beside its engagement's state: its job's, resident's and company's facts.
#[derive(Debug, Default)]
pub struct CardFacts {
    pub title: Option<String>,
    pub tasks: Vec<domain::model::TaskKindId>,
    pub weeks: Option<i64>,
    pub name: Option<String>,
    pub company_name: Option<String>,
}

/// An engagement's card (`domain::hub::card`) from its state and its parties' facts.
pub fn card_from(
    id: String,
    state: &EngagementState,
    facts: CardFacts,
    now: DateTime<Utc>,
    stalled_days: u32,
) -> Option<Card> {
    let job = match (&facts.title, facts.weeks) {
        (Some(title), Some(weeks)) => Some(CardJob {
            title,
            tasks: &facts.tasks,
            weeks: u32::try_from(weeks).unwrap_or(0),
        }),
        _ => None,
    };
    domain::hub::card(EngagementId(id), state, job, facts.name, now, stalled_days).map(
        |mut card| {
            card.company_name = facts.company_name.unwrap_or_default();
            card
        },
    )
}

/// The cards of these engagements, by id.
fn cards_of<S: Sql>(
    sql: &S,
    ids: &[String],
    now: DateTime<Utc>,
    stalled_days: u32,
) -> DeskResult<BTreeMap<String, Card>> {
    let mut out = BTreeMap::new();
    let mut wanted: Vec<&String> = ids.iter().collect();
    wanted.sort();
    wanted.dedup();
    for chunk in wanted.chunks(CHUNK) {
        let marks = super::sql::marks(chunk.len());
        let args: Vec<Arg> = chunk.iter().map(|id| Arg::from(id.as_str())).collect();
        for row in sql.rows::<CardRow>(&format!("{CARD_ROWS} WHERE e.id IN ({marks})"), &args)? {
            let id = row.id.clone();
            if let Some(card) = card_of(row, now, stalled_days)? {
                out.insert(id, card);
            }
        }
    }
    Ok(out)
}

/// Every card of the region (the whole board, unpaged), in id order.
fn every_card<S: Sql>(sql: &S, now: DateTime<Utc>, stalled_days: u32) -> DeskResult<Vec<Card>> {
    let mut out = Vec::new();
    for row in sql.rows::<CardRow>(
        &format!("{CARD_ROWS} WHERE e.board_column IS NOT NULL ORDER BY e.id"),
        &[],
    )? {
        out.extend(card_of(row, now, stalled_days)?);
    }
    Ok(out)
}

/// Every coordinator named on any card of the region, in order.
pub fn coordinators<S: Sql>(sql: &S) -> DeskResult<Vec<UserId>> {
    #[derive(Deserialize)]
    struct C {
        coordinator: String,
    }
    Ok(sql
        .rows::<C>(
            "SELECT DISTINCT coordinator FROM engagement WHERE coordinator IS NOT NULL
             AND board_column IS NOT NULL ORDER BY coordinator",
            &[],
        )?
        .into_iter()
        .map(|c| UserId(c.coordinator))
        .collect())
}

/// The hub's board (`domain::hub::board`'s answer). Unpaged: every card, through the domain's
/// `board`. Paged: each column's count and page in SQL (`domain::hub::columns`' order:
/// overdue, stalled, the longest quiet, then id), the "today" section from the rows due or
/// stalled (`domain::hub::today`), cards built only for those.
pub fn board<S: Sql>(
    sql: &S,
    region: RegionId,
    now: DateTime<Utc>,
    stalled_days: u32,
    filter: &BoardFilter,
    page: Option<BoardPage>,
) -> DeskResult<domain::hub::Board> {
    let Some(page) = page else {
        let cards = every_card(sql, now, stalled_days)?;
        return Ok(domain::hub::board(
            region,
            cards,
            filter,
            None,
            now,
            stalled_days,
        ));
    };
    let chosen = choose(sql, now, stalled_days, filter, page)?;
    let cards = cards_of(sql, &chosen.wanted(), now, stalled_days)?;
    Ok(assemble(region, now, stalled_days, page, chosen, cards))
}

/// What a board page shows, chosen before any card is built: each column's count, how many are
/// due and stalled, the page of each column and the "today" lists' first.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Chosen {
    /// Each column's count, by its name.
    pub counts: BTreeMap<String, usize>,
    pub due_total: usize,
    pub stalled_total: usize,
    /// The page's rows (engagement, column), each column in its order.
    pub placed: Vec<(String, String)>,
    /// The first due, then the first stalled, in the domain's order.
    pub today: Vec<String>,
}

impl Chosen {
    /// The engagements whose cards the page shows.
    pub fn wanted(&self) -> Vec<String> {
        self.placed
            .iter()
            .map(|(id, _)| id.clone())
            .chain(self.today.iter().cloned())
            .collect()
    }
}

/// A board page's [`Chosen`] rows in SQL: each column's count and page from that column's range
/// of the board index (`domain::hub::columns`' order: overdue, stalled, the longest quiet, then
/// id), and the rows due or stalled for "today" (`domain::hub::today`).
fn choose<S: Sql>(
    sql: &S,
    now: DateTime<Utc>,
    stalled_days: u32,
    filter: &BoardFilter,
    page: BoardPage,
) -> DeskResult<Chosen> {
    let clock = BoardClock::at(now, stalled_days);
    // Each column's count, and how many are due or stalled (the "today" lists' totals).
    #[derive(Deserialize)]
    struct Count {
        col: String,
        n: i64,
        due: i64,
        stalled: i64,
    }
    let (rows, filter_args) = board_rows(filter);
    let mut args = clock_args(&clock);
    args.extend(filter_args.iter().copied().map(Arg::from));
    let counted = sql.rows::<Count>(
        &format!(
            "{rows} SELECT col, COUNT(*) AS n, SUM(is_due) AS due,
                SUM(stalled AND NOT is_due) AS stalled FROM r GROUP BY col"
        ),
        &args,
    )?;
    let size = |n: i64| usize::try_from(n).unwrap_or(0);
    let (due_total, stalled_total) = counted
        .iter()
        .fold((0, 0), |(d, s), c| (d + size(c.due), s + size(c.stalled)));
    let counts: BTreeMap<String, usize> = counted.into_iter().map(|c| (c.col, size(c.n))).collect();
    let count = |c: PipelineStage| counts.get(c.as_str()).copied().unwrap_or(0);
    let int = |n: usize| Arg::Int(i64::try_from(n).unwrap_or(i64::MAX));
    // Each column's page in its own statement, from that column's range of the board index,
    // ordered with a bounded sort: one statement ranking every row of the board (a window over
    // all columns) sorted all ~3,000 rows of a large region (5.0 → 1.4 ms natively).
    let mut placed = Vec::new();
    for column in PipelineStage::ALL {
        let (skip, take) = column_window(page, column, count(column));
        if take == 0 {
            continue;
        }
        let (rows, filter_args) = board_rows_in(filter, Scope::Column(column));
        let mut args = clock_args(&clock);
        args.extend(filter_args.into_iter().map(Arg::from));
        args.extend([int(take), int(skip)]);
        placed.extend(
            sql.rows::<Placed>(
                &format!(
                    "{rows} SELECT id, col FROM r
                     ORDER BY overdue DESC, stalled DESC, days IS NULL, days DESC, id
                     LIMIT ? OFFSET ?"
                ),
                &args,
            )?
            .into_iter()
            .map(|p| (p.id, p.col)),
        );
    }
    let shown = int(domain::hub::TODAY_SHOWN);
    let today = ids(
        sql,
        &clock,
        filter,
        "SELECT id FROM (SELECT id FROM r WHERE is_due ORDER BY due, id LIMIT ?)
         UNION ALL
         SELECT id FROM (SELECT id FROM r WHERE stalled AND NOT is_due
            ORDER BY days DESC, id LIMIT ?)",
        vec![shown.clone(), shown],
    )?;
    Ok(Chosen {
        counts,
        due_total,
        stalled_total,
        placed,
        today,
    })
}

/// Which of a column's `count` rows a page shows: how many to skip, then how many to take
/// (the paged column's window, the first `limit` of the others).
pub fn column_window(page: BoardPage, column: PipelineStage, count: usize) -> (usize, usize) {
    let (start, end) = if page.column == Some(column) {
        domain::hub::page_window(page, column, count)
    } else {
        let (_, first) = domain::hub::page_window(
            BoardPage {
                column: None,
                ..page
            },
            column,
            usize::MAX,
        );
        (0, first)
    };
    if count <= start {
        return (start, 0);
    }
    (start, end.saturating_sub(start))
}

/// The board page from its [`Chosen`] rows and their cards (by engagement): "today" in the
/// domain's order (`domain::hub::today`, which orders them again and is the rule) with the
/// totals counted, each column's page with its count, and the tasks' names.
pub fn assemble(
    region: RegionId,
    now: DateTime<Utc>,
    stalled_days: u32,
    page: BoardPage,
    chosen: Chosen,
    mut cards: BTreeMap<String, Card>,
) -> domain::hub::Board {
    let as_of = domain::metrics::jst_date(now);
    let count = |c: PipelineStage| chosen.counts.get(c.as_str()).copied().unwrap_or(0);
    let today_cards: Vec<Card> = chosen
        .today
        .iter()
        .filter_map(|id| cards.get(id).cloned())
        .collect();
    let today = domain::hub::Today {
        checkins_total: chosen.due_total,
        stalled_total: chosen.stalled_total,
        ..domain::hub::today(&today_cards, as_of)
    };
    let mut by_column: BTreeMap<String, Vec<Card>> = BTreeMap::new();
    for (id, col) in &chosen.placed {
        if let Some(card) = cards.remove(id) {
            by_column.entry(col.clone()).or_default().push(card);
        }
    }
    let columns: Vec<BoardColumn> = PipelineStage::ALL
        .into_iter()
        .map(|column| {
            let n = count(column);
            let (start, end) = domain::hub::page_window(page, column, n);
            BoardColumn {
                column,
                label: column.label(),
                count: n,
                cards: by_column.remove(column.as_str()).unwrap_or_default(),
                offset: start,
                more: end < n,
            }
        })
        .collect();
    domain::hub::Board {
        region,
        as_of,
        stalled_days,
        total: chosen.counts.values().sum(),
        today,
        columns,
        task_names: BTreeMap::new(),
    }
    .named()
}

/// A page of the check-ins due by `now`'s JST day: the rows whose stored due instant is before
/// tomorrow (Japan), in `domain::hub::due_list`'s order (the earliest due, then by id), cut by
/// `domain::hub::window`; cards are built for the page only.
pub fn due<S: Sql>(
    sql: &S,
    region: RegionId,
    now: DateTime<Utc>,
    stalled_days: u32,
    page: Page,
) -> DeskResult<domain::hub::Due> {
    let clock = BoardClock::at(now, stalled_days);
    let due_ids = ids(
        sql,
        &clock,
        &BoardFilter::default(),
        "SELECT id FROM r WHERE is_due ORDER BY due, id",
        Vec::new(),
    )?;
    let ids = domain::hub::window(due_ids, page.offset, page.limit);
    let cards: Vec<Card> = cards_of(sql, &ids.items, now, stalled_days)?
        .into_values()
        .collect();
    let items = domain::hub::due_list(cards, domain::metrics::jst_date(now));
    Ok(domain::hub::Due {
        region,
        as_of: domain::metrics::jst_date(now),
        task_names: domain::hub::task_names(&items),
        items,
        total: ids.total,
        offset: ids.offset,
        more: ids.more,
    })
}

#[cfg(test)]
pub mod tests {
    //! The SQL path against the pure one on a generated region.
    use super::super::logic::execute;
    use super::super::parties::CompanyFact;
    use super::super::sql::memory::Memory;
    use super::super::testing::desk;
    use super::super::views::{JobFact, ResidentFact, ViewCommand};
    use super::super::wire::Command;
    use super::*;
    use chrono::TimeDelta;
    use domain::hub::Board;
    use domain::model::Approval;
    use domain::model::{CompanyId, JobId, Residency, ResidentId};
    use musubi_demo::{DemoConfig, DemoRegion};

    pub fn today() -> DateTime<Utc> {
        DateTime::from_timestamp_millis(1_780_000_000_123).expect("time")
    }

    /// A region of 600 residents, all with engagement histories over four years (~450
    /// engagements), its jobs and residents' facts in the desk.
    pub fn generated() -> (Memory, DemoRegion) {
        let demo = DemoRegion::new(DemoConfig {
            residents: 600,
            ..DemoConfig::default()
        });
        let db = desk();
        let run = |c: Command| db.transaction(|db| execute(db, c)).expect("command");
        let residents: Vec<(ResidentId, Residency)> =
            demo.residents().map(|r| (r.id, r.residency)).collect();
        let jobs: Vec<(JobId, CompanyId, u32)> = demo
            .jobs()
            .into_iter()
            .map(|j| (j.id, j.company_id, j.min_hours_per_person.max(1)))
            .collect();
        // Half the jobs are known before the events, half after (both orders the seed may take).
        let facts: Vec<JobFact> = demo.jobs().iter().map(JobFact::of).collect();
        let (before, after) = facts.split_at(facts.len() / 2);
        run(Command::View {
            command: ViewCommand::Import {
                residents: demo.residents().map(|r| ResidentFact::of(&r)).collect(),
                jobs: before.to_vec(),
                companies: demo
                    .companies()
                    .iter()
                    .map(|c| (CompanyFact::of(c), Approval::Pending))
                    .collect(),
                programs: Vec::new(),
                trust: Vec::new(),
            },
        });
        let events = musubi_demo::history::demo_histories(
            demo.config().seed,
            &residents,
            &jobs,
            &UserId("hub-midori-1".into()),
            today() - TimeDelta::days(1_460),
            today(),
        );
        for chunk in events.chunks(2_000) {
            run(Command::ImportEvents {
                events: chunk.to_vec(),
            });
        }
        run(Command::View {
            command: ViewCommand::Import {
                residents: Vec::new(),
                jobs: after.to_vec(),
                companies: Vec::new(),
                programs: Vec::new(),
                trust: Vec::new(),
            },
        });
        (db, demo)
    }

    #[test]
    fn the_board_and_due_list_from_the_columns_equal_the_domains_from_every_state() {
        let (db, demo) = generated();
        let region = demo.region().id;
        let engagements =
            super::super::sql::count(&db, "SELECT COUNT(*) AS n FROM engagement", &[])
                .expect("count");
        assert!(engagements > 300, "{engagements} engagements");
        let all = super::super::views::pure_cards(&db, today(), 14)
            .expect("cards")
            .0;
        let company = all[0].company.as_str().to_owned();
        let task = all
            .iter()
            .find_map(|c| c.tasks.first())
            .expect("a task")
            .as_str()
            .to_owned();
        let filters = [
            BoardFilter::default(),
            BoardFilter {
                company: Some(company),
                ..BoardFilter::default()
            },
            BoardFilter {
                task: Some(task),
                coordinator: Some("hub-midori-1".into()),
                company: Some(String::new()),
            },
        ];
        let pages = [
            None,
            Some(BoardPage::default()),
            Some(BoardPage {
                limit: 3,
                column: Some(PipelineStage::Working),
                offset: 2,
            }),
            Some(BoardPage {
                limit: 7,
                column: Some(PipelineStage::Ended),
                offset: 10_000,
            }),
        ];
        let mut checked = 0;
        let mut kept_checked = 0;
        let mut index = super::super::board_index::BoardIndex::default();
        let mut due_seen = 0;
        // The "today" lists were cut somewhere (more due and more stalled than are shown).
        let (mut due_cut, mut stalled_cut) = (false, false);
        for days in [0, 1, 13, 45, 200] {
            let now = today() + TimeDelta::days(days) + TimeDelta::hours(days % 24);
            for stalled_days in [3, 14, 60] {
                let (cards, coordinators) =
                    super::super::views::pure_cards(&db, now, stalled_days).expect("cards");
                assert_eq!(super::coordinators(&db), Ok(coordinators));
                // The due list, a page at a time, is the pure list cut in its order.
                let whole = domain::hub::due_list(cards.clone(), domain::metrics::jst_date(now));
                for page in [
                    Page::top(20),
                    Page {
                        offset: 7,
                        limit: 5,
                    },
                    Page {
                        offset: 10_000,
                        limit: 20,
                    },
                ] {
                    let cut = domain::hub::window(whole.clone(), page.offset, page.limit);
                    assert_eq!(
                        due(&db, region.clone(), now, stalled_days, page),
                        Ok(domain::hub::Due {
                            region: region.clone(),
                            as_of: domain::metrics::jst_date(now),
                            task_names: domain::hub::task_names(&cut.items),
                            items: cut.items,
                            total: cut.total,
                            offset: cut.offset,
                            more: cut.more,
                        }),
                        "due, {days} days on, {page:?}"
                    );
                }
                due_seen = due_seen.max(whole.len());
                for filter in &filters {
                    for page in pages {
                        let expected = domain::hub::board(
                            region.clone(),
                            cards.clone(),
                            filter,
                            page,
                            now,
                            stalled_days,
                        );
                        let got = board(&db, region.clone(), now, stalled_days, filter, page)
                            .expect("board");
                        assert_eq!(got, expected, "{days} days on, {filter:?}, {page:?}");
                        // The rows kept in memory build the same page (a task filter: SQL).
                        let kept = page
                            .map(|page| {
                                index.board(&db, region.clone(), now, stalled_days, filter, page)
                            })
                            .transpose()
                            .expect("kept board")
                            .flatten();
                        if let Some((kept, _)) = kept {
                            assert_eq!(kept, expected, "kept, {days} days on, {filter:?}");
                            kept_checked += 1;
                        }
                        checked += expected.total;
                        due_cut |= expected.today.checkins_total > domain::hub::TODAY_SHOWN;
                        stalled_cut |= expected.today.stalled_total > domain::hub::TODAY_SHOWN;
                    }
                }
            }
        }
        assert!(checked > 1_000, "{checked}");
        assert_eq!(kept_checked, 5 * 3 * 2 * 3, "every page but a task's");
        assert!(
            due_seen > 12,
            "a due list longer than a page of 5 from 7: {due_seen}"
        );
        assert!(
            due_cut && stalled_cut,
            "due cut {due_cut}, stalled cut {stalled_cut}"
        );
    }

    /// The page the kept rows build equals the one SQL builds, with the same coordinators.
    fn same_page(
        db: &Memory,
        index: &mut super::super::board_index::BoardIndex,
        region: &RegionId,
        now: DateTime<Utc>,
        what: &str,
    ) -> Vec<Board> {
        let working = Some(BoardPage {
            limit: 4,
            column: Some(PipelineStage::Working),
            offset: 3,
        });
        let mut pages = Vec::new();
        for filter in [
            BoardFilter::default(),
            BoardFilter {
                coordinator: Some("hub-midori-2".into()),
                company: Some(String::new()),
                ..BoardFilter::default()
            },
        ] {
            for page in [Some(BoardPage::default()), working] {
                let page = page.expect("a page");
                let expected =
                    board(db, region.clone(), now, 14, &filter, Some(page)).expect("board");
                let (got, coordinators) = index
                    .board(db, region.clone(), now, 14, &filter, page)
                    .expect("kept board")
                    .expect("built from the kept rows");
                assert_eq!(got, expected, "{what}: {filter:?} {page:?}");
                assert_eq!(Ok(coordinators), super::coordinators(db), "{what}");
                pages.push(got);
            }
        }
        pages
    }

    fn shows(pages: &[Board], shown: impl Fn(&domain::hub::Card) -> bool) -> bool {
        pages.iter().any(|p| p.cards().any(&shown))
    }

    #[test]
    fn the_kept_board_brought_up_to_date_equals_the_one_sql_builds() {
        use domain::engagement::{Actor, EngagementEvent, EventId, EventKind, Role};
        let (db, demo) = generated();
        let region = demo.region().id;
        let run = |c: Command| db.transaction(|db| execute(db, c)).expect("command");
        let mut index = super::super::board_index::BoardIndex::default();
        let mut now = today();
        let first = same_page(&db, &mut index, &region, now, "from nothing").remove(0);
        let (rows, held) = index.held();
        assert!(rows > 300 && held < rows / 2, "{rows} rows, {held} states");
        // Every shown card's state is held: a page read again reads none.
        same_page(&db, &mut index, &region, now, "again");
        assert_eq!(index.held().1, held);
        let working = first
            .columns
            .iter()
            .find(|c| c.column == PipelineStage::Working)
            .and_then(|c| c.cards.first())
            .expect("work on the board")
            .clone();
        // A note by another coordinator, then a check-in: the card moves, and the coordinator
        // filter finds it.
        for (i, kind) in [
            EventKind::Note {
                text: "引き継ぎ".into(),
            },
            super::super::testing::check_in(3),
        ]
        .into_iter()
        .enumerate()
        {
            now += TimeDelta::minutes(5);
            run(Command::PostEvent {
                open: None,
                event: EngagementEvent {
                    id: EventId(format!("{}-kept-{i}", now.timestamp_millis())),
                    engagement_id: working.engagement.clone(),
                    at: now,
                    actor: Actor {
                        user: UserId("hub-midori-2".into()),
                        role: Role::Hub,
                    },
                    kind,
                },
            });
            same_page(&db, &mut index, &region, now, &format!("event {i}"));
        }
        // A job's weeks and title, and a resident's name: facts the cards show.
        let mut job = demo
            .jobs()
            .into_iter()
            .find(|j| j.id == working.job)
            .map(|j| JobFact::of(&j))
            .expect("the job");
        job.duration_weeks += 30;
        job.title = "題名を変えた仕事".into();
        run(Command::View {
            command: ViewCommand::SaveJob { fact: job },
        });
        let page = same_page(&db, &mut index, &region, now, "a job saved");
        assert!(shows(&page, |c| c.job_title == "題名を変えた仕事"));
        let mut resident = demo
            .residents()
            .find(|r| r.id == working.resident)
            .map(|r| ResidentFact::of(&r))
            .expect("the resident");
        resident.name = "名前を変えた人".into();
        run(Command::View {
            command: ViewCommand::SaveResident { fact: resident },
        });
        let page = same_page(&db, &mut index, &region, now, "a name changed");
        assert!(shows(&page, |c| c.resident_name.as_deref()
            == Some("名前を変えた人")));
        // The clock alone moves cards between columns and lists.
        same_page(
            &db,
            &mut index,
            &region,
            now + TimeDelta::days(40),
            "40 days on",
        );
        // A row deleted (no command does today): the next build starts from nothing.
        db.run(
            "DELETE FROM engagement WHERE id = ?",
            &[working.engagement.as_str().into()],
        )
        .expect("delete");
        let page = same_page(&db, &mut index, &region, now, "a row deleted");
        assert!(!shows(&page, |c| c.engagement == working.engagement));
    }

    #[test]
    fn migrating_to_v6_fills_the_board_columns_of_stored_engagements() {
        let (db, _) = generated();
        let filled = |db: &Memory| {
            #[derive(Deserialize, PartialEq, Debug)]
            struct Cols {
                id: String,
                board_column: Option<String>,
                planned_end_ms: Option<i64>,
                due_ms: Option<i64>,
                activity_ms: Option<i64>,
                coordinator: Option<String>,
                trial_ms: Option<i64>,
                card: Option<String>,
            }
            db.rows::<Cols>(
                "SELECT id, board_column, planned_end_ms, due_ms, activity_ms, coordinator,
                    trial_ms, card FROM engagement ORDER BY id",
                &[],
            )
            .expect("rows")
        };
        let written = filled(&db);
        assert!(
            written
                .iter()
                .all(|c| c.board_column.is_some() && c.card.is_some())
        );
        // A desk an older worker left at v5, holding the same engagements and jobs.
        let old = Memory::new();
        old.run(
            "CREATE TABLE schema_version (version INTEGER NOT NULL)",
            &[],
        )
        .expect("version table");
        for step in &super::super::schema::MIGRATIONS[..5] {
            for statement in *step {
                old.run(statement, &[]).expect("old step");
            }
        }
        old.run("INSERT INTO schema_version (version) VALUES (5)", &[])
            .expect("version");
        #[derive(Deserialize)]
        struct V5 {
            id: String,
            job: String,
            company: String,
            resident: String,
            stage: String,
            active: i64,
            ended: i64,
            last_ms: i64,
            state: String,
        }
        for r in db
            .rows::<V5>(
                "SELECT id, job, company, resident, stage, active, ended, last_ms, state
                 FROM engagement",
                &[],
            )
            .expect("rows")
        {
            old.run(
                "INSERT INTO engagement (id, job, company, resident, stage, active, ended,
                    last_ms, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                &[
                    r.id.into(),
                    r.job.into(),
                    r.company.into(),
                    r.resident.into(),
                    r.stage.into(),
                    r.active.into(),
                    r.ended.into(),
                    r.last_ms.into(),
                    r.state.into(),
                ],
            )
            .expect("v5 row");
        }
        #[derive(Deserialize)]
        struct Job {
            job: String,
            region: String,
            hourly_yen: i64,
            duration_weeks: i64,
            title: String,
            tasks: String,
        }
        for j in db.rows::<Job>("SELECT * FROM job_fact", &[]).expect("jobs") {
            old.run(
                "INSERT INTO job_fact VALUES (?, ?, ?, ?, ?, ?)",
                &[
                    j.job.into(),
                    j.region.into(),
                    j.hourly_yen.into(),
                    j.duration_weeks.into(),
                    j.title.into(),
                    j.tasks.into(),
                ],
            )
            .expect("job");
        }
        assert_eq!(
            old.transaction(super::super::schema::migrate),
            Ok(u32::try_from(super::super::schema::MIGRATIONS.len()).expect("small"))
        );
        assert_eq!(filled(&old), written);
    }
}
