//! Pages kept in the desk's memory: the hub console's pages the desk answers (the board, the
//! attention lists, a party's timeline) until any row of its SQLite changes, and a course's
//! placement until one of the rows it is built from changes.
//!
//! A board page reads every engagement row of the region (~3,000 in a large one) to count, order
//! and page the columns, and the attention lists every graduate: 10–15 ms of a desk call each. The
//! console asks for the same pages again and again (each coordinator's first view, a poll, a return
//! from a timeline), and they are built as of the whole minute (`domain::hub::board_instant`), so
//! between two writes the answer to the same question in the same minute is the same bytes (a
//! timeline, which reads no clock, whatever the minute). The
//! desk keeps those bytes with SQLite's count of rows changed on its connection
//! (`total_changes()`, triggers included) and serves them while the count has not moved: any
//! write, by any command, the alarm or a migration, drops every page kept. A desk evicted from
//! memory starts empty.
//!
//! A course's placement scores every graduate against every open job of the region (~270 × 350
//! pairs at the large size). It reads no engagement, so the check-ins, notes and logins that
//! move `total_changes()` all day do not change it. Its inputs (the residents' facts and
//! ranking marks, which every profile save rewrites, the verifications, the completions and the
//! jobs) move a version by trigger (`input_version`, [`INPUTS_MIGRATION`]), and the page is
//! served while that version has not moved. When the desk holds every input (each graduate's
//! and each open job's mark), it builds the page itself in the `KeptPage` call and keeps it.
//! While a profile or a job saved before the marks lacks one, the desk answers the inputs it
//! has, the worker reads the rest from KV, builds the page and hands it back (`KeepPage`). KV
//! may answer a value up to 60 s old elsewhere, and KV is written before the desk, so a page
//! the worker built within [`KV_SETTLE_MS`] of a change is kept only until that time has
//! passed, and the first read after it builds the page again.

use std::collections::BTreeMap;

use super::attention::Graduates;
use super::board_index::BoardIndex;
use super::placements::Placements;
use super::sql::{DeskResult, Sql, count};
use super::views::{AttentionQuery, ViewCommand};
use super::wire::{Answer, Command, PageInputs, WorkerPage};

/// Pages kept at most (the filters, "show more" pages and timelines a region's coordinators
/// open; ~100–200 KB each at the large size).
const KEPT: usize = 32;

/// Worker pages kept at most (a region's courses).
const BUILT: usize = 64;

/// How long after a write a KV read elsewhere may still answer the value before it (Workers KV:
/// "up to 60 seconds or more"; the margin covers the "more").
const KV_SETTLE_MS: i64 = 90_000;

/// SQLite's clock in Unix milliseconds (the triggers stamp `input_version.at_ms` with it, and
/// `Kept::version` reads it to tell whether KV has settled since).
macro_rules! sqlite_now_ms {
    () => {
        "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
    };
}

/// A trigger that moves the placement's inputs' version (`cohort`) with SQLite's clock, then
/// runs `$stamp` (a [`stamp!`]).
macro_rules! cohort_trigger {
    ($name:literal, $when:literal) => {
        cohort_trigger!($name, $when, "")
    };
    ($name:literal, $when:literal, $stamp:expr) => {
        concat!(
            "CREATE TRIGGER ",
            $name,
            " ",
            $when,
            " BEGIN UPDATE input_version SET n = n + 1, at_ms = ",
            sqlite_now_ms!(),
            " WHERE source = 'cohort';",
            $stamp,
            " END"
        )
    };
}

/// Stamps the row of `$table` whose `$key` is `$row` with the version just moved: its `rev`
/// tells the desk's placements (`desk::placements`) that what they parsed of it is stale.
macro_rules! stamp {
    ($table:literal, $key:literal, $row:literal) => {
        concat!(
            " UPDATE ",
            $table,
            " SET rev = (SELECT n FROM input_version WHERE source = 'cohort') WHERE ",
            $key,
            " = ",
            $row,
            ";"
        )
    };
}

