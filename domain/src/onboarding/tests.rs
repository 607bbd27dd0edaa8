use super::*;
use crate::model::{MunicipalityId, ResidentId};
use crate::validate::test_support::{ctx_fixture, region};
use crate::validate::{ErrorCode, Raw};

fn profile() -> ResidentInput {
    ResidentInput {
        display_name: "山田 花子".into(),
        phone: Raw::default(),
        lives_in: "m1".into(),
        skills: vec![SkillInput {
            task: "sns.post".into(),
            level: "beginner".into(),
        }],
        hours_per_week: "10".into(),
        windows: vec!["weekday_morning".into()],
        devices: "smartphone_only".into(),
        wishes: WishesInput {
            families: vec!["sns".into()],
            min_hourly_yen: "1000".into(),
            team_ok: "true".into(),
        },
    }
}

fn account() -> RegisterInput {
    RegisterInput {
        email: "hanako@example.jp".into(),
        password: Raw("a long password".into()),
        invite_code: Raw::default(),
    }
}

#[test]
fn each_step_reports_only_its_own_fields_with_the_servers_messages() {
    let (tax, reg) = ctx_fixture();
    let ctx = ValidationContext::new(tax, &reg);
    let empty = ResidentInput::default();
    let place = step_errors(Step::Place, &empty, &account(), false, &ctx);
    let fields: Vec<_> = place.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["display_name", "lives_in"]);
    let server = empty.validate(&ctx).expect_err("empty");
    let same = server
        .0
        .iter()
        .find(|e| e.field == "lives_in")
        .expect("lives_in");
    assert_eq!(&place[1], same);
    let time = step_errors(Step::Time, &empty, &account(), false, &ctx);
    assert!(
        time.iter()
            .any(|e| e.field == "windows" && e.code == ErrorCode::Required)
    );
    assert!(time.iter().all(|e| e.field != "display_name"));
}

#[test]
fn a_filled_step_passes_even_when_later_steps_are_empty() {
    let (tax, reg) = ctx_fixture();
    let ctx = ValidationContext::new(tax, &reg);
    let partial = ResidentInput {
        display_name: "花子".into(),
        lives_in: "関係人口".into(),
        ..ResidentInput::default()
    };
    assert!(step_errors(Step::Place, &partial, &account(), false, &ctx).is_empty());
    assert!(step_errors(Step::Skills, &partial, &account(), false, &ctx).is_empty());
    assert!(!step_errors(Step::Devices, &partial, &account(), false, &ctx).is_empty());
}

#[test]
fn nested_fields_belong_to_their_step() {
    let (tax, reg) = ctx_fixture();
    let ctx = ValidationContext::new(tax, &reg);
    let mut bad = profile();
    bad.skills[0].task = "x.unknown".into();
    bad.wishes.min_hourly_yen = "abc".into();
    let skills = step_errors(Step::Skills, &bad, &account(), false, &ctx);
    assert_eq!(skills.len(), 1);
    assert!(skills[0].field.starts_with("skills[0]"));
    let wishes = step_errors(Step::Wishes, &bad, &account(), false, &ctx);
    assert_eq!(wishes[0].field, "wishes.min_hourly_yen");
    assert!(step_errors(Step::Place, &bad, &account(), false, &ctx).is_empty());
}

#[test]
fn the_account_step_uses_the_registration_validator() {
    let (tax, reg) = ctx_fixture();
    let ctx = ValidationContext::new(tax, &reg);
    let weak = RegisterInput {
        password: Raw("short".into()),
        ..account()
    };
    let errors = step_errors(Step::Account, &profile(), &weak, false, &ctx);
    assert!(
        errors
            .iter()
            .any(|e| e.field == "password" && e.code == ErrorCode::PasswordTooShort)
    );
    assert!(step_errors(Step::Account, &profile(), &account(), false, &ctx).is_empty());
}

