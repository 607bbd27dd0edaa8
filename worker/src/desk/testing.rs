//! What the desk's unit tests share: a migrated in-memory desk, an event on engagement `e1`, a
//! check-in, and terms both sides confirmed.

use chrono::{DateTime, NaiveDate, Utc};
use domain::engagement::{Actor, EngagementEvent, EventId, EventKind, Role};
use domain::fair_work::Yen;
use domain::fair_work::terms_statement::{
    Amount, Delivery, Inspection, Party, RateUnit, Side, TermsStatement,
};
use domain::model::{CompanyId, EngagementId, JobId, RegionId, ResidentId, UserId};

use super::fair_work::{Contracting, FairAnswer, FairCommand, TermsDoc, execute};

use super::schema::migrate;
use super::sql::memory::Memory;

/// An empty desk at the latest schema.
pub fn desk() -> Memory {
    let db = Memory::new();
    db.transaction(migrate).expect("migrate");
    db
}

/// An event on engagement `e1` by `user` in `role`.
pub fn event(
    id: &str,
    at: DateTime<Utc>,
    user: &str,
    role: Role,
    kind: EventKind,
) -> EngagementEvent {
    EngagementEvent {
        id: EventId(id.into()),
        engagement_id: EngagementId("e1".into()),
        at,
        actor: Actor {
            user: UserId(user.into()),
            role,
        },
        kind,
    }
}

/// A coordinator's check-in with the resident, `hours` worked and all going well.
pub fn check_in(hours: u32) -> EventKind {
    EventKind::CheckIn {
        mood: 4,
        hours_worked: hours,
        note: "順調".into(),
        follow_up: None,
        with: domain::engagement::CheckInWith::Resident,
        shared_with_company: false,
        next_on: None,
    }
}

/// The system's proposal that opens `e1`: job `j1` of company `c1` for resident `r1`, 10 hours.
pub fn proposed(at: DateTime<Utc>) -> EngagementEvent {
    event(
        "0000000000000-proposed",
        at,
        "r1",
        Role::System,
        EventKind::Proposed {
            job: JobId::from("j1"),
            company: CompanyId::from("c1"),
            resident: ResidentId::from("r1"),
            needs_terms: false,
            hours_per_week: 10,
        },
    )
}

/// A direct engagement `e1`'s complete terms (job `j1`, company `c1`, resident `r1`), July to
/// December 2026, with `content` as the work.
pub fn terms_doc(content: &str) -> TermsDoc {
    TermsDoc {
        statement: TermsStatement {
            commissioner: Party {
                name: "株式会社みどり".into(),
                id: None,
            },
            contractor: Party {
                name: "山田 花子".into(),
                id: None,
            },
            commissioned_on: Some(day(2026, 7, 1)),
            content: content.into(),
            delivery: Some(Delivery::Period {
                from: day(2026, 7, 1),
                to: day(2026, 12, 31),
            }),
            place: "リモート".into(),
            inspection: Some(Inspection::DaysAfterReceipt(5)),
            amount: Some(Amount::Rate {
                yen: Yen(1_500),
                per: RateUnit::Hour,
            }),
            payment_due: None,
            payment_method: "銀行振込".into(),
            recommission: None,
        },
        contracting: Contracting::Direct,
        job: JobId("j1".into()),
        company: CompanyId("c1".into()),
        resident: ResidentId("r1".into()),
        region: RegionId("midori".into()),
        specified: true,
        withholding: false,
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// Terms for `engagement` that both sides confirmed, so that its work may start.
pub fn agree_terms(db: &Memory, engagement: &str, at: DateTime<Utc>) {
    let mut doc = terms_doc("記事を書く");
    doc.statement.commissioned_on = Some(at.date_naive());
    let put = FairCommand::PutTerms {
        engagement: engagement.into(),
        doc,
        at,
    };
    let Ok(FairAnswer::Terms { terms: Some(terms) }) = db.transaction(|s| execute(s, put)) else {
        panic!("terms stored");
    };
    for side in [Side::Commissioner, Side::Contractor] {
        let ack = FairCommand::Acknowledge {
            engagement: engagement.into(),
            version: terms.version,
            side,
            text_hash: terms.text_hash.clone(),
            at,
        };
        assert!(matches!(
            db.transaction(|s| execute(s, ack)),
            Ok(FairAnswer::Terms { terms: Some(_) })
        ));
    }
}
