use chrono::TimeZone;

use super::*;
use crate::api::TalentCard;
use crate::demo::{DemoConfig, DemoRegion};
use crate::engagement::{Actor, EngagementEvent, EventId, EventKind, Role, Side, fold};
use crate::index::{IndexBuilder, IndexView, Overlay, TaskSpace};
use crate::matching::{Page, score};
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

fn demo_index(demo: &DemoRegion) -> (Vec<u8>, Vec<Resident>) {
    let residents: Vec<Resident> = demo.residents().collect();
    let space = TaskSpace::from_taxonomy(Taxonomy::builtin()).expect("space");
    let mut b = IndexBuilder::new(demo.region().id, space);
    for r in &residents {
        b.push(r).expect("row");
    }
    (b.to_bytes(), residents)
}

#[test]
fn the_index_filter_says_what_the_profile_filter_says() {
    let demo = DemoRegion::new(DemoConfig::default());
    let (bytes, residents) = demo_index(&demo);
    let view = IndexView::from_bytes(&bytes).expect("index");
    let filters = [
        sample_filter(),
        TalentFilter {
            verified_only: true,
            ..TalentFilter::default()
        },
        TalentFilter {
            local_only: true,
            min_hours: Some(20),
            ..TalentFilter::default()
        },
        TalentFilter {
            task: Some(TaskKindId::from("sns.post")),
            ..TalentFilter::default()
        },
        TalentFilter {
            windows: TimeWindows(0b1000_0000),
            ..TalentFilter::default()
        },
    ];
    for f in &filters {
        let mut admitted = 0;
        for r in &residents {
            let row = view.find(r.id.as_str()).expect("row");
            assert_eq!(f.admits_row(&view, row), f.admits(r), "{f:?} {}", r.id);
            admitted += usize::from(f.admits(r));
        }
        assert!(
            admitted > 0 && admitted < residents.len(),
            "{f:?} narrows: {admitted}"
        );
    }
}

#[test]
fn a_filtered_ranking_keeps_only_admitted_cards_best_first() {
    let demo = DemoRegion::new(DemoConfig::default());
    let (bytes, residents) = demo_index(&demo);
    let view = IndexView::from_bytes(&bytes).expect("index");
    let job = demo.jobs().into_iter().next().expect("job");
    let f = TalentFilter {
        local_only: true,
        verified_only: true,
        ..TalentFilter::default()
    };
    let hits = view.rank_where(
        &job,
        Page::top(20),
        &Overlay::default(),
        &|v, i| f.admits_row(v, i),
        &|r| f.admits(r),
    );
    assert!(!hits.is_empty());
    for h in &hits {
        let r = residents
            .iter()
            .find(|r| r.id == h.resident)
            .expect("resident");
        assert!(f.admits(r));
    }
    assert!(hits.windows(2).all(|w| w[0].points >= w[1].points));
}

fn cards(n: usize) -> Vec<TalentCard> {
    let demo = DemoRegion::new(DemoConfig::default());
    let job = demo.jobs().into_iter().next().expect("job");
    demo.residents()
        .take(n)
        .map(|r| {
            TalentCard::new(
                &r,
                score(&job, &r, Taxonomy::builtin()),
                Taxonomy::builtin(),
            )
        })
        .collect()
}

#[test]
fn up_to_three_cards_compare_side_by_side() {
    let three = cards(4);
    let rows = compare(&three[..3]).expect("three compare");
    assert!(rows.len() >= 6);
    assert!(rows.iter().all(|r| r.values.len() == 3));
    assert!(compare(&three).is_none(), "four is too many");
    assert!(compare(&[]).is_none());
    let skills = &rows[1].values[0];
    assert!(!skills.ja.is_empty() && !skills.en.is_empty());
    // Every reason of the score, strengths and gaps apart (not the first three).
    let strengths = rows
        .iter()
        .find(|r| r.label.ja == "合う点")
        .expect("strengths row");
    let gaps = rows
        .iter()
        .find(|r| r.label.ja == "足りない点")
        .expect("gaps row");
    for (i, card) in three[..3].iter().enumerate() {
        let (good, missing) = card.score.strengths_and_gaps();
        assert_eq!(good.len() + missing.len(), card.score.reasons.len());
        for r in &good {
            assert!(strengths.values[i].ja.contains(&r.text.ja), "{}", r.text.ja);
        }
        for r in &missing {
            assert!(gaps.values[i].ja.contains(&r.text.ja), "{}", r.text.ja);
        }
    }
}

