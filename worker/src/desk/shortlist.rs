//! A company's shortlist of talent cards for one of its jobs (schema v9). The company's members
//! write it, sometimes at the same moment (two people, two phones): the room on the list is
//! checked and the card added in one transaction (`domain::talent::check_shortlist_room`), and
//! a card just added is on the list the next read returns. In KV the check raced and a list
//! read could miss a card written a minute before (KV's lists are eventually consistent).

use chrono::{DateTime, Utc};
use domain::model::{CompanyId, JobId, Localized, ResidentId};
use domain::talent::{MAX_SHORTLIST, check_shortlist_room};
use serde::{Deserialize, Serialize};

use super::sql::{DeskResult, Sql, count};

/// Version 9: one row per shortlisted card. `resident` is whom the card stands for (the job's
/// pseudonym is not reversible in SQL), so a deleted resident's rows go with the account.
pub const MIGRATION: &[&str] = &[
    "CREATE TABLE shortlist (
        company TEXT NOT NULL,
        job TEXT NOT NULL,
        card TEXT NOT NULL,
        resident TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        PRIMARY KEY (company, job, card)
    )",
    "CREATE INDEX shortlist_by_resident ON shortlist (resident)",
];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShortlistCommand {
    /// The cards on a job's list, in the order they were added.
    Cards { company: CompanyId, job: JobId },
    /// Keeps a card on the list if there is room (a card already on it stays as it was).
    Add {
        company: CompanyId,
        job: JobId,
        card: String,
        resident: ResidentId,
        at: DateTime<Utc>,
    },
    Remove {
        company: CompanyId,
        job: JobId,
        card: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShortlistAnswer {
    Cards {
        cards: Vec<String>,
    },
    Done,
    /// The list is full; the message says so.
    Full {
        message: Localized,
    },
}

#[derive(Debug, Deserialize)]
struct Card {
    card: String,
}

pub fn execute<S: Sql>(sql: &S, command: ShortlistCommand) -> DeskResult<ShortlistAnswer> {
    match command {
        ShortlistCommand::Cards { company, job } => {
            let rows: Vec<Card> = sql.rows(
                "SELECT card FROM shortlist WHERE company = ? AND job = ? ORDER BY at_ms, card LIMIT ?",
                &[
                    company.as_str().into(),
                    job.as_str().into(),
                    i64::try_from(MAX_SHORTLIST).unwrap_or(i64::MAX).into(),
                ],
            )?;
            Ok(ShortlistAnswer::Cards {
                cards: rows.into_iter().map(|r| r.card).collect(),
            })
        }
        ShortlistCommand::Add {
            company,
            job,
            card,
            resident,
            at,
        } => {
            let key = [company.as_str().into(), job.as_str().into()];
            let listed = count(
                sql,
                "SELECT COUNT(*) AS n FROM shortlist WHERE company = ? AND job = ?",
                &key,
            )?;
            let already = count(
                sql,
                "SELECT COUNT(*) AS n FROM shortlist WHERE company = ? AND job = ? AND card = ?",
                &[key[0].clone(), key[1].clone(), card.as_str().into()],
            )? > 0;
            if let Err(message) =
                check_shortlist_room(already, usize::try_from(listed).unwrap_or(usize::MAX))
            {
                return Ok(ShortlistAnswer::Full { message });
            }
            sql.run(
                "INSERT OR IGNORE INTO shortlist (company, job, card, resident, at_ms) VALUES (?, ?, ?, ?, ?)",
                &[
                    company.as_str().into(),
                    job.as_str().into(),
                    card.into(),
                    resident.as_str().into(),
                    at.timestamp_millis().into(),
                ],
            )?;
            Ok(ShortlistAnswer::Done)
        }
        ShortlistCommand::Remove { company, job, card } => {
            sql.run(
                "DELETE FROM shortlist WHERE company = ? AND job = ? AND card = ?",
                &[company.as_str().into(), job.as_str().into(), card.into()],
            )?;
            Ok(ShortlistAnswer::Done)
        }
    }
}

/// A deleted resident is on no company's shortlist.
pub fn forget<S: Sql>(sql: &S, resident: &str) -> DeskResult<()> {
    sql.run(
        "DELETE FROM shortlist WHERE resident = ?",
        &[resident.into()],
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::desk;
    use super::*;

    fn add(card: &str, resident: &str, ms: i64) -> ShortlistCommand {
        ShortlistCommand::Add {
            company: CompanyId::from("c1"),
            job: JobId::from("j1"),
            card: card.into(),
            resident: ResidentId::from(resident),
            at: DateTime::from_timestamp_millis(ms).expect("time"),
        }
    }

    fn cards<S: Sql>(db: &S, company: &str, job: &str) -> Vec<String> {
        match execute(
            db,
            ShortlistCommand::Cards {
                company: CompanyId::from(company),
                job: JobId::from(job),
            },
        ) {
            Ok(ShortlistAnswer::Cards { cards }) => cards,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_card_added_is_listed_in_order_once_and_removed() {
        let db = desk();
        assert_eq!(execute(&db, add("k2", "r2", 2)), Ok(ShortlistAnswer::Done));
        assert_eq!(execute(&db, add("k1", "r1", 1)), Ok(ShortlistAnswer::Done));
        assert_eq!(execute(&db, add("k2", "r2", 9)), Ok(ShortlistAnswer::Done));
        assert_eq!(cards(&db, "c1", "j1"), ["k1", "k2"]);
        // Another company's or another job's list is its own.
        assert!(cards(&db, "c2", "j1").is_empty() && cards(&db, "c1", "j2").is_empty());
        let remove = ShortlistCommand::Remove {
            company: CompanyId::from("c1"),
            job: JobId::from("j1"),
            card: "k1".into(),
        };
        assert_eq!(execute(&db, remove), Ok(ShortlistAnswer::Done));
        assert_eq!(cards(&db, "c1", "j1"), ["k2"]);
    }

    #[test]
    fn a_full_list_refuses_a_new_card_but_keeps_one_already_on_it() {
        let db = desk();
        for i in 0..MAX_SHORTLIST {
            let i64_i = i64::try_from(i).expect("small");
            assert_eq!(
                execute(&db, add(&format!("k{i}"), &format!("r{i}"), i64_i)),
                Ok(ShortlistAnswer::Done)
            );
        }
        assert!(matches!(
            execute(&db, add("new", "rn", 100)),
            Ok(ShortlistAnswer::Full { .. })
        ));
        assert_eq!(
            execute(&db, add("k0", "r0", 100)),
            Ok(ShortlistAnswer::Done)
        );
        assert_eq!(cards(&db, "c1", "j1").len(), MAX_SHORTLIST);
    }

    #[test]
    fn a_deleted_resident_leaves_every_list() {
        let db = desk();
        execute(&db, add("k1", "r1", 1)).expect("add");
        execute(&db, add("k2", "r2", 2)).expect("add");
        forget(&db, "r1").expect("forget");
        assert_eq!(cards(&db, "c1", "j1"), ["k2"]);
    }
}
