use chrono::TimeZone;

use super::*;
use crate::engagement::{Actor, EngagementEvent, EventId, EventKind, Role, Side, fold};
use crate::model::CompanyId;

fn query(f: &TalentFilter) -> impl Fn(&str) -> Option<String> {
    let q = f.to_query();
    move |name: &str| {
        q.split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
    }
}

fn sample_filter() -> TalentFilter {
    TalentFilter {
        task: Some(TaskKindId::from("data.entry")),
        level: Some(Level::Experienced),
        verified_only: true,
        min_hours: Some(10),
        windows: TimeWindows(0b0000_0110),
        local_only: true,
        identity_only: true,
        security_only: true,
    }
}

#[test]
fn a_filter_reads_back_from_its_query() {
    let t = Taxonomy::builtin();
    let f = sample_filter();
    assert_eq!(TalentFilter::parse(query(&f), t).expect("parses"), f);
    assert_eq!(TalentFilter::default().to_query(), "");
    assert!(TalentFilter::parse(|_| None, t).expect("empty").is_empty());
}

#[test]
fn every_bad_parameter_is_named() {
    let t = Taxonomy::builtin();
    let bad = |name: &str| match name {
        "task" => Some("x.y".to_owned()),
        "level" => Some("expert".to_owned()),
        "min_hours" => Some("0".to_owned()),
        "windows" => Some("weekday_evening,sunday".to_owned()),
        _ => None,
    };
    let e = TalentFilter::parse(bad, t).expect_err("refused");
    let fields: Vec<&str> = e.fields().collect();
    assert_eq!(fields, ["task", "level", "min_hours", "windows"]);
    assert!(
        e.0.iter()
            .all(|f| !f.message.ja.is_empty() && !f.message.en.is_empty())
    );
}

fn event(n: i64, role: Role, kind: EventKind) -> EngagementEvent {
    EngagementEvent {
        id: EventId(format!("{n:013}")),
        engagement_id: EngagementId::from("e1"),
        at: chrono::Utc
            .timestamp_opt(1_760_000_000 + n * 86_400, 0)
            .single()
            .expect("time"),
        actor: Actor {
            user: crate::model::UserId::from("u"),
            role,
        },
        kind,
    }
}

#[test]
fn the_company_sees_its_own_check_ins_and_its_next_steps() {
    let checkin_shared = |n, with, note: &str, shared_with_company| {
        event(
            n,
            Role::Hub,
            EventKind::CheckIn {
                mood: 4,
                hours_worked: 10,
                note: note.to_owned(),
                follow_up: None,
                with,
                shared_with_company,
                next_on: None,
            },
        )
    };
    let checkin = |n, with, note: &str| checkin_shared(n, with, note, true);
    let events = vec![
        event(
            0,
            Role::System,
            EventKind::Proposed {
                job: JobId::from("j1"),
                company: CompanyId::from("c1"),
                resident: ResidentId::from("r1"),
                needs_terms: true,
                hours_per_week: 5,
            },
        ),
        event(
            1,
            Role::Company,
            EventKind::InterestShown {
                side: Side::Company,
            },
        ),
    ];
    let waiting =
        for_company(EngagementId::from("e1"), &fold(&events).state, "仕事").expect("view");
    assert_eq!(waiting.group, EngagementGroup::Waiting);
    assert_eq!(waiting.actions, vec![CompanyAction::Cancel]);
    // The team page and the talent list know this interest on a later visit.
    assert!(waiting.company_interested);
    let list = [waiting.clone()];
    assert!(company_interested_in(
        &list,
        &JobId::from("j1"),
        &ResidentId::from("r1")
    ));
    assert!(!company_interested_in(
        &list,
        &JobId::from("j2"),
        &ResidentId::from("r1")
    ));
    assert!(!company_interested_in(
        &list,
        &JobId::from("j1"),
        &ResidentId::from("r2")
    ));
    let resident_only =
        for_company(EngagementId::from("e1"), &fold(&events[..1]).state, "仕事").expect("view");
    assert!(
        !resident_only.company_interested,
        "proposed only: no interest yet"
    );
    let mut events = events;
    events.push(event(
        2,
        Role::Resident,
        EventKind::InterestShown {
            side: Side::Resident,
        },
    ));
    let matched = fold(&events).state;
    assert_eq!(EngagementGroup::of(matched.stage), EngagementGroup::Matched);
    assert!(!matched.contact_revealed(), "terms first");
    assert_eq!(company_actions(&matched), vec![CompanyAction::Cancel]);
    events.push(event(3, Role::Resident, EventKind::accept_terms(1)));
    events.push(event(
        4,
        Role::Company,
        EventKind::TrialStarted { trial_weeks: 4 },
    ));
    events.push(checkin(18, CheckInWith::Resident, "resident only"));
    events.push(checkin(19, CheckInWith::Company, "for the company"));
    events.push(checkin(20, CheckInWith::Both, "both"));
    events.push(checkin_shared(
        21,
        CheckInWith::Both,
        "the hub's own",
        false,
    ));
    events.push(event(30, Role::Company, EventKind::TrialPassed));
    let v = for_company(EngagementId::from("e1"), &fold(&events).state, "仕事").expect("view");
    assert_eq!(v.group, EngagementGroup::Running);
    let notes: Vec<&str> = v.checkins.iter().map(|c| c.note.as_str()).collect();
    assert_eq!(
        notes,
        ["for the company", "both", ""],
        "an unshared note is left out"
    );
    assert_eq!(
        v.actions,
        vec![
            CompanyAction::Renew,
            CompanyAction::Complete,
            CompanyAction::Cancel
        ]
    );
    events.push(event(40, Role::Company, EventKind::Completed));
    let done = for_company(EngagementId::from("e1"), &fold(&events).state, "仕事").expect("view");
    assert_eq!(done.group, EngagementGroup::Ended);
    assert_eq!(done.actions, vec![CompanyAction::Review]);
    let json = serde_json::to_string(&done).expect("json");
    assert!(!json.contains("resident only"));
    assert!(!json.contains("the hub's own"));
}

