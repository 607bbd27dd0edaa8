use super::*;
use crate::engagement::{Actor, CheckInWith, EventId, Side};
use crate::matching::Page;
use chrono::TimeZone;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0)
        .single()
        .expect("valid time")
}

fn day(d: i64) -> DateTime<Utc> {
    t0() + TimeDelta::days(d)
}

fn ev(engagement: &str, id: &str, d: i64, role: Role, kind: EventKind) -> EngagementEvent {
    EngagementEvent {
        id: EventId::from(id),
        engagement_id: EngagementId::from(engagement),
        at: day(d),
        actor: Actor {
            user: UserId(format!("{role:?}-{id}").to_lowercase()),
            role,
        },
        kind,
    }
}

/// Proposed on day `d`, matched the next day; a trial on `d + 2` when `trial`.
fn history(engagement: &str, resident: &str, d: i64, trial: bool) -> Vec<EngagementEvent> {
    let mut out = vec![
        ev(
            engagement,
            "a0",
            d,
            Role::Hub,
            EventKind::Proposed {
                job: JobId::from("j1"),
                company: CompanyId::from("c1"),
                resident: ResidentId::from(resident),
                needs_terms: false,
                hours_per_week: 10,
            },
        ),
        ev(
            engagement,
            "a1",
            d + 1,
            Role::Resident,
            EventKind::InterestShown {
                side: Side::Resident,
            },
        ),
        ev(
            engagement,
            "a2",
            d + 1,
            Role::Company,
            EventKind::InterestShown {
                side: Side::Company,
            },
        ),
    ];
    if trial {
        out.push(ev(
            engagement,
            "a3",
            d + 2,
            Role::Hub,
            EventKind::TrialStarted { trial_weeks: 4 },
        ));
    }
    out
}

fn state(events: &[EngagementEvent]) -> EngagementState {
    let f = fold(events);
    assert!(f.rejected.is_empty(), "{:?}", f.rejected);
    f.state
}

fn completed(resident: &str, d: i64) -> CourseFacts {
    CourseFacts {
        resident: ResidentId::from(resident),
        program: ProgramId::from("course-a"),
        enrolled_at: day(d - 30),
        completed_at: Some(day(d)),
    }
}

#[test]
fn a_graduate_without_work_is_idle_after_n_days_only() {
    let courses = [completed("r1", 0)];
    assert!(idle_graduates(&courses, &[], day(29), 30).is_empty());
    let idle = idle_graduates(&courses, &[], day(30), 30);
    assert_eq!(idle.len(), 1);
    assert_eq!(idle[0].resident, ResidentId::from("r1"));
    assert_eq!(idle[0].days_idle, 30);
}

#[test]
fn work_after_the_course_or_running_now_is_not_idle() {
    let courses = [completed("r1", 0), completed("r2", 0)];
    let after = state(&history("e1", "r1", 5, true));
    // r2's trial started before the course and ended: still idle.
    let mut before = history("e2", "r2", -60, true);
    before.push(ev("e2", "a9", -20, Role::Hub, EventKind::Completed));
    let idle = idle_graduates(&courses, &[after, state(&before)], day(40), 30);
    assert_eq!(
        idle.iter().map(|g| g.resident.as_str()).collect::<Vec<_>>(),
        ["r2"]
    );
}

#[test]
fn an_enrolment_without_completion_is_no_graduate() {
    let mut c = completed("r1", 0);
    c.completed_at = None;
    assert!(idle_graduates(&[c], &[], day(100), 30).is_empty());
}

#[test]
fn work_ending_soon_with_nothing_next_is_at_risk() {
    // Trial from day 2, job of 8 weeks: ends on day 58.
    let s = state(&history("e1", "r1", 0, true));
    let id = EngagementId::from("e1");
    assert_eq!(planned_end(&s, 8), Some(day(58)));
    let running = [(id.clone(), &s, 8)];
    assert!(at_risk(&running, std::slice::from_ref(&s), day(30), 21).is_empty());
    let risk = at_risk(&running, std::slice::from_ref(&s), day(40), 21);
    assert_eq!(risk.len(), 1);
    assert_eq!(risk[0].days_left, 18);
    // Something next (another engagement proposed): no longer at risk.
    let next = state(&history("e2", "r1", 39, false));
    assert!(at_risk(&running, &[s.clone(), next], day(40), 21).is_empty());
    // Past its planned end the work has ended: no longer "ending", never negative days.
    assert!(at_risk(&running, std::slice::from_ref(&s), day(59), 21).is_empty());
    assert_eq!(
        at_risk(&running, std::slice::from_ref(&s), day(58), 21)[0].days_left,
        0
    );
}

