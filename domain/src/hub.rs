//! The hub's console (伴走): the board's wire types, and the rules that tell the hub whom to
//! call — residents who finished a course but found no work (idle), residents whose work ends
//! soon with nothing next (at risk) — and the handover timeline of a resident or a company.
//!
//! Everything here takes folded engagement states and "now"; the worker reads, this decides.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::engagement::{
    EngagementEvent, EngagementState, EventKind, PipelineStage, Role, Stage, fold,
};
use crate::metrics::CourseFacts;
use crate::model::{
    Approval, CompanyId, EngagementId, JobId, Localized, ProgramId, RegionId, ResidentId,
    TaskKindId, UserId,
};

/// A graduate with no work this many days after completing a course is idle, unless asked.
pub const DEFAULT_IDLE_DAYS: u32 = 30;
/// Work that ends within this many days with nothing next puts a resident at risk, unless asked.
pub const DEFAULT_ENDING_DAYS: u32 = 21;

// ------------------------------------------------------------------ the board (wire types)

/// One engagement on the board: who, what, and whether it needs the hub's attention.
///
/// A board page carries hundreds of cards, so a card leaves out what it does not have: a field
/// that is `null`, `false` or unset is absent from the JSON (and read back as such), and the
/// task kinds' names come once per answer ([`Board::task_names`], [`Due::task_names`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub engagement: EngagementId,
    pub column: PipelineStage,
    pub stage: Stage,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub paused: bool,
    pub company: CompanyId,
    pub company_name: String,
    pub job: JobId,
    pub job_title: String,
    pub tasks: Vec<TaskKindId>,
    /// The resident's opaque id (the hub accompanies both sides).
    pub resident: ResidentId,
    /// The resident's name as they gave it: the hub may see names in its own region (the
    /// municipality never reads a card). Absent once the account is deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_name: Option<String>,
    /// The coordinator who last checked in or wrote a note, if any ([`coordinator`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinator: Option<UserId>,
    /// How the coordinator is named on screen (the account's email; never its id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinator_name: Option<String>,
    #[serde(
        default,
        with = "crate::wire_time::instant_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_activity: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_since_activity: Option<i64>,
    #[serde(
        default,
        with = "crate::wire_time::instant_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_checkin: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_since_checkin: Option<i64>,
    #[serde(
        default,
        with = "crate::wire_time::instant_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub next_checkin_due: Option<DateTime<Utc>>,
    /// The next check-in falls on today's date in Japan.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub due_today: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overdue: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stalled: bool,
    /// When the planned work ends (trial start + the job's weeks + renewals), while running.
    #[serde(
        default,
        with = "crate::wire_time::instant_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub planned_end: Option<DateTime<Utc>>,
    /// The work ran past its planned end with no renewal: it has left 就業中 and sits under 終了
    /// until someone renews it (a decision) or marks it done.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ended_by_plan: bool,
}

/// The plain names of the task kinds on these cards, from the shared vocabulary (an unknown
/// id is named by itself): what a board or due page says once for all its cards.
pub fn task_names<'a>(
    cards: impl IntoIterator<Item = &'a Card>,
) -> BTreeMap<TaskKindId, Localized> {
    let taxonomy = crate::vocabulary::Taxonomy::builtin();
    let mut names = BTreeMap::new();
    for task in cards.into_iter().flat_map(|c| &c.tasks) {
        if !names.contains_key(task) {
            let name = taxonomy.task(task.as_str()).map_or_else(
                || Localized::new(task.as_str(), task.as_str()),
                |k| k.name.clone(),
            );
            names.insert(task.clone(), name);
        }
    }
    names
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardColumn {
    pub column: PipelineStage,
    pub label: Localized,
    /// Cards in the column in all (the page shows at most `BoardPage::limit` of them).
    pub count: usize,
    pub cards: Vec<Card>,
    /// Where the page starts in the column, and whether cards follow it ([`page_columns`]).
    #[serde(default)]
    pub offset: usize,
    #[serde(default)]
    pub more: bool,
}

/// Cards per column on one page of the board by default (the console's page): more than a
/// screen of each column, and what a hub on a weak connection can load at once (fifty a column
/// made a large region's first board 370 cards, 271 KB of JSON).
pub const BOARD_PAGE: usize = 20;
/// Cards per column on one page of the board at most (`?limit=`), as on every page.
pub const BOARD_PAGE_MAX: usize = crate::matching::MAX_PAGE_LIMIT;

/// Which page of the board to show: at most `limit` cards of each column, those of `column`
/// from `offset` (the "more" of one column), the others from their first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardPage {
    pub limit: usize,
    pub column: Option<PipelineStage>,
    pub offset: usize,
}

impl Default for BoardPage {
    fn default() -> Self {
        BoardPage {
            limit: BOARD_PAGE,
            column: None,
            offset: 0,
        }
    }
}

