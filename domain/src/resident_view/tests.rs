use super::*;
use crate::engagement::Parties;
use crate::matching::fixtures;
use crate::model::{CompanyId, Level, MunicipalityId, ResidentId, WorkPlace};

fn t(days: i64) -> DateTime<Utc> {
    DateTime::UNIX_EPOCH + TimeDelta::days(20_000 + days)
}

fn engagement_of(id: &str, state: EngagementState) -> MyEngagement {
    MyEngagement {
        id: EngagementId::from(id),
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

/// My interest on day 0, the company's on day 1, matched on day 2.
fn matched_on_day_2() -> MyEngagement {
    engagement_of(
        "e1",
        EngagementState {
            stage: Stage::Matched,
            resident_interest_at: Some(t(0)),
            company_interest_at: Some(t(1)),
            matched_at: Some(t(2)),
            ..EngagementState::default()
        },
    )
}

#[test]
fn company_interest_and_a_match_appear_newest_first() {
    let e = matched_on_day_2();
    let items = inbox(&[e], t(3));
    let kinds: Vec<_> = items.iter().map(|i| i.kind).collect();
    // The resident's own interest (day 0) is listed too, as the oldest step.
    assert_eq!(
        kinds,
        [
            InboxKind::Matched,
            InboxKind::CompanyInterested,
            InboxKind::YouInterested
        ]
    );
    assert_eq!(items[0].job, Some(JobId::from("j1")));
}

#[test]
fn a_check_in_shows_when_due_within_a_week_and_not_before() {
    // Trial started on day 0: the first check-in is due two weeks later (day 14).
    let e = engagement_of(
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

/// The items as the API sends them.
fn entries(items: &[InboxItem]) -> Vec<InboxEntry> {
    items
        .iter()
        .cloned()
        .map(|i| InboxEntry::of(i, None))
        .collect()
}

#[test]
fn items_are_unread_until_the_inbox_is_opened_after_they_appear() {
    let e = engagement_of(
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
        unread_count(&entries(&items), None),
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
        unread_count(&entries(&items), Some(t(8).timestamp_millis())),
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
fn the_residents_own_interest_is_listed_and_never_unread() {
    let e = engagement_of(
        "e1",
        EngagementState {
            stage: Stage::Interest {
                side: Side::Resident,
            },
            resident_interest_at: Some(t(0)),
            ..EngagementState::default()
        },
    );
    let items = inbox(&[e], t(1));
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].kind, InboxKind::YouInterested);
    assert!(items[0].text.ja.starts_with("あなたが"));
    assert!(
        !items[0].is_unread(None),
        "the resident's own step is never new"
    );
    assert_eq!(unread_count(&entries(&items), None), 0);
}

#[test]
fn every_step_of_an_engagement_is_listed_newest_first() {
    let e = engagement_of(
        "e1",
        EngagementState {
            stage: Stage::Working,
            resident_interest_at: Some(t(0)),
            company_interest_at: Some(t(1)),
            matched_at: Some(t(1)),
            terms_accepted_at: Some(t(2)),
            trial_started_at: Some(t(3)),
            working_since: Some(t(20)),
            ..EngagementState::default()
        },
    );
    let kinds: Vec<_> = inbox(&[e], t(21)).iter().map(|i| i.kind).collect();
    for k in [
        InboxKind::YouInterested,
        InboxKind::CompanyInterested,
        InboxKind::Matched,
        InboxKind::TermsAccepted,
        InboxKind::TrialStarted,
        InboxKind::Working,
    ] {
        assert!(kinds.contains(&k), "{} missing in {kinds:?}", k.as_str());
    }
    assert_eq!(kinds[0], InboxKind::Working);
    assert_eq!(kinds.last(), Some(&InboxKind::YouInterested));
}

#[test]
fn stages_speak_to_the_resident() {
    let mine = stage_for_you(Stage::Interest {
        side: Side::Resident,
    });
    assert_eq!(mine.ja, "あなたが興味ありを送りました");
    assert!(!mine.ja.contains("住民"));
    assert!(stage_for_you(Stage::Matched).ja.contains("おたがい"));
    assert!(terms_explained().ja.contains("守秘の約束"));
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
fn match_filters_keep_what_they_say() {
    let taxonomy = crate::vocabulary::Taxonomy::builtin();
    let mut job = fixtures::job("j1", &[("sns.post", Level::Beginner)]);
    let facts = card_facts(&job, taxonomy);
    assert!(MatchFilter::default().keeps(&facts));
    let sns = MatchFilter {
        family: Some("sns".into()),
        ..MatchFilter::default()
    };
    assert!(sns.keeps(&facts));
    let data = MatchFilter {
        family: Some("data".into()),
        ..MatchFilter::default()
    };
    assert!(!data.keeps(&facts));
    let short = MatchFilter {
        max_hours: Some(4),
        ..MatchFilter::default()
    };
    assert!(!short.keeps(&facts));
    let on_site = MatchFilter {
        remote: Some(false),
        ..MatchFilter::default()
    };
    assert!(!on_site.keeps(&facts));
    job.place = WorkPlace::OnSite {
        municipality: MunicipalityId::from("m1"),
    };
    assert!(on_site.keeps(&card_facts(&job, taxonomy)));
}

#[test]
fn a_card_states_its_job_in_words_with_each_family_named_once() {
    let taxonomy = crate::vocabulary::Taxonomy::builtin();
    let mut job = fixtures::job(
        "j1",
        &[
            ("sns.post", Level::Beginner),
            ("data.entry", Level::Beginner),
            ("sns.reply", Level::Beginner),
        ],
    );
    job.min_hours_per_person = 5;
    job.hours_per_week = 10;
    let facts = card_facts(&job, taxonomy);
    let ids: Vec<_> = facts.families.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        ids,
        ["sns", "data"],
        "each family once, in the tasks' order"
    );
    let sns = taxonomy.family("sns").expect("sns");
    assert_eq!(facts.families[0].name, sns.name);
    assert_eq!(facts.hourly_yen, job.pay.hourly_equivalent());
    assert_eq!(facts.hours, hours_label(&job));
    assert!(facts.hours.ja.contains("週5時間から"), "{}", facts.hours.ja);
    assert_eq!(
        facts.pay_schedule.ja,
        job.pay_schedule.text(crate::model::Lang::Ja)
    );
    assert_eq!(
        facts.pay_schedule.en,
        job.pay_schedule.text(crate::model::Lang::En)
    );
    assert!(facts.remote, "the fixture's job is remote");
    // A task the vocabulary does not know keeps its id's first part, named by itself.
    job.tasks[0].task = crate::model::TaskKindId::from("newkind.thing");
    let unknown = card_facts(&job, taxonomy);
    assert_eq!(unknown.families[0].id.as_str(), "newkind");
    assert_eq!(unknown.families[0].name.ja, "newkind");
}

#[test]
fn the_terms_link_shows_until_a_version_is_accepted() {
    use crate::engagement::{EngagementState, Stage};
    let mut state = EngagementState {
        stage: Stage::Matched,
        needs_terms: true,
        ..EngagementState::default()
    };
    let link =
        |state: &EngagementState| card_of(&engagement_of("e1", state.clone())).terms_to_accept();
    assert_eq!(link(&state).as_deref(), Some("/me/engagements/e1/terms"));
    state.terms_version = Some(1);
    assert_eq!(link(&state), None);
    state.terms_version = None;
    state.needs_terms = false;
    assert_eq!(link(&state), None);
    state.needs_terms = true;
    state.stage = Stage::Cancelled;
    assert_eq!(link(&state), None);
}

/// The engagement list's card reads, from the same JSON, what the whole state says: the job,
/// whether both sides are interested, and the terms link.
#[test]
fn an_engagement_card_says_what_the_full_state_says() {
    let mut states = Vec::new();
    for (resident, company) in [
        (None, None),
        (Some(t(0)), None),
        (None, Some(t(1))),
        (Some(t(0)), Some(t(1))),
    ] {
        for (needs_terms, accepted) in [(false, None), (true, None), (true, Some(2))] {
            for stage in [
                Stage::Empty,
                Stage::Proposed,
                Stage::Matched,
                Stage::Working,
                Stage::Cancelled,
            ] {
                states.push(EngagementState {
                    stage,
                    needs_terms,
                    terms_version: accepted,
                    resident_interest_at: resident,
                    company_interest_at: company,
                    ..EngagementState::default()
                });
            }
        }
    }
    for state in states {
        let full = engagement_of("e1", state);
        let card = card_of(&full);
        let s = &full.state;
        assert_eq!(card.job(), full.job());
        assert_eq!(card.is_mutual(), s.is_mutual(), "{s:?}");
        let waits = waits_for_terms(s.needs_terms, s.terms_version, s.stage);
        assert_eq!(
            card.terms_to_accept(),
            waits.then(|| terms_page(&full.id)),
            "{s:?}"
        );
    }
}

/// The card of an engagement as `GET /api/v1/me/engagements` lists it (its row: more fields
/// than the card reads).
fn card_of(e: &MyEngagement) -> EngagementCard {
    let json = serde_json::json!({
        "id": e.id, "stage": e.state.stage, "column": null, "contact_revealed": false,
        "state": e.state, "rejected": 0
    });
    serde_json::from_value(json).expect("card")
}

mod matches {
    use super::*;
    use crate::matching::score;
    use crate::model::{Devices, Residency, Resident};

    fn smartphone_data_entry() -> Resident {
        let mut r = fixtures::resident("r1", &[("data.entry", Level::Beginner, false)]);
        r.devices = Devices::SmartphoneOnly;
        r
    }

    #[test]
    fn jobs_left_out_by_a_hard_rule_are_counted_by_rule() {
        let me = smartphone_data_entry();
        let mut pc = fixtures::job("pc1", &[("data.entry", Level::Beginner)]);
        pc.needs_pc = true;
        let mut pc2 = pc.clone();
        pc2.id = JobId::from("pc2");
        let open = fixtures::job("ok1", &[("data.entry", Level::Beginner)]);
        let mut long = fixtures::job("long", &[("data.entry", Level::Beginner)]);
        long.min_hours_per_person = 60;
        long.hours_per_week = 60;
        let groups = excluded_jobs(&me, &[pc, open, pc2, long]);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].rule, "needs_pc");
        assert_eq!(groups[0].jobs, [JobId::from("pc1"), JobId::from("pc2")]);
        assert_eq!(
            groups[0].reason.ja,
            "パソコンが必要な仕事（スマートフォンだけでは応募できません）"
        );
        assert_eq!(groups[1].rule, "hours");
        assert!(
            groups[1]
                .reason
                .ja
                .contains(&format!("週{}時間", me.hours_per_week))
        );
    }

    #[test]
    fn on_site_work_for_someone_living_elsewhere_is_its_own_group() {
        let mut me = smartphone_data_entry();
        me.residency = Residency::Related;
        me.municipality_id = None;
        let mut on_site = fixtures::job("site", &[]);
        on_site.place = WorkPlace::OnSite {
            municipality: MunicipalityId::from("m1"),
        };
        let groups = excluded_jobs(&me, &[on_site]);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].rule, "on_site");
    }

    #[test]
    fn a_skill_below_the_level_asked_is_a_gap_not_a_fit() {
        let me = smartphone_data_entry();
        let job = fixtures::job(
            "j",
            &[
                ("data.entry", Level::Beginner),
                ("sns.post", Level::Experienced),
            ],
        );
        let s = score(&job, &me, &|t: &crate::model::TaskKindId| {
            Localized::new(t.as_str(), t.as_str())
        });
        let gaps: Vec<_> = s.reasons.iter().filter(|r| r.gap).collect();
        let fits: Vec<_> = s.reasons.iter().filter(|r| r.fits()).collect();
        assert!(
            gaps.iter()
                .any(|r| r.text.ja.starts_with("sns.post: 未経験")),
            "{gaps:?}"
        );
        assert!(fits.iter().any(|r| r.text.ja.starts_with("data.entry:")));
        assert!(!fits.iter().any(|r| r.gap));
        // The wire form keeps `gap` only where it is true.
        let json = serde_json::to_value(&s).expect("json");
        let first_fit = json["reasons"]
            .as_array()
            .expect("array")
            .iter()
            .find(|r| {
                r["text"]["ja"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("data.entry"))
            })
            .expect("fit");
        assert!(first_fit.get("gap").is_none());
    }

    #[test]
    fn hours_are_worded_one_way() {
        let mut job = fixtures::job("j", &[]);
        job.min_hours_per_person = 4;
        job.hours_per_week = 8;
        let l = hours_label(&job);
        assert_eq!(l.ja, "1人 週4時間から（仕事全体では週8時間）");
        job.min_hours_per_person = 8;
        assert_eq!(hours_label(&job).ja, "週8時間");
        let me = smartphone_data_entry();
        let s = score(&job, &me, &|t: &crate::model::TaskKindId| {
            Localized::new(t.as_str(), t.as_str())
        });
        let hours = s
            .reasons
            .iter()
            .find(|r| r.kind == crate::matching::ReasonKind::Hours)
            .expect("hours");
        assert!(
            hours.text.ja.contains("仕事全体では週8時間"),
            "{}",
            hours.text.ja
        );
        assert!(!hours.text.ja.contains("募集は"));
    }
}

