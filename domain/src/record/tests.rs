use super::*;
use crate::engagement::Parties;
use crate::matching::fixtures;
use crate::model::{CompanyId, ProgramId, ResidentId, SkillClaim, UserId};

fn names(t: &TaskKindId) -> Localized {
    Localized::new(format!("{t}の名前"), format!("name of {t}"))
}

fn resident() -> Resident {
    let mut r = fixtures::resident("r1", &[]);
    let at = fixtures::t0();
    r.skills = vec![
        SkillClaim {
            task: TaskKindId::from("sns.post"),
            level: Level::Experienced,
            verification: Some(Verification::Hub {
                coordinator: UserId::from("hub"),
                note: "見た".into(),
                at,
            }),
        },
        SkillClaim {
            task: TaskKindId::from("data.entry"),
            level: Level::Beginner,
            verification: None,
        },
        SkillClaim {
            task: TaskKindId::from("accounting.receipts"),
            level: Level::CanTeach,
            verification: Some(Verification::Course {
                program: ProgramId::from("p1"),
                at,
            }),
        },
    ];
    r
}

fn state(stage: Stage) -> EngagementState {
    EngagementState {
        stage,
        parties: Some(Parties {
            job: JobId::from("j1"),
            company: CompanyId::from("c1"),
            resident: ResidentId::from("r1"),
        }),
        ended_at: Some(fixtures::t0()),
        ..EngagementState::default()
    }
}

/// The record `rec1` of `resident()`, issued at `t0` with this finished work.
fn record_with(finished: &[Finished<'_>]) -> SkillRecord {
    build(
        "rec1".into(),
        &resident(),
        &names,
        1,
        finished,
        fixtures::t0(),
    )
}

#[test]
fn only_verified_skills_by_vocabulary_id_and_only_completed_work() {
    let done = state(Stage::Completed);
    let running = state(Stage::Working);
    let (e1, e2) = (EngagementId::from("e1"), EngagementId::from("e2"));
    let finished = [
        Finished {
            id: &e1,
            state: &done,
            title: "投稿代行",
        },
        Finished {
            id: &e2,
            state: &running,
            title: "入力",
        },
    ];
    let r = record_with(&finished);
    let tasks: Vec<_> = r.skills.iter().map(|s| s.task.as_str()).collect();
    assert_eq!(tasks, ["accounting.receipts", "sns.post"]);
    assert_eq!(r.skills[0].verified_by, VerifiedBy::Course);
    assert_eq!(r.skills[1].verified_by, VerifiedBy::Hub);
    assert_eq!(r.finished_work.len(), 1);
    assert_eq!(r.finished_work[0].title, "投稿代行");
}

#[test]
fn the_canonical_form_sorts_keys_and_has_no_whitespace() {
    let r = record_with(&[]);
    let c = canonical(&r);
    assert!(c.starts_with(r#"{"expires_at":"#), "{c}");
    assert!(c.contains(r#","finished_work":[],"holder":"#), "{c}");
    assert!(!c.contains(": ") && !c.contains('\n'));
    let parsed: SkillRecord = serde_json::from_str(&c).expect("parses back");
    assert_eq!(parsed, r);
    assert_eq!(canonical(&parsed), c, "stable through a round trip");
}

#[test]
fn any_change_changes_the_canonical_form() {
    let r = record_with(&[]);
    let mut forged = r.clone();
    forged.skills[0].level = Level::Beginner;
    assert_ne!(canonical(&r), canonical(&forged));
}

#[test]
fn only_the_exact_record_as_signed_is_accepted_for_checking() {
    let r = record_with(&[]);
    let raw = serde_json::to_value(&r).expect("serialises");
    let (typed, text) = canonical_of_received(&raw).expect("the record as issued");
    assert_eq!(typed, r);
    assert_eq!(text, canonical(&r), "the same bytes that were signed");
    // An added field, at the top or inside a skill, is refused, not dropped.
    let mut added = raw.clone();
    added["identity_verified"] = serde_json::Value::Bool(true);
    assert_eq!(canonical_of_received(&added), None);
    let mut inner = raw.clone();
    inner["skills"][0]["extra"] = serde_json::json!(1);
    assert_eq!(canonical_of_received(&inner), None);
    // A removed field, or a field in another form, too.
    let mut removed = raw.clone();
    removed
        .as_object_mut()
        .expect("object")
        .remove("expires_at");
    assert_eq!(canonical_of_received(&removed), None);
    let mut reformatted = raw.clone();
    reformatted["region"] = serde_json::json!({ "id": "midori" });
    assert_eq!(canonical_of_received(&reformatted), None);
}

#[test]
fn a_record_expires_and_a_revoked_one_is_not_valid() {
    let r = record_with(&[]);
    assert_eq!(
        r.expires_at,
        r.issued_at + chrono::TimeDelta::days(VALID_DAYS)
    );
    let now = fixtures::t0() + chrono::TimeDelta::days(10);
    assert!(RecordCheck::of(true, &r, false, now).valid);
    assert!(!RecordCheck::of(false, &r, false, now).valid);
    let revoked = RecordCheck::of(true, &r, true, now);
    assert!(!revoked.valid && revoked.revoked && revoked.signature_ok);
    let late = RecordCheck::of(true, &r, false, r.expires_at);
    assert!(!late.valid && late.expired);
}

#[test]
fn the_page_reads_what_it_shows_of_a_served_record_with_the_days_of_its_instants() {
    let done = state(Stage::Completed);
    let e1 = EngagementId::from("e1");
    let finished = [Finished {
        id: &e1,
        state: &done,
        title: "投稿代行",
    }];
    let r = record_with(&finished);
    // As `GET /me/record` serves it: the record, its signature, no revocation.
    let served = serde_json::json!({
        "record": r,
        "signature": { "algorithm": ALGORITHM, "key_id": "k1", "value": "sig" },
    });
    let shown: Shown = serde_json::from_value(served).expect("shown");
    assert!(shown.revoked.is_none());
    assert_eq!(shown.record.id, "rec1");
    assert_eq!(shown.record.holder, r.holder);
    assert_eq!(shown.record.skills.len(), r.skills.len());
    assert_eq!(shown.record.skills[0].name, r.skills[0].name);
    assert_eq!(shown.record.skills[0].verified_by, r.skills[0].verified_by);
    assert_eq!(shown.record.finished_work[0].title, "投稿代行");
    assert_eq!(
        shown.record.finished_work[0].hours,
        r.finished_work[0].hours
    );
    for (text, at) in [
        (&shown.record.issued_at, r.issued_at),
        (&shown.record.expires_at, r.expires_at),
        (
            &shown.record.finished_work[0].ended_at,
            r.finished_work[0].ended_at,
        ),
    ] {
        assert_eq!(day(text), at.date_naive().to_string());
    }
}
