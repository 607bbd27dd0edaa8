//! The municipality's console (自治体): wire types of course enrolment and completion, shared by
//! the worker and the app. The municipality sees the people it enrolled itself (its own list)
//! and aggregates; never a resident's profile.

use serde::{Deserialize, Serialize};

use crate::cohort::ScoreTable;
use crate::model::{Job, JobId, ProgramId, Resident, ResidentId, TaskKindId};

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

/// `POST /api/v1/programs/{id}/enrolments?preview=1`: the rows as the server read them and what
/// an import would do, nothing written (a file with a bad row is the same 422 as an import).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolmentPreview {
    pub program: ProgramId,
    pub rows: Vec<crate::validate::EnrolmentRow>,
    /// People the import would enrol.
    pub new: usize,
    /// People already enrolled.
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
    /// The person accepted the course in their musubi inbox, so completion can verify their
    /// skills. Whether an account uses the contact is never said (the import cannot tell
    /// anyone whether an email is registered).
    pub linked: bool,
}

/// Where a course's invitation stands for the person it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferState {
    /// Imported by the municipality; the person has not answered yet.
    Invited,
    /// The person accepted in their inbox: enrolled, and a completion is credited to them.
    Accepted,
    Declined,
}

impl OfferState {
    /// The wire name (`invited`, `accepted`, `declined`), for the page's `data-state`.
    pub fn as_str(self) -> &'static str {
        match self {
            OfferState::Invited => "invited",
            OfferState::Accepted => "accepted",
            OfferState::Declined => "declined",
        }
    }

    /// Only a person who accepted is enrolled: linked to their account, counted in the
    /// course's figures, and credited with a completion.
    pub fn is_enrolled(self) -> bool {
        self == OfferState::Accepted
    }
}

/// `GET /api/v1/me/courses`: a course a municipality put my email or phone on, in my inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseOffer {
    pub program: ProgramId,
    pub name: crate::model::Localized,
    pub state: OfferState,
    pub invited_at: chrono::DateTime<chrono::Utc>,
}

/// A [`CourseOffer`] as the inbox shows it, read from the same JSON: what the card says and what
/// its buttons send (the invitation's instant is not shown, so the resident's inbox links no
/// date parser for it).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CourseOfferBrief {
    pub program: ProgramId,
    pub name: crate::model::Localized,
    pub state: OfferState,
}

/// `POST /api/v1/me/courses/{id}`: `{"decision": "accept" | "decline"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CourseDecision {
    pub decision: crate::validate::Raw,
}

impl CourseDecision {
    /// The state the answer leads to; anything but accept or decline is a 422 in both languages.
    pub fn state(&self) -> Result<OfferState, crate::validate::ValidationErrors> {
        match crate::text::normalize_line(self.decision.as_str()).as_str() {
            "accept" => Ok(OfferState::Accepted),
            "decline" => Ok(OfferState::Declined),
            _ => Err(crate::validate::ValidationErrors(vec![
                crate::validate::FieldError {
                    field: "decision".to_owned(),
                    code: crate::validate::ErrorCode::InvalidChoice,
                    message: crate::model::Localized::new(
                        "「受講する」か「受講しない」を選んでください。",
                        "Please choose to take the course or not.",
                    ),
                },
            ])),
        }
    }
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

/// How many of its best candidates each side ranks in a cohort placement.
pub const PLACEMENT_DEPTH: usize = 10;

/// A job's slots in a placement: how many people its weekly hours hold at the minimum per person
/// (one when it takes no team).
pub fn slots_of(job: &Job) -> usize {
    if !job.team_allowed || job.min_hours_per_person == 0 {
        return 1;
    }
    usize::try_from((job.hours_per_week / job.min_hours_per_person).max(1)).unwrap_or(1)
}

/// One graduate's placement, without personal data: graduates are `G1`, `G2`, … in the order of
/// their ids, and "why" is each side's rank of the other (1 = first choice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placed {
    pub graduate: String,
    pub job: JobId,
    pub job_title: String,
    /// Where this job is on the graduate's list (1-based).
    pub graduate_rank: usize,
    /// Where this graduate is on the job's list (1-based).
    pub job_rank: usize,
}

/// A course's cohort placement: the rankings both sides gave (by label), the result of
/// resident-proposing deferred acceptance, and whether it is stable (no blocking pair).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Placement {
    pub program: ProgramId,
    pub graduates: usize,
    pub placed: Vec<Placed>,
    pub unplaced: Vec<String>,
    /// Each graduate's acceptable jobs, best first.
    pub graduate_prefs: Vec<(String, Vec<JobId>)>,
    /// Each job's slots and acceptable graduates, best first.
    pub job_prefs: Vec<(JobId, usize, Vec<String>)>,
    pub stable: bool,
}

