//! The hub console's pages the desk answered (the board, the attention lists), kept in its
//! memory until any row of its SQLite changes.
//!
//! A board page reads every engagement row of the region (~3,000 in a large one) to count, order
//! and page the columns, and the attention lists every graduate: 10–15 ms of a desk call each. The
//! console asks for the same pages again and again (each coordinator's first view, a poll, a return
//! from a timeline), and they are built as of the whole minute (`domain::hub::board_instant`), so
//! between two writes the answer to the same question in the same minute is the same bytes. The
//! desk keeps those bytes with SQLite's count of rows changed on its connection
//! (`total_changes()`, triggers included) and serves them while the count has not moved: any
//! write, by any command, the alarm or a migration, drops every page kept. A desk evicted from
//! memory starts empty.

use std::collections::BTreeMap;

use super::sql::{DeskResult, Sql, count};
use super::views::ViewCommand;
use super::wire::{Answer, Command};

/// Pages kept at most (the filters and "show more" pages a region's coordinators open).
const KEPT: usize = 16;

#[derive(Debug, Default)]
pub struct Kept {
    /// What tells this memory from an earlier instance's: part of the stamp a worker keeps a
    /// page under, so a count from before an eviction never matches one after it.
    instance: String,
    /// `total_changes()` when the pages were built.
    changes: Option<i64>,
    pages: BTreeMap<String, String>,
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

    /// The stamp of the desk's rows as they are now: this instance and its count.
    fn stamp(&self, changes: i64) -> String {
        format!("{}.{changes}", self.instance)
    }

    fn keep(&mut self, key: String, json: String) {
        if self.pages.len() >= KEPT {
            self.pages.clear();
        }
        self.pages.insert(key, json);
    }

    /// How many pages are kept now.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.pages.len()
    }
}

/// Runs `command` with `run`, answering a console page (`Command::ViewJson` of the board or the
/// attention lists) from the pages kept while no row has changed since they were built, and
/// keeping the ones it builds.
pub fn execute<S: Sql>(
    sql: &S,
    cache: &mut Kept,
    command: Command,
    run: impl FnOnce(&S, Command) -> DeskResult<Answer>,
) -> DeskResult<Answer> {
    match command {
        Command::KeptPage { key } => return Ok(worker_page(sql, cache, &key)),
        Command::KeepPage { key, stamp, json } => {
            if cache.changes(sql).map(|n| cache.stamp(n)) == Some(stamp) {
                cache.keep(worker_key(&key), json);
            }
            return Ok(Answer::Done);
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
    let answer = run(sql, command)?;
    if let Answer::Body { json } = &answer {
        cache.keep(key, json.clone());
    }
    Ok(answer)
}

/// A page the worker builds (from the desk's answers and KV, e.g. a course's placement) is kept
/// under its key in a namespace of its own (the desk's own pages are keyed by their command's
/// JSON).
fn worker_key(key: &str) -> String {
    format!("worker|{key}")
}

/// `Command::KeptPage`: the page if kept, and the stamp to keep one built from now on. The
/// stamp is read before the worker reads anything else, so a write that lands while it builds
/// moves the count and the page it then sends is not kept.
fn worker_page<S: Sql>(sql: &S, cache: &mut Kept, key: &str) -> Answer {
    match cache.changes(sql) {
        Some(changes) => Answer::KeptPage {
            stamp: cache.stamp(changes),
            json: cache.pages.get(&worker_key(key)).cloned(),
        },
        None => Answer::KeptPage {
            stamp: String::new(),
            json: None,
        },
    }
}

/// What tells one kept page from another: the command with its instant to the minute it is
/// built as of; `None` for a command whose answer is not kept.
fn page_key(command: &Command) -> Option<String> {
    let Command::ViewJson { command } = command else {
        return None;
    };
    let mut view = command.clone();
    match &mut view {
        ViewCommand::Pipeline { now, .. } | ViewCommand::Attention { now, .. } => {
            *now = domain::hub::board_instant(*now);
        }
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
    use domain::model::RegionId;

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

    /// Runs a command through the cache, counting the commands that reached the desk's views.
    fn through(db: &Memory, cache: &mut Kept, command: Command, ran: &mut usize) -> String {
        json(db.transaction(|db| {
            execute(db, cache, command, |db, c| {
                *ran += 1;
                run(db, c)
            })
        }))
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
                region: RegionId("midori".into()),
                now,
                idle_days: 30,
                ending_days: 21,
                page: domain::matching::Page::top(20),
                list: None,
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
    }

    #[test]
    fn a_page_the_worker_built_is_kept_only_if_no_row_changed_since_its_stamp() {
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
        let kept = |cache: &mut Kept, send: &mut dyn FnMut(&mut Kept, Command) -> Answer| match send(
            cache,
            Command::KeptPage { key: "p".into() },
        ) {
            Answer::KeptPage { stamp, json } => (stamp, json),
            other => panic!("{other:?}"),
        };
        let keep = |stamp: &str| Command::KeepPage {
            key: "p".into(),
            stamp: stamp.into(),
            json: "{\"page\":1}".into(),
        };
        let (stamp, json) = kept(&mut cache, &mut send);
        assert_eq!(json, None);
        assert!(stamp.starts_with("a."), "{stamp}");
        send(&mut cache, keep(&stamp));
        assert_eq!(
            kept(&mut cache, &mut send),
            (stamp.clone(), Some("{\"page\":1}".into()))
        );
        // A row written: the page is gone, and one built from before the write is not kept.
        db.run(
            "INSERT INTO invite_use (code, user_id, at_ms) VALUES ('c', 'u', 1)",
            &[],
        )
        .expect("write");
        let (after, json) = kept(&mut cache, &mut send);
        assert_eq!(json, None);
        assert_ne!(after, stamp);
        send(&mut cache, keep(&stamp));
        assert_eq!(kept(&mut cache, &mut send).1, None);
        // Another instance's memory, at the same count, does not take this one's stamp.
        let mut other = Kept::new("b".into());
        send(&mut other, keep(&after));
        assert_eq!(kept(&mut other, &mut send).1, None);
        // The views never ran: these commands are the cache's alone.
        assert_eq!(ran, 0);
    }
}