/// One page of the board's columns: each keeps its count, shows at most `page.limit` cards and
/// says whether more follow, so the board's size does not grow with the region's.
pub fn page_columns(columns: Vec<BoardColumn>, page: BoardPage) -> Vec<BoardColumn> {
    columns
        .into_iter()
        .map(|mut c| {
            let (start, end) = page_window(page, c.column, c.count);
            c.cards = c.cards.into_iter().skip(start).take(end - start).collect();
            c.offset = start;
            c.more = end < c.count;
            c
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub region: RegionId,
    /// Today in Japan: the flags and day counts are as of today (a date, not an instant, so that
    /// an unchanged board keeps its ETag and a poll costs a 304).
    #[serde(with = "crate::wire_time::date")]
    pub as_of: NaiveDate,
    pub stalled_days: u32,
    pub total: usize,
    /// What the coordinator does today, before the columns ([`today`]).
    #[serde(default)]
    pub today: Today,
    pub columns: Vec<BoardColumn>,
    /// The names of the task kinds on this page's cards ([`task_names`]).
    #[serde(default)]
    pub task_names: BTreeMap<TaskKindId, Localized>,
}

impl Board {
    /// Every card on this page: the "today" lists' and the columns'.
    pub fn cards(&self) -> impl Iterator<Item = &Card> {
        self.today
            .checkins
            .iter()
            .chain(&self.today.stalled)
            .chain(self.columns.iter().flat_map(|c| &c.cards))
    }

    /// Names the task kinds of the page's cards ([`Board::task_names`]).
    #[must_use]
    pub fn named(mut self) -> Self {
        self.task_names = task_names(self.cards());
        self
    }
}

/// The board's first section, "who needs me today": check-ins overdue or due today (the
/// earliest first) and stalled engagements (the longest quiet first), the first
/// [`TODAY_SHOWN`] of each with how many there are in all (a large region has hundreds: the
/// due page lists every check-in, and the columns put stalled cards first). The console shows
/// the idle graduates of `GET /hub/attention` beside them (read in parallel: that list reads
/// every resident, which the board does not need).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Today {
    pub checkins: Vec<Card>,
    pub stalled: Vec<Card>,
    /// Check-ins due or overdue in all (`checkins` holds the first of them).
    #[serde(default)]
    pub checkins_total: usize,
    /// Stalled engagements without a check-in due, in all.
    #[serde(default)]
    pub stalled_total: usize,
}

/// How many of each "today" list the board carries: a screen's worth, whatever the region's size.
pub const TODAY_SHOWN: usize = 10;

/// Whole days from `at` to `now`, never negative.
pub fn days_since(at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<i64> {
    at.map(|t| now.signed_duration_since(t).num_days().max(0))
}

/// What a card shows of its job: title, task kinds, planned weeks.
#[derive(Debug, Clone, Copy)]
pub struct CardJob<'a> {
    pub title: &'a str,
    pub tasks: &'a [TaskKindId],
    pub weeks: u32,
}

/// One engagement's card (`id`: its row's) as of `now` ([`board_facts`]), unnamed on the company's and the
/// coordinator's side (`company_name` empty, `coordinator_name` `None`: the worker lays those
/// on the cards it sends); `None` for an engagement without parties or off the board.
pub fn card(
    id: EngagementId,
    state: &EngagementState,
    job: Option<CardJob<'_>>,
    resident_name: Option<String>,
    now: DateTime<Utc>,
    stalled_days: u32,
) -> Option<Card> {
    let parties = state.parties.clone()?;
    let facts = board_facts(state, job.map(|j| j.weeks), now, stalled_days)?;
    let tasks: Vec<TaskKindId> = job.map(|j| j.tasks.to_vec()).unwrap_or_default();
    Some(Card {
        resident_name,
        engagement: id,
        column: facts.column,
        stage: state.stage,
        paused: matches!(state.stage, Stage::Paused { .. }),
        company_name: String::new(),
        company: parties.company,
        job_title: job.map(|j| j.title.to_owned()).unwrap_or_default(),
        tasks,
        job: parties.job,
        resident: parties.resident,
        coordinator: coordinator(state),
        coordinator_name: None,
        last_activity: state.last_activity,
        days_since_activity: days_since(state.last_activity, now),
        last_checkin: state.last_checkin(),
        days_since_checkin: days_since(state.last_checkin(), now),
        next_checkin_due: facts.next_checkin_due,
        due_today: facts.due_today,
        overdue: facts.overdue,
        stalled: facts.stalled,
        planned_end: facts.planned_end,
        ended_by_plan: facts.ended_by_plan,
    })
}

/// The board from every card of the region: those the filter keeps, counted, the "today"
/// section, and the columns (one page of each when `page` says so, every card otherwise).
pub fn board(
    region: RegionId,
    mut cards: Vec<Card>,
    filter: &BoardFilter,
    page: Option<BoardPage>,
    now: DateTime<Utc>,
    stalled_days: u32,
) -> Board {
    cards.retain(|c| filter.keeps(c));
    let as_of = crate::metrics::jst_date(now);
    let total = cards.len();
    let today = today(&cards, as_of);
    let columns = match page {
        Some(page) => page_columns(columns(cards), page),
        None => columns(cards),
    };
    Board {
        region,
        as_of,
        stalled_days,
        total,
        today,
        columns,
        task_names: BTreeMap::new(),
    }
    .named()
}

/// A check-in next due at `next` is due on `today` (JST): that day or earlier.
pub fn due_on(next: Option<DateTime<Utc>>, today: NaiveDate) -> bool {
    next.is_some_and(|d| crate::metrics::jst_date(d) <= today)
}

/// The hub's due list: the cards whose check-in is due on `today` or earlier, the earliest
/// first.
pub fn due_list(mut cards: Vec<Card>, today: NaiveDate) -> Vec<Card> {
    cards.retain(|c| due_on(c.next_checkin_due, today));
    cards.sort_by_key(|c| c.next_checkin_due);
    cards
}

/// The "today" section from the board's cards: the first [`TODAY_SHOWN`] of each list and
/// their totals. A card with a check-in due is listed there only, not again under stalled.
pub fn today(cards: &[Card], today: NaiveDate) -> Today {
    let due = |c: &Card| due_on(c.next_checkin_due, today);
    let mut checkins: Vec<Card> = cards.iter().filter(|c| due(c)).cloned().collect();
    checkins.sort_by_key(|c| (c.next_checkin_due, c.engagement.clone()));
    let mut stalled: Vec<Card> = cards
        .iter()
        .filter(|c| c.stalled && !due(c))
        .cloned()
        .collect();
    stalled.sort_by_key(|c| {
        (
            std::cmp::Reverse(c.days_since_activity),
            c.engagement.clone(),
        )
    });
    let (checkins_total, stalled_total) = (checkins.len(), stalled.len());
    checkins.truncate(TODAY_SHOWN);
    stalled.truncate(TODAY_SHOWN);
    Today {
        checkins,
        stalled,
        checkins_total,
        stalled_total,
    }
}

/// Where an engagement stands on the board as of `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardFacts {
    pub column: PipelineStage,
    pub planned_end: Option<DateTime<Utc>>,
    pub ended_by_plan: bool,
    pub next_checkin_due: Option<DateTime<Utc>>,
    pub due_today: bool,
    pub overdue: bool,
    pub stalled: bool,
}

