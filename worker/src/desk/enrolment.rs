//! The people a municipality put on its courses (schema v11), moved from KV. Two parties write an
//! enrolment: the municipality imports it, the person accepts or declines it in the inbox. In KV an
//! import listed the course's keys and then wrote the rows it had not seen, so an import running
//! beside an acceptance could write the row again without it, and the list it counted from was
//! eventually consistent. Here the import checks and writes in one transaction (never touching a
//! row already there), and the answer and the course the metrics count (`course_fact`) are one
//! transaction too.
//!
//! Rows are found by `contact`: the SHA-256 of the person's normalised email or phone, which the
//! worker computes (`records::enrolments::contact_hash`), so no contact is a key.

use chrono::{DateTime, Utc};
use domain::city::OfferState;
use domain::model::{Program, ProgramId, ResidentId, UserId};
use domain::validate::Contact;
use serde::{Deserialize, Serialize};

use super::sql::{Arg, DeskResult, Sql, marks};
use super::views::{ViewCommand, execute as view};

/// Version 11: one row per person on a course (`Enrolment` JSON in `doc`).
pub const MIGRATION: &[&str] = &[
    "CREATE TABLE enrolment (
        program TEXT NOT NULL,
        contact TEXT NOT NULL,
        accepted_by TEXT,
        at_ms INTEGER NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (program, contact)
    )",
    "CREATE INDEX enrolment_by_contact ON enrolment (contact)",
    "CREATE INDEX enrolment_by_account ON enrolment (accepted_by)",
];

/// One person enrolled in a course, as the municipality's list names them (personal data: only
/// the course's municipality reads it; metrics count it once accepted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enrolment {
    pub program: ProgramId,
    pub name: String,
    pub contact: Contact,
    pub enrolled_at: DateTime<Utc>,
    pub by: UserId,
    /// The account that accepted the course in its inbox: only then is the person enrolled.
    #[serde(default)]
    pub accepted_by: Option<UserId>,
    #[serde(default)]
    pub declined: bool,
}

impl Enrolment {
    pub fn state(&self) -> OfferState {
        match (&self.accepted_by, self.declined) {
            (Some(_), _) => OfferState::Accepted,
            (None, true) => OfferState::Declined,
            (None, false) => OfferState::Invited,
        }
    }

    /// The account enrolled by this row: the one that accepted, never one found by its email.
    pub fn enrolled_account(&self) -> Option<&UserId> {
        self.state()
            .is_enrolled()
            .then_some(self.accepted_by.as_ref())
            .flatten()
    }
}

/// An enrolment and the contact hash it is filed under (the municipality's list calls the hash
/// the enrolment's reference).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Held {
    pub contact: String,
    pub enrolment: Enrolment,
}