#[test]
fn steps_go_forward_and_back_in_order() {
    assert_eq!(Step::Place.next(), Some(Step::Skills));
    assert_eq!(Step::Account.next(), None);
    assert_eq!(Step::Place.previous(), None);
    assert_eq!(Step::Account.previous(), Some(Step::Wishes));
    assert_eq!(Step::Wishes.index(), 4);
    assert_eq!(Step::of_field("skills[1].level"), Step::Skills);
    assert_eq!(Step::of_field("wishes.team_ok"), Step::Wishes);
    assert_eq!(Step::of_field("password"), Step::Account);
}

#[test]
fn a_saved_profile_round_trips_through_the_form() {
    let (tax, reg) = ctx_fixture();
    let ctx = ValidationContext::new(tax, &reg);
    let valid = profile().validate(&ctx).expect("valid");
    let resident = valid.clone().into_resident(
        ResidentId::from("r1"),
        &region(),
        chrono::DateTime::UNIX_EPOCH,
    );
    let again = input_of(&SavedProfile::from(&resident))
        .validate(&ctx)
        .expect("valid again");
    assert_eq!(again, valid);
    assert_eq!(resident.municipality_id, Some(MunicipalityId::from("m1")));
    // The page reads the served profile as `SavedProfile`: the same as taken from the resident,
    // with a verified skill and without the optional phone.
    let mut served = resident.clone();
    served.phone = None;
    served.skills[0].verification = Some(crate::model::Verification::Course {
        program: crate::model::ProgramId::from("p1"),
        at: chrono::DateTime::UNIX_EPOCH,
    });
    let json = serde_json::to_string(&served).expect("json");
    let read: SavedProfile = serde_json::from_str(&json).expect("saved profile");
    assert_eq!(read, SavedProfile::from(&served));
    assert_eq!(read.phone, None);
}

#[test]
fn a_first_try_registers_then_writes_the_profile() {
    let mut s = Submission::new("k1".into(), account(), profile());
    s.advance(Answer::Ok);
    assert_eq!(s.stage, Stage::Profile);
    s.advance(Answer::Ok);
    assert_eq!(s.stage, Stage::Done);
    assert!(!s.is_pending());
    s.forget_password();
    assert!(s.account.password.is_blank());
}

#[test]
fn a_registration_whose_answer_was_lost_continues_by_logging_in() {
    let mut s = Submission::new("k1".into(), account(), profile());
    s.advance(Answer::NoAnswer);
    assert_eq!((s.stage, s.failures), (Stage::Register, 1));
    // The request had reached the server: the retry finds the account.
    s.advance(Answer::AlreadyRegistered);
    assert_eq!(s.stage, Stage::Login);
    assert_eq!(s.login().login, account().email);
    s.advance(Answer::Ok);
    s.advance(Answer::NoAnswer);
    assert_eq!(s.stage, Stage::Profile);
    s.advance(Answer::Ok);
    assert_eq!(s.stage, Stage::Done);
}

#[test]
fn someone_elses_account_or_a_refusal_needs_the_person() {
    let mut s = Submission::new("k1".into(), account(), profile());
    s.advance(Answer::AlreadyRegistered);
    s.advance(Answer::Refused);
    assert_eq!(s.stage, Stage::NeedsFixing);
    let mut p = Submission::new("k2".into(), account(), profile());
    p.advance(Answer::Ok);
    p.advance(Answer::Refused);
    assert_eq!(p.stage, Stage::NeedsFixing);
}

#[test]
fn invite_registrations_log_in_with_the_code() {
    let s = Submission::new(
        "k".into(),
        RegisterInput {
            email: Raw::default(),
            password: Raw("a long password".into()),
            invite_code: "ASO-2026-XY".into(),
        },
        profile(),
    );
    assert_eq!(s.login().login, Raw::from("ASO-2026-XY"));
}

#[test]
fn answers_are_classified_by_status_and_code() {
    assert_eq!(Answer::of(None, None), Answer::NoAnswer);
    assert_eq!(Answer::of(Some(201), None), Answer::Ok);
    assert_eq!(
        Answer::of(Some(409), Some("email_taken")),
        Answer::AlreadyRegistered
    );
    assert_eq!(Answer::of(Some(503), Some("kv")), Answer::NoAnswer);
    assert_eq!(
        Answer::of(Some(422), Some("validation_failed")),
        Answer::Refused
    );
    assert_eq!(
        Answer::of(Some(401), Some("unauthenticated")),
        Answer::Refused
    );
}