/// The views' rule for work that ends: running work (`job_weeks` long, when its job is known)
/// past its planned end has ended — it leaves its running column for 終了, no check-in is due
/// and it is not stalled — until a renewal (a decision) moves the end later. A check-in slot
/// after the planned end is not due either: the work ends first. The fold stays free of "now".
pub fn board_facts(
    state: &EngagementState,
    job_weeks: Option<u32>,
    now: DateTime<Utc>,
    stalled_days: u32,
) -> Option<BoardFacts> {
    let column = crate::engagement::pipeline_column(state)?;
    let planned_end = job_weeks.and_then(|w| planned_end(state, w));
    if planned_end.is_some_and(|end| now >= end) {
        return Some(BoardFacts {
            column: PipelineStage::Ended,
            planned_end,
            ended_by_plan: true,
            next_checkin_due: None,
            due_today: false,
            overdue: false,
            stalled: false,
        });
    }
    let due = crate::engagement::next_checkin_due(state)
        .filter(|d| planned_end.is_none_or(|end| *d <= end));
    let grace = TimeDelta::days(crate::engagement::CHECKIN_GRACE_DAYS);
    Some(BoardFacts {
        column,
        planned_end,
        ended_by_plan: false,
        next_checkin_due: due,
        due_today: due
            .is_some_and(|d| crate::metrics::jst_date(d) == crate::metrics::jst_date(now)),
        overdue: due.is_some_and(|d| now > d + grace),
        stalled: crate::engagement::is_stalled(state, now, stalled_days),
    })
}

/// What the board needs of an engagement apart from "now": [`board_facts`] as of any moment
/// comes from these and a [`BoardClock`] ([`BoardRow::as_of`]). The desk keeps them as indexed
/// columns beside the state (written with each event), so the board is paged, counted and the
/// due list chosen in SQL, reading only the states it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardRow {
    /// Its column while its planned end is ahead ([`crate::engagement::pipeline_column`]).
    pub column: PipelineStage,
    /// When the planned work ends ([`planned_end`]; `None` without the job's weeks).
    pub planned_end: Option<DateTime<Utc>>,
    /// The next check-in due before the planned end ([`board_facts`]' rule).
    pub next_checkin_due: Option<DateTime<Utc>>,
    /// Proposed … renewed, not paused: it can stall ([`crate::engagement::is_stalled`]).
    pub active: bool,
    pub last_activity: Option<DateTime<Utc>>,
    /// Who last accompanied it ([`coordinator`]).
    pub coordinator: Option<UserId>,
}

/// An engagement's [`BoardRow`] (`job_weeks`: its job's planned weeks, when the job is known);
/// `None` off the board.
pub fn board_row(state: &EngagementState, job_weeks: Option<u32>) -> Option<BoardRow> {
    let column = crate::engagement::pipeline_column(state)?;
    let planned_end = job_weeks.and_then(|w| planned_end(state, w));
    Some(BoardRow {
        column,
        planned_end,
        next_checkin_due: crate::engagement::next_checkin_due(state)
            .filter(|d| planned_end.is_none_or(|end| *d <= end)),
        active: state.stage.is_active(),
        last_activity: state.last_activity,
        coordinator: coordinator(state),
    })
}

