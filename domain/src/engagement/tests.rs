use super::*;
use chrono::TimeZone;
use proptest::prelude::*;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0)
        .single()
        .expect("valid time")
}

fn day(d: i64) -> DateTime<Utc> {
    t0() + TimeDelta::days(d)
}

fn user_of(role: Role) -> UserId {
    UserId(format!("{role:?}").to_lowercase())
}

fn ev_at(id: &str, at: DateTime<Utc>, role: Role, kind: EventKind) -> EngagementEvent {
    EngagementEvent {
        id: EventId::from(id),
        engagement_id: EngagementId::from("e1"),
        at,
        actor: Actor {
            user: user_of(role),
            role,
        },
        kind,
    }
}

fn ev(id: &str, d: i64, role: Role, kind: EventKind) -> EngagementEvent {
    ev_at(id, day(d), role, kind)
}

fn proposed(needs_terms: bool) -> EventKind {
    EventKind::Proposed {
        job: JobId::from("j1"),
        company: CompanyId::from("c1"),
        resident: ResidentId::from("r1"),
        needs_terms,
        hours_per_week: 10,
    }
}

fn interest(side: Side) -> EventKind {
    EventKind::InterestShown { side }
}

fn checkin(hours: u32) -> EventKind {
    EventKind::CheckIn {
        mood: 4,
        hours_worked: hours,
        note: "順調".into(),
        follow_up: None,
        with: CheckInWith::Both,
        shared_with_company: false,
        next_on: None,
    }
}

fn cancelled() -> EventKind {
    EventKind::Cancelled {
        reason: "家庭の事情".into(),
    }
}

/// Proposed (day 0), both interests (days 1, 2), trial (day 3).
fn up_to_trial() -> Vec<EngagementEvent> {
    vec![
        ev("a0", 0, Role::Hub, proposed(false)),
        ev("a1", 1, Role::Resident, interest(Side::Resident)),
        ev("a2", 2, Role::Company, interest(Side::Company)),
        ev(
            "a3",
            3,
            Role::Hub,
            EventKind::TrialStarted { trial_weeks: 4 },
        ),
    ]
}

fn state_of(events: &[EngagementEvent]) -> EngagementState {
    let f = fold(events);
    assert!(
        f.rejected.is_empty(),
        "unexpected rejections: {:?}",
        f.rejected
    );
    f.state
}

fn code_of(events: &[EngagementEvent], last: EngagementEvent) -> ReasonCode {
    let s = state_of(events);
    apply(&s, &last).expect_err("should be rejected").code
}

#[test]
fn happy_path_through_every_stage() {
    let mut evs = vec![ev("a0", 0, Role::Hub, proposed(false))];
    assert_eq!(state_of(&evs).stage, Stage::Proposed);
    evs.push(ev("a1", 1, Role::Resident, interest(Side::Resident)));
    assert_eq!(
        state_of(&evs).stage,
        Stage::Interest {
            side: Side::Resident
        }
    );
    assert!(!state_of(&evs).contact_revealed());
    evs.push(ev("a2", 2, Role::Company, interest(Side::Company)));
    let s = state_of(&evs);
    assert_eq!(s.stage, Stage::Matched);
    assert_eq!(s.matched_at, Some(day(2)));
    assert!(
        s.contact_revealed(),
        "no terms needed: mutual interest reveals contact"
    );
    evs.push(ev(
        "a3",
        3,
        Role::Company,
        EventKind::TrialStarted { trial_weeks: 4 },
    ));
    let s = state_of(&evs);
    assert_eq!(s.stage, Stage::Trial);
    assert_eq!(s.trial_started_at, Some(day(3)));
    evs.push(ev("a4", 17, Role::Hub, checkin(20)));
    evs.push(ev("a5", 31, Role::Company, EventKind::TrialPassed));
    let s = state_of(&evs);
    assert_eq!(s.stage, Stage::Working);
    assert_eq!(s.working_since, Some(day(31)));
    evs.push(ev("a6", 45, Role::Hub, checkin(35)));
    evs.push(ev(
        "a7",
        80,
        Role::Company,
        EventKind::Renewed { weeks: 12 },
    ));
    let s = state_of(&evs);
    assert_eq!(s.stage, Stage::Renewed);
    assert_eq!((s.renewals, s.renewed_weeks), (1, 12));
    evs.push(ev("a8", 87, Role::Hub, checkin(40)));
    evs.push(ev("a9", 90, Role::Hub, EventKind::Renewed { weeks: 8 }));
    evs.push(ev("b0", 150, Role::Hub, EventKind::Completed));
    evs.push(ev(
        "b1",
        151,
        Role::Company,
        EventKind::Review {
            rating: 5,
            note: "助かりました".into(),
        },
    ));
    evs.push(ev(
        "b2",
        152,
        Role::Hub,
        EventKind::Note {
            text: "引き継ぎ済み".into(),
        },
    ));
    let s = state_of(&evs);
    assert_eq!(s.stage, Stage::Completed);
    assert_eq!(s.ended_at, Some(day(150)));
    assert_eq!(s.renewals, 2);
    assert_eq!(s.first_renewed_at, Some(day(80)));
    assert_eq!(s.hours_worked(), 95);
    assert_eq!(s.last_checkin(), Some(day(87)));
    assert_eq!(s.last_activity, Some(day(152)));
    assert_eq!(s.review.as_ref().map(|r| r.rating), Some(5));
    assert_eq!(s.notes.len(), 1);
    assert!(s.contact_revealed());
}

#[test]
fn interest_in_either_order_matches_at_the_later_time() {
    let a = [
        ev("a0", 0, Role::Hub, proposed(false)),
        ev("a1", 1, Role::Company, interest(Side::Company)),
        ev("a2", 5, Role::Resident, interest(Side::Resident)),
    ];
    let s = state_of(&a);
    assert_eq!(s.stage, Stage::Matched);
    assert_eq!(s.matched_at, Some(day(5)));
    assert_eq!(s.company_interest_at, Some(day(1)));
}