/// Externally tagged, as everything on the desk's wire (`desk::wire`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrolmentCommand {
    /// Puts on the course every row whose contact is not on it yet, all or none: more than
    /// `max_new` new rows writes nothing. `preview` counts and writes nothing.
    Import {
        program: ProgramId,
        rows: Vec<Held>,
        max_new: u32,
        preview: bool,
    },
    /// The course's enrolments, by name.
    Course { program: ProgramId },
    /// The enrolments under these contacts, each with its course (the person's inbox).
    Offers { contacts: Vec<String> },
    /// The person's answer to a course: accepting links the enrolment (the one under the first
    /// of `contacts` that has one) to `user` and counts the course in the metrics; declining
    /// unlinks both.
    Decide {
        program: ProgramId,
        contacts: Vec<String>,
        user: UserId,
        accept: bool,
    },
    /// Every enrolment that names a person: under their contacts or accepted by them (the
    /// export); `erase` deletes them too (the person deleted the account).
    Person {
        contacts: Vec<String>,
        user: UserId,
        erase: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrolmentAnswer {
    /// How many rows were new (written, unless previewed).
    Imported {
        new: u32,
    },
    /// More new rows than allowed: nothing written.
    TooMany {
        new: u32,
    },
    Rows {
        rows: Vec<Held>,
    },
    Offers {
        offers: Vec<(Held, Program)>,
    },
    /// The enrolment after the answer, with its course (what the inbox shows); `None` when the
    /// person has no offer for a course of the region.
    Decided {
        offer: Option<Box<(Held, Program)>>,
    },
}

/// The one row shape every query here reads (one deserializer in the wasm); `program` only in
/// the inbox's join.
#[derive(Debug, Deserialize)]
struct Row {
    contact: String,
    doc: String,
    #[serde(default)]
    program: Option<String>,
}

fn held(row: Row) -> DeskResult<Held> {
    Ok(Held {
        contact: row.contact,
        enrolment: serde_json::from_str(&row.doc).map_err(super::sql::DeskError::of)?,
    })
}

fn texts<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<Arg> {
    items.into_iter().map(Arg::from).collect()
}

fn store<S: Sql>(sql: &S, row: &Held) -> DeskResult<()> {
    let e = &row.enrolment;
    sql.run(
        "INSERT OR REPLACE INTO enrolment (program, contact, accepted_by, at_ms, doc) VALUES (?, ?, ?, ?, ?)",
        &[
            e.program.as_str().into(),
            row.contact.as_str().into(),
            e.accepted_by.as_ref().map_or(Arg::Null, |u| u.as_str().into()),
            e.enrolled_at.timestamp_millis().into(),
            serde_json::to_string(e).map_err(super::sql::DeskError::of)?.into(),
        ],
    )
}

/// The rows of `program` under `contacts` (all of them when `None`), by name.
fn course<S: Sql>(
    sql: &S,
    program: &ProgramId,
    contacts: Option<&[String]>,
) -> DeskResult<Vec<Held>> {
    let mut args = vec![Arg::from(program.as_str())];
    let filter = match contacts {
        Some([]) => return Ok(Vec::new()),
        Some(list) => {
            args.extend(texts(list.iter().map(String::as_str)));
            format!(" AND contact IN ({})", marks(list.len()))
        }
        None => String::new(),
    };
    let mut rows = sql
        .rows::<Row>(
            &format!("SELECT contact, doc FROM enrolment WHERE program = ?{filter}"),
            &args,
        )?
        .into_iter()
        .map(held)
        .collect::<DeskResult<Vec<_>>>()?;
    rows.sort_by(|a, b| {
        a.enrolment
            .name
            .cmp(&b.enrolment.name)
            .then(a.contact.cmp(&b.contact))
    });
    Ok(rows)
}

fn import<S: Sql>(
    sql: &S,
    program: &ProgramId,
    rows: Vec<Held>,
    max_new: u32,
    preview: bool,
) -> DeskResult<EnrolmentAnswer> {
    // Contacts already on the course (read whole: a file's contacts would bind more values than
    // a statement takes), then each new contact once (the first row naming it).
    let mut seen: std::collections::BTreeSet<String> = course(sql, program, None)?
        .into_iter()
        .map(|h| h.contact)
        .collect();
    let new: Vec<Held> = rows
        .into_iter()
        .filter(|r| seen.insert(r.contact.clone()))
        .collect();
    let count = u32::try_from(new.len()).unwrap_or(u32::MAX);
    if count > max_new {
        return Ok(EnrolmentAnswer::TooMany { new: count });
    }
    if !preview {
        for row in &new {
            store(sql, row)?;
        }
    }
    Ok(EnrolmentAnswer::Imported { new: count })
}

fn offers<S: Sql>(sql: &S, contacts: &[String]) -> DeskResult<EnrolmentAnswer> {
    if contacts.is_empty() {
        return Ok(EnrolmentAnswer::Offers { offers: Vec::new() });
    }
    let rows: Vec<Row> = sql.rows(
        &format!(
            "SELECT e.contact AS contact, e.doc AS doc, p.doc AS program FROM enrolment e
             JOIN program p ON p.id = e.program WHERE e.contact IN ({})",
            marks(contacts.len())
        ),
        &texts(contacts.iter().map(String::as_str)),
    )?;
    let mut offers = Vec::with_capacity(rows.len());
    for mut row in rows {
        let program: Program = serde_json::from_str(&row.program.take().unwrap_or_default())
            .map_err(super::sql::DeskError::of)?;
        offers.push((held(row)?, program));
    }
    Ok(EnrolmentAnswer::Offers { offers })
}

fn decide<S: Sql>(
    sql: &S,
    program: ProgramId,
    contacts: &[String],
    user: UserId,
    accept: bool,
) -> DeskResult<EnrolmentAnswer> {
    let found = course(sql, &program, Some(contacts))?;
    // The first contact that has an enrolment (the login email before the profile's phone),
    // on a course the region still holds (the inbox lists no other).
    let chosen = contacts
        .iter()
        .find_map(|c| found.iter().find(|h| &h.contact == c).cloned());
    let (Some(mut chosen), Some(course)) = (chosen, program_doc(sql, &program)?) else {
        return Ok(EnrolmentAnswer::Decided { offer: None });
    };
    let e = &mut chosen.enrolment;
    e.accepted_by = accept.then(|| user.clone());
    e.declined = !accept;
    store(sql, &chosen)?;
    // The course the metrics count the person on, in the same transaction.
    view(
        sql,
        ViewCommand::SetCourse {
            resident: ResidentId(user.0),
            program,
            enrolled_at: accept.then_some(chosen.enrolment.enrolled_at),
        },
    )?;
    Ok(EnrolmentAnswer::Decided {
        offer: Some(Box::new((chosen, course))),
    })
}

/// The course itself, as the region's programs hold it.
fn program_doc<S: Sql>(sql: &S, program: &ProgramId) -> DeskResult<Option<Program>> {
    super::sql::doc_of(
        sql,
        "SELECT doc FROM program WHERE id = ?",
        program.as_str(),
    )
}

/// The rows that name a person: under one of their contacts, or accepted by their account.
fn naming(contacts: &[String]) -> String {
    if contacts.is_empty() {
        "accepted_by = ?".to_owned()
    } else {
        format!("accepted_by = ? OR contact IN ({})", marks(contacts.len()))
    }
}

fn person_args(contacts: &[String], user: &UserId) -> Vec<Arg> {
    let mut args = vec![Arg::from(user.as_str())];
    args.extend(texts(contacts.iter().map(String::as_str)));
    args
}

pub fn execute<S: Sql>(sql: &S, command: EnrolmentCommand) -> DeskResult<EnrolmentAnswer> {
    match command {
        EnrolmentCommand::Import {
            program,
            rows,
            max_new,
            preview,
        } => import(sql, &program, rows, max_new, preview),
        EnrolmentCommand::Course { program } => Ok(EnrolmentAnswer::Rows {
            rows: course(sql, &program, None)?,
        }),
        EnrolmentCommand::Offers { contacts } => offers(sql, &contacts),
        EnrolmentCommand::Decide {
            program,
            contacts,
            user,
            accept,
        } => decide(sql, program, &contacts, user, accept),
        EnrolmentCommand::Person {
            contacts,
            user,
            erase,
        } => {
            let args = person_args(&contacts, &user);
            let rows = sql
                .rows::<Row>(
                    &format!(
                        "SELECT contact, doc FROM enrolment WHERE {} ORDER BY at_ms, program",
                        naming(&contacts)
                    ),
                    &args,
                )?
                .into_iter()
                .map(held)
                .collect::<DeskResult<Vec<_>>>()?;
            if erase {
                sql.run(
                    &format!("DELETE FROM enrolment WHERE {}", naming(&contacts)),
                    &args,
                )?;
            }
            Ok(EnrolmentAnswer::Rows { rows })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::desk;
    use super::*;

    fn at(ms: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(ms).expect("time")
    }

    fn row(contact: &str, name: &str, ms: i64) -> Held {
        Held {
            contact: contact.into(),
            enrolment: Enrolment {
                program: ProgramId::from("p1"),
                name: name.into(),
                contact: Contact::Email(format!("{contact}@example.jp")),
                enrolled_at: at(ms),
                by: UserId::from("city"),
                accepted_by: None,
                declined: false,
            },
        }
    }

    fn import(
        db: &super::super::sql::memory::Memory,
        rows: Vec<Held>,
        max_new: u32,
        preview: bool,
    ) -> EnrolmentAnswer {
        execute(
            db,
            EnrolmentCommand::Import {
                program: ProgramId::from("p1"),
                rows,
                max_new,
                preview,
            },
        )
        .expect("import")
    }

    fn course_rows(db: &super::super::sql::memory::Memory) -> Vec<Held> {
        match execute(
            db,
            EnrolmentCommand::Course {
                program: ProgramId::from("p1"),
            },
        ) {
            Ok(EnrolmentAnswer::Rows { rows }) => rows,
            other => panic!("{other:?}"),
        }
    }

    fn decide(
        db: &super::super::sql::memory::Memory,
        contacts: &[&str],
        user: &str,
        accept: bool,
    ) -> Option<Held> {
        match execute(
            db,
            EnrolmentCommand::Decide {
                program: ProgramId::from("p1"),
                contacts: contacts.iter().map(|c| (*c).to_owned()).collect(),
                user: UserId::from(user),
                accept,
            },
        ) {
            Ok(EnrolmentAnswer::Decided { offer }) => offer.map(|offer| {
                let (held, course) = *offer;
                assert_eq!(course.id, ProgramId::from("p1"), "the course comes back");
                held
            }),
            other => panic!("{other:?}"),
        }
    }

    /// The courses the metrics count u1 on (`course_fact`, which `views::metrics` reads).
    fn metrics_courses(db: &super::super::sql::memory::Memory) -> i64 {
        super::super::sql::count(
            db,
            "SELECT COUNT(*) AS n FROM course_fact WHERE resident = 'u1'",
            &[],
        )
        .expect("count")
    }

    #[test]
    fn a_file_larger_than_a_statement_binds_is_imported_and_re_imported() {
        let db = desk();
        let file = |n: usize| -> Vec<Held> {
            (0..n)
                .map(|i| row(&format!("h{i:03}"), &format!("n{i:03}"), 1))
                .collect()
        };
        let n = super::super::sql::MAX_BOUND + 50;
        assert_eq!(
            import(&db, file(n), 900, false),
            EnrolmentAnswer::Imported { new: 150 }
        );
        assert_eq!(
            import(&db, file(n + 1), 900, false),
            EnrolmentAnswer::Imported { new: 1 }
        );
        assert_eq!(course_rows(&db).len(), n + 1);
    }

    #[test]
    fn an_import_adds_only_new_contacts_once_and_a_preview_writes_nothing() {
        let db = desk();
        let rows = vec![
            row("h2", "山田", 1),
            row("h1", "佐藤", 1),
            row("h2", "山田 again", 1),
        ];
        assert_eq!(
            import(&db, rows.clone(), 10, true),
            EnrolmentAnswer::Imported { new: 2 }
        );
        assert!(course_rows(&db).is_empty(), "a preview writes nothing");
        assert_eq!(
            import(&db, rows.clone(), 10, false),
            EnrolmentAnswer::Imported { new: 2 }
        );
        let names: Vec<String> = course_rows(&db)
            .into_iter()
            .map(|h| h.enrolment.name)
            .collect();
        assert_eq!(
            names,
            ["佐藤", "山田"],
            "by name, the first row of a repeated contact"
        );
        assert_eq!(
            import(&db, rows, 10, false),
            EnrolmentAnswer::Imported { new: 0 },
            "a re-import is unchanged"
        );
    }

    #[test]
    fn too_many_new_rows_write_none_of_them() {
        let db = desk();
        let rows = vec![row("h1", "a", 1), row("h2", "b", 1), row("h3", "c", 1)];
        assert_eq!(
            import(&db, rows, 2, false),
            EnrolmentAnswer::TooMany { new: 3 }
        );
        assert!(course_rows(&db).is_empty());
    }

    #[test]
    fn a_re_import_never_undoes_an_acceptance() {
        let db = with_course();
        import(&db, vec![row("h1", "佐藤", 1)], 10, false);
        let accepted = decide(&db, &["h1"], "u1", true).expect("an offer");
        assert_eq!(accepted.enrolment.state(), OfferState::Accepted);
        import(&db, vec![row("h1", "佐藤", 5)], 10, false);
        let rows = course_rows(&db);
        assert_eq!(
            rows[0].enrolment.enrolled_account(),
            Some(&UserId::from("u1"))
        );
    }

    #[test]
    fn accepting_counts_the_course_in_the_metrics_and_declining_takes_it_back() {
        let db = with_course();
        import(
            &db,
            vec![row("email", "佐藤", 1), row("phone", "佐藤", 1)],
            10,
            false,
        );
        assert_eq!(metrics_courses(&db), 0, "invited is not enrolled");
        let chosen = decide(&db, &["phone", "email"], "u1", true).expect("an offer");
        assert_eq!(
            chosen.contact, "phone",
            "the first contact given that has an enrolment"
        );
        assert_eq!(metrics_courses(&db), 1);
        let linked: Vec<Option<UserId>> = course_rows(&db)
            .iter()
            .map(|h| h.enrolment.enrolled_account().cloned())
            .collect();
        assert_eq!(
            linked,
            [None, Some(UserId::from("u1"))],
            "only the chosen row is linked"
        );
        let declined = decide(&db, &["phone"], "u1", false).expect("an offer");
        assert_eq!(declined.enrolment.state(), OfferState::Declined);
        assert_eq!(metrics_courses(&db), 0);
        assert_eq!(
            decide(&db, &["nobody"], "u2", true),
            None,
            "no offer, nothing written"
        );
    }

    /// A desk holding the course p1.
    fn with_course() -> super::super::sql::memory::Memory {
        let db = desk();
        let program = Program {
            id: ProgramId::from("p1"),
            region_id: domain::model::RegionId::from("midori"),
            municipality_id: domain::model::MunicipalityId::from("m1"),
            name: domain::model::Localized::new("講座", "Course"),
            description: domain::model::Localized::new("", ""),
            kind: domain::model::ProgramKind::Coworking {
                address: "駅前".into(),
                open_hours: "9-17".into(),
            },
            security_course: false,
        };
        super::super::views::execute(&db, ViewCommand::SaveProgram { program })
            .expect("program saved");
        db
    }

    #[test]
    fn an_answer_to_a_course_the_region_no_longer_holds_writes_nothing() {
        let db = desk();
        import(&db, vec![row("h1", "佐藤", 1)], 10, false);
        assert_eq!(decide(&db, &["h1"], "u1", true), None);
        assert_eq!(course_rows(&db)[0].enrolment.state(), OfferState::Invited);
        assert_eq!(metrics_courses(&db), 0);
    }

    #[test]
    fn offers_come_with_their_course_and_a_deletion_erases_every_row_naming_the_person() {
        let db = with_course();
        import(
            &db,
            vec![row("email", "佐藤", 1), row("other", "鈴木", 1)],
            10,
            false,
        );
        decide(&db, &["email"], "u1", true);
        match execute(
            &db,
            EnrolmentCommand::Offers {
                contacts: vec!["email".into()],
            },
        ) {
            Ok(EnrolmentAnswer::Offers { offers }) => {
                assert_eq!(offers.len(), 1);
                assert_eq!(offers[0].1.id, ProgramId::from("p1"));
            }
            other => panic!("{other:?}"),
        }
        let person = |erase| EnrolmentCommand::Person {
            contacts: vec![],
            user: UserId::from("u1"),
            erase,
        };
        for erase in [false, true] {
            assert!(
                matches!(execute(&db, person(erase)), Ok(EnrolmentAnswer::Rows { rows }) if rows.len() == 1),
                "found by the account alone"
            );
        }
        assert!(
            matches!(execute(&db, person(false)), Ok(EnrolmentAnswer::Rows { rows }) if rows.is_empty()),
            "erased"
        );
        let names: Vec<String> = course_rows(&db)
            .into_iter()
            .map(|h| h.enrolment.name)
            .collect();
        assert_eq!(names, ["鈴木"], "only the other person stays");
    }
}