const DAY_MS: i64 = 86_400_000;

/// The instant the hub's board, due page and attention lists are built as of: `now` to the whole
/// minute (UTC). Every read of an unchanged board within a minute is then the same answer, which
/// the desk keeps; a flag or a day count that turns during the minute shows at most a minute late.
pub fn board_instant(now: DateTime<Utc>) -> DateTime<Utc> {
    const MINUTE_MS: i64 = 60_000;
    let ms = now.timestamp_millis();
    DateTime::from_timestamp_millis(ms - ms.rem_euclid(MINUTE_MS)).unwrap_or(now)
}

/// The instants (Unix milliseconds) that decide a [`BoardRow`]'s facts as of `now`: the SQL the
/// desk runs compares its columns with these, exactly as [`BoardRow::as_of`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardClock {
    /// Work whose planned end is at or before this has ended by plan.
    pub now_ms: i64,
    /// A check-in due before this is overdue (past its grace days).
    pub overdue_before_ms: i64,
    /// Active work whose last activity is at or before this has stalled.
    pub stalled_by_ms: i64,
    /// A check-in due before this is due today (Japan) or earlier: tomorrow's start in Japan.
    pub due_before_ms: i64,
}

impl BoardClock {
    pub fn at(now: DateTime<Utc>, stalled_days: u32) -> Self {
        let now_ms = now.timestamp_millis();
        let tomorrow = crate::metrics::jst_date(now)
            .succ_opt()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map_or(i64::MAX, |t| t.and_utc().timestamp_millis() - 9 * 3_600_000);
        BoardClock {
            now_ms,
            overdue_before_ms: now_ms - crate::engagement::CHECKIN_GRACE_DAYS * DAY_MS,
            stalled_by_ms: now_ms - i64::from(stalled_days) * DAY_MS,
            due_before_ms: tomorrow,
        }
    }
}

/// A [`BoardRow`] as of a [`BoardClock`]: what [`board_facts`] and [`card`] say of the
/// engagement then (instants are whole milliseconds, as every stored time is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowAsOf {
    pub column: PipelineStage,
    pub ended_by_plan: bool,
    pub next_checkin_due_ms: Option<i64>,
    pub overdue: bool,
    pub stalled: bool,
    /// Its check-in is due today (Japan) or earlier ([`due_on`]).
    pub due: bool,
    pub days_since_activity: Option<i64>,
}

impl BoardRow {
    pub fn as_of(&self, clock: &BoardClock) -> RowAsOf {
        let ms = |t: Option<DateTime<Utc>>| t.map(|t| t.timestamp_millis());
        let ended_by_plan = ms(self.planned_end).is_some_and(|end| end <= clock.now_ms);
        let due = if ended_by_plan {
            None
        } else {
            ms(self.next_checkin_due)
        };
        let last = ms(self.last_activity);
        RowAsOf {
            column: if ended_by_plan {
                PipelineStage::Ended
            } else {
                self.column
            },
            ended_by_plan,
            next_checkin_due_ms: due,
            overdue: due.is_some_and(|d| d < clock.overdue_before_ms),
            stalled: !ended_by_plan
                && self.active
                && last.is_some_and(|l| l <= clock.stalled_by_ms),
            due: due.is_some_and(|d| d < clock.due_before_ms),
            days_since_activity: last.map(|l| ((clock.now_ms - l) / DAY_MS).max(0)),
        }
    }
}

/// The state as a card reads it ([`card`], [`board_row`]): everything but the check-ins and
/// notes before the latest of each, so the desk keeps a small copy to build cards from.
pub fn card_state(state: &EngagementState) -> EngagementState {
    let last = |n: usize| n.saturating_sub(1);
    EngagementState {
        checkins: state.checkins[last(state.checkins.len())..].to_vec(),
        notes: state.notes[last(state.notes.len())..].to_vec(),
        ..state.clone()
    }
}

/// Where a column's page starts and ends among its `count` cards ([`page_columns`]).
pub fn page_window(page: BoardPage, column: PipelineStage, count: usize) -> (usize, usize) {
    let limit = page.limit.clamp(1, BOARD_PAGE_MAX);
    let start = if page.column == Some(column) {
        page.offset.min(count)
    } else {
        0
    };
    (start, start.saturating_add(limit).min(count))
}

/// A next check-in date the hub chose, held within the work's dates ([`next_checkin_range`]):
/// refused on `next_on` with the range in the message.
pub fn check_next_checkin(
    next_on: NaiveDate,
    planned_end: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), crate::validate::ValidationErrors> {
    let refuse = |ja: String, en: String| {
        Err(crate::validate::ValidationErrors(vec![
            crate::validate::FieldError {
                field: "next_on".to_owned(),
                code: crate::validate::ErrorCode::OutOfRange,
                message: Localized::new(ja, en),
            },
        ]))
    };
    match next_checkin_range(planned_end, now) {
        None => refuse(
            "この仕事は予定の期間が終わるため、次のチェックインは決められません。".to_owned(),
            "The work's planned period ends, so no next check-in can be set.".to_owned(),
        ),
        Some((first, last)) if next_on < first || last.is_some_and(|l| next_on > l) => {
            let until_ja = last.map_or_else(String::new, |l| format!("{l}まで"));
            let until_en = last.map_or_else(String::new, |l| format!(" to {l}"));
            refuse(
                format!(
                    "次のチェックインの日は、{first}から{until_ja}の間で選んでください（仕事の期間内）。"
                ),
                format!(
                    "Choose the next check-in from {first}{until_en} (within the work's dates)."
                ),
            )
        }
        Some(_) => Ok(()),
    }
}