#[test]
fn a_match_says_where_my_engagement_on_its_job_stands_and_no_other_does() {
    let matched = |id: &str| {
        let job = fixtures::job(id, &[]);
        crate::api::JobMatch {
            facts: card_facts(&job, crate::vocabulary::Taxonomy::builtin()),
            job,
            score: crate::matching::Score {
                points: 0,
                reasons: Vec::new(),
            },
            place: None,
            sent: None,
        }
    };
    let mut items = vec![matched("j1"), matched("j2")];
    let interest = Stage::Interest {
        side: Side::Resident,
    };
    let mine = [
        (JobId::from("j1"), interest),
        (JobId::from("j1"), Stage::Cancelled),
        (JobId::from("j3"), Stage::Matched),
    ];
    mark_sent(&mut items, &mine);
    assert_eq!(
        items[0].sent,
        Some(Stage::Interest {
            side: Side::Resident
        })
    );
    assert_eq!(items[1].sent, None, "no engagement on j2");
}

/// The API's entry says what the item says: unread by the same rule (against the device's mark
/// in milliseconds), its day in Japan (a check-in due at midnight in Japan is that day, not the
/// day before in UTC) and its instant as text.
#[test]
fn an_inbox_entry_is_unread_exactly_when_its_item_is() {
    let e = matched_on_day_2();
    let items = inbox(&[e], t(3));
    for opened in [None, Some(t(0)), Some(t(1)), Some(t(2)), Some(t(5))] {
        for item in &items {
            let entry = InboxEntry::of(item.clone(), None);
            assert_eq!(
                entry.is_unread(opened.map(|o| o.timestamp_millis())),
                item.is_unread(opened),
                "{:?} opened {opened:?}",
                item.kind
            );
        }
    }
    let due = InboxItem {
        kind: InboxKind::CheckInDue,
        engagement: EngagementId::from("e1"),
        job: None,
        at: chrono::DateTime::parse_from_rfc3339("2026-04-30T15:00:00Z")
            .expect("instant")
            .to_utc(),
        text: Localized::new("", ""),
    };
    let entry = InboxEntry::of(due.clone(), Some("記帳".into()));
    assert_eq!(entry.day, "2026-05-01", "midnight in Japan");
    assert_eq!(entry.at, "2026-04-30T15:00:00.000Z");
    assert_eq!(entry.job_title.as_deref(), Some("記帳"));
    assert_eq!(entry.appeared_ms, due.appeared_at().timestamp_millis());
}
