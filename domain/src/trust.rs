//! What a company may trust about an anonymous card beyond its skills: a verified identity
//! (the hub saw an official document in person), a finished security course (a course the
//! municipality marked as one), and the track record of the resident's engagements in musubi.
//!
//! Each fact is its own append-only record written by the party that knows it (the hub, the
//! course's municipality, whoever posted an engagement event); nothing here is personal data:
//! an identity check keeps the kind of document, never its number, name or address.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::engagement::{EngagementState, Stage};
use crate::model::{
    EngagementId, Localized, Program, ProgramId, ProgramKind, ResidentId, TrackRecord, UserId,
};
use crate::validate::{ErrorCode, FieldError, Raw, ValidationErrors};

/// The kind of official document the hub looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityMethod {
    MyNumberCard,
    DriversLicence,
    Passport,
    ResidenceCard,
    /// Another official photo identification.
    OtherPhotoId,
}

impl IdentityMethod {
    pub const ALL: [IdentityMethod; 5] = [
        IdentityMethod::MyNumberCard,
        IdentityMethod::DriversLicence,
        IdentityMethod::Passport,
        IdentityMethod::ResidenceCard,
        IdentityMethod::OtherPhotoId,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IdentityMethod::MyNumberCard => "my_number_card",
            IdentityMethod::DriversLicence => "drivers_licence",
            IdentityMethod::Passport => "passport",
            IdentityMethod::ResidenceCard => "residence_card",
            IdentityMethod::OtherPhotoId => "other_photo_id",
        }
    }

    pub fn label(self) -> Localized {
        match self {
            IdentityMethod::MyNumberCard => Localized::new("マイナンバーカード", "My Number card"),
            IdentityMethod::DriversLicence => Localized::new("運転免許証", "Driver's licence"),
            IdentityMethod::Passport => Localized::new("パスポート", "Passport"),
            IdentityMethod::ResidenceCard => Localized::new("在留カード", "Residence card"),
            IdentityMethod::OtherPhotoId => {
                Localized::new("その他の顔写真付き公的証明書", "Other official photo ID")
            }
        }
    }
}

/// The hub saw a resident's official document in person (本人確認). Append-only: a later check
/// adds a record, none is edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityCheck {
    pub resident: ResidentId,
    pub method: IdentityMethod,
    /// The hub coordinator who checked.
    pub by: UserId,
    pub at: DateTime<Utc>,
}

/// One identity check as the hub's view of a resident shows it: the kind of document and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityCheckSeen {
    pub method: IdentityMethod,
    pub at: DateTime<Utc>,
}

/// What a company's cards say of a resident's trust, as the hub sees it on the resident's
/// timeline: every identity check (newest first) and whether a security course was finished.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentTrust {
    pub identity_checks: Vec<IdentityCheckSeen>,
    pub security_course: bool,
}

impl ResidentTrust {
    /// From the resident's `idcheck:` records, in any order.
    pub fn new(checks: Vec<IdentityCheck>, security_course: bool) -> ResidentTrust {
        let mut identity_checks: Vec<IdentityCheckSeen> = checks
            .into_iter()
            .map(|c| IdentityCheckSeen {
                method: c.method,
                at: c.at,
            })
            .collect();
        identity_checks.sort_by_key(|c| std::cmp::Reverse(c.at));
        ResidentTrust {
            identity_checks,
            security_course,
        }
    }

    /// The card's 「本人確認済み」: at least one check.
    pub fn identity_verified(&self) -> bool {
        !self.identity_checks.is_empty()
    }
}

/// `POST /api/v1/residents/{id}/identity`: which document the hub saw. Nothing else is taken,
/// so that no document number or address can be stored by mistake.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IdentityCheckInput {
    pub method: String,
}

impl IdentityCheckInput {
    pub fn validate(&self) -> Result<IdentityMethod, ValidationErrors> {
        let m = self.method.trim();
        IdentityMethod::ALL
            .into_iter()
            .find(|x| x.as_str() == m)
            .ok_or_else(|| {
                ValidationErrors(vec![FieldError {
                    field: "method".to_owned(),
                    code: if m.is_empty() {
                        ErrorCode::Required
                    } else {
                        ErrorCode::InvalidChoice
                    },
                    message: Localized::new(
                        "確認した本人確認書類の種類を一覧から選んでください。",
                        "Choose the kind of identity document you checked from the list.",
                    ),
                }])
            })
    }
}