#[test]
fn the_attention_lists_take_running_work_with_its_jobs_weeks_and_graduates() {
    // r1 runs e1 (trial from day 2) on job j1; its 8 weeks end on day 58. r2 graduated on day 0.
    let s = state(&history("e1", "r1", 0, true));
    let job = s.parties.as_ref().map(|p| p.job.clone()).expect("parties");
    let weeks = BTreeMap::from([(job, 8)]);
    let courses = [completed("r2", 0)];
    let all = std::slice::from_ref(&s);
    let a = attention(
        RegionId::from("midori"),
        &courses,
        all,
        &weeks,
        day(40),
        30,
        21,
    );
    assert_eq!(a.at_risk.len(), 1);
    assert_eq!(a.at_risk[0].days_left, 18);
    assert_eq!(a.idle.len(), 1);
    assert_eq!(a.idle[0].resident, ResidentId::from("r2"));
    assert_eq!((a.idle_days, a.ending_days), (30, 21));
    // A job the desk does not know counts 0 weeks: the trial's own length ends it.
    let unknown = attention(
        RegionId::from("midori"),
        &courses,
        all,
        &BTreeMap::new(),
        day(40),
        30,
        21,
    );
    assert_eq!(
        unknown.at_risk,
        at_risk(&[(EngagementId::from("e1"), &s, 0)], all, day(40), 21)
    );
}

#[test]
fn work_past_its_planned_end_leaves_working_until_renewed() {
    // Trial from day 2, passed on day 10, job of 8 weeks: ends on day 58.
    let mut events = history("e1", "r1", 0, true);
    events.push(ev("e1", "a4", 10, Role::Company, EventKind::TrialPassed));
    let s = state(&events);
    assert_eq!(s.stage, Stage::Working);
    let during = board_facts(&s, Some(8), day(30), 14).expect("on the board");
    assert_eq!(during.column, PipelineStage::Working);
    assert!(!during.ended_by_plan);
    let after = board_facts(&s, Some(8), day(70), 14).expect("on the board");
    assert_eq!(after.column, PipelineStage::Ended);
    assert!(after.ended_by_plan && !after.overdue && !after.stalled);
    assert_eq!(after.next_checkin_due, None);
    // A renewal (a decision) moves the end: running again.
    events.push(ev(
        "e1",
        "a5",
        60,
        Role::Company,
        EventKind::Renewed { weeks: 12 },
    ));
    let renewed = board_facts(&state(&events), Some(8), day(70), 14).expect("on the board");
    assert_eq!(renewed.column, PipelineStage::Renewed);
    assert!(!renewed.ended_by_plan);
    // Without a known job length the engagement keeps its column.
    assert_eq!(
        board_facts(&s, None, day(70), 14).map(|f| f.column),
        Some(PipelineStage::Working)
    );
}

#[test]
fn no_checkin_is_due_after_the_planned_end_and_the_next_date_stays_within_it() {
    // Trial from day 2, job of 1 week (the trial of 4 weeks sets the end: day 30). Slots at
    // weeks 2, 6, …: day 16 is due, day 44 is after the end.
    let s = state(&history("e1", "r1", 0, true));
    let facts = board_facts(&s, Some(1), day(17), 60).expect("on the board");
    assert_eq!(facts.next_checkin_due, Some(day(16)));
    let mut done = history("e1", "r1", 0, true);
    done.push(checkin(16, "c1"));
    let facts = board_facts(&state(&done), Some(1), day(20), 60).expect("on the board");
    assert_eq!(
        facts.next_checkin_due, None,
        "the week-6 slot is after the end"
    );
    let (first, last) = next_checkin_range(facts.planned_end, day(20)).expect("a range");
    assert_eq!(first, crate::metrics::jst_date(day(21)));
    assert_eq!(last, Some(crate::metrics::jst_date(day(30))));
    assert!(first <= last.expect("an end"));
    assert_eq!(next_checkin_range(facts.planned_end, day(31)), None);
    // A chosen date outside the work's dates is refused, naming the range.
    let inside = crate::metrics::jst_date(day(25));
    assert!(check_next_checkin(inside, facts.planned_end, day(20)).is_ok());
    let after_end = crate::metrics::jst_date(day(40));
    let e = check_next_checkin(after_end, facts.planned_end, day(20)).expect_err("after the end");
    assert_eq!(e.0[0].field, "next_on");
    assert!(e.0[0].message.ja.contains(&last.expect("end").to_string()));
    assert!(check_next_checkin(first, facts.planned_end, day(20)).is_ok());
    assert!(
        check_next_checkin(
            crate::metrics::jst_date(day(20)),
            facts.planned_end,
            day(20)
        )
        .is_err()
    );
}

