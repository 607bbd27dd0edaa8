//! What the hub's views need of the region's companies and coordinators, kept in the desk
//! (issue 14), so that a page of the board, the due list or the approval queue is built whole in
//! the desk and leaves it as the answer's bytes (the worker neither reads every company from KV
//! nor parses and re-serialises the page to name its parties):
//!
//! - `company_fact`, written with the company (`records::save_company`, its members' one writer)
//!   and with the hub's decision on it (`records::save_approval`, the hub's). KV keeps `company:`
//!   and `approval:` as before (a member's own reads and `ensure_approved`); this is their copy
//!   for the region's lists, written after them.
//! - `coordinator_name`: the name a hub member's cards show (the account's email), written when
//!   the account is made (`auth::insert_account`). A coordinator without one (the demo's history)
//!   is shown as 「コーディネーターN」, N its place among the region's coordinators.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use domain::hub::{Card, CompanyApplication};
use domain::model::{Approval, Company, CompanyId, RegionId, UserId};
use serde::{Deserialize, Serialize};

use super::sql::{DeskResult, Sql, json, parse};

/// Version 15: the region's companies and its coordinators' names. `doc`: a [`CompanyFact`]; `approval`: the hub's latest
/// decision (`Approval` JSON), NULL while it has not decided.
pub const MIGRATION: &[&str] = &[
    "CREATE TABLE company_fact (
        company TEXT PRIMARY KEY,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        doc TEXT NOT NULL,
        approval TEXT
    )",
    "CREATE INDEX company_fact_by_region ON company_fact (region)",
    "CREATE TABLE coordinator_name (
        user TEXT PRIMARY KEY,
        name TEXT NOT NULL
    )",
];

/// What the desk keeps of a company's profile: what the hub's approval page lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyFact {
    pub company: CompanyId,
    pub region: RegionId,
    pub name: String,
    pub industry: String,
    pub municipality: String,
    pub contact_person: String,
    pub registered_at: DateTime<Utc>,
}

impl CompanyFact {
    pub fn of(c: &Company) -> Self {
        CompanyFact {
            company: c.id.clone(),
            region: c.region_id.clone(),
            name: c.name.clone(),
            industry: c.industry.clone(),
            municipality: c.municipality.clone(),
            contact_person: c.contact_person.clone(),
            registered_at: c.created_at,
        }
    }
}

/// The company's profile, new or changed; the hub's decision on it stays.
pub fn save<S: Sql>(sql: &S, fact: &CompanyFact) -> DeskResult<()> {
    sql.run(
        "INSERT INTO company_fact (company, region, name, doc) VALUES (?, ?, ?, ?)
         ON CONFLICT (company) DO UPDATE
         SET region = excluded.region, name = excluded.name, doc = excluded.doc",
        &[
            fact.company.as_str().into(),
            fact.region.as_str().into(),
            fact.name.as_str().into(),
            json(fact)?.into(),
        ],
    )
}

/// The hub's decision on a company the desk knows (a company is saved before the hub can see
/// it, so there is always one).
pub fn decide<S: Sql>(sql: &S, company: &CompanyId, approval: &Approval) -> DeskResult<()> {
    let decided = match approval {
        Approval::Pending => super::sql::Arg::Null,
        decided => json(decided)?.into(),
    };
    sql.run(
        "UPDATE company_fact SET approval = ? WHERE company = ?",
        &[decided, company.as_str().into()],
    )
}

/// Every company of `region` with the hub's decision on it, in id order (the domain's
/// `company_queue` sorts them for the page).
pub fn applications<S: Sql>(sql: &S, region: &RegionId) -> DeskResult<Vec<CompanyApplication>> {
    #[derive(Deserialize)]
    struct Row {
        doc: String,
        approval: Option<String>,
    }
    sql.rows::<Row>(
        "SELECT doc, approval FROM company_fact WHERE region = ? ORDER BY company",
        &[region.as_str().into()],
    )?
    .into_iter()
    .map(|row| {
        let fact: CompanyFact = parse(&row.doc)?;
        let approval = match row.approval {
            Some(a) => parse(&a)?,
            None => Approval::Pending,
        };
        Ok(CompanyApplication {
            company: fact.company,
            name: fact.name,
            industry: fact.industry,
            municipality: fact.municipality,
            contact_person: fact.contact_person,
            registered_at: fact.registered_at,
            approval,
        })
    })
    .collect()
}