#[test]
fn simultaneous_interests_commute() {
    let r = ev("x-r", 1, Role::Resident, interest(Side::Resident));
    let c = ev("x-c", 1, Role::Company, interest(Side::Company));
    let p = ev("a0", 0, Role::Hub, proposed(false));
    let one = fold(&[p.clone(), r.clone(), c.clone()]);
    let two = fold(&[c, r, p]);
    assert_eq!(one, two);
    assert!(one.rejected.is_empty());
    assert_eq!(one.state.stage, Stage::Matched);
}

#[test]
fn the_same_side_cannot_show_interest_twice() {
    let evs = [
        ev("a0", 0, Role::Hub, proposed(false)),
        ev("a1", 1, Role::Resident, interest(Side::Resident)),
    ];
    let again = ev("a2", 2, Role::Resident, interest(Side::Resident));
    assert_eq!(code_of(&evs, again), ReasonCode::AlreadyShown);
    let after_trial = ev("z", 9, Role::Resident, interest(Side::Resident));
    assert_eq!(
        code_of(&up_to_trial(), after_trial),
        ReasonCode::AlreadyShown
    );
}

#[test]
fn each_side_shows_only_its_own_interest() {
    let evs = [ev("a0", 0, Role::Hub, proposed(false))];
    let resident_for_company = ev("a1", 1, Role::Resident, interest(Side::Company));
    assert_eq!(code_of(&evs, resident_for_company), ReasonCode::WrongSide);
    let company_for_resident = ev("a1", 1, Role::Company, interest(Side::Resident));
    assert_eq!(code_of(&evs, company_for_resident), ReasonCode::WrongSide);
    let hub_for_resident = ev("a1", 1, Role::Hub, interest(Side::Resident));
    assert_eq!(code_of(&evs, hub_for_resident), ReasonCode::RoleNotAllowed);
}

fn sample_kinds() -> Vec<EventKind> {
    vec![
        proposed(false),
        interest(Side::Resident),
        interest(Side::Company),
        EventKind::accept_terms(1),
        EventKind::TrialStarted { trial_weeks: 4 },
        EventKind::TrialPassed,
        checkin(5),
        EventKind::Paused {
            reason: "体調".into(),
        },
        EventKind::Resumed,
        EventKind::Completed,
        EventKind::Renewed { weeks: 4 },
        cancelled(),
        EventKind::Note {
            text: "メモ".into(),
        },
        EventKind::Review {
            rating: 4,
            note: String::new(),
        },
    ]
}

const ROLES: [Role; 6] = [
    Role::Resident,
    Role::Company,
    Role::Hub,
    Role::Municipality,
    Role::Admin,
    Role::System,
];

#[test]
fn roles_outside_the_table_are_refused_whatever_the_stage() {
    let states = [EngagementState::default(), state_of(&up_to_trial())];
    for kind in sample_kinds() {
        for role in ROLES {
            if allowed_roles(&kind).contains(&role) {
                continue;
            }
            for s in &states {
                let e = apply(s, &ev("zz", 50, role, kind.clone())).expect_err("refused");
                assert!(
                    matches!(e.code, ReasonCode::RoleNotAllowed | ReasonCode::WrongSide),
                    "{kind:?} by {role:?}: {e:?}"
                );
            }
        }
    }
    for kind in sample_kinds() {
        assert!(
            !allowed_roles(&kind).contains(&Role::Municipality),
            "municipality only reads"
        );
    }
}

#[test]
fn role_table_matches_the_brief() {
    use Role::*;
    let k = sample_kinds();
    assert_eq!(allowed_roles(&k[0]), &[Hub, System]);
    assert_eq!(allowed_roles(&k[1]), &[Resident]);
    assert_eq!(allowed_roles(&k[2]), &[Company]);
    assert_eq!(allowed_roles(&k[3]), &[Resident]);
    assert_eq!(allowed_roles(&k[6]), &[Hub]);
    assert_eq!(allowed_roles(&k[7]), &[Hub]);
    assert_eq!(allowed_roles(&k[13]), &[Company]);
}

#[test]
fn confidentiality_terms_gate_contact_and_trial() {
    let mut evs = vec![
        ev("a0", 0, Role::Hub, proposed(true)),
        ev("a1", 1, Role::Resident, interest(Side::Resident)),
        ev("a2", 2, Role::Company, interest(Side::Company)),
    ];
    let s = state_of(&evs);
    assert_eq!(s.stage, Stage::Matched);
    assert!(!s.contact_revealed());
    let trial = ev(
        "a4",
        4,
        Role::Hub,
        EventKind::TrialStarted { trial_weeks: 2 },
    );
    assert_eq!(code_of(&evs, trial.clone()), ReasonCode::TermsNotAccepted);
    evs.push(ev("a3", 3, Role::Resident, EventKind::accept_terms(2)));
    let s = state_of(&evs);
    assert!(s.contact_revealed());
    assert_eq!(s.terms_version, Some(2));
    evs.push(trial);
    assert_eq!(state_of(&evs).stage, Stage::Trial);
    let older = ev("a5", 5, Role::Resident, EventKind::accept_terms(1));
    assert_eq!(code_of(&evs, older), ReasonCode::AlreadyAccepted);
    evs.push(ev("a6", 6, Role::Resident, EventKind::accept_terms(3)));
    let s = state_of(&evs);
    assert_eq!(
        (s.terms_version, s.terms_accepted_at),
        (Some(3), Some(day(3)))
    );
    assert_eq!(s.terms_version_accepted_at, Some(day(6)));
}

