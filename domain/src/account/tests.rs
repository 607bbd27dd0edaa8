use chrono::TimeZone;

use super::*;
use crate::model::Municipality;

fn t(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 1, 9, 0, 0)
        .single()
        .expect("valid time")
        + Duration::minutes(min)
}

fn midori() -> Region {
    Region {
        id: RegionId::from("midori"),
        name: Localized::new("みどり圏域", "Midori"),
        prefecture: 20,
        municipalities: vec![
            Municipality {
                id: MunicipalityId::from("aoba"),
                name: Localized::new("青葉町", "Aoba"),
            },
            Municipality {
                id: MunicipalityId::from("kawabe"),
                name: Localized::new("川辺村", "Kawabe"),
            },
        ],
    }
}

#[test]
fn four_failures_never_lock() {
    let th = LoginThrottle::DEFAULT;
    let f = [t(0), t(1), t(2), t(3)];
    assert_eq!(th.locked_until(&f, t(4)), None);
}

#[test]
fn five_failures_within_the_window_lock_for_fifteen_minutes() {
    let th = LoginThrottle::DEFAULT;
    let f = [t(3), t(0), t(1), t(2), t(4)];
    assert_eq!(th.locked_until(&f, t(5)), Some(t(19)));
    assert_eq!(th.retry_after_secs(&f, t(5)), Some(14 * 60));
    assert_eq!(
        th.retry_after_secs(&f, t(19) - Duration::milliseconds(1)),
        Some(1)
    );
    assert_eq!(th.locked_until(&f, t(19)), None);
}

#[test]
fn failures_spread_wider_than_the_window_do_not_lock() {
    let th = LoginThrottle::DEFAULT;
    let f = [t(0), t(4), t(8), t(12), t(16)];
    assert_eq!(th.locked_until(&f, t(17)), None);
    // One more close to the last four does.
    let g = [t(0), t(4), t(8), t(12), t(16), t(17)];
    assert_eq!(th.locked_until(&g, t(17)), Some(t(32)));
}

#[test]
fn future_failures_are_ignored_and_memory_covers_window_and_lockout() {
    let th = LoginThrottle::DEFAULT;
    let f = [t(10), t(11), t(12), t(13), t(14)];
    assert_eq!(th.locked_until(&f, t(0)), None);
    assert_eq!(th.memory(), Duration::minutes(30));
}

#[test]
fn role_rules_name_their_own_region_municipality_and_company() {
    let midori = RegionId::from("midori");
    let other = RegionId::from("other");
    let hub = Role::Hub {
        region: midori.clone(),
    };
    assert!(hub.is_hub_of(&midori) && !hub.is_hub_of(&other));
    assert!(!Role::Admin.is_hub_of(&midori));
    let staff = Role::MunicipalityStaff {
        municipality: MunicipalityId::from("aoba"),
    };
    assert!(staff.is_staff_of(&MunicipalityId::from("aoba")));
    assert!(!staff.is_staff_of(&MunicipalityId::from("kawabe")));
    let member = Role::CompanyMember {
        company: CompanyId::from("c1"),
    };
    assert!(member.is_member_of(&CompanyId::from("c1")) && !member.is_member_of(&"c2".into()));
    assert_eq!(member.kind(), RoleKind::CompanyMember);
}

#[test]
fn who_may_invite_whom() {
    let midori = RegionId::from("midori");
    let other = RegionId::from("other");
    let hub = Role::Hub {
        region: midori.clone(),
    };
    let aoba = Role::MunicipalityStaff {
        municipality: "aoba".into(),
    };
    let kawabe = Role::MunicipalityStaff {
        municipality: "kawabe".into(),
    };
    let company = Role::CompanyMember {
        company: "c1".into(),
    };
    // Hub: residents, companies, staff of its region; never other hubs or admins.
    assert!(may_issue_invite(&hub, &midori, &Role::Resident, &midori));
    assert!(may_issue_invite(&hub, &midori, &company, &midori));
    assert!(may_issue_invite(&hub, &midori, &kawabe, &midori));
    assert!(!may_issue_invite(&hub, &midori, &Role::Resident, &other));
    assert!(!may_issue_invite(&hub, &midori, &hub, &midori));
    assert!(!may_issue_invite(&hub, &midori, &Role::Admin, &midori));
    // Staff: residents and colleagues of their own municipality, in their region.
    assert!(may_issue_invite(&aoba, &midori, &Role::Resident, &midori));
    assert!(may_issue_invite(&aoba, &midori, &aoba, &midori));
    assert!(!may_issue_invite(&aoba, &midori, &kawabe, &midori));
    assert!(!may_issue_invite(&aoba, &midori, &company, &midori));
    assert!(!may_issue_invite(&aoba, &midori, &Role::Resident, &other));
    // Residents and companies: never.
    for r in [Role::Resident, company.clone()] {
        assert!(!may_issue_any_invite(&r));
        assert!(!may_issue_invite(&r, &midori, &Role::Resident, &midori));
    }
    assert!(may_issue_invite(&Role::Admin, &other, &hub, &midori));
}