/// Version 20: the version of the rows a worker page is built from (`source` `cohort`: a
/// placement's), moved by every write to them. `at_ms` is when it last moved (SQLite's clock).
pub const INPUTS_MIGRATION: &[&str] = &[
    "CREATE TABLE input_version (
        source TEXT PRIMARY KEY,
        n INTEGER NOT NULL,
        at_ms INTEGER NOT NULL
    )",
    "INSERT INTO input_version (source, n, at_ms) VALUES ('cohort', 0, 0)",
    // A profile save replaces its resident's row; the report's stage columns (`UPDATE`s of
    // other columns after every engagement event) are not a placement's input.
    cohort_trigger!("cohort_resident_insert", "AFTER INSERT ON resident_fact"),
    cohort_trigger!("cohort_resident_delete", "AFTER DELETE ON resident_fact"),
    cohort_trigger!(
        "cohort_resident_update",
        "AFTER UPDATE OF resident, doc, mark ON resident_fact"
    ),
    cohort_trigger!(
        "cohort_verification_insert",
        "AFTER INSERT ON verification_fact"
    ),
    cohort_trigger!(
        "cohort_verification_delete",
        "AFTER DELETE ON verification_fact"
    ),
    cohort_trigger!(
        "cohort_verification_update",
        "AFTER UPDATE ON verification_fact"
    ),
    cohort_trigger!(
        "cohort_completion_insert",
        "AFTER INSERT ON completion_fact"
    ),
    cohort_trigger!(
        "cohort_completion_delete",
        "AFTER DELETE ON completion_fact"
    ),
    cohort_trigger!(
        "cohort_completion_update",
        "AFTER UPDATE ON completion_fact"
    ),
    cohort_trigger!("cohort_job_insert", "AFTER INSERT ON job_fact"),
    cohort_trigger!("cohort_job_delete", "AFTER DELETE ON job_fact"),
    cohort_trigger!("cohort_job_update", "AFTER UPDATE ON job_fact"),
];

/// Version 21: each resident's and job's revision (`rev`), the version of the placement's
/// inputs when the row last changed as a placement reads it: a resident's mark, doc or
/// verifications, a job's row. The desk's placements re-read only rows whose revision moved.
/// Rows from before are 0 (a desk starts with nothing parsed, so it reads them all once).
/// And the indexes that find a course's graduates.
pub const REVISION_MIGRATION: &[&str] = &[
    "ALTER TABLE resident_fact ADD COLUMN rev INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE job_fact ADD COLUMN rev INTEGER NOT NULL DEFAULT 0",
    // A course's graduates (`views::GRADUATES`) by their course, not by a scan of every row.
    "CREATE INDEX completion_fact_by_program ON completion_fact (program, resident)",
    "CREATE INDEX verification_fact_by_program ON verification_fact (program, resident)",
    "DROP TRIGGER cohort_resident_insert",
    "DROP TRIGGER cohort_resident_update",
    "DROP TRIGGER cohort_verification_insert",
    "DROP TRIGGER cohort_verification_delete",
    "DROP TRIGGER cohort_verification_update",
    "DROP TRIGGER cohort_job_insert",
    "DROP TRIGGER cohort_job_update",
    cohort_trigger!(
        "cohort_resident_insert",
        "AFTER INSERT ON resident_fact",
        stamp!("resident_fact", "resident", "NEW.resident")
    ),
    cohort_trigger!(
        "cohort_resident_update",
        "AFTER UPDATE OF resident, doc, mark ON resident_fact",
        stamp!("resident_fact", "resident", "NEW.resident")
    ),
    cohort_trigger!(
        "cohort_verification_insert",
        "AFTER INSERT ON verification_fact",
        stamp!("resident_fact", "resident", "NEW.resident")
    ),
    cohort_trigger!(
        "cohort_verification_delete",
        "AFTER DELETE ON verification_fact",
        stamp!("resident_fact", "resident", "OLD.resident")
    ),
    cohort_trigger!(
        "cohort_verification_update",
        "AFTER UPDATE ON verification_fact",
        concat!(
            stamp!("resident_fact", "resident", "OLD.resident"),
            stamp!("resident_fact", "resident", "NEW.resident")
        )
    ),
    cohort_trigger!(
        "cohort_job_insert",
        "AFTER INSERT ON job_fact",
        stamp!("job_fact", "job", "NEW.job")
    ),
    // Every column but `rev` (the stamp is an update of the row): a column added to `job_fact`
    // later is added here, or its changes do not move the placement.
    cohort_trigger!(
        "cohort_job_update",
        "AFTER UPDATE OF job, region, hourly_yen, duration_weeks, title, tasks, mark, marked
         ON job_fact",
        stamp!("job_fact", "job", "NEW.job")
    ),
];