#[test]
fn terms_may_be_accepted_before_interest() {
    let evs = [
        ev("a0", 0, Role::Hub, proposed(true)),
        ev("a1", 1, Role::Resident, EventKind::accept_terms(1)),
        ev("a2", 2, Role::Company, interest(Side::Company)),
        ev("a3", 3, Role::Resident, interest(Side::Resident)),
    ];
    assert!(state_of(&evs).contact_revealed());
}

#[test]
fn nothing_before_the_proposal_and_only_one_proposal() {
    let early = ev("a1", 1, Role::Resident, interest(Side::Resident));
    let e = apply(&EngagementState::default(), &early).expect_err("no proposal");
    assert_eq!(e.code, ReasonCode::NotProposed);
    assert!(!e.message.ja.is_empty() && !e.message.en.is_empty());
    let evs = [ev("a0", 0, Role::Hub, proposed(false))];
    assert_eq!(
        code_of(&evs, ev("a1", 1, Role::System, proposed(false))),
        ReasonCode::AlreadyProposed
    );
    let mut other = ev("a2", 2, Role::Hub, EventKind::Note { text: "x".into() });
    other.engagement_id = EngagementId::from("e2");
    assert_eq!(code_of(&evs, other), ReasonCode::OtherEngagement);
}

#[test]
fn events_out_of_their_stage_are_refused() {
    let proposed_only = [ev("a0", 0, Role::Hub, proposed(false))];
    let cases = [
        (EventKind::TrialStarted { trial_weeks: 4 }, Role::Hub),
        (EventKind::TrialPassed, Role::Hub),
        (checkin(3), Role::Hub),
        (EventKind::Paused { reason: "r".into() }, Role::Hub),
        (EventKind::Resumed, Role::Hub),
        (EventKind::Completed, Role::Company),
        (EventKind::Renewed { weeks: 4 }, Role::Company),
        (
            EventKind::Review {
                rating: 3,
                note: String::new(),
            },
            Role::Company,
        ),
    ];
    for (kind, role) in cases {
        let code = code_of(&proposed_only, ev("z", 5, role, kind.clone()));
        assert_eq!(code, ReasonCode::NotAllowedInStage, "{kind:?}");
    }
    // In trial: no renewal before the trial passed, no second trial, no resume.
    let trial = up_to_trial();
    for kind in [
        EventKind::Renewed { weeks: 4 },
        EventKind::TrialStarted { trial_weeks: 4 },
        EventKind::Resumed,
    ] {
        let code = code_of(&trial, ev("z", 9, Role::Hub, kind.clone()));
        assert_eq!(code, ReasonCode::NotAllowedInStage, "{kind:?}");
    }
    // A completed trial (short job) is allowed.
    let mut done = trial.clone();
    done.push(ev("z", 9, Role::Company, EventKind::Completed));
    assert_eq!(state_of(&done).stage, Stage::Completed);
}

#[test]
fn ended_engagements_take_only_notes_and_one_review() {
    let mut evs = up_to_trial();
    evs.push(ev("b0", 10, Role::Resident, cancelled()));
    let s = state_of(&evs);
    assert_eq!(s.stage, Stage::Cancelled);
    assert_eq!(s.cancelled_by, Some(Role::Resident));
    assert_eq!(s.cancel_reason.as_deref(), Some("家庭の事情"));
    assert_eq!(
        code_of(&evs, ev("b1", 11, Role::Hub, checkin(1))),
        ReasonCode::AlreadyEnded
    );
    assert_eq!(
        code_of(&evs, ev("b1", 11, Role::Hub, cancelled())),
        ReasonCode::AlreadyEnded
    );
    let review = EventKind::Review {
        rating: 4,
        note: String::new(),
    };
    assert_eq!(
        code_of(&evs, ev("b1", 11, Role::Company, review.clone())),
        ReasonCode::NotAllowedInStage
    );
    evs.push(ev(
        "b2",
        12,
        Role::Hub,
        EventKind::Note {
            text: "次回に活かす".into(),
        },
    ));
    assert_eq!(state_of(&evs).notes.len(), 1);

    let mut done = up_to_trial();
    done.push(ev("c0", 10, Role::Hub, EventKind::Completed));
    done.push(ev("c1", 11, Role::Company, review.clone()));
    assert_eq!(
        code_of(&done, ev("c2", 12, Role::Company, review)),
        ReasonCode::AlreadyReviewed
    );
}

#[test]
fn invalid_values_are_refused() {
    let trial = up_to_trial();
    let bad = [
        EventKind::CheckIn {
            mood: 0,
            hours_worked: 1,
            note: String::new(),
            follow_up: None,
            with: CheckInWith::Resident,
            shared_with_company: false,
            next_on: None,
        },
        EventKind::CheckIn {
            mood: 6,
            hours_worked: 1,
            note: String::new(),
            follow_up: None,
            with: CheckInWith::Resident,
            shared_with_company: false,
            next_on: None,
        },
        checkin(MAX_CHECKIN_HOURS + 1),
        EventKind::Paused {
            reason: "  ".into(),
        },
        EventKind::Cancelled {
            reason: String::new(),
        },
        EventKind::Note { text: "\n".into() },
    ];
    for kind in bad {
        assert_eq!(
            code_of(&trial, ev("z", 9, Role::Hub, kind.clone())),
            ReasonCode::InvalidValue,
            "{kind:?}"
        );
    }
    let matched = &trial[..3];
    for weeks in [0, MAX_TRIAL_WEEKS + 1] {
        let kind = EventKind::TrialStarted { trial_weeks: weeks };
        assert_eq!(
            code_of(matched, ev("z", 9, Role::Hub, kind)),
            ReasonCode::InvalidValue
        );
    }
    let mut working = trial.clone();
    working.push(ev("a4", 30, Role::Hub, EventKind::TrialPassed));
    for weeks in [0, MAX_RENEWAL_WEEKS + 1] {
        let kind = EventKind::Renewed { weeks };
        assert_eq!(
            code_of(&working, ev("z", 40, Role::Hub, kind)),
            ReasonCode::InvalidValue
        );
    }
}