/// Places a course's graduates into the open jobs' slots, with both sides ranked by the
/// matching score, and labels the graduates so that no resident id or name leaves.
pub fn placement(program: &ProgramId, graduates: Vec<Resident>, jobs: &[Job]) -> Placement {
    placement_in(
        &mut ScoreTable::default(),
        program,
        graduates,
        jobs.to_vec(),
    )
}

/// [`placement`], scoring only the pairs `table` does not hold from an earlier placement of the
/// same course (the region desk keeps it between builds: a job edit rescores one column).
pub fn placement_in(
    table: &mut ScoreTable,
    program: &ProgramId,
    mut graduates: Vec<Resident>,
    jobs: Vec<Job>,
) -> Placement {
    graduates.sort_by(|a, b| a.id.cmp(&b.id));
    table.update(jobs, graduates);
    // By number throughout: graduate `i` is `G{i + 1}` (in id order), job `j` is `jobs[j]`.
    let ranked = table.ranked(PLACEMENT_DEPTH, &slots_of);
    let (graduates, jobs) = (table.residents(), table.jobs());
    let (assigned, stable) = ranked.place();
    let label = |i: usize| format!("G{}", i + 1);
    let place_in =
        |list: &[usize], x: usize| list.iter().position(|&y| y == x).map_or(0, |i| i + 1);
    let placed = assigned
        .iter()
        .enumerate()
        .filter_map(|(i, job)| {
            let j = (*job)?;
            Some(Placed {
                graduate: label(i),
                job: jobs[j].id.clone(),
                job_title: jobs[j].title.clone(),
                graduate_rank: place_in(&ranked.jobs[i], j),
                job_rank: place_in(&ranked.residents[j], i),
            })
        })
        .collect();
    Placement {
        program: program.clone(),
        graduates: graduates.len(),
        placed,
        unplaced: (0..graduates.len())
            .filter(|&i| assigned[i].is_none())
            .map(label)
            .collect(),
        graduate_prefs: ranked
            .jobs
            .iter()
            .enumerate()
            .map(|(i, list)| (label(i), list.iter().map(|&j| jobs[j].id.clone()).collect()))
            .collect(),
        job_prefs: ranked
            .residents
            .iter()
            .enumerate()
            .filter(|(_, list)| !list.is_empty())
            .map(|(j, list)| {
                (
                    jobs[j].id.clone(),
                    ranked.capacity[j],
                    list.iter().map(|&i| label(i)).collect(),
                )
            })
            .collect(),
        stable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_served_course_offer_reads_as_the_inbox_brief() {
        let offer = CourseOffer {
            program: ProgramId::from("prog-1"),
            name: crate::model::Localized::new("経理講座", "Bookkeeping course"),
            state: OfferState::Invited,
            invited_at: "2026-12-01T09:30:00Z".parse().expect("an instant"),
        };
        let served = serde_json::to_value(&offer).expect("json");
        let brief: CourseOfferBrief = serde_json::from_value(served).expect("the brief reads it");
        assert_eq!(brief.program, offer.program);
        assert_eq!(brief.name, offer.name);
        assert_eq!(brief.state, OfferState::Invited);
    }

    #[test]
    fn masks_the_middle_of_emails_and_phones() {
        assert_eq!(mask_contact("tanaka@example.jp"), "ta***@example.jp");
        assert_eq!(mask_contact("09012345678"), "***5678");
        assert_eq!(mask_contact("123"), "***");
    }

    #[test]
    fn only_an_accepted_course_enrols_and_the_answer_is_checked() {
        let answer = |d: &str| CourseDecision { decision: d.into() }.state();
        assert_eq!(answer("accept"), Ok(OfferState::Accepted));
        assert_eq!(answer(" decline "), Ok(OfferState::Declined));
        let err = answer("yes").expect_err("unknown answer");
        assert!(err.has("decision", crate::validate::ErrorCode::InvalidChoice));
        assert!(!err.0[0].message.ja.is_empty() && !err.0[0].message.en.is_empty());
        assert!(OfferState::Accepted.is_enrolled());
        for st in [
            OfferState::Invited,
            OfferState::Accepted,
            OfferState::Declined,
        ] {
            assert_eq!(
                serde_json::to_string(&st).expect("json"),
                format!("\"{}\"", st.as_str())
            );
        }
        assert!(!OfferState::Invited.is_enrolled() && !OfferState::Declined.is_enrolled());
    }
}