#[derive(Debug, Default)]
pub struct Kept {
    /// What tells this memory from an earlier instance's: part of the stamp a worker keeps a
    /// page under, so a version from before an eviction never matches one after it.
    instance: String,
    /// `total_changes()` when the console pages were built.
    changes: Option<i64>,
    pages: BTreeMap<String, String>,
    /// Pages the worker built, by `WorkerPage::key`.
    built: BTreeMap<String, Built>,
    /// What the last placement builds parsed and scored, for the next build to reuse.
    placements: Placements,
    /// The board's rows and shown cards' states, for the next board page to reuse.
    board: BoardIndex,
    /// The graduates who may be idle, for the next attention lists to reuse.
    graduates: Graduates,
    /// Pages built from `board` or `graduates` (the unit tests count builds).
    #[cfg(test)]
    memory_builds: usize,
}

/// A page the worker built, with the version of its inputs it was built from.
#[derive(Debug)]
struct Built {
    version: String,
    /// Built too soon after its inputs changed for every KV read to be sure to see the change:
    /// served only until KV has settled.
    unsettled: bool,
    json: String,
}

/// A version of a worker page's inputs, read with SQLite's clock.
#[derive(Debug, serde::Deserialize)]
struct InputVersion {
    n: i64,
    at_ms: i64,
    now_ms: i64,
}

impl InputVersion {
    /// Whether every KV read now sees what was written before the inputs last changed.
    fn settled(&self) -> bool {
        self.now_ms - self.at_ms >= KV_SETTLE_MS
    }
}

impl Kept {
    pub fn new(instance: String) -> Self {
        Kept {
            instance,
            ..Kept::default()
        }
    }

    /// Rows changed on the connection now; the pages kept are dropped when it moved. `None`
    /// when SQLite does not answer (nothing is then kept or served).
    fn changes<S: Sql>(&mut self, sql: &S) -> Option<i64> {
        let changes = count(sql, "SELECT total_changes() AS n", &[]).ok()?;
        if self.changes != Some(changes) {
            self.pages.clear();
            self.changes = Some(changes);
        }
        Some(changes)
    }

    fn keep(&mut self, key: String, json: String) {
        if self.pages.len() >= KEPT {
            self.pages.clear();
        }
        self.pages.insert(key, json);
    }

    /// The version of `page`'s inputs now, as this instance names it, with SQLite's clock and
    /// the time it last moved; `None` when SQLite does not answer (nothing is then kept).
    fn version<S: Sql>(&self, sql: &S, page: &WorkerPage) -> Option<(String, InputVersion)> {
        let found = sql
            .rows::<InputVersion>(
                concat!(
                    "SELECT n, at_ms, ",
                    sqlite_now_ms!(),
                    " AS now_ms FROM input_version WHERE source = ?"
                ),
                &[source(page).into()],
            )
            .ok()?
            .pop()?;
        Some((format!("{}.{}", self.instance, found.n), found))
    }