#[test]
fn schedule_is_2_6_12_then_quarterly() {
    let weeks: Vec<u64> = (0..7).map(checkin_offset_weeks).collect();
    assert_eq!(weeks, [2, 6, 12, 25, 38, 51, 64]);
}

#[test]
fn next_checkin_moves_forward_as_checkins_are_recorded() {
    // Trial starts on day 3, so slots are due on days 3+14, 3+42, 3+84, 3+175, 3+266.
    let mut evs = up_to_trial();
    assert_eq!(next_checkin_due(&state_of(&evs)), Some(day(17)));
    evs.push(ev("c1", 16, Role::Hub, checkin(8)));
    assert_eq!(next_checkin_due(&state_of(&evs)), Some(day(45)));
    evs.push(ev("c2", 45, Role::Hub, checkin(8)));
    assert_eq!(next_checkin_due(&state_of(&evs)), Some(day(87)));
    evs.push(ev("c3", 80, Role::Hub, checkin(8)));
    assert_eq!(next_checkin_due(&state_of(&evs)), Some(day(178)));
    evs.push(ev("c4", 181, Role::Hub, checkin(8)));
    let s = state_of(&evs);
    assert_eq!(next_checkin_due(&s), Some(day(269)));
    assert_eq!(s.slots_on_time(), (4, 4));
    // An extra check-in right after does not move the schedule or count.
    evs.push(ev("c5", 182, Role::Hub, checkin(1)));
    let s = state_of(&evs);
    assert_eq!(next_checkin_due(&s), Some(day(269)));
    assert_eq!(s.checkins.last().map(|c| c.slots_satisfied), Some(0));
    assert_eq!(s.slots_on_time(), (4, 4));
}

#[test]
fn late_checkins_count_late_and_catch_up() {
    // Trial day 3; first check-in on day 90: slots of days 17, 45 late, 87 on time.
    let mut evs = up_to_trial();
    evs.push(ev("c1", 90, Role::Hub, checkin(100)));
    let s = state_of(&evs);
    let c = s.checkins.last().expect("check-in");
    assert_eq!((c.slots_satisfied, c.slots_on_time), (3, 1));
    assert_eq!(next_checkin_due(&s), Some(day(178)));
    // Just past the grace (3 days) is late.
    let mut evs = up_to_trial();
    evs.push(ev_at(
        "c1",
        day(20) + TimeDelta::seconds(1),
        Role::Hub,
        checkin(1),
    ));
    let c = state_of(&evs).checkins[0].clone();
    assert_eq!((c.slots_satisfied, c.slots_on_time), (1, 0));
    // Exactly at the end of the grace is on time.
    let mut evs = up_to_trial();
    evs.push(ev("c1", 20, Role::Hub, checkin(1)));
    let c = state_of(&evs).checkins[0].clone();
    assert_eq!((c.slots_satisfied, c.slots_on_time), (1, 1));
    // Earlier than a week before the first slot is an extra check-in.
    let mut evs = up_to_trial();
    evs.push(ev("c1", 9, Role::Hub, checkin(1)));
    let s = state_of(&evs);
    assert_eq!(s.checkins[0].slots_satisfied, 0);
    assert_eq!(next_checkin_due(&s), Some(day(17)));
}

#[test]
fn overdue_after_the_grace_period() {
    let evs = up_to_trial();
    let s = state_of(&evs);
    assert!(!is_overdue(&s, day(17)));
    assert!(!is_overdue(&s, day(20)));
    assert!(is_overdue(&s, day(20) + TimeDelta::seconds(1)));
    let matched = state_of(&evs[..3]);
    assert!(
        !is_overdue(&matched, day(400)),
        "no schedule before the trial"
    );
    assert_eq!(next_checkin_due(&matched), None);
}

#[test]
fn pause_holds_the_schedule_and_resume_shifts_it() {
    let mut evs = up_to_trial();
    evs.push(ev(
        "p1",
        10,
        Role::Hub,
        EventKind::Paused {
            reason: "入院".into(),
        },
    ));
    let s = state_of(&evs);
    assert_eq!(
        s.stage,
        Stage::Paused {
            resume_to: Running::Trial
        }
    );
    assert_eq!(next_checkin_due(&s), None);
    assert!(!is_overdue(&s, day(100)));
    assert!(
        !is_stalled(&s, day(100), 14),
        "paused is waiting, not stalled"
    );
    assert_eq!(pipeline_column(&s), Some(PipelineStage::Trial));
    assert_eq!(
        code_of(&evs, ev("p2", 11, Role::Hub, checkin(1))),
        ReasonCode::NotAllowedInStage
    );
    evs.push(ev("p2", 24, Role::Hub, EventKind::Resumed));
    let s = state_of(&evs);
    assert_eq!(s.stage, Stage::Trial);
    assert_eq!(next_checkin_due(&s), Some(day(17 + 14)));
    assert_eq!(s.pauses, 1);
    // Can be completed while paused.
    evs.push(ev(
        "p3",
        30,
        Role::Hub,
        EventKind::Paused {
            reason: "繁忙期".into(),
        },
    ));
    evs.push(ev("p4", 31, Role::Company, EventKind::Completed));
    assert_eq!(state_of(&evs).stage, Stage::Completed);
}

#[test]
fn stalled_when_nothing_happens_for_n_days_while_active() {
    let evs = [ev("a0", 0, Role::Hub, proposed(false))];
    let s = state_of(&evs);
    assert!(!is_stalled(&s, day(13), 14));
    assert!(is_stalled(&s, day(14), 14));
    let mut working = up_to_trial();
    working.push(ev("c1", 17, Role::Hub, checkin(10)));
    let s = state_of(&working);
    assert!(!is_stalled(&s, day(30), 14));
    assert!(is_stalled(&s, day(31), 14));
    working.push(ev("x", 20, Role::Resident, cancelled()));
    assert!(
        !is_stalled(&state_of(&working), day(300), 14),
        "ended is not stalled"
    );
}