/// The dates a check-in's next date may be chosen from: from tomorrow (Japan) to the planned
/// end of the work, when it is known. `None` when the work ends before tomorrow.
pub fn next_checkin_range(
    planned_end: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let first = crate::metrics::jst_date(now).succ_opt()?;
    let last = planned_end.map(crate::metrics::jst_date);
    if last.is_some_and(|l| l < first) {
        return None;
    }
    Some((first, last))
}

/// A page of the check-ins due (`due_list`'s order, cut by [`window`]): a large region has a
/// hundred or more due on a day, more than a hub reads at once or a weak connection should fetch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Due {
    pub region: RegionId,
    pub as_of: NaiveDate,
    /// Running engagements whose next check-in is due today or earlier, the earliest first
    /// (this page of them).
    pub items: Vec<Card>,
    /// How many are due in all, where this page starts among them, and whether more follow.
    #[serde(default)]
    pub total: usize,
    #[serde(default)]
    pub offset: usize,
    #[serde(default)]
    pub more: bool,
    /// The names of the task kinds on this page's cards ([`task_names`]).
    #[serde(default)]
    pub task_names: BTreeMap<TaskKindId, Localized>,
}

/// A page cut from a list by [`window`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window<T> {
    pub items: Vec<T>,
    /// The list's length, where the page starts in it (at most the length), whether more follow.
    pub total: usize,
    pub offset: usize,
    pub more: bool,
}

/// The part of a list from `offset`, at most `limit` long, with the list's length and whether
/// more follow it: the due list and the attention lists are paged so (like the board's columns).
pub fn window<T>(items: Vec<T>, offset: usize, limit: usize) -> Window<T> {
    let total = items.len();
    let start = offset.min(total);
    let end = start.saturating_add(limit).min(total);
    Window {
        items: items.into_iter().skip(start).take(end - start).collect(),
        total,
        offset: start,
        more: end < total,
    }
}

/// What the board can be narrowed to; an empty filter keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardFilter {
    pub company: Option<String>,
    pub task: Option<String>,
    pub coordinator: Option<String>,
}

impl BoardFilter {
    pub fn keeps(&self, card: &Card) -> bool {
        fn wanted(f: &Option<String>) -> Option<&str> {
            f.as_deref().filter(|v| !v.is_empty())
        }
        wanted(&self.company).is_none_or(|id| card.company.as_str() == id)
            && wanted(&self.task).is_none_or(|t| card.tasks.iter().any(|k| k.as_str() == t))
            && wanted(&self.coordinator)
                .is_none_or(|c| card.coordinator.as_ref().is_some_and(|u| u.as_str() == c))
    }
}

/// The board's columns from its cards, most in need of attention first in each: overdue,
/// stalled, then the longest quiet. Every card lands in exactly one column.
pub fn columns(cards: Vec<Card>) -> Vec<BoardColumn> {
    PipelineStage::ALL
        .into_iter()
        .map(|column| {
            let mut in_column: Vec<Card> = cards
                .iter()
                .filter(|c| c.column == column)
                .cloned()
                .collect();
            in_column.sort_by_key(|c| {
                (
                    !c.overdue,
                    !c.stalled,
                    std::cmp::Reverse(c.days_since_activity),
                )
            });
            BoardColumn {
                column,
                label: column.label(),
                count: in_column.len(),
                cards: in_column,
                offset: 0,
                more: false,
            }
        })
        .collect()
}

/// The coordinator who last accompanied the engagement: the author of its latest check-in or
/// handover note.
pub fn coordinator(state: &EngagementState) -> Option<UserId> {
    let checkin = state.checkins.last().map(|c| (c.at, &c.by));
    let note = state.notes.last().map(|n| (n.at, &n.by));
    match (checkin, note) {
        (Some(a), Some(b)) => Some(if b.0 > a.0 { b.1 } else { a.1 }.clone()),
        (Some((_, by)), None) | (None, Some((_, by))) => Some(by.clone()),
        (None, None) => None,
    }
}

/// The part of `POST /api/v1/engagements/{id}/events`'s answer the console reads: what the
/// check-in schedule needs of the state after the event (small, so the app does not carry the
/// whole state's decoder).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventAnswer {
    pub id: EngagementId,
    pub state: ScheduleState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleState {
    pub stage: Stage,
    pub schedule_anchor: Option<DateTime<Utc>>,
    pub slots_done: u32,
    #[serde(default)]
    pub next_checkin_on: Option<NaiveDate>,
}