/// The name a hub member's cards show.
pub fn save_coordinator<S: Sql>(sql: &S, user: &UserId, name: &str) -> DeskResult<()> {
    sql.run(
        "INSERT OR REPLACE INTO coordinator_name (user, name) VALUES (?, ?)",
        &[user.as_str().into(), name.into()],
    )
}

/// Names each card's coordinator: the account's name the desk keeps, else
/// 「コーディネーターN / Coordinator N」 with N its place in `coordinators` (the region's, in order).
pub fn name_coordinators<'a, S: Sql>(
    sql: &S,
    cards: impl IntoIterator<Item = &'a mut Card>,
    coordinators: &[UserId],
) -> DeskResult<()> {
    #[derive(Deserialize)]
    struct Named {
        user: String,
        name: String,
    }
    let mut cards: Vec<&mut Card> = cards
        .into_iter()
        .filter(|c| c.coordinator.is_some())
        .collect();
    if cards.is_empty() {
        return Ok(());
    }
    let named: BTreeMap<String, String> = sql
        .rows::<Named>("SELECT user, name FROM coordinator_name", &[])?
        .into_iter()
        .map(|n| (n.user, n.name))
        .collect();
    for card in &mut cards {
        card.coordinator_name = card.coordinator.as_ref().map(|u| {
            named.get(u.as_str()).cloned().unwrap_or_else(|| {
                let n = coordinators.iter().position(|k| k == u).unwrap_or_default() + 1;
                format!("コーディネーター{n} / Coordinator {n}")
            })
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::testing::desk;
    use super::*;

    fn fact(id: &str, region: &str, name: &str) -> CompanyFact {
        CompanyFact {
            company: CompanyId(id.into()),
            region: RegionId(region.into()),
            name: name.into(),
            industry: "製造業".into(),
            municipality: "みどり町".into(),
            contact_person: "山田 太郎".into(),
            registered_at: DateTime::from_timestamp_millis(1_790_000_000_000).expect("time"),
        }
    }

    #[test]
    fn a_company_is_listed_pending_until_the_hub_decides_and_a_profile_change_keeps_the_decision() {
        let db = desk();
        save(&db, &fact("co-1", "midori", "みどり工業")).expect("save");
        save(&db, &fact("co-2", "midori", "こもれび商店")).expect("save");
        save(&db, &fact("co-9", "yamabiko", "やまびこ商事")).expect("save");
        let listed = applications(&db, &RegionId("midori".into())).expect("list");
        assert_eq!(listed.len(), 2, "only the region's companies");
        assert!(listed.iter().all(|c| c.approval == Approval::Pending));

        let approved = Approval::Approved {
            by: UserId("hub-1".into()),
            at: DateTime::from_timestamp_millis(1_790_100_000_000).expect("time"),
        };
        decide(&db, &CompanyId("co-1".into()), &approved).expect("decide");
        // The company renames itself after the decision: the decision stays.
        save(&db, &fact("co-1", "midori", "みどり工業株式会社")).expect("save");
        let listed = applications(&db, &RegionId("midori".into())).expect("list");
        assert_eq!(listed[0].name, "みどり工業株式会社");
        assert_eq!(listed[0].approval, approved);
        assert_eq!(listed[1].approval, Approval::Pending);

        let rejected = Approval::Rejected {
            by: UserId("hub-1".into()),
            at: DateTime::from_timestamp_millis(1_790_200_000_000).expect("time"),
            reason: "所在地が確認できません".into(),
        };
        decide(&db, &CompanyId("co-2".into()), &rejected).expect("decide");
        let queue = domain::hub::company_queue(
            RegionId("midori".into()),
            applications(&db, &RegionId("midori".into())).expect("list"),
        );
        assert!(queue.pending.is_empty());
        assert_eq!(
            queue.decided[0].approval, rejected,
            "the latest decision first"
        );
    }
}
