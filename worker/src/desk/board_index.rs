//! The hub's board kept in the desk's memory between writes (schema v22): each engagement's
//! board row (`domain::hub::BoardRow`, its company) and the states of the cards shown, brought
//! up to date by what changed since the last build instead of read again.
//!
//! A board page after any write used to count, order and page the region's ~3,000 rows in SQL
//! (seven statements) and read and parse every shown card's state (~1 KB each): ~18 ms of a
//! desk call at the large size, right after every check-in. Every write to an engagement's
//! board columns or card now stamps its row with a revision (`board_rev`, moved by trigger, so
//! no writer can forget it); a build reads only the rows stamped since the last one (one
//! statement answering one JSON array), places them as of the clock with the domain's rule
//! (`BoardRow::as_of`), and reads only the states of shown cards it does not hold at their
//! revision. The parties' facts a card shows (job, name, company) are read for the page every
//! time: a profile or a job can change without touching the engagement.
//!
//! A board narrowed to a task (a job's facts, not the engagement's) is built in SQL
//! (`desk::board`), as are the unpaged board and the due list; the unit tests compare both
//! paths. A row deleted (never by today's commands) moves `board_deleted`, and the next build
//! starts from nothing.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use domain::engagement::{EngagementState, PipelineStage};
use domain::hub::{Board, BoardClock, BoardFilter, BoardPage, BoardRow, Card, RowAsOf};
use domain::model::{RegionId, TaskKindId, UserId};
use serde::Deserialize;

use super::board::{CHUNK, CardFacts, Chosen, assemble, card_from, column_window, wanted};
use super::sql::{Arg, DeskError, DeskResult, Sql, array, parse};

/// Moves `input_version`'s `board` and stamps the engagement `$row` with it.
macro_rules! stamp_board {
    ($row:literal) => {
        concat!(
            "UPDATE input_version SET n = n + 1 WHERE source = 'board';
             UPDATE engagement SET board_rev = (SELECT n FROM input_version WHERE source = 'board')
             WHERE id = ",
            $row,
            ";"
        )
    };
}

/// Version 22: each engagement's board revision, stamped by trigger whenever a column the board
/// reads is written (every column of `desk::board::MIGRATION` but `trial_ms`, and `active`);
/// rows from before are 0, which a desk starting with nothing read reads all of.
pub const MIGRATION: &[&str] = &[
    "ALTER TABLE engagement ADD COLUMN board_rev INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX engagement_by_board_rev ON engagement (board_rev)",
    "INSERT INTO input_version (source, n, at_ms) VALUES ('board', 0, 0), ('board_deleted', 0, 0)",
    concat!(
        "CREATE TRIGGER board_insert AFTER INSERT ON engagement BEGIN ",
        stamp_board!("NEW.id"),
        " END"
    ),
    // A column the board reads added to `engagement` later is added here, or its changes do
    // not reach the kept board.
    concat!(
        "CREATE TRIGGER board_update AFTER UPDATE OF board_column, planned_end_ms, due_ms,
            activity_ms, coordinator, active, company, card ON engagement BEGIN ",
        stamp_board!("NEW.id"),
        " END"
    ),
    "CREATE TRIGGER board_delete AFTER DELETE ON engagement BEGIN
        UPDATE input_version SET n = n + 1 WHERE source = 'board_deleted'; END",
];

/// Card states held at most (a page shows ~160; coordinators page through a few hundred).
const CARDS: usize = 4_000;

#[derive(Debug, Default)]
pub struct BoardIndex {
    /// The highest revision read and `board_deleted` then; `None` before the first build.
    read: Option<(i64, i64)>,
    /// The rows on the board, by engagement.
    rows: BTreeMap<String, Indexed>,
    /// Card states read, by engagement, with the revision they were read at.
    cards: BTreeMap<String, (i64, EngagementState)>,
}

#[derive(Debug)]
struct Indexed {
    rev: i64,
    row: BoardRow,
    company: String,
}

/// A row as `refresh` reads it: id, revision, column, planned end, next check-in due, last
/// activity (ms), active, coordinator, company.
#[derive(Deserialize)]
struct Stored(
    String,
    i64,
    Option<PipelineStage>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    i64,
    Option<String>,
    String,
);

#[derive(Deserialize)]
struct Head {
    deleted: i64,
    doc: Option<String>,
}

fn instant(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.and_then(DateTime::from_timestamp_millis)
}