#[test]
fn closing_a_job_needs_a_reason_and_words_for_other() {
    use crate::model::{CloseReason, UserId};
    let at = chrono::DateTime::<chrono::Utc>::from_timestamp(1_767_225_600, 0).unwrap_or_default();
    let ok = CloseJobInput {
        reason: "filled".into(),
        note: String::new(),
    }
    .validate(UserId::from("u"), at)
    .expect("filled");
    assert_eq!(ok.reason, CloseReason::Filled);
    assert_eq!(closure_text(&ok).ja, "2026-01-01に締め切り・人が決まった");
    assert!(closure_text(&ok).en.starts_with("Closed on 2026-01-01"));
    let e = CloseJobInput::default()
        .validate(UserId::from("u"), at)
        .expect_err("no reason");
    assert_eq!(e.0[0].field, "reason");
    assert_eq!(e.0[0].code, ErrorCode::Required);
    let e = CloseJobInput {
        reason: "other".into(),
        note: " ".into(),
    }
    .validate(UserId::from("u"), at)
    .expect_err("other without words");
    assert_eq!(e.0[0].field, "note");
    let e = CloseJobInput {
        reason: "bored".into(),
        note: String::new(),
    }
    .validate(UserId::from("u"), at)
    .expect_err("unknown reason");
    assert_eq!(e.0[0].code, ErrorCode::InvalidChoice);
    let other = CloseJobInput {
        reason: "other".into(),
        note: "予算が変わった".into(),
    }
    .validate(UserId::from("u"), at)
    .expect("other with words");
    assert!(
        closure_text(&other)
            .ja
            .ends_with("その他（予算が変わった）")
    );
}

#[test]
fn the_trust_filter_reads_back_from_its_query_and_a_card_text_shows_the_average_review() {
    let t = Taxonomy::builtin();
    let f = TalentFilter::parse(
        |n| matches!(n, "identity" | "security").then(|| "1".to_owned()),
        t,
    )
    .expect("parsed");
    assert!(f.identity_only && f.security_only);
    assert_eq!(f.to_query(), "identity=1&security=1");
    assert!(!f.is_empty());
    assert!(f.trust().identity_only);
}

#[test]
fn times_read_in_japan_without_a_format_string() {
    let at = chrono::Utc
        .with_ymd_and_hms(2026, 3, 31, 15, 5, 0)
        .single()
        .expect("time");
    assert_eq!(jst_minute(at), "2026-04-01 00:05");
    assert_eq!(jst_day(at), "2026-04-01");
}

#[test]
fn groups_and_actions_name_themselves_as_serde_does() {
    // The company's pages put `as_str` in test ids and data attributes (no Debug output in the app).
    for g in EngagementGroup::ALL {
        assert_eq!(
            serde_json::to_value(g).ok(),
            Some(serde_json::json!(g.as_str()))
        );
    }
    for a in CompanyAction::ALL {
        assert_eq!(
            serde_json::to_value(a).ok(),
            Some(serde_json::json!(a.as_str()))
        );
    }
}

#[test]
fn a_card_label_is_stable_per_job_and_distinct_within_a_region() {
    let job = JobId::from("j1");
    let a = card_label(&job, &ResidentId::from("res-0000001"));
    assert_eq!(a, card_label(&job, &ResidentId::from("res-0000001")));
    assert_eq!(a.chars().count(), 5);
    assert!(
        a.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    );
    assert_ne!(
        a,
        card_label(&JobId::from("j2"), &ResidentId::from("res-0000001"))
    );
    // A region the size of the demo's: no two people of one job share a label.
    let labels: BTreeSet<String> = (0..300)
        .map(|i| card_label(&job, &ResidentId(format!("res-{i:07}"))))
        .collect();
    assert_eq!(labels.len(), 300);
}

#[test]
fn a_shortlist_takes_new_cards_only_while_there_is_room() {
    assert!(check_shortlist_room(false, 0).is_ok());
    assert!(check_shortlist_room(false, MAX_SHORTLIST - 1).is_ok());
    let full = check_shortlist_room(false, MAX_SHORTLIST).expect_err("full");
    assert!(
        full.ja.contains("30人まで") && full.en.contains("30 cards"),
        "{full:?}"
    );
    // A card already on a full list is added again without change.
    assert!(check_shortlist_room(true, MAX_SHORTLIST).is_ok());
}