    fn keep_built(&mut self, page: &WorkerPage, version: String, unsettled: bool, json: String) {
        if self.built.len() >= BUILT {
            self.built.clear();
        }
        self.built.insert(
            built_key(page),
            Built {
                version,
                unsettled,
                json,
            },
        );
    }

    /// How many pairs the last placement build of `program` scored.
    #[cfg(test)]
    pub fn scored(&self, program: &domain::model::ProgramId) -> Option<usize> {
        self.placements.scored(program)
    }

    /// How many pages are kept now.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.pages.len()
    }
}

/// Which version a worker page's inputs move (`input_version.source`).
fn source(page: &WorkerPage) -> &'static str {
    match page {
        WorkerPage::Placement { .. } => "cohort",
    }
}

/// What tells one worker page from another.
fn built_key(page: &WorkerPage) -> String {
    match page {
        WorkerPage::Placement { program, .. } => format!("placement|{}", program.as_str()),
    }
}

/// What the desk holds of a worker page's inputs.
pub fn inputs<S: Sql>(sql: &S, page: &WorkerPage) -> DeskResult<PageInputs> {
    Ok(match page {
        WorkerPage::Placement { program, .. } => {
            PageInputs::Placement(super::views::placement_inputs(sql, program)?)
        }
    })
}

/// Runs `command` with `run`, answering a console page (`Command::ViewJson` of the board or the
/// attention lists) from the pages kept while no row has changed since they were built, and
/// keeping the ones it builds; and answers, builds and keeps the worker's pages (`KeptPage`).
pub fn execute<S: Sql>(
    sql: &S,
    cache: &mut Kept,
    command: Command,
    run: impl FnOnce(&S, Command) -> DeskResult<Answer>,
) -> DeskResult<Answer> {
    match command {
        Command::KeptPage { page } => return worker_page(sql, cache, &page),
        Command::KeepPage { page, stamp, json } => {
            keep_built(sql, cache, &page, &stamp, json);
            return Ok(Answer::Done);
        }
        Command::RankJobs {
            resident,
            region,
            page,
        } => {
            let matches = cache.placements.rank_for(sql, &resident, &region, page)?;
            return Ok(Answer::Ranked { matches });
        }
        _ => {}
    }
    let Some(key) = page_key(&command) else {
        return run(sql, command);
    };
    // A SQLite that does not answer the count is served unkept, never stale.
    if cache.changes(sql).is_none() {
        return run(sql, command);
    }
    if let Some(json) = cache.pages.get(&key) {
        return Ok(Answer::Body { json: json.clone() });
    }
    let from_memory = match kept_board(sql, &mut cache.board, &command)? {
        Some(json) => Some(json),
        None => kept_attention(sql, &mut cache.graduates, &command)?,
    };
    let answer = match from_memory {
        Some(json) => {
            #[cfg(test)]
            {
                cache.memory_builds += 1;
            }
            Answer::Body { json }
        }
        None => run(sql, command)?,
    };
    if let Answer::Body { json } = &answer {
        cache.keep(key, json.clone());
    }
    Ok(answer)
}

/// A board page built from the board's rows kept in memory (`desk::board_index`), named as the
/// view names it; `None` for any other command, and for a board the index does not build.
fn kept_board<S: Sql>(
    sql: &S,
    index: &mut BoardIndex,
    command: &Command,
) -> DeskResult<Option<String>> {
    let Command::ViewJson {
        command:
            ViewCommand::Pipeline {
                region,
                now,
                stalled_days,
                filter,
                page: Some(page),
            },
    } = command
    else {
        return Ok(None);
    };
    // As of the whole minute, as the view builds it.
    let now = domain::hub::board_instant(*now);
    let Some((board, coordinators)) =
        index.board(sql, region.clone(), now, *stalled_days, filter, *page)?
    else {
        return Ok(None);
    };
    let answer = super::views::named_pipeline(sql, board, coordinators)?;
    super::views::answer_json(answer).map(Some)
}