#[test]
fn a_chosen_next_checkin_date_is_the_next_due() {
    let mut events = history("e1", "r1", 0, true);
    let mut c = checkin(16, "c1");
    if let EventKind::CheckIn { next_on, .. } = &mut c.kind {
        *next_on = Some(crate::metrics::jst_date(day(24)));
    }
    events.push(c);
    let s = state(&events);
    let due = crate::engagement::next_checkin_due(&s).expect("due");
    assert_eq!(
        crate::metrics::jst_date(due),
        crate::metrics::jst_date(day(24))
    );
    // The answer's schedule reads the same date.
    let sched = ScheduleState {
        stage: s.stage,
        schedule_anchor: s.schedule_anchor,
        slots_done: s.slots_done,
        next_checkin_on: s.next_checkin_on,
    };
    assert_eq!(sched.next_checkin_due(), Some(due));
    // A date not after the check-in's own day is refused by the fold.
    let mut bad = history("e1", "r1", 0, true);
    let mut c = checkin(16, "c1");
    if let EventKind::CheckIn { next_on, .. } = &mut c.kind {
        *next_on = Some(crate::metrics::jst_date(day(16)));
    }
    bad.push(c);
    assert_eq!(fold(&bad).rejected.len(), 1);
}

#[test]
fn today_lists_checkins_due_then_stalled_by_days() {
    let mut due = card(PipelineStage::Working, "c1", None);
    due.next_checkin_due = Some(day(9));
    due.stalled = true;
    let mut later = card(PipelineStage::Trial, "c2", None);
    later.next_checkin_due = Some(day(11));
    let stalled = |company: &str, days: i64| {
        let mut c = card(PipelineStage::Matched, company, None);
        c.stalled = true;
        c.days_since_activity = Some(days);
        c
    };
    let cards = vec![
        later.clone(),
        stalled("c3", 51),
        due.clone(),
        stalled("c4", 113),
        stalled("c5", 63),
    ];
    let t = today(&cards, crate::metrics::jst_date(day(10)));
    assert_eq!(t.checkins, vec![due]);
    let days: Vec<_> = t.stalled.iter().map(|c| c.days_since_activity).collect();
    assert_eq!(days, vec![Some(113), Some(63), Some(51)]);
    assert_eq!((t.checkins_total, t.stalled_total), (1, 3));
}

#[test]
fn today_carries_a_screens_worth_of_each_list_and_counts_them_all() {
    let cards: Vec<Card> = (0..25_i64)
        .map(|i| {
            let mut c = card(PipelineStage::Working, &format!("c{i:02}"), None);
            if i % 2 == 0 {
                c.next_checkin_due = Some(day(i));
            } else {
                c.stalled = true;
                c.days_since_activity = Some(20 + i);
            }
            c
        })
        .collect();
    let t = today(&cards, crate::metrics::jst_date(day(30)));
    assert_eq!((t.checkins_total, t.stalled_total), (13, 12));
    assert_eq!(
        (t.checkins.len(), t.stalled.len()),
        (TODAY_SHOWN, TODAY_SHOWN)
    );
    // The earliest check-ins and the longest quiet are the ones kept.
    let dues: Vec<_> = t.checkins.iter().map(|c| c.next_checkin_due).collect();
    assert_eq!(
        dues,
        (0..TODAY_SHOWN as i64)
            .map(|i| Some(day(2 * i)))
            .collect::<Vec<_>>()
    );
    assert_eq!(t.stalled[0].days_since_activity, Some(43));
    assert_eq!(t.stalled[TODAY_SHOWN - 1].days_since_activity, Some(25));
}