impl BoardIndex {
    /// The board page (`desk::board::board`'s answer for the same question) and every
    /// coordinator on the board, in order; `None` for a board narrowed to a task, which the
    /// caller builds in SQL.
    pub fn board<S: Sql>(
        &mut self,
        sql: &S,
        region: RegionId,
        now: DateTime<Utc>,
        stalled_days: u32,
        filter: &BoardFilter,
        page: BoardPage,
    ) -> DeskResult<Option<(Board, Vec<UserId>)>> {
        if wanted(&filter.task).is_some() {
            return Ok(None);
        }
        self.refresh(sql)?;
        let clock = BoardClock::at(now, stalled_days);
        let company = wanted(&filter.company);
        let coordinator = wanted(&filter.coordinator);
        let rows: Vec<(&str, RowAsOf)> = self
            .rows
            .iter()
            .filter(|(_, r)| company.is_none_or(|c| r.company == c))
            .filter(|(_, r)| {
                coordinator
                    .is_none_or(|c| r.row.coordinator.as_ref().is_some_and(|u| u.as_str() == c))
            })
            .map(|(id, r)| (id.as_str(), r.row.as_of(&clock)))
            .collect();
        let chosen = choose(&rows, page);
        let cards = self.cards_of(sql, &chosen.wanted(), now, stalled_days)?;
        let board = assemble(region, now, stalled_days, page, chosen, cards);
        Ok(Some((board, self.coordinators())))
    }

    /// Every coordinator named on a row of the board, in order (`desk::board::coordinators`).
    fn coordinators(&self) -> Vec<UserId> {
        let named: BTreeSet<&UserId> = self
            .rows
            .values()
            .filter_map(|r| r.row.coordinator.as_ref())
            .collect();
        named.into_iter().cloned().collect()
    }

    /// Reads the rows stamped since the last build (all of them the first time, or after a
    /// deletion).
    fn refresh<S: Sql>(&mut self, sql: &S) -> DeskResult<()> {
        let since = self.read.map_or(-1, |(rev, _)| rev);
        let head = changed_since(sql, since)?;
        if let Some((_, deleted)) = self.read
            && deleted != head.deleted
        {
            *self = BoardIndex::default();
            return self.refresh(sql);
        }
        let stored: Vec<Stored> = match &head.doc {
            Some(doc) => parse(doc)?,
            None => Vec::new(),
        };
        let mut highest = since;
        for Stored(id, rev, column, planned_end, due, activity, active, coordinator, company) in
            stored
        {
            highest = highest.max(rev);
            let Some(column) = column else {
                self.rows.remove(&id);
                continue;
            };
            let row = BoardRow {
                column,
                planned_end: instant(planned_end),
                next_checkin_due: instant(due),
                active: active == 1,
                last_activity: instant(activity),
                coordinator: coordinator.map(UserId),
            };
            self.rows.insert(id, Indexed { rev, row, company });
        }
        self.read = Some((highest, head.deleted));
        Ok(())
    }

    /// The cards of these engagements, by id: their states from memory where held at their
    /// revision (read otherwise), their parties' facts read now.
    fn cards_of<S: Sql>(
        &mut self,
        sql: &S,
        ids: &[String],
        now: DateTime<Utc>,
        stalled_days: u32,
    ) -> DeskResult<BTreeMap<String, Card>> {
        let mut wanted: Vec<&String> = ids.iter().collect();
        wanted.sort();
        wanted.dedup();
        let held = |index: &BoardIndex, id: &str| match (index.rows.get(id), index.cards.get(id)) {
            (Some(row), Some((rev, _))) => row.rev == *rev,
            _ => false,
        };
        let mut stale: Vec<&String> = wanted
            .iter()
            .copied()
            .filter(|id| !held(self, id))
            .collect();
        if self.cards.len() + stale.len() > CARDS {
            self.cards.clear();
            stale.clone_from(&wanted);
        }
        for chunk in stale.chunks(CHUNK) {
            for (id, rev, state) in in_ids::<(String, i64, Option<EngagementState>)>(
                sql,
                "SELECT json_group_array(json_array(id, board_rev, json(card))) AS doc
                 FROM engagement WHERE id IN",
                chunk,
            )? {
                if let Some(state) = state {
                    self.cards.insert(id, (rev, state));
                }
            }
        }
        let mut out = BTreeMap::new();
        for chunk in wanted.chunks(CHUNK) {
            for Facts(id, title, tasks, weeks, name, company_name) in in_ids::<Facts>(
                sql,
                "SELECT json_group_array(json_array(e.id, j.title, json(j.tasks),
                    j.duration_weeks, json_extract(r.doc, '$.name'), c.name)) AS doc
                 FROM engagement e
                 LEFT JOIN job_fact j ON j.job = e.job
                 LEFT JOIN resident_fact r ON r.resident = e.resident
                 LEFT JOIN company_fact c ON c.company = e.company
                 WHERE e.id IN",
                chunk,
            )? {
                let Some((_, state)) = self.cards.get(&id) else {
                    continue;
                };
                let facts = CardFacts {
                    title,
                    tasks: tasks.unwrap_or_default(),
                    weeks,
                    name,
                    company_name,
                };
                if let Some(card) = card_from(id.clone(), state, facts, now, stalled_days) {
                    out.insert(id, card);
                }
            }
        }
        Ok(out)
    }

    /// How many rows and card states are held now.
    #[cfg(test)]
    pub fn held(&self) -> (usize, usize) {
        (self.rows.len(), self.cards.len())
    }
}