/// A page of the attention lists built with the graduates kept in memory
/// (`desk::attention::Graduates`), as the view builds it; `None` for any other command.
fn kept_attention<S: Sql>(
    sql: &S,
    graduates: &mut Graduates,
    command: &Command,
) -> DeskResult<Option<String>> {
    let Command::ViewJson {
        command: ViewCommand::Attention { query },
    } = command
    else {
        return Ok(None);
    };
    let answer = super::views::attention(sql, query.clone(), Some(graduates))?;
    super::views::answer_json(answer).map(Some)
}

/// The page built in the desk, when the desk holds all of its inputs (a placement whose
/// graduates and jobs all have their marks), reusing what `placements` kept of earlier builds;
/// otherwise its inputs, for the worker to build it.
fn build<S: Sql>(
    sql: &S,
    placements: &mut Placements,
    page: &WorkerPage,
) -> DeskResult<Result<String, PageInputs>> {
    let WorkerPage::Placement { program, region } = page;
    placements.build(sql, program, region)
}

/// `Command::KeptPage`: the page if it is kept and its inputs have not changed since; else the
/// page built here when the desk holds all of its inputs (kept until they change); otherwise
/// its inputs and the stamp to keep the page the worker builds from them under. The stamp is
/// read in the same transaction as the inputs, so a write that lands while the worker builds
/// moves the version, and the page it then sends is not kept. It also says whether KV had
/// settled then (`.1`) or not (`.0`).
fn worker_page<S: Sql>(sql: &S, cache: &mut Kept, page: &WorkerPage) -> DeskResult<Answer> {
    let Some((version, now)) = cache.version(sql, page) else {
        return Ok(Answer::KeptPage {
            stamp: "-".into(),
            json: None,
            inputs: Some(inputs(sql, page)?),
        });
    };
    if let Some(built) = cache.built.get(&built_key(page))
        && built.version == version
        && !(built.unsettled && now.settled())
    {
        return Ok(Answer::KeptPage {
            stamp: version,
            json: Some(built.json.clone()),
            inputs: None,
        });
    }
    match build(sql, &mut cache.placements, page)? {
        // Read from the desk alone, in this transaction: kept with no wait for KV.
        Ok(json) => {
            cache.keep_built(page, version.clone(), false, json.clone());
            Ok(Answer::KeptPage {
                stamp: version,
                json: Some(json),
                inputs: None,
            })
        }
        Err(inputs) => Ok(Answer::KeptPage {
            stamp: format!("{version}.{}", u8::from(now.settled())),
            json: None,
            inputs: Some(inputs),
        }),
    }
}

/// `Command::KeepPage`: keeps `json` if `stamp` names the version of its inputs now; only until
/// KV has settled when it had not when the stamp was read.
fn keep_built<S: Sql>(sql: &S, cache: &mut Kept, page: &WorkerPage, stamp: &str, json: String) {
    let Some((version, _)) = cache.version(sql, page) else {
        return;
    };
    let Some((stamped, settled)) = stamp.rsplit_once('.') else {
        return;
    };
    if stamped != version {
        return;
    }
    cache.keep_built(page, version, settled != "1", json);
}

/// What tells one kept page from another: the command with its instant to the minute it is
/// built as of; `None` for a command whose answer is not kept.
fn page_key(command: &Command) -> Option<String> {
    let Command::ViewJson { command } = command else {
        return None;
    };
    let mut view = command.clone();
    match &mut view {
        ViewCommand::Pipeline { now, .. }
        | ViewCommand::Attention {
            query: AttentionQuery { now, .. },
        } => {
            *now = domain::hub::board_instant(*now);
        }
        // A party's timeline reads no clock: the same rows give the same bytes.
        ViewCommand::Timeline { .. } => {}
        _ => return None,
    }
    serde_json::to_string(&view).ok()
}