#[test]
fn roles_serialize_tagged() {
    let r = Role::Hub {
        region: "midori".into(),
    };
    let json = serde_json::to_value(&r).expect("json");
    assert_eq!(json, serde_json::json!({"kind": "hub", "region": "midori"}));
    let back: Role = serde_json::from_value(json).expect("back");
    assert_eq!(back, r);
    assert_eq!(
        serde_json::to_value(Role::Resident).expect("json"),
        serde_json::json!({"kind": "resident"})
    );
}

#[test]
fn account_view_has_no_password_and_hash_debug_is_redacted() {
    let account = Account {
        id: "u1".into(),
        email: Some("a@b.jp".to_owned()),
        role: Role::Resident,
        region: "midori".into(),
        created_at: t(0),
        password: PasswordHash {
            algorithm: PBKDF2_SHA256.to_owned(),
            iterations: 100_000,
            salt_hex: "00".repeat(16),
            hash_hex: "ab".repeat(32),
        },
    };
    let view = serde_json::to_string(&AccountView::from(&account)).expect("json");
    assert!(!view.contains("password") && !view.contains("abab"));
    assert!(!format!("{account:?}").contains("abab"));
}

#[test]
fn sessions_expire_after_thirty_days() {
    let account = Account {
        id: "u1".into(),
        email: None,
        role: Role::Resident,
        region: "midori".into(),
        created_at: t(0),
        password: PasswordHash {
            algorithm: PBKDF2_SHA256.to_owned(),
            iterations: 1,
            salt_hex: String::new(),
            hash_hex: String::new(),
        },
    };
    let s = SessionRecord::new(&account, t(0));
    assert!(s.is_live(t(0)));
    assert!(s.is_live(t(0) + Duration::days(30) - Duration::seconds(1)));
    assert!(!s.is_live(t(0) + Duration::days(30)));
}

fn invite(max_uses: u32) -> Invite {
    Invite {
        code: "abcd-efgh-jkmn".to_owned(),
        role: Role::Resident,
        region: "midori".into(),
        program: None,
        issued_by: "u-hub".into(),
        issued_at: t(0),
        expires_at: t(60),
        max_uses,
        label: None,
    }
}

#[test]
fn invites_expire_get_used_up_and_personal_ones_need_no_email() {
    let i = invite(2);
    assert_eq!(i.check_redeemable(0, true, t(1)), Ok(()));
    assert_eq!(i.check_redeemable(1, true, t(1)), Ok(()));
    assert_eq!(
        i.check_redeemable(2, true, t(1)),
        Err(InviteProblem::UsedUp)
    );
    assert_eq!(
        i.check_redeemable(0, true, t(60)),
        Err(InviteProblem::Expired)
    );
    assert_eq!(
        i.check_redeemable(0, false, t(1)),
        Err(InviteProblem::NeedsEmail)
    );
    assert_eq!(invite(1).check_redeemable(0, false, t(1)), Ok(()));
    assert_eq!(i.uses_left(5), 0);
    let e = InviteProblem::UsedUp.field_error();
    assert_eq!(e.field, "invite_code");
    assert_eq!(unknown_invite_error(), InviteProblem::Expired.field_error());
}

#[test]
fn invite_input_validates_role_and_its_target() {
    let region = midori();
    let v = InviteInput {
        role: "resident".into(),
        ..Default::default()
    }
    .validate(&region)
    .expect("valid");
    assert_eq!(
        (v.role, v.max_uses, v.expires_in_days),
        (Role::Resident, 1, 14)
    );
    let v = InviteInput {
        role: "municipality_staff".into(),
        municipality: "kawabe".into(),
        max_uses: "３".into(),
        expires_in_days: "30".into(),
        program: "course-1".into(),
        ..Default::default()
    }
    .validate(&region)
    .expect("valid");
    assert_eq!(
        v.role,
        Role::MunicipalityStaff {
            municipality: "kawabe".into()
        }
    );
    assert_eq!((v.max_uses, v.expires_in_days), (3, 30));
    assert_eq!(v.program, Some(ProgramId::from("course-1")));

    let e = InviteInput {
        role: "municipality_staff".into(),
        municipality: "elsewhere".into(),
        max_uses: "0".into(),
        expires_in_days: "many".into(),
        ..Default::default()
    }
    .validate(&region)
    .expect_err("invalid");
    assert!(e.has("municipality", ErrorCode::UnknownMunicipality));
    assert!(e.has("max_uses", ErrorCode::OutOfRange));
    assert!(e.has("expires_in_days", ErrorCode::NotANumber));
    let e = InviteInput {
        role: "admin".into(),
        ..Default::default()
    }
    .validate(&region)
    .expect_err("admin cannot be invited");
    assert!(e.has("role", ErrorCode::InvalidChoice));
    let e = InviteInput {
        role: "company_member".into(),
        company: "a:b".into(),
        ..Default::default()
    }
    .validate(&region)
    .expect_err("bad id");
    assert!(e.has("company", ErrorCode::InvalidId));
    let e = InviteInput::default().validate(&region).expect_err("empty");
    assert!(e.has("role", ErrorCode::Required));
}