/// The deletions' count and the rows stamped after `since`, as one JSON array.
fn changed_since<S: Sql>(sql: &S, since: i64) -> DeskResult<Head> {
    sql.rows::<Head>(
        "SELECT (SELECT n FROM input_version WHERE source = 'board_deleted') AS deleted,
            (SELECT json_group_array(json_array(id, board_rev, board_column, planned_end_ms,
                due_ms, activity_ms, active, coordinator, company))
             FROM engagement WHERE board_rev > ?) AS doc",
        &[Arg::Int(since)],
    )?
    .pop()
    .ok_or_else(|| DeskError("the board's revision was not answered".into()))
}

/// A card's parties' facts: engagement, job title, tasks, weeks, resident's name, company's name.
#[derive(Deserialize)]
struct Facts(
    String,
    Option<String>,
    Option<Vec<TaskKindId>>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

/// The one JSON array `query … IN (ids)` answers.
fn in_ids<T: serde::de::DeserializeOwned>(
    sql: &impl Sql,
    query: &str,
    ids: &[&String],
) -> DeskResult<Vec<T>> {
    let marks = super::sql::marks(ids.len());
    let args: Vec<Arg> = ids.iter().map(|id| Arg::from(id.as_str())).collect();
    array(sql, &format!("{query} ({marks})"), &args)
}

/// A board page's rows, chosen from every row's place as of the clock: `desk::board::choose`'s
/// answer (`domain::hub::columns`' order in each column: overdue, stalled, the longest quiet,
/// then id; "today": the earliest due, then the longest stalled of those not due).
fn choose(rows: &[(&str, RowAsOf)], page: BoardPage) -> Chosen {
    let mut chosen = Chosen::default();
    for (_, r) in rows {
        *chosen
            .counts
            .entry(r.column.as_str().to_owned())
            .or_default() += 1;
        if r.due {
            chosen.due_total += 1;
        } else if r.stalled {
            chosen.stalled_total += 1;
        }
    }
    for column in PipelineStage::ALL {
        let mut in_column: Vec<&(&str, RowAsOf)> =
            rows.iter().filter(|(_, r)| r.column == column).collect();
        let (skip, take) = column_window(page, column, in_column.len());
        if take == 0 {
            continue;
        }
        in_column.sort_by_key(|(id, r)| {
            (
                !r.overdue,
                !r.stalled,
                r.days_since_activity.is_none(),
                std::cmp::Reverse(r.days_since_activity),
                *id,
            )
        });
        chosen.placed.extend(
            in_column
                .into_iter()
                .skip(skip)
                .take(take)
                .map(|(id, _)| ((*id).to_owned(), column.as_str().to_owned())),
        );
    }
    let first = |mut ids: Vec<(i64, &str)>| {
        ids.sort_unstable();
        ids.into_iter()
            .take(domain::hub::TODAY_SHOWN)
            .map(|(_, id)| id.to_owned())
            .collect::<Vec<_>>()
    };
    let due = first(
        rows.iter()
            .filter(|(_, r)| r.due)
            .map(|(id, r)| (r.next_checkin_due_ms.unwrap_or_default(), *id))
            .collect(),
    );
    let stalled = first(
        rows.iter()
            .filter(|(_, r)| r.stalled && !r.due)
            .map(|(id, r)| (-r.days_since_activity.unwrap_or_default(), *id))
            .collect(),
    );
    chosen.today = due.into_iter().chain(stalled).collect();
    chosen
}