#[test]
fn a_renewal_moves_the_planned_end() {
    let mut events = history("e1", "r1", 0, true);
    events.push(ev("e1", "a4", 10, Role::Company, EventKind::TrialPassed));
    events.push(ev(
        "e1",
        "a5",
        20,
        Role::Company,
        EventKind::Renewed { weeks: 12 },
    ));
    let s = state(&events);
    assert_eq!(planned_end(&s, 8), Some(day(58 + 84)));
}

fn checkin(d: i64, id: &str) -> EngagementEvent {
    ev(
        "e1",
        id,
        d,
        Role::Hub,
        EventKind::CheckIn {
            mood: 4,
            hours_worked: 12,
            note: "順調".into(),
            follow_up: Some("来月また".into()),
            with: CheckInWith::Both,
            shared_with_company: false,
            next_on: None,
        },
    )
}

#[test]
fn the_coordinator_is_who_last_checked_in_or_wrote_a_note() {
    let mut events = history("e1", "r1", 0, true);
    assert_eq!(coordinator(&state(&events)), None);
    events.push(checkin(10, "c1"));
    assert_eq!(coordinator(&state(&events)), Some(UserId::from("hub-c1")));
    events.push(ev(
        "e1",
        "n1",
        12,
        Role::Hub,
        EventKind::Note {
            text: "引き継ぎ".into(),
        },
    ));
    assert_eq!(coordinator(&state(&events)), Some(UserId::from("hub-n1")));
}

fn card(column: PipelineStage, company: &str, coordinator: Option<&str>) -> Card {
    Card {
        engagement: EngagementId::from(format!("e-{company}-{column:?}").as_str()),
        column,
        stage: Stage::Proposed,
        paused: false,
        company: CompanyId::from(company),
        company_name: String::new(),
        job: JobId::from("j1"),
        job_title: String::new(),
        tasks: vec![TaskKindId::from("data.entry")],
        resident: ResidentId::from("r1"),
        resident_name: None,
        coordinator: coordinator.map(UserId::from),
        coordinator_name: None,
        last_activity: None,
        days_since_activity: None,
        last_checkin: None,
        days_since_checkin: None,
        next_checkin_due: None,
        due_today: false,
        overdue: false,
        stalled: false,
        planned_end: None,
        ended_by_plan: false,
    }
}

