//! The people a municipality put on its courses, kept in the region's desk
//! (`desk::enrolment`): the municipality imports them, each person answers in the inbox.

use domain::model::{Program, ProgramId, UserId};
use domain::validate::Contact;

pub use crate::desk::enrolment::{Enrolment, Held};

use crate::auth::crypto;
use crate::desk::Desk;
use crate::desk::enrolment::{EnrolmentAnswer, EnrolmentCommand};
use crate::desk::wire::{Answer, Command};
use crate::error::ApiResult;
use crate::records::facts::unexpected;

/// The contact hashes that reach a person: their login email and the phone they gave.
pub fn contact_hashes(email: Option<&str>, phone: Option<&str>) -> Vec<String> {
    email
        .map(|e| contact_hash(&Contact::Email(e.to_owned())))
        .into_iter()
        .chain(phone.map(|p| contact_hash(&Contact::Phone(p.to_owned()))))
        .collect()
}

/// What an enrolment is filed under: SHA-256 of the normalised contact, so the same person in a
/// re-imported file is the same row and no contact is stored as a key.
pub fn contact_hash(contact: &Contact) -> String {
    let text = match contact {
        Contact::Email(e) => format!("email:{e}"),
        Contact::Phone(p) => format!("phone:{p}"),
    };
    crypto::sha256_hex(text.as_bytes())
}

async fn call(desk: &Desk, command: EnrolmentCommand) -> ApiResult<EnrolmentAnswer> {
    match desk.call(&Command::Enrolment { command }).await? {
        Answer::Enrolment { enrolment } => Ok(*enrolment),
        other => Err(unexpected(other)),
    }
}

async fn rows(desk: &Desk, command: EnrolmentCommand) -> ApiResult<Vec<Held>> {
    match call(desk, command).await? {
        EnrolmentAnswer::Rows { rows } => Ok(rows),
        other => Err(unexpected(other)),
    }
}

/// Puts every row whose contact is not on the course yet on it, all or none; `preview` writes
/// nothing. Answers how many rows are new, or `None` (nothing written) when more than `max_new`.
pub async fn import(
    desk: &Desk,
    program: &ProgramId,
    rows: Vec<Held>,
    max_new: usize,
    preview: bool,
) -> ApiResult<Option<usize>> {
    let command = EnrolmentCommand::Import {
        program: program.clone(),
        rows,
        max_new: u32::try_from(max_new).unwrap_or(u32::MAX),
        preview,
    };
    match call(desk, command).await? {
        EnrolmentAnswer::Imported { new } => Ok(Some(usize::try_from(new).unwrap_or(usize::MAX))),
        EnrolmentAnswer::TooMany { .. } => Ok(None),
        other => Err(unexpected(other)),
    }
}

/// The course's enrolments, by name.
pub async fn of_course(desk: &Desk, program: &ProgramId) -> ApiResult<Vec<Held>> {
    let command = EnrolmentCommand::Course {
        program: program.clone(),
    };
    rows(desk, command).await
}

/// The courses offered to these contacts, each with its enrolment.
pub async fn offers(desk: &Desk, contacts: Vec<String>) -> ApiResult<Vec<(Held, Program)>> {
    match call(desk, EnrolmentCommand::Offers { contacts }).await? {
        EnrolmentAnswer::Offers { offers } => Ok(offers),
        other => Err(unexpected(other)),
    }
}

/// The person's answer to a course (and the course the metrics count), in one transaction,
/// with the course; `None` when none of `contacts` is on a course of the region by that id.
pub async fn decide(
    desk: &Desk,
    program: &ProgramId,
    contacts: Vec<String>,
    user: &UserId,
    accept: bool,
) -> ApiResult<Option<(Held, Program)>> {
    let command = EnrolmentCommand::Decide {
        program: program.clone(),
        contacts,
        user: user.clone(),
        accept,
    };
    match call(desk, command).await? {
        EnrolmentAnswer::Decided { offer } => Ok(offer.map(|o| *o)),
        other => Err(unexpected(other)),
    }
}

/// Every enrolment that names a person: under their contacts or accepted by their account.
/// `erase` deletes them as well (the person deleted the account).
pub async fn of_person(
    desk: &Desk,
    contacts: Vec<String>,
    user: &UserId,
    erase: bool,
) -> ApiResult<Vec<Held>> {
    let command = EnrolmentCommand::Person {
        contacts,
        user: user.clone(),
        erase,
    };
    rows(desk, command).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_hash_names_no_contact_and_separates_email_from_phone() {
        let email = contact_hash(&Contact::Email("hanako@example.jp".into()));
        let phone = contact_hash(&Contact::Phone("09012345678".into()));
        assert_eq!(
            email,
            contact_hash(&Contact::Email("hanako@example.jp".into()))
        );
        assert_ne!(email, phone);
        assert!(!email.contains("hanako") && email.len() == 64);
        assert_eq!(
            contact_hashes(Some("hanako@example.jp"), Some("09012345678")),
            [email, phone]
        );
    }
}