impl ScheduleState {
    /// The next check-in due, by the engagement's own rule ([`crate::engagement::next_checkin_due`]).
    pub fn next_checkin_due(&self) -> Option<DateTime<Utc>> {
        crate::engagement::next_checkin_due(&EngagementState {
            stage: self.stage,
            schedule_anchor: self.schedule_anchor,
            slots_done: self.slots_done,
            next_checkin_on: self.next_checkin_on,
            ..EngagementState::default()
        })
    }
}

// ------------------------------------------------------------------ idle and at risk

/// A resident who finished a course and has had no work since, for `days_idle` days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdleGraduate {
    pub resident: ResidentId,
    /// Filled by the worker for the hub ([`Card::resident_name`]).
    #[serde(default)]
    pub resident_name: Option<String>,
    pub program: ProgramId,
    #[serde(with = "crate::wire_time::instant")]
    pub completed_at: DateTime<Utc>,
    pub days_idle: i64,
}

/// A resident whose running work ends within the window, with nothing next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AtRisk {
    pub resident: ResidentId,
    /// Filled by the worker for the hub ([`Card::resident_name`]).
    #[serde(default)]
    pub resident_name: Option<String>,
    pub engagement: EngagementId,
    pub job: JobId,
    #[serde(with = "crate::wire_time::instant")]
    pub ends_at: DateTime<Utc>,
    pub days_left: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attention {
    pub region: RegionId,
    #[serde(with = "crate::wire_time::date")]
    pub as_of: NaiveDate,
    pub idle_days: u32,
    pub ending_days: u32,
    pub idle: Vec<IdleGraduate>,
    pub at_risk: Vec<AtRisk>,
    /// Each list's length in all, where its page starts and whether more follow
    /// ([`page_attention`]; a large region has well over a thousand idle graduates).
    #[serde(default)]
    pub idle_total: usize,
    #[serde(default)]
    pub idle_offset: usize,
    #[serde(default)]
    pub idle_more: bool,
    #[serde(default)]
    pub at_risk_total: usize,
    #[serde(default)]
    pub at_risk_offset: usize,
    #[serde(default)]
    pub at_risk_more: bool,
}

/// One of the attention lists, for its "show more".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttentionList {
    Idle,
    AtRisk,
}

impl AttentionList {
    pub fn as_str(self) -> &'static str {
        match self {
            AttentionList::Idle => "idle",
            AttentionList::AtRisk => "at_risk",
        }
    }
}

/// Which page of the attention lists: at most `page.limit` of each, `list`'s from
/// `page.offset` and the other's from its first (as one column of the board pages).
pub fn page_attention(
    mut attention: Attention,
    page: crate::matching::Page,
    list: Option<AttentionList>,
) -> Attention {
    let offset_of = |l: AttentionList| if list == Some(l) { page.offset } else { 0 };
    let idle = window(
        std::mem::take(&mut attention.idle),
        offset_of(AttentionList::Idle),
        page.limit,
    );
    let at_risk = window(
        std::mem::take(&mut attention.at_risk),
        offset_of(AttentionList::AtRisk),
        page.limit,
    );
    Attention {
        idle: idle.items,
        idle_total: idle.total,
        idle_offset: idle.offset,
        idle_more: idle.more,
        at_risk: at_risk.items,
        at_risk_total: at_risk.total,
        at_risk_offset: at_risk.offset,
        at_risk_more: at_risk.more,
        ..attention
    }
}

/// The resident has work now or had work start at or after `since`: a running engagement, or a
/// trial that started then.
fn has_work_since(states: &[&EngagementState], since: DateTime<Utc>) -> bool {
    states.iter().any(|s| {
        s.stage.running().is_some()
            || matches!(s.stage, Stage::Paused { .. })
            || s.trial_started_at.is_some_and(|t| t >= since)
    })
}

/// Graduates idle for at least `idle_days`: a completed course (the latest per resident) and
/// no work since its completion — nothing running now and no trial started after it.
pub fn idle_graduates(
    courses: &[CourseFacts],
    states: &[EngagementState],
    now: DateTime<Utc>,
    idle_days: u32,
) -> Vec<IdleGraduate> {
    let mut latest: BTreeMap<&ResidentId, (&ProgramId, DateTime<Utc>)> = BTreeMap::new();
    for c in courses {
        let Some(done) = c.completed_at else { continue };
        let entry = latest.entry(&c.resident).or_insert((&c.program, done));
        if done > entry.1 {
            *entry = (&c.program, done);
        }
    }
    // Each resident's engagements, found once (not a scan of every state per graduate).
    let mut by_resident: BTreeMap<&ResidentId, Vec<&EngagementState>> = BTreeMap::new();
    for s in states {
        if let Some(r) = s.resident() {
            by_resident.entry(r).or_default().push(s);
        }
    }
    let mut out: Vec<IdleGraduate> = latest
        .into_iter()
        .filter_map(|(resident, (program, done))| {
            let days = now.signed_duration_since(done).num_days();
            let mine = by_resident.get(resident).map_or(&[][..], Vec::as_slice);
            (days >= i64::from(idle_days) && !has_work_since(mine, done)).then(|| IdleGraduate {
                resident: resident.clone(),
                resident_name: None,
                program: program.clone(),
                completed_at: done,
                days_idle: days,
            })
        })
        .collect();
    out.sort_by_key(|g| (std::cmp::Reverse(g.days_idle), g.resident.clone()));
    out
}