#[test]
fn every_card_lands_in_one_column_and_filters_narrow() {
    let cards = vec![
        card(PipelineStage::Proposed, "c1", None),
        card(PipelineStage::Trial, "c2", Some("u1")),
        card(PipelineStage::Working, "c1", Some("u2")),
    ];
    let cols = columns(cards.clone());
    assert_eq!(cols.iter().map(|c| c.count).sum::<usize>(), 3);
    assert_eq!(cols.len(), PipelineStage::ALL.len());
    let by = |f: BoardFilter| cards.iter().filter(|c| f.keeps(c)).count();
    assert_eq!(by(BoardFilter::default()), 3);
    assert_eq!(
        by(BoardFilter {
            company: Some("c1".into()),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        by(BoardFilter {
            coordinator: Some("u1".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        by(BoardFilter {
            task: Some("sns.post".into()),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        by(BoardFilter {
            task: Some(String::new()),
            ..Default::default()
        }),
        3
    );
}

#[test]
fn a_page_of_the_board_keeps_each_columns_count_and_says_what_follows() {
    let mut cards: Vec<Card> = (0..5)
        .map(|_| card(PipelineStage::Working, "c1", None))
        .collect();
    cards.push(card(PipelineStage::Trial, "c2", None));
    let page = |limit, column, offset| {
        page_columns(
            columns(cards.clone()),
            BoardPage {
                limit,
                column,
                offset,
            },
        )
    };
    let of = |cols: &[BoardColumn], stage| {
        cols.iter()
            .find(|c| c.column == stage)
            .map(|c| (c.count, c.cards.len(), c.offset, c.more))
    };
    let first = page(2, None, 0);
    assert_eq!(of(&first, PipelineStage::Working), Some((5, 2, 0, true)));
    assert_eq!(of(&first, PipelineStage::Trial), Some((1, 1, 0, false)));
    // The "more" of one column: the others stay on their first page.
    let next = page(2, Some(PipelineStage::Working), 4);
    assert_eq!(of(&next, PipelineStage::Working), Some((5, 1, 4, false)));
    assert_eq!(of(&next, PipelineStage::Trial), Some((1, 1, 0, false)));
    // An offset past the end shows none; a limit of 0 still shows one.
    assert_eq!(
        of(
            &page(2, Some(PipelineStage::Working), 9),
            PipelineStage::Working
        ),
        Some((5, 0, 5, false))
    );
    assert_eq!(
        of(&page(0, None, 0), PipelineStage::Working),
        Some((5, 1, 0, true))
    );
}

#[test]
fn the_timeline_holds_applied_events_newest_first() {
    let mut events = history("e1", "r1", 0, true);
    events.push(checkin(16, "c1"));
    // Rejected: a second proposal.
    events.push(ev(
        "e1",
        "zz",
        20,
        Role::Hub,
        EventKind::Proposed {
            job: JobId::from("j1"),
            company: CompanyId::from("c1"),
            resident: ResidentId::from("r1"),
            needs_terms: false,
            hours_per_week: 10,
        },
    ));
    let t = timeline("resident", "r1", &[(EngagementId::from("e1"), events)]);
    assert_eq!(t.engagements.len(), 1);
    assert_eq!(t.entries.len(), 5);
    assert_eq!(t.entries[0].kind, "check_in");
    assert_eq!(t.entries[0].hours, Some(12));
    assert_eq!(t.entries[0].follow_up.as_deref(), Some("来月また"));
    assert_eq!(t.entries.last().map(|e| e.kind.as_str()), Some("proposed"));
}

#[test]
fn the_event_answer_reads_the_next_checkin_from_the_full_state() {
    let mut events = history("e1", "r1", 0, true);
    events.push(checkin(16, "c1"));
    let full = state(&events);
    let json = serde_json::json!({ "id": "e1", "state": full, "rejected": 0 });
    let answer: EventAnswer = serde_json::from_value(json).expect("reads the worker's answer");
    assert_eq!(
        answer.state.next_checkin_due(),
        crate::engagement::next_checkin_due(&full)
    );
    assert!(answer.state.next_checkin_due().is_some());
}

#[test]
fn names_go_on_the_cards_of_named_residents_only() {
    let mut cards = vec![
        card(PipelineStage::Trial, "c1", None),
        Card {
            resident: ResidentId::from("gone"),
            ..card(PipelineStage::Working, "c2", None)
        },
    ];
    let names = BTreeMap::from([(ResidentId::from("r1"), "山田 花子".to_owned())]);
    name_cards(&mut cards, &names);
    assert_eq!(cards[0].resident_name.as_deref(), Some("山田 花子"));
    assert_eq!(
        cards[1].resident_name, None,
        "a deleted resident keeps no name"
    );
    let mut attention = Attention {
        region: RegionId::from("r"),
        as_of: t0().date_naive(),
        idle_days: 30,
        ending_days: 21,
        idle: idle_graduates(&[completed("r1", 0)], &[], day(40), 30),
        at_risk: Vec::new(),
        idle_total: 1,
        idle_offset: 0,
        idle_more: false,
        at_risk_total: 0,
        at_risk_offset: 0,
        at_risk_more: false,
    };
    name_attention(&mut attention, &names);
    assert_eq!(
        attention.idle[0].resident_name.as_deref(),
        Some("山田 花子")
    );
}

fn application(id: &str, registered: i64, approval: Approval) -> CompanyApplication {
    CompanyApplication {
        company: CompanyId::from(id),
        name: format!("会社{id}"),
        industry: String::new(),
        municipality: String::new(),
        contact_person: String::new(),
        registered_at: day(registered),
        approval,
    }
}

#[test]
fn the_approval_queue_lists_the_oldest_pending_first_and_the_latest_decision_first() {
    let by = UserId::from("hub");
    let queue = company_queue(
        RegionId::from("r"),
        vec![
            application("new", 9, Approval::Pending),
            application(
                "a",
                1,
                Approval::Approved {
                    by: by.clone(),
                    at: day(2),
                },
            ),
            application("old", 3, Approval::Pending),
            application(
                "b",
                1,
                Approval::Rejected {
                    by,
                    at: day(5),
                    reason: "所在地が圏域外".into(),
                },
            ),
        ],
    );
    let ids =
        |v: &[CompanyApplication]| v.iter().map(|c| c.company.to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&queue.pending), ["old", "new"]);
    assert_eq!(ids(&queue.decided), ["b", "a"]);
}

#[test]
fn days_since_counts_whole_days_and_never_goes_negative() {
    let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
    assert_eq!(days_since(None, now), None);
    assert_eq!(
        days_since(Some(now - chrono::TimeDelta::hours(49)), now),
        Some(2)
    );
    assert_eq!(
        days_since(Some(now + chrono::TimeDelta::hours(1)), now),
        Some(0)
    );
}

/// Engagements in every kind of place on the board: proposed, matched, in trial with check-ins
/// and notes, working, renewed, paused, completed.
fn board_states() -> Vec<EngagementState> {
    let note = |d: i64, id: &str| {
        ev(
            "e1",
            id,
            d,
            Role::Hub,
            EventKind::Note {
                text: "引き継ぎ".into(),
            },
        )
    };
    let mut out = vec![
        state(&history("e1", "r1", 0, false)[..1]),
        state(&history("e1", "r1", 0, false)),
    ];
    let mut trial = history("e1", "r1", 0, true);
    trial.extend([checkin(16, "c1"), note(17, "n1"), checkin(40, "c2")]);
    out.push(state(&trial));
    let mut working = trial.clone();
    working.push(ev("e1", "a4", 45, Role::Company, EventKind::TrialPassed));
    out.push(state(&working));
    let mut renewed = working.clone();
    renewed.push(ev(
        "e1",
        "a5",
        60,
        Role::Company,
        EventKind::Renewed { weeks: 12 },
    ));
    out.push(state(&renewed));
    let mut paused = working.clone();
    paused.push(ev(
        "e1",
        "a6",
        50,
        Role::Hub,
        EventKind::Paused {
            reason: "体調".into(),
        },
    ));
    out.push(state(&paused));
    let mut done = working;
    done.push(ev("e1", "a7", 70, Role::Company, EventKind::Completed));
    out.push(state(&done));
    out
}

#[test]
fn a_stored_board_row_as_of_any_moment_says_what_board_facts_and_the_card_say() {
    for s in board_states() {
        for weeks in [None, Some(1), Some(8), Some(30)] {
            let row = board_row(&s, weeks).expect("on the board");
            let slim = card_state(&s);
            assert_eq!(
                board_row(&slim, weeks).as_ref(),
                Some(&row),
                "the small copy"
            );
            for d in (0..400).step_by(3) {
                for stalled_days in [1, 14, 60] {
                    // Every hour of the day, so the day's edges in Japan are crossed.
                    let now = day(d) + TimeDelta::hours(d % 24) + TimeDelta::milliseconds(d);
                    let facts = board_facts(&s, weeks, now, stalled_days).expect("facts");
                    let as_of = row.as_of(&BoardClock::at(now, stalled_days));
                    let job = CardJob {
                        title: "t",
                        tasks: &[],
                        weeks: weeks.unwrap_or(0),
                    };
                    let c = super::card(
                        EngagementId::from("e1"),
                        &s,
                        weeks.map(|_| job),
                        None,
                        now,
                        stalled_days,
                    )
                    .expect("card");
                    let from_slim = super::card(
                        EngagementId::from("e1"),
                        &slim,
                        weeks.map(|_| job),
                        None,
                        now,
                        stalled_days,
                    );
                    assert_eq!(from_slim.as_ref(), Some(&c), "the card from the small copy");
                    assert_eq!(as_of.column, facts.column);
                    assert_eq!(as_of.ended_by_plan, facts.ended_by_plan);
                    assert_eq!(
                        as_of.next_checkin_due_ms,
                        facts.next_checkin_due.map(|t| t.timestamp_millis())
                    );
                    assert_eq!(as_of.overdue, facts.overdue, "{d} {stalled_days}");
                    assert_eq!(as_of.stalled, facts.stalled, "{d} {stalled_days}");
                    assert_eq!(
                        as_of.due,
                        due_on(c.next_checkin_due, crate::metrics::jst_date(now))
                    );
                    assert_eq!(as_of.days_since_activity, c.days_since_activity);
                    assert_eq!(row.coordinator, c.coordinator);
                }
            }
        }
    }
}

#[test]
fn a_page_window_is_the_page_columns_rule() {
    let page = BoardPage {
        limit: 2,
        column: Some(PipelineStage::Trial),
        offset: 3,
    };
    assert_eq!(page_window(page, PipelineStage::Trial, 10), (3, 5));
    assert_eq!(page_window(page, PipelineStage::Trial, 4), (3, 4));
    assert_eq!(page_window(page, PipelineStage::Trial, 2), (2, 2));
    assert_eq!(page_window(page, PipelineStage::Working, 10), (0, 2));
    let unlimited = BoardPage { limit: 0, ..page };
    assert_eq!(page_window(unlimited, PipelineStage::Working, 10), (0, 1));
}

#[test]
fn a_window_of_a_list_keeps_its_length_and_says_whether_more_follow() {
    let list: Vec<u32> = (0..45).collect();
    let cut = |offset, limit| {
        let w = window(list.clone(), offset, limit);
        (w.items, w.total, w.offset, w.more)
    };
    assert_eq!(cut(0, 20), ((0..20).collect(), 45, 0, true));
    assert_eq!(cut(40, 20), ((40..45).collect(), 45, 40, false));
    assert_eq!(cut(25, 20), ((25..45).collect(), 45, 25, false));
    assert_eq!(
        cut(900, 20),
        (Vec::new(), 45, 45, false),
        "past the end: empty, at the end"
    );
    let empty = window(Vec::<u32>::new(), 0, 20);
    assert_eq!((empty.items.len(), empty.total, empty.more), (0, 0, false));
}

#[test]
fn the_attention_lists_are_paged_each_and_one_is_paged_further_on_request() {
    let courses: Vec<CourseFacts> = (0..30).map(|i| completed(&format!("r{i:02}"), 0)).collect();
    let whole = attention(
        RegionId::from("r"),
        &courses,
        &[],
        &BTreeMap::new(),
        day(40),
        30,
        21,
    );
    assert_eq!(
        (whole.idle.len(), whole.idle_total, whole.idle_more),
        (30, 30, false)
    );
    let first = page_attention(whole.clone(), Page::top(20), None);
    assert_eq!(
        (first.idle.len(), first.idle_total, first.idle_more),
        (20, 30, true)
    );
    assert_eq!(
        (first.at_risk.len(), first.at_risk_total, first.at_risk_more),
        (0, 0, false)
    );
    let more = page_attention(
        whole.clone(),
        Page {
            offset: 20,
            limit: 20,
        },
        Some(AttentionList::Idle),
    );
    assert_eq!(
        (
            more.idle.len(),
            more.idle_total,
            more.idle_offset,
            more.idle_more
        ),
        (10, 30, 20, false)
    );
    assert_eq!(
        more.idle[0], whole.idle[20],
        "the page follows the list's order"
    );
    let other = page_attention(
        whole,
        Page {
            offset: 20,
            limit: 20,
        },
        Some(AttentionList::AtRisk),
    );
    assert_eq!(
        (other.idle.len(), other.idle_offset),
        (20, 0),
        "the other list starts at its first"
    );
}

#[test]
fn a_board_is_built_as_of_the_whole_minute() {
    let at = |ms: i64| DateTime::from_timestamp_millis(ms).expect("time");
    let minute = 1_780_000_020_000; // a whole minute
    assert_eq!(minute % 60_000, 0);
    for ms in [minute, minute + 1, minute + 59_999] {
        assert_eq!(board_instant(at(ms)), at(minute), "{ms}");
    }
    assert_eq!(board_instant(at(minute + 60_000)), at(minute + 60_000));
    // Before 1970 too (floored, not truncated toward zero).
    assert_eq!(board_instant(at(-1)), at(-60_000));
}