#[test]
fn backoff_doubles_up_to_a_minute() {
    let mut s = Submission::new("k".into(), account(), profile());
    let waits: Vec<_> = (0..8)
        .map(|_| {
            s.advance(Answer::NoAnswer);
            s.backoff_ms()
        })
        .collect();
    assert_eq!(
        waits,
        [2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]
    );
}

#[test]
fn a_submission_survives_a_round_trip_through_storage() {
    let mut s = Submission::new("k".into(), account(), profile());
    s.advance(Answer::Ok);
    let json = serde_json::to_string(&s).expect("serialise");
    let back: Submission = serde_json::from_str(&json).expect("parse");
    assert_eq!(back, s);
}

#[test]
fn an_empty_invite_code_is_asked_for_on_its_own_field() {
    let (tax, reg) = ctx_fixture();
    let ctx = ValidationContext::new(tax, &reg);
    let invited = RegisterInput {
        email: Raw::default(),
        invite_code: Raw::default(),
        ..account()
    };
    let errors = step_errors(Step::Account, &profile(), &invited, true, &ctx);
    assert_eq!(errors[0].field, "invite_code");
    assert!(errors[0].message.ja.contains("招待コード"));
    assert!(errors.iter().all(|e| e.field != "email"));
    // With the email path chosen, the same empty form asks for the email.
    let errors = step_errors(Step::Account, &profile(), &invited, false, &ctx);
    assert!(errors.iter().any(|e| e.field == "email"));
}

#[test]
fn a_taken_email_whose_login_fails_asks_the_person_to_log_in() {
    let mut s = Submission::new("k1".into(), account(), profile());
    s.advance(Answer::AlreadyRegistered);
    assert!(!s.is_taken_by_another());
    s.advance(Answer::Refused);
    assert!(s.is_taken_by_another());
    assert!(email_taken_message().ja.contains("ログインしてください"));
    let mut p = Submission::new("k2".into(), account(), profile());
    p.advance(Answer::Refused);
    assert!(
        !p.is_taken_by_another(),
        "a plain refusal is not a taken email"
    );
}

#[test]
fn a_new_password_replaces_the_queued_one_until_the_account_exists() {
    let mut s = Submission::new("k1".into(), account(), profile());
    assert!(s.replace_password("another long password"));
    assert_eq!(s.account.password, Raw("another long password".into()));
    assert_eq!(s.login().password, Raw("another long password".into()));
    s.advance(Answer::Ok);
    assert_eq!(s.stage, Stage::Profile);
    s.forget_password();
    assert!(
        s.account.password.is_blank(),
        "gone once the account exists"
    );
    assert!(!s.replace_password("third password here"));
    assert!(s.account.password.is_blank());
}

#[test]
fn a_wished_pay_below_the_minimum_wage_gets_guidance() {
    let on = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    // 43 = 熊本県.
    let min = crate::pay::minimum_wage(43, on).expect("min").yen;
    let low = wish_pay_guidance("500", 43, on).expect("below");
    assert!(
        low.ja.contains("最低賃金") && low.ja.contains(&min.to_string()),
        "{}",
        low.ja
    );
    assert!(low.en.contains("minimum wage"));
    assert_eq!(wish_pay_guidance(&min.to_string(), 43, on), None);
    assert_eq!(wish_pay_guidance("", 43, on), None);
    assert!(
        wish_pay_guidance("５００", 43, on).is_some(),
        "full-width digits read too"
    );
}

#[test]
fn every_part_of_the_day_has_clock_hours_in_order() {
    let parts = [
        DayPart::Morning,
        DayPart::Daytime,
        DayPart::Evening,
        DayPart::Night,
    ];
    for w in parts.windows(2) {
        assert_eq!(clock_hours(w[0]).1, clock_hours(w[1]).0);
    }
    assert!(parts.iter().all(|p| clock_hours(*p).0 < clock_hours(*p).1));
}