/// When the planned work ends: the trial start plus the job's length plus every renewal.
/// `None` unless trial, working or renewed.
pub fn planned_end(state: &EngagementState, job_weeks: u32) -> Option<DateTime<Utc>> {
    state.stage.running()?;
    let start = state.trial_started_at?;
    let weeks = i64::from(job_weeks.max(state.trial_weeks)) + i64::from(state.renewed_weeks);
    start.checked_add_signed(TimeDelta::weeks(weeks))
}

/// Residents whose running work (`(engagement, state, job length in weeks)`) ends within
/// `ending_days` of now (not already past its planned end), with no other active
/// engagement (proposed … renewed) that could follow.
pub fn at_risk(
    running: &[(EngagementId, &EngagementState, u32)],
    all: &[EngagementState],
    now: DateTime<Utc>,
    ending_days: u32,
) -> Vec<AtRisk> {
    // Each resident's active engagements, found once (not a scan of every state per one).
    let mut active: BTreeMap<&ResidentId, Vec<Option<&EngagementId>>> = BTreeMap::new();
    for other in all.iter().filter(|o| o.stage.is_active()) {
        if let Some(r) = other.resident() {
            active
                .entry(r)
                .or_default()
                .push(other.engagement_id.as_ref());
        }
    }
    let mut out: Vec<AtRisk> = running
        .iter()
        .filter_map(|(id, state, weeks)| {
            let ends_at = planned_end(state, *weeks)?;
            let days_left = ends_at.signed_duration_since(now).num_days();
            let parties = state.parties.as_ref()?;
            let something_next = active
                .get(&parties.resident)
                .is_some_and(|ids| ids.iter().any(|other| *other != Some(id)));
            // Only future ends: work past its end has ended (`board_facts`), it is not "ending".
            ((0..=i64::from(ending_days)).contains(&days_left) && !something_next).then(|| AtRisk {
                resident: parties.resident.clone(),
                resident_name: None,
                engagement: id.clone(),
                job: parties.job.clone(),
                ends_at,
                days_left,
            })
        })
        .collect();
    out.sort_by_key(|a| (a.days_left, a.resident.clone()));
    out
}

/// The attention lists of a region (`Attention`, unnamed): idle graduates from the courses and
/// the engagements' states, and residents at risk among the running engagements, each with its
/// job's planned weeks (`weeks`; a job not there counts 0). The desk computes it where the
/// states are, and sends only the lists.
pub fn attention(
    region: RegionId,
    courses: &[CourseFacts],
    states: &[EngagementState],
    weeks: &BTreeMap<JobId, u32>,
    now: DateTime<Utc>,
    idle_days: u32,
    ending_days: u32,
) -> Attention {
    let running: Vec<(EngagementId, &EngagementState, u32)> = states
        .iter()
        .filter(|s| s.stage.running().is_some())
        .filter_map(|s| {
            let (id, parties) = (s.engagement_id.as_ref()?, s.parties.as_ref()?);
            Some((id.clone(), s, weeks.get(&parties.job).copied().unwrap_or(0)))
        })
        .collect();
    let idle = idle_graduates(courses, states, now, idle_days);
    let at_risk = at_risk(&running, states, now, ending_days);
    Attention {
        region,
        as_of: crate::metrics::jst_date(now),
        idle_days,
        ending_days,
        idle_total: idle.len(),
        idle_offset: 0,
        idle_more: false,
        at_risk_total: at_risk.len(),
        at_risk_offset: 0,
        at_risk_more: false,
        idle,
        at_risk,
    }
}

// ------------------------------------------------------------------ names on the hub's cards

/// Lays the names the worker read (`resident id → name`) on the board's, the due list's and
/// the attention lists' rows; a resident not in `names` (deleted, or of another region) keeps
/// `None`, so the console shows the opaque id instead.
pub fn name_cards(cards: &mut [Card], names: &BTreeMap<ResidentId, String>) {
    for c in cards {
        c.resident_name = names.get(&c.resident).cloned();
    }
}

/// The same for the attention lists.
pub fn name_attention(attention: &mut Attention, names: &BTreeMap<ResidentId, String>) {
    for g in &mut attention.idle {
        g.resident_name = names.get(&g.resident).cloned();
    }
    for a in &mut attention.at_risk {
        a.resident_name = names.get(&a.resident).cloned();
    }
}

// ------------------------------------------------------------------ company approvals

/// A company of the region as the hub's approval page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyApplication {
    pub company: CompanyId,
    pub name: String,
    pub industry: String,
    pub municipality: String,
    pub contact_person: String,
    pub registered_at: DateTime<Utc>,
    pub approval: Approval,
}

