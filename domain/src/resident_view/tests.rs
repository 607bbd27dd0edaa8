use super::*;
use crate::engagement::Parties;
use crate::matching::fixtures;
use crate::model::{CompanyId, Level, MunicipalityId, ResidentId, WorkPlace};

fn t(days: i64) -> DateTime<Utc> {
    DateTime::UNIX_EPOCH + TimeDelta::days(20_000 + days)
}

fn brief(id: &str, state: EngagementState) -> EngagementBrief {
    EngagementBrief {
        id: EngagementId::from(id),
        stage: state.stage,
        contact_revealed: false,
        state: EngagementState {
            parties: Some(Parties {
                job: JobId::from("j1"),
                company: CompanyId::from("c1"),
                resident: ResidentId::from("r1"),
            }),
            ..state
        },
    }
}

#[test]
fn company_interest_and_a_match_appear_newest_first() {
    let e = brief(
        "e1",
        EngagementState {
            stage: Stage::Matched,
            resident_interest_at: Some(t(0)),
            company_interest_at: Some(t(1)),
            matched_at: Some(t(2)),
            ..EngagementState::default()
        },
    );
    let items = inbox(&[e], t(3));
    let kinds: Vec<_> = items.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [InboxKind::Matched, InboxKind::CompanyInterested]);
    assert_eq!(items[0].job, Some(JobId::from("j1")));
}

#[test]
fn a_check_in_shows_when_due_within_a_week_and_not_before() {
    // Trial started on day 0: the first check-in is due two weeks later (day 14).
    let e = brief(
        "e1",
        EngagementState {
            stage: Stage::Trial,
            schedule_anchor: Some(t(0)),
            ..EngagementState::default()
        },
    );
    assert!(inbox(std::slice::from_ref(&e), t(1)).is_empty());
    let items = inbox(&[e], t(8));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].kind, InboxKind::CheckInDue);
    assert_eq!(items[0].at, t(14));
}

#[test]
fn items_are_unread_until_the_inbox_is_opened_after_they_appear() {
    let e = brief(
        "e1",
        EngagementState {
            stage: Stage::Matched,
            company_interest_at: Some(t(1)),
            matched_at: Some(t(5)),
            schedule_anchor: Some(t(0)),
            ..EngagementState::default()
        },
    );
    let items = inbox(&[e], t(8));
    assert_eq!(
        unread_count(&items, None),
        items.len(),
        "never opened: all unread"
    );
    // Opened on day 3: the match (day 5) is new, the interest (day 1) was seen.
    let opened = Some(t(3));
    let unread: Vec<_> = items
        .iter()
        .filter(|i| i.is_unread(opened))
        .map(|i| i.kind)
        .collect();
    assert!(unread.contains(&InboxKind::Matched));
    assert!(!unread.contains(&InboxKind::CompanyInterested));
    assert_eq!(
        unread_count(&items, Some(t(8))),
        0,
        "opened after everything appeared"
    );
}

#[test]
fn a_due_check_in_is_new_from_the_day_it_enters_the_notice_window() {
    let due = InboxItem {
        kind: InboxKind::CheckInDue,
        engagement: EngagementId::from("e1"),
        job: None,
        at: t(14),
        text: Localized::new("", ""),
    };
    assert_eq!(due.appeared_at(), t(14 - CHECKIN_NOTICE_DAYS));
    assert!(due.is_unread(Some(t(6))), "opened before the window: new");
    assert!(
        !due.is_unread(Some(t(8))),
        "opened inside the window: seen, though still due"
    );
}

#[test]
fn only_the_residents_own_interest_makes_no_entry() {
    let e = brief(
        "e1",
        EngagementState {
            stage: Stage::Interest {
                side: Side::Resident,
            },
            resident_interest_at: Some(t(0)),
            ..EngagementState::default()
        },
    );
    assert!(inbox(&[e], t(1)).is_empty());
}

#[test]
fn every_stage_has_a_next_step_in_both_languages() {
    for stage in [
        Stage::Proposed,
        Stage::Interest {
            side: Side::Company,
        },
        Stage::Matched,
        Stage::Trial,
        Stage::Completed,
        Stage::Cancelled,
    ] {
        let text = next_step(stage);
        assert!(!text.ja.is_empty() && !text.en.is_empty());
    }
}

#[test]
fn the_list_answer_parses_into_briefs() {
    let state = EngagementState {
        stage: Stage::Matched,
        ..EngagementState::default()
    };
    let json = serde_json::json!({
        "id": "e1", "stage": state.stage, "column": null, "contact_revealed": true,
        "state": state, "rejected": 0
    });
    let b: EngagementBrief = serde_json::from_value(json).expect("parses");
    assert!(b.contact_revealed);
    assert_eq!(b.stage, Stage::Matched);
}
#[test]
fn match_filters_keep_what_they_say() {
    let mut job = fixtures::job("j1", &[("sns.post", Level::Beginner)]);
    assert!(MatchFilter::default().keeps(&job));
    let sns = MatchFilter {
        family: Some("sns".into()),
        ..MatchFilter::default()
    };
    assert!(sns.keeps(&job));
    let data = MatchFilter {
        family: Some("data".into()),
        ..MatchFilter::default()
    };
    assert!(!data.keeps(&job));
    let short = MatchFilter {
        max_hours: Some(4),
        ..MatchFilter::default()
    };
    assert!(!short.keeps(&job));
    let on_site = MatchFilter {
        remote: Some(false),
        ..MatchFilter::default()
    };
    assert!(!on_site.keeps(&job));
    job.place = WorkPlace::OnSite {
        municipality: MunicipalityId::from("m1"),
    };
    assert!(on_site.keeps(&job));
}

#[test]
fn the_terms_link_shows_until_a_version_is_accepted() {
    use crate::engagement::{EngagementState, Stage};
    use crate::model::EngagementId;
    let mut state = EngagementState {
        stage: Stage::Matched,
        needs_terms: true,
        ..EngagementState::default()
    };
    let brief = |state: &EngagementState| EngagementBrief {
        id: EngagementId::from("e1"),
        stage: state.stage,
        contact_revealed: false,
        state: state.clone(),
    };
    assert_eq!(
        terms_to_accept(&brief(&state)).as_deref(),
        Some("/company/engagements/e1/terms")
    );
    state.terms_version = Some(1);
    assert_eq!(terms_to_accept(&brief(&state)), None);
    state.terms_version = None;
    state.needs_terms = false;
    assert_eq!(terms_to_accept(&brief(&state)), None);
    state.needs_terms = true;
    state.stage = Stage::Cancelled;
    assert_eq!(terms_to_accept(&brief(&state)), None);
}