/// A resident finished a course marked as a security course (`Program::security_course`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityCourseDone {
    pub resident: ResidentId,
    pub program: ProgramId,
    /// The municipality staff who registered the completion.
    pub by: UserId,
    pub at: DateTime<Utc>,
}

/// The security-course flag of a program form (`security_course`: "true"), read from the same
/// body beside `ProgramInput`, so that forms which do not know it stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct SecurityCourseFlag {
    pub security_course: Raw,
}

impl SecurityCourseFlag {
    /// Sets `program.security_course`: only a course can be one; a clear yes (`true`, `1`,
    /// `on`, `yes`) or no; not given keeps `before` (false for a new program).
    pub fn apply(&self, program: &mut Program, before: bool) {
        let given = self.security_course.as_str().trim();
        let wanted = if given.is_empty() {
            before
        } else {
            matches!(given, "true" | "1" | "on" | "yes")
        };
        program.security_course = wanted && matches!(program.kind, ProgramKind::Course { .. });
    }
}

/// Which residents of a region have a verified identity and a finished security course (read
/// from the region's membership markers, two lists, so filtering needs no profile).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trust {
    pub identity: BTreeSet<ResidentId>,
    pub security: BTreeSet<ResidentId>,
}

/// What a company asks of trust in the talent filter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustFilter {
    pub identity_only: bool,
    pub security_only: bool,
}

impl TrustFilter {
    pub fn is_empty(self) -> bool {
        !self.identity_only && !self.security_only
    }
}

impl Trust {
    pub fn identity_verified(&self, id: &ResidentId) -> bool {
        self.identity.contains(id)
    }

    pub fn security_course(&self, id: &ResidentId) -> bool {
        self.security.contains(id)
    }

    /// Whether a resident passes the trust part of a filter.
    pub fn admits(&self, filter: TrustFilter, id: &ResidentId) -> bool {
        (!filter.identity_only || self.identity_verified(id))
            && (!filter.security_only || self.security_course(id))
    }
}

/// One engagement's part in its resident's track record, as its fold stood when an event was
/// posted. Written beside every event (`trk:{resident}:{engagement}:{event}`), so a card reads
/// its resident's record with one list and no fold; the latest per engagement counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EngagementTrack {
    #[serde(rename = "f", default)]
    pub finished: bool,
    #[serde(rename = "r", default)]
    pub renewed: bool,
    #[serde(rename = "a", default)]
    pub active: bool,
    #[serde(rename = "o", default)]
    pub checkins_on_time: u32,
    #[serde(rename = "t", default)]
    pub checkins_total: u32,
    /// The company's review (1–5), once given.
    #[serde(rename = "s", default)]
    pub rating: Option<u8>,
}

impl EngagementTrack {
    /// The same rules as `engagement::track_record`, for one engagement.
    pub fn of(state: &EngagementState) -> EngagementTrack {
        let (on_time, total) = state.slots_on_time();
        EngagementTrack {
            finished: state.stage == Stage::Completed,
            renewed: state.renewals > 0,
            active: state.stage.running().is_some(),
            checkins_on_time: on_time,
            checkins_total: total,
            rating: state.review.as_ref().map(|r| r.rating),
        }
    }

    fn as_record(self) -> TrackRecord {
        TrackRecord {
            finished: u32::from(self.finished),
            renewed: u32::from(self.renewed),
            active: u32::from(self.active),
            checkins_on_time: self.checkins_on_time,
            checkins_total: self.checkins_total,
            reviews: u32::from(self.rating.is_some()),
            rating_total: self.rating.map_or(0, u32::from),
        }
    }
}

/// A resident's track record from the engagements' marks: per engagement the mark with the
/// greatest event id (ids sort by time) counts, the others are older states of it.
pub fn track_from_marks<'a>(
    marks: impl IntoIterator<Item = (&'a EngagementId, &'a str, EngagementTrack)>,
) -> TrackRecord {
    let mut latest: BTreeMap<&EngagementId, (&str, EngagementTrack)> = BTreeMap::new();
    for (engagement, event, mark) in marks {
        match latest.get(engagement) {
            Some((seen, _)) if *seen >= event => {}
            _ => {
                latest.insert(engagement, (event, mark));
            }
        }
    }
    latest
        .into_values()
        .fold(TrackRecord::default(), |t, (_, m)| t.plus(m.as_record()))
}

