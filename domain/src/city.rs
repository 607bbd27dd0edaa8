//! The municipality's console (自治体): wire types of course enrolment and completion, shared by
//! the worker and the app. The municipality sees the people it enrolled itself (its own list)
//! and aggregates; never a resident's profile.

use serde::{Deserialize, Serialize};

use crate::model::{ProgramId, ResidentId, TaskKindId};

/// `POST /api/v1/programs/{id}/enrolments`: the file's text, already decoded to UTF-8 (the
/// browser decodes Shift_JIS).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EnrolmentUpload {
    pub csv: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentResult {
    pub program: ProgramId,
    pub rows: usize,
    /// New people enrolled by this upload.
    pub created: usize,
    /// People already enrolled (an earlier upload of the same person): nothing written.
    pub unchanged: usize,
}

/// One line of a course's enrolment list, as the municipality entered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentItem {
    /// The enrolment's opaque reference (the hash in its key), for completion.
    pub enrolment: String,
    pub name: String,
    /// The contact with its middle masked, e.g. `ta***@example.jp`.
    pub contact: String,
    /// A musubi account uses this email, so completion can verify its skills.
    pub linked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentList {
    pub program: ProgramId,
    pub items: Vec<EnrolmentItem>,
}

/// `POST /api/v1/programs/{id}/completions`: who finished the course, by resident id (the hub)
/// or by enrolment reference (the municipality, which never needs a resident id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompletionInput {
    pub residents: Vec<String>,
    pub enrolments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completed {
    pub resident: ResidentId,
    pub tasks: Vec<TaskKindId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionResult {
    pub program: ProgramId,
    pub verified: Vec<Completed>,
    /// Enrolments without a musubi account: nothing to verify yet.
    #[serde(default)]
    pub unlinked: usize,
}

/// A contact shown with its middle masked: enough for staff to recognise their own entry.
pub fn mask_contact(contact: &str) -> String {
    let chars: Vec<char> = contact.chars().collect();
    match contact.find('@') {
        Some(at) => {
            let local: Vec<char> = contact[..at].chars().collect();
            let keep: String = local.iter().take(2).collect();
            format!("{keep}***{}", &contact[at..])
        }
        None if chars.len() > 4 => {
            let tail: String = chars[chars.len() - 4..].iter().collect();
            format!("***{tail}")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_the_middle_of_emails_and_phones() {
        assert_eq!(mask_contact("tanaka@example.jp"), "ta***@example.jp");
        assert_eq!(mask_contact("09012345678"), "***5678");
        assert_eq!(mask_contact("123"), "***");
    }
}
