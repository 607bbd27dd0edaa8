//! The hub's decision on a company: approve it (its members may then post work and see talent)
//! or reject it with a reason the company is shown.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Approval, Localized, UserId};
use crate::text::{TextProblem, multi_line, normalize_line};
use crate::validate::{ErrorCode, FieldError, Raw, ValidationErrors};

/// Longest rejection reason.
pub const MAX_REASON: usize = 1000;

/// `{"decision": "approve" | "reject", "reason": "…"}`; a reason is required to reject.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApprovalInput {
    pub decision: Raw,
    pub reason: Raw,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApprovalDecision {
    Approve,
    Reject { reason: String },
}

fn error(field: &str, code: ErrorCode, ja: &str, en: &str) -> FieldError {
    FieldError {
        field: field.to_owned(),
        code,
        message: Localized::new(ja, en),
    }
}

impl ApprovalInput {
    pub fn validate(&self) -> Result<ApprovalDecision, ValidationErrors> {
        let decision = normalize_line(self.decision.as_str()).to_lowercase();
        match decision.as_str() {
            "approve" | "approved" | "承認" => Ok(ApprovalDecision::Approve),
            "reject" | "rejected" | "却下" => {
                match multi_line(self.reason.as_str().trim(), MAX_REASON) {
                    Ok(reason) => Ok(ApprovalDecision::Reject { reason }),
                    Err(TextProblem::Empty) => Err(ValidationErrors(vec![error(
                        "reason",
                        ErrorCode::Required,
                        "却下する理由を入力してください（企業に表示されます）。",
                        "Please give the reason for rejecting (the company will see it).",
                    )])),
                    Err(TextProblem::TooLong { .. }) => Err(ValidationErrors(vec![FieldError {
                        field: "reason".to_owned(),
                        code: ErrorCode::TooLong,
                        message: Localized::new(
                            format!("理由は{MAX_REASON}文字以内にしてください。"),
                            format!("Please keep the reason to {MAX_REASON} characters."),
                        ),
                    }])),
                    Err(_) => Err(ValidationErrors(vec![error(
                        "reason",
                        ErrorCode::InvalidCharacters,
                        "理由に使えない文字が含まれています。",
                        "The reason contains characters that cannot be used.",
                    )])),
                }
            }
            "" => Err(ValidationErrors(vec![error(
                "decision",
                ErrorCode::Required,
                "承認か却下かを選んでください。",
                "Please choose approve or reject.",
            )])),
            _ => Err(ValidationErrors(vec![error(
                "decision",
                ErrorCode::InvalidChoice,
                "「承認」か「却下」を選んでください。",
                "Please choose approve or reject.",
            )])),
        }
    }
}

impl ApprovalDecision {
    pub fn into_approval(self, by: UserId, at: DateTime<Utc>) -> Approval {
        match self {
            ApprovalDecision::Approve => Approval::Approved { by, at },
            ApprovalDecision::Reject { reason } => Approval::Rejected { by, at, reason },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(decision: &str, reason: &str) -> ApprovalInput {
        ApprovalInput {
            decision: Raw(decision.to_owned()),
            reason: Raw(reason.to_owned()),
        }
    }

    #[test]
    fn approve_needs_no_reason_and_reject_needs_one() {
        assert_eq!(
            input("approve", "").validate(),
            Ok(ApprovalDecision::Approve)
        );
        assert_eq!(
            input(" Reject ", " 事業内容が確認できません ").validate(),
            Ok(ApprovalDecision::Reject {
                reason: "事業内容が確認できません".to_owned()
            })
        );
        let e = input("reject", "  ")
            .validate()
            .expect_err("reason required");
        assert!(e.has("reason", ErrorCode::Required));
        let e = input("maybe", "").validate().expect_err("unknown decision");
        assert!(e.has("decision", ErrorCode::InvalidChoice));
        let e = input("reject", &"あ".repeat(MAX_REASON + 1))
            .validate()
            .expect_err("too long");
        assert!(e.has("reason", ErrorCode::TooLong));
    }
}