#[test]
fn trial_decision_is_due_after_the_planned_trial() {
    let s = state_of(&up_to_trial());
    assert_eq!(s.trial_ends_at(), Some(day(31)));
    assert!(!trial_decision_due(&s, day(30)));
    assert!(trial_decision_due(&s, day(31)));
}

#[test]
fn a_late_invalid_event_does_not_destroy_the_state() {
    let mut evs = up_to_trial();
    evs.push(ev("b0", 10, Role::Company, cancelled()));
    let before = state_of(&evs);
    evs.push(ev("b1", 11, Role::Company, EventKind::TrialPassed));
    evs.push(ev("b2", 2, Role::Resident, interest(Side::Resident)));
    let f = fold(&evs);
    assert_eq!(f.state, before);
    let codes: Vec<_> = f.rejected.iter().map(|r| r.error.code).collect();
    assert_eq!(codes, [ReasonCode::AlreadyShown, ReasonCode::AlreadyEnded]);
    assert_eq!(
        f.rejected[0].event.id,
        EventId::from("b2"),
        "rejections in fold order"
    );
}

#[test]
fn fold_is_deterministic_and_handles_duplicates() {
    let mut evs = up_to_trial();
    evs.push(ev("c1", 17, Role::Hub, checkin(10)));
    let a = fold(&evs);
    let mut rev = evs.clone();
    rev.reverse();
    assert_eq!(fold(&rev), a);
    // An exact copy (the same KV value read twice) is dropped silently.
    let mut dup = evs.clone();
    dup.push(evs[4].clone());
    assert_eq!(fold(&dup), a);
    // Same id, other content: rejected.
    let mut clash = evs.clone();
    clash.push(ev("c1", 18, Role::Hub, checkin(99)));
    let f = fold(&clash);
    assert_eq!(f.state, a.state);
    assert_eq!(f.rejected.len(), 1);
    assert_eq!(f.rejected[0].error.code, ReasonCode::DuplicateEvent);
}

#[test]
fn fold_all_groups_by_engagement() {
    let mut evs = up_to_trial();
    let mut other = ev("o0", 0, Role::System, proposed(false));
    other.engagement_id = EngagementId::from("e2");
    evs.push(other);
    let all = fold_all(&evs);
    assert_eq!(all.len(), 2);
    assert_eq!(all[&EngagementId::from("e1")].state.stage, Stage::Trial);
    assert_eq!(all[&EngagementId::from("e2")].state.stage, Stage::Proposed);
}

#[test]
fn pipeline_columns() {
    let mut evs = vec![ev("a0", 0, Role::Hub, proposed(false))];
    assert_eq!(pipeline_column(&EngagementState::default()), None);
    let steps: Vec<(EngagementEvent, PipelineStage)> = vec![
        (
            ev("a1", 1, Role::Resident, interest(Side::Resident)),
            PipelineStage::Interest,
        ),
        (
            ev("a2", 2, Role::Company, interest(Side::Company)),
            PipelineStage::Matched,
        ),
        (
            ev(
                "a3",
                3,
                Role::Hub,
                EventKind::TrialStarted { trial_weeks: 2 },
            ),
            PipelineStage::Trial,
        ),
        (
            ev("a4", 17, Role::Hub, EventKind::TrialPassed),
            PipelineStage::Working,
        ),
        (
            ev("a5", 40, Role::Hub, EventKind::Renewed { weeks: 4 }),
            PipelineStage::Renewed,
        ),
        (
            ev("a6", 70, Role::Hub, EventKind::Completed),
            PipelineStage::Ended,
        ),
    ];
    assert_eq!(
        pipeline_column(&state_of(&evs)),
        Some(PipelineStage::Proposed)
    );
    for (e, col) in steps {
        evs.push(e);
        assert_eq!(pipeline_column(&state_of(&evs)), Some(col));
    }
}

#[test]
fn track_record_counts_finished_renewed_active_and_checkins() {
    let r1 = ResidentId::from("r1");
    let mut done = up_to_trial();
    done.push(ev("c1", 17, Role::Hub, checkin(10)));
    done.push(ev("c2", 30, Role::Hub, EventKind::TrialPassed));
    done.push(ev("c3", 50, Role::Hub, checkin(10))); // slot of day 45: late
    done.push(ev("c4", 60, Role::Company, EventKind::Renewed { weeks: 8 }));
    done.push(ev("c5", 120, Role::Hub, EventKind::Completed));
    let running = up_to_trial();
    let mut paused = up_to_trial();
    paused.push(ev(
        "p",
        5,
        Role::Hub,
        EventKind::Paused {
            reason: "休み".into(),
        },
    ));
    let mut someone_else = up_to_trial();
    someone_else[0].kind = EventKind::Proposed {
        job: JobId::from("j1"),
        company: CompanyId::from("c1"),
        resident: ResidentId::from("r2"),
        needs_terms: false,
        hours_per_week: 5,
    };
    let states = [
        state_of(&done),
        state_of(&running),
        state_of(&paused),
        state_of(&someone_else),
    ];
    let t = track_record(&r1, &states);
    assert_eq!(
        t,
        TrackRecord {
            finished: 1,
            renewed: 1,
            active: 1,
            checkins_on_time: 1,
            checkins_total: 2,
            ..TrackRecord::default()
        }
    );
}