#[cfg(test)]
mod tests {
    use super::super::board::tests::{generated, today};
    use super::super::logic::execute as run;
    use super::super::sql::memory::Memory;
    use super::*;
    use chrono::{DateTime, TimeDelta, Utc};
    use domain::hub::{BoardFilter, BoardPage};
    use domain::model::{ProgramId, RegionId, ResidentId, TaskKindId, Verification};
    use domain::verification::SkillVerification;

    fn page(now: DateTime<Utc>, limit: usize) -> Command {
        Command::ViewJson {
            command: ViewCommand::Pipeline {
                region: RegionId("midori".into()),
                now,
                stalled_days: 14,
                filter: BoardFilter::default(),
                page: Some(BoardPage {
                    limit,
                    ..BoardPage::default()
                }),
            },
        }
    }

    fn json(answer: DeskResult<Answer>) -> String {
        match answer.expect("answer") {
            Answer::Body { json } => json,
            other => panic!("{other:?}"),
        }
    }

    /// Runs a command through the cache, counting the pages built (by the desk's views or from
    /// the board's rows and the graduates kept in memory).
    fn through(db: &Memory, cache: &mut Kept, command: Command, ran: &mut usize) -> String {
        let built = cache.memory_builds;
        let answer = json(db.transaction(|db| {
            execute(db, cache, command, |db, c| {
                *ran += 1;
                run(db, c)
            })
        }));
        *ran += cache.memory_builds - built;
        answer
    }

    #[test]
    fn a_console_page_is_kept_within_its_minute_and_dropped_by_any_write() {
        let (db, _) = generated();
        let mut cache = Kept::default();
        let mut ran = 0;
        let minute = domain::hub::board_instant(today());
        let first = through(&db, &mut cache, page(minute, 20), &mut ran);
        assert_eq!(ran, 1);
        // The same page later in the same minute: the same bytes, not built again.
        let again = through(
            &db,
            &mut cache,
            page(minute + TimeDelta::seconds(59), 20),
            &mut ran,
        );
        assert_eq!((again == first, ran), (true, 1));
        // Another page, or the next minute, is built (and kept beside).
        through(&db, &mut cache, page(minute, 5), &mut ran);
        through(
            &db,
            &mut cache,
            page(minute + TimeDelta::seconds(60), 20),
            &mut ran,
        );
        assert_eq!((ran, cache.len()), (3, 3));
        // A write (here a coordinator's name, which cards show) drops every page kept.
        db.run(
            "INSERT OR REPLACE INTO coordinator_name (user, name) VALUES ('u-new', 'someone')",
            &[],
        )
        .expect("write");
        let rebuilt = through(&db, &mut cache, page(minute, 20), &mut ran);
        assert_eq!((ran, cache.len()), (4, 1));
        assert_eq!(rebuilt, first, "nothing on the page changed");
        // An answer built fresh is what a desk without the cache answers.
        let plain = json(db.transaction(|db| run(db, page(minute + TimeDelta::seconds(30), 20))));
        assert_eq!(plain, first);
        // Other commands pass through untouched.
        let due = Command::ViewJson {
            command: ViewCommand::Due {
                region: RegionId("midori".into()),
                now: minute,
                stalled_days: 14,
                page: domain::matching::Page::top(20),
            },
        };
        through(&db, &mut cache, due.clone(), &mut ran);
        through(&db, &mut cache, due, &mut ran);
        assert_eq!(ran, 6);
        // The attention lists are kept as the board is.
        let attention = |now| Command::ViewJson {
            command: ViewCommand::Attention {
                query: AttentionQuery {
                    region: RegionId("midori".into()),
                    now,
                    idle_days: 30,
                    ending_days: 21,
                    page: domain::matching::Page::top(20),
                    list: None,
                },
            },
        };
        let lists = through(&db, &mut cache, attention(minute), &mut ran);
        let again = through(
            &db,
            &mut cache,
            attention(minute + TimeDelta::seconds(1)),
            &mut ran,
        );
        assert_eq!((again == lists, ran), (true, 7));
        let plain = json(db.transaction(|db| run(db, attention(minute))));
        assert_eq!(plain, lists, "as a desk without the cache answers");
        // A company's timeline is kept too, whatever the minute, until a write.
        let company = db
            .rows::<Party>(
                "SELECT company AS id FROM engagement ORDER BY id LIMIT 1",
                &[],
            )
            .expect("a company")
            .remove(0)
            .id;
        let timeline = Command::ViewJson {
            command: ViewCommand::Timeline {
                kind: "company".into(),
                party: company,
            },
        };
        let first = through(&db, &mut cache, timeline.clone(), &mut ran);
        assert!(first.len() > 1_000, "a timeline with engagements");
        let again = through(&db, &mut cache, timeline.clone(), &mut ran);
        assert_eq!((again == first, ran), (true, 8));
        db.run(
            "UPDATE engagement SET last_ms = last_ms + 1 WHERE rowid = 1",
            &[],
        )
        .expect("write");
        through(&db, &mut cache, timeline.clone(), &mut ran);
        assert_eq!(ran, 9, "built again after a write");
        let plain = json(db.transaction(|db| run(db, timeline)));
        assert_eq!(plain, first, "as a desk without the cache answers");
    }