/// `GET /api/v1/hub/companies`: the companies waiting for the hub, the oldest registration
/// first, and those it has decided on, the latest decision first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyQueue {
    pub region: RegionId,
    pub pending: Vec<CompanyApplication>,
    pub decided: Vec<CompanyApplication>,
}

/// Sorts a region's companies into the approval queue.
pub fn company_queue(region: RegionId, companies: Vec<CompanyApplication>) -> CompanyQueue {
    let decided_at = |a: &Approval| match a {
        Approval::Pending => None,
        Approval::Approved { at, .. } | Approval::Rejected { at, .. } => Some(*at),
    };
    let (mut pending, mut decided): (Vec<_>, Vec<_>) = companies
        .into_iter()
        .partition(|c| c.approval == Approval::Pending);
    pending.sort_by(|a, b| {
        a.registered_at
            .cmp(&b.registered_at)
            .then_with(|| a.company.cmp(&b.company))
    });
    decided.sort_by(|a, b| {
        decided_at(&b.approval)
            .cmp(&decided_at(&a.approval))
            .then_with(|| a.company.cmp(&b.company))
    });
    CompanyQueue {
        region,
        pending,
        decided,
    }
}

// ------------------------------------------------------------------ handover timeline

/// What happened, for the handover timeline: one line per event a coordinator should know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub engagement: EngagementId,
    /// The event's snake_case name (`check_in`, `note`, `trial_started`, …).
    pub kind: String,
    /// The event in plain words ([`EventKind::label`]).
    #[serde(default)]
    pub label: Option<Localized>,
    pub by: Role,
    /// Check-in mood 1..=5, hours; a note's or check-in's text; the follow-up.
    pub mood: Option<u8>,
    pub hours: Option<u32>,
    pub text: Option<String>,
    pub follow_up: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// `resident` or `company`.
    pub party_kind: String,
    pub party: String,
    /// The resident's or company's name (the hub's own region only). This and the two last
    /// fields are the worker's, added to the desk's JSON of the rest (left out while unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_name: Option<String>,
    /// The engagements of this party, as they stand.
    pub engagements: Vec<TimelineEngagement>,
    /// Every applied event of those engagements, the newest first.
    pub entries: Vec<TimelineEntry>,
    /// A company's work requests with the hub's proposals and its answers, newest first
    /// (`domain::scoping`; empty for a resident).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub work_requests: Vec<crate::scoping::RequestBrief>,
    /// A resident's identity checks and security course (`None` for a company).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust: Option<crate::trust::ResidentTrust>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEngagement {
    pub engagement: EngagementId,
    pub job: JobId,
    pub company: CompanyId,
    pub resident: ResidentId,
    pub stage: Stage,
    /// Filled by the worker: the company's name, the resident's (the hub's own region) and
    /// the job's title, so the console shows words, not ids.
    #[serde(default)]
    pub company_name: Option<String>,
    #[serde(default)]
    pub resident_name: Option<String>,
    #[serde(default)]
    pub job_title: Option<String>,
}

/// The timeline of some engagements: the applied events (rejected ones are left out, as the
/// fold leaves them out), the newest first.
pub fn timeline(
    party_kind: &str,
    party: &str,
    histories: &[(EngagementId, Vec<EngagementEvent>)],
) -> Timeline {
    let mut engagements = Vec::new();
    let mut entries = Vec::new();
    for (id, events) in histories {
        let folded = fold(events);
        let Some(parties) = folded.state.parties.clone() else {
            continue;
        };
        engagements.push(TimelineEngagement {
            engagement: id.clone(),
            job: parties.job,
            company: parties.company,
            resident: parties.resident,
            stage: folded.state.stage,
            company_name: None,
            resident_name: None,
            job_title: None,
        });
        let rejected: Vec<_> = folded.rejected.iter().map(|r| &r.event.id).collect();
        entries.extend(
            events
                .iter()
                .filter(|e| !rejected.contains(&&e.id))
                .map(|e| entry(id, e)),
        );
    }
    entries.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.kind.cmp(&b.kind)));
    entries.dedup();
    Timeline {
        party_kind: party_kind.to_owned(),
        party: party.to_owned(),
        party_name: None,
        engagements,
        entries,
        work_requests: Vec::new(),
        trust: None,
    }
}

fn entry(id: &EngagementId, e: &EngagementEvent) -> TimelineEntry {
    let mut out = TimelineEntry {
        at: e.at,
        engagement: id.clone(),
        kind: e.kind.name().to_owned(),
        label: Some(e.kind.label()),
        by: e.actor.role,
        mood: None,
        hours: None,
        text: None,
        follow_up: None,
    };
    match &e.kind {
        EventKind::CheckIn {
            mood,
            hours_worked,
            note,
            follow_up,
            ..
        } => {
            out.mood = Some(*mood);
            out.hours = Some(*hours_worked);
            out.text = Some(note.clone()).filter(|n| !n.is_empty());
            out.follow_up = follow_up.clone();
        }
        EventKind::Note { text } => out.text = Some(text.clone()),
        EventKind::Paused { reason } | EventKind::Cancelled { reason } => {
            out.text = Some(reason.clone());
        }
        EventKind::Review { note, .. } => out.text = Some(note.clone()),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests;