#[test]
fn events_round_trip_through_json() {
    let e = ev("a1", 1, Role::Resident, interest(Side::Resident));
    let json = serde_json::to_string(&e).expect("serialize");
    assert!(
        json.contains(r#""type":"interest_shown","side":"resident""#),
        "{json}"
    );
    assert!(json.contains(r#""role":"resident""#), "{json}");
    let back: EngagementEvent = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, e);
    let f = fold(&up_to_trial());
    let json = serde_json::to_string(&f).expect("serialize folded");
    let back: Folded = serde_json::from_str(&json).expect("deserialize folded");
    assert_eq!(back, f);
    let err = apply(&EngagementState::default(), &e).expect_err("no proposal");
    assert_eq!(
        err.to_string(),
        "not_proposed: This engagement has not been proposed yet."
    );
}

// ---------------------------------------------------------------- properties

fn arb_role() -> impl Strategy<Value = Role> {
    prop::sample::select(ROLES.to_vec())
}

fn arb_kind() -> impl Strategy<Value = EventKind> {
    let side = prop_oneof![Just(Side::Resident), Just(Side::Company)];
    let with = prop_oneof![
        Just(CheckInWith::Resident),
        Just(CheckInWith::Company),
        Just(CheckInWith::Both)
    ];
    prop_oneof![
        (any::<bool>(), 0u32..50).prop_map(|(needs_terms, hours_per_week)| EventKind::Proposed {
            job: JobId::from("j1"),
            company: CompanyId::from("c1"),
            resident: ResidentId::from("r1"),
            needs_terms,
            hours_per_week,
        }),
        side.prop_map(|side| EventKind::InterestShown { side }),
        (0u32..4).prop_map(EventKind::accept_terms),
        (0u32..30).prop_map(|trial_weeks| EventKind::TrialStarted { trial_weeks }),
        Just(EventKind::TrialPassed),
        (0u8..7, 0u32..1000, with, any::<bool>()).prop_map(|(mood, hours_worked, with, f)| {
            EventKind::CheckIn {
                mood,
                hours_worked,
                note: String::new(),
                follow_up: f.then(|| "電話する".to_owned()),
                with,
                shared_with_company: f,
                next_on: None,
            }
        }),
        "[ a]{0,2}".prop_map(|reason| EventKind::Paused { reason }),
        Just(EventKind::Resumed),
        Just(EventKind::Completed),
        (0u32..120).prop_map(|weeks| EventKind::Renewed { weeks }),
        "[ a]{0,2}".prop_map(|reason| EventKind::Cancelled { reason }),
        "[ a]{0,2}".prop_map(|text| EventKind::Note { text }),
        (0u8..7).prop_map(|rating| EventKind::Review {
            rating,
            note: String::new()
        }),
    ]
}

fn arb_event() -> impl Strategy<Value = EngagementEvent> {
    (
        "[a-d][0-9]",
        prop_oneof![Just("e1"), Just("e1"), Just("e1"), Just("e2")],
        -5i64..400,
        arb_role(),
        arb_kind(),
    )
        .prop_map(|(id, eng, d, role, kind)| EngagementEvent {
            id: EventId(id),
            engagement_id: EngagementId::from(eng),
            at: day(d),
            actor: Actor {
                user: user_of(role),
                role,
            },
            kind,
        })
}

/// Arbitrary events, mostly well-formed: a proposal first, so that later events get exercised.
fn arb_history() -> impl Strategy<Value = Vec<EngagementEvent>> {
    (any::<bool>(), prop::collection::vec(arb_event(), 0..40)).prop_map(|(lead, mut evs)| {
        if lead {
            evs.insert(0, ev("00", -10, Role::Hub, proposed(false)));
        }
        evs
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fold_never_panics_and_ignores_input_order(
        (evs, shuffled) in arb_history().prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
        now in -5i64..800,
    ) {
        let a = fold(&evs);
        let b = fold(&shuffled);
        prop_assert_eq!(&a, &b);
        // Every input event is applied, dropped as an exact copy, or rejected.
        let mut unique = evs.clone();
        unique.sort();
        unique.dedup();
        prop_assert!(a.rejected.len() <= unique.len());
        // Derived views never panic either.
        let now = day(now);
        let _ = (next_checkin_due(&a.state), is_overdue(&a.state, now), is_stalled(&a.state, now, 14));
        let _ = (pipeline_column(&a.state), trial_decision_due(&a.state, now), a.state.hours_worked());
        let _ = track_record(&ResidentId::from("r1"), [&a.state]);
    }

    #[test]
    fn rejected_events_leave_the_state_as_if_absent(evs in arb_history()) {
        let f = fold(&evs);
        let rejected: Vec<&EngagementEvent> = f.rejected.iter().map(|r| &r.event).collect();
        let kept: Vec<EngagementEvent> =
            evs.iter().filter(|e| !rejected.contains(e)).cloned().collect();
        let again = fold(&kept);
        prop_assert_eq!(again.state, f.state);
    }

    /// After a proposal, interest from both sides, terms acceptance and notes commute: whatever
    /// the order of their times, the engagement ends matched with the same derived facts.
    #[test]
    fn commuting_events_give_the_same_state(
        times in prop::collection::vec(1i64..30, 5),
        perm in Just((0usize..5).collect::<Vec<_>>()).prop_shuffle(),
        needs_terms in any::<bool>(),
    ) {
        let kinds = [
            (Role::Resident, interest(Side::Resident)),
            (Role::Company, interest(Side::Company)),
            (Role::Resident, EventKind::accept_terms(1)),
            (Role::Hub, EventKind::Note { text: "電話で説明".into() }),
            (Role::Hub, EventKind::Note { text: "資料送付".into() }),
        ];
        let build = |order: &[usize]| {
            let mut evs = vec![ev("p", 0, Role::Hub, proposed(needs_terms))];
            for (i, (role, kind)) in kinds.iter().enumerate() {
                evs.push(ev(&format!("k{i}"), times[order[i]], *role, kind.clone()));
            }
            fold(&evs)
        };
        let identity: Vec<usize> = (0..5).collect();
        let a = build(&identity);
        let b = build(&perm);
        prop_assert!(a.rejected.is_empty() && b.rejected.is_empty());
        prop_assert_eq!(a.state.stage, Stage::Matched);
        prop_assert_eq!(b.state.stage, Stage::Matched);
        prop_assert!(a.state.contact_revealed() && b.state.contact_revealed());
        prop_assert_eq!(a.state.last_activity, b.state.last_activity);
        let matched = |order: &[usize]| times[order[0]].max(times[order[1]]);
        prop_assert_eq!(a.state.matched_at, Some(day(matched(&identity))));
        prop_assert_eq!(b.state.matched_at, Some(day(matched(&perm))));
        prop_assert_eq!(a.state.notes.len(), 2);
        prop_assert_eq!(b.state.notes.len(), 2);
    }

    /// Swapping the two interests' times (same moment or not) gives exactly the same state.
    #[test]
    fn two_interests_swap_exactly(t1 in 1i64..10, t2 in 1i64..10) {
        let p = ev("p", 0, Role::Hub, proposed(false));
        let a = fold(&[
            p.clone(),
            ev("r", t1, Role::Resident, interest(Side::Resident)),
            ev("c", t2, Role::Company, interest(Side::Company)),
        ]);
        let b = fold(&[
            ev("c", t2, Role::Company, interest(Side::Company)),
            ev("r", t1, Role::Resident, interest(Side::Resident)),
            p,
        ]);
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.state.stage, Stage::Matched);
        prop_assert_eq!(a.state.matched_at, Some(day(t1.max(t2))));
    }
}

#[test]
fn each_side_reads_only_the_check_ins_shared_with_it_and_no_handover_notes() {
    let mut state = state_of(&up_to_trial());
    let record = |with: CheckInWith, note: &str| CheckInRecord {
        at: day(20),
        by: UserId("u-hub".into()),
        mood: 3,
        hours_worked: 5,
        with,
        note: note.into(),
        follow_up: None,
        shared_with_company: true,
        slots_satisfied: 0,
        slots_on_time: 0,
    };
    state.checkins = vec![
        record(CheckInWith::Resident, "resident only"),
        record(CheckInWith::Company, "company only"),
        record(CheckInWith::Both, "both"),
    ];
    state.notes = vec![HandoverNote {
        at: day(21),
        by: UserId("u-hub".into()),
        text: "call in May".into(),
    }];
    let notes_of = |viewer: Viewer| -> Vec<String> {
        state
            .as_seen_by(viewer)
            .checkins
            .into_iter()
            .map(|c| c.note)
            .collect()
    };
    assert_eq!(notes_of(Viewer::Company), ["company only", "both"]);
    assert_eq!(notes_of(Viewer::Resident), ["resident only", "both"]);
    assert_eq!(notes_of(Viewer::Hub).len(), 3);
    assert!(state.as_seen_by(Viewer::Company).notes.is_empty());
    assert!(state.as_seen_by(Viewer::Resident).notes.is_empty());
    assert_eq!(state.as_seen_by(Viewer::Hub).notes.len(), 1);
}

#[test]
fn the_company_reads_a_check_in_note_only_when_the_hub_shared_it() {
    let mut events = up_to_trial();
    let shared = |with: CheckInWith, note: &str, shared_with_company: bool| EventKind::CheckIn {
        mood: 4,
        hours_worked: 3,
        note: note.into(),
        follow_up: Some("来週また電話".into()),
        with,
        shared_with_company,
        next_on: None,
    };
    let n = events.len() as i64;
    for (i, kind) in [
        shared(CheckInWith::Both, "for the company", true),
        shared(CheckInWith::Company, "hub's own", false),
        // Asked to share, but held with the resident alone: the flag does not apply.
        shared(CheckInWith::Resident, "resident only", true),
    ]
    .into_iter()
    .enumerate()
    {
        events.push(ev(&format!("c{i}"), n + i as i64 + 10, Role::Hub, kind));
    }
    let state = state_of(&events);
    assert_eq!(state.checkins.len(), 3);
    assert!(
        !state.checkins[2].shared_with_company,
        "never shared when not held with the company"
    );
    let company: Vec<(String, Option<String>)> = state
        .as_seen_by(Viewer::Company)
        .checkins
        .into_iter()
        .map(|c| (c.note, c.follow_up))
        .collect();
    assert_eq!(
        company,
        [
            (
                "for the company".to_owned(),
                Some("来週また電話".to_owned())
            ),
            (String::new(), None),
        ],
        "the unshared check-in is listed without its note"
    );
    let hub = state.as_seen_by(Viewer::Hub);
    assert_eq!(
        hub.checkins[1].note, "hub's own",
        "the hub reads every note"
    );
}

#[test]
fn a_check_in_stored_before_the_sharing_flag_reads_as_not_shared() {
    let old = r#"{"type":"check_in","mood":3,"hours_worked":4,"note":"古いメモ","follow_up":null,"with":"both"}"#;
    let kind: EventKind = serde_json::from_str(old).expect("old events stay readable");
    assert!(matches!(
        kind,
        EventKind::CheckIn {
            shared_with_company: false,
            next_on: None,
            ..
        }
    ));
}

#[test]
fn pipeline_columns_name_themselves_as_serde_does() {
    // The board's ids and data attributes use `as_str` (the app is built without Debug output).
    for c in PipelineStage::ALL {
        assert_eq!(
            serde_json::to_value(c).ok(),
            Some(serde_json::json!(c.as_str()))
        );
    }
}

#[test]
fn an_export_holds_only_the_events_its_reader_may_see() {
    let note = ev(
        "n",
        1,
        Role::Hub,
        EventKind::Note {
            text: "private handover".into(),
        },
    );
    let checkin = |with, shared| {
        ev(
            "c",
            2,
            Role::Hub,
            EventKind::CheckIn {
                mood: 4,
                hours_worked: 5,
                note: "how it goes".into(),
                follow_up: Some("call".into()),
                with,
                shared_with_company: shared,
                next_on: None,
            },
        )
    };
    let review = ev(
        "r",
        3,
        Role::Company,
        EventKind::Review {
            rating: 2,
            note: "slow, private".into(),
        },
    );
    let resident = user_of(Role::Resident);
    let company = user_of(Role::Company);
    // The resident: no hub notes, no check-ins held with the company alone, no review text,
    // and nobody else's account id.
    assert_eq!(note.as_seen_by(Viewer::Resident, &resident), None);
    assert_eq!(
        checkin(CheckInWith::Company, true).as_seen_by(Viewer::Resident, &resident),
        None
    );
    let seen = checkin(CheckInWith::Resident, false)
        .as_seen_by(Viewer::Resident, &resident)
        .expect("held with the resident");
    assert!(
        seen.actor.user.as_str().is_empty(),
        "the coordinator's account id is not the resident's"
    );
    let r = review
        .as_seen_by(Viewer::Resident, &resident)
        .expect("that a review exists");
    assert!(matches!(r.kind, EventKind::Review { ref note, rating: 2 } if note.is_empty()));
    // The company: its own review in full, no hub notes, unshared check-in notes cleared.
    assert_eq!(note.as_seen_by(Viewer::Company, &company), None);
    assert_eq!(
        review.as_seen_by(Viewer::Company, &company),
        Some(review.clone())
    );
    let c = checkin(CheckInWith::Both, false)
        .as_seen_by(Viewer::Company, &company)
        .expect("with both");
    assert!(
        matches!(c.kind, EventKind::CheckIn { ref note, follow_up: None, .. } if note.is_empty())
    );
    assert_eq!(
        checkin(CheckInWith::Resident, true).as_seen_by(Viewer::Company, &company),
        None
    );
    // The hub: everything.
    assert_eq!(
        note.as_seen_by(Viewer::Hub, &user_of(Role::Hub)),
        Some(note.clone())
    );
}

#[test]
fn a_deleted_persons_free_text_is_erased_and_nothing_else() {
    let checkin = ev(
        "c",
        2,
        Role::Hub,
        EventKind::CheckIn {
            mood: 4,
            hours_worked: 5,
            note: "山田さんは順調".into(),
            follow_up: Some("山田さんに電話".into()),
            with: CheckInWith::Both,
            shared_with_company: true,
            next_on: None,
        },
    );
    let erased = checkin.without_free_text().expect("had text");
    match &erased.kind {
        EventKind::CheckIn {
            note,
            follow_up,
            mood,
            hours_worked,
            ..
        } => {
            assert_eq!(note, ERASED_TEXT);
            assert_eq!(follow_up.as_deref(), Some(ERASED_TEXT));
            assert_eq!((*mood, *hours_worked), (4, 5), "the figures stay");
        }
        other => panic!("still a check-in: {other:?}"),
    }
    assert_eq!(
        erased.without_free_text(),
        None,
        "erasing twice changes nothing"
    );
    for kind in [
        EventKind::Note {
            text: "私的".into(),
        },
        EventKind::Review {
            rating: 3,
            note: "私的".into(),
        },
        EventKind::Paused {
            reason: "私的".into(),
        },
        EventKind::Cancelled {
            reason: "私的".into(),
        },
    ] {
        let e = ev("x", 3, Role::Hub, kind)
            .without_free_text()
            .expect("erased");
        assert!(!format!("{:?}", e.kind).contains("私的"));
    }
    assert_eq!(
        ev("t", 1, Role::Hub, EventKind::TrialPassed).without_free_text(),
        None
    );
}

#[test]
fn contacts_follow_the_jobs_data_level_now_and_the_text_accepted() {
    let evs = vec![
        ev("0", 0, Role::System, proposed(false)),
        ev(
            "1",
            1,
            Role::Resident,
            EventKind::InterestShown {
                side: Side::Resident,
            },
        ),
        ev(
            "2",
            2,
            Role::Company,
            EventKind::InterestShown {
                side: Side::Company,
            },
        ),
    ];
    let s = fold(&evs).state;
    assert!(
        s.contacts_open(false, false),
        "public material: open at mutual interest"
    );
    assert!(
        !s.contacts_open(true, false),
        "the job now holds customers' data: terms first"
    );
    let mut accepted = evs.clone();
    accepted.push(ev("3", 3, Role::Resident, EventKind::accept_terms(1)));
    let s = fold(&accepted).state;
    assert!(s.contacts_open(true, true));
    assert!(
        !s.contacts_open(true, false),
        "the text changed behind the accepted version"
    );
}

#[test]
fn a_trial_needs_the_terms_the_job_needs_now_not_at_opening() {
    // Opened for public material only, then mutual interest: no terms were needed then.
    let s = state_of(&[
        ev("p", 0, Role::System, proposed(false)),
        ev("r", 1, Role::Resident, interest(Side::Resident)),
        ev("c", 2, Role::Company, interest(Side::Company)),
    ]);
    assert_eq!(check_trial_start_terms(&s, false, false), Ok(()));
    // The job was raised to customer data since: the trial waits for the terms.
    let refused = check_trial_start_terms(&s, true, false).expect_err("terms first");
    assert_eq!(refused.code, ReasonCode::TermsNotAccepted);
    assert!(!refused.message.ja.is_empty() && !refused.message.en.is_empty());
}

#[test]
fn free_text_is_kept_five_years_after_the_end() {
    let at = |s: &str| {
        DateTime::parse_from_rfc3339(s)
            .expect("time")
            .with_timezone(&Utc)
    };
    assert_eq!(
        free_text_cutoff(at("2031-04-01T09:00:00Z")),
        at("2026-04-01T09:00:00Z")
    );
    // From a leap day, the same day of the month five years before does not exist: the last one.
    assert_eq!(
        free_text_cutoff(at("2032-02-29T00:00:00Z")),
        at("2027-02-28T00:00:00Z")
    );
}