    #[derive(serde::Deserialize)]
    struct Party {
        id: String,
    }

    #[test]
    fn a_page_the_worker_built_is_kept_until_one_of_its_inputs_changes() {
        let db = Memory::new();
        db.transaction(super::super::schema::migrate)
            .expect("schema");
        let mut cache = Kept::new("a".into());
        let mut ran = 0;
        let mut send = |cache: &mut Kept, command: Command| {
            db.transaction(|db| {
                execute(db, cache, command, |db, c| {
                    ran += 1;
                    run(db, c)
                })
            })
            .expect("answer")
        };
        let page = WorkerPage::Placement {
            program: ProgramId("p1".into()),
            region: RegionId("midori".into()),
        };
        // A graduate whose profile was saved before the desk kept marks: the worker builds.
        for write in [
            "INSERT INTO resident_fact (resident, municipality, doc) VALUES ('r0', 'm1', '{}')",
            "INSERT INTO completion_fact (resident, program, at_ms) VALUES ('r0', 'p1', 1)",
        ] {
            db.run(write, &[]).expect("a graduate without a mark");
        }
        db.run(
            "UPDATE input_version SET at_ms = at_ms - ? WHERE source = 'cohort'",
            &[KV_SETTLE_MS.into()],
        )
        .expect("changed long ago");
        let kept = |cache: &mut Kept, send: &mut dyn FnMut(&mut Kept, Command) -> Answer| match send(
            cache,
            Command::KeptPage { page: page.clone() },
        ) {
            Answer::KeptPage {
                stamp,
                json,
                inputs,
            } => {
                assert_ne!(json.is_some(), inputs.is_some(), "the page or its inputs");
                (stamp, json)
            }
            other => panic!("{other:?}"),
        };
        let keep = |stamp: &str| Command::KeepPage {
            page: page.clone(),
            stamp: stamp.into(),
            json: "{\"page\":1}".into(),
        };
        let (stamp, json) = kept(&mut cache, &mut send);
        assert_eq!(json, None);
        assert_eq!(stamp, "a.2.1", "two inputs changed, long enough ago for KV");
        send(&mut cache, keep(&stamp));
        assert_eq!(kept(&mut cache, &mut send).1, Some("{\"page\":1}".into()));
        // Rows a placement does not read: kept on. (An invite use; the report's stage columns
        // of a resident, which every engagement event updates.)
        db.run(
            "INSERT INTO invite_use (code, user_id, at_ms) VALUES ('c', 'u', 1)",
            &[],
        )
        .expect("write");
        assert!(kept(&mut cache, &mut send).1.is_some(), "an invite use");
        db.run(
            "INSERT INTO resident_fact (resident, municipality, doc) VALUES ('r1', 'm1', '{}')",
            &[],
        )
        .expect("a resident");
        let (stamp, _) = kept(&mut cache, &mut send);
        send(&mut cache, keep(&stamp));
        db.run(
            "UPDATE resident_fact SET trained_ms = 5 WHERE resident = 'r1'",
            &[],
        )
        .expect("write");
        assert!(kept(&mut cache, &mut send).1.is_some(), "a stage column");
        // Each of its inputs changed: built again, and a page built before is not kept.
        let verification = format!(
            "INSERT INTO verification_fact (resident, key, program, at_ms, doc)
             VALUES ('r1', 'k', 'p1', 1, '{}')",
            serde_json::to_string(&SkillVerification {
                resident: ResidentId("r1".into()),
                task: TaskKindId("data.entry".into()),
                level: None,
                verification: Verification::Course {
                    program: ProgramId("p1".into()),
                    at: today(),
                },
            })
            .expect("json")
        );
        for write in [
            "UPDATE resident_fact SET doc = '{\"a\":1}' WHERE resident = 'r1'",
            "UPDATE resident_fact SET mark = NULL WHERE resident = 'r1'",
            "INSERT INTO resident_fact (resident, municipality, doc) VALUES ('r2', 'm1', '{}')",
            "DELETE FROM resident_fact WHERE resident = 'r2'",
            verification.as_str(),
            "DELETE FROM verification_fact",
            "INSERT INTO completion_fact (resident, program, at_ms) VALUES ('r1', 'p1', 1)",
            "DELETE FROM completion_fact WHERE resident = 'r1'",
            "INSERT INTO job_fact (job, region, hourly_yen, duration_weeks, title, tasks)
             VALUES ('j1', 'midori', 1000, 4, 't', '[]')",
            "UPDATE job_fact SET title = 'u'",
            "DELETE FROM job_fact",
        ] {
            let (before, _) = kept(&mut cache, &mut send);
            send(&mut cache, keep(&before));
            db.run(write, &[]).expect(write);
            let (after, json) = kept(&mut cache, &mut send);
            assert_eq!(json, None, "{write}");
            assert_ne!(after, before, "{write}");
            send(&mut cache, keep(&before));
            assert_eq!(kept(&mut cache, &mut send).1, None, "{write}");
        }
        // Right after a change, KV elsewhere may not show it yet: kept until it has settled.
        let (soon, _) = kept(&mut cache, &mut send);
        assert!(soon.ends_with(".0"), "{soon}");
        send(&mut cache, keep(&soon));
        assert!(kept(&mut cache, &mut send).1.is_some(), "within the window");
        db.run(
            "UPDATE input_version SET at_ms = at_ms - ? WHERE source = 'cohort'",
            &[KV_SETTLE_MS.into()],
        )
        .expect("the change, earlier");
        let (settled, json) = kept(&mut cache, &mut send);
        assert_eq!(json, None, "past the window: built again");
        assert!(settled.ends_with(".1"), "{settled}");
        send(&mut cache, keep(&settled));
        assert!(kept(&mut cache, &mut send).1.is_some());
        // Another instance's memory, at the same version, does not take this one's stamp.
        let mut other = Kept::new("b".into());
        send(&mut other, keep(&settled));
        assert_eq!(kept(&mut other, &mut send).1, None);
        // A desk without the memory answers the inputs, as the cache does.
        db.run(
            "INSERT INTO completion_fact (resident, program, at_ms) VALUES ('r1', 'p1', 1)",
            &[],
        )
        .expect("a graduate");
        let plain = db
            .transaction(|db| run(db, Command::KeptPage { page: page.clone() }))
            .expect("answer");
        let Answer::KeptPage {
            json: None,
            inputs: Some(PageInputs::Placement(inputs)),
            ..
        } = plain
        else {
            panic!("{plain:?}");
        };
        assert_eq!(
            inputs.graduates,
            vec![ResidentId("r0".into()), ResidentId("r1".into())]
        );
        // The views never ran: these commands are the cache's alone.
        assert_eq!(ran, 0);
    }
}