/// The track record a card shows: what the profile brought along (work before musubi kept its
/// records, e.g. the demo's generated history) plus the engagements in musubi.
pub fn card_track(brought: TrackRecord, in_musubi: TrackRecord) -> TrackRecord {
    brought.plus(in_musubi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engagement::{
        Actor, EngagementEvent, EventId, EventKind, Role, Side, fold, track_record,
    };
    use crate::model::{CompanyId, JobId};
    use chrono::TimeDelta;

    fn ev(n: i64, role: Role, kind: EventKind) -> EngagementEvent {
        let t0 = DateTime::<Utc>::from_timestamp(1_767_225_600, 0).unwrap_or_default();
        EngagementEvent {
            id: EventId(format!("{n:013}")),
            engagement_id: EngagementId::from("e1"),
            at: t0 + TimeDelta::days(n),
            actor: Actor {
                user: UserId::from("u"),
                role,
            },
            kind,
        }
    }

    fn history(review: Option<u8>) -> Vec<EngagementEvent> {
        let mut evs = vec![
            ev(
                0,
                Role::System,
                EventKind::Proposed {
                    job: JobId::from("j1"),
                    company: CompanyId::from("c1"),
                    resident: ResidentId::from("r1"),
                    needs_terms: false,
                    hours_per_week: 10,
                },
            ),
            ev(
                1,
                Role::Resident,
                EventKind::InterestShown {
                    side: Side::Resident,
                },
            ),
            ev(
                2,
                Role::Company,
                EventKind::InterestShown {
                    side: Side::Company,
                },
            ),
            ev(3, Role::Company, EventKind::TrialStarted { trial_weeks: 2 }),
            ev(
                17,
                Role::Hub,
                EventKind::CheckIn {
                    mood: 4,
                    hours_worked: 20,
                    note: String::new(),
                    follow_up: None,
                    with: crate::engagement::CheckInWith::Both,
                    shared_with_company: true,
                    next_on: None,
                },
            ),
            ev(18, Role::Company, EventKind::TrialPassed),
            ev(19, Role::Company, EventKind::Renewed { weeks: 12 }),
            ev(20, Role::Company, EventKind::Completed),
        ];
        if let Some(rating) = review {
            evs.push(ev(
                21,
                Role::Company,
                EventKind::Review {
                    rating,
                    note: "丁寧でした".into(),
                },
            ));
        }
        evs
    }

    #[test]
    fn a_mark_counts_as_the_folded_track_record_does_and_adds_the_review() {
        let state = fold(&history(Some(4))).state;
        let mark = EngagementTrack::of(&state);
        let e = EngagementId::from("e1");
        let from_marks = track_from_marks([(&e, "0000000000021", mark)]);
        let folded = track_record(&ResidentId::from("r1"), [&state]);
        assert_eq!(from_marks, folded);
        assert_eq!(from_marks.finished, 1);
        assert_eq!(from_marks.renewed, 1);
        assert_eq!(
            (from_marks.checkins_on_time, from_marks.checkins_total),
            (1, 1)
        );
        assert_eq!(from_marks.reviews, 1);
        assert_eq!(from_marks.average_rating(), Some(4.0));
    }

    #[test]
    fn only_the_latest_mark_of_an_engagement_counts() {
        let before = EngagementTrack::of(&fold(&history(None)).state);
        let after = EngagementTrack::of(&fold(&history(Some(5))).state);
        let (e1, e2) = (EngagementId::from("e1"), EngagementId::from("e2"));
        // Listed in any order: the later event id wins for e1; e2 adds its own.
        let t = track_from_marks([
            (&e1, "0000000000021-b", after),
            (&e2, "0000000000005-a", before),
            (&e1, "0000000000020-a", before),
        ]);
        assert_eq!(t.finished, 2);
        assert_eq!(t.reviews, 1);
        assert_eq!(t.rating_total, 5);
        assert_eq!(t.average_rating(), Some(5.0));
    }

    #[test]
    fn a_review_changes_the_card_track_and_averages_round_to_one_decimal() {
        let brought = TrackRecord {
            finished: 2,
            reviews: 2,
            rating_total: 7,
            ..TrackRecord::default()
        };
        let e = EngagementId::from("e1");
        let before = card_track(
            brought,
            track_from_marks([(&e, "1", EngagementTrack::of(&fold(&history(None)).state))]),
        );
        let after = card_track(
            brought,
            track_from_marks([(&e, "2", EngagementTrack::of(&fold(&history(Some(5))).state))]),
        );
        assert_eq!(before.reviews, 2);
        assert_eq!(after.reviews, 3);
        assert_eq!(after.average_rating(), Some(4.0));
        assert_eq!(before.average_rating(), Some(3.5));
        assert_eq!(TrackRecord::default().average_rating(), None);
    }

    #[test]
    fn old_marks_and_records_without_the_new_fields_still_read() {
        let t: TrackRecord = serde_json::from_str(
            r#"{"finished":1,"renewed":0,"active":0,"checkins_on_time":2,"checkins_total":3}"#,
        )
        .expect("old track record");
        assert_eq!((t.reviews, t.rating_total), (0, 0));
        let m: EngagementTrack = serde_json::from_str(r#"{"f":true}"#).expect("partial mark");
        assert!(m.finished && m.rating.is_none());
    }

    #[test]
    fn identity_input_takes_only_a_document_kind() {
        let ok = IdentityCheckInput {
            method: "my_number_card".into(),
        };
        assert_eq!(ok.validate(), Ok(IdentityMethod::MyNumberCard));
        let bad = IdentityCheckInput {
            method: "1234-5678".into(),
        };
        let err = bad.validate().expect_err("not a kind");
        assert_eq!(err.0[0].field, "method");
        assert_eq!(err.0[0].code, ErrorCode::InvalidChoice);
        let empty = IdentityCheckInput::default().validate().expect_err("empty");
        assert_eq!(empty.0[0].code, ErrorCode::Required);
        // The stored record has no field that could hold a document number or a name.
        let rec = IdentityCheck {
            resident: ResidentId::from("r1"),
            method: IdentityMethod::Passport,
            by: UserId::from("hub-1"),
            at: DateTime::<Utc>::from_timestamp(0, 0).unwrap_or_default(),
        };
        let json = serde_json::to_value(&rec).expect("json");
        let fields: Vec<&String> = json
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert_eq!(fields, ["at", "by", "method", "resident"]);
    }

    #[test]
    fn a_residents_trust_lists_checks_newest_first_and_each_kind_has_its_wire_name() {
        let at = |secs: i64| DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default();
        let check = |method, secs| IdentityCheck {
            resident: ResidentId::from("r1"),
            method,
            by: UserId::from("hub-1"),
            at: at(secs),
        };
        let trust = ResidentTrust::new(
            vec![
                check(IdentityMethod::Passport, 10),
                check(IdentityMethod::MyNumberCard, 30),
            ],
            true,
        );
        assert!(trust.identity_verified() && trust.security_course);
        let order: Vec<IdentityMethod> = trust.identity_checks.iter().map(|c| c.method).collect();
        assert_eq!(
            order,
            [IdentityMethod::MyNumberCard, IdentityMethod::Passport]
        );
        assert!(!ResidentTrust::new(Vec::new(), false).identity_verified());
        // The form sends `as_str`; the server reads serde's name: they must be the same.
        for m in IdentityMethod::ALL {
            assert_eq!(
                serde_json::to_value(m).expect("json"),
                serde_json::json!(m.as_str())
            );
        }
    }

    #[test]
    fn trust_filter_admits_by_both_facts() {
        let (a, b) = (ResidentId::from("a"), ResidentId::from("b"));
        let trust = Trust {
            identity: [a.clone(), b.clone()].into(),
            security: [a.clone()].into(),
        };
        let both = TrustFilter {
            identity_only: true,
            security_only: true,
        };
        assert!(trust.admits(both, &a));
        assert!(!trust.admits(both, &b));
        assert!(trust.admits(TrustFilter::default(), &ResidentId::from("c")));
        assert!(trust.admits(
            TrustFilter {
                identity_only: true,
                security_only: false
            },
            &b
        ));
    }
}