#[test]
fn swapping_a_member_keeps_every_task_covered_with_a_backup() {
    let demo = DemoRegion::new(DemoConfig::default());
    let residents: Vec<Resident> = demo.residents().collect();
    let names = Taxonomy::builtin();
    let mut checked = 0;
    for job in demo
        .jobs()
        .into_iter()
        .filter(|j| j.team_allowed && j.tasks.len() >= 2)
    {
        let team = form_team(&job, &residents, 4, names);
        let covered =
            team.uncovered_tasks.is_empty() && team.backups.iter().all(|b| b.backup.is_some());
        if !covered || team.members.len() < 2 {
            continue;
        }
        let out = team.members[0].resident.clone();
        let swapped = team_without(&job, &residents, 4, std::slice::from_ref(&out), names);
        assert!(swapped.members.iter().all(|m| m.resident != out));
        assert!(
            swapped
                .backups
                .iter()
                .all(|b| b.backup.as_ref() != Some(&out))
        );
        assert!(
            swapped.uncovered_tasks.is_empty(),
            "{}: {:?}",
            job.id,
            swapped.summary
        );
        assert!(swapped.backups.iter().all(|b| b.backup.is_some()));
        // The others stay.
        for m in &team.members[1..] {
            assert!(swapped.members.iter().any(|s| s.resident == m.resident));
        }
        // A second swap does not bring the first back.
        let second = swapped.members[0].resident.clone();
        let twice = team_without(&job, &residents, 4, &[out.clone(), second.clone()], names);
        assert!(
            twice
                .members
                .iter()
                .all(|m| m.resident != out && m.resident != second)
        );
        checked += 1;
    }
    assert!(checked > 0, "the demo has team jobs to check");
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
    events.push(event(
        3,
        Role::Resident,
        EventKind::TermsAccepted { version: 1 },
    ));
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
fn the_demo_has_some_residents_with_a_checked_identity_or_the_security_course() {
    use crate::demo::{DemoConfig, DemoRegion, SECURITY_COURSE};
    let demo = DemoRegion::new(DemoConfig::default());
    let ids = demo.identity_checks();
    let sec = demo.security_completions();
    assert!(
        ids.len() > 10 && ids.len() < demo.len() / 2,
        "{}",
        ids.len()
    );
    assert!(
        sec.len() > 10 && sec.len() < demo.len() / 2,
        "{}",
        sec.len()
    );
    let course = demo
        .programs()
        .into_iter()
        .find(|p| p.security_course)
        .expect("a security course");
    assert_eq!(course.id.as_str(), format!("course-{SECURITY_COURSE}"));
    assert!(sec.iter().all(|s| s.program == course.id));
    let trust = crate::trust::Trust {
        identity: ids.iter().map(|c| c.resident.clone()).collect(),
        security: sec.iter().map(|c| c.resident.clone()).collect(),
    };
    let both = demo
        .residents()
        .filter(|r| trust.identity_verified(&r.id) && trust.security_course(&r.id))
        .count();
    assert!(both > 5, "{both}");
    // A card shows the facts, never who checked or which document.
    let job = demo.jobs().into_iter().next().expect("a job");
    let r = demo.resident(0);
    let card = with_trust(
        TalentCard::new(
            &r,
            crate::matching::score(&job, &r, Taxonomy::builtin()),
            Taxonomy::builtin(),
        ),
        &trust,
    );
    assert!(card.identity_verified && card.security_course);
    let json = serde_json::to_string(&card).expect("json");
    assert!(
        !json.contains("my_number")
            && !json.contains("hub-midori")
            && !json.contains(&r.display_name)
    );
    assert!(trust_text(&card).ja.contains("本人確認済み"));
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
fn a_place_with_fewer_than_five_residents_is_coarsened_to_the_region() {
    let demo = DemoRegion::new(DemoConfig::default());
    let job = demo.jobs()[0].clone();
    let mut r = demo.resident(0);
    r.municipality_id = Some(MunicipalityId("aso".into()));
    let card = |r: &Resident, n: usize| {
        let mut c = TalentCard::new(r, score(&job, r, Taxonomy::builtin()), Taxonomy::builtin());
        coarsen_place(&mut c, |_| n);
        c.municipality
    };
    assert_eq!(card(&r, 4), None, "4 people: the region only");
    assert_eq!(card(&r, 0), None);
    assert_eq!(
        card(&r, 5),
        Some(MunicipalityId("aso".into())),
        "5 people: the municipality"
    );
    r.municipality_id = None;
    assert_eq!(card(&r, 9), None, "no place stays no place");
}