#[test]
fn an_invite_label_is_optional_trimmed_and_at_most_60_chars() {
    let region = midori();
    let with = |label: &str| {
        InviteInput {
            role: "resident".into(),
            label: label.into(),
            ..Default::default()
        }
        .validate(&region)
    };
    let v = with("　3月 SNS講座　説明会 ").expect("valid");
    assert_eq!(
        v.label.as_deref(),
        Some("3月 SNS講座 説明会"),
        "trimmed, spaces folded"
    );
    assert_eq!(with("  ").expect("blank is fine").label, None);
    assert_eq!(with("").expect("none is fine").label, None);
    let sixty = "あ".repeat(MAX_INVITE_LABEL);
    assert_eq!(with(&sixty).expect("60 fit").label, Some(sixty));

    let e = with(&"あ".repeat(61)).expect_err("too long");
    assert!(e.has("label", ErrorCode::TooLong));
    let m = &e.0[0].message;
    assert_eq!(
        m.ja,
        "「ラベル」は60文字以内にしてください（いまは61文字です）。"
    );
    assert_eq!(m.en, "The label can be at most 60 characters (it has 61).");
    let e = with("説明会\u{202e}gpj.exe").expect_err("direction override");
    assert!(e.has("label", ErrorCode::InvalidCharacters));
    assert!(e.0[0].message.ja.contains("使えない文字"));
    // The label's error comes with the others, not instead of them.
    let e = InviteInput {
        role: "resident".into(),
        max_uses: "0".into(),
        label: "x".repeat(70).as_str().into(),
        ..Default::default()
    }
    .validate(&region)
    .expect_err("two problems");
    assert!(e.has("label", ErrorCode::TooLong) && e.has("max_uses", ErrorCode::OutOfRange));
    // The label travels to the invite.
    let invite = with("説明会").expect("valid").into_invite(
        "abcd".to_owned(),
        "midori".into(),
        "u-hub".into(),
        t(0),
    );
    assert_eq!(invite.label.as_deref(), Some("説明会"));
}

#[test]
fn an_invite_stored_before_labels_reads_without_one() {
    let mut old = serde_json::to_value(invite(1)).expect("json");
    old.as_object_mut().expect("object").remove("label");
    let read: Invite = serde_json::from_value(old).expect("reads");
    assert_eq!(read.label, None);
}

#[test]
fn codes_and_ids_are_key_safe() {
    let code = invite_code_from(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]);
    assert_eq!(code.len(), 14);
    assert_eq!(code.matches('-').count(), 2);
    assert!(
        code.chars()
            .all(|c| c == '-' || INVITE_ALPHABET.contains(&(c as u8)))
    );
    let id = opaque_id("u", &[0xff; 16]);
    assert_eq!(id.len(), 1 + 26);
    assert!(crate::validate::validate_id(&id).is_ok());
    assert_eq!(opaque_id("", &[0]), "aa");
    assert_eq!(opaque_id("", b"f"), "my");
}

#[test]
fn the_apps_brief_reads_every_role_from_the_account_views_json() {
    let roles = [
        Role::Resident,
        Role::CompanyMember {
            company: CompanyId("c-1".into()),
        },
        Role::MunicipalityStaff {
            municipality: MunicipalityId("m-1".into()),
        },
        Role::Hub {
            region: RegionId("midori".into()),
        },
        Role::Admin,
    ];
    for role in roles {
        let view = AccountView {
            id: UserId("u-1".into()),
            email: Some("a@example.jp".into()),
            role: role.clone(),
            region: RegionId("midori".into()),
            created_at: chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("time"),
        };
        let json = serde_json::to_string(&view).expect("json");
        let brief: AccountBrief = serde_json::from_str(&json).expect("brief");
        assert_eq!(brief.role.role(), Some(role));
        assert_eq!(brief.id, view.id);
    }
    let missing: RoleBrief = serde_json::from_str(r#"{"kind":"hub"}"#).expect("brief");
    assert_eq!(
        missing.role(),
        None,
        "a hub without its region is not a role"
    );
}

#[test]
fn a_forgotten_id_is_marked_and_never_an_account_id() {
    let id = forgotten_id(&[7; 12]);
    assert!(is_forgotten_id(&id));
    assert!(crate::validate::is_opaque_id(&id));
    assert!(!is_forgotten_id(&opaque_id("u", &[7; 16])));
    assert!(!is_forgotten_id("res-0000017"));
    assert_ne!(forgotten_id(&[1; 12]), forgotten_id(&[2; 12]));
}
