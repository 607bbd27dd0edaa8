//! The region's list of invite codes (`GET /api/v1/invites`). An invite expires with its code, so
//! the list is read from a separate marker per code (`idx:{region}:invite:{code}`) that carries
//! what the list shows as KV list metadata: listing needs no read per code, and a code stays
//! listed for a while after it expired. Uses are counted from the redemption markers.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{Invite, RoleKind};
use crate::model::ProgramId;

/// How long a code stays in the list after it expired (its marker's lifetime beyond the code's).
pub const LISTED_DAYS_AFTER_EXPIRY: i64 = 90;
/// The list answers at most this many codes, the newest: each costs one KV list for its uses.
pub const MAX_LISTED_INVITES: usize = 50;

/// What the list keeps of an invite, written once with its marker (well under KV's 1,024 bytes
/// of metadata: the label is at most 60 chars).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteMark {
    #[serde(default)]
    pub label: Option<String>,
    /// Whom the code lets register.
    pub role: RoleKind,
    /// The course or scheme it was issued for, if any.
    #[serde(default)]
    pub program: Option<ProgramId>,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub max_uses: u32,
}

impl InviteMark {
    pub fn of(invite: &Invite) -> InviteMark {
        InviteMark {
            label: invite.label.clone(),
            role: invite.role.kind(),
            program: invite.program.clone(),
            issued_at: invite.issued_at,
            expires_at: invite.expires_at,
            max_uses: invite.max_uses,
        }
    }

    /// The marker's lifetime in seconds from `now`: the code's own, plus the time it stays
    /// listed after expiring.
    pub fn listed_ttl_secs(&self, now: DateTime<Utc>) -> u64 {
        let until = self.expires_at + Duration::days(LISTED_DAYS_AFTER_EXPIRY);
        u64::try_from((until - now).num_seconds()).unwrap_or(0)
    }
}

/// Whether a listed code can still be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InviteStatus {
    Active,
    /// As many people registered with it as it allows.
    UsedUp,
    Expired,
}

impl InviteStatus {
    pub const ALL: [InviteStatus; 3] = [
        InviteStatus::Active,
        InviteStatus::UsedUp,
        InviteStatus::Expired,
    ];

    /// The wire name (serde's), for the list's data attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            InviteStatus::Active => "active",
            InviteStatus::UsedUp => "used_up",
            InviteStatus::Expired => "expired",
        }
    }

    /// The same order of reasons as `Invite::check_redeemable`: expiry first.
    pub fn of(mark: &InviteMark, uses: u32, now: DateTime<Utc>) -> InviteStatus {
        if now >= mark.expires_at {
            InviteStatus::Expired
        } else if uses >= mark.max_uses {
            InviteStatus::UsedUp
        } else {
            InviteStatus::Active
        }
    }
}

/// One code of the region's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedInvite {
    pub code: String,
    pub label: Option<String>,
    pub role: RoleKind,
    pub program: Option<ProgramId>,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub max_uses: u32,
    /// Registrations made with the code (its redemption markers).
    pub uses: u32,
    pub status: InviteStatus,
}

impl ListedInvite {
    pub fn new(code: String, mark: InviteMark, uses: u32, now: DateTime<Utc>) -> ListedInvite {
        ListedInvite {
            status: InviteStatus::of(&mark, uses, now),
            code,
            label: mark.label,
            role: mark.role,
            program: mark.program,
            issued_at: mark.issued_at,
            expires_at: mark.expires_at,
            max_uses: mark.max_uses,
            uses,
        }
    }
}

/// `GET /api/v1/invites`: the newest codes first; `total` counts every listed code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteList {
    pub total: usize,
    pub items: Vec<ListedInvite>,
}

/// The newest `limit` codes (by issue time, then code), from the markers as listed (a marker
/// whose metadata is missing or unreadable is left out: every marker is written with it).
pub fn newest_first(
    marks: Vec<(String, Option<InviteMark>)>,
    limit: usize,
) -> (usize, Vec<(String, InviteMark)>) {
    let mut known: Vec<(String, InviteMark)> = marks
        .into_iter()
        .filter_map(|(code, mark)| mark.map(|m| (code, m)))
        .collect();
    let total = known.len();
    known.sort_by(|a, b| {
        b.1.issued_at
            .cmp(&a.1.issued_at)
            .then_with(|| a.0.cmp(&b.0))
    });
    known.truncate(limit);
    (total, known)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::Role;
    use chrono::TimeZone;

    fn t(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0)
            .single()
            .expect("date")
    }

    fn mark(issued: u32, max_uses: u32) -> InviteMark {
        InviteMark {
            label: Some(format!("{issued}日の説明会")),
            role: RoleKind::Resident,
            program: None,
            issued_at: t(issued),
            expires_at: t(issued + 7),
            max_uses,
        }
    }

    #[test]
    fn a_mark_keeps_what_the_list_shows_and_outlives_its_code() {
        let invite = Invite {
            code: "abcd-efgh-jkmn".to_owned(),
            role: Role::CompanyMember {
                company: "c-1".into(),
            },
            region: "midori".into(),
            program: Some("course-1".into()),
            issued_by: "u-hub".into(),
            issued_at: t(1),
            expires_at: t(8),
            max_uses: 1,
            label: Some("ひかり印刷の担当者".to_owned()),
        };
        let m = InviteMark::of(&invite);
        assert_eq!(m.role, RoleKind::CompanyMember);
        assert_eq!(m.label.as_deref(), Some("ひかり印刷の担当者"));
        assert_eq!(m.program, Some("course-1".into()));
        let days = |secs: u64| secs / 86_400;
        assert_eq!(days(m.listed_ttl_secs(t(1))), 7 + 90);
        assert_eq!(m.listed_ttl_secs(t(1) + Duration::days(200)), 0);
        let json = serde_json::to_string(&m).expect("json");
        assert!(json.len() < 1024, "fits KV list metadata: {json}");
        assert_eq!(serde_json::from_str::<InviteMark>(&json).expect("back"), m);
    }

    #[test]
    fn status_says_expired_before_used_up() {
        let m = mark(1, 2);
        assert_eq!(InviteStatus::of(&m, 0, t(2)), InviteStatus::Active);
        assert_eq!(InviteStatus::of(&m, 1, t(2)), InviteStatus::Active);
        assert_eq!(InviteStatus::of(&m, 2, t(2)), InviteStatus::UsedUp);
        assert_eq!(InviteStatus::of(&m, 2, t(8)), InviteStatus::Expired);
        assert_eq!(InviteStatus::of(&m, 0, t(9)), InviteStatus::Expired);
        let listed = ListedInvite::new("abcd".to_owned(), m, 2, t(3));
        assert_eq!((listed.uses, listed.status), (2, InviteStatus::UsedUp));
        for s in InviteStatus::ALL {
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::json!(s.as_str()))
            );
        }
    }

    #[test]
    fn the_newest_codes_come_first_and_unreadable_markers_are_left_out() {
        let marks = vec![
            ("b-old".to_owned(), Some(mark(1, 1))),
            ("c-new".to_owned(), Some(mark(5, 30))),
            ("no-metadata".to_owned(), None),
            ("a-new".to_owned(), Some(mark(5, 1))),
            ("d-mid".to_owned(), Some(mark(3, 1))),
        ];
        let (total, top) = newest_first(marks.clone(), 3);
        assert_eq!(total, 4);
        let codes: Vec<&str> = top.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, ["a-new", "c-new", "d-mid"]);
        assert_eq!(newest_first(marks, 10).1.len(), 4);
    }
}
